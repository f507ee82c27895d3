/*
 * Reading policy sessions: the list, one session's registrations, their
 * export and the per-chain figures, each one statement.  The list is
 * keyset-paged on three keys so that one statement serves both orders:
 * (0, -start, -id) for the newest first, (not on my chain, start, id) for
 * the portal's upcoming sessions; the cursor is base64url of
 * "<group>.<time>.<id>" of the page's last row.
 */
#include "event_list.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "case.h"
#include "ctx.h"
#include "db.h"
#include "err.h"
#include "event.h"
#include "export.h"
#include "mem.h"
#include "str.h"

#define LIMIT_DEFAULT 50
#define LIMIT_MAX     200
#define CURSOR_MAX    64
/* More rows than a session can have: capacity plus its waitlist. */
#define EXPORT_MAX 50000

static const char *const statuses[] = { "draft", "open", "closed", "done",
	"cancelled", NULL };

static bool
in_list(const char *const *names, const char *s)
{
	size_t i;

	for (i = 0; s != NULL && names[i] != NULL; i++)
		if (strcmp(names[i], s) == 0)
			return true;
	return false;
}

static int
bad_param(struct hl_err *err, const char *name, const char *msg)
{
	if (!hl_err_is_set(err))
		hl_err_set(err, 400, "bad_request", "查询参数无效");
	return hl_err_field(err, name, "%s", msg);
}

/* Sessions starting on the Beijing day. */
#define SQL_DAY "(e.starts_at AT TIME ZONE 'Asia/Shanghai')::date"

/* ---- the list ---- */

/*
 * $1..$3 scope, $4 chain code, $5 status, $6 from, $7 to, $8 title
 * pattern, $9 mine, $10 upcoming, $11..$13 the cursor's keys (NULL on the
 * first page), $14 limit.
 */
static const char SQL_LIST[] =
    "WITH k AS (SELECT e.id,"
    "  CASE WHEN $10::boolean AND NOT " HL_EVENT_SQL_ON_MY_CHAIN
    "  THEN 1 ELSE 0 END AS g,"
    "  CASE WHEN $10::boolean THEN 1 ELSE -1 END"
    "  * (extract(epoch FROM e.starts_at) * 1000000)::bigint AS t,"
    "  CASE WHEN $10::boolean THEN e.id ELSE -e.id END AS i"
    "  FROM events e WHERE " HL_EVENT_SQL_VISIBLE
    "  AND ($4::text IS NULL OR e.chain_id = (SELECT c.id FROM chains c"
    "  WHERE c.code = $4))"
    "  AND ($5::text IS NULL OR e.status = $5)"
    "  AND ($6::date IS NULL OR " SQL_DAY " >= $6::date)"
    "  AND ($7::date IS NULL OR " SQL_DAY " <= $7::date)"
    "  AND ($8::text IS NULL OR e.title ILIKE $8)"
    "  AND (NOT $9::boolean OR EXISTS (SELECT 1 FROM event_registrations r"
    "  WHERE r.event_id = e.id AND r.enterprise_id = $3::bigint))"
    "  AND (NOT $10::boolean OR (e.status IN ('open', 'closed')"
    "  AND e.ends_at > hl_now()))),"
    " page AS (SELECT * FROM k WHERE $11::int IS NULL"
    "  OR (k.g, k.t, k.i) > ($11::int, $12::bigint, $13::bigint)"
    "  ORDER BY k.g, k.t, k.i LIMIT $14::int + 1),"
    " shown AS (SELECT * FROM page ORDER BY g, t, i LIMIT $14::int)"
    " SELECT json_build_object('items', (SELECT coalesce(json_agg("
    "  json_build_object(" HL_EVENT_SQL_ITEM_FIELDS ")"
    "  ORDER BY sh.g, sh.t, sh.i), '[]')"
    "  FROM shown sh JOIN events e ON e.id = sh.id" HL_EVENT_SQL_JOINS "),"
    " 'next_cursor', CASE WHEN (SELECT count(*) FROM page) > $14::int"
    "  THEN (SELECT " HL_DB_SQL_CURSOR(
        "sh.g || '.' || sh.t || '.' || sh.i") "  FROM shown sh ORDER BY sh.g DESC, sh.t DESC, sh.i DESC LIMIT 1) END)";

/* The checked filter as SQL parameters $1..$14. */
struct query {
	const char *params[14];
	char uid[24];
	char ent[24];
	char keys[3][24];
	char limit[16];
};

