/*
 * Request heads, strictly.  Every byte class and framing rule is written
 * once here, for the raw bytes (hl_head_scan) and for the fields
 * libmicrohttpd hands over (hl_head_field).  Being strict is the point:
 * a proxy in front and this server must never disagree on where a
 * request ends, so whatever two parsers could read two ways (a bare CR, a
 * NUL, two lengths, a length with a transfer coding, folded lines) is
 * refused instead of interpreted.
 */
#include "head.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

/* The methods the router has routes for (HEAD is answered as GET). */
static const char *const methods[] = { "GET", "HEAD", "POST", "PUT", "PATCH",
	"DELETE", "OPTIONS" };

static int
bad(struct hl_head *out, int status, const char *code, const char *msg)
{
	out->status = status;
	out->code = code;
	out->msg = msg;
	return -1;
}

static int
bad_request(struct hl_head *out, const char *msg)
{
	return bad(out, 400, "bad_request", msg);
}

/* bad() for the scanner, which answers with a verdict. */
static enum hl_head_verdict
refuse(struct hl_head *out, int status, const char *code, const char *msg)
{
	bad(out, status, code, msg);
	return HL_HEAD_BAD;
}

/* RFC 9110 5.6.2 tchar. */
static bool
tchar(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z') ||
	    (c != '\0' && strchr("!#$%&'*+-.^_`|~", c));
}

/* RFC 9110 5.5 field-content bytes, with the spaces around them: no
 * control character but the tab. */
static bool
field_byte(unsigned char c)
{
	return c == '\t' || (c >= 0x20 && c != 0x7f);
}

static bool
is_hex(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

static bool
name_is(const char *name, size_t len, const char *want)
{
	return strlen(want) == len && strncasecmp(name, want, len) == 0;
}

size_t
hl_head_max_len(const struct hl_head_limits *lim)
{
	/* Method, two spaces, "HTTP/1.1\r\n" and the empty line's CRLF. */
	return 16 + 2 + lim->max_target_len + 10 + lim->max_fields_len + 2;
}

int
hl_head_method(const char *method, size_t len, struct hl_head *out)
{
	size_t i;

	if (len == 0)
		return bad_request(out, "请求行格式不正确");
	for (i = 0; i < len; i++)
		if (!tchar((unsigned char)method[i]))
			return bad_request(out, "请求方法含有无效字符");
	/* Methods are case-sensitive (RFC 9110 9.1). */
	for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (strlen(methods[i]) == len &&
		    memcmp(method, methods[i], len) == 0)
			return 0;
	return bad(out, 501, "not_implemented", "不支持该请求方法");
}

int
hl_head_target(const char *t, size_t len, const struct hl_head_limits *lim,
    struct hl_head *out)
{
	size_t args = 0;
	bool in_query = false;
	bool seg_empty = true;
	size_t i;

	if (len > lim->max_target_len)
		return bad(out, 414, "uri_too_long", "请求地址过长");
	if (len == 0 || t[0] != '/')
		return bad_request(out, "请求地址应以 / 开头");
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)t[i];

		if (c <= 0x20 || c == 0x7f || c == '#')
			return bad_request(out, "请求地址含有无效字符");
		if (c == '%') {
			if (i + 2 >= len || !is_hex((unsigned char)t[i + 1]) ||
			    !is_hex((unsigned char)t[i + 2]))
				return bad_request(out,
				    "请求地址中的 % 转义不完整");
			if (t[i + 1] == '0' && t[i + 2] == '0')
				return bad_request(out, "请求地址含有无效字符");
		}
		if (c == '?' && !in_query) {
			in_query = true;
			continue;
		}
		if (!in_query)
			continue;
		if (c == '&') {
			seg_empty = true;
			continue;
		}
		if (seg_empty) {
			seg_empty = false;
			if (++args > lim->max_args)
				return bad(out, 414, "uri_too_long",
				    "请求地址参数过多");
		}
	}
	return 0;
}

