/*
 * Printed pages over HTTP: the shared print stylesheet (GET /print.css)
 * and a chain's monthly report (GET /chains/{code}/report?month=YYYY-MM),
 * for a signed-in committee member of the chain or an admin (cookie).
 */
#ifndef HL_REPORT_API_H
#define HL_REPORT_API_H

struct hl_req;

int hl_report_api_css(struct hl_req *req);
int hl_report_api_monthly(struct hl_req *req);

#endif /* HL_REPORT_API_H */
