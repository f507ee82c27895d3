/*
 * Schema migrations: sql/NNNN_<what>.sql files applied in order, each in
 * its own transaction, recorded with a checksum in schema_migrations.  A
 * database whose applied migrations differ from the files is refused.
 */
#ifndef HL_MIGRATE_H
#define HL_MIGRATE_H

#include <stdbool.h>
#include <stddef.h>

struct hl_db_conn;
struct hl_err;

struct hl_migrate_file {
	char version[5]; /* "0001" */
	char *name;      /* file name */
	char *sql;       /* contents */
	char checksum[65];
};

/* The migration files of a directory, sorted.  All-zero is empty. */
struct hl_migrate_set {
	struct hl_migrate_file *files;
	size_t n;
};

/*
 * Read every NNNN_*.sql file of dir.  Two files with one number, a file
 * that cannot be read or that is not UTF-8 fail with err->msg naming it.
 * The caller releases the set with hl_migrate_set_release() either way.
 */
int hl_migrate_load(struct hl_migrate_set *set, const char *dir,
    struct hl_err *err);
void hl_migrate_set_release(struct hl_migrate_set *set);

/*
 * Apply what is not applied yet, under an advisory lock so that two
 * processes never migrate at once.  Prints one line per applied file to
 * standard output.  Refuses (err->msg says why) when an applied version is
 * missing from the files or its checksum changed.  *n_applied gets the
 * count.  Idempotent: a second run applies nothing.
 */
int hl_migrate_apply(struct hl_db_conn *c, const struct hl_migrate_set *set,
    int *n_applied, struct hl_err *err);

/* 0 when the database has exactly the set applied, else -1 with 503
 * unavailable and the reason in err->msg. */
int hl_migrate_check(struct hl_db_conn *c, const struct hl_migrate_set *set,
    struct hl_err *err);

/*
 * Whether the role c is connected as may change the schema or the audit
 * log (it owns audit_log, or may UPDATE it): then *owner is true, and the
 * server is not connected as honglian_app.  0 or -1 with err set.
 */
int hl_migrate_role_check(struct hl_db_conn *c, bool *owner,
    struct hl_err *err);

#endif /* HL_MIGRATE_H */
