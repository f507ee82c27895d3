/*
 * The common-problem query: the grouping CTEs of common_problem.h over
 * one chain, and the groups with their cases as JSON.  The threshold is
 * pg_trgm's GUC, set transaction-locally, so the % operator applies the
 * configured similarity.
 */
#include "common_problem.h"

#include <inttypes.h>
#include <stdio.h>

#include "action.h"
#include "buf.h"
#include "case.h"
#include "ctx.h"
#include "db.h"
#include "err.h"

/* $1 the threshold as a fraction ("0.30").  The grouping grows with the
 * square of the similar pairs among a chain's 500 most recent open cases:
 * a chain whose open cases all look alike (384 near-identical titles,
 * 51 000 pairs) took 2.9 s, and over 5 s on a loaded machine, so these
 * rare committee statements get 30 s instead of the interactive limit. */
static const char SQL_THRESHOLD[] =
    "SELECT set_config('pg_trgm.similarity_threshold', $1, true),"
    " set_config('statement_timeout', '30s', true)";

int
hl_common_problem_threshold(struct hl_db_conn *db,
    const struct hl_common_problem_opts *o, struct hl_err *err)
{
	char frac[16];
	const char *params[1] = { frac };

	snprintf(frac, sizeof(frac), "%.2f",
	    (double)o->similarity_percent / 100.0);
	return hl_db_run(db, SQL_THRESHOLD, 1, params, err);
}

/* $1 role, $2 user id, $3 chain code, $4 the percent, $5 the least
 * number of enterprises.  A chain the caller does
 * not act for has no cases here and no row below: 404. */
#define CHAIN_ID                                                               \
	"(SELECT x.id FROM chains x WHERE x.code = $3"                         \
	" AND " HL_ACTION_SQL_MANAGES("x.id") ")"

static const char SQL_GROUPS[] = "WITH RECURSIVE " HL_COMMON_PROBLEM_SQL_CTES(
    CHAIN_ID,
    "$5::int") " SELECT json_build_object('chain', json_build_object('code', ch.code,"
               " 'name', ch.name), 'similarity_percent', $4::int,"
               " 'min_enterprises', $5::int, 'items', coalesce((SELECT json_agg("
               "  json_build_object('key', g.root, 'category', rc.category,"
               "  'title', rc.title, 'n_cases', g.n_cases,"
               "  'n_enterprises', g.n_enterprises, 'cases', (SELECT json_agg("
               "   json_build_object('id', c.id, 'number', c.number,"
               "   'enterprise_id', c.enterprise_id, 'enterprise_name', e.name,"
               "   'title', c.title, 'status', c.status, 'created_at', c.created_at,"
               "   'overdue', " HL_CASE_SQL_OVERDUE
               ", 'escalated', c.escalated,"
               "   'on_agenda', (SELECT json_build_object('id', om.id, 'title',"
               "    om.title) FROM meeting_agenda_cases ol"
               "    JOIN meetings om ON om.id = ol.meeting_id"
               "    WHERE ol.case_id = c.id AND ol.meeting_open LIMIT 1))"
               "   ORDER BY c.created_at, c.id)"
               "   FROM cp_member m JOIN cases c ON c.id = m.id"
               "   JOIN enterprises e ON e.id = c.enterprise_id"
               "   WHERE m.root = g.root))"
               "  ORDER BY g.n_enterprises DESC, g.n_cases DESC, g.root)"
               "  FROM cp_group g JOIN cases rc ON rc.id = g.root), '[]'))"
               " FROM chains ch WHERE ch.id = " CHAIN_ID;

struct groups_tx {
	struct hl_ctx *ctx;
	const char *code;
	const struct hl_common_problem_opts *o;
	struct hl_buf *out;
};

static int
groups_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct groups_tx *gt = arg;
	const char *role = hl_ctx_role_name(gt->ctx->role);
	char uid[24];
	char pct[24];
	char min[24];
	const char *params[5] = { role != NULL ? role : "", uid, gt->code, pct,
		min };

	if (hl_common_problem_threshold(db, gt->o, err) == -1)
		return -1;
	snprintf(uid, sizeof(uid), "%" PRId64, gt->ctx->user_id);
	snprintf(pct, sizeof(pct), "%" PRId64, gt->o->similarity_percent);
	snprintf(min, sizeof(min), "%" PRId64, gt->o->min_enterprises);
	return hl_db_fetch_json(db, SQL_GROUPS, 5, params, gt->out, err);
}

int
hl_common_problem_json(struct hl_ctx *ctx, const char *code,
    const struct hl_common_problem_opts *o, struct hl_buf *out,
    struct hl_err *err)
{
	struct groups_tx gt = { ctx, code, o, out };

	return hl_db_tx_run_out(ctx->db, groups_tx, &gt, out, err);
}
