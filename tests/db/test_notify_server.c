/*
 * The delivery worker with servers of its own (build/test/honglian on the
 * test port + 1, before the shared test server starts, so that no other
 * worker takes part): with the default empty allow list a loopback
 * receiver is refused when a webhook is saved and again when a post would
 * connect; and kill -9 in the middle of deliveries loses nothing: after a
 * restart every event reaches the receiver at least once, repeats under
 * the same webhook-id; two servers on one outbox (test port + 1 and + 2)
 * both deliver, and no event reaches the receiver twice; a row another
 * server holds locked is skipped, neither sent nor waited for.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "tdb.h"
#include "tfix.h"
#include "thttp.h"
#include "trecv.h"

#define SERVER_BIN  "build/test/honglian"
#define SERVER_CONF "conf/honglian.test.conf"
#define SERVER_LOG  "build/test/notify-server.log"
#define N_EVENTS    40
/* Two servers sharing the outbox: events, and how long the receiver
 * holds each post (long enough that both servers fill their slots). */
#define N_SHARED       160
#define SHARED_HOLD_MS 200

static struct tdb *db_;
static int port_; /* the first own server's; the second's is port_ + 1 */
/* Servers started and not yet stopped: a failed test leaves them to the
 * teardown, which kills them, so that they hold no port afterwards. */
static pid_t live_[4];
static char secret_[] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/* The test port + 1: the shared test server's port is in
 * HONGLIAN_TEST_BASE_URL (default 18080). */
static int
setup(void **state)
{
	const char *base = getenv("HONGLIAN_TEST_BASE_URL");
	const char *colon;
	int port = 18080;

	(void)state;
	if (base != NULL && (colon = strrchr(base, ':')) != NULL)
		port = atoi(colon + 1);
	port_ = port + 1;
	db_ = tdb_open();
	return db_ != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(live_) / sizeof(live_[0]); i++)
		if (live_[i] > 0) {
			kill(live_[i], SIGKILL);
			waitpid(live_[i], NULL, 0);
		}
	tdb_close(db_);
	return 0;
}

/* Note pid as running (or no longer). */
static void
live(pid_t pid, bool on)
{
	size_t i;

	for (i = 0; i < sizeof(live_) / sizeof(live_[0]); i++)
		if (live_[i] == (on ? 0 : pid)) {
			live_[i] = on ? pid : 0;
			return;
		}
}

/* Start a server on port with allow_nets; its output is appended to the
 * log.  Returns its pid once /healthz answers. */
static pid_t
start_server_on(int port, const char *allow_nets)
{
	const char *db = getenv("HONGLIAN_TEST_DATABASE_URL");
	struct thttp_resp *r;
	char sport[16];
	char base_url[64];
	pid_t pid;
	FILE *log;
	int i;

	snprintf(sport, sizeof(sport), "%d", port);
	snprintf(base_url, sizeof(base_url), "http://127.0.0.1:%d", port);
	setenv("HONGLIAN_TEST_BASE_URL", base_url, 1);
	log = fopen(SERVER_LOG, "a");
	assert_non_null(log);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fileno(log), 1);
		dup2(fileno(log), 2);
		setenv("HONGLIAN_DATABASE_URL", db, 1);
		setenv("HONGLIAN_SERVER_PORT", sport, 1);
		setenv("HONGLIAN_SERVER_PUBLIC_URL", base_url, 1);
		setenv("HONGLIAN_NOTIFY_ALLOW_NETS", allow_nets, 1);
		/* Eight posts in flight: a crash always catches some. */
		setenv("HONGLIAN_NOTIFY_CONCURRENCY", "8", 1);
		execl(SERVER_BIN, SERVER_BIN, "--config", SERVER_CONF, "serve",
		    (char *)NULL);
		_exit(127);
	}
	fclose(log);
	for (i = 0; i < 150; i++) {
		r = thttp_request("GET", "/healthz", NULL, NULL, 0);
		if (r->status == 200) {
			thttp_resp_free(r);
			live(pid, true);
			return pid;
		}
		thttp_resp_free(r);
		if (waitpid(pid, NULL, WNOHANG) == pid)
			fail_msg("the server exited at start (see %s)",
			    SERVER_LOG);
		usleep(100000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	fail_msg("the server did not answer on %s", base_url);
	return -1;
}

static pid_t
start_server(const char *allow_nets)
{
	return start_server_on(port_, allow_nets);
}

/* SIGTERM: it must stop within 20 s, exit 0 and report no sanitizer
 * finding. */
static void
stop_server(pid_t pid)
{
	char line[512];
	FILE *log;
	int status = -1;
	int i;

	live(pid, false);
	kill(pid, SIGTERM);
	for (i = 0; i < 200; i++) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			break;
		usleep(100000);
	}
	if (i == 200) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		fail_msg("the server did not stop on SIGTERM");
	}
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	log = fopen(SERVER_LOG, "r");
	assert_non_null(log);
	while (fgets(line, sizeof(line), log) != NULL)
		if (strstr(line, "Sanitizer") != NULL ||
		    strstr(line, "runtime error:") != NULL)
			fail_msg("sanitizer report in %s: %s", SERVER_LOG,
			    line);
	fclose(log);
}

