/*
 * Sessions, bearer tokens, CSRF, logins and their throttling.
 *
 * The cookie carries 256 random bits; PostgreSQL keeps only its SHA-256,
 * so a copy of the database opens no session.  The CSRF token is derived
 * from the session token (SHA-256 of "csrf:" + token): only the holder of
 * the HttpOnly cookie can compute it, /me can hand it out again after a
 * page reload, and nothing but its hash is stored either.
 */
#include "auth.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit.h"
#include "buf.h"
#include "conf.h"
#include "crypto.h"
#include "ctx.h"
#include "db.h"
#include "err.h"
#include "json.h"
#include "log.h"
#include "mem.h"
#include "str.h"

#define TOKEN_BYTES 32
#define TOKEN_CHARS HL_AUTH_TOKEN_CHARS

static int64_t idle_s_ = 7200;
static int64_t absolute_s_ = 43200;
static int64_t fail_per_pair_ = 5;
static int64_t fail_per_ip_ = 20;
static int64_t fail_per_account_ = 20;
static int64_t delay_max_s_ = 900;
static bool cookie_secure_;
static bool production_;
/* A real argon2id hash of a random password: unknown logins are checked
 * against it so that they cost the same time as wrong passwords. */
static char dummy_hash_[HL_CRYPTO_PWHASH_LEN];

void
hl_auth_setup(const struct hl_conf *c)
{
	unsigned char rnd[16];
	char pw[33];

	idle_s_ = c->session_idle_s;
	absolute_s_ = c->session_absolute_s;
	fail_per_pair_ = c->login_fail_per_pair;
	fail_per_ip_ = c->login_fail_per_ip;
	fail_per_account_ = c->login_fail_per_account;
	delay_max_s_ = c->login_delay_max_s;
	cookie_secure_ = c->cookie_secure;
	production_ = strcmp(c->environment, "production") == 0;
	hl_crypto_random(rnd, sizeof(rnd));
	hl_hex_encode(rnd, sizeof(rnd), pw);
	if (hl_crypto_pwhash(pw, dummy_hash_) == -1)
		HL_BUG("cannot hash the dummy password");
}

/* "\x<hex>": a bytea parameter in text form. */
static void
bytea_param(const unsigned char *p, size_t len, char *out)
{
	out[0] = '\\';
	out[1] = 'x';
	hl_hex_encode(p, len, out + 2);
}

static void
csrf_of(const char *token, char out[TOKEN_CHARS + 1])
{
	unsigned char h[HL_CRYPTO_SHA256_LEN];
	char in[5 + TOKEN_CHARS + 1];

	snprintf(in, sizeof(in), "csrf:%s", token);
	hl_crypto_sha256(in, strlen(in), h);
	hl_b64url_encode(h, sizeof(h), out);
}

static bool
token_shaped(const char *t)
{
	size_t i;

	for (i = 0; t[i] != '\0'; i++) {
		char c = t[i];

		if (i >= TOKEN_CHARS ||
		    !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		        (c >= 'A' && c <= 'Z') || c == '-' || c == '_'))
			return false;
	}
	return i == TOKEN_CHARS;
}

/* $1 token hash, $2 idle seconds, $3 whether demo accounts are refused
 * (production).  last_seen_at is written at most once a minute, so
 * reading pages does not turn into a write per request. */
static const char SQL_SESSION[] =
    "WITH s AS (SELECT id, user_id, csrf_token_hash, last_seen_at"
    "  FROM sessions WHERE token_hash = $1::bytea AND ended_at IS NULL"
    "  AND expires_at > hl_now()"
    "  AND last_seen_at > hl_now() - make_interval(secs => $2::int)),"
    " touch AS (UPDATE sessions x SET last_seen_at = hl_now() FROM s"
    "  WHERE x.id = s.id AND s.last_seen_at < hl_now() - interval '1 minute')"
    " SELECT s.id, u.id, u.login, u.role, coalesce(u.enterprise_id, 0),"
    "  encode(s.csrf_token_hash, 'hex')"
    " FROM s JOIN users u ON u.id = s.user_id WHERE u.disabled_at IS NULL"
    " AND NOT (u.demo AND $3::bool)";

