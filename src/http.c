/*
 * libmicrohttpd wrapper.  The daemon runs its own epoll thread pool; each
 * request becomes a struct hl_req in the URI callback, is checked (URI and
 * header sizes, route, media type, declared length) on the first access
 * call, collects its body up to the route's limit, and reaches the router
 * once, complete.  Every reply carries the security headers and the
 * request id; the completion callback writes the access log line and frees
 * the request's arena.
 */
#include "http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <microhttpd.h>

#include "conf.h"
#include "crypto.h"
#include "err.h"
#include "json.h"
#include "log.h"

/*
 * Our own limits sit below libmicrohttpd's per-connection memory pool so
 * that an over-long URI or header block reaches us and is answered as a
 * JSON 414/431.  The pool is kept small because libmicrohttpd 0.9.75
 * zeroes all of it between keep-alive requests: at 96 KiB that memset was
 * a quarter of the CPU time serving small files, and every connection's
 * pool stayed resident.  XXX: a request line or header block larger than
 * the whole pool is still refused by the library itself, with its HTML.
 */
#define CONN_MEMORY_LIMIT (24 * 1024)
#define MAX_URI_LEN       (4 * 1024)
#define MAX_HEADERS_LEN   (8 * 1024)

static struct MHD_Daemon *daemon_;
static hl_http_match_fn match_;
static hl_http_dispatch_fn dispatch_;
static bool access_log_;
static bool trust_proxy_;
static bool hsts_;
static char rid_prefix_[9];
static atomic_uint_fast64_t rid_counter_;

static const char CSV_TYPE[] = "text/csv; charset=utf-8";
static const char XLSX_TYPE[] =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

static const char CSP[] = "default-src 'self'; img-src 'self' data:; "
                          "style-src 'self'; script-src 'self'; "
                          "object-src 'none'; base-uri 'self'; "
                          "form-action 'self'; frame-ancestors 'none'";

/* A request id the client sent is kept when it is short and plain, so
 * that a proxy's id follows the request into our logs. */
static bool
rid_acceptable(const char *s)
{
	size_t n = 0;

	for (; s[n] != '\0'; n++) {
		char c = s[n];

		if (n >= 36 ||
		    !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		        (c >= 'A' && c <= 'Z') || c == '-' || c == '_'))
			return false;
	}
	return n >= 8;
}

static void
client_address(struct MHD_Connection *conn, char *out, size_t len)
{
	const union MHD_ConnectionInfo *ci;
	const struct sockaddr *sa;

	out[0] = '\0';
	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci == NULL || ci->client_addr == NULL)
		return;
	sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
		    out, (socklen_t)len);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
		    &((const struct sockaddr_in6 *)sa)->sin6_addr, out,
		    (socklen_t)len);
}

/* The first address of X-Forwarded-For, when a proxy we trust sets it. */
static void
forwarded_address(struct hl_req *req)
{
	const char *xff = hl_http_header(req, "X-Forwarded-For");
	size_t n;

	if (xff == NULL)
		return;
	n = strcspn(xff, ", ");
	if (n == 0 || n >= sizeof(req->client_ip))
		return;
	memcpy(req->client_ip, xff, n);
	req->client_ip[n] = '\0';
}

static struct hl_err *
early_err(struct hl_req *req)
{
	if (req->early_ == NULL)
		req->early_ = hl_arena_alloc(&req->arena, sizeof(*req->early_));
	return req->early_;
}

/*
 * Called once per request with the raw URI, before the headers are read:
 * the place to make the request and to look at the URI as the client sent
 * it (the path the access handler gets is already percent-decoded, so an
 * encoded NUL would be invisible there).
 */
static void *
on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct hl_req *req = hl_xcalloc(1, sizeof(*req));

	(void)cls;
	req->conn_ = conn;
	req->start_us_ = hl_log_now_us();
	client_address(conn, req->client_ip, sizeof(req->client_ip));
	if (strlen(uri) > MAX_URI_LEN)
		hl_err_set(early_err(req), 414, "uri_too_long",
		    "请求地址过长（不能超过 %d 字节）", MAX_URI_LEN);
	else if (strstr(uri, "%00") != NULL)
		hl_err_set(early_err(req), 400, "bad_request",
		    "请求地址含有无效字符");
	return req;
}

static enum MHD_Result
count_header(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	size_t *total = cls;

	(void)kind;
	*total += strlen(key) + (value != NULL ? strlen(value) : 0) + 4;
	return MHD_YES;
}

