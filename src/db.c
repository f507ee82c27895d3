/*
 * libpq wrapper.  Each server thread owns one connection, so a request
 * never waits for another's; statements are prepared on first use per
 * connection, keyed by the address of their static SQL text.  SQLSTATE is
 * turned into API errors here and nowhere else: users see a stable code
 * and a Chinese sentence, the log gets the details.
 */
#include "db.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "buf.h"
#include "conf.h"
#include "err.h"
#include "json.h"
#include "log.h"
#include "mem.h"
#include "str.h"

#define STMT_SLOTS_MIN   64
#define RECONNECT_GAP_US 1000000u
#define TX_TRIES         3

struct stmt_slot {
	const char *sql; /* NULL: empty slot */
	unsigned id;
};

struct hl_db_conn {
	PGconn *pg;
	struct stmt_slot *slots;
	size_t n_slots;
	size_t n_used;
	unsigned next_id;
	bool broken;
	bool replica; /* connected to [database] replica_url */
	bool stream;  /* counted in n_streams_ until closed */
	uint64_t failed_at_us;
	struct hl_db_conn *next; /* registry of thread connections */
};

/* A server-side cursor on a connection of its own (see db.h). */
struct hl_db_cursor {
	struct hl_db_conn *c;
	struct hl_db_res *first; /* fetched at open, handed out first */
	char fetch[64];
	bool open;
};

struct hl_db_res {
	PGresult *pg;
};

static char *conninfo_;
static char *replica_conninfo_; /* NULL: no replica */
static int64_t replica_max_lag_s_ = 30;
static int64_t max_streams_ = 4;
static char options_[160];
static char connect_timeout_[16];
static int64_t pool_size_ = 8;
static int retry_after_s_ = 5;

/* Guards registry_ and n_conns_: thread connections made so far. */
static pthread_mutex_t registry_lock_ = PTHREAD_MUTEX_INITIALIZER;
static struct hl_db_conn *registry_;
static int64_t n_conns_;
static _Thread_local struct hl_db_conn *thread_conn_;
static _Thread_local struct hl_db_conn *thread_replica_;

/* Connections of streamed reads (hl_db_open_reader()) open now. */
static atomic_int_fast64_t n_streams_;

/* What the log last said about the replica: one line per change, not per
 * request, however many threads find out. */
enum replica_state { REPLICA_UNKNOWN, REPLICA_OK, REPLICA_DOWN, REPLICA_LAG };
static atomic_int replica_state_;

/* Set once before any thread runs (tests, benchmarks); see db.h. */
static hl_db_watch_fn watch_fn_;
static void *watch_arg_;

void
hl_db_setup(const struct hl_conf *c)
{
	free(conninfo_);
	conninfo_ = hl_xstrdup(c->database_url);
	snprintf(options_, sizeof(options_),
	    "-c statement_timeout=%" PRId64 " -c TimeZone=Asia/Shanghai "
	    "-c idle_in_transaction_session_timeout=60000",
	    c->statement_timeout_ms);
	snprintf(connect_timeout_, sizeof(connect_timeout_), "%" PRId64,
	    c->connect_timeout_s);
	pool_size_ = c->database_pool_size;
	retry_after_s_ = (int)c->retry_after_s;
	free(replica_conninfo_);
	replica_conninfo_ = c->replica_url != NULL && c->replica_url[0] != '\0'
	    ? hl_xstrdup(c->replica_url)
	    : NULL;
	replica_max_lag_s_ = c->replica_max_lag_s;
	max_streams_ = c->stream_connections;
}

static int
unavailable(struct hl_err *err)
{
	if (hl_err_set(err, 503, "unavailable",
	        "数据库暂时不可用，请稍后重试") == -1 &&
	    err != NULL)
		err->retry_after_s = retry_after_s_;
	return -1;
}

/* Server notices ("relation already exists, skipping") are for
 * debugging, not for standard error. */
static void
on_notice(void *arg, const char *msg)
{
	(void)arg;
	hl_log(HL_LOG_DEBUG, "db: notice: %s", msg);
}