/* $1 token hash, $2 whether demo accounts are refused.  A token issued
 * for another role than its user's now has is dead: a role change revokes
 * every token.  last_used_at is written at most once a minute, as a
 * session's: written on every request, it was a write per read and, for
 * an integration sending many requests at once with one token, a row lock
 * they all queued on. */
static const char SQL_TOKEN[] =
    "WITH t AS (SELECT id, user_id, role, last_used_at FROM api_tokens"
    "  WHERE token_hash = $1::bytea AND revoked_at IS NULL"
    "  AND (expires_at IS NULL OR expires_at > hl_now())),"
    " touch AS (UPDATE api_tokens x SET last_used_at = hl_now() FROM t"
    "  WHERE x.id = t.id AND (t.last_used_at IS NULL"
    "  OR t.last_used_at < hl_now() - interval '1 minute'))"
    " SELECT 0, u.id, u.login, u.role, coalesce(u.enterprise_id, 0), ''"
    " FROM t JOIN users u ON u.id = t.user_id"
    " WHERE u.disabled_at IS NULL AND u.role = t.role"
    " AND NOT (u.demo AND $2::bool)";

static int
load_identity(struct hl_ctx *ctx, const char *sql, const char *token,
    struct hl_err *err)
{
	unsigned char h[HL_CRYPTO_SHA256_LEN];
	char hash[2 + 2 * HL_CRYPTO_SHA256_LEN + 1];
	char idle[24];
	const char *prod = production_ ? "true" : "false";
	const char *params[3] = { hash, idle, prod };
	const char *params_token[2] = { hash, prod };
	struct hl_db_res *r;
	bool ok;

	hl_crypto_sha256(token, strlen(token), h);
	bytea_param(h, sizeof(h), hash);
	snprintf(idle, sizeof(idle), "%" PRId64, idle_s_);
	r = sql == SQL_SESSION ? hl_db_exec(ctx->db, sql, 3, params, err)
	                       : hl_db_exec(ctx->db, sql, 2, params_token, err);
	if (r == NULL)
		return -1;
	ok = hl_db_nrows(r) == 1 &&
	    hl_ctx_role_parse(hl_db_get(r, 0, 3), &ctx->role) == 0;
	/* A session row always has its CSRF hash; a token row has none. */
	if (ok && sql == SQL_SESSION)
		ok = hl_hex_decode(hl_db_get(r, 0, 5), hl_db_getlen(r, 0, 5),
		         ctx->csrf_hash, sizeof(ctx->csrf_hash)) == 0;
	if (ok) {
		ctx->session_id = hl_db_get_i64(r, 0, 0);
		ctx->user_id = hl_db_get_i64(r, 0, 1);
		ctx->login = hl_arena_strdup(ctx->arena, hl_db_get(r, 0, 2));
		ctx->enterprise_id = hl_db_get_i64(r, 0, 4);
		ctx->via_cookie = sql == SQL_SESSION;
	} else {
		ctx->role = HL_ROLE_NONE;
	}
	hl_db_res_free(r);
	return 0;
}

int
hl_auth_resolve(struct hl_ctx *ctx, const char *authorization,
    const char *session_cookie, struct hl_err *err)
{
	if (authorization != NULL &&
	    strncasecmp(authorization, "Bearer ", 7) == 0) {
		const char *t = authorization + 7;

		while (*t == ' ')
			t++;
		return token_shaped(t) ? load_identity(ctx, SQL_TOKEN, t, err)
		                       : 0;
	}
	if (session_cookie != NULL && token_shaped(session_cookie))
		return load_identity(ctx, SQL_SESSION, session_cookie, err);
	return 0;
}

int
hl_auth_check_csrf(const struct hl_ctx *ctx, const char *csrf_token,
    struct hl_err *err)
{
	unsigned char h[HL_CRYPTO_SHA256_LEN];

	if (csrf_token == NULL || !token_shaped(csrf_token))
		return hl_err_set(err, 403, "csrf",
		    "缺少安全校验令牌（X-CSRF-Token），请刷新页面后重试");
	hl_crypto_sha256(csrf_token, strlen(csrf_token), h);
	if (!ctx->via_cookie || !hl_crypto_equal(h, ctx->csrf_hash, sizeof(h)))
		return hl_err_set(err, 403, "csrf",
		    "安全校验令牌无效，请刷新页面后重试");
	return 0;
}

