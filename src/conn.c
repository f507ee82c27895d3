/*
 * The door: one thread with an epoll set accepts every connection and
 * keeps it until its first request head is whole.  It reads with
 * MSG_PEEK, so the bytes stay in the socket for libmicrohttpd, which gets
 * the connection through MHD_add_connection() (http.c) only once the head
 * passed head.c.  A slow or hostile client therefore costs a small struct
 * here, never a daemon slot or a worker's time, and whatever libmicrohttpd
 * would answer with its own HTML page never reaches it.
 *
 * Every connection has a struct hl_conn, indexed by descriptor, from
 * accept until the daemon's close notice, so the limits count all of them
 * and the same thread's sweep can enforce deadlines the library lacks
 * (its timeout is idle time only, which a trickle resets): it writes 408
 * and shuts the socket down; the daemon then sees the end and closes it.
 * One mutex guards all of it: the door thread, the sweep and the daemon's
 * workers (phase changes, close notices) each hold it briefly.
 */
/* accept4(), which takes the new socket's flags in the same call. */
#define _GNU_SOURCE
#include "conn.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "buf.h"
#include "conf.h"
#include "crypto.h"
#include "err.h"
#include "head.h"
#include "json.h"
#include "log.h"
#include "mem.h"
#include "str.h"

/* Sweep period: deadlines are kept to within this. */
#define SWEEP_US 100000u
/* After an error answer the connection is read and dropped for this long
 * (or this many bytes), so that closing it does not reset the answer away
 * (a close with unread input sends RST). */
#define LINGER_US    2000000u
#define LINGER_BYTES (64 * 1024)
/* A head that needs more reads than this comes a few bytes at a time:
 * each read re-reads all of it, so it is cut off (408). */
#define MAX_PEEKS 64
#define MAX_FDS   (1u << 20)
#define MAX_NETS  64

enum phase {
	P_DOOR,   /* here, its first head arriving */
	P_LINGER, /* answered here, draining before the close */
	P_HEAD,   /* the daemon's: HL_CONN_HEAD ... */
	P_BODY,
	P_WORK,
	P_IDLE,
};

/* An address as 16 bytes (IPv4 as ::ffff:a.b.c.d). */
struct addr {
	unsigned char b[16];
};

struct net {
	struct addr a;
	int bits;
};

struct hl_conn {
	int fd;
	enum phase phase;
	bool started; /* the daemon announced it */
	bool expired; /* a deadline passed: answered 408, being closed */
	bool dead;    /* closed here; freed after the current events */
	bool got_bytes;
	bool exempt; /* a trusted proxy: no per-address limit */
	int n_peeks;
	size_t drained;
	uint64_t since_us;    /* when the phase began: age for eviction */
	uint64_t deadline_us; /* 0: none */
	struct addr key;      /* the per-address limit's key */
	struct sockaddr_storage sa;
	socklen_t sa_len;
	struct hl_conn *prev;
	struct hl_conn *next;
	struct hl_conn *due; /* the door thread's own list of the moment */
};

/* Per-address counts, open addressing; n == 0 is an empty slot. */
struct slot {
	struct addr key;
	uint32_t n;
};

/* Settings, written by hl_conn_setup() before any thread starts. */
static struct hl_head_limits limits_ = {
	.max_target_len = 4096,
	.max_fields_len = 8192,
	.max_fields = 64,
	.max_args = 64,
	.max_cookies = 32,
};
static uint64_t header_us_ = 10000000u;
static uint64_t body_us_ = 30000000u;
static uint64_t body_rate_ = 16384;
static uint64_t idle_us_ = 30000000u;
static size_t max_conns_ = 1024;
static size_t max_per_ip_ = 64;
static bool access_log_ = true;
static bool hsts_;
static int retry_after_s_ = 5;
static struct net nets_[MAX_NETS];
static size_t n_nets_;
static char rid_prefix_[9];
static atomic_uint_fast64_t rid_counter_;

/* Guards everything below. */
static pthread_mutex_t lock_ = PTHREAD_MUTEX_INITIALIZER;
static struct hl_conn **by_fd_;
static size_t n_by_fd_;
static struct hl_conn *live_;
static size_t n_live_;
static size_t n_doomed_; /* expired daemon connections not yet closed */
static struct slot *slots_;
static size_t n_slots_;