/* The cursor "<g>.<t>.<i>" into q->keys. */
static void
check_cursor(const char *v, struct query *q, struct hl_err *err)
{
	char raw[CURSOR_MAX + 1];
	int64_t keys[3];
	const char *p = raw;
	long n;
	int k;

	n = strlen(v) <= 2 * CURSOR_MAX
	    ? hl_b64url_decode(v, strlen(v), raw, CURSOR_MAX)
	    : -1;
	if (n < 5) {
		bad_param(err, "cursor", "分页游标无效");
		return;
	}
	raw[n] = '\0';
	for (k = 0; k < 3; k++) {
		size_t len = strcspn(p, ".");

		if ((k < 2) != (p[len] == '.') ||
		    hl_str_to_i64((struct hl_str){ p, len }, &keys[k]) == -1) {
			bad_param(err, "cursor", "分页游标无效");
			return;
		}
		p += len + (k < 2);
	}
	if (keys[0] != 0 && keys[0] != 1) {
		bad_param(err, "cursor", "分页游标无效");
		return;
	}
	for (k = 0; k < 3; k++)
		hl_i64_text(keys[k], q->keys[k]);
}

static int
make_query(struct hl_ctx *ctx, const struct hl_event_filter *f, struct query *q,
    struct hl_err *err)
{
	const char **p = q->params;
	int64_t limit = f->limit != 0 ? f->limit : LIMIT_DEFAULT;
	int k;

	memset(q, 0, sizeof(*q));
	hl_case_scope_params(ctx, q->uid, q->ent, p);
	if (f->status != NULL && !in_list(statuses, f->status))
		bad_param(err, "status",
		    "应为 draft、open、closed、done 或 cancelled");
	if (f->from != NULL && f->to != NULL && strcmp(f->from, f->to) > 0)
		bad_param(err, "to", "结束日期不能早于开始日期");
	if (limit < 1 || limit > LIMIT_MAX)
		bad_param(err, "limit", "每页条数应为 1 到 200");
	if (f->cursor != NULL && f->cursor[0] != '\0')
		check_cursor(f->cursor, q, err);
	p[3] = f->chain;
	p[4] = f->status;
	p[5] = f->from;
	p[6] = f->to;
	p[7] = f->q != NULL ? hl_db_like(ctx->arena, f->q) : NULL;
	p[8] = f->mine ? "true" : "false";
	p[9] = f->upcoming ? "true" : "false";
	for (k = 0; k < 3; k++)
		p[10 + k] = q->keys[k][0] != '\0' ? q->keys[k] : NULL;
	snprintf(q->limit, sizeof(q->limit), "%" PRId64, limit);
	p[13] = q->limit;
	return hl_err_is_set(err) ? -1 : 0;
}

int
hl_event_list_json(struct hl_ctx *ctx, const struct hl_event_filter *f,
    struct hl_buf *out, struct hl_err *err)
{
	struct query q = { 0 };

	if (make_query(ctx, f, &q, err) == -1)
		return -1;
	return hl_db_fetch_json(ctx->db, SQL_LIST, 14, q.params, out, err);
}

/* ---- one session's registrations ---- */

/* $1 session, $2 status filter (NULL: all), $3 cursor (0: the first
 * page), $4 limit: a page in registration order. */
static const char SQL_REGS[] =
    "WITH page AS (SELECT r.id FROM event_registrations r"
    "  WHERE r.event_id = $1::bigint AND ($2::text IS NULL"
    "  OR ($2 IN ('registered', 'waitlisted') AND r.status = $2)"
    "  OR ($2 = 'attended' AND r.checked_in_at IS NOT NULL)"
    "  OR ($2 = 'absent' AND r.status = 'registered'"
    "  AND r.checked_in_at IS NULL))"
    "  AND r.id > $3::bigint ORDER BY r.id LIMIT $4::int + 1),"
    " shown AS (SELECT id FROM page ORDER BY id LIMIT $4::int)"
    " SELECT json_build_object('items', (SELECT coalesce(json_agg("
    "  json_build_object(" HL_EVENT_SQL_REG_FIELDS ") ORDER BY r.id), '[]')"
    "  FROM event_registrations r WHERE r.id IN (SELECT id FROM shown)),"
    " 'next_cursor', CASE WHEN (SELECT count(*) FROM page) > $4::int"
    "  THEN " HL_DB_SQL_CURSOR("(SELECT max(id) FROM shown)") " END)";

int
hl_event_registrations_json(struct hl_ctx *ctx, int64_t id,
    const struct hl_event_reg_filter *f, struct hl_buf *out, struct hl_err *err)
{
	static const char *const filters[] = { "registered", "waitlisted",
		"attended", "absent", NULL };
	char sid[24];
	char cursor[24];
	char limit[24];
	const char *params[4];

	if (f->status != NULL && !in_list(filters, f->status)) {
		hl_err_set(err, 400, "bad_request", "查询参数无效");
		return hl_err_field(err, "status",
		    "应为 registered、waitlisted、attended 或 absent");
	}
	if (hl_event_check_manage(ctx, id, err) == -1)
		return -1;
	hl_i64_text(id, sid);
	hl_i64_text(f->cursor, cursor);
	hl_i64_text(f->limit > 0 ? f->limit : LIMIT_DEFAULT, limit);
	params[0] = sid;
	params[1] = f->status;
	params[2] = cursor;
	params[3] = limit;
	return hl_db_fetch_json(ctx->db, SQL_REGS, 4, params, out, err);
}

