/*
 * Service quality against the real schema.
 *
 * Figures: a hand-made set of eight cases on a chain of their own, moved
 * through their lives with the application clock in January and February
 * 2021, when nothing else in the test database happened; every expected
 * value below is worked out by hand in the comments (working days on the
 * official 2021 calendar, Spring Festival's make-up Sunday 02-07 and
 * Saturday 02-20 included), never by the SQL under test.  Checked per
 * chain, city-wide, per category, commissioner and responder, week by
 * week, against the previous period, with no data, and the drill-down
 * lists behind the figures.
 *
 * Re-checks: the weekly draw (share, the kinds always drawn, once per
 * closure, the same picks again from the logged seed), the job's choice
 * of weeks, and recording a call, where "not solved" reopens the case.
 */
#include <inttypes.h>
#include <math.h>
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
#include "case.h"
#include "case_list.h"
#include "conf.h"
#include "ctx.h"
#include "db.h"
#include "err.h"
#include "mem.h"
#include "metrics.h"
#include "recheck.h"
#include "report.h"
#include "tdb.h"
#include "tfix.h"
#include "thttp.h"

static struct hl_db_conn *db_;
static struct tdb *tdb_;
static struct hl_arena arena_;

/* The hand-made world. */
static struct {
	char chain_code[40];
	int64_t chain;
	int64_t ent[3];     /* ENT1, ENT2, ENT3 */
	int64_t u1, u2;     /* enterprise users of ENT1, ENT2 */
	int64_t k1, k2;     /* commissioners: ENT1; ENT2 and ENT3 */
	int64_t r1, r2;     /* responders */
	int64_t cq;         /* committee member of the chain */
	int64_t a, b, c, d; /* cases, see build_cases() */
	int64_t e, f, g, h;
	int64_t sampled; /* the case the week of 02-08 drew */
} w_;

/* ---- helpers ---- */

static const char *
i64s(int64_t v)
{
	return hl_arena_printf(&arena_, "%" PRId64, v);
}

static struct hl_ctx
ctx_of(int64_t uid)
{
	struct hl_ctx c = { 0 };
	const char *role;

	c.db = db_;
	c.arena = &arena_;
	c.request_id = "test-quality";
	c.client_ip = "127.0.0.9";
	c.user_id = uid;
	role = tdb_value(tdb_, "SELECT role FROM users WHERE id = $1::bigint",
	    i64s(uid), NULL);
	assert_non_null(role);
	assert_int_equal(hl_ctx_role_parse(role, &c.role), 0);
	if (c.role == HL_ROLE_ENTERPRISE)
		c.enterprise_id = tdb_int(tdb_,
		    "SELECT enterprise_id FROM users WHERE id = $1::bigint",
		    i64s(uid), NULL);
	c.login = hl_arena_strdup(&arena_,
	    tdb_value(tdb_, "SELECT login FROM users WHERE id = $1::bigint",
	        i64s(uid), NULL));
	return c;
}

static int64_t
login_id(const char *login)
{
	return tdb_int(tdb_, "SELECT id FROM users WHERE login = $1", login,
	    NULL);
}

/* The application clock at a Zibo wall-clock time, or real time (NULL). */
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

static int64_t
user(const char *role, const char *name, int64_t enterprise)
{
	static unsigned serial;

	return tdb_int(tdb_,
	    "INSERT INTO users (login, name, role, password_hash, enterprise_id)"
	    " VALUES ($1, $2, $3, '$argon2id$not-a-hash',"
	    " NULLIF($4, '0')::bigint) RETURNING id",
	    hl_arena_printf(&arena_, "qt%ld-%u", (long)getpid(), serial++),
	    name, role, i64s(enterprise), NULL);
}

static int64_t
enterprise(const char *name)
{
	char code[19];

	tfix_credit_code("91370QT00", code);
	return tdb_int(tdb_,
	    "WITH e AS (INSERT INTO enterprises (name, credit_code, district,"
	    " size_class) VALUES ($1, $2, '张店区', 'small') RETURNING id),"
	    " c AS (INSERT INTO enterprise_chains (enterprise_id, chain_id,"
	    " is_primary) SELECT e.id, $3::bigint, true FROM e)"
	    " SELECT id FROM e",
	    name, code, i64s(w_.chain), NULL);
}

/* At local time when, uid files a case of category for its enterprise. */
static int64_t
file_case(const char *when, int64_t uid, const char *category,
    const char *title)
{
	struct hl_ctx c = ctx_of(uid);
	struct hl_case_new in = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	clock_at(when);
	in.category = category;
	in.title = title;
	in.description = "质量指标测试用诉求";
	if (hl_case_create(&c, &in, &out, &err) == -1)
		fail_msg("create: %d %s %s", err.status, err.code, err.msg);
	hl_buf_release(&out);
	return tdb_int(tdb_, "SELECT max(id) FROM cases WHERE title = $1",
	    title, NULL);
}

/* At local time when, uid takes action on case id; extra may be NULL. */
static void
act(const char *when, int64_t uid, int64_t id, const char *action,
    const struct hl_case_transition *extra)
{
	struct hl_ctx c = ctx_of(uid);
	struct hl_case_transition in = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	if (extra != NULL)
		in = *extra;
	in.action = action;
	if (in.resolution == NULL)
		in.resolution = "已办理";
	clock_at(when);
	if (hl_case_transition(&c, id, &in, &out, &err) == -1)
		fail_msg("%s at %s: %d %s %s", action, when, err.status,
		    err.code, err.msg);
	hl_buf_release(&out);
}

static void
rate(const char *when, int64_t uid, int64_t id, int stars)
{
	struct hl_case_transition t = { 0 };

	t.rating = stars;
	act(when, uid, id, "confirm", &t);
}

/* Accepted by the commissioner and assigned to responder at when; started
 * by the responder at the same time. */
static void
take_on(const char *when, int64_t commissioner, int64_t responder, int64_t id)
{
	struct hl_case_transition t = { 0 };

	act(when, commissioner, id, "accept", NULL);
	t.assignee_id = responder;
	act(when, commissioner, id, "assign", &t);
	act(when, responder, id, "start", NULL);
}

/* ---- JSON ---- */

static json_t *
parse(struct hl_buf *out)
{
	json_error_t je;
	json_t *j = json_loads(hl_buf_cstr(out), 0, &je);

	if (j == NULL)
		fail_msg("not JSON (%s): %.200s", je.text, hl_buf_cstr(out));
	hl_buf_release(out);
	return j;
}

static void
num_is(json_t *root, const char *path, double want)
{
	json_t *v = thttp_json_get(root, path);

	if (v == NULL || !json_is_number(v))
		fail_msg("%s: want %g, got %s", path, want,
		    v == NULL ? "nothing" : "null or not a number");
	if (fabs(json_number_value(v) - want) > 1e-9)
		fail_msg("%s: want %g, got %g", path, want,
		    json_number_value(v));
}

static void
null_is(json_t *root, const char *path)
{
	json_t *v = thttp_json_get(root, path);

	if (v == NULL || !json_is_null(v))
		fail_msg("%s: want null (no data)", path);
}

static json_t *
dashboard(int64_t uid, const char *chain, const char *from, const char *to)
{
	struct hl_ctx c = ctx_of(uid);
	struct hl_metrics_query q = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	q.chain = chain;
	q.from = from;
	q.to = to;
	if (hl_metrics_json(&c, &q, &out, &err) == -1)
		fail_msg("metrics: %d %s %s", err.status, err.code, err.msg);
	return parse(&out);
}

/* The chain's February dashboard for one category, commissioner or
 * responder. */
static json_t *
dashboard_of(const char *category, int64_t commissioner, int64_t responder)
{
	struct hl_ctx c = ctx_of(w_.cq);
	struct hl_metrics_query q = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	q.chain = w_.chain_code;
	q.category = category;
	q.commissioner = commissioner;
	q.responder = responder;
	q.from = "2021-02-01";
	q.to = "2021-02-28";
	if (hl_metrics_json(&c, &q, &out, &err) == -1)
		fail_msg("metrics: %d %s %s", err.status, err.code, err.msg);
	return parse(&out);
}

static json_t *
table(int64_t uid, const char *chain, enum hl_metrics_group g)
{
	struct hl_ctx c = ctx_of(uid);
	struct hl_metrics_query q = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	q.chain = chain;
	q.from = "2021-02-01";
	q.to = "2021-02-28";
	if (hl_metrics_table_json(&c, &q, g, &out, &err) == -1)
		fail_msg("table: %d %s %s", err.status, err.code, err.msg);
	return parse(&out);
}

/* The figures of the item whose key is key (a string or a number). */
static json_t *
item(json_t *t, const char *key)
{
	json_t *items = json_object_get(t, "items");
	json_t *it;
	size_t i;

	json_array_foreach(items, i, it)
	{
		json_t *k = json_object_get(it, "key");
		char buf[32];

		if (json_is_integer(k))
			snprintf(buf, sizeof(buf), "%" JSON_INTEGER_FORMAT,
			    json_integer_value(k));
		else
			snprintf(buf, sizeof(buf), "%s", json_string_value(k));
		if (strcmp(buf, key) == 0)
			return it;
	}
	fail_msg("no item %s", key);
	return NULL;
}

