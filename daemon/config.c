/* SPDX-License-Identifier: ISC */
/*
 * config.c: settings, from defaults, a configuration file and flags.
 *
 * Every setting is one row of settings[] below: its name in the file, its
 * type, its bounds and its default.  The same row makes the flag
 * --name-with-dashes, so each setting can be given on the command line too.
 * Precedence: defaults, then the file, then flags; a list setting given as
 * a flag replaces the file's list.
 *
 * The file is INI syntax read with inih (Debian's libinih): "name = value"
 * lines, '#' or ';' comments, no sections.  Every error is collected as
 * "file:line: message" so that one run of `advisord -n` shows them all.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/stat.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include <ini.h>
#include <libpq-fe.h>
#include <sodium.h>

#include "advisord.h"

enum conf_kind {
	CK_LISTEN,	/* ADDR:PORT, repeatable */
	CK_PATH,	/* file or directory name */
	CK_LONG,	/* integer within [min, max] */
	CK_LOGLEVEL,	/* error | warning | info | debug */
	CK_SYNC,	/* turn | end | off */
	CK_ORIGIN,	/* http(s)://host[:port], repeatable */
	CK_APIKEY,	/* name:secret, repeatable */
	CK_LISTEN1,	/* one ADDR:PORT, optional */
	CK_CIDRS,	/* addresses and CIDRs, checked by proxy.c */
	CK_HOST,	/* host name, repeatable */
	CK_SECRET,	/* printable, no spaces, 8 to 1023 bytes */
	CK_HEXKEY,	/* 64 hexadecimal digits: an Ed25519 public key */
	CK_URL		/* http(s)://host[:port][/path], no trailing '/' */
};

struct conf_setting {
	const char	*name;
	enum conf_kind	 kind;
	size_t		 offset;
	long		 min, max;
	const char	*def;		/* NULL: no default */
	const char	*help;
};

#define OFF(f)	offsetof(struct config, f)

