/* link: head */
/*
 * Request heads byte by byte: what is refused (and with which status),
 * that a refusal comes as soon as the bad byte is in, that every prefix
 * of a good head asks for more, and the field rules libmicrohttpd-parsed
 * heads go through.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "head.h"

static const struct hl_head_limits lim = {
	.max_target_len = 4096,
	.max_fields_len = 8192,
	.max_fields = 64,
	.max_args = 64,
	.max_cookies = 32,
};

static enum hl_head_verdict
scan_len(const char *p, size_t len, struct hl_head *h)
{
	return hl_head_scan(p, len, &lim, h);
}

static enum hl_head_verdict
scan(const char *p, struct hl_head *h)
{
	return scan_len(p, strlen(p), h);
}

/* p is refused with status, and so is every longer input that starts
 * with it (the refusal does not wait for the end of the head). */
static void
expect_bad_len(const char *p, size_t len, int status)
{
	struct hl_head h;
	char buf[256];

	if (scan_len(p, len, &h) != HL_HEAD_BAD || h.status != status)
		fail_msg("'%.*s': verdict status %d, want %d", (int)len, p,
		    h.status, status);
	assert_non_null(h.code);
	assert_non_null(h.msg);
	if (len + 4 < sizeof(buf)) {
		memcpy(buf, p, len);
		memcpy(buf + len, "\r\n\r\n", 4);
		assert_int_equal(scan_len(buf, len + 4, &h), HL_HEAD_BAD);
		assert_int_equal(h.status, status);
	}
}

static void
expect_bad(const char *p, int status)
{
	expect_bad_len(p, strlen(p), status);
}

static void
test_good_head_is_ok_and_every_prefix_more(void **state)
{
	const char head[] = "POST /api/v1/session?a=1&b=%E4%B8%AD HTTP/1.1\r\n"
	                    "Host: 127.0.0.1\r\n"
	                    "Content-Type: application/json\r\n"
	                    "Content-Length: 42\r\n"
	                    "Cookie: a=1; b=2\r\n"
	                    "X-Empty:\r\n"
	                    "\r\n";
	struct hl_head h;
	size_t n = sizeof(head) - 1;
	size_t i;

	(void)state;
	assert_int_equal(scan_len(head, n, &h), HL_HEAD_OK);
	assert_int_equal(h.len, n);
	assert_string_equal(h.method, "POST");
	assert_true(h.http11);
	assert_int_equal(h.f.n_length, 1);
	assert_int_equal(h.f.content_length, 42);
	assert_int_equal(h.f.n_cookies, 2);
	assert_int_equal(h.f.n, 5);
	for (i = 0; i < n; i++)
		assert_int_equal(scan_len(head, i, &h), HL_HEAD_MORE);
}

static void
test_body_bytes_after_the_head_are_not_its_business(void **state)
{
	const char req[] = "GET / HTTP/1.0\r\n\r\nGARBAGE\0\r";
	struct hl_head h;

	(void)state;
	assert_int_equal(scan_len(req, sizeof(req) - 1, &h), HL_HEAD_OK);
	assert_int_equal(h.len, 18);
	assert_false(h.http11);
}

static void
test_nul_and_bare_cr_and_lf_are_400(void **state)
{
	(void)state;
	expect_bad_len("GE\0T / HTTP/1.1", 15, 400);
	expect_bad_len("GET /a\0b HTTP/1.1", 17, 400);
	expect_bad_len("GET / HTTP/1.1\r\nHost: a\0b", 25, 400);
	expect_bad_len("GET / HTTP/1.1\r\nX\0: a", 21, 400);
	expect_bad("GET / HTTP/1.1\rHost: a", 400);
	expect_bad("GET / HTTP/1.1\r\nHost: a\rX: b\r\n", 400);
	expect_bad("GET / HTTP/1.1\nHost: a", 400);
	expect_bad("GET / HTTP/1.1\r\nHost: a\nX: b", 400);
	expect_bad("GET / HTTP/1.1\r\nHost: a\r\n\rX", 400);
	expect_bad("GET / HTTP/1.1\r\nX: \x7f\r\n", 400);
	expect_bad("GET / HTTP/1.1\r\nX: \x1b[31m\r\n", 400);
}