/* ---- the hand-made world ---- */

/*
 * Spring Festival 2021 (国务院办公厅 2020-11-25): 02-11..02-17 off, the
 * Sunday 02-07 and the Saturday 02-20 worked; New Year's Day 01-01 off.
 */
static void
calendar_2021(void)
{
	tdb_exec(tdb_,
	    "INSERT INTO calendar_days (day, kind, name) VALUES"
	    " ('2021-01-01', 'holiday', '元旦'),"
	    " ('2021-02-07', 'workday', '春节调休上班'),"
	    " ('2021-02-11', 'holiday', '春节'), ('2021-02-12', 'holiday', '春节'),"
	    " ('2021-02-13', 'holiday', '春节'), ('2021-02-14', 'holiday', '春节'),"
	    " ('2021-02-15', 'holiday', '春节'), ('2021-02-16', 'holiday', '春节'),"
	    " ('2021-02-17', 'holiday', '春节'),"
	    " ('2021-02-20', 'workday', '春节调休上班')"
	    " ON CONFLICT (day) DO NOTHING",
	    NULL);
}

static void
build_people(void)
{
	snprintf(w_.chain_code, sizeof(w_.chain_code), "qt%ld", (long)getpid());
	w_.chain = tdb_int(tdb_,
	    "INSERT INTO chains (code, name, sort_order) VALUES ($1, $2, 900)"
	    " RETURNING id",
	    w_.chain_code,
	    hl_arena_printf(&arena_, "质量测试链%s", w_.chain_code), NULL);
	w_.ent[0] = enterprise("质量测试一号企业");
	w_.ent[1] = enterprise("质量测试二号企业");
	w_.ent[2] = enterprise("质量测试三号企业");
	w_.u1 = user("enterprise", "一号企业用户", w_.ent[0]);
	w_.u2 = user("enterprise", "二号企业用户", w_.ent[1]);
	w_.k1 = user("commissioner", "专员甲", 0);
	w_.k2 = user("commissioner", "专员乙", 0);
	w_.r1 = user("responder", "承办人甲", 0);
	w_.r2 = user("responder", "承办人乙", 0);
	w_.cq = user("committee", "链党委委员", 0);
	tdb_exec(tdb_,
	    "INSERT INTO assignments (commissioner_id, enterprise_id) VALUES"
	    " ($1::bigint, $3::bigint), ($2::bigint, $4::bigint),"
	    " ($2::bigint, $5::bigint)",
	    i64s(w_.k1), i64s(w_.k2), i64s(w_.ent[0]), i64s(w_.ent[1]),
	    i64s(w_.ent[2]), NULL);
	tdb_exec(tdb_,
	    "INSERT INTO user_chains (user_id, chain_id) VALUES"
	    " ($1::bigint, $2::bigint)",
	    i64s(w_.cq), i64s(w_.chain), NULL);
}

/*
 * The cases, by enterprise (ENT1: A B C D, commissioner k1; ENT2: E F G
 * H, commissioner k2), with what the figures will see.  Deadlines are
 * the N-th working day after acceptance (policy 3, legal 5, financing
 * 10, talent 10, technology 15); "wd" is working days from acceptance
 * to the first resolution.
 *
 * H technology, r2: filed 01-05 09:00, accepted 12:00 (3 h); due 01-26
 *   (01-06 07 08 11 12 13 14 15 18 19 20 21 22 25 26); resolved 01-20,
 *   on time, 11 wd; rated 1 on 01-21.
 * C financing, r2: filed 01-25 09:00, accepted 11:00 (2 h); due 02-07
 *   (01-26 27 28 29 02-01 02 03 04 05, and the make-up Sunday 02-07);
 *   resolved 02-05, on time, 9 wd; reopened by the enterprise, resolved
 *   again 02-08, rated 4 on 02-08.
 * E policy, r1: filed 02-01 09:00, accepted 13:00 (4 h); due 02-04;
 *   escalated 02-10; resolved 02-19, late, 10 wd (02-02 03 04 05 07 08
 *   09 10 18 19); rated 3 on 02-22.
 * F other: filed 02-03 10:00, rejected 18:00 (8 h).
 * A policy, r1: filed 02-04 09:00, accepted 10:00 (1 h); due 02-08
 *   (02-05, the make-up Sunday 02-07, 02-08); resolved 02-08 16:00, on
 *   time, 3 wd; rated 5 on 02-09.
 * B legal, r2: filed 02-09 09:00, accepted 15:00 (6 h); due 02-22
 *   (02-10, 18, 19, the make-up Saturday 20, 22); resolved 02-23, late,
 *   6 wd (02-10 18 19 20 22 23); rated 2 on 02-24.
 * D talent, r1: filed 02-18 09:00, accepted 09:30 (0.5 h); due 03-03;
 *   escalated 02-25; still in progress: overdue now.
 * G policy: filed 02-26 17:00, never answered.
 */
static void
build_cases(void)
{
	struct hl_case_transition t = { 0 };

	w_.h = file_case("2021-01-05 09:00", w_.u2, "technology", "质量H");
	take_on("2021-01-05 12:00", w_.k2, w_.r2, w_.h);
	act("2021-01-20 10:00", w_.r2, w_.h, "resolve", NULL);
	rate("2021-01-21 10:00", w_.u2, w_.h, 1);

	w_.c = file_case("2021-01-25 09:00", w_.u1, "financing", "质量C");
	take_on("2021-01-25 11:00", w_.k1, w_.r2, w_.c);
	act("2021-02-05 10:00", w_.r2, w_.c, "resolve", NULL);
	t.reason = "贷款尚未到账";
	act("2021-02-05 14:00", w_.u1, w_.c, "reopen", &t);
	act("2021-02-08 10:00", w_.r2, w_.c, "resolve", NULL);
	rate("2021-02-08 12:00", w_.u1, w_.c, 4);

	w_.e = file_case("2021-02-01 09:00", w_.u2, "policy", "质量E");
	take_on("2021-02-01 13:00", w_.k2, w_.r1, w_.e);
	act("2021-02-10 09:00", w_.cq, w_.e, "escalate", NULL);
	act("2021-02-19 10:00", w_.r1, w_.e, "resolve", NULL);
	rate("2021-02-22 10:00", w_.u2, w_.e, 3);

	w_.f = file_case("2021-02-03 10:00", w_.u2, "other", "质量F");
	t.reason = "不属于受理范围";
	act("2021-02-03 18:00", w_.k2, w_.f, "reject", &t);

	w_.a = file_case("2021-02-04 09:00", w_.u1, "policy", "质量A");
	take_on("2021-02-04 10:00", w_.k1, w_.r1, w_.a);
	act("2021-02-08 16:00", w_.r1, w_.a, "resolve", NULL);
	rate("2021-02-09 10:00", w_.u1, w_.a, 5);

	w_.b = file_case("2021-02-09 09:00", w_.u1, "legal", "质量B");
	take_on("2021-02-09 15:00", w_.k1, w_.r2, w_.b);
	act("2021-02-23 10:00", w_.r2, w_.b, "resolve", NULL);
	rate("2021-02-24 10:00", w_.u1, w_.b, 2);

	w_.d = file_case("2021-02-18 09:00", w_.u1, "talent", "质量D");
	take_on("2021-02-18 09:30", w_.k1, w_.r1, w_.d);
	act("2021-02-25 10:00", w_.cq, w_.d, "escalate", NULL);

	w_.g = file_case("2021-02-26 17:00", w_.u2, "policy", "质量G");
	clock_at(NULL);
}

/*
 * Visits (ENT1 02-05 industry+enterprise and 02-20 industry, ENT2 02-10
 * technology, ENT3 01-15 talent) and policy sessions (02-20 held: ENT1
 * came, ENT2 did not, ENT3 not recorded; 02-21 cancelled; 01-16 held:
 * ENT1 came).
 */
