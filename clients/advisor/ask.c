/* SPDX-License-Identifier: ISC */
/*
 * ask.c: advisor ask, one question for scripts.
 *
 * Starts a conversation, says TEXT, prints that turn's messages (as text,
 * or with --json as a JSON array of the server's messages exactly as
 * received), ends the conversation and exits 0.  Anything else exits 1
 * with one line on stderr saying why: no connection, a refusal, an error
 * from the server, no answer within --timeout seconds.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "advisor.h"
#include "proto.h"
#include "session.h"

enum ask_phase { ASK_OPENING, ASK_ASKED, ASK_ENDING };

struct ask {
	struct ev_loop		*loop;
	struct session		 s;
	struct sconv		*sc;
	struct netopts		 o;
	ev_timer		 timer;
	enum ask_phase		 phase;
	const char		*text;
	json_t			*out;
	int			 rc;
	int			 done;
};

static void
ask_stop(struct ask *a, int rc, const char *fmt, const char *arg)
{
	if (a->done)
		return;
	a->done = 1;
	a->rc = rc;
	if (fmt != NULL) {
		char line[600];

		/* arg may be the server's words: no control characters */
		(void)snprintf(line, sizeof(line), fmt, arg);
		render_strip(line);
		fprintf(stderr, "advisor: %s\n", line);
	}
	ev_timer_stop(a->loop, &a->timer);
	ev_break(a->loop, EVBREAK_ALL);
}

static void
on_link(struct session *s, int up, const char *why)
{
	struct ask *a = s->arg;

	if (up)
		return;
	if (a->phase == ASK_ENDING)
		ask_stop(a, 0, NULL, NULL);
	else if (a->o.url_default && a->phase == ASK_OPENING)
		/* the usual cause: the daemon listens elsewhere */
		ask_stop(a, 1, "%s (no URL given, so the default; give the "
		    "daemon's: advisor ask --url ws://HOST:PORT/ws TEXT, or "
		    "set ADVISOR_URL)", why);
	else
		ask_stop(a, 1, "%s", why);
}

static void
on_message(struct session *s, struct sconv *sc, json_t *m)
{
	struct ask *a = s->arg;

	(void)sc;
	if (a->phase == ASK_ASKED)
		(void)json_array_append(a->out, m);
}

static void
on_error(struct session *s, struct sconv *sc, json_t *m)
{
	struct ask *a = s->arg;
	char line[400];

	(void)sc;
	(void)snprintf(line, sizeof(line), "%s: %s",
	    json_string_value(json_object_get(m, "code")) ?: "?",
	    json_string_value(json_object_get(m, "message")) ?: "");
	ask_stop(a, 1, "the server answered with an error: %s", line);
}

static void
print_answer(struct ask *a)
{
	size_t i;
	json_t *m;

	if (a->o.json) {
		char *t = json_dumps(a->out, JSON_COMPACT);

		if (t != NULL)
			printf("%s\n", t);
		free(t);
	} else
		json_array_foreach(a->out, i, m) {
			/* the walk's next question: the conversation ends now */
			if (strcmp(json_string_value(json_object_get(m,
			    "type")) ?: "", "question") == 0 &&
			    json_array_size(a->out) > 1)
				continue;
			render_message(stdout, m, render_tty(stdout));
		}
	(void)fflush(stdout);
}

static void
on_turn(struct session *s, struct sconv *sc)
{
	struct ask *a = s->arg;

	switch (a->phase) {
	case ASK_OPENING:
		a->phase = ASK_ASKED;
		(void)session_say(sc, a->text);
		break;
	case ASK_ASKED:
		print_answer(a);
		a->phase = ASK_ENDING;
		(void)session_send(sc, json_pack("{s:s}", "type", "end"));
		break;
	case ASK_ENDING:
		break;
	}
}

static void
on_gone(struct session *s, struct sconv *sc, const char *why)
{
	struct ask *a = s->arg;

	(void)sc;
	if (a->phase == ASK_ENDING)
		ask_stop(a, 0, NULL, NULL);
	else
		ask_stop(a, 1, "the conversation was lost: %s", why);
}

