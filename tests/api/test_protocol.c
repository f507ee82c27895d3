/*
 * The protocol edge as a hostile client sees it, over raw sockets: every
 * malformed head is answered with its status and the JSON error body
 * within a second, and the connection closed; the same rules on the
 * second request of a kept-alive connection; deadlines for a whole head
 * and a whole body, however slowly the bytes trickle in; identity,
 * length and type judged before any body byte is read; the limit of
 * connections per address; and the client address behind a trusted
 * proxy (the right-most untrusted X-Forwarded-For hop).
 * conf/honglian.test.conf: header_timeout_s = body_timeout_s = 3,
 * trusted_proxies = 127.0.0.8, max_per_ip = 64 (the default).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "tdb.h"
#include "tserver.h"
#include "tsock.h"

#define HEADER_TIMEOUT_MS 3000
#define MAX_PER_IP        64

/* The answer is status with error.code code as JSON, the security
 * headers are there, and the server closed within 1 s. */
static void
expect_json_error(struct tsock_resp *r, int status, const char *code,
    const char *what)
{
	char v[256];
	json_t *j;
	json_error_t je;

	if (r->status != status)
		fail_msg("%s: status %d, want %d; got: %.300s", what, r->status,
		    status, r->raw);
	assert_true(tsock_header(r, "Content-Type", v, sizeof(v)));
	assert_int_equal(strncmp(v, "application/json", 16), 0);
	assert_true(tsock_header(r, "X-Content-Type-Options", v, sizeof(v)));
	assert_true(tsock_header(r, "Content-Security-Policy", v, sizeof(v)));
	assert_true(tsock_header(r, "X-Request-Id", v, sizeof(v)));
	j = json_loads(r->body, 0, &je);
	if (j == NULL)
		fail_msg("%s: body is not JSON: %.200s", what, r->body);
	assert_string_equal(json_string_value(json_object_get(
	                        json_object_get(j, "error"), "code")),
	    code);
	assert_non_null(json_string_value(
	    json_object_get(json_object_get(j, "error"), "message")));
	assert_string_equal(json_string_value(json_object_get(
	                        json_object_get(j, "error"), "request_id")),
	    v);
	json_decref(j);
	if (!r->closed || r->ms > 1000)
		fail_msg("%s: closed %d after %.0f ms", what, r->closed, r->ms);
}

struct bad_case {
	const char *what;
	const char *req;
	size_t len; /* 0: strlen(req) */
	int status;
	const char *code;
};

