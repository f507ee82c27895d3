/*
 * Webhook endpoints (admins; roles in routes.c): CRUD, the delivery log,
 * a test message, re-sending a dead notification, and the event types.
 */
#ifndef HL_WEBHOOK_API_H
#define HL_WEBHOOK_API_H

struct hl_req;

/* POST /api/v1/webhooks {"name","url","format","secret","event_types",
 * "chain_code","active"} -> 201 (Idempotency-Key honoured) */
int hl_webhook_api_create(struct hl_req *req);
/* GET /api/v1/webhooks?limit=&cursor= */
int hl_webhook_api_list(struct hl_req *req);
/* GET /api/v1/webhooks/{id} */
int hl_webhook_api_get(struct hl_req *req);
/* PATCH /api/v1/webhooks/{id} */
int hl_webhook_api_update(struct hl_req *req);
/* DELETE /api/v1/webhooks/{id} -> 204 */
int hl_webhook_api_delete(struct hl_req *req);
/* POST /api/v1/webhooks/{id}/test -> 202 */
int hl_webhook_api_test(struct hl_req *req);
/* GET /api/v1/webhooks/{id}/deliveries?status=&limit=&cursor= */
int hl_webhook_api_log(struct hl_req *req);
/* POST /api/v1/webhooks/{id}/deliveries/{nid}/resend */
int hl_webhook_api_resend(struct hl_req *req);
/* GET /api/v1/notification-types */
int hl_webhook_api_types(struct hl_req *req);

#endif /* HL_WEBHOOK_API_H */
