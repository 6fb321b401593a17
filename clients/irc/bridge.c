/* SPDX-License-Identifier: ISC */
/*
 * bridge.c: each IRC user, per channel and per private query, is one
 * advisord conversation, all of them on one integration connection.
 *
 * Conversations are named "irc:NETWORK:#CHANNEL:NICK" (or "irc:NETWORK:NICK"
 * for a private query), lower-cased, so that the same person in the same
 * place finds the same conversation.  What the advisor says goes to IRC
 * as its `plain` text, split under the line limit, prefixed with the
 * user's nick in a channel.
 *
 * The state file keeps, per conversation, its token, the highest seq whose
 * lines were actually written to the IRC server (not merely received from
 * advisord), how far into the next seq's text its lines written reach
 * ("posted"), and a message the user sent that has not been answered yet.
 * After a crash the bridge resumes from that seq, so that what was lost in
 * its output queue is replayed and posted (after the lines of it already
 * posted), and the unanswered message is sent again unless the replay
 * shows it was answered (session.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <sodium.h>

#include "bridge.h"
#include "split.h"
#include "state.h"

static void	bridge_log(const char *, ...)
		    __attribute__((__format__(printf, 1, 2)));

static void
bridge_log(const char *fmt, ...)
{
	va_list ap;
	char ts[32];
	time_t now = time(NULL);

	(void)strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	fprintf(stderr, "%s advisor-irc: ", ts);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* "irc:NET:#chan:nick", lower-cased, odd bytes as %XX, at most 128. */
static void
conv_name(struct bridge *b, const char *channel, const char *nick, char *out,
    size_t outlen)
{
	char raw[512];
	size_t i, o = 0;

	(void)snprintf(raw, sizeof(raw), "irc:%s:%s%s%s", b->network,
	    channel ? channel : "", channel ? ":" : "", nick);
	for (i = 0; raw[i] != '\0' && o + 4 < outlen; i++) {
		unsigned char ch = (unsigned char)raw[i];

		if (ch >= 'A' && ch <= 'Z')
			out[o++] = (char)(ch - 'A' + 'a');
		else if (ch > 0x20 && ch < 0x7f && ch != '%')
			out[o++] = (char)ch;
		else
			o += (size_t)snprintf(out + o, outlen - o, "%%%02X", ch);
	}
	out[o] = '\0';
	if (o > 128 || raw[i] != '\0') {
		/* too long to be a name: a digest of it, still per person */
		unsigned char h[16];
		char hex[33];

		crypto_generichash(h, sizeof(h), (unsigned char *)raw,
		    strlen(raw), NULL, 0);
		(void)sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
		(void)snprintf(out, outlen, "irc:%.40s:h:%s", b->network, hex);
	}
}

static const char *
meta_str(const struct sconv *sc, const char *k)
{
	return json_string_value(json_object_get(sc->meta, k));
}

/*
 * Post text to the conversation's IRC target, split into lines.  A message
 * with a seq marks every line: the last one makes seq delivered (on_sent),
 * the others record in meta "posted" {seq, upto} how far into the text
 * the lines written reach, so that a bridge stopped while pacing a long
 * reply resumes after the lines already posted instead of posting them
 * again (nu49 #3) when advisord replays that seq.
 */
static void
post_lines(struct bridge *b, struct sconv *sc, const char *text, long long seq)
{
	const char *target = meta_str(sc, "target");
	const char *nick = meta_str(sc, "nick");
	json_t *posted = json_object_get(sc->meta, "posted");
	long long skip = 0;
	char lead[80];
	struct split sp;
	size_t i;

	if (target == NULL)
		return;
	if (seq > 0 && json_integer_value(json_object_get(posted, "seq")) ==
	    seq) {
		skip = json_integer_value(json_object_get(posted, "upto"));
		if (skip < 0 || (size_t)skip > strlen(text))
			skip = (long long)strlen(text);
		bridge_log("%s: seq %lld resumes after the %lld byte(s) already "
		    "posted", sc->name, seq, skip);
	}
	lead[0] = '\0';
	if (meta_str(sc, "channel") != NULL)
		(void)snprintf(lead, sizeof(lead), "%s: ", nick);
	if (split_text(&sp, text + skip, irc_budget(&b->irc, target), lead) ==
	    -1)
		bridge_log("%s: a message did not fit in %d lines; the rest is "
		    "dropped", sc->name, SPLIT_MAX_LINES);
	for (i = 0; i < sp.n; i++)
		if (irc_privmsg(&b->irc, target, sp.lines[i], seq > 0 ?
		    sc->name : NULL, seq, i + 1 == sp.n ? -1 :
		    skip + (long long)sp.ends[i]) == -1) {
			bridge_log("the IRC output queue is full (%d lines): a "
			    "line to %s is dropped", IRC_MAX_QUEUE, target);
			break;
		}
	if ((sp.n == 0 || i < sp.n) && seq > 0)
		(void)irc_mark(&b->irc, sc->name, seq);
	split_free(&sp);
}

