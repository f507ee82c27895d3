/*
 * Unit tests for calendar.c (date parsing, weekdays, kinds) and for the
 * reference working-day calendar in tests/lib/tcal.c that the SQL
 * functions are checked against: date formatting, the 2026 official
 * holiday file, and working-day arithmetic checked against hand-computed
 * dates and against a naive day-by-day count.
 */
/* link: calendar tcal err mem log str */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "calendar.h"
#include "err.h"
#include "str.h"
#include "tcal.h"

#define CSV_PATH "tests/unit/data/cn-calendar-2026.csv"

static int32_t
day_of(const char *s)
{
	int32_t d = 0;

	if (hl_calendar_date_parse(hl_str_from(s), &d) == -1)
		fail_msg("bad date in test: %s", s);
	return d;
}

static char *
read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p;
	long n;

	if (f == NULL)
		fail_msg("cannot open %s (run from the repository root)", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	p = malloc((size_t)n + 1);
	assert_non_null(p);
	assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
	p[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return p;
}

static int
setup_2026(void **state)
{
	struct tcal *cal = calloc(1, sizeof(*cal));
	struct hl_err err = { 0 };
	size_t len;
	char *text;

	if (cal == NULL)
		return -1;
	text = read_file(CSV_PATH, &len);
	if (tcal_load_csv(cal, text, len, &err) == -1) {
		fprintf(stderr, "load_csv: %s\n", err.msg);
		free(text);
		free(cal);
		return -1;
	}
	free(text);
	*state = cal;
	return 0;
}

static int
teardown_2026(void **state)
{
	struct tcal *cal = *state;

	tcal_release(cal);
	free(cal);
	return 0;
}

/* The n-th working day from `from` as "YYYY-MM-DD"; asserts success. */
static const char *
add(const struct tcal *cal, const char *from, int n)
{
	static char out[TCAL_DATE_SIZE];
	struct hl_err err = { 0 };
	int32_t d = 0;

	assert_int_equal(tcal_add_workdays(cal, day_of(from), n, &d, &err), 0);
	assert_false(hl_err_is_set(&err));
	tcal_date_format(d, out);
	return out;
}

static int64_t
between(const struct tcal *cal, const char *a, const char *b)
{
	return tcal_workdays_between(cal, day_of(a), day_of(b));
}

/* ---- dates ---- */

static void
test_date_parse_valid_dates_accepted(void **state)
{
	int32_t d = 0;

	(void)state;
	assert_int_equal(day_of("1970-01-01"), 0);
	assert_int_equal(day_of("1970-01-02"), 1);
	assert_int_equal(day_of("1969-12-31"), -1);
	assert_int_equal(day_of("2000-03-01"), 11017);
	assert_int_equal(day_of("2026-01-01"), 20454);
	assert_int_equal(day_of("0001-01-01"), HL_CALENDAR_DAY_MIN);
	assert_int_equal(day_of("9999-12-31"), HL_CALENDAR_DAY_MAX);
	assert_int_equal(day_of("2028-02-29"), day_of("2028-02-28") + 1);
	assert_int_equal(day_of("2028-03-01"), day_of("2028-02-29") + 1);
	assert_int_equal(day_of("2000-02-29"), day_of("2000-03-01") - 1);
	assert_int_equal(day_of("2026-12-31"), day_of("2026-01-01") + 364);
	/* A slice need not be NUL-terminated. */
	assert_int_equal(hl_calendar_date_parse(
	                     (struct hl_str){ "2026-02-14T00:00", 10 }, &d),
	    0);
	assert_int_equal(d, day_of("2026-02-14"));
}

static void
test_date_parse_invalid_dates_refused(void **state)
{
	static const char *const bad[] = {
		"2026-02-29", /* 2026 is not a leap year */
		"1900-02-29", /* nor is 1900 */
		"2026-02-30",
		"2026-04-31",
		"2026-06-31",
		"2026-09-31",
		"2026-11-31",
		"2026-01-32",
		"2026-13-01",
		"2026-00-10",
		"2026-01-00",
		"0000-01-01",
		"2026-1-1",
		"2026-01-1",
		"26-01-01",
		"2026-01-01 ",
		" 2026-01-01",
		"2026/01/01",
		"2026.01.01",
		"20260101",
		"2026-01-01T",
		"+026-01-01",
		"-026-01-01",
		"2026--1-01",
		"2026-+1-01",
		"2026-0a-01",
		"２０２６-01-01",
		"",
		"10000-01-01",
	};
	int32_t d = 12345;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (hl_calendar_date_parse(hl_str_from(bad[i]), &d) != -1)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_int_equal(d, 12345);
	}
	/* An embedded NUL is not a digit. */
	assert_int_equal(
	    hl_calendar_date_parse((struct hl_str){ "2026-01-0\0", 10 }, &d),
	    -1);
}

