/*
 * Credentials: API tokens expire by default and die with a password
 * change (one's own, an admin's, the command line's); a hash made at a
 * lower cost is made again at login; with TLS in front the cookie is
 * __Host- and HSTS is sent; production refuses demo accounts (at login,
 * their sessions and tokens), demo data, and a server connected as the
 * tables' owner; refusals are audited once a minute; the shared test
 * server is connected as honglian_app.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>
#include <sodium.h>

#include "tdb.h"
#include "tfix.h"
#include "thttp.h"
#include "tserver.h"

#define PASSWORD  "Cred3ntial-Passw0rd"
#define PASSWORD2 "Cred3ntial-Passw0rd-2"

static struct tdb *db_;

/* A user of the test's own (role), made by the demo admin: its id; the
 * login into login (64). */
static long long
new_user(const char *role, char login[64])
{
	struct thttp_client *adm = tfix_signed_in("admin-demo");
	static unsigned serial;
	char body[256];
	struct thttp_resp *r;
	long long id;

	assert_non_null(adm);
	snprintf(login, 64, "tc-%ld-%u-%ld", (long)getpid(), serial++,
	    (long)time(NULL) % 100000);
	snprintf(body, sizeof(body),
	    "{\"login\":\"%s\",\"name\":\"凭据测试\",\"role\":\"%s\","
	    "\"password\":\"%s\"}",
	    login, role, PASSWORD);
	r = thttp_client_json(adm, "POST", "/api/v1/users", body);
	tfix_expect(r, 201, NULL);
	id = thttp_resp_int(r, "id", 0);
	thttp_resp_free(r);
	thttp_client_free(adm);
	return id;
}

/* A token for user id, made by the demo admin (body extra: more JSON
 * members, or ""): the token into tok (64); its id. */
static long long
new_token(long long uid, const char *extra, char tok[64])
{
	struct thttp_client *adm = tfix_signed_in("admin-demo");
	char body[256];
	struct thttp_resp *r;
	long long id;

	snprintf(body, sizeof(body), "{\"name\":\"凭据\",\"user_id\":%lld%s}",
	    uid, extra);
	r = thttp_client_json(adm, "POST", "/api/v1/tokens", body);
	tfix_expect(r, 201, NULL);
	snprintf(tok, 64, "%s", thttp_resp_str(r, "token"));
	id = thttp_resp_int(r, "id", 0);
	thttp_resp_free(r);
	thttp_client_free(adm);
	return id;
}

/* GET /api/v1/me with the bearer token: the status. */
static long
me_bearer(const char *tok)
{
	char h[96];
	const char *hdrs[2] = { h, NULL };
	struct thttp_resp *r;
	long st;

	snprintf(h, sizeof(h), "Authorization: Bearer %s", tok);
	r = thttp_request("GET", "/api/v1/me", hdrs, NULL, 0);
	st = r->status;
	thttp_resp_free(r);
	return st;
}

/* GET /api/v1/me with one cookie (name=value): the status. */
static long
me_cookie(const char *name, const char *value)
{
	char h[160];
	const char *hdrs[2] = { h, NULL };
	struct thttp_resp *r;
	long st;

	snprintf(h, sizeof(h), "Cookie: %s=%s", name, value);
	r = thttp_request("GET", "/api/v1/me", hdrs, NULL, 0);
	st = r->status;
	thttp_resp_free(r);
	return st;
}

/* Sign in with a raw request: the response (Set-Cookie and all). */
static struct thttp_resp *
raw_login(const char *login, const char *password)
{
	const char *hdrs[2] = { "Content-Type: application/json", NULL };
	char body[256];

	snprintf(body, sizeof(body), "{\"login\":\"%s\",\"password\":\"%s\"}",
	    login, password);
	return thttp_request("POST", "/api/v1/session", hdrs, body,
	    strlen(body));
}

/* The value of cookie name in a Set-Cookie header, into out (128). */
static void
cookie_of(const struct thttp_resp *r, const char *name, char out[128])
{
	const char *h = thttp_resp_header(r, "Set-Cookie");
	size_t nl = strlen(name);
	size_t n;

	out[0] = '\0';
	if (h == NULL || strncmp(h, name, nl) != 0 || h[nl] != '=')
		return;
	n = strcspn(h + nl + 1, ";");
	if (n > 127)
		n = 127;
	memcpy(out, h + nl + 1, n);
	out[n] = '\0';
}

