/*
 * Chain endpoints: public, so that a link to a chain's page works before
 * signing in; contact details appear only for signed-in callers.
 */
#include "chain_api.h"

#include "buf.h"
#include "chain.h"
#include "err.h"
#include "http.h"
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
