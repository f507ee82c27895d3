/*
 * Visit, coverage and workload handlers: decode, call one visit.c or
 * coverage.c function, reply once.  The body's nested members (visitors,
 * findings, problems) are decoded element by element here, with errors
 * named by position ("problems[2].title"); what the values may be is
 * visit.c's business.
 */
#include "visit_api.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "case_api.h"
#include "coverage.h"
#include "err.h"
#include "export.h"
#include "http.h"
#include "idem.h"
#include "json.h"
#include "mem.h"
#include "qparam.h"
#include "router.h"
#include "str.h"
#include "visit.h"

#define N_FIELDS(f) (sizeof(f) / sizeof((f)[0]))

static void
decode_visitors(const struct hl_json *a, struct hl_visit_in *in,
    struct hl_arena *arena, struct hl_err *err)
{
	size_t n = hl_json_array_size(a);
	struct hl_visit_visitor *v;
	size_t i;

	in->n_visitors = n;
	if (n > HL_VISIT_VISITORS_MAX)
		return; /* visit.c refuses the count without the elements */
	v = hl_arena_alloc(arena, (n + 1) * sizeof(*v));
	for (i = 0; i < n; i++) {
		const struct hl_json_field f[] = {
			{ "user_id", HL_JSON_INT, false, true, 0, &v[i].user_id,
			    NULL },
			{ "name", HL_JSON_STRING, false, true, 0, &v[i].name,
			    NULL },
		};

		hl_json_decode_elem(hl_json_array_get(a, i), f, N_FIELDS(f),
		    arena, "visitors", i, err);
	}
	in->visitors = v;
}

struct findings {
	struct hl_visit_finding *v;
	size_t n;
	struct hl_arena *arena;
};

static int
count_member(const char *key, const struct hl_json *val, void *arg)
{
	(void)key;
	(void)val;
	((struct findings *)arg)->n++;
	return 0;
}

static int
add_finding(const char *key, const struct hl_json *val, void *arg)
{
	struct findings *fs = arg;
	const char *text = hl_json_string(val);

	fs->v[fs->n].level = hl_arena_strdup(fs->arena, key);
	fs->v[fs->n].text =
	    text != NULL ? hl_arena_strdup(fs->arena, text) : NULL;
	fs->n++;
	return 0;
}

static void
decode_findings(const struct hl_json *o, struct hl_visit_in *in,
    struct hl_arena *arena)
{
	struct findings fs = { NULL, 0, arena };

	hl_json_object_each(o, count_member, &fs);
	fs.v = hl_arena_alloc(arena, (fs.n + 1) * sizeof(*fs.v));
	fs.n = 0;
	hl_json_object_each(o, add_finding, &fs);
	in->findings = fs.v;
	in->n_findings = fs.n;
}

/* The body of a creation (change false) or a change into in. */
static int
decode_visit(struct hl_req *req, bool change, struct hl_visit_in *in,
    struct hl_err *err)
{
	const struct hl_json *findings = NULL;
	const struct hl_json *visitors = NULL;
	const struct hl_json *problems = NULL;
	bool *has = in->present;
	const struct hl_json_field fields[] = {
		{ "visited_on", HL_JSON_STRING, !change, false, 10,
		    &in->visited_on, &has[HL_VISIT_VISITED_ON] },
		{ "levels", HL_JSON_STR_ARRAY, !change, false, 16, &in->levels,
		    &has[HL_VISIT_LEVELS] },
		{ "findings", HL_JSON_OBJECT, false, false, 0, &findings,
		    &has[HL_VISIT_FINDINGS] },
		{ "visitors", HL_JSON_ARRAY, false, false, 0, &visitors,
		    &has[HL_VISIT_VISITORS] },
		{ "summary", HL_JSON_STRING, false, false, 0, &in->summary,
		    &has[HL_VISIT_SUMMARY] },
		/* creation only */
		{ "enterprise_id", HL_JSON_INT, true, false, 0,
		    &in->enterprise_id, NULL },
		{ "chain_code", HL_JSON_STRING, false, true, 64,
		    &in->chain_code, NULL },
		{ "problems", HL_JSON_ARRAY, false, false, 0, &problems, NULL },
	};
	struct hl_json *j;
	int rc = -1;

	memset(in, 0, sizeof(*in));
	j = hl_json_parse(req->body.p, req->body.len, err);
	if (j == NULL)
		return -1;
	if (hl_json_decode(j, fields, change ? 5 : N_FIELDS(fields),
	        &req->arena, err) == -1)
		goto out;
	if (findings != NULL)
		decode_findings(findings, in, &req->arena);
	if (visitors != NULL)
		decode_visitors(visitors, in, &req->arena, err);
	if (problems != NULL)
		hl_case_api_problems(problems, false, &req->arena,
		    &in->problems, &in->n_problems, err);
	rc = hl_err_is_set(err) ? -1 : 0;
out:
	hl_json_free(j);
	return rc;
}

static int
create(struct hl_ctx *ctx, void *arg, struct hl_buf *out, struct hl_err *err)
{
	return hl_visit_create(ctx, arg, out, err);
}

