/* link: mem log str */
/*
 * The x-allocators, the request arena and HL_BUG.  Deaths (out of memory,
 * bugs) run in a forked child whose standard error is read back.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "mem.h"

#define ALIGNED(p) (((uintptr_t)(p)&15) == 0)
/* "2026-11-22T08:00:00.123Z " */
#define STAMP_LEN 25

/*
 * With ASan, malloc() of an impossible size aborts inside ASan; the server
 * must see NULL like it would from glibc, to show that it aborts itself.
 */
const char *__asan_default_options(void);

const char *
__asan_default_options(void)
{
	return "allocator_may_return_null=1";
}

static bool
all_zero(const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i] != 0)
			return false;
	return true;
}

/*
 * Runs fn in a child with standard error captured into out.  Returns the
 * signal that ended the child, or 0 when it exited.
 */
static int
run_child(void (*fn)(void), char *out, size_t cap)
{
	int fds[2];
	size_t len = 0;
	ssize_t n;
	pid_t pid;
	int status;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		signal(SIGABRT, SIG_DFL);
		dup2(fds[1], STDERR_FILENO);
		close(fds[0]);
		fn();
		_exit(0);
	}
	close(fds[1]);
	while (
	    len + 1 < cap && (n = read(fds[0], out + len, cap - 1 - len)) > 0)
		len += (size_t)n;
	out[len] = '\0';
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

/* "2026-11-22T08:00:00.123Z " */
static void
assert_log_stamp(const char *line)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd.dddZ ";
	size_t i;

	for (i = 0; shape[i] != '\0'; i++) {
		if (shape[i] == 'd')
			assert_in_range(line[i], '0', '9');
		else
			assert_int_equal(line[i], shape[i]);
	}
}

static void
test_xmalloc_returns_usable_memory(void **state)
{
	char *p;
	char *q;

	(void)state;
	p = hl_xmalloc(100);
	memset(p, 'a', 100);
	q = hl_xmalloc(0);
	assert_non_null(q);
	free(q);
	p = hl_xrealloc(p, 100000);
	assert_int_equal(p[99], 'a');
	p[99999] = 'b';
	p = hl_xrealloc(p, 0);
	assert_non_null(p);
	free(p);
	p = hl_xrealloc(NULL, 10);
	free(p);
}

static void
test_xcalloc_zero_fills(void **state)
{
	int *p;

	(void)state;
	p = hl_xcalloc(1000, sizeof(*p));
	assert_true(all_zero(p, 1000 * sizeof(*p)));
	free(p);
	p = hl_xcalloc(0, sizeof(*p));
	assert_non_null(p);
	free(p);
}

static void
test_xstrdup_copies(void **state)
{
	const char *s = "产业链";
	char *p;

	(void)state;
	p = hl_xstrdup(s);
	assert_ptr_not_equal(p, s);
	assert_string_equal(p, s);
	free(p);
	p = hl_xstrdup("");
	assert_string_equal(p, "");
	free(p);
}

static void
test_xstrndup_stops_at_n_or_nul(void **state)
{
	char view[3] = { 'a', 'b', 'c' };
	char *p;

	(void)state;
	/* Not NUL-terminated: only n bytes may be read. */
	p = hl_xstrndup(view, 2);
	assert_string_equal(p, "ab");
	free(p);
	p = hl_xstrndup("ab", 100);
	assert_string_equal(p, "ab");
	free(p);
	p = hl_xstrndup("ab", 0);
	assert_string_equal(p, "");
	free(p);
}

static void
huge_xmalloc(void)
{
	hl_xmalloc(SIZE_MAX - 4096);
}

static void
huge_xcalloc(void)
{
	hl_xcalloc(SIZE_MAX / 2, 4);
}

static void
huge_arena_alloc(void)
{
	struct hl_arena a = { 0 };

	hl_arena_alloc(&a, SIZE_MAX - 8);
}

static void
huge_xrealloc(void)
{
	hl_xrealloc(NULL, SIZE_MAX / 2);
}

struct death {
	void (*fn)(void);
	size_t n;
};

