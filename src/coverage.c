/*
 * Coverage and workload reports.  Each is one statement: the coverage
 * grid is enterprises × the five levels (passed as a JSON parameter from
 * hl_visit_levels, so the list lives in one place) left-joined to the
 * last visit per level; the workload counts per commissioner are
 * correlated subqueries over CTEs already cut down to the caller's scope.
 */
#include "coverage.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "case.h"
#include "ctx.h"
#include "db.h"
#include "err.h"
#include "export.h"
#include "json.h"
#include "visit.h"

/*
 * $1..$3 scope, $4 chain code, $5 commissioner id, $6 stale days (NULL:
 * not given), $7 the levels as a JSON array.  cell is one enterprise and
 * level with its last visit; agg one enterprise's row.  td is today once:
 * hl_today() per cell cost seconds with tens of thousands of enterprises.
 */
#define SQL_GRID                                                                \
	"WITH td AS MATERIALIZED (SELECT hl_today() AS today),"                 \
	" ent AS (SELECT e.id, e.name, e.credit_code, e.district,"              \
	"  e.key_enterprise FROM enterprises e"                                 \
	"  WHERE " HL_VISIT_SQL_ENTERPRISE_SCOPE                                \
	"  AND ($4::text IS NULL OR e.id IN (SELECT ec.enterprise_id"           \
	"   FROM enterprise_chains ec JOIN chains x ON x.id = ec.chain_id"      \
	"   WHERE x.code = $4::text))"                                          \
	"  AND ($5::bigint IS NULL OR e.id IN (SELECT a.enterprise_id"          \
	"   FROM assignments a WHERE a.commissioner_id = $5::bigint))),"        \
	" lv AS (SELECT v.enterprise_id, l.level, max(v.visited_on) AS last_on" \
	"  FROM visits v JOIN ent ON ent.id = v.enterprise_id"                  \
	"  CROSS JOIN unnest(v.levels) AS l(level) GROUP BY 1, 2),"             \
	" tot AS (SELECT v.enterprise_id, count(*) AS n,"                       \
	"  max(v.visited_on) AS last_on"                                        \
	"  FROM visits v JOIN ent ON ent.id = v.enterprise_id GROUP BY 1),"     \
	" cell AS (SELECT ent.id, k.level, k.ord, lv.last_on,"                  \
	"  ($6::int IS NOT NULL AND (lv.last_on IS NULL"                        \
	"   OR lv.last_on < (SELECT today FROM td) - $6::int)) AS stale"        \
	"  FROM ent CROSS JOIN json_array_elements_text($7::json)"              \
	"  WITH ORDINALITY AS k(level, ord)"                                    \
	"  LEFT JOIN lv ON lv.enterprise_id = ent.id AND lv.level = k.level),"  \
	" agg AS (SELECT cell.id, json_object_agg(cell.level,"                  \
	"  json_build_object('last_visited_on', cell.last_on,"                  \
	"  'days_since', (SELECT today FROM td) - cell.last_on,"                \
	"  'stale', cell.stale)"                                                \
	"  ORDER BY cell.ord) AS levels,"                                       \
	"  array_agg(cell.last_on ORDER BY cell.ord) AS dates,"                 \
	"  coalesce(array_agg(cell.level ORDER BY cell.ord)"                    \
	"  FILTER (WHERE cell.stale), '{}') AS stale_levels"                    \
	"  FROM cell GROUP BY cell.id)"

#define SQL_GRID_FROM                                                          \
	" FROM ent JOIN agg ON agg.id = ent.id"                                \
	" LEFT JOIN tot ON tot.enterprise_id = ent.id"                         \
	" WHERE ($6::int IS NULL OR cardinality(agg.stale_levels) > 0)"

/* The chain and commissioner asked for exist (else no row: 404). */
#define SQL_KNOWN                                                              \
	" WHERE ($4::text IS NULL OR EXISTS (SELECT 1 FROM chains x"           \
	"  WHERE x.code = $4::text))"                                          \
	" AND ($5::bigint IS NULL OR EXISTS (SELECT 1 FROM users u"            \
	"  WHERE u.id = $5::bigint AND u.role = 'commissioner'))"

static const char SQL_COVERAGE[] = SQL_GRID
    " SELECT json_build_object('today', hl_today(),"
    " 'chain', (SELECT json_build_object('code', x.code, 'name', x.name)"
    "  FROM chains x WHERE x.code = $4::text),"
    " 'commissioner', (SELECT json_build_object('id', u.id,"
    "  'name', u.name) FROM users u WHERE u.id = $5::bigint),"
    " 'stale_days', $6::int, 'levels', $7::json,"
    " 'items', (SELECT coalesce(json_agg(json_build_object("
    "  'enterprise', json_build_object('id', ent.id, 'name', ent.name,"
    "   'credit_code', ent.credit_code, 'district', ent.district,"
    "   'key_enterprise', ent.key_enterprise),"
    "  'visits', coalesce(tot.n, 0), 'last_visited_on', tot.last_on,"
    "  'levels', agg.levels, 'stale_levels', agg.stale_levels)"
    "  ORDER BY ent.id), '[]')" SQL_GRID_FROM "))" SQL_KNOWN;

