/*
 * Fixtures shared by the db and API tests: valid unused credit codes,
 * demo users signed in (one, or a setup's table of them with the test
 * database), a cmocka state that holds the current response, checks of
 * error answers, and rows made through the server's db module.  Test
 * code only.
 */
#ifndef TFIX_H
#define TFIX_H

#include <stddef.h>

struct hl_db_conn;
struct hl_err;
struct tdb;
struct thttp_client;
struct thttp_resp;

/* The password of every demo user of the seed. */
#define TFIX_DEMO_PASSWORD "Demo@2026!"

/*
 * A valid GB 32100-2015 code: the first 9 characters of prefix, 8 digits
 * unique to this process (pid, clock and a counter), and the check
 * character.  Callers pick a prefix no seed uses, so the code is unused.
 */
void tfix_credit_code(const char *prefix, char out[19]);

/* The password of the users tfix_enterprise_user() makes. */
#define TFIX_USER_PASSWORD "Fixture-Passw0rd"

/*
 * A new enterprise of the test's own on chain (its code), made by the
 * demo admin, and an enterprise user of it, whose login goes into login
 * (64 bytes) and whose password is TFIX_USER_PASSWORD: for tests that
 * write much and must not change what the demo users see.  Returns the
 * enterprise's id (the test fails when it cannot be made).
 */
long long tfix_enterprise_user(const char *chain, char login[64]);

/* A new client signed in as the demo user login, or NULL (reason on
 * stderr) when sign-in fails; free with thttp_client_free(). */
struct thttp_client *tfix_signed_in(const char *login);

/* One demo user of a setup's table and where its client goes. */
struct tfix_login {
	const char *login;
	struct thttp_client **client;
};

/*
 * Sign in every user of list, which ends with an entry whose login is
 * NULL, each into its *client, and open the test database (tdb_open())
 * into *db.  Returns 0, or -1 when any of it failed (all is still tried).
 */
int tfix_open(const struct tfix_login *list, struct tdb **db);
/* Free every client of list and close *db; all are set to NULL. */
void tfix_close(const struct tfix_login *list, struct tdb **db);

/* GET /api/v1/me as c: its user.enterprise_id, 0 when it has none. */
long long tfix_own_enterprise(struct thttp_client *c);

/*
 * For tests whose cmocka state holds the current response:
 * tfix_keep() frees the one in *state and makes r current (returns r);
 * tfix_free_resp() is the teardown that frees it.
 */
struct thttp_resp *tfix_keep(void **state, struct thttp_resp *r);
int tfix_free_resp(void **state);

/* Fail the test unless r has status and, when code is not NULL, the error
 * code code. */
void tfix_expect(struct thttp_resp *r, long status, const char *code);

/* Fail the test unless r has status and error.fields names field.  The
 * field is one key, so it may hold dots and brackets ("days[1].day"). */
void tfix_expect_field(struct thttp_resp *r, long status, const char *field);

/* A connection of the server's db module to HONGLIAN_TEST_DATABASE_URL,
 * or NULL (reason on stderr); close with hl_db_close(). */
struct hl_db_conn *tfix_db_open(void);

/* Fail the running test: what (an SQL text or a function name) failed
 * with err. */
void tfix_sql_fail(const char *what, const struct hl_err *err);

/*
 * Run sql on db (the server's db module) with n text params; an error
 * fails the test.  When out is not NULL, the first cell of the first row
 * ("" when there is none or it is NULL) is copied into out (cap bytes).
 * Returns the number of rows.
 */
int tfix_sql(struct hl_db_conn *db, const char *sql, int n,
    const char *const *params, char *out, size_t cap);

/* tfix_sql() with p1 as $1 (none when NULL): the first cell as a number,
 * 0 when there is none. */
long long tfix_sql_int(struct hl_db_conn *db, const char *sql, const char *p1);

/*
 * Insert a user with role straight into the table on db: login
 * "<prefix><pid>-<n>" unique to this process, name, and a password hash
 * that no password matches.  Its id goes into id (cap bytes).
 */
void tfix_sql_user(struct hl_db_conn *db, const char *prefix, const char *name,
    const char *role, char *id, size_t cap);

#endif /* TFIX_H */
