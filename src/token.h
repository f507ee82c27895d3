/*
 * API tokens for integrations: created by admins for a user, shown once,
 * stored as SHA-256 only (auth.c resolves them), acting with the role the
 * user had when the token was made, revocable, and expiring (a password
 * change revokes them too, user.c).
 */
#ifndef HL_TOKEN_H
#define HL_TOKEN_H

#include <stdint.h>

#include "auth.h"

struct hl_buf;
struct hl_conf;
struct hl_ctx;
struct hl_err;

/* The default lifetime of a token from c.  Call once at startup. */
void hl_token_setup(const struct hl_conf *c);

/* A new token's request.  Strings are borrowed. */
struct hl_token_new {
	const char *name; /* 1..100 characters */
	int64_t user_id;  /* the user the token acts as */
	/* RFC 3339 with offset, future; NULL: token_expiry_days from now */
	const char *expires_at;
};

/*
 * Create a token, audited, and append the record as the list shows it
 * (without the token); the token itself (base64url of 32 random bytes,
 * HL_AUTH_TOKEN_CHARS characters) goes to token, and exists nowhere
 * else afterwards.  Errors: 422 on name, user_id (no such user, or
 * disabled) or expires_at (not RFC 3339, or not in the future).
 */
int hl_token_create(struct hl_ctx *ctx, const struct hl_token_new *t,
    char token[HL_AUTH_TOKEN_CHARS + 1], struct hl_buf *out,
    struct hl_err *err);

/* Filters of the list; 0 means "not given". */
struct hl_token_filter {
	int64_t user_id;
	int64_t cursor;
	int64_t limit; /* 1..200 */
};

/*
 * Append {"items":[{"id","name","user_id","user_login","role",
 * "created_at","created_by","expires_at","revoked_at","last_used_at",
 * "active"}],"next_cursor"}, newest first.  active: not revoked, not
 * expired, user enabled and still of the token's role.
 */
int hl_token_list_json(struct hl_ctx *ctx, const struct hl_token_filter *f,
    struct hl_buf *out, struct hl_err *err);

/* Revoke token id (again is fine), audited the first time.  404 when
 * there is none. */
int hl_token_revoke(struct hl_ctx *ctx, int64_t id, struct hl_err *err);

#endif /* HL_TOKEN_H */
