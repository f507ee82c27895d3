/*
 * Re-check (回访) endpoints: the queue (GET /api/v1/rechecks), one re-check
 * (GET /api/v1/rechecks/{id}), recording a call (POST /api/v1/rechecks/{id})
 * and the weekly draws with their seeds (GET and POST
 * /api/v1/rechecks/draws).  Decode, call recheck.c, reply once.
 */
#ifndef HL_RECHECK_API_H
#define HL_RECHECK_API_H

struct hl_req;

int hl_recheck_api_list(struct hl_req *req);
int hl_recheck_api_get(struct hl_req *req);
int hl_recheck_api_record(struct hl_req *req);
int hl_recheck_api_draws(struct hl_req *req);
int hl_recheck_api_draw(struct hl_req *req);

#endif /* HL_RECHECK_API_H */
