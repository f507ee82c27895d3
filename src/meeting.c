/*
 * Meetings: the checks of what a meeting may say, the writes (each in one
 * transaction: the meeting row locked first, then the change, its
 * timeline rows, notifications and audit row), and PostgreSQL-built JSON.
 * The agenda is drafted in two set-based statements: the items (with the
 * case ids each is about in its facts), then the links to those cases,
 * which skip a case already on another open agenda (the unique index of
 * 0015 decides, race-free) and write the cases' timeline rows.
 */
#include "meeting.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "case.h"
#include "ctx.h"
#include "db.h"
#include "err.h"
#include "json.h"
#include "md.h"
#include "mem.h"
#include "str.h"
#include "valid.h"

const char *const hl_meeting_statuses[] = { "draft", "scheduled", "held",
	"minutes_approved", "cancelled", NULL };
static const char *const status_labels[] = { "草稿", "已安排", "已召开",
	"纪要已审定", "已取消" };
static const char *const kinds[] = { "regular", "special", NULL };

static int
index_of(const char *const *names, const char *s)
{
	int i;

	for (i = 0; s != NULL && names[i] != NULL; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

static const char *
status_label(const char *status)
{
	int i = index_of(hl_meeting_statuses, status);

	return i < 0 ? status : status_labels[i];
}

/* The moves of 0015's trigger, checked first for a message that names
 * them. */
static bool
may_move(const char *from, const char *to)
{
	static const char *const moves[][2] = { { "draft", "scheduled" },
		{ "draft", "held" }, { "draft", "cancelled" },
		{ "scheduled", "draft" }, { "scheduled", "held" },
		{ "scheduled", "cancelled" }, { "held", "minutes_approved" } };
	size_t i;

	for (i = 0; i < sizeof(moves) / sizeof(moves[0]); i++)
		if (strcmp(moves[i][0], from) == 0 &&
		    strcmp(moves[i][1], to) == 0)
			return true;
	return false;
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

/* ---- JSON ---- */

#define USER_REF(col) HL_MEETING_SQL_USER_REF(col)

/* The facts of case c as it stands, kept with an agenda link. */
#define SQL_CASE_FACTS                                                         \
	"jsonb_build_object('number', c.number, 'title', c.title,"             \
	" 'category', c.category, 'enterprise_name', (SELECT fe.name"          \
	"  FROM enterprises fe WHERE fe.id = c.enterprise_id),"                \
	" 'status', c.status, 'escalated', c.escalated,"                       \
	" 'escalated_reason', c.escalated_reason,"                             \
	" 'overdue', " HL_CASE_SQL_OVERDUE ", 'due_on', c.due_on,"             \
	" 'workdays_left', " HL_CASE_SQL_WORKDAYS_LEFT ","                     \
	" 'assignee_name', (SELECT fa.name FROM users fa"                      \
	"  WHERE fa.id = c.assignee_user_id), 'created_at', c.created_at)"

/* Decision d of meeting m (chain ch) with its action items. */
#define SQL_DECISION_FIELDS                                                                                 \
	"'id', d.id, 'position', d.position, 'text', d.body,"                                               \
	" 'agenda_item_id', d.agenda_item_id, 'created_at', d.created_at,"                                  \
	" 'created_by', " USER_REF(                                                                         \
	    "d.created_by") ","                                                                             \
	                    " 'actions', (SELECT coalesce(json_agg(json_build_object(" HL_ACTION_SQL_FIELDS \
	                    ") ORDER BY a.id), '[]') FROM action_items a"                                   \
	                    "  WHERE a.decision_id = d.id)"

/* What may become of meeting m next, as the trigger and the clock allow. */
#define SQL_NEXT_STATUSES                                                      \
	"to_json(ARRAY(SELECT s FROM unnest(CASE m.status"                     \
	" WHEN 'draft' THEN ARRAY['scheduled', 'held', 'cancelled']"           \
	" WHEN 'scheduled' THEN ARRAY['draft', 'held', 'cancelled']"           \
	" WHEN 'held' THEN ARRAY['minutes_approved']"                          \
	" ELSE '{}'::text[] END) s"                                            \
	" WHERE (s <> 'scheduled' OR m.starts_at > hl_now())"                  \
	" AND (s <> 'held' OR m.starts_at <= hl_now())"                        \
	" AND (s <> 'minutes_approved' OR btrim(m.minutes_md) <> '')))"

/* $1 role, $2 user id, $3 meeting. */
static const char SQL_GET[] =
    "SELECT json_build_object('id', m.id, 'chain_code', ch.code,"
    " 'chain_name', ch.name, 'title', m.title, 'kind', m.kind,"
    " 'status', m.status, 'starts_at', m.starts_at, 'ends_at', m.ends_at,"
    " 'place', m.place, 'created_at', m.created_at,"
    " 'updated_at', m.updated_at, 'created_by', " USER_REF(
        "m.created_by") ","
                        " 'attendees', (SELECT coalesce(json_agg(json_build_object('id', t.id,"
                        "  'user_id', t.user_id, 'committee_member_id', t.committee_member_id,"
                        "  'name', t.name, 'title', t.title, 'attended', t.attended)"
                        "  ORDER BY t.sort_order, t.id), '[]') FROM meeting_attendees t"
                        "  WHERE t.meeting_id = m.id),"
                        " 'agenda', (SELECT coalesce(json_agg(json_build_object('id', i.id,"
                        "  'position', i.position, 'kind', i.kind, 'title', i.title,"
                        "  'notes', i.notes, 'facts', i.facts - 'case_ids',"
                        "  'case_id', (SELECT min(l.case_id) FROM meeting_agenda_cases l"
                        "   WHERE l.agenda_item_id = i.id),"
                        "  'cases', (SELECT coalesce(json_agg(json_build_object('id', c.id,"
                        "   'number', c.number, 'title', c.title, 'category', c.category,"
                        "   'enterprise_id', c.enterprise_id, 'enterprise_name', e.name,"
                        "   'status', c.status, 'escalated', c.escalated,"
                        "   'overdue', " HL_CASE_SQL_OVERDUE
                        ", 'due_on', c.due_on,"
                        "   'facts', l.facts) ORDER BY l.created_at, c.id), '[]')"
                        "   FROM meeting_agenda_cases l JOIN cases c ON c.id = l.case_id"
                        "   JOIN enterprises e ON e.id = c.enterprise_id"
                        "   WHERE l.agenda_item_id = i.id)) ORDER BY i.position), '[]')"
                        "  FROM meeting_agenda_items i WHERE i.meeting_id = m.id),"
                        " 'minutes_md', m.minutes_md, 'minutes_html', m.minutes_html,"
                        " 'minutes_version', m.minutes_version,"
                        " 'minutes_approved_at', m.minutes_approved_at,"
                        " 'minutes_approved_by', " USER_REF(
                            "m.minutes_approved_by") ","
                                                     " 'minutes_versions', (SELECT coalesce(json_agg(json_build_object("
                                                     "  'version', v.version, 'created_at', v.created_at,"
                                                     "  'created_by', " USER_REF(
                                                         "v.created_by") ") ORDER BY v.version DESC),"
                                                                         "  '[]') FROM meeting_minutes_versions v WHERE v.meeting_id = m.id),"
                                                                         " 'decisions', (SELECT coalesce(json_agg(json_build_object(" SQL_DECISION_FIELDS
                                                                         ") ORDER BY d.position, d.id), '[]')"
                                                                         "  FROM meeting_decisions d WHERE d.meeting_id = m.id),"
                                                                         " 'next_statuses', " SQL_NEXT_STATUSES
                                                                         ","
                                                                         " 'can_edit_agenda', m.status IN ('draft', 'scheduled'),"
                                                                         " 'can_decide', m.status = 'held',"
                                                                         " 'can_edit_minutes', m.status <> 'cancelled')"
                                                                         " FROM meetings m JOIN chains ch ON ch.id = m.chain_id"
                                                                         " WHERE m.id = $3::bigint AND " HL_ACTION_SQL_MANAGES(
                                                                             "m.chain_id");

/* $1 role and $2 user id of ctx into params, uid the caller's buffer. */
static void
who(const struct hl_ctx *ctx, char uid[24], const char **params)
{
	const char *role = hl_ctx_role_name(ctx->role);

	hl_i64_text(ctx->user_id, uid);
	params[0] = role != NULL ? role : "";
	params[1] = uid;
}

int
hl_meeting_get_json(struct hl_ctx *ctx, int64_t id, struct hl_buf *out,
    struct hl_err *err)
{
	char uid[24];
	char mid[24];
	const char *params[3];

	who(ctx, uid, params);
	hl_i64_text(id, mid);
	params[2] = mid;
	return hl_db_fetch_json(ctx->db, SQL_GET, 3, params, out, err);
}

/* ---- checks of the input ---- */

static int
check_attendees(const struct hl_meeting_in *in, struct hl_err *err)
{
	char f[64];
	size_t i;
	size_t j;

	if (in->n_attendees > HL_MEETING_ATTENDEES_MAX)
		return hl_err_field(err, "attendees", "参会人员最多 %d 人",
		    HL_MEETING_ATTENDEES_MAX);
	for (i = 0; i < in->n_attendees; i++) {
		const struct hl_meeting_attendee *a = &in->attendees[i];

		if ((a->user_id > 0) + (a->committee_member_id > 0) > 1 ||
		    (a->user_id <= 0 && a->committee_member_id <= 0 &&
		        is_blank(a->name))) {
			snprintf(f, sizeof(f), "attendees[%zu]", i);
			hl_err_field(err, f,
			    "请选择一位党委成员，或填写其他参会人员的姓名");
			continue;
		}
		if (a->name != NULL && hl_utf8_chars(a->name) > 40) {
			snprintf(f, sizeof(f), "attendees[%zu].name", i);
			hl_err_field(err, f, "姓名不能超过 40 个字");
		}
		if (a->title != NULL && hl_utf8_chars(a->title) > 100) {
			snprintf(f, sizeof(f), "attendees[%zu].title", i);
			hl_err_field(err, f, "职务不能超过 100 个字");
		}
		for (j = 0; j < i; j++) {
			const struct hl_meeting_attendee *b = &in->attendees[j];

			if ((a->user_id > 0 && a->user_id == b->user_id) ||
			    (a->committee_member_id > 0 &&
			        a->committee_member_id ==
			            b->committee_member_id)) {
				snprintf(f, sizeof(f), "attendees[%zu]", i);
				hl_err_field(err, f, "参会人员重复");
				break;
			}
		}
	}
	return hl_err_is_set(err) ? -1 : 0;
}

/* The fields a create needs and both may give; create true requires
 * title and starts_at. */
static int
check_in(const struct hl_meeting_in *in, bool create, struct hl_err *err)
{
	if (create && is_blank(in->title))
		hl_err_field(err, "title", "请填写会议名称");
	else if (in->title != NULL && is_blank(in->title))
		hl_err_field(err, "title", "会议名称不能为空");
	else if (in->title != NULL &&
	    hl_utf8_chars(in->title) > HL_MEETING_TITLE_MAX)
		hl_err_field(err, "title", "会议名称不能超过 %d 个字",
		    HL_MEETING_TITLE_MAX);
	if (create && in->starts_at == NULL)
		hl_err_field(err, "starts_at", "请填写会议时间");
	hl_valid_datetime("starts_at", in->starts_at, err);
	hl_valid_datetime("ends_at", in->ends_at, err);
	if (in->kind != NULL && index_of(kinds, in->kind) < 0)
		hl_err_field(err, "kind",
		    "会议类型应为 regular（例会）或 "
		    "special（专题会）");
	if (in->place != NULL &&
	    hl_utf8_chars(in->place) > HL_MEETING_PLACE_MAX)
		hl_err_field(err, "place", "地点不能超过 %d 个字",
		    HL_MEETING_PLACE_MAX);
	if (create && in->status != NULL && strcmp(in->status, "draft") != 0 &&
	    strcmp(in->status, "scheduled") != 0)
		hl_err_field(err, "status",
		    "新建会议的状态应为 draft（草稿）或 scheduled（已安排）");
	if (!create && in->status != NULL &&
	    index_of(hl_meeting_statuses, in->status) < 0)
		hl_err_field(err, "status",
		    "状态应为 draft、scheduled、held、minutes_approved 或 "
		    "cancelled");
	if (in->attendees_given)
		check_attendees(in, err);
	return hl_err_is_set(err) ? -1 : 0;
}

/* The attendees as JSON text for the statements below. */
static void
attendees_json(const struct hl_meeting_in *in, struct hl_buf *out)
{
	struct hl_jw w;
	size_t i;

	hl_jw_init(&w, out);
	hl_jw_arr_begin(&w);
	for (i = 0; i < in->n_attendees; i++) {
		const struct hl_meeting_attendee *a = &in->attendees[i];

		hl_jw_obj_begin(&w);
		if (a->user_id > 0) {
			hl_jw_key(&w, "user_id");
			hl_jw_i64(&w, a->user_id);
		}
		if (a->committee_member_id > 0) {
			hl_jw_key(&w, "committee_member_id");
			hl_jw_i64(&w, a->committee_member_id);
		}
		hl_jw_key(&w, "name");
		hl_jw_str(&w, is_blank(a->name) ? NULL : a->name);
		hl_jw_key(&w, "title");
		hl_jw_str(&w, a->title);
		hl_jw_key(&w, "attended");
		if (a->attended_given)
			hl_jw_bool(&w, a->attended);
		else
			hl_jw_null(&w);
		hl_jw_obj_end(&w);
	}
	hl_jw_arr_end(&w);
}

/* $1 chain, $2 attendees: the first that is not the chain's, and why. */
static const char SQL_ATTENDEE_CHECK[] =
    "SELECT s.i, s.f FROM (SELECT x.ord - 1 AS i, CASE"
    " WHEN (x.v->>'user_id') IS NOT NULL AND NOT EXISTS (SELECT 1"
    "  FROM users u JOIN user_chains uc ON uc.user_id = u.id"
    "  WHERE u.id = (x.v->>'user_id')::bigint AND u.role = 'committee'"
    "  AND u.disabled_at IS NULL AND uc.chain_id = $1::bigint)"
    " THEN 'user_id'"
    " WHEN (x.v->>'committee_member_id') IS NOT NULL AND NOT EXISTS ("
    "  SELECT 1 FROM chain_committee_members cm"
    "  WHERE cm.id = (x.v->>'committee_member_id')::bigint"
    "  AND cm.chain_id = $1::bigint) THEN 'committee_member_id' END AS f"
    " FROM json_array_elements($2::json) WITH ORDINALITY AS x(v, ord)) s"
    " WHERE s.f IS NOT NULL ORDER BY s.i LIMIT 1";

static const char SQL_ATTENDEES_CLEAR[] =
    "DELETE FROM meeting_attendees WHERE meeting_id = $1::bigint";

/* $1 meeting, $2 attendees.  Names as printed: the one given, else the
 * account's or the committee member's. */
static const char SQL_ATTENDEES_ADD[] =
    "INSERT INTO meeting_attendees (meeting_id, user_id,"
    " committee_member_id, name, title, attended, sort_order)"
    " SELECT $1::bigint, u.id, cm.id, coalesce(NULLIF(btrim(x.v->>'name'),"
    " ''), u.name, cm.name), coalesce(NULLIF(btrim(x.v->>'title'), ''),"
    " cm.title, ''), (x.v->>'attended')::boolean, x.ord"
    " FROM json_array_elements($2::json) WITH ORDINALITY AS x(v, ord)"
    " LEFT JOIN users u ON u.id = (x.v->>'user_id')::bigint"
    " LEFT JOIN chain_committee_members cm"
    "  ON cm.id = (x.v->>'committee_member_id')::bigint";

/* Replace the attendees of meeting mid (chain chain) with in's. */
static int
set_attendees(struct hl_ctx *ctx, const char *mid, const char *chain,
    const struct hl_meeting_in *in, struct hl_err *err)
{
	struct hl_buf js = { 0 };
	const char *params[2];
	struct hl_db_res *r = NULL;
	char f[64];
	int rc = -1;

	attendees_json(in, &js);
	params[0] = chain;
	params[1] = hl_buf_cstr(&js);
	r = hl_db_exec(ctx->db, SQL_ATTENDEE_CHECK, 2, params, err);
	if (r == NULL)
		goto out;
	if (hl_db_nrows(r) > 0) {
		snprintf(f, sizeof(f), "attendees[%s].%s", hl_db_get(r, 0, 0),
		    hl_db_get(r, 0, 1));
		hl_err_field(err, f,
		    strcmp(hl_db_get(r, 0, 1), "user_id") == 0
		        ? "该用户不存在、已停用或不是本产业链党委成员"
		        : "不是本产业链党委成员");
		goto out;
	}
	params[0] = mid;
	if (hl_db_run(ctx->db, SQL_ATTENDEES_CLEAR, 1, params, err) == -1 ||
	    hl_db_run(ctx->db, SQL_ATTENDEES_ADD, 2, params, err) == -1)
		goto out;
	rc = 0;
out:
	hl_db_res_free(r);
	hl_buf_release(&js);
	return rc;
}

/* Minutes: at most max_len bytes, rendered by md.c into html. */
static int
render_minutes(const char *md, size_t max_len, struct hl_buf *html,
    struct hl_err *err)
{
	size_t len = strlen(md);
	size_t max =
	    max_len == 0 || max_len > HL_MD_MAX_LEN ? HL_MD_MAX_LEN : max_len;

	if (len > max) {
		hl_err_set(err, 413, "payload_too_large",
		    "会议纪要不能超过 %zu 字节", max);
		return hl_err_field(err, "minutes_md", "不能超过 %zu 字节",
		    max);
	}
	if (hl_md_render(md, len, html, err) == -1) {
		if (hl_err_is_set(err))
			hl_err_field(err, "minutes_md", "%s", err->msg);
		return -1;
	}
	return 0;
}

/* ---- notifications ---- */

/*
 * $1 meeting, $2 event type (meeting.scheduled, meeting.cancelled,
 * meeting.minutes_approved): a message to each attendee with an account
 * and the outbox event, both with one Chinese line.
 */
static const char SQL_NOTIFY[] =
    "WITH mt AS (SELECT m.*, ch.code AS chain_code, ch.name AS chain,"
    "  to_char(m.starts_at AT TIME ZONE 'Asia/Shanghai',"
    "  'YYYY-MM-DD HH24:MI') AS at FROM meetings m"
    "  JOIN chains ch ON ch.id = m.chain_id WHERE m.id = $1::bigint),"
    " line AS (SELECT CASE $2::text"
    "  WHEN 'meeting.scheduled' THEN format('%s产业链党委会议：%s（%s，%s）',"
    "   mt.chain, mt.title, mt.at, mt.place)"
    "  WHEN 'meeting.cancelled' THEN format('会议已取消：%s（原定 %s）',"
    "   mt.title, mt.at)"
    "  ELSE format('会议纪要已审定：%s', mt.title) END AS title FROM mt),"
    " msg AS (SELECT hl_message_add(ARRAY(SELECT t.user_id"
    "  FROM meeting_attendees t WHERE t.meeting_id = mt.id"
    "  AND t.user_id IS NOT NULL), $2::text, line.title,"
    "  format('时间：%s；地点：%s', mt.at, mt.place),"
    "  '/desk/meetings/' || mt.id, NULL, mt.chain_id) AS n FROM mt, line),"
    " ob AS (SELECT hl_outbox_enqueue($2::text, mt.chain_id,"
    "  jsonb_build_object('meeting_id', mt.id, 'chain_code', mt.chain_code,"
    "  'kind', mt.kind, 'status', mt.status, 'starts_at', mt.starts_at,"
    "  'minutes_version', mt.minutes_version, 'title', line.title,"
    "  'link', '/desk/meetings/' || mt.id)) AS n FROM mt, line)"
    " SELECT (SELECT n FROM msg), (SELECT n FROM ob)";

static int
notify(struct hl_ctx *ctx, const char *mid, const char *type,
    struct hl_err *err)
{
	const char *params[2] = { mid, type };

	return hl_db_run(ctx->db, SQL_NOTIFY, 2, params, err);
}

/* ---- the agenda's drafts and links ---- */

/*
 * $1 meeting, $2 chain, $3 actor, $4 least enterprises, $5 most items
 * per kind, $6 similarity percent, $7 category labels {"policy":"政策"}:
 * the drafted items, in order: escalated cases, overdue cases, common
 * problems.  Cases on another open agenda are left out.
 */
static const char SQL_DRAFT[] = "WITH RECURSIVE " HL_COMMON_PROBLEM_SQL_CTES(
    "$2::bigint",
    "$4::int") ","
               " taken AS (SELECT l.case_id FROM meeting_agenda_cases l"
               "  WHERE l.meeting_open),"
               " esc AS (SELECT c.id, c.title, row_number() OVER (ORDER BY"
               "  c.escalated_at, c.id) AS k FROM cases c WHERE c.chain_id = $2::bigint"
               "  AND c.escalated AND hl_case_is_open(c.status)"
               "  AND c.id NOT IN (SELECT case_id FROM taken)"
               "  ORDER BY c.escalated_at, c.id LIMIT $5::int),"
               " ovd AS (SELECT c.id, c.title, row_number() OVER (ORDER BY c.due_at,"
               "  c.id) AS k FROM cases c WHERE c.chain_id = $2::bigint"
               "  AND NOT c.escalated AND c.status IN ('accepted', 'assigned',"
               "  'in_progress') AND c.due_at < hl_now()"
               "  AND c.id NOT IN (SELECT case_id FROM taken)"
               "  ORDER BY c.due_at, c.id LIMIT $5::int),"
               " grp AS (SELECT g.root, g.n_cases, g.n_enterprises, rc.category,"
               "  rc.title, row_number() OVER (ORDER BY g.n_enterprises DESC,"
               "  g.n_cases DESC, g.root) AS k, (SELECT jsonb_agg(cm.id ORDER BY cm.id)"
               "  FROM cp_member cm WHERE cm.root = g.root) AS ids"
               "  FROM cp_group g JOIN cases rc ON rc.id = g.root"
               "  WHERE EXISTS (SELECT 1 FROM cp_member cm WHERE cm.root = g.root"
               "  AND cm.id NOT IN (SELECT case_id FROM taken))"
               "  ORDER BY k LIMIT $5::int),"
               " items AS (SELECT 1 AS o, esc.k, 'escalated' AS kind,"
               "  '书记突破项目：' || esc.title AS title,"
               "  jsonb_build_object('case_ids', jsonb_build_array(esc.id)) AS facts"
               "  FROM esc UNION ALL SELECT 2, ovd.k, 'overdue',"
               "  '超期诉求：' || ovd.title,"
               "  jsonb_build_object('case_ids', jsonb_build_array(ovd.id)) FROM ovd"
               "  UNION ALL SELECT 3, grp.k, 'common_problem',"
               "  format('共性问题（%s类）：%s家企业反映“%s”等', $7::json->>grp.category,"
               "  grp.n_enterprises, grp.title), jsonb_build_object('case_ids',"
               "  grp.ids, 'category', grp.category, 'n_cases', grp.n_cases,"
               "  'n_enterprises', grp.n_enterprises, 'similarity_percent', $6::int)"
               "  FROM grp)"
               " INSERT INTO meeting_agenda_items (meeting_id, position, title, kind,"
               "  facts, created_by)"
               " SELECT $1::bigint, row_number() OVER (ORDER BY o, k),"
               "  left(title, 200), kind, facts, $3::bigint FROM items";

/*
 * $1 meeting, $2 actor, $3 one item (0: every item without links yet):
 * link the cases named in each item's facts, skipping those on another
 * open agenda, and note each on its case's timeline.  Answers the number
 * of links made.
 */
static const char SQL_LINK[] =
    "WITH want AS (SELECT i.id AS item, x.v::bigint AS case_id"
    "  FROM meeting_agenda_items i,"
    "  jsonb_array_elements_text(i.facts->'case_ids') x(v)"
    "  WHERE i.meeting_id = $1::bigint"
    "  AND ($3::bigint = 0 OR i.id = $3::bigint)"
    "  AND NOT EXISTS (SELECT 1 FROM meeting_agenda_cases l"
    "  WHERE l.agenda_item_id = i.id)),"
    " lnk AS (INSERT INTO meeting_agenda_cases (agenda_item_id, case_id,"
    "  meeting_id, meeting_open, facts) SELECT w.item, c.id, $1::bigint,"
    "  true, " SQL_CASE_FACTS " FROM want w JOIN cases c ON c.id = w.case_id"
    "  ON CONFLICT (case_id) WHERE meeting_open DO NOTHING"
    "  RETURNING case_id, agenda_item_id),"
    " mt AS (SELECT m.title, to_char(m.starts_at AT TIME ZONE"
    "  'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS at FROM meetings m"
    "  WHERE m.id = $1::bigint),"
    " tl AS (INSERT INTO case_events (case_id, actor_user_id, kind, body,"
    "  internal, data) SELECT lnk.case_id, $2::bigint, 'agenda',"
    "  format('列入产业链党委会议议程：%s（%s）', mt.title, mt.at), true,"
    "  jsonb_build_object('meeting_id', $1::bigint, 'agenda_item_id',"
    "  lnk.agenda_item_id) FROM lnk, mt RETURNING 1)"
    " SELECT (SELECT count(*) FROM lnk), (SELECT count(*) FROM tl)";

/* Link the cases of item (0: all new items) of meeting mid; *n gets how
 * many links were made. */
static int
link_cases(struct hl_ctx *ctx, const char *mid, int64_t item, int64_t *n,
    struct hl_err *err)
{
	char uid[24];
	char iid[24];
	const char *params[3] = { mid, uid, iid };
	struct hl_db_res *r;

	hl_i64_text(ctx->user_id, uid);
	hl_i64_text(item, iid);
	r = hl_db_exec(ctx->db, SQL_LINK, 3, params, err);
	if (r == NULL)
		return -1;
	*n = hl_db_get_i64(r, 0, 0);
	hl_db_res_free(r);
	return 0;
}

/* {"policy":"政策",…} for the drafted titles. */
static void
category_labels(struct hl_buf *out)
{
	struct hl_jw w;
	int i;

	hl_jw_init(&w, out);
	hl_jw_obj_begin(&w);
	for (i = 0; hl_case_categories[i] != NULL; i++) {
		hl_jw_key(&w, hl_case_categories[i]);
		hl_jw_str(&w, hl_case_category_label(hl_case_categories[i]));
	}
	hl_jw_obj_end(&w);
}

static int
draft_agenda(struct hl_ctx *ctx, const struct hl_meeting_opts *o,
    const char *mid, const char *chain, struct hl_err *err)
{
	struct hl_buf labels = { 0 };
	char uid[24];
	char min[24];
	char max[24];
	char pct[24];
	const char *params[7];
	int64_t n;
	int rc = -1;

	category_labels(&labels);
	hl_i64_text(ctx->user_id, uid);
	hl_i64_text(o->problems.min_enterprises, min);
	hl_i64_text(HL_MEETING_DRAFT_MAX, max);
	hl_i64_text(o->problems.similarity_percent, pct);
	params[0] = mid;
	params[1] = chain;
	params[2] = uid;
	params[3] = min;
	params[4] = max;
	params[5] = pct;
	params[6] = hl_buf_cstr(&labels);
	if (hl_common_problem_threshold(ctx->db, &o->problems, err) == -1 ||
	    hl_db_run(ctx->db, SQL_DRAFT, 7, params, err) == -1 ||
	    link_cases(ctx, mid, 0, &n, err) == -1)
		goto out;
	rc = 0;
out:
	hl_buf_release(&labels);
	return rc;
}

/* ---- create ---- */

/* $1 role, $2 user id, $3 chain code, $4 starts_at, $5 ends_at: the
 * chain if the caller acts for it, whether the meeting lies ahead and
 * whether it ends after it starts. */
static const char SQL_CHAIN[] =
    "SELECT x.id, $4::timestamptz > hl_now(), $5::timestamptz IS NULL"
    " OR $5::timestamptz > $4::timestamptz FROM chains x"
    " WHERE x.code = $3 AND " HL_ACTION_SQL_MANAGES("x.id");

/* $1 chain, $2 title, $3 kind, $4 starts, $5 ends, $6 place, $7 status,
 * $8 actor. */
static const char SQL_INSERT[] =
    "INSERT INTO meetings (chain_id, title, kind, starts_at, ends_at, place,"
    " status, created_by, updated_by) VALUES ($1::bigint, btrim($2), $3,"
    " $4::timestamptz, $5::timestamptz, coalesce(btrim($6), ''), $7,"
    " $8::bigint, $8::bigint) RETURNING id, json_build_object('chain_id',"
    " chain_id, 'title', title, 'kind', kind, 'status', status,"
    " 'starts_at', starts_at, 'ends_at', ends_at, 'place', place)::text";

struct create_tx {
	struct hl_ctx *ctx;
	const struct hl_meeting_opts *o;
	const struct hl_meeting_in *in;
	struct hl_buf *out;
};

static int
create_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct create_tx *ct = arg;
	const struct hl_meeting_in *in = ct->in;
	const char *status = in->status != NULL ? in->status : "draft";
	char uid[24];
	char chain[24];
	char mid[24];
	const char *params[8];
	struct hl_db_res *r = NULL;
	int rc = -1;

	who(ct->ctx, uid, params);
	params[2] = in->chain_code;
	params[3] = in->starts_at;
	params[4] = in->ends_at;
	r = hl_db_exec(db, SQL_CHAIN, 5, params, err);
	if (r == NULL)
		return -1;
	if (hl_db_nrows(r) == 0)
		hl_err_field(err, "chain_code",
		    "产业链不存在，或您不是该产业链党委成员");
	else if (strcmp(status, "scheduled") == 0 && !hl_db_get_bool(r, 0, 1))
		hl_err_field(err, "starts_at",
		    "已安排的会议时间应晚于当前时间");
	else if (!hl_db_get_bool(r, 0, 2))
		hl_err_field(err, "ends_at", "结束时间应晚于开始时间");
	if (hl_err_is_set(err))
		goto out;
	snprintf(chain, sizeof(chain), "%s", hl_db_get(r, 0, 0));
	hl_db_res_free(r);
	params[0] = chain;
	params[1] = in->title;
	params[2] = in->kind != NULL ? in->kind : "regular";
	params[3] = in->starts_at;
	params[4] = in->ends_at;
	params[5] = in->place;
	params[6] = status;
	params[7] = uid;
	r = hl_db_exec(db, SQL_INSERT, 8, params, err);
	if (r == NULL)
		return -1;
	snprintf(mid, sizeof(mid), "%s", hl_db_get(r, 0, 0));
	if ((in->attendees_given &&
	        set_attendees(ct->ctx, mid, chain, in, err) == -1) ||
	    draft_agenda(ct->ctx, ct->o, mid, chain, err) == -1 ||
	    (strcmp(status, "scheduled") == 0 &&
	        notify(ct->ctx, mid, "meeting.scheduled", err) == -1) ||
	    hl_audit_add(ct->ctx, "meeting.create", "meeting", mid, NULL,
	        hl_db_get(r, 0, 1), err) == -1 ||
	    hl_meeting_get_json(ct->ctx, hl_db_get_i64(r, 0, 0), ct->out,
	        err) == -1)
		goto out;
	rc = 0;
out:
	hl_db_res_free(r);
	return rc;
}

int
hl_meeting_create(struct hl_ctx *ctx, const struct hl_meeting_opts *o,
    const struct hl_meeting_in *in, struct hl_buf *out, struct hl_err *err)
{
	struct create_tx ct = { ctx, o, in, out };

	if (in->chain_code == NULL)
		hl_err_field(err, "chain_code", "请选择产业链");
	if (check_in(in, true, err) == -1 || hl_err_is_set(err))
		return -1;
	return hl_db_tx_run_out(ctx->db, create_tx, &ct, out, err);
}

/* ---- the meeting, locked ---- */

/*
 * $1 role, $2 user id, $3 meeting, $4 new starts_at (NULL: as it is), $5
 * new ends_at, $6 whether ends_at is given: the meeting's status and
 * chain, whether it (as it would be) lies ahead, ends after it starts and
 * has minutes, its day in Zibo, and its before image.
 */
static const char SQL_LOCK[] =
    "SELECT m.status, m.chain_id,"
    " coalesce($4::timestamptz, m.starts_at) > hl_now(),"
    " (CASE WHEN $6::boolean THEN $5::timestamptz ELSE m.ends_at END)"
    "  IS NULL OR (CASE WHEN $6::boolean THEN $5::timestamptz"
    "  ELSE m.ends_at END) > coalesce($4::timestamptz, m.starts_at),"
    " btrim(m.minutes_md) <> '',"
    " (m.starts_at AT TIME ZONE 'Asia/Shanghai')::date::text,"
    " json_build_object('title', m.title, 'kind', m.kind,"
    " 'status', m.status, 'starts_at', m.starts_at, 'ends_at', m.ends_at,"
    " 'place', m.place, 'minutes_version', m.minutes_version)::text"
    " FROM meetings m WHERE m.id = $3::bigint"
    " AND " HL_ACTION_SQL_MANAGES("m.chain_id") " FOR UPDATE OF m";

enum { L_STATUS, L_CHAIN, L_FUTURE, L_ENDS_OK, L_HAS_MINUTES, L_DAY, L_BEFORE };

/* Meeting id locked for a change by ctx into *res; 404 when it is not
 * the caller's.  The new times (NULL: unchanged) are judged too. */
static int
lock_meeting(struct hl_ctx *ctx, int64_t id, const struct hl_meeting_in *in,
    struct hl_db_res **res, struct hl_err *err)
{
	char uid[24];
	char mid[24];
	const char *params[6];
	struct hl_db_res *r;

	who(ctx, uid, params);
	hl_i64_text(id, mid);
	params[2] = mid;
	params[3] = in != NULL ? in->starts_at : NULL;
	params[4] = in != NULL ? in->ends_at : NULL;
	params[5] = in != NULL && in->ends_at_given ? "true" : "false";
	r = hl_db_exec(ctx->db, SQL_LOCK, 6, params, err);
	if (r == NULL)
		return -1;
	if (hl_db_nrows(r) == 0) {
		hl_db_res_free(r);
		return hl_err_not_found(err);
	}
	*res = r;
	return 0;
}

/* ---- update ---- */

/* $1 meeting, $2 title, $3 kind, $4 starts, $5 ends, $6 ends given, $7
 * place, $8 minutes_md, $9 minutes_html, $10 status, $11 actor. */
static const char SQL_UPDATE[] =
    "UPDATE meetings m SET title = coalesce(btrim($2), m.title),"
    " kind = coalesce($3, m.kind),"
    " starts_at = coalesce($4::timestamptz, m.starts_at),"
    " ends_at = CASE WHEN $6::boolean THEN $5::timestamptz ELSE m.ends_at END,"
    " place = coalesce(btrim($7), m.place),"
    " minutes_md = coalesce($8, m.minutes_md),"
    " minutes_html = coalesce($9, m.minutes_html),"
    " status = coalesce($10, m.status), updated_by = $11::bigint"
    " WHERE m.id = $1::bigint RETURNING json_build_object('title', m.title,"
    " 'kind', m.kind, 'status', m.status, 'starts_at', m.starts_at,"
    " 'ends_at', m.ends_at, 'place', m.place,"
    " 'minutes_version', m.minutes_version)::text";

/* The rules a change must keep, given the locked meeting r. */
static int
check_change(const struct hl_meeting_in *in, const struct hl_db_res *r,
    const char *to, struct hl_err *err)
{
	const char *from = hl_db_get(r, 0, L_STATUS);
	bool info = in->title != NULL || in->kind != NULL ||
	    in->starts_at != NULL || in->ends_at_given || in->place != NULL ||
	    in->attendees_given;
	bool closed = strcmp(from, "minutes_approved") == 0 ||
	    strcmp(from, "cancelled") == 0;

	if (closed && info)
		return hl_err_set(err, 409, "conflict",
		    "会议%s，会议信息不能再修改",
		    strcmp(from, "cancelled") == 0 ? "已取消" : "纪要已审定");
	if (strcmp(from, "cancelled") == 0 && in->minutes_md != NULL)
		return hl_err_set(err, 409, "conflict",
		    "会议已取消，不能编写纪要");
	if (strcmp(from, to) != 0 && !may_move(from, to))
		return hl_err_set(err, 409, "invalid_transition",
		    "会议当前为“%s”，不能改为“%s”", status_label(from),
		    status_label(to));
	if (strcmp(to, "held") == 0 && strcmp(from, "held") != 0 &&
	    hl_db_get_bool(r, 0, L_FUTURE))
		return hl_err_set(err, 409, "invalid_transition",
		    "会议尚未开始，不能标记为“已召开”");
	if (strcmp(to, "scheduled") == 0 && hl_db_get_bool(r, 0, L_FUTURE) == 0)
		return hl_err_field(err, "starts_at",
		    "已安排的会议时间应晚于当前时间");
	if (in->starts_at != NULL &&
	    (strcmp(to, "held") == 0 || strcmp(to, "minutes_approved") == 0) &&
	    hl_db_get_bool(r, 0, L_FUTURE))
		return hl_err_field(err, "starts_at",
		    "已召开的会议时间不能晚于当前时间");
	if (!hl_db_get_bool(r, 0, L_ENDS_OK))
		return hl_err_field(err, "ends_at", "结束时间应晚于开始时间");
	if (strcmp(to, "minutes_approved") == 0 &&
	    (in->minutes_md != NULL ? is_blank(in->minutes_md)
	                            : !hl_db_get_bool(r, 0, L_HAS_MINUTES)))
		return hl_err_field(err, "minutes_md",
		    "请先填写会议纪要再审定");
	return 0;
}

/* The notification a move sends, or NULL. */
static const char *
move_event(const char *from, const char *to)
{
	if (strcmp(from, to) == 0)
		return NULL;
	if (strcmp(to, "scheduled") == 0)
		return "meeting.scheduled";
	if (strcmp(to, "cancelled") == 0 && strcmp(from, "scheduled") == 0)
		return "meeting.cancelled";
	if (strcmp(to, "minutes_approved") == 0)
		return "meeting.minutes_approved";
	return NULL;
}

struct update_tx {
	struct hl_ctx *ctx;
	const struct hl_meeting_opts *o;
	int64_t id;
	const struct hl_meeting_in *in;
	struct hl_buf *out;
};

static int
update_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct update_tx *ut = arg;
	const struct hl_meeting_in *in = ut->in;
	struct hl_db_res *lk = NULL;
	struct hl_db_res *r = NULL;
	struct hl_buf html = { 0 };
	char mid[24];
	char chain[24];
	char uid[24];
	char from[24];
	const char *to;
	const char *event;
	const char *params[11];
	int rc = -1;

	/* The meeting first (404 whatever the body says), then the input,
	 * then the meeting again with the new times judged. */
	if (lock_meeting(ut->ctx, ut->id, NULL, &lk, err) == -1)
		return -1;
	hl_db_res_free(lk);
	lk = NULL;
	if (check_in(in, false, err) == -1 ||
	    lock_meeting(ut->ctx, ut->id, in, &lk, err) == -1)
		return -1;
	snprintf(from, sizeof(from), "%s", hl_db_get(lk, 0, L_STATUS));
	to = in->status != NULL ? in->status : from;
	if (check_change(in, lk, to, err) == -1 ||
	    (in->minutes_md != NULL &&
	        render_minutes(in->minutes_md, ut->o->md_max_len, &html, err) ==
	            -1))
		goto out;
	hl_i64_text(ut->id, mid);
	hl_i64_text(ut->ctx->user_id, uid);
	snprintf(chain, sizeof(chain), "%s", hl_db_get(lk, 0, L_CHAIN));
	params[0] = mid;
	params[1] = in->title;
	params[2] = in->kind;
	params[3] = in->starts_at;
	params[4] = in->ends_at;
	params[5] = in->ends_at_given ? "true" : "false";
	params[6] = in->place;
	params[7] = in->minutes_md;
	params[8] = in->minutes_md != NULL ? hl_buf_cstr(&html) : NULL;
	params[9] = in->status;
	params[10] = uid;
	r = hl_db_exec(db, SQL_UPDATE, 11, params, err);
	if (r == NULL)
		goto out;
	event = move_event(from, to);
	if ((in->attendees_given &&
	        set_attendees(ut->ctx, mid, chain, in, err) == -1) ||
	    (event != NULL && notify(ut->ctx, mid, event, err) == -1) ||
	    hl_audit_add(ut->ctx,
	        strcmp(from, to) != 0 ? "meeting.status" : "meeting.update",
	        "meeting", mid, hl_db_get(lk, 0, L_BEFORE), hl_db_get(r, 0, 0),
	        err) == -1 ||
	    hl_meeting_get_json(ut->ctx, ut->id, ut->out, err) == -1)
		goto out;
	rc = 0;
out:
	hl_buf_release(&html);
	hl_db_res_free(r);
	hl_db_res_free(lk);
	return rc;
}

int
hl_meeting_update(struct hl_ctx *ctx, const struct hl_meeting_opts *o,
    int64_t id, const struct hl_meeting_in *in, struct hl_buf *out,
    struct hl_err *err)
{
	struct update_tx ut = { ctx, o, id, in, out };

	return hl_db_tx_run_out(ctx->db, update_tx, &ut, out, err);
}

/* ---- agenda ---- */

/* The locked meeting's agenda may change (draft or scheduled). */
static int
agenda_open(const struct hl_db_res *lk, struct hl_err *err)
{
	const char *st = hl_db_get(lk, 0, L_STATUS);

	if (strcmp(st, "draft") == 0 || strcmp(st, "scheduled") == 0)
		return 0;
	return hl_err_set(err, 409, "conflict", "会议%s，议程不能再调整",
	    strcmp(st, "held") == 0 ? "已召开" : status_label(st));
}

/* $1 case, $2 chain: the case if it is the chain's. */
static const char SQL_AGENDA_CASE[] =
    "SELECT c.title FROM cases c WHERE c.id = $1::bigint"
    " AND c.chain_id = $2::bigint";

/* $1 case: the open agenda it is on. */
static const char SQL_TAKEN_BY[] =
    "SELECT m.id, m.title FROM meeting_agenda_cases l"
    " JOIN meetings m ON m.id = l.meeting_id"
    " WHERE l.case_id = $1::bigint AND l.meeting_open";

/* $1 meeting, $2 title, $3 kind, $4 notes, $5 facts, $6 actor. */
static const char SQL_ITEM_ADD[] =
    "INSERT INTO meeting_agenda_items (meeting_id, position, title, kind,"
    " notes, facts, created_by) SELECT $1::bigint, coalesce(max(i.position),"
    " 0) + 1, left(btrim($2), 200), $3, coalesce($4, ''), $5::jsonb,"
    " $6::bigint FROM meeting_agenda_items i WHERE i.meeting_id = $1::bigint"
    " RETURNING id";

/* A case of the chain not on another open agenda; its title into
 * title (arena) for the item. */
static int
check_agenda_case(struct hl_ctx *ctx, const char *chain, int64_t case_id,
    const char **title, struct hl_err *err)
{
	char cid[24];
	const char *params[2] = { cid, chain };
	struct hl_db_res *r;
	int rc = -1;

	hl_i64_text(case_id, cid);
	r = hl_db_exec(ctx->db, SQL_AGENDA_CASE, 2, params, err);
	if (r == NULL)
		return -1;
	if (hl_db_nrows(r) == 0) {
		hl_err_set(err, 404, "not_found", "诉求不存在或不属于本产业链");
		hl_err_field(err, "case_id", "诉求不存在或不属于本产业链");
		goto out;
	}
	*title = hl_arena_printf(ctx->arena, "诉求：%s", hl_db_get(r, 0, 0));
	hl_db_res_free(r);
	r = hl_db_exec(ctx->db, SQL_TAKEN_BY, 1, params, err);
	if (r == NULL)
		return -1;
	if (hl_db_nrows(r) > 0) {
		hl_err_set(err, 409, "conflict",
		    "该诉求已列入会议“%s”的议程，一件诉求同时只能列入一次未召开"
		    "会议的议程",
		    hl_db_get(r, 0, 1));
		goto out;
	}
	rc = 0;
out:
	hl_db_res_free(r);
	return rc;
}

/* An item's title and notes; add true: a title or a case is needed. */
static int
check_item(const struct hl_meeting_item_in *in, bool add, struct hl_err *err)
{
	if (add && in->case_id <= 0 && is_blank(in->title))
		hl_err_field(err, "title", "请填写议题，或选择一件诉求");
	else if (!add && in->title != NULL && is_blank(in->title))
		hl_err_field(err, "title", "议题不能为空");
	else if (in->title != NULL &&
	    hl_utf8_chars(in->title) > HL_MEETING_TITLE_MAX)
		hl_err_field(err, "title", "议题不能超过 %d 个字",
		    HL_MEETING_TITLE_MAX);
	if (in->notes != NULL &&
	    hl_utf8_chars(in->notes) > HL_MEETING_NOTES_MAX)
		hl_err_field(err, "notes", "说明不能超过 %d 个字",
		    HL_MEETING_NOTES_MAX);
	return hl_err_is_set(err) ? -1 : 0;
}

struct agenda_tx {
	struct hl_ctx *ctx;
	int64_t id;
	int64_t item;
	const struct hl_meeting_item_in *in;
	const int64_t *ids;
	size_t n_ids;
	struct hl_buf *out;
};

static int
agenda_add_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct agenda_tx *at = arg;
	const struct hl_meeting_item_in *in = at->in;
	struct hl_db_res *lk = NULL;
	struct hl_db_res *r = NULL;
	const char *title = in->title;
	char facts[64];
	char mid[24];
	char uid[24];
	const char *params[6];
	int64_t n = 0;
	int rc = -1;

	if (lock_meeting(at->ctx, at->id, NULL, &lk, err) == -1)
		return -1;
	if (check_item(in, true, err) == -1 || agenda_open(lk, err) == -1 ||
	    (in->case_id > 0 &&
	        check_agenda_case(at->ctx, hl_db_get(lk, 0, L_CHAIN),
	            in->case_id, &title, err) == -1))
		goto out;
	if (in->case_id > 0 && !is_blank(in->title))
		title = in->title;
	snprintf(facts, sizeof(facts), "{\"case_ids\":[%" PRId64 "]}",
	    in->case_id);
	hl_i64_text(at->id, mid);
	hl_i64_text(at->ctx->user_id, uid);
	params[0] = mid;
	params[1] = title;
	params[2] = in->case_id > 0 ? "case" : "text";
	params[3] = in->notes;
	params[4] = in->case_id > 0 ? facts : "{}";
	params[5] = uid;
	r = hl_db_exec(db, SQL_ITEM_ADD, 6, params, err);
	if (r == NULL)
		goto out;
	if (in->case_id > 0 &&
	    link_cases(at->ctx, mid, hl_db_get_i64(r, 0, 0), &n, err) == -1)
		goto out;
	if (in->case_id > 0 && n == 0) {
		/* Another meeting took it after the check. */
		hl_err_set(err, 409, "conflict",
		    "该诉求刚被列入另一次会议的议程，请刷新后再试");
		goto out;
	}
	if (hl_audit_add(at->ctx, "meeting.agenda_add", "meeting", mid, NULL,
	        in->case_id > 0 ? facts : NULL, err) == -1 ||
	    hl_meeting_get_json(at->ctx, at->id, at->out, err) == -1)
		goto out;
	rc = 0;
out:
	hl_db_res_free(r);
	hl_db_res_free(lk);
	return rc;
}