static enum MHD_Result
check_arg(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	bool *ok = cls;

	(void)kind;
	if (!hl_utf8_valid(key, strlen(key)) ||
	    (value != NULL && !hl_utf8_valid(value, strlen(value)))) {
		*ok = false;
		return MHD_NO;
	}
	return MHD_YES;
}

static bool
media_type_is(const char *ctype, const char *want)
{
	size_t n = strlen(want);

	return ctype != NULL && strncasecmp(ctype, want, n) == 0 &&
	    (ctype[n] == '\0' || ctype[n] == ';' || ctype[n] == ' ');
}

/* Everything that can be judged before the body: sizes, encoding, route,
 * media type, declared length.  Findings go to req->early_. */
static void
first_look(struct hl_req *req, const char *url, const char *method)
{
	struct MHD_Connection *conn = req->conn_;
	size_t hdr_len = 0;
	bool args_ok = true;
	const char *v;
	char allow[128];
	struct hl_err *err;

	req->method = method;
	req->path = url;
	v = hl_http_header(req, "X-Request-Id");
	if (v != NULL && rid_acceptable(v))
		snprintf(req->request_id, sizeof(req->request_id), "%s", v);
	else
		snprintf(req->request_id, sizeof(req->request_id),
		    "%s%012" PRIxFAST64, rid_prefix_,
		    atomic_fetch_add(&rid_counter_, 1));
	req->ctx.request_id = req->request_id;
	req->ctx.client_ip = req->client_ip;
	req->ctx.arena = &req->arena;
	if (trust_proxy_)
		forwarded_address(req);
	if (req->early_ != NULL)
		return;

	MHD_get_connection_values(conn, MHD_HEADER_KIND, count_header,
	    &hdr_len);
	MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, check_arg,
	    &args_ok);
	err = early_err(req);
	if (hdr_len > MAX_HEADERS_LEN) {
		hl_err_set(err, 431, "headers_too_large",
		    "请求头过大（不能超过 %d 字节）", MAX_HEADERS_LEN);
		return;
	}
	if (!hl_utf8_valid(url, strlen(url)) || !args_ok) {
		hl_err_set(err, 400, "bad_request",
		    "请求地址不是有效的 UTF-8 文本");
		return;
	}
	allow[0] = '\0';
	if (match_(req, allow, sizeof(allow), err) == -1) {
		if (err->status == 405)
			req->allow_ = hl_arena_strdup(&req->arena, allow);
		return;
	}
	v = hl_http_header(req, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (v != NULL && strtoull(v, NULL, 10) > req->body_limit) {
		hl_err_set(err, 413, "payload_too_large",
		    "请求内容过大（不能超过 %zu 字节）", req->body_limit);
		return;
	}
	if (v != NULL && strtoull(v, NULL, 10) > 0 && req->body_type != NULL &&
	    !media_type_is(hl_http_header(req, "Content-Type"),
	        req->body_type)) {
		hl_err_set(err, 415, "unsupported_media_type",
		    "请求内容类型应为 %s", req->body_type);
		return;
	}
	req->early_ = NULL; /* nothing found: the arena keeps the bytes */
}

static bool
has_body(struct hl_req *req)
{
	const char *cl = hl_http_header(req, MHD_HTTP_HEADER_CONTENT_LENGTH);

	return (cl != NULL && strtoull(cl, NULL, 10) > 0) ||
	    hl_http_header(req, MHD_HTTP_HEADER_TRANSFER_ENCODING) != NULL;
}

/* The declared Content-Length, 0 when there is none (chunked). */
static uint64_t
declared_len(struct hl_req *req)
{
	const char *cl = hl_http_header(req, MHD_HTTP_HEADER_CONTENT_LENGTH);

	return cl != NULL ? strtoull(cl, NULL, 10) : 0;
}

/* The most body bytes read only to be dropped before a refusal. */
static uint64_t
drain_max(const struct hl_req *req)
{
	return 4 * (uint64_t)req->body_limit + 65536;
}

static void
reply_early(struct hl_req *req)
{
	if (req->allow_ != NULL)
		hl_http_add_header(req, "Allow", req->allow_);
	hl_http_reply_err(req, req->early_);
}

