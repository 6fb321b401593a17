/* SPDX-License-Identifier: ISC */
/*
 * replay.c: advisor replay, a transcript re-run through the engine.
 *
 *	advisor replay TRANSCRIPT.json --kb DIR [-p KEY.pub]
 *
 * Checks the transcript (hash chain; with a public key, the signature
 * too), loads the knowledge base in DIR, checks it is the one the
 * transcript names (by hash), then feeds the engine the user's inputs as
 * recorded and renders what it says exactly as the daemon does
 * (protocol/render_json.c), comparing each message with the one the
 * server recorded, envelope aside (conversation, seq, re, done).  Prints
 * "identical: ..." and exits 0, or names the first divergence and exits
 * 1; 2 is a usage error or a file it cannot read.
 *
 * This is the one client that links the engine: it must say exactly what
 * the daemon would.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <sodium.h>

#include "advisor.h"
#include "dialogue.h"
#include "errlist.h"
#include "kb.h"
#include "minisign.h"
#include "proto.h"
#include "render.h"
#include "transcript.h"

#define REPLAY_MAX_FILE	(256u * 1024 * 1024)
#define REPLAY_MAX_MSGS	(DLG_MAX_EVENTS + 1)

struct kbfiles {
	const char	*dir;
	char		*buf;
};

/* kb_reader: a file of the knowledge base directory (see knowledge/kb.h). */
static const char *
kbfiles_read(void *arg, const char *file, size_t max, size_t *lenp, char *why,
    size_t whylen)
{
	struct kbfiles *kf = arg;
	char path[4096];
	FILE *fp;

	free(kf->buf);
	kf->buf = NULL;
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", kf->dir, file) >=
	    sizeof(path)) {
		(void)snprintf(why, whylen, "path too long");
		return NULL;
	}
	if ((fp = fopen(path, "rb")) == NULL) {
		(void)snprintf(why, whylen, "cannot open: %s", strerror(errno));
		return NULL;
	}
	if ((kf->buf = malloc(max + 1)) == NULL) {
		(void)fclose(fp);
		(void)snprintf(why, whylen, "out of memory");
		return NULL;
	}
	*lenp = fread(kf->buf, 1, max + 1, fp);
	(void)fclose(fp);
	return kf->buf;
}

static char *
slurp(const char *path, size_t *lenp, size_t max)
{
	FILE *fp = fopen(path, "rb");
	char *buf;

	if (fp == NULL)
		return NULL;
	if ((buf = malloc(max + 1)) == NULL) {
		(void)fclose(fp);
		return NULL;
	}
	*lenp = fread(buf, 1, max + 1, fp);
	(void)fclose(fp);
	if (*lenp > max) {
		free(buf);
		errno = EFBIG;
		return NULL;
	}
	buf[*lenp] = '\0';
	return buf;
}

/* The signature of file (FILE.minisig) by the key in pubpath.  -1: why. */
static int
check_signature(const char *file, const char *content, size_t clen,
    const char *pubpath, const struct tr_verify *v, char *why, size_t len)
{
	char sigpath[4096], tc[MINI_TRUSTED_MAX + 32];
	char *sig = NULL, *pubtext = NULL;
	size_t slen, plen;
	struct mini_pub pub;
	int rc = -1;

	(void)snprintf(sigpath, sizeof(sigpath), "%s.minisig", file);
	if ((sig = slurp(sigpath, &slen, 16384)) == NULL) {
		(void)snprintf(why, len, "cannot read the signature '%.200s': %s",
		    sigpath, strerror(errno));
		goto out;
	}
	if ((pubtext = slurp(pubpath, &plen, 4096)) == NULL) {
		(void)snprintf(why, len, "cannot read '%.200s': %s", pubpath,
		    strerror(errno));
		goto out;
	}
	if (mini_pub_parse(pubtext, plen, &pub, why, len) == -1 ||
	    mini_verify(&pub, content, clen, sig, slen, tc, sizeof(tc), why,
	    len) != 0 || tr_check_comment(tc, v, why, len) == -1)
		goto out;
	rc = 0;
out:
	free(sig);
	free(pubtext);
	return rc;
}

