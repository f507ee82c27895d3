/*
 * Method + path to route: the table in routes.c, path parameters
 * ({name} segments), 404/405 with Allow, then the role check and the
 * database connection before the handler runs, so handler bodies hold no
 * auth rules.
 */
#ifndef HL_ROUTER_H
#define HL_ROUTER_H

#include <stddef.h>
#include <stdint.h>

struct hl_conf;
struct hl_err;
struct hl_req;

typedef int (*hl_router_handler_fn)(struct hl_req *req);

/* What body a route takes; each class has its size limit in config. */
enum hl_router_body {
	HL_BODY_NONE = 0, /* a body is refused with 413 */
	HL_BODY_JSON,     /* application/json, max_body_json */
	HL_BODY_UPLOAD,   /* multipart/form-data, max_body_upload */
	/* a spreadsheet as the body (CSV, .xlsx, or a multipart form with
	 * it as "file"), max_body_upload */
	HL_BODY_FILE,
};

/* Route flags. */
#define HL_ROUTE_NO_DB      (1u << 0) /* never touches the database */
#define HL_ROUTE_MAYBE_AUTH (1u << 1) /* public, but a session is read */
#define HL_ROUTE_NO_CSRF    (1u << 2) /* a login: no session yet */
/* A report, dashboard or export: read-only, so after the caller is known
 * its queries may go to the replica (hl_db_thread_reader()). */
#define HL_ROUTE_REPLICA (1u << 3)

struct hl_route {
	const char *method; /* "GET", "POST", ... */
	/* "/api/v1/chains/{code}"; "*" as the last segment matches the
	 * rest; the pattern "*" alone is the fallback for paths outside
	 * /api/ that match nothing else (the front end's pages). */
	const char *pattern;
	hl_router_handler_fn fn;
	unsigned roles; /* enum hl_role bits; 0 = public */
	enum hl_router_body body;
	unsigned flags;
};

/* Take the body limits from c.  Call once at startup. */
void hl_router_setup(const struct hl_conf *c);

/* The route table (routes.c). */
extern const struct hl_route hl_routes[];
extern const size_t hl_n_routes;

/*
 * Match req->method and req->path (an hl_http_match_fn): on success set
 * req->route, req->pattern, the parameters, and req->body_limit and
 * req->body_type from the route's body class, and return 0.  Otherwise -1
 * with err set: 404 not_found, or 405 method_not_allowed with the allowed
 * methods written to allow (comma-separated, NUL-terminated, at most
 * allow_len bytes).
 */
int hl_router_match(struct hl_req *req, char *allow, size_t allow_len,
    struct hl_err *err);

/*
 * Admit a matched request (an hl_http_admit_fn), from its head alone:
 * take the thread's database connection, resolve the caller (auth.c),
 * check roles and CSRF.  0, or -1 with err set (503 without a database,
 * 401, 403, 403 csrf).  Called by http.c before any of the body is read.
 */
int hl_router_admit(struct hl_req *req, struct hl_err *err);

/*
 * Run the matched, admitted route (an hl_http_dispatch_fn): call the
 * handler.  Sends a reply in every case.  Called by http.c once the body
 * is complete.
 */
void hl_router_dispatch(struct hl_req *req);

/* A path parameter by name, NULL when the route has none of that name. */
const char *hl_router_param(struct hl_req *req, const char *name);
/* A positive integer parameter; anything else is 404 not_found. */
int hl_router_param_i64(struct hl_req *req, const char *name, int64_t *out,
    struct hl_err *err);

#endif /* HL_ROUTER_H */