static long long
webhook(const char *url)
{
	return tdb_int(db_,
	    "INSERT INTO webhooks (name, url, secret, event_types) VALUES"
	    " ('自带服务器', $1, $2, '{webhook.test}') RETURNING id",
	    url, secret_, NULL);
}

static void
drop_webhook(long long id)
{
	char sid[24];

	snprintf(sid, sizeof(sid), "%lld", id);
	tdb_exec(db_, "DELETE FROM webhooks WHERE id = $1::bigint", sid, NULL);
}

/* With no allow list (the default), 127.0.0.1 is refused at saving and
 * at connecting: the receiver never sees a byte. */
static void
test_default_refuses_loopback(void **state)
{
	struct trecv *rv = trecv_start(0);
	struct thttp_client *admin;
	struct thttp_resp *r;
	char url[256];
	char body[512];
	char sid[24];
	const char *err = NULL;
	long long id;
	pid_t pid;
	int i;

	(void)state;
	trecv_url(rv, "/local", url, sizeof(url));
	pid = start_server("");
	admin = tfix_signed_in("admin-demo");
	assert_non_null(admin);
	snprintf(body, sizeof(body),
	    "{\"name\":\"本机\",\"url\":\"%s\",\"secret\":\"%s\"}", url,
	    secret_);
	r = thttp_client_json(admin, "POST", "/api/v1/webhooks", body);
	tfix_expect_field(r, 422, "url");
	assert_non_null(
	    strstr(thttp_resp_str(r, "error.fields.url"), "回环地址"));
	thttp_resp_free(r);
	thttp_client_free(admin);
	id = webhook(url);
	snprintf(sid, sizeof(sid), "%lld", id);
	tdb_exec(db_,
	    "INSERT INTO outbox (webhook_id, event_type, payload) VALUES"
	    " ($1::bigint, 'webhook.test', '{\"title\":\"本机\"}')",
	    sid, NULL);
	for (i = 0; i < 100 && err == NULL; i++) {
		usleep(100000);
		err = tdb_value(db_,
		    "SELECT error FROM deliveries WHERE webhook_id = $1::bigint",
		    sid, NULL);
	}
	assert_non_null(err);
	assert_non_null(strstr(err, "拒绝连接 127.0.0.1：回环地址"));
	assert_int_equal(trecv_count(rv), 0);
	stop_server(pid);
	drop_webhook(id);
	trecv_stop(rv);
}