static void
build_visits_and_sessions(void)
{
	tdb_exec(tdb_,
	    "INSERT INTO visits (enterprise_id, chain_id, visited_on, levels,"
	    " recorded_by) VALUES"
	    " ($1::bigint, $4::bigint, '2021-02-05', '{industry,enterprise}', $5::bigint),"
	    " ($1::bigint, $4::bigint, '2021-02-20', '{industry}', $5::bigint),"
	    " ($2::bigint, $4::bigint, '2021-02-10', '{technology}', $6::bigint),"
	    " ($3::bigint, $4::bigint, '2021-01-15', '{talent}', $6::bigint)",
	    i64s(w_.ent[0]), i64s(w_.ent[1]), i64s(w_.ent[2]), i64s(w_.chain),
	    i64s(w_.k1), i64s(w_.k2), NULL);
	tdb_exec(tdb_,
	    "WITH ev AS (INSERT INTO events (chain_id, title, starts_at, ends_at,"
	    " status) VALUES"
	    " ($1::bigint, '质量测试直通车一', '2021-02-20 14:00+08', '2021-02-20 16:00+08', 'open'),"
	    " ($1::bigint, '质量测试直通车二', '2021-02-21 14:00+08', '2021-02-21 16:00+08', 'open'),"
	    " ($1::bigint, '质量测试直通车三', '2021-01-16 14:00+08', '2021-01-16 16:00+08', 'open')"
	    " RETURNING id, title)"
	    " SELECT count(*) FROM ev",
	    i64s(w_.chain), NULL);
	tdb_exec(tdb_,
	    "INSERT INTO event_registrations (event_id, enterprise_id, attended,"
	    " checked_in_at, code) SELECT e.id, x.ent, x.att,"
	    " CASE WHEN x.att THEN e.starts_at END, hl_event_code()"
	    " FROM events e JOIN (VALUES"
	    " ('质量测试直通车一', $1::bigint, true),"
	    " ('质量测试直通车一', $2::bigint, false),"
	    " ('质量测试直通车一', $3::bigint, NULL),"
	    " ('质量测试直通车二', $1::bigint, true),"
	    " ('质量测试直通车三', $1::bigint, true)) x(title, ent, att)"
	    " ON x.title = e.title WHERE e.chain_id = $4::bigint",
	    i64s(w_.ent[0]), i64s(w_.ent[1]), i64s(w_.ent[2]), i64s(w_.chain),
	    NULL);
	tdb_exec(tdb_,
	    "UPDATE events SET status = CASE title WHEN '质量测试直通车二'"
	    " THEN 'cancelled' ELSE 'done' END, cancelled_at = CASE title"
	    " WHEN '质量测试直通车二' THEN starts_at END"
	    " WHERE chain_id = $1::bigint",
	    i64s(w_.chain), NULL);
}

static int64_t
draw(const char *week, int64_t seed, int share)
{
	struct hl_err err = { 0 };
	int64_t id = 0;

	if (hl_recheck_draw(db_, NULL, week, seed, share, &id, &err) == -1)
		fail_msg("draw %s: %d %s %s", week, err.status, err.code,
		    err.msg);
	return id;
}

/* The re-check of case id, 0 when none. */
static int64_t
recheck_of(int64_t id)
{
	const char *v = tdb_value(tdb_,
	    "SELECT max(id)::text FROM rechecks WHERE case_id = $1::bigint",
	    i64s(id), NULL);

	return v != NULL ? strtoll(v, NULL, 10) : 0;
}

static int
record(const char *when, int64_t uid, int64_t recheck, const char *outcome,
    const char *note, struct hl_err *err)
{
	struct hl_ctx c = ctx_of(uid);
	struct hl_recheck_outcome in = { outcome, note };
	struct hl_buf out = { 0 };
	int rc;

	if (when != NULL)
		clock_at(when);
	rc = hl_recheck_record(&c, recheck, &in, &out, err);
	hl_buf_release(&out);
	return rc;
}

static void
record_ok(const char *when, int64_t uid, int64_t recheck, const char *outcome,
    const char *note)
{
	struct hl_err err = { 0 };

	if (record(when, uid, recheck, outcome, note, &err) == -1)
		fail_msg("record %s: %d %s %s", outcome, err.status, err.code,
		    err.msg);
}

/*
 * Draws of the weeks of 02-01 (F's rejection: always), 02-08 (the
 * closures of C and A, neither always: half of them, one) and 02-22 (B
 * rated 2: always; E rated 3: half of one, rounded up: one).  Calls:
 * F not solved on 02-10 (F goes back to submitted), the one drawn of
 * A and C solved on 02-17, B partly on 02-26; E never called.
 */
static void
build_rechecks(void)
{
	draw("2021-02-01", 7, 50);
	draw("2021-02-08", 424242, 50);
	draw("2021-02-22", 99, 50);
	w_.sampled = recheck_of(w_.a) != 0 ? w_.a : w_.c;
	assert_true(recheck_of(w_.a) == 0 || recheck_of(w_.c) == 0);
	assert_true(recheck_of(w_.e) != 0);
	record_ok("2021-02-10 10:00", w_.k2, recheck_of(w_.f), "not_solved",
	    "企业表示问题仍未解决");
	record_ok("2021-02-17 10:00", w_.k1, recheck_of(w_.sampled), "solved",
	    "企业确认已解决");
	record_ok("2021-02-26 10:00", w_.k1, recheck_of(w_.b), "partly",
	    "部分解决");
	clock_at(NULL);
}

/* ---- figures ---- */

static void
test_chain_dashboard_february(void **state)
{
	json_t *j = dashboard(w_.cq, w_.chain_code, "2021-02-01", "2021-02-28");

	(void)state;
	num_is(j, "period.days", 28);
	assert_string_equal(
	    json_string_value(thttp_json_get(j, "previous.from")),
	    "2021-01-04");
	/* Filed in February: A B D E F G. */
	num_is(j, "cases_submitted", 6);
	/* Answered: D 0.5, A 1, E 4, B 6, F 8 hours; median 4; 90th:
	 * position 0.9 * 4 = 3.6, 6 + 0.6 * (8 - 6) = 7.2. */
	num_is(j, "first_response.n", 5);
	num_is(j, "first_response.median_hours", 4.0);
	num_is(j, "first_response.p90_hours", 7.2);
	/* Due in February: E 02-04 (late), C 02-07 (on time), A 02-08 (on
	 * time), B 02-22 (late); D is due 03-03. */
	num_is(j, "on_time.due", 4);
	num_is(j, "on_time.on_time", 2);
	num_is(j, "on_time.late", 2);
	num_is(j, "on_time_rate", 0.5);
	/* First resolved: A 3, B 6, C 9, E 10 wd; median (6 + 9) / 2; 90th:
	 * position 2.7, 9 + 0.7 * 1 = 9.7. */
	num_is(j, "days_to_close.n", 4);
	num_is(j, "days_to_close.median", 7.5);
	num_is(j, "days_to_close.p90", 9.7);
	/* Rated: A 5, C 4, E 3, B 2. */
	num_is(j, "satisfaction.n", 4);
	num_is(j, "satisfaction.average", 3.5);
	num_is(j, "satisfaction.distribution.1", 0);
	num_is(j, "satisfaction.distribution.2", 1);
	num_is(j, "satisfaction.distribution.5", 1);
	/* Called: F not solved, A or C solved, B partly. */
	num_is(j, "rechecks.n", 3);
	num_is(j, "rechecks.solved", 1);
	num_is(j, "rechecks.partly", 1);
	num_is(j, "rechecks.not_solved", 1);
	num_is(j, "recheck_pass_rate", 0.3333);
	/* Of the four first resolved, C was reopened. */
	num_is(j, "reopens.closed", 4);
	num_is(j, "reopens.reopened", 1);
	num_is(j, "reopen_rate", 0.25);
	/* Escalated: E 02-10, D 02-25; E resolved 02-19 after it. */
	num_is(j, "escalations.opened", 2);
	num_is(j, "escalations.resolved", 1);
	/* Three enterprises; visited: ENT1 (industry, enterprise), ENT2
	 * (technology). */
	num_is(j, "visit_coverage.enterprises", 3);
	num_is(j, "visit_coverage.levels.industry.visited", 1);
	num_is(j, "visit_coverage.levels.industry.rate", 0.3333);
	num_is(j, "visit_coverage.levels.enterprise.rate", 0.3333);
	num_is(j, "visit_coverage.levels.project.rate", 0);
	num_is(j, "visit_coverage.levels.technology.rate", 0.3333);
	num_is(j, "visit_coverage.levels.talent.rate", 0);
	/* 02-20 held with three registered, one came; 02-21 cancelled. */
	num_is(j, "policy_sessions.held", 1);
	num_is(j, "policy_sessions.registered", 3);
	num_is(j, "policy_sessions.attended", 1);
	num_is(j, "policy_sessions.attendance_rate", 0.3333);
	/* D is open and past 03-03 today. */
	num_is(j, "overdue_now", 1);
	json_decref(j);
}