/* The door thread's own. */
static pthread_t thread_;
static bool running_;
static atomic_bool stop_;
static int ep_ = -1;
static int wake_ = -1;
static int listen_ = -1;
static int spare_ = -1;
static hl_conn_handoff_fn handoff_;
static char *peek_;
static size_t peek_len_;
static struct hl_conn *grave_; /* closed during this round of events */

static const char CSP[] = "default-src 'self'; img-src 'self' data:; "
                          "style-src 'self'; script-src 'self'; "
                          "object-src 'none'; base-uri 'self'; "
                          "form-action 'self'; frame-ancestors 'none'";

/* HSTS last, so that without TLS the list is one shorter. */
static const struct hl_conn_hdr headers_[] = {
	{ "Content-Security-Policy", CSP },
	{ "X-Content-Type-Options", "nosniff" },
	{ "X-Frame-Options", "DENY" },
	{ "Referrer-Policy", "strict-origin-when-cross-origin" },
	{ "Cross-Origin-Opener-Policy", "same-origin" },
	{ "Strict-Transport-Security", "max-age=31536000" },
};

#define N_HEADERS (sizeof(headers_) / sizeof(headers_[0]))

size_t
hl_conn_headers(const struct hl_conn_hdr **out)
{
	*out = headers_;
	return hsts_ ? N_HEADERS : N_HEADERS - 1;
}

void
hl_conn_request_id(char out[40])
{
	snprintf(out, 40, "%s%012" PRIxFAST64, rid_prefix_,
	    atomic_fetch_add(&rid_counter_, 1));
}

/* s as the inside of a JSON string, cut to fit. */
static size_t
json_text(char *out, size_t cap, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 0;

	for (; s != NULL && *s != '\0' && n + 7 < cap; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			out[n++] = '\\';
			out[n++] = (char)c;
		} else if (c < 0x20 || c >= 0x7f) {
			/* Not UTF-8 aware on purpose: what reaches a log
			 * from a client is ASCII or suspicious. */
			memcpy(out + n, "\\u00", 4);
			out[n + 4] = hex[c >> 4];
			out[n + 5] = hex[c & 15];
			n += 6;
		} else {
			out[n++] = (char)c;
		}
	}
	out[n] = '\0';
	return n;
}

void
hl_conn_access_log(const char *rid, const char *ip, int64_t uid,
    const char *method, const char *route, int status, size_t bytes,
    uint64_t us)
{
	char m[64];
	char r[160];
	char i[64];
	char d[64];
	char line[512];
	int n;

	if (!access_log_)
		return;
	json_text(d, sizeof(d), rid);
	json_text(i, sizeof(i), ip);
	json_text(m, sizeof(m), method != NULL ? method : "-");
	json_text(r, sizeof(r), route != NULL ? route : "-");
	n = snprintf(line, sizeof(line),
	    "{\"rid\":\"%s\",\"ip\":\"%s\",\"uid\":%" PRId64
	    ",\"method\":\"%s\",\"route\":\"%s\",\"status\":%d,"
	    "\"bytes\":%zu,\"us\":%" PRIu64 "}",
	    d, i, uid, m, r, status, bytes, us);
	if (n > 0)
		hl_log_raw(line,
		    (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
}

/* ---- addresses ---- */

static void
addr_of(const struct sockaddr *sa, struct addr *a)
{
	memset(a, 0, sizeof(*a));
	if (sa->sa_family == AF_INET) {
		a->b[10] = a->b[11] = 0xff;
		memcpy(a->b + 12,
		    &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
		    4);
	} else if (sa->sa_family == AF_INET6) {
		memcpy(a->b,
		    &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
		    16);
	}
}

static bool
is_v4(const struct addr *a)
{
	static const unsigned char pre[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0xff, 0xff };

	return memcmp(a->b, pre, 12) == 0;
}

static void
addr_text(const struct addr *a, char *out, size_t len)
{
	if (is_v4(a))
		inet_ntop(AF_INET, a->b + 12, out, (socklen_t)len);
	else
		inet_ntop(AF_INET6, a->b, out, (socklen_t)len);
}

/* Text (no brackets, no port) to an address; -1 when it is none. */
static int
addr_parse(const char *s, size_t len, struct addr *a)
{
	char tmp[INET6_ADDRSTRLEN];

	if (len == 0 || len >= sizeof(tmp))
		return -1;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, tmp, a->b + 12) == 1) {
		a->b[10] = a->b[11] = 0xff;
		return 0;
	}
	return inet_pton(AF_INET6, tmp, a->b) == 1 ? 0 : -1;
}