static void
test_kill9_loses_nothing(void **state)
{
	struct trecv *rv = trecv_start(0);
	struct trecv_answer slow = { 200, NULL, NULL, 0, 700 };
	struct trecv_hit h;
	char url[256];
	char sid[24];
	char n[24];
	long long id;
	long long delivered;
	const char *key;
	json_t *v;
	size_t matched = 0;
	size_t i;
	pid_t pid;
	json_t *ids = json_object();

	(void)state;
	trecv_set_default(rv, &slow);
	trecv_url(rv, "/crash", url, sizeof(url));
	id = webhook(url);
	snprintf(sid, sizeof(sid), "%lld", id);
	snprintf(n, sizeof(n), "%d", N_EVENTS);
	tdb_exec(db_,
	    "INSERT INTO outbox (webhook_id, event_type, payload)"
	    " SELECT $1::bigint, 'webhook.test', jsonb_build_object('title',"
	    " '崩溃测试 ' || i) FROM generate_series(1, $2::int) i",
	    sid, n, NULL);
	pid = start_server("127.0.0.0/8");
	/* Some delivered, eight more in flight at the receiver. */
	assert_true(trecv_wait(rv, 12, 30000) >= 12);
	live(pid, false);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	delivered = tdb_int(db_,
	    "SELECT count(*) FROM outbox WHERE webhook_id = $1::bigint"
	    " AND state = 'delivered'",
	    sid, NULL);
	assert_true(delivered < N_EVENTS);
	assert_true(tdb_int(db_,
	                "SELECT count(*) FROM outbox WHERE webhook_id ="
	                " $1::bigint AND state = 'pending'"
	                " AND next_attempt_at > hl_now()",
	                sid, NULL) > 0);
	/* The leases of the posts that died with it run out, and a new
	 * server sends them again. */
	slow.delay_ms = 0;
	trecv_set_default(rv, &slow);
	pid = start_server("127.0.0.0/8");
	for (i = 0; i < 600; i++) {
		if (tdb_int(db_,
		        "SELECT count(*) FROM outbox WHERE webhook_id = $1::bigint"
		        " AND state = 'delivered'",
		        sid, NULL) == N_EVENTS)
			break;
		usleep(100000);
	}
	stop_server(pid);
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM outbox WHERE webhook_id ="
	                     " $1::bigint AND state = 'delivered'",
	                     sid, NULL),
	    N_EVENTS);
	/* Every event reached the receiver, under its own webhook-id. */
	for (i = 0; trecv_get(rv, i, &h) == 0; i++) {
		json_object_set_new(ids, h.webhook_id, json_true());
		trecv_hit_release(&h);
	}
	assert_true(i >= N_EVENTS);
	assert_int_equal(json_object_size(ids), N_EVENTS);
	json_object_foreach(ids, key, v)
	{
		(void)v;
		matched += (size_t)tdb_int(db_,
		    "SELECT count(*) FROM outbox WHERE webhook_id = $1::bigint"
		    " AND idempotency_key::text = $2",
		    sid, key, NULL);
	}
	assert_int_equal(matched, N_EVENTS);
	json_decref(ids);
	drop_webhook(id);
	trecv_stop(rv);
}

/* Most posts the receiver held at once: hits that arrived within
 * less than hold_s of one another were in flight together. */
static size_t
most_at_once(struct trecv *rv, double hold_s)
{
	double *at = NULL;
	size_t n = 0;
	size_t most = 0;
	size_t i;
	size_t j;
	struct trecv_hit h;

	for (i = 0; trecv_get(rv, i, &h) == 0; i++) {
		at = realloc(at, (i + 1) * sizeof(*at));
		assert_non_null(at);
		at[i] = h.at_s;
		trecv_hit_release(&h);
		n++;
	}
	/* Hits come in arrival order. */
	for (i = 0; i < n; i++) {
		for (j = i; j < n && at[j] - at[i] < hold_s; j++)
			;
		if (j - i > most)
			most = j - i;
	}
	free(at);
	return most;
}

/* Two servers, each with eight posts in flight at most, claim from one
 * outbox at the same time (FOR UPDATE SKIP LOCKED and the lease): the
 * receiver holds more than eight posts at once, so both sent, yet every
 * event arrives exactly once and has exactly one attempt logged. */
static void
test_two_servers_never_send_twice(void **state)
{
	struct trecv *rv = trecv_start(0);
	struct trecv_answer hold = { 200, NULL, NULL, 0, SHARED_HOLD_MS };
	struct trecv_hit h;
	char url[256];
	char sid[24];
	char n[24];
	long long id;
	size_t i;
	size_t most;
	pid_t a;
	pid_t b;
	json_t *ids = json_object();

	(void)state;
	trecv_set_default(rv, &hold);
	trecv_url(rv, "/shared", url, sizeof(url));
	id = webhook(url);
	snprintf(sid, sizeof(sid), "%lld", id);
	snprintf(n, sizeof(n), "%d", N_SHARED);
	a = start_server_on(port_, "127.0.0.0/8");
	b = start_server_on(port_ + 1, "127.0.0.0/8");
	/* Queued once both are up, so that both find them due. */
	tdb_exec(db_,
	    "INSERT INTO outbox (webhook_id, event_type, payload)"
	    " SELECT $1::bigint, 'webhook.test', jsonb_build_object('title',"
	    " '共享测试 ' || i) FROM generate_series(1, $2::int) i",
	    sid, n, NULL);
	for (i = 0; i < 600; i++) {
		if (tdb_int(db_,
		        "SELECT count(*) FROM outbox WHERE webhook_id = $1::bigint"
		        " AND state = 'delivered'",
		        sid, NULL) == N_SHARED)
			break;
		usleep(100000);
	}
	stop_server(b);
	stop_server(a);
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM outbox WHERE webhook_id ="
	                     " $1::bigint AND state = 'delivered'"
	                     " AND attempts = 1",
	                     sid, NULL),
	    N_SHARED);
	assert_int_equal(
	    tdb_int(db_,
	        "SELECT count(*) FROM deliveries WHERE webhook_id ="
	        " $1::bigint AND attempt = 1 AND http_status = 200",
	        sid, NULL),
	    N_SHARED);
	assert_int_equal(trecv_count(rv), N_SHARED);
	for (i = 0; trecv_get(rv, i, &h) == 0; i++) {
		json_object_set_new(ids, h.webhook_id, json_true());
		trecv_hit_release(&h);
	}
	assert_int_equal(json_object_size(ids), N_SHARED);
	most = most_at_once(rv, SHARED_HOLD_MS / 1000.0 * 0.75);
	if (most <= 8)
		fail_msg("at most %zu posts at once: one server sent alone",
		    most);
	json_decref(ids);
	drop_webhook(id);
	trecv_stop(rv);
}

