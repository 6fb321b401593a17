/* SPDX-License-Identifier: ISC */
/*
 * test_golden.c: replay the golden conversations of tests/golden/.
 *
 * Each file is a whole dialogue as data: the knowledge base it runs on,
 * then turns of one client message ("in", as the protocol has it; the id
 * may be left out) and the server messages expected.  A turn goes the way
 * the daemon takes it: proto_decode(), input_from_msg() and
 * dialogue_input(), then render_json() for each event.  An
 * expected output matches when every member it names has the same value in
 * the actual output (objects are compared member by member, recursively;
 * an expected array matches the first elements of the actual one), so a
 * golden file says what matters about a turn and nothing more.  The number
 * of outputs of a turn must match exactly.  Each file is one test.
 */
#include <dirent.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <jansson.h>

#include "helpers.h"
#include "jsonenc.h"
#include "proto.h"
#include "render.h"
#include "strbuf.h"
#include "transcript.h"

#define GOLDEN_DIR	"tests/golden"
#define MAX_FILES	256

static struct kb *article, *tiny;
static char *files[MAX_FILES];
static size_t nfiles;

/* Does actual contain everything expected says?  path names the spot. */
static int
subset(json_t *expected, json_t *actual, char *path, size_t plen)
{
	size_t used = strlen(path), i;
	const char *key;
	json_t *v;

	if (json_is_object(expected)) {
		if (!json_is_object(actual))
			return 0;
		json_object_foreach(expected, key, v) {
			int ok;

			(void)snprintf(path + used, plen - used, ".%s", key);
			ok = subset(v, json_object_get(actual, key), path, plen);
			if (!ok)
				return 0;
			path[used] = '\0';
		}
		return 1;
	}
	if (json_is_array(expected)) {
		if (!json_is_array(actual) ||
		    json_array_size(actual) < json_array_size(expected))
			return 0;
		json_array_foreach(expected, i, v) {
			(void)snprintf(path + used, plen - used, "[%zu]", i);
			if (!subset(v, json_array_get(actual, i), path, plen))
				return 0;
			path[used] = '\0';
		}
		return 1;
	}
	if (json_is_number(expected) && json_is_number(actual))
		return json_number_value(expected) == json_number_value(actual);
	return actual != NULL && json_equal(expected, actual);
}

/* The client message of a turn as the engine's input, decoded. */
static void
turn_input(const char *file, size_t t, json_t *in, struct proto_msg *m,
    struct dlg_input *di)
{
	struct proto_error e;
	json_t *msg = json_deep_copy(in);
	char *text;

	if (json_object_get(msg, "id") == NULL)
		(void)json_object_set_new(msg, "id", json_string("g1"));
	text = json_dumps(msg, JSON_COMPACT);
	json_decref(msg);
	if (text == NULL)
		fail_msg("%s: turn %zu: cannot encode the input", file, t);
	if (proto_decode(text, strlen(text), m, &e) == -1)
		fail_msg("%s: turn %zu: the protocol refuses the input: %s: %s",
		    file, t, e.code, e.message);
	free(text);
	if (input_from_msg(m, di) == -1)
		fail_msg("%s: turn %zu: not an input of the engine", file, t);
}

/*
 * jsonenc() (the daemon's encoder, which writes a frozen value's kept
 * text: citations, choices and rule weights are shared per knowledge
 * base) gives the bytes json_dumps() gives for the tree, with the wire's
 * flags.
 */
static void
same_wire_bytes(const json_t *msg, const char *file, size_t t)
{
	char *a, *b;

	assert_non_null(msg);
	a = jsonenc(msg, NULL);
	b = json_dumps(msg, JSON_COMPACT | JSON_SORT_KEYS |
	    JSON_REAL_PRECISION(10));
	assert_non_null(a);
	assert_non_null(b);
	if (strcmp(a, b) != 0) {
		print_message("%s: turn %zu:\n jsonenc %.3000s\n jansson "
		    "%.3000s\n", file, t, a, b);
		fail_msg("%s: turn %zu: encodings differ", file, t);
	}
	free(a);
	free(b);
}

#define OUT_BEFORE	"[earlier bytes]"	/* in out before a message */

static size_t	ndirect;	/* messages render_json_bytes() wrote */
static size_t	ndirect_type[DLG_EV_ERROR + 1];	/* by event type */
/* answers written directly with: a chart, corrections, a lead row,
 * words missing, not covered */
static size_t	nchart, ncorrected, nlead, nmissing, nuncovered;

