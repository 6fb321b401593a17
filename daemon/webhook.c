/* SPDX-License-Identifier: ISC */
/*
 * webhook.c: what the chat-platform webhooks share (webhook_slack.c,
 * webhook_mattermost.c, webhook_discord.c): reading form-urlencoded
 * bodies, the freshness of a signed timestamp, a bounded memory of
 * requests already handled (replays), the conversation name of a
 * platform's user in a channel, and the turn's messages as one text.
 *
 * Everything here reads untrusted bytes and is pure but for the replay
 * memory: tests/fuzz/fuzz_webhook.c drives it.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "advisord.h"
#include "strbuf.h"

#define SEEN_MAX	4096	/* requests remembered; the oldest go first */
#define SEEN_KINDS	5	/* slack, slack-event, discord, mattermost, other */

struct seen {
	unsigned char	hash[16];
	double		until;
};

/*
 * One ring per kind: with one for all, the holder of a Mattermost token
 * could push Slack's and Discord's signatures out within their window
 * and replay what they had signed.
 */
static struct seen	seen_ring[SEEN_KINDS][SEEN_MAX];
static size_t		seen_next[SEEN_KINDS];

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * Percent-decode len bytes of s into out (outlen bytes with the NUL);
 * plus is '+' as space (form values) or not (paths).  Returns the decoded
 * length, or -1 for a bad escape or a decoded NUL, -2 for no room.
 */
int
webhook_unescape(const char *s, size_t len, char *out, size_t outlen,
    int plus)
{
	size_t i, o = 0;
	int hi, lo, c;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (c == '%') {
			if (i + 2 >= len || (hi = hexval(s[i + 1])) < 0 ||
			    (lo = hexval(s[i + 2])) < 0)
				return -1;
			c = hi * 16 + lo;
			i += 2;
		} else if (c == '+' && plus)
			c = ' ';
		if (c == '\0')
			return -1;
		if (o + 1 >= outlen)
			return -2;
		out[o++] = (char)c;
	}
	if (outlen == 0)
		return -1;
	out[o] = '\0';
	return (int)o;
}

/*
 * The value of the first field key of an application/x-www-form-urlencoded
 * body, decoded into out (outlen bytes with its NUL).  Returns its length,
 * -1 when there is no such field, -2 when it is malformed (a bad escape, a
 * NUL), -3 when it is longer than outlen - 1: a user told "too long" can
 * shorten it, one told "malformed" cannot (nu49 #5).
 */
int
webhook_form_get(const char *body, size_t len, const char *key, char *out,
    size_t outlen)
{
	size_t klen = strlen(key), i = 0, j, eq;

	while (i <= len) {
		for (j = i; j < len && body[j] != '&'; j++)
			;
		for (eq = i; eq < j && body[eq] != '='; eq++)
			;
		/* keys we look for need no decoding: compare raw */
		if (eq - i == klen && memcmp(body + i, key, klen) == 0) {
			if (eq == j)
				return outlen > 0 ? (out[0] = '\0', 0) : -2;
			switch (webhook_unescape(body + eq + 1, j - eq - 1,
			    out, outlen, 1)) {
			case -1:
				return -2;
			case -2:
				return -3;
			default:
				return (int)strlen(out);
			}
		}
		i = j + 1;
	}
	return -1;
}

/*
 * Is ts (decimal Unix seconds, as the platforms send) within window
 * seconds of now, either way?  Anything else is not.
 */
int
webhook_fresh(const char *ts, double now, long window)
{
	long long v = 0;
	size_t i;

	if (ts == NULL || ts[0] == '\0' || strlen(ts) > 12)
		return 0;
	for (i = 0; ts[i] != '\0'; i++) {
		if (!isdigit((unsigned char)ts[i]))
			return 0;
		v = v * 10 + (ts[i] - '0');
	}
	return (double)v >= now - (double)window &&
	    (double)v <= now + (double)window;
}

/*
 * Has a request of kind with this id (its signature, its event id) been
 * seen in the last window seconds?  Returns 1 if so; otherwise remembers
 * it and returns 0.  At most SEEN_MAX are remembered: past that many in
 * one window the oldest are forgotten (and a replay of those is stopped
 * by the timestamp window only).
 */
