/*
 * More than one server: two `honglian serve` on one database behind
 * nginx (round robin; HONGLIAN_TEST_BASE_URL is nginx, and
 * HONGLIAN_TEST_NODE_URLS names the two servers).  nginx reaches both; a
 * session made on one works, and ends, on the other; an Idempotency-Key
 * used on one answers the same on the other and creates nothing more; the
 * background jobs of both run each period once (job_runs), both take
 * turns, and a deadline reminder goes out once; static files have the
 * same ETag on both.  The demo users of the seed act.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "tdb.h"
#include "tfix.h"
#include "thttp.h"

static char node_[2][128]; /* http://127.0.0.1:PORT of each server */
static struct tdb *db_;

/* The URL of path on server i. */
static const char *
on(int i, const char *path, char out[512])
{
	snprintf(out, 512, "%s%s", node_[i], path);
	return out;
}

/* A client signed in on server i only; its CSRF token from the answer. */
static struct thttp_client *
login_on(int i, const char *login)
{
	struct thttp_client *c = thttp_client_new();
	struct thttp_resp *r;
	char url[512];
	char body[256];

	snprintf(body, sizeof(body), "{\"login\":\"%s\",\"password\":\"%s\"}",
	    login, TFIX_DEMO_PASSWORD);
	r = thttp_client_json(c, "POST", on(i, "/api/v1/session", url), body);
	assert_int_equal(r->status, 200);
	assert_non_null(thttp_resp_str(r, "csrf_token"));
	thttp_client_set_csrf(c, thttp_resp_str(r, "csrf_token"));
	thttp_resp_free(r);
	return c;
}

static void
test_nginx_reaches_both_servers(void **state)
{
	char seen[2][64] = { "", "" };
	int n_seen = 0;
	int i;
	int k;

	(void)state;
	for (i = 0; i < 8; i++) {
		struct thttp_resp *r =
		    thttp_request("GET", "/api/v1/chains", NULL, NULL, 0);
		const char *up = thttp_resp_header(r, "X-Upstream");

		assert_int_equal(r->status, 200);
		assert_non_null(up);
		/* Every answer comes from one of the two servers. */
		assert_true(strstr(node_[0], up) != NULL ||
		    strstr(node_[1], up) != NULL);
		for (k = 0; k < n_seen && strcmp(seen[k], up) != 0; k++)
			;
		if (k == n_seen && n_seen < 2)
			snprintf(seen[n_seen++], sizeof(seen[0]), "%s", up);
		thttp_resp_free(r);
	}
	assert_int_equal(n_seen, 2);
}

static void
test_session_made_on_one_works_on_the_other(void **state)
{
	struct thttp_client *c = login_on(0, "committee-demo");
	struct thttp_resp *r;
	char url[512];

	(void)state;
	r = thttp_client_request(c, "GET", on(1, "/api/v1/me", url), NULL, NULL,
	    0);
	assert_int_equal(r->status, 200);
	assert_string_equal(thttp_resp_str(r, "user.login"), "committee-demo");
	thttp_resp_free(r);
	/* A change on the other server: the CSRF token holds there too. */
	r = thttp_client_json(c, "POST", on(1, "/api/v1/markdown/preview", url),
	    "{\"body_md\":\"**两台服务器**\"}");
	assert_int_equal(r->status, 200);
	thttp_resp_free(r);
	/* Signed out on the second, the session is gone on the first. */
	r = thttp_client_request(c, "DELETE", on(1, "/api/v1/session", url),
	    NULL, NULL, 0);
	assert_int_equal(r->status, 204);
	thttp_resp_free(r);
	r = thttp_client_request(c, "GET", on(0, "/api/v1/me", url), NULL, NULL,
	    0);
	assert_int_equal(r->status, 401);
	thttp_resp_free(r);
	thttp_client_free(c);
}

static void
test_idempotency_key_holds_across_servers(void **state)
{
	struct thttp_client *c[2] = { login_on(0, "commissioner-demo"), NULL };
	struct thttp_resp *r[2];
	char url[512];
	char key[96];
	char title[96];
	char hdr[160];
	char body[512];
	char ent[32];
	const char *headers[3];
	int i;

	(void)state;
	c[1] = c[0];
	r[0] = thttp_client_request(c[0], "GET",
	    on(0, "/api/v1/enterprises?limit=1", url), NULL, NULL, 0);
	assert_int_equal(r[0]->status, 200);
	snprintf(ent, sizeof(ent), "%lld",
	    thttp_resp_int(r[0], "items.0.id", 0));
	thttp_resp_free(r[0]);
	snprintf(key, sizeof(key), "cluster-%ld", (long)getpid());
	snprintf(title, sizeof(title), "两台服务器幂等-%ld", (long)getpid());
	snprintf(hdr, sizeof(hdr), "Idempotency-Key: %s", key);
	snprintf(body, sizeof(body),
	    "{\"category\":\"other\",\"title\":\"%s\",\"description\":"
	    "\"同一个幂等键先后发往两台服务器\",\"enterprise_id\":%s}",
	    title, ent);
	headers[0] = hdr;
	headers[1] = "Content-Type: application/json";
	headers[2] = NULL;
	for (i = 0; i < 2; i++)
		r[i] = thttp_client_request(c[i], "POST",
		    on(i, "/api/v1/cases", url), headers, body, strlen(body));
	assert_int_equal(r[0]->status, 201);
	assert_int_equal(r[1]->status, 201);
	assert_true(thttp_resp_int(r[0], "id", 0) > 0);
	assert_int_equal(thttp_resp_int(r[1], "id", -1),
	    thttp_resp_int(r[0], "id", 0));
	assert_string_equal(thttp_resp_str(r[1], "number"),
	    thttp_resp_str(r[0], "number"));
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM cases WHERE title = $1",
	                     title, NULL),
	    1);
	for (i = 0; i < 2; i++)
		thttp_resp_free(r[i]);
	thttp_client_free(c[0]);
}

