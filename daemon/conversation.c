/* SPDX-License-Identifier: ISC */
/*
 * conversation.c: conversations, from the first message to expiry.
 *
 * A conversation is one walk with the engine.  A browser connection has
 * one, created at hello and named by the daemon; an integration
 * (authenticated with an API key) opens as many as it may, each named by
 * itself ("irc:libera:#rust:alice"), and every message names its own.
 * Conversations live in a hash table keyed by owner and name, and on a
 * list ordered by last activity, from which idle ones expire.
 *
 * Every server message of a conversation gets the next seq and is kept in
 * a bounded replay ring, so that a client that lost its connection can
 * present the conversation's resume token and the last seq it saw and get
 * everything after it again.  All of this runs on the event loop thread,
 * one message at a time: messages of a conversation are handled in order,
 * and no conversation waits for another.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "advisord.h"
#include "jsonenc.h"
#include "render.h"

#define RING_FIRST		8	/* replay slots at first; doubled as needed */

/*
 * The conversation whose kept messages are being sent again (conv_replay,
 * conv_dedup): each one sent may make room in the memory budget
 * (conversations_make_room), which must not give up any of its ring
 * while it is walked.
 */
static const struct conversation *conv_resending;

/* The engine's events of the input being handled (one thread: one). */
static struct dlg_events conv_events;

static int	conv_wake(struct daemon *, struct conversation *);
static json_t	*wake_expect(const struct dlg_events *);
static int	conv_is_webhook(const char *);
static int	 wake_check(json_t *, json_t *, size_t *, size_t *);

static size_t
conv_hash(const struct daemon *d, const char *key)
{
	uint64_t h = 1469598103934665603ULL;

	while (*key != '\0') {
		h ^= (unsigned char)*key++;
		h *= 1099511628211ULL;
	}
	return (size_t)(h & (d->ctable_size - 1));
}

int
conversations_init(struct daemon *d)
{
	size_t size = 1024;

	while (size < (size_t)d->conf->max_conversations && size < (1u << 20))
		size *= 2;
	if ((d->ctable = calloc(size, sizeof(*d->ctable))) == NULL)
		return -1;
	d->ctable_size = size;
	return 0;
}

size_t
conversations_count(struct daemon *d)
{
	return d->nconversations;
}

static struct conversation *
conv_find(struct daemon *d, const char *key)
{
	struct conversation *c;

	for (c = d->ctable[conv_hash(d, key)]; c != NULL; c = c->hnext)
		if (strcmp(c->key, key) == 0)
			return c;
	return NULL;
}

static void
lru_unlink(struct daemon *d, struct conversation *c)
{
	if (c->lru_prev != NULL)
		c->lru_prev->lru_next = c->lru_next;
	else
		d->lru_head = c->lru_next;
	if (c->lru_next != NULL)
		c->lru_next->lru_prev = c->lru_prev;
	else
		d->lru_tail = c->lru_prev;
	c->lru_prev = c->lru_next = NULL;
}

/* Mark c active now: it moves to the end of the expiry list. */
static void
lru_touch(struct daemon *d, struct conversation *c, double now)
{
	c->last_active = now;
	if (d->lru_tail == c)
		return;
	if (c->lru_prev != NULL || c->lru_next != NULL || d->lru_head == c)
		lru_unlink(d, c);
	c->lru_prev = d->lru_tail;
	if (d->lru_tail != NULL)
		d->lru_tail->lru_next = c;
	else
		d->lru_head = c;
	d->lru_tail = c;
}

static void
conv_attach(struct conn *cn, struct conversation *c)
{
	c->conn = cn;
	c->cnext = cn->convs;
	cn->convs = c;
	cn->nconvs++;
}

static void
conv_detach(struct conversation *c)
{
	struct conn *cn = c->conn;
	struct conversation **pp;

	if (cn == NULL)
		return;
	for (pp = &cn->convs; *pp != NULL; pp = &(*pp)->cnext)
		if (*pp == c) {
			*pp = c->cnext;
			cn->nconvs--;
			break;
		}
	c->cnext = NULL;
	c->conn = NULL;
}

/* Let go of r's message: its own copy, or its reference to a queue's. */
static void
ring_msg_free(struct replay *r)
{
	if (r->om != NULL)
		conn_msg_unref(r->om);
	else
		free((char *)r->msg);
	r->msg = NULL;
	r->om = NULL;
}

static void
ring_free(struct conversation *c)
{
	size_t i;

	for (i = 0; i < c->ring_n; i++)
		ring_msg_free(&c->ring[(c->ring_start + i) % c->ring_cap]);
	free(c->ring);
	c->ring = NULL;
	c->ring_tag = NULL;
	c->ring_n = c->ring_bytes = 0;
	c->ring_cap = c->ring_start = 0;
}

static void
conv_destroy(struct daemon *d, struct conversation *c, const char *why)
{
	struct conversation **pp;

	/*
	 * Shared store: one whose lease lapsed (nobody connected here) may
	 * be carried on by another instance by now; expired, it is left to
	 * the store's orphan sweep, which signs it wherever it is.
	 */
	if (strcmp(why, "expired") == 0 && c->conn == NULL &&
	    transcript_unleased(c)) {
		transcript_let_go(d, c, 1);
		why = "moved";
	}
	if (c->tr != NULL && strcmp(why, "shutdown") == 0 &&
	    transcript_shared(d))
		log_info("conversation %s: left open in the shared store for "
		    "its resume on any instance (%llu messages)",
		    conversation_logname(c->key),
		    (unsigned long long)transcript_messages(c));
	else if (c->tr != NULL && strcmp(why, "shutdown") == 0 && !c->heard)
		/* as the next start says it (recover_one, transcript.c) */
		log_info("conversation %s: no user message; not kept for a "
		    "resume: the next start stores its transcript as "
		    "interrupted (%llu messages)", conversation_logname(c->key),
		    (unsigned long long)transcript_messages(c));
	else if (c->tr != NULL && strcmp(why, "shutdown") == 0)
		log_info("conversation %s: %skept in the journal for its "
		    "resume after the restart (%llu messages)",
		    conversation_logname(c->key),
		    c->dormant ? "recovered, not resumed; " : "",
		    (unsigned long long)transcript_messages(c));
	else if (strcmp(why, "left open") == 0)
		log_info("conversation %s: its turn could not be stored; left "
		    "open in the shared store for its resume (%llu messages)",
		    conversation_logname(c->key),
		    (unsigned long long)transcript_messages(c));
	else
		log_info("conversation %s: end (%s, %llu messages)",
		    conversation_logname(c->key), why,
		    (unsigned long long)transcript_messages(c));
	for (pp = &d->ctable[conv_hash(d, c->key)]; *pp != NULL;
	    pp = &(*pp)->hnext)
		if (*pp == c) {
			*pp = c->hnext;
			break;
		}
	lru_unlink(d, c);
	conv_detach(c);
	if (c->tr != NULL && strcmp(why, "shutdown") != 0 &&
	    strcmp(why, "refused") != 0 && strcmp(why, "moved") != 0 &&
	    strcmp(why, "left open") != 0) {
		char file[220];

		/* its final transcript stays retrievable (finals.c) */
		transcript_file(c, file, sizeof(file));
		finals_add(d, c, file, strcmp(why, "expired") == 0 ? "expired" :
		    transcript_failed(c) || strcmp(why, "storage failed") == 0 ?
		    "interrupted" : "complete", server_now());
	}
	transcript_close(d, c, why);
	limits_conv_removed(c);
	ring_free(c);
	kbref_put(c->kb);
	d->nconversations--;
	if (conv_is_webhook(c->owner))
		d->nwebhook_conversations--;
	free(c);
}

void
conversations_free(struct daemon *d)
{
	while (d->lru_head != NULL)
		conv_destroy(d, d->lru_head, "shutdown");
	finals_free();
	free(d->ctable);
	d->ctable = NULL;
}

/*
 * Make room for one more slot: the ring starts small and doubles up to
 * max, so that an idle conversation (a few messages) does not hold max
 * slots.  Returns -1 when out of memory (the ring then stays as it is).
 */
static int
ring_grow(struct conversation *c, size_t max)
{
	size_t cap, i;
	struct replay *nr;
	unsigned char *tag;

	if (c->ring != NULL && (c->ring_n < c->ring_cap || c->ring_cap >= max))
		return 0;
	cap = c->ring_cap ? c->ring_cap * 2 : RING_FIRST;
	if (cap > max)
		cap = max;
	/* the slots, then a tag byte per slot */
	if ((nr = calloc(cap, sizeof(*nr) + 1)) == NULL)
		return -1;
	tag = (unsigned char *)(nr + cap);
	/* unwrap: the oldest message goes to slot 0 */
	for (i = 0; i < c->ring_n; i++) {
		nr[i] = c->ring[(c->ring_start + i) % c->ring_cap];
		tag[i] = c->ring_tag[(c->ring_start + i) % c->ring_cap];
	}
	free(c->ring);
	c->ring = nr;
	c->ring_tag = tag;
	c->ring_cap = cap;
	c->ring_start = 0;
	return 0;
}

/* Give up c's oldest kept message (the caller counts its bytes). */
static void
ring_drop_oldest(struct conversation *c)
{
	struct replay *r = &c->ring[c->ring_start];

	c->ring_bytes -= r->len;
	ring_msg_free(r);
	c->ring_start = (c->ring_start + 1) % c->ring_cap;
	c->ring_n--;
}

/*
 * Keep a copy of a sent message for replay, within the ring's bounds,
 * marked with the hash of the client message it answers (c->req, when
 * c->has_req), by which a resent message is recognized (conv_dedup), and
 * whether it is the first message of that answer (has_req 1, later ones
 * 2): a resend whose first message is gone is told so.  A message larger
 * than the ring's byte bound (REPLAY_MAX_BYTES: a long transcript) is not
 * kept, and what was kept before it goes: a resume from before it gets
 * replay_gap (the bound's error), as for any message no longer kept,
 * instead of a copy of tens of MB made on the loop for a replay that
 * the resume's own bound (rate_replay_bytes_burst) would refuse anyway.
 * With om (a queue entry of the same bytes, conn_msg_new()), the ring
 * takes a reference to it instead of a copy of its own.
 */
static void
ring_push(struct conversation *c, size_t max, const char *msg, size_t len,
    struct outmsg *om)
{
	const unsigned char *req = c->has_req ? c->req : NULL;
	int first = c->has_req == 1;
	struct replay *r;

	if (c->has_req)
		c->has_req = 2;	/* the next ones are not the first */
	if (ring_grow(c, max) == -1 && c->ring == NULL)
		return;
	while (c->ring_n > 0 && (c->ring_n == c->ring_cap ||
	    c->ring_bytes + len > REPLAY_MAX_BYTES))
		ring_drop_oldest(c);
	if (len > REPLAY_MAX_BYTES)
		return;
	r = &c->ring[(c->ring_start + c->ring_n) % c->ring_cap];
	if (om != NULL) {
		/* the queue's copy, kept after it is sent */
		conn_msg_ref(om);
		r->msg = conn_msg_text(om);
	} else {
		char *own;

		if ((own = malloc(len)) == NULL)
			return;
		memcpy(own, msg, len);
		r->msg = own;
	}
	r->om = om;
	r->len = len;
	r->seq = c->seq;
	r->has_req = req == NULL ? 0 : first ? 1 : 2;
	if (req != NULL)
		memcpy(r->req, req, CONV_REQ_BYTES);
	/* a slot without a request may match a tag: conv_dedup() checks */
	c->ring_tag[r - c->ring] = req != NULL ? req[0] : 0;
	c->ring_n++;
	c->ring_bytes += len;
}