static const struct conf_setting settings[] = {
	{ "listen", CK_LISTEN, OFF(listen), 0, 0, "127.0.0.1:8080",
	    "address to listen on, ADDR:PORT or [IPV6]:PORT; repeatable" },
	{ "tls_cert", CK_PATH, OFF(tls_cert), 0, 0, NULL,
	    "TLS certificate (PEM); serve https and wss when set" },
	{ "tls_key", CK_PATH, OFF(tls_key), 0, 0, NULL,
	    "TLS private key (PEM)" },
	{ "allowed_origin", CK_ORIGIN, OFF(origins), 0, 0, NULL,
	    "browser Origin allowed besides the daemon's own; repeatable" },
	{ "allowed_host", CK_HOST, OFF(hosts), 0, 0, NULL,
	    "Host name served besides localhost, the listen addresses and "
	    "the allowed origins' hosts (DNS rebinding); '*' allows any; "
	    "repeatable" },
	{ "api_key", CK_APIKEY, OFF(api_keys), 0, 0, NULL,
	    "NAME:SECRET for an integration; repeatable" },
	{ "kb_dir", CK_PATH, OFF(kb_dir), 0, 0, NULL,
	    "knowledge base directory (default: the article's)" },
	{ "web_root", CK_PATH, OFF(web_root), 0, 0, NULL,
	    "directory served at / (default: the bundled web client)" },
	{ "state_dir", CK_PATH, OFF(state_dir), 0, 0, NULL,
	    "where transcripts and the generated key live (default: "
	    "$STATE_DIRECTORY, else build/state in the build tree, else "
	    "/var/lib/advisord)" },
	{ "signing_key", CK_PATH, OFF(signing_key), 0, 0, NULL,
	    "minisign secret key file signing transcripts" },
	{ "log_level", CK_LOGLEVEL, OFF(log_level), 0, 0, "info",
	    "error, warning, info or debug" },
	{ "sync", CK_SYNC, OFF(sync_mode), 0, 0, "turn",
	    "transcript durability: turn, end or off" },
	{ "max_message_bytes", CK_LONG, OFF(max_message_bytes),
	    256, 16 * 1024 * 1024, "65536",
	    "largest client message accepted" },
	{ "max_conversations_per_connection", CK_LONG,
	    OFF(max_conversations_per_connection), 1, 100000, "64",
	    "conversations one integration connection may hold" },
	{ "max_connections_per_ip", CK_LONG, OFF(max_connections_per_ip),
	    1, 1000000, "100", "simultaneous connections from one address" },
	{ "max_connections", CK_LONG, OFF(max_connections), 1, 1000000,
	    "20000", "simultaneous connections in all" },
	{ "max_conversations", CK_LONG, OFF(max_conversations), 1, 10000000,
	    "100000", "conversations held in memory in all" },
	{ "max_webhook_conversations", CK_LONG,
	    OFF(max_webhook_conversations), 0, 10000000, "0",
	    "conversations the chat-platform webhooks may hold together, so "
	    "WebSocket users keep room; 0: half of max_conversations" },
	{ "rate_connection", CK_LONG, OFF(rate_connection), 1, 1000000, "50",
	    "messages per second one connection may send, sustained" },
	{ "rate_connection_burst", CK_LONG, OFF(rate_connection_burst),
	    1, 1000000, "100", "messages one connection may send at once" },
	{ "rate_conversation", CK_LONG, OFF(rate_conversation), 1, 1000000,
	    "10", "messages per second in one conversation, sustained" },
	{ "rate_conversation_burst", CK_LONG, OFF(rate_conversation_burst),
	    1, 1000000, "30", "messages one conversation may send at once" },
	{ "rate_resume", CK_LONG, OFF(rate_resume), 1, 1000000, "1",
	    "resumes of one conversation per second, sustained (not counted "
	    "in rate_conversation)" },
	{ "rate_resume_burst", CK_LONG, OFF(rate_resume_burst), 1, 1000000,
	    "10", "resumes of one conversation at once" },
	{ "rate_replay_bytes", CK_LONG, OFF(rate_replay_bytes), 1024,
	    1L << 40, "131072", "bytes of replay per second that resumes of "
	    "one conversation may send, sustained" },
	{ "rate_replay_bytes_burst", CK_LONG, OFF(rate_replay_bytes_burst),
	    REPLAY_MAX_BYTES, 1L << 40, "2097152", "bytes of replay resumes "
	    "of one conversation may send at once (at least one full replay, "
	    "524288)" },
	{ "rate_replay_bytes_per_ip", CK_LONG, OFF(rate_replay_bytes_per_ip),
	    1024, 1L << 40, "524288", "bytes of replay per second that "
	    "resumes by browsers at one address may send, all conversations "
	    "together, sustained" },
	{ "rate_replay_bytes_per_ip_burst", CK_LONG,
	    OFF(rate_replay_bytes_per_ip_burst), REPLAY_MAX_BYTES, 1L << 40,
	    "8388608", "bytes of replay resumes by browsers at one address may "
	    "send at once, all conversations together (at least one full "
	    "replay, 524288)" },
	{ "max_output_bytes", CK_LONG, OFF(max_output_bytes),
	    4096, 1024L * 1024 * 1024, "1048576",
	    "output queued for a slow reader before it is dropped" },
	{ "handshake_timeout", CK_LONG, OFF(handshake_timeout), 1, 3600, "10",
	    "seconds a client has to complete its HTTP request" },
	{ "ping_interval", CK_LONG, OFF(ping_interval), 1, 86400, "30",
	    "seconds of silence before a ping; no pong within a third more "
	    "(at least 2 s) closes" },
	{ "idle_timeout", CK_LONG, OFF(idle_timeout), 1, 30L * 86400, "1800",
	    "seconds a conversation may stay idle (attached or waiting for "
	    "resume) before it is closed" },
	{ "replay_messages", CK_LONG, OFF(replay_messages), 1, 100000, "256",
	    "server messages kept per conversation for resume" },
	{ "retention_days", CK_LONG, OFF(retention_days), 0, 36500, "90",
	    "delete transcripts older than this many days (checked at start "
	    "and hourly); 0 keeps all, bounded by max_state_bytes only" },
	{ "max_conversations_per_ip", CK_LONG, OFF(max_conversations_per_ip),
	    1, 10000000, "100", "conversations browsers at one address may "
	    "hold, attached or waiting for resume (API keys are not counted)" },
	{ "unheard_timeout", CK_LONG, OFF(unheard_timeout), 1, 86400, "60",
	    "seconds a conversation that never got a user message may wait "
	    "for resume; such conversations are not recovered at start" },
	{ "max_replay_bytes", CK_LONG, OFF(max_replay_bytes), 1048576,
	    1L << 40, "268435456", "replay kept for resume and output queued "
	    "for clients, all together; over it (checked every second) the "
	    "clients that do not read are dropped first when the waiting "
	    "conversations' replay cannot cover the overrun, then the "
	    "connected conversations' replay is trimmed to their latest "
	    "answer, then the longest idle waiting conversations are closed "
	    "only when their replay covers what is still over, then "
	    "non-readers again" },
	{ "max_state_bytes", CK_LONG, OFF(max_state_bytes), 1048576,
	    1L << 50, "1073741824", "disk the state directory may take "
	    "(transcripts, journal), at least 1 MiB; at it new "
	    "conversations are refused" },
	{ "max_state_bytes_per_ip", CK_LONG, OFF(max_state_bytes_per_ip), 0,
	    1L << 50, "0", "transcript bytes the open browser conversations "
	    "of one address may write; 0: a quarter of max_state_bytes" },
	{ "metrics_listen", CK_LISTEN1, OFF(metrics_listen), 0, 0, NULL,
	    "serve /metrics here instead of on listen (404 there), and "
	    "/healthz here as well as there; /readyz stays on listen only; "
	    "ADDR:PORT" },
	{ "store", CK_PATH, OFF(store), 0, 0, NULL,
	    "PostgreSQL connection string (libpq) for a journal shared by "
	    "several instances; unset: the local journal in state_dir" },
	{ "store_lease", CK_LONG, OFF(store_lease), 2, 3600, "15",
	    "seconds an instance holds a conversation in the shared store "
	    "without renewing it (renewed every third of it)" },
	{ "trusted_proxies", CK_CIDRS, OFF(trusted_proxies), 0, 0, NULL,
	    "proxies whose X-Forwarded-For/Forwarded are believed: "
	    "addresses or CIDRs" },
	/* issue 15: chat platforms and the HTTP channel, each off unless
	 * configured (webhook_*.c, httpapi.c) */
	{ "http_api", CK_LONG, OFF(http_api), 0, 1, "0",
	    "1 serves POST /api/v1/conversations/NAME/messages to API keys" },
	{ "slack_signing_secret", CK_SECRET, OFF(slack_signing_secret), 0, 0,
	    NULL, "Slack app's signing secret; serves /webhooks/slack/*" },
	{ "slack_bot_token", CK_SECRET, OFF(slack_bot_token), 0, 0, NULL,
	    "Slack app's bot token (xoxb-...); with slack_signing_secret, "
	    "direct messages and @mentions are answered (chat.postMessage)" },
	{ "slack_api_url", CK_URL, OFF(slack_api_url), 0, 0, NULL,
	    "Slack's Web API (default " SLACK_API_URL "); for tests and "
	    "proxies" },
	{ "mattermost_token", CK_SECRET, OFF(mattermost_token), 0, 0, NULL,
	    "Mattermost slash command or outgoing webhook tokens, "
	    "comma-separated; serves /webhooks/mattermost" },
	{ "discord_public_key", CK_HEXKEY, OFF(discord_public_key), 0, 0,
	    NULL, "Discord application's public key (64 hex); serves "
	    "/webhooks/discord" },
};

#define NSETTINGS	(sizeof(settings) / sizeof(settings[0]))

static const char *sync_names[] = { "turn", "end", "off" };

_Static_assert(NSETTINGS <= CONF_MAX_SETTINGS, "CONF_MAX_SETTINGS too small");

/*
 * The settings a reload (SIGHUP) does not change: the running values are
 * kept until a restart (server.c's server_restart_only compares them).
 */
static const char *const restart_only[] = {
	"listen", "metrics_listen", "tls_cert", "tls_key", "state_dir",
	"web_root", "signing_key", "sync",
};

