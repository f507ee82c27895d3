/*
 * The deadline rules as stored in PostgreSQL: the working-day calendar's
 * exceptions (calendar_days: holidays and make-up working days) and the
 * working days allowed per case category (sla_limits).  Admins read and
 * replace them here; deadlines themselves are computed by the SQL
 * functions of 0005 inside the case transactions (case.c).
 */
#ifndef HL_DEADLINE_H
#define HL_DEADLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hl_buf;
struct hl_ctx;
struct hl_err;

/* Years the calendar endpoints accept. */
#define HL_DEADLINE_YEAR_MIN 2000
#define HL_DEADLINE_YEAR_MAX 2100

/* Append {"year":Y,"days":[{"day","kind","name"}…],"n_workdays":N,
 * "effect":{"open_with_deadline","due_in_year","message"}} for year: the
 * listed days in date order, the year's working days, and the open cases
 * whose deadlines a change of this year leaves as they are. */
int hl_deadline_calendar_json(struct hl_ctx *ctx, int year, struct hl_buf *out,
    struct hl_err *err);

/* One listed day; strings borrowed. */
struct hl_deadline_day {
	const char *day;  /* "YYYY-MM-DD" */
	const char *kind; /* "holiday" | "workday" */
	const char *name; /* may be NULL: "" */
};

/*
 * Replace the listed days of year by days[0..n), with an audit row holding
 * the old and the new list, in one transaction.  Checked first, each
 * problem as a field "days[i].day" etc. (422 validation_failed): a date in
 * that year, the kind, a name of at most 40 characters, a make-up working
 * day only on a Saturday or Sunday, and no date twice.  Deadlines already
 * set are not moved.
 */
int hl_deadline_calendar_replace(struct hl_ctx *ctx, int year,
    const struct hl_deadline_day *days, size_t n, struct hl_err *err);

/*
 * Import year's calendar from a CSV or .xlsx file (sheet.h reads it):
 * columns 日期 (date), 类型 (kind: holiday/workday, or 休/放假/假 and
 * 班/上班/调休上班) and 名称 (name), found by header in any order.  Each
 * row's problems are reported: a date that is not one or not in year, a
 * date twice, an unknown kind, a make-up working day on a weekday, a name
 * past 40 characters.  Appends {"year","dry_run","imported","format",
 * "rows","ok","n_errors","errors":[{"row","field","column","message"}],
 * "errors_truncated","days":[{"day","kind","name"}],"changes":{"added",
 * "removed","changed"},"effect":{…}}: the days read, what they change in
 * the stored year, and what that does to open deadlines (nothing: they
 * stay).  Without dry_run a file without problems replaces the year as
 * hl_deadline_calendar_replace() does, audited; one with problems is 422
 * validation_failed naming the first ones, and nothing is written.  File
 * errors as hl_sheet_read() and hl_sheet_map_columns().
 */
int hl_deadline_calendar_import(struct hl_ctx *ctx, int year, const char *p,
    size_t len, bool dry_run, struct hl_buf *out, struct hl_err *err);

/* Append {"items":[{"category","working_days","open_with_deadline",
 * "updated_at","updated_by"}],"effect":{"open_with_deadline","message"}}
 * in the API's category order: the limits and how many open cases have
 * a deadline set with them, which a change does not move. */
int hl_deadline_sla_json(struct hl_ctx *ctx, struct hl_buf *out,
    struct hl_err *err);

/* A category's new limit; category borrowed. */
struct hl_deadline_sla {
	const char *category;
	int64_t working_days; /* 1..250 */
};

/* Set the given categories' limits (others keep theirs), with an audit
 * row, in one transaction.  Bad categories, duplicates and limits outside
 * 1..250 are 422 with the field "items[i].…". */
int hl_deadline_sla_update(struct hl_ctx *ctx,
    const struct hl_deadline_sla *items, size_t n, struct hl_err *err);

#endif /* HL_DEADLINE_H */
