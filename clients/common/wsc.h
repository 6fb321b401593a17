/* SPDX-License-Identifier: ISC */
/*
 * wsc.h: one WebSocket client connection to advisord, on libev.
 *
 * A wsc carries JSON messages both ways over ws:// or wss://, with the
 * advisor.v1 subprotocol.  When the connection is lost it calls down()
 * and, unless reconnecting was turned off, connects again after a backoff
 * (0.25 s doubling to 10 s, with jitter), calling up() each time it is
 * through.  What to say after up() (hello, resume) is the caller's.
 *
 * The lws context belongs to the program (it may carry other protocols,
 * such as the IRC bridge's raw sockets); the program puts WSC_PROTOCOL in
 * its protocol list.
 */
#ifndef WSC_H
#define WSC_H

#include <stddef.h>

#include <ev.h>
#include <jansson.h>
#include <libwebsockets.h>

#define WSC_MAX_MESSAGE		(64u * 1024 * 1024)	/* one server message */
#define WSC_MAX_QUEUE		(4u * 1024 * 1024)	/* output not yet sent */

struct wsc_ops {
	void	(*up)(void *);
	void	(*message)(void *, json_t *);	/* borrowed */
	void	(*down)(void *, const char *);	/* why, for people */
};

struct wsc_out {
	struct wsc_out	*next;
	size_t		 len;
	unsigned char	 buf[];		/* LWS_PRE, then len bytes */
};

struct wsc {
	struct lws_context	*ctx;
	struct ev_loop		*loop;
	struct lws		*wsi;
	const struct wsc_ops	*ops;
	void			*arg;
	char			 url[512];
	char			 host[256];
	char			 path[256];
	int			 port;
	int			 tls;
	int			 insecure;	/* wss: accept any certificate */
	int			 reconnect;	/* after a loss, connect again */
	int			 connected;	/* the upgrade is through */
	int			 closing;	/* wsc_close() was called */
	double			 backoff;
	ev_timer		 retry;
	struct wsc_out		*out_head, *out_tail;
	size_t			 out_bytes;
	char			*rx;
	size_t			 rx_len, rx_cap;
	int			 rx_too_big;
	char			 close_why[160];
	char			 cookie[160];	/* name=value set at the upgrade */
};

int	 wsc_callback(struct lws *, enum lws_callback_reasons, void *, void *,
	    size_t);
#define WSC_PROTOCOL	{ "advisor.v1", wsc_callback, 0, 0, 0, NULL, 0 }

struct lws_context *wsc_context(struct ev_loop *, const struct lws_protocols *,
	    const char *);
int	 wsc_init(struct wsc *, struct lws_context *, struct ev_loop *,
	    const char *, const struct wsc_ops *, void *, char *, size_t);
void	 wsc_connect(struct wsc *);
int	 wsc_send(struct wsc *, const json_t *);
void	 wsc_close(struct wsc *);
void	 wsc_free(struct wsc *);

#endif
