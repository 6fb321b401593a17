/* SPDX-License-Identifier: ISC */
/*
 * session.c: conversations that survive their connection.
 *
 * Everything here follows from three rules of PROTOCOL.md: a turn ends
 * with the message carrying done and the request's id as re (4.3); seq
 * rises by one per conversation, so a message at or below the highest seq
 * passed on is a replay already seen (4.4); and resume replays what came
 * after last_seq exactly as first sent, then says resumed (9).  A request
 * whose done never arrived, not even in the replay, did not happen, and is
 * sent again with the same id.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "session.h"

static void	session_up(void *);
static void	session_rx(void *, json_t *);
static void	session_down(void *, const char *);
static void	sconv_flush(struct sconv *);
static void	sconv_take(struct sconv *);

static const struct wsc_ops session_wsc_ops = {
	session_up, session_rx, session_down
};

/* A fresh request id: the per-process prefix and a counter. */
const char *
session_new_id(struct session *s, char *buf, size_t len)
{
	(void)snprintf(buf, len, "%s-%llu", s->idprefix, ++s->nextid);
	return buf;
}

static void
rate_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct sconv *sc = w->data;

	(void)loop;
	(void)revents;
	if (sc->inflight != NULL && sc->state == SC_LIVE &&
	    sc->busy_id[0] == '\0' && sc->s->ws.connected) {
		(void)snprintf(sc->busy_id, sizeof(sc->busy_id), "%s",
		    json_string_value(json_object_get(sc->inflight, "id")));
		(void)wsc_send(&sc->s->ws, sc->inflight);
	}
}

static int	send_hello(struct session *);
static void	sconv_attach(struct sconv *);

/* Resume sc again (after conversation_busy, store_unavailable, storage_failed). */
static void
again_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct sconv *sc = w->data;

	(void)loop;
	(void)revents;
	if (sc->state != SC_RESUMING || !sc->s->ws.connected ||
	    sc->busy_id[0] != '\0')
		return;
	if (sc->s->api_key == NULL) {
		if (sc == sc->s->convs)
			(void)send_hello(sc->s);
	} else
		sconv_attach(sc);
}

/* Resume sc after ms (a resume refused for a while, or a failed store). */
static void
sconv_again(struct sconv *sc, double ms)
{
	sc->state = SC_RESUMING;
	sc->busy_id[0] = '\0';
	ev_timer_stop(sc->s->ws.loop, &sc->again);
	ev_timer_set(&sc->again, (ms < 100 ? 100 : ms > 5000 ? 5000 : ms) /
	    1000.0, 0.);
	ev_timer_start(sc->s->ws.loop, &sc->again);
}

static struct sconv *
sconv_new(struct session *s, const char *name)
{
	struct sconv *sc, **pp;

	if ((sc = calloc(1, sizeof(*sc))) == NULL)
		return NULL;
	sc->s = s;
	if (name != NULL)
		(void)snprintf(sc->name, sizeof(sc->name), "%s", name);
	sc->pending = json_array();
	sc->state = SC_DETACHED;
	ev_timer_init(&sc->rate, rate_cb, 0., 0.);
	sc->rate.data = sc;
	ev_timer_init(&sc->again, again_cb, 0., 0.);
	sc->again.data = sc;
	for (pp = &s->convs; *pp != NULL; pp = &(*pp)->next)
		;
	*pp = sc;
	return sc;
}

static void
sconv_free(struct sconv *sc)
{
	struct sconv **pp;

	for (pp = &sc->s->convs; *pp != NULL; pp = &(*pp)->next)
		if (*pp == sc) {
			*pp = sc->next;
			break;
		}
	ev_timer_stop(sc->s->ws.loop, &sc->rate);
	ev_timer_stop(sc->s->ws.loop, &sc->again);
	json_decref(sc->pending);
	json_decref(sc->inflight);
	json_decref(sc->meta);
	free(sc);
}

/*
 * sc is no more: tell the program, then forget it.  It leaves the list
 * first, so that a conversation the program opens in its place (browser
 * mode: the next hello takes the first of the list) is the one started.
 */
static void
sconv_gone(struct sconv *sc, const char *why)
{
	struct session *s = sc->s;
	struct sconv **pp;

	for (pp = &s->convs; *pp != NULL; pp = &(*pp)->next)
		if (*pp == sc) {
			*pp = sc->next;
			break;
		}
	sc->next = NULL;
	if (s->ops->gone != NULL)
		s->ops->gone(s, sc, why);
	sconv_free(sc);
}

