/*
 * Meeting handlers: decode, call one meeting.c (or common_problem.c,
 * meeting_print.c) function, reply once.  Nested members (attendees,
 * action items) are decoded element by element with errors named by
 * position ("actions[1].owner_id"); what the values may be is the domain
 * modules' business.  The settings the domain needs come from the server
 * configuration here.
 */
#include "meeting_api.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "common_problem.h"
#include "conf.h"
#include "err.h"
#include "http.h"
#include "idem.h"
#include "json.h"
#include "md.h"
#include "meeting.h"
#include "meeting_print.h"
#include "meeting_view.h"
#include "mem.h"
#include "qparam.h"
#include "router.h"

#define N_FIELDS(f) (sizeof(f) / sizeof((f)[0]))

static const char HTML[] = "text/html; charset=utf-8";

/* Set once by hl_meeting_api_setup() before the workers start; the
 * defaults are those of conf/honglian.conf. */
static struct hl_meeting_opts opts_ = { HL_MD_MAX_LEN, { 30, 3 } };

void
hl_meeting_api_setup(const struct hl_conf *c)
{
	opts_.md_max_len = (size_t)c->max_body_markdown;
	opts_.problems.similarity_percent = c->similarity_percent;
	opts_.problems.min_enterprises = c->min_enterprises;
}

static struct hl_meeting_opts
opts(void)
{
	return opts_;
}

static int
reply(struct hl_req *req, int status, struct hl_buf *out,
    const struct hl_err *err)
{
	return hl_http_reply_result(req, hl_err_is_set(err) ? 0 : status, out,
	    hl_err_is_set(err) ? err : NULL);
}

/* ---- bodies ---- */

static void
decode_attendees(const struct hl_json *a, struct hl_meeting_in *in,
    struct hl_arena *arena, struct hl_err *err)
{
	size_t n = hl_json_array_size(a);
	struct hl_meeting_attendee *v;
	size_t i;

	in->attendees_given = true;
	in->n_attendees = n;
	if (n > HL_MEETING_ATTENDEES_MAX)
		return; /* meeting.c refuses the count */
	v = hl_arena_alloc(arena, (n + 1) * sizeof(*v));
	memset(v, 0, (n + 1) * sizeof(*v));
	for (i = 0; i < n; i++) {
		const struct hl_json_field f[] = {
			{ "user_id", HL_JSON_INT, false, true, 0, &v[i].user_id,
			    NULL },
			{ "committee_member_id", HL_JSON_INT, false, true, 0,
			    &v[i].committee_member_id, NULL },
			{ "name", HL_JSON_STRING, false, true, 0, &v[i].name,
			    NULL },
			{ "title", HL_JSON_STRING, false, true, 0, &v[i].title,
			    NULL },
			{ "attended", HL_JSON_BOOL, false, true, 0,
			    &v[i].attended, &v[i].attended_given },
		};

		hl_json_decode_elem(hl_json_array_get(a, i), f, N_FIELDS(f),
		    arena, "attendees", i, err);
	}
	in->attendees = v;
}

/* The body of a create (create true) or a change. */
static int
decode_meeting(struct hl_req *req, bool create, struct hl_meeting_in *in,
    struct hl_err *err)
{
	const struct hl_json *attendees = NULL;
	const struct hl_json_field fields[] = {
		{ "title", HL_JSON_STRING, false, false, 0, &in->title, NULL },
		{ "kind", HL_JSON_STRING, false, false, 16, &in->kind, NULL },
		{ "starts_at", HL_JSON_STRING, false, false, 40, &in->starts_at,
		    NULL },
		{ "ends_at", HL_JSON_STRING, false, true, 40, &in->ends_at,
		    &in->ends_at_given },
		{ "place", HL_JSON_STRING, false, false, 0, &in->place, NULL },
		{ "status", HL_JSON_STRING, false, false, 32, &in->status,
		    NULL },
		{ "attendees", HL_JSON_ARRAY, false, false, 0, &attendees,
		    NULL },
		/* a change only */
		{ "minutes_md", HL_JSON_STRING, false, false, 0,
		    &in->minutes_md, NULL },
		/* a create only */
		{ "chain_code", HL_JSON_STRING, false, false, 64,
		    &in->chain_code, NULL },
	};
	struct hl_json *j;
	int rc = -1;