int
hl_meeting_agenda_add(struct hl_ctx *ctx, int64_t id,
    const struct hl_meeting_item_in *in, struct hl_buf *out, struct hl_err *err)
{
	struct agenda_tx at = { ctx, id, 0, in, NULL, 0, out };

	return hl_db_tx_run_out(ctx->db, agenda_add_tx, &at, out, err);
}

/* $1 meeting, $2 item, $3 title, $4 notes. */
static const char SQL_ITEM_UPDATE[] =
    "UPDATE meeting_agenda_items SET title = coalesce(btrim($3), title),"
    " notes = coalesce($4, notes) WHERE id = $2::bigint"
    " AND meeting_id = $1::bigint RETURNING id";

/* $1 meeting, $2 item: remove it, close the gap (the position constraint
 * is checked at the end of the statement). */
static const char SQL_ITEM_REMOVE[] =
    "WITH del AS (DELETE FROM meeting_agenda_items WHERE id = $2::bigint"
    "  AND meeting_id = $1::bigint RETURNING position),"
    " gap AS (UPDATE meeting_agenda_items i SET position = i.position - 1"
    "  FROM del WHERE i.meeting_id = $1::bigint"
    "  AND i.position > del.position RETURNING 1)"
    " SELECT (SELECT count(*) FROM del), (SELECT count(*) FROM gap)";

