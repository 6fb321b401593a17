/* SPDX-License-Identifier: ISC */
/*
 * test_dialogue.c: the conversation engine (knowledge/dialogue.c):
 * verdicts for personas, the walk's bookkeeping, explanations that agree
 * with the verdicts they explain, determinism and size.  Whole dialogues
 * are in tests/golden/ (test_golden.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <jansson.h>

#include "dialogue.h"
#include "helpers.h"
#include "render.h"

static struct kb *article, *tiny;

static int
setup(void **state)
{
	(void)state;
	article = load_kb(ARTICLE_KB);
	tiny = load_kb(TINY_KB);
	return article && tiny ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	kb_free(article);
	kb_free(tiny);
	return 0;
}

/* Feed one input; return its messages, as rendered (caller decrefs). */
static json_t *
feed(struct dlg *d, enum dlg_in_kind kind, const char *text,
    const char *question, const char *choice)
{
	static struct dlg_events evs;
	struct dlg_input in;
	json_t *out = json_array();
	size_t i;

	memset(&in, 0, sizeof(in));
	in.kind = kind;
	in.text = text;
	in.len = text ? strlen(text) : 0;
	in.question = question;
	in.choice = choice;
	dialogue_input(d, &in, &evs);
	assert_int_equal(evs.dropped, 0);
	for (i = 0; i < evs.n; i++)
		(void)json_array_append_new(out, render_json(evs.kb,
		    &evs.ev[i]));
	return out;
}

static json_t *
say(struct dlg *d, const char *text)
{
	return feed(d, DLG_SAY, text, NULL, NULL);
}

/* d, a new dialogue on the article, its first question asked. */
static void
start(struct dlg *d)
{
	dialogue_init(d, article);
	json_decref(feed(d, DLG_START, NULL, NULL, NULL));
}

/* The first output of a kind, or NULL. */
static json_t *
find(json_t *out, const char *kind)
{
	size_t i;
	json_t *o;

	json_array_foreach(out, i, o)
		if (strcmp(json_string_value(json_object_get(o, "type")),
		    kind) == 0)
			return o;
	return NULL;
}

static const char *
str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* How many events of out (a JSON array) have type `type`. */
static size_t
count_type(json_t *out, const char *type)
{
	size_t k, n = 0;
	json_t *e;

	json_array_foreach(out, k, e)
		if (strcmp(str(e, "type"), type) == 0)
			n++;
	return n;
}

static size_t
personas_right(const struct kb *kb, const char *path, size_t *n)
{
	json_t *root = json_load_file(path, 0, NULL), *p;
	size_t i, right = 0;

	assert_non_null(root);
	*n = 0;
	json_array_foreach(json_object_get(root, "personas"), i, p) {
		const char *text = str(p, "text"), *want = str(p, "verdict");
		int v = dialogue_profile_verdict(kb, text, NULL);

		(*n)++;
		if (v >= 0 && strcmp(kb->dialogue.outcomes[v].id, want) ==
		    0)
			right++;
		else
			print_message("  %s: want %s, got %s: %s\n", path, want,
			    v >= 0 ? kb->dialogue.outcomes[v].id : "none",
			    text);
	}
	json_decref(root);
	print_message("  %s: %zu of %zu personas get the article's verdict\n",
	    path, right, *n);
	return right;
}

static void
test_personas_public(void **state)
{
	char path[] = SHARED_EVAL "/personas.json";
	size_t n, right;

	(void)state;
	if (!file_exists(path)) {
		print_message("  %s absent: skipped\n", path);
		skip();
	}
	right = personas_right(article, path, &n);
	assert_int_equal(right, n);
}

static void
test_personas_own(void **state)
{
	size_t n, right = personas_right(article, "tests/eval/personas.json",
	    &n);

	(void)state;
	assert_true(n >= 30);
	assert_int_equal(right, n);
}

static void
test_personas_holdout(void **state)
{
	size_t n, right = personas_right(article,
	    "tests/eval/holdout-personas.json", &n);

	(void)state;
	assert_true(n >= 30);
	assert_true(right * 10 >= n * 8);
}

/* Walking and asking: step k of about n, skipped questions, the end. */
static void
test_progress_and_skips(void **state)
{
	struct dlg d;
	json_t *out, *q;
	int prev_step = 0;

	(void)state;
	dialogue_init(&d, article);
	out = feed(&d, DLG_START, NULL, NULL, NULL);
	q = find(out, "question");
	assert_string_equal(str(q, "question"), "building");
	json_decref(out);
	/* kernel work makes latency, priorities and cloud-native moot */
	out = feed(&d, DLG_CHOOSE, NULL, "building", "kernel");
	q = find(out, "question");
	assert_string_equal(str(q, "question"), "memory_safety");
	prev_step = (int)json_integer_value(json_object_get(json_object_get(q,
	    "progress"), "step"));
	assert_int_equal(prev_step, 2);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(q,
	    "progress"), "of")), 6);
	json_decref(out);
	for (;;) {
		json_t *first;
		int step;

		out = say(&d, "1");
		if ((q = find(out, "question")) == NULL) {
			assert_non_null(find(out, "recommendation"));
			json_decref(out);
			break;
		}
		assert_string_not_equal(str(q, "question"), "latency");
		assert_string_not_equal(str(q, "question"), "priorities");
		assert_string_not_equal(str(q, "question"), "cloud_native");
		step = (int)json_integer_value(json_object_get(json_object_get(q,
		    "progress"), "step"));
		assert_int_equal(step, prev_step + 1);
		prev_step = step;
		first = json_array_get(out, 0);
		assert_string_equal(str(first, "type"), "question");
		json_decref(out);
	}
	assert_int_equal(d.pending, -1);
}

/* "why?" after a verdict: the contributions add up to the scores. */
static void
test_why_adds_up(void **state)
{
	struct dlg d;
	json_t *out, *rec, *exp, *c, *scores;
	double sum_go = 0;
	size_t i;

	(void)state;
	start(&d);
	out = say(&d, "We build REST APIs on Kubernetes, the team is mixed "
	    "and we must hire, and we need to ship within weeks");
	rec = find(out, "recommendation");
	assert_non_null(rec);
	assert_string_equal(str(rec, "verdict"), "go");
	json_decref(out);
	out = feed(&d, DLG_RECOMMEND, NULL, NULL, NULL);
	json_decref(out);
	out = say(&d, "how did you get there?");
	exp = find(out, "explanation");
	assert_string_equal(str(exp, "topic"), "why_verdict");
	json_array_foreach(json_object_get(exp, "contributions"), i, c) {
		json_t *w = json_object_get(json_object_get(c, "weights"), "go");

		if (w != NULL)
			sum_go += json_number_value(w);
		assert_true(json_array_size(json_object_get(c,
		    "citations")) >= 1);
	}
	scores = json_object_get(exp, "scores");
	assert_true(sum_go == json_number_value(json_object_get(scores, "go")));
	json_decref(out);
}

/* The largest weight for outcome "why?" shows for question qid's answer
 * (it may feed several rules: memory bugs weigh for Rust alone, and with
 * both layers for Both too), 0 when none. */
