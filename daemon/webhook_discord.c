/* SPDX-License-Identifier: ISC */
/*
 * webhook_discord.c: Discord interactions (/webhooks/discord), on when
 * discord_public_key is set (the application's public key, hex).
 *
 * Discord signs every interaction (discord.com/developers, "Receiving
 * and Responding"): X-Signature-Ed25519 is the hex Ed25519 signature of
 * X-Signature-Timestamp followed by the raw body.  Unsigned or wrongly
 * signed requests get 401, as Discord's own checks of the endpoint
 * expect; so does a timestamp more than 5 minutes from ours, and the same
 * signature twice within 10 minutes gets 409 (a replay).
 *
 * PING (type 1) is answered with PONG (type 1).  An application command
 * (type 2), e.g. /advisor text:..., is a turn of the conversation of its
 * user in its channel ("discord:GUILD:CHANNEL:USER", GUILD "dm" in direct
 * messages), answered within Discord's 3 seconds with
 * CHANNEL_MESSAGE_WITH_SOURCE (type 4), visible to its user only (flag
 * 64, EPHEMERAL).  A message's content may have 2000 characters: the
 * rest goes to an embed (4096), and what is longer still is cut, saying
 * so.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "advisord.h"

#define DISCORD_WINDOW		300	/* seconds a timestamp may be off */
#define DISCORD_OWNER		"webhook:discord"
#define DISCORD_CONTENT_MAX	2000
#define DISCORD_EMBED_MAX	4096
#define DISCORD_EPHEMERAL	64

/*
 * Does sig (128 hex) sign ts + body with public key pk (64 hex)?  1 if
 * so.
 */
int
webhook_discord_verify(const char *pk, const char *sig, const char *ts,
    const char *body, size_t len)
{
	unsigned char key[crypto_sign_PUBLICKEYBYTES], s[crypto_sign_BYTES],
	    *msg;
	size_t klen, slen, tlen = strlen(ts);
	int ok;

	if (sodium_hex2bin(key, sizeof(key), pk, strlen(pk), NULL, &klen,
	    NULL) != 0 || klen != sizeof(key) ||
	    strlen(sig) != 2 * sizeof(s) ||
	    sodium_hex2bin(s, sizeof(s), sig, strlen(sig), NULL, &slen,
	    NULL) != 0 || slen != sizeof(s))
		return 0;
	if ((msg = malloc(tlen + len + 1)) == NULL)
		return 0;
	memcpy(msg, ts, tlen);
	memcpy(msg + tlen, body, len);
	ok = crypto_sign_verify_detached(s, msg, tlen + len, key) == 0;
	free(msg);
	return ok;
}

/*
 * Where to cut text so that its first part has at most max bytes: after
 * the last newline (else space) before max, never inside a UTF-8
 * character.
 */
static size_t
discord_cut(const char *text, size_t max)
{
	size_t n = strlen(text), i;

	if (n <= max)
		return n;
	for (i = max; i > max / 2; i--)
		if (text[i] == '\n')
			return i;
	for (i = max; i > max / 2; i--)
		if (text[i] == ' ')
			return i;
	for (i = max; i > 0 && ((unsigned char)text[i] & 0xc0) == 0x80; i--)
		;
	return i;
}

static void
discord_render(struct httpapi_req *r, json_t *msgs)
{
	static const char cut_note[] = "\n... (cut at Discord's size limit; "
	    "say \"summary\" for the short form)";
	char *text = webhook_text(msgs), *rest, *content;
	json_t *data, *j;
	size_t n;

	if (text == NULL || (content = strndup(text,
	    discord_cut(text, DISCORD_CONTENT_MAX))) == NULL) {
		free(text);
		httpapi_replyf(r, 500, "500 Internal Server Error: out of "
		    "memory\n");
		return;
	}
	n = strlen(content);
	rest = text + n;
	if (*rest == '\n' || *rest == ' ')
		rest++;
	data = json_pack("{s:s, s:i}", "content", content, "flags",
	    DISCORD_EPHEMERAL);
	free(content);
	if (*rest != '\0') {
		size_t m = discord_cut(rest, DISCORD_EMBED_MAX -
		    sizeof(cut_note));
		char *desc;

		if (rest[m] != '\0' && asprintf(&desc, "%.*s%s", (int)m, rest,
		    cut_note) != -1) {
			(void)json_object_set_new(data, "embeds", json_pack(
			    "[{s:s}]", "description", desc));
			free(desc);
		} else
			(void)json_object_set_new(data, "embeds", json_pack(
			    "[{s:s}]", "description", rest));
	}
	j = json_pack("{s:i, s:o}", "type", 4, "data", data);
	httpapi_json(r, 200, j);
	json_decref(j);
	free(text);
}

