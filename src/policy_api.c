/*
 * Policy handlers: decode, call one policy.c function, reply once.  Roles
 * are in routes.c; which enterprise a caller may match, and which policy
 * they may change, is in policy.c's SQL.
 */
#include "policy_api.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "bulletin_api.h"
#include "err.h"
#include "http.h"
#include "json.h"
#include "policy.h"
#include "qparam.h"
#include "router.h"
#include "str.h"

#define WINDOW_DAYS_DEFAULT 14
#define WINDOW_DAYS_MAX     365

int
hl_policy_api_list(struct hl_req *req)
{
	struct hl_policy_filter f = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	bool active = false;
	bool has_active = false;
	bool has_archived = false;

	f.chain = hl_http_query(req, "chain");
	f.q = hl_http_query(req, "q");
	if (hl_qparam_bool(req, "active", &active, &has_active, &err) == -1 ||
	    hl_qparam_bool(req, "archived", &f.archived, &has_archived, &err) ==
	        -1 ||
	    hl_qparam_paging(req, &f.limit, &f.cursor, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	if (has_active)
		f.active = active ? "true" : "false";
	if (hl_policy_list_json(&req->ctx, &f, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

int
hl_policy_api_get(struct hl_req *req)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == -1 ||
	    hl_policy_get_json(&req->ctx, id, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

static int
decode(struct hl_req *req, bool change, struct hl_policy_in *in,
    struct hl_err *err)
{
	struct hl_json *j = hl_json_parse(req->body.p, req->body.len, err);
	int rc;

	if (j == NULL)
		return -1;
	rc = hl_policy_decode(j, change, in, &req->arena, err);
	hl_json_free(j);
	return rc;
}

int
hl_policy_api_create(struct hl_req *req)
{
	struct hl_policy_in in;
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	if (decode(req, false, &in, &err) == -1 ||
	    hl_policy_create(&req->ctx, &in, hl_bulletin_api_md_limit(), &out,
	        &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 201, &out, NULL);
}

int
hl_policy_api_update(struct hl_req *req)
{
	struct hl_policy_in in;
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == -1 ||
	    decode(req, true, &in, &err) == -1 ||
	    hl_policy_update(&req->ctx, id, &in, hl_bulletin_api_md_limit(),
	        &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

int
hl_policy_api_match(struct hl_req *req)
{
	const char *w = hl_http_query(req, "window_days");
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t days = WINDOW_DAYS_DEFAULT;
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	if (w != NULL &&
	    (hl_str_to_i64(hl_str_from(w), &days) == -1 || days < 0 ||
	        days > WINDOW_DAYS_MAX)) {
		hl_err_set(&err, 400, "bad_request",
		    "查询参数 window_days 有误");
		hl_err_field(&err, "window_days", "应为 0 到 %d 的整数",
		    WINDOW_DAYS_MAX);
		return hl_http_reply_result(req, 0, &out, &err);
	}
	if (hl_policy_match_json(&req->ctx, id, days, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}
