/*
 * User queries and changes.  Chain codes of an enterprise user are its
 * enterprise's chains; of staff, the chains they were given (user_chains).
 */
#include "user.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "auth.h"
#include "buf.h"
#include "crypto.h"
#include "ctx.h"
#include "db.h"
#include "err.h"
#include "json.h"
#include "str.h"
#include "valid.h"

static const char SQL_ME[] =
    "SELECT json_build_object(" HL_USER_SQL_FIELDS ")"
    " FROM users u WHERE u.id = $1 AND u.disabled_at IS NULL";

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

/* $1 enterprise id (0: none), $2 binding kind ('' none), $3 its id:
 * whether each exists, so that a wrong id is named, not just refused. */
static const char SQL_REFS[] =
    "SELECT $1::bigint = 0 OR EXISTS (SELECT 1 FROM enterprises"
    "  WHERE id = $1::bigint),"
    " CASE $2 WHEN '' THEN true"
    "  WHEN 'expert' THEN EXISTS (SELECT 1 FROM experts"
    "   WHERE id = $3::bigint)"
    "  WHEN 'account_manager' THEN EXISTS (SELECT 1"
    "   FROM bank_account_managers WHERE id = $3::bigint)"
    "  WHEN 'lawyer' THEN EXISTS (SELECT 1 FROM lawyers"
    "   WHERE id = $3::bigint)"
    "  ELSE EXISTS (SELECT 1 FROM policy_packs WHERE id = $3::bigint) END";

static int
check_refs(struct hl_db_conn *db, const char *const *params, struct hl_err *err)
{
	struct hl_db_res *r = hl_db_exec(db, SQL_REFS, 3, params, err);

	if (r == NULL)
		return -1;
	if (!hl_db_get_bool(r, 0, 0))
		hl_err_field(err, "enterprise_id", "企业不存在");
	if (!hl_db_get_bool(r, 0, 1))
		hl_err_field(err, "binding.id", "绑定的资源不存在");
	hl_db_res_free(r);
	return hl_err_is_set(err) ? -1 : 0;
}

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
	else if (u->binding != NULL &&
	    (strcmp(u->binding, "expert") != 0 &&
	        strcmp(u->binding, "account_manager") != 0 &&
	        strcmp(u->binding, "lawyer") != 0 &&
	        strcmp(u->binding, "policy_pack") != 0))
		hl_err_field(err, "binding.kind",
		    "应为 expert、account_manager、lawyer 或 policy_pack");
	else if (u->binding != NULL && u->binding_id <= 0)
		hl_err_field(err, "binding.id", "应为资源编号");
	if (u->phone != NULL && u->phone[0] != '\0')
		hl_valid_phone("phone", u->phone, err);
	if (u->email != NULL && u->email[0] != '\0')
		hl_valid_email("email", u->email, err);
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
	params[0] = ent;
	params[1] = u->binding != NULL ? u->binding : "";
	params[2] = bid;
	if (check_refs(db, params, err) == -1)
		return -1;
	params[0] = u->login;
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

/* $1 login, $2 new hash.  Ends every session and revokes every API
 * token: a password change must lock out whoever knew the old one, and a
 * token may have been made by them. */
static const char SQL_PASSWD[] =
    "WITH u AS (UPDATE users SET password_hash = $2,"
    "  password_changed_at = hl_now() WHERE lower(login) = lower($1)"
    "  RETURNING id),"
    " s AS (UPDATE sessions SET ended_at = hl_now() FROM u"
    "  WHERE sessions.user_id = u.id AND ended_at IS NULL RETURNING 1),"
    " t AS (UPDATE api_tokens SET revoked_at = hl_now() FROM u"
    "  WHERE api_tokens.user_id = u.id AND revoked_at IS NULL RETURNING 1)"
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

/* ---- the admin's user API ---- */

