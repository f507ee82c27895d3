/*
 * Cases (诉求): intake, the lifecycle of PRODUCT.md §4 (decided by
 * case_fsm.c, written here with its timeline, audit and outbox rows in one
 * transaction), notes, attachments, routing to the chain's four ones and
 * the case as JSON.  Lists, exports and the escalation board are in
 * case_list.c; the deadline job in case_job.c.
 *
 * Every function takes the caller in ctx and is scoped in SQL: a case the
 * caller may not see is 404 not_found, exactly like a missing one.
 */
#ifndef HL_CASE_H
#define HL_CASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hl_buf;
struct hl_ctx;
struct hl_err;

/* The categories in the API's order, NULL-terminated. */
extern const char *const hl_case_categories[];
/* The Chinese label of a category ("融资"), NULL for an unknown one. */
const char *hl_case_category_label(const char *category);
/* The Chinese label of a channel ("企业端"), NULL for an unknown one. */
const char *hl_case_channel_label(const char *channel);

/*
 * Scoping of cases as a WHERE fragment over "cases c", shared by case.c
 * and case_list.c: $1 the caller's role name, $2 user id, $3 enterprise id
 * (0 unless the enterprise role), as hl_case_scope_params() fills them.
 */
#define HL_CASE_SQL_SCOPE                                                      \
	"($1 = 'admin'"                                                        \
	" OR ($1 = 'enterprise' AND c.enterprise_id = $3::bigint)"             \
	" OR ($1 = 'commissioner' AND c.enterprise_id IN (SELECT"              \
	"  sa.enterprise_id FROM assignments sa"                               \
	"  WHERE sa.commissioner_id = $2::bigint))"                            \
	" OR ($1 = 'responder' AND c.assignee_user_id = $2::bigint)"           \
	" OR ($1 = 'committee' AND c.chain_id IN (SELECT suc.chain_id"         \
	"  FROM user_chains suc WHERE suc.user_id = $2::bigint)))"

/* Open and past its deadline now; false without a deadline. */
#define HL_CASE_SQL_OVERDUE                                                    \
	"coalesce(c.status IN ('accepted', 'assigned', 'in_progress')"         \
	" AND c.due_at < hl_now(), false)"

/* Working days from today to the deadline (0 on the day, negative once
 * overdue) for open cases with a deadline, else NULL. */
#define HL_CASE_SQL_WORKDAYS_LEFT                                              \
	"CASE WHEN c.status IN ('accepted', 'assigned', 'in_progress')"        \
	" THEN hl_workdays_between(hl_today(), c.due_on) END"

/* The escalation of case c: {"reason","at","automatic","by":{"id","name"}}
 * (automatic: escalated by the deadline job, "by" null), or NULL. */
#define HL_CASE_SQL_ESCALATION                                                 \
	"CASE WHEN NOT c.escalated THEN NULL"                                  \
	" ELSE json_build_object('reason', c.escalated_reason,"                \
	" 'at', c.escalated_at, 'automatic', c.escalated_by IS NULL,"          \
	" 'by', (SELECT json_build_object('id', eb.id, 'name', eb.name)"       \
	"  FROM users eb WHERE eb.id = c.escalated_by)) END"

/* The scope parameters $1..$3 for ctx, written to params[0..3); uid and
 * ent are the caller's buffers that params point into. */
void hl_case_scope_params(const struct hl_ctx *ctx, char uid[24], char ent[24],
    const char *params[3]);

/*
 * What a list needs to plan the caller's scope rather than leave it to a
 * subquery (with a million cases PostgreSQL then walked whole indexes for
 * a scope of a few hundred): a commissioner's assigned enterprises, a
 * committee member's chains, as an array literal "{1,2}" in ctx's arena
 * into *ids; "{}" for the other roles (and for none assigned).  0, or -1
 * with err set.
 */
int hl_case_scope_ids(struct hl_ctx *ctx, const char **ids, struct hl_err *err);

/* POST /cases.  Strings borrowed; NULL when absent. */
struct hl_case_new {
	const char *category;
	const char *title;       /* 1..100 characters */
	const char *description; /* 1..5000 characters */
	const char *channel;     /* portal | phone | visit | event */
	const char *chain_code;  /* one of the enterprise's chains */
	int64_t enterprise_id;
	bool enterprise_id_given;
};