/* Where a value came from, for error messages. */
struct conf_ctx {
	struct config	*conf;
	struct errlist	*errs;
	const char	*file;		/* "command line" for flags */
	int		 line;
	int		 flag;		/* a command-line option */
	int		 record;	/* keep where each setting was set */
	FILE		*fp;
	unsigned char	 seen[NSETTINGS];	/* set by this source */
	int		 syntax_error;
};

static const struct conf_setting *
setting_find(const char *name)
{
	char key[64];
	size_t i;

	/* Flags spell names with dashes, the file with underscores. */
	for (i = 0; name[i] != '\0' && i < sizeof(key) - 1; i++)
		key[i] = name[i] == '-' ? '_' : name[i];
	key[i] = '\0';
	if (name[i] != '\0')
		return NULL;
	for (i = 0; i < NSETTINGS; i++)
		if (strcmp(settings[i].name, key) == 0)
			return &settings[i];
	return NULL;
}

int
config_setting_exists(const char *name)
{
	return setting_find(name) != NULL;
}

int
config_setting_takes_value(const char *name)
{
	return setting_find(name) != NULL;
}

const char *
config_sync_name(int mode)
{
	if (mode < 0 || mode > SYNC_OFF)
		return "unknown";
	return sync_names[mode];
}

/*
 * Parse "ADDR:PORT", "[ADDR]:PORT" or ":PORT" (all IPv4 interfaces) into
 * la.  Only numeric addresses are accepted: a name would need a resolver
 * and could change meaning behind the operator's back.
 */
int
config_parse_listen(const char *s, struct listen_addr *la)
{
	const char *host, *colon;
	size_t hlen;
	char *end;
	long port;

	memset(la, 0, sizeof(*la));
	if (s[0] == '[') {
		const char *rb = strchr(s, ']');

		if (rb == NULL || rb[1] != ':')
			return -1;
		host = s + 1;
		hlen = (size_t)(rb - host);
		colon = rb + 1;
		la->la_ipv6 = 1;
	} else {
		colon = strrchr(s, ':');
		if (colon == NULL)
			return -1;
		host = s;
		hlen = (size_t)(colon - s);
		if (memchr(host, ':', hlen) != NULL)
			return -1;	/* bare IPv6 needs brackets */
	}
	if (hlen >= sizeof(la->la_host))
		return -1;
	memcpy(la->la_host, host, hlen);
	la->la_host[hlen] = '\0';
	if (hlen == 0)
		(void)strcpy(la->la_host, la->la_ipv6 ? "::" : "0.0.0.0");
	errno = 0;
	port = strtol(colon + 1, &end, 10);
	if (colon[1] == '\0' || *end != '\0' || errno != 0 || port < 0 ||
	    port > 65535)
		return -1;
	la->la_port = (int)port;

	/* The address must be numeric and of the family it claims. */
	{
		size_t i;
		int dots = 0;

		for (i = 0; la->la_host[i] != '\0'; i++) {
			char c = la->la_host[i];

			if (la->la_ipv6) {
				if (!isxdigit((unsigned char)c) && c != ':' &&
				    c != '.')
					return -1;
			} else {
				if (c == '.')
					dots++;
				else if (!isdigit((unsigned char)c))
					return -1;
			}
		}
		if (!la->la_ipv6 && dots != 3)
			return -1;
	}
	/* and an address at all: 999.1.1.1 is not one */
	{
		unsigned char buf[sizeof(struct in6_addr)];

		if (inet_pton(la->la_ipv6 ? AF_INET6 : AF_INET, la->la_host,
		    buf) != 1)
			return -1;
	}
	return 0;
}

static int
origin_valid(const char *s)
{
	const char *p;

	if (strncmp(s, "http://", 7) == 0)
		p = s + 7;
	else if (strncmp(s, "https://", 8) == 0)
		p = s + 8;
	else
		return 0;
	if (*p == '\0' || strlen(s) > 255)
		return 0;
	for (; *p != '\0'; p++)
		if (*p == '/' || *p == '?' || *p == '#' || *p == ' ' ||
		    (unsigned char)*p < 0x21 || (unsigned char)*p > 0x7e)
			return 0;
	return 1;
}

static int
parse_long(const char *s, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0)
		return -1;
	*out = v;
	return 0;
}

/*
 * s made safe to print on the operator's terminal, into out (outlen
 * bytes, always terminated, cut if it does not fit): a byte that is not
 * printable ASCII (a control byte, DEL, any byte of 0x80 and over) is
 * written \xNN, so an ESC sequence in a file is shown, not obeyed, and
 * 'o\x01ff' does not read 'off'.  Returns out.
 */
static char *
conf_escape(const char *s, char *out, size_t outlen)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t o = 0;

	for (; *p != '\0'; p++) {
		if (*p >= 0x20 && *p < 0x7f) {
			if (o + 1 >= outlen)
				break;
			out[o++] = (char)*p;
		} else {
			if (o + 4 >= outlen)
				break;
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[*p >> 4];
			out[o++] = hex[*p & 0xf];
		}
	}
	out[o] = '\0';
	return out;
}

/*
 * A configuration error: fmt with name and detail (a value from the file
 * or the command line among them), escaped (conf_escape), after where.
 */
static void
conf_error(struct conf_ctx *cx, const char *fmt, const char *name,
    const char *detail)
{
	char msg[512], esc[4 * sizeof(msg)], file[1024];

	(void)snprintf(msg, sizeof(msg), fmt, name, detail);
	(void)conf_escape(msg, esc, sizeof(esc));
	(void)conf_escape(cx->file, file, sizeof(file));
	if (cx->line > 0)
		errlist_add(cx->errs, "%s:%d: %s", file, cx->line, esc);
	else
		errlist_add(cx->errs, "%s: %s", file, esc);
}

/*
 * A store string libpq cannot parse is a configuration error here, with
 * the file and line (libpq parses it without connecting).  Values libpq
 * refuses only at connect (sslmode=bogus) are found at start (pgstore.c).
 */
static int
config_check_conninfo(struct conf_ctx *cx, const char *value)
{
	PQconninfoOption *o;
	char *err = NULL, why[300];

	if ((o = PQconninfoParse(value, &err)) != NULL) {
		PQconninfoFree(o);
		return 0;
	}
	(void)snprintf(why, sizeof(why), "%s", err != NULL ? err :
	    "out of memory");
	why[strcspn(why, "\n")] = '\0';
	PQfreemem(err);
	conf_error(cx, "'%s': not a PostgreSQL connection string: %s",
	    "store", why);
	return -1;
}

