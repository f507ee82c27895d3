/*
 * Message handlers: decode, call one message.c function, reply once.
 */
#include "message_api.h"

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"
#include "http.h"
#include "json.h"
#include "message.h"
#include "qparam.h"

/* Most ids one mark may name: a page of the list at most. */
#define READ_IDS_MAX 200

int
hl_message_api_list(struct hl_req *req)
{
	struct hl_message_filter f = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	bool given;

	if (hl_qparam_bool(req, "unread", &f.unread, &given, &err) == -1 ||
	    hl_qparam_paging(req, &f.limit, &f.cursor, &err) == -1 ||
	    hl_message_list_json(&req->ctx, &f, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

int
hl_message_api_read(struct hl_req *req)
{
	struct hl_json_i64v ids = { NULL, 0 };
	bool all = false;
	bool has_ids = false;
	bool has_all = false;
	const struct hl_json_field fields[] = {
		{ "ids", HL_JSON_INT_ARRAY, false, false, READ_IDS_MAX, &ids,
		    &has_ids },
		{ "all", HL_JSON_BOOL, false, false, 0, &all, &has_all },
	};
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	size_t i;

	if (hl_json_decode_text(req->body.p, req->body.len, fields,
	        sizeof(fields) / sizeof(fields[0]), &req->arena, &err) == -1)
		return hl_http_reply_err(req, &err);
	if (has_ids == (has_all && all))
		hl_err_field(&err, has_ids ? "all" : "ids",
		    "请给出要标为已读的消息编号 ids，或 all: true，二者选一");
	for (i = 0; i < ids.n; i++)
		if (ids.v[i] <= 0) {
			hl_err_field(&err, "ids", "消息编号应为正整数");
			break;
		}
	if (hl_err_is_set(&err) ||
	    hl_message_mark_read(&req->ctx, ids.v, ids.n, all, &out, &err) ==
	        -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}
