/*
 * Raw HTTP on plain sockets: connect (optionally from a chosen loopback
 * address), send bytes as they are, read an answer with a deadline.
 */
/* memmem() */
#define _GNU_SOURCE
#include "tsock.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int
tsock_port(void)
{
	const char *url = getenv("HONGLIAN_TEST_BASE_URL");
	const char *colon;

	if (url == NULL)
		return 18080;
	colon = strrchr(url, ':');
	return colon != NULL ? atoi(colon + 1) : 18080;
}

int
tsock_connect(const char *src, int port)
{
	struct sockaddr_in a = { 0 };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int one = 1;

	if (fd == -1) {
		fprintf(stderr, "tsock: socket: %s\n", strerror(errno));
		return -1;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (src != NULL) {
		struct sockaddr_in s = { 0 };

		s.sin_family = AF_INET;
		inet_pton(AF_INET, src, &s.sin_addr);
		if (bind(fd, (struct sockaddr *)&s, sizeof(s)) == -1) {
			fprintf(stderr, "tsock: bind %s: %s\n", src,
			    strerror(errno));
			close(fd);
			return -1;
		}
	}
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)(port != 0 ? port : tsock_port()));
	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) == -1) {
		fprintf(stderr, "tsock: connect: %s\n", strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

bool
tsock_send(int fd, const void *p, size_t len)
{
	const char *c = p;

	while (len > 0) {
		ssize_t n = send(fd, c, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		c += n;
		len -= (size_t)n;
	}
	return true;
}

/* Where the head ends in raw (after the empty line), 0 while it has not
 * come whole. */
static size_t
head_end(const char *raw, size_t len)
{
	const char *e = memmem(raw, len, "\r\n\r\n", 4);

	return e != NULL ? (size_t)(e - raw) + 4 : 0;
}

static long
content_length(const char *raw, size_t head_len)
{
	const char *p = raw;
	const char *end = raw + head_len;

	while (p < end) {
		const char *eol = memmem(p, (size_t)(end - p), "\r\n", 2);

		if (eol == NULL)
			break;
		if (eol - p > 15 && strncasecmp(p, "Content-Length:", 15) == 0)
			return atol(p + 15);
		p = eol + 2;
	}
	return 0;
}

void
tsock_read(int fd, int timeout_ms, bool until_close, struct tsock_resp *r)
{
	double t0 = now_ms();
	size_t cap = 4096;
	size_t hl = 0;

	memset(r, 0, sizeof(*r));
	r->raw = malloc(cap);
	if (r->raw == NULL)
		abort();
	r->raw[0] = '\0';
	r->body = r->raw;
	for (;;) {
		struct pollfd pfd = { fd, POLLIN, 0 };
		int left = timeout_ms - (int)(now_ms() - t0);
		ssize_t n;

		if (hl != 0 && !until_close &&
		    r->raw_len >= hl + (size_t)content_length(r->raw, hl))
			break;
		if (left <= 0 || poll(&pfd, 1, left) <= 0)
			break;
		if (r->raw_len + 4096 + 1 > cap) {
			cap *= 2;
			r->raw = realloc(r->raw, cap);
			if (r->raw == NULL)
				abort();
		}
		n = recv(fd, r->raw + r->raw_len, cap - r->raw_len - 1, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			r->closed = true;
			break;
		}
		r->raw_len += (size_t)n;
		r->raw[r->raw_len] = '\0';
		if (hl == 0)
			hl = head_end(r->raw, r->raw_len);
	}
	r->ms = now_ms() - t0;
	if (r->raw_len > 9 && strncmp(r->raw, "HTTP/1.", 7) == 0)
		r->status = atoi(r->raw + 9);
	if (hl != 0)
		r->body = r->raw + hl;
}

void
tsock_resp_release(struct tsock_resp *r)
{
	free(r->raw);
	memset(r, 0, sizeof(*r));
}

bool
tsock_header(const struct tsock_resp *r, const char *name, char *out,
    size_t cap)
{
	size_t hl = head_end(r->raw, r->raw_len);
	size_t nl = strlen(name);
	const char *p = r->raw;
	const char *end = r->raw + hl;

	while (p < end) {
		const char *eol = memmem(p, (size_t)(end - p), "\r\n", 2);

		if (eol == NULL)
			break;
		if ((size_t)(eol - p) > nl && p[nl] == ':' &&
		    strncasecmp(p, name, nl) == 0) {
			const char *v = p + nl + 1;
			size_t n;

			while (v < eol && *v == ' ')
				v++;
			n = (size_t)(eol - v);
			if (n >= cap)
				n = cap - 1;
			memcpy(out, v, n);
			out[n] = '\0';
			return true;
		}
		p = eol + 2;
	}
	return false;
}

void
tsock_exchange(const char *src, const void *p, size_t len, int timeout_ms,
    struct tsock_resp *r)
{
	int fd = tsock_connect(src, 0);

	memset(r, 0, sizeof(*r));
	if (fd == -1) {
		r->raw = calloc(1, 1);
		r->body = r->raw;
		return;
	}
	tsock_send(fd, p, len);
	tsock_read(fd, timeout_ms, true, r);
	close(fd);
}

long
tsock_rss_kib(long pid)
{
	char path[64];
	char line[256];
	long kib = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/status", pid);
	f = fopen(path, "r");
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, "VmRSS:", 6) == 0)
			kib = atol(line + 6);
	fclose(f);
	return kib;
}
