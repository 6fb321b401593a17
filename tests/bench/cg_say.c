/* SPDX-License-Identifier: ISC */
/*
 * cg_say: the engine's understanding step on a fixed set of questions,
 * for callgrind, which counts the same instructions every run where the
 * daemon's window (tests/bench/cg_turn.sh) holds a different mix of
 * questions each time.  Every question of the given sets is said once in
 * a new dialogue, then all of them once more (memos warm).  A set of
 * conversations ({"conversations": [{"steps": [{"say": ...}]}]}) is said
 * too, after the questions: each conversation's steps in order in one
 * dialogue, once (what memcheck needs to see a field of one turn read
 * before it is set by the next: `make memcheck-engine`).
 *
 *	cg_say KB_DIR QUESTIONS.json...
 *
 *	valgrind --tool=callgrind --toggle-collect=dialogue_input \
 *	    build/cg_say knowledge/rust-vs-go-2026 tests/eval/questions.json \
 *	    tests/eval/holdout-questions.json
 *
 * then callgrind_annotate --inclusive=yes, divided by the number of says
 * printed.
 *
 * With -o FILE every reply of every say is written to FILE too (each
 * event as render_json() builds it, keys sorted, one a line), so that a
 * change meant to cost less can be shown to change no reply: the same
 * files give the same bytes before and after.  The descriptions and
 * personas of the eval's sets ("text") are said like questions then:
 *
 *	cg_say -o /tmp/replies knowledge/rust-vs-go-2026 SET.json... \
 *	    && sha256sum /tmp/replies
 *
 * with every open set of tests/eval as SET.json (the top level and
 * heldout2, heldout3; never the sealed heldout4 to 7).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "dialogue.h"
#include "kb.h"
#include "kbdir.h"
#include "render.h"

#define CG_MAX_QUESTIONS	8192
#define CG_MAX_STEPS		32768	/* steps of every conversation */
#define CG_MAX_CONVERSATIONS	8192

static struct dlg_events evs;
static FILE *out;	/* -o: the replies */

/* One input; with -o its replies written out. */
static void
say(struct dlg *d, const char *text)
{
	struct dlg_input in = { DLG_SAY, text, strlen(text), NULL, NULL };
	size_t i;

	dialogue_input(d, &in, &evs);
	for (i = 0; out != NULL && i < evs.n; i++) {
		json_t *m = render_json(evs.kb, &evs.ev[i]);
		char *js = json_dumps(m, JSON_SORT_KEYS | JSON_COMPACT);

		fprintf(out, "%s\n", js != NULL ? js : "(null)");
		free(js);
		json_decref(m);
	}
	if (out != NULL)
		fputs("--\n", out);
}

int
main(int argc, char *argv[])
{
	static char *q[CG_MAX_QUESTIONS];
	static char *st[CG_MAX_STEPS];
	static size_t conv_end[CG_MAX_CONVERSATIONS];	/* its last step + 1 */
	struct errlist el;
	struct kb *kb;
	size_t n = 0, i, j, round, nst = 0, nconv = 0;
	int a, k;

	if (argc > 2 && strcmp(argv[1], "-o") == 0) {
		if ((out = fopen(argv[2], "w")) == NULL) {
			perror(argv[2]);
			return 1;
		}
		argv += 2;
		argc -= 2;
	}
	if (argc < 3) {
		fprintf(stderr,
		    "usage: cg_say [-o REPLIES] KB_DIR QUESTIONS.json...\n");
		return 2;
	}
	memset(&el, 0, sizeof(el));
	if ((kb = kbdir_load(argv[1], &el)) == NULL) {
		kbdir_print(&el, stderr);
		return 1;
	}
	for (a = 2; a < argc; a++) {
		json_t *root = json_load_file(argv[a], 0, NULL), *o;
		const char *text;

		if (root == NULL) {
			fprintf(stderr, "cg_say: cannot read %s\n", argv[a]);
			return 1;
		}
		json_array_foreach(json_object_get(root, "questions"), i, o)
			if (n < CG_MAX_QUESTIONS && (text = json_string_value(
			    json_object_get(o, "q"))) != NULL &&
			    (q[n] = strdup(text)) != NULL)
				n++;
		for (k = 0; out != NULL && k < 2; k++)
			json_array_foreach(json_object_get(root, k == 0 ?
			    "descriptions" : "personas"), i, o)
				if (n < CG_MAX_QUESTIONS && (text =
				    json_string_value(json_object_get(o,
				    "text"))) != NULL &&
				    (q[n] = strdup(text)) != NULL)
					n++;
		json_array_foreach(json_object_get(root, "conversations"),
		    i, o) {
			json_t *s;

			if (nconv >= CG_MAX_CONVERSATIONS)
				break;
			json_array_foreach(json_object_get(o, "steps"), j, s)
				if (nst < CG_MAX_STEPS && (text =
				    json_string_value(json_object_get(s,
				    "say"))) != NULL &&
				    (st[nst] = strdup(text)) != NULL)
					nst++;
			conv_end[nconv++] = nst;
		}
		json_decref(root);
	}
	for (round = 0; round < 2; round++)
		for (i = 0; i < n; i++) {
			struct dlg d;

			dialogue_init(&d, kb);
			say(&d, q[i]);
		}
	for (i = 0, j = 0; i < nconv; i++) {
		struct dlg d;

		dialogue_init(&d, kb);
		for (; j < conv_end[i]; j++)
			say(&d, st[j]);
	}
	printf("%zu says\n", 2 * n + nst);
	if (out != NULL && fclose(out) != 0) {
		perror("cg_say");
		return 1;
	}
	return 0;
}
