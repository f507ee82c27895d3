/*
 * Action items (督办事项): the follow-ups of a committee meeting's
 * decisions, each with an owner, a deadline counted in working days on the
 * 调休 calendar, a status and the cases it concerns.  Here: adding them
 * (inside meeting.c's decision transaction), the lists ("my actions" and
 * a chain's), completing them, their exports, the overdue sweep of the
 * job thread, and the close guard that keeps a case with an open action
 * item from being closed (case.c asks before it closes one).
 *
 * Below case.c: this module never includes case.h.
 */
#ifndef HL_ACTION_H
#define HL_ACTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "case_fsm.h"

struct hl_buf;
struct hl_ctx;
struct hl_db_conn;
struct hl_err;

/*
 * True when the caller ($1 role name, $2 user id, as
 * hl_case_scope_params() fills them) acts for the chain whose id is the
 * SQL expression CHAIN: an admin, or a committee member of that chain.
 * Meetings, their agendas, decisions and common problems are theirs.
 */
#define HL_ACTION_SQL_MANAGES(CHAIN)                                           \
	"($1 = 'admin' OR ($1 = 'committee' AND EXISTS (SELECT 1"              \
	" FROM user_chains muc WHERE muc.chain_id = " CHAIN                    \
	" AND muc.user_id = $2::bigint)))"

/*
 * The members of action item a (action_items a, its meeting m and chain
 * ch joined) for json_build_object(): id, text, status, due_on,
 * due_workdays, overdue (open past its day), workdays_left (open only),
 * owner {id,name}, done_at, completed_by {id,name}|null,
 * completion_note, created_at, decision_id, decision_text, cases
 * [{id,number,title,status}] and meeting {id,title,kind,status,
 * starts_at,chain_code,chain_name}.
 */
#define HL_ACTION_SQL_FIELDS                                                   \
	"'id', a.id, 'text', a.body, 'status', a.status, 'due_on', a.due_on,"  \
	" 'due_workdays', a.due_workdays,"                                     \
	" 'overdue', (a.status = 'open' AND a.due_on < hl_today()),"           \
	" 'workdays_left', CASE WHEN a.status = 'open'"                        \
	"  THEN hl_workdays_between(hl_today(), a.due_on) END,"                \
	" 'owner', (SELECT json_build_object('id', ou.id, 'name', ou.name)"    \
	"  FROM users ou WHERE ou.id = a.owner_user_id),"                      \
	" 'owner_name', a.owner_name, 'done_at', a.done_at,"                   \
	" 'completed_by', (SELECT json_build_object('id', cu.id,"              \
	"  'name', cu.name) FROM users cu WHERE cu.id = a.completed_by),"      \
	" 'completion_note', a.completion_note, 'created_at', a.created_at,"   \
	" 'decision_id', a.decision_id, 'decision_text', (SELECT d.body"       \
	"  FROM meeting_decisions d WHERE d.id = a.decision_id),"              \
	" 'cases', (SELECT coalesce(json_agg(json_build_object('id', lc.id,"   \
	"  'number', lc.number, 'title', lc.title, 'status', lc.status)"       \
	"  ORDER BY lc.id), '[]') FROM action_item_cases al"                   \
	"  JOIN cases lc ON lc.id = al.case_id"                                \
	"  WHERE al.action_item_id = a.id),"                                   \
	" 'meeting', json_build_object('id', m.id, 'title', m.title,"          \
	"  'kind', m.kind, 'status', m.status, 'starts_at', m.starts_at,"      \
	"  'chain_code', ch.code, 'chain_name', ch.name)"

/* Most cases one action item may name. */
#define HL_ACTION_CASES_MAX 50
/* Longest action text in characters (the column's CHECK). */
#define HL_ACTION_TEXT_MAX 4000
/* Most working days a deadline may be given in. */
#define HL_ACTION_WORKDAYS_MAX 250
/* Rows an export may hold. */
#define HL_ACTION_EXPORT_MAX 10000

/* One action item of a decision, as the request gave it (borrowed). */
struct hl_action_in {
	int64_t owner_id;
	const char *due_on;   /* YYYY-MM-DD, or NULL */
	int64_t due_workdays; /* 1..250, or 0 */
	const char *text;     /* NULL: the decision's text */
	const int64_t *case_ids;
	size_t n_case_ids;
};