static void
test_out_of_memory_logs_and_aborts(void **state)
{
	const struct death deaths[] = {
		{ huge_xmalloc, SIZE_MAX - 4096 },
		/* The product overflows: reported as the largest size. */
		{ huge_xcalloc, SIZE_MAX },
		{ huge_arena_alloc, SIZE_MAX - 8 },
		{ huge_xrealloc, SIZE_MAX / 2 },
	};
	char out[1024];
	char want[128];
	char *line;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(deaths) / sizeof(deaths[0]); i++) {
		assert_int_equal(run_child(deaths[i].fn, out, sizeof(out)),
		    SIGABRT);
		/* ASan may warn on a line of its own first; ours is the last.
		 */
		line = strrchr(out, '\n');
		assert_non_null(line);
		*line = '\0';
		line = strrchr(out, '\n');
		line = line != NULL ? line + 1 : out;
		assert_log_stamp(line);
		snprintf(want, sizeof(want), "err out of memory (%zu bytes)",
		    deaths[i].n);
		assert_string_equal(line + STAMP_LEN, want);
	}
}

static void
hit_bug(void)
{
	HL_BUG("case 7 in state \"closed\"\nhas an owner");
}
/* The line of the HL_BUG above. */
static const int hit_bug_line = __LINE__ - 3;

static void
test_bug_logs_file_line_and_aborts(void **state)
{
	char out[1024];
	char want[256];

	(void)state;
	assert_int_equal(run_child(hit_bug, out, sizeof(out)), SIGABRT);
	assert_log_stamp(out);
	/* The newline in the message must not start a line of its own. */
	snprintf(want, sizeof(want),
	    "err bug: %s:%d: case 7 in state \"closed\" has an owner\n",
	    __FILE__, hit_bug_line);
	assert_string_equal(out + STAMP_LEN, want);
}

static void
test_arena_zero_is_empty(void **state)
{
	struct hl_arena a = { 0 };

	(void)state;
	hl_arena_release(&a);
	assert_null(a.head);
}

static void
test_arena_alloc_many_distinct_aligned_zeroed(void **state)
{
	struct hl_arena a = { 0 };
	unsigned char *ptrs[5000];
	size_t sizes[5000];
	size_t i;
	size_t j;

	(void)state;
	for (i = 0; i < 5000; i++) {
		sizes[i] = 1 + i * 7 % 300;
		ptrs[i] = hl_arena_alloc(&a, sizes[i]);
		assert_non_null(ptrs[i]);
		assert_true(ALIGNED(ptrs[i]));
		assert_true(all_zero(ptrs[i], sizes[i]));
		/* Each allocation is filled with its own mark... */
		memset(ptrs[i], (int)(i & 0xff), sizes[i]);
	}
	/* ...which no later allocation overwrote. */
	for (i = 0; i < 5000; i++)
		for (j = 0; j < sizes[i]; j++)
			assert_int_equal(ptrs[i][j], i & 0xff);
	hl_arena_release(&a);
	assert_null(a.head);
}

static void
test_arena_alloc_aligns_every_size(void **state)
{
	struct hl_arena a = { 0 };
	void *p;
	size_t n;

	(void)state;
	for (n = 0; n <= 200; n++) {
		p = hl_arena_alloc(&a, n);
		assert_non_null(p);
		assert_true(ALIGNED(p));
	}
	hl_arena_release(&a);
}

static void
test_arena_alloc_zero_gives_distinct_pointers(void **state)
{
	struct hl_arena a = { 0 };
	void *p;
	void *q;

	(void)state;
	p = hl_arena_alloc(&a, 0);
	q = hl_arena_alloc(&a, 0);
	assert_non_null(p);
	assert_non_null(q);
	assert_ptr_not_equal(p, q);
	hl_arena_release(&a);
}

