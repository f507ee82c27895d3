/*
 * Assignment handlers: decode, call one assignment.c function, reply.
 */
#include "assignment_api.h"

#include <stdint.h>

#include "assignment.h"
#include "buf.h"
#include "err.h"
#include "http.h"
#include "idem.h"
#include "json.h"
#include "qparam.h"
#include "router.h"

struct create_arg {
	int64_t commissioner_id;
	int64_t enterprise_id;
};

static int
create(struct hl_ctx *ctx, void *arg, struct hl_buf *out, struct hl_err *err)
{
	struct create_arg *ca = arg;

	return hl_assignment_create(ctx, ca->commissioner_id, ca->enterprise_id,
	    out, err);
}

int
hl_assignment_api_create(struct hl_req *req)
{
	struct create_arg ca = { 0, 0 };
	const struct hl_json_field fields[] = {
		{ "commissioner_id", HL_JSON_INT, true, false, 0,
		    &ca.commissioner_id, NULL },
		{ "enterprise_id", HL_JSON_INT, true, false, 0,
		    &ca.enterprise_id, NULL },
	};
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int status = 201;
	int rc;

	rc = hl_json_decode_text(req->body.p, req->body.len, fields,
	    sizeof(fields) / sizeof(fields[0]), &req->arena, &err);
	if (rc == -1 ||
	    hl_idem_run(req, create, &ca, &status, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, status, &out, NULL);
}

int
hl_assignment_api_bulk(struct hl_req *req)
{
	int64_t com = 0;
	struct hl_json_i64v add = { NULL, 0 };
	struct hl_json_i64v remove = { NULL, 0 };
	const struct hl_json_field fields[] = {
		{ "commissioner_id", HL_JSON_INT, true, false, 0, &com, NULL },
		{ "add", HL_JSON_INT_ARRAY, false, false,
		    HL_ASSIGNMENT_BULK_MAX, &add, NULL },
		{ "remove", HL_JSON_INT_ARRAY, false, false,
		    HL_ASSIGNMENT_BULK_MAX, &remove, NULL },
	};
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	if (hl_json_decode_text(req->body.p, req->body.len, fields,
	        sizeof(fields) / sizeof(fields[0]), &req->arena, &err) == -1 ||
	    hl_assignment_bulk(&req->ctx, com, add.v, add.n, remove.v, remove.n,
	        &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

int
hl_assignment_api_delete(struct hl_req *req)
{
	struct hl_err err = { 0 };
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == -1 ||
	    hl_assignment_delete(&req->ctx, id, &err) == -1)
		return hl_http_reply_err(req, &err);
	return hl_http_reply(req, 204, NULL, NULL);
}

int
hl_assignment_api_list(struct hl_req *req)
{
	struct hl_assignment_filter f = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	if (hl_qparam_id(req, "commissioner", &f.commissioner_id, &err) == -1 ||
	    hl_qparam_id(req, "enterprise", &f.enterprise_id, &err) == -1 ||
	    hl_qparam_paging(req, &f.limit, &f.cursor, &err) == -1 ||
	    hl_assignment_list_json(&req->ctx, &f, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}
