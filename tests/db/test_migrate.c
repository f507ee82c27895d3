/*
 * Migrations and the database layer against a real PostgreSQL: a fresh
 * database per run (created here, dropped at the end) is migrated twice,
 * tampered with, and used to check how SQLSTATEs become API errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "buf.h"
#include "db.h"
#include "err.h"
#include "migrate.h"

static char admin_url_[1024];
static char test_url_[1024];
static char db_name_[64];

static struct hl_db_conn *
open_or_fail(const char *url)
{
	struct hl_err err = { 0 };
	struct hl_db_conn *c = hl_db_open(url, &err);

	if (c == NULL)
		fail_msg("cannot connect: %s", err.msg);
	return c;
}

static void
run(struct hl_db_conn *c, const char *sql)
{
	struct hl_err err = { 0 };

	if (hl_db_exec_script(c, sql, &err) == -1)
		fail_msg("'%s' failed: %s", sql, err.msg);
}

static int
setup(void **state)
{
	const char *base = getenv("HONGLIAN_TEST_DATABASE_URL");
	struct hl_db_conn *admin;
	char sql[256];

	(void)state;
	if (base == NULL) {
		fprintf(stderr, "HONGLIAN_TEST_DATABASE_URL is not set\n");
		return -1;
	}
	/* Later conninfo keywords override earlier ones: the same server,
	 * as its superuser, so the new database's public schema is ours. */
	snprintf(admin_url_, sizeof(admin_url_),
	    "%s dbname=postgres user=postgres", base);
	snprintf(db_name_, sizeof(db_name_), "hl_migrate_%ld", (long)getpid());
	snprintf(test_url_, sizeof(test_url_), "%s dbname=%s user=postgres",
	    base, db_name_);
	admin = open_or_fail(admin_url_);
	snprintf(sql, sizeof(sql),
	    "CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8' "
	    "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'",
	    db_name_);
	run(admin, sql);
	hl_db_close(admin);
	return 0;
}

static int
teardown(void **state)
{
	struct hl_db_conn *admin = open_or_fail(admin_url_);
	char sql[128];

	(void)state;
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", db_name_);
	run(admin, sql);
	hl_db_close(admin);
	return 0;
}

static void
test_migrate_applies_all_then_nothing(void **state)
{
	struct hl_migrate_set set = { 0 };
	struct hl_err err = { 0 };
	struct hl_db_conn *c = open_or_fail(test_url_);
	int n = -1;

	(void)state;
	assert_int_equal(hl_migrate_load(&set, "sql", &err), 0);
	assert_true(set.n >= 10);
	assert_int_equal(hl_migrate_check(c, &set, &err) == -1, 1);
	assert_int_equal(hl_migrate_apply(c, &set, &n, &err), 0);
	assert_int_equal(n, (int)set.n);
	assert_int_equal(hl_migrate_check(c, &set, &err), 0);
	assert_int_equal(hl_migrate_apply(c, &set, &n, &err), 0);
	assert_int_equal(n, 0);
	hl_migrate_set_release(&set);
	hl_db_close(c);
}

static void
test_migrate_refuses_changed_file(void **state)
{
	struct hl_migrate_set set = { 0 };
	struct hl_err err = { 0 };
	struct hl_db_conn *c = open_or_fail(test_url_);
	int n = -1;

	(void)state;
	assert_int_equal(hl_migrate_load(&set, "sql", &err), 0);
	set.files[1].checksum[0] = set.files[1].checksum[0] == 'a' ? 'b' : 'a';
	assert_int_equal(hl_migrate_apply(c, &set, &n, &err), -1);
	assert_non_null(strstr(err.msg, "changed after it was applied"));
	assert_non_null(strstr(err.msg, set.files[1].name));
	hl_err_clear(&err);
	assert_int_equal(hl_migrate_check(c, &set, &err), -1);
	assert_int_equal(err.status, 503);
	hl_migrate_set_release(&set);
	hl_db_close(c);
}

static void
test_migrate_refuses_unknown_applied_version(void **state)
{
	struct hl_migrate_set set = { 0 };
	struct hl_err err = { 0 };
	struct hl_db_conn *c = open_or_fail(test_url_);
	int n = -1;

	(void)state;
	run(c,
	    "INSERT INTO schema_migrations (version, name, checksum) "
	    "VALUES ('9999', '9999_from_elsewhere.sql', 'x')");
	assert_int_equal(hl_migrate_load(&set, "sql", &err), 0);
	assert_int_equal(hl_migrate_apply(c, &set, &n, &err), -1);
	assert_non_null(strstr(err.msg, "9999"));
	run(c, "DELETE FROM schema_migrations WHERE version = '9999'");
	hl_err_clear(&err);
	assert_int_equal(hl_migrate_check(c, &set, &err), 0);
	hl_migrate_set_release(&set);
	hl_db_close(c);
}

/* A failing migration leaves nothing behind: its transaction rolls back
 * and it is not recorded. */