static PGconn *
connect_pg(const char *conninfo)
{
	PGconn *pg;
	const char *keys[] = { "dbname", "connect_timeout", "options",
		"application_name", NULL };
	const char *vals[] = { conninfo, connect_timeout_, options_, "honglian",
		NULL };

	if (connect_timeout_[0] == '\0') {
		keys[1] = "application_name";
		vals[1] = "honglian";
		keys[2] = NULL;
	}
	pg = PQconnectdbParams(keys, vals, 1);
	if (pg != NULL)
		PQsetNoticeProcessor(pg, on_notice, NULL);
	return pg;
}

static void
conn_reset_stmts(struct hl_db_conn *c)
{
	free(c->slots);
	c->slots = NULL;
	c->n_slots = 0;
	c->n_used = 0;
}

struct hl_db_conn *
hl_db_open(const char *conninfo, struct hl_err *err)
{
	struct hl_db_conn *c = hl_xcalloc(1, sizeof(*c));

	c->pg = connect_pg(conninfo);
	if (PQstatus(c->pg) != CONNECTION_OK) {
		hl_log(HL_LOG_WARN, "db: cannot connect: %s",
		    PQerrorMessage(c->pg));
		hl_db_close(c);
		unavailable(err);
		return NULL;
	}
	return c;
}

void
hl_db_close(struct hl_db_conn *c)
{
	if (c == NULL)
		return;
	if (c->stream)
		atomic_fetch_sub(&n_streams_, 1);
	PQfinish(c->pg);
	conn_reset_stmts(c);
	free(c);
}

/* Reconnect a broken thread connection, at most once per second. */
static int
revive(struct hl_db_conn *c, struct hl_err *err)
{
	uint64_t now = hl_log_now_us();

	if (c->failed_at_us != 0 && now - c->failed_at_us < RECONNECT_GAP_US)
		return unavailable(err);
	PQfinish(c->pg);
	conn_reset_stmts(c);
	c->pg = connect_pg(c->replica ? replica_conninfo_ : conninfo_);
	if (PQstatus(c->pg) != CONNECTION_OK) {
		/* The replica's state is logged once by replica_usable(). */
		if (!c->replica)
			hl_log(HL_LOG_WARN, "db: cannot connect: %s",
			    PQerrorMessage(c->pg));
		c->broken = true;
		c->failed_at_us = now;
		return unavailable(err);
	}
	c->broken = false;
	c->failed_at_us = 0;
	return 0;
}

struct hl_db_conn *
hl_db_thread(struct hl_err *err)
{
	struct hl_db_conn *c = thread_conn_;

	if (c == NULL) {
		pthread_mutex_lock(&registry_lock_);
		if (n_conns_ >= pool_size_) {
			pthread_mutex_unlock(&registry_lock_);
			hl_log(HL_LOG_ERR,
			    "db: pool_size %" PRId64
			    " is smaller than the number of threads",
			    pool_size_);
			unavailable(err);
			return NULL;
		}
		c = hl_xcalloc(1, sizeof(*c));
		c->broken = true;
		c->next = registry_;
		registry_ = c;
		n_conns_++;
		pthread_mutex_unlock(&registry_lock_);
		thread_conn_ = c;
	}
	if (!c->broken && PQstatus(c->pg) != CONNECTION_OK)
		c->broken = true;
	if (c->broken && revive(c, err) == -1)
		return NULL;
	return c;
}

void
hl_db_shutdown(void)
{
	struct hl_db_conn *c;
	struct hl_db_conn *next;

	pthread_mutex_lock(&registry_lock_);
	for (c = registry_; c != NULL; c = next) {
		next = c->next;
		hl_db_close(c);
	}
	registry_ = NULL;
	n_conns_ = 0;
	pthread_mutex_unlock(&registry_lock_);
	free(conninfo_);
	conninfo_ = NULL;
	free(replica_conninfo_);
	replica_conninfo_ = NULL;
}

static size_t
slot_of(const struct hl_db_conn *c, const char *sql)
{
	uintptr_t h = (uintptr_t)sql;

	h ^= h >> 17;
	h *= (uintptr_t)0x9E3779B97F4A7C15u;
	return (size_t)(h >> 7) & (c->n_slots - 1);
}