/*
 * Store one value for setting st, or add an error naming it.  A repeatable
 * setting is cleared the first time a source sets it, so that flags replace
 * the file's list and the file replaces the default.  A single-valued
 * setting given twice by one source is an error.
 */
static void
setting_apply1(struct conf_ctx *cx, const struct conf_setting *st,
    const char *value)
{
	struct config *c = cx->conf;
	size_t idx = (size_t)(st - settings);
	char *base = (char *)c;
	int first = !cx->seen[idx];
	long v;
	int n;

	if (!first && st->kind != CK_LISTEN && st->kind != CK_ORIGIN &&
	    st->kind != CK_APIKEY && st->kind != CK_CIDRS &&
	    st->kind != CK_HOST) {
		conf_error(cx, "'%s': given twice%s", st->name, "");
		return;
	}
	switch (st->kind) {
	case CK_LISTEN:
		if (first)
			c->nlisten = 0;
		if (c->nlisten >= CONF_MAX_LISTEN) {
			conf_error(cx, "'%s': more than %s addresses", st->name,
			    "16");
			return;
		}
		if (config_parse_listen(value, &c->listen[c->nlisten]) == -1) {
			conf_error(cx, "'%s': invalid address '%s' "
			    "(want ADDR:PORT or [IPV6]:PORT)", st->name, value);
			return;
		}
		c->nlisten++;
		break;
	case CK_PATH: {
		char **slot = (char **)(void *)(base + st->offset);

		if (*value == '\0') {
			conf_error(cx, "'%s': empty path%s", st->name, "");
			return;
		}
		if (strcmp(st->name, "store") == 0 &&
		    config_check_conninfo(cx, value) == -1)
			return;
		free(*slot);
		if ((*slot = strdup(value)) == NULL)
			fatal("strdup");
		break;
	}
	case CK_SECRET:
	case CK_HEXKEY: {
		char **slot = (char **)(void *)(base + st->offset);
		size_t i, len = strlen(value);

		for (i = 0; i < len; i++)
			if ((unsigned char)value[i] < 0x21 ||
			    (unsigned char)value[i] > 0x7e ||
			    (st->kind == CK_HEXKEY &&
			    !isxdigit((unsigned char)value[i])))
				break;
		if (st->kind == CK_HEXKEY && (i < len || len != 64)) {
			conf_error(cx, "'%s': want 64 hexadecimal digits%s",
			    st->name, "");
			return;
		}
		if (i < len || len < 8 || len > 1023) {
			conf_error(cx, "'%s': want 8 to 1023 printable bytes "
			    "without spaces%s", st->name, "");
			return;
		}
		free(*slot);
		if ((*slot = strdup(value)) == NULL)
			fatal("strdup");
		break;
	}
	case CK_URL: {
		char **slot = (char **)(void *)(base + st->offset);
		size_t i, len = strlen(value), h;

		h = strncmp(value, "https://", 8) == 0 ? 8 :
		    strncmp(value, "http://", 7) == 0 ? 7 : 0;
		for (i = 0; i < len; i++)
			if ((unsigned char)value[i] < 0x21 ||
			    (unsigned char)value[i] > 0x7e)
				break;
		if (h == 0 || i < len || len > 1023 || value[h] == '\0' ||
		    value[h] == '/') {
			conf_error(cx, "'%s': invalid URL '%s' (want "
			    "https://host[:port][/path], printable, at most "
			    "1023 bytes)", st->name, value);
			return;
		}
		free(*slot);
		if ((*slot = strdup(value)) == NULL)
			fatal("strdup");
		/* ".../api/" and ".../api" name the same base */
		while ((len = strlen(*slot)) > h + 1 && (*slot)[len - 1] == '/')
			(*slot)[len - 1] = '\0';
		break;
	}
	case CK_LONG:
		if (parse_long(value, &v) == -1 && st->min == 0 &&
		    st->max == 1) {
			conf_error(cx, "'%s': not 0 or 1: '%s' (1 turns it "
			    "on, 0 off)", st->name, value);
			return;
		}
		if (parse_long(value, &v) == -1) {
			conf_error(cx, "'%s': not a number: '%s'", st->name,
			    value);
			return;
		}
		if (v < st->min || v > st->max) {
			char range[96];

			(void)snprintf(range, sizeof(range),
			    "%ld out of range %ld..%ld", v, st->min, st->max);
			conf_error(cx, "'%s': %s", st->name, range);
			return;
		}
		*(long *)(void *)(base + st->offset) = v;
		break;
	case CK_LOGLEVEL:
		if ((n = log_level_parse(value)) == -1) {
			conf_error(cx, "'%s': unknown level '%s' (want error, "
			    "warning, info or debug)", st->name, value);
			return;
		}
		c->log_level = n;
		break;
	case CK_SYNC:
		for (n = 0; n <= SYNC_OFF; n++)
			if (strcasecmp(value, sync_names[n]) == 0)
				break;
		if (n > SYNC_OFF) {
			conf_error(cx, "'%s': unknown mode '%s' (want turn, "
			    "end or off)", st->name, value);
			return;
		}
		c->sync_mode = n;
		break;
	case CK_ORIGIN:
		if (first) {
			while (c->norigins > 0)
				free(c->origins[--c->norigins]);
		}
		if (!origin_valid(value)) {
			conf_error(cx, "'%s': invalid origin '%s' (want "
			    "http://host[:port] or https://host[:port])",
			    st->name, value);
			return;
		}
		if (c->norigins >= CONF_MAX_ORIGINS) {
			conf_error(cx, "'%s': more than %s origins", st->name,
			    "32");
			return;
		}
		if ((c->origins[c->norigins] = strdup(value)) == NULL)
			fatal("strdup");
		c->norigins++;
		break;
	case CK_HOST:
		if (first) {
			while (c->nhosts > 0)
				free(c->hosts[--c->nhosts]);
		}
		if (*value == '\0' || strlen(value) > 253 ||
		    strspn(value, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-*:[]") !=
		    strlen(value)) {
			conf_error(cx, "'%s': invalid host name '%s' (want a "
			    "name such as chat.example.org, no port)",
			    st->name, value);
			return;
		}
		if (c->nhosts >= CONF_MAX_ORIGINS) {
			conf_error(cx, "'%s': more than %s host names",
			    st->name, "32");
			return;
		}
		if ((c->hosts[c->nhosts] = strdup(value)) == NULL)
			fatal("strdup");
		c->nhosts++;
		break;
	case CK_LISTEN1:
		if (config_parse_listen(value, &c->metrics_listen) == -1) {
			conf_error(cx, "'%s': invalid address '%s' "
			    "(want ADDR:PORT or [IPV6]:PORT)", st->name, value);
			return;
		}
		c->has_metrics_listen = 1;
		break;
	case CK_CIDRS: {
		char why[128], *all;

		/* repeatable: a config line holds only a dozen addresses */
		if (proxy_parse(value, NULL, why, sizeof(why)) == -1) {
			conf_error(cx, "'%s': %s", st->name, why);
			return;
		}
		if (first || c->trusted_proxies == NULL)
			all = strdup(value);
		else if (asprintf(&all, "%s, %s", c->trusted_proxies,
		    value) == -1)
			all = NULL;
		if (all == NULL)
			fatal("strdup");
		if (proxy_parse(all, NULL, why, sizeof(why)) == -1) {
			conf_error(cx, "'%s': %s", st->name, why);
			free(all);
			return;
		}
		free(c->trusted_proxies);
		c->trusted_proxies = all;
		break;
	}
	case CK_APIKEY: {
		const char *colon = strchr(value, ':');
		struct api_key *ak;
		size_t nlen, i;

		if (first)
			c->napi_keys = 0;
		if (c->napi_keys >= CONF_MAX_API_KEYS) {
			conf_error(cx, "'%s': more than %s keys", st->name, "64");
			return;
		}
		if (colon == NULL || colon == value) {
			conf_error(cx, "'%s': want NAME:SECRET%s", st->name, "");
			return;
		}
		nlen = (size_t)(colon - value);
		if (nlen >= sizeof(ak->ak_name)) {
			conf_error(cx, "'%s': key name longer than %s bytes",
			    st->name, "63");
			return;
		}
		if (strlen(colon + 1) < 16 ||
		    strlen(colon + 1) >= sizeof(ak->ak_secret)) {
			conf_error(cx, "'%s': secret must be 16 to %s bytes",
			    st->name, "159");
			return;
		}
		for (i = 0; value[i] != '\0'; i++)
			if ((unsigned char)value[i] < 0x21 ||
			    (unsigned char)value[i] > 0x7e) {
				conf_error(cx, "'%s': key contains a space or "
				    "control character%s", st->name, "");
				return;
			}
		/* a conversation's key is "OWNER/NAME": a '/' in a key name
		 * would let key "a/b" reach key "a"'s conversation "b/x" */
		if (memchr(value, '/', nlen) != NULL) {
			conf_error(cx, "'%s': key name contains '/'%s", st->name,
			    "");
			return;
		}
		for (i = 0; i < c->napi_keys; i++)
			if (strlen(c->api_keys[i].ak_name) == nlen &&
			    memcmp(c->api_keys[i].ak_name, value, nlen) == 0) {
				conf_error(cx, "'%s': key name '%s' used twice",
				    st->name, c->api_keys[i].ak_name);
				return;
			}
		/* a connection is the key whose secret it gives: with one
		 * secret for two names the earlier name could never be used */
		for (i = 0; i < c->napi_keys; i++)
			if (strcmp(c->api_keys[i].ak_secret, colon + 1) == 0) {
				char what[160];

				(void)snprintf(what, sizeof(what), "'%.*s' has "
				    "the secret of key '%s'", (int)nlen, value,
				    c->api_keys[i].ak_name);
				conf_error(cx, "'%s': key %s; give each key its "
				    "own secret", st->name, what);
				return;
			}
		ak = &c->api_keys[c->napi_keys++];
		memcpy(ak->ak_name, value, nlen);
		ak->ak_name[nlen] = '\0';
		(void)strcpy(ak->ak_secret, colon + 1);
		break;
	}
	}
	cx->seen[idx] = 1;	/* only valid values count as given */
}

/*
 * "FILE:LINE" for the line being read, or "--flag-name" for an option,
 * into buf.
 */
static void
conf_here(const struct conf_ctx *cx, const struct conf_setting *st, char *buf,
    size_t len)
{
	size_t i;

	if (cx->flag) {
		(void)snprintf(buf, len, "--%s", st->name);
		for (i = 2; buf[i] != '\0'; i++)
			if (buf[i] == '_')
				buf[i] = '-';
	} else if (cx->line > 0)
		(void)snprintf(buf, len, "%s:%d", cx->file, cx->line);
	else
		(void)snprintf(buf, len, "%s", cx->file);
}

/*
 * Apply one value (setting_apply1) and, for a file or the command line,
 * remember where the setting was set, or that its value failed to parse
 * (then config_load and check.c check it no further).
 */
static void
setting_apply(struct conf_ctx *cx, const struct conf_setting *st,
    const char *value)
{
	struct config *c = cx->conf;
	size_t idx = (size_t)(st - settings), before = errlist_count(cx->errs);

	setting_apply1(cx, st, value);
	if (!cx->record)
		return;
	if (errlist_count(cx->errs) != before) {
		c->failed[idx] = 1;
		return;
	}
	c->failed[idx] = 0;	/* a later valid value is the one in effect */
	conf_here(cx, st, c->where[idx], sizeof(c->where[idx]));
	if (st->kind == CK_LISTEN && c->nlisten > 0)	/* the one added */
		memcpy(c->listen_where[c->nlisten - 1], c->where[idx],
		    sizeof(c->listen_where[0]));
}

/* Where setting name was set: "FILE:LINE", "--flag", or NULL (default). */
const char *
config_where(const struct config *c, const char *name)
{
	const struct conf_setting *st = setting_find(name);

	if (st == NULL || c->where[st - settings][0] == '\0')
		return NULL;
	return c->where[st - settings];
}

/* Whether a value given for setting name failed to parse. */
int
config_failed(const struct config *c, const char *name)
{
	const struct conf_setting *st = setting_find(name);

	return st != NULL && c->failed[st - settings];
}

/*
 * Add an error about setting name to errs: "WHERE: MESSAGE", WHERE being
 * the FILE:LINE or --flag that set it; just "MESSAGE" for a default.
 * The message itself names the setting.
 */
void
config_err(struct errlist *errs, const struct config *c, const char *name,
    const char *fmt, ...)
{
	const char *w = config_where(c, name);
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (w != NULL)
		errlist_add(errs, "%s: %s", w, msg);
	else
		errlist_add(errs, "%s", msg);
}

/* Levenshtein distance of a and b, stopping at 3 (all we need). */
static size_t
config_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t row[64], prev, tmp;

	if (la >= sizeof(row) / sizeof(row[0]) || lb >= 64)
		return 3;
	if (la > lb + 2 || lb > la + 2)
		return 3;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			tmp = row[j];
			row[j] = a[i - 1] == b[j - 1] ? prev :
			    1 + (prev < row[j] ? (prev < row[j - 1] ? prev :
			    row[j - 1]) : (row[j] < row[j - 1] ? row[j] :
			    row[j - 1]));
			prev = tmp;
		}
	}
	return row[lb] > 3 ? 3 : row[lb];
}

