/*
 * The honglian command: arguments, configuration, and the lifecycle of
 * `serve` (bind, drop root, start the workers and the background jobs,
 * enter the seccomp sandbox, wait for a signal, stop in order).
 * Everything else is a module's job; the other subcommands are thin
 * wrappers over them.
 */
#include <errno.h>
#include <grp.h>
#include <inttypes.h>
#include <pwd.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "cli.h"
#include "conf.h"
#include "crypto.h"
#include "db.h"
#include "err.h"
#include "http.h"
#include "jobs.h"
#include "log.h"
#include "md.h"
#include "migrate.h"
#include "notify.h"
#include "router.h"
#include "sandbox.h"
#include "server.h"
#include "static.h"
#include "version.h"

static const char USAGE[] =
    "usage: honglian [--config FILE] COMMAND [ARGS]\n"
    "\n"
    "commands:\n"
    "  serve          run the HTTP server\n"
    "  migrate        apply the database migrations in sql/\n"
    "  seed --demo    load the demo data (never against production)\n"
    "  seed --scale N generate N cases of realistic data (not in production)\n"
    "  user ...       add, passwd, disable users (honglian user --help)\n"
    "  check-config   load the configuration, print it, exit\n"
    "  version        print the version\n"
    "\n"
    "--config FILE defaults to conf/honglian.conf; every directive can be\n"
    "overridden by HONGLIAN_<SECTION>_<NAME> (e.g. HONGLIAN_DATABASE_URL).\n"
    "Each command takes --help.\n";

static int
wants_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0)
			return 1;
	return 0;
}

/* Leave root for the configured user before any request is read. */
static int
drop_root(const char *user)
{
	struct passwd *pw;

	if (geteuid() != 0)
		return 0;
	if (user == NULL || user[0] == '\0') {
		fprintf(stderr,
		    "honglian: refusing to serve as root: set "
		    "[server] user\n");
		return -1;
	}
	pw = getpwnam(user);
	if (pw == NULL) {
		fprintf(stderr, "honglian: no such user '%s'\n", user);
		return -1;
	}
	if (setgroups(0, NULL) == -1 || setgid(pw->pw_gid) == -1 ||
	    setuid(pw->pw_uid) == -1) {
		fprintf(stderr, "honglian: cannot become '%s': %s\n", user,
		    strerror(errno));
		return -1;
	}
	if (setuid(0) == 0) {
		fprintf(stderr,
		    "honglian: could regain root after dropping it\n");
		return -1;
	}
	return 0;
}

/*
 * The server should connect as honglian_app, which may only read and
 * write rows (sql/0016_hardening.sql).  Connected as the owner of the
 * tables it could alter them and rewrite the audit log: a warning in
 * development, a refusal in production.  An unreachable database is no
 * reason not to start (requests get 503 until it is back).
 */
static int
check_role(const struct hl_conf *c)
{
	struct hl_err err = { 0 };
	struct hl_db_conn *db = hl_db_open(c->database_url, &err);
	bool owner = false;
	int rc = 0;

	if (db == NULL)
		return 0;
	if (hl_migrate_role_check(db, &owner, &err) == 0 && owner) {
		if (strcmp(c->environment, "production") == 0) {
			fprintf(stderr,
			    "honglian: refusing to serve as a role that owns "
			    "the tables: connect as honglian_app (README, "
			    "PostgreSQL)\n");
			rc = -1;
		} else {
			hl_log(HL_LOG_WARN,
			    "serve: connected as a role that owns the tables; "
			    "use honglian_app (README, PostgreSQL)");
		}
	}
	hl_db_close(db);
	return rc;
}

static int
cmd_serve(struct hl_conf *c, int argc, char **argv)
{
	struct hl_err err = { 0 };
	sigset_t set;
	int sig = 0;
	int fd;
	int rc = 1;

	if (wants_help(argc, argv)) {
		printf("usage: honglian serve\n\nRun the HTTP server on "
		       "[server] listen_address:port until SIGTERM or "
		       "SIGINT.\n");
		return 0;
	}
	if (hl_server_init(c, &err) == -1) {
		fprintf(stderr, "honglian: %s\n", err.msg);
		goto out;
	}
	if (check_role(c) == -1)
		goto out;
	/* Workers inherit this mask; only this thread takes the signals. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	fd = hl_http_listen(c, &err);
	if (fd == -1) {
		fprintf(stderr, "honglian: %s\n", err.msg);
		goto out;
	}
	if (drop_root(c->user) == -1)
		goto out;
	if (hl_http_start(c, fd, hl_router_match, hl_router_admit,
	        hl_router_dispatch, &err) == -1) {
		fprintf(stderr, "honglian: %s\n", err.msg);
		goto out;
	}
	hl_jobs_start(c);
	hl_notify_start();
	hl_log_flusher_start();
	/* Last: every thread is running and nothing needs root any more. */
	if (hl_sandbox_enter(&err) == -1) {
		fprintf(stderr, "honglian: %s\n", err.msg);
		hl_notify_stop();
		hl_jobs_stop();
		hl_http_stop();
		goto out;
	}
	hl_log(HL_LOG_INFO,
	    "serve: listening on http://%s:%" PRId64 " (%" PRId64
	    " workers, %lu static files)",
	    c->listen_address, c->port, c->worker_threads, hl_static_count());
	for (;;) {
		if (sigwait(&set, &sig) != 0)
			continue;
		if (sig != SIGHUP)
			break;
		hl_log(HL_LOG_INFO,
		    "serve: SIGHUP ignored (restart to reload)");
	}
	hl_log(HL_LOG_INFO, "serve: signal %d, stopping", sig);
	hl_notify_stop();
	hl_jobs_stop();
	hl_http_stop();
	rc = 0;
out:
	/* After the daemon: the last requests' lines are in the buffer. */
	hl_log_flusher_stop();
	hl_server_release();
	return rc;
}