static double
why_weight(json_t *exp, const char *qid, const char *outcome)
{
	json_t *c, *a;
	size_t i, j;
	double w, best = 0;

	json_array_foreach(json_object_get(exp, "contributions"), i, c)
		json_array_foreach(json_object_get(c, "answers"), j, a)
			if (strcmp(str(a, "question"), qid) == 0 &&
			    (w = json_number_value(json_object_get(
			    json_object_get(c, "weights"), outcome))) > best)
				best = w;
	return best;
}

/*
 * An answer told for a question the walk skips still weighs when the
 * answer that skips it combines a choice for which it is asked: memory
 * bugs in the C proxy of one who owns both layers show under "why?" with
 * their rule's weight.  Skipped for a single choice, it stays out.
 */
static void
test_told_answer_counts(void **state)
{
	struct dlg d;
	json_t *out, *exp;

	(void)state;
	start(&d);
	out = say(&d, "we own the web services and also the C proxy in front "
	    "of them, it keeps having memory bugs");
	assert_string_equal(str(find(out, "recommendation"), "verdict"),
	    "both");
	json_decref(out);
	json_decref(feed(&d, DLG_RECOMMEND, NULL, NULL, NULL));
	out = say(&d, "how did you get there?");
	exp = find(out, "explanation");
	assert_string_equal(str(exp, "topic"), "why_verdict");
	assert_true(why_weight(exp, "memory_safety", "rust") > 0);
	assert_true(json_number_value(json_object_get(json_object_get(exp,
	    "scores"), "rust")) > 0);
	json_decref(out);

	start(&d);
	out = say(&d, "we write internal command line tools, and it's c code "
	    "with memory bugs we are leaving behind");
	assert_string_equal(str(find(out, "recommendation"), "verdict"),
	    "go");
	json_decref(out);
	json_decref(feed(&d, DLG_RECOMMEND, NULL, NULL, NULL));
	out = say(&d, "how did you get there?");
	exp = find(out, "explanation");
	assert_string_equal(str(exp, "topic"), "why_verdict");
	assert_true(why_weight(exp, "memory_safety", "rust") == 0);
	json_decref(out);
}

/*
 * "What would change it" must be true: applying each alternative in a
 * fresh conversation gives the verdict it promised.
 */
static void
test_what_changes_is_true(void **state)
{
	struct dlg d;
	json_t *out, *exp, *alt;
	size_t i;

	(void)state;
	start(&d);
	json_decref(feed(&d, DLG_CHOOSE, NULL, "building", "apis"));
	json_decref(feed(&d, DLG_CHOOSE, NULL, "latency", "relaxed"));
	json_decref(feed(&d, DLG_CHOOSE, NULL, "priorities", "balanced"));
	json_decref(feed(&d, DLG_CHOOSE, NULL, "cloud_native", "no"));
	json_decref(feed(&d, DLG_CHOOSE, NULL, "team", "no_constraint"));
	json_decref(feed(&d, DLG_CHOOSE, NULL, "timeline", "months"));
	json_decref(feed(&d, DLG_CHOOSE, NULL, "background", "cpp"));
	out = feed(&d, DLG_CHOOSE, NULL, "career", "na");
	assert_string_equal(str(find(out, "recommendation"), "verdict"), "go");
	json_decref(out);
	out = feed(&d, DLG_WHAT_CHANGES, NULL, NULL, NULL);
	exp = find(out, "explanation");
	assert_true(json_array_size(json_object_get(exp, "alternatives")) >= 1);
	json_array_foreach(json_object_get(exp, "alternatives"), i, alt) {
		struct dlg copy = d;
		json_t *ch = json_array_get(json_object_get(alt, "changes"), 0);
		json_t *o2;
		int v;

		assert_string_not_equal(str(alt, "verdict"), "go");
		o2 = feed(&copy, DLG_CHANGE, NULL, str(ch, "question"),
		    str(ch, "choice"));
		json_decref(o2);
		if (json_array_size(json_object_get(alt, "changes")) > 1) {
			ch = json_array_get(json_object_get(alt, "changes"), 1);
			json_decref(feed(&copy, DLG_CHANGE, NULL,
			    str(ch, "question"), str(ch, "choice")));
		}
		v = dialogue_verdict(&copy, NULL);
		assert_true(v >= 0);
		assert_string_equal(article->dialogue.outcomes[v].id,
		    str(alt, "verdict"));
	}
	json_decref(out);
}

/* What-if does not change anything; it predicts what a change would. */
static void
test_what_if_predicts(void **state)
{
	struct dlg d, copy;
	json_t *out, *exp;
	int before, v;

	(void)state;
	start(&d);
	json_decref(say(&d, "I'm a Java developer building microservices"));
	before = dialogue_verdict(&d, NULL);
	out = say(&d, "what if I said webassembly");
	exp = find(out, "explanation");
	assert_string_equal(str(exp, "topic"), "what_if");
	assert_string_equal(str(exp, "question"), "building");
	assert_string_equal(str(exp, "choice"), "wasm");
	assert_int_equal(dialogue_verdict(&d, NULL), before);
	copy = d;
	json_decref(feed(&copy, DLG_CHANGE, NULL, "building", "wasm"));
	v = dialogue_verdict(&copy, NULL);
	assert_string_equal(article->dialogue.outcomes[v].id,
	    str(exp, "verdict"));
	json_decref(out);
}

/* Same inputs, same outputs, byte for byte. */
static void
test_deterministic(void **state)
{
	static const char *const inputs[] = { "hello", "Java dev, we build "
	    "microservices on Kubernetes", "why?", "what is pingora?", "2",
	    "back", "what would change it", "summary", "restart", "kernel" };
	char *runs[2];
	int r;

	(void)state;
	for (r = 0; r < 2; r++) {
		json_t *all = json_array();
		struct dlg d;
		size_t i;

		json_t *first;

		dialogue_init(&d, article);
		first = feed(&d, DLG_START, NULL, NULL, NULL);
		json_array_extend(all, first);
		json_decref(first);
		for (i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
			json_t *o = say(&d, inputs[i]);

			json_array_extend(all, o);
			json_decref(o);
		}
		runs[r] = json_dumps(all, JSON_SORT_KEYS | JSON_COMPACT);
		json_decref(all);
	}
	assert_string_equal(runs[0], runs[1]);
	free(runs[0]);
	free(runs[1]);
}

/* Every output carries a plain-text rendering, choices numbered. */
static void
test_plain_rendering(void **state)
{
	struct dlg d;
	json_t *out, *o;
	size_t i;

	(void)state;
	dialogue_init(&d, article);
	out = feed(&d, DLG_START, NULL, NULL, NULL);
	o = find(out, "question");
	assert_non_null(strstr(str(o, "plain"), "1. "));
	assert_non_null(strstr(str(o, "plain"), "10. "));
	json_array_foreach(out, i, o)
		assert_true(strlen(str(o, "plain")) > 0);
	json_decref(out);
}

/* The engine holds a few KiB per conversation, and no pointers out. */
static void
test_size(void **state)
{
	(void)state;
	print_message("  sizeof(struct dlg) = %zu bytes\n", dialogue_size());
	assert_true(dialogue_size() <= 4096);
}

