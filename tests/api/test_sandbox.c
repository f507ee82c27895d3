/*
 * The running test server (HONGLIAN_TEST_SERVER_PID) is contained: it
 * left root for [server] user when started as root, set no_new_privs,
 * and runs under its seccomp filter (mode 2) on every thread.  What the
 * filter allows and refuses is tests/unit/test_sandbox.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <dirent.h>

/* The value of field ("Seccomp:") in /proc/pid[/task/tid]/status. */
static bool
status_field(const char *dir, const char *field, char *out, size_t cap)
{
	char path[256];
	char line[256];
	FILE *f;
	bool found = false;

	snprintf(path, sizeof(path), "%s/status", dir);
	f = fopen(path, "r");
	if (f == NULL)
		return false;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strncmp(line, field, strlen(field)) != 0)
			continue;
		snprintf(out, cap, "%s", line + strlen(field));
		out[strcspn(out, "\n")] = '\0';
		found = true;
	}
	fclose(f);
	return found;
}

static void
test_server_is_sandboxed(void **state)
{
	const char *pid = getenv("HONGLIAN_TEST_SERVER_PID");
	char dir[128];
	char v[128];
	DIR *d;
	struct dirent *e;
	int n = 0;

	(void)state;
	assert_non_null(pid);
	snprintf(dir, sizeof(dir), "/proc/%s", pid);
	assert_true(status_field(dir, "NoNewPrivs:", v, sizeof(v)));
	assert_int_equal(atoi(v), 1);
	assert_true(status_field(dir, "Uid:", v, sizeof(v)));
	if (geteuid() == 0)
		/* Started as root: real, effective, saved and fs uid left it.
		 */
		assert_null(strstr(v, "\t0"));
	/* Every thread: the filter was synchronised across them. */
	snprintf(dir, sizeof(dir), "/proc/%s/task", pid);
	d = opendir(dir);
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		char t[512];

		if (e->d_name[0] == '.')
			continue;
		snprintf(t, sizeof(t), "%s/%s", dir, e->d_name);
		assert_true(status_field(t, "Seccomp:", v, sizeof(v)));
		assert_int_equal(atoi(v), 2);
		n++;
	}
	closedir(d);
	/* Main, accept, the daemon's workers, the job runner. */
	assert_true(n >= 4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_server_is_sandboxed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
