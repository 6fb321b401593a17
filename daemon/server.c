/*
 * server.c: the event loop, the listeners and the daemon's lifecycle.
 *
 * We own a libev loop and lend it to libwebsockets as a "foreign" loop.
 * libev (not lws's default poll loop) because it keeps its throughput when
 * thousands of idle connections are held; owning the loop gives us safe
 * signal delivery (libev turns SIGTERM, SIGINT and SIGHUP into ordinary
 * callbacks on the loop, so no lws call ever runs in a signal handler) and
 * our own timers.
 *
 * Each listen address gets its own vhost serving the same things: the web
 * client as static files at /, the WebSocket protocol at /ws and a few
 * HTTP endpoints (/healthz, ...).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <ev.h>

#include "advisord.h"

#define DRAIN_GRACE_SECONDS	5.0

static struct daemon	*the_daemon;	/* for libev callbacks only */
static ev_signal	 sig_term, sig_int, sig_hup;
static ev_timer		 drain_timer;

static const struct lws_protocol_vhost_options pvo_default = {
	NULL, NULL, "default", ""
};
static const struct lws_protocol_vhost_options pvo_ws = {
	NULL, &pvo_default, ADVISORD_PROTOCOL, ""
};

static struct lws_protocols protocols[] = {
	{ NULL, NULL, 0, 0, 0, NULL, 0 },	/* http_protocol, copied in */
	{ NULL, NULL, 0, 0, 0, NULL, 0 },	/* ws_protocol, copied in */
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

/*
 * Mounts: dynamic endpoints first in the list, the static web root last.
 * lws matches the longest mountpoint, so "/healthz" wins over "/".
 */
static struct lws_http_mount mount_web = {
	.mountpoint = "/",
	.def = "index.html",
	.origin_protocol = LWSMPRO_FILE,
	.mountpoint_len = 1,
	.cache_max_age = 0,
	.cache_revalidate = 1,
};
static struct lws_http_mount mount_healthz = {
	.mount_next = &mount_web,
	.mountpoint = "/healthz",
	.protocol = "http",
	.origin = "healthz",
	.origin_protocol = LWSMPRO_CALLBACK,
	.mountpoint_len = 8,
};

static void
drain_finish_check(struct daemon *d)
{
	if (d->draining && d->nconns == 0) {
		log_info("drained: all connections closed");
		ev_break(EV_DEFAULT, EVBREAK_ALL);
	}
}

/* Called by ws.c whenever a WebSocket connection is gone. */
void
server_conn_closed(struct daemon *d)
{
	drain_finish_check(d);
}

static void
drain_timeout_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)w;
	(void)revents;
	log_warnx("drain: %ld connection%s still open after %.0f s, closing "
	    "anyway", the_daemon->nconns, the_daemon->nconns == 1 ? "" : "s",
	    DRAIN_GRACE_SECONDS);
	ev_break(loop, EVBREAK_ALL);
}

/*
 * SIGTERM and SIGINT: stop taking work, let every connection finish the
 * turn it is in and close with 1001 (going away), then leave the loop.
 */
static void
signal_stop_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	struct daemon *d = the_daemon;

	(void)revents;
	if (d->draining) {
		log_info("second %s: exiting now", strsignal(w->signum));
		ev_break(loop, EVBREAK_ALL);
		return;
	}
	log_info("%s: draining %ld connection%s", strsignal(w->signum),
	    d->nconns, d->nconns == 1 ? "" : "s");
	d->draining = 1;
	ws_drain_all(d);
	ev_timer_init(&drain_timer, drain_timeout_cb, DRAIN_GRACE_SECONDS, 0.);
	ev_timer_start(loop, &drain_timer);
	drain_finish_check(d);
}

static void
signal_hup_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	(void)loop;
	(void)w;
	(void)revents;
	log_info("SIGHUP: reload");
}

/*
 * Create one vhost per listen address.  lws 4.1.6 listens on every
 * interface, dual-stack, when it may use IPv6, even if iface names an IPv4
 * address; so IPv4 listeners get LWS_SERVER_OPTION_DISABLE_IPV6, and IPv6
 * listeners are made v6-only so that "[::1]:8080" means exactly that.
 */
static int
server_listen(struct daemon *d, struct lws_retry_bo *retry)
{
	struct config *c = d->conf;
	size_t i;

	for (i = 0; i < c->nlisten; i++) {
		struct lws_context_creation_info info;
		struct listen_addr *la = &c->listen[i];
		int port;

		memset(&info, 0, sizeof(info));
		(void)snprintf(d->vhost_names[i], sizeof(d->vhost_names[i]),
		    "listen%zu", i);
		info.vhost_name = d->vhost_names[i];
		info.iface = la->la_host;
		info.port = la->la_port;
		info.protocols = protocols;
		info.mounts = &mount_healthz;
		info.pvo = &pvo_ws;
		info.retry_and_idle_policy = retry;
		info.options = LWS_SERVER_OPTION_VALIDATE_UTF8 |
		    LWS_SERVER_OPTION_HTTP_HEADERS_SECURITY_BEST_PRACTICES_ENFORCE |
		    LWS_SERVER_OPTION_FAIL_UPON_UNABLE_TO_BIND;
		if (la->la_ipv6)
			info.options |= LWS_SERVER_OPTION_IPV6_V6ONLY_MODIFY |
			    LWS_SERVER_OPTION_IPV6_V6ONLY_VALUE;
		else
			info.options |= LWS_SERVER_OPTION_DISABLE_IPV6;
		info.alpn = "http/1.1";
		info.keepalive_timeout = 5;
		if (c->tls_cert != NULL) {
			info.options |= LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
			info.ssl_cert_filepath = c->tls_cert;
			info.ssl_private_key_filepath = c->tls_key;
		}
		if ((d->vhosts[i] = lws_create_vhost(d->ctx, &info)) == NULL) {
			log_warnx("cannot listen on %s%s%s:%d",
			    la->la_ipv6 ? "[" : "", la->la_host,
			    la->la_ipv6 ? "]" : "", la->la_port);
			return -1;
		}
		d->nvhosts++;
		port = lws_get_vhost_listen_port(d->vhosts[i]);
		if (port <= 0) {
			log_warnx("cannot listen on %s:%d: address not "
			    "available", la->la_host, la->la_port);
			return -1;
		}
		la->la_port = port;
		log_info("listening on %s%s%s:%d (%s)", la->la_ipv6 ? "[" : "",
		    la->la_host, la->la_ipv6 ? "]" : "", port,
		    c->tls_cert ? "https, wss" : "http, ws");
	}
	return 0;
}