static struct stmt_slot *
stmt_find(struct hl_db_conn *c, const char *sql)
{
	size_t i;

	if (c->n_slots == 0)
		return NULL;
	for (i = slot_of(c, sql);; i = (i + 1) & (c->n_slots - 1)) {
		if (c->slots[i].sql == sql)
			return &c->slots[i];
		if (c->slots[i].sql == NULL)
			return NULL;
	}
}

static void
stmt_insert(struct hl_db_conn *c, const char *sql, unsigned id)
{
	size_t i;

	if ((c->n_used + 1) * 2 > c->n_slots) {
		struct stmt_slot *old = c->slots;
		size_t n_old = c->n_slots;
		size_t k;

		c->n_slots = n_old == 0 ? STMT_SLOTS_MIN : n_old * 2;
		c->slots = hl_xcalloc(c->n_slots, sizeof(*c->slots));
		for (k = 0; k < n_old; k++)
			if (old[k].sql != NULL) {
				for (i = slot_of(c, old[k].sql);
				     c->slots[i].sql != NULL;
				     i = (i + 1) & (c->n_slots - 1))
					;
				c->slots[i] = old[k];
			}
		free(old);
	}
	for (i = slot_of(c, sql); c->slots[i].sql != NULL;
	     i = (i + 1) & (c->n_slots - 1))
		;
	c->slots[i].sql = sql;
	c->slots[i].id = id;
	c->n_used++;
}

static bool
sqlstate_is(const char *state, const char *want)
{
	return state != NULL && strcmp(state, want) == 0;
}

/* An application error raised by our SQL: ERRCODE 'HLnnn'. */
static int
map_app_error(const PGresult *res, const char *state, struct hl_err *err)
{
	const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	const char *hint = PQresultErrorField(res, PG_DIAG_MESSAGE_HINT);
	const char *detail = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL);
	int status = atoi(state + 2);
	const char *code;

	switch (status) {
	case 403:
		code = "forbidden";
		break;
	case 404:
		code = "not_found";
		break;
	case 409:
		code = "conflict";
		break;
	case 429:
		code = "rate_limited";
		break;
	default:
		status = 422;
		code = "validation_failed";
		break;
	}
	/* Codes are static strings in struct hl_err: map the hint to one of
	 * ours rather than pointing into the result. */
	if (hint != NULL && strcmp(hint, "invalid_transition") == 0)
		code = "invalid_transition";
	else if (hint != NULL && strcmp(hint, "invalid_reference") == 0)
		code = "invalid_reference";
	if (detail != NULL && strncmp(detail, "field=", 6) == 0)
		return hl_err_field(err, detail + 6, "%s",
		           msg != NULL ? msg : "无效"),
		       hl_err_set(err, status, code, "%s",
		           msg != NULL ? msg : "请求无法完成");
	return hl_err_set(err, status, code, "%s",
	    msg != NULL ? msg : "请求无法完成");
}

static int
map_error(struct hl_db_conn *c, const PGresult *res, const char *what,
    struct hl_err *err)
{
	const char *state =
	    res != NULL ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg =
	    res != NULL ? PQresultErrorMessage(res) : PQerrorMessage(c->pg);

	if (PQstatus(c->pg) != CONNECTION_OK || state == NULL ||
	    strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0) {
		hl_log(HL_LOG_WARN, "db: connection lost running '%.40s': %s",
		    what, msg);
		c->broken = true;
		c->failed_at_us = 0;
		return unavailable(err);
	}
	if (strncmp(state, "HL", 2) == 0)
		return map_app_error(res, state, err);
	if (sqlstate_is(state, "23505"))
		return hl_err_set(err, 409, "conflict",
		    "记录已存在，不能重复创建");
	if (sqlstate_is(state, "23503"))
		return hl_err_set(err, 422, "invalid_reference",
		    "引用的记录不存在");
	if (sqlstate_is(state, "23514") || sqlstate_is(state, "23502"))
		return hl_err_set(err, 422, "validation_failed",
		    "数据不符合要求，请检查后重试");
	if (strncmp(state, "22", 2) == 0)
		return hl_err_set(err, 422, "validation_failed",
		    "数据格式不正确，请检查后重试");
	if (sqlstate_is(state, "40001") || sqlstate_is(state, "40P01"))
		return hl_err_set(err, 503, "serialization_failure",
		    "系统繁忙，请稍后重试");
	if (sqlstate_is(state, "57014") || sqlstate_is(state, "55P03")) {
		hl_log(HL_LOG_WARN, "db: '%.40s' timed out", what);
		return unavailable(err);
	}
	hl_log(HL_LOG_ERR, "db: cannot run '%.60s': %s %s", what, state, msg);
	return hl_err_internal(err);
}

