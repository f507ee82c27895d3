/*
 * The chains registry: the 20 municipal industrial chains, each with its
 * party committee and its "four ones".  PostgreSQL builds the JSON, one
 * statement per answer, so a chain page is one round trip.
 */
#ifndef HL_CHAIN_H
#define HL_CHAIN_H

#include <stdbool.h>

struct hl_buf;
struct hl_ctx;
struct hl_err;

/* Append {"items":[{code,name,description,chain_leader,counts...}]} for
 * every chain, in display order. */
int hl_chain_list_json(struct hl_ctx *ctx, struct hl_buf *out,
    struct hl_err *err);

/*
 * Append the chain with code as one JSON object: committee, expert panel,
 * policy pack, lead bank, legal team.  Contact details (phones, e-mail)
 * only when with_contacts: they are for signed-in users, not the public.
 * Unknown code: 404 not_found.
 */
int hl_chain_get_json(struct hl_ctx *ctx, const char *code, bool with_contacts,
    struct hl_buf *out, struct hl_err *err);

#endif /* HL_CHAIN_H */
