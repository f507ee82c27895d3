/*
 * Action items: the writes (adding with the decision, completing, the
 * overdue sweep) each append their cases' timeline notes, the in-app
 * message, the outbox event and the audit row in the transaction of the
 * change; the lists and exports are one statement each.  Case ids travel
 * as bigint[] text ("{1,2}").  Scoping: an item is its owner's, and the
 * item of a meeting is the meeting chain's committee's (admins: all).
 */
#include "action.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "calendar.h"
#include "ctx.h"
#include "db.h"
#include "err.h"
#include "export.h"
#include "str.h"

/* A list page when no limit is asked for (qparam.h checks the range). */
#define LIMIT_DEFAULT 50

#define NOTE_MAX_CHARS 2000

/* Where an owner finds their items on the desk. */
#define LINK_MINE "/desk/actions"

/* $1 role name, $2 user id: the caller, as HL_ACTION_SQL_MANAGES reads. */
static void
who(const struct hl_ctx *ctx, char uid[24], const char **params)
{
	const char *role = hl_ctx_role_name(ctx->role);

	hl_i64_text(ctx->user_id, uid);
	params[0] = role != NULL ? role : "";
	params[1] = uid;
}

/* True when s has nothing but ASCII white space and U+3000. */
static bool
is_blank(const char *s)
{
	if (s == NULL)
		return true;
	while (*s != '\0') {
		if (*s == ' ' || (*s >= '\t' && *s <= '\r'))
			s++;
		else if (strncmp(s, "\xe3\x80\x80", 3) == 0)
			s += 3;
		else
			return false;
	}
	return true;
}

/* ids[0..n) as a bigint[] literal "{1,2}" into out. */
static void
id_array(const int64_t *ids, size_t n, struct hl_buf *out)
{
	size_t i;

	hl_buf_putc(out, '{');
	for (i = 0; i < n; i++)
		hl_buf_printf(out, "%s%" PRId64, i > 0 ? "," : "", ids[i]);
	hl_buf_putc(out, '}');
}

/* ---- adding (inside the decision's transaction) ---- */

/* $1 user id: role, enabled, name. */
static const char SQL_OWNER[] =
    "SELECT u.role, u.disabled_at IS NULL FROM users u WHERE u.id = $1::bigint";

/* $1 case ids, $2 chain id: the ones that are the chain's (locked, so a
 * case being closed right now is seen closed), with whether each is
 * still open to follow-up. */
static const char SQL_CASES[] =
    "SELECT c.id, c.status NOT IN ('closed', 'rejected') FROM cases c"
    " WHERE c.id = ANY ($1::bigint[]) AND c.chain_id = $2::bigint"
    " ORDER BY c.id FOR SHARE OF c";

/*
 * $1 meeting, $2 decision, $3 text, $4 owner, $5 due_on or NULL, $6 the
 * meeting's day, $7 due_workdays or NULL, $8 actor, $9 case ids, $10
 * chain, $11 the decision's text.  The item, its case links, an internal
 * note on each case, the owner's message and the outbox event; answers
 * the id and the audit's after image.
 */
