/* SPDX-License-Identifier: ISC */
/*
 * wsc.c: a WebSocket client connection to advisord that comes back.
 *
 * Shaped after the lws minimal ws client: the callback assembles
 * fragments into whole messages, writes only from CLIENT_WRITEABLE, one
 * queued message per call, and the connection is retried from a libev
 * timer rather than from inside the callback.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "wsc.h"

#define BACKOFF_FIRST	0.25
#define BACKOFF_MAX	10.0

static void	wsc_lost(struct wsc *, const char *);

/*
 * A client context on loop, with protocols (which must hold WSC_PROTOCOL)
 * and, for wss:// or TLS sockets, ca_file to trust (NULL: the system's).
 */
struct lws_context *
wsc_context(struct ev_loop *loop, const struct lws_protocols *protocols,
    const char *ca_file)
{
	struct lws_context_creation_info info;
	static void *foreign[1];

	foreign[0] = loop;
	memset(&info, 0, sizeof(info));
	info.options = LWS_SERVER_OPTION_LIBEV |
	    LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT |
	    LWS_SERVER_OPTION_VALIDATE_UTF8;
	info.foreign_loops = foreign;
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.protocols = protocols;
	info.client_ssl_ca_filepath = ca_file;
	info.timeout_secs = 10;		/* connect and upgrade */
	return lws_create_context(&info);
}

static void
retry_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct wsc *c = w->data;

	(void)loop;
	(void)revents;
	wsc_connect(c);
}

/*
 * Set up c for url (ws://HOST[:PORT]/PATH or wss://...).  Returns 0, or
 * -1 with err filled when the URL is not one.
 */
int
wsc_init(struct wsc *c, struct lws_context *ctx, struct ev_loop *loop,
    const char *url, const struct wsc_ops *ops, void *arg, char *err,
    size_t errlen)
{
	char tmp[512];
	const char *prot, *ads, *path;
	int port;

	memset(c, 0, sizeof(*c));
	if (strlen(url) >= sizeof(tmp)) {
		(void)snprintf(err, errlen, "the URL is longer than %zu bytes",
		    sizeof(tmp) - 1);
		return -1;
	}
	(void)snprintf(c->url, sizeof(c->url), "%s", url);
	(void)snprintf(tmp, sizeof(tmp), "%s", url);
	if (lws_parse_uri(tmp, &prot, &ads, &port, &path) != 0 ||
	    (strcmp(prot, "ws") != 0 && strcmp(prot, "wss") != 0) ||
	    *ads == '\0') {
		(void)snprintf(err, errlen, "'%s' is not a ws:// or wss:// URL",
		    url);
		return -1;
	}
	c->tls = strcmp(prot, "wss") == 0;
	if (strstr(url + strlen(prot) + 3, ":") == NULL)
		port = c->tls ? 443 : 80;
	(void)snprintf(c->host, sizeof(c->host), "%s", ads);
	(void)snprintf(c->path, sizeof(c->path), "/%s", path);
	c->port = port;
	c->ctx = ctx;
	c->loop = loop;
	c->ops = ops;
	c->arg = arg;
	c->reconnect = 1;
	c->backoff = BACKOFF_FIRST;
	ev_timer_init(&c->retry, retry_cb, 0., 0.);
	c->retry.data = c;
	return 0;
}

/* Connect now; failures come back through down() and a retry. */
void
wsc_connect(struct wsc *c)
{
	struct lws_client_connect_info i;
	char hostport[300];

	if (c->wsi != NULL || c->closing)
		return;
	ev_timer_stop(c->loop, &c->retry);
	(void)snprintf(hostport, sizeof(hostport), "%s:%d", c->host, c->port);
	memset(&i, 0, sizeof(i));
	i.context = c->ctx;
	i.address = c->host;
	i.port = c->port;
	i.path = c->path;
	i.host = hostport;
	i.protocol = "advisor.v1";
	i.local_protocol_name = "advisor.v1";
	i.ssl_connection = c->tls ? LCCSCF_USE_SSL : 0;
	if (c->tls && c->insecure)
		i.ssl_connection |= LCCSCF_ALLOW_SELFSIGNED |
		    LCCSCF_SKIP_SERVER_CERT_HOSTNAME_CHECK;
	i.opaque_user_data = c;
	i.pwsi = &c->wsi;
	c->close_why[0] = '\0';
	if (lws_client_connect_via_info(&i) == NULL) {
		c->wsi = NULL;
		wsc_lost(c, "cannot start connecting");
	}
}

static void
out_clear(struct wsc *c)
{
	struct wsc_out *o;

	while ((o = c->out_head) != NULL) {
		c->out_head = o->next;
		free(o);
	}
	c->out_tail = NULL;
	c->out_bytes = 0;
}