/* $1 meeting, $2 ids: whether they name every item once. */
static const char SQL_ORDER_CHECK[] =
    "SELECT (SELECT count(*) FROM meeting_agenda_items"
    "  WHERE meeting_id = $1::bigint) = cardinality($2::bigint[])"
    " AND (SELECT count(DISTINCT x) FROM unnest($2::bigint[]) x)"
    "  = cardinality($2::bigint[])"
    " AND NOT EXISTS (SELECT 1 FROM unnest($2::bigint[]) x"
    "  WHERE NOT EXISTS (SELECT 1 FROM meeting_agenda_items i"
    "  WHERE i.id = x AND i.meeting_id = $1::bigint))";

static const char SQL_ORDER[] =
    "UPDATE meeting_agenda_items i SET position = x.ord"
    " FROM unnest($2::bigint[]) WITH ORDINALITY AS x(id, ord)"
    " WHERE i.id = x.id AND i.meeting_id = $1::bigint";

static int
agenda_update_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct agenda_tx *at = arg;
	struct hl_db_res *lk = NULL;
	struct hl_db_res *r = NULL;
	char mid[24];
	char iid[24];
	const char *params[4];
	const char *st;
	int rc = -1;

	if (lock_meeting(at->ctx, at->id, NULL, &lk, err) == -1)
		return -1;
	if (check_item(at->in, false, err) == -1)
		goto out;
	st = hl_db_get(lk, 0, L_STATUS);
	if (strcmp(st, "minutes_approved") == 0 ||
	    strcmp(st, "cancelled") == 0) {
		hl_err_set(err, 409, "conflict", "会议%s，议程不能再修改",
		    status_label(st));
		goto out;
	}
	hl_i64_text(at->id, mid);
	hl_i64_text(at->item, iid);
	params[0] = mid;
	params[1] = iid;
	params[2] = at->in->title;
	params[3] = at->in->notes;
	r = hl_db_exec(db, SQL_ITEM_UPDATE, 4, params, err);
	if (r == NULL)
		goto out;
	if (hl_db_nrows(r) == 0) {
		hl_err_not_found(err);
		goto out;
	}
	if (hl_audit_add(at->ctx, "meeting.agenda_update", "meeting", mid, NULL,
	        NULL, err) == -1 ||
	    hl_meeting_get_json(at->ctx, at->id, at->out, err) == -1)
		goto out;
	rc = 0;
