/*
 * Who is calling: session cookies (hl_session) and bearer API tokens are
 * looked up in PostgreSQL and turned into a struct hl_ctx; CSRF tokens are
 * checked for cookie-authenticated changes.  Passwords, login throttling
 * and session lifetimes live here too.  It sits below the HTTP layer: the
 * router hands it header values as plain strings and the request context,
 * and puts the cookie it makes into the reply itself.
 */
#ifndef HL_AUTH_H
#define HL_AUTH_H

#include <stdbool.h>
#include <stdint.h>

struct hl_conf;
struct hl_ctx;
struct hl_db_conn;
struct hl_err;

/* base64url of 32 random bytes, no padding. */
#define HL_AUTH_TOKEN_CHARS 43

/* The session cookie's name without TLS (see hl_auth_cookie_name()). */
#define HL_AUTH_COOKIE "hl_session"

/* Bytes for a Set-Cookie value made by hl_auth_cookie(). */
#define HL_AUTH_COOKIE_SIZE 176

/* What a successful login hands to the client. */
struct hl_auth_session {
	char token[HL_AUTH_TOKEN_CHARS + 1];      /* the cookie value */
	char csrf_token[HL_AUTH_TOKEN_CHARS + 1]; /* for X-CSRF-Token */
	int64_t max_age_s;
};

/* Remember lifetimes and throttling limits from c. */
void hl_auth_setup(const struct hl_conf *c);

/*
 * Fill ctx (user, role, session, ctx->csrf_hash; the login is copied into
 * ctx->arena) from the request's credentials: authorization is the
 * Authorization header ("Bearer <token>"), which wins, session_cookie the
 * session cookie's value (hl_auth_cookie_name()); either may be NULL.  In
 * production the credentials of demo accounts are not taken.  No credentials
 * leaves the caller anonymous and returns 0.  Unknown, expired or revoked
 * credentials also leave the caller anonymous (the route's role check
 * then answers 401).  -1 only when the lookup itself failed (database
 * down: 503).  Runs on ctx->db.
 */
int hl_auth_resolve(struct hl_ctx *ctx, const char *authorization,
    const char *session_cookie, struct hl_err *err);

/*
 * For a cookie-authenticated state-changing request: 0 when csrf_token
 * (the X-CSRF-Token header, may be NULL) matches the session's token,
 * else -1 with 403 csrf.
 */
int hl_auth_check_csrf(const struct hl_ctx *ctx, const char *csrf_token,
    struct hl_err *err);

/* Record a refused request (403) to method and route (a pattern) in the
 * audit log; failures are logged, never reported, since the request is
 * refused either way. */
void hl_auth_note_forbidden(struct hl_ctx *ctx, const char *method,
    const char *route);

/*
 * Check login and password and open a session.  Throttled first (429
 * rate_limited with retry_after_s): per (account, client), per client and
 * per account, with delays that double past each limit and never a
 * lock-out of a client without failures on the account (see auth.c); the
 * throttle check and the attempt's row are one transaction under a
 * per-account lock, and an attempt counts as a failure until its
 * password is verified.  Unknown login, wrong password, disabled account
 * and, in production, a demo account all answer 401 invalid_credentials
 * after one argon2id verification each.  A hash made at a lower cost than
 * today's is replaced.  Every evaluated attempt is recorded and audited.
 * old_token (may be NULL) is the session cookie the request came with:
 * that session ends, so a login always rotates the token.  On success
 * ctx->user_id and ctx->session_id are set and out is filled.
 */
int hl_auth_login(struct hl_ctx *ctx, const char *login, const char *password,
    const char *user_agent, const char *old_token, struct hl_auth_session *out,
    struct hl_err *err);

/*
 * Open a new session for ctx->user_id on ctx->db (inside the caller's
 * transaction: a password change opens the one that replaces those it
 * ended) and fill out; ctx->session_id is set.  Returns 0 or -1.
 */
int hl_auth_session_open(struct hl_ctx *ctx, const char *user_agent,
    struct hl_auth_session *out, struct hl_err *err);

/*
 * Check the signed-in caller's own password (a password change asks for
 * the current one).  Throttled and recorded like a login to the caller's
 * account, so a stolen session cannot guess faster than a login could.
 * Wrong: 422 with a message on field; throttled: 429; anonymous: 401.
 */
int hl_auth_check_password(struct hl_ctx *ctx, const char *password,
    const char *field, struct hl_err *err);

/* End the caller's session (no-op without one), audited. */
int hl_auth_logout(struct hl_ctx *ctx, struct hl_err *err);

/* The CSRF token of session_cookie, the caller's session cookie value
 * (may be NULL): "" when ctx was not authenticated by a live session
 * cookie. */
void hl_auth_csrf_for(const struct hl_ctx *ctx, const char *session_cookie,
    char out[HL_AUTH_TOKEN_CHARS + 1]);

/* The session cookie's name: "__Host-hl_session" when cookie_secure says
 * TLS is in front, else HL_AUTH_COOKIE.  Static. */
const char *hl_auth_cookie_name(void);

/* The Set-Cookie value that hands out token (max_age_s 0 clears the
 * cookie), HttpOnly, SameSite=Lax and, when configured, Secure. */
void hl_auth_cookie(const char *token, int64_t max_age_s,
    char out[HL_AUTH_COOKIE_SIZE]);

/* Background job (jobs.c, inside a transaction): end expired sessions
 * and forget login attempts older than a day. */
int hl_auth_job_expire(struct hl_db_conn *db, void *arg, struct hl_err *err);

#endif /* HL_AUTH_H */