static bool
in_net(const struct addr *a, const struct net *n)
{
	int full = n->bits / 8;
	int rest = n->bits % 8;

	if (memcmp(a->b, n->a.b, (size_t)full) != 0)
		return false;
	return rest == 0 ||
	    ((a->b[full] ^ n->a.b[full]) & (0xff << (8 - rest))) == 0;
}

static bool
trusted(const struct addr *a)
{
	size_t i;

	for (i = 0; i < n_nets_; i++)
		if (in_net(a, &nets_[i]))
			return true;
	return false;
}

/* "10.0.0.0/8, ::1": each entry an address or a CIDR block. */
static int
parse_nets(const char *s, struct hl_err *err)
{
	n_nets_ = 0;
	while (*s != '\0') {
		size_t len;
		const char *slash;
		struct net *n;
		long bits;
		char *end;

		s += strspn(s, ", \t");
		len = strcspn(s, ", \t");
		if (len == 0)
			break;
		if (n_nets_ == MAX_NETS)
			return hl_err_set(err, 500, "invalid_config",
			    "trusted_proxies: more than %d entries", MAX_NETS);
		n = &nets_[n_nets_];
		slash = memchr(s, '/', len);
		if (addr_parse(s, slash != NULL ? (size_t)(slash - s) : len,
		        &n->a) == -1)
			goto bad;
		n->bits = 128;
		if (slash != NULL) {
			bits = strtol(slash + 1, &end, 10);
			if (end != s + len || end == slash + 1 || bits < 0 ||
			    bits > (is_v4(&n->a) ? 32 : 128))
				goto bad;
			n->bits = (int)bits + (is_v4(&n->a) ? 96 : 0);
		}
		n_nets_++;
		s += len;
		continue;
bad:
		return hl_err_set(err, 500, "invalid_config",
		    "trusted_proxies: '%.*s' is not an address or CIDR block",
		    (int)(len < 64 ? len : 64), s);
	}
	return 0;
}

void
hl_conn_client(const struct sockaddr *peer, const char *xff, char *out,
    size_t len)
{
	struct addr a;
	struct addr hop;
	const char *end;
	int n = 0;

	addr_of(peer, &a);
	if (xff == NULL || !trusted(&a)) {
		addr_text(&a, out, len);
		return;
	}
	/* Right to left: each hop was appended by the proxy after it; the
	 * first we do not trust is the client.  A hop that is no address
	 * ends the walk at the proxy that wrote it. */
	end = xff + strlen(xff);
	for (n = 0; n < 32; n++) {
		const char *start = end;
		const char *s;
		const char *e = end;

		while (start > xff && start[-1] != ',')
			start--;
		for (s = start; s < e && (*s == ' ' || *s == '\t'); s++)
			;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (addr_parse(s, (size_t)(e - s), &hop) == -1)
			break;
		a = hop;
		if (!trusted(&a) || start == xff)
			break;
		end = start - 1;
	}
	addr_text(&a, out, len);
}

/* The per-address key: IPv4 as it is, IPv6 by its /64, since one host
 * gets a whole /64 and picks addresses in it at will. */
static void
key_of(const struct sockaddr *sa, struct addr *k)
{
	addr_of(sa, k);
	if (!is_v4(k))
		memset(k->b + 8, 0, 8);
}

/* ---- per-address counts (under lock_) ---- */

static size_t
slot_hash(const struct addr *k)
{
	uint64_t h = 1469598103934665603u;
	size_t i;

	for (i = 0; i < sizeof(k->b); i++)
		h = (h ^ k->b[i]) * 1099511628211u;
	return (size_t)(h ^ (h >> 29)) & (n_slots_ - 1);
}

static struct slot *
slot_find(const struct addr *k)
{
	size_t i;

	for (i = slot_hash(k); slots_[i].n != 0; i = (i + 1) & (n_slots_ - 1))
		if (memcmp(&slots_[i].key, k, sizeof(*k)) == 0)
			return &slots_[i];
	return &slots_[i];
}

static uint32_t
key_count(const struct addr *k)
{
	return slot_find(k)->n;
}

static void
key_add(const struct addr *k)
{
	struct slot *s = slot_find(k);

	if (s->n == 0)
		s->key = *k;
	s->n++;
}

/* Linear probing without tombstones: a freed slot pulls later members of
 * its cluster back, so that every lookup still ends at an empty slot. */