out:
	hl_db_res_free(r);
	hl_db_res_free(lk);
	return rc;
}

int
hl_meeting_agenda_update(struct hl_ctx *ctx, int64_t id, int64_t item_id,
    const struct hl_meeting_item_in *in, struct hl_buf *out, struct hl_err *err)
{
	struct agenda_tx at = { ctx, id, item_id, in, NULL, 0, out };

	return hl_db_tx_run_out(ctx->db, agenda_update_tx, &at, out, err);
}

static int
agenda_remove_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct agenda_tx *at = arg;
	struct hl_db_res *lk = NULL;
	struct hl_db_res *r = NULL;
	char mid[24];
	char iid[24];
	char after[48];
	const char *params[2] = { mid, iid };
	int rc = -1;

	if (lock_meeting(at->ctx, at->id, NULL, &lk, err) == -1)
		return -1;
	if (agenda_open(lk, err) == -1)
		goto out;
	hl_i64_text(at->id, mid);
	hl_i64_text(at->item, iid);
	r = hl_db_exec(db, SQL_ITEM_REMOVE, 2, params, err);
	if (r == NULL)
		goto out;
	if (hl_db_get_i64(r, 0, 0) == 0) {
		hl_err_not_found(err);
		goto out;
	}
	snprintf(after, sizeof(after), "{\"removed_item_id\":%s}", iid);
	if (hl_audit_add(at->ctx, "meeting.agenda_remove", "meeting", mid, NULL,
	        after, err) == -1)
		goto out;
	rc = 0;