static enum MHD_Result
on_access(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct hl_req *req = *con_cls;

	(void)cls;
	(void)version;
	if (req->method == NULL) {
		first_look(req, url, method);
		/*
		 * libmicrohttpd 0.9.75 turns keep-alive off when a reply is
		 * queued in this first call, so a request without a body is
		 * answered on the next call.  A body that is refused is read
		 * and dropped first, up to drain_max(), and answered at its
		 * end: the library accepts no reply while a body arrives, and
		 * a reply sent before it, with the connection closed, reaches
		 * a client behind a proxy as the proxy's 502, not as our
		 * error.  A larger one is answered now and the connection
		 * closed.
		 */
		if (req->early_ != NULL && has_body(req) &&
		    declared_len(req) > drain_max(req))
			reply_early(req);
		return MHD_YES;
	}
	(void)conn;
	if (*upload_data_size > 0) {
		size_t n = *upload_data_size;

		*upload_data_size = 0;
		if (req->replied_)
			return MHD_YES;
		if (req->early_ != NULL || req->dropped_ > 0 ||
		    req->body.len + n > req->body_limit) {
			/* A body refused or past the limit: drop it and answer
			 * once it ends, or hang up if it goes on and on. */
			req->dropped_ += n;
			if (req->dropped_ > drain_max(req))
				return MHD_NO;
			return MHD_YES;
		}
		hl_buf_append(&req->body, upload_data, n);
		return MHD_YES;
	}
	if (req->replied_)
		return MHD_YES;
	if (req->early_ != NULL) {
		reply_early(req);
		return MHD_YES;
	}
	if (req->dropped_ > 0) {
		hl_err_set(early_err(req), 413, "payload_too_large",
		    "请求内容过大（不能超过 %zu 字节）", req->body_limit);
		reply_early(req);
		return MHD_YES;
	}
	dispatch_(req);
	if (!req->replied_) {
		hl_log(HL_LOG_ERR, "http: no reply for '%s %s'", req->method,
		    req->path);
		hl_http_reply_err(req, NULL);
	}
	return MHD_YES;
}

/*
 * A streamed body: the caller's reader and the bytes sent so far.  Both
 * the response (its free callback) and the request (its completion, which
 * logs the bytes) hold it; whichever lets go last frees it.  Both run on
 * the connection's thread, so the count needs no lock.
 */
struct hl_http_stream {
	hl_http_read_fn read;
	hl_http_free_fn free_arg;
	void *arg;
	size_t sent;
	int refs;
};

static void
stream_body_unref(struct hl_http_stream *b)
{
	if (--b->refs > 0)
		return;
	if (b->free_arg != NULL)
		b->free_arg(b->arg);
	free(b);
}

static ssize_t
stream_body_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct hl_http_stream *b = cls;
	long n;

	(void)pos;
	n = b->read(b->arg, buf, max);
	if (n < 0)
		return MHD_CONTENT_READER_END_WITH_ERROR;
	if (n == 0)
		return MHD_CONTENT_READER_END_OF_STREAM;
	b->sent += (size_t)n;
	return (ssize_t)n;
}

/* The response is done with the body: free the reader now (its database
 * connection goes back) rather than when the request's log is written. */
static void
stream_body_done(void *cls)
{
	struct hl_http_stream *b = cls;

	if (b->free_arg != NULL)
		b->free_arg(b->arg);
	b->free_arg = NULL;
	stream_body_unref(b);
}

static void
access_log(const struct hl_req *req)
{
	char line[512];
	int n;
	uint64_t us = hl_log_now_us() - req->start_us_;

	n = snprintf(line, sizeof(line),
	    "{\"rid\":\"%s\",\"ip\":\"%s\",\"uid\":%" PRId64
	    ",\"method\":\"%s\",\"route\":\"%s\",\"status\":%d,"
	    "\"bytes\":%zu,\"us\":%" PRIu64 "}",
	    req->request_id, req->client_ip, req->ctx.user_id,
	    req->method != NULL ? req->method : "-",
	    req->pattern != NULL ? req->pattern : "-", req->status_,
	    req->bytes_, us);
	if (n > 0)
		hl_log_raw(line,
		    (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct hl_req *req = *con_cls;

	(void)cls;
	(void)conn;
	if (req == NULL)
		return;
	if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK && req->status_ == 0)
		req->status_ = 499; /* the client went away before a reply */
	if (req->stream_ != NULL) {
		req->bytes_ = req->stream_->sent;
		stream_body_unref(req->stream_);
		req->stream_ = NULL;
	}
	if (access_log_ && req->method != NULL)
		access_log(req);
	hl_buf_release(&req->body);
	hl_arena_release(&req->arena);
	free(req);
	*con_cls = NULL;
}

static void
on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char msg[256];
	size_t n;

	(void)cls;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		msg[--n] = '\0';
	hl_log(HL_LOG_WARN, "http: %s", msg);
}

const char *
hl_http_header(struct hl_req *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn_, MHD_HEADER_KIND, name);
}