static void
key_del(const struct addr *k)
{
	struct slot *s = slot_find(k);
	size_t i;
	size_t j;

	if (s->n == 0 || --s->n > 0)
		return;
	i = (size_t)(s - slots_);
	for (j = (i + 1) & (n_slots_ - 1); slots_[j].n != 0;
	     j = (j + 1) & (n_slots_ - 1)) {
		size_t h = slot_hash(&slots_[j].key);

		/* Move j into the hole at i unless its home lies in (i, j]. */
		if (i <= j ? (h > i && h <= j) : (h > i || h <= j))
			continue;
		slots_[i] = slots_[j];
		slots_[j].n = 0;
		i = j;
	}
}

/* ---- the table of connections (under lock_) ---- */

static void
track(struct hl_conn *c)
{
	c->next = live_;
	if (live_ != NULL)
		live_->prev = c;
	live_ = c;
	n_live_++;
	by_fd_[c->fd] = c;
	key_add(&c->key);
}

static void
untrack(struct hl_conn *c)
{
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		live_ = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	c->prev = c->next = NULL;
	n_live_--;
	if ((size_t)c->fd < n_by_fd_ && by_fd_[c->fd] == c)
		by_fd_[c->fd] = NULL;
	key_del(&c->key);
	if (c->expired)
		n_doomed_--;
}

/* ---- answers written on the socket ---- */

static const char *
reason(int status)
{
	switch (status) {
	case 400:
		return "Bad Request";
	case 408:
		return "Request Timeout";
	case 411:
		return "Length Required";
	case 413:
		return "Content Too Large";
	case 414:
		return "URI Too Long";
	case 429:
		return "Too Many Requests";
	case 431:
		return "Request Header Fields Too Large";
	case 501:
		return "Not Implemented";
	case 505:
		return "HTTP Version Not Supported";
	default:
		return "Service Unavailable";
	}
}

/*
 * Write the JSON error answer on fd and log it; ip is the peer as text
 * (may be NULL), since = when the request began.  Best effort: the
 * socket is non-blocking and the answer small, so it goes out whole into
 * an empty send buffer or not at all.
 */
static void
answer(int fd, const struct sockaddr *sa, int status, const char *code,
    const char *msg, int retry_after_s, uint64_t since_us)
{
	const struct hl_conn_hdr *h;
	struct hl_buf out = { 0 };
	struct hl_buf body = { 0 };
	struct hl_err err = { 0 };
	char rid[40];
	char ip[INET6_ADDRSTRLEN];
	struct addr a;
	size_t n;
	size_t i;

	hl_conn_request_id(rid);
	hl_err_set(&err, status, code, "%s", msg);
	hl_json_write_error(&body, &err, rid);
	hl_buf_printf(&out,
	    "HTTP/1.1 %d %s\r\nContent-Type: application/json; "
	    "charset=utf-8\r\nContent-Length: %zu\r\nConnection: close\r\n"
	    "Cache-Control: no-store\r\nX-Request-Id: %s\r\n",
	    status, reason(status), body.len, rid);
	if (retry_after_s > 0)
		hl_buf_printf(&out, "Retry-After: %d\r\n", retry_after_s);
	n = hl_conn_headers(&h);
	for (i = 0; i < n; i++)
		hl_buf_printf(&out, "%s: %s\r\n", h[i].name, h[i].value);
	hl_buf_puts(&out, "\r\n");
	hl_buf_append(&out, body.p, body.len);
	if (send(fd, out.p, out.len, MSG_NOSIGNAL | MSG_DONTWAIT) < 0 &&
	    errno != EPIPE && errno != ECONNRESET && errno != EAGAIN)
		hl_log(HL_LOG_DEBUG, "conn: cannot answer %d: %s", status,
		    strerror(errno));
	ip[0] = '\0';
	if (sa != NULL) {
		addr_of(sa, &a);
		addr_text(&a, ip, sizeof(ip));
	}
	hl_conn_access_log(rid, ip, 0, "-", "-", status, body.len,
	    hl_log_now_us() - since_us);
	hl_buf_release(&body);
	hl_buf_release(&out);
}

/* Refuse a connection that never gets a struct: answer and close. */
static void
refuse(int fd, const struct sockaddr *sa, int status, const char *code,
    const char *msg)
{
	answer(fd, sa, status, code, msg,
	    status == 429 || status == 503 ? retry_after_s_ : 0,
	    hl_log_now_us());
	close(fd);
}

