/*
 * Configuration as data: the table below names every directive of
 * conf/honglian.conf with its section, type, field, default and bounds, and
 * the code only walks it.  inih splits the file into name = value pairs;
 * typing, bounds, the environment overrides and the cross-checks are ours.
 * This is the only file that includes <ini.h>.
 */
#include "conf.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "buf.h"
#include "err.h"
#include "log.h"
#include "mem.h"
#include "str.h"

#define KIB ((int64_t)1 << 10)
#define MIB ((int64_t)1 << 20)
#define GIB ((int64_t)1 << 30)

/* Longest line we accept.  inih may grow its buffer further (see
 * parse_file), so an over-long line is reported here instead of being cut
 * by inih into a second, bogus line. */
#define MAX_LINE 4096

/* offsetof() must be a macro; this only shortens the table rows. */
#define FIELD(f) offsetof(struct hl_conf, f)

enum type {
	T_STR,  /* string (non-empty unless F_EMPTY), optionally one of choices
	         */
	T_INT,  /* decimal integer in min..max */
	T_SIZE, /* bytes in min..max, with an optional K, M or G suffix */
	T_BOOL, /* true/false, yes/no, on/off, 1/0 */
};

/* The value is a libpq conninfo: hl_conf_dump() masks its passwords. */
#define F_CONNINFO 0x1
/* T_STR: the empty string is a value (it means "not given"). */
#define F_EMPTY 0x2

/* Where an empty [database] url leads when local_cluster has no cluster:
 * the local server's default socket. */
#define DATABASE_URL_FALLBACK "postgresql:///honglian"

struct directive {
	const char *section;
	const char *name;
	enum type type;
	size_t off; /* of the field in struct hl_conf */
	/* Written as in the file and parsed by the same code, so a default
	 * outside its own bounds cannot go unnoticed (see set_defaults). */
	const char *def;
	int64_t min;
	int64_t max;
	const char *const *choices; /* T_STR: NULL-terminated, or NULL */
	unsigned flags;
};

static const char *const log_levels[] = { "err", "warn", "info", "debug",
	NULL };

static const char *const environments[] = { "development", "production", NULL };

/*
 * A directive's name is its field's name, minus the section name when the
 * field starts with it ([database] url is database_url).  The environment
 * override is HONGLIAN_<SECTION>_<NAME> in upper case.  conf/honglian.conf
 * lists the same directives with the same defaults; test_conf checks that.
 */