/* A string member of o as a C string, or NULL. */
static const char *
member(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static void
same_str(const char *a, const char *b, const char *what, const char *where)
{
	if ((a == NULL) != (b == NULL) || (a != NULL && strcmp(a, b) != 0))
		fail_msg("%s: %s: direct %s, tree %s", where, what,
		    a ? a : "(none)", b ? b : "(none)");
}

/*
 * render_json_bytes() of event ev with envelope env, when it writes the
 * message, gives the bytes json_dumps() gives with the wire's flags of
 * render_json()'s tree with env's members added as the daemon adds them
 * (conv_emit_rec()), and the Markdown's parts are the tree's members.
 * Returns whether it wrote the message.
 */
static int
same_direct_bytes(const struct kb *kb, const struct dlg_event *ev,
    const struct render_env *env, const char *where)
{
	struct tr_md_parts md;
	struct strbuf b;
	json_t *tree;
	char *want;

	/* what is in out before stays, and is all there is after a -1 */
	strbuf_init(&b, 64);
	strbuf_append(&b, OUT_BEFORE, sizeof(OUT_BEFORE) - 1);
	assert_non_null(b.p);
	if (render_json_bytes(kb, ev, env, &b, &md) == -1) {
		assert_non_null(b.p);
		assert_int_equal(b.len, sizeof(OUT_BEFORE) - 1);
		assert_string_equal(b.p, OUT_BEFORE);
		free(strbuf_finish(&b, NULL));
		return 0;
	}
	assert_true(b.len >= sizeof(OUT_BEFORE) - 1);
	assert_memory_equal(b.p, OUT_BEFORE, sizeof(OUT_BEFORE) - 1);
	b.len -= sizeof(OUT_BEFORE) - 1;
	memmove(b.p, b.p + sizeof(OUT_BEFORE) - 1, b.len + 1);
	tree = render_json(kb, ev);
	assert_non_null(tree);
	(void)json_object_set_new(tree, "conversation",
	    json_string(env->conversation));
	(void)json_object_set_new(tree, "seq", json_integer(env->seq));
	if (env->re != NULL)
		(void)json_object_set_new(tree, "re", json_string(env->re));
	if (env->done)
		(void)json_object_set_new(tree, "done", json_true());
	want = json_dumps(tree, JSON_COMPACT | JSON_SORT_KEYS |
	    JSON_REAL_PRECISION(10));
	assert_non_null(want);
	assert_non_null(b.p);
	if (strlen(want) != b.len || memcmp(want, b.p, b.len) != 0) {
		print_message("%s:\n direct %.3000s\n jansson %.3000s\n",
		    where, b.p, want);
		fail_msg("%s: the direct bytes differ from the tree's", where);
	}
	same_str(md.type, member(tree, "type"), "type", where);
	same_str(md.plain, member(tree, "plain"), "plain", where);
	assert_int_equal(md.plain_len, strlen(md.plain));
	same_str(md.question, member(tree, "question"), "question", where);
	same_str(md.text, member(tree, "text"), "text", where);
	assert_true(md.seq == env->seq);
	if (md.choices == NULL)
		assert_null(json_object_get(tree, "choices"));
	else
		assert_true(json_equal(md.choices,
		    json_object_get(tree, "choices")));
	assert_null(json_object_get(tree, "message"));
	json_decref(md.choices);
	free(want);
	free(strbuf_finish(&b, NULL));
	ndirect++;
	nchart += json_object_get(tree, "chart") != NULL;
	ncorrected += json_object_get(tree, "corrected") != NULL;
	nlead += json_object_get(tree, "lead") != NULL;
	nmissing += json_object_get(tree, "missing") != NULL;
	nuncovered += json_is_false(json_object_get(tree, "covered"));
	if ((unsigned)ev->type <= DLG_EV_ERROR)
		ndirect_type[ev->type]++;
	json_decref(tree);
	return 1;
}

/* Each envelope the daemon may add, on event ev. */
static void
same_direct_envelopes(const struct kb *kb, const struct dlg_event *ev,
    long long seq, int done, const char *where)
{
	static const struct {
		const char *conversation, *re;
	} envs[] = {
		{ "c-0123456789abcdef", "r-17" },
		{ "c-0123456789abcdef", NULL },
		{ "a\"quote\\and backslash", "re \"x\"\\" },
	};
	struct render_env env;
	size_t k;

	for (k = 0; k < sizeof(envs) / sizeof(envs[0]); k++) {
		env.conversation = envs[k].conversation;
		env.re = envs[k].re;
		env.seq = seq + (long long)k * 1000003;
		env.done = (int)k == 1 ? !done : done;
		(void)same_direct_bytes(kb, ev, &env, where);
	}
	/* names the protocol would refuse go through the tree */
	{
		struct tr_md_parts md;
		struct strbuf b;

		strbuf_init(&b, 64);
		env.conversation = "tab\there";
		env.re = NULL;
		assert_int_equal(render_json_bytes(kb, ev, &env, &b, &md), -1);
		env.conversation = "c-1";
		env.re = "caf\xc3\xa9";
		assert_int_equal(render_json_bytes(kb, ev, &env, &b, &md), -1);
		assert_int_equal(b.len, 0);
		free(strbuf_finish(&b, NULL));
	}
}

/*
 * Every question of both knowledge bases, first asked and asked again,
 * with and without a current choice, at several steps: the direct bytes
 * are the tree's.
 */
/*
 * A question's chat line: "(step k of about n)" going forward; asked
 * again to change its answer, how many are answered and that answer by
 * its label (a new user read "(step 3 of about 9)" for question 2 and
 * never saw the answer being changed).
 */
static void
direct_question_plain(const struct kb *kb, const struct dlg_event *ev,
    const char *where)
{
	static struct render_buf b;
	const struct dlg_ev_question *e = &ev->u.question;
	const struct kb_question *qu = &kb->dialogue.questions[e->question];
	const char *plain = render_plain(kb, ev, &b);
	char want[512];

	if (e->current < 0) {
		assert_non_null(strstr(plain, "(step "));
		return;
	}
	(void)snprintf(want, sizeof(want), "(%d answered; your answer now: "
	    "%s) ", e->step - 1, qu->choices[e->current].label);
	if (strstr(plain, want) == NULL)
		fail_msg("%s: \"%s\" lacks \"%s\"", where, plain, want);
	assert_null(strstr(plain, "(step "));
}

static void
direct_every_question(void **state)
{
	const struct kb *kbs[2];
	size_t k, q, want = 0;
	int c;

	(void)state;
	kbs[0] = article;
	kbs[1] = tiny;
	ndirect = 0;
	for (k = 0; k < 2; k++)
		for (q = 0; q < kbs[k]->dialogue.nquestions; q++) {
			const struct kb_question *qu =
			    &kbs[k]->dialogue.questions[q];

			want += 3 * (qu->nchoices + 1);
			for (c = -1; c < (int)qu->nchoices; c++) {
				struct dlg_event ev;
				char where[128];

				memset(&ev, 0, sizeof(ev));
				ev.type = DLG_EV_QUESTION;
				ev.u.question.question = (int)q;
				ev.u.question.step = (int)q + 1;
				ev.u.question.of = (int)kbs[k]->dialogue.nquestions +
				    c + 1;
				ev.u.question.resume = c >= 0 && (c & 1);
				ev.u.question.current = c;
				(void)snprintf(where, sizeof(where),
				    "kb %zu question %s current %d", k, qu->id, c);
				same_direct_envelopes(kbs[k], &ev,
				    (long long)q * 7 + 1, c & 1, where);
				direct_question_plain(kbs[k], &ev, where);
			}
		}
	/* every one was written directly, 3 envelopes each */
	assert_int_equal(ndirect, want);
	print_message("%zu questions written directly\n", ndirect);
	/* the golden conversations (run before) had recommendations */
	print_message("%zu recommendations written directly\n",
	    ndirect_type[DLG_EV_RECOMMENDATION]);
	assert_true(ndirect_type[DLG_EV_RECOMMENDATION] > 0);
	print_message("%zu answers written directly\n",
	    ndirect_type[DLG_EV_ANSWER]);
	assert_true(ndirect_type[DLG_EV_ANSWER] > 0);
	/* and notices (restart, undo, changed...: notice_bytes()) */
	print_message("%zu notices written directly\n",
	    ndirect_type[DLG_EV_NOTICE]);
	assert_true(ndirect_type[DLG_EV_NOTICE] > 0);
}

/*
 * The free questions of the evaluation sets (not the sealed ones), asked
 * one after the other in one conversation on the article's knowledge
 * base, each also with its longest word misspelt: every message of every
 * turn written directly is the tree's.
 */
static void
direct_eval_questions(void **state)
{
	static const char *const sets[] = {
		"tests/eval/questions.json",
		"tests/eval/holdout-questions.json",
		"tests/eval/dev-questions.json",
		"tests/eval/dev-questions2.json",
	};
	static struct dlg_events evs;
	struct dlg d;
	size_t k, n = 0, before = ndirect_type[DLG_EV_ANSWER];

	(void)state;
	dialogue_init(&d, article);
	for (k = 0; k < sizeof(sets) / sizeof(sets[0]); k++) {
		json_error_t jerr;
		json_t *root = json_load_file(sets[k], 0, &jerr), *q;
		size_t i, v;

		if (root == NULL)
			fail_msg("%s:%d: %s", sets[k], jerr.line, jerr.text);
		json_array_foreach(json_object_get(root, "questions"), i, q) {
			const char *text = json_string_value(
			    json_object_get(q, "q"));
			char typo[1024], where[1200];

			if (text == NULL || strlen(text) >= sizeof(typo))
				continue;
			for (v = 0; v < 2; v++) {
				struct proto_msg m;
				struct dlg_input di;
				json_t *in;
				size_t e;

				(void)strcpy(typo, text);
				if (v == 1) {	/* drop the longest word's 2nd letter */
					char *w = typo, *best = NULL, *p;
					size_t bl = 0, l;

					for (p = typo; ; p++)
						if (*p == ' ' || *p == '\0') {
							l = (size_t)(p - w);
							if (l > bl) {
								bl = l;
								best = w;
							}
							if (*p == '\0')
								break;
							w = p + 1;
						}
					if (best == NULL || bl < 6)
						continue;
					memmove(best + 1, best + 2, strlen(best + 2) + 1);
				}
				in = json_pack("{s:s, s:s}", "type", "say", "text",
				    typo);
				turn_input(sets[k], i, in, &m, &di);
				json_decref(in);
				dialogue_input(&d, &di, &evs);
				for (e = 0; e < evs.n; e++) {
					(void)snprintf(where, sizeof(where),
					    "%s: question %zu (%s): message %zu",
					    sets[k], i, typo, e);
					same_direct_envelopes(evs.kb, &evs.ev[e],
					    (long long)n * 3 + 1, e + 1 == evs.n,
					    where);
				}
				proto_msg_free(&m);
				n++;
			}
		}
		json_decref(root);
	}
	print_message("%zu questions asked; %zu answers written directly "
	    "(%zu with a chart, %zu corrected, %zu with a lead row, %zu with "
	    "words missing, %zu not covered)\n", n,
	    ndirect_type[DLG_EV_ANSWER] - before, nchart, ncorrected, nlead,
	    nmissing, nuncovered);
	assert_true(ndirect_type[DLG_EV_ANSWER] > before);
	assert_true(nchart > 0 && ncorrected > 0 && nlead > 0 &&
	    nuncovered > 0);
}

/*
 * Events of the golden conversations and some free questions, replayed on
 * kb (a knowledge base of the test's own, changed below): the questions,
 * answers and recommendations, at most cap of each type, appended to
 * saved.  kbname: the golden files' "kb" member for it.
 */
#define SAVED_MAX	512

static struct dlg_event	saved[SAVED_MAX];
static size_t		nsaved;

static void
save_events(struct kb *kb, const char *kbname, size_t cap)
{
	static struct dlg_events evs;
	size_t f, t, e, ntype[DLG_EV_ERROR + 1];
	struct dlg d;

	memset(ntype, 0, sizeof(ntype));
	for (f = 0; f < nfiles; f++) {
		json_error_t jerr;
		json_t *root = json_load_file(files[f], 0, &jerr), *turn;
		const char *name;

		if (root == NULL)
			fail_msg("%s:%d: %s", files[f], jerr.line, jerr.text);
		name = json_string_value(json_object_get(root, "kb"));
		if (name == NULL || strcmp(name, kbname) != 0) {
			json_decref(root);
			continue;
		}
		dialogue_init(&d, kb);
		json_array_foreach(json_object_get(root, "turns"), t, turn) {
			struct proto_msg m;
			struct dlg_input di;

			turn_input(files[f], t, json_object_get(turn, "in"), &m,
			    &di);
			dialogue_input(&d, &di, &evs);
			for (e = 0; e < evs.n; e++) {
				enum dlg_ev_type ty = evs.ev[e].type;

				if ((ty != DLG_EV_QUESTION && ty != DLG_EV_ANSWER &&
				    ty != DLG_EV_RECOMMENDATION) ||
				    ntype[ty] == cap || nsaved == SAVED_MAX)
					continue;
				ntype[ty]++;
				saved[nsaved++] = evs.ev[e];
			}
			proto_msg_free(&m);
		}
		json_decref(root);
	}
}

/* The knowledge base members a message may carry. */
enum hostile_field {
	HF_QUESTION_ID, HF_QUESTION_TEXT, HF_CHOICE_ID, HF_CHOICE_LABEL,
	HF_OUTCOME_ID, HF_OUTCOME_LABEL, HF_OUTCOME_SUMMARY, HF_RULE_ID,
	HF_RULE_REASON, HF_CAVEAT_ID, HF_CAVEAT_TEXT, HF_CLAIM_ID,
	HF_CLAIM_TEXT, HF_CLAIM_QUOTE, HF_SUBJECT_ID, HF_SUBJECT_NAME,
	HF_SOURCE_ID, HF_SOURCE_NAME, HF_FIGURE_LABEL, HF_FIGURE_UNIT,
	HF_ROW_ID, HF_ROW_VERDICT, HF_ROW_DIMENSION, HF_NOT_COVERED,
	HF_COUNT
};

#define HOSTILE_SLOTS	8192

/* The places of field f in kb (those set: a NULL stays NULL). */
static size_t
hostile_slots(struct kb *kb, enum hostile_field f, const char ***slot)
{
	struct kb_dialogue *dl = &kb->dialogue;
	size_t i, k, n = 0;

#define SLOT(pp)	do {						\
	const char **p_ = (pp);					\
								\
	if (*p_ != NULL && n < HOSTILE_SLOTS)				\
		slot[n++] = p_;					\
} while (0)
	switch (f) {
	case HF_QUESTION_ID:
	case HF_QUESTION_TEXT:
		for (i = 0; i < dl->nquestions; i++)
			SLOT(f == HF_QUESTION_ID ? &dl->questions[i].id :
			    &dl->questions[i].text);
		break;
	case HF_CHOICE_ID:
	case HF_CHOICE_LABEL:
		for (i = 0; i < dl->nquestions; i++)
			for (k = 0; k < dl->questions[i].nchoices; k++)
				SLOT(f == HF_CHOICE_ID ?
				    &dl->questions[i].choices[k].id :
				    &dl->questions[i].choices[k].label);
		break;
	case HF_OUTCOME_ID:
	case HF_OUTCOME_LABEL:
	case HF_OUTCOME_SUMMARY:
		for (i = 0; i < dl->noutcomes; i++)
			SLOT(f == HF_OUTCOME_ID ? &dl->outcomes[i].id :
			    f == HF_OUTCOME_LABEL ? &dl->outcomes[i].label :
			    &dl->outcomes[i].summary);
		break;
	case HF_RULE_ID:
	case HF_RULE_REASON:
		for (i = 0; i < dl->nrules; i++)
			SLOT(f == HF_RULE_ID ? &dl->rules[i].id :
			    &dl->rules[i].reason);
		break;
	case HF_CAVEAT_ID:
	case HF_CAVEAT_TEXT:
		for (i = 0; i < dl->ncaveats; i++)
			SLOT(f == HF_CAVEAT_ID ? &dl->caveats[i].id :
			    &dl->caveats[i].text);
		break;
	case HF_CLAIM_ID:
	case HF_CLAIM_TEXT:
	case HF_CLAIM_QUOTE:
		for (i = 0; i < kb->nclaims; i++)
			SLOT(f == HF_CLAIM_ID ? &kb->claims[i].id :
			    f == HF_CLAIM_TEXT ? &kb->claims[i].text :
			    &kb->claims[i].quote);
		break;
	case HF_SUBJECT_ID:
	case HF_SUBJECT_NAME:
		for (i = 0; i < kb->nsubjects; i++)
			SLOT(f == HF_SUBJECT_ID ? &kb->subjects[i].id :
			    &kb->subjects[i].name);
		break;
	case HF_SOURCE_ID:
	case HF_SOURCE_NAME:
		for (i = 0; i < kb->nsources; i++)
			SLOT(f == HF_SOURCE_ID ? &kb->sources[i].id :
			    &kb->sources[i].name);
		break;
	case HF_FIGURE_LABEL:
	case HF_FIGURE_UNIT:
		for (i = 0; i < kb->nclaims; i++)
			for (k = 0; k < kb->claims[i].nfigures; k++) {
				struct kb_figure *fg = (struct kb_figure *)
				    &kb->claims[i].figures[k];

				SLOT(f == HF_FIGURE_LABEL ? &fg->label :
				    &fg->unit);
			}
		break;
	case HF_ROW_ID:
	case HF_ROW_VERDICT:
	case HF_ROW_DIMENSION:
		for (i = 0; i < kb->nrows; i++)
			SLOT(f == HF_ROW_ID ? &kb->rows[i].id :
			    f == HF_ROW_VERDICT ? &kb->rows[i].verdict :
			    &kb->rows[i].dimension);
		break;
	case HF_NOT_COVERED:
		SLOT(&kb->not_covered);
		break;
	case HF_COUNT:
		break;
	}
#undef SLOT
	return n;
}

