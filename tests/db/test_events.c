/*
 * Policy sessions against the real schema.  The rules (registration,
 * waitlist order, promotion, check-in, questions, reminders) run the
 * domain functions inside a transaction the test rolls back, since
 * hl_db_tx_run() becomes a savepoint there.  The concurrency test cannot:
 * fifty threads, each on a connection of its own, register at the same
 * moment for ten seats and commit; it cleans up after itself.  The
 * triggers of 0017 are checked on their own, as the safety net under a
 * bug in event.c.
 */
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
#include "case.h"
#include "ctx.h"
#include "db.h"
#include "err.h"
#include "event.h"
#include "mem.h"
#include "tfix.h"

#define N_RACERS 50
#define N_SEATS  10

static struct hl_db_conn *db_;
static struct hl_arena arena_;
static unsigned serial_;
static char tag_[48];
static char admin_[64];

/* ---- helpers ---- */

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

/* An enterprise on chain auto-parts and one enterprise user of it. */
static void
enterprise(char ent[64], char user[64])
{
	char name[128];
	char code[19];
	char login[64];
	const char *p[2] = { name, code };
	const char *u[3] = { login, ent, name };

	snprintf(name, sizeof(name), "测试活动企业%s-%u", tag_, serial_);
	snprintf(login, sizeof(login), "t-ev-%s-%u", tag_, serial_++);
	tfix_credit_code("91370303E", code);
	q("WITH e AS (INSERT INTO enterprises (name, credit_code, district,"
	  "  size_class) VALUES ($1, $2, '张店区', 'small') RETURNING id),"
	  " c AS (INSERT INTO enterprise_chains (enterprise_id, chain_id,"
	  "  is_primary) SELECT e.id, ch.id, true FROM e, chains ch"
	  "  WHERE ch.code = 'auto-parts' RETURNING 1)"
	  " SELECT id FROM e",
	    2, p, ent);
	q("INSERT INTO users (login, name, role, password_hash, enterprise_id)"
	  " VALUES ($1, left($3, 40), 'enterprise',"
	  " '$argon2id$v=19$m=65536,t=2,p=1$unusable$unusable', $2::bigint)"
	  " RETURNING id",
	    3, u, user);
}

static struct hl_ctx
ctx_as(struct hl_db_conn *db, struct hl_arena *a, enum hl_role role,
    const char *user, const char *ent)
{
	struct hl_ctx c = { 0 };

	c.db = db;
	c.arena = a;
	c.request_id = "test-events";
	c.client_ip = "127.0.0.1";
	c.role = role;
	c.user_id = atoll(user);
	c.enterprise_id = ent != NULL ? atoll(ent) : 0;
	c.login = "test";
	return c;
}

