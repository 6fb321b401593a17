/* SPDX-License-Identifier: ISC */
/*
 * httpapi.c: POST requests on the HTTP listener (issue 15), each off
 * unless configured:
 *
 *	/api/v1/conversations/NAME/messages	http_api = 1 (this file)
 *	/webhooks/slack/commands, /events	slack_signing_secret
 *	/webhooks/mattermost			mattermost_token
 *	/webhooks/discord			discord_public_key
 *
 * A request is one turn of one conversation.  It gets a struct conn of
 * its own (r->hc) that is not a WebSocket: the conversation layer
 * (conversation.c) runs the turn on it exactly as for a socket, so that
 * the turn is recorded, signed and journaled the same, and queues the
 * turn's messages on it.  Those are answered, as one HTTP response, once
 * the journal holding them is on disk (the same group commit that
 * releases a socket's messages, ws_release_synced()), in the shape the
 * caller wants (r->render).
 *
 * The body is read whole, bounded by max_message_bytes (413 past it,
 * from Content-Length before reading when it says so), and must arrive
 * within handshake_timeout of the headers (408 with a JSON error past
 * it, httpapi_timeout()).  Headers the handlers need are copied when the
 * request arrives.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "advisord.h"

#define API_PREFIX	"/api/v1/conversations/"

/* Open requests: a reply made on the store's worker finds its own here. */
static struct httpapi_req *requests;
#define API_SUFFIX	"/messages"

/* Copy custom header name ("x-...:") into dst, or "" when absent/too long. */
static void
httpapi_header(struct lws *wsi, const char *name, char *dst, size_t len)
{
	int n = lws_hdr_custom_length(wsi, name, (int)strlen(name));

	dst[0] = '\0';
	if (n <= 0 || (size_t)n >= len || lws_hdr_custom_copy(wsi, dst,
	    (int)len, name, (int)strlen(name)) < 0)
		dst[0] = '\0';
}

static void
httpapi_token(struct lws *wsi, enum lws_token_indexes t, char *dst,
    size_t len)
{
	int n = lws_hdr_total_length(wsi, t);

	dst[0] = '\0';
	if (n <= 0 || (size_t)n >= len || lws_hdr_copy(wsi, dst, (int)len,
	    t) < 0)
		dst[0] = '\0';
}

/* Answer r with status and body (owned; NULL: out of memory). */
void
httpapi_reply(struct httpapi_req *r, int status, const char *ctype,
    char *body, size_t len)
{
	free(r->out);
	r->out = body;
	r->outlen = body != NULL ? len : 0;
	r->status = body != NULL ? status : 500;
	r->rtype = ctype;
	r->state = HA_READY;
	log_info("%s: %s %s: %d", r->ip, r->post ? "POST" : "GET", r->path,
	    r->status);
	lws_callback_on_writable(r->wsi);
}

/* A one-line text/plain answer. */
void
httpapi_replyf(struct httpapi_req *r, int status, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	httpapi_reply(r, status, "text/plain; charset=utf-8", n < 0 ? NULL : s,
	    n < 0 ? 0 : (size_t)n);
}

/* A JSON answer; j is borrowed. */
void
httpapi_json(struct httpapi_req *r, int status, json_t *j)
{
	char *s = j != NULL ? json_dumps(j, JSON_COMPACT) : NULL;

	httpapi_reply(r, status, "application/json", s, s ? strlen(s) : 0);
}

/* Hand one protocol message (borrowed) to the conversation layer on r. */
static void
httpapi_handle(struct httpapi_req *r, json_t *msg)
{
	struct proto_error err;
	struct proto_msg m;
	double t0 = server_clock();
	unsigned char rnd[8];
	char id[2 + 2 * sizeof(rnd) + 1];
	size_t len;
	char *text;

	/*
	 * An id of its own when the caller gave none: the platforms' users
	 * send none, and ids are the protocol's way to tell a resent
	 * message from a new one.
	 */
	if (json_object_get(msg, "id") == NULL) {
		randombytes_buf(rnd, sizeof(rnd));
		(void)strcpy(id, "h-");
		(void)sodium_bin2hex(id + 2, sizeof(id) - 2, rnd, sizeof(rnd));
		(void)json_object_set_new(msg, "id", json_string(id));
	}
	if ((text = proto_encode(msg, &len)) == NULL) {
		conn_send_error(&r->hc, "internal", "out of memory", NULL,
		    r->conv);
		return;
	}
	if (proto_decode(text, len, &m, &err) == -1) {
		metrics_in(r->d, "other");
		conn_send_error_limit(&r->hc, err.code, err.message, m.id,
		    r->conv, err.limit);
	} else {
		metrics_in(r->d, proto_type_name(m.type));
		conversation_handle(&r->hc, &m, t0);
	}
	proto_msg_free(&m);
	free(text);
}

