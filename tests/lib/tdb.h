/*
 * Direct database access for test fixtures and assertions, on libpq: the
 * connection in HONGLIAN_TEST_DATABASE_URL, statements with text
 * parameters, the first cell of an answer as a string.  The server's own
 * code goes through src/db.c; this is test code only.
 */
#ifndef TDB_H
#define TDB_H

struct tdb;

/* Connect to HONGLIAN_TEST_DATABASE_URL.  Returns NULL (reason on stderr)
 * when it is unset or the connection fails.  Free with tdb_close(). */
struct tdb *tdb_open(void);
/* The same for another database (a replica, another user), by its libpq
 * connection string. */
struct tdb *tdb_open_url(const char *url);
void tdb_close(struct tdb *db);

/*
 * Run sql with the text parameters that follow ($1, $2, ...), ended by
 * NULL.  An SQL error fails the running cmocka test (fail_msg), so call
 * these inside a test or a setup function.
 *
 * tdb_exec returns the number of rows affected or returned.
 * tdb_value returns the first column of the first row, or NULL when there
 * is no row or the value is NULL; the string is borrowed until the next
 * call on db.  tdb_int returns it as an integer and fails the test when
 * there is none.
 */
long tdb_exec(struct tdb *db, const char *sql, ...) __attribute__((sentinel));
const char *tdb_value(struct tdb *db, const char *sql, ...)
    __attribute__((sentinel));
long long tdb_int(struct tdb *db, const char *sql, ...)
    __attribute__((sentinel));

#endif /* TDB_H */
