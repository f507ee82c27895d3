/*
 * Login throttling that stops guessing without handing anyone a
 * lock-out: delays per (account, client) and per client that double past
 * their limits, an account ceiling that only slows clients without
 * failures on it, and the figure of the issue: the right password still
 * works from a clean client after 1,000 failures from another, also when
 * both come through the same reverse proxy.  Waiting is done by moving
 * the application clock.  conf/honglian.test.conf: login_fail_per_pair 3,
 * login_fail_per_ip 30, login_fail_per_account 20, login_delay_max_s 60,
 * trusted_proxies 127.0.0.8.  Failures come from 127.0.0.20-127.0.0.49
 * and made-up addresses; all are forgotten afterwards.
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

#define PASSWORD      "Thr0ttle-Passw0rd"
#define FAIL_PER_PAIR 3
#define FAIL_PER_IP   30
#define ACCOUNT_CEIL  20
#define DELAY_MAX_S   60
#define ATTACK_N      1000

static struct tdb *db_;

/* A committee user of the test's own; its login into login (64). */
static void
new_user(char login[64])
{
	struct thttp_client *adm = tfix_signed_in("admin-demo");
	static unsigned serial;
	char body[256];
	struct thttp_resp *r;

	assert_non_null(adm);
	snprintf(login, 64, "tl-%ld-%u-%ld", (long)getpid(), serial++,
	    (long)time(NULL) % 100000);
	snprintf(body, sizeof(body),
	    "{\"login\":\"%s\",\"name\":\"限流测试\",\"role\":\"committee\","
	    "\"password\":\"%s\"}",
	    login, PASSWORD);
	r = thttp_client_json(adm, "POST", "/api/v1/users", body);
	tfix_expect(r, 201, NULL);
	thttp_resp_free(r);
	thttp_client_free(adm);
}

/* POST /api/v1/session from src (and through the trusted proxy with
 * X-Forwarded-For xff when not NULL); the response. */
static struct thttp_resp *
login_via(const char *src, const char *xff, const char *login,
    const char *password)
{
	struct thttp_client *c = thttp_client_new();
	char body[256];
	char h[96];
	const char *hdrs[3] = { "Content-Type: application/json", NULL, NULL };
	struct thttp_resp *r;

	if (xff != NULL) {
		snprintf(h, sizeof(h), "X-Forwarded-For: %s", xff);
		hdrs[1] = h;
	}
	thttp_client_set_source(c, src);
	snprintf(body, sizeof(body), "{\"login\":\"%s\",\"password\":\"%s\"}",
	    login, password);
	r = thttp_client_request(c, "POST", "/api/v1/session", hdrs, body,
	    strlen(body));
	thttp_client_free(c);
	return r;
}

static long
login_status(const char *src, const char *login, const char *password,
    int *retry_after)
{
	struct thttp_resp *r = login_via(src, NULL, login, password);
	long st = r->status;

	if (retry_after != NULL) {
		const char *ra = thttp_resp_header(r, "Retry-After");

		*retry_after = ra != NULL ? atoi(ra) : -1;
	}
	if (st == 429)
		assert_string_equal(thttp_resp_str(r, "error.code"),
		    "rate_limited");
	thttp_resp_free(r);
	return st;
}

/* Move the application clock secs seconds further ahead. */
static void
wait_s(int secs)
{
	char v[24];

	snprintf(v, sizeof(v), "%d", secs);
	tdb_exec(db_,
	    "UPDATE app_clock SET clock_offset = clock_offset"
	    " + make_interval(secs => $1::int)",
	    v, NULL);
}

/* n failures on login from made-up addresses (one each) at the times
 * of the last hour, as a patient or distributed guesser leaves them. */
static void
failures_from_elsewhere(const char *login, int n, const char *net)
{
	char v[24];

	snprintf(v, sizeof(v), "%d", n);
	tdb_exec(db_,
	    "INSERT INTO login_attempts (login, ip, at, ok)"
	    " SELECT lower($1), ($3 || (i / 250) || '.' || (i % 250))::inet,"
	    "  hl_now() - make_interval(secs => i * 3000.0 / $2::int), false"
	    " FROM generate_series(1, $2::int) i",
	    login, v, net, NULL);
}

static void
forget(void)
{
	tdb_exec(db_,
	    "DELETE FROM login_attempts WHERE login LIKE 'tl-%'"
	    " OR ip <<= '10.0.0.0/8'::inet OR ip <<= '203.0.113.0/24'::inet"
	    " OR (ip <<= '127.0.0.0/8'::inet AND ip <> '127.0.0.1'::inet)",
	    NULL);
	tdb_exec(db_, "UPDATE app_clock SET clock_offset = interval '0'", NULL);
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
	forget();
	tdb_close(db_);
	return 0;
}

static void
test_delays_double_per_account_and_client(void **state)
{
	char login[64];
	int ra;
	int i;

	(void)state;
	new_user(login);
	for (i = 0; i < FAIL_PER_PAIR; i++)
		assert_int_equal(
		    login_status("127.0.0.20", login, "wrong-1", NULL), 401);
	/* Past the limit: 1 s, then 2, 4, 8 ... from the last failure, and
	 * the right password waits like any other. */
	assert_int_equal(login_status("127.0.0.20", login, PASSWORD, &ra), 429);
	assert_int_equal(ra, 1);
	for (i = 1; i <= 4; i++) {
		wait_s(1 << (i - 1));
		assert_int_equal(
		    login_status("127.0.0.20", login, "wrong-2", NULL), 401);
		assert_int_equal(
		    login_status("127.0.0.20", login, PASSWORD, &ra), 429);
		assert_int_equal(ra, 1 << i);
	}
	/* Only evaluated attempts are counted. */
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM login_attempts WHERE"
	                     " login = lower($1)",
	                     login, NULL),
	    FAIL_PER_PAIR + 4);
	/* Never longer than login_delay_max_s. */
	for (i = 0; i < 6; i++) {
		wait_s(DELAY_MAX_S);
		assert_int_equal(
		    login_status("127.0.0.20", login, "wrong-3", NULL), 401);
	}
	assert_int_equal(login_status("127.0.0.20", login, PASSWORD, &ra), 429);
	assert_int_equal(ra, DELAY_MAX_S);
	wait_s(DELAY_MAX_S);
	assert_int_equal(login_status("127.0.0.20", login, PASSWORD, NULL),
	    200);
	forget();
}

