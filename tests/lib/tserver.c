/*
 * Private servers for tests: fork, exec the sanitizer build with the
 * test configuration, poll /healthz with a raw socket.
 */
#include "tserver.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tsock.h"

#define BIN  "build/test/honglian"
#define CONF "conf/honglian.test.conf"

static char shared_url_[128];

static int
free_port(void)
{
	struct sockaddr_in a = { 0 };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	int port = 0;

	a.sin_family = AF_INET;
	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	if (fd != -1 && bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&a, &len) == 0)
		port = ntohs(a.sin_port);
	if (fd != -1)
		close(fd);
	return port;
}

static bool
healthy(int port)
{
	static const char req[] = "GET /healthz HTTP/1.1\r\nHost: t\r\n"
	                          "Connection: close\r\n\r\n";
	struct tsock_resp r;
	int fd = -1;
	bool ok;

	{
		/* tsock_connect() complains on stderr; stay quiet here. */
		struct sockaddr_in a = { 0 };

		fd = socket(AF_INET, SOCK_STREAM, 0);
		a.sin_family = AF_INET;
		a.sin_port = htons((unsigned short)port);
		inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
		if (fd == -1 ||
		    connect(fd, (struct sockaddr *)&a, sizeof(a)) == -1) {
			if (fd != -1)
				close(fd);
			return false;
		}
	}
	tsock_send(fd, req, sizeof(req) - 1);
	tsock_read(fd, 2000, false, &r);
	ok = r.status == 200;
	tsock_resp_release(&r);
	close(fd);
	return ok;
}

static void
show_tail(const char *log)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "tail -n 20 '%s' >&2", log);
	if (system(cmd) != 0)
		fprintf(stderr, "tserver: cannot show %s\n", log);
}

static bool
launch(struct tserver *s)
{
	const char *db = getenv("HONGLIAN_TEST_SERVER_DATABASE_URL");
	char port[32];
	char url[96];
	pid_t pid;
	int i;

	if (db == NULL || *db == '\0')
		db = getenv("HONGLIAN_TEST_DATABASE_URL");
	snprintf(port, sizeof(port), "%d", s->port);
	snprintf(url, sizeof(url), "http://127.0.0.1:%d", s->port);
	pid = fork();
	if (pid == -1) {
		fprintf(stderr, "tserver: fork: %s\n", strerror(errno));
		return false;
	}
	if (pid == 0) {
		int fd = open(s->log, O_WRONLY | O_CREAT | O_APPEND, 0644);

		if (fd != -1) {
			dup2(fd, 1);
			dup2(fd, 2);
			close(fd);
		}
		if (db != NULL)
			setenv("HONGLIAN_DATABASE_URL", db, 1);
		setenv("HONGLIAN_SERVER_PORT", port, 1);
		setenv("HONGLIAN_SERVER_PUBLIC_URL", url, 1);
		for (i = 0; s->env != NULL && s->env[i] != NULL; i++)
			putenv((char *)(uintptr_t)s->env[i]);
		execl(s->bin, s->bin, "--config", CONF, "serve", (char *)NULL);
		_exit(127);
	}
	s->pid = pid;
	for (i = 0; i < 300; i++) {
		int st;

		if (healthy(s->port))
			return true;
		if (waitpid(pid, &st, WNOHANG) == pid) {
			fprintf(stderr, "tserver %s: exited at start\n",
			    s->name);
			show_tail(s->log);
			s->pid = 0;
			return false;
		}
		usleep(100 * 1000);
	}
	fprintf(stderr, "tserver %s: no answer on port %d\n", s->name, s->port);
	show_tail(s->log);
	tserver_kill(s);
	return false;
}

bool
tserver_start(struct tserver *s, const char *name, int port,
    const char *const *env)
{
	return tserver_start_bin(s, name, BIN, port, env);
}

bool
tserver_start_bin(struct tserver *s, const char *name, const char *bin,
    int port, const char *const *env)
{
	memset(s, 0, sizeof(*s));
	s->bin = bin;
	snprintf(s->name, sizeof(s->name), "%s", name);
	s->port = port != 0 ? port : free_port();
	s->env = env;
	snprintf(s->url, sizeof(s->url), "http://127.0.0.1:%d", s->port);
	snprintf(s->log, sizeof(s->log), "build/test/server-%s.log", name);
	unlink(s->log);
	return s->port != 0 && launch(s);
}

bool
tserver_restart(struct tserver *s)
{
	return launch(s);
}

void
tserver_kill(struct tserver *s)
{
	if (s->pid == 0)
		return;
	kill((pid_t)s->pid, SIGKILL);
	waitpid((pid_t)s->pid, NULL, 0);
	s->pid = 0;
}

bool
tserver_stop(struct tserver *s)
{
	char cmd[256];
	int st = 0;
	int i;
	bool ok = false;

	if (s->pid == 0)
		return true;
	kill((pid_t)s->pid, SIGTERM);
	for (i = 0; i < 200; i++) {
		if (waitpid((pid_t)s->pid, &st, WNOHANG) == (pid_t)s->pid) {
			ok = WIFEXITED(st) && WEXITSTATUS(st) == 0;
			s->pid = 0;
			break;
		}
		usleep(100 * 1000);
	}
	if (s->pid != 0) {
		fprintf(stderr, "tserver %s: still running after SIGTERM\n",
		    s->name);
		tserver_kill(s);
	}
	snprintf(cmd, sizeof(cmd),
	    "! grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime "
	    "error:' '%s'",
	    s->log);
	if (system(cmd) != 0) {
		fprintf(stderr, "tserver %s: sanitizer report in %s\n", s->name,
		    s->log);
		ok = false;
	}
	if (!ok)
		show_tail(s->log);
	return ok;
}

void
tserver_use(const struct tserver *s)
{
	const char *cur = getenv("HONGLIAN_TEST_BASE_URL");

	if (shared_url_[0] == '\0')
		snprintf(shared_url_, sizeof(shared_url_), "%s",
		    cur != NULL ? cur : "http://127.0.0.1:18080");
	setenv("HONGLIAN_TEST_BASE_URL", s != NULL ? s->url : shared_url_, 1);
}
