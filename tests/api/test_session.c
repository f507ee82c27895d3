/*
 * Sessions over HTTP: login answers (the same for an unknown user and a
 * wrong password), the cookie's attributes, CSRF on changes, rotation at
 * login (no session fixation), idle expiry by moving the application
 * clock, logout, password changes ending the other sessions, bearer
 * tokens (throttling: test_login.c).  Failed logins come from
 * 127.0.0.2-127.0.0.4 (thttp_client_set_source), so that the per-address
 * limit of 127.0.0.1, where every other test runs, is never touched;
 * their attempts are deleted afterwards.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "log.h"
#include "tdb.h"
#include "tfix.h"
#include "thttp.h"

#define DEMO_PASSWORD "Demo@2026!"
#define PASSWORD      "Sess10n-Passw0rd"
/* conf/honglian.test.conf */
#define IDLE_S 7200

static struct tdb *db_;
static unsigned serial_;

/* ---- helpers ---- */

static struct thttp_client *
signed_in(const char *login, const char *password)
{
	struct thttp_client *c = thttp_client_new();
	long st = thttp_client_login(c, login, password);

	if (st != 200)
		fail_msg("cannot sign in as %s: %ld", login, st);
	return c;
}

static struct thttp_resp *
send_json(struct thttp_client *c, const char *method, const char *path,
    const char *json)
{
	return thttp_client_json(c, method, path, json);
}

/* A user of its own for a test, made by the demo admin; its login is
 * written to login (64 bytes).  Returns its id. */
static long long
new_user(const char *role, char login[64])
{
	struct thttp_client *adm = signed_in("admin-demo", DEMO_PASSWORD);
	char body[256];
	struct thttp_resp *r;
	long long id;

	snprintf(login, 64, "ts-%s-%ld-%u-%ld", role, (long)getpid(), serial_++,
	    (long)time(NULL) % 100000);
	snprintf(body, sizeof(body),
	    "{\"login\":\"%s\",\"name\":\"会话测试\",\"role\":\"%s\","
	    "\"password\":\"%s\"}",
	    login, role, PASSWORD);
	r = send_json(adm, "POST", "/api/v1/users", body);
	tfix_expect(r, 201, NULL);
	id = thttp_resp_int(r, "id", 0);
	thttp_resp_free(r);
	thttp_client_free(adm);
	return id;
}

/* POST /api/v1/session from a fresh client (optionally from address
 * src); the response, which the caller frees. */
static struct thttp_resp *
login_from(const char *src, const char *login, const char *password)
{
	struct thttp_client *c = thttp_client_new();
	json_t *in =
	    json_pack("{s:s, s:s}", "login", login, "password", password);
	char *body = json_dumps(in, JSON_COMPACT);
	struct thttp_resp *r;

	if (src != NULL)
		thttp_client_set_source(c, src);
	r = send_json(c, "POST", "/api/v1/session", body);
	free(body);
	json_decref(in);
	thttp_client_free(c);
	return r;
}

/* The hl_session value of a Set-Cookie header (static buffer). */
static const char *
cookie_value(const struct thttp_resp *r)
{
	static char v[128];
	const char *h = thttp_resp_header(r, "Set-Cookie");
	size_t n;

	v[0] = '\0';
	if (h == NULL || strncmp(h, "hl_session=", 11) != 0)
		return v;
	n = strcspn(h + 11, ";");
	if (n >= sizeof(v))
		n = sizeof(v) - 1;
	memcpy(v, h + 11, n);
	v[n] = '\0';
	return v;
}

/* GET /api/v1/me with exactly this cookie; the status. */
static long
me_with_cookie(const char *token)
{
	char cookie[160];
	const char *hdrs[2] = { cookie, NULL };
	struct thttp_resp *r;
	long st;

	snprintf(cookie, sizeof(cookie), "Cookie: hl_session=%s", token);
	r = thttp_request("GET", "/api/v1/me", hdrs, NULL, 0);
	st = r->status;
	thttp_resp_free(r);
	return st;
}

/* A new committee user of its own (login written to login) signed in
 * without a client, its live session cookie copied to token. */
