/*
 * "解链" research visits: one-on-one visits to a chain enterprise across
 * five levels (产业、企业、项目、技术、人才).  Recording a visit turns each
 * problem found into a case (channel visit, linked by cases.visit_id) in
 * the visit's own transaction; edits keep their history in the audit log.
 * Lists and exports are here too; coverage and workload are coverage.c's.
 *
 * Every function takes the caller in ctx and is scoped in SQL: a visit the
 * caller may not see is 404 not_found, exactly like a missing one.
 */
#ifndef HL_VISIT_H
#define HL_VISIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "case.h"
#include "json.h"

struct hl_ctx;
struct hl_db_res;
struct hl_err;
struct hl_export_stream;

/* Most visitors of one visit (the visitors column's CHECK). */
#define HL_VISIT_VISITORS_MAX 50
/* Longest finding per level, and summary, in characters (the CHECKs). */
#define HL_VISIT_TEXT_MAX 10000
/* Longest visitor name in characters. */
#define HL_VISIT_NAME_MAX 40
/* Rows an Excel export may hold (a CSV export has no limit: it streams). */
#define HL_VISIT_EXPORT_XLSX_MAX 200000

/* The five levels in the API's order, NULL-terminated. */
extern const char *const hl_visit_levels[];
#define HL_VISIT_N_LEVELS 5
/* The Chinese label of a level ("产业"), NULL for an unknown one. */
const char *hl_visit_level_label(const char *level);
/* Append the labels of a comma-separated list of levels to out, joined
 * by "、" (unknown codes as they are): for exports. */
void hl_visit_levels_labels(const char *codes, struct hl_buf *out);

/*
 * The row source (an hl_export_row_fn, arg a struct hl_visit_rows) of the
 * visit and coverage exports: r's first n_cols columns in order, with
 * column levels_col (comma-separated level codes) shown as
 * hl_visit_levels_labels().  Start with next 0 and labels zeroed; the
 * caller owns r and releases labels with hl_buf_release().
 */
struct hl_visit_rows {
	const struct hl_db_res *r;
	size_t n_cols;
	size_t levels_col;
	int next;
	struct hl_buf labels; /* the current row's level labels */
};
int hl_visit_rows_next(void *arg, const char **cells, struct hl_err *err);

/*
 * The visits ctx may see, as a WHERE fragment over "visits v" with $1 the
 * caller's role name, $2 user id, $3 enterprise id (the layout of
 * hl_case_scope_params()): admins all; commissioners the visits to their
 * assigned enterprises and those they recorded or joined; committee
 * members visits made for their chains or to enterprises on them; an
 * enterprise the visits to itself; responders none.
 */
#define HL_VISIT_SQL_SCOPE                                                     \
	"($1 = 'admin'"                                                        \
	" OR ($1 = 'enterprise' AND v.enterprise_id = $3::bigint)"             \
	" OR ($1 = 'commissioner' AND (v.recorded_by = $2::bigint"             \
	"  OR v.enterprise_id IN (SELECT sa.enterprise_id FROM assignments sa" \
	"   WHERE sa.commissioner_id = $2::bigint)"                            \
	"  OR EXISTS (SELECT 1 FROM visit_visitors svv"                        \
	"   WHERE svv.visit_id = v.id AND svv.user_id = $2::bigint)))"         \
	" OR ($1 = 'committee' AND (v.chain_id IN (SELECT suc.chain_id"        \
	"  FROM user_chains suc WHERE suc.user_id = $2::bigint)"               \
	"  OR v.enterprise_id IN (SELECT sec.enterprise_id"                    \
	"   FROM enterprise_chains sec JOIN user_chains suc2"                  \
	"   ON suc2.chain_id = sec.chain_id"                                   \
	"   WHERE suc2.user_id = $2::bigint))))"

/*
 * The enterprises staff may see, over "enterprises e", same parameters:
 * admins all, commissioners their assigned ones, committee members those
 * on their chains; nobody else any (coverage and workload are staff's).
 * $3 is only typed, so that a statement scoped by this alone prepares.
 */
#define HL_VISIT_SQL_ENTERPRISE_SCOPE                                          \
	"(($1 = 'admin'"                                                       \
	" OR ($1 = 'commissioner' AND e.id IN (SELECT sa.enterprise_id"        \
	"  FROM assignments sa WHERE sa.commissioner_id = $2::bigint))"        \
	" OR ($1 = 'committee' AND e.id IN (SELECT sec.enterprise_id"          \
	"  FROM enterprise_chains sec JOIN user_chains suc"                    \
	"  ON suc.chain_id = sec.chain_id WHERE suc.user_id = $2::bigint)))"   \
	" AND $3::bigint IS NOT NULL)"

/* One visitor: a user (user_id > 0) or a name as typed, not both. */
struct hl_visit_visitor {
	int64_t user_id;
	const char *name;
};

struct hl_visit_finding {
	const char *level;
	const char *text; /* NULL: the value was not a string */
};

/* Members a change may carry, the index into present[]. */
enum hl_visit_field {
	HL_VISIT_VISITED_ON,
	HL_VISIT_LEVELS,
	HL_VISIT_FINDINGS,
	HL_VISIT_VISITORS,
	HL_VISIT_SUMMARY,
	HL_VISIT_N_FIELDS,
};

