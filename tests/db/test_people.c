/*
 * People against the real schema: users (create, duplicate login, bad
 * fields, admin changes), enterprises (registration, duplicate credit
 * code, scoping per role, who may change what), assignments, API tokens,
 * idempotency keys, nested transactions, the password change that ends
 * sessions, and the append-only audit log.  Every test makes its own
 * fixtures with names unique to this process, so tests do not depend on
 * each other or on the demo seed.
 */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "assignment.h"
#include "audit.h"
#include "auth.h"
#include "buf.h"
#include "conf.h"
#include "crypto.h"
#include "ctx.h"
#include "db.h"
#include "enterprise.h"
#include "err.h"
#include "idem.h"
#include "mem.h"
#include "tfix.h"
#include "token.h"
#include "user.h"

#define PASSWORD "Passw0rd!people"

static struct hl_db_conn *db_;
static struct hl_arena arena_;
static unsigned serial_;

/* ---- helpers ---- */

/* Run sql; the first cell of the first row (or "") into out (24 bytes)
 * when out is not NULL.  Returns the number of rows. */
static int
q(const char *sql, int n, const char *const *params, char *out)
{
	return tfix_sql(db_, sql, n, params, out, 24);
}

static long long
count1(const char *sql, const char *p1)
{
	return tfix_sql_int(db_, sql, p1);
}

/* A unique name: prefix + pid + serial. */
static const char *
unique(const char *prefix)
{
	return hl_arena_printf(&arena_, "%s%ld-%u", prefix, (long)getpid(),
	    serial_++);
}

/* A GB 32100-2015 code no seed uses, from the arena. */
static const char *
credit_code(void)
{
	char *out = hl_arena_alloc(&arena_, 19);

	tfix_credit_code("91370303P", out);
	return out;
}

/* A context acting as user id with role. */
static struct hl_ctx
ctx_as(int64_t id, enum hl_role role, int64_t enterprise_id)
{
	struct hl_ctx c = { 0 };

	c.db = db_;
	c.arena = &arena_;
	c.request_id = "test-people";
	c.client_ip = "127.0.0.9";
	c.user_id = id;
	c.role = role;
	c.enterprise_id = enterprise_id;
	return c;
}

static struct hl_ctx
system_ctx(void)
{
	return ctx_as(0, HL_ROLE_NONE, 0);
}

/* The login of user id, in full. */
static const char *
login_of(int64_t id)
{
	char uid[24];
	const char *params[1] = { uid };
	struct hl_err err = { 0 };
	struct hl_db_res *r;
	const char *s;

	snprintf(uid, sizeof(uid), "%" PRId64, id);
	r = hl_db_exec(db_, "SELECT login FROM users WHERE id = $1", 1, params,
	    &err);
	if (r == NULL || hl_db_nrows(r) != 1)
		fail_msg("no user %" PRId64, id);
	s = hl_arena_strdup(&arena_, hl_db_get(r, 0, 0));
	hl_db_res_free(r);
	return s;
}

static struct hl_ctx
ctx_user(int64_t id, enum hl_role role, int64_t enterprise_id)
{
	struct hl_ctx c = ctx_as(id, role, enterprise_id);

	c.login = login_of(id);
	return c;
}

/* A user made through hl_user_create(); returns its id. */
static int64_t
user(const char *role, int64_t enterprise_id, const char *chain)
{
	struct hl_ctx sys = system_ctx();
	const char *chains[1] = { chain };
	struct hl_user_new u = { 0 };
	struct hl_err err = { 0 };
	int64_t id = 0;

	u.login = unique("tp-");
	u.name = "测试用户";
	u.role = role;
	u.password = PASSWORD;
	u.enterprise_id = enterprise_id;
	u.chain_codes = chains;
	u.n_chain_codes = chain != NULL ? 1 : 0;
	if (hl_user_create(&sys, &u, &id, &err) == -1)
		tfix_sql_fail("hl_user_create", &err);
	return id;
}

static int64_t
admin_user(void)
{
	return user("admin", 0, NULL);
}

/* An enterprise registered by an admin on chain; returns its id. */
static int64_t
enterprise(const char *chain, const char *name)
{
	struct hl_ctx adm = ctx_user(admin_user(), HL_ROLE_ADMIN, 0);
	const char *chains[1] = { chain };
	struct hl_enterprise_in in = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	json_t *j;
	int64_t id;

	in.name = name;
	in.credit_code = credit_code();
	in.chain_codes.v = chains;
	in.chain_codes.n = 1;
	in.district = "张店区";
	in.size_class = "small";
	in.has_name = in.has_credit_code = in.has_chain_codes = true;
	in.has_district = in.has_size_class = true;
	if (hl_enterprise_create(&adm, &in, &out, &err) == -1)
		tfix_sql_fail("hl_enterprise_create", &err);
	j = json_loads(hl_buf_cstr(&out), 0, NULL);
	assert_non_null(j);
	id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	hl_buf_release(&out);
	return id;
}

