/*
 * Reads around a meeting, each one statement scoped in its WHERE: an
 * approved minutes version, the chain's people, a case's meetings (for
 * staff who may see the case; drafts only for the committee) and the
 * decisions' workbook.
 */
#include "meeting_view.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "action.h"
#include "buf.h"
#include "case.h"
#include "ctx.h"
#include "db.h"
#include "err.h"
#include "export.h"
#include "meeting.h"
#include "str.h"
#include "user.h"

/* A list page when no limit is asked for (qparam.h checks the range). */
#define LIMIT_DEFAULT 50

#define USER_REF(col) HL_MEETING_SQL_USER_REF(col)

#define LIMIT_MAX 200

/* $1 role and $2 user id of ctx into params, uid the caller's buffer. */
static void
who(const struct hl_ctx *ctx, char uid[24], const char **params)
{
	const char *role = hl_ctx_role_name(ctx->role);

	hl_i64_text(ctx->user_id, uid);
	params[0] = role != NULL ? role : "";
	params[1] = uid;
}

/* $1 role, $2 user id, $3 chain code, $4 status, $5 from, $6 to, $7
 * cursor key (microseconds; NULL on the first page), $8 cursor id, $9
 * limit. */
static const char SQL_LIST[] =
    "WITH page AS (SELECT m.id, m.starts_at,"
    "  (extract(epoch FROM m.starts_at) * 1000000)::bigint AS k,"
    "  json_build_object('id', m.id, 'chain_code', ch.code,"
    "  'chain_name', ch.name, 'title', m.title, 'kind', m.kind,"
    "  'status', m.status, 'starts_at', m.starts_at, 'ends_at', m.ends_at,"
    "  'place', m.place, 'created_at', m.created_at,"
    "  'updated_at', m.updated_at, 'n_agenda', (SELECT count(*)"
    "   FROM meeting_agenda_items i WHERE i.meeting_id = m.id),"
    "  'n_decisions', (SELECT count(*) FROM meeting_decisions d"
    "   WHERE d.meeting_id = m.id),"
    "  'n_open_actions', (SELECT count(*) FROM action_items a"
    "   WHERE a.meeting_id = m.id AND a.status = 'open')) AS item"
    "  FROM meetings m JOIN chains ch ON ch.id = m.chain_id"
    "  WHERE " HL_ACTION_SQL_MANAGES(
        "m.chain_id") "  AND ($3::text IS NULL OR ch.code = $3::text)"
                      "  AND ($4::text IS NULL OR m.status = $4::text)"
                      "  AND ($5::date IS NULL OR m.starts_at >="
                      "   $5::date::timestamp AT TIME ZONE 'Asia/Shanghai')"
                      "  AND ($6::date IS NULL OR m.starts_at <"
                      "   ($6::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')"
                      "  AND ($7::bigint IS NULL OR (m.starts_at, m.id) <"
                      "   (timestamptz 'epoch' + $7::bigint * interval '1 microsecond',"
                      "   $8::bigint))"
                      "  ORDER BY m.starts_at DESC, m.id DESC LIMIT $9::int + 1),"
                      " shown AS (SELECT * FROM page ORDER BY starts_at DESC, id DESC"
                      "  LIMIT $9::int)"
                      " SELECT json_build_object('items', coalesce((SELECT json_agg(s.item"
                      "  ORDER BY s.starts_at DESC, s.id DESC) FROM shown s), '[]'),"
                      " 'next_cursor', CASE WHEN (SELECT count(*) FROM page) > $9::int"
                      "  THEN (SELECT " HL_DB_SQL_CURSOR(
                          "s.k || '.' || s.id") "  FROM shown s ORDER BY s.starts_at, s.id LIMIT 1) END)";

static bool
known_status(const char *s)
{
	int i;

	for (i = 0; hl_meeting_statuses[i] != NULL; i++)
		if (strcmp(hl_meeting_statuses[i], s) == 0)
			return true;
	return false;
}

static int
bad_param(struct hl_err *err, const char *name, const char *msg)
{
	if (!hl_err_is_set(err))
		hl_err_set(err, 400, "bad_request", "查询参数 %s 有误", name);
	return hl_err_field(err, name, "%s", msg);
}

int
hl_meeting_list_json(struct hl_ctx *ctx, const struct hl_meeting_filter *f,
    struct hl_buf *out, struct hl_err *err)
{
	char uid[24];
	char key[24];
	char id[24];
	char limit[24];
	const char *params[9];

	if (f->status != NULL && !known_status(f->status))
		bad_param(err, "status",
		    "应为 draft、scheduled、held、minutes_approved 或 "
		    "cancelled");
	if (f->from != NULL && f->to != NULL && strcmp(f->from, f->to) > 0)
		bad_param(err, "to", "结束日期不能早于开始日期");
	if (hl_err_is_set(err))
		return -1;
	who(ctx, uid, params);
	params[2] = f->chain;
	params[3] = f->status;
	params[4] = f->from;
	params[5] = f->to;
	hl_i64_text(f->cursor_key, key);
	hl_i64_text(f->cursor_id, id);
	params[6] = f->cursor_id > 0 ? key : NULL;
	params[7] = id;
	hl_i64_text(f->limit > 0 && f->limit <= LIMIT_MAX ? f->limit
	                                                  : LIMIT_DEFAULT,
	    limit);
	params[8] = limit;
	return hl_db_fetch_json(ctx->db, SQL_LIST, 9, params, out, err);
}

