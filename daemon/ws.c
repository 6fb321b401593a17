/* SPDX-License-Identifier: ISC */
/*
 * ws.c: the advisor.v1 WebSocket protocol: one struct conn per connection.
 *
 * Input: lws hands us a message in pieces of at most RX_CHUNK bytes; one
 * that came in one piece is handled in place, others are reassembled into
 * a buffer bounded by max_message_bytes (a larger
 * message closes the connection with 1009), decode it (protocol/proto.c)
 * and hand it to the conversation layer.  A message that is bad JSON or
 * breaks the protocol gets an error and the connection carries on.
 *
 * Output: every message for the client is queued on the connection and
 * written from the WRITEABLE callback, or, when a group commit releases
 * it, at once (conn_write_direct); the released messages at the head of
 * the queue, up to WS_WRITES_PER_CALLBACK, go as one send of their
 * frames (conn_write_frames), stopping when lws had to buffer.  The
 * client is the boss: when its queue grows past half of max_output_bytes
 * we stop reading from it (no more input, so no more output), and past
 * max_output_bytes we drop it.  One transcript message in the queue (the
 * reply to transcript or end, conn_send_transcript) is not counted for
 * the drop: its size is bounded by the transcript's own bound
 * (TR_MAX_RECORDS), not by this one, and the "ended" after it must reach
 * a client that reads.  With durable transcripts a message also
 * waits until the journal holding its record is on disk.  What every
 * queue holds counts in the daemon's memory budget (max_replay_bytes,
 * with the replay rings): over it (conversation.c, conversations_bound
 * says in which order with the replay), the clients that do not read are
 * dropped, those whose socket took nothing for the most housekeeping
 * passes first, before those still draining (ws_shed_memory).  Each message is reckoned against that budget before
 * it is queued, and the total again at the end of each round of the loop
 * (conn_reckon, ws_shed_round): clients that do not read cannot queue
 * past it between passes with small replies.  A dropped client that does
 * not read cannot take its close frame either: WS_DROP_GRACE seconds
 * later the connection is cut, and the cut logged and counted
 * (conn_drop_slow, conn_cut_log).
 *
 * Stopping to read (conn_rx_sync): lws 4.1.6 must not be told to stop
 * reading a TLS connection from inside that connection's receive callback
 * while OpenSSL still holds decrypted bytes: it then spins for ever in
 * lws_service_fd_tsi and serves no one else.  There the stop waits for
 * ws_rx_service (before the loop polls again), and the messages lws still
 * hands over meanwhile are stashed, up to WS_RX_STASH bytes.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>
#include <openssl/ssl.h>
#ifdef __linux__
#include <linux/tcp.h>	/* struct tcp_info with tcpi_bytes_acked */
#endif

#include "advisord.h"
#include "jsonenc.h"

#define RX_CHUNK	1024	/* lws per-connection receive buffer */
/*
 * The most one send() may take.  lws 4.1.6 caps a send at the receive
 * buffer when this is 0, and buffers (copies) the rest of a frame to send
 * from another WRITEABLE round: most answers are over 1 KiB, so a message
 * cost 2 to 3 sends and as many poll changes.  Past this, lws still
 * buffers the rest, as the kernel would take no more at once anyway.
 */
#define WS_TX_PACKET	(64 * 1024)
#define WS_DROP_GRACE	10	/* seconds a dropped client has to go */
#define WS_WRITES_PER_CALLBACK	8	/* messages, then other connections */
/*
 * What a connection may stash (beyond one message of max_message_bytes)
 * while its reading waits to stop: lws hands over at most the rest of
 * what it has read, the rest of one TLS record (16 KiB) and a read chunk,
 * per service of the connection, and the stop is applied before the
 * next.  Past it the connection is closed (1008), naming the bound.
 */
#define WS_RX_STASH	(64 * 1024)
#define WS_CLOSE_REASON_MAX	123	/* bytes of a close reason (RFC 6455 5.5) */

/* A complete message read while the connection's reading waits to stop. */
struct inmsg {
	struct inmsg	*next;
	size_t		 len;
	unsigned char	 data[];
};

/*
 * The connections whose queues hold messages until the journal is synced,
 * so that a group commit wakes those, not every connection.
 */
static void
conn_hold(struct conn *c)
{
	struct daemon *d = c->d;

	if (c->held_prevp != NULL)
		return;
	c->held_next = d->held;
	if (d->held != NULL)
		d->held->held_prevp = &c->held_next;
	d->held = c;
	c->held_prevp = &d->held;
}

static void
conn_unhold(struct conn *c)
{
	if (c->held_prevp == NULL)
		return;
	*c->held_prevp = c->held_next;
	if (c->held_next != NULL)
		c->held_next->held_prevp = c->held_prevp;
	c->held_next = NULL;
	c->held_prevp = NULL;
}

/* Put c on d->rx_due, for ws_rx_service to settle its reading. */
static void
conn_rx_due(struct conn *c)
{
	struct daemon *d = c->d;

	if (c->due_prevp != NULL)
		return;
	c->due_next = d->rx_due;
	if (d->rx_due != NULL)
		d->rx_due->due_prevp = &c->due_next;
	d->rx_due = c;
	c->due_prevp = &d->rx_due;
}

static void
conn_rx_undue(struct conn *c)
{
	if (c->due_prevp == NULL)
		return;
	*c->due_prevp = c->due_next;
	if (c->due_next != NULL)
		c->due_next->due_prevp = c->due_prevp;
	c->due_next = NULL;
	c->due_prevp = NULL;
}

/*
 * May lws be told now to stop reading c?  Not from inside c's own receive
 * callback while OpenSSL holds decrypted bytes of c's TLS record: lws
 * 4.1.6's rops_handle_POLLIN_ws (lib/roles/ws/ops-ws.c) then goes back to
 * read them ("goto read" while lws_ssl_pending()), finds the rest of its
 * read on its buflist, and, since reading is stopped, moves that to the
 * buflist's own tail (lws_rxflow_cache), round and round: the loop never
 * returns (upstream issue 2360, fixed after 4.1.6).  Anywhere else the
 * stop is taken at the top of that function.
 */
static int
conn_rx_stop_safe(const struct conn *c)
{
	SSL *ssl;

	if (c->d->rx_in != c || !lws_is_ssl(c->wsi))
		return 1;
	ssl = lws_get_ssl(c->wsi);
	return ssl == NULL || SSL_pending(ssl) == 0;
}

/*
 * Bring lws's reading of c in line with what c wants: stopped while a
 * reply is made on the worker (rx_holds) or its queue is past half of
 * max_output_bytes (rx_paused); reading otherwise, once the messages
 * stashed meanwhile are handled.  What cannot be done now (the stop, see
 * conn_rx_stop_safe; the stash) is left to ws_rx_service.
 */
static void
conn_rx_sync(struct conn *c)
{
	int stop = c->rx_holds > 0 || c->rx_paused;

	/*
	 * Never for an HTTP request's connection (httpapi.c): its body is
	 * read whole before its turn, so there is nothing to stop, and lws
	 * 4.1.6 serves no POLLOUT to an HTTP/1 wsi whose reading is stopped
	 * (rops_handle_POLLIN_h1 returns at lws_is_flowcontrolled() before
	 * lws_handle_POLLOUT_event(), lib/roles/h1/ops-h1.c): the answer was
	 * never written and the loop spun on EPOLLOUT (hx47b finding 3, an
	 * end whose transcript passed half of max_output_bytes).  What
	 * waits for rx_holds there is its answer (httpapi_ready()).
	 */
	if (c->http)
		return;
	if (stop && !c->lws_paused) {
		if (conn_rx_stop_safe(c)) {
			lws_rx_flow_control(c->wsi, 0);
			c->lws_paused = 1;
		} else
			conn_rx_due(c);
	} else if (!stop) {
		if (c->in_head != NULL)
			conn_rx_due(c);
		else if (c->lws_paused) {
			lws_rx_flow_control(c->wsi, 1);
			c->lws_paused = 0;
		}
	}
}

static void	conn_free_output(struct conn *);
static uint64_t	conn_acked(struct conn *);