/*
 * Refusals are audited, but a signed-in caller must not be able to fill
 * the log with them: one row per user and route a minute.  The last time
 * of each (user, route) sits in a small table; a collision only forgets,
 * so a refusal is at worst recorded once too often.
 */
#define REFUSALS       1024
#define REFUSAL_GAP_US (60u * 1000000u)

struct refusal {
	int64_t user_id;
	const char *route; /* a pattern of the route table: by address */
	uint64_t at_us;
};

/* Guards refusals_. */
static pthread_mutex_t refusals_lock_ = PTHREAD_MUTEX_INITIALIZER;
static struct refusal refusals_[REFUSALS];

static bool
refusal_is_news(int64_t user_id, const char *route)
{
	uint64_t h = (uint64_t)user_id * 0x9E3779B97F4A7C15u ^
	    (uint64_t)(uintptr_t)route;
	struct refusal *r = &refusals_[(h ^ (h >> 31)) % REFUSALS];
	uint64_t now = hl_log_now_us();
	bool news;

	pthread_mutex_lock(&refusals_lock_);
	news = r->user_id != user_id || r->route != route ||
	    now - r->at_us >= REFUSAL_GAP_US;
	if (news) {
		r->user_id = user_id;
		r->route = route;
		r->at_us = now;
	}
	pthread_mutex_unlock(&refusals_lock_);
	return news;
}

void
hl_auth_note_forbidden(struct hl_ctx *ctx, const char *method,
    const char *route)
{
	struct hl_err err = { 0 };
	struct hl_buf what = { 0 };
	struct hl_jw w;

	if (ctx->db == NULL || !refusal_is_news(ctx->user_id, route))
		return;
	hl_jw_init(&w, &what);
	hl_jw_obj_begin(&w);
	hl_jw_key(&w, "method");
	hl_jw_str(&w, method);
	hl_jw_key(&w, "route");
	hl_jw_str(&w, route);
	hl_jw_obj_end(&w);
	if (hl_audit_add(ctx, "http.forbidden", "route", NULL, NULL,
	        hl_buf_cstr(&what), &err) == -1)
		hl_log(HL_LOG_WARN, "auth: cannot audit a refusal: %s",
		    err.msg);
	hl_buf_release(&what);
}

static const char SQL_EXPIRE[] =
    "WITH e AS (UPDATE sessions SET ended_at = hl_now()"
    "  WHERE ended_at IS NULL AND (expires_at <= hl_now()"
    "  OR last_seen_at <= hl_now() - make_interval(secs => $1::int))"
    "  RETURNING 1)"
    " DELETE FROM login_attempts WHERE at < hl_now() - interval '1 day'";

int
hl_auth_job_expire(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	char idle[24];
	const char *params[1] = { idle };
	struct hl_db_res *r;

	(void)arg;
	snprintf(idle, sizeof(idle), "%" PRId64, idle_s_);
	r = hl_db_exec(db, SQL_EXPIRE, 1, params, err);
	if (r == NULL)
		return -1;
	hl_db_res_free(r);
	return 0;
}

/* ---- login and logout ---- */

/*
 * Throttling counts failures over the last hour per (account, client), per
 * client and per account, where a client is an address (an IPv6 one by its
 * /64, which one host owns whole).  Past a limit, each further attempt
 * waits twice as long as the one before, measured from the last failure;
 * an attempt that must wait is refused (429) without being evaluated, so
 * it is not counted either.  Nothing locks an account: past its ceiling,
 * clients with failures on it lose their free attempts, and clients
 * without any are let through one at a time, one a second.
 */

/* The client of an address as login_attempts keeps it. */
#define SQL_CLIENT(P)                                                            \
	"(SELECT CASE WHEN family(a) = 6 THEN network(set_masklen(a, 64))::inet" \
	" ELSE a END FROM (SELECT NULLIF(" P ", '')::inet AS a) x)"

/*
 * $1 login, $2 address: failures in the hour and seconds since the last
 * one, per (account, client), client and account, then seconds since the
 * account's last attempt by a client without failures on it (1e9: none).
 * Attempts still being evaluated are stored as failures (SQL_ATTEMPT), so
 * they count too.
 */
