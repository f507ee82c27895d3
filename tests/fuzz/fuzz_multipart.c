/*
 * multipart/form-data bodies: the first line of the input is the
 * Content-Type (its boundary), the rest the body.  Every part found must
 * lie inside the body.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "mem.h"
#include "multipart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *nl = memchr(data, '\n', size);
	size_t ct_len = nl != NULL ? (size_t)(nl - (const char *)data) : size;
	char *ct = malloc(ct_len + 1);
	size_t body_len = nl != NULL ? size - ct_len - 1 : 0;
	char *body = malloc(body_len + 1);
	struct hl_arena arena = { 0 };
	struct hl_multipart m;
	struct hl_err err = { 0 };
	size_t i;

	if (ct == NULL || body == NULL)
		abort();
	memcpy(ct, data, ct_len);
	ct[ct_len] = '\0';
	if (body_len > 0)
		memcpy(body, nl + 1, body_len);
	body[body_len] = '\0';
	memset(&m, 0, sizeof(m));
	if (hl_multipart_parse(ct, body, body_len, &arena, &m, &err) == 0) {
		for (i = 0; i < m.n_parts; i++) {
			const struct hl_multipart_part *p = &m.parts[i];

			if (p->name == NULL || p->data < body ||
			    p->data + p->len > body + body_len)
				abort();
		}
		hl_multipart_find(&m, "file", &i);
	} else if (err.status < 400) {
		abort();
	}
	hl_arena_release(&arena);
	free(body);
	free(ct);
	return 0;
}