/*
 * The known setting an unknown name (underscores or dashes) was probably
 * meant to be: the nearest within an edit distance of 2, else the first
 * that the name begins (at least 4 characters) or that begins it; NULL
 * when none.  Only the settings table is consulted.
 */
const char *
config_suggest(const char *name)
{
	char key[64];
	size_t i, d, best = 3, len;
	const char *found = NULL;

	for (i = 0; name[i] != '\0' && i < sizeof(key) - 1; i++)
		key[i] = name[i] == '-' ? '_' : name[i];
	key[i] = '\0';
	if (name[i] != '\0' || i == 0)
		return NULL;
	len = i;
	for (i = 0; i < NSETTINGS; i++)
		if ((d = config_distance(key, settings[i].name)) < best) {
			best = d;
			found = settings[i].name;
		}
	if (found != NULL)
		return found;
	for (i = 0; i < NSETTINGS; i++) {
		size_t sl = strlen(settings[i].name);

		if ((len >= 4 && len < sl &&
		    strncmp(key, settings[i].name, len) == 0) ||
		    (sl < len && strncmp(key, settings[i].name, sl) == 0))
			return settings[i].name;
	}
	return NULL;
}

/* Whether setting name keeps its running value across a reload. */
int
config_restart_only(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(restart_only) / sizeof(restart_only[0]); i++)
		if (strcmp(restart_only[i], name) == 0)
			return 1;
	return 0;
}

