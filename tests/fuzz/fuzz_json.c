/*
 * Request bodies as JSON: parsing, and decoding against a table with a
 * member of every kind, arrays and objects walked as the handlers walk
 * them.  A failure must be an error with a status, never a crash.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "json.h"
#include "mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
member(const char *key, const struct hl_json *val, void *arg)
{
	(void)key;
	(void)arg;
	return hl_json_string(val) != NULL ? 0 : 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = NULL;
	int64_t i = 0;
	bool b = false;
	bool has_b = false;
	struct hl_json_strv sv = { 0 };
	struct hl_json_i64v iv = { 0 };
	const struct hl_json *obj = NULL;
	const struct hl_json *arr = NULL;
	const struct hl_json_field fields[] = {
		{ "s", HL_JSON_STRING, false, true, 20, &s, NULL },
		{ "i", HL_JSON_INT, false, false, 0, &i, NULL },
		{ "b", HL_JSON_BOOL, false, true, 0, &b, &has_b },
		{ "sv", HL_JSON_STR_ARRAY, false, false, 10, &sv, NULL },
		{ "iv", HL_JSON_INT_ARRAY, false, false, 5, &iv, NULL },
		{ "o", HL_JSON_OBJECT, false, true, 0, &obj, NULL },
		{ "a", HL_JSON_ARRAY, false, false, 50, &arr, NULL },
	};
	struct hl_arena arena = { 0 };
	struct hl_err err = { 0 };
	struct hl_json *j;
	char *p = malloc(size + 1);
	size_t k;

	if (p == NULL)
		abort();
	memcpy(p, data, size);
	p[size] = '\0';
	j = hl_json_parse(p, size, &err);
	if (j == NULL) {
		if (err.status < 400)
			abort();
		goto out;
	}
	if (hl_json_decode(j, fields, sizeof(fields) / sizeof(fields[0]),
	        &arena, &err) == 0) {
		if (obj != NULL)
			hl_json_object_each(obj, member, NULL);
		for (k = 0; arr != NULL && k < hl_json_array_size(arr); k++)
			hl_json_string(hl_json_array_get(arr, k));
	} else if (err.status < 400) {
		abort();
	}
	hl_json_free(j);
	hl_err_clear(&err);
	hl_json_decode_text(p, size, fields, 3, &arena, &err);
out:
	hl_arena_release(&arena);
	free(p);
	return 0;
}
