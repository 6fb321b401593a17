/* SPDX-License-Identifier: ISC */
/*
 * proto.c: decoding and checking client messages, encoding server ones.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonenc.h"
#include "jsonflat.h"
#include "kb.h"
#include "proto.h"

const struct proto_error_def proto_errors[] = {
	{ "bad_json", "the message is not valid JSON (or nests deeper than "
	    "the parser allows)" },
	{ "not_object", "the message is JSON but not an object" },
	{ "missing_field", "a required field is absent" },
	{ "invalid_field", "a field has the wrong type, length or value, or "
	    "is not one this message type has" },
	{ "unknown_type", "the type is not one of the protocol's" },
	{ "hello_first", "a conversation message came before hello" },
	{ "wrong_protocol", "the protocol version asked for is not spoken "
	    "here" },
	{ "unauthorized", "the API key is missing or wrong for what was "
	    "asked" },
	{ "rate_limited", "too many messages; the message was dropped, retry "
	    "after retry_after_ms" },
	{ "unknown_conversation", "no such conversation (or it expired)" },
	{ "conversation_exists", "a conversation of that name is already open" },
	{ "storage_full", "the state directory is at its disk budget; no new "
	    "conversation is started" },
	{ "too_many_conversations", "the connection, or the daemon, holds as "
	    "many conversations as it may" },
	{ "bad_token", "the resume token does not match the conversation" },
	{ "replay_gap", "messages after last_seq are no longer kept; replay "
	    "starts at first_seq" },
	{ "conversation_ended", "the conversation has ended; open a new one" },
	{ "conversation_moved", "the conversation was resumed on another "
	    "connection" },
	{ "expired", "the conversation was idle too long and was closed" },
	{ "conversation_full", "the conversation reached the longest "
	    "transcript allowed; end it and start another" },
	{ "shutting_down", "the daemon is going away; reconnect later" },
	{ "transcript_refused", "the transcript reply is not made: one is "
	    "being made for the connection already, or it does not fit in the "
	    "memory budget now (limit names which); retry later" },
	{ "storage_failed", "the transcript could not be stored; the "
	    "conversation is closed" },
	/* several instances on one shared store (daemon/pgstore.c) */
	{ "conversation_busy", "another instance serves the conversation; "
	    "retry after retry_after_ms" },
	{ "store_unavailable", "the shared store cannot be reached; retry" },
	{ "kb_mismatch", "the conversation was held on another knowledge "
	    "base than this instance serves" },
	{ "key_mismatch", "the conversation was signed with another key "
	    "than this instance signs with" },
	{ "replay_mismatch", "rebuilding the conversation from its records "
	    "gave other outputs than the recorded ones" },
	{ "internal", "the daemon failed to handle the message" },
	/* from the dialogue engine */
	{ "unknown_question", "the question id does not exist" },
	{ "unknown_choice", "the choice id does not exist for that question" },
	{ "not_applicable", "the question does not apply given the other "
	    "answers" },
	{ "nothing_to_undo", "back was asked with no answer to undo" },
	{ "no_question", "skip or not-sure was asked with no question "
	    "pending" },
	{ "missing_text", "the engine got a say without text (not reachable "
	    "through the protocol, which checks it first)" },
	{ "bad_input", "the engine got an input kind it does not know (not "
	    "reachable through the protocol)" },
	{ NULL, NULL }
};

static const char *const type_names[PT_NTYPES] = {
	"hello", "open", "resume", "say", "choose", "command", "transcript",
	"end"
};

/* Fields each type may carry besides "type" and "id". */
static const char *const fields[PT_NTYPES][8] = {
	[PT_HELLO] =		{ "protocol", "api_key", "client", "resume",
				  "start", NULL },
	[PT_OPEN] =		{ "conversation", "meta", NULL },
	[PT_RESUME] =		{ "conversation", "token", "last_seq", NULL },
	[PT_SAY] =		{ "conversation", "text", "meta", NULL },
	[PT_CHOOSE] =		{ "conversation", "question", "choice", NULL },
	[PT_COMMAND] =		{ "conversation", "command", "question",
				  "choice", NULL },
	[PT_TRANSCRIPT] =	{ "conversation", "format", "token", NULL },
	[PT_END] =		{ "conversation", NULL },
};