static const struct bad_case bad_cases[] = {
	{ "NUL in the method", "GE\0T / HTTP/1.1\r\nHost: a\r\n\r\n", 27, 400,
	    "bad_request" },
	{ "NUL in the target", "GET /a\0b HTTP/1.1\r\nHost: a\r\n\r\n", 29, 400,
	    "bad_request" },
	{ "NUL in a value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\0b\r\n\r\n", 34,
	    400, "bad_request" },
	{ "bare CR in a value",
	    "GET / HTTP/1.1\r\nHost: a\r\nX: a\rY: b\r\n\r\n", 0, 400,
	    "bad_request" },
	{ "bare CR ending a line", "GET / HTTP/1.1\rHost: a\r\n\r\n", 0, 400,
	    "bad_request" },
	{ "bare LF", "GET / HTTP/1.1\nHost: a\n\n", 0, 400, "bad_request" },
	{ "two different lengths",
	    "POST /api/v1/session HTTP/1.1\r\nHost: a\r\nContent-Type: "
	    "application/json\r\nContent-Length: 2\r\nContent-Length: 10\r\n"
	    "\r\n{}",
	    0, 400, "bad_request" },
	{ "the same length twice",
	    "POST /api/v1/session HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n"
	    "Content-Length: 2\r\n\r\n{}",
	    0, 400, "bad_request" },
	{ "a list as length",
	    "POST /api/v1/session HTTP/1.1\r\nHost: a\r\nContent-Length: 2, 2\r\n"
	    "\r\n{}",
	    0, 400, "bad_request" },
	{ "transfer coding and length",
	    "POST /api/v1/session HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n"
	    "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
	    0, 400, "bad_request" },
	{ "chunked",
	    "POST /api/v1/session HTTP/1.1\r\nHost: a\r\n"
	    "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
	    0, 411, "length_required" },
	{ "gzip",
	    "POST /api/v1/session HTTP/1.1\r\nHost: a\r\n"
	    "Transfer-Encoding: gzip\r\n\r\nxx",
	    0, 501, "not_implemented" },
	{ "xchunked",
	    "POST /api/v1/session HTTP/1.1\r\nHost: a\r\n"
	    "Transfer-Encoding: xchunked\r\n\r\nxx",
	    0, 501, "not_implemented" },
	{ "chunked twice",
	    "POST /api/v1/session HTTP/1.1\r\nHost: a\r\n"
	    "Transfer-Encoding: chunked, chunked\r\n\r\nxx",
	    0, 501, "not_implemented" },
	{ "unknown method", "BREW /pot HTTP/1.1\r\nHost: a\r\n\r\n", 0, 501,
	    "not_implemented" },
	{ "HTTP/2.0", "GET / HTTP/2.0\r\nHost: a\r\n\r\n", 0, 505,
	    "http_version_not_supported" },
	{ "HTTP/0.9", "GET /\r\n\r\n", 0, 505, "http_version_not_supported" },
	{ "a bad version", "GET / HTTP/x.y\r\nHost: a\r\n\r\n", 0, 400,
	    "bad_request" },
	{ "no Host", "GET /healthz HTTP/1.1\r\n\r\n", 0, 400, "bad_request" },
	{ "two Hosts", "GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 0,
	    400, "bad_request" },
	{ "a folded line",
	    "GET /healthz HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n", 0, 400,
	    "bad_request" },
	{ "space before the colon", "GET /healthz HTTP/1.1\r\nHost : a\r\n\r\n",
	    0, 400, "bad_request" },
	{ "absolute form", "GET http://a/healthz HTTP/1.1\r\nHost: a\r\n\r\n",
	    0, 400, "bad_request" },
	{ "a broken escape",
	    "GET /api/v1/chains/%zz HTTP/1.1\r\nHost: a\r\n\r\n", 0, 400,
	    "bad_request" },
};

static void
test_malformed_heads_get_json_errors_and_close(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *c = &bad_cases[i];
		struct tsock_resp r;

		tsock_exchange(NULL, c->req,
		    c->len != 0 ? c->len : strlen(c->req), 5000, &r);
		expect_json_error(&r, c->status, c->code, c->what);
		tsock_resp_release(&r);
	}
}

/* Found by the hostile battery: libmicrohttpd 0.9.75 sends 100 Continue
 * to an Expect field even without a body, and then refused our reply when
 * more bytes had come behind the head; the connection hung until its idle
 * timeout.  Such requests are answered at once. */
static void
test_expect_without_a_body_is_answered(void **state)
{
	static const char reqs[][160] = {
		"GET /healthz HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n"
		"Content-Length: 0\r\n\r\n}",
		"OPTIONS /api/v1/users HTTP/1.1\r\nHost: a\r\nExpect: "
		"100-continue\r\n\r\nGET / HTTP/1.1\r\n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(reqs) / sizeof(reqs[0]); i++) {
		struct tsock_resp r;
		int fd = tsock_connect(NULL, 0);

		assert_true(fd != -1);
		assert_true(tsock_send(fd, reqs[i], strlen(reqs[i])));
		tsock_read(fd, 3000, true, &r);
		close(fd);
		assert_true(r.status == 200 || r.status == 405);
		assert_true(r.ms < 1000);
		assert_true(r.closed);
		tsock_resp_release(&r);
	}
}

/* What once exhausted the library's memory pool (the client got no
 * bytes at all) and what is too large is answered as JSON. */