/* A second knowledge base, about another decision, through one engine. */
static void
test_other_kb(void **state)
{
	struct dlg d;
	json_t *out;

	(void)state;
	dialogue_init(&d, tiny);
	json_decref(feed(&d, DLG_START, NULL, NULL, NULL));
	out = say(&d, "my trip is long, but a station is close");
	assert_string_equal(str(find(out, "question"), "question"), "weather");
	json_decref(out);
	out = say(&d, "mostly dry");
	assert_non_null(find(out, "recommendation"));
	assert_string_equal(str(find(out, "recommendation"), "verdict"),
	    "both");
	json_decref(out);
	assert_int_equal(dialogue_profile_verdict(tiny, "It's a short trip and "
	    "it rarely rains", NULL), kb_outcome_index(tiny, "bike"));
	assert_int_equal(dialogue_profile_verdict(tiny, "a long trip",
	    NULL), kb_outcome_index(tiny, "bus"));
}

/*
 * A choice's roles (the tiny KB's "around corner", "other side town"):
 * their words in any order, close together and in one clause, select it;
 * a negation before them counts against it, as it does for a phrase.
 */
static void
test_roles(void **state)
{
	(void)state;
	assert_int_equal(dialogue_profile_verdict(tiny, "the office is just "
	    "around the corner and it rarely rains", NULL),
	    kb_outcome_index(tiny, "bike"));
	assert_int_equal(dialogue_profile_verdict(tiny, "I live on the other "
	    "side of town", NULL), kb_outcome_index(tiny, "bus"));
	/* in any order */
	assert_int_equal(dialogue_profile_verdict(tiny, "the town is on the "
	    "other side", NULL), kb_outcome_index(tiny, "bus"));
	/* a clause mark between its words: no role */
	assert_int_equal(dialogue_profile_verdict(tiny, "work is in the "
	    "town, on the other side", NULL), -1);
	assert_int_equal(dialogue_profile_verdict(tiny, "the corner shop, "
	    "then around", NULL), -1);
	/* too far apart: no role */
	assert_int_equal(dialogue_profile_verdict(tiny, "other people say my "
	    "bike has a squeaky left pedal side and the town", NULL), -1);
	/* negated: counts against it */
	assert_int_equal(dialogue_profile_verdict(tiny, "my office is not "
	    "across the city", NULL), -1);
}

/* Negation turns a phrase around. */
static void
test_negation(void **state)
{
	(void)state;
	assert_int_equal(dialogue_profile_verdict(article, "Latency must be "
	    "deterministic: garbage collection pauses are not acceptable",
	    NULL), kb_outcome_index(article, "rust"));
	assert_int_equal(dialogue_profile_verdict(tiny, "my trip is not "
	    "short", NULL), -1);
}

/*
 * A chart plots each figure once: the comparison table and the Rust claim
 * state the same salary range, which is one bar, while Rust's and Go's
 * ranges are two.
 */
static void
test_chart_points(void **state)
{
	struct dlg d;
	json_t *out, *chart, *p, *q;
	size_t i, j, rust = 0, go = 0;

	(void)state;
	start(&d);
	out = say(&d, "How do Rust and Go salaries compare?");
	assert_non_null(find(out, "answer"));
	chart = json_object_get(find(out, "answer"), "chart");
	assert_non_null(chart);
	assert_string_equal(json_string_value(json_object_get(chart, "unit")),
	    "USD");
	json_array_foreach(json_object_get(chart, "points"), i, p) {
		const char *label = json_string_value(json_object_get(p,
		    "label"));

		rust += strstr(label, "Rust") != NULL ||
		    strcmp(json_string_value(json_object_get(p, "subject")),
		    "rust") == 0;
		go += strstr(label, "Go") != NULL ||
		    strcmp(json_string_value(json_object_get(p, "subject")),
		    "go") == 0;
		for (j = 0; j < i; j++) {
			q = json_array_get(json_object_get(chart, "points"), j);
			assert_false(json_equal(json_object_get(p, "value"),
			    json_object_get(q, "value")) &&
			    json_equal(json_object_get(p, "max"),
			    json_object_get(q, "max")));
		}
	}
	assert_int_equal(rust, 1);
	assert_int_equal(go, 1);
	json_decref(out);
}

/* ---- phrases: the knowledge base's words ------------------------------ */

/* Does el hold a message containing want? */
static int
has_error_part(const struct errlist *el, const char *want)
{
	size_t i;

	for (i = 0; i < el->n; i++)
		if (strstr(el->msgs[i], want) != NULL)
			return 1;
	kbdir_print(el, stderr);
	return 0;
}

/* The tiny KB with one change to its dialogue.json: loaded, or NULL. */
static struct kb *
tiny_with(const char *old, const char *new, struct errlist *el)
{
	char *dir = copy_dir(TINY_KB);
	struct kb *kb;

	assert_non_null(dir);
	assert_int_equal(file_replace(dir, "dialogue.json", old, new), 0);
	errlist_init(el);
	kb = kbdir_load(dir, el);
	remove_dir(dir);
	return kb;
}

static void
test_phrases_refused(void **state)
{
	struct errlist el;

	(void)state;
	assert_null(tiny_with("\"back\": [", "\"bak\": [", &el));
	assert_true(has_error_part(&el, "dialogue.json: $.phrases.commands.bak: "
	    "unknown command 'bak'"));
	errlist_free(&el);
	/* one phrase, two commands: the engine would hear only one */
	assert_null(tiny_with("\"undo\",", "\"Help!\",", &el));
	assert_true(has_error_part(&el, "$.phrases.commands.help[0]: 'help' "
	    "already says 'back'"));
	errlist_free(&el);
	assert_null(tiny_with("\"phrases\": {", "\"phrasez\": {", &el));
	assert_true(has_error_part(&el, "dialogue.json: $: missing field "
	    "'phrases'"));
	errlist_free(&el);
	assert_null(tiny_with("\"ask\": \"", "\"ask\": \"   \", \"x\": \"", &el));
	assert_true(has_error_part(&el, "$.phrases.ask: empty string"));
	assert_true(has_error_part(&el, "$.phrases: unknown field 'x'"));
	errlist_free(&el);
	assert_null(tiny_with("\"prefixes\": {", "\"prefixes\": { "
	    "\"back\": [\"go\"],", &el));
	assert_true(has_error_part(&el, "$.phrases.prefixes.back: unknown "
	    "command 'back'"));
	errlist_free(&el);
	/* a cue is one word, cues one command, of a known command */
	assert_null(tiny_with("\"prefixes\": {", "\"cues\": { "
	    "\"why\": [\"reason\", \"how so\"], \"restart\": [\"reason\"], "
	    "\"bak\": [\"x\"] }, \"prefixes\": {", &el));
	assert_true(has_error_part(&el, "$.phrases.cues.why[1]: cue 'how so' "
	    "is not one word"));
	assert_true(has_error_part(&el, "$.phrases.cues.restart[0]: cue "
	    "'reason' already cues 'why'"));
	assert_true(has_error_part(&el, "$.phrases.cues.bak: unknown command "
	    "'bak'"));
	errlist_free(&el);	/* verbs and objects are single words, read for two commands */
	assert_null(tiny_with("\"prefixes\": {", "\"verbs\": { "
	    "\"recommend\": [\"give me\"], \"why\": [\"explain\"] }, "
	    "\"objects\": { \"restart\": [\"chat\", \"whole chat\"] }, "
	    "\"prefixes\": {", &el));
	assert_true(has_error_part(&el, "$.phrases.verbs.recommend[0]: verb "
	    "'give me' is not one word"));
	assert_true(has_error_part(&el, "$.phrases.verbs.why: unknown command "
	    "'why' (verbs and objects are for recommend, restart, skip, "
	    "back and summary)"));
	assert_true(has_error_part(&el, "$.phrases.objects.restart[1]: object "
	    "'whole chat' is not one word"));
	errlist_free(&el);
	/* back and summary are read as a verb and its object too (ah51) */
	{
		struct kb *kb = tiny_with("\"prefixes\": {", "\"verbs\": { "
		    "\"back\": [\"undo\"], \"summary\": [\"gathered\"] "
		    "}, \"objects\": { \"back\": [\"last\"], "
		    "\"summary\": [\"from\"] }, \"prefixes\": {", &el);

		kbdir_print(&el, stderr);
		assert_non_null(kb);
		errlist_free(&el);
		kb_free(kb);
	}
}

