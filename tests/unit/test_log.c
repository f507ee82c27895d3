/* link: log str */
/*
 * The access log's buffer: lines wait in it until it holds 64 KiB, until
 * the flusher thread's second has passed, or until hl_log_flush() and
 * hl_log_flusher_stop() (the server's exit); they leave whole and in
 * order, also from many threads at once; messages of hl_log_write() are
 * not held back.  Standard error is a temporary file while each test
 * runs.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "log.h"

/* The buffer's size in log.c. */
#define ACCESS_BUF (64 * 1024)

static int saved_stderr_ = -1;
static FILE *file_;

/* Standard error goes to a fresh temporary file. */
static int
setup(void **state)
{
	(void)state;
	file_ = tmpfile();
	if (file_ == NULL)
		return -1;
	fflush(stderr);
	saved_stderr_ = dup(STDERR_FILENO);
	if (saved_stderr_ == -1 || dup2(fileno(file_), STDERR_FILENO) == -1)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	hl_log_flush();
	dup2(saved_stderr_, STDERR_FILENO);
	close(saved_stderr_);
	fclose(file_);
	return 0;
}

/* Bytes written to standard error so far. */
static size_t
written(void)
{
	struct stat st;

	assert_int_equal(fstat(fileno(file_), &st), 0);
	return (size_t)st.st_size;
}

/* What standard error holds, NUL-terminated (free it). */
static char *
contents(size_t *len)
{
	size_t n = written();
	char *p = malloc(n + 1);

	assert_non_null(p);
	assert_int_equal(pread(fileno(file_), p, n, 0), (ssize_t)n);
	p[n] = '\0';
	*len = n;
	return p;
}

static void
raw(const char *s)
{
	hl_log_raw(s, strlen(s));
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
test_lines_wait_for_a_flush(void **state)
{
	char *p;
	size_t n;

	(void)state;
	raw("{\"rid\":\"a\"}");
	raw("{\"rid\":\"b\"}");
	/* Nothing written yet: no write per request. */
	assert_int_equal(written(), 0);
	hl_log_flush();
	p = contents(&n);
	assert_string_equal(p, "{\"rid\":\"a\"}\n{\"rid\":\"b\"}\n");
	free(p);
	/* An empty buffer writes nothing more. */
	hl_log_flush();
	assert_int_equal(written(), n);
}

static void
test_messages_are_not_held_back(void **state)
{
	char *p;
	size_t n;

	(void)state;
	raw("{\"rid\":\"waits\"}");
	hl_log_write(HL_LOG_ERR, "database gone");
	p = contents(&n);
	/* The message is out at once, the access line still waits. */
	assert_non_null(strstr(p, " err database gone\n"));
	assert_null(strstr(p, "waits"));
	free(p);
	hl_log_flush();
	p = contents(&n);
	assert_non_null(strstr(p, "{\"rid\":\"waits\"}\n"));
	free(p);
}

/* A full buffer goes out in whole lines before the line that did not
 * fit; that line waits for the next write. */
static void
test_full_buffer_is_written_in_whole_lines(void **state)
{
	char line[101];
	char *p;
	size_t n;
	size_t before;
	int i;

	(void)state;
	memset(line, 'x', 100);
	line[100] = '\0';
	/* 101 bytes a line: 648 lines fit in 64 KiB, the 649th does not. */
	for (i = 0; i < ACCESS_BUF / 101; i++)
		raw(line);
	assert_int_equal(written(), 0);
	memset(line, 'y', 100);
	raw(line);
	before = written();
	assert_int_equal(before, (size_t)(ACCESS_BUF / 101) * 101);
	p = contents(&n);
	assert_int_equal(p[n - 1], '\n');
	assert_null(strchr(p, 'y'));
	free(p);
	hl_log_flush();
	p = contents(&n);
	assert_int_equal(n, before + 101);
	assert_int_equal(strspn(p + before, "y"), 100);
	free(p);
}

/* The flusher thread writes a waiting line within about a second, and
 * its stop writes what is left. */
static void
test_flusher_writes_each_second_and_at_stop(void **state)
{
	double t0;
	char *p;
	size_t n;

	(void)state;
	hl_log_flusher_start();
	raw("{\"rid\":\"tick\"}");
	t0 = now_s();
	while (written() == 0 && now_s() - t0 < 5)
		usleep(10 * 1000);
	p = contents(&n);
	assert_string_equal(p, "{\"rid\":\"tick\"}\n");
	free(p);
	/* A busy machine may delay the thread; a second is the goal. */
	assert_true(now_s() - t0 < 3);
	raw("{\"rid\":\"last\"}");
	hl_log_flusher_stop();
	p = contents(&n);
	assert_string_equal(p, "{\"rid\":\"tick\"}\n{\"rid\":\"last\"}\n");
	free(p);
}

#define N_THREADS 4
#define N_LINES   5000

/* Thread k writes N_LINES lines "k i" padded with '.' to a length that
 * depends on i, so that the buffer fills at every kind of boundary. */
static void *
writer(void *arg)
{
	int k = (int)(intptr_t)arg;
	char line[200];
	int i;
	int n;

	for (i = 0; i < N_LINES; i++) {
		n = snprintf(line, sizeof(line), "%d %d ", k, i);
		memset(line + n, '.', (size_t)(i % 97));
		n += i % 97;
		hl_log_raw(line, (size_t)n);
	}
	return NULL;
}

static void
test_threads_never_interleave(void **state)
{
	pthread_t t[N_THREADS];
	int next[N_THREADS] = { 0 };
	char *p;
	char *line;
	char *save = NULL;
	size_t n;
	int lines = 0;
	int k;

	(void)state;
	for (k = 0; k < N_THREADS; k++)
		assert_int_equal(
		    pthread_create(&t[k], NULL, writer, (void *)(intptr_t)k),
		    0);
	for (k = 0; k < N_THREADS; k++)
		pthread_join(t[k], NULL);
	hl_log_flush();
	p = contents(&n);
	for (line = strtok_r(p, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		int i;
		int used;
		size_t dots;

		assert_int_equal(sscanf(line, "%d %d %n", &k, &i, &used), 2);
		assert_true(k >= 0 && k < N_THREADS);
		/* Each thread's lines in its order, each whole. */
		assert_int_equal(i, next[k]);
		next[k]++;
		dots = strspn(line + used, ".");
		assert_int_equal(dots, (size_t)(i % 97));
		assert_int_equal(line[used + (int)dots], '\0');
		lines++;
	}
	free(p);
	assert_int_equal(lines, N_THREADS * N_LINES);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lines_wait_for_a_flush,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_messages_are_not_held_back,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_full_buffer_is_written_in_whole_lines, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_flusher_writes_each_second_and_at_stop, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_threads_never_interleave,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
