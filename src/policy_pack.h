/*
 * Policy docking packs (政策对接包): per chain, the desk that answers
 * policy questions (a contact, linked to its responder account) and the
 * policies the pack holds.  A policy is in a chain's pack when the chain
 * is among the policy's chains (policy_chains), which is also what makes
 * it apply to the chain's enterprises; so a citywide policy (no chains)
 * is in no pack, and a policy cannot leave the pack of its only chain
 * without becoming citywide: both are refused with the reason.
 */
#ifndef HL_POLICY_PACK_H
#define HL_POLICY_PACK_H

#include <stdint.h>

#include "binding.h"
#include "fourone.h"

struct hl_buf;
struct hl_ctx;
struct hl_err;

/* json_build_object() members of a pack's contact row p. */
#define HL_POLICY_PACK_SQL_FIELDS(P)                                           \
	"'id', " P ".id, 'contact_name', " P ".contact_name,"                  \
	" 'contact_phone', " P ".contact_phone, 'contact_email', " P           \
	".contact_email, 'department', " P ".department, 'note', " P ".note,"  \
	" 'user', " HL_BINDING_SQL_USER("policy_pack_id",                      \
	    P ".id") ","                                                       \
	             " 'updated_at', " P ".updated_at"

/* The contact's members; PUT replaces them all. */
struct hl_policy_pack_in {
	const char *contact_name; /* 1..40, required */
	const char *contact_phone;
	const char *contact_email;
	const char *department;
	const char *note;
	struct hl_fourone_write w; /* user_id: the desk's responder account */
};

/* Set chain code's pack contact (created on first use) and append it with
 * "chain_code".  Errors: 404 unknown chain; 422 per field, user_id as
 * hl_binding_set(). */
int hl_policy_pack_put(struct hl_ctx *ctx, const char *code,
    const struct hl_policy_pack_in *in, struct hl_buf *out, struct hl_err *err);

/*
 * Put policy policy_id in chain code's pack / take it out, audited
 * ("policy.pack_add", "policy.pack_remove" with the policy's chains
 * before and after), and append {"chain_code","policy_id",
 * "chain_codes":[…]}.  Admins may change any pack, committee members
 * their chains' (others: 404 for the chain).  Errors: 404 unknown chain;
 * 422 on "policy_id": no such policy, a citywide policy, or (removing)
 * the policy's only chain; 409 conflict when adding a policy already in
 * the pack; 404 removing one that is not.
 */
int hl_policy_pack_add(struct hl_ctx *ctx, const char *code, int64_t policy_id,
    struct hl_buf *out, struct hl_err *err);
int hl_policy_pack_remove(struct hl_ctx *ctx, const char *code,
    int64_t policy_id, struct hl_buf *out, struct hl_err *err);

#endif /* HL_POLICY_PACK_H */
