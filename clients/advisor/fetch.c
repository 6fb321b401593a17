/* SPDX-License-Identifier: ISC */
/*
 * fetch.c: advisor transcript, the signed transcript of a conversation.
 *
 * Resumes conversation NAME with its token (from --token-file, the
 * ADVISOR_TOKEN environment variable, or what chat's /detach kept), asks
 * for the transcript so far (or, with --end, ends the conversation and
 * takes the final one) and saves it under -o DIR (default: the current
 * directory) as save.c describes.  A conversation that is gone (ended,
 * its end's answer lost; or expired) cannot be resumed: then its final
 * transcript is asked for by name and token (PROTOCOL.md 11.6).
 */
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "advisor.h"
#include "session.h"

struct fetch {
	struct ev_loop		*loop;
	struct session		 s;
	struct netopts		 o;
	ev_timer		 timer;
	int			 asked;
	int			 saved;
	int			 rc;
	int			 done;
	char			 final_id[80];	/* asked for the final one */
};

static void
fetch_stop(struct fetch *f, int rc, const char *fmt, const char *arg)
{
	if (f->done)
		return;
	f->done = 1;
	f->rc = rc;
	if (fmt != NULL) {
		fputs("advisor: ", stderr);
		fprintf(stderr, fmt, arg);
		fputc('\n', stderr);
	}
	ev_timer_stop(f->loop, &f->timer);
	ev_break(f->loop, EVBREAK_ALL);
}

static void
on_link(struct session *s, int up, const char *why)
{
	if (!up)
		fetch_stop(s->arg, 1, "%s", why);
}


/*
 * Save transcript message m under the save directory and print its path;
 * on failure stop with the reason and return -1.
 */
static int
fetch_save(struct fetch *f, struct session *s, json_t *m)
{
	char path[PATH_MAX + 64];

	if (save_transcript(f->o.save_dir ? f->o.save_dir : ".", m,
	    s->welcome, path, sizeof(path)) == -1) {
		fetch_stop(f, 1, "%s", path);
		return -1;
	}
	printf("%s\n", path);
	(void)fflush(stdout);
	f->saved = 1;
	return 0;
}

static void
on_message(struct session *s, struct sconv *sc, json_t *m)
{
	struct fetch *f = s->arg;

	(void)sc;
	if (!f->asked || strcmp(json_string_value(json_object_get(m, "type")),
	    "transcript") != 0)
		return;		/* the replay of what the conversation said */
	if (fetch_save(f, s, m) == -1)
		return;
	if (!f->o.end)
		fetch_stop(f, 0, NULL, NULL);
}

static void
on_error(struct session *s, struct sconv *sc, json_t *m)
{
	char line[400];

	(void)sc;
	(void)snprintf(line, sizeof(line), "%s: %s",
	    json_string_value(json_object_get(m, "code")),
	    json_string_value(json_object_get(m, "message")));
	fetch_stop(s->arg, 1, "%s", line);
}

static void
on_turn(struct session *s, struct sconv *sc)
{
	struct fetch *f = s->arg;

	if (f->asked)
		return;
	f->asked = 1;
	(void)session_send(sc, json_pack("{s:s}", "type", f->o.end ? "end" :
	    "transcript"));
}

static void
on_gone(struct session *s, struct sconv *sc, const char *why)
{
	struct fetch *f = s->arg;
	json_t *m;

	(void)sc;
	if (f->saved) {
		fetch_stop(f, 0, NULL, NULL);
		return;
	}
	if (f->final_id[0] == '\0' && strncmp(why, "unknown_conversation",
	    20) == 0) {
		/* gone: its final transcript is kept for a while */
		(void)session_new_id(s, f->final_id, sizeof(f->final_id));
		m = json_pack("{s:s, s:s, s:s}", "type", "transcript", "id",
		    f->final_id, "conversation", f->o.conversation);
		if (m != NULL && f->o.token != NULL)
			(void)json_object_set_new(m, "token",
			    json_string(f->o.token));
		if (m != NULL && wsc_send(&s->ws, m) == 0) {
			json_decref(m);
			return;
		}
		json_decref(m);
	}
	fetch_stop(f, 1, "cannot resume the conversation: %s", why);
}

