/*
 * Configuration files as any bytes: loaded from a file (conf.c reads a
 * path), a failure must name the file and the line, a success must dump.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	struct hl_conf c;
	struct hl_err err = { 0 };
	FILE *f;

	if (path[0] == '\0') {
		snprintf(path, sizeof(path), "/tmp/hl-fuzz-conf-%ld.conf",
		    (long)getpid());
		/* Overrides would hide what the file says. */
		unsetenv("HONGLIAN_DATABASE_URL");
	}
	f = fopen(path, "wb");
	if (f == NULL)
		abort();
	fwrite(data, 1, size, f);
	fclose(f);
	if (hl_conf_load(&c, path, &err) == 0) {
		FILE *null = fopen("/dev/null", "w");

		hl_conf_dump(&c, null);
		fclose(null);
	} else if (strncmp(err.msg, path, strlen(path)) != 0 ||
	    err.msg[strlen(path)] != ':') {
		abort();
	}
	hl_conf_release(&c);
	return 0;
}
