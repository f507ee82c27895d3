/* GET /healthz (the process answers) and GET /readyz (the database
 * answers and has every migration applied). */
#ifndef HL_HEALTH_API_H
#define HL_HEALTH_API_H

struct hl_migrate_set;
struct hl_req;

/* The migrations /readyz expects applied (borrowed: they outlive the
 * server).  Until this is called /readyz answers 503. */
void hl_health_api_setup(const struct hl_migrate_set *m);

int hl_health_api_live(struct hl_req *req);
int hl_health_api_ready(struct hl_req *req);

#endif /* HL_HEALTH_API_H */
