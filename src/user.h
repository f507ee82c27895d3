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

/*
 * The members of a user that colleagues may see, for json_build_object()
 * over a users row u: id, login, name, role, enterprise_id,
 * enterprise_name, chain_codes (an enterprise user's are its enterprise's
 * chains, staff have theirs) and responder (the binding of a responder to
 * one of a chain's four ones as {"resource","chain_code"}, else null).
 */
#define HL_USER_SQL_FIELDS                                                          \
	"'id', u.id, 'login', u.login, 'name', u.name, 'role', u.role,"             \
	" 'enterprise_id', u.enterprise_id,"                                        \
	" 'enterprise_name', (SELECT ue.name FROM enterprises ue"                   \
	"  WHERE ue.id = u.enterprise_id),"                                         \
	" 'chain_codes', CASE WHEN u.role = 'enterprise' THEN"                      \
	"  (SELECT coalesce(json_agg(uc.code ORDER BY uc.sort_order, uc.id),"       \
	"  '[]') FROM enterprise_chains uec"                                        \
	"  JOIN chains uc ON uc.id = uec.chain_id"                                  \
	"  WHERE uec.enterprise_id = u.enterprise_id)"                              \
	"  ELSE (SELECT coalesce(json_agg(uc.code ORDER BY uc.sort_order,"          \
	"  uc.id), '[]') FROM user_chains uuc"                                      \
	"  JOIN chains uc ON uc.id = uuc.chain_id WHERE uuc.user_id = u.id)"        \
	"  END,"                                                                    \
	" 'responder', (SELECT json_build_object('resource', " HL_USER_SQL_RESOURCE \
	", 'chain_code', uc.code)"                                                  \
	"  FROM responder_bindings rb JOIN chains uc ON uc.id = rb.chain_id"        \
	"  WHERE rb.user_id = u.id LIMIT 1)"

/* The resource of a responder_bindings row rb as the API names it: the
 * view says policy_contact where the API says policy_pack. */
#define HL_USER_SQL_RESOURCE                                                   \
	"CASE rb.resource WHEN 'policy_contact' THEN 'policy_pack'"            \
	" ELSE rb.resource END"

/* Append the caller as HL_USER_SQL_FIELDS describes.  404 when the caller
 * is anonymous. */
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
 * for the enterprise role and only for it and existing, binding kind
 * "expert", "account_manager", "lawyer" or "policy_pack" with an existing
 * id, for responders only, unknown chain codes); a login taken
 * (case-insensitively): 409.  *id gets the new user's id.
 */
int hl_user_create(struct hl_ctx *ctx, const struct hl_user_new *u, int64_t *id,
    struct hl_err *err);

/* Filters of the admin's user list; NULL or 0 means "not given". */
struct hl_user_filter {
	const char *role;  /* a role name */
	const char *chain; /* a chain code of user_chains */
	const char *q;     /* text in login or name */
	int64_t cursor;
	int64_t limit; /* 1..200 */
};

/*
 * Append {"items":[user],"next_cursor"}, newest first, for admins: each
 * user as {"id","login","name","role","enterprise_id","enterprise_name",
 * "chain_codes","binding":{"kind","id","chain_code"}|null,
 * "responder":{"resource","chain_code"}|null (as /me has it),"phone",
 * "email","disabled","disabled_at","last_login_at",
 * "password_changed_at","demo","created_at","updated_at"}.  Never a
 * hash.
 * An unknown role filter is 400.
 */
int hl_user_list_json(struct hl_ctx *ctx, const struct hl_user_filter *f,
    struct hl_buf *out, struct hl_err *err);

/* Append user id as the list shows it; 404 when there is none. */
int hl_user_get_json(struct hl_ctx *ctx, int64_t id, struct hl_buf *out,
    struct hl_err *err);

/* An admin's change of a user: the members given (has_*). */
struct hl_user_change {
	const char *name;
	bool disabled;
	const char *const *chain_codes;
	size_t n_chain_codes;
	const char *password;
	bool has_name;
	bool has_disabled;
	bool has_chain_codes;
	bool has_password;
};

/*
 * Apply an admin's change to user id and append the user as
 * hl_user_get_json() does, audited ("user.update", before and after).
 * Disabling ends the user's sessions and revokes its API tokens;
 * enabling lets it log in again (revoked tokens stay revoked); a new
 * password ends its sessions and revokes its API tokens too.  Errors: 404; 422
 * per field (name, password rules, unknown chain codes, disabling oneself).
 */
int hl_user_update(struct hl_ctx *ctx, int64_t id,
    const struct hl_user_change *ch, struct hl_buf *out, struct hl_err *err);

/*
 * The signed-in caller changes its own password: current must be right
 * (checked and throttled as hl_auth_check_password(): 422 on
 * current_password, 429), new_password follows the password rules and
 * differs from current (422 on new_password).  Every session of the user
 * ends, this one included, in one transaction with the change and its
 * audit row; every API token of the user is revoked in it too.  When
 * the caller came with a session (ctx->session_id), a new session is
 * opened in its place and *s is filled (s->token[0] is '\0' otherwise):
 * the caller's browser stays signed in, every other device is signed out.
 */
struct hl_auth_session;
int hl_user_change_own_password(struct hl_ctx *ctx, const char *current,
    const char *new_password, const char *user_agent, struct hl_auth_session *s,
    struct hl_err *err);

/* Set a new password for login, end every session of the user and
 * revoke its API tokens. */
int hl_user_set_password(struct hl_ctx *ctx, const char *login,
    const char *password, struct hl_err *err);

/* Disable login's account and end its sessions and API tokens. */
int hl_user_disable(struct hl_ctx *ctx, const char *login, struct hl_err *err);

#endif /* HL_USER_H */
