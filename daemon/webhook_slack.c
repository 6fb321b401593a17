/* SPDX-License-Identifier: ISC */
/*
 * webhook_slack.c: Slack's slash commands (/webhooks/slack/commands,
 * application/x-www-form-urlencoded) and Events API (/webhooks/slack/
 * events, JSON), on when slack_signing_secret is set.
 *
 * Every request is signed by Slack (api.slack.com, "Verifying requests
 * from Slack"): X-Slack-Signature is "v0=" and the hex HMAC-SHA256, keyed
 * with the app's signing secret, of "v0:" + X-Slack-Request-Timestamp +
 * ":" + the raw body.  A request unsigned, wrongly signed, or with a
 * timestamp more than 5 minutes from ours is refused with 401; the same
 * signed request twice within those 5 minutes with 409.  Slack resends
 * an event it thinks went unanswered, with X-Slack-Retry-Num: that is
 * acknowledged (200) without being applied again.
 *
 * A slash command is a turn of the conversation of its user in its
 * channel ("slack:TEAM:CHANNEL:USER"), answered in the response within
 * Slack's 3 seconds, visible to that user only ("ephemeral").  Events are
 * verified, deduplicated by event_id (a retry of one already had is
 * acknowledged, not applied) and url_verification is answered.  With
 * slack_bot_token set too, a direct message (message.im) or an @mention
 * (app_mention) is a turn of the same conversation, and its answer is
 * posted to the channel (in the event's thread) with chat.postMessage by
 * slackpost.c; never a message of a bot (ours included), an edit, a
 * deletion or any other subtype, so the bot cannot answer itself.  A
 * top-level @mention in a channel is answered in a thread under it; a
 * DM in the DM.  While slackpost.c's queue (answers queued and answers
 * of turns in flight) is full an event is refused with 503 before its
 * turn, and not remembered: Slack's retry of it is answered.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "advisord.h"
#include "strbuf.h"

#define SLACK_WINDOW	300	/* seconds a timestamp may be off */
#define SLACK_OWNER	"webhook:slack"

/*
 * Does sig ("v0=" + 64 hex) sign ts and body with secret?  1 if so.
 * The comparison takes the same time wherever the first difference is.
 */
int
webhook_slack_verify(const char *secret, const char *sig, const char *ts,
    const char *body, size_t len)
{
	crypto_auth_hmacsha256_state st;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	char hex[2 * sizeof(mac) + 1], want[sizeof(hex)];
	size_t i;

	if (strncmp(sig, "v0=", 3) != 0 || strlen(sig + 3) != 2 * sizeof(mac))
		return 0;
	(void)crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret,
	    strlen(secret));
	(void)crypto_auth_hmacsha256_update(&st, (const unsigned char *)"v0:",
	    3);
	(void)crypto_auth_hmacsha256_update(&st, (const unsigned char *)ts,
	    strlen(ts));
	(void)crypto_auth_hmacsha256_update(&st, (const unsigned char *)":",
	    1);
	(void)crypto_auth_hmacsha256_update(&st, (const unsigned char *)body,
	    len);
	(void)crypto_auth_hmacsha256_final(&st, mac);
	(void)sodium_bin2hex(hex, sizeof(hex), mac, sizeof(mac));
	/* hex digits from Slack may come in either case */
	for (i = 0; i < sizeof(want) - 1; i++)
		want[i] = (char)((sig[3 + i] >= 'A' && sig[3 + i] <= 'F') ?
		    sig[3 + i] - 'A' + 'a' : sig[3 + i]);
	want[sizeof(want) - 1] = '\0';
	return sodium_memcmp(hex, want, sizeof(hex) - 1) == 0;
}

/* Slack reads &, < and > in text as its own markup: escape them. */
static char *
slack_escape(const char *s)
{
	struct strbuf sb;

	strbuf_init(&sb, strlen(s) + 64);
	for (; *s != '\0'; s++) {
		if (*s == '&')
			strbuf_printf(&sb, "&amp;");
		else if (*s == '<')
			strbuf_printf(&sb, "&lt;");
		else if (*s == '>')
			strbuf_printf(&sb, "&gt;");
		else
			strbuf_printf(&sb, "%c", *s);
	}
	return strbuf_finish(&sb, NULL);
}

/* The turn's answer as Slack text: malloc'd, NULL when out of memory. */
static char *
slack_answer(json_t *msgs)
{
	char *text = webhook_text(msgs), *esc = text ? slack_escape(text) :
	    NULL;

	free(text);
	return esc;
}

