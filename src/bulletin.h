/*
 * Bulletins (政策简报): Markdown written by a chain committee (or an admin
 * for the whole city), rendered once when saved and again when published,
 * draft or published.  Also the one Markdown-with-limit step that policy
 * bodies and the editor's preview share, so that what an editor previews
 * is what gets stored.
 */
#ifndef HL_BULLETIN_H
#define HL_BULLETIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "json.h"

struct hl_buf;
struct hl_ctx;
struct hl_err;

/*
 * Render md (NUL-terminated) with hl_md_render() and append the HTML to
 * html.  max_len is the configured limit in bytes (max_body_markdown), 0
 * meaning HL_MD_MAX_LEN; the stricter of the two applies.  Errors as
 * hl_md_render(): 413 payload_too_large, 400 bad_request, 422.
 */
int hl_bulletin_render(const char *md, size_t max_len, struct hl_buf *html,
    struct hl_err *err);

/* Append the strings of v as a JSON array: how lists travel to SQL, here
 * and in policy.c; HL_BULLETIN_SQL_TEXT_ARRAY("$n") turns one back into a
 * text[] in the same order. */
void hl_bulletin_json_strv(const struct hl_json_strv *v, struct hl_buf *out);
#define HL_BULLETIN_SQL_TEXT_ARRAY(n)                                          \
	"ARRAY(SELECT x FROM json_array_elements_text(" n "::json)"            \
	" WITH ORDINALITY AS t(x, i) ORDER BY i)"

/* The caller as SQL parameters: the role's name ("" when anonymous) and
 * the user id in decimal (uid holds 24 bytes). */
void hl_bulletin_caller(const struct hl_ctx *ctx, const char **role,
    char uid[24]);

/*
 * hl_db_fetch_json() of sql with $1 id and $2, $3 the caller
 * (hl_bulletin_caller()): the one-item answer of a bulletin or a policy.
 */
int hl_bulletin_fetch_item_json(struct hl_ctx *ctx, const char *sql, int64_t id,
    struct hl_buf *out, struct hl_err *err);

/*
 * Check chain codes for content the caller writes (bulletins, policies):
 * duplicates and unknown codes are 422 on "chain_codes", naming them;
 * anyone but an admin must name at least one chain, all of them theirs
 * (user_chains), else 403 forbidden with the same field.  Adds to what
 * err already holds; returns -1 when err is set afterwards or on a
 * database failure.
 */
int hl_bulletin_check_chains(struct hl_ctx *ctx,
    const struct hl_json_strv *codes, struct hl_err *err);

/* What the API layer knows from the configuration. */
struct hl_bulletin_opts {
	size_t md_max_len;      /* max_body_markdown; 0: HL_MD_MAX_LEN */
	const char *public_url; /* for links in notifications; may be NULL */
};

/* A bulletin to create, or the members of a change (present_*). */
struct hl_bulletin_in {
	const char *title;
	const char *body_md;
	struct hl_json_strv chain_codes; /* empty: citywide */
	bool present_title;
	bool present_body_md;
	bool present_chain_codes;
};

/* Filters of the list; NULL or 0 means "not given". */
struct hl_bulletin_filter {
	const char *chain;  /* chain code: its bulletins and citywide ones */
	const char *status; /* "draft" or "published" */
	int64_t cursor;
	int64_t limit; /* 1..200 */
};

/*
 * Append {"items":[bulletin without bodies, with "excerpt"],
 * "next_cursor"}, newest first.  Everyone signed in sees published
 * bulletins; drafts only those who may edit them: admins, and committee
 * members for bulletins all of whose chains are theirs.
 */
int hl_bulletin_list_json(struct hl_ctx *ctx,
    const struct hl_bulletin_filter *f, struct hl_buf *out, struct hl_err *err);

/* Append one bulletin with body_md and body_html; a draft the caller may
 * not edit, or an unknown id, is 404. */
int hl_bulletin_get_json(struct hl_ctx *ctx, int64_t id, struct hl_buf *out,
    struct hl_err *err);

/*
 * Create a draft (rendered now, for the preview) and append it.  Errors:
 * 413 over the Markdown limit, 400 invalid UTF-8, 422 per field (unknown
 * chain codes named), 403 for a committee member naming no chain (only
 * admins write citywide bulletins) or a chain that is not theirs.
 */
int hl_bulletin_create(struct hl_ctx *ctx, const struct hl_bulletin_in *in,
    const struct hl_bulletin_opts *o, struct hl_buf *out, struct hl_err *err);

/*
 * Change a draft's present members and append it.  404 when the caller
 * may not see it, 403 when they see it (published) but may not edit it,
 * 409 conflict when it is published (unpublish first).
 */
int hl_bulletin_update(struct hl_ctx *ctx, int64_t id,
    const struct hl_bulletin_in *in, const struct hl_bulletin_opts *o,
    struct hl_buf *out, struct hl_err *err);

/*
 * Publish a draft (rendering its HTML again, as stored from now on, and
 * queueing a "bulletin.published" notification per chain, or one
 * citywide) or take a published one back to draft; append it.  404, 403
 * as for changes; 409 conflict when it already is in that state.
 */
int hl_bulletin_publish(struct hl_ctx *ctx, int64_t id, bool publish,
    const struct hl_bulletin_opts *o, struct hl_buf *out, struct hl_err *err);

/* ---- the public pages ---- */

/* A published bulletin as the public page shows it; strings in the
 * request arena. */
struct hl_bulletin_public {
	int64_t id;
	const char *title;
	const char *body_html;
	const char *excerpt;      /* plain text, about 100 characters */
	const char *published_at; /* RFC 3339 */
	const char *published_on; /* "2026年11月16日" */
	const char *scope;        /* "全市" or chain names joined by "、" */
};

/* Fill b with published bulletin id; a draft or unknown id is 404. */
int hl_bulletin_public_get(struct hl_ctx *ctx, int64_t id,
    struct hl_bulletin_public *b, struct hl_err *err);

/* One line of the public index: a bulletin under one group. */
struct hl_bulletin_index_row {
	const char *group_code;      /* chain code; NULL for citywide */
	const char *group_name;      /* "全市" or the chain's name */
	struct hl_bulletin_public b; /* body_html and excerpt NULL */
};

/*
 * The published bulletins grouped for the index: citywide first, then
 * each chain in display order (a bulletin for two chains is under both),
 * newest first and at most HL_BULLETIN_INDEX_PER_GROUP per group.  *rows
 * is an array in the request arena.
 */
#define HL_BULLETIN_INDEX_PER_GROUP 30
int hl_bulletin_public_index(struct hl_ctx *ctx,
    struct hl_bulletin_index_row **rows, size_t *n_rows, struct hl_err *err);

#endif /* HL_BULLETIN_H */