const char *
hl_http_query(struct hl_req *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn_, MHD_GET_ARGUMENT_KIND,
	    name);
}

const char *
hl_http_cookie(struct hl_req *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn_, MHD_COOKIE_KIND, name);
}

void
hl_http_add_header_ref(struct hl_req *req, const char *name, const char *value)
{
	if (req->n_hdrs_ >= HL_HTTP_MAX_HEADERS)
		HL_BUG("too many response headers");
	req->hdrs_[req->n_hdrs_].name = name;
	req->hdrs_[req->n_hdrs_].value = value;
	req->n_hdrs_++;
}

void
hl_http_add_header(struct hl_req *req, const char *name, const char *value)
{
	hl_http_add_header_ref(req, hl_arena_strdup(&req->arena, name),
	    hl_arena_strdup(&req->arena, value));
}

static bool
is_api_path(const struct hl_req *req)
{
	return req->path != NULL && strncmp(req->path, "/api/", 5) == 0;
}

static int
queue(struct hl_req *req, int status, const char *ctype,
    struct MHD_Response *resp, size_t len)
{
	bool has_cache = false;
	int i;
	enum MHD_Result rc;

	if (resp == NULL)
		HL_BUG("cannot make a response");
	if (ctype != NULL)
		MHD_add_response_header(resp, "Content-Type", ctype);
	MHD_add_response_header(resp, "Content-Security-Policy", CSP);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy",
	    "strict-origin-when-cross-origin");
	MHD_add_response_header(resp, "Cross-Origin-Opener-Policy",
	    "same-origin");
	if (hsts_)
		MHD_add_response_header(resp, "Strict-Transport-Security",
		    "max-age=31536000");
	MHD_add_response_header(resp, "X-Request-Id", req->request_id);
	for (i = 0; i < req->n_hdrs_; i++) {
		if (strcasecmp(req->hdrs_[i].name, "Cache-Control") == 0)
			has_cache = true;
		MHD_add_response_header(resp, req->hdrs_[i].name,
		    req->hdrs_[i].value);
	}
	if (!has_cache && (is_api_path(req) || status >= 400))
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	rc = MHD_queue_response(req->conn_, (unsigned)status, resp);
	MHD_destroy_response(resp);
	if (rc != MHD_YES)
		hl_log(HL_LOG_WARN, "http: cannot queue reply %d for '%s'",
		    status, req->path != NULL ? req->path : "-");
	req->replied_ = true;
	req->status_ = status;
	req->bytes_ = len;
	return 0;
}

int
hl_http_reply(struct hl_req *req, int status, const char *content_type,
    struct hl_buf *body)
{
	struct MHD_Response *resp;
	size_t len = 0;

	if (req->replied_)
		HL_BUG("second reply to one request");
	if (body != NULL && body->len > 0) {
		char *p = hl_buf_detach(body, &len);

		resp = MHD_create_response_from_buffer(len, p,
		    MHD_RESPMEM_MUST_FREE);
	} else {
		resp = MHD_create_response_from_buffer(0, NULL,
		    MHD_RESPMEM_PERSISTENT);
	}
	return queue(req, status, content_type, resp, len);
}

int
hl_http_reply_static(struct hl_req *req, int status, const char *content_type,
    const void *p, size_t len)
{
	if (req->replied_)
		HL_BUG("second reply to one request");
	/* The daemon only reads persistent buffers; the cast is its API's. */
	return queue(req, status, content_type,
	    MHD_create_response_from_buffer(len, (void *)(uintptr_t)p,
	        MHD_RESPMEM_PERSISTENT),
	    len);
}

int
hl_http_reply_json(struct hl_req *req, int status, struct hl_buf *body)
{
	return hl_http_reply(req, status, "application/json; charset=utf-8",
	    body);
}

int
hl_http_reply_err(struct hl_req *req, const struct hl_err *err)
{
	struct hl_buf b = { 0 };
	struct hl_err internal = { 0 };

	if (err == NULL || !hl_err_is_set(err)) {
		hl_err_internal(&internal);
		err = &internal;
	}
	if (err->retry_after_s > 0) {
		char v[16];

		snprintf(v, sizeof(v), "%d", err->retry_after_s);
		hl_http_add_header(req, "Retry-After", v);
	}
	hl_json_write_error(&b, err, req->request_id);
	return hl_http_reply_json(req, err->status, &b);
}

int
hl_http_reply_download(struct hl_req *req, const char *file_name, bool csv,
    struct hl_buf *body)
{
	hl_http_add_header(req, "Content-Disposition",
	    hl_arena_printf(&req->arena, "attachment; filename=\"%s\"",
	        file_name));
	return hl_http_reply(req, 200, csv ? CSV_TYPE : XLSX_TYPE, body);
}

