/* SPDX-License-Identifier: ISC */
/*
 * kb_load_phrases.c: the "phrases" of dialogue.json, the words a knowledge
 * base gives its users (SCHEMA.md, "phrases"), read by field tables like
 * every other part of the knowledge base.
 *
 * Command phrases and reading words are stored squashed (kb_squash), the
 * form the engine compares.  A phrase that squashes to nothing, or that
 * says two commands, is refused: the engine could never hear it, or would
 * hear the wrong command.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb_fields.h"

#define REQ		FIELD_REQ
#define TEXT_MAX	600	/* bytes of a text */
#define SAY_MAX		100	/* bytes of a command phrase */

/*
 * The array arr (at path) of 1 to KB_MAX_SAYS phrases, squashed, into a
 * new list in *out; returns its length.  cmd >= 0: they say command cmd,
 * and none may say another command too.
 */
static size_t
phrases_words(struct loader *L, json_t *arr, const char *path, int cmd,
    const char ***out)
{
	const struct kb_phrases *ph = &L->kb->phrases;
	static const struct field say = { "", FT_STR, REQ, 0, 0, SAY_MAX };
	char p[256], sq[SAY_MAX + 1];
	const char *s;
	size_t i, n = 0, c, k;
	json_t *v;

	*out = NULL;
	if (!json_is_array(arr) || json_array_size(arr) == 0 ||
	    json_array_size(arr) > KB_MAX_SAYS) {
		fields_error(L, path, "expected an array of 1 to %d phrases",
		    KB_MAX_SAYS);
		return 0;
	}
	if ((*out = arena_calloc(&L->kb->arena, json_array_size(arr),
	    sizeof(**out))) == NULL)
		return 0;
	json_array_foreach(arr, i, v) {
		fields_index(p, sizeof(p), path, i);
		if (fields_value(L, v, p, &say, &s) == -1)
			continue;
		if (kb_squash(s, strlen(s), sq, sizeof(sq)) == 0) {
			fields_error(L, p, "'%s' has no letters or digits", s);
			continue;
		}
		for (c = 0; cmd >= 0 && c < KB_NCOMMANDS; c++)
			for (k = 0; (int)c != cmd && k < ph->nsays[c]; k++)
				if (strcmp(ph->says[c][k], sq) == 0)
					fields_error(L, p, "'%s' already says "
					    "'%s'", s, kb_command_name(
					    (enum kb_command)c));
		for (k = 0; k < n; k++)
			if (strcmp((*out)[k], sq) == 0)
				fields_error(L, p, "'%s' is listed twice", s);
		(*out)[n++] = arena_strdup(&L->kb->arena, sq);
	}
	return n;
}

/*
 * The array arr (at path) of cue words for one command into *out (as
 * phrases_words); each must be one word, and a word may cue one command
 * only (which one would a message made of it be?).
 */
static size_t
phrases_cues(struct loader *L, json_t *arr, const char *path,
    const char ***out)
{
	const struct kb_phrases *ph = &L->kb->phrases;
	char p[256];
	size_t n, i, c, k;

	n = phrases_words(L, arr, path, -1, out);
	for (i = 0; i < n; i++) {
		fields_index(p, sizeof(p), path, i);
		if (strchr((*out)[i], ' ') != NULL)
			fields_error(L, p, "cue '%s' is not one word",
			    (*out)[i]);
		for (c = 0; c < KB_NCOMMANDS; c++)
			for (k = 0; k < ph->ncues[c]; k++)
				if (strcmp(ph->cues[c][k], (*out)[i]) == 0)
					fields_error(L, p, "cue '%s' already "
					    "cues '%s'", (*out)[i],
					    kb_command_name(
					    (enum kb_command)c));
	}
	return n;
}

static int
phrases_cue_cmp(const void *a, const void *b)
{
	return strcmp(((const struct kb_cue *)a)->word,
	    ((const struct kb_cue *)b)->word);
}

/*
 * Every command's cues in one array sorted by word, so that a message's
 * word is looked up once, not against each command's list.
 */
