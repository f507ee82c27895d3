/*
 * PostgreSQL through libpq, its only user: one connection per thread
 * (made on first use, remade after a failure), statements prepared once
 * per connection, transactions retried on serialisation failures, and the
 * one place where SQLSTATE becomes an API error.  While the server is
 * unreachable every call fails fast with 503 unavailable + Retry-After.
 */
#ifndef HL_DB_H
#define HL_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hl_buf;
struct hl_conf;
struct hl_err;

struct hl_db_conn; /* one libpq connection (opaque) */
struct hl_db_res;  /* one result (opaque) */

/* Remember the connection settings (conninfo, timeouts, pool size).
 * Call once before any thread uses the database. */
void hl_db_setup(const struct hl_conf *c);
/* Close every connection made through hl_db_thread(). */
void hl_db_shutdown(void);

/*
 * This thread's connection, connected (or reconnected) if needed.  NULL
 * with 503 unavailable when the database cannot be reached (no more than
 * one connection attempt per second per thread is made while it is down).
 * Borrowed: it belongs to the thread and is closed by hl_db_shutdown().
 */
struct hl_db_conn *hl_db_thread(struct hl_err *err);

/* A private connection (commands, tests); free with hl_db_close(). */
struct hl_db_conn *hl_db_open(const char *conninfo, struct hl_err *err);
void hl_db_close(struct hl_db_conn *c);

/*
 * Run sql (a static string: it is prepared once per connection, keyed by
 * its address) with n text parameters (NULL means SQL NULL).  Returns the
 * result, which the caller frees with hl_db_res_free(), or NULL with err
 * set: unique violation 409 conflict, foreign key 422 invalid_reference,
 * check 422 validation_failed, raise_exception with a HLxxx code as its
 * message hint (see hl_db_raise below), connection loss 503 unavailable,
 * statement timeout 503 unavailable, anything else 500 internal (logged).
 */
struct hl_db_res *hl_db_exec(struct hl_db_conn *c, const char *sql, int n,
    const char *const *params, struct hl_err *err);

/* Same with binary parameters: lens[i] and binary[i] describe params[i]
 * (binary for bytea); the result is text. */
struct hl_db_res *hl_db_execb(struct hl_db_conn *c, const char *sql, int n,
    const char *const *params, const int *lens, const bool *binary,
    struct hl_err *err);

/*
 * hl_db_exec() with the result in binary: a bytea column's value is its
 * bytes (hl_db_get() and hl_db_getlen() read them; libpq adds a NUL after
 * each value), a text column's its UTF-8 text as usual.  For statements
 * whose columns are all bytea or text (a file and its names): numbers and
 * booleans come in network byte order, so hl_db_get_i64() and
 * hl_db_get_bool() do not apply.
 */
struct hl_db_res *hl_db_exec_binary(struct hl_db_conn *c, const char *sql,
    int n, const char *const *params, struct hl_err *err);

/* hl_db_exec() for a statement whose rows do not matter: 0 or -1. */
int hl_db_run(struct hl_db_conn *c, const char *sql, int n,
    const char *const *params, struct hl_err *err);

/* Run sql that takes no parameters and returns nothing useful (BEGIN,
 * a migration file); multiple statements allowed, never prepared. */
int hl_db_exec_script(struct hl_db_conn *c, const char *sql,
    struct hl_err *err);

/* Result accessors.  Values are borrowed until hl_db_res_free(). */
int hl_db_nrows(const struct hl_db_res *r);
int hl_db_ncols(const struct hl_db_res *r);
bool hl_db_isnull(const struct hl_db_res *r, int row, int col);
const char *hl_db_get(const struct hl_db_res *r, int row, int col);
size_t hl_db_getlen(const struct hl_db_res *r, int row, int col);
int64_t hl_db_get_i64(const struct hl_db_res *r, int row, int col);
bool hl_db_get_bool(const struct hl_db_res *r, int row, int col);
/* Columns 0..n of row into cells (NULL for SQL NULL, so that an export
 * can tell an empty cell from ""): the row source of the exports. */
void hl_db_get_row(const struct hl_db_res *r, int row, const char **cells,
    size_t n);
/* Rows affected by an INSERT/UPDATE/DELETE. */
int64_t hl_db_affected(const struct hl_db_res *r);
void hl_db_res_free(struct hl_db_res *r);