/* A marked line was written: seq's last (upto -1) makes it delivered;
 * another records how far into seq's text the lines written reach. */
static void
on_sent(void *arg, const char *mark, long long seq, long long upto)
{
	struct bridge *b = arg;
	struct sconv *sc = session_find(&b->s, mark);

	if (sc == NULL || seq <= json_integer_value(json_object_get(sc->meta,
	    "delivered")))
		return;
	if (upto < 0) {
		(void)json_object_set_new(sc->meta, "delivered",
		    json_integer(seq));
		(void)json_object_del(sc->meta, "posted");
	} else
		(void)json_object_set_new(sc->meta, "posted", json_pack(
		    "{s:I,s:I}", "seq", (json_int_t)seq, "upto",
		    (json_int_t)upto));
	b->dirty = 1;
}

static void
on_message(struct session *s, struct sconv *sc, json_t *m)
{
	struct bridge *b = s->arg;
	const char *type = json_string_value(json_object_get(m, "type"));
	const char *plain = json_string_value(json_object_get(m, "plain"));
	long long seq = (long long)json_integer_value(json_object_get(m, "seq"));
	char text[512];

	b->dirty = 1;
	if (strcmp(type, "transcript") == 0) {
		(void)json_object_set(sc->meta, "file", json_object_get(m,
		    "file"));
		plain = NULL;
	} else if (strcmp(type, "ended") == 0) {
		(void)snprintf(text, sizeof(text), "Conversation ended. The "
		    "advisor keeps its signed transcript as %s.",
		    meta_str(sc, "file") ? meta_str(sc, "file") : "a file");
		plain = text;
	} else if (plain == NULL && strcmp(type, "error") == 0)
		plain = json_string_value(json_object_get(m, "message"));
	if (json_is_true(json_object_get(sc->meta, "quiet")) ||
	    json_is_true(json_object_get(sc->meta, "left")))
		plain = NULL;	/* an opening nobody asked for; or gone */
	if (plain != NULL)
		post_lines(b, sc, plain, seq);
	else
		(void)irc_mark(&b->irc, sc->name, seq);
}

static void
on_error(struct session *s, struct sconv *sc, json_t *m)
{
	struct bridge *b = s->arg;
	const char *code = json_string_value(json_object_get(m, "code"));
	const char *msg = json_string_value(json_object_get(m, "message"));

	bridge_log("advisord: %s: %s%s%s", code ? code : "?", msg ? msg : "",
	    sc ? " in " : "", sc ? sc->name : "");
	if (code != NULL && strcmp(code, "unauthorized") == 0) {
		bridge_log("the API key was refused; giving up");
		/* a bridge that cannot start exits 1 (advisor-irc(1) EXIT
		 * STATUS), so a supervisor or a script sees the refusal */
		b->gave_up = 1;
		ev_break(b->loop, EVBREAK_ALL);
		return;
	}
	if (sc != NULL && msg != NULL)
		post_lines(b, sc, msg, 0);
}

static void
on_turn(struct session *s, struct sconv *sc)
{
	struct bridge *b = s->arg;

	(void)json_object_del(sc->meta, "quiet");
	b->dirty = 1;
}

static void
on_gone(struct session *s, struct sconv *sc, const char *why)
{
	struct bridge *b = s->arg;
	char text[400];

	bridge_log("conversation %s: %s", sc->name, why);
	if (strcmp(why, "ended") != 0 && !json_is_true(json_object_get(
	    sc->meta, "left"))) {
		(void)snprintf(text, sizeof(text), "(this conversation is "
		    "over: %s; address me again to start a new one)", why);
		post_lines(b, sc, text, 0);
	}
	b->dirty = 1;
}

static void
on_link(struct session *s, int up, const char *why)
{
	(void)s;
	if (up)
		bridge_log("advisord: connected, conversations resumed");
	else
		bridge_log("advisord: %s; reconnecting", why);
}

static const struct session_ops bridge_ops = {
	on_link, on_message, on_error, on_turn, on_gone, NULL
};

static int
word_is(const char *text, const char *const *words)
{
	char w[32];
	size_t n = strlen(text);

	while (n > 0 && strchr("!.?", text[n - 1]) != NULL)
		n--;
	if (n >= sizeof(w))
		return 0;
	memcpy(w, text, n);
	w[n] = '\0';
	for (; *words != NULL; words++)
		if (strcasecmp(w, *words) == 0)
			return 1;
	return 0;
}

