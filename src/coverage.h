/*
 * Visit coverage and commissioner workload, read-only reports over visits,
 * assignments and cases: for each enterprise, when each of the five
 * levels was last visited; for each commissioner, enterprises held,
 * visits, open and overdue cases and ratings.  Each answer is one query.
 */
#ifndef HL_COVERAGE_H
#define HL_COVERAGE_H

#include <stdint.h>

struct hl_buf;
struct hl_ctx;
struct hl_err;

/* Largest stale_days. */
#define HL_COVERAGE_STALE_DAYS_MAX 3650

/* Filters of the coverage report; NULL, 0 or -1 when not given. */
struct hl_coverage_filter {
	const char *chain;    /* chain code: enterprises on that chain */
	int64_t commissioner; /* enterprises assigned to that commissioner */
	int64_t stale_days;   /* -1: every enterprise; else only stale ones */
};

/*
 * Append, for the enterprises ctx may see (admins all, commissioners
 * their assigned ones, committee members those on their chains) that
 * match f, ordered by id:
 *   {"today","chain":{"code","name"}|null,"commissioner":{"id","name"}|null,
 *    "stale_days":N|null,"levels":["industry",...],
 *    "items":[{"enterprise":{"id","name","credit_code","district",
 *      "key_enterprise"},"visits":N,"last_visited_on":date|null,
 *      "levels":{"industry":{"last_visited_on":date|null,
 *        "days_since":N|null,"stale":bool},...},
 *      "stale_levels":[...]}]}
 * Every visit to the enterprise counts, whichever chain it was made for.
 * Stale is per level: a level never visited or last visited more than
 * stale_days days before today (hl_today()); with stale_days, only the
 * enterprises with at least one stale level are listed (so stale_days=0
 * lists those with a level not visited today).  Without stale_days every
 * "stale" is false.  Not paged: one chain's or commissioner's
 * enterprises.  Errors: 404 for an unknown chain code or a commissioner
 * id that is not a commissioner's; 400 for stale_days outside
 * 0..HL_COVERAGE_STALE_DAYS_MAX.
 */
int hl_coverage_json(struct hl_ctx *ctx, const struct hl_coverage_filter *f,
    struct hl_buf *out, struct hl_err *err);

enum hl_coverage_export_format {
	HL_COVERAGE_EXPORT_CSV = 1,
	HL_COVERAGE_EXPORT_XLSX,
};

/* The same report as a file: one row per enterprise, the last visit date
 * of each level in its own column, the stale levels named. */
int hl_coverage_export(struct hl_ctx *ctx, const struct hl_coverage_filter *f,
    enum hl_coverage_export_format fmt, struct hl_buf *out, struct hl_err *err);

/*
 * Append {"from","to","items":[{"commissioner":{"id","name","login",
 * "disabled"},"enterprises","visits","visited_enterprises","visit_cases",
 * "open_cases","overdue_cases","rated_cases","average_rating"}]}, one item
 * per commissioner, by name then id.  from/to (YYYY-MM-DD, NULL for the
 * default: the 30 days up to today) bound the visits (visited_on), the
 * cases raised on those visits and the ratings (rated_at, Zibo days);
 * open and overdue cases are counted now.  Counts cover what ctx may
 * see: admins every commissioner and everything; committee members the
 * commissioners holding enterprises on their chains, counting only those
 * enterprises, their visits and the cases of their chains.
 * average_rating is null without rated cases.  400 when from is after to.
 */
int hl_coverage_workload_json(struct hl_ctx *ctx, const char *from,
    const char *to, struct hl_buf *out, struct hl_err *err);

#endif /* HL_COVERAGE_H */