static bool
field_is(const struct hl_err *err, const char *name)
{
	int i;

	for (i = 0; i < err->n_fields; i++)
		if (strcmp(err->fields[i].name, name) == 0)
			return true;
	return false;
}

static void
assert_field(const struct hl_err *err, int status, const char *name)
{
	if (err->status != status || !field_is(err, name))
		fail_msg("want %d on '%s', got %d %s (%d fields: %s)", status,
		    name, err->status, err->msg, err->n_fields,
		    err->n_fields > 0 ? err->fields[0].name : "-");
}

/* ---- setup ---- */

static int
open_db(void **state)
{
	const char *url = getenv("HONGLIAN_TEST_DATABASE_URL");
	struct hl_conf c = { 0 };
	struct hl_err err = { 0 };

	(void)state;
	if (url == NULL || hl_crypto_init() == -1)
		return -1;
	if (hl_conf_load(&c, NULL, &err) == -1) {
		hl_conf_release(&c);
		return -1;
	}
	hl_auth_setup(&c);
	hl_conf_release(&c);
	db_ = hl_db_open(url, &err);
	return db_ != NULL ? 0 : -1;
}

static int
close_db(void **state)
{
	(void)state;
	hl_db_close(db_);
	hl_arena_release(&arena_);
	return 0;
}

/* ---- users ---- */

static void
test_user_create_hashes_and_audits(void **state)
{
	int64_t id = user("committee", 0, "auto-parts");
	char sid[24];
	const char *params[1] = { sid };
	char v[24];

	(void)state;
	snprintf(sid, sizeof(sid), "%" PRId64, id);
	q("SELECT left(password_hash, 10) FROM users WHERE id = $1", 1, params,
	    v);
	assert_string_equal(v, "$argon2id$");
	assert_int_equal(count1("SELECT count(*) FROM user_chains uc JOIN"
	                        " chains c ON c.id = uc.chain_id WHERE"
	                        " uc.user_id = $1 AND c.code = 'auto-parts'",
	                     sid),
	    1);
	assert_int_equal(count1("SELECT count(*) FROM audit_log WHERE"
	                        " action = 'user.create' AND object_type ="
	                        " 'user' AND object_id = $1",
	                     sid),
	    1);
}

static void
test_user_duplicate_login_is_409_ignoring_case(void **state)
{
	struct hl_ctx sys = system_ctx();
	const char *login = unique("Tp-Dup-");
	struct hl_user_new u = { .login = login,
		.name = "甲",
		.role = "admin",
		.password = PASSWORD };
	struct hl_err err = { 0 };
	int64_t id = 0;
	char *lower = hl_arena_strdup(&arena_, login);
	char *p;

	(void)state;
	assert_int_equal(hl_user_create(&sys, &u, &id, &err), 0);
	for (p = lower; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + 32);
	u.login = lower;
	assert_int_equal(hl_user_create(&sys, &u, &id, &err), -1);
	assert_field(&err, 409, "login");
	assert_string_equal(err.code, "conflict");
	assert_int_equal(count1("SELECT count(*) FROM users WHERE lower(login)"
	                        " = lower($1)",
	                     login),
	    1);
}

static void
test_user_bad_fields_are_named_and_nothing_stored(void **state)
{
	struct hl_ctx sys = system_ctx();
	const char *login = unique("tp-bad-");
	struct hl_user_new u = { .login = "-x",
		.name = "",
		.role = "boss",
		.password = "short" };
	struct hl_user_new v = { .login = login,
		.name = "乙",
		.role = "committee",
		.password = PASSWORD,
		.enterprise_id = 1,
		.binding = "expert",
		.binding_id = 1 };
	struct hl_user_new w = { .login = login,
		.name = "丙",
		.role = "responder",
		.password = PASSWORD,
		.binding = "janitor",
		.binding_id = 1 };
	struct hl_user_new x = { .login = login,
		.name = "丁",
		.role = "enterprise",
		.password = PASSWORD,
		.enterprise_id = 999999999 };
	struct hl_err err = { 0 };
	int64_t id = 0;

	(void)state;
	assert_int_equal(hl_user_create(&sys, &u, &id, &err), -1);
	assert_field(&err, 422, "login");
	assert_field(&err, 422, "name");
	assert_field(&err, 422, "role");
	assert_field(&err, 422, "password");
	hl_err_clear(&err);
	assert_int_equal(hl_user_create(&sys, &v, &id, &err), -1);
	assert_field(&err, 422, "enterprise_id");
	assert_field(&err, 422, "binding");
	hl_err_clear(&err);
	assert_int_equal(hl_user_create(&sys, &w, &id, &err), -1);
	assert_field(&err, 422, "binding.kind");
	hl_err_clear(&err);
	assert_int_equal(hl_user_create(&sys, &x, &id, &err), -1);
	assert_field(&err, 422, "enterprise_id");
	assert_int_equal(
	    count1("SELECT count(*) FROM users WHERE login = $1", login), 0);
}

