/*
 * GeoReport v2 on top of the intake.  A request is checked as a work
 * order (intake.c's rules, the spec's names in the messages) and filed
 * with hl_intake_file(); what the spec calls a service request's status
 * is a SQL function, so that GET requests.json and the intake.status
 * notifications cannot describe a case differently.
 */
#include "open311.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "case.h"
#include "ctx.h"
#include "db.h"
#include "err.h"
#include "intake.h"
#include "json.h"
#include "mem.h"
#include "str.h"
#include "valid.h"

/* Most service_request_id values GET requests.json takes at once. */
#define MAX_IDS 100

/* ---- services ---- */

static const char SQL_SERVICES[] =
    "SELECT coalesce(json_agg(json_build_object('service_code', s.category,"
    " 'service_name', s.name, 'description', s.description,"
    " 'metadata', true, 'type', 'realtime', 'keywords', s.keywords,"
    " 'group', '企业诉求') ORDER BY s.sort_order), '[]')"
    " FROM open311_services s";

int
hl_open311_services_json(struct hl_ctx *ctx, struct hl_buf *out,
    struct hl_err *err)
{
	return hl_db_fetch_json(ctx->db, SQL_SERVICES, 0, NULL, out, err);
}

/* $1 service code, $2 the caller: the values of the chain attribute (the
 * caller's chains) and of the district attribute; no row for an unknown
 * code. */
static const char SQL_SERVICE_VALUES[] =
    "SELECT (SELECT coalesce(json_agg(json_build_object('key', c.code,"
    "  'name', c.name) ORDER BY c.sort_order, c.id), '[]')"
    "  FROM user_chains uc JOIN chains c ON c.id = uc.chain_id"
    "  WHERE uc.user_id = $2::bigint),"
    " (SELECT coalesce(json_agg(json_build_object('key', d.name,"
    "  'name', d.name) ORDER BY d.sort_order), '[]') FROM districts d)"
    " FROM open311_services s WHERE s.category = $1";

/* One attribute of every service. */
struct attr {
	const char *code;
	const char *datatype;
	bool required;
	const char *description;
	int values; /* 0 none, 1 the caller's chains, 2 districts, 3 channels */
};

static const struct attr attrs[] = {
	{ "credit_code", "string", true, "企业的统一社会信用代码（18 位）", 0 },
	{ "source_id", "string", true,
	    "来源系统的工单编号；同一编号再次提交时返回原诉求，不重复立案", 0 },
	{ "enterprise_name", "string", false,
	    "企业名称；统一社会信用代码尚未登记时必填，企业登记为“待确认”", 0 },
	{ "title", "string", false, "诉求标题；不填时取问题描述的第一行", 0 },
	{ "chain", "singlevaluelist", false,
	    "企业所在的产业链；不填时取企业的主产业链", 1 },
	{ "district", "singlevaluelist", false,
	    "企业所在区县；企业尚未登记时使用，不填时按地址识别", 2 },
	{ "channel", "singlevaluelist", false, "受理渠道；不填时取来源的渠道",
	    3 },
};

static void
channel_values(struct hl_jw *w)
{
	static const char *const keys[] = { "phone", "hotline", "platform" };
	static const char *const names[] = { "电话", "12345热线", "诉求平台" };
	size_t i;

	hl_jw_arr_begin(w);
	for (i = 0; i < 3; i++) {
		hl_jw_obj_begin(w);
		hl_jw_key(w, "key");
		hl_jw_str(w, keys[i]);
		hl_jw_key(w, "name");
		hl_jw_str(w, names[i]);
		hl_jw_obj_end(w);
	}
	hl_jw_arr_end(w);
}

int
hl_open311_service_json(struct hl_ctx *ctx, const char *code,
    struct hl_buf *out, struct hl_err *err)
{
	char uid[24];
	const char *params[2] = { code, uid };
	struct hl_db_res *r;
	struct hl_jw w;
	size_t i;

	snprintf(uid, sizeof(uid), "%" PRId64, ctx->user_id);
	r = hl_db_exec(ctx->db, SQL_SERVICE_VALUES, 2, params, err);
	if (r == NULL)
		return -1;
	if (hl_db_nrows(r) == 0) {
		hl_db_res_free(r);
		return hl_err_set(err, 404, "not_found",
		    "未知的 service_code：%s", code);
	}
	hl_jw_init(&w, out);
	hl_jw_obj_begin(&w);
	hl_jw_key(&w, "service_code");
	hl_jw_str(&w, code);
	hl_jw_key(&w, "attributes");
	hl_jw_arr_begin(&w);
	for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
		const struct attr *a = &attrs[i];

