/*
 * Visits: checks of what a visit may say, the writes (a visit and its
 * cases in one transaction, the cases in one set-based statement), the
 * visit as JSON, the keyset-paged list and the exports.  PostgreSQL builds
 * every answer; arrays and sets travel as JSON text parameters.  The
 * cursor is base64url of "<visited_on>.<id>" of the page's last row.
 */
#include "visit.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "bulletin.h"
#include "calendar.h"
#include "case.h"
#include "ctx.h"
#include "db.h"
#include "err.h"
#include "export.h"
#include "mem.h"
#include "str.h"
#include "valid.h"

#define TEXT_ARRAY(n) HL_BULLETIN_SQL_TEXT_ARRAY(n)

#define LIMIT_DEFAULT 50
#define LIMIT_MAX     200
#define CURSOR_MAX    48
/* The visits table's CHECK: nothing before the platform's records. */
#define FIRST_DATE "2020-01-01"

const char *const hl_visit_levels[] = { "industry", "enterprise", "project",
	"technology", "talent", NULL };
static const char *const level_labels[] = { "产业", "企业", "项目", "技术",
	"人才" };

static int
level_index(const char *s)
{
	int i;

	for (i = 0; s != NULL && hl_visit_levels[i] != NULL; i++)
		if (strcmp(hl_visit_levels[i], s) == 0)
			return i;
	return -1;
}

const char *
hl_visit_level_label(const char *level)
{
	int i = level_index(level);

	return i < 0 ? NULL : level_labels[i];
}

void
hl_visit_levels_labels(const char *codes, struct hl_buf *out)
{
	char one[32];
	const char *p = codes;
	bool first = true;

	while (p != NULL && *p != '\0') {
		size_t n = strcspn(p, ",");
		const char *label;

		snprintf(one, sizeof(one), "%.*s", (int)n, p);
		label = hl_visit_level_label(one);
		if (!first)
			hl_buf_puts(out, "、");
		hl_buf_puts(out, label != NULL ? label : one);
		first = false;
		p += n;
		if (*p == ',')
			p++;
	}
}

/* ---- checks ---- */

static void
check_levels(const struct hl_json_strv *levels, struct hl_err *err)
{
	size_t i;
	size_t k;

	if (levels->n == 0) {
		hl_err_field(err, "levels", "请至少选择一个调研层面");
		return;
	}
	for (i = 0; i < levels->n; i++) {
		if (level_index(levels->v[i]) < 0) {
			hl_err_field(err, "levels",
			    "未知的调研层面“%s”，应为 industry、enterprise、"
			    "project、technology 或 talent",
			    levels->v[i]);
			return;
		}
		for (k = 0; k < i; k++)
			if (strcmp(levels->v[i], levels->v[k]) == 0) {
				hl_err_field(err, "levels", "调研层面“%s”重复",
				    levels->v[i]);
				return;
			}
	}
}

static bool
has_level(const struct hl_json_strv *levels, const char *level)
{
	size_t i;

	for (i = 0; i < levels->n; i++)
		if (strcmp(levels->v[i], level) == 0)
			return true;
	return false;
}

/* Findings: text per level; with_levels also checks that each level is
 * covered (a change without levels leaves that to the database). */
static void
check_findings(const struct hl_visit_in *in, bool with_levels,
    struct hl_err *err)
{
	size_t i;

	for (i = 0; i < in->n_findings; i++) {
		const struct hl_visit_finding *f = &in->findings[i];

		if (level_index(f->level) < 0)
			hl_err_field(err, "findings", "未知的调研层面“%s”",
			    f->level);
		else if (with_levels && !has_level(&in->levels, f->level))
			hl_err_field(err, "findings",
			    "“%s”不在本次调研层面中，请先选择该层面", f->level);
		else if (f->text == NULL)
			hl_err_field(err, "findings", "“%s”的调研发现应为文字",
			    f->level);
		else if (hl_utf8_chars(f->text) > HL_VISIT_TEXT_MAX)
			hl_err_field(err, "findings",
			    "“%s”的调研发现不能超过 %d 个字", f->level,
			    HL_VISIT_TEXT_MAX);
		else
			continue;
		return;
	}
}

static void
check_visitors(const struct hl_visit_in *in, struct hl_err *err)
{
	size_t i;
	size_t k;

	if (in->n_visitors > HL_VISIT_VISITORS_MAX) {
		hl_err_field(err, "visitors", "走访人员不能超过 %d 人",
		    HL_VISIT_VISITORS_MAX);
		return;
	}
	for (i = 0; i < in->n_visitors; i++) {
		const struct hl_visit_visitor *a = &in->visitors[i];

		if ((a->user_id > 0) == (a->name != NULL)) {
			hl_err_field(err, "visitors",
			    "第 %zu 位走访人员应给出 user_id 或 name 之一",
			    i + 1);
			return;
		}
		if (a->name != NULL &&
		    (hl_str_blank_ascii(a->name) ||
		        hl_utf8_chars(a->name) > HL_VISIT_NAME_MAX)) {
			hl_err_field(err, "visitors",
			    "走访人员姓名应为 1 到 %d 个字", HL_VISIT_NAME_MAX);
			return;
		}
		for (k = 0; k < i; k++) {
			const struct hl_visit_visitor *b = &in->visitors[k];

			if ((a->user_id > 0 && a->user_id == b->user_id) ||
			    (a->name != NULL && b->name != NULL &&
			        strcmp(a->name, b->name) == 0)) {
				hl_err_field(err, "visitors",
				    "第 %zu 位走访人员重复", i + 1);
				return;
			}
		}
	}
}

