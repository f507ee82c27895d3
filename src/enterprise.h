/*
 * The enterprise registry: enterprises with their chains, tags and
 * contacts, who may see which (the scoping rule other modules reuse in
 * their SQL), registration with a GB 32100-2015 credit code, changes, and
 * the district and tag vocabularies the forms offer.
 */
#ifndef HL_ENTERPRISE_H
#define HL_ENTERPRISE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "json.h"
#include "valid.h"

struct hl_buf;
struct hl_ctx;
struct hl_err;

/*
 * SQL condition: the enterprise whose id is the SQL expression ID is
 * visible to the caller whose role name, user id and own enterprise id
 * are the SQL expressions R, U and O (parameters, from
 * hl_enterprise_caller()).  docs/SCHEMA.md's table: admin all; enterprise
 * its own; commissioner its assignments; committee the enterprises on
 * its chains; responder the enterprises of the cases assigned to it.
 * Use it in a WHERE so that an invisible enterprise is "no row" (404).
 */
#define HL_ENTERPRISE_VISIBLE(ID, R, U, O)                                     \
	"(" R " = 'admin'"                                                     \
	" OR (" R " = 'enterprise' AND " ID " = " O "::bigint)"                \
	" OR (" R " = 'commissioner' AND EXISTS (SELECT 1"                     \
	"  FROM assignments va WHERE va.enterprise_id = " ID                   \
	"  AND va.commissioner_id = " U "::bigint))"                           \
	" OR (" R " = 'committee' AND EXISTS (SELECT 1"                        \
	"  FROM enterprise_chains vec JOIN user_chains vuc"                    \
	"  ON vuc.chain_id = vec.chain_id WHERE vec.enterprise_id = " ID       \
	"  AND vuc.user_id = " U "::bigint))"                                  \
	" OR (" R " = 'responder' AND EXISTS (SELECT 1 FROM cases vc"          \
	"  WHERE vc.enterprise_id = " ID "  AND vc.assignee_user_id = " U      \
	"::bigint)))"

/* The caller as the three SQL parameters of HL_ENTERPRISE_VISIBLE. */
struct hl_enterprise_caller {
	const char *role; /* "" when anonymous */
	char uid[24];
	char own[24];
};

void hl_enterprise_caller(const struct hl_ctx *ctx,
    struct hl_enterprise_caller *c);

/* One contact person (personal data: reading them is audited). */
struct hl_enterprise_contact {
	const char *name;  /* 1..40 characters */
	const char *title; /* may be NULL */
	const char *phone; /* may be NULL */
	const char *email; /* may be NULL */
	bool is_primary;
};

/*
 * A registration, or the members of a change (has_*: the member was in
 * the body).  Strings are borrowed.  The first chain code is the primary
 * chain (cases are filed under it by default).
 */
struct hl_enterprise_in {
	const char *name;
	const char *credit_code;
	struct hl_json_strv chain_codes;
	const char *district;
	const char *size_class; /* large | medium | small | micro */
	struct hl_json_strv tags;
	bool key_enterprise;
	const char
	    *party_org_status; /* established | joint | instructor | none */
	const char *address;
	const char *main_products;
	int64_t employee_count;
	const char *note;
	const struct hl_enterprise_contact *contacts;
	size_t n_contacts;
	bool has_name;
	bool has_credit_code;
	bool has_chain_codes;
	bool has_district;
	bool has_size_class;
	bool has_tags;
	bool has_key_enterprise;
	bool has_party_org_status;
	bool has_address;
	bool has_main_products;
	bool has_employee_count;
	bool has_note;
	bool has_contacts;
};

/* Most chains, tags and contacts an enterprise may have. */
#define HL_ENTERPRISE_MAX_CHAINS   10
#define HL_ENTERPRISE_MAX_TAGS     20
#define HL_ENTERPRISE_MAX_CONTACTS 20

/* Filters of the list; NULL or 0 means "not given". */
struct hl_enterprise_filter {
	const char *chain;       /* chain code */
	const char *district;    /* district name */
	const char *tag;         /* tag name */
	const char *key;         /* "true" or "false" */
	const char *q;           /* text in name or credit code */
	int64_t commissioner_id; /* assigned to this commissioner */
	int64_t cursor;
	int64_t limit; /* 1..200 */
};