/* ---- the export ---- */

/* $1 session, $2 the row cap: registrations, then the waitlist in its
 * order, with Chinese labels. */
static const char SQL_EXPORT[] =
    "SELECT r.id::text, en.name, en.credit_code,"
    " CASE r.status WHEN 'registered' THEN '已报名' ELSE '候补' END,"
    " CASE WHEN r.status = 'waitlisted' THEN (SELECT count(*)"
    "  FROM event_registrations w WHERE w.event_id = r.event_id"
    "  AND w.status = 'waitlisted' AND w.id <= r.id)::text END,"
    " r.attendee_count::text, r.note,"
    " to_char(r.registered_at AT TIME ZONE 'Asia/Shanghai',"
    "  'YYYY-MM-DD HH24:MI:SS'),"
    " CASE WHEN r.checked_in_at IS NOT NULL THEN '已签到'"
    "  WHEN r.status = 'registered' THEN '未签到' END,"
    " to_char(r.checked_in_at AT TIME ZONE 'Asia/Shanghai',"
    "  'YYYY-MM-DD HH24:MI:SS'), cu.name"
    " FROM event_registrations r JOIN enterprises en"
    " ON en.id = r.enterprise_id LEFT JOIN users cu ON cu.id = r.checked_in_by"
    " WHERE r.event_id = $1::bigint"
    " ORDER BY r.status = 'waitlisted', r.id LIMIT $2::int";

static const struct hl_export_col export_cols[] = {
	{ "id", "报名编号", HL_EXPORT_INT },
	{ "enterprise", "企业", HL_EXPORT_TEXT },
	{ "credit_code", "统一社会信用代码", HL_EXPORT_TEXT },
	{ "status", "报名状态", HL_EXPORT_TEXT },
	{ "position", "候补顺位", HL_EXPORT_INT },
	{ "attendee_count", "参加人数", HL_EXPORT_INT },
	{ "note", "备注", HL_EXPORT_TEXT },
	{ "registered_at", "报名时间", HL_EXPORT_DATETIME },
	{ "attendance", "签到情况", HL_EXPORT_TEXT },
	{ "checked_in_at", "签到时间", HL_EXPORT_DATETIME },
	{ "checked_in_by", "签到登记人", HL_EXPORT_TEXT },
};

#define N_EXPORT_COLS (sizeof(export_cols) / sizeof(export_cols[0]))

struct rows {
	struct hl_db_res *r;
	int next;
};

static int
next_row(void *arg, const char **cells, struct hl_err *err)
{
	struct rows *rs = arg;

	(void)err;
	if (rs->next >= hl_db_nrows(rs->r))
		return 0;
	hl_db_get_row(rs->r, rs->next++, cells, N_EXPORT_COLS);
	return 1;
}

int
hl_event_export(struct hl_ctx *ctx, int64_t id, enum hl_event_export_format fmt,
    struct hl_buf *out, struct hl_err *err)
{
	char sid[24];
	char cap[24];
	const char *params[2] = { sid, cap };
	struct rows rs = { NULL, 0 };
	int rc;

	if (hl_event_check_manage(ctx, id, err) == -1)
		return -1;
	hl_i64_text(id, sid);
	hl_i64_text(EXPORT_MAX, cap);
	rs.r = hl_db_exec(ctx->db, SQL_EXPORT, 2, params, err);
	if (rs.r == NULL)
		return -1;
	if (fmt == HL_EVENT_EXPORT_CSV)
		rc = hl_export_csv(export_cols, N_EXPORT_COLS, next_row, &rs,
		    out, err);
	else
		rc = hl_export_xlsx("报名与签到", export_cols, N_EXPORT_COLS,
		    next_row, &rs, out, err);
	hl_db_res_free(rs.r);
	return rc;
}

/* ---- per-chain figures ---- */

/* The figures of one row p (a relation with the counts below). */
#define SQL_FIGURES(P)                                                         \
	"'sessions_held', " P ".held, 'sessions_planned', " P ".planned,"      \
	" 'enterprises_reached', " P ".reached,"                               \
	" 'registrations', " P ".regs, 'attended', " P ".came,"                \
	" 'attendance_rate', CASE WHEN " P ".regs > 0 THEN round(" P           \
	".came::numeric / " P ".regs, 4) END,"                                 \
	" 'questions_raised', " P ".raised, 'questions_closed', " P ".closed," \
	" 'closed_on_time', " P ".on_time,"                                    \
	" 'on_time_rate', CASE WHEN " P ".closed > 0 THEN round(" P            \
	".on_time::numeric / " P ".closed, 4) END"