/*
 * The bytes of the message being sent: one buffer kept from message to
 * message (an encoding made its own buffer and grew it by realloc
 * every time), given back when a long message made it big.  In use by
 * one message at a time; a nested use encodes into its own.
 */
#define EMIT_BUF_FIRST	8192
#define EMIT_BUF_KEEP	(64 * 1024)
/*
 * A queue entry's first room (conn_msg_buf()), by event type: the longest
 * message of that type so far (at most EMIT_BUF_KEEP), so that a message
 * is seldom grown while it is rendered (a realloc() copies it: from a
 * fixed 4 kB, a recommendation of 12-16 kB grew twice, and from the last
 * one's length and a quarter one in six still grew); the room past the
 * text is given back after (conn_msg_of_buf()), so a large room costs
 * nothing kept.  EMIT_MSG_FIRST before a type's first.
 */
#define EMIT_MSG_FIRST	4096
#define EMIT_MSG_TYPES	16
static size_t		emit_msg_room[EMIT_MSG_TYPES];

static struct strbuf	emit_buf;
static int		emit_busy;

/*
 * The buffer a message is written into, empty: the kept one, or own
 * (initialised here, the caller frees it) while the kept one is in use
 * or cannot be made; NULL without memory.  Marked in use by the caller.
 */
static struct strbuf *
emit_take(struct strbuf *own)
{
	if (!emit_busy && emit_buf.p == NULL)
		strbuf_init(&emit_buf, EMIT_BUF_FIRST);
	if (!emit_busy && emit_buf.p != NULL) {
		emit_buf.len = 0;
		emit_buf.p[0] = '\0';
		return &emit_buf;
	}
	strbuf_init(own, 1024);
	return own->p != NULL ? own : NULL;
}

/* msg's canonical bytes (*lenp long): the kept buffer's, or malloc'd. */
static char *
emit_encode(const json_t *msg, size_t *lenp, int *kept)
{
	*kept = 0;
	if (emit_busy)
		return proto_encode(msg, lenp);
	if (emit_buf.p == NULL)
		strbuf_init(&emit_buf, EMIT_BUF_FIRST);
	if (emit_buf.p == NULL)
		return proto_encode(msg, lenp);
	emit_buf.len = 0;
	emit_buf.p[0] = '\0';
	if (jsonenc_append(&emit_buf, msg) == -1)
		return NULL;	/* on a failed allocation emit_buf is empty */
	*kept = emit_busy = 1;
	*lenp = emit_buf.len;
	return emit_buf.p;
}

static void
emit_release(char *text, int kept)
{
	if (!kept) {
		free(text);
		return;
	}
	emit_busy = 0;
	if (emit_buf.cap > EMIT_BUF_KEEP)
		free(strbuf_finish(&emit_buf, NULL));
}

/*
 * json_string(s) for a name or an id: those are printable ASCII when they
 * pass the protocol's checks, and then need not be checked as UTF-8 (and
 * copied) by jansson byte by byte; anything else is checked.
 */
static json_t *
json_name(const char *s)
{
	size_t len;

	return jsonenc_printable(s, &len) ? json_stringn_nocheck(s, len) :
	    json_string(s);
}

/*
 * Send msg (its "type" set; borrowed) in conversation c: number it, mark
 * what it answers and whether the turn is done, keep it for replay and for
 * the transcript, and queue it if a connection is attached.
 */
static void
conv_emit_rec(struct daemon *d, struct conversation *c, json_t *msg,
    const char *re, int done, int record)
{
	const char *type = json_string_value(json_object_get(msg, "type"));
	struct outmsg *om = NULL;
	char *text;
	size_t len;
	int kept;

	(void)json_object_set_new_nocheck(msg, "conversation",
	    json_name(c->name));
	(void)json_object_set_new_nocheck(msg, "seq", json_integer((json_int_t)
	    ++c->seq));
	if (re != NULL)
		(void)json_object_set_new_nocheck(msg, "re", json_name(re));
	if (done)
		(void)json_object_set_new_nocheck(msg, "done", json_true());
	if ((text = emit_encode(msg, &len, &kept)) == NULL) {
		log_warnx("conversation %s: cannot encode a message",
		    conversation_logname(c->key));
		return;
	}
	/*
	 * A message whose record could not be written is never sent; nor
	 * one not recorded whose seq could not be journaled (a rebuild would
	 * give that seq out again).
	 */
	if (record ? transcript_record_text(d, c, "server", msg, text,
	    len) == -1 : transcript_note_seq(d, c, c->seq) == -1) {
		emit_release(text, kept);
		return;
	}
	/* one copy for the connection's queue and the ring (ring_push()) */
	if (c->conn != NULL && (type == NULL ||
	    strcmp(type, "transcript") != 0))
		om = conn_msg_new(text, len);
	{
		size_t before = c->ring_bytes;

		ring_push(c, (size_t)d->conf->replay_messages, text, len, om);
		limits_ring_bytes((long)c->ring_bytes - (long)before);
	}
	metrics_out(d, type ? type : "?");
	if (type != NULL && strcmp(type, "answer") == 0 &&
	    json_is_false(json_object_get(msg, "covered")))
		d->metrics.not_covered++;
	if (type != NULL && strcmp(type, "recommendation") == 0)
		metrics_verdict(d, kb_outcome_index(c->kb->kb,
		    json_string_value(json_object_get(msg, "verdict"))));
	if (type != NULL && strcmp(type, "error") == 0)
		metrics_error(d, json_string_value(json_object_get(msg,
		    "code")));
	/* a transcript's size has its own bound (ws.c) */
	if (c->conn != NULL && type != NULL &&
	    strcmp(type, "transcript") == 0)
		(void)conn_send_transcript(c->conn, text, len, c);
	else if (c->conn != NULL && om != NULL)
		(void)conn_send_conv_msg(c->conn, om, c);
	else if (c->conn != NULL)
		(void)conn_send_conv(c->conn, text, len, c);
	else
		conn_msg_unref(om);
	emit_release(text, kept);
}

static void
conv_emit(struct daemon *d, struct conversation *c, json_t *msg,
    const char *re, int done)
{
	conv_emit_rec(d, c, msg, re, done, 1);
}

/*
 * Count answer a, sent: with whole, one the article does not cover
 * ("covered": false); and one that says it covers part only, beginning
 * with a note of what the article lacks (a `missing` note, or the claims
 * of another subject than the one asked), so that every reply saying
 * the article lacks something is counted once, in one of the two.
 */
static void
conv_count_answer(struct daemon *d, const struct kb_answer *a, int whole)
{
	if (a->nclaims == 0) {
		if (whole)
			d->metrics.not_covered++;
	} else if (a->nmissing > 0 || a->other_subject >= 0)
		d->metrics.partly_covered++;
}

/*
 * conv_emit() of event ev without a tree, for the events that
 * render_json_bytes() writes straight to their bytes (the same bytes,
 * record and Markdown).  0 when sent (or dropped as conv_emit_rec()
 * drops a message whose record failed); -1 when the caller must render
 * the tree, nothing done.
 */
static int
conv_emit_direct(struct daemon *d, struct conversation *c,
    const struct kb *kb, const struct dlg_event *ev, const char *re,
    int done)
{
	struct render_env env;
	struct tr_md_parts md;
	struct strbuf own, *b = NULL;
	size_t t = (size_t)ev->type;
	int rc, entry = 0;

	/*
	 * For a connection, rendered straight into its queue entry
	 * (conn_msg_buf()), which the ring shares: the message is written
	 * once and not copied; else into the kept buffer.
	 */
	if (c->conn != NULL) {
		conn_msg_buf(&own, t < EMIT_MSG_TYPES && emit_msg_room[t] > 0 ?
		    emit_msg_room[t] : EMIT_MSG_FIRST);
		if (own.p != NULL) {
			b = &own;
			entry = 1;
		}
	}
	if (b == NULL && (b = emit_take(&own)) == NULL)
		return -1;
	env.conversation = c->name;
	env.seq = (long long)c->seq + 1;
	env.re = re;
	env.done = done;
	if (render_json_bytes(kb, ev, &env, b, &md) == -1) {
		if (b == &own)
			strbuf_free(&own);
		return -1;
	}
	++c->seq;
	if (b == &emit_buf)
		emit_busy = 1;
	if (t < EMIT_MSG_TYPES && b->len + 64 > emit_msg_room[t])
		emit_msg_room[t] = b->len + 64 < EMIT_BUF_KEEP ? b->len + 64 :
		    EMIT_BUF_KEEP;
	/* as conv_emit_rec(): a message whose record failed is not sent */
	rc = transcript_record_rendered(d, c, b->p, b->len, &md);
	if (rc == 0) {
		size_t before = c->ring_bytes, len = b->len;
		/* one copy for the connection's queue and the ring, or none */
		struct outmsg *om = entry ? conn_msg_of_buf(b) :
		    c->conn != NULL ? conn_msg_new(b->p, b->len) : NULL;
		const char *text = om != NULL ? conn_msg_text(om) : b->p;

		ring_push(c, (size_t)d->conf->replay_messages, text, len, om);
		limits_ring_bytes((long)c->ring_bytes - (long)before);
		metrics_out(d, md.type);
		if (ev->type == DLG_EV_ANSWER)
			conv_count_answer(d, &ev->u.answer, 1);
		if (ev->type == DLG_EV_RECOMMENDATION)
			metrics_verdict(d, kb_outcome_index(c->kb->kb,
			    kb->dialogue.outcomes[ev->u.recommendation.outcome].id));
		if (c->conn != NULL && om != NULL)
			(void)conn_send_conv_msg(c->conn, om, c);
		else if (c->conn != NULL)
			(void)conn_send_conv(c->conn, text, len, c);
		else
			conn_msg_unref(om);
	}
	json_decref(md.choices);
	if (b == &own)
		strbuf_free(&own);	/* nothing, once an entry took it */
	else
		emit_release(b->p, 1);
	return 0;
}

/*
 * The engine's events become messages, rendered by protocol/render_json.c;
 * the last one closes the turn.  first (owned; NULL: none) goes before
 * them.  They are queued as one turn (conn_turn): the client's output
 * bound is asked of the queue as the turn began.
 */
static void
conv_emit_events(struct daemon *d, struct conversation *c,
    const struct dlg_events *evs, const char *re, json_t *first)
{
	struct conn *cn = c->conn;
	size_t i, n = evs->n;
	json_t *o;

	if (cn != NULL)
		conn_turn(cn, 1);	/* its messages go whole */
	if (evs->dropped > 0)
		log_warnx("conversation %s: the engine had %zu events more "
		    "than the %d it may give; they were dropped",
		    conversation_logname(c->key), evs->dropped, DLG_MAX_EVENTS);
	if (first != NULL) {
		conv_emit(d, c, first, re, n == 0);
		json_decref(first);
	}
	for (i = 0; i < n; i++) {
		if (conv_emit_direct(d, c, evs->kb, &evs->ev[i], re,
		    i + 1 == n) == 0)
			continue;
		if ((o = render_json(evs->kb, &evs->ev[i])) == NULL) {
			log_warnx("conversation %s: cannot render a message",
			    conversation_logname(c->key));
			continue;
		}
		conv_emit(d, c, o, re, i + 1 == n);
		json_decref(o);
		/* conv_emit_rec() counted "covered": false from the tree */
		if (evs->ev[i].type == DLG_EV_ANSWER)
			conv_count_answer(d, &evs->ev[i].u.answer, 0);
	}
	if (n == 0 && first == NULL) {
		json_t *e = proto_error_json("internal", "the engine gave no "
		    "answer", NULL, NULL);

		conv_emit(d, c, e, re, 1);
		json_decref(e);
	}
	if (cn != NULL)
		conn_turn(cn, 0);
}

