/*
 * What `honglian seed --scale N` made (HONGLIAN_TEST_SCALE_DATABASE_URL,
 * the database of the plan tests): N cases, N/10 enterprises, N/5 visits
 * and users of every role; skewed as real data (a few chains and
 * enterprises hold most cases; most cases closed, a few percent rejected,
 * overdue or escalated); three years of growing volume; timelines that
 * agree with each case's status and dates; case numbers gap-free and
 * unique per year with the counters at the highest; every foreign key of
 * the schema, those of the tables later migrations added included,
 * valid and the row triggers back on.  And the command's refusals: in
 * production, and a second time on one database.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <cmocka.h>

#include "tdb.h"

#define SERVER_BIN  "build/test/honglian"
#define SERVER_CONF "conf/honglian.test.conf"

/* The generated rows carry these marks (sql/seed/scale.sql). */
#define SCALE_CASES                                                            \
	"(SELECT * FROM cases WHERE description LIKE '%（规模测试数据）')"
#define SCALE_ENTERPRISES                                                      \
	"(SELECT * FROM enterprises WHERE note = '规模测试数据，虚构企业。')"

static struct tdb *db_;
static const char *url_;
static long long n_; /* generated cases */

/* A fraction from a query answering one number (text). */
static double
frac(const char *sql)
{
	const char *v = tdb_value(db_, sql, NULL);

	assert_non_null(v);
	return strtod(v, NULL);
}

static void
test_counts_follow_n(void **state)
{
	long long ents;
	long long visits;

	(void)state;
	assert_true(n_ >= 100);
	ents =
	    tdb_int(db_, "SELECT count(*) FROM " SCALE_ENTERPRISES " e", NULL);
	visits = tdb_int(db_,
	    "SELECT count(*) FROM visits"
	    " WHERE summary LIKE '%（规模测试数据）'",
	    NULL);
	assert_int_equal(ents, n_ / 10 > 50 ? n_ / 10 : 50);
	assert_int_equal(visits, n_ / 5 > 20 ? n_ / 5 : 20);
	/* Users of all five roles, one per enterprise among them. */
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(DISTINCT role) FROM users"
	                     " WHERE login LIKE 'scale-%'",
	                     NULL),
	    5);
	assert_true(tdb_int(db_,
	                "SELECT count(*) FROM users WHERE login LIKE 'scale-%'"
	                " AND role = 'enterprise'",
	                NULL) >= ents);
	/* Visits found problems that became cases on the visit channel. */
	assert_true(tdb_int(db_,
	                "SELECT count(*) FROM " SCALE_CASES
	                " c WHERE channel = 'visit' AND visit_id IS NOT NULL",
	                NULL) > 0);
}

static void
test_skewed_like_real_data(void **state)
{
	double top_chain;
	double top_tenth;
	double top_hundredth;

	(void)state;
	/* Chains by 1/rank^1.1: the largest holds about 30%. */
	top_chain = frac("SELECT max(n)::float / sum(n) FROM (SELECT count(*) n"
	                 " FROM " SCALE_CASES " c GROUP BY chain_id) x");
	assert_true(top_chain > 0.2 && top_chain < 0.45);
	/* Enterprises by a power law: the top tenth about half, the top
	 * hundredth about a fifth. */
	top_tenth = frac("SELECT sum(n) FILTER (WHERE rk <= total / 10)::float"
	                 " / sum(n) FROM (SELECT count(*) n, row_number() OVER"
	                 " (ORDER BY count(*) DESC) rk, count(*) OVER () total"
	                 " FROM " SCALE_CASES " c GROUP BY enterprise_id) x");
	top_hundredth =
	    frac("SELECT sum(n) FILTER (WHERE rk <= total / 100)::float"
	         " / sum(n) FROM (SELECT count(*) n, row_number() OVER"
	         " (ORDER BY count(*) DESC) rk, count(*) OVER () total"
	         " FROM " SCALE_CASES " c GROUP BY enterprise_id) x");
	assert_true(top_tenth > 0.35 && top_tenth < 0.75);
	assert_true(top_hundredth > 0.1 && top_hundredth < 0.4);
}