static void
test_previous_period_and_change(void **state)
{
	json_t *j = dashboard(w_.cq, w_.chain_code, "2021-02-01", "2021-02-28");

	(void)state;
	/* 01-04..01-31: H and C filed (3 h, 2 h: median 2.5, 90th 2.9); H
	 * due 01-26 and resolved 01-20 (11 wd) rated 1; nothing called; H
	 * not reopened; ENT3 visited for talent; one session, one came. */
	num_is(j, "previous.cases_submitted", 2);
	num_is(j, "previous.first_response.median_hours", 2.5);
	num_is(j, "previous.first_response.p90_hours", 2.9);
	num_is(j, "previous.on_time_rate", 1);
	num_is(j, "previous.days_to_close.median", 11);
	num_is(j, "previous.satisfaction.average", 1);
	null_is(j, "previous.recheck_pass_rate");
	num_is(j, "previous.reopen_rate", 0);
	num_is(j, "previous.visit_coverage.levels.talent.rate", 0.3333);
	num_is(j, "previous.policy_sessions.attendance_rate", 1);
	/* Changes: 6 - 2, 0.5 - 1, 7.5 - 11, 4 - 2.5, 3.5 - 1, none, 0.25. */
	num_is(j, "change.cases_submitted", 4);
	num_is(j, "change.on_time_rate", -0.5);
	num_is(j, "change.days_to_close_median", -3.5);
	num_is(j, "change.first_response_median_hours", 1.5);
	num_is(j, "change.satisfaction_average", 2.5);
	null_is(j, "change.recheck_pass_rate");
	num_is(j, "change.reopen_rate", 0.25);
	num_is(j, "change.escalations_opened", 2);
	num_is(j, "change.attendance_rate", -0.6667);
	json_decref(j);
}

static json_t *
week(json_t *j, const char *from)
{
	json_t *weeks = json_object_get(j, "weekly");
	json_t *wk;
	size_t i;

	json_array_foreach(weeks, i,
	    wk) if (strcmp(json_string_value(json_object_get(wk, "from")),
	                from) == 0) return wk;
	fail_msg("no week %s", from);
	return NULL;
}

static void
test_weekly_trend(void **state)
{
	json_t *j = dashboard(w_.cq, w_.chain_code, "2021-02-01", "2021-02-28");
	json_t *wk;

	(void)state;
	/* Twelve weeks up to the week of 02-28: 2020-12-07 .. 2021-02-22. */
	assert_int_equal(json_array_size(json_object_get(j, "weekly")), 12);
	/* 02-01..07: E F A filed; E late, C on time; C resolved.  Weeks
	 * have no medians (docs/METRICS.md). */
	wk = week(j, "2021-02-01");
	num_is(wk, "cases_submitted", 3);
	num_is(wk, "on_time_rate", 0.5);
	num_is(wk, "days_to_close.n", 1);
	null_is(wk, "days_to_close.median");
	null_is(wk, "satisfaction.average");
	/* 02-08..14: B filed; A due and on time, resolved; C 4 and A 5
	 * rated; F not solved. */
	wk = week(j, "2021-02-08");
	num_is(wk, "cases_submitted", 1);
	num_is(wk, "on_time_rate", 1);
	num_is(wk, "days_to_close.n", 1);
	num_is(wk, "satisfaction.average", 4.5);
	num_is(wk, "recheck_pass_rate", 0);
	/* 02-15..21: nothing due; the sampled call solved. */
	wk = week(j, "2021-02-15");
	null_is(wk, "on_time_rate");
	num_is(wk, "recheck_pass_rate", 1);
	/* 02-22..28: B due, late; E 3 and B 2 rated. */
	wk = week(j, "2021-02-22");
	assert_string_equal(json_string_value(json_object_get(wk, "to")),
	    "2021-02-28");
	num_is(wk, "on_time_rate", 0);
	num_is(wk, "satisfaction.average", 2.5);
	json_decref(j);
}

static void
test_city_wide_is_the_same_set(void **state)
{
	json_t *j =
	    dashboard(login_id("admin-demo"), NULL, "2021-02-01", "2021-02-28");
	long long n_ent = tdb_int(tdb_,
	    "SELECT count(DISTINCT enterprise_id) FROM enterprise_chains",
	    NULL);

	(void)state;
	/* Nothing else in the database happened in February 2021. */
	num_is(j, "cases_submitted", 6);
	num_is(j, "on_time_rate", 0.5);
	num_is(j, "days_to_close.median", 7.5);
	num_is(j, "satisfaction.average", 3.5);
	num_is(j, "recheck_pass_rate", 0.3333);
	num_is(j, "reopen_rate", 0.25);
	num_is(j, "escalations.opened", 2);
	num_is(j, "policy_sessions.held", 1);
	/* Every enterprise on a chain, three visits of the set. */
	num_is(j, "visit_coverage.enterprises", (double)n_ent);
	num_is(j, "visit_coverage.levels.industry.visited", 1);
	num_is(j, "visit_coverage.levels.technology.visited", 1);
	null_is(j, "scope.chain");
	json_decref(j);
}

static void
test_per_category(void **state)
{
	json_t *t = table(w_.cq, w_.chain_code, HL_METRICS_CATEGORIES);
	json_t *it;

	(void)state;
	assert_int_equal(json_array_size(json_object_get(t, "items")), 7);
	/* policy: A E G filed; A on time, E late; A 3, E 10 wd; A 5, E 3. */
	it = item(t, "policy");
	num_is(it, "figures.cases_submitted", 3);
	num_is(it, "figures.on_time_rate", 0.5);
	num_is(it, "figures.days_to_close.median", 6.5);
	num_is(it, "figures.satisfaction.average", 4);
	num_is(it, "figures.rechecks.n", w_.sampled == w_.a ? 1 : 0);
	/* financing: C, on time, 9 wd, reopened, rated 4. */
	it = item(t, "financing");
	num_is(it, "figures.cases_submitted", 0);
	num_is(it, "figures.on_time_rate", 1);
	num_is(it, "figures.days_to_close.median", 9);
	num_is(it, "figures.reopen_rate", 1);
	/* legal: B late, 6 wd, rated 2, re-check partly. */
	it = item(t, "legal");
	num_is(it, "figures.on_time_rate", 0);
	num_is(it, "figures.days_to_close.median", 6);
	num_is(it, "figures.recheck_pass_rate", 0);
	/* talent: D filed and escalated, nothing due yet. */
	it = item(t, "talent");
	num_is(it, "figures.cases_submitted", 1);
	null_is(it, "figures.on_time_rate");
	num_is(it, "figures.escalations.opened", 1);
	/* technology: nothing in February; H was January's. */
	it = item(t, "technology");
	num_is(it, "figures.cases_submitted", 0);
	null_is(it, "figures.days_to_close.median");
	num_is(it, "change.cases_submitted", -1);
	/* Per category, coverage and sessions are not defined. */
	null_is(it, "figures.visit_coverage");
	null_is(it, "figures.policy_sessions");
	json_decref(t);
}

static void
test_per_responder_and_commissioner(void **state)
{
	json_t *t = table(w_.cq, w_.chain_code, HL_METRICS_RESPONDERS);
	json_t *it;

	(void)state;
	/* Only the two who were assigned something; F and G never were. */
	assert_int_equal(json_array_size(json_object_get(t, "items")), 2);
	/* r1: A D E; A on time, E late; 3 and 10 wd; A 5, E 3; D and E
	 * escalated, E resolved. */
	it = item(t, i64s(w_.r1));
	num_is(it, "figures.cases_submitted", 3);
	num_is(it, "figures.on_time_rate", 0.5);
	num_is(it, "figures.days_to_close.median", 6.5);
	num_is(it, "figures.satisfaction.average", 4);
	num_is(it, "figures.escalations.opened", 2);
	num_is(it, "figures.escalations.resolved", 1);
	/* r2: B (C and H filed in January); B late, C on time; 6 and 9 wd;
	 * B 2, C 4; C reopened. */
	it = item(t, i64s(w_.r2));
	num_is(it, "figures.cases_submitted", 1);
	num_is(it, "figures.on_time_rate", 0.5);
	num_is(it, "figures.days_to_close.median", 7.5);
	num_is(it, "figures.satisfaction.average", 3);
	num_is(it, "figures.reopen_rate", 0.5);
	json_decref(t);

	t = table(w_.cq, w_.chain_code, HL_METRICS_COMMISSIONERS);
	assert_int_equal(json_array_size(json_object_get(t, "items")), 2);
	/* k1 (ENT1): A B D filed; A C on time, B late: 2/3; 3 6 9 wd;
	 * A 5, B 2, C 4: 11/3; the sampled call solved, B partly; ENT1
	 * visited for industry and enterprise. */
	it = item(t, i64s(w_.k1));
	num_is(it, "figures.cases_submitted", 3);
	num_is(it, "figures.on_time_rate", 0.6667);
	num_is(it, "figures.days_to_close.median", 6);
	num_is(it, "figures.satisfaction.average", 3.67);
	num_is(it, "figures.recheck_pass_rate", 0.5);
	num_is(it, "figures.visit_coverage.enterprises", 1);
	num_is(it, "figures.visit_coverage.levels.industry.rate", 1);
	num_is(it, "figures.visit_coverage.levels.technology.rate", 0);
	/* k2 (ENT2, ENT3): E F G filed; E late; 10 wd; E 3; F not solved;
	 * ENT2 visited for technology: 1 of 2. */
	it = item(t, i64s(w_.k2));
	num_is(it, "figures.cases_submitted", 3);
	num_is(it, "figures.on_time_rate", 0);
	num_is(it, "figures.days_to_close.median", 10);
	num_is(it, "figures.satisfaction.average", 3);
	num_is(it, "figures.recheck_pass_rate", 0);
	num_is(it, "figures.visit_coverage.enterprises", 2);
	num_is(it, "figures.visit_coverage.levels.technology.rate", 0.5);
	null_is(it, "figures.policy_sessions");
	json_decref(t);
}