/* The parameters of f for ctx. */
struct query {
	const char *params[7];
	char uid[24];
	char ent[24];
	char commissioner[24];
	char stale[24];
	struct hl_buf levels; /* owned: release with query_release() */
};

static void
query_release(struct query *q)
{
	hl_buf_release(&q->levels);
}

static int
make_query(struct hl_ctx *ctx, const struct hl_coverage_filter *f,
    struct query *q, struct hl_err *err)
{
	struct hl_jw w;
	size_t i;

	memset(q, 0, sizeof(*q));
	if (f->stale_days < -1 || f->stale_days > HL_COVERAGE_STALE_DAYS_MAX) {
		hl_err_set(err, 400, "bad_request", "查询参数 stale_days 有误");
		return hl_err_field(err, "stale_days", "应为 0 到 %d 的整数",
		    HL_COVERAGE_STALE_DAYS_MAX);
	}
	hl_case_scope_params(ctx, q->uid, q->ent, q->params);
	q->params[3] = f->chain;
	if (f->commissioner > 0) {
		snprintf(q->commissioner, sizeof(q->commissioner), "%" PRId64,
		    f->commissioner);
		q->params[4] = q->commissioner;
	}
	if (f->stale_days >= 0) {
		snprintf(q->stale, sizeof(q->stale), "%" PRId64, f->stale_days);
		q->params[5] = q->stale;
	}
	hl_jw_init(&w, &q->levels);
	hl_jw_arr_begin(&w);
	for (i = 0; hl_visit_levels[i] != NULL; i++)
		hl_jw_str(&w, hl_visit_levels[i]);
	hl_jw_arr_end(&w);
	q->params[6] = hl_buf_cstr(&q->levels);
	return 0;
}

int
hl_coverage_json(struct hl_ctx *ctx, const struct hl_coverage_filter *f,
    struct hl_buf *out, struct hl_err *err)
{
	struct query q = { 0 };
	int rc;

	if (make_query(ctx, f, &q, err) == -1)
		return -1;
	rc = hl_db_fetch_json(ctx->db, SQL_COVERAGE, 7, q.params, out, err);
	query_release(&q);
	return rc;
}

/* ---- export ---- */

static const char SQL_EXPORT[] = SQL_GRID
    " SELECT ent.name, ent.credit_code, ent.district,"
    " CASE WHEN ent.key_enterprise THEN '是' ELSE '否' END,"
    " coalesce(tot.n, 0)::text, tot.last_on::text,"
    " agg.dates[1]::text, agg.dates[2]::text, agg.dates[3]::text,"
    " agg.dates[4]::text, agg.dates[5]::text,"
    " array_to_string(agg.stale_levels, ',')" SQL_GRID_FROM " ORDER BY ent.id";

/* Like SQL_KNOWN, for the 404 of an export (whose rows may be none). */
static const char SQL_CHECK[] = "SELECT $1::text, $2::text, $3::text,"
                                " $6::int, $7::json" SQL_KNOWN;

/* The columns of the five levels follow hl_visit_levels' order. */
static const struct hl_export_col export_cols[] = {
	{ "enterprise", "企业", HL_EXPORT_TEXT },
	{ "credit_code", "统一社会信用代码", HL_EXPORT_TEXT },
	{ "district", "区县", HL_EXPORT_TEXT },
	{ "key_enterprise", "重点企业", HL_EXPORT_TEXT },
	{ "visits", "走访次数", HL_EXPORT_INT },
	{ "last_visited_on", "最近走访", HL_EXPORT_DATE },
	{ "industry", "产业层面最近走访", HL_EXPORT_DATE },
	{ "enterprise_level", "企业层面最近走访", HL_EXPORT_DATE },
	{ "project", "项目层面最近走访", HL_EXPORT_DATE },
	{ "technology", "技术层面最近走访", HL_EXPORT_DATE },
	{ "talent", "人才层面最近走访", HL_EXPORT_DATE },
	{ "stale_levels", "超期未走访层面", HL_EXPORT_TEXT },
};

#define N_EXPORT_COLS (sizeof(export_cols) / sizeof(export_cols[0]))
enum { X_STALE = 11 };

int
hl_coverage_export(struct hl_ctx *ctx, const struct hl_coverage_filter *f,
    enum hl_coverage_export_format fmt, struct hl_buf *out, struct hl_err *err)
{
	struct query q = { 0 };
	struct hl_db_res *r = NULL;
	struct hl_visit_rows rs = { NULL, N_EXPORT_COLS, X_STALE, 0, { 0 } };
	struct hl_db_res *known;
	int rc = -1;

