/* link: str */
/*
 * The release binary (build/release/honglian, which make test builds
 * first) as readelf sees it: a position-independent executable, full
 * RELRO (GNU_RELRO and BIND_NOW), a stack that cannot execute, the stack
 * protector, stack-clash probes and _FORTIFY_SOURCE at the level the
 * Makefile chose (3 with gcc 12 and later, as effective in glibc's
 * __USE_FORTIFY_LEVEL), and libseccomp linked in.
 */
/* memmem() */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define BIN "build/release/honglian"

/* The output of readelf args on the binary (malloc'd). */
static char *
readelf(const char *args)
{
	char cmd[256];
	size_t cap = 1 << 16;
	size_t len = 0;
	size_t n;
	char *out = malloc(cap);
	FILE *p;

	assert_non_null(out);
	snprintf(cmd, sizeof(cmd), "readelf %s %s 2>&1", args, BIN);
	p = popen(cmd, "r");
	assert_non_null(p);
	while ((n = fread(out + len, 1, cap - len - 1, p)) > 0) {
		len += n;
		if (len + 1 == cap) {
			cap *= 2;
			out = realloc(out, cap);
			assert_non_null(out);
		}
	}
	out[len] = '\0';
	assert_int_equal(pclose(p), 0);
	return out;
}

static void
expect_in(const char *out, const char *want, const char *what)
{
	if (strstr(out, want) == NULL)
		fail_msg("%s: '%s' not in readelf's output", what, want);
}

static void
test_pie_relro_nx(void **state)
{
	char *h = readelf("-h");
	char *l = readelf("-lW");
	char *d = readelf("-d");
	const char *stack;

	(void)state;
	expect_in(h, "DYN (Position-Independent Executable file)", "PIE");
	expect_in(l, "GNU_RELRO", "RELRO");
	expect_in(d, "BIND_NOW", "full RELRO");
	expect_in(d, "Flags: NOW PIE", "full RELRO, PIE");
	expect_in(d, "libseccomp", "seccomp");
	stack = strstr(l, "GNU_STACK");
	assert_non_null(stack);
	assert_true(strcspn(stack, "\n") > 0);
	/* "RW " and not "RWE": the stack does not execute. */
	assert_null(memmem(stack, strcspn(stack, "\n"), "RWE", 3));
	free(h);
	free(l);
	free(d);
}

static void
test_stack_protection_and_fortify(void **state)
{
	char *syms = readelf("--dyn-syms -W");
	char *info = readelf("--debug-dump=info");
	char *macro = readelf("--debug-dump=macro");
	int level = 0;
	const char *m;

	(void)state;
	expect_in(syms, "__stack_chk_fail", "stack protector");
	expect_in(syms, "__memcpy_chk", "fortify");
	expect_in(syms, "__snprintf_chk", "fortify");
	expect_in(info, "-fstack-protector-strong", "stack protector");
	expect_in(info, "-fstack-clash-protection", "stack clash");
	expect_in(info, "-fPIE", "PIE");
	m = strstr(macro, "macro : __USE_FORTIFY_LEVEL ");
	assert_non_null(m);
	level = atoi(m + strlen("macro : __USE_FORTIFY_LEVEL "));
	m = strstr(macro, "macro : _FORTIFY_SOURCE ");
	assert_non_null(m);
	fprintf(stderr, "_FORTIFY_SOURCE %d, in effect %d\n",
	    atoi(m + strlen("macro : _FORTIFY_SOURCE ")), level);
	/* gcc 12 (bookworm) has __builtin_dynamic_object_size. */
	assert_int_equal(level, __GNUC__ >= 12 ? 3 : 2);
	free(syms);
	free(info);
	free(macro);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pie_relro_nx),
		cmocka_unit_test(test_stack_protection_and_fortify),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
