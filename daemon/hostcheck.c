/* SPDX-License-Identifier: ISC */
/*
 * hostcheck.c: which Host and Origin headers the daemon answers.
 *
 * DNS rebinding: a page on evil.example makes its name resolve to
 * 127.0.0.1, and the browser then sends the daemon requests with
 * "Host: evil.example" and a matching "Origin: http://evil.example", which
 * look same-origin.  So the Host itself must be one of ours: localhost
 * (and names under .localhost), an IP address literal (a rebinding needs a
 * name; a literal is what the user typed), the host of an allowed_origin,
 * or an allowed_host.  "allowed_host = *" turns the check off.  A request
 * with no Host at all (HTTP/1.0) comes from no browser and passes.
 *
 * Both functions are pure (headers in, verdict out), for the fuzz target.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "advisord.h"

/*
 * The name part of a Host header value ("name", "name:port",
 * "[v6]:port") into out; -1 when it does not have that shape.
 */
static int
hostcheck_name(const char *host, char *out, size_t outlen)
{
	const char *end;
	size_t n;

	if (host[0] == '[') {
		if ((end = strchr(host, ']')) == NULL ||
		    (end[1] != '\0' && end[1] != ':'))
			return -1;
		host++;
	} else if ((end = strchr(host, ':')) == NULL)
		end = host + strlen(host);
	n = (size_t)(end - host);
	if (n == 0 || n >= outlen)
		return -1;
	memcpy(out, host, n);
	out[n] = '\0';
	if (n > 0 && out[n - 1] == '.')	/* "localhost." is localhost */
		out[n - 1] = '\0';
	return out[0] == '\0' ? -1 : 0;
}

/* The host of an origin "scheme://host[:port]" equals name? */
static int
origin_host_is(const char *origin, const char *name)
{
	const char *p = strstr(origin, "://");
	char oname[256];

	return p != NULL && hostcheck_name(p + 3, oname, sizeof(oname)) == 0 &&
	    strcasecmp(oname, name) == 0;
}

/* Is host (a Host header value, or NULL when there was none) ours? */
int
hostcheck_host(const struct config *c, const char *host)
{
	char name[256];
	unsigned char addr[16];
	size_t i, n;

	if (host == NULL)
		return 1;
	for (i = 0; i < c->nhosts; i++)
		if (strcmp(c->hosts[i], "*") == 0)
			return 1;
	if (hostcheck_name(host, name, sizeof(name)) == -1)
		return 0;
	if (inet_pton(AF_INET, name, addr) == 1 ||
	    inet_pton(AF_INET6, name, addr) == 1)
		return 1;
	n = strlen(name);
	if (strcasecmp(name, "localhost") == 0 || (n > 10 &&
	    strcasecmp(name + n - 10, ".localhost") == 0))
		return 1;
	for (i = 0; i < c->nhosts; i++)
		if (strcasecmp(c->hosts[i], name) == 0)
			return 1;
	for (i = 0; i < c->norigins; i++)
		if (origin_host_is(c->origins[i], name))
			return 1;
	return 0;
}

/*
 * Is an upgrade with this Origin (NULL or "" when none) and Host (NULL
 * when none) allowed?  No Origin: not a browser, allowed.  Otherwise the
 * Origin must be on the allow-list, or be our own: http(s)://Host, with a
 * Host that passes hostcheck_host().
 */
int
hostcheck_origin(const struct config *c, const char *origin,
    const char *host)
{
	char want[300];
	size_t i;

	if (origin == NULL || origin[0] == '\0')
		return 1;
	for (i = 0; i < c->norigins; i++)
		if (strcmp(c->origins[i], origin) == 0)
			return 1;
	if (host == NULL || !hostcheck_host(c, host))
		return 0;
	(void)snprintf(want, sizeof(want), "http://%s", host);
	if (strcmp(origin, want) == 0)
		return 1;
	(void)snprintf(want, sizeof(want), "https://%s", host);
	return strcmp(origin, want) == 0;
}

/* Is the Host header of wsi's request one we serve? */
int
hostcheck_request(struct daemon *d, struct lws *wsi)
{
	char host[256];
	int n = lws_hdr_total_length(wsi, WSI_TOKEN_HOST);

	if (n <= 0)
		return hostcheck_host(d->conf, NULL);
	if (n >= (int)sizeof(host) || lws_hdr_copy(wsi, host, sizeof(host),
	    WSI_TOKEN_HOST) < 0)
		return 0;
	return hostcheck_host(d->conf, host);
}