/* Random bytes as hex: names and resume tokens. */
static void
random_hex(char *out, size_t nbytes)
{
	unsigned char buf[32];

	randombytes_buf(buf, nbytes);
	(void)sodium_bin2hex(out, nbytes * 2 + 1, buf, nbytes);
}

static int
valid_name(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x21 || (unsigned char)*s > 0x7e)
			return 0;
	return 1;
}

/*
 * The browsers at addr hold max_conversations_per_ip conversations: close
 * the longest idle one waiting for resume, to make room.  0 when every
 * one is attached (then the new one is refused).
 */
static int
conv_shed_address(struct daemon *d, const char *ip)
{
	struct conversation *c;
	char addr[64];

	peers_addr_key(ip, addr, sizeof(addr));	/* as c->addr is */

	for (c = d->lru_head; c != NULL; c = c->lru_next)
		if (c->conn == NULL && strcmp(c->addr, addr) == 0) {
			limits_closed("per_ip");
			conv_destroy(d, c, "expired");
			return 1;
		}
	return 0;
}

/* Is cn's owner a chat-platform webhook ("webhook:PLATFORM")? */
static int
conv_is_webhook(const char *owner)
{
	return strncmp(owner, "webhook:", 8) == 0;
}

/*
 * The bound on the conversations of the chat-platform webhooks together:
 * max_webhook_conversations, or half of max_conversations when it is 0
 * (at least 1), so that a Slack workspace cannot take every conversation
 * of the daemon from its WebSocket users.
 */
static size_t
conv_webhook_max(const struct daemon *d)
{
	long m = d->conf->max_webhook_conversations;

	if (m <= 0)
		m = d->conf->max_conversations / 2 > 0 ?
		    d->conf->max_conversations / 2 : 1;
	return (size_t)m;
}

/*
 * Is there no room for another conversation of cn?  Then it is refused
 * with too_many_conversations naming the bound it hit and its value
 * (also in "limit"), and 1 is returned.
 */
static int
conv_full(struct conn *cn, const char *re, const char *name)
{
	struct daemon *d = cn->d;
	const char *limit = NULL;
	char msg[256];
	json_t *e;

	if (d->nconversations >= (size_t)d->conf->max_conversations) {
		limit = "max_conversations";
		(void)snprintf(msg, sizeof(msg), "no room for another "
		    "conversation: the server holds its bound of %ld "
		    "(max_conversations)", d->conf->max_conversations);
	} else if (conv_is_webhook(cn->key_name) &&
	    d->nwebhook_conversations >= conv_webhook_max(d)) {
		limit = "max_webhook_conversations";
		(void)snprintf(msg, sizeof(msg), "no room for another "
		    "conversation: the chat-platform webhooks hold their bound "
		    "of %zu (max_webhook_conversations%s; max_conversations is "
		    "%ld)", conv_webhook_max(d),
		    d->conf->max_webhook_conversations > 0 ? "" :
		    " = 0: half of max_conversations",
		    d->conf->max_conversations);
	} else if (cn->integration && cn->nconvs >=
	    (size_t)d->conf->max_conversations_per_connection) {
		limit = "max_conversations_per_connection";
		(void)snprintf(msg, sizeof(msg), "no room for another "
		    "conversation: this connection holds its bound of %ld "
		    "(max_conversations_per_connection)",
		    d->conf->max_conversations_per_connection);
	}
	if (limit == NULL)
		return 0;
	if ((e = proto_error_json("too_many_conversations", msg, re,
	    name)) != NULL) {
		(void)json_object_set_new(e, "limit", json_string(limit));
		(void)json_object_set_new(e, "done", json_true());
		(void)conn_send_json(cn, e);
		json_decref(e);
	}
	return 1;
}

/*
 * Refuse a resume onto cn, an integration connection holding its bound of
 * conversations: too_many_conversations naming the bound and its value,
 * in the words and "limit" conv_full() gives a new one.
 */
static void
conv_full_connection(struct conn *cn, const char *re, const char *name)
{
	char msg[256];

	(void)snprintf(msg, sizeof(msg), "no room for another conversation: "
	    "this connection holds its bound of %ld "
	    "(max_conversations_per_connection)",
	    cn->d->conf->max_conversations_per_connection);
	conn_send_error_limit(cn, "too_many_conversations", msg, re, name,
	    "max_conversations_per_connection");
}

/*
 * Create a conversation for cn named name (NULL: the daemon names it) and
 * attach it; meta (borrowed, may be NULL) goes to its transcript header.
 * Returns NULL with an error sent when a limit forbids it.
 */
static struct conversation *
conv_create(struct conn *cn, const char *name, const char *re, json_t *meta,
    double now)
{
	struct daemon *d = cn->d;
	struct conversation *c;
	char gen[32];
	size_t h;

	if (conv_full(cn, re, name))
		return NULL;
	if (d->sb != &backend_local && !transcript_ready(d)) {
		/*
		 * the shared store cannot take its first line now (F12); a
		 * local journal that cannot be written refuses the turn as
		 * storage_failed, as before (only /readyz says it)
		 */
		conn_send_error(cn, "store_unavailable", "the shared store "
		    "cannot take a new conversation now (unreachable, or "
		    "refusing writes); retry, or another instance", re, name);
		return NULL;
	}
	if (limits_state_full(d)) {
		json_t *e = proto_error_json("storage_full", "the server's "
		    "transcript storage is full (max_state_bytes); no new "
		    "conversation can be started now", re, name);

		(void)json_object_set_new(e, "limit",
		    json_string("max_state_bytes"));
		(void)json_object_set_new(e, "done", json_true());
		/* the operator's cue: the only place this refusal is named */
		log_info("conn %llu %s: new conversation refused: the state "
		    "directory is at max_state_bytes (%lld); make room or "
		    "raise it", (unsigned long long)cn->id, cn->peer,
		    (long long)d->conf->max_state_bytes);
		(void)conn_send_json(cn, e);
		json_decref(e);
		return NULL;
	}
	if (!limits_conv_admit(cn) && !conv_shed_address(d, cn->peer)) {
		json_t *e = proto_error_json("too_many_conversations", "your "
		    "address holds as many conversations as it may "
		    "(max_conversations_per_ip), all of them open",
		    re, name);

		limits_refused_per_ip();
		(void)json_object_set_new(e, "limit",
		    json_string("max_conversations_per_ip"));
		(void)json_object_set_new(e, "done", json_true());
		(void)conn_send_json(cn, e);
		json_decref(e);
		return NULL;
	}
	if (name == NULL) {
		(void)strcpy(gen, "c-");
		random_hex(gen + 2, 10);
		name = gen;
	} else if (!valid_name(name) || strlen(name) > PROTO_MAX_CONV) {
		conn_send_error(cn, "invalid_field", "'conversation' must be "
		    "printable ASCII without spaces", re, NULL);
		return NULL;
	}
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		conn_send_error(cn, "internal", "out of memory", re, name);
		return NULL;
	}
	(void)snprintf(c->name, sizeof(c->name), "%s", name);
	(void)snprintf(c->owner, sizeof(c->owner), "%s", cn->key_name);
	(void)snprintf(c->key, sizeof(c->key), "%s/%s", c->owner, c->name);
	if (conv_find(d, c->key) != NULL) {
		free(c);
		conn_send_error(cn, "conversation_exists", "a conversation of "
		    "that name is open; resume it or choose another name", re,
		    name);
		return NULL;
	}
	random_hex(c->token, 32);
	restoken_hash(c->token, c->token_hash);
	c->kb = d->kb;
	c->kb->refs++;
	dialogue_init(&c->dlg, c->kb->kb);
	c->started = now;
	h = conv_hash(d, c->key);
	c->hnext = d->ctable[h];
	d->ctable[h] = c;
	d->nconversations++;
	if (conv_is_webhook(c->owner))
		d->nwebhook_conversations++;
	d->metrics.conversations_total++;
	lru_touch(d, c, now);
	conv_attach(cn, c);
	limits_conv_added(c, cn->integration ? NULL : cn->peer);
	if (transcript_open(d, c, meta) == -1) {
		/* no conversation without its transcript */
		conn_send_error(cn, "storage_failed", "the conversation's "
		    "transcript could not be stored", re, name);
		conv_destroy(d, c, "storage failed");
		return NULL;
	}
	transcript_opened_by(c, re);
	log_info("conversation %s: start (conn %llu %s)",
	    conversation_logname(c->key), (unsigned long long)cn->id, cn->peer);
	return c;
}

/* The engine's opening: intro and first question, after a first message. */
static void
conv_start(struct daemon *d, struct conversation *c, const char *re,
    json_t *first)
{
	struct dlg_input in;

	c->has_req = 0;		/* an opening answers no resendable message */
	memset(&in, 0, sizeof(in));
	in.kind = DLG_START;
	dialogue_input(&c->dlg, &in, &conv_events);
	conv_emit_events(d, c, &conv_events, re, first);
}

static json_t *
welcome_json(struct conn *cn, const char *re)
{
	struct daemon *d = cn->d;
	const struct kb *kb = d->kb->kb;
	json_t *w, *subjects, *outcomes;
	size_t i;

	w = json_pack("{s:s, s:s, s:s, s:{s:s, s:s, s:s, s:I}, s:b, s:o}",
	    "type", "welcome", "protocol", PROTO_NAME,
	    "server", "advisord/" ADVISORD_VERSION,
	    "kb", "id", kb->id, "title", kb->title, "hash", kb->hash_hex,
	    "claims", (json_int_t)kb->nclaims,
	    "integration", cn->integration,
	    "limits", limits_welcome(d, cn->integration));
	if (w == NULL)
		return NULL;
	/* what the knowledge base speaks of, in its order, for clients' labels */
	subjects = json_array();
	for (i = 0; i < kb->nsubjects; i++)
		(void)json_array_append_new(subjects, json_pack("{s:s, s:s}",
		    "id", kb->subjects[i].id, "name", kb->subjects[i].name));
	outcomes = json_array();
	for (i = 0; i < kb->dialogue.noutcomes; i++)
		(void)json_array_append_new(outcomes, json_pack("{s:s, s:s}",
		    "id", kb->dialogue.outcomes[i].id, "label",
		    kb->dialogue.outcomes[i].label));
	(void)json_object_set_new(json_object_get(w, "kb"), "subjects",
	    subjects);
	(void)json_object_set_new(json_object_get(w, "kb"), "outcomes",
	    outcomes);
	transcript_pubkey_json(d, w);
	if (re != NULL)
		(void)json_object_set_new(w, "re", json_string(re));
	return w;
}

/* Is key the secret of one of the configured API keys?  Constant time. */
static const struct api_key *
api_key_match(struct daemon *d, const char *key)
{
	const struct api_key *found = NULL;
	size_t i, len = strlen(key);

	for (i = 0; i < d->conf->napi_keys; i++) {
		const struct api_key *ak = &d->conf->api_keys[i];
		size_t alen = strlen(ak->ak_secret);
		unsigned char a[160], b[160];

		/* compare fixed-size buffers: no early exit on length */
		memset(a, 0, sizeof(a));
		memset(b, 0, sizeof(b));
		memcpy(a, ak->ak_secret, alen);
		memcpy(b, key, len < sizeof(b) ? len : sizeof(b));
		if (sodium_memcmp(a, b, sizeof(a)) == 0 && alen == len)
			found = ak;
	}
	return found;
}

/*
 * Authenticate cn with key (from the Authorization header or hello).
 * Returns 0, or -1 when the key is wrong.
 */
