/*
 * ws.c: the advisor.v1 WebSocket protocol: one struct conn per connection.
 *
 * Input: lws hands us a message in pieces of at most rx_buffer_size bytes;
 * we reassemble them into a buffer bounded by max_message_bytes and handle
 * the message when its last fragment arrives.  Output: every message for
 * the client is queued on the connection and written from the WRITEABLE
 * callback, one lws_write() per callback.  The client is the boss: when
 * its queue grows past half of max_output_bytes we stop reading from it
 * (no more input, no more output), and past max_output_bytes we drop it.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "advisord.h"

#define RX_CHUNK	2048	/* lws per-connection receive buffer */

struct outmsg {
	struct outmsg	*next;
	size_t		 len;
	unsigned char	 data[];	/* LWS_PRE bytes, then the message */
};

struct conn {
	struct lws	*wsi;
	struct daemon	*d;
	struct conn	*next;
	struct conn	**prevp;
	uint64_t	 id;
	char		 peer[64];
	unsigned char	*rx;
	size_t		 rxlen;
	size_t		 rxcap;
	int		 rx_overflow;
	struct outmsg	*out_head;
	struct outmsg	*out_tail;
	size_t		 out_bytes;
	int		 rx_paused;
	int		 closing;	/* close once the queue is flushed */
	int		 close_code;
};

/*
 * Queue len bytes of text for the client.  Returns 0, or -1 when the
 * connection is being dropped because the client does not read.
 */
static int
conn_send(struct conn *c, const char *text, size_t len)
{
	long max = c->d->conf->max_output_bytes;
	struct outmsg *m;

	if (c->closing && c->close_code == LWS_CLOSE_STATUS_POLICY_VIOLATION)
		return -1;
	if (c->out_bytes + len > (size_t)max) {
		log_info("conn %llu %s: client not reading, %zu bytes queued; "
		    "dropping", (unsigned long long)c->id, c->peer,
		    c->out_bytes);
		c->closing = 1;
		c->close_code = LWS_CLOSE_STATUS_POLICY_VIOLATION;
		lws_callback_on_writable(c->wsi);
		return -1;
	}
	if ((m = malloc(sizeof(*m) + LWS_PRE + len)) == NULL) {
		log_warn("conn %llu: queueing a reply",
		    (unsigned long long)c->id);
		return -1;
	}
	m->next = NULL;
	m->len = len;
	memcpy(m->data + LWS_PRE, text, len);
	if (c->out_tail != NULL)
		c->out_tail->next = m;
	else
		c->out_head = m;
	c->out_tail = m;
	c->out_bytes += len;
	if (!c->rx_paused && c->out_bytes > (size_t)max / 2) {
		lws_rx_flow_control(c->wsi, 0);
		c->rx_paused = 1;
	}
	lws_callback_on_writable(c->wsi);
	return 0;
}

/* Serialize j compactly and queue it; j is borrowed. */
static int
conn_send_json(struct conn *c, json_t *j)
{
	char *text;
	int rc;

	if ((text = json_dumps(j, JSON_COMPACT)) == NULL)
		return -1;
	rc = conn_send(c, text, strlen(text));
	free(text);
	return rc;
}

static void
conn_send_error(struct conn *c, const char *code, const char *message,
    const char *re)
{
	json_t *j = json_pack("{s:s, s:s, s:s}", "type", "error",
	    "code", code, "message", message);

	if (j == NULL)
		return;
	if (re != NULL)
		(void)json_object_set_new(j, "re", json_string(re));
	(void)json_object_set_new(j, "done", json_true());
	(void)conn_send_json(c, j);
	json_decref(j);
}

static void
conn_handle_message(struct conn *c, const unsigned char *buf, size_t len)
{
	json_error_t jerr;
	json_t *root, *jtype, *jid;
	const char *type, *id = NULL;

	root = json_loadb((const char *)buf, len, JSON_REJECT_DUPLICATES,
	    &jerr);
	if (root == NULL) {
		conn_send_error(c, "bad_json", jerr.text, NULL);
		return;
	}
	if (!json_is_object(root)) {
		conn_send_error(c, "bad_message", "a message is a JSON object",
		    NULL);
		goto out;
	}
	if ((jid = json_object_get(root, "id")) != NULL && json_is_string(jid))
		id = json_string_value(jid);
	jtype = json_object_get(root, "type");
	if (!json_is_string(jtype)) {
		conn_send_error(c, "missing_field", "'type' must be a string",
		    id);
		goto out;
	}
	type = json_string_value(jtype);
	if (strcmp(type, "hello") == 0) {
		json_t *w = json_pack("{s:s, s:s, s:s, s:b}", "type", "welcome",
		    "protocol", ADVISORD_PROTOCOL, "server",
		    "advisord/" ADVISORD_VERSION, "done", 1);

		if (w != NULL) {
			if (id != NULL)
				(void)json_object_set_new(w, "re",
				    json_string(id));
			(void)conn_send_json(c, w);
			json_decref(w);
		}
	} else
		conn_send_error(c, "unknown_type", "unknown message type", id);
out:
	json_decref(root);
}