static struct hl_db_res *
wrap(struct hl_db_conn *c, PGresult *pg, const char *what, struct hl_err *err)
{
	struct hl_db_res *r;
	ExecStatusType st = pg != NULL ? PQresultStatus(pg) : PGRES_FATAL_ERROR;

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		map_error(c, pg, what, err);
		PQclear(pg);
		return NULL;
	}
	r = hl_xmalloc(sizeof(*r));
	r->pg = pg;
	return r;
}

/* wrap() for a result whose rows do not matter: 0 or -1. */
static int
wrap_free(struct hl_db_conn *c, PGresult *pg, const char *what,
    struct hl_err *err)
{
	struct hl_db_res *r = wrap(c, pg, what, err);

	if (r == NULL)
		return -1;
	hl_db_res_free(r);
	return 0;
}

/* The name of sql's prepared statement on c (prepared now if it is not
 * yet) into name; -1 with err set when PostgreSQL refuses it. */
static int
prepared_name(struct hl_db_conn *c, const char *sql, int n, char name[24],
    struct hl_err *err)
{
	struct stmt_slot *s;
	PGresult *pr;
	unsigned id;

	if (c->broken)
		return unavailable(err);
	s = stmt_find(c, sql);
	if (s != NULL) {
		snprintf(name, 24, "s%u", s->id);
		return 0;
	}
	id = ++c->next_id;
	snprintf(name, 24, "s%u", id);
	pr = PQprepare(c->pg, name, sql, n, NULL);
	if (pr == NULL || PQresultStatus(pr) != PGRES_COMMAND_OK) {
		map_error(c, pr, sql, err);
		PQclear(pr);
		return -1;
	}
	PQclear(pr);
	stmt_insert(c, sql, id);
	return 0;
}

static struct hl_db_res *
exec_prepared(struct hl_db_conn *c, const char *sql, int n,
    const char *const *params, const int *lens, const int *formats,
    int result_format, struct hl_err *err)
{
	char name[24];

	if (prepared_name(c, sql, n, name, err) == -1)
		return NULL;
	if (watch_fn_ != NULL)
		watch_fn_(watch_arg_, c, sql, n,
		    formats == NULL ? params : NULL);
	return wrap(c,
	    PQexecPrepared(c->pg, name, n, params, lens, formats,
	        result_format),
	    sql, err);
}

struct hl_db_res *
hl_db_exec(struct hl_db_conn *c, const char *sql, int n,
    const char *const *params, struct hl_err *err)
{
	return exec_prepared(c, sql, n, params, NULL, NULL, 0, err);
}

struct hl_db_res *
hl_db_exec_binary(struct hl_db_conn *c, const char *sql, int n,
    const char *const *params, struct hl_err *err)
{
	return exec_prepared(c, sql, n, params, NULL, NULL, 1, err);
}

struct hl_db_res *
hl_db_execb(struct hl_db_conn *c, const char *sql, int n,
    const char *const *params, const int *lens, const bool *binary,
    struct hl_err *err)
{
	int formats[16];
	int i;

	if (n > 16)
		HL_BUG("too many binary parameters");
	for (i = 0; i < n; i++)
		formats[i] = binary[i] ? 1 : 0;
	return exec_prepared(c, sql, n, params, lens, formats, 0, err);
}

int
hl_db_run(struct hl_db_conn *c, const char *sql, int n,
    const char *const *params, struct hl_err *err)
{
	struct hl_db_res *r = hl_db_exec(c, sql, n, params, err);

	if (r == NULL)
		return -1;
	hl_db_res_free(r);
	return 0;
}

int
hl_db_exec_script(struct hl_db_conn *c, const char *sql, struct hl_err *err)
{
	struct hl_db_res *r;

	if (c->broken)
		return unavailable(err);
	r = wrap(c, PQexec(c->pg, sql), sql, err);
	if (r == NULL)
		return -1;
	hl_db_res_free(r);
	return 0;
}