/*
 * Run one turn on conversation name of owner (an API key's name, or
 * "webhook:PLATFORM") with msg (borrowed; NULL: none).  With autoopen a
 * conversation that does not exist is opened first (its opening is part
 * of the answer).  The answer is rendered by r->render once the turn's
 * records are on disk.
 */
void
httpapi_turn(struct httpapi_req *r, const char *owner, const char *name,
    json_t *msg, int autoopen)
{
	const char *type = json_string_value(json_object_get(msg, "type"));
	struct conn *hc = &r->hc;
	char key[sizeof(hc->key_name) + PROTO_MAX_CONV + 2];
	int n = 0;

	if (name != r->conv)
		(void)snprintf(r->conv, sizeof(r->conv), "%s", name);
	if (owner != hc->key_name)
		(void)snprintf(hc->key_name, sizeof(hc->key_name), "%s",
		    owner);
	hc->integration = 1;
	hc->http = 1;
	hc->hello = 1;
	r->state = HA_WAITING;
	if (type == NULL || strcmp(type, "open") != 0)
		n = conversation_attach_owned(hc, name, server_now());
	/*
	 * Not held here: with the shared store it may be open on another
	 * instance (one that died, HB17-4).  The API key owns it, so the
	 * turn takes it over as its owner's resume would (transcript.c:
	 * lease, rebuild by replay, check), and is applied then
	 * (httpapi_claimed); the request waits for it (held by the claim).
	 */
	if (n == 0 && msg != NULL && !r->claimed && (type == NULL ||
	    strcmp(type, "open") != 0)) {
		(void)snprintf(key, sizeof(key), "%s/%s", hc->key_name, name);
		r->claimed = 1;
		r->autoopen = autoopen;
		r->pending = json_incref(msg);
		if (transcript_claim(r->d, hc, key, name, NULL, 0, NULL) ==
		    0) {
			lws_callback_on_writable(r->wsi);
			return;
		}
		json_decref(r->pending);
		r->pending = NULL;
	}
	if (n == 0 && autoopen) {
		json_t *o = json_pack("{s:s, s:s}", "type", "open",
		    "conversation", name);
		json_t *meta = json_object_get(msg, "meta");
		const char *cmd = json_string_value(json_object_get(msg,
		    "command"));

		/* a webhook's meta (who spoke) goes on the open it makes too */
		if (meta != NULL)
			(void)json_object_set(o, "meta", meta);
		httpapi_handle(r, o);
		json_decref(o);
		/* refused (the answer says why), or the opening is the answer */
		if (hc->nconvs == 0 || (cmd != NULL &&
		    strcmp(cmd, "summary") == 0))
			msg = NULL;
	}
	if (msg != NULL && n != -1) {
		/* meta is for open and say only: a command or end drops it */
		if (autoopen && type != NULL && strcmp(type, "say") != 0)
			(void)json_object_del(msg, "meta");
		(void)json_object_set_new(msg, "conversation",
		    json_string(name));
		httpapi_handle(r, msg);
	}
	lws_callback_on_writable(r->wsi);
}

/*
 * The take-over a turn asked for (httpapi_turn) is done, on the loop
 * (transcript.c), for cn, an HTTP request's connection: with again, it
 * succeeded (or the store knew no such conversation) and the turn runs
 * now; else its refusal is already queued on cn.  Releases the claim's
 * hold first, which lets the answer go once the turn holds nothing.
 */
void
httpapi_claimed(struct conn *cn, int again)
{
	struct httpapi_req *r = (struct httpapi_req *)(void *)((char *)cn -
	    offsetof(struct httpapi_req, hc));
	json_t *msg = r->pending;

	r->pending = NULL;
	/*
	 * Before the turn: a transcript request still under the claim's
	 * hold was refused as "already being made for this connection"
	 * (400 transcript_refused).  The answer is written later, on
	 * writable, after any hold the turn takes for its reply.
	 */
	conn_rx_release(cn);
	if (again && msg != NULL)
		httpapi_turn(r, cn->key_name, r->conv, msg, r->autoopen);
	json_decref(msg);
}