/*
 * Our close frame is on its way (lws sends it from its next POLLOUT) or
 * sent: RFC 6455 5.5.1 allows no data frame after it.  What c has queued,
 * and what it is handed later, is dropped and counted: the turns are
 * journaled and in the conversation's replay ring, so a resume on another
 * connection still gets them.  Set where ws.c starts a close (conn_abort)
 * and, for the closes lws starts itself (a frame breaking RFC 6455, bad
 * UTF-8), in LWS_CALLBACK_WS_SERVER_DROP_PROTOCOL, which lws 4.1.6 calls
 * before it queues its close frame (lib/core-net/close.c:418-441).
 */
static void
conn_close_sent(struct conn *c)
{
	struct outmsg *m;

	c->close_sent = 1;
	for (m = c->out_head; m != NULL; m = m->next)
		c->d->metrics.dropped_after_close++;
	conn_free_output(c);
}

/*
 * Close c at once with code and why (a NUL-terminated reason), from a
 * callback of c's, which then returns what this returns (-1: lws sends
 * the close frame).  Nothing queued is written after it.
 */
static int
conn_abort(struct conn *c, struct lws *wsi, int code, const char *why)
{
	if (c->d != NULL)
		conn_close_sent(c);
	else
		c->close_sent = 1;
	c->close_queued = 1;
	lws_close_reason(wsi, (enum lws_close_status)code,
	    (unsigned char *)why, strlen(why));
	return -1;
}

static int	conn_queue(struct conn *, const char *, size_t, const void *,
		    int, int);
static int	conn_may_queue(struct conn *, size_t, int);
static void	conn_lws_release(struct conn *);
static void	conn_enqueue(struct conn *, struct outmsg *, size_t,
		    const void *, int);

/*
 * Queue len bytes of text for the client.  Returns 0, or -1 when the
 * connection is being dropped because the client does not read.
 */
int
conn_send(struct conn *c, const char *text, size_t len)
{
	return conn_queue(c, text, len, NULL, 0, 1);
}

/* The same, for a message of conversation tag (see conn_drop_conv). */
int
conn_send_conv(struct conn *c, const char *text, size_t len, const void *tag)
{
	return conn_queue(c, text, len, tag, 0, 1);
}

/*
 * The same, for a transcript message (the reply to transcript or end):
 * while no other is queued, its bytes are not counted against
 * max_output_bytes when the client is judged not reading (they still
 * stop reading at half).  Its size has its own bound (TR_MAX_RECORDS
 * records), and what follows it (the "ended" of an end) is produced by
 * the daemon, not asked for: a client that reads gets it.  A client that
 * does not read is dropped by the keep-alive, or by the memory budget.
 */
int
conn_send_transcript(struct conn *c, const char *text, size_t len,
    const void *tag)
{
	return conn_queue(c, text, len, tag, c->out_whole == 0, 0);
}

/*
 * Queue text for c (conversation tag, or NULL); whole: the one transcript
 * message not counted for the drop (c->out_whole); reckon: reckoned
 * against the memory budget first (conn_may_queue).  0, or -1 when c is
 * being dropped.
 */
static int
conn_queue(struct conn *c, const char *text, size_t len, const void *tag,
    int whole, int reckon)
{
	struct outmsg *m;
	int rc;

	if ((rc = conn_may_queue(c, len, reckon)) != 1)
		return rc;
	if ((m = conn_msg_new(text, len)) == NULL) {
		log_warn("conn %llu: queueing a message",
		    (unsigned long long)c->id);
		return -1;
	}
	conn_enqueue(c, m, len, tag, whole);
	return 0;
}

/*
 * A queue entry holding a copy of len bytes of text, queued nowhere yet,
 * with one reference (the queue's, given to conn_send_conv_msg()).  A
 * conversation's replay ring takes a second (conn_msg_ref()) and reads
 * the text where it is (conn_msg_text()): the message is copied once
 * for both, not once each.  NULL without memory.
 */
struct outmsg *
conn_msg_new(const char *text, size_t len)
{
	struct outmsg *m;

	if ((m = malloc(sizeof(*m) + LWS_PRE + len)) == NULL)
		return NULL;
	memcpy(m->data + LWS_PRE, text, len);
	m->len = len;
	m->refs = 1;
	return m;
}

/*
 * An empty buffer of cap bytes for a message that is to become a queue
 * entry as it is (conn_msg_of_buf()): rendered straight into the entry,
 * the message is not copied into one (RESULTS.md, round 46b).  b->p is
 * NULL without memory.
 */
void
conn_msg_buf(struct strbuf *b, size_t cap)
{
	strbuf_init_head(b, cap, offsetof(struct outmsg, data) + LWS_PRE);
}

/*
 * The queue entry holding the text of b (from conn_msg_buf(), not
 * failed), as conn_msg_new() of it would make it, with one reference;
 * its room past the text is given back (realloc() shrinks in place).
 * b is empty after.
 */
struct outmsg *
conn_msg_of_buf(struct strbuf *b)
{
	struct outmsg *m;
	void *q;

	m = (struct outmsg *)(void *)(b->p - b->head);
	if (b->cap - b->len > 64 &&
	    (q = realloc(m, b->head + b->len + 1)) != NULL)
		m = q;
	m->len = b->len;
	m->refs = 1;
	b->p = NULL;
	b->len = b->cap = 0;
	return m;
}

/* m's text (m->len bytes); lws writes a frame's head before it, never
 * in it, so a ring may read it while the queue writes it out. */
const char *
conn_msg_text(const struct outmsg *m)
{
	return (const char *)m->data + LWS_PRE;
}

void
conn_msg_ref(struct outmsg *m)
{
	m->refs++;
}

/* Let go of a reference to m; the last frees it. */
void
conn_msg_unref(struct outmsg *m)
{
	if (m != NULL && --m->refs == 0)
		free(m);
}

/*
 * conn_send_conv() of m (from conn_msg_new()), whose reference is taken:
 * queued as it is, or let go when c refuses it.  0, or -1 when c is
 * being dropped.
 */
int
conn_send_conv_msg(struct conn *c, struct outmsg *m, const void *tag)
{
	int rc;

	if ((rc = conn_may_queue(c, m->len, 1)) != 1) {
		conn_msg_unref(m);
		return rc;
	}
	conn_enqueue(c, m, m->len, tag, 0);
	return 0;
}

static int	conn_reckon(struct conn *, size_t);
/*
 * The output held in all (limits_output_bytes) when a look for clients
 * not taking their output last found none (ws_shed_pick), or -1: till a
 * client may have become one (its reading stopped, lws held part of a
 * write: conn_shed_rescan) or the output grew by more than one send, the
 * look is not made again.  Over the budget with none to drop (the replay
 * of attached conversations may stand over it) every message would
 * otherwise cost a scan of all connections.
 */
static long	shed_none_at = -1;

static void
conn_shed_rescan(void)
{
	shed_none_at = -1;
}

/*
 * Drop c for not reading (the caller logged which bound): counted, closed
 * with 1008 and why (a constant string: "not reading: " and the bound)
 * once lws holds nothing more for it, and cut
 * WS_DROP_GRACE seconds later if its socket does not take that far: the
 * close frame goes behind what the kernel and lws already hold for it
 * (TCP keeps the order), so a client that does not read cannot get it.
 * That cut is logged and counted when the connection goes (ws_callback,
 * LWS_CALLBACK_CLOSED), so the refusal is named even then.
 */
static void
conn_drop_slow(struct conn *c, const char *why)
{
	c->d->metrics.dropped_slow++;
	c->dropped_at = server_now();
	conn_close(c, LWS_CLOSE_STATUS_POLICY_VIOLATION, why);
	lws_set_timeout(c->wsi, PENDING_TIMEOUT_CLOSE_SEND, WS_DROP_GRACE);
}

/*
 * May a message of len bytes be queued for c?  1: yes; 0: no, dropped
 * (our close frame is on its way); -1: no, c is being dropped (now, when
 * the client does not read).  reckon: the message is reckoned against
 * the memory budget here (conn_reckon); 0 for a transcript reply, which
 * was reckoned before it was made (limits_reply_fits).
 */
