/*
 * The deadline job: reminders one working day before a case's deadline,
 * the overdue flag once it has passed, and automatic escalation to a
 * 书记突破项目 once a case is overdue by more than escalate_after_days
 * working days.  Registered in jobs.c's table; runs under its advisory
 * lock, so one server process does it at a time.
 */
#ifndef HL_CASE_JOB_H
#define HL_CASE_JOB_H

struct hl_conf;
struct hl_db_conn;
struct hl_err;

/* Used until hl_case_job_setup() (tests, commands): the default of the
 * escalate_after_days directive. */
#define HL_CASE_JOB_ESCALATE_AFTER_DAYS 3

/* Take escalate_after_days from c.  Call once at startup. */
void hl_case_job_setup(const struct hl_conf *c);

/*
 * One round, as an hl_db_tx_fn (arg unused), inside the caller's
 * transaction on db.  Each event happens once per case (reminder_sent_at,
 * overdue_flagged_at, the escalated flag; a case a person de-escalated is
 * never escalated again automatically) and writes its timeline row (actor
 * NULL: the system), its audit row and its outbox event (case.reminder,
 * case.overdue, case.escalated).  At most 1000 cases per kind per round;
 * the next round takes the rest.  escalate_after_days comes from
 * hl_case_job_setup().  Returns 0 or -1 with err set.
 */
int hl_case_job_deadlines(struct hl_db_conn *db, void *arg, struct hl_err *err);

#endif /* HL_CASE_JOB_H */
