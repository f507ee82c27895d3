/*
 * User queries and changes.  Chain codes of an enterprise user are its
 * enterprise's chains; of staff, the chains they were given (user_chains).
 */
#include "user.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "crypto.h"
#include "ctx.h"
#include "db.h"
#include "err.h"
#include "str.h"

static const char SQL_ME[] =
    "SELECT json_build_object('id', u.id, 'login', u.login, 'name', u.name,"
    " 'role', u.role, 'enterprise_id', u.enterprise_id,"
    " 'enterprise_name', e.name,"
    " 'chain_codes', CASE WHEN u.role = 'enterprise' THEN"
    "  (SELECT coalesce(json_agg(c.code ORDER BY c.sort_order, c.id), '[]')"
    "   FROM enterprise_chains ec JOIN chains c ON c.id = ec.chain_id"
    "   WHERE ec.enterprise_id = u.enterprise_id)"
    "  ELSE (SELECT coalesce(json_agg(c.code ORDER BY c.sort_order, c.id),"
    "   '[]') FROM user_chains uc JOIN chains c ON c.id = uc.chain_id"
    "   WHERE uc.user_id = u.id) END,"
    " 'responder', (SELECT json_build_object('resource', rb.resource,"
    "   'chain_code', c.code) FROM responder_bindings rb"
    "   JOIN chains c ON c.id = rb.chain_id WHERE rb.user_id = u.id LIMIT 1))"
    " FROM users u LEFT JOIN enterprises e ON e.id = u.enterprise_id"
    " WHERE u.id = $1 AND u.disabled_at IS NULL";

int
hl_user_me_json(struct hl_ctx *ctx, struct hl_buf *out, struct hl_err *err)
{
	char id[24];
	const char *params[1] = { id };

	if (ctx->user_id <= 0)
		return hl_err_not_found(err);
	snprintf(id, sizeof(id), "%" PRId64, ctx->user_id);
	return hl_db_fetch_json(ctx->db, SQL_ME, 1, params, out, err);
}

/* ---- changes ---- */

static const char SQL_INSERT[] =
    "INSERT INTO users (login, name, role, password_hash, enterprise_id,"
    " expert_id, account_manager_id, lawyer_id, policy_pack_id, phone, email,"
    " demo)"
    " VALUES ($1, $2, $3, $4, NULLIF($5, '0')::bigint,"
    " CASE WHEN $6 = 'expert' THEN $7::bigint END,"
    " CASE WHEN $6 = 'account_manager' THEN $7::bigint END,"
    " CASE WHEN $6 = 'lawyer' THEN $7::bigint END,"
    " CASE WHEN $6 = 'policy_pack' THEN $7::bigint END,"
    " NULLIF($8, ''), NULLIF($9, ''), $10::boolean)"
    " RETURNING id, json_build_object('id', id, 'login', login, 'name', name,"
    " 'role', role, 'enterprise_id', enterprise_id)::text";

/* $1 user id, $2 chain codes as a text[] literal; answers the codes that
 * do not exist (nothing inserted then: the caller rolls back). */
static const char SQL_CHAINS[] =
    "WITH want AS (SELECT unnest($2::text[]) AS code),"
    " ins AS (INSERT INTO user_chains (user_id, chain_id)"
    "  SELECT $1, c.id FROM want JOIN chains c ON c.code = want.code"
    "  ON CONFLICT DO NOTHING RETURNING 1)"
    " SELECT coalesce(string_agg(want.code, '、'), '') FROM want"
    " LEFT JOIN chains c ON c.code = want.code WHERE c.id IS NULL";

static const char SQL_LOGIN_TAKEN[] =
    "SELECT 1 FROM users WHERE lower(login) = lower($1)";

static bool
login_shaped(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		char c = s[i];
		bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z');

		if (i >= 64 ||
		    (!alnum && (i == 0 || strchr("._@-", c) == NULL)))
			return false;
	}
	return i >= 2;
}

static int
check_password(const char *pw, const char *field, struct hl_err *err)
{
	size_t n = pw != NULL ? hl_utf8_count(pw, strlen(pw)) : 0;

	if (n < 8 || n > 256)
		return hl_err_field(err, field, "密码长度应为 8 到 256 个字符");
	return 0;
}

