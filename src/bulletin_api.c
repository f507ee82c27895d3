/*
 * Bulletin handlers.  The JSON ones decode, call one bulletin.c function
 * and reply; the pages fetch rows from bulletin.c and have page.c write
 * the HTML.  Roles are in routes.c; which bulletins a caller may see or
 * change is in bulletin.c's SQL.
 */
#include "bulletin_api.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "bulletin.h"
#include "conf.h"
#include "err.h"
#include "http.h"
#include "json.h"
#include "md.h"
#include "page.h"
#include "qparam.h"
#include "router.h"
#include "str.h"

static int
bad_param(struct hl_err *err, const char *name, const char *msg)
{
	hl_err_set(err, 400, "bad_request", "查询参数 %s 有误", name);
	return hl_err_field(err, name, "%s", msg);
}

/* Set once by hl_bulletin_api_setup() before the workers start. */
static size_t md_limit_ = HL_MD_MAX_LEN;
static const char *public_url_;

void
hl_bulletin_api_setup(const struct hl_conf *c)
{
	md_limit_ = (size_t)c->max_body_markdown;
	public_url_ = c->public_url;
}

size_t
hl_bulletin_api_md_limit(void)
{
	return md_limit_;
}

static struct hl_bulletin_opts
opts(void)
{
	struct hl_bulletin_opts o = { md_limit_, public_url_ };

	return o;
}

int
hl_bulletin_api_list(struct hl_req *req)
{
	struct hl_bulletin_filter f = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	f.chain = hl_http_query(req, "chain");
	f.status = hl_http_query(req, "status");
	if (f.status != NULL && strcmp(f.status, "draft") != 0 &&
	    strcmp(f.status, "published") != 0)
		bad_param(&err, "status", "应为 draft 或 published");
	if (hl_err_is_set(&err) ||
	    hl_qparam_paging(req, &f.limit, &f.cursor, &err) == -1 ||
	    hl_bulletin_list_json(&req->ctx, &f, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

int
hl_bulletin_api_get(struct hl_req *req)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == -1 ||
	    hl_bulletin_get_json(&req->ctx, id, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

/* The body as a creation (title, body_md required) or a change. */
static int
decode(struct hl_req *req, bool change, struct hl_bulletin_in *in,
    struct hl_err *err)
{
	const struct hl_json_field fields[] = {
		{ "title", HL_JSON_STRING, !change, false, 200, &in->title,
		    &in->present_title },
		/* Bytes, not characters, limit a body: hl_bulletin_render(). */
		{ "body_md", HL_JSON_STRING, !change, false, 0, &in->body_md,
		    &in->present_body_md },
		{ "chain_codes", HL_JSON_STR_ARRAY, false, false, 64,
		    &in->chain_codes, &in->present_chain_codes },
	};
	memset(in, 0, sizeof(*in));
	return hl_json_decode_text(req->body.p, req->body.len, fields,
	    sizeof(fields) / sizeof(fields[0]), &req->arena, err);
}

int
hl_bulletin_api_create(struct hl_req *req)
{
	struct hl_bulletin_in in;
	struct hl_bulletin_opts o = opts();
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	if (decode(req, false, &in, &err) == -1 ||
	    hl_bulletin_create(&req->ctx, &in, &o, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 201, &out, NULL);
}

int
hl_bulletin_api_update(struct hl_req *req)
{
	struct hl_bulletin_in in;
	struct hl_bulletin_opts o = opts();
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == -1 ||
	    decode(req, true, &in, &err) == -1 ||
	    hl_bulletin_update(&req->ctx, id, &in, &o, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

/* Publishing takes no members; an empty object is fine, and so is no body
 * at all. */
static int
decode_empty(struct hl_req *req, struct hl_err *err)
{
	struct hl_json *j;
	int rc;

	if (req->body.len == 0)
		return 0;
	j = hl_json_parse(req->body.p, req->body.len, err);
	if (j == NULL)
		return -1;
	rc = hl_json_decode(j, NULL, 0, &req->arena, err);
	hl_json_free(j);
	return rc;
}

static int
set_state(struct hl_req *req, bool publish)
{
	struct hl_bulletin_opts o = opts();
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == -1 ||
	    decode_empty(req, &err) == -1 ||
	    hl_bulletin_publish(&req->ctx, id, publish, &o, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

int
hl_bulletin_api_publish(struct hl_req *req)
{
	return set_state(req, true);
}

int
hl_bulletin_api_unpublish(struct hl_req *req)
{
	return set_state(req, false);
}

int
hl_bulletin_api_preview(struct hl_req *req)
{
	const char *md = NULL;
	const struct hl_json_field fields[] = {
		{ "body_md", HL_JSON_STRING, false, false, 0, &md, NULL },
	};
	struct hl_buf html = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	struct hl_jw w;
	int rc;

	rc = hl_json_decode_text(req->body.p, req->body.len, fields, 1,
	    &req->arena, &err);
	if (rc == -1 ||
	    hl_bulletin_render(md != NULL ? md : "", hl_bulletin_api_md_limit(),
	        &html, &err) == -1) {
		hl_buf_release(&html);
		return hl_http_reply_err(req, &err);
	}
	hl_jw_init(&w, &out);
	hl_jw_obj_begin(&w);
	hl_jw_key(&w, "html");
	hl_jw_strn(&w, html.p != NULL ? html.p : "", html.len);
	hl_jw_obj_end(&w);
	hl_buf_release(&html);
	return hl_http_reply_json(req, 200, &out);
}

/* ---- pages ---- */

static const char HTML[] = "text/html; charset=utf-8";

static const char *
public_url(void)
{
	return public_url_ != NULL ? public_url_ : "";
}

/* A page for err: the HTML "not found" page for a 404, the JSON error for
 * anything else (the database being down, say). */
static int
page_err(struct hl_req *req, const struct hl_err *err)
{
	struct hl_buf out = { 0 };

	if (err->status != 404)
		return hl_http_reply_err(req, err);
	hl_page_not_found(&out);
	return hl_http_reply(req, 404, HTML, &out);
}

int
hl_bulletin_api_page(struct hl_req *req)
{
	struct hl_bulletin_public b = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == -1 ||
	    hl_bulletin_public_get(&req->ctx, id, &b, &err) == -1)
		return page_err(req, &err);
	hl_page_bulletin(&out, &b, public_url());
	/* Short, so that taking a bulletin back shows soon. */
	hl_http_add_header(req, "Cache-Control", "public, max-age=60");
	return hl_http_reply(req, 200, HTML, &out);
}

int
hl_bulletin_api_index_page(struct hl_req *req)
{
	struct hl_bulletin_index_row *rows = NULL;
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	size_t n = 0;

	if (hl_bulletin_public_index(&req->ctx, &rows, &n, &err) == -1)
		return page_err(req, &err);
	hl_page_bulletin_index(&out, rows, n, public_url());
	hl_http_add_header(req, "Cache-Control", "public, max-age=60");
	return hl_http_reply(req, 200, HTML, &out);
}

int
hl_bulletin_api_css(struct hl_req *req)
{
	/* Pages link it as /bulletin.css?v=<digest of the text>. */
	hl_http_add_header(req, "Cache-Control",
	    "public, max-age=31536000, immutable");
	return hl_http_reply_static(req, 200, "text/css; charset=utf-8",
	    hl_page_css, hl_page_css_len);
}
