/*
 * Cases against the real schema: the SQL and C working-day calendars agree
 * over 2026; deadlines over holidays and make-up days; reminders, overdue
 * flags and automatic escalation driven by the injectable clock and
 * hl_jobs_run_once(); gap-free numbering under 64 concurrent writers and
 * after a rolled-back create; a failing timeline insert that takes the
 * transition and its audit row down with it; default routing to the
 * chain's four ones; scoping.  Actors are the demo users of the seed;
 * every case a test makes is its own.
 */
#include <inttypes.h>
#include <pthread.h>
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
#include "calendar.h"
#include "case.h"
#include "case_list.h"
#include "conf.h"
#include "ctx.h"
#include "db.h"
#include "deadline.h"
#include "err.h"
#include "export.h"
#include "jobs.h"
#include "mem.h"
#include "str.h"
#include "tcal.h"
#include "tdb.h"

#define N_THREADS      64
#define N_PER_THREAD   5
#define WEBHOOK_NAME   "test-cases deadline events"
#define ESCALATION_MSG "逾期超过 3 个工作日，自动升级为书记突破项目"

static struct hl_db_conn *db_;
static struct tdb *tdb_;
static struct hl_arena arena_;
static char url_[1024];
static unsigned serial_;

/* ---- helpers ---- */

static struct hl_ctx
ctx_of(const char *login)
{
	struct hl_ctx c = { 0 };
	const char *role;

	c.db = db_;
	c.arena = &arena_;
	c.request_id = "test-cases";
	c.client_ip = "127.0.0.7";
	c.user_id = tdb_int(tdb_,
	    "SELECT id FROM users WHERE lower(login) = lower($1)", login, NULL);
	role = tdb_value(tdb_, "SELECT role FROM users WHERE id = $1::bigint",
	    hl_arena_printf(&arena_, "%" PRId64, c.user_id), NULL);
	assert_non_null(role);
	assert_int_equal(hl_ctx_role_parse(role, &c.role), 0);
	if (c.role == HL_ROLE_ENTERPRISE)
		c.enterprise_id = tdb_int(tdb_,
		    "SELECT enterprise_id FROM users WHERE id = $1::bigint",
		    hl_arena_printf(&arena_, "%" PRId64, c.user_id), NULL);
	c.login = hl_arena_strdup(&arena_, login);
	return c;
}

static const char *
unique(const char *prefix)
{
	return hl_arena_printf(&arena_, "%s-%ld-%u", prefix, (long)getpid(),
	    serial_++);
}

static const char *
i64s(int64_t v)
{
	return hl_arena_printf(&arena_, "%" PRId64, v);
}

/* Set the application clock to a Zibo wall-clock time ("2026-06-16
 * 10:00"), or back to real time with NULL. */
static void
clock_at(const char *local)
{
	if (local == NULL)
		tdb_exec(tdb_,
		    "UPDATE app_clock SET clock_offset = interval '0'", NULL);
	else
		tdb_exec(tdb_,
		    "UPDATE app_clock SET clock_offset ="
		    " ($1::timestamp AT TIME ZONE 'Asia/Shanghai') - now()",
		    local, NULL);
}

/* A case filed by ent-demo; its id. */
static int64_t
new_case(const char *category, const char *title)
{
	struct hl_ctx ent = ctx_of("ent-demo");
	struct hl_case_new in = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t id;

	in.category = category;
	in.title = title;
	in.description = "数据库测试用诉求";
	if (hl_case_create(&ent, &in, &out, &err) == -1)
		fail_msg("create: %d %s %s", err.status, err.code, err.msg);
	hl_buf_release(&out);
	id =
	    tdb_int(tdb_, "SELECT id FROM cases WHERE title = $1", title, NULL);
	return id;
}

static int
act(const char *login, int64_t id, const char *action,
    struct hl_case_transition *extra, struct hl_err *err)
{
	struct hl_ctx c = ctx_of(login);
	struct hl_case_transition in = { 0 };
	struct hl_buf out = { 0 };
	int rc;

	if (extra != NULL)
		in = *extra;
	in.action = action;
	rc = hl_case_transition(&c, id, &in, &out, err);
	hl_buf_release(&out);
	return rc;
}

static void
act_ok(const char *login, int64_t id, const char *action,
    struct hl_case_transition *extra)
{
	struct hl_err err = { 0 };

	if (act(login, id, action, extra, &err) == -1)
		fail_msg("%s by %s: %d %s %s", action, login, err.status,
		    err.code, err.msg);
}

static long long
n_events(int64_t id, const char *kind)
{
	return tdb_int(tdb_,
	    "SELECT count(*) FROM case_events WHERE case_id = $1::bigint"
	    " AND kind = $2",
	    i64s(id), kind, NULL);
}