/* A claim skips what another claim holds (FOR UPDATE SKIP LOCKED): with
 * one row locked by another connection, the server delivers every other
 * row meanwhile (a plain FOR UPDATE, or an UPDATE without a lock, would
 * wait for it) and sends the locked one only once it is let go. */
static void
test_claim_skips_locked_rows(void **state)
{
	struct trecv *rv = trecv_start(0);
	struct tdb *other = tdb_open();
	struct trecv_hit h;
	char url[256];
	char sid[24];
	char held[24];
	char *held_key;
	long long id;
	size_t i;
	pid_t pid;

	(void)state;
	assert_non_null(other);
	trecv_url(rv, "/locked", url, sizeof(url));
	id = webhook(url);
	snprintf(sid, sizeof(sid), "%lld", id);
	tdb_exec(db_,
	    "INSERT INTO outbox (webhook_id, event_type, payload)"
	    " SELECT $1::bigint, 'webhook.test', jsonb_build_object('title',"
	    " '加锁测试 ' || i) FROM generate_series(1, 10) i",
	    sid, NULL);
	/* The oldest row, the one every claim reaches first. */
	snprintf(held, sizeof(held), "%lld",
	    tdb_int(db_,
	        "SELECT min(id) FROM outbox WHERE webhook_id = $1::bigint", sid,
	        NULL));
	held_key = strdup(tdb_value(db_,
	    "SELECT idempotency_key::text FROM outbox WHERE id = $1::bigint",
	    held, NULL));
	tdb_exec(other, "BEGIN", NULL);
	tdb_exec(other,
	    "SELECT id FROM outbox WHERE id = $1::bigint FOR UPDATE", held,
	    NULL);
	pid = start_server("127.0.0.0/8");
	assert_int_equal(trecv_wait(rv, 9, 20000), 9);
	for (i = 0; i < 50; i++) {
		if (tdb_int(db_,
		        "SELECT count(*) FROM outbox WHERE webhook_id = $1::bigint"
		        " AND state = 'delivered'",
		        sid, NULL) == 9)
			break;
		usleep(100000);
	}
	assert_int_equal(tdb_int(db_,
	                     "SELECT count(*) FROM outbox WHERE webhook_id ="
	                     " $1::bigint AND state = 'delivered'",
	                     sid, NULL),
	    9);
	/* A second look: still nothing for the held row. */
	usleep(500000);
	assert_int_equal(trecv_count(rv), 9);
	for (i = 0; trecv_get(rv, i, &h) == 0; i++) {
		assert_string_not_equal(h.webhook_id, held_key);
		trecv_hit_release(&h);
	}
	tdb_exec(other, "ROLLBACK", NULL);
	assert_int_equal(trecv_wait(rv, 10, 20000), 10);
	assert_int_equal(trecv_get(rv, 9, &h), 0);
	assert_string_equal(h.webhook_id, held_key);
	trecv_hit_release(&h);
	stop_server(pid);
	free(held_key);
	tdb_close(other);
	drop_webhook(id);
	trecv_stop(rv);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_refuses_loopback),
		cmocka_unit_test(test_kill9_loses_nothing),
		cmocka_unit_test(test_two_servers_never_send_twice),
		cmocka_unit_test(test_claim_skips_locked_rows),
	};

	signal(SIGPIPE, SIG_IGN);
	unlink(SERVER_LOG);
	return cmocka_run_group_tests(tests, setup, teardown);
}