static void
test_user_disable_ends_sessions_and_tokens(void **state)
{
	int64_t id = user("committee", 0, NULL);
	struct hl_ctx adm = ctx_user(admin_user(), HL_ROLE_ADMIN, 0);
	struct hl_ctx u = ctx_user(id, HL_ROLE_COMMITTEE, 0);
	struct hl_auth_session s = { 0 };
	struct hl_token_new t = { "集成", id, NULL };
	char token[HL_AUTH_TOKEN_CHARS + 1];
	struct hl_user_change ch = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	char sid[24];

	(void)state;
	snprintf(sid, sizeof(sid), "%" PRId64, id);
	assert_int_equal(hl_auth_session_open(&u, "test", &s, &err), 0);
	assert_int_equal(hl_token_create(&adm, &t, token, &out, &err), 0);
	hl_buf_reset(&out);
	ch.disabled = true;
	ch.has_disabled = true;
	assert_int_equal(hl_user_update(&adm, id, &ch, &out, &err), 0);
	assert_non_null(strstr(hl_buf_cstr(&out), "\"disabled\" : true"));
	assert_int_equal(count1("SELECT count(*) FROM sessions WHERE user_id ="
	                        " $1 AND ended_at IS NULL",
	                     sid),
	    0);
	assert_int_equal(count1("SELECT count(*) FROM api_tokens WHERE user_id"
	                        " = $1 AND revoked_at IS NULL",
	                     sid),
	    0);
	/* An admin cannot lock themselves out. */
	hl_buf_reset(&out);
	assert_int_equal(hl_user_update(&adm, adm.user_id, &ch, &out, &err),
	    -1);
	assert_field(&err, 422, "disabled");
	hl_buf_release(&out);
}

static void
test_admin_password_reset_ends_sessions(void **state)
{
	int64_t id = user("responder", 0, NULL);
	struct hl_ctx adm = ctx_user(admin_user(), HL_ROLE_ADMIN, 0);
	struct hl_ctx u = ctx_user(id, HL_ROLE_RESPONDER, 0);
	struct hl_auth_session s = { 0 };
	struct hl_user_change ch = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	char sid[24];

	(void)state;
	snprintf(sid, sizeof(sid), "%" PRId64, id);
	assert_int_equal(hl_auth_session_open(&u, "test", &s, &err), 0);
	ch.password = "short";
	ch.has_password = true;
	assert_int_equal(hl_user_update(&adm, id, &ch, &out, &err), -1);
	assert_field(&err, 422, "password");
	assert_int_equal(count1("SELECT count(*) FROM sessions WHERE user_id ="
	                        " $1 AND ended_at IS NULL",
	                     sid),
	    1);
	hl_err_clear(&err);
	ch.password = "Reset-Passw0rd";
	assert_int_equal(hl_user_update(&adm, id, &ch, &out, &err), 0);
	assert_int_equal(count1("SELECT count(*) FROM sessions WHERE user_id ="
	                        " $1 AND ended_at IS NULL",
	                     sid),
	    0);
	/* The new password is the one that works now. */
	assert_int_equal(
	    hl_auth_check_password(&u, "Reset-Passw0rd", "password", &err), 0);
	assert_int_equal(hl_auth_check_password(&u, PASSWORD, "password", &err),
	    -1);
	assert_field(&err, 422, "password");
	/* No hash in the audit row of the change. */
	assert_int_equal(count1("SELECT count(*) FROM audit_log WHERE action ="
	                        " 'user.update' AND object_id = $1 AND"
	                        " strpos(after::text, 'argon2') = 0",
	                     sid),
	    1);
	hl_buf_release(&out);
}

static void
test_password_change_ends_every_session(void **state)
{
	int64_t id = user("admin", 0, NULL);
	struct hl_ctx a = ctx_user(id, HL_ROLE_ADMIN, 0);
	struct hl_ctx b = ctx_user(id, HL_ROLE_ADMIN, 0);
	struct hl_auth_session sa = { 0 };
	struct hl_auth_session sb = { 0 };
	struct hl_auth_session fresh = { 0 };
	struct hl_err err = { 0 };
	char sid[24];
	char old_a[24];
	char v[24];

	(void)state;
	snprintf(sid, sizeof(sid), "%" PRId64, id);
	assert_int_equal(hl_auth_session_open(&a, "a", &sa, &err), 0);
	assert_int_equal(hl_auth_session_open(&b, "b", &sb, &err), 0);
	snprintf(old_a, sizeof(old_a), "%" PRId64, a.session_id);
	/* The wrong current password changes nothing. */
	assert_int_equal(hl_user_change_own_password(&a, "wrong-password",
	                     "An0ther-Passw0rd", "a", &fresh, &err),
	    -1);
	assert_field(&err, 422, "current_password");
	assert_int_equal(count1("SELECT count(*) FROM sessions WHERE user_id ="
	                        " $1 AND ended_at IS NULL",
	                     sid),
	    2);
	hl_err_clear(&err);
	assert_int_equal(hl_user_change_own_password(&a, PASSWORD,
	                     "An0ther-Passw0rd", "a", &fresh, &err),
	    0);
	assert_int_equal(strlen(fresh.token), HL_AUTH_TOKEN_CHARS);
	assert_string_not_equal(fresh.token, sa.token);
	/* Both old sessions ended; only the one opened in their place
	 * lives. */
	assert_int_equal(count1("SELECT count(*) FROM sessions WHERE user_id ="
	                        " $1 AND ended_at IS NULL",
	                     sid),
	    1);
	assert_int_equal(count1("SELECT count(*) FROM sessions WHERE id = $1"
	                        " AND ended_at IS NOT NULL",
	                     old_a),
	    1);
	snprintf(v, sizeof(v), "%" PRId64, a.session_id);
	assert_string_not_equal(v, old_a);
	assert_int_equal(count1("SELECT count(*) FROM sessions WHERE id = $1"
	                        " AND ended_at IS NULL",
	                     v),
	    1);
	assert_int_equal(count1("SELECT count(*) FROM audit_log WHERE action ="
	                        " 'user.password_change' AND object_id = $1",
	                     sid),
	    1);
}