/*
 * Append one piece of an incoming message.  Returns 1 when the message is
 * complete in c->rx, 0 when more is expected, -1 when it is too large.
 */
static int
conn_rx_append(struct conn *c, const void *in, size_t len, int final)
{
	size_t max = (size_t)c->d->conf->max_message_bytes;

	if (c->rx_overflow || c->rxlen + len > max) {
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
	memcpy(c->rx + c->rxlen, in, len);
	c->rxlen += len;
	return final ? 1 : 0;
}

static void
conn_free_queues(struct conn *c)
{
	struct outmsg *m, *next;

	for (m = c->out_head; m != NULL; m = next) {
		next = m->next;
		free(m);
	}
	c->out_head = c->out_tail = NULL;
	c->out_bytes = 0;
	free(c->rx);
	c->rx = NULL;
	c->rxlen = c->rxcap = 0;
}

/* Ask every connection to finish what it is doing and close. */
void
ws_drain_all(struct daemon *d)
{
	struct conn *c;

	for (c = d->conns; c != NULL; c = c->next) {
		c->closing = 1;
		if (c->close_code == 0)
			c->close_code = LWS_CLOSE_STATUS_GOINGAWAY;
		lws_callback_on_writable(c->wsi);
	}
}

static int
ws_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user,
    void *in, size_t len)
{
	struct conn *c = user;
	struct daemon *d = lws_context_user(lws_get_context(wsi));
	struct outmsg *m;
	int n;

	switch (reason) {
	case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION:
		if (d->draining)
			return 1;
		break;

	case LWS_CALLBACK_ESTABLISHED:
		memset(c, 0, sizeof(*c));
		c->wsi = wsi;
		c->d = d;
		c->id = ++d->next_conn_id;
		lws_get_peer_simple(wsi, c->peer, sizeof(c->peer));
		c->next = d->conns;
		if (d->conns != NULL)
			d->conns->prevp = &c->next;
		c->prevp = &d->conns;
		d->conns = c;
		d->nconns++;
		log_info("conn %llu %s: open", (unsigned long long)c->id,
		    c->peer);
		break;

	case LWS_CALLBACK_RECEIVE:
		if (c->closing)
			break;
		if (lws_frame_is_binary(wsi)) {
			lws_close_reason(wsi, LWS_CLOSE_STATUS_UNACCEPTABLE_OPCODE,
			    (unsigned char *)"binary frames are not used", 26);
			return -1;
		}
		n = conn_rx_append(c, in, len, lws_is_final_fragment(wsi) &&
		    lws_remaining_packet_payload(wsi) == 0);
		if (n == -1) {
			lws_close_reason(wsi, LWS_CLOSE_STATUS_MESSAGE_TOO_LARGE,
			    (unsigned char *)"message too large", 17);
			return -1;
		}
		if (n == 1) {
			conn_handle_message(c, c->rx, c->rxlen);
			c->rxlen = 0;
		}
		break;

	case LWS_CALLBACK_SERVER_WRITEABLE:
		if ((m = c->out_head) != NULL) {
			n = lws_write(wsi, m->data + LWS_PRE, m->len,
			    LWS_WRITE_TEXT);
			if (n < (int)m->len)
				return -1;
			c->out_head = m->next;
			if (c->out_head == NULL)
				c->out_tail = NULL;
			c->out_bytes -= m->len;
			free(m);
			if (c->rx_paused && c->out_bytes <
			    (size_t)d->conf->max_output_bytes / 4) {
				lws_rx_flow_control(wsi, 1);
				c->rx_paused = 0;
			}
			if (c->out_head != NULL || c->closing)
				lws_callback_on_writable(wsi);
			break;
		}
		if (c->closing) {
			const char *why = c->close_code ==
			    LWS_CLOSE_STATUS_GOINGAWAY ? "server shutting down" :
			    "output queue full";

			lws_close_reason(wsi, (enum lws_close_status)c->close_code,
			    (unsigned char *)why, strlen(why));
			return -1;
		}
		break;

	case LWS_CALLBACK_CLOSED:
		if (c->d == NULL)
			break;	/* never established */
		log_info("conn %llu %s: closed", (unsigned long long)c->id,
		    c->peer);
		*c->prevp = c->next;
		if (c->next != NULL)
			c->next->prevp = c->prevp;
		d->nconns--;
		conn_free_queues(c);
		c->d = NULL;
		server_conn_closed(d);
		break;

	default:
		break;
	}
	return 0;
}

const struct lws_protocols ws_protocol = {
	ADVISORD_PROTOCOL, ws_callback, sizeof(struct conn), RX_CHUNK, 0,
	NULL, 0
};