/* Bytes the daemon asks a streamed body for at a time. */
#define STREAM_BLOCK (64 * 1024)

int
hl_http_reply_stream(struct hl_req *req, const char *file_name, bool csv,
    int64_t size, hl_http_read_fn read, hl_http_free_fn free_arg, void *arg)
{
	struct hl_http_stream *b;

	if (req->replied_)
		HL_BUG("second reply to one request");
	b = hl_xcalloc(1, sizeof(*b));
	b->read = read;
	b->free_arg = free_arg;
	b->arg = arg;
	b->refs = 2;
	req->stream_ = b;
	hl_http_add_header(req, "Content-Disposition",
	    hl_arena_printf(&req->arena, "attachment; filename=\"%s\"",
	        file_name));
	return queue(req, 200, csv ? CSV_TYPE : XLSX_TYPE,
	    MHD_create_response_from_callback(size < 0 ? MHD_SIZE_UNKNOWN
	                                               : (uint64_t)size,
	        STREAM_BLOCK, stream_body_read, b, stream_body_done),
	    size < 0 ? 0 : (size_t)size);
}

int
hl_http_reply_result(struct hl_req *req, int status, struct hl_buf *out,
    const struct hl_err *err)
{
	if (err != NULL && hl_err_is_set(err)) {
		hl_buf_release(out);
		return hl_http_reply_err(req, err);
	}
	return hl_http_reply_json(req, status, out);
}

/* Bind before privileges are dropped, so that a low port works as root. */
static int
listen_socket(const struct hl_conf *c, struct hl_err *err)
{
	struct sockaddr_in6 a6 = { 0 };
	struct sockaddr_in a4 = { 0 };
	const struct sockaddr *sa;
	socklen_t salen;
	int fd;
	int on = 1;

	if (inet_pton(AF_INET, c->listen_address, &a4.sin_addr) == 1) {
		a4.sin_family = AF_INET;
		a4.sin_port = htons((uint16_t)c->port);
		sa = (const struct sockaddr *)&a4;
		salen = sizeof(a4);
	} else if (inet_pton(AF_INET6, c->listen_address, &a6.sin6_addr) == 1) {
		a6.sin6_family = AF_INET6;
		a6.sin6_port = htons((uint16_t)c->port);
		sa = (const struct sockaddr *)&a6;
		salen = sizeof(a6);
	} else {
		return hl_err_set(err, 500, "internal",
		    "listen_address '%s' is not an IP address",
		    c->listen_address);
	}
	fd = socket(sa->sa_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
	    0);
	if (fd == -1)
		return hl_err_set(err, 500, "internal", "socket: %s",
		    strerror(errno));
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (bind(fd, sa, salen) == -1 || listen(fd, 1024) == -1) {
		hl_err_set(err, 500, "internal",
		    "cannot listen on %s:%" PRId64 ": %s", c->listen_address,
		    c->port, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

int
hl_http_listen(const struct hl_conf *c, struct hl_err *err)
{
	return listen_socket(c, err);
}

int
hl_http_start(const struct hl_conf *c, int fd, hl_http_match_fn match,
    hl_http_dispatch_fn dispatch, struct hl_err *err)
{
	unsigned char rnd[4];

	match_ = match;
	dispatch_ = dispatch;
	access_log_ = c->access_log;
	trust_proxy_ = c->trust_proxy;
	hsts_ = c->cookie_secure;
	hl_crypto_random(rnd, sizeof(rnd));
	hl_hex_encode(rnd, sizeof(rnd), rid_prefix_);
	daemon_ = MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD |
	        MHD_USE_ERROR_LOG | MHD_USE_TURBO,
	    0, NULL, NULL, on_access, NULL, MHD_OPTION_EXTERNAL_LOGGER,
	    on_mhd_log, NULL, MHD_OPTION_LISTEN_SOCKET, fd,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)c->worker_threads,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)c->max_connections,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)c->max_per_ip,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)c->conn_timeout_s,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONN_MEMORY_LIMIT,
	    MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
	    MHD_OPTION_STRICT_FOR_CLIENT, 1, MHD_OPTION_END);
	if (daemon_ == NULL)
		return hl_err_set(err, 500, "internal",
		    "cannot start the HTTP daemon");
	return 0;
}

void
hl_http_stop(void)
{
	if (daemon_ != NULL)
		MHD_stop_daemon(daemon_);
	daemon_ = NULL;
}
