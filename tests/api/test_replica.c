/*
 * Reports, dashboards and exports from a streaming replica: the server
 * under test (HONGLIAN_TEST_BASE_URL) has [database] replica_url set to
 * the replica in HONGLIAN_TEST_REPLICA_PG_DIR and replica_max_lag_s = 2,
 * and logs to HONGLIAN_TEST_REPLICA_LOG.  Every report endpoint answers
 * from the replica; while replay is paused the reports lag behind the
 * primary (so they do come from the replica) until the lag passes 2 s,
 * when they read the primary and the log says so; with the replica
 * stopped they read the primary too, and the replica is used again once
 * it is back.  The demo users of the seed act.
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
#include "tfix.h"
#include "thttp.h"

static struct thttp_client *admin_;
static struct thttp_client *com_;
static struct tdb *db_;      /* the primary */
static struct tdb *replica_; /* the replica, as its superuser */
static long long ent_;

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* scripts/pg.sh VERB on the replica's directory. */
static void
replica_cluster(const char *verb)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "scripts/pg.sh %s '%s' >/dev/null", verb,
	    getenv("HONGLIAN_TEST_REPLICA_PG_DIR"));
	assert_int_equal(system(cmd), 0);
}

/* True when the server's log has a line with text. */
static bool
log_has(const char *text)
{
	FILE *f = fopen(getenv("HONGLIAN_TEST_REPLICA_LOG"), "r");
	char line[4096];
	bool found = false;

	assert_non_null(f);
	while (!found && fgets(line, sizeof(line), f) != NULL)
		found = strstr(line, text) != NULL;
	fclose(f);
	return found;
}

/* Lines of the log with text. */
static int
log_count(const char *text)
{
	FILE *f = fopen(getenv("HONGLIAN_TEST_REPLICA_LOG"), "r");
	char line[4096];
	int n = 0;

	assert_non_null(f);
	while (fgets(line, sizeof(line), f) != NULL)
		n += strstr(line, text) != NULL;
	fclose(f);
	return n;
}

/* The total of the case statistics as the server answers them. */
static long long
reported_total(void)
{
	struct thttp_resp *r = thttp_client_request(admin_, "GET",
	    "/api/v1/stats/cases", NULL, NULL, 0);
	long long n;

	assert_int_equal(r->status, 200);
	n = thttp_resp_int(r, "total", -1);
	thttp_resp_free(r);
	return n;
}

static long long
primary_total(void)
{
	return tdb_int(db_, "SELECT count(*) FROM cases", NULL);
}

/* Wait up to 10 s for the reports to show what the primary has. */
static void
await_caught_up(void)
{
	double t0 = now_s();

	while (reported_total() != primary_total()) {
		assert_true(now_s() - t0 < 10.0);
		usleep(200 * 1000);
	}
}

static void
new_case(const char *what)
{
	char body[512];
	struct thttp_resp *r;

	snprintf(body, sizeof(body),
	    "{\"category\":\"other\",\"title\":\"只读副本测试-%s-%ld\","
	    "\"description\":\"报表读副本\",\"enterprise_id\":%lld}",
	    what, (long)getpid(), ent_);
	r = thttp_client_json(com_, "POST", "/api/v1/cases", body);
	assert_int_equal(r->status, 201);
	thttp_resp_free(r);
}

static void
test_report_endpoints_answer_from_the_replica(void **state)
{
	static const char *const paths[] = {
		"/api/v1/stats/cases",
		"/api/v1/stats/cases?chain=auto-parts&status=submitted",
		"/api/v1/chains/auto-parts/escalations",
		"/api/v1/coverage?chain=auto-parts",
		"/api/v1/coverage.csv?chain=auto-parts",
		"/api/v1/coverage.xlsx?chain=auto-parts",
		"/api/v1/workload",
		"/api/v1/cases.csv",
		"/api/v1/cases.xlsx?status=submitted",
		"/api/v1/visits.csv",
		"/api/v1/visits.xlsx",
	};
	size_t i;

	(void)state;
	new_case("export");
	await_caught_up();
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		struct thttp_resp *r = thttp_client_request(admin_, "GET",
		    paths[i], NULL, NULL, 0);

		if (r->status != 200)
			fail_msg("%s: %ld %s", paths[i], r->status, r->body);
		assert_true(r->body_len > 0);
		thttp_resp_free(r);
	}
	/* The CSV is streamed whole: BOM and header first, and the newest
	 * case of the primary in it. */
	{
		struct thttp_resp *r = thttp_client_request(admin_, "GET",
		    "/api/v1/cases.csv", NULL, NULL, 0);
		const char *newest = tdb_value(db_,
		    "SELECT number FROM cases ORDER BY id DESC LIMIT 1", NULL);

		assert_int_equal(r->status, 200);
		assert_memory_equal(r->body, "\xef\xbb\xbf", 3);
		assert_non_null(strstr(r->body, "诉求编号,"));
		assert_non_null(newest);
		assert_non_null(strstr(r->body, newest));
		thttp_resp_free(r);
	}
	/* Nothing made the server give the replica up. */
	assert_false(log_has("reports read the primary"));
}