int
hl_db_nrows(const struct hl_db_res *r)
{
	return PQntuples(r->pg);
}

int
hl_db_ncols(const struct hl_db_res *r)
{
	return PQnfields(r->pg);
}

bool
hl_db_isnull(const struct hl_db_res *r, int row, int col)
{
	return PQgetisnull(r->pg, row, col) != 0;
}

const char *
hl_db_get(const struct hl_db_res *r, int row, int col)
{
	return PQgetvalue(r->pg, row, col);
}

void
hl_db_get_row(const struct hl_db_res *r, int row, const char **cells, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		cells[i] = hl_db_isnull(r, row, (int)i)
		    ? NULL
		    : hl_db_get(r, row, (int)i);
}

size_t
hl_db_getlen(const struct hl_db_res *r, int row, int col)
{
	return (size_t)PQgetlength(r->pg, row, col);
}

int64_t
hl_db_get_i64(const struct hl_db_res *r, int row, int col)
{
	return strtoll(PQgetvalue(r->pg, row, col), NULL, 10);
}

bool
hl_db_get_bool(const struct hl_db_res *r, int row, int col)
{
	return PQgetvalue(r->pg, row, col)[0] == 't';
}

int64_t
hl_db_affected(const struct hl_db_res *r)
{
	return strtoll(PQcmdTuples(r->pg), NULL, 10);
}

void
hl_db_res_free(struct hl_db_res *r)
{
	if (r == NULL)
		return;
	PQclear(r->pg);
	free(r);
}

/* ROLLBACK after a failure; a connection that cannot even do that is
 * marked broken so the next request starts afresh. */
static void
rollback(struct hl_db_conn *c)
{
	PGresult *r;

	if (c->broken)
		return;
	r = PQexec(c->pg, "ROLLBACK");
	if (r == NULL || PQresultStatus(r) != PGRES_COMMAND_OK)
		c->broken = true;
	PQclear(r);
}

/*
 * fn inside a transaction that is already open: a savepoint, so that a
 * failing fn undoes only its own work and leaves the outer transaction
 * usable.  No retry here: a serialisation failure aborts the outer
 * transaction too, so the outermost hl_db_tx_run() retries the whole.
 */
static int
tx_nested(struct hl_db_conn *c, hl_db_tx_fn fn, void *arg, struct hl_err *err)
{
	hl_err_clear(err);
	if (hl_db_exec_script(c, "SAVEPOINT hl_nested", err) == -1)
		return -1;
	if (fn(c, arg, err) == 0)
		return hl_db_exec_script(c, "RELEASE SAVEPOINT hl_nested", err);
	if (!c->broken) {
		PGresult *r = PQexec(c->pg,
		    "ROLLBACK TO SAVEPOINT hl_nested; RELEASE SAVEPOINT hl_nested");

		if (r == NULL || PQresultStatus(r) != PGRES_COMMAND_OK)
			c->broken = true;
		PQclear(r);
	}
	return -1;
}

int
hl_db_tx_run(struct hl_db_conn *c, hl_db_tx_fn fn, void *arg,
    struct hl_err *err)
{
	int try;

	if (!c->broken &&
	    (PQtransactionStatus(c->pg) == PQTRANS_INTRANS ||
	        PQtransactionStatus(c->pg) == PQTRANS_INERROR))
		return tx_nested(c, fn, arg, err);
	for (try = 1; try <= TX_TRIES; try++) {
		hl_err_clear(err);
		if (hl_db_exec_script(c, "BEGIN", err) == -1)
			return -1;
		if (fn(c, arg, err) == 0 &&
		    hl_db_exec_script(c, "COMMIT", err) == 0)
			return 0;
		rollback(c);
		if (err == NULL || err->code == NULL ||
		    strcmp(err->code, "serialization_failure") != 0)
			return -1;
		hl_log(HL_LOG_INFO, "db: transaction retried (%d)", try);
	}
	return -1;
}

int
hl_db_tx_run_out(struct hl_db_conn *c, hl_db_tx_fn fn, void *arg,
    struct hl_buf *out, struct hl_err *err)
{
	size_t len = out != NULL ? out->len : 0;

