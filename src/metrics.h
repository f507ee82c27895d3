/*
 * The committee's figures (docs/METRICS.md has one definition each):
 * on-time closure, working days to close, first response, satisfaction,
 * re-check pass rate, reopen rate, escalations, visit coverage by level
 * and policy sessions, over a period and the one before it, per week, and
 * per chain, category, commissioner or responder.  Every figure is
 * computed by PostgreSQL in one statement over case_facts (0019), the
 * per-case rollup a trigger keeps current.  The sets of cases behind the
 * figures are the macros below, which the case list's drill-down filter
 * (case_list.c) uses too, so a figure and its list cannot disagree.
 */
#ifndef HL_METRICS_H
#define HL_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hl_buf;
struct hl_conf;
struct hl_ctx;
struct hl_err;

/* Longest period, in days, until hl_metrics_setup() (tests, commands):
 * the default of [metrics] max_period_days. */
#define HL_METRICS_MAX_PERIOD_DAYS 366
/* Weeks the trend shows at least; a longer period shows all its weeks. */
#define HL_METRICS_TREND_WEEKS 12

/*
 * The cases behind each figure, over case_facts f (and rechecks r) for
 * the period FROM..TO, two SQL date expressions.  A case is:
 *   submitted   filed in the period;
 *   responded   ... and answered (accepted or rejected) since;
 *   due         its first deadline fell in the period and is decided:
 *               resolved since, or the deadline day is over;
 *   on_time     ... and its first resolution met the deadline (late: not);
 *   closed      first resolved (办结) in the period;
 *   reopened    ... and reopened since (by the enterprise or a re-check);
 *   rated       last rated in the period (rating_N: with N stars);
 *   escalated   first escalated in the period;
 *   escalation_resolved  first resolved in the period after escalation;
 *   rechecked   re-checked (回访) in the period (recheck_<outcome>).
 */
#define HL_METRICS_SQL_SUBMITTED(FROM, TO)                                     \
	"(f.submitted_on BETWEEN " FROM " AND " TO ")"
#define HL_METRICS_SQL_DUE(FROM, TO)                                           \
	"(f.due_on BETWEEN " FROM " AND " TO                                   \
	" AND (f.first_resolved_at IS NOT NULL"                                \
	" OR f.due_on < (SELECT hl_today())))"
#define HL_METRICS_SQL_CLOSED(FROM, TO)                                        \
	"(f.first_resolved_on BETWEEN " FROM " AND " TO ")"
#define HL_METRICS_SQL_RATED(FROM, TO)                                         \
	"(f.rated_on BETWEEN " FROM " AND " TO ")"
#define HL_METRICS_SQL_ESCALATED(FROM, TO)                                     \
	"(f.escalated_on BETWEEN " FROM " AND " TO ")"
#define HL_METRICS_SQL_ESCALATION_RESOLVED(FROM, TO)                           \
	"(f.escalation_resolved_on BETWEEN " FROM " AND " TO ")"
#define HL_METRICS_SQL_RECHECKED(FROM, TO)                                     \
	"(r.recorded_on BETWEEN " FROM " AND " TO ")"
/* Within those sets. */
#define HL_METRICS_SQL_IS_RESPONDED "f.responded_at IS NOT NULL"
#define HL_METRICS_SQL_IS_ON_TIME   "coalesce(f.on_time, false)"
#define HL_METRICS_SQL_IS_REOPENED  "f.reopened_at IS NOT NULL"

/*
 * The drill-down sets by name ("on_time", "rating_2", "recheck_solved"),
 * NULL-terminated: what the case list's figure filter accepts.
 */
extern const char *const hl_metrics_sets[];
/* True when name is one of hl_metrics_sets. */
bool hl_metrics_set_known(const char *name);

/* What the figures are about.  Strings borrowed; NULL or 0: not given. */
struct hl_metrics_query {
	const char *chain;    /* chain code: one chain the caller may see */
	const char *category; /* one case category */
	int64_t commissioner; /* cases of the enterprises they serve (包联) */
	int64_t responder;    /* cases assigned to them */
	const char *from;     /* YYYY-MM-DD, first day; default to - 29 */
	const char *to;       /* YYYY-MM-DD, last day; default today */
	/* The period to compare with; NULL: the days just before from, as
	 * many as the period has (a monthly report compares with the same
	 * days of the month before). */
	const char *prev_from;
	const char *prev_to;
	/* Weeks the trend shows at least; 0: HL_METRICS_TREND_WEEKS. */
	int trend_weeks;
};

/* Take [metrics] max_period_days from c; call once at startup. */
void hl_metrics_setup(const struct hl_conf *c);