/* The engine hears the knowledge base's words, and only those. */
static void
test_phrases_are_data(void **state)
{
	struct errlist el;
	struct kb *kb;
	struct dlg d;
	json_t *out;

	(void)state;
	kb = tiny_with("\"help\": [", "\"help\": [\"bicycle menu\", ", &el);
	kbdir_print(&el, stderr);
	assert_non_null(kb);
	errlist_free(&el);
	dialogue_init(&d, kb);
	json_decref(feed(&d, DLG_START, NULL, NULL, NULL));
	out = say(&d, "Bicycle menu!");
	assert_non_null(find(out, "help"));
	assert_non_null(strstr(str(find(out, "help"), "text"),
	    "change distance"));
	json_decref(out);
	kb_free(kb);
	kb = tiny_with("\"what if\"", "\"suppose\"", &el);
	assert_non_null(kb);
	errlist_free(&el);
	dialogue_init(&d, kb);
	json_decref(feed(&d, DLG_START, NULL, NULL, NULL));
	out = say(&d, "suppose it is a long trip");
	assert_string_equal(str(find(out, "explanation"), "topic"), "what_if");
	json_decref(out);
	out = say(&d, "what if it is a long trip");
	assert_null(find(out, "explanation"));
	json_decref(out);
	kb_free(kb);
}

/*
 * The conversation's context: a bare "why?" right after an answer from
 * the article, before any verdict, is about that answer (other claims
 * than the one that led it), not the walk's question; a verdict named
 * back gets the recommendation (briefly, unchanged) or what would change
 * it; right after a fact, a bare subject is a follow-up question.
 */
static void
test_context_follow_ups(void **state)
{
	struct dlg d;
	json_t *out, *a;
	char first[128];

	(void)state;
	start(&d);
	out = say(&d, "how much memory does a go service use compared to "
	    "java?");
	a = find(out, "answer");
	assert_non_null(a);
	(void)snprintf(first, sizeof(first), "%s", str(json_array_get(
	    json_object_get(a, "citations"), 0), "claim"));
	json_decref(out);
	out = say(&d, "why?");
	assert_null(find(out, "explanation"));
	a = find(out, "answer");
	assert_non_null(a);
	assert_true(json_is_true(json_object_get(a, "covered")));
	assert_string_not_equal(str(json_array_get(json_object_get(a,
	    "citations"), 0), "claim"), first);
	json_decref(out);
	/* not right after the fact: the walk's question */
	json_decref(say(&d, "skip"));
	out = say(&d, "why?");
	assert_string_equal(str(find(out, "explanation"), "topic"),
	    "why_question");
	json_decref(out);

	start(&d);
	json_decref(say(&d, "we write kernel drivers"));
	out = say(&d, "ok so rust?");
	assert_string_equal(str(find(out, "recommendation"), "verdict"),
	    "rust");
	assert_true(json_is_true(json_object_get(find(out, "recommendation"),
	    "unchanged")));
	json_decref(out);
	out = say(&d, "go?");
	assert_string_equal(str(find(out, "explanation"), "topic"),
	    "what_would_change");
	json_decref(out);
	out = say(&d, "so not go?");
	assert_string_equal(str(find(out, "recommendation"), "verdict"),
	    "rust");
	json_decref(out);
	out = say(&d, "what's the go salary?");
	assert_non_null(find(out, "answer"));
	json_decref(out);
	out = say(&d, "rust?");
	assert_null(find(out, "recommendation"));
	assert_non_null(find(out, "answer"));
	json_decref(out);

	/* "what about for me?" after a fact: the user's own case */
	start(&d);
	json_decref(say(&d, "I'm a java dev"));
	json_decref(say(&d, "is go hard to learn?"));
	out = say(&d, "what about for me?");
	assert_string_equal(str(json_array_get(json_object_get(find(out,
	    "answer"), "citations"), 0), "claim"),
	    "go-meaningful-code-within-day");
	json_decref(out);
	/* ... and the question a follow-up follows stays the last one, its
	 * subjects too: a Go background does not add Go to a Rust question */
	start(&d);
	json_decref(say(&d, "I already know go well"));
	json_decref(say(&d, "is rust hard to learn?"));
	{
		uint8_t subjects = d.frame.subjects;

		out = say(&d, "what about for me?");
		assert_non_null(find(out, "answer"));
		json_decref(out);
		assert_int_equal(d.frame.subjects, subjects);
	}

	/* "and rust?" after Go's weeks to get decent, words the article
	 * says only of Go: what that answer answered, of Rust, covered */
	start(&d);
	out = say(&d, "how soon might i be decent at go?");
	a = find(out, "answer");
	assert_non_null(a);
	assert_true(json_is_true(json_object_get(a, "covered")));
	json_decref(out);
	out = say(&d, "and rust?");
	a = find(out, "answer");
	assert_non_null(a);
	assert_true(json_is_true(json_object_get(a, "covered")));
	assert_non_null(strstr(str(json_array_get(json_object_get(a,
	    "citations"), 0), "claim"), "rust"));
	json_decref(out);

	/* the outcomes are the KB's: "bus?" after the bike verdict */
	dialogue_init(&d, tiny);
	json_decref(feed(&d, DLG_START, NULL, NULL, NULL));
	json_decref(say(&d, "It's a short trip and it rarely rains"));
	out = say(&d, "bike then?");
	assert_string_equal(str(find(out, "recommendation"), "verdict"),
	    "bike");
	json_decref(out);
	out = say(&d, "bus?");
	assert_string_equal(str(find(out, "explanation"), "topic"),
	    "what_would_change");
	json_decref(out);
}

