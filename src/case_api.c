/*
 * Case handlers: decode, call one case.c or case_list.c function, reply.
 * Creates (cases, notes, attachments) run under the request's
 * Idempotency-Key (idem.c).  Downloads are always attachments with the
 * type found at upload, never rendered inline by the browser.
 */
#include "case_api.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "attachment.h"
#include "buf.h"
#include "case.h"
#include "case_list.h"
#include "err.h"
#include "export.h"
#include "http.h"
#include "idem.h"
#include "json.h"
#include "mem.h"
#include "multipart.h"
#include "qparam.h"
#include "router.h"
#include "str.h"

/* Parse the JSON body and decode it against fields. */
static int
decode_body(struct hl_req *req, const struct hl_json_field *fields, size_t n,
    struct hl_err *err)
{
	return hl_json_decode_text(req->body.p, req->body.len, fields, n,
	    &req->arena, err);
}

static int
create(struct hl_ctx *ctx, void *arg, struct hl_buf *out, struct hl_err *err)
{
	return hl_case_create(ctx, arg, out, err);
}

int
hl_case_api_create(struct hl_req *req)
{
	struct hl_case_new in = { 0 };
	const struct hl_json_field fields[] = {
		{ "category", HL_JSON_STRING, true, false, 32, &in.category,
		    NULL },
		{ "title", HL_JSON_STRING, true, false, 100, &in.title, NULL },
		{ "description", HL_JSON_STRING, true, false, 5000,
		    &in.description, NULL },
		{ "enterprise_id", HL_JSON_INT, false, true, 0,
		    &in.enterprise_id, &in.enterprise_id_given },
		{ "channel", HL_JSON_STRING, false, true, 16, &in.channel,
		    NULL },
		{ "chain_code", HL_JSON_STRING, false, true, 64, &in.chain_code,
		    NULL },
	};
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int status = 201;

	if (decode_body(req, fields, sizeof(fields) / sizeof(fields[0]),
	        &err) == -1 ||
	    hl_idem_run(req, create, &in, &status, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, status, &out, NULL);
}

void
hl_case_api_problems(const struct hl_json *a, bool with_enterprise,
    struct hl_arena *arena, const struct hl_case_problem **out, size_t *n,
    struct hl_err *err)
{
	size_t len = hl_json_array_size(a);
	struct hl_case_problem *p;
	size_t i;

	*n = len;
	*out = NULL;
	if (len > HL_CASE_PROBLEMS_MAX)
		return;
	p = hl_arena_alloc(arena, (len + 1) * sizeof(*p));
	for (i = 0; i < len; i++) {
		/* Nothing required here: hl_case_problems_check() names
		 * what is missing together with what is wrong. */
		const struct hl_json_field f[] = {
			{ "category", HL_JSON_STRING, false, false, 32,
			    &p[i].category, NULL },
			{ "title", HL_JSON_STRING, false, false, 0, &p[i].title,
			    NULL },
			{ "description", HL_JSON_STRING, false, false, 0,
			    &p[i].description, NULL },
			{ "enterprise_id", HL_JSON_INT, false, false, 0,
			    &p[i].enterprise_id, NULL },
		};

		p[i].enterprise_id = 0;
		hl_json_decode_elem(hl_json_array_get(a, i), f,
		    with_enterprise ? 4 : 3, arena, "problems", i, err);
	}
	*out = p;
}

/* The list's query string; "assignee=me" is the caller. */
static int
decode_filter(struct hl_req *req, struct hl_case_filter *f, struct hl_err *err)
{
	const char *assignee = hl_http_query(req, "assignee");
	bool overdue_given = false;
	bool overdue = false;
	bool escalated_given = false;
	bool escalated = false;

	memset(f, 0, sizeof(*f));
	if (hl_qparam_text(req, "status", 200, &f->status, err) == -1 ||
	    hl_qparam_text(req, "chain", 64, &f->chain, err) == -1 ||
	    hl_qparam_text(req, "category", 32, &f->category, err) == -1 ||
	    hl_qparam_id(req, "enterprise", &f->enterprise, err) == -1 ||
	    hl_qparam_bool(req, "overdue", &overdue, &overdue_given, err) ==
	        -1 ||
	    hl_qparam_bool(req, "escalated", &escalated, &escalated_given,
	        err) == -1 ||
	    hl_qparam_date(req, "from", &f->from, err) == -1 ||
	    hl_qparam_date(req, "to", &f->to, err) == -1 ||
	    hl_qparam_text(req, "q", 100, &f->q, err) == -1 ||
	    hl_qparam_text(req, "sort", 32, &f->sort, err) == -1 ||
	    hl_qparam_text(req, "cursor", 200, &f->cursor, err) == -1)
		return -1;
	if (assignee != NULL && strcmp(assignee, "me") == 0)
		f->assignee = req->ctx.user_id;
	else if (hl_qparam_id(req, "assignee", &f->assignee, err) == -1)
		return -1;
	if (overdue_given)
		f->overdue = overdue ? "true" : "false";
	if (escalated_given)
		f->escalated = escalated ? "true" : "false";
	/* Out of range (or not a number): case_list.c names the problem. */
	f->limit = hl_qparam_limit(req);
	return 0;
}

int
hl_case_api_list(struct hl_req *req)
{
	struct hl_case_filter f;
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	if (decode_filter(req, &f, &err) == -1 ||
	    hl_case_list_json(&req->ctx, &f, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

int
hl_case_api_stats(struct hl_req *req)
{
	struct hl_case_filter f;
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	if (decode_filter(req, &f, &err) == -1 ||
	    hl_case_stats_json(&req->ctx, &f, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

static int export(struct hl_req *req, enum hl_case_export_format fmt)
{
	struct hl_case_filter f;
	struct hl_export_stream *s = NULL;
	struct hl_err err = { 0 };
	bool csv = fmt == HL_CASE_EXPORT_CSV;

	if (decode_filter(req, &f, &err) == -1 ||
	    hl_case_export(&req->ctx, &f, fmt, &s, &err) == -1)
		return hl_http_reply_err(req, &err);
	return hl_http_reply_stream(req, csv ? "cases.csv" : "cases.xlsx", csv,
	    hl_export_stream_size(s), hl_export_stream_read,
	    hl_export_stream_free, s);
}

int
hl_case_api_export_csv(struct hl_req *req)
{
	return export(req, HL_CASE_EXPORT_CSV);
}

int
hl_case_api_export_xlsx(struct hl_req *req)
{
	return export(req, HL_CASE_EXPORT_XLSX);
}

int
hl_case_api_get(struct hl_req *req)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == -1 ||
	    hl_case_get_json(&req->ctx, id, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

int
hl_case_api_transition(struct hl_req *req)
{
	struct hl_case_transition in = { 0 };
	const struct hl_json_field fields[] = {
		/* Not required here: case.c answers 404 for a case the caller
		 * may not see before it looks at the action. */
		{ "action", HL_JSON_STRING, false, true, 32, &in.action, NULL },
		{ "note", HL_JSON_STRING, false, true, 2000, &in.note, NULL },
		{ "reason", HL_JSON_STRING, false, true, 2000, &in.reason,
		    NULL },
		{ "resolution", HL_JSON_STRING, false, true, 10000,
		    &in.resolution, NULL },
		{ "comment", HL_JSON_STRING, false, true, 1000, &in.comment,
		    NULL },
		{ "assignee_id", HL_JSON_INT, false, true, 0, &in.assignee_id,
		    NULL },
		{ "rating", HL_JSON_INT, false, true, 0, &in.rating, NULL },
		{ "override_reason", HL_JSON_STRING, false, true, 2000,
		    &in.override_reason, NULL },
	};
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == -1 ||
	    decode_body(req, fields, sizeof(fields) / sizeof(fields[0]),
	        &err) == -1 ||
	    hl_case_transition(&req->ctx, id, &in, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

struct note_in {
	int64_t id;
	const char *body;
	bool internal;
};

static int
add_note(struct hl_ctx *ctx, void *arg, struct hl_buf *out, struct hl_err *err)
{
	const struct note_in *n = arg;

	return hl_case_add_note(ctx, n->id, n->body, n->internal, out, err);
}

int
hl_case_api_note(struct hl_req *req)
{
	struct note_in in = { 0 };
	const struct hl_json_field fields[] = {
		{ "body", HL_JSON_STRING, false, true, 5000, &in.body, NULL },
		{ "internal", HL_JSON_BOOL, false, false, 0, &in.internal,
		    NULL },
	};
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int status = 201;

	if (hl_router_param_i64(req, "id", &in.id, &err) == -1 ||
	    decode_body(req, fields, sizeof(fields) / sizeof(fields[0]),
	        &err) == -1 ||
	    hl_idem_run(req, add_note, &in, &status, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, status, &out, NULL);
}

struct upload_in {
	int64_t id;
	struct hl_case_upload u;
};

static int
attach(struct hl_ctx *ctx, void *arg, struct hl_buf *out, struct hl_err *err)
{
	const struct upload_in *up = arg;

	return hl_case_attach(ctx, up->id, &up->u, out, err);
}

/* The form: "file" (one, with a file name) and optional "internal". */
static int
decode_upload(struct hl_req *req, struct hl_case_upload *u, struct hl_err *err)
{
	struct hl_multipart m;
	const struct hl_multipart_part *file;
	const struct hl_multipart_part *internal;
	size_t n;

	if (hl_multipart_parse(hl_http_header(req, "Content-Type"), req->body.p,
	        req->body.len, &req->arena, &m, err) == -1)
		return -1;
	file = hl_multipart_find(&m, "file", &n);
	if (file == NULL || file->filename == NULL)
		return hl_err_field(err, "file", "请选择要上传的文件");
	if (n > 1)
		return hl_err_field(err, "file", "每次只能上传一个文件");
	u->file_name = file->filename;
	u->file_name_len = file->filename_len;
	u->data = file->data;
	u->len = file->len;
	internal = hl_multipart_find(&m, "internal", NULL);
	if (internal != NULL) {
		if (internal->len == 4 &&
		    memcmp(internal->data, "true", 4) == 0)
			u->internal = true;
		else if (!(internal->len == 5 &&
		             memcmp(internal->data, "false", 5) == 0))
			return hl_err_field(err, "internal",
			    "应为 true 或 false");
	}
	return 0;
}

int
hl_case_api_attach(struct hl_req *req)
{
	struct upload_in in = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int status = 201;

	if (hl_router_param_i64(req, "id", &in.id, &err) == -1 ||
	    decode_upload(req, &in.u, &err) == -1 ||
	    hl_idem_run(req, attach, &in, &status, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, status, &out, NULL);
}

/* Only the allow-listed types are ever sent as such; anything else in the
 * table (it cannot be, by the upload's checks) goes as opaque bytes. */
static const char *
served_type(const char *stored)
{
	int t;

	for (t = HL_ATTACHMENT_PDF; t <= HL_ATTACHMENT_XLSX; t++)
		if (strcmp(stored, hl_attachment_mime(t)) == 0)
			return stored;
	return "application/octet-stream";
}

int
hl_case_api_attachment(struct hl_req *req)
{
	struct hl_buf content = { 0 };
	struct hl_buf disposition = { 0 };
	struct hl_err err = { 0 };
	const char *type = NULL;
	const char *name = NULL;
	int64_t id;
	int64_t aid;

	if (hl_router_param_i64(req, "id", &id, &err) == -1 ||
	    hl_router_param_i64(req, "aid", &aid, &err) == -1 ||
	    hl_case_attachment_get(&req->ctx, id, aid, &content, &type, &name,
	        &err) == -1) {
		hl_buf_release(&content);
		return hl_http_reply_err(req, &err);
	}
	hl_attachment_disposition(&disposition, name);
	hl_http_add_header(req, "Content-Disposition",
	    hl_buf_cstr(&disposition));
	hl_http_add_header(req, "Cache-Control", "private, no-store");
	hl_buf_release(&disposition);
	return hl_http_reply(req, 200, served_type(type), &content);
}

int
hl_case_api_suggested(struct hl_req *req)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == -1 ||
	    hl_case_suggested_json(&req->ctx, id, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

int
hl_case_api_escalations(struct hl_req *req)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	if (hl_case_escalations_json(&req->ctx, hl_router_param(req, "code"),
	        &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}