/* Everything that can be judged without the database, all at once. */
static int
check_in(const struct hl_visit_in *in, bool change, struct hl_err *err)
{
	const bool *has = in->present;
	int32_t day = 0;
	int32_t first = 0;

	if (!change || has[HL_VISIT_VISITED_ON]) {
		if (in->visited_on == NULL)
			hl_err_field(err, "visited_on", "请填写走访日期");
		else if (hl_valid_date("visited_on", in->visited_on, &day,
		             err) == 0 &&
		    hl_calendar_date_parse(hl_str_from(FIRST_DATE), &first) ==
		        0 &&
		    day < first)
			hl_err_field(err, "visited_on",
			    "走访日期不能早于 " FIRST_DATE);
	}
	if (!change || has[HL_VISIT_LEVELS])
		check_levels(&in->levels, err);
	if (!change || has[HL_VISIT_FINDINGS])
		check_findings(in, !change || has[HL_VISIT_LEVELS], err);
	if (!change || has[HL_VISIT_VISITORS])
		check_visitors(in, err);
	if ((!change || has[HL_VISIT_SUMMARY]) && in->summary != NULL &&
	    hl_utf8_chars(in->summary) > HL_VISIT_TEXT_MAX)
		hl_err_field(err, "summary", "小结不能超过 %d 个字",
		    HL_VISIT_TEXT_MAX);
	if (!change)
		hl_case_problems_check(in->problems, in->n_problems, "走访",
		    false, err);
	return hl_err_is_set(err) ? -1 : 0;
}

/* ---- the input as JSON parameters ---- */

/* Owned by the caller; release with params_release(). */
struct params {
	struct hl_buf levels;   /* ["industry",...] */
	struct hl_buf findings; /* {"industry":"..."} */
	struct hl_buf names;    /* visitors typed as names */
	struct hl_buf user_ids; /* visitors with accounts */
	struct hl_buf problems; /* hl_case_problems_json() */
};

static void
params_release(struct params *p)
{
	hl_buf_release(&p->levels);
	hl_buf_release(&p->findings);
	hl_buf_release(&p->names);
	hl_buf_release(&p->user_ids);
	hl_buf_release(&p->problems);
}

static void
params_make(const struct hl_visit_in *in, struct params *p)
{
	struct hl_jw w;
	size_t i;

	hl_bulletin_json_strv(&in->levels, &p->levels);
	hl_jw_init(&w, &p->findings);
	hl_jw_obj_begin(&w);
	for (i = 0; i < in->n_findings; i++) {
		hl_jw_key(&w, in->findings[i].level);
		hl_jw_str(&w, in->findings[i].text);
	}
	hl_jw_obj_end(&w);
	hl_jw_init(&w, &p->names);
	hl_jw_arr_begin(&w);
	for (i = 0; i < in->n_visitors; i++)
		if (in->visitors[i].name != NULL)
			hl_jw_str(&w, in->visitors[i].name);
	hl_jw_arr_end(&w);
	hl_jw_init(&w, &p->user_ids);
	hl_jw_arr_begin(&w);
	for (i = 0; i < in->n_visitors; i++)
		if (in->visitors[i].user_id > 0)
			hl_jw_i64(&w, in->visitors[i].user_id);
	hl_jw_arr_end(&w);
	hl_case_problems_json(in->problems, in->n_problems, false,
	    &p->problems);
}

/* ---- the visit as JSON ---- */

#define SQL_FROM                                                               \
	" FROM visits v JOIN enterprises e ON e.id = v.enterprise_id"          \
	" JOIN chains ch ON ch.id = v.chain_id"                                \
	" LEFT JOIN users r ON r.id = v.recorded_by"

/* Visitors with accounts first (by id), then the names as typed. */
#define SQL_VISITORS                                                           \
	"(SELECT coalesce(json_agg(json_build_object('user_id', x.uid,"        \
	"  'name', x.name) ORDER BY x.k, x.o), '[]')"                          \
	" FROM (SELECT 0 AS k, u.id AS o, u.id AS uid, u.name"                 \
	"  FROM visit_visitors vv JOIN users u ON u.id = vv.user_id"           \
	"  WHERE vv.visit_id = v.id"                                           \
	"  UNION ALL SELECT 1, n.o, NULL, n.name"                              \
	"  FROM unnest(v.visitors) WITH ORDINALITY AS n(name, o)) x)"

