/*
 * Visits against the real schema.  Recording: a visit and the cases of its
 * problems commit together or not at all, shown by killing the
 * transaction with test triggers (on cases while the cases go in; on
 * visits at COMMIT, after the cases went in); these tests commit, on an
 * enterprise of their own that they delete afterwards.  Coverage and
 * workload: hand-computed answers over fixtures built in a transaction
 * that is rolled back after each test.
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

#include "buf.h"
#include "coverage.h"
#include "ctx.h"
#include "db.h"
#include "err.h"
#include "mem.h"
#include "tfix.h"
#include "visit.h"

static struct hl_db_conn *db_;
static struct hl_arena arena_;
static unsigned serial_;
static char tag_[48]; /* unique per run: names, titles, summaries */

/* ---- helpers ---- */

/* Run sql; copy the first cell (or "") into out when out is not NULL. */
static void
q(const char *sql, int n, const char *const *params, char out[64])
{
	tfix_sql(db_, sql, n, params, out, 64);
}

static long long
count1(const char *sql, const char *p1)
{
	return tfix_sql_int(db_, sql, p1);
}

static void
script(const char *sql)
{
	struct hl_err err = { 0 };

	if (hl_db_exec_script(db_, sql, &err) == -1)
		tfix_sql_fail(sql, &err);
}

/* An enterprise on the last chain by sort order (no demo fixture's). */
static const char SQL_ENTERPRISE[] =
    "WITH e AS (INSERT INTO enterprises (name, credit_code, district,"
    "  size_class) VALUES ($1, $2, '张店区', 'small') RETURNING id),"
    " c AS (INSERT INTO enterprise_chains (enterprise_id, chain_id,"
    "  is_primary) SELECT e.id, (SELECT id FROM chains"
    "  ORDER BY sort_order DESC, id DESC LIMIT 1), true FROM e RETURNING 1)"
    " SELECT id FROM e";

static void
enterprise(char id[64], const char *what)
{
	char name[128];
	char code[19];
	const char *p[2] = { name, code };

	snprintf(name, sizeof(name), "测试走访企业%s-%s-%u", what, tag_,
	    serial_++);
	tfix_credit_code("91370303W", code);
	q(SQL_ENTERPRISE, 2, p, id);
}

static void
user(char id[64], const char *role)
{
	tfix_sql_user(db_, "t-vis-", "测试走访用户", role, id, 64);
}

static void
assign(const char *commissioner, const char *ent)
{
	const char *p[2] = { commissioner, ent };

	q("INSERT INTO assignments (commissioner_id, enterprise_id)"
	  " VALUES ($1::bigint, $2::bigint)",
	    2, p, NULL);
}

/* A visit straight into the table: days before hl_today(), levels as a
 * text[] literal, recorded by rec. */
static void
visit_sql(const char *ent, const char *days_ago, const char *levels,
    const char *rec)
{
	const char *p[4] = { ent, days_ago, levels, rec };

	q("INSERT INTO visits (enterprise_id, chain_id, visited_on, levels,"
	  " recorded_by) SELECT $1::bigint, ec.chain_id,"
	  " hl_today() - $2::int, $3::text[], $4::bigint"
	  " FROM enterprise_chains ec WHERE ec.enterprise_id = $1::bigint",
	    4, p, NULL);
}

static struct hl_ctx
ctx_as(enum hl_role role, const char *user_id)
{
	struct hl_ctx c = { 0 };

	c.db = db_;
	c.arena = &arena_;
	c.request_id = "test-visits";
	c.client_ip = "127.0.0.1";
	c.role = role;
	c.user_id = user_id != NULL ? atoll(user_id) : 0;
	c.login = "test";
	return c;
}

static json_t *
parse(const struct hl_buf *b)
{
	json_error_t je;
	json_t *j = json_loads(hl_buf_cstr(b), 0, &je);

	if (j == NULL)
		fail_msg("not JSON: %s", je.text);
	return j;
}

