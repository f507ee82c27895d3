/*
 * Policy session endpoints: /api/v1/events and below, and the per-chain
 * figures (/api/v1/stats/events).  Each handler decodes its input, calls
 * one function of event.c or event_list.c and replies once; roles are in
 * routes.c, scoping in SQL.
 */
#ifndef HL_EVENT_API_H
#define HL_EVENT_API_H

struct hl_req;

/* GET /events?chain=&status=&from=&to=&q=&mine=&upcoming=&limit=&cursor=
 * and POST /events (Idempotency-Key) → 201 draft. */
int hl_event_api_list(struct hl_req *req);
int hl_event_api_create(struct hl_req *req);
/* GET and PATCH /events/{id}. */
int hl_event_api_get(struct hl_req *req);
int hl_event_api_update(struct hl_req *req);
/* POST /events/{id}/open, /close, /done (no body or {}) and /cancel
 * ({"reason"?}) → 200 session. */
int hl_event_api_open(struct hl_req *req);
int hl_event_api_close(struct hl_req *req);
int hl_event_api_done(struct hl_req *req);
int hl_event_api_cancel(struct hl_req *req);
/* GET /events/{id}/registrations?status=&limit=&cursor=; POST (an
 * enterprise, Idempotency-Key) {"attendee_count"?,"note"?} → 201;
 * DELETE /events/{id}/registrations/{rid} → 204. */
int hl_event_api_registrations(struct hl_req *req);
int hl_event_api_register(struct hl_req *req);
int hl_event_api_unregister(struct hl_req *req);
/* GET /events/{id}/registrations.csv and .xlsx. */
int hl_event_api_export_csv(struct hl_req *req);
int hl_event_api_export_xlsx(struct hl_req *req);
/* POST /events/{id}/checkins {"code"} → 200 registration. */
int hl_event_api_checkin(struct hl_req *req);
/* POST /events/{id}/questions {"problems":[…]} (Idempotency-Key) → 201. */
int hl_event_api_questions(struct hl_req *req);
/* GET /stats/events?chain=&from=&to=. */
int hl_event_api_stats(struct hl_req *req);

#endif /* HL_EVENT_API_H */