/* The connection is gone: tell the owner, and come back later. */
static void
wsc_lost(struct wsc *c, const char *why)
{
	int was = c->connected;
	double delay;

	c->wsi = NULL;
	c->connected = 0;
	c->rx_len = 0;
	c->rx_too_big = 0;
	out_clear(c);
	if (c->closing)
		return;		/* we closed it: no news */
	if (c->ops->down != NULL)
		c->ops->down(c->arg, why);
	if (!c->reconnect)
		return;
	if (was)
		c->backoff = BACKOFF_FIRST;
	/* up to a quarter more, so that many clients do not come in step */
	delay = c->backoff * (1.0 + (double)randombytes_uniform(250) / 1000.0);
	c->backoff = c->backoff * 2 > BACKOFF_MAX ? BACKOFF_MAX :
	    c->backoff * 2;
	ev_timer_set(&c->retry, delay, 0.);
	ev_timer_start(c->loop, &c->retry);
}

/*
 * Queue msg for sending.  Returns 0, or -1 when there is no connection or
 * the queue holds WSC_MAX_QUEUE bytes already.
 */
int
wsc_send(struct wsc *c, const json_t *msg)
{
	struct wsc_out *o;
	char *text;
	size_t len;

	if (!c->connected || c->wsi == NULL)
		return -1;
	if ((text = json_dumps(msg, JSON_COMPACT)) == NULL)
		return -1;
	len = strlen(text);
	if (c->out_bytes + len > WSC_MAX_QUEUE ||
	    (o = malloc(sizeof(*o) + LWS_PRE + len)) == NULL) {
		free(text);
		return -1;
	}
	memcpy(o->buf + LWS_PRE, text, len);
	free(text);
	o->len = len;
	o->next = NULL;
	if (c->out_tail != NULL)
		c->out_tail->next = o;
	else
		c->out_head = o;
	c->out_tail = o;
	c->out_bytes += len;
	lws_callback_on_writable(c->wsi);
	return 0;
}

/* Close for good: no reconnect.  Queued output is written first. */
void
wsc_close(struct wsc *c)
{
	c->closing = 1;
	ev_timer_stop(c->loop, &c->retry);
	if (c->wsi != NULL)
		lws_callback_on_writable(c->wsi);
}

void
wsc_free(struct wsc *c)
{
	ev_timer_stop(c->loop, &c->retry);
	out_clear(c);
	free(c->rx);
	c->rx = NULL;
}

/*
 * JSON allows "\u0000" in a string; C code reads strings up to their first
 * NUL.  Make every NUL in j's strings U+FFFD, so that what follows it is
 * shown and a NUL is seen to have been there.  Returns -1 when out of
 * memory.
 */
static int
wsc_nul_visible(json_t *j)
{
	const char *key, *s;
	json_t *v;
	size_t i, n, len, nuls;
	char *buf, *p;
	void *tmp;

	if (json_is_object(j)) {
		json_object_foreach_safe(j, tmp, key, v)
			if (wsc_nul_visible(v) == -1)
				return -1;
	} else if (json_is_array(j)) {
		json_array_foreach(j, i, v)
			if (wsc_nul_visible(v) == -1)
				return -1;
	} else if (json_is_string(j)) {
		s = json_string_value(j);
		len = json_string_length(j);
		if ((nuls = len - strlen(s)) == 0)
			return 0;
		for (nuls = 0, i = 0; i < len; i++)
			nuls += s[i] == '\0';
		if ((buf = malloc(len + 2 * nuls + 1)) == NULL)
			return -1;
		for (p = buf, i = 0; i < len; i++) {
			if (s[i] != '\0') {
				*p++ = s[i];
				continue;
			}
			memcpy(p, "\xef\xbf\xbd", 3);	/* U+FFFD */
			p += 3;
		}
		n = (size_t)(p - buf);
		if (json_string_setn_nocheck(j, buf, n) == -1) {
			free(buf);
			return -1;
		}
		free(buf);
	}
	return 0;
}

/* Add a fragment; a whole message goes to message().  -1: drop it. */
static int
wsc_rx(struct wsc *c, struct lws *wsi, const char *in, size_t len)
{
	json_t *msg;
	json_error_t jerr;

	if (!c->rx_too_big && c->rx_len + len > WSC_MAX_MESSAGE)
		c->rx_too_big = 1;
	if (!c->rx_too_big) {
		if (c->rx_len + len + 1 > c->rx_cap) {
			size_t cap = c->rx_cap ? c->rx_cap : 8192;
			char *p;

			while (cap < c->rx_len + len + 1)
				cap *= 2;
			if ((p = realloc(c->rx, cap)) == NULL)
				return -1;
			c->rx = p;
			c->rx_cap = cap;
		}
		memcpy(c->rx + c->rx_len, in, len);
		c->rx_len += len;
	}
	if (!lws_is_final_fragment(wsi))
		return 0;
	if (c->rx_too_big) {
		(void)snprintf(c->close_why, sizeof(c->close_why), "a server "
		    "message was larger than %u bytes", WSC_MAX_MESSAGE);
		return -1;
	}
	msg = json_loadb(c->rx, c->rx_len, JSON_ALLOW_NUL, &jerr);
	c->rx_len = 0;
	if (!json_is_object(msg) || wsc_nul_visible(msg) == -1) {
		json_decref(msg);
		(void)snprintf(c->close_why, sizeof(c->close_why), "the server "
		    "sent something that is not a JSON object");
		return -1;
	}
	c->ops->message(c->arg, msg);
	json_decref(msg);
	return 0;
}