/* A user as admins see it; u is the row. */
#define USER_FIELDS                                                            \
	HL_USER_SQL_FIELDS                                                     \
	", 'binding', (SELECT json_build_object('kind', " HL_USER_SQL_RESOURCE \
	", 'id', rb.resource_id, 'chain_code', c.code)"                        \
	"  FROM responder_bindings rb JOIN chains c ON c.id = rb.chain_id"     \
	"  WHERE rb.user_id = u.id LIMIT 1),"                                  \
	" 'phone', u.phone, 'email', u.email,"                                 \
	" 'disabled', u.disabled_at IS NOT NULL,"                              \
	" 'disabled_at', u.disabled_at, 'last_login_at', u.last_login_at,"     \
	" 'password_changed_at', u.password_changed_at, 'demo', u.demo,"       \
	" 'created_at', u.created_at, 'updated_at', u.updated_at"

/* $1 role or '', $2 ILIKE pattern or '', $3 cursor, $4 limit, $5 chain
 * code or ''. */
static const char SQL_LIST[] =
    "WITH page AS (SELECT u.* FROM users u"
    " WHERE ($1 = '' OR u.role = $1)"
    " AND ($2 = '' OR u.login ILIKE $2 OR u.name ILIKE $2)"
    " AND ($5 = '' OR EXISTS (SELECT 1 FROM user_chains uc"
    "  JOIN chains c ON c.id = uc.chain_id"
    "  WHERE uc.user_id = u.id AND c.code = $5))"
    " AND ($3::bigint = 0 OR u.id < $3::bigint)"
    " ORDER BY u.id DESC LIMIT $4::int + 1)," HL_DB_SQL_SHOWN(
        "$4") " SELECT json_build_object('items', (SELECT coalesce(json_agg("
              " json_build_object(" USER_FIELDS ") ORDER BY u.id DESC), '[]')"
              " FROM shown u)," HL_DB_SQL_NEXT_CURSOR("$4") ")";

int
hl_user_list_json(struct hl_ctx *ctx, const struct hl_user_filter *f,
    struct hl_buf *out, struct hl_err *err)
{
	char cursor[24];
	char limit[24];
	const char *params[5];
	enum hl_role role;

	if (f->role != NULL && hl_ctx_role_parse(f->role, &role) == -1) {
		hl_err_set(err, 400, "bad_request", "查询参数 role 有误");
		return hl_err_field(err, "role",
		    "应为 enterprise、commissioner、responder、committee 或 "
		    "admin");
	}
	snprintf(cursor, sizeof(cursor), "%" PRId64, f->cursor);
	snprintf(limit, sizeof(limit), "%" PRId64, f->limit);
	params[0] = f->role != NULL ? f->role : "";
	params[1] = f->q != NULL ? hl_db_like(ctx->arena, f->q) : "";
	params[2] = cursor;
	params[3] = limit;
	params[4] = f->chain != NULL ? f->chain : "";
	return hl_db_fetch_json(ctx->db, SQL_LIST, 5, params, out, err);
}

static const char SQL_GET[] = "SELECT json_build_object(" USER_FIELDS ")::text"
                              " FROM users u WHERE u.id = $1";

int
hl_user_get_json(struct hl_ctx *ctx, int64_t id, struct hl_buf *out,
    struct hl_err *err)
{
	char sid[24];
	const char *params[1] = { sid };

	snprintf(sid, sizeof(sid), "%" PRId64, id);
	return hl_db_fetch_json(ctx->db, SQL_GET, 1, params, out, err);
}

static const char SQL_LOCK[] = "SELECT json_build_object(" USER_FIELDS
                               ")::text FROM users u WHERE u.id = $1"
                               " FOR UPDATE OF u";

