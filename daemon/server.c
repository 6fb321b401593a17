/* SPDX-License-Identifier: ISC */
/*
 * server.c: the event loop, the listeners and the daemon's lifecycle.
 *
 * We own a libev loop and lend it to libwebsockets as a "foreign" loop.
 * libev (not lws's default poll loop) because it keeps its throughput when
 * thousands of idle connections are held; owning the loop gives us safe
 * signal delivery (libev turns SIGTERM, SIGINT and SIGHUP into ordinary
 * callbacks on the loop, so no lws call ever runs in a signal handler) and
 * our own timers and hooks:
 *
 *	housekeeping	every second: expire idle conversations
 *	prepare		before the loop sleeps: have the transcript records
 *			of this round made durable (one sync for all of them,
 *			on the store's worker thread, worker.c); the replies
 *			that waited for them go out when it is done
 *
 * Each listen address gets its own vhost serving the same things: the web
 * client as static files at /, the WebSocket protocol at /ws and a few
 * HTTP endpoints (/healthz, /readyz, /metrics, /pubkey).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <ev.h>

#include "advisord.h"

#define DRAIN_GRACE_SECONDS	5.0
#define HOUSEKEEPING_SECONDS	1.0

static struct daemon	*the_daemon;	/* for libev callbacks only */
static ev_signal	 sig_term, sig_int, sig_hup;
static ev_timer		 drain_timer, housekeeping;
static ev_prepare	 group_commit;
static ev_prepare	 drain_wait;
static int		 nactivated;	/* sockets from socket activation */

