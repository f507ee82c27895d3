/*
 * Log lines on standard error.  A message is built on the stack and sent
 * in one write(2), so logging works even when memory has run out.  Access
 * lines go to a static 64 KiB buffer written out in one write when full,
 * once a second (a flusher thread) and at exit: one write per request
 * cost more than serving a small file.  One lock orders all writes, so
 * lines from many threads never interleave, whatever stderr is (terminal,
 * journald, a pipe, a file: the service manager's business).
 */
#include "log.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
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

/* The access buffer is written out once it would pass this. */
#define ACCESS_BUF_FLUSH (64 * 1024)

/*
 * Guards the access buffer and every write to stderr: a message written
 * while the buffer goes out must not land inside it.  Held for one
 * write(2) at most.
 */
static pthread_mutex_t write_lock_ = PTHREAD_MUTEX_INITIALIZER;
static char access_buf_[ACCESS_BUF_FLUSH];
static size_t access_len_;

/* The flusher thread; flusher_lock_ guards flusher_stop_. */
static pthread_mutex_t flusher_lock_ = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t flusher_wake_ = PTHREAD_COND_INITIALIZER;
static bool flusher_stop_;
static bool flusher_running_;
static pthread_t flusher_;

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
	pthread_mutex_lock(&write_lock_);
	write_all(&iov, 1);
	pthread_mutex_unlock(&write_lock_);
	errno = saved;
}

/* Write the access buffer out; write_lock_ is held. */
static void
flush_locked(void)
{
	struct iovec iov;

	if (access_len_ == 0)
		return;
	iov.iov_base = access_buf_;
	iov.iov_len = access_len_;
	write_all(&iov, 1);
	access_len_ = 0;
}

void
hl_log_raw(const char *line, size_t len)
{
	int saved = errno;

	/* A line longer than the buffer (never one of ours) goes alone. */
	if (len + 1 > sizeof(access_buf_))
		len = sizeof(access_buf_) - 1;
	pthread_mutex_lock(&write_lock_);
	if (access_len_ + len + 1 > sizeof(access_buf_))
		flush_locked();
	memcpy(access_buf_ + access_len_, line, len);
	access_buf_[access_len_ + len] = '\n';
	access_len_ += len + 1;
	pthread_mutex_unlock(&write_lock_);
	errno = saved;
}

void
hl_log_flush(void)
{
	int saved = errno;

	pthread_mutex_lock(&write_lock_);
	flush_locked();
	pthread_mutex_unlock(&write_lock_);
	errno = saved;
}

static void *
flusher(void *arg)
{
	struct timespec until;

	(void)arg;
	pthread_mutex_lock(&flusher_lock_);
	while (!flusher_stop_) {
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 1;
		pthread_cond_timedwait(&flusher_wake_, &flusher_lock_, &until);
		pthread_mutex_unlock(&flusher_lock_);
		hl_log_flush();
		pthread_mutex_lock(&flusher_lock_);
	}
	pthread_mutex_unlock(&flusher_lock_);
	return NULL;
}

void
hl_log_flusher_start(void)
{
	if (flusher_running_)
		return;
	flusher_stop_ = false;
	if (pthread_create(&flusher_, NULL, flusher, NULL) != 0) {
		/* Without the thread, lines still go out when the buffer
		 * fills and at exit. */
		hl_log(HL_LOG_ERR, "log: cannot start the flusher thread");
		return;
	}
	flusher_running_ = true;
}

void
hl_log_flusher_stop(void)
{
	if (flusher_running_) {
		pthread_mutex_lock(&flusher_lock_);
		flusher_stop_ = true;
		pthread_cond_signal(&flusher_wake_);
		pthread_mutex_unlock(&flusher_lock_);
		pthread_join(flusher_, NULL);
		flusher_running_ = false;
	}
	hl_log_flush();
}

uint64_t
hl_log_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}
