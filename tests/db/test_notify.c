/*
 * The notification SQL against the real schema, each test in a
 * transaction rolled back after it: who hl_case_notify() tells of what
 * (never the actor, never a disabled user, links by surface), payloads
 * with title and link, the fan-out of hl_outbox_enqueue_chains(), policy
 * announcements (qualifying enterprises only, once, with reasons), the
 * policy job and the pruning job, URL masking.
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

#include "db.h"
#include "err.h"
#include "notify.h"
#include "policy.h"
#include "tfix.h"

static struct hl_db_conn *db_;

/* The people and records of one test; ids as decimal strings. */
struct fx {
	char chain[24];       /* auto-parts */
	char other_chain[24]; /* ceramics-glass */
	char ent[24];         /* on auto-parts, 专精特新 */
	char ent_user[24];
	char ent_user_off[24]; /* disabled */
	char commissioner[24];
	char committee[24]; /* of auto-parts */
	char responder[24];
	char case_id[24];
};

static struct fx fx_;

/* Run sql with the NULL-terminated string parameters; the first cell
 * into out (24 bytes) when out is not NULL. */
static void
q(char *out, const char *sql, ...)
{
	const char *p[8];
	int n = 0;
	va_list ap;

	va_start(ap, sql);
	while (n < 8 && (p[n] = va_arg(ap, const char *)) != NULL)
		n++;
	va_end(ap);
	tfix_sql(db_, sql, n, p, out, 24);
}

static long long
qi(const char *sql, ...)
{
	const char *p[8];
	char out[32];
	int n = 0;
	va_list ap;

	va_start(ap, sql);
	while (n < 8 && (p[n] = va_arg(ap, const char *)) != NULL)
		n++;
	va_end(ap);
	tfix_sql(db_, sql, n, p, out, sizeof(out));
	return atoll(out);
}

static void
user(char id[24], const char *name, const char *role, const char *ent)
{
	char login[64];
	static unsigned n;

	snprintf(login, sizeof(login), "notify-%ld-%u", (long)getpid(), n++);
	q(id,
	    "INSERT INTO users (login, name, role, password_hash,"
	    " enterprise_id) VALUES ($1, $2, $3, '$argon2id$not-a-hash',"
	    " NULLIF($4, '')::bigint) RETURNING id",
	    login, name, role, ent != NULL ? ent : "", NULL);
}

static int
setup_tx(void **state)
{
	struct hl_err err = { 0 };
	char code[19];

	(void)state;
	if (hl_db_exec_script(db_, "BEGIN", &err) == -1)
		return -1;
	memset(&fx_, 0, sizeof(fx_));
	/* Webhooks of other tests must not count here (rolled back). */
	q(NULL, "UPDATE webhooks SET active = false", NULL);
	q(fx_.chain, "SELECT id FROM chains WHERE code = 'auto-parts'", NULL);
	q(fx_.other_chain,
	    "SELECT id FROM chains WHERE code = 'ceramics-glass'", NULL);
	tfix_credit_code("91370303N", code);
	q(fx_.ent,
	    "WITH e AS (INSERT INTO enterprises (name, credit_code, district,"
	    " size_class, tags) VALUES ('通知测试企业', $1, '张店区', 'medium',"
	    " '{专精特新}') RETURNING id),"
	    " c AS (INSERT INTO enterprise_chains (enterprise_id, chain_id,"
	    " is_primary) SELECT e.id, $2::bigint, true FROM e RETURNING 1)"
	    " SELECT id FROM e",
	    code, fx_.chain, NULL);
	user(fx_.ent_user, "企业甲", "enterprise", fx_.ent);
	user(fx_.ent_user_off, "企业乙", "enterprise", fx_.ent);
	q(NULL, "UPDATE users SET disabled_at = hl_now() WHERE id = $1::bigint",
	    fx_.ent_user_off, NULL);
	user(fx_.commissioner, "专员", "commissioner", NULL);
	q(NULL,
	    "INSERT INTO assignments (commissioner_id, enterprise_id)"
	    " VALUES ($1::bigint, $2::bigint)",
	    fx_.commissioner, fx_.ent, NULL);
	user(fx_.committee, "党委委员", "committee", NULL);
	q(NULL,
	    "INSERT INTO user_chains (user_id, chain_id)"
	    " VALUES ($1::bigint, $2::bigint)",
	    fx_.committee, fx_.chain, NULL);
	user(fx_.responder, "客户经理", "responder", NULL);
	q(fx_.case_id,
	    "INSERT INTO cases (enterprise_id, chain_id, category, title,"
	    " description, channel, status, accepted_at, due_on, due_at,"
	    " assignee_user_id) VALUES ($1::bigint, $2::bigint, 'financing',"
	    " '贷款', '流动资金', 'portal', 'assigned', hl_now(), hl_today() + 5,"
	    " hl_end_of_day(hl_today() + 5), $3::bigint) RETURNING id",
	    fx_.ent, fx_.chain, fx_.responder, NULL);
	return 0;
}