static const char SQL_ADD[] =
    "WITH ins AS (INSERT INTO action_items (meeting_id, decision_id, body,"
    "  owner_user_id, owner_name, due_on, due_workdays, created_by)"
    "  SELECT $1::bigint, $2::bigint, btrim($3), u.id, u.name,"
    "  coalesce($5::date, hl_add_workdays($6::date, $7::int)), $7::int,"
    "  $8::bigint FROM users u WHERE u.id = $4::bigint RETURNING *),"
    " mt AS (SELECT m.title, (m.starts_at AT TIME ZONE 'Asia/Shanghai')::date"
    "  AS day, ch.name AS chain FROM meetings m"
    "  JOIN chains ch ON ch.id = m.chain_id WHERE m.id = $1::bigint),"
    " lnk AS (INSERT INTO action_item_cases (action_item_id, case_id)"
    "  SELECT ins.id, x FROM ins, (SELECT DISTINCT unnest($9::bigint[]) AS x)"
    "  xs RETURNING case_id),"
    " tl AS (INSERT INTO case_events (case_id, actor_user_id, kind, body,"
    "  internal, data) SELECT lnk.case_id, $8::bigint, 'note',"
    "  format(E'产业链党委会议决定（%s，%s）：%s\\n督办事项：%s\\n"
    "责任人：%s；完成期限：%s', mt.title, mt.day, btrim($11), ins.body,"
    "  ins.owner_name, ins.due_on), true, jsonb_build_object('meeting_id',"
    "  $1::bigint, 'decision_id', $2::bigint, 'action_item_id', ins.id)"
    "  FROM lnk, ins, mt RETURNING 1),"
    " msg AS (SELECT hl_message_add(ARRAY[ins.owner_user_id],"
    "  'action.assigned', '新的督办事项：' || left(ins.body, 60),"
    "  format('%s产业链党委会议“%s”交办，请于 %s 前完成。', mt.chain,"
    "  mt.title, ins.due_on), '" LINK_MINE "',"
    "  (SELECT min(x) FROM unnest($9::bigint[]) x), $10::bigint) AS n"
    "  FROM ins, mt),"
    " ob AS (SELECT hl_outbox_enqueue('action.assigned', $10::bigint,"
    "  jsonb_build_object('action_item_id', ins.id, 'meeting_id', $1::bigint,"
    "  'decision_id', $2::bigint, 'owner_id', ins.owner_user_id,"
    "  'due_on', ins.due_on, 'status', ins.status,"
    "  'case_ids', (SELECT coalesce(jsonb_agg(c.id ORDER BY c.id), '[]')"
    "   FROM cases c WHERE c.id = ANY ($9::bigint[])),"
    "  'case_numbers', (SELECT coalesce(jsonb_agg(c.number ORDER BY c.id),"
    "   '[]') FROM cases c WHERE c.id = ANY ($9::bigint[])),"
    "  'title', '督办事项已交办：' || left(ins.body, 60),"
    "  'link', '" LINK_MINE "')) AS n FROM ins)"
    " SELECT ins.id, json_build_object('meeting_id', ins.meeting_id,"
    " 'decision_id', ins.decision_id, 'owner_id', ins.owner_user_id,"
    " 'due_on', ins.due_on, 'due_workdays', ins.due_workdays,"
    " 'case_ids', $9::bigint[], 'notes', (SELECT count(*) FROM tl),"
    " 'messages', (SELECT n FROM msg), 'queued', (SELECT n FROM ob))::text"
    " FROM ins";

/* The field name "actions[i].<name>" into out. */
static const char *
field(char out[64], size_t i, const char *name)
{
	snprintf(out, 64, "actions[%zu].%s", i, name);
	return out;
}

static int
check_owner(struct hl_ctx *ctx, size_t i, int64_t owner, struct hl_err *err)
{
	char id[24];
	char f[64];
	const char *params[1] = { id };
	struct hl_db_res *r;
	int rc = -1;

	if (owner <= 0)
		return hl_err_field(err, field(f, i, "owner_id"),
		    "请选择责任人");
	hl_i64_text(owner, id);
	r = hl_db_exec(ctx->db, SQL_OWNER, 1, params, err);
	if (r == NULL)
		return -1;
	if (hl_db_nrows(r) == 0 || !hl_db_get_bool(r, 0, 1))
		hl_err_field(err, field(f, i, "owner_id"),
		    "责任人不存在或已停用");
	else if (strcmp(hl_db_get(r, 0, 0), "enterprise") == 0)
		hl_err_field(err, field(f, i, "owner_id"),
		    "企业用户不能作为督办事项的责任人");
	else
		rc = 0;
	hl_db_res_free(r);
	return rc;
}

/* The deadline: a date on or after the meeting's day, or 1..250 working
 * days, exactly one of them. */
static int
check_due(size_t i, const struct hl_action_in *in, const char *meeting_day,
    struct hl_err *err)
{
	char f[64];
	int32_t day;