/* The i-th restart-only setting, NULL past the last. */
const char *
config_restart_only_name(size_t i)
{
	return i < sizeof(restart_only) / sizeof(restart_only[0]) ?
	    restart_only[i] : NULL;
}

void
config_defaults(struct config *c)
{
	struct errlist errs;
	struct conf_ctx cx;
	size_t i;

	memset(c, 0, sizeof(*c));
	errlist_init(&errs);
	memset(&cx, 0, sizeof(cx));
	cx.conf = c;
	cx.errs = &errs;
	cx.file = "defaults";
	for (i = 0; i < NSETTINGS; i++)
		if (settings[i].def != NULL)
			setting_apply(&cx, &settings[i], settings[i].def);
	if (errlist_count(&errs) != 0)
		fatalx("built-in defaults are invalid: %s", errs.msgs[0]);
	errlist_free(&errs);
}

/*
 * inih reader: hand inih one line at a time while counting lines, so the
 * handler knows the line of every setting (Debian's libinih is built
 * without INI_HANDLER_LINENO).  Lines inih would mis-read are reported
 * here and passed on as blank lines, so that every bad line is reported,
 * not only the first; lines are passed on without their indentation.
 */
static char *
conf_reader(char *str, int num, void *stream)
{
	struct conf_ctx *cx = stream;
	char line[4096];
	size_t len;
	char *p;
	long at = ftell(cx->fp), got;

	if (fgets(line, sizeof(line), cx->fp) == NULL)
		return NULL;
	cx->line++;
	len = strlen(line);
	/* fgets read more than strlen sees: a NUL byte in the line (it
	 * was reported as "line too long", or cut the value silently) */
	got = at == -1 ? -1 : ftell(cx->fp) - at;
	if (got > (long)len) {
		int ch;

		if (line[got - 1] != '\n')
			while ((ch = fgetc(cx->fp)) != EOF && ch != '\n')
				;
		errlist_add(cx->errs, "%s:%d: the line holds a NUL byte (at "
		    "byte %zu)", cx->file, cx->line, len + 1);
		(void)snprintf(str, (size_t)num, "\n");
		return str;
	}
	if (len > 0 && line[len - 1] != '\n' && !feof(cx->fp)) {
		int ch;

		while ((ch = fgetc(cx->fp)) != EOF && ch != '\n')
			;
		errlist_add(cx->errs, "%s:%d: line longer than %d bytes",
		    cx->file, cx->line, num - 1);
		(void)snprintf(str, (size_t)num, "\n");
		return str;
	}
	for (p = line; *p == ' ' || *p == '\t'; p++)
		;
	if (*p == '[') {
		errlist_add(cx->errs, "%s:%d: sections are not used; write "
		    "'name = value' lines", cx->file, cx->line);
		(void)snprintf(str, (size_t)num, "\n");
		return str;
	}
	if (*p != '#' && *p != ';' && *p != '\n' && *p != '\r' && *p != '\0' &&
	    strchr(p, '=') == NULL) {
		errlist_add(cx->errs, "%s:%d: expected 'name = value'",
		    cx->file, cx->line);
		(void)snprintf(str, (size_t)num, "\n");
		return str;
	}
	/*
	 * Without its indentation: inih reads an indented line as more of
	 * the value above it (multi-line values), so "  max_connections = 5"
	 * under "listen = ..." was an invalid listen address.  advisord.conf
	 * has no multi-line values; an indented line is a setting.
	 */
	len = strlen(p);
	if (len >= (size_t)num) {
		errlist_add(cx->errs, "%s:%d: line longer than %d bytes",
		    cx->file, cx->line, num - 1);
		(void)snprintf(str, (size_t)num, "\n");
		return str;
	}
	memcpy(str, p, len + 1);
	return str;
}

