/*
 * Forward-only migrations.  The version is the file's four-digit prefix;
 * the checksum (SHA-256 of the contents) catches a merged file that was
 * edited afterwards, which would leave databases that differ while
 * claiming the same version.
 */
#include "migrate.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "crypto.h"
#include "db.h"
#include "err.h"
#include "mem.h"
#include "str.h"

static const char SQL_CREATE[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version text PRIMARY KEY,"
    " name text NOT NULL,"
    " checksum text NOT NULL,"
    " applied_at timestamptz NOT NULL DEFAULT now())";
static const char SQL_LOCK[] = "SELECT pg_advisory_lock(4242001)";
static const char SQL_UNLOCK[] = "SELECT pg_advisory_unlock(4242001)";
static const char SQL_APPLIED[] =
    "SELECT version, checksum FROM schema_migrations ORDER BY version";
/* The server's role (0016) gets its rights again after every run, so
 * that a role created after the migrations is brought up to date. */
static const char SQL_HAS_GRANT[] =
    "SELECT to_regprocedure('hl_grant_app_role()') IS NOT NULL";
static const char SQL_GRANT[] = "SELECT hl_grant_app_role()";
static const char SQL_ROLE[] =
    "SELECT pg_has_role(current_user, c.relowner, 'MEMBER')"
    " OR has_table_privilege(current_user, c.oid, 'UPDATE')"
    " FROM pg_class c WHERE c.oid = to_regclass('audit_log')";
static const char SQL_RECORD[] =
    "INSERT INTO schema_migrations "
    "(version, name, checksum) VALUES ($1, $2, $3)";

static bool
is_migration_name(const char *n)
{
	size_t len = strlen(n);
	int i;

	for (i = 0; i < 4; i++)
		if (n[i] < '0' || n[i] > '9')
			return false;
	return n[4] == '_' && len > 9 && strcmp(n + len - 4, ".sql") == 0;
}

static int
cmp_file(const void *a, const void *b)
{
	const struct hl_migrate_file *x = a;
	const struct hl_migrate_file *y = b;

	return strcmp(x->name, y->name);
}

static int
read_file(const char *path, struct hl_buf *out, struct hl_err *err)
{
	FILE *f = fopen(path, "rb");
	char chunk[8192];
	size_t n;
	int rc = -1;

	if (f == NULL)
		return hl_err_set(err, 500, "internal", "cannot read '%s'",
		    path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		hl_buf_append(out, chunk, n);
	if (ferror(f)) {
		hl_err_set(err, 500, "internal", "cannot read '%s'", path);
		goto out;
	}
	rc = 0;
out:
	fclose(f);
	return rc;
}

int
hl_migrate_load(struct hl_migrate_set *set, const char *dir, struct hl_err *err)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t cap = 0;
	size_t i;
	int rc = -1;

	if (d == NULL)
		return hl_err_set(err, 500, "internal",
		    "cannot open migrations directory '%s'", dir);
	while ((e = readdir(d)) != NULL) {
		struct hl_migrate_file *f;
		struct hl_buf b = { 0 };
		char *path;

		if (!is_migration_name(e->d_name))
			continue;
		if (set->n == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			set->files =
			    hl_xrealloc(set->files, cap * sizeof(*set->files));
		}
		f = &set->files[set->n];
		memset(f, 0, sizeof(*f));
		memcpy(f->version, e->d_name, 4);
		f->name = hl_xstrdup(e->d_name);
		set->n++;
		path = hl_xmalloc(strlen(dir) + strlen(e->d_name) + 2);
		sprintf(path, "%s/%s", dir, e->d_name);
		if (read_file(path, &b, err) == -1) {
			free(path);
			hl_buf_release(&b);
			goto out;
		}
		if (!hl_utf8_valid(b.p != NULL ? b.p : "", b.len)) {
			hl_err_set(err, 500, "internal",
			    "migration '%s' is not UTF-8", path);
			free(path);
			hl_buf_release(&b);
			goto out;
		}
		free(path);
		hl_crypto_sha256_hex(b.p != NULL ? b.p : "", b.len,
		    f->checksum);
		f->sql = hl_buf_detach(&b, NULL);
	}
	qsort(set->files, set->n, sizeof(*set->files), cmp_file);
	for (i = 1; i < set->n; i++)
		if (strcmp(set->files[i].version, set->files[i - 1].version) ==
		    0) {
			hl_err_set(err, 500, "internal",
			    "two migrations numbered %s: '%s' and '%s'",
			    set->files[i].version, set->files[i - 1].name,
			    set->files[i].name);
			goto out;
		}
	rc = 0;
out:
	closedir(d);
	return rc;
}

void
hl_migrate_set_release(struct hl_migrate_set *set)
{
	size_t i;

	for (i = 0; i < set->n; i++) {
		free(set->files[i].name);
		free(set->files[i].sql);
	}
	free(set->files);
	set->files = NULL;
	set->n = 0;
}

/* Compare what the database has applied with the files: the applied
 * versions must be the first files, unchanged.  *n_done gets how many. */
static int
compare_applied(struct hl_db_conn *c, const struct hl_migrate_set *set,
    size_t *n_done, struct hl_err *err)
{
	struct hl_db_res *r = hl_db_exec(c, SQL_APPLIED, 0, NULL, err);
	int i;
	int rc = -1;

	if (r == NULL)
		return -1;
	for (i = 0; i < hl_db_nrows(r); i++) {
		const char *v = hl_db_get(r, i, 0);

		if ((size_t)i >= set->n ||
		    strcmp(set->files[i].version, v) != 0) {
			hl_err_set(err, 503, "unavailable",
			    "database has migration %s applied, which is not "
			    "among the files (or out of order)",
			    v);
			goto out;
		}
		if (strcmp(set->files[i].checksum, hl_db_get(r, i, 1)) != 0) {
			hl_err_set(err, 503, "unavailable",
			    "migration '%s' was changed after it was applied",
			    set->files[i].name);
			goto out;
		}
	}
	*n_done = (size_t)hl_db_nrows(r);
	rc = 0;
out:
	hl_db_res_free(r);
	return rc;
}

struct apply_arg {
	const struct hl_migrate_file *f;
};

static int
apply_tx(struct hl_db_conn *c, void *arg, struct hl_err *err)
{
	const struct hl_migrate_file *f = ((struct apply_arg *)arg)->f;
	const char *params[3] = { f->version, f->name, f->checksum };

	/* A migration may build an index over millions of rows: a request's
	 * statement timeout is not for it. */
	if (hl_db_exec_script(c, "SET LOCAL statement_timeout = 0", err) ==
	        -1 ||
	    hl_db_exec_script(c, f->sql, err) == -1) {
		if (err != NULL && err->msg[0] != '\0') {
			char why[sizeof(err->msg)];

			snprintf(why, sizeof(why), "%s", err->msg);
			hl_err_set(err, err->status, err->code,
			    "migration '%s' failed: %s", f->name, why);
		}
		return -1;
	}
	return hl_db_run(c, SQL_RECORD, 3, params, err);
}

static int
grant_app_role(struct hl_db_conn *c, struct hl_err *err)
{
	struct hl_db_res *r = hl_db_exec(c, SQL_HAS_GRANT, 0, NULL, err);
	bool has;

	if (r == NULL)
		return -1;
	has = hl_db_get_bool(r, 0, 0);
	hl_db_res_free(r);
	if (!has)
		return 0;
	r = hl_db_exec(c, SQL_GRANT, 0, NULL, err);
	if (r == NULL)
		return -1;
	if (hl_db_get_bool(r, 0, 0))
		printf("migrate: role honglian_app may read and write rows, "
		       "nothing more\n");
	else
		printf("migrate: no role honglian_app: the server would run "
		       "as the owner (see README)\n");
	hl_db_res_free(r);
	return 0;
}

int
hl_migrate_apply(struct hl_db_conn *c, const struct hl_migrate_set *set,
    int *n_applied, struct hl_err *err)
{
	size_t done = 0;
	size_t i;
	int rc = -1;

	*n_applied = 0;
	if (hl_db_run(c, SQL_LOCK, 0, NULL, err) == -1)
		return -1;
	if (hl_db_exec_script(c, SQL_CREATE, err) == -1 ||
	    compare_applied(c, set, &done, err) == -1)
		goto out;
	for (i = done; i < set->n; i++) {
		struct apply_arg a = { &set->files[i] };

		if (hl_db_tx_run(c, apply_tx, &a, err) == -1)
			goto out;
		printf("migrate: applied %s\n", set->files[i].name);
		(*n_applied)++;
	}
	if (grant_app_role(c, err) == -1)
		goto out;
	rc = 0;
out:
	hl_db_run(c, SQL_UNLOCK, 0, NULL, NULL);
	return rc;
}

int
hl_migrate_check(struct hl_db_conn *c, const struct hl_migrate_set *set,
    struct hl_err *err)
{
	size_t done = 0;

	if (compare_applied(c, set, &done, err) == -1)
		return -1;
	if (done != set->n)
		return hl_err_set(err, 503, "unavailable",
		    "数据库结构未更新（已应用 %zu 个迁移，共 %zu 个）", done,
		    set->n);
	return 0;
}

int
hl_migrate_role_check(struct hl_db_conn *c, bool *owner, struct hl_err *err)
{
	struct hl_db_res *r = hl_db_exec(c, SQL_ROLE, 0, NULL, err);

	if (r == NULL)
		return -1;
	/* No audit_log yet: nothing is migrated, nothing to protect. */
	*owner = hl_db_nrows(r) == 1 && hl_db_get_bool(r, 0, 0);
	hl_db_res_free(r);
	return 0;
}