static int
teardown_tx(void **state)
{
	struct hl_err err = { 0 };

	(void)state;
	return hl_db_exec_script(db_, "ROLLBACK", &err);
}

/* Messages of user uid of type about the fixture's case. */
static long long
n_msg(const char *uid, const char *type)
{
	return qi("SELECT count(*) FROM messages WHERE user_id = $1::bigint"
	          " AND event_type = $2 AND case_id = $3::bigint",
	    uid, type, fx_.case_id, NULL);
}

/* ---- cases ---- */

static void
test_case_escalation_reaches_the_committee(void **state)
{
	(void)state;
	q(NULL,
	    "SELECT hl_case_notify('case.escalated', $1::bigint, $2::bigint)",
	    fx_.case_id, fx_.commissioner, NULL);
	assert_int_equal(n_msg(fx_.committee, "case.escalated"), 1);
	assert_int_equal(n_msg(fx_.responder, "case.escalated"), 1);
	/* The actor and the enterprise are not told. */
	assert_int_equal(n_msg(fx_.commissioner, "case.escalated"), 0);
	assert_int_equal(n_msg(fx_.ent_user, "case.escalated"), 0);
	assert_int_equal(qi("SELECT count(*) FROM messages WHERE link ="
	                    " '/desk/cases/' || $1 AND case_id = $1::bigint"
	                    " AND user_id IN ($2::bigint, $3::bigint)",
	                     fx_.case_id, fx_.committee, fx_.responder, NULL),
	    2);
}

static void
test_case_change_reaches_enterprise_and_staff(void **state)
{
	char link[64];

	(void)state;
	q(NULL,
	    "SELECT hl_case_notify('case.resolved', $1::bigint, $2::bigint)",
	    fx_.case_id, fx_.responder, NULL);
	assert_int_equal(n_msg(fx_.ent_user, "case.resolved"), 1);
	assert_int_equal(n_msg(fx_.ent_user_off, "case.resolved"), 0);
	assert_int_equal(n_msg(fx_.commissioner, "case.resolved"), 1);
	assert_int_equal(n_msg(fx_.responder, "case.resolved"), 0);
	assert_int_equal(n_msg(fx_.committee, "case.resolved"), 0);
	q(link,
	    "SELECT link FROM messages WHERE user_id = $1::bigint"
	    " AND case_id = $2::bigint",
	    fx_.ent_user, fx_.case_id, NULL);
	assert_int_equal(strncmp(link, "/m/cases/", 9), 0);
	/* The system (a job) is nobody: everyone concerned is told. */
	q(NULL, "SELECT hl_case_notify('case.overdue', $1::bigint, NULL)",
	    fx_.case_id, NULL);
	assert_int_equal(n_msg(fx_.responder, "case.overdue"), 1);
	assert_int_equal(n_msg(fx_.commissioner, "case.overdue"), 1);
	assert_int_equal(n_msg(fx_.ent_user, "case.overdue"), 0);
}

