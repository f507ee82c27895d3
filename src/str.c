/*
 * Borrowed string views and the small text routines every layer needs:
 * strict UTF-8 checking (run on every request body), integer parsing for
 * path parameters, base64url for tokens and cursors, base64 for
 * signatures, hex.  Nothing here
 * allocates; callers provide the output space.
 */
#include "str.h"

#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* The top bit of each byte of a 64-bit word: any set means non-ASCII. */
#define HL_STR_HIGH_BITS 0x8080808080808080ULL

static const char b64_chars[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char b64url_chars[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
static const char hex_digits[] = "0123456789abcdef";

struct hl_str
hl_str_from(const char *s)
{
	struct hl_str v = { s, strlen(s) };

	return v;
}

bool
hl_str_eq(struct hl_str s, const char *lit)
{
	size_t n = strlen(lit);

	/* An empty view may have p == NULL, which memcmp() must not see. */
	return s.len == n && (n == 0 || memcmp(s.p, lit, n) == 0);
}

/* ASCII only, not tolower(): the locale must not change what matches. */
static unsigned char
ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + ('a' - 'A')) : c;
}

bool
hl_str_casecmp_eq(struct hl_str s, const char *lit)
{
	size_t n = strlen(lit);
	size_t i;

	if (s.len != n)
		return false;
	for (i = 0; i < n; i++)
		if (ascii_lower((unsigned char)s.p[i]) !=
		    ascii_lower((unsigned char)lit[i]))
			return false;
	return true;
}

/*
 * The length of the well-formed multi-byte sequence at p[0..n), or 0.
 * The ranges are Unicode 15 table 3-7: C0, C1 and E0/F0 with a low second
 * byte are overlong, ED A0..BF are the surrogates D800-DFFF, F4 90.. and
 * F5..FF lie above U+10FFFF.
 */
static size_t
utf8_seq_len(const unsigned char *p, size_t n)
{
	unsigned char c = p[0];
	unsigned char lo = 0x80;
	unsigned char hi = 0xbf;
	size_t len;
	size_t i;

	if (c < 0xc2)
		return 0;
	if (c < 0xe0) {
		len = 2;
	} else if (c < 0xf0) {
		len = 3;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c < 0xf5) {
		len = 4;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else {
		return 0;
	}
	if (n < len || p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return len;
}

bool
hl_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	size_t n;
	uint64_t w;

	while (i < len) {
		if (p[i] >= 0x80) {
			n = utf8_seq_len(p + i, len - i);
			if (n == 0)
				return false;
			i += n;
			continue;
		}
		/*
		 * Bodies are mostly ASCII JSON: test 8 bytes per step until a
		 * word holds a high bit.  memcpy() is the portable unaligned
		 * load; compilers emit one mov for it.
		 */
		while (len - i >= 8) {
			memcpy(&w, p + i, sizeof(w));
			if ((w & HL_STR_HIGH_BITS) != 0)
				break;
			i += 8;
		}
		while (i < len && p[i] < 0x80)
			i++;
	}
	return true;
}

bool
hl_str_blank(const char *s)
{
	if (s == NULL)
		return true;
	while (*s != '\0') {
		if (*s == ' ' || (*s >= '\t' && *s <= '\r'))
			s++;
		else if (strncmp(s, "\xe3\x80\x80", 3) == 0)
			s += 3;
		else
			return false;
	}
	return true;
}

bool
hl_str_blank_ascii(const char *s)
{
	return s == NULL || s[strspn(s, " \t\r\n")] == '\0';
}

size_t
hl_utf8_count(const char *s, size_t len)
{
	size_t n = 0;
	size_t i;

	/* Every code point has exactly one byte that is not 10xxxxxx. */
	for (i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xc0) != 0x80;
	return n;
}

size_t
hl_utf8_chars(const char *s)
{
	return hl_utf8_count(s, strlen(s));
}

/*
 * Accumulates downwards so that INT64_MIN, whose magnitude has no positive
 * int64, parses without a special case.
 */
int
hl_str_to_i64(struct hl_str s, int64_t *out)
{
	bool neg = false;
	int64_t v = 0;
	size_t i = 0;
	int d;

	if (s.len > 0 && s.p[0] == '-') {
		neg = true;
		i = 1;
	}
	if (i == s.len)
		return -1;
	for (; i < s.len; i++) {
		if (s.p[i] < '0' || s.p[i] > '9')
			return -1;
		d = s.p[i] - '0';
		if (v < INT64_MIN / 10 ||
		    (v == INT64_MIN / 10 && d > -(INT64_MIN % 10)))
			return -1;
		v = v * 10 - d;
	}
	if (!neg) {
		if (v == INT64_MIN)
			return -1;
		v = -v;
	}
	*out = v;
	return 0;
}

void
hl_i64_text(int64_t v, char out[24])
{
	snprintf(out, 24, "%" PRId64, v);
}

/* Encode len bytes with alphabet abc; pad with '=' to a multiple of 4. */
static void
b64_encode(const char *abc, bool pad, const void *p, size_t len, char *out)
{
	const unsigned char *in = p;
	uint32_t v;
	size_t i;

	for (i = 0; len - i >= 3; i += 3) {
		v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 |
		    in[i + 2];
		*out++ = abc[v >> 18];
		*out++ = abc[v >> 12 & 0x3f];
		*out++ = abc[v >> 6 & 0x3f];
		*out++ = abc[v & 0x3f];
	}
	if (len - i == 1) {
		v = (uint32_t)in[i] << 16;
		*out++ = abc[v >> 18];
		*out++ = abc[v >> 12 & 0x3f];
		if (pad) {
			*out++ = '=';
			*out++ = '=';
		}
	} else if (len - i == 2) {
		v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8;
		*out++ = abc[v >> 18];
		*out++ = abc[v >> 12 & 0x3f];
		*out++ = abc[v >> 6 & 0x3f];
		if (pad)
			*out++ = '=';
	}
	*out = '\0';
}

void
hl_b64url_encode(const void *p, size_t len, char *out)
{
	b64_encode(b64url_chars, false, p, len, out);
}

void
hl_b64_encode(const void *p, size_t len, char *out)
{
	b64_encode(b64_chars, true, p, len, out);
}

static int
b64_value(char c, bool url)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == (url ? '-' : '+'))
		return 62;
	if (c == (url ? '_' : '/'))
		return 63;
	return -1;
}