/*
 * A description's clause about someone else, opening with them as its
 * subject, tells what they do: no choice is read from it (DESIGN13 D).
 * "they build the drivers, we ship the apis" is the apis alone, not
 * both layers; the user's own clause alone is read the same.
 */
static void
test_clause_of_others(void **state)
{
	static const char *const says[] = {
		"they build the hardware drivers downstairs, we ship the "
		"customer facing rest apis",
		"he does the low level driver work while i build the rest "
		"apis on top",
		"my coworker writes device drivers, i build rest apis",
		"another team owns the kernel drivers, my job is the rest "
		"apis",
	};
	struct dlg d;
	json_t *out, *o, *a;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(says) / sizeof(says[0]); i++) {
		start(&d);
		out = say(&d, says[i]);
		o = find(out, "notice");
		assert_non_null(o);
		assert_string_equal(str(o, "event"), "understood");
		a = json_array_get(json_object_get(o, "understood"), 0);
		assert_string_equal(str(a, "question"), "building");
		assert_string_equal(str(a, "choice"), "apis");
		json_decref(out);
	}
}

/*
 * The user's situation read from clauses that are not about others or
 * the past: "them" after a preposition stands for the things just named,
 * not for people ("proxies ..., and behind them sit the apis" is both
 * layers); a present clause that opens with "that" and answers nothing
 * makes the clause before it the present ("... joined the team that
 * builds X, and that is my job going forward" is X alone); a thing
 * called side work ("the cli stuff is just side work") answers nothing
 * beside the main work.
 */
static void
test_situation_clauses(void **state)
{
	static const struct {
		const char	*say;
		const char	*choice;
	} cases[] = {
		{ "our proxies take the traffic, and behind them sit many "
		  "rest apis and dashboards", "both_layers" },
		{ "Wrote ruby web apps for five years. Three weeks ago I "
		  "joined the team that builds our database's storage layer, "
		  "and that is my job going forward.", "infra" },
		{ "the main project is our own reverse proxy, the cli stuff "
		  "is just side work", "infra" },
		/* a noun of people after a word is the clause's subject,
		 * not an object like "behind them" */
		{ "Our infra guys live in Go and kubebuilder all day, not me "
		  "though. I write the firmware for the motor controller on "
		  "our drones, bare metal, no OS underneath.", "kernel" },
	};
	struct dlg d;
	json_t *out, *o, *a;
	size_t i, k;
	int seen;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		start(&d);
		out = say(&d, cases[i].say);
		o = find(out, "notice");
		assert_non_null(o);
		assert_string_equal(str(o, "event"), "understood");
		for (k = 0, seen = 0; k < json_array_size(json_object_get(o,
		    "understood")); k++) {
			a = json_array_get(json_object_get(o, "understood"), k);
			if (strcmp(str(a, "question"), "building") != 0)
				continue;
			assert_string_equal(str(a, "choice"), cases[i].choice);
			seen = 1;
		}
		assert_true(seen);
		json_decref(out);
	}
}

/*
 * A statement whose "I" is left out (reading.implied_subject) is read
 * for answers, even with a subject's name or a comparison word in it;
 * the same words as a question are a question.
 */
static void
test_implied_subject(void **state)
{
	struct dlg d;
	json_t *out, *no;

	(void)state;
	start(&d);
	out = say(&d, "been writing go professionally for 6 years");
	no = find(out, "notice");
	assert_non_null(no);
	assert_string_equal(str(no, "event"), "understood");
	json_decref(out);
	out = say(&d, "want to move to the premium end, better pay");
	assert_string_equal(str(find(out, "recommendation"), "verdict"),
	    "rust");
	json_decref(out);
	start(&d);
	out = say(&d, "is writing go professionally better paid?");
	assert_null(find(out, "recommendation"));
	assert_non_null(find(out, "answer"));
	json_decref(out);
}

/*
 * "why are you asking me about my team?" explains the question it names;
 * asked for a verdict with none yet while the decisive question is
 * answered, the next decisive question is asked, not "tell me what you
 * are building".
 */
static void
test_why_named_and_open_decisive(void **state)
{
	struct dlg d;
	json_t *out, *x;

	(void)state;
	start(&d);
	json_decref(say(&d, "we build rest apis"));
	out = say(&d, "hold on, why are you asking me about my team?");
	x = find(out, "explanation");
	assert_non_null(x);
	assert_string_equal(str(x, "topic"), "why_question");
	assert_string_equal(str(x, "question"), "team");
	json_decref(out);

	start(&d);
	json_decref(say(&d, "I'm a student"));
	out = say(&d, "which should i learn first?");
	assert_null(find(out, "notice"));
	assert_string_equal(str(find(out, "question"), "question"), "career");
	json_decref(out);
	/* a quick verdict that no longer stands is withdrawn, not kept */
	start(&d);
	out = say(&d, "we need deterministic latency");
	assert_non_null(find(out, "recommendation"));
	json_decref(out);
	out = say(&d, "eh, actually p99 of 50ms is fine");
	assert_null(find(out, "recommendation"));
	x = json_array_get(out, 1);
	assert_string_equal(str(x, "event"), "need_more");
	json_decref(out);
	/* with nothing decisive answered, the notice says what to tell */
	start(&d);
	out = feed(&d, DLG_RECOMMEND, NULL, NULL, NULL);
	assert_string_equal(str(find(out, "notice"), "event"), "need_more");
	json_decref(out);
	/* a verdict cue inside a choice's own phrase describes the user
	 * (nu50): "choosing what to learn" is the learner's choice, while
	 * "choose for me" still asks for the verdict */
	start(&d);
	out = say(&d, "im choosing what to learn");
	assert_string_equal(str(find(out, "notice"), "event"), "understood");
	json_decref(out);
	start(&d);
	out = say(&d, "choose for me");
	assert_string_equal(str(find(out, "notice"), "event"), "need_more");
	json_decref(out);
}

/*
 * Round 5 of issue 11, as a user would check it: a what-if that names a
 * question only gives the verdict under each of its other choices; one
 * whose words before "if" only glue is a what-if too; a short message put
 * to the advisor gets its "addressed" small talk, not a decline, while a
 * longer one asking for something else is still declined; a negation
 * carried over "that we" turns the phrase after it; "whats the
 * difference" after two facts leads with the table's verdict.
 */
