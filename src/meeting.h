/*
 * Chain committee meetings (产业链党委会议): a meeting per chain with its
 * attendees, a status that moves draft -> scheduled -> held ->
 * minutes_approved (or cancelled before it is held), an agenda the server
 * drafts from the chain's escalated and overdue cases and its common
 * problems, Markdown minutes (approved minutes are frozen; later changes
 * are new versions), and decisions whose action items action.c keeps.
 * What other pages read about meetings is meeting_view.c's.
 *
 * Only the chain's committee members and admins see a meeting; for
 * anyone else it does not exist (404).  Every write runs in one
 * transaction with its audit row, its timeline rows on the cases it
 * touches and its notifications.
 */
#ifndef HL_MEETING_H
#define HL_MEETING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "action.h"
#include "common_problem.h"

struct hl_buf;
struct hl_ctx;
struct hl_err;

/* Most attendees, agenda items drafted per kind, decisions' actions. */
#define HL_MEETING_ATTENDEES_MAX 100
#define HL_MEETING_DRAFT_MAX     50
#define HL_MEETING_ACTIONS_MAX   20
/* Longest title, place, agenda item title and notes, decision text, in
 * characters (the columns' CHECKs). */
#define HL_MEETING_TITLE_MAX    200
#define HL_MEETING_PLACE_MAX    200
#define HL_MEETING_NOTES_MAX    10000
#define HL_MEETING_DECISION_MAX 4000

/* The statuses in the order of their life, NULL-terminated: draft,
 * scheduled, held, minutes_approved, cancelled. */
extern const char *const hl_meeting_statuses[];

/* {"id","name"} of the user whose id is the SQL expression col, or
 * NULL: how meetings name people. */
#define HL_MEETING_SQL_USER_REF(col)                                           \
	"(SELECT json_build_object('id', xu.id, 'name', xu.name)"              \
	" FROM users xu WHERE xu.id = " col ")"

/* What the api layer passes down from the configuration. */
struct hl_meeting_opts {
	size_t md_max_len; /* minutes, bytes ([server] max_body_markdown) */
	struct hl_common_problem_opts problems;
};

/* One attendee: a user (a committee member of the chain with an
 * account), a committee member without one, or a guest by name. */
struct hl_meeting_attendee {
	int64_t user_id;
	int64_t committee_member_id;
	const char *name;  /* required for a guest; else the record's */
	const char *title; /* 职务, optional */
	bool attended;
	bool attended_given;
};

/* A meeting's fields as a create or a PATCH gives them (borrowed).  In a
 * PATCH only the members marked given change. */
struct hl_meeting_in {
	const char *chain_code; /* create only */
	const char *title;
	const char *kind;      /* regular | special */
	const char *starts_at; /* RFC 3339 with an offset */
	const char *ends_at;   /* NULL: none (or cleared) */
	bool ends_at_given;
	const char *place;
	const char *status;     /* create: draft | scheduled */
	const char *minutes_md; /* PATCH only */
	const struct hl_meeting_attendee *attendees;
	size_t n_attendees;
	bool attendees_given;
};

/*
 * Create a meeting of in->chain_code (the caller's chain, else 422 on
 * chain_code) and draft its agenda from the chain's open escalated cases
 * (书记突破项目, longest escalated first), its overdue cases and its
 * common problems (most enterprises first), at most HL_MEETING_DRAFT_MAX
 * of each, skipping cases already on another open agenda; each case's
 * facts are kept with the item, and each case's timeline gets an agenda
 * row.  A meeting created "scheduled" must lie in the future (422 on
 * starts_at) and tells its attendees (meeting.scheduled).  Appends the
 * meeting as hl_meeting_get_json() does.
 */
int hl_meeting_create(struct hl_ctx *ctx, const struct hl_meeting_opts *o,
    const struct hl_meeting_in *in, struct hl_buf *out, struct hl_err *err);

/*
 * Append meeting id (the OpenAPI schema Meeting): its fields, chain,
 * attendees, agenda (items with their cases: live status and the facts
 * they went on the agenda with), minutes_md and minutes_html, the
 * approved version and the list of versions, decisions with their action
 * items, and what may happen next ("next_statuses", "can_edit_agenda",
 * "can_decide", "can_edit_minutes").  404 for anyone but the chain's
 * committee members and admins.
 */
int hl_meeting_get_json(struct hl_ctx *ctx, int64_t id, struct hl_buf *out,
    struct hl_err *err);

/*
 * Change meeting id: the given fields, then the status.  Moves: draft ->
 * scheduled (starts in the future; tells the attendees), draft or
 * scheduled -> held (once started), scheduled -> draft, held ->
 * minutes_approved (minutes written), draft or scheduled -> cancelled
 * (tells the attendees of a scheduled one); anything else 409
 * invalid_transition.  A scheduled meeting may not move into the past,
 * a held one not into the future (422 on starts_at).  Approved minutes
 * change only into a new version (kept for good); a meeting with approved
 * minutes or cancelled keeps its other fields (409).  Minutes over
 * md_max_len bytes are 413 with fields.minutes_md.  Appends the meeting.
 */
int hl_meeting_update(struct hl_ctx *ctx, const struct hl_meeting_opts *o,
    int64_t id, const struct hl_meeting_in *in, struct hl_buf *out,
    struct hl_err *err);

/* An agenda item to add or change (borrowed). */
struct hl_meeting_item_in {
	const char *title; /* add: required without a case */
	const char *notes;
	int64_t case_id; /* add: 0 for free text */
};

/*
 * Add an item at the end of meeting id's agenda: a case of the chain
 * (another chain's, or a missing one, is 404 with fields.case_id; one on
 * another open agenda 409 conflict naming that meeting) or free text.
 * Draft and scheduled meetings only (409).  Appends the meeting.
 */
int hl_meeting_agenda_add(struct hl_ctx *ctx, int64_t id,
    const struct hl_meeting_item_in *in, struct hl_buf *out,
    struct hl_err *err);

/* Change item item_id's title or notes (NULL: unchanged); until the
 * minutes are approved.  Appends the meeting. */
int hl_meeting_agenda_update(struct hl_ctx *ctx, int64_t id, int64_t item_id,
    const struct hl_meeting_item_in *in, struct hl_buf *out,
    struct hl_err *err);

/* Remove item item_id (its cases leave the agenda) and close the gap in
 * the positions.  Draft and scheduled meetings only. */
int hl_meeting_agenda_remove(struct hl_ctx *ctx, int64_t id, int64_t item_id,
    struct hl_err *err);

/* Put the agenda in the order of ids[0..n), which must name every item
 * once (422 on ids otherwise).  Draft and scheduled meetings only.
 * Appends the meeting. */
int hl_meeting_agenda_order(struct hl_ctx *ctx, int64_t id, const int64_t *ids,
    size_t n, struct hl_buf *out, struct hl_err *err);

/* A decision and its action items (borrowed). */
struct hl_meeting_decision_in {
	const char *text;
	int64_t agenda_item_id; /* 0: none */
	const struct hl_action_in *actions;
	size_t n_actions;
};

/*
 * Record a decision of held meeting id with its action items (action.c's
 * hl_action_add() each, all or nothing); 409 before the meeting is held
 * or once its minutes are approved.  Appends the decision {"id",
 * "position","text","agenda_item_id","created_at","created_by",
 * "actions":[…]}.
 */
int hl_meeting_decide(struct hl_ctx *ctx, int64_t id,
    const struct hl_meeting_decision_in *in, struct hl_buf *out,
    struct hl_err *err);

#endif /* HL_MEETING_H */