/* The first string option of an application command: the user's text. */
static const char *
discord_text(json_t *data)
{
	json_t *opt;
	size_t i;

	json_array_foreach(json_object_get(data, "options"), i, opt)
		if (json_is_string(json_object_get(opt, "value")))
			return json_string_value(json_object_get(opt, "value"));
	return "";
}

static void
discord_command(struct httpapi_req *r, json_t *j)
{
	const char *guild = json_string_value(json_object_get(j, "guild_id"));
	const char *channel = json_string_value(json_object_get(j,
	    "channel_id"));
	json_t *user = json_object_get(json_object_get(j, "member"), "user");
	const char *uid, *text, *dname;
	char name[PROTO_MAX_CONV + 1];
	json_t *msg;

	if (user == NULL)
		user = json_object_get(j, "user");	/* a direct message */
	uid = json_string_value(json_object_get(user, "id"));
	text = discord_text(json_object_get(j, "data"));
	if (strlen(text) > PROTO_MAX_TEXT) {
		/*
		 * Told to the user as an interaction message, for them only
		 * (a 400 shows them "The application did not respond": nu49
		 * #5); no turn runs.
		 */
		char sorry[160];
		json_t *reply;

		(void)snprintf(sorry, sizeof(sorry), "Sorry: a message to the "
		    "advisor may have at most %d bytes.", PROTO_MAX_TEXT);
		reply = json_pack("{s:i, s:{s:s, s:i}}", "type", 4, "data",
		    "content", sorry, "flags", DISCORD_EPHEMERAL);
		httpapi_json(r, 200, reply);
		json_decref(reply);
		return;
	}
	if (webhook_name(name, sizeof(name), "discord", guild ? guild : "dm",
	    channel, uid) == -1) {
		httpapi_replyf(r, 400, "400 Bad Request: an application command "
		    "needs channel_id and the user's id\n");
		return;
	}
	msg = webhook_message(text);
	dname = json_string_value(json_object_get(user, "global_name"));
	if (dname == NULL)
		dname = json_string_value(json_object_get(user, "username"));
	webhook_meta(msg, "discord", uid, dname, channel,
	    json_string_value(json_object_get(j, "locale")));
	r->render = discord_render;
	httpapi_turn(r, DISCORD_OWNER, name, msg, 1);
	json_decref(msg);
}

/* POST /webhooks/discord */
void
webhook_discord(struct httpapi_req *r)
{
	json_t *j, *pong;
	json_int_t type;
	size_t i;

	if (r->sig[0] == '\0' || r->ts[0] == '\0') {
		webhook_refused("discord", WEBHOOK_UNSIGNED);
		httpapi_replyf(r, 401, "401 Unauthorized: not signed "
		    "(X-Signature-Ed25519, X-Signature-Timestamp)\n");
		return;
	}
	if (!webhook_discord_verify(r->d->conf->discord_public_key, r->sig,
	    r->ts, r->body, r->len)) {
		webhook_refused("discord", WEBHOOK_BAD_SIGNATURE);
		httpapi_replyf(r, 401, "401 Unauthorized: invalid request "
		    "signature (X-Signature-Ed25519, discord_public_key)\n");
		return;
	}
	if (!webhook_fresh(r->ts, server_now(), DISCORD_WINDOW)) {
		webhook_refused("discord", WEBHOOK_STALE);
		httpapi_replyf(r, 401, "401 Unauthorized: X-Signature-Timestamp "
		    "is more than %d seconds from the server's clock (a "
		    "replay?)\n", DISCORD_WINDOW);
		return;
	}
	/* the hex may come in either case: remember one spelling of it */
	for (i = 0; r->sig[i] != '\0'; i++)
		r->sig[i] = (char)tolower((unsigned char)r->sig[i]);
	if (webhook_seen("discord", r->sig, strlen(r->sig), server_now(),
	    2 * DISCORD_WINDOW)) {
		webhook_refused("discord", WEBHOOK_REPLAY);
		httpapi_replyf(r, 409, "409 Conflict: this signed request was "
		    "already handled (a replay)\n");
		return;
	}
	if ((j = json_loadb(r->body, r->len, 0, NULL)) == NULL ||
	    !json_is_integer(json_object_get(j, "type"))) {
		httpapi_replyf(r, 400, "400 Bad Request: an interaction is a "
		    "JSON object with an integer 'type'\n");
		json_decref(j);
		return;
	}
	type = json_integer_value(json_object_get(j, "type"));
	if (type == 1) {
		pong = json_pack("{s:i}", "type", 1);
		httpapi_json(r, 200, pong);
		json_decref(pong);
	} else if (type == 2)
		discord_command(r, j);
	else
		httpapi_replyf(r, 400, "400 Bad Request: interaction type %lld "
		    "is not handled (PING 1 and APPLICATION_COMMAND 2 are)\n",
		    (long long)type);
	json_decref(j);
}