static void
test_case_payload_has_title_and_link(void **state)
{
	char wid[24];
	char v[24];

	(void)state;
	q(wid,
	    "INSERT INTO webhooks (name, url, event_types, chain_id)"
	    " VALUES ('t', 'https://example.com/h', '{case.assigned}',"
	    " $1::bigint) RETURNING id",
	    fx_.chain, NULL);
	assert_int_equal(qi("SELECT hl_case_notify('case.assigned',"
	                    " $1::bigint, $2::bigint,"
	                    " '{\"event_id\": 7}'::jsonb)",
	                     fx_.case_id, fx_.commissioner, NULL),
	    1);
	/* Another type, or another chain, is not this webhook's. */
	assert_int_equal(qi("SELECT hl_case_notify('case.started',"
	                    " $1::bigint, NULL)",
	                     fx_.case_id, NULL),
	    0);
	assert_int_equal(
	    qi("SELECT count(*) FROM outbox WHERE webhook_id ="
	       " $1::bigint AND payload ->> 'title' LIKE"
	       " '诉求 HL-% 已交办给客户经理' AND payload ->> 'link'"
	       " = '/desk/cases/' || $2 AND payload ->> "
	       "'enterprise_name' = '通知测试企业' AND"
	       " (payload ->> 'event_id')::int = 7",
	        wid, fx_.case_id, NULL),
	    1);
	q(v,
	    "SELECT count(*) FROM messages WHERE user_id = $1::bigint"
	    " AND title LIKE '您有新的待办诉求 HL-%'",
	    fx_.responder, NULL);
	assert_string_equal(v, "1");
}

/* ---- fan-out ---- */

static void
test_enqueue_chains_fans_out_once_per_webhook(void **state)
{
	char all[24];
	char mine[24];
	char theirs[24];
	char off[24];

	(void)state;
	q(all,
	    "INSERT INTO webhooks (name, url, event_types) VALUES ('all',"
	    " 'https://example.com/a', '{bulletin.published}') RETURNING id",
	    NULL);
	q(mine,
	    "INSERT INTO webhooks (name, url, event_types, chain_id) VALUES"
	    " ('mine', 'https://example.com/m', '{bulletin.published}',"
	    " $1::bigint) RETURNING id",
	    fx_.chain, NULL);
	q(theirs,
	    "INSERT INTO webhooks (name, url, event_types, chain_id) VALUES"
	    " ('theirs', 'https://example.com/t', '{}', $1::bigint)"
	    " RETURNING id",
	    fx_.other_chain, NULL);
	q(off,
	    "INSERT INTO webhooks (name, url, active) VALUES ('off',"
	    " 'https://example.com/o', false) RETURNING id",
	    NULL);
	/* Two chains, one of them mine: one row each for all and mine. */
	assert_int_equal(
	    qi("SELECT hl_outbox_enqueue_chains("
	       "'bulletin.published', ARRAY[$1::bigint,"
	       " (SELECT id FROM chains WHERE code = 'polyurethane')],"
	       " '{\"title\":\"x\"}')",
	        fx_.chain, NULL),
	    2);
	/* Citywide: every active webhook that wants the type. */
	assert_int_equal(qi("SELECT hl_outbox_enqueue_chains("
	                    "'bulletin.published', '{}', '{\"title\":\"y\"}')",
	                     NULL),
	    3);
	assert_int_equal(qi("SELECT count(*) FROM outbox WHERE webhook_id ="
	                    " $1::bigint",
	                     all, NULL),
	    2);
	assert_int_equal(qi("SELECT count(*) FROM outbox WHERE webhook_id ="
	                    " $1::bigint",
	                     theirs, NULL),
	    1);
	assert_int_equal(qi("SELECT count(*) FROM outbox WHERE webhook_id ="
	                    " $1::bigint",
	                     off, NULL),
	    0);
	/* One chain: the row carries it. */
	q(NULL,
	    "SELECT hl_outbox_enqueue_chains('bulletin.published',"
	    " ARRAY[$1::bigint], '{}')",
	    fx_.chain, NULL);
	assert_int_equal(qi("SELECT count(*) FROM outbox WHERE webhook_id ="
	                    " $1::bigint AND chain_id = $2::bigint",
	                     mine, fx_.chain, NULL),
	    2);
}

