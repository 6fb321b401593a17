/* SPDX-License-Identifier: ISC */
/*
 * echo.c: a bare libwebsockets echo server, the baseline of `make bench`.
 *
 * Built the way advisord builds its server (daemon/server.c, daemon/ws.c),
 * so that the difference between the two is advisord's own work: lws
 * 4.1.6 on a libev loop we own (foreign loop), the same context and vhost
 * options, the same ping policy, a 1024-byte receive buffer, the
 * advisor.v1 subprotocol, and the same output path (each message copied
 * into a queue and written from the WRITEABLE callback, one lws_write()
 * per callback).  Every text message is sent back as it came.
 *
 *	echo [-p PORT]		127.0.0.1 only; port 0 (default) picks one
 *
 * Prints "listening on 127.0.0.1:PORT" once ready; SIGTERM or SIGINT stops.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ev.h>
#include <libwebsockets.h>

#define RX_CHUNK	1024	/* as daemon/ws.c */
#define PING_SECONDS	30	/* the daemon's default ping_interval */
#define MAX_MESSAGE	65536	/* the daemon's default max_message_bytes */

struct outmsg {
	struct outmsg	*next;
	size_t		 len;
	unsigned char	 data[];	/* LWS_PRE, then the payload */
};

struct echo_conn {
	struct outmsg	*head, *tail;
	unsigned char	*rx;
	size_t		 rxlen, rxcap;
};

static void
echo_free(struct echo_conn *c)
{
	struct outmsg *m, *next;

	for (m = c->head; m != NULL; m = next) {
		next = m->next;
		free(m);
	}
	c->head = c->tail = NULL;
	free(c->rx);
	c->rx = NULL;
	c->rxlen = c->rxcap = 0;
}

/* Append a piece; 1 when the message is complete, -1 when too large. */
static int
echo_rx(struct echo_conn *c, const void *in, size_t len, int final)
{
	if (c->rxlen + len > MAX_MESSAGE)
		return -1;
	if (c->rxlen + len > c->rxcap) {
		size_t cap = c->rxcap ? c->rxcap : 1024;
		unsigned char *p;

		while (cap < c->rxlen + len)
			cap *= 2;
		if ((p = realloc(c->rx, cap)) == NULL)
			return -1;
		c->rx = p;
		c->rxcap = cap;
	}
	memcpy(c->rx + c->rxlen, in, len);
	c->rxlen += len;
	return final;
}

static int
echo_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user,
    void *in, size_t len)
{
	struct echo_conn *c = user;
	struct outmsg *m;
	int n;

	switch (reason) {
	case LWS_CALLBACK_RECEIVE:
		n = echo_rx(c, in, len, lws_is_final_fragment(wsi) &&
		    lws_remaining_packet_payload(wsi) == 0);
		if (n == -1)
			return -1;
		if (n == 0)
			break;
		if ((m = malloc(sizeof(*m) + LWS_PRE + c->rxlen)) == NULL)
			return -1;
		m->next = NULL;
		m->len = c->rxlen;
		memcpy(m->data + LWS_PRE, c->rx, c->rxlen);
		if (c->tail != NULL)
			c->tail->next = m;
		else
			c->head = m;
		c->tail = m;
		c->rxlen = 0;
		lws_callback_on_writable(wsi);
		break;

	case LWS_CALLBACK_SERVER_WRITEABLE:
		if ((m = c->head) == NULL)
			break;
		n = lws_write(wsi, m->data + LWS_PRE, m->len, LWS_WRITE_TEXT);
		if (n < (int)m->len)
			return -1;
		if ((c->head = m->next) == NULL)
			c->tail = NULL;
		free(m);
		if (c->head != NULL)
			lws_callback_on_writable(wsi);
		break;

	case LWS_CALLBACK_CLOSED:
		echo_free(c);
		break;

	default:
		break;
	}
	return 0;
}

static const struct lws_protocols protocols[] = {
	{ "http", lws_callback_http_dummy, 0, 0, 0, NULL, 0 },
	{ "advisor.v1", echo_callback, sizeof(struct echo_conn), RX_CHUNK, 0,
	    NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static void
echo_stop(struct ev_loop *loop, ev_signal *w, int revents)
{
	(void)w;
	(void)revents;
	ev_break(loop, EVBREAK_ALL);
}

int
main(int argc, char **argv)
{
	struct lws_context_creation_info info;
	lws_retry_bo_t retry;
	struct lws_context *ctx;
	struct lws_vhost *vh;
	struct ev_loop *loop;
	ev_signal sterm, sint;
	void *foreign[1];
	int ch, port = 0;

	while ((ch = getopt(argc, argv, "p:")) != -1) {
		switch (ch) {
		case 'p':
			port = atoi(optarg);
			break;
		default:
			fprintf(stderr, "usage: echo [-p PORT]\n");
			return 2;
		}
	}
	signal(SIGPIPE, SIG_IGN);
	lws_set_log_level(LLL_ERR, NULL);
	loop = ev_default_loop(EVFLAG_AUTO);
	ev_signal_init(&sterm, echo_stop, SIGTERM);
	ev_signal_init(&sint, echo_stop, SIGINT);
	ev_signal_start(loop, &sterm);
	ev_signal_start(loop, &sint);

	/* the daemon's ping policy (server.c) */
	memset(&retry, 0, sizeof(retry));
	retry.secs_since_valid_ping = PING_SECONDS;
	retry.secs_since_valid_hangup = PING_SECONDS + PING_SECONDS / 3;

	memset(&info, 0, sizeof(info));
	info.options = LWS_SERVER_OPTION_LIBEV |
	    LWS_SERVER_OPTION_EXPLICIT_VHOSTS |
	    LWS_SERVER_OPTION_VALIDATE_UTF8;
	foreign[0] = loop;
	info.foreign_loops = foreign;
	info.timeout_secs = 10;
	info.port = CONTEXT_PORT_NO_LISTEN;
	if ((ctx = lws_create_context(&info)) == NULL) {
		fprintf(stderr, "echo: cannot create the lws context\n");
		return 1;
	}

	memset(&info, 0, sizeof(info));
	info.vhost_name = "echo";
	info.iface = "127.0.0.1";
	info.port = port;
	info.protocols = protocols;
	info.retry_and_idle_policy = &retry;
	info.options = LWS_SERVER_OPTION_VALIDATE_UTF8 |
	    LWS_SERVER_OPTION_HTTP_HEADERS_SECURITY_BEST_PRACTICES_ENFORCE |
	    LWS_SERVER_OPTION_FAIL_UPON_UNABLE_TO_BIND |
	    LWS_SERVER_OPTION_DISABLE_IPV6;
	info.alpn = "http/1.1";
	info.keepalive_timeout = 5;
	if ((vh = lws_create_vhost(ctx, &info)) == NULL ||
	    (port = lws_get_vhost_listen_port(vh)) <= 0) {
		fprintf(stderr, "echo: cannot listen on 127.0.0.1:%d\n", port);
		lws_context_destroy(ctx);
		return 1;
	}
	printf("listening on 127.0.0.1:%d\n", port);
	fflush(stdout);

	ev_run(loop, 0);

	lws_context_destroy(ctx);
	ev_signal_stop(loop, &sterm);
	ev_signal_stop(loop, &sint);
	ev_run(loop, EVRUN_NOWAIT);
	ev_loop_destroy(loop);
	return 0;
}
