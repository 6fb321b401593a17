/* SPDX-License-Identifier: ISC */
/*
 * chat.c: advisor chat, a conversation in the terminal.
 *
 * Lines typed go to the advisor as they are (its commands are words:
 * "back", "why?", "what would change it?"), except a bare number, which
 * chooses that choice of the pending question, and the client's own
 * commands, which start with '/'.  A dropped connection is retried with
 * backoff and the conversation resumed where it was (session.c); what
 * was typed meanwhile waits and is sent then.  A daemon never reached is
 * tried CHAT_FIRST_TRIES times (the same backoff), then chat exits 1
 * naming the URL and why.  At the end (/quit, end of input, ^C) the
 * conversation is ended and, with --save DIR, its signed transcript
 * stored there; without, its token is kept (as /detach keeps it) and
 * the advisor transcript command that fetches the final transcript,
 * while the daemon keeps it, is printed.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <sodium.h>

#include "advisor.h"
#include "proto.h"
#include "session.h"

#define CHAT_FIRST_TRIES	5	/* connections tried before the first */

struct chat {
	struct ev_loop		*loop;
	struct lws_context	*ctx;
	struct session		 s;
	struct sconv		*sc;
	struct netopts		 o;
	ev_io			 in;
	ev_signal		 sigint;
	ev_timer		 quit_timer;
	char			 line[PROTO_MAX_TEXT + 2];
	size_t			 linelen;
	int			 overlong;
	json_t			*question;	/* the pending question */
	json_t			*final;		/* the transcript from end */
	char			 asked[80];	/* the id of our /transcript */
	int			 tty;
	int			 quitting;
	int			 detaching;	/* /detach once all is answered */
	int			 was_down;
	int			 ever_up;	/* a welcome came, once */
	int			 pruned;	/* old tokens were dropped */
	int			 started;	/* c->sc had a turn in this run */
	int			 resuming;	/* c->sc is the --resume one */
	unsigned		 replayed;	/* its messages shown before */
	int			 tries;		/* failed before ever_up */
	int			 rc;
};

static void	chat_quit(struct chat *);
static void	chat_detach(struct chat *);

static void
prompt(struct chat *c)
{
	(void)c;
	fputs("> ", stdout);
	(void)fflush(stdout);
}

static void
chat_stop(struct chat *c, int rc)
{
	c->rc = rc;
	ev_io_stop(c->loop, &c->in);
	ev_timer_stop(c->loop, &c->quit_timer);
	ev_signal_stop(c->loop, &c->sigint);
	ev_break(c->loop, EVBREAK_ALL);
}

static int
save(struct chat *c, const json_t *t)
{
	const char *dir = c->o.save_dir ? c->o.save_dir : ".";
	char path[PATH_MAX + 64];

	if (save_transcript(dir, t, c->s.welcome, path, sizeof(path)) == -1) {
		printf("(the transcript was not saved: %s)\n", path);
		return -1;
	}
	printf("(signed transcript saved: %s; check it with: advisor verify "
	    "%s -p %s/advisord.pub)\n", path, path, dir);
	return 0;
}

