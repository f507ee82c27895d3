/*
 * The refused ranges, from the IANA special-purpose address registries
 * (RFC 6890 and its updates): everything that is not a public unicast
 * address on the Internet, since a webhook has no business anywhere else.
 * IPv6 forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4,
 * Teredo) are refused whole: the IPv4 inside could be anything.
 */
#include "notify_addr.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* What any other address family is. */
static const char NON_IP[] = "非 IP 地址";

struct range {
	int family;
	const char *net; /* in text, parsed on use: the table stays readable */
	unsigned prefix;
	const char *why;
};

/* The more specific ranges first: the first match gives the reason. */
static const struct range refused[] = {
	{ AF_INET, "0.0.0.0", 8, "未指定地址" },
	{ AF_INET, "10.0.0.0", 8, "私有地址" },
	{ AF_INET, "100.64.0.0", 10, "运营商级 NAT 地址" },
	{ AF_INET, "127.0.0.0", 8, "回环地址" },
	{ AF_INET, "169.254.0.0", 16, "链路本地地址" },
	{ AF_INET, "172.16.0.0", 12, "私有地址" },
	{ AF_INET, "192.0.0.0", 24, "保留地址" },
	{ AF_INET, "192.0.2.0", 24, "文档示例地址" },
	{ AF_INET, "192.88.99.0", 24, "保留地址" },
	{ AF_INET, "192.168.0.0", 16, "私有地址" },
	{ AF_INET, "198.18.0.0", 15, "保留地址" },
	{ AF_INET, "198.51.100.0", 24, "文档示例地址" },
	{ AF_INET, "203.0.113.0", 24, "文档示例地址" },
	{ AF_INET, "224.0.0.0", 4, "组播地址" },
	{ AF_INET, "240.0.0.0", 4, "保留地址" },
	{ AF_INET6, "::", 128, "未指定地址" },
	{ AF_INET6, "::1", 128, "回环地址" },
	{ AF_INET6, "::ffff:0:0", 96, "IPv4 映射的 IPv6 地址" },
	{ AF_INET6, "::", 96, "IPv4 兼容的 IPv6 地址" },
	{ AF_INET6, "64:ff9b::", 96, "IPv4 转换地址" },
	{ AF_INET6, "64:ff9b:1::", 48, "IPv4 转换地址" },
	{ AF_INET6, "100::", 64, "保留地址" },
	{ AF_INET6, "2001:db8::", 32, "文档示例地址" },
	{ AF_INET6, "2001::", 23, "保留地址" },
	{ AF_INET6, "2002::", 16, "IPv4 转换地址" },
	{ AF_INET6, "fc00::", 7, "唯一本地地址" },
	{ AF_INET6, "fe80::", 10, "链路本地地址" },
	{ AF_INET6, "fec0::", 10, "站点本地地址" },
	{ AF_INET6, "ff00::", 8, "组播地址" },
};

static size_t
addr_len(int family)
{
	return family == AF_INET ? 4 : 16;
}

/* True when the first prefix bits of a and net are equal. */
static bool
in_prefix(const unsigned char *a, const unsigned char *net, unsigned prefix)
{
	unsigned full = prefix / 8;
	unsigned rest = prefix % 8;
	unsigned char mask;

	if (memcmp(a, net, full) != 0)
		return false;
	if (rest == 0)
		return true;
	mask = (unsigned char)(0xff << (8 - rest));
	return (a[full] & mask) == (net[full] & mask);
}

const char *
hl_notify_addr_refusal(int family, const void *addr,
    const struct hl_notify_nets *allow)
{
	unsigned char net[16];
	size_t i;

	if (family != AF_INET && family != AF_INET6)
		return NON_IP;
	for (i = 0; allow != NULL && i < allow->n; i++)
		if (allow->v[i].family == family &&
		    in_prefix(addr, allow->v[i].addr, allow->v[i].prefix))
			return NULL;
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		if (refused[i].family != family)
			continue;
		if (inet_pton(family, refused[i].net, net) != 1)
			return "保留地址"; /* unreachable: the table parses */
		if (in_prefix(addr, net, refused[i].prefix))
			return refused[i].why;
	}
	return NULL;
}

const char *
hl_notify_addr_refusal_sa(const struct sockaddr *sa,
    const struct hl_notify_nets *allow)
{
	if (sa->sa_family == AF_INET)
		return hl_notify_addr_refusal(AF_INET,
		    &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
		    allow);
	if (sa->sa_family == AF_INET6)
		return hl_notify_addr_refusal(AF_INET6,
		    &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
		    allow);
	return NON_IP;
}

void
hl_notify_addr_text(const struct sockaddr *sa, char *out, size_t len)
{
	const void *a = NULL;

	if (sa->sa_family == AF_INET)
		a = &((const struct sockaddr_in *)(const void *)sa)->sin_addr;
	else if (sa->sa_family == AF_INET6)
		a = &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
	if (a == NULL ||
	    inet_ntop(sa->sa_family, a, out, (socklen_t)len) == NULL)
		snprintf(out, len, "?");
}

/* One entry "addr[/prefix]" of length n. */
static int
parse_net(const char *s, size_t n, struct hl_notify_net *net)
{
	char buf[64];
	char *slash;
	unsigned long prefix;
	char *end;
	size_t max;

	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	slash = strchr(buf, '/');
	if (slash != NULL)
		*slash = '\0';
	memset(net, 0, sizeof(*net));
	if (inet_pton(AF_INET, buf, net->addr) == 1)
		net->family = AF_INET;
	else if (inet_pton(AF_INET6, buf, net->addr) == 1)
		net->family = AF_INET6;
	else
		return -1;
	max = addr_len(net->family) * 8;
	net->prefix = (unsigned)max;
	if (slash == NULL)
		return 0;
	if (slash[1] < '0' || slash[1] > '9')
		return -1;
	prefix = strtoul(slash + 1, &end, 10);
	if (*end != '\0' || prefix > max)
		return -1;
	net->prefix = (unsigned)prefix;
	return 0;
}

int
hl_notify_addr_parse_nets(const char *s, struct hl_notify_nets *out, char *why,
    size_t why_len)
{
	static const char seps[] = ", \t";
	size_t n;

	memset(out, 0, sizeof(*out));
	if (s == NULL)
		return 0;
	for (s += strspn(s, seps); *s != '\0'; s += strspn(s, seps)) {
		n = strcspn(s, seps);
		if (out->n == HL_NOTIFY_NETS_MAX) {
			snprintf(why, why_len, "more than %d networks",
			    HL_NOTIFY_NETS_MAX);
			return -1;
		}
		if (parse_net(s, n, &out->v[out->n]) == -1) {
			snprintf(why, why_len,
			    "'%.*s' is not a network (an IP address with an "
			    "optional /prefix)",
			    (int)(n > 64 ? 64 : n), s);
			return -1;
		}
		out->n++;
		s += n;
	}
	return 0;
}