/* ---- the door thread ---- */

/* Close c here (a door connection) and bury it: events of this round
 * may still name it. */
static void
drop(struct hl_conn *c)
{
	pthread_mutex_lock(&lock_);
	untrack(c);
	pthread_mutex_unlock(&lock_);
	close(c->fd);
	c->dead = true;
	c->next = grave_;
	grave_ = c;
}

/* Answer a door connection and let it drain before the close. */
static void
answer_door(struct hl_conn *c, int status, const char *code, const char *msg)
{
	answer(c->fd, (const struct sockaddr *)&c->sa, status, code, msg, 0,
	    c->since_us);
	shutdown(c->fd, SHUT_WR);
	pthread_mutex_lock(&lock_);
	c->phase = P_LINGER;
	c->deadline_us = hl_log_now_us() + LINGER_US;
	pthread_mutex_unlock(&lock_);
}

static void
hand_off(struct hl_conn *c)
{
	epoll_ctl(ep_, EPOLL_CTL_DEL, c->fd, NULL);
	/* From here the daemon may announce it at any moment. */
	pthread_mutex_lock(&lock_);
	c->phase = P_HEAD;
	pthread_mutex_unlock(&lock_);
	if (handoff_(c->fd, (const struct sockaddr *)&c->sa, c->sa_len) == 0)
		return;
	/* The daemon closed the socket: forget the connection. */
	pthread_mutex_lock(&lock_);
	untrack(c);
	pthread_mutex_unlock(&lock_);
	free(c);
}

/* events: epoll's; EPOLLRDHUP means the client sent all it will. */
static void
on_door_input(struct hl_conn *c, uint32_t events)
{
	struct hl_head h;
	enum hl_head_verdict v;
	ssize_t n;

	n = recv(c->fd, peek_, peek_len_, MSG_PEEK);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		drop(c);
		return;
	}
	c->got_bytes = true;
	v = hl_head_scan(peek_, (size_t)n, &limits_, &h);
	if (v == HL_HEAD_OK) {
		hand_off(c);
		return;
	}
	if (v == HL_HEAD_MORE && (size_t)n >= peek_len_) {
		/* head.c refuses long heads before this; belt and braces. */
		v = HL_HEAD_BAD;
		h.status = 431;
		h.code = "headers_too_large";
		h.msg = "请求头过大";
	} else if (v == HL_HEAD_MORE && (events & EPOLLRDHUP)) {
		/* Waiting for the rest would only wait for the deadline. */
		v = HL_HEAD_BAD;
		h.status = 400;
		h.code = "bad_request";
		h.msg = "请求头不完整";
	} else if (v == HL_HEAD_MORE && ++c->n_peeks > MAX_PEEKS) {
		v = HL_HEAD_BAD;
		h.status = 408;
		h.code = "request_timeout";
		h.msg = "请求头发送过慢";
	}
	if (v == HL_HEAD_BAD)
		answer_door(c, h.status, h.code, h.msg);
}

static void
on_linger_input(struct hl_conn *c)
{
	char buf[4096];
	ssize_t n;

	while ((n = recv(c->fd, buf, sizeof(buf), 0)) > 0) {
		c->drained += (size_t)n;
		if (c->drained > LINGER_BYTES)
			break;
	}
	if (n == 0 || c->drained > LINGER_BYTES ||
	    (n < 0 && errno != EAGAIN && errno != EINTR))
		drop(c);
}

/* The oldest connection that is only waiting (for its head, for a next
 * request, or to be closed after its answer), for a newcomer to take its
 * place; NULL when every connection is busy.  Under lock_. */
static struct hl_conn *
oldest_waiting(void)
{
	struct hl_conn *best = NULL;
	struct hl_conn *c;

	for (c = live_; c != NULL; c = c->next) {
		if (c->expired ||
		    !(c->phase == P_DOOR || c->phase == P_LINGER ||
		        (c->phase == P_IDLE && c->started)))
			continue;
		if (best == NULL || c->since_us < best->since_us)
			best = c;
	}
	return best;
}

/* Give up on a connection the daemon holds: 408 when a request is under
 * way, then shut it down; the daemon sees the end and closes it.
 * Under lock_. */