static struct lws_protocols protocols[] = {
	{ NULL, NULL, 0, 0, 0, NULL, 0 },	/* http_protocol, copied in */
	{ NULL, NULL, 0, 0, 0, NULL, 0 },	/* ws_protocol, copied in */
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

/*
 * Mounts: the dynamic endpoints, then the static web root.  lws matches
 * the longest mountpoint, so "/healthz" wins over "/".  Mounts must
 * outlive the context: they are static.
 */
static struct lws_http_mount mount_web = {
	.mountpoint = "/",
	.def = "index.html",
	.origin_protocol = LWSMPRO_FILE,
	.mountpoint_len = 1,
	.cache_max_age = 0,
	.cache_revalidate = 1,
};
#define ENDPOINT(var, next, path) \
	static struct lws_http_mount var = {				\
		.mount_next = next,					\
		.mountpoint = path,					\
		.protocol = "http",					\
		.origin = path,						\
		.origin_protocol = LWSMPRO_CALLBACK,			\
		.mountpoint_len = sizeof(path) - 1,			\
	}
/* POSTs for httpapi.c: the webhooks and the HTTP channel (issue 15) */
ENDPOINT(mount_api, &mount_web, "/api");
ENDPOINT(mount_webhooks, &mount_api, "/webhooks");
ENDPOINT(mount_pubkey, &mount_webhooks, "/pubkey");
ENDPOINT(mount_metrics, &mount_pubkey, "/metrics");
ENDPOINT(mount_readyz, &mount_metrics, "/readyz");
ENDPOINT(mount_healthz, &mount_readyz, "/healthz");
/* metrics_listen: /metrics and /healthz only */
ENDPOINT(mount_m_metrics, NULL, "/metrics");
ENDPOINT(mount_m_healthz, &mount_m_metrics, "/healthz");

/*
 * An idle HTTP/1.1 connection is closed after HTTP_KEEPALIVE_SECONDS
 * (lws's keep-alive timeout, run within a second of it by the
 * housekeeping timer).  Every HTTP answer says so ("Keep-Alive:
 * timeout=5", RFC 9112 9.3 and the Keep-Alive header of RFC 2068
 * 19.7.1.1): a client that keeps connections for as long itself (Node's
 * default agent: 5 s) otherwise reuses one just as it is closed and
 * reads "socket hang up" for a request never answered; told, it stops
 * reusing a second early.
 */
#define HTTP_KEEPALIVE_SECONDS	5
#define KEEPALIVE_STR2(n)	#n
#define KEEPALIVE_STR(n)	KEEPALIVE_STR2(n)
static const struct lws_protocol_vhost_options keepalive_header = {
	NULL, NULL, "keep-alive:", "timeout=" KEEPALIVE_STR(HTTP_KEEPALIVE_SECONDS)
};

/* The loop's time: cheap, and the same for a whole round of events. */
double
server_now(void)
{
	return ev_now(EV_DEFAULT);
}

/* A clock that moves within a round, for measuring turns. */
double
server_clock(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Drop a reference to a knowledge base; the last one frees it. */
void
kbref_put(struct kbref *r)
{
	if (r == NULL || --r->refs > 0)
		return;
	log_info("knowledge base %s (%.12s...) no longer used; freed",
	    r->kb->id, r->kb->hash_hex);
	kb_free(r->kb);
	free(r);
}

static struct kbref *
kbref_new(struct kb *kb)
{
	struct kbref *r = calloc(1, sizeof(*r));

	if (r == NULL)
		return NULL;
	r->kb = kb;
	r->refs = 1;
	return r;
}

static void
drain_finish_check(struct daemon *d)
{
	static int drained;

	if (d->draining && !drained && d->nconns == 0 &&
	    httpapi_open() == 0) {
		drained = 1;
		log_info("drained: all connections closed");
		ev_break(EV_DEFAULT, EVBREAK_ALL);
	}
}

/*
 * Called by ws.c whenever a WebSocket connection is gone, and by
 * httpapi.c when an HTTP request is (during a drain).
 */
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
	log_warnx("drain: %ld connection%s still open after %.0f s; closing "
	    "anyway", the_daemon->nconns, the_daemon->nconns == 1 ? "" : "s",
	    DRAIN_GRACE_SECONDS);
	ev_break(loop, EVBREAK_ALL);
}

/*
 * Draining: close (1001, once what is queued is written) every connection
 * not waiting for a reply being made on the store's worker (rx_holds: a
 * final transcript being signed for an `end`, a `transcript`); those are
 * closed here on a later loop iteration, once their reply is queued.  A
 * user whose `end` was applied gets its final transcript: after the exit
 * nothing could give it (finals.c keeps them in memory).  The drain timer
 * bounds the wait.
 */
static void
drain_wait_cb(struct ev_loop *loop, ev_prepare *w, int revents)
{
	struct daemon *d = the_daemon;
	struct conn *c;
	int waiting = 0;

	(void)revents;
	for (c = d->conns; c != NULL; c = c->next) {
		if (c->closing)
			continue;
		if (c->rx_holds > 0)
			waiting++;
		else
			conn_close(c, LWS_CLOSE_STATUS_GOINGAWAY,
			    "server shutting down");
	}
	if (waiting == 0)
		ev_prepare_stop(loop, w);
}

/*
 * SIGTERM and SIGINT: stop taking work, let every connection write what it
 * has queued and close with 1001 (going away), then leave the loop.  Turns
 * are handled whole within one callback, so none is ever half done.
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
	log_info("%s: draining %ld connection%s and %zu HTTP request%s",
	    strsignal(w->signum), d->nconns, d->nconns == 1 ? "" : "s",
	    httpapi_open(), httpapi_open() == 1 ? "" : "s");
	notify_stopping(d);
	d->draining = 1;
	ev_prepare_init(&drain_wait, drain_wait_cb);
	ev_prepare_start(loop, &drain_wait);
	drain_wait_cb(loop, &drain_wait, 0);
	(void)httpapi_drain();
	ev_timer_init(&drain_timer, drain_timeout_cb, DRAIN_GRACE_SECONDS, 0.);
	ev_timer_start(loop, &drain_timer);
	drain_finish_check(d);
}

/* Parse trusted_proxies (config.c has checked it) into d->proxies. */
static void
server_proxies(struct daemon *d)
{
	char why[128];

	free(d->proxies);
	d->proxies = NULL;
	if (d->conf->trusted_proxies != NULL &&
	    proxy_parse(d->conf->trusted_proxies, &d->proxies, why,
	    sizeof(why)) == -1)
		log_warnx("trusted_proxies: %s", why);
}

/* Knowledge base errors logged by a rejected reload; -n lists them all. */
#define RELOAD_MAX_ERRORS	20

static int
same_str(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL &&
	    strcmp(a, b) == 0);
}