static const char SQL_THROTTLE[] =
    "WITH k AS (SELECT lower(left($1, 256)) AS l, " SQL_CLIENT(
        "$2") " AS ip),"
              " f AS (SELECT a.login = k.l AS acct, coalesce(a.ip = k.ip, false) AS mine,"
              "  a.at FROM login_attempts a, k WHERE NOT a.ok"
              "  AND a.at > hl_now() - interval '1 hour'"
              "  AND (a.login = k.l OR a.ip = k.ip))"
              " SELECT count(*) FILTER (WHERE acct AND mine),"
              "  coalesce(extract(epoch FROM hl_now() - max(at) FILTER (WHERE acct"
              "   AND mine)), 0)::float8,"
              "  count(*) FILTER (WHERE mine),"
              "  coalesce(extract(epoch FROM hl_now() - max(at) FILTER (WHERE mine)),"
              "   0)::float8,"
              "  count(*) FILTER (WHERE acct),"
              "  coalesce(extract(epoch FROM hl_now() - max(at) FILTER (WHERE acct)),"
              "   0)::float8,"
              "  coalesce((SELECT extract(epoch FROM hl_now() - max(c.at))"
              "   FROM login_attempts c, k WHERE c.login = k.l AND c.clean"
              "   AND c.at > hl_now() - interval '1 hour'), 1e9)::float8"
              " FROM f";

/* $1 login, $2 address: serialise the attempts on one account (and one
 * client), so that concurrent guesses cannot all pass the check before
 * any of them is counted.  Always account first, then client. */
static const char SQL_THROTTLE_LOCK[] =
    "SELECT pg_advisory_xact_lock(hashtextextended('login:'"
    "  || lower(left($1, 256)), 0)),"
    " pg_advisory_xact_lock(hashtextextended('ip:' || coalesce(" SQL_CLIENT(
        "$2") "::text, ''), 0))";

/* An attempt, counted as a failure until it is known to be good; $3: it
 * took the account's slot for clients without failures. */
static const char SQL_ATTEMPT[] =
    "INSERT INTO login_attempts (login, ip, ok, clean)"
    " VALUES (lower(left($1, 256)), " SQL_CLIENT("$2") ", false, $3::bool)"
                                                       " RETURNING id";

static const char SQL_ATTEMPT_OK[] =
    "UPDATE login_attempts SET ok = true WHERE id = $1";

static const char SQL_USER_BY_LOGIN[] =
    "SELECT id, password_hash, disabled_at IS NULL, login, demo FROM users"
    " WHERE lower(login) = lower($1)";

/* $1 user, $2 new hash, $3 the hash it replaces (a password change in
 * between wins). */
static const char SQL_REHASH[] = "UPDATE users SET password_hash = $2"
                                 " WHERE id = $1 AND password_hash = $3";

static const char SQL_NEW_SESSION[] =
    "WITH s AS (INSERT INTO sessions (token_hash, csrf_token_hash, user_id,"
    "  expires_at, client_ip, user_agent)"
    "  VALUES ($1::bytea, $2::bytea, $3,"
    "  hl_now() + make_interval(secs => $4::int), NULLIF($5, '')::inet,"
    "  left($6, 200)) RETURNING id)"
    " , u AS (UPDATE users SET last_login_at = hl_now() WHERE id = $3)"
    " SELECT id FROM s";

static const char SQL_END_SESSION[] = "UPDATE sessions SET ended_at = hl_now()"
                                      " WHERE id = $1 AND ended_at IS NULL";

/* $1 token hash: the session a browser had before signing in again. */
static const char SQL_END_OLD_SESSION[] =
    "UPDATE sessions SET ended_at = hl_now()"
    " WHERE token_hash = $1::bytea AND ended_at IS NULL";

struct attempt_tx {
	struct hl_ctx *ctx;
	const char *login;
	int64_t attempt_id;
};

/* What SQL_THROTTLE counted. */
struct counts {
	int64_t pair, client, account;
	double pair_age_s, client_age_s, account_age_s, clean_age_s;
};

/* The wait after n failures past a limit: 1 s, 2 s, 4 s ... */
static double
delay_s(int64_t n)
{
	int64_t d = n >= 30 ? delay_max_s_ : (int64_t)1 << n;

	return (double)(d < delay_max_s_ ? d : delay_max_s_);
}