int
conversation_auth(struct conn *cn, const char *key)
{
	const struct api_key *ak = api_key_match(cn->d, key);

	if (ak == NULL)
		return -1;
	cn->integration = 1;
	(void)snprintf(cn->key_name, sizeof(cn->key_name), "%s", ak->ak_name);
	return 0;
}

/*
 * Send a kept message again, marked "replay": true, so that a client can
 * tell it from a new answer whatever its re.
 */
static void
ring_resend(struct conn *cn, const struct replay *r)
{
	json_t *j = json_loadb(r->msg, r->len, 0, NULL);
	char *text;
	size_t len;

	if (j == NULL || json_object_set_new(j, "replay", json_true()) == -1 ||
	    (text = proto_encode(j, &len)) == NULL) {
		json_decref(j);
		(void)conn_send(cn, r->msg, r->len);
		return;
	}
	(void)conn_send(cn, text, len);
	free(text);
	json_decref(j);
}

/*
 * The hash of a client message's canonical bytes (id included), to tell
 * a repeated message from another with the same id.  Kept in memory only
 * (a rebuild hashes the records again), so a keyed SipHash with a key
 * drawn at the first use does: a client cannot aim at a collision with a
 * key it never sees, and it costs a fifth of a BLAKE2b of these few
 * hundred bytes (cg_turn.sh).
 */
static void
conv_req_hash(const char *text, size_t len, unsigned char *out)
{
	static unsigned char key[crypto_shorthash_siphashx24_KEYBYTES];
	static int keyed;

	_Static_assert(CONV_REQ_BYTES == crypto_shorthash_siphashx24_BYTES,
	    "a request hash is one SipHash-2-4 128-bit output");
	if (!keyed) {
		randombytes_buf(key, sizeof(key));
		keyed = 1;
	}
	(void)crypto_shorthash_siphashx24(out, (const unsigned char *)text,
	    len, key);
}

/*
 * A user message refused because the disk budget is spent: the state
 * directory's hard ceiling, or the address's share (limit).  Nothing is
 * recorded; transcript and end still work.
 */
static void
conv_disk_refused(struct conn *cn, struct conversation *c,
    const struct proto_msg *m, const char *limit)
{
	json_t *e = proto_error_json("storage_full", strcmp(limit,
	    "max_state_bytes") == 0 ? "the server's transcript storage is "
	    "past its budget (max_state_bytes); this conversation cannot "
	    "grow: end it (its transcript is kept)" : "the conversations of "
	    "your address have written their share of the server's storage "
	    "(max_state_bytes_per_ip); end this or others of them (their "
	    "transcripts are kept), or try later: those left open close "
	    "after idle_timeout", m->id, c->name);

	if (e == NULL)
		return;
	(void)json_object_set_new(e, "limit", json_string(limit));
	(void)json_object_set_new(e, "done", json_true());
	(void)conn_send_json(cn, e);
	json_decref(e);
}

/*
 * A transcript request refused before its reply is made: busy (another
 * reply is being made for this connection) or over max_replay_bytes.
 * The error names the bound; the conversation goes on.
 */
static void
conv_reply_refused(struct conn *cn, struct conversation *c,
    const struct proto_msg *m, int busy)
{
	json_t *e = proto_error_json("transcript_refused", busy ?
	    "a transcript is already being made for this connection; ask "
	    "again once it has arrived" : "the transcript does not fit in "
	    "what is left of the server's memory budget (max_replay_bytes) "
	    "now; ask again later (the final transcript is stored at end)",
	    m->id, c->name);

	if (e == NULL)
		return;
	(void)json_object_set_new(e, "limit", json_string(busy ?
	    "one_per_connection" : "max_replay_bytes"));
	(void)json_object_set_new(e, "done", json_true());
	(void)conn_send_json(cn, e);
	json_decref(e);
}

/*
 * The bound that pushed c's oldest messages out of its ring, for a
 * replay_gap's "limit": the count (replay_messages) when the ring holds
 * that many, else its bytes (welcome.limits.conversation.replay_bytes).
 */
static const char *
conv_ring_limit(const struct daemon *d, const struct conversation *c)
{
	return c->ring_n >= (size_t)d->conf->replay_messages ?
	    "replay_messages" : "replay_bytes";
}

/*
 * A resent message id whose answer is kept only from seq first on (its
 * first messages were pushed out of the ring): say so before the kept
 * ones, as a resume does (replay_gap with first_seq, no done).
 */
static void
conv_dedup_gap(struct conn *cn, struct conversation *c, const char *id,
    uint64_t first)
{
	json_t *j = proto_error_json("replay_gap", "the first messages of "
	    "this answer are no longer kept", id, c->name);

	(void)json_object_set_new(j, "first_seq", json_integer(
	    (json_int_t)first));
	(void)json_object_set_new(j, "limit", json_string(
	    conv_ring_limit(cn->d, c)));
	(void)conn_send_json(cn, j);
	json_decref(j);
}

/*
 * Is m (id and content) a message c accepted before whose answer is still
 * kept for replay?  Then that answer is sent again from the record,
 * marked replay, and m is not applied a second time: returns 1.  Else 0,
 * with m's hash set to mark what c sends in answer to it, and *textp
 * (the caller's to free; NULL when it could not be made) m's canonical
 * bytes, *lenp long, for its transcript record.
 */
static int
conv_dedup(struct conn *cn, struct conversation *c, struct proto_msg *m,
    char **textp, size_t *lenp)
{
	unsigned char h[CONV_REQ_BYTES];
	char *text;
	size_t i, len, n = 0;

	c->has_req = 0;
	*textp = NULL;
	*lenp = 0;
	/* decoding may have made them already (jsonflat.c) */
	if (m->canon != NULL) {
		text = m->canon;
		len = m->canon_len;
		m->canon = NULL;
	} else if ((text = proto_encode(m->root, &len)) == NULL)
		return 0;
	conv_req_hash(text, len, h);
	/* every kept answer is looked at, on every message, oldest first:
	 * the slots from ring_start to the end of the array, then from 0;
	 * memchr() over their tags (the hashes' first bytes) skips nearly
	 * all of them, and a slot it stops at is compared whole */
	if (c->ring_n > 0) {
		size_t seg[2][2];

		conn_turn(cn, 1);	/* the answer goes whole */
		conv_resending = c;	/* its ring stays as it is */
		seg[0][0] = c->ring_start;
		seg[0][1] = c->ring_n < c->ring_cap - c->ring_start ?
		    c->ring_n : c->ring_cap - c->ring_start;
		seg[1][0] = 0;
		seg[1][1] = c->ring_n - seg[0][1];
		for (i = 0; i < 2; i++) {
			const unsigned char *t = c->ring_tag + seg[i][0];
			const unsigned char *end = t + seg[i][1], *q;

			for (; t < end && (q = memchr(t, h[0],
			    (size_t)(end - t))) != NULL; t = q + 1) {
				const struct replay *r =
				    &c->ring[q - c->ring_tag];

				if (r->has_req && memcmp(r->req, h,
				    sizeof(h)) == 0) {
					if (n == 0 && r->has_req != 1)
						conv_dedup_gap(cn, c, m->id,
						    r->seq);
					ring_resend(cn, r);
					n++;
				}
			}
		}
		conv_resending = NULL;
		conn_turn(cn, 0);
	}
	if (n > 0) {
		log_info("conversation %s: message '%s' was applied before; "
		    "its %zu answers sent again from the record",
		    conversation_logname(c->key), m->id, n);
		free(text);
		return 1;
	}
	memcpy(c->req, h, sizeof(h));
	c->has_req = 1;
	*textp = text;
	*lenp = len;
	return 0;
}

/* Send what c said after seq last, then a resumed message closing the turn. */
static void
conv_replay(struct conn *cn, struct conversation *c, long long last,
    const char *re)
{
	size_t i;
	uint64_t first = c->ring_n ? c->ring[c->ring_start].seq : c->seq + 1;
	json_t *j;

	conn_turn(cn, 1);	/* the resume's turn goes whole */
	if ((uint64_t)last + 1 < first && (uint64_t)last < c->seq) {
		/* given up for the memory budget (conversations_trim)? */
		int budget = (uint64_t)last < c->ring_trimmed;

		j = proto_error_json("replay_gap", budget ? "older messages "
		    "are no longer kept: the server's memory budget "
		    "(max_replay_bytes) was spent, and this conversation "
		    "kept only its latest answer" : "older messages are no "
		    "longer kept", re, c->name);
		(void)json_object_set_new(j, "first_seq", json_integer(
		    (json_int_t)first));
		(void)json_object_set_new(j, "limit", json_string(budget ?
		    "max_replay_bytes" : conv_ring_limit(cn->d, c)));
		(void)conn_send_json(cn, j);
		json_decref(j);
	}
	conv_resending = c;	/* its ring stays as it is */
	for (i = 0; i < c->ring_n; i++) {
		struct replay *r = &c->ring[(c->ring_start + i) % c->ring_cap];

		if (r->seq > (uint64_t)last)
			ring_resend(cn, r);
	}
	conv_resending = NULL;
	j = json_pack("{s:s, s:s, s:I, s:b}", "type", "resumed",
	    "conversation", c->name, "last_seq", (json_int_t)c->seq, "done",
	    1);
	/*
	 * Not known here only when an integration took it over from the
	 * shared store without it (PostgreSQL keeps its hash): left out.
	 */
	if (c->token[0] != '\0')
		(void)json_object_set_new(j, "token", json_string(c->token));
	if (re != NULL)
		(void)json_object_set_new(j, "re", json_string(re));
	(void)conn_send_json(cn, j);
	json_decref(j);
	conn_turn(cn, 0);
}

/* Bytes conv_replay() would send after seq last (the ring's messages). */
static size_t
conv_replay_bytes(const struct conversation *c, long long last)
{
	size_t i, n = 0;

	for (i = 0; i < c->ring_n; i++) {
		const struct replay *r = &c->ring[(c->ring_start + i) %
		    c->ring_cap];

		if (r->seq > (uint64_t)last)
			n += r->len;
	}
	return n;
}

/*
 * Resumes refused, by reason, for /metrics (advisord_resumes_refused_total):
 * a wrong token in a loop (guessing), a client resuming what expired, one
 * held back by a resume rate.  The reasons are the error codes the client
 * gets, or the rate limit's name.
 */
static const char *const conv_resume_reasons[] = {
	"unknown_conversation", "bad_token", "missing_token",
	"invalid_last_seq", "rate_resume", "rate_replay_bytes",
	"rate_replay_bytes_per_ip",
};
#define CONV_RESUME_NREASONS \
	(sizeof(conv_resume_reasons) / sizeof(conv_resume_reasons[0]))
static unsigned long long conv_resume_refused[CONV_RESUME_NREASONS];

/*
 * The lines conv_resume_refuse_log() writes: CONV_RESUME_LOG_BURST at
 * once, then CONV_RESUME_LOG_RATE a second, for the whole daemon.  A
 * client sending refused resumes as fast as rate_connection lets it, on
 * every connection its address may hold, wrote thousands of lines a
 * second (and journald's own rate limit then drops the daemon's other
 * lines); the counter counts every refusal.
 */
#define CONV_RESUME_LOG_RATE	10
#define CONV_RESUME_LOG_BURST	50
static struct bucket conv_resume_log_bucket;
static unsigned long long conv_resume_unlogged;

/*
 * A resume of key (OWNER/NAME) on cn was refused for reason (one of
 * conv_resume_reasons): counted, and logged in one line naming the reason
 * and the peer, so that an operator sees a client that cannot get back
 * in; past the log's rate (above) not logged, and the next line logged
 * says how many were not.  Never the token: it is the conversation's
 * only secret.
 */
