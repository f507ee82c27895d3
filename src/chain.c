/*
 * Chain queries.  Each nested list is a correlated subquery on an indexed
 * chain_id, so the whole page costs one statement whatever the number of
 * experts, managers or lawyers; contact columns are blanked in SQL when
 * the caller may not see them, never filtered afterwards.
 */
#include "chain.h"

#include <inttypes.h>
#include <stdio.h>

#include "bank.h"
#include "buf.h"
#include "committee.h"
#include "ctx.h"
#include "db.h"
#include "err.h"
#include "expert.h"
#include "fourone.h"
#include "legal.h"
#include "policy_pack.h"

static const char SQL_LIST[] =
    "SELECT json_build_object('items', coalesce(json_agg(json_build_object("
    " 'code', c.code, 'name', c.name, 'description', c.description,"
    " 'chain_leader', c.chain_leader_name, 'demo', c.demo,"
    " 'n_experts', (SELECT count(*) FROM experts e"
    "   WHERE e.chain_id = c.id AND e.active),"
    " 'n_lawyers', (SELECT count(*) FROM lawyers l"
    "   JOIN law_firms f ON f.id = l.firm_id"
    "   WHERE f.chain_id = c.id AND l.active),"
    " 'n_financing_products', (SELECT count(*) FROM financing_products p"
    "   JOIN lead_banks b ON b.id = p.bank_id"
    "   WHERE b.chain_id = c.id AND p.active),"
    " 'n_policies', (SELECT count(*) FROM policy_chains pc"
    "   WHERE pc.chain_id = c.id),"
    " 'n_enterprises', (SELECT count(*) FROM enterprise_chains ec"
    "   WHERE ec.chain_id = c.id)"
    ") ORDER BY c.sort_order, c.id), '[]'))"
    " FROM chains c";

int
hl_chain_list_json(struct hl_ctx *ctx, struct hl_buf *out, struct hl_err *err)
{
	return hl_db_fetch_json(ctx->db, SQL_LIST, 0, NULL, out, err);
}

/* $1 code, $2 'true' when contact details may be shown. */
static const char SQL_GET[] =
    "SELECT json_build_object("
    " 'code', c.code, 'name', c.name, 'description', c.description,"
    " 'demo', c.demo,"
    " 'committee', json_build_object("
    "  'chain_leader', json_build_object('name', c.chain_leader_name,"
    "   'title', c.chain_leader_title),"
    "  'members', (SELECT coalesce(json_agg(json_build_object("
    "    'name', m.name, 'title', m.title, 'role', m.committee_role)"
    "    ORDER BY m.sort_order, m.id), '[]')"
    "    FROM chain_committee_members m WHERE m.chain_id = c.id)),"
    " 'expert_panel', json_build_object('experts',"
    "  (SELECT coalesce(json_agg(json_build_object("
    "    'id', e.id, 'name', e.name, 'field', e.field,"
    "    'organisation', e.organisation, 'title', e.title,"
    "    'phone', CASE WHEN $2 THEN e.phone END,"
    "    'email', CASE WHEN $2 THEN e.email END)"
    "    ORDER BY e.sort_order, e.id), '[]')"
    "    FROM experts e WHERE e.chain_id = c.id AND e.active)),"
    " 'policy_pack', json_build_object("
    "  'contact', (SELECT json_build_object('id', pp.id, 'name', pp.contact_name,"
    "    'department', pp.department,"
    "    'phone', CASE WHEN $2 THEN pp.contact_phone END,"
    "    'email', CASE WHEN $2 THEN pp.contact_email END)"
    "    FROM policy_packs pp WHERE pp.chain_id = c.id),"
    "  'policies', (SELECT coalesce(json_agg(json_build_object("
    "    'id', p.id, 'title', p.title, 'issuer', p.issuer,"
    "    'ref_number', p.ref_number, 'effective_on', p.effective_on,"
    "    'expires_on', p.expires_on, 'benefit_summary', p.benefit_summary)"
    "    ORDER BY p.effective_on DESC, p.id DESC), '[]')"
    "    FROM policy_chains pc JOIN policies p ON p.id = pc.policy_id"
    "    WHERE pc.chain_id = c.id)),"
    " 'lead_bank', (SELECT json_build_object("
    "   'bank_name', b.bank_name, 'branch', b.branch, 'address', b.address,"
    "   'phone', CASE WHEN $2 THEN b.phone END,"
    "   'account_managers', (SELECT coalesce(json_agg(json_build_object("
    "     'id', am.id, 'name', am.name, 'title', am.title,"
    "     'phone', CASE WHEN $2 THEN am.phone END,"
    "     'email', CASE WHEN $2 THEN am.email END)"
    "     ORDER BY am.sort_order, am.id), '[]')"
    "     FROM bank_account_managers am"
    "     WHERE am.bank_id = b.id AND am.active),"
    "   'financing_products', (SELECT coalesce(json_agg(json_build_object("
    "     'id', fp.id, 'name', fp.name, 'kind', fp.kind,"
    "     'rate_text', fp.rate_text, 'min_amount_yuan', fp.min_amount_yuan,"
    "     'max_amount_yuan', fp.max_amount_yuan,"
    "     'term_months', fp.term_months, 'conditions', fp.conditions,"
    "     'summary', fp.summary)"
    "     ORDER BY fp.sort_order, fp.id), '[]')"
    "     FROM financing_products fp"
    "     WHERE fp.bank_id = b.id AND fp.active))"
    "   FROM lead_banks b WHERE b.chain_id = c.id),"
    " 'legal_team', json_build_object("
    "  'firms', (SELECT coalesce(json_agg(json_build_object("
    "    'id', f.id, 'name', f.name, 'address', f.address,"
    "    'phone', CASE WHEN $2 THEN f.phone END)"
    "    ORDER BY f.sort_order, f.id), '[]')"
    "    FROM law_firms f WHERE f.chain_id = c.id AND f.active),"
    "  'lawyers', (SELECT coalesce(json_agg(json_build_object("
    "    'id', l.id, 'name', l.name, 'firm', f.name,"
    "    'speciality', l.speciality,"
    "    'phone', CASE WHEN $2 THEN l.phone END,"
    "    'email', CASE WHEN $2 THEN l.email END)"
    "    ORDER BY f.sort_order, f.id, l.sort_order, l.id), '[]')"
    "    FROM law_firms f JOIN lawyers l ON l.firm_id = f.id"
    "    WHERE f.chain_id = c.id AND f.active AND l.active)))"
    " FROM chains c WHERE c.code = $1";