/*
 * HTTP status of a turn: the error that refused its message, if one did.
 * A concurrent request on the same conversation takes it over, and this
 * one's answer then ends with conversation_moved: that does not hide the
 * refusal before it (moved alone is 409).
 */
static int
httpapi_status(json_t *msgs)
{
	static const struct {
		const char	*code;
		int		 status;
	} map[] = {
		{ "unknown_conversation", 404 }, { "conversation_ended", 404 },
		{ "conversation_exists", 409 }, { "rate_limited", 429 },
		{ "too_many_conversations", 429 }, { "storage_full", 507 },
		{ "storage_failed", 500 }, { "internal", 500 },
		{ "shutting_down", 503 }, { "conversation_moved", 409 },
		{ "conversation_busy", 503 }, { "store_unavailable", 503 },
	};
	json_t *m, *last = NULL;
	const char *code;
	size_t i, n = 0;

	if (json_array_size(msgs) == 0)
		return 500;
	json_array_foreach(msgs, i, m) {
		code = json_string_value(json_object_get(m, "code"));
		if (code == NULL || strcmp(code, "conversation_moved") != 0) {
			last = m;
			n++;
		}
	}
	if (n == 0)
		last = json_array_get(msgs, 0);
	else if (n != 1)
		return 200;
	if ((code = json_string_value(json_object_get(last, "code"))) == NULL)
		return 200;
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i].code, code) == 0)
			return map[i].status;
	return 400;	/* the message itself was wrong */
}

/*
 * The generic channel's answer: {"conversation", "messages": [...]}.  A
 * refusal that says when to retry (retry_after_ms: conversation_busy,
 * another instance holds its lease, 503; rate_limited, 429) says it in
 * Retry-After too (RFC 9110, RFC 6585), whole seconds rounded up.
 */
static void
httpapi_render_api(struct httpapi_req *r, json_t *msgs)
{
	json_t *j = json_pack("{s:s, s:O}", "conversation", r->conv,
	    "messages", msgs), *m;
	json_int_t ms;
	size_t i;

	json_array_foreach(msgs, i, m) {
		ms = json_integer_value(json_object_get(m, "retry_after_ms"));
		if (ms > 0 && ms < 3600 * 1000)
			r->retry_after = (int)((ms + 999) / 1000);
	}

	httpapi_json(r, httpapi_status(msgs), j);
	json_decref(j);
}

/*
 * POST /api/v1/conversations/NAME/messages with an API key: the body is
 * one protocol message of conversation NAME (section 5 of PROTOCOL.md,
 * but hello and resume: a request is its own turn).
 */
static void
httpapi_api(struct httpapi_req *r)
{
	const char *name = r->path + strlen(API_PREFIX), *type, *conv;
	size_t nlen = strlen(name) - strlen(API_SUFFIX);
	char cname[PROTO_MAX_CONV + 1];
	json_error_t jerr;
	json_t *msg;

	if (strncasecmp(r->auth, "Bearer ", 7) != 0 ||
	    conversation_auth(&r->hc, r->auth + 7) == -1) {
		/* counted as a refused upgrade is: /metrics shows a bad key */
		r->d->metrics.refused[REFUSE_API_KEY]++;
		r->d->metrics.rejected_connections++;
		httpapi_replyf(r, 401, "401 Unauthorized: wrong or missing API "
		    "key (Authorization: Bearer KEY)\n");
		return;
	}
	if (nlen == 0 || nlen > PROTO_MAX_CONV) {
		httpapi_replyf(r, 400, "400 Bad Request: the conversation name "
		    "in the path must be 1 to %d bytes\n", PROTO_MAX_CONV);
		return;
	}
	memcpy(cname, name, nlen);
	cname[nlen] = '\0';
	if ((msg = json_loadb(r->body ? r->body : "", r->len, 0, &jerr)) ==
	    NULL || !json_is_object(msg)) {
		httpapi_replyf(r, 400, "400 Bad Request: the body must be one "
		    "JSON object, a protocol message (%s)\n", msg == NULL ?
		    jerr.text : "not an object");
		json_decref(msg);
		return;
	}
	type = json_string_value(json_object_get(msg, "type"));
	conv = json_string_value(json_object_get(msg, "conversation"));
	if (type != NULL && (strcmp(type, "hello") == 0 ||
	    strcmp(type, "resume") == 0)) {
		httpapi_replyf(r, 400, "400 Bad Request: '%s' is not used over "
		    "HTTP: every request is a turn of the conversation its path "
		    "names\n", type);
	} else if (conv != NULL && strcmp(conv, cname) != 0) {
		httpapi_replyf(r, 400, "400 Bad Request: the message's "
		    "'conversation' differs from the path's\n");
	} else {
		(void)json_object_set_new(msg, "conversation",
		    json_string(cname));
		r->render = httpapi_render_api;
		httpapi_turn(r, r->hc.key_name, cname, msg, 0);
	}
	json_decref(msg);
}