	memset(in, 0, sizeof(*in));
	j = hl_json_parse(req->body.p, req->body.len, err);
	if (j == NULL)
		return -1;
	if (create) {
		const struct hl_json_field *f = fields;
		struct hl_json_field c[N_FIELDS(fields) - 1];

		/* Everything but minutes_md. */
		memcpy(c, f, 7 * sizeof(*f));
		c[7] = f[8];
		if (hl_json_decode(j, c, N_FIELDS(c), &req->arena, err) == -1)
			goto out;
	} else if (hl_json_decode(j, fields, N_FIELDS(fields) - 1, &req->arena,
	               err) == -1) {
		goto out;
	}
	if (attendees != NULL)
		decode_attendees(attendees, in, &req->arena, err);
	rc = hl_err_is_set(err) ? -1 : 0;
out:
	hl_json_free(j);
	return rc;
}

/* ---- meetings ---- */

static int
create(struct hl_ctx *ctx, void *arg, struct hl_buf *out, struct hl_err *err)
{
	struct hl_meeting_opts o = opts();

	return hl_meeting_create(ctx, &o, arg, out, err);
}

int
hl_meeting_api_create(struct hl_req *req)
{
	struct hl_meeting_in in;
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int status = 201;

	if (decode_meeting(req, true, &in, &err) == 0)
		hl_idem_run(req, create, &in, &status, &out, &err);
	return reply(req, status, &out, &err);
}

int
hl_meeting_api_list(struct hl_req *req)
{
	struct hl_meeting_filter f = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	if (hl_qparam_text(req, "chain", 64, &f.chain, &err) == 0 &&
	    hl_qparam_text(req, "status", 32, &f.status, &err) == 0 &&
	    hl_qparam_date(req, "from", &f.from, &err) == 0 &&
	    hl_qparam_date(req, "to", &f.to, &err) == 0 &&
	    hl_qparam_paging_key(req, &f.limit, &f.cursor_key, &f.cursor_id,
	        &err) == 0)
		hl_meeting_list_json(&req->ctx, &f, &out, &err);
	return reply(req, 200, &out, &err);
}

int
hl_meeting_api_get(struct hl_req *req)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == 0)
		hl_meeting_get_json(&req->ctx, id, &out, &err);
	return reply(req, 200, &out, &err);
}

int
hl_meeting_api_update(struct hl_req *req)
{
	struct hl_meeting_in in;
	struct hl_meeting_opts o = opts();
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == 0 &&
	    decode_meeting(req, false, &in, &err) == 0)
		hl_meeting_update(&req->ctx, &o, id, &in, &out, &err);
	return reply(req, 200, &out, &err);
}

/* ---- agenda ---- */

struct agenda_add {
	int64_t id;
	struct hl_meeting_item_in in;
};

static int
agenda_add(struct hl_ctx *ctx, void *arg, struct hl_buf *out,
    struct hl_err *err)
{
	struct agenda_add *a = arg;

	return hl_meeting_agenda_add(ctx, a->id, &a->in, out, err);
}

static int
decode_item(struct hl_req *req, bool add, struct hl_meeting_item_in *in,
    struct hl_err *err)
{
	const struct hl_json_field fields[] = {
		{ "title", HL_JSON_STRING, false, false, 0, &in->title, NULL },
		{ "notes", HL_JSON_STRING, false, false, 0, &in->notes, NULL },
		{ "case_id", HL_JSON_INT, false, true, 0, &in->case_id, NULL },
	};

	memset(in, 0, sizeof(*in));
	return hl_json_decode_text(req->body.p, req->body.len, fields,
	    add ? 3 : 2, &req->arena, err);
}