static void
test_arena_alloc_big_gets_own_block(void **state)
{
	struct hl_arena a = { 0 };
	unsigned char *small1;
	unsigned char *small2;
	unsigned char *big;
	size_t n = 1 << 20;

	(void)state;
	small1 = hl_arena_alloc(&a, 16);
	big = hl_arena_alloc(&a, n);
	assert_true(ALIGNED(big));
	assert_true(all_zero(big, n));
	memset(big, 0xee, n);
	/* The block of the small allocations is still the one in use. */
	small2 = hl_arena_alloc(&a, 16);
	assert_ptr_equal(small2, small1 + 16);
	assert_true(all_zero(small2, 16));
	assert_int_equal(big[n - 1], 0xee);
	hl_arena_release(&a);
}

static void
test_arena_alloc_big_first_then_small(void **state)
{
	struct hl_arena a = { 0 };
	unsigned char *big;
	unsigned char *small;

	(void)state;
	big = hl_arena_alloc(&a, 100000);
	memset(big, 1, 100000);
	small = hl_arena_alloc(&a, 10);
	assert_true(all_zero(small, 10));
	assert_true(small + 10 <= big || small >= big + 100000);
	hl_arena_release(&a);
}

static void
test_arena_release_and_reuse(void **state)
{
	struct hl_arena a = { 0 };
	unsigned char *p;
	int round;
	int i;

	(void)state;
	for (round = 0; round < 3; round++) {
		for (i = 0; i < 1000; i++) {
			p = hl_arena_alloc(&a, 100);
			assert_true(all_zero(p, 100));
			memset(p, 0xff, 100);
		}
		p = hl_arena_alloc(&a, 50000);
		assert_true(all_zero(p, 50000));
		memset(p, 0xff, 50000);
		hl_arena_release(&a);
		assert_null(a.head);
	}
}

static void
test_arena_strndup_copies_and_terminates(void **state)
{
	struct hl_arena a = { 0 };
	const char view[] = { 'c', 'a', 's', 'e', 's' };
	char *p;

	(void)state;
	p = hl_arena_strndup(&a, view, 4);
	assert_string_equal(p, "case");
	p = hl_arena_strndup(&a, "ab", 100);
	assert_string_equal(p, "ab");
	p = hl_arena_strndup(&a, "ab", 0);
	assert_string_equal(p, "");
	p = hl_arena_strdup(&a, "企业服务专员");
	assert_string_equal(p, "企业服务专员");
	hl_arena_release(&a);
}

static void
test_arena_printf_formats(void **state)
{
	struct hl_arena a = { 0 };
	char long_arg[3000];
	char *p;

	(void)state;
	p = hl_arena_printf(&a, "HL-%04d-%s", 7, "诉求");
	assert_string_equal(p, "HL-0007-诉求");
	p = hl_arena_printf(&a, "%s", "");
	assert_string_equal(p, "");
	memset(long_arg, 'x', sizeof(long_arg) - 1);
	long_arg[sizeof(long_arg) - 1] = '\0';
	p = hl_arena_printf(&a, "<%s>", long_arg);
	assert_int_equal(strlen(p), sizeof(long_arg) + 1);
	assert_int_equal(p[0], '<');
	assert_int_equal(p[sizeof(long_arg)], '>');
	hl_arena_release(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xmalloc_returns_usable_memory),
		cmocka_unit_test(test_xcalloc_zero_fills),
		cmocka_unit_test(test_xstrdup_copies),
		cmocka_unit_test(test_xstrndup_stops_at_n_or_nul),
		cmocka_unit_test(test_out_of_memory_logs_and_aborts),
		cmocka_unit_test(test_bug_logs_file_line_and_aborts),
		cmocka_unit_test(test_arena_zero_is_empty),
		cmocka_unit_test(test_arena_alloc_many_distinct_aligned_zeroed),
		cmocka_unit_test(test_arena_alloc_aligns_every_size),
		cmocka_unit_test(test_arena_alloc_zero_gives_distinct_pointers),
		cmocka_unit_test(test_arena_alloc_big_gets_own_block),
		cmocka_unit_test(test_arena_alloc_big_first_then_small),
		cmocka_unit_test(test_arena_release_and_reuse),
		cmocka_unit_test(test_arena_strndup_copies_and_terminates),
		cmocka_unit_test(test_arena_printf_formats),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