/* The counts over ev, reg and cs rows where W holds. */
#define SQL_COUNTS(W)                                                          \
	"(SELECT count(*) FROM ev WHERE " W                                    \
	" AND ev.status = 'done') AS held,"                                    \
	" (SELECT count(*) FROM ev WHERE " W " AND ev.status <> 'done')"       \
	"  AS planned,"                                                        \
	" (SELECT count(DISTINCT reg.enterprise_id) FILTER (WHERE reg.came)"   \
	"  FROM reg WHERE " W ") AS reached,"                                  \
	" (SELECT count(*) FROM reg WHERE " W ") AS regs,"                     \
	" (SELECT count(*) FILTER (WHERE reg.came) FROM reg WHERE " W ")"      \
	"  AS came,"                                                           \
	" (SELECT count(*) FROM cs WHERE " W ") AS raised,"                    \
	" (SELECT count(*) FILTER (WHERE cs.status = 'closed') FROM cs"        \
	"  WHERE " W ") AS closed,"                                            \
	" (SELECT count(*) FILTER (WHERE cs.on_time) FROM cs WHERE " W ")"     \
	"  AS on_time"

/*
 * $1..$3 scope, $4 chain code, $5 from, $6 to.  g: the rows the caller
 * sees (their chains; every chain and citywide for admins and
 * commissioners); ev: the sessions of those rows in the period (drafts
 * and cancelled ones never count); reg: seats at sessions held; cs: the
 * cases raised at any of them.
 */
static const char SQL_STATS[] =
    "WITH g AS (SELECT c.id, json_build_object('code', c.code,"
    "  'name', c.name) AS chain, c.sort_order AS so FROM chains c"
    "  WHERE ($1 IN ('admin', 'commissioner') OR c.id IN (SELECT"
    "  uc.chain_id FROM user_chains uc WHERE uc.user_id = $2::bigint))"
    "  AND ($4::text IS NULL OR c.code = $4) AND $3::bigint IS NOT NULL"
    "  UNION ALL SELECT NULL, NULL, -1"
    "  WHERE $1 IN ('admin', 'commissioner') AND $4::text IS NULL),"
    " ev AS (SELECT e.id, e.chain_id, e.status FROM events e"
    "  WHERE e.status IN ('open', 'closed', 'done')"
    "  AND ($5::date IS NULL OR " SQL_DAY " >= $5::date)"
    "  AND ($6::date IS NULL OR " SQL_DAY " <= $6::date)"
    "  AND EXISTS (SELECT 1 FROM g WHERE g.id IS NOT DISTINCT FROM"
    "  e.chain_id)),"
    " reg AS (SELECT ev.chain_id, r.enterprise_id,"
    "  r.checked_in_at IS NOT NULL AS came FROM ev"
    "  JOIN event_registrations r ON r.event_id = ev.id"
    "  WHERE ev.status = 'done' AND r.status = 'registered'),"
    " cs AS (SELECT ev.chain_id, c.status,"
    "  c.status = 'closed' AND c.resolved_at <= c.due_at AS on_time"
    "  FROM ev JOIN cases c ON c.event_id = ev.id),"
    " fig AS (SELECT g.id, g.chain, g.so, " SQL_COUNTS(
        "chain_id IS NOT DISTINCT FROM g.id") " FROM g),"
                                              " tot AS (SELECT " SQL_COUNTS(
                                                  "true") ")"
                                                          " SELECT json_build_object('items', (SELECT coalesce(json_agg("
                                                          "  json_build_object('chain', f.chain, " SQL_FIGURES(
                                                              "f") ")"
                                                                   "  ORDER BY f.so, f.id), '[]') FROM fig f),"
                                                                   " 'totals', (SELECT json_build_object(" SQL_FIGURES(
                                                                       "t") ") FROM tot t))";

int
hl_event_stats_json(struct hl_ctx *ctx, const struct hl_event_stats_filter *f,
    struct hl_buf *out, struct hl_err *err)
{
	char uid[24];
	char ent[24];
	const char *params[6];

	if (f->from != NULL && f->to != NULL && strcmp(f->from, f->to) > 0)
		return bad_param(err, "to", "结束日期不能早于开始日期");
	hl_case_scope_params(ctx, uid, ent, params);
	params[3] = f->chain;
	params[4] = f->from;
	params[5] = f->to;
	return hl_db_fetch_json(ctx->db, SQL_STATS, 6, params, out, err);
}