static const char *
case_col(int64_t id, const char *expr_sql)
{
	return tdb_value(tdb_, expr_sql, i64s(id), NULL);
}

static void
run_jobs(void)
{
	struct hl_err err = { 0 };

	if (hl_jobs_run_once(db_, &err) == -1)
		fail_msg("jobs: %s", err.msg);
}

/*
 * Run the jobs until case id has n timeline rows of kind (at most 3 s).
 * A round is skipped while another process (a server on the same
 * database) holds the job's advisory lock, so one round may do nothing.
 */
static void
run_jobs_until(int64_t id, const char *kind, long long n)
{
	int i;

	for (i = 0; i < 30; i++) {
		run_jobs();
		if (n_events(id, kind) >= n)
			return;
		usleep(100 * 1000);
	}
}

/* Assign case id to responder-demo by name: the default would be the
 * least busy of the account managers, which other tests may add. */
static void
assign_to_responder(int64_t id)
{
	struct hl_case_transition to = { 0 };

	to.assignee_id = tdb_int(tdb_,
	    "SELECT id FROM users WHERE login = 'responder-demo'", NULL);
	act_ok("commissioner-demo", id, "assign", &to);
}

/* ---- calendar: one truth, two implementations ---- */

static const char SQL_GRID[] =
    "SELECT to_char(d, 'YYYY-MM-DD'), n, to_char(hl_add_workdays(d::date, n),"
    " 'YYYY-MM-DD'), to_char(hl_add_workdays(d::date, -n), 'YYYY-MM-DD'),"
    " hl_workdays_between(d::date, (d + n * interval '1 day')::date),"
    " hl_is_workday(d::date)"
    " FROM generate_series(date '2026-01-01', date '2026-12-31',"
    " interval '1 day') AS d, generate_series(1, 15) AS n ORDER BY 1, 2";

static const char SQL_ALL_DAYS[] =
    "SELECT to_char(day, 'YYYY-MM-DD'), kind FROM calendar_days ORDER BY day";

/* Fill cal (empty) with every row of calendar_days and seal it: the C
 * reference of what the SQL functions read. */
static int
load_calendar(struct hl_db_conn *db, struct tcal *cal, struct hl_err *err)
{
	struct hl_db_res *r = hl_db_exec(db, SQL_ALL_DAYS, 0, NULL, err);
	int i;

	if (r == NULL)
		return -1;
	for (i = 0; i < hl_db_nrows(r); i++) {
		int32_t day;
		enum hl_calendar_kind kind;

		if (hl_calendar_date_parse(hl_str_from(hl_db_get(r, i, 0)),
		        &day) == -1 ||
		    hl_calendar_kind_parse(hl_str_from(hl_db_get(r, i, 1)),
		        &kind) == -1) {
			hl_db_res_free(r);
			tcal_release(cal);
			return hl_err_internal(err);
		}
		tcal_add(cal, day, kind);
	}
	hl_db_res_free(r);
	return tcal_seal(cal, err);
}

static int32_t
day_of(const char *s)
{
	int32_t d = 0;

	if (hl_calendar_date_parse(hl_str_from(s), &d) == -1)
		fail_msg("bad date '%s'", s);
	return d;
}

static void
test_calendar_sql_and_c_agree_2026(void **state)
{
	struct tcal cal = { 0 };
	struct hl_err err = { 0 };
	struct hl_db_res *r;
	int i;
	int n_checked = 0;

	(void)state;
	assert_int_equal(load_calendar(db_, &cal, &err), 0);
	assert_true(cal.n_days >= 39); /* 0011: 2026's listed days */
	r = hl_db_exec(db_, SQL_GRID, 0, NULL, &err);
	assert_non_null(r);
	assert_int_equal(hl_db_nrows(r), 365 * 15);
	for (i = 0; i < hl_db_nrows(r); i++) {
		int32_t d = day_of(hl_db_get(r, i, 0));
		int n = atoi(hl_db_get(r, i, 1));
		int32_t fwd = 0;
		int32_t back = 0;
		char got[TCAL_DATE_SIZE];

		assert_int_equal(tcal_add_workdays(&cal, d, n, &fwd, &err), 0);
		assert_int_equal(tcal_add_workdays(&cal, d, -n, &back, &err),
		    0);
		tcal_date_format(fwd, got);
		if (strcmp(got, hl_db_get(r, i, 2)) != 0)
			fail_msg("%s + %d: C %s, SQL %s", hl_db_get(r, i, 0), n,
			    got, hl_db_get(r, i, 2));
		tcal_date_format(back, got);
		if (strcmp(got, hl_db_get(r, i, 3)) != 0)
			fail_msg("%s - %d: C %s, SQL %s", hl_db_get(r, i, 0), n,
			    got, hl_db_get(r, i, 3));
		assert_int_equal(tcal_workdays_between(&cal, d, d + n),
		    atoi(hl_db_get(r, i, 4)));
		assert_int_equal(tcal_is_workday(&cal, d),
		    hl_db_get_bool(r, i, 5));
		n_checked++;
	}
	assert_int_equal(n_checked, 365 * 15);
	hl_db_res_free(r);
	tcal_release(&cal);
}