/* ---- policies ---- */

static void
policy(char id[24], const char *title, const char *tags)
{
	q(id,
	    "WITH p AS (INSERT INTO policies (title, issuer, effective_on,"
	    " required_tags) VALUES ($1, '工信局', hl_today() - 1, $2::text[])"
	    " RETURNING id),"
	    " c AS (INSERT INTO policy_chains (policy_id, chain_id) SELECT"
	    " p.id, $3::bigint FROM p RETURNING 1) SELECT id FROM p",
	    title, tags, fx_.chain, NULL);
}

static void
test_policy_announced_once_to_qualifying_users(void **state)
{
	char pid[24];
	char body[160];

	(void)state;
	policy(pid, "通知测试政策", "{专精特新}");
	q(NULL, "SELECT hl_policy_notify_matched($1::bigint)", pid, NULL);
	assert_int_equal(qi("SELECT count(*) FROM messages WHERE user_id ="
	                    " $1::bigint AND event_type = 'policy.matched'"
	                    " AND link = '/m/policies/' || $2",
	                     fx_.ent_user, pid, NULL),
	    1);
	tfix_sql(db_,
	    "SELECT body FROM messages WHERE user_id = $1::bigint"
	    " AND event_type = 'policy.matched'",
	    1, (const char *[]){ fx_.ent_user }, body, sizeof(body));
	assert_string_equal(body,
	    "贵企业符合条件：产业链“汽车部件”、“专精特新”企业");
	assert_int_equal(qi("SELECT count(*) FROM messages WHERE user_id ="
	                    " $1::bigint",
	                     fx_.ent_user_off, NULL),
	    0);
	/* Once. */
	assert_int_equal(
	    qi("SELECT hl_policy_notify_matched($1::bigint)", pid, NULL), 0);
	assert_int_equal(qi("SELECT count(*) FROM messages WHERE user_id ="
	                    " $1::bigint AND event_type = 'policy.matched'",
	                     fx_.ent_user, NULL),
	    1);
	/* A policy this enterprise misses a tag for tells it nothing. */
	policy(pid, "通知测试政策二", "{绿色工厂}");
	q(NULL, "SELECT hl_policy_notify_matched($1::bigint)", pid, NULL);
	assert_int_equal(qi("SELECT count(*) FROM messages WHERE user_id ="
	                    " $1::bigint AND event_type = 'policy.matched'",
	                     fx_.ent_user, NULL),
	    1);
}

static void
test_policy_job(void **state)
{
	struct hl_err err = { 0 };
	char soon[24];
	char later[24];
	char future[24];

	(void)state;
	policy(soon, "通知测试即将截止", "{}");
	q(NULL,
	    "UPDATE policies SET apply_until = hl_today() + 2,"
	    " matched_notified_at = hl_now() WHERE id = $1::bigint",
	    soon, NULL);
	policy(later, "通知测试远未截止", "{}");
	q(NULL,
	    "UPDATE policies SET apply_until = hl_today() + 60,"
	    " matched_notified_at = hl_now() WHERE id = $1::bigint",
	    later, NULL);
	/* Created before it came into force, in force today: news. */
	policy(future, "通知测试今日生效", "{}");
	q(NULL,
	    "UPDATE policies SET effective_on = hl_today(),"
	    " created_at = hl_now() - interval '3 days' WHERE id = $1::bigint",
	    future, NULL);
	assert_int_equal(hl_policy_job_notify(db_, NULL, &err), 0);
	assert_int_equal(
	    qi("SELECT count(*) FROM messages WHERE user_id ="
	       " $1::bigint AND event_type = 'policy.window_closing'"
	       " AND link = '/m/policies/' || $2",
	        fx_.ent_user, soon, NULL),
	    1);
	assert_int_equal(qi("SELECT count(*) FROM messages WHERE link ="
	                    " '/m/policies/' || $1",
	                     later, NULL),
	    0);
	assert_int_equal(qi("SELECT count(*) FROM messages WHERE user_id ="
	                    " $1::bigint AND event_type = 'policy.matched'"
	                    " AND link = '/m/policies/' || $2",
	                     fx_.ent_user, future, NULL),
	    1);
	/* The next round tells nobody again. */
	assert_int_equal(hl_policy_job_notify(db_, NULL, &err), 0);
	assert_int_equal(qi("SELECT count(*) FROM messages WHERE user_id ="
	                    " $1::bigint AND link IN ('/m/policies/' || $2,"
	                    " '/m/policies/' || $3, '/m/policies/' || $4)",
	                     fx_.ent_user, soon, later, future, NULL),
	    2);
}

