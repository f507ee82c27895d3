/*
 * Cases from other systems (the 12345 hotline, the province's enterprise
 * request platform): the sources, and their work orders filed as
 * ordinary cases through hl_case_create_many() (same numbering,
 * deadlines and routing) with an intake row each.  A source's work-order
 * number is unique per source, so filing it again finds the case it
 * made; the enterprise is found by its credit code, or registered
 * unverified when nobody has.  Open311 (open311.c) files one work order
 * at a time, the work-order import (intake_import.c) a file's rows; the
 * status going back to a source is SQL's (sql/0021_intake.sql).
 */
#ifndef HL_INTAKE_H
#define HL_INTAKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hl_buf;
struct hl_ctx;
struct hl_err;

/* Longest work-order number a source may use. */
#define HL_INTAKE_REF_MAX_CHARS 64

/* A source, borrowed from the request arena. */
struct hl_intake_source {
	int64_t id;
	const char *code;
	const char *name;
	const char *channel;      /* phone | hotline | platform */
	const char *mapping_json; /* {"<column key>":"<header>",...} */
};

/*
 * The source an integration account files as (ctx->user_id): 403 with a
 * message for the admin when the account is bound to none.
 */
int hl_intake_source_of_caller(struct hl_ctx *ctx, struct hl_intake_source *s,
    struct hl_err *err);
/* The source called code (any caller the route lets in); 404 when none. */
int hl_intake_source_get(struct hl_ctx *ctx, const char *code,
    struct hl_intake_source *s, struct hl_err *err);

/*
 * Append every source as a JSON array of {"id","code","name","channel",
 * "user":{"id","login","name"}|null,"webhook_id","mapping","n_cases",
 * "updated_at"}.  Admins.
 */
int hl_intake_sources_json(struct hl_ctx *ctx, struct hl_buf *out,
    struct hl_err *err);

/* A source's changes; NULL or has_* false: unchanged.  Borrowed. */
struct hl_intake_source_change {
	const char *name;
	const char *channel;
	int64_t user_id; /* 0 with has_user_id: unbind */
	bool has_user_id;
	int64_t webhook_id; /* 0 with has_webhook_id: unbind */
	bool has_webhook_id;
	const char *mapping_json; /* checked and canonical (intake_import.c) */
};

/*
 * Change source code (admins) and append it as the list shows it,
 * audited.  422 per field: name (1..100 characters), channel, user_id
 * (not an integration account, or bound to another source), webhook_id
 * (not subscribed to intake.status alone, or another source's).  404 when
 * there is no such source.
 */
int hl_intake_source_update(struct hl_ctx *ctx, const char *code,
    const struct hl_intake_source_change *in, struct hl_buf *out,
    struct hl_err *err);

/* One work order to file.  Strings borrowed (NULL or "": absent), as the
 * source gave them; hl_intake_item_check() makes them canonical. */
struct hl_intake_item {
	const char *source_ref;      /* the source's number: required */
	const char *credit_code;     /* required */
	const char *enterprise_name; /* required when the code is unknown */
	const char *chain;           /* a chain's code or name; NULL: the
	                                enterprise's own */
	const char *district;        /* for an unknown enterprise */
	const char *category;        /* required */
	const char *title;           /* NULL: the description's start */
	const char *description;     /* required */
	const char *channel;         /* NULL: the source's */
	const char *address;
	const char *address_id;
	double lat;
	double lon;
	bool has_location; /* lat and lon given */
	const char *media_url;
	const char *requester_json; /* {"name","phone","email",...} or NULL */
	const char *received_at;    /* RFC 3339; NULL: now */
};

/*
 * Check one item with the rules of a case and of the intake row, adding
 * one message per fault to err (422), field names as the members above
 * ("source_ref", "credit_code", "enterprise_name", "category", "title",
 * "description", "channel", "address", "address_id", "lat", "media_url",
 * "received_at"); callers rename them for their callers.  Makes it
 * canonical on success: trimmed, the credit code upper-case, the title
 * the description's first line cut to 30 characters when absent (in
 * ctx->arena).  Returns 0 or -1.
 */
int hl_intake_item_check(struct hl_ctx *ctx, struct hl_intake_item *it,
    struct hl_err *err);

/* What a checked item comes to. */
enum hl_intake_outcome {
	HL_INTAKE_NEW = 1, /* a new case (filed by hl_intake_file()) */
	HL_INTAKE_REPLAY,  /* its number was filed before: that case */
	HL_INTAKE_BAD,     /* cannot be filed: status, field, message */
};

struct hl_intake_plan {
	enum hl_intake_outcome outcome;
	int64_t case_id;             /* REPLAY; NEW once filed */
	const char *number;          /* REPLAY; NEW once filed (arena) */
	int64_t enterprise_id;       /* NEW: 0 when registered unverified */
	const char *enterprise_name; /* NEW: as registered or to be */
	int64_t chain_id;            /* NEW */
	const char *district;        /* NEW, unknown enterprise: or NULL */
	int status;                  /* BAD: 403 or 422 */
	const char *field;           /* BAD: the item member at fault */
	const char *message;         /* BAD: Chinese (arena) */
};

/*
 * What items[0..n) (each passed by hl_intake_item_check(), their numbers
 * distinct) come to for source s filed by ctx, into plans[0..n), in one
 * query: a number s filed before is a replay; a known credit code files
 * under the enterprise's chain (the one asked for, else its primary
 * chain, else its first); an unknown one registers the enterprise
 * unverified under the chain asked for (or an integration's only chain),
 * in the district asked for or the one the address names.  An
 * integration files only for its own chains (user_chains): another is
 * BAD with 403.  Other faults are BAD with 422: an unknown chain, an
 * enterprise not on the chain asked for, an unknown code without a name
 * or chain.  Returns 0, or -1 when the query failed.
 */
int hl_intake_check(struct hl_ctx *ctx, const struct hl_intake_source *s,
    const struct hl_intake_item *items, size_t n, struct hl_intake_plan *plans,
    struct hl_err *err);

/*
 * Check items[0..n) as hl_intake_check() and file the NEW ones, in one
 * transaction that holds the source's lock (a replay racing its first
 * filing finds it): unknown enterprises registered unverified (audited
 * "enterprise.create"), the cases through hl_case_create_many() on the
 * channel of each item or of s, their intake rows (audited
 * "case.intake", the row as "after").  plans[i] of a NEW item gets its
 * case.  via is "open311" or "import".  Returns 0 (BAD items are left
 * out, the caller reports them), or -1 with err set and nothing written.
 */
int hl_intake_file(struct hl_ctx *ctx, const struct hl_intake_source *s,
    const char *via, const struct hl_intake_item *items, size_t n,
    struct hl_intake_plan *plans, struct hl_err *err);

#endif /* HL_INTAKE_H */