static void
test_migrate_failure_rolls_back(void **state)
{
	struct hl_migrate_set set = { 0 };
	struct hl_err err = { 0 };
	struct hl_db_conn *c = open_or_fail(test_url_);
	struct hl_migrate_file *f;
	struct hl_db_res *r;
	int n = -1;

	(void)state;
	assert_int_equal(hl_migrate_load(&set, "sql", &err), 0);
	set.files = realloc(set.files, (set.n + 1) * sizeof(*set.files));
	f = &set.files[set.n++];
	memset(f, 0, sizeof(*f));
	memcpy(f->version, "9998", 5);
	f->name = strdup("9998_broken.sql");
	f->sql = strdup("CREATE TABLE half_done (x int); SELECT 1/0;");
	strcpy(f->checksum, "0");
	assert_int_equal(hl_migrate_apply(c, &set, &n, &err), -1);
	assert_non_null(strstr(err.msg, "9998_broken.sql"));
	r = hl_db_exec(c,
	    "SELECT to_regclass('half_done') IS NULL, (SELECT count(*) FROM "
	    "schema_migrations WHERE version = '9998')",
	    0, NULL, &err);
	assert_non_null(r);
	assert_true(hl_db_get_bool(r, 0, 0));
	assert_int_equal(hl_db_get_i64(r, 0, 1), 0);
	hl_db_res_free(r);
	hl_migrate_set_release(&set);
	hl_db_close(c);
}

static const char SQL_DUP[] = "INSERT INTO tags (name) VALUES ($1)";
static const char SQL_CHECK[] =
    "INSERT INTO chains (code, name) VALUES ('Bad Code', 'x')";
static const char SQL_RAISE[] =
    "SELECT hl_raise('422', 'validation_failed', '名称不能为空', 'name')";
static const char SQL_SLOW[] = "SELECT pg_sleep(2)";
static const char SQL_NONE[] = "SELECT NULL::json";

static void
test_sqlstate_becomes_api_error(void **state)
{
	struct hl_err err = { 0 };
	struct hl_db_conn *c = open_or_fail(test_url_);
	const char *tag[1] = { "测试重复标签" };
	struct hl_db_res *r;
	struct hl_buf out = { 0 };

	(void)state;
	r = hl_db_exec(c, SQL_DUP, 1, tag, &err);
	hl_db_res_free(r);
	assert_null(hl_db_exec(c, SQL_DUP, 1, tag, &err));
	assert_int_equal(err.status, 409);
	assert_string_equal(err.code, "conflict");
	hl_err_clear(&err);
	assert_null(hl_db_exec(c, SQL_CHECK, 0, NULL, &err));
	assert_int_equal(err.status, 422);
	hl_err_clear(&err);
	assert_null(hl_db_exec(c, SQL_RAISE, 0, NULL, &err));
	assert_int_equal(err.status, 422);
	assert_string_equal(err.code, "validation_failed");
	assert_int_equal(err.n_fields, 1);
	assert_string_equal(err.fields[0].name, "name");
	assert_string_equal(err.fields[0].msg, "名称不能为空");
	hl_err_clear(&err);
	assert_int_equal(hl_db_fetch_json(c, SQL_NONE, 0, NULL, &out, &err),
	    -1);
	assert_int_equal(err.status, 404);
	hl_err_clear(&err);
	run(c, "SET statement_timeout = 100");
	assert_null(hl_db_exec(c, SQL_SLOW, 0, NULL, &err));
	assert_int_equal(err.status, 503);
	assert_string_equal(err.code, "unavailable");
	assert_true(err.retry_after_s > 0);
	hl_buf_release(&out);
	hl_db_close(c);
}

struct tx_count {
	int calls;
};

static const char SQL_INSERT_TAG[] = "INSERT INTO tags (name) VALUES ($1)";

static int
insert_then_fail(struct hl_db_conn *c, void *arg, struct hl_err *err)
{
	struct tx_count *tc = arg;
	const char *tag[1] = { "事务内标签" };
	struct hl_db_res *r;

	tc->calls++;
	r = hl_db_exec(c, SQL_INSERT_TAG, 1, tag, err);
	if (r == NULL)
		return -1;
	hl_db_res_free(r);
	return hl_err_set(err, 422, "validation_failed", "后续步骤失败");
}

static void
test_tx_failure_rolls_back(void **state)
{
	struct hl_err err = { 0 };
	struct tx_count tc = { 0 };
	struct hl_db_conn *c = open_or_fail(test_url_);
	struct hl_db_res *r;

	(void)state;
	assert_int_equal(hl_db_tx_run(c, insert_then_fail, &tc, &err), -1);
	assert_int_equal(tc.calls, 1);
	assert_int_equal(err.status, 422);
	r = hl_db_exec(c, "SELECT count(*) FROM tags WHERE name = '事务内标签'",
	    0, NULL, &err);
	assert_non_null(r);
	assert_int_equal(hl_db_get_i64(r, 0, 0), 0);
	hl_db_res_free(r);
	hl_db_close(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_migrate_applies_all_then_nothing),
		cmocka_unit_test(test_migrate_refuses_changed_file),
		cmocka_unit_test(test_migrate_refuses_unknown_applied_version),
		cmocka_unit_test(test_migrate_failure_rolls_back),
		cmocka_unit_test(test_sqlstate_becomes_api_error),
		cmocka_unit_test(test_tx_failure_rolls_back),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