	if (hl_db_tx_run(c, fn, arg, err) == -1) {
		if (out != NULL)
			out->len = len;
		return -1;
	}
	return 0;
}

void
hl_db_append_json(struct hl_buf *out, const struct hl_db_res *r, int row,
    int col)
{
	hl_json_append_safe(out, hl_db_get(r, row, col),
	    hl_db_getlen(r, row, col));
}

int
hl_db_fetch_json(struct hl_db_conn *c, const char *sql, int n,
    const char *const *params, struct hl_buf *out, struct hl_err *err)
{
	struct hl_db_res *r = hl_db_exec(c, sql, n, params, err);
	int rc = -1;

	if (r == NULL)
		return -1;
	if (hl_db_nrows(r) == 0 || hl_db_isnull(r, 0, 0)) {
		hl_err_not_found(err);
		goto out;
	}
	hl_db_append_json(out, r, 0, 0);
	rc = 0;
out:
	hl_db_res_free(r);
	return rc;
}

const char *
hl_db_like(struct hl_arena *a, const char *s)
{
	size_t len = strlen(s);
	char *p = hl_arena_alloc(a, 2 * len + 3);
	char *w = p;

	*w++ = '%';
	for (; *s != '\0'; s++) {
		if (*s == '\\' || *s == '%' || *s == '_')
			*w++ = '\\';
		*w++ = *s;
	}
	*w++ = '%';
	*w = '\0';
	return p;
}

bool
hl_db_ping(struct hl_db_conn *c)
{
	PGresult *r;
	bool ok;

	if (c == NULL || c->broken)
		return false;
	r = PQexec(c->pg, "SELECT 1");
	ok = r != NULL && PQresultStatus(r) == PGRES_TUPLES_OK;
	PQclear(r);
	if (!ok)
		c->broken = true;
	return ok;
}

/* ---- the replica ---- */

/*
 * Seconds the replica is behind: 0 when it has replayed all it received,
 * else the age of the last transaction it replayed (an overestimate after
 * the primary was idle, which errs on the side of the primary).
 */
static const char SQL_REPLICA_LAG[] =
    "SELECT CASE WHEN NOT pg_is_in_recovery() THEN 0"
    " WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0"
    " ELSE coalesce(extract(epoch FROM now()"
    "  - pg_last_xact_replay_timestamp()), 0) END::float8";

/* Log the replica's state when it differs from what was logged last. */
static void
replica_note(enum replica_state st, double lag_s, const char *why)
{
	int old = atomic_exchange(&replica_state_, (int)st);

	if (old == (int)st)
		return;
	if (st == REPLICA_DOWN)
		hl_log(HL_LOG_WARN,
		    "db: replica unreachable, reports read the primary: %s",
		    why);
	else if (st == REPLICA_LAG)
		hl_log(HL_LOG_WARN,
		    "db: replica lags %.1f s (replica_max_lag_s is %" PRId64
		    "), reports read the primary",
		    lag_s, replica_max_lag_s_);
	else if (old != REPLICA_UNKNOWN)
		hl_log(HL_LOG_WARN, "db: replica in use again (lag %.1f s)",
		    lag_s);
}

/*
 * True when c (a replica connection) answers and is no more than
 * replica_max_lag_s behind.  Asked before every use: the question is one
 * round trip, and a replica that went away is found here, not by the
 * report's query (which could then only answer 503).  A replica that is
 * down is tried again at most once a second (revive()).
 */
static bool
replica_usable(struct hl_db_conn *c)
{
	struct hl_db_res *r;
	struct hl_err err = { 0 };
	double lag;

	if ((c->broken && revive(c, &err) == -1) ||
	    (r = hl_db_exec(c, SQL_REPLICA_LAG, 0, NULL, &err)) == NULL) {
		replica_note(REPLICA_DOWN, 0,
		    c->pg != NULL ? PQerrorMessage(c->pg) : "no connection");
		return false;
	}
	lag = strtod(hl_db_get(r, 0, 0), NULL);
	hl_db_res_free(r);
	replica_note(lag <= (double)replica_max_lag_s_ ? REPLICA_OK
	                                               : REPLICA_LAG,
	    lag, NULL);
	return lag <= (double)replica_max_lag_s_;
}