/* The final transcript of a conversation that is gone. */
static void
on_stray(struct session *s, json_t *m)
{
	struct fetch *f = s->arg;
	const char *type = json_string_value(json_object_get(m, "type"));
	const char *re = json_string_value(json_object_get(m, "re"));

	if (f->final_id[0] == '\0' || type == NULL || re == NULL ||
	    strcmp(type, "transcript") != 0 || strcmp(re, f->final_id) != 0)
		return;
	if (fetch_save(f, s, m) == -1)
		return;
	fetch_stop(f, 0, NULL, NULL);
}

static void
timeout_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct fetch *f = w->data;

	(void)loop;
	(void)revents;
	fetch_stop(f, 1, "no transcript from %s in time (--timeout)",
	    f->o.url);
}

static const struct session_ops fetch_ops = {
	on_link, on_message, on_error, on_turn, on_gone, on_stray
};

/* The usage line on fp; returns rc (0 for --help, 2 for a usage error). */
static int
fetch_usage(FILE *fp, int rc)
{
	fprintf(fp, "usage: advisor transcript NAME [URL | --url URL] [-o DIR] "
	    "[--end] [--token-file FILE] [--api-key FILE] [--timeout SECS]\n"
	    "       [--insecure]\n");
	return rc;
}

int
cmd_transcript(int argc, char *argv[])
{
	static const struct lws_protocols protocols[] = {
		WSC_PROTOCOL, { NULL, NULL, 0, 0, 0, NULL, 0 }
	};
	struct lws_context *ctx;
	struct fetch f;
	struct sconv *sc;
	char err[300];
	int i, k;

	memset(&f, 0, sizeof(f));
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			opts_free(&f.o);
			return fetch_usage(stdout, 0);
		}
		if ((k = opts_common(&f.o, argc, argv, &i)) == -1) {
			opts_free(&f.o);
			return 2;
		}
		if (k == 1)
			continue;
		if (strcmp(argv[i], "--end") == 0)
			f.o.end = 1;
		else if (argv[i][0] != '-' && f.o.conversation == NULL)
			f.o.conversation = argv[i];
		else {
			opts_bad_arg(argv[i], NULL);
			opts_free(&f.o);
			return fetch_usage(stderr, 2);
		}
	}
	if (f.o.conversation == NULL) {
		opts_free(&f.o);
		return fetch_usage(stderr, 2);
	}
	if (opts_finish(&f.o) == -1) {
		opts_free(&f.o);
		return 2;
	}
	if (f.o.token == NULL && f.o.api_key == NULL) {
		fprintf(stderr, "advisor: no token for conversation %s: give "
		    "--token-file FILE or ADVISOR_TOKEN (or, for an "
		    "integration's conversation, its --api-key FILE or "
		    "ADVISOR_API_KEY)\n", f.o.conversation);
		opts_free(&f.o);
		return 2;
	}
	(void)signal(SIGPIPE, SIG_IGN);
	lws_set_log_level(0, NULL);
	f.loop = EV_DEFAULT;
	if ((ctx = wsc_context(f.loop, protocols, NULL)) == NULL) {
		fprintf(stderr, "advisor: cannot set up libwebsockets\n");
		return 1;
	}
	if (session_init(&f.s, ctx, f.loop, f.o.url, f.o.api_key,
	    ADVISOR_CLIENT, &fetch_ops, &f, err, sizeof(err)) == -1) {
		fprintf(stderr, "advisor: %s\n", err);
		lws_context_destroy(ctx);
		return 2;
	}
	f.s.ws.insecure = f.o.insecure;
	f.s.ws.reconnect = 0;
	/* without a token, the API key that owns the name takes it */
	if ((sc = session_adopt(&f.s, f.o.conversation, f.o.token != NULL ?
	    f.o.token : "", 0)) != NULL && f.o.token == NULL)
		sc->owned = 1;
	ev_timer_init(&f.timer, timeout_cb, f.o.timeout, 0.);
	f.timer.data = &f;
	ev_timer_start(f.loop, &f.timer);
	session_start(&f.s);
	ev_run(f.loop, 0);
	f.s.ws.closing = 1;
	f.done = 1;
	lws_context_destroy(ctx);
	session_free(&f.s);
	opts_free(&f.o);
	return f.rc;
}