static void
test_jobs_run_once_per_period(void **state)
{
	long long p0;
	long long runs;
	long long periods;
	char from[32];

	(void)state;
	/* jobs_interval_s is 1 in the test configuration. */
	p0 = tdb_int(db_, "SELECT floor(extract(epoch FROM now()))::bigint",
	    NULL);
	sleep(6);
	snprintf(from, sizeof(from), "%lld", p0 + 1);
	/* Each period of the window ran the deadline job at most once (the
	 * key), and the two servers together missed no more than one. */
	runs = tdb_int(db_,
	    "SELECT count(*) FROM job_runs WHERE name = 'cases.deadlines'"
	    " AND period BETWEEN $1::bigint AND $1::bigint + 4",
	    from, NULL);
	periods = tdb_int(db_,
	    "SELECT count(DISTINCT period) FROM job_runs"
	    " WHERE name = 'cases.deadlines'"
	    " AND period BETWEEN $1::bigint AND $1::bigint + 4",
	    from, NULL);
	assert_int_equal(runs, periods);
	assert_true(runs >= 4);
	/* Over the run so far, both servers have won periods. */
	assert_true(tdb_int(db_,
	                "SELECT count(DISTINCT runner) FROM job_runs"
	                " WHERE ran_at > now() - interval '10 minutes'",
	                NULL) >= 2);
}

/* A case due within the next working day, with both servers' deadline
 * jobs running: one reminder, not two. */
static void
test_reminder_goes_out_once(void **state)
{
	struct thttp_client *c = tfix_signed_in("commissioner-demo");
	struct thttp_resp *r;
	char title[96];
	char body[512];
	char id[32];
	long long ent;

	(void)state;
	assert_non_null(c);
	r = thttp_client_request(c, "GET", "/api/v1/enterprises?limit=1", NULL,
	    NULL, 0);
	ent = thttp_resp_int(r, "items.0.id", 0);
	thttp_resp_free(r);
	snprintf(title, sizeof(title), "两台服务器提醒-%ld", (long)getpid());
	snprintf(body, sizeof(body),
	    "{\"category\":\"policy\",\"title\":\"%s\",\"description\":"
	    "\"截止前一个工作日只提醒一次\",\"enterprise_id\":%lld}",
	    title, ent);
	r = thttp_client_json(c, "POST", "/api/v1/cases", body);
	assert_int_equal(r->status, 201);
	snprintf(id, sizeof(id), "%lld", thttp_resp_int(r, "id", 0));
	thttp_resp_free(r);
	/* Accepted, with its deadline moved into the reminder window. */
	tdb_exec(db_,
	    "UPDATE cases SET status = 'accepted', accepted_at = hl_now(),"
	    " due_on = hl_today(), due_at = hl_now() + interval '1 hour'"
	    " WHERE id = $1::bigint",
	    id, NULL);
	sleep(4);
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM case_events WHERE case_id ="
	                     " $1::bigint AND kind = 'reminder'",
	                     id, NULL),
	    1);
	thttp_client_free(c);
}

static void
test_static_etags_match(void **state)
{
	static const char *const paths[] = { "/api/v1/openapi.json", "/" };
	struct thttp_resp *r[2];
	char url[512];
	char inm[160];
	const char *headers[2] = { inm, NULL };
	size_t k;
	int i;

	(void)state;
	for (k = 0; k < sizeof(paths) / sizeof(paths[0]); k++) {
		for (i = 0; i < 2; i++)
			r[i] = thttp_request("GET", on(i, paths[k], url), NULL,
			    NULL, 0);
		/* "/" is the front end's page, when it was built. */
		if (k > 0 && r[0]->status == 404) {
			thttp_resp_free(r[0]);
			thttp_resp_free(r[1]);
			continue;
		}
		assert_int_equal(r[0]->status, 200);
		assert_int_equal(r[1]->status, 200);
		assert_non_null(thttp_resp_header(r[0], "ETag"));
		assert_string_equal(thttp_resp_header(r[0], "ETag"),
		    thttp_resp_header(r[1], "ETag"));
		/* What one server tagged, the other confirms unchanged. */
		snprintf(inm, sizeof(inm), "If-None-Match: %s",
		    thttp_resp_header(r[0], "ETag"));
		thttp_resp_free(r[1]);
		r[1] = thttp_request("GET", on(1, paths[k], url), headers, NULL,
		    0);
		assert_int_equal(r[1]->status, 304);
		thttp_resp_free(r[0]);
		thttp_resp_free(r[1]);
	}
}

static int
setup(void **state)
{
	const char *nodes = getenv("HONGLIAN_TEST_NODE_URLS");

	(void)state;
	if (nodes == NULL ||
	    sscanf(nodes, "%127s %127s", node_[0], node_[1]) != 2) {
		fprintf(stderr,
		    "test_cluster: HONGLIAN_TEST_NODE_URLS (two "
		    "server URLs) is not set\n");
		return -1;
	}
	db_ = tdb_open();
	return db_ != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	tdb_close(db_);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nginx_reaches_both_servers),
		cmocka_unit_test(test_session_made_on_one_works_on_the_other),
		cmocka_unit_test(test_idempotency_key_holds_across_servers),
		cmocka_unit_test(test_jobs_run_once_per_period),
		cmocka_unit_test(test_reminder_goes_out_once),
		cmocka_unit_test(test_static_etags_match),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
