/*
 * Policy sessions to read: the list (keyset-paged, "my chain first" for
 * the portal's upcoming sessions), one session's registrations for those
 * who run it, their export to CSV and Excel, and the per-chain figures.
 * The writes and the rules are event.c's; both share event.h's SQL.
 */
#ifndef HL_EVENT_LIST_H
#define HL_EVENT_LIST_H

#include <stdbool.h>
#include <stdint.h>

struct hl_buf;
struct hl_ctx;
struct hl_err;

/* Filters of the list; NULL, 0 or false when not given. */
struct hl_event_filter {
	const char *chain;  /* chain code */
	const char *status; /* draft open closed done cancelled */
	const char *from;   /* YYYY-MM-DD: starting on or after (Beijing) */
	const char *to;     /* YYYY-MM-DD: starting on or before */
	const char *q;      /* in the title */
	bool mine;          /* an enterprise's: those it registered for */
	bool upcoming;      /* open or closed, not ended; soonest first */
	const char *cursor; /* next_cursor of the previous page */
	int64_t limit;      /* 1..200; 0: 50 */
};

/*
 * Append {"items":[…],"next_cursor":"…"|null}: the sessions ctx may see
 * matching f, latest start first; with upcoming, those on the caller's
 * chains first (an enterprise's chains, a committee member's), then the
 * soonest.  Items: {"id","chain":{"code","name"}|null,"title",
 * "organizer","starts_at","ends_at","place","capacity","max_attendees",
 * "status","cancel_reason","seats_taken","seats_left","n_registered",
 * "n_waitlisted","n_attended","registration_open","on_my_chain",
 * "my_registration" (an enterprise's, as hl_event_registrations_json()
 * items, else null),"can_manage","demo","created_at","updated_at"}.  A
 * bad parameter (unknown status, from after to, a cursor not ours, limit
 * outside 1..200) is 400 bad_request naming it in "fields".
 */
int hl_event_list_json(struct hl_ctx *ctx, const struct hl_event_filter *f,
    struct hl_buf *out, struct hl_err *err);

/* Filters of the registrations of one session. */
struct hl_event_reg_filter {
	const char *status; /* registered | waitlisted | attended | absent */
	int64_t cursor;
	int64_t limit; /* 1..200 */
};

/*
 * Append {"items":[…],"next_cursor"} of session id's registrations for
 * those who run it, in registration order (so the waitlist in its order):
 * {"id","event_id","enterprise":{"id","name"},"status","position"|null,
 * "attendee_count","note","code","registered_at","promoted_at",
 * "checked_in_at","checked_in_by":{"id","name"}|null}.  404 when not
 * visible, 403 when visible but not run by ctx.
 */
int hl_event_registrations_json(struct hl_ctx *ctx, int64_t id,
    const struct hl_event_reg_filter *f, struct hl_buf *out,
    struct hl_err *err);

enum hl_event_export_format {
	HL_EVENT_EXPORT_CSV = 1,
	HL_EVENT_EXPORT_XLSX,
};

/*
 * Append session id's registrations and attendance as a CSV or .xlsx
 * file, in registration order, with Chinese titles and labels.  404 /
 * 403 as for the registrations.
 */
int hl_event_export(struct hl_ctx *ctx, int64_t id,
    enum hl_event_export_format fmt, struct hl_buf *out, struct hl_err *err);

/* The period and chain of the figures; NULL when not given. */
struct hl_event_stats_filter {
	const char *chain; /* chain code */
	const char *from;  /* YYYY-MM-DD, sessions starting on or after */
	const char *to;    /* YYYY-MM-DD, on or before */
};

/*
 * Append {"items":[…],"totals":{…}}: per chain ctx may see (committee
 * members theirs; admins and commissioners every chain and a citywide
 * row with "chain" null), for the sessions starting in the period:
 * "sessions_held" (done), "sessions_planned" (open or closed),
 * "enterprises_reached" (distinct enterprises checked in at a session
 * held), "registrations" (holding seats at sessions held), "attended",
 * "attendance_rate" (attended / registrations, null without any),
 * "questions_raised" (cases from those sessions), "questions_closed",
 * "closed_on_time" (closed, resolved by their deadline) and
 * "on_time_rate" (closed_on_time / questions_closed, or null).  totals
 * has the same members for every row together.  400 on a bad period.
 */
int hl_event_stats_json(struct hl_ctx *ctx,
    const struct hl_event_stats_filter *f, struct hl_buf *out,
    struct hl_err *err);

#endif /* HL_EVENT_LIST_H */