static void
test_paused_replica_lags_then_primary_takes_over(void **state)
{
	long long before;
	double t0;

	(void)state;
	await_caught_up();
	before = primary_total();
	tdb_value(replica_, "SELECT pg_wal_replay_pause()", NULL);
	new_case("paused");
	assert_int_equal(primary_total(), before + 1);
	/* Within the allowed lag the replica answers, without the case. */
	assert_int_equal(reported_total(), before);
	/* Past it (2 s), the primary answers, and the log says why. */
	t0 = now_s();
	while (reported_total() != before + 1) {
		assert_true(now_s() - t0 < 10.0);
		usleep(250 * 1000);
	}
	assert_true(now_s() - t0 > 0.5);
	assert_true(log_has("db: replica lags"));
	tdb_value(replica_, "SELECT pg_wal_replay_resume()", NULL);
	t0 = now_s();
	while (!log_has("db: replica in use again")) {
		assert_true(now_s() - t0 < 10.0);
		reported_total();
		usleep(250 * 1000);
	}
	await_caught_up();
}

static void
test_stopped_replica_falls_back_to_primary(void **state)
{
	int again;
	double t0;

	(void)state;
	again = log_count("db: replica in use again");
	tdb_close(replica_);
	replica_ = NULL;
	replica_cluster("stop");
	new_case("stopped");
	/* Whichever worker answers, it reads the primary. */
	assert_int_equal(reported_total(), primary_total());
	assert_int_equal(reported_total(), primary_total());
	assert_true(log_has("db: replica unreachable"));
	replica_cluster("start");
	t0 = now_s();
	while (log_count("db: replica in use again") == again) {
		assert_true(now_s() - t0 < 15.0);
		reported_total();
		usleep(250 * 1000);
	}
	await_caught_up();
}

static int
setup(void **state)
{
	const char *dir = getenv("HONGLIAN_TEST_REPLICA_PG_DIR");
	struct thttp_resp *r;
	char cmd[1024];
	char url[512] = "";
	FILE *p;

	(void)state;
	if (dir == NULL || getenv("HONGLIAN_TEST_REPLICA_LOG") == NULL) {
		fprintf(stderr,
		    "test_replica: HONGLIAN_TEST_REPLICA_PG_DIR and "
		    "HONGLIAN_TEST_REPLICA_LOG are not set\n");
		return -1;
	}
	snprintf(cmd, sizeof(cmd), "scripts/pg.sh url '%s'", dir);
	p = popen(cmd, "r");
	if (p == NULL || fgets(url, sizeof(url) - 16, p) == NULL) {
		if (p != NULL)
			pclose(p);
		return -1;
	}
	pclose(p);
	url[strcspn(url, "\n")] = '\0';
	/* The later keyword wins: the superuser, who may pause replay. */
	strcat(url, " user=postgres");
	replica_ = tdb_open_url(url);
	db_ = tdb_open();
	admin_ = tfix_signed_in("admin-demo");
	com_ = tfix_signed_in("commissioner-demo");
	if (replica_ == NULL || db_ == NULL || admin_ == NULL || com_ == NULL)
		return -1;
	r = thttp_client_request(com_, "GET", "/api/v1/enterprises?limit=1",
	    NULL, NULL, 0);
	ent_ = thttp_resp_int(r, "items.0.id", 0);
	thttp_resp_free(r);
	return ent_ > 0 ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	if (replica_ != NULL)
		tdb_value(replica_, "SELECT pg_wal_replay_resume()", NULL);
	tdb_close(replica_);
	tdb_close(db_);
	thttp_client_free(admin_);
	thttp_client_free(com_);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_endpoints_answer_from_the_replica),
		cmocka_unit_test(
		    test_paused_replica_lags_then_primary_takes_over),
		cmocka_unit_test(test_stopped_replica_falls_back_to_primary),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