static void
test_day_from_ymd_checks_ranges(void **state)
{
	int32_t d = 7;

	(void)state;
	assert_int_equal(hl_calendar_day_from_ymd(2026, 2, 14, &d), 0);
	assert_int_equal(d, day_of("2026-02-14"));
	d = 7;
	assert_int_equal(hl_calendar_day_from_ymd(2026, 2, 29, &d), -1);
	assert_int_equal(hl_calendar_day_from_ymd(2024, 2, 30, &d), -1);
	assert_int_equal(hl_calendar_day_from_ymd(0, 1, 1, &d), -1);
	assert_int_equal(hl_calendar_day_from_ymd(10000, 1, 1, &d), -1);
	assert_int_equal(hl_calendar_day_from_ymd(2026, 0, 1, &d), -1);
	assert_int_equal(hl_calendar_day_from_ymd(2026, 13, 1, &d), -1);
	assert_int_equal(hl_calendar_day_from_ymd(2026, 1, 0, &d), -1);
	assert_int_equal(hl_calendar_day_from_ymd(2026, 1, -1, &d), -1);
	assert_int_equal(d, 7);
}

/* Every day number in range formats, parses back to itself, and is the day
 * after the one before it. */
static void
test_date_every_day_round_trips(void **state)
{
	char s[TCAL_DATE_SIZE];
	int py = 0, pm = 12, pd = 31;
	int y, m, d;
	int32_t day, back;
	bool next;

	(void)state;
	for (day = HL_CALENDAR_DAY_MIN; day <= HL_CALENDAR_DAY_MAX; day++) {
		hl_calendar_day_to_ymd(day, &y, &m, &d);
		next = (y == py && m == pm && d == pd + 1) ||
		    (y == py && m == pm + 1 && d == 1) ||
		    (y == py + 1 && pm == 12 && m == 1 && d == 1);
		if (!next)
			fail_msg("day %d: %d-%d-%d after %d-%d-%d", (int)day, y,
			    m, d, py, pm, pd);
		if (hl_calendar_day_from_ymd(y, m, d, &back) == -1 ||
		    back != day)
			fail_msg("day %d does not round-trip", (int)day);
		if (day % 97 == 0 || d == 29 ||
		    day >= HL_CALENDAR_DAY_MAX - 3) {
			tcal_date_format(day, s);
			assert_int_equal(strlen(s), 10);
			assert_int_equal(
			    hl_calendar_date_parse(hl_str_from(s), &back), 0);
			assert_int_equal(back, day);
		}
		py = y;
		pm = m;
		pd = d;
	}
	assert_int_equal(py, 9999);
}

static void
test_date_format_zero_pads(void **state)
{
	char s[TCAL_DATE_SIZE];

	(void)state;
	tcal_date_format(HL_CALENDAR_DAY_MIN, s);
	assert_string_equal(s, "0001-01-01");
	tcal_date_format(0, s);
	assert_string_equal(s, "1970-01-01");
	tcal_date_format(-1, s);
	assert_string_equal(s, "1969-12-31");
	tcal_date_format(20454 + 31 + 13, s);
	assert_string_equal(s, "2026-02-14");
	tcal_date_format(HL_CALENDAR_DAY_MAX, s);
	assert_string_equal(s, "9999-12-31");
}

/* Dates as imported files write them, Excel serials included. */
static void
test_date_parse_loose_forms(void **state)
{
	static const char *const good[][2] = {
		{ "2027-01-01", "2027-01-01" },
		{ "2027/1/2", "2027-01-02" },
		{ "2027.01.03", "2027-01-03" },
		{ "2027年1月4日", "2027-01-04" },
		{ "2027-1-5", "2027-01-05" },
		{ "2027/1/6 0:00", "2027-01-06" },
		{ "46388", "2027-01-01" }, /* Excel's serial of 2027-01-01 */
		{ "10000", "1927-05-18" },
	};
	static const char *const bad[] = { "2027/13/1", "2027-02-29", "明天",
		"27/1/1", "9999", "100000", "2027-1-1x", "", "2027",
		"2027年1月", "-5", "99999999" };
	char out[HL_CALENDAR_DATE_SIZE];
	int32_t day;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		day = INT32_MIN;
		if (hl_calendar_date_parse_loose(hl_str_from(good[i][0]),
		        &day) != 0)
			fail_msg("refused \"%s\"", good[i][0]);
		hl_calendar_date_format(day, out);
		assert_string_equal(out, good[i][1]);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		day = 7;
		if (hl_calendar_date_parse_loose(hl_str_from(bad[i]), &day) !=
		    -1)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_int_equal(day, 7);
	}
}

