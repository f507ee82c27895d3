/*
 * The case state machine as two tables, one for the diagram (status x action
 * -> next status) and one for the people (action -> roles, and the tie to the
 * case those roles need).  Everything else here reads the tables.
 */
#include "case_fsm.h"

#include <string.h>

#include "err.h"
#include "mem.h"

static const char *const status_names[] = {
	[HL_CASE_FSM_SUBMITTED] = "submitted",
	[HL_CASE_FSM_ACCEPTED] = "accepted",
	[HL_CASE_FSM_REJECTED] = "rejected",
	[HL_CASE_FSM_ASSIGNED] = "assigned",
	[HL_CASE_FSM_IN_PROGRESS] = "in_progress",
	[HL_CASE_FSM_RESOLVED] = "resolved",
	[HL_CASE_FSM_CLOSED] = "closed",
};

static const char *const status_labels[] = {
	[HL_CASE_FSM_SUBMITTED] = "已提交",
	[HL_CASE_FSM_ACCEPTED] = "已受理",
	[HL_CASE_FSM_REJECTED] = "已退回",
	[HL_CASE_FSM_ASSIGNED] = "已交办",
	[HL_CASE_FSM_IN_PROGRESS] = "办理中",
	[HL_CASE_FSM_RESOLVED] = "已办结",
	[HL_CASE_FSM_CLOSED] = "已关闭",
};

static const char *const action_names[] = {
	[HL_CASE_FSM_ACCEPT] = "accept",
	[HL_CASE_FSM_REJECT] = "reject",
	[HL_CASE_FSM_ASSIGN] = "assign",
	[HL_CASE_FSM_START] = "start",
	[HL_CASE_FSM_RESOLVE] = "resolve",
	[HL_CASE_FSM_CONFIRM] = "confirm",
	[HL_CASE_FSM_REOPEN] = "reopen",
	[HL_CASE_FSM_ESCALATE] = "escalate",
	[HL_CASE_FSM_DEESCALATE] = "deescalate",
};

static const char *const action_labels[] = {
	[HL_CASE_FSM_ACCEPT] = "受理",
	[HL_CASE_FSM_REJECT] = "退回",
	[HL_CASE_FSM_ASSIGN] = "交办",
	[HL_CASE_FSM_START] = "开始办理",
	[HL_CASE_FSM_RESOLVE] = "办结",
	[HL_CASE_FSM_CONFIRM] = "确认并评价",
	[HL_CASE_FSM_REOPEN] = "重新办理",
	[HL_CASE_FSM_ESCALATE] = "升级",
	[HL_CASE_FSM_DEESCALATE] = "取消升级",
};

/*
 * PRODUCT.md §4: the status each action leads to; 0 (absent) means the
 * action makes no sense in that status.  Escalation keeps the status, so it
 * is listed as a move to the same status on every open case.
 */
static const enum hl_case_fsm_status
    next_status[HL_CASE_FSM_N_STATUSES + 1][HL_CASE_FSM_N_ACTIONS + 1] = {
	    [HL_CASE_FSM_SUBMITTED] = {
		[HL_CASE_FSM_ACCEPT] = HL_CASE_FSM_ACCEPTED,
		[HL_CASE_FSM_REJECT] = HL_CASE_FSM_REJECTED,
		[HL_CASE_FSM_ESCALATE] = HL_CASE_FSM_SUBMITTED,
		[HL_CASE_FSM_DEESCALATE] = HL_CASE_FSM_SUBMITTED,
	    },
	    [HL_CASE_FSM_ACCEPTED] = {
		[HL_CASE_FSM_ASSIGN] = HL_CASE_FSM_ASSIGNED,
		[HL_CASE_FSM_ESCALATE] = HL_CASE_FSM_ACCEPTED,
		[HL_CASE_FSM_DEESCALATE] = HL_CASE_FSM_ACCEPTED,
	    },
	    [HL_CASE_FSM_REJECTED] = {
		[HL_CASE_FSM_REOPEN] = HL_CASE_FSM_SUBMITTED,
	    },
	    [HL_CASE_FSM_ASSIGNED] = {
		[HL_CASE_FSM_ASSIGN] = HL_CASE_FSM_ASSIGNED,
		[HL_CASE_FSM_START] = HL_CASE_FSM_IN_PROGRESS,
		[HL_CASE_FSM_ESCALATE] = HL_CASE_FSM_ASSIGNED,
		[HL_CASE_FSM_DEESCALATE] = HL_CASE_FSM_ASSIGNED,
	    },
	    [HL_CASE_FSM_IN_PROGRESS] = {
		[HL_CASE_FSM_ASSIGN] = HL_CASE_FSM_IN_PROGRESS,
		[HL_CASE_FSM_RESOLVE] = HL_CASE_FSM_RESOLVED,
		[HL_CASE_FSM_ESCALATE] = HL_CASE_FSM_IN_PROGRESS,
		[HL_CASE_FSM_DEESCALATE] = HL_CASE_FSM_IN_PROGRESS,
	    },
	    [HL_CASE_FSM_RESOLVED] = {
		[HL_CASE_FSM_CONFIRM] = HL_CASE_FSM_CLOSED,
		[HL_CASE_FSM_REOPEN] = HL_CASE_FSM_IN_PROGRESS,
		[HL_CASE_FSM_ESCALATE] = HL_CASE_FSM_RESOLVED,
		[HL_CASE_FSM_DEESCALATE] = HL_CASE_FSM_RESOLVED,
	    },
	    [HL_CASE_FSM_CLOSED] = {
		[HL_CASE_FSM_REOPEN] = HL_CASE_FSM_IN_PROGRESS,
	    },
    };

