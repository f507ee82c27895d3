/*
 * `honglian seed --demo | --scale N` and `honglian user ...`.  Both act as
 * the system (no actor in the audit log) on a private connection.
 * Passwords are read from standard input, never from arguments, so they
 * stay out of shell history and `ps`.
 */
#include "cli.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "conf.h"
#include "crypto.h"
#include "ctx.h"
#include "db.h"
#include "err.h"
#include "mem.h"
#include "str.h"
#include "user.h"

#define DEMO_PASSWORD "Demo@2026!"

static struct hl_db_conn *
open_db(const struct hl_conf *c)
{
	struct hl_err err = { 0 };
	struct hl_db_conn *db = hl_db_open(c->database_url, &err);

	if (db == NULL)
		fprintf(stderr, "honglian: cannot connect to the database\n");
	return db;
}

static void
print_err(const char *what, const struct hl_err *err)
{
	int i;

	fprintf(stderr, "honglian: %s: %s\n", what, err->msg);
	for (i = 0; i < err->n_fields; i++)
		fprintf(stderr, "  %s: %s\n", err->fields[i].name,
		    err->fields[i].msg);
}

static int
run_file(struct hl_db_conn *db, const char *path, struct hl_err *err)
{
	FILE *f = fopen(path, "rb");
	struct hl_buf sql = { 0 };
	char chunk[8192];
	size_t n;
	int rc = -1;

	if (f == NULL)
		return hl_err_set(err, 500, "internal", "cannot read '%s'",
		    path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		hl_buf_append(&sql, chunk, n);
	fclose(f);
	if (hl_db_exec_script(db, "BEGIN", err) == -1)
		goto out;
	if (hl_db_exec_script(db, hl_buf_cstr(&sql), err) == -1 ||
	    hl_db_exec_script(db, "COMMIT", err) == -1) {
		hl_db_exec_script(db, "ROLLBACK", NULL);
		goto out;
	}
	rc = 0;
out:
	hl_buf_release(&sql);
	return rc;
}

/* The demo accounts hang off the first demo enterprise and its chain:
 * its commissioner, one responder for each of the chain's four ones (so
 * that default routing finds someone for every category), a committee
 * member of the chain.  Columns: enterprise id, chain code, account
 * manager id, the second demo enterprise of the chain, expert id, lawyer
 * id, policy pack id. */
static const char SQL_DEMO_ANCHOR[] =
    "SELECT e.id, c.code, (SELECT m.id FROM lead_banks b"
    "  JOIN bank_account_managers m ON m.bank_id = b.id"
    "  WHERE b.chain_id = c.id ORDER BY m.sort_order, m.id LIMIT 1),"
    " (SELECT e2.id FROM enterprises e2 JOIN enterprise_chains ec2"
    "  ON ec2.enterprise_id = e2.id WHERE ec2.chain_id = c.id"
    "  AND e2.id <> e.id AND e2.demo ORDER BY e2.id LIMIT 1),"
    " (SELECT x.id FROM experts x WHERE x.chain_id = c.id"
    "  ORDER BY x.sort_order, x.id LIMIT 1),"
    " (SELECT l.id FROM law_firms f JOIN lawyers l ON l.firm_id = f.id"
    "  WHERE f.chain_id = c.id ORDER BY f.sort_order, f.id, l.sort_order,"
    "  l.id LIMIT 1),"
    " (SELECT p.id FROM policy_packs p WHERE p.chain_id = c.id)"
    " FROM enterprises e JOIN enterprise_chains ec ON ec.enterprise_id = e.id"
    " JOIN chains c ON c.id = ec.chain_id"
    " WHERE e.demo ORDER BY e.id, c.sort_order LIMIT 1";

static const char SQL_DEMO_ASSIGN[] =
    "INSERT INTO assignments (commissioner_id, enterprise_id)"
    " SELECT u.id, e.id FROM users u, enterprises e"
    " JOIN enterprise_chains ec ON ec.enterprise_id = e.id"
    " JOIN chains c ON c.id = ec.chain_id"
    " WHERE lower(u.login) = 'commissioner-demo' AND e.demo AND c.code = $1"
    " ON CONFLICT DO NOTHING";

static const char SQL_USER_EXISTS[] =
    "SELECT 1 FROM users WHERE lower(login) = lower($1)";

static int
demo_user(struct hl_ctx *ctx, struct hl_user_new *u, struct hl_err *err)
{
	const char *params[1] = { u->login };
	struct hl_db_res *r =
	    hl_db_exec(ctx->db, SQL_USER_EXISTS, 1, params, err);
	int64_t id;
	bool exists;

	if (r == NULL)
		return -1;
	exists = hl_db_nrows(r) > 0;
	hl_db_res_free(r);
	u->password = DEMO_PASSWORD;
	u->demo = true;
	if (!exists && hl_user_create(ctx, u, &id, err) == -1)
		return -1;
	printf("  %-20s %-13s %s\n", u->login, u->role, DEMO_PASSWORD);
	return 0;
}

static int
seed_users(struct hl_ctx *ctx, struct hl_err *err)
{
	struct hl_db_res *r =
	    hl_db_exec(ctx->db, SQL_DEMO_ANCHOR, 0, NULL, err);
	struct hl_db_res *a = NULL;
	const char *chain[1];
	int rc = -1;

	if (r == NULL)
		return -1;
	if (hl_db_nrows(r) == 0) {
		hl_err_set(err, 500, "internal",
		    "the demo data has no enterprise on a chain");
		goto out;
	}
	chain[0] = hl_db_get(r, 0, 1);
	printf("demo logins (every password is %s):\n", DEMO_PASSWORD);
	{
		struct hl_user_new ent = { .login = "ent-demo",
			.name = "演示企业用户",
			.role = "enterprise",
			.enterprise_id = hl_db_get_i64(r, 0, 0) };
		struct hl_user_new ent2 = { .login = "ent2-demo",
			.name = "演示企业用户二",
			.role = "enterprise",
			.enterprise_id = hl_db_get_i64(r, 0, 3) };
		struct hl_user_new com = { .login = "commissioner-demo",
			.name = "演示服务专员",
			.role = "commissioner" };
		struct hl_user_new resp = { .login = "responder-demo",
			.name = "演示客户经理",
			.role = "responder",
			.binding = "account_manager",
			.binding_id = hl_db_get_i64(r, 0, 2) };
		struct hl_user_new expert = { .login = "expert-demo",
			.name = "演示专家",
			.role = "responder",
			.binding = "expert",
			.binding_id = hl_db_get_i64(r, 0, 4) };
		struct hl_user_new lawyer = { .login = "lawyer-demo",
			.name = "演示律师",
			.role = "responder",
			.binding = "lawyer",
			.binding_id = hl_db_get_i64(r, 0, 5) };
		struct hl_user_new desk = { .login = "policy-demo",
			.name = "演示政策专员",
			.role = "responder",
			.binding = "policy_pack",
			.binding_id = hl_db_get_i64(r, 0, 6) };
		struct hl_user_new cmt = { .login = "committee-demo",
			.name = "演示产业链党委成员",
			.role = "committee",
			.chain_codes = chain,
			.n_chain_codes = 1 };
		struct hl_user_new adm = { .login = "admin-demo",
			.name = "演示管理员",
			.role = "admin" };

		if (demo_user(ctx, &ent, err) == -1 ||
		    (ent2.enterprise_id > 0 &&
		        demo_user(ctx, &ent2, err) == -1) ||
		    demo_user(ctx, &com, err) == -1 ||
		    demo_user(ctx, &resp, err) == -1 ||
		    demo_user(ctx, &expert, err) == -1 ||
		    demo_user(ctx, &lawyer, err) == -1 ||
		    demo_user(ctx, &desk, err) == -1 ||
		    demo_user(ctx, &cmt, err) == -1 ||
		    demo_user(ctx, &adm, err) == -1)
			goto out;
	}
	a = hl_db_exec(ctx->db, SQL_DEMO_ASSIGN, 1, chain, err);
	if (a == NULL)
		goto out;
	printf("commissioner-demo serves the demo enterprises of chain '%s'\n",
	    chain[0]);
	rc = 0;
out:
	hl_db_res_free(a);
	hl_db_res_free(r);
	return rc;
}

/* The demo data: chains, resources, enterprises, then the demo users. */
static int
seed_demo(const struct hl_conf *c, struct hl_ctx *ctx, struct hl_err *err)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/seed/demo.sql", c->sql_dir);
	if (run_file(ctx->db, path, err) == -1 || seed_users(ctx, err) == -1)
		return -1;
	printf("seed: demo data loaded\n");
	return 0;
}