static void
conv_resume_refuse_log(struct conn *cn, const char *key, const char *reason)
{
	size_t i;

	for (i = 0; i < CONV_RESUME_NREASONS; i++)
		if (strcmp(conv_resume_reasons[i], reason) == 0)
			conv_resume_refused[i]++;
	if (!bucket_take(&conv_resume_log_bucket, server_now(),
	    CONV_RESUME_LOG_RATE, CONV_RESUME_LOG_BURST, NULL)) {
		conv_resume_unlogged++;
		return;
	}
	if (conv_resume_unlogged > 0)
		log_info("conversation %s: resume refused: %s (conn %llu %s); "
		    "%llu refused resumes before it not logged (over %d lines "
		    "a second; advisord_resumes_refused_total counts them)",
		    conversation_logname(key), reason,
		    (unsigned long long)cn->id, cn->peer, conv_resume_unlogged,
		    CONV_RESUME_LOG_RATE);
	else
		log_info("conversation %s: resume refused: %s (conn %llu %s)",
		    conversation_logname(key), reason,
		    (unsigned long long)cn->id, cn->peer);
	conv_resume_unlogged = 0;
}

/* advisord_resumes_refused_total{reason}, every reason listed. */
void
conversation_resume_metrics(struct strbuf *b)
{
	size_t i;

	strbuf_printf(b, "# HELP advisord_resumes_refused_total Resumes "
	    "refused (resume, or hello with resume), by reason: the error "
	    "code sent, or the rate limit that held it.\n"
	    "# TYPE advisord_resumes_refused_total counter\n");
	for (i = 0; i < CONV_RESUME_NREASONS; i++)
		strbuf_printf(b, "advisord_resumes_refused_total{reason=\"%s\"} "
		    "%llu\n", conv_resume_reasons[i], conv_resume_refused[i]);
}

/*
 * A resume of c after seq last is held to the conversation's resume rates,
 * apart from rate_conversation (a client that sent its burst of turns and
 * reconnects still gets its resume): rate_resume resumes and
 * rate_replay_bytes bytes of replay per second, with their bursts; and to
 * the address's replay budget, rate_replay_bytes_per_ip (limits.c says
 * which address: one holding many conversations would otherwise get a
 * burst per conversation).  A replay is large for the hundred bytes that
 * ask for it, so a client resuming in a loop would otherwise take the
 * daemon's output.  Returns 0 when all allow it (and takes from each);
 * else 1, having refused it rate_limited naming the bound that waits
 * longest, with retry_after_ms.  The conversation stays where it was.
 */
static int
conv_resume_rate(struct conn *cn, struct conversation *c, long long last,
    const char *re, double now)
{
	const struct config *k = cn->d->conf;
	double bytes = (double)conv_replay_bytes(c, last);
	struct bucket *ip = limits_replay_bucket(cn, c);
	long wn = bucket_wait(&c->resume_rate, now, (double)k->rate_resume,
	    (double)k->rate_resume_burst, 1);
	long wb = bucket_wait(&c->replay_rate, now,
	    (double)k->rate_replay_bytes, (double)k->rate_replay_bytes_burst,
	    bytes);
	long wi = ip == NULL ? 0 : bucket_wait(ip, now,
	    (double)k->rate_replay_bytes_per_ip,
	    (double)k->rate_replay_bytes_per_ip_burst, bytes);
	const char *limit, *why;
	long wait;
	json_t *e;

	if (wn == 0 && wb == 0 && wi == 0) {
		bucket_spend(&c->resume_rate, (double)k->rate_resume_burst, 1);
		bucket_spend(&c->replay_rate,
		    (double)k->rate_replay_bytes_burst, bytes);
		if (ip != NULL)
			bucket_spend(ip,
			    (double)k->rate_replay_bytes_per_ip_burst, bytes);
		return 0;
	}
	if (wi > wb && wi > wn) {
		limit = "rate_replay_bytes_per_ip";
		wait = wi;
		why = "too much replayed by resumes from this address, all "
		    "its conversations together (rate_replay_bytes_per_ip); "
		    "this resume was refused: send it again after "
		    "retry_after_ms";
	} else if (wb > wn) {
		limit = "rate_replay_bytes";
		wait = wb;
		why = "too much replayed by resumes of this conversation "
		    "(rate_replay_bytes); this resume was refused: send it "
		    "again after retry_after_ms";
	} else {
		limit = "rate_resume";
		wait = wn;
		why = "too many resumes of this conversation (rate_resume); "
		    "this resume was refused: send it again after "
		    "retry_after_ms";
	}
	e = proto_error_json("rate_limited", why, re, c->name);
	limits_dropped(limit);
	conv_resume_refuse_log(cn, c->key, limit);
	(void)json_object_set_new(e, "limit", json_string(limit));
	(void)json_object_set_new(e, "retry_after_ms", json_integer(wait));
	(void)json_object_set_new(e, "done", json_true());
	(void)conn_send_json(cn, e);
	json_decref(e);
	return 1;
}

/*
 * Take conversation name (of cn's owner) back with token, replaying what
 * was missed after last_seq.
 */
static void
conv_resume(struct conn *cn, const char *name, const char *token,
    long long last_seq, const char *re, double now, int checked)
{
	struct daemon *d = cn->d;
	struct conversation *c, *old;
	char key[sizeof(((struct conversation *)0)->key)];
	int rc;

	(void)snprintf(key, sizeof(key), "%s/%s", cn->key_name, name);
	if ((c = conv_find(d, key)) == NULL) {
		/* with a shared store another instance may have held it */
		if ((token != NULL || cn->integration) && transcript_claim(d,
		    cn, key, name, token, last_seq, re) == 0)
			return;
		/* an ended one's kept final transcript: a wrong token was
		 * tried, not a name gone (the client still hears that) */
		conv_resume_refuse_log(cn, key, finals_token_mismatch(key,
		    token) ? "bad_token" : "unknown_conversation");
		conn_send_error(cn, "unknown_conversation", "no such "
		    "conversation; it may have expired", re, name);
		return;
	}
	if (token == NULL) {
		/* the API key that owns the name needs no token (issue 15) */
		if (!cn->integration) {
			conv_resume_refuse_log(cn, key, "missing_token");
			conn_send_error(cn, "missing_field", "'token' is "
			    "required on a browser connection", re, name);
			return;
		}
	} else if (!restoken_matches(token, c->token_hash)) {
		conv_resume_refuse_log(cn, key, "bad_token");
		conn_send_error(cn, "bad_token", "the resume token does not "
		    "match", re, name);
		return;
	} else if (c->token[0] == '\0')
		/* taken over knowing its hash only: known again */
		(void)snprintf(c->token, sizeof(c->token), "%s", token);
	/*
	 * With the shared store another instance may have taken it over
	 * meanwhile (its lease lapsed, its session was closed): the store
	 * says first whether it is still this one's, so that it is never
	 * served by two instances (review r17, F16).
	 */
	if (!checked && transcript_claim_check(d, cn, key, name, token,
	    last_seq, re) == 0)
		return;
	if (c->dormant && (rc = conv_wake(d, c)) != 0) {
		if (rc == -2)
			conn_send_error(cn, "replay_mismatch", "rebuilding the "
			    "conversation from its records gave other answers "
			    "than the recorded ones; it is not resumed", re,
			    name);
		else
			conn_send_error(cn, "internal", "the conversation could "
			    "not be restored", re, name);
		return;
	}
	/* after the wake: a dormant conversation's seq is known only then */
	if (last_seq > (long long)c->seq) {
		/* the client has seen messages that do not exist */
		json_t *e;

		conv_resume_refuse_log(cn, key, "invalid_last_seq");
		e = proto_error_json("invalid_field", "'last_seq' is "
		    "beyond the conversation's latest seq (latest_seq)", re,
		    name);

		(void)json_object_set_new(e, "latest_seq", json_integer(
		    (json_int_t)c->seq));
		(void)json_object_set_new(e, "done", json_true());
		(void)conn_send_json(cn, e);
		json_decref(e);
		return;
	}
	if (conv_resume_rate(cn, c, last_seq, re, now))
		return;
	if (c->conn != NULL && c->conn != cn) {
		struct conn *prev = c->conn;

		conv_detach(c);
		conn_send_error(prev, "conversation_moved", "the conversation "
		    "was resumed on another connection", NULL, c->name);
		if (!prev->integration)
			conn_close(prev, 4001, "conversation resumed elsewhere");
	}
	/* a browser connection holds one conversation: the resumed one */
	if (!cn->integration)
		while ((old = cn->convs) != NULL && old != c)
			conv_detach(old);
	if (c->conn == NULL) {
		if (cn->integration && cn->nconvs >=
		    (size_t)d->conf->max_conversations_per_connection) {
			conv_full_connection(cn, re, name);
			return;
		}
		conv_attach(cn, c);
	}
	lru_touch(d, c, now);
	log_info("conversation %s: resumed (conn %llu %s, after seq %lld)",
	    conversation_logname(c->key), (unsigned long long)cn->id, cn->peer,
	    last_seq);
	conv_replay(cn, c, last_seq, re);
}

/* Connections drop; their conversations wait for a resume. */
void
conversations_detach_all(struct conn *cn)
{
	double now = server_now();

	while (cn->convs != NULL) {
		struct conversation *c = cn->convs;

		conv_detach(c);
		lru_touch(cn->d, c, now);
	}
}

/* The replay kept by the conversations waiting for a resume. */
static long
conversations_waiting_bytes(const struct daemon *d)
{
	const struct conversation *c;
	long bytes = 0;

	for (c = d->lru_head; c != NULL; c = c->lru_next)
		if (c->conn == NULL)
			bytes += (long)c->ring_bytes;
	return bytes;
}

/*
 * The bytes at the end of c's ring that a resume by its client needs
 * kept: its latest answer, from the newest message that begins the
 * answer to a client message on (what "was my message applied?" and a
 * resent message are answered from: PROTOCOL.md section 9), or the
 * newest message when none does.
 */
static size_t
ring_keep_bytes(const struct conversation *c)
{
	size_t i, keep = 0;

	for (i = c->ring_n; i-- > 0;) {
		const struct replay *r = &c->ring[(c->ring_start + i) %
		    c->ring_cap];

		keep += r->len;
		if (r->has_req == 1)
			return keep;
	}
	return c->ring_n ? c->ring[(c->ring_start + c->ring_n - 1) %
	    c->ring_cap].len : 0;
}

/* A connected conversation's replay and what of it must be kept. */
struct trim {
	struct conversation	*c;
	size_t			 bytes, keep;
};

/* Bytes capping each ring of t (n) at level (or its keep, if more) frees. */
static size_t
trim_freed(const struct trim *t, size_t n, size_t level)
{
	size_t i, floor, freed = 0;

	for (i = 0; i < n; i++) {
		floor = t[i].keep > level ? t[i].keep : level;
		if (t[i].bytes > floor)
			freed += t[i].bytes - floor;
	}
	return freed;
}

/*
 * Over the memory budget by need bytes, give up the replay of connected
 * conversations beyond what a resume by their clients needs
 * (ring_keep_bytes): the largest rings first, each cut to the same
 * level (the highest that frees need bytes, never below its latest
 * answer), so that clients keeping hundreds of KB of replay each lose
 * it before a client with a few turns loses any (review h43, F3: 150
 * clients that read held 78 MB of it against a 4 MiB budget).  Their
 * clients are there and took what they were sent; a resume from before
 * what was given up gets replay_gap naming max_replay_bytes.  One scan
 * of the conversations, then a search for the level over those holding
 * more than they must keep.
 */