/* A server message without its envelope, for comparison. */
static json_t *
bare(const json_t *msg)
{
	json_t *m = json_deep_copy(msg);

	(void)json_object_del(m, "conversation");
	(void)json_object_del(m, "seq");
	(void)json_object_del(m, "re");
	(void)json_object_del(m, "done");
	return m;
}

static void
show(const char *what, const json_t *m)
{
	char *t = json_dumps(m, JSON_COMPACT | JSON_SORT_KEYS);

	printf("  %s: %.600s%s\n", what, t ? t : "?", t && strlen(t) > 600 ?
	    "..." : "");
	free(t);
}

/* What the engine says to input in, rendered, into out (a JSON array). */
static void
run_engine(struct dlg *dlg, const struct dlg_input *in, json_t *out)
{
	static struct dlg_events evs;
	size_t i;

	dialogue_input(dlg, in, &evs);
	json_array_clear(out);
	for (i = 0; i < evs.n; i++)
		(void)json_array_append_new(out, render_json(evs.kb,
		    &evs.ev[i]));
}

static int
replay_usage(void)
{
	fprintf(stderr, "usage: advisor replay TRANSCRIPT.json --kb DIR "
	    "[-p KEY.pub]\n");
	return 2;
}

int
cmd_replay(int argc, char *argv[])
{
	const char *file = NULL, *kbdir = NULL, *pubpath = NULL;
	char why[400], *content = NULL;
	struct kbfiles kf = { NULL, NULL };
	struct kb_reader rd;
	struct errlist el;
	struct kb *kb = NULL;
	struct dlg *dlg = NULL;
	struct tr_verify v;
	json_t *root = NULL, *recs, *pending = NULL;
	size_t clen, i, next = 0, compared = 0, inputs = 0;
	int rc = 2;

	for (i = 2; i < (size_t)argc; i++) {
		if (strcmp(argv[i], "--kb") == 0 && i + 1 < (size_t)argc)
			kbdir = argv[++i];
		else if (strcmp(argv[i], "-p") == 0 && i + 1 < (size_t)argc)
			pubpath = argv[++i];
		else if (argv[i][0] != '-' && file == NULL)
			file = argv[i];
		else {
			opts_bad_arg(argv[i], "--kb -p");
			return replay_usage();
		}
	}
	if (file == NULL || kbdir == NULL)
		return replay_usage();
	pending = json_array();
	if ((content = slurp(file, &clen, REPLAY_MAX_FILE)) == NULL) {
		fprintf(stderr, "advisor: cannot read '%s': %s\n", file,
		    strerror(errno));
		goto out;
	}
	rc = 1;
	if (tr_verify_file(content, clen, &v) == -1) {
		printf("invalid transcript: %s%s\n", v.error, v.bad_seq >= 0 ?
		    " (see advisor verify)" : "");
		goto out;
	}
	if (pubpath != NULL && (sodium_init() < 0 || check_signature(file,
	    content, clen, pubpath, &v, why, sizeof(why)) == -1)) {
		printf("invalid signature: %s\n", why);
		goto out;
	}
	errlist_init(&el);
	kf.dir = kbdir;
	rd.name = kbdir;
	rd.read = kbfiles_read;
	rd.arg = &kf;
	kb = kb_load(&rd, &el);
	free(kf.buf);
	if (kb == NULL) {
		fprintf(stderr, "advisor: the knowledge base in '%s' does not "
		    "load (advisord -n shows why)\n", kbdir);
		errlist_free(&el);
		rc = 2;
		goto out;
	}
	errlist_free(&el);
	if (strcasecmp(kb->hash_hex, v.kb_hash) != 0)
		printf("note: the knowledge base differs: the transcript was "
		    "made with %s, %s is %s\n", v.kb_hash, kbdir, kb->hash_hex);
	if ((root = json_loadb(content, clen, 0, NULL)) == NULL ||
	    !json_is_array(recs = json_object_get(root, "records"))) {
		printf("invalid transcript: not the advisor-transcript.v1 "
		    "format\n");
		goto out;
	}
	if ((dlg = malloc(dialogue_size())) == NULL)
		goto out;
	dialogue_init(dlg, kb);
	{
		struct dlg_input in;

		memset(&in, 0, sizeof(in));
		in.kind = DLG_START;
		run_engine(dlg, &in, pending);
	}
	for (i = 1; i < json_array_size(recs); i++) {
		json_t *rec = json_array_get(recs, i);
		json_t *msg = json_object_get(rec, "msg");
		const char *dir = json_string_value(json_object_get(rec, "dir"));
		const char *type = json_string_value(json_object_get(msg,
		    "type"));

		if (dir == NULL || type == NULL)
			continue;
		if (strcmp(dir, "client") == 0) {
			struct proto_msg m;
			struct proto_error e;
			struct dlg_input in;
			char *text;

			if (next < json_array_size(pending)) {
				printf("divergence at record %zu (the user's "
				    "%s): the engine now says more before it\n",
				    i, type);
				show("the engine now also says",
				    json_array_get(pending, next));
				goto out;
			}
			text = json_dumps(msg, JSON_COMPACT);
			if (text == NULL || proto_decode(text, strlen(text), &m,
			    &e) == -1) {
				free(text);
				printf("invalid transcript: record %zu: the "
				    "user's message does not decode\n", i);
				goto out;
			}
			free(text);
			json_array_clear(pending);
			next = 0;
			if (input_from_msg(&m, &in) == 0) {
				run_engine(dlg, &in, pending);
				inputs++;
			}
			proto_msg_free(&m);
			continue;
		}
		/* server messages the engine does not make */
		if (strcmp(type, "opened") == 0 || (strcmp(type, "error") == 0 &&
		    strcmp(json_string_value(json_object_get(msg, "code")) ?
		    json_string_value(json_object_get(msg, "code")) : "",
		    "internal") == 0))
			continue;
		if (next == json_array_size(pending)) {
			/* a hello again: the daemon repeats the opening */
			struct dlg_input in;

			memset(&in, 0, sizeof(in));
			in.kind = DLG_START;
			run_engine(dlg, &in, pending);
			next = 0;
		}
		{
			json_t *want = bare(msg), *got = next <
			    json_array_size(pending) ? json_array_get(pending,
			    next) : NULL;
			int same = got != NULL && json_equal(want, got);

			if (!same) {
				printf("divergence at record %zu (seq %lld, "
				    "%s):\n", i, (long long)json_integer_value(
				    json_object_get(msg, "seq")), type);
				show("the transcript says", want);
				if (got != NULL)
					show("the engine now says", got);
				else
					printf("  the engine now says nothing "
					    "more\n");
				json_decref(want);
				goto out;
			}
			json_decref(want);
			next++;
			compared++;
		}
	}
	if (next < json_array_size(pending)) {
		printf("divergence at the end: the engine now says more\n");
		show("the engine now also says", json_array_get(pending, next));
		goto out;
	}
	printf("identical: conversation %s, %zu user inputs replayed, %zu "
	    "server messages the same, knowledge base %s%s\n", v.conversation,
	    inputs, compared, kb->hash_hex, pubpath ? ", signature valid" :
	    " (signature not checked: give -p KEY.pub)");
	rc = 0;
out:
	(void)fflush(stdout);
	json_decref(pending);
	json_decref(root);
	free(dlg);
	if (kb != NULL)
		kb_free(kb);
	free(content);
	return rc;
}