static void
test_weekday_iso_numbers(void **state)
{
	(void)state;
	assert_int_equal(hl_calendar_weekday(day_of("1970-01-01")), 4);
	assert_int_equal(hl_calendar_weekday(day_of("1969-12-29")), 1);
	assert_int_equal(hl_calendar_weekday(day_of("1969-12-28")), 7);
	assert_int_equal(hl_calendar_weekday(day_of("2026-01-01")), 4);
	assert_int_equal(hl_calendar_weekday(day_of("2026-01-04")), 7);
	assert_int_equal(hl_calendar_weekday(day_of("2026-02-14")), 6);
	assert_int_equal(hl_calendar_weekday(day_of("2026-02-16")), 1);
	assert_int_equal(hl_calendar_weekday(day_of("2026-09-20")), 7);
	assert_int_equal(hl_calendar_weekday(day_of("2026-10-10")), 6);
	assert_int_equal(hl_calendar_weekday(day_of("0001-01-01")), 1);
	assert_int_equal(hl_calendar_weekday(day_of("9999-12-31")), 5);
	/* -2147483648 = 7 * -306783378 - 2: two days before a Thursday. */
	assert_int_equal(hl_calendar_weekday(INT32_MIN), 2);
	assert_int_equal(hl_calendar_weekday(INT32_MAX), 5);
}

static void
test_kind_names_parse(void **state)
{
	enum hl_calendar_kind k = HL_CALENDAR_HOLIDAY;

	(void)state;
	assert_int_equal(hl_calendar_kind_parse(hl_str_from("workday"), &k), 0);
	assert_int_equal(k, HL_CALENDAR_WORKDAY);
	assert_int_equal(hl_calendar_kind_parse(hl_str_from("holiday"), &k), 0);
	assert_int_equal(k, HL_CALENDAR_HOLIDAY);
	assert_int_equal(hl_calendar_kind_parse(hl_str_from("Holiday"), &k),
	    -1);
	assert_int_equal(hl_calendar_kind_parse(hl_str_from("work"), &k), -1);
	assert_int_equal(hl_calendar_kind_parse(hl_str_from(""), &k), -1);
}

/* ---- the 2026 calendar ---- */

static void
test_csv_2026_is_workday(void **state)
{
	const struct tcal *cal = *state;

	assert_int_equal(cal->n_days, 39);
	/* New Year: Thu 01-01 to Sat 01-03 off, Sunday 01-04 worked. */
	assert_false(tcal_is_workday(cal, day_of("2026-01-01")));
	assert_false(tcal_is_workday(cal, day_of("2026-01-02")));
	assert_false(tcal_is_workday(cal, day_of("2026-01-03")));
	assert_true(tcal_is_workday(cal, day_of("2026-01-04")));
	assert_true(tcal_is_workday(cal, day_of("2026-01-05")));
	/* Spring Festival. */
	assert_true(tcal_is_workday(cal, day_of("2026-02-13")));
	assert_true(tcal_is_workday(cal, day_of("2026-02-14")));
	assert_false(tcal_is_workday(cal, day_of("2026-02-15")));
	assert_false(tcal_is_workday(cal, day_of("2026-02-16")));
	assert_false(tcal_is_workday(cal, day_of("2026-02-20")));
	assert_false(tcal_is_workday(cal, day_of("2026-02-23")));
	assert_true(tcal_is_workday(cal, day_of("2026-02-24")));
	assert_true(tcal_is_workday(cal, day_of("2026-02-28")));
	assert_false(tcal_is_workday(cal, day_of("2026-03-01")));
	/* Mid-Autumn and National Day. */
	assert_true(tcal_is_workday(cal, day_of("2026-09-20")));
	assert_false(tcal_is_workday(cal, day_of("2026-09-25")));
	assert_false(tcal_is_workday(cal, day_of("2026-10-01")));
	assert_false(tcal_is_workday(cal, day_of("2026-10-05")));
	assert_false(tcal_is_workday(cal, day_of("2026-10-07")));
	assert_true(tcal_is_workday(cal, day_of("2026-10-08")));
	assert_true(tcal_is_workday(cal, day_of("2026-10-10")));
	assert_false(tcal_is_workday(cal, day_of("2026-10-11")));
	/* Plain weeks, and a year the file does not cover. */
	assert_true(tcal_is_workday(cal, day_of("2026-03-11")));
	assert_false(tcal_is_workday(cal, day_of("2026-03-14")));
	assert_false(tcal_is_workday(cal, day_of("2026-03-15")));
	assert_true(tcal_is_workday(cal, day_of("2027-01-01")));
	assert_false(tcal_is_workday(cal, day_of("2025-12-28")));
}