		hl_jw_obj_begin(&w);
		hl_jw_key(&w, "variable");
		hl_jw_bool(&w, true);
		hl_jw_key(&w, "code");
		hl_jw_str(&w, a->code);
		hl_jw_key(&w, "datatype");
		hl_jw_str(&w, a->datatype);
		hl_jw_key(&w, "required");
		hl_jw_bool(&w, a->required);
		hl_jw_key(&w, "datatype_description");
		hl_jw_null(&w);
		hl_jw_key(&w, "order");
		hl_jw_i64(&w, (int64_t)i + 1);
		hl_jw_key(&w, "description");
		hl_jw_str(&w, a->description);
		if (a->values > 0) {
			hl_jw_key(&w, "values");
			if (a->values == 3)
				channel_values(&w);
			else
				hl_jw_raw(&w, hl_db_get(r, 0, a->values - 1),
				    hl_db_getlen(r, 0, a->values - 1));
		}
		hl_jw_obj_end(&w);
	}
	hl_jw_arr_end(&w);
	hl_jw_obj_end(&w);
	hl_db_res_free(r);
	return 0;
}

/* ---- filing ---- */

/* The work order's members as the spec names them in a request. */
static const struct {
	const char *member;
	const char *param;
} params_of[] = {
	{ "source_ref", "attribute[source_id]" },
	{ "credit_code", "attribute[credit_code]" },
	{ "enterprise_name", "attribute[enterprise_name]" },
	{ "title", "attribute[title]" },
	{ "chain", "attribute[chain]" },
	{ "district", "attribute[district]" },
	{ "channel", "attribute[channel]" },
	{ "category", "service_code" },
	{ "address", "address_string" },
	{ "lat", "lat" },
};

static const char *
param_of(const char *member)
{
	size_t i;

	for (i = 0; i < sizeof(params_of) / sizeof(params_of[0]); i++)
		if (strcmp(params_of[i].member, member) == 0)
			return params_of[i].param;
	return member;
}

/* err's fields renamed from work-order members to request parameters. */
static void
rename_fields(struct hl_err *err)
{
	int i;

	for (i = 0; i < err->n_fields && i < HL_ERR_MAX_FIELDS; i++) {
		struct hl_err_field *f = &err->fields[i];
		char name[sizeof(f->name)];

		/* param_of() may answer f->name itself: copy it first. */
		snprintf(name, sizeof(name), "%s", f->name);
		snprintf(f->name, sizeof(f->name), "%s", param_of(name));
	}
}

/* A coordinate: a whole decimal number, or -1. */
static int
coordinate(const char *s, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	return s[0] != '\0' && *end == '\0' && errno == 0 && isfinite(*out)
	    ? 0
	    : -1;
}

/* The requester's details as a JSON object, those given. */
static const char *
requester(struct hl_ctx *ctx, const struct hl_open311_new *in,
    struct hl_err *err)
{
	const struct {
		const char *key;
		const char *v;
	} f[] = {
		{ "first_name", in->first_name },
		{ "last_name", in->last_name },
		{ "phone", in->phone },
		{ "email", in->email },
		{ "device_id", in->device_id },
		{ "account_id", in->account_id },
	};
	struct hl_buf b = { 0 };
	struct hl_jw w;
	const char *s;
	size_t i;

	hl_jw_init(&w, &b);
	hl_jw_obj_begin(&w);
	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		if (f[i].v == NULL || f[i].v[0] == '\0')
			continue;
		if (hl_valid_length(f[i].key, f[i].v, 1, 100, err) == -1)
			continue;
		hl_jw_key(&w, f[i].key);
		hl_jw_str(&w, f[i].v);
	}
	hl_jw_obj_end(&w);
	s = hl_arena_strdup(ctx->arena, hl_buf_cstr(&b));
	hl_buf_release(&b);
	return s;
}

static bool
given(const char *s)
{
	return s != NULL && s[0] != '\0';
}