static const char *levels_ind_tal[] = { "industry", "talent" };

/* A visit to ent today with the given problem titles (category other). */
static int
record(struct hl_ctx c, const char *ent, const char *const *titles, size_t n,
    const char *summary, struct hl_buf *out, struct hl_err *err)
{
	struct hl_case_problem p[4];
	struct hl_visit_finding f = { "industry", "上游原材料价格上涨" };
	struct hl_visit_in in;
	char today[64];
	size_t i;

	q("SELECT hl_today()::text", 0, NULL, today);
	memset(&in, 0, sizeof(in));
	in.enterprise_id = atoll(ent);
	in.visited_on = hl_arena_strdup(&arena_, today);
	in.levels.v = levels_ind_tal;
	in.levels.n = 2;
	in.findings = &f;
	in.n_findings = 1;
	in.summary = summary;
	for (i = 0; i < n; i++) {
		p[i].category = "other";
		p[i].title = titles[i];
		p[i].description = "测试问题描述";
	}
	in.problems = p;
	in.n_problems = n;
	return hl_visit_create(&c, &in, out, err);
}

/* ---- recording: atomicity (committed) ---- */

static struct {
	char ent[64];
	char admin[64];
} rec_;

static int
open_db(void **state)
{
	(void)state;
	snprintf(tag_, sizeof(tag_), "%ld", (long)getpid());
	db_ = tfix_db_open();
	return db_ != NULL ? 0 : -1;
}

static int
close_db(void **state)
{
	(void)state;
	hl_db_close(db_);
	hl_arena_release(&arena_);
	return 0;
}

static int
rec_setup(void **state)
{
	if (open_db(state) == -1)
		return -1;
	enterprise(rec_.ent, "原子");
	user(rec_.admin, "admin");
	return 0;
}

/* Drop the test triggers and everything the recording tests made. */
static int
rec_teardown(void **state)
{
	const char *p[2] = { rec_.ent, rec_.admin };

	hl_arena_release(&arena_);
	script("DROP TRIGGER IF EXISTS t_visits_kill_case ON cases;"
	       " DROP FUNCTION IF EXISTS t_visits_kill_case();"
	       " DROP TRIGGER IF EXISTS t_visits_kill_visit ON visits;"
	       " DROP FUNCTION IF EXISTS t_visits_kill_visit()");
	q("DELETE FROM cases WHERE enterprise_id = $1::bigint", 1, p, NULL);
	q("DELETE FROM visits WHERE enterprise_id = $1::bigint", 1, p, NULL);
	q("DELETE FROM enterprises WHERE id = $1::bigint", 1, p, NULL);
	q("DELETE FROM users WHERE id = $1::bigint", 1, p + 1, NULL);
	return close_db(state);
}

static const char SQL_N_VISITS[] =
    "SELECT count(*) FROM visits WHERE enterprise_id = $1::bigint";
static const char SQL_N_CASES[] =
    "SELECT count(*) FROM cases WHERE enterprise_id = $1::bigint";