static void
test_round5_ordinary_words(void **state)
{
	struct dlg d;
	json_t *out, *o, *a;
	size_t i, n = 0;

	(void)state;
	start(&d);
	json_decref(say(&d, "we do api backends"));
	/* a team of 3 is a size, which no team answer holds (round 51,
	 * rd51: "just me" is a count of one, hiring 20 or more): each
	 * choice of the team question is shown, as for "12 people" */
	out = say(&d, "what if my team was 3 people");
	json_array_foreach(out, i, o)
		if (strcmp(str(o, "type"), "explanation") == 0) {
			assert_string_equal(str(o, "topic"), "what_if");
			assert_string_equal(str(o, "question"), "team");
			n++;
		}
	assert_int_equal(n, 3);
	assert_null(find(out, "error"));
	json_decref(out);
	out = say(&d, "still go if we had 6 months?");
	o = find(out, "explanation");
	assert_non_null(o);
	assert_string_equal(str(o, "topic"), "what_if");
	assert_string_equal(str(o, "question"), "timeline");
	json_decref(out);
	out = say(&d, "not that we care about k8s");
	o = find(out, "notice");
	assert_non_null(o);
	a = json_array_get(json_object_get(o, "understood"), 0);
	assert_string_equal(str(a, "question"), "cloud_native");
	assert_string_equal(str(a, "choice"), "no");
	json_decref(out);
	out = say(&d, "who made you?");
	o = find(out, "notice");
	assert_non_null(o);
	assert_string_equal(str(o, "event"), "small_talk");
	assert_null(find(out, "answer"));
	json_decref(out);
	out = say(&d, "Can you recommend a good sci-fi novel?");
	o = find(out, "answer");
	assert_non_null(o);
	assert_false(json_is_true(json_object_get(o, "covered")));
	json_decref(out);

	start(&d);
	json_decref(say(&d, "rust salary"));
	json_decref(say(&d, "and go"));
	out = say(&d, "whats the difference");
	o = find(out, "answer");
	assert_non_null(o);
	assert_true(json_is_true(json_object_get(o, "covered")));
	assert_non_null(strstr(str(o, "plain"), "comparison table"));
	json_decref(out);
}

/*
 * A verb of phrases.reading.negation_after and its negation typed as one
 * word turn the phrase before them, whatever the verb's plural folding
 * makes of it ("does" folds to "doe", "doesnt" must still read "does nt").
 */
static void
test_contracted_negation(void **state)
{
	const char *says[] = { "latency isnt critical for us",
	    "latency doesnt matter for us" };
	struct dlg d;
	json_t *out, *o, *a;
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		start(&d);
		out = say(&d, says[i]);
		o = find(out, "notice");
		assert_non_null(o);
		assert_string_equal(str(o, "event"), "understood");
		a = json_array_get(json_object_get(o, "understood"), 0);
		assert_string_equal(str(a, "question"), "latency");
		assert_null(find(out, "answer"));
		json_decref(out);
	}
}

/*
 * A message of several questions is answered part by part, in the order
 * asked (ask_parts(), ask_answer()): each part's own claim, a part with
 * no subject taking the part before's ("and where on redmonk?"); at most
 * three parts, a fourth question stays in the third.
 */
static void
test_multi_part_questions(void **state)
{
	static const struct {
		const char *text;
		const char *want[3];
	} cases[] = {
		{ "where is go on tiobe, where is rust on redmonk, and how "
		    "admired is rust?", { "go-tiobe-rank-2026",
		    "rust-redmonk-rank-2026", "rust-most-admired-nine-years" } },
		{ "where does go rank on tiobe, and where on redmonk?",
		    { "go-tiobe-rank-2026", "go-redmonk-rank-2026", NULL } },
	};
	struct dlg d;
	json_t *out, *cites;
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		start(&d);
		out = say(&d, cases[i].text);
		assert_non_null(find(out, "answer"));
		cites = json_object_get(find(out, "answer"), "citations");
		for (k = 0; k < 3 && cases[i].want[k] != NULL; k++)
			assert_string_equal(str(json_array_get(cites, k),
			    "claim"), cases[i].want[k]);
		json_decref(out);
	}
	/* declined whole, every part answered in full: the parts answer */
	start(&d);
	out = say(&d, "on techempower, which framework is quicker, actix or "
	    "gin, and how do the two differ on memory?");
	assert_true(json_is_true(json_object_get(find(out, "answer"),
	    "covered")));
	cites = json_object_get(find(out, "answer"), "citations");
	assert_string_equal(str(json_array_get(cites, 0), "claim"),
	    "techempower-r23-throughput");
	assert_string_equal(str(json_array_get(cites, 1), "claim"),
	    "techempower-r23-memory");
	json_decref(out);
	/* a part with no answer is named, the other part answers */
	start(&d);
	out = say(&d, "galen hunt wants c and c++ gone from microsoft by "
	    "2030, and how many people report to him?");
	assert_true(json_is_true(json_object_get(find(out, "answer"),
	    "covered")));
	assert_non_null(strstr(str(find(out, "answer"), "text"),
	    "how many people report to him"));
	json_decref(out);
	/* a fourth question: the bound, no crash, three parts answered */
	start(&d);
	out = say(&d, "where is go on tiobe, where is rust on redmonk, how "
	    "admired is rust, and how admired is go?");
	assert_non_null(find(out, "answer"));
	cites = json_object_get(find(out, "answer"), "citations");
	assert_string_equal(str(json_array_get(cites, 0), "claim"),
	    "go-tiobe-rank-2026");
	assert_string_equal(str(json_array_get(cites, 1), "claim"),
	    "rust-redmonk-rank-2026");
	json_decref(out);
}

/*
 * "source?" after a claim of the article's own comparison table says it
 * is the table and that the article names no outside source (NEWUSER42
 * #13), and after the table's performance row names the benchmark that
 * carries its figure (TechEmpower Round 23, #2), not the row again.
 */
static void
test_source_of_table_row(void **state)
{
	struct dlg d;
	json_t *out, *a;

	(void)state;
	start(&d);
	json_decref(say(&d, "bigger job market: rust or go?"));
	out = say(&d, "source?");
	a = find(out, "answer");
	assert_non_null(strstr(str(a, "text"), "That is from the article's "
	    "own comparison table; the article names no outside source"));
	json_decref(out);
	start(&d);
	json_decref(say(&d, "which is speedier, go or rust?"));
	out = say(&d, "source?");
	a = find(out, "answer");
	assert_null(strstr(str(a, "text"), "own comparison table"));
	assert_string_equal(str(json_array_get(json_object_get(a,
	    "citations"), 0), "source"), "TechEmpower Round 23");
	json_decref(out);
	/* a benchmark's own claim is not sent back to the table */
	start(&d);
	json_decref(say(&d, "how much less memory does actix use than gin?"));
	out = say(&d, "source?");
	a = find(out, "answer");
	assert_string_equal(str(json_array_get(json_object_get(a,
	    "citations"), 0), "source"), "TechEmpower Round 23");
	json_decref(out);
}

/*
 * A comparison of both subjects on a topic no cited claim says names
 * it first (ask_uncompared_topic()); one whose topic a cited claim says
 * ("which eats less ram": memory) has no note.
 */
static void
test_uncompared_topic_named(void **state)
{
	struct dlg d;
	json_t *out;
	const char *text;

	(void)state;
	start(&d);
	out = say(&d, "which one makes unit tests easier to write, go or "
	    "rust");
	text = str(find(out, "answer"), "text");
	assert_non_null(strstr(text, "The article does not compare them "
	    "on \"unit tests\";"));
	json_decref(out);
	start(&d);
	out = say(&d, "rust or go: which eats less ram?");
	text = str(find(out, "answer"), "text");
	assert_null(strstr(text, "does not compare them"));
	json_decref(out);
}

