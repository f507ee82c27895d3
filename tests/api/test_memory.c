/*
 * Memory before identity: 1,024 connections (16 addresses, 64 each, the
 * per-address limit) each announce a 20 MiB upload and trickle its first
 * megabyte.  Without a session every one is refused with 401 from its
 * head alone, and the server's resident memory does not move; signed in,
 * the uploads get their memory from max_body_memory (48 MiB in
 * conf/honglian.test.conf): two fit, every other one is refused at once
 * with 503 and Retry-After, and the resident memory stays within that
 * budget.  Measured on a server of the test's own from the release
 * build (build/release/honglian: the sanitizers keep freed memory in
 * quarantine, which would hide what the server itself holds), with the
 * test configuration.  HONGLIAN_SOAK: the uploads trickle for 60 s
 * instead of 10.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <cmocka.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "log.h"
#include "tdb.h"
#include "tfix.h"
#include "thttp.h"
#include "tserver.h"
#include "tsock.h"

#define N_UPLOADS  1024
#define N_ADDRS    16
#define ANNOUNCED  (20 * 1024 * 1024)
#define SENT       (1024 * 1024)
#define CHUNK      (16 * 1024)
#define BUDGET_KIB (48 * 1024)
#define SLACK_KIB  (64 * 1024)

struct upload {
	int fd;
	size_t sent;
	int status;
	bool done;
	bool retry_after;
};

static double
now_ms(void)
{
	return (double)hl_log_now_us() / 1e3;
}

static struct tserver server_;

static long
server_rss(void)
{
	return tsock_rss_kib(server_.pid);
}

static int
connect_from(int i)
{
	struct sockaddr_in s = { 0 };
	struct sockaddr_in d = { 0 };
	char src[16];
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	assert_true(fd != -1);
	snprintf(src, sizeof(src), "127.0.0.%d", 170 + i % N_ADDRS);
	s.sin_family = AF_INET;
	inet_pton(AF_INET, src, &s.sin_addr);
	assert_int_equal(bind(fd, (struct sockaddr *)&s, sizeof(s)), 0);
	d.sin_family = AF_INET;
	d.sin_port = htons((unsigned short)tsock_port());
	inet_pton(AF_INET, "127.0.0.1", &d.sin_addr);
	if (connect(fd, (struct sockaddr *)&d, sizeof(d)) == -1)
		fail_msg("connect %d: %s", i, strerror(errno));
	return fd;
}

/* Read what the server answered on u, if anything. */
static void
take_answer(struct upload *u)
{
	char buf[2048];
	ssize_t n = recv(u->fd, buf, sizeof(buf) - 1, MSG_DONTWAIT);

	if (n < 0 && errno == EAGAIN)
		return;
	u->done = true;
	if (n > 12) {
		buf[n] = '\0';
		u->status = atoi(buf + 9);
		u->retry_after = strstr(buf, "Retry-After:") != NULL;
	}
}

/*
 * Open every upload with head, trickle SENT bytes of body over secs
 * seconds, sampling the server's resident set; then close them all.
 * Returns the peak RSS in KiB.
 */
static long
uploads(struct upload *u, const char *head, double secs)
{
	static struct pollfd pfd[N_UPLOADS];
	static char chunk[CHUNK];
	double start = now_ms();
	double next_chunk = start;
	long peak = server_rss();
	int i;

	memset(chunk, 'x', sizeof(chunk));
	for (i = 0; i < N_UPLOADS; i++) {
		memset(&u[i], 0, sizeof(u[i]));
		u[i].fd = connect_from(i);
		tsock_send(u[i].fd, head, strlen(head));
	}
	while (now_ms() - start < secs * 1000) {
		long rss;

		for (i = 0; i < N_UPLOADS; i++) {
			pfd[i].fd = u[i].done ? -1 : u[i].fd;
			pfd[i].events = POLLIN;
			pfd[i].revents = 0;
		}
		poll(pfd, N_UPLOADS, 100);
		for (i = 0; i < N_UPLOADS; i++)
			if (pfd[i].revents != 0)
				take_answer(&u[i]);
		/* A chunk to every upload still open, SENT bytes over the
		 * first half of the run. */
		if (now_ms() >= next_chunk) {
			for (i = 0; i < N_UPLOADS; i++) {
				if (u[i].done || u[i].sent >= SENT)
					continue;
				if (send(u[i].fd, chunk, sizeof(chunk),
				        MSG_NOSIGNAL | MSG_DONTWAIT) > 0)
					u[i].sent += sizeof(chunk);
			}
			next_chunk += secs * 1000 / 2 / (SENT / CHUNK);
		}
		rss = server_rss();
		if (rss > peak)
			peak = rss;
	}
	for (i = 0; i < N_UPLOADS; i++)
		close(u[i].fd);
	return peak;
}

