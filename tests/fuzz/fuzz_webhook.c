/* SPDX-License-Identifier: ISC */
/*
 * fuzz_webhook: libFuzzer target for what the chat-platform webhooks read
 * (daemon/webhook*.c): form-urlencoded bodies and percent-decoding, the
 * platforms' timestamps, Slack's HMAC and Discord's Ed25519 signature
 * checks, Mattermost's token list, conversation names made of platform
 * ids, the meta of who spoke, and a turn's messages as chat text; and for
 * Slack's Events API (webhook_slack.c, slackpost.c): an event_callback
 * read into what to answer, Slack's message markup read as plain text,
 * Slack's answer to chat.postMessage and a Retry-After value.  An input
 * is read as each of these; its first line is also a timestamp and its
 * second a signature over the rest.  Properties checked besides "no
 * crash": a decoded value is as long as said; the signature this target
 * computes itself verifies, and a changed one does not; a meta member
 * kept is within its bound; markup read is no longer than written and
 * its length is as said; an event to answer has a user, a channel and a
 * team, and is no bot's message nor a subtype; a Retry-After is -1 or
 * within 0..999999.
 *
 *	build/fuzz/fuzz_webhook tests/fuzz/corpus-webhook \
 *	    -dict=tests/fuzz/webhook.dict
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "advisord.h"

int LLVMFuzzerInitialize(int *, char ***);
int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define SECRET	"8f742231b10e8888abcd99yyyzzz85a5"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	log_setlevel(LOG_LVL_ERR);
	if (sodium_init() < 0)
		abort();
	return 0;
}

/* Slack's signature of ts and body, as the platform makes it. */
static void
slack_sign(const char *ts, const char *body, size_t len, char *out)
{
	crypto_auth_hmacsha256_state st;
	unsigned char mac[32];

	crypto_auth_hmacsha256_init(&st, (const unsigned char *)SECRET,
	    strlen(SECRET));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)"v0:", 3);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)ts,
	    strlen(ts));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)":", 1);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, len);
	crypto_auth_hmacsha256_final(&st, mac);
	memcpy(out, "v0=", 3);
	sodium_bin2hex(out + 3, 65, mac, sizeof(mac));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const keys[] = { "text", "team_id", "token", "" };
	char *s = malloc(size + 1), out[512], ts[32], sig[160], mine[68];
	char name[PROTO_MAX_CONV + 1], *parts[3] = { "", "", "" }, *p, *txt;
	const char *body;
	size_t i, blen;
	json_t *j, *msg;
	int n;

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		n = webhook_form_get(s, size, keys[i], out, sizeof(out));
		if (n >= 0 && (size_t)n != strlen(out))
			abort();
	}
	n = webhook_unescape(s, size, out, sizeof(out), size & 1);
	if (n >= 0 && (size_t)n != strlen(out))
		abort();

	/* line 1: a timestamp; line 2: a signature; the rest: the body */
	(void)snprintf(ts, sizeof(ts), "%.*s", (int)strcspn(s, "\n"), s);
	body = s + strlen(ts) + (s[strlen(ts)] == '\n');
	(void)snprintf(sig, sizeof(sig), "%.*s", (int)strcspn(body, "\n"),
	    body);
	body += strlen(sig) + (body[strlen(sig)] == '\n');
	blen = strlen(body);
	(void)webhook_fresh(ts, 1764500000.0, 300);
	(void)webhook_slack_verify(SECRET, sig, ts, body, blen);
	slack_sign(ts, body, blen, mine);
	if (!webhook_slack_verify(SECRET, mine, ts, body, blen))
		abort();
	mine[10] = mine[10] == '0' ? '1' : '0';
	if (webhook_slack_verify(SECRET, mine, ts, body, blen))
		abort();
	(void)webhook_discord_verify("d75a980182b10ab7d54bfed3c964073a0ee172f3"
	    "daa62325af021a68f707511a", sig, ts, body, blen);
	(void)webhook_mattermost_token("xbtqt8rmm3fxmxb1kd9ak9ws7r,,abc", sig);

	/* platform ids: colon-separated */
	for (i = 0, p = s; i < 3 && p != NULL; i++) {
		parts[i] = p;
		if ((p = strchr(p, ':')) != NULL)
			*p++ = '\0';
	}
	if (webhook_name(name, sizeof(name), "x", parts[0], parts[1],
	    parts[2]) == 0 && strlen(name) > PROTO_MAX_CONV)
		abort();

	/* the input as the user's text, and as a turn's messages */
	memcpy(s, data, size);
	s[size] = '\0';
	json_decref(msg = webhook_message(s));

	/* the input as every meta member: each kept one within its bound */
	if ((msg = json_object()) != NULL) {
		json_t *meta, *v;
		const char *k;

		webhook_meta(msg, s, s, s, s, s);
		meta = json_object_get(msg, "meta");
		json_object_foreach(meta, k, v)
			if (json_string_length(v) == 0 ||
			    json_string_length(v) > (strcmp(k, "platform") == 0 ?
			    PROTO_MAX_META_PLATFORM : strcmp(k, "locale") == 0 ?
			    PROTO_MAX_META_LOCALE : PROTO_MAX_META_FIELD))
				abort();
		json_decref(msg);
	}
	if ((j = json_loadb((const char *)data, size, 0, NULL)) != NULL &&
	    json_is_array(j)) {
		txt = webhook_text(j);
		free(txt);
	}
	/* Slack: the input as an event_callback */
	if (j != NULL && json_is_object(j)) {
		struct slack_event ev;
		json_t *e = json_object_get(j, "event");

		n = webhook_slack_event(j, &ev);
		if (n != SLACK_EV_IGNORE && (ev.user[0] == '\0' ||
		    ev.channel[0] == '\0' || ev.team[0] == '\0' ||
		    json_object_get(e, "bot_id") != NULL ||
		    json_object_get(e, "subtype") != NULL))
			abort();
		if (n == SLACK_EV_IGNORE && ev.why == NULL)
			abort();
		if (n == SLACK_EV_ANSWER && strlen(ev.text) > PROTO_MAX_TEXT)
			abort();
	}
	json_decref(j);
	/* Slack: the input as message markup, into a small and a large room */
	{
		char small[16], *big = malloc(size + 1);

		n = webhook_slack_text(s, small, sizeof(small));
		if (n >= 0 && ((size_t)n != strlen(small) || (size_t)n > size))
			abort();
		if (big != NULL) {
			n = webhook_slack_text(s, big, size + 1);
			if (n < 0 || (size_t)n != strlen(big) ||
			    (size_t)n > strlen(s))
				abort();
			free(big);
		}
	}
	/* Slack's answer to chat.postMessage, and a Retry-After value */
	{
		char why[256];
		long ra;

		n = slackpost_reply((const char *)data, size, why, sizeof(why));
		if (n == 0 && why[0] == '\0')
			abort();
		ra = slackpost_retry_after((const char *)data, size);
		if (ra < -1 || ra > 999999)
			abort();
	}
	free(s);
	return 0;
}
