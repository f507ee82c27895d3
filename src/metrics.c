/*
 * The figures in SQL.  One statement answers a dashboard or a table: the
 * periods (this one, the previous one of the same length, and the weeks of
 * the trend) are a parameter array, every figure is an aggregate over the
 * case_facts rows whose date of its kind falls in a period, and the chains
 * the caller may see drive index scans on (chain_id, date).  The
 * statements differ only in what they group by, so each is assembled at
 * compile time from the same pieces; nothing is built from input.
 *
 * Parameters of every statement: $1 the caller's role, $2 user id, $3
 * chain code, $4 category, $5 commissioner id, $6 responder id, $7 and $8
 * the periods' first and last days (date[]), $9 the category labels.
 */
#include "metrics.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "calendar.h"
#include "case.h"
#include "conf.h"
#include "ctx.h"
#include "db.h"
#include "err.h"
#include "export.h"
#include "json.h"
#include "mem.h"

/* Oldest first day a period may have: before any case could exist. */
#define FIRST_DAY_MIN "2020-01-01"
/* Periods of a statement: this, previous, and at most 53 weeks. */
#define MAX_PERIODS (2 + 54)

const char *const hl_metrics_sets[] = { "submitted", "responded", "due",
	"on_time", "late", "closed", "reopened", "rated", "rating_1",
	"rating_2", "rating_3", "rating_4", "rating_5", "escalated",
	"escalation_resolved", "rechecked", "recheck_solved", "recheck_partly",
	"recheck_not_solved", NULL };

bool
hl_metrics_set_known(const char *name)
{
	size_t i;

	for (i = 0; name != NULL && hl_metrics_sets[i] != NULL; i++)
		if (strcmp(name, hl_metrics_sets[i]) == 0)
			return true;
	return false;
}

static const char *const group_names[] = { [HL_METRICS_CHAINS] = "chains",
	[HL_METRICS_CATEGORIES] = "categories",
	[HL_METRICS_COMMISSIONERS] = "commissioners",
	[HL_METRICS_RESPONDERS] = "responders" };

int
hl_metrics_group_parse(const char *name, enum hl_metrics_group *out)
{
	int i;

	for (i = HL_METRICS_CHAINS; name != NULL && i <= HL_METRICS_RESPONDERS;
	     i++) {
		if (strcmp(name, group_names[i]) == 0) {
			*out = (enum hl_metrics_group)i;
			return 0;
		}
	}
	return -1;
}

static const char *const table_names[] = {
	[HL_METRICS_TABLE_SUMMARY] = "summary",
	[HL_METRICS_TABLE_WEEKLY] = "weekly",
	[HL_METRICS_TABLE_CHAINS] = "chains",
	[HL_METRICS_TABLE_CATEGORIES] = "categories",
	[HL_METRICS_TABLE_COMMISSIONERS] = "commissioners",
	[HL_METRICS_TABLE_RESPONDERS] = "responders",
};

int
hl_metrics_table_parse(const char *name, enum hl_metrics_table *out)
{
	int i;

	for (i = HL_METRICS_TABLE_SUMMARY;
	     name != NULL && i <= HL_METRICS_TABLE_RESPONDERS; i++) {
		if (strcmp(name, table_names[i]) == 0) {
			*out = (enum hl_metrics_table)i;
			return 0;
		}
	}
	return -1;
}

/* ---- the statements ---- */

/*
 * The SQL is built from macros at compile time; clang-format cannot lay
 * out string literals interleaved with macro calls readably, so it keeps
 * its hands off this part.
 */
/* clang-format off */

/* The chains in scope: the caller's (all for an admin), or chain $3. */
#define SQL_CHAINS_SCOPED \
	"SELECT x.id FROM chains x WHERE ($3::text IS NULL OR x.code = $3::text)" \
	" AND ($1 = 'admin' OR ($1 = 'committee' AND x.id IN (SELECT uc.chain_id" \
	"  FROM user_chains uc WHERE uc.user_id = $2::bigint)))"

#define SQL_PERIODS \
	" p AS (SELECT * FROM unnest($7::date[], $8::date[]) WITH ORDINALITY" \
	"  AS p(from_on, to_on, n)),"

/* The chains in scope as an array, so that each drives an index scan. */
#define SQL_CHA "((SELECT cha.ids FROM cha)::bigint[])"
#define SQL_CHA_CTE " cha AS (SELECT coalesce(array_agg(ch.id), '{}') AS ids FROM ch),"

/* Enterprise E serves commissioner $5, when one is given. */
#define SQL_OF_COMMISSIONER(E) \
	"($5::bigint IS NULL OR " E " IN (SELECT a5.enterprise_id" \
	" FROM assignments a5 WHERE a5.commissioner_id = $5::bigint))"

/* The other filters, on case_facts f (the case list's filters of the
 * same names mean the same: case_list.c). */
#define SQL_NO_DIMS \
	"($4::text IS NULL AND $5::bigint IS NULL AND $6::bigint IS NULL)"
#define SQL_DIMS \
	" AND ($4::text IS NULL OR f.category = $4::text)" \
	" AND " SQL_OF_COMMISSIONER("f.enterprise_id") \
	" AND ($6::bigint IS NULL OR f.assignee_user_id = $6::bigint)"

/*
 * One aggregate per kind of date, per period n and group k: for each
 * period (LATERAL, so that the period's days become the bounds of an index
 * range scan on (chain_id, date) for each chain in scope, and the indexes
 * alone answer), the facts whose date of that kind falls in it.  KEY is
 * the group of a fact row, JOIN what KEY needs (the commissioners of its
 * enterprise).  Medians and 90th percentiles sort their rows, so they are
 * taken for this period and the previous one only, not for the weeks.
 */
#define SQL_PER_PERIOD(NAME, KEY, COLS, FROM, SET, JOIN) \
	" " NAME " AS (SELECT p.n, x.* FROM p, LATERAL (SELECT " KEY " AS k, " \
	COLS " FROM " FROM JOIN " WHERE " SET \
	" AND f.chain_id = ANY " SQL_CHA SQL_DIMS " GROUP BY 1) x),"

#define SQL_FACTS_ON(SET, KEY, JOIN, NAME, COLS) \
	SQL_PER_PERIOD(NAME, KEY, COLS, "case_facts f", \
	    SET("p.from_on", "p.to_on"), JOIN)

#define SQL_PERCENTILE(F, X) \
	"percentile_cont(" F ") WITHIN GROUP (ORDER BY " X ")" \
	" FILTER (WHERE p.n <= 2)"

/*
 * The re-checks recorded in the period, as rc for SQL_AGGS: per group KEY
 * of their case's facts (with JOIN), or, for the groups a re-check carries
 * itself (none, its chain: a case keeps its chain), from the index on
 * (chain_id, recorded_on) alone, the case's facts read only when a filter
 * asks for them.
 */
#define SQL_RC_COLS \
	"count(*) AS rechecked," \
	" count(*) FILTER (WHERE r.outcome = 'solved') AS solved," \
	" count(*) FILTER (WHERE r.outcome = 'partly') AS partly," \
	" count(*) FILTER (WHERE r.outcome = 'not_solved') AS not_solved"
#define SQL_RC_OF_FACTS(KEY, JOIN) \
	SQL_PER_PERIOD("rc", KEY, SQL_RC_COLS, \
	    "rechecks r JOIN case_facts f ON f.case_id = r.case_id" \
	    " AND r.chain_id = ANY " SQL_CHA, \
	    HL_METRICS_SQL_RECHECKED("p.from_on", "p.to_on"), JOIN)
