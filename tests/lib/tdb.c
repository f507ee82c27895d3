/*
 * Test-side database access on libpq.  One connection per struct tdb; the
 * last answer is kept so tdb_value() can hand out a borrowed string.
 */
#include "tdb.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libpq-fe.h>

#define MAX_PARAMS 16

struct tdb {
	PGconn *conn;
	PGresult *last; /* the answer tdb_value() points into */
};

struct tdb *
tdb_open(void)
{
	const char *url = getenv("HONGLIAN_TEST_DATABASE_URL");

	if (url == NULL || *url == '\0') {
		fprintf(stderr, "tdb: HONGLIAN_TEST_DATABASE_URL is not set\n");
		return NULL;
	}
	return tdb_open_url(url);
}

struct tdb *
tdb_open_url(const char *url)
{
	struct tdb *db;

	db = calloc(1, sizeof(*db));
	if (db == NULL)
		abort();
	db->conn = PQconnectdb(url);
	if (PQstatus(db->conn) != CONNECTION_OK) {
		fprintf(stderr, "tdb: cannot connect: %s",
		    PQerrorMessage(db->conn));
		tdb_close(db);
		return NULL;
	}
	return db;
}

void
tdb_close(struct tdb *db)
{
	if (db == NULL)
		return;
	PQclear(db->last);
	PQfinish(db->conn);
	free(db);
}

/* Runs sql with the NULL-terminated parameters in ap; the answer replaces
 * db->last.  Fails the test on an SQL error. */
static PGresult *
run(struct tdb *db, const char *sql, va_list ap)
{
	const char *params[MAX_PARAMS];
	const char *p;
	int n = 0;
	ExecStatusType st;

	while ((p = va_arg(ap, const char *)) != NULL) {
		if (n == MAX_PARAMS)
			fail_msg("tdb: more than %d parameters", MAX_PARAMS);
		params[n++] = p;
	}
	PQclear(db->last);
	db->last = PQexecParams(db->conn, sql, n, NULL, params, NULL, NULL, 0);
	st = PQresultStatus(db->last);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		fail_msg("tdb: '%s' failed: %s", sql, PQerrorMessage(db->conn));
	return db->last;
}

long
tdb_exec(struct tdb *db, const char *sql, ...)
{
	va_list ap;
	PGresult *res;
	const char *n;

	va_start(ap, sql);
	res = run(db, sql, ap);
	va_end(ap);
	if (PQresultStatus(res) == PGRES_TUPLES_OK)
		return PQntuples(res);
	n = PQcmdTuples(res);
	return *n == '\0' ? 0 : strtol(n, NULL, 10);
}

static const char *
first_cell(PGresult *res)
{
	if (PQntuples(res) == 0 || PQnfields(res) == 0 ||
	    PQgetisnull(res, 0, 0))
		return NULL;
	return PQgetvalue(res, 0, 0);
}

const char *
tdb_value(struct tdb *db, const char *sql, ...)
{
	va_list ap;
	PGresult *res;

	va_start(ap, sql);
	res = run(db, sql, ap);
	va_end(ap);
	return first_cell(res);
}

long long
tdb_int(struct tdb *db, const char *sql, ...)
{
	va_list ap;
	PGresult *res;
	const char *v;

	va_start(ap, sql);
	res = run(db, sql, ap);
	va_end(ap);
	v = first_cell(res);
	if (v == NULL)
		fail_msg("tdb: '%s' gave no value", sql);
	return strtoll(v, NULL, 10);
}