/*
 * The request's path: which handler, and is it on?  Answers 404 when it
 * is no endpoint or is off.
 */
static int
httpapi_route(struct httpapi_req *r)
{
	const struct config *c = r->d->conf;
	const char *p = r->path;
	size_t n = strlen(p);

	if (strcmp(p, "/webhooks/slack/commands") == 0 ||
	    strcmp(p, "/webhooks/slack/events") == 0) {
		if (c->slack_signing_secret != NULL)
			return strcmp(p + 16, "commands") == 0 ?
			    ROUTE_SLACK_COMMANDS : ROUTE_SLACK_EVENTS;
		httpapi_replyf(r, 404, "404 Not Found: Slack is off here (set "
		    "slack_signing_secret)\n");
	} else if (strcmp(p, "/webhooks/mattermost") == 0) {
		if (c->mattermost_token != NULL)
			return ROUTE_MATTERMOST;
		httpapi_replyf(r, 404, "404 Not Found: Mattermost is off here "
		    "(set mattermost_token)\n");
	} else if (strcmp(p, "/webhooks/discord") == 0) {
		if (c->discord_public_key != NULL)
			return ROUTE_DISCORD;
		httpapi_replyf(r, 404, "404 Not Found: Discord is off here (set "
		    "discord_public_key)\n");
	} else if (strncmp(p, API_PREFIX, strlen(API_PREFIX)) == 0 &&
	    n > strlen(API_PREFIX) + strlen(API_SUFFIX) &&
	    strcmp(p + n - strlen(API_SUFFIX), API_SUFFIX) == 0) {
		if (c->http_api)
			return ROUTE_API;
		httpapi_replyf(r, 404, "404 Not Found: the HTTP channel is off "
		    "here (set http_api = 1)\n");
	} else
		httpapi_replyf(r, 404, "404 Not Found: the endpoints here are "
		    "/webhooks/slack/commands, /webhooks/slack/events, "
		    "/webhooks/mattermost, /webhooks/discord and "
		    API_PREFIX "NAME" API_SUFFIX "\n");
	return 0;
}

/*
 * A request for uri arrived (its headers): set up *rp.  Answers at once
 * what needs no body (a wrong path or method, a body too large); else the
 * body follows (httpapi_body).  Returns 0, or -1 when out of memory.
 */
