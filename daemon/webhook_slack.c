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
 * verified, deduplicated and answered url_verification; replying to a
 * message event would need Slack's Web API (chat.postMessage), which the
 * daemon does not call: they are acknowledged and logged.
 */
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

/* A slash command's answer: the turn as text, for its user only. */
static void
slack_render(struct httpapi_req *r, json_t *msgs)
{
	char *text = webhook_text(msgs), *esc = text ? slack_escape(text) :
	    NULL;
	json_t *j = json_pack("{s:s, s:s}", "response_type", "ephemeral",
	    "text", esc ? esc : "(out of memory)");

	httpapi_json(r, 200, j);
	json_decref(j);
	free(esc);
	free(text);
}

/* A slash command: a turn of its user's conversation in its channel. */
static void
slack_command(struct httpapi_req *r)
{
	char team[64], channel[64], user[64], text[PROTO_MAX_TEXT + 1],
	    name[PROTO_MAX_CONV + 1];
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
	    sizeof(text))) == -2) {
		httpapi_replyf(r, 400, "400 Bad Request: 'text' is malformed or "
		    "longer than %d bytes\n", PROTO_MAX_TEXT);
		return;
	} else if (n == -1)
		text[0] = '\0';
	if (webhook_name(name, sizeof(name), "slack", team, channel,
	    user) == -1) {
		httpapi_replyf(r, 400, "400 Bad Request: empty team, channel or "
		    "user id\n");
		return;
	}
	msg = webhook_message(text);
	r->render = slack_render;
	httpapi_turn(r, SLACK_OWNER, name, msg, 1);
	json_decref(msg);
}

/* An Events API request: url_verification, or an event acknowledged. */
static void
slack_event(struct httpapi_req *r)
{
	json_t *j = json_loadb(r->body, r->len, 0, NULL), *a;
	const char *type = json_string_value(json_object_get(j, "type"));
	const char *id = json_string_value(json_object_get(j, "event_id"));

	if (type == NULL) {
		httpapi_replyf(r, 400, "400 Bad Request: an Events API request "
		    "is a JSON object with a 'type'\n");
	} else if (strcmp(type, "url_verification") == 0) {
		a = json_pack("{s:s?}", "challenge", json_string_value(
		    json_object_get(j, "challenge")));
		httpapi_json(r, 200, a);
		json_decref(a);
	} else if (id != NULL && webhook_seen("slack-event", id, strlen(id),
	    server_now(), 3600)) {
		httpapi_replyf(r, 200, "already received\n");
	} else {
		log_info("slack: event %s (%s) acknowledged; events are not "
		    "answered (use the slash command)", id ? id : "?", type);
		httpapi_replyf(r, 200, "ok\n");
	}
	json_decref(j);
}

/* POST /webhooks/slack/commands (events 0) or /events (events 1). */
void
webhook_slack(struct httpapi_req *r, int events)
{
	const char *secret = r->d->conf->slack_signing_secret;
	double now = server_now();

	if (r->sig[0] == '\0' || r->ts[0] == '\0') {
		httpapi_replyf(r, 401, "401 Unauthorized: not signed "
		    "(X-Slack-Signature, X-Slack-Request-Timestamp)\n");
		return;
	}
	if (!webhook_fresh(r->ts, now, SLACK_WINDOW)) {
		httpapi_replyf(r, 401, "401 Unauthorized: "
		    "X-Slack-Request-Timestamp is more than %d seconds from "
		    "the server's clock (a replay?)\n", SLACK_WINDOW);
		return;
	}
	if (!webhook_slack_verify(secret, r->sig, r->ts, r->body, r->len)) {
		httpapi_replyf(r, 401, "401 Unauthorized: X-Slack-Signature "
		    "does not match (slack_signing_secret)\n");
		return;
	}
	if (r->retry[0] != '\0') {
		/* Slack resends what it thinks was lost: the first was had */
		log_info("slack: retry %s of %s acknowledged, not applied",
		    r->retry, r->path);
		httpapi_replyf(r, 200, "retry acknowledged\n");
		return;
	}
	if (webhook_seen("slack", r->sig, strlen(r->sig), now,
	    2 * SLACK_WINDOW)) {
		httpapi_replyf(r, 409, "409 Conflict: this signed request was "
		    "already handled (a replay)\n");
		return;
	}
	if (events)
		slack_event(r);
	else
		slack_command(r);
}