int
webhook_seen(const char *kind, const void *id, size_t idlen, double now,
    double window)
{
	static const char *kinds[SEEN_KINDS - 1] = { "slack", "slack-event",
	    "discord", "mattermost" };
	crypto_generichash_state st;
	unsigned char h[16];
	struct seen *ring;
	size_t i, k;

	for (k = 0; k < SEEN_KINDS - 1 && strcmp(kinds[k], kind) != 0; k++)
		;
	ring = seen_ring[k];
	(void)crypto_generichash_init(&st, NULL, 0, sizeof(h));
	(void)crypto_generichash_update(&st, (const unsigned char *)kind,
	    strlen(kind) + 1);
	(void)crypto_generichash_update(&st, id, idlen);
	(void)crypto_generichash_final(&st, h, sizeof(h));
	for (i = 0; i < SEEN_MAX; i++)
		if (ring[i].until >= now &&
		    memcmp(ring[i].hash, h, sizeof(h)) == 0)
			return 1;
	memcpy(ring[seen_next[k]].hash, h, sizeof(h));
	ring[seen_next[k]].until = now + window;
	seen_next[k] = (seen_next[k] + 1) % SEEN_MAX;
	return 0;
}

/*
 * The conversation name of a platform's user in a channel:
 * "platform:space:channel:user", each part of [A-Za-z0-9._-] (anything
 * else becomes '_') and at most 36 bytes.  Returns 0, or -1 when a part
 * is empty.
 */
int
webhook_name(char *out, size_t outlen, const char *platform,
    const char *space, const char *channel, const char *user)
{
	const char *parts[4] = { platform, space, channel, user };
	size_t o = 0, i, k;

	for (k = 0; k < 4; k++) {
		if (parts[k] == NULL || parts[k][0] == '\0')
			return -1;
		for (i = 0; parts[k][i] != '\0' && i < 36; i++) {
			int c = (unsigned char)parts[k][i];

			if (o + 2 >= outlen)
				return -1;
			out[o++] = isalnum(c) || c == '.' || c == '_' ||
			    c == '-' ? (char)c : '_';
		}
		if (k < 3)
			out[o++] = ':';
	}
	out[o] = '\0';
	return 0;
}

/*
 * The user's text as the protocol message of a turn: nothing ("/advisor"
 * alone) is a summary and the pending question (on a new conversation,
 * its opening is the answer: httpapi_turn() opens it first), "end" ends
 * it with its transcript, anything else is said.  Owned by the caller.
 */
/*
 * Is s valid UTF-8 (a form's text is percent-decoded bytes)?  jansson
 * refuses a string that is not, and a turn without its message was
 * answered 200 "(no answer)" (review h27).
 */
int
webhook_utf8(const char *s)
{
	json_t *j = json_string(s);

	json_decref(j);
	return j != NULL;
}

json_t *
webhook_message(const char *text)
{
	char t[PROTO_MAX_TEXT + 1];
	size_t n;

	while (*text == ' ' || *text == '\t' || *text == '\n')
		text++;
	(void)snprintf(t, sizeof(t), "%s", text);
	n = strlen(t);
	while (n > 0 && (t[n - 1] == ' ' || t[n - 1] == '\t' ||
	    t[n - 1] == '\n'))
		t[--n] = '\0';
	if (n == 0)
		return json_pack("{s:s, s:s}", "type", "command", "command",
		    "summary");
	if (strcasecmp(t, "end") == 0)
		return json_pack("{s:s}", "type", "end");
	return json_pack("{s:s, s:s}", "type", "say", "text", t);
}

/*
 * One meta member: s cut to max bytes at a UTF-8 boundary; omitted
 * when empty, not UTF-8 (jansson refuses it), or, strict, not printable
 * ASCII.  A platform's over-long display name is cut, not a failed turn.
 */
static void
meta_add(json_t *meta, const char *key, const char *s, size_t max,
    int strict)
{
	char buf[PROTO_MAX_META_FIELD + 1];
	size_t n, i;

	if (s == NULL || *s == '\0')
		return;
	n = strlen(s);
	if (max > PROTO_MAX_META_FIELD)
		max = PROTO_MAX_META_FIELD;
	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;	/* s[n] continues a character: cut before it */
	}
	memcpy(buf, s, n);
	buf[n] = '\0';
	for (i = 0; strict && i < n; i++)
		if (buf[i] <= ' ' || buf[i] > '~')
			return;
	if (n > 0)
		(void)json_object_set_new(meta, key, json_string(buf));
}