int
httpapi_begin(struct daemon *d, struct lws *wsi, struct httpapi_req **rp,
    const char *uri, int post)
{
	struct httpapi_req *r;
	char clen[32];
	long long n;

	httpapi_free(*rp);
	if ((*rp = r = calloc(1, sizeof(*r))) == NULL)
		return -1;
	if ((r->next = requests) != NULL)
		requests->prevp = &r->next;
	r->prevp = &requests;
	requests = r;
	r->d = d;
	r->wsi = wsi;
	r->post = post;
	r->t0 = server_now();
	/*
	 * One request per connection: lws 4.1.6 hands a pipelined second
	 * POST the bytes of its request line as its body (and then spins),
	 * so the connection closes after each answer.
	 */
	r->close = 1;
	r->hc.d = d;
	r->hc.wsi = wsi;
	r->hc.id = ++d->next_conn_id;
	proxy_client(d, wsi, r->ip, sizeof(r->ip));
	(void)snprintf(r->hc.peer, sizeof(r->hc.peer), "%s", r->ip);
	(void)snprintf(r->path, sizeof(r->path), "%s", uri);
	httpapi_token(wsi, WSI_TOKEN_HTTP_AUTHORIZATION, r->auth,
	    sizeof(r->auth));
	httpapi_token(wsi, WSI_TOKEN_HTTP_CONTENT_TYPE, r->ctype,
	    sizeof(r->ctype));
	httpapi_token(wsi, WSI_TOKEN_HTTP_CONTENT_LENGTH, clen, sizeof(clen));
	httpapi_header(wsi, "x-slack-signature:", r->sig, sizeof(r->sig));
	if (r->sig[0] == '\0')
		httpapi_header(wsi, "x-signature-ed25519:", r->sig,
		    sizeof(r->sig));
	httpapi_header(wsi, "x-slack-request-timestamp:", r->ts,
	    sizeof(r->ts));
	if (r->ts[0] == '\0')
		httpapi_header(wsi, "x-signature-timestamp:", r->ts,
		    sizeof(r->ts));
	httpapi_header(wsi, "x-slack-retry-num:", r->retry, sizeof(r->retry));

	if ((r->route = httpapi_route(r)) == 0)
		return 0;
	if (d->draining) {
		httpapi_replyf(r, 503, "503 Service Unavailable: the server is "
		    "restarting; retry shortly\n");
		return 0;
	}
	if (!post) {
		httpapi_replyf(r, 405, "405 Method Not Allowed: this "
		    "path takes POST only\n");
		return 0;
	}
	n = clen[0] != '\0' ? strtoll(clen, NULL, 10) : -1;
	/* lws joins repeated headers with ',': "15,5" is two lengths */
	if (clen[0] != '\0' && strspn(clen, "0123456789") != strlen(clen)) {
		httpapi_replyf(r, 400, "400 Bad Request: Content-Length must be "
		    "one decimal number (sent twice, or not a number)\n");
	} else if (n < 0) {
		httpapi_replyf(r, 411, "411 Length Required: send "
		    "Content-Length\n");
	} else if (n > d->conf->max_message_bytes) {
		httpapi_replyf(r, 413, "413 Content Too Large: a body may have "
		    "%ld bytes (max_message_bytes)\n",
		    d->conf->max_message_bytes);
	} else if (n == 0)
		httpapi_body_done(r);
	else {
		/*
		 * The body's deadline: httpapi_timeout().  lws armed its own,
		 * as long, when the headers were parsed, a moment before this:
		 * it is pushed a second past ours.  Each piece of the body
		 * then renews lws's from its arrival, which can fall in the
		 * same microsecond as this line: ours is a microsecond short
		 * of the bound so that it always sorts first in lws's timer
		 * list (on a tie lws's closed the connection without a word).
		 */
		lws_set_timer_usecs(wsi, (lws_usec_t)d->conf->handshake_timeout *
		    LWS_US_PER_SEC - 1);
		lws_set_timeout(wsi, PENDING_TIMEOUT_HTTP_CONTENT,
		    (int)d->conf->handshake_timeout + 1);
	}
	return 0;
}

/*
 * The body did not arrive within handshake_timeout of the headers: 408,
 * with a JSON error naming the bound (lws's own timeout would close the
 * connection without a word).
 */
static void
httpapi_late(struct httpapi_req *r)
{
	long secs = r->d->conf->handshake_timeout;
	char msg[160];
	json_t *j;

	(void)snprintf(msg, sizeof(msg), "408 Request Timeout: the body did "
	    "not arrive within %ld seconds (handshake_timeout)", secs);
	j = json_pack("{s:s, s:s, s:s, s:s, s:I}", "type", "error", "code",
	    "request_timeout", "message", msg, "limit", "handshake_timeout",
	    "seconds", (json_int_t)secs);
	httpapi_json(r, 408, j);
	json_decref(j);
}

/*
 * LWS_CALLBACK_TIMER on r's connection: its body's deadline, armed by
 * httpapi_begin().  A body still incomplete is answered 408.
 *
 * lws 4.1.6 has its own deadline for a body (PENDING_TIMEOUT_HTTP_CONTENT,
 * context timeout_secs, renewed on every piece) and closes the socket
 * when it passes, without a callback that could answer: ours is armed
 * from the headers and a microsecond short, so it is always earlier than
 * lws's; lws runs due timers strictly in order, so ours runs first even
 * when both are due in one pass, and pushes lws's back here so that the
 * 408 is written before anything closes the connection.  (lws 4.1.6 on
 * libev may run both late: an earlier timer does not re-arm its libev
 * timer, so it waits for the one armed before; the order still holds.)
 */
void
httpapi_timeout(struct httpapi_req *r)
{
	if (r->state != HA_READING)
		return;
	httpapi_late(r);
	lws_set_timeout(r->wsi, PENDING_TIMEOUT_HTTP_CONTENT,
	    (int)r->d->conf->handshake_timeout);
}

