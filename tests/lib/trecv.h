/*
 * A webhook receiver for the tests: an HTTP/1.1 server on 127.0.0.1 (plain
 * sockets, a thread per connection, one request per connection) that
 * records every request it gets and answers from a script: a queue of
 * answers used in order, then a default.  Answers can be slow, huge,
 * redirects or anything else a test needs.  Test code only.
 */
#ifndef TRECV_H
#define TRECV_H

#include <stddef.h>

struct trecv;

/* One answer. */
struct trecv_answer {
	int status;          /* 200 when 0 */
	const char *headers; /* extra lines, each ending "\r\n", or NULL */
	const char *body;    /* NULL: "ok" */
	size_t body_bytes;   /* > 0: body repeated to this many bytes */
	int delay_ms;        /* wait before answering (stop cuts it short) */
};

/* One request received.  body is NUL-terminated (owned by the hit). */
struct trecv_hit {
	char method[8];
	char target[512]; /* path and query as sent */
	char webhook_id[128];
	char webhook_timestamp[32];
	char webhook_signature[256];
	char content_type[128];
	char *body;
	size_t body_len;
	double at_s; /* arrival, seconds on a monotonic clock */
};

/* Listen on 127.0.0.1:port (0: any free port).  NULL (reason on stderr)
 * when it cannot. */
struct trecv *trecv_start(int port);
/* Stop listening, cut slow answers short, join every thread, free. */
void trecv_stop(struct trecv *r);
int trecv_port(const struct trecv *r);
/* "http://127.0.0.1:<port><path>" into out. */
void trecv_url(const struct trecv *r, const char *path, char *out, size_t len);

/* Queue an answer for the next request (copied), or set the answer used
 * when the queue is empty (copied; the default default is 200 "ok"). */
void trecv_push(struct trecv *r, const struct trecv_answer *a);
void trecv_set_default(struct trecv *r, const struct trecv_answer *a);

/* Requests received so far; wait until there are at least n or
 * timeout_ms passed, and return how many there are. */
size_t trecv_count(struct trecv *r);
size_t trecv_wait(struct trecv *r, size_t n, int timeout_ms);
/* Answers the client stopped reading (closed the connection) before
 * their end. */
size_t trecv_cut(struct trecv *r);
/* A copy of request i into out (release with trecv_hit_release());
 * -1 when there is none. */
int trecv_get(struct trecv *r, size_t i, struct trecv_hit *out);
void trecv_hit_release(struct trecv_hit *h);

/* Seconds on the clock trecv_hit.at_s uses. */
double trecv_now(void);

#endif /* TRECV_H */
