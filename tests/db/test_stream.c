/*
 * Reads that stream (db.h's cursors and export rows) against the real
 * database: batches come in order and end with an empty one; a cursor
 * reads one snapshot however long it is read; a failing query fails at
 * open; a workbook's row limit is 422 too_many_rows on the row past it;
 * more than [database] stream_connections streams at once is 503 with
 * Retry-After; a CSV stream of many rows comes out whole, in pieces no
 * larger than asked for.
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

#include "buf.h"
#include "conf.h"
#include "db.h"
#include "err.h"
#include "export.h"
#include "mem.h"
#include "tfix.h"

#define STREAMS 2

static const char *url_;

static const char SQL_SERIES[] =
    "SELECT g::text AS n, repeat('行', 20) FROM generate_series(1, $1::int) g"
    " ORDER BY g";

static void
test_cursor_batches_in_order(void **state)
{
	struct hl_err err = { 0 };
	struct hl_db_conn *c = hl_db_open(url_, &err);
	const char *params[1] = { "2500" };
	struct hl_db_cursor *cur;
	struct hl_db_res *r;
	long want = 1;
	int batches = 0;

	(void)state;
	assert_non_null(c);
	cur = hl_db_cursor_open(c, SQL_SERIES, 1, params, 1000, &err);
	assert_non_null(cur);
	while (
	    (r = hl_db_cursor_fetch(cur, &err)) != NULL && hl_db_nrows(r) > 0) {
		int i;

		assert_true(hl_db_nrows(r) <= 1000);
		for (i = 0; i < hl_db_nrows(r); i++)
			assert_int_equal(hl_db_get_i64(r, i, 0), want++);
		batches++;
		hl_db_res_free(r);
	}
	assert_non_null(r);
	hl_db_res_free(r);
	assert_int_equal(want, 2501);
	assert_int_equal(batches, 3);
	hl_db_cursor_close(cur);
	/* The connection is free again once the cursor is closed. */
	assert_true(hl_db_ping(c));
	hl_db_close(c);
}

static void
test_cursor_reads_one_snapshot(void **state)
{
	struct hl_err err = { 0 };
	struct hl_db_conn *c = hl_db_open(url_, &err);
	struct hl_db_conn *w = hl_db_open(url_, &err);
	struct hl_db_cursor *cur;
	struct hl_db_res *r;
	const char *none[1] = { NULL };
	long long total = 0;

	(void)state;
	assert_non_null(c);
	assert_non_null(w);
	tfix_sql(w, "CREATE TABLE IF NOT EXISTS test_stream_rows (n int)", 0,
	    NULL, NULL, 0);
	tfix_sql(w, "TRUNCATE test_stream_rows", 0, NULL, NULL, 0);
	tfix_sql(w,
	    "INSERT INTO test_stream_rows SELECT generate_series(1, 3000)", 0,
	    NULL, NULL, 0);
	cur = hl_db_cursor_open(c,
	    "SELECT n FROM test_stream_rows WHERE $1::text IS NULL ORDER BY n",
	    1, none, 500, &err);
	assert_non_null(cur);
	/* Rows added after the first batch are not in this read. */
	tfix_sql(w,
	    "INSERT INTO test_stream_rows SELECT generate_series(3001, 4000)",
	    0, NULL, NULL, 0);
	while (
	    (r = hl_db_cursor_fetch(cur, &err)) != NULL && hl_db_nrows(r) > 0) {
		total += hl_db_nrows(r);
		hl_db_res_free(r);
	}
	hl_db_res_free(r);
	assert_int_equal(total, 3000);
	hl_db_cursor_close(cur);
	tfix_sql(w, "DROP TABLE test_stream_rows", 0, NULL, NULL, 0);
	hl_db_close(w);
	hl_db_close(c);
}

static void
test_failing_query_fails_at_open(void **state)
{
	struct hl_err err = { 0 };
	const char *params[1] = { "x" };
	struct hl_db_rows *rows;

	(void)state;
	rows = hl_db_rows_open(SQL_SERIES, 1, params, 0, &err);
	assert_null(rows);
	assert_int_equal(err.status, 422);
}

