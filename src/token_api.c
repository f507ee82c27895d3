/*
 * Token handlers.  The plain token is added to the answer here, after the
 * record was stored for Idempotency-Key replays: a replay answers the
 * record without the token, so no copy of a secret is ever kept.
 */
#include "token_api.h"

#include <stdint.h>

#include "buf.h"
#include "err.h"
#include "http.h"
#include "idem.h"
#include "json.h"
#include "qparam.h"
#include "router.h"
#include "token.h"

struct create_arg {
	struct hl_token_new t;
	char token[HL_AUTH_TOKEN_CHARS + 1];
};

static int
create(struct hl_ctx *ctx, void *arg, struct hl_buf *out, struct hl_err *err)
{
	struct create_arg *ca = arg;

	return hl_token_create(ctx, &ca->t, ca->token, out, err);
}

int
hl_token_api_create(struct hl_req *req)
{
	struct create_arg ca = { { 0 }, "" };
	const struct hl_json_field fields[] = {
		{ "name", HL_JSON_STRING, true, false, 100, &ca.t.name, NULL },
		{ "user_id", HL_JSON_INT, true, false, 0, &ca.t.user_id, NULL },
		{ "expires_at", HL_JSON_STRING, false, true, 40,
		    &ca.t.expires_at, NULL },
	};
	struct hl_buf rec = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int status = 201;
	int rc;

	rc = hl_json_decode_text(req->body.p, req->body.len, fields,
	    sizeof(fields) / sizeof(fields[0]), &req->arena, &err);
	if (rc == -1 ||
	    hl_idem_run(req, create, &ca, &status, &rec, &err) == -1)
		return hl_http_reply_result(req, 0, &rec, &err);
	if (ca.token[0] == '\0' || rec.len < 2 || rec.p[0] != '{')
		return hl_http_reply_result(req, status, &rec, NULL);
	/* base64url: nothing to escape. */
	hl_buf_printf(&out, "{\"token\":\"%s\",", ca.token);
	hl_buf_append(&out, rec.p + 1, rec.len - 1);
	hl_buf_release(&rec);
	return hl_http_reply_result(req, status, &out, NULL);
}

int
hl_token_api_list(struct hl_req *req)
{
	struct hl_token_filter f = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	if (hl_qparam_id(req, "user", &f.user_id, &err) == -1 ||
	    hl_qparam_paging(req, &f.limit, &f.cursor, &err) == -1 ||
	    hl_token_list_json(&req->ctx, &f, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

int
hl_token_api_revoke(struct hl_req *req)
{
	struct hl_err err = { 0 };
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == -1 ||
	    hl_token_revoke(&req->ctx, id, &err) == -1)
		return hl_http_reply_err(req, &err);
	return hl_http_reply(req, 204, NULL, NULL);
}
