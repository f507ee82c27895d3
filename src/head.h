/*
 * The request head as it arrives on the wire: request line, header
 * fields, framing (Content-Length, Transfer-Encoding, Host), checked byte
 * by byte against RFC 9112 and our limits before libmicrohttpd parses
 * it.  Pure: no sockets, no allocation.  Whatever is refused here is
 * refused with a status and a stable code the caller writes as the JSON
 * error body.  The field rules are also applied to heads libmicrohttpd
 * parsed itself (later requests of a kept-alive connection), so that both
 * paths refuse the same things.
 */
#ifndef HL_HEAD_H
#define HL_HEAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Limits of one head; 0 is not "unlimited" but zero. */
struct hl_head_limits {
	size_t max_target_len; /* request target: 414 past it */
	size_t max_fields_len; /* the header section: 431 past it */
	size_t max_fields;     /* header lines: 431 past it */
	size_t max_args;       /* query parameters: 414 past it */
	size_t max_cookies;    /* cookie pairs, all Cookie fields: 431 */
};

/* The most bytes a head within lim can take, request line included. */
size_t hl_head_max_len(const struct hl_head_limits *lim);

enum hl_head_verdict {
	HL_HEAD_MORE = 0, /* fine so far, not complete */
	HL_HEAD_OK,       /* a whole head, within every rule */
	HL_HEAD_BAD,      /* refused: status, code and msg say why */
};

/* What the header fields said, gathered field by field. */
struct hl_head_fields {
	size_t n;         /* fields seen */
	size_t len;       /* bytes of the header section */
	size_t n_cookies; /* cookie pairs */
	int n_host;       /* Host fields */
	int n_length;     /* Content-Length fields */
	int n_te;         /* Transfer-Encoding fields */
	bool te_chunked;  /* the one Transfer-Encoding is "chunked" */
	uint64_t content_length;
};

/* A head, or why it was refused.  Strings are static. */
struct hl_head {
	int status;       /* HL_HEAD_BAD: 400, 408, 411, 414, 431, 501, 505 */
	const char *code; /* HL_HEAD_BAD: "bad_request", ... */
	const char *msg;  /* HL_HEAD_BAD: for people, in Chinese */
	size_t len;       /* HL_HEAD_OK: bytes up to the empty line's end */
	char method[16];  /* as soon as the request line is complete */
	bool http11;      /* HTTP/1.1 (else 1.0) */
	struct hl_head_fields f;
};

/*
 * Look at p[0..len), the first bytes a client sent.  MORE while nothing
 * is wrong and the head is incomplete (a refusal is reported as soon as
 * the offending byte is in, not when the head ends), OK with out->len and
 * the framing in out->f, or BAD with out's status, code and msg.  The
 * rules: CRLF line ends only (a bare CR or LF, a NUL or any other control
 * character in the head is 400); a method token from GET HEAD POST PUT
 * PATCH DELETE OPTIONS (other tokens 501); an origin-form target
 * (hl_head_target()); HTTP/1.0 or HTTP/1.1 (another version 505); header
 * fields as hl_head_field() takes them, no obsolete line folding; then
 * hl_head_fields_end().
 */
enum hl_head_verdict hl_head_scan(const char *p, size_t len,
    const struct hl_head_limits *lim, struct hl_head *out);

/* 0 when method (len bytes) is a method we serve, else -1 with out set
 * (400 for a malformed token, 501 for one we do not implement). */
int hl_head_method(const char *method, size_t len, struct hl_head *out);

/*
 * 0 when the request target t[0..len) is acceptable: origin form ("/"
 * then visible bytes; bytes above 0x7f pass, the decoded path is checked
 * as UTF-8 later), valid %XX escapes and none of them %00, at most
 * max_target_len bytes and max_args query parameters.  Else -1 with out
 * set: 414 for the sizes, 400 otherwise.
 */
int hl_head_target(const char *t, size_t len, const struct hl_head_limits *lim,
    struct hl_head *out);

/*
 * Take one header field into f: name (a token) and value (field-content:
 * visible bytes, spaces and tabs, bytes above 0x7f; surrounding spaces
 * are allowed and ignored).  -1 with out set when the field breaks a
 * rule: bad bytes, a second Host or Content-Length, a Content-Length that
 * is not a decimal number (400); too many fields, too many cookie pairs or
 * too long a header section (431).
 */
int hl_head_field(struct hl_head_fields *f, const char *name, size_t name_len,
    const char *value, size_t value_len, const struct hl_head_limits *lim,
    struct hl_head *out);

/*
 * The framing rules once every field is in: Transfer-Encoding with
 * Content-Length 400; Transfer-Encoding "chunked" 411 (bodies must
 * announce their length), any other 501; no Host in HTTP/1.1 400.
 * 0 or -1 with out set.
 */
int hl_head_fields_end(const struct hl_head_fields *f, bool http11,
    struct hl_head *out);

#endif /* HL_HEAD_H */
