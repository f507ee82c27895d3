/*
 * Action item handlers: the query string of the lists (with the two-part
 * cursor of qparam.c), the files, and completing an item.
 */
#include "action_api.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "action.h"
#include "buf.h"
#include "err.h"
#include "http.h"
#include "json.h"
#include "qparam.h"
#include "router.h"

/* The filters; paged true reads limit and cursor too. */
static int
decode_filter(struct hl_req *req, bool paged, struct hl_action_filter *f,
    struct hl_err *err)
{
	bool given = false;

	memset(f, 0, sizeof(*f));
	if (hl_qparam_bool(req, "mine", &f->mine, &given, err) == -1 ||
	    hl_qparam_text(req, "status", 16, &f->status, err) == -1 ||
	    hl_qparam_text(req, "chain", 64, &f->chain, err) == -1 ||
	    hl_qparam_id(req, "meeting", &f->meeting, err) == -1 ||
	    hl_qparam_id(req, "owner", &f->owner, err) == -1)
		return -1;
	if (!paged)
		return 0;
	return hl_qparam_paging_key(req, &f->limit, &f->cursor_key,
	    &f->cursor_id, err);
}

int
hl_action_api_list(struct hl_req *req)
{
	struct hl_action_filter f;
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	if (decode_filter(req, true, &f, &err) == -1 ||
	    hl_action_list_json(&req->ctx, &f, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

static int export(struct hl_req *req, enum hl_action_export_format fmt)
{
	struct hl_action_filter f;
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	bool csv = fmt == HL_ACTION_EXPORT_CSV;

	if (decode_filter(req, false, &f, &err) == -1 ||
	    hl_action_export(&req->ctx, &f, fmt, &out, &err) == -1) {
		hl_buf_release(&out);
		return hl_http_reply_err(req, &err);
	}
	return hl_http_reply_download(req, csv ? "actions.csv" : "actions.xlsx",
	    csv, &out);
}

int
hl_action_api_export_csv(struct hl_req *req)
{
	return export(req, HL_ACTION_EXPORT_CSV);
}

int
hl_action_api_export_xlsx(struct hl_req *req)
{
	return export(req, HL_ACTION_EXPORT_XLSX);
}

int
hl_action_api_complete(struct hl_req *req)
{
	const char *note = NULL;
	const struct hl_json_field fields[] = {
		{ "note", HL_JSON_STRING, false, true, 0, &note, NULL },
	};
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == -1 ||
	    (req->body.len > 0 &&
	        hl_json_decode_text(req->body.p, req->body.len, fields, 1,
	            &req->arena, &err) == -1) ||
	    hl_action_complete(&req->ctx, id, note, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}