/*
 * Create a case as ctx, with its first timeline row (kind transition,
 * action create), an audit row and a case.created outbox event, in one
 * transaction; append the new case's JSON (as hl_case_get_json()) to out.
 * An enterprise user files for its own enterprise (sending enterprise_id
 * is 422) on the portal channel; a commissioner files for an enterprise
 * assigned to them, an admin for any (enterprise_id required; not
 * assigned or not there: 422 on enterprise_id), on phone (default), visit
 * or event.  The chain is
 * chain_code when given (it must be one of the enterprise's: else 422),
 * else the enterprise's primary chain, else its first by sort order.  The
 * number HL-<year>-<6 digits> comes from case_counters in the same
 * transaction: gap-free, no duplicates under concurrency.
 */
int hl_case_create(struct hl_ctx *ctx, const struct hl_case_new *in,
    struct hl_buf *out, struct hl_err *err);

/* Most problems one visit or one session records in one request: more
 * is 422 on "problems", telling the caller to split it. */
#define HL_CASE_PROBLEMS_MAX 50

/*
 * A problem found at a visit or raised at a policy session, to become a
 * case.  Strings borrowed.  enterprise_id is the session's enterprise
 * that raised it; a visit's problems leave it 0 (the visit's enterprise).
 */
struct hl_case_problem {
	int64_t enterprise_id;
	const char *category;
	const char *title;       /* 1..100 characters */
	const char *description; /* 1..5000 characters */
};

/*
 * Check problems[0..n) with the rules of hl_case_create(), adding every
 * fault to err under "problems[i].category", "problems[i].title",
 * "problems[i].description" (and "problems[i].enterprise_id" when
 * with_enterprise and it is not positive).  More than
 * HL_CASE_PROBLEMS_MAX is one message on "problems" naming occasion
 * ("走访", "活动") and nothing else is looked at.
 */
void hl_case_problems_check(const struct hl_case_problem *p, size_t n,
    const char *occasion, bool with_enterprise, struct hl_err *err);

/* Append problems[0..n) as the JSON array hl_case_create_many() takes:
 * [{"enterprise_id"|null,"category","title","description"}], with the
 * enterprise ids only when with_enterprise (else null: the default). */
void hl_case_problems_json(const struct hl_case_problem *p, size_t n,
    bool with_enterprise, struct hl_buf *out);

/* Where the cases of hl_case_create_many() come from. */
struct hl_case_many {
	const char *channel;       /* "visit" or "event" */
	int64_t visit_id;          /* the link: visit_id or event_id, */
	int64_t event_id;          /* the other 0 */
	int64_t enterprise_id;     /* for problems without one */
	int64_t chain_id;          /* preferred chain, 0: none */
	const char *problems_json; /* hl_case_problems_json() */
};

/*
 * The problems of a visit or a session as cases, in one statement on
 * ctx->db (so inside the caller's transaction), as ctx: the cases
 * (status submitted, numbered in problem order), their timeline "create"
 * rows (data: the link), one audit row each and the case.created
 * notifications (webhooks and in-app messages), as hl_case_create() sends
 * them.  A case's chain is
 * m->chain_id when its enterprise is on that chain, else the enterprise's
 * primary chain, else its first.  Checks are the caller's
 * (hl_case_problems_check(), and that each enterprise is on a chain).
 * When out is not NULL, appends the new cases as a JSON array in order:
 * [{"id","number","status","title","category","enterprise_id",
 * "enterprise_name","chain_code"}].  Returns 0 or -1.
 */
int hl_case_create_many(struct hl_ctx *ctx, const struct hl_case_many *m,
    struct hl_buf *out, struct hl_err *err);

/*
 * Append the case id as seen by ctx (the OpenAPI schema Case): every
 * column the API shows, with "enterprise_id", "enterprise_name",
 * "chain_code", "chain_name", "assignee", "overdue", "workdays_left",
 * "escalation", "timeline" (internal rows only for staff; a row's
 * "assignee", "rating" and "attachment" from its data), "attachments"
 * (metadata; internal ones only for staff) and "allowed_actions" (what
 * case_fsm allows this caller now).  404 when ctx may not see it.
 */
int hl_case_get_json(struct hl_ctx *ctx, int64_t id, struct hl_buf *out,
    struct hl_err *err);

