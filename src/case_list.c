/*
 * Case lists and exports.  Every filter is a parameter that is either NULL
 * (no filter) or a checked value, so one prepared statement per sort order
 * serves every combination; PostgreSQL's custom plans fold the unused
 * filters away.  Keyset paging: the cursor is base64url of
 * "<sort>.<key>.<id>" where key is the sort column in microseconds since
 * the epoch (exact, unlike a float) or "inf" for a case without deadline.
 */
#include "case_list.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "case.h"
#include "case_fsm.h"
#include "ctx.h"
#include "db.h"
#include "err.h"
#include "export.h"
#include "mem.h"
#include "str.h"

#define LIMIT_DEFAULT 50
#define LIMIT_MAX     200
#define CURSOR_MAX    96

/* One list item of case c (joined: e enterprises, ch chains, a users). */
#define SQL_ITEM                                                               \
	"json_build_object('id', c.id, 'number', c.number,"                    \
	" 'enterprise_id', e.id, 'enterprise_name', e.name,"                   \
	" 'chain_code', ch.code, 'chain_name', ch.name,"                       \
	" 'category', c.category, 'title', c.title, 'status', c.status,"       \
	" 'channel', c.channel,"                                               \
	" 'assignee', CASE WHEN a.id IS NULL THEN NULL"                        \
	"  ELSE json_build_object('id', a.id, 'name', a.name) END,"            \
	" 'created_at', c.created_at, 'accepted_at', c.accepted_at,"           \
	" 'due_on', c.due_on, 'due_at', c.due_at,"                             \
	" 'overdue', " HL_CASE_SQL_OVERDUE ","                                 \
	" 'workdays_left', " HL_CASE_SQL_WORKDAYS_LEFT ","                     \
	" 'escalated', c.escalated,"                                           \
	" 'escalation', " HL_CASE_SQL_ESCALATION ","                           \
	" 'updated_at', c.updated_at)"

#define SQL_FROM                                                               \
	" FROM cases c JOIN enterprises e ON e.id = c.enterprise_id"           \
	" JOIN chains ch ON ch.id = c.chain_id"                                \
	" LEFT JOIN users a ON a.id = c.assignee_user_id"

/*
 * The scope of HL_CASE_SQL_SCOPE, with the commissioner's enterprises and
 * the committee member's chains read first (hl_case_scope_ids()) and
 * passed as $14: PostgreSQL then plans for how many cases they hold.
 * Asked as a subquery it cannot know, and with a million cases it walked
 * the whole created_at index for a commissioner of a few hundred cases.
 */
#define SQL_SCOPE                                                              \
	"($1 = 'admin'"                                                        \
	" OR ($1 = 'enterprise' AND c.enterprise_id = $3::bigint)"             \
	" OR ($1 = 'commissioner' AND c.enterprise_id = ANY ($14::bigint[]))"  \
	" OR ($1 = 'responder' AND c.assignee_user_id = $2::bigint)"           \
	" OR ($1 = 'committee' AND c.chain_id = ANY ($14::bigint[])))"

/*
 * $1..$3 and $14 scope; $4 statuses (comma list), $5 chain code, $6
 * category, $7 assignee, $8 enterprise, $9 overdue, $10 escalated, $11
 * from, $12 to, $13 q.  The overdue test is the indexable form
 * (cases_open_due_idx).  q is matched literally against number, title and
 * description: \, % and _ are escaped for ILIKE; trigram indexes serve
 * the title and description (0012).
 */
#define SQL_WHERE                                                              \
	" WHERE " SQL_SCOPE " AND ($4::text IS NULL"                           \
	"  OR c.status = ANY (string_to_array($4::text, ',')))"                \
	" AND ($5::text IS NULL OR c.chain_id = (SELECT x.id FROM chains x"    \
	"  WHERE x.code = $5::text))"                                          \
	" AND ($6::text IS NULL OR c.category = $6::text)"                     \
	" AND ($7::bigint IS NULL OR c.assignee_user_id = $7::bigint)"         \
	" AND ($8::bigint IS NULL OR c.enterprise_id = $8::bigint)"            \
	" AND ($9::boolean IS NULL"                                            \
	"  OR ($9::boolean AND c.status IN ('accepted', 'assigned',"           \
	"   'in_progress') AND c.due_at < hl_now())"                           \
	"  OR (NOT $9::boolean AND NOT " HL_CASE_SQL_OVERDUE "))"              \
	" AND ($10::boolean IS NULL OR c.escalated = $10::boolean)"            \
	" AND ($11::date IS NULL OR c.created_at >="                           \
	"  $11::date::timestamp AT TIME ZONE 'Asia/Shanghai')"                 \
	" AND ($12::date IS NULL OR c.created_at <"                            \
	"  ($12::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')"           \
	" AND ($13::text IS NULL OR c.number ILIKE $13::text"                  \
	"  OR c.title ILIKE $13::text OR c.description ILIKE $13::text)"