/*
 * Set msg's "meta" (PROTOCOL.md section 5.9) from what the platform sent:
 * who spoke, where, so the signed transcript says so.  Any of the
 * strings may be NULL.  httpapi_turn() also puts it on the open it makes.
 */
void
webhook_meta(json_t *msg, const char *platform, const char *user,
    const char *name, const char *channel, const char *locale)
{
	json_t *meta = json_object();

	if (meta == NULL)
		return;
	meta_add(meta, "platform", platform, PROTO_MAX_META_PLATFORM, 1);
	meta_add(meta, "user", user, PROTO_MAX_META_FIELD, 0);
	meta_add(meta, "name", name, PROTO_MAX_META_FIELD, 0);
	meta_add(meta, "channel", channel, PROTO_MAX_META_FIELD, 0);
	meta_add(meta, "locale", locale, PROTO_MAX_META_LOCALE, 1);
	if (json_object_size(meta) > 0)
		(void)json_object_set(msg, "meta", meta);
	json_decref(meta);
}

static void
text_add(struct strbuf *sb, const char *s)
{
	if (s == NULL || *s == '\0')
		return;
	strbuf_printf(sb, "%s%s", sb->len > 0 ? "\n\n" : "", s);
}

/* Is server message m the question q? */
static int
text_is_question(json_t *m, const char *q)
{
	const char *type = json_string_value(json_object_get(m, "type"));
	const char *q2 = json_string_value(json_object_get(m, "question"));

	return type != NULL && strcmp(type, "question") == 0 && q2 != NULL &&
	    strcmp(q, q2) == 0;
}

/* Has server message m something to say (a "plain")? */
static int
text_says(json_t *m)
{
	return json_string_length(json_object_get(m, "plain")) > 0;
}

/*
 * Is message i of msgs a question asked again later in the same turn,
 * with something said between?  A question asked twice is shown once: a
 * turn that opens a conversation and says something in it asks the
 * first question with the opening, and again ("Back to the walk: ...")
 * after the answer.  The later one is kept when something was said
 * between them (so the question comes last), the first when nothing was
 * (text_asked_before(): no "Back to the walk" right after the welcome).
 */
static int
text_asked_again(json_t *msgs, size_t i)
{
	const char *q = json_string_value(json_object_get(json_array_get(msgs,
	    i), "question"));
	size_t k, between = 0;

	if (q == NULL)
		return 0;
	for (k = i + 1; k < json_array_size(msgs); k++) {
		if (text_is_question(json_array_get(msgs, k), q))
			return between > 0;
		if (text_says(json_array_get(msgs, k)))
			between++;
	}
	return 0;
}

/* Is message i a question asked just before, nothing said between? */
static int
text_asked_before(json_t *msgs, size_t i)
{
	const char *q = json_string_value(json_object_get(json_array_get(msgs,
	    i), "question"));
	size_t k;

	if (q == NULL)
		return 0;
	for (k = i; k-- > 0; ) {
		if (text_is_question(json_array_get(msgs, k), q))
			return 1;
		if (text_says(json_array_get(msgs, k)))
			return 0;
	}
	return 0;
}

/*
 * The plain text to show for question message i: its own, or, when it
 * is brief (its line and a pointer to the choices, PROTOCOL.md 7.2) and
 * the same question was asked in full earlier in the turn, that one's,
 * which text_asked_again() left out: the choices are shown once, last.
 */
static const char *
text_question_plain(json_t *msgs, size_t i)
{
	json_t *m = json_array_get(msgs, i), *e;
	const char *q = json_string_value(json_object_get(m, "question"));
	size_t k;

	if (q != NULL && json_is_true(json_object_get(m, "brief")))
		for (k = i; k-- > 0; ) {
			e = json_array_get(msgs, k);
			if (text_is_question(e, q) &&
			    !json_is_true(json_object_get(e, "brief")))
				return json_string_value(json_object_get(e,
				    "plain"));
		}
	return json_string_value(json_object_get(m, "plain"));
}