/*
 * Run fn inside BEGIN ... COMMIT on c.  fn returning -1 rolls back and
 * its err is returned.  A serialisation failure or deadlock (40001,
 * 40P01) rolls back and runs fn again, up to 3 times.  The same
 * connection is passed to fn.  Called while a transaction is open on c
 * (from inside another fn, or after a test's own BEGIN), it runs fn in a
 * savepoint instead: a -1 undoes fn's work only, and the outer
 * transaction decides about COMMIT and retries.
 */
typedef int (*hl_db_tx_fn)(struct hl_db_conn *c, void *arg, struct hl_err *err);
int hl_db_tx_run(struct hl_db_conn *c, hl_db_tx_fn fn, void *arg,
    struct hl_err *err);
/*
 * hl_db_tx_run() for a write whose fn appends its answer to out (may be
 * NULL).  A failed attempt may have appended part of an answer, so on -1
 * out is cut back to the length it had on entry.  Output of an attempt
 * that was retried is not removed here: a fn that appends before a
 * statement that can fail with a serialisation error cuts out back to
 * its own starting length first.
 */
int hl_db_tx_run_out(struct hl_db_conn *c, hl_db_tx_fn fn, void *arg,
    struct hl_buf *out, struct hl_err *err);

/*
 * SQL functions may RAISE an application error that maps to an API
 * error: RAISE EXCEPTION USING ERRCODE = 'HL404' (or HL409, HL422, HL403,
 * HL429), MESSAGE = '<中文说明>', HINT = '<code>' [, COLUMN = '<field>'
 * via DETAIL = 'field=<name>'].  The status is the digits, the code the
 * hint (default by status), the message shown to the user.
 */

/*
 * Run sql, which returns one row with one json column (built by
 * PostgreSQL), and append that value to out, with "<", ">", "&", U+2028
 * and U+2029 written as \u escapes as json.h's writer does (the value
 * means the same; the text is safe inside HTML).  No row or a NULL value is
 * 404 not_found, so a query scoped in its WHERE answers "not found" for
 * records the caller may not see.  Returns 0 or -1 with err set.
 */
struct hl_buf;
int hl_db_fetch_json(struct hl_db_conn *c, const char *sql, int n,
    const char *const *params, struct hl_buf *out, struct hl_err *err);

/* Append the json value at row, col of r to out, escaped as by
 * hl_db_fetch_json(): for answers that come with other columns. */
void hl_db_append_json(struct hl_buf *out, const struct hl_db_res *r, int row,
    int col);

/*
 * Keyset paging, the SQL side (the HTTP side, reading limit and cursor, is
 * qparam.h).  A list statement's CTE "page" holds up to LIMIT + 1 rows by
 * id descending, with LIMIT the limit's parameter ("$6"), so that one more
 * row than shown tells whether a next page exists.  HL_DB_SQL_SHOWN is the
 * CTE "shown" of the rows on this page; HL_DB_SQL_NEXT_CURSOR the
 * "next_cursor" member of the answer, null on the last page.
 * HL_DB_SQL_CURSOR(X) is the opaque cursor after a last sort key X (a
 * positive bigint, usually the id): base64url of its decimal text,
 * without padding, as hl_qparam_paging() reads it back.
 */
#define HL_DB_SQL_CURSOR(X)                                                    \
	"translate(rtrim(encode(convert_to((" X ")::text, 'UTF8'),"            \
	" 'base64'), '='), '+/', '-_')"
#define HL_DB_SQL_SHOWN(LIMIT)                                                 \
	" shown AS (SELECT * FROM page ORDER BY id DESC LIMIT " LIMIT "::int)"
#define HL_DB_SQL_NEXT_CURSOR(LIMIT)                                           \
	" 'next_cursor', CASE WHEN (SELECT count(*) FROM page) > " LIMIT       \
	"::int THEN " HL_DB_SQL_CURSOR("(SELECT min(id) FROM shown)") " END"

/* "%" + s with \, % and _ escaped + "%": an ILIKE pattern (default
 * escape character) matching s anywhere.  In the arena. */
struct hl_arena;
const char *hl_db_like(struct hl_arena *a, const char *s);

/* True when the database answers "SELECT 1" now. */
bool hl_db_ping(struct hl_db_conn *c);