/*
 * Knowledge base texts that jansson escapes, writes as they are or
 * refuses: every control character's escape, quotes and backslashes,
 * U+2028 and U+2029 (JSON allows them raw; jansson writes them so),
 * other UTF-8, invalid UTF-8 (a stray byte, an overlong form, a
 * surrogate, a cut sequence, past U+10FFFF), an empty text and texts
 * longer than a message's plain text.  Each in turn in each member a
 * message can carry (ids numbered to stay distinct): where
 * render_json_bytes() writes a message its bytes are the tree's, and
 * where it does not it leaves out as it was (same_direct_bytes()).
 */
static void
direct_hostile_texts(void **state)
{
	static const struct {
		const char	*s;
		int		 valid;
	} texts[] = {
		{ "", 1 },
		{ "ctl \x01\x02\x1b\x1f\x7f \t \n \r \b \f \v end", 1 },
		{ "q\"uo\\te/sl</script>\\u0000", 1 },
		{ "line\xe2\x80\xa8sep\xe2\x80\xa9para", 1 },
		{ "caf\xc3\xa9 \xf0\x9f\x98\x80 \xef\xbf\xbf \xf4\x8f\xbf\xbf",
		  1 },
		{ "stray \xff byte", 0 },
		{ "overlong \xc0\xaf", 0 },
		{ "surrogate \xed\xa0\x80", 0 },
		{ "cut \xe2\x82", 0 },
		{ "past \xf4\x90\x80\x80", 0 },
		{ NULL, 1 },	/* 40,000 bytes, quotes and newlines in */
		{ NULL, 1 },	/* 12,000 two-byte characters */
	};
	static const char *const kbnames[] = { "tiny", "article" };
	static const char **slot[HOSTILE_SLOTS];
	static const char *was[HOSTILE_SLOTS];
	static char *made[HOSTILE_SLOTS];
	char *longs[2];
	size_t k, t, i, n, e, ncombos = 0, before, nfallback = 0;
	int f;

	(void)state;
	longs[0] = malloc(40001);
	longs[1] = malloc(24001);
	assert_non_null(longs[0]);
	assert_non_null(longs[1]);
	for (i = 0; i < 40000; i++)
		longs[0][i] = i % 97 == 0 ? '"' : i % 89 == 0 ? '\n' :
		    (char)('a' + i % 26);
	longs[0][40000] = '\0';
	for (i = 0; i < 24000; i += 2) {
		longs[1][i] = '\xc3';
		longs[1][i + 1] = '\xa9';
	}
	longs[1][24000] = '\0';
	for (k = 0; k < 2; k++) {
		struct kb *kb = load_kb(k == 0 ? TINY_KB : ARTICLE_KB);

		assert_non_null(kb);
		kb->hash_hex[0] = '\0';	/* not shared with the others */
		nsaved = 0;
		save_events(kb, kbnames[k], 24);
		print_message("%s: %zu messages, each with every text in every "
		    "member\n", kbnames[k], nsaved);
		assert_true(nsaved > 0);
		for (f = 0; f < HF_COUNT; f++) {
			n = hostile_slots(kb, (enum hostile_field)f, slot);
			for (t = 0; t < sizeof(texts) / sizeof(texts[0]); t++) {
				const char *s = texts[t].s != NULL ? texts[t].s :
				    longs[t + 2 - sizeof(texts) / sizeof(texts[0])];
				struct render_env env = { "c-1", 1, "r\"1", 1 };

				for (i = 0; i < n; i++) {
					was[i] = *slot[i];
					if (f == HF_FIGURE_UNIT || i == 0)
						*slot[i] = s;
					else {
						size_t len = strlen(s) + 16;

						made[i] = malloc(len);
						assert_non_null(made[i]);
						(void)snprintf(made[i], len, "%s%zu",
						    s, i);
						*slot[i] = made[i];
					}
				}
				before = ndirect;
				for (e = 0; e < nsaved; e++) {
					char where[160];

					(void)snprintf(where, sizeof(where),
					    "%s: member %d, text %zu, message "
					    "%zu", kbnames[k], f, t, e);
					env.seq = (long long)e + 1;
					if (!same_direct_bytes(kb, &saved[e],
					    &env, where))
						nfallback++;
				}
				/* a short valid text changes no path: the
				 * messages are written as before */
				if (n > 0 && texts[t].valid && texts[t].s != NULL &&
				    f != HF_OUTCOME_ID)
					assert_true(ndirect > before);
				for (i = 0; i < n; i++) {
					*slot[i] = was[i];
					if (f != HF_FIGURE_UNIT && i > 0)
						free(made[i]);
				}
				ncombos++;
			}
		}
		kb_free(kb);
	}
	print_message("%zu member and text pairs; %zu messages went through "
	    "the tree\n", ncombos, nfallback);
	free(longs[0]);
	free(longs[1]);
}

