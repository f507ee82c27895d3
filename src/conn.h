/*
 * Connections, from accept to close, around libmicrohttpd: one thread
 * accepts them, holds each until its first request head is whole and
 * within head.h's rules (answering a bad one itself, as the JSON error
 * body, and closing), applies the per-address and total limits, and hands
 * good ones to the daemon (http.c).  It also keeps the deadlines the
 * library does not have: a whole request head, a whole body, an idle
 * kept-alive connection, whatever bytes trickle in.  What every answer
 * carries (security headers, request ids, the access log line) is here
 * too, so that answers written on the socket and through the library
 * agree.  No libmicrohttpd in here: http.c talks to it.
 */
#ifndef HL_CONN_H
#define HL_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sys/socket.h>

struct hl_conf;
struct hl_err;
struct hl_head_limits;

/* One connection (opaque); valid until hl_conn_closed(). */
struct hl_conn;

/*
 * Take fd, a connection whose first request head is in and good, from
 * the peer at sa.  The callee owns fd from then on, whether it succeeds
 * (0) or not (-1: fd is closed).
 */
typedef int (
    *hl_conn_handoff_fn)(int fd, const struct sockaddr *sa, socklen_t sa_len);

/* Settings from c: limits, deadlines, trusted proxies, the headers of
 * every answer.  Fails (err->msg for operators) on a trusted_proxies entry
 * that is neither an address nor a CIDR block. */
int hl_conn_setup(const struct hl_conf *c, struct hl_err *err);

/* The head limits every request is held to (also by http.c). */
const struct hl_head_limits *hl_conn_limits(void);

/*
 * Start the thread that accepts on listen_fd (bound and listening,
 * non-blocking) and hands connections to handoff.  The soft limit on open
 * files is raised to the hard one first.  0 or -1 with err set.
 */
int hl_conn_start(int listen_fd, hl_conn_handoff_fn handoff,
    struct hl_err *err);
/* Stop accepting and close what the thread still holds; connections the
 * daemon has stay until it closes them (hl_conn_closed()). */
void hl_conn_stop(void);
/* Free what is left, after the daemon has stopped. */
void hl_conn_release(void);

/* What a connection is busy with, as the daemon reports it. */
enum hl_conn_phase {
	HL_CONN_HEAD, /* a request line came: the head has header_timeout_s */
	HL_CONN_BODY, /* the head is in: the body has its allowance */
	HL_CONN_WORK, /* the request runs or its answer is sent: no limit */
	HL_CONN_IDLE, /* between requests: conn_timeout_s, then closed */
};

/* The daemon took over fd's connection (its start notice): the
 * connection, or NULL when it did not come through here. */
struct hl_conn *hl_conn_get(int fd);
/* The daemon closes c (its close notice); c is freed.  NULL is fine. */
void hl_conn_closed(struct hl_conn *c);
/*
 * c enters phase p; body_len is the body's length for HL_CONN_BODY.
 * false when c was given up on (a deadline passed: it got 408 and is
 * being closed), and then the caller must not run the request.  NULL c:
 * true.
 */
bool hl_conn_enter(struct hl_conn *c, enum hl_conn_phase p, uint64_t body_len);
/* Whether c was given up on after a deadline (NULL: false). */
bool hl_conn_expired(struct hl_conn *c);
/* Whether the peer is one of trusted_proxies (false for NULL). */
bool hl_conn_behind_proxy(const struct hl_conn *c);

/*
 * The client's address as text into out (len bytes): the peer, or, when
 * the peer is a trusted proxy, the right-most address of xff (every
 * X-Forwarded-For value in order, joined by commas; may be NULL) that is
 * not a trusted proxy itself.
 */
void hl_conn_client(const struct sockaddr *peer, const char *xff, char *out,
    size_t len);

/* A response header every answer carries. */
struct hl_conn_hdr {
	const char *name;
	const char *value;
};
/* The security headers (HSTS when cookie_secure says TLS is in front);
 * *out is static.  Returns their number. */
size_t hl_conn_headers(const struct hl_conn_hdr **out);

/* A fresh request id ("<8 hex of this process><12 hex count>"). */
void hl_conn_request_id(char out[40]);

/* One access log line (when access_log is on); every string escaped. */
void hl_conn_access_log(const char *rid, const char *ip, int64_t uid,
    const char *method, const char *route, int status, size_t bytes,
    uint64_t us);

#endif /* HL_CONN_H */
