/* SPDX-License-Identifier: ISC */
/*
 * proxy.c: trusted reverse proxies, and the client address behind them.
 *
 * Behind nginx or HAProxy every connection comes from the proxy, so the
 * per-address limit would hold all users together and logs would name the
 * proxy.  The trusted_proxies setting lists the proxies (addresses or
 * CIDRs); only for a connection from one of them do we read
 * X-Forwarded-For, or Forwarded (RFC 7239) when that is absent, and take
 * the client address from it: walking from the right (the hop nearest to
 * us), skipping trusted proxies, the first address is the client.  Anyone
 * else could write those headers, so from anyone else they are ignored.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "advisord.h"

#define PROXY_MAX_NETS	64

struct proxy_net {
	int		family;		/* 0 ends the list */
	unsigned char	addr[16];
	int		prefix;		/* bits */
};

/* Parse one address, v4 or v6, optionally in brackets; 0 or -1. */
static int
proxy_addr(const char *s, size_t len, int *family, unsigned char *addr)
{
	char buf[64];

	if (len > 1 && s[0] == '[' && s[len - 1] == ']') {
		s++;
		len -= 2;
	}
	if (len == 0 || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (inet_pton(AF_INET, buf, addr) == 1) {
		*family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, buf, addr) == 1) {
		*family = AF_INET6;
		return 0;
	}
	return -1;
}

/*
 * Parse "ADDR[/BITS]" items separated by spaces or commas.  When out is
 * not NULL it receives a malloc'd list ended by family 0.  Returns 0, or -1
 * with why set.
 */