#define SQL_RC_ALONE(KEY) \
	" rc AS (SELECT p.n, x.* FROM p, LATERAL (SELECT " KEY " AS k, " \
	SQL_RC_COLS " FROM rechecks r" \
	" WHERE " HL_METRICS_SQL_RECHECKED("p.from_on", "p.to_on") \
	" AND r.chain_id = ANY " SQL_CHA \
	" AND (" SQL_NO_DIMS " OR EXISTS (SELECT 1 FROM case_facts f" \
	"  WHERE f.case_id = r.case_id" SQL_DIMS ")) GROUP BY 1) x),"

#define SQL_RESP_HOURS \
	"(extract(epoch FROM f.responded_at - f.submitted_at) / 3600)"

#define SQL_AGGS(KEY, JOIN, RC) \
	SQL_CHA_CTE \
	SQL_FACTS_ON(HL_METRICS_SQL_SUBMITTED, KEY, JOIN, "sub", \
	    "count(*) AS submitted," \
	    " count(*) FILTER (WHERE " HL_METRICS_SQL_IS_RESPONDED ") AS responded," \
	    " " SQL_PERCENTILE("0.5", SQL_RESP_HOURS) " AS resp_med," \
	    " " SQL_PERCENTILE("0.9", SQL_RESP_HOURS) " AS resp_p90") \
	SQL_FACTS_ON(HL_METRICS_SQL_DUE, KEY, JOIN, "due", \
	    "count(*) AS due," \
	    " count(*) FILTER (WHERE " HL_METRICS_SQL_IS_ON_TIME ") AS on_time") \
	SQL_FACTS_ON(HL_METRICS_SQL_CLOSED, KEY, JOIN, "res", \
	    "count(*) AS closed," \
	    " " SQL_PERCENTILE("0.5", "f.close_workdays") " AS close_med," \
	    " " SQL_PERCENTILE("0.9", "f.close_workdays") " AS close_p90," \
	    " count(*) FILTER (WHERE " HL_METRICS_SQL_IS_REOPENED ") AS reopened") \
	SQL_FACTS_ON(HL_METRICS_SQL_RATED, KEY, JOIN, "rat", \
	    "count(*) AS rated, avg(f.rating) AS rating_avg," \
	    " count(*) FILTER (WHERE f.rating = 1) AS r1," \
	    " count(*) FILTER (WHERE f.rating = 2) AS r2," \
	    " count(*) FILTER (WHERE f.rating = 3) AS r3," \
	    " count(*) FILTER (WHERE f.rating = 4) AS r4," \
	    " count(*) FILTER (WHERE f.rating = 5) AS r5") \
	SQL_FACTS_ON(HL_METRICS_SQL_ESCALATED, KEY, JOIN, "esc", \
	    "count(*) AS opened") \
	SQL_FACTS_ON(HL_METRICS_SQL_ESCALATION_RESOLVED, KEY, JOIN, "escr", \
	    "count(*) AS resolved") \
	RC

/*
 * Visit coverage, for this period and the previous one only: of the
 * enterprises in scope (DENOM, per group k), those with a visit recorded
 * for one of the chains in scope in the period, per level.  A visit counts
 * for its group (KEY, with JOIN) when its enterprise is a member (MEMBER).
 * Not defined per category or responder (visits have neither): no rows.
 */
#define SQL_COVERAGE_DEFINED "$4::text IS NULL AND $6::bigint IS NULL"
#define SQL_ON_CHAINS(E) \
	"EXISTS (SELECT 1 FROM enterprise_chains ec WHERE ec.enterprise_id = " E \
	" AND ec.chain_id = ANY " SQL_CHA ")"
#define SQL_LEVEL(L) \
	" count(DISTINCT v.enterprise_id) FILTER (WHERE '" L "' = ANY (v.levels))" \
	" AS v_" L
#define SQL_COVERAGE(DENOM, KEY, JOIN, MEMBER) \
	" covd AS (" DENOM " AND " SQL_COVERAGE_DEFINED " GROUP BY 1)," \
	" covn AS (SELECT p.n, x.* FROM p, LATERAL (SELECT " KEY " AS k," \
	SQL_LEVEL("industry") "," SQL_LEVEL("enterprise") "," \
	SQL_LEVEL("project") "," SQL_LEVEL("technology") "," SQL_LEVEL("talent") \
	"  FROM (SELECT v.enterprise_id, v.chain_id, v.levels FROM visits v" \
	"   WHERE v.visited_on BETWEEN p.from_on AND p.to_on" \
	"   AND v.chain_id = ANY " SQL_CHA " OFFSET 0) v" JOIN \
	"  WHERE " MEMBER " AND " SQL_OF_COMMISSIONER("v.enterprise_id") \
	"  GROUP BY 1) x WHERE p.n <= 2 AND " SQL_COVERAGE_DEFINED "),"

#define SQL_NO_COVERAGE(TYPE) \
	" covd AS (SELECT NULL::" TYPE " AS k, NULL::bigint AS enterprises" \
	"  WHERE false)," \
	" covn AS (SELECT NULL::bigint AS n, NULL::" TYPE " AS k," \
	"  0::bigint AS v_industry, 0::bigint AS v_enterprise," \
	"  0::bigint AS v_project, 0::bigint AS v_technology," \
	"  0::bigint AS v_talent WHERE false),"

/*
 * Policy sessions (政策直通车), for this period and the previous one: the
 * events held (status done) that started in the period, their
 * registrations (not the waitlist) and the enterprises that attended
 * (checked in, 0017).  Events of no chain count city-wide only (an admin
 * without a chain filter).  Not defined per category, commissioner or
 * responder.  The one place that reads events for the figures.
 */
#define SQL_SESSIONS(KEY) \
	" ses AS (SELECT p.n, " KEY " AS k, count(DISTINCT e.id) AS held," \
	"  count(er.id) FILTER (WHERE er.status = 'registered') AS registered," \
	"  count(er.id) FILTER (WHERE er.attended) AS attended" \
	"  FROM p JOIN events e ON e.status = 'done'" \
	"  AND e.starts_at >= p.from_on::timestamp AT TIME ZONE 'Asia/Shanghai'" \
	"  AND e.starts_at < (p.to_on + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'" \
	"  AND (e.chain_id = ANY " SQL_CHA \
	"   OR (e.chain_id IS NULL AND $3::text IS NULL AND $1 = 'admin'))" \
	"  LEFT JOIN event_registrations er ON er.event_id = e.id" \
	"  WHERE p.n <= 2 AND " SQL_SESSIONS_OK " GROUP BY 1, 2),"
#define SQL_NO_SESSIONS(TYPE) \
	" ses AS (SELECT NULL::bigint AS n, NULL::" TYPE " AS k," \
	"  0::bigint AS held, 0::bigint AS registered, 0::bigint AS attended" \
	"  WHERE false),"

/* True when the sessions are defined for the statement (see above). */
#define SQL_SESSIONS_OK SQL_NO_DIMS

#define SQL_RATE(N, D) "round((" N ")::numeric / nullif(" D ", 0), 4)"