/* What ties a caller to the case, beyond the role; admins need no tie. */
enum tie {
	TIE_IN_CHARGE = 1, /* commissioner of the enterprise, committee */
	TIE_ASSIGNEE,
	TIE_OWNER, /* the case's enterprise */
};

#define ROLES_MANAGE (HL_ROLE_COMMISSIONER | HL_ROLE_COMMITTEE | HL_ROLE_ADMIN)

static const struct {
	unsigned roles; /* enum hl_role bits that may ever take the action */
	enum tie tie;
} perms[HL_CASE_FSM_N_ACTIONS + 1] = {
	[HL_CASE_FSM_ACCEPT] = { ROLES_MANAGE, TIE_IN_CHARGE },
	[HL_CASE_FSM_REJECT] = { ROLES_MANAGE, TIE_IN_CHARGE },
	[HL_CASE_FSM_ASSIGN] = { ROLES_MANAGE, TIE_IN_CHARGE },
	[HL_CASE_FSM_START] = { HL_ROLES_STAFF, TIE_ASSIGNEE },
	[HL_CASE_FSM_RESOLVE] = { HL_ROLES_STAFF, TIE_ASSIGNEE },
	[HL_CASE_FSM_CONFIRM] = { HL_ROLE_ENTERPRISE, TIE_OWNER },
	[HL_CASE_FSM_REOPEN] = { HL_ROLE_ENTERPRISE, TIE_OWNER },
	[HL_CASE_FSM_ESCALATE] = { ROLES_MANAGE, TIE_IN_CHARGE },
	[HL_CASE_FSM_DEESCALATE] = { ROLES_MANAGE, TIE_IN_CHARGE },
};

static bool
status_ok(enum hl_case_fsm_status s)
{
	return s >= HL_CASE_FSM_SUBMITTED && s <= HL_CASE_FSM_CLOSED;
}

static bool
action_ok(enum hl_case_fsm_action a)
{
	return a >= HL_CASE_FSM_ACCEPT && a <= HL_CASE_FSM_DEESCALATE;
}

const char *
hl_case_fsm_status_name(enum hl_case_fsm_status s)
{
	return status_ok(s) ? status_names[s] : NULL;
}

const char *
hl_case_fsm_status_label(enum hl_case_fsm_status s)
{
	return status_ok(s) ? status_labels[s] : NULL;
}

int
hl_case_fsm_status_parse(const char *name, enum hl_case_fsm_status *out)
{
	int i;

	for (i = HL_CASE_FSM_SUBMITTED; i <= HL_CASE_FSM_CLOSED; i++) {
		if (strcmp(name, status_names[i]) == 0) {
			*out = (enum hl_case_fsm_status)i;
			return 0;
		}
	}
	return -1;
}

const char *
hl_case_fsm_action_name(enum hl_case_fsm_action a)
{
	return action_ok(a) ? action_names[a] : NULL;
}

const char *
hl_case_fsm_action_label(enum hl_case_fsm_action a)
{
	return action_ok(a) ? action_labels[a] : NULL;
}

int
hl_case_fsm_action_parse(const char *name, enum hl_case_fsm_action *out)
{
	int i;

	for (i = HL_CASE_FSM_ACCEPT; i <= HL_CASE_FSM_DEESCALATE; i++) {
		if (strcmp(name, action_names[i]) == 0) {
			*out = (enum hl_case_fsm_action)i;
			return 0;
		}
	}
	return -1;
}

bool
hl_case_fsm_is_open(enum hl_case_fsm_status s)
{
	return status_ok(s) && s != HL_CASE_FSM_REJECTED &&
	    s != HL_CASE_FSM_CLOSED;
}

static bool
tied(const struct hl_case_fsm_facts *f, enum tie tie)
{
	if (f->role == HL_ROLE_ADMIN)
		return true;
	switch (tie) {
	case TIE_IN_CHARGE:
		return f->is_in_charge;
	case TIE_ASSIGNEE:
		return f->is_assignee;
	case TIE_OWNER:
		return f->is_owner;
	}
	return false;
}