#define N_FILTER_PARAMS 14

/* The cursor's key $15 as a timestamp: microseconds since the epoch. */
#define SQL_KEY_TS                                                             \
	"(timestamptz 'epoch' + $15::bigint * interval '1 microsecond')"

/* A column in microseconds since the epoch, exact (numeric). */
#define SQL_MICROS(col) "(extract(epoch FROM " col ") * 1000000)::bigint"

/*
 * The page: $15 key ('' on the first page), $16 id, $17 limit.  The inner
 * query sorts and cuts (by an index, or top-N) before the items are built;
 * the outer one numbers the rows and answers the items and the key of the
 * page's last row when another page follows.
 */
#define SQL_PAGE(sort_col, order)                                               \
	" ORDER BY " order " LIMIT $17::int + 1),"                              \
	" num AS (SELECT item, coalesce(" SQL_MICROS(                           \
	    "s") "::text, 'inf')"                                               \
	         "  || '.' || id AS k, row_number() OVER (ORDER BY " sort_col   \
	         ") AS rn"                                                      \
	         "  FROM page)"                                                 \
	         " SELECT coalesce((SELECT json_agg(item ORDER BY rn) FROM num" \
	         "  WHERE rn <= $17::int), '[]'),"                              \
	         " (SELECT k FROM num WHERE rn = $17::int"                      \
	         "  AND EXISTS (SELECT 1 FROM num WHERE rn > $17::int))"

static const char SQL_LIST_CREATED[] =
    "WITH page AS (SELECT c.id, c.created_at AS s, " SQL_ITEM
    " AS item" SQL_FROM SQL_WHERE
    " AND ($15::text = '' OR (c.created_at, c.id) < (" SQL_KEY_TS
    ", $16::bigint))" SQL_PAGE("s DESC, id DESC",
        "c.created_at DESC, c.id DESC");

/*
 * Soonest deadline first, cases without one last (ascending sorts put
 * NULLs last, as cases_open_due_idx does, so with an open-status filter
 * the index gives the order).  Past the last dated case the key is "inf".
 */
static const char SQL_LIST_DUE[] =
    "WITH page AS (SELECT c.id, c.due_at AS s, " SQL_ITEM
    " AS item" SQL_FROM SQL_WHERE
    " AND ($15::text = '' OR CASE WHEN $15::text = 'inf'"
    "  THEN c.due_at IS NULL AND c.id > $16::bigint"
    "  ELSE (c.due_at, c.id) > (" SQL_KEY_TS ", $16::bigint)"
    "  OR c.due_at IS NULL END)" SQL_PAGE("s, id", "c.due_at, c.id");

/* The checked filter: SQL parameters $1..$17. */
struct query {
	const char *params[17];
	char uid[24];
	char ent[24];
	char assignee[24];
	char enterprise[24];
	char key[24];
	char id[24];
	char limit[8];
	const char *scope_ids; /* $14: "{…}" (arena) */
	bool by_due;
};

static int
scope_ids(struct hl_ctx *ctx, struct query *q, struct hl_err *err)
{
	return hl_case_scope_ids(ctx, &q->scope_ids, err);
}

static int
bad_param(struct hl_err *err, const char *name, const char *msg)
{
	if (!hl_err_is_set(err))
		hl_err_set(err, 400, "bad_request", "查询参数无效");
	return hl_err_field(err, name, "%s", msg);
}

static void
check_statuses(const char *s, struct hl_err *err)
{
	char one[16];
	const char *p = s;

	for (;;) {
		size_t n = strcspn(p, ",");
		enum hl_case_fsm_status st;

		if (n == 0 || n >= sizeof(one)) {
			bad_param(err, "status", "未知的状态");
			return;
		}
		memcpy(one, p, n);
		one[n] = '\0';
		if (hl_case_fsm_status_parse(one, &st) == -1) {
			bad_param(err, "status", "未知的状态");
			return;
		}
		if (p[n] == '\0')
			return;
		p += n + 1;
	}
}