static void
fresh_session(char login[64], char token[64])
{
	struct thttp_resp *a;

	new_user("committee", login);
	a = login_from(NULL, login, PASSWORD);
	tfix_expect(a, 200, NULL);
	snprintf(token, 64, "%s", cookie_value(a));
	thttp_resp_free(a);
	assert_int_equal(me_with_cookie(token), 200);
}

/* Run the app clock secs seconds ahead of real time. */
static void
clock_ahead(int secs)
{
	char v[24];

	snprintf(v, sizeof(v), "%d", secs);
	tdb_exec(db_,
	    "UPDATE app_clock SET clock_offset = make_interval(secs =>"
	    " $1::int)",
	    v, NULL);
}

/* Forget the attempts of the throwaway addresses and the test logins. */
static void
forget_attempts(void)
{
	tdb_exec(db_,
	    "DELETE FROM login_attempts WHERE ip <<= '127.0.0.0/8'::inet"
	    " AND ip <> '127.0.0.1'::inet OR login LIKE 'ts-%'",
	    NULL);
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
	forget_attempts();
	tdb_exec(db_, "UPDATE app_clock SET clock_offset = interval '0'", NULL);
	tdb_close(db_);
	return 0;
}

/* ---- login ---- */

static void
test_login_answers_user_csrf_and_cookie(void **state)
{
	char login[64];
	struct thttp_resp *r;
	const char *sc;
	const char *csrf;

	(void)state;
	new_user("committee", login);
	r = login_from(NULL, login, PASSWORD);
	tfix_expect(r, 200, NULL);
	assert_string_equal(thttp_resp_str(r, "user.login"), login);
	assert_string_equal(thttp_resp_str(r, "user.role"), "committee");
	csrf = thttp_resp_str(r, "csrf_token");
	assert_non_null(csrf);
	assert_int_equal(strlen(csrf), 43);
	assert_int_equal(strlen(cookie_value(r)), 43);
	assert_string_not_equal(cookie_value(r), csrf);
	sc = thttp_resp_header(r, "Set-Cookie");
	assert_non_null(strstr(sc, "; HttpOnly"));
	assert_non_null(strstr(sc, "; SameSite=Lax"));
	assert_non_null(strstr(sc, "; Path=/"));
	assert_non_null(strstr(sc, "; Max-Age=43200"));
	/* The test server has no TLS in front (cookie_secure = false). */
	assert_null(strstr(sc, "Secure"));
	assert_null(strstr(r->body, "password"));
	thttp_resp_free(r);
}

static void
test_unknown_user_and_wrong_password_answer_alike(void **state)
{
	char login[64];
	char unknown[80];
	struct thttp_resp *a;
	struct thttp_resp *b;
	uint64_t t0, t1, t2;
	double wrong_s, unknown_s;
	json_t *ea;
	json_t *eb;

	(void)state;
	new_user("admin", login);
	snprintf(unknown, sizeof(unknown), "%s-nobody", login);
	t0 = hl_log_now_us();
	a = login_from("127.0.0.3", login, "Wrong-Passw0rd");
	t1 = hl_log_now_us();
	b = login_from("127.0.0.3", unknown, "Wrong-Passw0rd");
	t2 = hl_log_now_us();
	tfix_expect(a, 401, "invalid_credentials");
	tfix_expect(b, 401, "invalid_credentials");
	ea = json_deep_copy(thttp_json_get(thttp_resp_json(a), "error"));
	eb = json_deep_copy(thttp_json_get(thttp_resp_json(b), "error"));
	/* Everything but the request id is the same. */
	json_object_del(ea, "request_id");
	json_object_del(eb, "request_id");
	assert_true(json_equal(ea, eb));
	assert_null(thttp_resp_header(a, "Set-Cookie"));
	assert_null(thttp_resp_header(b, "Set-Cookie"));
	/* An unknown login costs an argon2id verification too: not a
	 * shortcut several times faster than a wrong password. */
	wrong_s = (double)(t1 - t0) / 1e6;
	unknown_s = (double)(t2 - t1) / 1e6;
	fprintf(stderr, "wrong password %.1f ms, unknown user %.1f ms\n",
	    wrong_s * 1e3, unknown_s * 1e3);
	assert_true(unknown_s > wrong_s / 3);
	json_decref(ea);
	json_decref(eb);
	thttp_resp_free(a);
	thttp_resp_free(b);
	forget_attempts();
}

