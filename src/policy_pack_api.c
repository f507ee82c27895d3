/*
 * Policy pack handlers: decode, call one policy_pack.c function, reply.
 */
#include "policy_pack_api.h"

#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "fourone_api.h"
#include "http.h"
#include "json.h"
#include "policy_pack.h"
#include "router.h"

int
hl_policy_pack_api_put(struct hl_req *req)
{
	struct hl_policy_pack_in in;
	const struct hl_json_field fields[] = {
		{ "contact_name", HL_JSON_STRING, false, false, 40,
		    &in.contact_name, NULL },
		{ "contact_phone", HL_JSON_STRING, false, true, 40,
		    &in.contact_phone, NULL },
		{ "contact_email", HL_JSON_STRING, false, true, 254,
		    &in.contact_email, NULL },
		{ "department", HL_JSON_STRING, false, true, 200,
		    &in.department, NULL },
		{ "note", HL_JSON_STRING, false, true, 4000, &in.note, NULL },
	};
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	memset(&in, 0, sizeof(in));
	if (hl_fourone_api_decode(req, fields,
	        sizeof(fields) / sizeof(fields[0]), true, &in.w, &err) == 0)
		hl_policy_pack_put(&req->ctx, hl_router_param(req, "code"), &in,
		    &out, &err);
	return hl_fourone_api_reply(req, &out, &err);
}

int
hl_policy_pack_api_add(struct hl_req *req)
{
	int64_t policy_id = 0;
	const struct hl_json_field fields[] = {
		{ "policy_id", HL_JSON_INT, true, false, 0, &policy_id, NULL },
	};
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	if (hl_json_decode_text(req->body.p, req->body.len, fields, 1,
	        &req->arena, &err) == -1 ||
	    hl_policy_pack_add(&req->ctx, hl_router_param(req, "code"),
	        policy_id, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 201, &out, NULL);
}

int
hl_policy_pack_api_remove(struct hl_req *req)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t policy_id;

	if (hl_router_param_i64(req, "policy_id", &policy_id, &err) == 0)
		hl_policy_pack_remove(&req->ctx, hl_router_param(req, "code"),
		    policy_id, &out, &err);
	return hl_fourone_api_reply(req, &out, &err);
}