static void
test_add_workdays_spring_festival(void **state)
{
	const struct tcal *cal = *state;

	assert_string_equal(add(cal, "2026-02-13", 1), "2026-02-14");
	assert_string_equal(add(cal, "2026-02-13", 2), "2026-02-24");
	assert_string_equal(add(cal, "2026-02-12", 3), "2026-02-24");
	assert_string_equal(add(cal, "2026-02-14", 1), "2026-02-24");
	assert_string_equal(add(cal, "2026-02-15", 1), "2026-02-24");
	assert_string_equal(add(cal, "2026-02-20", 1), "2026-02-24");
	assert_string_equal(add(cal, "2026-02-24", 4), "2026-02-28");
	assert_string_equal(add(cal, "2026-02-24", 5), "2026-03-02");
	assert_string_equal(add(cal, "2026-02-24", -1), "2026-02-14");
	assert_string_equal(add(cal, "2026-02-24", -2), "2026-02-13");
	assert_string_equal(add(cal, "2026-02-14", -1), "2026-02-13");
}

static void
test_add_workdays_national_day(void **state)
{
	const struct tcal *cal = *state;

	assert_string_equal(add(cal, "2026-09-30", 1), "2026-10-08");
	assert_string_equal(add(cal, "2026-09-30", 2), "2026-10-09");
	assert_string_equal(add(cal, "2026-09-30", 3), "2026-10-10");
	assert_string_equal(add(cal, "2026-09-30", 4), "2026-10-12");
	assert_string_equal(add(cal, "2026-10-08", -1), "2026-09-30");
	/* Mid-Autumn and its make-up Sunday 09-20. */
	assert_string_equal(add(cal, "2026-09-18", 1), "2026-09-20");
	assert_string_equal(add(cal, "2026-09-24", 1), "2026-09-28");
}

static void
test_add_workdays_new_year_and_others(void **state)
{
	const struct tcal *cal = *state;

	assert_string_equal(add(cal, "2025-12-31", 1), "2026-01-04");
	assert_string_equal(add(cal, "2025-12-31", 2), "2026-01-05");
	assert_string_equal(add(cal, "2026-01-05", -1), "2026-01-04");
	assert_string_equal(add(cal, "2026-01-05", -2), "2025-12-31");
	assert_string_equal(add(cal, "2026-04-03", 1), "2026-04-07");
	assert_string_equal(add(cal, "2026-04-30", 1), "2026-05-06");
	assert_string_equal(add(cal, "2026-04-30", 4), "2026-05-09");
	assert_string_equal(add(cal, "2026-06-18", 1), "2026-06-22");
	/* 2026 has 248 working days. */
	assert_string_equal(add(cal, "2025-12-31", 248), "2026-12-31");
	assert_string_equal(add(cal, "2027-01-01", -248), "2026-01-04");
}

static void
test_add_workdays_plain_weeks(void **state)
{
	const struct tcal *cal = *state;
	struct tcal empty = { 0 };

	assert_string_equal(add(cal, "2026-03-06", 1), "2026-03-09");
	assert_string_equal(add(cal, "2026-03-07", 1), "2026-03-09");
	assert_string_equal(add(cal, "2026-03-08", 1), "2026-03-09");
	assert_string_equal(add(cal, "2026-03-02", 5), "2026-03-09");
	assert_string_equal(add(cal, "2026-03-02", 10), "2026-03-16");
	assert_string_equal(add(cal, "2026-03-09", -1), "2026-03-06");
	assert_string_equal(add(cal, "2026-03-08", -1), "2026-03-06");
	/* An empty calendar knows only weekends. */
	assert_string_equal(add(&empty, "2026-02-13", 1), "2026-02-16");
	assert_string_equal(add(&empty, "2026-09-30", 1), "2026-10-01");
	assert_string_equal(add(&empty, "1969-12-31", 1), "1970-01-01");
	assert_string_equal(add(&empty, "1970-01-02", 1), "1970-01-05");
	assert_string_equal(add(&empty, "1970-01-05", -1), "1970-01-02");
	assert_string_equal(add(&empty, "1969-12-26", 1), "1969-12-29");
}