static void
test_login_rotates_the_session_no_fixation(void **state)
{
	char login[64];
	char planted[64];
	char cookie[160];
	const char *hdrs[3] = { cookie, "Content-Type: application/json",
		NULL };
	char body[200];
	struct thttp_resp *b;

	(void)state;
	/* An attacker's own live session, planted in the victim's browser
	 * before the victim signs in. */
	fresh_session(login, planted);
	snprintf(cookie, sizeof(cookie), "Cookie: hl_session=%s", planted);
	snprintf(body, sizeof(body), "{\"login\":\"%s\",\"password\":\"%s\"}",
	    login, PASSWORD);
	b = thttp_request("POST", "/api/v1/session", hdrs, body, strlen(body));
	tfix_expect(b, 200, NULL);
	assert_int_equal(strlen(cookie_value(b)), 43);
	assert_string_not_equal(cookie_value(b), planted);
	/* The cookie from before the login is dead, the new one lives. */
	assert_int_equal(me_with_cookie(planted), 401);
	assert_int_equal(me_with_cookie(cookie_value(b)), 200);
	thttp_resp_free(b);
}

/* ---- CSRF ---- */

static long
patch_with(struct thttp_client *c, const char *path, const char *csrf_hdr)
{
	const char *hdrs[3] = { "Content-Type: application/json", csrf_hdr,
		NULL };
	struct thttp_resp *r =
	    thttp_client_request(c, "PATCH", path, hdrs, "{}", 2);
	long st = r->status;

	if (st == 403)
		assert_string_equal(thttp_resp_str(r, "error.code"), "csrf");
	thttp_resp_free(r);
	return st;
}

static void
test_csrf_required_on_cookie_changes(void **state)
{
	struct thttp_client *a = signed_in("admin-demo", DEMO_PASSWORD);
	struct thttp_client *b = signed_in("admin-demo", DEMO_PASSWORD);
	char other[128];
	char own[128];
	char path[64];
	long long id;

	(void)state;
	id = tdb_int(db_, "SELECT min(id) FROM enterprises", NULL);
	snprintf(path, sizeof(path), "/api/v1/enterprises/%lld", id);
	snprintf(other, sizeof(other), "X-CSRF-Token: %s",
	    thttp_client_csrf(b));
	snprintf(own, sizeof(own), "X-CSRF-Token: %s", thttp_client_csrf(a));
	thttp_client_set_csrf(a, NULL);
	assert_int_equal(patch_with(a, path, NULL), 403);
	assert_int_equal(patch_with(a, path,
	                     "X-CSRF-Token: "
	                     "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
	    403);
	assert_int_equal(patch_with(a, path, "X-CSRF-Token: short"), 403);
	/* Another live session's token is no good either. */
	assert_int_equal(patch_with(a, path, other), 403);
	assert_int_equal(patch_with(a, path, own), 200);
	/* GET needs none, and /me hands the token out again. */
	{
		struct thttp_resp *r =
		    thttp_client_request(a, "GET", "/api/v1/me", NULL, NULL, 0);

		tfix_expect(r, 200, NULL);
		assert_string_equal(thttp_resp_str(r, "csrf_token"), own + 14);
		thttp_resp_free(r);
	}
	thttp_client_free(a);
	thttp_client_free(b);
}

static void
test_bearer_token_needs_no_csrf_and_can_be_revoked(void **state)
{
	struct thttp_client *adm = signed_in("admin-demo", DEMO_PASSWORD);
	char login[64];
	char body[200];
	char auth[120];
	char path[64];
	const char *hdrs[3] = { auth, "Content-Type: application/json", NULL };
	struct thttp_resp *r;
	long long uid;
	long long tid;

	(void)state;
	uid = new_user("admin", login);
	snprintf(body, sizeof(body), "{\"name\":\"集成测试\",\"user_id\":%lld}",
	    uid);
	r = send_json(adm, "POST", "/api/v1/tokens", body);
	tfix_expect(r, 201, NULL);
	assert_int_equal(strlen(thttp_resp_str(r, "token")), 43);
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s",
	    thttp_resp_str(r, "token"));
	tid = thttp_resp_int(r, "id", 0);
	thttp_resp_free(r);
	r = thttp_request("GET", "/api/v1/me", hdrs, NULL, 0);
	tfix_expect(r, 200, NULL);
	assert_string_equal(thttp_resp_str(r, "user.login"), login);
	thttp_resp_free(r);
	/* A change without X-CSRF-Token: fine, a bearer is no cookie. */
	r = thttp_request("GET", "/api/v1/audit?limit=1", hdrs, NULL, 0);
	tfix_expect(r, 200, NULL);
	thttp_resp_free(r);
	snprintf(path, sizeof(path), "/api/v1/tokens/%lld", tid);
	r = thttp_client_request(adm, "DELETE", path, NULL, NULL, 0);
	tfix_expect(r, 204, NULL);
	thttp_resp_free(r);
	r = thttp_request("GET", "/api/v1/me", hdrs, NULL, 0);
	tfix_expect(r, 401, "unauthenticated");
	thttp_resp_free(r);
	/* The list shows it, inactive, and never the token. */
	r = thttp_client_request(adm, "GET", "/api/v1/tokens", NULL, NULL, 0);
	tfix_expect(r, 200, NULL);
	assert_null(strstr(r->body, auth + 22));
	thttp_resp_free(r);
	thttp_client_free(adm);
}