/*
 * Numbers at their limits: scores and confidences that are and are not
 * thousandths, negative zero, reals past the plain notation (1e21, 1e-7,
 * the smallest subnormal, the largest double) and a confidence whose
 * rounding to hundredths overflows (the tree then has no "confidence":
 * json_real() refuses infinity); integers at their limits in the
 * progress, "remaining", "could_flip" and "seq".
 */
static void
direct_limit_numbers(void **state)
{
	static const double reals[] = {
		0.0, -0.0, 0.0005, -0.0005, 0.001, 0.1 + 0.2, 1.0 / 3, 2.675,
		1e7, -1e7, 9999999.999, 9999999.9995, 1e21, -1e21, 1e-7,
		4.9406564584124654e-324, 1.7976931348623157e308, -1e300,
		1e300, 123456789012.345, NAN, INFINITY, -INFINITY,
	};
	static const long long ints[] = {
		LLONG_MIN, LLONG_MIN + 1, -1, 0, 1, INT_MIN, INT_MAX,
		LLONG_MAX,
	};
	struct kb *kb = load_kb(TINY_KB);
	size_t e, i, nrec = 0, nq = 0;

	(void)state;
	assert_non_null(kb);
	nsaved = 0;
	save_events(kb, "tiny", 8);
	for (e = 0; e < nsaved; e++) {
		struct render_env env = { "c-1", 1, NULL, 0 };
		struct dlg_event ev = saved[e];
		char where[160];

		for (i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
			(void)snprintf(where, sizeof(where), "message %zu, "
			    "integer %lld", e, ints[i]);
			env.seq = ints[i];
			if (ev.type == DLG_EV_QUESTION) {
				ev.u.question.step = (int)ints[i];
				ev.u.question.of = i % 2 ? INT_MAX : INT_MIN;
				nq++;
			} else if (ev.type == DLG_EV_RECOMMENDATION) {
				ev.u.recommendation.remaining = (int)ints[i];
				ev.u.recommendation.basis.flips = (int)ints[i];
			}
			(void)same_direct_bytes(kb, &ev, &env, where);
		}
		if (ev.type != DLG_EV_RECOMMENDATION)
			continue;
		for (i = 0; i < sizeof(reals) / sizeof(reals[0]); i++) {
			size_t o;

			ev = saved[e];
			for (o = 0; o < kb->dialogue.noutcomes; o++)
				ev.u.recommendation.basis.scores[o] =
				    reals[(i + o) % (sizeof(reals) /
				    sizeof(reals[0]))];
			(void)snprintf(where, sizeof(where), "message %zu, "
			    "scores from real %zu", e, i);
			(void)same_direct_bytes(kb, &ev, &env, where);
			ev = saved[e];
			ev.u.recommendation.confidence = reals[i];
			(void)snprintf(where, sizeof(where), "message %zu, "
			    "confidence %g", e, reals[i]);
			(void)same_direct_bytes(kb, &ev, &env, where);
			nrec++;
		}
	}
	assert_true(nq > 0 && nrec > 0);
	kb_free(kb);
}