/*
 * Reports, dashboards and exports may read a streaming replica
 * ([database] replica_url).  This thread's replica connection when one is
 * configured, reachable and no more than replica_max_lag_s behind (asked
 * before each use: one round trip), else hl_db_thread(): the primary.  The log
 * says once when the replica stops or starts being used, and why.  Borrowed, as
 * hl_db_thread()'s.  Only for reads: a replica refuses writes.
 */
struct hl_db_conn *hl_db_thread_reader(struct hl_err *err);

/* True when c is connected to the replica. */
bool hl_db_is_replica(const struct hl_db_conn *c);

/*
 * A private connection for a read that streams (an export sent while it is
 * read), to the replica or the primary as hl_db_thread_reader() chooses.
 * At most [database] stream_connections are open at once: past that, NULL
 * with 503 unavailable and Retry-After.  Free with hl_db_close().
 */
struct hl_db_conn *hl_db_open_reader(struct hl_err *err);

/*
 * A server-side cursor: sql with its text parameters, read batch_rows at
 * a time in one read-only REPEATABLE READ transaction (one snapshot for
 * every batch), so that a result of any size is never held whole.  The
 * first batch is fetched before it returns, so that a failing query fails
 * here.  The transaction stays open on c, which must be a connection of
 * its own (hl_db_open_reader()) used for nothing else until
 * hl_db_cursor_close().  NULL with err set on failure.
 */
struct hl_db_cursor;
struct hl_db_cursor *hl_db_cursor_open(struct hl_db_conn *c, const char *sql,
    int n, const char *const *params, int batch_rows, struct hl_err *err);
/* The next batch, freed by the caller with hl_db_res_free(); a result
 * with no rows at the end, NULL with err set on failure. */
struct hl_db_res *hl_db_cursor_fetch(struct hl_db_cursor *cur,
    struct hl_err *err);
/* End the transaction and free cur (not its connection).  NULL is fine. */
void hl_db_cursor_close(struct hl_db_cursor *cur);

/*
 * The rows of sql for an export: through a cursor (batches of 1000) on a
 * reader connection of their own (hl_db_open_reader()), so that neither
 * the result nor the file is ever held whole.  max > 0: the row after the
 * max-th is 422 too_many_rows instead (for formats that must be made whole
 * before they are sent).  NULL with err set (503 when all stream
 * connections are busy, or the query's own error).
 */
struct hl_db_rows;
struct hl_db_rows *hl_db_rows_open(const char *sql, int n,
    const char *const *params, size_t max, struct hl_err *err);
/* The next row's first n columns into cells as hl_db_get_row() puts them,
 * borrowed until the next call: 1, 0 at the end, -1 with err set. */
int hl_db_rows_next(struct hl_db_rows *r, const char **cells, size_t n,
    struct hl_err *err);
/* Rows handed out so far. */
size_t hl_db_rows_count(const struct hl_db_rows *r);
/* Close the cursor and the connection and free r (a struct hl_db_rows;
 * void * to fit export.h's free_arg).  NULL is fine. */
void hl_db_rows_free(void *r);

/*
 * Seeing what runs, for tests of query plans and benchmarks that replay a
 * request's statements: fn is called before every statement that
 * hl_db_exec(), hl_db_execb() and hl_db_cursor_open() run on any
 * connection, with its SQL text (a cursor's DECLARE statement for
 * hl_db_cursor_open()) and its text parameters (params is NULL when some
 * are binary).  Set before threads start; NULL stops it.  The
 * server never sets it.
 */
typedef void (*hl_db_watch_fn)(void *arg, struct hl_db_conn *c, const char *sql,
    int n, const char *const *params);
void hl_db_watch(hl_db_watch_fn fn, void *arg);

/*
 * Append the plan PostgreSQL has for sql with these text parameters on c,
 * as EXPLAIN (FORMAT JSON) EXECUTE writes it: through c's prepared
 * statement, so that the plan is the one the next hl_db_exec() would use
 * (a generic plan once PostgreSQL has settled on one).  0, or -1 with err.
 */
int hl_db_explain(struct hl_db_conn *c, const char *sql, int n,
    const char *const *params, struct hl_buf *out, struct hl_err *err);

#endif /* HL_DB_H */