const char *
proto_type_name(enum proto_type t)
{
	return t < PT_NTYPES ? type_names[t] : "unknown";
}

int
proto_error_known(const char *code)
{
	size_t i;

	for (i = 0; proto_errors[i].code != NULL; i++)
		if (strcmp(proto_errors[i].code, code) == 0)
			return 1;
	return 0;
}

static int perr(struct proto_error *, const char *, const char *, ...)
    __attribute__((format(printf, 3, 4)));

static int
perr(struct proto_error *e, const char *code, const char *fmt, ...)
{
	va_list ap;

	e->code = code;
	e->limit = NULL;
	va_start(ap, fmt);
	(void)vsnprintf(e->message, sizeof(e->message), fmt, ap);
	va_end(ap);
	return -1;
}

/* Printable ASCII without spaces: ids, names and tokens. */
static int
printable(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x21 || (unsigned char)s[i] > 0x7e)
			return 0;
	return 1;
}

/*
 * The welcome.limits.message member that bounds the string member key
 * (PROTOCOL.md 6.1), for an error's "limit"; NULL for members whose
 * bound is no limit a client is told (type, command, format: words of a
 * fixed list).
 */
static const char *
bound_name(const char *key)
{
	static const struct {
		const char	*key;
		const char	*limit;
	} bounds[] = {
		{ "id",			"max_id_bytes" },
		{ "conversation",	"max_conversation_name_bytes" },
		{ "text",		"max_text_bytes" },
		{ "token",		"max_token_bytes" },
		{ "api_key",		"max_api_key_bytes" },
		{ "client",		"max_client_bytes" },
		{ "question",		"max_question_id_bytes" },
		{ "choice",		"max_choice_id_bytes" },
	};
	size_t i;

	for (i = 0; i < sizeof(bounds) / sizeof(bounds[0]); i++)
		if (strcmp(bounds[i].key, key) == 0)
			return bounds[i].limit;
	return NULL;
}

/*
 * The string member key of root, checked: present when required, a string,
 * 1 to max bytes, and (when strict) printable ASCII without spaces.  A
 * string over max names its bound in e->limit.
 */
static int
get_string(json_t *root, const char *key, int required, size_t max,
    int strict, const char **out, size_t *lenp, struct proto_error *e)
{
	json_t *v = json_object_get(root, key);
	size_t len;

	*out = NULL;
	if (v == NULL) {
		if (required)
			return perr(e, "missing_field", "'%s' is required", key);
		return 0;
	}
	if (!json_is_string(v))
		return perr(e, "invalid_field", "'%s' must be a string", key);
	len = json_string_length(v);
	if (len == 0 || len > max) {
		(void)perr(e, "invalid_field", "'%s' must be 1 to %zu bytes",
		    key, max);
		if (len > max)
			e->limit = bound_name(key);
		return -1;
	}
	if (memchr(json_string_value(v), '\0', len) != NULL)
		return perr(e, "invalid_field", "'%s' contains a NUL "
		    "character", key);
	if (strict && !printable(json_string_value(v), len))
		return perr(e, "invalid_field", "'%s' must be printable ASCII "
		    "without spaces", key);
	*out = json_string_value(v);
	if (lenp != NULL)
		*lenp = len;
	return 0;
}

/*
 * The optional "meta" object of open and say: who is speaking and where,
 * for the transcript.  Every member is optional, a string, bounded; an
 * unknown member, a wrong type or a string too long is invalid_field,
 * naming the member ("meta.user") and its bound.
 */