struct hl_db_conn *
hl_db_thread_reader(struct hl_err *err)
{
	struct hl_db_conn *c = thread_replica_;

	if (replica_conninfo_ == NULL)
		return hl_db_thread(err);
	if (c == NULL) {
		c = hl_xcalloc(1, sizeof(*c));
		c->broken = true;
		c->replica = true;
		pthread_mutex_lock(&registry_lock_);
		c->next = registry_;
		registry_ = c;
		pthread_mutex_unlock(&registry_lock_);
		thread_replica_ = c;
	}
	if (!c->broken && PQstatus(c->pg) != CONNECTION_OK)
		c->broken = true;
	if (replica_usable(c))
		return c;
	return hl_db_thread(err);
}

bool
hl_db_is_replica(const struct hl_db_conn *c)
{
	return c != NULL && c->replica;
}

struct hl_db_conn *
hl_db_open_reader(struct hl_err *err)
{
	struct hl_db_conn *c = NULL;

	if (atomic_fetch_add(&n_streams_, 1) >= max_streams_) {
		atomic_fetch_sub(&n_streams_, 1);
		hl_log(HL_LOG_WARN,
		    "db: all %" PRId64 " stream connections busy",
		    max_streams_);
		if (hl_err_set(err, 503, "unavailable",
		        "同时进行的导出过多，请稍后重试") == -1 &&
		    err != NULL)
			err->retry_after_s = retry_after_s_;
		return NULL;
	}
	if (replica_conninfo_ != NULL) {
		c = hl_xcalloc(1, sizeof(*c));
		c->broken = true;
		c->replica = true;
		if (!replica_usable(c)) {
			hl_db_close(c);
			c = NULL;
		}
	}
	if (c == NULL) {
		c = hl_db_open(conninfo_, err);
		if (c == NULL) {
			atomic_fetch_sub(&n_streams_, 1);
			return NULL;
		}
	}
	c->stream = true;
	return c;
}

/* ---- cursors ---- */

#define CURSOR_DECLARE "DECLARE hl_cursor NO SCROLL CURSOR FOR "

struct hl_db_cursor *
hl_db_cursor_open(struct hl_db_conn *c, const char *sql, int n,
    const char *const *params, int batch_rows, struct hl_err *err)
{
	struct hl_db_cursor *cur = hl_xcalloc(1, sizeof(*cur));
	struct hl_buf decl = { 0 };

	cur->c = c;
	snprintf(cur->fetch, sizeof(cur->fetch),
	    "FETCH FORWARD %d FROM hl_cursor", batch_rows);
	/* One snapshot for every batch: the file is one moment's view. */
	if (hl_db_exec_script(c,
	        "BEGIN ISOLATION LEVEL REPEATABLE READ,"
	        " READ ONLY",
	        err) == -1)
		goto fail;
	cur->open = true;
	hl_buf_puts(&decl, CURSOR_DECLARE);
	hl_buf_puts(&decl, sql);
	if (watch_fn_ != NULL)
		watch_fn_(watch_arg_, c, hl_buf_cstr(&decl), n, params);
	if (wrap_free(c,
	        PQexecParams(c->pg, hl_buf_cstr(&decl), n, NULL, params, NULL,
	            NULL, 0),
	        sql, err) == -1)
		goto fail;
	cur->first = hl_db_cursor_fetch(cur, err);
	if (cur->first == NULL)
		goto fail;
	hl_buf_release(&decl);
	return cur;
fail:
	hl_buf_release(&decl);
	hl_db_cursor_close(cur);
	return NULL;
}

struct hl_db_res *
hl_db_cursor_fetch(struct hl_db_cursor *cur, struct hl_err *err)
{
	struct hl_db_res *r = cur->first;

	if (r != NULL) {
		cur->first = NULL;
		return r;
	}
	if (cur->c->broken) {
		unavailable(err);
		return NULL;
	}
	return wrap(cur->c, PQexec(cur->c->pg, cur->fetch), cur->fetch, err);
}

void
hl_db_cursor_close(struct hl_db_cursor *cur)
{
	if (cur == NULL)
		return;
	hl_db_res_free(cur->first);
	if (cur->open)
		rollback(cur->c);
	free(cur);
}