/* ---- deadlines ---- */

static void
test_deadline_skips_holidays_and_counts_makeup_days(void **state)
{
	int64_t a;
	int64_t b;

	(void)state;
	/* National Day: accepted 2026-09-30, policy (3): 10-08, 10-09 and the
	 * make-up Saturday 10-10. */
	clock_at("2026-09-30 10:00");
	a = new_case("policy", unique("国庆"));
	act_ok("commissioner-demo", a, "accept", NULL);
	assert_string_equal(case_col(a,
	                        "SELECT due_on::text FROM cases"
	                        " WHERE id = $1::bigint"),
	    "2026-10-10");
	assert_string_equal(case_col(a,
	                        "SELECT to_char(due_at AT TIME ZONE"
	                        " 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS')"
	                        " FROM cases WHERE id = $1::bigint"),
	    "2026-10-10 23:59:59");
	/* Spring Festival: accepted Friday 2026-02-13, financing (10):
	 * 02-14 (make-up), 02-24..27, 02-28 (make-up), 03-02..05. */
	clock_at("2026-02-13 16:30");
	b = new_case("financing", unique("春节"));
	act_ok("commissioner-demo", b, "accept", NULL);
	assert_string_equal(case_col(b,
	                        "SELECT due_on::text FROM cases"
	                        " WHERE id = $1::bigint"),
	    "2026-03-05");
	/* The countdown on the day of acceptance: all 10 left. */
	assert_string_equal(case_col(b,
	                        "SELECT hl_workdays_between(hl_today(),"
	                        " due_on)::text FROM cases"
	                        " WHERE id = $1::bigint"),
	    "10");
	clock_at(NULL);
}

/*
 * Dragon Boat Festival: accepted Tuesday 2026-06-16, policy (3): 06-17,
 * 06-18 and Monday 06-22 (06-19 holiday, then the weekend).
 */
static void
test_reminder_overdue_and_escalation_once(void **state)
{
	int64_t id;

	(void)state;
	/* A subscriber for the deadline events (removed by the teardown,
	 * with its outbox rows). */
	tdb_exec(tdb_,
	    "INSERT INTO webhooks (name, url, event_types, active)"
	    " VALUES ($1, 'http://127.0.0.1:9/test-cases',"
	    " '{case.due_soon,case.overdue,case.escalated}', true)",
	    WEBHOOK_NAME, NULL);
	clock_at("2026-06-16 10:00");
	id = new_case("policy", unique("端午"));
	act_ok("commissioner-demo", id, "accept", NULL);
	assert_string_equal(case_col(id,
	                        "SELECT due_on::text FROM cases"
	                        " WHERE id = $1::bigint"),
	    "2026-06-22");
	act_ok("commissioner-demo", id, "assign", NULL);

	/* Two working days before: nothing yet. */
	clock_at("2026-06-17 10:00");
	run_jobs();
	assert_int_equal(n_events(id, "reminder"), 0);
	/* Thursday 06-18: the next working day is the deadline. */
	clock_at("2026-06-18 10:00");
	run_jobs_until(id, "reminder", 1);
	run_jobs();
	assert_int_equal(n_events(id, "reminder"), 1);
	assert_non_null(case_col(id,
	    "SELECT reminder_sent_at FROM cases WHERE id = $1::bigint"));
	assert_int_equal(n_events(id, "overdue"), 0);
	/* The deadline day itself, 23:00: still not overdue. */
	clock_at("2026-06-22 23:00");
	run_jobs();
	assert_int_equal(n_events(id, "overdue"), 0);
	/* Tuesday 06-23: overdue, flagged once; by 1 working day only. */
	clock_at("2026-06-23 09:00");
	run_jobs_until(id, "overdue", 1);
	run_jobs();
	assert_int_equal(n_events(id, "overdue"), 1);
	assert_non_null(case_col(id,
	    "SELECT overdue_flagged_at FROM cases WHERE id = $1::bigint"));
	assert_string_equal(case_col(id,
	                        "SELECT escalated::text FROM cases"
	                        " WHERE id = $1::bigint"),
	    "false");
	/* Thursday 06-25: overdue by 3 working days, not more than 3. */
	clock_at("2026-06-25 12:00");
	run_jobs();
	assert_string_equal(case_col(id,
	                        "SELECT escalated::text FROM cases"
	                        " WHERE id = $1::bigint"),
	    "false");
	/* Friday 06-26: by 4: escalated automatically, once. */
	clock_at("2026-06-26 08:00");
	run_jobs_until(id, "escalation", 1);
	run_jobs();
	assert_string_equal(case_col(id,
	                        "SELECT escalated::text || '|' ||"
	                        " (escalated_by IS NULL)::text || '|' ||"
	                        " escalated_reason FROM cases"
	                        " WHERE id = $1::bigint"),
	    "true|true|" ESCALATION_MSG);
	assert_int_equal(n_events(id, "escalation"), 1);
	assert_int_equal(tdb_int(tdb_,
	                     "SELECT count(*) FROM case_events"
	                     " WHERE case_id = $1::bigint AND kind ="
	                     " 'escalation' AND actor_user_id IS NULL"
	                     " AND (data->>'automatic')::boolean"
	                     " AND body = $2",
	                     i64s(id), ESCALATION_MSG, NULL),
	    1);
	assert_int_equal(tdb_int(tdb_,
	                     "SELECT count(*) FROM audit_log WHERE"
	                     " object_type = 'case' AND object_id = $1"
	                     " AND action = 'case.escalate'"
	                     " AND actor_user_id IS NULL",
	                     i64s(id), NULL),
	    1);
	assert_int_equal(tdb_int(tdb_,
	                     "SELECT count(*) FROM audit_log WHERE"
	                     " object_type = 'case' AND object_id = $1"
	                     " AND action IN ('case.remind', 'case.overdue')",
	                     i64s(id), NULL),
	    2);

	/* Each event queued once for the subscriber, payload naming the case.
	 */
	assert_string_equal(tdb_value(tdb_,
	                        "SELECT string_agg(o.event_type, ','"
	                        " ORDER BY o.id) FROM outbox o JOIN webhooks w"
	                        " ON w.id = o.webhook_id WHERE w.name = $1"
	                        " AND (o.payload->>'case_id')::bigint ="
	                        " $2::bigint",
	                        WEBHOOK_NAME, i64s(id), NULL),
	    "case.due_soon,case.overdue,case.escalated");

	/* A person de-escalates: the job does not escalate it again. */
	act_ok("committee-demo", id, "deescalate", NULL);
	clock_at("2026-06-29 08:00");
	run_jobs();
	assert_string_equal(case_col(id,
	                        "SELECT escalated::text FROM cases"
	                        " WHERE id = $1::bigint"),
	    "false");
	clock_at(NULL);
}

