/*
 * Webhook handlers: decode, call one webhook.c function, reply once.
 */
#include "webhook_api.h"

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"
#include "http.h"
#include "idem.h"
#include "json.h"
#include "qparam.h"
#include "router.h"
#include "webhook.h"

static int
decode(struct hl_req *req, bool change, struct hl_webhook_in *in,
    struct hl_err *err)
{
	struct hl_json *j = hl_json_parse(req->body.p, req->body.len, err);
	int rc;

	if (j == NULL)
		return -1;
	rc = hl_webhook_decode(j, change, in, &req->arena, err);
	hl_json_free(j);
	return rc;
}

static int
create(struct hl_ctx *ctx, void *arg, struct hl_buf *out, struct hl_err *err)
{
	return hl_webhook_create(ctx, arg, out, err);
}

int
hl_webhook_api_create(struct hl_req *req)
{
	struct hl_webhook_in in;
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int status = 201;

	if (decode(req, false, &in, &err) == -1 ||
	    hl_idem_run(req, create, &in, &status, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, status, &out, NULL);
}

int
hl_webhook_api_list(struct hl_req *req)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t limit;
	int64_t cursor;

	if (hl_qparam_paging(req, &limit, &cursor, &err) == -1 ||
	    hl_webhook_list_json(&req->ctx, cursor, limit, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

int
hl_webhook_api_get(struct hl_req *req)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == -1 ||
	    hl_webhook_get_json(&req->ctx, id, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

int
hl_webhook_api_update(struct hl_req *req)
{
	struct hl_webhook_in in;
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == -1 ||
	    decode(req, true, &in, &err) == -1 ||
	    hl_webhook_update(&req->ctx, id, &in, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

int
hl_webhook_api_delete(struct hl_req *req)
{
	struct hl_err err = { 0 };
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == -1 ||
	    hl_webhook_delete(&req->ctx, id, &err) == -1)
		return hl_http_reply_err(req, &err);
	return hl_http_reply(req, 204, NULL, NULL);
}

int
hl_webhook_api_test(struct hl_req *req)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == -1 ||
	    hl_webhook_test(&req->ctx, id, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 202, &out, NULL);
}

int
hl_webhook_api_log(struct hl_req *req)
{
	struct hl_webhook_log_filter f = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == -1 ||
	    hl_qparam_text(req, "status", 20, &f.status, &err) == -1 ||
	    hl_qparam_paging(req, &f.limit, &f.cursor, &err) == -1 ||
	    hl_webhook_log_json(&req->ctx, id, &f, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

int
hl_webhook_api_resend(struct hl_req *req)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t id;
	int64_t nid;

	if (hl_router_param_i64(req, "id", &id, &err) == -1 ||
	    hl_router_param_i64(req, "nid", &nid, &err) == -1 ||
	    hl_webhook_resend(&req->ctx, id, nid, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

int
hl_webhook_api_types(struct hl_req *req)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	if (hl_webhook_types_json(&req->ctx, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}
