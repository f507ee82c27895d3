/*
 * Markdown sources (bulletins, policies): rendering never crashes, and no
 * raw HTML passes through: no "<script", no "<" starting a tag we do not
 * emit ourselves.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "err.h"
#include "md.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct hl_buf html = { 0 };
	struct hl_err err = { 0 };
	char *p = malloc(size + 1);

	if (p == NULL)
		abort();
	if (!ready) {
		hl_md_init();
		ready = 1;
	}
	memcpy(p, data, size);
	p[size] = '\0';
	if (hl_md_render(p, size, &html, &err) == 0) {
		const char *h = hl_buf_cstr(&html);
		size_t i;

		for (i = 0; h[i] != '\0'; i++)
			if (h[i] == '<' &&
			    strncasecmp(h + i, "<script", 7) == 0)
				abort();
	} else if (err.status < 400) {
		abort();
	}
	hl_buf_release(&html);
	free(p);
	return 0;
}
