/*
 * Policy session handlers: decode, call one event.c or event_list.c
 * function, reply once.  Creates (sessions, registrations, the questions'
 * cases) run under the request's Idempotency-Key.  What the values may be
 * is event.c's business; here only their JSON types and sizes.
 */
#include "event_api.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "bulletin_api.h"
#include "case.h"
#include "case_api.h"
#include "err.h"
#include "event.h"
#include "event_list.h"
#include "http.h"
#include "idem.h"
#include "json.h"
#include "qparam.h"
#include "router.h"

#define N_FIELDS(f) (sizeof(f) / sizeof((f)[0]))

static struct hl_event_opts
opts(void)
{
	struct hl_event_opts o = { hl_bulletin_api_md_limit() };

	return o;
}

/* The JSON body of a creation or a change into in. */
static int
decode_event(struct hl_req *req, struct hl_event_in *in, struct hl_err *err)
{
	bool *has = in->present;
	const struct hl_json_field fields[] = {
		{ "chain_code", HL_JSON_STRING, false, true, 64,
		    &in->chain_code, &has[HL_EVENT_CHAIN] },
		{ "title", HL_JSON_STRING, false, false, 0, &in->title,
		    &has[HL_EVENT_TITLE] },
		/* Bytes, not characters, limit a topic: event.c. */
		{ "topic_md", HL_JSON_STRING, false, false, 0, &in->topic_md,
		    &has[HL_EVENT_TOPIC] },
		{ "organizer", HL_JSON_STRING, false, false, 0, &in->organizer,
		    &has[HL_EVENT_ORGANIZER] },
		{ "starts_at", HL_JSON_STRING, false, false, 40, &in->starts_at,
		    &has[HL_EVENT_STARTS_AT] },
		{ "ends_at", HL_JSON_STRING, false, false, 40, &in->ends_at,
		    &has[HL_EVENT_ENDS_AT] },
		{ "place", HL_JSON_STRING, false, false, 0, &in->place,
		    &has[HL_EVENT_PLACE] },
		{ "capacity", HL_JSON_INT, false, false, 0, &in->capacity,
		    &has[HL_EVENT_CAPACITY] },
		{ "max_attendees", HL_JSON_INT, false, false, 0,
		    &in->max_attendees, &has[HL_EVENT_MAX_ATTENDEES] },
		{ "policy_ids", HL_JSON_INT_ARRAY, false, false, 100,
		    &in->policy_ids, &has[HL_EVENT_POLICIES] },
		{ "bulletin_ids", HL_JSON_INT_ARRAY, false, false, 100,
		    &in->bulletin_ids, &has[HL_EVENT_BULLETINS] },
	};

	memset(in, 0, sizeof(*in));
	return hl_json_decode_text(req->body.p, req->body.len, fields,
	    N_FIELDS(fields), &req->arena, err);
}

static int
create(struct hl_ctx *ctx, void *arg, struct hl_buf *out, struct hl_err *err)
{
	struct hl_event_opts o = opts();

	return hl_event_create(ctx, arg, &o, out, err);
}

