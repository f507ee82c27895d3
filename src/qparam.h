/*
 * Query-string parameters of the list endpoints: limit and the opaque
 * keyset cursor (API.md), ids, booleans, dates and search text.  Every
 * malformed value is 400 bad_request with the parameter named in
 * "fields", never a silent default.
 */
#ifndef HL_QPARAM_H
#define HL_QPARAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hl_arena;
struct hl_err;
struct hl_req;

#define HL_QPARAM_LIMIT_DEFAULT 50
#define HL_QPARAM_LIMIT_MAX     200

/*
 * SQL expression for the next_cursor of a page whose last sort key (a
 * positive bigint, usually the id) is X: base64url of its decimal text,
 * without padding.  hl_qparam_paging() reads it back.
 */
#define HL_QPARAM_SQL_CURSOR(X)                                                \
	"translate(rtrim(encode(convert_to((" X ")::text, 'UTF8'),"            \
	" 'base64'), '='), '+/', '-_')"

/*
 * The two ends of a keyset-paged list statement, with LIMIT the limit's
 * parameter ("$6"): CTE "page" holds up to LIMIT + 1 rows by id
 * descending, so that one more row than shown tells whether a next page
 * exists.  HL_QPARAM_SQL_SHOWN is the CTE "shown" of the rows on this
 * page; HL_QPARAM_SQL_NEXT_CURSOR the "next_cursor" member of the answer,
 * null on the last page.
 */
#define HL_QPARAM_SQL_SHOWN(LIMIT)                                             \
	" shown AS (SELECT * FROM page ORDER BY id DESC LIMIT " LIMIT "::int)"
#define HL_QPARAM_SQL_NEXT_CURSOR(LIMIT)                                       \
	" 'next_cursor', CASE WHEN (SELECT count(*) FROM page) > " LIMIT       \
	"::int THEN " HL_QPARAM_SQL_CURSOR(                                    \
	    "(SELECT min(id) FROM shown)") " END"

/* limit (1..HL_QPARAM_LIMIT_MAX, default HL_QPARAM_LIMIT_DEFAULT) and
 * cursor (0 when absent: the first page).  Returns 0 or -1 with 400. */
int hl_qparam_paging(struct hl_req *req, int64_t *limit, int64_t *cursor,
    struct hl_err *err);

/*
 * limit and a two-part cursor "<key>.<id>" (two integers, id positive),
 * for lists keyset-paged on a sort key and the id (the key as an integer:
 * a day number, microseconds); *key and *id are 0 when there is no
 * cursor (the first page).  HL_QPARAM_SQL_CURSOR() of the text
 * key || '.' || id makes one.  Returns 0 or -1 with 400.
 */
int hl_qparam_paging_key(struct hl_req *req, int64_t *limit, int64_t *key,
    int64_t *id, struct hl_err *err);

/*
 * limit as given, for a list whose domain module checks the range and
 * names the problem itself (its message differs from hl_qparam_paging's):
 * 0 when absent, -1 when not a number or 0 (out of range either way),
 * else the number, which may still be out of range.
 */
int64_t hl_qparam_limit(struct hl_req *req);

/* A positive integer parameter; *out 0 when absent.  0 or -1 (400). */
int hl_qparam_id(struct hl_req *req, const char *name, int64_t *out,
    struct hl_err *err);

/* "true" or "false"; *given false when absent.  0 or -1 (400). */
int hl_qparam_bool(struct hl_req *req, const char *name, bool *out, bool *given,
    struct hl_err *err);

/* A date YYYY-MM-DD, borrowed (NULL when absent).  0 or -1 (400). */
int hl_qparam_date(struct hl_req *req, const char *name, const char **out,
    struct hl_err *err);

/*
 * A text parameter of at most max_chars characters of valid UTF-8,
 * borrowed; NULL when absent or empty.  0 or -1 (400).
 */
int hl_qparam_text(struct hl_req *req, const char *name, size_t max_chars,
    const char **out, struct hl_err *err);

/* "%" + s with \, % and _ escaped + "%": an ILIKE pattern (default
 * escape character) matching s anywhere.  In the arena. */
const char *hl_qparam_like(struct hl_arena *a, const char *s);

#endif /* HL_QPARAM_H */