static void
test_add_workdays_errors(void **state)
{
	const struct tcal *cal = *state;
	struct hl_err err = { 0 };
	int32_t d = 99;

	assert_int_equal(
	    tcal_add_workdays(cal, day_of("2026-03-02"), 0, &d, &err), -1);
	assert_int_equal(err.status, 422);
	assert_string_equal(err.code, "validation_failed");
	assert_string_equal(err.msg, "工作日数不能为 0");
	hl_err_clear(&err);
	assert_int_equal(
	    tcal_add_workdays(cal, HL_CALENDAR_DAY_MAX, 1, &d, &err), -1);
	assert_int_equal(err.status, 422);
	assert_non_null(strstr(err.msg, "超出"));
	hl_err_clear(&err);
	assert_int_equal(
	    tcal_add_workdays(cal, HL_CALENDAR_DAY_MIN, -1, &d, &err), -1);
	hl_err_clear(&err);
	assert_int_equal(
	    tcal_add_workdays(cal, HL_CALENDAR_DAY_MAX + 1, 1, &d, &err), -1);
	hl_err_clear(&err);
	assert_int_equal(
	    tcal_add_workdays(cal, day_of("2026-03-02"), 2147483647, &d, &err),
	    -1);
	hl_err_clear(&err);
	assert_int_equal(tcal_add_workdays(cal, day_of("2026-03-02"),
	                     -2147483647 - 1, &d, &err),
	    -1);
	assert_int_equal(d, 99);
	/* Reaching the last supported day (a Friday) is fine. */
	hl_err_clear(&err);
	assert_int_equal(
	    tcal_add_workdays(cal, HL_CALENDAR_DAY_MAX - 1, 1, &d, &err), 0);
	assert_int_equal(d, HL_CALENDAR_DAY_MAX);
}

static void
test_workdays_between_2026(void **state)
{
	const struct tcal *cal = *state;

	assert_int_equal(between(cal, "2026-02-13", "2026-02-24"), 2);
	assert_int_equal(between(cal, "2026-02-24", "2026-02-13"), -2);
	assert_int_equal(between(cal, "2026-02-14", "2026-02-23"), 0);
	assert_int_equal(between(cal, "2026-02-14", "2026-02-14"), 0);
	assert_int_equal(between(cal, "2026-09-30", "2026-10-12"), 4);
	assert_int_equal(between(cal, "2026-10-12", "2026-09-30"), -4);
	assert_int_equal(between(cal, "2026-01-01", "2026-01-04"), 1);
	assert_int_equal(between(cal, "2025-12-31", "2026-12-31"), 248);
	assert_int_equal(between(cal, "2026-12-31", "2025-12-31"), -248);
	/* Countdown on a case due 2026-02-24, seen from before the break. */
	assert_int_equal(between(cal, "2026-02-12", "2026-02-24"), 3);
	/* Overdue by one working day on 2026-10-08, due 2026-09-30. */
	assert_int_equal(between(cal, "2026-10-08", "2026-09-30"), -1);
	/* Plain weeks. */
	assert_int_equal(between(cal, "2026-03-02", "2026-03-09"), 5);
	assert_int_equal(between(cal, "2026-03-06", "2026-03-08"), 0);
	assert_int_equal(between(cal, "2026-03-07", "2026-03-09"), 1);
	/* The whole supported range on an empty calendar, and beyond. */
	{
		struct tcal empty = { 0 };

		assert_int_equal(tcal_workdays_between(&empty,
		                     day_of("1969-12-26"),
		                     day_of("1970-01-05")),
		    6);
		assert_int_equal(tcal_workdays_between(&empty,
		                     HL_CALENDAR_DAY_MIN - 1,
		                     HL_CALENDAR_DAY_MAX),
		    (int64_t)(HL_CALENDAR_DAY_MAX - HL_CALENDAR_DAY_MIN + 1) /
		            7 * 5 +
		        5);
		assert_true(tcal_workdays_between(&empty, INT32_MIN,
		                INT32_MAX) > INT32_MAX);
	}
}

/* Whether d is worked, the slow way, from the days the CSV lists. */
static bool
naive_is_workday(const int32_t *hol, size_t n_hol, const int32_t *work,
    size_t n_work, int32_t d)
{
	size_t i;

	for (i = 0; i < n_hol; i++)
		if (hol[i] == d)
			return false;
	for (i = 0; i < n_work; i++)
		if (work[i] == d)
			return true;
	return hl_calendar_weekday(d) <= 5;
}

/* Every pair of days from December 2025 to January 2027 and every n in
 * -40..40, against counting one day at a time. */
