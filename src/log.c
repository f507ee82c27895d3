/*
 * Log lines on standard error, one write(2) each.  A line is built on the
 * stack and sent in one piece, so lines from many threads never interleave
 * and logging works even when memory has run out.  Where stderr goes
 * (terminal, journald, a file) is the service manager's business.
 */
#include "log.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "str.h"

/*
 * Set once at startup, before the workers exist, and only read afterwards;
 * that is why a plain global is enough.
 */
enum hl_log_level hl_log_level_now = HL_LOG_INFO;

static const char *const level_names[] = {
	[HL_LOG_ERR] = "err",
	[HL_LOG_WARN] = "warn",
	[HL_LOG_INFO] = "info",
	[HL_LOG_DEBUG] = "debug",
};

/*
 * PIPE_BUF: a write of at most this many bytes to a pipe is atomic, so even
 * under a supervisor that reads stderr through a pipe lines stay whole.
 */
#define HL_LOG_LINE_MAX 4096

void
hl_log_set_level(enum hl_log_level level)
{
	hl_log_level_now = level;
}

int
hl_log_level_parse(const char *s, enum hl_log_level *out)
{
	size_t i;

	if (s == NULL)
		return -1;
	for (i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++) {
		if (strcmp(s, level_names[i]) == 0) {
			*out = (enum hl_log_level)i;
			return 0;
		}
	}
	return -1;
}

/*
 * Writes every byte of iov[0..n).  A short write only happens on a full
 * disk or a signal; then the rest follows in further calls.
 */
static void
write_all(struct iovec *iov, int n)
{
	ssize_t w;

	while (n > 0) {
		w = writev(STDERR_FILENO, iov, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		while (n > 0 && (size_t)w >= iov->iov_len) {
			w -= (ssize_t)iov->iov_len;
			iov++;
			n--;
		}
		if (n > 0) {
			iov->iov_base = (char *)iov->iov_base + w;
			iov->iov_len -= (size_t)w;
		}
	}
}

/* "2026-11-22T08:00:00.123Z info " into line; returns its length. */
static size_t
format_prefix(char *line, size_t size, enum hl_log_level level)
{
	const char *name = "?";
	struct timespec ts;
	struct tm tm;
	int n;

	if ((unsigned)level < sizeof(level_names) / sizeof(level_names[0]))
		name = level_names[level];
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	n = snprintf(line, size, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ %s ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
	    tm.tm_sec, (int)(ts.tv_nsec / 1000000), name);
	return n < 0 ? 0 : (size_t)n;
}

/* errno is kept: callers log a failure first and may look at errno after. */
void
hl_log_write(enum hl_log_level level, const char *fmt, ...)
{
	char line[HL_LOG_LINE_MAX];
	struct iovec iov;
	va_list ap;
	size_t len;
	size_t room;
	size_t i;
	int saved = errno;
	int n;

	len = format_prefix(line, sizeof(line), level);
	/* Keep one byte for the newline. */
	room = sizeof(line) - len - 1;
	va_start(ap, fmt);
	n = vsnprintf(line + len, room, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = snprintf(line + len, room, "(bad log format)");
	if ((size_t)n >= room)
		n = (int)hl_utf8_cut(line + len, room - 1);
	/*
	 * A message may quote a client's input: a newline in it would forge a
	 * line of its own, an ESC would drive the reader's terminal.
	 */
	for (i = len; i < len + (size_t)n; i++) {
		if (((unsigned char)line[i] < 0x20 && line[i] != '\t') ||
		    line[i] == 0x7f)
			line[i] = ' ';
	}
	len += (size_t)n;
	line[len++] = '\n';
	iov.iov_base = line;
	iov.iov_len = len;
	write_all(&iov, 1);
	errno = saved;
}

void
hl_log_raw(const char *line, size_t len)
{
	/* writev() takes a non-const base but only reads through it. */
	struct iovec iov[2] = {
		{ (void *)line, len },
		{ (void *)"\n", 1 },
	};
	int saved = errno;

	write_all(iov, 2);
	errno = saved;
}

uint64_t
hl_log_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}