/* ---- ending sessions ---- */

static void
test_logout_ends_the_session(void **state)
{
	char login[64];
	char token[64];
	struct thttp_resp *a;
	struct thttp_client *c;
	struct thttp_resp *r;

	(void)state;
	new_user("responder", login);
	c = thttp_client_new();
	{
		json_t *in = json_pack("{s:s, s:s}", "login", login, "password",
		    PASSWORD);
		char *body = json_dumps(in, JSON_COMPACT);

		a = send_json(c, "POST", "/api/v1/session", body);
		free(body);
		json_decref(in);
	}
	tfix_expect(a, 200, NULL);
	snprintf(token, sizeof(token), "%s", cookie_value(a));
	thttp_client_set_csrf(c, thttp_resp_str(a, "csrf_token"));
	thttp_resp_free(a);
	r = thttp_client_request(c, "DELETE", "/api/v1/session", NULL, NULL, 0);
	tfix_expect(r, 204, NULL);
	assert_non_null(
	    strstr(thttp_resp_header(r, "Set-Cookie"), "Max-Age=0"));
	thttp_resp_free(r);
	assert_int_equal(me_with_cookie(token), 401);
	thttp_client_free(c);
}

static void
test_password_change_signs_out_other_devices(void **state)
{
	char login[64];
	char body[200];
	struct thttp_client *a;
	struct thttp_client *b;
	struct thttp_resp *r;

	(void)state;
	new_user("commissioner", login);
	a = signed_in(login, PASSWORD);
	b = signed_in(login, PASSWORD);
	r = send_json(a, "POST", "/api/v1/me/password",
	    "{\"current_password\":\"not-it-at-all\","
	    "\"new_password\":\"Another-Passw0rd\"}");
	tfix_expect(r, 422, "validation_failed");
	assert_non_null(thttp_json_get(thttp_resp_json(r),
	    "error.fields.current_password"));
	thttp_resp_free(r);
	snprintf(body, sizeof(body),
	    "{\"current_password\":\"%s\",\"new_password\":\"short\"}",
	    PASSWORD);
	r = send_json(a, "POST", "/api/v1/me/password", body);
	tfix_expect(r, 422, "validation_failed");
	assert_non_null(
	    thttp_json_get(thttp_resp_json(r), "error.fields.new_password"));
	thttp_resp_free(r);
	snprintf(body, sizeof(body),
	    "{\"current_password\":\"%s\","
	    "\"new_password\":\"Another-Passw0rd\"}",
	    PASSWORD);
	r = send_json(a, "POST", "/api/v1/me/password", body);
	tfix_expect(r, 200, NULL);
	assert_int_equal(strlen(cookie_value(r)), 43);
	thttp_client_set_csrf(a, thttp_resp_str(r, "csrf_token"));
	thttp_resp_free(r);
	/* This browser got a new session; the other device is out. */
	r = thttp_client_request(a, "GET", "/api/v1/me", NULL, NULL, 0);
	tfix_expect(r, 200, NULL);
	thttp_resp_free(r);
	r = thttp_client_request(b, "GET", "/api/v1/me", NULL, NULL, 0);
	tfix_expect(r, 401, "unauthenticated");
	thttp_resp_free(r);
	r = login_from(NULL, login, PASSWORD);
	tfix_expect(r, 401, "invalid_credentials");
	thttp_resp_free(r);
	r = login_from(NULL, login, "Another-Passw0rd");
	tfix_expect(r, 200, NULL);
	thttp_resp_free(r);
	thttp_client_free(a);
	thttp_client_free(b);
	forget_attempts();
}

