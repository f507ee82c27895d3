/*
 * Dates of the Chinese working calendar: day numbers, parsing YYYY-MM-DD,
 * weekdays, and the kinds of listed days (public holidays and make-up
 * working days, 调休).  Pure: no database, no clock, no time zone.  The
 * working-day arithmetic itself is PostgreSQL's (hl_add_workdays(),
 * hl_workdays_between(), hl_is_workday()).
 */
#ifndef HL_CALENDAR_H
#define HL_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "str.h"

/*
 * A date is an int32_t day number: days since 1970-01-01 in the proleptic
 * Gregorian calendar (negative before), so that comparing dates and counting
 * calendar days are plain arithmetic.  Dates that can be parsed
 * run from 0001-01-01 to 9999-12-31.
 */
#define HL_CALENDAR_DAY_MIN (-719162) /* 0001-01-01 */
#define HL_CALENDAR_DAY_MAX 2932896   /* 9999-12-31 */

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
 * or a bare five-digit number, which is an Excel date serial (days since
 * 1899-12-30: a date cell read without its style; 10000 to 99999 is
 * 1927-05-18 to 2173-10-13, and a bare year is no date).  A time after a
 * space ("2027/1/1 0:00") is ignored.  Returns 0 with the day number, or
 * -1 leaving *out alone.  For imports (deadline.c's calendar import).
 */
int hl_calendar_date_parse_loose(struct hl_str s, int32_t *out);

/* Bytes for a formatted date: "YYYY-MM-DD" and the NUL. */
#define HL_CALENDAR_DATE_SIZE 11
/* Write "YYYY-MM-DD" and a NUL into out.  A day outside
 * HL_CALENDAR_DAY_MIN..MAX is a bug. */
void hl_calendar_date_format(int32_t day, char out[HL_CALENDAR_DATE_SIZE]);

/* What a listed day is, whatever its weekday. */
enum hl_calendar_kind {
	HL_CALENDAR_HOLIDAY = 1, /* a day off, even from Monday to Friday */
	HL_CALENDAR_WORKDAY = 2, /* a working day, even on a weekend (调休) */
};

/* Parse "holiday" or "workday" (the calendar_days.kind spelling); -1 for
 * anything else. */
int hl_calendar_kind_parse(struct hl_str s, enum hl_calendar_kind *out);

#endif /* HL_CALENDAR_H */