/* ---- enterprises ---- */

static void
test_enterprise_duplicate_credit_code_409_names_the_existing(void **state)
{
	struct hl_ctx adm = ctx_user(admin_user(), HL_ROLE_ADMIN, 0);
	const char *name = unique("已登记企业");
	const char *chains[1] = { "auto-parts" };
	struct hl_enterprise_in in = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	char want[200];
	char lower[19];
	size_t i;

	(void)state;
	in.name = name;
	in.credit_code = credit_code();
	in.chain_codes.v = chains;
	in.chain_codes.n = 1;
	in.district = "张店区";
	in.size_class = "medium";
	in.has_name = in.has_credit_code = in.has_chain_codes = true;
	in.has_district = in.has_size_class = true;
	assert_int_equal(hl_enterprise_create(&adm, &in, &out, &err), 0);
	assert_non_null(strstr(hl_buf_cstr(&out), in.credit_code));
	/* The same code typed in lower case is the same code. */
	for (i = 0; i < 18; i++)
		lower[i] =
		    (char)(in.credit_code[i] >= 'A' && in.credit_code[i] <= 'Z'
		            ? in.credit_code[i] + 32
		            : in.credit_code[i]);
	lower[18] = '\0';
	in.credit_code = lower;
	in.name = "另一家企业";
	hl_buf_reset(&out);
	assert_int_equal(hl_enterprise_create(&adm, &in, &out, &err), -1);
	assert_field(&err, 409, "credit_code");
	snprintf(want, sizeof(want), "统一社会信用代码已登记：%s", name);
	assert_string_equal(err.msg, want);
	assert_int_equal(count1("SELECT count(*) FROM enterprises WHERE name ="
	                        " '另一家企业'",
	                     NULL),
	    0);
	hl_buf_release(&out);
}

static void
test_enterprise_bad_fields_are_named(void **state)
{
	struct hl_ctx adm = ctx_user(admin_user(), HL_ROLE_ADMIN, 0);
	const char *chains[2] = { "auto-parts", "no-such-chain" };
	const char *tags[1] = { "不存在的标签" };
	struct hl_enterprise_in in = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	char code[19];

	(void)state;
	/* The check character of a valid code, changed. */
	snprintf(code, sizeof(code), "%s", credit_code());
	code[17] = code[17] == '0' ? '1' : '0';
	in.name = "x";
	in.credit_code = code;
	in.has_name = in.has_credit_code = true;
	assert_int_equal(hl_enterprise_create(&adm, &in, &out, &err), -1);
	assert_field(&err, 422, "credit_code");
	assert_field(&err, 422, "name");
	assert_field(&err, 422, "chain_codes");
	assert_field(&err, 422, "district");
	assert_field(&err, 422, "size_class");
	hl_err_clear(&err);
	/* Checks that need the database: unknown chain, district, tag. */
	in.name = unique("字段测试");
	in.credit_code = credit_code();
	in.chain_codes.v = chains;
	in.chain_codes.n = 2;
	in.district = "火星区";
	in.size_class = "small";
	in.has_chain_codes = in.has_district = in.has_size_class = true;
	assert_int_equal(hl_enterprise_create(&adm, &in, &out, &err), -1);
	assert_field(&err, 422, "chain_codes");
	assert_field(&err, 422, "district");
	hl_err_clear(&err);
	in.chain_codes.n = 1;
	in.district = "淄川区";
	in.tags.v = tags;
	in.tags.n = 1;
	in.has_tags = true;
	assert_int_equal(hl_enterprise_create(&adm, &in, &out, &err), -1);
	assert_field(&err, 422, "tags");
	assert_int_equal(count1("SELECT count(*) FROM enterprises WHERE name ="
	                        " $1",
	                     in.name),
	    0);
	hl_buf_release(&out);
}

