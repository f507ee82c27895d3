/*
 * Idempotency keys.  The claim is an INSERT ... ON CONFLICT DO NOTHING of
 * the key row, so a second request with the same key waits on the first
 * one's row lock instead of racing it; the stored answer is read by a
 * separate statement, whose fresh snapshot (READ COMMITTED) sees the row
 * the first request committed meanwhile.
 */
#include "idem.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "ctx.h"
#include "db.h"
#include "err.h"
#include "http.h"
#include "str.h"

int
hl_idem_key_from_req(struct hl_req *req, struct hl_idem_key *k,
    struct hl_err *err)
{
	const char *key = hl_http_header(req, "Idempotency-Key");
	size_t i;

	memset(k, 0, sizeof(*k));
	k->method = req->method;
	k->path = req->path;
	if (key == NULL)
		return 0;
	for (i = 0; key[i] != '\0'; i++)
		if (i >= HL_IDEM_KEY_MAX || key[i] < 0x21 || key[i] > 0x7e)
			break;
	if (i == 0 || key[i] != '\0')
		return hl_err_set(err, 400, "bad_request",
		    "Idempotency-Key 应为 1 到 %d 个可见 ASCII 字符",
		    HL_IDEM_KEY_MAX);
	k->key = key;
	hl_crypto_sha256(req->body.p != NULL ? req->body.p : "", req->body.len,
	    k->body_sha256);
	return 0;
}

/* $1 user, $2 key, $3 method, $4 path, $5 body hash. */
static const char SQL_CLAIM[] =
    "INSERT INTO idempotency_keys (user_id, key, method, path,"
    " request_sha256) VALUES ($1, $2, $3, $4, $5::bytea)"
    " ON CONFLICT DO NOTHING RETURNING 1";

/* $1 user, $2 key: the first use, committed by now. */
static const char SQL_STORED[] =
    "SELECT method, path, encode(request_sha256, 'hex'), status,"
    " response_body FROM idempotency_keys WHERE user_id = $1 AND key = $2";

static const char SQL_STORE[] =
    "UPDATE idempotency_keys SET status = $3::int, response_body = $4"
    " WHERE user_id = $1 AND key = $2";

static int
replay_of(struct hl_db_res *r, const struct hl_idem_key *k, const char *hex,
    int *status, struct hl_buf *body, struct hl_err *err)
{
	if (hl_db_nrows(r) == 0 || hl_db_isnull(r, 0, 3))
		return hl_err_set(err, 409, "conflict",
		    "使用同一 Idempotency-Key 的请求正在处理，请稍后重试");
	if (strcmp(hl_db_get(r, 0, 0), k->method) != 0 ||
	    strcmp(hl_db_get(r, 0, 1), k->path) != 0 ||
	    strcmp(hl_db_get(r, 0, 2), hex) != 0)
		return hl_err_set(err, 422, "idempotency_key_reused",
		    "Idempotency-Key 已用于另一个请求");
	*status = (int)hl_db_get_i64(r, 0, 3);
	hl_buf_append(body, hl_db_get(r, 0, 4), hl_db_getlen(r, 0, 4));
	return 0;
}

int
hl_idem_claim(struct hl_ctx *ctx, const struct hl_idem_key *k, bool *replay,
    int *status, struct hl_buf *body, struct hl_err *err)
{
	char uid[24];
	char hash[2 + 2 * HL_CRYPTO_SHA256_LEN + 1];
	const char *params[5] = { uid, k->key, k->method, k->path, hash };
	struct hl_db_res *r;
	int rc;

	snprintf(uid, sizeof(uid), "%" PRId64, ctx->user_id);
	hash[0] = '\\';
	hash[1] = 'x';
	hl_hex_encode(k->body_sha256, sizeof(k->body_sha256), hash + 2);
	r = hl_db_exec(ctx->db, SQL_CLAIM, 5, params, err);
	if (r == NULL)
		return -1;
	*replay = hl_db_nrows(r) == 0;
	hl_db_res_free(r);
	if (!*replay)
		return 0;
	r = hl_db_exec(ctx->db, SQL_STORED, 2, params, err);
	if (r == NULL)
		return -1;
	rc = replay_of(r, k, hash + 2, status, body, err);
	hl_db_res_free(r);
	return rc;
}

int
hl_idem_store(struct hl_ctx *ctx, const struct hl_idem_key *k, int status,
    const struct hl_buf *body, struct hl_err *err)
{
	char uid[24];
	char st[16];
	const char *params[4] = { uid, k->key, st, hl_buf_cstr(body) };

	snprintf(uid, sizeof(uid), "%" PRId64, ctx->user_id);
	snprintf(st, sizeof(st), "%d", status);
	return hl_db_run(ctx->db, SQL_STORE, 4, params, err);
}

struct run {
	struct hl_req *req;
	const struct hl_idem_key *k;
	hl_idem_create_fn fn;
	void *arg;
	int fresh_status;
	int *status;
	struct hl_buf *out;
	size_t out_len;
	bool replay;
};

/* Forget what an earlier attempt of a retried transaction appended. */
static void
cut(struct hl_buf *b, size_t len)
{
	if (b->p != NULL && b->len > len) {
		b->len = len;
		b->p[len] = '\0';
	}
}

static int
run_tx(struct hl_db_conn *db, void *arg, struct hl_err *err)
{
	struct run *r = arg;
	struct hl_ctx *ctx = &r->req->ctx;
	struct hl_buf made = { 0 };
	int rc;

	(void)db;
	cut(r->out, r->out_len);
	*r->status = r->fresh_status;
	if (hl_idem_claim(ctx, r->k, &r->replay, r->status, r->out, err) == -1)
		return -1;
	if (r->replay)
		return 0;
	if (r->fn(ctx, r->arg, r->out, err) == -1)
		return -1;
	/* Store what fn appended, not what the caller had before. */
	hl_buf_append(&made, r->out->p + r->out_len, r->out->len - r->out_len);
	rc = hl_idem_store(ctx, r->k, *r->status, &made, err);
	hl_buf_release(&made);
	return rc;
}

int
hl_idem_run(struct hl_req *req, hl_idem_create_fn fn, void *arg, int *status,
    struct hl_buf *out, struct hl_err *err)
{
	struct hl_idem_key k;
	struct run r = { 0 };

	if (hl_idem_key_from_req(req, &k, err) == -1)
		return -1;
	if (k.key == NULL || req->ctx.user_id <= 0)
		return fn(&req->ctx, arg, out, err);
	r.req = req;
	r.k = &k;
	r.fn = fn;
	r.arg = arg;
	r.fresh_status = *status;
	r.status = status;
	r.out = out;
	r.out_len = out->len;
	if (hl_db_tx_run(req->ctx.db, run_tx, &r, err) == -1)
		return -1;
	if (r.replay)
		hl_http_add_header_ref(req, "Idempotent-Replayed", "true");
	return 0;
}
