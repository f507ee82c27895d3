/*
 * Method and path against the real route table: a match must name a
 * route whose method fits, with its parameters copied out of the path;
 * otherwise 404 or 405 with Allow.  Input: method, a space, the path.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "http.h"
#include "mem.h"
#include "router.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *sp = memchr(data, ' ', size);
	struct hl_req req;
	struct hl_err err = { 0 };
	char allow[128];
	char *method;
	char *path;
	size_t ml;
	int i;

	if (sp == NULL)
		return 0;
	ml = (size_t)(sp - (const char *)data);
	memset(&req, 0, sizeof(req));
	method = hl_arena_strndup(&req.arena, (const char *)data, ml);
	path = hl_arena_strndup(&req.arena, sp + 1, size - ml - 1);
	/* The daemon hands over C strings. */
	if (strlen(method) != ml || strlen(path) != size - ml - 1)
		goto out;
	req.method = method;
	req.path = path;
	if (hl_router_match(&req, allow, sizeof(allow), &err) == 0) {
		if (req.route == NULL || req.pattern == NULL ||
		    req.n_params > HL_HTTP_MAX_PARAMS)
			abort();
		for (i = 0; i < req.n_params; i++)
			if (req.param_values[i] == NULL ||
			    strstr(path, req.param_values[i]) == NULL ||
			    hl_router_param(&req, req.param_names[i]) == NULL)
				abort();
	} else if (err.status != 404 && err.status != 405) {
		abort();
	} else if (err.status == 405 && allow[0] == '\0') {
		abort();
	}
out:
	hl_arena_release(&req.arena);
	return 0;
}