/* Whether ctx sees enterprise id by GET and in the list. */
static int
sees(struct hl_ctx *ctx, int64_t id)
{
	struct hl_enterprise_filter f = { .limit = 200 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	char needle[40];
	int get;
	bool listed;

	get =
	    hl_enterprise_get_json(ctx, id, &out, &err) == 0 ? 200 : err.status;
	hl_buf_reset(&out);
	if (hl_enterprise_list_json(ctx, &f, &out, &err) == -1)
		tfix_sql_fail("hl_enterprise_list_json", &err);
	snprintf(needle, sizeof(needle), "{\"id\" : %" PRId64 ",", id);
	listed = strstr(hl_buf_cstr(&out), needle) != NULL;
	hl_buf_release(&out);
	if ((get == 200) != listed)
		fail_msg("GET says %d but the list %s it", get,
		    listed ? "has" : "lacks");
	return get;
}

static void
test_enterprise_scoping_per_role(void **state)
{
	int64_t e1 = enterprise("smart-equipment", unique("范围一"));
	int64_t e2 = enterprise("new-medicine", unique("范围二"));
	int64_t com = user("commissioner", 0, NULL);
	int64_t cmt = user("committee", 0, "smart-equipment");
	int64_t rsp = user("responder", 0, NULL);
	int64_t ent = user("enterprise", e1, NULL);
	struct hl_ctx c_com = ctx_user(com, HL_ROLE_COMMISSIONER, 0);
	struct hl_ctx c_cmt = ctx_user(cmt, HL_ROLE_COMMITTEE, 0);
	struct hl_ctx c_rsp = ctx_user(rsp, HL_ROLE_RESPONDER, 0);
	struct hl_ctx c_ent = ctx_user(ent, HL_ROLE_ENTERPRISE, e1);
	struct hl_ctx c_adm = ctx_user(admin_user(), HL_ROLE_ADMIN, 0);
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	char s2[24];
	char sr[24];
	const char *params[2] = { s2, sr };

	(void)state;
	assert_int_equal(hl_assignment_create(&c_adm, com, e1, &out, &err), 0);
	hl_buf_release(&out);
	/* The responder sees e2 through a case assigned to it. */
	snprintf(s2, sizeof(s2), "%" PRId64, e2);
	snprintf(sr, sizeof(sr), "%" PRId64, rsp);
	q("INSERT INTO cases (enterprise_id, chain_id, category, title,"
	  " description, status, accepted_at, due_on, due_at,"
	  " assignee_user_id)"
	  " SELECT $1, c.id, 'legal', '范围测试', '范围测试', 'assigned',"
	  " hl_now(), hl_today() + 5, hl_now() + interval '5 days', $2"
	  " FROM chains c WHERE c.code = 'new-medicine'",
	    2, params, NULL);

	assert_int_equal(sees(&c_adm, e1), 200);
	assert_int_equal(sees(&c_adm, e2), 200);
	assert_int_equal(sees(&c_ent, e1), 200);
	assert_int_equal(sees(&c_ent, e2), 404);
	assert_int_equal(sees(&c_com, e1), 200);
	assert_int_equal(sees(&c_com, e2), 404);
	assert_int_equal(sees(&c_cmt, e1), 200);
	assert_int_equal(sees(&c_cmt, e2), 404);
	assert_int_equal(sees(&c_rsp, e1), 404);
	assert_int_equal(sees(&c_rsp, e2), 200);
}

static void
test_enterprise_read_of_contacts_is_audited(void **state)
{
	struct hl_ctx adm = ctx_user(admin_user(), HL_ROLE_ADMIN, 0);
	int64_t id = enterprise("auto-parts", unique("联系人审计"));
	struct hl_enterprise_contact k = { "王五", "经理", "0533-2181234",
		"w@example.com", true };
	struct hl_enterprise_in in = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	char sid[24];

	(void)state;
	snprintf(sid, sizeof(sid), "%" PRId64, id);
	/* No contacts yet: nothing personal was read. */
	assert_int_equal(hl_enterprise_get_json(&adm, id, &out, &err), 0);
	assert_int_equal(
	    count1("SELECT count(*) FROM audit_log WHERE action ="
	           " 'enterprise.read_contacts' AND object_id = $1",
	        sid),
	    0);
	in.contacts = &k;
	in.n_contacts = 1;
	in.has_contacts = true;
	hl_buf_reset(&out);
	assert_int_equal(hl_enterprise_update(&adm, id, &in, &out, &err), 0);
	hl_buf_reset(&out);
	assert_int_equal(hl_enterprise_get_json(&adm, id, &out, &err), 0);
	assert_non_null(strstr(hl_buf_cstr(&out), "0533-2181234"));
	assert_int_equal(
	    count1("SELECT count(*) FROM audit_log WHERE action ="
	           " 'enterprise.read_contacts' AND object_id = $1",
	        sid),
	    1);
	hl_buf_release(&out);
}

static void
test_enterprise_changes_by_commissioner(void **state)
{
	int64_t mine = enterprise("auto-parts", unique("专员的"));
	int64_t other = enterprise("auto-parts", unique("别人的"));
	int64_t com = user("commissioner", 0, NULL);
	struct hl_ctx c_com = ctx_user(com, HL_ROLE_COMMISSIONER, 0);
	struct hl_ctx c_adm = ctx_user(admin_user(), HL_ROLE_ADMIN, 0);
	const char *chains[2] = { "polyurethane", "auto-parts" };
	struct hl_enterprise_in in = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	char sid[24];

	(void)state;
	assert_int_equal(hl_assignment_create(&c_adm, com, mine, &out, &err),
	    0);
	hl_buf_reset(&out);
	in.note = "专员更新";
	in.has_note = true;
	in.chain_codes.v = chains;
	in.chain_codes.n = 2;
	in.has_chain_codes = true;
	assert_int_equal(hl_enterprise_update(&c_com, mine, &in, &out, &err),
	    0);
	snprintf(sid, sizeof(sid), "%" PRId64, mine);
	assert_int_equal(count1("SELECT count(*) FROM enterprise_chains ec"
	                        " JOIN chains c ON c.id = ec.chain_id WHERE"
	                        " ec.enterprise_id = $1 AND ec.is_primary AND"
	                        " c.code = 'polyurethane'",
	                     sid),
	    1);
	assert_int_equal(count1("SELECT count(*) FROM audit_log WHERE action ="
	                        " 'enterprise.update' AND object_id = $1 AND"
	                        " before->>'note' = '' AND after->>'note' ="
	                        " '专员更新'",
	                     sid),
	    1);
	/* Not assigned: as if it did not exist. */
	hl_buf_reset(&out);
	assert_int_equal(hl_enterprise_update(&c_com, other, &in, &out, &err),
	    -1);
	assert_int_equal(err.status, 404);
	/* Admin-only members are refused by name, and nothing changes. */
	hl_err_clear(&err);
	memset(&in, 0, sizeof(in));
	in.key_enterprise = true;
	in.has_key_enterprise = true;
	in.note = "不应保存";
	in.has_note = true;
	assert_int_equal(hl_enterprise_update(&c_com, mine, &in, &out, &err),
	    -1);
	assert_field(&err, 422, "key_enterprise");
	assert_int_equal(count1("SELECT count(*) FROM enterprises WHERE id = $1"
	                        " AND note = '专员更新' AND NOT key_enterprise",
	                     sid),
	    1);
	hl_buf_release(&out);
}

static void
test_enterprise_created_by_commissioner_is_assigned(void **state)
{
	int64_t com = user("commissioner", 0, NULL);
	struct hl_ctx c_com = ctx_user(com, HL_ROLE_COMMISSIONER, 0);
	const char *chains[1] = { "new-energy" };
	struct hl_enterprise_in in = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	char uid[24];

	(void)state;
	in.name = unique("专员登记");
	in.credit_code = credit_code();
	in.chain_codes.v = chains;
	in.chain_codes.n = 1;
	in.district = "高新区";
	in.size_class = "micro";
	in.has_name = in.has_credit_code = in.has_chain_codes = true;
	in.has_district = in.has_size_class = true;
	assert_int_equal(hl_enterprise_create(&c_com, &in, &out, &err), 0);
	snprintf(uid, sizeof(uid), "%" PRId64, com);
	assert_int_equal(count1("SELECT count(*) FROM assignments a JOIN"
	                        " enterprises e ON e.id = a.enterprise_id"
	                        " WHERE a.commissioner_id = $1",
	                     uid),
	    1);
	hl_buf_release(&out);
}

/* How many enterprises adm's list finds for f with the text q. */
static size_t
n_listed(struct hl_ctx *adm, struct hl_enterprise_filter *f, const char *q)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	json_t *j;
	size_t n;

	f->q = q;
	assert_int_equal(hl_enterprise_list_json(adm, f, &out, &err), 0);
	j = json_loads(hl_buf_cstr(&out), 0, NULL);
	n = json_array_size(json_object_get(j, "items"));
	json_decref(j);
	hl_buf_release(&out);
	return n;
}