static int
conn_may_queue(struct conn *c, size_t len, int reckon)
{
	size_t max = (size_t)c->d->conf->max_output_bytes;

	if (c->closing && c->close_code == LWS_CLOSE_STATUS_POLICY_VIOLATION)
		return -1;
	if (c->close_sent) {
		c->d->metrics.dropped_after_close++;
		return 0;
	}
	/*
	 * Drop the client when its queue is already full, not counting the
	 * one transcript message (c->out_whole).  One turn (its messages
	 * together, conn_turn) may take the queue past the bound; reading
	 * from the client stops at half the bound, so nothing it asks for
	 * can pile up beyond that.  A turn's messages are bounded by the
	 * engine's (DLG_MAX_EVENTS) and each by its own size, a replay's by
	 * the ring's (REPLAY_MAX_BYTES).
	 */
	if ((c->in_turn ? c->turn_from : c->out_bytes - c->out_whole) >=
	    max) {
		log_info("conn %llu %s: client not reading, %zu bytes queued "
		    "beyond a transcript of %zu (max_output_bytes %zu); "
		    "dropping it", (unsigned long long)c->id, c->peer,
		    c->out_bytes - c->out_whole, c->out_whole, max);
		conn_drop_slow(c, "not reading: over max_output_bytes");
		return -1;
	}
	return reckon ? conn_reckon(c, len) : 1;
}

/*
 * The messages of one turn (conversation.c: conv_emit_events, and the
 * replay of a resume or of a resent message's answer, at most
 * REPLAY_MAX_BYTES) are queued whole: begin (1) marks the queue as it
 * stands, and the bound of max_output_bytes is asked of that until the
 * turn ends (0).  A paused client whose last turn began under the bound
 * is not dropped half-way through it (an explanation, then the question
 * it leaves pending), nor a reading client through a replay larger than
 * the bound (review hx45: every resume from 0 dropped, 1008).  Turns
 * nest (a replay inside an answer's turn): the outermost one counts.
 */
void
conn_turn(struct conn *c, int begin)
{
	if (begin) {
		if (c->in_turn++ == 0)
			c->turn_from = c->out_bytes - c->out_whole;
	} else if (c->in_turn > 0)
		c->in_turn--;
}

/*
 * The size of the space before a message's text in a block for
 * conn_send_transcript_block(): a queue entry and LWS_PRE.
 */
size_t
conn_block_head(void)
{
	return offsetof(struct outmsg, data) + LWS_PRE;
}

/*
 * conn_send_transcript() of a message made elsewhere (on the worker):
 * block is malloc'd, conn_block_head() bytes then the len bytes of the
 * message, and is taken (queued as it is, not copied; freed when refused).
 */
int
conn_send_transcript_block(struct conn *c, void *block, size_t len,
    const void *tag)
{
	int rc;

	if ((rc = conn_may_queue(c, len, 0)) != 1) {
		free(block);
		return rc;
	}
	((struct outmsg *)block)->refs = 1;
	conn_enqueue(c, block, len, tag, c->out_whole == 0);
	return 0;
}

/* Queue m (len bytes of text after LWS_PRE) for c, as conn_queue says. */
static void
conn_enqueue(struct conn *c, struct outmsg *m, size_t len, const void *tag,
    int whole)
{
	size_t max = (size_t)c->d->conf->max_output_bytes;

	m->next = NULL;
	m->tag = tag;
	m->len = len;
	m->whole = whole;
	if (whole)
		c->out_whole = len;
	m->epoch = c->d->epoch;
	if (c->out_tail != NULL)
		c->out_tail->next = m;
	else
		c->out_head = m;
	c->out_tail = m;
	c->out_bytes += len;
	limits_out_bytes((long)len);
	/* an HTTP request's queue is its one answer: no reading to stop */
	if (!c->rx_paused && !c->http && c->out_bytes > max / 2) {
		c->rx_paused = 1;
		conn_shed_rescan();
		conn_rx_sync(c);
	}
	/*
	 * A message released at once (it waits for no sync: --sync off, or
	 * no record of it) to a WebSocket goes out at the end of the loop's
	 * round (ws_release_round), with whatever else the round queued for
	 * c, as a group commit's would: no POLLOUT round for it.
	 */
	if (m->epoch <= c->d->synced && !c->websocket)
		lws_callback_on_writable(c->wsi);
	else {
		conn_hold(c);
		if (m->epoch <= c->d->synced)
			c->d->release_due = 1;
	}
}

/*
 * lws took a write of bytes for c and holds part of it (its socket did
 * not take it all: lws_partial_buffered()).  Those bytes stay counted
 * with the queues (limits_out_bytes) until lws has sent them or c is
 * dropped, as c->lws_held (at most the write's bytes: lws does not say
 * how much of it is left): a client that does not read, given a whole
 * transcript at once, holds it in lws, not in our queue, and it must
 * count against max_replay_bytes and for ws_shed_memory() there too.
 */
static void
conn_lws_hold(struct conn *c, size_t bytes)
{
	conn_lws_release(c);
	c->lws_held = bytes;
	limits_out_bytes((long)bytes);
	conn_shed_rescan();
	/* from here on the socket must take some of it (ws_held_refresh):
	 * a client that fetched a transcript and never reads is stalled
	 * at the first pass after, not a pass later (review h39, F1) */
	c->tx_acked_hold = conn_acked(c);
	c->tx_mark = c->tx_took + c->tx_acked_hold;	/* conn_progress() */
	c->tx_stalled = 0;
}

/* What c->lws_held counted is no longer held (or no longer ours). */
static void
conn_lws_release(struct conn *c)
{
	if (c->lws_held == 0)
		return;
	limits_out_bytes(-(long)c->lws_held);
	c->lws_held = 0;
}

/* Release c->lws_held once lws has sent what it held: it was taken. */
static void
conn_lws_drained(struct conn *c)
{
	if (c->lws_held > 0 && (c->wsi == NULL ||
	    !lws_partial_buffered(c->wsi))) {
		c->tx_took += c->lws_held;
		conn_lws_release(c);
	}
}

/* Drop the message at the head of c's queue, written whole. */
static void
conn_dequeue(struct conn *c)
{
	struct outmsg *m = c->out_head;

	c->out_head = m->next;
	if (c->out_head == NULL)
		c->out_tail = NULL;
	c->out_bytes -= m->len;
	if (m->whole)
		c->out_whole = 0;
	limits_out_bytes(-(long)m->len);
	conn_msg_unref(m);
}

/*
 * Write the released messages at the head of c's queue as one send:
 * their WebSocket frames (text, final, unmasked: RFC 6455 5.2) are made
 * here, one after the other in one buffer, and handed to lws as raw
 * bytes.  A turn's answer and its next question then cost one send() and
 * one TCP segment instead of one each; the bytes on the wire are the
 * ones lws_write(LWS_WRITE_TEXT) makes for each message (no extension is
 * negotiated; HTTP/1.1 only).  A lone message goes this way too: the
 * kernel then copies from this buffer, used for every send, not from the
 * message's own, freshly allocated one; where touching new memory is
 * dear (a VM's page tables: RESULTS.md, round 52, pf52) that copy was
 * most of a walk answer's send.  Up to WS_WRITES_PER_CALLBACK messages
 * and WS_TX_PACKET bytes; what lws cannot send at once it buffers (and
 * arms POLLOUT) as for any write.  Returns the messages written (0: none
 * was released, or the first does not fit; the caller writes them one by
 * one), -1 when the connection failed.
 */