/* Every figure of period n and group k, as numbers; NULL is no data. */
#define SQL_AGG \
	" grid AS (SELECT p.n, keys.k FROM p CROSS JOIN keys)," \
	" agg AS (SELECT g.n, g.k," \
	"  coalesce(sub.submitted, 0) AS submitted," \
	"  coalesce(sub.responded, 0) AS responded," \
	"  round(sub.resp_med::numeric, 1) AS resp_med," \
	"  round(sub.resp_p90::numeric, 1) AS resp_p90," \
	"  coalesce(due.due, 0) AS due, coalesce(due.on_time, 0) AS on_time," \
	"  " SQL_RATE("due.on_time", "due.due") " AS on_time_rate," \
	"  coalesce(res.closed, 0) AS closed," \
	"  round(res.close_med::numeric, 1) AS close_med," \
	"  round(res.close_p90::numeric, 1) AS close_p90," \
	"  coalesce(res.reopened, 0) AS reopened," \
	"  " SQL_RATE("res.reopened", "res.closed") " AS reopen_rate," \
	"  coalesce(rat.rated, 0) AS rated," \
	"  round(rat.rating_avg, 2) AS rating_avg," \
	"  coalesce(rat.r1, 0) AS r1, coalesce(rat.r2, 0) AS r2," \
	"  coalesce(rat.r3, 0) AS r3, coalesce(rat.r4, 0) AS r4," \
	"  coalesce(rat.r5, 0) AS r5," \
	"  coalesce(rc.rechecked, 0) AS rechecked," \
	"  coalesce(rc.solved, 0) AS solved," \
	"  coalesce(rc.partly, 0) AS partly," \
	"  coalesce(rc.not_solved, 0) AS not_solved," \
	"  " SQL_RATE("rc.solved", "rc.rechecked") " AS recheck_rate," \
	"  coalesce(esc.opened, 0) AS esc_opened," \
	"  coalesce(escr.resolved, 0) AS esc_resolved," \
	"  covd.enterprises, coalesce(covn.v_industry, 0) AS v_industry," \
	"  coalesce(covn.v_enterprise, 0) AS v_enterprise," \
	"  coalesce(covn.v_project, 0) AS v_project," \
	"  coalesce(covn.v_technology, 0) AS v_technology," \
	"  coalesce(covn.v_talent, 0) AS v_talent," \
	"  coalesce(ses.held, 0) AS held," \
	"  coalesce(ses.registered, 0) AS registered," \
	"  coalesce(ses.attended, 0) AS attended," \
	"  " SQL_RATE("ses.attended", "ses.registered") " AS attendance_rate" \
	"  FROM grid g" \
	"  LEFT JOIN sub ON sub.n = g.n AND sub.k = g.k" \
	"  LEFT JOIN due ON due.n = g.n AND due.k = g.k" \
	"  LEFT JOIN res ON res.n = g.n AND res.k = g.k" \
	"  LEFT JOIN rat ON rat.n = g.n AND rat.k = g.k" \
	"  LEFT JOIN rc ON rc.n = g.n AND rc.k = g.k" \
	"  LEFT JOIN esc ON esc.n = g.n AND esc.k = g.k" \
	"  LEFT JOIN escr ON escr.n = g.n AND escr.k = g.k" \
	"  LEFT JOIN covd ON covd.k = g.k" \
	"  LEFT JOIN covn ON covn.n = g.n AND covn.k = g.k" \
	"  LEFT JOIN ses ON ses.n = g.n AND ses.k = g.k)"

#define SQL_LEVEL_JSON(A, L) \
	"'" L "', json_build_object('visited', " A ".v_" L "," \
	" 'rate', " SQL_RATE(A ".v_" L, A ".enterprises") ")"

/* The figures of agg row A as the API's object (OpenAPI: MetricsFigures). */
#define SQL_FIGURES(A, SES_OK) \
	"json_build_object('cases_submitted', " A ".submitted," \
	" 'first_response', json_build_object('n', " A ".responded," \
	"  'median_hours', " A ".resp_med, 'p90_hours', " A ".resp_p90)," \
	" 'on_time_rate', " A ".on_time_rate," \
	" 'on_time', json_build_object('due', " A ".due," \
	"  'on_time', " A ".on_time, 'late', " A ".due - " A ".on_time)," \
	" 'days_to_close', json_build_object('n', " A ".closed," \
	"  'median', " A ".close_med, 'p90', " A ".close_p90)," \
	" 'satisfaction', json_build_object('n', " A ".rated," \
	"  'average', " A ".rating_avg, 'distribution', json_build_object(" \
	"  '1', " A ".r1, '2', " A ".r2, '3', " A ".r3, '4', " A ".r4," \
	"  '5', " A ".r5))," \
	" 'recheck_pass_rate', " A ".recheck_rate," \
	" 'rechecks', json_build_object('n', " A ".rechecked," \
	"  'solved', " A ".solved, 'partly', " A ".partly," \
	"  'not_solved', " A ".not_solved)," \
	" 'reopen_rate', " A ".reopen_rate," \
	" 'reopens', json_build_object('closed', " A ".closed," \
	"  'reopened', " A ".reopened)," \
	" 'escalations', json_build_object('opened', " A ".esc_opened," \
	"  'resolved', " A ".esc_resolved)," \
	" 'visit_coverage', CASE WHEN " A ".n <= 2" \
	"  AND " A ".enterprises IS NOT NULL THEN json_build_object(" \
	"  'enterprises', " A ".enterprises, 'levels', json_build_object(" \
	SQL_LEVEL_JSON(A, "industry") ", " SQL_LEVEL_JSON(A, "enterprise") ", " \
	SQL_LEVEL_JSON(A, "project") ", " SQL_LEVEL_JSON(A, "technology") ", " \
	SQL_LEVEL_JSON(A, "talent") ")) END," \
	" 'policy_sessions', CASE WHEN " A ".n <= 2 AND " SES_OK " THEN" \
	"  json_build_object('held', " A ".held, 'registered', " A ".registered," \
	"  'attended', " A ".attended," \
	"  'attendance_rate', " A ".attendance_rate) END)"

/* The change from P (previous period) to C: differences of the headline
 * figures (rates in fractions: 0.05 is five percentage points). */
#define SQL_CHANGE(C, P, SES_OK) \
	"json_build_object('cases_submitted', " C ".submitted - " P ".submitted," \
	" 'on_time_rate', " C ".on_time_rate - " P ".on_time_rate," \
	" 'days_to_close_median', " C ".close_med - " P ".close_med," \
	" 'first_response_median_hours', " C ".resp_med - " P ".resp_med," \
	" 'satisfaction_average', " C ".rating_avg - " P ".rating_avg," \
	" 'recheck_pass_rate', " C ".recheck_rate - " P ".recheck_rate," \
	" 'reopen_rate', " C ".reopen_rate - " P ".reopen_rate," \
	" 'escalations_opened', " C ".esc_opened - " P ".esc_opened," \
	" 'escalations_resolved', " C ".esc_resolved - " P ".esc_resolved," \
	" 'policy_sessions_held', CASE WHEN " SES_OK " THEN " C ".held - " P ".held END," \
	" 'attendance_rate', " C ".attendance_rate - " P ".attendance_rate)"

#define SQL_PERIOD_JSON(P) \
	"json_build_object('from', " P ".from_on, 'to', " P ".to_on," \
	" 'days', " P ".to_on - " P ".from_on + 1)"

/* Open cases past their deadline now (the list's overdue filter). */
#define SQL_OVERDUE_NOW \
	"(SELECT count(*) FROM cases f WHERE f.chain_id = ANY " SQL_CHA \
	" AND f.status IN ('accepted', 'assigned', 'in_progress')" \
	" AND f.due_at < hl_now()" SQL_DIMS ")"

#define SQL_SCOPE_JSON \
	"json_build_object('chain', (SELECT json_build_object('code', x.code," \
	" 'name', x.name) FROM chains x WHERE x.code = $3::text)," \
	" 'category', $4::text, 'category_label', $9::json->>$4::text," \
	" 'commissioner', (SELECT json_build_object('id', u.id, 'name', u.name)" \
	"  FROM users u WHERE u.id = $5::bigint)," \
	" 'responder', (SELECT json_build_object('id', u.id, 'name', u.name)" \
	"  FROM users u WHERE u.id = $6::bigint))"