static void
test_request_line_rules(void **state)
{
	(void)state;
	expect_bad("GET  / HTTP/1.1\r\n", 400);
	expect_bad("GET /  HTTP/1.1\r\n", 400);
	expect_bad("GET http://x/ HTTP/1.1\r\n", 400);
	expect_bad("GET * HTTP/1.1\r\n", 400);
	expect_bad("GET /a#b HTTP/1.1\r\n", 400);
	expect_bad("GET /%zz HTTP/1.1\r\n", 400);
	expect_bad("GET /%4 HTTP/1.1\r\n", 400);
	expect_bad("GET /%00 HTTP/1.1\r\n", 400);
	expect_bad("G(T / HTTP/1.1\r\n", 400);
	expect_bad("get / HTTP/1.1\r\n", 501);
	expect_bad("BREW / HTTP/1.1\r\n", 501);
	expect_bad("AVERYLONGMETHODNAME / HTTP/1.1\r\n", 501);
	expect_bad("GET / HTTP/2.0\r\n", 505);
	expect_bad("GET / HTTP/1.2\r\n", 505);
	expect_bad("GET / HTTP/0.9\r\n", 505);
	expect_bad("GET /\r\n", 505);
	expect_bad("GET / HTTP/1.1 \r\n", 400);
	expect_bad("GET / http/1.1\r\n", 400);
	expect_bad("GET / HTTP/1.x\r\n", 400);
}

static void
test_sizes_are_414_and_431(void **state)
{
	static char buf[20000];
	static char target[4096];
	struct hl_head h;
	int n;
	int i;

	(void)state;
	/* A target one byte too long, refused before it ends. */
	memcpy(buf, "GET /", 5);
	memset(buf + 5, 'a', 4096);
	expect_bad_len(buf, 5 + 4096, 414);
	/* The longest target passes. */
	memset(target, 'a', sizeof(target) - 1);
	n = snprintf(buf, sizeof(buf), "GET /%s HTTP/1.0\r\n\r\n", target);
	assert_int_equal(scan_len(buf, (size_t)n, &h), HL_HEAD_OK);
	/* 65 query parameters (counted once the target is whole). */
	n = snprintf(buf, sizeof(buf), "GET /?");
	for (i = 0; i < 65; i++)
		n += snprintf(buf + n, sizeof(buf) - (size_t)n, "a%d=1&", i);
	n += snprintf(buf + n, sizeof(buf) - (size_t)n, " HTTP/1.1");
	expect_bad_len(buf, (size_t)n, 414);
	/* 65 fields. */
	n = snprintf(buf, sizeof(buf), "GET / HTTP/1.1\r\nHost: a\r\n");
	for (i = 0; i < 64; i++)
		n += snprintf(buf + n, sizeof(buf) - (size_t)n, "X-%d: 1\r\n",
		    i);
	expect_bad_len(buf, (size_t)n, 431);
	/* A header section past 8 KiB, refused before it ends. */
	n = snprintf(buf, sizeof(buf), "GET / HTTP/1.1\r\nX-Big: ");
	memset(buf + n, 'a', 9000);
	expect_bad_len(buf, (size_t)n + 9000, 431);
	/* 33 cookie pairs over two fields. */
	n = snprintf(buf, sizeof(buf), "GET / HTTP/1.1\r\nHost: a\r\nCookie: ");
	for (i = 0; i < 20; i++)
		n += snprintf(buf + n, sizeof(buf) - (size_t)n, "c%d=1; ", i);
	n += snprintf(buf + n, sizeof(buf) - (size_t)n, "\r\nCookie: ");
	for (i = 0; i < 13; i++)
		n += snprintf(buf + n, sizeof(buf) - (size_t)n, "d%d=1;", i);
	n += snprintf(buf + n, sizeof(buf) - (size_t)n, "\r\n");
	expect_bad_len(buf, (size_t)n, 431);
}

