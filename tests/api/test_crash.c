/*
 * Crash safety: a server of the test's own is killed with SIGKILL 10
 * times (HONGLIAN_SOAK: 50) while a client keeps creating cases, each
 * with its own Idempotency-Key; after each kill the server is started
 * again and the client sends the request it had no answer for once more,
 * with the same key.  Afterwards every case the server acknowledged (201)
 * is in the database with its title, no key made two cases, and no case
 * is half-written: each has its number, its creation event on the
 * timeline and its audit row, which one transaction writes together.
 * The cases belong to an enterprise of the test's own and are deleted at
 * the end.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "log.h"
#include "tdb.h"
#include "tfix.h"
#include "thttp.h"
#include "tserver.h"

#define KILLS      10
#define KILLS_SOAK 50
#define MAX_WRITES 20000

static struct tserver server_;
static atomic_bool done_;
static int n_kills_;
static double restart_ms_total_;
static double restart_ms_max_;

static double
now_ms(void)
{
	return (double)hl_log_now_us() / 1e3;
}

/* Kill the server at random moments of the writes and start it again. */
static void *
killer(void *arg)
{
	int kills = *(int *)arg;
	unsigned seed = (unsigned)getpid();
	int k;

	for (k = 0; k < kills; k++) {
		double t0;
		double ms;

		usleep((useconds_t)(150000 + rand_r(&seed) % 600000));
		tserver_kill(&server_);
		t0 = now_ms();
		if (!tserver_restart(&server_))
			break;
		ms = now_ms() - t0;
		restart_ms_total_ += ms;
		if (ms > restart_ms_max_)
			restart_ms_max_ = ms;
		n_kills_++;
	}
	/* Writes go on a little against the last server. */
	usleep(300000);
	atomic_store(&done_, true);
	return NULL;
}

static void
test_kill_9_during_writes_loses_nothing(void **state)
{
	const char *soak = getenv("HONGLIAN_SOAK");
	int kills = soak != NULL && strcmp(soak, "1") == 0 ? KILLS_SOAK : KILLS;
	static long long acked_id[MAX_WRITES];
	char login[64];
	char prefix[64];
	char like[80];
	char title[96];
	char body[256];
	char key[96];
	char idem[128];
	const char *hdrs[3] = { idem, "Content-Type: application/json", NULL };
	struct thttp_client *c;
	struct tdb *db;
	pthread_t t;
	long n = 0;
	long retries = 0;
	long interrupted = 0;
	long replayed = 0;
	long acked = 0;
	long i;

	(void)state;
	db = tdb_open();
	assert_non_null(db);
	snprintf(prefix, sizeof(prefix), "断电测试 %ld-%ld", (long)getpid(),
	    (long)time(NULL));
	snprintf(like, sizeof(like), "%s-%%", prefix);
	assert_true(tserver_start(&server_, "crash", 0, NULL));
	tserver_use(&server_);
	tfix_enterprise_user(
	    tdb_value(db,
	        "SELECT code FROM chains WHERE code <> 'auto-parts'"
	        " ORDER BY sort_order DESC LIMIT 1",
	        NULL),
	    login);
	c = thttp_client_new();
	assert_int_equal(thttp_client_login(c, login, TFIX_USER_PASSWORD), 200);
	atomic_store(&done_, false);
	assert_int_equal(pthread_create(&t, NULL, killer, &kills), 0);
	while (!atomic_load(&done_) && n < MAX_WRITES) {
		double t0 = now_ms();

		snprintf(title, sizeof(title), "%s-%ld", prefix, n);
		snprintf(key, sizeof(key), "crash-%ld-%ld", (long)getpid(), n);
		snprintf(idem, sizeof(idem), "Idempotency-Key: %s", key);
		snprintf(body, sizeof(body),
		    "{\"category\":\"policy\",\"title\":\"%s\","
		    "\"description\":\"写入时进程被杀，重启后同一幂等键再发一次。\"}",
		    title);
		for (i = 0;; i++) {
			struct thttp_resp *r = thttp_client_request(c, "POST",
			    "/api/v1/cases", hdrs, body, strlen(body));

			if (r->status == 201) {
				acked_id[n] = thttp_resp_int(r, "id", 0);
				/* Committed before the kill, answered now from
				 * the stored response. */
				if (thttp_resp_header(r,
				        "Idempotent-Replayed") != NULL)
					replayed++;
				interrupted += i > 0;
				thttp_resp_free(r);
				break;
			}
			if (r->status != 0 && r->status != 503)
				fail_msg("write %ld: %ld %s", n, r->status,
				    r->body);
			thttp_resp_free(r);
			/* Killed under it: the same key again, once it is
			 * back. */
			retries++;
			if (now_ms() - t0 > 60000)
				fail_msg("write %ld: no answer in 60 s", n);
			usleep(50000);
		}
		acked++;
		n++;
	}
	pthread_join(t, NULL);
	thttp_client_free(c);
	tserver_use(NULL);
	assert_true(tserver_stop(&server_));
	assert_int_equal(n_kills_, kills);

	/* Every acknowledged write is there, with its title. */
	for (i = 0; i < n; i++) {
		char id[24];

		snprintf(id, sizeof(id), "%lld", acked_id[i]);
		snprintf(title, sizeof(title), "%s-%ld", prefix, i);
		assert_int_equal(tdb_int(db,
		                     "SELECT count(*) FROM cases WHERE id = $1"
		                     " AND title = $2",
		                     id, title, NULL),
		    1);
	}
	/* One case per key, none half-written. */
	assert_int_equal(tdb_int(db,
	                     "SELECT count(*) FROM cases WHERE title LIKE $1",
	                     like, NULL),
	    n);
	assert_int_equal(tdb_int(db,
	                     "SELECT count(DISTINCT title) FROM cases"
	                     " WHERE title LIKE $1",
	                     like, NULL),
	    n);
	assert_int_equal(tdb_int(db,
	                     "SELECT count(*) FROM cases c WHERE title LIKE $1"
	                     " AND (c.number IS NULL OR NOT EXISTS (SELECT 1"
	                     "  FROM case_events e WHERE e.case_id = c.id"
	                     "  AND e.action = 'create') OR NOT EXISTS ("
	                     "  SELECT 1 FROM audit_log a WHERE a.action ="
	                     "  'case.create' AND a.object_id = c.id::text))",
	                     like, NULL),
	    0);
	fprintf(stderr,
	    "kill -9: %d kills during %ld case writes: %ld acknowledged, all "
	    "present; %ld writes cut by a kill were sent again (%ld attempts) "
	    "with their key, %ld of them had committed and were answered "
	    "from the stored response; 0 duplicates, 0 half-written; restart "
	    "to /healthz %.0f ms on average, %.0f ms at most\n",
	    n_kills_, n, acked, interrupted, retries, replayed,
	    restart_ms_total_ / n_kills_, restart_ms_max_);
	tdb_exec(db, "DELETE FROM cases WHERE title LIKE $1", like, NULL);
	tdb_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kill_9_during_writes_loses_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