/* A slash command's answer: the turn as text, for its user only. */
static void
slack_render(struct httpapi_req *r, json_t *msgs)
{
	char *esc = slack_answer(msgs);
	json_t *j = json_pack("{s:s, s:s}", "response_type", "ephemeral",
	    "text", esc ? esc : "(out of memory)");

	httpapi_json(r, 200, j);
	json_decref(j);
	free(esc);
}

/*
 * An event's answer: posted to its channel (off the loop, slackpost.c)
 * in the place reserved for it before its turn (slack_event), so it is
 * not refused for room; only out of memory would be (logged).
 */
static void
slack_render_post(struct httpapi_req *r, json_t *msgs)
{
	char *esc = slack_answer(msgs);

	/* the place slackpost_reserve() held for it becomes the post */
	(void)slackpost_send(r->d, r->reply_channel, r->reply_thread[0] ?
	    r->reply_thread : NULL, esc ? esc : "(out of memory)",
	    r->slack_held);
	r->slack_held = 0;
	free(esc);
	httpapi_replyf(r, 200, "ok\n");
}

/* A slash command: a turn of its user's conversation in its channel. */
static void
slack_command(struct httpapi_req *r)
{
	char team[64], channel[64], user[64], text[PROTO_MAX_TEXT + 1],
	    name[PROTO_MAX_CONV + 1], uname[1024];
	json_t *msg;
	int n;

	if (webhook_form_get(r->body, r->len, "team_id", team,
	    sizeof(team)) <= 0 ||
	    webhook_form_get(r->body, r->len, "channel_id", channel,
	    sizeof(channel)) <= 0 ||
	    webhook_form_get(r->body, r->len, "user_id", user,
	    sizeof(user)) <= 0) {
		httpapi_replyf(r, 400, "400 Bad Request: a slash command needs "
		    "team_id, channel_id and user_id (form-urlencoded)\n");
		return;
	}
	if ((n = webhook_form_get(r->body, r->len, "text", text,
	    sizeof(text))) == -3) {
		/*
		 * Too long: told to the user in Slack's visible form, for
		 * them only, as the events path does (a 400 shows them only a
		 * generic failure: nu49 #5); no turn runs.
		 */
		char sorry[160];
		json_t *j;

		(void)snprintf(sorry, sizeof(sorry), "Sorry: a message to the "
		    "advisor may have at most %d bytes.", PROTO_MAX_TEXT);
		j = json_pack("{s:s, s:s}", "response_type", "ephemeral",
		    "text", sorry);
		httpapi_json(r, 200, j);
		json_decref(j);
		return;
	} else if (n == -2) {
		httpapi_replyf(r, 400, "400 Bad Request: 'text' is malformed "
		    "(a bad %%-escape or a NUL byte)\n");
		return;
	} else if (n == -1)
		text[0] = '\0';
	if (!webhook_utf8(text)) {
		httpapi_replyf(r, 400, "400 Bad Request: 'text' is not "
		    "UTF-8\n");
		return;
	}
	if (webhook_name(name, sizeof(name), "slack", team, channel,
	    user) == -1) {
		httpapi_replyf(r, 400, "400 Bad Request: empty team, channel or "
		    "user id\n");
		return;
	}
	msg = webhook_message(text);
	if (webhook_form_get(r->body, r->len, "user_name", uname,
	    sizeof(uname)) <= 0)
		uname[0] = '\0';	/* optional; webhook_meta() cuts it to its bound */
	webhook_meta(msg, "slack", user, uname, channel, NULL);
	r->render = slack_render;
	httpapi_turn(r, SLACK_OWNER, name, msg, 1);
	json_decref(msg);
}

/* Copy string member key of o into out (outlen bytes); "" if absent. */
static int
slack_str(json_t *o, const char *key, char *out, size_t outlen)
{
	const char *v = json_string_value(json_object_get(o, key));

	out[0] = '\0';
	if (v == NULL)
		return 0;
	if (strlen(v) >= outlen)
		return -1;
	(void)snprintf(out, outlen, "%s", v);
	return 1;
}

/*
 * Slack's message markup as the user's plain text, into out (outlen
 * bytes with its NUL): user mentions (<@U123>, the bot's own among them)
 * and special ones (<!here>) dropped, channels (<#C1|general>) as
 * #general, links (<https://x|label>) as their label or URL, and &amp;
 * &lt; &gt; as & < >.  Returns the length, or -1 when it does not fit.
 */