/* Something addressed to the bridge by nick, in channel (NULL: private). */
static void
on_privmsg(void *arg, const char *nick, const char *channel, const char *text)
{
	static const char *const greetings[] = { "", "hi", "hello", "hey",
	    "start", "advise", "!advise", "help me", NULL };
	static const char *const goodbyes[] = { "end", "bye", "quit", "stop",
	    "goodbye", NULL };
	struct bridge *b = arg;
	char name[160];
	struct sconv *sc;

	conv_name(b, channel, nick, name, sizeof(name));
	sc = session_find(&b->s, name);
	if (sc == NULL) {
		if ((sc = session_open(&b->s, name)) == NULL)
			return;
		sc->meta = json_pack("{s:s, s:s, s:I}", "target", channel ?
		    channel : nick, "nick", nick, "delivered", (json_int_t)0);
		if (channel != NULL)
			(void)json_object_set_new(sc->meta, "channel",
			    json_string(channel));
		bridge_log("conversation %s: new, for %s%s%s", name, nick,
		    channel ? " in " : "", channel ? channel : "");
		if (word_is(text, greetings)) {
			b->dirty = 1;
			return;
		}
		/*
		 * They said something: answer that, not with the opening.
		 * (If the daemon still has their conversation and we lost
		 * it, open says so and session.c takes it back.)
		 */
		(void)json_object_set_new(sc->meta, "quiet", json_true());
	}
	if (word_is(text, goodbyes)) {
		(void)session_send(sc, json_pack("{s:s}", "type", "end"));
		b->dirty = 1;
		return;
	}
	if (session_say(sc, text) == -1)
		post_lines(b, sc, "(slow down: I have too many of your messages "
		    "waiting already)", 0);
	b->dirty = 1;
}

/* A user left: their conversations end, without a goodbye to nobody. */
static void
leave(struct bridge *b, const char *nick, const char *channel)
{
	struct sconv *sc;

	for (sc = b->s.convs; sc != NULL; sc = sc->next) {
		const char *n = meta_str(sc, "nick"), *ch = meta_str(sc,
		    "channel");

		if (n == NULL || strcasecmp(n, nick) != 0 ||
		    json_is_true(json_object_get(sc->meta, "left")))
			continue;
		if (channel != NULL && (ch == NULL || strcasecmp(ch, channel) != 0))
			continue;
		(void)json_object_set_new(sc->meta, "left", json_true());
		(void)session_send(sc, json_pack("{s:s}", "type", "end"));
	}
}

static void
on_part(void *arg, const char *nick, const char *channel)
{
	leave(arg, nick, channel);
}

static void
on_quit(void *arg, const char *nick)
{
	leave(arg, nick, NULL);
}

static void
on_irc_link(void *arg, int up, const char *why)
{
	struct bridge *b = arg;

	if (up == 2)
		bridge_log("IRC: now known as %s", why);
	else if (up)
		bridge_log("IRC: registered as %s on %s:%d, joining %d "
		    "channel(s)", b->irc.nick, b->icfg.host, b->icfg.port,
		    b->icfg.nchannels);
	else
		bridge_log("IRC: %s; reconnecting", why);
}

static const struct irc_ops bridge_irc_ops = {
	on_privmsg, on_part, on_quit, on_sent, on_irc_link
};

/* Write the state file now: tokens, delivered seqs, unanswered input. */
void
bridge_save(struct bridge *b)
{
	json_t *convs = json_array(), *st;
	struct sconv *sc;
	char err[300];

	for (sc = b->s.convs; sc != NULL; sc = sc->next) {
		json_t *c;

		if (sc->token[0] == '\0' || sc->meta == NULL)
			continue;	/* not opened yet: nothing to resume */
		c = json_pack("{s:s, s:s, s:O}", "name", sc->name, "token",
		    sc->token, "meta", sc->meta);
		if (sc->inflight != NULL)
			(void)json_object_set(c, "inflight", sc->inflight);
		if (json_array_size(sc->pending) > 0)
			(void)json_object_set(c, "pending", sc->pending);
		(void)json_array_append_new(convs, c);
	}
	st = json_pack("{s:s, s:o}", "format", "advisor-irc-state.v1",
	    "conversations", convs);
	if (state_save(b->state_path, st, err, sizeof(err)) == -1)
		bridge_log("%s", err);
	else
		b->dirty = 0;
	json_decref(st);
}

static void
saver_cb(struct ev_loop *loop, ev_prepare *w, int revents)
{
	struct bridge *b = w->data;

	(void)loop;
	(void)revents;
	if (b->dirty)
		bridge_save(b);
}

/* An IRC target or nick the state may name: no space, comma or control. */
static int
state_word_ok(const json_t *j)
{
	const char *s = json_string_value(j);
	size_t i;

	if (s == NULL || *s == '\0' || strlen(s) > 200)
		return 0;
	for (i = 0; s[i] != '\0'; i++)
		if ((unsigned char)s[i] <= 0x20 || s[i] == ',' || s[i] == 0x7f)
			return 0;
	return 1;
}

