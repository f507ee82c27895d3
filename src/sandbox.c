/*
 * The allowlist.  It was drawn from what the server does (strace of the
 * whole API test suite) plus what its libraries may do on paths the tests
 * do not reach: libpq reconnecting (socket, connect, poll), the resolver
 * (UDP and netlink sockets), libcurl's resolver threads, exports in a
 * temporary directory, the notification worker's lower priority.
 * Arguments are checked where a call is harmless only in one use: clone
 * only for threads, socket only for the address families we speak, ioctl
 * only for the few requests libc makes, signals only to ourselves,
 * resource limits only read, priorities only set per process or thread
 * (raising one would need a capability the server does not have).
 * Everything else is SCMP_ACT_KILL_PROCESS: a filter that merely failed a
 * call would let an attacker probe it.
 */
#include "sandbox.h"

#include <errno.h>
#include <linux/sched.h>
#include <stddef.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include <seccomp.h>

#include "err.h"

/* Allowed whatever their arguments. */
static const char *const plain[] = {
	/* descriptors and files */
	"read",
	"write",
	"readv",
	"writev",
	"pread64",
	"pwrite64",
	"preadv",
	"pwritev",
	"lseek",
	"close",
	"close_range",
	"fstat",
	"stat",
	"lstat",
	"newfstatat",
	"statx",
	"fstatfs",
	"statfs",
	"open",
	"openat",
	"access",
	"faccessat",
	"faccessat2",
	"readlink",
	"readlinkat",
	"getdents",
	"getdents64",
	"getcwd",
	"fcntl",
	"dup",
	"dup2",
	"dup3",
	"mkdir",
	"mkdirat",
	"unlink",
	"unlinkat",
	"rmdir",
	"rename",
	"renameat",
	"renameat2",
	"ftruncate",
	"fsync",
	"fdatasync",
	"flock",
	"fadvise64",
	"umask",
	/* sockets, once made (socket itself is below) */
	"connect",
	"accept",
	"accept4",
	"bind",
	"shutdown",
	"sendto",
	"recvfrom",
	"sendmsg",
	"recvmsg",
	"sendmmsg",
	"recvmmsg",
	"getsockopt",
	"setsockopt",
	"getsockname",
	"getpeername",
	"socketpair",
	"sendfile",
	/* waiting */
	"poll",
	"ppoll",
	"select",
	"pselect6",
	"epoll_create",
	"epoll_create1",
	"epoll_ctl",
	"epoll_wait",
	"epoll_pwait",
	"epoll_pwait2",
	"eventfd",
	"eventfd2",
	"pipe",
	"pipe2",
	"nanosleep",
	"clock_nanosleep",
	/* memory */
	"mmap",
	"munmap",
	"mremap",
	"mprotect",
	"madvise",
	"brk",
	/* threads */
	"futex",
	"set_robust_list",
	"get_robust_list",
	"rseq",
	"set_tid_address",
	"exit",
	"exit_group",
	"sched_yield",
	"sched_getaffinity",
	"membarrier",
	/* signals, our own */
	"rt_sigaction",
	"rt_sigprocmask",
	"rt_sigreturn",
	"rt_sigtimedwait",
	"rt_sigsuspend",
	"sigaltstack",
	"restart_syscall",
	/* who and when */
	"gettid",
	"getpid",
	"getppid",
	"getuid",
	"geteuid",
	"getgid",
	"getegid",
	"getgroups",
	"getresuid",
	"getresgid",
	"clock_gettime",
	"clock_getres",
	"gettimeofday",
	"time",
	"getrandom",
	"uname",
	"sysinfo",
	"getrlimit",
	"getpriority",
};

/* What the sanitizers' runtime does besides (LeakSanitizer stops the
 * other threads at exit with a ptrace-ing helper process). */
#if defined(__SANITIZE_ADDRESS__)
static const char *const sanitizer[] = { "ptrace", "wait4", "waitid", "clone",
	"prctl", "process_vm_readv", "mincore", "personality",
	"sched_setaffinity" };
#endif