/* A visit (v, e, ch, r joined); findings and summary are staff notes. */
#define SQL_ITEM_FIELDS                                                        \
	"'id', v.id,"                                                          \
	" 'enterprise', json_build_object('id', e.id, 'name', e.name),"        \
	" 'chain', json_build_object('code', ch.code, 'name', ch.name),"       \
	" 'visited_on', v.visited_on, 'levels', v.levels,"                     \
	" 'findings', CASE WHEN $1 = 'enterprise' THEN NULL"                   \
	"  ELSE v.findings END,"                                               \
	" 'summary', CASE WHEN $1 = 'enterprise' THEN NULL"                    \
	"  ELSE v.summary END,"                                                \
	" 'visitors', " SQL_VISITORS ","                                       \
	" 'recorded_by', CASE WHEN r.id IS NULL THEN NULL"                     \
	"  ELSE json_build_object('id', r.id, 'name', r.name) END,"            \
	" 'n_cases', (SELECT count(*) FROM cases xc"                           \
	"  WHERE xc.visit_id = v.id),"                                         \
	" 'created_at', v.created_at, 'updated_at', v.updated_at"

/* The recorder, committee members who see it, admins. */
#define SQL_CAN_EDIT                                                           \
	"($1 = 'admin' OR v.recorded_by = $2::bigint"                          \
	" OR ($1 = 'committee' AND " HL_VISIT_SQL_SCOPE "))"

/* $1..$3 scope, $4 id. */
static const char SQL_GET[] =
    "SELECT json_build_object(" SQL_ITEM_FIELDS ","
    " 'cases', (SELECT coalesce(json_agg(json_build_object('id', c.id,"
    "  'number', c.number, 'status', c.status, 'title', c.title,"
    "  'category', c.category, 'overdue', " HL_CASE_SQL_OVERDUE ")"
    "  ORDER BY c.id), '[]') FROM cases c"
    "  WHERE c.visit_id = v.id AND " HL_CASE_SQL_SCOPE "),"
    " 'can_edit', " SQL_CAN_EDIT ")" SQL_FROM
    " WHERE v.id = $4::bigint AND " HL_VISIT_SQL_SCOPE;

int
hl_visit_get_json(struct hl_ctx *ctx, int64_t id, struct hl_buf *out,
    struct hl_err *err)
{
	char uid[24];
	char ent[24];
	char sid[24];
	const char *params[4];

	hl_case_scope_params(ctx, uid, ent, params);
	hl_i64_text(id, sid);
	params[3] = sid;
	return hl_db_fetch_json(ctx->db, SQL_GET, 4, params, out, err);
}

/* The audit snapshot of a visit: its columns and visitor accounts. */
#define SQL_SNAPSHOT_FIELDS                                                    \
	"json_build_object('enterprise_id', v.enterprise_id,"                  \
	" 'chain_id', v.chain_id, 'visited_on', v.visited_on,"                 \
	" 'recorded_by', v.recorded_by, 'levels', v.levels,"                   \
	" 'findings', v.findings, 'visitors', v.visitors,"                     \
	" 'visitor_user_ids', ARRAY(SELECT vv.user_id FROM visit_visitors vv"  \
	"  WHERE vv.visit_id = v.id ORDER BY vv.user_id),"                     \
	" 'summary', v.summary,"                                               \
	" 'case_ids', ARRAY(SELECT xc.id FROM cases xc"                        \
	"  WHERE xc.visit_id = v.id ORDER BY xc.id))::text"

static const char SQL_SNAPSHOT[] =
    "SELECT " SQL_SNAPSHOT_FIELDS " FROM visits v WHERE v.id = $1::bigint";

/* The snapshot of visit sid into *json (ctx's arena). */
static int
snapshot(struct hl_ctx *ctx, const char *sid, const char **json,
    struct hl_err *err)
{
	const char *params[1] = { sid };
	struct hl_db_res *r = hl_db_exec(ctx->db, SQL_SNAPSHOT, 1, params, err);

	if (r == NULL)
		return -1;
	*json = hl_db_nrows(r) == 1
	    ? hl_arena_strdup(ctx->arena, hl_db_get(r, 0, 0))
	    : NULL;
	hl_db_res_free(r);
	return 0;
}

/* ---- recording ---- */

/* Visitor ids of JSON array $P that are not enabled staff users, joined
 * by ",". */
#define SQL_BAD_VISITORS(P)                                                    \
	"(SELECT coalesce(string_agg(x.id, ',' ORDER BY x.o), '')"             \
	" FROM json_array_elements_text(" P "::json)"                          \
	" WITH ORDINALITY AS x(id, o)"                                         \
	" WHERE NOT EXISTS (SELECT 1 FROM users u"                             \
	"  WHERE u.id = x.id::bigint AND u.role <> 'enterprise'"               \
	"  AND u.disabled_at IS NULL))"

/*
 * $1..$3 scope, $4 enterprise id, $5 chain code ('' for the default), $6
 * visitor ids: the enterprise if the caller may record visits to it, the
 * visit's chain (a committee member's only among theirs), today, and the
 * visitor ids that are not usable.
 */
static const char SQL_TARGET[] =
    "SELECT e.id, (SELECT ec.chain_id FROM enterprise_chains ec"
    "  JOIN chains ch ON ch.id = ec.chain_id"
    "  WHERE ec.enterprise_id = e.id AND ($5 = '' OR ch.code = $5)"
    "  AND ($1 <> 'committee' OR ec.chain_id IN (SELECT uc.chain_id"
    "   FROM user_chains uc WHERE uc.user_id = $2::bigint))"
    "  ORDER BY ec.is_primary DESC, ch.sort_order, ch.id LIMIT 1),"
    " hl_today()::text, " SQL_BAD_VISITORS(
        "$6") " FROM enterprises e WHERE e.id = $4::bigint"
              " AND " HL_VISIT_SQL_ENTERPRISE_SCOPE;

