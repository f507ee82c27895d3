/*
 * Chain party committees (产业链党委) as the chain page shows them: the
 * members with their posts, each linked to the committee account they use
 * when they have one.  Linking a member gives the account the chain
 * (user_chains: what a committee account sees); removing the member or the
 * link takes it away again unless another post on the chain keeps it.
 */
#ifndef HL_COMMITTEE_H
#define HL_COMMITTEE_H

#include <stdbool.h>
#include <stdint.h>

#include "fourone.h"

struct hl_buf;
struct hl_ctx;
struct hl_err;

/* json_build_object() members of a committee member m (admin's view):
 * the linked account with the chains it serves. */
#define HL_COMMITTEE_SQL_FIELDS(M)                                             \
	"'id', " M ".id, 'name', " M ".name, 'title', " M ".title,"            \
	" 'role', " M ".committee_role, 'sort_order', " M ".sort_order,"       \
	" 'user', (SELECT json_build_object('id', cu.id, 'login', cu.login,"   \
	"  'name', cu.name, 'disabled', cu.disabled_at IS NOT NULL,"           \
	"  'chain_codes', (SELECT coalesce(json_agg(cc.code ORDER BY"          \
	"  cc.sort_order, cc.id), '[]') FROM user_chains cuc JOIN chains cc"   \
	"  ON cc.id = cuc.chain_id WHERE cuc.user_id = cu.id))"                \
	"  FROM users cu WHERE cu.id = " M ".user_id)"

/* A member's members as given (NULL: absent). */
struct hl_committee_in {
	const char *name;  /* 1..40 */
	const char *title; /* 0..100 */
	const char *role;  /* secretary | deputy_secretary | member */
	int64_t sort_order;
	struct hl_fourone_write w; /* user_id: a committee account, or null */
};

/*
 * Add a member to chain code's committee / change / remove one, appending
 * it with "chain_code".  Required when adding: name.  Errors: 404 unknown
 * chain or id; 422 per field (role, user_id not an enabled committee
 * account); 409 on "role" when the committee has a secretary already, on
 * "name" when it has a member of that name.
 */
int hl_committee_create(struct hl_ctx *ctx, const char *code,
    const struct hl_committee_in *in, struct hl_buf *out, struct hl_err *err);
int hl_committee_update(struct hl_ctx *ctx, int64_t id,
    const struct hl_committee_in *in, struct hl_buf *out, struct hl_err *err);
int hl_committee_remove(struct hl_ctx *ctx, int64_t id, struct hl_err *err);

#endif /* HL_COMMITTEE_H */