/* The cursor "<d|c>.<key>.<id>" into q->key and q->id. */
static void
check_cursor(const char *v, struct query *q, struct hl_err *err)
{
	char raw[CURSOR_MAX + 1];
	long n;
	char *dot1;
	char *dot2;
	int64_t x;

	q->key[0] = '\0';
	snprintf(q->id, sizeof(q->id), "0");
	if (v == NULL || v[0] == '\0')
		return;
	n = hl_b64url_decode(v, strlen(v), raw, CURSOR_MAX);
	if (n < 5) {
		bad_param(err, "cursor", "分页游标无效");
		return;
	}
	raw[n] = '\0';
	dot1 = strchr(raw, '.');
	dot2 = dot1 != NULL ? strchr(dot1 + 1, '.') : NULL;
	if (dot1 != raw + 1 || dot2 == NULL ||
	    raw[0] != (q->by_due ? 'd' : 'c')) {
		bad_param(err, "cursor", "分页游标无效");
		return;
	}
	*dot2 = '\0';
	if ((strcmp(dot1 + 1, "inf") != 0 || !q->by_due) &&
	    hl_str_to_i64(hl_str_from(dot1 + 1), &x) == -1) {
		bad_param(err, "cursor", "分页游标无效");
		return;
	}
	if (hl_str_to_i64(hl_str_from(dot2 + 1), &x) == -1 || x <= 0 ||
	    strlen(dot1 + 1) >= sizeof(q->key)) {
		bad_param(err, "cursor", "分页游标无效");
		return;
	}
	snprintf(q->key, sizeof(q->key), "%s", dot1 + 1);
	snprintf(q->id, sizeof(q->id), "%" PRId64, x);
}

/* Check f and fill q's parameters; 400 with fields for bad values. */
static int
make_query(struct hl_ctx *ctx, const struct hl_case_filter *f, struct query *q,
    struct hl_err *err)
{
	const char **p = q->params;
	int64_t limit = LIMIT_DEFAULT;

	memset(q, 0, sizeof(*q));
	hl_case_scope_params(ctx, q->uid, q->ent, p);
	if (f->status != NULL)
		check_statuses(f->status, err);
	p[3] = f->status;
	p[4] = f->chain;
	if (f->category != NULL && hl_case_category_label(f->category) == NULL)
		bad_param(err, "category", "未知的类别");
	p[5] = f->category;
	if (f->assignee > 0) {
		snprintf(q->assignee, sizeof(q->assignee), "%" PRId64,
		    f->assignee);
		p[6] = q->assignee;
	}
	if (f->enterprise > 0) {
		snprintf(q->enterprise, sizeof(q->enterprise), "%" PRId64,
		    f->enterprise);
		p[7] = q->enterprise;
	}
	p[8] = f->overdue;
	p[9] = f->escalated;
	p[10] = f->from;
	p[11] = f->to;
	p[12] = f->q != NULL ? hl_db_like(ctx->arena, f->q) : NULL;
	if (scope_ids(ctx, q, err) == -1)
		return -1;
	p[13] = q->scope_ids;
	if (f->sort == NULL || strcmp(f->sort, "-created_at") == 0)
		q->by_due = false;
	else if (strcmp(f->sort, "due_at") == 0)
		q->by_due = true;
	else
		bad_param(err, "sort", "排序应为 -created_at 或 due_at");
	if (f->limit != 0)
		limit = f->limit;
	if (limit < 1 || limit > LIMIT_MAX)
		bad_param(err, "limit", "每页条数应为 1 到 200");
	check_cursor(f->cursor, q, err);
	snprintf(q->limit, sizeof(q->limit), "%" PRId64, limit);
	p[14] = q->key;
	p[15] = q->id;
	p[16] = q->limit;
	return hl_err_is_set(err) ? -1 : 0;
}

int
hl_case_list_json(struct hl_ctx *ctx, const struct hl_case_filter *f,
    struct hl_buf *out, struct hl_err *err)
{
	struct query q = { 0 };
	struct hl_db_res *r;

