/*
 * Dates as day numbers (H. Hinnant's civil-from-days arithmetic), parsing
 * YYYY-MM-DD, weekdays and the kinds of listed days.
 * Working-day arithmetic is PostgreSQL's (hl_add_workdays() and friends,
 * over the calendar_days table); tests/lib/tcal.c is its C reference.
 */
#include "calendar.h"

#include <stdio.h>
#include <string.h>

#include "mem.h"
#include "str.h"

static const char *const kind_names[] = {
	[HL_CALENDAR_HOLIDAY] = "holiday",
	[HL_CALENDAR_WORKDAY] = "workday",
};

static bool
leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
	static const int n[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
		31 };

	return m == 2 && leap_year(y) ? 29 : n[m - 1];
}

/* Division rounding towards minus infinity, for days before 1970. */
static int64_t
floor_div(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

int
hl_calendar_day_from_ymd(int y, int m, int d, int32_t *out)
{
	int64_t era, yoe, doy, doe;

	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 ||
	    d > month_days(y, m))
		return -1;
	/* H. Hinnant, "chrono-Compatible Low-Level Date Algorithms",
	 * days_from_civil: years start in March so February comes last. */
	if (m <= 2)
		y--;
	era = floor_div(y, 400);
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	*out = (int32_t)(era * 146097 + doe - 719468);
	return 0;
}

void
hl_calendar_day_to_ymd(int32_t day, int *y, int *m, int *d)
{
	int64_t z, era, doe, yoe, doy, mp;

	if (day < HL_CALENDAR_DAY_MIN || day > HL_CALENDAR_DAY_MAX)
		HL_BUG("calendar: day number out of range");
	/* Hinnant's civil_from_days, the inverse of the above. */
	z = (int64_t)day + 719468;
	era = floor_div(z, 146097);
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int
hl_calendar_weekday(int32_t day)
{
	/* 1970-01-01 was a Thursday. */
	int64_t t = (int64_t)day + 3;

	return (int)(t - floor_div(t, 7) * 7) + 1;
}

int
hl_calendar_date_parse(struct hl_str s, int32_t *out)
{
	int y, m, d;

	if (s.len != 10 || s.p[4] != '-' || s.p[7] != '-')
		return -1;
	y = hl_str_digits(s.p, 4);
	m = hl_str_digits(s.p + 5, 2);
	d = hl_str_digits(s.p + 8, 2);
	if (y == -1 || m == -1 || d == -1)
		return -1;
	return hl_calendar_day_from_ymd(y, m, d, out);
}

int
hl_calendar_kind_parse(struct hl_str s, enum hl_calendar_kind *out)
{
	if (hl_str_eq(s, kind_names[HL_CALENDAR_HOLIDAY]))
		*out = HL_CALENDAR_HOLIDAY;
	else if (hl_str_eq(s, kind_names[HL_CALENDAR_WORKDAY]))
		*out = HL_CALENDAR_WORKDAY;
	else
		return -1;
	return 0;
}

/* Up to max digits at s.p[*i], as a number; -1 when there are none. */
static int
digits_at(struct hl_str s, size_t *i, int max)
{
	int v = 0;
	int n = 0;

	while (*i < s.len && n < max && s.p[*i] >= '0' && s.p[*i] <= '9') {
		v = v * 10 + (s.p[*i] - '0');
		(*i)++;
		n++;
	}
	return n == 0 ? -1 : v;
}

/* The separator at s.p[*i] (one of "-/." or the UTF-8 cjk), skipped. */
static bool
skip_sep(struct hl_str s, size_t *i, const char *cjk)
{
	size_t n = strlen(cjk);

	if (*i < s.len && strchr("-/.", s.p[*i]) != NULL) {
		(*i)++;
		return true;
	}
	if (*i + n <= s.len && memcmp(s.p + *i, cjk, n) == 0) {
		*i += n;
		return true;
	}
	return false;
}

int
hl_calendar_date_parse_loose(struct hl_str s, int32_t *out)
{
	size_t i = 0;
	int y, m, d;
	int64_t serial;
	int32_t base;

	if (s.len > 0 && s.len <= 7 && hl_str_to_i64(s, &serial) == 0) {
		/* Excel's 1900 date system, past its fictitious 1900-02-29;
		 * five digits, so that a bare year is not taken for one. */
		if (serial < 10000 || serial > 99999 ||
		    hl_calendar_day_from_ymd(1899, 12, 30, &base) == -1)
			return -1;
		*out = base + (int32_t)serial;
		return 0;
	}
	y = digits_at(s, &i, 4);
	if (y == -1 || i != 4 || !skip_sep(s, &i, "年"))
		return -1;
	m = digits_at(s, &i, 2);
	if (m == -1 || !skip_sep(s, &i, "月"))
		return -1;
	d = digits_at(s, &i, 2);
	if (d == -1)
		return -1;
	if (i + 3 <= s.len && memcmp(s.p + i, "日", 3) == 0)
		i += 3;
	if (i < s.len && s.p[i] != ' ')
		return -1;
	return hl_calendar_day_from_ymd(y, m, d, out);
}

void
hl_calendar_date_format(int32_t day, char out[HL_CALENDAR_DATE_SIZE])
{
	int y, m, d;

	hl_calendar_day_to_ymd(day, &y, &m, &d);
	snprintf(out, HL_CALENDAR_DATE_SIZE, "%04d-%02d-%02d", y, m, d);
}