/*
 * Whether a listen address read again, want, is the one the daemon runs
 * with, run.  run holds the port actually bound, so port 0 ("any") in
 * want matches it.
 */
static int
same_addr(const struct listen_addr *run, const struct listen_addr *want)
{
	return run->la_ipv6 == want->la_ipv6 &&
	    strcmp(run->la_host, want->la_host) == 0 &&
	    (want->la_port == 0 || want->la_port == run->la_port);
}

/*
 * The settings fixed at start that a reloaded configuration nc changes
 * from the running c, as "listen, web_root" into buf; "" when none.  The
 * log names them so that an operator knows which edit did not take.
 * The same list is config.c's restart_only[] (-n's notes): keep both.
 */
static void
server_restart_only(const struct config *c, const struct config *nc,
    char *buf, size_t len)
{
	const char *names[10];
	size_t i, n = 0, off = 0;
	int w;

	for (i = 0; i < c->nlisten && nc->nlisten == c->nlisten; i++)
		if (!same_addr(&c->listen[i], &nc->listen[i]))
			break;
	if (nc->nlisten != c->nlisten || i < c->nlisten)
		names[n++] = "listen";
	if (nc->has_metrics_listen != c->has_metrics_listen ||
	    (c->has_metrics_listen && !same_addr(&c->metrics_listen,
	    &nc->metrics_listen)))
		names[n++] = "metrics_listen";
	if (!same_str(nc->tls_cert, c->tls_cert))
		names[n++] = "tls_cert";
	if (!same_str(nc->tls_key, c->tls_key))
		names[n++] = "tls_key";
	if (!same_str(nc->state_dir, c->state_dir))
		names[n++] = "state_dir";
	if (!same_str(nc->web_root, c->web_root))
		names[n++] = "web_root";
	if (!same_str(nc->signing_key, c->signing_key))
		names[n++] = "signing_key";
	/* the store's mode is its since it opened (store_open) */
	if (nc->sync_mode != c->sync_mode)
		names[n++] = "sync";
	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		w = snprintf(buf + off, len - off, "%s%s", i ? ", " : "",
		    names[i]);
		if (w < 0 || (size_t)w >= len - off)
			break;
		off += (size_t)w;
	}
}

/*
 * SIGHUP: read the configuration and the knowledge base again.  Either
 * both are valid and take effect together, or nothing changes and the log
 * says why.  Conversations in flight keep the knowledge base they started
 * with; new ones get the new one.  Where to listen, TLS, the state and
 * web directories and sync are fixed at start.
 */
