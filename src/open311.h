/*
 * Open311 GeoReport v2 (wiki.open311.org/GeoReport_v2) for the systems
 * that send us enterprises' problems: the case categories as services, a
 * service request filed as a work order of the caller's source
 * (intake.c), and the status of the source's requests read back in the
 * spec's shape (sql/0021_intake.sql, hl_open311_request()).  Callers are
 * integration accounts; errors use the spec's statuses and list
 * (http.c, for routes flagged HL_ROUTE_GEOREPORT).
 */
#ifndef HL_OPEN311_H
#define HL_OPEN311_H

#include <stdbool.h>

struct hl_buf;
struct hl_ctx;
struct hl_err;

/* Append GET services.json: [{"service_code","service_name",
 * "description","metadata":true,"type":"realtime","keywords","group"}]. */
int hl_open311_services_json(struct hl_ctx *ctx, struct hl_buf *out,
    struct hl_err *err);

/*
 * Append GET services/{code}.json: {"service_code","attributes":[{
 * "variable","code","datatype","required","datatype_description",
 * "order","description","values"?}]}: the attributes a request takes
 * (credit_code, source_id, enterprise_name, title, chain with the
 * caller's chains, district, channel).  404 for an unknown code.
 */
int hl_open311_service_json(struct hl_ctx *ctx, const char *code,
    struct hl_buf *out, struct hl_err *err);

/* POST requests.json, its form fields as sent (NULL when absent). */
struct hl_open311_new {
	const char *service_code;
	const char *description;
	const char *address_string;
	const char *address_id;
	const char *lat;
	const char *lon;
	const char *media_url;
	const char *email;
	const char *first_name;
	const char *last_name;
	const char *phone;
	const char *device_id;
	const char *account_id;
	/* attribute[...] */
	const char *credit_code;
	const char *source_id; /* the source's work-order number */
	const char *enterprise_name;
	const char *title;
	const char *chain;
	const char *district;
	const char *channel;
};

/*
 * File a service request as ctx's source's work order and append the
 * spec's answer [{"service_request_id","service_notice","account_id"}],
 * the case number as the id.  *created is false for a replay (its
 * number was filed before: that case's answer, nothing new).  Errors, each
 * field named as the spec names it ("attribute[credit_code]"): 422 for
 * missing or malformed fields (service_code, description, a location:
 * address_string, lat and long, or address_id), 404 for an unknown
 * service_code, 403 when ctx is bound to no source or the chain is not
 * one of its own, and intake.c's faults.  Nothing is written on error.
 */
int hl_open311_request_create(struct hl_ctx *ctx,
    const struct hl_open311_new *in, bool *created, struct hl_buf *out,
    struct hl_err *err);

/* GET requests.json's parameters, as sent (NULL when absent). */
struct hl_open311_filter {
	const char *service_request_id; /* comma-separated; overrides all */
	const char *service_code;       /* comma-separated */
	const char *start_date;         /* w3 datetime */
	const char *end_date;
	const char *status; /* "open", "closed", comma-separated */
};

/*
 * Append the requests of ctx's source (GET requests.json), newest first,
 * at most 1000: those named, or those of the codes and statuses asked
 * for whose requested_datetime is in [start_date, end_date) (the last 90
 * days by default; a wider span is 422).  Each as
 * hl_open311_request_json() gives it.
 */
int hl_open311_requests_json(struct hl_ctx *ctx,
    const struct hl_open311_filter *f, struct hl_buf *out, struct hl_err *err);

/*
 * Append GET requests/{id}.json for the case numbered id: a one-element
 * array of {"service_request_id","status","status_notes","service_name",
 * "service_code","description","agency_responsible","service_notice",
 * "requested_datetime","updated_datetime","expected_datetime","address",
 * "address_id","zipcode","lat","long","media_url"}.  404 unless ctx's
 * source filed it.
 */
int hl_open311_request_json(struct hl_ctx *ctx, const char *id,
    struct hl_buf *out, struct hl_err *err);

#endif /* HL_OPEN311_H */
