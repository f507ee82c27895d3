/*
 * libmicrohttpd wrapper.  The daemon runs its own epoll thread pool and
 * takes connections only from conn.c (MHD_add_connection), once their
 * first head has passed head.c; later heads on a kept-alive connection
 * are held to the same field rules here.  Each request becomes a struct
 * hl_req in the URI callback and is judged on the first access call, from
 * its head alone: route, length, media type, caller (the admit function:
 * identity, role, CSRF) and a share of max_body_memory for its body.  Only
 * then is the body read, into memory reserved for exactly its declared
 * length, and the request reaches the router once, complete.  Every reply
 * carries the security headers and the request id; the completion
 * callback writes the access log line and frees the request.
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
#include "conn.h"
#include "err.h"
#include "head.h"
#include "json.h"
#include "log.h"

/*
 * libmicrohttpd's per-connection memory: the read buffer holding a head
 * (conn.c lets none through larger than head.c's limits, about 12 KiB),
 * one record per header, query parameter and cookie (64 + 64 + 32, some
 * 56 bytes each), a copy of the Cookie field, and the reply's header
 * block.  32 KiB holds the largest head we accept with room to answer it;
 * a smaller pool left such requests without any answer.  It is kept no
 * larger because libmicrohttpd 0.9.75 zeroes all of it between kept-alive
 * requests.
 */
#define CONN_MEMORY_LIMIT (32 * 1024)

static struct MHD_Daemon *daemon_;
static hl_http_match_fn match_;
static hl_http_admit_fn admit_;
static hl_http_dispatch_fn dispatch_;
static size_t body_max_ = 256u << 20;
static atomic_size_t body_held_; /* bytes reserved by bodies in flight */
static int retry_after_s_ = 5;
static bool keepalive_ = true;

static const char CSV_TYPE[] = "text/csv; charset=utf-8";
static const char XLSX_TYPE[] =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

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

static struct hl_err *
early_err(struct hl_req *req)
{
	if (req->early_ == NULL)
		req->early_ = hl_arena_alloc(&req->arena, sizeof(*req->early_));
	return req->early_;
}

/* head.c's refusal as the request's early error.  The connection ends
 * with it: after a head we would not take, where the next request starts
 * is anybody's guess. */
static void
early_head(struct hl_req *req, const struct hl_head *h)
{
	hl_err_set(early_err(req), h->status, h->code, "%s", h->msg);
	req->close_ = true;
}

/* ---- connections ---- */

static int
handoff(int fd, const struct sockaddr *sa, socklen_t sa_len)
{
	return MHD_add_connection(daemon_, fd, sa, sa_len) == MHD_YES ? 0 : -1;
}

static void
on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
    enum MHD_ConnectionNotificationCode toe)
{
	const union MHD_ConnectionInfo *ci;

	(void)cls;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		ci = MHD_get_connection_info(conn,
		    MHD_CONNECTION_INFO_CONNECTION_FD);
		*socket_context =
		    ci != NULL ? hl_conn_get(ci->connect_fd) : NULL;
		return;
	}
	hl_conn_closed(*socket_context);
	*socket_context = NULL;
}

static struct hl_conn *
door_of(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return ci != NULL ? ci->socket_context : NULL;
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
	struct hl_head h;

	(void)cls;
	req->conn_ = conn;
	req->start_us_ = hl_log_now_us();
	req->door_ = door_of(conn);
	if (!hl_conn_enter(req->door_, HL_CONN_HEAD, 0))
		req->expired_ = true;
	if (hl_head_target(uri, strlen(uri), hl_conn_limits(), &h) == -1)
		early_head(req, &h);
	return req;
}

/* What the field iteration gathers: head.c's verdict on each field, and
 * every X-Forwarded-For in order. */
struct fields {
	struct hl_head_fields f;
	struct hl_head h;
	bool bad;
	struct hl_buf xff;
};

/* Every field is looked at, also after a bad one: the counts of the
 * framing fields say whether a body follows, which decides when a
 * refusal can be sent. */