_Static_assert(SESSION_MAX_PENDING == 32, "state_conv_bad says 32");

/* A client message as the bridge queues them: an object, type and id. */
static int
state_msg_ok(const json_t *m)
{
	return json_is_string(json_object_get(m, "type")) &&
	    json_is_string(json_object_get(m, "id"));
}

/*
 * What is wrong with conversation c of a state file, or NULL.  The file
 * is ours, but a hand-edited or damaged one must not make the bridge send
 * raw IRC commands (a target with CR LF), queue without bound, or crash.
 */
static const char *
state_conv_bad(const json_t *c)
{
	const json_t *meta = json_object_get(c, "meta"), *x, *d, *m;
	size_t i;

	if (!json_is_string(json_object_get(c, "name")) ||
	    !json_is_string(json_object_get(c, "token")) ||
	    !json_is_object(meta))
		return "no name, token or meta";
	if (!state_word_ok(json_object_get(meta, "target")))
		return "its target is not an IRC nick or channel";
	if (json_object_get(meta, "channel") != NULL &&
	    (!state_word_ok(json_object_get(meta, "channel")) ||
	    !state_word_ok(json_object_get(meta, "nick"))))
		return "its channel or nick is not an IRC name";
	d = json_object_get(meta, "delivered");
	if (d != NULL && (!json_is_integer(d) || json_integer_value(d) < 0))
		return "its delivered seq is not an integer of 0 or more";
	if ((x = json_object_get(meta, "posted")) != NULL &&
	    (!json_is_integer(json_object_get(x, "seq")) ||
	    !json_is_integer(json_object_get(x, "upto")) ||
	    json_integer_value(json_object_get(x, "upto")) < 0))
		return "its posted part is not {seq, upto} of integers";
	if ((x = json_object_get(c, "inflight")) != NULL && !state_msg_ok(x))
		return "its message in flight has no type or id";
	if ((x = json_object_get(c, "pending")) != NULL) {
		if (!json_is_array(x) || json_array_size(x) >
		    SESSION_MAX_PENDING)
			return "its pending messages are not an array of at "
			    "most 32";
		json_array_foreach(x, i, m)
			if (!state_msg_ok(m))
				return "a pending message has no type or id";
	}
	return NULL;
}

/* Take back the conversations of the state file, to be resumed. */
static int
bridge_load(struct bridge *b, char *err, size_t errlen)
{
	json_t *st, *c;
	size_t i;

	if ((st = state_load(b->state_path, err, errlen)) == NULL)
		return -1;
	json_array_foreach(json_object_get(st, "conversations"), i, c) {
		const char *name = json_string_value(json_object_get(c, "name"));
		const char *token = json_string_value(json_object_get(c,
		    "token"));
		json_t *meta = json_object_get(c, "meta"), *x;
		const char *bad = state_conv_bad(c);
		struct sconv *sc;

		if (bad != NULL) {
			bridge_log("state %s: conversation %zu (%s) left out: %s",
			    b->state_path, i, name ? name : "?", bad);
			continue;
		}
		sc = session_adopt(&b->s, name, token, (long long)
		    json_integer_value(json_object_get(meta, "delivered")));
		if (sc == NULL)
			break;
		sc->meta = json_deep_copy(meta);
		(void)json_object_del(sc->meta, "quiet");
		if (json_is_object(x = json_object_get(c, "inflight")))
			sc->inflight = json_deep_copy(x);
		if (json_is_array(x = json_object_get(c, "pending")))
			(void)json_array_extend(sc->pending, x);
	}
	bridge_log("state %s: %zu conversation(s) to resume", b->state_path,
	    json_array_size(json_object_get(st, "conversations")));
	json_decref(st);
	return 0;
}

/* b->icfg, network and state_path set: the connections, not started. */
int
bridge_init(struct bridge *b, const char *url, const char *api_key,
    char *err, size_t errlen)
{
	if (session_init(&b->s, b->ctx, b->loop, url, api_key,
	    "advisor-irc/" ADVISORD_VERSION, &bridge_ops, b, err, errlen) == -1)
		return -1;
	if (irc_init(&b->irc, &b->icfg, b->loop, b->tls_ca, &bridge_irc_ops,
	    b, err, errlen) == -1)
		return -1;
	if (bridge_load(b, err, errlen) == -1)
		return -1;
	ev_prepare_init(&b->saver, saver_cb);
	b->saver.data = b;
	ev_prepare_start(b->loop, &b->saver);
	return 0;
}

void
bridge_start(struct bridge *b)
{
	session_start(&b->s);
	irc_connect(&b->irc);
}

void
bridge_free(struct bridge *b)
{
	ev_prepare_stop(b->loop, &b->saver);
	irc_free(&b->irc);
	session_free(&b->s);
}