static void
test_create_makes_linked_cases(void **state)
{
	struct hl_ctx c = ctx_as(HL_ROLE_ADMIN, rec_.admin);
	const char *titles[3] = { "资金周转困难", "缺少数控技工",
		"用地审批慢" };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	char vid[64];
	json_t *j;
	json_t *cases;
	long long before = count1(SQL_N_CASES, rec_.ent);

	(void)state;
	if (record(c, rec_.ent, titles, 3, NULL, &out, &err) == -1)
		fail_msg("create: %d %s", err.status, err.msg);
	j = parse(&out);
	snprintf(vid, sizeof(vid), "%lld",
	    (long long)json_integer_value(json_object_get(j, "id")));
	cases = json_object_get(j, "cases");
	assert_int_equal(json_array_size(cases), 3);
	assert_string_equal(json_string_value(json_object_get(
	                        json_array_get(cases, 1), "title")),
	    "缺少数控技工");
	assert_int_equal(count1(SQL_N_CASES, rec_.ent), before + 3);
	/* Linked, channel visit, submitted, on the visit's chain, numbered
	 * in problem order without gaps. */
	assert_int_equal(count1("SELECT count(*) FROM cases c JOIN visits v"
	                        " ON v.id = c.visit_id WHERE v.id = $1::bigint"
	                        " AND c.channel = 'visit'"
	                        " AND c.status = 'submitted'"
	                        " AND c.chain_id = v.chain_id"
	                        " AND c.enterprise_id = v.enterprise_id"
	                        " AND c.created_by IS NOT NULL",
	                     vid),
	    3);
	assert_int_equal(count1("SELECT max(seq) - min(seq) FROM cases"
	                        " WHERE visit_id = $1::bigint",
	                     vid),
	    2);
	assert_int_equal(
	    count1("SELECT count(*) FROM cases c WHERE"
	           " c.visit_id = $1::bigint AND c.title = '用地审批慢'"
	           " AND c.seq = (SELECT max(seq) FROM cases"
	           "  WHERE visit_id = $1::bigint)",
	        vid),
	    1);
	assert_int_equal(count1("SELECT count(*) FROM case_events e"
	                        " JOIN cases c ON c.id = e.case_id"
	                        " WHERE c.visit_id = $1::bigint"
	                        " AND e.kind = 'transition'"
	                        " AND e.action = 'create'"
	                        " AND e.to_status = 'submitted'",
	                     vid),
	    3);
	assert_int_equal(count1("SELECT count(*) FROM audit_log a"
	                        " JOIN cases c ON a.object_id = c.id::text"
	                        " WHERE c.visit_id = $1::bigint"
	                        " AND a.action = 'case.create'"
	                        " AND a.object_type = 'case'",
	                     vid),
	    3);
	assert_int_equal(count1("SELECT count(*) FROM audit_log"
	                        " WHERE action = 'visit.create'"
	                        " AND object_type = 'visit' AND object_id = $1",
	                     vid),
	    1);
	json_decref(j);
	hl_buf_release(&out);
}

static void
test_case_failure_leaves_no_visit(void **state)
{
	struct hl_ctx c = ctx_as(HL_ROLE_ADMIN, rec_.admin);
	const char *titles[3] = { "正常的问题", "触发失败的问题",
		"第三个问题" };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	long long visits = count1(SQL_N_VISITS, rec_.ent);
	long long cases = count1(SQL_N_CASES, rec_.ent);
	long long counter =
	    count1("SELECT coalesce(sum(last), 0) FROM case_counters", NULL);

	(void)state;
	script("CREATE FUNCTION t_visits_kill_case() RETURNS trigger"
	       " LANGUAGE plpgsql AS $$ BEGIN"
	       " IF NEW.title = '触发失败的问题' THEN"
	       "  RAISE EXCEPTION 'test: killed while inserting cases';"
	       " END IF; RETURN NEW; END $$;"
	       " CREATE TRIGGER t_visits_kill_case BEFORE INSERT ON cases"
	       " FOR EACH ROW EXECUTE FUNCTION t_visits_kill_case()");
	assert_int_equal(record(c, rec_.ent, titles, 3, NULL, &out, &err), -1);
	assert_int_equal(err.status, 500);
	assert_int_equal(out.len, 0);
	script("DROP TRIGGER t_visits_kill_case ON cases;"
	       " DROP FUNCTION t_visits_kill_case()");
	assert_int_equal(count1(SQL_N_VISITS, rec_.ent), visits);
	assert_int_equal(count1(SQL_N_CASES, rec_.ent), cases);
	assert_int_equal(
	    count1("SELECT coalesce(sum(last), 0) FROM case_counters", NULL),
	    counter);
	hl_buf_release(&out);
}