static void
test_workdays_match_naive_count(void **state)
{
	const struct tcal *cal = *state;
	static const char *const hol_s[] = { "2026-01-01", "2026-01-02",
		"2026-01-03", "2026-02-15", "2026-02-16", "2026-02-17",
		"2026-02-18", "2026-02-19", "2026-02-20", "2026-02-21",
		"2026-02-22", "2026-02-23", "2026-04-04", "2026-04-05",
		"2026-04-06", "2026-05-01", "2026-05-02", "2026-05-03",
		"2026-05-04", "2026-05-05", "2026-06-19", "2026-06-20",
		"2026-06-21", "2026-09-25", "2026-09-26", "2026-09-27",
		"2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04",
		"2026-10-05", "2026-10-06", "2026-10-07" };
	static const char *const work_s[] = { "2026-01-04", "2026-02-14",
		"2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10" };
	int32_t hol[sizeof(hol_s) / sizeof(hol_s[0])];
	int32_t work[sizeof(work_s) / sizeof(work_s[0])];
	size_t n_hol = sizeof(hol) / sizeof(hol[0]);
	size_t n_work = sizeof(work) / sizeof(work[0]);
	int32_t first = day_of("2025-12-01");
	int32_t last = day_of("2027-01-31");
	int64_t *upto;
	int32_t a, b, d, got;
	size_t i;
	int n, k;

	for (i = 0; i < n_hol; i++)
		hol[i] = day_of(hol_s[i]);
	for (i = 0; i < n_work; i++)
		work[i] = day_of(work_s[i]);
	upto = calloc((size_t)(last - first + 1), sizeof(*upto));
	assert_non_null(upto);
	for (d = first; d <= last; d++) {
		bool w = naive_is_workday(hol, n_hol, work, n_work, d);

		assert_int_equal(tcal_is_workday(cal, d), w);
		upto[d - first] = (d > first ? upto[d - first - 1] : 0) + w;
	}
	for (a = first; a <= last; a++)
		for (b = first; b <= last; b++)
			if (tcal_workdays_between(cal, a, b) !=
			    upto[b - first] - upto[a - first])
				fail_msg("between %d %d", (int)a, (int)b);
	for (a = first + 70; a <= last - 70; a++) {
		for (n = -40; n <= 40; n++) {
			if (n == 0)
				continue;
			d = a;
			for (k = n > 0 ? n : -n; k > 0;) {
				d += n > 0 ? 1 : -1;
				k -= naive_is_workday(hol, n_hol, work, n_work,
				    d);
			}
			assert_int_equal(
			    tcal_add_workdays(cal, a, n, &got, NULL), 0);
			if (got != d)
				fail_msg("add %d %d: %d, want %d", (int)a, n,
				    (int)got, (int)d);
		}
	}
	free(upto);
}

/* ---- building ---- */

static void
test_add_and_seal_sorts_and_dedupes(void **state)
{
	struct tcal cal = { 0 };
	struct hl_err err = { 0 };

	(void)state;
	tcal_add(&cal, day_of("2026-10-10"), HL_CALENDAR_WORKDAY);
	tcal_add(&cal, day_of("2026-10-01"), HL_CALENDAR_HOLIDAY);
	tcal_add(&cal, day_of("2026-09-30"), HL_CALENDAR_HOLIDAY);
	tcal_add(&cal, day_of("2026-10-01"), HL_CALENDAR_HOLIDAY);
	assert_true(cal.unsealed);
	assert_int_equal(tcal_seal(&cal, &err), 0);
	assert_false(cal.unsealed);
	assert_int_equal(cal.n_days, 3);
	assert_false(tcal_is_workday(&cal, day_of("2026-09-30")));
	assert_false(tcal_is_workday(&cal, day_of("2026-10-01")));
	assert_true(tcal_is_workday(&cal, day_of("2026-10-02")));
	assert_true(tcal_is_workday(&cal, day_of("2026-10-10")));
	assert_int_equal(tcal_workdays_between(&cal, day_of("2026-09-29"),
	                     day_of("2026-10-11")),
	    8 - 2 + 1);
	/* Adding after a seal needs another seal. */
	tcal_add(&cal, day_of("2026-10-02"), HL_CALENDAR_HOLIDAY);
	assert_int_equal(tcal_seal(&cal, &err), 0);
	assert_int_equal(cal.n_days, 4);
	assert_false(tcal_is_workday(&cal, day_of("2026-10-02")));
	tcal_release(&cal);
	assert_null(cal.days);
	assert_int_equal(cal.n_days, 0);
	tcal_release(&cal);
}

static void
test_seal_conflict_refused(void **state)
{
	struct tcal cal = { 0 };
	struct hl_err err = { 0 };

	(void)state;
	tcal_add(&cal, day_of("2026-02-14"), HL_CALENDAR_WORKDAY);
	tcal_add(&cal, day_of("2026-02-15"), HL_CALENDAR_HOLIDAY);
	tcal_add(&cal, day_of("2026-02-14"), HL_CALENDAR_HOLIDAY);
	assert_int_equal(tcal_seal(&cal, &err), -1);
	assert_int_equal(err.status, 422);
	assert_string_equal(err.code, "validation_failed");
	assert_string_equal(err.msg,
	    "日历中 2026-02-14 既是节假日又是调休工作日");
	assert_int_equal(cal.n_days, 0);
	assert_false(cal.unsealed);
	assert_null(cal.days);
}

