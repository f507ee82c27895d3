/*
 * The deadline rules' endpoints: GET/PUT /api/v1/calendar/{year} (the
 * year's holidays and make-up working days) and GET/PUT /api/v1/sla (the
 * working days allowed per case category).  Reading is for everyone
 * signed in, replacing for admins (routes.c).
 */
#ifndef HL_CALENDAR_API_H
#define HL_CALENDAR_API_H

struct hl_req;

int hl_calendar_api_get(struct hl_req *req);
int hl_calendar_api_put(struct hl_req *req);
/* POST /calendar/{year}/import[?dry_run=true]: a CSV or .xlsx file. */
int hl_calendar_api_import(struct hl_req *req);
int hl_calendar_api_sla_get(struct hl_req *req);
int hl_calendar_api_sla_put(struct hl_req *req);

#endif /* HL_CALENDAR_API_H */
