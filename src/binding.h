/*
 * Which responder account speaks for a four-ones record: an expert, a
 * bank's account manager, a lawyer or a policy pack's desk.  The link is
 * a column of users (expert_id, account_manager_id, lawyer_id,
 * policy_pack_id), at most one per user (0003); case routing reads it
 * through the responder_bindings view.
 */
#ifndef HL_BINDING_H
#define HL_BINDING_H

#include <stdint.h>

struct hl_ctx;
struct hl_err;

enum hl_binding_kind {
	HL_BINDING_NONE = 0,
	HL_BINDING_EXPERT,
	HL_BINDING_ACCOUNT_MANAGER,
	HL_BINDING_LAWYER,
	HL_BINDING_POLICY_PACK,
};

/*
 * SQL for json_build_object() of the account bound to the record whose id
 * is the SQL expression ID through users column COL ("expert_id"):
 * {"id","login","name","disabled"}, or null when none is.
 */
#define HL_BINDING_SQL_USER(COL, ID)                                           \
	"(SELECT json_build_object('id', bu.id, 'login', bu.login,"            \
	" 'name', bu.name, 'disabled', bu.disabled_at IS NOT NULL)"            \
	" FROM users bu WHERE bu." COL " = " ID " ORDER BY bu.id LIMIT 1)"

/*
 * Make user_id the one account bound to record resource_id of kind, on
 * ctx->db (inside the caller's transaction): accounts bound to it before
 * are unbound; user_id 0 only unbinds.  Errors, 422 on "user_id": no such
 * user, not a responder, disabled, or already bound to another record
 * (naming it).  Returns 0 or -1.
 */
int hl_binding_set(struct hl_ctx *ctx, enum hl_binding_kind kind,
    int64_t resource_id, int64_t user_id, struct hl_err *err);

#endif /* HL_BINDING_H */