/*
 * A visit to record, or the members of a change (present[] says which
 * were sent).  Decoded by visit_api.c; everything borrowed (request
 * arena).  enterprise_id, chain_code and problems belong to creation.
 * A count past its maximum (n_visitors, n_problems) may come with a NULL
 * array: the count alone is refused, the elements never read.
 */
struct hl_visit_in {
	int64_t enterprise_id;
	const char *chain_code; /* NULL: the enterprise's primary chain */
	const char *visited_on; /* YYYY-MM-DD */
	struct hl_json_strv levels;
	const struct hl_visit_finding *findings;
	size_t n_findings;
	const struct hl_visit_visitor *visitors;
	size_t n_visitors;
	const struct hl_case_problem *problems; /* enterprise_id unused */
	size_t n_problems;
	const char *summary;
	bool present[HL_VISIT_N_FIELDS];
};

/*
 * Record a visit as ctx and append it as hl_visit_get_json() does.  One
 * transaction holds the visit, its visitor rows, one case per problem
 * (status submitted, channel visit, the visit's chain; inserted by one
 * statement, with their timeline "create" rows, audit rows and
 * case.created outbox events), and the visit's audit row: a failure
 * anywhere leaves nothing.  The chain is chain_code when given (one of
 * the enterprise's, and for a committee member one of theirs), else the
 * enterprise's primary chain, else its first.  Errors: 422 with a
 * message per field, all at once (levels empty, unknown or repeated;
 * findings for a level not covered; visited_on missing, before
 * 2020-01-01 or after today by hl_today(); visitors that are not enabled
 * staff users, or repeated; more than HL_CASE_PROBLEMS_MAX problems;
 * bad problems, named "problems[i].title" ...); 404 when ctx may not
 * record visits for the enterprise (a commissioner: not assigned; a
 * committee member: not on their chains); 403 for other roles.
 */
int hl_visit_create(struct hl_ctx *ctx, const struct hl_visit_in *in,
    struct hl_buf *out, struct hl_err *err);

/*
 * Append visit id as ctx sees it (the OpenAPI schema Visit): {"id",
 * "enterprise":{"id","name"},"chain":{"code","name"},"visited_on",
 * "levels","findings","summary","visitors":[{"user_id"|null,"name"}],
 * "recorded_by":{"id","name"}|null,
 * "cases":[{"id","number","status","title","category","overdue"}],
 * "n_cases","can_edit","created_at","updated_at"}.  Enterprise users get
 * "findings" and "summary" null (staff notes) and only their own
 * enterprise's visits; "cases" lists the linked cases ctx may see.
 */
int hl_visit_get_json(struct hl_ctx *ctx, int64_t id, struct hl_buf *out,
    struct hl_err *err);

/*
 * Change the members present in in (visited_on, levels, findings,
 * visitors: the whole set, summary) of visit id; the merged visit is
 * checked as a new one (a finding for a level no longer covered is 422 on
 * findings).  The recorder, committee members who may see the visit and
 * admins may change it; others who may see it get 403, the rest 404.
 * Writes an audit row "visit.update" with the whole visit before and
 * after.  Appends the visit as hl_visit_get_json() does.
 */
int hl_visit_update(struct hl_ctx *ctx, int64_t id,
    const struct hl_visit_in *in, struct hl_buf *out, struct hl_err *err);

/* Filters of the list and the export; NULL or 0 when not given. */
struct hl_visit_filter {
	int64_t enterprise;
	const char *chain;    /* chain code: visits made for that chain */
	int64_t commissioner; /* recorded_by */
	const char *level;    /* visits covering this level */
	const char *from;     /* YYYY-MM-DD: visited on or after */
	const char *to;       /* YYYY-MM-DD: visited on or before */
	const char *cursor;   /* next_cursor of the previous page */
	int64_t limit;        /* 1..200; 0: 50 */
};

/*
 * Append {"items":[…],"next_cursor":"…"|null}: the visits ctx may see
 * matching f, latest visit date first (then newest id), items shaped as
 * in hl_visit_get_json() without "cases" and "can_edit".  A bad parameter
 * (unknown level, from after to, a cursor that is not ours, limit outside
 * 1..200) is 400 bad_request naming it in "fields".
 */
int hl_visit_list_json(struct hl_ctx *ctx, const struct hl_visit_filter *f,
    struct hl_buf *out, struct hl_err *err);

enum hl_visit_export_format {
	HL_VISIT_EXPORT_CSV = 1,
	HL_VISIT_EXPORT_XLSX,
};

/*
 * The visits matching f (cursor and limit ignored) as a CSV or .xlsx file
 * in the list's order, with Chinese titles and labels, one column per
 * level's findings and the numbers of the linked cases, as a stream for
 * hl_http_reply_export() into *out: as hl_case_export() (a cursor on a
 * connection of its own; CSV unlimited, a workbook up to
 * HL_VISIT_EXPORT_XLSX_MAX rows, else 422 too_many_rows).  Enterprise
 * users never reach it (the route is staff's); their findings stay hidden.
 */
int hl_visit_export(struct hl_ctx *ctx, const struct hl_visit_filter *f,
    enum hl_visit_export_format fmt, struct hl_export_stream **out,
    struct hl_err *err);

#endif /* HL_VISIT_H */