static long
conversations_trim(struct daemon *d, long need)
{
	struct conversation *c;
	struct trim *t = NULL, *nt;
	size_t n = 0, cap = 0, i, lo = 0, hi = REPLAY_MAX_BYTES, mid;
	long freed = 0;

	for (c = d->lru_head; c != NULL; c = c->lru_next) {
		size_t keep;

		if (c->conn == NULL || c->ring_n < 2 || c == conv_resending)
			continue;
		if ((keep = ring_keep_bytes(c)) >= c->ring_bytes)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			if ((nt = realloc(t, cap * sizeof(*t))) == NULL)
				break;
			t = nt;
		}
		t[n].c = c;
		t[n].bytes = c->ring_bytes;
		t[n++].keep = keep;
	}
	if (n == 0) {
		free(t);
		return 0;
	}
	/* the highest level that frees need: trim_freed falls as it rises */
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (trim_freed(t, n, mid) >= (size_t)need)
			lo = mid;
		else
			hi = mid;
	}
	for (i = 0; i < n; i++) {
		size_t floor = t[i].keep > lo ? t[i].keep : lo;

		c = t[i].c;
		while (c->ring_bytes > floor) {
			c->ring_trimmed = c->ring[c->ring_start].seq;
			ring_drop_oldest(c);
		}
		freed += (long)(t[i].bytes - c->ring_bytes);
	}
	free(t);
	limits_ring_bytes(-freed);
	limits_trimmed(freed);
	return freed;
}

/*
 * What conversations_trim() is asked to free: the overrun and an eighth
 * of the budget more, so that the output of the next replies and
 * replays fits without trimming again at once.
 */
static long
conversations_trim_need(const struct daemon *d)
{
	return limits_memory_over(d) + d->conf->max_replay_bytes / 8;
}

/*
 * Make room for a message of len bytes that does not fit in what is left
 * of max_replay_bytes, for a client that would otherwise be dropped for
 * it (ws.c, conn_reckon): give up the replay of connected conversations
 * beyond what their clients' resumes need (conversations_trim), as the
 * pass would a second later.  A client that reads, resuming or asking
 * several things at once while that replay stands over the budget, is
 * not dropped for it (review h43, F1).  Waiting conversations are left
 * to the pass: a flood of resumes by clients that do not read must not
 * close them.  A look that freed nothing is not made again until the
 * replay has grown by a budget's eighth.  1 when the message fits now.
 */
int
conversations_make_room(struct daemon *d, size_t len)
{
	static long none_at = -1;
	long kept = limits_replay_total();

	if (none_at < 0 || kept > none_at + d->conf->max_replay_bytes / 8) {
		if (conversations_trim(d, conversations_trim_need(d) +
		    (long)len) == 0)
			none_at = limits_replay_total();
		else
			none_at = -1;
	}
	return !limits_over_memory_less(d, -(long)len);
}

/*
 * limits_reply_fits() for a transcript reply of bytes (live, an end's or
 * a final one: finals.c), after making room for it when it would not fit
 * (conversations_make_room): the replay of connected conversations
 * beyond their latest answers goes before a user's transcript or end is
 * refused for the budget, as before a reading client is dropped (an end
 * refused its transcript while other clients' trimmed replay stood just
 * under the budget: shed_connected under the sanitizer build).
 */
int
conversations_reply_fits(struct daemon *d, long bytes, int busy)
{
	if (!busy && bytes > 0 && limits_over_memory_less(d, -bytes))
		(void)conversations_make_room(d, (size_t)bytes);
	return limits_reply_fits(d, bytes, busy);
}

/*
 * What hoarding clients leave: conversations waiting for a resume that
 * never got a user message are closed after unheard_timeout; and while
 * the replay kept for resume and the output queued for clients are over
 * max_replay_bytes: the clients that do not read are dropped first
 * (ws_shed_memory) when the waiting conversations' replay could not
 * cover the overrun (review h38, F3: a few non-readers' queues, 18 MB
 * over, closed every idle waiting conversation, 248 KB of replay, for
 * nothing); then the replay of connected conversations beyond what
 * their clients' resumes need is given up (conversations_trim); then
 * the longest idle waiting conversations are closed, as many as it
 * takes, but only when their replay can cover what is still over
 * (review h43, F3: the replay of connected conversations standing over
 * closed every waiting one each second, for nothing); then the clients
 * that do not read are dropped.  The LRU runs from the longest idle.
 */
static void
conversations_bound(struct daemon *d, double now)
{
	double unheard = (double)d->conf->unheard_timeout;
	struct conversation *c, *next;

	limits_state_tick(d, now);
	ws_held_refresh(d);	/* what lws sent since counts no more */

	for (c = d->lru_head; c != NULL && c->last_active + unheard < now;
	    c = next) {
		next = c->lru_next;
		if (c->conn == NULL && !c->heard) {
			limits_closed("unheard");
			conv_destroy(d, c, "expired");
		}
	}
	if (!limits_over_memory(d))
		return;
	if (limits_over_memory_less(d, conversations_waiting_bytes(d)))
		ws_shed_memory(d);
	if (limits_over_memory(d))
		(void)conversations_trim(d, conversations_trim_need(d));
	if (limits_over_memory(d) &&
	    !limits_over_memory_less(d, conversations_waiting_bytes(d)))
		for (c = d->lru_head; c != NULL && limits_over_memory(d);
		    c = next) {
			next = c->lru_next;
			if (c->conn == NULL) {
				limits_closed("memory");
				conv_destroy(d, c, "expired");
			}
		}
	if (limits_over_memory(d))
		ws_shed_memory(d);
}

/* Close conversations idle for longer than idle_timeout. */
void
conversations_expire(struct daemon *d, double now)
{
	double limit = (double)d->conf->idle_timeout;

	while (d->lru_head != NULL && d->lru_head->last_active + limit < now) {
		struct conversation *c = d->lru_head;

		if (c->conn != NULL) {
			json_t *e = proto_error_json("expired", "the "
			    "conversation was idle too long and is closed; its "
			    "final transcript is kept (file)", NULL, c->name);
			char file[220];

			/* where its final transcript is: "transcript" gets it */
			transcript_file(c, file, sizeof(file));
			if (file[0] != '\0')
				(void)json_object_set_new(e, "file",
				    json_string(file));
			(void)json_object_set_new(e, "done", json_true());
			(void)conn_send_json(c->conn, e);
			json_decref(e);
		}
		conv_destroy(d, c, "expired");
	}
	finals_expire(now);
	conversations_bound(d, now);
}

/*
 * Answer hello m on cn: welcome, then on a browser connection the
 * conversation it starts (or resumes, or has already), none with
 * "start": false; an integration's starts none.
 */
static void
handle_hello(struct conn *cn, struct proto_msg *m, double now)
{
	struct daemon *d = cn->d;
	json_t *w;

	if (m->protocol != NULL && strcmp(m->protocol, PROTO_NAME) != 0) {
		json_t *e = proto_error_json("wrong_protocol", "this server "
		    "speaks " PROTO_NAME, m->id, NULL);

		(void)json_object_set_new(e, "supported",
		    json_pack("[s]", PROTO_NAME));
		(void)json_object_set_new(e, "done", json_true());
		(void)conn_send_json(cn, e);
		json_decref(e);
		return;
	}
	if (m->api_key != NULL && cn->hello) {
		/*
		 * A connection says what it is once, in its first accepted
		 * hello (PROTOCOL.md 5.1): a key in a later one would turn a
		 * browser connection into an integration one holding a
		 * browser conversation (one name, two conversations), or
		 * swap keys under open ones.  Refused before the key is
		 * looked at, so it changes nothing and probes nothing.
		 */
		log_info("conn %llu %s: api_key in a second hello refused",
		    (unsigned long long)cn->id, cn->peer);
		conn_send_error(cn, "invalid_field", "api_key is taken in a "
		    "connection's first hello only; open a new connection "
		    "to use a key", m->id, NULL);
		return;
	}
	if (m->api_key != NULL && conversation_auth(cn, m->api_key) == -1) {
		log_info("conn %llu %s: wrong API key in hello",
		    (unsigned long long)cn->id, cn->peer);
		conn_send_error(cn, "unauthorized", "the API key is not valid",
		    m->id, NULL);
		return;
	}
	cn->hello = 1;
	if (m->client != NULL)
		log_info("conn %llu %s: hello from '%s'%s%s",
		    (unsigned long long)cn->id, cn->peer, m->client,
		    cn->integration ? ", integration " : "",
		    cn->integration ? cn->key_name : "");
	if ((w = welcome_json(cn, m->id)) == NULL) {
		conn_send_error(cn, "internal", "out of memory", m->id, NULL);
		return;
	}
	if (cn->integration) {
		if (m->token != NULL) {
			/* an integration may resume in its hello, too */
			(void)conn_send_json(cn, w);
			json_decref(w);
			conv_resume(cn, m->conversation, m->token, m->last_seq,
			    m->id, now, 0);
			return;
		}
		(void)json_object_set_new(w, "done", json_true());
		(void)conn_send_json(cn, w);
		json_decref(w);
		return;
	}
	if (m->token != NULL) {
		/* a browser coming back: welcome, then what it missed */
		(void)conn_send_json(cn, w);
		json_decref(w);
		conv_resume(cn, m->conversation, m->token, m->last_seq, m->id,
		    now, 0);
		return;
	}
	if (cn->convs == NULL && m->no_start) {
		/*
		 * "start": false: the welcome alone, closing the turn; no
		 * conversation (to fetch a final transcript, PROTOCOL.md
		 * 11.6; a later hello without it starts one)
		 */
		(void)json_object_set_new(w, "done", json_true());
		(void)conn_send_json(cn, w);
		json_decref(w);
		return;
	}
	if (cn->convs == NULL) {
		struct conversation *c = conv_create(cn, NULL, m->id, NULL,
		    now);

		cn->ended[0] = '\0';

		if (c == NULL) {
			json_decref(w);
			return;
		}
		(void)json_object_set_new(w, "conversation",
		    json_string(c->name));
		(void)json_object_set_new(w, "token", json_string(c->token));
		(void)conn_send_json(cn, w);
		json_decref(w);
		conv_start(d, c, m->id, NULL);
		return;
	}
	/* hello again: same conversation, pending question again */
	(void)json_object_set_new(w, "conversation",
	    json_string(cn->convs->name));
	(void)json_object_set_new(w, "token", json_string(cn->convs->token));
	(void)conn_send_json(cn, w);
	json_decref(w);
	conv_start(d, cn->convs, m->id, NULL);
}

/*
 * `end` of a conversation this API key owns that is not on cn: the owner
 * may end it without its token (issue 15), so it is moved here first.
 * NULL when there is none (nothing sent) or no room (an error sent).
 */
static struct conversation *
conv_take(struct conn *cn, struct proto_msg *m)
{
	char key[sizeof(((struct conversation *)0)->key)];
	struct conversation *c;

	(void)snprintf(key, sizeof(key), "%s/%s", cn->key_name,
	    m->conversation);
	if ((c = conv_find(cn->d, key)) == NULL)
		return NULL;
	if (c->conn == NULL && cn->nconvs >=
	    (size_t)cn->d->conf->max_conversations_per_connection) {
		conv_full_connection(cn, m->id, m->conversation);
		return NULL;
	}
	if (c->conn != NULL) {
		struct conn *prev = c->conn;

		conv_detach(c);
		conn_send_error(prev, "conversation_moved", "the conversation "
		    "was ended from another connection", NULL, c->name);
	}
	conv_attach(cn, c);
	return c;
}