out:
	hl_db_res_free(r);
	hl_db_res_free(lk);
	return rc;
}

int
hl_meeting_agenda_remove(struct hl_ctx *ctx, int64_t id, int64_t item_id,
    struct hl_err *err)
{
	struct agenda_tx at = { ctx, id, item_id, NULL, NULL, 0, NULL };

	return hl_db_tx_run(ctx->db, agenda_remove_tx, &at, err);
}

static int
agenda_order_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct agenda_tx *at = arg;
	struct hl_db_res *lk = NULL;
	struct hl_db_res *r = NULL;
	struct hl_buf ids = { 0 };
	char mid[24];
	const char *params[2] = { mid, NULL };
	size_t i;
	int rc = -1;

	if (lock_meeting(at->ctx, at->id, NULL, &lk, err) == -1)
		return -1;
	if (agenda_open(lk, err) == -1)
		goto out;
	hl_i64_text(at->id, mid);
	hl_buf_putc(&ids, '{');
	for (i = 0; i < at->n_ids; i++)
		hl_buf_printf(&ids, "%s%" PRId64, i > 0 ? "," : "", at->ids[i]);
	hl_buf_putc(&ids, '}');
	params[1] = hl_buf_cstr(&ids);
	r = hl_db_exec(db, SQL_ORDER_CHECK, 2, params, err);
	if (r == NULL)
		goto out;
	if (!hl_db_get_bool(r, 0, 0)) {
		hl_err_field(err, "ids",
		    "请按新顺序列出全部议程条目，每条一次");
		goto out;
	}
	if (hl_db_run(db, SQL_ORDER, 2, params, err) == -1 ||
	    hl_audit_add(at->ctx, "meeting.agenda_order", "meeting", mid, NULL,
	        NULL, err) == -1 ||
	    hl_meeting_get_json(at->ctx, at->id, at->out, err) == -1)
		goto out;
	rc = 0;