int
proxy_parse(const char *text, struct proxy_net **out, char *why, size_t wlen)
{
	struct proxy_net nets[PROXY_MAX_NETS + 1];
	const char *p = text;
	size_t n = 0;

	memset(nets, 0, sizeof(nets));
	for (;;) {
		const char *start, *slash;
		size_t len;

		while (*p == ' ' || *p == ',' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		start = p;
		while (*p != '\0' && *p != ' ' && *p != ',' && *p != '\t')
			p++;
		len = (size_t)(p - start);
		if (n >= PROXY_MAX_NETS) {
			(void)snprintf(why, wlen, "more than %d entries",
			    PROXY_MAX_NETS);
			return -1;
		}
		slash = memchr(start, '/', len);
		if (proxy_addr(start, slash ? (size_t)(slash - start) : len,
		    &nets[n].family, nets[n].addr) == -1) {
			(void)snprintf(why, wlen, "'%.*s' is not an address or "
			    "CIDR (want 10.0.0.1, 10.0.0.0/8 or fd00::/8)",
			    (int)(len > 64 ? 64 : len), start);
			return -1;
		}
		nets[n].prefix = nets[n].family == AF_INET ? 32 : 128;
		if (slash != NULL) {
			char *end;
			long bits = strtol(slash + 1, &end, 10);

			if (end != p || slash + 1 == p || bits < 0 ||
			    bits > nets[n].prefix) {
				(void)snprintf(why, wlen, "'%.*s': bad prefix "
				    "length", (int)(len > 64 ? 64 : len), start);
				return -1;
			}
			nets[n].prefix = (int)bits;
		}
		n++;
	}
	if (out != NULL) {
		if ((*out = calloc(n + 1, sizeof(**out))) == NULL) {
			(void)snprintf(why, wlen, "out of memory");
			return -1;
		}
		memcpy(*out, nets, n * sizeof(**out));
	}
	return 0;
}

static int
net_contains(const struct proxy_net *net, int family, const unsigned char *a)
{
	int full = net->prefix / 8, rest = net->prefix % 8;

	if (net->family != family)
		return 0;
	if (memcmp(net->addr, a, (size_t)full) != 0)
		return 0;
	if (rest == 0)
		return 1;
	return ((net->addr[full] ^ a[full]) & (0xff << (8 - rest))) == 0;
}

static int
trusted_bin(const struct daemon *d, int family, const unsigned char *a)
{
	const struct proxy_net *n;

	if (d->proxies == NULL)
		return 0;
	for (n = d->proxies; n->family != 0; n++)
		if (net_contains(n, family, a))
			return 1;
	return 0;
}

/* Is the address (text) one of the trusted proxies? */
int
proxy_trusted(const struct daemon *d, const char *ip)
{
	unsigned char a[16];
	int family;

	if (d->proxies == NULL || proxy_addr(ip, strlen(ip), &family, a) == -1)
		return 0;
	return trusted_bin(d, family, a);
}

/*
 * One element of a Forwarded header ("for=192.0.2.1;proto=http",
 * "for=\"[2001:db8::1]:4711\"") reduced to its address, in place.
 * Returns the address or NULL.
 */
static char *
forwarded_for(char *elem)
{
	char *p = elem, *v, *end;

	for (;;) {
		while (*p == ' ' || *p == ';')
			p++;
		if (*p == '\0')
			return NULL;
		if (strncasecmp(p, "for=", 4) == 0)
			break;
		if ((p = strchr(p, ';')) == NULL)
			return NULL;
	}
	v = p + 4;
	if (*v == '"') {
		v++;
		if ((end = strchr(v, '"')) == NULL)
			return NULL;
		*end = '\0';
	} else
		v[strcspn(v, "; ")] = '\0';
	if (*v == '[') {		/* [v6]:port */
		if ((end = strchr(v, ']')) == NULL)
			return NULL;
		end[1] = '\0';
	} else if (strchr(v, ':') == strrchr(v, ':') && strchr(v, ':'))
		*strchr(v, ':') = '\0';	/* v4:port */
	return v;
}

/*
 * The client address of wsi's request, as text in out: the socket's peer,
 * or, when that is a trusted proxy, the address its forwarding headers
 * name.  The header is read whole (lws bounds it by its header buffer) and
 * walked from its right end: the hops a client wrote come first, so
 * reading only the first few, or falling back to Forwarded when
 * X-Forwarded-For does not fit, would let a client name itself.
 */
void
proxy_client(struct daemon *d, struct lws *wsi, char *out, size_t len)
{
	char *hdr;
	unsigned char a[16];
	int n, family, forwarded = 0;

	lws_get_peer_simple(wsi, out, len);
	if (d->proxies == NULL || !proxy_trusted(d, out))
		return;
	if ((n = lws_hdr_total_length(wsi, WSI_TOKEN_X_FORWARDED_FOR)) <= 0) {
		n = lws_hdr_custom_length(wsi, "forwarded:", 10);
		forwarded = 1;
	}
	if (n <= 0 || (hdr = malloc((size_t)n + 1)) == NULL)
		return;		/* the proxy itself asking, e.g. a health check */
	if ((forwarded ? lws_hdr_custom_copy(wsi, hdr, n + 1, "forwarded:",
	    10) : lws_hdr_copy(wsi, hdr, n + 1, WSI_TOKEN_X_FORWARDED_FOR)) < 0) {
		free(hdr);
		return;
	}
	for (;;) {
		char *comma = strrchr(hdr, ','), *e = comma ? comma + 1 : hdr;
		size_t l;

		if (forwarded && (e = forwarded_for(e)) == NULL)
			break;
		while (isspace((unsigned char)*e))
			e++;
		l = strlen(e);
		while (l > 0 && isspace((unsigned char)e[l - 1]))
			e[--l] = '\0';
		if (l == 0 && comma != NULL) {	/* "a,,b": no hop */
			*comma = '\0';
			continue;
		}
		if (proxy_addr(e, l, &family, a) == -1)
			break;		/* garbage: keep the proxy's address */
		if (comma != NULL && trusted_bin(d, family, a)) {
			*comma = '\0';
			continue;
		}
		if (e[0] == '[') {
			e[l - 1] = '\0';
			e++;
		}
		(void)snprintf(out, len, "%s", e);
		break;
	}
	free(hdr);
}
