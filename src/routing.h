/*
 * Case routing rules: which responders answer which category of case on
 * a chain.  The suggested assignee of a case (hl_case_default_responder()
 * in SQL, 0018) takes a pair's rules first and the chain's four-ones
 * binding otherwise; this module edits the rules and checks that every
 * category of every chain ends up with someone.
 */
#ifndef HL_ROUTING_H
#define HL_ROUTING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hl_buf;
struct hl_ctx;
struct hl_err;

/* Most responders one rule may name. */
#define HL_ROUTING_MAX_USERS 20

/* Filters; NULL means all. */
struct hl_routing_filter {
	const char *chain;    /* chain code */
	const char *category; /* case category */
};

/*
 * Append the routing of the chains the caller may see (admins all,
 * committee members theirs): {"items":[{"chain_code","chain_name",
 * "category","rules":[{"id","login","name","usable"}],"effective":
 * {"id","login","name","source":"rule"|"default"}|null,"n_candidates",
 * "problem":"…"|null}],"gaps":[the items without anyone],"complete",
 * "n_pairs","n_covered"}, chains in display order and categories in the
 * API's order.  An unknown chain or category filter is 404.
 */
int hl_routing_list_json(struct hl_ctx *ctx, const struct hl_routing_filter *f,
    struct hl_buf *out, struct hl_err *err);

/* The completeness check alone: the answer above without "items". */
int hl_routing_check_json(struct hl_ctx *ctx, struct hl_buf *out,
    struct hl_err *err);

/*
 * Make user_ids[0..n) (in that order of preference) the rule of chain
 * code's category, replacing the old one; n == 0 removes the rule (the
 * chain's four-ones binding answers again).  Audited ("routing_rule.set",
 * the old and new list).  Appends the chain's routing as
 * hl_routing_list_json() does.  Errors: 404 unknown chain or category;
 * 422 on "user_ids" (too many, duplicates) or "user_ids[i]" (no such
 * user, not a responder, disabled).
 */
int hl_routing_set(struct hl_ctx *ctx, const char *code, const char *category,
    const int64_t *user_ids, size_t n, struct hl_buf *out, struct hl_err *err);

#endif /* HL_ROUTING_H */