static void
replay(void **state)
{
	const char *file = *state;
	json_error_t jerr;
	json_t *root, *turns, *turn;
	struct dlg d;
	const char *kbname;
	size_t t;

	root = json_load_file(file, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL)
		fail_msg("%s:%d: %s", file, jerr.line, jerr.text);
	kbname = json_string_value(json_object_get(root, "kb"));
	assert_non_null(kbname);
	dialogue_init(&d, strcmp(kbname, "tiny") == 0 ? tiny : article);
	turns = json_object_get(root, "turns");
	assert_true(json_is_array(turns));
	json_array_foreach(turns, t, turn) {
		json_t *in = json_object_get(turn, "in"), *want, *got;
		static struct dlg_events evs;
		struct proto_msg m;
		struct dlg_input di;
		size_t i;
		char path[512];

		turn_input(file, t, in, &m, &di);
		dialogue_input(&d, &di, &evs);
		assert_int_equal(evs.dropped, 0);
		got = json_array();
		for (i = 0; i < evs.n; i++) {
			json_t *msg = render_json(evs.kb, &evs.ev[i]);

			/* the wire's bytes, frozen parts (render_cache) and
			 * all, are what jansson writes of the whole tree */
			same_wire_bytes(msg, file, t);
			{
				char where[512];

				(void)snprintf(where, sizeof(where),
				    "%s: turn %zu: message %zu", file, t, i);
				same_direct_envelopes(evs.kb, &evs.ev[i],
				    (long long)t * 3 + (long long)i + 1,
				    i + 1 == evs.n, where);
			}
			(void)json_array_append_new(got, msg);
		}
		proto_msg_free(&m);
		want = json_object_get(turn, "out");
		if (json_array_size(want) != json_array_size(got)) {
			char *s = json_dumps(got, JSON_COMPACT);

			print_message("%s: turn %zu: got %.2000s\n", file, t, s);
			free(s);
			fail_msg("%s: turn %zu: %zu outputs, expected %zu", file,
			    t, json_array_size(got), json_array_size(want));
		}
		for (i = 0; i < json_array_size(want); i++) {
			(void)snprintf(path, sizeof(path), "out[%zu]", i);
			if (!subset(json_array_get(want, i),
			    json_array_get(got, i), path, sizeof(path))) {
				char *s = json_dumps(json_array_get(got, i),
				    JSON_COMPACT);

				print_message("%s: turn %zu: %s differs; got "
				    "%.3000s\n", file, t, path, s);
				free(s);
				fail_msg("%s: turn %zu: mismatch at %s", file, t,
				    path);
			}
		}
		json_decref(got);
	}
	json_decref(root);
}