static int
conn_write_frames(struct conn *c)
{
	static unsigned char *buf;
	static size_t cap;
	struct daemon *d = c->d;
	struct outmsg *m;
	size_t total = 0, off = LWS_PRE, hl;
	int k = 0, n;

	for (m = c->out_head; m != NULL && m->epoch <= d->synced &&
	    k < WS_WRITES_PER_CALLBACK; m = m->next, k++) {
		if (m->len > WS_TX_PACKET || total + m->len + 10 > WS_TX_PACKET)
			break;
		total += m->len + (m->len < 126 ? 2 : m->len < 65536 ? 4 : 10);
	}
	if (k < 1)
		return 0;
	if (cap < LWS_PRE + total) {
		unsigned char *nb = realloc(buf, LWS_PRE + WS_TX_PACKET);

		if (nb == NULL)
			return 0;
		buf = nb;
		cap = LWS_PRE + WS_TX_PACKET;
	}
	for (n = 0; n < k; n++) {
		m = c->out_head;
		buf[off] = 0x81;	/* FIN, text */
		if (m->len < 126) {
			buf[off + 1] = (unsigned char)m->len;
			hl = 2;
		} else if (m->len < 65536) {
			buf[off + 1] = 126;
			buf[off + 2] = (unsigned char)(m->len >> 8);
			buf[off + 3] = (unsigned char)m->len;
			hl = 4;
		} else {
			int b;

			buf[off + 1] = 127;
			for (b = 0; b < 8; b++)
				buf[off + 2 + b] = (unsigned char)
				    ((uint64_t)m->len >> (56 - 8 * b));
			hl = 10;
		}
		memcpy(buf + off + hl, m->data + LWS_PRE, m->len);
		off += hl + m->len;
		conn_dequeue(c);
	}
	if (lws_write(c->wsi, buf + LWS_PRE, total, LWS_WRITE_RAW) <
	    (int)total)
		return -1;
	if (lws_partial_buffered(c->wsi))
		conn_lws_hold(c, total);
	else
		c->tx_took += total;
	return k;
}

/*
 * Write the released messages at the head of c's queue: as one send
 * (conn_write_frames), else (the first does not fit in WS_TX_PACKET) one
 * by one, up to WS_WRITES_PER_CALLBACK, while the socket takes each
 * whole (a write lws had to buffer in part ends the round:
 * lws_partial_buffered()).  What is left waits for the next WRITEABLE
 * round.  0, or -1 when the connection failed.
 */
static int
conn_write_released(struct conn *c)
{
	struct daemon *d = c->d;
	struct outmsg *m;
	int k, n;

	conn_lws_drained(c);	/* a WRITEABLE round: lws sent what it held */
	if ((n = conn_write_frames(c)) != 0)
		return n < 0 ? -1 : 0;
	m = c->out_head;
	for (k = 0; k < WS_WRITES_PER_CALLBACK && m != NULL &&
	    m->epoch <= d->synced; k++) {
		n = lws_write(c->wsi, m->data + LWS_PRE, m->len,
		    LWS_WRITE_TEXT);
		if (n < (int)m->len)
			return -1;
		if (lws_partial_buffered(c->wsi)) {
			conn_lws_hold(c, m->len);
			conn_dequeue(c);
			break;
		}
		c->tx_took += m->len;
		conn_dequeue(c);
		m = c->out_head;
	}
	return 0;
}

/*
 * Forget the messages of conversation tag that still wait for a sync: the
 * records they depend on were lost, so they must never be sent.
 */
void
conn_drop_conv(struct conn *c, const void *tag)
{
	struct outmsg **pp = &c->out_head, *m;

	c->out_tail = NULL;
	while ((m = *pp) != NULL) {
		if (m->tag == tag && m->epoch > c->d->synced) {
			*pp = m->next;
			c->out_bytes -= m->len;
			if (m->whole)
				c->out_whole = 0;
			limits_out_bytes(-(long)m->len);
			conn_msg_unref(m);
			continue;
		}
		c->out_tail = m;
		pp = &m->next;
	}
}

/* Serialize j and queue it; j is borrowed.  Counted in the metrics. */
int
conn_send_json(struct conn *c, json_t *j)
{
	const char *type = json_string_value(json_object_get(j, "type"));
	size_t len;
	char *text;
	int rc;

	if (type != NULL) {
		metrics_out(c->d, type);
		if (strcmp(type, "error") == 0)
			metrics_error(c->d, json_string_value(
			    json_object_get(j, "code")));
	}
	if ((text = proto_encode(j, &len)) == NULL)
		return -1;
	rc = conn_send(c, text, len);
	free(text);
	return rc;
}

/*
 * An error for the client, closing the turn of the message it answers (re
 * may be NULL when the message had no usable id).
 */
void
conn_send_error(struct conn *c, const char *code, const char *message,
    const char *re, const char *conversation)
{
	conn_send_error_limit(c, code, message, re, conversation, NULL);
}

/*
 * conn_send_error(), for a refusal at a bound: limit (NULL: none) names
 * it in the error's "limit", as every error refused for a bound does
 * (PROTOCOL.md section 8).
 */
void
conn_send_error_limit(struct conn *c, const char *code, const char *message,
    const char *re, const char *conversation, const char *limit)
{
	json_t *j = proto_error_json(code, message, re, conversation);

	if (j == NULL)
		return;
	if (limit != NULL)
		(void)json_object_set_new(j, "limit", json_string(limit));
	(void)json_object_set_new(j, "done", json_true());
	(void)conn_send_json(c, j);
	json_decref(j);
}

/* Close with code once what is queued is written. */
void
conn_close(struct conn *c, int code, const char *why)
{
	c->closing = 1;
	if (c->close_code == 0 || code == LWS_CLOSE_STATUS_POLICY_VIOLATION) {
		c->close_code = code;
		c->close_why = why;
	}
	lws_callback_on_writable(c->wsi);
}

/*
 * A message over the connection's rate is dropped, and answered with
 * rate_limited naming it (its id as re, its conversation) when they can
 * be read.  Errors are not rate limited (each is smaller than what it
 * answers), but while the client is not reading (its output queue past
 * half of max_output_bytes) they are counted instead, and the next error
 * sent says how many went unanswered ("unanswered").
 */
static void
conn_rate_limited(struct conn *c, const unsigned char *buf, size_t len,
    long retry)
{
	struct daemon *d = c->d;
	json_t *root = json_loadb((const char *)buf, len, 0, NULL), *e;
	const char *id = json_string_value(json_object_get(root, "id"));
	const char *conv = json_string_value(json_object_get(root,
	    "conversation"));

	metrics_in(d, "other");
	limits_dropped("rate_connection");
	if (id != NULL && (strlen(id) > PROTO_MAX_ID || strpbrk(id, " \t\r\n")))
		id = NULL;
	if (conv != NULL && strlen(conv) > PROTO_MAX_CONV)
		conv = NULL;
	if (c->out_bytes > (size_t)d->conf->max_output_bytes / 2) {
		c->unanswered++;
		json_decref(root);
		return;
	}
	e = proto_error_json("rate_limited", "too many messages on this "
	    "connection (rate_connection); this one was dropped: resend it "
	    "after retry_after_ms", id, conv);
	(void)json_object_set_new(e, "retry_after_ms", json_integer(retry));
	(void)json_object_set_new(e, "limit", json_string("rate_connection"));
	if (c->unanswered > 0) {
		(void)json_object_set_new(e, "unanswered", json_integer(
		    (json_int_t)c->unanswered));
		c->unanswered = 0;
	}
	(void)json_object_set_new(e, "done", json_true());
	(void)conn_send_json(c, e);
	json_decref(e);
	json_decref(root);
}

static void
conn_handle_message(struct conn *c, const unsigned char *buf, size_t len)
{
	struct daemon *d = c->d;
	struct proto_error err;
	struct proto_msg m;
	double t0 = server_clock();
	long retry;

	if (!bucket_take(&c->rate, server_now(), (double)d->conf->rate_connection,
	    (double)d->conf->rate_connection_burst, &retry)) {
		conn_rate_limited(c, buf, len, retry);
		return;
	}
	if (proto_decode((const char *)buf, len, &m, &err) == -1) {
		metrics_in(d, m.root != NULL && json_is_string(json_object_get(
		    m.root, "type")) ? json_string_value(json_object_get(m.root,
		    "type")) : "other");
		conn_send_error_limit(c, err.code, err.message, m.id,
		    json_string_value(json_object_get(m.root, "conversation")),
		    err.limit);
		proto_msg_free(&m);
		return;
	}
	metrics_in(d, proto_type_name(m.type));
	if (d->draining) {
		conn_send_error(c, "shutting_down", "the daemon is going away; "
		    "reconnect and resume later", m.id, m.conversation);
		proto_msg_free(&m);
		return;
	}
	conversation_handle(c, &m, t0);
	proto_msg_free(&m);
}