/*
 * The turn's server messages (an array) as one text for a chat, from
 * each message's "plain" (render_plain.c); errors, transcripts and the
 * end of a conversation, which have none, in words; a question asked
 * twice in the turn once.  Returns a malloc'd string.
 */
char *
webhook_text(json_t *msgs)
{
	struct strbuf sb;
	json_t *m;
	size_t i;
	char line[512];

	strbuf_init(&sb, 1024);
	json_array_foreach(msgs, i, m) {
		const char *type = json_string_value(json_object_get(m,
		    "type"));
		const char *plain = json_string_value(json_object_get(m,
		    "plain"));

		if (type == NULL)
			continue;
		if (strcmp(type, "question") == 0 && (text_asked_before(msgs,
		    i) || text_asked_again(msgs, i)))
			continue;
		if (strcmp(type, "question") == 0)
			plain = text_question_plain(msgs, i);
		if (plain != NULL) {
			text_add(&sb, plain);
		} else if (strcmp(type, "error") == 0) {
			(void)snprintf(line, sizeof(line), "Sorry: %s (%s)",
			    json_string_value(json_object_get(m, "message")) ?
			    json_string_value(json_object_get(m, "message")) :
			    "error", json_string_value(json_object_get(m,
			    "code")) ? json_string_value(json_object_get(m,
			    "code")) : "?");
			text_add(&sb, line);
		} else if (strcmp(type, "transcript") == 0) {
			(void)snprintf(line, sizeof(line), "The signed "
			    "transcript (%lld records, key %s) is kept by the "
			    "server as %s.", (long long)json_integer_value(
			    json_object_get(m, "records")),
			    json_string_value(json_object_get(m, "key_id")) ?
			    json_string_value(json_object_get(m, "key_id")) :
			    "?", json_string_value(json_object_get(m,
			    "file")) ? json_string_value(json_object_get(m,
			    "file")) : "?");
			text_add(&sb, line);
		} else if (strcmp(type, "ended") == 0)
			text_add(&sb, "The conversation has ended; write to "
			    "me again to start a new one.");
	}
	if (sb.p != NULL && sb.len == 0)
		text_add(&sb, "(no answer)");
	return strbuf_finish(&sb, NULL);
}

/*
 * Requests refused for who sent them (401) or as a replay (409), by
 * platform and reason: an operator with a mistyped secret sees them in
 * /metrics, not only in the platform's own console.  Loop thread only.
 */
static const char *const webhook_platforms[] = { "slack", "mattermost",
    "discord" };
static const char *const webhook_reasons[WEBHOOK_REFUSALS] = { "unsigned",
    "stale", "bad_signature", "bad_token", "replay" };
#define WEBHOOK_PLATFORMS (sizeof(webhook_platforms) / \
	sizeof(webhook_platforms[0]))
static unsigned long long webhook_refusals[WEBHOOK_PLATFORMS]
    [WEBHOOK_REFUSALS];

/* Count one refusal of platform's request ("slack", ...) for why. */
void
webhook_refused(const char *platform, enum webhook_refusal why)
{
	size_t i;

	for (i = 0; i < WEBHOOK_PLATFORMS; i++)
		if (strcmp(platform, webhook_platforms[i]) == 0 &&
		    why < WEBHOOK_REFUSALS)
			webhook_refusals[i][why]++;
}

/* Its lines of /metrics. */
void
webhook_metrics(struct strbuf *b)
{
	size_t i, k;

	strbuf_printf(b, "# HELP advisord_webhook_refusals_total Chat-platform "
	    "webhook requests refused as unsigned, stale, wrongly signed, "
	    "with a wrong token (401) or replayed (409).\n"
	    "# TYPE advisord_webhook_refusals_total counter\n");
	for (i = 0; i < WEBHOOK_PLATFORMS; i++)
		for (k = 0; k < WEBHOOK_REFUSALS; k++)
			strbuf_printf(b, "advisord_webhook_refusals_total{"
			    "platform=\"%s\",reason=\"%s\"} %llu\n",
			    webhook_platforms[i], webhook_reasons[k],
			    webhook_refusals[i][k]);
}
