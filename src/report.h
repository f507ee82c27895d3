/*
 * The printable monthly report of a chain (产业链服务质量月报): the
 * committee's figures of one month against the month before, week by
 * week and per category, and the chain's place among the chains, as one
 * A4 page of server-rendered HTML (print.h).  The figures are metrics.c's.
 */
#ifndef HL_REPORT_H
#define HL_REPORT_H

struct hl_buf;
struct hl_ctx;
struct hl_err;

/*
 * Append the report of chain code for month "YYYY-MM" (NULL: this month)
 * as a complete HTML page.  The current month runs to today and is compared
 * with the same days of the month before; a past month with the whole month
 * before.  Errors: 404 for a chain the caller may not see; 422 on month when
 * it is not "YYYY-MM", before 2020 or has not begun.
 */
int hl_report_monthly_html(struct hl_ctx *ctx, const char *code,
    const char *month, struct hl_buf *out, struct hl_err *err);

#endif /* HL_REPORT_H */