static int
conf_handler(void *user, const char *section, const char *name,
    const char *value)
{
	struct conf_ctx *cx = user;
	const struct conf_setting *st;

	(void)section;
	if (strchr(name, '-') != NULL || (st = setting_find(name)) == NULL) {
		const char *near = config_suggest(name);
		char esc[1024], file[1024];

		(void)conf_escape(name, esc, sizeof(esc));
		(void)conf_escape(cx->file, file, sizeof(file));
		if (near != NULL)
			errlist_add(cx->errs, "%s:%d: unknown setting '%s'; "
			    "did you mean '%s'?", file, cx->line, esc, near);
		else
			errlist_add(cx->errs, "%s:%d: unknown setting '%s'",
			    file, cx->line, esc);
		return 1;
	}
	setting_apply(cx, st, value);
	return 1;	/* keep going: we collect every error */
}

/*
 * Fill in paths left unset, relative to where the binary lives, so that
 * both a build tree (build/advisord next to knowledge/) and an install
 * (PREFIX/bin next to PREFIX/share/advisord) work without configuration.
 */
static char *
path_guess(const char *exe_dir, const char *const *cands, size_t ncands)
{
	char buf[PATH_MAX];
	struct stat sb;
	size_t i;
	int n;

	for (i = 0; i < ncands; i++) {
		n = snprintf(buf, sizeof(buf), "%s/%s", exe_dir, cands[i]);
		if (n < 0 || (size_t)n >= sizeof(buf))
			continue;
		if (stat(buf, &sb) == 0 && S_ISDIR(sb.st_mode)) {
			char *real = realpath(buf, NULL);

			if (real != NULL)
				return real;
		}
	}
	return NULL;
}

#define NCANDS(a)	(sizeof(a) / sizeof((a)[0]))

static void
config_resolve_paths(struct config *c)
{
	static const char *const kb_cands[] = {
		"../share/advisord/knowledge/" ADVISORD_DEFAULT_KB,
		"../knowledge/" ADVISORD_DEFAULT_KB,
		"../../knowledge/" ADVISORD_DEFAULT_KB,
		"../../../knowledge/" ADVISORD_DEFAULT_KB,
	};
	static const char *const web_cands[] = {
		"web",
		"../web",
		"../share/advisord/web",
		"../clients/web",
		"../../clients/web",
		"../../../clients/web",
	};
	char exe[PATH_MAX], *slash;
	ssize_t n;
	const char *env;

	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		(void)strcpy(exe, ".");
	else {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL)
			*slash = '\0';
	}
	if (c->kb_dir == NULL)
		c->kb_dir = path_guess(exe, kb_cands, NCANDS(kb_cands));
	if (c->web_root == NULL)
		c->web_root = path_guess(exe, web_cands, NCANDS(web_cands));
	if (c->state_dir == NULL) {
		/* systemd's StateDirectory= tells us where to write. */
		if ((env = getenv("STATE_DIRECTORY")) != NULL && *env != '\0') {
			char *colon;

			if ((c->state_dir = strdup(env)) == NULL)
				fatal("strdup");
			if ((colon = strchr(c->state_dir, ':')) != NULL)
				*colon = '\0';
		} else {
			/*
			 * In a build tree (the knowledge base sits beside the
			 * binary's directory) keep state there too; an
			 * installed daemon uses /var/lib/advisord.
			 */
			char buf[PATH_MAX], *tree = path_guess(exe, kb_cands + 1,
			    NCANDS(kb_cands) - 1);
			int m = snprintf(buf, sizeof(buf), "%s/state", exe);

			if (tree != NULL && m > 0 && (size_t)m < sizeof(buf))
				c->state_dir = strdup(buf);
			else
				c->state_dir = strdup("/var/lib/advisord");
			free(tree);
			if (c->state_dir == NULL)
				fatal("strdup");
		}
	}
}

/*
 * Slack's settings go together: a bot token answers events only with the
 * signing secret that verifies them, and an API URL is for a token.
 * Errors name the file and line of the setting that is alone.
 */
static void
config_check_slack(const struct config *c, struct errlist *errs)
{
	int tok = config_failed(c, "slack_bot_token");

	/* a value that did not parse is not checked further */
	if (c->slack_bot_token != NULL && c->slack_signing_secret == NULL &&
	    !config_failed(c, "slack_signing_secret"))
		config_err(errs, c, "slack_bot_token", "slack_bot_token is set "
		    "but slack_signing_secret is not: events cannot be "
		    "verified (set both, or neither)");
	if (c->slack_api_url != NULL && c->slack_bot_token == NULL && !tok)
		config_err(errs, c, "slack_api_url", "slack_api_url is set but "
		    "slack_bot_token is not: nothing would be posted there");
	if (c->slack_bot_token != NULL &&
	    strncmp(c->slack_bot_token, "xoxb-", 5) != 0)
		config_err(errs, c, "slack_bot_token", "slack_bot_token must be "
		    "the app's bot token, which starts with 'xoxb-' (OAuth & "
		    "Permissions, Bot User OAuth Token)");
}

/* Of settings a and b, the one given (a first); a when neither is. */
static const char *
config_given(const struct config *c, const char *a, const char *b)
{
	return config_where(c, a) == NULL && config_where(c, b) != NULL ?
	    b : a;
}

/*
 * Load the configuration: defaults, then the file at path (if not NULL),
 * then the overrides from the command line.  Every problem is added to
 * errs, an error about a setting with the FILE:LINE (or --flag) that set
 * it; returns 0 when there were none, -1 otherwise.  c is usable (with
 * defaults where a value was bad; config_failed() names those) either way
 * and must be released with config_free().
 */
