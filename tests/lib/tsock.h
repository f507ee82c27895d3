/*
 * Raw HTTP over a socket, for tests that must send what no HTTP library
 * would (NUL bytes, bare CRs, two lengths, a head one byte at a time) and
 * see exactly what comes back and when the server closes.  The server is
 * at HONGLIAN_TEST_BASE_URL (http://127.0.0.1:18080 when unset); a
 * socket may come from any address of 127.0.0.0/8, so that a test can be
 * many clients.  Test code only.
 */
#ifndef TSOCK_H
#define TSOCK_H

#include <stdbool.h>
#include <stddef.h>

/* The test server's port, from HONGLIAN_TEST_BASE_URL. */
int tsock_port(void);

/*
 * A connected, blocking TCP socket to 127.0.0.1:port (port 0: the test
 * server's) from local address src (NULL: any).  -1 on failure, with the
 * reason on stderr.
 */
int tsock_connect(const char *src, int port);

/* Send all of p[0..len); false when the connection broke. */
bool tsock_send(int fd, const void *p, size_t len);

/* An answer as read off the socket. */
struct tsock_resp {
	int status; /* 0: no status line came */
	char *raw;  /* everything read, NUL-terminated; free()d by
	               tsock_resp_release() */
	size_t raw_len;
	const char *body; /* into raw, after the empty line; "" if none */
	bool closed;      /* the server closed (EOF or reset) */
	double ms;        /* from the call until the answer was complete */
};

/*
 * Read one answer from fd within timeout_ms: the head, then
 * Content-Length bytes of body.  When until_close, keep reading until
 * the server closes (or the time is up) and note whether it did.
 */
void tsock_read(int fd, int timeout_ms, bool until_close, struct tsock_resp *r);
void tsock_resp_release(struct tsock_resp *r);

/* The value of header name in r (case-insensitive), copied into out
 * (cap bytes); false when absent. */
bool tsock_header(const struct tsock_resp *r, const char *name, char *out,
    size_t cap);

/*
 * Connect (from src), send p[0..len), read the answer until the server
 * closes or timeout_ms passes, close.  r->status 0 when nothing came.
 */
void tsock_exchange(const char *src, const void *p, size_t len, int timeout_ms,
    struct tsock_resp *r);

/* The resident set of process pid in KiB (VmRSS), -1 when unknown. */
long tsock_rss_kib(long pid);

#endif /* TSOCK_H */
