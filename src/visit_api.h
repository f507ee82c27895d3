/*
 * Visit endpoints: /api/v1/visits and below, the coverage report
 * (/api/v1/coverage) and commissioner workload (/api/v1/workload), with
 * their CSV and Excel exports.  Each handler decodes its input, calls one
 * function of visit.c or coverage.c and replies once; roles are in
 * routes.c, scoping in SQL.
 */
#ifndef HL_VISIT_API_H
#define HL_VISIT_API_H

struct hl_req;

/* POST /visits (Idempotency-Key) → 201; GET /visits?enterprise=&chain=
 * &commissioner=&level=&from=&to=&limit=&cursor=. */
int hl_visit_api_create(struct hl_req *req);
int hl_visit_api_list(struct hl_req *req);
/* GET /visits.csv and /visits.xlsx: the list's filters, as a file. */
int hl_visit_api_export_csv(struct hl_req *req);
int hl_visit_api_export_xlsx(struct hl_req *req);
/* GET and PATCH /visits/{id}. */
int hl_visit_api_get(struct hl_req *req);
int hl_visit_api_update(struct hl_req *req);
/* GET /coverage?chain=&commissioner=&stale_days=, and as .csv, .xlsx. */
int hl_visit_api_coverage(struct hl_req *req);
int hl_visit_api_coverage_csv(struct hl_req *req);
int hl_visit_api_coverage_xlsx(struct hl_req *req);
/* GET /workload?from=&to=. */
int hl_visit_api_workload(struct hl_req *req);

#endif /* HL_VISIT_API_H */
