/*
 * The monthly report: four tables from metrics.c (the summary, the weeks,
 * the categories, the chain's row of the ranking) laid out for print.
 * Which figures each table shows is the lists below; what they mean is
 * docs/METRICS.md.
 */
#include "report.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "calendar.h"
#include "ctx.h"
#include "db.h"
#include "err.h"
#include "mem.h"
#include "metrics.h"
#include "print.h"
#include "str.h"

/* The columns of the week and category tables, by figure. */
static const char *const week_cols[] = { "cases_submitted", "on_time.due",
	"on_time_rate", "days_to_close.n", "satisfaction.average",
	"recheck_pass_rate", "reopen_rate" };
static const char *const category_cols[] = { "cases_submitted", "on_time.due",
	"on_time_rate", "days_to_close.n", "days_to_close.median",
	"days_to_close.p90", "satisfaction.average", "reopen_rate" };

#define N_COLS(a) (sizeof(a) / sizeof((a)[0]))

/* The month's first and last day, the last cut at today. */
struct month {
	int32_t from;
	int32_t to;
	int32_t prev_from;
	int32_t prev_to;
	int year;
	int mon;
};

static const char SQL_TODAY[] = "SELECT hl_today()::text";

static int
parse_month(struct hl_ctx *ctx, const char *s, struct month *m,
    struct hl_err *err)
{
	struct hl_db_res *r;
	int32_t today;
	int32_t next;
	int py;
	int pm;

	if (s != NULL &&
	    (strlen(s) != 7 || s[4] != '-' ||
	        (m->year = hl_str_digits(s, 4)) < 2020 ||
	        (m->mon = hl_str_digits(s + 5, 2)) < 1 || m->mon > 12))
		return hl_err_field(err, "month",
		    "月份应为 YYYY-MM，且不早于 2020-01");
	r = hl_db_exec(ctx->db, SQL_TODAY, 0, NULL, err);
	if (r == NULL)
		return -1;
	if (hl_calendar_date_parse(hl_str_from(hl_db_get(r, 0, 0)), &today) ==
	    -1)
		HL_BUG("report: hl_today() is not a date");
	hl_db_res_free(r);
	if (s == NULL) {
		int d;

		hl_calendar_day_to_ymd(today, &m->year, &m->mon, &d);
	}
	hl_calendar_day_from_ymd(m->year, m->mon, 1, &m->from);
	if (m->from > today)
		return hl_err_field(err, "month", "该月尚未开始");
	hl_calendar_day_from_ymd(m->mon == 12 ? m->year + 1 : m->year,
	    m->mon == 12 ? 1 : m->mon + 1, 1, &next);
	m->to = next - 1 < today ? next - 1 : today;
	py = m->mon == 1 ? m->year - 1 : m->year;
	pm = m->mon == 1 ? 12 : m->mon - 1;
	hl_calendar_day_from_ymd(py, pm, 1, &m->prev_from);
	m->prev_to = m->prev_from + (m->to - m->from);
	if (m->prev_to >= m->from)
		m->prev_to = m->from - 1;
	return 0;
}

/* The summary's headline rows: 指标 | 本月 | 上月 | 变化. */
static void
summary_table(struct hl_buf *out, const struct hl_metrics_rows *s)
{
	static const char *const headers[] = { "指标", "本月", "上月", "变化" };
	static const bool numeric[] = { false, true, true, true };
	const char **cells = hl_xcalloc(s->n_rows * 4 + 1, sizeof(char *));
	size_t n = 0;
	size_t i;

	for (i = 0; i < s->n_rows; i++) {
		if (!hl_metrics_headline(s->keys[i]))
			continue;
		memcpy(cells + n * 4, s->cells + i * 4, 4 * sizeof(char *));
		n++;
	}
	hl_print_table(out, headers, numeric, 4, cells, n);
	free(cells);
}

/* Table t with its first column and the figures of cols, in that order. */
static void
picked_table(struct hl_buf *out, const struct hl_metrics_rows *t,
    const char *const *cols, size_t n_cols)
{
	const char **headers = hl_xcalloc(n_cols + 1, sizeof(char *));
	bool *numeric = hl_xcalloc(n_cols + 1, sizeof(bool));
	const char **cells =
	    hl_xcalloc((n_cols + 1) * t->n_rows + 1, sizeof(char *));
	int at[16];
	size_t i;
	size_t j;

	if (n_cols + 1 > N_COLS(at))
		HL_BUG("report: too many columns");
	at[0] = 0;
	for (j = 0; j < n_cols; j++)
		if ((at[j + 1] = hl_metrics_rows_find(t, cols[j])) < 0)
			HL_BUG("report: a column that metrics does not have");
	for (j = 0; j <= n_cols; j++) {
		headers[j] = t->headers[at[j]];
		numeric[j] = j > 0;
		for (i = 0; i < t->n_rows; i++)
			cells[i * (n_cols + 1) + j] =
			    t->cells[i * t->n_cols + (size_t)at[j]];
	}
	hl_print_table(out, headers, numeric, n_cols + 1, cells, t->n_rows);
	free(cells);
	free(numeric);
	free(headers);
}