static int
get_meta(json_t *root, json_t **out, struct proto_error *e)
{
	static const struct {
		const char	*name;
		size_t		 max;
		int		 strict;
		const char	*limit;	/* its welcome.limits.message name */
	} members[] = {
		{ "platform",	PROTO_MAX_META_PLATFORM,	1,
		  "max_meta_platform_bytes" },
		{ "user",	PROTO_MAX_META_FIELD,		0,
		  "max_meta_field_bytes" },
		{ "name",	PROTO_MAX_META_FIELD,		0,
		  "max_meta_field_bytes" },
		{ "channel",	PROTO_MAX_META_FIELD,		0,
		  "max_meta_field_bytes" },
		{ "locale",	PROTO_MAX_META_LOCALE,		1,
		  "max_meta_locale_bytes" },
	};
	json_t *meta = json_object_get(root, "meta"), *v;
	const char *key, *s;
	size_t i, len;

	*out = NULL;
	if (meta == NULL)
		return 0;
	if (!json_is_object(meta))
		return perr(e, "invalid_field", "'meta' must be an object");
	json_object_foreach(meta, key, v) {
		for (i = 0; i < sizeof(members) / sizeof(members[0]); i++)
			if (strcmp(members[i].name, key) == 0)
				break;
		if (i == sizeof(members) / sizeof(members[0]))
			return perr(e, "invalid_field", "'meta.%.32s' is not a "
			    "field of 'meta' (platform, user, name, channel, "
			    "locale)", key);
		if (!json_is_string(v))
			return perr(e, "invalid_field", "'meta.%s' must be a "
			    "string", key);
		s = json_string_value(v);
		len = json_string_length(v);
		if (len == 0 || len > members[i].max) {
			(void)perr(e, "invalid_field", "'meta.%s' must be 1 "
			    "to %zu bytes", key, members[i].max);
			if (len > members[i].max)
				e->limit = members[i].limit;
			return -1;
		}
		if (memchr(s, '\0', len) != NULL)
			return perr(e, "invalid_field", "'meta.%s' contains a "
			    "NUL character", key);
		if (members[i].strict && !printable(s, len))
			return perr(e, "invalid_field", "'meta.%s' must be "
			    "printable ASCII without spaces", key);
	}
	*out = meta;
	return 0;
}

static int	decode_tree(const char *, size_t, struct proto_msg *,
		    struct proto_error *);

/*
 * get_string() of a flat member v (NULL: absent): 1 when it passes (or
 * is absent and not required), 0 when get_string() would refuse it.
 */
static int
flat_ok(const struct jsonflat_member *v, int required, size_t max,
    int strict)
{
	if (v == NULL)
		return !required;
	/* a flat string holds no NUL: control characters are not taken */
	return v->quoted && v->vlen >= 1 && v->vlen <= max &&
	    (!strict || printable(v->val, v->vlen));
}

/*
 * The usual turn, fast: a say, choose or command that is a flat object
 * of strings (jsonflat_scan(): no escape, so each string is its bytes in
 * buf) and passes every check decode_tree() makes, decoded without a
 * JSON tree: m->root stays NULL, and the strings are copies in m->flat.
 * 0 when it was; -1 for anything else (another type, a member it does
 * not take or of another kind, a bound passed, no memory), which
 * decode_tree() decodes or refuses, so what is refused, and how, stays
 * its own.  m is as it was given (memset, last_seq -1) when -1.
 */