static int
check_new_user(const struct hl_user_new *u, struct hl_err *err)
{
	enum hl_role role = HL_ROLE_NONE;

	if (u->login == NULL || !login_shaped(u->login))
		hl_err_field(err, "login",
		    "登录名应为 2 到 64 个字母、数字或 . _ @ -，以字母或数字开头");
	if (u->name == NULL || u->name[0] == '\0' ||
	    hl_utf8_count(u->name, strlen(u->name)) > 40)
		hl_err_field(err, "name", "姓名应为 1 到 40 个字符");
	check_password(u->password, "password", err);
	if (u->role == NULL || hl_ctx_role_parse(u->role, &role) == -1)
		hl_err_field(err, "role",
		    "角色应为 enterprise、commissioner、responder、committee 或 "
		    "admin");
	else if (role == HL_ROLE_ENTERPRISE && u->enterprise_id <= 0)
		hl_err_field(err, "enterprise_id", "企业用户必须绑定企业");
	else if (role != HL_ROLE_ENTERPRISE && u->enterprise_id > 0)
		hl_err_field(err, "enterprise_id", "只有企业用户可以绑定企业");
	if (u->binding != NULL && role != HL_ROLE_RESPONDER)
		hl_err_field(err, "binding", "只有服务响应人员可以绑定资源");
	return hl_err_is_set(err) ? -1 : 0;
}

/* A text[] literal of codes: {"a","b"}.  Codes are checked against the
 * chains table, so quoting is all that is needed here. */
static void
text_array(const char *const *v, size_t n, struct hl_buf *out)
{
	size_t i;
	const char *p;

	hl_buf_putc(out, '{');
	for (i = 0; i < n; i++) {
		if (i > 0)
			hl_buf_putc(out, ',');
		hl_buf_putc(out, '"');
		for (p = v[i]; *p != '\0'; p++) {
			if (*p == '"' || *p == '\\')
				hl_buf_putc(out, '\\');
			hl_buf_putc(out, *p);
		}
		hl_buf_putc(out, '"');
	}
	hl_buf_putc(out, '}');
}

struct create_tx {
	struct hl_ctx *ctx;
	const struct hl_user_new *u;
	const char *hash;
	int64_t id;
};

static int
create_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct create_tx *ct = arg;
	const struct hl_user_new *u = ct->u;
	char ent[24];
	char bid[24];
	char uid[24];
	const char *params[10];
	struct hl_buf codes = { 0 };
	struct hl_db_res *r;
	int rc = -1;

	params[0] = u->login;
	r = hl_db_exec(db, SQL_LOGIN_TAKEN, 1, params, err);
	if (r == NULL)
		return -1;
	if (hl_db_nrows(r) > 0) {
		hl_db_res_free(r);
		hl_err_set(err, 409, "conflict", "登录名“%s”已被使用",
		    u->login);
		return hl_err_field(err, "login", "登录名已被使用");
	}
	hl_db_res_free(r);
	snprintf(ent, sizeof(ent), "%" PRId64, u->enterprise_id);
	snprintf(bid, sizeof(bid), "%" PRId64, u->binding_id);
	params[1] = u->name;
	params[2] = u->role;
	params[3] = ct->hash;
	params[4] = ent;
	params[5] = u->binding != NULL ? u->binding : "";
	params[6] = bid;
	params[7] = u->phone != NULL ? u->phone : "";
	params[8] = u->email != NULL ? u->email : "";
	params[9] = u->demo ? "true" : "false";
	r = hl_db_exec(db, SQL_INSERT, 10, params, err);
	if (r == NULL)
		return -1;
	ct->id = hl_db_get_i64(r, 0, 0);
	snprintf(uid, sizeof(uid), "%" PRId64, ct->id);
	if (hl_audit_add(ct->ctx, "user.create", "user", uid, NULL,
	        hl_db_get(r, 0, 1), err) == -1)
		goto out;
	if (u->n_chain_codes > 0) {
		const char *cp[2] = { uid, NULL };
		struct hl_db_res *cr;

		text_array(u->chain_codes, u->n_chain_codes, &codes);
		cp[1] = hl_buf_cstr(&codes);
		cr = hl_db_exec(db, SQL_CHAINS, 2, cp, err);
		if (cr == NULL)
			goto out;
		if (hl_db_get(cr, 0, 0)[0] != '\0') {
			hl_err_field(err, "chain_codes", "未知的产业链：%s",
			    hl_db_get(cr, 0, 0));
			hl_db_res_free(cr);
			goto out;
		}
		hl_db_res_free(cr);
	}
	rc = 0;
