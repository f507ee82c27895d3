/*
 * Deadline sweeps, each one statement: pick due cases (SKIP LOCKED, so a
 * case a person is changing right now waits for the next round), mark
 * them, append their timeline rows and fan the outbox out in data-changing
 * CTEs; only the audit rows are added one by one, through audit.c.  The
 * "due" tests are the indexable forms on cases_open_due_idx.
 */
#include "case_job.h"

#include <stdio.h>

#include "audit.h"
#include "conf.h"
#include "db.h"
#include "err.h"

/* What the sweeps share: mark, timeline row, notifications (the webhook
 * event and the in-app messages, hl_case_notify()).  upd must return id,
 * chain_id, number, status, escalated, due_at, and ev the inserted rows'
 * case_id, id, at. */
#define SQL_FAN_OUT(type)                                                      \
	" ob AS (SELECT hl_case_notify('" type "', upd.id, NULL,"              \
	"  jsonb_build_object('status', upd.status,"                           \
	"  'escalated', upd.escalated, 'event_id', ev.id, 'kind', ev.kind,"    \
	"  'due_at', upd.due_at, 'at', ev.at)) AS n"                           \
	"  FROM upd JOIN ev ON ev.case_id = upd.id)"                           \
	" SELECT upd.id::text, json_build_object('due_at', upd.due_at,"        \
	"  'escalated', upd.escalated, 'reason', upd.escalated_reason,"        \
	"  'queued', (SELECT coalesce(sum(n), 0) FROM ob))::text FROM upd"

#define SQL_RETURNING                                                          \
	" RETURNING c.id, c.chain_id, c.number, c.status, c.escalated,"        \
	" c.escalated_reason, c.due_at, c.due_on"

#define SQL_OPEN "c.status IN ('accepted', 'assigned', 'in_progress')"

/* Due by the end of the next working day and not yet past. */
static const char SQL_REMIND[] =
    "WITH due AS (SELECT c.id FROM cases c WHERE " SQL_OPEN
    "  AND c.reminder_sent_at IS NULL AND c.due_at >= hl_now()"
    "  AND c.due_at <= hl_end_of_day(hl_add_workdays(hl_today(), 1))"
    "  ORDER BY c.due_at, c.id LIMIT 1000 FOR UPDATE OF c SKIP LOCKED),"
    " upd AS (UPDATE cases c SET reminder_sent_at = hl_now() FROM due"
    "  WHERE c.id = due.id" SQL_RETURNING "),"
    " ev AS (INSERT INTO case_events (case_id, kind, body, data)"
    "  SELECT upd.id, 'reminder', '距办理期限不足一个工作日，请抓紧办理',"
    "  jsonb_build_object('due_at', upd.due_at, 'workdays_left',"
    "  hl_workdays_between(hl_today(), upd.due_on)) FROM upd"
    "  RETURNING case_id, id, at, kind)," SQL_FAN_OUT("case.due_soon");

static const char SQL_OVERDUE[] =
    "WITH due AS (SELECT c.id FROM cases c WHERE " SQL_OPEN
    "  AND c.overdue_flagged_at IS NULL AND c.due_at < hl_now()"
    "  ORDER BY c.due_at, c.id LIMIT 1000 FOR UPDATE OF c SKIP LOCKED),"
    " upd AS (UPDATE cases c SET overdue_flagged_at = hl_now() FROM due"
    "  WHERE c.id = due.id" SQL_RETURNING "),"
    " ev AS (INSERT INTO case_events (case_id, kind, body, data)"
    "  SELECT upd.id, 'overdue', '已超过办理期限',"
    "  jsonb_build_object('due_at', upd.due_at) FROM upd"
    "  RETURNING case_id, id, at, kind)," SQL_FAN_OUT("case.overdue");

/* $1 escalate_after_days, $2 the reason.  Overdue by more than $1
 * working days: hl_workdays_between(due_on, today) counts the working
 * days after the deadline day up to today. */
static const char SQL_ESCALATE[] =
    "WITH due AS (SELECT c.id FROM cases c WHERE " SQL_OPEN
    "  AND NOT c.escalated AND c.due_at < hl_now()"
    "  AND hl_workdays_between(c.due_on, hl_today()) > $1::int"
    "  AND NOT EXISTS (SELECT 1 FROM case_events x WHERE x.case_id = c.id"
    "   AND x.kind = 'deescalation')"
    "  ORDER BY c.due_at, c.id LIMIT 1000 FOR UPDATE OF c SKIP LOCKED),"
    " upd AS (UPDATE cases c SET escalated = true, escalated_at = hl_now(),"
    "  escalated_by = NULL, escalated_reason = $2::text FROM due"
    "  WHERE c.id = due.id" SQL_RETURNING "),"
    " ev AS (INSERT INTO case_events (case_id, kind, action, from_status,"
    "  to_status, body, data)"
    "  SELECT upd.id, 'escalation', 'escalate', upd.status, upd.status,"
    "  $2::text, jsonb_build_object('automatic', true, 'overdue_workdays',"
    "  hl_workdays_between(upd.due_on, hl_today())) FROM upd"
    "  RETURNING case_id, id, at, kind)," SQL_FAN_OUT("case.escalated");

/* Run one sweep and audit each case it touched. */
static int
sweep(struct hl_db_conn *db, const char *sql, int n, const char *const *params,
    const char *action, struct hl_err *err)
{
	struct hl_db_res *r = hl_db_exec(db, sql, n, params, err);
	int i;
	int rc = 0;

	if (r == NULL)
		return -1;
	for (i = 0; i < hl_db_nrows(r) && rc == 0; i++)
		rc = hl_audit_add_system(db, action, "case", hl_db_get(r, i, 0),
		    hl_db_get(r, i, 1), err);
	hl_db_res_free(r);
	return rc;
}

/* Set once by hl_case_job_setup() before the jobs start. */
static int64_t escalate_after_days_ = HL_CASE_JOB_ESCALATE_AFTER_DAYS;

void
hl_case_job_setup(const struct hl_conf *c)
{
	escalate_after_days_ = c->escalate_after_days;
}

int
hl_case_job_deadlines(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	long days = (long)escalate_after_days_;
	char n[24];
	char reason[128];
	const char *params[2] = { n, reason };

	(void)arg;
	snprintf(n, sizeof(n), "%ld", days);
	snprintf(reason, sizeof(reason),
	    "逾期超过 %ld 个工作日，自动升级为书记突破项目", days);
	if (sweep(db, SQL_REMIND, 0, NULL, "case.remind", err) == -1 ||
	    sweep(db, SQL_OVERDUE, 0, NULL, "case.overdue", err) == -1 ||
	    sweep(db, SQL_ESCALATE, 2, params, "case.escalate", err) == -1)
		return -1;
	return 0;
}