/* Packs n (at most 4) characters into the low 6 * n bits of *v. */
static int
b64_pack(const char *s, size_t n, bool url, uint32_t *v)
{
	size_t i;
	int d;

	*v = 0;
	for (i = 0; i < n; i++) {
		d = b64_value(s[i], url);
		if (d < 0)
			return -1;
		*v = *v << 6 | (uint32_t)d;
	}
	return 0;
}

/*
 * Decode unpadded text.  A tail of 2 or 3 characters carries 4 or 2
 * unused bits, which must be zero (RFC 4648 section 3.5): otherwise
 * several strings decode to the same bytes and a token or cursor could be
 * spelt in more than one way.
 */
static long
b64_decode(const char *s, size_t len, bool url, void *out, size_t cap)
{
	unsigned char *o = out;
	size_t tail = len % 4;
	size_t n = len / 4 * 3 + (tail > 0 ? tail - 1 : 0);
	size_t i;
	size_t j = 0;
	uint32_t v;

	/* One character carries 6 bits: not even one byte. */
	if (tail == 1 || n > cap || n > LONG_MAX)
		return -1;
	for (i = 0; len - i >= 4; i += 4) {
		if (b64_pack(s + i, 4, url, &v) == -1)
			return -1;
		o[j++] = (unsigned char)(v >> 16);
		o[j++] = (unsigned char)(v >> 8);
		o[j++] = (unsigned char)v;
	}
	if (tail > 0 && b64_pack(s + i, tail, url, &v) == -1)
		return -1;
	if (tail == 2) {
		if ((v & 0xf) != 0)
			return -1;
		o[j++] = (unsigned char)(v >> 4);
	} else if (tail == 3) {
		if ((v & 0x3) != 0)
			return -1;
		o[j++] = (unsigned char)(v >> 10);
		o[j++] = (unsigned char)(v >> 2);
	}
	return (long)j;
}

long
hl_b64url_decode(const char *s, size_t len, void *out, size_t cap)
{
	return b64_decode(s, len, true, out, cap);
}

/* Padding is required, as the encoder writes it: one spelling only.  A
 * third '=' or one inside the text is an invalid character. */
long
hl_b64_decode(const char *s, size_t len, void *out, size_t cap)
{
	size_t pad = 0;

	if (len % 4 != 0)
		return -1;
	while (pad < 2 && len - pad > 0 && s[len - pad - 1] == '=')
		pad++;
	return b64_decode(s, len - pad, false, out, cap);
}

void
hl_hex_encode(const void *p, size_t len, char *out)
{
	const unsigned char *in = p;
	size_t i;

	for (i = 0; i < len; i++) {
		*out++ = hex_digits[in[i] >> 4];
		*out++ = hex_digits[in[i] & 0xf];
	}
	*out = '\0';
}

int
hl_hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
hl_hex_decode(const char *s, size_t len, void *out, size_t cap)
{
	unsigned char *o = out;
	size_t i;

	if (len != 2 * cap)
		return -1;
	for (i = 0; i < cap; i++) {
		int hi = hl_hex_value(s[2 * i]);
		int lo = hl_hex_value(s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		o[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

/* Back off over a sequence the cut would split: at most 3 continuation
 * bytes, then the lead byte says how long the sequence should be. */
size_t
hl_utf8_cut(const char *s, size_t len)
{
	size_t lead = len;
	size_t need;
	unsigned char c;

	while (lead > 0 && len - lead < 3 &&
	    ((unsigned char)s[lead - 1] & 0xc0) == 0x80)
		lead--;
	if (lead == 0)
		return len;
	c = (unsigned char)s[lead - 1];
	if (c < 0xc0)
		return len;
	need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
	return lead - 1 + need > len ? lead - 1 : len;
}

size_t
hl_utf8_prefix(const char *s, size_t len, size_t max_chars)
{
	size_t i = 0;
	size_t n = 0;

	while (i < len && n < max_chars) {
		i++;
		while (i < len && ((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		n++;
	}
	return i;
}

int
hl_str_digits(const char *p, size_t n)
{
	int v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}