/* Reopening keeps the deadline and the old resolution in the timeline. */
static void
test_reopen_keeps_deadline(void **state)
{
	struct hl_case_transition res = { .resolution = "已协调解决" };
	struct hl_case_transition why = { .reason = "问题没有解决" };
	int64_t id;
	char due[64];

	(void)state;
	id = new_case("financing", unique("重办"));
	act_ok("commissioner-demo", id, "accept", NULL);
	snprintf(due, sizeof(due), "%s",
	    case_col(id,
	        "SELECT due_at::text FROM cases WHERE id = $1::bigint"));
	assign_to_responder(id);
	act_ok("responder-demo", id, "start", NULL);
	act_ok("responder-demo", id, "resolve", &res);
	act_ok("ent-demo", id, "reopen", &why);
	assert_string_equal(case_col(id,
	                        "SELECT status || '|' || due_at::text ||"
	                        " '|' || (resolution IS NULL)::text"
	                        " FROM cases WHERE id = $1::bigint"),
	    hl_arena_printf(&arena_, "in_progress|%s|true", due));
	assert_int_equal(tdb_int(tdb_,
	                     "SELECT count(*) FROM case_events WHERE"
	                     " case_id = $1::bigint AND action = 'reopen'"
	                     " AND body = '问题没有解决' AND data->>"
	                     "'previous_resolution' = '已协调解决'",
	                     i64s(id), NULL),
	    1);
}

/* ---- numbering ---- */

struct writer {
	const char *title;
	int64_t user_id;
	int64_t enterprise_id;
	int failures;
};

static void *
write_cases(void *arg)
{
	struct writer *w = arg;
	struct hl_err err = { 0 };
	struct hl_db_conn *c = hl_db_open(url_, &err);
	struct hl_arena arena = { 0 };
	struct hl_ctx ctx = { 0 };
	int i;

	/* 64 writers queue on the year's counter row, each holding it to its
	 * commit: under the sanitizers on a busy machine the last one waits
	 * longer than a request's statement timeout. */
	if (c == NULL ||
	    hl_db_exec_script(c, "SET statement_timeout = '60s'", &err) == -1) {
		w->failures = N_PER_THREAD;
		hl_db_close(c);
		return NULL;
	}
	ctx.db = c;
	ctx.arena = &arena;
	ctx.request_id = "test-cases-writer";
	ctx.user_id = w->user_id;
	ctx.role = HL_ROLE_ENTERPRISE;
	ctx.enterprise_id = w->enterprise_id;
	ctx.login = "ent-demo";
	for (i = 0; i < N_PER_THREAD; i++) {
		struct hl_case_new in = { 0 };
		struct hl_buf out = { 0 };

		in.category = "other";
		in.title = w->title;
		in.description = "并发编号测试";
		if (hl_case_create(&ctx, &in, &out, &err) == -1)
			w->failures++;
		hl_buf_release(&out);
	}
	hl_arena_release(&arena);
	hl_db_close(c);
	return NULL;
}