/* A piece of the body.  Returns 0 (an answer past the bound is queued). */
int
httpapi_body(struct httpapi_req *r, const void *in, size_t len)
{
	size_t max = (size_t)r->d->conf->max_message_bytes;
	char *p;

	if (r->state != HA_READING)
		return 0;
	/*
	 * lws renews its own timeout on every piece: a body dripped a byte
	 * at a time would hold the connection for hours without this one.
	 */
	if (server_now() - r->t0 > (double)r->d->conf->handshake_timeout) {
		httpapi_late(r);
		return 0;
	}
	if (r->len + len > max) {
		httpapi_replyf(r, 413, "413 Content Too Large: a body may have "
		    "%zu bytes (max_message_bytes)\n", max);
		return 0;
	}
	if ((p = realloc(r->body, r->len + len + 1)) == NULL) {
		httpapi_replyf(r, 500, "500 Internal Server Error: out of "
		    "memory\n");
		return 0;
	}
	r->body = p;
	memcpy(r->body + r->len, in, len);
	r->len += len;
	r->body[r->len] = '\0';
	return 0;
}

/* The body is complete: hand the request to its handler. */
void
httpapi_body_done(struct httpapi_req *r)
{
	if (r->state != HA_READING)
		return;
	lws_set_timer_usecs(r->wsi, LWS_SET_TIMER_USEC_CANCEL);
	if (r->body == NULL && (r->body = calloc(1, 1)) == NULL) {
		httpapi_replyf(r, 500, "500 Internal Server Error: out of "
		    "memory\n");
		return;
	}
	switch (r->route) {
	case ROUTE_API:
		httpapi_api(r);
		break;
	case ROUTE_SLACK_COMMANDS:
		webhook_slack(r, 0);
		break;
	case ROUTE_SLACK_EVENTS:
		webhook_slack(r, 1);
		break;
	case ROUTE_MATTERMOST:
		webhook_mattermost(r);
		break;
	case ROUTE_DISCORD:
		webhook_discord(r);
		break;
	}
}

/*
 * Is r's answer ready (r->status, r->rtype, r->out)?  A turn's answer is
 * when every message of it is durable; it is rendered then.
 */
int
httpapi_ready(struct httpapi_req *r)
{
	struct outmsg *m;
	json_t *msgs, *j;

	if (r->state == HA_READY)
		return 1;
	/* a transcript is made on the worker (rx_holds until it is queued) */
	if (r->state != HA_WAITING || r->hc.rx_holds > 0 ||
	    (r->hc.out_tail != NULL && r->hc.out_tail->epoch > r->d->synced))
		return 0;
	msgs = json_array();
	for (m = r->hc.out_head; m != NULL; m = m->next)
		if ((j = json_loadb((const char *)m->data + LWS_PRE, m->len, 0,
		    NULL)) != NULL)
			(void)json_array_append_new(msgs, j);
	conn_forget(&r->hc);
	conversations_detach_all(&r->hc);
	r->render(r, msgs);
	json_decref(msgs);
	return r->state == HA_READY;
}

/* The connection of open request id, for transcript.c's replies. */
struct conn *
httpapi_conn_find(uint64_t id)
{
	struct httpapi_req *r;

	for (r = requests; r != NULL; r = r->next)
		if (r->hc.id == id)
			return &r->hc;
	return NULL;
}

/*
 * SIGTERM: a request still reading its body is answered 503 (it was not
 * applied: retry it elsewhere or later); one waiting for its turn's
 * commit gets its answer as usual.  Returns how many requests are open:
 * the drain waits for them as for WebSocket connections.
 */
size_t
httpapi_drain(void)
{
	struct httpapi_req *r;

	for (r = requests; r != NULL; r = r->next)
		if (r->state == HA_READING)
			httpapi_replyf(r, 503, "503 Service Unavailable: the "
			    "server is shutting down; nothing was applied, "
			    "retry shortly\n");
	return httpapi_open();
}

/* How many HTTP requests are open (read, waiting or being answered). */
size_t
httpapi_open(void)
{
	struct httpapi_req *r;
	size_t n = 0;

	for (r = requests; r != NULL; r = r->next)
		n++;
	return n;
}

/*
 * Release r (NULL: nothing); its conversations wait for the next turn.
 * The last one gone during a drain lets the daemon exit.
 */
void
httpapi_free(struct httpapi_req *r)
{
	struct daemon *d;

	if (r == NULL)
		return;
	d = r->d;
	if ((*r->prevp = r->next) != NULL)
		r->next->prevp = r->prevp;
	if (r->slack_held)	/* its answer was never rendered */
		slackpost_release();
	conversations_detach_all(&r->hc);
	conn_forget(&r->hc);
	json_decref(r->pending);
	free(r->body);
	free(r->out);
	free(r);
	if (d->draining)
		server_conn_closed(d);
}
