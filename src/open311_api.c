/*
 * Open311 handlers.  A path parameter carries the spec's format suffix
 * ("HL-2026-000123.json"): the router matches whole segments, so the
 * suffix is taken off here, and ".xml" is told apart from a missing
 * record.
 */
#include "open311_api.h"

#include <stdbool.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "http.h"
#include "mem.h"
#include "open311.h"
#include "router.h"

static int
json_only(struct hl_err *err)
{
	return hl_err_set(err, 400, "bad_request",
	    "本接口只提供 JSON 格式，请把地址中的 .xml 改为 .json");
}

/* The path parameter name without its ".json"; ".xml" is 400, anything
 * else 404. */
static int
stem(struct hl_req *req, const char *name, const char **out, struct hl_err *err)
{
	const char *v = hl_router_param(req, name);
	size_t len = v != NULL ? strlen(v) : 0;

	if (len > 5 && strcmp(v + len - 5, ".json") == 0) {
		*out = hl_arena_strndup(&req->arena, v, len - 5);
		return 0;
	}
	if (len > 4 && strcmp(v + len - 4, ".xml") == 0)
		return json_only(err);
	return hl_err_not_found(err);
}

int
hl_open311_api_services(struct hl_req *req)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	if (hl_open311_services_json(&req->ctx, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

int
hl_open311_api_service(struct hl_req *req)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	const char *code = NULL;

	if (stem(req, "code", &code, &err) == -1 ||
	    hl_open311_service_json(&req->ctx, code, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

int
hl_open311_api_create(struct hl_req *req)
{
	struct hl_open311_new in = {
		.service_code = hl_http_form(req, "service_code"),
		.description = hl_http_form(req, "description"),
		.address_string = hl_http_form(req, "address_string"),
		.address_id = hl_http_form(req, "address_id"),
		.lat = hl_http_form(req, "lat"),
		.lon = hl_http_form(req, "long"),
		.media_url = hl_http_form(req, "media_url"),
		.email = hl_http_form(req, "email"),
		.first_name = hl_http_form(req, "first_name"),
		.last_name = hl_http_form(req, "last_name"),
		.phone = hl_http_form(req, "phone"),
		.device_id = hl_http_form(req, "device_id"),
		.account_id = hl_http_form(req, "account_id"),
		.credit_code = hl_http_form(req, "attribute[credit_code]"),
		.source_id = hl_http_form(req, "attribute[source_id]"),
		.enterprise_name =
		    hl_http_form(req, "attribute[enterprise_name]"),
		.title = hl_http_form(req, "attribute[title]"),
		.chain = hl_http_form(req, "attribute[chain]"),
		.district = hl_http_form(req, "attribute[district]"),
		.channel = hl_http_form(req, "attribute[channel]"),
	};
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	bool created = false;

	if (hl_open311_request_create(&req->ctx, &in, &created, &out, &err) ==
	    -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, created ? 201 : 200, &out, NULL);
}

int
hl_open311_api_list(struct hl_req *req)
{
	struct hl_open311_filter f = {
		.service_request_id = hl_http_query(req, "service_request_id"),
		.service_code = hl_http_query(req, "service_code"),
		.start_date = hl_http_query(req, "start_date"),
		.end_date = hl_http_query(req, "end_date"),
		.status = hl_http_query(req, "status"),
	};
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	if (hl_open311_requests_json(&req->ctx, &f, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

int
hl_open311_api_get(struct hl_req *req)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	const char *id = NULL;

	if (stem(req, "id", &id, &err) == -1 ||
	    hl_open311_request_json(&req->ctx, id, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

int
hl_open311_api_xml(struct hl_req *req)
{
	struct hl_err err = { 0 };

	json_only(&err);
	return hl_http_reply_err(req, &err);
}
