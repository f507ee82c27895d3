/*
 * The one growable byte buffer.  All-zero is empty; the bytes are always
 * NUL-terminated once anything was appended, so p can be used as a C string
 * when the content has no NUL.  Growth aborts on exhaustion (hl_xrealloc).
 */
#ifndef HL_BUF_H
#define HL_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct hl_buf {
	char *p;
	size_t len;
	size_t cap;
};

/* Make room for at least extra more bytes (plus the trailing NUL). */
void hl_buf_grow(struct hl_buf *b, size_t extra);
/*
 * Make room for exactly n more bytes (plus the NUL), failing instead of
 * aborting: for sizes a client chose (a request body), where running out
 * of memory is an answer (503), not a bug.  0, or -1 with b unchanged.
 * Appends that stay within the room never reallocate.
 */
int hl_buf_try_reserve(struct hl_buf *b, size_t n);
void hl_buf_append(struct hl_buf *b, const void *p, size_t len);
void hl_buf_puts(struct hl_buf *b, const char *s);
void hl_buf_putc(struct hl_buf *b, char c);
void hl_buf_printf(struct hl_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void hl_buf_vprintf(struct hl_buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Keep the memory, forget the content (len = 0). */
void hl_buf_reset(struct hl_buf *b);
/* Forget what was appended after the first len bytes (a row that turned
 * out not to fit, say); nothing when b holds no more than len. */
void hl_buf_cut(struct hl_buf *b, size_t len);
/* The content as a C string; "" for an empty buffer.  Borrowed. */
const char *hl_buf_cstr(const struct hl_buf *b);
/* Free the memory; b is empty and reusable after. */
void hl_buf_release(struct hl_buf *b);
/* Hand the bytes (NUL-terminated, never NULL) to the caller, who free()s
 * them; *len gets the length when len is not NULL.  b is empty after. */
char *hl_buf_detach(struct hl_buf *b, size_t *len);

#endif /* HL_BUF_H */