int
hl_meeting_api_agenda_add(struct hl_req *req)
{
	struct agenda_add a;
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int status = 201;

	if (hl_router_param_i64(req, "id", &a.id, &err) == 0 &&
	    decode_item(req, true, &a.in, &err) == 0)
		hl_idem_run(req, agenda_add, &a, &status, &out, &err);
	return reply(req, status, &out, &err);
}

int
hl_meeting_api_agenda_update(struct hl_req *req)
{
	struct hl_meeting_item_in in;
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t id;
	int64_t item;

	if (hl_router_param_i64(req, "id", &id, &err) == 0 &&
	    hl_router_param_i64(req, "item", &item, &err) == 0 &&
	    decode_item(req, false, &in, &err) == 0)
		hl_meeting_agenda_update(&req->ctx, id, item, &in, &out, &err);
	return reply(req, 200, &out, &err);
}

int
hl_meeting_api_agenda_remove(struct hl_req *req)
{
	struct hl_err err = { 0 };
	int64_t id;
	int64_t item;

	if (hl_router_param_i64(req, "id", &id, &err) == -1 ||
	    hl_router_param_i64(req, "item", &item, &err) == -1 ||
	    hl_meeting_agenda_remove(&req->ctx, id, item, &err) == -1)
		return hl_http_reply_err(req, &err);
	return hl_http_reply(req, 204, NULL, NULL);
}

int
hl_meeting_api_agenda_order(struct hl_req *req)
{
	struct hl_json_i64v ids = { NULL, 0 };
	const struct hl_json_field fields[] = {
		{ "ids", HL_JSON_INT_ARRAY, false, false, 500, &ids, NULL },
	};
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == 0 &&
	    hl_json_decode_text(req->body.p, req->body.len, fields, 1,
	        &req->arena, &err) == 0)
		hl_meeting_agenda_order(&req->ctx, id, ids.v, ids.n, &out,
		    &err);
	return reply(req, 200, &out, &err);
}

/* ---- decisions ---- */

struct decide {
	int64_t id;
	struct hl_meeting_decision_in in;
};

static int
decide(struct hl_ctx *ctx, void *arg, struct hl_buf *out, struct hl_err *err)
{
	struct decide *d = arg;

	return hl_meeting_decide(ctx, d->id, &d->in, out, err);
}

static void
decode_actions(const struct hl_json *a, struct hl_meeting_decision_in *in,
    struct hl_arena *arena, struct hl_err *err)
{
	size_t n = hl_json_array_size(a);
	struct hl_action_in *v;
	size_t i;

	in->n_actions = n;
	if (n > HL_MEETING_ACTIONS_MAX)
		return; /* meeting.c refuses the count */
	v = hl_arena_alloc(arena, (n + 1) * sizeof(*v));
	memset(v, 0, (n + 1) * sizeof(*v));
	for (i = 0; i < n; i++) {
		struct hl_json_i64v cases = { NULL, 0 };
		const struct hl_json_field f[] = {
			{ "owner_id", HL_JSON_INT, false, true, 0,
			    &v[i].owner_id, NULL },
			{ "due_on", HL_JSON_STRING, false, true, 10,
			    &v[i].due_on, NULL },
			{ "due_workdays", HL_JSON_INT, false, true, 0,
			    &v[i].due_workdays, NULL },
			{ "case_ids", HL_JSON_INT_ARRAY, false, true,
			    HL_ACTION_CASES_MAX + 1, &cases, NULL },
			{ "text", HL_JSON_STRING, false, true, 0, &v[i].text,
			    NULL },
		};

		if (hl_json_decode_elem(hl_json_array_get(a, i), f, N_FIELDS(f),
		        arena, "actions", i, err) == 0) {
			v[i].case_ids = cases.v;
			v[i].n_case_ids = cases.n;
		}
	}
	in->actions = v;
}