/*
 * A complete message from the client: handled now, or stashed while c's
 * reading is to stop (or earlier ones wait in the stash).  Returns -1 when
 * the stash is over its bound: the caller closes the connection.
 */
static int
conn_rx_message(struct conn *c, const unsigned char *buf, size_t len)
{
	struct daemon *d = c->d;
	size_t max = WS_RX_STASH + (size_t)d->conf->max_message_bytes;
	struct inmsg *m;

	d->rx_in = c;
	if (c->in_head == NULL && c->rx_holds == 0 && !c->rx_paused) {
		conn_handle_message(c, buf, len);
		d->rx_in = NULL;
		return 0;
	}
	if (c->in_bytes + len > max ||
	    (m = malloc(sizeof(*m) + len)) == NULL) {
		log_info("conn %llu %s: %zu bytes of messages arrived while "
		    "its reading was stopping, over the bound of %zu "
		    "(WS_RX_STASH and max_message_bytes); closing",
		    (unsigned long long)c->id, c->peer, c->in_bytes + len, max);
		d->rx_in = NULL;
		return -1;
	}
	m->next = NULL;
	m->len = len;
	memcpy(m->data, buf, len);
	if (c->in_tail != NULL)
		c->in_tail->next = m;
	else
		c->in_head = m;
	c->in_tail = m;
	c->in_bytes += len;
	conn_rx_sync(c);	/* the stop may be safe now */
	d->rx_in = NULL;
	return 0;
}

/* Forget the messages stashed for c. */
static void
conn_free_input(struct conn *c)
{
	struct inmsg *m, *next;

	for (m = c->in_head; m != NULL; m = next) {
		next = m->next;
		free(m);
	}
	c->in_head = c->in_tail = NULL;
	c->in_bytes = 0;
	conn_rx_undue(c);
}

/*
 * Before the loop polls again (server.c): stop the reading that could not
 * be stopped in a receive callback, hand the stashed messages of a
 * connection that may read again to the conversation layer, in order
 * (until one of them stops its reading again), then let lws read.
 */
void
ws_rx_service(struct daemon *d)
{
	struct inmsg *m;
	struct conn *c;

	d->rx_in = NULL;
	while ((c = d->rx_due) != NULL) {
		conn_rx_undue(c);
		while ((m = c->in_head) != NULL && c->rx_holds == 0 &&
		    !c->rx_paused) {
			c->in_head = m->next;
			if (c->in_head == NULL)
				c->in_tail = NULL;
			c->in_bytes -= m->len;
			if (!c->closing && !c->close_sent)
				conn_handle_message(c, m->data, m->len);
			free(m);
		}
		conn_rx_sync(c);
	}
}

/*
 * Append one piece of an incoming message, its frame announcing more
 * bytes still to come.  Returns 1 when the message is complete in c->rx,
 * 0 when more is expected, -1 when it is too large: what its frame
 * announces is judged at its first piece, not when max_message_bytes
 * have arrived (a client announcing 2^63 bytes and sending a few held
 * its connection until the keep-alive dropped it, hx53).
 */
static int
conn_rx_append(struct conn *c, const void *in, size_t len, size_t more,
    int final)
{
	size_t max = (size_t)c->d->conf->max_message_bytes;

	if (c->rx_overflow || c->rxlen + len > max || more > max -
	    (c->rxlen + len)) {
		c->rx_overflow = 1;
		return -1;
	}
	if (c->rxlen + len > c->rxcap) {
		size_t cap = c->rxcap ? c->rxcap : 1024;
		unsigned char *p;

		while (cap < c->rxlen + len)
			cap *= 2;
		if (cap > max)
			cap = max;
		if ((p = realloc(c->rx, cap)) == NULL)
			return -1;
		c->rx = p;
		c->rxcap = cap;
	}
	/* an empty fragment may come first, before any buffer exists */
	if (len > 0) {
		memcpy(c->rx + c->rxlen, in, len);
		c->rxlen += len;
	}
	return final ? 1 : 0;
}

/* Forget what is queued for the client. */
static void
conn_free_output(struct conn *c)
{
	struct outmsg *m, *next;

	for (m = c->out_head; m != NULL; m = next) {
		next = m->next;
		conn_msg_unref(m);
	}
	c->out_head = c->out_tail = NULL;
	limits_out_bytes(-(long)c->out_bytes);
	c->out_bytes = 0;
	c->out_whole = 0;
	/* what lws holds goes with the connection, closed next */
	conn_lws_release(c);
	conn_unhold(c);
}

static void
conn_free_queues(struct conn *c)
{
	conn_free_output(c);
	conn_free_input(c);
	free(c->rx);
	c->rx = NULL;
	c->rxlen = c->rxcap = 0;
}

/*
 * Drop what c holds: its queue, unsent, and its place among those waiting
 * for a sync.  For an HTTP request's connection (httpapi.c), which is no
 * socket and is never on d->conns.
 */
void
conn_forget(struct conn *c)
{
	conn_unhold(c);
	conn_free_queues(c);
}

/*
 * The bytes of c's output its peer's TCP acknowledged (TCP_INFO
 * tcpi_bytes_acked; lws does not say how much of a write it holds is
 * left, and the socket takes from lws's buffer with no callback to us),
 * or 0 where that is not known.  Only ever grows.
 */
static uint64_t
conn_acked(struct conn *c)
{
#ifdef __linux__
	struct tcp_info ti;
	socklen_t len = sizeof(ti);
	int fd;

	if (c->wsi != NULL && (fd = lws_get_socket_fd(c->wsi)) >= 0 &&
	    getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) == 0 &&
	    len >= offsetof(struct tcp_info, tcpi_bytes_acked) +
	    sizeof(ti.tcpi_bytes_acked))
		return ti.tcpi_bytes_acked;
#else
	(void)c;
#endif
	return 0;
}

/*
 * How far c's output has gone, in bytes, for telling a client that takes
 * bytes, however slowly, from one that takes none (ws_held_refresh): what
 * its peer's TCP acknowledged (conn_acked) plus what left our hands whole
 * or, held by lws, was sent since (c->tx_took: all there is where
 * TCP_INFO is not).  Only ever grows; compared with itself a pass later.
 */
static uint64_t
conn_progress(struct conn *c)
{
	return c->tx_took + conn_acked(c);
}

/*
 * What of c's held output (conn_held) its peer has not taken yet, as far
 * as can be told: a write lws holds counts whole in the budget, but a
 * client reading it slowly has taken part of it (what TCP acknowledged
 * since lws began holding it, at most the write).  Bytes; for choosing
 * whom ws_shed_memory() drops, not for the budget.
 */
static size_t
conn_untaken(struct conn *c)
{
	uint64_t taken = 0;

	if (c->lws_held > 0 && (taken = conn_acked(c)) >= c->tx_acked_hold)
		taken -= c->tx_acked_hold;
	else
		taken = 0;
	if (taken > c->lws_held)
		taken = c->lws_held;
	return c->out_bytes + c->lws_held - (size_t)taken;
}

/*
 * The output c holds: its queue, and what lws took of its last write
 * and still buffers (a whole transcript, to a client that does not read,
 * leaves our queue at once: lws_partial_buffered()).  Bytes.
 */
static size_t
conn_held(struct conn *c)
{
	conn_lws_drained(c);
	return c->out_bytes + c->lws_held;
}

/*
 * Once a pass, before the memory budget is looked at
 * (conversations_bound): give back what lws held and has sent since (lws
 * calls us for no write when its own buffer drains, so nothing else
 * notices), and mark stalled each connection lws still holds a write of
 * whose socket took nothing (conn_progress) since the last pass that saw
 * lws hold one: a client that does not read, as against one that reads
 * slowly, whose held write counts as whole as the other's (review h38,
 * F1).  A connection lws holds nothing of is not looked at (its socket
 * takes what it is given; no system call for it).  Each connection once;
 * counted as d->metrics.stalled.
 */
void
ws_held_refresh(struct daemon *d)
{
	struct conn *c;
	uint64_t took;
	long stalled = 0;

	for (c = d->conns; c != NULL; c = c->next) {
		if (c->lws_held > 0)
			conn_lws_drained(c);
		if (c->lws_held == 0) {
			c->tx_stalled = 0;
			continue;
		}
		took = conn_progress(c);
		c->tx_stalled = took == c->tx_mark ? c->tx_stalled + 1 : 0;
		c->tx_mark = took;
		stalled += c->tx_stalled > 0;
	}
	d->metrics.stalled = stalled;
}