static void
test_statuses_mostly_closed_a_few_late(void **state)
{
	(void)state;
	assert_true(
	    frac("SELECT avg((status = 'closed')::int) FROM " SCALE_CASES
	         " c") > 0.8);
	assert_true(
	    frac("SELECT avg((status = 'rejected')::int) FROM " SCALE_CASES
	         " c") > 0.02);
	assert_true(
	    frac("SELECT avg((status = 'rejected')::int) FROM " SCALE_CASES
	         " c") < 0.08);
	/* Open past the deadline, and escalated: a few percent each. */
	assert_true(
	    frac(
	        "SELECT avg((status IN ('accepted', 'assigned',"
	        " 'in_progress') AND due_at < hl_now())::int) FROM " SCALE_CASES
	        " c") > 0.002);
	assert_true(
	    frac(
	        "SELECT avg((status IN ('accepted', 'assigned',"
	        " 'in_progress') AND due_at < hl_now())::int) FROM " SCALE_CASES
	        " c") < 0.08);
	assert_true(
	    frac("SELECT avg(escalated::int) FROM " SCALE_CASES " c") > 0.002);
	assert_true(
	    frac("SELECT avg(escalated::int) FROM " SCALE_CASES " c") < 0.08);
	/* Escalated automatically: open and more than three working days
	 * late, as the deadline job would have done. */
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM " SCALE_CASES
	                     " c WHERE status IN ('accepted', 'assigned',"
	                     " 'in_progress') AND NOT escalated AND"
	                     " hl_workdays_between(due_on, hl_today()) > 3",
	                     NULL),
	    0);
}

static void
test_three_years_growing(void **state)
{
	(void)state;
	assert_int_equal(
	    tdb_int(db_,
	        "SELECT count(*) FROM " SCALE_CASES
	        " c WHERE created_at > hl_now()"
	        " OR created_at < hl_now() - interval '3 years 1 day'",
	        NULL),
	    0);
	/* Each of the three years has cases, the last more than the first. */
	assert_true(tdb_int(db_,
	                "SELECT count(*) FROM (SELECT 1 FROM " SCALE_CASES
	                " c GROUP BY floor(extract(epoch FROM hl_now() -"
	                " created_at) / (365.25 * 86400))) y",
	                NULL) >= 3);
	assert_true(frac("SELECT (count(*) FILTER (WHERE created_at > hl_now()"
	                 " - interval '1 year'))::float / greatest(count(*)"
	                 " FILTER (WHERE created_at <= hl_now() - interval"
	                 " '2 years'), 1) FROM " SCALE_CASES " c") > 1.2);
}

static void
test_timelines_agree_with_cases(void **state)
{
	(void)state;
	/* Every case starts with its creation, once, at created_at. */
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM " SCALE_CASES
	                     " c WHERE (SELECT count(*) FROM case_events ev"
	                     " WHERE ev.case_id = c.id AND ev.action = 'create'"
	                     " AND ev.at = c.created_at) <> 1",
	                     NULL),
	    0);
	/* The last transition leads to the case's status (of two at one
	 * instant, the later stage); nothing happens before the creation. */
	assert_int_equal(
	    tdb_int(db_,
	        "SELECT count(*) FROM " SCALE_CASES
	        " c WHERE (SELECT ev.to_status FROM case_events ev"
	        " WHERE ev.case_id = c.id AND ev.kind IN"
	        " ('transition', 'assignment') ORDER BY ev.at DESC,"
	        " array_position(ARRAY['submitted', 'accepted',"
	        " 'assigned', 'in_progress', 'resolved', 'closed',"
	        " 'rejected'], ev.to_status) DESC LIMIT 1)"
	        " IS DISTINCT FROM c.status",
	        NULL),
	    0);
	assert_int_equal(
	    tdb_int(db_,
	        "SELECT count(*) FROM case_events ev JOIN " SCALE_CASES
	        " c ON c.id = ev.case_id"
	        " WHERE ev.at < c.created_at",
	        NULL),
	    0);
	/* Dates and flags each have their event. */
	assert_int_equal(
	    tdb_int(db_,
	        "SELECT count(*) FROM " SCALE_CASES " c WHERE"
	        " (c.escalated <> EXISTS (SELECT 1 FROM case_events ev WHERE"
	        "  ev.case_id = c.id AND ev.kind = 'escalation'))"
	        " OR ((c.closed_at IS NOT NULL) <> EXISTS (SELECT 1 FROM"
	        "  case_events ev WHERE ev.case_id = c.id"
	        "  AND ev.action = 'confirm'))"
	        " OR ((c.overdue_flagged_at IS NOT NULL) <> EXISTS (SELECT 1"
	        "  FROM case_events ev WHERE ev.case_id = c.id"
	        "  AND ev.kind = 'overdue'))"
	        " OR ((c.reminder_sent_at IS NOT NULL) <> EXISTS (SELECT 1"
	        "  FROM case_events ev WHERE ev.case_id = c.id"
	        "  AND ev.kind = 'reminder'))"
	        " OR (c.status IN ('accepted', 'assigned', 'in_progress',"
	        "  'resolved', 'closed') AND (c.due_at IS NULL"
	        "  OR c.accepted_at IS NULL))"
	        " OR (c.status IN ('assigned', 'in_progress', 'resolved',"
	        "  'closed') AND c.assignee_user_id IS NULL)",
	        NULL),
	    0);
	/* The audit log has a row per transition of the timelines. */
	assert_int_equal(
	    tdb_int(db_,
	        "SELECT (SELECT count(*) FROM case_events ev JOIN " SCALE_CASES
	        " c ON c.id = ev.case_id WHERE"
	        " ev.action IS NOT NULL) - (SELECT count(*) FROM"
	        " audit_log WHERE request_id = 'scale-seed')",
	        NULL),
	    0);
}

