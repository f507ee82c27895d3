/*
 * A strict multipart/form-data splitter.  It walks the body once: find the
 * delimiter line, read a part's header block, find the next CRLF-delimiter
 * (RFC 2046 §5.1.1: a delimiter inside the data is always preceded by
 * CRLF), repeat until the closing delimiter.  Anything that is not well
 * formed is refused rather than guessed at, since the part bytes become a
 * stored file.
 */
#include "multipart.h"

#include <stdint.h>
#include <string.h>

#include "err.h"
#include "mem.h"
#include "str.h"

#define MAX_BOUNDARY_LEN 70

static int
bad(struct hl_err *err, const char *msg)
{
	return hl_err_set(err, 400, "bad_request", "上传内容格式错误：%s", msg);
}

static bool
is_ws(char c)
{
	return c == ' ' || c == '\t';
}

/* RFC 2045 token characters. */
static bool
is_tchar(char c)
{
	return c > ' ' && c < 0x7f && strchr("()<>@,;:\\\"/[]?=", c) == NULL;
}

/* RFC 2046 bchars, space allowed except last (checked by the caller). */
static bool
is_bchar(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z') || strchr("'()+_,-./:=? ", c) != NULL;
}

static const char *
skip_ws(const char *p, const char *end)
{
	while (p < end && is_ws(*p))
		p++;
	return p;
}

/* The first occurrence of needle[0..nlen) in hay[0..hlen), or NULL. */
static const char *
find(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
	const char *p = hay;
	const char *end = hay + hlen;

	if (nlen == 0 || hlen < nlen)
		return NULL;
	while ((size_t)(end - p) >= nlen) {
		p = memchr(p, needle[0], (size_t)(end - p) - nlen + 1);
		if (p == NULL)
			return NULL;
		if (memcmp(p, needle, nlen) == 0)
			return p;
		p++;
	}
	return NULL;
}

/*
 * One parameter value at *pp (before end): a quoted-string or a token.
 * A backslash escapes only '"' and '\' (browsers do not escape at all and
 * send Windows paths raw, so other backslashes stay).  The value goes into
 * the arena; *pp moves past it.  Returns NULL for an unterminated quote or
 * an empty token.
 */
static char *
param_value(const char **pp, const char *end, size_t *len,
    struct hl_arena *arena)
{
	const char *p = *pp;
	char *out;
	size_t n = 0;

	if (p < end && *p == '"') {
		const char *q = ++p;

		out = hl_arena_alloc(arena, (size_t)(end - p) + 1);
		for (; q < end && *q != '"'; q++) {
			if (*q == '\\' && q + 1 < end &&
			    (q[1] == '"' || q[1] == '\\'))
				q++;
			out[n++] = *q;
		}
		if (q == end)
			return NULL;
		*pp = q + 1;
	} else {
		const char *q = p;

		while (q < end && *q != ';' && !is_ws(*q))
			q++;
		if (q == p)
			return NULL;
		/* A NUL ends the copy: the length is the copy's, or the NUL
		 * written below would land past it. */
		out = hl_arena_strndup(arena, p, (size_t)(q - p));
		n = strlen(out);
		*pp = q;
	}
	out[n] = '\0';
	*len = n;
	return out;
}

/*
 * Undo the WHATWG form encoding of names and file names, which writes '"'
 * as %22, LF as %0A and CR as %0D and leaves every other byte alone (so a
 * "%41" a person typed stays "%41").  In place; returns the new length.
 */
static size_t
unescape_whatwg(char *s, size_t len)
{
	size_t i;
	size_t n = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '%' && i + 2 < len) {
			if (s[i + 1] == '2' && s[i + 2] == '2') {
				s[n++] = '"';
				i += 2;
				continue;
			}
			if (s[i + 1] == '0' &&
			    (s[i + 2] == 'A' || s[i + 2] == 'a' ||
			        s[i + 2] == 'D' || s[i + 2] == 'd')) {
				s[n++] = (s[i + 2] == 'A' || s[i + 2] == 'a')
				    ? '\n'
				    : '\r';
				i += 2;
				continue;
			}
		}
		s[n++] = s[i];
	}
	s[n] = '\0';
	return n;
}

/*
 * RFC 8187 ext-value: charset'language'pct-encoded.  Only UTF-8 is
 * taken; anything else answers -1 and the plain filename is used.
 */
