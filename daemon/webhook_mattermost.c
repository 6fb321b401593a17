/* SPDX-License-Identifier: ISC */
/*
 * webhook_mattermost.c: Mattermost's slash commands and outgoing webhooks
 * (/webhooks/mattermost), on when mattermost_token is set.
 *
 * Mattermost signs nothing: each slash command and outgoing webhook has a
 * token, sent in the request's "token" field, which must be one of
 * mattermost_token's (comma-separated; compared in constant time); a
 * wrong or missing one gets 401.  Slash commands are form-urlencoded;
 * outgoing webhooks are form-urlencoded or JSON (their "Content Type"
 * setting).  A request that carries a "command" is a slash command,
 * answered to its user only ("ephemeral"); else it is an outgoing webhook
 * (its "trigger_word" is cut from the text), answered in the channel.
 * The same trigger_id or post_id twice within 10 minutes is a replay:
 * 409.  The user's conversation in a channel is
 * "mattermost:TEAM:CHANNEL:USER".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "advisord.h"

#define MM_OWNER	"webhook:mattermost"
#define MM_FLAG_SLASH	0x1

/*
 * Is token one of list's (comma-separated)?  Returns its place in the
 * list (1 for the first), or 0.  Every entry is compared, in fixed-size
 * buffers, so the time says nothing of where they differ.
 */
int
webhook_mattermost_token(const char *list, const char *token)
{
	unsigned char a[128], b[128];
	size_t tlen = strlen(token), n;
	const char *p = list, *comma;
	int found = 0, k = 0;

	memset(b, 0, sizeof(b));
	memcpy(b, token, tlen < sizeof(b) ? tlen : sizeof(b));
	while (*p != '\0') {
		comma = strchr(p, ',');
		n = comma != NULL ? (size_t)(comma - p) : strlen(p);
		memset(a, 0, sizeof(a));
		memcpy(a, p, n < sizeof(a) ? n : sizeof(a));
		k++;
		if ((sodium_memcmp(a, b, sizeof(a)) == 0) & (n == tlen) &
		    (tlen > 0) & (tlen < sizeof(b)))
			found = k;
		p += n;
		if (*p == ',')
			p++;
	}
	return found;
}

/*
 * Field key of the request, from its JSON (j, when the body is JSON) or
 * its form: as webhook_form_get() (a JSON member that is not a string is
 * malformed: -2; too long: -3).
 */
static int
mm_field(struct httpapi_req *r, json_t *j, const char *key, char *out,
    size_t outlen)
{
	const char *v;

	if (j == NULL)
		return webhook_form_get(r->body, r->len, key, out, outlen);
	if (json_object_get(j, key) == NULL)
		return -1;
	if ((v = json_string_value(json_object_get(j, key))) == NULL)
		return -2;
	if (strlen(v) >= outlen)
		return -3;
	(void)strcpy(out, v);
	return (int)strlen(out);
}

/*
 * Id field key (team_id, channel_id, user_id) into out (outlen bytes with
 * its NUL).  Returns 0, or -1 having answered 400 naming the field: absent
 * or empty, or malformed or longer than its bound.
 */
static int
mm_id(struct httpapi_req *r, json_t *j, const char *key, char *out,
    size_t outlen)
{
	int n = mm_field(r, j, key, out, outlen);

	if (n == -2 || n == -3)
		httpapi_replyf(r, 400, "400 Bad Request: '%s' is malformed or "
		    "longer than %zu bytes\n", key, outlen - 1);
	else if (n <= 0)
		httpapi_replyf(r, 400, "400 Bad Request: needs team_id, "
		    "channel_id and user_id ('%s' is missing or empty)\n",
		    key);
	return n > 0 ? 0 : -1;
}

static void
mm_render(struct httpapi_req *r, json_t *msgs)
{
	char *text = webhook_text(msgs);
	json_t *j;

	if (r->flags & MM_FLAG_SLASH)
		j = json_pack("{s:s, s:s}", "response_type", "ephemeral",
		    "text", text ? text : "(out of memory)");
	else
		j = json_pack("{s:s}", "text", text ? text : "(out of memory)");
	httpapi_json(r, 200, j);
	json_decref(j);
	free(text);
}

