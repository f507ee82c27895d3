/*
 * Dates and working-day arithmetic on the Chinese calendar: Monday to Friday
 * work, Saturday and Sunday rest, except for the listed public holidays and
 * make-up working days (调休).  Pure: no database, no clock, no time zone.
 * The caller fills a calendar (calendar_days rows or a CSV file) and seals it.
 */
#ifndef HL_CALENDAR_H
#define HL_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "str.h"

struct hl_calendar_day; /* one listed day (private to calendar.c) */
struct hl_err;

/*
 * A date is an int32_t day number: days since 1970-01-01 in the proleptic
 * Gregorian calendar (negative before), so that comparing dates and counting
 * calendar days are plain arithmetic.  Dates that can be parsed and formatted
 * run from 0001-01-01 to 9999-12-31.
 */
#define HL_CALENDAR_DAY_MIN (-719162) /* 0001-01-01 */
#define HL_CALENDAR_DAY_MAX 2932896   /* 9999-12-31 */
/* Bytes for a formatted date: "YYYY-MM-DD" and the NUL. */
#define HL_CALENDAR_DATE_SIZE 11

/* The day number of year y, month m (1-12), day d (1-31) into *out.
 * Returns -1, leaving *out alone, when y is outside 1..9999 or the date does
 * not exist (2026-02-29, 2026-04-31). */
int hl_calendar_day_from_ymd(int y, int m, int d, int32_t *out);
/* Split a day number into year, month, day; one outside
 * HL_CALENDAR_DAY_MIN..MAX is a bug. */
void hl_calendar_day_to_ymd(int32_t day, int *y, int *m, int *d);
/* ISO weekday of any day number: 1 = Monday ... 7 = Sunday. */
int hl_calendar_weekday(int32_t day);

/*
 * Parse exactly "YYYY-MM-DD": ten bytes, zero-padded, an existing date
 * ("2028-02-29" yes; "2026-02-29", "2026-1-1", " 2026-01-01" no).  Returns 0
 * with the day number in *out, or -1 leaving *out alone.  Callers that need a
 * per-field message use hl_valid_date() instead.
 */
int hl_calendar_date_parse(struct hl_str s, int32_t *out);
/*
 * A date as spreadsheets and people write it: "YYYY-MM-DD" and the same
 * with "/" or "." and one-digit months and days ("2027/1/1"), "2027年1月1日",
 * or a bare number, which is an Excel date serial (days since 1899-12-30,
 * 1 to 2958465: a date cell read without its style).  A time after a
 * space ("2027/1/1 0:00") is ignored.  Returns 0 with the day number, or
 * -1 leaving *out alone.
 */
int hl_calendar_date_parse_loose(struct hl_str s, int32_t *out);
/* Write "YYYY-MM-DD" and a NUL into out.  A day outside
 * HL_CALENDAR_DAY_MIN..MAX is a bug. */
void hl_calendar_date_format(int32_t day, char out[HL_CALENDAR_DATE_SIZE]);

/* What a listed day is, whatever its weekday. */
enum hl_calendar_kind {
	HL_CALENDAR_HOLIDAY = 1, /* a day off, even from Monday to Friday */
	HL_CALENDAR_WORKDAY = 2, /* a working day, even on a weekend (调休) */
};

/* "holiday", "workday" (the CSV and calendar_days.kind spelling); the parse
 * returns -1 for anything else. */
const char *hl_calendar_kind_name(enum hl_calendar_kind kind);
int hl_calendar_kind_parse(struct hl_str s, enum hl_calendar_kind *out);

/*
 * The listed days, sorted by date once sealed.  Declare it "= { 0 }": an
 * empty calendar is sealed and knows no holidays.  Build it with
 * hl_calendar_add() for each row and then hl_calendar_seal(), or with
 * hl_calendar_load_csv(); free it with hl_calendar_release().  A sealed
 * calendar is read-only and may be shared between threads; queries allocate
 * nothing and use binary search.  Querying an unsealed calendar is a bug.
 */
struct hl_calendar {
	struct hl_calendar_day *days; /* owned */
	size_t n_days;
	size_t cap;
	bool unsealed; /* days were added since the last seal */
};

/* Append one listed day.  The calendar is unsealed until
 * hl_calendar_seal().  The day number must be a valid date (a bug if not). */
void hl_calendar_add(struct hl_calendar *cal, int32_t day,
    enum hl_calendar_kind kind);
/*
 * Sort the listed days and drop exact duplicates.  A date listed both as a
 * holiday and as a working day is an error: 422 validation_failed naming
 * the date; the calendar is then emptied (released).  Returns 0 or -1.
 */
int hl_calendar_seal(struct hl_calendar *cal, struct hl_err *err);
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
int hl_calendar_load_csv(struct hl_calendar *cal, const char *text, size_t len,
    struct hl_err *err);
/* Free the days; cal is empty (and sealed) after. */
void hl_calendar_release(struct hl_calendar *cal);

/* True when people work on that day. */
bool hl_calendar_is_workday(const struct hl_calendar *cal, int32_t day);
/*
 * Working days in (a, b]: a itself is not counted, b is.  When b < a, the
 * negated count of working days in (b, a].  So for a deadline due, on day
 * today: hl_calendar_workdays_between(cal, today, due) is the "剩余 N 个工作日"
 * countdown (0 on the deadline itself) and, once it is negative, minus the
 * working days the case is overdue.  Defined for every int32_t.
 */
int64_t hl_calendar_workdays_between(const struct hl_calendar *cal, int32_t a,
    int32_t b);
/*
 * For n > 0 the n-th working day after day (day itself not counted: a case
 * accepted on Friday with n = 1 is due on the next working day); for n < 0
 * the -n-th working day before day.  Returns 0 with the result in *out, or
 * -1 with 422 validation_failed when n is 0 or when day or the result lies
 * outside HL_CALENDAR_DAY_MIN..MAX.
 */
int hl_calendar_add_workdays(const struct hl_calendar *cal, int32_t day, int n,
    int32_t *out, struct hl_err *err);

#endif /* HL_CALENDAR_H */
