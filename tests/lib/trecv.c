/*
 * The receiver.  Every connection gets a joinable thread, so that stop
 * can wait for all of them (LeakSanitizer sees no stray thread); every
 * answer says "Connection: close", so one request per connection is all
 * the parsing there is.  The big-answer mode writes with MSG_NOSIGNAL:
 * a client that stops reading must not kill the test with SIGPIPE.
 */
#include "trecv.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define HEAD_MAX  (64 * 1024)
#define BODY_MAX  (16 * 1024 * 1024)
#define QUEUE_MAX 256

struct answer {
	int status;
	char *headers;
	char *body;
	size_t body_bytes;
	int delay_ms;
};

struct conn {
	struct trecv *r;
	int fd;
};

struct trecv {
	int fd;
	int port;
	pthread_t listener;
	/* Guards everything below; hits_cond signals new hits. */
	pthread_mutex_t lock;
	pthread_cond_t hits_cond;
	bool stop;
	struct trecv_hit *hits;
	size_t n_hits;
	size_t cap_hits;
	size_t n_cut; /* answers the client stopped reading before their end */
	struct answer queue[QUEUE_MAX];
	size_t q_head;
	size_t q_len;
	struct answer def;
	pthread_t *threads;
	size_t n_threads;
	size_t cap_threads;
};

double
trecv_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? strdup(s) : NULL;
}

static void
answer_copy(struct answer *to, const struct trecv_answer *a)
{
	to->status = a->status != 0 ? a->status : 200;
	to->headers = dup_or_null(a->headers);
	to->body = dup_or_null(a->body);
	to->body_bytes = a->body_bytes;
	to->delay_ms = a->delay_ms;
}

static void
answer_free(struct answer *a)
{
	free(a->headers);
	free(a->body);
	memset(a, 0, sizeof(*a));
}

static bool
stopping(struct trecv *r)
{
	bool s;

	pthread_mutex_lock(&r->lock);
	s = r->stop;
	pthread_mutex_unlock(&r->lock);
	return s;
}

/* The value of header name in the head (lines after the first), copied
 * into out; "" when absent. */
static void
header(const char *head, const char *name, char *out, size_t len)
{
	size_t n = strlen(name);
	const char *p = strstr(head, "\r\n");

	out[0] = '\0';
	while (p != NULL && p[2] != '\r' && p[2] != '\0') {
		const char *line = p + 2;
		const char *end = strstr(line, "\r\n");

		if (end == NULL)
			return;
		if ((size_t)(end - line) > n &&
		    strncasecmp(line, name, n) == 0 && line[n] == ':') {
			const char *v = line + n + 1;

			while (*v == ' ')
				v++;
			snprintf(out, len, "%.*s", (int)(end - v), v);
			return;
		}
		p = end;
	}
}