static const struct directive directives[] = {
	{ "server", "listen_address", T_STR, FIELD(listen_address), "127.0.0.1",
	    0, 0, NULL, 0 },
	{ "server", "port", T_INT, FIELD(port), "8080", 1, 65535, NULL, 0 },
	{ "server", "worker_threads", T_INT, FIELD(worker_threads), "4", 1, 64,
	    NULL, 0 },
	{ "server", "max_connections", T_INT, FIELD(max_connections), "1024", 1,
	    100000, NULL, 0 },
	/* 0 turns the per-address limit off. */
	{ "server", "max_per_ip", T_INT, FIELD(max_per_ip), "64", 0, 100000,
	    NULL, 0 },
	{ "server", "conn_timeout_s", T_INT, FIELD(conn_timeout_s), "30", 1,
	    3600, NULL, 0 },
	{ "server", "max_body_json", T_SIZE, FIELD(max_body_json), "1M", KIB,
	    64 * MIB, NULL, 0 },
	/* 20 MiB of file plus the multipart framing and the other fields. */
	{ "server", "max_body_upload", T_SIZE, FIELD(max_body_upload), "21M",
	    KIB, GIB, NULL, 0 },
	{ "server", "max_body_markdown", T_SIZE, FIELD(max_body_markdown),
	    "64K", KIB, MIB, NULL, 0 },
	{ "server", "assets_dir", T_STR, FIELD(assets_dir), "assets/dist", 0, 0,
	    NULL, 0 },
	{ "server", "sql_dir", T_STR, FIELD(sql_dir), "sql", 0, 0, NULL, 0 },
	{ "server", "openapi_file", T_STR, FIELD(openapi_file),
	    "docs/openapi.json", 0, 0, NULL, 0 },
	{ "server", "user", T_STR, FIELD(user), "nobody", 0, 0, NULL, 0 },
	{ "server", "log_level", T_STR, FIELD(log_level), "info", 0, 0,
	    log_levels, 0 },
	{ "server", "access_log", T_BOOL, FIELD(access_log), "true", 0, 0, NULL,
	    0 },
	{ "server", "public_url", T_STR, FIELD(public_url),
	    "http://127.0.0.1:8080", 0, 0, NULL, 0 },
	/* production refuses what only development needs (generated data). */
	{ "server", "environment", T_STR, FIELD(environment), "development", 0,
	    0, environments, 0 },
	/* Checked by the HTTP layer when it starts (addresses and CIDRs). */
	{ "server", "trusted_proxies", T_STR, FIELD(trusted_proxies), "", 0, 0,
	    NULL, F_EMPTY },
	{ "server", "header_timeout_s", T_INT, FIELD(header_timeout_s), "10", 1,
	    300, NULL, 0 },
	{ "server", "body_timeout_s", T_INT, FIELD(body_timeout_s), "30", 1,
	    3600, NULL, 0 },
	{ "server", "body_min_rate", T_SIZE, FIELD(body_min_rate), "16K", 256,
	    GIB, NULL, 0 },
	{ "server", "max_body_memory", T_SIZE, FIELD(max_body_memory), "256M",
	    MIB, 64 * GIB, NULL, 0 },
	{ "server", "keepalive", T_BOOL, FIELD(keepalive), "true", 0, 0, NULL,
	    0 },

	/* Empty: see hl_conf_pick_database(). */
	{ "database", "url", T_STR, FIELD(database_url), "", 0, 0, NULL,
	    F_CONNINFO | F_EMPTY },
	{ "database", "local_cluster", T_STR, FIELD(database_local_cluster),
	    "var/pg", 0, 0, NULL, F_EMPTY },
	{ "database", "pool_size", T_INT, FIELD(database_pool_size), "8", 1,
	    256, NULL, 0 },
	{ "database", "statement_timeout_ms", T_INT,
	    FIELD(statement_timeout_ms), "5000", 100, 600000, NULL, 0 },
	{ "database", "connect_timeout_s", T_INT, FIELD(connect_timeout_s), "2",
	    1, 60, NULL, 0 },
	{ "database", "retry_after_s", T_INT, FIELD(retry_after_s), "5", 1,
	    3600, NULL, 0 },
	/* Empty: no replica, reports read the primary. */
	{ "database", "replica_url", T_STR, FIELD(replica_url), "", 0, 0, NULL,
	    F_CONNINFO | F_EMPTY },
	{ "database", "replica_max_lag_s", T_INT, FIELD(replica_max_lag_s),
	    "30", 1, 86400, NULL, 0 },
	{ "database", "stream_connections", T_INT, FIELD(stream_connections),
	    "4", 1, 64, NULL, 0 },

	/* Sessions live at most 30 days, however they are configured. */
	{ "auth", "session_idle_s", T_INT, FIELD(session_idle_s), "7200", 60,
	    2592000, NULL, 0 },
	{ "auth", "session_absolute_s", T_INT, FIELD(session_absolute_s),
	    "43200", 60, 2592000, NULL, 0 },
	{ "auth", "cookie_secure", T_BOOL, FIELD(cookie_secure), "false", 0, 0,
	    NULL, 0 },
	{ "auth", "login_fail_per_pair", T_INT, FIELD(login_fail_per_pair), "5",
	    1, 100, NULL, 0 },
	{ "auth", "login_fail_per_ip", T_INT, FIELD(login_fail_per_ip), "20", 1,
	    10000, NULL, 0 },
	{ "auth", "login_fail_per_account", T_INT,
	    FIELD(login_fail_per_account), "20", 1, 10000, NULL, 0 },
	{ "auth", "login_delay_max_s", T_INT, FIELD(login_delay_max_s), "900",
	    1, 86400, NULL, 0 },
	{ "auth", "token_expiry_days", T_INT, FIELD(token_expiry_days), "90", 1,
	    3650, NULL, 0 },

	{ "cases", "escalate_after_days", T_INT, FIELD(escalate_after_days),
	    "3", 0, 60, NULL, 0 },
	{ "cases", "jobs_interval_s", T_INT, FIELD(jobs_interval_s), "60", 1,
	    86400, NULL, 0 },

	/* Standard Webhooks recommends 15 to 30 s; we cap an attempt at 15
	 * so that a slow receiver cannot hold a slot for long. */
	{ "notify", "timeout_s", T_INT, FIELD(notify_timeout_s), "15", 1, 15,
	    NULL, 0 },
	{ "notify", "max_tries", T_INT, FIELD(notify_max_tries), "8", 1, 100,
	    NULL, 0 },
	{ "notify", "allow_nets", T_STR, FIELD(notify_allow_nets), "", 0, 0,
	    NULL, F_EMPTY },
	{ "notify", "poll_ms", T_INT, FIELD(notify_poll_ms), "1000", 10, 60000,
	    NULL, 0 },
	{ "notify", "concurrency", T_INT, FIELD(notify_concurrency), "32", 1,
	    256, NULL, 0 },
	{ "notify", "retry_base_ms", T_INT, FIELD(notify_retry_base_ms),
	    "10000", 10, 3600000, NULL, 0 },
	{ "notify", "retry_max_s", T_INT, FIELD(notify_retry_max_s), "21600", 1,
	    604800, NULL, 0 },
	{ "notify", "robot_rate", T_INT, FIELD(notify_robot_rate), "20", 1,
	    1000, NULL, 0 },
	{ "notify", "robot_window_s", T_INT, FIELD(notify_robot_window_s), "60",
	    1, 3600, NULL, 0 },
	{ "notify", "keep_days", T_INT, FIELD(notify_keep_days), "30", 1, 3650,
	    NULL, 0 },
	{ "notify", "policy_closing_days", T_INT,
	    FIELD(notify_policy_closing_days), "7", 1, 90, NULL, 0 },

	{ "meetings", "similarity_percent", T_INT, FIELD(similarity_percent),
	    "30", 5, 100, NULL, 0 },
	{ "meetings", "min_enterprises", T_INT, FIELD(min_enterprises), "3", 2,
	    50, NULL, 0 },
};