int
hl_meeting_api_decide(struct hl_req *req)
{
	struct decide d;
	const struct hl_json *actions = NULL;
	const struct hl_json_field fields[] = {
		{ "text", HL_JSON_STRING, false, false, 0, &d.in.text, NULL },
		{ "agenda_item_id", HL_JSON_INT, false, true, 0,
		    &d.in.agenda_item_id, NULL },
		{ "actions", HL_JSON_ARRAY, false, false, 0, &actions, NULL },
	};
	struct hl_json *j = NULL;
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int status = 201;

	memset(&d, 0, sizeof(d));
	if (hl_router_param_i64(req, "id", &d.id, &err) == -1)
		return reply(req, status, &out, &err);
	j = hl_json_parse(req->body.p, req->body.len, &err);
	if (j != NULL &&
	    hl_json_decode(j, fields, N_FIELDS(fields), &req->arena, &err) ==
	        0) {
		if (actions != NULL)
			decode_actions(actions, &d.in, &req->arena, &err);
		if (!hl_err_is_set(&err))
			hl_idem_run(req, decide, &d, &status, &out, &err);
	}
	hl_json_free(j);
	return reply(req, status, &out, &err);
}

/* ---- reads ---- */

int
hl_meeting_api_minutes(struct hl_req *req)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t id;
	int64_t version;

	if (hl_router_param_i64(req, "id", &id, &err) == 0 &&
	    hl_router_param_i64(req, "version", &version, &err) == 0)
		hl_meeting_minutes_json(&req->ctx, id, version, &out, &err);
	return reply(req, 200, &out, &err);
}

int
hl_meeting_api_people(struct hl_req *req)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == 0)
		hl_meeting_people_json(&req->ctx, id, &out, &err);
	return reply(req, 200, &out, &err);
}

int
hl_meeting_api_export(struct hl_req *req)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	char name[64];
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == -1 ||
	    hl_meeting_export(&req->ctx, id, &out, &err) == -1) {
		hl_buf_release(&out);
		return hl_http_reply_err(req, &err);
	}
	snprintf(name, sizeof(name), "meeting-%lld-decisions.xlsx",
	    (long long)id);
	return hl_http_reply_download(req, name, false, &out);
}

int
hl_meeting_api_case(struct hl_req *req)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == 0)
		hl_meeting_case_json(&req->ctx, id, &out, &err);
	return reply(req, 200, &out, &err);
}

int
hl_meeting_api_common_problems(struct hl_req *req)
{
	struct hl_meeting_opts o = opts();
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	hl_common_problem_json(&req->ctx, hl_router_param(req, "code"),
	    &o.problems, &out, &err);
	return reply(req, 200, &out, &err);
}

/* ---- the print view ---- */

int
hl_meeting_api_print(struct hl_req *req)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t id;

	/* Internal papers: neither cached nor indexed. */
	hl_http_add_header_ref(req, "Cache-Control", "no-store");
	hl_http_add_header_ref(req, "X-Robots-Tag", "noindex");
	if (hl_router_param_i64(req, "id", &id, &err) == 0 &&
	    hl_meeting_print(&req->ctx, id, &out, &err) == 0)
		return hl_http_reply(req, 200, HTML, &out);
	hl_buf_release(&out);
	if (err.status != 404)
		return hl_http_reply_err(req, &err);
	hl_meeting_print_not_found(&out);
	return hl_http_reply(req, 404, HTML, &out);
}

int
hl_meeting_api_print_css(struct hl_req *req)
{
	hl_http_add_header_ref(req, "Cache-Control", "public, max-age=3600");
	return hl_http_reply_static(req, 200, "text/css; charset=utf-8",
	    hl_meeting_print_css, hl_meeting_print_css_len);
}

int
hl_meeting_api_print_js(struct hl_req *req)
{
	hl_http_add_header_ref(req, "Cache-Control", "public, max-age=3600");
	return hl_http_reply_static(req, 200, "text/javascript; charset=utf-8",
	    hl_meeting_print_js, hl_meeting_print_js_len);
}