/*
 * A one-subject question for a figure only the other subject has
 * ("rust on tiobe": Go's TIOBE rank) names what the article lacks for
 * the subject asked, not as if no claim said it: Go's claim cited next
 * to the note says "TIOBE", so the note is scoped to Rust.
 */
static void
test_counterpart_note_scoped(void **state)
{
	struct dlg d;
	json_t *out;
	const char *text;

	(void)state;
	start(&d);
	out = say(&d, "rust's spot on the tiobe index?");
	text = str(find(out, "answer"), "text");
	assert_non_null(strstr(text, "Go ranks #7 on the TIOBE index"));
	assert_non_null(strstr(text, "The article does not have \"tiobe "
	    "index\" for Rust, only for Go;"));
	json_decref(out);
	/* the claim gives the amount in the word asked: no note */
	start(&d);
	out = say(&d, "how many requests per second can a go service take?");
	text = str(find(out, "answer"), "text");
	assert_non_null(strstr(text, "50,000 requests per second"));
	assert_null(strstr(text, "nothing on"));
	json_decref(out);
}

/*
 * A kind of thing of a named product the article never speaks of
 * ("docker dashboards") is declined, though a claim names the product;
 * the product itself stays answered.
 */
static void
test_entity_part_declined(void **state)
{
	struct dlg d;
	json_t *out, *a;

	(void)state;
	start(&d);
	out = say(&d, "could docker dashboards be done in rust?");
	a = find(out, "answer");
	assert_non_null(a);
	assert_false(json_is_true(json_object_get(a, "covered")));
	json_decref(out);
	start(&d);
	out = say(&d, "is docker done in go?");
	a = find(out, "answer");
	assert_non_null(a);
	assert_true(json_is_true(json_object_get(a, "covered")));
	assert_non_null(strstr(str(a, "plain"), "Docker"));
	json_decref(out);
}

/*
 * The gate's arguments: a verbless noun phrase with no user person is a
 * question to the article, so what it lacks is declined rather than not
 * understood; a name the claims write (Python, Windows) that no claim of
 * the answer holds is declined where no subject is asked; one asked
 * beside a subject is named as what the article has nothing on; a year
 * after a name the claim gives another year of is another edition.
 */
static void
test_entity_arguments(void **state)
{
	struct dlg d;
	json_t *out, *o;

	(void)state;
	start(&d);
	out = say(&d, "swift tiobe rank");
	assert_null(find(out, "not_understood"));
	o = find(out, "answer");
	assert_non_null(o);
	assert_false(json_is_true(json_object_get(o, "covered")));
	json_decref(out);
	out = say(&d, "rustconf 2025 microsoft talk");
	o = find(out, "answer");
	assert_non_null(o);
	assert_true(json_is_true(json_object_get(o, "covered")));
	json_decref(out);
	out = say(&d, "how much ram does a python flask app need?");
	o = find(out, "answer");
	assert_non_null(o);
	assert_false(json_is_true(json_object_get(o, "covered")));
	json_decref(out);
	out = say(&d, "is go lighter on memory than java?");
	o = find(out, "answer");
	assert_non_null(o);
	assert_true(json_is_true(json_object_get(o, "covered")));
	json_decref(out);
	/* another edition than the claim's: "rustconf 2026" is not the
	 * claim's RustConf 2025 */
	out = say(&d, "when is rustconf 2026?");
	o = find(out, "answer");
	assert_non_null(o);
	assert_false(json_is_true(json_object_get(o, "covered")));
	json_decref(out);
	out = say(&d, "what was said at rustconf 2025?");
	o = find(out, "answer");
	assert_non_null(o);
	assert_true(json_is_true(json_object_get(o, "covered")));
	json_decref(out);
}

/*
 * Request frames (round 26): after a quick verdict, a request for it or
 * for its reason in words no phrase lists.
 */
/*
 * A yes/no question whose subject is an outcome, with a command cue in
 * another sense ("going", "keep", "help": understand_outcome_subject),
 * gets a reply to it, never only the pending question again (nu50);
 * "keep going" and "go ahead" still go on with the walk.
 */
static void
test_outcome_subject_cue(void **state)
{
	static const char *const asked[] = {
		"is rust actually going to fix that?",
		"will rust keep that from happening?",
		"is rust going to help with that?",
		"rust going to fix it?",
	};
	struct dlg d;
	json_t *out;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(asked) / sizeof(asked[0]); i++) {
		start(&d);
		out = say(&d, asked[i]);
		assert_non_null(find(out, "answer"));
		assert_null(find(out, "help"));
		json_decref(out);
	}
	/* after Both, one of the user's layers named: its what-if */
	start(&d);
	json_decref(say(&d, "my team writes a packet processing sidecar "
	    "and also internal dashboards"));
	out = say(&d, "which one for the sidecar");
	assert_non_null(find(out, "explanation"));
	assert_string_equal(str(find(out, "explanation"), "topic"), "what_if");
	json_decref(out);
	start(&d);
	out = say(&d, "keep going");
	assert_null(find(out, "answer"));
	assert_non_null(find(out, "question"));
	json_decref(out);
}

static void
test_request_frames(void **state)
{
	static const char *const verdict[] = {
		"what should my team do", "in plain english, what do we do",
		"give it to me straight", "cool so go then?",
		"what's the verdict for my team?", "should we switch to go?"
	};
	static const char *const why[] = {
		"what led you to that", "why not rust? everyone says rust is fast"
	};
	struct dlg d;
	json_t *out, *o;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(verdict) / sizeof(verdict[0]); i++) {
		start(&d);
		json_decref(say(&d, "we build REST APIs and microservices "
		    "that run on kubernetes"));
		out = say(&d, verdict[i]);
		o = find(out, "recommendation");
		if (o == NULL)
			print_message("  no verdict for: %s\n", verdict[i]);
		assert_non_null(o);
		assert_null(find(out, "answer"));
		json_decref(out);
	}
	for (i = 0; i < sizeof(why) / sizeof(why[0]); i++) {
		start(&d);
		json_decref(say(&d, "we build REST APIs and microservices "
		    "that run on kubernetes"));
		out = say(&d, why[i]);
		o = find(out, "explanation");
		if (o == NULL)
			print_message("  no why for: %s\n", why[i]);
		assert_non_null(o);
		assert_string_equal(str(o, "topic"), "why_verdict");
		json_decref(out);
	}
	/* "what would make you say rust instead" asks what would change
	 * it; "which do people use" asks about others */
	start(&d);
	json_decref(say(&d, "we build REST APIs and microservices that run "
	    "on kubernetes"));
	out = say(&d, "what would make you say rust instead?");
	o = find(out, "explanation");
	assert_non_null(o);
	assert_string_equal(str(o, "topic"), "what_would_change");
	json_decref(out);
	/* the verdict named with no word of the user: what would make it
	 * that (go is the verdict here) */
	out = say(&d, "when would it be go?");
	o = find(out, "explanation");
	assert_non_null(o);
	assert_string_equal(str(o, "topic"), "what_would_change");
	json_decref(out);
	/* "what if I said 2 to latency": that choice alone; "3 people" is
	 * a count, each choice of the team question */
	{
		out = say(&d, "what if I said 2 to latency?");
		assert_int_equal(count_type(out, "explanation"), 1);
		assert_string_equal(str(find(out, "explanation"), "choice"),
		    "relaxed");
		json_decref(out);
		/* a count no choice holds: each choice of the team
		 * question (3 people is no_constraint's amount since
		 * round 29; 12 is between it and mixed_hiring's 20) */
		out = say(&d, "what if my team was 12 people");
		assert_true(count_type(out, "explanation") >= 2);
		json_decref(out);
	}
	/* "ask": the why of the pending question, not of the verdict */
	out = say(&d, "what made you ask that");
	o = find(out, "explanation");
	assert_non_null(o);
	assert_string_equal(str(o, "topic"), "why_question");
	json_decref(out);
}

