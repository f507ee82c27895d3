/*
 * Chain endpoints: public, so that a link to a chain's page works before
 * signing in; contact details appear only for signed-in callers.
 */
#include "chain_api.h"

#include "buf.h"
#include "chain.h"
#include "err.h"
#include "http.h"
#include "json.h"
#include "router.h"

int
hl_chain_api_list(struct hl_req *req)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	if (hl_chain_list_json(&req->ctx, &out, &err) == -1) {
		hl_buf_release(&out);
		return hl_http_reply_err(req, &err);
	}
	return hl_http_reply_json(req, 200, &out);
}

int
hl_chain_api_get(struct hl_req *req)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	const char *code = hl_router_param(req, "code");

	if (hl_chain_get_json(&req->ctx, code, req->ctx.role != HL_ROLE_NONE,
	        &out, &err) == -1) {
		hl_buf_release(&out);
		return hl_http_reply_err(req, &err);
	}
	return hl_http_reply_json(req, 200, &out);
}

int
hl_chain_api_update(struct hl_req *req)
{
	struct hl_chain_in in = { NULL, NULL, NULL, NULL };
	const struct hl_json_field fields[] = {
		{ "description", HL_JSON_STRING, false, true, 4000,
		    &in.description, NULL },
		{ "chain_leader_name", HL_JSON_STRING, false, true, 40,
		    &in.chain_leader_name, NULL },
		{ "chain_leader_title", HL_JSON_STRING, false, true, 100,
		    &in.chain_leader_title, NULL },
	};
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	in.body = hl_buf_cstr(&req->body);
	if (hl_json_decode_text(req->body.p, req->body.len, fields,
	        sizeof(fields) / sizeof(fields[0]), &req->arena, &err) == -1 ||
	    hl_chain_update(&req->ctx, hl_router_param(req, "code"), &in, &out,
	        &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

int
hl_chain_api_resources(struct hl_req *req)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	if (hl_chain_resources_json(&req->ctx, hl_router_param(req, "code"),
	        &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}
