/*
 * The database goes away for 10 s while the server is under load (two
 * clients creating cases, one reading; HONGLIAN_SOAK: three outages):
 * every request meanwhile is answered within 6 s with 503 unavailable and
 * Retry-After (never a hang, a 500 or a crash), /healthz stays up,
 * /readyz says not ready; within 5 s of the database's return every
 * request succeeds again; and no acknowledged write is lost (writes are
 * sent again with their Idempotency-Key until acknowledged, and each key
 * made exactly one case).  It stops and starts the test cluster
 * (HONGLIAN_TEST_PG_DIR), so the test runner runs it last.
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

#define OUTAGE_S       10
#define ANSWER_MAX_S   6.0
#define RECOVERY_MAX_S 5.0
#define MAX_SAMPLES    200000
#define WRITERS        2

struct sample {
	double start;
	double end;
	int status;
	bool retry_after;
	bool write;
};

static pthread_mutex_t lock_ = PTHREAD_MUTEX_INITIALIZER;
static struct sample samples_[MAX_SAMPLES];
static size_t n_samples_;
static atomic_bool stop_;
static char login_[64];
static char prefix_[64];
static long acked_[WRITERS];

static double
now_s(void)
{
	return (double)hl_log_now_us() / 1e6;
}

static void
note(double start, int status, bool retry_after, bool write)
{
	pthread_mutex_lock(&lock_);
	if (n_samples_ < MAX_SAMPLES) {
		struct sample *s = &samples_[n_samples_++];

		s->start = start;
		s->end = now_s();
		s->status = status;
		s->retry_after = retry_after;
		s->write = write;
	}
	pthread_mutex_unlock(&lock_);
}

static void
cluster(const char *verb)
{
	const char *dir = getenv("HONGLIAN_TEST_PG_DIR");
	char cmd[1024];

	assert_non_null(dir);
	snprintf(cmd, sizeof(cmd), "scripts/pg.sh %s '%s' >/dev/null", verb,
	    dir);
	assert_int_equal(system(cmd), 0);
}

/* Cases, one key each, each sent again until acknowledged. */
static void *
writer(void *arg)
{
	int w = (int)(intptr_t)arg;
	struct thttp_client *c = thttp_client_new();
	char title[128];
	char body[256];
	char idem[96];
	const char *hdrs[3] = { idem, "Content-Type: application/json", NULL };
	long n = 0;

	if (thttp_client_login(c, login_, TFIX_USER_PASSWORD) != 200)
		abort();
	while (!atomic_load(&stop_)) {
		snprintf(title, sizeof(title), "%s-%d-%ld", prefix_, w, n);
		snprintf(idem, sizeof(idem),
		    "Idempotency-Key: outage-%d-%s-%ld", w,
		    prefix_ + strlen(prefix_) - 8, n);
		snprintf(body, sizeof(body),
		    "{\"category\":\"legal\",\"title\":\"%s\",\"description\":"
		    "\"数据库停机期间的写入。\"}",
		    title);
		for (;;) {
			double t0 = now_s();
			struct thttp_resp *r = thttp_client_request(c, "POST",
			    "/api/v1/cases", hdrs, body, strlen(body));
			long st = r->status;

			note(t0, (int)st,
			    thttp_resp_header(r, "Retry-After") != NULL, true);
			thttp_resp_free(r);
			if (st == 201)
				break;
			usleep(200000);
		}
		n++;
	}
	acked_[w] = n;
	thttp_client_free(c);
	return NULL;
}

static void *
reader(void *arg)
{
	(void)arg;
	while (!atomic_load(&stop_)) {
		double t0 = now_s();
		struct thttp_resp *r = thttp_request("GET",
		    "/api/v1/chains/auto-parts", NULL, NULL, 0);

		note(t0, (int)r->status,
		    thttp_resp_header(r, "Retry-After") != NULL, false);
		thttp_resp_free(r);
		usleep(50000);
	}
	return NULL;
}

/* The outage from down (pg.sh stop returned) to back (pg.sh start was
 * called): checks; and the time to full service after up (pg.sh start
 * returned: the database accepts connections). */
