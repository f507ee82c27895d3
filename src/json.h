/*
 * JSON in and out.  Input: the only jansson user; a request body is parsed
 * and decoded against a table of expected fields (unknown fields, wrong
 * types and over-long strings are refused per field).  Output: a streaming
 * writer that appends to a struct hl_buf, allocating nothing per value.
 */
#ifndef HL_JSON_H
#define HL_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hl_arena;
struct hl_buf;
struct hl_err;

/* ---- input ---- */

/* A parsed document or a borrowed node inside one (opaque). */
struct hl_json;

/*
 * Parse len bytes.  The text must be valid UTF-8 and exactly one JSON value
 * (any type), without duplicate keys and nested at most 64 deep.  Errors:
 * 400 bad_request for invalid UTF-8; 400 invalid_json otherwise, the
 * message naming line and column.  Strings may contain \u0000 here; the
 * decoder refuses them per field.  The caller owns the result and frees it
 * with hl_json_free().
 */
struct hl_json *hl_json_parse(const char *p, size_t len, struct hl_err *err);
void hl_json_free(struct hl_json *j);

enum hl_json_kind {
	HL_JSON_STRING,    /* out: const char ** (arena copy; NULL if absent) */
	HL_JSON_INT,       /* out: int64_t * */
	HL_JSON_BOOL,      /* out: bool * */
	HL_JSON_STR_ARRAY, /* out: struct hl_json_strv * */
	HL_JSON_INT_ARRAY, /* out: struct hl_json_i64v * */
	HL_JSON_OBJECT,    /* out: const struct hl_json ** (borrowed node) */
	HL_JSON_ARRAY,     /* out: const struct hl_json ** (borrowed node) */
};

struct hl_json_strv {
	const char **v; /* arena */
	size_t n;
};

struct hl_json_i64v {
	int64_t *v; /* arena */
	size_t n;
};

/*
 * One expected member of an object.  max, 0 meaning "no limit of its own":
 *   HL_JSON_STRING     longest string in characters (code points)
 *   HL_JSON_STR_ARRAY  longest element in characters; at most 200
 *                      elements, always
 *   HL_JSON_INT_ARRAY  most elements (0: 1000)
 *   HL_JSON_ARRAY      most elements
 *   others             unused
 * present, when not NULL, is set to whether the member was there (a JSON
 * null counts as absent for nullable members, as a type error otherwise).
 * An absent member sets a STRING, OBJECT or ARRAY out to NULL and an
 * array kind to { NULL, 0 }; INT and BOOL outs keep the caller's default.
 * required means present; a required STRING must also be non-empty.
 * Strings (and string elements) containing U+0000 are refused.  INT takes
 * JSON integers only: 1.0 and "1" are type errors.
 */
struct hl_json_field {
	const char *name;
	enum hl_json_kind kind;
	bool required;
	bool nullable;
	size_t max;
	void *out;
	bool *present;
};

/*
 * Decode object node j against fields[0..n).  Every problem is collected
 * into err as a per-field message (422 validation_failed): missing required
 * members, wrong types, strings that are too long or empty when required,
 * and members not in the table ("unknown field").  A non-object j is a 422
 * too.  Strings are copied into arena.  Returns 0 or -1.
 */
int hl_json_decode(const struct hl_json *j, const struct hl_json_field *fields,
    size_t n, struct hl_arena *arena, struct hl_err *err);

/* hl_json_parse() and hl_json_decode() of a request body that holds one
 * object of scalar fields (strings are copied into arena, so nothing
 * points into the parsed tree afterwards).  Returns 0 or -1 with err. */
int hl_json_decode_text(const char *p, size_t len,
    const struct hl_json_field *fields, size_t n, struct hl_arena *arena,
    struct hl_err *err);

/*
 * hl_json_decode() of element i of the array member called name, each
 * problem added to err as "name[i].field" (or as "name[i]" when the
 * element is not an object), so that a form can show it next to the
 * element's own field.  Returns 0 or -1.
 */
int hl_json_decode_elem(const struct hl_json *j,
    const struct hl_json_field *fields, size_t n, struct hl_arena *arena,
    const char *name, size_t i, struct hl_err *err);

/* Array access for HL_JSON_ARRAY members (each element is a borrowed
 * node, typically decoded with hl_json_decode). */
size_t hl_json_array_size(const struct hl_json *j);
const struct hl_json *hl_json_array_get(const struct hl_json *j, size_t i);

/* Object iteration, for maps such as {"industry":"..."}: calls fn for
 * each member in document order (none when j is not an object); a -1 from
 * fn stops and is returned. */
typedef int (
    *hl_json_member_fn)(const char *key, const struct hl_json *val, void *arg);
int hl_json_object_each(const struct hl_json *j, hl_json_member_fn fn,
    void *arg);
/* The string value of a node, or NULL when it is not a string or contains
 * U+0000. */
const char *hl_json_string(const struct hl_json *j);

/* The member key of object j, borrowed; NULL when j is not an object or
 * has no such member.  For documents read leniently (a receiver's answer,
 * a stored payload) rather than decoded against a table. */
const struct hl_json *hl_json_get(const struct hl_json *j, const char *key);
/* The value of an integer node into *out: 0, or -1 when j is not one. */
int hl_json_int(const struct hl_json *j, int64_t *out);

/* ---- output ---- */

#define HL_JW_MAX_DEPTH 32

/*
 * Streaming writer.  hl_jw_init() points it at a buffer the caller owns;
 * keys and values are appended with commas placed automatically.  Strings
 * must be valid UTF-8 (hl_jw_strn may hold U+0000); they are escaped for
 * JSON and for embedding in HTML ("<", ">", "&", U+2028, U+2029 become \u
 * escapes).  Nesting deeper than HL_JW_MAX_DEPTH, a key outside an object
 * and an end without a begin are bugs.
 */
struct hl_jw {
	struct hl_buf *b;
	int depth;
	bool need_comma[HL_JW_MAX_DEPTH];
	bool after_key;
};

void hl_jw_init(struct hl_jw *w, struct hl_buf *b);
void hl_jw_obj_begin(struct hl_jw *w);
void hl_jw_obj_end(struct hl_jw *w);
void hl_jw_arr_begin(struct hl_jw *w);
void hl_jw_arr_end(struct hl_jw *w);
void hl_jw_key(struct hl_jw *w, const char *key);
void hl_jw_str(struct hl_jw *w, const char *s); /* NULL writes null */
void hl_jw_strn(struct hl_jw *w, const char *s, size_t len);
void hl_jw_i64(struct hl_jw *w, int64_t v);
void hl_jw_bool(struct hl_jw *w, bool v);
void hl_jw_null(struct hl_jw *w);
/* Append text that already is one JSON value (e.g. built by PostgreSQL),
 * escaped as by hl_json_append_safe(). */
void hl_jw_raw(struct hl_jw *w, const char *json, size_t len);

/*
 * Append JSON text written elsewhere (PostgreSQL's json_build_object) with
 * the writer's HTML escapes: "<", ">", "&", U+2028 and U+2029 as \u
 * escapes.  The value means the same, and the text is safe inside HTML.
 */
void hl_json_append_safe(struct hl_buf *b, const char *json, size_t len);

/* Append the API.md error body for err:
 * {"error":{"code","message","fields"?,"request_id"}}, "fields" only when
 * err has some; a NULL or unset err writes 500 internal.  request_id may be
 * NULL (written as null). */
void hl_json_write_error(struct hl_buf *b, const struct hl_err *err,
    const char *request_id);

#endif /* HL_JSON_H */