/* The dashboard: no groups (k = 0). */
#define SQL_DASHBOARD_CTES \
	"WITH ch AS (" SQL_CHAINS_SCOPED ")," SQL_PERIODS \
	" keys AS (SELECT 0::bigint AS k)," \
	SQL_AGGS("0::bigint", "", SQL_RC_ALONE("0::bigint")) \
	SQL_COVERAGE("SELECT 0::bigint AS k, count(DISTINCT ec.enterprise_id)" \
	    " AS enterprises FROM enterprise_chains ec" \
	    " WHERE ec.chain_id = ANY " SQL_CHA \
	    " AND " SQL_OF_COMMISSIONER("ec.enterprise_id"), \
	    "0::bigint", "", SQL_ON_CHAINS("v.enterprise_id")) \
	SQL_SESSIONS("0::bigint") \
	SQL_AGG

#define SQL_DASHBOARD_JSON \
	"(" SQL_FIGURES("c", SQL_SESSIONS_OK) "::jsonb || jsonb_build_object(" \
	"'scope', " SQL_SCOPE_JSON "," \
	" 'period', " SQL_PERIOD_JSON("cp") "," \
	" 'previous', " SQL_FIGURES("pv", SQL_SESSIONS_OK) "::jsonb" \
	"  || " SQL_PERIOD_JSON("pp") "::jsonb," \
	" 'change', " SQL_CHANGE("c", "pv", SQL_SESSIONS_OK) "," \
	" 'weekly', (SELECT coalesce(jsonb_agg(" \
	"  " SQL_FIGURES("w", SQL_SESSIONS_OK) "::jsonb" \
	"  || " SQL_PERIOD_JSON("wp") "::jsonb ORDER BY w.n), '[]')" \
	"  FROM agg w JOIN p wp ON wp.n = w.n WHERE w.n > 2)," \
	" 'overdue_now', " SQL_OVERDUE_NOW "))"

#define SQL_DASHBOARD_FROM \
	" FROM agg c JOIN agg pv ON pv.n = 2 JOIN p cp ON cp.n = 1" \
	" JOIN p pp ON pp.n = 2 WHERE c.n = 1"

static const char SQL_DASHBOARD[] = SQL_DASHBOARD_CTES
	" SELECT " SQL_DASHBOARD_JSON "::text" SQL_DASHBOARD_FROM;

/* The JSON of a table: its items from agg rows c (this period) and pv
 * (the previous one), KEY_JSON and LABEL naming each. */
#define SQL_TABLE_JSON(GROUP, KEY_JSON, LABEL, ORDER, SES_OK, EXTRA) \
	" SELECT json_build_object('group', '" GROUP "'," \
	" 'scope', " SQL_SCOPE_JSON "," \
	" 'period', (SELECT " SQL_PERIOD_JSON("p") " FROM p WHERE p.n = 1)," \
	" 'previous', (SELECT " SQL_PERIOD_JSON("p") " FROM p WHERE p.n = 2)," \
	" 'items', coalesce(json_agg(json_build_object('key', " KEY_JSON "," \
	"  'label', " LABEL ", " EXTRA \
	"  'figures', " SQL_FIGURES("c", SES_OK) "," \
	"  'change', " SQL_CHANGE("c", "pv", SES_OK) ") ORDER BY " ORDER \
	" ), '[]')"

/*
 * Chains are ranked among all chains, so ch holds them all and vis the
 * ones the caller may see (and chain $3): only those rows leave the
 * database.
 */
#define TEXT_TABLE_CHAINS \
	"WITH ch AS (SELECT x.id FROM chains x), vis AS (" SQL_CHAINS_SCOPED ")," \
	SQL_PERIODS \
	" keys AS (SELECT ch.id AS k FROM ch)," \
	SQL_AGGS("f.chain_id", "", SQL_RC_ALONE("r.chain_id")) \
	SQL_COVERAGE("SELECT ec.chain_id AS k, count(*) AS enterprises" \
	    " FROM enterprise_chains ec WHERE ec.chain_id = ANY " SQL_CHA \
	    " AND " SQL_OF_COMMISSIONER("ec.enterprise_id"), \
	    "v.chain_id", "", \
	    "EXISTS (SELECT 1 FROM enterprise_chains ec" \
	    " WHERE ec.enterprise_id = v.enterprise_id" \
	    " AND ec.chain_id = v.chain_id)") \
	SQL_SESSIONS("e.chain_id") \
	SQL_AGG "," \
	" rk AS (SELECT a.k, rank() OVER (ORDER BY a.on_time_rate DESC" \
	"  NULLS LAST, a.rating_avg DESC NULLS LAST, a.closed DESC) AS rank" \
	"  FROM agg a WHERE a.n = 1 AND (a.due > 0 OR a.rated > 0" \
	"  OR a.closed > 0))" \
	SQL_TABLE_JSON("chains", "x.code", "x.name", \
	    "rk.rank NULLS LAST, x.sort_order, x.id", SQL_SESSIONS_OK, \
	    "'rank', rk.rank,") "," \
	" 'n_ranked', (SELECT count(*) FROM rk))::text" \
	" FROM agg c JOIN agg pv ON pv.n = 2 AND pv.k = c.k" \
	" JOIN chains x ON x.id = c.k LEFT JOIN rk ON rk.k = c.k" \
	" WHERE c.n = 1 AND c.k IN (SELECT vis.id FROM vis)"

#define SQL_CATEGORY_LIST \
	"ARRAY['policy', 'financing', 'legal', 'technology', 'talent'," \
	" 'approvals', 'other']"

#define TEXT_TABLE_CATEGORIES \
	"WITH ch AS (" SQL_CHAINS_SCOPED ")," SQL_PERIODS \
	" keys AS (SELECT unnest(" SQL_CATEGORY_LIST ") AS k)," \
	SQL_AGGS("f.category", "", SQL_RC_OF_FACTS("f.category", "")) \
	SQL_NO_COVERAGE("text") \
	SQL_NO_SESSIONS("text") \
	SQL_AGG \
	SQL_TABLE_JSON("categories", "c.k", "$9::json->>c.k", \
	    "array_position(" SQL_CATEGORY_LIST ", c.k)", "false", "") ")::text" \
	" FROM agg c JOIN agg pv ON pv.n = 2 AND pv.k = c.k" \
	" WHERE c.n = 1 AND ($4::text IS NULL OR c.k = $4::text)"

/* Groups that are people: those with something in the period. */
#define SQL_PEOPLE_KEYS \
	" keys AS (SELECT u.k FROM (SELECT k FROM sub UNION SELECT k FROM due" \
	" UNION SELECT k FROM res UNION SELECT k FROM rat UNION SELECT k" \
	" FROM rc UNION SELECT k FROM esc UNION SELECT k FROM escr" \
	" UNION SELECT k FROM covd) u WHERE u.k IS NOT NULL),"

#define TEXT_TABLE_COMMISSIONERS \
	"WITH ch AS (" SQL_CHAINS_SCOPED ")," SQL_PERIODS \
	SQL_AGGS("a.commissioner_id", \
	    " JOIN assignments a ON a.enterprise_id = f.enterprise_id", \
	    SQL_RC_OF_FACTS("a.commissioner_id", \
	    " JOIN assignments a ON a.enterprise_id = f.enterprise_id")) \
	SQL_COVERAGE("SELECT a.commissioner_id AS k," \
	    " count(DISTINCT a.enterprise_id) AS enterprises FROM assignments a" \
	    " WHERE " SQL_ON_CHAINS("a.enterprise_id") \
	    " AND ($5::bigint IS NULL OR a.commissioner_id = $5::bigint)", \
	    "a.commissioner_id", \
	    " JOIN assignments a ON a.enterprise_id = v.enterprise_id", \
	    SQL_ON_CHAINS("v.enterprise_id")) \
	SQL_NO_SESSIONS("bigint") \
	SQL_PEOPLE_KEYS \
	SQL_AGG \
	SQL_TABLE_JSON("commissioners", "c.k", "u.name", "u.name, u.id", \
	    "false", "") ")::text" \
	" FROM agg c JOIN agg pv ON pv.n = 2 AND pv.k = c.k" \
	" JOIN users u ON u.id = c.k" \
	" WHERE c.n = 1 AND ($5::bigint IS NULL OR c.k = $5::bigint)"