	if (make_query(ctx, f, &q, err) == -1)
		return -1;
	known = hl_db_exec(ctx->db, SQL_CHECK, 7, q.params, err);
	if (known == NULL)
		goto out;
	if (hl_db_nrows(known) == 0) {
		hl_db_res_free(known);
		hl_err_not_found(err);
		goto out;
	}
	hl_db_res_free(known);
	r = hl_db_exec(ctx->db, SQL_EXPORT, 7, q.params, err);
	if (r == NULL)
		goto out;
	rs.r = r;
	if (fmt == HL_COVERAGE_EXPORT_CSV)
		rc = hl_export_csv(export_cols, N_EXPORT_COLS,
		    hl_visit_rows_next, &rs, out, err);
	else
		rc = hl_export_xlsx("走访覆盖", export_cols, N_EXPORT_COLS,
		    hl_visit_rows_next, &rs, out, err);
out:
	hl_buf_release(&rs.labels);
	hl_db_res_free(r);
	query_release(&q);
	return rc;
}

/* ---- workload ---- */

/*
 * $1..$3 scope, $4 from, $5 to (NULL: the 30 days up to today).  held:
 * assignments to enterprises in scope; vis: visits in the period recorded
 * by those commissioners and visible to the caller; cs: the caller's
 * cases of held enterprises.
 */
static const char SQL_WORKLOAD[] =
    "WITH p AS (SELECT coalesce($4::date, coalesce($5::date, hl_today()) - 29)"
    "  AS from_on, coalesce($5::date, hl_today()) AS to_on),"
    " ent AS (SELECT e.id FROM enterprises e"
    "  WHERE " HL_VISIT_SQL_ENTERPRISE_SCOPE "),"
    " held AS (SELECT a.commissioner_id AS uid, a.enterprise_id AS eid"
    "  FROM assignments a JOIN ent ON ent.id = a.enterprise_id),"
    " com AS (SELECT u.id, u.name, u.login, u.disabled_at FROM users u"
    "  WHERE u.role = 'commissioner' AND ($1 = 'admin'"
    "  OR u.id IN (SELECT uid FROM held))),"
    " vis AS (SELECT v.id, v.recorded_by AS uid, v.enterprise_id"
    "  FROM visits v, p WHERE v.visited_on BETWEEN p.from_on AND p.to_on"
    "  AND v.recorded_by IN (SELECT id FROM com)"
    "  AND " HL_VISIT_SQL_SCOPE "),"
    " cs AS (SELECT c.id, c.status, c.due_at, c.rating, c.rated_at,"
    "  h.uid FROM cases c JOIN held h ON h.eid = c.enterprise_id"
    "  WHERE " HL_CASE_SQL_SCOPE "),"
    " rated AS (SELECT cs.* FROM cs, p WHERE cs.rating IS NOT NULL"
    "  AND cs.rated_at >= p.from_on::timestamp AT TIME ZONE 'Asia/Shanghai'"
    "  AND cs.rated_at < (p.to_on + 1)::timestamp"
    "  AT TIME ZONE 'Asia/Shanghai')"
    " SELECT json_build_object('from', p.from_on, 'to', p.to_on,"
    " 'items', (SELECT coalesce(json_agg(json_build_object("
    "  'commissioner', json_build_object('id', u.id, 'name', u.name,"
    "   'login', u.login, 'disabled', u.disabled_at IS NOT NULL),"
    "  'enterprises', (SELECT count(*) FROM held h WHERE h.uid = u.id),"
    "  'visits', (SELECT count(*) FROM vis WHERE vis.uid = u.id),"
    "  'visited_enterprises', (SELECT count(DISTINCT vis.enterprise_id)"
    "   FROM vis WHERE vis.uid = u.id),"
    "  'visit_cases', (SELECT count(*) FROM cases xc"
    "   JOIN vis ON vis.id = xc.visit_id WHERE vis.uid = u.id),"
    "  'open_cases', (SELECT count(*) FROM cs WHERE cs.uid = u.id"
    "   AND hl_case_is_open(cs.status)),"
    "  'overdue_cases', (SELECT count(*) FROM cs WHERE cs.uid = u.id"
    "   AND cs.status IN ('accepted', 'assigned', 'in_progress')"
    "   AND cs.due_at < hl_now()),"
    "  'rated_cases', (SELECT count(*) FROM rated WHERE rated.uid = u.id),"
    "  'average_rating', (SELECT round(avg(rated.rating), 2) FROM rated"
    "   WHERE rated.uid = u.id))"
    "  ORDER BY u.name, u.id), '[]') FROM com u))"
    " FROM p";

int
hl_coverage_workload_json(struct hl_ctx *ctx, const char *from, const char *to,
    struct hl_buf *out, struct hl_err *err)
{
	char uid[24];
	char ent[24];
	const char *params[5];

	if (from != NULL && to != NULL && strcmp(from, to) > 0) {
		hl_err_set(err, 400, "bad_request", "查询参数 to 有误");
		return hl_err_field(err, "to", "结束日期不能早于开始日期");
	}
	hl_case_scope_params(ctx, uid, ent, params);
	params[3] = from;
	params[4] = to;
	return hl_db_fetch_json(ctx->db, SQL_WORKLOAD, 5, params, out, err);
}
