/*
 * The committee's figures over HTTP: GET /api/v1/metrics (the dashboard),
 * GET /api/v1/metrics/{group} (per chain, category, commissioner or
 * responder) and GET /api/v1/metrics.csv|.xlsx?table=… (every table as a
 * file).  Decode the query, call metrics.c, reply once.
 */
#ifndef HL_METRICS_API_H
#define HL_METRICS_API_H

struct hl_req;

int hl_metrics_api_get(struct hl_req *req);
int hl_metrics_api_table(struct hl_req *req);
int hl_metrics_api_export_csv(struct hl_req *req);
int hl_metrics_api_export_xlsx(struct hl_req *req);

#endif /* HL_METRICS_API_H */