#define TEXT_TABLE_RESPONDERS \
	"WITH ch AS (" SQL_CHAINS_SCOPED ")," SQL_PERIODS \
	SQL_AGGS("f.assignee_user_id", "", \
	    SQL_RC_OF_FACTS("f.assignee_user_id", "")) \
	SQL_NO_COVERAGE("bigint") \
	SQL_NO_SESSIONS("bigint") \
	SQL_PEOPLE_KEYS \
	SQL_AGG \
	SQL_TABLE_JSON("responders", "c.k", "u.name", "u.name, u.id", \
	    "false", "") ")::text" \
	" FROM agg c JOIN agg pv ON pv.n = 2 AND pv.k = c.k" \
	" JOIN users u ON u.id = c.k" \
	" WHERE c.n = 1 AND ($6::bigint IS NULL OR c.k = $6::bigint)"

static const char SQL_TABLE_CHAINS[] = TEXT_TABLE_CHAINS;
static const char SQL_TABLE_CATEGORIES[] = TEXT_TABLE_CATEGORIES;
static const char SQL_TABLE_COMMISSIONERS[] = TEXT_TABLE_COMMISSIONERS;
static const char SQL_TABLE_RESPONDERS[] = TEXT_TABLE_RESPONDERS;

/* clang-format on */

static const char *const table_sql[] = {
	[HL_METRICS_CHAINS] = SQL_TABLE_CHAINS,
	[HL_METRICS_CATEGORIES] = SQL_TABLE_CATEGORIES,
	[HL_METRICS_COMMISSIONERS] = SQL_TABLE_COMMISSIONERS,
	[HL_METRICS_RESPONDERS] = SQL_TABLE_RESPONDERS,
};

/*
 * The dashboard and the group tables again for a query without category,
 * commissioner or responder (the usual chain and city dashboards): $4..$6
 * written as NULL and $7..$9 renumbered $4..$6.  Passed as parameters,
 * the NULLs keep PostgreSQL from dropping those filters from a generic
 * plan, so it planned every call afresh (custom plans only; about 40 ms
 * of planning for the dashboard at a million cases); written out, the
 * prepared statement's generic plan serves every call.  Made by
 * hl_metrics_setup(); NULL until then (the statements above serve).
 */
/* Set once by hl_metrics_setup() before the workers start. */
static int64_t max_days_ = HL_METRICS_MAX_PERIOD_DAYS;

static char *plain_dashboard_;
static char *plain_tables_[HL_METRICS_RESPONDERS + 1];

static char *
plain(const char *sql)
{
	struct hl_buf b = { 0 };
	const char *s;

	for (s = sql; *s != '\0'; s++) {
		if (s[0] == '$' && s[1] >= '4' && s[1] <= '9' &&
		    !(s[2] >= '0' && s[2] <= '9')) {
			if (s[1] <= '6')
				hl_buf_puts(&b, "NULL");
			else
				hl_buf_printf(&b, "$%c", s[1] - 3);
			s++;
			continue;
		}
		hl_buf_putc(&b, *s);
	}
	return hl_buf_detach(&b, NULL);
}

void
hl_metrics_setup(const struct hl_conf *c)
{
	int g;

	max_days_ = c->metrics_max_period_days;
	if (plain_dashboard_ != NULL)
		return;
	plain_dashboard_ = plain(SQL_DASHBOARD);
	for (g = HL_METRICS_CHAINS; g <= HL_METRICS_RESPONDERS; g++)
		plain_tables_[g] = plain(table_sql[g]);
}

/* Run sql (or plain, its form without $4..$6, when the query has none of
 * them and it is made) with p's nine parameters, appending its JSON. */
static int
fetch(struct hl_ctx *ctx, const char *sql, const char *plain_sql,
    const char *const *v, struct hl_buf *out, struct hl_err *err)
{
	const char *six[6];

	if (plain_sql == NULL || v[3] != NULL || v[4] != NULL || v[5] != NULL)
		return hl_db_fetch_json(ctx->db, sql, 9, v, out, err);
	six[0] = v[0];
	six[1] = v[1];
	six[2] = v[2];
	six[3] = v[6];
	six[4] = v[7];
	six[5] = v[8];
	return hl_db_fetch_json(ctx->db, plain_sql, 6, six, out, err);
}

/* ---- the query's checks and periods ---- */

/*
 * $1..$2 scope, $3 chain code, $5 commissioner, $6 responder: today, and
 * whether each given one exists (and the chain is the caller's).  $4 (the
 * category, checked in C) is named only so that it has a type.
 */
static const char SQL_CHECK[] =
    "SELECT hl_today()::text,"
    " $3::text IS NULL OR EXISTS (" SQL_CHAINS_SCOPED "),"
    " $5::bigint IS NULL OR EXISTS (SELECT 1 FROM users u"
    "  WHERE u.id = $5::bigint AND u.role = 'commissioner'),"
    " $6::bigint IS NULL OR EXISTS (SELECT 1 FROM users u"
    "  WHERE u.id = $6::bigint AND u.role <> 'enterprise'), $4::text";

/* The statement's parameters, as text. */
struct params {
	const char *v[9];
	char uid[24];
	char commissioner[24];
	char responder[24];
	struct hl_buf from; /* {d,d,...} */
	struct hl_buf to;
	struct hl_buf labels;
	int32_t day_from; /* this period */
	int32_t day_to;
	int32_t prev_from; /* the one it is compared with */
	int32_t prev_to;
	int32_t today;
};

static void
params_release(struct params *p)
{
	hl_buf_release(&p->from);
	hl_buf_release(&p->to);
	hl_buf_release(&p->labels);
}

/* Add period [a, b] to the arrays. */
static void
add_period(struct params *p, int32_t a, int32_t b)
{
	char d[HL_CALENDAR_DATE_SIZE];

	hl_buf_putc(&p->from, p->from.len == 0 ? '{' : ',');
	hl_calendar_date_format(a, d);
	hl_buf_puts(&p->from, d);
	hl_buf_putc(&p->to, p->to.len == 0 ? '{' : ',');
	hl_calendar_date_format(b, d);
	hl_buf_puts(&p->to, d);
}

/*
 * The periods: [from, to], the one it is compared with, and when weekly
 * the weeks (Monday to Sunday) of the trend: those that meet the period,
 * and at least the last `weeks` up to the week of to, the last one cut at
 * to.
 */
static void
periods(struct params *p, bool weekly, int weeks)
{
	int32_t first;
	int32_t w;

	add_period(p, p->day_from, p->day_to);
	add_period(p, p->prev_from, p->prev_to);
	if (weekly) {
		first = p->day_to - 7 * (weeks - 1);
		if (p->day_from < first)
			first = p->day_from;
		first -= hl_calendar_weekday(first) - 1;
		for (w = first; w <= p->day_to; w += 7)
			add_period(p, w, w + 6 < p->day_to ? w + 6 : p->day_to);
	}
	hl_buf_putc(&p->from, '}');
	hl_buf_putc(&p->to, '}');
}

/* The period to compare with, when the caller chose it: both days, in
 * order, before the period. */