static void
test_numbers_gap_free_and_unique(void **state)
{
	(void)state;
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM (SELECT year FROM cases"
	                     " GROUP BY year HAVING max(seq) <> count(*)"
	                     " OR count(DISTINCT seq) <> count(*)"
	                     " OR min(seq) <> 1) x",
	                     NULL),
	    0);
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM (SELECT year, max(seq) m"
	                     " FROM cases GROUP BY year) x LEFT JOIN"
	                     " case_counters cc USING (year)"
	                     " WHERE cc.last IS DISTINCT FROM x.m",
	                     NULL),
	    0);
	/* The sequence is past every id: the next case gets a new one. */
	assert_true(
	    tdb_int(db_,
	        "SELECT pg_sequence_last_value(pg_get_serial_sequence("
	        "'cases', 'id')::regclass) - (SELECT max(id) FROM cases)",
	        NULL) >= 0);
}

static void
test_schema_whole_after_generation(void **state)
{
	(void)state;
	/* The keys the generator dropped and made again are valid, and so
	 * are those of every other table (messages, meetings, outbox ...). */
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM pg_constraint WHERE"
	                     " connamespace = 'public'::regnamespace"
	                     " AND NOT convalidated",
	                     NULL),
	    0);
	assert_true(tdb_int(db_,
	                "SELECT count(*) FROM pg_constraint WHERE contype = 'f'"
	                " AND conrelid = 'cases'::regclass",
	                NULL) >= 5);
	/* Every index valid and ready, the row triggers enabled again. */
	assert_int_equal(
	    tdb_int(db_,
	        "SELECT count(*) FROM pg_index WHERE NOT indisvalid"
	        " OR NOT indisready",
	        NULL),
	    0);
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM pg_trigger WHERE NOT"
	                     " tgisinternal AND tgenabled = 'D'",
	                     NULL),
	    0);
	/* A generated case passes its own triggers when written again. */
	tdb_exec(db_, "BEGIN", NULL);
	assert_true(tdb_exec(db_,
	                "UPDATE cases SET title = title WHERE id IN (SELECT id"
	                " FROM " SCALE_CASES " c ORDER BY id DESC LIMIT 500)",
	                NULL) == 500);
	tdb_exec(db_, "ROLLBACK", NULL);
}

/* honglian seed --scale 100 on the scale database with extra environment
 * (NAME=VALUE or NULL); the exit status. */
static int
seed_again(const char *env)
{
	char cmd[1024];
	int st;

	snprintf(cmd, sizeof(cmd),
	    "env %s HONGLIAN_DATABASE_URL='%s' " SERVER_BIN
	    " --config " SERVER_CONF " seed --scale 100 >/dev/null 2>&1",
	    env != NULL ? env : "", url_);
	st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void
test_refused_in_production_and_twice(void **state)
{
	long long before = tdb_int(db_, "SELECT count(*) FROM cases", NULL);

	(void)state;
	assert_int_equal(seed_again("HONGLIAN_SERVER_ENVIRONMENT=production"),
	    1);
	assert_int_equal(seed_again(NULL), 1);
	assert_int_equal(tdb_int(db_, "SELECT count(*) FROM cases", NULL),
	    before);
}

static int
setup(void **state)
{
	(void)state;
	url_ = getenv("HONGLIAN_TEST_SCALE_DATABASE_URL");
	if (url_ == NULL || url_[0] == '\0') {
		fprintf(stderr,
		    "test_scale: HONGLIAN_TEST_SCALE_DATABASE_URL "
		    "(a database made by seed --scale) is not set\n");
		return -1;
	}
	db_ = tdb_open_url(url_);
	if (db_ == NULL)
		return -1;
	n_ = tdb_int(db_, "SELECT count(*) FROM " SCALE_CASES " c", NULL);
	return 0;
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
		cmocka_unit_test(test_counts_follow_n),
		cmocka_unit_test(test_skewed_like_real_data),
		cmocka_unit_test(test_statuses_mostly_closed_a_few_late),
		cmocka_unit_test(test_three_years_growing),
		cmocka_unit_test(test_timelines_agree_with_cases),
		cmocka_unit_test(test_numbers_gap_free_and_unique),
		cmocka_unit_test(test_schema_whole_after_generation),
		cmocka_unit_test(test_refused_in_production_and_twice),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