void
session_forget(struct sconv *sc)
{
	sconv_free(sc);
}

/*
 * Set up s to talk to url; api_key NULL is browser mode.  client names the
 * program in hello.  The connection starts with session_start().
 */
int
session_init(struct session *s, struct lws_context *ctx, struct ev_loop *loop,
    const char *url, const char *api_key, const char *client,
    const struct session_ops *ops, void *arg, char *err, size_t errlen)
{
	unsigned char r[4];

	memset(s, 0, sizeof(*s));
	if (wsc_init(&s->ws, ctx, loop, url, &session_wsc_ops, s, err,
	    errlen) == -1)
		return -1;
	s->api_key = api_key;
	s->client = client;
	s->ops = ops;
	s->arg = arg;
	randombytes_buf(r, sizeof(r));
	(void)sodium_bin2hex(s->idprefix, sizeof(s->idprefix), r, sizeof(r));
	return 0;
}

void
session_start(struct session *s)
{
	wsc_connect(&s->ws);
}

struct sconv *
session_find(struct session *s, const char *name)
{
	struct sconv *sc;

	if (name == NULL)
		return NULL;
	for (sc = s->convs; sc != NULL; sc = sc->next)
		if (strcmp(sc->name, name) == 0)
			return sc;
	return NULL;
}

/* The conversation a message is about: by its name, else by its re. */
static struct sconv *
sconv_for(struct session *s, json_t *msg)
{
	const char *name = json_string_value(json_object_get(msg,
	    "conversation"));
	const char *re = json_string_value(json_object_get(msg, "re"));
	struct sconv *sc;

	if ((sc = session_find(s, name)) != NULL)
		return sc;
	if (re == NULL)
		return NULL;
	for (sc = s->convs; sc != NULL; sc = sc->next)
		if (strcmp(sc->busy_id, re) == 0)
			return sc;
	return NULL;
}

static int
send_hello(struct session *s)
{
	struct sconv *sc = s->convs;
	json_t *h;
	int rc;

	h = json_pack("{s:s, s:s, s:s}", "type", "hello", "id",
	    session_new_id(s, s->hello_id, sizeof(s->hello_id)), "protocol",
	    "advisor.v1");
	if (s->client != NULL)
		(void)json_object_set_new(h, "client", json_string(s->client));
	if (s->api_key != NULL)
		(void)json_object_set_new(h, "api_key",
		    json_string(s->api_key));
	else if (sc != NULL) {
		/* browser mode: take the conversation back, or start one */
		if (sc->token[0] != '\0') {
			(void)json_object_set_new(h, "resume", json_pack(
			    "{s:s, s:s, s:I}", "conversation", sc->name,
			    "token", sc->token, "last_seq",
			    (json_int_t)sc->seq));
			sc->state = SC_RESUMING;
		} else
			sc->state = SC_OPENING;
		(void)snprintf(sc->busy_id, sizeof(sc->busy_id), "%s",
		    s->hello_id);
	}
	rc = wsc_send(&s->ws, h);
	json_decref(h);
	return rc;
}

static void
session_up(void *arg)
{
	struct session *s = arg;

	s->welcomed = 0;
	(void)send_hello(s);
}

static void
session_down(void *arg, const char *why)
{
	struct session *s = arg;
	struct sconv *sc;

	s->welcomed = 0;
	for (sc = s->convs; sc != NULL; sc = sc->next) {
		sc->state = SC_DETACHED;
		sc->busy_id[0] = '\0';
		ev_timer_stop(s->ws.loop, &sc->rate);
		ev_timer_stop(s->ws.loop, &sc->again);
	}
	if (s->ops->link != NULL)
		s->ops->link(s, 0, why);
}

/* Integration mode: resume sc as its API key's owner, without a token. */
static void
sconv_take(struct sconv *sc)
{
	json_t *m;

	m = json_pack("{s:s, s:s, s:s, s:I}", "type", "resume", "id",
	    session_new_id(sc->s, sc->busy_id, sizeof(sc->busy_id)),
	    "conversation", sc->name, "last_seq", (json_int_t)sc->seq);
	sc->state = SC_RESUMING;
	(void)wsc_send(&sc->s->ws, m);
	json_decref(m);
}

/*
 * Integration mode: open sc, or resume it when it has a token, or as its
 * API key's owner when it is marked owned (a conversation that exists,
 * or existed: never opened anew under its name).
 */