/* $1 enterprise, $2 chain, $3 visited_on, $4 recorder, $5 levels, $6
 * findings, $7 visitor names, $8 summary, $9 visitor ids. */
static const char SQL_INSERT[] =
    "WITH v AS (INSERT INTO visits (enterprise_id, chain_id, visited_on,"
    "  recorded_by, levels, findings, visitors, summary)"
    "  VALUES ($1::bigint, $2::bigint, $3::date, $4::bigint, " TEXT_ARRAY(
        "$5") ", $6::jsonb, ARRAY(SELECT btrim(t.x)"
              "  FROM json_array_elements_text($7::json) WITH ORDINALITY"
              "  AS t(x, i) ORDER BY t.i), coalesce($8, ''))"
              "  RETURNING id),"
              " vv AS (INSERT INTO visit_visitors (visit_id, user_id)"
              "  SELECT v.id, x::bigint FROM v,"
              "  json_array_elements_text($9::json) AS x RETURNING 1)"
              " SELECT id, (SELECT count(*) FROM vv) FROM v";

/* $1 visit, $2 the recorder: visit.recorded for webhooks and a message to
 * the enterprise's other commissioners (hl_visit_notify()), after the
 * cases exist so that their numbers are in it. */
static const char SQL_NOTIFY[] = "SELECT hl_visit_notify($1, $2)";

struct create_tx {
	struct hl_ctx *ctx;
	const struct hl_visit_in *in;
	const struct params *p;
	struct hl_buf *out;
	size_t out_len; /* out's length before, for a retried attempt */
};

/* The enterprise and chain into ids; the checks that need the database
 * (today, usable visitors) collected into err. */
static int
target(struct create_tx *ct, char ids[2][24], struct hl_err *err)
{
	struct hl_ctx *ctx = ct->ctx;
	const struct hl_visit_in *in = ct->in;
	char uid[24];
	char ent[24];
	char eid[24];
	const char *params[6];
	struct hl_db_res *r;
	int32_t day;
	int32_t today;

	hl_case_scope_params(ctx, uid, ent, params);
	hl_i64_text(in->enterprise_id, eid);
	params[3] = eid;
	params[4] = in->chain_code != NULL ? in->chain_code : "";
	params[5] = hl_buf_cstr(&ct->p->user_ids);
	r = hl_db_exec(ctx->db, SQL_TARGET, 6, params, err);
	if (r == NULL)
		return -1;
	if (hl_db_nrows(r) == 0) {
		hl_db_res_free(r);
		return hl_err_not_found(err);
	}
	if (hl_db_isnull(r, 0, 1) && in->chain_code != NULL)
		hl_err_field(err, "chain_code",
		    "该企业不属于此产业链，或此产业链不在您的范围内");
	else if (hl_db_isnull(r, 0, 1))
		hl_err_field(err, "enterprise_id",
		    "该企业尚未加入您可走访的产业链");
	if (hl_calendar_date_parse(hl_str_from(hl_db_get(r, 0, 2)), &today) ==
	        0 &&
	    hl_calendar_date_parse(hl_str_from(in->visited_on), &day) == 0 &&
	    day > today)
		hl_err_field(err, "visited_on", "走访日期不能晚于今天（%s）",
		    hl_db_get(r, 0, 2));
	if (hl_db_get(r, 0, 3)[0] != '\0')
		hl_err_field(err, "visitors",
		    "走访人员账号不存在、已停用或是企业账号：%s",
		    hl_db_get(r, 0, 3));
	if (!hl_err_is_set(err)) {
		snprintf(ids[0], 24, "%s", hl_db_get(r, 0, 0));
		snprintf(ids[1], 24, "%s", hl_db_get(r, 0, 1));
	}
	hl_db_res_free(r);
	return hl_err_is_set(err) ? -1 : 0;
}

/* The problems of visit sid (enterprise ids[0], chain ids[1]) as its
 * cases, in the visit's transaction. */
static int
add_cases(struct hl_ctx *ctx, const char *sid, char ids[2][24],
    const struct params *p, struct hl_err *err)
{
	struct hl_case_many m = { 0 };

	m.channel = "visit";
	m.visit_id = strtoll(sid, NULL, 10);
	m.enterprise_id = strtoll(ids[0], NULL, 10);
	m.chain_id = strtoll(ids[1], NULL, 10);
	m.problems_json = hl_buf_cstr(&p->problems);
	return hl_case_create_many(ctx, &m, NULL, err);
}