int
webhook_slack_text(const char *in, char *out, size_t outlen)
{
	size_t o = 0, n, bar;
	const char *end, *from;

	if (outlen == 0)
		return -1;
	while (*in != '\0') {
		from = in;
		n = 1;
		if (*in == '<' && (end = strchr(in, '>')) != NULL) {
			n = (size_t)(end - in) - 1;	/* inside the <> */
			for (bar = 0; bar < n && in[1 + bar] != '|'; bar++)
				;
			if (in[1] == '@' || in[1] == '!') {
				from = in;
				n = 0;
			} else if (in[1] == '#') {
				if (o + 1 >= outlen)
					return -1;
				out[o++] = '#';
				from = bar < n ? in + 2 + bar : in + 2;
				n = bar < n ? n - bar - 1 : n - 1;
			} else if (bar < n) {
				from = in + 2 + bar;
				n = n - bar - 1;
			} else
				from = in + 1;
			in = end + 1;
		} else if (strncmp(in, "&amp;", 5) == 0) {
			from = "&";
			in += 5;
		} else if (strncmp(in, "&lt;", 4) == 0) {
			from = "<";
			in += 4;
		} else if (strncmp(in, "&gt;", 4) == 0) {
			from = ">";
			in += 4;
		} else
			in++;
		if (o + n >= outlen)
			return -1;
		memcpy(out + o, from, n);
		o += n;
	}
	out[o] = '\0';
	return (int)o;
}

/*
 * Read an event_callback request j into ev: SLACK_EV_ANSWER when it is
 * a user's direct message or @mention to answer, SLACK_EV_TOO_LONG when
 * it is one but its text is longer than the protocol takes, else
 * SLACK_EV_IGNORE with ev->why.  Reads untrusted bytes:
 * tests/fuzz/fuzz_webhook.c drives it.
 */
int
webhook_slack_event(json_t *j, struct slack_event *ev)
{
	json_t *e = json_object_get(j, "event"), *a;
	const char *text, *ctype;
	size_t i;

	memset(ev, 0, sizeof(*ev));
	if (slack_str(j, "event_id", ev->id, sizeof(ev->id)) != 1 ||
	    !json_is_object(e) ||
	    slack_str(e, "type", ev->type, sizeof(ev->type)) != 1) {
		ev->why = "no event_id or event type";
		return SLACK_EV_IGNORE;
	}
	if (strcmp(ev->type, "app_mention") != 0 &&
	    strcmp(ev->type, "message") != 0) {
		ev->why = "not a message or mention";
		return SLACK_EV_IGNORE;
	}
	/* no loops: never a bot's message (ours too), an edit, a deletion */
	if (json_object_get(e, "bot_id") != NULL ||
	    json_object_get(e, "bot_profile") != NULL) {
		ev->why = "a bot's message";
		return SLACK_EV_IGNORE;
	}
	if (json_object_get(e, "subtype") != NULL) {
		ev->why = "a message subtype (an edit, a deletion, a join...)";
		return SLACK_EV_IGNORE;
	}
	ctype = json_string_value(json_object_get(e, "channel_type"));
	/* in a channel an @mention comes as app_mention too: answer that */
	if (strcmp(ev->type, "message") == 0 && (ctype == NULL ||
	    strcmp(ctype, "im") != 0)) {
		ev->why = "a channel message without a mention";
		return SLACK_EV_IGNORE;
	}
	if (slack_str(e, "user", ev->user, sizeof(ev->user)) != 1 ||
	    slack_str(e, "channel", ev->channel, sizeof(ev->channel)) != 1 ||
	    (slack_str(j, "team_id", ev->team, sizeof(ev->team)) != 1 &&
	    slack_str(e, "team", ev->team, sizeof(ev->team)) != 1) ||
	    ev->user[0] == '\0' || ev->channel[0] == '\0' ||
	    ev->team[0] == '\0' ||
	    slack_str(e, "thread_ts", ev->thread_ts,
	    sizeof(ev->thread_ts)) == -1 ||
	    slack_str(e, "ts", ev->ts, sizeof(ev->ts)) == -1) {
		ev->why = "no (or over-long) user, channel, team, thread_ts "
		    "or ts";
		return SLACK_EV_IGNORE;
	}
	/* the app's own bot user, as the authorizations name it */
	json_array_foreach(json_object_get(j, "authorizations"), i, a)
		if (json_is_true(json_object_get(a, "is_bot")) &&
		    json_is_string(json_object_get(a, "user_id")) &&
		    strcmp(json_string_value(json_object_get(a, "user_id")),
		    ev->user) == 0) {
			ev->why = "the app's own bot user";
			return SLACK_EV_IGNORE;
		}
	/*
	 * Where the answer goes, as Slack's apps do: in the event's thread;
	 * a top-level @mention in a channel starts a thread under it (its
	 * ts), so the conversation does not flood the channel; a direct
	 * message outside a thread is answered in the DM itself.
	 */
	(void)snprintf(ev->reply_ts, sizeof(ev->reply_ts), "%s",
	    ev->thread_ts[0] != '\0' || strcmp(ev->type, "app_mention") != 0 ?
	    ev->thread_ts : ev->ts);
	if ((text = json_string_value(json_object_get(e, "text"))) == NULL)
		text = "";
	if (webhook_slack_text(text, ev->text, sizeof(ev->text)) == -1)
		return SLACK_EV_TOO_LONG;
	return SLACK_EV_ANSWER;
}