static enum MHD_Result
check_field(void *cls, enum MHD_ValueKind kind, const char *key,
    size_t key_size, const char *value, size_t value_size)
{
	struct fields *fs = cls;
	struct hl_head later;

	(void)kind;
	if (hl_head_field(&fs->f, key, key_size, value != NULL ? value : "",
	        value != NULL ? value_size : 0, hl_conn_limits(),
	        fs->bad ? &later : &fs->h) == -1)
		fs->bad = true;
	if (key_size == 15 && strncasecmp(key, "X-Forwarded-For", 15) == 0 &&
	    value != NULL) {
		if (fs->xff.len > 0)
			hl_buf_putc(&fs->xff, ',');
		hl_buf_append(&fs->xff, value, value_size);
	}
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

/* The request id and the client's address: the peer, or behind a
 * trusted proxy the address X-Forwarded-For names (conn.c decides). */
static void
identify(struct hl_req *req, const char *xff)
{
	const union MHD_ConnectionInfo *ci;
	const char *v = hl_http_header(req, "X-Request-Id");

	if (v != NULL && rid_acceptable(v))
		snprintf(req->request_id, sizeof(req->request_id), "%s", v);
	else
		hl_conn_request_id(req->request_id);
	ci = MHD_get_connection_info(req->conn_,
	    MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci != NULL && ci->client_addr != NULL)
		hl_conn_client(ci->client_addr, xff, req->client_ip,
		    sizeof(req->client_ip));
	req->ctx.request_id = req->request_id;
	req->ctx.client_ip = req->client_ip;
	req->ctx.arena = &req->arena;
}

/* The head's own rules (a later request of a kept-alive connection
 * reaches us parsed by the library, unchecked by conn.c). */
static void
check_head(struct hl_req *req, struct fields *fs, const char *version)
{
	struct hl_head h;
	bool args_ok = true;

	if (hl_head_method(req->method, strlen(req->method), &h) == -1) {
		early_head(req, &h);
		return;
	}
	if (fs->bad) {
		early_head(req, &fs->h);
		return;
	}
	if (hl_head_fields_end(&fs->f, strcmp(version, "HTTP/1.1") == 0, &h) ==
	    -1) {
		early_head(req, &h);
		return;
	}
	MHD_get_connection_values(req->conn_, MHD_GET_ARGUMENT_KIND, check_arg,
	    &args_ok);
	if (!hl_utf8_valid(req->path, strlen(req->path)) || !args_ok) {
		hl_err_set(early_err(req), 400, "bad_request",
		    "请求地址不是有效的 UTF-8 文本");
		req->close_ = true;
	}
}

/* Hold memory for the body: a share of max_body_memory, then the buffer
 * itself.  Neither may fail the process: both answer 503 instead. */
static void
reserve_body(struct hl_req *req)
{
	size_t n = (size_t)req->length_;

	if (atomic_fetch_add(&body_held_, n) + n > body_max_ ||
	    hl_buf_try_reserve(&req->body, n) == -1) {
		atomic_fetch_sub(&body_held_, n);
		hl_err_set(early_err(req), 503, "unavailable",
		    "服务器繁忙，请稍后重试");
		req->early_->retry_after_s = retry_after_s_;
		return;
	}
	req->reserved_ = n;
}

/* Everything that can be judged before the body: the head's rules,
 * route, declared length, media type, the caller, memory.  Findings go
 * to req->early_. */
static void
first_look(struct hl_req *req, const char *url, const char *method,
    const char *version)
{
	struct fields fs;
	char allow[128];
	struct hl_err *err;

	memset(&fs, 0, sizeof(fs));
	req->method = method;
	req->path = url;
	MHD_get_connection_values_n(req->conn_, MHD_HEADER_KIND, check_field,
	    &fs);
	identify(req, fs.xff.len > 0 ? hl_buf_cstr(&fs.xff) : NULL);
	hl_buf_release(&fs.xff);
	/* What the library will read as a body, whatever we make of it. */
	req->body_ =
	    fs.f.n_te > 0 || fs.f.n_length > 1 || fs.f.content_length > 0;
	if (req->early_ == NULL)
		check_head(req, &fs, version);
	if (req->early_ != NULL)
		return;
	req->length_ = fs.f.content_length;
	err = early_err(req);
	allow[0] = '\0';
	if (match_(req, allow, sizeof(allow), err) == -1) {
		if (err->status == 405)
			req->allow_ = hl_arena_strdup(&req->arena, allow);
		return;
	}
	if (req->length_ > req->body_limit) {
		hl_err_set(err, 413, "payload_too_large",
		    "请求内容过大（不能超过 %zu 字节）", req->body_limit);
		return;
	}
	if (req->length_ > 0 && req->body_type != NULL &&
	    !media_type_is(hl_http_header(req, "Content-Type"),
	        req->body_type)) {
		hl_err_set(err, 415, "unsupported_media_type",
		    "请求内容类型应为 %s", req->body_type);
		return;
	}
	if (admit_(req, err) == -1)
		return;
	req->early_ = NULL; /* nothing found: the arena keeps the bytes */
	if (req->length_ > 0)
		reserve_body(req);
}

/*
 * Whether a body we refuse is read and dropped before the answer, rather
 * than refused before it is read (the connection then closes).  Only from
 * a trusted proxy: it has the whole body already and sends it at once,
 * and an answer sent before the body, with the connection closed, reaches
 * its client as the proxy's 502, not as our error.  A client of our own
 * gets the refusal at once: it may not make us read what we will not
 * keep.  Not after a head against the rules, nor with Expect (the client
 * waits for our word before sending), nor beyond four times the limit;
 * the body's deadline applies as to any body.
 */
static bool
drains(struct hl_req *req)
{
	return req->body_ && req->early_ != NULL && !req->close_ &&
	    hl_http_header(req, "Expect") == NULL &&
	    req->length_ <= 4 * (uint64_t)req->body_limit + 65536 &&
	    hl_conn_behind_proxy(req->door_);
}

static void
reply_early(struct hl_req *req)
{
	if (req->allow_ != NULL)
		hl_http_add_header(req, "Allow", req->allow_);
	hl_http_reply_err(req, req->early_);
}

/* The request, complete, gets its one reply: refused early, or run. */
static enum MHD_Result
run(struct hl_req *req)
{
	if (!hl_conn_enter(req->door_, HL_CONN_WORK, 0)) {
		req->expired_ = true;
		return MHD_NO;
	}
	if (req->early_ != NULL) {
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

static enum MHD_Result
on_access(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct hl_req *req = *con_cls;

	(void)cls;
	(void)conn;
	if (req->expired_)
		return MHD_NO;
	if (req->method == NULL) {
		first_look(req, url, method, version);
		if (req->body_ && (req->early_ == NULL || drains(req)))
			return hl_conn_enter(req->door_, HL_CONN_BODY,
			           req->length_)
			    ? MHD_YES
			    : MHD_NO;
		/*
		 * libmicrohttpd 0.9.75 turns keep-alive off when a reply is
		 * queued in this first call, so a request without a body is
		 * answered on the next call.  Not so when the connection
		 * should end anyway (a head against the rules), nor with an
		 * Expect field: the library then sends 100 Continue even
		 * without a body, and refuses the reply of the next call when
		 * more bytes came behind the head (the connection hung until
		 * its idle timeout).  A body we refuse is refused now, before
		 * it is read (the library accepts no reply while a body
		 * arrives), but from a trusted proxy: see drains().
		 */
		if (!req->body_ && !req->close_ &&
		    hl_http_header(req, "Expect") == NULL)
			return MHD_YES;
		return run(req);
	}
	if (*upload_data_size > 0) {
		size_t n = *upload_data_size;

		*upload_data_size = 0;
		if (req->replied_)
			return MHD_YES;
		if (req->early_ != NULL)
			return MHD_YES; /* drained: refused at its end */
		/* The library stops at Content-Length; this is the room the
		 * body was given, never a reallocation. */
		if (n > req->reserved_ - req->body.len)
			return MHD_NO;
		hl_buf_append(&req->body, upload_data, n);
		return MHD_YES;
	}
	if (req->replied_)
		return MHD_YES;
	return run(req);
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
on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct hl_req *req = *con_cls;

	(void)cls;
	(void)conn;
	if (req == NULL)
		return;
	if (req->status_ == 0)
		/* 408: conn.c gave up on it; 499: the client went away. */
		req->status_ =
		    req->expired_ || hl_conn_expired(req->door_) ? 408 : 499;
	else if (toe == MHD_REQUEST_TERMINATED_COMPLETED_OK)
		hl_conn_enter(req->door_, HL_CONN_IDLE, 0);
	if (req->stream_ != NULL) {
		req->bytes_ = req->stream_->sent;
		stream_body_unref(req->stream_);
		req->stream_ = NULL;
	}
	if (req->method != NULL)
		hl_conn_access_log(req->request_id, req->client_ip,
		    req->ctx.user_id, req->method, req->pattern, req->status_,
		    req->bytes_, hl_log_now_us() - req->start_us_);
	if (req->reserved_ > 0)
		atomic_fetch_sub(&body_held_, req->reserved_);
	hl_buf_release(&req->body);
	hl_arena_release(&req->arena);
	free(req);
	*con_cls = NULL;
}

/* The format is the library's own. */
static void on_mhd_log(void *cls, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

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
	const struct hl_conn_hdr *sec;
	bool has_cache = false;
	size_t n;
	int i;
	enum MHD_Result rc;

	if (resp == NULL)
		HL_BUG("cannot make a response");
	if (ctype != NULL)
		MHD_add_response_header(resp, "Content-Type", ctype);
	n = hl_conn_headers(&sec);
	for (i = 0; i < (int)n; i++)
		MHD_add_response_header(resp, sec[i].name, sec[i].value);
	MHD_add_response_header(resp, "X-Request-Id", req->request_id);
	for (i = 0; i < req->n_hdrs_; i++) {
		if (strcasecmp(req->hdrs_[i].name, "Cache-Control") == 0)
			has_cache = true;
		MHD_add_response_header(resp, req->hdrs_[i].name,
		    req->hdrs_[i].value);
	}
	if (!has_cache && (is_api_path(req) || status >= 400))
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	/* The library closes the connection after an answer that says so. */
	if (!keepalive_ || req->close_)
		MHD_add_response_header(resp, "Connection", "close");
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
    hl_http_admit_fn admit, hl_http_dispatch_fn dispatch, struct hl_err *err)
{
	match_ = match;
	admit_ = admit;
	dispatch_ = dispatch;
	body_max_ = (size_t)c->max_body_memory;
	retry_after_s_ = (int)c->retry_after_s;
	keepalive_ = c->keepalive;
	if (hl_conn_setup(c, err) == -1)
		return -1;
	/*
	 * conn.c counts and limits connections itself (it sees them first);
	 * the daemon's own limit, split evenly across its threads, only
	 * needs to stay out of the way, with room for connections still on
	 * their way to a thread.
	 */
	daemon_ = MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD |
	        MHD_USE_NO_LISTEN_SOCKET | MHD_USE_ITC | MHD_USE_ERROR_LOG |
	        MHD_USE_TURBO,
	    0, NULL, NULL, on_access, NULL, MHD_OPTION_EXTERNAL_LOGGER,
	    on_mhd_log, NULL, MHD_OPTION_THREAD_POOL_SIZE,
	    (unsigned)c->worker_threads, MHD_OPTION_CONNECTION_LIMIT,
	    (unsigned)(2 * c->max_connections + 64),
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)c->conn_timeout_s,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONN_MEMORY_LIMIT,
	    MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
	    MHD_OPTION_NOTIFY_CONNECTION, on_connection, NULL,
	    MHD_OPTION_STRICT_FOR_CLIENT, 1, MHD_OPTION_END);
	if (daemon_ == NULL)
		return hl_err_set(err, 500, "internal",
		    "cannot start the HTTP daemon");
	if (hl_conn_start(fd, handoff, err) == -1) {
		MHD_stop_daemon(daemon_);
		daemon_ = NULL;
		hl_conn_release();
		return -1;
	}
	return 0;
}

void
hl_http_stop(void)
{
	hl_conn_stop();
	if (daemon_ != NULL)
		MHD_stop_daemon(daemon_);
	daemon_ = NULL;
	hl_conn_release();
}