/* POST /cases/{id}/transitions.  Strings borrowed; NULL when absent. */
struct hl_case_transition {
	const char *action;
	const char *note;       /* any action: the timeline row's text */
	const char *reason;     /* reject, reopen (required); escalate */
	const char *resolution; /* resolve (required; note is used if absent) */
	const char *comment;    /* confirm */
	int64_t assignee_id;    /* assign; 0: the suggested responder */
	int64_t rating;         /* confirm: 1..5 */
	/* confirm over open meeting action items, by a committee member in
	 * charge or an admin (action.h's close guard); no rating then */
	const char *override_reason;
};

/*
 * Take an action on case id: lock the row (FOR UPDATE), ask case_fsm,
 * write the change, its timeline row, its audit row and its outbox events
 * in one transaction, and append the case JSON after the change.  Errors,
 * in this order: 404 when ctx may not see the case; 422 for a missing or
 * unknown action; 403 or 409 invalid_transition as hl_case_fsm_decide()
 * says (nothing changes); 422 per field for missing input.  assign without
 * assignee_id takes the chain's default responder (hl_case_suggested_json());
 * the assignee must be an enabled responder, or an enabled commissioner,
 * committee member or admin who can see the case; an enterprise user never (422
 * on assignee_id).  confirm first asks action.c's close guard: an open
 * meeting action item on the case answers 409 open_action, unless a committee
 * member in charge (or an admin) closes it with an override_reason.  Reopening
 * keeps the deadline: due_at is when the enterprise was promised an answer, and
 * a reopened case past it is overdue; the previous resolution stays in the
 * timeline.
 */
int hl_case_transition(struct hl_ctx *ctx, int64_t id,
    const struct hl_case_transition *in, struct hl_buf *out,
    struct hl_err *err);

/*
 * Add a note (1..5000 characters) to the timeline of case id, internal
 * (staff only) or not, with an audit row; append the note as JSON
 * {"id","body","internal","author","created_at"}.  404 as usual,
 * before the body is looked at.
 */
int hl_case_add_note(struct hl_ctx *ctx, int64_t id, const char *body,
    bool internal, struct hl_buf *out, struct hl_err *err);

/*
 * Append {"user":{…}|null,"reason":"…"|null,"candidates":[{…}]}: the
 * responder routing offers for the case's category
 * (hl_case_default_responder() in SQL: the chain's routing rule for the
 * category when it has one (routing.h), else the chain's four ones:
 * financing the lead bank's account manager, legal a lawyer of the legal
 * team, technology and talent an expert of the panel, policy and
 * approvals the policy pack's contact desk; the least busy first), why,
 * in Chinese, and every enabled responder of the case's chain for the
 * assigner to choose from; users as HL_USER_SQL_FIELDS.  For "other"
 * without a rule nobody is offered: the assigner chooses.  404 as usual.
 */
int hl_case_suggested_json(struct hl_ctx *ctx, int64_t id, struct hl_buf *out,
    struct hl_err *err);

/* An uploaded file; all borrowed. */
struct hl_case_upload {
	const char *file_name; /* as the client sent it; sanitised here */
	size_t file_name_len;
	const void *data;
	size_t len;
	bool internal; /* staff only: hidden from the enterprise */
};

/*
 * Store an attachment of case id with its timeline row and audit row:
 * the type from the content (attachment.h; anything else 415
 * unsupported_media_type), an empty file 422, a safe name, sha256.  Only
 * staff may mark it internal (422 otherwise).  Closed and rejected cases
 * take no more files (409 conflict).  The file is looked at only once the
 * case is known to be visible (404 first).  Appends the attachment's metadata
 * {"id","file_name","content_type","size_bytes","sha256","internal",
 * "uploaded_at","uploaded_by"}.  404 as usual.
 */
int hl_case_attach(struct hl_ctx *ctx, int64_t id,
    const struct hl_case_upload *u, struct hl_buf *out, struct hl_err *err);

/*
 * The bytes of attachment aid of case id into content, its media type
 * and safe name into *content_type and *file_name (from ctx->arena).  An
 * internal attachment is 404 for the enterprise, like any the caller may
 * not see.
 */
int hl_case_attachment_get(struct hl_ctx *ctx, int64_t id, int64_t aid,
    struct hl_buf *content, const char **content_type, const char **file_name,
    struct hl_err *err);

#endif /* HL_CASE_H */
