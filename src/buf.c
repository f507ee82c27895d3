/*
 * The growable byte buffer (git's strbuf, smaller).  It keeps the content
 * NUL-terminated after every change so that p doubles as a C string; what
 * the bytes mean is the caller's business.
 */
#include "buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

/* Small enough for a header value, big enough to skip the first reallocs. */
#define HL_BUF_MIN_CAP 64

void
hl_buf_grow(struct hl_buf *b, size_t extra)
{
	size_t need;
	size_t cap;

	if (extra > SIZE_MAX - b->len - 1)
		HL_BUG("buf: size overflow");
	need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	/* Doubling keeps appends amortised O(1) for a response of any size. */
	cap = b->cap < HL_BUF_MIN_CAP ? HL_BUF_MIN_CAP : b->cap;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	b->p = hl_xrealloc(b->p, cap);
	b->cap = cap;
	b->p[b->len] = '\0';
}

int
hl_buf_try_reserve(struct hl_buf *b, size_t n)
{
	char *p;

	if (n > SIZE_MAX - b->len - 1)
		return -1;
	if (b->len + n + 1 <= b->cap)
		return 0;
	p = realloc(b->p, b->len + n + 1);
	if (p == NULL)
		return -1;
	b->p = p;
	b->cap = b->len + n + 1;
	b->p[b->len] = '\0';
	return 0;
}

void
hl_buf_append(struct hl_buf *b, const void *p, size_t len)
{
	hl_buf_grow(b, len);
	/* memcpy() with a NULL source is undefined even for 0 bytes. */
	if (len > 0)
		memcpy(b->p + b->len, p, len);
	b->len += len;
	b->p[b->len] = '\0';
}

void
hl_buf_puts(struct hl_buf *b, const char *s)
{
	hl_buf_append(b, s, strlen(s));
}

void
hl_buf_putc(struct hl_buf *b, char c)
{
	hl_buf_grow(b, 1);
	b->p[b->len++] = c;
	b->p[b->len] = '\0';
}

void
hl_buf_printf(struct hl_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	hl_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

/* Format straight into the spare room; only when it does not fit, grow
 * once to the exact size and format again. */
void
hl_buf_vprintf(struct hl_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	char *dst = NULL;
	size_t room = 0;
	int n;

	if (b->cap > b->len) {
		dst = b->p + b->len;
		room = b->cap - b->len;
	}
	va_copy(cp, ap);
	n = vsnprintf(dst, room, fmt, cp);
	va_end(cp);
	/* Only a format our own code got wrong makes vsnprintf() fail. */
	if (n < 0)
		HL_BUG("buf: vsnprintf failed");
	if ((size_t)n >= room) {
		hl_buf_grow(b, (size_t)n);
		va_copy(cp, ap);
		vsnprintf(b->p + b->len, (size_t)n + 1, fmt, cp);
		va_end(cp);
	}
	b->len += (size_t)n;
}

void
hl_buf_reset(struct hl_buf *b)
{
	b->len = 0;
	if (b->p != NULL)
		b->p[0] = '\0';
}

void
hl_buf_cut(struct hl_buf *b, size_t len)
{
	if (b->len > len) {
		b->len = len;
		b->p[len] = '\0';
	}
}

const char *
hl_buf_cstr(const struct hl_buf *b)
{
	return b->p != NULL ? b->p : "";
}

void
hl_buf_release(struct hl_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = 0;
	b->cap = 0;
}

char *
hl_buf_detach(struct hl_buf *b, size_t *len)
{
	char *p = b->p;

	if (p == NULL)
		p = hl_xcalloc(1, 1);
	if (len != NULL)
		*len = b->len;
	b->p = NULL;
	b->len = 0;
	b->cap = 0;
	return p;
}