static void
test_enterprise_q_matches_text_not_wildcards(void **state)
{
	struct hl_ctx adm = ctx_user(admin_user(), HL_ROLE_ADMIN, 0);
	const char *name = unique("检索淄博百分之百");
	int64_t id = enterprise("auto-parts", name);
	struct hl_enterprise_filter f = { .limit = 200 };

	(void)state;
	(void)id;
	assert_int_equal(n_listed(&adm, &f, name + 6), 1); /* past "检索" */
	/* "%" and "_" are text, not patterns: nothing is named so. */
	assert_int_equal(n_listed(&adm, &f, "%"), 0);
	assert_int_equal(n_listed(&adm, &f, "_"), 0);
}

/* ---- assignments, tokens ---- */

static void
test_assignment_only_to_commissioners(void **state)
{
	struct hl_ctx adm = ctx_user(admin_user(), HL_ROLE_ADMIN, 0);
	int64_t e = enterprise("auto-parts", unique("包联"));
	int64_t cmt = user("committee", 0, NULL);
	int64_t com = user("commissioner", 0, NULL);
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	(void)state;
	assert_int_equal(hl_assignment_create(&adm, cmt, e, &out, &err), -1);
	assert_field(&err, 422, "commissioner_id");
	hl_err_clear(&err);
	assert_int_equal(hl_assignment_create(&adm, com, 999999999, &out, &err),
	    -1);
	assert_field(&err, 422, "enterprise_id");
	hl_err_clear(&err);
	assert_int_equal(hl_assignment_create(&adm, com, e, &out, &err), 0);
	assert_int_equal(hl_assignment_create(&adm, com, e, &out, &err), -1);
	assert_int_equal(err.status, 409);
	hl_buf_release(&out);
}