/* A filter on the dashboard gives that group's row of its table. */
static void
same_figures(json_t *dash, json_t *row)
{
	static const char *const paths[] = { "cases_submitted", "on_time.due",
		"on_time.on_time", "days_to_close.n", "satisfaction.n",
		"reopens.reopened", "rechecks.n", "rechecks.solved",
		"rechecks.partly", "rechecks.not_solved", "escalations.opened",
		"escalations.resolved" };
	char path[64];
	size_t i;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		snprintf(path, sizeof(path), "figures.%s", paths[i]);
		num_is(dash, paths[i],
		    json_number_value(thttp_json_get(row, path)));
	}
}

static void
test_filtered_dashboard_is_the_group_row(void **state)
{
	static const char *const cats[] = { "policy", "financing", "legal",
		"technology", "talent", "approvals", "other" };
	json_t *t = table(w_.cq, w_.chain_code, HL_METRICS_CATEGORIES);
	json_t *j;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cats) / sizeof(cats[0]); i++) {
		j = dashboard_of(cats[i], 0, 0);
		same_figures(j, item(t, cats[i]));
		json_decref(j);
	}
	json_decref(t);
	/* The re-checks of February by hand: F (other, ENT2's commissioner
	 * k2, no responder) not solved; B (legal, k1, r2) partly; the one
	 * drawn of A (policy, k1, r1) and C (financing, k1, r2) solved. */
	j = dashboard_of("other", 0, 0);
	num_is(j, "rechecks.n", 1);
	num_is(j, "rechecks.not_solved", 1);
	json_decref(j);
	j = dashboard_of("legal", 0, 0);
	num_is(j, "rechecks.n", 1);
	num_is(j, "rechecks.partly", 1);
	json_decref(j);
	j = dashboard_of(NULL, w_.k2, 0);
	num_is(j, "rechecks.n", 1);
	num_is(j, "rechecks.not_solved", 1);
	json_decref(j);
	j = dashboard_of(NULL, w_.k1, 0);
	num_is(j, "rechecks.n", 2);
	num_is(j, "rechecks.solved", 1);
	num_is(j, "rechecks.partly", 1);
	json_decref(j);
	j = dashboard_of(NULL, 0, w_.r2);
	num_is(j, "rechecks.n", w_.sampled == w_.c ? 2 : 1);
	num_is(j, "rechecks.partly", 1);
	json_decref(j);
	t = table(w_.cq, w_.chain_code, HL_METRICS_RESPONDERS);
	j = dashboard_of(NULL, 0, w_.r1);
	same_figures(j, item(t, i64s(w_.r1)));
	json_decref(j);
	json_decref(t);
}

static void
test_chain_ranking(void **state)
{
	json_t *t = table(login_id("admin-demo"), NULL, HL_METRICS_CHAINS);
	json_t *it = item(t, w_.chain_code);
	json_t *items = json_object_get(t, "items");
	json_t *x;
	size_t i;

	(void)state;
	/* Only this chain has data in February 2021: first of one. */
	num_is(t, "n_ranked", 1);
	num_is(it, "rank", 1);
	num_is(it, "figures.on_time_rate", 0.5);
	assert_true(json_array_size(items) >= 21);
	json_array_foreach(items, i, x) if (x != it)
	    assert_true(json_is_null(json_object_get(x, "rank")));
	json_decref(t);
	/* A committee member of another chain sees its own row, unranked,
	 * and never this chain's. */
	t = table(login_id("committee-demo"), NULL, HL_METRICS_CHAINS);
	assert_int_equal(json_array_size(json_object_get(t, "items")), 1);
	assert_string_equal(json_string_value(thttp_json_get(t, "items.0.key")),
	    "auto-parts");
	num_is(t, "n_ranked", 1);
	json_decref(t);
}

static void
test_no_data_is_null_not_zero(void **state)
{
	json_t *j = dashboard(w_.cq, w_.chain_code, "2020-06-01", "2020-06-30");

	(void)state;
	num_is(j, "cases_submitted", 0);
	null_is(j, "on_time_rate");
	null_is(j, "first_response.median_hours");
	null_is(j, "days_to_close.median");
	null_is(j, "days_to_close.p90");
	null_is(j, "satisfaction.average");
	null_is(j, "recheck_pass_rate");
	null_is(j, "reopen_rate");
	null_is(j, "policy_sessions.attendance_rate");
	null_is(j, "previous.on_time_rate");
	null_is(j, "change.on_time_rate");
	/* Coverage has enterprises, so no visits is a real 0 %. */
	num_is(j, "visit_coverage.levels.industry.rate", 0);
	json_decref(j);
}

static int
metrics_err(int64_t uid, const char *chain, const char *category,
    const char *from, const char *to, struct hl_err *err)
{
	struct hl_ctx c = ctx_of(uid);
	struct hl_metrics_query q = { 0 };
	struct hl_buf out = { 0 };
	int rc;

	q.chain = chain;
	q.category = category;
	q.from = from;
	q.to = to;
	memset(err, 0, sizeof(*err));
	rc = hl_metrics_json(&c, &q, &out, err);
	hl_buf_release(&out);
	return rc;
}

static const char *
field_of(const struct hl_err *err, const char *name)
{
	int i;

	for (i = 0; i < err->n_fields; i++)
		if (strcmp(err->fields[i].name, name) == 0)
			return err->fields[i].msg;
	return NULL;
}

static void
test_bad_periods_and_scoping(void **state)
{
	struct hl_err err;
	const char *tomorrow =
	    tdb_value(tdb_, "SELECT (hl_today() + 1)::text", NULL);
	char t1[16];

	(void)state;
	snprintf(t1, sizeof(t1), "%s", tomorrow);
	assert_int_equal(metrics_err(w_.cq, NULL, NULL, NULL, t1, &err), -1);
	assert_int_equal(err.status, 422);
	assert_non_null(field_of(&err, "to"));
	assert_int_equal(
	    metrics_err(w_.cq, NULL, NULL, "2021-03-01", "2021-02-01", &err),
	    -1);
	assert_non_null(field_of(&err, "from"));
	assert_int_equal(
	    metrics_err(w_.cq, NULL, NULL, "2020-01-01", "2021-02-01", &err),
	    -1);
	assert_string_equal(field_of(&err, "from"), "统计区间最长 366 天");
	assert_int_equal(metrics_err(w_.cq, NULL, "parking", "2021-02-01",
	                     "2021-02-28", &err),
	    -1);
	assert_non_null(field_of(&err, "category"));
	/* Another chain's committee: this chain does not exist for it. */
	assert_int_equal(metrics_err(login_id("committee-demo"), w_.chain_code,
	                     NULL, "2021-02-01", "2021-02-28", &err),
	    -1);
	assert_int_equal(err.status, 404);
	assert_int_equal(
	    metrics_err(w_.cq, "no-such-chain", NULL, NULL, NULL, &err), -1);
	assert_int_equal(err.status, 404);
}

/* ---- drill-down ---- */

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a;
	int64_t y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* b's text in the arena ("" when empty); b is released. */
static const char *
keep(struct hl_buf *b)
{
	const char *s =
	    hl_arena_strdup(&arena_, b->len > 0 ? hl_buf_cstr(b) : "");

	hl_buf_release(b);
	return s;
}

/* The ids uid's case list gives for figure set name in February 2021,
 * sorted, as "1,5,9"; chain may be NULL. */
static const char *
drill(int64_t uid, const char *chain, const char *name)
{
	struct hl_ctx c = ctx_of(uid);
	struct hl_case_filter f = { 0 };
	struct hl_buf out = { 0 };
	struct hl_buf ids = { 0 };
	struct hl_err err = { 0 };
	json_t *j;
	json_t *it;
	int64_t v[64];
	size_t n = 0;
	size_t i;

	f.chain = chain;
	f.figure = name;
	f.figure_from = "2021-02-01";
	f.figure_to = "2021-02-28";
	f.limit = 200;
	if (hl_case_list_json(&c, &f, &out, &err) == -1)
		fail_msg("list %s: %d %s %s", name, err.status, err.code,
		    err.msg);
	j = parse(&out);
	json_array_foreach(json_object_get(j, "items"), i, it) v[n++] =
	    json_integer_value(json_object_get(it, "id"));
	json_decref(j);
	qsort(v, n, sizeof(v[0]), cmp_i64);
	for (i = 0; i < n; i++)
		hl_buf_printf(&ids, "%s%" PRId64, i > 0 ? "," : "", v[i]);
	return keep(&ids);
}

