/*
 * Allocators that abort on exhaustion, the per-request bump arena and
 * HL_BUG.  Dying here is what lets every other module skip NULL checks;
 * the arena is what lets a request free all it made in one call.  Where the
 * log line goes is log.c's business.
 */
#include "mem.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

/* Every arena pointer is aligned for any scalar type, SSE included. */
#define HL_MEM_ALIGN 16
/* Usable bytes of an ordinary block: most requests fit in one or two. */
#define HL_MEM_BLOCK_LEN 4096
/*
 * Requests above this get a block of their own, so a block never wastes
 * more than a quarter of itself when the next request does not fit.
 */
#define HL_MEM_BIG_LEN (HL_MEM_BLOCK_LEN / 4)

struct hl_arena_block {
	struct hl_arena_block *next;
	size_t used;
	size_t cap;
	_Alignas(HL_MEM_ALIGN) unsigned char data[];
};

/* data[] is only as aligned as the block that malloc() hands back. */
_Static_assert(_Alignof(max_align_t) >= HL_MEM_ALIGN,
    "malloc() must return 16-byte aligned memory");

static void oom(size_t n) __attribute__((noreturn));

static void
oom(size_t n)
{
	hl_log_write(HL_LOG_ERR, "out of memory (%zu bytes)", n);
	abort();
}

/* malloc(0) may return NULL, which would read as exhaustion: ask for 1. */
void *
hl_xmalloc(size_t n)
{
	void *p;

	if (n == 0)
		n = 1;
	p = malloc(n);
	if (p == NULL)
		oom(n);
	return p;
}

void *
hl_xcalloc(size_t nmemb, size_t size)
{
	void *p;

	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	/* calloc() itself checks nmemb * size for overflow and fails. */
	p = calloc(nmemb, size);
	if (p == NULL)
		oom(size > SIZE_MAX / nmemb ? SIZE_MAX : nmemb * size);
	return p;
}

/* realloc(p, 0) may free p and return NULL: never ask for 0. */
void *
hl_xrealloc(void *p, size_t n)
{
	void *q;

	if (n == 0)
		n = 1;
	q = realloc(p, n);
	if (q == NULL)
		oom(n);
	return q;
}

char *
hl_xstrdup(const char *s)
{
	return hl_xstrndup(s, SIZE_MAX);
}

/* Like strndup(): stops at a NUL, so n may exceed a C string's length. */
char *
hl_xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = hl_xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

/* calloc() is what makes arena memory zero-filled: blocks are never
 * reused, a released arena starts again from fresh blocks. */
static struct hl_arena_block *
block_new(size_t cap)
{
	struct hl_arena_block *b;

	if (cap > SIZE_MAX - sizeof(*b))
		oom(cap);
	b = calloc(1, sizeof(*b) + cap);
	if (b == NULL)
		oom(sizeof(*b) + cap);
	b->cap = cap;
	return b;
}

void *
hl_arena_alloc(struct hl_arena *a, size_t n)
{
	struct hl_arena_block *b = a->head;
	size_t need;

	if (n > SIZE_MAX - sizeof(*b) - HL_MEM_ALIGN)
		oom(n);
	need = (n + HL_MEM_ALIGN - 1) & ~(size_t)(HL_MEM_ALIGN - 1);
	/* Zero bytes still get a pointer of their own. */
	if (need == 0)
		need = HL_MEM_ALIGN;
	if (b != NULL && b->cap - b->used >= need) {
		b->used += need;
		return b->data + b->used - need;
	}
	if (need > HL_MEM_BIG_LEN) {
		b = block_new(need);
		b->used = need;
		/* Behind the head, whose free space stays in use. */
		if (a->head != NULL) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			a->head = b;
		}
		return b->data;
	}
	b = block_new(HL_MEM_BLOCK_LEN);
	b->used = need;
	b->next = a->head;
	a->head = b;
	return b->data;
}

char *
hl_arena_strndup(struct hl_arena *a, const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = hl_arena_alloc(a, len + 1);

	/* The arena zero-fills, so the terminating NUL is already there. */
	memcpy(p, s, len);
	return p;
}

char *
hl_arena_strdup(struct hl_arena *a, const char *s)
{
	return hl_arena_strndup(a, s, SIZE_MAX);
}

char *
hl_arena_printf(struct hl_arena *a, const char *fmt, ...)
{
	va_list ap;
	char *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		HL_BUG("arena: vsnprintf failed");
	p = hl_arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void
hl_arena_release(struct hl_arena *a)
{
	struct hl_arena_block *b = a->head;
	struct hl_arena_block *next;

	while (b != NULL) {
		next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
}

void
hl_mem_bug(const char *file, int line, const char *msg)
{
	hl_log_write(HL_LOG_ERR, "bug: %s:%d: %s", file, line, msg);
	abort();
}