static double
later(double a, double b)
{
	return a > b ? a : b;
}

/* Seconds before another attempt may be evaluated (0: now); *clean when
 * it goes through the account's slot for clients without failures. */
static int64_t
throttle_wait(const struct counts *c, bool *clean)
{
	bool over = c->account >= fail_per_account_;
	int64_t pair_free = over ? 1 : fail_per_pair_;
	double wait = 0;

	*clean = false;
	if (c->pair >= pair_free)
		wait =
		    later(wait, delay_s(c->pair - pair_free) - c->pair_age_s);
	if (c->client >= fail_per_ip_)
		wait = later(wait,
		    delay_s(c->client - fail_per_ip_) - c->client_age_s);
	if (over && c->pair == 0) {
		*clean = true;
		wait = later(wait, 1.0 - c->clean_age_s);
	}
	/* Whole seconds, rounded up. */
	return wait > 0 ? (int64_t)wait + ((double)(int64_t)wait < wait) : 0;
}

/* Throttle check and the attempt's row, in one short transaction. */
static int
attempt_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct attempt_tx *at = arg;
	const char *params[3] = { at->login, at->ctx->client_ip, NULL };
	struct hl_db_res *r;
	struct counts c;
	int64_t wait_s;
	bool clean;

	if (hl_db_run(db, SQL_THROTTLE_LOCK, 2, params, err) == -1)
		return -1;
	r = hl_db_exec(db, SQL_THROTTLE, 2, params, err);
	if (r == NULL)
		return -1;
	c.pair = hl_db_get_i64(r, 0, 0);
	c.pair_age_s = strtod(hl_db_get(r, 0, 1), NULL);
	c.client = hl_db_get_i64(r, 0, 2);
	c.client_age_s = strtod(hl_db_get(r, 0, 3), NULL);
	c.account = hl_db_get_i64(r, 0, 4);
	c.account_age_s = strtod(hl_db_get(r, 0, 5), NULL);
	c.clean_age_s = strtod(hl_db_get(r, 0, 6), NULL);
	hl_db_res_free(r);
	wait_s = throttle_wait(&c, &clean);
	if (wait_s > 0) {
		if (wait_s >= 120)
			hl_err_set(err, 429, "rate_limited",
			    "登录尝试过于频繁，请 %" PRId64 " 分钟后再试",
			    (wait_s + 59) / 60);
		else
			hl_err_set(err, 429, "rate_limited",
			    "登录尝试过于频繁，请 %" PRId64 " 秒后再试",
			    wait_s);
		err->retry_after_s = (int)wait_s;
		return -1;
	}
	params[2] = clean ? "true" : "false";
	r = hl_db_exec(db, SQL_ATTEMPT, 3, params, err);
	if (r == NULL)
		return -1;
	at->attempt_id = hl_db_get_i64(r, 0, 0);
	hl_db_res_free(r);
	return 0;
}

int
hl_auth_session_open(struct hl_ctx *ctx, const char *user_agent,
    struct hl_auth_session *out, struct hl_err *err)
{
	const char *params[6];
	char uid[24];
	char abs_s[24];
	char th[2 + 64 + 1];
	char ch[2 + 64 + 1];
	unsigned char h[HL_CRYPTO_SHA256_LEN];
	unsigned char rnd[TOKEN_BYTES];
	struct hl_db_res *r;

	hl_crypto_random(rnd, sizeof(rnd));
	hl_b64url_encode(rnd, sizeof(rnd), out->token);
	csrf_of(out->token, out->csrf_token);
	hl_crypto_sha256(out->token, strlen(out->token), h);
	bytea_param(h, sizeof(h), th);
	hl_crypto_sha256(out->csrf_token, strlen(out->csrf_token), h);
	bytea_param(h, sizeof(h), ch);
	snprintf(uid, sizeof(uid), "%" PRId64, ctx->user_id);
	snprintf(abs_s, sizeof(abs_s), "%" PRId64, absolute_s_);
	params[0] = th;
	params[1] = ch;
	params[2] = uid;
	params[3] = abs_s;
	params[4] = ctx->client_ip;
	params[5] = user_agent != NULL ? user_agent : "";
	r = hl_db_exec(ctx->db, SQL_NEW_SESSION, 6, params, err);
	if (r == NULL)
		return -1;
	ctx->session_id = hl_db_get_i64(r, 0, 0);
	hl_db_res_free(r);
	out->max_age_s = absolute_s_;
	return 0;
}

