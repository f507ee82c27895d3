/*
 * Users and their roles: the signed-in user's own record (/me), accounts
 * created by admins and on the command line, password changes and
 * disabling (both end the user's sessions).
 */
#ifndef HL_USER_H
#define HL_USER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hl_buf;
struct hl_ctx;
struct hl_err;

/* Append the caller as {"id","login","name","role","enterprise_id",
 * "chain_codes":[...],...}.  404 when the caller is anonymous. */
int hl_user_me_json(struct hl_ctx *ctx, struct hl_buf *out, struct hl_err *err);

/* A new account.  Strings are borrowed.  chain_codes: the chains of a
 * committee member (others may have some too, for default filters). */
struct hl_user_new {
	const char *login;
	const char *name;
	const char *role; /* "enterprise", ... */
	const char *password;
	int64_t enterprise_id; /* required for role enterprise, else 0 */
	const char *const *chain_codes;
	size_t n_chain_codes;
	/* A responder's binding: "expert", "account_manager", "lawyer" or
	 * "policy_pack" and the resource's id; NULL when none. */
	const char *binding;
	int64_t binding_id;
	const char *phone;
	const char *email;
	bool demo;
};

/*
 * Validate and create a user with an argon2id hash, its chains and an
 * audit row, in one transaction on ctx->db.  Field errors: 422 with the
 * field named (login shape, password 8-256 characters, role, enterprise
 * for the enterprise role and only for it, unknown chain codes); a login
 * taken (case-insensitively): 409.  *id gets the new user's id.
 */
int hl_user_create(struct hl_ctx *ctx, const struct hl_user_new *u, int64_t *id,
    struct hl_err *err);

/* Set a new password for login and end every session of the user. */
int hl_user_set_password(struct hl_ctx *ctx, const char *login,
    const char *password, struct hl_err *err);

/* Disable login's account and end its sessions and API tokens. */
int hl_user_disable(struct hl_ctx *ctx, const char *login, struct hl_err *err);

#endif /* HL_USER_H */