/* printf fmt, wrapped to the terminal's width (wrap.c). */
static void
say(const char *fmt, ...)
{
	char line[PATH_MAX + 1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	wrap_write(stdout, line, strlen(line), wrap_width(STDOUT_FILENO));
}

/* printf fmt with why, which may hold the server's words: stripped. */
static void
print_why(const char *fmt, const char *why)
{
	char line[400];

	(void)snprintf(line, sizeof(line), "%s", why != NULL ? why : "");
	render_strip(line);
	say(fmt, line);
}

static void
on_link(struct session *s, int up, const char *why)
{
	struct chat *c = s->arg;

	if (!up && !c->ever_up) {
		/* never through: a wrong URL or no daemon, not a drop; also
		 * when input ended before (piped, </dev/null), which used to
		 * wait on the quit timer and then hang
		 * (tests/blackbox/NEWUSER29.md #3) */
		if (++c->tries >= CHAT_FIRST_TRIES) {
			char line[400];

			(void)snprintf(line, sizeof(line), "%s", why ? why :
			    "the connection was lost");
			render_strip(line);
			fprintf(stderr, "advisor: %s%s%s (gave up after %d "
			    "attempts)\n", strstr(line, c->o.url) ? "" :
			    c->o.url, strstr(line, c->o.url) ? "" : ": ", line,
			    c->tries);
			chat_stop(c, 1);
		}
		return;
	}
	if (!up) {
		if (!c->was_down && !c->quitting)
			print_why("\n(connection lost: %s; reconnecting...)\n",
			    why);
		c->was_down = 1;
		(void)fflush(stdout);
		return;
	}
	if (c->was_down)
		printf("(reconnected)\n");
	c->was_down = 0;
	c->ever_up = 1;
}

/*
 * Once per run, at the first welcome: drop the kept tokens of this
 * daemon's conversations that are older than its limits let a token be
 * of use (idle_timeout, then final_transcript_seconds).
 */
static void
chat_prune_tokens(struct chat *c)
{
	const json_t *lc = json_object_get(json_object_get(c->s.welcome,
	    "limits"), "conversation");
	json_int_t idle = json_integer_value(json_object_get(lc,
	    "idle_timeout"));
	json_int_t keep = json_integer_value(json_object_get(lc,
	    "final_transcript_seconds"));

	if (c->pruned || idle <= 0 || keep <= 0)
		return;
	c->pruned = 1;
	(void)opts_prune_tokens(c->o.url, (long)(idle + keep));
}

static void
on_message(struct session *s, struct sconv *sc, json_t *m)
{
	struct chat *c = s->arg;
	const char *type = json_string_value(json_object_get(m, "type"));

	(void)sc;
	if (strcmp(type, "question") == 0) {
		json_decref(c->question);
		c->question = json_incref(m);
	} else if (strcmp(type, "recommendation") == 0) {
		json_decref(c->question);
		c->question = NULL;
	} else if (strcmp(type, "transcript") == 0) {
		const char *re = json_string_value(json_object_get(m, "re"));
		const char *status = json_string_value(json_object_get(m,
		    "status"));

		/* not a replay of one asked for by someone else, earlier */
		if (status != NULL && strcmp(status, "complete") == 0) {
			json_decref(c->final);
			c->final = json_incref(m);
		} else if (re != NULL && strcmp(re, c->asked) == 0)
			(void)save(c, m);
		return;
	}
	render_message_wrapped(stdout, m, c->tty, wrap_width(STDOUT_FILENO));
	if (c->resuming && sc == c->sc && sc->state == SC_RESUMING)
		c->replayed++;
}

/*
 * After the replay of --resume, before anything new: a line that says
 * where the earlier conversation ends, which otherwise ran into the new
 * answers with nothing between them (the replay is the daemon's record,
 * shown exactly as first sent).
 */
static void
chat_resumed(struct chat *c)
{
	c->resuming = 0;
	printf("--- resumed %s: %u earlier message%s above, new ones below "
	    "---\n", c->sc->name, c->replayed, c->replayed == 1 ? "" : "s");
}

/*
 * Whether m refuses the open or resume of sc for good: it answers that
 * request, which is not retried (store_unavailable and conversation_busy
 * are, SESSION_RESUME_TRIES times, for a conversation with a token; a
 * resumable storage_failed is; session.c).  Nothing else would
 * answer it, so chat would wait forever (nu17: key_mismatch).
 */
static int
refuses_start(const struct sconv *sc, json_t *m, const char *code)
{
	const char *re = json_string_value(json_object_get(m, "re"));

	if (sc == NULL || re == NULL || code == NULL ||
	    (sc->state != SC_OPENING && sc->state != SC_RESUMING) ||
	    strcmp(re, sc->busy_id) != 0)
		return 0;
	/* session.c retries those only for one it has a token for */
	if (strcmp(code, "store_unavailable") == 0 ||
	    strcmp(code, "conversation_busy") == 0)
		return sc->token[0] == '\0' ||
		    sc->tries >= SESSION_RESUME_TRIES;	/* given up */
	return strcmp(code, "rate_limited") != 0 &&
	    (strcmp(code, "storage_failed") != 0 ||
	    !json_is_true(json_object_get(m, "resumable")));
}

static void
on_error(struct session *s, struct sconv *sc, json_t *m)
{
	struct chat *c = s->arg;
	const char *code = json_string_value(json_object_get(m, "code"));
	const char *why = json_string_value(json_object_get(m, "message"));

	render_message_wrapped(stdout, m, c->tty, wrap_width(STDOUT_FILENO));
	if (sc != NULL && sc == c->sc && refuses_start(sc, m, code)) {
		char line[400];

		(void)snprintf(line, sizeof(line), "%s", why ? why : "");
		render_strip(line);
		fprintf(stderr, "advisor: conversation %s cannot be %s here: "
		    "%s: %s%s\n", sc->name[0] ? sc->name : "(new)",
		    sc->state == SC_RESUMING ? "resumed" : "opened", code, line,
		    sc->token[0] ? " (its token is kept: resume it once that "
		    "is fixed)" : "");
		chat_stop(c, 1);
		return;
	}
	if (code != NULL && (strcmp(code, "unauthorized") == 0 ||
	    strcmp(code, "wrong_protocol") == 0)) {
		char line[400];

		(void)snprintf(line, sizeof(line), "%s", why ? why : "");
		render_strip(line);
		fprintf(stderr, "advisor: the server refused us: %s\n", line);
		chat_stop(c, 1);
	}
}

/*
 * /detach: keep the token, say how to resume, and leave the conversation
 * open.  Called once the conversation has its token and every line typed
 * before /detach has its answer (a /detach piped in right behind them
 * used to be lost, and the end of input then ended the conversation).
 */
static void
chat_detach(struct chat *c)
{
	c->detaching = 0;
	if (opts_save_token(c->sc->name, c->sc->token, c->o.url) == -1) {
		printf("(cannot keep the token: %s; ending it instead)\n",
		    strerror(errno));
		chat_quit(c);
		return;
	}
	/* the whole command: without the URL it would resume at the default
	 * daemon and hand it this conversation's token
	 * (tests/blackbox/NEWUSER29.md #2) */
	printf("(left conversation %s open; resume it with: advisor "
	    "chat --resume %s %s%s%s)\n", c->sc->name, c->sc->name, c->o.url,
	    c->o.insecure ? " --insecure" : "",
	    c->o.api_key != NULL ? " --api-key FILE" : "");
	chat_stop(c, 0);
}

static void
on_turn(struct session *s, struct sconv *sc)
{
	struct chat *c = s->arg;

	if (c->s.welcome != NULL)
		chat_prune_tokens(c);
	if (sc == c->sc && c->resuming)
		chat_resumed(c);
	if (sc == c->sc)
		c->started = 1;
	if (c->quitting || !session_idle(sc))
		return;
	if (c->detaching && sc == c->sc && sc->token[0] != '\0')
		chat_detach(c);
	else if (!c->detaching)
		prompt(c);
}

/*
 * Ended without --save: keep the token (as /detach does) and say how to
 * fetch the final transcript, which the daemon keeps for a while
 * (welcome.limits.conversation.final_transcript_seconds; PROTOCOL.md
 * 11.6): advisor transcript NAME URL finds the token by the name.
 */
static void
chat_way_back(struct chat *c, const struct sconv *sc)
{
	json_int_t secs = json_integer_value(json_object_get(json_object_get(
	    json_object_get(c->s.welcome, "limits"), "conversation"),
	    "final_transcript_seconds"));
	char path[PATH_MAX], keep[64] = "";

	if (sc->token[0] == '\0')
		return;		/* it never started: nothing to fetch */
	if (opts_save_token(sc->name, sc->token, c->o.url) == -1 ||
	    opts_token_path(sc->name, path, sizeof(path)) == -1) {
		printf("(its token could not be kept: %s; next time use --save "
		    "DIR)\n", strerror(errno));
		return;
	}
	if (secs > 0)
		(void)snprintf(keep, sizeof(keep), " for %lld s",
		    (long long)secs);
	/* the command on a line of its own, whole, to copy */
	say("(the daemon keeps its signed transcript%s; to save it in DIR, "
	    "run:)\n", keep);
	printf("  advisor transcript %s %s -o DIR%s\n", sc->name, c->o.url,
	    c->o.api_key != NULL ? " --api-key FILE" : "");
	say("(its token is kept in %s%s)\n", path, c->o.api_key != NULL ?
	    "; FILE holds the API key that owned it, or set ADVISOR_API_KEY" :
	    "");
}

static void
on_gone(struct session *s, struct sconv *sc, const char *why)
{
	struct chat *c = s->arg;

	if (sc != c->sc)
		return;
	c->sc = NULL;
	c->resuming = 0;	/* a new one in its place resumes nothing */
	if (c->o.resume && !c->started && sc->state == SC_RESUMING &&
	    strcmp(why, "ended") != 0) {
		char line[400];

		/*
		 * The --resume itself was refused (bad_token,
		 * unknown_conversation, ...): nothing ended, and the token
		 * given is not the conversation's: say the daemon's refusal
		 * and keep whatever token was saved (a wrong one written
		 * over it locked the user out of a conversation still open).
		 */
		(void)snprintf(line, sizeof(line), "%s", why);
		render_strip(line);
		fprintf(stderr, "advisor: conversation %s cannot be resumed "
		    "here: %s (no token saved or changed)\n", sc->name, line);
		chat_stop(c, 1);
		return;
	}
	if (c->quitting) {
		int saved = c->final != NULL && c->o.save_dir != NULL &&
		    save(c, c->final) == 0;

		printf("(conversation %s ended)\n", sc->name);
		/* ended, its final transcript in DIR: a kept token (from
		 * /detach) opens nothing more */
		if (saved && sc->token[0] != '\0')
			(void)opts_remove_token(sc->name, sc->token, c->o.url);
		if (c->o.save_dir == NULL)
			chat_way_back(c, sc);
		chat_stop(c, 0);
		return;
	}
	print_why("(this conversation is over: %s; starting a new one)\n", why);
	c->sc = session_open(s, s->api_key ? sc->name : NULL);
}

/* A bare number that picks a choice of the pending question: choose it. */
static json_t *
as_choice(struct chat *c, const char *line)
{
	const json_t *choices = json_object_get(c->question, "choices");
	char *end;
	long n;

	if (c->question == NULL || line[0] < '0' || line[0] > '9')
		return NULL;
	n = strtol(line, &end, 10);
	if (*end != '\0' || n < 1 || (size_t)n > json_array_size(choices))
		return NULL;
	return json_pack("{s:s, s:s, s:s}", "type", "choose", "question",
	    json_string_value(json_object_get(c->question, "question")),
	    "choice", json_string_value(json_object_get(json_array_get(choices,
	    (size_t)n - 1), "id")));
}

static void
local_help(void)
{
	printf("Type an answer's number, your own words, or a question about "
	    "the article.\nThe advisor's commands are words: help, back, why?, "
	    "what would change it?, summary, skip, not sure, recommend, table, "
	    "restart.\nThis client's commands:\n"
	    "  /transcript  save the signed transcript so far\n"
	    "  /detach      leave without ending (resume with: advisor chat "
	    "--resume NAME URL)\n"
	    "  /quit        end the conversation (with --save DIR its "
	    "transcript is saved;\n"
	    "               without, the command that fetches it is shown);\n"
	    "               end, quit or exit typed alone do the same\n");
}

static void
chat_line(struct chat *c, char *line)
{
	size_t n = strlen(line);
	json_t *m;

	while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == ' ' ||
	    line[n - 1] == '\t'))
		line[--n] = '\0';
	while (*line == ' ' || *line == '\t')
		line++;
	if (*line == '\0') {
		if (c->sc != NULL && session_idle(c->sc))
			prompt(c);
		return;
	}
	/* a bare "end" (or a terminal's "quit", "exit") ends it as /quit
	 * does, as "end" does in Slack's command and on IRC: said to the
	 * advisor, the word would only get an answer (NEWUSER42 #8) */
	if (strcmp(line, "/quit") == 0 || strcmp(line, "/exit") == 0 ||
	    strcasecmp(line, "end") == 0 || strcasecmp(line, "quit") == 0 ||
	    strcasecmp(line, "exit") == 0) {
		chat_quit(c);
		return;
	}
	if (strcmp(line, "/help") == 0) {
		local_help();
		prompt(c);
		return;
	}
	if (c->sc == NULL) {
		printf("(no conversation yet; wait a moment)\n");
		return;
	}
	if (strcmp(line, "/detach") == 0) {
		/* after what was typed before it is answered, and no more
		 * input: its end must not end the conversation */
		c->detaching = 1;
		ev_io_stop(c->loop, &c->in);
		if (session_idle(c->sc) && c->sc->token[0] != '\0')
			chat_detach(c);
		return;
	}
	if (strcmp(line, "/transcript") == 0)
		m = json_pack("{s:s, s:s}", "type", "transcript", "id",
		    session_new_id(&c->s, c->asked, sizeof(c->asked)));
	else if (line[0] == '/') {
		printf("(unknown command %s; /help lists them)\n", line);
		prompt(c);
		return;
	} else if ((m = as_choice(c, line)) == NULL)
		m = json_pack("{s:s, s:s}", "type", "say", "text", line);
	if (session_send(c->sc, m) == -1)
		printf("(too much typed ahead: %d messages wait already; this "
		    "one is dropped)\n", SESSION_MAX_PENDING);
}