static int
decode_flat(const char *buf, size_t len, struct proto_msg *m)
{
	struct jsonflat_member mem[JSONFLAT_MEMBERS];
	const struct jsonflat_member *ty = NULL, *get[6] = { NULL };
	/* the members it takes: "type", then get[]'s, with their lengths */
	static const struct { const char *name; size_t len; } names[7] = {
		{ "id", 2 }, { "conversation", 12 }, { "text", 4 },
		{ "question", 8 }, { "choice", 6 }, { "command", 7 },
		{ "type", 4 }
	};
	const char **out[6];
	char *canon, *o;
	size_t n, i, k, t, total = 0, clen;

	if (jsonflat_scan(buf, len, mem, &n, &canon, &clen) == -1)
		return -1;
	/* every member a string named above (no meta here); no repeats */
	for (i = 0; i < n; i++) {
		for (k = 0; k < 7; k++)
			if (names[k].len == mem[i].klen && memcmp(names[k].name,
			    mem[i].key, mem[i].klen) == 0)
				break;
		if (k == 7 || !mem[i].quoted)
			goto no;
		if (k == 6)
			ty = &mem[i];
		else
			get[k] = &mem[i];
	}
	if (ty == NULL)
		goto no;
	for (t = PT_SAY; t <= PT_COMMAND; t++)
		if (strlen(type_names[t]) == ty->vlen &&
		    memcmp(type_names[t], ty->val, ty->vlen) == 0)
			break;
	if (t > PT_COMMAND)
		goto no;
	/* and one its type takes */
	if ((get[2] != NULL && t != PT_SAY) || (t == PT_SAY &&
	    (get[3] != NULL || get[4] != NULL)) || (get[5] != NULL &&
	    t != PT_COMMAND))
		goto no;
	if (!flat_ok(ty, 1, 32, 1) || !flat_ok(get[0], 1, PROTO_MAX_ID, 1) ||
	    !flat_ok(get[1], 0, PROTO_MAX_CONV, 1))
		goto no;
	switch (t) {
	case PT_SAY:
		if (!flat_ok(get[2], 1, PROTO_MAX_TEXT, 0))
			goto no;
		break;
	case PT_CHOOSE:
		if (!flat_ok(get[3], 1, PROTO_MAX_QID, 1) ||
		    !flat_ok(get[4], 1, PROTO_MAX_QID, 1))
			goto no;
		break;
	default:
		if (!flat_ok(get[5], 1, 32, 1) ||
		    !flat_ok(get[3], 0, PROTO_MAX_QID, 1) ||
		    !flat_ok(get[4], 0, PROTO_MAX_QID, 1))
			goto no;
		/* decode_tree()'s checks of a command, on its bytes */
		if (get[5]->vlen == 7 && memcmp(get[5]->val, "what_if", 7) ==
		    0 && (get[3] == NULL || get[4] == NULL))
			goto no;
		if (get[5]->vlen == 6 && memcmp(get[5]->val, "change", 6) ==
		    0 && get[3] == NULL)
			goto no;
		break;
	}
	for (k = 0; k < 6; k++)
		total += get[k] != NULL ? get[k]->vlen + 1 : 0;
	if ((o = m->flat = malloc(total)) == NULL)
		goto no;
	out[0] = &m->id;
	out[1] = &m->conversation;
	out[2] = &m->text;
	out[3] = &m->question;
	out[4] = &m->choice;
	out[5] = &m->command;
	for (k = 0; k < 6; k++) {
		if (get[k] == NULL)
			continue;
		memcpy(o, get[k]->val, get[k]->vlen);
		o[get[k]->vlen] = '\0';
		*out[k] = o;
		o += get[k]->vlen + 1;
	}
	if (t == PT_COMMAND && ((i = (size_t)kb_command_find(m->command)) ==
	    (size_t)-1 || !kb_command_on_wire((enum kb_command)i))) {
		free(m->flat);
		memset(m, 0, sizeof(*m));
		m->last_seq = -1;
		goto no;
	}
	if (t == PT_SAY)
		m->text_len = get[2]->vlen;
	m->type = (enum proto_type)t;
	m->canon = canon;
	m->canon_len = clen;
	return 0;
no:
	free(canon);
	return -1;
}

/*
 * Decode one client message of len bytes (not NUL-terminated, as lws hands
 * it over).  Returns 0 with *m filled, or -1 with *e set; m->id is filled
 * whenever the message had a usable id, so that even an error can name the
 * message it answers.
 */
int
proto_decode(const char *buf, size_t len, struct proto_msg *m,
    struct proto_error *e)
{
	memset(m, 0, sizeof(*m));
	m->last_seq = -1;
	e->limit = NULL;
	if (decode_flat(buf, len, m) == 0)
		return 0;
	return decode_tree(buf, len, m, e);
}

/* proto_decode() without its fast path (decode_flat()): for the tests. */
int
proto_decode_tree(const char *buf, size_t len, struct proto_msg *m,
    struct proto_error *e)
{
	memset(m, 0, sizeof(*m));
	m->last_seq = -1;
	e->limit = NULL;
	return decode_tree(buf, len, m, e);
}

/* proto_decode() by way of the JSON tree (m->root): every message. */
static int
decode_tree(const char *buf, size_t len, struct proto_msg *m,
    struct proto_error *e)
{
	json_error_t jerr;
	const char *type, *key;
	json_t *v;
	size_t i, t;

