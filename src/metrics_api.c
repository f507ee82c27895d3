/*
 * Metrics handlers.  The query string is the same for every endpoint:
 * chain, category, commissioner, responder, from, to.  What the values
 * may be is metrics.c's business.
 */
#include "metrics_api.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "http.h"
#include "metrics.h"
#include "qparam.h"
#include "router.h"

static int
decode_query(struct hl_req *req, struct hl_metrics_query *q, struct hl_err *err)
{
	memset(q, 0, sizeof(*q));
	return hl_qparam_text(req, "chain", 64, &q->chain, err) == -1 ||
	        hl_qparam_text(req, "category", 32, &q->category, err) == -1 ||
	        hl_qparam_id(req, "commissioner", &q->commissioner, err) ==
	            -1 ||
	        hl_qparam_id(req, "responder", &q->responder, err) == -1 ||
	        hl_qparam_date(req, "from", &q->from, err) == -1 ||
	        hl_qparam_date(req, "to", &q->to, err) == -1
	    ? -1
	    : 0;
}

int
hl_metrics_api_get(struct hl_req *req)
{
	struct hl_metrics_query q;
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	if (decode_query(req, &q, &err) == -1 ||
	    hl_metrics_json(&req->ctx, &q, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

int
hl_metrics_api_table(struct hl_req *req)
{
	struct hl_metrics_query q;
	enum hl_metrics_group g;
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	if (hl_metrics_group_parse(hl_router_param(req, "group"), &g) == -1) {
		hl_err_not_found(&err);
		return hl_http_reply_err(req, &err);
	}
	if (decode_query(req, &q, &err) == -1 ||
	    hl_metrics_table_json(&req->ctx, &q, g, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

static int export(struct hl_req *req, enum hl_metrics_format fmt)
{
	struct hl_metrics_query q;
	enum hl_metrics_table t = HL_METRICS_TABLE_SUMMARY;
	const char *table = NULL;
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	char name[48];
	bool csv = fmt == HL_METRICS_CSV;

	if (hl_qparam_text(req, "table", 32, &table, &err) == 0 &&
	    table != NULL && hl_metrics_table_parse(table, &t) == -1) {
		hl_err_set(&err, 400, "bad_request", "查询参数无效");
		hl_err_field(&err, "table",
		    "应为 summary、weekly、chains、categories、commissioners 或 "
		    "responders");
	}
	if (hl_err_is_set(&err) || decode_query(req, &q, &err) == -1 ||
	    hl_metrics_export(&req->ctx, &q, t, fmt, &out, &err) == -1) {
		hl_buf_release(&out);
		return hl_http_reply_err(req, &err);
	}
	snprintf(name, sizeof(name), "metrics-%s.%s",
	    table != NULL ? table : "summary", csv ? "csv" : "xlsx");
	return hl_http_reply_download(req, name, csv, &out);
}

int
hl_metrics_api_export_csv(struct hl_req *req)
{
	return export(req, HL_METRICS_CSV);
}

int
hl_metrics_api_export_xlsx(struct hl_req *req)
{
	return export(req, HL_METRICS_XLSX);
}
