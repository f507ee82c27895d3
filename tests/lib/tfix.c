/*
 * Fixtures for the db and API tests, on thttp and cmocka; what each one
 * promises is in tfix.h.
 */
#include "tfix.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "db.h"
#include "err.h"
#include "tdb.h"
#include "thttp.h"

void
tfix_credit_code(const char *prefix, char out[19])
{
	/* GB 32100-2015: check character from a weighted sum mod 31. */
	static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	static const int weights[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29,
		25, 13, 8, 24, 10, 30, 28 };
	static unsigned serial;
	int sum = 0;
	int i;
	int v;

	snprintf(out, 19, "%.9s%08u", prefix,
	    ((unsigned)getpid() * 7919u + (unsigned)time(NULL) * 31u +
	        serial++ * 104729u) %
	        100000000u);
	for (i = 0; i < 17; i++)
		sum += (int)(strchr(alphabet, out[i]) - alphabet) * weights[i];
	v = 31 - sum % 31;
	out[17] = alphabet[v == 31 ? 0 : v];
	out[18] = '\0';
}

long long
tfix_enterprise_user(const char *chain, char login[64])
{
	struct thttp_client *adm = tfix_signed_in("admin-demo");
	static unsigned serial;
	char code[19];
	char body[512];
	struct thttp_resp *r;
	long long eid;

	assert_non_null(adm);
	tfix_credit_code("91370303F", code);
	snprintf(body, sizeof(body),
	    "{\"name\":\"测试企业%s\",\"credit_code\":\"%s\","
	    "\"chain_codes\":[\"%s\"],\"district\":\"张店区\","
	    "\"size_class\":\"small\"}",
	    code, code, chain);
	r = thttp_client_json(adm, "POST", "/api/v1/enterprises", body);
	tfix_expect(r, 201, NULL);
	eid = thttp_resp_int(r, "id", 0);
	thttp_resp_free(r);
	snprintf(login, 64, "tf-%ld-%u-%ld", (long)getpid(), serial++,
	    (long)time(NULL) % 100000);
	snprintf(body, sizeof(body),
	    "{\"login\":\"%s\",\"name\":\"测试企业用户\",\"role\":"
	    "\"enterprise\",\"password\":\"%s\",\"enterprise_id\":%lld}",
	    login, TFIX_USER_PASSWORD, eid);
	r = thttp_client_json(adm, "POST", "/api/v1/users", body);
	tfix_expect(r, 201, NULL);
	thttp_resp_free(r);
	thttp_client_free(adm);
	return eid;
}

struct thttp_client *
tfix_signed_in(const char *login)
{
	struct thttp_client *c = thttp_client_new();

	if (thttp_client_login(c, login, TFIX_DEMO_PASSWORD) != 200) {
		fprintf(stderr, "cannot sign in as %s\n", login);
		thttp_client_free(c);
		return NULL;
	}
	return c;
}

int
tfix_open(const struct tfix_login *list, struct tdb **db)
{
	int rc = 0;

	for (; list->login != NULL; list++) {
		*list->client = tfix_signed_in(list->login);
		if (*list->client == NULL)
			rc = -1;
	}
	*db = tdb_open();
	return *db != NULL ? rc : -1;
}

void
tfix_close(const struct tfix_login *list, struct tdb **db)
{
	for (; list->login != NULL; list++) {
		thttp_client_free(*list->client);
		*list->client = NULL;
	}
	tdb_close(*db);
	*db = NULL;
}

long long
tfix_own_enterprise(struct thttp_client *c)
{
	struct thttp_resp *r =
	    thttp_client_request(c, "GET", "/api/v1/me", NULL, NULL, 0);
	long long id = thttp_resp_int(r, "user.enterprise_id", 0);

	thttp_resp_free(r);
	return id;
}

struct thttp_resp *
tfix_keep(void **state, struct thttp_resp *r)
{
	thttp_resp_free(*state);
	*state = r;
	return r;
}

int
tfix_free_resp(void **state)
{
	thttp_resp_free(*state);
	*state = NULL;
	return 0;
}

void
tfix_expect(struct thttp_resp *r, long status, const char *code)
{
	if (r->status != status)
		fail_msg("want %ld, got %ld: %.600s", status, r->status,
		    r->body);
	if (code != NULL) {
		const char *got = thttp_resp_str(r, "error.code");

		if (got == NULL || strcmp(got, code) != 0)
			fail_msg("want code %s, got %.600s", code, r->body);
	}
}

void
tfix_expect_field(struct thttp_resp *r, long status, const char *field)
{
	tfix_expect(r, status, NULL);
	if (json_object_get(thttp_json_get(thttp_resp_json(r), "error.fields"),
	        field) == NULL)
		fail_msg("no field %s in %.600s", field, r->body);
}

struct hl_db_conn *
tfix_db_open(void)
{
	const char *url = getenv("HONGLIAN_TEST_DATABASE_URL");
	struct hl_err err = { 0 };
	struct hl_db_conn *db;

	if (url == NULL) {
		fprintf(stderr, "HONGLIAN_TEST_DATABASE_URL is not set\n");
		return NULL;
	}
	db = hl_db_open(url, &err);
	if (db == NULL)
		fprintf(stderr, "cannot connect: %s\n", err.msg);
	return db;
}

void
tfix_sql_fail(const char *what, const struct hl_err *err)
{
	fail_msg("'%.80s' failed: %d %s %s", what, err->status,
	    err->code != NULL ? err->code : "-", err->msg);
}

int
tfix_sql(struct hl_db_conn *db, const char *sql, int n,
    const char *const *params, char *out, size_t cap)
{
	struct hl_err err = { 0 };
	struct hl_db_res *r = hl_db_exec(db, sql, n, params, &err);
	int rows;

	if (r == NULL)
		tfix_sql_fail(sql, &err);
	rows = hl_db_nrows(r);
	if (out != NULL)
		snprintf(out, cap, "%s", rows > 0 ? hl_db_get(r, 0, 0) : "");
	hl_db_res_free(r);
	return rows;
}

long long
tfix_sql_int(struct hl_db_conn *db, const char *sql, const char *p1)
{
	char v[32];
	const char *params[1] = { p1 };

	tfix_sql(db, sql, p1 != NULL ? 1 : 0, params, v, sizeof(v));
	return atoll(v);
}

void
tfix_sql_user(struct hl_db_conn *db, const char *prefix, const char *name,
    const char *role, char *id, size_t cap)
{
	static const char sql[] =
	    "INSERT INTO users (login, name, role, password_hash)"
	    " VALUES ($1, $2, $3, '$argon2id$not-a-hash') RETURNING id";
	static unsigned serial;
	char login[64];
	const char *p[3] = { login, name, role };

	snprintf(login, sizeof(login), "%s%ld-%u", prefix, (long)getpid(),
	    serial++);
	tfix_sql(db, sql, 3, p, id, cap);
}
