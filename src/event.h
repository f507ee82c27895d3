/*
 * "政策直通车" policy sessions: service teams bring policies to a chain's
 * enterprises (or the whole city's) in person.  A session goes draft →
 * open → closed → done, or is cancelled; enterprises register from the
 * portal (a waitlist once the seats are gone, promoted in order as seats
 * free up), staff check them in at the door by a short code, and the
 * questions raised there become cases (channel event).  Notifications go
 * through the 0013 contract in the transaction of each change; the
 * day-before reminder is a job.
 *
 * Who: admins and commissioners run any session, committee members those
 * of their chains (citywide ones are the first two's).  Everyone signed in
 * sees sessions that are not drafts; a draft is 404 to anyone who may not
 * run it, as is every registration that is not the caller's to see.
 */
#ifndef HL_EVENT_H
#define HL_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "json.h"

struct hl_buf;
struct hl_case_problem;
struct hl_ctx;
struct hl_db_conn;
struct hl_err;

/* Longest title, place and organiser in characters. */
#define HL_EVENT_TITLE_MAX 100
#define HL_EVENT_PLACE_MAX 200
/* Largest topic (Markdown source) in bytes: the column's CHECK. */
#define HL_EVENT_TOPIC_MAX_LEN 20000
/* Seats a session may have, and people one enterprise may bring. */
#define HL_EVENT_CAPACITY_MAX  10000
#define HL_EVENT_ATTENDEES_MAX 20
#define HL_EVENT_NOTE_MAX      500
#define HL_EVENT_REASON_MAX    500
/* Policies and bulletins linked to one session. */
#define HL_EVENT_LINKS_MAX 20
/* Characters of a check-in code. */
#define HL_EVENT_CODE_LEN 6

/*
 * The SQL both event.c and event_list.c build on.  The caller is $1 role
 * name, $2 user id, $3 enterprise id (hl_case_scope_params()); the
 * session is "events e".
 */
/* Whether the caller ($1 role, $2 user id) runs session e: admins and
 * commissioners every one, committee members those of their chains (never
 * NULL: a citywide session has no chain to be in). */
#define HL_EVENT_SQL_MANAGE                                                    \
	"coalesce($1 = 'admin' OR $1 = 'commissioner' OR ($1 = 'committee'"    \
	" AND e.chain_id IN (SELECT uc.chain_id FROM user_chains uc"           \
	"  WHERE uc.user_id = $2::bigint)), false)"

/* Drafts are for those who run them; the rest is for everyone. */
#define HL_EVENT_SQL_VISIBLE "(e.status <> 'draft' OR " HL_EVENT_SQL_MANAGE ")"

/* On the caller's chains: an enterprise's, a committee member's. */
#define HL_EVENT_SQL_ON_MY_CHAIN                                               \
	"coalesce(($1 = 'enterprise' AND e.chain_id IN (SELECT ec.chain_id"    \
	"  FROM enterprise_chains ec WHERE ec.enterprise_id = $3::bigint))"    \
	" OR ($1 = 'committee' AND e.chain_id IN (SELECT uc.chain_id"          \
	"  FROM user_chains uc WHERE uc.user_id = $2::bigint)), false)"

/* A registration r; its place on the waitlist counts those before it. */
#define HL_EVENT_SQL_REG_FIELDS                                                \
	"'id', r.id, 'event_id', r.event_id,"                                  \
	" 'enterprise', (SELECT json_build_object('id', x.id, 'name', x.name)" \
	"  FROM enterprises x WHERE x.id = r.enterprise_id),"                  \
	" 'status', r.status,"                                                 \
	" 'position', CASE WHEN r.status = 'waitlisted' THEN (SELECT count(*)" \
	"  FROM event_registrations w WHERE w.event_id = r.event_id"           \
	"  AND w.status = 'waitlisted' AND w.id <= r.id) END,"                 \
	" 'attendee_count', r.attendee_count, 'note', r.note, 'code', r.code," \
	" 'registered_at', r.registered_at, 'promoted_at', r.promoted_at,"     \
	" 'checked_in_at', r.checked_in_at,"                                   \
	" 'checked_in_by', (SELECT json_build_object('id', x.id,"              \
	"  'name', x.name) FROM users x WHERE x.id = r.checked_in_by)"

/* Joined to a session e: its chain ch and its seat counts s. */
#define HL_EVENT_SQL_JOINS                                                     \
	" LEFT JOIN chains ch ON ch.id = e.chain_id"                           \
	" CROSS JOIN LATERAL (SELECT coalesce(sum(r.attendee_count)"           \
	"  FILTER (WHERE r.status = 'registered'), 0) AS seats,"               \
	"  count(*) FILTER (WHERE r.status = 'registered') AS n_reg,"          \
	"  count(*) FILTER (WHERE r.status = 'waitlisted') AS n_wait,"         \
	"  count(*) FILTER (WHERE r.checked_in_at IS NOT NULL) AS n_att"       \
	"  FROM event_registrations r WHERE r.event_id = e.id) s"