static void
test_visit_failure_at_commit_leaves_no_cases(void **state)
{
	struct hl_ctx c = ctx_as(HL_ROLE_ADMIN, rec_.admin);
	const char *titles[2] = { "问题一", "问题二" };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	long long visits = count1(SQL_N_VISITS, rec_.ent);
	long long cases = count1(SQL_N_CASES, rec_.ent);

	(void)state;
	/* Deferred: fires at COMMIT, after the cases and audit rows. */
	script("CREATE FUNCTION t_visits_kill_visit() RETURNS trigger"
	       " LANGUAGE plpgsql AS $$ BEGIN"
	       " IF NEW.summary = 'kill-at-commit' THEN"
	       "  RAISE EXCEPTION 'test: killed at commit';"
	       " END IF; RETURN NEW; END $$;"
	       " CREATE CONSTRAINT TRIGGER t_visits_kill_visit"
	       " AFTER INSERT ON visits DEFERRABLE INITIALLY DEFERRED"
	       " FOR EACH ROW EXECUTE FUNCTION t_visits_kill_visit()");
	assert_int_equal(
	    record(c, rec_.ent, titles, 2, "kill-at-commit", &out, &err), -1);
	script("DROP TRIGGER t_visits_kill_visit ON visits;"
	       " DROP FUNCTION t_visits_kill_visit()");
	assert_int_equal(count1(SQL_N_VISITS, rec_.ent), visits);
	assert_int_equal(count1(SQL_N_CASES, rec_.ent), cases);
	/* Without the trigger the same request goes through. */
	hl_err_clear(&err);
	hl_buf_reset(&out);
	assert_int_equal(
	    record(c, rec_.ent, titles, 2, "kill-at-commit", &out, &err), 0);
	assert_int_equal(count1(SQL_N_VISITS, rec_.ent), visits + 1);
	assert_int_equal(count1(SQL_N_CASES, rec_.ent), cases + 2);
	hl_buf_release(&out);
}

static void
test_create_refuses_bad_input_and_writes_nothing(void **state)
{
	struct hl_ctx c = ctx_as(HL_ROLE_ADMIN, rec_.admin);
	struct hl_case_problem many[HL_CASE_PROBLEMS_MAX + 1];
	const char *bad_levels[2] = { "industry", "weather" };
	struct hl_visit_in in;
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	long long visits = count1(SQL_N_VISITS, rec_.ent);
	size_t i;

	(void)state;
	memset(&in, 0, sizeof(in));
	in.enterprise_id = atoll(rec_.ent);
	in.visited_on = "2026-13-01";
	in.levels.v = bad_levels;
	in.levels.n = 2;
	for (i = 0; i <= HL_CASE_PROBLEMS_MAX; i++) {
		many[i].category = "other";
		many[i].title = "t";
		many[i].description = "d";
	}
	in.problems = many;
	in.n_problems = HL_CASE_PROBLEMS_MAX + 1;
	assert_int_equal(hl_visit_create(&c, &in, &out, &err), -1);
	assert_int_equal(err.status, 422);
	assert_int_equal(err.n_fields, 3); /* visited_on, levels, problems */
	assert_non_null(strstr(err.fields[2].msg, "50"));
	/* A date after today (the app clock's) is refused too. */
	hl_err_clear(&err);
	in.visited_on = "2026-01-05";
	in.levels.n = 1;
	in.n_problems = 0;
	script("BEGIN;"
	       " UPDATE app_clock SET clock_offset = interval '-3 years'");
	assert_int_equal(hl_visit_create(&c, &in, &out, &err), -1);
	script("ROLLBACK");
	assert_int_equal(err.status, 422);
	assert_string_equal(err.fields[0].name, "visited_on");
	assert_int_equal(count1(SQL_N_VISITS, rec_.ent), visits);
	hl_buf_release(&out);
}

/* ---- coverage and workload (rolled back) ---- */

static struct {
	char com[64];   /* commissioner holding e1..e4 */
	char other[64]; /* another commissioner, holding nothing */
	char admin[64];
	char e1[64], e2[64], e3[64], e4[64];
} fx_;