out:
	hl_db_res_free(r);
	hl_buf_release(&codes);
	return rc;
}

int
hl_user_create(struct hl_ctx *ctx, const struct hl_user_new *u, int64_t *id,
    struct hl_err *err)
{
	char hash[HL_CRYPTO_PWHASH_LEN];
	struct create_tx ct = { ctx, u, hash, 0 };

	if (check_new_user(u, err) == -1)
		return -1;
	if (hl_crypto_pwhash(u->password, hash) == -1)
		return hl_err_set(err, 503, "unavailable",
		    "服务器繁忙，请稍后重试");
	if (hl_db_tx_run(ctx->db, create_tx, &ct, err) == -1)
		return -1;
	*id = ct.id;
	return 0;
}

/* $1 login, $2 new hash.  Ends every session: a password change must
 * lock out whoever knew the old one. */
static const char SQL_PASSWD[] =
    "WITH u AS (UPDATE users SET password_hash = $2,"
    "  password_changed_at = hl_now() WHERE lower(login) = lower($1)"
    "  RETURNING id),"
    " s AS (UPDATE sessions SET ended_at = hl_now() FROM u"
    "  WHERE sessions.user_id = u.id AND ended_at IS NULL RETURNING 1)"
    " SELECT id FROM u";

static const char SQL_DISABLE[] =
    "WITH u AS (UPDATE users SET disabled_at = coalesce(disabled_at, hl_now())"
    "  WHERE lower(login) = lower($1) RETURNING id),"
    " s AS (UPDATE sessions SET ended_at = hl_now() FROM u"
    "  WHERE sessions.user_id = u.id AND ended_at IS NULL RETURNING 1),"
    " t AS (UPDATE api_tokens SET revoked_at = hl_now() FROM u"
    "  WHERE api_tokens.user_id = u.id AND revoked_at IS NULL RETURNING 1)"
    " SELECT id FROM u";

struct change_tx {
	struct hl_ctx *ctx;
	const char *sql;
	const char *action;
	int n;
	const char *params[2];
};

static int
change_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct change_tx *ch = arg;
	struct hl_db_res *r = hl_db_exec(db, ch->sql, ch->n, ch->params, err);
	int rc;

	if (r == NULL)
		return -1;
	if (hl_db_nrows(r) == 0) {
		hl_db_res_free(r);
		return hl_err_not_found(err);
	}
	rc = hl_audit_add(ch->ctx, ch->action, "user", hl_db_get(r, 0, 0), NULL,
	    NULL, err);
	hl_db_res_free(r);
	return rc;
}

int
hl_user_set_password(struct hl_ctx *ctx, const char *login,
    const char *password, struct hl_err *err)
{
	char hash[HL_CRYPTO_PWHASH_LEN];
	struct change_tx ch = { ctx, SQL_PASSWD, "user.password", 2,
		{ login, hash } };

	if (check_password(password, "password", err) == -1)
		return -1;
	if (hl_crypto_pwhash(password, hash) == -1)
		return hl_err_set(err, 503, "unavailable",
		    "服务器繁忙，请稍后重试");
	return hl_db_tx_run(ctx->db, change_tx, &ch, err);
}

int
hl_user_disable(struct hl_ctx *ctx, const char *login, struct hl_err *err)
{
	struct change_tx ch = { ctx, SQL_DISABLE, "user.disable", 1,
		{ login, NULL } };

	return hl_db_tx_run(ctx->db, change_tx, &ch, err);
}
