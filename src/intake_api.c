/*
 * Intake handlers: decode, call one intake_import.c function, reply.
 */
#include "intake_api.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "http.h"
#include "intake.h"
#include "intake_import.h"
#include "json.h"
#include "router.h"
#include "sheet_api.h"

int
hl_intake_api_sources(struct hl_req *req)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	if (hl_intake_import_sources_json(&req->ctx, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

int
hl_intake_api_source_update(struct hl_req *req)
{
	struct hl_intake_source_change in;
	const struct hl_json *mapping = NULL;
	const struct hl_json_field fields[] = {
		{ "name", HL_JSON_STRING, false, false, 100, &in.name, NULL },
		{ "channel", HL_JSON_STRING, false, false, 16, &in.channel,
		    NULL },
		{ "user_id", HL_JSON_INT, false, false, 0, &in.user_id,
		    &in.has_user_id },
		{ "webhook_id", HL_JSON_INT, false, false, 0, &in.webhook_id,
		    &in.has_webhook_id },
		{ "mapping", HL_JSON_OBJECT, false, false, 0, &mapping, NULL },
	};
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	struct hl_json *j;
	int rc = -1;

	memset(&in, 0, sizeof(in));
	j = hl_json_parse(req->body.p, req->body.len, &err);
	if (j != NULL &&
	    hl_json_decode(j, fields, sizeof(fields) / sizeof(fields[0]),
	        &req->arena, &err) == 0)
		rc = hl_intake_import_source_update(&req->ctx,
		    hl_router_param(req, "code"), &in, mapping, &out, &err);
	hl_json_free(j);
	return hl_http_reply_result(req, rc == 0 ? 200 : 0, &out, &err);
}

int
hl_intake_api_import(struct hl_req *req)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	const char *p = NULL;
	size_t len = 0;
	bool dry_run = false;

	if (hl_sheet_api_dry_run(req, &dry_run, &err) == -1 ||
	    hl_sheet_api_file(req, &p, &len, &err) == -1 ||
	    hl_intake_import(&req->ctx, hl_router_param(req, "code"), p, len,
	        dry_run, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

int
hl_intake_api_template(struct hl_req *req)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	bool csv = false;

	if (hl_sheet_api_template_format(req, &csv, &err) == -1 ||
	    hl_intake_import_template(&req->ctx, hl_router_param(req, "code"),
	        csv, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_download(req,
	    csv ? "work-order-import.csv" : "work-order-import.xlsx", csv,
	    &out);
}