static const char *
server_reload(struct daemon *d)
{
	const char *outcome = "reload rejected";
	struct config nc, *c = d->conf;
	char fixed[128];
	struct errlist el;
	struct kbref *ref;
	struct kb *kb;
	size_t i;

	errlist_init(&el);
	if (config_load(&nc, d->conffile, d->overrides, d->noverrides,
	    &el) == -1) {
		log_warnx("reload: configuration rejected (%zu error%s), "
		    "keeping the running one:", errlist_count(&el),
		    errlist_count(&el) == 1 ? "" : "s");
		for (i = 0; i < el.n; i++)
			log_warnx("reload: %s", el.msgs[i]);
		d->metrics.reloads_failed++;
		d->metrics.last_reload_failed = 1;
		outcome = "reload rejected: configuration has errors";
		goto out;
	}
	limits_nofile(&nc);
	if ((kb = kbdir_load(nc.kb_dir, &el)) == NULL) {
		log_warnx("reload: knowledge base %s rejected (%zu error%s), "
		    "still serving %s %.12s...:", nc.kb_dir, errlist_count(&el),
		    errlist_count(&el) == 1 ? "" : "s", d->kb->kb->id,
		    d->kb->kb->hash_hex);
		for (i = 0; i < el.n && i < RELOAD_MAX_ERRORS; i++)
			log_warnx("reload: %s", el.msgs[i]);
		if (errlist_count(&el) > i)
			log_warnx("reload: ... and %zu more not logged (at most "
			    "%d are); `advisord -n` lists every one",
			    errlist_count(&el) - i, RELOAD_MAX_ERRORS);
		d->metrics.reloads_failed++;
		d->metrics.last_reload_failed = 1;
		outcome = "reload rejected: knowledge base has errors";
		config_free(&nc);
		goto out;
	}
	if ((ref = kbref_new(kb)) == NULL) {
		log_warnx("reload: out of memory");
		kb_free(kb);
		config_free(&nc);
		goto out;
	}
	/* settings fixed at start stay as they are */
	server_restart_only(c, &nc, fixed, sizeof(fixed));
	if (fixed[0] != '\0')
		log_warnx("reload: changed, but applied only at a restart "
		    "(the running values are kept): %s", fixed);
	memcpy(nc.listen, c->listen, sizeof(c->listen));
	nc.nlisten = c->nlisten;
	nc.metrics_listen = c->metrics_listen;
	nc.has_metrics_listen = c->has_metrics_listen;
	nc.sync_mode = c->sync_mode;
#define KEEP(f) do { free(nc.f); nc.f = c->f; c->f = NULL; } while (0)
	KEEP(tls_cert);
	KEEP(tls_key);
	KEEP(state_dir);
	KEEP(web_root);
	KEEP(signing_key);
#undef KEEP
	config_free(c);
	*c = nc;
	server_proxies(d);
	log_setlevel(c->log_level);
	log_lws_init();
	log_info("reload: knowledge base %s %.12s... (was %.12s...), "
	    "configuration applied", kb->id, kb->hash_hex, d->kb->kb->hash_hex);
	kbref_put(d->kb);
	d->kb = ref;
	d->metrics.reloads_ok++;
	d->metrics.last_reload_failed = 0;
	outcome = "reloaded";
out:
	errlist_free(&el);
	return outcome;
}

/*
 * SIGHUP: reload (server_reload), telling systemd RELOADING=1, then
 * READY=1 with the outcome.  Not while draining: the daemon is stopping,
 * and READY=1 after STOPPING=1 would say it serves again.
 */
static void
signal_hup_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	(void)loop;
	(void)w;
	(void)revents;
	if (the_daemon->draining) {
		log_info("SIGHUP while draining: not reloading (the daemon is "
		    "stopping)");
		return;
	}
	log_info("SIGHUP: reloading");
	notify_reloading();
	notify_reloaded(the_daemon, server_reload(the_daemon));
}

static void
housekeeping_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	static unsigned ticks;

	(void)w;
	(void)revents;
	conversations_expire(the_daemon, ev_now(loop));
	transcript_tick(the_daemon, ev_now(loop));
	ws_keepalive(the_daemon, ev_now(loop));
	/*
	 * lws 4.1.6 with libev arms its timer for its timeouts (handshake,
	 * keep-alive) only after socket activity, and never earlier than a
	 * deadline it armed before: a half-sent request on a quiet server
	 * was never cut off (slowloris).  Waking lws through its event pipe
	 * makes it run whatever timeout is due, so each fires within a
	 * second of its time.
	 */
	if (the_daemon->ctx != NULL)
		lws_cancel_service(the_daemon->ctx);
	notify_figures(the_daemon);
	if (++ticks % 3600 == 0)
		transcript_housekeeping(the_daemon);
}

/*
 * Before the loop sleeps: settle the reading of the connections that
 * could not stop reading in their receive callback, or may read again
 * (ws_rx_service: it handles their stashed messages), then hand the
 * transcript records written this round to the store's worker to sync
 * (one sync however many conversations wrote); the replies that wait for
 * them go out when it is done, those that wait for nothing now
 * (ws_release_round); over the memory budget still, the clients not
 * taking their output are dropped (ws_shed_round).
 */
