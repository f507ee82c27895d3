/*
 * Token rows.  The plain token is made here and handed to the caller
 * once; only its SHA-256 is written, as auth.c expects, so a copy of the
 * database cannot act as anyone.
 */
#include "token.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "conf.h"
#include "crypto.h"
#include "ctx.h"
#include "db.h"
#include "err.h"
#include "str.h"
#include "valid.h"

#define FIELDS                                                                 \
	"'id', t.id, 'name', t.name, 'user_id', t.user_id,"                    \
	" 'user_login', u.login, 'role', t.role,"                              \
	" 'created_at', t.created_at, 'created_by', t.created_by,"             \
	" 'expires_at', t.expires_at, 'revoked_at', t.revoked_at,"             \
	" 'last_used_at', t.last_used_at,"                                     \
	" 'active', t.revoked_at IS NULL AND (t.expires_at IS NULL"            \
	"  OR t.expires_at > hl_now()) AND u.disabled_at IS NULL"              \
	"  AND u.role = t.role"

#define FROM " FROM api_tokens t JOIN users u ON u.id = t.user_id"

static int64_t expiry_days_ = 90;

void
hl_token_setup(const struct hl_conf *c)
{
	expiry_days_ = c->token_expiry_days;
}

/* $1 user, $2 expiry or NULL: the user's role if enabled, and whether the
 * expiry lies ahead (the day is checked here: 02-30 fails the cast). */
static const char SQL_CHECK[] =
    "SELECT (SELECT role FROM users WHERE id = $1::bigint"
    "  AND disabled_at IS NULL), $2::timestamptz IS NULL"
    " OR $2::timestamptz > hl_now()";

/* $1 name, $2 hash, $3 user, $4 expiry or NULL (then $6 days from now),
 * $5 creator. */
static const char SQL_INSERT[] =
    "INSERT INTO api_tokens (name, token_hash, role, user_id, created_by,"
    " expires_at) SELECT btrim($1), $2::bytea, u.role, u.id,"
    " NULLIF($5, '0')::bigint, coalesce($4::timestamptz,"
    " hl_now() + make_interval(days => $6::int)) FROM users u"
    " WHERE u.id = $3::bigint RETURNING id";

static const char SQL_ONE[] =
    "SELECT json_build_object(" FIELDS ")::text" FROM " WHERE t.id = $1";

struct create_tx {
	struct hl_ctx *ctx;
	const struct hl_token_new *t;
	const char *hash;
	struct hl_buf *out;
	size_t out_len;
};

static int
check_refs(struct create_tx *ct, const char *uid, struct hl_err *err)
{
	const char *params[2] = { uid, ct->t->expires_at };
	struct hl_db_res *r =
	    hl_db_exec(ct->ctx->db, SQL_CHECK, 2, params, err);

	if (r == NULL) {
		/* A date the cast refuses (Feb 30) is the client's mistake. */
		if (err->status == 422)
			return hl_err_field(err, "expires_at",
			    "不是有效的时间");
		return -1;
	}
	if (hl_db_isnull(r, 0, 0))
		hl_err_field(err, "user_id", "用户不存在或已停用");
	if (!hl_db_get_bool(r, 0, 1))
		hl_err_field(err, "expires_at", "过期时间应晚于现在");
	hl_db_res_free(r);
	return hl_err_is_set(err) ? -1 : 0;
}

static int
create_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct create_tx *ct = arg;
	char uid[24];
	char me[24];
	char sid[24];
	char days[24];
	const char *params[6] = { ct->t->name, ct->hash, uid, ct->t->expires_at,
		me, days };
	struct hl_db_res *r;

	if (ct->out->p != NULL) {
		ct->out->len = ct->out_len;
		ct->out->p[ct->out_len] = '\0';
	}
	snprintf(uid, sizeof(uid), "%" PRId64, ct->t->user_id);
	snprintf(me, sizeof(me), "%" PRId64, ct->ctx->user_id);
	snprintf(days, sizeof(days), "%" PRId64, expiry_days_);
	if (check_refs(ct, uid, err) == -1)
		return -1;
	r = hl_db_exec(db, SQL_INSERT, 6, params, err);
	if (r == NULL)
		return -1;
	if (hl_db_nrows(r) == 0) {
		hl_db_res_free(r);
		return hl_err_field(err, "user_id", "用户不存在或已停用");
	}
	snprintf(sid, sizeof(sid), "%s", hl_db_get(r, 0, 0));
	hl_db_res_free(r);
	params[0] = sid;
	if (hl_db_fetch_json(db, SQL_ONE, 1, params, ct->out, err) == -1)
		return -1;
	return hl_audit_add(ct->ctx, "token.create", "api_token", sid, NULL,
	    ct->out->p + ct->out_len, err);
}