static int
allow(scmp_filter_ctx ctx, const char *name, unsigned n,
    const struct scmp_arg_cmp *cmp)
{
	int nr = seccomp_syscall_resolve_name(name);

	/* A call this architecture does not have needs no rule. */
	if (nr == __NR_SCMP_ERROR)
		return 0;
	return seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, nr, n, cmp);
}

/* name with its argument arg equal to one of vals (n of them). */
static int
allow_values(scmp_filter_ctx ctx, const char *name, unsigned arg,
    const scmp_datum_t *vals, size_t n)
{
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		struct scmp_arg_cmp c = { arg, SCMP_CMP_EQ, vals[i], 0 };

		if ((rc = allow(ctx, name, 1, &c)) != 0)
			return rc;
	}
	return 0;
}

static int
add_rules(scmp_filter_ctx ctx)
{
	static const scmp_datum_t families[] = { AF_UNIX, AF_INET, AF_INET6,
		AF_NETLINK };
	static const scmp_datum_t ioctls[] = { FIONBIO, FIONREAD, FIOCLEX,
		FIONCLEX, TCGETS, TIOCGWINSZ };
	static const scmp_datum_t prctls[] = { PR_SET_NAME, PR_GET_NAME,
		PR_GET_DUMPABLE };
	scmp_datum_t self = (scmp_datum_t)getpid();
	/* Threads: clone with CLONE_THREAD; a new process never. */
	struct scmp_arg_cmp thread = { 0, SCMP_CMP_MASKED_EQ, CLONE_THREAD,
		CLONE_THREAD };
	/* Resource limits may be read, not changed. */
	struct scmp_arg_cmp read_only = { 2, SCMP_CMP_EQ, 0, 0 };
	/* The notification worker lowers its own thread's priority (notify.c);
	 * raising it would take a capability the server no longer has. */
	struct scmp_arg_cmp process = { 0, SCMP_CMP_EQ, PRIO_PROCESS, 0 };
	size_t i;
	int rc = 0;

	for (i = 0; rc == 0 && i < sizeof(plain) / sizeof(plain[0]); i++)
		rc = allow(ctx, plain[i], 0, NULL);
#if defined(__SANITIZE_ADDRESS__)
	for (i = 0; rc == 0 && i < sizeof(sanitizer) / sizeof(sanitizer[0]);
	     i++)
		rc = allow(ctx, sanitizer[i], 0, NULL);
#else
	if (rc == 0)
		rc = allow(ctx, "clone", 1, &thread);
	if (rc == 0)
		rc = allow_values(ctx, "prctl", 0, prctls,
		    sizeof(prctls) / sizeof(prctls[0]));
#endif
	(void)thread;
	(void)prctls;
	if (rc == 0)
		rc = allow_values(ctx, "socket", 0, families,
		    sizeof(families) / sizeof(families[0]));
	if (rc == 0)
		rc = allow_values(ctx, "ioctl", 1, ioctls,
		    sizeof(ioctls) / sizeof(ioctls[0]));
	if (rc == 0)
		rc = allow_values(ctx, "kill", 0, &self, 1);
	if (rc == 0)
		rc = allow_values(ctx, "tgkill", 0, &self, 1);
	if (rc == 0)
		rc = allow(ctx, "prlimit64", 1, &read_only);
	if (rc == 0)
		rc = allow(ctx, "setpriority", 1, &process);
	/* glibc tries clone3 for threads first and falls back to clone when
	 * the kernel says it has none; clone3's flags sit in memory where a
	 * filter cannot read them. */
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS),
		    seccomp_syscall_resolve_name("clone3"), 0);
	return rc;
}

int
hl_sandbox_enter(struct hl_err *err)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
	int rc = -1;
	int e;

	if (ctx == NULL)
		return hl_err_set(err, 500, "internal",
		    "sandbox: cannot start a seccomp filter");
	/* Every thread at once: the daemon's are running already. */
	if ((e = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1)) != 0 ||
	    (e = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 1)) != 0 ||
	    (e = add_rules(ctx)) != 0 || (e = seccomp_load(ctx)) != 0) {
		hl_err_set(err, 500, "internal",
		    "sandbox: cannot install the seccomp filter: %s",
		    strerror(-e));
		goto out;
	}
	rc = 0;
out:
	seccomp_release(ctx);
	return rc;
}
