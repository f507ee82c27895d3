/* link: head */
/*
 * Request heads as any bytes: hl_head_scan() must never read past the
 * input, crash or loop, must agree with itself on every prefix (a prefix
 * of a refused head is refused or incomplete, never accepted), and what it
 * accepts must pass the field rules as libmicrohttpd would hand the fields
 * over (hl_head_field).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "head.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct hl_head_limits lim = {
	.max_target_len = 4096,
	.max_fields_len = 8192,
	.max_fields = 64,
	.max_args = 64,
	.max_cookies = 32,
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A copy of exactly size bytes, so that ASan sees any overread. */
	char *p = malloc(size + 1);
	struct hl_head h;
	struct hl_head h2;
	enum hl_head_verdict v;
	size_t half = size / 2;

	if (p == NULL)
		return 0;
	memcpy(p, data, size);
	v = hl_head_scan(p, size, &lim, &h);
	if (v == HL_HEAD_OK && (h.len == 0 || h.len > size))
		abort();
	if (v == HL_HEAD_BAD && (h.status < 400 || h.code == NULL))
		abort();
	/* A refusal stands for every longer input; acceptance of a prefix
	 * means the head ended there. */
	if (hl_head_scan(p, half, &lim, &h2) == HL_HEAD_BAD && v != HL_HEAD_BAD)
		abort();
	if (v == HL_HEAD_OK) {
		struct hl_head_fields f;
		struct hl_head out;
		const char *line = p;
		const char *end = p + h.len;

		/* The fields again, one line at a time, as the library
		 * would pass them on. */
		memset(&f, 0, sizeof(f));
		line =
		    (const char *)memchr(line, '\n', (size_t)(end - line)) + 1;
		while (line < end - 2) {
			const char *eol =
			    memchr(line, '\r', (size_t)(end - line));
			const char *colon =
			    memchr(line, ':', (size_t)(eol - line));

			if (colon == NULL ||
			    hl_head_field(&f, line, (size_t)(colon - line),
			        colon + 1, (size_t)(eol - colon - 1), &lim,
			        &out) == -1)
				abort();
			line = eol + 2;
		}
		if (hl_head_fields_end(&f, h.http11, &out) == -1)
			abort();
	}
	free(p);
	return 0;
}