/* Run the command line with the test configuration: its exit status;
 * stdin_text is written to it, its output kept in out (cap). */
static int
cli(const char *env, const char *args, const char *stdin_text, char *out,
    size_t cap)
{
	char cmd[1024];
	char tmp[] = "/tmp/hl-cli-XXXXXX";
	FILE *p;
	FILE *f;
	int fd = mkstemp(tmp);
	int st;
	size_t n;

	assert_true(fd != -1);
	close(fd);
	snprintf(cmd, sizeof(cmd),
	    "env HONGLIAN_DATABASE_URL=\"$HONGLIAN_TEST_DATABASE_URL\" %s "
	    "build/test/honglian --config conf/honglian.test.conf %s >%s 2>&1",
	    env, args, tmp);
	p = popen(cmd, "w");
	assert_non_null(p);
	if (stdin_text != NULL)
		fputs(stdin_text, p);
	st = pclose(p);
	f = fopen(tmp, "r");
	n = f != NULL ? fread(out, 1, cap - 1, f) : 0;
	out[n] = '\0';
	if (f != NULL)
		fclose(f);
	unlink(tmp);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

static int
setup(void **state)
{
	(void)state;
	db_ = tdb_open();
	return db_ != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	tdb_close(db_);
	return 0;
}

static void
test_tokens_expire_by_default(void **state)
{
	char login[64];
	char tok[64];
	char id[24];
	long long uid = new_user("committee", login);

	(void)state;
	snprintf(id, sizeof(id), "%lld", new_token(uid, "", tok));
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM api_tokens WHERE id = $1"
	                     " AND expires_at BETWEEN hl_now() + interval"
	                     " '89 days' AND hl_now() + interval '91 days'",
	                     id, NULL),
	    1);
	assert_int_equal(me_bearer(tok), 200);
	/* Past it, the token is dead. */
	tdb_exec(db_,
	    "UPDATE api_tokens SET expires_at = hl_now() - interval '1 second',"
	    " created_at = hl_now() - interval '1 day' WHERE id = $1",
	    id, NULL);
	assert_int_equal(me_bearer(tok), 401);
}

static void
test_password_changes_revoke_tokens(void **state)
{
	char login[64];
	char tok[64];
	char body[256];
	char path[64];
	char out[512];
	struct thttp_client *c = thttp_client_new();
	struct thttp_client *adm;
	struct thttp_resp *r;
	long long uid = new_user("committee", login);

	(void)state;
	/* One's own change. */
	new_token(uid, "", tok);
	assert_int_equal(me_bearer(tok), 200);
	assert_int_equal(thttp_client_login(c, login, PASSWORD), 200);
	snprintf(body, sizeof(body),
	    "{\"current_password\":\"%s\",\"new_password\":\"%s\"}", PASSWORD,
	    PASSWORD2);
	r = thttp_client_json(c, "POST", "/api/v1/me/password", body);
	tfix_expect(r, 200, NULL);
	thttp_resp_free(r);
	thttp_client_free(c);
	assert_int_equal(me_bearer(tok), 401);
	/* An admin's reset. */
	new_token(uid, "", tok);
	assert_int_equal(me_bearer(tok), 200);
	adm = tfix_signed_in("admin-demo");
	snprintf(path, sizeof(path), "/api/v1/users/%lld", uid);
	r = thttp_client_json(adm, "PATCH", path,
	    "{\"password\":\"Reset-Passw0rd-3\"}");
	tfix_expect(r, 200, NULL);
	thttp_resp_free(r);
	thttp_client_free(adm);
	assert_int_equal(me_bearer(tok), 401);
	/* The command line's. */
	new_token(uid, "", tok);
	assert_int_equal(me_bearer(tok), 200);
	snprintf(body, sizeof(body), "user passwd --login %s --password-stdin",
	    login);
	assert_int_equal(cli("", body, "Cli-Passw0rd-4\n", out, sizeof(out)),
	    0);
	assert_int_equal(me_bearer(tok), 401);
}

