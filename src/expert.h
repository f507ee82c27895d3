/*
 * Expert advisory panels (专家顾问团): a chain's experts, added, changed
 * and retired by admins.  A retired expert stays in the table (and bound
 * to their account), so old cases still show who answered them; only
 * active experts are listed on the chain's page and suggested for cases.
 */
#ifndef HL_EXPERT_H
#define HL_EXPERT_H

#include <stdbool.h>
#include <stdint.h>

#include "binding.h"
#include "fourone.h"

struct hl_buf;
struct hl_ctx;
struct hl_err;

/* An expert e as json_build_object() members (the admin's view). */
#define HL_EXPERT_SQL_FIELDS(E)                                                \
	"'id', " E ".id, 'name', " E ".name, 'title', " E ".title,"            \
	" 'field', " E ".field, 'organisation', " E ".organisation,"           \
	" 'phone', " E ".phone, 'email', " E ".email, 'bio', " E ".bio,"       \
	" 'active', " E ".active, 'sort_order', " E ".sort_order,"             \
	" 'user', " HL_BINDING_SQL_USER("expert_id",                           \
	    E ".id") ","                                                       \
	             " 'updated_at', " E ".updated_at"

/* An expert's members as given (NULL: absent); strings borrowed. */
struct hl_expert_in {
	const char *name; /* 1..40 characters */
	const char *title;
	const char *field;
	const char *organisation;
	const char *phone;
	const char *email;
	const char *bio;
	int64_t sort_order;
	bool active;
	struct hl_fourone_write w; /* the body and the account to bind */
};

/*
 * Add an expert to chain code's panel and append it with "chain_code".
 * Required: name.  Errors: 404 unknown chain; 422 per field (lengths,
 * phone, e-mail, user_id as hl_binding_set()); 409 on "name" when the
 * panel has an active expert of that name and organisation.
 */
int hl_expert_create(struct hl_ctx *ctx, const char *code,
    const struct hl_expert_in *in, struct hl_buf *out, struct hl_err *err);
/* Change the members given of expert id ("active": true restores a
 * retired one) and append it; errors as for create, 404 unknown id. */
int hl_expert_update(struct hl_ctx *ctx, int64_t id,
    const struct hl_expert_in *in, struct hl_buf *out, struct hl_err *err);
/* Retire expert id (again is fine).  404 unknown id. */
int hl_expert_retire(struct hl_ctx *ctx, int64_t id, struct hl_err *err);

#endif /* HL_EXPERT_H */
