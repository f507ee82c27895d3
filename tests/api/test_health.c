/*
 * GET /healthz, and the security headers on it and on a JSON error: the
 * first thing every deployment and every other API test relies on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "thttp.h"

static void
assert_security_headers(const struct thttp_resp *r)
{
	const char *csp = thttp_resp_header(r, "Content-Security-Policy");
	const char *v;

	assert_non_null(csp);
	assert_non_null(strstr(csp, "default-src 'self'"));
	v = thttp_resp_header(r, "X-Content-Type-Options");
	assert_non_null(v);
	assert_string_equal(v, "nosniff");
	v = thttp_resp_header(r, "X-Frame-Options");
	assert_non_null(v);
	assert_string_equal(v, "DENY");
	v = thttp_resp_header(r, "Referrer-Policy");
	assert_non_null(v);
	assert_true(*v != '\0');
	v = thttp_resp_header(r, "X-Request-Id");
	assert_non_null(v);
	assert_true(*v != '\0');
}

static void
assert_json_type(const struct thttp_resp *r)
{
	const char *ct = thttp_resp_header(r, "Content-Type");

	assert_non_null(ct);
	assert_int_equal(strncmp(ct, "application/json", 16), 0);
}

/* The response lives in *state, so it is freed even when an assertion
 * ends the test early. */
static int
free_resp(void **state)
{
	thttp_resp_free(*state);
	return 0;
}

static void
test_healthz_ok(void **state)
{
	struct thttp_resp *r = thttp_request("GET", "/healthz", NULL, NULL, 0);

	*state = r;
	assert_int_equal(r->status, 200);
	assert_json_type(r);
	assert_non_null(thttp_resp_str(r, "status"));
	assert_string_equal(thttp_resp_str(r, "status"), "ok");
	assert_security_headers(r);
}

static void
test_unknown_api_path_404_json(void **state)
{
	struct thttp_resp *r =
	    thttp_request("GET", "/api/v1/nope", NULL, NULL, 0);
	const char *rid;

	*state = r;
	assert_int_equal(r->status, 404);
	assert_json_type(r);
	assert_non_null(thttp_resp_str(r, "error.code"));
	assert_string_equal(thttp_resp_str(r, "error.code"), "not_found");
	assert_non_null(thttp_resp_str(r, "error.message"));
	assert_security_headers(r);
	/* The id in the body is the one in the header, so a user's report
	 * can be matched to the log line. */
	rid = thttp_resp_str(r, "error.request_id");
	assert_non_null(rid);
	assert_string_equal(rid, thttp_resp_header(r, "X-Request-Id"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_healthz_ok, free_resp),
		cmocka_unit_test_teardown(test_unknown_api_path_404_json,
		    free_resp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