static void
test_oversized_heads_get_json_errors(void **state)
{
	static char req[40000];
	struct tsock_resp r;
	int n;
	int i;

	(void)state;
	n = snprintf(req, sizeof(req), "GET /api/v1/chains?");
	for (i = 0; i < 600; i++)
		n += snprintf(req + n, sizeof(req) - (size_t)n, "a=%d&", i);
	n += snprintf(req + n, sizeof(req) - (size_t)n,
	    " HTTP/1.1\r\nHost: a\r\n\r\n");
	tsock_exchange(NULL, req, (size_t)n, 5000, &r);
	expect_json_error(&r, 414, "uri_too_long", "600 query arguments");
	tsock_resp_release(&r);

	n = snprintf(req, sizeof(req),
	    "GET /api/v1/chains HTTP/1.1\r\n"
	    "Host: a\r\nCookie: ");
	for (i = 0; i < 1000; i++)
		n += snprintf(req + n, sizeof(req) - (size_t)n, "c%d=1; ", i);
	n += snprintf(req + n, sizeof(req) - (size_t)n, "\r\n\r\n");
	tsock_exchange(NULL, req, (size_t)n, 5000, &r);
	expect_json_error(&r, 431, "headers_too_large", "1000 cookie pairs");
	tsock_resp_release(&r);

	n = snprintf(req, sizeof(req),
	    "GET /api/v1/chains HTTP/1.1\r\n"
	    "Host: a\r\n");
	for (i = 0; i < 100; i++)
		n += snprintf(req + n, sizeof(req) - (size_t)n, "X-%d: 1\r\n",
		    i);
	n += snprintf(req + n, sizeof(req) - (size_t)n, "\r\n");
	tsock_exchange(NULL, req, (size_t)n, 5000, &r);
	expect_json_error(&r, 431, "headers_too_large", "100 fields");
	tsock_resp_release(&r);

	n = snprintf(req, sizeof(req), "GET /api/v1/chains?q=");
	memset(req + n, 'a', 30000);
	n += 30000;
	n += snprintf(req + n, sizeof(req) - (size_t)n,
	    " HTTP/1.1\r\nHost: a\r\n\r\n");
	tsock_exchange(NULL, req, (size_t)n, 5000, &r);
	expect_json_error(&r, 414, "uri_too_long", "a 30 KB target");
	tsock_resp_release(&r);

	n = snprintf(req, sizeof(req), "GET / HTTP/1.1\r\nHost: a\r\nX: ");
	memset(req + n, 'a', 30000);
	n += 30000;
	n += snprintf(req + n, sizeof(req) - (size_t)n, "\r\n\r\n");
	tsock_exchange(NULL, req, (size_t)n, 5000, &r);
	expect_json_error(&r, 431, "headers_too_large", "a 30 KB field");
	tsock_resp_release(&r);
}

/* One good request, then a bad one on the same connection: the second
 * is parsed by the library, and held to the same rules. */
static void
keepalive_then(const char *second, size_t len, int status, const char *code)
{
	static const char first[] = "GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n";
	struct tsock_resp r;
	int fd = tsock_connect(NULL, 0);

	assert_true(fd != -1);
	assert_true(tsock_send(fd, first, sizeof(first) - 1));
	tsock_read(fd, 3000, false, &r);
	assert_int_equal(r.status, 200);
	assert_false(r.closed);
	tsock_resp_release(&r);
	assert_true(tsock_send(fd, second, len));
	tsock_read(fd, 3000, true, &r);
	expect_json_error(&r, status, code, second);
	tsock_resp_release(&r);
	close(fd);
}

static void
test_second_request_on_a_connection_has_the_same_rules(void **state)
{
	static const char dup_len[] =
	    "POST /api/v1/session HTTP/1.1\r\nHost: a\r\nContent-Type: "
	    "application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n"
	    "\r\n{}";
	static const char gzip[] =
	    "POST /api/v1/session HTTP/1.1\r\nHost: a\r\n"
	    "Transfer-Encoding: gzip\r\n\r\nxx";
	static const char cr[] = "GET /healthz HTTP/1.1\r\nHost: a\r\n"
	                         "X: a\rb\r\n\r\n";
	static const char method[] =
	    "BREW /healthz HTTP/1.1\r\nHost: a\r\n\r\n";
	static char big[12000];
	int n;

	(void)state;
	keepalive_then(dup_len, sizeof(dup_len) - 1, 400, "bad_request");
	keepalive_then(gzip, sizeof(gzip) - 1, 501, "not_implemented");
	keepalive_then(cr, sizeof(cr) - 1, 400, "bad_request");
	keepalive_then(method, sizeof(method) - 1, 501, "not_implemented");
	n = snprintf(big, sizeof(big),
	    "GET /healthz HTTP/1.1\r\nHost: a\r\nX: ");
	memset(big + n, 'a', 9000);
	n += 9000;
	n += snprintf(big + n, sizeof(big) - (size_t)n, "\r\n\r\n");
	keepalive_then(big, (size_t)n, 431, "headers_too_large");
}

/* With keepalive = false every request has a connection of its own, so
 * the strict check of conn.c sees every head: a second request sent on
 * the same connection is never read. */
