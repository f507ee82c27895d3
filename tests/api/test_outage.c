/*
 * The database goes away while the server runs: requests that need it get
 * 503 unavailable with Retry-After within a few seconds (never a hang, a
 * 500 or a crash), /healthz stays up, /readyz says not ready, and once the
 * database is back the server reconnects by itself.  It stops and starts
 * the test cluster (HONGLIAN_TEST_PG_DIR), so the test runner runs it last.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "log.h"
#include "thttp.h"

static double
now_s(void)
{
	return (double)hl_log_now_us() / 1e6;
}

static void
cluster(const char *verb)
{
	const char *dir = getenv("HONGLIAN_TEST_PG_DIR");
	char cmd[1024];

	assert_non_null(dir);
	snprintf(cmd, sizeof(cmd), "scripts/pg.sh %s '%s' >/dev/null", verb,
	    dir);
	assert_int_equal(system(cmd), 0);
}

static void
test_database_down_then_back(void **state)
{
	struct thttp_resp *r;
	double t0;
	int i;

	(void)state;
	r = thttp_request("GET", "/api/v1/chains", NULL, NULL, 0);
	assert_int_equal(r->status, 200);
	thttp_resp_free(r);

	cluster("stop");
	/* Every worker thread has its own connection: ask a few times so
	 * that several of them find theirs broken. */
	for (i = 0; i < 8; i++) {
		t0 = now_s();
		r = thttp_request("GET", "/api/v1/chains/auto-parts", NULL,
		    NULL, 0);
		assert_true(now_s() - t0 < 5.0);
		assert_int_equal(r->status, 503);
		assert_string_equal(thttp_resp_str(r, "error.code"),
		    "unavailable");
		assert_non_null(thttp_resp_header(r, "Retry-After"));
		assert_true(atoi(thttp_resp_header(r, "Retry-After")) > 0);
		thttp_resp_free(r);
	}
	r = thttp_request("GET", "/healthz", NULL, NULL, 0);
	assert_int_equal(r->status, 200);
	thttp_resp_free(r);
	r = thttp_request("GET", "/readyz", NULL, NULL, 0);
	assert_int_equal(r->status, 503);
	thttp_resp_free(r);

	cluster("start");
	/* Reconnects are tried at most once a second per thread. */
	t0 = now_s();
	for (;;) {
		r = thttp_request("GET", "/api/v1/chains/auto-parts", NULL,
		    NULL, 0);
		if (r->status == 200 || now_s() - t0 > 10.0)
			break;
		assert_int_equal(r->status, 503);
		thttp_resp_free(r);
		usleep(200 * 1000);
	}
	assert_int_equal(r->status, 200);
	thttp_resp_free(r);
	for (i = 0; i < 8; i++) {
		r = thttp_request("GET", "/readyz", NULL, NULL, 0);
		if (r->status == 200) {
			thttp_resp_free(r);
			break;
		}
		thttp_resp_free(r);
		sleep(1);
	}
	assert_true(i < 8);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_database_down_then_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
