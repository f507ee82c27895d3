/*
 * The printed pages' handlers.  Errors are pages too (a person opened the
 * link), except when the database is down, which keeps the API's JSON
 * answer with Retry-After.
 */
#include "report_api.h"

#include "buf.h"
#include "err.h"
#include "http.h"
#include "print.h"
#include "qparam.h"
#include "report.h"
#include "router.h"

static const char HTML[] = "text/html; charset=utf-8";

int
hl_report_api_css(struct hl_req *req)
{
	/* Pages link it as /print.css?v=<digest of the text>. */
	hl_http_add_header(req, "Cache-Control",
	    "public, max-age=31536000, immutable");
	return hl_http_reply_static(req, 200, "text/css; charset=utf-8",
	    hl_print_css, hl_print_css_len);
}

static int
page_err(struct hl_req *req, const struct hl_err *err)
{
	struct hl_buf out = { 0 };
	int i;

	if (err->status >= 500)
		return hl_http_reply_err(req, err);
	hl_print_begin(&out,
	    err->status == 404 ? "页面不存在" : "无法生成报表");
	hl_buf_puts(&out, "<h1>");
	hl_print_text(&out, err->status == 404 ? "页面不存在" : "无法生成报表");
	hl_buf_puts(&out, "</h1>\n<p>");
	hl_print_text(&out,
	    err->status == 404 ? "该产业链不存在，或您无权查看它的报表。"
	                       : err->msg);
	hl_buf_puts(&out, "</p>\n");
	for (i = 0; i < err->n_fields; i++) {
		hl_buf_puts(&out, "<p>");
		hl_print_text(&out, err->fields[i].msg);
		hl_buf_puts(&out, "</p>\n");
	}
	hl_print_end(&out, NULL);
	return hl_http_reply(req, err->status, HTML, &out);
}

int
hl_report_api_monthly(struct hl_req *req)
{
	const char *month = NULL;
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	if (hl_qparam_text(req, "month", 7, &month, &err) == -1 ||
	    hl_report_monthly_html(&req->ctx, hl_router_param(req, "code"),
	        month, &out, &err) == -1) {
		hl_buf_release(&out);
		return page_err(req, &err);
	}
	return hl_http_reply(req, 200, HTML, &out);
}
