/*
 * Binding responder accounts to four-ones records.  The kind travels to
 * SQL as a parameter and picks the column inside CASE expressions, so the
 * statements stay static; the users table's CHECKs (one binding, only
 * responders) are the last line behind the friendlier checks here.
 */
#include "binding.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ctx.h"
#include "db.h"
#include "err.h"
#include "mem.h"

static const char *
kind_name(enum hl_binding_kind kind)
{
	switch (kind) {
	case HL_BINDING_EXPERT:
		return "expert";
	case HL_BINDING_ACCOUNT_MANAGER:
		return "account_manager";
	case HL_BINDING_LAWYER:
		return "lawyer";
	case HL_BINDING_POLICY_PACK:
		return "policy_pack";
	case HL_BINDING_NONE:
		break;
	}
	HL_BUG("binding of kind none");
}

/* $1 user, $2 kind, $3 record: the user's role, whether enabled, and the
 * other record it speaks for already (NULL when none). */
static const char SQL_CHECK[] =
    "SELECT u.role, u.disabled_at IS NULL, CASE"
    " WHEN u.expert_id IS NOT NULL AND NOT ($2 = 'expert'"
    "  AND u.expert_id = $3::bigint) THEN '专家 ' || (SELECT e.name"
    "  FROM experts e WHERE e.id = u.expert_id)"
    " WHEN u.account_manager_id IS NOT NULL AND NOT ($2 = 'account_manager'"
    "  AND u.account_manager_id = $3::bigint) THEN '客户经理 ' || (SELECT"
    "  m.name FROM bank_account_managers m WHERE m.id = u.account_manager_id)"
    " WHEN u.lawyer_id IS NOT NULL AND NOT ($2 = 'lawyer'"
    "  AND u.lawyer_id = $3::bigint) THEN '律师 ' || (SELECT l.name"
    "  FROM lawyers l WHERE l.id = u.lawyer_id)"
    " WHEN u.policy_pack_id IS NOT NULL AND NOT ($2 = 'policy_pack'"
    "  AND u.policy_pack_id = $3::bigint) THEN (SELECT c.name"
    "  FROM policy_packs p JOIN chains c ON c.id = p.chain_id"
    "  WHERE p.id = u.policy_pack_id) || '政策对接包'"
    " END FROM users u WHERE u.id = $1::bigint";

/* $1 kind, $2 record: unbind whoever speaks for it. */
static const char SQL_UNBIND[] =
    "UPDATE users SET"
    " expert_id = CASE WHEN $1 = 'expert' THEN NULL ELSE expert_id END,"
    " account_manager_id = CASE WHEN $1 = 'account_manager' THEN NULL"
    "  ELSE account_manager_id END,"
    " lawyer_id = CASE WHEN $1 = 'lawyer' THEN NULL ELSE lawyer_id END,"
    " policy_pack_id = CASE WHEN $1 = 'policy_pack' THEN NULL"
    "  ELSE policy_pack_id END"
    " WHERE ($1 = 'expert' AND expert_id = $2::bigint)"
    " OR ($1 = 'account_manager' AND account_manager_id = $2::bigint)"
    " OR ($1 = 'lawyer' AND lawyer_id = $2::bigint)"
    " OR ($1 = 'policy_pack' AND policy_pack_id = $2::bigint)";

/* $1 kind, $2 record, $3 user. */
static const char SQL_BIND[] =
    "UPDATE users SET"
    " expert_id = CASE WHEN $1 = 'expert' THEN $2::bigint ELSE expert_id END,"
    " account_manager_id = CASE WHEN $1 = 'account_manager' THEN $2::bigint"
    "  ELSE account_manager_id END,"
    " lawyer_id = CASE WHEN $1 = 'lawyer' THEN $2::bigint ELSE lawyer_id END,"
    " policy_pack_id = CASE WHEN $1 = 'policy_pack' THEN $2::bigint"
    "  ELSE policy_pack_id END"
    " WHERE id = $3::bigint";

static int
check(struct hl_ctx *ctx, const char *kind, const char *rid, const char *uid,
    struct hl_err *err)
{
	const char *params[3] = { uid, kind, rid };
	struct hl_db_res *r = hl_db_exec(ctx->db, SQL_CHECK, 3, params, err);

	if (r == NULL)
		return -1;
	if (hl_db_nrows(r) == 0)
		hl_err_field(err, "user_id", "账号不存在");
	else if (strcmp(hl_db_get(r, 0, 0), "responder") != 0)
		hl_err_field(err, "user_id",
		    "只能关联承办人员（专家、客户经理、律师、部门）账号");
	else if (!hl_db_get_bool(r, 0, 1))
		hl_err_field(err, "user_id", "该账号已停用");
	else if (!hl_db_isnull(r, 0, 2))
		hl_err_field(err, "user_id", "该账号已对应%s，请先解除",
		    hl_db_get(r, 0, 2));
	hl_db_res_free(r);
	return hl_err_is_set(err) ? -1 : 0;
}

int
hl_binding_set(struct hl_ctx *ctx, enum hl_binding_kind kind,
    int64_t resource_id, int64_t user_id, struct hl_err *err)
{
	const char *k = kind_name(kind);
	char rid[24];
	char uid[24];
	const char *p_unbind[2] = { k, rid };
	const char *p_bind[3] = { k, rid, uid };

	snprintf(rid, sizeof(rid), "%" PRId64, resource_id);
	snprintf(uid, sizeof(uid), "%" PRId64, user_id);
	if (user_id > 0 && check(ctx, k, rid, uid, err) == -1)
		return -1;
	if (hl_db_run(ctx->db, SQL_UNBIND, 2, p_unbind, err) == -1)
		return -1;
	if (user_id > 0)
		return hl_db_run(ctx->db, SQL_BIND, 3, p_bind, err);
	return 0;
}
