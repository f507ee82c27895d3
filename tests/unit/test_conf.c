/* link: conf mem buf str err log */
/*
 * Configuration: built-in defaults, the shipped files (conf/honglian.conf
 * must state exactly the defaults), types, bounds and the file:line errors,
 * environment overrides, cross-checks and the password masking of the dump.
 * Run from the top of the tree: the shipped files are read by relative path.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "conf.h"
#include "err.h"
#include "mem.h"

extern char **environ;

/* Remove every HONGLIAN_* variable: the test scripts set some (the
 * database url), and each override would change what a test loads. */
static int
clear_env(void **state)
{
	char name[256];
	char **e;
	size_t len;
	bool again = true;

	(void)state;
	while (again) {
		again = false;
		for (e = environ; *e != NULL; e++) {
			if (strncmp(*e, "HONGLIAN_", 9) != 0)
				continue;
			len = strcspn(*e, "=");
			if (len >= sizeof(name))
				continue;
			memcpy(name, *e, len);
			name[len] = '\0';
			unsetenv(name);
			again = true;
			break;
		}
	}
	return 0;
}

/* Write text to a fresh temporary file, load it, delete it.  The file's
 * name is left in path for the expected messages. */
static int
load_text(const char *text, struct hl_conf *c, struct hl_err *err, char *path,
    size_t n)
{
	FILE *fp;
	int fd;
	int rc;

	snprintf(path, n, "/tmp/test_conf.XXXXXX");
	fd = mkstemp(path);
	assert_true(fd != -1);
	fp = fdopen(fd, "w");
	assert_non_null(fp);
	assert_int_equal(fputs(text, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
	rc = hl_conf_load(c, path, err);
	unlink(path);
	return rc;
}

/* Load text, which must fail with "<path>:<rest>". */
static void
assert_file_error(const char *text, const char *rest)
{
	struct hl_conf c;
	struct hl_err err = { 0 };
	char path[64];
	char want[HL_ERR_MSG_MAX];

	assert_int_equal(load_text(text, &c, &err, path, sizeof(path)), -1);
	snprintf(want, sizeof(want), "%s:%s", path, rest);
	assert_string_equal(err.msg, want);
	assert_int_equal(err.status, 500);
	assert_string_equal(err.code, "invalid_config");
	hl_conf_release(&c);
}

/* What hl_conf_dump() prints, in a malloc'd string. */
static char *
dump(const struct hl_conf *c)
{
	char *s = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&s, &len);

	assert_non_null(fp);
	hl_conf_dump(c, fp);
	assert_int_equal(fclose(fp), 0);
	return s;
}

static char *
read_all(const char *path)
{
	FILE *fp = fopen(path, "r");
	char *s;
	long len;

	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	len = ftell(fp);
	assert_true(len > 0);
	rewind(fp);
	s = calloc(1, (size_t)len + 1);
	assert_non_null(s);
	assert_int_equal(fread(s, 1, (size_t)len, fp), (size_t)len);
	fclose(fp);
	return s;
}

static void
test_load_null_path_gives_defaults(void **state)
{
	struct hl_conf c;
	struct hl_err err = { 0 };

	(void)state;
	assert_int_equal(hl_conf_load(&c, NULL, &err), 0);
	assert_false(hl_err_is_set(&err));
	assert_string_equal(c.listen_address, "127.0.0.1");
	assert_int_equal(c.port, 8080);
	assert_int_equal(c.worker_threads, 4);
	assert_int_equal(c.max_connections, 1024);
	assert_int_equal(c.max_per_ip, 64);
	assert_int_equal(c.conn_timeout_s, 30);
	assert_int_equal(c.max_body_json, 1024 * 1024);
	assert_int_equal(c.max_body_upload, 21 * 1024 * 1024);
	assert_int_equal(c.max_body_markdown, 64 * 1024);
	assert_string_equal(c.assets_dir, "assets/dist");
	assert_string_equal(c.sql_dir, "sql");
	assert_string_equal(c.openapi_file, "docs/openapi.json");
	assert_string_equal(c.user, "nobody");
	assert_string_equal(c.log_level, "info");
	assert_true(c.access_log);
	assert_string_equal(c.public_url, "http://127.0.0.1:8080");
	assert_string_equal(c.environment, "development");
	assert_string_equal(c.trusted_proxies, "");
	assert_int_equal(c.header_timeout_s, 10);
	assert_int_equal(c.body_timeout_s, 30);
	assert_int_equal(c.body_min_rate, 16 * 1024);
	assert_int_equal(c.max_body_memory, 256 * 1024 * 1024);
	assert_true(c.keepalive);
	assert_string_equal(c.database_url, "");
	assert_string_equal(c.database_local_cluster, "var/pg");
	assert_int_equal(c.database_pool_size, 8);
	assert_int_equal(c.statement_timeout_ms, 5000);
	assert_int_equal(c.connect_timeout_s, 2);
	assert_int_equal(c.retry_after_s, 5);
	assert_int_equal(c.session_idle_s, 7200);
	assert_int_equal(c.session_absolute_s, 43200);
	assert_false(c.cookie_secure);
	assert_int_equal(c.login_fail_per_pair, 5);
	assert_int_equal(c.login_fail_per_ip, 20);
	assert_int_equal(c.login_fail_per_account, 20);
	assert_int_equal(c.login_delay_max_s, 900);
	assert_int_equal(c.token_expiry_days, 90);
	assert_int_equal(c.escalate_after_days, 3);
	assert_int_equal(c.jobs_interval_s, 60);
	assert_int_equal(c.notify_timeout_s, 15);
	assert_int_equal(c.notify_max_tries, 8);
	hl_conf_release(&c);
}

static void
test_shipped_conf_equals_defaults(void **state)
{
	struct hl_conf def;
	struct hl_conf c;
	struct hl_err err = { 0 };
	char *want;
	char *got;

	(void)state;
	assert_int_equal(hl_conf_load(&def, NULL, &err), 0);
	assert_int_equal(hl_conf_load(&c, "conf/honglian.conf", &err), 0);
	want = dump(&def);
	got = dump(&c);
	assert_string_equal(got, want);
	free(got);
	free(want);
	hl_conf_release(&c);
	hl_conf_release(&def);
}

/* Each "section.name = value" line of the dump appears in the shipped
 * file as "name = value" below "[section]": the file lists every
 * directive, not only those whose default it repeats by accident. */
static void
test_shipped_conf_lists_every_directive(void **state)
{
	struct hl_conf c;
	struct hl_err err = { 0 };
	char *text = read_all("conf/honglian.conf");
	char *out;
	char *line;
	char *save = NULL;
	char *dot;
	char want[512];
	char head[64];
	int n = 0;

	(void)state;
	assert_int_equal(hl_conf_load(&c, NULL, &err), 0);
	out = dump(&c);
	for (line = strtok_r(out, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		dot = strchr(line, '.');
		assert_non_null(dot);
		snprintf(head, sizeof(head), "\n[%.*s]\n", (int)(dot - line),
		    line);
		snprintf(want, sizeof(want), "\n%s\n", dot + 1);
		assert_non_null(strstr(text, head));
		assert_non_null(strstr(strstr(text, head), want));
		n++;
	}
	assert_true(n > 0);
	free(out);
	free(text);
	hl_conf_release(&c);
}

static void
test_test_conf_sets_test_values(void **state)
{
	struct hl_conf c;
	struct hl_err err = { 0 };

	(void)state;
	assert_int_equal(hl_conf_load(&c, "conf/honglian.test.conf", &err), 0);
	assert_int_equal(c.port, 18080);
	assert_int_equal(c.worker_threads, 2);
	assert_string_equal(c.log_level, "warn");
	assert_true(c.access_log);
	assert_int_equal(c.database_pool_size, 4);
	assert_int_equal(c.jobs_interval_s, 1);
	assert_string_equal(c.public_url, "http://127.0.0.1:18080");
	assert_string_equal(c.database_url, "");
	assert_string_equal(c.database_local_cluster, "");
	hl_conf_release(&c);
}

static void
test_file_values_override_defaults(void **state)
{
	struct hl_conf c;
	struct hl_err err = { 0 };
	char path[64];

	(void)state;
	assert_int_equal(load_text("; a comment\n"
	                           "[server]\n"
	                           "port = 9000 ; inline comment\n"
	                           "  user = honglian\n"
	                           "[database]\n"
	                           "url = host=db dbname=hl\n"
	                           "[server]\n"
	                           "log_level=debug\n",
	                     &c, &err, path, sizeof(path)),
	    0);
	assert_int_equal(c.port, 9000);
	assert_string_equal(c.user, "honglian");
	assert_string_equal(c.database_url, "host=db dbname=hl");
	assert_string_equal(c.log_level, "debug");
	assert_int_equal(c.worker_threads, 4);
	hl_conf_release(&c);
}

static void
test_unknown_directive_names_file_line(void **state)
{
	(void)state;
	assert_file_error("[server]\nport = 8080\n\n# typo below\nprot = 80\n",
	    "5: unknown directive 'prot' in [server]");
}

static void
test_unknown_section_names_file_line(void **state)
{
	(void)state;
	assert_file_error("[server]\nport = 8080\n[sever]\nport = 1\n",
	    "4: unknown section [sever]");
}

static void
test_directive_outside_section_fails(void **state)
{
	(void)state;
	assert_file_error("port = 8080\n",
	    "1: directive 'port' outside any [section]");
}

static void
test_duplicate_directive_names_both_lines(void **state)
{
	(void)state;
	assert_file_error(
	    "[server]\nport = 8080\n[auth]\n[server]\nport = 81\n",
	    "5: duplicate directive 'port' in [server] (first set on line 2)");
}

static void
test_syntax_error_names_line(void **state)
{
	(void)state;
	assert_file_error("[server]\nport = 8080\nworker_threads 4\n",
	    "3: syntax error: expected '[section]' or 'name = value'");
	assert_file_error("[server\nport = 8080\n",
	    "1: syntax error: expected '[section]' or 'name = value'");
}

static void
test_port_out_of_range_fails(void **state)
{
	(void)state;
	assert_file_error("[server]\nport = 70000\n",
	    "2: server.port: value 70000 out of range 1..65535");
	assert_file_error("[server]\nport = 0\n",
	    "2: server.port: value 0 out of range 1..65535");
}

static void
test_bad_number_fails(void **state)
{
	(void)state;
	assert_file_error("[server]\nport = 80x\n",
	    "2: server.port: '80x' is not a whole number");
	assert_file_error("[server]\nport = 99999999999999999999\n",
	    "2: server.port: '99999999999999999999' is not a whole number");
	assert_file_error("[notify]\nmax_tries =\n",
	    "2: notify.max_tries: '' is not a whole number");
}

static void
test_bad_bool_fails(void **state)
{
	(void)state;
	assert_file_error("[server]\naccess_log = maybe\n",
	    "2: server.access_log: 'maybe' is not a boolean (true/false, yes/no, on/off, 1/0)");
}

static void
test_bool_spellings_accepted(void **state)
{
	static const struct {
		const char *text;
		bool want;
	} cases[] = {
		{ "true", true },
		{ "yes", true },
		{ "on", true },
		{ "1", true },
		{ "TRUE", true },
		{ "false", false },
		{ "no", false },
		{ "off", false },
		{ "0", false },
		{ "Off", false },
	};
	struct hl_conf c;
	struct hl_err err = { 0 };
	char text[64];
	char path[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(text, sizeof(text), "[auth]\ncookie_secure = %s\n",
		    cases[i].text);
		assert_int_equal(load_text(text, &c, &err, path, sizeof(path)),
		    0);
		assert_int_equal(c.cookie_secure, cases[i].want);
		hl_conf_release(&c);
	}
}

static void
test_size_suffixes_scale(void **state)
{
	struct hl_conf c;
	struct hl_err err = { 0 };
	char path[64];

	(void)state;
	assert_int_equal(load_text("[server]\n"
	                           "max_body_json = 2k\n"
	                           "max_body_upload = 1G\n"
	                           "max_body_markdown = 5000\n",
	                     &c, &err, path, sizeof(path)),
	    0);
	assert_int_equal(c.max_body_json, 2048);
	assert_int_equal(c.max_body_upload, 1073741824);
	assert_int_equal(c.max_body_markdown, 5000);
	hl_conf_release(&c);
	assert_int_equal(load_text("[server]\nmax_body_json = 20M\n", &c, &err,
	                     path, sizeof(path)),
	    0);
	assert_int_equal(c.max_body_json, 20 * 1024 * 1024);
	hl_conf_release(&c);
}

static void
test_size_out_of_range_fails(void **state)
{
	(void)state;
	assert_file_error("[server]\nmax_body_json = 2G\n",
	    "2: server.max_body_json: value 2G out of range 1K..64M");
	assert_file_error("[server]\nmax_body_markdown = 1000\n",
	    "2: server.max_body_markdown: value 1000 out of range 1K..1M");
}

static void
test_bad_size_fails(void **state)
{
	(void)state;
	assert_file_error("[server]\nmax_body_json = 20X\n",
	    "2: server.max_body_json: '20X' is not a size (bytes, or a number with suffix K, M or G)");
	assert_file_error("[server]\nmax_body_json = -1K\n",
	    "2: server.max_body_json: '-1K' is not a size (bytes, or a number with suffix K, M or G)");
	assert_file_error("[server]\nmax_body_json = 99999999999G\n",
	    "2: server.max_body_json: '99999999999G' is not a size (bytes, or a number with suffix K, M or G)");
}

static void
test_log_level_outside_choices_fails(void **state)
{
	(void)state;
	assert_file_error("[server]\nlog_level = verbose\n",
	    "2: server.log_level: 'verbose' is not one of err, warn, info, debug");
}

static void
test_empty_string_fails(void **state)
{
	(void)state;
	assert_file_error("[server]\nuser =\n",
	    "2: server.user: value must not be empty");
}

/* hl_conf_pick_database() with local_cluster = dir and url as given,
 * for serving or another command. */
static char *
picked_for(const char *url, const char *dir, bool serving)
{
	struct hl_conf c;
	struct hl_err err = { 0 };
	char *out;

	assert_int_equal(hl_conf_load(&c, NULL, &err), 0);
	free(c.database_url);
	c.database_url = hl_xstrdup(url);
	free(c.database_local_cluster);
	c.database_local_cluster = hl_xstrdup(dir);
	hl_conf_pick_database(&c, serving);
	out = hl_xstrdup(c.database_url);
	hl_conf_release(&c);
	return out;
}

static char *
picked(const char *url, const char *dir)
{
	return picked_for(url, dir, false);
}

static void
test_empty_url_finds_the_private_cluster(void **state)
{
	char dir[] = "/tmp/test_conf_pg.XXXXXX";
	char path[64];
	char app[64];
	FILE *fp;
	char *url;

	(void)state;
	assert_non_null(mkdtemp(dir));
	/* No cluster there yet: the local server's socket. */
	url = picked("", dir);
	assert_string_equal(url, "postgresql:///honglian");
	free(url);
	snprintf(path, sizeof(path), "%s/conninfo", dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("host=/x/var/pg dbname=honglian user=honglian\n", fp);
	assert_int_equal(fclose(fp), 0);
	url = picked("", dir);
	assert_string_equal(url,
	    "host=/x/var/pg dbname=honglian user=honglian");
	free(url);
	/* Serving without app-conninfo: the owner's, as before. */
	url = picked_for("", dir, true);
	assert_string_equal(url,
	    "host=/x/var/pg dbname=honglian user=honglian");
	free(url);
	snprintf(app, sizeof(app), "%s/app-conninfo", dir);
	fp = fopen(app, "w");
	assert_non_null(fp);
	fputs("host=/x/var/pg dbname=honglian user=honglian_app\n", fp);
	assert_int_equal(fclose(fp), 0);
	url = picked_for("", dir, true);
	assert_string_equal(url,
	    "host=/x/var/pg dbname=honglian user=honglian_app");
	free(url);
	url = picked("", dir);
	assert_string_equal(url,
	    "host=/x/var/pg dbname=honglian user=honglian");
	free(url);
	assert_int_equal(unlink(app), 0);
	/* A url that was given wins; an empty local_cluster never looks. */
	url = picked("host=db dbname=hl", dir);
	assert_string_equal(url, "host=db dbname=hl");
	free(url);
	url = picked("", "");
	assert_string_equal(url, "postgresql:///honglian");
	free(url);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
}

/* A list that is empty by default may be set empty, or to a value. */
static void
test_allow_nets_may_be_empty(void **state)
{
	struct hl_conf c;
	struct hl_err err = { 0 };
	char path[64];

	(void)state;
	assert_int_equal(hl_conf_load(&c, NULL, &err), 0);
	assert_string_equal(c.notify_allow_nets, "");
	hl_conf_release(&c);
	assert_int_equal(
	    load_text("[notify]\nallow_nets =\n", &c, &err, path, sizeof(path)),
	    0);
	assert_string_equal(c.notify_allow_nets, "");
	hl_conf_release(&c);
	assert_int_equal(load_text("[notify]\nallow_nets = 127.0.0.0/8, ::1\n",
	                     &c, &err, path, sizeof(path)),
	    0);
	assert_string_equal(c.notify_allow_nets, "127.0.0.0/8, ::1");
	hl_conf_release(&c);
	assert_file_error("[notify]\ntimeout_s = 16\n",
	    "2: notify.timeout_s: value 16 out of range 1..15");
}

static void
test_long_url_is_kept_whole(void **state)
{
	struct hl_conf c;
	struct hl_err err = { 0 };
	char text[1200];
	char url[1000];
	char path[64];

	(void)state;
	memset(url, 'a', sizeof(url) - 1);
	url[sizeof(url) - 1] = '\0';
	memcpy(url, "host=", 5);
	snprintf(text, sizeof(text),
	    "[database]\nurl = %s\n[server]\nport = 1\n", url);
	assert_int_equal(load_text(text, &c, &err, path, sizeof(path)), 0);
	assert_string_equal(c.database_url, url);
	assert_int_equal(c.port, 1);
	hl_conf_release(&c);
}

static void
test_overlong_line_fails(void **state)
{
	char *text = malloc(5000);

	(void)state;
	assert_non_null(text);
	memset(text, 'a', 4999);
	text[4999] = '\0';
	memcpy(text, "[server]\n# ", 11);
	assert_file_error(text, "2: line longer than 4096 bytes");
	free(text);
}

static void
test_missing_file_fails(void **state)
{
	struct hl_conf c;
	struct hl_err err = { 0 };

	(void)state;
	assert_int_equal(hl_conf_load(&c, "/nonexistent/honglian.conf", &err),
	    -1);
	assert_string_equal(err.msg,
	    "/nonexistent/honglian.conf: cannot open: No such file or directory");
	hl_conf_release(&c);
}

static void
test_env_overrides_file(void **state)
{
	struct hl_conf c;
	struct hl_err err = { 0 };
	char path[64];

	(void)state;
	setenv("HONGLIAN_SERVER_PORT", "9100", 1);
	setenv("HONGLIAN_DATABASE_URL", "postgresql://hl@db/test", 1);
	setenv("HONGLIAN_NOTIFY_MAX_TRIES", "3", 1);
	setenv("HONGLIAN_SERVER_MAX_BODY_JSON", "2M", 1);
	setenv("HONGLIAN_AUTH_COOKIE_SECURE", "yes", 1);
	assert_int_equal(
	    load_text("[server]\nport = 9000\nworker_threads = 3\n", &c, &err,
	        path, sizeof(path)),
	    0);
	assert_int_equal(c.port, 9100);
	assert_int_equal(c.worker_threads, 3);
	assert_string_equal(c.database_url, "postgresql://hl@db/test");
	assert_int_equal(c.notify_max_tries, 3);
	assert_int_equal(c.max_body_json, 2 * 1024 * 1024);
	assert_true(c.cookie_secure);
	hl_conf_release(&c);
}

static void
test_env_bad_value_names_variable(void **state)
{
	struct hl_conf c;
	struct hl_err err = { 0 };

	(void)state;
	setenv("HONGLIAN_SERVER_PORT", "70000", 1);
	assert_int_equal(hl_conf_load(&c, NULL, &err), -1);
	assert_string_equal(err.msg,
	    "HONGLIAN_SERVER_PORT: value 70000 out of range 1..65535");
	hl_conf_release(&c);
	setenv("HONGLIAN_SERVER_PORT", " 80", 1);
	assert_int_equal(hl_conf_load(&c, NULL, &err), -1);
	assert_string_equal(err.msg,
	    "HONGLIAN_SERVER_PORT: ' 80' is not a whole number");
	hl_conf_release(&c);
}

static void
test_pool_below_workers_names_both(void **state)
{
	(void)state;
	assert_file_error("[server]\nworker_threads = 8\n"
	                  "[database]\npool_size = 9\n",
	    "4: database.pool_size (9) must be at least server.worker_threads + 2 (10)");
}

static void
test_pool_default_blames_workers_env(void **state)
{
	struct hl_conf c;
	struct hl_err err = { 0 };

	(void)state;
	setenv("HONGLIAN_SERVER_WORKER_THREADS", "16", 1);
	assert_int_equal(hl_conf_load(&c, NULL, &err), -1);
	assert_string_equal(err.msg,
	    "HONGLIAN_SERVER_WORKER_THREADS: database.pool_size (8) must be at least server.worker_threads + 2 (18)");
	hl_conf_release(&c);
}

static void
test_session_absolute_below_idle_fails(void **state)
{
	(void)state;
	assert_file_error("[auth]\nsession_idle_s = 7200\n"
	                  "session_absolute_s = 3600\n",
	    "3: auth.session_absolute_s (3600) must be at least auth.session_idle_s (7200)");
}

/* The dump line of database.url for a given url. */
static char *
dump_url(const char *url)
{
	struct hl_conf c;
	struct hl_err err = { 0 };
	char *out;
	char *line;
	char *r;

	setenv("HONGLIAN_DATABASE_URL", url, 1);
	assert_int_equal(hl_conf_load(&c, NULL, &err), 0);
	out = dump(&c);
	line = strstr(out, "database.url = ");
	assert_non_null(line);
	r = strndup(line, strcspn(line, "\n"));
	free(out);
	hl_conf_release(&c);
	return r;
}

static void
test_dump_masks_passwords(void **state)
{
	static const struct {
		const char *url;
		const char *want;
	} cases[] = {
		{ "postgresql:///honglian", "postgresql:///honglian" },
		{ "postgresql://hl:s3cret@db:5432/honglian",
		    "postgresql://hl:***@db:5432/honglian" },
		{ "postgres://hl@db/honglian", "postgres://hl@db/honglian" },
		{ "postgresql://db/honglian?user=hl&password=s3cret&sslmode=require",
		    "postgresql://db/honglian?user=hl&password=***&sslmode=require" },
		{ "host=db password=s3cret dbname=honglian",
		    "host=db password=*** dbname=honglian" },
		{ "password = 'a b\\' c' user=hl", "password = *** user=hl" },
		{ "user=password dbname=nopassword",
		    "user=password dbname=nopassword" },
	};
	char want[256];
	char *got;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		got = dump_url(cases[i].url);
		snprintf(want, sizeof(want), "database.url = %s",
		    cases[i].want);
		assert_string_equal(got, want);
		free(got);
	}
}

static void
test_dump_prints_every_directive(void **state)
{
	struct hl_conf c;
	struct hl_err err = { 0 };
	char *out;

	(void)state;
	assert_int_equal(hl_conf_load(&c, NULL, &err), 0);
	out = dump(&c);
	assert_non_null(strstr(out, "server.listen_address = 127.0.0.1\n"));
	assert_non_null(strstr(out, "server.port = 8080\n"));
	assert_non_null(strstr(out, "server.max_body_upload = 21M\n"));
	assert_non_null(strstr(out, "server.access_log = true\n"));
	assert_non_null(strstr(out, "database.pool_size = 8\n"));
	assert_non_null(strstr(out, "notify.timeout_s = 15\n"));
	assert_non_null(strstr(out, "notify.max_tries = 8\n"));
	free(out);
	hl_conf_release(&c);
}

/* The dump, turned back into sections, loads into the same values: it
 * prints every directive in the syntax the file takes. */
static void
test_dump_reloads_to_same_values(void **state)
{
	struct hl_conf c;
	struct hl_conf again;
	struct hl_err err = { 0 };
	char *first;
	char *second;
	char *text;
	char *p;
	char *dot;
	char *nl;
	char section[32] = "";
	char path[64];
	size_t len;
	FILE *fp;

	(void)state;
	setenv("HONGLIAN_SERVER_MAX_BODY_JSON", "3000", 1);
	setenv("HONGLIAN_AUTH_COOKIE_SECURE", "on", 1);
	assert_int_equal(hl_conf_load(&c, "conf/honglian.test.conf", &err), 0);
	clear_env(NULL);
	first = dump(&c);
	fp = open_memstream(&text, &len);
	assert_non_null(fp);
	for (p = first; *p != '\0'; p = nl + 1) {
		dot = strchr(p, '.');
		nl = strchr(p, '\n');
		assert_non_null(dot);
		assert_non_null(nl);
		if (strncmp(section, p, (size_t)(dot - p)) != 0 ||
		    section[dot - p] != '\0') {
			snprintf(section, sizeof(section), "%.*s",
			    (int)(dot - p), p);
			fprintf(fp, "[%s]\n", section);
		}
		fprintf(fp, "%.*s\n", (int)(nl - dot - 1), dot + 1);
	}
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(load_text(text, &again, &err, path, sizeof(path)), 0);
	second = dump(&again);
	assert_string_equal(second, first);
	assert_int_equal(again.max_body_json, 3000);
	assert_true(again.cookie_secure);
	assert_int_equal(again.port, 18080);
	free(second);
	free(text);
	free(first);
	hl_conf_release(&again);
	hl_conf_release(&c);
}

static void
test_release_zeroes_conf(void **state)
{
	static const struct hl_conf zero;
	struct hl_conf c;
	struct hl_err err = { 0 };

	(void)state;
	assert_int_equal(hl_conf_load(&c, NULL, &err), 0);
	hl_conf_release(&c);
	assert_memory_equal(&c, &zero, sizeof(c));
	/* Released twice, as a caller's cleanup path may. */
	hl_conf_release(&c);
}

#define T(f) cmocka_unit_test_teardown(f, clear_env)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_load_null_path_gives_defaults),
		T(test_shipped_conf_equals_defaults),
		T(test_shipped_conf_lists_every_directive),
		T(test_test_conf_sets_test_values),
		T(test_file_values_override_defaults),
		T(test_unknown_directive_names_file_line),
		T(test_unknown_section_names_file_line),
		T(test_directive_outside_section_fails),
		T(test_duplicate_directive_names_both_lines),
		T(test_syntax_error_names_line),
		T(test_port_out_of_range_fails),
		T(test_bad_number_fails),
		T(test_bad_bool_fails),
		T(test_bool_spellings_accepted),
		T(test_size_suffixes_scale),
		T(test_size_out_of_range_fails),
		T(test_bad_size_fails),
		T(test_log_level_outside_choices_fails),
		T(test_empty_string_fails),
		T(test_empty_url_finds_the_private_cluster),
		T(test_allow_nets_may_be_empty),
		T(test_long_url_is_kept_whole),
		T(test_overlong_line_fails),
		T(test_missing_file_fails),
		T(test_env_overrides_file),
		T(test_env_bad_value_names_variable),
		T(test_pool_below_workers_names_both),
		T(test_pool_default_blames_workers_env),
		T(test_session_absolute_below_idle_fails),
		T(test_dump_masks_passwords),
		T(test_dump_prints_every_directive),
		T(test_dump_reloads_to_same_values),
		T(test_release_zeroes_conf),
	};

	return cmocka_run_group_tests(tests, clear_env, NULL);
}
