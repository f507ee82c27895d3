/*
 * Idempotency-Key on creating POSTs (API.md): the same key from the same
 * user answers the first response again and creates nothing.  The key is
 * claimed inside the creating transaction, before anything is created,
 * and the response is stored in that same transaction, so a create and
 * its stored answer commit or roll back together.
 *
 * A creating handler makes one call around its domain function:
 *
 *	static int
 *	create(struct hl_ctx *ctx, void *arg, struct hl_buf *out,
 *	    struct hl_err *err)
 *	{
 *		return hl_case_create(ctx, arg, out, err);
 *	}
 *
 *	int
 *	hl_case_api_create(struct hl_req *req)
 *	{
 *		struct hl_case_new in;
 *		struct hl_buf out = { 0 };
 *		struct hl_err err = { 0 };
 *		int status = 201;
 *
 *		if (decode(req, &in, &err) == -1 ||
 *		    hl_idem_run(req, create, &in, &status, &out, &err) == -1) {
 *			hl_buf_release(&out);
 *			return hl_http_reply_err(req, &err);
 *		}
 *		return hl_http_reply_json(req, status, &out);
 *	}
 *
 * The domain function may run its own hl_db_tx_run(): inside the key's
 * transaction it becomes a savepoint (db.h).  Only successful answers are
 * stored: a create that fails (422, 409, ...) rolls the key back too, so
 * the client may fix the request and retry with the same key.
 */
#ifndef HL_IDEM_H
#define HL_IDEM_H

#include <stdbool.h>

#include "crypto.h"

struct hl_buf;
struct hl_ctx;
struct hl_err;
struct hl_req;

/* Longest key in bytes (the column's CHECK). */
#define HL_IDEM_KEY_MAX 255

/* One request's key and what identifies the request it was used for. */
struct hl_idem_key {
	const char *key;    /* borrowed; NULL: the request carries none */
	const char *method; /* borrowed */
	const char *path;   /* borrowed, without the query */
	unsigned char body_sha256[HL_CRYPTO_SHA256_LEN];
};

/*
 * Fill k from req's Idempotency-Key header, method, path and body.  No
 * header leaves k->key NULL.  A key that is empty, longer than
 * HL_IDEM_KEY_MAX bytes or not printable ASCII (0x21-0x7e) is 400
 * bad_request.  Returns 0 or -1.
 */
int hl_idem_key_from_req(struct hl_req *req, struct hl_idem_key *k,
    struct hl_err *err);

/*
 * Inside the creating transaction on ctx->db, before creating anything:
 * claim k->key for ctx->user_id.  The first use inserts the row and sets
 * *replay false: go on creating, then call hl_idem_store().  A later use
 * sets *replay true, *status and appends the stored body to body: answer
 * them and create nothing.  A concurrent first use holds the row lock
 * until it ends, so this call waits for it.  Errors: 422
 * idempotency_key_reused when the key was used for another method, path
 * or body; 409 conflict when the first use is still unfinished (cannot
 * happen while claims and stores share a transaction).
 */
int hl_idem_claim(struct hl_ctx *ctx, const struct hl_idem_key *k, bool *replay,
    int *status, struct hl_buf *body, struct hl_err *err);

/* Inside the same transaction, before COMMIT: store the answer of the
 * claimed key.  Returns 0 or -1. */
int hl_idem_store(struct hl_ctx *ctx, const struct hl_idem_key *k, int status,
    const struct hl_buf *body, struct hl_err *err);

/* A create: appends the created record's JSON to out.  It runs on
 * ctx->db, inside the key's transaction when there is a key. */
typedef int (*hl_idem_create_fn)(struct hl_ctx *ctx, void *arg,
    struct hl_buf *out, struct hl_err *err);

/*
 * Run fn for req under its Idempotency-Key.  Without a key (or for an
 * anonymous caller) this is just fn(&req->ctx, arg, out, err).  With one,
 * fn runs in a transaction that claims the key first and stores *status
 * and out before COMMIT; a repeat answers the stored status (in *status)
 * and body (in out) without calling fn, and adds the response header
 * "Idempotent-Replayed: true".  *status is the status of a fresh create
 * on entry (201).  Errors: those of hl_idem_key_from_req(),
 * hl_idem_claim() and fn.  Returns 0 or -1.
 */
int hl_idem_run(struct hl_req *req, hl_idem_create_fn fn, void *arg,
    int *status, struct hl_buf *out, struct hl_err *err);

#endif /* HL_IDEM_H */