/* "$argon2id$v=19$m=65536,t=2,p=1$...": m. */
static long
memory_of(const char *hash)
{
	const char *m = strstr(hash, "$m=");

	return m != NULL ? atol(m + 3) : -1;
}

static void
test_cheap_hash_is_made_again_at_login(void **state)
{
	char login[64];
	char weak[crypto_pwhash_STRBYTES];
	char old_hash[crypto_pwhash_STRBYTES];
	const char *now;
	struct thttp_resp *r;

	(void)state;
	new_user("committee", login);
	assert_int_equal(sodium_init() >= 0, 1);
	assert_int_equal(crypto_pwhash_str_alg(weak, PASSWORD, strlen(PASSWORD),
	                     crypto_pwhash_OPSLIMIT_MIN,
	                     crypto_pwhash_MEMLIMIT_MIN,
	                     crypto_pwhash_ALG_ARGON2ID13),
	    0);
	snprintf(old_hash, sizeof(old_hash), "%s", weak);
	tdb_exec(db_,
	    "UPDATE users SET password_hash = $2 WHERE lower(login) = lower($1)",
	    login, weak, NULL);
	r = raw_login(login, PASSWORD);
	tfix_expect(r, 200, NULL);
	thttp_resp_free(r);
	now = tdb_value(db_,
	    "SELECT password_hash FROM users WHERE lower(login) = lower($1)",
	    login, NULL);
	assert_non_null(now);
	assert_string_not_equal(now, old_hash);
	assert_true(memory_of(now) > memory_of(old_hash));
	r = raw_login(login, PASSWORD);
	tfix_expect(r, 200, NULL);
	thttp_resp_free(r);
}

static void
test_tls_cookie_is_host_prefixed_with_hsts(void **state)
{
	const char *const env[] = { "HONGLIAN_AUTH_COOKIE_SECURE=true", NULL };
	struct tserver s;
	struct thttp_resp *r;
	char v[128];
	const char *sc;

	(void)state;
	assert_true(tserver_start(&s, "tls", 0, env));
	tserver_use(&s);
	r = raw_login("committee-demo", TFIX_DEMO_PASSWORD);
	tfix_expect(r, 200, NULL);
	sc = thttp_resp_header(r, "Set-Cookie");
	assert_non_null(sc);
	assert_int_equal(strncmp(sc, "__Host-hl_session=", 18), 0);
	assert_non_null(strstr(sc, "; Secure"));
	assert_non_null(strstr(sc, "; Path=/;"));
	assert_non_null(strstr(sc, "; HttpOnly"));
	assert_null(strstr(sc, "Domain"));
	assert_null(strstr(sc, "domain"));
	assert_non_null(thttp_resp_header(r, "Strict-Transport-Security"));
	cookie_of(r, "__Host-hl_session", v);
	thttp_resp_free(r);
	assert_int_equal(strlen(v), 43);
	assert_int_equal(me_cookie("__Host-hl_session", v), 200);
	/* The name without the prefix is not taken. */
	assert_int_equal(me_cookie("hl_session", v), 401);
	r = thttp_request("GET", "/api/v1/nope", NULL, NULL, 0);
	assert_int_equal(r->status, 404);
	assert_non_null(thttp_resp_header(r, "Strict-Transport-Security"));
	thttp_resp_free(r);
	tserver_use(NULL);
	/* Without TLS in front: no HSTS. */
	r = thttp_request("GET", "/healthz", NULL, NULL, 0);
	assert_null(thttp_resp_header(r, "Strict-Transport-Security"));
	thttp_resp_free(r);
	assert_true(tserver_stop(&s));
}