/*
 * A cookie set in the answer to the upgrade (HAProxy's affinity cookie,
 * contrib/haproxy-cluster.cfg) is sent back at every reconnect, so a
 * resume reaches the instance that serves the conversation.  Only its
 * name=value, printable and bounded; a new one replaces it.
 */
static void
wsc_cookie_keep(struct wsc *c, struct lws *wsi)
{
	char buf[sizeof(c->cookie)];
	size_t n, i;

	if (lws_hdr_copy(wsi, buf, sizeof(buf), WSI_TOKEN_HTTP_SET_COOKIE) <= 0)
		return;
	n = strcspn(buf, ";");
	buf[n] = '\0';
	for (i = 0; i < n; i++)
		if (buf[i] <= ' ' || buf[i] == 0x7f)
			return;
	if (n == 0 || strchr(buf, '=') == NULL)
		return;
	(void)snprintf(c->cookie, sizeof(c->cookie), "%s", buf);
}

int
wsc_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user,
    void *in, size_t len)
{
	struct wsc *c = lws_get_opaque_user_data(wsi);
	struct wsc_out *o;
	char why[800];

	(void)user;
	if (c == NULL)
		return lws_callback_http_dummy(wsi, reason, user, in, len);
	switch (reason) {
	case LWS_CALLBACK_CLIENT_CONNECTION_ERROR: {
		/* a refused upgrade: name the status the server (or a proxy
		 * in front of it, all its backends down) answered with */
		unsigned int status = lws_http_client_http_response(wsi);

		if (status >= 200 && status != 101)
			(void)snprintf(why, sizeof(why), "cannot connect to "
			    "%s: the server answered HTTP %u instead of "
			    "upgrading%s", c->url, status, status == 503 ?
			    " (unavailable: draining, full, or its store "
			    "unreachable; retry later)" : "");
		else
			(void)snprintf(why, sizeof(why), "cannot connect to "
			    "%s: %s", c->url, in != NULL ? (const char *)in :
			    "unknown error");
		wsc_lost(c, why);
		return 0;
	}
	case LWS_CALLBACK_CLIENT_FILTER_PRE_ESTABLISH:
		wsc_cookie_keep(c, wsi);
		return 0;
	case LWS_CALLBACK_CLIENT_APPEND_HANDSHAKE_HEADER:
		if (c->cookie[0] != '\0' && lws_add_http_header_by_token(wsi,
		    WSI_TOKEN_HTTP_COOKIE, (unsigned char *)c->cookie,
		    (int)strlen(c->cookie), (unsigned char **)in,
		    *(unsigned char **)in + len))
			return -1;
		return 0;
	case LWS_CALLBACK_CLIENT_ESTABLISHED:
		c->connected = 1;
		c->rx_len = 0;
		if (c->ops->up != NULL)
			c->ops->up(c->arg);
		if (c->closing)
			lws_callback_on_writable(wsi);
		return 0;
	case LWS_CALLBACK_CLIENT_RECEIVE:
		return wsc_rx(c, wsi, in, len);
	case LWS_CALLBACK_CLIENT_WRITEABLE:
		if ((o = c->out_head) != NULL) {
			if (lws_write(wsi, o->buf + LWS_PRE, o->len,
			    LWS_WRITE_TEXT) < (int)o->len)
				return -1;
			c->out_head = o->next;
			if (c->out_head == NULL)
				c->out_tail = NULL;
			c->out_bytes -= o->len;
			free(o);
			if (c->out_head != NULL || c->closing)
				lws_callback_on_writable(wsi);
			return 0;
		}
		if (c->closing) {
			lws_close_reason(wsi, LWS_CLOSE_STATUS_NORMAL,
			    (unsigned char *)"bye", 3);
			return -1;
		}
		return 0;
	case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
		if (len >= 2) {
			const unsigned char *p = in;

			(void)snprintf(c->close_why, sizeof(c->close_why),
			    "closed by the server (%u%s%.*s)",
			    (unsigned)(p[0] << 8 | p[1]), len > 2 ? " " : "",
			    (int)(len - 2 > 100 ? 100 : len - 2),
			    (const char *)p + 2);
		}
		return 0;
	case LWS_CALLBACK_CLIENT_CLOSED:
		if (c->wsi != wsi && c->wsi != NULL)
			return 0;
		(void)snprintf(why, sizeof(why), "%s", c->close_why[0] ?
		    c->close_why : "the connection was lost");
		wsc_lost(c, why);
		return 0;
	default:
		break;
	}
	return 0;
}