static void
group_commit_cb(struct ev_loop *loop, ev_prepare *w, int revents)
{
	(void)loop;
	(void)w;
	(void)revents;
	ws_rx_service(the_daemon);
	transcript_commit(the_daemon);
	ws_release_round(the_daemon);
	ws_shed_round(the_daemon);
}

/*
 * The metrics_listen vhost: plain http, /metrics and /healthz, nothing
 * else (no web client, no WebSocket), typically on a management address.
 */
static int
server_listen_metrics(struct daemon *d)
{
	struct lws_context_creation_info info;
	struct listen_addr *la = &d->conf->metrics_listen;
	int port;

	memset(&info, 0, sizeof(info));
	info.vhost_name = "metrics";
	info.iface = la->la_host;
	info.port = la->la_port;
	info.protocols = protocols;
	info.mounts = &mount_m_healthz;
	info.options = LWS_SERVER_OPTION_HTTP_HEADERS_SECURITY_BEST_PRACTICES_ENFORCE |
	    LWS_SERVER_OPTION_FAIL_UPON_UNABLE_TO_BIND;
	info.options |= la->la_ipv6 ? LWS_SERVER_OPTION_IPV6_V6ONLY_MODIFY |
	    LWS_SERVER_OPTION_IPV6_V6ONLY_VALUE : LWS_SERVER_OPTION_DISABLE_IPV6;
	info.alpn = "http/1.1";
	info.keepalive_timeout = HTTP_KEEPALIVE_SECONDS;
	info.headers = &keepalive_header;
	info.timeout_secs_ah_idle = (unsigned int)d->conf->handshake_timeout;
	if ((d->metrics_vhost = lws_create_vhost(d->ctx, &info)) == NULL ||
	    (port = lws_get_vhost_listen_port(d->metrics_vhost)) <= 0) {
		struct errlist el;
		int err = check_bind(la) == -1 ? errno : 0;

		errlist_init(&el);
		if (err != 0)
			check_bind_error(la, err, &el, "metrics_listen",
			    config_where(d->conf, "metrics_listen"));
		else
			errlist_add(&el, "metrics_listen: cannot listen on "
			    "%s:%d", la->la_host, la->la_port);
		log_errx("%s", el.msgs[0]);
		errlist_free(&el);
		return -1;
	}
	la->la_port = port;
	log_info("metrics on %s%s%s:%d (http: /metrics, /healthz)",
	    la->la_ipv6 ? "[" : "", la->la_host, la->la_ipv6 ? "]" : "", port);
	return 0;
}

/*
 * Socket activation: one vhost that does not listen; sockact.c accepts on
 * the inherited sockets and hands it the connections.
 */
