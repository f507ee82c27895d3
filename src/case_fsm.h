/*
 * The case lifecycle of PRODUCT.md §4 as data: which action leads from which
 * status to which, who may take it, and which input it needs.  Pure: case.c
 * loads the case, works out the facts about the caller, asks here, and
 * writes the change with its timeline and audit rows.
 */
#ifndef HL_CASE_FSM_H
#define HL_CASE_FSM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ctx.h"

struct hl_err;

/* Case statuses; 0 is none.  The API and the database spell them as
 * hl_case_fsm_status_name() does ("in_progress"). */
enum hl_case_fsm_status {
	HL_CASE_FSM_SUBMITTED = 1,
	HL_CASE_FSM_ACCEPTED,
	HL_CASE_FSM_REJECTED,
	HL_CASE_FSM_ASSIGNED,
	HL_CASE_FSM_IN_PROGRESS,
	HL_CASE_FSM_RESOLVED,
	HL_CASE_FSM_CLOSED,
};
#define HL_CASE_FSM_N_STATUSES 7

/* What POST /cases/{id}/transitions can ask for; 0 is none. */
enum hl_case_fsm_action {
	HL_CASE_FSM_ACCEPT = 1,
	HL_CASE_FSM_REJECT,
	HL_CASE_FSM_ASSIGN,
	HL_CASE_FSM_START,
	HL_CASE_FSM_RESOLVE,
	HL_CASE_FSM_CONFIRM,
	HL_CASE_FSM_REOPEN,
	HL_CASE_FSM_ESCALATE,
	HL_CASE_FSM_DEESCALATE,
};
#define HL_CASE_FSM_N_ACTIONS 9

/* API names ("submitted", "deescalate") and Chinese labels for people
 * ("已提交", "取消升级"); NULL for a value outside the enum.  The parse
 * functions take the API name and return -1, leaving *out alone, for
 * anything else (case-sensitive). */
const char *hl_case_fsm_status_name(enum hl_case_fsm_status s);
const char *hl_case_fsm_status_label(enum hl_case_fsm_status s);
int hl_case_fsm_status_parse(const char *name, enum hl_case_fsm_status *out);
const char *hl_case_fsm_action_name(enum hl_case_fsm_action a);
const char *hl_case_fsm_action_label(enum hl_case_fsm_action a);
int hl_case_fsm_action_parse(const char *name, enum hl_case_fsm_action *out);

/* Open cases can still change: every status but rejected and closed. */
bool hl_case_fsm_is_open(enum hl_case_fsm_status s);

/*
 * The case and the caller, as case.c finds them.  Only the facts that
 * matter for the caller's role are read; admin needs none.
 */
struct hl_case_fsm_facts {
	enum hl_case_fsm_status status;
	bool escalated;
	enum hl_role role; /* the caller's one role (ctx->role) */
	bool is_assignee;  /* the caller is the case's assignee */
	bool is_owner;     /* enterprise user of the case's enterprise */
	/* A commissioner assigned (包联) to the case's enterprise, or a
	 * committee member of the case's chain. */
	bool is_in_charge;
	/* The caller is recording a re-check (回访) of the case's closure
	 * that found the problem not solved (recheck.c); never true for a
	 * request to the transitions endpoint. */
	bool recheck_not_solved;
};

/* The case after an allowed action. */
struct hl_case_fsm_next {
	enum hl_case_fsm_status status;
	bool escalated;
};

/*
 * May the caller take action a now, and what follows?  The rules, as in
 * PRODUCT.md §4:
 *
 *   submitted   --accept-->  accepted     --assign--> assigned
 *   submitted   --reject-->  rejected     (final)
 *   assigned    --start-->   in_progress  --resolve--> resolved
 *   resolved    --confirm--> closed       (final; needs a rating)
 *   resolved    --reopen-->  in_progress  (needs a reason)
 *   closed      --reopen-->  in_progress  } only with recheck_not_solved:
 *   rejected    --reopen-->  submitted    } a re-check found it unsolved
 *   assigned, in_progress --assign--> the same status: a re-assignment
 *       hands the case to someone else; work already under way is not
 *       restarted and the deadline does not move.
 *   escalate / deescalate: on any open case, keep the status and set /
 *       clear the escalation flag; escalating an escalated case (or
 *       de-escalating one that is not) is an invalid transition.
 *
 * Who: accept, reject, assign, escalate and deescalate: a commissioner or
 * committee member in charge of the case, or an admin.  start and resolve:
 * the assignee (any staff role), or an admin.  confirm and reopen: only the
 * enterprise user of the case's enterprise; not an admin, because the
 * rating and the complaint are the enterprise's own word.  The re-check's
 * reopen of a closed or rejected case: a commissioner or committee member
 * in charge, or an admin (who made the call and heard the enterprise);
 * without recheck_not_solved it stays what it always was, 403 for staff
 * and 409 invalid_transition for the enterprise.
 *
 * Returns 0 and fills *next, or -1 with err set, checked in this order:
 * 403 forbidden when the role may never take the action; 409
 * invalid_transition when the action makes no sense in the case's status
 * (or flag); 403 forbidden when the role may but this caller is not in
 * charge, not the assignee or not the owner.  A status or action outside
 * its enum is a bug.
 */
int hl_case_fsm_decide(const struct hl_case_fsm_facts *f,
    enum hl_case_fsm_action a, struct hl_case_fsm_next *next,
    struct hl_err *err);

/* The actions hl_case_fsm_decide() would allow now, in enum order, written
 * to out; returns how many.  The UI offers only these. */
size_t hl_case_fsm_available(const struct hl_case_fsm_facts *f,
    enum hl_case_fsm_action out[HL_CASE_FSM_N_ACTIONS]);

/* The request fields an action may need. */
struct hl_case_fsm_input {
	const char *reason;  /* reject, reopen; NULL when absent */
	int64_t rating;      /* confirm; 0 when absent */
	int64_t assignee_id; /* assign; 0 when absent */
};

/*
 * Check that in has what action a needs, adding a per-field message to err
 * (422 validation_failed) for each gap: reject needs a reason ("请填写退回
 * 理由"), reopen a reason ("请填写重新办理的理由"), confirm a rating from 1
 * to 5 ("评分应为 1 到 5 的整数"), assign an assignee_id ("请选择承办人").
 * A reason of only spaces (ASCII or U+3000) counts as missing.  Fields an
 * action does not use are ignored.  Returns 0 or -1.  Call it after
 * hl_case_fsm_decide(), so that a caller who may not act learns that first.
 */
int hl_case_fsm_validate(enum hl_case_fsm_action a,
    const struct hl_case_fsm_input *in, struct hl_err *err);

#endif /* HL_CASE_FSM_H */