static int
server_check(struct daemon *d)
{
	struct config *c = d->conf;
	struct stat sb;
	int bad = 0;

	if (c->web_root == NULL || stat(c->web_root, &sb) == -1 ||
	    !S_ISDIR(sb.st_mode)) {
		fprintf(stderr, "web_root: '%s' is not a directory\n",
		    c->web_root ? c->web_root : "(not found)");
		bad = 1;
	}
	if (stat(c->kb_dir, &sb) == -1 || !S_ISDIR(sb.st_mode)) {
		fprintf(stderr, "kb_dir: '%s' is not a directory\n", c->kb_dir);
		bad = 1;
	} else {
		struct errlist el;

		errlist_init(&el);
		if ((d->kb = kb_load(c->kb_dir, &el)) == NULL) {
			fprintf(stderr, "%s: the knowledge base has %zu "
			    "error%s:\n", c->kb_dir, errlist_count(&el),
			    errlist_count(&el) == 1 ? "" : "s");
			errlist_print(&el, stderr);
			bad = 1;
		}
		errlist_free(&el);
	}
	return bad ? -1 : 0;
}

/*
 * Run the daemon until SIGTERM/SIGINT, or only check the configuration
 * when mode is "check".  Returns the process exit status.
 */
int
server_run(struct config *c, const char *mode)
{
	struct lws_context_creation_info info;
	struct lws_retry_bo retry;
	struct daemon d;
	struct ev_loop *loop;
	void *foreign_loops[1];
	int rc = 0;

	memset(&d, 0, sizeof(d));
	d.conf = c;
	the_daemon = &d;

	if (server_check(&d) == -1) {
		if (mode != NULL)
			printf("configuration has errors\n");
		kb_free(d.kb);
		return 1;
	}
	if (mode != NULL && strcmp(mode, "check") == 0) {
		printf("knowledge base %s: %zu claims, hash %s\n", d.kb->id,
		    d.kb->nclaims, d.kb->hash_hex);
		printf("configuration OK\n");
		kb_free(d.kb);
		return 0;
	}

	mount_web.origin = c->web_root;
	protocols[0] = http_protocol;
	protocols[1] = ws_protocol;

	(void)signal(SIGPIPE, SIG_IGN);
	if ((loop = ev_default_loop(EVFLAG_AUTO)) == NULL)
		fatalx("cannot create the event loop");
	ev_signal_init(&sig_term, signal_stop_cb, SIGTERM);
	ev_signal_init(&sig_int, signal_stop_cb, SIGINT);
	ev_signal_init(&sig_hup, signal_hup_cb, SIGHUP);
	ev_signal_start(loop, &sig_term);
	ev_signal_start(loop, &sig_int);
	ev_signal_start(loop, &sig_hup);

	/* lws itself logs only errors and warnings, into our log. */
	lws_set_log_level(LLL_ERR | LLL_WARN, NULL);

	memset(&retry, 0, sizeof(retry));
	retry.secs_since_valid_ping = (uint16_t)c->ping_interval;
	retry.secs_since_valid_hangup = (uint16_t)(c->ping_interval + 10);

	memset(&info, 0, sizeof(info));
	info.options = LWS_SERVER_OPTION_LIBEV |
	    LWS_SERVER_OPTION_EXPLICIT_VHOSTS |
	    LWS_SERVER_OPTION_VALIDATE_UTF8;
	if (c->tls_cert != NULL)
		info.options |= LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
	foreign_loops[0] = loop;
	info.foreign_loops = foreign_loops;
	info.user = &d;
	info.timeout_secs = (unsigned int)c->handshake_timeout;
	info.server_string = "advisord";
	info.port = CONTEXT_PORT_NO_LISTEN;

	if ((d.ctx = lws_create_context(&info)) == NULL) {
		log_warnx("cannot create the libwebsockets context");
		rc = 1;
		goto out_loop;
	}
	if (server_listen(&d, &retry) == -1) {
		rc = 1;
		goto out_context;
	}
	log_info("advisord %s ready: web root %s, knowledge base %s (%zu "
	    "claims, hash %s)", ADVISORD_VERSION, c->web_root, c->kb_dir,
	    d.kb->nclaims, d.kb->hash_hex);

	ev_run(loop, 0);

	log_info("exiting");
out_context:
	lws_context_destroy(d.ctx);
	d.ctx = NULL;
out_loop:
	ev_timer_stop(loop, &drain_timer);
	ev_signal_stop(loop, &sig_term);
	ev_signal_stop(loop, &sig_int);
	ev_signal_stop(loop, &sig_hup);
	ev_run(loop, EVRUN_NOWAIT);
	ev_loop_destroy(loop);
	kb_free(d.kb);
	the_daemon = NULL;
	return rc;
}
