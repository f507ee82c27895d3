/*
 * A black-box battery of hostile requests against the running server:
 * 20,000 (HONGLIAN_SOAK: 100,000) generated from a fixed seed, made of
 * real routes with hostile path parameters, query strings, headers and
 * bodies (malformed JSON, deep nesting, huge strings, invalid UTF-8, NUL
 * escapes, broken multipart, garbage credentials), some signed in, and a
 * fifth of them mangled byte by byte afterwards.  Every one must be
 * answered (unless its body was cut short by construction), never with a
 * server error (500, 502, 503, 504: 501 and 505 are the refusals HTTP
 * prescribes for unknown methods, transfer codings and versions, and are
 * counted apart), always within 5 s, every error on an API path or of
 * the protocol as the JSON error body; afterwards
 * every access log line is valid JSON and the log holds no sanitizer
 * report.  Requests that could change data are kept from succeeding:
 * signed-in changes go to records that do not exist or carry broken JSON.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "tfix.h"
#include "thttp.h"
#include "tsock.h"

#define N_REQUESTS 20000
#define N_SOAK     100000
#define ANSWER_MS  5000
#define MAX_REQ    (400 * 1024)

struct out {
	char *p;
	size_t len;
	size_t cap;
};

static uint64_t rng_ = 0x5eed2026c0ffee01u;

static uint32_t
rnd(void)
{
	rng_ ^= rng_ << 13;
	rng_ ^= rng_ >> 7;
	rng_ ^= rng_ << 17;
	return (uint32_t)(rng_ >> 16);
}

static uint32_t
below(uint32_t n)
{
	return rnd() % n;
}

static void
put(struct out *o, const void *p, size_t n)
{
	if (o->len + n + 1 > o->cap) {
		o->cap = (o->len + n + 1) * 2;
		o->p = realloc(o->p, o->cap);
		assert_non_null(o->p);
	}
	memcpy(o->p + o->len, p, n);
	o->len += n;
	o->p[o->len] = '\0';
}

static void
puts_(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

static void putf(struct out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
putf(struct out *o, const char *fmt, ...)
{
	char buf[4096];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	put(o, buf, n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

static void
put_rep(struct out *o, char c, size_t n)
{
	while (n-- > 0)
		put(o, &c, 1);
}

#define PICK(a) (a)[below(sizeof(a) / sizeof((a)[0]))]

static const char *const routes[] = { "/healthz", "/readyz", "/api/v1/chains",
	"/api/v1/chains/{}", "/api/v1/me", "/api/v1/session",
	"/api/v1/enterprises", "/api/v1/enterprises/{}",
	"/api/v1/enterprises/{}/policies", "/api/v1/cases", "/api/v1/cases/{}",
	"/api/v1/cases/{}/transitions", "/api/v1/cases/{}/notes",
	"/api/v1/cases/{}/attachments", "/api/v1/cases.csv",
	"/api/v1/cases.xlsx", "/api/v1/visits", "/api/v1/visits/{}",
	"/api/v1/coverage", "/api/v1/bulletins", "/api/v1/bulletins/{}",
	"/api/v1/bulletins/{}/publish", "/api/v1/policies", "/api/v1/users",
	"/api/v1/users/{}", "/api/v1/tokens", "/api/v1/tokens/{}",
	"/api/v1/audit", "/api/v1/assignments", "/api/v1/me/password",
	"/bulletins", "/bulletins/{}", "/desk/", "/m/", "/index.html",
	"/assets/{}.js", "/api/v1/openapi.json", "/api/v1/nope", "/",
	"/%2e%2e/%2e%2e/etc/passwd", "//etc/passwd", "/api/v1/../../etc/passwd",
	"/api/v1/cases/{}/{}/{}", "/api" };

static const char *const params[] = { "1", "2", "0", "-1", "999999999",
	"99999999999999999999999", "abc", "%00", "..%2f..", "%c0%ae%c0%ae",
	"%E6%B1%BD%E8%BD%A6", "'%20OR%201=1--", "auto-parts", "%ff%fe", "1.5",
	"0x10", "%252e", "%", "%zz", "a%0d%0aSet-Cookie:x=1", "<script>",
	"\xe6\xb1\xbd", "\xff" };

static const char *const qkeys[] = { "limit", "cursor", "q", "status", "chain",
	"from", "to", "enterprise", "overdue", "escalated", "stale_days",
	"dry_run", "category", "assignee", "level", "role", "action",
	"object_type", "x", "", "%00", "a[]", "limit" };

static const char *const qvals[] = { "", "1", "0", "-5", "201",
	"99999999999999999999", "true", "maybe", "2026-02-30", "2026-13-01",
	"1e9", "%ff", "%E6%B1%BD", "%27;DROP%20TABLE%20cases;--",
	"%3Cscript%3E", "MTA", "!!!", "%00", "submitted", "auto-parts",
	"2026-01-01", "a+b", "%" };

static const char *const json_bodies[] = { "{", "}", "[]", "null", "\"x\"",
	"{\"login\":1}", "{\"login\":\"a\",\"password\":null}",
	"{\"login\":\"hostile\",\"password\":\"x\"}", "{\"a\":\"\\u0000\"}",
	"{\"title\":\"\xff\xfe\"}", "{\"enterprise_id\":1e400}",
	"{\"a\":1,\"a\":2}", "{\"category\":\"policy\",\"description\":\"x\"}",
	"{\"action\":\"accept\",\"note\":[1,{}]}", "{\"ids\":[1,2,\"3\"]}",
	"{\"name\":\"\\ud800\"}", "{\"x\":-0.0e-99999}", "\xef\xbb\xbf{}",
	"{\"__proto__\":{}}",
	"{\"login\":\"hostile-nobody\",\"password\":\"\"}",
	"{\"body_md\":\"<script>alert(1)</script>\",\"title\":\"\"}" };

static const char *const extra_headers[] = { "Host: a",
	"Host: ", "Content-Type: text/plain",
	"Content-Type: application/json; charset=gbk",
	"Content-Type: multipart/form-data",
	"Content-Type: multipart/form-data; boundary=",
	"Cookie: hl_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
	"Cookie: hl_session=\"; Path=/", "Cookie: ;;;;=;=;a",
	"Authorization: Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
	"Authorization: Bearer",
	"Authorization: Basic YWRtaW46YWRtaW4=", "X-CSRF-Token: x",
	"Expect: 100-continue", "Expect: 200-ok", "Range: bytes=0-1,5-",
	"If-None-Match: *", "If-None-Match: \"\"",
	"Accept-Encoding: gzip, br, *;q=0", "X-Forwarded-For: 1.2.3.4, x, ,",
	"X-Forwarded-For: \"},{\"a\":\"", "X-Request-Id: ../../\"x",
	"X-Request-Id: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	"Idempotency-Key: \xff\xfe",
	"Idempotency-Key: ", "Connection: keep-alive, Upgrade",
	"Upgrade: websocket", "Transfer-Encoding: chunked",
	"Transfer-Encoding: gzip, chunked", "Content-Length: 5",
	"Content-Length: -1", "X-\x7f: 1", "Accept: */*",
	"User-Agent: \"><script>" };

