/*
 * Bulletin endpoints: the JSON API under /api/v1/bulletins, the editor's
 * Markdown preview, and the public pages /bulletins, /bulletins/{id} and
 * their stylesheet.  Also the request helpers policy_api.c shares.
 */
#ifndef HL_BULLETIN_API_H
#define HL_BULLETIN_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hl_buf;
struct hl_err;
struct hl_req;

/*
 * ?limit= (1..200, default 50) and ?cursor= (a next_cursor from an
 * earlier page; 0 when absent) of a list request.  Anything else is 400
 * bad_request naming the parameter.
 */
int hl_bulletin_api_paging(struct hl_req *req, int64_t *limit, int64_t *cursor,
    struct hl_err *err);

/* A ?name=true|false parameter into *out (left alone when absent); 400
 * bad_request for anything else. */
int hl_bulletin_api_bool(struct hl_req *req, const char *name, bool *out,
    struct hl_err *err);

/* Reply out with status, or err when it is set (out is released then). */
int hl_bulletin_api_reply(struct hl_req *req, int status, struct hl_buf *out,
    const struct hl_err *err);

/* The configured Markdown limit in bytes (max_body_markdown). */
size_t hl_bulletin_api_md_limit(void);

/* GET /api/v1/bulletins: ?chain= ?status=draft|published, paged. */
int hl_bulletin_api_list(struct hl_req *req);
/* GET /api/v1/bulletins/{id} */
int hl_bulletin_api_get(struct hl_req *req);
/* POST /api/v1/bulletins {"title","body_md","chain_codes"} → 201 draft */
int hl_bulletin_api_create(struct hl_req *req);
/* PATCH /api/v1/bulletins/{id}: any of title, body_md, chain_codes */
int hl_bulletin_api_update(struct hl_req *req);
/* POST /api/v1/bulletins/{id}/publish and .../unpublish (no body, or {}) */
int hl_bulletin_api_publish(struct hl_req *req);
int hl_bulletin_api_unpublish(struct hl_req *req);
/* POST /api/v1/markdown/preview {"body_md"} → {"html"} */
int hl_bulletin_api_preview(struct hl_req *req);

/* GET /bulletins, GET /bulletins/{id}: HTML; GET /bulletin.css */
int hl_bulletin_api_index_page(struct hl_req *req);
int hl_bulletin_api_page(struct hl_req *req);
int hl_bulletin_api_css(struct hl_req *req);

#endif /* HL_BULLETIN_API_H */