#define N_DIRECTIVES (sizeof(directives) / sizeof(directives[0]))

/* Relations between directives, checked once everything is loaded:
 * the value at big must be at least the value at small plus extra. */
struct rule {
	size_t big;
	size_t small;
	int64_t extra;
};

static const struct rule rules[] = {
	/* db.c keeps one connection per thread: each worker thread, the
	 * background job runner and the notify outbox worker. */
	{ FIELD(database_pool_size), FIELD(worker_threads), 2 },
	/* An idle timeout past the absolute one would never fire. */
	{ FIELD(session_absolute_s), FIELD(session_idle_s), 0 },
};

/* One load: where each directive was set, and the file being read. */
struct load {
	struct hl_conf *c;
	struct hl_err *err;
	const char *path;
	FILE *fp;
	int line;     /* line being parsed, counted by read_line() */
	bool at_bol;  /* the next chunk read starts a new line */
	size_t n_col; /* bytes of the current line so far */
	bool failed;
	int set_line[N_DIRECTIVES]; /* file line, 0 when not in the file */
	bool set_env[N_DIRECTIVES];
};

static int fail(struct load *ld, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void *
field(const struct hl_conf *c, const struct directive *d)
{
	return (char *)c + d->off;
}

static const struct directive *
find(const char *section, const char *name, size_t *idx)
{
	size_t i;

	for (i = 0; i < N_DIRECTIVES; i++) {
		if (strcmp(directives[i].section, section) == 0 &&
		    strcmp(directives[i].name, name) == 0) {
			*idx = i;
			return &directives[i];
		}
	}
	return NULL;
}

static size_t
find_off(size_t off)
{
	size_t i;

	for (i = 0; i < N_DIRECTIVES; i++)
		if (directives[i].off == off)
			return i;
	HL_BUG("conf: rule names a field without a directive");
}

static bool
known_section(const char *section)
{
	size_t i;

	for (i = 0; i < N_DIRECTIVES; i++)
		if (strcmp(directives[i].section, section) == 0)
			return true;
	return false;
}

/* "21M" for 22020096, "1000" for 1000: the largest unit that divides. */
static void
fmt_size(int64_t v, char *out, size_t n)
{
	static const struct {
		char suffix;
		int64_t mult;
	} units[] = { { 'G', GIB }, { 'M', MIB }, { 'K', KIB } };
	size_t i;

	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (v != 0 && v % units[i].mult == 0) {
			snprintf(out, n, "%" PRId64 "%c", v / units[i].mult,
			    units[i].suffix);
			return;
		}
	}
	snprintf(out, n, "%" PRId64, v);
}