static const char *const methods[] = { "GET", "GET", "GET", "GET", "POST",
	"POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS" };

/* One request in twenty: what no route has. */
static const char *const junk_methods[] = { "TRACE", "CONNECT", "FOO", "get",
	"G(T", "PROPFIND", "" };

/* The signed-in users' credentials: cookie value and CSRF token. */
struct cred {
	char cookie[64];
	char csrf[64];
};

static struct cred creds_[3];

static void
sign_in(const char *login, struct cred *c)
{
	const char *hdrs[2] = { "Content-Type: application/json", NULL };
	char body[128];
	struct thttp_resp *r;
	const char *sc;

	snprintf(body, sizeof(body), "{\"login\":\"%s\",\"password\":\"%s\"}",
	    login, TFIX_DEMO_PASSWORD);
	r = thttp_request("POST", "/api/v1/session", hdrs, body, strlen(body));
	tfix_expect(r, 200, NULL);
	sc = thttp_resp_header(r, "Set-Cookie");
	assert_non_null(sc);
	snprintf(c->cookie, sizeof(c->cookie), "%.*s",
	    (int)strcspn(sc + strlen("hl_session="), ";"),
	    sc + strlen("hl_session="));
	snprintf(c->csrf, sizeof(c->csrf), "%s",
	    thttp_resp_str(r, "csrf_token"));
	thttp_resp_free(r);
}

static void
put_path(struct out *o, bool changes, bool signed_in)
{
	const char *r = PICK(routes);
	size_t i;

	for (i = 0; r[i] != '\0'; i++) {
		if (r[i] == '{' && r[i + 1] == '}') {
			/* A signed-in change never reaches a real record. */
			if (changes && signed_in)
				puts_(o, "999999999");
			else if (below(20) == 0)
				put_rep(o, '9', 100 + below(4000));
			else
				puts_(o, PICK(params));
			i++;
		} else {
			put(o, &r[i], 1);
		}
	}
	if (below(2) == 0) {
		int n = (int)below(below(10) == 0 ? 120 : 5);
		int k;

		put(o, "?", 1);
		for (k = 0; k < n; k++)
			putf(o, "%s%s=%s", k > 0 ? "&" : "", PICK(qkeys),
			    PICK(qvals));
	}
}

