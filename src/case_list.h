/*
 * Case lists: the scoped, filtered, keyset-paged list, its counts for
 * dashboards, its CSV and Excel exports, and a chain's escalation board
 * (书记突破项目).  One statement
 * per answer; the filters are parameters of fixed SQL, the sort orders a
 * fixed pair of statements.
 */
#ifndef HL_CASE_LIST_H
#define HL_CASE_LIST_H

#include <stdint.h>

struct hl_buf;
struct hl_ctx;
struct hl_err;
struct hl_export_stream;

/* Rows an Excel export may hold (a CSV export has no limit: it streams). */
#define HL_CASE_EXPORT_XLSX_MAX 200000

/*
 * The list's filters, decoded from the query string by case_api.c
 * (borrowed; NULL or 0 when absent).  The rest is checked by
 * hl_case_list_json() and hl_case_export().
 */
struct hl_case_filter {
	const char *status;    /* comma list of statuses */
	const char *chain;     /* chain code */
	const char *category;  /* one category */
	int64_t assignee;      /* user id */
	int64_t enterprise;    /* enterprise id */
	const char *overdue;   /* "true" | "false" */
	const char *escalated; /* "true" | "false" */
	const char *from;      /* YYYY-MM-DD: created on or after (Zibo time) */
	const char *to;        /* YYYY-MM-DD: created on or before */
	const char *q;         /* text in the title or description */
	const char *sort;      /* "-created_at" (default) | "due_at" */
	const char *cursor;    /* next_cursor of the previous page */
	int64_t limit;         /* 1..200; 0: 50 */
};

/*
 * Append {"items":[…],"next_cursor":"…"|null} for the cases ctx may see
 * that match f, newest first, or by deadline (soonest first, cases without
 * one last) for sort=due_at.  Each item (the OpenAPI schema CaseSummary):
 * "id","number","enterprise_id","enterprise_name","chain_code",
 * "chain_name","category","title","status","channel",
 * "assignee":{"id","name"}|null,"created_at","accepted_at","due_on",
 * "due_at","overdue","workdays_left","escalated","escalation","updated_at".
 * A bad parameter (unknown status or category, limit outside 1..200, a
 * cursor that is not ours or from another sort) is 400 bad_request naming
 * it in "fields".
 */
int hl_case_list_json(struct hl_ctx *ctx, const struct hl_case_filter *f,
    struct hl_buf *out, struct hl_err *err);

/*
 * Append {"total","open","overdue","escalated","by_status":{…},
 * "by_category":{…},"by_chain":[{"chain_code","chain_name","open",
 * "overdue"}]}: counts of the cases ctx may see that match f (sort, cursor
 * and limit ignored).  open: not rejected or closed; by_status and
 * by_category name only what occurs.  Bad filters as in the list.
 */
int hl_case_stats_json(struct hl_ctx *ctx, const struct hl_case_filter *f,
    struct hl_buf *out, struct hl_err *err);

enum hl_case_export_format {
	HL_CASE_EXPORT_CSV = 1,
	HL_CASE_EXPORT_XLSX,
};

/*
 * The cases matching f (cursor and limit ignored) as a CSV or .xlsx file
 * in f's order, with Chinese column titles and labels, as a stream for
 * hl_http_reply_export(), into *out.  The rows are read through a cursor
 * on a connection of their own (the replica when there is one: see
 * hl_db_open_reader()).  CSV is made while it is sent, so it has no size
 * limit; a workbook is written whole first (a zip is finished last), and
 * more than HL_CASE_EXPORT_XLSX_MAX rows is 422 too_many_rows (narrow the
 * filters or take CSV).  Bad filters as in the list; 503 when all stream
 * connections are busy.
 */
int hl_case_export(struct hl_ctx *ctx, const struct hl_case_filter *f,
    enum hl_case_export_format fmt, struct hl_export_stream **out,
    struct hl_err *err);

/*
 * Append {"chain":{"code","name"},"items":[…]}: the open escalated cases of
 * chain code, longest escalated first (items as in the list).  For the
 * chain's committee members and admins; anyone else, and an unknown code,
 * gets 404.
 */
int hl_case_escalations_json(struct hl_ctx *ctx, const char *code,
    struct hl_buf *out, struct hl_err *err);

#endif /* HL_CASE_LIST_H */