	if (in->due_on == NULL && in->due_workdays == 0)
		return hl_err_field(err, field(f, i, "due_on"),
		    "请填写完成期限（日期或工作日数）");
	if (in->due_on != NULL && in->due_workdays != 0)
		return hl_err_field(err, field(f, i, "due_on"),
		    "完成期限请只填日期或工作日数中的一项");
	if (in->due_on == NULL) {
		if (in->due_workdays < 1 ||
		    in->due_workdays > HL_ACTION_WORKDAYS_MAX)
			return hl_err_field(err, field(f, i, "due_workdays"),
			    "工作日数应为 1 到 %d", HL_ACTION_WORKDAYS_MAX);
		return 0;
	}
	if (strlen(in->due_on) != 10 ||
	    hl_calendar_date_parse(hl_str_from(in->due_on), &day) == -1)
		return hl_err_field(err, field(f, i, "due_on"),
		    "日期格式应为 YYYY-MM-DD");
	if (strcmp(in->due_on, meeting_day) < 0)
		return hl_err_field(err, field(f, i, "due_on"),
		    "完成期限不能早于会议日期（%s）", meeting_day);
	return 0;
}

/* Every case must be the chain's (404 otherwise, as if it did not exist)
 * and still open to follow-up. */
static int
check_cases(struct hl_ctx *ctx, int64_t chain_id, size_t i,
    const struct hl_action_in *in, const char *ids, struct hl_err *err)
{
	char chain[24];
	char f[64];
	const char *params[2] = { ids, chain };
	struct hl_db_res *r;
	size_t n_distinct = 0;
	size_t k;
	int row;
	int rc = -1;

	if (in->n_case_ids > HL_ACTION_CASES_MAX)
		return hl_err_field(err, field(f, i, "case_ids"),
		    "一项督办事项最多关联 %d 件诉求", HL_ACTION_CASES_MAX);
	for (k = 0; k < in->n_case_ids; k++) {
		size_t j;
		bool seen = false;

		for (j = 0; j < k && !seen; j++)
			seen = in->case_ids[j] == in->case_ids[k];
		n_distinct += !seen;
	}
	if (n_distinct == 0)
		return 0;
	hl_i64_text(chain_id, chain);
	r = hl_db_exec(ctx->db, SQL_CASES, 2, params, err);
	if (r == NULL)
		return -1;
	if ((size_t)hl_db_nrows(r) != n_distinct) {
		hl_err_set(err, 404, "not_found",
		    "关联的诉求不存在或不属于本产业链");
		hl_err_field(err, field(f, i, "case_ids"),
		    "诉求不存在或不属于本产业链");
		goto out;
	}
	for (row = 0; row < hl_db_nrows(r); row++) {
		if (!hl_db_get_bool(r, row, 1)) {
			hl_err_field(err, field(f, i, "case_ids"),
			    "诉求已关闭或不予受理，不能再督办");
			goto out;
		}
	}
	rc = 0;
out:
	hl_db_res_free(r);
	return rc;
}

int
hl_action_add(struct hl_ctx *ctx, int64_t meeting_id, int64_t chain_id,
    const char *meeting_day, int64_t decision_id, const char *decision_text,
    size_t i, const struct hl_action_in *in, struct hl_err *err)
{
	struct hl_buf ids = { 0 };
	char mid[24];
	char did[24];
	char owner[24];
	char workdays[24];
	char actor[24];
	char chain[24];
	char f[64];
	const char *text = is_blank(in->text) ? decision_text : in->text;
	const char *params[11];
	struct hl_db_res *r = NULL;
	int rc = -1;

	if (hl_utf8_count(text, strlen(text)) > HL_ACTION_TEXT_MAX) {
		hl_err_field(err, field(f, i, "text"),
		    "督办事项不能超过 %d 个字", HL_ACTION_TEXT_MAX);
		goto out;
	}
	id_array(in->case_ids, in->n_case_ids, &ids);
	if (check_owner(ctx, i, in->owner_id, err) == -1 ||
	    check_due(i, in, meeting_day, err) == -1 ||
	    check_cases(ctx, chain_id, i, in, hl_buf_cstr(&ids), err) == -1)
		goto out;
	hl_i64_text(meeting_id, mid);
	hl_i64_text(decision_id, did);
	hl_i64_text(in->owner_id, owner);
	hl_i64_text(in->due_workdays, workdays);
	hl_i64_text(ctx->user_id, actor);
	hl_i64_text(chain_id, chain);
	params[0] = mid;
	params[1] = did;
	params[2] = text;
	params[3] = owner;
	params[4] = in->due_on;
	params[5] = meeting_day;
	params[6] = in->due_workdays > 0 ? workdays : NULL;
	params[7] = actor;
	params[8] = hl_buf_cstr(&ids);
	params[9] = chain;
	params[10] = decision_text;
	r = hl_db_exec(ctx->db, SQL_ADD, 11, params, err);
	if (r == NULL)
		goto out;
	if (hl_db_nrows(r) == 0) {
		hl_err_field(err, field(f, i, "owner_id"),
		    "责任人不存在或已停用");
		goto out;
	}
	rc = hl_audit_add(ctx, "action.create", "action_item",
	    hl_db_get(r, 0, 0), NULL, hl_db_get(r, 0, 1), err);
out:
	hl_db_res_free(r);
	hl_buf_release(&ids);
	return rc;
}