/* The same for the expected cases. */
static const char *
set(int n, ...)
{
	int64_t v[16];
	struct hl_buf ids = { 0 };
	va_list ap;
	int i;

	va_start(ap, n);
	for (i = 0; i < n; i++)
		v[i] = va_arg(ap, int64_t);
	va_end(ap);
	qsort(v, (size_t)n, sizeof(v[0]), cmp_i64);
	for (i = 0; i < n; i++)
		hl_buf_printf(&ids, "%s%" PRId64, i > 0 ? "," : "", v[i]);
	return keep(&ids);
}

static void
test_drill_down_lists_exactly_the_cases(void **state)
{
	const char *q = w_.chain_code;

	(void)state;
	assert_string_equal(drill(w_.cq, q, "submitted"),
	    set(6, w_.a, w_.b, w_.d, w_.e, w_.f, w_.g));
	assert_string_equal(drill(w_.cq, q, "responded"),
	    set(5, w_.a, w_.b, w_.d, w_.e, w_.f));
	assert_string_equal(drill(w_.cq, q, "due"),
	    set(4, w_.a, w_.b, w_.c, w_.e));
	assert_string_equal(drill(w_.cq, q, "on_time"), set(2, w_.a, w_.c));
	assert_string_equal(drill(w_.cq, q, "late"), set(2, w_.b, w_.e));
	assert_string_equal(drill(w_.cq, q, "closed"),
	    set(4, w_.a, w_.b, w_.c, w_.e));
	assert_string_equal(drill(w_.cq, q, "reopened"), set(1, w_.c));
	assert_string_equal(drill(w_.cq, q, "rating_2"), set(1, w_.b));
	assert_string_equal(drill(w_.cq, q, "escalated"), set(2, w_.d, w_.e));
	assert_string_equal(drill(w_.cq, q, "escalation_resolved"),
	    set(1, w_.e));
	assert_string_equal(drill(w_.cq, q, "rechecked"),
	    set(3, w_.f, w_.b, w_.sampled));
	assert_string_equal(drill(w_.cq, q, "recheck_not_solved"),
	    set(1, w_.f));
	/* Without a chain: the caller's chains, still the same cases. */
	assert_string_equal(drill(w_.cq, NULL, "late"), set(2, w_.b, w_.e));
	/* Scoping: another chain's committee, and a commissioner, see only
	 * their own cases behind the same figure. */
	assert_string_equal(drill(login_id("committee-demo"), NULL, "late"),
	    "");
	assert_string_equal(drill(login_id("committee-demo"), q, "late"), "");
	assert_string_equal(drill(w_.k1, NULL, "late"), set(1, w_.b));
	assert_string_equal(drill(w_.k2, NULL, "closed"), set(1, w_.e));
}

static void
test_drill_down_refuses_half_a_figure(void **state)
{
	struct hl_ctx c = ctx_of(w_.cq);
	struct hl_case_filter f = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	(void)state;
	f.figure = "late";
	assert_int_equal(hl_case_list_json(&c, &f, &out, &err), -1);
	assert_int_equal(err.status, 400);
	assert_non_null(field_of(&err, "figure_from"));
	memset(&err, 0, sizeof(err));
	f.figure = "lateness";
	f.figure_from = "2021-02-01";
	f.figure_to = "2021-02-28";
	assert_int_equal(hl_case_list_json(&c, &f, &out, &err), -1);
	assert_non_null(field_of(&err, "figure"));
	hl_buf_release(&out);
}

static void
test_exports_and_report(void **state)
{
	struct hl_ctx c = ctx_of(w_.cq);
	struct hl_metrics_query q = { 0 };
	struct hl_metrics_rows rows = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int i;

	(void)state;
	q.chain = w_.chain_code;
	q.from = "2021-02-01";
	q.to = "2021-02-28";
	assert_int_equal(
	    hl_metrics_rows(&c, &q, HL_METRICS_TABLE_SUMMARY, &rows, &err), 0);
	i = hl_metrics_rows_find(&rows, "on_time_rate");
	assert_true(i >= 0);
	assert_string_equal(rows.cells[i * 4 + 1], "50.0%");
	assert_string_equal(rows.cells[i * 4 + 2], "100.0%");
	assert_string_equal(rows.cells[i * 4 + 3], "-50.0 个百分点");
	i = hl_metrics_rows_find(&rows, "recheck_pass_rate");
	assert_string_equal(rows.cells[i * 4 + 2], "无数据");
	i = hl_metrics_rows_find(&rows, "days_to_close.median");
	assert_string_equal(rows.cells[i * 4 + 1], "7.5");
	assert_string_equal(rows.cells[i * 4 + 3], "-3.5");
	hl_metrics_rows_free(&rows);
	assert_int_equal(
	    hl_metrics_rows(&c, &q, HL_METRICS_TABLE_CATEGORIES, &rows, &err),
	    0);
	assert_int_equal(rows.n_rows, 7);
	i = hl_metrics_rows_find(&rows, "visit_coverage.enterprises");
	assert_string_equal(rows.cells[i], "不适用");
	hl_metrics_rows_free(&rows);
	assert_int_equal(hl_metrics_export(&c, &q, HL_METRICS_TABLE_WEEKLY,
	                     HL_METRICS_CSV, &out, &err),
	    0);
	assert_non_null(strstr(hl_buf_cstr(&out), "2021-02-08 至 2021-02-14"));
	assert_non_null(strstr(hl_buf_cstr(&out), "按期办结率"));
	hl_buf_release(&out);
	/* The printed report of February: its month against January. */
	assert_int_equal(
	    hl_report_monthly_html(&c, w_.chain_code, "2021-02", &out, &err),
	    0);
	assert_non_null(strstr(hl_buf_cstr(&out), "（2021年2月）"));
	assert_non_null(
	    strstr(hl_buf_cstr(&out), "统计期 2021-02-01 至 2021-02-28"));
	assert_non_null(
	    strstr(hl_buf_cstr(&out), "对比期 2021-01-01 至 2021-01-28"));
	assert_non_null(strstr(hl_buf_cstr(&out), "1 / 1"));
	assert_non_null(strstr(hl_buf_cstr(&out), "/print.css?v="));
	hl_buf_release(&out);
	assert_int_equal(
	    hl_report_monthly_html(&c, w_.chain_code, "2999-01", &out, &err),
	    -1);
	assert_non_null(field_of(&err, "month"));
	hl_buf_release(&out);
}

/* ---- re-checks ---- */

/* Cases of ent-demo, each taken to the end at local time when. */
static int64_t
demo_case(const char *when, const char *title)
{
	int64_t ent = login_id("ent-demo");
	int64_t id;
	struct hl_case_transition t = { 0 };

	id = file_case(when, ent, "policy", title);
	t.assignee_id = login_id("responder-demo");
	act(when, login_id("commissioner-demo"), id, "accept", NULL);
	act(when, login_id("commissioner-demo"), id, "assign", &t);
	act(when, login_id("responder-demo"), id, "start", NULL);
	act(when, login_id("responder-demo"), id, "resolve", NULL);
	return id;
}

/* "a,b,c" of the closure ids hl_recheck_pick() gives. */
static const char *
picks(const char *week, const char *seed, const char *share)
{
	return hl_arena_strdup(&arena_,
	    tdb_value(tdb_,
	        "SELECT coalesce(string_agg(closure_event_id::text, ','"
	        " ORDER BY closure_event_id), '') FROM hl_recheck_pick($1::date,"
	        " $2::bigint, $3::int)",
	        week, seed, share, NULL));
}