static void
expire(struct hl_conn *c)
{
	if (c->phase == P_HEAD || c->phase == P_BODY)
		answer(c->fd, (const struct sockaddr *)&c->sa, 408,
		    "request_timeout",
		    c->phase == P_HEAD ? "请求头未能按时收齐"
		                       : "请求内容未能按时收齐",
		    0, c->since_us);
	shutdown(c->fd, SHUT_RDWR);
	c->deadline_us = 0;
	if (!c->expired) {
		c->expired = true;
		n_doomed_++;
	}
}

/* Make room for one more connection by closing the oldest waiting one.
 * Returns false when there is none.  Under lock_. */
static bool
evict(void)
{
	struct hl_conn *c = oldest_waiting();

	if (c == NULL)
		return false;
	if (c->phase >= P_HEAD) {
		expire(c);
		return true;
	}
	/* The sweep closes it, outside the lock; until then it counts as
	 * gone, so the newcomer takes its place. */
	c->expired = true;
	c->deadline_us = 1;
	n_doomed_++;
	return true;
}

static void
on_accept(void)
{
	struct sockaddr_storage sa;
	socklen_t sa_len;
	struct hl_conn *c;
	struct hl_conn *stale;
	struct addr key;
	struct addr peer;
	bool exempt;
	uint64_t now;
	int fd;

	for (;;) {
		sa_len = sizeof(sa);
		fd = accept4(listen_, (struct sockaddr *)&sa, &sa_len,
		    SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd == -1) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if ((errno == EMFILE || errno == ENFILE) &&
			    spare_ != -1) {
				/* Out of descriptors: take the connection with
				 * the spare one and close it, or the listen
				 * queue would wake us for it forever. */
				hl_log(HL_LOG_WARN,
				    "conn: out of file descriptors");
				close(spare_);
				fd = accept(listen_, NULL, NULL);
				if (fd != -1)
					close(fd);
				spare_ =
				    open("/dev/null", O_RDONLY | O_CLOEXEC);
				continue;
			}
			return;
		}
		if ((size_t)fd >= n_by_fd_) {
			refuse(fd, (const struct sockaddr *)&sa, 503,
			    "unavailable", "服务器繁忙，请稍后重试");
			continue;
		}
		now = hl_log_now_us();
		addr_of((const struct sockaddr *)&sa, &peer);
		exempt = trusted(&peer);
		key_of((const struct sockaddr *)&sa, &key);
		pthread_mutex_lock(&lock_);
		/*
		 * A descriptor we still have a struct for was closed behind
		 * our back: the daemon took the connection but failed to set
		 * it up (no memory), and such a failure has no close notice.
		 * Door connections keep their descriptors open, so it is a
		 * daemon one.
		 */
		stale = by_fd_[fd];
		if (stale != NULL) {
			untrack(stale);
			free(stale);
		}
		if (!exempt && max_per_ip_ > 0 &&
		    key_count(&key) >= max_per_ip_) {
			pthread_mutex_unlock(&lock_);
			refuse(fd, (const struct sockaddr *)&sa, 429,
			    "rate_limited",
			    "来自同一地址的连接过多，请稍后重试");
			continue;
		}
		if (n_live_ - n_doomed_ >= max_conns_ && !evict()) {
			pthread_mutex_unlock(&lock_);
			refuse(fd, (const struct sockaddr *)&sa, 503,
			    "unavailable", "服务器繁忙，请稍后重试");
			continue;
		}
		c = calloc(1, sizeof(*c));
		if (c == NULL) {
			pthread_mutex_unlock(&lock_);
			refuse(fd, (const struct sockaddr *)&sa, 503,
			    "unavailable", "服务器繁忙，请稍后重试");
			continue;
		}
		c->fd = fd;
		c->phase = P_DOOR;
		c->exempt = exempt;
		c->key = key;
		c->since_us = now;
		c->deadline_us = now + header_us_;
		memcpy(&c->sa, &sa, sa_len);
		c->sa_len = sa_len;
		track(c);
		pthread_mutex_unlock(&lock_);
		{
			struct epoll_event ev = { 0 };

			ev.events = EPOLLIN | EPOLLRDHUP | EPOLLET;
			ev.data.ptr = c;
			if (epoll_ctl(ep_, EPOLL_CTL_ADD, fd, &ev) == -1)
				drop(c);
		}
	}
}