static int
load_kbs(void)
{
	article = load_kb(ARTICLE_KB);
	tiny = load_kb(TINY_KB);
	return article && tiny ? 0 : -1;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(void)
{
	struct CMUnitTest tests[MAX_FILES + 4];
	struct dirent *de;
	DIR *dir;
	size_t i;
	int rc;

	if (load_kbs() == -1)
		return 1;
	if ((dir = opendir(GOLDEN_DIR)) == NULL)
		return 1;
	while ((de = readdir(dir)) != NULL) {
		size_t n = strlen(de->d_name);
		char *p;

		if (n < 6 || strcmp(de->d_name + n - 5, ".json") != 0)
			continue;
		/* every file is run, or none: a silent cap left files out */
		if (nfiles == MAX_FILES) {
			fprintf(stderr, "%s: more than %d golden files; raise "
			    "MAX_FILES in %s\n", GOLDEN_DIR, MAX_FILES,
			    __FILE__);
			closedir(dir);
			return 1;
		}
		if ((p = malloc(sizeof(GOLDEN_DIR) + n + 1)) == NULL)
			return 1;
		(void)sprintf(p, "%s/%s", GOLDEN_DIR, de->d_name);
		files[nfiles++] = p;
	}
	closedir(dir);
	qsort(files, nfiles, sizeof(files[0]), cmp_str);
	for (i = 0; i < nfiles; i++) {
		memset(&tests[i], 0, sizeof(tests[i]));
		tests[i].name = files[i];
		tests[i].test_func = replay;
		tests[i].initial_state = files[i];
	}
	memset(&tests[nfiles], 0, sizeof(tests[nfiles]));
	tests[nfiles].name = "direct_every_question";
	tests[nfiles].test_func = direct_every_question;
	memset(&tests[nfiles + 1], 0, sizeof(tests[nfiles + 1]));
	tests[nfiles + 1].name = "direct_eval_questions";
	tests[nfiles + 1].test_func = direct_eval_questions;
	memset(&tests[nfiles + 2], 0, sizeof(tests[nfiles + 2]));
	tests[nfiles + 2].name = "direct_hostile_texts";
	tests[nfiles + 2].test_func = direct_hostile_texts;
	memset(&tests[nfiles + 3], 0, sizeof(tests[nfiles + 3]));
	tests[nfiles + 3].name = "direct_limit_numbers";
	tests[nfiles + 3].test_func = direct_limit_numbers;
	rc = _cmocka_run_group_tests("golden", tests, nfiles + 4, NULL, NULL);
	for (i = 0; i < nfiles; i++)
		free(files[i]);
	kb_free(article);
	kb_free(tiny);
	return rc;
}
