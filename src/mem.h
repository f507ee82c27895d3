/*
 * Memory: the x-allocators that abort on exhaustion, the per-request arena,
 * and HL_BUG for states our own code should make impossible.  Nothing here
 * returns NULL for lack of memory; callers never check.
 */
#ifndef HL_MEM_H
#define HL_MEM_H

#include <stddef.h>

/* Allocate or abort: log "out of memory" and abort() on failure. */
void *hl_xmalloc(size_t n);
void *hl_xcalloc(size_t nmemb, size_t size);
void *hl_xrealloc(void *p, size_t n);
char *hl_xstrdup(const char *s);
char *hl_xstrndup(const char *s, size_t n);

/*
 * A bump allocator for what lives exactly as long as one request (or one
 * command).  All-zero is an empty arena; hl_arena_release() frees every
 * block at once and leaves it empty and reusable.  Not thread-safe: one
 * arena belongs to one request.
 */
struct hl_arena_block;
struct hl_arena {
	struct hl_arena_block *head;
};

/* n bytes aligned for any type, zero-filled.  Never NULL. */
void *hl_arena_alloc(struct hl_arena *a, size_t n);
/* A NUL-terminated copy of s[0..n) in the arena. */
char *hl_arena_strndup(struct hl_arena *a, const char *s, size_t n);
char *hl_arena_strdup(struct hl_arena *a, const char *s);
/* printf into the arena. */
char *hl_arena_printf(struct hl_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void hl_arena_release(struct hl_arena *a);

/* Log file:line and the message at ERR level, then abort().  For bugs only. */
#define HL_BUG(msg) hl_mem_bug(__FILE__, __LINE__, (msg))
void hl_mem_bug(const char *file, int line, const char *msg)
    __attribute__((noreturn));

#endif /* HL_MEM_H */
