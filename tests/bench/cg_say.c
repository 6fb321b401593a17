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
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "dialogue.h"
#include "kb.h"
#include "kbdir.h"

#define CG_MAX_QUESTIONS	4096
#define CG_MAX_STEPS		32768	/* steps of every conversation */
#define CG_MAX_CONVERSATIONS	8192

static struct dlg_events evs;

int
main(int argc, char *argv[])
{
	static char *q[CG_MAX_QUESTIONS];
	static char *st[CG_MAX_STEPS];
	static size_t conv_end[CG_MAX_CONVERSATIONS];	/* its last step + 1 */
	struct errlist el;
	struct kb *kb;
	size_t n = 0, i, j, round, nst = 0, nconv = 0;
	int a;

	if (argc < 3) {
		fprintf(stderr, "usage: cg_say KB_DIR QUESTIONS.json...\n");
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
			struct dlg_input in = { DLG_SAY, q[i], strlen(q[i]),
			    NULL, NULL };

			dialogue_init(&d, kb);
			dialogue_input(&d, &in, &evs);
		}
	for (i = 0, j = 0; i < nconv; i++) {
		struct dlg d;

		dialogue_init(&d, kb);
		for (; j < conv_end[i]; j++) {
			struct dlg_input in = { DLG_SAY, st[j], strlen(st[j]),
			    NULL, NULL };

			dialogue_input(&d, &in, &evs);
		}
	}
	printf("%zu says\n", 2 * n + nst);
	return 0;
}