	if (make_query(ctx, f, &q, err) == -1)
		return -1;
	r = hl_db_exec(ctx->db, q.by_due ? SQL_LIST_DUE : SQL_LIST_CREATED, 17,
	    q.params, err);
	if (r == NULL)
		return -1;
	hl_buf_puts(out, "{\"items\":");
	hl_db_append_json(out, r, 0, 0);
	hl_buf_puts(out, ",\"next_cursor\":");
	if (hl_db_isnull(r, 0, 1)) {
		hl_buf_puts(out, "null");
	} else {
		char raw[CURSOR_MAX];
		char enc[4 * CURSOR_MAX / 3 + 8];
		int n = snprintf(raw, sizeof(raw), "%c.%s",
		    q.by_due ? 'd' : 'c', hl_db_get(r, 0, 1));

		hl_b64url_encode(raw, (size_t)n, enc);
		hl_buf_printf(out, "\"%s\"", enc);
	}
	hl_buf_putc(out, '}');
	hl_db_res_free(r);
	return 0;
}

/* ---- counts ---- */

/* $1..$13 as in the list; f is the filtered set. */
static const char SQL_STATS[] =
    "WITH f AS (SELECT c.status, c.category, c.chain_id, c.escalated,"
    " " HL_CASE_SQL_OVERDUE " AS overdue FROM cases c" SQL_WHERE ")"
    " SELECT json_build_object('total', (SELECT count(*) FROM f),"
    " 'open', (SELECT count(*) FROM f WHERE hl_case_is_open(f.status)),"
    " 'overdue', (SELECT count(*) FROM f WHERE f.overdue),"
    " 'escalated', (SELECT count(*) FROM f WHERE f.escalated),"
    " 'by_status', (SELECT coalesce(json_object_agg(s.status, s.n), '{}')"
    "  FROM (SELECT f.status, count(*) AS n FROM f GROUP BY 1) s),"
    " 'by_category', (SELECT coalesce(json_object_agg(s.category, s.n),"
    "  '{}') FROM (SELECT f.category, count(*) AS n FROM f GROUP BY 1) s),"
    " 'by_chain', (SELECT coalesce(json_agg(json_build_object("
    "  'chain_code', x.code, 'chain_name', x.name, 'open', s.open,"
    "  'overdue', s.overdue) ORDER BY x.sort_order, x.id), '[]')"
    "  FROM (SELECT f.chain_id,"
    "  count(*) FILTER (WHERE hl_case_is_open(f.status)) AS open,"
    "  count(*) FILTER (WHERE f.overdue) AS overdue FROM f GROUP BY 1) s"
    "  JOIN chains x ON x.id = s.chain_id))";

int
hl_case_stats_json(struct hl_ctx *ctx, const struct hl_case_filter *f,
    struct hl_buf *out, struct hl_err *err)
{
	struct hl_case_filter all = *f;
	struct query q = { 0 };

	all.sort = NULL;
	all.cursor = NULL;
	all.limit = 0;
	if (make_query(ctx, &all, &q, err) == -1)
		return -1;
	return hl_db_fetch_json(ctx->db, SQL_STATS, N_FILTER_PARAMS, q.params,
	    out, err);
}

/* ---- exports ---- */

#define SQL_LOCAL_TS(col)                                                      \
	"to_char(" col " AT TIME ZONE 'Asia/Shanghai',"                        \
	" 'YYYY-MM-DD HH24:MI:SS')"

#define SQL_EXPORT_COLS                                                                              \
	"SELECT c.number, e.name, ch.name, c.category, c.title, c.status,"                           \
	" c.channel, a.name, " SQL_LOCAL_TS(                                                         \
	    "c.created_at") ","                                                                      \
	                    " " SQL_LOCAL_TS(                                                        \
	                        "c.accepted_at") ", c.due_on::text,"                                 \
	                                         " CASE WHEN " HL_CASE_SQL_OVERDUE                   \
	                                         " THEN '是' ELSE '否' END,"                       \
	                                         " (" HL_CASE_SQL_WORKDAYS_LEFT                      \
	                                         ")::text,"                                          \
	                                         " CASE WHEN c.escalated THEN '是' ELSE '否' END," \
	                                         " " SQL_LOCAL_TS(                                   \
	                                             "c.resolved_at") ", c.rating::text"

/* $1..$13 as in the list. */
static const char SQL_EXPORT_CREATED[] =
    SQL_EXPORT_COLS SQL_FROM SQL_WHERE " ORDER BY c.created_at DESC, c.id DESC";

static const char SQL_EXPORT_DUE[] =
    SQL_EXPORT_COLS SQL_FROM SQL_WHERE " ORDER BY c.due_at, c.id";