static int
create_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct create_tx *ct = arg;
	struct hl_ctx *ctx = ct->ctx;
	const struct hl_visit_in *in = ct->in;
	char ids[2][24];
	char uid[24];
	char sid[24];
	const char *params[9];
	const char *after = NULL;
	struct hl_db_res *r;

	ct->out->len = ct->out_len;
	if (target(ct, ids, err) == -1)
		return -1;
	hl_i64_text(ctx->user_id, uid);
	params[0] = ids[0];
	params[1] = ids[1];
	params[2] = in->visited_on;
	params[3] = uid;
	params[4] = hl_buf_cstr(&ct->p->levels);
	params[5] = hl_buf_cstr(&ct->p->findings);
	params[6] = hl_buf_cstr(&ct->p->names);
	params[7] = in->summary;
	params[8] = hl_buf_cstr(&ct->p->user_ids);
	r = hl_db_exec(db, SQL_INSERT, 9, params, err);
	if (r == NULL)
		return -1;
	snprintf(sid, sizeof(sid), "%s", hl_db_get(r, 0, 0));
	hl_db_res_free(r);
	params[0] = sid;
	params[1] = uid;
	if ((in->n_problems > 0 &&
	        add_cases(ctx, sid, ids, ct->p, err) == -1) ||
	    hl_db_run(db, SQL_NOTIFY, 2, params, err) == -1 ||
	    snapshot(ctx, sid, &after, err) == -1 ||
	    hl_audit_add(ctx, "visit.create", "visit", sid, NULL, after, err) ==
	        -1)
		return -1;
	return hl_visit_get_json(ctx, strtoll(sid, NULL, 10), ct->out, err);
}

int
hl_visit_create(struct hl_ctx *ctx, const struct hl_visit_in *in,
    struct hl_buf *out, struct hl_err *err)
{
	struct params p = { 0 };
	struct create_tx ct = { ctx, in, &p, out, out->len };
	int rc = -1;

	if (ctx->role != HL_ROLE_COMMISSIONER &&
	    ctx->role != HL_ROLE_COMMITTEE && ctx->role != HL_ROLE_ADMIN)
		return hl_err_forbidden(err);
	if (check_in(in, false, err) == -1)
		return -1;
	params_make(in, &p);
	if (hl_db_tx_run_out(ctx->db, create_tx, &ct, out, err) == -1)
		goto out;
	rc = 0;
out:
	params_release(&p);
	return rc;
}

/* ---- changing ---- */

/*
 * $1..$3 scope, $4 id, $5 new levels or NULL, $6 new findings or NULL, $7
 * visitor ids: locks the visit the caller may see and answers whether
 * they may change it, the snapshot before, the findings' levels that the
 * merged visit does not cover, today and the unusable visitor ids.
 */
static const char SQL_EDIT[] =
    "SELECT " SQL_CAN_EDIT ", " SQL_SNAPSHOT_FIELDS ","
    " (SELECT coalesce(string_agg(k, '、' ORDER BY k), '')"
    "  FROM jsonb_object_keys(coalesce($6::jsonb, v.findings)) AS k"
    "  WHERE NOT k = ANY (CASE WHEN $5::json IS NULL THEN v.levels"
    "   ELSE " TEXT_ARRAY(
        "$5") " END)),"
              " hl_today()::text, " SQL_BAD_VISITORS(
                  "$7") " FROM visits v WHERE v.id = $4::bigint AND " HL_VISIT_SQL_SCOPE
                        " FOR UPDATE OF v";

/* $1 id, $2 visited_on, $3 levels, $4 findings, $5 visitor names, $6
 * summary, $7 visitor ids; NULL keeps a member. */
static const char SQL_UPDATE[] =
    "WITH u AS (UPDATE visits v SET"
    "  visited_on = coalesce($2::date, v.visited_on),"
    "  levels = CASE WHEN $3::json IS NULL THEN v.levels"
    "   ELSE " TEXT_ARRAY(
        "$3") " END,"
              "  findings = coalesce($4::jsonb, v.findings),"
              "  visitors = CASE WHEN $5::json IS NULL THEN v.visitors"
              "   ELSE ARRAY(SELECT btrim(t.x) FROM json_array_elements_text($5::json)"
              "   WITH ORDINALITY AS t(x, i) ORDER BY t.i) END,"
              "  summary = coalesce($6, v.summary)"
              "  WHERE v.id = $1::bigint RETURNING v.id),"
              " d AS (DELETE FROM visit_visitors vv WHERE $7::json IS NOT NULL"
              "  AND vv.visit_id = $1::bigint AND NOT vv.user_id IN"
              "  (SELECT x::bigint FROM json_array_elements_text($7::json) AS x)"
              "  RETURNING 1),"
              " i AS (INSERT INTO visit_visitors (visit_id, user_id)"
              "  SELECT $1::bigint, x::bigint"
              "  FROM json_array_elements_text($7::json) AS x"
              "  WHERE $7::json IS NOT NULL ON CONFLICT DO NOTHING RETURNING 1)"
              " SELECT (SELECT count(*) FROM u), (SELECT count(*) FROM d),"
              " (SELECT count(*) FROM i)";

struct update_tx {
	struct hl_ctx *ctx;
	int64_t id;
	const struct hl_visit_in *in;
	const struct params *p;
	struct hl_buf *out;
	size_t out_len;
};

/* Lock the visit, check the caller's right and the merged visit; the
 * snapshot before goes to *before. */
static int
load_for_update(struct update_tx *ut, const char *sid, const char **before,
    struct hl_err *err)
{
	const struct hl_visit_in *in = ut->in;
	const bool *has = in->present;
	char uid[24];
	char ent[24];
	const char *params[7];
	struct hl_db_res *r;
	int32_t day;
	int32_t today;