static void
sconv_attach(struct sconv *sc)
{
	struct session *s = sc->s;
	json_t *m;

	if (sc->token[0] == '\0' && sc->owned) {
		sconv_take(sc);
		return;
	}
	if (sc->token[0] != '\0') {
		m = json_pack("{s:s, s:s, s:s, s:s, s:I}", "type", "resume",
		    "id", session_new_id(s, sc->busy_id, sizeof(sc->busy_id)),
		    "conversation", sc->name, "token", sc->token, "last_seq",
		    (json_int_t)sc->seq);
		sc->state = SC_RESUMING;
	} else {
		m = json_pack("{s:s, s:s, s:s}", "type", "open", "id",
		    session_new_id(s, sc->busy_id, sizeof(sc->busy_id)),
		    "conversation", sc->name);
		sc->state = SC_OPENING;
	}
	(void)wsc_send(&s->ws, m);
	json_decref(m);
}

static void
on_welcome(struct session *s, json_t *msg)
{
	struct sconv *sc;
	const char *name = json_string_value(json_object_get(msg,
	    "conversation"));
	const char *token = json_string_value(json_object_get(msg, "token"));

	json_decref(s->welcome);
	s->welcome = json_incref(msg);
	s->welcomed = 1;
	if (s->api_key == NULL) {
		if ((sc = s->convs) != NULL && name != NULL && token != NULL) {
			/* a new conversation (or the same, on a second hello) */
			(void)snprintf(sc->name, sizeof(sc->name), "%s", name);
			(void)snprintf(sc->token, sizeof(sc->token), "%s",
			    token);
			sc->state = SC_LIVE;
		}
	} else
		for (sc = s->convs; sc != NULL; sc = sc->next)
			sconv_attach(sc);
	if (s->ops->link != NULL)
		s->ops->link(s, 1, NULL);
}

/* A request's turn is over: clear what waited for it, then go on. */
static void
turn_over(struct sconv *sc, const char *re)
{
	const char *inf = sc->inflight ? json_string_value(json_object_get(
	    sc->inflight, "id")) : NULL;
	int was_busy = sc->busy_id[0] != '\0' && strcmp(sc->busy_id, re) == 0;

	if (inf != NULL && strcmp(inf, re) == 0) {
		json_decref(sc->inflight);
		sc->inflight = NULL;
		ev_timer_stop(sc->s->ws.loop, &sc->rate);
	}
	if (was_busy)
		sc->busy_id[0] = '\0';
	if (sc->state == SC_LIVE && sc->busy_id[0] == '\0' &&
	    sc->inflight == NULL) {
		if (sc->s->ops->turn != NULL)
			sc->s->ops->turn(sc->s, sc);
		sconv_flush(sc);
	}
}

static int
is_fatal_for_conv(const char *code)
{
	static const char *const codes[] = {
		"unknown_conversation", "bad_token", "expired",
		"conversation_moved", "conversation_exists",
		"too_many_conversations", "conversation_ended", NULL
	};
	size_t i;

	for (i = 0; codes[i] != NULL; i++)
		if (strcmp(codes[i], code) == 0)
			return 1;
	return 0;
}