static const struct hl_export_col export_cols[] = {
	{ "number", "诉求编号", HL_EXPORT_TEXT },
	{ "enterprise", "企业", HL_EXPORT_TEXT },
	{ "chain", "产业链", HL_EXPORT_TEXT },
	{ "category", "类别", HL_EXPORT_TEXT },
	{ "title", "标题", HL_EXPORT_TEXT },
	{ "status", "状态", HL_EXPORT_TEXT },
	{ "channel", "渠道", HL_EXPORT_TEXT },
	{ "assignee", "承办人", HL_EXPORT_TEXT },
	{ "created_at", "提交时间", HL_EXPORT_DATETIME },
	{ "accepted_at", "受理时间", HL_EXPORT_DATETIME },
	{ "due_on", "办理期限", HL_EXPORT_DATE },
	{ "overdue", "是否逾期", HL_EXPORT_TEXT },
	{ "workdays_left", "剩余工作日", HL_EXPORT_INT },
	{ "escalated", "书记突破项目", HL_EXPORT_TEXT },
	{ "resolved_at", "办结时间", HL_EXPORT_DATETIME },
	{ "rating", "企业评分", HL_EXPORT_INT },
};

#define N_EXPORT_COLS (sizeof(export_cols) / sizeof(export_cols[0]))
enum { X_CATEGORY = 3, X_STATUS = 5, X_CHANNEL = 6 };

/* Codes become the Chinese labels people read. */
static int
next_row(void *arg, const char **cells, struct hl_err *err)
{
	struct hl_db_rows *rows = arg;
	enum hl_case_fsm_status st;
	int got = hl_db_rows_next(rows, cells, N_EXPORT_COLS, err);

	if (got != 1)
		return got;
	cells[X_CATEGORY] = hl_case_category_label(cells[X_CATEGORY]);
	cells[X_CHANNEL] = hl_case_channel_label(cells[X_CHANNEL]);
	if (hl_case_fsm_status_parse(cells[X_STATUS], &st) == 0)
		cells[X_STATUS] = hl_case_fsm_status_label(st);
	return 1;
}

int
hl_case_export(struct hl_ctx *ctx, const struct hl_case_filter *f,
    enum hl_case_export_format fmt, struct hl_export_stream **out,
    struct hl_err *err)
{
	struct hl_case_filter all = *f;
	struct query q = { 0 };
	struct hl_db_rows *rows;
	bool csv = fmt == HL_CASE_EXPORT_CSV;

	*out = NULL;
	all.cursor = NULL;
	all.limit = 0;
	if (make_query(ctx, &all, &q, err) == -1)
		return -1;
	rows = hl_db_rows_open(q.by_due ? SQL_EXPORT_DUE : SQL_EXPORT_CREATED,
	    N_FILTER_PARAMS, q.params, csv ? 0 : HL_CASE_EXPORT_XLSX_MAX, err);
	if (rows == NULL)
		return -1;
	if (csv) {
		*out = hl_export_csv_stream(export_cols, N_EXPORT_COLS,
		    next_row, rows, hl_db_rows_free);
		return 0;
	}
	return hl_export_xlsx_stream("诉求", export_cols, N_EXPORT_COLS,
	    next_row, rows, hl_db_rows_free, out, err);
}

/* ---- the escalation board ---- */

/* $1..$3 scope (only admin and committee get past the WHERE), $4 code. */
static const char SQL_ESCALATIONS[] =
    "SELECT json_build_object('chain', json_build_object('code', ch.code,"
    " 'name', ch.name), 'items', coalesce((SELECT json_agg(" SQL_ITEM
    "  ORDER BY c.escalated_at, c.id)"
    "  FROM cases c JOIN enterprises e ON e.id = c.enterprise_id"
    "  LEFT JOIN users a ON a.id = c.assignee_user_id"
    "  WHERE c.chain_id = ch.id AND c.escalated"
    "  AND hl_case_is_open(c.status)), '[]'))"
    " FROM chains ch WHERE ch.code = $4 AND $3::bigint IS NOT NULL"
    " AND ($1 = 'admin' OR ($1 = 'committee' AND EXISTS (SELECT 1"
    "  FROM user_chains uc WHERE uc.chain_id = ch.id"
    "  AND uc.user_id = $2::bigint)))";

int
hl_case_escalations_json(struct hl_ctx *ctx, const char *code,
    struct hl_buf *out, struct hl_err *err)
{
	char uid[24];
	char ent[24];
	const char *params[4];

	hl_case_scope_params(ctx, uid, ent, params);
	params[3] = code;
	return hl_db_fetch_json(ctx->db, SQL_ESCALATIONS, 4, params, out, err);
}
