/*
 * Log lines on standard error: one line per message, level first.  The
 * access log (one JSON line per request) is written by http.c through
 * hl_log_raw(), buffered: at full speed one write(2) per request would
 * cost as much as the request.  Thread-safe: lines never interleave.
 */
#ifndef HL_LOG_H
#define HL_LOG_H

#include <stddef.h>
#include <stdint.h>

enum hl_log_level {
	HL_LOG_ERR = 0,
	HL_LOG_WARN = 1,
	HL_LOG_INFO = 2,
	HL_LOG_DEBUG = 3,
};

extern enum hl_log_level hl_log_level_now;

void hl_log_set_level(enum hl_log_level level);
/* Parse "err", "warn", "info", "debug"; -1 when unknown. */
int hl_log_level_parse(const char *s, enum hl_log_level *out);

/* Checks the level before the arguments are evaluated. */
#define hl_log(level, ...)                                                     \
	do {                                                                   \
		if ((level) <= hl_log_level_now)                               \
			hl_log_write((level), __VA_ARGS__);                    \
	} while (0)

void hl_log_write(enum hl_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/*
 * Add one already-formatted access line (a newline is added) to the access
 * buffer, which is written out when it holds 64 KiB, when it is a second
 * old (with hl_log_flusher_start() running) and by hl_log_flush().  Lines
 * of hl_log_write() are not buffered: an access line may reach standard
 * error up to a second after the messages logged while it waited.
 */
void hl_log_raw(const char *line, size_t len);

/* Write out what the access buffer holds. */
void hl_log_flush(void);

/* A thread that flushes the access buffer every second, until
 * hl_log_flusher_stop(), which flushes once more (the server's exit). */
void hl_log_flusher_start(void);
void hl_log_flusher_stop(void);

/* Microseconds on a monotonic clock: for durations (the access log's
 * "us", the gap between reconnection attempts), never for dates. */
uint64_t hl_log_now_us(void);

#endif /* HL_LOG_H */