static void
phrases_cue_index(struct loader *L)
{
	struct kb_phrases *ph = &L->kb->phrases;
	size_t c, k, n = 0;

	for (c = 0; c < KB_NCOMMANDS; c++)
		n += ph->ncues[c];
	if (n == 0 || (ph->cue_index = arena_calloc(&L->kb->arena, n,
	    sizeof(*ph->cue_index))) == NULL)
		return;
	for (c = 0; c < KB_NCOMMANDS; c++)
		for (k = 0; k < ph->ncues[c]; k++) {
			ph->cue_index[ph->ncue_index].word = ph->cues[c][k];
			ph->cue_index[ph->ncue_index++].command = (int)c;
		}
	qsort(ph->cue_index, ph->ncue_index, sizeof(*ph->cue_index),
	    phrases_cue_cmp);
}

/*
 * "commands" (whole messages), "prefixes" (the start of one, for
 * what_if and change only; prefixes 1) or "cues" (single words that make
 * a short message that command; prefixes 2): objects keyed by command
 * name.
 */
static void
phrases_commands(struct loader *L, json_t *obj, const char *path,
    int prefixes)
{
	struct kb_phrases *ph = &L->kb->phrases;
	const char *key;
	char p[256];
	json_t *v;
	int c;

	json_object_foreach(obj, key, v) {
		fields_key(p, sizeof(p), path, key);
		c = kb_command_find(key);
		if (c < 0 || (prefixes == 1 && c != KB_CMD_WHAT_IF &&
		    c != KB_CMD_CHANGE)) {
			fields_error(L, p, prefixes == 1 ? "unknown command '%s' "
			    "(prefixes are for what_if and change)" :
			    "unknown command '%s'", key);
			continue;
		}
		if (prefixes == 2)
			ph->ncues[c] = phrases_cues(L, v, p, &ph->cues[c]);
		else if (prefixes)
			ph->nprefixes[c] = phrases_words(L, v, p, -1,
			    &ph->prefixes[c]);
		else
			ph->nsays[c] = phrases_words(L, v, p, c, &ph->says[c]);
	}
}

struct help_in {
	const char	*text;
	json_t		*commands;
};

static const struct field help_fields[] = {
	F(struct help_in, text, "text", FT_STR, REQ, 0, TEXT_MAX),
	F(struct help_in, commands, "commands", FT_ARRAY, REQ, 0, KB_MAX_HELP),
	F_END
};

static const struct entries help_lines = ENTRIES("help line",
    struct kb_help_line, struct kb_help_line, NULL, NULL,
	F(struct kb_help_line, command, "command", FT_STR, REQ, 0, SAY_MAX),
	F(struct kb_help_line, text, "text", FT_STR, REQ, 0, TEXT_MAX));

struct retry_in {
	const char	*choose, *free, *more;
};

static const struct field retry_fields[] = {
	F(struct retry_in, choose, "choose", FT_STR, REQ, 0, TEXT_MAX),
	F(struct retry_in, free, "free", FT_STR, REQ, 0, TEXT_MAX),
	F(struct retry_in, more, "more", FT_STR, REQ, 0, TEXT_MAX),
	F_END
};

struct reading_in {
	json_t		*first_person, *question_starts, *number_words;
	json_t		*follow_up_starts, *comparison_words, *question_words;
	json_t		*count_starts, *scope_words, *figure_words;
	json_t		*instance_words;
	json_t		*fillers, *clause_breaks, *about_question;
	json_t		*negation_after, *command_starts, *set_aside;
	json_t		*summary_words, *summary_cues, *addressee;
	json_t		*command_glue, *change_starts, *additions, *exclusives;
	json_t		*aside_after_negation, *point_units;
	json_t		*duration_starts, *duration_units, *present_words;
};