static void
test_numbers_gap_free_under_concurrency(void **state)
{
	struct hl_ctx ent = ctx_of("ent-demo");
	struct writer w[N_THREADS];
	pthread_t th[N_THREADS];
	const char *title = unique("并发");
	int i;

	(void)state;
	for (i = 0; i < N_THREADS; i++) {
		w[i].title = title;
		w[i].user_id = ent.user_id;
		w[i].enterprise_id = ent.enterprise_id;
		w[i].failures = 0;
		assert_int_equal(
		    pthread_create(&th[i], NULL, write_cases, &w[i]), 0);
	}
	for (i = 0; i < N_THREADS; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(w[i].failures, 0);
	}
	assert_int_equal(tdb_int(tdb_,
	                     "SELECT count(DISTINCT number) FROM cases"
	                     " WHERE title = $1",
	                     title, NULL),
	    N_THREADS * N_PER_THREAD);
	/* No gap: the numbers form one run, and the counter ends on it. */
	assert_int_equal(tdb_int(tdb_,
	                     "SELECT max(seq) - min(seq) + 1 FROM cases"
	                     " WHERE title = $1",
	                     title, NULL),
	    N_THREADS * N_PER_THREAD);
	assert_int_equal(tdb_int(tdb_,
	                     "SELECT count(*) FROM cases c WHERE c.year ="
	                     " (SELECT max(year) FROM cases WHERE title = $1)"
	                     " AND c.seq BETWEEN (SELECT min(seq) FROM cases"
	                     " WHERE title = $1) AND (SELECT max(seq)"
	                     " FROM cases WHERE title = $1)",
	                     title, NULL),
	    N_THREADS * N_PER_THREAD);
	assert_string_equal(tdb_value(tdb_,
	                        "SELECT (cc.last = max(c.seq))::text"
	                        " FROM cases c JOIN case_counters cc"
	                        " ON cc.year = c.year WHERE c.title = $1"
	                        " GROUP BY cc.last",
	                        title, NULL),
	    "true");
	assert_non_null(tdb_value(tdb_,
	    "SELECT 1 FROM cases WHERE title = $1 AND number ~"
	    " '^HL-[0-9]{4}-[0-9]{6}$' LIMIT 1",
	    title, NULL));
}

/* A trigger that fails the timeline insert of one marked case. */
static void
install_failing_trigger(const char *cond)
{
	tdb_exec(tdb_,
	    hl_arena_printf(&arena_,
	        "CREATE OR REPLACE FUNCTION test_cases_boom() RETURNS trigger"
	        " LANGUAGE plpgsql AS $f$ BEGIN IF %s THEN RAISE EXCEPTION"
	        " 'test: timeline write fails'; END IF; RETURN NEW; END $f$",
	        cond),
	    NULL);
	tdb_exec(tdb_,
	    "CREATE TRIGGER test_cases_boom BEFORE INSERT ON case_events"
	    " FOR EACH ROW EXECUTE FUNCTION test_cases_boom()",
	    NULL);
}

static int
drop_failing_trigger(void **state)
{
	(void)state;
	tdb_exec(tdb_, "DROP TRIGGER IF EXISTS test_cases_boom ON case_events",
	    NULL);
	tdb_exec(tdb_, "DROP FUNCTION IF EXISTS test_cases_boom()", NULL);
	return 0;
}

static void
test_failed_create_leaves_no_gap(void **state)
{
	struct hl_ctx ent = ctx_of("ent-demo");
	struct hl_case_new in = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	const char *title = unique("回滚");
	long long before;
	int64_t id;

	(void)state;
	before = tdb_int(tdb_,
	    "SELECT coalesce((SELECT last FROM case_counters WHERE year ="
	    " extract(year FROM hl_today())::int), 0)",
	    NULL);
	install_failing_trigger(hl_arena_printf(&arena_,
	    "(SELECT title FROM cases WHERE id = NEW.case_id) = '%s'", title));
	in.category = "policy";
	in.title = title;
	in.description = "这条诉求的创建会失败";
	assert_int_equal(hl_case_create(&ent, &in, &out, &err), -1);
	assert_int_equal(err.status, 500);
	assert_int_equal(out.len, 0);
	drop_failing_trigger(NULL);
	assert_int_equal(tdb_int(tdb_,
	                     "SELECT count(*) FROM cases WHERE title = $1",
	                     title, NULL),
	    0);
	assert_int_equal(tdb_int(tdb_,
	                     "SELECT last FROM case_counters WHERE year ="
	                     " extract(year FROM hl_today())::int",
	                     NULL),
	    before);
	id = new_case("policy", unique("回滚后"));
	assert_int_equal(tdb_int(tdb_,
	                     "SELECT seq FROM cases WHERE id = $1::bigint",
	                     i64s(id), NULL),
	    before + 1);
	hl_buf_release(&out);
}

