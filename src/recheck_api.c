/*
 * Re-check handlers.  A manual draw is a create (Idempotency-Key); the
 * outcome of a call is recorded once, which the database enforces, so it
 * needs no key of its own.
 */
#include "recheck_api.h"

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"
#include "http.h"
#include "idem.h"
#include "json.h"
#include "qparam.h"
#include "recheck.h"
#include "router.h"

#define N_FIELDS(f) (sizeof(f) / sizeof((f)[0]))

int
hl_recheck_api_list(struct hl_req *req)
{
	struct hl_recheck_filter f = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	if (hl_qparam_text(req, "status", 16, &f.status, &err) == -1 ||
	    hl_qparam_text(req, "outcome", 16, &f.outcome, &err) == -1 ||
	    hl_qparam_text(req, "reason", 16, &f.reason, &err) == -1 ||
	    hl_qparam_text(req, "chain", 64, &f.chain, &err) == -1 ||
	    hl_qparam_id(req, "draw", &f.draw, &err) == -1 ||
	    hl_qparam_paging(req, &f.limit, &f.cursor, &err) == -1 ||
	    hl_recheck_list_json(&req->ctx, &f, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

int
hl_recheck_api_get(struct hl_req *req)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == -1 ||
	    hl_recheck_get_json(&req->ctx, id, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

int
hl_recheck_api_record(struct hl_req *req)
{
	struct hl_recheck_outcome in = { 0 };
	const struct hl_json_field fields[] = {
		/* Not required here: recheck.c answers 404 for a re-check the
		 * caller may not see before it looks at the outcome. */
		{ "outcome", HL_JSON_STRING, false, true, 16, &in.outcome,
		    NULL },
		{ "note", HL_JSON_STRING, false, true, 2000, &in.note, NULL },
	};
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == -1 ||
	    hl_json_decode_text(req->body.p, req->body.len, fields,
	        N_FIELDS(fields), &req->arena, &err) == -1 ||
	    hl_recheck_record(&req->ctx, id, &in, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

int
hl_recheck_api_draws(struct hl_req *req)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t limit;
	int64_t cursor;

	if (hl_qparam_paging(req, &limit, &cursor, &err) == -1 ||
	    hl_recheck_draws_json(&req->ctx, cursor, limit, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

struct draw_in {
	const char *week_start;
	int64_t share_percent;
	bool share_given;
};

static int
draw(struct hl_ctx *ctx, void *arg, struct hl_buf *out, struct hl_err *err)
{
	const struct draw_in *in = arg;

	return hl_recheck_draw_now(ctx, in->week_start,
	    in->share_given ? in->share_percent : -1, out, err);
}

int
hl_recheck_api_draw(struct hl_req *req)
{
	struct draw_in in = { NULL, 0, false };
	const struct hl_json_field fields[] = {
		{ "week_start", HL_JSON_STRING, true, false, 10, &in.week_start,
		    NULL },
		{ "share_percent", HL_JSON_INT, false, true, 0,
		    &in.share_percent, &in.share_given },
	};
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int status = 201;

	if (hl_json_decode_text(req->body.p, req->body.len, fields,
	        N_FIELDS(fields), &req->arena, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	if (in.share_given &&
	    (in.share_percent < 0 || in.share_percent > 100)) {
		hl_err_field(&err, "share_percent", "抽取比例应为 0 到 100");
		return hl_http_reply_result(req, 0, &out, &err);
	}
	if (hl_idem_run(req, draw, &in, &status, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, status, &out, NULL);
}