static int
decode_ext_value(char *s, size_t len, size_t *out_len)
{
	char *q1 = memchr(s, '\'', len);
	char *q2;
	char *p;
	size_t n = 0;

	if (q1 == NULL || (size_t)(q1 - s) != 5 ||
	    !hl_str_casecmp_eq((struct hl_str){ s, 5 }, "utf-8"))
		return -1;
	q2 = memchr(q1 + 1, '\'', len - (size_t)(q1 + 1 - s));
	if (q2 == NULL)
		return -1;
	for (p = q2 + 1; p < s + len; p++) {
		if (*p == '%') {
			int hi;
			int lo;

			if (p + 2 >= s + len)
				return -1;
			hi = hl_hex_value(p[1]);
			lo = hl_hex_value(p[2]);
			if (hi < 0 || lo < 0)
				return -1;
			s[n++] = (char)(hi * 16 + lo);
			p += 2;
		} else {
			s[n++] = *p;
		}
	}
	s[n] = '\0';
	*out_len = n;
	return 0;
}

/* Content-Disposition: form-data; name="…"; filename="…" into part. */
static int
parse_disposition(const char *p, const char *end,
    struct hl_multipart_part *part, struct hl_arena *arena, struct hl_err *err)
{
	const char *t = p;
	char *ext = NULL;
	size_t ext_len = 0;

	while (t < end && is_tchar(*t))
		t++;
	if (!hl_str_casecmp_eq((struct hl_str){ p, (size_t)(t - p) },
	        "form-data"))
		return bad(err, "分段的 Content-Disposition 不是 form-data");
	p = t;
	for (;;) {
		const char *k;
		struct hl_str key;
		char *val;
		size_t vlen;

		p = skip_ws(p, end);
		if (p == end)
			break;
		if (*p != ';')
			return bad(err, "Content-Disposition 参数格式错误");
		p = skip_ws(p + 1, end);
		if (p == end)
			break; /* a trailing ';' is harmless */
		k = p;
		while (p < end && is_tchar(*p))
			p++;
		key.p = k;
		key.len = (size_t)(p - k);
		p = skip_ws(p, end);
		if (key.len == 0 || p == end || *p != '=')
			return bad(err, "Content-Disposition 参数格式错误");
		p = skip_ws(p + 1, end);
		val = param_value(&p, end, &vlen, arena);
		if (val == NULL)
			return bad(err, "Content-Disposition 参数格式错误");
		if (hl_str_casecmp_eq(key, "name")) {
			unescape_whatwg(val, vlen);
			part->name = val;
		} else if (hl_str_casecmp_eq(key, "filename")) {
			part->filename_len = unescape_whatwg(val, vlen);
			part->filename = val;
		} else if (hl_str_casecmp_eq(key, "filename*")) {
			if (decode_ext_value(val, vlen, &ext_len) == 0)
				ext = val;
		}
	}
	if (ext != NULL) {
		part->filename = ext;
		part->filename_len = ext_len;
	}
	if (part->name == NULL)
		return bad(err, "分段缺少字段名");
	return 0;
}

/* The header block [p, end) of one part, CRLF-separated lines. */
static int
parse_headers(const char *p, const char *end, struct hl_multipart_part *part,
    struct hl_arena *arena, struct hl_err *err)
{
	bool seen_cd = false;

	while (p < end) {
		const char *eol = find(p, (size_t)(end - p), "\r\n", 2);
		const char *line_end = eol != NULL ? eol : end;
		const char *colon;
		struct hl_str name;
		const char *v;
		const char *ve;

		if (is_ws(*p))
			return bad(err, "不支持折行的分段头");
		colon = memchr(p, ':', (size_t)(line_end - p));
		if (colon == NULL || colon == p)
			return bad(err, "分段头缺少冒号");
		name.p = p;
		name.len = (size_t)(colon - p);
		v = skip_ws(colon + 1, line_end);
		ve = line_end;
		while (ve > v && is_ws(ve[-1]))
			ve--;
		if (hl_str_casecmp_eq(name, "Content-Disposition")) {
			if (seen_cd)
				return bad(err, "重复的 Content-Disposition");
			seen_cd = true;
			if (parse_disposition(v, ve, part, arena, err) == -1)
				return -1;
		} else if (hl_str_casecmp_eq(name, "Content-Type")) {
			part->content_type =
			    hl_arena_strndup(arena, v, (size_t)(ve - v));
		}
		p = eol != NULL ? eol + 2 : end;
	}
	if (!seen_cd)
		return bad(err, "分段缺少 Content-Disposition");
	return 0;
}

/* The boundary parameter of a multipart/form-data Content-Type. */
static int
boundary_of(const char *ct, struct hl_arena *arena, struct hl_str *out,
    struct hl_err *err)
{
	static const char want[] = "multipart/form-data";
	const char *p;
	const char *end;
	size_t i;