/* A body; *broken when it is certain not to parse as JSON. */
static void
put_body(struct out *o, bool multipart, bool must_break)
{
	if (multipart) {
		puts_(o,
		    "--x\r\nContent-Disposition: form-data; name=\"file\"; "
		    "filename=\"");
		puts_(o, PICK(params));
		puts_(o, ".pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF");
		if (below(3) != 0)
			puts_(o, "\r\n--x--\r\n");
		return;
	}
	switch (below(6)) {
	case 0:
		put_rep(o, '[', 1 + below(20000));
		break;
	case 1:
		puts_(o, "{\"name\":\"");
		put_rep(o, 'a', below(300000));
		puts_(o, "\"}");
		break;
	default:
		puts_(o, PICK(json_bodies));
		break;
	}
	if (must_break)
		puts_(o, "}}\x01");
}

/*
 * One hostile request into o.  *complete says whether the server has
 * every byte it needs (a mangled or cut one may not: then no answer is
 * acceptable).
 */
static void
make_request(struct out *o, bool *complete)
{
	const char *m = below(20) == 0 ? PICK(junk_methods) : PICK(methods);
	bool changes = strcmp(m, "GET") != 0 && strcmp(m, "HEAD") != 0;
	int who = (int)below(6) - 3;
	bool signed_in = who >= 0;
	bool multipart = below(8) == 0;
	bool has_body = changes && below(5) != 0;
	struct out body = { 0 };
	size_t declared;
	int n;
	int k;

	o->len = 0;
	*complete = true;
	if (has_body)
		put_body(&body, multipart, signed_in);
	putf(o, "%s ", m);
	put_path(o, changes, signed_in);
	puts_(o, below(40) == 0 ? " HTTP/1.0\r\n" : " HTTP/1.1\r\n");
	if (below(30) != 0)
		puts_(o, "Host: 127.0.0.1\r\n");
	if (signed_in) {
		putf(o, "Cookie: hl_session=%s\r\n", creds_[who].cookie);
		if (below(4) != 0)
			putf(o, "X-CSRF-Token: %s\r\n", creds_[who].csrf);
	}
	n = (int)below(4);
	for (k = 0; k < n; k++) {
		const char *h = PICK(extra_headers);

		/* A length for a body that is not sent: nothing to answer. */
		if (!has_body && strcmp(h, "Content-Length: 5") == 0)
			*complete = false;
		putf(o, "%s\r\n", h);
	}
	if (has_body) {
		declared = body.len;
		if (below(25) == 0) {
			declared += 1 + below(100);
			*complete = false;
		} else if (below(25) == 0 && declared > 0) {
			declared -= 1 + below((uint32_t)declared);
		}
		putf(o, "Content-Type: %s\r\nContent-Length: %zu\r\n",
		    multipart ? "multipart/form-data; boundary=x"
		              : "application/json",
		    declared);
	}
	puts_(o, "Connection: close\r\n\r\n");
	if (has_body)
		put(o, body.p, body.len);
	free(body.p);
	/* A fifth, mangled: bytes flipped, control bytes put in, cut. */
	if (below(5) == 0 && o->len > 0) {
		static const char bad[] = { '\0', '\r', '\n', ' ', ':', '\x7f',
			'\xff', '%', '"' };
		int flips = 1 + (int)below(4);

		for (k = 0; k < flips; k++) {
			size_t at = below((uint32_t)o->len);

			o->p[at] = below(2) == 0 ? bad[below(sizeof(bad))]
			                         : (char)rnd();
		}
		if (below(4) == 0)
			o->len = below((uint32_t)o->len) + 1;
		*complete = false;
	}
}

/* The status of the final answer in r (after any 100 Continue). */
static int
final_status(const struct tsock_resp *r, const char **body)
{
	const char *p = r->raw;
	const char *end = r->raw + r->raw_len;

	*body = NULL;
	while (p < end && strncmp(p, "HTTP/1.1 100", 12) == 0) {
		const char *e = strstr(p, "\r\n\r\n");

		if (e == NULL)
			return 0;
		p = e + 4;
	}
	if (end - p < 12 || strncmp(p, "HTTP/1.", 7) != 0)
		return 0;
	*body = strstr(p, "\r\n\r\n");
	if (*body != NULL)
		*body += 4;
	return atoi(p + 9);
}

static bool
is_json_error(const char *body)
{
	json_error_t je;
	json_t *j = body != NULL ? json_loads(body, 0, &je) : NULL;
	bool ok = j != NULL &&
	    json_is_string(
	        json_object_get(json_object_get(j, "error"), "code"));

	json_decref(j);
	return ok;
}

/* API paths answer errors as JSON, and so does every refusal of the
 * protocol, whatever the path; the public pages (/bulletins) answer
 * theirs as HTML pages. */
static bool
must_be_json(const struct out *req, int status)
{
	const char *sp = memchr(req->p, ' ', req->len);

	if (status == 408 || status == 411 || status == 414 || status == 431 ||
	    status == 501 || status == 505)
		return true;
	return sp != NULL && (size_t)(sp - req->p) + 5 < req->len &&
	    strncmp(sp + 1, "/api", 4) == 0;
}