/* The number of pairs in a Cookie value: its non-empty ';' parts. */
static size_t
cookie_pairs(const char *v, size_t len)
{
	size_t n = 0;
	bool empty = true;
	size_t i;

	for (i = 0; i < len; i++) {
		if (v[i] == ';') {
			empty = true;
		} else if (v[i] != ' ' && v[i] != '\t' && empty) {
			empty = false;
			n++;
		}
	}
	return n;
}

int
hl_head_field(struct hl_head_fields *f, const char *name, size_t name_len,
    const char *value, size_t value_len, const struct hl_head_limits *lim,
    struct hl_head *out)
{
	uint64_t n = 0;
	size_t i;

	/* As on the wire: name, colon, value, CRLF. */
	f->len += name_len + 1 + value_len + 2;
	if (++f->n > lim->max_fields)
		return bad(out, 431, "headers_too_large", "请求头过多");
	if (f->len > lim->max_fields_len)
		return bad(out, 431, "headers_too_large", "请求头过大");
	if (name_len == 0)
		return bad_request(out, "请求头格式不正确");
	for (i = 0; i < name_len; i++)
		if (!tchar((unsigned char)name[i]))
			return bad_request(out, "请求头名称含有无效字符");
	for (i = 0; i < value_len; i++)
		if (!field_byte((unsigned char)value[i]))
			return bad_request(out, "请求头含有无效字符");
	while (value_len > 0 && (value[0] == ' ' || value[0] == '\t')) {
		value++;
		value_len--;
	}
	while (value_len > 0 &&
	    (value[value_len - 1] == ' ' || value[value_len - 1] == '\t'))
		value_len--;
	if (name_is(name, name_len, "Content-Length")) {
		if (++f->n_length > 1)
			return bad_request(out, "Content-Length 重复");
		/* 18 digits cannot overflow; any real body is far shorter. */
		if (value_len == 0 || value_len > 18)
			return bad_request(out, "Content-Length 不正确");
		for (i = 0; i < value_len; i++) {
			if (value[i] < '0' || value[i] > '9')
				return bad_request(out,
				    "Content-Length 不正确");
			n = n * 10 + (uint64_t)(value[i] - '0');
		}
		f->content_length = n;
	} else if (name_is(name, name_len, "Transfer-Encoding")) {
		f->te_chunked =
		    ++f->n_te == 1 && name_is(value, value_len, "chunked");
	} else if (name_is(name, name_len, "Host")) {
		if (++f->n_host > 1)
			return bad_request(out, "Host 请求头重复");
	} else if (name_is(name, name_len, "Cookie")) {
		f->n_cookies += cookie_pairs(value, value_len);
		if (f->n_cookies > lim->max_cookies)
			return bad(out, 431, "headers_too_large",
			    "Cookie 过多");
	}
	return 0;
}

int
hl_head_fields_end(const struct hl_head_fields *f, bool http11,
    struct hl_head *out)
{
	if (f->n_te > 0 && f->n_length > 0)
		return bad_request(out,
		    "不能同时使用 Transfer-Encoding 和 Content-Length");
	if (f->n_te > 0 && f->te_chunked)
		return bad(out, 411, "length_required",
		    "请求内容须带 Content-Length（不接受分块传输）");
	if (f->n_te > 0)
		return bad(out, 501, "not_implemented",
		    "不支持该 Transfer-Encoding");
	if (http11 && f->n_host == 0)
		return bad_request(out, "缺少 Host 请求头");
	return 0;
}

/* The request line's end: "HTTP/1.x\r\n" at p[i..].  MORE while it may
 * still become one. */
static enum hl_head_verdict
scan_version(const char *p, size_t len, size_t i, struct hl_head *out)
{
	static const char want[] = "HTTP/#.#\r\n";
	size_t k;

	for (k = 0; k < 10; k++) {
		unsigned char c;

		if (i + k >= len)
			return HL_HEAD_MORE;
		c = (unsigned char)p[i + k];
		if (want[k] == '#' ? (c >= '0' && c <= '9') : c == want[k])
			continue;
		if (k == 0 && (c == '\r' || c == '\n'))
			return refuse(out, 505, "http_version_not_supported",
			    "只支持 HTTP/1.0 和 HTTP/1.1");
		return refuse(out, 400, "bad_request", "请求行格式不正确");
	}
	if (p[i + 5] != '1' || (p[i + 7] != '0' && p[i + 7] != '1'))
		return refuse(out, 505, "http_version_not_supported",
		    "只支持 HTTP/1.0 和 HTTP/1.1");
	out->http11 = p[i + 7] == '1';
	return HL_HEAD_OK;
}