static void
test_draw_share_kinds_once_and_reproducible(void **state)
{
	int64_t ent = login_id("ent-demo");
	int64_t committee = login_id("committee-demo");
	int64_t low;
	int64_t rejected;
	int64_t override;
	int64_t did;
	struct hl_case_transition t = { 0 };
	struct hl_err err = { 0 };
	char title[64];
	const char *got;
	int i;
	int n_distinct = 0;

	(void)state;
	/* The week of 2021-03-08: ten closures rated 4, one rated 1, one
	 * rejected, one closed over the enterprise's head (a committee
	 * override); and one closure the week before. */
	for (i = 0; i < 10; i++) {
		int64_t id;

		snprintf(title, sizeof(title), "回访池%ld-%d", (long)getpid(),
		    i);
		id = demo_case("2021-03-09 09:00", title);
		rate("2021-03-10 09:00", ent, id, 4);
	}
	low = demo_case("2021-03-09 09:00", "回访低分");
	rate("2021-03-11 09:00", ent, low, 1);
	rejected = file_case("2021-03-12 09:00", ent, "legal", "回访退回");
	t.reason = "不属于受理范围";
	act("2021-03-12 10:00", login_id("commissioner-demo"), rejected,
	    "reject", &t);
	/* Closed by the committee over an open meeting action item, as
	 * action.c's close guard lets a member in charge do. */
	override = demo_case("2021-03-09 09:00", "回访越权关闭");
	tdb_exec(tdb_,
	    "WITH m AS (INSERT INTO meetings (chain_id, title, starts_at)"
	    " SELECT chain_id, '回访测试会议', hl_now() FROM cases"
	    " WHERE id = $1::bigint RETURNING id),"
	    " a AS (INSERT INTO action_items (meeting_id, body, due_on)"
	    " SELECT m.id, '督办回访测试', hl_today() + 30 FROM m RETURNING id)"
	    " INSERT INTO action_item_cases (action_item_id, case_id)"
	    " SELECT a.id, $1::bigint FROM a",
	    i64s(override), NULL);
	t.override_reason = "会议决定关闭";
	act("2021-03-13 09:00", committee, override, "confirm", &t);
	t.override_reason = NULL;
	assert_int_equal(tdb_int(tdb_,
	                     "SELECT count(*) FROM audit_log WHERE action ="
	                     " 'case.close_override' AND object_id = $1",
	                     i64s(override), NULL),
	    1);
	/* The meeting was only the occasion; the closure stays. */
	tdb_exec(tdb_, "DELETE FROM meetings WHERE title = '回访测试会议'",
	    NULL);
	rate("2021-03-05 09:00", ent, demo_case("2021-03-04 09:00", "上周关闭"),
	    5);
	clock_at(NULL);

	did = draw("2021-03-08", 12345, 30);
	/* 13 closures; 3 always; ceil(10 * 30 / 100) = 3 of the rest. */
	assert_int_equal(tdb_int(tdb_,
	                     "SELECT n_closures * 10000 + n_always * 100"
	                     " + n_sampled FROM recheck_draws"
	                     " WHERE id = $1::bigint",
	                     i64s(did), NULL),
	    130303);
	assert_int_equal(tdb_int(tdb_,
	                     "SELECT count(*) FROM rechecks WHERE draw_id ="
	                     " $1::bigint AND reasons = '{sample}'",
	                     i64s(did), NULL),
	    3);
	assert_string_equal(tdb_value(tdb_,
	                        "SELECT reasons::text FROM rechecks"
	                        " WHERE case_id = $1::bigint",
	                        i64s(low), NULL),
	    "{low_rating}");
	assert_string_equal(tdb_value(tdb_,
	                        "SELECT reasons::text FROM rechecks"
	                        " WHERE case_id = $1::bigint",
	                        i64s(rejected), NULL),
	    "{rejected}");
	assert_string_equal(tdb_value(tdb_,
	                        "SELECT reasons::text FROM rechecks"
	                        " WHERE case_id = $1::bigint",
	                        i64s(override), NULL),
	    "{override}");
	/* The logged seed gives the same closures again. */
	got = hl_arena_strdup(&arena_,
	    tdb_value(tdb_,
	        "SELECT string_agg(closure_event_id::text, ',' ORDER BY"
	        " closure_event_id) FROM rechecks WHERE draw_id = $1::bigint",
	        i64s(did), NULL));
	assert_string_equal(picks("2021-03-08", "12345", "30"), got);
	assert_string_equal(
	    tdb_value(tdb_,
	        "SELECT (after->>'seed') || '/' || (after->>'share_percent')"
	        " FROM audit_log WHERE action = 'recheck.draw'"
	        " AND object_id = $1",
	        i64s(did), NULL),
	    "12345/30");
	/* Other seeds draw other samples, each reproducible. */
	for (i = 1; i <= 12; i++) {
		char s[16];

		snprintf(s, sizeof(s), "%d", i);
		if (strcmp(picks("2021-03-08", s, "30"), got) != 0)
			n_distinct++;
		assert_string_equal(picks("2021-03-08", s, "30"),
		    picks("2021-03-08", s, "30"));
	}
	assert_true(n_distinct > 0);
	/* Share 0: the kinds that are always drawn; 100: everything. */
	assert_int_equal(
	    tdb_int(tdb_,
	        "SELECT count(*) FROM hl_recheck_pick('2021-03-08',"
	        " 1, 0)",
	        NULL),
	    3);
	assert_int_equal(
	    tdb_int(tdb_,
	        "SELECT count(*) FROM hl_recheck_pick('2021-03-08',"
	        " 1, 100)",
	        NULL),
	    13);
	/* Once per week and once per closure. */
	assert_int_equal(
	    hl_recheck_draw(db_, NULL, "2021-03-08", 1, 30, &did, &err), -1);
	assert_int_equal(err.status, 409);
	memset(&err, 0, sizeof(err));
	assert_int_equal(
	    hl_recheck_draw(db_, NULL, "2021-03-09", 1, 30, &did, &err), -1);
	assert_int_equal(err.status, 422);
	assert_null(hl_db_exec(db_,
	    "INSERT INTO rechecks (case_id, chain_id, closure_event_id,"
	    " closed_status, closed_at, draw_id, reasons) SELECT case_id,"
	    " chain_id, closure_event_id, closed_status, closed_at, draw_id,"
	    " reasons FROM rechecks"
	    " WHERE case_id = $1::bigint",
	    1, (const char *[]){ i64s(low) }, &err));
	assert_int_equal(err.status, 409);
	/* A week that has not ended cannot be drawn. */
	memset(&err, 0, sizeof(err));
	assert_int_equal(
	    hl_recheck_draw(db_, NULL,
	        tdb_value(tdb_,
	            "SELECT date_trunc('week', hl_today())::date::text", NULL),
	        1, 30, &did, &err),
	    -1);
	assert_int_equal(err.status, 422);
}

static void
test_not_solved_reopens_through_the_lifecycle(void **state)
{
	int64_t k = login_id("commissioner-demo");
	int64_t ent = login_id("ent-demo");
	int64_t low = tdb_int(tdb_,
	    "SELECT id FROM cases WHERE title = '回访低分'", NULL);
	int64_t rejected = tdb_int(tdb_,
	    "SELECT id FROM cases WHERE title = '回访退回'", NULL);
	int64_t stranger = user("commissioner", "别家专员", 0);
	struct hl_err err = { 0 };

	(void)state;
	/* Somebody else's case is not there; the note is required. */
	assert_int_equal(record("2021-03-17 10:00", stranger, recheck_of(low),
	                     "solved", NULL, &err),
	    -1);
	assert_int_equal(err.status, 404);
	memset(&err, 0, sizeof(err));
	assert_int_equal(
	    record(NULL, k, recheck_of(low), "not_solved", "  ", &err), -1);
	assert_int_equal(err.status, 422);
	assert_non_null(field_of(&err, "note"));
	memset(&err, 0, sizeof(err));
	assert_int_equal(record(NULL, k, recheck_of(low), "fixed", NULL, &err),
	    -1);
	assert_non_null(field_of(&err, "outcome"));
	assert_string_equal(
	    tdb_value(tdb_, "SELECT status FROM rechecks WHERE id = $1::bigint",
	        i64s(recheck_of(low)), NULL),
	    "pending");

	/* Not solved: back in progress, the note on the timeline, a new
	 * deadline from 03-17 (policy: 03-18, 19, 22), the rating gone. */
	record_ok(NULL, k, recheck_of(low), "not_solved", "企业反映仍未兑现");
	assert_string_equal(tdb_value(tdb_,
	                        "SELECT status || ' ' || due_on::text || ' '"
	                        " || coalesce(rating::text, '-') FROM cases"
	                        " WHERE id = $1::bigint",
	                        i64s(low), NULL),
	    "in_progress 2021-03-22 -");
	assert_string_equal(
	    tdb_value(tdb_,
	        "SELECT action || ' ' || from_status || ' ' || to_status || ' '"
	        " || body || ' ' || (data->>'recheck_id') || ' '"
	        " || (data->>'previous_rating') FROM case_events"
	        " WHERE case_id = $1::bigint ORDER BY id DESC LIMIT 1",
	        i64s(low), NULL),
	    hl_arena_printf(&arena_,
	        "reopen closed in_progress 企业反映仍未兑现 %" PRId64 " 1",
	        recheck_of(low)));
	assert_int_equal(tdb_int(tdb_,
	                     "SELECT n_reopens FROM case_facts"
	                     " WHERE case_id = $1::bigint",
	                     i64s(low), NULL),
	    1);
	assert_int_equal(tdb_int(tdb_,
	                     "SELECT count(*) FROM audit_log WHERE action ="
	                     " 'recheck.record' AND object_id = $1",
	                     i64s(recheck_of(low)), NULL),
	    1);
	/* The reopen notifies as any other (case.c, hl_case_notify()): the
	 * enterprise's users get an in-app message, without the call's note. */
	assert_string_equal(
	    tdb_value(tdb_,
	        "SELECT count(*) || ' ' || bool_and(strpos(body,"
	        " '企业反映仍未兑现') = 0) FROM messages"
	        " WHERE user_id = $1::bigint AND case_id ="
	        " $2::bigint AND event_type = 'case.reopened'",
	        i64s(ent), i64s(low), NULL),
	    "1 true");
	/* Recorded once. */
	memset(&err, 0, sizeof(err));
	assert_int_equal(record(NULL, k, recheck_of(low), "solved", NULL, &err),
	    -1);
	assert_int_equal(err.status, 409);
	/* A rejected case goes back to be decided again. */
	record_ok(NULL, k, recheck_of(rejected), "not_solved", "企业坚持诉求");
	assert_string_equal(tdb_value(tdb_,
	                        "SELECT status || coalesce(reject_reason, '-')"
	                        " FROM cases WHERE id = $1::bigint",
	                        i64s(rejected), NULL),
	    "submitted-");

	/* Closed again, the new closure is re-checked in its own week. */
	act("2021-03-23 10:00", login_id("responder-demo"), low, "resolve",
	    NULL);
	rate("2021-03-24 10:00", ent, low, 2);
	clock_at(NULL);
	draw("2021-03-22", 5, 0);
	assert_int_equal(tdb_int(tdb_,
	                     "SELECT count(*) FROM rechecks WHERE case_id ="
	                     " $1::bigint",
	                     i64s(low), NULL),
	    2);
}