struct login_tx {
	struct hl_ctx *ctx;
	int64_t attempt_id;
	int64_t user_id;
	bool ok;
	const char *user_agent;
	const char *old_token;
	struct hl_auth_session *out;
	const char *old_hash; /* with new_hash: the stored hash it replaces */
	const char *new_hash; /* the password again, at today's cost */
};

static int
login_record_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct login_tx *lt = arg;
	char uid[24];
	char aid[24];
	char th[2 + 64 + 1];
	const char *params[1] = { aid };
	unsigned char h[HL_CRYPTO_SHA256_LEN];

	snprintf(uid, sizeof(uid), "%" PRId64, lt->user_id);
	if (!lt->ok)
		return hl_audit_add(lt->ctx, "session.login_failed", "user",
		    lt->user_id > 0 ? uid : NULL, NULL, NULL, err);
	snprintf(aid, sizeof(aid), "%" PRId64, lt->attempt_id);
	if (hl_db_run(db, SQL_ATTEMPT_OK, 1, params, err) == -1)
		return -1;
	/* Rotation: the session the browser came with ends here. */
	if (lt->old_token != NULL && token_shaped(lt->old_token)) {
		hl_crypto_sha256(lt->old_token, strlen(lt->old_token), h);
		bytea_param(h, sizeof(h), th);
		params[0] = th;
		if (hl_db_run(db, SQL_END_OLD_SESSION, 1, params, err) == -1)
			return -1;
	}
	if (lt->new_hash != NULL) {
		const char *rh[3] = { uid, lt->new_hash, lt->old_hash };

		if (hl_db_run(db, SQL_REHASH, 3, rh, err) == -1)
			return -1;
	}
	lt->ctx->user_id = lt->user_id;
	if (hl_auth_session_open(lt->ctx, lt->user_agent, lt->out, err) == -1)
		return -1;
	return hl_audit_add(lt->ctx, "session.login", "user", uid, NULL, NULL,
	    err);
}

int
hl_auth_login(struct hl_ctx *ctx, const char *login, const char *password,
    const char *user_agent, const char *old_token, struct hl_auth_session *out,
    struct hl_err *err)
{
	struct attempt_tx at = { ctx, login, 0 };
	struct login_tx lt = { 0 };
	const char *params[1] = { login };
	struct hl_db_res *r;
	const char *hash = dummy_hash_;
	char rehash[HL_CRYPTO_PWHASH_LEN];
	bool enabled = false;
	bool demo = false;
	int rc = -1;

	if (hl_db_tx_run(ctx->db, attempt_tx, &at, err) == -1)
		return -1;
	r = hl_db_exec(ctx->db, SQL_USER_BY_LOGIN, 1, params, err);
	if (r == NULL)
		return -1;
	if (hl_db_nrows(r) == 1) {
		lt.user_id = hl_db_get_i64(r, 0, 0);
		hash = hl_db_get(r, 0, 1);
		enabled = hl_db_get_bool(r, 0, 2);
		ctx->login = hl_arena_strdup(ctx->arena, hl_db_get(r, 0, 3));
		demo = hl_db_get_bool(r, 0, 4);
	}
	/* Always one argon2id verification, found or not, enabled or not.
	 * In production a demo account, whose password is in the README,
	 * is refused like a wrong password. */
	lt.ok = hl_crypto_pwverify(hash, password) && lt.user_id > 0 &&
	    enabled && !(demo && production_);
	if (lt.ok && demo && production_)
		hl_log(HL_LOG_WARN, "auth: demo account refused in production");
	/* A hash made with a lower cost than today's is made again while
	 * the password is at hand. */
	if (lt.ok && hl_crypto_pwhash_needs_rehash(hash) &&
	    hl_crypto_pwhash(password, rehash) == 0) {
		lt.old_hash = hl_arena_strdup(ctx->arena, hash);
		lt.new_hash = rehash;
	}
	hl_db_res_free(r);
	lt.ctx = ctx;
	lt.attempt_id = at.attempt_id;
	lt.user_agent = user_agent;
	lt.old_token = old_token;
	lt.out = out;
	if (hl_db_tx_run(ctx->db, login_record_tx, &lt, err) == -1)
		goto out;
	if (!lt.ok) {
		ctx->login = NULL;
		hl_err_set(err, 401, "invalid_credentials", "用户名或密码错误");
		goto out;
	}
	rc = 0;
out:
	if (rc == -1)
		hl_crypto_random(out->token, sizeof(out->token)); /* scrub */
	return rc;
}