/*
 * Is c not taking its output as fast as it is made, so that dropping it
 * is what the memory budget asks: lws holds part of a write and the
 * socket took nothing of it since the last pass (ws_held_refresh:
 * stalled), or replies pile up in our queue behind what it was sent,
 * past one send (WS_TX_PACKET, or half of max_output_bytes when that is
 * less; its one transcript not counted: a client that asked for it and
 * reads it is not behind).  A client reading, slowly but steadily, what
 * lws holds for it, or one whose turn's replies wait for a sync, is not:
 * dropping it frees little and harms a user who does nothing wrong
 * (review h42, F1 and F3: while the replay of attached conversations
 * stood over the budget, such clients were dropped in turn).
 */
static int
conn_not_taking(struct conn *c)
{
	size_t behind = c->out_bytes - c->out_whole;
	size_t max = (size_t)c->d->conf->max_output_bytes / 2;

	if (max > WS_TX_PACKET)
		max = WS_TX_PACKET;
	return (c->lws_held > 0 && c->tx_stalled > 0) || behind > max;
}

/*
 * Of the clients not taking their output (conn_not_taking()), the one to
 * drop for the memory budget: first the one whose socket took nothing for
 * the most passes in a row (ws_held_refresh: stalled), then, of as many,
 * the one that has the most left to take (conn_untaken): one that paused
 * its reading once must not go in place of one that has taken nothing
 * for long (review h39, F2).  A client reading steadily is never picked,
 * however much lws holds for it.  untaking: a look made between passes
 * (conn_reckon, ws_shed_round), skipped when none was found since and the
 * output did not grow by a send (shed_none_at).  NULL when there is none;
 * else *stalledp and *heldp are its passes stalled and its bytes held.
 * One scan of the connections.
 */
static struct conn *
ws_shed_pick(struct daemon *d, int untaking, unsigned *stalledp,
    size_t *heldp)
{
	struct conn *c, *worst = NULL;
	size_t held, most = 0, left, most_left = 0;
	unsigned stalled, worst_stalled = 0;

	if (untaking && shed_none_at >= 0 &&
	    limits_output_bytes() <= shed_none_at + WS_TX_PACKET)
		return NULL;
	for (c = d->conns; c != NULL; c = c->next) {
		if ((held = conn_held(c)) == 0 || !conn_not_taking(c))
			continue;
		stalled = c->lws_held > 0 ? c->tx_stalled : 0;
		left = conn_untaken(c);
		if (worst == NULL || stalled > worst_stalled ||
		    (stalled == worst_stalled && left > most_left)) {
			worst = c;
			most = held;
			most_left = left;
			worst_stalled = stalled;
		}
	}
	if (untaking && worst == NULL)
		shed_none_at = limits_output_bytes();
	*stalledp = worst_stalled;
	*heldp = most;
	return worst;
}

/*
 * Drop c, holding held bytes and stalled for stalled passes, for the
 * memory budget: logged naming max_replay_bytes (with when, what made
 * the daemon look: "" for the pass) and counted; its queue is freed at
 * once (and what lws holds for it no longer counted: it goes with the
 * connection, so none is picked twice); it gets 1008.
 */
static void
ws_shed_drop(struct conn *c, unsigned stalled,
    size_t held, const char *when)
{
	char why[96];

	if (stalled > 0)
		(void)snprintf(why, sizeof(why), "its socket took nothing in "
		    "%u passes in a row", stalled);
	else
		(void)snprintf(why, sizeof(why), "%zu bytes of replies wait "
		    "behind what it was sent", c->out_bytes - c->out_whole);
	log_info("conn %llu %s: client not reading, %zu bytes queued, and the "
	    "memory budget (max_replay_bytes) is spent; dropping it (%s)%s",
	    (unsigned long long)c->id, c->peer, held, why, when);
	limits_closed("memory_connection");
	conn_free_output(c);
	conn_drop_slow(c, "not reading: memory budget spent (max_replay_bytes)");
}

/*
 * Over the memory budget (conversations_bound: before or after giving up
 * replay and closing waiting conversations): drop clients not taking their
 * output, the worst first (ws_shed_pick), until the budget holds or none
 * is left (the replay of attached conversations may stand over it).
 */
void
ws_shed_memory(struct daemon *d)
{
	struct conn *worst;
	unsigned stalled;
	size_t held;

	while (limits_over_memory(d)) {
		if ((worst = ws_shed_pick(d, 0, &stalled, &held)) == NULL)
			return;
		ws_shed_drop(worst, stalled, held, "");
	}
}

/*
 * Reckon a message of len bytes for c against the memory budget before
 * it is queued, as a transcript reply is before it is made: should it
 * not fit in what is left of max_replay_bytes, the clients whose sockets
 * are not taking their output are dropped now, in the pass's order
 * (ws_shed_pick), until it fits.  Else clients that never read, each
 * sent a small error per bad frame or a replay per resume, queued past
 * the budget until the next pass (a second later) dropped them.  Waiting
 * conversations are left to the pass (the bytes to make room for are
 * output, and closing them would harm their users for a non-reader).
 * Before c itself is dropped, the replay of connected conversations
 * beyond what their resumes need is given up (conversations_make_room):
 * a client that reads, whose resume queued more than one send in a
 * round, is not dropped for replay other clients have read (review h43,
 * F1).  With no such client left the message is queued all the same: c takes
 * its output (ws_shed_round looks again once the round's writes are
 * done), and the pass deals with the rest.  1: queue it; -1: c itself
 * was dropped.
 */
static int
conn_reckon(struct conn *c, size_t len)
{
	struct daemon *d = c->d;
	struct conn *worst;
	unsigned stalled;
	size_t held;
	char when[96];

	while (limits_over_memory_less(d, -(long)len)) {
		if ((worst = ws_shed_pick(d, 1, &stalled, &held)) == NULL)
			return 1;
		/* c itself: not for replay its peers' clients have read */
		if (worst == c && conversations_make_room(d, len))
			return 1;
		(void)snprintf(when, sizeof(when), ", before a message of %zu "
		    "bytes for conn %llu was queued", len,
		    (unsigned long long)c->id);
		ws_shed_drop(worst, stalled, held, when);
		if (worst == c)
			return -1;
	}
	return 1;
}

/*
 * At the end of a round of the loop (server.c, after its writes): still
 * over the memory budget, the clients not taking their output are dropped
 * as conn_reckon() drops them.  A message for a client taking its output
 * when it was reckoned (its queue under half of max_output_bytes and one
 * send, lws holding nothing) is queued even over the budget; once the
 * round's writes show that its socket took no more, or its reading
 * stopped, it is not left standing over the budget until the next pass.
 */
void
ws_shed_round(struct daemon *d)
{
	struct conn *worst;
	unsigned stalled;
	size_t held;

	while (limits_over_memory(d) &&
	    (worst = ws_shed_pick(d, 1, &stalled, &held)) != NULL)
		ws_shed_drop(worst, stalled, held,
		    ", at the end of a round");
}

/*
 * Read no more of c's messages until conn_rx_release(): a reply is being
 * made on the store's worker, and what the client sends next must be
 * answered after it.
 */
void
conn_rx_hold(struct conn *c)
{
	c->rx_holds++;
	conn_rx_sync(c);
}

void
conn_rx_release(struct conn *c)
{
	if (c->rx_holds > 0)
		c->rx_holds--;
	conn_rx_sync(c);
	/* an HTTP request (httpapi.c) answers once nothing is held */
	if (c->rx_holds == 0)
		lws_callback_on_writable(c->wsi);
}

/* The connection with this id, if it is still open. */
struct conn *
ws_conn_find(struct daemon *d, uint64_t id)
{
	struct conn *c;

	for (c = d->conns; c != NULL; c = c->next)
		if (c->id == id && c->wsi != NULL)
			return c;
	return httpapi_conn_find(id);	/* an HTTP request's turn */
}

