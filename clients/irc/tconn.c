/* SPDX-License-Identifier: ISC */
/*
 * tconn.c: non-blocking TCP, and TLS over it, for the IRC side.
 *
 * States: IDLE -> CONNECTING (connect in progress) -> HANDSHAKE (TLS only)
 * -> UP.  Any failure closes the socket, returns to IDLE and calls down()
 * with a reason for people; whoever owns the connection decides when to
 * try again.  Output is buffered (bounded) and written when the socket
 * can take it; OpenSSL is told to accept partial writes from a buffer
 * that moves.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "tconn.h"

static void	tconn_fail(struct tconn *, const char *);
static void	tconn_flush(struct tconn *);

static void
tls_reason(struct tconn *c, char *buf, size_t len)
{
	unsigned long e = ERR_get_error();
	long v = c->ssl ? SSL_get_verify_result(c->ssl) : X509_V_OK;

	if (v != X509_V_OK)
		(void)snprintf(buf, len, "TLS: the certificate was refused: %s",
		    X509_verify_cert_error_string(v));
	else if (e != 0)
		(void)snprintf(buf, len, "TLS: %s", ERR_reason_error_string(e) ?
		    ERR_reason_error_string(e) : "handshake failed");
	else
		(void)snprintf(buf, len, "TLS: the connection was closed during "
		    "the handshake");
	ERR_clear_error();
}

static void
handshake(struct tconn *c)
{
	char why[300];
	int r = SSL_connect(c->ssl);

	if (r == 1) {
		c->state = TC_UP;
		ev_timer_stop(c->loop, &c->timer);
		ev_io_stop(c->loop, &c->wio);
		ev_io_start(c->loop, &c->rio);
		c->ops->up(c->arg);
		tconn_flush(c);
		return;
	}
	switch (SSL_get_error(c->ssl, r)) {
	case SSL_ERROR_WANT_READ:
		ev_io_stop(c->loop, &c->wio);
		ev_io_start(c->loop, &c->rio);
		return;
	case SSL_ERROR_WANT_WRITE:
		ev_io_start(c->loop, &c->wio);
		return;
	default:
		tls_reason(c, why, sizeof(why));
		tconn_fail(c, why);
	}
}

/* The TCP connection is through (or not): go on to TLS, or up. */
static void
connected(struct tconn *c)
{
	char why[300];
	int err = 0;
	socklen_t len = sizeof(err);

	if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) == -1)
		err = errno;
	if (err != 0) {
		(void)snprintf(why, sizeof(why), "cannot connect to %s:%d: %s",
		    c->host, c->port, strerror(err));
		tconn_fail(c, why);
		return;
	}
	if (!c->tls) {
		c->state = TC_UP;
		ev_timer_stop(c->loop, &c->timer);
		ev_io_stop(c->loop, &c->wio);
		ev_io_start(c->loop, &c->rio);
		c->ops->up(c->arg);
		tconn_flush(c);
		return;
	}
	if ((c->ssl = SSL_new(c->ctx)) == NULL ||
	    SSL_set_fd(c->ssl, c->fd) != 1 ||
	    SSL_set_tlsext_host_name(c->ssl, c->host) != 1 ||
	    (!c->insecure && SSL_set1_host(c->ssl, c->host) != 1)) {
		tls_reason(c, why, sizeof(why));
		tconn_fail(c, why);
		return;
	}
	SSL_set_mode(c->ssl, SSL_MODE_ENABLE_PARTIAL_WRITE |
	    SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
	c->state = TC_HANDSHAKE;
	handshake(c);
}

static void
readable(struct tconn *c)
{
	char buf[16384];
	ssize_t n;

	for (;;) {
		if (c->tls) {
			int r = SSL_read(c->ssl, buf, sizeof(buf));

			if (r <= 0) {
				int e = SSL_get_error(c->ssl, r);

				if (e == SSL_ERROR_WANT_READ)
					return;
				if (e == SSL_ERROR_WANT_WRITE) {
					ev_io_start(c->loop, &c->wio);
					return;
				}
				tconn_fail(c, e == SSL_ERROR_ZERO_RETURN ?
				    "the server closed the connection" :
				    "the TLS connection was lost");
				return;
			}
			n = r;
		} else {
			n = read(c->fd, buf, sizeof(buf));
			if (n == 0) {
				tconn_fail(c, "the server closed the connection");
				return;
			}
			if (n < 0) {
				if (errno == EAGAIN || errno == EINTR)
					return;
				tconn_fail(c, strerror(errno));
				return;
			}
		}
		c->ops->rx(c->arg, buf, (size_t)n);
		if (c->state != TC_UP)
			return;		/* rx() closed it */
	}
}

static void
io_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct tconn *c = w->data;

	(void)loop;
	switch (c->state) {
	case TC_CONNECTING:
		connected(c);
		break;
	case TC_HANDSHAKE:
		handshake(c);
		break;
	case TC_UP:
		if (revents & EV_WRITE)
			tconn_flush(c);
		if (c->state == TC_UP && (revents & EV_READ))
			readable(c);
		break;
	case TC_IDLE:
		break;
	}
}

static void
timeout_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct tconn *c = w->data;
	char why[300];

	(void)loop;
	(void)revents;
	(void)snprintf(why, sizeof(why), "no connection to %s:%d within %.0f "
	    "s", c->host, c->port, TCONN_TIMEOUT);
	tconn_fail(c, why);
}

/*
 * Set up c for host:port, with TLS when tls (verified against ca_file, or
 * the system's CAs when NULL; not at all when insecure).  -1 with err.
 */
