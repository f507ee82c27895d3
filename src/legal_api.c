/*
 * Legal team handlers: decode, call one legal.c function, reply.
 */
#include "legal_api.h"

#include <string.h>

#include "buf.h"
#include "err.h"
#include "fourone_api.h"
#include "http.h"
#include "json.h"
#include "legal.h"
#include "router.h"

/* ---- firms ---- */

static int
decode_firm(struct hl_req *req, struct hl_legal_firm_in *in, struct hl_err *err)
{
	const struct hl_json_field fields[] = {
		{ "name", HL_JSON_STRING, false, false, 100, &in->name, NULL },
		{ "address", HL_JSON_STRING, false, true, 200, &in->address,
		    NULL },
		{ "phone", HL_JSON_STRING, false, true, 40, &in->phone, NULL },
		{ "note", HL_JSON_STRING, false, true, 4000, &in->note, NULL },
		{ "sort_order", HL_JSON_INT, false, false, 0, &in->sort_order,
		    NULL },
		{ "active", HL_JSON_BOOL, false, false, 0, &in->active, NULL },
	};

	memset(in, 0, sizeof(*in));
	return hl_fourone_api_decode(req, fields,
	    sizeof(fields) / sizeof(fields[0]), false, &in->w, err);
}

struct firm_arg {
	const char *code;
	struct hl_legal_firm_in in;
};

static int
create_firm(struct hl_ctx *ctx, void *arg, struct hl_buf *out,
    struct hl_err *err)
{
	struct firm_arg *a = arg;

	return hl_legal_firm_create(ctx, a->code, &a->in, out, err);
}

int
hl_legal_api_firm_create(struct hl_req *req)
{
	struct firm_arg a;
	struct hl_err err = { 0 };

	a.code = hl_router_param(req, "code");
	if (decode_firm(req, &a.in, &err) == -1)
		return hl_http_reply_err(req, &err);
	return hl_fourone_api_create(req, create_firm, &a);
}

int
hl_legal_api_firm_update(struct hl_req *req)
{
	struct hl_legal_firm_in in;
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == 0 &&
	    decode_firm(req, &in, &err) == 0)
		hl_legal_firm_update(&req->ctx, id, &in, &out, &err);
	return hl_fourone_api_reply(req, &out, &err);
}

int
hl_legal_api_firm_retire(struct hl_req *req)
{
	struct hl_err err = { 0 };
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == 0)
		hl_legal_firm_retire(&req->ctx, id, &err);
	return hl_fourone_api_reply(req, NULL, &err);
}

/* ---- lawyers ---- */

static int
decode_lawyer(struct hl_req *req, struct hl_legal_lawyer_in *in,
    struct hl_err *err)
{
	const struct hl_json_field fields[] = {
		{ "name", HL_JSON_STRING, false, false, 40, &in->name, NULL },
		{ "speciality", HL_JSON_STRING, false, true, 200,
		    &in->speciality, NULL },
		{ "phone", HL_JSON_STRING, false, true, 40, &in->phone, NULL },
		{ "email", HL_JSON_STRING, false, true, 254, &in->email, NULL },
		{ "sort_order", HL_JSON_INT, false, false, 0, &in->sort_order,
		    NULL },
		{ "active", HL_JSON_BOOL, false, false, 0, &in->active, NULL },
	};

	memset(in, 0, sizeof(*in));
	return hl_fourone_api_decode(req, fields,
	    sizeof(fields) / sizeof(fields[0]), true, &in->w, err);
}

struct lawyer_arg {
	int64_t firm_id;
	struct hl_legal_lawyer_in in;
};

static int
create_lawyer(struct hl_ctx *ctx, void *arg, struct hl_buf *out,
    struct hl_err *err)
{
	struct lawyer_arg *a = arg;

	return hl_legal_lawyer_create(ctx, a->firm_id, &a->in, out, err);
}

int
hl_legal_api_lawyer_create(struct hl_req *req)
{
	struct lawyer_arg a;
	struct hl_err err = { 0 };

	if (hl_router_param_i64(req, "id", &a.firm_id, &err) == -1 ||
	    decode_lawyer(req, &a.in, &err) == -1)
		return hl_http_reply_err(req, &err);
	return hl_fourone_api_create(req, create_lawyer, &a);
}

int
hl_legal_api_lawyer_update(struct hl_req *req)
{
	struct hl_legal_lawyer_in in;
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == 0 &&
	    decode_lawyer(req, &in, &err) == 0)
		hl_legal_lawyer_update(&req->ctx, id, &in, &out, &err);
	return hl_fourone_api_reply(req, &out, &err);
}

int
hl_legal_api_lawyer_retire(struct hl_req *req)
{
	struct hl_err err = { 0 };
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == 0)
		hl_legal_lawyer_retire(&req->ctx, id, &err);
	return hl_fourone_api_reply(req, NULL, &err);
}