static void
test_solved_adds_a_staff_note(void **state)
{
	int64_t k = login_id("commissioner-demo");
	int64_t sample = tdb_int(tdb_,
	    "SELECT min(r.id) FROM rechecks r JOIN recheck_draws d"
	    " ON d.id = r.draw_id WHERE d.week_start = '2021-03-08'"
	    " AND r.reasons = '{sample}'",
	    NULL);
	int64_t id =
	    tdb_int(tdb_, "SELECT case_id FROM rechecks WHERE id = $1::bigint",
	        i64s(sample), NULL);

	(void)state;
	record_ok("2021-03-18 10:00", k, sample, "solved", "企业满意");
	clock_at(NULL);
	assert_string_equal(
	    tdb_value(tdb_, "SELECT status FROM cases WHERE id = $1::bigint",
	        i64s(id), NULL),
	    "closed");
	assert_string_equal(
	    tdb_value(tdb_,
	        "SELECT kind || ' ' || internal::text || ' ' || body"
	        " FROM case_events WHERE case_id = $1::bigint"
	        " ORDER BY id DESC LIMIT 1",
	        i64s(id), NULL),
	    "note true 回访：已解决。企业满意");
}

static int
job_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	return hl_recheck_job_draw(db, arg, err);
}

static void
test_job_draws_each_finished_week_once(void **state)
{
	struct hl_err err = { 0 };
	char last[16];
	char when[32];
	char expect[32];
	long long before =
	    tdb_int(tdb_, "SELECT count(*) FROM recheck_draws", NULL);

	(void)state;
	/* Whatever week was drawn last (other tests run the jobs too), on
	 * the Wednesday three weeks later the two weeks in between are due,
	 * each once. */
	snprintf(last, sizeof(last), "%s",
	    tdb_value(tdb_, "SELECT max(week_start)::text FROM recheck_draws",
	        NULL));
	snprintf(when, sizeof(when), "%s 10:00",
	    tdb_value(tdb_, "SELECT ($1::date + 23)::text", last, NULL));
	clock_at(when);
	assert_int_equal(hl_db_tx_run(db_, job_tx, NULL, &err), 0);
	assert_int_equal(
	    tdb_int(tdb_, "SELECT count(*) FROM recheck_draws", NULL),
	    before + 2);
	snprintf(expect, sizeof(expect), "%s",
	    tdb_value(tdb_,
	        "SELECT ($1::date + 7)::text || ',' || ($1::date + 14)::text",
	        last, NULL));
	assert_string_equal(
	    tdb_value(tdb_,
	        "SELECT string_agg(week_start::text, ',' ORDER BY week_start)"
	        " FROM recheck_draws WHERE week_start > $1::date"
	        " AND drawn_by IS NULL",
	        last, NULL),
	    expect);
	assert_int_equal(hl_db_tx_run(db_, job_tx, NULL, &err), 0);
	assert_int_equal(
	    tdb_int(tdb_, "SELECT count(*) FROM recheck_draws", NULL),
	    before + 2);
	assert_int_equal(tdb_int(tdb_,
	                     "SELECT count(*) FROM audit_log WHERE action ="
	                     " 'recheck.draw' AND actor_user_id IS NULL"
	                     " AND (after->>'week_start')::date > $1::date",
	                     last, NULL),
	    2);
	clock_at(NULL);
}

/* ---- set-up ---- */

static int
open_db(void **state)
{
	const char *url = getenv("HONGLIAN_TEST_DATABASE_URL");
	struct hl_conf c = { 0 };
	struct hl_err err = { 0 };

	(void)state;
	if (url == NULL || hl_conf_load(&c, NULL, &err) == -1) {
		hl_conf_release(&c);
		return -1;
	}
	hl_db_setup(&c);
	/* As the server does: the no-filter statements are made here. */
	hl_metrics_setup(&c);
	hl_conf_release(&c);
	tdb_ = tdb_open();
	db_ = hl_db_open(url, &err);
	return db_ != NULL && tdb_ != NULL ? 0 : -1;
}

static int
build_world(void **state)
{
	(void)state;
	calendar_2021();
	build_people();
	build_cases();
	build_visits_and_sessions();
	build_rechecks();
	return 0;
}

static int
close_db(void **state)
{
	(void)state;
	clock_at(NULL);
	hl_db_close(db_);
	tdb_close(tdb_);
	hl_db_shutdown();
	hl_arena_release(&arena_);
	return 0;
}

static int
setup_figures(void **state)
{
	return open_db(state) == 0 ? build_world(state) : -1;
}

/*
 * The tests after these (api, e2e) share the database and count the
 * chains, users and events: the world leaves with its chain.  Calendar
 * rows of 2021 and the draws' weeks stay (no chain, no other test reads
 * them).
 */
static int
remove_world(void **state)
{
	const char *chain = i64s(w_.chain);

	tdb_exec(tdb_, "DELETE FROM rechecks WHERE chain_id = $1::bigint",
	    chain, NULL);
	tdb_exec(tdb_, "DELETE FROM cases WHERE chain_id = $1::bigint", chain,
	    NULL);
	tdb_exec(tdb_, "DELETE FROM visits WHERE chain_id = $1::bigint", chain,
	    NULL);
	tdb_exec(tdb_, "DELETE FROM events WHERE chain_id = $1::bigint", chain,
	    NULL);
	tdb_exec(tdb_,
	    "DELETE FROM users WHERE id IN ($1::bigint, $2::bigint, $3::bigint,"
	    " $4::bigint, $5::bigint, $6::bigint, $7::bigint)",
	    i64s(w_.u1), i64s(w_.u2), i64s(w_.k1), i64s(w_.k2), i64s(w_.r1),
	    i64s(w_.r2), i64s(w_.cq), NULL);
	tdb_exec(tdb_,
	    "DELETE FROM enterprises WHERE id IN ($1::bigint, $2::bigint,"
	    " $3::bigint)",
	    i64s(w_.ent[0]), i64s(w_.ent[1]), i64s(w_.ent[2]), NULL);
	tdb_exec(tdb_, "DELETE FROM chains WHERE id = $1::bigint", chain, NULL);
	assert_int_equal(
	    tdb_int(tdb_, "SELECT count(*) FROM chains WHERE id = $1::bigint",
	        chain, NULL),
	    0);
	return close_db(state);
}

int
main(void)
{
	const struct CMUnitTest figures[] = {
		cmocka_unit_test(test_chain_dashboard_february),
		cmocka_unit_test(test_previous_period_and_change),
		cmocka_unit_test(test_weekly_trend),
		cmocka_unit_test(test_city_wide_is_the_same_set),
		cmocka_unit_test(test_per_category),
		cmocka_unit_test(test_per_responder_and_commissioner),
		cmocka_unit_test(test_filtered_dashboard_is_the_group_row),
		cmocka_unit_test(test_chain_ranking),
		cmocka_unit_test(test_no_data_is_null_not_zero),
		cmocka_unit_test(test_bad_periods_and_scoping),
		cmocka_unit_test(test_drill_down_lists_exactly_the_cases),
		cmocka_unit_test(test_drill_down_refuses_half_a_figure),
		cmocka_unit_test(test_exports_and_report),
	};
	const struct CMUnitTest rechecks[] = {
		cmocka_unit_test(test_draw_share_kinds_once_and_reproducible),
		cmocka_unit_test(test_not_solved_reopens_through_the_lifecycle),
		cmocka_unit_test(test_solved_adds_a_staff_note),
		cmocka_unit_test(test_job_draws_each_finished_week_once),
	};
	int rc;

	rc = cmocka_run_group_tests_name("quality figures", figures,
	    setup_figures, close_db);
	rc += cmocka_run_group_tests_name("re-checks", rechecks, open_db,
	    remove_world);
	return rc;
}
