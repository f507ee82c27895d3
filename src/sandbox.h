/*
 * The serving process's system-call allowlist, on libseccomp (its only
 * user): once the server has bound its port, dropped root and started its
 * threads, it may make only the calls serving needs.  Any other call
 * kills the whole process (SIGSYS), so that code running in it by
 * accident (a memory bug turned exploit) cannot start programs, open
 * listening sockets, trace or signal other processes, load modules or
 * change its identity.
 */
#ifndef HL_SANDBOX_H
#define HL_SANDBOX_H

struct hl_err;

/*
 * Set no_new_privs and install the filter on every thread of the
 * process (threads started later inherit it).  Irreversible.  0, or -1
 * with err->msg for operators (the kernel or libseccomp refused).
 */
int hl_sandbox_enter(struct hl_err *err);

#endif /* HL_SANDBOX_H */