/* ---- lists ---- */

/* $1 role, $2 user id, $3 mine, $4 status, $5 chain code, $6 meeting,
 * $7 owner: the items the caller may see that match. */
#define SQL_MATCH                                                                         \
	" FROM action_items a JOIN meetings m ON m.id = a.meeting_id"                     \
	" JOIN chains ch ON ch.id = m.chain_id"                                           \
	" WHERE (a.owner_user_id = $2::bigint OR (NOT $3::boolean"                        \
	"  AND " HL_ACTION_SQL_MANAGES(                                                   \
	    "m.chain_id") "))"                                                            \
	                  " AND ($4::text IS NULL OR ($4 = 'open' AND a.status = 'open')" \
	                  "  OR ($4 = 'done' AND a.status = 'done')"                      \
	                  "  OR ($4 = 'overdue' AND a.status = 'open'"                    \
	                  "  AND a.due_on < hl_today()))"                                 \
	                  " AND ($5::text IS NULL OR ch.code = $5::text)"                 \
	                  " AND ($6::bigint IS NULL OR a.meeting_id = $6::bigint)"        \
	                  " AND ($7::bigint IS NULL OR a.owner_user_id = $7::bigint)"

#define N_MATCH_PARAMS 7

/* Days since 1970-01-01: the cursor's key. */
#define SQL_DAY_KEY "(a.due_on - date '1970-01-01')"

/* $8 cursor key (NULL on the first page), $9 cursor id, $10 limit. */
static const char SQL_LIST[] =
    "WITH page AS (SELECT a.id, a.due_on, " SQL_DAY_KEY " AS k,"
    "  json_build_object(" HL_ACTION_SQL_FIELDS ") AS item" SQL_MATCH
    "  AND ($8::int IS NULL OR (a.due_on, a.id) >"
    "  (date '1970-01-01' + $8::int, $9::bigint))"
    "  ORDER BY a.due_on, a.id LIMIT $10::int + 1),"
    " shown AS (SELECT * FROM page ORDER BY due_on, id LIMIT $10::int)"
    " SELECT json_build_object('items', coalesce((SELECT json_agg(s.item"
    "  ORDER BY s.due_on, s.id) FROM shown s), '[]'),"
    " 'next_cursor', CASE WHEN (SELECT count(*) FROM page) > $10::int"
    "  THEN (SELECT " HL_DB_SQL_CURSOR(
        "s.k || '.' || s.id") "  FROM shown s ORDER BY s.due_on DESC, s.id DESC LIMIT 1) END)";

/* The checked filter as parameters $1..$10. */
struct query {
	const char *params[10];
	char uid[24];
	char meeting[24];
	char owner[24];
	char key[24];
	char id[24];
	char limit[24];
};

static int
make_query(struct hl_ctx *ctx, const struct hl_action_filter *f,
    struct query *q, struct hl_err *err)
{
	const char **p = q->params;

	memset(q, 0, sizeof(*q));
	who(ctx, q->uid, p);
	if (f->status != NULL && strcmp(f->status, "open") != 0 &&
	    strcmp(f->status, "done") != 0 &&
	    strcmp(f->status, "overdue") != 0) {
		hl_err_set(err, 400, "bad_request", "查询参数 status 有误");
		return hl_err_field(err, "status",
		    "应为 open、done 或 overdue");
	}
	p[2] = f->mine ? "true" : "false";
	p[3] = f->status;
	p[4] = f->chain;
	if (f->meeting > 0) {
		hl_i64_text(f->meeting, q->meeting);
		p[5] = q->meeting;
	}
	if (f->owner > 0) {
		hl_i64_text(f->owner, q->owner);
		p[6] = q->owner;
	}
	if (f->cursor_id > 0) {
		hl_i64_text(f->cursor_key, q->key);
		p[7] = q->key;
	}
	hl_i64_text(f->cursor_id, q->id);
	p[8] = q->id;
	hl_i64_text(f->limit > 0 ? f->limit : LIMIT_DEFAULT, q->limit);
	p[9] = q->limit;
	return 0;
}

