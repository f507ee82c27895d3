/*
 * Policy pack contact writes (through fourone.c) and pack membership.
 * Membership is a row of policy_chains; the chain is locked first and
 * the policy's row after, the order every writer of policy_chains here
 * takes, so two admins editing packs cannot deadlock.
 */
#include "policy_pack.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "ctx.h"
#include "db.h"
#include "err.h"
#include "mem.h"

/* ---- the contact ---- */

static const char SQL_GET[] =
    "SELECT json_build_object(" HL_POLICY_PACK_SQL_FIELDS(
        "p") ","
             " 'chain_code', (SELECT code FROM chains WHERE id = p.chain_id))::text"
             " FROM policy_packs p WHERE p.id = $1::bigint";

static const char SQL_LOCK[] =
    "SELECT p.id FROM policy_packs p JOIN chains c ON c.id = p.chain_id"
    " WHERE c.code = $1 FOR UPDATE OF p";

static const char SQL_INSERT[] =
    "INSERT INTO policy_packs (chain_id, contact_name, contact_phone,"
    " contact_email, department, note)"
    " SELECT c.id, btrim(j->>'contact_name'),"
    " NULLIF(btrim(j->>'contact_phone'), ''),"
    " NULLIF(btrim(j->>'contact_email'), ''),"
    " coalesce(btrim(j->>'department'), ''), coalesce(j->>'note', '')"
    " FROM chains c, (SELECT $2::jsonb AS j, $3::bigint AS actor) d"
    " WHERE c.code = $1 RETURNING id";

static const char SQL_UPDATE[] =
    "UPDATE policy_packs t SET" HL_FOURONE_SET_TEXT("contact_name") "," HL_FOURONE_SET_NULLABLE("contact_phone") "," HL_FOURONE_SET_NULLABLE(
        "contact_email") "," HL_FOURONE_SET_TEXT("department") ","
                                                               " note = CASE WHEN d.j ? 'note' THEN coalesce(d.j->>'note', '')"
                                                               "  ELSE t.note END"
                                                               " FROM (SELECT $2::jsonb AS j, $3::bigint AS actor) d"
                                                               " WHERE t.id = $1::bigint RETURNING t.id";

static const struct hl_fourone_spec spec = {
	.object_type = "policy_pack",
	.sql_get = SQL_GET,
	.sql_lock = SQL_LOCK,
	.sql_insert = SQL_INSERT,
	.sql_update = SQL_UPDATE,
	.binding = HL_BINDING_POLICY_PACK,
	.upsert = true,
	.parent_missing = "产业链不存在",
};

int
hl_policy_pack_put(struct hl_ctx *ctx, const char *code,
    const struct hl_policy_pack_in *in, struct hl_buf *out, struct hl_err *err)
{
	struct hl_fourone_write w = in->w;

	hl_fourone_check_text("contact_name", in->contact_name, true, 1, 40,
	    err);
	hl_fourone_check_text("department", in->department, false, 0, 200, err);
	hl_fourone_check_contact("contact_phone", in->contact_phone,
	    "contact_email", in->contact_email, err);
	if (hl_err_is_set(err))
		return -1;
	w.key = code;
	return hl_fourone_update(ctx, &spec, &w, out, err);
}

/* ---- membership ---- */

/* $1 code, $2 role, $3 user: the chain's id, locked, when the caller may
 * change its pack. */
static const char SQL_CHAIN[] =
    "SELECT c.id FROM chains c WHERE c.code = $1"
    " AND ($2 = 'admin' OR ($2 = 'committee' AND EXISTS (SELECT 1"
    "  FROM user_chains uc WHERE uc.chain_id = c.id"
    "  AND uc.user_id = $3::bigint))) FOR UPDATE";

/* $1 policy, $2 chain: the policy's chain codes as JSON, how many chains
 * it has, and whether the chain is one of them; the row locked. */
static const char SQL_POLICY[] =
    "SELECT (SELECT coalesce(json_agg(c.code ORDER BY c.sort_order, c.id),"
    "  '[]') FROM policy_chains pc JOIN chains c ON c.id = pc.chain_id"
    "  WHERE pc.policy_id = p.id)::text,"
    " (SELECT count(*) FROM policy_chains pc WHERE pc.policy_id = p.id),"
    " EXISTS (SELECT 1 FROM policy_chains pc WHERE pc.policy_id = p.id"
    "  AND pc.chain_id = $2::bigint)"
    " FROM policies p WHERE p.id = $1::bigint FOR UPDATE OF p";

static const char SQL_ADD[] = "INSERT INTO policy_chains (policy_id, chain_id)"
                              " VALUES ($1::bigint, $2::bigint)";

static const char SQL_REMOVE[] =
    "DELETE FROM policy_chains WHERE policy_id = $1::bigint"
    " AND chain_id = $2::bigint";

struct pack_tx {
	struct hl_ctx *ctx;
	const char *code;
	int64_t policy_id;
	bool add;
	struct hl_buf *out;
	size_t out_len;
};