static void
on_protocol_error(struct session *s, json_t *msg)
{
	const char *code = json_string_value(json_object_get(msg, "code"));
	const char *re = json_string_value(json_object_get(msg, "re"));
	const char *text = json_string_value(json_object_get(msg, "message"));
	struct sconv *sc = sconv_for(s, msg);
	char why[300];

	if (code == NULL)
		code = "?";
	if (sc != NULL && strcmp(code, "rate_limited") == 0 && re != NULL &&
	    sc->state == SC_RESUMING && strcmp(re, sc->busy_id) == 0) {
		/*
		 * The resume itself was refused for a while (rate_resume,
		 * rate_replay_bytes): nothing was replayed or taken; resume
		 * again then (a message in flight waits for it), saying why
		 * it waits.
		 */
		json_int_t ms = json_integer_value(json_object_get(msg,
		    "retry_after_ms"));

		if (s->ops->error != NULL)
			s->ops->error(s, sc, msg);
		sconv_again(sc, ms > 0 ? (double)ms : 1000.0);
		return;
	}
	if (sc != NULL && strcmp(code, "rate_limited") == 0 &&
	    sc->inflight != NULL) {
		/* dropped, no effect: send the same message again later */
		json_int_t ms = json_integer_value(json_object_get(msg,
		    "retry_after_ms"));

		sc->busy_id[0] = '\0';
		ev_timer_stop(s->ws.loop, &sc->rate);
		ev_timer_set(&sc->rate, (double)(ms > 0 ? ms : 100) / 1000.0,
		    0.);
		ev_timer_start(s->ws.loop, &sc->rate);
		return;
	}
	if (strcmp(code, "shutting_down") == 0)
		return;		/* the close follows; resume will resend */
	if (sc != NULL && re != NULL && strcmp(re, sc->busy_id) == 0 &&
	    sc->token[0] != '\0' && (sc->state == SC_RESUMING ||
	    strcmp(re, s->hello_id) == 0) && (strcmp(code,
	    "conversation_busy") == 0 || strcmp(code, "store_unavailable") ==
	    0) && sc->tries < SESSION_RESUME_TRIES) {
		/*
		 * Several instances on PostgreSQL: another still holds its
		 * lease (until retry_after_ms), or the store is away for a
		 * while.  Nothing was taken over: resume again then.
		 */
		json_int_t ms = json_integer_value(json_object_get(msg,
		    "retry_after_ms"));

		if (sc->tries++ == 0 && strcmp(code, "store_unavailable") ==
		    0 && s->ops->error != NULL)
			s->ops->error(s, sc, msg);
		sconv_again(sc, ms > 0 ? (double)ms : 1000.0);
		return;
	}
	if (sc != NULL && strcmp(code, "storage_failed") == 0 &&
	    json_is_true(json_object_get(msg, "resumable")) &&
	    sc->token[0] != '\0') {
		/*
		 * The turn did not happen, the conversation stays open in
		 * the shared store: resume it; its turn, never answered, is
		 * sent again once resumed (session_rx, "resumed").
		 */
		if (s->ops->error != NULL)
			s->ops->error(s, sc, msg);
		sc->tries = 0;
		sconv_again(sc, 0);
		return;
	}
	if (sc != NULL && s->api_key != NULL && re != NULL &&
	    strcmp(re, sc->busy_id) == 0 && ((strcmp(code,
	    "conversation_exists") == 0 && sc->state == SC_OPENING) ||
	    (strcmp(code, "invalid_field") == 0 && sc->state == SC_RESUMING &&
	    json_is_integer(json_object_get(msg, "latest_seq"))))) {
		/*
		 * Our name, but we lost its token (a state file gone), or
		 * we saw more than it has (a daemon that lost its last
		 * turns): its API key may take it back without the token.
		 */
		if (strcmp(code, "conversation_exists") == 0)
			sc->skip_replay = 1;
		else
			sc->seq = json_integer_value(json_object_get(msg,
			    "latest_seq"));
		sc->token[0] = '\0';
		sconv_take(sc);
		return;
	}
	if (sc != NULL && is_fatal_for_conv(code) && (re == NULL ||
	    strcmp(re, sc->busy_id) == 0 || (sc->inflight != NULL &&
	    strcmp(re, json_string_value(json_object_get(sc->inflight,
	    "id"))) == 0))) {
		(void)snprintf(why, sizeof(why), "%s: %s", code, text ? text :
		    "");
		sconv_gone(sc, why);
		return;
	}
	if (s->ops->error != NULL)
		s->ops->error(s, sc, msg);
	if (sc != NULL && re != NULL && json_is_true(json_object_get(msg,
	    "done")))
		turn_over(sc, re);
}

static void
session_rx(void *arg, json_t *msg)
{
	struct session *s = arg;
	const char *type = json_string_value(json_object_get(msg, "type"));
	const char *re = json_string_value(json_object_get(msg, "re"));
	json_t *seqj = json_object_get(msg, "seq");
	struct sconv *sc;

	if (type == NULL)
		return;
	if (strcmp(type, "welcome") == 0) {
		if (re != NULL && strcmp(re, s->hello_id) == 0)
			on_welcome(s, msg);
		return;
	}
	if (strcmp(type, "error") == 0 && seqj == NULL) {
		on_protocol_error(s, msg);
		return;
	}
	if ((sc = sconv_for(s, msg)) == NULL) {
		if (s->ops->stray != NULL)
			s->ops->stray(s, msg);
		return;
	}
	if (strcmp(type, "resumed") == 0) {
		const char *token = json_string_value(json_object_get(msg,
		    "token"));

		if (token != NULL)
			(void)snprintf(sc->token, sizeof(sc->token), "%s",
			    token);
		sc->skip_replay = 0;
		sc->state = SC_LIVE;
		sc->busy_id[0] = '\0';
		sc->tries = 0;
		if (sc->inflight != NULL) {
			/* its turn never came back: it was not applied */
			(void)snprintf(sc->busy_id, sizeof(sc->busy_id), "%s",
			    json_string_value(json_object_get(sc->inflight,
			    "id")));
			(void)wsc_send(&s->ws, sc->inflight);
			return;
		}
		turn_over(sc, re ? re : "");
		return;
	}
	if (!json_is_integer(seqj))
		return;
	if (json_integer_value(seqj) <= sc->seq)
		return;		/* a replay of what was passed on already */
	sc->seq = json_integer_value(seqj);
	if (sc->skip_replay && sc->state == SC_RESUMING)
		return;
	if (strcmp(type, "opened") == 0) {
		const char *token = json_string_value(json_object_get(msg,
		    "token"));

		if (token != NULL)
			(void)snprintf(sc->token, sizeof(sc->token), "%s",
			    token);
		sc->state = SC_LIVE;
	}
	if (s->ops->message != NULL)
		s->ops->message(s, sc, msg);
	if (strcmp(type, "ended") == 0) {
		sconv_gone(sc, "ended");
		return;
	}
	if (re != NULL && json_is_true(json_object_get(msg, "done")))
		turn_over(sc, re);
}

