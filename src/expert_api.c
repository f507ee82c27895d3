/*
 * Expert handlers: decode, call one expert.c function, reply.
 */
#include "expert_api.h"

#include <string.h>

#include "buf.h"
#include "err.h"
#include "expert.h"
#include "fourone_api.h"
#include "http.h"
#include "json.h"
#include "router.h"

static int
decode(struct hl_req *req, struct hl_expert_in *in, struct hl_err *err)
{
	const struct hl_json_field fields[] = {
		{ "name", HL_JSON_STRING, false, false, 40, &in->name, NULL },
		{ "title", HL_JSON_STRING, false, true, 100, &in->title, NULL },
		{ "field", HL_JSON_STRING, false, true, 200, &in->field, NULL },
		{ "organisation", HL_JSON_STRING, false, true, 200,
		    &in->organisation, NULL },
		{ "phone", HL_JSON_STRING, false, true, 40, &in->phone, NULL },
		{ "email", HL_JSON_STRING, false, true, 254, &in->email, NULL },
		{ "bio", HL_JSON_STRING, false, true, 4000, &in->bio, NULL },
		{ "sort_order", HL_JSON_INT, false, false, 0, &in->sort_order,
		    NULL },
		{ "active", HL_JSON_BOOL, false, false, 0, &in->active, NULL },
	};

	memset(in, 0, sizeof(*in));
	return hl_fourone_api_decode(req, fields,
	    sizeof(fields) / sizeof(fields[0]), true, &in->w, err);
}

struct create_arg {
	const char *code;
	struct hl_expert_in in;
};

static int
create(struct hl_ctx *ctx, void *arg, struct hl_buf *out, struct hl_err *err)
{
	struct create_arg *a = arg;

	return hl_expert_create(ctx, a->code, &a->in, out, err);
}

int
hl_expert_api_create(struct hl_req *req)
{
	struct create_arg a;
	struct hl_err err = { 0 };

	a.code = hl_router_param(req, "code");
	if (decode(req, &a.in, &err) == -1)
		return hl_http_reply_err(req, &err);
	return hl_fourone_api_create(req, create, &a);
}

int
hl_expert_api_update(struct hl_req *req)
{
	struct hl_expert_in in;
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == 0 &&
	    decode(req, &in, &err) == 0)
		hl_expert_update(&req->ctx, id, &in, &out, &err);
	return hl_fourone_api_reply(req, &out, &err);
}

int
hl_expert_api_retire(struct hl_req *req)
{
	struct hl_err err = { 0 };
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == 0)
		hl_expert_retire(&req->ctx, id, &err);
	return hl_fourone_api_reply(req, NULL, &err);
}