/* The policy's chains now, for the audit row (arena) and the answer. */
static int
chains_now(struct pack_tx *t, const char *pid, const char *cid,
    const char **json, struct hl_err *err)
{
	const char *params[2] = { pid, cid };
	struct hl_db_res *r =
	    hl_db_exec(t->ctx->db, SQL_POLICY, 2, params, err);

	if (r == NULL)
		return -1;
	*json = hl_arena_strdup(t->ctx->arena, hl_db_get(r, 0, 0));
	hl_db_res_free(r);
	return 0;
}

/* Why the change cannot be made, or NULL. */
static int
refuse(struct pack_tx *t, const struct hl_db_res *r, struct hl_err *err)
{
	int64_t n = hl_db_get_i64(r, 0, 1);
	bool in_pack = hl_db_get_bool(r, 0, 2);

	if (t->add && n == 0)
		return hl_err_field(err, "policy_id",
		    "全市通用政策已适用于所有产业链，不需要加入政策包；如只适用"
		    "于部分产业链，请在政策页面修改适用产业链");
	if (t->add && in_pack) {
		hl_err_set(err, 409, "conflict", "该政策已在本产业链政策包中");
		return hl_err_field(err, "policy_id",
		    "该政策已在本产业链政策包中");
	}
	if (!t->add && !in_pack)
		return hl_err_not_found(err);
	if (!t->add && n == 1)
		return hl_err_field(err, "policy_id",
		    "该政策只适用于本产业链，移出后将变为全市通用；请在政策页面"
		    "修改适用产业链或归档");
	return 0;
}

static int
pack_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct pack_tx *t = arg;
	struct hl_ctx *ctx = t->ctx;
	const char *role = hl_ctx_role_name(ctx->role);
	char uid[24];
	char pid[24];
	char cid[24];
	const char *p_chain[3] = { t->code, role != NULL ? role : "", uid };
	const char *p_pol[2] = { pid, cid };
	const char *before = NULL;
	const char *after = NULL;
	struct hl_db_res *r;
	int rc;

	if (t->out->len > t->out_len) {
		t->out->len = t->out_len;
		t->out->p[t->out_len] = '\0';
	}
	snprintf(uid, sizeof(uid), "%" PRId64, ctx->user_id);
	snprintf(pid, sizeof(pid), "%" PRId64, t->policy_id);
	r = hl_db_exec(db, SQL_CHAIN, 3, p_chain, err);
	if (r == NULL)
		return -1;
	rc = hl_db_nrows(r) == 0 ? hl_err_not_found(err) : 0;
	if (rc == 0)
		snprintf(cid, sizeof(cid), "%s", hl_db_get(r, 0, 0));
	hl_db_res_free(r);
	if (rc == -1)
		return -1;
	r = hl_db_exec(db, SQL_POLICY, 2, p_pol, err);
	if (r == NULL)
		return -1;
	if (hl_db_nrows(r) == 0)
		rc = t->add ? hl_err_field(err, "policy_id", "政策不存在")
		            : hl_err_not_found(err);
	else if ((rc = refuse(t, r, err)) == 0)
		before = hl_arena_strdup(ctx->arena, hl_db_get(r, 0, 0));
	hl_db_res_free(r);
	if (rc == -1 ||
	    hl_db_run(db, t->add ? SQL_ADD : SQL_REMOVE, 2, p_pol, err) == -1 ||
	    chains_now(t, pid, cid, &after, err) == -1)
		return -1;
	hl_buf_printf(t->out,
	    "{\"chain_code\":\"%s\",\"policy_id\":%s,\"chain_codes\":%s}",
	    t->code, pid, after);
	return hl_audit_add(ctx,
	    t->add ? "policy.pack_add" : "policy.pack_remove", "policy", pid,
	    hl_arena_printf(ctx->arena, "{\"chain_codes\":%s}", before),
	    hl_arena_printf(ctx->arena, "{\"chain_codes\":%s}", after), err);
}

static int
change(struct hl_ctx *ctx, const char *code, int64_t policy_id, bool add,
    struct hl_buf *out, struct hl_err *err)
{
	struct pack_tx t = { ctx, code, policy_id, add, out, out->len };

	if (policy_id <= 0)
		return add ? hl_err_field(err, "policy_id", "政策不存在")
		           : hl_err_not_found(err);
	return hl_db_tx_run(ctx->db, pack_tx, &t, err);
}

int
hl_policy_pack_add(struct hl_ctx *ctx, const char *code, int64_t policy_id,
    struct hl_buf *out, struct hl_err *err)
{
	return change(ctx, code, policy_id, true, out, err);
}

int
hl_policy_pack_remove(struct hl_ctx *ctx, const char *code, int64_t policy_id,
    struct hl_buf *out, struct hl_err *err)
{
	return change(ctx, code, policy_id, false, out, err);
}