static int
parse_size(const char *s, int64_t *out)
{
	size_t len = strlen(s);
	int64_t mult = 1;
	int64_t v;

	if (len > 0) {
		switch (s[len - 1]) {
		case 'k':
		case 'K':
			mult = KIB;
			break;
		case 'm':
		case 'M':
			mult = MIB;
			break;
		case 'g':
		case 'G':
			mult = GIB;
			break;
		default:
			break;
		}
	}
	if (mult != 1)
		len--;
	if (hl_str_to_i64((struct hl_str){ s, len }, &v) == -1 || v < 0 ||
	    v > INT64_MAX / mult)
		return -1;
	*out = v * mult;
	return 0;
}

static int
parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "true", "yes", "on", "1" };
	static const char *const no[] = { "false", "no", "off", "0" };
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	return -1;
}

static int
check_choice(const struct directive *d, const char *s, char *why, size_t n)
{
	struct hl_buf list = { 0 };
	size_t i;

	if (d->choices == NULL)
		return 0;
	for (i = 0; d->choices[i] != NULL; i++)
		if (strcmp(s, d->choices[i]) == 0)
			return 0;
	for (i = 0; d->choices[i] != NULL; i++)
		hl_buf_printf(&list, "%s%s", i > 0 ? ", " : "", d->choices[i]);
	snprintf(why, n, "'%.64s' is not one of %s", s, hl_buf_cstr(&list));
	hl_buf_release(&list);
	return -1;
}

/*
 * Parse s as directive d's type and store it in c.  On failure c is left
 * as it was and why says what is wrong with s, for an operator.  Only
 * values that fail to parse as a number, a boolean or a choice are echoed:
 * free-form strings (the database url) may hold a password.
 */
static int
set_value(struct hl_conf *c, const struct directive *d, const char *s,
    char *why, size_t n)
{
	char lo[32];
	char hi[32];
	int64_t v;
	bool b;

	switch (d->type) {
	case T_STR:
		if (*s == '\0' && !(d->flags & F_EMPTY)) {
			snprintf(why, n, "value must not be empty");
			return -1;
		}
		if (check_choice(d, s, why, n) == -1)
			return -1;
		free(*(char **)field(c, d));
		*(char **)field(c, d) = hl_xstrdup(s);
		return 0;
	case T_BOOL:
		if (parse_bool(s, &b) == -1) {
			snprintf(why, n,
			    "'%.64s' is not a boolean (true/false, yes/no, on/off, 1/0)",
			    s);
			return -1;
		}
		*(bool *)field(c, d) = b;
		return 0;
	case T_INT:
		if (hl_str_to_i64(hl_str_from(s), &v) == -1) {
			snprintf(why, n, "'%.64s' is not a whole number", s);
			return -1;
		}
		snprintf(lo, sizeof(lo), "%" PRId64, d->min);
		snprintf(hi, sizeof(hi), "%" PRId64, d->max);
		break;
	case T_SIZE:
		if (parse_size(s, &v) == -1) {
			snprintf(why, n,
			    "'%.64s' is not a size (bytes, or a number with suffix K, M or G)",
			    s);
			return -1;
		}
		fmt_size(d->min, lo, sizeof(lo));
		fmt_size(d->max, hi, sizeof(hi));
		break;
	default:
		HL_BUG("conf: directive of unknown type");
	}
	if (v < d->min || v > d->max) {
		snprintf(why, n, "value %.64s out of range %s..%s", s, lo, hi);
		return -1;
	}
	*(int64_t *)field(c, d) = v;
	return 0;
}