static int
cmd_migrate(struct hl_conf *c, int argc, char **argv)
{
	struct hl_migrate_set set = { 0 };
	struct hl_err err = { 0 };
	struct hl_db_conn *db = NULL;
	int n = 0;
	int rc = 1;

	if (wants_help(argc, argv)) {
		printf("usage: honglian migrate\n\nApply the migrations in "
		       "sql/ that the database does not have yet, each in "
		       "its own transaction.\nRefuses a database whose "
		       "applied migrations differ from the files.\n");
		return 0;
	}
	if (hl_migrate_load(&set, c->sql_dir, &err) == -1) {
		fprintf(stderr, "honglian: %s\n", err.msg);
		goto out;
	}
	db = hl_db_open(c->database_url, &err);
	if (db == NULL) {
		fprintf(stderr, "honglian: cannot connect to the database\n");
		goto out;
	}
	if (hl_migrate_apply(db, &set, &n, &err) == -1) {
		fprintf(stderr, "honglian: %s\n", err.msg);
		goto out;
	}
	printf("migrate: %d applied, %zu in all, database is current\n", n,
	    set.n);
	rc = 0;
out:
	hl_db_close(db);
	hl_migrate_set_release(&set);
	return rc;
}

static int
cmd_check_config(struct hl_conf *c, int argc, char **argv)
{
	if (wants_help(argc, argv)) {
		printf("usage: honglian check-config\n\nLoad the "
		       "configuration (file and environment), print every "
		       "directive, exit 0 when it is valid.\n");
		return 0;
	}
	hl_conf_dump(c, stdout);
	printf("check-config: ok\n");
	return 0;
}

int
main(int argc, char **argv)
{
	struct hl_conf conf = { 0 };
	struct hl_err err = { 0 };
	const char *path = "conf/honglian.conf";
	const char *cmd;
	enum hl_log_level level;
	int i = 1;
	int k;
	int rc = 1;

	/* --config may come before or after the command. */
	for (k = 1; k + 1 < argc; k++)
		if (strcmp(argv[k], "--config") == 0) {
			path = argv[k + 1];
			memmove(&argv[k], &argv[k + 2],
			    (size_t)(argc - k - 1) * sizeof(*argv));
			argc -= 2;
			break;
		}
	if (i >= argc || strcmp(argv[i], "--help") == 0 ||
	    strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "help") == 0) {
		fputs(USAGE, i >= argc ? stderr : stdout);
		return i >= argc ? 2 : 0;
	}
	cmd = argv[i];
	argc -= i;
	argv += i;
	if (strcmp(cmd, "version") == 0) {
		printf("honglian %s\n", HL_VERSION);
		return 0;
	}
	if (hl_conf_load(&conf, path, &err) == -1) {
		fprintf(stderr, "honglian: %s\n", err.msg);
		goto out;
	}
	hl_conf_pick_database(&conf, strcmp(cmd, "serve") == 0);
	if (hl_log_level_parse(conf.log_level, &level) == 0)
		hl_log_set_level(level);
	if (hl_crypto_init() == -1) {
		fprintf(stderr, "honglian: cannot initialise libsodium\n");
		goto out;
	}
	hl_md_init();
	hl_db_setup(&conf);
	if (strcmp(cmd, "serve") == 0)
		rc = cmd_serve(&conf, argc, argv);
	else if (strcmp(cmd, "migrate") == 0)
		rc = cmd_migrate(&conf, argc, argv);
	else if (strcmp(cmd, "check-config") == 0)
		rc = cmd_check_config(&conf, argc, argv);
	else if (strcmp(cmd, "seed") == 0)
		rc = hl_cli_seed(&conf, argc, argv);
	else if (strcmp(cmd, "user") == 0)
		rc = hl_cli_user(&conf, argc, argv);
	else {
		fprintf(stderr, "honglian: unknown command '%s'\n\n%s", cmd,
		    USAGE);
		rc = 2;
	}
	hl_db_shutdown();
out:
	hl_conf_release(&conf);
	return rc;
}