/*
 * Append {"items":[enterprise without contacts],"next_cursor"} of the
 * enterprises the caller may see, newest first.  q matches anywhere in
 * the name or the credit code, case-insensitively (trigram indexes).
 */
int hl_enterprise_list_json(struct hl_ctx *ctx,
    const struct hl_enterprise_filter *f, struct hl_buf *out,
    struct hl_err *err);

/*
 * An enterprise is {"id","name","credit_code","chain_codes" (primary
 * first),"chain_names","primary_chain","district","size_class","tags",
 * "key_enterprise","party_org_status","address","main_products",
 * "employee_count","note" (null for enterprise users),"n_open_cases",
 * "demo","created_at","updated_at"}.
 *
 * Append one enterprise with "contacts":[{"id","name","title","phone",
 * "email","is_primary"}] and "commissioners":[{"id","name",
 * "assignment_id"}].  404 when
 * the caller may not see it.  Returning contacts appends an
 * "enterprise.read_contacts" audit row in the same transaction.
 */
int hl_enterprise_get_json(struct hl_ctx *ctx, int64_t id, struct hl_buf *out,
    struct hl_err *err);

/*
 * Register an enterprise (admins and commissioners; a commissioner gets
 * it assigned) and append it as hl_enterprise_get_json() does, audited.
 * Required: name, credit_code, chain_codes (1..10), district, size_class.
 * Errors: 422 per field (credit code as hl_valid_credit_code(), unknown
 * district, chains or tags, bad enums, contacts "contacts[i].field",
 * key_enterprise set by anyone but an admin); 409 conflict on
 * credit_code when the code is registered already, the message naming
 * that enterprise; 403 for other roles.
 */
int hl_enterprise_create(struct hl_ctx *ctx, const struct hl_enterprise_in *in,
    struct hl_buf *out, struct hl_err *err);

/*
 * Change the present members of enterprise id and append it.  Admins may
 * change any enterprise; commissioners their assigned ones, except
 * credit_code and key_enterprise (422 on that field).  chain_codes and
 * contacts replace the whole list.  404 when the caller may not see it
 * (or is not allowed to change it), other errors as for create.  Audited
 * with the record before and after.
 */
int hl_enterprise_update(struct hl_ctx *ctx, int64_t id,
    const struct hl_enterprise_in *in, struct hl_buf *out, struct hl_err *err);

/*
 * Every check of a registration (creating) or a change that needs no
 * database, all at once, as hl_enterprise_create() makes them: per-field
 * messages in err (422), field names as in the JSON body
 * ("contacts[0].phone").  code gets the canonical credit code.
 */
int hl_enterprise_check(struct hl_ctx *ctx, const struct hl_enterprise_in *in,
    bool creating, char code[HL_VALID_CREDIT_CODE_LEN + 1], struct hl_err *err);

/*
 * Register ins[0..n) (admins), each already passed by
 * hl_enterprise_check() with codes[i] its canonical credit code and its
 * chains, district and tags known, in one transaction: one statement for
 * the rows, one audit row per enterprise ("enterprise.import", the
 * record after).  ids[0..n) get the new ids.  A credit code registered
 * meanwhile rolls it all back: 409 conflict naming the code.  403 for
 * anyone but an admin.
 */
int hl_enterprise_create_many(struct hl_ctx *ctx,
    const struct hl_enterprise_in *ins, const char *const *codes, size_t n,
    int64_t *ids, struct hl_err *err);

/* Append {"items":[{"name","kind","division_code"}]} in display order. */
int hl_enterprise_districts_json(struct hl_ctx *ctx, struct hl_buf *out,
    struct hl_err *err);
/* Append {"items":[{"name","description"}]} in display order. */
int hl_enterprise_tags_json(struct hl_ctx *ctx, struct hl_buf *out,
    struct hl_err *err);

#endif /* HL_ENTERPRISE_H */
