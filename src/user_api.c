/*
 * User handlers.  A change names the members it may not make (login,
 * role, enterprise_id, binding) and refuses them with 422 on that member,
 * so a client never believes a role change took effect.
 */
#include "user_api.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "http.h"
#include "idem.h"
#include "json.h"
#include "qparam.h"
#include "router.h"
#include "user.h"

struct create_arg {
	struct hl_user_new u;
};

static int
create(struct hl_ctx *ctx, void *arg, struct hl_buf *out, struct hl_err *err)
{
	struct create_arg *ca = arg;
	int64_t id;

	if (hl_user_create(ctx, &ca->u, &id, err) == -1)
		return -1;
	return hl_user_get_json(ctx, id, out, err);
}

static int
decode_binding(struct hl_req *req, const struct hl_json *b,
    struct hl_user_new *u, struct hl_err *err)
{
	const struct hl_json_field fields[] = {
		{ "kind", HL_JSON_STRING, true, false, 32, &u->binding, NULL },
		{ "id", HL_JSON_INT, true, false, 0, &u->binding_id, NULL },
	};
	struct hl_err e = { 0 };
	int i;

	if (hl_json_decode(b, fields, sizeof(fields) / sizeof(fields[0]),
	        &req->arena, &e) == 0)
		return 0;
	if (e.n_fields == 0)
		return hl_err_field(err, "binding", "应为对象");
	for (i = 0; i < e.n_fields; i++) {
		char name[80];

		snprintf(name, sizeof(name), "binding.%s", e.fields[i].name);
		hl_err_field(err, name, "%s", e.fields[i].msg);
	}
	return -1;
}

/* Whether the body's "binding" member is a string (the OpenAPI form:
 * "binding":"lawyer","binding_id":7) rather than an object ({"kind",
 * "id"}); both are accepted. */
static int
binding_is_string(const char *key, const struct hl_json *val, void *arg)
{
	if (strcmp(key, "binding") == 0 && hl_json_string(val) != NULL)
		*(bool *)arg = true;
	return 0;
}

