/*
 * Lead banks (主办银行): one bank per chain with its account managers
 * (each linked to the responder account that answers financing cases)
 * and its financing products.  Admins set the bank and add, change and
 * retire managers and products; retired ones stay for the history.
 */
#ifndef HL_BANK_H
#define HL_BANK_H

#include <stdbool.h>
#include <stdint.h>

#include "binding.h"
#include "fourone.h"

struct hl_buf;
struct hl_ctx;
struct hl_err;

/* json_build_object() members of a lead bank b, an account manager m and
 * a financing product p (the admin's view). */
#define HL_BANK_SQL_FIELDS(B)                                                  \
	"'id', " B ".id, 'bank_name', " B ".bank_name, 'branch', " B           \
	".branch,"                                                             \
	" 'address', " B ".address, 'phone', " B ".phone, 'note', " B ".note," \
	" 'updated_at', " B ".updated_at"
#define HL_BANK_SQL_MANAGER_FIELDS(M)                                          \
	"'id', " M ".id, 'name', " M ".name, 'title', " M ".title,"            \
	" 'phone', " M ".phone, 'email', " M ".email, 'active', " M ".active," \
	" 'sort_order', " M ".sort_order,"                                     \
	" 'user', " HL_BINDING_SQL_USER("account_manager_id",                  \
	    M ".id") ","                                                       \
	             " 'updated_at', " M ".updated_at"
#define HL_BANK_SQL_PRODUCT_FIELDS(P)                                          \
	"'id', " P ".id, 'name', " P ".name, 'kind', " P ".kind,"              \
	" 'rate_text', " P ".rate_text, 'min_amount_yuan', " P                 \
	".min_amount_yuan, 'max_amount_yuan', " P ".max_amount_yuan,"          \
	" 'term_months', " P ".term_months, 'conditions', " P ".conditions,"   \
	" 'summary', " P ".summary, 'active', " P ".active,"                   \
	" 'sort_order', " P ".sort_order, 'updated_at', " P ".updated_at"

/* The bank's members; all of them, PUT replaces the bank's details. */
struct hl_bank_in {
	const char *bank_name; /* 2..100 characters, required */
	const char *branch;
	const char *address;
	const char *phone;
	const char *note;
	struct hl_fourone_write w;
};

/*
 * Set chain code's lead bank (created on first use) and append it with
 * "chain_code".  Errors: 404 unknown chain; 422 per field.
 */
int hl_bank_put(struct hl_ctx *ctx, const char *code,
    const struct hl_bank_in *in, struct hl_buf *out, struct hl_err *err);

/* An account manager's members as given (NULL: absent). */
struct hl_bank_manager_in {
	const char *name; /* 1..40 */
	const char *title;
	const char *phone;
	const char *email;
	int64_t sort_order;
	bool active;
	struct hl_fourone_write w; /* user_id: a responder account */
};

/*
 * Add an account manager to chain code's lead bank / change / retire
 * one, appending it with "chain_code".  Required when adding: name.
 * Errors: 404 unknown chain or no lead bank yet, unknown id; 422 per
 * field, user_id not an enabled responder or bound elsewhere; 409 on
 * "name" when the bank has an active manager of that name.
 */
int hl_bank_manager_create(struct hl_ctx *ctx, const char *code,
    const struct hl_bank_manager_in *in, struct hl_buf *out,
    struct hl_err *err);
int hl_bank_manager_update(struct hl_ctx *ctx, int64_t id,
    const struct hl_bank_manager_in *in, struct hl_buf *out,
    struct hl_err *err);
int hl_bank_manager_retire(struct hl_ctx *ctx, int64_t id, struct hl_err *err);

/* A financing product's members as given; has_* for the numbers that
 * may be cleared with null. */
struct hl_bank_product_in {
	const char *name; /* 1..100 */
	const char *kind; /* credit_loan, secured_loan, ... */
	const char *rate_text;
	int64_t min_amount_yuan; /* > 0 */
	int64_t max_amount_yuan; /* >= min */
	int64_t term_months;     /* 1..360 */
	const char *conditions;
	const char *summary;
	int64_t sort_order;
	bool active;
	bool has_min;
	bool has_max;
	bool has_term;
	struct hl_fourone_write w;
};

/*
 * Add a financing product to chain code's lead bank / change / retire
 * one.  Required when adding: name, kind.  Errors as for managers; 409
 * on "name" for an active product of that name.
 */
int hl_bank_product_create(struct hl_ctx *ctx, const char *code,
    const struct hl_bank_product_in *in, struct hl_buf *out,
    struct hl_err *err);
int hl_bank_product_update(struct hl_ctx *ctx, int64_t id,
    const struct hl_bank_product_in *in, struct hl_buf *out,
    struct hl_err *err);
int hl_bank_product_retire(struct hl_ctx *ctx, int64_t id, struct hl_err *err);

#endif /* HL_BANK_H */
