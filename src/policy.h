/*
 * Policies of the chains' policy packs (政策对接包): reading, writing with
 * eligibility, and the explained matching of one enterprise against every
 * active policy.  The matching rule is one SQL statement in policy.c and
 * lives nowhere else; the database tests exercise it with fixtures.
 */
#ifndef HL_POLICY_H
#define HL_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "json.h"

struct hl_arena;
struct hl_buf;
struct hl_ctx;
struct hl_err;

/* Members of a policy as the API writes them, in the order of
 * struct hl_policy_in (the index into present[]). */
enum hl_policy_field {
	HL_POLICY_TITLE,
	HL_POLICY_ISSUER,
	HL_POLICY_REF_NUMBER,
	HL_POLICY_EFFECTIVE_ON,
	HL_POLICY_EXPIRES_ON,
	HL_POLICY_APPLY_FROM,
	HL_POLICY_APPLY_UNTIL,
	HL_POLICY_CHAIN_CODES,
	HL_POLICY_DISTRICTS,
	HL_POLICY_SIZE_CLASSES,
	HL_POLICY_REQUIRED_TAGS,
	HL_POLICY_EXCLUDED_TAGS,
	HL_POLICY_KEY_ENTERPRISE_ONLY,
	HL_POLICY_BENEFIT_SUMMARY,
	HL_POLICY_BODY_MD,
	HL_POLICY_SOURCE_URL,
	HL_POLICY_ARCHIVED,
	HL_POLICY_N_FIELDS,
};

/*
 * A policy to create, or the members of a change (present[] says which
 * were sent; a JSON null clears ref_number, the dates other than
 * effective_on, and source_url).  Strings are borrowed (request arena).
 * Empty lists mean "no restriction": no chain = citywide.
 */
struct hl_policy_in {
	const char *title;
	const char *issuer;
	const char *ref_number;
	const char *effective_on; /* YYYY-MM-DD */
	const char *expires_on;
	const char *apply_from;
	const char *apply_until;
	struct hl_json_strv chain_codes;
	struct hl_json_strv districts;
	struct hl_json_strv size_classes; /* large medium small micro */
	struct hl_json_strv required_tags;
	struct hl_json_strv excluded_tags;
	bool key_enterprise_only;
	const char *benefit_summary;
	const char *body_md;
	const char *source_url;
	bool archived; /* changes only */
	bool present[HL_POLICY_N_FIELDS];
};

/*
 * Decode a request body j into in: a creation (title, issuer and
 * effective_on required; archived refused) or, when change is true, a
 * change (nothing required).  Strings go to arena.  Per-field 422 errors.
 */
int hl_policy_decode(const struct hl_json *j, bool change,
    struct hl_policy_in *in, struct hl_arena *arena, struct hl_err *err);

/* Filters of the policy list; NULL or 0 means "not given". */
struct hl_policy_filter {
	const char *chain;  /* chain code: its policies and citywide ones */
	const char *q;      /* in title or reference number */
	const char *active; /* "true": in force today; "false": not */
	bool archived;      /* archived ones only (default: none) */
	int64_t cursor;     /* from next_cursor */
	int64_t limit;      /* 1..200 */
};

/* Append {"items":[policy without body],"next_cursor"} newest first.
 * Every signed-in user reads every policy. */
int hl_policy_list_json(struct hl_ctx *ctx, const struct hl_policy_filter *f,
    struct hl_buf *out, struct hl_err *err);

/* Append one policy with body_md and body_html and "can_edit" for the
 * caller.  Unknown id: 404. */
int hl_policy_get_json(struct hl_ctx *ctx, int64_t id, struct hl_buf *out,
    struct hl_err *err);

/*
 * Create a policy and append it as hl_policy_get_json() does.  The body is
 * rendered with hl_bulletin_render() (md_max_len: the configured limit,
 * 0 for HL_MD_MAX_LEN; over it 413).  Errors: 422 with a message per field
 * (dates out of order, unknown chain codes, districts or tags, named);
 * 403 when a committee member names no chain or one that is not theirs.
 * Writes its audit row in the same transaction; nothing is written on
 * failure.  A policy in force on creation is announced in the same
 * transaction: every user of an enterprise that qualifies gets a message
 * with the reasons, and webhooks a policy.matched event.
 */
int hl_policy_create(struct hl_ctx *ctx, const struct hl_policy_in *in,
    size_t md_max_len, struct hl_buf *out, struct hl_err *err);

/*
 * Change the members present in in (archived: true archives, false
 * restores) and append the policy.  The merged policy is checked as a new
 * one would be.  A committee member may change only policies all of whose
 * chains are theirs (403 otherwise, the policy being readable); unknown
 * id: 404.
 */
int hl_policy_update(struct hl_ctx *ctx, int64_t id,
    const struct hl_policy_in *in, size_t md_max_len, struct hl_buf *out,
    struct hl_err *err);

/*
 * Append, for enterprise id, every active policy (in force today, not
 * archived) explained:
 *   {"enterprise":{...},"today","window_days","items":[{policy summary,
 *    "qualifies","matched":[...],"missing":[...],"excluded":[...],
 *    "closing_soon","days_left","application_open"}],"next_cursor":null}
 * Reasons are "chain:<code>", "district:<name>", "size:<class>",
 * "tag:<name>" and "key_enterprise"; an unmet "any of" criterion lists its
 * alternatives joined by "|" ("district:博山区|沂源县").  closing_soon:
 * apply_until is today or within window_days.  The enterprise is scoped
 * to the caller (404 when they may not see it).
 */
int hl_policy_match_json(struct hl_ctx *ctx, int64_t enterprise_id,
    int64_t window_days, struct hl_buf *out, struct hl_err *err);

/* Used until hl_policy_setup() (tests, commands): the default of
 * [notify] policy_closing_days. */
#define HL_POLICY_CLOSING_DAYS 7

/* Take [notify] policy_closing_days from c, once at startup. */
struct hl_conf;
void hl_policy_setup(const struct hl_conf *c);

/*
 * The policy notification job, as an hl_db_tx_fn (arg unused), on db:
 * policies that came into force since they were created tell the users
 * of every enterprise that qualifies (policy.matched, once), and policies
 * whose application window closes within policy_closing_days remind them
 * (policy.window_closing, once).  A policy created in force is announced
 * by hl_policy_create() itself, in its transaction.  Returns 0 or -1.
 */
struct hl_db_conn;
int hl_policy_job_notify(struct hl_db_conn *db, void *arg, struct hl_err *err);

#endif /* HL_POLICY_H */
