/*
 * Routing rule handlers: decode, call one routing.c function, reply.
 */
#include "routing_api.h"

#include "buf.h"
#include "err.h"
#include "http.h"
#include "json.h"
#include "qparam.h"
#include "router.h"
#include "routing.h"

int
hl_routing_api_list(struct hl_req *req)
{
	struct hl_routing_filter f = { NULL, NULL };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	if (hl_qparam_text(req, "chain", 64, &f.chain, &err) == -1 ||
	    hl_qparam_text(req, "category", 32, &f.category, &err) == -1 ||
	    hl_routing_list_json(&req->ctx, &f, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

int
hl_routing_api_check(struct hl_req *req)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	if (hl_routing_check_json(&req->ctx, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

int
hl_routing_api_set(struct hl_req *req)
{
	struct hl_json_i64v ids = { NULL, 0 };
	const struct hl_json_field fields[] = {
		{ "user_ids", HL_JSON_INT_ARRAY, true, false,
		    HL_ROUTING_MAX_USERS, &ids, NULL },
	};
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	if (hl_json_decode_text(req->body.p, req->body.len, fields, 1,
	        &req->arena, &err) == -1 ||
	    hl_routing_set(&req->ctx, hl_router_param(req, "code"),
	        hl_router_param(req, "category"), ids.v, ids.n, &out,
	        &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}