/* Send sc's next message when nothing of it is in flight. */
static void
sconv_flush(struct sconv *sc)
{
	struct session *s = sc->s;
	json_t *m;

	if (sc->state != SC_LIVE || sc->busy_id[0] != '\0' ||
	    sc->inflight != NULL || json_array_size(sc->pending) == 0 ||
	    !s->ws.connected)
		return;
	m = json_incref(json_array_get(sc->pending, 0));
	(void)json_array_remove(sc->pending, 0);
	sc->inflight = m;
	(void)snprintf(sc->busy_id, sizeof(sc->busy_id), "%s",
	    json_string_value(json_object_get(m, "id")));
	(void)wsc_send(&s->ws, m);
}

/*
 * Queue msg (stolen) for sc, with a fresh id and sc's name.  Returns 0, or
 * -1 when SESSION_MAX_PENDING messages wait already.
 */
int
session_send(struct sconv *sc, json_t *msg)
{
	char id[80];

	if (json_array_size(sc->pending) >= SESSION_MAX_PENDING) {
		json_decref(msg);
		return -1;
	}
	if (json_object_get(msg, "id") == NULL)
		(void)json_object_set_new(msg, "id", json_string(
		    session_new_id(sc->s, id, sizeof(id))));
	if (sc->s->api_key != NULL)
		(void)json_object_set_new(msg, "conversation",
		    json_string(sc->name));
	(void)json_array_append_new(sc->pending, msg);
	sconv_flush(sc);
	return 0;
}

int
session_say(struct sconv *sc, const char *text)
{
	return session_send(sc, json_pack("{s:s, s:s}", "type", "say", "text",
	    text));
}

/*
 * A new conversation: integration mode opens name; browser mode (name
 * NULL) has the daemon start one with a hello, at once when connected
 * (also after a hello whose resume was refused: no welcome came).
 */
struct sconv *
session_open(struct session *s, const char *name)
{
	struct sconv *sc;

	if ((sc = sconv_new(s, name)) == NULL)
		return NULL;
	sc->state = SC_OPENING;
	if (s->api_key == NULL && !s->welcomed && s->ws.connected)
		(void)send_hello(s);
	else if (s->welcomed) {
		if (s->api_key != NULL)
			sconv_attach(sc);
		else
			(void)send_hello(s);
	}
	return sc;
}

/* A conversation known from before (a state file): resumed when up. */
struct sconv *
session_adopt(struct session *s, const char *name, const char *token,
    long long seq)
{
	struct sconv *sc;

	if ((sc = sconv_new(s, name)) == NULL)
		return NULL;
	(void)snprintf(sc->token, sizeof(sc->token), "%s", token);
	sc->seq = seq;
	if (s->welcomed && s->api_key != NULL)
		sconv_attach(sc);
	return sc;
}

/* Nothing of sc is queued, in flight or being opened or resumed. */
int
session_idle(const struct sconv *sc)
{
	return sc->state == SC_LIVE && sc->busy_id[0] == '\0' &&
	    sc->inflight == NULL && json_array_size(sc->pending) == 0;
}

void
session_close(struct session *s)
{
	wsc_close(&s->ws);
}

void
session_free(struct session *s)
{
	while (s->convs != NULL)
		sconv_free(s->convs);
	json_decref(s->welcome);
	s->welcome = NULL;
	wsc_free(&s->ws);
}