static void
print_request(const struct out *o)
{
	size_t i;

	for (i = 0; i < o->len && i < 600; i++) {
		unsigned char c = (unsigned char)o->p[i];

		if (c >= 0x20 && c < 0x7f && c != '\\')
			fputc(c, stderr);
		else
			fprintf(stderr, "\\x%02x", c);
	}
	fputc('\n', stderr);
}

static void
check_log(void)
{
	const char *path = getenv("HONGLIAN_TEST_SERVER_LOG");
	char *line = NULL;
	size_t cap = 0;
	long n = 0;
	long bad = 0;
	FILE *f;

	assert_non_null(path);
	f = fopen(path, "r");
	assert_non_null(f);
	while (getline(&line, &cap, f) > 0) {
		json_error_t je;
		json_t *j;

		if (strstr(line, "runtime error") != NULL ||
		    strstr(line, "AddressSanitizer") != NULL)
			fail_msg("sanitizer report in the server log: %s",
			    line);
		if (line[0] != '{')
			continue;
		j = json_loads(line, 0, &je);
		if (j == NULL) {
			if (bad++ < 5)
				fprintf(stderr, "not JSON: %s", line);
		}
		json_decref(j);
		n++;
	}
	free(line);
	fclose(f);
	fprintf(stderr, "hostile: %ld access log lines, %ld not JSON\n", n,
	    bad);
	assert_true(n > 0);
	assert_int_equal(bad, 0);
}

static void
test_hostile_requests(void **state)
{
	const char *soak = getenv("HONGLIAN_SOAK");
	long total =
	    soak != NULL && strcmp(soak, "1") == 0 ? N_SOAK : N_REQUESTS;
	long by_class[6] = { 0 };
	long refused_5xx = 0;
	long unanswered = 0;
	long errors_not_json = 0;
	long fails = 0;
	double slowest = 0;
	struct timespec t0;
	struct timespec t1;
	struct out req = { 0 };
	long i;

	(void)state;
	sign_in("admin-demo", &creds_[0]);
	sign_in("ent-demo", &creds_[1]);
	sign_in("committee-demo", &creds_[2]);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < total; i++) {
		char src[16];
		struct tsock_resp r;
		const char *body;
		bool complete;
		int fd;
		int st;

		make_request(&req, &complete);
		snprintf(src, sizeof(src), "127.0.0.%ld", 100 + i % 20);
		fd = tsock_connect(src, 0);
		assert_true(fd != -1);
		tsock_send(fd, req.p, req.len);
		shutdown(fd, SHUT_WR);
		tsock_read(fd, ANSWER_MS + 1000, true, &r);
		close(fd);
		st = final_status(&r, &body);
		if (r.ms > slowest)
			slowest = r.ms;
		if (st == 0) {
			unanswered++;
			if (complete && fails++ < 10) {
				fprintf(stderr,
				    "no answer in %.0f ms to: ", r.ms);
				print_request(&req);
			}
		} else {
			if (st == 501 || st == 505)
				refused_5xx++;
			else
				by_class[st / 100 < 6 ? st / 100 : 5]++;
			if (st >= 500 && st != 501 && st != 505 &&
			    fails++ < 10) {
				fprintf(stderr, "%d to: ", st);
				print_request(&req);
			}
			if (st >= 400 && strncmp(req.p, "HEAD ", 5) != 0 &&
			    must_be_json(&req, st) && !is_json_error(body)) {
				errors_not_json++;
				if (fails++ < 10) {
					fprintf(stderr,
					    "%d not JSON (%.80s) to: ", st,
					    body != NULL ? body : "");
					print_request(&req);
				}
			}
		}
		if (r.ms > ANSWER_MS && fails++ < 10) {
			fprintf(stderr, "%.0f ms for: ", r.ms);
			print_request(&req);
		}
		tsock_resp_release(&r);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fprintf(stderr,
	    "hostile: %ld requests in %.1f s: %ld 2xx, %ld 3xx, %ld 4xx, "
	    "%ld 501/505 (unknown method, coding or version), %ld other 5xx, "
	    "%ld closed unanswered (cut short by construction), slowest "
	    "answer %.0f ms, %ld errors not JSON\n",
	    total,
	    (double)(t1.tv_sec - t0.tv_sec) +
	        (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
	    by_class[2], by_class[3], by_class[4], refused_5xx, by_class[5],
	    unanswered, slowest, errors_not_json);
	free(req.p);
	assert_int_equal(by_class[5], 0);
	assert_int_equal(errors_not_json, 0);
	assert_true(slowest <= ANSWER_MS);
	assert_int_equal(fails, 0);
	check_log();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hostile_requests),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