/* Door connections whose time is up, and the daemon's. */
static void
sweep(uint64_t now)
{
	struct hl_conn *c;
	struct hl_conn *due = NULL;

	pthread_mutex_lock(&lock_);
	for (c = live_; c != NULL; c = c->next) {
		if (c->deadline_us == 0 || now < c->deadline_us)
			continue;
		if (c->phase >= P_HEAD) {
			/* Not yet announced by the daemon: it is still taking
			 * it over, and owns the descriptor. */
			if (c->started && c->phase != P_WORK)
				expire(c);
			continue;
		}
		/* Door connections are closed below, outside the lock: the
		 * list may change meanwhile, but only this thread frees
		 * them. */
		c->deadline_us = 0;
		c->due = due;
		due = c;
	}
	pthread_mutex_unlock(&lock_);
	while ((c = due) != NULL) {
		due = c->due;
		if (c->phase == P_DOOR && c->got_bytes)
			answer_door(c, 408, "request_timeout",
			    "请求头未能按时收齐");
		else
			drop(c);
	}
}

static void *
door_main(void *arg)
{
	struct epoll_event ev[128];
	uint64_t last = hl_log_now_us();
	int n;
	int i;

	(void)arg;
	while (!atomic_load(&stop_)) {
		uint64_t now;

		n = epoll_wait(ep_, ev, 128, (int)(SWEEP_US / 1000));
		for (i = 0; i < n; i++) {
			struct hl_conn *c = ev[i].data.ptr;

			if (c == NULL) {
				on_accept();
				continue;
			}
			if ((void *)c == (void *)&wake_)
				continue;
			/* Closed this round, or given up on for a newcomer
			 * (the sweep closes it). */
			if (c->dead || (c->expired && c->phase == P_DOOR))
				continue;
			if (c->phase == P_DOOR)
				on_door_input(c, ev[i].events);
			else if (c->phase == P_LINGER)
				on_linger_input(c);
		}
		now = hl_log_now_us();
		if (now - last >= SWEEP_US) {
			sweep(now);
			last = now;
		}
		while (grave_ != NULL) {
			struct hl_conn *c = grave_;

			grave_ = c->next;
			free(c);
		}
	}
	return NULL;
}

/* ---- setup and lifecycle ---- */

int
hl_conn_setup(const struct hl_conf *c, struct hl_err *err)
{
	unsigned char rnd[4];

	header_us_ = (uint64_t)c->header_timeout_s * 1000000u;
	body_us_ = (uint64_t)c->body_timeout_s * 1000000u;
	body_rate_ = (uint64_t)c->body_min_rate;
	idle_us_ = (uint64_t)c->conn_timeout_s * 1000000u;
	max_conns_ = (size_t)c->max_connections;
	max_per_ip_ = (size_t)c->max_per_ip;
	access_log_ = c->access_log;
	hsts_ = c->cookie_secure;
	retry_after_s_ = (int)c->retry_after_s;
	hl_crypto_random(rnd, sizeof(rnd));
	hl_hex_encode(rnd, sizeof(rnd), rid_prefix_);
	return parse_nets(c->trusted_proxies, err);
}

const struct hl_head_limits *
hl_conn_limits(void)
{
	return &limits_;
}

/* Descriptors: as many as the hard limit allows, since every connection
 * holds one and running out stops accept() for everyone. */
static size_t
raise_nofile(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1)
		return 1024;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) == -1)
			getrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > MAX_FDS)
		return MAX_FDS;
	return (size_t)rl.rlim_cur;
}

int
hl_conn_start(int listen_fd, hl_conn_handoff_fn handoff, struct hl_err *err)
{
	struct epoll_event ev = { 0 };
	size_t want;

	handoff_ = handoff;
	listen_ = listen_fd;
	n_by_fd_ = raise_nofile();
	if (n_by_fd_ < max_conns_ + 64)
		hl_log(HL_LOG_WARN,
		    "conn: %zu file descriptors for max_connections %zu: "
		    "raise the limit (ulimit -n)",
		    n_by_fd_, max_conns_);
	by_fd_ = hl_xcalloc(n_by_fd_, sizeof(*by_fd_));
	for (n_slots_ = 64, want = 2 * max_conns_ + 16; n_slots_ < want;)
		n_slots_ *= 2;
	slots_ = hl_xcalloc(n_slots_, sizeof(*slots_));
	peek_len_ = hl_head_max_len(&limits_) + 1;
	peek_ = hl_xmalloc(peek_len_);
	spare_ = open("/dev/null", O_RDONLY | O_CLOEXEC);
	ep_ = epoll_create1(EPOLL_CLOEXEC);
	wake_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (ep_ == -1 || wake_ == -1)
		return hl_err_set(err, 500, "internal", "epoll: %s",
		    strerror(errno));
	ev.events = EPOLLIN;
	ev.data.ptr = NULL;
	if (epoll_ctl(ep_, EPOLL_CTL_ADD, listen_, &ev) == -1)
		return hl_err_set(err, 500, "internal", "epoll: %s",
		    strerror(errno));
	ev.data.ptr = &wake_;
	epoll_ctl(ep_, EPOLL_CTL_ADD, wake_, &ev);
	atomic_store(&stop_, false);
	if (pthread_create(&thread_, NULL, door_main, NULL) != 0)
		return hl_err_set(err, 500, "internal",
		    "cannot start the accept thread");
	running_ = true;
	return 0;
}