	hl_case_scope_params(ut->ctx, uid, ent, params);
	params[3] = sid;
	params[4] = has[HL_VISIT_LEVELS] ? hl_buf_cstr(&ut->p->levels) : NULL;
	params[5] =
	    has[HL_VISIT_FINDINGS] ? hl_buf_cstr(&ut->p->findings) : NULL;
	params[6] = hl_buf_cstr(&ut->p->user_ids);
	r = hl_db_exec(ut->ctx->db, SQL_EDIT, 7, params, err);
	if (r == NULL)
		return -1;
	if (hl_db_nrows(r) == 0) {
		hl_db_res_free(r);
		return hl_err_not_found(err);
	}
	if (!hl_db_get_bool(r, 0, 0)) {
		hl_db_res_free(r);
		return hl_err_set(err, 403, "forbidden",
		    "只有记录人、所在产业链党委成员和管理员可以修改走访记录");
	}
	if (hl_db_get(r, 0, 2)[0] != '\0')
		hl_err_field(err, "findings",
		    "以下层面不在本次调研层面中，请删除其调研发现或选择该层面：%s",
		    hl_db_get(r, 0, 2));
	if (has[HL_VISIT_VISITED_ON] &&
	    hl_calendar_date_parse(hl_str_from(hl_db_get(r, 0, 3)), &today) ==
	        0 &&
	    hl_calendar_date_parse(hl_str_from(in->visited_on), &day) == 0 &&
	    day > today)
		hl_err_field(err, "visited_on", "走访日期不能晚于今天（%s）",
		    hl_db_get(r, 0, 3));
	if (has[HL_VISIT_VISITORS] && hl_db_get(r, 0, 4)[0] != '\0')
		hl_err_field(err, "visitors",
		    "走访人员账号不存在、已停用或是企业账号：%s",
		    hl_db_get(r, 0, 4));
	*before = hl_arena_strdup(ut->ctx->arena, hl_db_get(r, 0, 1));
	hl_db_res_free(r);
	return hl_err_is_set(err) ? -1 : 0;
}

static int
update_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct update_tx *ut = arg;
	const struct hl_visit_in *in = ut->in;
	const bool *has = in->present;
	char sid[24];
	const char *params[7];
	const char *before = NULL;
	const char *after = NULL;

	ut->out->len = ut->out_len;
	hl_i64_text(ut->id, sid);
	if (load_for_update(ut, sid, &before, err) == -1)
		return -1;
	params[0] = sid;
	params[1] = has[HL_VISIT_VISITED_ON] ? in->visited_on : NULL;
	params[2] = has[HL_VISIT_LEVELS] ? hl_buf_cstr(&ut->p->levels) : NULL;
	params[3] =
	    has[HL_VISIT_FINDINGS] ? hl_buf_cstr(&ut->p->findings) : NULL;
	params[4] = has[HL_VISIT_VISITORS] ? hl_buf_cstr(&ut->p->names) : NULL;
	params[5] = has[HL_VISIT_SUMMARY]
	    ? (in->summary != NULL ? in->summary : "")
	    : NULL;
	params[6] =
	    has[HL_VISIT_VISITORS] ? hl_buf_cstr(&ut->p->user_ids) : NULL;
	if (hl_db_run(db, SQL_UPDATE, 7, params, err) == -1 ||
	    snapshot(ut->ctx, sid, &after, err) == -1 ||
	    hl_audit_add(ut->ctx, "visit.update", "visit", sid, before, after,
	        err) == -1)
		return -1;
	return hl_visit_get_json(ut->ctx, ut->id, ut->out, err);
}

int
hl_visit_update(struct hl_ctx *ctx, int64_t id, const struct hl_visit_in *in,
    struct hl_buf *out, struct hl_err *err)
{
	struct params p = { 0 };
	struct update_tx ut = { ctx, id, in, &p, out, out->len };
	int rc = -1;

	if (check_in(in, true, err) == -1)
		return -1;
	params_make(in, &p);
	if (hl_db_tx_run_out(ctx->db, update_tx, &ut, out, err) == -1)
		goto out;
	rc = 0;
out:
	params_release(&p);
	return rc;
}

/* ---- the list ---- */

/*
 * $1..$3 scope; $4 enterprise, $5 chain code, $6 recorder, $7 level, $8
 * from, $9 to (NULL: no filter).
 */
#define SQL_WHERE                                                              \
	" WHERE " HL_VISIT_SQL_SCOPE                                           \
	" AND ($4::bigint IS NULL OR v.enterprise_id = $4::bigint)"            \
	" AND ($5::text IS NULL OR v.chain_id = (SELECT x.id FROM chains x"    \
	"  WHERE x.code = $5::text))"                                          \
	" AND ($6::bigint IS NULL OR v.recorded_by = $6::bigint)"              \
	" AND ($7::text IS NULL OR v.levels @> ARRAY[$7::text])"               \
	" AND ($8::date IS NULL OR v.visited_on >= $8::date)"                  \
	" AND ($9::date IS NULL OR v.visited_on <= $9::date)"

#define N_FILTER_PARAMS 9

/* $10 cursor date (NULL on the first page), $11 cursor id, $12 limit.
 * Answers the items and the key of the page's last row when another
 * page follows. */