int
hl_action_list_json(struct hl_ctx *ctx, const struct hl_action_filter *f,
    struct hl_buf *out, struct hl_err *err)
{
	struct query q = { 0 };

	if (make_query(ctx, f, &q, err) == -1)
		return -1;
	return hl_db_fetch_json(ctx->db, SQL_LIST, 10, q.params, out, err);
}

/* ---- exports ---- */

#define SQL_LOCAL_TS(col)                                                      \
	"to_char(" col " AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI')"

/* $8 the row cap plus one. */
static const char SQL_EXPORT[] = "SELECT m.title, " SQL_LOCAL_TS(
    "m.starts_at") ", ch.name,"
                   " (SELECT d.body FROM meeting_decisions d WHERE d.id = a.decision_id),"
                   " a.body, a.owner_name, a.due_on::text,"
                   " CASE WHEN a.status = 'done' THEN '已完成'"
                   "  WHEN a.due_on < hl_today() THEN '已逾期' ELSE '未完成' END,"
                   " (SELECT string_agg(c.number, '、' ORDER BY c.id)"
                   "  FROM action_item_cases l JOIN cases c ON c.id = l.case_id"
                   "  WHERE l.action_item_id = a.id),"
                   " " SQL_LOCAL_TS(
                       "a.done_at") ", a.completion_note" SQL_MATCH
                                    " ORDER BY a.due_on, a.id LIMIT $8::int";