static void
check_previous(const struct hl_metrics_query *q, struct params *p, int64_t max,
    struct hl_err *err)
{
	if (q->prev_from == NULL ||
	    hl_calendar_date_parse(hl_str_from(q->prev_from), &p->prev_from) ==
	        -1)
		hl_err_field(err, "prev_from", "应为日期 YYYY-MM-DD");
	if (q->prev_to == NULL ||
	    hl_calendar_date_parse(hl_str_from(q->prev_to), &p->prev_to) == -1)
		hl_err_field(err, "prev_to", "应为日期 YYYY-MM-DD");
	if (hl_err_is_set(err))
		return;
	if (p->prev_from > p->prev_to)
		hl_err_field(err, "prev_from", "开始日期不能晚于结束日期");
	else if (p->prev_to >= p->day_from)
		hl_err_field(err, "prev_to", "对比区间应早于统计区间");
	else if ((int64_t)(p->prev_to - p->prev_from) + 1 > max)
		hl_err_field(err, "prev_from", "统计区间最长 %" PRId64 " 天",
		    max);
}

/* Check q and fill p: 404 for a chain not to be seen, 422 per field. */
static int
make_params(struct hl_ctx *ctx, const struct hl_metrics_query *q, bool weekly,
    struct params *p, struct hl_err *err)
{
	const char *role = hl_ctx_role_name(ctx->role);
	struct hl_db_res *r;
	int64_t max = max_days_;
	int32_t first_min = 0;
	struct hl_jw w;
	int i;

	snprintf(p->uid, sizeof(p->uid), "%" PRId64, ctx->user_id);
	p->v[0] = role != NULL ? role : "";
	p->v[1] = p->uid;
	p->v[2] = q->chain;
	p->v[3] = q->category;
	if (q->commissioner > 0) {
		snprintf(p->commissioner, sizeof(p->commissioner), "%" PRId64,
		    q->commissioner);
		p->v[4] = p->commissioner;
	}
	if (q->responder > 0) {
		snprintf(p->responder, sizeof(p->responder), "%" PRId64,
		    q->responder);
		p->v[5] = p->responder;
	}
	if (q->category != NULL && hl_case_category_label(q->category) == NULL)
		hl_err_field(err, "category", "未知的类别");
	r = hl_db_exec(ctx->db, SQL_CHECK, 6, p->v, err);
	if (r == NULL)
		return -1;
	if (!hl_db_get_bool(r, 0, 1)) {
		hl_db_res_free(r);
		return hl_err_not_found(err);
	}
	if (!hl_db_get_bool(r, 0, 2))
		hl_err_field(err, "commissioner", "服务专员不存在");
	if (!hl_db_get_bool(r, 0, 3))
		hl_err_field(err, "responder", "承办人不存在");
	if (hl_calendar_date_parse(hl_str_from(hl_db_get(r, 0, 0)),
	        &p->today) == -1)
		HL_BUG("metrics: hl_today() is not a date");
	hl_db_res_free(r);

	p->day_to = p->today;
	if (q->to != NULL &&
	    hl_calendar_date_parse(hl_str_from(q->to), &p->day_to) == -1)
		hl_err_field(err, "to", "应为日期 YYYY-MM-DD");
	p->day_from = p->day_to - 29;
	if (q->from != NULL &&
	    hl_calendar_date_parse(hl_str_from(q->from), &p->day_from) == -1)
		hl_err_field(err, "from", "应为日期 YYYY-MM-DD");
	hl_calendar_date_parse(hl_str_from(FIRST_DAY_MIN), &first_min);
	if (hl_err_is_set(err))
		return -1;
	if (p->day_to > p->today)
		hl_err_field(err, "to", "统计区间不能晚于今天");
	if (p->day_from > p->day_to)
		hl_err_field(err, "from", "开始日期不能晚于结束日期");
	else if ((int64_t)(p->day_to - p->day_from) + 1 > max)
		hl_err_field(err, "from", "统计区间最长 %" PRId64 " 天", max);
	else if (p->day_from < first_min)
		hl_err_field(err, "from", "开始日期不能早于 " FIRST_DAY_MIN);
	p->prev_to = p->day_from - 1;
	p->prev_from = p->prev_to - (p->day_to - p->day_from);
	if (q->prev_from != NULL || q->prev_to != NULL)
		check_previous(q, p, max, err);
	if (hl_err_is_set(err))
		return -1;
	periods(p, weekly,
	    q->trend_weeks > 0 ? q->trend_weeks : HL_METRICS_TREND_WEEKS);
	p->v[6] = hl_buf_cstr(&p->from);
	p->v[7] = hl_buf_cstr(&p->to);
	hl_jw_init(&w, &p->labels);
	hl_jw_obj_begin(&w);
	for (i = 0; hl_case_categories[i] != NULL; i++) {
		hl_jw_key(&w, hl_case_categories[i]);
		hl_jw_str(&w, hl_case_category_label(hl_case_categories[i]));
	}
	hl_jw_obj_end(&w);
	p->v[8] = hl_buf_cstr(&p->labels);
	return 0;
}

int
hl_metrics_json(struct hl_ctx *ctx, const struct hl_metrics_query *q,
    struct hl_buf *out, struct hl_err *err)
{
	struct params p = { 0 };
	int rc = -1;

	if (make_params(ctx, q, true, &p, err) == 0)
		rc = fetch(ctx, SQL_DASHBOARD, plain_dashboard_, p.v, out, err);
	params_release(&p);
	return rc;
}

int
hl_metrics_table_json(struct hl_ctx *ctx, const struct hl_metrics_query *q,
    enum hl_metrics_group group, struct hl_buf *out, struct hl_err *err)
{
	struct params p = { 0 };
	int rc = -1;

	if (group < HL_METRICS_CHAINS || group > HL_METRICS_RESPONDERS)
		HL_BUG("metrics: unknown group");
	if (make_params(ctx, q, false, &p, err) == 0)
		rc = fetch(ctx, table_sql[group], plain_tables_[group], p.v,
		    out, err);
	params_release(&p);
	return rc;
}

/* ---- tables for people: exports and the printed report ---- */

/* What a figure's value is, for its cell. */
enum kind {
	K_COUNT, /* an integer */
	K_RATE,  /* a fraction, shown as a percentage */
	K_NUM,   /* days, hours, stars: shown as they are */
};

static const char *const
    kind_names[] = { [K_COUNT] = "count", [K_RATE] = "rate", [K_NUM] = "num" };

/* A figure as a column: its title, its path in the figures object and
 * its kind; headline: in the printed report's summary. */
struct figure_col {
	const char *title;
	const char *path;
	enum kind kind;
	bool headline;
};

