/*
 * Legal service teams (法律服务团): a chain's law firms and their
 * lawyers, each lawyer linked to the responder account that answers
 * legal cases.  Admins add, change and retire firms and lawyers; retired
 * ones stay for the history, and a retired firm's lawyers are no longer
 * suggested for cases.
 */
#ifndef HL_LEGAL_H
#define HL_LEGAL_H

#include <stdbool.h>
#include <stdint.h>

#include "binding.h"
#include "fourone.h"

struct hl_buf;
struct hl_ctx;
struct hl_err;

/* json_build_object() members of a firm f and a lawyer l. */
#define HL_LEGAL_SQL_FIRM_FIELDS(F)                                            \
	"'id', " F ".id, 'name', " F ".name, 'address', " F ".address,"        \
	" 'phone', " F ".phone, 'note', " F ".note, 'active', " F ".active,"   \
	" 'sort_order', " F ".sort_order, 'updated_at', " F ".updated_at"
#define HL_LEGAL_SQL_LAWYER_FIELDS(L)                                          \
	"'id', " L ".id, 'firm_id', " L ".firm_id, 'name', " L ".name,"        \
	" 'speciality', " L ".speciality, 'phone', " L ".phone,"               \
	" 'email', " L ".email, 'active', " L ".active,"                       \
	" 'sort_order', " L ".sort_order,"                                     \
	" 'user', " HL_BINDING_SQL_USER("lawyer_id",                           \
	    L ".id") ","                                                       \
	             " 'updated_at', " L ".updated_at"

/* A firm's members as given (NULL: absent). */
struct hl_legal_firm_in {
	const char *name; /* 2..100 */
	const char *address;
	const char *phone;
	const char *note;
	int64_t sort_order;
	bool active;
	struct hl_fourone_write w;
};

/*
 * Add a firm to chain code's legal team / change / retire one, appending
 * it with "chain_code".  Required when adding: name.  Errors: 404 unknown
 * chain or id; 422 per field; 409 on "name" when the chain has a firm of
 * that name (retired ones included: restore it instead).
 */
int hl_legal_firm_create(struct hl_ctx *ctx, const char *code,
    const struct hl_legal_firm_in *in, struct hl_buf *out, struct hl_err *err);
int hl_legal_firm_update(struct hl_ctx *ctx, int64_t id,
    const struct hl_legal_firm_in *in, struct hl_buf *out, struct hl_err *err);
int hl_legal_firm_retire(struct hl_ctx *ctx, int64_t id, struct hl_err *err);

/* A lawyer's members as given (NULL: absent). */
struct hl_legal_lawyer_in {
	const char *name; /* 1..40 */
	const char *speciality;
	const char *phone;
	const char *email;
	int64_t sort_order;
	bool active;
	struct hl_fourone_write w; /* user_id: a responder account */
};

/*
 * Add a lawyer to firm firm_id / change / retire one, appending it with
 * "chain_code" and "firm".  Errors as for firms; 409 on "name" for an
 * active lawyer of that name in the firm.
 */
int hl_legal_lawyer_create(struct hl_ctx *ctx, int64_t firm_id,
    const struct hl_legal_lawyer_in *in, struct hl_buf *out,
    struct hl_err *err);
int hl_legal_lawyer_update(struct hl_ctx *ctx, int64_t id,
    const struct hl_legal_lawyer_in *in, struct hl_buf *out,
    struct hl_err *err);
int hl_legal_lawyer_retire(struct hl_ctx *ctx, int64_t id, struct hl_err *err);

#endif /* HL_LEGAL_H */