/* $1 role, $2 user id, $3 meeting, $4 version. */
static const char SQL_MINUTES[] =
    "SELECT json_build_object('version', v.version, 'minutes_md',"
    " v.minutes_md, 'minutes_html', v.minutes_html, 'created_at',"
    " v.created_at, 'created_by', " USER_REF(
        "v.created_by") ")"
                        " FROM meeting_minutes_versions v JOIN meetings m ON m.id = v.meeting_id"
                        " WHERE m.id = $3::bigint AND v.version = $4::int"
                        " AND " HL_ACTION_SQL_MANAGES("m.chain_id");

int
hl_meeting_minutes_json(struct hl_ctx *ctx, int64_t id, int64_t version,
    struct hl_buf *out, struct hl_err *err)
{
	char uid[24];
	char mid[24];
	char ver[24];
	const char *params[4];

	if (version < 1 || version > INT32_MAX)
		return hl_err_not_found(err);
	who(ctx, uid, params);
	hl_i64_text(id, mid);
	hl_i64_text(version, ver);
	params[2] = mid;
	params[3] = ver;
	return hl_db_fetch_json(ctx->db, SQL_MINUTES, 4, params, out, err);
}

/* $1 role, $2 user id, $3 meeting. */
static const char SQL_PEOPLE[] =
    "SELECT json_build_object('items', (SELECT coalesce(json_agg("
    "  json_build_object(" HL_USER_SQL_FIELDS ") ORDER BY CASE u.role"
    "  WHEN 'committee' THEN 1 WHEN 'responder' THEN 2"
    "  WHEN 'commissioner' THEN 3 ELSE 4 END, u.name, u.id), '[]')"
    "  FROM users u WHERE u.disabled_at IS NULL AND u.role <> 'enterprise'"
    "  AND (u.role = 'admin'"
    "  OR EXISTS (SELECT 1 FROM user_chains x WHERE x.user_id = u.id"
    "   AND x.chain_id = m.chain_id)"
    "  OR EXISTS (SELECT 1 FROM responder_bindings rb"
    "   WHERE rb.user_id = u.id AND rb.chain_id = m.chain_id)"
    "  OR (u.role = 'commissioner' AND EXISTS (SELECT 1 FROM assignments sa"
    "   JOIN enterprise_chains ec ON ec.enterprise_id = sa.enterprise_id"
    "   WHERE sa.commissioner_id = u.id AND ec.chain_id = m.chain_id)))))"
    " FROM meetings m WHERE m.id = $3::bigint"
    " AND " HL_ACTION_SQL_MANAGES("m.chain_id");

int
hl_meeting_people_json(struct hl_ctx *ctx, int64_t id, struct hl_buf *out,
    struct hl_err *err)
{
	char uid[24];
	char mid[24];
	const char *params[3];

	who(ctx, uid, params);
	hl_i64_text(id, mid);
	params[2] = mid;
	return hl_db_fetch_json(ctx->db, SQL_PEOPLE, 3, params, out, err);
}

