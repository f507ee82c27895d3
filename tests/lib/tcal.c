/*
 * The reference working-day calendar: a sorted array of listed days and,
 * per entry, the running sum of how much the listed days so far change the
 * plain Monday-to-Friday count.  Counting working days up to a date is
 * then a closed formula plus one binary search, and "the n-th working day
 * after" is a binary search over that count.  Production does this in
 * PostgreSQL; tests compare the two.
 */
#include "tcal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "mem.h"
#include "str.h"

struct tcal_day {
	int32_t day;
	enum hl_calendar_kind kind;
	/* Sum of delta() over this entry and all before it; set when sealed. */
	int32_t cum;
};

#define CSV_HEADER "date,kind,name"
/* The longest field quoted back in a CSV error message, in bytes. */
#define ECHO_MAX 32

/* Division rounding towards minus infinity, for days before 1970. */
static int64_t
floor_div(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

void
tcal_date_format(int32_t day, char out[TCAL_DATE_SIZE])
{
	hl_calendar_date_format(day, out);
}

void
tcal_add(struct tcal *cal, int32_t day, enum hl_calendar_kind kind)
{
	if (day < HL_CALENDAR_DAY_MIN || day > HL_CALENDAR_DAY_MAX)
		HL_BUG("calendar: adding a day number out of range");
	if (kind != HL_CALENDAR_HOLIDAY && kind != HL_CALENDAR_WORKDAY)
		HL_BUG("calendar: adding a day of no known kind");
	if (cal->n_days == cal->cap) {
		cal->cap = cal->cap == 0 ? 64 : cal->cap * 2;
		cal->days =
		    hl_xrealloc(cal->days, cal->cap * sizeof(*cal->days));
	}
	cal->days[cal->n_days].day = day;
	cal->days[cal->n_days].kind = kind;
	cal->days[cal->n_days].cum = 0;
	cal->n_days++;
	cal->unsealed = true;
}

static int
day_cmp(const void *a, const void *b)
{
	const struct tcal_day *x = a;
	const struct tcal_day *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return (int)x->kind - (int)y->kind;
}

/* How a listed day changes the Monday-to-Friday count: a holiday on a
 * weekday removes one working day, a working weekend day adds one. */
static int
delta(const struct tcal_day *d)
{
	bool weekend = hl_calendar_weekday(d->day) >= 6;

	if (d->kind == HL_CALENDAR_HOLIDAY && !weekend)
		return -1;
	if (d->kind == HL_CALENDAR_WORKDAY && weekend)
		return 1;
	return 0;
}

int
tcal_seal(struct tcal *cal, struct hl_err *err)
{
	char date[TCAL_DATE_SIZE];
	int32_t cum = 0;
	size_t r, w = 0;

	if (cal->n_days > 0)
		qsort(cal->days, cal->n_days, sizeof(*cal->days), day_cmp);
	for (r = 0; r < cal->n_days; r++) {
		if (w > 0 && cal->days[w - 1].day == cal->days[r].day) {
			if (cal->days[w - 1].kind == cal->days[r].kind)
				continue;
			tcal_date_format(cal->days[r].day, date);
			tcal_release(cal);
			return hl_err_set(err, 422, "validation_failed",
			    "日历中 %s 既是节假日又是调休工作日", date);
		}
		cal->days[w] = cal->days[r];
		cum += delta(&cal->days[w]);
		cal->days[w].cum = cum;
		w++;
	}
	cal->n_days = w;
	cal->unsealed = false;
	return 0;
}

void
tcal_release(struct tcal *cal)
{
	free(cal->days);
	memset(cal, 0, sizeof(*cal));
}

/* Quote a CSV field back as “…” when it is short, readable text; else "". */
static void
echo(struct hl_str f, char *out, size_t size)
{
	out[0] = '\0';
	if (f.len > 0 && f.len <= ECHO_MAX && hl_utf8_valid(f.p, f.len))
		snprintf(out, size, "“%.*s”", (int)f.len, f.p);
}

/* Split line at the first n - 1 commas into n fields; -1 unless there are
 * exactly n. */
static int
split(struct hl_str line, struct hl_str *f, size_t n)
{
	const char *p = line.p;
	const char *end = line.p + line.len;
	const char *c;
	size_t i;

	for (i = 0; i < n; i++) {
		c = memchr(p, ',', (size_t)(end - p));
		if ((c == NULL) != (i == n - 1))
			return -1;
		if (c == NULL)
			c = end;
		f[i].p = p;
		f[i].len = (size_t)(c - p);
		p = c + 1;
	}
	return 0;
}

/* One "date,kind,name" line; *prev is the date of the line before. */
static int
csv_line(struct tcal *cal, struct hl_str line, int no, int32_t *prev,
    struct hl_err *err)
{
	char q[ECHO_MAX + 8];
	char a[TCAL_DATE_SIZE];
	char b[TCAL_DATE_SIZE];
	struct hl_str f[3];
	enum hl_calendar_kind kind;
	int32_t day;

	if (split(line, f, 3) == -1)
		return hl_err_set(err, 422, "validation_failed",
		    "日历第 %d 行：应为“日期,类型,名称”三个以逗号分隔的字段",
		    no);
	if (hl_calendar_date_parse(f[0], &day) == -1) {
		echo(f[0], q, sizeof(q));
		return hl_err_set(err, 422, "validation_failed",
		    "日历第 %d 行：日期%s无效，应为 YYYY-MM-DD 格式的有效日期",
		    no, q);
	}
	if (hl_calendar_kind_parse(f[1], &kind) == -1) {
		echo(f[1], q, sizeof(q));
		return hl_err_set(err, 422, "validation_failed",
		    "日历第 %d 行：类型%s无效，应为 holiday 或 workday", no, q);
	}
	if (f[2].len == 0)
		return hl_err_set(err, 422, "validation_failed",
		    "日历第 %d 行：名称不能为空", no);
	if (!hl_utf8_valid(f[2].p, f[2].len))
		return hl_err_set(err, 422, "validation_failed",
		    "日历第 %d 行：名称不是有效的 UTF-8 文本", no);
	if (*prev >= day) {
		tcal_date_format(day, a);
		tcal_date_format(*prev, b);
		return hl_err_set(err, 422, "validation_failed",
		    "日历第 %d 行：日期 %s 应晚于上一行的 %s（日期须按升序排列且不重复）",
		    no, a, b);
	}
	*prev = day;
	tcal_add(cal, day, kind);
	return 0;
}

int
tcal_load_csv(struct tcal *cal, const char *text, size_t len,
    struct hl_err *err)
{
	const char *p = text;
	const char *end = text + len;
	const char *nl;
	struct hl_str line;
	int32_t prev = HL_CALENDAR_DAY_MIN - 1;
	bool header = false;
	int no = 0;

	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		line.p = p;
		line.len = (size_t)((nl != NULL ? nl : end) - p);
		p = nl != NULL ? nl + 1 : end;
		no++;
		if (line.len > 0 && line.p[line.len - 1] == '\r')
			line.len--;
		if (line.len == 0 || line.p[0] == '#')
			continue;
		if (header) {
			if (csv_line(cal, line, no, &prev, err) == -1)
				goto fail;
			continue;
		}
		if (!hl_str_eq(line, CSV_HEADER)) {
			hl_err_set(err, 422, "validation_failed",
			    "日历第 %d 行：表头应为“" CSV_HEADER "”", no);
			goto fail;
		}
		header = true;
	}
	if (!header) {
		hl_err_set(err, 422, "validation_failed",
		    "日历缺少表头行“" CSV_HEADER "”");
		goto fail;
	}
	return tcal_seal(cal, err);
fail:
	tcal_release(cal);
	return -1;
}