#define HL_EVENT_SQL_ITEM_FIELDS                                                 \
	"'id', e.id, 'chain', CASE WHEN ch.id IS NULL THEN NULL"                 \
	"  ELSE json_build_object('code', ch.code, 'name', ch.name) END,"        \
	" 'title', e.title, 'organizer', e.organizer,"                           \
	" 'starts_at', e.starts_at, 'ends_at', e.ends_at, 'place', e.place,"     \
	" 'capacity', e.capacity, 'max_attendees', e.max_attendees,"             \
	" 'status', e.status, 'cancel_reason', e.cancel_reason,"                 \
	" 'seats_taken', s.seats, 'seats_left', CASE WHEN e.capacity IS NULL"    \
	"  THEN NULL ELSE greatest(e.capacity - s.seats, 0) END,"                \
	" 'n_registered', s.n_reg, 'n_waitlisted', s.n_wait,"                    \
	" 'n_attended', s.n_att,"                                                \
	" 'registration_open', e.status = 'open' AND e.starts_at > hl_now(),"    \
	" 'on_my_chain', " HL_EVENT_SQL_ON_MY_CHAIN ","                          \
	" 'my_registration', (SELECT json_build_object(" HL_EVENT_SQL_REG_FIELDS \
	")"                                                                      \
	"  FROM event_registrations r WHERE $1 = 'enterprise'"                   \
	"  AND r.event_id = e.id AND r.enterprise_id = $3::bigint),"             \
	" 'can_manage', " HL_EVENT_SQL_MANAGE ","                                \
	" 'demo', e.demo, 'created_at', e.created_at,"                           \
	" 'updated_at', e.updated_at"

/* When the session starts, as people read it, and where. */
#define HL_EVENT_SQL_WHEN_WHERE(E)                                             \
	"to_char(" E ".starts_at AT TIME ZONE 'Asia/Shanghai',"                \
	" 'YYYY-MM-DD HH24:MI') || '，' || " E ".place"

/* Members a creation or change may carry, the index into present[]. */
enum hl_event_field {
	HL_EVENT_CHAIN,
	HL_EVENT_TITLE,
	HL_EVENT_TOPIC,
	HL_EVENT_ORGANIZER,
	HL_EVENT_STARTS_AT,
	HL_EVENT_ENDS_AT,
	HL_EVENT_PLACE,
	HL_EVENT_CAPACITY,
	HL_EVENT_MAX_ATTENDEES,
	HL_EVENT_POLICIES,
	HL_EVENT_BULLETINS,
	HL_EVENT_N_FIELDS,
};

/*
 * A session to create, or the members of a change (present[] says which
 * were sent).  Decoded by event_api.c; strings borrowed.
 */
struct hl_event_in {
	const char *chain_code; /* NULL or "": citywide */
	const char *title;
	const char *topic_md;
	const char *organizer;
	const char *starts_at; /* RFC 3339 */
	const char *ends_at;
	const char *place;
	int64_t capacity;      /* 1..HL_EVENT_CAPACITY_MAX */
	int64_t max_attendees; /* 1..20; 0 on creation: 5 */
	struct hl_json_i64v policy_ids;
	struct hl_json_i64v bulletin_ids;
	bool present[HL_EVENT_N_FIELDS];
};

/* What the API layer knows from the configuration. */
struct hl_event_opts {
	size_t md_max_len; /* max_body_markdown; 0: HL_MD_MAX_LEN */
};

/*
 * Create a draft as ctx and append it as hl_event_get_json() does: the
 * topic rendered by md.c (source and HTML stored), linked policies (not
 * archived) and bulletins (published) in the order given, an audit row.
 * Errors: 422 per field, all at once (title, place, starts_at and ends_at
 * missing or malformed, ends_at not after starts_at, capacity or
 * max_attendees out of range, unknown chain, unknown or repeated linked
 * ids, topic_md too long or not UTF-8); 403 on chain_code for a committee
 * member naming a chain that is not theirs, or none (citywide sessions
 * are for admins and commissioners).
 */
int hl_event_create(struct hl_ctx *ctx, const struct hl_event_in *in,
    const struct hl_event_opts *o, struct hl_buf *out, struct hl_err *err);

/*
 * Change the members present in in of session id (the links: the whole
 * list) and append it.  404 when ctx may not see it, 403 when they see
 * it but may not run it (nor, for a new chain, run sessions there), 409
 * invalid_transition once it is done or cancelled, 409
 * capacity_below_seats (on "capacity") for fewer seats than registered
 * enterprises hold; more seats promote the waitlist at once.  Checks as
 * for creation on the merged session.  Audit row with before and after.
 */
int hl_event_update(struct hl_ctx *ctx, int64_t id,
    const struct hl_event_in *in, const struct hl_event_opts *o,
    struct hl_buf *out, struct hl_err *err);

enum hl_event_action {
	HL_EVENT_OPEN,   /* draft or closed → open: registration opens */
	HL_EVENT_CLOSE,  /* open → closed: registration closes */
	HL_EVENT_DONE,   /* open or closed → done, once it has started */
	HL_EVENT_CANCEL, /* draft, open or closed → cancelled */
};

