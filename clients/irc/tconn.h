/* SPDX-License-Identifier: ISC */
/*
 * tconn.h: a TCP client connection, optionally TLS (OpenSSL), on libev.
 *
 * (lws 4.1.6 cannot do TLS on a raw client socket: it starts the TLS
 * handshake before the TCP connection exists.  OpenSSL is there anyway,
 * as libwebsockets' TLS library.)
 */
#ifndef TCONN_H
#define TCONN_H

#include <stddef.h>

#include <ev.h>
#include <openssl/ssl.h>

#define TCONN_MAX_OUT		(1024 * 1024)	/* bytes not yet written */
#define TCONN_TIMEOUT		15.0		/* connect and handshake */

struct tconn_ops {
	void	(*up)(void *);
	void	(*rx)(void *, const char *, size_t);
	void	(*down)(void *, const char *);
};

enum tconn_state { TC_IDLE, TC_CONNECTING, TC_HANDSHAKE, TC_UP };

struct tconn {
	struct ev_loop		*loop;
	const struct tconn_ops	*ops;
	void			*arg;
	char			 host[256];
	int			 port;
	int			 tls;
	int			 insecure;
	SSL_CTX			*ctx;
	SSL			*ssl;
	int			 fd;
	enum tconn_state	 state;
	ev_io			 rio, wio;
	ev_timer		 timer;
	char			*out;
	size_t			 outlen, outcap;
};

int	tconn_init(struct tconn *, struct ev_loop *, const char *, int, int,
	    int, const char *, const struct tconn_ops *, void *, char *,
	    size_t);
void	tconn_connect(struct tconn *);
int	tconn_write(struct tconn *, const char *, size_t);
void	tconn_close(struct tconn *);
void	tconn_free(struct tconn *);

#endif