static int
begin(void **state)
{
	(void)state;
	script("BEGIN");
	memset(&fx_, 0, sizeof(fx_));
	user(fx_.com, "commissioner");
	user(fx_.other, "commissioner");
	user(fx_.admin, "admin");
	enterprise(fx_.e1, "甲");
	enterprise(fx_.e2, "乙");
	enterprise(fx_.e3, "丙");
	enterprise(fx_.e4, "丁");
	assign(fx_.com, fx_.e1);
	assign(fx_.com, fx_.e2);
	assign(fx_.com, fx_.e3);
	assign(fx_.com, fx_.e4);
	/* e1: industry+talent 10 days ago, industry 3 days ago;
	 * e2: project 40 days ago; e3: never;
	 * e4: all five yesterday; a visit 60 days ago, outside the period. */
	visit_sql(fx_.e1, "10", "{industry,talent}", fx_.com);
	visit_sql(fx_.e1, "3", "{industry}", fx_.com);
	visit_sql(fx_.e2, "40", "{project}", fx_.com);
	visit_sql(fx_.e4, "1",
	    "{industry,enterprise,project,technology,talent}", fx_.com);
	visit_sql(fx_.e4, "60", "{talent}", fx_.com);
	return 0;
}

static int
rollback(void **state)
{
	(void)state;
	hl_arena_release(&arena_);
	script("ROLLBACK");
	return 0;
}

static json_t *
coverage(struct hl_ctx c, const char *com, int64_t stale, int *status)
{
	struct hl_coverage_filter f = { NULL, atoll(com), stale };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	json_t *j = NULL;

	*status = 200;
	if (hl_coverage_json(&c, &f, &out, &err) == -1)
		*status = err.status;
	else
		j = parse(&out);
	hl_buf_release(&out);
	return j;
}

static json_t *
item_of(json_t *answer, const char *ent)
{
	json_t *items = json_object_get(answer, "items");
	size_t i;

	for (i = 0; i < json_array_size(items); i++) {
		json_t *it = json_array_get(items, i);

		if (json_integer_value(json_object_get(
		        json_object_get(it, "enterprise"), "id")) == atoll(ent))
			return it;
	}
	return NULL;
}

static json_t *
level_of(json_t *it, const char *level)
{
	return json_object_get(json_object_get(it, "levels"), level);
}

static long long
days(json_t *it, const char *level)
{
	json_t *d = json_object_get(level_of(it, level), "days_since");

	return json_is_null(d) ? -1 : json_integer_value(d);
}

static const char *
stale_levels(json_t *it)
{
	static char s[128];
	json_t *a = json_object_get(it, "stale_levels");
	size_t i;

	s[0] = '\0';
	for (i = 0; i < json_array_size(a); i++)
		snprintf(s + strlen(s), sizeof(s) - strlen(s), "%s%s",
		    i > 0 ? "," : "", json_string_value(json_array_get(a, i)));
	return s;
}

static void
test_coverage_last_visit_per_level(void **state)
{
	int st;
	json_t *j =
	    coverage(ctx_as(HL_ROLE_ADMIN, fx_.admin), fx_.com, -1, &st);
	json_t *e1;
	json_t *e2;
	json_t *e3;

	(void)state;
	assert_int_equal(st, 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 4);
	e1 = item_of(j, fx_.e1);
	e2 = item_of(j, fx_.e2);
	e3 = item_of(j, fx_.e3);
	assert_non_null(e1);
	assert_int_equal(days(e1, "industry"), 3);
	assert_int_equal(days(e1, "talent"), 10);
	assert_int_equal(days(e1, "project"), -1);
	assert_int_equal(json_integer_value(json_object_get(e1, "visits")), 2);
	assert_int_equal(days(e2, "project"), 40);
	assert_int_equal(days(e2, "industry"), -1);
	assert_int_equal(json_integer_value(json_object_get(e3, "visits")), 0);
	assert_true(json_is_null(json_object_get(e3, "last_visited_on")));
	assert_int_equal(days(item_of(j, fx_.e4), "talent"), 1);
	/* Without stale_days nothing is stale. */
	assert_string_equal(stale_levels(e1), "");
	assert_true(
	    json_is_false(json_object_get(level_of(e3, "talent"), "stale")));
	json_decref(j);
}