static const char SQL_LIST[] =
    "WITH page AS (SELECT json_build_object(" SQL_ITEM_FIELDS ") AS item,"
    "  v.visited_on::text || '.' || v.id AS k,"
    "  row_number() OVER (ORDER BY v.visited_on DESC, v.id DESC) AS rn" SQL_FROM
        SQL_WHERE " AND ($10::date IS NULL"
    "  OR (v.visited_on, v.id) < ($10::date, $11::bigint))"
    " ORDER BY v.visited_on DESC, v.id DESC LIMIT $12::int + 1)"
    " SELECT coalesce((SELECT json_agg(item ORDER BY rn) FROM page"
    "  WHERE rn <= $12::int), '[]'),"
    " (SELECT k FROM page WHERE rn = $12::int"
    "  AND EXISTS (SELECT 1 FROM page WHERE rn > $12::int))";

/* The checked filter as SQL parameters $1..$12. */
struct query {
	const char *params[12];
	char uid[24];
	char ent[24];
	char enterprise[24];
	char recorder[24];
	char key[16];
	char id[24];
	char limit[16];
};

static int
bad_param(struct hl_err *err, const char *name, const char *msg)
{
	if (!hl_err_is_set(err))
		hl_err_set(err, 400, "bad_request", "查询参数无效");
	return hl_err_field(err, name, "%s", msg);
}

/* The cursor "<YYYY-MM-DD>.<id>" into q->key and q->id. */
static void
check_cursor(const char *v, struct query *q, struct hl_err *err)
{
	char raw[CURSOR_MAX + 1];
	int32_t day;
	int64_t id;
	long n;

	q->key[0] = '\0';
	snprintf(q->id, sizeof(q->id), "0");
	if (v == NULL || v[0] == '\0')
		return;
	n = strlen(v) <= 2 * CURSOR_MAX
	    ? hl_b64url_decode(v, strlen(v), raw, CURSOR_MAX)
	    : -1;
	if (n < 12) {
		bad_param(err, "cursor", "分页游标无效");
		return;
	}
	raw[n] = '\0';
	if (raw[10] != '.' ||
	    hl_calendar_date_parse((struct hl_str){ raw, 10 }, &day) == -1 ||
	    hl_str_to_i64(hl_str_from(raw + 11), &id) == -1 || id <= 0) {
		bad_param(err, "cursor", "分页游标无效");
		return;
	}
	snprintf(q->key, sizeof(q->key), "%.10s", raw);
	hl_i64_text(id, q->id);
}

static int
make_query(struct hl_ctx *ctx, const struct hl_visit_filter *f, struct query *q,
    struct hl_err *err)
{
	const char **p = q->params;
	int64_t limit = f->limit != 0 ? f->limit : LIMIT_DEFAULT;

	memset(q, 0, sizeof(*q));
	hl_case_scope_params(ctx, q->uid, q->ent, p);
	if (f->enterprise > 0) {
		hl_i64_text(f->enterprise, q->enterprise);
		p[3] = q->enterprise;
	}
	p[4] = f->chain;
	if (f->commissioner > 0) {
		hl_i64_text(f->commissioner, q->recorder);
		p[5] = q->recorder;
	}
	if (f->level != NULL && level_index(f->level) < 0)
		bad_param(err, "level",
		    "应为 industry、enterprise、project、technology 或 "
		    "talent");
	p[6] = f->level;
	p[7] = f->from;
	p[8] = f->to;
	if (f->from != NULL && f->to != NULL && strcmp(f->from, f->to) > 0)
		bad_param(err, "to", "结束日期不能早于开始日期");
	if (limit < 1 || limit > LIMIT_MAX)
		bad_param(err, "limit", "每页条数应为 1 到 200");
	check_cursor(f->cursor, q, err);
	snprintf(q->limit, sizeof(q->limit), "%" PRId64, limit);
	p[9] = q->key[0] != '\0' ? q->key : NULL;
	p[10] = q->id;
	p[11] = q->limit;
	return hl_err_is_set(err) ? -1 : 0;
}

int
hl_visit_list_json(struct hl_ctx *ctx, const struct hl_visit_filter *f,
    struct hl_buf *out, struct hl_err *err)
{
	struct query q = { 0 };
	struct hl_db_res *r;

	if (make_query(ctx, f, &q, err) == -1)
		return -1;
	r = hl_db_exec(ctx->db, SQL_LIST, 12, q.params, err);
	if (r == NULL)
		return -1;
	hl_buf_puts(out, "{\"items\":");
	hl_db_append_json(out, r, 0, 0);
	hl_buf_puts(out, ",\"next_cursor\":");
	if (hl_db_isnull(r, 0, 1)) {
		hl_buf_puts(out, "null");
	} else {
		const char *k = hl_db_get(r, 0, 1);
		char enc[4 * CURSOR_MAX / 3 + 8];

		hl_b64url_encode(k, strnlen(k, CURSOR_MAX), enc);
		hl_buf_printf(out, "\"%s\"", enc);
	}
	hl_buf_putc(out, '}');
	hl_db_res_free(r);
	return 0;
}

/* ---- exports ---- */

#define SQL_FINDING(L)                                                         \
	"CASE WHEN $1 = 'enterprise' THEN NULL ELSE v.findings ->> '" L "' END"