static const char SQL_OWN_HASH[] =
    "SELECT password_hash FROM users WHERE id = $1 AND disabled_at IS NULL";

static int
note_password_check(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct login_tx *lt = arg;
	char aid[24];
	const char *params[1] = { aid };

	(void)db;
	if (!lt->ok)
		return hl_audit_add(lt->ctx, "user.password_check_failed",
		    "user", NULL, NULL, NULL, err);
	snprintf(aid, sizeof(aid), "%" PRId64, lt->attempt_id);
	return hl_db_run(lt->ctx->db, SQL_ATTEMPT_OK, 1, params, err);
}

int
hl_auth_check_password(struct hl_ctx *ctx, const char *password,
    const char *field, struct hl_err *err)
{
	struct attempt_tx at = { ctx, ctx->login, 0 };
	struct login_tx lt = { 0 };
	char uid[24];
	const char *params[1] = { uid };
	struct hl_db_res *r;

	if (ctx->user_id <= 0 || ctx->login == NULL)
		return hl_err_set(err, 401, "unauthenticated", "请先登录");
	if (hl_db_tx_run(ctx->db, attempt_tx, &at, err) == -1)
		return -1;
	snprintf(uid, sizeof(uid), "%" PRId64, ctx->user_id);
	r = hl_db_exec(ctx->db, SQL_OWN_HASH, 1, params, err);
	if (r == NULL)
		return -1;
	lt.ok = hl_db_nrows(r) == 1 &&
	    hl_crypto_pwverify(hl_db_get(r, 0, 0),
	        password != NULL ? password : "");
	hl_db_res_free(r);
	lt.ctx = ctx;
	lt.attempt_id = at.attempt_id;
	if (hl_db_tx_run(ctx->db, note_password_check, &lt, err) == -1)
		return -1;
	if (!lt.ok)
		return hl_err_field(err, field, "当前密码不正确");
	return 0;
}

static int
logout_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct hl_ctx *ctx = arg;
	char sid[24];
	const char *params[1] = { sid };

	snprintf(sid, sizeof(sid), "%" PRId64, ctx->session_id);
	if (hl_db_run(db, SQL_END_SESSION, 1, params, err) == -1)
		return -1;
	return hl_audit_add(ctx, "session.logout", "session", sid, NULL, NULL,
	    err);
}

int
hl_auth_logout(struct hl_ctx *ctx, struct hl_err *err)
{
	if (ctx->session_id <= 0)
		return 0;
	return hl_db_tx_run(ctx->db, logout_tx, ctx, err);
}

void
hl_auth_csrf_for(const struct hl_ctx *ctx, const char *session_cookie,
    char out[HL_AUTH_TOKEN_CHARS + 1])
{
	out[0] = '\0';
	if (ctx->via_cookie && session_cookie != NULL &&
	    token_shaped(session_cookie))
		csrf_of(session_cookie, out);
}

const char *
hl_auth_cookie_name(void)
{
	/* The __Host- prefix makes browsers refuse the cookie unless it is
	 * Secure, for "/" and without a Domain: no sibling subdomain or
	 * plain-HTTP page can plant or overwrite it.  Browsers also refuse
	 * it over plain HTTP, hence only with TLS in front. */
	return cookie_secure_ ? "__Host-" HL_AUTH_COOKIE : HL_AUTH_COOKIE;
}

void
hl_auth_cookie(const char *token, int64_t max_age_s,
    char out[HL_AUTH_COOKIE_SIZE])
{
	snprintf(out, HL_AUTH_COOKIE_SIZE,
	    "%s=%s; Path=/; Max-Age=%" PRId64 "; HttpOnly; SameSite=Lax%s",
	    hl_auth_cookie_name(), token, max_age_s,
	    cookie_secure_ ? "; Secure" : "");
}
