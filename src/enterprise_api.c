/*
 * Enterprise handlers: decode, call one enterprise.c function, reply.
 * Members a role may not set are decoded like the others and refused by
 * enterprise.c with the member named, never dropped silently.
 */
#include "enterprise_api.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "enterprise.h"
#include "err.h"
#include "http.h"
#include "idem.h"
#include "json.h"
#include "mem.h"
#include "qparam.h"
#include "router.h"

int
hl_enterprise_api_list(struct hl_req *req)
{
	struct hl_enterprise_filter f = { 0 };
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	bool key = false;
	bool key_given = false;
	bool verified = false;
	bool verified_given = false;

	if (hl_qparam_text(req, "chain", 64, &f.chain, &err) == -1 ||
	    hl_qparam_text(req, "district", 20, &f.district, &err) == -1 ||
	    hl_qparam_text(req, "tag", 30, &f.tag, &err) == -1 ||
	    hl_qparam_text(req, "q", 100, &f.q, &err) == -1 ||
	    hl_qparam_bool(req, "key", &key, &key_given, &err) == -1 ||
	    hl_qparam_bool(req, "verified", &verified, &verified_given, &err) ==
	        -1 ||
	    hl_qparam_id(req, "commissioner", &f.commissioner_id, &err) == -1 ||
	    hl_qparam_paging(req, &f.limit, &f.cursor, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	if (key_given)
		f.key = key ? "true" : "false";
	if (verified_given)
		f.verified = verified ? "true" : "false";
	if (hl_enterprise_list_json(&req->ctx, &f, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

int
hl_enterprise_api_get(struct hl_req *req)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == -1 ||
	    hl_enterprise_get_json(&req->ctx, id, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

/* Contact i: its members' errors are reported as "contacts[i].name". */
static int
decode_contact(struct hl_req *req, const struct hl_json *j, size_t i,
    struct hl_enterprise_contact *k, struct hl_err *err)
{
	const struct hl_json_field fields[] = {
		{ "name", HL_JSON_STRING, true, false, 40, &k->name, NULL },
		{ "title", HL_JSON_STRING, false, true, 100, &k->title, NULL },
		{ "phone", HL_JSON_STRING, false, true, 40, &k->phone, NULL },
		{ "email", HL_JSON_STRING, false, true, 254, &k->email, NULL },
		{ "is_primary", HL_JSON_BOOL, false, false, 0, &k->is_primary,
		    NULL },
	};
	struct hl_err e = { 0 };
	int n;

	if (hl_json_decode(j, fields, sizeof(fields) / sizeof(fields[0]),
	        &req->arena, &e) == 0)
		return 0;
	if (e.n_fields == 0)
		return hl_err_field(err, "contacts", "第 %zu 项应为对象",
		    i + 1);
	for (n = 0; n < e.n_fields; n++) {
		char name[128];

		snprintf(name, sizeof(name), "contacts[%zu].%s", i,
		    e.fields[n].name);
		hl_err_field(err, name, "%s", e.fields[n].msg);
	}
	return -1;
}

/* The body of a registration or a change: which members are required is
 * enterprise.c's business, so that both report the same way. */
static int
decode(struct hl_req *req, struct hl_enterprise_in *in, struct hl_err *err)
{
	const struct hl_json *contacts = NULL;
	const struct hl_json_field fields[] = {
		{ "name", HL_JSON_STRING, false, false, 200, &in->name,
		    &in->has_name },
		{ "credit_code", HL_JSON_STRING, false, false, 64,
		    &in->credit_code, &in->has_credit_code },
		{ "chain_codes", HL_JSON_STR_ARRAY, false, false, 64,
		    &in->chain_codes, &in->has_chain_codes },
		{ "district", HL_JSON_STRING, false, false, 20, &in->district,
		    &in->has_district },
		{ "size_class", HL_JSON_STRING, false, false, 16,
		    &in->size_class, &in->has_size_class },
		{ "tags", HL_JSON_STR_ARRAY, false, false, 30, &in->tags,
		    &in->has_tags },
		{ "key_enterprise", HL_JSON_BOOL, false, false, 0,
		    &in->key_enterprise, &in->has_key_enterprise },
		{ "party_org_status", HL_JSON_STRING, false, false, 16,
		    &in->party_org_status, &in->has_party_org_status },
		{ "address", HL_JSON_STRING, false, false, 200, &in->address,
		    &in->has_address },
		{ "main_products", HL_JSON_STRING, false, false, 1000,
		    &in->main_products, &in->has_main_products },
		{ "employee_count", HL_JSON_INT, false, false, 0,
		    &in->employee_count, &in->has_employee_count },
		{ "note", HL_JSON_STRING, false, false, 4000, &in->note,
		    &in->has_note },
		{ "contacts", HL_JSON_ARRAY, false, false,
		    HL_ENTERPRISE_MAX_CONTACTS, &contacts, &in->has_contacts },
		{ "verified", HL_JSON_BOOL, false, false, 0, &in->verified,
		    &in->has_verified },
	};
	struct hl_enterprise_contact *k = NULL;
	struct hl_json *j;
	size_t i;
	size_t n;
	int rc;

	memset(in, 0, sizeof(*in));
	j = hl_json_parse(req->body.p, req->body.len, err);
	if (j == NULL)
		return -1;
	rc = hl_json_decode(j, fields, sizeof(fields) / sizeof(fields[0]),
	    &req->arena, err);
	n = contacts != NULL ? hl_json_array_size(contacts) : 0;
	if (n > 0)
		k = hl_arena_alloc(&req->arena, n * sizeof(*k));
	for (i = 0; rc == 0 && i < n; i++)
		decode_contact(req, hl_json_array_get(contacts, i), i, &k[i],
		    err);
	hl_json_free(j);
	in->contacts = k;
	in->n_contacts = n;
	return hl_err_is_set(err) ? -1 : 0;
}

static int
create(struct hl_ctx *ctx, void *arg, struct hl_buf *out, struct hl_err *err)
{
	return hl_enterprise_create(ctx, arg, out, err);
}

int
hl_enterprise_api_create(struct hl_req *req)
{
	struct hl_enterprise_in in;
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int status = 201;

	if (decode(req, &in, &err) == -1 ||
	    hl_idem_run(req, create, &in, &status, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, status, &out, NULL);
}

int
hl_enterprise_api_update(struct hl_req *req)
{
	struct hl_enterprise_in in;
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };
	int64_t id;

	if (hl_router_param_i64(req, "id", &id, &err) == -1 ||
	    decode(req, &in, &err) == -1 ||
	    hl_enterprise_update(&req->ctx, id, &in, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

int
hl_enterprise_api_districts(struct hl_req *req)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	if (hl_enterprise_districts_json(&req->ctx, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}

int
hl_enterprise_api_tags(struct hl_req *req)
{
	struct hl_buf out = { 0 };
	struct hl_err err = { 0 };

	if (hl_enterprise_tags_json(&req->ctx, &out, &err) == -1)
		return hl_http_reply_result(req, 0, &out, &err);
	return hl_http_reply_result(req, 200, &out, NULL);
}
