/* SPDX-License-Identifier: ISC */
/*
 * advisor-irc: an IRC bridge to advisord.
 *
 *	advisor-irc -c FILE		run
 *	advisor-irc -c FILE -n		check the configuration and exit
 *
 * The configuration is lines of "name = value" (see clients/irc/README.md);
 * the API key comes from api_key_file or ADVISOR_API_KEY, never from the
 * file itself or the command line.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ini.h>

#include "bridge.h"

struct config {
	char		*advisord;
	char		*api_key_file;
	char		*state;
	char		*server;
	char		*network;
	char		*nick;
	char		*user;
	char		*realname;
	char		*password_file;
	char		*tls_ca;
	char		*channels[IRC_MAX_CHANNELS];
	int		 nchannels;
	int		 tls;
	int		 tls_insecure;
	double		 rate;
	double		 burst;
	int		 errors;
	const char	*file;
	FILE		*fp;		/* the file, read by config_read() */
	int		 line;		/* its line being read */
};

static int
yesno(const char *v, int *out)
{
	if (strcasecmp(v, "yes") == 0 || strcasecmp(v, "true") == 0 ||
	    strcmp(v, "1") == 0)
		*out = 1;
	else if (strcasecmp(v, "no") == 0 || strcasecmp(v, "false") == 0 ||
	    strcmp(v, "0") == 0)
		*out = 0;
	else
		return -1;
	return 0;
}

static int
set_str(char **slot, const char *v)
{
	free(*slot);
	return (*slot = strdup(v)) == NULL ? -1 : 0;
}

/* One "name = value" line; errors name the file and the setting. */
static int
config_line(void *user, const char *section, const char *name,
    const char *value)
{
	struct config *c = user;
	char *end;
	int bad = 0;

	(void)section;
	if (strcmp(name, "advisord") == 0)
		bad = set_str(&c->advisord, value);
	else if (strcmp(name, "api_key_file") == 0)
		bad = set_str(&c->api_key_file, value);
	else if (strcmp(name, "state") == 0)
		bad = set_str(&c->state, value);
	else if (strcmp(name, "server") == 0)
		bad = set_str(&c->server, value);
	else if (strcmp(name, "network") == 0)
		bad = set_str(&c->network, value);
	else if (strcmp(name, "nick") == 0)
		bad = strlen(value) > 30 || strpbrk(value, " ,:!@") ||
		    set_str(&c->nick, value);
	else if (strcmp(name, "user") == 0)
		bad = strpbrk(value, " @") != NULL || set_str(&c->user, value);
	else if (strcmp(name, "realname") == 0)
		bad = set_str(&c->realname, value);
	else if (strcmp(name, "password_file") == 0)
		bad = set_str(&c->password_file, value);
	else if (strcmp(name, "tls_ca") == 0)
		bad = set_str(&c->tls_ca, value);
	else if (strcmp(name, "tls") == 0)
		bad = yesno(value, &c->tls);
	else if (strcmp(name, "tls_insecure") == 0)
		bad = yesno(value, &c->tls_insecure);
	else if (strcmp(name, "channel") == 0) {
		if (c->nchannels == IRC_MAX_CHANNELS) {
			fprintf(stderr, "%s:%d: more than %d channels\n",
			    c->file, c->line, IRC_MAX_CHANNELS);
			c->errors++;
			return 1;
		}
		bad = strchr("#&+!", value[0]) == NULL || value[0] == '\0' ||
		    strpbrk(value, " ,\a") != NULL || strlen(value) > 50 ||
		    (c->channels[c->nchannels++] = strdup(value)) == NULL;
	} else if (strcmp(name, "throttle_rate") == 0) {
		c->rate = strtod(value, &end);
		bad = *end != '\0' || c->rate <= 0 || c->rate > 1000;
	} else if (strcmp(name, "throttle_burst") == 0) {
		c->burst = strtod(value, &end);
		bad = *end != '\0' || c->burst < 1 || c->burst > 1000;
	} else {
		fprintf(stderr, "%s:%d: unknown setting '%s'\n", c->file,
		    c->line, name);
		c->errors++;
		return 1;
	}
	if (bad) {
		fprintf(stderr, "%s:%d: bad value for %s: '%s'\n", c->file,
		    c->line, name, value);
		c->errors++;
	}
	return 1;
}