/* $1 id, $2 name or NULL, $3 'true'/'false' or NULL, $4 hash or NULL. */
static const char SQL_UPDATE[] =
    "UPDATE users SET name = coalesce(btrim($2), name),"
    " disabled_at = CASE WHEN $3::boolean THEN coalesce(disabled_at,"
    "  hl_now()) WHEN NOT $3::boolean THEN NULL ELSE disabled_at END,"
    " password_hash = coalesce($4, password_hash),"
    " password_changed_at = CASE WHEN $4 IS NOT NULL THEN hl_now()"
    "  ELSE password_changed_at END"
    " WHERE id = $1";

/* $1 id, $2 'true' to end its sessions, $3 'true' to revoke its tokens. */
static const char SQL_LOCK_OUT[] =
    "WITH s AS (UPDATE sessions SET ended_at = hl_now()"
    "  WHERE user_id = $1 AND ended_at IS NULL AND $2::boolean RETURNING 1)"
    " UPDATE api_tokens SET revoked_at = hl_now()"
    " WHERE user_id = $1 AND revoked_at IS NULL AND $3::boolean";

/* $1 id, $2 the codes to keep (text[] literal). */
static const char SQL_CHAINS_DROP[] =
    "DELETE FROM user_chains uc USING chains c WHERE uc.user_id = $1"
    " AND c.id = uc.chain_id AND NOT c.code = ANY ($2::text[])";

struct update_tx {
	struct hl_ctx *ctx;
	int64_t id;
	const struct hl_user_change *ch;
	const char *hash; /* NULL: no new password */
	struct hl_buf *out;
	size_t out_len;
};

static int
replace_chains(struct hl_db_conn *db, const char *uid,
    const struct hl_user_change *ch, struct hl_err *err)
{
	struct hl_buf codes = { 0 };
	const char *params[2] = { uid, NULL };
	struct hl_db_res *r = NULL;
	int rc = -1;

	text_array(ch->chain_codes, ch->n_chain_codes, &codes);
	params[1] = hl_buf_cstr(&codes);
	if (hl_db_run(db, SQL_CHAINS_DROP, 2, params, err) == -1)
		goto out;
	r = hl_db_exec(db, SQL_CHAINS, 2, params, err);
	if (r == NULL)
		goto out;
	if (hl_db_get(r, 0, 0)[0] != '\0') {
		hl_err_field(err, "chain_codes", "未知的产业链：%s",
		    hl_db_get(r, 0, 0));
		goto out;
	}
	rc = 0;
out:
	hl_db_res_free(r);
	hl_buf_release(&codes);
	return rc;
}

static int
update_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct update_tx *ut = arg;
	const struct hl_user_change *ch = ut->ch;
	char uid[24];
	const char *params[4] = { uid, NULL, NULL, NULL };
	const char *before;
	struct hl_db_res *r;
	int rc = -1;

	if (ut->out->p != NULL) {
		ut->out->len = ut->out_len;
		ut->out->p[ut->out_len] = '\0';
	}
	snprintf(uid, sizeof(uid), "%" PRId64, ut->id);
	r = hl_db_exec(db, SQL_LOCK, 1, params, err);
	if (r == NULL)
		return -1;
	if (hl_db_nrows(r) == 0) {
		hl_err_not_found(err);
		goto out;
	}
	before = hl_db_get(r, 0, 0);
	params[1] = ch->has_name ? ch->name : NULL;
	params[2] = ch->has_disabled ? (ch->disabled ? "true" : "false") : NULL;
	params[3] = ut->hash;
	if (hl_db_run(db, SQL_UPDATE, 4, params, err) == -1)
		goto out;
	/* A new password ends the sessions and revokes the tokens, as
	 * disabling does. */
	params[1] = (ch->has_disabled && ch->disabled) || ut->hash != NULL
	    ? "true"
	    : "false";
	params[2] = params[1];
	if (hl_db_run(db, SQL_LOCK_OUT, 3, params, err) == -1)
		goto out;
	if (ch->has_chain_codes && replace_chains(db, uid, ch, err) == -1)
		goto out;
	if (hl_user_get_json(ut->ctx, ut->id, ut->out, err) == -1)
		goto out;
	rc = hl_audit_add(ut->ctx, "user.update", "user", uid, before,
	    ut->out->p + ut->out_len, err);