/* The transition, its timeline row and its audit row commit together:
 * when the timeline insert fails, the case row is as before. */
static void
test_transition_atomic_with_timeline_and_audit(void **state)
{
	struct hl_err err = { 0 };
	struct hl_case_transition why = { .reason = "需要书记协调" };
	int64_t id;
	char row[4096];
	long long audits;
	long long events;

	(void)state;
	id = new_case("legal", unique("原子"));
	act_ok("commissioner-demo", id, "accept", NULL);
	snprintf(row, sizeof(row), "%s",
	    case_col(id,
	        "SELECT row_to_json(c)::text FROM cases c"
	        " WHERE id = $1::bigint"));
	audits = tdb_int(tdb_,
	    "SELECT count(*) FROM audit_log WHERE object_type = 'case'"
	    " AND object_id = $1",
	    i64s(id), NULL);
	events = tdb_int(tdb_,
	    "SELECT count(*) FROM case_events WHERE case_id = $1::bigint",
	    i64s(id), NULL);
	install_failing_trigger(
	    hl_arena_printf(&arena_, "NEW.case_id = %" PRId64, id));
	assert_int_equal(act("commissioner-demo", id, "assign", NULL, &err),
	    -1);
	assert_int_equal(err.status, 500);
	memset(&err, 0, sizeof(err));
	assert_int_equal(act("commissioner-demo", id, "escalate", &why, &err),
	    -1);
	drop_failing_trigger(NULL);
	assert_string_equal(case_col(id,
	                        "SELECT row_to_json(c)::text FROM cases c"
	                        " WHERE id = $1::bigint"),
	    row);
	assert_int_equal(tdb_int(tdb_,
	                     "SELECT count(*) FROM audit_log WHERE"
	                     " object_type = 'case' AND object_id = $1",
	                     i64s(id), NULL),
	    audits);
	assert_int_equal(tdb_int(tdb_,
	                     "SELECT count(*) FROM case_events"
	                     " WHERE case_id = $1::bigint",
	                     i64s(id), NULL),
	    events);
	/* Without the trigger the same transition goes through. */
	act_ok("commissioner-demo", id, "assign", NULL);
	assert_int_equal(tdb_int(tdb_,
	                     "SELECT count(*) FROM audit_log WHERE"
	                     " object_type = 'case' AND object_id = $1",
	                     i64s(id), NULL),
	    audits + 1);
}

/* ---- routing and scoping ---- */

/*
 * The suggestion for a new case of category: a responder bound to the
 * chain's resource of that kind (the demo user when it is the only one:
 * other tests may bind more, and the least busy wins), and what assign
 * without assignee_id takes.  resource NULL: nobody is suggested.
 */
static void
check_suggested(const char *category, const char *resource,
    const char *demo_login)
{
	struct hl_ctx com = ctx_of("commissioner-demo");
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t id = new_case(category, unique(category));
	json_t *j;
	json_t *user;
	long long uid;

	assert_int_equal(hl_case_suggested_json(&com, id, &out, &err), 0);
	j = json_loads(hl_buf_cstr(&out), 0, NULL);
	assert_non_null(j);
	user = json_object_get(j, "user");
	act_ok("commissioner-demo", id, "accept", NULL);
	if (resource == NULL) {
		assert_true(json_is_null(user));
		json_decref(j);
		hl_buf_release(&out);
		assert_int_equal(
		    act("commissioner-demo", id, "assign", NULL, &err), -1);
		assert_int_equal(err.status, 422);
		assert_string_equal(err.fields[0].name, "assignee_id");
		return;
	}
	uid = json_integer_value(json_object_get(user, "id"));
	/* The API names the view's policy_contact policy_pack. */
	assert_string_equal(
	    json_string_value(json_object_get(
	        json_object_get(user, "responder"), "resource")),
	    strcmp(resource, "policy_contact") == 0 ? "policy_pack" : resource);
	assert_string_equal(json_string_value(json_object_get(user, "role")),
	    "responder");
	assert_non_null(json_string_value(json_object_get(j, "reason")));
	assert_true(json_array_size(json_object_get(j, "candidates")) >= 1);
	json_decref(j);
	hl_buf_release(&out);
	assert_int_equal(tdb_int(tdb_,
	                     "SELECT count(*) FROM responder_bindings rb"
	                     " JOIN cases c ON c.chain_id = rb.chain_id"
	                     " WHERE c.id = $1::bigint AND rb.user_id ="
	                     " $2::bigint AND rb.resource = $3",
	                     i64s(id), i64s(uid), resource, NULL),
	    1);
	if (tdb_int(tdb_,
	        "SELECT count(*) FROM responder_bindings rb JOIN cases c"
	        " ON c.chain_id = rb.chain_id WHERE c.id = $1::bigint"
	        " AND rb.resource = $2",
	        i64s(id), resource, NULL) == 1)
		assert_string_equal(tdb_value(tdb_,
		                        "SELECT login FROM users"
		                        " WHERE id = $1::bigint",
		                        i64s(uid), NULL),
		    demo_login);
	act_ok("commissioner-demo", id, "assign", NULL);
	assert_int_equal(tdb_int(tdb_,
	                     "SELECT assignee_user_id FROM cases"
	                     " WHERE id = $1::bigint",
	                     i64s(id), NULL),
	    uid);
}