/*
 * inih's reader: one line of c->fp into str (num bytes), counted in
 * c->line so that errors name it, and without its indentation: inih
 * reads an indented line as more of the value above it, so an indented
 * "channel = #rust" under "realname = ..." became part of the realname.
 * A line too long for str is skipped whole, saying so.
 */
static char *
config_read(char *str, int num, void *user)
{
	struct config *c = user;
	size_t len, skip;
	int ch;

	if (fgets(str, num, c->fp) == NULL)
		return NULL;
	c->line++;
	len = strlen(str);
	if (len > 0 && str[len - 1] != '\n' && !feof(c->fp)) {
		while ((ch = fgetc(c->fp)) != EOF && ch != '\n')
			;
		fprintf(stderr, "%s:%d: line longer than %d bytes\n", c->file,
		    c->line, num - 2);
		c->errors++;
		str[0] = '\0';
		return str;
	}
	skip = strspn(str, " \t");
	memmove(str, str + skip, len - skip + 1);
	return str;
}

static char *
read_secret(const char *path, const char *env, const char *what)
{
	char buf[1100], *nl;
	FILE *fp;
	size_t n;

	if (path == NULL) {
		const char *v = getenv(env);

		return v != NULL && *v != '\0' ? strdup(v) : NULL;
	}
	if ((fp = fopen(path, "r")) == NULL) {
		fprintf(stderr, "advisor-irc: cannot read the %s file '%s': "
		    "%s\n", what, path, strerror(errno));
		return NULL;
	}
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	if ((nl = strpbrk(buf, "\r\n")) != NULL)
		*nl = '\0';
	return buf[0] != '\0' ? strdup(buf) : NULL;
}

static void
config_free(struct config *c)
{
	int i;

	free(c->advisord);
	free(c->api_key_file);
	free(c->state);
	free(c->server);
	free(c->network);
	free(c->nick);
	free(c->user);
	free(c->realname);
	free(c->password_file);
	free(c->tls_ca);
	for (i = 0; i < c->nchannels; i++)
		free(c->channels[i]);
}

static int
usage(FILE *fp)
{
	fprintf(fp, "usage: advisor-irc -c FILE [-n]\n"
	    "       advisor-irc --version | --help\n");
	return 2;
}

static void
stop_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	(void)w;
	(void)revents;
	ev_break(loop, EVBREAK_ALL);
}