out:
	hl_db_res_free(r);
	return rc;
}

int
hl_user_update(struct hl_ctx *ctx, int64_t id, const struct hl_user_change *ch,
    struct hl_buf *out, struct hl_err *err)
{
	char hash[HL_CRYPTO_PWHASH_LEN];
	struct update_tx ut = { ctx, id, ch, NULL, out, out->len };

	if (ch->has_name &&
	    (ch->name == NULL || ch->name[0] == '\0' ||
	        hl_utf8_count(ch->name, strlen(ch->name)) > 40))
		hl_err_field(err, "name", "姓名应为 1 到 40 个字符");
	if (ch->has_password)
		check_password(ch->password, "password", err);
	if (ch->has_disabled && ch->disabled && id == ctx->user_id)
		hl_err_field(err, "disabled", "不能停用自己的账号");
	if (hl_err_is_set(err))
		return -1;
	if (ch->has_password) {
		if (hl_crypto_pwhash(ch->password, hash) == -1)
			return hl_err_set(err, 503, "unavailable",
			    "服务器繁忙，请稍后重试");
		ut.hash = hash;
	}
	return hl_db_tx_run(ctx->db, update_tx, &ut, err);
}

/* ---- one's own password ---- */

/* $1 id, $2 hash: the new password; every session of the user ends and
 * every API token is revoked. */
static const char SQL_OWN_PASSWD[] =
    "WITH u AS (UPDATE users SET password_hash = $2,"
    "  password_changed_at = hl_now() WHERE id = $1 RETURNING id),"
    " t AS (UPDATE api_tokens SET revoked_at = hl_now() FROM u"
    "  WHERE api_tokens.user_id = u.id AND revoked_at IS NULL RETURNING 1)"
    " UPDATE sessions SET ended_at = hl_now() FROM u"
    " WHERE sessions.user_id = u.id AND ended_at IS NULL";

struct own_tx {
	struct hl_ctx *ctx;
	const char *hash;
	const char *user_agent;
	struct hl_auth_session *s;
};

static int
own_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct own_tx *ot = arg;
	char uid[24];
	const char *params[2] = { uid, ot->hash };
	bool had_session = ot->ctx->session_id > 0;

	snprintf(uid, sizeof(uid), "%" PRId64, ot->ctx->user_id);
	if (hl_db_run(db, SQL_OWN_PASSWD, 2, params, err) == -1 ||
	    hl_audit_add(ot->ctx, "user.password_change", "user", uid, NULL,
	        NULL, err) == -1)
		return -1;
	if (!had_session)
		return 0;
	return hl_auth_session_open(ot->ctx, ot->user_agent, ot->s, err);
}

int
hl_user_change_own_password(struct hl_ctx *ctx, const char *current,
    const char *new_password, const char *user_agent, struct hl_auth_session *s,
    struct hl_err *err)
{
	char hash[HL_CRYPTO_PWHASH_LEN];
	struct own_tx ot = { ctx, hash, user_agent, s };
	int64_t session_id = ctx->session_id;

	s->token[0] = '\0';
	s->csrf_token[0] = '\0';
	if (check_password(new_password, "new_password", err) == 0 &&
	    current != NULL && strcmp(current, new_password) == 0)
		hl_err_field(err, "new_password", "新密码不能与当前密码相同");
	if (hl_err_is_set(err) ||
	    hl_auth_check_password(ctx, current, "current_password", err) == -1)
		return -1;
	if (hl_crypto_pwhash(new_password, hash) == -1)
		return hl_err_set(err, 503, "unavailable",
		    "服务器繁忙，请稍后重试");
	if (hl_db_tx_run(ctx->db, own_tx, &ot, err) == -1) {
		ctx->session_id = session_id;
		s->token[0] = '\0';
		return -1;
	}
	return 0;
}
