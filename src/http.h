/*
 * HTTP on libmicrohttpd, its only user: the daemon, the checks a request
 * passes before any of its body is read (head rules, route, length, media
 * type, identity, memory), body collection, replies with the security
 * headers, request ids and the access log.  Connections reach the daemon
 * through conn.c, which holds them until their first head is good.
 * Routing, auth and handlers live in router.c, which sits on top of this
 * file: http.c calls it only through the three functions hl_http_start()
 * is given, and hands it a complete request exactly once.
 */
#ifndef HL_HTTP_H
#define HL_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "ctx.h"
#include "mem.h"
#include "str.h"

struct hl_conf;
struct hl_conn;
struct hl_err;
struct hl_http_stream;
struct hl_route;
struct hl_req;

/*
 * What the layer above does with a request.  A match function is called
 * once the headers are in: it finds the handler for req->method and
 * req->path and fills in req->route, req->pattern, req->body_limit and
 * req->body_type, returning 0; else -1 with err set (404, or 405 with the
 * allowed methods written into allow, NUL-terminated, at most allow_len
 * bytes).  A dispatch function is called with the complete request and
 * sends its reply.
 */
typedef int (*hl_http_match_fn)(struct hl_req *req, char *allow,
    size_t allow_len, struct hl_err *err);
/* An admit function is called after a match, still before any body byte
 * is read: it settles who is calling and whether they may (req->ctx),
 * returning 0, or -1 with err set (401, 403, 503 ...). */
typedef int (*hl_http_admit_fn)(struct hl_req *req, struct hl_err *err);
typedef void (*hl_http_dispatch_fn)(struct hl_req *req);

#define HL_HTTP_MAX_PARAMS 4

#define HL_HTTP_MAX_HEADERS 12

/* A response header added by a handler, private to http.c. */
struct hl_http_hdr {
	const char *name;
	const char *value;
};

/*
 * One request.  http.c owns it, from the first byte to the completion
 * callback, which releases the arena.  Handlers may read every field and
 * allocate from arena; nothing may keep a pointer into it afterwards.
 */
struct hl_req {
	struct hl_arena arena;
	struct hl_ctx ctx;
	const char *method; /* "GET", ...; borrowed from the daemon */
	const char *path;   /* percent-decoded path, no query; borrowed */
	/* Set by the match function (router.c). */
	const struct hl_route *route; /* the matched route, router.c's */
	const char *pattern;          /* its pattern, for the access log */
	size_t body_limit;            /* bytes of body allowed, 0: none */
	const char *body_type;        /* media type of a body, NULL: any */
	int n_params;
	const char *param_names[HL_HTTP_MAX_PARAMS];  /* static, from route */
	const char *param_values[HL_HTTP_MAX_PARAMS]; /* arena */
	struct hl_buf body;
	char request_id[40];
	char client_ip[64];

	/* private to http.c */
	void *conn_;
	struct hl_conn *door_; /* conn.c's record of the connection */
	struct hl_http_hdr hdrs_[HL_HTTP_MAX_HEADERS];
	int n_hdrs_;
	size_t reserved_;      /* bytes of max_body_memory held for the body */
	uint64_t length_;      /* the declared Content-Length */
	bool body_;            /* the library will read a body */
	bool close_;           /* end the connection after the reply */
	struct hl_err *early_; /* an error found before the body (arena) */
	char *allow_;          /* Allow header of a 405 (arena) */
	bool replied_;
	bool expired_; /* conn.c gave up on it (408): never run it */
	int status_;
	size_t bytes_;
	uint64_t start_us_;
	struct hl_http_stream *stream_; /* a streamed body, for the log */
};

/* Bind and listen on the configured address (before privileges are
 * dropped).  Returns the socket, or -1 with err->msg set for operators. */
int hl_http_listen(const struct hl_conf *c, struct hl_err *err);
/* Start the daemon and conn.c's accept thread on socket fd with the
 * limits from c; each request is matched by match and admitted by admit
 * once its head is in, and run by dispatch once its body is.  Returns 0 or
 * -1 with err set (err->msg for operators). */
int hl_http_start(const struct hl_conf *c, int fd, hl_http_match_fn match,
    hl_http_admit_fn admit, hl_http_dispatch_fn dispatch, struct hl_err *err);
/* Stop accepting, finish what runs, free the daemon. */
void hl_http_stop(void);

/* Request accessors; results are borrowed for the request's lifetime.
 * NULL when absent. */
const char *hl_http_header(struct hl_req *req, const char *name);
const char *hl_http_query(struct hl_req *req, const char *name);
const char *hl_http_cookie(struct hl_req *req, const char *name);

/* Add a response header (copied into the arena) before replying.  More
 * than HL_HTTP_MAX_HEADERS is a bug. */
void hl_http_add_header(struct hl_req *req, const char *name,
    const char *value);
/* Same without copying: name and value must outlive the request (string
 * constants, the static file table). */
void hl_http_add_header_ref(struct hl_req *req, const char *name,
    const char *value);

/*
 * Send the one reply of a request.  body may be NULL (no content); its
 * bytes are handed to the daemon (the buffer is empty after).  The
 * security headers, X-Request-Id and, for /api/ paths, Cache-Control:
 * no-store are added here.  Returns 0; a second reply is a bug.
 */
int hl_http_reply(struct hl_req *req, int status, const char *content_type,
    struct hl_buf *body);
/* Same with a body that outlives the request (static assets). */
int hl_http_reply_static(struct hl_req *req, int status,
    const char *content_type, const void *p, size_t len);
int hl_http_reply_json(struct hl_req *req, int status, struct hl_buf *body);
/* The JSON error body for err (500 internal when err is empty).
 * Returns 0 when the reply was queued, as the other replies do. */
int hl_http_reply_err(struct hl_req *req, const struct hl_err *err);

/*
 * An export's file as a download: Content-Disposition attachment named
 * file_name (ASCII without quotes), CSV text when csv, else an .xlsx
 * workbook.  The body is handed over as by hl_http_reply().  Returns 0.
 */
int hl_http_reply_download(struct hl_req *req, const char *file_name, bool csv,
    struct hl_buf *body);

/*
 * A streamed body: read fills buf with up to max bytes and returns their
 * number, 0 at the end, -1 on failure (which the reader logs); free_arg
 * releases arg.  export.h's streams are such readers.
 */
typedef long (*hl_http_read_fn)(void *arg, char *buf, size_t max);
typedef void (*hl_http_free_fn)(void *arg);

/*
 * The same download sent while it is made: the body comes from read(arg)
 * as the client takes it (chunked unless size, -1 when unknown, is given).
 * Takes ownership of arg: free_arg(arg) is called once the reply is done,
 * sent or not.  The status goes out first, so a read that fails later can
 * only break the download: the connection is closed mid-file.  Returns 0.
 */
int hl_http_reply_stream(struct hl_req *req, const char *file_name, bool csv,
    int64_t size, hl_http_read_fn read, hl_http_free_fn free_arg, void *arg);

/* A handler's one reply: err when it is set (out is released unsent),
 * else out as JSON with status. */
int hl_http_reply_result(struct hl_req *req, int status, struct hl_buf *out,
    const struct hl_err *err);

#endif /* HL_HTTP_H */
