/* SPDX-License-Identifier: ISC */
/*
 * peers.c: how many connections each address holds.
 *
 * Debian's libwebsockets 4.1.6 is built without LWS_WITH_PEER_LIMITS, so
 * we count ourselves.  lws tells protocols[0] of a new TCP connection in
 * FILTER_NETWORK_CONNECTION (we know the address, not yet the wsi), then
 * creates its wsi (WSI_CREATE, same call stack: we pair them there), and
 * finally destroys it (WSI_DESTROY, when the socket is already gone: we
 * find the address through the pairing).  The loop is single-threaded, so
 * "the connection being admitted" is one pointer.
 *
 * A connection over a limit is not closed at once: a few more than the
 * limit are let in, flagged, so that their request is answered with 429 or
 * 503 and Retry-After (http.c) rather than a bare close that a client, or
 * nginx, cannot tell from a crash.  Past PEERS_GRACE more, they are closed.
 *
 * Behind a trusted proxy the socket's address is the proxy's: such
 * connections count only towards the total until their request names the
 * client (proxy.c), and peers_rebind() then moves them to that address.
 *
 * An IPv6 address counts by its /64 (peers_addr_key): a user, or a host,
 * is given at least a /64, and could otherwise open connections and
 * conversations from as many addresses as it likes.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "advisord.h"

#define PEER_BUCKETS	4096
#define PEERS_GRACE	8	/* over a limit, answered rather than closed */
#define PEERS_FD_RESERVE 64	/* descriptors kept for listeners and files */

struct peer {
	struct peer	*next;
	char		 ip[64];
	unsigned	 count;
};

struct wsi_peer {
	struct wsi_peer	*next;
	struct lws	*wsi;
	struct peer	*peer;
	int		 refusal;	/* REFUSE_*, or 0 */
};

struct peer_table {
	struct peer	*ips[PEER_BUCKETS];
	struct wsi_peer	*wsis[PEER_BUCKETS];
	struct peer	*pending;	/* admitted, wsi not created yet */
	int		 pending_refusal;
	long		 total;
	long		 fd_cap;	/* connections the descriptors allow */
};

static size_t
hash_str(const char *s)
{
	size_t h = 5381;

	while (*s != '\0')
		h = h * 33 + (unsigned char)*s++;
	return h % PEER_BUCKETS;
}

static size_t
hash_ptr(const void *p)
{
	return ((uintptr_t)p >> 4) % PEER_BUCKETS;
}

/*
 * Make room for max_connections descriptors: raise the soft RLIMIT_NOFILE
 * towards the hard one, and when even that is short, hold connections to
 * what fits.  Running out instead is worse than refusing: accept(2) fails
 * with EMFILE and leaves the connection queued, so the loop wakes at once
 * for it again, spinning and logging without end.
 *
 * Holding fewer is a warning only when the configured bounds need more:
 * a max_connections the operator set, or a limit below what one address
 * may hold (max_connections_per_ip).  The built-in max_connections (20000)
 * is a ceiling, not a need: a start without configuration on a machine
 * whose hard limit is below it fits itself to the limit and says so at
 * info level.  Either way the line says what to set to hold them all.
 */