int
hl_event_api_create(struct hl_req *req)
{
	struct hl_event_in in = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int status = 201;

	if (decode_event(req, &in, &err) == -1 ||
	    hl_idem_run(req, create, &in, &status, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, status, &out, NULL);
}

int
hl_event_api_update(struct hl_req *req)
{
	struct hl_event_in in = { 0 };
	struct hl_event_opts o = opts();
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == -1 ||
	    decode_event(req, &in, &err) == -1 ||
	    hl_event_update(&req->ctx, id, &in, &o, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

int
hl_event_api_get(struct hl_req *req)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == -1 ||
	    hl_event_get_json(&req->ctx, id, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

int
hl_event_api_list(struct hl_req *req)
{
	struct hl_event_filter f;
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	bool given;

	memset(&f, 0, sizeof(f));
	if (hl_qparam_text(req, "chain", 64, &f.chain, &err) == -1 ||
	    hl_qparam_text(req, "status", 16, &f.status, &err) == -1 ||
	    hl_qparam_date(req, "from", &f.from, &err) == -1 ||
	    hl_qparam_date(req, "to", &f.to, &err) == -1 ||
	    hl_qparam_text(req, "q", 50, &f.q, &err) == -1 ||
	    hl_qparam_bool(req, "mine", &f.mine, &given, &err) == -1 ||
	    hl_qparam_bool(req, "upcoming", &f.upcoming, &given, &err) == -1 ||
	    hl_qparam_text(req, "cursor", 200, &f.cursor, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	/* Out of range (or not a number): event_list.c names the problem. */
	f.limit = hl_qparam_limit(req);
	if (hl_event_list_json(&req->ctx, &f, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

/* An optional body: nothing, {} or, for a cancellation, {"reason"}. */
static int
decode_action(struct hl_req *req, bool with_reason, const char **reason,
    struct hl_err *err)
{
	const struct hl_json_field fields[] = {
		{ "reason", HL_JSON_STRING, false, true, 0, reason, NULL },
	};

	*reason = NULL;
	if (req->body.len == 0)
		return 0;
	return hl_json_decode_text(req->body.p, req->body.len, fields,
	    with_reason ? 1 : 0, &req->arena, err);
}

static int
act(struct hl_req *req, enum hl_event_action action)
{
	const char *reason;
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == -1 ||
	    decode_action(req, action == HL_EVENT_CANCEL, &reason, &err) ==
	        -1 ||
	    hl_event_act(&req->ctx, id, action, reason, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

int
hl_event_api_open(struct hl_req *req)
{
	return act(req, HL_EVENT_OPEN);
}

int
hl_event_api_close(struct hl_req *req)
{
	return act(req, HL_EVENT_CLOSE);
}

int
hl_event_api_done(struct hl_req *req)
{
	return act(req, HL_EVENT_DONE);
}

int
hl_event_api_cancel(struct hl_req *req)
{
	return act(req, HL_EVENT_CANCEL);
}

int
hl_event_api_registrations(struct hl_req *req)
{
	struct hl_event_reg_filter f;
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t id;

	memset(&f, 0, sizeof(f));
	if (hl_router_param_i64(req, "id", &id, &err) == -1 ||
	    hl_qparam_text(req, "status", 16, &f.status, &err) == -1 ||
	    hl_qparam_paging(req, &f.limit, &f.cursor, &err) == -1 ||
	    hl_event_registrations_json(&req->ctx, id, &f, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

/* A creation under one session: its id and the decoded body. */
struct under {
	int64_t id;
	const void *in;
	size_t n;
};

static int
do_register(struct hl_ctx *ctx, void *arg, struct hl_buf *out,
    struct hl_err *err)
{
	const struct under *u = arg;

	return hl_event_register(ctx, u->id, u->in, out, err);
}

int
hl_event_api_register(struct hl_req *req)
{
	struct hl_event_reg_in in = { 0 };
	const struct hl_json_field fields[] = {
		{ "attendee_count", HL_JSON_INT, false, false, 0,
		    &in.attendee_count, NULL },
		{ "note", HL_JSON_STRING, false, true, 0, &in.note, NULL },
	};
	struct under u = { 0, &in, 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int status = 201;

	if (hl_router_param_i64(req, "id", &u.id, &err) == -1 ||
	    (req->body.len > 0 &&
	        hl_json_decode_text(req->body.p, req->body.len, fields,
	            N_FIELDS(fields), &req->arena, &err) == -1) ||
	    hl_idem_run(req, do_register, &u, &status, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, status, &out, NULL);
}

int
hl_event_api_unregister(struct hl_req *req)
{
	struct hl_err err = { 0 };
	int64_t id;
	int64_t rid;

	if (hl_router_param_i64(req, "id", &id, &err) == -1 ||
	    hl_router_param_i64(req, "rid", &rid, &err) == -1 ||
	    hl_event_unregister(&req->ctx, id, rid, &err) == -1)
		return hl_http_reply_err(req, &err);
	return hl_http_reply(req, 204, NULL, NULL);
}

static int
registrations_file(struct hl_req *req, enum hl_event_export_format fmt)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	bool csv = fmt == HL_EVENT_EXPORT_CSV;
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == -1 ||
	    hl_event_export(&req->ctx, id, fmt, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_download(req,
	    csv ? "registrations.csv" : "registrations.xlsx", csv, &out);
}

int
hl_event_api_export_csv(struct hl_req *req)
{
	return registrations_file(req, HL_EVENT_EXPORT_CSV);
}

int
hl_event_api_export_xlsx(struct hl_req *req)
{
	return registrations_file(req, HL_EVENT_EXPORT_XLSX);
}

int
hl_event_api_checkin(struct hl_req *req)
{
	const char *code = NULL;
	const struct hl_json_field fields[] = {
		{ "code", HL_JSON_STRING, false, true, 64, &code, NULL },
	};
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == -1 ||
	    hl_json_decode_text(req->body.p, req->body.len, fields,
	        N_FIELDS(fields), &req->arena, &err) == -1 ||
	    hl_event_checkin(&req->ctx, id, code, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

static int
do_questions(struct hl_ctx *ctx, void *arg, struct hl_buf *out,
    struct hl_err *err)
{
	const struct under *u = arg;

	return hl_event_questions(ctx, u->id, u->in, u->n, out, err);
}

int
hl_event_api_questions(struct hl_req *req)
{
	const struct hl_json *problems = NULL;
	const struct hl_case_problem *p = NULL;
	const struct hl_json_field fields[] = {
		{ "problems", HL_JSON_ARRAY, false, false, 0, &problems, NULL },
	};
	struct hl_json *j = NULL;
	struct under u = { 0, NULL, 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int status = 201;

	if (hl_router_param_i64(req, "id", &u.id, &err) == -1)
		goto fail;
	j = hl_json_parse(req->body.p, req->body.len, &err);
	if (j == NULL ||
	    hl_json_decode(j, fields, N_FIELDS(fields), &req->arena, &err) ==
	        -1)
		goto fail;
	if (problems != NULL)
		hl_case_api_problems(problems, true, &req->arena, &p, &u.n,
		    &err);
	hl_json_free(j);
	j = NULL;
	u.in = p;
	if (hl_err_is_set(&err) ||
	    hl_idem_run(req, do_questions, &u, &status, &out, &err) == -1)
		goto fail;
	return hl_http_reply_result(req, status, &out, NULL);
fail:
	hl_json_free(j);
	return hl_http_reply_result(req, 0, &out, &err);
}

int
hl_event_api_stats(struct hl_req *req)
{
	struct hl_event_stats_filter f = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	if (hl_qparam_text(req, "chain", 64, &f.chain, &err) == -1 ||
	    hl_qparam_date(req, "from", &f.from, &err) == -1 ||
	    hl_qparam_date(req, "to", &f.to, &err) == -1 ||
	    hl_event_stats_json(&req->ctx, &f, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}