static void
stdin_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct chat *c = w->data;
	char buf[4096];
	ssize_t n, i;

	(void)loop;
	(void)revents;
	if ((n = read(STDIN_FILENO, buf, sizeof(buf))) <= 0) {
		if (n < 0 && errno == EINTR)
			return;
		chat_quit(c);
		return;
	}
	for (i = 0; i < n; i++) {
		if (buf[i] != '\n') {
			if (c->linelen < PROTO_MAX_TEXT)
				c->line[c->linelen++] = buf[i];
			else
				c->overlong = 1;
			continue;
		}
		c->line[c->linelen] = '\0';
		if (c->overlong)
			printf("(that line was longer than %d bytes, the most "
			    "a message may hold; not sent)\n", PROTO_MAX_TEXT);
		else
			chat_line(c, c->line);
		c->linelen = 0;
		c->overlong = 0;
		if (c->quitting || !ev_is_active(&c->in))
			return;
	}
}

static void
quit_timeout_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct chat *c = w->data;

	(void)loop;
	(void)revents;
	fprintf(stderr, "advisor: could not end the conversation within %.0f "
	    "s (%s); it stays open until it expires\n", c->o.timeout,
	    c->s.ws.connected ? "no answer" : "not connected");
	chat_stop(c, 1);
}

