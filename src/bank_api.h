/*
 * Lead bank endpoints (admin): PUT /chains/{code}/lead-bank; account
 * managers POST /chains/{code}/lead-bank/managers, PATCH and DELETE
 * /account-managers/{id}; financing products POST
 * /chains/{code}/lead-bank/products, PATCH and DELETE
 * /financing-products/{id}.  DELETE retires.
 */
#ifndef HL_BANK_API_H
#define HL_BANK_API_H

struct hl_req;

int hl_bank_api_put(struct hl_req *req);
int hl_bank_api_manager_create(struct hl_req *req);
int hl_bank_api_manager_update(struct hl_req *req);
int hl_bank_api_manager_retire(struct hl_req *req);
int hl_bank_api_product_create(struct hl_req *req);
int hl_bank_api_product_update(struct hl_req *req);
int hl_bank_api_product_retire(struct hl_req *req);

#endif /* HL_BANK_API_H */