static const struct field reading_fields[] = {
	F(struct reading_in, first_person, "first_person", FT_ARRAY, REQ, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, question_starts, "question_starts", FT_ARRAY, REQ,
	    0, KB_MAX_SAYS),
	F(struct reading_in, number_words, "number_words", FT_ARRAY, REQ, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, follow_up_starts, "follow_up_starts", FT_ARRAY, 0,
	    0, KB_MAX_SAYS),
	F(struct reading_in, comparison_words, "comparison_words", FT_ARRAY, 0,
	    0, KB_MAX_SAYS),
	F(struct reading_in, question_words, "question_words", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, count_starts, "count_starts", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, scope_words, "scope_words", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, figure_words, "figure_words", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, instance_words, "instance_words", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, fillers, "fillers", FT_ARRAY, 0, 0, KB_MAX_SAYS),
	F(struct reading_in, clause_breaks, "clause_breaks", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, about_question, "about_question", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, negation_after, "negation_after", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, command_starts, "command_starts", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, set_aside, "set_aside", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, aside_after_negation, "aside_after_negation",
	    FT_ARRAY, 0, 0, KB_MAX_SAYS),
	F(struct reading_in, point_units, "point_units", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, duration_starts, "duration_starts", FT_ARRAY, 0,
	    0, KB_MAX_SAYS),
	F(struct reading_in, duration_units, "duration_units", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, present_words, "present_words", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, summary_words, "summary_words", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, summary_cues, "summary_cues", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, addressee, "addressee", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, command_glue, "command_glue", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, change_starts, "change_starts", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, additions, "additions", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, exclusives, "exclusives", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F_END
};

struct phrases_in {
	json_t		*commands, *prefixes, *help, *retry, *reading;
	json_t		*small_talk, *cues;
	const char	*ask, *need_more, *unclear_target, *unclear_choice;
	const char	*refine, *after_verdict;
};

static const struct field phrases_fields[] = {
	F(struct phrases_in, commands, "commands", FT_OBJECT, REQ, 0, 0),
	F(struct phrases_in, prefixes, "prefixes", FT_OBJECT, 0, 0, 0),
	F(struct phrases_in, cues, "cues", FT_OBJECT, 0, 0, 0),
	F(struct phrases_in, help, "help", FT_OBJECT, REQ, 0, 0),
	F(struct phrases_in, ask, "ask", FT_STR, REQ, 0, TEXT_MAX),
	F(struct phrases_in, retry, "retry", FT_OBJECT, REQ, 0, 0),
	F(struct phrases_in, need_more, "need_more", FT_STR, REQ, 0, TEXT_MAX),
	F(struct phrases_in, unclear_target, "unclear_target", FT_STR, REQ, 0,
	    TEXT_MAX),
	F(struct phrases_in, unclear_choice, "unclear_choice", FT_STR, REQ, 0,
	    TEXT_MAX),
	F(struct phrases_in, refine, "refine", FT_STR, REQ, 0, TEXT_MAX),
	F(struct phrases_in, after_verdict, "after_verdict", FT_STR, REQ, 0,
	    TEXT_MAX),
	F(struct phrases_in, reading, "reading", FT_OBJECT, REQ, 0, 0),
	F(struct phrases_in, small_talk, "small_talk", FT_ARRAY, 0, 0,
	    KB_MAX_SMALL_TALK),
	F_END
};

/* "help", "retry" and "reading": objects of their own fields. */
static void
phrases_parts(struct loader *L, const struct phrases_in *in)
{
	struct kb_phrases *ph = &L->kb->phrases;
	struct help_in h;
	struct retry_in r;
	struct reading_in rd;

	memset(&h, 0, sizeof(h));
	if (in->help != NULL) {
		(void)fields_read(L, in->help, "$.phrases.help", help_fields, &h);
		ph->help = h.text;
		if (h.commands != NULL)
			ph->help_lines = fields_list(L, h.commands,
			    "$.phrases.help.commands", &help_lines, NULL,
			    &ph->nhelp_lines);
	}
	memset(&r, 0, sizeof(r));
	if (in->retry != NULL &&
	    fields_read(L, in->retry, "$.phrases.retry", retry_fields, &r) ==
	    0) {
		ph->retry_choose = r.choose;
		ph->retry_free = r.free;
		ph->retry_more = r.more;
	}
	memset(&rd, 0, sizeof(rd));
	if (in->reading != NULL && fields_read(L, in->reading,
	    "$.phrases.reading", reading_fields, &rd) == 0) {
		ph->nfirst_person = phrases_words(L, rd.first_person,
		    "$.phrases.reading.first_person", -1, &ph->first_person);
		ph->nquestion_starts = phrases_words(L, rd.question_starts,
		    "$.phrases.reading.question_starts", -1,
		    &ph->question_starts);
		ph->nnumber_words = phrases_words(L, rd.number_words,
		    "$.phrases.reading.number_words", -1, &ph->number_words);
		if (rd.follow_up_starts != NULL)
			ph->nfollow_up_starts = phrases_words(L,
			    rd.follow_up_starts,
			    "$.phrases.reading.follow_up_starts", -1,
			    &ph->follow_up_starts);
		if (rd.comparison_words != NULL)
			ph->ncomparison_words = phrases_words(L,
			    rd.comparison_words,
			    "$.phrases.reading.comparison_words", -1,
			    &ph->comparison_words);
		if (rd.question_words != NULL)
			ph->nquestion_words = phrases_words(L,
			    rd.question_words,
			    "$.phrases.reading.question_words", -1,
			    &ph->question_words);
		if (rd.count_starts != NULL)
			ph->ncount_starts = phrases_words(L, rd.count_starts,
			    "$.phrases.reading.count_starts", -1,
			    &ph->count_starts);
		if (rd.scope_words != NULL)
			ph->nscope_words = phrases_words(L, rd.scope_words,
			    "$.phrases.reading.scope_words", -1,
			    &ph->scope_words);
		if (rd.figure_words != NULL)
			ph->nfigure_words = phrases_words(L, rd.figure_words,
			    "$.phrases.reading.figure_words", -1,
			    &ph->figure_words);
		if (rd.instance_words != NULL)
			ph->ninstance_words = phrases_words(L,
			    rd.instance_words,
			    "$.phrases.reading.instance_words", -1,
			    &ph->instance_words);
		if (rd.fillers != NULL)
			ph->nfillers = phrases_words(L, rd.fillers,
			    "$.phrases.reading.fillers", -1, &ph->fillers);
		if (rd.about_question != NULL)
			ph->nabout_question = phrases_words(L,
			    rd.about_question, "$.phrases.reading.about_question",
			    -1, &ph->about_question);
		if (rd.clause_breaks != NULL)
			ph->nclause_breaks = phrases_words(L, rd.clause_breaks,
			    "$.phrases.reading.clause_breaks", -1,
			    &ph->clause_breaks);
		if (rd.negation_after != NULL)
			ph->nnegation_after = phrases_words(L,
			    rd.negation_after, "$.phrases.reading.negation_after",
			    -1, &ph->negation_after);
		if (rd.command_starts != NULL)
			ph->ncommand_starts = phrases_words(L,
			    rd.command_starts, "$.phrases.reading.command_starts",
			    -1, &ph->command_starts);
		if (rd.set_aside != NULL)
			ph->nset_aside = phrases_words(L, rd.set_aside,
			    "$.phrases.reading.set_aside", -1, &ph->set_aside);
		if (rd.aside_after_negation != NULL)
			ph->naside_after_negation = phrases_words(L,
			    rd.aside_after_negation,
			    "$.phrases.reading.aside_after_negation", -1,
			    &ph->aside_after_negation);
		if (rd.point_units != NULL)
			ph->npoint_units = phrases_words(L, rd.point_units,
			    "$.phrases.reading.point_units", -1,
			    &ph->point_units);
		if (rd.duration_starts != NULL)
			ph->nduration_starts = phrases_words(L,
			    rd.duration_starts,
			    "$.phrases.reading.duration_starts", -1,
			    &ph->duration_starts);
		if (rd.duration_units != NULL)
			ph->nduration_units = phrases_words(L,
			    rd.duration_units,
			    "$.phrases.reading.duration_units", -1,
			    &ph->duration_units);
		if (rd.present_words != NULL)
			ph->npresent_words = phrases_words(L, rd.present_words,
			    "$.phrases.reading.present_words", -1,
			    &ph->present_words);
		if (rd.summary_words != NULL)
			ph->nsummary_words = phrases_words(L, rd.summary_words,
			    "$.phrases.reading.summary_words", -1,
			    &ph->summary_words);
		if (rd.summary_cues != NULL)
			ph->nsummary_cues = phrases_words(L, rd.summary_cues,
			    "$.phrases.reading.summary_cues", -1,
			    &ph->summary_cues);
		if (rd.addressee != NULL)
			ph->naddressee = phrases_words(L, rd.addressee,
			    "$.phrases.reading.addressee", -1, &ph->addressee);
		if (rd.command_glue != NULL)
			ph->ncommand_glue = phrases_words(L, rd.command_glue,
			    "$.phrases.reading.command_glue", -1,
			    &ph->command_glue);
		if (rd.change_starts != NULL)
			ph->nchange_starts = phrases_words(L, rd.change_starts,
			    "$.phrases.reading.change_starts", -1,
			    &ph->change_starts);
		if (rd.additions != NULL)
			ph->nadditions = phrases_words(L, rd.additions,
			    "$.phrases.reading.additions", -1, &ph->additions);
		if (rd.exclusives != NULL)
			ph->nexclusives = phrases_words(L, rd.exclusives,
			    "$.phrases.reading.exclusives", -1,
			    &ph->exclusives);
	}
}

struct talk_in {
	json_t		*says;
	const char	*reply;
};

static const struct field talk_fields[] = {
	F(struct talk_in, says, "says", FT_ARRAY, REQ, 0, KB_MAX_SAYS),
	F(struct talk_in, reply, "reply", FT_STR, REQ, 0, TEXT_MAX),
	F_END
};

/*
 * "small_talk": [{"says": [...], "reply": "..."}], at most
 * KB_MAX_SMALL_TALK.  A message may say one thing only: a small-talk
 * phrase that is also a command, or in two entries, is refused (the
 * engine would hear one of them only).
 */
static void
phrases_small_talk(struct loader *L, json_t *arr)
{
	struct kb_phrases *ph = &L->kb->phrases;
	struct talk_in t;
	char p[256], ps[256];
	size_t i, k, c, e, m;
	json_t *v;

	if (json_array_size(arr) > KB_MAX_SMALL_TALK) {
		fields_error(L, "$.phrases.small_talk", "more than %d entries",
		    KB_MAX_SMALL_TALK);
		return;
	}
	if ((ph->small_talk = arena_calloc(&L->kb->arena,
	    json_array_size(arr) + 1, sizeof(*ph->small_talk))) == NULL)
		return;
	json_array_foreach(arr, i, v) {
		struct kb_small_talk *st = &ph->small_talk[ph->nsmall_talk];

		fields_index(p, sizeof(p), "$.phrases.small_talk", i);
		memset(&t, 0, sizeof(t));
		if (fields_read(L, v, p, talk_fields, &t) == -1 ||
		    t.says == NULL)
			continue;
		fields_key(ps, sizeof(ps), p, "says");
		st->nsays = phrases_words(L, t.says, ps, -1, &st->says);
		st->reply = t.reply;
		for (k = 0; k < st->nsays; k++) {
			for (c = 0; c < KB_NCOMMANDS; c++)
				for (m = 0; m < ph->nsays[c]; m++)
					if (strcmp(ph->says[c][m], st->says[k]) == 0)
						fields_error(L, ps, "'%s' already "
						    "says '%s'", st->says[k],
						    kb_command_name(
						    (enum kb_command)c));
			for (e = 0; e < ph->nsmall_talk; e++)
				for (m = 0; m < ph->small_talk[e].nsays; m++)
					if (strcmp(ph->small_talk[e].says[m],
					    st->says[k]) == 0)
						fields_error(L, ps, "'%s' is also "
						    "in small_talk[%zu]",
						    st->says[k], e);
		}
		ph->nsmall_talk++;
	}
}

/*
 * The "phrases" object of dialogue.json (obj) into kb->phrases, every
 * problem reported as "dialogue.json: path: message".
 */
void
kb_load_phrases(struct loader *L, json_t *obj)
{
	struct kb_phrases *ph = &L->kb->phrases;
	struct phrases_in in;

	memset(ph, 0, sizeof(*ph));
	memset(&in, 0, sizeof(in));
	(void)fields_read(L, obj, "$.phrases", phrases_fields, &in);
	if (in.commands != NULL)
		phrases_commands(L, in.commands, "$.phrases.commands", 0);
	if (in.prefixes != NULL)
		phrases_commands(L, in.prefixes, "$.phrases.prefixes", 1);
	if (in.cues != NULL) {
		phrases_commands(L, in.cues, "$.phrases.cues", 2);
		phrases_cue_index(L);
	}
	phrases_parts(L, &in);
	if (in.small_talk != NULL)
		phrases_small_talk(L, in.small_talk);
	ph->ask = in.ask;
	ph->need_more = in.need_more;
	ph->unclear_target = in.unclear_target;
	ph->unclear_choice = in.unclear_choice;
	ph->refine = in.refine;
	ph->after_verdict = in.after_verdict;
}