static void
test_routing_to_the_four_ones(void **state)
{
	(void)state;
	check_suggested("financing", "account_manager", "responder-demo");
	check_suggested("legal", "lawyer", "lawyer-demo");
	check_suggested("technology", "expert", "expert-demo");
	check_suggested("talent", "expert", "expert-demo");
	check_suggested("policy", "policy_contact", "policy-demo");
	check_suggested("approvals", "policy_contact", "policy-demo");
	check_suggested("other", NULL, NULL);
}

static void
test_assignee_must_be_staff_who_can_work_on_it(void **state)
{
	struct hl_case_transition to = { 0 };
	struct hl_err err = { 0 };
	int64_t id = new_case("other", unique("承办人"));

	(void)state;
	act_ok("commissioner-demo", id, "accept", NULL);
	to.assignee_id = tdb_int(tdb_,
	    "SELECT id FROM users WHERE login = 'ent2-demo'", NULL);
	assert_int_equal(act("commissioner-demo", id, "assign", &to, &err), -1);
	assert_int_equal(err.status, 422);
	assert_string_equal(err.fields[0].name, "assignee_id");
	to.assignee_id = tdb_int(tdb_,
	    "SELECT id FROM users WHERE login = 'admin-demo'", NULL);
	act_ok("commissioner-demo", id, "assign", &to);
	assert_string_equal(
	    case_col(id, "SELECT status FROM cases WHERE id = $1::bigint"),
	    "assigned");
}

static void
test_scoping_hides_other_cases(void **state)
{
	struct hl_ctx ent2 = ctx_of("ent2-demo");
	struct hl_ctx resp = ctx_of("responder-demo");
	struct hl_ctx cmt = ctx_of("committee-demo");
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t id = new_case("financing", unique("范围"));

	(void)state;
	assert_int_equal(hl_case_get_json(&ent2, id, &out, &err), -1);
	assert_int_equal(err.status, 404);
	memset(&err, 0, sizeof(err));
	assert_int_equal(hl_case_get_json(&resp, id, &out, &err), -1);
	assert_int_equal(err.status, 404);
	memset(&err, 0, sizeof(err));
	assert_int_equal(act("ent2-demo", id, "reopen", NULL, &err), -1);
	assert_int_equal(err.status, 404);
	assert_int_equal(hl_case_get_json(&cmt, id, &out, &err), 0);
	hl_buf_release(&out);
	/* Once assigned, the responder sees it. */
	act_ok("commissioner-demo", id, "accept", NULL);
	assign_to_responder(id);
	assert_int_equal(hl_case_get_json(&resp, id, &out, &err), 0);
	assert_non_null(strstr(hl_buf_cstr(&out), "\"start\""));
	hl_buf_release(&out);
}

/* ---- exports ---- */

static void
run_sql(const char *sql)
{
	struct hl_err err = { 0 };

	if (hl_db_exec_script(db_, sql, &err) == -1)
		fail_msg("'%.60s': %s", sql, err.msg);
}

/* Read the whole of stream s into out, 64 KiB at a time as the server
 * does, and free it. */
static void
drain(struct hl_export_stream *s, struct hl_buf *out)
{
	char buf[65536];
	long n;

	while ((n = hl_export_stream_read(s, buf, sizeof(buf))) > 0)
		hl_buf_append(out, buf, (size_t)n);
	assert_int_equal(n, 0);
	hl_export_stream_free(s);
}

/*
 * The export streams: 12 000 matching cases (more than the 10 000 an
 * export once held) all come out as CSV, and as a workbook.  The export
 * reads on a connection of its own, so the rows are committed, and
 * deleted afterwards.
 */
