/*
 * Which network addresses a webhook may reach (the SSRF guard's rule):
 * never loopback, private, link-local, CGNAT, multicast, unspecified,
 * reserved or documentation ranges, nor IPv4 mapped or translated into
 * IPv6, unless an operator allowed the network in [notify] allow_nets.
 * Pure logic on address bytes; notify.c applies it to the addresses a
 * name resolves to and to the one a connection is actually made to.
 */
#ifndef HL_NOTIFY_ADDR_H
#define HL_NOTIFY_ADDR_H

#include <stddef.h>

#define HL_NOTIFY_NETS_MAX 32

/* One network: family AF_INET or AF_INET6, address bytes in network
 * order (4 or 16 used), prefix length. */
struct hl_notify_net {
	int family;
	unsigned char addr[16];
	unsigned prefix;
};

/* A list of networks; all-zero is empty. */
struct hl_notify_nets {
	size_t n;
	struct hl_notify_net v[HL_NOTIFY_NETS_MAX];
};

/*
 * Parse a list of networks separated by commas or blanks, each an IPv4
 * or IPv6 address with an optional /prefix ("127.0.0.0/8, ::1").  An
 * empty or NULL s is the empty list.  Returns 0, or -1 with a sentence
 * for an operator in why (why_len bytes) naming the bad entry.
 */
int hl_notify_addr_parse_nets(const char *s, struct hl_notify_nets *out,
    char *why, size_t why_len);

/*
 * Why an address may not be connected to, as a Chinese noun phrase
 * ("回环地址", "私有地址"...), or NULL when it may: it is in allow (may be
 * NULL), or in none of the refused ranges.  addr holds 4 (AF_INET) or 16
 * (AF_INET6) bytes in network order; any other family is refused.
 */
const char *hl_notify_addr_refusal(int family, const void *addr,
    const struct hl_notify_nets *allow);

/* The same for a socket address (struct sockaddr_in or sockaddr_in6). */
struct sockaddr;
const char *hl_notify_addr_refusal_sa(const struct sockaddr *sa,
    const struct hl_notify_nets *allow);

/* The address of sa as text ("10.0.0.1", "::1") into out (at least 46
 * bytes); "?" for another family. */
void hl_notify_addr_text(const struct sockaddr *sa, char *out, size_t len);

#endif /* HL_NOTIFY_ADDR_H */