static const struct hl_export_col export_cols[] = {
	{ "meeting", "会议", HL_EXPORT_TEXT },
	{ "starts_at", "会议时间", HL_EXPORT_DATETIME },
	{ "chain", "产业链", HL_EXPORT_TEXT },
	{ "decision", "会议决定", HL_EXPORT_TEXT },
	{ "text", "督办事项", HL_EXPORT_TEXT },
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
hl_action_export(struct hl_ctx *ctx, const struct hl_action_filter *f,
    enum hl_action_export_format fmt, struct hl_buf *out, struct hl_err *err)
{
	struct hl_action_filter all = *f;
	struct query q = { 0 };
	struct rows rs = { NULL, 0 };
	char cap[24];
	int rc = -1;

	all.cursor_id = 0;
	if (make_query(ctx, &all, &q, err) == -1)
		return -1;
	hl_i64_text(HL_ACTION_EXPORT_MAX + 1, cap);
	q.params[7] = cap;
	rs.r = hl_db_exec(ctx->db, SQL_EXPORT, 8, q.params, err);
	if (rs.r == NULL)
		return -1;
	if (hl_db_nrows(rs.r) > HL_ACTION_EXPORT_MAX)
		hl_err_set(err, 422, "too_many_rows",
		    "符合条件的督办事项超过 %d 条，请缩小筛选范围后再导出",
		    HL_ACTION_EXPORT_MAX);
	else if (fmt == HL_ACTION_EXPORT_CSV)
		rc = hl_export_csv(export_cols, N_EXPORT_COLS, next_row, &rs,
		    out, err);
	else
		rc = hl_export_xlsx("督办事项", export_cols, N_EXPORT_COLS,
		    next_row, &rs, out, err);
	hl_db_res_free(rs.r);
	return rc;
}

/* ---- completing ---- */

/* $1 role, $2 user id, $3 item: its status if the caller may see it
 * (locked), and who recorded its decision. */
static const char SQL_LOCK[] =
    "SELECT a.status, coalesce(d.created_by, m.created_by)"
    " FROM action_items a JOIN meetings m ON m.id = a.meeting_id"
    " LEFT JOIN meeting_decisions d ON d.id = a.decision_id"
    " WHERE a.id = $3::bigint AND (a.owner_user_id = $2::bigint"
    " OR " HL_ACTION_SQL_MANAGES("m.chain_id") ") FOR UPDATE OF a";

/* $1 item, $2 actor, $3 note, $4 who to tell (NULL: nobody). */
static const char SQL_COMPLETE[] =
    "WITH upd AS (UPDATE action_items a SET status = 'done',"
    "  done_at = hl_now(), completed_by = $2::bigint,"
    "  completion_note = coalesce(btrim($3), '') WHERE a.id = $1::bigint"
    "  RETURNING a.*),"
    " info AS (SELECT upd.*, m.chain_id, m.title AS mtitle, u.name AS uname"
    "  FROM upd JOIN meetings m ON m.id = upd.meeting_id"
    "  LEFT JOIN users u ON u.id = $2::bigint),"
    " tl AS (INSERT INTO case_events (case_id, actor_user_id, kind, body,"
    "  internal, data) SELECT l.case_id, $2::bigint, 'note',"
    "  format(E'会议督办事项已完成：%s%s', info.body, CASE WHEN"
    "  info.completion_note <> '' THEN E'\\n完成情况：'"
    "  || info.completion_note ELSE '' END), true,"
    "  jsonb_build_object('action_item_id', info.id, 'meeting_id',"
    "  info.meeting_id) FROM info JOIN action_item_cases l"
    "  ON l.action_item_id = info.id RETURNING 1),"
    " msg AS (SELECT hl_message_add(ARRAY[$4::bigint], 'action.completed',"
    "  '督办事项已完成：' || left(info.body, 60),"
    "  format('%s 已完成会议“%s”交办的督办事项。', info.uname, info.mtitle),"
    "  '/desk/meetings/' || info.meeting_id, NULL, info.chain_id) AS n"
    "  FROM info WHERE $4::bigint IS NOT NULL),"
    " ob AS (SELECT hl_outbox_enqueue('action.completed', info.chain_id,"
    "  jsonb_build_object('action_item_id', info.id, 'meeting_id',"
    "  info.meeting_id, 'decision_id', info.decision_id, 'owner_id',"
    "  info.owner_user_id, 'status', info.status, 'due_on', info.due_on,"
    "  'done_at', info.done_at, 'case_ids', (SELECT coalesce(jsonb_agg("
    "  l.case_id ORDER BY l.case_id), '[]') FROM action_item_cases l"
    "  WHERE l.action_item_id = info.id), 'title', '督办事项已完成：'"
    "  || left(info.body, 60), 'link', '/desk/meetings/'"
    "  || info.meeting_id)) AS n FROM info)"
    " SELECT json_build_object('status', info.status, 'done_at',"
    " info.done_at, 'notes', (SELECT count(*) FROM tl), 'messages',"
    " (SELECT coalesce(sum(n), 0) FROM msg), 'queued', (SELECT n FROM ob))"
    " ::text FROM info";

/* $1 item. */
static const char SQL_ONE[] =
    "SELECT json_build_object(" HL_ACTION_SQL_FIELDS ")"
    " FROM action_items a JOIN meetings m ON m.id = a.meeting_id"
    " JOIN chains ch ON ch.id = m.chain_id WHERE a.id = $1::bigint";

struct complete_tx {
	struct hl_ctx *ctx;
	int64_t id;
	const char *note;
	struct hl_buf *out;
};

static int
complete_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct complete_tx *ct = arg;
	char uid[24];
	char aid[24];
	char tell[24];
	const char *params[4];
	struct hl_db_res *r = NULL;
	int rc = -1;

	who(ct->ctx, uid, params);
	hl_i64_text(ct->id, aid);
	params[2] = aid;
	r = hl_db_exec(db, SQL_LOCK, 3, params, err);
	if (r == NULL)
		return -1;
	if (hl_db_nrows(r) == 0) {
		hl_err_not_found(err);
		goto out;
	}
	if (strcmp(hl_db_get(r, 0, 0), "done") == 0) {
		hl_err_set(err, 409, "conflict", "该督办事项已经完成");
		goto out;
	}
	if (ct->note != NULL &&
	    hl_utf8_count(ct->note, strlen(ct->note)) > NOTE_MAX_CHARS) {
		hl_err_field(err, "note", "完成情况不能超过 %d 个字",
		    NOTE_MAX_CHARS);
		goto out;
	}
	/* Whoever recorded the decision hears of it, unless it is them. */
	snprintf(tell, sizeof(tell), "%s",
	    hl_db_isnull(r, 0, 1) ? "" : hl_db_get(r, 0, 1));
	hl_db_res_free(r);
	params[0] = aid;
	params[1] = uid;
	params[2] = ct->note;
	params[3] = tell[0] != '\0' && strcmp(tell, uid) != 0 ? tell : NULL;
	r = hl_db_exec(db, SQL_COMPLETE, 4, params, err);
	if (r == NULL)
		return -1;
	params[0] = aid;
	if (hl_audit_add(ct->ctx, "action.complete", "action_item", aid, NULL,
	        hl_db_get(r, 0, 0), err) == -1 ||
	    hl_db_fetch_json(db, SQL_ONE, 1, params, ct->out, err) == -1)
		goto out;
	rc = 0;
out:
	hl_db_res_free(r);
	return rc;
}

