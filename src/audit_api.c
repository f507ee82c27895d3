/*
 * Audit log handlers: decode the filters, call audit.c, reply (a page of
 * the log, or the filtered log as a CSV or .xlsx file).
 */
#include "audit_api.h"

#include <stdbool.h>

#include "audit.h"
#include "audit_export.h"
#include "buf.h"
#include "err.h"
#include "export.h"
#include "http.h"
#include "qparam.h"

static int
decode_filter(struct hl_req *req, struct hl_audit_filter *f, struct hl_err *err)
{
	if (hl_qparam_id(req, "actor", &f->actor, err) == -1 ||
	    hl_qparam_text(req, "action", 100, &f->action, err) == -1 ||
	    hl_qparam_text(req, "object_type", 64, &f->object_type, err) ==
	        -1 ||
	    hl_qparam_text(req, "object_id", 100, &f->object_id, err) == -1 ||
	    hl_qparam_date(req, "from", &f->from, err) == -1 ||
	    hl_qparam_date(req, "to", &f->to, err) == -1)
		return -1;
	return 0;
}

int
hl_audit_api_list(struct hl_req *req)
{
	struct hl_audit_filter f = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	if (decode_filter(req, &f, &err) == -1 ||
	    hl_qparam_paging(req, &f.limit, &f.cursor, &err) == -1 ||
	    hl_audit_list_json(&req->ctx, &f, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

static int
audit_file(struct hl_req *req, bool csv)
{
	struct hl_audit_filter f = { 0 };
	struct hl_export_stream *s = NULL;
	struct hl_err err = { 0 };

	if (decode_filter(req, &f, &err) == -1 ||
	    hl_audit_export(&f, csv, &s, &err) == -1)
		return hl_http_reply_err(req, &err);
	return hl_http_reply_stream(req, csv ? "audit.csv" : "audit.xlsx", csv,
	    hl_export_stream_size(s), hl_export_stream_read,
	    hl_export_stream_free, s);
}

int
hl_audit_api_export_csv(struct hl_req *req)
{
	return audit_file(req, true);
}

int
hl_audit_api_export_xlsx(struct hl_req *req)
{
	return audit_file(req, false);
}