out:
	hl_buf_release(&ids);
	hl_db_res_free(r);
	hl_db_res_free(lk);
	return rc;
}

int
hl_meeting_agenda_order(struct hl_ctx *ctx, int64_t id, const int64_t *ids,
    size_t n, struct hl_buf *out, struct hl_err *err)
{
	struct agenda_tx at = { ctx, id, 0, NULL, ids, n, out };

	return hl_db_tx_run_out(ctx->db, agenda_order_tx, &at, out, err);
}

/* ---- decisions ---- */

/* $1 meeting, $2 item. */
static const char SQL_ITEM_OF[] =
    "SELECT 1 FROM meeting_agenda_items WHERE id = $2::bigint"
    " AND meeting_id = $1::bigint";

/*
 * $1 meeting, $2 agenda item or NULL, $3 text, $4 actor, $5 the cases
 * the action items name: the decision, and an internal note on the
 * timeline of the agenda item's cases that no action item names (those
 * get their own note with the item).
 */
static const char SQL_DECIDE[] =
    "WITH ins AS (INSERT INTO meeting_decisions (meeting_id, agenda_item_id,"
    "  position, body, created_by) VALUES ($1::bigint, $2::bigint,"
    "  (SELECT coalesce(max(d.position), 0) + 1 FROM meeting_decisions d"
    "  WHERE d.meeting_id = $1::bigint), btrim($3), $4::bigint)"
    "  RETURNING *),"
    " mt AS (SELECT m.title, (m.starts_at AT TIME ZONE 'Asia/Shanghai')::date"
    "  AS day FROM meetings m WHERE m.id = $1::bigint),"
    " tl AS (INSERT INTO case_events (case_id, actor_user_id, kind, body,"
    "  internal, data) SELECT l.case_id, $4::bigint, 'note',"
    "  format('产业链党委会议决定（%s，%s）：%s', mt.title, mt.day,"
    "  ins.body), true, jsonb_build_object('meeting_id', $1::bigint,"
    "  'decision_id', ins.id) FROM ins, mt, meeting_agenda_cases l"
    "  WHERE l.agenda_item_id = ins.agenda_item_id"
    "  AND NOT (l.case_id = ANY ($5::bigint[])) RETURNING 1)"
    " SELECT ins.id, json_build_object('agenda_item_id', ins.agenda_item_id,"
    " 'position', ins.position, 'notes', (SELECT count(*) FROM tl))::text"
    " FROM ins";