/*
 * A message or mention to answer: a turn of its user's conversation in
 * its channel, as a slash command's, answered by a post.
 */
static void
slack_event_turn(struct httpapi_req *r, struct slack_event *ev)
{
	char name[PROTO_MAX_CONV + 1];
	json_t *msg;

	(void)snprintf(r->reply_channel, sizeof(r->reply_channel), "%s",
	    ev->channel);
	(void)snprintf(r->reply_thread, sizeof(r->reply_thread), "%s",
	    ev->reply_ts);
	if (webhook_name(name, sizeof(name), "slack", ev->team, ev->channel,
	    ev->user) == -1) {
		httpapi_replyf(r, 200, "ignored: empty team, channel or user\n");
		return;
	}
	msg = webhook_message(ev->text);
	webhook_meta(msg, "slack", ev->user, NULL, ev->channel, NULL);
	r->render = slack_render_post;
	httpapi_turn(r, SLACK_OWNER, name, msg, 1);
	json_decref(msg);
}

/*
 * An Events API request: url_verification, or an event (answered).  An
 * event to answer holds a place for its answer in slackpost.c's queue
 * from before its turn (r->slack_held, given back by slack_render_post()
 * or httpapi_free()): when there is none it is refused with 503 before
 * its turn and before its event_id is remembered, so that Slack's retry
 * is answered later, and no event told 200 has its answer dropped.
 */
static void
slack_event(struct httpapi_req *r)
{
	json_error_t jerr;
	json_t *j = json_loadb(r->body, r->len, 0, &jerr), *a;
	const char *type = json_string_value(json_object_get(j, "type"));
	const char *id = json_string_value(json_object_get(j, "event_id"));
	const char *challenge;
	int answer = r->d->conf->slack_bot_token != NULL;
	struct slack_event ev;
	char sorry[160];

	if (j == NULL) {
		httpapi_replyf(r, 400, "400 Bad Request: the body is not valid "
		    "JSON: %s (line %d, column %d, byte %d)\n", jerr.text,
		    jerr.line, jerr.column, jerr.position);
	} else if (type == NULL) {
		httpapi_replyf(r, 400, "400 Bad Request: an Events API request "
		    "is a JSON object with a 'type'\n");
	} else if (strcmp(type, "url_verification") == 0) {
		if ((challenge = json_string_value(json_object_get(j,
		    "challenge"))) == NULL) {
			httpapi_replyf(r, 400, "400 Bad Request: a "
			    "url_verification needs a string 'challenge'\n");
		} else {
			a = json_pack("{s:s}", "challenge", challenge);
			httpapi_json(r, 200, a);
			json_decref(a);
		}
	} else if (answer && strcmp(type, "event_callback") == 0 &&
	    slackpost_reserve(id != NULL ? id : "?") == -1) {
		/* not remembered as seen: Slack's retry of it is answered */
		httpapi_replyf(r, 503, "503 Service Unavailable: %d answers "
		    "already wait to be posted to Slack (its bound), counting "
		    "those being made; retry later\n", SLACKPOST_QUEUE_MAX);
	} else {
		/* an event_callback with a bot token holds a place now */
		r->slack_held = answer && strcmp(type, "event_callback") == 0;
		if (id != NULL && webhook_seen("slack-event", id, strlen(id),
		    server_now(), 3600)) {
			log_info("slack: event %s%s%s already received: not "
			    "applied again", id, r->retry[0] ? ", retry " : "",
			    r->retry);
			httpapi_replyf(r, 200, "already received\n");
		} else if (!answer) {
			log_info("slack: event %s (%s) acknowledged; events are "
			    "not answered without slack_bot_token", id ? id :
			    "?", type);
			httpapi_replyf(r, 200, "ok\n");
		} else if (strcmp(type, "event_callback") != 0) {
			log_info("slack: %s request acknowledged, not answered",
			    type);
			httpapi_replyf(r, 200, "ok\n");
		} else switch (webhook_slack_event(j, &ev)) {
		case SLACK_EV_ANSWER:
			slack_event_turn(r, &ev);
			break;
		case SLACK_EV_TOO_LONG:
			(void)snprintf(sorry, sizeof(sorry), "Sorry: a message "
			    "to the advisor may have at most %d bytes.",
			    PROTO_MAX_TEXT);
			(void)slackpost_send(r->d, ev.channel, ev.reply_ts[0] ?
			    ev.reply_ts : NULL, sorry, 1);
			r->slack_held = 0;
			httpapi_replyf(r, 200, "ok\n");
			break;
		default:
			log_debug("slack: event %s (%s) not answered: %s",
			    ev.id, ev.type[0] ? ev.type : "?", ev.why);
			httpapi_replyf(r, 200, "ok: not answered (%s)\n",
			    ev.why);
			break;
		}
		/* no turn runs (render is not slack_render_post): give back */
		if (r->slack_held && r->render != slack_render_post) {
			slackpost_release();
			r->slack_held = 0;
		}
	}
	json_decref(j);
}