int
config_load(struct config *c, const char *path,
    const struct conf_override *ov, size_t nov, struct errlist *errs)
{
	struct conf_ctx cx;
	size_t i, before = errlist_count(errs);

	config_defaults(c);

	if (path != NULL) {
		char why[128];

		memset(&cx, 0, sizeof(cx));
		cx.conf = c;
		cx.errs = errs;
		cx.file = path;
		cx.record = 1;
		if ((cx.fp = regfile_fopen(path, why, sizeof(why))) == NULL)
			errlist_add(errs, "%s: %s", path, why);
		else {
			int rc = ini_parse_stream(conf_reader, &cx,
			    conf_handler, &cx);

			if (rc > 0 && errlist_count(errs) == before)
				errlist_add(errs, "%s:%d: syntax error", path,
				    rc);
			(void)fclose(cx.fp);
		}
	}

	memset(&cx, 0, sizeof(cx));
	cx.conf = c;
	cx.errs = errs;
	cx.file = "command line";
	cx.flag = 1;
	cx.record = 1;
	for (i = 0; i < nov; i++) {
		const struct conf_setting *st = setting_find(ov[i].name);

		/* a credential is named as such, not as a flag never given */
		cx.file = ov[i].origin != NULL ? ov[i].origin : "command line";
		cx.flag = ov[i].origin == NULL;

		if (st == NULL) {
			const char *near = config_suggest(ov[i].name);

			if (near != NULL)
				errlist_add(errs, "command line: unknown setting "
				    "'%s'; did you mean '%s'?", ov[i].name, near);
			else
				errlist_add(errs, "command line: unknown setting "
				    "'%s'", ov[i].name);
			continue;
		}
		setting_apply(&cx, st, ov[i].value);
	}

	config_resolve_paths(c);
	if (c->kb_dir == NULL && !config_failed(c, "kb_dir"))
		errlist_add(errs, "%s: no knowledge base found next to the "
		    "program or in its build tree; set kb_dir",
		    path ? path : "configuration");
	if ((c->tls_cert == NULL) != (c->tls_key == NULL) &&
	    !config_failed(c, "tls_cert") && !config_failed(c, "tls_key"))
		config_err(errs, c, c->tls_cert != NULL ? "tls_cert" :
		    "tls_key", "tls_cert and tls_key go together");
	if (c->rate_connection_burst < c->rate_connection &&
	    !config_failed(c, "rate_connection_burst") &&
	    !config_failed(c, "rate_connection"))
		config_err(errs, c, config_given(c, "rate_connection_burst",
		    "rate_connection"), "rate_connection_burst (%ld) is below "
		    "rate_connection (%ld)", c->rate_connection_burst,
		    c->rate_connection);
	if (c->rate_conversation_burst < c->rate_conversation &&
	    !config_failed(c, "rate_conversation_burst") &&
	    !config_failed(c, "rate_conversation"))
		config_err(errs, c, config_given(c, "rate_conversation_burst",
		    "rate_conversation"), "rate_conversation_burst (%ld) is "
		    "below rate_conversation (%ld)", c->rate_conversation_burst,
		    c->rate_conversation);
	if (c->rate_resume_burst < c->rate_resume &&
	    !config_failed(c, "rate_resume_burst") &&
	    !config_failed(c, "rate_resume"))
		config_err(errs, c, config_given(c, "rate_resume_burst",
		    "rate_resume"), "rate_resume_burst (%ld) is below "
		    "rate_resume (%ld)", c->rate_resume_burst, c->rate_resume);
	if (c->rate_replay_bytes_burst < c->rate_replay_bytes &&
	    !config_failed(c, "rate_replay_bytes_burst") &&
	    !config_failed(c, "rate_replay_bytes"))
		config_err(errs, c, config_given(c, "rate_replay_bytes_burst",
		    "rate_replay_bytes"), "rate_replay_bytes_burst (%ld) is "
		    "below rate_replay_bytes (%ld)", c->rate_replay_bytes_burst,
		    c->rate_replay_bytes);
	if (c->rate_replay_bytes_per_ip_burst < c->rate_replay_bytes_per_ip &&
	    !config_failed(c, "rate_replay_bytes_per_ip_burst") &&
	    !config_failed(c, "rate_replay_bytes_per_ip"))
		config_err(errs, c, config_given(c,
		    "rate_replay_bytes_per_ip_burst", "rate_replay_bytes_per_ip"),
		    "rate_replay_bytes_per_ip_burst (%ld) is below "
		    "rate_replay_bytes_per_ip (%ld)",
		    c->rate_replay_bytes_per_ip_burst,
		    c->rate_replay_bytes_per_ip);
	/* the webhooks' share is of max_conversations: more means no bound */
	if (c->max_webhook_conversations > c->max_conversations &&
	    !config_failed(c, "max_webhook_conversations") &&
	    !config_failed(c, "max_conversations"))
		config_err(errs, c, config_given(c,
		    "max_webhook_conversations", "max_conversations"),
		    "max_webhook_conversations (%ld) is above "
		    "max_conversations (%ld)", c->max_webhook_conversations,
		    c->max_conversations);
	config_check_slack(c, errs);
	return errlist_count(errs) == before ? 0 : -1;
}

void
config_free(struct config *c)
{
	size_t i;

	for (i = 0; i < c->norigins; i++)
		free(c->origins[i]);
	for (i = 0; i < c->nhosts; i++)
		free(c->hosts[i]);
	free(c->tls_cert);
	free(c->tls_key);
	free(c->kb_dir);
	free(c->web_root);
	free(c->state_dir);
	free(c->signing_key);
	free(c->trusted_proxies);
	free(c->slack_signing_secret);
	if (c->slack_bot_token != NULL)
		sodium_memzero(c->slack_bot_token, strlen(c->slack_bot_token));
	free(c->slack_bot_token);
	free(c->slack_api_url);
	free(c->mattermost_token);
	free(c->discord_public_key);
	free(c->store);
	memset(c, 0, sizeof(*c));
}

/* Print one line per setting, as the flag that sets it. */
void
config_usage(FILE *fp)
{
	size_t i, j;
	char flag[64];

	for (i = 0; i < NSETTINGS; i++) {
		for (j = 0; settings[i].name[j] != '\0' && j < sizeof(flag) - 1;
		    j++)
			flag[j] = settings[i].name[j] == '_' ? '-' :
			    settings[i].name[j];
		flag[j] = '\0';
		fprintf(fp, "  --%-34s %s", flag, settings[i].help);
		if (settings[i].def != NULL)
			fprintf(fp, " [%s]", settings[i].def);
		fputc('\n', fp);
	}
}