int
hl_token_create(struct hl_ctx *ctx, const struct hl_token_new *t,
    char token[HL_AUTH_TOKEN_CHARS + 1], struct hl_buf *out, struct hl_err *err)
{
	unsigned char rnd[32];
	unsigned char h[HL_CRYPTO_SHA256_LEN];
	char hash[2 + 2 * HL_CRYPTO_SHA256_LEN + 1];
	struct create_tx ct = { ctx, t, hash, out, out->len };
	const char *name = t->name != NULL ? t->name : "";
	size_t len = strlen(name);

	token[0] = '\0';
	while (len > 0 && name[len - 1] == ' ')
		len--;
	while (len > 0 && *name == ' ') {
		name++;
		len--;
	}
	if (len == 0 || hl_utf8_count(name, len) > 100)
		hl_err_field(err, "name", "名称应为 1 到 100 个字符");
	if (t->user_id <= 0)
		hl_err_field(err, "user_id", "应为用户编号");
	hl_valid_datetime("expires_at", t->expires_at, err);
	if (hl_err_is_set(err))
		return -1;
	hl_crypto_random(rnd, sizeof(rnd));
	hl_b64url_encode(rnd, sizeof(rnd), token);
	hl_crypto_random(rnd, sizeof(rnd)); /* scrub */
	hl_crypto_sha256(token, strlen(token), h);
	hash[0] = '\\';
	hash[1] = 'x';
	hl_hex_encode(h, sizeof(h), hash + 2);
	if (hl_db_tx_run(ctx->db, create_tx, &ct, err) == -1) {
		token[0] = '\0';
		return -1;
	}
	return 0;
}

/* $1 user or 0, $2 cursor, $3 limit. */
static const char SQL_LIST[] =
    "WITH page AS (SELECT t.id FROM api_tokens t"
    " WHERE ($1::bigint = 0 OR t.user_id = $1::bigint)"
    " AND ($2::bigint = 0 OR t.id < $2::bigint)"
    " ORDER BY t.id DESC LIMIT $3::int + 1)," HL_DB_SQL_SHOWN(
        "$3") " SELECT json_build_object('items', (SELECT coalesce(json_agg("
              " json_build_object(" FIELDS ") ORDER BY t.id DESC), '[]')" FROM
              " WHERE t.id IN (SELECT id FROM shown))," HL_DB_SQL_NEXT_CURSOR(
                  "$3") ")";

int
hl_token_list_json(struct hl_ctx *ctx, const struct hl_token_filter *f,
    struct hl_buf *out, struct hl_err *err)
{
	char uid[24];
	char cursor[24];
	char limit[24];
	const char *params[3] = { uid, cursor, limit };

	snprintf(uid, sizeof(uid), "%" PRId64, f->user_id);
	snprintf(cursor, sizeof(cursor), "%" PRId64, f->cursor);
	snprintf(limit, sizeof(limit), "%" PRId64, f->limit);
	return hl_db_fetch_json(ctx->db, SQL_LIST, 3, params, out, err);
}

/* $1 id: the token, and whether this statement revoked it. */
static const char SQL_REVOKE[] =
    "WITH r AS (UPDATE api_tokens SET revoked_at = hl_now()"
    "  WHERE id = $1 AND revoked_at IS NULL RETURNING id)"
    " SELECT EXISTS (SELECT 1 FROM r) FROM api_tokens WHERE id = $1";

struct revoke_tx {
	struct hl_ctx *ctx;
	const char *sid;
};

static int
revoke_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct revoke_tx *rt = arg;
	const char *params[1] = { rt->sid };
	struct hl_db_res *r = hl_db_exec(db, SQL_REVOKE, 1, params, err);
	bool revoked;

	if (r == NULL)
		return -1;
	if (hl_db_nrows(r) == 0) {
		hl_db_res_free(r);
		return hl_err_not_found(err);
	}
	revoked = hl_db_get_bool(r, 0, 0);
	hl_db_res_free(r);
	if (!revoked)
		return 0;
	return hl_audit_add(rt->ctx, "token.revoke", "api_token", rt->sid, NULL,
	    NULL, err);
}

int
hl_token_revoke(struct hl_ctx *ctx, int64_t id, struct hl_err *err)
{
	char sid[24];
	struct revoke_tx rt = { ctx, sid };

	snprintf(sid, sizeof(sid), "%" PRId64, id);
	return hl_db_tx_run(ctx->db, revoke_tx, &rt, err);
}