static void
test_slow_uploads_cost_no_memory(void **state)
{
	const char *soak = getenv("HONGLIAN_SOAK");
	double secs = soak != NULL && strcmp(soak, "1") == 0 ? 60 : 10;
	static struct upload u[N_UPLOADS];
	char login[64];
	char path[64];
	char head[1024];
	struct thttp_client *c = thttp_client_new();
	struct thttp_resp *r;
	struct rlimit rl;
	long base;
	long peak_anon;
	long peak_auth;
	long long case_id;
	int n401 = 0;
	int n503 = 0;
	int n_taken = 0;
	int i;

	(void)state;
	getrlimit(RLIMIT_NOFILE, &rl);
	rl.rlim_cur = rl.rlim_max;
	setrlimit(RLIMIT_NOFILE, &rl);
	assert_true(tserver_start_bin(&server_, "memory",
	    "build/release/honglian", 0, NULL));
	tserver_use(&server_);
	/* A case of a user of the test's own, to upload to. */
	{
		struct tdb *db = tdb_open();

		assert_non_null(db);
		tfix_enterprise_user(tdb_value(db,
		                         "SELECT code FROM chains WHERE code <>"
		                         " 'auto-parts' ORDER BY sort_order"
		                         " DESC LIMIT 1",
		                         NULL),
		    login);
		tdb_close(db);
	}
	assert_int_equal(thttp_client_login(c, login, TFIX_USER_PASSWORD), 200);
	r = thttp_client_json(c, "POST", "/api/v1/cases",
	    "{\"category\":\"other\",\"title\":\"上传内存测试\","
	    "\"description\":\"慢速上传。\"}");
	tfix_expect(r, 201, NULL);
	case_id = thttp_resp_int(r, "id", 0);
	thttp_resp_free(r);
	snprintf(path, sizeof(path), "/api/v1/cases/%lld/attachments", case_id);

	base = server_rss();
	snprintf(head, sizeof(head),
	    "POST %s HTTP/1.1\r\nHost: a\r\n"
	    "Content-Type: multipart/form-data; boundary=x\r\n"
	    "Content-Length: %d\r\n\r\n--x\r\n",
	    path, ANNOUNCED);
	peak_anon = uploads(u, head, secs);
	for (i = 0; i < N_UPLOADS; i++)
		n401 += u[i].status == 401;

	/* Signed in: a session's cookie and CSRF token in the head. */
	{
		const char *h[2] = { "Content-Type: application/json", NULL };
		char body[160];
		char cookie[128];
		const char *sc;

		snprintf(body, sizeof(body),
		    "{\"login\":\"%s\",\"password\":\"%s\"}", login,
		    TFIX_USER_PASSWORD);
		r = thttp_request("POST", "/api/v1/session", h, body,
		    strlen(body));
		tfix_expect(r, 200, NULL);
		sc = thttp_resp_header(r, "Set-Cookie");
		assert_non_null(sc);
		snprintf(cookie, sizeof(cookie), "%.*s", (int)strcspn(sc, ";"),
		    sc);
		snprintf(head, sizeof(head),
		    "POST %s HTTP/1.1\r\nHost: a\r\nCookie: %s\r\n"
		    "X-CSRF-Token: %s\r\n"
		    "Content-Type: multipart/form-data; boundary=x\r\n"
		    "Content-Length: %d\r\n\r\n--x\r\n",
		    path, cookie, thttp_resp_str(r, "csrf_token"), ANNOUNCED);
		thttp_resp_free(r);
	}
	peak_auth = uploads(u, head, secs);
	/* Taken: not refused (still uploading, or closed by the idle
	 * timeout once the client stopped sending). */
	for (i = 0; i < N_UPLOADS; i++) {
		if (u[i].status == 503 && u[i].retry_after)
			n503++;
		if (u[i].status == 0)
			n_taken++;
	}
	thttp_client_free(c);
	tserver_use(NULL);
	assert_true(tserver_stop(&server_));
	fprintf(stderr,
	    "memory: release build, server RSS %ld MiB before; %d slow unauthenticated "
	    "uploads (20 MiB announced, %d KiB sent each over %.0f s): %d "
	    "refused 401 from the head, peak RSS %ld MiB (+%ld MiB); signed "
	    "in: %d still uploading within max_body_memory %d MiB, %d refused "
	    "503 with Retry-After, peak RSS %ld MiB (+%ld MiB)\n",
	    base / 1024, N_UPLOADS, SENT / 1024, secs / 2, n401,
	    peak_anon / 1024, (peak_anon - base) / 1024, n_taken,
	    BUDGET_KIB / 1024, n503, peak_auth / 1024,
	    (peak_auth - base) / 1024);
	assert_int_equal(n401, N_UPLOADS);
	assert_true(peak_anon - base < SLACK_KIB);
	assert_true(n_taken >= 1 && n_taken <= 2);
	assert_int_equal(n503 + n_taken, N_UPLOADS);
	assert_true(peak_auth - base < BUDGET_KIB + SLACK_KIB);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_slow_uploads_cost_no_memory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
