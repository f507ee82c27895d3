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

/* A change of a chain's own details: the members given (NULL: absent;
 * chain_leader_name "" clears it).  Strings borrowed. */
struct hl_chain_in {
	const char *description;        /* 0..4000 characters */
	const char *chain_leader_name;  /* 链长, 1..40 */
	const char *chain_leader_title; /* 0..100 */
	const char *body;               /* the request body */
};

/*
 * Change chain code's description and chain leader (admins), audited
 * ("chain.update"), and append {"code","name","description",
 * "chain_leader":{"name","title"},"updated_at"}.  404 unknown chain, 422
 * per field.
 */
int hl_chain_update(struct hl_ctx *ctx, const char *code,
    const struct hl_chain_in *in, struct hl_buf *out, struct hl_err *err);

/*
 * Append chain code as its administrators see it: every committee
 * member, expert, account manager, product, firm and lawyer, retired ones
 * included ("active"), each with the account it is linked to; the pack's
 * contact and policies; and "can_edit" (admins).  Admins see every
 * chain, committee members theirs; others get 404.
 */
int hl_chain_resources_json(struct hl_ctx *ctx, const char *code,
    struct hl_buf *out, struct hl_err *err);

#endif /* HL_CHAIN_H */