static double
seconds_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) +
	    (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Read the whole file at path into b (NUL-terminated). */
static int
read_file(const char *path, struct hl_buf *b, struct hl_err *err)
{
	FILE *f = fopen(path, "rb");
	char chunk[8192];
	size_t n;

	if (f == NULL)
		return hl_err_set(err, 500, "internal", "cannot read '%s'",
		    path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		hl_buf_append(b, chunk, n);
	fclose(f);
	return 0;
}

#define STEP_MARK "\n-- step: "

static const char SQL_SCALE_DONE[] =
    "SELECT 1 FROM users WHERE lower(login) LIKE 'scale-%' LIMIT 1";

static const char SQL_SCALE_SETTINGS[] =
    "SELECT set_config('honglian.scale_cases', $1, true),"
    " set_config('honglian.scale_hash', $2, true)";

static const char SQL_SCALE_COUNTS[] =
    "SELECT (SELECT count(*) FROM cases), (SELECT count(*) FROM case_events),"
    " (SELECT count(*) FROM enterprises), (SELECT count(*) FROM visits),"
    " (SELECT count(*) FROM users), (SELECT count(*) FROM audit_log)";

/*
 * Run sql/seed/scale.sql in one transaction, one "-- step:" at a time,
 * printing each step's time.  The script's header says what it makes.
 */
static int
run_scale(const struct hl_conf *c, struct hl_db_conn *db, const char *n,
    struct hl_err *err)
{
	struct hl_buf sql = { 0 };
	struct hl_db_res *r = NULL;
	struct timespec t0;
	char path[4096];
	char hash[HL_CRYPTO_PWHASH_LEN];
	const char *params[2] = { n, hash };
	char *step;
	char *next;
	int rc = -1;

	snprintf(path, sizeof(path), "%s/seed/scale.sql", c->sql_dir);
	if (read_file(path, &sql, err) == -1)
		goto out;
	if (hl_crypto_pwhash(DEMO_PASSWORD, hash) == -1) {
		hl_err_set(err, 500, "internal", "cannot hash a password");
		goto out;
	}
	step = strstr(hl_buf_cstr(&sql), STEP_MARK);
	if (step == NULL) {
		hl_err_set(err, 500, "internal", "'%s' has no steps", path);
		goto out;
	}
	if (hl_db_exec_script(db, "BEGIN", err) == -1)
		goto out;
	r = hl_db_exec(db, SQL_SCALE_SETTINGS, 2, params, err);
	if (r == NULL)
		goto fail;
	for (; step != NULL; step = next) {
		char *name = step + strlen(STEP_MARK);
		char *eol = strchr(name, '\n');

		next = strstr(name, STEP_MARK);
		if (next != NULL)
			*next = '\0';
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (eol != NULL && hl_db_exec_script(db, eol, err) == -1)
			goto fail;
		printf("seed: %-36.*s %7.1f s\n",
		    eol != NULL ? (int)(eol - name) : 0, name,
		    seconds_since(&t0));
		fflush(stdout);
		if (next != NULL)
			*next = '\n';
	}
	if (hl_db_exec_script(db, "COMMIT", err) == -1)
		goto fail;
	rc = 0;
	goto out;
fail:
	hl_db_exec_script(db, "ROLLBACK", NULL);
out:
	hl_db_res_free(r);
	hl_buf_release(&sql);
	return rc;
}

/*
 * seed --scale N: the demo data, then N generated cases with everything
 * around them (sql/seed/scale.sql), then VACUUM so that the visibility
 * map is set as on a database that has been running.
 */
static int
seed_scale(const struct hl_conf *c, struct hl_ctx *ctx, const char *arg,
    struct hl_err *err)
{
	struct hl_db_res *r = NULL;
	struct timespec t0;
	struct timespec t1;
	char n[24];
	int64_t v;
	int rc = -1;

	if (hl_str_to_i64(hl_str_from(arg), &v) == -1 || v < 100 ||
	    v > 100000000) {
		hl_err_set(err, 400, "bad_request",
		    "--scale takes a number of cases, 100..100000000");
		return -1;
	}
	snprintf(n, sizeof(n), "%" PRId64, v);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* Minutes of work in a few statements: not a request's limit. */
	if (hl_db_exec_script(ctx->db, "SET statement_timeout = 0", err) ==
	        -1 ||
	    seed_demo(c, ctx, err) == -1)
		return -1;
	r = hl_db_exec(ctx->db, SQL_SCALE_DONE, 0, NULL, err);
	if (r == NULL)
		return -1;
	if (hl_db_nrows(r) > 0) {
		hl_err_set(err, 409, "conflict",
		    "the database already holds scale data (users 'scale-*'): "
		    "seed --scale wants a database without it");
		goto out;
	}
	hl_db_res_free(r);
	r = NULL;
	if (run_scale(c, ctx->db, n, err) == -1)
		goto out;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (hl_db_exec_script(ctx->db,
	        "VACUUM (FREEZE) enterprises, enterprise_chains, users,"
	        " assignments, visits, visit_visitors, cases, case_events,"
	        " audit_log",
	        err) == -1)
		goto out;
	printf("seed: %-36s %7.1f s\n", "vacuum", seconds_since(&t1));
	r = hl_db_exec(ctx->db, SQL_SCALE_COUNTS, 0, NULL, err);
	if (r == NULL)
		goto out;
	printf("seed: %s cases, %s timeline rows, %s enterprises, %s visits, "
	       "%s users, %s audit rows in all\n",
	    hl_db_get(r, 0, 0), hl_db_get(r, 0, 1), hl_db_get(r, 0, 2),
	    hl_db_get(r, 0, 3), hl_db_get(r, 0, 4), hl_db_get(r, 0, 5));
	printf("seed: %s cases generated in %.1f s (scale users: "
	       "scale-admin-1, scale-commissioner-1, scale-ent-1, ...; "
	       "password %s)\n",
	    n, seconds_since(&t0), DEMO_PASSWORD);
	rc = 0;
out:
	hl_db_res_free(r);
	return rc;
}

static const char SEED_USAGE[] =
    "usage: honglian seed --demo\n"
    "       honglian seed --scale N\n"
    "\n"
    "--demo loads the demo data (fictional chains' people, banks, firms,\n"
    "enterprises) and one demo user per role.  Safe to run twice.\n"
    "--scale N loads the demo data and then generates N cases (with\n"
    "enterprises, visits, timelines, users of every role) for measuring\n"
    "at scale; once per database.  Both are refused when [server]\n"
    "environment is production.  Never run either against a production\n"
    "database.\n";

int
hl_cli_seed(const struct hl_conf *c, int argc, char **argv)
{
	struct hl_err err = { 0 };
	struct hl_ctx ctx = { 0 };
	bool scale = argc >= 3 && strcmp(argv[1], "--scale") == 0;
	int rc = 1;

	if (!scale && (argc < 2 || strcmp(argv[1], "--demo") != 0)) {
		fputs(SEED_USAGE, stdout);
		return argc >= 2 && strcmp(argv[1], "--help") == 0 ? 0 : 2;
	}
	/* Every demo account has the password printed in the README, and
	 * --scale loads the demo data too. */
	if (strcmp(c->environment, "production") == 0) {
		fprintf(stderr,
		    "honglian: seed %s refused: [server] environment is "
		    "production (make the first admin with honglian user add)\n",
		    scale ? "--scale" : "--demo");
		return 1;
	}
	ctx.db = open_db(c);
	if (ctx.db == NULL)
		return 1;
	if ((scale ? seed_scale(c, &ctx, argv[2], &err)
	           : seed_demo(c, &ctx, &err)) == -1) {
		print_err("seed", &err);
		goto out;
	}
	rc = 0;
out:
	hl_db_close(ctx.db);
	return rc;
}

/* The password from standard input: one line, without its newline. */
static char *
read_password(void)
{
	struct hl_buf b = { 0 };
	int ch;

	while ((ch = getchar()) != EOF && ch != '\n')
		hl_buf_putc(&b, (char)ch);
	if (b.len > 0 && b.p[b.len - 1] == '\r')
		b.p[--b.len] = '\0';
	return hl_buf_detach(&b, NULL);
}

static const char USER_USAGE[] =
    "usage:\n"
    "  honglian user add --login L --name N --role R [--enterprise ID]\n"
    "                    [--chain CODE]... --password-stdin\n"
    "  honglian user passwd --login L --password-stdin\n"
    "  honglian user disable --login L\n"
    "\nRoles: enterprise, commissioner, responder, committee, admin.\n"
    "The password is read from standard input (one line).\n";

struct user_args {
	const char *login;
	const char *name;
	const char *role;
	int64_t enterprise_id;
	const char *chains[32];
	size_t n_chains;
	bool password_stdin;
};

static int
parse_user_args(int argc, char **argv, struct user_args *a)
{
	int i;

	for (i = 2; i < argc; i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(argv[i], "--password-stdin") == 0) {
			a->password_stdin = true;
			continue;
		}
		if (v == NULL) {
			fprintf(stderr, "honglian: %s needs a value\n",
			    argv[i]);
			return -1;
		}
		if (strcmp(argv[i], "--login") == 0)
			a->login = v;
		else if (strcmp(argv[i], "--name") == 0)
			a->name = v;
		else if (strcmp(argv[i], "--role") == 0)
			a->role = v;
		else if (strcmp(argv[i], "--enterprise") == 0)
			a->enterprise_id = strtoll(v, NULL, 10);
		else if (strcmp(argv[i], "--chain") == 0 && a->n_chains < 32)
			a->chains[a->n_chains++] = v;
		else {
			fprintf(stderr, "honglian: unknown option '%s'\n",
			    argv[i]);
			return -1;
		}
		i++;
	}
	if (a->login == NULL) {
		fprintf(stderr, "honglian: --login is required\n");
		return -1;
	}
	return 0;
}

int
hl_cli_user(const struct hl_conf *c, int argc, char **argv)
{
	struct user_args a = { 0 };
	struct hl_err err = { 0 };
	struct hl_ctx ctx = { 0 };
	char *pw = NULL;
	const char *verb = argc >= 2 ? argv[1] : "";
	int64_t id = 0;
	int rc = 1;

	if (argc < 2 || strcmp(verb, "--help") == 0) {
		fputs(USER_USAGE, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (parse_user_args(argc, argv, &a) == -1) {
		fputs(USER_USAGE, stderr);
		return 2;
	}
	if ((strcmp(verb, "add") == 0 || strcmp(verb, "passwd") == 0) &&
	    !a.password_stdin) {
		fprintf(stderr, "honglian: %s needs --password-stdin\n", verb);
		return 2;
	}
	ctx.db = open_db(c);
	if (ctx.db == NULL)
		return 1;
	if (a.password_stdin)
		pw = read_password();
	if (strcmp(verb, "add") == 0) {
		struct hl_user_new u = { .login = a.login,
			.name = a.name,
			.role = a.role,
			.password = pw,
			.enterprise_id = a.enterprise_id,
			.chain_codes = a.chains,
			.n_chain_codes = a.n_chains };

		if (hl_user_create(&ctx, &u, &id, &err) == 0)
			printf("user: added '%s' (id %" PRId64 ")\n", a.login,
			    id);
	} else if (strcmp(verb, "passwd") == 0) {
		if (hl_user_set_password(&ctx, a.login, pw, &err) == 0)
			printf("user: password of '%s' changed, sessions "
			       "ended\n",
			    a.login);
	} else if (strcmp(verb, "disable") == 0) {
		if (hl_user_disable(&ctx, a.login, &err) == 0)
			printf("user: '%s' disabled, sessions ended\n",
			    a.login);
	} else {
		fprintf(stderr, "honglian: unknown user command '%s'\n%s", verb,
		    USER_USAGE);
		rc = 2;
		goto out;
	}
	if (hl_err_is_set(&err)) {
		print_err(verb, &err);
		goto out;
	}
	rc = 0;
out:
	free(pw);
	hl_db_close(ctx.db);
	return rc;
}