static void
set_defaults(struct hl_conf *c)
{
	char why[HL_ERR_MSG_MAX];
	size_t i;

	for (i = 0; i < N_DIRECTIVES; i++)
		if (set_value(c, &directives[i], directives[i].def, why,
		        sizeof(why)) == -1)
			HL_BUG("conf: a built-in default is invalid");
}

/* Record the error, located at the line being parsed.  Returns 0, what
 * an inih handler returns to stop the parse. */
static int
fail(struct load *ld, const char *fmt, ...)
{
	char msg[HL_ERR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ld->failed = true;
	hl_err_set(ld->err, 500, "invalid_config", "%s:%d: %s", ld->path,
	    ld->line, msg);
	return 0;
}

/*
 * inih's reader callback, an fgets() that counts lines: inih does not tell
 * the handler which line it is on.  inih may call it several times for one
 * long line, so a line is counted when a chunk starts after a newline.
 * Returning NULL ends the parse: after the first error, or on a line too
 * long to be a directive.
 */
static char *
read_line(char *s, int n, void *arg)
{
	struct load *ld = arg;
	size_t len;

	if (ld->failed || fgets(s, n, ld->fp) == NULL)
		return NULL;
	if (ld->at_bol) {
		ld->line++;
		ld->n_col = 0;
	}
	len = strlen(s);
	ld->n_col += len;
	ld->at_bol = len > 0 && s[len - 1] == '\n';
	if (ld->n_col > MAX_LINE) {
		fail(ld, "line longer than %d bytes", MAX_LINE);
		return NULL;
	}
	return s;
}

/* inih's handler: one name = value pair of the file.  0 stops the parse. */
static int
on_pair(void *arg, const char *section, const char *name, const char *value)
{
	struct load *ld = arg;
	const struct directive *d;
	char why[HL_ERR_MSG_MAX];
	size_t i;

	/* inih reports a section only through its pairs, so an unknown but
	 * empty section goes unnoticed; it is harmless. */
	if (*section == '\0')
		return fail(ld, "directive '%s' outside any [section]", name);
	if (!known_section(section))
		return fail(ld, "unknown section [%s]", section);
	if ((d = find(section, name, &i)) == NULL)
		return fail(ld, "unknown directive '%s' in [%s]", name,
		    section);
	if (ld->set_line[i] != 0)
		return fail(ld,
		    "duplicate directive '%s' in [%s] (first set on line %d)",
		    name, section, ld->set_line[i]);
	ld->set_line[i] = ld->line;
	if (set_value(ld->c, d, value, why, sizeof(why)) == -1)
		return fail(ld, "%s.%s: %s", section, name, why);
	return 1;
}

static int
parse_file(struct load *ld)
{
	int rc;

	if ((ld->fp = fopen(ld->path, "r")) == NULL)
		return hl_err_set(ld->err, 500, "invalid_config",
		    "%s: cannot open: %s", ld->path, strerror(errno));
	/*
	 * Debian's libinih exposes its build options as variables.  conf.c
	 * is inih's only user, so setting them here affects no one else.
	 * No continuation lines: an indented directive is a directive, not
	 * part of the value above it.  A heap buffer that grows, so that a
	 * long database url is not cut (read_line() caps the length).
	 */
	ini_allow_multiline = false;
	ini_stop_on_first_error = true;
	ini_use_stack = false;
	ini_allow_realloc = true;
	ini_max_line = 2 * MAX_LINE;
	ld->at_bol = true;
	rc = ini_parse_stream(read_line, ld, on_pair, ld);
	if (ld->failed)
		goto out;
	if (rc == -2) {
		hl_log(HL_LOG_ERR, "out of memory");
		abort();
	}
	if (rc > 0) {
		ld->line = rc;
		fail(ld,
		    "syntax error: expected '[section]' or 'name = value'");
	} else if (ferror(ld->fp)) {
		hl_err_set(ld->err, 500, "invalid_config", "%s: cannot read",
		    ld->path);
		ld->failed = true;
	}
out:
	fclose(ld->fp);
	ld->fp = NULL;
	return ld->failed ? -1 : 0;
}

static void
env_name(const struct directive *d, char *out, size_t n)
{
	char *p;

	snprintf(out, n, "HONGLIAN_%s_%s", d->section, d->name);
	for (p = out; *p != '\0'; p++)
		*p = (char)toupper((unsigned char)*p);
}

static int
apply_env(struct load *ld)
{
	char name[96];
	char why[HL_ERR_MSG_MAX];
	const char *s;
	size_t i;

	for (i = 0; i < N_DIRECTIVES; i++) {
		env_name(&directives[i], name, sizeof(name));
		if ((s = getenv(name)) == NULL)
			continue;
		if (set_value(ld->c, &directives[i], s, why, sizeof(why)) == -1)
			return hl_err_set(ld->err, 500, "invalid_config",
			    "%s: %s", name, why);
		ld->set_env[i] = true;
	}
	return 0;
}

/* Where directive i got its value, as an error prefix; false when it
 * kept its default. */
static bool
origin(const struct load *ld, size_t i, char *out, size_t n)
{
	char name[96];

	if (ld->set_env[i]) {
		env_name(&directives[i], name, sizeof(name));
		snprintf(out, n, "%s: ", name);
		return true;
	}
	if (ld->set_line[i] != 0) {
		snprintf(out, n, "%s:%d: ", ld->path, ld->set_line[i]);
		return true;
	}
	return false;
}

static int
check_rules(const struct load *ld)
{
	const struct directive *big;
	const struct directive *small;
	char at[HL_ERR_MSG_MAX];
	char plus[32];
	int64_t vb;
	int64_t vs;
	size_t i;
	size_t b;
	size_t s;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		b = find_off(rules[i].big);
		s = find_off(rules[i].small);
		big = &directives[b];
		small = &directives[s];
		vb = *(int64_t *)field(ld->c, big);
		vs = *(int64_t *)field(ld->c, small);
		if (vb >= vs + rules[i].extra)
			continue;
		/* Blame the dependent directive where it was set, else the
		 * one that outgrew it. */
		if (!origin(ld, b, at, sizeof(at)) &&
		    !origin(ld, s, at, sizeof(at)))
			at[0] = '\0';
		plus[0] = '\0';
		if (rules[i].extra != 0)
			snprintf(plus, sizeof(plus), " + %" PRId64,
			    rules[i].extra);
		return hl_err_set(ld->err, 500, "invalid_config",
		    "%s%s.%s (%" PRId64 ") must be at least %s.%s%s (%" PRId64
		    ")",
		    at, big->section, big->name, vb, small->section,
		    small->name, plus, vs + rules[i].extra);
	}
	return 0;
}