/* ---- upkeep ---- */

static void
test_prune_keeps_what_is_not_old_and_delivered(void **state)
{
	struct hl_err err = { 0 };
	char wid[24];

	(void)state;
	q(wid,
	    "INSERT INTO webhooks (name, url) VALUES ('prune',"
	    " 'https://example.com/p') RETURNING id",
	    NULL);
	q(NULL,
	    "INSERT INTO outbox (webhook_id, event_type, payload, state,"
	    " delivered_at, attempts) SELECT $1::bigint, 'webhook.test', '{}',"
	    " s, CASE WHEN s = 'delivered' THEN hl_now() - d END, 1"
	    " FROM (VALUES ('delivered', interval '40 days'),"
	    " ('delivered', interval '1 day'), ('dead', interval '40 days'),"
	    " ('pending', interval '40 days')) AS v(s, d)",
	    wid, NULL);
	q(NULL,
	    "INSERT INTO robot_slots (url) VALUES ('https://gone.example/x')",
	    NULL);
	assert_int_equal(hl_notify_job_prune(db_, NULL, &err), 0);
	assert_int_equal(qi("SELECT count(*) FROM outbox WHERE webhook_id ="
	                    " $1::bigint",
	                     wid, NULL),
	    3);
	assert_int_equal(qi("SELECT count(*) FROM outbox WHERE webhook_id ="
	                    " $1::bigint AND state = 'delivered'",
	                     wid, NULL),
	    1);
	assert_int_equal(qi("SELECT count(*) FROM robot_slots WHERE url ="
	                    " 'https://gone.example/x'",
	                     NULL),
	    0);
}

static void
test_url_mask(void **state)
{
	char out[256];

	(void)state;
	tfix_sql(db_,
	    "SELECT hl_url_mask('https://qyapi.weixin.qq.com/cgi-bin/webhook/"
	    "send?key=693a91f6-7xxx-4bc4&debug=1')",
	    0, NULL, out, sizeof(out));
	assert_string_equal(out,
	    "https://qyapi.weixin.qq.com/cgi-bin/webhook/"
	    "send?key=***4bc4&debug=***1");
	tfix_sql(db_, "SELECT hl_url_mask('https://example.com/hook')", 0, NULL,
	    out, sizeof(out));
	assert_string_equal(out, "https://example.com/hook");
}

static int
group_setup(void **state)
{
	(void)state;
	db_ = tfix_db_open();
	return db_ != NULL ? 0 : -1;
}

static int
group_teardown(void **state)
{
	(void)state;
	hl_db_close(db_);
	return 0;
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup_tx, teardown_tx)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_case_escalation_reaches_the_committee),
		T(test_case_change_reaches_enterprise_and_staff),
		T(test_case_payload_has_title_and_link),
		T(test_enqueue_chains_fans_out_once_per_webhook),
		T(test_policy_announced_once_to_qualifying_users),
		T(test_policy_job),
		T(test_prune_keeps_what_is_not_old_and_delivered),
		T(test_url_mask),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
