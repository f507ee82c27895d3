/*
 * Query-string parameters of the list endpoints: limit and the opaque
 * keyset cursor (API.md), ids, booleans, dates and search text.  Every
 * malformed value is 400 bad_request with the parameter named in
 * "fields", never a silent default.  The SQL side of paging (the cursor a
 * page hands out) is db.h's HL_DB_SQL_* and hl_db_like().
 */
#ifndef HL_QPARAM_H
#define HL_QPARAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hl_err;
struct hl_req;

#define HL_QPARAM_LIMIT_DEFAULT 50
#define HL_QPARAM_LIMIT_MAX     200

/* limit (1..HL_QPARAM_LIMIT_MAX, default HL_QPARAM_LIMIT_DEFAULT) and
 * cursor (0 when absent: the first page).  Returns 0 or -1 with 400. */
int hl_qparam_paging(struct hl_req *req, int64_t *limit, int64_t *cursor,
    struct hl_err *err);

/*
 * limit and a two-part cursor "<key>.<id>" (two integers, id positive),
 * for lists keyset-paged on a sort key and the id (the key as an integer:
 * a day number, microseconds); *key and *id are 0 when there is no
 * cursor (the first page).  db.h's HL_DB_SQL_CURSOR() of the text
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

#endif /* HL_QPARAM_H */
