/* GET /healthz (the process answers) and GET /readyz (the database
 * answers and has every migration applied). */
#ifndef HL_HEALTH_API_H
#define HL_HEALTH_API_H

struct hl_req;

int hl_health_api_live(struct hl_req *req);
int hl_health_api_ready(struct hl_req *req);

#endif /* HL_HEALTH_API_H */