struct tables {
	struct hl_metrics_rows summary;
	struct hl_metrics_rows weeks;
	struct hl_metrics_rows categories;
	struct hl_metrics_rows rank;
};

static void
tables_free(struct tables *t)
{
	hl_metrics_rows_free(&t->rank);
	hl_metrics_rows_free(&t->categories);
	hl_metrics_rows_free(&t->weeks);
	hl_metrics_rows_free(&t->summary);
}

static void
render(struct hl_buf *out, const struct month *m, const struct tables *t)
{
	struct hl_buf title = { 0 };
	struct hl_buf sub = { 0 };
	const char *chain = t->rank.n_rows > 0 ? t->rank.cells[0] : "";
	const char *rank = t->rank.n_rows > 0 ? t->rank.cells[1] : "—";

	hl_buf_printf(&title, "%s产业链服务质量月报（%d年%d月）", chain,
	    m->year, m->mon);
	hl_buf_printf(&sub, "统计期 %s · 对比期 %s", t->summary.period,
	    t->summary.previous);
	hl_print_begin(out, hl_buf_cstr(&title));
	hl_buf_puts(out, "<h1>");
	hl_print_text(out, hl_buf_cstr(&title));
	hl_buf_puts(out, "</h1>\n<p class=\"sub\">");
	hl_print_text(out, hl_buf_cstr(&sub));
	hl_buf_puts(out, "</p>\n<h2>一、主要指标</h2>\n");
	summary_table(out, &t->summary);
	hl_buf_puts(out, "<h2>二、在全市产业链中的位置</h2>\n<p>");
	if (strcmp(rank, "—") == 0)
		hl_buf_puts(out,
		    "本月没有可参与排名的数据（无应办结、办结或评价的诉求）。");
	else {
		hl_buf_puts(out,
		    "依次比较按期办结率、平均满意度和办结件数，本月排名第 ");
		hl_print_text(out, rank);
		hl_buf_puts(out, " 名（名次 / 参与排名的产业链数）。");
	}
	hl_buf_puts(out, "</p>\n<h2>三、逐周情况</h2>\n");
	picked_table(out, &t->weeks, week_cols, N_COLS(week_cols));
	hl_buf_puts(out, "<h2>四、按诉求类别</h2>\n");
	picked_table(out, &t->categories, category_cols, N_COLS(category_cols));
	hl_buf_puts(out,
	    "<p class=\"note\">“无数据”表示该期没有可计算该指标的诉求；"
	    "“不适用”表示该指标不按此维度统计。办结用时按工作日计（含调休上班日，"
	    "不含法定节假日），按期办结以首次办结是否在办理期限内为准。</p>\n");
	hl_print_end(out,
	    "红链 · 淄博市产业链党委企业服务平台 · "
	    "指标口径见《服务质量指标定义》");
	hl_buf_release(&sub);
	hl_buf_release(&title);
}

int
hl_report_monthly_html(struct hl_ctx *ctx, const char *code, const char *month,
    struct hl_buf *out, struct hl_err *err)
{
	struct hl_metrics_query q = { 0 };
	struct tables t = { 0 };
	struct month m = { 0 };
	char from[HL_CALENDAR_DATE_SIZE];
	char to[HL_CALENDAR_DATE_SIZE];
	char pfrom[HL_CALENDAR_DATE_SIZE];
	char pto[HL_CALENDAR_DATE_SIZE];
	int rc = -1;

	if (parse_month(ctx, month, &m, err) == -1)
		return -1;
	hl_calendar_date_format(m.from, from);
	hl_calendar_date_format(m.to, to);
	hl_calendar_date_format(m.prev_from, pfrom);
	hl_calendar_date_format(m.prev_to, pto);
	q.chain = code;
	q.from = from;
	q.to = to;
	q.prev_from = pfrom;
	q.prev_to = pto;
	q.trend_weeks = 1;
	if (hl_metrics_rows(ctx, &q, HL_METRICS_TABLE_SUMMARY, &t.summary,
	        err) == -1 ||
	    hl_metrics_rows(ctx, &q, HL_METRICS_TABLE_WEEKLY, &t.weeks, err) ==
	        -1 ||
	    hl_metrics_rows(ctx, &q, HL_METRICS_TABLE_CATEGORIES, &t.categories,
	        err) == -1 ||
	    hl_metrics_rows(ctx, &q, HL_METRICS_TABLE_CHAINS, &t.rank, err) ==
	        -1)
		goto out;
	render(out, &m, &t);
	rc = 0;
out:
	tables_free(&t);
	return rc;
}