static void
test_client_limit_across_accounts(void **state)
{
	char login[64];
	char other[64];
	int ra;

	(void)state;
	new_user(login);
	new_user(other);
	/* Failures of one client on many accounts. */
	tdb_exec(db_,
	    "INSERT INTO login_attempts (login, ip, ok)"
	    " SELECT 'tl-nobody-' || i, '127.0.0.21', false"
	    " FROM generate_series(1, $1::int) i",
	    "30", NULL);
	assert_int_equal(login_status("127.0.0.21", login, PASSWORD, &ra), 429);
	assert_int_equal(ra, 1);
	/* Another client is not affected. */
	assert_int_equal(login_status("127.0.0.22", other, PASSWORD, NULL),
	    200);
	/* An hour later the failures no longer count. */
	wait_s(3601);
	assert_int_equal(login_status("127.0.0.21", login, PASSWORD, NULL),
	    200);
	forget();
}

/* Past the account's ceiling clients with failures on it lose their free
 * attempts, and clients without any pass one at a time, one a second:
 * slower, never locked out. */
static void
test_account_ceiling_slows_but_never_locks(void **state)
{
	char login[64];
	int ra;

	(void)state;
	new_user(login);
	failures_from_elsewhere(login, ACCOUNT_CEIL, "10.7.");
	assert_int_equal(login_status("127.0.0.23", login, PASSWORD, NULL),
	    200);
	/* Within the second another client without failures waits. */
	assert_int_equal(login_status("127.0.0.24", login, "wrong", &ra), 429);
	assert_int_equal(ra, 1);
	wait_s(1);
	assert_int_equal(login_status("127.0.0.24", login, "wrong", NULL), 401);
	/* It has a failure now: its next attempt waits, a right one too. */
	assert_int_equal(login_status("127.0.0.24", login, PASSWORD, &ra), 429);
	assert_int_equal(ra, 1);
	wait_s(1);
	assert_int_equal(login_status("127.0.0.24", login, PASSWORD, NULL),
	    200);
	forget();
}

static double
now_ms(void)
{
	return (double)hl_log_now_us() / 1e3;
}

/*
 * The figure: one client fails 1,000 times (most attempts refused with
 * 429 before any password is checked), 1,000 more failures stand on the
 * account from a thousand other addresses, and the owner, from a client
 * of their own, signs in with the right password at once.  Then the same
 * through the trusted proxy, where every client has the proxy's address
 * and X-Forwarded-For tells them apart.
 */
static void
attack_then_owner(const char *attacker, const char *owner, const char *xff_a,
    const char *xff_o)
{
	char login[64];
	struct thttp_resp *r;
	int n401 = 0;
	int n429 = 0;
	int other = 0;
	double t0;
	double t1;
	int i;

	new_user(login);
	t0 = now_ms();
	for (i = 0; i < ATTACK_N; i++) {
		r = login_via(attacker, xff_a, login, "Guess-123456");
		if (r->status == 401)
			n401++;
		else if (r->status == 429)
			n429++;
		else
			other++;
		thttp_resp_free(r);
	}
	t1 = now_ms();
	failures_from_elsewhere(login, ATTACK_N, "10.8.");
	r = login_via(owner, xff_o, login, PASSWORD);
	fprintf(stderr,
	    "lockout: %d failed logins from %s%s%s in %.1f s (%d evaluated and "
	    "refused 401, %d refused 429 unevaluated) + %d failures from %d "
	    "other addresses; then the right password from %s%s%s: %ld in "
	    "%.0f ms\n",
	    ATTACK_N, attacker, xff_a != NULL ? " as " : "",
	    xff_a != NULL ? xff_a : "", (t1 - t0) / 1e3, n401, n429, ATTACK_N,
	    ATTACK_N, owner, xff_o != NULL ? " as " : "",
	    xff_o != NULL ? xff_o : "", r->status, now_ms() - t1);
	tfix_expect(r, 200, NULL);
	thttp_resp_free(r);
	assert_int_equal(other, 0);
	assert_int_equal(n401 + n429, ATTACK_N);
	/* Guessing was stopped: a handful evaluated, not a thousand. */
	assert_true(n401 <= FAIL_PER_PAIR + 10);
	forget();
}

static void
test_right_password_works_after_1000_failures_elsewhere(void **state)
{
	(void)state;
	attack_then_owner("127.0.0.25", "127.0.0.26", NULL, NULL);
	attack_then_owner("127.0.0.8", "127.0.0.8", "203.0.113.5",
	    "203.0.113.6");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_delays_double_per_account_and_client),
		cmocka_unit_test(test_client_limit_across_accounts),
		cmocka_unit_test(test_account_ceiling_slows_but_never_locks),
		cmocka_unit_test(
		    test_right_password_works_after_1000_failures_elsewhere),
	};

	return cmocka_run_group_tests_name("login", tests, setup, teardown);
}
