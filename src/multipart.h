/*
 * multipart/form-data (RFC 7578 over RFC 2046) request bodies, split into
 * their parts.  Pure: no HTTP, no database.  The parts point into the body,
 * which the caller keeps; names and file names are copied into an arena.
 * What a part's bytes are, and whether they are allowed, is not decided here.
 */
#ifndef HL_MULTIPART_H
#define HL_MULTIPART_H

#include <stdbool.h>
#include <stddef.h>

struct hl_arena;
struct hl_err;

/* More parts than this, or a header block longer than this, is refused. */
#define HL_MULTIPART_MAX_PARTS      32
#define HL_MULTIPART_MAX_HEADER_LEN 8192

/* One part of a form. */
struct hl_multipart_part {
	const char *name; /* the form field ("file"); arena, never NULL */
	/*
	 * The file name as the client sent it (filename*=UTF-8''… preferred
	 * over filename="…"), unescaped but not sanitised: it may hold a path,
	 * control characters or bytes that are not UTF-8.  Arena; NULL when
	 * the part is not a file.
	 */
	const char *filename;
	size_t filename_len;
	const char *content_type; /* as sent; arena; NULL when absent */
	const char *data;         /* borrowed from the body */
	size_t len;
};

struct hl_multipart {
	struct hl_multipart_part *parts; /* arena */
	size_t n_parts;
};

/*
 * Split body[0..len) by the boundary of content_type (the request's
 * Content-Type header: multipart/form-data; boundary=…, token or quoted).
 * Each part needs a Content-Disposition: form-data header with a name;
 * header names are case-insensitive, other headers are ignored.  The
 * preamble before the first delimiter and the epilogue after the closing
 * one are ignored, as RFC 2046 says.  Errors (400 bad_request, message in
 * Chinese): no or a bad boundary, no opening or closing delimiter, a part
 * without a blank line after its headers, a header line without a colon or
 * a folded one, a part without form-data disposition or name, more than
 * HL_MULTIPART_MAX_PARTS parts or headers longer than
 * HL_MULTIPART_MAX_HEADER_LEN.  On success *out describes the parts, in
 * order; returns 0 or -1.
 */
int hl_multipart_parse(const char *content_type, const char *body, size_t len,
    struct hl_arena *arena, struct hl_multipart *out, struct hl_err *err);

/* The first part named name, or NULL; *n_same (when not NULL) gets how
 * many parts have that name. */
const struct hl_multipart_part *hl_multipart_find(const struct hl_multipart *m,
    const char *name, size_t *n_same);

#endif /* HL_MULTIPART_H */
