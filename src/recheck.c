/*
 * The re-check queue.  The draw is one statement around hl_recheck_pick()
 * (0019), so the rules live in SQL where anyone can run them again with
 * the logged seed; this file adds the audit row, the notifications and
 * the job's choice of weeks.  Recording an outcome locks the re-check row,
 * so two people recording the same call are decided one after the other.
 */
#include "recheck.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "calendar.h"
#include "case.h"
#include "conf.h"
#include "crypto.h"
#include "ctx.h"
#include "db.h"
#include "err.h"
#include "mem.h"
#include "str.h"

#define NOTE_MAX_CHARS 2000

static const char *const statuses[] = { "pending", "done", NULL };
static const char *const outcomes[] = { "solved", "partly", "not_solved",
	NULL };
static const char *const outcome_labels[] = { "已解决", "部分解决", "未解决" };
static const char *const reasons[] = { "sample", "low_rating", "rejected",
	"override", NULL };

static int
index_of(const char *const *names, const char *s)
{
	int i;

	for (i = 0; s != NULL && names[i] != NULL; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

/* ---- the draw ---- */

/* $1 week start: whether it is a Monday, whether the week is over, and
 * whether it was drawn already. */
static const char SQL_DRAW_CHECK[] =
    "SELECT extract(isodow FROM $1::date) = 1, $1::date + 7 <= hl_today(),"
    " EXISTS (SELECT 1 FROM recheck_draws WHERE week_start = $1::date)";

/*
 * $1 week start, $2 seed, $3 share, $4 who ('' for the job): the draw and
 * its re-checks.  Answers the draw's id and its audit image.
 */
static const char SQL_DRAW[] =
    "WITH pick AS (SELECT * FROM hl_recheck_pick($1::date, $2::bigint,"
    "  $3::int)),"
    " d AS (INSERT INTO recheck_draws (week_start, seed, share_percent,"
    "  drawn_by, n_closures, n_always, n_sampled)"
    "  VALUES ($1::date, $2::bigint, $3::int, NULLIF($4, '')::bigint,"
    "  (SELECT count(*) FROM hl_recheck_closures($1::date)),"
    "  (SELECT count(*) FROM pick WHERE pick.reasons <> '{sample}'),"
    "  (SELECT count(*) FROM pick WHERE pick.reasons = '{sample}'))"
    "  RETURNING *),"
    " ins AS (INSERT INTO rechecks (case_id, chain_id, closure_event_id,"
    "  closed_status, closed_at, draw_id, reasons)"
    "  SELECT pick.case_id, c.chain_id, pick.closure_event_id,"
    "  pick.closed_status, pick.closed_at, d.id, pick.reasons"
    "  FROM pick JOIN cases c ON c.id = pick.case_id, d"
    "  ON CONFLICT (closure_event_id) DO NOTHING RETURNING id, case_id)"
    " SELECT d.id, json_build_object('week_start', d.week_start,"
    " 'seed', d.seed, 'share_percent', d.share_percent,"
    " 'n_closures', d.n_closures, 'n_always', d.n_always,"
    " 'n_sampled', d.n_sampled, 'case_ids', (SELECT coalesce(json_agg("
    "  ins.case_id ORDER BY ins.case_id), '[]') FROM ins))::text FROM d";

/*
 * $1 the draw: per chain, a recheck.queued event and a message to the
 * chain's committee and to the commissioners of the drawn enterprises.
 */
static const char SQL_DRAW_NOTIFY[] =
    "WITH per AS (SELECT c.chain_id, count(*) AS n,"
    "  array_agg(DISTINCT c.enterprise_id) AS ents"
    "  FROM rechecks r JOIN cases c ON c.id = r.case_id"
    "  WHERE r.draw_id = $1::bigint GROUP BY 1),"
    " t AS (SELECT per.*, ch.code, d.week_start, '产业链“' || ch.name"
    "  || '”本周有 ' || per.n || ' 件诉求待回访' AS title"
    "  FROM per JOIN chains ch ON ch.id = per.chain_id"
    "  JOIN recheck_draws d ON d.id = $1::bigint)"
    " SELECT sum(hl_outbox_enqueue('recheck.queued', t.chain_id,"
    "  jsonb_build_object('draw_id', $1::bigint, 'week_start', t.week_start,"
    "  'chain_code', t.code, 'n', t.n, 'title', t.title,"
    "  'link', '/desk/rechecks'))"
    "  + hl_message_add(ARRAY(SELECT uc.user_id FROM user_chains uc"
    "   JOIN users u ON u.id = uc.user_id AND u.role = 'committee'"
    "   WHERE uc.chain_id = t.chain_id UNION SELECT a.commissioner_id"
    "   FROM assignments a WHERE a.enterprise_id = ANY (t.ents)),"
    "  'recheck.queued', t.title, '请致电企业了解问题是否真正解决，并记录回访结果。',"
    "  '/desk/rechecks', NULL, t.chain_id))"
    " FROM t";

int
hl_recheck_draw(struct hl_db_conn *db, struct hl_ctx *ctx,
    const char *week_start, int64_t seed, int64_t share_percent,
    int64_t *draw_id, struct hl_err *err)
{
	char sseed[24];
	char sshare[24];
	char who[24] = "";
	char did[24];
	const char *params[4] = { week_start, sseed, sshare, who };
	struct hl_db_res *r;
	int32_t day;
	int rc = -1;

	if (week_start == NULL ||
	    hl_calendar_date_parse(hl_str_from(week_start), &day) == -1)
		return hl_err_field(err, "week_start", "应为日期 YYYY-MM-DD");
	if (seed < 0 || share_percent < 0 || share_percent > 100)
		HL_BUG("recheck: seed or share out of range");
	r = hl_db_exec(db, SQL_DRAW_CHECK, 1, params, err);
	if (r == NULL)
		return -1;
	if (!hl_db_get_bool(r, 0, 0))
		hl_err_field(err, "week_start", "应为某周的星期一");
	else if (!hl_db_get_bool(r, 0, 1))
		hl_err_field(err, "week_start", "该周尚未结束，不能抽取");
	else if (hl_db_get_bool(r, 0, 2))
		hl_err_set(err, 409, "conflict", "该周已经抽取过回访诉求");
	hl_db_res_free(r);
	if (hl_err_is_set(err))
		return -1;
	hl_i64_text(seed, sseed);
	hl_i64_text(share_percent, sshare);
	if (ctx != NULL && ctx->user_id > 0)
		hl_i64_text(ctx->user_id, who);
	r = hl_db_exec(db, SQL_DRAW, 4, params, err);
	if (r == NULL)
		return -1;
	*draw_id = hl_db_get_i64(r, 0, 0);
	hl_i64_text(*draw_id, did);
	params[0] = did;
	if ((ctx != NULL
	            ? hl_audit_add(ctx, "recheck.draw", "recheck_draw", did,
	                  NULL, hl_db_get(r, 0, 1), err)
	            : hl_audit_add_system(db, "recheck.draw", "recheck_draw",
	                  did, hl_db_get(r, 0, 1), err)) == -1 ||
	    hl_db_run(db, SQL_DRAW_NOTIFY, 1, params, err) == -1)
		goto out;
	rc = 0;
out:
	hl_db_res_free(r);
	return rc;
}

/* A seed a person cannot guess ahead of the draw: 48 random bits, so that
 * it survives JSON numbers (53 bits) exactly. */
static int64_t
new_seed(void)
{
	uint64_t v = 0;

	hl_crypto_random(&v, sizeof(v));
	return (int64_t)(v & 0xffffffffffffULL);
}

/* Set once by hl_recheck_setup() before the jobs start. */
static int64_t share_percent_ = HL_RECHECK_SHARE_PERCENT;

void
hl_recheck_setup(const struct hl_conf *c)
{
	share_percent_ = c->recheck_share_percent;
}

/* $1 weeks to catch up: the Mondays of the weeks to draw, oldest first. */
static const char SQL_WEEKS_DUE[] =
    "WITH t AS (SELECT date_trunc('week', hl_today())::date - 7 AS last),"
    " m AS (SELECT max(week_start) AS drawn FROM recheck_draws)"
    " SELECT w::date::text FROM t, m, generate_series(CASE WHEN m.drawn"
    "  IS NULL THEN t.last ELSE greatest(m.drawn + 7,"
    "  t.last - 7 * ($1::int - 1)) END, t.last, interval '7 days') w";

int
hl_recheck_job_draw(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	char n[24];
	const char *params[1] = { n };
	struct hl_db_res *r;
	int64_t id;
	int i;
	int rc = 0;

	(void)arg;
	hl_i64_text(HL_RECHECK_CATCH_UP_WEEKS, n);
	r = hl_db_exec(db, SQL_WEEKS_DUE, 1, params, err);
	if (r == NULL)
		return -1;
	for (i = 0; i < hl_db_nrows(r) && rc == 0; i++)
		rc = hl_recheck_draw(db, NULL, hl_db_get(r, i, 0), new_seed(),
		    share_percent_, &id, err);
	hl_db_res_free(r);
	return rc;
}

/* ---- reading ---- */

/* A re-check r with its draw d, its closure ev and its case c (e, ch). */
#define SQL_ITEM                                                                \
	"json_build_object('id', r.id, 'status', r.status,"                     \
	" 'outcome', r.outcome, 'note', r.note, 'reasons', r.reasons,"          \
	" 'closed_status', r.closed_status, 'closed_at', r.closed_at,"          \
	" 'closure', json_build_object('rating',"                               \
	"  (ev.data->>'rating')::int, 'text', ev.body),"                        \
	" 'created_at', r.created_at, 'recorded_at', r.recorded_at,"            \
	" 'recorded_by', (SELECT json_build_object('id', u.id, 'name', u.name)" \
	"  FROM users u WHERE u.id = r.recorded_by),"                           \
	" 'draw', json_build_object('id', d.id, 'week_start', d.week_start,"    \
	"  'seed', d.seed, 'share_percent', d.share_percent),"                  \
	" 'case', json_build_object('id', c.id, 'number', c.number,"            \
	"  'title', c.title, 'category', c.category, 'status', c.status,"       \
	"  'enterprise_id', e.id, 'enterprise_name', e.name,"                   \
	"  'chain_code', ch.code, 'chain_name', ch.name,"                       \
	"  'assignee', (SELECT json_build_object('id', a.id, 'name', a.name)"   \
	"   FROM users a WHERE a.id = c.assignee_user_id)))"

#define SQL_ITEM_FROM                                                          \
	" FROM rechecks r JOIN recheck_draws d ON d.id = r.draw_id"            \
	" JOIN case_events ev ON ev.id = r.closure_event_id"                   \
	" JOIN cases c ON c.id = r.case_id"                                    \
	" JOIN enterprises e ON e.id = c.enterprise_id"                        \
	" JOIN chains ch ON ch.id = c.chain_id"

/* $1..$3 scope, $4 re-check. */
static const char SQL_GET[] = "SELECT " SQL_ITEM SQL_ITEM_FROM
                              " WHERE r.id = $4::bigint AND " HL_CASE_SQL_SCOPE;

int
hl_recheck_get_json(struct hl_ctx *ctx, int64_t id, struct hl_buf *out,
    struct hl_err *err)
{
	char uid[24];
	char ent[24];
	char rid[24];
	const char *params[4];

	hl_case_scope_params(ctx, uid, ent, params);
	hl_i64_text(id, rid);
	params[3] = rid;
	return hl_db_fetch_json(ctx->db, SQL_GET, 4, params, out, err);
}

/*
 * $1..$3 scope, $4 status, $5 outcome, $6 reason, $7 chain code, $8 draw
 * (0: any), $9 cursor (0: first page), $10 limit.
 */
static const char SQL_LIST[] =
    "WITH page AS (SELECT r.id FROM rechecks r JOIN cases c"
    "  ON c.id = r.case_id WHERE " HL_CASE_SQL_SCOPE
    "  AND ($4::text IS NULL OR r.status = $4::text)"
    "  AND ($5::text IS NULL OR r.outcome = $5::text)"
    "  AND ($6::text IS NULL OR $6::text = ANY (r.reasons))"
    "  AND ($7::text IS NULL OR c.chain_id = (SELECT x.id FROM chains x"
    "   WHERE x.code = $7::text))"
    "  AND ($8::bigint = 0 OR r.draw_id = $8::bigint)"
    "  AND ($9::bigint = 0 OR r.id < $9::bigint)"
    "  ORDER BY r.id DESC LIMIT $10::int + 1)," HL_DB_SQL_SHOWN(
        "$10") " SELECT json_build_object('items', (SELECT coalesce(json_agg(" SQL_ITEM
               " ORDER BY r.id DESC), '[]')" SQL_ITEM_FROM
               " WHERE r.id IN (SELECT id FROM shown))," HL_DB_SQL_NEXT_CURSOR(
                   "$10") ")";

static int
bad_param(struct hl_err *err, const char *name, const char *msg)
{
	if (!hl_err_is_set(err))
		hl_err_set(err, 400, "bad_request", "查询参数无效");
	return hl_err_field(err, name, "%s", msg);
}

int
hl_recheck_list_json(struct hl_ctx *ctx, const struct hl_recheck_filter *f,
    struct hl_buf *out, struct hl_err *err)
{
	char uid[24];
	char ent[24];
	char draw[24];
	char cursor[24];
	char limit[24];
	const char *params[10];

	if (f->status != NULL && index_of(statuses, f->status) < 0)
		bad_param(err, "status", "状态应为 pending 或 done");
	if (f->outcome != NULL && index_of(outcomes, f->outcome) < 0)
		bad_param(err, "outcome",
		    "回访结果应为 solved、partly 或 not_solved");
	if (f->reason != NULL && index_of(reasons, f->reason) < 0)
		bad_param(err, "reason",
		    "原因应为 sample、low_rating、rejected 或 override");
	if (hl_err_is_set(err))
		return -1;
	hl_case_scope_params(ctx, uid, ent, params);
	params[3] = f->status;
	params[4] = f->outcome;
	params[5] = f->reason;
	params[6] = f->chain;
	hl_i64_text(f->draw, draw);
	hl_i64_text(f->cursor, cursor);
	hl_i64_text(f->limit, limit);
	params[7] = draw;
	params[8] = cursor;
	params[9] = limit;
	return hl_db_fetch_json(ctx->db, SQL_LIST, 10, params, out, err);
}

/* $1 cursor (0: first page), $2 limit. */
static const char SQL_DRAWS[] =
    "WITH page AS (SELECT d.id FROM recheck_draws d"
    "  WHERE ($1::bigint = 0 OR d.id < $1::bigint)"
    "  ORDER BY d.id DESC LIMIT $2::int + 1)," HL_DB_SQL_SHOWN(
        "$2") " SELECT json_build_object('items', (SELECT coalesce(json_agg("
              " json_build_object('id', d.id, 'week_start', d.week_start,"
              " 'seed', d.seed, 'share_percent', d.share_percent,"
              " 'n_closures', d.n_closures, 'n_always', d.n_always,"
              " 'n_sampled', d.n_sampled, 'drawn_by', (SELECT json_build_object("
              "  'id', u.id, 'name', u.name) FROM users u WHERE u.id = d.drawn_by),"
              " 'created_at', d.created_at) ORDER BY d.id DESC), '[]')"
              " FROM recheck_draws d WHERE d.id IN (SELECT id FROM shown))," HL_DB_SQL_NEXT_CURSOR(
                  "$2") ")";

int
hl_recheck_draws_json(struct hl_ctx *ctx, int64_t cursor, int64_t limit,
    struct hl_buf *out, struct hl_err *err)
{
	char c[24];
	char l[24];
	const char *params[2] = { c, l };

	hl_i64_text(cursor, c);
	hl_i64_text(limit, l);
	return hl_db_fetch_json(ctx->db, SQL_DRAWS, 2, params, out, err);
}

/* The draw id as the draws list shows it. */
static const char SQL_DRAW_ONE[] =
    "SELECT json_build_object('id', d.id, 'week_start', d.week_start,"
    " 'seed', d.seed, 'share_percent', d.share_percent,"
    " 'n_closures', d.n_closures, 'n_always', d.n_always,"
    " 'n_sampled', d.n_sampled, 'drawn_by', (SELECT json_build_object("
    "  'id', u.id, 'name', u.name) FROM users u WHERE u.id = d.drawn_by),"
    " 'created_at', d.created_at) FROM recheck_draws d"
    " WHERE d.id = $1::bigint";

struct draw_tx {
	struct hl_ctx *ctx;
	const char *week_start;
	int64_t share;
	struct hl_buf *out;
};

static int
draw_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct draw_tx *dt = arg;
	int64_t id;
	char did[24];
	const char *params[1] = { did };

	if (hl_recheck_draw(db, dt->ctx, dt->week_start, new_seed(), dt->share,
	        &id, err) == -1)
		return -1;
	hl_i64_text(id, did);
	return hl_db_fetch_json(db, SQL_DRAW_ONE, 1, params, dt->out, err);
}

int
hl_recheck_draw_now(struct hl_ctx *ctx, const char *week_start,
    int64_t share_percent, struct hl_buf *out, struct hl_err *err)
{
	struct draw_tx dt = { ctx, week_start, share_percent, out };

	if (share_percent < 0)
		dt.share = share_percent_;
	return hl_db_tx_run_out(ctx->db, draw_tx, &dt, out, err);
}

/* ---- recording a call ---- */

/* $1..$3 scope, $4 re-check: its status and case, locked. */
static const char SQL_LOCK[] =
    "SELECT r.status, r.case_id FROM rechecks r JOIN cases c"
    " ON c.id = r.case_id WHERE r.id = $4::bigint AND " HL_CASE_SQL_SCOPE
    " FOR UPDATE OF r";

/* $1 re-check, $2 outcome, $3 note, $4 who: the audit image. */
static const char SQL_RECORD[] =
    "UPDATE rechecks SET status = 'done', outcome = $2, note = $3,"
    " recorded_by = $4::bigint, recorded_at = hl_now(),"
    " recorded_on = hl_today() WHERE id = $1::bigint"
    " RETURNING json_build_object('case_id', case_id, 'outcome', outcome,"
    " 'closed_status', closed_status)::text";

/* $1 re-check, $2 the outcome's label: the recheck.recorded event (no
 * note: webhooks may post into group chats), and for a problem not solved
 * a message to whoever handled the case. */
static const char SQL_RECORD_NOTIFY[] =
    "SELECT hl_outbox_enqueue('recheck.recorded', c.chain_id,"
    " jsonb_build_object('recheck_id', r.id, 'case_id', c.id,"
    " 'number', c.number, 'outcome', r.outcome, 'status', c.status,"
    " 'title', '回访结果：' || c.number || ' ' || $2::text,"
    " 'link', '/desk/cases/' || c.id))"
    " + CASE WHEN r.outcome = 'not_solved' THEN hl_message_add("
    "  ARRAY[c.assignee_user_id], 'recheck.recorded',"
    "  '回访未解决：' || c.number || ' 已重新办理', c.title,"
    "  '/desk/cases/' || c.id, c.id, c.chain_id) ELSE 0 END"
    " FROM rechecks r JOIN cases c ON c.id = r.case_id"
    " WHERE r.id = $1::bigint";

struct record_tx {
	struct hl_ctx *ctx;
	int64_t id;
	const struct hl_recheck_outcome *in;
	int outcome;
	struct hl_buf *out;
};

/* After the visibility check: what the call found. */
static int
check_outcome(struct record_tx *rt, struct hl_err *err)
{
	const char *note = rt->in->note;

	rt->outcome = index_of(outcomes, rt->in->outcome);
	if (rt->outcome < 0)
		hl_err_field(err, "outcome",
		    "回访结果应为 solved、partly 或 not_solved");
	if (note != NULL && hl_utf8_count(note, strlen(note)) > NOTE_MAX_CHARS)
		hl_err_field(err, "note", "回访记录不能超过 %d 个字",
		    NOTE_MAX_CHARS);
	else if (rt->outcome == 2 && hl_str_blank(note))
		hl_err_field(err, "note",
		    "问题未解决时请写明企业反映的情况，它将作为重新办理的理由");
	return hl_err_is_set(err) ? -1 : 0;
}

/* The case's side: reopened, or a note on its timeline. */
static int
case_follow_up(struct record_tx *rt, int64_t case_id, struct hl_err *err)
{
	struct hl_buf scratch = { 0 };
	struct hl_buf body = { 0 };
	int rc;

	if (rt->outcome == 2) {
		struct hl_case_transition t = { 0 };

		t.action = "reopen";
		t.reason = rt->in->note;
		t.recheck_id = rt->id;
		rc = hl_case_transition(rt->ctx, case_id, &t, &scratch, err);
	} else {
		hl_buf_printf(&body, "回访：%s。", outcome_labels[rt->outcome]);
		if (!hl_str_blank(rt->in->note))
			hl_buf_puts(&body, rt->in->note);
		rc = hl_case_add_note(rt->ctx, case_id, hl_buf_cstr(&body),
		    true, &scratch, err);
	}
	hl_buf_release(&body);
	hl_buf_release(&scratch);
	return rc;
}

static int
record_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct record_tx *rt = arg;
	char uid[24];
	char ent[24];
	char rid[24];
	const char *params[4];
	struct hl_db_res *r = NULL;
	int64_t case_id;
	int rc = -1;

	hl_case_scope_params(rt->ctx, uid, ent, params);
	hl_i64_text(rt->id, rid);
	params[3] = rid;
	r = hl_db_exec(db, SQL_LOCK, 4, params, err);
	if (r == NULL)
		return -1;
	if (hl_db_nrows(r) == 0) {
		hl_err_not_found(err);
		goto out;
	}
	if (check_outcome(rt, err) == -1)
		goto out;
	if (strcmp(hl_db_get(r, 0, 0), "done") == 0) {
		hl_err_set(err, 409, "conflict", "该回访已记录，不能重复记录");
		goto out;
	}
	case_id = hl_db_get_i64(r, 0, 1);
	hl_db_res_free(r);
	params[0] = rid;
	params[1] = outcomes[rt->outcome];
	params[2] = hl_str_blank(rt->in->note) ? NULL : rt->in->note;
	params[3] = uid;
	r = hl_db_exec(db, SQL_RECORD, 4, params, err);
	if (r == NULL)
		goto out;
	params[1] = outcome_labels[rt->outcome];
	if (case_follow_up(rt, case_id, err) == -1 ||
	    hl_audit_add(rt->ctx, "recheck.record", "recheck", rid, NULL,
	        hl_db_get(r, 0, 0), err) == -1 ||
	    hl_db_run(db, SQL_RECORD_NOTIFY, 2, params, err) == -1 ||
	    hl_recheck_get_json(rt->ctx, rt->id, rt->out, err) == -1)
		goto out;
	rc = 0;
out:
	hl_db_res_free(r);
	return rc;
}

int
hl_recheck_record(struct hl_ctx *ctx, int64_t id,
    const struct hl_recheck_outcome *in, struct hl_buf *out, struct hl_err *err)
{
	struct record_tx rt = { ctx, id, in, -1, out };

	return hl_db_tx_run_out(ctx->db, record_tx, &rt, out, err);
}