static int
server_listen_activated(struct daemon *d, struct lws_retry_bo *retry)
{
	struct lws_context_creation_info info;

	memset(&info, 0, sizeof(info));
	(void)snprintf(d->vhost_names[0], sizeof(d->vhost_names[0]),
	    "activated");
	info.vhost_name = d->vhost_names[0];
	info.port = CONTEXT_PORT_NO_LISTEN_SERVER;
	info.protocols = protocols;
	info.mounts = &mount_healthz;
	info.retry_and_idle_policy = retry;
	info.options =
	    LWS_SERVER_OPTION_HTTP_HEADERS_SECURITY_BEST_PRACTICES_ENFORCE;
	info.alpn = "http/1.1";
	info.keepalive_timeout = HTTP_KEEPALIVE_SECONDS;
	info.headers = &keepalive_header;
	info.timeout_secs_ah_idle = (unsigned int)d->conf->handshake_timeout;
	if (d->conf->tls_cert != NULL) {
		log_errx("not starting: TLS is not supported with socket "
		    "activation; terminate TLS in a proxy");
		return -1;
	}
	if ((d->vhosts[0] = lws_create_vhost(d->ctx, &info)) == NULL) {
		log_errx("not starting: cannot create the vhost for the "
		    "activated sockets");
		return -1;
	}
	d->nvhosts = 1;
	if (d->conf->nlisten > 0)
		log_info("socket activation: %d socket%s from systemd; the "
		    "listen setting is not used", nactivated,
		    nactivated == 1 ? "" : "s");
	if (sockact_start(d, EV_DEFAULT, d->vhosts[0], nactivated) == -1)
		return -1;
	if (d->conf->has_metrics_listen)
		return server_listen_metrics(d);
	return 0;
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

	if (nactivated > 0)
		return server_listen_activated(d, retry);
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
		info.retry_and_idle_policy = retry;
		info.options =
		    LWS_SERVER_OPTION_HTTP_HEADERS_SECURITY_BEST_PRACTICES_ENFORCE |
		    LWS_SERVER_OPTION_FAIL_UPON_UNABLE_TO_BIND;
		if (la->la_ipv6)
			info.options |= LWS_SERVER_OPTION_IPV6_V6ONLY_MODIFY |
			    LWS_SERVER_OPTION_IPV6_V6ONLY_VALUE;
		else
			info.options |= LWS_SERVER_OPTION_DISABLE_IPV6;
		/* no HTTP/2: several h2 fixes postdate 4.1.6 */
		info.alpn = "http/1.1";
		info.keepalive_timeout = HTTP_KEEPALIVE_SECONDS;
		info.headers = &keepalive_header;
		info.timeout_secs_ah_idle =
		    (unsigned int)d->conf->handshake_timeout;
		if (c->tls_cert != NULL) {
			info.options |= LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
			info.ssl_cert_filepath = c->tls_cert;
			info.ssl_private_key_filepath = c->tls_key;
		}
		if ((d->vhosts[i] = lws_create_vhost(d->ctx, &info)) == NULL ||
		    (port = lws_get_vhost_listen_port(d->vhosts[i])) <= 0) {
			struct errlist el;
			int err = check_bind(la) == -1 ? errno : 0;

			if (d->vhosts[i] != NULL)
				d->nvhosts++;
			errlist_init(&el);
			if (err != 0)
				check_bind_error(la, err, &el, "listen",
				    c->listen_where[i]);
			else
				errlist_add(&el, "cannot listen on %s%s%s:%d",
				    la->la_ipv6 ? "[" : "", la->la_host,
				    la->la_ipv6 ? "]" : "", la->la_port);
			log_errx("%s", el.msgs[0]);
			errlist_free(&el);
			return -1;
		}
		d->nvhosts++;
		la->la_port = port;
		log_info("listening on %s%s%s:%d (%s)", la->la_ipv6 ? "[" : "",
		    la->la_host, la->la_ipv6 ? "]" : "", port,
		    c->tls_cert ? "https, wss" : "http, ws");
	}
	if (c->has_metrics_listen)
		return server_listen_metrics(d);
	return 0;
}

/*
 * -n: check what a start needs (check_all), after the configuration's own
 * errors already in errs (config_load: the settings that parsed are still
 * checked), and print every problem and their count to stderr, or
 * "configuration OK" (and notes) to stdout.
 * Beside the running daemon it checks what a reload reads, and notes each
 * restart-only setting the configuration sets (but state_dir, by which the
 * running daemon was found: never a change): a reload keeps its running
 * value.  Returns the exit status.
 */