static void
test_idle_session_expires_by_the_clock(void **state)
{
	char login[64];
	char token[64];

	(void)state;
	fresh_session(login, token);
	/* A minute short of the idle limit: still alive. */
	clock_ahead(IDLE_S - 60);
	assert_int_equal(me_with_cookie(token), 200);
	/* That request touched it; idle for longer than the limit since. */
	clock_ahead(2 * IDLE_S);
	assert_int_equal(me_with_cookie(token), 401);
	tdb_exec(db_, "UPDATE app_clock SET clock_offset = interval '0'", NULL);
}

static void
test_absolute_lifetime_ends_a_busy_session(void **state)
{
	char login[64];
	char token[64];

	(void)state;
	fresh_session(login, token);
	/* Recently used, but past its absolute limit. */
	assert_int_equal(tdb_exec(db_,
	                     "UPDATE sessions SET created_at = hl_now() -"
	                     " interval '13 hours', expires_at = hl_now() -"
	                     " interval '1 second' WHERE token_hash ="
	                     " sha256(convert_to($1, 'UTF8'))",
	                     token, NULL),
	    1);
	assert_int_equal(me_with_cookie(token), 401);
}

/* ---- accounts ---- */

static void
test_admin_manages_accounts(void **state)
{
	struct thttp_client *adm = signed_in("admin-demo", DEMO_PASSWORD);
	char login[64];
	char body[400];
	char path[64];
	struct thttp_resp *r;
	long long id;
	long long lawyer;

	(void)state;
	lawyer = tdb_int(db_, "SELECT min(id) FROM lawyers", NULL);
	/* The binding as an object, and as the OpenAPI's string + id. */
	snprintf(login, sizeof(login), "ts-acct-%ld-%u", (long)getpid(),
	    serial_++);
	snprintf(body, sizeof(body),
	    "{\"login\":\"%s\",\"name\":\"律师账号\",\"role\":\"responder\","
	    "\"password\":\"%s\",\"binding\":{\"kind\":\"lawyer\",\"id\":%lld}}",
	    login, PASSWORD, lawyer);
	r = send_json(adm, "POST", "/api/v1/users", body);
	tfix_expect(r, 201, NULL);
	assert_string_equal(thttp_resp_str(r, "binding.kind"), "lawyer");
	assert_int_equal(thttp_resp_int(r, "binding.id", 0), lawyer);
	assert_null(strstr(r->body, "argon2"));
	id = thttp_resp_int(r, "id", 0);
	thttp_resp_free(r);
	snprintf(body, sizeof(body),
	    "{\"login\":\"%s-2\",\"name\":\"律师账号\",\"role\":\"responder\","
	    "\"password\":\"%s\",\"binding\":\"lawyer\",\"binding_id\":%lld}",
	    login, PASSWORD, lawyer);
	r = send_json(adm, "POST", "/api/v1/users", body);
	tfix_expect(r, 201, NULL);
	assert_string_equal(thttp_resp_str(r, "responder.resource"), "lawyer");
	thttp_resp_free(r);
	/* Taken login (any case), bad members, members not for this role. */
	snprintf(body, sizeof(body),
	    "{\"login\":\"%s\",\"name\":\"x\",\"role\":\"admin\","
	    "\"password\":\"%s\"}",
	    login, PASSWORD);
	body[10] = (char)(body[10] - 32); /* "ts-" -> "Ts-" */
	r = send_json(adm, "POST", "/api/v1/users", body);
	tfix_expect(r, 409, "conflict");
	thttp_resp_free(r);
	r = send_json(adm, "POST", "/api/v1/users",
	    "{\"login\":\"a b\",\"name\":\"x\",\"role\":\"king\","
	    "\"password\":\"short\",\"enterprise_id\":1}");
	tfix_expect(r, 422, "validation_failed");
	assert_non_null(
	    thttp_json_get(thttp_resp_json(r), "error.fields.login"));
	assert_non_null(
	    thttp_json_get(thttp_resp_json(r), "error.fields.role"));
	assert_non_null(
	    thttp_json_get(thttp_resp_json(r), "error.fields.password"));
	thttp_resp_free(r);
	snprintf(path, sizeof(path), "/api/v1/users/%lld", id);
	r = send_json(adm, "PATCH", path,
	    "{\"role\":\"admin\",\"enterprise_id\":1}");
	tfix_expect(r, 422, "validation_failed");
	assert_non_null(
	    thttp_json_get(thttp_resp_json(r), "error.fields.role"));
	assert_non_null(
	    thttp_json_get(thttp_resp_json(r), "error.fields.enterprise_id"));
	thttp_resp_free(r);
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM users WHERE login = $1"
	                     " AND role = 'responder'",
	                     login, NULL),
	    1);
	/* Disabled: cannot sign in, and the list says so. */
	r = send_json(adm, "PATCH", path,
	    "{\"disabled\":true,\"name\":\"停用的律师\"}");
	tfix_expect(r, 200, NULL);
	assert_true(
	    json_is_true(thttp_json_get(thttp_resp_json(r), "disabled")));
	thttp_resp_free(r);
	r = login_from("127.0.0.3", login, PASSWORD);
	tfix_expect(r, 401, "invalid_credentials");
	thttp_resp_free(r);
	r = thttp_client_request(adm, "GET",
	    "/api/v1/users?role=responder&q=%E5%81%9C%E7%94%A8%E7%9A%84", NULL,
	    NULL, 0);
	tfix_expect(r, 200, NULL);
	assert_non_null(strstr(r->body, login));
	thttp_resp_free(r);
	r = thttp_client_request(adm, "GET", "/api/v1/users?role=king", NULL,
	    NULL, 0);
	tfix_expect(r, 400, "bad_request");
	thttp_resp_free(r);
	/* Enabled again: signs in. */
	r = send_json(adm, "PATCH", path, "{\"disabled\":false}");
	tfix_expect(r, 200, NULL);
	thttp_resp_free(r);
	r = login_from(NULL, login, PASSWORD);
	tfix_expect(r, 200, NULL);
	thttp_resp_free(r);
	thttp_client_free(adm);
	forget_attempts();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_login_answers_user_csrf_and_cookie),
		cmocka_unit_test(
		    test_unknown_user_and_wrong_password_answer_alike),
		cmocka_unit_test(test_login_rotates_the_session_no_fixation),
		cmocka_unit_test(test_csrf_required_on_cookie_changes),
		cmocka_unit_test(
		    test_bearer_token_needs_no_csrf_and_can_be_revoked),
		cmocka_unit_test(test_logout_ends_the_session),
		cmocka_unit_test(test_password_change_signs_out_other_devices),
		cmocka_unit_test(test_admin_manages_accounts),
		cmocka_unit_test(test_idle_session_expires_by_the_clock),
		cmocka_unit_test(test_absolute_lifetime_ends_a_busy_session),
	};

	return cmocka_run_group_tests_name("session", tests, setup, teardown);
}