/* The request line; *end gets the offset of the first header byte. */
static enum hl_head_verdict
scan_request_line(const char *p, size_t len, const struct hl_head_limits *lim,
    struct hl_head *out, size_t *end)
{
	enum hl_head_verdict v;
	size_t i = 0;
	size_t t0;

	for (; i < len && p[i] != ' '; i++) {
		if (!tchar((unsigned char)p[i]))
			return refuse(out, 400, "bad_request",
			    "请求行格式不正确");
		if (i >= sizeof(out->method) - 1)
			return refuse(out, 501, "not_implemented",
			    "不支持该请求方法");
	}
	if (i == len)
		return HL_HEAD_MORE;
	if (hl_head_method(p, i, out) == -1)
		return HL_HEAD_BAD;
	memcpy(out->method, p, i);
	out->method[i] = '\0';
	t0 = ++i;
	for (; i < len && p[i] != ' '; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c == '\r' || c == '\n')
			return refuse(out, 505, "http_version_not_supported",
			    "只支持 HTTP/1.0 和 HTTP/1.1");
		if (c < 0x20 || c == 0x7f)
			return refuse(out, 400, "bad_request",
			    "请求地址含有无效字符");
		if (i - t0 >= lim->max_target_len)
			return refuse(out, 414, "uri_too_long", "请求地址过长");
	}
	if (i == len)
		return HL_HEAD_MORE;
	if (hl_head_target(p + t0, i - t0, lim, out) == -1)
		return HL_HEAD_BAD;
	v = scan_version(p, len, i + 1, out);
	*end = i + 1 + 10;
	return v;
}

enum hl_head_verdict
hl_head_scan(const char *p, size_t len, const struct hl_head_limits *lim,
    struct hl_head *out)
{
	enum hl_head_verdict v;
	size_t i = 0;
	size_t f0;

	memset(out, 0, sizeof(*out));
	v = scan_request_line(p, len, lim, out, &i);
	if (v != HL_HEAD_OK)
		return v;
	f0 = i;
	for (;;) {
		size_t n0;
		size_t n1;
		size_t v0;

		if (i >= len)
			return HL_HEAD_MORE;
		if (p[i] == '\r') {
			if (i + 1 == len)
				return HL_HEAD_MORE;
			if (p[i + 1] != '\n')
				return refuse(out, 400, "bad_request",
				    "请求头含有无效字符");
			if (hl_head_fields_end(&out->f, out->http11, out) == -1)
				return HL_HEAD_BAD;
			out->len = i + 2;
			return HL_HEAD_OK;
		}
		if (p[i] == ' ' || p[i] == '\t')
			return refuse(out, 400, "bad_request",
			    "请求头不能折行");
		for (n0 = i; i < len && p[i] != ':'; i++) {
			if (!tchar((unsigned char)p[i]))
				return refuse(out, 400, "bad_request",
				    "请求头格式不正确");
			if (i - f0 >= lim->max_fields_len)
				return refuse(out, 431, "headers_too_large",
				    "请求头过大");
		}
		if (i == len)
			return HL_HEAD_MORE;
		n1 = i++;
		for (v0 = i; i < len && p[i] != '\r'; i++) {
			if (!field_byte((unsigned char)p[i]))
				return refuse(out, 400, "bad_request",
				    "请求头含有无效字符");
			if (i - f0 >= lim->max_fields_len)
				return refuse(out, 431, "headers_too_large",
				    "请求头过大");
		}
		if (i + 1 >= len)
			return HL_HEAD_MORE;
		if (p[i + 1] != '\n')
			return refuse(out, 400, "bad_request",
			    "请求头含有无效字符");
		if (hl_head_field(&out->f, p + n0, n1 - n0, p + v0, i - v0, lim,
		        out) == -1)
			return HL_HEAD_BAD;
		i += 2;
	}
}