/* $1 decision. */
static const char SQL_DECISION[] =
    "SELECT json_build_object(" SQL_DECISION_FIELDS ")"
    " FROM meeting_decisions d JOIN meetings m ON m.id = d.meeting_id"
    " JOIN chains ch ON ch.id = m.chain_id WHERE d.id = $1::bigint";

struct decide_tx {
	struct hl_ctx *ctx;
	int64_t id;
	const struct hl_meeting_decision_in *in;
	struct hl_buf *out;
};

/* The locked meeting takes decisions (held). */
static int
decisions_open(const struct hl_db_res *lk, struct hl_err *err)
{
	const char *st = hl_db_get(lk, 0, L_STATUS);

	if (strcmp(st, "held") == 0)
		return 0;
	if (strcmp(st, "draft") == 0 || strcmp(st, "scheduled") == 0)
		return hl_err_set(err, 409, "conflict",
		    "会议召开后（标记为“已召开”）才能记录决定");
	return hl_err_set(err, 409, "conflict", "会议%s，不能再记录决定",
	    status_label(st));
}

static int
decide_actions(struct decide_tx *dt, const struct hl_db_res *lk,
    int64_t decision, struct hl_err *err)
{
	const struct hl_meeting_decision_in *in = dt->in;
	size_t i;

	for (i = 0; i < in->n_actions; i++)
		if (hl_action_add(dt->ctx, dt->id,
		        hl_db_get_i64(lk, 0, L_CHAIN), hl_db_get(lk, 0, L_DAY),
		        decision, in->text, i, &in->actions[i], err) == -1)
			return -1;
	return 0;
}