static long
peers_fd_cap(const struct daemon *d)
{
	const struct config *c = d->conf;
	long want = c->max_connections + PEERS_GRACE + PEERS_FD_RESERVE;
	struct rlimit rl;
	long cap;
	int needed;
	char msg[512];

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1)
		return c->max_connections;
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < (rlim_t)want) {
		rl.rlim_cur = rl.rlim_max == RLIM_INFINITY ||
		    rl.rlim_max > (rlim_t)want ? (rlim_t)want : rl.rlim_max;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
		(void)getrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= (rlim_t)want)
		return c->max_connections;
	cap = (long)rl.rlim_cur - PEERS_GRACE - PEERS_FD_RESERVE;
	if (cap < 1)
		cap = 1;
	needed = config_where(c, "max_connections") != NULL ||
	    cap < c->max_connections_per_ip;
	(void)snprintf(msg, sizeof(msg), "max_connections %ld needs %ld file "
	    "descriptors, but the limit is %ld (ulimit -n, or LimitNOFILE= in "
	    "the unit): holding connections to %ld%s; to hold them all, set "
	    "LimitNOFILE=%ld in the systemd unit, or run ulimit -n %ld before "
	    "starting it%s", c->max_connections, want, (long)rl.rlim_cur, cap,
	    config_where(c, "max_connections") != NULL ? "" :
	    " (max_connections is not set: its built-in value is a ceiling)",
	    want, want, rl.rlim_max < (rlim_t)want ?
	    " (past the hard limit: as root)" : "");
	if (needed)
		log_warnx("%s", msg);
	else
		log_info("%s", msg);
	return cap;
}

/* Call before the libwebsockets context exists: it sizes itself by the limit. */
int
peers_init(struct daemon *d)
{
	if ((d->peers = calloc(1, sizeof(*d->peers))) == NULL)
		return -1;
	d->peers->fd_cap = peers_fd_cap(d);
	return 0;
}

static void
peer_release(struct peer_table *t, struct peer *p)
{
	struct peer **pp;

	if (--p->count > 0)
		return;
	for (pp = &t->ips[hash_str(p->ip)]; *pp != NULL; pp = &(*pp)->next)
		if (*pp == p) {
			*pp = p->next;
			free(p);
			return;
		}
}

void
peers_free(struct daemon *d)
{
	size_t i;

	if (d->peers == NULL)
		return;
	for (i = 0; i < PEER_BUCKETS; i++) {
		while (d->peers->ips[i] != NULL) {
			struct peer *p = d->peers->ips[i];

			d->peers->ips[i] = p->next;
			free(p);
		}
		while (d->peers->wsis[i] != NULL) {
			struct wsi_peer *w = d->peers->wsis[i];

			d->peers->wsis[i] = w->next;
			free(w);
		}
	}
	free(d->peers);
	d->peers = NULL;
}

/*
 * The address ip is counted as, into key (len bytes): an IPv6 address
 * (not IPv4-mapped) as its /64, "2001:db8:1:2::/64"; anything else as
 * it is.  A key is its own key.
 */
void
peers_addr_key(const char *ip, char *key, size_t len)
{
	struct in6_addr a;
	char buf[INET6_ADDRSTRLEN];

	if (inet_pton(AF_INET6, ip, &a) != 1 || IN6_IS_ADDR_V4MAPPED(&a) ||
	    inet_ntop(AF_INET6, (memset(a.s6_addr + 8, 0, 8), &a), buf,
	    sizeof(buf)) == NULL) {
		(void)snprintf(key, len, "%s", ip);
		return;
	}
	(void)snprintf(key, len, "%s/64", buf);
}

/* Find or make the entry for address ip; NULL when out of memory. */
static struct peer *
peer_get(struct peer_table *t, const char *addr)
{
	struct peer *p;
	char ip[64];
	size_t h;

	peers_addr_key(addr, ip, sizeof(ip));
	h = hash_str(ip);

	for (p = t->ips[h]; p != NULL; p = p->next)
		if (strcmp(p->ip, ip) == 0)
			return p;
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return NULL;
	(void)snprintf(p->ip, sizeof(p->ip), "%s", ip);
	p->next = t->ips[h];
	t->ips[h] = p;
	return p;
}

/*
 * The connections the daemon holds in all: max_connections, or fewer when
 * the open-files limit allows fewer (peers_fd_cap).  welcome.limits says
 * this, so that a client is told what is held, not only what was asked.
 */
long
peers_max_connections(const struct daemon *d)
{
	if (d->peers == NULL || d->conf->max_connections < d->peers->fd_cap)
		return d->conf->max_connections;
	return d->peers->fd_cap;
}

