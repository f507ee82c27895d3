/*
 * Bulletin endpoints: the JSON API under /api/v1/bulletins, the editor's
 * Markdown preview, and the public pages /bulletins, /bulletins/{id} and
 * their stylesheet.
 */
#ifndef HL_BULLETIN_API_H
#define HL_BULLETIN_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hl_buf;
struct hl_conf;
struct hl_err;
struct hl_req;

/* Take the Markdown limit and the public address from c (borrowed: it
 * outlives the server).  Call once at startup; until then the defaults
 * hold (HL_MD_MAX_LEN, no public address). */
void hl_bulletin_api_setup(const struct hl_conf *c);

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