static void
test_row_past_the_limit_is_too_many(void **state)
{
	struct hl_err err = { 0 };
	const char *params[1] = { "11" };
	const char *cells[2];
	struct hl_db_rows *rows;
	int i;

	(void)state;
	rows = hl_db_rows_open(SQL_SERIES, 1, params, 10, &err);
	assert_non_null(rows);
	for (i = 1; i <= 10; i++) {
		assert_int_equal(hl_db_rows_next(rows, cells, 2, &err), 1);
		assert_int_equal(atoi(cells[0]), i);
	}
	assert_int_equal(hl_db_rows_count(rows), 10);
	assert_int_equal(hl_db_rows_next(rows, cells, 2, &err), -1);
	assert_int_equal(err.status, 422);
	assert_string_equal(err.code, "too_many_rows");
	hl_db_rows_free(rows);
	/* Exactly at the limit: all rows, then the end. */
	memset(&err, 0, sizeof(err));
	params[0] = "10";
	rows = hl_db_rows_open(SQL_SERIES, 1, params, 10, &err);
	for (i = 1; i <= 10; i++)
		assert_int_equal(hl_db_rows_next(rows, cells, 2, &err), 1);
	assert_int_equal(hl_db_rows_next(rows, cells, 2, &err), 0);
	hl_db_rows_free(rows);
}

static void
test_streams_beyond_the_limit_wait(void **state)
{
	struct hl_err err = { 0 };
	const char *params[1] = { "5" };
	struct hl_db_rows *rows[STREAMS + 1] = { NULL };
	int i;

	(void)state;
	for (i = 0; i < STREAMS; i++) {
		rows[i] = hl_db_rows_open(SQL_SERIES, 1, params, 0, &err);
		assert_non_null(rows[i]);
	}
	rows[STREAMS] = hl_db_rows_open(SQL_SERIES, 1, params, 0, &err);
	assert_null(rows[STREAMS]);
	assert_int_equal(err.status, 503);
	assert_string_equal(err.code, "unavailable");
	assert_true(err.retry_after_s > 0);
	/* One closes, the next one gets its place. */
	hl_db_rows_free(rows[0]);
	memset(&err, 0, sizeof(err));
	rows[0] = hl_db_rows_open(SQL_SERIES, 1, params, 0, &err);
	assert_non_null(rows[0]);
	for (i = 0; i < STREAMS; i++)
		hl_db_rows_free(rows[i]);
}

static const struct hl_export_col cols[] = {
	{ "n", "序号", HL_EXPORT_INT },
	{ "text", "内容", HL_EXPORT_TEXT },
};

static int
next_row(void *arg, const char **cells, struct hl_err *err)
{
	return hl_db_rows_next(arg, cells, 2, err);
}

/* 100 000 rows (about 7 MB of CSV) come out whole, in 64 KiB reads. */
static void
test_csv_stream_is_read_in_pieces(void **state)
{
	struct hl_err err = { 0 };
	const char *params[1] = { "100000" };
	struct hl_db_rows *rows =
	    hl_db_rows_open(SQL_SERIES, 1, params, 0, &err);
	struct hl_export_stream *s;
	char buf[65536];
	size_t total = 0;
	size_t lines = 0;
	long n;
	long i;

	(void)state;
	assert_non_null(rows);
	s = hl_export_csv_stream(cols, 2, next_row, rows, hl_db_rows_free);
	while ((n = hl_export_stream_read(s, buf, sizeof(buf))) > 0) {
		assert_true((size_t)n <= sizeof(buf));
		for (i = 0; i < n; i++)
			lines += buf[i] == '\n';
		total += (size_t)n;
	}
	assert_int_equal(n, 0);
	assert_int_equal(lines, 100000 + 1);
	assert_int_equal(hl_export_stream_rows(s), 100000);
	assert_true(total > 6000000);
	hl_export_stream_free(s);
}

static int
setup(void **state)
{
	struct hl_conf c = { 0 };
	struct hl_err err = { 0 };

	(void)state;
	url_ = getenv("HONGLIAN_TEST_DATABASE_URL");
	if (url_ == NULL || hl_conf_load(&c, NULL, &err) == -1) {
		hl_conf_release(&c);
		return -1;
	}
	free(c.database_url);
	c.database_url = hl_xstrdup(url_);
	c.stream_connections = STREAMS;
	hl_db_setup(&c);
	hl_conf_release(&c);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	hl_db_shutdown();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cursor_batches_in_order),
		cmocka_unit_test(test_cursor_reads_one_snapshot),
		cmocka_unit_test(test_failing_query_fails_at_open),
		cmocka_unit_test(test_row_past_the_limit_is_too_many),
		cmocka_unit_test(test_streams_beyond_the_limit_wait),
		cmocka_unit_test(test_csv_stream_is_read_in_pieces),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