int
hl_chain_get_json(struct hl_ctx *ctx, const char *code, bool with_contacts,
    struct hl_buf *out, struct hl_err *err)
{
	const char *params[2] = { code, with_contacts ? "true" : "false" };

	return hl_db_fetch_json(ctx->db, SQL_GET, 2, params, out, err);
}

/* ---- administration ---- */

static const char SQL_CHAIN_GET[] =
    "SELECT json_build_object('code', c.code, 'name', c.name,"
    " 'description', c.description, 'chain_leader', json_build_object("
    " 'name', c.chain_leader_name, 'title', c.chain_leader_title),"
    " 'updated_at', c.updated_at)::text FROM chains c WHERE c.id = $1::bigint";

static const char SQL_CHAIN_LOCK[] =
    "SELECT id FROM chains WHERE code = $1 FOR UPDATE";

static const char SQL_CHAIN_UPDATE[] =
    "UPDATE chains t SET"
    " description = CASE WHEN d.j ? 'description'"
    "  THEN coalesce(d.j->>'description', '') ELSE t.description END," HL_FOURONE_SET_NULLABLE(
        "chain_leader_name") ","
                             " chain_leader_title = CASE WHEN d.j ? 'chain_leader_title'"
                             "  THEN NULLIF(btrim(d.j->>'chain_leader_title'), '')"
                             "  ELSE t.chain_leader_title END"
                             " FROM (SELECT $2::jsonb AS j, $3::bigint AS actor) d"
                             " WHERE t.id = $1::bigint RETURNING t.id";

static const struct hl_fourone_spec chain_spec = {
	.object_type = "chain",
	.sql_get = SQL_CHAIN_GET,
	.sql_lock = SQL_CHAIN_LOCK,
	.sql_update = SQL_CHAIN_UPDATE,
};

int
hl_chain_update(struct hl_ctx *ctx, const char *code,
    const struct hl_chain_in *in, struct hl_buf *out, struct hl_err *err)
{
	struct hl_fourone_write w = { code, in->body, false, 0 };

	hl_fourone_check_text("description", in->description, false, 0, 4000,
	    err);
	if (in->chain_leader_name != NULL && in->chain_leader_name[0] != '\0')
		hl_fourone_check_text("chain_leader_name",
		    in->chain_leader_name, false, 1, 40, err);
	hl_fourone_check_text("chain_leader_title", in->chain_leader_title,
	    false, 0, 100, err);
	if (hl_err_is_set(err))
		return -1;
	return hl_fourone_update(ctx, &chain_spec, &w, out, err);
}

