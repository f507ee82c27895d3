/* link: sandbox err mem log str buf */
/*
 * The seccomp filter, in child processes: what serving needs still works
 * (files, memory, threads, sockets of our families), and a call outside
 * the list kills the process with SIGSYS: starting a program, forking,
 * listening, a raw socket, signalling another process, raising a limit,
 * a terminal ioctl that injects input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "err.h"
#include "sandbox.h"

typedef int (*body_fn)(void);

/* Run fn in a child behind the filter; its wait status. */
static int
in_sandbox(body_fn fn)
{
	pid_t pid = fork();
	int st = 0;

	assert_true(pid != -1);
	if (pid == 0) {
		struct hl_err err = { 0 };

		if (hl_sandbox_enter(&err) == -1) {
			fprintf(stderr, "%s\n", err.msg);
			_exit(100);
		}
		_exit(fn());
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	return st;
}

static void
expect_killed(body_fn fn, const char *what)
{
	int st = in_sandbox(fn);

	if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGSYS)
		fail_msg("%s: not killed by SIGSYS (status 0x%x)", what, st);
}

static void *
thread_main(void *arg)
{
	return arg;
}

static int
serving_calls(void)
{
	char buf[64];
	void *p;
	pthread_t t;
	void *ret = NULL;
	int fd;
	int sv[2];
	struct rlimit rl;
	struct addrinfo hints = { 0 };
	struct addrinfo *ai = NULL;

	hints.ai_socktype = SOCK_STREAM;
	fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	if (fd == -1 || read(fd, buf, sizeof(buf)) <= 0)
		return 1;
	close(fd);
	p = malloc(64 << 20);
	if (p == NULL)
		return 2;
	memset(p, 1, 64 << 20);
	free(p);
	if (pthread_create(&t, NULL, thread_main, buf) != 0 ||
	    pthread_join(t, &ret) != 0 || ret != buf)
		return 3;
	fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd == -1)
		return 4;
	close(fd);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd == -1 || socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1)
		return 5;
	close(fd);
	close(sv[0]);
	close(sv[1]);
	if (getrlimit(RLIMIT_NOFILE, &rl) == -1)
		return 6;
	/* The notification worker: its own thread's priority lowered, and
	 * libcurl's resolver on a name (nsswitch, /etc/hosts). */
	if (setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 5) == -1)
		return 7;
	if (getaddrinfo("localhost", "80", &hints, &ai) != 0)
		return 8;
	freeaddrinfo(ai);
	return 0;
}

static int
call_execve(void)
{
	char *argv[] = { (char *)"true", NULL };

	execv("/bin/true", argv);
	return 0;
}

static int
call_fork(void)
{
	/* fork() itself: clone without CLONE_THREAD. */
	pid_t pid = (pid_t)syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);

	if (pid == 0)
		_exit(0);
	return 0;
}

static int
call_listen(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	listen(fd, 1);
	return 0;
}

static int
call_raw_socket(void)
{
	socket(AF_PACKET, SOCK_RAW, 0);
	return 0;
}

static int
call_kill_other(void)
{
	kill(getppid(), 0);
	return 0;
}

static int
call_raise_limit(void)
{
	struct rlimit rl = { 1, 1 };

	setrlimit(RLIMIT_CORE, &rl);
	return 0;
}

static int
call_tiocsti(void)
{
	char c = 'x';

	ioctl(0, TIOCSTI, &c);
	return 0;
}

static int
call_setuid(void)
{
	return setuid(0) == 0 ? 0 : 0;
}

static int
call_setpriority_of_user(void)
{
	setpriority(PRIO_USER, 0, 5);
	return 0;
}

static void
test_serving_calls_still_work(void **state)
{
	int st;

	(void)state;
	st = in_sandbox(serving_calls);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		fail_msg("serving calls failed (status 0x%x)", st);
}

static void
test_forbidden_calls_kill_the_process(void **state)
{
	(void)state;
	expect_killed(call_execve, "execve");
	expect_killed(call_listen, "listen");
	expect_killed(call_raw_socket, "socket(AF_PACKET)");
	expect_killed(call_kill_other, "kill(parent)");
	expect_killed(call_raise_limit, "setrlimit");
	expect_killed(call_tiocsti, "ioctl(TIOCSTI)");
	expect_killed(call_setuid, "setuid");
	expect_killed(call_setpriority_of_user, "setpriority(PRIO_USER)");
#if !defined(__SANITIZE_ADDRESS__)
	/* The sanitizers' runtime needs clone for its own helper; the
	 * release build's filter has clone for threads only. */
	expect_killed(call_fork, "fork");
#else
	(void)call_fork;
#endif
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_serving_calls_still_work),
		cmocka_unit_test(test_forbidden_calls_kill_the_process),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