/*
 * Take an action on session id and append the session after it.  Opening
 * a draft tells the enterprises of its chain (all of them for a citywide
 * one) in-app and queues event.opened; cancelling tells every registered
 * and waitlisted enterprise and queues event.cancelled; all in the
 * action's transaction with its audit row.  reason (cancel only, may be
 * NULL) is at most HL_EVENT_REASON_MAX characters.  Errors: 404 / 403 as
 * for changes; 409 invalid_transition for an action the status does not
 * allow; 409 event_past to open a session that has started, 409
 * event_not_started to mark one done before it starts; 422 on reason.
 */
int hl_event_act(struct hl_ctx *ctx, int64_t id, enum hl_event_action action,
    const char *reason, struct hl_buf *out, struct hl_err *err);

/*
 * Append session id as ctx sees it (the OpenAPI schema Event): the list
 * item's members (see hl_event_list_json()) and "topic_md", "topic_html",
 * "policies":[{"id","title","issuer"}], "bulletins":[{"id","title",
 * "published_at"}] (published ones only), "cases" raised there that ctx
 * may see ([{"id","number","status","title","category","enterprise_id",
 * "enterprise_name","overdue"}]) and "created_by".
 */
int hl_event_get_json(struct hl_ctx *ctx, int64_t id, struct hl_buf *out,
    struct hl_err *err);

/* 0 when ctx runs session id; else 404 when ctx may not see it, 403
 * when ctx sees it but does not run it.  For pages only they see. */
int hl_event_check_manage(struct hl_ctx *ctx, int64_t id, struct hl_err *err);

/* A registration: people coming (0: 1) and a note for the organisers. */
struct hl_event_reg_in {
	int64_t attendee_count;
	const char *note;
};

/*
 * Register the caller's enterprise for session id and append the
 * registration (an item of hl_event_registrations_json(), event_list.h):
 * "registered" with a seat for each attendee when that many are free and nobody
 * is waiting, else "waitlisted" with its "position".  Both get a check-in code.
 * The session row is locked first, so whatever the concurrency registrations
 * are decided one at a time, in order, and never hold more seats than capacity.
 * Errors: 404 when the session is not visible; 409 event_cancelled,
 * event_closed (closed or done), event_past (it has started),
 * already_registered; 422 on attendee_count (1..the session's max_attendees,
 * and no more than its capacity) and note.
 */
int hl_event_register(struct hl_ctx *ctx, int64_t id,
    const struct hl_event_reg_in *in, struct hl_buf *out, struct hl_err *err);

/*
 * Cancel registration rid of session id: an enterprise its own before
 * the session starts, a person who runs the session any of them until it
 * is done.  The seats go to the waitlist at once, first come first
 * served: the first waiting registration is promoted when its attendees
 * fit, then the next, stopping at the first that does not (each promoted
 * enterprise is told in-app, event.promoted queued).  Errors: 404 when
 * not visible; 409 event_past, event_closed (done or cancelled),
 * already_checked_in.
 */
int hl_event_unregister(struct hl_ctx *ctx, int64_t id, int64_t rid,
    struct hl_err *err);

/*
 * Check in the registration with code (case and surrounding spaces
 * ignored) at session id and append it.  Attendance is recorded once.
 * Errors, in order: 404 / 403 as for the registrations; 409
 * invalid_transition when the session is a draft or cancelled, 409
 * checkin_not_open before the day ahead of its start; 422 invalid_code
 * (on "code") for a malformed code or one this session does not have;
 * 409 waitlisted for a registration without a seat; 409
 * already_checked_in with the time it was.
 */
int hl_event_checkin(struct hl_ctx *ctx, int64_t id, const char *code,
    struct hl_buf *out, struct hl_err *err);

/*
 * Turn the questions raised at session id into cases, all in one
 * transaction (hl_case_create_many(): channel event, event_id set, the
 * session's chain when the enterprise is on it), and append
 * {"event_id","cases":[…]}.  Each problem names an enterprise registered
 * for the session.  Errors: 404 / 403 as for the registrations; 409
 * invalid_transition for a draft or cancelled session, checkin_not_open
 * before the day ahead of its start; 422 per field (problems[i].…, an
 * enterprise not registered, none at all, more than
 * HL_CASE_PROBLEMS_MAX).  Nothing is written on any error.
 */
int hl_event_questions(struct hl_ctx *ctx, int64_t id,
    const struct hl_case_problem *problems, size_t n, struct hl_buf *out,
    struct hl_err *err);

/*
 * The day-before reminder, as an hl_db_tx_fn for jobs.c (arg unused):
 * every registration holding seats at an open or closed session that
 * starts before the end of tomorrow (Beijing) and has not started, not
 * yet reminded, is reminded once: reminded_at set, an in-app message to
 * its enterprise's users, one event.reminder outbox event per session
 * and an audit row per registration.  At most 1000 registrations a
 * round.  Returns 0 or -1 with err set.
 */
int hl_event_job_reminders(struct hl_db_conn *db, void *arg,
    struct hl_err *err);

#endif /* HL_EVENT_H */