/* $1 code, $2 role, $3 user. */
static const char SQL_RESOURCES[] =
    "SELECT json_build_object('code', c.code, 'name', c.name,"
    " 'description', c.description, 'chain_leader', json_build_object("
    " 'name', c.chain_leader_name, 'title', c.chain_leader_title),"
    " 'can_edit', $2 = 'admin',"
    " 'committee', (SELECT coalesce(json_agg(json_build_object(" HL_COMMITTEE_SQL_FIELDS(
        "m") ") ORDER BY m.sort_order, m.id), '[]')"
             "  FROM chain_committee_members m WHERE m.chain_id = c.id),"
             " 'experts', (SELECT coalesce(json_agg(json_build_object(" HL_EXPERT_SQL_FIELDS(
                 "e") ") ORDER BY e.active DESC, e.sort_order,"
                      "  e.id), '[]') FROM experts e WHERE e.chain_id = c.id),"
                      " 'lead_bank', (SELECT json_build_object(" HL_BANK_SQL_FIELDS(
                          "b") ","
                               "  'account_managers', (SELECT coalesce(json_agg(json_build_object(" HL_BANK_SQL_MANAGER_FIELDS(
                                   "am") ") ORDER BY am.active DESC,"
                                         "  am.sort_order, am.id), '[]') FROM bank_account_managers am"
                                         "  WHERE am.bank_id = b.id),"
                                         "  'financing_products', (SELECT coalesce(json_agg(json_build_object(" HL_BANK_SQL_PRODUCT_FIELDS(
                                             "fp") ") ORDER BY fp.active DESC,"
                                                   "  fp.sort_order, fp.id), '[]') FROM financing_products fp"
                                                   "  WHERE fp.bank_id = b.id))"
                                                   "  FROM lead_banks b WHERE b.chain_id = c.id),"
                                                   " 'legal_team', json_build_object('firms', (SELECT coalesce(json_agg("
                                                   "  json_build_object(" HL_LEGAL_SQL_FIRM_FIELDS(
                                                       "f") ","
                                                            "  'lawyers', (SELECT coalesce(json_agg(json_build_object(" HL_LEGAL_SQL_LAWYER_FIELDS(
                                                                "l") ") ORDER BY l.active DESC,"
                                                                     "  l.sort_order, l.id), '[]') FROM lawyers l WHERE l.firm_id = f.id))"
                                                                     "  ORDER BY f.active DESC, f.sort_order, f.id), '[]')"
                                                                     "  FROM law_firms f WHERE f.chain_id = c.id)),"
                                                                     " 'policy_pack', json_build_object('contact', (SELECT json_build_object(" HL_POLICY_PACK_SQL_FIELDS(
                                                                         "pp") ") FROM policy_packs pp"
                                                                               "  WHERE pp.chain_id = c.id),"
                                                                               "  'policies', (SELECT coalesce(json_agg(json_build_object('id', p.id,"
                                                                               "   'title', p.title, 'issuer', p.issuer, 'effective_on',"
                                                                               "   p.effective_on, 'expires_on', p.expires_on,"
                                                                               "   'archived', p.archived_at IS NOT NULL,"
                                                                               "   'chain_codes', (SELECT json_agg(x.code ORDER BY x.sort_order, x.id)"
                                                                               "    FROM policy_chains y JOIN chains x ON x.id = y.chain_id"
                                                                               "    WHERE y.policy_id = p.id))"
                                                                               "   ORDER BY p.effective_on DESC, p.id DESC), '[]')"
                                                                               "   FROM policy_chains pc JOIN policies p ON p.id = pc.policy_id"
                                                                               "   WHERE pc.chain_id = c.id)))"
                                                                               " FROM chains c WHERE c.code = $1"
                                                                               " AND ($2 = 'admin' OR ($2 = 'committee' AND EXISTS (SELECT 1"
                                                                               "  FROM user_chains uc WHERE uc.chain_id = c.id"
                                                                               "  AND uc.user_id = $3::bigint)))";

int
hl_chain_resources_json(struct hl_ctx *ctx, const char *code,
    struct hl_buf *out, struct hl_err *err)
{
	const char *role = hl_ctx_role_name(ctx->role);
	char uid[24];
	const char *params[3] = { code, role != NULL ? role : "", uid };

	snprintf(uid, sizeof(uid), "%" PRId64, ctx->user_id);
	return hl_db_fetch_json(ctx->db, SQL_RESOURCES, 3, params, out, err);
}