/*
 * A new connection from ip: returns 0 to accept it (and counts it),
 * REFUSE_TOTAL or REFUSE_PER_ADDRESS to accept it only to answer its
 * request with a refusal, -1 to close it now.  A trusted proxy's
 * connections are held to the total only.
 */
int
peers_admit(struct daemon *d, const char *ip, int proxy)
{
	struct peer_table *t = d->peers;
	long max = d->conf->max_connections_per_ip;
	long total_max = peers_max_connections(d);
	struct peer *p;
	int refusal = 0;

	if (t->pending != NULL) {	/* its wsi never came */
		t->total--;
		peer_release(t, t->pending);
		t->pending = NULL;
	}
	if (t->total >= total_max + PEERS_GRACE)
		return -1;
	if (t->total >= total_max)
		refusal = REFUSE_TOTAL;
	if ((p = peer_get(t, ip)) == NULL)
		return -1;
	if (!proxy && p->count >= (unsigned)(max + PEERS_GRACE)) {
		if (p->count == 0)
			peer_release(t, p);
		return -1;
	}
	if (!proxy && refusal == 0 && p->count >= (unsigned)max)
		refusal = REFUSE_PER_ADDRESS;
	p->count++;
	t->total++;
	t->pending = p;
	t->pending_refusal = refusal;
	return refusal;
}

static struct wsi_peer *
wsi_find(struct peer_table *t, struct lws *wsi)
{
	struct wsi_peer *w;

	for (w = t->wsis[hash_ptr(wsi)]; w != NULL; w = w->next)
		if (w->wsi == wsi)
			return w;
	return NULL;
}

/* The refusal wsi's request gets, or 0. */
int
peers_refusal(struct daemon *d, struct lws *wsi)
{
	struct wsi_peer *w;

	if (d->peers == NULL || (w = wsi_find(d->peers, wsi)) == NULL)
		return 0;
	return w->refusal;
}

/*
 * wsi came through a trusted proxy for client ip: count it there from now
 * on.  Returns the refusal its request gets, or 0.
 */
int
peers_rebind(struct daemon *d, struct lws *wsi, const char *ip)
{
	struct peer_table *t = d->peers;
	struct wsi_peer *w;
	struct peer *p;

	if (t == NULL || (w = wsi_find(t, wsi)) == NULL)
		return 0;
	if ((p = peer_get(t, ip)) == NULL || p == w->peer)
		return w->refusal;
	peer_release(t, w->peer);
	w->peer = p;
	p->count++;
	if (w->refusal != REFUSE_TOTAL)
		w->refusal = p->count > (unsigned)d->conf->max_connections_per_ip ?
		    REFUSE_PER_ADDRESS : 0;
	return w->refusal;
}

void
peers_created(struct daemon *d, struct lws *wsi)
{
	struct peer_table *t = d->peers;
	struct wsi_peer *w;
	size_t h = hash_ptr(wsi);

	if (t == NULL || t->pending == NULL)
		return;
	if ((w = malloc(sizeof(*w))) == NULL) {
		t->total--;
		peer_release(t, t->pending);
		t->pending = NULL;
		return;
	}
	w->wsi = wsi;
	w->peer = t->pending;
	w->refusal = t->pending_refusal;
	w->next = t->wsis[h];
	t->wsis[h] = w;
	t->pending = NULL;
}

void
peers_destroyed(struct daemon *d, struct lws *wsi)
{
	struct peer_table *t = d->peers;
	struct wsi_peer **wp;

	if (t == NULL)
		return;
	for (wp = &t->wsis[hash_ptr(wsi)]; *wp != NULL; wp = &(*wp)->next)
		if ((*wp)->wsi == wsi) {
			struct wsi_peer *w = *wp;

			*wp = w->next;
			t->total--;
			peer_release(t, w->peer);
			free(w);
			return;
		}
}