static int
decide_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct decide_tx *dt = arg;
	const struct hl_meeting_decision_in *in = dt->in;
	struct hl_db_res *lk = NULL;
	struct hl_db_res *r = NULL;
	struct hl_buf cases = { 0 };
	char mid[24];
	char item[24];
	char uid[24];
	const char *params[5];
	size_t i;
	size_t k;
	int rc = -1;

	if (lock_meeting(dt->ctx, dt->id, NULL, &lk, err) == -1)
		return -1;
	if (is_blank(in->text))
		hl_err_field(err, "text", "请填写会议决定");
	else if (hl_utf8_chars(in->text) > HL_MEETING_DECISION_MAX)
		hl_err_field(err, "text", "会议决定不能超过 %d 个字",
		    HL_MEETING_DECISION_MAX);
	if (in->n_actions > HL_MEETING_ACTIONS_MAX)
		hl_err_field(err, "actions", "一项决定最多 %d 项督办事项",
		    HL_MEETING_ACTIONS_MAX);
	if (hl_err_is_set(err) || decisions_open(lk, err) == -1)
		goto out;
	hl_i64_text(dt->id, mid);
	hl_i64_text(in->agenda_item_id, item);
	hl_i64_text(dt->ctx->user_id, uid);
	params[0] = mid;
	params[1] = item;
	if (in->agenda_item_id > 0) {
		r = hl_db_exec(db, SQL_ITEM_OF, 2, params, err);
		if (r == NULL)
			goto out;
		if (hl_db_nrows(r) == 0) {
			hl_err_field(err, "agenda_item_id",
			    "议程条目不存在或不属于本次会议");
			goto out;
		}
		hl_db_res_free(r);
		r = NULL;
	}
	hl_buf_putc(&cases, '{');
	for (i = 0; i < in->n_actions; i++)
		for (k = 0; k < in->actions[i].n_case_ids; k++)
			hl_buf_printf(&cases, "%s%" PRId64,
			    cases.len > 1 ? "," : "",
			    in->actions[i].case_ids[k]);
	hl_buf_putc(&cases, '}');
	params[1] = in->agenda_item_id > 0 ? item : NULL;
	params[2] = in->text;
	params[3] = uid;
	params[4] = hl_buf_cstr(&cases);
	r = hl_db_exec(db, SQL_DECIDE, 5, params, err);
	if (r == NULL)
		goto out;
	if (decide_actions(dt, lk, hl_db_get_i64(r, 0, 0), err) == -1 ||
	    hl_audit_add(dt->ctx, "meeting.decision", "meeting", mid, NULL,
	        hl_db_get(r, 0, 1), err) == -1)
		goto out;
	params[0] = hl_db_get(r, 0, 0);
	if (hl_db_fetch_json(db, SQL_DECISION, 1, params, dt->out, err) == -1)
		goto out;
	rc = 0;
out:
	hl_buf_release(&cases);
	hl_db_res_free(r);
	hl_db_res_free(lk);
	return rc;
}

int
hl_meeting_decide(struct hl_ctx *ctx, int64_t id,
    const struct hl_meeting_decision_in *in, struct hl_buf *out,
    struct hl_err *err)
{
	struct decide_tx dt = { ctx, id, in, out };

	return hl_db_tx_run_out(ctx->db, decide_tx, &dt, out, err);
}
