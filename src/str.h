/*
 * Borrowed string views, UTF-8 checks and small text helpers.  A struct
 * hl_str does not own its bytes and need not be NUL-terminated.
 */
#ifndef HL_STR_H
#define HL_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hl_str {
	const char *p;
	size_t len;
};

struct hl_str hl_str_from(const char *s);
bool hl_str_eq(struct hl_str s, const char *lit);
/* Case-insensitive ASCII comparison, for header names and tokens. */
bool hl_str_casecmp_eq(struct hl_str s, const char *lit);

/* True when p[0..len) is well-formed UTF-8 (no overlongs, no surrogates,
 * nothing above U+10FFFF). */
bool hl_utf8_valid(const char *p, size_t len);
/* Code points in well-formed UTF-8 text. */
size_t hl_utf8_count(const char *p, size_t len);
/* Code points in the NUL-terminated well-formed UTF-8 string s: what a
 * length limit in characters is checked against. */
size_t hl_utf8_chars(const char *s);

/* True when s is NULL or holds nothing but ASCII white space and U+3000
 * (the full-width space a Chinese input method types). */
bool hl_str_blank(const char *s);
/* True when s is NULL or holds nothing but ' ', '\t', '\r' and '\n': the
 * narrower test that policy, visit and webhook fields have always used
 * (U+3000, '\v' and '\f' count as text there).  New checks want
 * hl_str_blank(). */
bool hl_str_blank_ascii(const char *s);

/* The longest prefix of p[0..len) that does not end inside a UTF-8
 * sequence: where to cut a message that must stay valid UTF-8.  p may go
 * on past len (the cut of a longer text at len bytes) or not. */
size_t hl_utf8_cut(const char *p, size_t len);
/* Bytes of the first max_chars code points of p[0..len) (valid UTF-8):
 * where to cut a text that may hold at most max_chars characters. */
size_t hl_utf8_prefix(const char *p, size_t len, size_t max_chars);

/* The value of exactly n ASCII digits at p (n <= 9), or -1 when one of
 * them is not a digit: for fixed-width fields such as dates. */
int hl_str_digits(const char *p, size_t n);

/* Parse a whole decimal int64 (optional '-', no spaces, no overflow).
 * Returns 0, or -1 when s is not exactly such a number. */
int hl_str_to_i64(struct hl_str s, int64_t *out);
/* Decimal text of v into out (NUL-terminated; 24 bytes hold any int64):
 * how an id or number becomes a text parameter of a query. */
void hl_i64_text(int64_t v, char out[24]);

/* base64url without padding: encode len bytes into out (NUL-terminated;
 * out needs 4 * ((len + 2) / 3) + 1 bytes).  Decode returns the number of
 * bytes written into out (at most cap), or -1 on bad input. */
void hl_b64url_encode(const void *p, size_t len, char *out);
long hl_b64url_decode(const char *s, size_t len, void *out, size_t cap);

/* base64 with "+/" and "=" padding (RFC 4648 section 4), for signatures
 * and keys other systems define that way: encode len bytes into out
 * (NUL-terminated; 4 * ((len + 2) / 3) + 1 bytes).  Decode takes padded
 * text only and returns the number of bytes written (at most cap), or -1
 * on bad input. */
void hl_b64_encode(const void *p, size_t len, char *out);
long hl_b64_decode(const char *s, size_t len, void *out, size_t cap);

/* Lower-case hex of len bytes into out (2 * len + 1 bytes). */
void hl_hex_encode(const void *p, size_t len, char *out);
/* The value of one hex digit (either case), or -1. */
int hl_hex_value(char c);
/* Decode exactly 2 * cap hex digits of s[0..len) into out: 0, or -1 when
 * len is not 2 * cap or a character is not a hex digit. */
int hl_hex_decode(const char *s, size_t len, void *out, size_t cap);

#endif /* HL_STR_H */