/* $1..$9 as in the list. */
static const char SQL_EXPORT[] =
    "SELECT v.id::text, v.visited_on::text, e.name, e.credit_code,"
    " ch.name, array_to_string(v.levels, ','),"
    " array_to_string(ARRAY(SELECT u.name FROM visit_visitors vv"
    "  JOIN users u ON u.id = vv.user_id WHERE vv.visit_id = v.id"
    "  ORDER BY u.id) || v.visitors, '、'),"
    " r.name, " SQL_FINDING("industry") ", " SQL_FINDING(
        "enterprise") ","
                      " " SQL_FINDING("project") ", " SQL_FINDING(
                          "technology") ","
                                        " " SQL_FINDING(
                                            "talent") ","
                                                      " CASE WHEN $1 = 'enterprise' THEN NULL ELSE v.summary END,"
                                                      " (SELECT string_agg(c.number, '、' ORDER BY c.id) FROM cases c"
                                                      "  WHERE c.visit_id = v.id AND " HL_CASE_SQL_SCOPE
                                                      "),"
                                                      " to_char(v.created_at AT TIME ZONE 'Asia/Shanghai',"
                                                      "  'YYYY-MM-DD HH24:MI:SS')" SQL_FROM
                                                          SQL_WHERE
                                                      " ORDER BY v.visited_on DESC, v.id DESC";

static const struct hl_export_col export_cols[] = {
	{ "id", "走访编号", HL_EXPORT_INT },
	{ "visited_on", "走访日期", HL_EXPORT_DATE },
	{ "enterprise", "企业", HL_EXPORT_TEXT },
	{ "credit_code", "统一社会信用代码", HL_EXPORT_TEXT },
	{ "chain", "产业链", HL_EXPORT_TEXT },
	{ "levels", "调研层面", HL_EXPORT_TEXT },
	{ "visitors", "走访人员", HL_EXPORT_TEXT },
	{ "recorded_by", "记录人", HL_EXPORT_TEXT },
	{ "finding_industry", "产业层面发现", HL_EXPORT_TEXT },
	{ "finding_enterprise", "企业层面发现", HL_EXPORT_TEXT },
	{ "finding_project", "项目层面发现", HL_EXPORT_TEXT },
	{ "finding_technology", "技术层面发现", HL_EXPORT_TEXT },
	{ "finding_talent", "人才层面发现", HL_EXPORT_TEXT },
	{ "summary", "小结", HL_EXPORT_TEXT },
	{ "cases", "转办诉求", HL_EXPORT_TEXT },
	{ "created_at", "记录时间", HL_EXPORT_DATETIME },
};

#define N_EXPORT_COLS (sizeof(export_cols) / sizeof(export_cols[0]))
enum { X_LEVELS = 5 };

/* Column col of a row (comma-separated level codes) as labels. */
static void
levels_cell(const char **cells, size_t col, struct hl_buf *labels)
{
	hl_buf_reset(labels);
	hl_visit_levels_labels(cells[col], labels);
	cells[col] = hl_buf_cstr(labels);
}

int
hl_visit_rows_next(void *arg, const char **cells, struct hl_err *err)
{
	struct hl_visit_rows *rs = arg;

	(void)err;
	if (rs->next >= hl_db_nrows(rs->r))
		return 0;
	hl_db_get_row(rs->r, rs->next, cells, rs->n_cols);
	levels_cell(cells, rs->levels_col, &rs->labels);
	rs->next++;
	return 1;
}

/* The export's rows as they come from the cursor. */
struct export_rows {
	struct hl_db_rows *rows;
	struct hl_buf labels;
};

static int
export_next(void *arg, const char **cells, struct hl_err *err)
{
	struct export_rows *x = arg;
	int got = hl_db_rows_next(x->rows, cells, N_EXPORT_COLS, err);

	if (got == 1)
		levels_cell(cells, X_LEVELS, &x->labels);
	return got;
}

static void
export_free(void *arg)
{
	struct export_rows *x = arg;

	hl_db_rows_free(x->rows);
	hl_buf_release(&x->labels);
	free(x);
}

int
hl_visit_export(struct hl_ctx *ctx, const struct hl_visit_filter *f,
    enum hl_visit_export_format fmt, struct hl_export_stream **out,
    struct hl_err *err)
{
	struct hl_visit_filter all = *f;
	struct query q = { 0 };
	struct export_rows *x;
	bool csv = fmt == HL_VISIT_EXPORT_CSV;

	*out = NULL;
	all.cursor = NULL;
	all.limit = 0;
	if (make_query(ctx, &all, &q, err) == -1)
		return -1;
	x = hl_xcalloc(1, sizeof(*x));
	x->rows = hl_db_rows_open(SQL_EXPORT, N_FILTER_PARAMS, q.params,
	    csv ? 0 : HL_VISIT_EXPORT_XLSX_MAX, err);
	if (x->rows == NULL) {
		export_free(x);
		return -1;
	}
	if (csv) {
		*out = hl_export_csv_stream(export_cols, N_EXPORT_COLS,
		    export_next, x, export_free);
		return 0;
	}
	return hl_export_xlsx_stream("走访记录", export_cols, N_EXPORT_COLS,
	    export_next, x, export_free, out, err);
}