/* The request as a work order, checked; 0 or -1 with err set. */
static int
decode(struct hl_ctx *ctx, const struct hl_open311_new *in,
    struct hl_intake_item *it, struct hl_err *err)
{
	memset(it, 0, sizeof(*it));
	if (!given(in->service_code))
		return hl_err_field(err, "service_code", "请提供 service_code");
	if (hl_case_category_label(in->service_code) == NULL)
		return hl_err_set(err, 404, "not_found",
		    "未知的 service_code：%s（可用的服务见 services.json）",
		    in->service_code);
	it->category = in->service_code;
	it->source_ref = in->source_id;
	it->credit_code = in->credit_code;
	it->enterprise_name = in->enterprise_name;
	it->title = in->title;
	it->description = in->description;
	it->chain = in->chain;
	it->district = in->district;
	it->channel = in->channel;
	it->address = in->address_string;
	it->address_id = in->address_id;
	it->media_url = in->media_url;
	if (given(in->lat) || given(in->lon)) {
		it->has_location = true;
		if (!given(in->lat) || !given(in->lon) ||
		    coordinate(in->lat, &it->lat) == -1 ||
		    coordinate(in->lon, &it->lon) == -1)
			hl_err_field(err, "lat",
			    "lat 与 long 应同时提供，且为十进制数");
	}
	if (!it->has_location && !given(in->address_string) &&
	    !given(in->address_id))
		hl_err_field(err, "address_string",
		    "请提供位置：address_string，或 lat 与 long，或 "
		    "address_id");
	it->requester_json = requester(ctx, in, err);
	if (hl_intake_item_check(ctx, it, err) == -1 || hl_err_is_set(err)) {
		rename_fields(err);
		return -1;
	}
	return 0;
}

/* $1 case, $2 replay, $3 account_id or NULL: the spec's answer. */
static const char SQL_POSTED[] =
    "SELECT json_build_array(json_build_object('service_request_id',"
    " c.number, 'service_notice', CASE WHEN $2::boolean"
    "  THEN '该工单编号已提交过，未重复立案。' ELSE '已登记，' END"
    "  || (hl_open311_request(c.id, false)->>'service_notice'),"
    " 'account_id', $3::text)) FROM cases c WHERE c.id = $1::bigint";

int
hl_open311_request_create(struct hl_ctx *ctx, const struct hl_open311_new *in,
    bool *created, struct hl_buf *out, struct hl_err *err)
{
	struct hl_intake_source src;
	struct hl_intake_item it;
	struct hl_intake_plan plan = { 0 };
	char cid[24];
	const char *params[3];

	*created = false;
	if (decode(ctx, in, &it, err) == -1 ||
	    hl_intake_source_of_caller(ctx, &src, err) == -1 ||
	    hl_intake_file(ctx, &src, "open311", &it, 1, &plan, err) == -1)
		return -1;
	if (plan.outcome == HL_INTAKE_BAD) {
		hl_err_set(err, plan.status,
		    plan.status == 403 ? "forbidden" : "validation_failed",
		    "%s", plan.message);
		return hl_err_field(err, param_of(plan.field), "%s",
		    plan.message);
	}
	*created = plan.outcome == HL_INTAKE_NEW;
	snprintf(cid, sizeof(cid), "%" PRId64, plan.case_id);
	params[0] = cid;
	params[1] = *created ? "false" : "true";
	params[2] = given(in->account_id) ? in->account_id : NULL;
	return hl_db_fetch_json(ctx->db, SQL_POSTED, 3, params, out, err);
}

/* ---- reading ---- */

/*
 * $1 source, $2 numbers (a JSON array) or NULL, $3 service codes or
 * NULL, $4 start or NULL, $5 end or NULL, $6 statuses or NULL: the
 * requests, and whether the span asked for is wider than 90 days.
 */
static const char SQL_REQUESTS[] =
    "WITH span AS (SELECT coalesce($4::timestamptz, coalesce($5::timestamptz,"
    "  hl_now()) - interval '90 days') AS a,"
    "  coalesce($5::timestamptz, CASE WHEN $4::timestamptz IS NULL THEN hl_now()"
    "  ELSE least(hl_now(), $4::timestamptz + interval '90 days') END) AS b),"
    " hit AS (SELECT c.id, c.created_at FROM case_intake i"
    "  JOIN cases c ON c.id = i.case_id, span"
    "  WHERE i.source_id = $1::bigint AND CASE WHEN $2::jsonb IS NOT NULL"
    "  THEN c.number IN (SELECT jsonb_array_elements_text($2::jsonb))"
    "  ELSE ($3::jsonb IS NULL OR c.category IN (SELECT"
    "   jsonb_array_elements_text($3::jsonb)))"
    "  AND coalesce(i.received_at, c.created_at) >= span.a"
    "  AND coalesce(i.received_at, c.created_at) < span.b"
    "  AND ($6::jsonb IS NULL OR hl_open311_status(c.status) IN (SELECT"
    "   jsonb_array_elements_text($6::jsonb))) END"
    "  ORDER BY c.created_at DESC, c.id DESC LIMIT 1000)"
    " SELECT (SELECT coalesce(json_agg(hl_open311_request(hit.id, true)"
    "  ORDER BY hit.created_at DESC, hit.id DESC), '[]') FROM hit),"
    " (SELECT b - a > interval '90 days' OR b < a FROM span)";