int
hl_user_api_create(struct hl_req *req)
{
	struct create_arg ca = { { 0 } };
	struct hl_user_new *u = &ca.u;
	struct hl_json_strv chains = { 0 };
	const struct hl_json *binding = NULL;
	bool flat = false;
	bool has_binding_id = false;
	int64_t binding_id = 0;
	struct hl_json_field fields[] = {
		{ "login", HL_JSON_STRING, true, false, 64, &u->login, NULL },
		{ "name", HL_JSON_STRING, true, false, 40, &u->name, NULL },
		{ "role", HL_JSON_STRING, true, false, 16, &u->role, NULL },
		{ "password", HL_JSON_STRING, true, false, 256, &u->password,
		    NULL },
		{ "enterprise_id", HL_JSON_INT, false, true, 0,
		    &u->enterprise_id, NULL },
		{ "chain_codes", HL_JSON_STR_ARRAY, false, false, 64, &chains,
		    NULL },
		{ "binding", HL_JSON_OBJECT, false, true, 0, &binding, NULL },
		{ "binding_id", HL_JSON_INT, false, true, 0, &binding_id,
		    &has_binding_id },
		{ "phone", HL_JSON_STRING, false, true, 40, &u->phone, NULL },
		{ "email", HL_JSON_STRING, false, true, 254, &u->email, NULL },
	};
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	struct hl_json *j;
	int status = 201;
	int rc;

	j = hl_json_parse(req->body.p, req->body.len, &err);
	if (j == NULL)
		return hl_http_reply_err(req, &err);
	hl_json_object_each(j, binding_is_string, &flat);
	if (flat) {
		fields[6].kind = HL_JSON_STRING;
		fields[6].max = 32;
		fields[6].out = &u->binding;
	}
	rc = hl_json_decode(j, fields, sizeof(fields) / sizeof(fields[0]),
	    &req->arena, &err);
	if (rc == 0 && !flat && binding != NULL)
		rc = decode_binding(req, binding, u, &err);
	if (rc == 0 && flat)
		u->binding_id = binding_id;
	else if (rc == 0 && has_binding_id)
		rc = hl_err_field(&err, "binding_id",
		    "只能与字符串形式的 binding 一起使用");
	hl_json_free(j);
	u->chain_codes = chains.v;
	u->n_chain_codes = chains.n;
	if (rc == -1 ||
	    hl_idem_run(req, create, &ca, &status, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, status, &out, NULL);
}

int
hl_user_api_list(struct hl_req *req)
{
	struct hl_user_filter f = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	if (hl_qparam_text(req, "role", 16, &f.role, &err) == -1 ||
	    hl_qparam_text(req, "chain", 64, &f.chain, &err) == -1 ||
	    hl_qparam_text(req, "q", 64, &f.q, &err) == -1 ||
	    hl_qparam_paging(req, &f.limit, &f.cursor, &err) == -1 ||
	    hl_user_list_json(&req->ctx, &f, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

int
hl_user_api_get(struct hl_req *req)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == -1 ||
	    hl_user_get_json(&req->ctx, id, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

/* Members of a user that a change may not touch: named, then refused. */
static const char *const fixed[] = { "login", "role", "enterprise_id",
	"binding" };

int
hl_user_api_update(struct hl_req *req)
{
	struct hl_user_change ch = { 0 };
	struct hl_json_strv chains = { 0 };
	const struct hl_json *ignored[4] = { NULL, NULL, NULL, NULL };
	bool has_fixed[4] = { false, false, false, false };
	const struct hl_json_field fields[] = {
		{ "name", HL_JSON_STRING, false, false, 40, &ch.name,
		    &ch.has_name },
		{ "disabled", HL_JSON_BOOL, false, false, 0, &ch.disabled,
		    &ch.has_disabled },
		{ "chain_codes", HL_JSON_STR_ARRAY, false, false, 64, &chains,
		    &ch.has_chain_codes },
		{ "password", HL_JSON_STRING, false, false, 256, &ch.password,
		    &ch.has_password },
		{ fixed[0], HL_JSON_OBJECT, false, true, 0, &ignored[0],
		    &has_fixed[0] },
		{ fixed[1], HL_JSON_OBJECT, false, true, 0, &ignored[1],
		    &has_fixed[1] },
		{ fixed[2], HL_JSON_OBJECT, false, true, 0, &ignored[2],
		    &has_fixed[2] },
		{ fixed[3], HL_JSON_OBJECT, false, true, 0, &ignored[3],
		    &has_fixed[3] },
	};
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	struct hl_json *j;
	int64_t id;
	size_t i;

	if (hl_router_param_i64(req, "id", &id, &err) == -1)
		return hl_http_reply_err(req, &err);
	j = hl_json_parse(req->body.p, req->body.len, &err);
	if (j == NULL)
		return hl_http_reply_err(req, &err);
	hl_json_decode(j, fields, sizeof(fields) / sizeof(fields[0]),
	    &req->arena, &err);
	hl_json_free(j);
	/* Whatever its type, a member that may not change is refused as
	 * such rather than as a type error. */
	for (i = 0; i < (size_t)err.n_fields; i++)
		if (strcmp(err.fields[i].name, "login") == 0 ||
		    strcmp(err.fields[i].name, "role") == 0 ||
		    strcmp(err.fields[i].name, "enterprise_id") == 0 ||
		    strcmp(err.fields[i].name, "binding") == 0)
			snprintf(err.fields[i].msg, sizeof(err.fields[i].msg),
			    "%s", "不能修改；请新建用户");
	for (i = 0; i < 4; i++)
		if (has_fixed[i] && ignored[i] != NULL)
			hl_err_field(&err, fixed[i], "不能修改；请新建用户");
	ch.chain_codes = chains.v;
	ch.n_chain_codes = chains.n;
	if (hl_err_is_set(&err) ||
	    hl_user_update(&req->ctx, id, &ch, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}
