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
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "advisord.h"

#define PEER_BUCKETS	4096

struct peer {
	struct peer	*next;
	char		 ip[64];
	unsigned	 count;
};

struct wsi_peer {
	struct wsi_peer	*next;
	struct lws	*wsi;
	struct peer	*peer;
};

struct peer_table {
	struct peer	*ips[PEER_BUCKETS];
	struct wsi_peer	*wsis[PEER_BUCKETS];
	struct peer	*pending;	/* admitted, wsi not created yet */
	long		 total;
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

int
peers_init(struct daemon *d)
{
	d->peers = calloc(1, sizeof(*d->peers));
	return d->peers ? 0 : -1;
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
 * A new connection from ip: returns 0 to accept it (and counts it), -1
 * when the address, or the daemon, already holds as many as allowed.
 */
int
peers_admit(struct daemon *d, const char *ip)
{
	struct peer_table *t = d->peers;
	struct peer *p;
	size_t h = hash_str(ip);

	if (t->pending != NULL) {	/* its wsi never came */
		t->total--;
		peer_release(t, t->pending);
		t->pending = NULL;
	}
	if (t->total >= d->conf->max_connections)
		return -1;
	for (p = t->ips[h]; p != NULL; p = p->next)
		if (strcmp(p->ip, ip) == 0)
			break;
	if (p == NULL) {
		if ((p = calloc(1, sizeof(*p))) == NULL)
			return -1;
		(void)snprintf(p->ip, sizeof(p->ip), "%s", ip);
		p->next = t->ips[h];
		t->ips[h] = p;
	}
	if (p->count >= (unsigned)d->conf->max_connections_per_ip) {
		if (p->count == 0)
			peer_release(t, p);
		return -1;
	}
	p->count++;
	t->total++;
	t->pending = p;
	return 0;
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