/* The same days added as rows (as from calendar_days) answer like the CSV. */
static void
test_rows_match_csv(void **state)
{
	const struct tcal *csv = *state;
	struct tcal rows = { 0 };
	struct hl_err err = { 0 };
	int32_t d;

	tcal_add(&rows, day_of("2026-10-10"), HL_CALENDAR_WORKDAY);
	for (d = day_of("2026-10-07"); d >= day_of("2026-10-01"); d--)
		tcal_add(&rows, d, HL_CALENDAR_HOLIDAY);
	assert_int_equal(tcal_seal(&rows, &err), 0);
	for (d = day_of("2026-09-28"); d <= day_of("2026-10-31"); d++)
		assert_int_equal(tcal_is_workday(&rows, d),
		    tcal_is_workday(csv, d));
	tcal_release(&rows);
}

static void
test_unsealed_query_is_a_bug(void **state)
{
	struct tcal cal = { 0 };
	pid_t pid;
	int st = 0;

	(void)state;
	pid = fork();
	assert_true(pid != -1);
	if (pid == 0) {
		/* The child's HL_BUG line is expected; keep the output clean.
		 */
		if (freopen("/dev/null", "w", stderr) == NULL)
			_exit(2);
		close(2);
		tcal_add(&cal, day_of("2026-10-01"), HL_CALENDAR_HOLIDAY);
		(void)tcal_is_workday(&cal, day_of("2026-10-01"));
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), SIGABRT);
}

/* ---- CSV ---- */

/* tcal_load_csv() of a C string. */
static int
load(const char *text, struct tcal *cal, struct hl_err *err)
{
	return tcal_load_csv(cal, text, strlen(text), err);
}

static void
test_csv_formats_tolerated(void **state)
{
	struct tcal cal = { 0 };
	struct hl_err err = { 0 };

	(void)state;
	/* BOM, CRLF, blank and comment lines, no final newline. */
	assert_int_equal(load("\xEF\xBB\xBF# 2026\r\n\r\ndate,kind,name\r\n"
	                      "# 国庆\r\n2026-10-01,holiday,国庆节\r\n\r\n"
	                      "2026-10-10,workday,国庆节调休上班",
	                     &cal, &err),
	    0);
	assert_int_equal(cal.n_days, 2);
	assert_false(tcal_is_workday(&cal, day_of("2026-10-01")));
	assert_true(tcal_is_workday(&cal, day_of("2026-10-10")));
	tcal_release(&cal);
	/* A header and nothing else is an empty calendar. */
	assert_int_equal(load("date,kind,name\n", &cal, &err), 0);
	assert_int_equal(cal.n_days, 0);
	tcal_release(&cal);
	assert_false(hl_err_is_set(&err));
}