static void
test_token_is_stored_only_hashed(void **state)
{
	struct hl_ctx adm = ctx_user(admin_user(), HL_ROLE_ADMIN, 0);
	int64_t id = user("committee", 0, NULL);
	struct hl_token_new t = { "集成测试", id, "2099-01-01T00:00:00+08:00" };
	char token[HL_AUTH_TOKEN_CHARS + 1];
	char hex[65];
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	(void)state;
	assert_int_equal(hl_token_create(&adm, &t, token, &out, &err), 0);
	assert_int_equal(strlen(token), HL_AUTH_TOKEN_CHARS);
	assert_null(strstr(hl_buf_cstr(&out), token));
	hl_crypto_sha256_hex(token, strlen(token), hex);
	assert_int_equal(count1("SELECT count(*) FROM api_tokens WHERE"
	                        " encode(token_hash, 'hex') = $1 AND role ="
	                        " 'committee'",
	                     hex),
	    1);
	assert_int_equal(count1("SELECT count(*) FROM audit_log WHERE"
	                        " strpos(coalesce(after::text, ''), $1) > 0",
	                     token),
	    0);
	t.expires_at = "2020-01-01T00:00:00Z";
	assert_int_equal(hl_token_create(&adm, &t, token, &out, &err), -1);
	assert_field(&err, 422, "expires_at");
	hl_buf_release(&out);
}

/* ---- idempotency keys, nested transactions ---- */

struct idem_tx {
	struct hl_ctx *ctx;
	const struct hl_idem_key *k;
	bool replay;
	int status;
	struct hl_buf body;
};

static int
idem_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct idem_tx *it = arg;
	struct hl_buf made = { 0 };
	int rc;

	(void)db;
	hl_buf_reset(&it->body);
	if (hl_idem_claim(it->ctx, it->k, &it->replay, &it->status, &it->body,
	        err) == -1)
		return -1;
	if (it->replay)
		return 0;
	hl_buf_puts(&made, "{\"made\":1}");
	rc = hl_idem_store(it->ctx, it->k, 201, &made, err);
	hl_buf_release(&made);
	return rc;
}

static void
test_idem_replays_same_request_and_refuses_another(void **state)
{
	int64_t id = user("admin", 0, NULL);
	struct hl_ctx c = ctx_user(id, HL_ROLE_ADMIN, 0);
	struct hl_idem_key k = { unique("key-"), "POST", "/api/v1/x", { 0 } };
	struct idem_tx it = { &c, &k, false, 0, { 0 } };
	struct hl_err err = { 0 };

	(void)state;
	hl_crypto_sha256("{}", 2, k.body_sha256);
	assert_int_equal(hl_db_tx_run(db_, idem_tx, &it, &err), 0);
	assert_false(it.replay);
	assert_int_equal(hl_db_tx_run(db_, idem_tx, &it, &err), 0);
	assert_true(it.replay);
	assert_int_equal(it.status, 201);
	assert_string_equal(hl_buf_cstr(&it.body), "{\"made\":1}");
	/* Another body under the same key. */
	hl_crypto_sha256("{\"a\":1}", 7, k.body_sha256);
	assert_int_equal(hl_db_tx_run(db_, idem_tx, &it, &err), -1);
	assert_int_equal(err.status, 422);
	assert_string_equal(err.code, "idempotency_key_reused");
	/* Keys are per user: another user's same key is a first use. */
	c = ctx_user(user("admin", 0, NULL), HL_ROLE_ADMIN, 0);
	hl_err_clear(&err);
	assert_int_equal(hl_db_tx_run(db_, idem_tx, &it, &err), 0);
	assert_false(it.replay);
	hl_buf_release(&it.body);
}

static int
insert_marker(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	const char *params[1] = { arg };

	return hl_db_run(db,
	    "INSERT INTO tags (name, description) VALUES ($1, 'nested')", 1,
	    params, err);
}

static int
fail_after_marker(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	if (insert_marker(db, arg, err) == -1)
		return -1;
	return hl_err_set(err, 422, "validation_failed", "inner failure");
}

struct outer {
	const char *keep;
	const char *drop;
};

static int
outer_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct outer *o = arg;
	struct hl_err inner = { 0 };

	if (insert_marker(db, (void *)o->keep, err) == -1)
		return -1;
	/* A failing nested run undoes only its own work. */
	if (hl_db_tx_run(db, fail_after_marker, (void *)o->drop, &inner) != -1)
		return hl_err_set(err, 500, "internal", "inner succeeded");
	return 0;
}

