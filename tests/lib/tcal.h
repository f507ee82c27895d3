/*
 * A working-day calendar in C: the reference the SQL functions
 * hl_add_workdays(), hl_workdays_between() and hl_is_workday() are
 * checked against.  Monday to Friday work, Saturday and Sunday rest,
 * except for the listed public holidays and make-up working days (调休).
 * Test code only; the server counts working days in PostgreSQL.
 */
#ifndef TCAL_H
#define TCAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "calendar.h"

struct hl_err;
struct tcal_day; /* one listed day (private to tcal.c) */

/* Bytes for a formatted date: "YYYY-MM-DD" and the NUL. */
#define TCAL_DATE_SIZE HL_CALENDAR_DATE_SIZE

/* Write "YYYY-MM-DD" and a NUL into out.  A day outside
 * HL_CALENDAR_DAY_MIN..MAX is a bug. */
void tcal_date_format(int32_t day, char out[TCAL_DATE_SIZE]);

/*
 * The listed days, sorted by date once sealed.  Declare it "= { 0 }": an
 * empty calendar is sealed and knows no holidays.  Build it with
 * tcal_add() for each row and then tcal_seal(), or with
 * tcal_load_csv(); free it with tcal_release().  A sealed
 * calendar is read-only and may be shared between threads; queries allocate
 * nothing and use binary search.  Querying an unsealed calendar is a bug.
 */
struct tcal {
	struct tcal_day *days; /* owned */
	size_t n_days;
	size_t cap;
	bool unsealed; /* days were added since the last seal */
};

/* Append one listed day.  The calendar is unsealed until
 * tcal_seal().  The day number must be a valid date (a bug if not). */
void tcal_add(struct tcal *cal, int32_t day, enum hl_calendar_kind kind);
/*
 * Sort the listed days and drop exact duplicates.  A date listed both as a
 * holiday and as a working day is an error: 422 validation_failed naming
 * the date; the calendar is then emptied (released).  Returns 0 or -1.
 */
int tcal_seal(struct tcal *cal, struct hl_err *err);
/*
 * Add the days of a CSV text (the format of data/cn-calendar-2026.csv) and
 * seal.  Lines end in "\n" or "\r\n"; a UTF-8 byte order mark, blank lines
 * and lines starting with '#' are skipped.  The first other line is the
 * header "date,kind,name"; each following line is "YYYY-MM-DD,kind,name"
 * with kind "holiday" or "workday" and a non-empty UTF-8 name without commas
 * (no quoting).  Dates must be strictly ascending within the file, which
 * also rules out duplicates.  Errors: 422 validation_failed with a message
 * naming the line ("日历第 7 行：…"); the calendar is then emptied.
 */
int tcal_load_csv(struct tcal *cal, const char *text, size_t len,
    struct hl_err *err);
/* Free the days; cal is empty (and sealed) after. */
void tcal_release(struct tcal *cal);

/* True when people work on that day. */
bool tcal_is_workday(const struct tcal *cal, int32_t day);
/*
 * Working days in (a, b]: a itself is not counted, b is.  When b < a, the
 * negated count of working days in (b, a].  So for a deadline due, on day
 * today: tcal_workdays_between(cal, today, due) is the "剩余 N 个工作日"
 * countdown (0 on the deadline itself) and, once it is negative, minus the
 * working days the case is overdue.  Defined for every int32_t.
 */
int64_t tcal_workdays_between(const struct tcal *cal, int32_t a, int32_t b);
/*
 * For n > 0 the n-th working day after day (day itself not counted: a case
 * accepted on Friday with n = 1 is due on the next working day); for n < 0
 * the -n-th working day before day.  Returns 0 with the result in *out, or
 * -1 with 422 validation_failed when n is 0 or when day or the result lies
 * outside HL_CALENDAR_DAY_MIN..MAX.
 */
int tcal_add_workdays(const struct tcal *cal, int32_t day, int n, int32_t *out,
    struct hl_err *err);

#endif /* TCAL_H */