static void
test_coverage_stale_days_per_level(void **state)
{
	int st;
	json_t *j = coverage(ctx_as(HL_ROLE_ADMIN, fx_.admin), fx_.com, 5, &st);
	json_t *j10;

	(void)state;
	assert_int_equal(st, 200);
	/* e4 had every level yesterday: not listed. */
	assert_int_equal(json_array_size(json_object_get(j, "items")), 3);
	assert_null(item_of(j, fx_.e4));
	assert_string_equal(stale_levels(item_of(j, fx_.e1)),
	    "enterprise,project,technology,talent");
	assert_string_equal(stale_levels(item_of(j, fx_.e2)),
	    "industry,enterprise,project,technology,talent");
	assert_string_equal(stale_levels(item_of(j, fx_.e3)),
	    "industry,enterprise,project,technology,talent");
	/* Exactly N days ago is still within N days. */
	j10 = coverage(ctx_as(HL_ROLE_ADMIN, fx_.admin), fx_.com, 10, &st);
	assert_string_equal(stale_levels(item_of(j10, fx_.e1)),
	    "enterprise,project,technology");
	json_decref(j10);
	json_decref(j);
}

static void
test_coverage_scoped_to_the_caller(void **state)
{
	int st;
	json_t *mine =
	    coverage(ctx_as(HL_ROLE_COMMISSIONER, fx_.com), fx_.com, -1, &st);
	json_t *theirs =
	    coverage(ctx_as(HL_ROLE_COMMISSIONER, fx_.other), fx_.com, -1, &st);
	json_t *nobody;

	(void)state;
	assert_int_equal(json_array_size(json_object_get(mine, "items")), 4);
	assert_int_equal(json_array_size(json_object_get(theirs, "items")), 0);
	/* An id that is not a commissioner's is 404. */
	nobody = coverage(ctx_as(HL_ROLE_ADMIN, fx_.admin), fx_.admin, -1, &st);
	assert_null(nobody);
	assert_int_equal(st, 404);
	json_decref(theirs);
	json_decref(mine);
}

/* Cases of e1: submitted; accepted and overdue; two closed, rated 4 and
 * 5 today; one closed rated 1 long ago (outside the period). */
static void
workload_cases(void)
{
	const char *p[2] = { fx_.e1, fx_.com };

	q("INSERT INTO cases (enterprise_id, chain_id, category, title,"
	  " description, status, accepted_at, due_on, due_at,"
	  " assignee_user_id, resolved_at, resolution, closed_at, rating,"
	  " rated_at)"
	  " SELECT $1::bigint, ec.chain_id, 'other', x.t, '描述', x.s,"
	  "  CASE WHEN x.s <> 'submitted' THEN hl_now() - interval '90 days'"
	  "  END,"
	  "  CASE WHEN x.s <> 'submitted' THEN hl_today() - 60 END,"
	  "  CASE WHEN x.s <> 'submitted' THEN hl_end_of_day(hl_today() - 60)"
	  "  END,"
	  "  CASE WHEN x.s = 'closed' THEN $2::bigint END,"
	  "  CASE WHEN x.s = 'closed' THEN hl_now() - interval '70 days' END,"
	  "  CASE WHEN x.s = 'closed' THEN '已解决' END,"
	  "  CASE WHEN x.s = 'closed' THEN hl_now() END, x.r,"
	  "  CASE WHEN x.r IS NOT NULL THEN hl_now() - x.ago END"
	  " FROM enterprise_chains ec, (VALUES ('待受理', 'submitted', NULL::int,"
	  "  NULL::interval), ('逾期', 'accepted', NULL, NULL),"
	  "  ('评四分', 'closed', 4, interval '1 hour'),"
	  "  ('评五分', 'closed', 5, interval '2 hours'),"
	  "  ('评一分', 'closed', 1, interval '100 days')) AS x(t, s, r, ago)"
	  " WHERE ec.enterprise_id = $1::bigint",
	    2, p, NULL);
}