int
hl_action_complete(struct hl_ctx *ctx, int64_t id, const char *note,
    struct hl_buf *out, struct hl_err *err)
{
	struct complete_tx ct = { ctx, id, note, out };

	return hl_db_tx_run_out(ctx->db, complete_tx, &ct, out, err);
}

/* ---- the close guard ---- */

/* $1 case: its open action items (locked against a concurrent change). */
static const char SQL_OPEN_FOR_CASE[] =
    "SELECT a.id FROM action_item_cases l"
    " JOIN action_items a ON a.id = l.action_item_id"
    " WHERE l.case_id = $1::bigint AND a.status = 'open'"
    " ORDER BY a.id FOR SHARE OF a";

/* The ids of r's rows as {"open_action_item_ids":[..],"action":what},
 * the after image of a case.close_override audit row. */
static int
audit_override(struct hl_ctx *ctx, const char *cid, const struct hl_db_res *r,
    const char *what, struct hl_err *err)
{
	struct hl_buf after = { 0 };
	int i;
	int rc;

	hl_buf_puts(&after, "{\"open_action_item_ids\":[");
	for (i = 0; i < hl_db_nrows(r); i++)
		hl_buf_printf(&after, "%s%s", i > 0 ? "," : "",
		    hl_db_get(r, i, 0));
	hl_buf_printf(&after, "],\"action\":\"%s\"}", what);
	rc = hl_audit_add(ctx, "case.close_override", "case", cid, NULL,
	    hl_buf_cstr(&after), err);
	hl_buf_release(&after);
	return rc;
}

/* A committee member in charge of the case, or an admin. */
static bool
may_override(const struct hl_case_fsm_facts *f)
{
	return f->role == HL_ROLE_ADMIN ||
	    (f->role == HL_ROLE_COMMITTEE && f->is_in_charge);
}

int
hl_action_close_guard(struct hl_ctx *ctx, int64_t case_id,
    const struct hl_case_fsm_facts *f, const char *override_reason,
    bool *override, struct hl_err *err)
{
	char cid[24];
	const char *params[1] = { cid };
	struct hl_db_res *r;
	int n;
	int rc = -1;

	*override = false;
	hl_i64_text(case_id, cid);
	r = hl_db_exec(ctx->db, SQL_OPEN_FOR_CASE, 1, params, err);
	if (r == NULL)
		return -1;
	n = hl_db_nrows(r);
	if (n == 0) {
		rc = 0;
		goto out;
	}
	if (!may_override(f)) {
		if (f->role == HL_ROLE_ENTERPRISE && f->is_owner &&
		    f->status == HL_CASE_FSM_RESOLVED)
			hl_err_set(err, 409, "open_action",
			    "该诉求还有 %d 项产业链党委会议督办事项未完成，暂不能"
			    "关闭；督办事项完成后即可确认，如需提前关闭请联系产业链"
			    "党委",
			    n);
		else
			rc = 0;
		goto out;
	}
	if (is_blank(override_reason)) {
		hl_err_set(err, 422, "validation_failed",
		    "该诉求还有 %d 项会议督办事项未完成，越过督办关闭须填写理由",
		    n);
		hl_err_field(err, "override_reason",
		    "请填写越过督办事项关闭的理由");
		goto out;
	}
	if (f->status != HL_CASE_FSM_RESOLVED) {
		hl_err_set(err, 409, "invalid_transition",
		    "诉求当前为“%s”，办结后才能关闭",
		    hl_case_fsm_status_label(f->status));
		goto out;
	}
	if (audit_override(ctx, cid, r, "confirm", err) == -1)
		goto out;
	*override = true;
	rc = 0;
out:
	hl_db_res_free(r);
	return rc;
}