	/* the usual flat message fast; anything else, and every error, is
	 * jansson's (json_loadb takes a length: lws buffers are not
	 * terminated) */
	if ((m->root = jsonflat_load(buf, len, &m->canon,
	    &m->canon_len)) == NULL)
		m->root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (m->root == NULL && strstr(jerr.text, "JSON_ALLOW_NUL") != NULL)
		/* jansson names its flag: say what the sender can change */
		return perr(e, "bad_json", "invalid JSON at byte %d: a string "
		    "holds \\u0000 (a NUL character), which no field accepts",
		    jerr.position);
	if (m->root == NULL &&
	    json_error_code(&jerr) == json_error_stack_overflow) {
		/* jansson says "maximum parsing depth reached": name it */
		(void)perr(e, "bad_json", "invalid JSON at byte %d: nested "
		    "deeper than %d levels (max_json_depth)", jerr.position,
		    PROTO_MAX_DEPTH);
		e->limit = "max_json_depth";
		return -1;
	}
	if (m->root == NULL)
		return perr(e, "bad_json", "invalid JSON at byte %d: %s",
		    jerr.position, jerr.text);
	if (!json_is_object(m->root))
		return perr(e, "not_object", "a message is a JSON object");
	/* the id first, so errors can refer to the message */
	v = json_object_get(m->root, "id");
	if (json_is_string(v) && json_string_length(v) >= 1 &&
	    json_string_length(v) <= PROTO_MAX_ID &&
	    printable(json_string_value(v), json_string_length(v)))
		m->id = json_string_value(v);
	if (get_string(m->root, "type", 1, 32, 1, &type, NULL, e) == -1)
		return -1;
	for (t = 0; t < PT_NTYPES; t++)
		if (strcmp(type_names[t], type) == 0)
			break;
	if (t == PT_NTYPES)
		return perr(e, "unknown_type", "unknown message type '%s'",
		    type);
	m->type = (enum proto_type)t;
	if (v == NULL)
		return perr(e, "missing_field", "'id' is required");
	if (m->id == NULL) {
		(void)perr(e, "invalid_field", "'id' must be 1 to %d printable "
		    "ASCII characters", PROTO_MAX_ID);
		if (json_is_string(v) && json_string_length(v) > PROTO_MAX_ID)
			e->limit = "max_id_bytes";
		return -1;
	}
	json_object_foreach(m->root, key, v) {
		if (strcmp(key, "type") == 0 || strcmp(key, "id") == 0)
			continue;
		for (i = 0; fields[t][i] != NULL; i++)
			if (strcmp(fields[t][i], key) == 0)
				break;
		if (fields[t][i] == NULL)
			return perr(e, "invalid_field", "'%s' is not a field of "
			    "'%s'", key, type);
	}
	if (get_string(m->root, "conversation", m->type == PT_OPEN ||
	    m->type == PT_RESUME, PROTO_MAX_CONV, 1, &m->conversation, NULL,
	    e) == -1)
		return -1;