int
main(int argc, char *argv[])
{
	static const struct lws_protocols protocols[] = {
		WSC_PROTOCOL, { NULL, NULL, 0, 0, 0, NULL, 0 }
	};
	struct config c;
	struct bridge b;
	ev_signal sterm, sint;
	char *key = NULL, *pass = NULL, *colon, err[300];
	const char *file = NULL;
	int i, check = 0, rc = 1;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-c") == 0 && i + 1 < argc)
			file = argv[++i];
		else if (strcmp(argv[i], "-n") == 0)
			check = 1;
		else if (strcmp(argv[i], "--version") == 0) {
			printf("advisor-irc %s (protocol advisor.v1)\n",
			    ADVISORD_VERSION);
			return 0;
		} else if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			(void)usage(stdout);
			printf("\nAn IRC bridge to advisord: answers when "
			    "addressed by nick in its channels, and in private.\n"
			    "See clients/irc/README.md for the settings.\n");
			return 0;
		} else
			return usage(stderr);
	}
	if (file == NULL)
		return usage(stderr);
	memset(&c, 0, sizeof(c));
	c.file = file;
	c.rate = 1;
	c.burst = 4;
	if ((c.fp = fopen(file, "r")) == NULL)
		i = -1;
	else {
		i = ini_parse_stream(config_read, &c, config_line, &c);
		(void)fclose(c.fp);
	}
	if (i != 0) {
		if (i < 0)
			fprintf(stderr, "advisor-irc: cannot read '%s': %s\n",
			    file, strerror(errno));
		else
			fprintf(stderr, "%s:%d: not a 'name = value' line\n",
			    file, i);
		c.errors++;
	}
	if (c.server == NULL || c.nick == NULL || c.state == NULL) {
		fprintf(stderr, "%s: server, nick and state are required\n",
		    file);
		c.errors++;
	}
	if ((key = read_secret(c.api_key_file, "ADVISOR_API_KEY",
	    "API key")) == NULL) {
		fprintf(stderr, "%s: no API key: set api_key_file, or "
		    "ADVISOR_API_KEY\n", file);
		c.errors++;
	}
	if (c.password_file != NULL && (pass = read_secret(c.password_file,
	    NULL, "password")) == NULL)
		c.errors++;
	memset(&b, 0, sizeof(b));
	if (c.server != NULL) {
		char *end;

		if ((colon = strrchr(c.server, ':')) == NULL) {
			b.icfg.port = c.tls ? 6697 : 6667;
		} else {
			*colon = '\0';
			b.icfg.port = (int)strtol(colon + 1, &end, 10);
			if (*end != '\0' || b.icfg.port < 1 ||
			    b.icfg.port > 65535) {
				fprintf(stderr, "%s: server: bad port '%s'\n",
				    file, colon + 1);
				c.errors++;
			}
		}
	}
	if (c.errors > 0) {
		fprintf(stderr, "advisor-irc: %d error(s) in the "
		    "configuration\n", c.errors);
		goto out;
	}
	if (check) {
		printf("configuration OK\n");
		rc = 0;
		goto out;
	}
	b.icfg.host = c.server;
	b.icfg.tls = c.tls;
	b.icfg.insecure = c.tls_insecure;
	b.icfg.nick = c.nick;
	b.icfg.user = c.user ? c.user : c.nick;
	b.icfg.realname = c.realname ? c.realname : "advisord bridge";
	b.icfg.password = pass;
	for (i = 0; i < c.nchannels; i++)
		b.icfg.channels[i] = c.channels[i];
	b.icfg.nchannels = c.nchannels;
	b.icfg.rate = c.rate;
	b.icfg.burst = c.burst;
	b.network = c.network ? c.network : "irc";
	b.state_path = c.state;
	(void)signal(SIGPIPE, SIG_IGN);
	lws_set_log_level(getenv("ADVISOR_IRC_LWS_LOG") ? atoi(getenv("ADVISOR_IRC_LWS_LOG")) : LLL_ERR, NULL);
	b.loop = EV_DEFAULT;
	b.tls_ca = c.tls_ca;
	if ((b.ctx = wsc_context(b.loop, protocols, NULL)) == NULL) {
		fprintf(stderr, "advisor-irc: cannot set up libwebsockets\n");
		goto out;
	}
	if (bridge_init(&b, c.advisord ? c.advisord : "ws://127.0.0.1:8080/ws",
	    key, err, sizeof(err)) == -1) {
		fprintf(stderr, "advisor-irc: %s\n", err);
		lws_context_destroy(b.ctx);
		goto out;
	}
	ev_signal_init(&sterm, stop_cb, SIGTERM);
	ev_signal_init(&sint, stop_cb, SIGINT);
	ev_signal_start(b.loop, &sterm);
	ev_signal_start(b.loop, &sint);
	bridge_start(&b);
	fprintf(stderr, "advisor-irc: ready: %s to %s:%d%s\n",
	    c.advisord ? c.advisord : "ws://127.0.0.1:8080/ws", c.server,
	    b.icfg.port, c.tls ? " (TLS)" : "");
	ev_run(b.loop, 0);
	bridge_save(&b);
	ev_signal_stop(b.loop, &sterm);
	ev_signal_stop(b.loop, &sint);
	b.s.ws.closing = 1;
	b.s.ws.reconnect = 0;
	b.irc.stopping = 1;
	lws_context_destroy(b.ctx);
	rc = b.gave_up ? 1 : 0;
	bridge_free(&b);
out:
	free(key);
	free(pass);
	config_free(&c);
	return rc;
}