/*
 * After a group commit, on the loop thread outside any lws callback:
 * write c's released messages now rather than from a WRITEABLE round, so
 * that a turn's replies cost no POLLOUT arming and disarming (two
 * epoll_ctl) and no extra wake-up of the loop.  Only for a WebSocket in
 * its plain state: not an HTTP request (httpapi.c answers from its own
 * callback), not closing or closed by the peer (the close frame must be
 * last), not paused for reading (that is settled in WRITEABLE), and with
 * nothing lws still buffers.  1 when it wrote (or failed, and the
 * connection is being dropped) and nothing released is left; 0 when the
 * caller must ask for a WRITEABLE round.
 */
static int
conn_write_direct(struct conn *c)
{
	if (c->close_sent) {
		conn_close_sent(c);	/* nothing after the close frame */
		return 1;
	}
	if (!c->websocket || c->wsi == NULL || c->closing || c->peer_closed ||
	    c->rx_paused || lws_partial_buffered(c->wsi))
		return 0;
	if (conn_write_released(c) == -1) {
		c->peer_closed = 1;	/* write nothing more */
		lws_set_timeout(c->wsi, PENDING_TIMEOUT_CLOSE_SEND,
		    LWS_TO_KILL_ASYNC);
		return 1;
	}
	return c->out_head == NULL || c->out_head->epoch > c->d->synced;
}

/* After a group commit: let connections write what is now durable. */
void
ws_release_synced(struct daemon *d)
{
	struct conn *c, *next;

	for (c = d->held; c != NULL; c = next) {
		next = c->held_next;
		if (c->out_tail == NULL || c->out_tail->epoch <= d->synced)
			conn_unhold(c);
		if (c->out_head != NULL && c->out_head->epoch <= d->synced &&
		    conn_write_direct(c) == 0)
			lws_callback_on_writable(c->wsi);
	}
}

/*
 * At the end of a round of the loop (server.c, before it polls again):
 * write the messages queued this round that wait for no sync, as
 * ws_release_synced() writes those a group commit released.  Without
 * this they waited for a WRITEABLE round: two epoll_ctl (POLLOUT armed,
 * then disarmed) and one more poll per turn with --sync off.
 */
void
ws_release_round(struct daemon *d)
{
	if (!d->release_due)
		return;
	d->release_due = 0;
	ws_release_synced(d);
}

/*
 * Keep-alive (PROTOCOL.md 2.3), called every second.  A connection silent
 * for ping_interval seconds gets a ping; one that has not answered within
 * a third more (at least 2 s) is dropped without a close frame (1006).
 * Any frame from the peer answers.  This replaces lws 4.1.6's validity
 * timer (retry_and_idle_policy), which keeps one sorted list of every
 * connection's deadline and re-inserts a connection at its tail whenever
 * the connection is confirmed: O(connections) per insertion, so its CPU
 * grew with the square of the number of idle connections.  Here a
 * connection costs a few comparisons per second, and nothing per frame
 * but storing a time.
 */
void
ws_keepalive(struct daemon *d, double now)
{
	double iv = (double)d->conf->ping_interval;
	double grace = iv / 3 > 2 ? iv / 3 : 2;
	struct conn *c;

	for (c = d->conns; c != NULL; c = c->next) {
		if (c->ping_sent > 0) {
			if (now - c->ping_sent < grace)
				continue;
			log_info("conn %llu %s: no answer to a ping in %.0f s; "
			    "dropping it", (unsigned long long)c->id, c->peer,
			    grace);
			c->ping_sent = -1;	/* once */
			lws_set_timeout(c->wsi,
			    PENDING_TIMEOUT_WS_PONG_CHECK_GET_PONG, LWS_TO_KILL_ASYNC);
		} else if (c->ping_sent == 0 && now - c->last_rx >= iv) {
			c->ping_sent = now;
			c->ping_due = 1;
			lws_callback_on_writable(c->wsi);
		}
	}
}

/*
 * Is the Origin of this upgrade one we serve?  Browsers always send one;
 * it must be our own (same host as the Host header) or on the allow-list.
 * Clients that are not browsers send none and are not at risk of
 * cross-site use.  The Host must be ours either way (hostcheck.c: DNS
 * rebinding).
 */
int
ws_origin_allowed(struct daemon *d, struct lws *wsi, char *origin,
    size_t olen)
{
	char host[256];
	int n, hn;

	origin[0] = '\0';
	host[0] = '\0';
	n = lws_hdr_total_length(wsi, WSI_TOKEN_ORIGIN);
	hn = lws_hdr_total_length(wsi, WSI_TOKEN_HOST);
	if (hn >= (int)sizeof(host) || (hn > 0 && lws_hdr_copy(wsi, host,
	    sizeof(host), WSI_TOKEN_HOST) < 0))
		return 0;
	if (!hostcheck_host(d->conf, hn > 0 ? host : NULL))
		return 0;
	if (n <= 0)
		return 1;
	if (n >= (int)olen ||
	    lws_hdr_copy(wsi, origin, (int)olen, WSI_TOKEN_ORIGIN) < 0)
		return 0;
	return hostcheck_origin(d->conf, origin, hn > 0 ? host : NULL);
}

/*
 * c, dropped for not reading (conn_drop_slow), goes before its close frame
 * (1008 "not reading") was handed to its socket: logged, naming the bound
 * when it is the grace (WS_DROP_GRACE: the client took nothing more in it,
 * so the frame could not follow what it left untaken) and counted then;
 * else the client went or its socket failed first.  lws 4.1.6 announces
 * no timeout, so the grace is told by the time waited (the loop's time:
 * up to a round early, hence the half second).
 */
static void
conn_cut_log(struct conn *c)
{
	double waited = server_now() - c->dropped_at;

	if (waited >= WS_DROP_GRACE - 0.5 && !c->peer_closed) {
		c->d->metrics.dropped_slow_cut++;
		log_info("conn %llu %s: dropped for not reading, and it took "
		    "nothing more in %d s (WS_DROP_GRACE): cut without its "
		    "close frame (1008 not reading)",
		    (unsigned long long)c->id, c->peer, WS_DROP_GRACE);
	} else
		log_info("conn %llu %s: dropped for not reading, and gone "
		    "%.1f s later, before its close frame (1008 not reading) "
		    "could be sent", (unsigned long long)c->id, c->peer,
		    waited);
}

/*
 * The protocol callback.  Clients that name advisor.v1 are bound to it
 * directly; clients that name no subprotocol are bound to protocols[0],
 * whose callback (http.c) hands their WebSocket events here.  (lws 4.1.6
 * offers a "default" protocol option for that, but with it a browser's
 * second request on a kept-alive HTTP connection gets the first one's
 * file again.)
 */
