/*
 * Route table matching and the checks every handler relies on: who the
 * caller is, whether the role may use the route, CSRF for cookie-borne
 * changes, and the thread's database connection.  Handlers hold no auth
 * rules of their own; scoping of individual records stays in their SQL.
 */
#include "router.h"

#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "conf.h"
#include "db.h"
#include "err.h"
#include "http.h"
#include "log.h"

static size_t limit_json_ = 1024 * 1024;
static size_t limit_upload_ = 21 * 1024 * 1024;

void
hl_router_setup(const struct hl_conf *c)
{
	limit_json_ = (size_t)c->max_body_json;
	limit_upload_ = (size_t)c->max_body_upload;
}

/* HEAD is answered like GET; the daemon leaves the body out. */
static bool
method_eq(const char *route_method, const char *method)
{
	if (strcmp(method, "HEAD") == 0)
		method = "GET";
	return strcmp(route_method, method) == 0;
}

/*
 * Match path against pattern segment by segment.  On success the
 * parameters' offsets and lengths are in off/len (n of them).  "*" as the
 * last pattern segment takes the rest of the path.
 */
static bool
pattern_match(const char *pattern, const char *path, size_t *off, size_t *len,
    int *n)
{
	const char *p = pattern;
	const char *s = path;

	*n = 0;
	while (*p != '\0') {
		if (p[0] == '*' && p[1] == '\0')
			return true;
		if (*p == '{') {
			const char *seg = s;

			while (*s != '\0' && *s != '/')
				s++;
			if (s == seg || *n >= HL_HTTP_MAX_PARAMS)
				return false;
			off[*n] = (size_t)(seg - path);
			len[*n] = (size_t)(s - seg);
			(*n)++;
			while (*p != '\0' && *p != '}')
				p++;
			if (*p == '}')
				p++;
			continue;
		}
		if (*p != *s)
			return false;
		p++;
		s++;
	}
	return *s == '\0';
}

/* The names of a pattern's parameters, in order. */
static void
param_names(struct hl_req *req, const char *pattern)
{
	const char *p = pattern;
	int i = 0;

	while ((p = strchr(p, '{')) != NULL && i < HL_HTTP_MAX_PARAMS) {
		const char *end = strchr(p, '}');

		if (end == NULL)
			HL_BUG("unclosed '{' in a route pattern");
		req->param_names[i++] =
		    hl_arena_strndup(&req->arena, p + 1, (size_t)(end - p - 1));
		p = end;
	}
}

/* What http.c needs to know of the route before the body comes. */
static void
take(struct hl_req *req, const struct hl_route *r)
{
	req->route = r;
	req->pattern = r->pattern;
	req->body_limit = 0;
	req->body_type = NULL;
	switch (r->body) {
	case HL_BODY_JSON:
		req->body_limit = limit_json_;
		req->body_type = "application/json";
		break;
	case HL_BODY_UPLOAD:
		req->body_limit = limit_upload_;
		req->body_type = "multipart/form-data";
		break;
	case HL_BODY_FILE:
		/* Browsers label spreadsheets variously; sheet_api.c judges. */
		req->body_limit = limit_upload_;
		break;
	case HL_BODY_NONE:
		break;
	}
}

static const struct hl_route *
find_fallback(void)
{
	size_t i;

	for (i = 0; i < hl_n_routes; i++)
		if (strcmp(hl_routes[i].pattern, "*") == 0)
			return &hl_routes[i];
	return NULL;
}

int
hl_router_match(struct hl_req *req, char *allow, size_t allow_len,
    struct hl_err *err)
{
	size_t off[HL_HTTP_MAX_PARAMS];
	size_t len[HL_HTTP_MAX_PARAMS];
	size_t used = 0;
	size_t i;
	int n;
	int k;
	const struct hl_route *fb;
	bool literal = false;