static json_t *
workload_item(json_t *answer, const char *com)
{
	json_t *items = json_object_get(answer, "items");
	size_t i;

	for (i = 0; i < json_array_size(items); i++) {
		json_t *it = json_array_get(items, i);

		if (json_integer_value(
		        json_object_get(json_object_get(it, "commissioner"),
		            "id")) == atoll(com))
			return it;
	}
	return NULL;
}

static long long
num(json_t *it, const char *key)
{
	return json_integer_value(json_object_get(it, key));
}

static void
test_workload_numbers(void **state)
{
	struct hl_ctx c = ctx_as(HL_ROLE_ADMIN, fx_.admin);
	struct hl_ctx as_com = ctx_as(HL_ROLE_COMMISSIONER, fx_.com);
	const char *titles[1] = { "走访中发现的问题" };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	json_t *j;
	json_t *it;

	(void)state;
	workload_cases();
	/* A visit through the domain function: one case more (open). */
	if (record(as_com, fx_.e2, titles, 1, NULL, &out, &err) == -1)
		fail_msg("create: %d %s", err.status, err.msg);
	hl_buf_reset(&out);
	if (hl_coverage_workload_json(&c, NULL, NULL, &out, &err) == -1)
		fail_msg("workload: %d %s", err.status, err.msg);
	j = parse(&out);
	it = workload_item(j, fx_.com);
	assert_non_null(it);
	assert_int_equal(num(it, "enterprises"), 4);
	/* 10, 3 and 1 days ago and today; not 40 or 60 days ago. */
	assert_int_equal(num(it, "visits"), 4);
	assert_int_equal(num(it, "visited_enterprises"), 3);
	assert_int_equal(num(it, "visit_cases"), 1);
	assert_int_equal(num(it, "open_cases"), 3);
	assert_int_equal(num(it, "overdue_cases"), 1);
	assert_int_equal(num(it, "rated_cases"), 2);
	assert_true(
	    json_number_value(json_object_get(it, "average_rating")) == 4.5);
	it = workload_item(j, fx_.other);
	assert_non_null(it);
	assert_int_equal(num(it, "enterprises"), 0);
	assert_true(json_is_null(json_object_get(it, "average_rating")));
	json_decref(j);
	/* from after to is refused. */
	hl_buf_reset(&out);
	assert_int_equal(hl_coverage_workload_json(&c, "2026-02-01",
	                     "2026-01-01", &out, &err),
	    -1);
	assert_int_equal(err.status, 400);
	hl_buf_release(&out);
}

int
main(void)
{
	const struct CMUnitTest recording[] = {
		cmocka_unit_test(test_create_makes_linked_cases),
		cmocka_unit_test(test_case_failure_leaves_no_visit),
		cmocka_unit_test(test_visit_failure_at_commit_leaves_no_cases),
		cmocka_unit_test(
		    test_create_refuses_bad_input_and_writes_nothing),
	};
	const struct CMUnitTest reports[] = {
		cmocka_unit_test_setup_teardown(
		    test_coverage_last_visit_per_level, begin, rollback),
		cmocka_unit_test_setup_teardown(
		    test_coverage_stale_days_per_level, begin, rollback),
		cmocka_unit_test_setup_teardown(
		    test_coverage_scoped_to_the_caller, begin, rollback),
		cmocka_unit_test_setup_teardown(test_workload_numbers, begin,
		    rollback),
	};
	int failed = 0;

	failed += cmocka_run_group_tests_name("visit recording", recording,
	    rec_setup, rec_teardown);
	failed += cmocka_run_group_tests_name("coverage and workload", reports,
	    open_db, close_db);
	return failed == 0 ? 0 : 1;
}