static double
judge(double down, double back, double up)
{
	double slowest = 0;
	double recovered = up;
	long n_out = 0;
	size_t i;

	pthread_mutex_lock(&lock_);
	for (i = 0; i < n_samples_; i++) {
		const struct sample *s = &samples_[i];
		bool ok = s->status == 200 || s->status == 201;

		if (s->start >= down && s->end <= back) {
			n_out++;
			if (s->end - s->start > slowest)
				slowest = s->end - s->start;
			if (s->status != 503 || !s->retry_after)
				fail_msg(
				    "during the outage (%.2f s after it "
				    "began, %s): %d (Retry-After %d) after "
				    "%.2f s",
				    s->start - down,
				    s->write ? "write" : "read", s->status,
				    s->retry_after, s->end - s->start);
		}
		/* Full service: the start of the last failed request, when
		 * every later one succeeded. */
		if (s->start >= up && !ok && s->end > recovered)
			recovered = s->end;
	}
	pthread_mutex_unlock(&lock_);
	fprintf(stderr,
	    "outage: %ld requests during %.1f s without the database, all "
	    "503 with Retry-After, the slowest answered in %.2f s; full "
	    "service %.2f s after the database was back\n",
	    n_out, back - down, slowest, recovered - up);
	assert_true(n_out > 0);
	assert_true(slowest <= ANSWER_MAX_S);
	return recovered - up;
}

static void
one_outage(void)
{
	struct thttp_resp *r;
	double down;
	double back;
	double up;

	cluster("stop");
	down = now_s();
	r = thttp_request("GET", "/healthz", NULL, NULL, 0);
	assert_int_equal(r->status, 200);
	thttp_resp_free(r);
	sleep(2);
	r = thttp_request("GET", "/readyz", NULL, NULL, 0);
	assert_int_equal(r->status, 503);
	thttp_resp_free(r);
	sleep(OUTAGE_S - 2);
	back = now_s();
	cluster("start");
	up = now_s();
	sleep(8);
	assert_true(judge(down, back, up) <= RECOVERY_MAX_S);
}

static void
test_database_down_under_load(void **state)
{
	const char *soak = getenv("HONGLIAN_SOAK");
	int outages = soak != NULL && strcmp(soak, "1") == 0 ? 3 : 1;
	pthread_t w[WRITERS];
	pthread_t rd;
	struct tdb *db = tdb_open();
	char like[96];
	char v[24];
	long total = 0;
	int i;

	(void)state;
	assert_non_null(db);
	tfix_enterprise_user(
	    tdb_value(db,
	        "SELECT code FROM chains WHERE code <> 'auto-parts'"
	        " ORDER BY sort_order DESC LIMIT 1",
	        NULL),
	    login_);
	tdb_close(db);
	snprintf(prefix_, sizeof(prefix_), "停机测试 %ld-%08ld", (long)getpid(),
	    (long)time(NULL) % 100000000);
	atomic_store(&stop_, false);
	for (i = 0; i < WRITERS; i++)
		assert_int_equal(
		    pthread_create(&w[i], NULL, writer, (void *)(intptr_t)i),
		    0);
	assert_int_equal(pthread_create(&rd, NULL, reader, NULL), 0);
	sleep(2);
	for (i = 0; i < outages; i++)
		one_outage();
	atomic_store(&stop_, true);
	for (i = 0; i < WRITERS; i++) {
		pthread_join(w[i], NULL);
		total += acked_[i];
	}
	pthread_join(rd, NULL);
	/* Every acknowledged write, once. */
	db = tdb_open();
	assert_non_null(db);
	snprintf(like, sizeof(like), "%s-%%", prefix_);
	snprintf(v, sizeof(v), "%ld", total);
	assert_int_equal(tdb_int(db,
	                     "SELECT count(*) FROM cases WHERE title LIKE $1",
	                     like, NULL),
	    total);
	assert_int_equal(tdb_int(db,
	                     "SELECT count(DISTINCT title) FROM cases"
	                     " WHERE title LIKE $1",
	                     like, NULL),
	    total);
	fprintf(stderr,
	    "outage: %ld cases acknowledged by %d writers over %d outage(s), "
	    "all present, none twice\n",
	    total, WRITERS, outages);
	tdb_exec(db, "DELETE FROM cases WHERE title LIKE $1", like, NULL);
	tdb_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_database_down_under_load),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