static const struct figure_col figure_cols[] = {
	{ "新增诉求（件）", "cases_submitted", K_COUNT, true },
	{ "首次响应（件）", "first_response.n", K_COUNT, false },
	{ "首次响应用时中位数（小时）", "first_response.median_hours", K_NUM,
	    true },
	{ "首次响应用时90分位（小时）", "first_response.p90_hours", K_NUM,
	    false },
	{ "应办结（件）", "on_time.due", K_COUNT, true },
	{ "按期办结（件）", "on_time.on_time", K_COUNT, true },
	{ "按期办结率", "on_time_rate", K_RATE, true },
	{ "办结（件）", "days_to_close.n", K_COUNT, true },
	{ "办结用时中位数（工作日）", "days_to_close.median", K_NUM, true },
	{ "办结用时90分位（工作日）", "days_to_close.p90", K_NUM, true },
	{ "评价（件）", "satisfaction.n", K_COUNT, false },
	{ "平均满意度（星）", "satisfaction.average", K_NUM, true },
	{ "1星", "satisfaction.distribution.1", K_COUNT, false },
	{ "2星", "satisfaction.distribution.2", K_COUNT, false },
	{ "3星", "satisfaction.distribution.3", K_COUNT, false },
	{ "4星", "satisfaction.distribution.4", K_COUNT, false },
	{ "5星", "satisfaction.distribution.5", K_COUNT, false },
	{ "回访（件）", "rechecks.n", K_COUNT, true },
	{ "回访已解决（件）", "rechecks.solved", K_COUNT, false },
	{ "回访部分解决（件）", "rechecks.partly", K_COUNT, false },
	{ "回访未解决（件）", "rechecks.not_solved", K_COUNT, true },
	{ "回访通过率", "recheck_pass_rate", K_RATE, true },
	{ "办结后重新办理（件）", "reopens.reopened", K_COUNT, false },
	{ "重新办理率", "reopen_rate", K_RATE, true },
	{ "列为书记突破项目（件）", "escalations.opened", K_COUNT, true },
	{ "书记突破项目办结（件）", "escalations.resolved", K_COUNT, true },
	{ "走访范围企业（家）", "visit_coverage.enterprises", K_COUNT, false },
	{ "产业层面走访覆盖率", "visit_coverage.levels.industry.rate", K_RATE,
	    true },
	{ "企业层面走访覆盖率", "visit_coverage.levels.enterprise.rate", K_RATE,
	    true },
	{ "项目层面走访覆盖率", "visit_coverage.levels.project.rate", K_RATE,
	    true },
	{ "技术层面走访覆盖率", "visit_coverage.levels.technology.rate", K_RATE,
	    true },
	{ "人才层面走访覆盖率", "visit_coverage.levels.talent.rate", K_RATE,
	    true },
	{ "政策直通车（场）", "policy_sessions.held", K_COUNT, true },
	{ "报名企业（家）", "policy_sessions.registered", K_COUNT, false },
	{ "到场企业（家）", "policy_sessions.attended", K_COUNT, false },
	{ "到场率", "policy_sessions.attendance_rate", K_RATE, true },
};

#define N_FIGURE_COLS (sizeof(figure_cols) / sizeof(figure_cols[0]))

/* clang-format off */

/*
 * A value V (jsonb at a path, SQL NULL when a part of the path is null:
 * not defined for the scope) of kind KIND as people read it.
 */
#define SQL_CELL(V, KIND) \
	"CASE WHEN " V " IS NULL THEN '不适用'" \
	" WHEN jsonb_typeof(" V ") <> 'number' THEN '无数据'" \
	" WHEN " KIND " = 'rate' THEN" \
	"  to_char(round((" V ")::text::numeric * 100, 1), 'FM9999990.0') || '%'" \
	" ELSE (" V ")::text END"

/* The change from P to C, "+3.2 个百分点" for rates, "-1.5" otherwise. */
#define SQL_CHANGE_CELL(C, P, KIND) \
	"CASE WHEN jsonb_typeof(" C ") IS DISTINCT FROM 'number'" \
	" OR jsonb_typeof(" P ") IS DISTINCT FROM 'number' THEN '—'" \
	" ELSE (SELECT CASE WHEN dd.v > 0 THEN '+' ELSE '' END" \
	"  || CASE WHEN " KIND " = 'rate' THEN round(dd.v * 100, 1)::text" \
	"  || ' 个百分点' ELSE trim_scale(dd.v)::text END" \
	"  FROM (SELECT (" C ")::text::numeric - (" P ")::text::numeric AS v) dd)" \
	" END"

/* $10 the paths, $11 their kinds: x(path, kind, i). */
#define SQL_COLS \
	" unnest($10::text[], $11::text[]) WITH ORDINALITY AS x(path, kind, i)"
#define SQL_AT(J) "(" J " #> string_to_array(x.path, '.'))"

/* Rows (i, this period, previous, change), one per figure. */
static const char SQL_ROWS_SUMMARY[] = SQL_DASHBOARD_CTES
	", d AS MATERIALIZED (SELECT " SQL_DASHBOARD_JSON " AS j" SQL_DASHBOARD_FROM ")"
	" SELECT x.i, " SQL_CELL(SQL_AT("d.j"), "x.kind") ","
	" " SQL_CELL(SQL_AT("(d.j->'previous')"), "x.kind") ","
	" " SQL_CHANGE_CELL(SQL_AT("d.j"), SQL_AT("(d.j->'previous')"), "x.kind")
	" FROM d," SQL_COLS " ORDER BY x.i";

/* Cells (row, column, text) of the weeks: column 0 the week. */
static const char SQL_ROWS_WEEKLY[] = SQL_DASHBOARD_CTES
	", d AS MATERIALIZED (SELECT " SQL_DASHBOARD_JSON " AS j" SQL_DASHBOARD_FROM "),"
	" w AS (SELECT it.item, it.r FROM d,"
	"  jsonb_array_elements(d.j->'weekly') WITH ORDINALITY AS it(item, r))"
	" SELECT w.r, 0::bigint, (w.item->>'from') || ' 至 ' || (w.item->>'to')"
	" FROM w"
	" UNION ALL SELECT w.r, x.i, " SQL_CELL(SQL_AT("w.item"), "x.kind")
	" FROM w," SQL_COLS " ORDER BY 1, 2";

/* Cells of a group table T: column 0 the group, 1 the rank (chains:
 * "3 / 18"), then the figures. */
#define SQL_ROWS_GROUPS(T) \
	"WITH w AS MATERIALIZED (SELECT it.item, it.r, t.j::jsonb->>'n_ranked' AS n_ranked" \
	"  FROM (" T ") AS t(j)," \
	"  jsonb_array_elements(t.j::jsonb->'items') WITH ORDINALITY AS it(item, r))" \
	" SELECT w.r, 0::bigint, w.item->>'label' FROM w" \
	" UNION ALL SELECT w.r, 1::bigint," \
	"  coalesce((w.item->>'rank') || ' / ' || w.n_ranked, '—')" \
	"  FROM w WHERE w.item ? 'rank'" \
	" UNION ALL SELECT w.r, x.i + CASE WHEN w.item ? 'rank' THEN 1 ELSE 0 END," \
	"  " SQL_CELL(SQL_AT("(w.item->'figures')"), "x.kind") \
	"  FROM w," SQL_COLS " ORDER BY 1, 2"

static const char SQL_ROWS_CHAINS[] = SQL_ROWS_GROUPS(TEXT_TABLE_CHAINS);
static const char SQL_ROWS_CATEGORIES[] = SQL_ROWS_GROUPS(TEXT_TABLE_CATEGORIES);
static const char SQL_ROWS_COMMISSIONERS[] = SQL_ROWS_GROUPS(TEXT_TABLE_COMMISSIONERS);
static const char SQL_ROWS_RESPONDERS[] = SQL_ROWS_GROUPS(TEXT_TABLE_RESPONDERS);

/* clang-format on */

static const struct {
	const char *sql;
	const char *title; /* sheet and section title */
	const char *first; /* the first column's title */
	bool ranked;       /* a rank column follows the first */
	bool weekly;       /* the statement needs the weeks */
} tables[] = {
	[HL_METRICS_TABLE_SUMMARY] = { SQL_ROWS_SUMMARY, "指标汇总", "指标",
	    false, false },
	[HL_METRICS_TABLE_WEEKLY] = { SQL_ROWS_WEEKLY, "逐周趋势", "周", false,
	    true },
	[HL_METRICS_TABLE_CHAINS] = { SQL_ROWS_CHAINS, "按产业链", "产业链",
	    true, false },
	[HL_METRICS_TABLE_CATEGORIES] = { SQL_ROWS_CATEGORIES, "按类别", "类别",
	    false, false },
	[HL_METRICS_TABLE_COMMISSIONERS] = { SQL_ROWS_COMMISSIONERS,
	    "按服务专员", "服务专员", false, false },
	[HL_METRICS_TABLE_RESPONDERS] = { SQL_ROWS_RESPONDERS, "按承办人",
	    "承办人", false, false },
};