static void
test_export_streams_every_row(void **state)
{
	struct hl_ctx adm = ctx_of("admin-demo");
	struct hl_case_filter f = { 0 };
	struct hl_export_stream *s = NULL;
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	const char *marker = unique("导出流");
	char sql[1024];
	int64_t size;
	size_t lines = 0;
	size_t i;

	(void)state;
	f.q = marker;
	snprintf(sql, sizeof(sql),
	    "INSERT INTO cases (year, seq, enterprise_id, chain_id, category,"
	    " title, description) SELECT 2099, g, ec.enterprise_id,"
	    " ec.chain_id, 'other', '%s ' || g, '导出流测试'"
	    " FROM generate_series(1, 12000) g,"
	    " (SELECT enterprise_id, chain_id FROM enterprise_chains"
	    "  ORDER BY 1, 2 LIMIT 1) ec",
	    marker);
	/* 12 000 cases (with their case_facts rows) take longer than the
	 * server's 5 s statement limit on a busy machine; the export, not
	 * the fixture, is under test.  The export reads committed rows on a
	 * connection of its own, so no transaction here. */
	run_sql("SET statement_timeout = '120s'");
	run_sql(sql);
	run_sql("RESET statement_timeout");
	assert_int_equal(hl_case_export(&adm, &f, HL_CASE_EXPORT_CSV, &s, &err),
	    0);
	drain(s, &out);
	for (i = 0; i < out.len; i++)
		if (out.p[i] == '\n')
			lines++;
	assert_int_equal(lines, 12000 + 1); /* and the header */
	assert_memory_equal(out.p, "\xef\xbb\xbf", 3);
	assert_non_null(strstr(hl_buf_cstr(&out),
	    hl_arena_printf(&arena_, "%s 12000", marker)));
	hl_buf_reset(&out);
	assert_int_equal(
	    hl_case_export(&adm, &f, HL_CASE_EXPORT_XLSX, &s, &err), 0);
	size = hl_export_stream_size(s);
	assert_true(size > 0);
	drain(s, &out);
	assert_int_equal((int64_t)out.len, size);
	assert_memory_equal(out.p, "PK", 2);
	snprintf(sql, sizeof(sql),
	    "DELETE FROM cases WHERE year = 2099 AND title LIKE '%s %%'",
	    marker);
	/* Taking them away again is as long a statement. */
	run_sql("SET statement_timeout = '120s'");
	run_sql(sql);
	run_sql("RESET statement_timeout");
	hl_buf_release(&out);
}

/* ---- fixture ---- */

static int
open_db(void **state)
{
	const char *url = getenv("HONGLIAN_TEST_DATABASE_URL");
	struct hl_conf c = { 0 };
	struct hl_err err = { 0 };

	(void)state;
	if (url == NULL)
		return -1;
	snprintf(url_, sizeof(url_), "%s", url);
	if (hl_conf_load(&c, NULL, &err) == -1) {
		hl_conf_release(&c);
		return -1;
	}
	/* The server's session settings (time zone Asia/Shanghai); exports
	 * open connections of their own to the test database. */
	free(c.database_url);
	c.database_url = hl_xstrdup(url);
	hl_db_setup(&c);
	hl_conf_release(&c);
	tdb_ = tdb_open();
	db_ = hl_db_open(url, &err);
	return db_ != NULL && tdb_ != NULL ? 0 : -1;
}

static int
close_db(void **state)
{
	(void)state;
	clock_at(NULL);
	drop_failing_trigger(NULL);
	hl_db_close(db_);
	tdb_close(tdb_);
	hl_db_shutdown();
	hl_arena_release(&arena_);
	return 0;
}

/* Whatever a test did to the clock, the next one starts at real time;
 * the test webhook goes (its outbox rows with it, ON DELETE CASCADE). */
static int
real_time(void **state)
{
	(void)state;
	clock_at(NULL);
	tdb_exec(tdb_, "DELETE FROM webhooks WHERE name = $1", WEBHOOK_NAME,
	    NULL);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_calendar_sql_and_c_agree_2026),
		cmocka_unit_test_teardown(
		    test_deadline_skips_holidays_and_counts_makeup_days,
		    real_time),
		cmocka_unit_test_teardown(
		    test_reminder_overdue_and_escalation_once, real_time),
		cmocka_unit_test(test_reopen_keeps_deadline),
		cmocka_unit_test(test_numbers_gap_free_under_concurrency),
		cmocka_unit_test_teardown(test_failed_create_leaves_no_gap,
		    drop_failing_trigger),
		cmocka_unit_test_teardown(
		    test_transition_atomic_with_timeline_and_audit,
		    drop_failing_trigger),
		cmocka_unit_test(test_routing_to_the_four_ones),
		cmocka_unit_test(
		    test_assignee_must_be_staff_who_can_work_on_it),
		cmocka_unit_test(test_scoping_hides_other_cases),
		cmocka_unit_test(test_export_streams_every_row),
	};

	return cmocka_run_group_tests_name("cases", tests, open_db, close_db);
}