int
hl_action_reject_guard(struct hl_ctx *ctx, int64_t case_id,
    const struct hl_case_fsm_facts *f, struct hl_err *err)
{
	char cid[24];
	const char *params[1] = { cid };
	struct hl_db_res *r;
	int n;
	int rc = -1;

	hl_i64_text(case_id, cid);
	r = hl_db_exec(ctx->db, SQL_OPEN_FOR_CASE, 1, params, err);
	if (r == NULL)
		return -1;
	n = hl_db_nrows(r);
	if (n == 0)
		rc = 0;
	else if (!may_override(f))
		hl_err_set(err, 409, "open_action",
		    "该诉求还有 %d 项产业链党委会议督办事项未完成，不能退回；"
		    "如需退回请联系产业链党委",
		    n);
	else
		rc = audit_override(ctx, cid, r, "reject", err);
	hl_db_res_free(r);
	return rc;
}

/* ---- the overdue sweep ---- */

static const char SQL_OVERDUE[] =
    "WITH due AS (SELECT a.id FROM action_items a WHERE a.status = 'open'"
    "  AND a.overdue_notified_at IS NULL AND a.due_on < hl_today()"
    "  ORDER BY a.due_on, a.id LIMIT 1000 FOR UPDATE OF a SKIP LOCKED),"
    " upd AS (UPDATE action_items a SET overdue_notified_at = hl_now()"
    "  FROM due WHERE a.id = due.id RETURNING a.id, a.meeting_id,"
    "  a.decision_id, a.owner_user_id, a.body, a.due_on, a.status),"
    " info AS (SELECT upd.*, m.chain_id, m.title AS mtitle,"
    "  (SELECT array_agg(l.case_id ORDER BY l.case_id)"
    "   FROM action_item_cases l WHERE l.action_item_id = upd.id) AS cids"
    "  FROM upd JOIN meetings m ON m.id = upd.meeting_id),"
    " msg AS (SELECT info.id, hl_message_add(ARRAY[info.owner_user_id],"
    "  'action.overdue', '督办事项已逾期：' || left(info.body, 60),"
    "  format('会议“%s”交办的督办事项已超过完成期限（%s），请尽快办理。',"
    "  info.mtitle, info.due_on), '" LINK_MINE "', info.cids[1],"
    "  info.chain_id) AS n FROM info),"
    " ob AS (SELECT info.id, hl_outbox_enqueue('action.overdue',"
    "  info.chain_id, jsonb_build_object('action_item_id', info.id,"
    "  'meeting_id', info.meeting_id, 'decision_id', info.decision_id,"
    "  'owner_id', info.owner_user_id, 'status', info.status,"
    "  'due_on', info.due_on, 'case_ids', coalesce(to_jsonb(info.cids),"
    "  '[]'), 'title', '督办事项已逾期：' || left(info.body, 60),"
    "  'link', '" LINK_MINE "')) AS n FROM info)"
    " SELECT info.id::text, json_build_object('due_on', info.due_on,"
    "  'messages', msg.n, 'queued', ob.n)::text"
    " FROM info JOIN msg ON msg.id = info.id JOIN ob ON ob.id = info.id";

int
hl_action_job_overdue(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct hl_db_res *r = hl_db_exec(db, SQL_OVERDUE, 0, NULL, err);
	int i;
	int rc = 0;

	(void)arg;
	if (r == NULL)
		return -1;
	for (i = 0; i < hl_db_nrows(r) && rc == 0; i++)
		rc = hl_audit_add_system(db, "action.overdue", "action_item",
		    hl_db_get(r, i, 0), hl_db_get(r, i, 1), err);
	hl_db_res_free(r);
	return rc;
}