	if (ct == NULL ||
	    !hl_str_casecmp_eq(
	        (struct hl_str){ ct, strnlen(ct, sizeof(want) - 1) }, want))
		return bad(err, "内容类型应为 multipart/form-data");
	end = ct + strlen(ct);
	p = ct + sizeof(want) - 1;
	out->p = NULL;
	while ((p = skip_ws(p, end)) < end) {
		const char *k;
		struct hl_str key;
		char *val;
		size_t vlen;

		if (*p != ';')
			return bad(err, "Content-Type 参数格式错误");
		p = skip_ws(p + 1, end);
		k = p;
		while (p < end && is_tchar(*p))
			p++;
		key.p = k;
		key.len = (size_t)(p - k);
		if (key.len == 0 || p == end || *p != '=')
			return bad(err, "Content-Type 参数格式错误");
		p++;
		val = param_value(&p, end, &vlen, arena);
		if (val == NULL)
			return bad(err, "Content-Type 参数格式错误");
		if (hl_str_casecmp_eq(key, "boundary")) {
			out->p = val;
			out->len = vlen;
		}
	}
	if (out->p == NULL)
		return bad(err, "缺少 boundary 参数");
	if (out->len == 0 || out->len > MAX_BOUNDARY_LEN ||
	    out->p[out->len - 1] == ' ')
		return bad(err, "boundary 参数无效");
	for (i = 0; i < out->len; i++)
		if (!is_bchar(out->p[i]))
			return bad(err, "boundary 参数无效");
	return 0;
}

/*
 * After a delimiter at p: "--" closes the body; otherwise optional
 * transport padding and CRLF open a part.  Returns the part's start, the
 * end of body (closing), or NULL when neither follows.
 */
static const char *
after_delimiter(const char *p, const char *end, bool *closing)
{
	*closing = false;
	if (end - p >= 2 && p[0] == '-' && p[1] == '-') {
		*closing = true;
		return end;
	}
	p = skip_ws(p, end);
	if (end - p >= 2 && p[0] == '\r' && p[1] == '\n')
		return p + 2;
	return NULL;
}

int
hl_multipart_parse(const char *content_type, const char *body, size_t len,
    struct hl_arena *arena, struct hl_multipart *out, struct hl_err *err)
{
	struct hl_str b = { 0 };
	char *delim;
	size_t dlen;
	const char *end = body + len;
	const char *p;
	bool closing;

	out->parts = NULL;
	out->n_parts = 0;
	if (boundary_of(content_type, arena, &b, err) == -1)
		return -1;
	/* "\r\n--boundary": the first delimiter may lack the CRLF when it
	 * opens the body. */
	dlen = b.len + 4;
	delim = hl_arena_alloc(arena, dlen + 1);
	memcpy(delim, "\r\n--", 4);
	memcpy(delim + 4, b.p, b.len);
	if (body == NULL || len == 0)
		return bad(err, "内容为空");
	if (len >= dlen - 2 && memcmp(body, delim + 2, dlen - 2) == 0) {
		p = body + dlen - 2;
	} else {
		p = find(body, len, delim, dlen);
		if (p == NULL)
			return bad(err, "找不到分段边界");
		p += dlen;
	}
	out->parts =
	    hl_arena_alloc(arena, HL_MULTIPART_MAX_PARTS * sizeof(*out->parts));
	for (;;) {
		struct hl_multipart_part *part;
		const char *hdr_end;
		const char *data;
		const char *next;

		p = after_delimiter(p, end, &closing);
		if (p == NULL)
			return bad(err, "分段边界后缺少换行");
		if (closing)
			break;
		if (out->n_parts == HL_MULTIPART_MAX_PARTS)
			return bad(err, "分段过多");
		part = &out->parts[out->n_parts];
		if (end - p >= 2 && p[0] == '\r' && p[1] == '\n') {
			hdr_end = p;
			data = p + 2;
		} else {
			size_t room = (size_t)(end - p);

			if (room > HL_MULTIPART_MAX_HEADER_LEN + 4)
				room = HL_MULTIPART_MAX_HEADER_LEN + 4;
			hdr_end = find(p, room, "\r\n\r\n", 4);
			if (hdr_end == NULL)
				return bad(err, "分段头不完整或过长");
			data = hdr_end + 4;
		}
		if (parse_headers(p, hdr_end, part, arena, err) == -1)
			return -1;
		next = find(data, (size_t)(end - data), delim, dlen);
		if (next == NULL)
			return bad(err, "缺少结束边界");
		part->data = data;
		part->len = (size_t)(next - data);
		out->n_parts++;
		p = next + dlen;
	}
	return 0;
}

const struct hl_multipart_part *
hl_multipart_find(const struct hl_multipart *m, const char *name,
    size_t *n_same)
{
	const struct hl_multipart_part *first = NULL;
	size_t n = 0;
	size_t i;

	for (i = 0; i < m->n_parts; i++) {
		if (strcmp(m->parts[i].name, name) != 0)
			continue;
		if (first == NULL)
			first = &m->parts[i];
		n++;
	}
	if (n_same != NULL)
		*n_same = n;
	return first;
}