static void
test_nested_tx_is_a_savepoint(void **state)
{
	struct outer o = { unique("嵌套保留"), unique("嵌套撤销") };
	struct hl_err err = { 0 };

	(void)state;
	assert_int_equal(hl_db_tx_run(db_, outer_tx, &o, &err), 0);
	assert_int_equal(
	    count1("SELECT count(*) FROM tags WHERE name = $1", o.keep), 1);
	assert_int_equal(
	    count1("SELECT count(*) FROM tags WHERE name = $1", o.drop), 0);
	q("DELETE FROM tags WHERE description = 'nested'", 0, NULL, NULL);
}

/* ---- the audit log ---- */

static void
refused(const char *sql)
{
	struct hl_err err = { 0 };
	struct hl_db_res *r = hl_db_exec(db_, sql, 0, NULL, &err);

	if (r != NULL) {
		hl_db_res_free(r);
		fail_msg("'%s' was allowed on audit_log", sql);
	}
	assert_int_equal(err.status, 500);
}

static void
test_audit_log_refuses_update_delete_truncate(void **state)
{
	struct hl_ctx adm = ctx_user(admin_user(), HL_ROLE_ADMIN, 0);
	struct hl_err err = { 0 };
	long long before;

	(void)state;
	assert_int_equal(hl_audit_add(&adm, "test.people", "test", "1", NULL,
	                     "{\"x\":1}", &err),
	    0);
	before = count1("SELECT count(*) FROM audit_log", NULL);
	refused("UPDATE audit_log SET action = 'test.changed'"
	        " WHERE action = 'test.people'");
	refused("DELETE FROM audit_log WHERE action = 'test.people'");
	refused("TRUNCATE audit_log");
	/* Even a statement that matches no row is refused. */
	refused("DELETE FROM audit_log WHERE id < 0");
	assert_int_equal(count1("SELECT count(*) FROM audit_log", NULL),
	    before);
	assert_true(count1("SELECT count(*) FROM audit_log WHERE action ="
	                   " 'test.people' AND after->>'x' = '1'",
	                NULL) >= 1);
}

static void
test_audit_list_filters_newest_first(void **state)
{
	struct hl_ctx adm = ctx_user(admin_user(), HL_ROLE_ADMIN, 0);
	const char *oid = unique("obj-");
	struct hl_audit_filter f = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	json_t *j;
	json_t *items;
	int i;

	(void)state;
	for (i = 0; i < 3; i++)
		assert_int_equal(hl_audit_add(&adm,
		                     i < 2 ? "test.first" : "test.second",
		                     "test", oid, NULL, NULL, &err),
		    0);
	f.object_type = "test";
	f.object_id = oid;
	f.action = "test.";
	f.actor = adm.user_id;
	f.limit = 2;
	assert_int_equal(hl_audit_list_json(&adm, &f, &out, &err), 0);
	j = json_loads(hl_buf_cstr(&out), 0, NULL);
	items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 2);
	assert_string_equal(json_string_value(json_object_get(
	                        json_array_get(items, 0), "action")),
	    "test.second");
	assert_true(json_is_string(json_object_get(j, "next_cursor")));
	json_decref(j);
	f.action = "test.first";
	f.limit = 50;
	hl_buf_reset(&out);
	assert_int_equal(hl_audit_list_json(&adm, &f, &out, &err), 0);
	j = json_loads(hl_buf_cstr(&out), 0, NULL);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 2);
	assert_true(json_is_null(json_object_get(j, "next_cursor")));
	json_decref(j);
	hl_buf_release(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_user_create_hashes_and_audits),
		cmocka_unit_test(
		    test_user_duplicate_login_is_409_ignoring_case),
		cmocka_unit_test(
		    test_user_bad_fields_are_named_and_nothing_stored),
		cmocka_unit_test(test_user_disable_ends_sessions_and_tokens),
		cmocka_unit_test(test_admin_password_reset_ends_sessions),
		cmocka_unit_test(test_password_change_ends_every_session),
		cmocka_unit_test(
		    test_enterprise_duplicate_credit_code_409_names_the_existing),
		cmocka_unit_test(test_enterprise_bad_fields_are_named),
		cmocka_unit_test(test_enterprise_scoping_per_role),
		cmocka_unit_test(test_enterprise_read_of_contacts_is_audited),
		cmocka_unit_test(test_enterprise_changes_by_commissioner),
		cmocka_unit_test(
		    test_enterprise_created_by_commissioner_is_assigned),
		cmocka_unit_test(test_enterprise_q_matches_text_not_wildcards),
		cmocka_unit_test(test_assignment_only_to_commissioners),
		cmocka_unit_test(test_token_is_stored_only_hashed),
		cmocka_unit_test(
		    test_idem_replays_same_request_and_refuses_another),
		cmocka_unit_test(test_nested_tx_is_a_savepoint),
		cmocka_unit_test(test_audit_log_refuses_update_delete_truncate),
		cmocka_unit_test(test_audit_list_filters_newest_first),
	};

	return cmocka_run_group_tests_name("people", tests, open_db, close_db);
}
