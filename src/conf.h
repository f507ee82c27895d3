/*
 * Configuration: conf/honglian.conf (INI, read with inih) into struct
 * hl_conf through one table of directives (name, type, field, default,
 * bounds).  Every directive can be overridden by the environment variable
 * HONGLIAN_<SECTION>_<NAME> in upper case (e.g. HONGLIAN_DATABASE_URL).
 */
#ifndef HL_CONF_H
#define HL_CONF_H

#include <stdbool.h>
#include <stdint.h>

struct hl_err;

/* Owned by whoever called hl_conf_load(); strings are hl_xstrdup'd and
 * freed by hl_conf_release().  Read-only once the server starts. */
struct hl_conf {
	/* [server] */
	char *listen_address;      /* "127.0.0.1" */
	int64_t port;              /* 8080 */
	int64_t worker_threads;    /* 4 */
	int64_t max_connections;   /* 1024 */
	int64_t max_per_ip;        /* connections per client address, 64 */
	int64_t conn_timeout_s;    /* idle connection timeout, 30 */
	int64_t max_body_json;     /* bytes, 1 MiB */
	int64_t max_body_upload;   /* bytes, 21 MiB: 20 MiB file + framing */
	int64_t max_body_markdown; /* bytes of a Markdown source, 64 KiB */
	char *assets_dir;          /* "assets/dist" */
	char *sql_dir;             /* migrations and seed/, "sql" */
	char *openapi_file;        /* "docs/openapi.json" */
	char *user;                /* drop root to this user, "nobody" */
	char *log_level;           /* "info" */
	bool access_log;           /* true */
	char *public_url;          /* "http://127.0.0.1:8080" */
	char *environment;         /* "development" | "production" */
	char *trusted_proxies;     /* addresses/CIDRs, "" (none) */
	int64_t header_timeout_s;  /* a request head arrives whole within, 10 */
	int64_t body_timeout_s;    /* a body's allowance, 30 */
	int64_t body_min_rate;     /* bytes/s a body adds to it, 16 KiB */
	int64_t max_body_memory;   /* request bodies held at once, 256 MiB */
	bool keepalive;            /* several requests per connection, true */

	/* [database] */
	char *database_url;           /* libpq conninfo or URI; "" not given */
	char *database_local_cluster; /* "var/pg" */
	char *replica_url;            /* "" (none) or a streaming replica */
	int64_t replica_max_lag_s;    /* read the primary beyond this lag */
	int64_t stream_connections;   /* exports streaming at once, 4 */
	int64_t database_pool_size;   /* max connections, >= worker_threads */
	int64_t statement_timeout_ms; /* 5000 */
	int64_t connect_timeout_s;    /* 2 */
	int64_t retry_after_s;        /* Retry-After while down, 5 */

	/* [auth] */
	int64_t session_idle_s;         /* 2 hours */
	int64_t session_absolute_s;     /* 12 hours */
	bool cookie_secure;             /* Secure cookie (TLS in front) */
	int64_t login_fail_per_pair;    /* one client on one account, 5 */
	int64_t login_fail_per_ip;      /* one client on any account, 20 */
	int64_t login_fail_per_account; /* slows the account past it, 20 */
	int64_t login_delay_max_s;      /* longest growing delay, 900 */
	int64_t token_expiry_days;      /* default API token lifetime, 90 */

	/* [cases] */
	int64_t escalate_after_days; /* working days overdue, 3 */
	int64_t jobs_interval_s;     /* background job period, 60 */

	/* [notify] */
	int64_t notify_timeout_s;      /* per attempt, 15 at most */
	int64_t notify_max_tries;      /* 8 */
	char *notify_allow_nets;       /* networks exempt from the guard, "" */
	int64_t notify_poll_ms;        /* outbox poll while idle, 1000 */
	int64_t notify_concurrency;    /* posts in flight, 32 */
	int64_t notify_retry_base_ms;  /* first retry's delay, 10000 */
	int64_t notify_retry_max_s;    /* longest retry delay, 21600 */
	int64_t notify_robot_rate;     /* posts per robot window, 20 */
	int64_t notify_robot_window_s; /* 60 */
	int64_t notify_keep_days;      /* delivered rows kept, 30 */
	int64_t notify_policy_closing_days; /* window closing reminder, 7 */

	/* [meetings] */
	int64_t similarity_percent; /* common problems: pg_trgm, 30 */
	int64_t min_enterprises;    /* common problems: enterprises, 3 */
};

/*
 * Read path (when not NULL) over the built-in defaults, then apply the
 * environment overrides.  Unknown sections or keys, bad numbers and
 * out-of-range values fail with 'path:line: message' (or
 * 'HONGLIAN_X: message' for the environment) in err->msg.
 * On failure the caller still calls hl_conf_release().
 */
int hl_conf_load(struct hl_conf *c, const char *path, struct hl_err *err);

/*
 * Settle an empty [database] url (given neither in the file nor in
 * HONGLIAN_DATABASE_URL): the private cluster of `make run` when
 * local_cluster holds one (scripts/pg.sh writes its connection strings,
 * one line each, to <local_cluster>/conninfo for the owner and to
 * <local_cluster>/app-conninfo for honglian_app when it starts it; serving
 * takes the second when it is there, every other command the first), else
 * postgresql:///honglian, the local server's default socket.  A url that
 * was given stays.  The commands call it after hl_conf_load(), so that
 * `build/release/honglian user add ...` from the repository root finds
 * the cluster `make run` started with no setting at all.
 */
void hl_conf_pick_database(struct hl_conf *c, bool serving);
void hl_conf_release(struct hl_conf *c);

/* Print every directive and its value (secrets in database_url masked). */
void hl_conf_dump(const struct hl_conf *c, void *fp);

#endif /* HL_CONF_H */