int
hl_conf_load(struct hl_conf *c, const char *path, struct hl_err *err)
{
	struct load ld;

	memset(c, 0, sizeof(*c));
	memset(&ld, 0, sizeof(ld));
	ld.c = c;
	ld.err = err;
	ld.path = path;
	set_defaults(c);
	if ((path != NULL && parse_file(&ld) == -1) || apply_env(&ld) == -1 ||
	    check_rules(&ld) == -1)
		return -1;
	return 0;
}

/* The first line of file name in the private cluster's directory into
 * line (len bytes), "" when there is none. */
static void
read_cluster_file(const struct hl_conf *c, const char *name, char *line,
    size_t len)
{
	struct hl_buf path = { 0 };
	FILE *fp;

	line[0] = '\0';
	hl_buf_printf(&path, "%s/%s", c->database_local_cluster, name);
	fp = fopen(hl_buf_cstr(&path), "r");
	if (fp != NULL) {
		if (fgets(line, (int)len, fp) == NULL)
			line[0] = '\0';
		fclose(fp);
	}
	hl_buf_release(&path);
}

void
hl_conf_pick_database(struct hl_conf *c, bool serving)
{
	char line[1024] = "";

	if (c->database_url[0] != '\0')
		return;
	if (c->database_local_cluster[0] != '\0') {
		/* The server as the role that may only read and write rows
		 * (sql/0016_hardening.sql), the other commands as the owner. */
		if (serving)
			read_cluster_file(c, "app-conninfo", line,
			    sizeof(line));
		if (line[0] == '\0')
			read_cluster_file(c, "conninfo", line, sizeof(line));
	}
	line[strcspn(line, "\r\n")] = '\0';
	free(c->database_url);
	c->database_url =
	    hl_xstrdup(line[0] != '\0' ? line : DATABASE_URL_FALLBACK);
}

