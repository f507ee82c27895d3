/*
 * The deadline rules as stored in PostgreSQL: the working-day calendar's
 * exceptions (calendar_days: holidays and make-up working days) and the
 * working days allowed per case category (sla_limits).  Admins read and
 * replace them here; deadlines themselves are computed by the SQL
 * functions of 0005 inside the case transactions (case.c).
 */
#ifndef HL_DEADLINE_H
#define HL_DEADLINE_H

#include <stddef.h>
#include <stdint.h>

struct hl_buf;
struct hl_ctx;
struct hl_err;

/* Years the calendar endpoints accept. */
#define HL_DEADLINE_YEAR_MIN 2000
#define HL_DEADLINE_YEAR_MAX 2100

/* Append {"year":Y,"days":[{"day","kind","name"}…],"n_workdays":N} for
 * year: the listed days in date order and the year's working days. */
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

/* Append {"items":[{"category","working_days","updated_at","updated_by"}]}
 * in the API's category order. */
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