static int
send_all(int fd, const char *p, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = send(fd, p, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Send answer a; -1 when the client went away before its end. */
static int
respond(struct trecv *r, int fd, const struct answer *a)
{
	const char *body = a->body != NULL ? a->body : "ok";
	size_t blen = strlen(body);
	size_t total = a->body_bytes > 0 ? a->body_bytes : blen;
	char head[1024];
	int waited = 0;
	size_t sent = 0;
	size_t chunk;

	while (waited < a->delay_ms && !stopping(r)) {
		usleep(20000);
		waited += 20;
	}
	snprintf(head, sizeof(head),
	    "HTTP/1.1 %d X\r\nContent-Length: %zu\r\nContent-Type: "
	    "application/json\r\nConnection: close\r\n%s\r\n",
	    a->status, total, a->headers != NULL ? a->headers : "");
	if (send_all(fd, head, strlen(head)) == -1)
		return -1;
	while (sent < total && blen > 0) {
		chunk = total - sent < blen ? total - sent : blen;
		if (send_all(fd, body, chunk) == -1)
			return -1;
		sent += chunk;
	}
	return 0;
}

/* Read one request: head, then Content-Length bytes of body. */
static int
read_request(int fd, char **buf, size_t *len, size_t *head_len)
{
	size_t cap = 4096;
	size_t want = 0;
	char *p = malloc(cap + 1);
	char *end;
	char cl[32];
	ssize_t n;

	*len = 0;
	*head_len = 0;
	for (;;) {
		if (*len == cap) {
			cap *= 2;
			p = realloc(p, cap + 1);
		}
		n = recv(fd, p + *len, cap - *len, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		*len += (size_t)n;
		p[*len] = '\0';
		if (*head_len == 0 && (end = strstr(p, "\r\n\r\n")) != NULL) {
			*head_len = (size_t)(end - p) + 4;
			header(p, "Content-Length", cl, sizeof(cl));
			want = *head_len + strtoul(cl, NULL, 10);
			if (want > HEAD_MAX + BODY_MAX)
				break;
		}
		if (*head_len == 0 && *len > HEAD_MAX)
			break;
		if (*head_len > 0 && *len >= want) {
			*buf = p;
			return 0;
		}
	}
	free(p);
	return -1;
}

static void
record(struct trecv *r, const char *req, size_t len, size_t head_len,
    struct answer *a)
{
	struct trecv_hit h;

	memset(&h, 0, sizeof(h));
	sscanf(req, "%7s %511s", h.method, h.target);
	header(req, "webhook-id", h.webhook_id, sizeof(h.webhook_id));
	header(req, "webhook-timestamp", h.webhook_timestamp,
	    sizeof(h.webhook_timestamp));
	header(req, "webhook-signature", h.webhook_signature,
	    sizeof(h.webhook_signature));
	header(req, "Content-Type", h.content_type, sizeof(h.content_type));
	h.body_len = len - head_len;
	h.body = malloc(h.body_len + 1);
	memcpy(h.body, req + head_len, h.body_len);
	h.body[h.body_len] = '\0';
	h.at_s = trecv_now();
	pthread_mutex_lock(&r->lock);
	if (r->n_hits == r->cap_hits) {
		r->cap_hits = r->cap_hits == 0 ? 64 : r->cap_hits * 2;
		r->hits = realloc(r->hits, r->cap_hits * sizeof(*r->hits));
	}
	r->hits[r->n_hits++] = h;
	if (r->q_len > 0) {
		*a = r->queue[r->q_head];
		memset(&r->queue[r->q_head], 0, sizeof(r->queue[0]));
		r->q_head = (r->q_head + 1) % QUEUE_MAX;
		r->q_len--;
	} else {
		a->status = r->def.status;
		a->headers = dup_or_null(r->def.headers);
		a->body = dup_or_null(r->def.body);
		a->body_bytes = r->def.body_bytes;
		a->delay_ms = r->def.delay_ms;
	}
	pthread_cond_broadcast(&r->hits_cond);
	pthread_mutex_unlock(&r->lock);
}

static void *
serve_conn(void *arg)
{
	struct conn *c = arg;
	struct answer a;
	size_t len;
	size_t head_len;
	char *req = NULL;

	memset(&a, 0, sizeof(a));
	if (read_request(c->fd, &req, &len, &head_len) == 0) {
		record(c->r, req, len, head_len, &a);
		if (respond(c->r, c->fd, &a) == -1) {
			pthread_mutex_lock(&c->r->lock);
			c->r->n_cut++;
			pthread_mutex_unlock(&c->r->lock);
		}
		answer_free(&a);
	}
	free(req);
	close(c->fd);
	free(c);
	return NULL;
}

static void *
listen_loop(void *arg)
{
	struct trecv *r = arg;
	struct pollfd pfd = { r->fd, POLLIN, 0 };
	struct conn *c;
	pthread_t t;
	int fd;

	while (!stopping(r)) {
		if (poll(&pfd, 1, 50) <= 0)
			continue;
		fd = accept(r->fd, NULL, NULL);
		if (fd < 0)
			continue;
		c = malloc(sizeof(*c));
		c->r = r;
		c->fd = fd;
		if (pthread_create(&t, NULL, serve_conn, c) != 0) {
			close(fd);
			free(c);
			continue;
		}
		pthread_mutex_lock(&r->lock);
		if (r->n_threads == r->cap_threads) {
			r->cap_threads =
			    r->cap_threads == 0 ? 64 : r->cap_threads * 2;
			r->threads = realloc(r->threads,
			    r->cap_threads * sizeof(*r->threads));
		}
		r->threads[r->n_threads++] = t;
		pthread_mutex_unlock(&r->lock);
	}
	return NULL;
}

struct trecv *
trecv_start(int port)
{
	struct trecv *r = calloc(1, sizeof(*r));
	struct sockaddr_in sa;
	socklen_t sl = sizeof(sa);
	int one = 1;

	r->fd = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(r->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (r->fd < 0 || bind(r->fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    listen(r->fd, 256) != 0 ||
	    getsockname(r->fd, (struct sockaddr *)&sa, &sl) != 0) {
		fprintf(stderr, "trecv: cannot listen on port %d: %s\n", port,
		    strerror(errno));
		if (r->fd >= 0)
			close(r->fd);
		free(r);
		return NULL;
	}
	r->port = ntohs(sa.sin_port);
	r->def.status = 200;
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->hits_cond, NULL);
	pthread_create(&r->listener, NULL, listen_loop, r);
	return r;
}

void
trecv_stop(struct trecv *r)
{
	size_t i;

	if (r == NULL)
		return;
	pthread_mutex_lock(&r->lock);
	r->stop = true;
	pthread_mutex_unlock(&r->lock);
	pthread_join(r->listener, NULL);
	/* The listener is gone: threads is no longer written. */
	for (i = 0; i < r->n_threads; i++)
		pthread_join(r->threads[i], NULL);
	close(r->fd);
	for (i = 0; i < r->n_hits; i++)
		trecv_hit_release(&r->hits[i]);
	for (i = 0; i < QUEUE_MAX; i++)
		answer_free(&r->queue[i]);
	answer_free(&r->def);
	free(r->hits);
	free(r->threads);
	pthread_cond_destroy(&r->hits_cond);
	pthread_mutex_destroy(&r->lock);
	free(r);
}

int
trecv_port(const struct trecv *r)
{
	return r->port;
}

void
trecv_url(const struct trecv *r, const char *path, char *out, size_t len)
{
	snprintf(out, len, "http://127.0.0.1:%d%s", r->port, path);
}

void
trecv_push(struct trecv *r, const struct trecv_answer *a)
{
	pthread_mutex_lock(&r->lock);
	if (r->q_len < QUEUE_MAX) {
		answer_copy(&r->queue[(r->q_head + r->q_len) % QUEUE_MAX], a);
		r->q_len++;
	}
	pthread_mutex_unlock(&r->lock);
}

void
trecv_set_default(struct trecv *r, const struct trecv_answer *a)
{
	pthread_mutex_lock(&r->lock);
	answer_free(&r->def);
	answer_copy(&r->def, a);
	pthread_mutex_unlock(&r->lock);
}

size_t
trecv_count(struct trecv *r)
{
	size_t n;

	pthread_mutex_lock(&r->lock);
	n = r->n_hits;
	pthread_mutex_unlock(&r->lock);
	return n;
}

size_t
trecv_cut(struct trecv *r)
{
	size_t n;

	pthread_mutex_lock(&r->lock);
	n = r->n_cut;
	pthread_mutex_unlock(&r->lock);
	return n;
}

size_t
trecv_wait(struct trecv *r, size_t n, int timeout_ms)
{
	struct timespec until;
	size_t have;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += timeout_ms / 1000;
	until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&r->lock);
	while (r->n_hits < n &&
	    pthread_cond_timedwait(&r->hits_cond, &r->lock, &until) == 0)
		;
	have = r->n_hits;
	pthread_mutex_unlock(&r->lock);
	return have;
}

int
trecv_get(struct trecv *r, size_t i, struct trecv_hit *out)
{
	int rc = -1;

	pthread_mutex_lock(&r->lock);
	if (i < r->n_hits) {
		*out = r->hits[i];
		out->body = malloc(out->body_len + 1);
		memcpy(out->body, r->hits[i].body, out->body_len + 1);
		rc = 0;
	}
	pthread_mutex_unlock(&r->lock);
	return rc;
}

void
trecv_hit_release(struct trecv_hit *h)
{
	free(h->body);
	h->body = NULL;
}
