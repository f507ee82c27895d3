/*
 * Calendar and SLA handlers: decode, call one deadline.c function, reply.
 * Element errors of the lists are reported as "days[i].day",
 * "items[i].working_days", so that a form can point at the row.
 */
#include "calendar_api.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "buf.h"
#include "deadline.h"
#include "err.h"
#include "http.h"
#include "json.h"
#include "mem.h"
#include "router.h"
#include "sheet_api.h"

#define MAX_ITEMS 400

/* Decode element i of a list with fields; its errors go to err named
 * "<list>[i].<member>". */
static int
decode_element(struct hl_req *req, const char *list, size_t i,
    const struct hl_json *j, const struct hl_json_field *fields, size_t n,
    struct hl_err *err)
{
	struct hl_err e = { 0 };
	int k;

	if (hl_json_decode(j, fields, n, &req->arena, &e) == 0)
		return 0;
	if (e.n_fields == 0)
		return hl_err_field(err, list, "第 %zu 项应为对象", i + 1);
	for (k = 0; k < e.n_fields; k++) {
		char name[128];

		snprintf(name, sizeof(name), "%s[%zu].%s", list, i,
		    e.fields[k].name);
		hl_err_field(err, name, "%s", e.fields[k].msg);
	}
	return -1;
}

/* The body {"<list>":[…]}: its elements as a borrowed node, and j to free. */
static int
decode_list(struct hl_req *req, const char *list, struct hl_json **j,
    const struct hl_json **items, struct hl_err *err)
{
	const struct hl_json_field fields[] = {
		{ list, HL_JSON_ARRAY, true, false, MAX_ITEMS, items, NULL },
	};

	*j = hl_json_parse(req->body.p, req->body.len, err);
	if (*j == NULL)
		return -1;
	return hl_json_decode(*j, fields, 1, &req->arena, err);
}

/* The {year} parameter; outside the supported years is 404. */
static int
year_of(struct hl_req *req, int *year, struct hl_err *err)
{
	int64_t y;

	if (hl_router_param_i64(req, "year", &y, err) == -1)
		return -1;
	if (y < HL_DEADLINE_YEAR_MIN || y > HL_DEADLINE_YEAR_MAX)
		return hl_err_not_found(err);
	*year = (int)y;
	return 0;
}

int
hl_calendar_api_get(struct hl_req *req)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int year = 0;

	if (year_of(req, &year, &err) == -1 ||
	    hl_deadline_calendar_json(&req->ctx, year, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

int
hl_calendar_api_put(struct hl_req *req)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	struct hl_json *j = NULL;
	const struct hl_json *items = NULL;
	struct hl_deadline_day *days = NULL;
	size_t n = 0;
	size_t i;
	int year = 0;

	if (year_of(req, &year, &err) == -1 ||
	    decode_list(req, "days", &j, &items, &err) == -1)
		goto out;
	n = hl_json_array_size(items);
	days = hl_arena_alloc(&req->arena, (n + 1) * sizeof(*days));
	for (i = 0; i < n; i++) {
		const struct hl_json_field fields[] = {
			{ "day", HL_JSON_STRING, true, false, 10, &days[i].day,
			    NULL },
			{ "kind", HL_JSON_STRING, true, false, 16,
			    &days[i].kind, NULL },
			{ "name", HL_JSON_STRING, false, true, 40,
			    &days[i].name, NULL },
		};

		decode_element(req, "days", i, hl_json_array_get(items, i),
		    fields, sizeof(fields) / sizeof(fields[0]), &err);
	}
	if (!hl_err_is_set(&err) &&
	    hl_deadline_calendar_replace(&req->ctx, year, days, n, &err) == 0)
		hl_deadline_calendar_json(&req->ctx, year, &out, &err);
out:
	hl_json_free(j);
	return hl_http_reply_result(req, 200, &out, &err);
}

int
hl_calendar_api_import(struct hl_req *req)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	const char *p = NULL;
	size_t len = 0;
	bool dry_run = false;
	int year = 0;

	if (year_of(req, &year, &err) == -1 ||
	    hl_sheet_api_dry_run(req, &dry_run, &err) == -1 ||
	    hl_sheet_api_file(req, &p, &len, &err) == -1 ||
	    hl_deadline_calendar_import(&req->ctx, year, p, len, dry_run, &out,
	        &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

int
hl_calendar_api_sla_get(struct hl_req *req)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	if (hl_deadline_sla_json(&req->ctx, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

int
hl_calendar_api_sla_put(struct hl_req *req)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	struct hl_json *j = NULL;
	const struct hl_json *items = NULL;
	struct hl_deadline_sla *v = NULL;
	size_t n = 0;
	size_t i;

	if (decode_list(req, "items", &j, &items, &err) == -1)
		goto out;
	n = hl_json_array_size(items);
	v = hl_arena_alloc(&req->arena, (n + 1) * sizeof(*v));
	for (i = 0; i < n; i++) {
		const struct hl_json_field fields[] = {
			{ "category", HL_JSON_STRING, true, false, 32,
			    &v[i].category, NULL },
			{ "working_days", HL_JSON_INT, true, false, 0,
			    &v[i].working_days, NULL },
		};

		decode_element(req, "items", i, hl_json_array_get(items, i),
		    fields, sizeof(fields) / sizeof(fields[0]), &err);
	}
	if (!hl_err_is_set(&err) &&
	    hl_deadline_sla_update(&req->ctx, v, n, &err) == 0)
		hl_deadline_sla_json(&req->ctx, &out, &err);
out:
	hl_json_free(j);
	return hl_http_reply_result(req, 200, &out, &err);
}