/* POST /webhooks/slack/commands (events 0) or /events (events 1). */
void
webhook_slack(struct httpapi_req *r, int events)
{
	const char *secret = r->d->conf->slack_signing_secret;
	double now = server_now();
	char ssl[8];
	size_t i;

	/*
	 * Slack checks a slash command's certificate now and then with a
	 * POST of "ssl_check=1" (and a token), not signed: its own Bolt
	 * frameworks answer it before verifying (bolt-js #2899, bolt-python
	 * #1494).  It gets a 200 with an empty body and does nothing else,
	 * signed or not, so an unsigned one can do no more than that (nu49
	 * #6); exactly "1", as Bolt requires.
	 */
	if (!events && webhook_form_get(r->body, r->len, "ssl_check", ssl,
	    sizeof(ssl)) == 1 && strcmp(ssl, "1") == 0) {
		httpapi_replyf(r, 200, "%s", "");
		return;
	}
	if (r->sig[0] == '\0' || r->ts[0] == '\0') {
		webhook_refused("slack", WEBHOOK_UNSIGNED);
		httpapi_replyf(r, 401, "401 Unauthorized: not signed "
		    "(X-Slack-Signature, X-Slack-Request-Timestamp)\n");
		return;
	}
	if (!webhook_fresh(r->ts, now, SLACK_WINDOW)) {
		webhook_refused("slack", WEBHOOK_STALE);
		httpapi_replyf(r, 401, "401 Unauthorized: "
		    "X-Slack-Request-Timestamp is more than %d seconds from "
		    "the server's clock (a replay?)\n", SLACK_WINDOW);
		return;
	}
	if (!webhook_slack_verify(secret, r->sig, r->ts, r->body, r->len)) {
		webhook_refused("slack", WEBHOOK_BAD_SIGNATURE);
		httpapi_replyf(r, 401, "401 Unauthorized: X-Slack-Signature "
		    "does not match (slack_signing_secret)\n");
		return;
	}
	if (r->retry[0] != '\0' && !events) {
		/* Slack resends what it thinks was lost: the first was had */
		log_info("slack: retry %s of %s acknowledged, not applied",
		    r->retry, r->path);
		httpapi_replyf(r, 200, "retry acknowledged\n");
		return;
	}
	/* the hex may come in either case: remember one spelling of it */
	for (i = 0; r->sig[i] != '\0'; i++)
		r->sig[i] = (char)tolower((unsigned char)r->sig[i]);
	if (webhook_seen("slack", r->sig, strlen(r->sig), now,
	    2 * SLACK_WINDOW)) {
		webhook_refused("slack", WEBHOOK_REPLAY);
		httpapi_replyf(r, 409, "409 Conflict: this signed request was "
		    "already handled (a replay)\n");
		return;
	}
	/* an event's retry is known by its event_id (slack_event) */
	if (events)
		slack_event(r);
	else
		slack_command(r);
}
