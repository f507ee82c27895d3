/*
 * Enterprise import handlers: decode, call one enterprise_import.c
 * function, reply.
 */
#include "enterprise_import_api.h"

#include <stdbool.h>
#include <string.h>

#include "buf.h"
#include "enterprise_import.h"
#include "err.h"
#include "http.h"
#include "qparam.h"
#include "sheet_api.h"

int
hl_enterprise_import_api_run(struct hl_req *req)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	const char *p = NULL;
	size_t len = 0;
	bool dry_run = false;

	if (hl_sheet_api_dry_run(req, &dry_run, &err) == -1 ||
	    hl_sheet_api_file(req, &p, &len, &err) == -1 ||
	    hl_enterprise_import(&req->ctx, p, len, dry_run, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

int
hl_enterprise_import_api_template(struct hl_req *req)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	const char *format = NULL;
	bool csv;

	if (hl_qparam_text(req, "format", 8, &format, &err) == -1)
		return hl_http_reply_err(req, &err);
	if (format != NULL && strcmp(format, "csv") != 0 &&
	    strcmp(format, "xlsx") != 0) {
		hl_err_set(&err, 400, "bad_request", "format 应为 csv 或 xlsx");
		hl_err_field(&err, "format", "应为 csv 或 xlsx");
		return hl_http_reply_err(req, &err);
	}
	csv = format != NULL && strcmp(format, "csv") == 0;
	if (hl_enterprise_import_template(csv, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_download(req,
	    csv ? "enterprise-import.csv" : "enterprise-import.xlsx", csv,
	    &out);
}
