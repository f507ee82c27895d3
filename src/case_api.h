/*
 * Case endpoints: /api/v1/cases and below, and a chain's escalation board.
 * Each handler decodes its input, calls one function of case.c or
 * case_list.c and replies once; roles are in routes.c, scoping in SQL.
 */
#ifndef HL_CASE_API_H
#define HL_CASE_API_H

#include <stdbool.h>
#include <stddef.h>

struct hl_arena;
struct hl_case_problem;
struct hl_err;
struct hl_json;
struct hl_req;

/* POST /cases (Idempotency-Key) and GET /cases. */
int hl_case_api_create(struct hl_req *req);
int hl_case_api_list(struct hl_req *req);
/* GET /stats/cases: counts for dashboards, with the list's filters. */
int hl_case_api_stats(struct hl_req *req);
/* GET /cases.csv and /cases.xlsx: the list's filters, as a file. */
int hl_case_api_export_csv(struct hl_req *req);
int hl_case_api_export_xlsx(struct hl_req *req);
/* GET /cases/{id} and POST /cases/{id}/transitions. */
int hl_case_api_get(struct hl_req *req);
int hl_case_api_transition(struct hl_req *req);
/* POST /cases/{id}/notes (Idempotency-Key). */
int hl_case_api_note(struct hl_req *req);
/* POST /cases/{id}/attachments (multipart, Idempotency-Key) and
 * GET /cases/{id}/attachments/{aid} (the file, as a download). */
int hl_case_api_attach(struct hl_req *req);
int hl_case_api_attachment(struct hl_req *req);
/* GET /cases/{id}/suggested-assignee. */
int hl_case_api_suggested(struct hl_req *req);
/* GET /chains/{code}/escalations. */
int hl_case_api_escalations(struct hl_req *req);

/*
 * Decode the "problems" member of a visit or a session (array a) into
 * *out, an array in arena, and its length into *n: each element
 * {"category","title","description"} and, with_enterprise, also
 * "enterprise_id"; errors per element as "problems[i].title".  Past
 * HL_CASE_PROBLEMS_MAX elements only the count is given (*out NULL),
 * for hl_case_problems_check() to refuse.  Adds to err.
 */
void hl_case_api_problems(const struct hl_json *a, bool with_enterprise,
    struct hl_arena *arena, const struct hl_case_problem **out, size_t *n,
    struct hl_err *err);

#endif /* HL_CASE_API_H */