/* A comma-separated parameter as a JSON array, each value checked by ok
 * (NULL: any) and at most max of them; NULL when absent. */
static const char *
list_param(struct hl_ctx *ctx, const char *name, const char *v, size_t max,
    bool (*ok)(const char *), struct hl_err *err)
{
	struct hl_buf b = { 0 };
	struct hl_jw w;
	const char *p = v;
	const char *s;
	size_t n = 0;

	if (!given(v))
		return NULL;
	hl_jw_init(&w, &b);
	hl_jw_arr_begin(&w);
	while (*p != '\0') {
		size_t len = strcspn(p, ",");
		char *one = hl_arena_strndup(ctx->arena, p, len);

		if (len > 0 &&
		    (++n > max || len > 64 || (ok != NULL && !ok(one)))) {
			hl_err_field(err, name, "“%s”不是可用的值",
			    hl_arena_strndup(ctx->arena, one,
			        hl_utf8_cut(one, len < 64 ? len : 64)));
			break;
		}
		if (len > 0)
			hl_jw_str(&w, one);
		p += len + (p[len] == ',');
	}
	hl_jw_arr_end(&w);
	s = hl_arena_strdup(ctx->arena, hl_buf_cstr(&b));
	hl_buf_release(&b);
	return s;
}

static bool
status_ok(const char *s)
{
	return strcmp(s, "open") == 0 || strcmp(s, "closed") == 0;
}

static bool
code_ok(const char *s)
{
	return hl_case_category_label(s) != NULL;
}

int
hl_open311_requests_json(struct hl_ctx *ctx, const struct hl_open311_filter *f,
    struct hl_buf *out, struct hl_err *err)
{
	struct hl_intake_source src;
	char sid[24];
	const char *params[6];
	struct hl_db_res *r;

	if (given(f->start_date))
		hl_valid_datetime("start_date", f->start_date, err);
	if (given(f->end_date))
		hl_valid_datetime("end_date", f->end_date, err);
	params[1] = list_param(ctx, "service_request_id", f->service_request_id,
	    MAX_IDS, NULL, err);
	params[2] =
	    list_param(ctx, "service_code", f->service_code, 10, code_ok, err);
	params[5] = list_param(ctx, "status", f->status, 2, status_ok, err);
	if (hl_err_is_set(err) ||
	    hl_intake_source_of_caller(ctx, &src, err) == -1)
		return -1;
	snprintf(sid, sizeof(sid), "%" PRId64, src.id);
	params[0] = sid;
	params[3] = given(f->start_date) ? f->start_date : NULL;
	params[4] = given(f->end_date) ? f->end_date : NULL;
	r = hl_db_exec(ctx->db, SQL_REQUESTS, 6, params, err);
	if (r == NULL)
		return -1;
	if (hl_db_get_bool(r, 0, 1)) {
		hl_db_res_free(r);
		hl_err_set(err, 422, "validation_failed",
		    "start_date 与 end_date 之间不能超过 90 天");
		return hl_err_field(err, "end_date",
		    "应晚于 start_date，且相差不超过 90 天");
	}
	hl_db_append_json(out, r, 0, 0);
	hl_db_res_free(r);
	return 0;
}

/* $1 source, $2 case number. */
static const char SQL_REQUEST[] =
    "SELECT json_build_array(hl_open311_request(c.id, true))"
    " FROM cases c JOIN case_intake i ON i.case_id = c.id"
    " WHERE c.number = $2 AND i.source_id = $1::bigint";

int
hl_open311_request_json(struct hl_ctx *ctx, const char *id, struct hl_buf *out,
    struct hl_err *err)
{
	struct hl_intake_source src;
	char sid[24];
	const char *params[2] = { sid, id };

	if (hl_intake_source_of_caller(ctx, &src, err) == -1)
		return -1;
	snprintf(sid, sizeof(sid), "%" PRId64, src.id);
	if (hl_db_fetch_json(ctx->db, SQL_REQUEST, 2, params, out, err) == -1) {
		if (err->status == 404)
			hl_err_set(err, 404, "not_found",
			    "没有编号为 %s 的诉求", id);
		return -1;
	}
	return 0;
}
