/*
 * In-app message endpoints, for every signed-in user on their own
 * messages.
 */
#ifndef HL_MESSAGE_API_H
#define HL_MESSAGE_API_H

struct hl_req;

/* GET /api/v1/notifications?unread=&limit=&cursor= */
int hl_message_api_list(struct hl_req *req);
/* POST /api/v1/notifications/read {"ids":[…]} or {"all":true} */
int hl_message_api_read(struct hl_req *req);

#endif /* HL_MESSAGE_API_H */