void
hl_conn_stop(void)
{
	struct hl_conn *c;
	struct hl_conn *due = NULL;
	uint64_t one = 1;

	if (!running_)
		return;
	atomic_store(&stop_, true);
	if (write(wake_, &one, sizeof(one)) == -1)
		hl_log(HL_LOG_WARN, "conn: cannot wake the accept thread");
	pthread_join(thread_, NULL);
	running_ = false;
	pthread_mutex_lock(&lock_);
	for (c = live_; c != NULL; c = c->next) {
		if (c->phase >= P_HEAD)
			continue;
		c->due = due;
		due = c;
	}
	pthread_mutex_unlock(&lock_);
	while ((c = due) != NULL) {
		due = c->due;
		drop(c);
	}
	while (grave_ != NULL) {
		c = grave_;
		grave_ = c->next;
		free(c);
	}
}

void
hl_conn_release(void)
{
	struct hl_conn *c;

	pthread_mutex_lock(&lock_);
	while ((c = live_) != NULL) {
		untrack(c);
		free(c);
	}
	pthread_mutex_unlock(&lock_);
	free(by_fd_);
	by_fd_ = NULL;
	n_by_fd_ = 0;
	free(slots_);
	slots_ = NULL;
	free(peek_);
	peek_ = NULL;
	if (ep_ != -1)
		close(ep_);
	if (wake_ != -1)
		close(wake_);
	if (spare_ != -1)
		close(spare_);
	ep_ = wake_ = spare_ = -1;
}

/* ---- the daemon's side ---- */

struct hl_conn *
hl_conn_get(int fd)
{
	struct hl_conn *c = NULL;

	pthread_mutex_lock(&lock_);
	if (fd >= 0 && (size_t)fd < n_by_fd_)
		c = by_fd_[fd];
	if (c != NULL)
		c->started = true;
	pthread_mutex_unlock(&lock_);
	return c;
}

void
hl_conn_closed(struct hl_conn *c)
{
	if (c == NULL)
		return;
	pthread_mutex_lock(&lock_);
	untrack(c);
	pthread_mutex_unlock(&lock_);
	free(c);
}

bool
hl_conn_enter(struct hl_conn *c, enum hl_conn_phase p, uint64_t body_len)
{
	uint64_t now = hl_log_now_us();
	bool ok;

	if (c == NULL)
		return true;
	pthread_mutex_lock(&lock_);
	ok = !c->expired;
	if (ok) {
		switch (p) {
		case HL_CONN_HEAD:
			/* The first head already has its deadline from the
			 * accept; a later one counts from its request line. */
			if (c->phase != P_HEAD)
				c->deadline_us = now + header_us_;
			c->phase = P_HEAD;
			break;
		case HL_CONN_BODY:
			c->phase = P_BODY;
			c->deadline_us =
			    now + body_us_ + body_len * 1000000u / body_rate_;
			break;
		case HL_CONN_WORK:
			c->phase = P_WORK;
			c->deadline_us = 0;
			break;
		case HL_CONN_IDLE:
			c->phase = P_IDLE;
			c->deadline_us = now + idle_us_;
			break;
		}
		c->since_us = now;
	}
	pthread_mutex_unlock(&lock_);
	return ok;
}

bool
hl_conn_expired(struct hl_conn *c)
{
	bool v;

	if (c == NULL)
		return false;
	pthread_mutex_lock(&lock_);
	v = c->expired;
	pthread_mutex_unlock(&lock_);
	return v;
}

bool
hl_conn_behind_proxy(const struct hl_conn *c)
{
	/* Set at the accept and never changed: no lock. */
	return c != NULL && c->exempt;
}