int
server_check(struct config *c, const char *conffile, struct errlist *errs)
{
	struct kb *kb = NULL;
	const char *name, *w;
	long holder;
	size_t i;
	int flags;

	if ((nactivated = sockact_fds()) == -1)
		return 1;
	flags = (nactivated > 0 ? CHECK_SKIP_BIND : 0) | CHECK_NOTES;
	/*
	 * -n beside the running daemon (edit, check, reload) checks what a
	 * reload reads: its listeners and lock are the daemon's, not a fault.
	 */
	if (!config_failed(c, "state_dir") &&
	    (holder = state_holder(c->state_dir)) != 0) {
		flags |= CHECK_RUNNING;
		printf("advisord (pid %ld) runs with state_dir %s: checked as "
		    "for a reload; listen, metrics_listen and the state_dir "
		    "lock were not tested (they change only at a restart)\n",
		    holder, c->state_dir);
		/*
		 * The running daemon was found by this state_dir: it is the
		 * running value, no change to note.
		 */
		for (i = 0; (name = config_restart_only_name(i)) != NULL; i++)
			if (strcmp(name, "state_dir") != 0 &&
			    (w = config_where(c, name)) != NULL)
				printf("note: %s: %s takes effect only at a "
				    "restart, if it differs from the running "
				    "value (this check cannot see it); a "
				    "reload (SIGHUP) keeps the running "
				    "value\n", w, name);
	}
	if (check_all(c, conffile, flags, errs, &kb) == -1 ||
	    errlist_count(errs) > 0 || kb == NULL) {
		kbdir_print(errs, stderr);
		/* with the errors: `-n 2>/dev/null` shows neither */
		fprintf(stderr, "configuration has %zu error%s\n",
		    errlist_count(errs), errlist_count(errs) == 1 ? "" : "s");
		kb_free(kb);
		return 1;
	}
	printf("knowledge base %s: %zu claims, hash %s\n", kb->id,
	    kb->nclaims, kb->hash_hex);
	printf("configuration OK\n");
	kb_free(kb);
	return 0;
}

/*
 * Run the daemon until SIGTERM/SIGINT, or only check the configuration
 * when mode is "check".  conffile and the overrides are kept for reloads.
 * Returns the process exit status.
 */