/* POST /webhooks/mattermost */
void
webhook_mattermost(struct httpapi_req *r)
{
	char token[160], team[64], channel[64], user[64], id[128], trig[128],
	    text[PROTO_MAX_TEXT + 1], name[PROTO_MAX_CONV + 1], *t = text;
	char owner[32], uname[1024], rid[1024];
	json_t *j = NULL, *msg;
	int n, tk;

	if (strncmp(r->ctype, "application/json", 16) == 0 &&
	    (j = json_loadb(r->body, r->len, 0, NULL)) == NULL) {
		httpapi_replyf(r, 400, "400 Bad Request: the body is not "
		    "JSON\n");
		return;
	}
	if (mm_field(r, j, "token", token, sizeof(token)) <= 0 ||
	    (tk = webhook_mattermost_token(r->d->conf->mattermost_token,
	    token)) == 0) {
		webhook_refused("mattermost", WEBHOOK_BAD_TOKEN);
		httpapi_replyf(r, 401, "401 Unauthorized: missing or wrong "
		    "token (mattermost_token)\n");
		goto out;
	}
	if (mm_id(r, j, "team_id", team, sizeof(team)) == -1 ||
	    mm_id(r, j, "channel_id", channel, sizeof(channel)) == -1 ||
	    mm_id(r, j, "user_id", user, sizeof(user)) == -1)
		goto out;
	if ((n = mm_field(r, j, "text", text, sizeof(text))) == -2 ||
	    n == -3) {
		httpapi_replyf(r, 400, "400 Bad Request: 'text' is malformed or "
		    "longer than %d bytes\n", PROTO_MAX_TEXT);
		goto out;
	} else if (n == -1)
		text[0] = '\0';
	if (!webhook_utf8(text)) {
		httpapi_replyf(r, 400, "400 Bad Request: 'text' is not "
		    "UTF-8\n");
		goto out;
	}
	if (mm_field(r, j, "command", id, sizeof(id)) > 0)
		r->flags |= MM_FLAG_SLASH;
	/* a real trigger_id is about 220 bytes (base64 of a signed id) */
	if ((mm_field(r, j, "trigger_id", rid, sizeof(rid)) > 0 ||
	    mm_field(r, j, "post_id", rid, sizeof(rid)) > 0) &&
	    webhook_seen("mattermost", rid, strlen(rid), server_now(), 600)) {
		webhook_refused("mattermost", WEBHOOK_REPLAY);
		httpapi_replyf(r, 409, "409 Conflict: this request was already "
		    "handled (a replay)\n");
		goto out;
	}
	/* an outgoing webhook's text starts with the word that fired it */
	if (mm_field(r, j, "trigger_word", trig, sizeof(trig)) > 0 &&
	    strncmp(t, trig, strlen(trig)) == 0)
		t += strlen(trig);
	if (webhook_name(name, sizeof(name), "mattermost", team, channel,
	    user) == -1) {
		httpapi_replyf(r, 400, "400 Bad Request: empty team, channel or "
		    "user id\n");
		goto out;
	}
	msg = webhook_message(t);
	if (mm_field(r, j, "user_name", uname, sizeof(uname)) <= 0)
		uname[0] = '\0';	/* optional; webhook_meta() cuts it to its bound */
	webhook_meta(msg, "mattermost", user, uname, channel, NULL);
	r->render = mm_render;
	/*
	 * Team, channel and user ids are the sender's word: each token (a
	 * slash command or webhook, perhaps of another team or server) owns
	 * its own conversations, or one token's holder could drive another's.
	 */
	if (tk == 1)
		(void)snprintf(owner, sizeof(owner), "%s", MM_OWNER);
	else
		(void)snprintf(owner, sizeof(owner), "%s%d", MM_OWNER, tk);
	httpapi_turn(r, owner, name, msg, 1);
	json_decref(msg);
out:
	json_decref(j);
}
