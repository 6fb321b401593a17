/* SPDX-License-Identifier: ISC */
/*
 * sockact.c: socket activation (systemd.socket(5), sd_listen_fds(3)).
 *
 * When systemd (or systemd-socket-activate) starts us with listening
 * sockets in LISTEN_FDS, we serve those instead of binding the listen
 * addresses: the unit needs no port of its own, and a restart loses no
 * connection attempt.  libwebsockets 4.1.6 cannot take a listening socket
 * (that came in 4.4), so we accept on each inherited socket ourselves,
 * from a libev watcher on our loop, and hand every accepted connection to
 * a vhost that does not listen (lws_adopt_socket_vhost).  lws does not
 * call FILTER_NETWORK_CONNECTION for adopted sockets, so the per-address
 * limit is applied here, before adopting.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <ev.h>
#include <systemd/sd-daemon.h>

#include "advisord.h"

#define ACCEPT_BATCH	64	/* accepts per wakeup, so others get a turn */

#define ACCEPT_PAUSE	0.1	/* seconds without accepting, out of fds */

static ev_io		 watchers[CONF_MAX_LISTEN];
static int		 nwatchers;
static ev_timer		 resume;
static struct daemon	*sa_daemon;
static struct lws_vhost	*sa_vhost;

/*
 * How many listening sockets systemd passed (they are fds 3, 4, ...);
 * 0 when not socket-activated, -1 after logging an error.
 */
int
sockact_fds(void)
{
	int n, i;

	if ((n = sd_listen_fds(1)) < 0) {
		log_errx("LISTEN_FDS: %s", strerror(-n));
		return -1;
	}
	if (n > CONF_MAX_LISTEN) {
		log_errx("socket activation passed %d sockets; at most %d",
		    n, CONF_MAX_LISTEN);
		return -1;
	}
	for (i = 0; i < n; i++)
		if (sd_is_socket(SD_LISTEN_FDS_START + i, AF_UNSPEC,
		    SOCK_STREAM, 1) <= 0) {
			log_errx("socket activation: descriptor %d is not a "
			    "listening stream socket (ListenStream= in the "
			    ".socket unit)", SD_LISTEN_FDS_START + i);
			return -1;
		}
	return n;
}

static void
sockact_resume_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	int i;

	(void)w;
	(void)revents;
	for (i = 0; i < nwatchers; i++)
		ev_io_start(loop, &watchers[i]);
}

/*
 * Out of descriptors (or kernel memory): the connection stays queued and
 * the socket readable, so accepting again at once would spin.  Stop all
 * watchers for a moment, as nginx does, and say so once per episode.
 */
static void
sockact_pause(struct ev_loop *loop)
{
	int i;

	if (ev_is_active(&resume))
		return;
	log_warn("accept on the activated socket; not accepting for %g s",
	    ACCEPT_PAUSE);
	for (i = 0; i < nwatchers; i++)
		ev_io_stop(loop, &watchers[i]);
	ev_timer_set(&resume, ACCEPT_PAUSE, 0.);
	ev_timer_start(loop, &resume);
}

static void
sockact_accept_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct daemon *d = sa_daemon;
	char ip[64];
	int i, fd;

	(void)loop;
	(void)revents;
	for (i = 0; i < ACCEPT_BATCH; i++) {
		if ((fd = accept4(w->fd, NULL, NULL, SOCK_NONBLOCK |
		    SOCK_CLOEXEC)) == -1) {
			if (errno == EMFILE || errno == ENFILE ||
			    errno == ENOBUFS || errno == ENOMEM)
				sockact_pause(loop);
			else if (errno != EAGAIN && errno != EWOULDBLOCK &&
			    errno != EINTR && errno != ECONNABORTED)
				log_warn("accept on the activated socket");
			return;
		}
		lws_get_peer_simple_fd(fd, ip, sizeof(ip));
		if (peers_admit(d, ip, proxy_trusted(d, ip)) == -1) {
			d->metrics.rejected_connections++;
			d->metrics.refused[REFUSE_CLOSED]++;
			(void)close(fd);
			continue;
		}
		/* on failure lws has closed fd; peers_admit notices */
		if (lws_adopt_socket_vhost(sa_vhost, fd) == NULL)
			log_warnx("%s: could not adopt the connection", ip);
	}
}

/*
 * Serve the n inherited sockets through vh (a vhost made with
 * CONTEXT_PORT_NO_LISTEN_SERVER), logging each address as a listener.
 */
int
sockact_start(struct daemon *d, struct ev_loop *loop, struct lws_vhost *vh,
    int n)
{
	struct sockaddr_storage ss;
	char host[INET6_ADDRSTRLEN];
	socklen_t sl;
	int i, fd, port;

	sa_daemon = d;
	sa_vhost = vh;
	ev_timer_init(&resume, sockact_resume_cb, ACCEPT_PAUSE, 0.);
	for (i = 0; i < n; i++) {
		fd = SD_LISTEN_FDS_START + i;
		if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) == -1 ||
		    fcntl(fd, F_SETFD, FD_CLOEXEC) == -1) {
			log_err("socket activation: descriptor %d", fd);
			return -1;
		}
		sl = sizeof(ss);
		host[0] = '\0';
		port = 0;
		if (getsockname(fd, (struct sockaddr *)&ss, &sl) == 0) {
			if (ss.ss_family == AF_INET) {
				struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

				(void)inet_ntop(AF_INET, &s4->sin_addr, host,
				    sizeof(host));
				port = ntohs(s4->sin_port);
			} else if (ss.ss_family == AF_INET6) {
				struct sockaddr_in6 *s6 =
				    (struct sockaddr_in6 *)&ss;

				(void)inet_ntop(AF_INET6, &s6->sin6_addr, host,
				    sizeof(host));
				port = ntohs(s6->sin6_port);
			}
		}
		ev_io_init(&watchers[i], sockact_accept_cb, fd, EV_READ);
		ev_io_start(loop, &watchers[i]);
		nwatchers++;
		log_info("listening on %s%s%s:%d (http, ws; socket activation, "
		    "descriptor %d)", ss.ss_family == AF_INET6 ? "[" : "", host,
		    ss.ss_family == AF_INET6 ? "]" : "", port, fd);
	}
	return 0;
}

void
sockact_stop(struct ev_loop *loop)
{
	int i;

	ev_timer_stop(loop, &resume);
	for (i = 0; i < nwatchers; i++)
		ev_io_stop(loop, &watchers[i]);
	nwatchers = 0;
}