static void
timeout_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct ask *a = w->data;

	(void)loop;
	(void)revents;
	if (a->phase == ASK_ENDING)
		ask_stop(a, 0, NULL, NULL);	/* answered; it will expire */
	else
		ask_stop(a, 1, "no answer from %s in time (--timeout)",
		    a->o.url);
}

static const struct session_ops ask_ops = {
	on_link, on_message, on_error, on_turn, on_gone, NULL
};

/* The usage line on fp; returns rc (0 for --help, 2 for a usage error). */
static int
ask_usage(FILE *fp, int rc)
{
	fprintf(fp, "usage: advisor ask [URL | --url URL] [--json] "
	    "[--api-key FILE] [--timeout SECS] [--insecure] TEXT...\n");
	return rc;
}

int
cmd_ask(int argc, char *argv[])
{
	static const struct lws_protocols protocols[] = {
		WSC_PROTOCOL, { NULL, NULL, 0, 0, 0, NULL, 0 }
	};
	struct lws_context *ctx;
	struct ask a;
	char err[300], text[PROTO_MAX_TEXT + 1], gen[64];
	unsigned char r[4];
	size_t len = 0;
	int i, k, words = 0;

	memset(&a, 0, sizeof(a));
	text[0] = '\0';
	for (i = 2; i < argc; i++) {
		if (words == 0 && (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0)) {
			opts_free(&a.o);
			return ask_usage(stdout, 0);
		}
		if (words == 0 && (k = opts_common(&a.o, argc, argv, &i)) != 0) {
			if (k == -1) {
				opts_free(&a.o);
				return 2;
			}
			continue;
		}
		if (words == 0 && strcmp(argv[i], "--json") == 0) {
			a.o.json = 1;
			continue;
		}
		if (words == 0 && strcmp(argv[i], "--") == 0) {
			words = -1;
			continue;
		}
		if (words == 0 && argv[i][0] == '-' && argv[i][1] != '\0') {
			opts_bad_arg(argv[i], NULL);
			opts_free(&a.o);
			return ask_usage(stderr, 2);
		}
		if (len + strlen(argv[i]) + 1 > PROTO_MAX_TEXT) {
			fprintf(stderr, "advisor: the question is longer than %d "
			    "bytes\n", PROTO_MAX_TEXT);
			opts_free(&a.o);
			return 2;
		}
		len += (size_t)snprintf(text + len, sizeof(text) - len, "%s%s",
		    len ? " " : "", argv[i]);
		words = 1;
	}
	if (len == 0) {
		opts_free(&a.o);
		return ask_usage(stderr, 2);
	}
	if (opts_finish(&a.o) == -1) {
		opts_free(&a.o);
		return 2;
	}
	(void)signal(SIGPIPE, SIG_IGN);
	lws_set_log_level(0, NULL);
	a.loop = EV_DEFAULT;
	a.text = text;
	a.out = json_array();
	if ((ctx = wsc_context(a.loop, protocols, NULL)) == NULL) {
		fprintf(stderr, "advisor: cannot set up libwebsockets\n");
		return 1;
	}
	if (session_init(&a.s, ctx, a.loop, a.o.url, a.o.api_key,
	    ADVISOR_CLIENT, &ask_ops, &a, err, sizeof(err)) == -1) {
		fprintf(stderr, "advisor: %s\n", err);
		lws_context_destroy(ctx);
		return 2;
	}
	a.s.ws.insecure = a.o.insecure;
	a.s.ws.reconnect = 0;		/* one shot: a failure is the answer */
	if (a.o.api_key != NULL) {
		randombytes_buf(r, sizeof(r));
		(void)snprintf(gen, sizeof(gen), "cli-ask:%02x%02x%02x%02x",
		    r[0], r[1], r[2], r[3]);
		a.sc = session_open(&a.s, a.o.conversation ? a.o.conversation :
		    gen);
	} else
		a.sc = session_open(&a.s, NULL);
	ev_timer_init(&a.timer, timeout_cb, a.o.timeout, 0.);
	a.timer.data = &a;
	ev_timer_start(a.loop, &a.timer);
	session_start(&a.s);
	ev_run(a.loop, 0);
	a.s.ws.closing = 1;
	a.done = 1;
	lws_context_destroy(ctx);
	session_free(&a.s);
	json_decref(a.out);
	opts_free(&a.o);
	return a.rc;
}