/* The tables of figures per group. */
enum hl_metrics_group {
	HL_METRICS_CHAINS = 1,
	HL_METRICS_CATEGORIES,
	HL_METRICS_COMMISSIONERS,
	HL_METRICS_RESPONDERS,
};

/* "chains", "categories", "commissioners", "responders"; -1 for anything
 * else. */
int hl_metrics_group_parse(const char *name, enum hl_metrics_group *out);

/*
 * Append the dashboard of q as ctx (committee: its chains; admin: the
 * city): {"scope":{…},"period":{"from","to","days"},"previous":{"from",
 * "to",…figures},"change":{…},"weekly":[{"from","to",…figures}],
 * "overdue_now":N, …figures of the period at the top level}.  Figures
 * whose denominator is empty are null ("no data"), never 0.  Errors:
 * 404 for a chain the caller may not see (or none such); 422 with fields
 * for a period that ends after today, starts after it ends or is longer
 * than [metrics] max_period_days (hl_metrics_setup()), an unknown
 * category, commissioner or responder.
 */
int hl_metrics_json(struct hl_ctx *ctx, const struct hl_metrics_query *q,
    struct hl_buf *out, struct hl_err *err);

/*
 * Append {"group","period","previous","items":[{"key","label","rank"?,
 * "figures":{…},"change":{…}}],"n_ranked"?}: the figures of the period per
 * group, with the change from the previous period.  Chains: every chain
 * the caller may see, ranked among all chains (on-time rate, then
 * satisfaction, then cases closed; chains without data are not ranked),
 * so a committee learns its place without seeing other chains' figures.
 * Categories: all seven.  Commissioners and responders: those with cases
 * or enterprises in scope.  Errors as hl_metrics_json().
 */
int hl_metrics_table_json(struct hl_ctx *ctx, const struct hl_metrics_query *q,
    enum hl_metrics_group group, struct hl_buf *out, struct hl_err *err);

/* The tables an export or a printed report can hold. */
enum hl_metrics_table {
	HL_METRICS_TABLE_SUMMARY = 1, /* figure | period | previous | change */
	HL_METRICS_TABLE_WEEKLY,      /* a row per week of the trend */
	HL_METRICS_TABLE_CHAINS,      /* a row per group, as above */
	HL_METRICS_TABLE_CATEGORIES,
	HL_METRICS_TABLE_COMMISSIONERS,
	HL_METRICS_TABLE_RESPONDERS,
};

/* "summary", "weekly", "chains", …; -1 for anything else. */
int hl_metrics_table_parse(const char *name, enum hl_metrics_table *out);

/*
 * A table as rows of text cells for people (rates "83.3%", "无数据" for
 * no data, Chinese labels): the source of the exports and the printed
 * report.  Filled by hl_metrics_rows(); free with hl_metrics_rows_free().
 */
struct hl_metrics_rows {
	const char *title;          /* "按产业链" (static) */
	const char *const *headers; /* n_cols titles (static) */
	const bool *numeric;        /* n_cols: a count (static) */
	/* What each column holds (each row, for the summary): a figure's
	 * path in the API's figures object ("on_time_rate",
	 * "days_to_close.median"), or "label", "rank", "period", "previous",
	 * "change". */
	const char *const *keys;
	size_t n_cols;
	size_t n_rows;
	const char **cells; /* n_rows * n_cols, NULL for an empty cell */
	void *res_;         /* private: the result the cells point into */
	char period[64];    /* "2026-03-01 至 2026-03-31" */
	char previous[64];
};

/*
 * Fill rows with table t of q as ctx.  The summary has a row per figure
 * (keys name them) and the columns 指标, 本期, 上期, 变化; the other tables
 * a row per week or group and a column per figure, after the week or the
 * group (and, for chains, the rank "3 / 18": place among the ranked
 * chains).  Errors as hl_metrics_json().
 */
int hl_metrics_rows(struct hl_ctx *ctx, const struct hl_metrics_query *q,
    enum hl_metrics_table t, struct hl_metrics_rows *rows, struct hl_err *err);
void hl_metrics_rows_free(struct hl_metrics_rows *rows);

/* The index of key in rows->keys, or -1. */
int hl_metrics_rows_find(const struct hl_metrics_rows *rows, const char *key);

/* True when the figure at path is one of the headline figures (the
 * printed report's summary shows only those). */
bool hl_metrics_headline(const char *path);

enum hl_metrics_format {
	HL_METRICS_CSV = 1,
	HL_METRICS_XLSX,
};

/* Append table t of q as a CSV or .xlsx file (hl_metrics_rows()). */
int hl_metrics_export(struct hl_ctx *ctx, const struct hl_metrics_query *q,
    enum hl_metrics_table t, enum hl_metrics_format fmt, struct hl_buf *out,
    struct hl_err *err);

#endif /* HL_METRICS_H */