/* ---- looking at what runs ---- */

void
hl_db_watch(hl_db_watch_fn fn, void *arg)
{
	watch_fn_ = fn;
	watch_arg_ = arg;
}

int
hl_db_explain(struct hl_db_conn *c, const char *sql, int n,
    const char *const *params, struct hl_buf *out, struct hl_err *err)
{
	struct hl_buf q = { 0 };
	struct hl_db_res *r = NULL;
	char name[24];
	char *lit;
	int i;
	int rc = -1;

	/* A cursor is planned for its values each time, as EXPLAIN DECLARE
	 * does; a prepared statement as its EXECUTE would be. */
	if (strncmp(sql, CURSOR_DECLARE, strlen(CURSOR_DECLARE)) == 0) {
		hl_buf_printf(&q, "EXPLAIN (FORMAT JSON) %s", sql);
		r = wrap(c,
		    PQexecParams(c->pg, hl_buf_cstr(&q), n, NULL, params, NULL,
		        NULL, 0),
		    sql, err);
		goto got;
	}
	if (prepared_name(c, sql, n, name, err) == -1)
		goto out;
	hl_buf_printf(&q, "EXPLAIN (FORMAT JSON) EXECUTE %s", name);
	for (i = 0; i < n; i++) {
		hl_buf_puts(&q, i == 0 ? "(" : ", ");
		if (params[i] == NULL) {
			hl_buf_puts(&q, "NULL");
			continue;
		}
		lit = PQescapeLiteral(c->pg, params[i], strlen(params[i]));
		if (lit == NULL) {
			hl_err_internal(err);
			goto out;
		}
		hl_buf_puts(&q, lit);
		PQfreemem(lit);
	}
	if (n > 0)
		hl_buf_putc(&q, ')');
	r = wrap(c, PQexec(c->pg, hl_buf_cstr(&q)), sql, err);
got:
	if (r == NULL)
		goto out;
	hl_buf_append(out, hl_db_get(r, 0, 0), hl_db_getlen(r, 0, 0));
	rc = 0;
out:
	hl_db_res_free(r);
	hl_buf_release(&q);
	return rc;
}

/* ---- rows for exports ---- */

#define ROWS_BATCH 1000

struct hl_db_rows {
	struct hl_db_conn *c;
	struct hl_db_cursor *cur;
	struct hl_db_res *batch;
	int next;
	size_t count;
	size_t max;
};

struct hl_db_rows *
hl_db_rows_open(const char *sql, int n, const char *const *params, size_t max,
    struct hl_err *err)
{
	struct hl_db_rows *r = hl_xcalloc(1, sizeof(*r));

	r->max = max;
	r->c = hl_db_open_reader(err);
	if (r->c == NULL)
		goto fail;
	r->cur = hl_db_cursor_open(r->c, sql, n, params, ROWS_BATCH, err);
	if (r->cur == NULL)
		goto fail;
	return r;
fail:
	hl_db_rows_free(r);
	return NULL;
}

int
hl_db_rows_next(struct hl_db_rows *r, const char **cells, size_t n,
    struct hl_err *err)
{
	if (r->batch == NULL || r->next >= hl_db_nrows(r->batch)) {
		hl_db_res_free(r->batch);
		r->batch = hl_db_cursor_fetch(r->cur, err);
		r->next = 0;
		if (r->batch == NULL)
			return -1;
		if (hl_db_nrows(r->batch) == 0)
			return 0;
	}
	if (r->max > 0 && r->count >= r->max)
		return hl_err_set(err, 422, "too_many_rows",
		    "符合条件的记录超过 %zu 条，请缩小筛选范围或改用 CSV 导出",
		    r->max);
	hl_db_get_row(r->batch, r->next++, cells, n);
	r->count++;
	return 1;
}

size_t
hl_db_rows_count(const struct hl_db_rows *r)
{
	return r->count;
}

void
hl_db_rows_free(void *arg)
{
	struct hl_db_rows *r = arg;

	if (r == NULL)
		return;
	hl_db_res_free(r->batch);
	hl_db_cursor_close(r->cur);
	hl_db_close(r->c);
	free(r);
}