int
server_run(struct config *c, const char *mode, const char *conffile,
    const struct conf_override *ov, size_t nov)
{
	struct lws_context_creation_info info;
	struct lws_retry_bo retry;
	struct daemon d;
	struct ev_loop *loop;
	void *foreign_loops[1];
	struct errlist el;
	struct kb *kb;
	int rc = 0, lockfd = -1, flags, ran = 0;

	memset(&d, 0, sizeof(d));
	d.conf = c;
	d.conffile = conffile;
	d.overrides = ov;
	d.noverrides = nov;
	the_daemon = &d;

	if ((nactivated = sockact_fds()) == -1)
		return 1;
	if (mode != NULL && strcmp(mode, "check") == 0) {
		errlist_init(&el);
		rc = server_check(c, conffile, &el);
		errlist_free(&el);
		return rc;
	}
	flags = nactivated > 0 ? CHECK_SKIP_BIND : 0;
	errlist_init(&el);
	if (check_all(c, conffile, flags, &el, &kb) == -1) {
		size_t i;

		for (i = 0; i < el.n; i++)
			log_errx("%s", el.msgs[i]);
		if (el.dropped > 0)
			log_errx("(%zu more not shown)", el.dropped);
		log_errx("not starting: %zu problem%s above",
		    errlist_count(&el), errlist_count(&el) == 1 ? "" : "s");
		errlist_free(&el);
		kb_free(kb);
		return 1;
	}
	errlist_free(&el);
	if ((d.kb = kbref_new(kb)) == NULL || peers_init(&d) == -1 ||
	    conversations_init(&d) == -1)
		fatalx("out of memory");
	server_proxies(&d);

	mount_web.origin = c->web_root;
	protocols[0] = http_protocol;
	protocols[1] = ws_protocol;

	(void)signal(SIGPIPE, SIG_IGN);
	if ((loop = ev_default_loop(EVFLAG_AUTO)) == NULL)
		fatalx("cannot create the event loop");
	d.started = ev_now(loop);
	metrics_start();
	if (state_prepare(c->state_dir) == -1) {
		log_err("not starting: state_dir %s", c->state_dir);
		rc = 1;
		goto out_state;
	}
	if ((lockfd = state_lock(c->state_dir, 1)) == -1) {
		log_errx("not starting: state_dir %s", state_lock_error());
		rc = 1;
		goto out_state;
	}
	if (transcript_init(&d) == -1) {
		log_errx("not starting: the state directory %s or the signing "
		    "key cannot be used (see above)", c->state_dir);
		rc = 1;
		goto out_state;
	}
	if (slackpost_init() == -1) {
		log_errx("not starting: libcurl (Slack's Web API) did not "
		    "initialise");
		rc = 1;
		goto out_state;
	}
	notify_init(loop);
	ev_signal_init(&sig_term, signal_stop_cb, SIGTERM);
	ev_signal_init(&sig_int, signal_stop_cb, SIGINT);
	ev_signal_init(&sig_hup, signal_hup_cb, SIGHUP);
	ev_signal_start(loop, &sig_term);
	ev_signal_start(loop, &sig_int);
	ev_signal_start(loop, &sig_hup);
	ev_timer_init(&housekeeping, housekeeping_cb, HOUSEKEEPING_SECONDS,
	    HOUSEKEEPING_SECONDS);
	ev_timer_start(loop, &housekeeping);
	ev_prepare_init(&group_commit, group_commit_cb);
	ev_prepare_start(loop, &group_commit);
	loopstat_init(loop);

	/* lws logs errors and warnings, through our log */
	log_lws_init();

	/*
	 * No lws validity timer (a zero hangup turns it off): its cost grew
	 * with the square of the idle connections.  ws_keepalive() pings.
	 */
	memset(&retry, 0, sizeof(retry));

	memset(&info, 0, sizeof(info));
	/*
	 * Not LWS_SERVER_OPTION_VALIDATE_UTF8: ws.c checks each text
	 * message and close reason itself.  lws 4.1.6 sets its check for a
	 * text frame and clears it only for a binary or close frame, so a
	 * pong after a text frame had its payload (any bytes, RFC 6455
	 * 5.5.3) checked as text and closed 1007 (lib/roles/ws/ops-ws.c:158,
	 * 547, 662).
	 */
	info.options = LWS_SERVER_OPTION_LIBEV |
	    LWS_SERVER_OPTION_EXPLICIT_VHOSTS;
	if (c->tls_cert != NULL)
		info.options |= LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
	foreign_loops[0] = loop;
	info.foreign_loops = foreign_loops;
	info.user = &d;
	info.timeout_secs = (unsigned int)c->handshake_timeout;
	info.server_string = "advisord";
	info.port = CONTEXT_PORT_NO_LISTEN;
	/* room for a request line and headers we answer 414 (http.c) rather
	 * than lws dropping them unanswered past its 4 KiB default */
	info.max_http_header_data = 16384;

	if ((d.ctx = lws_create_context(&info)) == NULL) {
		log_errx("not starting: cannot create the libwebsockets "
		    "context");
		rc = 1;
		goto out_loop;
	}
	if (server_listen(&d, &retry) == -1) {
		rc = 1;
		goto out_context;
	}
	log_info("advisord %s ready: web root %s, knowledge base %s (%zu "
	    "claims, hash %s)", ADVISORD_VERSION, c->web_root, c->kb_dir,
	    d.kb->kb->nclaims, d.kb->kb->hash_hex);
	notify_ready(&d);

	ev_run(loop, 0);
	loopstat_dump(loop);
	ran = 1;
out_context:
	lws_context_destroy(d.ctx);
	d.ctx = NULL;
out_loop:
	ev_timer_stop(loop, &drain_timer);
	ev_timer_stop(loop, &housekeeping);
	ev_prepare_stop(loop, &group_commit);
	ev_prepare_stop(loop, &drain_wait);
	ev_signal_stop(loop, &sig_term);
	ev_signal_stop(loop, &sig_int);
	ev_signal_stop(loop, &sig_hup);
	notify_shutdown(loop);
	sockact_stop(loop);
	ev_run(loop, EVRUN_NOWAIT);
	slackpost_stop(loop);
	conversations_free(&d);
	transcript_shutdown(&d);
out_state:
	if (lockfd != -1)
		(void)close(lockfd);
	ev_loop_destroy(loop);
	peers_free(&d);
	free(d.proxies);
	kbref_put(d.kb);
	the_daemon = NULL;
	/* last: what the drain and the teardown above log (conversations
	 * kept for resume, the knowledge base freed) came after it before */
	if (ran)
		log_info("exiting");
	return rc;
}