static const char *const summary_headers[] = { "指标", "本期", "上期", "变化" };

bool
hl_metrics_headline(const char *path)
{
	size_t i;

	for (i = 0; path != NULL && i < N_FIGURE_COLS; i++)
		if (strcmp(figure_cols[i].path, path) == 0)
			return figure_cols[i].headline;
	return false;
}

int
hl_metrics_rows_find(const struct hl_metrics_rows *rows, const char *key)
{
	size_t n =
	    rows->headers == summary_headers ? rows->n_rows : rows->n_cols;
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(rows->keys[i], key) == 0)
			return (int)i;
	return -1;
}

/* "{a,b,...}" of the columns' paths and kinds, for $10 and $11. */
static void
col_arrays(struct hl_buf *paths, struct hl_buf *kinds)
{
	size_t i;

	for (i = 0; i < N_FIGURE_COLS; i++) {
		hl_buf_putc(paths, i == 0 ? '{' : ',');
		hl_buf_puts(paths, figure_cols[i].path);
		hl_buf_putc(kinds, i == 0 ? '{' : ',');
		hl_buf_puts(kinds, kind_names[figure_cols[i].kind]);
	}
	hl_buf_putc(paths, '}');
	hl_buf_putc(kinds, '}');
}

static void
period_text(char out[64], int32_t a, int32_t b)
{
	char x[HL_CALENDAR_DATE_SIZE];
	char y[HL_CALENDAR_DATE_SIZE];

	hl_calendar_date_format(a, x);
	hl_calendar_date_format(b, y);
	snprintf(out, 64, "%s 至 %s", x, y);
}

/* The summary: one row per figure, its title from figure_cols. */
static void
fill_summary(struct hl_metrics_rows *rows, struct hl_db_res *r)
{
	const char **keys;
	size_t i;
	size_t j;

	rows->headers = summary_headers;
	rows->numeric = hl_xcalloc(4, sizeof(bool));
	rows->n_cols = 4;
	rows->n_rows = (size_t)hl_db_nrows(r);
	if (rows->n_rows != N_FIGURE_COLS)
		HL_BUG("metrics: a summary row per figure");
	keys = hl_xcalloc(N_FIGURE_COLS, sizeof(char *));
	rows->cells = hl_xcalloc(rows->n_rows * 4 + 1, sizeof(char *));
	for (i = 0; i < rows->n_rows; i++) {
		keys[i] = figure_cols[i].path;
		rows->cells[i * 4] = figure_cols[i].title;
		for (j = 1; j < 4; j++)
			rows->cells[i * 4 + j] = hl_db_get(r, (int)i, (int)j);
	}
	rows->keys = keys;
}

/* The other tables: cells (row, column, text) in order. */
static void
fill_cells(struct hl_metrics_rows *rows, struct hl_db_res *r, bool ranked)
{
	const char **headers;
	const char **keys;
	bool *numeric;
	size_t lead = ranked ? 2 : 1;
	size_t n = (size_t)hl_db_nrows(r);
	size_t i;

	rows->n_cols = lead + N_FIGURE_COLS;
	rows->n_rows = n / rows->n_cols;
	if (n % rows->n_cols != 0)
		HL_BUG("metrics: a table's cells do not fill its rows");
	headers = hl_xcalloc(rows->n_cols, sizeof(char *));
	keys = hl_xcalloc(rows->n_cols, sizeof(char *));
	numeric = hl_xcalloc(rows->n_cols, sizeof(bool));
	headers[0] = rows->title;
	keys[0] = "label";
	if (ranked) {
		headers[1] = "排名";
		keys[1] = "rank";
	}
	for (i = 0; i < N_FIGURE_COLS; i++) {
		headers[lead + i] = figure_cols[i].title;
		keys[lead + i] = figure_cols[i].path;
		numeric[lead + i] = figure_cols[i].kind == K_COUNT;
	}
	rows->headers = headers;
	rows->keys = keys;
	rows->numeric = numeric;
	rows->cells = hl_xcalloc(n + 1, sizeof(char *));
	for (i = 0; i < n; i++)
		rows->cells[i] = hl_db_get(r, (int)i, 2);
}

int
hl_metrics_rows(struct hl_ctx *ctx, const struct hl_metrics_query *q,
    enum hl_metrics_table t, struct hl_metrics_rows *rows, struct hl_err *err)
{
	struct params p = { 0 };
	struct hl_buf paths = { 0 };
	struct hl_buf kinds = { 0 };
	const char *v[11];
	struct hl_db_res *r = NULL;
	int rc = -1;

	if (t < HL_METRICS_TABLE_SUMMARY || t > HL_METRICS_TABLE_RESPONDERS)
		HL_BUG("metrics: unknown table");
	memset(rows, 0, sizeof(*rows));
	if (make_params(ctx, q, tables[t].weekly, &p, err) == -1)
		goto out;
	col_arrays(&paths, &kinds);
	memcpy(v, p.v, sizeof(p.v));
	v[9] = hl_buf_cstr(&paths);
	v[10] = hl_buf_cstr(&kinds);
	r = hl_db_exec(ctx->db, tables[t].sql, 11, v, err);
	if (r == NULL)
		goto out;
	rows->title = tables[t].first;
	period_text(rows->period, p.day_from, p.day_to);
	period_text(rows->previous, p.prev_from, p.prev_to);
	if (t == HL_METRICS_TABLE_SUMMARY)
		fill_summary(rows, r);
	else
		fill_cells(rows, r, tables[t].ranked);
	rows->title = tables[t].title;
	rows->res_ = r;
	r = NULL;
	rc = 0;
out:
	hl_db_res_free(r);
	hl_buf_release(&kinds);
	hl_buf_release(&paths);
	params_release(&p);
	return rc;
}

void
hl_metrics_rows_free(struct hl_metrics_rows *rows)
{
	if (rows->headers != summary_headers)
		free((void *)rows->headers);
	free((void *)rows->numeric);
	free((void *)rows->keys);
	free(rows->cells);
	hl_db_res_free(rows->res_);
	memset(rows, 0, sizeof(*rows));
}

/* ---- exports ---- */

struct export_src {
	const struct hl_metrics_rows *rows;
	size_t next;
};

static int
next_row(void *arg, const char **cells, struct hl_err *err)
{
	struct export_src *src = arg;

	(void)err;
	if (src->next >= src->rows->n_rows)
		return 0;
	memcpy(cells, src->rows->cells + src->next * src->rows->n_cols,
	    src->rows->n_cols * sizeof(char *));
	src->next++;
	return 1;
}

int
hl_metrics_export(struct hl_ctx *ctx, const struct hl_metrics_query *q,
    enum hl_metrics_table t, enum hl_metrics_format fmt, struct hl_buf *out,
    struct hl_err *err)
{
	struct hl_metrics_rows rows = { 0 };
	struct hl_export_col *cols = NULL;
	struct export_src src = { &rows, 0 };
	size_t i;
	int rc = -1;

	if (hl_metrics_rows(ctx, q, t, &rows, err) == -1)
		goto out;
	cols = hl_xcalloc(rows.n_cols, sizeof(*cols));
	for (i = 0; i < rows.n_cols; i++) {
		cols[i].key = rows.headers[i];
		cols[i].title = rows.headers[i];
		cols[i].type = rows.numeric[i] ? HL_EXPORT_INT : HL_EXPORT_TEXT;
	}
	if (fmt == HL_METRICS_CSV)
		rc = hl_export_csv(cols, rows.n_cols, next_row, &src, out, err);
	else
		rc = hl_export_xlsx(rows.title, cols, rows.n_cols, next_row,
		    &src, out, err);
out:
	free(cols);
	hl_metrics_rows_free(&rows);
	return rc;
}