static void
test_one_request_per_connection_without_keepalive(void **state)
{
	static const char two[] = "GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n"
	                          "GET /healthz HTTP/1.1\r\nHost: a\r\n"
	                          "X: a\0b\r\n\r\n";
	const char *const env[] = { "HONGLIAN_SERVER_KEEPALIVE=false", NULL };
	struct tserver s;
	struct tsock_resp r;
	char v[64];

	(void)state;
	assert_true(tserver_start(&s, "nokeepalive", 0, env));
	tserver_use(&s);
	tsock_exchange(NULL, two, sizeof(two) - 1, 3000, &r);
	tserver_use(NULL);
	assert_int_equal(r.status, 200);
	assert_true(tsock_header(&r, "Connection", v, sizeof(v)));
	assert_string_equal(v, "close");
	assert_true(r.closed);
	assert_null(strstr(r.body, "HTTP/1.1"));
	tsock_resp_release(&r);
	assert_true(tserver_stop(&s));
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Send a head line by line every 700 ms (each line resets an idle
 * timeout, never ours) until the server answers: 408 JSON, within the
 * head deadline and a sweep of it. */
static void
trickle_head(int fd, double t0)
{
	struct tsock_resp r;
	char line[64];
	int i;

	for (i = 0; i < 20; i++) {
		snprintf(line, sizeof(line), "X-Slow-%d: %d\r\n", i, i);
		tsock_send(fd, line, strlen(line));
		tsock_read(fd, 700, true, &r);
		if (r.raw_len > 0 || r.closed)
			break;
		tsock_resp_release(&r);
	}
	expect_json_error(&r, 408, "request_timeout", "a trickled head");
	fprintf(stderr, "trickled head answered 408 after %.0f ms\n",
	    now_ms() - t0);
	assert_true(now_ms() - t0 < HEADER_TIMEOUT_MS + 1000);
	assert_true(now_ms() - t0 > HEADER_TIMEOUT_MS - 200);
	tsock_resp_release(&r);
}

static void
test_trickled_head_gets_408(void **state)
{
	static const char line1[] = "GET /healthz HTTP/1.1\r\nHost: a\r\n";
	static const char first[] = "GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n";
	struct tsock_resp r;
	double t0 = now_ms();
	int fd = tsock_connect(NULL, 0);

	(void)state;
	assert_true(fd != -1);
	assert_true(tsock_send(fd, line1, sizeof(line1) - 1));
	trickle_head(fd, t0);
	close(fd);

	/* The same on a kept-alive connection's second request, which the
	 * library reads. */
	fd = tsock_connect(NULL, 0);
	assert_true(tsock_send(fd, first, sizeof(first) - 1));
	tsock_read(fd, 3000, false, &r);
	assert_int_equal(r.status, 200);
	tsock_resp_release(&r);
	t0 = now_ms();
	assert_true(tsock_send(fd, line1, sizeof(line1) - 1));
	trickle_head(fd, t0);
	close(fd);
}

/* A connection that says nothing is closed, without an answer. */
static void
test_silent_connection_is_closed(void **state)
{
	struct tsock_resp r;
	double t0 = now_ms();
	int fd = tsock_connect(NULL, 0);

	(void)state;
	assert_true(fd != -1);
	tsock_read(fd, HEADER_TIMEOUT_MS + 2000, true, &r);
	assert_true(r.closed);
	assert_int_equal(r.raw_len, 0);
	assert_true(now_ms() - t0 < HEADER_TIMEOUT_MS + 1000);
	tsock_resp_release(&r);
	close(fd);
}

/* A body that trickles in: 408 at the body's deadline (3 s for 100
 * bytes), not when the client stops. */
static void
test_trickled_body_gets_408(void **state)
{
	static const char head[] =
	    "POST /api/v1/session HTTP/1.1\r\nHost: a\r\n"
	    "Content-Type: application/json\r\n"
	    "Content-Length: 100\r\n\r\n";
	struct tsock_resp r;
	double t0;
	int fd = tsock_connect(NULL, 0);
	int i;

	(void)state;
	assert_true(fd != -1);
	assert_true(tsock_send(fd, head, sizeof(head) - 1));
	t0 = now_ms();
	for (i = 0; i < 20; i++) {
		tsock_send(fd, "{", 1);
		tsock_read(fd, 400, true, &r);
		if (r.raw_len > 0 || r.closed)
			break;
		tsock_resp_release(&r);
	}
	expect_json_error(&r, 408, "request_timeout", "a trickled body");
	assert_true(now_ms() - t0 < 3000 + 1000);
	tsock_resp_release(&r);
	close(fd);
}

/* An upload without a session: 401 at once, and the library is never
 * asked to read its 20 MB (it would answer 100 Continue first). */
static void
test_upload_judged_before_its_body(void **state)
{
	static const char anon[] =
	    "POST /api/v1/cases/1/attachments HTTP/1.1\r\nHost: a\r\n"
	    "Content-Type: multipart/form-data; boundary=x\r\n"
	    "Content-Length: 20000000\r\nExpect: 100-continue\r\n\r\n";
	static const char big[] =
	    "POST /api/v1/session HTTP/1.1\r\nHost: a\r\n"
	    "Content-Type: application/json\r\n"
	    "Content-Length: 20000000\r\nExpect: 100-continue\r\n\r\n";
	static const char type[] =
	    "POST /api/v1/session HTTP/1.1\r\nHost: a\r\n"
	    "Content-Type: text/plain\r\n"
	    "Content-Length: 2000\r\nExpect: "
	    "100-continue\r\n\r\n";
	struct tsock_resp r;

	(void)state;
	tsock_exchange(NULL, anon, sizeof(anon) - 1, 3000, &r);
	expect_json_error(&r, 401, "unauthenticated", "anonymous upload");
	assert_null(strstr(r.raw, "100 Continue"));
	tsock_resp_release(&r);
	tsock_exchange(NULL, big, sizeof(big) - 1, 3000, &r);
	expect_json_error(&r, 413, "payload_too_large", "20 MB of JSON");
	assert_null(strstr(r.raw, "100 Continue"));
	tsock_resp_release(&r);
	tsock_exchange(NULL, type, sizeof(type) - 1, 3000, &r);
	expect_json_error(&r, 415, "unsupported_media_type", "text/plain");
	tsock_resp_release(&r);
}

/* A body refused from a client is refused before it is read, and the
 * connection closed; from a trusted proxy, which has the body already and
 * would turn a reply sent before it into its own 502, the body is read
 * and dropped first, the JSON error follows and the connection stays
 * usable. */
static void
test_refused_body_is_drained_only_for_a_trusted_proxy(void **state)
{
	static const char head[] =
	    "POST /api/v1/cases HTTP/1.1\r\nHost: a\r\n"
	    "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n";
	static const char ping[] = "GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n";
	char body[1000];
	struct tsock_resp r;
	int fd;

	(void)state;
	memset(body, ' ', sizeof(body));
	tsock_exchange(NULL, head, sizeof(head) - 1, 3000, &r);
	expect_json_error(&r, 401, "unauthenticated", "a client's body");
	tsock_resp_release(&r);

	fd = tsock_connect("127.0.0.8", 0);
	assert_true(fd != -1);
	assert_true(tsock_send(fd, head, sizeof(head) - 1));
	tsock_read(fd, 500, false, &r);
	assert_int_equal(r.status, 0); /* waits for the body */
	assert_false(r.closed);
	tsock_resp_release(&r);
	assert_true(tsock_send(fd, body, sizeof(body)));
	tsock_read(fd, 3000, false, &r);
	assert_int_equal(r.status, 401);
	assert_non_null(strstr(r.body, "\"unauthenticated\""));
	assert_false(r.closed);
	tsock_resp_release(&r);
	assert_true(tsock_send(fd, ping, sizeof(ping) - 1));
	tsock_read(fd, 3000, false, &r);
	assert_int_equal(r.status, 200);
	tsock_resp_release(&r);
	close(fd);
}

/* max_per_ip connections from one address, then the next is refused with
 * 429 at once; another address is served as ever. */
static void
test_connections_per_address_are_limited(void **state)
{
	static const char ping[] = "GET /healthz HTTP/1.1\r\nHost: a\r\n"
	                           "Connection: close\r\n\r\n";
	int fds[MAX_PER_IP];
	struct tsock_resp r;
	int i;

	(void)state;
	for (i = 0; i < MAX_PER_IP; i++) {
		fds[i] = tsock_connect("127.0.0.50", 0);
		assert_true(fds[i] != -1);
	}
	usleep(200 * 1000);
	tsock_exchange("127.0.0.50", ping, sizeof(ping) - 1, 2000, &r);
	expect_json_error(&r, 429, "rate_limited", "one connection too many");
	tsock_resp_release(&r);
	tsock_exchange("127.0.0.51", ping, sizeof(ping) - 1, 2000, &r);
	assert_int_equal(r.status, 200);
	tsock_resp_release(&r);
	for (i = 0; i < MAX_PER_IP; i++)
		close(fds[i]);
}

/* A failed login's audit row carries the client address the server
 * settled on. */
static void
login_from(const char *src, const char *xff_lines, char *ip, size_t cap)
{
	static const char body[] =
	    "{\"login\":\"nobody-xff\",\"password\":\"x\"}";
	static unsigned serial;
	char req[1024];
	char rid[40];
	struct tsock_resp r;
	struct tdb *db;
	const char *v;
	int n;

	snprintf(rid, sizeof(rid), "xfftest-%ld-%u", (long)getpid(), serial++);
	n = snprintf(req, sizeof(req),
	    "POST /api/v1/session HTTP/1.1\r\nHost: a\r\n"
	    "Content-Type: application/json\r\nX-Request-Id: %s\r\n%s"
	    "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
	    rid, xff_lines, sizeof(body) - 1, body);
	tsock_exchange(src, req, (size_t)n, 5000, &r);
	assert_int_equal(r.status, 401);
	tsock_resp_release(&r);
	db = tdb_open();
	assert_non_null(db);
	v = tdb_value(db,
	    "SELECT host(client_ip) FROM audit_log WHERE request_id = $1", rid,
	    NULL);
	snprintf(ip, cap, "%s", v != NULL ? v : "");
	tdb_exec(db, "DELETE FROM login_attempts WHERE login = 'nobody-xff'",
	    NULL);
	tdb_close(db);
}

static void
test_client_address_behind_a_trusted_proxy(void **state)
{
	char ip[64];

	(void)state;
	/* Not a trusted proxy: X-Forwarded-For is the client's say. */
	login_from("127.0.0.7", "X-Forwarded-For: 9.9.9.9\r\n", ip, sizeof(ip));
	assert_string_equal(ip, "127.0.0.7");
	/* The proxy appended the address it saw; what the client wrote to
	 * the left of it does not count. */
	login_from("127.0.0.8", "X-Forwarded-For: 6.6.6.6, 5.5.5.5\r\n", ip,
	    sizeof(ip));
	assert_string_equal(ip, "5.5.5.5");
	login_from("127.0.0.8", "X-Forwarded-For: 5.5.5.5, 127.0.0.8\r\n", ip,
	    sizeof(ip));
	assert_string_equal(ip, "5.5.5.5");
	login_from("127.0.0.8",
	    "X-Forwarded-For: 1.1.1.1\r\nX-Forwarded-For: 2.2.2.2\r\n", ip,
	    sizeof(ip));
	assert_string_equal(ip, "2.2.2.2");
	login_from("127.0.0.8",
	    "X-Forwarded-For: 2001:db8::1, \"},{\"ip\":\"x\r\n", ip,
	    sizeof(ip));
	assert_string_equal(ip, "127.0.0.8");
	login_from("127.0.0.8", "X-Forwarded-For: 2001:db8::7\r\n", ip,
	    sizeof(ip));
	assert_string_equal(ip, "2001:db8::7");
	login_from("127.0.0.8", "", ip, sizeof(ip));
	assert_string_equal(ip, "127.0.0.8");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    test_malformed_heads_get_json_errors_and_close),
		cmocka_unit_test(test_oversized_heads_get_json_errors),
		cmocka_unit_test(test_expect_without_a_body_is_answered),
		cmocka_unit_test(
		    test_second_request_on_a_connection_has_the_same_rules),
		cmocka_unit_test(
		    test_one_request_per_connection_without_keepalive),
		cmocka_unit_test(test_trickled_head_gets_408),
		cmocka_unit_test(test_silent_connection_is_closed),
		cmocka_unit_test(test_trickled_body_gets_408),
		cmocka_unit_test(test_upload_judged_before_its_body),
		cmocka_unit_test(
		    test_refused_body_is_drained_only_for_a_trusted_proxy),
		cmocka_unit_test(test_connections_per_address_are_limited),
		cmocka_unit_test(test_client_address_behind_a_trusted_proxy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