int
hl_visit_api_create(struct hl_req *req)
{
	struct hl_visit_in in = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int status = 201;

	if (decode_visit(req, false, &in, &err) == -1 ||
	    hl_idem_run(req, create, &in, &status, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, status, &out, NULL);
}

int
hl_visit_api_update(struct hl_req *req)
{
	struct hl_visit_in in = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == -1 ||
	    decode_visit(req, true, &in, &err) == -1 ||
	    hl_visit_update(&req->ctx, id, &in, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

int
hl_visit_api_get(struct hl_req *req)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == -1 ||
	    hl_visit_get_json(&req->ctx, id, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

/* The list's query string. */
static int
decode_filter(struct hl_req *req, struct hl_visit_filter *f, struct hl_err *err)
{
	memset(f, 0, sizeof(*f));
	if (hl_qparam_id(req, "enterprise", &f->enterprise, err) == -1 ||
	    hl_qparam_text(req, "chain", 64, &f->chain, err) == -1 ||
	    hl_qparam_id(req, "commissioner", &f->commissioner, err) == -1 ||
	    hl_qparam_text(req, "level", 32, &f->level, err) == -1 ||
	    hl_qparam_date(req, "from", &f->from, err) == -1 ||
	    hl_qparam_date(req, "to", &f->to, err) == -1 ||
	    hl_qparam_text(req, "cursor", 200, &f->cursor, err) == -1)
		return -1;
	/* Out of range (or not a number): visit.c names the problem. */
	f->limit = hl_qparam_limit(req);
	return 0;
}

int
hl_visit_api_list(struct hl_req *req)
{
	struct hl_visit_filter f;
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	if (decode_filter(req, &f, &err) == -1 ||
	    hl_visit_list_json(&req->ctx, &f, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

static int
visits_file(struct hl_req *req, enum hl_visit_export_format fmt)
{
	struct hl_visit_filter f;
	struct hl_export_stream *s = NULL;
	struct hl_err err = { 0 };
	bool csv = fmt == HL_VISIT_EXPORT_CSV;

	if (decode_filter(req, &f, &err) == -1 ||
	    hl_visit_export(&req->ctx, &f, fmt, &s, &err) == -1)
		return hl_http_reply_err(req, &err);
	return hl_http_reply_stream(req, csv ? "visits.csv" : "visits.xlsx",
	    csv, hl_export_stream_size(s), hl_export_stream_read,
	    hl_export_stream_free, s);
}

int
hl_visit_api_export_csv(struct hl_req *req)
{
	return visits_file(req, HL_VISIT_EXPORT_CSV);
}

int
hl_visit_api_export_xlsx(struct hl_req *req)
{
	return visits_file(req, HL_VISIT_EXPORT_XLSX);
}

static int
decode_coverage(struct hl_req *req, struct hl_coverage_filter *f,
    struct hl_err *err)
{
	const char *stale = hl_http_query(req, "stale_days");

	memset(f, 0, sizeof(*f));
	f->stale_days = -1;
	if (hl_qparam_text(req, "chain", 64, &f->chain, err) == -1 ||
	    hl_qparam_id(req, "commissioner", &f->commissioner, err) == -1)
		return -1;
	if (stale != NULL &&
	    (hl_str_to_i64(hl_str_from(stale), &f->stale_days) == -1 ||
	        f->stale_days < 0 ||
	        f->stale_days > HL_COVERAGE_STALE_DAYS_MAX)) {
		hl_err_set(err, 400, "bad_request", "查询参数 stale_days 有误");
		return hl_err_field(err, "stale_days", "应为 0 到 %d 的整数",
		    HL_COVERAGE_STALE_DAYS_MAX);
	}
	return 0;
}

int
hl_visit_api_coverage(struct hl_req *req)
{
	struct hl_coverage_filter f;
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	if (decode_coverage(req, &f, &err) == -1 ||
	    hl_coverage_json(&req->ctx, &f, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

static int
coverage_file(struct hl_req *req, enum hl_coverage_export_format fmt)
{
	struct hl_coverage_filter f;
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	bool csv = fmt == HL_COVERAGE_EXPORT_CSV;

	if (decode_coverage(req, &f, &err) == -1 ||
	    hl_coverage_export(&req->ctx, &f, fmt, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_download(req,
	    csv ? "coverage.csv" : "coverage.xlsx", csv, &out);
}

int
hl_visit_api_coverage_csv(struct hl_req *req)
{
	return coverage_file(req, HL_COVERAGE_EXPORT_CSV);
}

int
hl_visit_api_coverage_xlsx(struct hl_req *req)
{
	return coverage_file(req, HL_COVERAGE_EXPORT_XLSX);
}

int
hl_visit_api_workload(struct hl_req *req)
{
	const char *from = NULL;
	const char *to = NULL;
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	if (hl_qparam_date(req, "from", &from, &err) == -1 ||
	    hl_qparam_date(req, "to", &to, &err) == -1 ||
	    hl_coverage_workload_json(&req->ctx, from, to, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}