int
ws_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user,
    void *in, size_t len)
{
	struct conn *c = user;
	struct daemon *d = lws_context_user(lws_get_context(wsi));
	struct outmsg *m;
	char uri[64], auth[PROTO_MAX_KEY + 16];
	size_t more;
	int n, k;

	switch (reason) {
	case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION:
		/* draining: plain HTTP (/readyz says 503) but no new sockets */
		if (d->draining)
			return 1;
		/* the protocol lives at /ws only */
		if (lws_hdr_copy(wsi, uri, sizeof(uri), WSI_TOKEN_GET_URI) <=
		    0 || strcmp(uri, "/ws") != 0) {
			log_info("refused an upgrade for '%s'", uri);
			return 1;
		}
		if (!ws_origin_allowed(d, wsi, c->origin,
		    sizeof(c->origin))) {
			char peer[64];

			lws_get_peer_simple(wsi, peer, sizeof(peer));
			log_info("%s: refused Origin '%s'", peer, c->origin);
			d->metrics.rejected_connections++;
			return 1;
		}
		/* an API key at the upgrade: Authorization: Bearer KEY */
		if ((n = lws_hdr_total_length(wsi,
		    WSI_TOKEN_HTTP_AUTHORIZATION)) > 0) {
			if (n >= (int)sizeof(auth) || lws_hdr_copy(wsi, auth,
			    sizeof(auth), WSI_TOKEN_HTTP_AUTHORIZATION) < 0 ||
			    strncasecmp(auth, "Bearer ", 7) != 0) {
				log_info("refused a malformed Authorization "
				    "header");
				return 1;
			}
			c->d = d;	/* conversation_auth needs it */
			if (conversation_auth(c, auth + 7) == -1) {
				char peer[64];

				lws_get_peer_simple(wsi, peer, sizeof(peer));
				log_info("%s: refused a wrong API key", peer);
				return 1;
			}
		}
		break;

	case LWS_CALLBACK_ESTABLISHED:
		c->wsi = wsi;
		c->websocket = 1;
		c->d = d;
		c->id = ++d->next_conn_id;
		proxy_client(d, wsi, c->peer, sizeof(c->peer));
		c->next = d->conns;
		if (d->conns != NULL)
			d->conns->prevp = &c->next;
		c->prevp = &d->conns;
		d->conns = c;
		c->last_rx = server_now();
		d->nconns++;
		d->metrics.connections_total++;
		log_info("conn %llu %s: open%s%s%s", (unsigned long long)c->id,
		    c->peer, c->integration ? " (integration " : "",
		    c->key_name, c->integration ? ")" : "");
		break;

	case LWS_CALLBACK_RECEIVE_PONG:
		if (c->ping_sent > 0)
			c->ping_sent = 0;
		c->last_rx = server_now();
		break;

	case LWS_CALLBACK_RECEIVE:
		if (c->ping_sent > 0)
			c->ping_sent = 0;
		c->last_rx = server_now();
		if (c->closing || c->close_sent)
			break;
		if (lws_frame_is_binary(wsi))
			return conn_abort(c, wsi,
			    LWS_CLOSE_STATUS_UNACCEPTABLE_OPCODE,
			    "binary frames are not used");
		more = lws_remaining_packet_payload(wsi);
		n = lws_is_final_fragment(wsi) && more == 0;
		/*
		 * A message in one piece (the usual case) is handled where
		 * lws has it: no copy, and no buffer kept per connection.
		 */
		if (n && c->rxlen == 0 && !c->rx_overflow &&
		    len <= (size_t)d->conf->max_message_bytes) {
			if (!jsonenc_utf8(in, len))
				goto bad_utf8;
			if (conn_rx_message(c, in, len) == -1)
				goto stash_full;
			break;
		}
		n = conn_rx_append(c, in, len, more, n);
		if (n == -1) {
			char why[WS_CLOSE_REASON_MAX + 1];

			/* the reason names the setting and its value: the
			 * client sees which bound, not just that one */
			(void)snprintf(why, sizeof(why), "message too large: "
			    "over max_message_bytes (%ld)",
			    d->conf->max_message_bytes);
			log_info("conn %llu %s: message over max_message_bytes "
			    "(%ld bytes); closing", (unsigned long long)c->id,
			    c->peer, d->conf->max_message_bytes);
			limits_message_too_large();
			return conn_abort(c, wsi,
			    LWS_CLOSE_STATUS_MESSAGE_TOO_LARGE, why);
		}
		if (n == 1) {
			if (!jsonenc_utf8((const char *)c->rx, c->rxlen)) {
				c->rxlen = 0;
				goto bad_utf8;
			}
			/* fragments all empty: no buffer, an empty message */
			k = conn_rx_message(c, c->rx != NULL ? c->rx :
			    (const unsigned char *)"", c->rxlen);
			c->rxlen = 0;
			/* pieces are rare: keep no buffer for an idle connection */
			free(c->rx);
			c->rx = NULL;
			c->rxcap = 0;
			if (k == -1)
				goto stash_full;
		}
		break;
stash_full:
		return conn_abort(c, wsi, LWS_CLOSE_STATUS_POLICY_VIOLATION,
		    "too much sent while reading was held");
bad_utf8:
		/*
		 * RFC 6455 8.1.  Checked here, on the whole message, and
		 * not by lws (LWS_SERVER_OPTION_VALIDATE_UTF8): lws 4.1.6
		 * also checked an unsolicited pong's payload after a text
		 * frame and closed 1007 for it (server.c).
		 */
		log_info("conn %llu %s: a text message that is not UTF-8; "
		    "closing", (unsigned long long)c->id, c->peer);
		return conn_abort(c, wsi, LWS_CLOSE_STATUS_INVALID_PAYLOAD,
		    "invalid UTF-8");

	case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
		c->peer_closed = 1;	/* no direct writes after its close */
		/*
		 * A close payload is empty or a 2-byte code and a reason
		 * (RFC 6455 5.5.1); lws 4.1.6 echoes a 1-byte one back as
		 * it is.  Answer it with 1002 instead.  (Codes that may not
		 * be sent lws answers with 1002 itself.)
		 */
		if (len == 1)
			return conn_abort(c, wsi, LWS_CLOSE_STATUS_PROTOCOL_ERR,
			    "close payload of 1 byte");
		/* its reason is UTF-8 (RFC 6455 5.5.1, 8.1) */
		if (len > 2 && !jsonenc_utf8((const char *)in + 2, len - 2))
			return conn_abort(c, wsi,
			    LWS_CLOSE_STATUS_INVALID_PAYLOAD,
			    "close reason not UTF-8");
		break;

	case LWS_CALLBACK_WS_SERVER_DROP_PROTOCOL:
		/*
		 * lws 4.1.6 is closing: it queues its close frame next (or
		 * cuts the connection, and LWS_CALLBACK_CLOSED follows at
		 * once).  Also for the closes it starts itself, which no
		 * other callback announces.  What is queued is dropped, and
		 * counted, when it would be written.
		 */
		if (c != NULL && c->wsi != NULL)
			c->close_sent = 1;
		break;

	case LWS_CALLBACK_SERVER_WRITEABLE:
		/*
		 * lws 4.1.6 still calls this after its close frame went
		 * (state AWAITING_CLOSE_ACK: lib/roles/ws/ops-ws.c:1343,
		 * lib/core-net/service.c:218).
		 */
		if (c->close_sent) {
			conn_close_sent(c);
			break;
		}
		if (c->ping_due) {
			/* lws hands us no pong with an empty payload */
			unsigned char ping[LWS_PRE + 1] = { [LWS_PRE] = 'k' };

			c->ping_due = 0;
			if (lws_write(wsi, ping + LWS_PRE, 1, LWS_WRITE_PING) < 1)
				return -1;
			if (c->out_head != NULL || c->closing)
				lws_callback_on_writable(wsi);
			break;
		}
		if ((m = c->out_head) != NULL && m->epoch <= d->synced) {
			/*
			 * The messages released, several per callback (a
			 * turn's answer and its question go out together,
			 * not a loop iteration apart), while the socket
			 * takes each whole: a write lws had to buffer in
			 * part ends the round (lws_partial_buffered()).
			 */
			if (conn_write_released(c) == -1)
				return -1;
			if (c->rx_paused && c->out_bytes <
			    (size_t)d->conf->max_output_bytes / 4) {
				c->rx_paused = 0;
				conn_rx_sync(c);
			}
			if ((c->out_head != NULL &&
			    c->out_head->epoch <= d->synced) ||
			    (c->out_head == NULL && c->closing))
				lws_callback_on_writable(wsi);
			break;
		}
		if (c->out_head == NULL && c->closing)
			return conn_abort(c, wsi, c->close_code,
			    c->close_why ? c->close_why : "");
		break;

	case LWS_CALLBACK_CLOSED:
		if (c->wsi == NULL)
			break;	/* never established */
		log_info("conn %llu %s: closed (%zu conversation%s waiting for "
		    "resume)", (unsigned long long)c->id, c->peer, c->nconvs,
		    c->nconvs == 1 ? "" : "s");
		if (c->dropped_at > 0 && !c->close_queued)
			conn_cut_log(c);
		conversations_detach_all(c);
		*c->prevp = c->next;
		if (c->next != NULL)
			c->next->prevp = c->prevp;
		d->nconns--;
		conn_unhold(c);
		conn_free_queues(c);
		c->wsi = NULL;
		server_conn_closed(d);
		break;

	default:
		break;
	}
	return 0;
}

const struct lws_protocols ws_protocol = {
	PROTO_NAME, ws_callback, sizeof(struct conn), RX_CHUNK, 0, NULL,
	WS_TX_PACKET
};