	allow[0] = '\0';
	/* A path that a pattern without parameters names is that route's:
	 * GET /enterprises/import is 405, not enterprise "import" (404). */
	for (i = 0; i < hl_n_routes && !literal; i++)
		literal = strcmp(hl_routes[i].pattern, "*") != 0 &&
		    strchr(hl_routes[i].pattern, '{') == NULL &&
		    pattern_match(hl_routes[i].pattern, req->path, off, len,
		        &n);
	for (i = 0; i < hl_n_routes; i++) {
		const struct hl_route *r = &hl_routes[i];

		if (strcmp(r->pattern, "*") == 0 ||
		    (literal && strchr(r->pattern, '{') != NULL) ||
		    !pattern_match(r->pattern, req->path, off, len, &n))
			continue;
		if (!method_eq(r->method, req->method)) {
			int w = snprintf(allow + used, allow_len - used, "%s%s",
			    used > 0 ? ", " : "", r->method);

			if (w > 0 && (size_t)w < allow_len - used)
				used += (size_t)w;
			continue;
		}
		take(req, r);
		req->n_params = n;
		param_names(req, r->pattern);
		for (k = 0; k < n; k++)
			req->param_values[k] = hl_arena_strndup(&req->arena,
			    req->path + off[k], len[k]);
		return 0;
	}
	if (used > 0)
		return hl_err_set(err, 405, "method_not_allowed",
		    "该地址不支持 %s 方法", req->method);
	/* Unknown pages belong to the front end's router; unknown API paths
	 * are plain 404s. */
	fb = find_fallback();
	if (fb != NULL && strncmp(req->path, "/api/", 5) != 0 &&
	    strcmp(req->path, "/api") != 0) {
		if (method_eq(fb->method, req->method)) {
			take(req, fb);
			return 0;
		}
		snprintf(allow, allow_len, "GET, HEAD");
		return hl_err_set(err, 405, "method_not_allowed",
		    "该地址不支持 %s 方法", req->method);
	}
	return hl_err_set(err, 404, "not_found", "请求的地址不存在");
}

static bool
changes_state(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 &&
	    strcmp(method, "OPTIONS") != 0;
}

/* Identity, role and CSRF checks in the order a client can fix them. */
static int
admit(struct hl_req *req, struct hl_err *err)
{
	const struct hl_route *r = req->route;

	if (r->roles == 0 && !(r->flags & HL_ROUTE_MAYBE_AUTH))
		return 0;
	if (hl_auth_resolve(&req->ctx, hl_http_header(req, "Authorization"),
	        hl_http_cookie(req, hl_auth_cookie_name()), err) == -1)
		return -1;
	if (r->roles == 0)
		goto csrf;
	if (req->ctx.role == HL_ROLE_NONE)
		return hl_err_set(err, 401, "unauthenticated", "请先登录");
	if ((r->roles & (unsigned)req->ctx.role) == 0) {
		hl_auth_note_forbidden(&req->ctx, req->method, r->pattern);
		return hl_err_forbidden(err);
	}
csrf:
	if (req->ctx.via_cookie && changes_state(req->method) &&
	    !(r->flags & HL_ROUTE_NO_CSRF))
		return hl_auth_check_csrf(&req->ctx,
		    hl_http_header(req, "X-CSRF-Token"), err);
	return 0;
}

int
hl_router_admit(struct hl_req *req, struct hl_err *err)
{
	if (!(req->route->flags & HL_ROUTE_NO_DB)) {
		req->ctx.db = hl_db_thread(err);
		if (req->ctx.db == NULL)
			return -1;
	}
	return admit(req, err);
}

void
hl_router_dispatch(struct hl_req *req)
{
	struct hl_err err = { 0 };

	/* Sessions were touched on the primary, in hl_router_admit(); the
	 * rest reads. */
	if (req->route->flags & HL_ROUTE_REPLICA) {
		req->ctx.db = hl_db_thread_reader(&err);
		if (req->ctx.db == NULL) {
			hl_http_reply_err(req, &err);
			return;
		}
	}
	if (req->route->fn(req) == -1 && !req->replied_) {
		hl_log(HL_LOG_ERR,
		    "router: handler for '%s %s' failed silently",
		    req->route->method, req->route->pattern);
		hl_http_reply_err(req, NULL);
	}
}

const char *
hl_router_param(struct hl_req *req, const char *name)
{
	int i;

	for (i = 0; i < req->n_params; i++)
		if (strcmp(req->param_names[i], name) == 0)
			return req->param_values[i];
	return NULL;
}

int
hl_router_param_i64(struct hl_req *req, const char *name, int64_t *out,
    struct hl_err *err)
{
	const char *v = hl_router_param(req, name);

	if (v == NULL || hl_str_to_i64(hl_str_from(v), out) == -1 || *out <= 0)
		return hl_err_not_found(err);
	return 0;
}