static void
test_csv_bad_lines_named(void **state)
{
	static const struct {
		const char *text;
		const char *msg;
	} cases[] = {
		{ "", "日历缺少表头行“date,kind,name”" },
		{ "# only a comment\n\n", "日历缺少表头行“date,kind,name”" },
		{ "# c\ndate,kind\n2026-10-01,holiday,国庆节\n",
		    "日历第 2 行：表头应为“date,kind,name”" },
		{ "2026-10-01,holiday,国庆节\n",
		    "日历第 1 行：表头应为“date,kind,name”" },
		{ "date,kind,name\n2026-10-01,holiday\n",
		    "日历第 2 行：应为“日期,类型,名称”三个以逗号分隔的字段" },
		{ "date,kind,name\n2026-10-01,holiday,国庆,节\n",
		    "日历第 2 行：应为“日期,类型,名称”三个以逗号分隔的字段" },
		{ "date,kind,name\n \n",
		    "日历第 2 行：应为“日期,类型,名称”三个以逗号分隔的字段" },
		{ "date,kind,name\n2026-10-01,holiday,国庆节\n2026-02-29,"
		  "holiday,x\n",
		    "日历第 3 行：日期“2026-02-29”无效，应为 YYYY-MM-DD "
		    "格式的有效日期" },
		{ "date,kind,name\n2026-1-1,holiday,元旦\n",
		    "日历第 2 行：日期“2026-1-1”无效，应为 YYYY-MM-DD "
		    "格式的有效日期" },
		{ "date,kind,name\n,holiday,元旦\n",
		    "日历第 2 行：日期无效，应为 YYYY-MM-DD 格式的有效日期" },
		{ "date,kind,name\n2026-\xff-01,holiday,元旦\n",
		    "日历第 2 行：日期无效，应为 YYYY-MM-DD 格式的有效日期" },
		{ "date,kind,name\r\n2026-10-01,休息,国庆节\r\n",
		    "日历第 2 行：类型“休息”无效，应为 holiday 或 workday" },
		{ "date,kind,name\n2026-10-01,holiday,\n",
		    "日历第 2 行：名称不能为空" },
		{ "date,kind,name\n2026-10-01,holiday,\xe5\x9b\n",
		    "日历第 2 行：名称不是有效的 UTF-8 文本" },
		{ "date,kind,name\n2026-10-02,holiday,a\n2026-10-01,holiday,b\n",
		    "日历第 3 行：日期 2026-10-01 应晚于上一行的 2026-10-02"
		    "（日期须按升序排列且不重复）" },
		{ "date,kind,name\n# x\n2026-10-01,holiday,a\n\n2026-10-01,"
		  "workday,b\n",
		    "日历第 5 行：日期 2026-10-01 应晚于上一行的 2026-10-01"
		    "（日期须按升序排列且不重复）" },
		{ "date,kind,name\ndate,kind,name\n",
		    "日历第 2 行：日期“date”无效，应为 YYYY-MM-DD "
		    "格式的有效日期" },
	};
	struct tcal cal = { 0 };
	struct hl_err err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&err, 0, sizeof(err));
		if (load(cases[i].text, &cal, &err) != -1)
			fail_msg("case %zu accepted", i);
		assert_int_equal(err.status, 422);
		assert_string_equal(err.code, "validation_failed");
		if (strcmp(err.msg, cases[i].msg) != 0)
			fail_msg("case %zu: \"%s\", want \"%s\"", i, err.msg,
			    cases[i].msg);
		/* A failed load leaves an empty calendar. */
		assert_int_equal(cal.n_days, 0);
		assert_null(cal.days);
		assert_false(cal.unsealed);
	}
}

/* Loading into a calendar that already has days: a clash is refused. */
static void
test_csv_conflict_with_existing_days(void **state)
{
	struct tcal cal = { 0 };
	struct hl_err err = { 0 };

	(void)state;
	tcal_add(&cal, day_of("2026-10-10"), HL_CALENDAR_HOLIDAY);
	assert_int_equal(
	    load("date,kind,name\n2026-10-10,workday,调休\n", &cal, &err), -1);
	assert_string_equal(err.msg,
	    "日历中 2026-10-10 既是节假日又是调休工作日");
	assert_int_equal(cal.n_days, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date_parse_valid_dates_accepted),
		cmocka_unit_test(test_date_parse_invalid_dates_refused),
		cmocka_unit_test(test_day_from_ymd_checks_ranges),
		cmocka_unit_test(test_date_every_day_round_trips),
		cmocka_unit_test(test_date_format_zero_pads),
		cmocka_unit_test(test_date_parse_loose_forms),
		cmocka_unit_test(test_weekday_iso_numbers),
		cmocka_unit_test(test_kind_names_parse),
		cmocka_unit_test_setup_teardown(test_csv_2026_is_workday,
		    setup_2026, teardown_2026),
		cmocka_unit_test_setup_teardown(
		    test_add_workdays_spring_festival, setup_2026,
		    teardown_2026),
		cmocka_unit_test_setup_teardown(test_add_workdays_national_day,
		    setup_2026, teardown_2026),
		cmocka_unit_test_setup_teardown(
		    test_add_workdays_new_year_and_others, setup_2026,
		    teardown_2026),
		cmocka_unit_test_setup_teardown(test_add_workdays_plain_weeks,
		    setup_2026, teardown_2026),
		cmocka_unit_test_setup_teardown(test_add_workdays_errors,
		    setup_2026, teardown_2026),
		cmocka_unit_test_setup_teardown(test_workdays_between_2026,
		    setup_2026, teardown_2026),
		cmocka_unit_test_setup_teardown(test_workdays_match_naive_count,
		    setup_2026, teardown_2026),
		cmocka_unit_test(test_add_and_seal_sorts_and_dedupes),
		cmocka_unit_test(test_seal_conflict_refused),
		cmocka_unit_test_setup_teardown(test_rows_match_csv, setup_2026,
		    teardown_2026),
		cmocka_unit_test(test_unsealed_query_is_a_bug),
		cmocka_unit_test(test_csv_formats_tolerated),
		cmocka_unit_test(test_csv_bad_lines_named),
		cmocka_unit_test(test_csv_conflict_with_existing_days),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