/* Index of the first listed day after day (n_days when there is none). */
static size_t
upper_bound(const struct tcal *cal, int64_t day)
{
	size_t lo = 0;
	size_t hi = cal->n_days;
	size_t mid;

	if (cal->unsealed)
		HL_BUG("calendar: query before tcal_seal");
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cal->days[mid].day <= day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Working days from a fixed origin up to and including day: differences of
 * this count answer every question.  Weeks are counted from the Monday
 * three days before 1970-01-01, five working days each.
 */
static int64_t
count_upto(const struct tcal *cal, int64_t day)
{
	int64_t t = day + 3;
	int64_t weeks = floor_div(t, 7);
	int64_t into = t - weeks * 7;
	size_t i = upper_bound(cal, day);

	return weeks * 5 + (into < 5 ? into + 1 : 5) +
	    (i > 0 ? cal->days[i - 1].cum : 0);
}

bool
tcal_is_workday(const struct tcal *cal, int32_t day)
{
	size_t i = upper_bound(cal, day);

	if (i > 0 && cal->days[i - 1].day == day)
		return cal->days[i - 1].kind == HL_CALENDAR_WORKDAY;
	return hl_calendar_weekday(day) <= 5;
}

int64_t
tcal_workdays_between(const struct tcal *cal, int32_t a, int32_t b)
{
	return count_upto(cal, b) - count_upto(cal, a);
}

int
tcal_add_workdays(const struct tcal *cal, int32_t day, int n, int32_t *out,
    struct hl_err *err)
{
	int64_t target, lo, hi, mid;

	if (n == 0)
		return hl_err_set(err, 422, "validation_failed",
		    "工作日数不能为 0");
	if (day < HL_CALENDAR_DAY_MIN || day > HL_CALENDAR_DAY_MAX)
		goto range;
	/*
	 * The answer is the first day on which count_upto() reaches target:
	 * after day, n more than on day itself; before day, the day whose
	 * working days up to day - 1 number -n.
	 */
	if (n > 0)
		target = count_upto(cal, day) + n;
	else
		target = count_upto(cal, (int64_t)day - 1) + n + 1;
	lo = HL_CALENDAR_DAY_MIN;
	hi = HL_CALENDAR_DAY_MAX;
	if (count_upto(cal, lo - 1) >= target || count_upto(cal, hi) < target)
		goto range;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (count_upto(cal, mid) >= target)
			hi = mid;
		else
			lo = mid + 1;
	}
	*out = (int32_t)lo;
	return 0;
range:
	return hl_err_set(err, 422, "validation_failed",
	    "日期超出支持的范围（0001-01-01 至 9999-12-31）");
}