	switch (m->type) {
	case PT_HELLO:
		if (get_string(m->root, "protocol", 0, 32, 1, &m->protocol,
		    NULL, e) == -1 ||
		    get_string(m->root, "api_key", 0, PROTO_MAX_KEY, 1,
		    &m->api_key, NULL, e) == -1 ||
		    get_string(m->root, "client", 0, PROTO_MAX_CLIENT, 0, &m->client, NULL,
		    e) == -1)
			return -1;
		/* "start": false: a browser hello that starts no conversation */
		if ((v = json_object_get(m->root, "start")) != NULL) {
			if (!json_is_boolean(v))
				return perr(e, "invalid_field", "'start' must "
				    "be true or false");
			m->no_start = json_is_false(v);
		}
		if ((v = json_object_get(m->root, "resume")) != NULL) {
			json_t *ls;

			if (!json_is_object(v))
				return perr(e, "invalid_field", "'resume' must "
				    "be an object");
			json_object_foreach(v, key, ls)
				if (strcmp(key, "conversation") != 0 &&
				    strcmp(key, "token") != 0 &&
				    strcmp(key, "last_seq") != 0)
					return perr(e, "invalid_field", "'%s' is "
					    "not a field of 'resume'", key);
			if (get_string(v, "conversation", 1, PROTO_MAX_CONV, 1,
			    &m->conversation, NULL, e) == -1 ||
			    get_string(v, "token", 1, PROTO_MAX_TOKEN, 1,
			    &m->token, NULL, e) == -1)
				return -1;
			ls = json_object_get(v, "last_seq");
			if (ls != NULL && (!json_is_integer(ls) ||
			    json_integer_value(ls) < 0))
				return perr(e, "invalid_field", "'last_seq' "
				    "must be an integer of 0 or more");
			m->last_seq = ls ? (long long)json_integer_value(ls) : 0;
		}
		break;
	case PT_OPEN:
		if (get_meta(m->root, &m->meta, e) == -1)
			return -1;
		break;
	case PT_END:
		break;
	case PT_RESUME:
		/* optional: the API key owning the name may go without it */
		if (get_string(m->root, "token", 0, PROTO_MAX_TOKEN, 1,
		    &m->token, NULL, e) == -1)
			return -1;
		v = json_object_get(m->root, "last_seq");
		if (v != NULL && (!json_is_integer(v) ||
		    json_integer_value(v) < 0))
			return perr(e, "invalid_field", "'last_seq' must be an "
			    "integer of 0 or more");
		m->last_seq = v ? (long long)json_integer_value(v) : 0;
		break;
	case PT_SAY:
		if (get_string(m->root, "text", 1, PROTO_MAX_TEXT, 0, &m->text,
		    &m->text_len, e) == -1 ||
		    get_meta(m->root, &m->meta, e) == -1)
			return -1;
		break;
	case PT_CHOOSE:
		if (get_string(m->root, "question", 1, PROTO_MAX_QID, 1, &m->question,
		    NULL, e) == -1 ||
		    get_string(m->root, "choice", 1, PROTO_MAX_QID, 1, &m->choice, NULL,
		    e) == -1)
			return -1;
		break;
	case PT_COMMAND:
		if (get_string(m->root, "command", 1, 32, 1, &m->command, NULL,
		    e) == -1 ||
		    get_string(m->root, "question", 0, PROTO_MAX_QID, 1, &m->question,
		    NULL, e) == -1 ||
		    get_string(m->root, "choice", 0, PROTO_MAX_QID, 1, &m->choice, NULL,
		    e) == -1)
			return -1;
		/* kb_phrases.c names the commands, once for every layer */
		i = (size_t)kb_command_find(m->command);
		if (i == (size_t)-1 || !kb_command_on_wire((enum kb_command)i))
			return perr(e, "invalid_field", "unknown command '%s'",
			    m->command);
		if (strcmp(m->command, "what_if") == 0 &&
		    (m->question == NULL || m->choice == NULL))
			return perr(e, "missing_field", "'what_if' needs "
			    "'question' and 'choice'");
		if (strcmp(m->command, "change") == 0 && m->question == NULL)
			return perr(e, "missing_field", "'change' needs "
			    "'question'");
		break;
	case PT_TRANSCRIPT:
		if (get_string(m->root, "format", 0, 16, 1, &m->format, NULL,
		    e) == -1 ||
		    /* the final transcript of a conversation that is gone */
		    get_string(m->root, "token", 0, PROTO_MAX_TOKEN, 1,
		    &m->token, NULL, e) == -1)
			return -1;
		if (m->format != NULL && strcmp(m->format, "json") != 0 &&
		    strcmp(m->format, "markdown") != 0)
			return perr(e, "invalid_field", "'format' must be "
			    "'json' or 'markdown'");
		break;
	case PT_NTYPES:
		break;
	}
	return 0;
}

void
proto_msg_free(struct proto_msg *m)
{
	if (m->root != NULL)
		json_decref(m->root);
	free(m->canon);
	free(m->flat);
	memset(m, 0, sizeof(*m));
}

/* {"type":"error","code":...,"message":...} with re/conversation if set. */
json_t *
proto_error_json(const char *code, const char *message, const char *re,
    const char *conversation)
{
	json_t *j = json_pack("{s:s, s:s, s:s}", "type", "error", "code", code,
	    "message", message);

	if (j == NULL)
		return NULL;
	if (re != NULL)
		(void)json_object_set_new(j, "re", json_string(re));
	if (conversation != NULL)
		(void)json_object_set_new(j, "conversation",
		    json_string(conversation));
	return j;
}

/*
 * Serialize a server message: compact, keys in a stable order, real
 * numbers as short as they can be (jsonenc.c: json_dumps() with
 * JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(10), byte for byte).
 * Returns malloc'd text.
 */
char *
proto_encode(const json_t *j, size_t *lenp)
{
	return jsonenc(j, lenp);
}