/* $1..$3 the case scope, $4 case.  Drafts are the committee's own. */
static const char SQL_CASE_MEETINGS[] =
    "SELECT json_build_object('open_actions', (SELECT count(*)"
    "  FROM action_item_cases ol JOIN action_items oa"
    "  ON oa.id = ol.action_item_id"
    "  WHERE ol.case_id = c.id AND oa.status = 'open'),"
    " 'items', coalesce((SELECT json_agg(json_build_object("
    "  'meeting', json_build_object('id', m.id, 'title', m.title,"
    "  'kind', m.kind, 'status', m.status, 'starts_at', m.starts_at,"
    "  'chain_code', ch.code, 'chain_name', ch.name),"
    "  'agenda', (SELECT coalesce(json_agg(json_build_object('id', i.id,"
    "   'position', i.position, 'title', i.title, 'kind', i.kind)"
    "   ORDER BY i.position), '[]') FROM meeting_agenda_items i"
    "   JOIN meeting_agenda_cases il ON il.agenda_item_id = i.id"
    "   WHERE i.meeting_id = m.id AND il.case_id = c.id),"
    "  'decisions', (SELECT coalesce(json_agg(json_build_object("
    "   'id', d.id, 'position', d.position, 'text', d.body,"
    "   'created_at', d.created_at,"
    "   'actions', (SELECT coalesce(json_agg(json_build_object(" HL_ACTION_SQL_FIELDS
    ") ORDER BY a.id), '[]') FROM action_items a"
    "    JOIN action_item_cases al2 ON al2.action_item_id = a.id"
    "    WHERE a.decision_id = d.id AND al2.case_id = c.id))"
    "   ORDER BY d.position, d.id), '[]') FROM meeting_decisions d"
    "   WHERE d.meeting_id = m.id AND (EXISTS (SELECT 1 FROM action_items da"
    "   JOIN action_item_cases dl ON dl.action_item_id = da.id"
    "   WHERE da.decision_id = d.id AND dl.case_id = c.id)"
    "   OR EXISTS (SELECT 1 FROM meeting_agenda_cases dl2"
    "   WHERE dl2.agenda_item_id = d.agenda_item_id"
    "   AND dl2.case_id = c.id))))"
    "  ORDER BY m.starts_at DESC, m.id DESC)"
    "  FROM meetings m JOIN chains ch ON ch.id = m.chain_id"
    "  WHERE m.status <> 'cancelled' AND (m.status <> 'draft'"
    "  OR " HL_ACTION_SQL_MANAGES(
        "m.chain_id") ")"
                      "  AND (EXISTS (SELECT 1 FROM meeting_agenda_cases ml"
                      "  WHERE ml.meeting_id = m.id AND ml.case_id = c.id)"
                      "  OR EXISTS (SELECT 1 FROM action_items ma JOIN action_item_cases mal"
                      "  ON mal.action_item_id = ma.id WHERE ma.meeting_id = m.id"
                      "  AND mal.case_id = c.id))), '[]'))"
                      " FROM cases c WHERE c.id = $4::bigint AND " HL_CASE_SQL_SCOPE;

int
hl_meeting_case_json(struct hl_ctx *ctx, int64_t case_id, struct hl_buf *out,
    struct hl_err *err)
{
	char uid[24];
	char ent[24];
	char cid[24];
	const char *params[4];

	hl_case_scope_params(ctx, uid, ent, params);
	hl_i64_text(case_id, cid);
	params[3] = cid;
	return hl_db_fetch_json(ctx->db, SQL_CASE_MEETINGS, 4, params, out,
	    err);
}

/* ---- the decisions' workbook ---- */

/* $1 role, $2 user id, $3 meeting. */
static const char SQL_VISIBLE[] =
    "SELECT m.title FROM meetings m WHERE m.id = $3::bigint"
    " AND " HL_ACTION_SQL_MANAGES("m.chain_id");

static const char SQL_EXPORT[] =
    "SELECT d.position::text, d.body, a.body, a.owner_name, a.due_on::text,"
    " CASE WHEN a.id IS NULL THEN NULL WHEN a.status = 'done' THEN '已完成'"
    "  WHEN a.due_on < hl_today() THEN '已逾期' ELSE '未完成' END,"
    " (SELECT string_agg(c.number || ' ' || c.title, '；' ORDER BY c.id)"
    "  FROM action_item_cases l JOIN cases c ON c.id = l.case_id"
    "  WHERE l.action_item_id = a.id),"
    " to_char(a.done_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'),"
    " a.completion_note"
    " FROM meetings m JOIN meeting_decisions d ON d.meeting_id = m.id"
    " LEFT JOIN action_items a ON a.decision_id = d.id"
    " WHERE m.id = $3::bigint AND " HL_ACTION_SQL_MANAGES(
        "m.chain_id") " ORDER BY d.position, d.id, a.id";

static const struct hl_export_col export_cols[] = {
	{ "position", "序号", HL_EXPORT_INT },
	{ "decision", "会议决定", HL_EXPORT_TEXT },
	{ "action", "督办事项", HL_EXPORT_TEXT },
	{ "owner", "责任人", HL_EXPORT_TEXT },
	{ "due_on", "完成期限", HL_EXPORT_DATE },
	{ "status", "状态", HL_EXPORT_TEXT },
	{ "cases", "关联诉求", HL_EXPORT_TEXT },
	{ "done_at", "完成时间", HL_EXPORT_DATETIME },
	{ "completion_note", "完成情况", HL_EXPORT_TEXT },
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
hl_meeting_export(struct hl_ctx *ctx, int64_t id, struct hl_buf *out,
    struct hl_err *err)
{
	char uid[24];
	char mid[24];
	const char *params[3];
	struct hl_db_res *v;
	struct rows rs = { NULL, 0 };
	int rc;

	who(ctx, uid, params);
	hl_i64_text(id, mid);
	params[2] = mid;
	v = hl_db_exec(ctx->db, SQL_VISIBLE, 3, params, err);
	if (v == NULL)
		return -1;
	rc = hl_db_nrows(v) == 0 ? hl_err_not_found(err) : 0;
	hl_db_res_free(v);
	if (rc == -1)
		return -1;
	rs.r = hl_db_exec(ctx->db, SQL_EXPORT, 3, params, err);
	if (rs.r == NULL)
		return -1;
	rc = hl_export_xlsx("会议决定", export_cols, N_EXPORT_COLS, next_row,
	    &rs, out, err);
	hl_db_res_free(rs.r);
	return rc;
}