static struct hl_ctx
admin(void)
{
	return ctx_as(db_, &arena_, HL_ROLE_ADMIN, admin_, NULL);
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

/* hl_now() plus an interval, as RFC 3339. */
static const char *
at(const char *interval)
{
	char v[64];
	const char *p[1] = { interval };

	q("SELECT to_char((hl_now() + $1::interval) AT TIME ZONE 'UTC',"
	  " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
	    1, p, v);
	return hl_arena_strdup(&arena_, v);
}

/* A session of auto-parts starting after interval, made by the admin and
 * opened; its id into id. */
static void
session(char id[64], const char *starts_in, int64_t capacity,
    int64_t max_attendees)
{
	struct hl_ctx c = admin();
	struct hl_event_in in;
	struct hl_event_opts o = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	json_t *j;
	int i;

	memset(&in, 0, sizeof(in));
	in.chain_code = "auto-parts";
	in.title = "测试政策直通车";
	in.topic_md = "**技改**奖补";
	in.starts_at = at(starts_in);
	in.ends_at = at("31 days");
	in.place = "测试会场";
	in.capacity = capacity;
	in.max_attendees = max_attendees;
	for (i = 0; i < HL_EVENT_N_FIELDS; i++)
		in.present[i] = true;
	if (hl_event_create(&c, &in, &o, &out, &err) == -1)
		fail_msg("create: %d %s", err.status, err.msg);
	j = parse(&out);
	snprintf(id, 64, "%lld",
	    (long long)json_integer_value(json_object_get(j, "id")));
	assert_string_equal(json_string_value(json_object_get(j, "topic_html")),
	    "<p><strong>技改</strong>奖补</p>\n");
	json_decref(j);
	hl_buf_reset(&out);
	if (hl_event_act(&c, atoll(id), HL_EVENT_OPEN, NULL, &out, &err) == -1)
		fail_msg("open: %d %s", err.status, err.msg);
	hl_buf_release(&out);
}

/* Register ent (its user) for session id with n attendees: 0, or the
 * error's status with its code in code. */
static int
reg(const char *id, const char *ent, const char *user, int64_t n, char *rid,
    const char **code)
{
	struct hl_ctx c = ctx_as(db_, &arena_, HL_ROLE_ENTERPRISE, user, ent);
	struct hl_event_reg_in in = { n, NULL };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int rc = 0;

	if (hl_event_register(&c, atoll(id), &in, &out, &err) == -1) {
		rc = err.status;
		if (code != NULL)
			*code = err.code;
	} else if (rid != NULL) {
		json_t *j = parse(&out);

		snprintf(rid, 64, "%lld",
		    (long long)json_integer_value(json_object_get(j, "id")));
		json_decref(j);
	}
	hl_buf_release(&out);
	return rc;
}

static const char *
status_of(const char *rid)
{
	static char v[64];
	const char *p[1] = { rid };

	q("SELECT status FROM event_registrations WHERE id = $1::bigint", 1, p,
	    v);
	return v;
}

static int
setup(void **state)
{
	(void)state;
	db_ = tfix_db_open();
	if (db_ == NULL)
		return -1;
	snprintf(tag_, sizeof(tag_), "%ld", (long)getpid());
	tfix_sql_user(db_, "t-ev-adm-", "测试活动管理员", "admin", admin_,
	    sizeof(admin_));
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	hl_arena_release(&arena_);
	hl_db_close(db_);
	return 0;
}

/* ---- the safety nets of 0017 ---- */

/* Run sql in a savepoint: the status of its error, 0 when it passed. */
static int
fails_with(const char *sql, int n, const char *const *params, const char **code)
{
	struct hl_err err = { 0 };
	struct hl_db_res *r;

	script("SAVEPOINT t");
	r = hl_db_exec(db_, sql, n, params, &err);
	if (r != NULL) {
		hl_db_res_free(r);
		script("RELEASE SAVEPOINT t");
		return 0;
	}
	script("ROLLBACK TO SAVEPOINT t");
	if (code != NULL)
		*code = err.code;
	return err.status;
}

static void
test_triggers_refuse_impossible_states(void **state)
{
	char ev[64];
	char e1[64], u1[64], e2[64], u2[64];
	char v[64];
	const char *p[3];
	const char *code = NULL;
	int i;

	(void)state;
	script("BEGIN");
	q("SELECT hl_text_html(E'a < b & \"c''\\n\\npara 2')", 0, NULL, v);
	assert_string_equal(v,
	    "<p>a &lt; b &amp; &quot;c&#39;</p>\n<p>para 2</p>\n");
	for (i = 0; i < 20; i++)
		assert_int_equal(count1("SELECT count(*) FROM (SELECT"
		                        " hl_event_code() AS c) x WHERE x.c ~"
		                        " '^[2-9A-HJ-NP-Z]{6}$'",
		                     NULL),
		    1);
	/* Written without HTML (the seed): the trigger renders plain text. */
	q("INSERT INTO events (title, topic, starts_at, ends_at, place,"
	  " capacity, status) VALUES ('触发器测试', '<b>x</b>',"
	  " hl_now() + interval '1 day', hl_now() + interval '2 days', '会场',"
	  " 2, 'open') RETURNING id",
	    0, NULL, ev);
	p[0] = ev;
	q("SELECT topic_html FROM events WHERE id = $1::bigint", 1, p, v);
	assert_string_equal(v, "<p>&lt;b&gt;x&lt;/b&gt;</p>\n");
	enterprise(e1, u1);
	enterprise(e2, u2);
	p[1] = e1;
	p[2] = "2";
	q("INSERT INTO event_registrations (event_id, enterprise_id,"
	  " attendee_count, code) VALUES ($1::bigint, $2::bigint, $3::int,"
	  " hl_event_code()) RETURNING id",
	    3, p, v);
	/* Full: a second registration holding a seat is refused. */
	p[1] = e2;
	p[2] = "1";
	assert_int_equal(fails_with("INSERT INTO event_registrations"
	                            " (event_id, enterprise_id, attendee_count,"
	                            " code) VALUES ($1::bigint, $2::bigint,"
	                            " $3::int, hl_event_code())",
	                     3, p, NULL),
	    409);
	/* As a waitlisted one it goes in, and cannot be promoted. */
	q("INSERT INTO event_registrations (event_id, enterprise_id,"
	  " attendee_count, code, status) VALUES ($1::bigint, $2::bigint,"
	  " $3::int, hl_event_code(), 'waitlisted') RETURNING id",
	    3, p, v);
	p[1] = v;
	assert_int_equal(fails_with("UPDATE event_registrations"
	                            " SET status = 'registered'"
	                            " WHERE id = $2::bigint"
	                            " AND event_id = $1::bigint",
	                     2, p, NULL),
	    409);
	/* A waitlisted registration cannot be checked in. */
	assert_int_equal(fails_with("UPDATE event_registrations"
	                            " SET checked_in_at = hl_now(),"
	                            " attended = true WHERE id = $2::bigint"
	                            " AND event_id = $1::bigint",
	                     2, p, NULL),
	    422);
	/* Fewer seats than given, and an illegal status change. */
	assert_int_equal(fails_with("UPDATE events SET capacity = 1"
	                            " WHERE id = $1::bigint",
	                     1, p, NULL),
	    409);
	assert_int_equal(fails_with("UPDATE events SET status = 'draft'"
	                            " WHERE id = $1::bigint",
	                     1, p, &code),
	    409);
	assert_string_equal(code, "invalid_transition");
	script("ROLLBACK");
}

/* ---- fifty at once ---- */

struct racer {
	const char *url;
	pthread_barrier_t *start;
	int64_t event_id;
	char ent[64];
	char user[64];
	int rc;
	int status;
	char err_msg[256];
};

static void *
race(void *arg)
{
	struct racer *r = arg;
	struct hl_err err = { 0 };
	struct hl_arena a = { 0 };
	struct hl_buf out = { 0 };
	struct hl_event_reg_in in = { 1, "并发报名" };
	struct hl_db_conn *c = hl_db_open(r->url, &err);
	struct hl_ctx ctx;

	if (c == NULL) {
		pthread_barrier_wait(r->start);
		r->rc = -1;
		snprintf(r->err_msg, sizeof(r->err_msg), "%s", err.msg);
		return NULL;
	}
	ctx = ctx_as(c, &a, HL_ROLE_ENTERPRISE, r->user, r->ent);
	pthread_barrier_wait(r->start);
	r->rc = hl_event_register(&ctx, r->event_id, &in, &out, &err);
	r->status = err.status;
	snprintf(r->err_msg, sizeof(r->err_msg), "%s", err.msg);
	hl_buf_release(&out);
	hl_arena_release(&a);
	hl_db_close(c);
	return NULL;
}

static const char SQL_SEATS[] =
    "SELECT coalesce(sum(attendee_count), 0) FROM event_registrations"
    " WHERE event_id = $1::bigint AND status = 'registered'";

static void
test_fifty_register_at_once_for_ten_seats(void **state)
{
	static struct racer racers[N_RACERS];
	pthread_t threads[N_RACERS];
	pthread_barrier_t start;
	const char *url = getenv("HONGLIAN_TEST_DATABASE_URL");
	char ev[64];
	char first_waiting[64];
	char v[64];
	const char *p[2];
	struct hl_err err = { 0 };
	struct hl_ctx c;
	int i;

	(void)state;
	assert_non_null(url);
	session(ev, "2 days", N_SEATS, 1);
	pthread_barrier_init(&start, NULL, N_RACERS);
	for (i = 0; i < N_RACERS; i++) {
		memset(&racers[i], 0, sizeof(racers[i]));
		racers[i].url = url;
		racers[i].start = &start;
		racers[i].event_id = atoll(ev);
		enterprise(racers[i].ent, racers[i].user);
	}
	for (i = 0; i < N_RACERS; i++)
		assert_int_equal(
		    pthread_create(&threads[i], NULL, race, &racers[i]), 0);
	for (i = 0; i < N_RACERS; i++)
		pthread_join(threads[i], NULL);
	pthread_barrier_destroy(&start);
	for (i = 0; i < N_RACERS; i++)
		if (racers[i].rc != 0)
			fail_msg("racer %d: %d %s", i, racers[i].status,
			    racers[i].err_msg);

	p[0] = ev;
	assert_int_equal(count1("SELECT count(*) FROM event_registrations"
	                        " WHERE event_id = $1::bigint"
	                        " AND status = 'registered'",
	                     ev),
	    N_SEATS);
	assert_int_equal(count1("SELECT count(*) FROM event_registrations"
	                        " WHERE event_id = $1::bigint"
	                        " AND status = 'waitlisted'",
	                     ev),
	    N_RACERS - N_SEATS);
	assert_int_equal(count1(SQL_SEATS, ev), N_SEATS);
	/* In order: every seat went before any place on the waitlist, and
	 * the codes are all different. */
	assert_int_equal(count1("SELECT count(*) FROM event_registrations r"
	                        " WHERE r.event_id = $1::bigint"
	                        " AND r.status = 'registered' AND r.id >"
	                        " (SELECT min(w.id) FROM event_registrations w"
	                        " WHERE w.event_id = $1::bigint"
	                        " AND w.status = 'waitlisted')",
	                     ev),
	    0);
	assert_int_equal(count1("SELECT count(DISTINCT code) FROM"
	                        " event_registrations WHERE event_id ="
	                        " $1::bigint",
	                     ev),
	    N_RACERS);

	/* Cancelling a seat promotes the first on the waitlist at once. */
	q("SELECT min(id) FROM event_registrations WHERE event_id = $1::bigint"
	  " AND status = 'waitlisted'",
	    1, p, first_waiting);
	q("SELECT r.id FROM event_registrations r WHERE r.event_id = $1::bigint"
	  " AND r.status = 'registered' ORDER BY r.id DESC LIMIT 1",
	    1, p, v);
	for (i = 0; i < N_RACERS; i++) {
		char ent[64];
		const char *pp[1] = { v };

		q("SELECT enterprise_id FROM event_registrations"
		  " WHERE id = $1::bigint",
		    1, pp, ent);
		if (strcmp(ent, racers[i].ent) == 0)
			break;
	}
	assert_true(i < N_RACERS);
	c = ctx_as(db_, &arena_, HL_ROLE_ENTERPRISE, racers[i].user,
	    racers[i].ent);
	if (hl_event_unregister(&c, atoll(ev), atoll(v), &err) == -1)
		fail_msg("unregister: %s", err.msg);
	assert_string_equal(status_of(first_waiting), "registered");
	assert_int_equal(count1(SQL_SEATS, ev), N_SEATS);
	assert_int_equal(count1("SELECT count(*) FROM messages m"
	                        " JOIN users u ON u.id = m.user_id"
	                        " JOIN event_registrations r"
	                        " ON r.enterprise_id = u.enterprise_id"
	                        " WHERE r.id = $1::bigint"
	                        " AND m.event_type = 'event.promoted'",
	                     first_waiting),
	    1);
	assert_int_equal(count1("SELECT count(*) FROM event_registrations"
	                        " WHERE event_id = $1::bigint"
	                        " AND status = 'waitlisted'",
	                     ev),
	    N_RACERS - N_SEATS - 1);

	/* Clean up what this test committed. */
	q("DELETE FROM events WHERE id = $1::bigint", 1, p, NULL);
	for (i = 0; i < N_RACERS; i++) {
		p[0] = racers[i].user;
		p[1] = racers[i].ent;
		q("DELETE FROM users WHERE id = $1::bigint", 1, p, NULL);
		q("DELETE FROM enterprises WHERE id = $1::bigint", 1, p + 1,
		    NULL);
	}
}

/* ---- the rules, rolled back ---- */

static void
test_registration_rules_and_waitlist_order(void **state)
{
	char ev[64], past[64];
	char e[4][64], u[4][64], rid[4][64];
	char v[64];
	const char *code = NULL;
	const char *p[1];
	struct hl_ctx a;
	struct hl_event_in in;
	struct hl_event_opts o = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int i;

	(void)state;
	script("BEGIN");
	for (i = 0; i < 4; i++)
		enterprise(e[i], u[i]);
	session(ev, "3 days", 4, 3);
	/* More people than an enterprise may bring. */
	assert_int_equal(reg(ev, e[0], u[0], 4, NULL, NULL), 422);
	assert_int_equal(reg(ev, e[0], u[0], 3, rid[0], NULL), 0);
	assert_string_equal(status_of(rid[0]), "registered");
	/* Twice. */
	assert_int_equal(reg(ev, e[0], u[0], 1, NULL, &code), 409);
	assert_string_equal(code, "already_registered");
	/* Two do not fit in the one seat left: waitlisted; then a party of
	 * one waits behind them, although it would fit. */
	assert_int_equal(reg(ev, e[1], u[1], 2, rid[1], NULL), 0);
	assert_string_equal(status_of(rid[1]), "waitlisted");
	assert_int_equal(reg(ev, e[2], u[2], 1, rid[2], NULL), 0);
	assert_string_equal(status_of(rid[2]), "waitlisted");
	p[0] = rid[2];
	q("SELECT (SELECT count(*) FROM event_registrations w"
	  " WHERE w.event_id = r.event_id AND w.status = 'waitlisted'"
	  " AND w.id <= r.id) FROM event_registrations r WHERE r.id = $1::bigint",
	    1, p, v);
	assert_string_equal(v, "2");

	/* Fewer seats than given: refused, nothing changed. */
	a = admin();
	memset(&in, 0, sizeof(in));
	in.capacity = 2;
	in.present[HL_EVENT_CAPACITY] = true;
	assert_int_equal(hl_event_update(&a, atoll(ev), &in, &o, &out, &err),
	    -1);
	assert_int_equal(err.status, 409);
	assert_string_equal(err.code, "capacity_below_seats");
	assert_string_equal(err.fields[0].name, "capacity");
	assert_int_equal(count1("SELECT capacity FROM events"
	                        " WHERE id = $1::bigint",
	                     ev),
	    4);
	/* Two more seats: the first waiting party (two) fits, the second
	 * (one) does not any more, and keeps waiting: in order. */
	hl_err_clear(&err);
	in.capacity = 5;
	if (hl_event_update(&a, atoll(ev), &in, &o, &out, &err) == -1)
		fail_msg("raise capacity: %s", err.msg);
	assert_string_equal(status_of(rid[1]), "registered");
	assert_string_equal(status_of(rid[2]), "waitlisted");

	/* Closed, cancelled, started, another chain's closed session. */
	hl_buf_reset(&out);
	assert_int_equal(
	    hl_event_act(&a, atoll(ev), HL_EVENT_CLOSE, NULL, &out, &err), 0);
	assert_int_equal(reg(ev, e[3], u[3], 1, NULL, &code), 409);
	assert_string_equal(code, "event_closed");
	hl_buf_reset(&out);
	assert_int_equal(hl_event_act(&a, atoll(ev), HL_EVENT_CANCEL,
	                     "场地调整", &out, &err),
	    0);
	assert_int_equal(reg(ev, e[3], u[3], 1, NULL, &code), 409);
	assert_string_equal(code, "event_cancelled");
	/* Everyone registered or waiting was told. */
	assert_int_equal(count1("SELECT count(*) FROM messages m"
	                        " JOIN users u ON u.id = m.user_id"
	                        " JOIN event_registrations r"
	                        " ON r.enterprise_id = u.enterprise_id"
	                        " WHERE r.event_id = $1::bigint"
	                        " AND m.event_type = 'event.cancelled'"
	                        " AND m.body LIKE '%场地调整%'",
	                     ev),
	    3);
	session(past, "1 hour", 5, 3);
	p[0] = past;
	q("UPDATE events SET starts_at = hl_now() - interval '1 hour'"
	  " WHERE id = $1::bigint",
	    1, p, NULL);
	assert_int_equal(reg(past, e[3], u[3], 1, NULL, &code), 409);
	assert_string_equal(code, "event_past");
	q("UPDATE events SET chain_id = (SELECT id FROM chains"
	  " WHERE code = 'polyurethane'), status = 'closed',"
	  " starts_at = hl_now() + interval '1 day' WHERE id = $1::bigint",
	    1, p, NULL);
	assert_int_equal(reg(past, e[3], u[3], 1, NULL, &code), 409);
	assert_string_equal(code, "event_closed");
	assert_int_equal(count1("SELECT count(*) FROM event_registrations"
	                        " WHERE enterprise_id = $1::bigint",
	                     e[3]),
	    0);
	/* A draft is not there for an enterprise. */
	q("INSERT INTO events (title, starts_at, ends_at, place, capacity)"
	  " VALUES ('草稿', hl_now() + interval '1 day',"
	  " hl_now() + interval '2 days', '会场', 5) RETURNING id",
	    0, NULL, past);
	assert_int_equal(reg(past, e[3], u[3], 1, NULL, &code), 404);
	hl_buf_release(&out);
	script("ROLLBACK");
}

static void
test_checkin_once_and_questions_become_cases(void **state)
{
	char ev[64];
	char e[3][64], u[3][64], rid[3][64];
	char code[64];
	char lower[64];
	const char *p[1];
	struct hl_ctx a;
	struct hl_case_problem probs[2];
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	long long cases;
	int i;

	(void)state;
	script("BEGIN");
	for (i = 0; i < 3; i++)
		enterprise(e[i], u[i]);
	session(ev, "3 days", 2, 2);
	assert_int_equal(reg(ev, e[0], u[0], 2, rid[0], NULL), 0);
	assert_int_equal(reg(ev, e[1], u[1], 1, rid[1], NULL), 0);
	p[0] = rid[0];
	q("SELECT code FROM event_registrations WHERE id = $1::bigint", 1, p,
	    code);
	a = admin();
	/* Three days ahead: too early for the door. */
	assert_int_equal(hl_event_checkin(&a, atoll(ev), code, &out, &err), -1);
	assert_string_equal(err.code, "checkin_not_open");
	p[0] = ev;
	q("UPDATE events SET starts_at = hl_now() + interval '1 hour'"
	  " WHERE id = $1::bigint",
	    1, p, NULL);
	/* Typed in lower case with a space: the same code. */
	snprintf(lower, sizeof(lower), "%c%c%c %c%c%c", code[0] | 0x20,
	    code[1] | 0x20, code[2] | 0x20, code[3] | 0x20, code[4] | 0x20,
	    code[5] | 0x20);
	hl_err_clear(&err);
	if (hl_event_checkin(&a, atoll(ev), lower, &out, &err) == -1)
		fail_msg("checkin: %s", err.msg);
	hl_buf_reset(&out);
	assert_int_equal(hl_event_checkin(&a, atoll(ev), code, &out, &err), -1);
	assert_int_equal(err.status, 409);
	assert_string_equal(err.code, "already_checked_in");
	hl_err_clear(&err);
	assert_int_equal(hl_event_checkin(&a, atoll(ev), "ZZZZZZ", &out, &err),
	    -1);
	assert_string_equal(err.code, "invalid_code");
	hl_err_clear(&err);
	p[0] = rid[1];
	q("SELECT code FROM event_registrations WHERE id = $1::bigint", 1, p,
	    code);
	assert_int_equal(hl_event_checkin(&a, atoll(ev), code, &out, &err), -1);
	assert_string_equal(err.code, "waitlisted");
	assert_int_equal(count1("SELECT count(*) FROM event_registrations"
	                        " WHERE event_id = $1::bigint"
	                        " AND checked_in_at IS NOT NULL",
	                     ev),
	    1);

	/* Questions: one of an enterprise that did not register refuses the
	 * whole request. */
	cases = count1("SELECT count(*) FROM cases", NULL);
	memset(probs, 0, sizeof(probs));
	probs[0].enterprise_id = atoll(e[0]);
	probs[0].category = "financing";
	probs[0].title = "设备更新贷款";
	probs[0].description = "现场提出：希望了解设备更新贷款贴息";
	probs[1].enterprise_id = atoll(e[2]);
	probs[1].category = "policy";
	probs[1].title = "技改奖补申报";
	probs[1].description = "申报材料有哪些";
	hl_err_clear(&err);
	hl_buf_reset(&out);
	assert_int_equal(
	    hl_event_questions(&a, atoll(ev), probs, 2, &out, &err), -1);
	assert_int_equal(err.status, 422);
	assert_string_equal(err.fields[0].name, "problems[1].enterprise_id");
	assert_int_equal(count1("SELECT count(*) FROM cases", NULL), cases);
	probs[1].enterprise_id = atoll(e[1]);
	hl_err_clear(&err);
	if (hl_event_questions(&a, atoll(ev), probs, 2, &out, &err) == -1)
		fail_msg("questions: %s", err.msg);
	assert_int_equal(
	    count1("SELECT count(*) FROM cases c"
	           " JOIN case_events x ON x.case_id = c.id"
	           " AND x.action = 'create'"
	           " WHERE c.event_id = $1::bigint"
	           " AND c.channel = 'event'"
	           " AND c.status = 'submitted'"
	           " AND (x.data->>'event_id')::bigint = c.event_id",
	        ev),
	    2);
	hl_buf_release(&out);
	script("ROLLBACK");
}

static void
test_reminder_once_per_registration(void **state)
{
	char soon[64], later[64];
	char e[3][64], u[3][64];
	struct hl_err err = { 0 };
	int i;

	(void)state;
	script("BEGIN");
	for (i = 0; i < 3; i++)
		enterprise(e[i], u[i]);
	session(soon, "20 hours", 1, 1);
	session(later, "3 days", 5, 1);
	assert_int_equal(reg(soon, e[0], u[0], 1, NULL, NULL), 0);
	assert_int_equal(reg(soon, e[1], u[1], 1, NULL, NULL), 0); /* waits */
	assert_int_equal(reg(later, e[2], u[2], 1, NULL, NULL), 0);
	for (i = 0; i < 2; i++)
		if (hl_event_job_reminders(db_, NULL, &err) == -1)
			fail_msg("job: %s", err.msg);
	assert_int_equal(count1("SELECT count(*) FROM messages"
	                        " WHERE user_id = $1::bigint"
	                        " AND event_type = 'event.reminder'",
	                     u[0]),
	    1);
	assert_int_equal(count1("SELECT count(*) FROM messages"
	                        " WHERE user_id = $1::bigint"
	                        " AND event_type = 'event.reminder'",
	                     u[1]),
	    0);
	assert_int_equal(count1("SELECT count(*) FROM messages"
	                        " WHERE user_id = $1::bigint"
	                        " AND event_type = 'event.reminder'",
	                     u[2]),
	    0);
	assert_int_equal(count1("SELECT count(*) FROM audit_log"
	                        " WHERE action = 'event.remind'"
	                        " AND object_id IN (SELECT id::text"
	                        " FROM event_registrations"
	                        " WHERE event_id = $1::bigint)",
	                     soon),
	    1);
	script("ROLLBACK");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_triggers_refuse_impossible_states),
		cmocka_unit_test(test_fifty_register_at_once_for_ten_seats),
		cmocka_unit_test(test_registration_rules_and_waitlist_order),
		cmocka_unit_test(test_checkin_once_and_questions_become_cases),
		cmocka_unit_test(test_reminder_once_per_registration),
	};

	return cmocka_run_group_tests_name("events", tests, setup, teardown);
}