/* The conversation a message is about, or NULL with an error sent. */
static struct conversation *
conv_for(struct conn *cn, struct proto_msg *m)
{
	struct conversation *c;

	if (!cn->hello) {
		conn_send_error(cn, "hello_first", "send hello first", m->id,
		    m->conversation);
		return NULL;
	}
	if (!cn->integration) {
		c = cn->convs;
		/* a conversation that is gone: its final transcript */
		if (m->type == PT_TRANSCRIPT && m->conversation != NULL &&
		    (c == NULL || strcmp(m->conversation, c->name) != 0) &&
		    finals_answer(cn, m))
			return NULL;
		if (c == NULL && cn->ended[0] != '\0' &&
		    (m->conversation == NULL ||
		    strcmp(m->conversation, cn->ended) == 0)) {
			conn_send_error(cn, "conversation_ended", "the "
			    "conversation has ended; send hello to start a new "
			    "one", m->id, cn->ended);
			return NULL;
		}
		if (c == NULL || (m->conversation != NULL &&
		    strcmp(m->conversation, c->name) != 0)) {
			conn_send_error(cn, "unknown_conversation",
			    m->type == PT_TRANSCRIPT && m->conversation != NULL ?
			    "no such conversation, and no final transcript is "
			    "kept for it" : c == NULL ?
			    "this connection has no conversation; send hello" :
			    "that is not this connection's conversation", m->id,
			    m->conversation);
			return NULL;
		}
		return c;
	}
	if (m->conversation == NULL) {
		conn_send_error(cn, "missing_field", "'conversation' is "
		    "required on an integration connection", m->id, NULL);
		return NULL;
	}
	for (c = cn->convs; c != NULL; c = c->cnext)
		if (strcmp(c->name, m->conversation) == 0)
			return c;
	if (m->type == PT_END && (c = conv_take(cn, m)) != NULL)
		return c;
	if (m->type == PT_TRANSCRIPT && finals_answer(cn, m))
		return NULL;
	if (strcmp(m->conversation, cn->ended) == 0) {
		conn_send_error(cn, "conversation_ended", "the conversation has "
		    "ended; open a new one", m->id, m->conversation);
		return NULL;
	}
	/* an HTTP request has no connection to speak of, nor resume */
	conn_send_error(cn, "unknown_conversation", m->type == PT_TRANSCRIPT ?
	    (cn->http ? "no such conversation for this API key, and no final "
	    "transcript is kept for it" : "no such conversation on this "
	    "connection, and no final transcript is kept for it") :
	    (cn->http ? "no such conversation for this API key; send an open "
	    "message for it first" : "no such conversation on this "
	    "connection; open it, or resume it"), m->id, m->conversation);
	return NULL;
}

/*
 * Refuse a message of c, whose transcript is as long as it may get
 * (transcript_full), with conversation_full naming the bound and its
 * figures: max_transcript_records (TR_MAX_RECORDS), full_at_records (the
 * margin kept for the replies, transcript and end) and the records held.
 */
static void
conv_full_refused(struct conn *cn, struct conversation *c, const char *re)
{
	long records = transcript_records(c);
	char msg[256];
	json_t *e;

	(void)snprintf(msg, sizeof(msg), "this conversation is as long as a "
	    "transcript may be: it holds %ld records, of at most %d "
	    "(max_transcript_records; refused from %d, full_at_records); "
	    "only transcript and end are accepted: end it and start another",
	    records, TR_MAX_RECORDS, TR_MAX_RECORDS - TR_FULL_MARGIN);
	if ((e = proto_error_json("conversation_full", msg, re, c->name)) ==
	    NULL)
		return;
	(void)json_object_set_new(e, "limit",
	    json_string("max_transcript_records"));
	(void)json_object_set_new(e, "max_transcript_records",
	    json_integer(TR_MAX_RECORDS));
	(void)json_object_set_new(e, "full_at_records",
	    json_integer(TR_MAX_RECORDS - TR_FULL_MARGIN));
	(void)json_object_set_new(e, "records", json_integer(records));
	(void)json_object_set_new(e, "done", json_true());
	(void)conn_send_json(cn, e);
	json_decref(e);
}

/*
 * Handle one decoded client message on cn; t0 is when it arrived.  1: its
 * answer is left to the worker (a transcript or an end: counted in the
 * turn metric when queued, deliver_done); 0: it is answered (queued) now.
 */
static int
conv_handle(struct conn *cn, struct proto_msg *m, double t0)
{
	struct daemon *d = cn->d;
	struct conversation *c;
	struct dlg_input in;
	long retry;
	const char *limit;
	double now = server_now();
	char *text = NULL;	/* m's canonical bytes, from conv_dedup() */
	size_t tlen = 0;
	int rc, fits = 1;

	switch (m->type) {
	case PT_HELLO:
		handle_hello(cn, m, now);
		return 0;
	case PT_OPEN:
		if (!cn->hello) {
			conn_send_error(cn, "hello_first", "send hello first",
			    m->id, m->conversation);
			return 0;
		}
		if (!cn->integration) {
			conn_send_error(cn, "unauthorized", "opening named "
			    "conversations needs an API key", m->id,
			    m->conversation);
			return 0;
		}
		if ((c = conv_create(cn, m->conversation, m->id, m->meta,
		    now)) == NULL)
			return 0;
		{
			json_t *o = json_pack("{s:s, s:s}", "type", "opened",
			    "token", c->token);

			conv_start(d, c, m->id, o);
		}
		return 0;
	case PT_RESUME:
		if (!cn->hello) {
			conn_send_error(cn, "hello_first", "send hello first",
			    m->id, m->conversation);
			return 0;
		}
		conv_resume(cn, m->conversation, m->token, m->last_seq, m->id,
		    now, 0);
		return 0;
	default:
		break;
	}

	if ((c = conv_for(cn, m)) == NULL)
		return 0;
	if (!bucket_take(&c->rate, now, (double)d->conf->rate_conversation,
	    (double)d->conf->rate_conversation_burst, &retry)) {
		json_t *e = proto_error_json("rate_limited", "too many messages "
		    "in this conversation (rate_conversation); this one was "
		    "dropped: resend it after retry_after_ms", m->id, c->name);

		limits_dropped("rate_conversation");
		(void)json_object_set_new(e, "limit",
		    json_string("rate_conversation"));

		(void)json_object_set_new(e, "retry_after_ms",
		    json_integer(retry));
		(void)json_object_set_new(e, "done", json_true());
		(void)conn_send_json(cn, e);
		json_decref(e);
		return 0;
	}
	/* a resent message (same id and content) is answered from the
	 * record while that is kept, not applied twice; its bytes are
	 * its transcript record's too (text, freed below) */
	if (m->type != PT_END && conv_dedup(cn, c, m, &text, &tlen))
		return 0;
	if (transcript_full(c) && m->type != PT_TRANSCRIPT &&
	    m->type != PT_END) {
		conv_full_refused(cn, c, m->id);
		free(text);
		return 0;
	}
	if ((m->type == PT_SAY || m->type == PT_CHOOSE ||
	    m->type == PT_COMMAND) && (limit = limits_disk_refuse(d, c)) !=
	    NULL) {
		conv_disk_refused(cn, c, m, limit);
		free(text);
		return 0;
	}
	/* a transcript reply is reckoned against the memory budget before
	 * it is made (it is made whole, then queued whole) */
	if (m->type == PT_TRANSCRIPT && !conversations_reply_fits(d,
	    transcript_reply_cost(c, m->format), cn->rx_holds > 0)) {
		conv_reply_refused(cn, c, m, cn->rx_holds > 0);
		free(text);
		return 0;
	}
	/* an end's too, less the replay it frees: one that does not fit
	 * still ends, its reply refused (transcript_deliver) */
	if (m->type == PT_END)
		fits = conversations_reply_fits(d, transcript_reply_cost(c,
		    m->format) - (long)c->ring_bytes, 0);
	lru_touch(d, c, now);
	/* heard as the journal will say it (limits_recs_heard): recorded */
	if (m->type == PT_SAY || m->type == PT_CHOOSE || m->type == PT_COMMAND)
		c->heard = 1;
	rc = transcript_record_client(d, c, m, text, tlen);
	free(text);
	if (rc == -1) {
		conversation_store_failed(d, c, m->id);
		return 0;
	}

	if (m->type == PT_TRANSCRIPT || m->type == PT_END) {
		int later = transcript_deliver(d, c, cn, m->id, m->format,
		    m->type == PT_END, fits, t0);

		if (m->type == PT_END) {
			(void)snprintf(cn->ended, sizeof(cn->ended), "%s",
			    c->name);
			conv_destroy(d, c, "ended by the user");
			return later;
		}
		c->has_req = 0;
		if (transcript_failed(c))
			conversation_store_failed(d, c, m->id);
		return later;
	}

	if (input_from_msg(m, &in) == -1) {
		conn_send_error(cn, "unknown_type", "unexpected message", m->id,
		    c->name);
		return 0;
	}
	dialogue_input(&c->dlg, &in, &conv_events);
	conv_emit_events(d, c, &conv_events, m->id, NULL);
	c->has_req = 0;
	if (transcript_failed(c))
		conversation_store_failed(d, c, m->id);
	return 0;
}

/*
 * Handle one decoded client message on cn; t0 is when it arrived.  Every
 * message handed here (hello, open, resume, say, choose, command,
 * transcript, end; refused ones too) is one observation of
 * advisord_turn_seconds, from t0 until its answer is queued.
 */
void
conversation_handle(struct conn *cn, struct proto_msg *m, double t0)
{
	if (conv_handle(cn, m, t0) == 0)
		metrics_turn(cn->d, server_clock() - t0);
}

/*
 * The store could not keep c's transcript (a write or a sync failed): its
 * replies not yet durable are dropped, its client gets storage_failed, and
 * it ends; what was stored of its transcript stays verifiable.
 */
void
conversation_store_failed(struct daemon *d, struct conversation *c,
    const char *re)
{
	struct conn *cn = c->conn;
	int left = transcript_leave_open(d, c), open = left == 0;

	if (left == 1) {
		/* its first commit failed: the shared store has none of it */
		log_info("conversation %s: the shared store never took its "
		    "start; refused as not begun",
		    conversation_logname(c->key));
		conversation_refused(d, c, "store_unavailable", "the shared "
		    "store could not take this new conversation (unreachable, "
		    "or refusing writes) and nothing of it was stored; open "
		    "it again, here or on another instance", re);
		return;
	}
	if (cn != NULL) {
		conn_drop_conv(cn, c);
		if (open) {
			json_t *e = proto_error_json("storage_failed", re !=
			    NULL ? "the turn could not be stored in the shared "
			    "store and did not happen; the conversation stays "
			    "open there: resume it" : "the conversation could "
			    "not be kept here (another instance may serve it "
			    "now); it stays open in the shared store: resume "
			    "it", re, c->name);

			/* PROTOCOL.md section 8: resume, then send it again */
			(void)json_object_set_new(e, "resumable", json_true());
			(void)json_object_set_new(e, "done", json_true());
			(void)conn_send_json(cn, e);
			json_decref(e);
		} else {
			conn_send_error(cn, "storage_failed", "the transcript "
			    "could not be stored; the conversation is closed",
			    re, c->name);
			(void)snprintf(cn->ended, sizeof(cn->ended), "%s",
			    c->name);
		}
	}
	conv_destroy(d, c, open ? "left open" : "storage failed");
}

/*
 * c ends here without having been this instance's (its name is open on
 * another): its replies not yet durable are dropped, its client gets
 * code with re, and it is forgotten (the caller marked it lost).
 */