int
tconn_init(struct tconn *c, struct ev_loop *loop, const char *host, int port,
    int tls, int insecure, const char *ca_file, const struct tconn_ops *ops,
    void *arg, char *err, size_t errlen)
{
	memset(c, 0, sizeof(*c));
	c->loop = loop;
	c->ops = ops;
	c->arg = arg;
	c->fd = -1;
	c->port = port;
	c->tls = tls;
	c->insecure = insecure;
	(void)snprintf(c->host, sizeof(c->host), "%s", host);
	ev_init(&c->rio, io_cb);
	ev_init(&c->wio, io_cb);
	ev_timer_init(&c->timer, timeout_cb, TCONN_TIMEOUT, 0.);
	c->rio.data = c->wio.data = c->timer.data = c;
	if (!tls)
		return 0;
	if ((c->ctx = SSL_CTX_new(TLS_client_method())) == NULL ||
	    SSL_CTX_set_min_proto_version(c->ctx, TLS1_2_VERSION) != 1) {
		(void)snprintf(err, errlen, "cannot set up TLS");
		return -1;
	}
	if (insecure)
		SSL_CTX_set_verify(c->ctx, SSL_VERIFY_NONE, NULL);
	else {
		SSL_CTX_set_verify(c->ctx, SSL_VERIFY_PEER, NULL);
		if ((ca_file != NULL ? SSL_CTX_load_verify_locations(c->ctx,
		    ca_file, NULL) : SSL_CTX_set_default_verify_paths(c->ctx)) !=
		    1) {
			(void)snprintf(err, errlen, "cannot load the CA "
			    "certificates%s%s", ca_file ? " of " : "",
			    ca_file ? ca_file : "");
			return -1;
		}
	}
	return 0;
}

void
tconn_connect(struct tconn *c)
{
	struct addrinfo hints, *res = NULL, *ai;
	char port[16], why[400];
	int r;

	if (c->state != TC_IDLE)
		return;
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	(void)snprintf(port, sizeof(port), "%d", c->port);
	/* (resolving blocks the loop; a bridge has one server to find) */
	if ((r = getaddrinfo(c->host, port, &hints, &res)) != 0) {
		(void)snprintf(why, sizeof(why), "cannot resolve %s: %s",
		    c->host, gai_strerror(r));
		tconn_fail(c, why);
		return;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		c->fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK |
		    SOCK_CLOEXEC, ai->ai_protocol);
		if (c->fd == -1)
			continue;
		if (connect(c->fd, ai->ai_addr, ai->ai_addrlen) == 0 ||
		    errno == EINPROGRESS)
			break;
		(void)close(c->fd);
		c->fd = -1;
	}
	freeaddrinfo(res);
	if (c->fd == -1) {
		(void)snprintf(why, sizeof(why), "cannot connect to %s:%d: %s",
		    c->host, c->port, strerror(errno));
		tconn_fail(c, why);
		return;
	}
	c->state = TC_CONNECTING;
	ev_io_set(&c->rio, c->fd, EV_READ);
	ev_io_set(&c->wio, c->fd, EV_WRITE);
	ev_io_start(c->loop, &c->wio);
	ev_timer_set(&c->timer, TCONN_TIMEOUT, 0.);
	ev_timer_start(c->loop, &c->timer);
}

static void
tconn_flush(struct tconn *c)
{
	while (c->state == TC_UP && c->outlen > 0) {
		ssize_t n;

		if (c->tls) {
			int r = SSL_write(c->ssl, c->out, (int)c->outlen);

			if (r <= 0) {
				int e = SSL_get_error(c->ssl, r);

				if (e == SSL_ERROR_WANT_WRITE ||
				    e == SSL_ERROR_WANT_READ) {
					ev_io_start(c->loop, &c->wio);
					return;
				}
				tconn_fail(c, "the TLS connection was lost");
				return;
			}
			n = r;
		} else {
			n = write(c->fd, c->out, c->outlen);
			if (n < 0) {
				if (errno == EAGAIN || errno == EINTR) {
					ev_io_start(c->loop, &c->wio);
					return;
				}
				tconn_fail(c, strerror(errno));
				return;
			}
		}
		memmove(c->out, c->out + n, c->outlen - (size_t)n);
		c->outlen -= (size_t)n;
	}
	if (c->state == TC_UP)
		ev_io_stop(c->loop, &c->wio);
}

/* Queue bytes for the server.  -1 when not up or TCONN_MAX_OUT is full. */
int
tconn_write(struct tconn *c, const char *buf, size_t len)
{
	if (c->state != TC_UP || c->outlen + len > TCONN_MAX_OUT)
		return -1;
	if (c->outlen + len > c->outcap) {
		size_t cap = c->outcap ? c->outcap : 4096;
		char *p;

		while (cap < c->outlen + len)
			cap *= 2;
		if ((p = realloc(c->out, cap)) == NULL)
			return -1;
		c->out = p;
		c->outcap = cap;
	}
	memcpy(c->out + c->outlen, buf, len);
	c->outlen += len;
	tconn_flush(c);
	return 0;
}

/* Close without telling anyone. */
void
tconn_close(struct tconn *c)
{
	ev_io_stop(c->loop, &c->rio);
	ev_io_stop(c->loop, &c->wio);
	ev_timer_stop(c->loop, &c->timer);
	if (c->ssl != NULL) {
		SSL_free(c->ssl);
		c->ssl = NULL;
	}
	if (c->fd != -1) {
		(void)close(c->fd);
		c->fd = -1;
	}
	c->outlen = 0;
	c->state = TC_IDLE;
}

static void
tconn_fail(struct tconn *c, const char *why)
{
	tconn_close(c);
	c->ops->down(c->arg, why);
}

void
tconn_free(struct tconn *c)
{
	tconn_close(c);
	free(c->out);
	c->out = NULL;
	SSL_CTX_free(c->ctx);
	c->ctx = NULL;
}