static int
forbidden(enum hl_case_fsm_action a, struct hl_err *err)
{
	return hl_err_set(err, 403, "forbidden", "您无权对此诉求执行“%s”操作",
	    action_labels[a]);
}

/* A finished case is reopened only by a re-check that found the problem
 * not solved, taken by whoever is in charge of the case (see the header). */
static int
decide_recheck_reopen(const struct hl_case_fsm_facts *f,
    enum hl_case_fsm_action a, struct hl_case_fsm_next *next,
    struct hl_err *err)
{
	if (!f->recheck_not_solved) {
		if (((unsigned)f->role & perms[a].roles) == 0)
			return forbidden(a, err);
		return hl_err_set(err, 409, "invalid_transition",
		    "诉求当前为“%s”，不能%s", status_labels[f->status],
		    action_labels[a]);
	}
	if (((unsigned)f->role & ROLES_MANAGE) == 0 || !tied(f, TIE_IN_CHARGE))
		return forbidden(a, err);
	next->status = next_status[f->status][a];
	next->escalated = f->escalated;
	return 0;
}

int
hl_case_fsm_decide(const struct hl_case_fsm_facts *f, enum hl_case_fsm_action a,
    struct hl_case_fsm_next *next, struct hl_err *err)
{
	enum hl_case_fsm_status to;
	bool escalated = f->escalated;

	if (!status_ok(f->status) || !action_ok(a))
		HL_BUG("case_fsm: status or action outside its enum");
	if (a == HL_CASE_FSM_REOPEN && !hl_case_fsm_is_open(f->status))
		return decide_recheck_reopen(f, a, next, err);
	if (((unsigned)f->role & perms[a].roles) == 0)
		return forbidden(a, err);
	to = next_status[f->status][a];
	if (to == 0)
		return hl_err_set(err, 409, "invalid_transition",
		    "诉求当前为“%s”，不能%s", status_labels[f->status],
		    action_labels[a]);
	if (a == HL_CASE_FSM_ESCALATE) {
		if (f->escalated)
			return hl_err_set(err, 409, "invalid_transition",
			    "诉求已升级，不能重复升级");
		escalated = true;
	} else if (a == HL_CASE_FSM_DEESCALATE) {
		if (!f->escalated)
			return hl_err_set(err, 409, "invalid_transition",
			    "诉求未升级，无需取消升级");
		escalated = false;
	}
	if (!tied(f, perms[a].tie))
		return forbidden(a, err);
	next->status = to;
	next->escalated = escalated;
	return 0;
}

size_t
hl_case_fsm_available(const struct hl_case_fsm_facts *f,
    enum hl_case_fsm_action out[HL_CASE_FSM_N_ACTIONS])
{
	struct hl_case_fsm_next next;
	size_t n = 0;
	int i;

	for (i = HL_CASE_FSM_ACCEPT; i <= HL_CASE_FSM_DEESCALATE; i++)
		if (hl_case_fsm_decide(f, (enum hl_case_fsm_action)i, &next,
		        NULL) == 0)
			out[n++] = (enum hl_case_fsm_action)i;
	return n;
}

/* True when s has something besides ASCII white space and U+3000 (the
 * full-width space a Chinese input method types). */
static bool
has_text(const char *s)
{
	while (*s != '\0') {
		if (*s == ' ' || (*s >= '\t' && *s <= '\r'))
			s++;
		else if (strncmp(s, "\xe3\x80\x80", 3) == 0)
			s += 3;
		else
			return true;
	}
	return false;
}

int
hl_case_fsm_validate(enum hl_case_fsm_action a,
    const struct hl_case_fsm_input *in, struct hl_err *err)
{
	if (!action_ok(a))
		HL_BUG("case_fsm: action outside its enum");
	switch (a) {
	case HL_CASE_FSM_REJECT:
		if (in->reason == NULL || !has_text(in->reason))
			return hl_err_field(err, "reason", "请填写退回理由");
		break;
	case HL_CASE_FSM_REOPEN:
		if (in->reason == NULL || !has_text(in->reason))
			return hl_err_field(err, "reason",
			    "请填写重新办理的理由");
		break;
	case HL_CASE_FSM_CONFIRM:
		if (in->rating < 1 || in->rating > 5)
			return hl_err_field(err, "rating",
			    "评分应为 1 到 5 的整数");
		break;
	case HL_CASE_FSM_ASSIGN:
		if (in->assignee_id <= 0)
			return hl_err_field(err, "assignee_id", "请选择承办人");
		break;
	case HL_CASE_FSM_ACCEPT:
	case HL_CASE_FSM_START:
	case HL_CASE_FSM_RESOLVE:
	case HL_CASE_FSM_ESCALATE:
	case HL_CASE_FSM_DEESCALATE:
		break;
	}
	return 0;
}
