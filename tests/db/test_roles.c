/*
 * The role the server connects as (honglian_app, scripts/pg.sh and
 * sql/0016_hardening.sql) may read and write rows and nothing else: no
 * DDL, no TRUNCATE, and on the audit log neither UPDATE nor DELETE, nor a
 * way around its trigger.  Each statement runs as that role in a
 * transaction that is rolled back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libpq-fe.h>

static PGconn *app_;

/* Run sql as the server's role; its SQLSTATE ("00000" when it worked),
 * static. */
static const char *
as_app(const char *sql)
{
	static char state[6];
	PGresult *r;
	const char *s;

	PQclear(PQexec(app_, "BEGIN"));
	r = PQexec(app_, sql);
	s = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	snprintf(state, sizeof(state), "%s", s != NULL ? s : "00000");
	PQclear(r);
	PQclear(PQexec(app_, "ROLLBACK"));
	return state;
}

static void
expect_denied(const char *sql)
{
	const char *st = as_app(sql);

	if (strcmp(st, "42501") != 0)
		fail_msg("'%s' as honglian_app: SQLSTATE %s, want 42501 "
		         "(insufficient privilege)",
		    sql, st);
}

static void
expect_allowed(const char *sql)
{
	const char *st = as_app(sql);

	if (strcmp(st, "00000") != 0)
		fail_msg("'%s' as honglian_app: SQLSTATE %s", sql, st);
}

static int
setup(void **state)
{
	const char *url = getenv("HONGLIAN_TEST_SERVER_DATABASE_URL");

	(void)state;
	if (url == NULL) {
		fprintf(stderr,
		    "HONGLIAN_TEST_SERVER_DATABASE_URL is not set\n");
		return -1;
	}
	app_ = PQconnectdb(url);
	if (PQstatus(app_) != CONNECTION_OK) {
		fprintf(stderr, "cannot connect: %s", PQerrorMessage(app_));
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	PQfinish(app_);
	return 0;
}

static void
test_connected_as_the_limited_role(void **state)
{
	PGresult *r;

	(void)state;
	r = PQexec(app_,
	    "SELECT current_user, (SELECT tableowner FROM"
	    " pg_tables WHERE tablename = 'audit_log')");
	assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
	assert_string_equal(PQgetvalue(r, 0, 0), "honglian_app");
	assert_string_not_equal(PQgetvalue(r, 0, 1), "honglian_app");
	PQclear(r);
}

static void
test_audit_log_cannot_be_rewritten(void **state)
{
	(void)state;
	expect_denied("UPDATE audit_log SET action = 'x.y'");
	expect_denied("DELETE FROM audit_log");
	expect_denied("TRUNCATE audit_log");
	expect_denied("ALTER TABLE audit_log DISABLE TRIGGER "
	              "audit_log_append_only");
	expect_denied("DROP TRIGGER audit_log_append_only ON audit_log");
	expect_denied("DROP FUNCTION hl_audit_log_immutable() CASCADE");
	expect_denied("CREATE OR REPLACE FUNCTION hl_audit_log_immutable()"
	              " RETURNS trigger LANGUAGE plpgsql AS"
	              " $$BEGIN RETURN NULL; END$$");
	expect_allowed("INSERT INTO audit_log (action, object_type)"
	               " VALUES ('test.roles', 'role')");
	expect_allowed("SELECT count(*) FROM audit_log");
}

static void
test_no_ddl_and_no_truncate(void **state)
{
	(void)state;
	expect_denied("CREATE TABLE app_made (id int)");
	expect_denied("CREATE TEMPORARY TABLE app_tmp (id int)");
	expect_denied("CREATE SCHEMA app_schema");
	expect_denied("ALTER TABLE users ADD COLUMN x int");
	expect_denied("DROP TABLE login_attempts");
	expect_denied("TRUNCATE sessions");
	expect_denied("CREATE INDEX app_idx ON cases (title)");
	expect_denied("ALTER TABLE cases DISABLE TRIGGER ALL");
	expect_denied("CREATE ROLE app_made");
	expect_denied("ALTER ROLE honglian_app CREATEROLE");
	expect_denied("SELECT hl_grant_app_role()");
	expect_denied("INSERT INTO schema_migrations (version, name, checksum)"
	              " VALUES ('9999', 'x', 'y')");
	expect_denied("DELETE FROM schema_migrations");
}

static void
test_rows_can_be_read_and_written(void **state)
{
	(void)state;
	expect_allowed("SELECT count(*) FROM users");
	expect_allowed("UPDATE sessions SET ended_at = ended_at");
	expect_allowed("DELETE FROM login_attempts WHERE false");
	expect_allowed("INSERT INTO login_attempts (login, ok) VALUES"
	               " ('test-roles', false)");
	expect_allowed("SELECT version FROM schema_migrations");
	expect_allowed("SELECT hl_now()");
}

/* Tables and sequences of every migration, later ones included, are the
 * role's to use (but for the two it may only read and append to). */
static void
test_every_table_is_usable(void **state)
{
	PGresult *r;

	(void)state;
	r = PQexec(app_,
	    "SELECT string_agg(c.relname, ', ' ORDER BY c.relname)"
	    " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
	    " WHERE n.nspname = 'public' AND ("
	    "  (c.relkind IN ('r', 'p') AND c.relname NOT IN"
	    "   ('audit_log', 'schema_migrations') AND NOT"
	    "   has_table_privilege(c.oid, 'SELECT, INSERT, UPDATE, DELETE'))"
	    "  OR (c.relkind = 'S' AND NOT"
	    "   has_sequence_privilege(c.oid, 'USAGE')))");
	assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
	if (!PQgetisnull(r, 0, 0))
		fail_msg("honglian_app cannot use: %s", PQgetvalue(r, 0, 0));
	PQclear(r);
	/* The notification worker's statistics refresh (notify.c). */
	expect_allowed("SELECT hl_analyze_outbox()");
	expect_allowed("SELECT count(*) FROM outbox");
	expect_allowed("SELECT count(*) FROM meetings");
	expect_allowed("SELECT count(*) FROM notification_types");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_connected_as_the_limited_role),
		cmocka_unit_test(test_audit_log_cannot_be_rewritten),
		cmocka_unit_test(test_no_ddl_and_no_truncate),
		cmocka_unit_test(test_rows_can_be_read_and_written),
		cmocka_unit_test(test_every_table_is_usable),
	};

	return cmocka_run_group_tests_name("roles", tests, setup, teardown);
}