void
hl_conf_release(struct hl_conf *c)
{
	size_t i;

	for (i = 0; i < N_DIRECTIVES; i++)
		if (directives[i].type == T_STR)
			free(*(char **)field(c, &directives[i]));
	memset(c, 0, sizeof(*c));
}

/*
 * The value of a "password" keyword whose name ends at p, in conninfo
 * (uri false: key = value form, where a value may be quoted) or in a URI
 * query.  Returns the value's start and sets *end, or NULL when no '='
 * follows, i.e. "password" was part of some other word.
 */
static const char *
password_value(const char *p, bool uri, const char **end)
{
	const char *v;

	if (!uri)
		p += strspn(p, " \t");
	if (*p != '=')
		return NULL;
	v = p + 1;
	if (uri) {
		*end = v + strcspn(v, "&#");
		return v;
	}
	v += strspn(v, " \t");
	if (*v != '\'') {
		*end = v + strcspn(v, " \t\r\n");
		return v;
	}
	/* libpq: a quoted value ends at an unescaped quote. */
	for (p = v + 1; *p != '\0' && *p != '\''; p++)
		if (*p == '\\' && p[1] != '\0')
			p++;
	*end = *p == '\'' ? p + 1 : p;
	return v;
}

/*
 * Copy conninfo s into b with each password replaced by "***": the
 * user:password@ of a postgresql:// URI, and the value of every password
 * keyword (key = value form, or a URI query parameter).
 */
static void
mask_conninfo(struct hl_buf *b, const char *s)
{
	bool uri = strncmp(s, "postgresql://", 13) == 0 ||
	    strncmp(s, "postgres://", 11) == 0;
	const char *done = s; /* copied into b up to here */
	const char *p;
	const char *v;
	const char *end;
	const char *colon;

	if (uri) {
		/* libpq takes the userinfo up to the first '@' before '/'. */
		p = strstr(s, "://") + 3;
		end = p + strcspn(p, "@/");
		colon = memchr(p, ':', (size_t)(end - p));
		if (*end == '@' && colon != NULL) {
			hl_buf_append(b, s, (size_t)(colon + 1 - s));
			hl_buf_puts(b, "***");
			done = end;
		}
	}
	for (p = done; (p = strstr(p, "password")) != NULL; p = end) {
		end = p + 8;
		if (p > s && strchr(" \t\r\n?&", p[-1]) == NULL)
			continue;
		if ((v = password_value(end, uri, &end)) == NULL)
			continue;
		hl_buf_append(b, done, (size_t)(v - done));
		hl_buf_puts(b, "***");
		done = end;
	}
	hl_buf_puts(b, done);
}

void
hl_conf_dump(const struct hl_conf *c, void *fp)
{
	const struct directive *d;
	struct hl_buf val = { 0 };
	char num[32];
	size_t i;

	for (i = 0; i < N_DIRECTIVES; i++) {
		d = &directives[i];
		hl_buf_reset(&val);
		switch (d->type) {
		case T_STR:
			if (d->flags & F_CONNINFO)
				mask_conninfo(&val, *(char **)field(c, d));
			else
				hl_buf_puts(&val, *(char **)field(c, d));
			break;
		case T_BOOL:
			hl_buf_puts(&val,
			    *(bool *)field(c, d) ? "true" : "false");
			break;
		case T_INT:
			hl_buf_printf(&val, "%" PRId64,
			    *(int64_t *)field(c, d));
			break;
		case T_SIZE:
			fmt_size(*(int64_t *)field(c, d), num, sizeof(num));
			hl_buf_puts(&val, num);
			break;
		default:
			HL_BUG("conf: directive of unknown type");
		}
		/* "name =" alone for an empty value, as the file writes it. */
		fprintf(fp, "%s.%s =%s%s\n", d->section, d->name,
		    val.len > 0 ? " " : "", hl_buf_cstr(&val));
	}
	hl_buf_release(&val);
}