static void
test_framing_rules(void **state)
{
	struct hl_head h;

	(void)state;
	expect_bad("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n"
	           "Content-Length: 2\r\n",
	    400);
	expect_bad("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n"
	           "content-length: 1\r\n",
	    400);
	expect_bad("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1, 1\r\n",
	    400);
	expect_bad("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n", 400);
	expect_bad("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +1\r\n", 400);
	expect_bad("POST / HTTP/1.1\r\nHost: a\r\n"
	           "Content-Length: 1234567890123456789\r\n",
	    400);
	expect_bad("POST / HTTP/1.1\r\nHost: a\r\nContent-Length:\r\n", 400);
	expect_bad("POST / HTTP/1.1\r\nHost: a\r\nContent-Length : 1\r\n", 400);
	expect_bad("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n"
	           " 6\r\n",
	    400);
	expect_bad("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n", 400);
	expect_bad("GET / HTTP/1.1\r\n\r\n", 400);
	assert_int_equal(scan("GET / HTTP/1.0\r\n\r\n", &h), HL_HEAD_OK);
	assert_int_equal(scan("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:"
	                      " chunked\r\nContent-Length: 3\r\n\r\n",
	                     &h),
	    HL_HEAD_BAD);
	assert_int_equal(h.status, 400);
	assert_int_equal(scan("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:"
	                      " chunked\r\n\r\n",
	                     &h),
	    HL_HEAD_BAD);
	assert_int_equal(h.status, 411);
	assert_string_equal(h.code, "length_required");
	assert_int_equal(scan("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:"
	                      " gzip\r\n\r\n",
	                     &h),
	    HL_HEAD_BAD);
	assert_int_equal(h.status, 501);
	assert_int_equal(scan("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:"
	                      " chunked, chunked\r\n\r\n",
	                     &h),
	    HL_HEAD_BAD);
	assert_int_equal(h.status, 501);
	assert_int_equal(scan("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:"
	                      " chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
	                     &h),
	    HL_HEAD_BAD);
	assert_int_equal(h.status, 501);
	assert_int_equal(scan("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:"
	                      " xchunked\r\n\r\n",
	                     &h),
	    HL_HEAD_BAD);
	assert_int_equal(h.status, 501);
}

/* The field rules as http.c applies them to libmicrohttpd's fields,
 * where a NUL inside a value shows as a length past the C string. */
static void
test_fields_from_the_library(void **state)
{
	struct hl_head_fields f;
	struct hl_head h;

	(void)state;
	memset(&f, 0, sizeof(f));
	memset(&h, 0, sizeof(h));
	assert_int_equal(hl_head_field(&f, "Host", 4, "a", 1, &lim, &h), 0);
	assert_int_equal(hl_head_field(&f, "X", 1, "a\0b", 3, &lim, &h), -1);
	assert_int_equal(h.status, 400);
	memset(&f, 0, sizeof(f));
	assert_int_equal(
	    hl_head_field(&f, "Content-Length", 14, "5", 1, &lim, &h), 0);
	assert_int_equal(
	    hl_head_field(&f, "Content-Length", 14, "6", 1, &lim, &h), -1);
	assert_int_equal(h.status, 400);
	memset(&f, 0, sizeof(f));
	assert_int_equal(
	    hl_head_field(&f, "Transfer-Encoding", 17, "gzip", 4, &lim, &h), 0);
	assert_int_equal(hl_head_fields_end(&f, false, &h), -1);
	assert_int_equal(h.status, 501);
	assert_int_equal(hl_head_method("GET", 3, &h), 0);
	assert_int_equal(hl_head_method("TRACE", 5, &h), -1);
	assert_int_equal(h.status, 501);
	assert_int_equal(hl_head_target("/a%2Fb?x=1", 10, &lim, &h), 0);
	assert_int_equal(hl_head_target("/a\rb", 4, &lim, &h), -1);
	assert_int_equal(h.status, 400);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_head_is_ok_and_every_prefix_more),
		cmocka_unit_test(
		    test_body_bytes_after_the_head_are_not_its_business),
		cmocka_unit_test(test_nul_and_bare_cr_and_lf_are_400),
		cmocka_unit_test(test_request_line_rules),
		cmocka_unit_test(test_sizes_are_414_and_431),
		cmocka_unit_test(test_framing_rules),
		cmocka_unit_test(test_fields_from_the_library),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