static void
test_production_refuses_demo_accounts_and_data(void **state)
{
	const char *const env[] = { "HONGLIAN_SERVER_ENVIRONMENT=production",
		NULL };
	const char *owner_env[] = { "HONGLIAN_SERVER_ENVIRONMENT=production",
		NULL, NULL };
	char owner_url[512];
	char login[64];
	char tok[64];
	char dev_cookie[128];
	char out[2048];
	struct tserver s;
	struct tserver o;
	struct thttp_resp *r;
	long long uid;

	(void)state;
	/* Made on the development server: a real admin, a demo session and
	 * a demo token. */
	new_user("admin", login);
	r = raw_login("ent-demo", TFIX_DEMO_PASSWORD);
	tfix_expect(r, 200, NULL);
	cookie_of(r, "hl_session", dev_cookie);
	thttp_resp_free(r);
	uid =
	    tdb_int(db_, "SELECT id FROM users WHERE login = 'ent-demo'", NULL);
	new_token(uid, "", tok);
	assert_int_equal(me_bearer(tok), 200);

	assert_true(tserver_start(&s, "production", 0, env));
	tserver_use(&s);
	r = raw_login("admin-demo", TFIX_DEMO_PASSWORD);
	tfix_expect(r, 401, "invalid_credentials");
	thttp_resp_free(r);
	r = raw_login(login, PASSWORD);
	tfix_expect(r, 200, NULL);
	thttp_resp_free(r);
	assert_int_equal(me_cookie("hl_session", dev_cookie), 401);
	assert_int_equal(me_bearer(tok), 401);
	tserver_use(NULL);
	assert_int_equal(me_cookie("hl_session", dev_cookie), 200);
	assert_true(tserver_stop(&s));

	/* Demo data: refused. */
	assert_int_equal(cli("HONGLIAN_SERVER_ENVIRONMENT=production",
	                     "seed --demo", NULL, out, sizeof(out)),
	    1);
	assert_non_null(strstr(out, "refused"));
	/* Connected as the owner of the tables: it does not start. */
	snprintf(owner_url, sizeof(owner_url), "HONGLIAN_DATABASE_URL=%s",
	    getenv("HONGLIAN_TEST_DATABASE_URL"));
	owner_env[1] = owner_url;
	assert_false(tserver_start(&o, "production-owner", 0, owner_env));
	{
		FILE *f = fopen(o.log, "r");
		size_t n = f != NULL ? fread(out, 1, sizeof(out) - 1, f) : 0;

		out[n] = '\0';
		if (f != NULL)
			fclose(f);
	}
	assert_non_null(strstr(out, "refusing to serve as a role that owns"));
}

static void
test_refusals_are_audited_once_a_minute(void **state)
{
	char login[64];
	char rid[64];
	char h[96];
	const char *hdrs[2] = { h, NULL };
	struct thttp_client *c = thttp_client_new();
	struct thttp_resp *r;
	int i;

	(void)state;
	new_user("committee", login);
	assert_int_equal(thttp_client_login(c, login, PASSWORD), 200);
	for (i = 0; i < 20; i++) {
		snprintf(h, sizeof(h), "X-Request-Id: refusal-%ld-%02d",
		    (long)getpid(), i);
		r = thttp_client_request(c, "GET", "/api/v1/users", hdrs, NULL,
		    0);
		tfix_expect(r, 403, "forbidden");
		thttp_resp_free(r);
	}
	thttp_client_free(c);
	snprintf(rid, sizeof(rid), "refusal-%ld-%%", (long)getpid());
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM audit_log WHERE action ="
	                     " 'http.forbidden' AND request_id LIKE $1",
	                     rid, NULL),
	    1);
}

static void
test_server_connects_as_the_limited_role(void **state)
{
	(void)state;
	assert_true(tdb_int(db_,
	                "SELECT count(*) FROM pg_stat_activity WHERE"
	                " application_name = 'honglian' AND usename ="
	                " 'honglian_app'",
	                NULL) >= 1);
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM pg_stat_activity WHERE"
	                     " application_name = 'honglian' AND usename <>"
	                     " 'honglian_app'",
	                     NULL),
	    0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tokens_expire_by_default),
		cmocka_unit_test(test_password_changes_revoke_tokens),
		cmocka_unit_test(test_cheap_hash_is_made_again_at_login),
		cmocka_unit_test(test_tls_cookie_is_host_prefixed_with_hsts),
		cmocka_unit_test(
		    test_production_refuses_demo_accounts_and_data),
		cmocka_unit_test(test_refusals_are_audited_once_a_minute),
		cmocka_unit_test(test_server_connects_as_the_limited_role),
	};

	return cmocka_run_group_tests_name("credentials", tests, setup,
	    teardown);
}