/*
 * Inside the decision's transaction on ctx->db: check and add item i of a
 * decision of meeting meeting_id (chain chain_id, held on day
 * meeting_day) whose text is decision_text, with its case links, an
 * internal note on each case's timeline, the owner's in-app message and
 * the action.assigned outbox event, and an audit row.  Errors name
 * "actions[i].<field>": 422 for an owner who does not exist, is disabled
 * or is an enterprise user, for a missing or doubled deadline, a date
 * that is not one or lies before the meeting's day, more than
 * HL_ACTION_CASES_MAX cases; 404 not_found for a case that is not the
 * chain's.  Returns 0 or -1.
 */
int hl_action_add(struct hl_ctx *ctx, int64_t meeting_id, int64_t chain_id,
    const char *meeting_day, int64_t decision_id, const char *decision_text,
    size_t i, const struct hl_action_in *in, struct hl_err *err);

/* The filters of the lists (borrowed; NULL or 0 when absent). */
struct hl_action_filter {
	bool mine;          /* only the caller's own */
	const char *status; /* open | done | overdue */
	const char *chain;  /* chain code */
	int64_t meeting;    /* meeting id */
	int64_t owner;      /* user id */
	int64_t limit;      /* 1..200 */
	int64_t cursor_key; /* the cursor: due day (days since 1970) */
	int64_t cursor_id;  /* ... and id; 0: the first page */
};

/*
 * Append {"items":[…],"next_cursor"} of the action items the caller may
 * see that match f, soonest deadline first: every user sees the items
 * they own; committee members and admins also those of the meetings of
 * their chains (admins: all).  A bad status is 400 naming it.
 */
int hl_action_list_json(struct hl_ctx *ctx, const struct hl_action_filter *f,
    struct hl_buf *out, struct hl_err *err);

enum hl_action_export_format {
	HL_ACTION_EXPORT_CSV = 1,
	HL_ACTION_EXPORT_XLSX,
};

/* The list of f (cursor and limit ignored) as a CSV or .xlsx file with
 * Chinese titles; more than HL_ACTION_EXPORT_MAX rows is 422
 * too_many_rows. */
int hl_action_export(struct hl_ctx *ctx, const struct hl_action_filter *f,
    enum hl_action_export_format fmt, struct hl_buf *out, struct hl_err *err);

/*
 * Mark action item id done with an optional note (at most 2000
 * characters), and append it (as in the list).  Its owner, a committee
 * member of its chain or an admin may; anyone else gets 404.  Done
 * already: 409 conflict.  Writes an internal note on each linked case's
 * timeline, the action.completed outbox event, a message to whoever
 * recorded the decision, and an audit row, in one transaction.
 */
int hl_action_complete(struct hl_ctx *ctx, int64_t id, const char *note,
    struct hl_buf *out, struct hl_err *err);

/*
 * The close guard, called by case.c for confirm inside its transaction,
 * with the case row locked and f its facts.  An open action item linked
 * to case_id keeps the case open:
 *   - a committee member in charge of the case or an admin closes it
 *     anyway with a written override_reason: *override is set (case.c
 *     then closes it without a rating), and a case.close_override audit
 *     row names the reason and the open items; without a reason 422 on
 *     override_reason; a case not resolved yet 409 invalid_transition;
 *   - the enterprise that owns a resolved case gets 409 open_action;
 *   - anyone else is left to case_fsm (which refuses them).
 * Without open items *override is false and nothing is checked.
 * Returns 0 or -1.
 */
int hl_action_close_guard(struct hl_ctx *ctx, int64_t case_id,
    const struct hl_case_fsm_facts *f, const char *override_reason,
    bool *override, struct hl_err *err);

/*
 * The same guard for reject (退回), which ends a case as surely as a
 * close; called by case.c once case_fsm has allowed the reject.  With
 * open action items on case_id only a committee member in charge of the
 * case or an admin may reject it (the rejection's reason is the written
 * reason; a case.close_override audit row names the open items); anyone
 * else gets 409 open_action.  Returns 0 or -1.
 */
int hl_action_reject_guard(struct hl_ctx *ctx, int64_t case_id,
    const struct hl_case_fsm_facts *f, struct hl_err *err);

/*
 * The overdue sweep, an hl_db_tx_fn for jobs.c (arg unused): each open
 * action item past its deadline day is flagged once, with an in-app
 * message to its owner, an action.overdue outbox event and an audit row.
 * At most 1000 per round.
 */
int hl_action_job_overdue(struct hl_db_conn *db, void *arg, struct hl_err *err);

#endif /* HL_ACTION_H */
