/*
 * Lead bank handlers: decode, call one bank.c function, reply.
 */
#include "bank_api.h"

#include <string.h>

#include "bank.h"
#include "buf.h"
#include "err.h"
#include "fourone_api.h"
#include "http.h"
#include "json.h"
#include "router.h"

int
hl_bank_api_put(struct hl_req *req)
{
	struct hl_bank_in in;
	const struct hl_json_field fields[] = {
		{ "bank_name", HL_JSON_STRING, false, false, 100, &in.bank_name,
		    NULL },
		{ "branch", HL_JSON_STRING, false, true, 100, &in.branch,
		    NULL },
		{ "address", HL_JSON_STRING, false, true, 200, &in.address,
		    NULL },
		{ "phone", HL_JSON_STRING, false, true, 40, &in.phone, NULL },
		{ "note", HL_JSON_STRING, false, true, 4000, &in.note, NULL },
	};
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	memset(&in, 0, sizeof(in));
	if (hl_fourone_api_decode(req, fields,
	        sizeof(fields) / sizeof(fields[0]), false, &in.w, &err) == 0)
		hl_bank_put(&req->ctx, hl_router_param(req, "code"), &in, &out,
		    &err);
	return hl_fourone_api_reply(req, &out, &err);
}

/* ---- account managers ---- */

static int
decode_manager(struct hl_req *req, struct hl_bank_manager_in *in,
    struct hl_err *err)
{
	const struct hl_json_field fields[] = {
		{ "name", HL_JSON_STRING, false, false, 40, &in->name, NULL },
		{ "title", HL_JSON_STRING, false, true, 100, &in->title, NULL },
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

struct manager_arg {
	const char *code;
	struct hl_bank_manager_in in;
};

static int
create_manager(struct hl_ctx *ctx, void *arg, struct hl_buf *out,
    struct hl_err *err)
{
	struct manager_arg *a = arg;

	return hl_bank_manager_create(ctx, a->code, &a->in, out, err);
}

int
hl_bank_api_manager_create(struct hl_req *req)
{
	struct manager_arg a;
	struct hl_err err = { 0 };

	a.code = hl_router_param(req, "code");
	if (decode_manager(req, &a.in, &err) == -1)
		return hl_http_reply_err(req, &err);
	return hl_fourone_api_create(req, create_manager, &a);
}

int
hl_bank_api_manager_update(struct hl_req *req)
{
	struct hl_bank_manager_in in;
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == 0 &&
	    decode_manager(req, &in, &err) == 0)
		hl_bank_manager_update(&req->ctx, id, &in, &out, &err);
	return hl_fourone_api_reply(req, &out, &err);
}

int
hl_bank_api_manager_retire(struct hl_req *req)
{
	struct hl_err err = { 0 };
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == 0)
		hl_bank_manager_retire(&req->ctx, id, &err);
	return hl_fourone_api_reply(req, NULL, &err);
}

/* ---- financing products ---- */

static int
decode_product(struct hl_req *req, struct hl_bank_product_in *in,
    struct hl_err *err)
{
	const struct hl_json_field fields[] = {
		{ "name", HL_JSON_STRING, false, false, 100, &in->name, NULL },
		{ "kind", HL_JSON_STRING, false, false, 32, &in->kind, NULL },
		{ "rate_text", HL_JSON_STRING, false, true, 100, &in->rate_text,
		    NULL },
		{ "min_amount_yuan", HL_JSON_INT, false, true, 0,
		    &in->min_amount_yuan, &in->has_min },
		{ "max_amount_yuan", HL_JSON_INT, false, true, 0,
		    &in->max_amount_yuan, &in->has_max },
		{ "term_months", HL_JSON_INT, false, true, 0, &in->term_months,
		    &in->has_term },
		{ "conditions", HL_JSON_STRING, false, true, 2000,
		    &in->conditions, NULL },
		{ "summary", HL_JSON_STRING, false, true, 4000, &in->summary,
		    NULL },
		{ "sort_order", HL_JSON_INT, false, false, 0, &in->sort_order,
		    NULL },
		{ "active", HL_JSON_BOOL, false, false, 0, &in->active, NULL },
	};

	memset(in, 0, sizeof(*in));
	return hl_fourone_api_decode(req, fields,
	    sizeof(fields) / sizeof(fields[0]), false, &in->w, err);
}

struct product_arg {
	const char *code;
	struct hl_bank_product_in in;
};

static int
create_product(struct hl_ctx *ctx, void *arg, struct hl_buf *out,
    struct hl_err *err)
{
	struct product_arg *a = arg;

	return hl_bank_product_create(ctx, a->code, &a->in, out, err);
}

int
hl_bank_api_product_create(struct hl_req *req)
{
	struct product_arg a;
	struct hl_err err = { 0 };

	a.code = hl_router_param(req, "code");
	if (decode_product(req, &a.in, &err) == -1)
		return hl_http_reply_err(req, &err);
	return hl_fourone_api_create(req, create_product, &a);
}

int
hl_bank_api_product_update(struct hl_req *req)
{
	struct hl_bank_product_in in;
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == 0 &&
	    decode_product(req, &in, &err) == 0)
		hl_bank_product_update(&req->ctx, id, &in, &out, &err);
	return hl_fourone_api_reply(req, &out, &err);
}

int
hl_bank_api_product_retire(struct hl_req *req)
{
	struct hl_err err = { 0 };
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == 0)
		hl_bank_product_retire(&req->ctx, id, &err);
	return hl_fourone_api_reply(req, NULL, &err);
}