void
conversation_refused(struct daemon *d, struct conversation *c,
    const char *code, const char *msg, const char *re)
{
	struct conn *cn = c->conn;

	if (cn != NULL) {
		conn_drop_conv(cn, c);
		conn_send_error(cn, code, msg, re, c->name);
	}
	conv_destroy(d, c, "refused");
}

/* The conversation owner/name (its key), or NULL. */
struct conversation *
conversation_lookup(struct daemon *d, const char *key)
{
	return conv_find(d, key);
}

/* Send msg in conversation c as one more message of the current turn. */
void
conversation_emit(struct daemon *d, struct conversation *c, json_t *msg,
    const char *re, int done)
{
	conv_emit(d, c, msg, re, done);
}

/* The same, for a message that is not part of the transcript. */
void
conversation_emit_unrecorded(struct daemon *d, struct conversation *c,
    json_t *msg, const char *re, int done)
{
	conv_emit_rec(d, c, msg, re, done, 0);
}

/*
 * conversation_emit_unrecorded() of a transcript message made and encoded
 * on the worker as the seq-th of c: block holds conn_block_head() bytes,
 * then its len bytes (taken: queued as they are, no copy on the loop).
 * -1, nothing done, when seq is no longer c's next (c said something else
 * meanwhile: the caller makes the message again).
 */
int
conversation_emit_block(struct daemon *d, struct conversation *c,
    uint64_t seq, void *block, size_t len)
{
	if (seq != c->seq + 1)
		return -1;
	c->seq++;
	if (transcript_note_seq(d, c, c->seq) == -1) {
		free(block);
		return 0;
	}
	{
		size_t before = c->ring_bytes;

		ring_push(c, (size_t)d->conf->replay_messages, (const char *)
		    block + conn_block_head(), len, NULL);
		limits_ring_bytes((long)c->ring_bytes - (long)before);
	}
	metrics_out(d, "transcript");
	if (c->conn != NULL)
		(void)conn_send_transcript_block(c->conn, block, len, c);
	else
		free(block);
	return 0;
}

/*
 * Bring back a conversation found open in the journal at start, detached
 * and resumable with its token (token_hash its SHA-256; token NULL when
 * only the hash is known: PostgreSQL); tr becomes its transcript.  Cheap: the
 * engine's state and the replay ring are rebuilt only if it is resumed
 * (conv_wake).
 */
int
conversation_restore(struct daemon *d, const char *owner, const char *name,
    const char *token, const char *token_hash, struct transcript *tr)
{
	struct conversation *c;
	size_t h;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return -1;
	c->heard = 1;
	(void)snprintf(c->name, sizeof(c->name), "%s", name);
	(void)snprintf(c->owner, sizeof(c->owner), "%s", owner);
	(void)snprintf(c->key, sizeof(c->key), "%s/%s", c->owner, c->name);
	(void)snprintf(c->token, sizeof(c->token), "%s", token != NULL ?
	    token : "");
	(void)snprintf(c->token_hash, sizeof(c->token_hash), "%s",
	    token_hash);
	if (conv_find(d, c->key) != NULL) {
		free(c);
		return -1;
	}
	c->kb = d->kb;
	c->kb->refs++;
	c->dormant = 1;
	c->tr = tr;
	c->started = server_now();
	h = conv_hash(d, c->key);
	c->hnext = d->ctable[h];
	d->ctable[h] = c;
	d->nconversations++;
	if (conv_is_webhook(c->owner))
		d->nwebhook_conversations++;
	lru_touch(d, c, server_now());
	log_debug("conversation %s: restored after an interruption, waiting "
	    "for resume", conversation_logname(c->key));
	return 0;
}

/* What the engine said (events), rendered: what the records must hold. */
static json_t *
wake_expect(const struct dlg_events *evs)
{
	json_t *a = json_array(), *o;
	size_t i;

	for (i = 0; a != NULL && i < evs->n; i++)
		if ((o = render_json(evs->kb, &evs->ev[i])) != NULL)
			(void)json_array_append_new(a, o);
	return a;
}

/*
 * Does recorded server message msg equal the rebuilt output *k (then *k
 * moves on)?  What the conversation adds (its name, seq, re, done) is not
 * compared; messages that are not the engine's ("opened", and anything
 * past what the engine gave, such as a second hello's opening) are
 * skipped.  -1 on a difference.
 */
static int
wake_check(json_t *msg, json_t *expect, size_t *k, size_t *checked)
{
	const char *type = json_string_value(json_object_get(msg, "type"));
	json_t *copy;
	int same;

	if (expect == NULL || *k >= json_array_size(expect) ||
	    (type != NULL && strcmp(type, "opened") == 0))
		return 0;
	if ((copy = json_deep_copy(msg)) == NULL)
		return 0;
	(void)json_object_del(copy, "conversation");
	(void)json_object_del(copy, "seq");
	(void)json_object_del(copy, "re");
	(void)json_object_del(copy, "done");
	same = json_equal(copy, json_array_get(expect, (*k)++));
	(*checked)++;
	json_decref(copy);
	return same ? 0 : -1;
}

/*
 * A restored conversation is resumed: its engine state is rebuilt by
 * feeding it the client's messages again (it is deterministic), and the
 * server's messages refill the replay ring.  Returns -1 when its records
 * cannot be read.
 */
static int
conv_wake(struct daemon *d, struct conversation *c)
{
	struct dlg_input in;
	char **recs, *buf;
	size_t i, n, k = 0, checked = 0;
	json_t *expect;
	int mismatch = 0;

	if (!c->dormant)
		return 0;
	if (transcript_load(d, c, &recs, &n, &buf) == -1) {
		log_warn("conversation %s: its records cannot be read",
		    conversation_logname(c->key));
		return -1;
	}
	dialogue_init(&c->dlg, c->kb->kb);
	memset(&in, 0, sizeof(in));
	in.kind = DLG_START;
	dialogue_input(&c->dlg, &in, &conv_events);
	expect = wake_expect(&conv_events);
	for (i = 1; i < n && !mismatch; i++) {
		json_t *rec = json_loadb(recs[i], strlen(recs[i]), 0,
		    NULL);
		json_t *msg = json_object_get(rec, "msg");
		const char *dir = json_string_value(json_object_get(rec, "dir"));
		struct proto_msg m;
		struct proto_error e;
		char *text;
		size_t len;

		/*
		 * A record never holds the token (transcript.c): an `opened`
		 * replayed gets it back as first sent, when it is known here.
		 */
		if (msg != NULL && dir != NULL && strcmp(dir, "server") == 0 &&
		    c->token[0] != '\0' && json_is_object(msg) &&
		    json_string_value(json_object_get(msg, "type")) != NULL &&
		    strcmp(json_string_value(json_object_get(msg, "type")),
		    "opened") == 0)
			(void)json_object_set_new(msg, "token",
			    json_string(c->token));
		if (rec == NULL || dir == NULL || msg == NULL ||
		    (text = proto_encode(msg, &len)) == NULL) {
			json_decref(rec);
			continue;
		}
		if (strcmp(dir, "server") == 0) {
			json_t *seq = json_object_get(msg, "seq");

			if (json_is_integer(seq))
				c->seq = (uint64_t)json_integer_value(seq);
			if (wake_check(msg, expect, &k, &checked) == -1) {
				log_warnx("conversation %s: rebuilt output "
				    "differs from the recorded message seq "
				    "%lld", conversation_logname(c->key),
				    (long long)c->seq);
				mismatch = 1;
			}
			size_t before = c->ring_bytes;

			ring_push(c, (size_t)d->conf->replay_messages, text,
			    len, NULL);
			limits_ring_bytes((long)c->ring_bytes -
			    (long)before);
		} else if (proto_decode(text, len, &m, &e) == 0) {
			/* what follows answers it: dedup works after a restart */
			conv_req_hash(text, len, c->req);
			c->has_req = 1;
			/* hello and open are not in a transcript's middle */
			if (m.type != PT_HELLO && m.type != PT_OPEN &&
			    input_from_msg(&m, &in) == 0) {
				dialogue_input(&c->dlg, &in, &conv_events);
				json_decref(expect);
				expect = wake_expect(&conv_events);
				k = 0;
			}
			proto_msg_free(&m);
		} else
			proto_msg_free(&m);
		free(text);
		json_decref(rec);
	}
	free(recs);
	free(buf);
	c->has_req = 0;
	json_decref(expect);
	if (mismatch)
		return -2;
	/*
	 * Seqs given to messages not recorded (snapshots) come after the
	 * last recorded one: never given out again.  Those messages are not
	 * in the ring; a resume from before one of them gets what follows.
	 */
	if (transcript_seq_used(c) > c->seq)
		c->seq = transcript_seq_used(c);
	c->dormant = 0;
	log_info("conversation %s: rebuilt from %zu records (seq %llu, %zu "
	    "engine outputs checked against the records)",
	    conversation_logname(c->key), n, (unsigned long long)c->seq,
	    checked);
	return 0;
}

/*
 * Attach conversation name of cn's API key to cn, an HTTP request's
 * connection (httpapi.c: one turn), as a resume by its owner would but
 * without replay: it is taken from a connection that holds it (which
 * gets conversation_moved), and rebuilt if it was restored at start.
 * Returns 1 when attached, 0 when there is no such conversation, -1 when
 * it cannot be restored (an error sent).
 */
int
conversation_attach_owned(struct conn *cn, const char *name, double now)
{
	char key[sizeof(((struct conversation *)0)->key)];
	struct conversation *c;

	(void)snprintf(key, sizeof(key), "%s/%s", cn->key_name, name);
	if ((c = conv_find(cn->d, key)) == NULL)
		return 0;
	if (c->dormant && conv_wake(cn->d, c) == -1) {
		conn_send_error(cn, "internal", "the conversation could not be "
		    "restored", NULL, name);
		return -1;
	}
	if (c->conn != cn) {
		struct conn *prev = c->conn;

		conv_detach(c);
		if (prev != NULL)
			conn_send_error(prev, "conversation_moved", "the "
			    "conversation was taken by another request", NULL,
			    c->name);
		conv_attach(cn, c);
	}
	lru_touch(cn->d, c, now);
	return 1;
}

/*
 * c is another instance's now (or ended there): it goes from here without
 * being finished, its connection here (if any) told conversation_moved.
 */
void
conversation_forget(struct daemon *d, struct conversation *c)
{
	struct conn *cn = c->conn;

	transcript_forget(d, c);
	if (cn != NULL) {
		conn_drop_conv(cn, c);
		conn_send_error(cn, "conversation_moved", "another instance "
		    "serves the conversation now", NULL, c->name);
	}
	conv_destroy(d, c, "moved");
}

/* A take-over is done (transcript.c): resume as the client asked. */
void
conversation_resume_again(struct conn *cn, const char *name,
    const char *token, long long last_seq, const char *re)
{
	conv_resume(cn, name, token, last_seq, re, server_now(), 1);
}

/*
 * How the log names the conversation of key ("OWNER/NAME"): NAME alone
 * for a browser's, whose owner is empty (its key "/NAME" was logged as
 * "/c-..."), OWNER/NAME for an integration's, OWNER its API key's name
 * (PROTOCOL.md 12).  Only the log: the key itself stays as it is stored.
 */
const char *
conversation_logname(const char *key)
{
	return key[0] == '/' ? key + 1 : key;
}

/*
 * End the conversation of key now (an orphan taken over from the shared
 * store): it is signed and stored as why says ("expired"; "ended by the
 * user" for one whose end was recorded before its signing failed or its
 * instance died, HB17-1; "storage failed": interrupted), like any other.
 */
void
conversation_end_key(struct daemon *d, const char *key, const char *why)
{
	struct conversation *c = conv_find(d, key);

	if (c != NULL && c->conn == NULL)
		conv_destroy(d, c, why);
}