/* End the conversation; chat_stop() comes with its ended message. */
static void
chat_quit(struct chat *c)
{
	if (c->quitting) {
		chat_stop(c, 1);
		return;
	}
	c->quitting = 1;
	ev_io_stop(c->loop, &c->in);
	if (c->sc == NULL) {
		chat_stop(c, 0);
		return;
	}
	/* (queued behind whatever was typed ahead, as input piped in is) */
	(void)session_send(c->sc, json_pack("{s:s}", "type", "end"));
	ev_timer_set(&c->quit_timer, c->o.timeout, 0.);
	ev_timer_start(c->loop, &c->quit_timer);
}

static void
sigint_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	(void)loop;
	(void)revents;
	printf("\n");
	chat_quit(w->data);
}

static const struct session_ops chat_ops = {
	on_link, on_message, on_error, on_turn, on_gone, NULL
};

/* The usage line on fp; returns rc (0 for --help, 2 for a usage error). */
static int
chat_usage(FILE *fp, int rc)
{
	fprintf(fp, "usage: advisor chat [URL | --url URL] [--save DIR] "
	    "[--api-key FILE] [--conversation NAME] [--resume NAME] [--token-file FILE] "
	    "[--timeout SECS] [--insecure]\n");
	return rc;
}

int
cmd_chat(int argc, char *argv[])
{
	struct chat c;
	static const struct lws_protocols protocols[] = {
		WSC_PROTOCOL, { NULL, NULL, 0, 0, 0, NULL, 0 }
	};
	char err[300], gen[64];
	unsigned char r[4];
	int i, k;

	memset(&c, 0, sizeof(c));
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			opts_free(&c.o);
			return chat_usage(stdout, 0);
		}
		if ((k = opts_common(&c.o, argc, argv, &i)) == -1) {
			opts_free(&c.o);
			return 2;
		}
		if (k == 1)
			continue;
		if (strcmp(argv[i], "--resume") == 0 && i + 1 < argc) {
			c.o.resume = 1;
			c.o.conversation = argv[++i];
		} else {
			opts_bad_arg(argv[i], "--resume");
			opts_free(&c.o);
			return chat_usage(stderr, 2);
		}
	}
	if (opts_finish(&c.o) == -1) {
		opts_free(&c.o);
		return 2;
	}
	if (c.o.resume && c.o.token == NULL) {
		fprintf(stderr, "advisor: no token for conversation %s: give "
		    "--token-file FILE or ADVISOR_TOKEN, or /detach it first\n",
		    c.o.conversation);
		opts_free(&c.o);
		return 2;
	}
	(void)signal(SIGPIPE, SIG_IGN);
	lws_set_log_level(0, NULL);
	c.tty = render_tty(stdout);
	c.loop = EV_DEFAULT;
	if ((c.ctx = wsc_context(c.loop, protocols, NULL)) == NULL) {
		fprintf(stderr, "advisor: cannot set up libwebsockets\n");
		opts_free(&c.o);
		return 1;
	}
	if (session_init(&c.s, c.ctx, c.loop, c.o.url, c.o.api_key,
	    ADVISOR_CLIENT, &chat_ops, &c, err, sizeof(err)) == -1) {
		fprintf(stderr, "advisor: %s\n", err);
		lws_context_destroy(c.ctx);
		opts_free(&c.o);
		return 2;
	}
	c.s.ws.insecure = c.o.insecure;
	if (c.o.resume) {
		c.sc = session_adopt(&c.s, c.o.conversation, c.o.token, 0);
		c.resuming = 1;
	}
	else if (c.o.api_key != NULL) {
		if (c.o.conversation == NULL) {
			randombytes_buf(r, sizeof(r));
			(void)snprintf(gen, sizeof(gen), "cli:%s:%02x%02x%02x%02x",
			    getenv("USER") ? getenv("USER") : "user", r[0], r[1],
			    r[2], r[3]);
		}
		c.sc = session_open(&c.s, c.o.conversation ? c.o.conversation :
		    gen);
	} else
		c.sc = session_open(&c.s, NULL);
	ev_io_init(&c.in, stdin_cb, STDIN_FILENO, EV_READ);
	c.in.data = &c;
	ev_io_start(c.loop, &c.in);
	ev_signal_init(&c.sigint, sigint_cb, SIGINT);
	c.sigint.data = &c;
	ev_signal_start(c.loop, &c.sigint);
	ev_timer_init(&c.quit_timer, quit_timeout_cb, 0., 0.);
	c.quit_timer.data = &c;
	printf("advisor: connecting to %s (type /help for help)\n", c.o.url);
	(void)fflush(stdout);
	session_start(&c.s);
	ev_run(c.loop, 0);
	/* no reconnect, and no news, while lws closes what is open */
	c.s.ws.closing = 1;
	c.quitting = 1;
	lws_context_destroy(c.ctx);
	session_free(&c.s);
	json_decref(c.question);
	json_decref(c.final);
	opts_free(&c.o);
	(void)fflush(stdout);
	return c.rc;
}