/*
 * Team-size hypotheticals (hy49b): a condition opening the message that
 * is counterfactual or supposes a change ("if our team was 40 people",
 * "say we hire 20 more devs") records nothing, even as the first
 * message; an amount between the team answers ("if we were 12 people")
 * gives the verdict under each team answer, not "not understood".
 */
static void
test_hypothetical_team(void **state)
{
	static const char *const nothing_recorded[] = {
		"if our team was 40 people",
		"say we hire 20 more devs, go?",
		"suppose we grow to 25 devs, still go?",
	};
	struct dlg d;
	json_t *out, *e;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(nothing_recorded) /
	    sizeof(nothing_recorded[0]); i++) {
		start(&d);
		out = say(&d, nothing_recorded[i]);
		e = find(out, "explanation");
		assert_non_null(e);
		assert_string_equal(str(e, "topic"), "what_if");
		assert_string_equal(str(e, "question"), "team");
		assert_null(find(out, "notice"));
		json_decref(out);
	}
	start(&d);
	out = say(&d, "if we were 12 people would rust be better?");
	assert_null(find(out, "not_understood"));
	assert_true(count_type(out, "explanation") >= 2);
	json_decref(out);
	/* a word of another team choice said beside a head count says
	 * what the team is; the count only how big (nu50) */
	start(&d);
	out = say(&d, "our team of 60 is mostly c++ veterans");
	e = find(out, "notice");
	assert_non_null(e);
	assert_string_equal(str(e, "event"), "understood");
	{
		json_t *u;
		size_t k;
		int seen = 0;

		json_array_foreach(json_object_get(e, "understood"), k, u)
			if (strcmp(str(u, "question"), "team") == 0) {
				assert_string_equal(str(u, "choice"),
				    "senior_systems");
				seen = 1;
			}
		assert_true(seen);
	}
	json_decref(out);
}

/*
 * A question after the user's situation with no question mark (a last
 * sentence, or a clause after a comma, opening with an auxiliary) is
 * answered, not read as a description only; a statement whose last
 * sentence opens with "what" still tells.  A language the article never
 * names, offered before "instead" or "rather than", is declined.
 */
static void
test_situation_then_question(void **state)
{
	static const struct {
		const char *text;
		const char *first;	/* first claim cited, NULL: declined */
	} cases[] = {
		{ "we run a checkout api with a p99 goal of 30ms. is go's gc "
		    "fine for that", "go-gc-adequate-web-services" },
		{ "building a trading engine, would go's gc be a dealbreaker",
		    "go-gc-disqualifying-latency" },
		/* a word that refers to the situation ("affect us",
		 * phrases.reading.situation_refs): asked with it */
		{ "we make a real-time game server. would go's gc pauses "
		    "affect us", "go-gc-disqualifying-latency" },
		{ "our cloud service mostly waits on i/o. is rust much "
		    "faster than go for it?", "io-bound-gap-narrows" },
		/* names listed, then a question that refers to them */
		{ "terraform, prometheus. what are those programmed in?",
		    "go-cloud-operational-substrate" },
		{ "should i just learn crystal instead?", NULL },
		{ "would it be wiser to pick elixir rather than either of "
		    "them?", NULL },
	};
	struct dlg d;
	json_t *out, *o;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		start(&d);
		out = say(&d, cases[i].text);
		o = find(out, "answer");
		assert_non_null(o);
		if (cases[i].first == NULL)
			assert_false(json_is_true(json_object_get(o,
			    "covered")));
		else
			assert_string_equal(str(json_array_get(
			    json_object_get(o, "citations"), 0), "claim"),
			    cases[i].first);
		json_decref(out);
	}
	/* a figure asked for both subjects, answered by one side's: the
	 * other's of the same source second (not another ranking's) */
	start(&d);
	out = say(&d, "rust versus go, redmonk standing?");
	o = json_object_get(find(out, "answer"), "citations");
	assert_true(json_array_size(o) >= 2);
	assert_string_equal(str(json_array_get(o, 0), "claim"),
	    "rust-redmonk-rank-2026");
	assert_string_equal(str(json_array_get(o, 1), "claim"),
	    "go-redmonk-rank-2026");
	json_decref(out);
	/* controls: a story ending in what is built; a subject before
	 * "instead" */
	start(&d);
	out = say(&d, "was supposed to be a kernel module originally; what "
	    "we ship instead is a set of HTTP APIs");
	o = find(out, "recommendation");
	assert_non_null(o);
	assert_string_equal(str(o, "verdict"), "go");
	json_decref(out);
	start(&d);
	out = say(&d, "should i learn rust instead?");
	o = find(out, "answer");
	assert_true(o == NULL || json_is_true(json_object_get(o, "covered")));
	json_decref(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_personas_public),
		cmocka_unit_test(test_round5_ordinary_words),
		cmocka_unit_test(test_personas_own),
		cmocka_unit_test(test_personas_holdout),
		cmocka_unit_test(test_progress_and_skips),
		cmocka_unit_test(test_why_adds_up),
		cmocka_unit_test(test_told_answer_counts),
		cmocka_unit_test(test_what_changes_is_true),
		cmocka_unit_test(test_what_if_predicts),
		cmocka_unit_test(test_hypothetical_team),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_plain_rendering),
		cmocka_unit_test(test_size),
		cmocka_unit_test(test_other_kb),
		cmocka_unit_test(test_negation),
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_chart_points),
		cmocka_unit_test(test_phrases_refused),
		cmocka_unit_test(test_phrases_are_data),
		cmocka_unit_test(test_context_follow_ups),
		cmocka_unit_test(test_implied_subject),
		cmocka_unit_test(test_clause_of_others),
		cmocka_unit_test(test_situation_clauses),
		cmocka_unit_test(test_why_named_and_open_decisive),
		cmocka_unit_test(test_contracted_negation),
		cmocka_unit_test(test_multi_part_questions),
		cmocka_unit_test(test_uncompared_topic_named),
		cmocka_unit_test(test_counterpart_note_scoped),
		cmocka_unit_test(test_source_of_table_row),
		cmocka_unit_test(test_entity_part_declined),
		cmocka_unit_test(test_entity_arguments),
		cmocka_unit_test(test_request_frames),
		cmocka_unit_test(test_outcome_subject_cue),
		cmocka_unit_test(test_situation_then_question),
	};

	return cmocka_run_group_tests_name("dialogue", tests, setup, teardown);
}
