/*
 * A server of a test's own: build/test/honglian with the test
 * configuration and some overrides, on a free port, against the test
 * database (HONGLIAN_TEST_SERVER_DATABASE_URL, the server's limited role,
 * else HONGLIAN_TEST_DATABASE_URL), its output in build/test/server-NAME.log.
 * For tests that need other settings than the shared server's, or kill
 * it.  Test code only.
 */
#ifndef TSERVER_H
#define TSERVER_H

#include <stdbool.h>

struct tserver {
	char name[32];
	const char *bin; /* the binary: BIN, or another build's */
	int port;
	long pid; /* 0: not running */
	char url[64];
	char log[128];
	const char *const *env; /* "NAME=value" overrides, NULL-terminated */
};

/* Pick a free port (0: any) and start; wait until /healthz answers (at
 * most 30 s).  env (may be NULL) is kept by pointer.  false on failure
 * (reason on stderr, the log's tail too). */
bool tserver_start(struct tserver *s, const char *name, int port,
    const char *const *env);
/* The same with another binary, such as build/release/honglian for
 * figures that the sanitizers would distort (memory). */
bool tserver_start_bin(struct tserver *s, const char *name, const char *bin,
    int port, const char *const *env);
/* Start again on the same port with the same settings. */
bool tserver_restart(struct tserver *s);
/* SIGKILL and reap. */
void tserver_kill(struct tserver *s);
/* SIGTERM and reap; true when it exited 0 within 20 s and its log has no
 * sanitizer report. */
bool tserver_stop(struct tserver *s);
/* Point thttp at s (HONGLIAN_TEST_BASE_URL), or back at the shared
 * server (s NULL). */
void tserver_use(const struct tserver *s);

#endif /* TSERVER_H */
