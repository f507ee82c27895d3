/*
 * What the four-ones handlers share: decoding a body against a resource's
 * members plus the account to bind, and the answers of create, change
 * and retire.  The endpoints themselves are in expert_api.c, bank_api.c,
 * legal_api.c, committee_api.c and policy_pack_api.c.
 */
#ifndef HL_FOURONE_API_H
#define HL_FOURONE_API_H

#include <stdbool.h>
#include <stddef.h>

#include "idem.h"

struct hl_err;
struct hl_fourone_write;
struct hl_json_field;
struct hl_req;

/*
 * Decode req's JSON body against fields (none required: the domain
 * module decides what a create needs) and, when with_user, "user_id"
 * (an integer, or null to unbind).  w gets the body text and the
 * account.  Errors as hl_json_decode(): 400 or 422 per field.
 */
int hl_fourone_api_decode(struct hl_req *req,
    const struct hl_json_field *fields, size_t n, bool with_user,
    struct hl_fourone_write *w, struct hl_err *err);

/* Reply 201 with the record fn created under the request's
 * Idempotency-Key, or the error. */
int hl_fourone_api_create(struct hl_req *req, hl_idem_create_fn fn, void *arg);

/* Reply 200 with out, 204 when out is NULL, or the error when err is
 * set (out is released then). */
int hl_fourone_api_reply(struct hl_req *req, struct hl_buf *out,
    const struct hl_err *err);

#endif /* HL_FOURONE_API_H */
