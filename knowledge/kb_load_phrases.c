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
 * The array arr (at path) of single words (as phrases_words) into *out:
 * a verb or an object of a command said as a verb and its object, which
 * dialogue_understand.c compares with one word of a message at a time
 * (so "give me" would never match); what names the list in an error.
 */
static size_t
phrases_single_words(struct loader *L, json_t *arr, const char *path,
    const char *what, const char ***out)
{
	char p[256];
	size_t n, i;

	n = phrases_words(L, arr, path, -1, out);
	for (i = 0; i < n; i++)
		if (strchr((*out)[i], ' ') != NULL) {
			fields_index(p, sizeof(p), path, i);
			fields_error(L, p, "%s '%s' is not one word", what,
			    (*out)[i]);
		}
	return n;
}

/*
 * "commands" (whole messages), "prefixes" (the start of one, for
 * what_if and change only; prefixes 1) or "cues" (single words that make
 * a short message that command; prefixes 2), "verbs" (prefixes 3) or
 * "objects" (prefixes 4) of a command said as a verb and its object:
 * objects keyed by command name.
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
		/* only these five are read as a verb and its object
		 * (understand_verb_command's passes) */
		if (prefixes >= 3 && c != KB_CMD_RECOMMEND &&
		    c != KB_CMD_RESTART && c != KB_CMD_SKIP &&
		    c != KB_CMD_BACK && c != KB_CMD_SUMMARY) {
			fields_error(L, p, "unknown command '%s' (verbs and "
			    "objects are for recommend, restart, skip, back "
			    "and summary)", key);
			continue;
		}
		if (prefixes == 3)
			ph->nverbs[c] = phrases_single_words(L, v, p, "verb",
			    &ph->verbs[c]);
		else if (prefixes == 4)
			ph->nobjects[c] = phrases_single_words(L, v, p,
			    "object", &ph->objects[c]);
		else if (prefixes == 2)
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
	const char	*choose, *free, *more, *unplaced;
};

static const struct field retry_fields[] = {
	F(struct retry_in, choose, "choose", FT_STR, REQ, 0, TEXT_MAX),
	F(struct retry_in, free, "free", FT_STR, REQ, 0, TEXT_MAX),
	F(struct retry_in, more, "more", FT_STR, REQ, 0, TEXT_MAX),
	F(struct retry_in, unplaced, "unplaced", FT_STR, 0, 0, TEXT_MAX),
	F_END
};

struct reading_in {
	json_t		*first_person, *question_starts, *number_words;
	json_t		*follow_up_starts, *comparison_words, *question_words;
	json_t		*count_starts, *scope_words, *figure_words;
	json_t		*figure_scope_words;
	json_t		*instance_words;
	json_t		*fillers, *clause_breaks, *about_question, *change_refs;
	json_t		*verdict_refs;	/* round 51 (nu51) */
	json_t		*negation_after, *command_starts, *set_aside;
	json_t		*summary_words, *summary_cues, *addressee;
	json_t		*command_glue, *change_starts, *additions, *exclusives;
	json_t		*aside_after_negation, *point_units;
	json_t		*duration_starts, *duration_units, *present_words;
	json_t		*implied_subject, *negation_carriers, *work_verbs;
	json_t		*conditions, *joins, *anaphors;
	json_t		*source_words, *verdict_markers, *situation_refs;
	json_t		*general_refs, *stance_refs, *stance_words;
	json_t		*later_refs, *work_refs, *switch_verbs;
	json_t		*question_leads, *code_switches;	/* 49 (ad49c) */
	json_t		*refusals, *fronts, *date_points, *harms;
	json_t		*work_openers;
	json_t		*passes_through, *choice_tasks;	/* round 42b (ew42) */
	json_t		*team_subjects;	/* round 24 (f24) */
	json_t		*headcount_words;	/* round 48b (nv48) */
	json_t		*headcount_leads;	/* round 48b (nv48) */
	json_t		*made_in, *made_verbs, *made_guards,
			*made_ends;	/* round 48b (qk48) */
	json_t		*partial_subjects;	/* round 29 (cv29) */
	json_t		*third_parties, *time_shifts, *name_determiners;
	json_t		*relay_verbs;	/* round 49b */
	json_t		*comparative_endings;
	json_t		*hearsay, *verb_readings, *rival_markers, *past_points;
	json_t		*evidence_asks, *method_asks;	/* round 44b (src44) */
	json_t		*source_frames;	/* round 45b (sr45) */
	json_t		*scope_determiners, *story_turns, *deliberations;
	json_t		*level_words, *change_words, *relative_units;
	json_t		*percent_words, *percent_units, *howto_starts;
	json_t		*outside_words;
	json_t		*outside_rivals;	/* round 39 (ds39) */
	json_t		*alternatives;		/* round 52 (rt52) */
	json_t		*maker_people, *maker_verbs;	/* round 47b */
	json_t		*rate_periods, *rate_asks;	/* round 48 */
	json_t		*rate_years;			/* round 48c */
	json_t		*crossing_words, *crossing_names;	/* round 44 */
	json_t		*crossing_said, *crossing_links;
	json_t		*measure_words;	/* round 35 (un35) */
	json_t		*size_words;	/* round 47b (fu47b) */
	json_t		*advice_asks, *advice_things;	/* round 32 (cm32) */
	json_t		*what_if_amount_starts;	/* round 28 (cm28) */
	json_t		*consequent_starts, *outcome_turns;	/* round 49 (hy49) */
	json_t		*what_if_swaps, *wish_starts;	/* round 50 (wi50) */
	json_t		*wish_wants;	/* round 50b (hx50b) */
	json_t		*opinion_verbs;	/* round 52 (nc52) */
	json_t		*group_nouns;	/* round 52 (nc52) */
	json_t		*subject_corrections;
	json_t		*retakes;	/* round 35 (st35) */
	json_t		*negation_heads;	/* round 35 (st35) */
	json_t		*dismissals;		/* round 47 (fub47) */
	json_t		*plural_verbs;		/* round 47b (hx47b) */
	json_t		*same_as_last;		/* issue 11 round 13 */
	json_t		*practice_asks, *practice_refs;	/* round 16 */
	json_t		*story_moves, *story_move_ends;	/* round 14 */
	json_t		*trailing_turns;
	json_t		*layer_links, *codebase_words;	/* round 46b */
	json_t		*codebase_authors, *leaving_words;
	json_t		*past_marks, *present_marks;	/* round 18 */
	json_t		*past_states;			/* round 50b (rl50b) */
	json_t		*case_words;			/* round 21 */
	json_t		*act_words, *cause_words;	/* round 26 */
	json_t		*request_verbs;			/* round 31 */
	json_t		*intro_tails;			/* round 32 */
	json_t		*role_words;			/* round 47b */
	json_t		*idiom_parts, *negation_accepts; /* round 21 */
	json_t		*negation_intensifiers;		/* round 37 */
	json_t		*negation_adverbs;		/* round 51 (rd51) */
	json_t		*wait_cues, *wait_speed_words;	/* round 31 */
	json_t		*wait_vetoes, *wait_asks;
	json_t		*necessity_words;	/* round 38 (qa38) */
	json_t		*clitics;		/* round 42 (cv42) */
	json_t		*infinitives;		/* round 16 */
	json_t		*object_determiners;	/* round 24 */
	json_t		*place_refs, *place_openers;	/* round 16 */
	json_t		*level_tails, *yes_no_starts, *platform_openers;
	json_t		*size_openers, *number_names;	/* round 27 */
	json_t		*amount_upper, *amount_lower, *amount_joins;
	json_t		*amount_after;	/* round 28 */
	json_t		*amount_owners;	/* round 48 (nf48) */
	json_t		*hedges;	/* round 48 (nf48) */
	json_t		*amount_past, *amount_past_leads;	/* round 48b */
	json_t		*amount_periods;	/* round 48c (hx48b) */
	json_t		*counterfactuals;	/* round 49 (hx49) */
	json_t		*possession_verbs;	/* round 49b (ng49) */
	json_t		*period_nouns;	/* round 49b (ng49) */
	json_t		*report_leads;	/* round 49 (hx49) */
	json_t		*relay_roles, *relay_facts;	/* round 50 (rl50) */
	json_t		*relay_disputes;	/* round 51 (hx51) */
	json_t		*amount_approx;	/* round 34 */
	json_t		*amount_breaks;	/* round 34 */
	json_t		*served_ends, *disowned_ends;	/* round 16 (v1) */
	json_t		*study_refs, *study_vetoes;	/* round 46b */
	json_t		*disowned_refs, *set_aside_pairs;	/* round 17 */
	json_t		*other_senses;			/* round 28b */
	json_t		*verdict_verbs, *topic_leads, *doubt_tails; /* round 17 */
	json_t		*change_tails;	/* round 27 */
	json_t		*pair_refs;	/* round 27b */
	json_t		*source_list_cues;	/* round 46b */
	json_t		*compare_pair_refs;	/* round 33 */
	json_t		*reversal_tails;	/* round 30 */
	json_t		*other_refs;
	json_t		*relative_ends, *behind_words;	/* round 28 (ind28) */
	json_t		*insistences, *relative_openers; /* round 48 (de48) */
	json_t		*concessives, *suppositions;	/* round 52 (cm52) */
	json_t		*recruit_verbs;			/* round 52 (cm52) */
	json_t		*behalf_cues;			/* round 39 (dv39) */
	json_t		*report_verbs, *claim_checks;	/* round 42 (hs42) */
	json_t		*pointer_refs, *pointer_asks;	/* round 44b (ctx44) */
	json_t		*employer_nouns;		/* round 30 (ds30) */
	json_t		*work_nouns;		/* round 47c (ea47c) */
	json_t		*back_refs;	/* round 20 */
	json_t		*moved_words, *moved_vetoes;	/* round 48b */
	json_t		*lack_openers, *exact_words;	/* round 17 (y1) */
	json_t		*date_asks;	/* round 18 (z3) */
	json_t		*likeness_asks;	/* round 46c (sc46c) */
	json_t		*time_openers;	/* round 31 (lt31) */
	json_t		*retractions, *drop_verbs;	/* round 50 (cm50) */
	json_t		*verdict_audiences, *audience_verbs; /* round 50b */
	json_t		*qualifier_tails;	/* round 32 (sc32) */
	json_t		*asking_words;	/* round 33 (fp33) */
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
	F(struct reading_in, figure_scope_words, "figure_scope_words",
	    FT_ARRAY, 0, 0, KB_MAX_SAYS),
	F(struct reading_in, instance_words, "instance_words", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, fillers, "fillers", FT_ARRAY, 0, 0, KB_MAX_SAYS),
	F(struct reading_in, clause_breaks, "clause_breaks", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, about_question, "about_question", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, change_refs, "change_refs", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, verdict_refs, "verdict_refs", FT_ARRAY, 0, 0,
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
	F(struct reading_in, work_verbs, "work_verbs", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, implied_subject, "implied_subject", FT_ARRAY, 0,
	    0, KB_MAX_SAYS),
	F(struct reading_in, negation_carriers, "negation_carriers", FT_ARRAY,
	    0, 0, KB_MAX_SAYS),
	F(struct reading_in, conditions, "conditions", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, joins, "joins", FT_ARRAY, 0, 0, KB_MAX_SAYS),
	F(struct reading_in, anaphors, "anaphors", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, source_words, "source_words", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, verdict_markers, "verdict_markers", FT_ARRAY, 0,
	    0, KB_MAX_SAYS),
	F(struct reading_in, situation_refs, "situation_refs", FT_ARRAY, 0,
	    0, KB_MAX_SAYS),
	F(struct reading_in, general_refs, "general_refs", FT_ARRAY, 0,
	    0, KB_MAX_SAYS),
	F(struct reading_in, later_refs, "later_refs", FT_ARRAY, 0,
	    0, KB_MAX_SAYS),
	F(struct reading_in, work_refs, "work_refs", FT_ARRAY, 0,
	    0, KB_MAX_SAYS),
	F(struct reading_in, switch_verbs, "switch_verbs", FT_ARRAY, 0,
	    0, KB_MAX_SAYS),
	F(struct reading_in, stance_refs, "stance_refs", FT_ARRAY, 0,
	    0, KB_MAX_SAYS),
	F(struct reading_in, stance_words, "stance_words", FT_ARRAY, 0,
	    0, KB_MAX_SAYS),
	F(struct reading_in, question_leads, "question_leads", FT_ARRAY, 0,
	    0, KB_MAX_SAYS),
	F(struct reading_in, code_switches, "code_switches", FT_ARRAY, 0,
	    0, KB_MAX_SAYS),
	F(struct reading_in, refusals, "refusals", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, work_openers, "work_openers", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, fronts, "fronts", FT_ARRAY, 0, 0, KB_MAX_SAYS),
	F(struct reading_in, passes_through, "passes_through", FT_ARRAY, 0,
	    0, KB_MAX_SAYS),
	F(struct reading_in, choice_tasks, "choice_tasks", FT_ARRAY, 0,
	    0, KB_MAX_SAYS),
	F(struct reading_in, date_points, "date_points", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, third_parties, "third_parties", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, relay_verbs, "relay_verbs", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, time_shifts, "time_shifts", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, harms, "harms", FT_ARRAY, 0, 0, KB_MAX_SAYS),
	F(struct reading_in, partial_subjects, "partial_subjects", FT_ARRAY,
	    0, 0, KB_MAX_SAYS),
	F(struct reading_in, team_subjects, "team_subjects", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, headcount_words, "headcount_words", FT_ARRAY, 0,
	    0, KB_MAX_SAYS),
	F(struct reading_in, headcount_leads, "headcount_leads", FT_ARRAY, 0,
	    0, KB_MAX_SAYS),
	F(struct reading_in, made_in, "made_in", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, made_verbs, "made_verbs", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, made_guards, "made_guards", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, made_ends, "made_ends", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, hearsay, "hearsay", FT_ARRAY, 0, 0, KB_MAX_SAYS),
	F(struct reading_in, evidence_asks, "evidence_asks", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, method_asks, "method_asks", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, source_frames, "source_frames", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, past_points, "past_points", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, verb_readings, "verb_readings", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, rival_markers, "rival_markers", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, scope_determiners, "scope_determiners", FT_ARRAY,
	    0, 0, KB_MAX_SAYS),
	F(struct reading_in, name_determiners, "name_determiners", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, comparative_endings, "comparative_endings",
	    FT_ARRAY, 0, 0, KB_MAX_SAYS),
	F(struct reading_in, story_turns, "story_turns", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, deliberations, "deliberations", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, level_words, "level_words", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, change_words, "change_words", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, measure_words, "measure_words", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, size_words, "size_words", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, relative_units, "relative_units", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, percent_words, "percent_words", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, percent_units, "percent_units", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, subject_corrections, "subject_corrections",
	    FT_ARRAY, 0, 0, KB_MAX_SAYS),
	F(struct reading_in, retakes, "retakes", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, negation_heads, "negation_heads", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, dismissals, "dismissals", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, plural_verbs, "plural_verbs", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, what_if_amount_starts, "what_if_amount_starts",
	    FT_ARRAY, 0, 0, KB_MAX_SAYS),
	F(struct reading_in, consequent_starts, "consequent_starts",
	    FT_ARRAY, 0, 0, KB_MAX_SAYS),
	F(struct reading_in, outcome_turns, "outcome_turns", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, what_if_swaps, "what_if_swaps", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, wish_starts, "wish_starts", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, wish_wants, "wish_wants", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, opinion_verbs, "opinion_verbs", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, group_nouns, "group_nouns", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, howto_starts, "howto_starts", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, outside_words, "outside_words", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, outside_rivals, "outside_rivals", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, alternatives, "alternatives", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, maker_people, "maker_people", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, maker_verbs, "maker_verbs", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, rate_periods, "rate_periods", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, rate_asks, "rate_asks", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, rate_years, "rate_years", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, crossing_words, "crossing_words", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, crossing_names, "crossing_names", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, crossing_said, "crossing_said", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, crossing_links, "crossing_links", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, advice_asks, "advice_asks", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, advice_things, "advice_things", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, story_moves, "story_moves", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, story_move_ends, "story_move_ends", FT_ARRAY, 0,
	    0, KB_MAX_SAYS),
	F(struct reading_in, yes_no_starts, "yes_no_starts", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, platform_openers, "platform_openers", FT_ARRAY,
	    0, 0, KB_MAX_SAYS),
	F(struct reading_in, served_ends, "served_ends", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, disowned_ends, "disowned_ends", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, study_refs, "study_refs", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, study_vetoes, "study_vetoes", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, disowned_refs, "disowned_refs", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, other_senses, "other_senses", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, set_aside_pairs, "set_aside_pairs", FT_ARRAY, 0,
	    0, KB_MAX_SAYS),
	F(struct reading_in, size_openers, "size_openers", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, number_names, "number_names", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, amount_upper, "amount_upper", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, amount_lower, "amount_lower", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, amount_joins, "amount_joins", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, amount_after, "amount_after", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, amount_owners, "amount_owners", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, hedges, "hedges", FT_ARRAY, 0, 0, KB_MAX_SAYS),
	F(struct reading_in, amount_past, "amount_past", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, amount_past_leads, "amount_past_leads", FT_ARRAY,
	    0, 0, KB_MAX_SAYS),
	F(struct reading_in, amount_periods, "amount_periods", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, possession_verbs, "possession_verbs", FT_ARRAY,
	    0, 0, KB_MAX_SAYS),
	F(struct reading_in, period_nouns, "period_nouns", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, counterfactuals, "counterfactuals", FT_ARRAY, 0,
	    0, KB_MAX_SAYS),
	F(struct reading_in, report_leads, "report_leads", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, relay_roles, "relay_roles", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, relay_facts, "relay_facts", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, relay_disputes, "relay_disputes", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, amount_approx, "amount_approx", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, amount_breaks, "amount_breaks", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, lack_openers, "lack_openers", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, exact_words, "exact_words", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, date_asks, "date_asks", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, likeness_asks, "likeness_asks", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, asking_words, "asking_words", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, qualifier_tails, "qualifier_tails", FT_ARRAY, 0,
	    0, KB_MAX_SAYS),
	F(struct reading_in, level_tails, "level_tails", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, place_refs, "place_refs", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, place_openers, "place_openers", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, trailing_turns, "trailing_turns", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, layer_links, "layer_links", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, codebase_words, "codebase_words", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, codebase_authors, "codebase_authors", FT_ARRAY, 0,
	    0, KB_MAX_SAYS),
	F(struct reading_in, leaving_words, "leaving_words", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, idiom_parts, "idiom_parts", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, negation_accepts, "negation_accepts", FT_ARRAY,
	    0, 0, KB_MAX_SAYS),
	F(struct reading_in, negation_intensifiers, "negation_intensifiers",
	    FT_ARRAY, 0, 0, KB_MAX_SAYS),
	F(struct reading_in, negation_adverbs, "negation_adverbs",
	    FT_ARRAY, 0, 0, KB_MAX_SAYS),
	F(struct reading_in, wait_cues, "wait_cues", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, wait_speed_words, "wait_speed_words", FT_ARRAY,
	    0, 0, KB_MAX_SAYS),
	F(struct reading_in, wait_vetoes, "wait_vetoes", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, wait_asks, "wait_asks", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, necessity_words, "necessity_words", FT_ARRAY, 0,
	    0, KB_MAX_SAYS),
	F(struct reading_in, clitics, "clitics", FT_ARRAY, 0, 0, KB_MAX_SAYS),
	F(struct reading_in, past_marks, "past_marks", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, past_states, "past_states", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, case_words, "case_words", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, act_words, "act_words", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, cause_words, "cause_words", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, request_verbs, "request_verbs", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, intro_tails, "intro_tails", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, role_words, "role_words", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, present_marks, "present_marks", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, infinitives, "infinitives", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, object_determiners, "object_determiners",
	    FT_ARRAY, 0, 0, KB_MAX_SAYS),
	F(struct reading_in, practice_asks, "practice_asks", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, practice_refs, "practice_refs", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, same_as_last, "same_as_last", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, verdict_verbs, "verdict_verbs", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, topic_leads, "topic_leads", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, doubt_tails, "doubt_tails", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, change_tails, "change_tails", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, pair_refs, "pair_refs", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, source_list_cues, "source_list_cues", FT_ARRAY,
	    0, 0, KB_MAX_SAYS),
	F(struct reading_in, compare_pair_refs, "compare_pair_refs", FT_ARRAY,
	    0, 0, KB_MAX_SAYS),
	F(struct reading_in, reversal_tails, "reversal_tails", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, other_refs, "other_refs", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, relative_ends, "relative_ends", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, insistences, "insistences", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, relative_openers, "relative_openers", FT_ARRAY,
	    0, 0, KB_MAX_SAYS),
	F(struct reading_in, concessives, "concessives", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, suppositions, "suppositions", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, recruit_verbs, "recruit_verbs", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, behind_words, "behind_words", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, behalf_cues, "behalf_cues", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, report_verbs, "report_verbs", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, claim_checks, "claim_checks", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, pointer_refs, "pointer_refs", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, pointer_asks, "pointer_asks", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, employer_nouns, "employer_nouns", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, work_nouns, "work_nouns", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, moved_words, "moved_words", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, moved_vetoes, "moved_vetoes", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, back_refs, "back_refs", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, time_openers, "time_openers", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, retractions, "retractions", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, drop_verbs, "drop_verbs", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F(struct reading_in, verdict_audiences, "verdict_audiences", FT_ARRAY,
	    0, 0, KB_MAX_SAYS),
	F(struct reading_in, audience_verbs, "audience_verbs", FT_ARRAY, 0, 0,
	    KB_MAX_SAYS),
	F_END
};

/*
 * Each word list of "reading", in the order it is read: where the array
 * is in struct reading_in, and where its words and their count go in
 * struct kb_phrases (members of the same name, the count n-prefixed).
 */
struct reading_list {
	const char	*key;
	size_t		 in, list, count;
	int		 one_word;	/* its entries are compared word by word */
};

#define RL(m) { #m, offsetof(struct reading_in, m), \
	offsetof(struct kb_phrases, m), offsetof(struct kb_phrases, n##m), 0 }
#define RL1(m) { #m, offsetof(struct reading_in, m), \
	offsetof(struct kb_phrases, m), offsetof(struct kb_phrases, n##m), 1 }

static const struct reading_list reading_lists[] = {
	RL(first_person), RL(question_starts), RL(number_words),
	RL(follow_up_starts), RL(comparison_words), RL(question_words),
	RL(count_starts), RL(scope_words), RL(figure_words),
	RL(instance_words), RL(fillers), RL(about_question), RL(change_refs),
	RL1(verdict_refs),
	RL(clause_breaks), RL(negation_after), RL(command_starts),
	RL(set_aside), RL(aside_after_negation), RL(point_units),
	RL(duration_starts), RL(duration_units), RL(present_words),
	RL(summary_words), RL(summary_cues), RL(addressee),
	RL(command_glue), RL(change_starts), RL1(additions), RL(exclusives),
	RL(implied_subject), RL(negation_carriers), RL(work_verbs),
	RL1(conditions),
	RL1(joins), RL1(anaphors), RL1(figure_scope_words), RL(source_words),
	RL1(verdict_markers), RL(situation_refs), RL(general_refs), RL(later_refs),
	RL(work_refs), RL1(switch_verbs),
	RL(stance_refs), RL(stance_words),
	RL(question_leads), RL(code_switches),
	RL(refusals), RL(work_openers), RL(fronts), RL(passes_through),
	RL(choice_tasks),
	RL1(date_points), RL(harms),
	RL1(time_openers),
	RL(team_subjects), RL(partial_subjects),
	RL1(headcount_words), RL(headcount_leads),
	RL(made_in), RL1(made_verbs), RL1(made_guards), RL1(made_ends),
	RL1(third_parties), RL1(relay_verbs), RL(time_shifts), RL(hearsay),
	RL(evidence_asks), RL(method_asks),
	RL(past_points),
	RL(verb_readings), RL1(rival_markers), RL1(scope_determiners),
	RL(story_turns), RL(deliberations), RL1(name_determiners),
	RL1(comparative_endings), RL1(level_words),
	RL1(change_words), RL1(measure_words), RL1(size_words), RL1(percent_words), RL(howto_starts), RL1(outside_words),
	RL1(outside_rivals), RL1(alternatives), RL1(maker_people), RL(maker_verbs),
	RL(rate_periods), RL1(rate_asks), RL(rate_years),
	RL1(crossing_words), RL1(crossing_names),
	RL1(crossing_said), RL1(crossing_links),
	RL1(advice_asks), RL1(advice_things),
	RL(what_if_amount_starts), RL(subject_corrections), RL(retakes),
	RL1(consequent_starts), RL1(outcome_turns), RL1(what_if_swaps), RL(wish_starts),
	RL(wish_wants), RL(opinion_verbs), RL(group_nouns),
	RL1(negation_heads), RL(dismissals), RL1(plural_verbs),
	RL(same_as_last), RL(practice_asks), RL1(practice_refs), RL(story_moves),
	RL1(story_move_ends), RL1(trailing_turns), RL1(infinitives),
	RL(layer_links), RL1(codebase_words), RL1(codebase_authors), RL1(leaving_words),
	RL1(object_determiners),
	RL1(place_refs), RL1(place_openers), RL1(level_tails),
	RL1(yes_no_starts), RL1(platform_openers), RL(size_openers),
	RL(number_names), RL(amount_upper), RL(amount_lower), RL1(amount_joins),
	RL1(amount_after), RL1(amount_owners), RL1(hedges), RL(amount_past),
	RL(amount_past_leads), RL1(amount_periods), RL1(counterfactuals), RL1(possession_verbs), RL1(period_nouns), RL1(amount_approx), RL1(amount_breaks),
	RL(served_ends), RL(disowned_ends), RL(disowned_refs),
	RL(study_refs), RL(study_vetoes),
	RL(set_aside_pairs), RL(other_senses),
	RL1(lack_openers), RL1(exact_words), RL(date_asks), RL(likeness_asks),
	RL1(qualifier_tails), RL(asking_words),
	RL(verdict_verbs), RL(topic_leads),
	RL(doubt_tails), RL(change_tails), RL(pair_refs), RL(compare_pair_refs),
	RL(source_list_cues),
	RL(reversal_tails),
	RL(other_refs), RL(relative_ends), RL(insistences),
	RL1(relative_openers), RL1(concessives), RL1(suppositions), RL1(recruit_verbs), RL(behind_words), RL1(employer_nouns), RL1(work_nouns),
	RL(behalf_cues), RL(report_verbs), RL(report_leads), RL(claim_checks),
	RL1(relay_roles), RL(relay_facts), RL(relay_disputes),
	RL1(pointer_refs), RL1(pointer_asks),
	RL(past_marks), RL(present_marks), RL(past_states),
	RL1(back_refs), RL1(moved_words), RL1(moved_vetoes),
	RL1(case_words), RL1(act_words), RL1(cause_words), RL1(request_verbs),
	RL1(intro_tails), RL1(role_words),
	RL1(idiom_parts), RL1(negation_accepts), RL1(negation_intensifiers),
	RL1(negation_adverbs),
	RL(wait_cues), RL1(wait_speed_words), RL(wait_vetoes), RL(wait_asks),
	RL(necessity_words), RL(clitics), RL(retractions),
	RL1(drop_verbs), RL1(verdict_audiences), RL1(audience_verbs),
	{ NULL, 0, 0, 0, 0 }
};

struct phrases_in {
	json_t		*commands, *prefixes, *help, *retry, *reading;
	json_t		*small_talk, *cues, *verbs, *objects;
	const char	*ask, *ask_again, *need_more, *unclear_target;
	const char	*unclear_choice;
	const char	*refine, *after_verdict;
};

static const struct field phrases_fields[] = {
	F(struct phrases_in, commands, "commands", FT_OBJECT, REQ, 0, 0),
	F(struct phrases_in, prefixes, "prefixes", FT_OBJECT, 0, 0, 0),
	F(struct phrases_in, cues, "cues", FT_OBJECT, 0, 0, 0),
	F(struct phrases_in, verbs, "verbs", FT_OBJECT, 0, 0, 0),
	F(struct phrases_in, objects, "objects", FT_OBJECT, 0, 0, 0),
	F(struct phrases_in, help, "help", FT_OBJECT, REQ, 0, 0),
	F(struct phrases_in, ask, "ask", FT_STR, REQ, 0, TEXT_MAX),
	F(struct phrases_in, ask_again, "ask_again", FT_STR, 0, 0, TEXT_MAX),
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

/*
 * reading.source_frames (arr): each entry the words that open and those
 * that close a source asked about what the user writes between them,
 * with one "*" word in its place ("where * from", "who came up with *"),
 * into ph->source_frames as pairs, each part squashed ("" where the
 * "*" begins or ends it).  An entry with no "*", two, or nothing beside
 * it is refused with its path.
 */
static void
reading_source_frames(struct loader *L, json_t *arr, struct kb_phrases *ph)
{
	static const struct field say = { "", FT_STR, REQ, 0, 0, SAY_MAX };
	char p[256], part[SAY_MAX + 1];
	const char *s, *star, *half[2];
	size_t i, h, hl[2];
	json_t *v;

	if (arr == NULL)
		return;
	if (!json_is_array(arr) || json_array_size(arr) == 0 ||
	    json_array_size(arr) > KB_MAX_SAYS) {
		fields_error(L, "$.phrases.reading.source_frames",
		    "expected an array of 1 to %d phrases", KB_MAX_SAYS);
		return;
	}
	if ((ph->source_frames = arena_calloc(&L->kb->arena,
	    2 * json_array_size(arr), sizeof(*ph->source_frames))) == NULL)
		return;
	json_array_foreach(arr, i, v) {
		fields_index(p, sizeof(p), "$.phrases.reading.source_frames",
		    i);
		if (fields_value(L, v, p, &say, &s) == -1)
			continue;
		star = strchr(s, '*');
		if (star == NULL || strchr(star + 1, '*') != NULL ||
		    (star > s && star[-1] != ' ') ||
		    (star[1] != '\0' && star[1] != ' ')) {
			fields_error(L, p, "'%s' needs one '*' word, for what "
			    "the user writes", s);
			continue;
		}
		half[0] = s;
		hl[0] = (size_t)(star - s);
		half[1] = star + 1;
		hl[1] = strlen(star + 1);
		for (h = 0; h < 2; h++) {
			part[0] = '\0';
			if (hl[h] > 0)
				(void)kb_squash(half[h], hl[h], part,
				    sizeof(part));
			ph->source_frames[2 * ph->nsource_frames + h] =
			    arena_strdup(&L->kb->arena, part);
		}
		if (ph->source_frames[2 * ph->nsource_frames][0] == '\0' &&
		    ph->source_frames[2 * ph->nsource_frames + 1][0] == '\0') {
			fields_error(L, p, "'%s' has no words beside its '*'",
			    s);
			continue;
		}
		ph->nsource_frames++;
	}
}

/*
 * A reading list whose entries are compared with one word of a message
 * ("conditions", "joins"): an entry of two words would never match, so it
 * is refused with its path.
 */
static void
reading_one_word(struct loader *L, const char *path, const char **words,
    size_t n)
{
	char p[256];
	size_t i;

	for (i = 0; i < n; i++)
		if (words[i] != NULL && strchr(words[i], ' ') != NULL) {
			fields_index(p, sizeof(p), path, i);
			fields_error(L, p, "'%s' is not one word", words[i]);
		}
}

/*
 * reading.served_ends, reading.disowned_ends (key): each entry is a verb and
 * the words after it ("sit on", "was ages ago"); a single word ("on")
 * would blank the words before any such word, so it is refused with its
 * path.
 */
static void reading_phrases_only(struct loader *, const char *,
    const char **, size_t, const char *);

static void
reading_served_ends(struct loader *L, const char *key, const char **words,
    size_t n)
{
	reading_phrases_only(L, key, words, n, "a verb and the words after it");
}

/*
 * Set in first (32 bytes, a bit per byte value) the first byte of each of
 * the n words entries, so a reader skips the words no entry can start.
 */
static void
reading_first_bytes(const char **words, size_t n, unsigned char *first)
{
	size_t i;
	unsigned char b;

	memset(first, 0, 32);
	for (i = 0; i < n; i++)
		if (words[i] != NULL) {
			b = (unsigned char)words[i][0];
			first[b >> 3] |= (unsigned char)(1u << (b & 7));
		}
}

/*
 * reading.set_aside_pairs (key): each entry is exactly two words, the
 * opener and the word after it that sets aside what follows ("rather
 * than"); anything else is refused with its path.
 */
static void
reading_pairs(struct loader *L, const char *key, const char **words,
    size_t n)
{
	char p[256], k[64];
	const char *sp;
	size_t i;

	(void)snprintf(k, sizeof(k), "$.phrases.reading.%s", key);
	for (i = 0; i < n; i++)
		if (words[i] != NULL && ((sp = strchr(words[i], ' ')) == NULL ||
		    strchr(sp + 1, ' ') != NULL)) {
			fields_index(p, sizeof(p), k, i);
			fields_error(L, p, "'%s' is not two words, an opener "
			    "and the word that sets aside what follows",
			    words[i]);
		}
}

/*
 * reading.other_senses (key): each entry is exactly two words, a word
 * and a word near which it has another sense ("drivers passengers");
 * anything else is refused with its path.
 */
static void
reading_sense_pairs(struct loader *L, const char **words, size_t n)
{
	char p[256];
	const char *sp;
	size_t i;

	for (i = 0; i < n; i++)
		if (words[i] != NULL && ((sp = strchr(words[i], ' ')) == NULL ||
		    strchr(sp + 1, ' ') != NULL)) {
			fields_index(p, sizeof(p),
			    "$.phrases.reading.other_senses", i);
			fields_error(L, p, "'%s' is not two words, a word and "
			    "a word near which it means something else",
			    words[i]);
		}
}

/*
 * Two reading lists that mean something only together (a and b, with na
 * and nb entries): one without the other is refused with its path.
 */
static void
reading_both(struct loader *L, const char *a, size_t na, const char *b,
    size_t nb)
{
	char p[128];

	if ((na > 0) == (nb > 0))
		return;
	(void)snprintf(p, sizeof(p), "$.phrases.reading.%s", na > 0 ? a : b);
	fields_error(L, p, "needs a non-empty '%s' beside it", na > 0 ? b : a);
}

/*
 * reading.crossing_names: a crossing is read between two different
 * names, so one name alone would never be read, and a word of both lists
 * would cross by itself; either is refused with its path.
 */
static void
reading_crossing(struct loader *L, const struct kb_phrases *ph)
{
	char p[128];
	size_t i;

	if (ph->ncrossing_names == 1)
		fields_error(L, "$.phrases.reading.crossing_names",
		    "needs at least two names");
	for (i = 0; i < ph->ncrossing_names; i++)
		if (ph->crossing_names[i] != NULL && text_has_word(
		    ph->crossing_names[i], ph->crossing_words,
		    ph->ncrossing_words)) {
			fields_index(p, sizeof(p),
			    "$.phrases.reading.crossing_names", i);
			fields_error(L, p, "'%s' is a crossing_words word too",
			    ph->crossing_names[i]);
		}
}

/*
 * reading.verdict_verbs, reading.doubt_tails (key): each entry is a
 * phrase of at least two words ("go with", "or am i"); a single word
 * would make every outcome's name a verb, or cut every clause at "or",
 * so it is refused with its path and what the phrase must hold (what).
 */
static void
reading_phrases_only(struct loader *L, const char *key, const char **words,
    size_t n, const char *what)
{
	char p[256], k[64];
	size_t i;

	(void)snprintf(k, sizeof(k), "$.phrases.reading.%s", key);
	for (i = 0; i < n; i++)
		if (words[i] != NULL && strchr(words[i], ' ') == NULL) {
			fields_index(p, sizeof(p), k, i);
			fields_error(L, p, "'%s' is one word, not %s",
			    words[i], what);
		}
}

/*
 * A reading list of figure units (reading.relative_units,
 * reading.percent_units: "%", "x"), kept as written (a unit need not
 * have a letter or a digit), into a new list in *out; returns its
 * length.  An entry that is empty, has a space or is listed twice is
 * refused with its path.
 */
static size_t
reading_units(struct loader *L, json_t *arr, const char *key,
    const char ***out)
{
	static const struct field unit = { "", FT_STR, REQ, 0, 0, SAY_MAX };
	char path[256], p[256];
	const char *s;
	size_t i, k, n = 0;
	json_t *v;

	*out = NULL;
	if (arr == NULL)
		return 0;
	(void)fields_key(path, sizeof(path), "$.phrases.reading", key);
	if (!json_is_array(arr) || json_array_size(arr) == 0 ||
	    json_array_size(arr) > KB_MAX_SAYS) {
		fields_error(L, path, "expected an array of 1 to %d units",
		    KB_MAX_SAYS);
		return 0;
	}
	if ((*out = arena_calloc(&L->kb->arena, json_array_size(arr),
	    sizeof(**out))) == NULL)
		return 0;
	json_array_foreach(arr, i, v) {
		fields_index(p, sizeof(p), path, i);
		if (fields_value(L, v, p, &unit, &s) == -1)
			continue;
		if (*s == '\0' || strchr(s, ' ') != NULL) {
			fields_error(L, p, "'%s' is not a unit (one word, "
			    "as a figure's \"unit\" is written)", s);
			continue;
		}
		for (k = 0; k < n; k++)
			if (strcmp((*out)[k], s) == 0)
				fields_error(L, p, "'%s' is listed twice", s);
		(*out)[n++] = arena_strdup(&L->kb->arena, s);
	}
	return n;
}

/* Is w one word (not empty, no space)? */
static int
reading_is_word(const char *w)
{
	return *w != '\0' && strchr(w, ' ') == NULL;
}

/*
 * reading.<key> entries of two words each, the second one second_ok()
 * takes: a verb and the one word it is read as in a question for an
 * amount (verb_readings: "making earn"), a word and the number it stands
 * for (number_names: "two 2", read in choices' amounts).  Any other shape
 * would never match, so it is refused with its path, saying what it is
 * not (what).
 */
static void
reading_word_pairs(struct loader *L, const char *key, const char **words,
    size_t n, int (*second_ok)(const char *), const char *what)
{
	const char *sp;
	char p[256], k[64];
	size_t i;

	(void)snprintf(k, sizeof(k), "$.phrases.reading.%s", key);
	for (i = 0; i < n; i++) {
		if (words[i] == NULL)
			continue;
		sp = strchr(words[i], ' ');
		if (sp == NULL || sp == words[i] || !second_ok(sp + 1)) {
			fields_index(p, sizeof(p), k, i);
			fields_error(L, p, "'%s' is not %s", words[i], what);
		}
	}
}

/*
 * "ask_again" (optional): what follows a question asked again in one
 * line.  It must name, in single quotes, a phrase of the `start` command,
 * which shows the pending question with its choices: a pointer to a
 * command the engine would not understand would leave the user without
 * the choices.  Kept (ph->ask_again) only when it does.
 */
static void
phrases_ask_again(struct loader *L, const char *s)
{
	struct kb_phrases *ph = &L->kb->phrases;
	char quoted[TEXT_MAX + 3];
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < ph->nsays[KB_CMD_START]; i++) {
		(void)snprintf(quoted, sizeof(quoted), "'%s'",
		    ph->says[KB_CMD_START][i]);
		if (strstr(s, quoted) != NULL) {
			ph->ask_again = s;
			return;
		}
	}
	fields_error(L, "$.phrases.ask_again", "names no phrase of the "
	    "'start' command in single quotes");
}

/* "help", "retry" and "reading": objects of their own fields. */
static void
phrases_parts(struct loader *L, const struct phrases_in *in)
{
	struct kb_phrases *ph = &L->kb->phrases;
	struct help_in h;
	struct retry_in r;
	struct reading_in rd;
	char p[256];
	size_t i;

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
		/* the words not placed are said where {words} stands */
		if (r.unplaced != NULL && strstr(r.unplaced, "{words}") ==
		    NULL)
			fields_error(L, "$.phrases.retry.unplaced",
			    "has no {words}");
		else
			ph->retry_unplaced = r.unplaced;
	}
	memset(&rd, 0, sizeof(rd));
	if (in->reading != NULL && fields_read(L, in->reading,
	    "$.phrases.reading", reading_fields, &rd) == 0) {
		for (i = 0; reading_lists[i].key != NULL; i++) {
			const struct reading_list *rl = &reading_lists[i];
			json_t *arr = *(json_t **)(void *)((char *)&rd + rl->in);

			/* fields_read() gave 0: the required ones are there */
			if (arr == NULL)
				continue;
			(void)fields_key(p, sizeof(p), "$.phrases.reading",
			    rl->key);
			*(size_t *)(void *)((char *)ph + rl->count) =
			    phrases_words(L, arr, p, -1,
			    (const char ***)(void *)((char *)ph + rl->list));
			if (rl->one_word)
				reading_one_word(L, p, *(const char ***)(void *)
				    ((char *)ph + rl->list), *(size_t *)(void *)
				    ((char *)ph + rl->count));
		}
		reading_source_frames(L, rd.source_frames, ph);
		reading_word_pairs(L, "verb_readings", ph->verb_readings,
		    ph->nverb_readings, reading_is_word,
		    "a verb and the one word it reads as");
		reading_word_pairs(L, "number_names", ph->number_names,
		    ph->nnumber_names, text_is_number,
		    "a word and the number it stands for");
		reading_word_pairs(L, "clitics", ph->clitics, ph->nclitics,
		    reading_is_word, "the letters after an apostrophe and "
		    "the one word they stand for");
		reading_served_ends(L, "served_ends", ph->served_ends,
		    ph->nserved_ends);
		reading_served_ends(L, "disowned_ends", ph->disowned_ends,
		    ph->ndisowned_ends);
		reading_served_ends(L, "disowned_refs", ph->disowned_refs,
		    ph->ndisowned_refs);
		/* "of course": a veto is the word before a study cue and
		 * the cue; one word would veto nothing it could name */
		reading_phrases_only(L, "study_vetoes", ph->study_vetoes,
		    ph->nstudy_vetoes, "a word and the study cue after it");
		/* vetoes of no cue mean nothing */
		if (ph->nstudy_vetoes > 0 && ph->nstudy_refs == 0)
			fields_error(L, "$.phrases.reading.study_vetoes",
			    "set without study_refs");
		reading_pairs(L, "set_aside_pairs", ph->set_aside_pairs,
		    ph->nset_aside_pairs);
		reading_sense_pairs(L, ph->other_senses, ph->nother_senses);
		/* "team of": a lead is compared as the two words before a
		 * number (understand_figure_told) */
		reading_phrases_only(L, "headcount_leads", ph->headcount_leads,
		    ph->nheadcount_leads, "two words said before a number");
		reading_first_bytes(ph->disowned_refs, ph->ndisowned_refs,
		    ph->disowned_refs_first);
		reading_first_bytes(ph->set_aside_pairs, ph->nset_aside_pairs,
		    ph->set_aside_pairs_first);
		reading_phrases_only(L, "verdict_verbs", ph->verdict_verbs,
		    ph->nverdict_verbs, "an outcome's name and the words "
		    "that make it a verb");
		reading_phrases_only(L, "compare_pair_refs",
		    ph->compare_pair_refs, ph->ncompare_pair_refs, "a lead "
		    "word and the words after it that name the two subjects");
		reading_phrases_only(L, "doubt_tails", ph->doubt_tails,
		    ph->ndoubt_tails, "the opening of a clause of doubt");
		/* "like" alone is every comparison and every liking */
		reading_phrases_only(L, "likeness_asks", ph->likeness_asks,
		    ph->nlikeness_asks, "words that liken a subject to "
		    "something");
		reading_phrases_only(L, "change_tails", ph->change_tails,
		    ph->nchange_tails, "the opening of a clause asking "
		    "whether what was told changes the verdict");
		reading_first_bytes(ph->doubt_tails, ph->ndoubt_tails,
		    ph->doubt_tails_first);
		reading_first_bytes(ph->change_tails, ph->nchange_tails,
		    ph->change_tails_first);
		/* one word would be the question word itself, asking
		 * nothing anywhere */
		reading_phrases_only(L, "insistences", ph->insistences,
		    ph->ninsistences, "words that insist, a question word "
		    "among them");
		reading_phrases_only(L, "other_refs", ph->other_refs,
		    ph->nother_refs, "a phrase for the other subject");
		/* "moved from X to Y": the opening means nothing without
		 * the words that end what was left ("to") */
		reading_both(L, "story_moves", ph->nstory_moves, "story_move_ends", ph->nstory_move_ends);
		/* "says" means nothing asked without the clause that asks
		 * whether it is true ("true?", "is he right") */
		reading_both(L, "report_verbs", ph->nreport_verbs,
		    "claim_checks", ph->nclaim_checks);
		/* "anything in the article on that?": a pointer means
		 * nothing without the words that ask of what it points at,
		 * and the other way round */
		reading_both(L, "pointer_refs", ph->npointer_refs,
		    "pointer_asks", ph->npointer_asks);
		/* "earn there": a place reference means nothing without
		 * the words that open the place it refers to ("to oslo") */
		reading_both(L, "place_refs", ph->nplace_refs, "place_openers", ph->nplace_openers);
		/* "last year X, now Y": a past clause means something only
		 * beside a present one, and the other way round */
		reading_both(L, "past_marks", ph->npast_marks, "present_marks", ph->npresent_marks);
		/* "our api waits on postgres, would rust be faster?": what
		 * is waited on, the words of speed and what the article is
		 * asked for them mean something only together */
		reading_both(L, "wait_cues", ph->nwait_cues, "wait_speed_words", ph->nwait_speed_words);
		reading_both(L, "wait_cues", ph->nwait_cues, "wait_asks", ph->nwait_asks);
		reading_both(L, "wait_vetoes", ph->nwait_vetoes, "wait_cues", ph->nwait_cues);
		/* "call rust from go": a crossing means something only
		 * between two names of languages */
		reading_both(L, "crossing_words", ph->ncrossing_words,
		    "crossing_names", ph->ncrossing_names);
		reading_both(L, "crossing_words", ph->ncrossing_words,
		    "crossing_said", ph->ncrossing_said);
		reading_both(L, "crossing_words", ph->ncrossing_words,
		    "crossing_links", ph->ncrossing_links);
		reading_crossing(L, ph);
		for (i = 0; i < ph->ncrossing_words; i++) {
			size_t cl = strlen(ph->crossing_words[i]);

			if (cl > 0)
				ph->crossing_first[(unsigned char)
				    ph->crossing_words[i][0]] |= 1u <<
				    (cl < 31 ? cl : 31);
		}
		ph->nrelative_units = reading_units(L, rd.relative_units,
		    "relative_units", &ph->relative_units);
		ph->npercent_units = reading_units(L, rd.percent_units,
		    "percent_units", &ph->percent_units);
		/* "how was that measured" asks how, "which survey" asks
		 * who: a phrase of both would ask both and say neither */
		for (i = 0; i < ph->nmethod_asks; i++) {
			char mp[256];
			size_t k;

			for (k = 0; k < ph->nevidence_asks; k++)
				if (strcmp(ph->method_asks[i],
				    ph->evidence_asks[k]) == 0)
					break;
			if (k == ph->nevidence_asks)
				continue;
			fields_index(mp, sizeof(mp),
			    "$.phrases.reading.method_asks", i);
			fields_error(L, mp, "'%s' is also one of "
			    "'evidence_asks'", ph->method_asks[i]);
		}
		/* "is that recent?": a question about the source's date,
		 * which only a message asking for the source is */
		for (i = 0; i < ph->ndate_asks; i++) {
			char dp[256];
			size_t k;

			for (k = 0; k < ph->nsource_words; k++)
				if (strcmp(ph->date_asks[i],
				    ph->source_words[k]) == 0)
					break;
			if (k < ph->nsource_words)
				continue;
			fields_index(dp, sizeof(dp),
			    "$.phrases.reading.date_asks", i);
			fields_error(L, dp, "'%s' is not one of "
			    "'source_words'", ph->date_asks[i]);
		}
	}
}

struct talk_in {
	json_t		*says;
	const char	*reply;
	const char	*when;
	int		 closes;
	int		 alone;
	int		 nudges;
};

static const struct field talk_fields[] = {
	F(struct talk_in, says, "says", FT_ARRAY, REQ, 0, KB_MAX_SAYS),
	F(struct talk_in, reply, "reply", FT_STR, REQ, 0, TEXT_MAX),
	F(struct talk_in, when, "when", FT_STR, 0, 0, 32),
	F(struct talk_in, closes, "closes", FT_INT, 0, 0, 1),
	F(struct talk_in, alone, "alone", FT_INT, 0, 0, 1),
	F(struct talk_in, nudges, "nudges", FT_INT, 0, 0, 2),
	F_END
};

/*
 * "small_talk": [{"says": [...], "reply": "...", "when"?, "closes"?,
 *     "alone"?, "nudges"?}],
 * at most
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
		/* "when": "addressed": also the reply to a message put to the
		 * advisor that the article has nothing on ("who made you?");
		 * "remark": also the reply to a statement nothing else was
		 * read from that says one of its phrases anywhere ("I'd hack
		 * on it on weekends": no choice records that) */
		if (t.when != NULL && strcmp(t.when, "addressed") != 0 &&
		    strcmp(t.when, "remark") != 0)
			fields_error(L, p, "when: '%s' is not 'addressed' or "
			    "'remark'", t.when);
		st->addressed = t.when != NULL && strcmp(t.when,
		    "addressed") == 0;
		st->remark = t.when != NULL && strcmp(t.when, "remark") == 0;
		/* "closes": 1: a goodbye, after which no question is asked */
		st->closes = t.closes;
		/* "alone": 1: only a whole message of its phrases and
		 * fillers ("so?", "and?"), never with other words after */
		st->alone = t.alone;
		/* "nudges": a push for the verdict once an answer stands:
		 * the recommend command; 1 ("so?") only while no verdict
		 * stands (after one it asks what else), 2 ("now?") also
		 * after one */
		st->nudges = t.nudges;
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

/* A list of phrases and the bit its entries carry in an index. */
struct phrases_list_bit {
	const char	**list;
	size_t		  n;
	int32_t		  bit;
};

/*
 * Index the n lists of from into map (initialised here with size hint
 * hint): each entry to the OR of the bits of the lists that hold it, and
 * its length by first byte in first (bit n for n bytes, bit 31 for 31 or
 * more), as kb_listed() and kb_listed_more() read them.  Returns 0, or
 * -1 after a fields_error() when out of memory.
 */
static int
phrases_index_lists(struct loader *L, struct strmap *map, size_t hint,
    uint32_t first[256], const struct phrases_list_bit *from, size_t n)
{
	size_t k, i, len;
	int32_t v;

	if (strmap_init(map, hint) == -1) {
		fields_error(L, "$.phrases", "out of memory");
		return -1;
	}
	for (k = 0; k < n; k++)
		for (i = 0; i < from[k].n; i++) {
			if (from[k].list[i] == NULL)
				continue;
			v = strmap_get(map, from[k].list[i]);
			if (strmap_put(map, from[k].list[i],
			    (v < 0 ? 0 : v) | from[k].bit) == -1) {
				fields_error(L, "$.phrases", "out of memory");
				return -1;
			}
			if ((len = strlen(from[k].list[i])) > 0)
				first[(unsigned char)from[k].list[i][0]] |=
				    1u << (len < 31 ? len : 31);
		}
	return 0;
}

/*
 * Every entry of the lists of KB_MORE_* (rate_asks, maker_people, ...)
 * to the bits of the lists that hold it (kb_listed_more()), with its
 * first byte and length in listed_more_first as listed_first has them.
 */
static void
phrases_listed_more_index(struct loader *L)
{
	struct kb_phrases *ph = &L->kb->phrases;
	const struct phrases_list_bit from[] = {
		{ ph->rate_asks, ph->nrate_asks, KB_MORE_RATE_ASK },
		{ ph->maker_people, ph->nmaker_people, KB_MORE_MAKER_PEOPLE },
		{ ph->set_aside, ph->nset_aside, KB_MORE_SET_ASIDE },
		{ ph->question_starts, ph->nquestion_starts,
		    KB_MORE_QUESTION_START },
		{ ph->level_tails, ph->nlevel_tails, KB_MORE_LEVEL_TAIL },
		{ ph->role_words, ph->nrole_words, KB_MORE_ROLE },
		{ ph->third_parties, ph->nthird_parties, KB_MORE_THIRD_PARTY },
		{ ph->name_determiners, ph->nname_determiners,
		    KB_MORE_NAME_DET },
		{ ph->object_determiners, ph->nobject_determiners,
		    KB_MORE_OBJECT_DET },
		{ ph->percent_words, ph->npercent_words, KB_MORE_PERCENT },
		{ ph->place_refs, ph->nplace_refs, KB_MORE_PLACE_REF },
		{ ph->relay_verbs, ph->nrelay_verbs, KB_MORE_RELAY }
	};

	(void)phrases_index_lists(L, &ph->listed_more, 64,
	    ph->listed_more_first, from, sizeof(from) / sizeof(from[0]));
}

/* Key key of ph->listed in ph->listed_first (see kb.h). */
static void
phrases_listed_first(struct kb_phrases *ph, const char *key)
{
	size_t n = strlen(key);

	if (n > 0)
		ph->listed_first[(unsigned char)key[0]] |= 1u <<
		    (n < 31 ? n : 31);
}

/*
 * Every entry of the lists of KB_LISTED_* (fillers, first_person, ...)
 * to the bits of the lists that hold it (kb_listed()).
 */
static void
phrases_listed_index(struct loader *L)
{
	struct kb_phrases *ph = &L->kb->phrases;
	const struct phrases_list_bit from[] = {
		{ ph->fillers, ph->nfillers, KB_LISTED_FILLER },
		{ ph->first_person, ph->nfirst_person, KB_LISTED_PERSON },
		{ ph->addressee, ph->naddressee, KB_LISTED_ADDRESSEE },
		{ ph->comparison_words, ph->ncomparison_words,
		    KB_LISTED_COMPARISON },
		{ ph->question_words, ph->nquestion_words, KB_LISTED_QUESTION },
		{ ph->present_words, ph->npresent_words, KB_LISTED_PRESENT },
		{ ph->command_glue, ph->ncommand_glue, KB_LISTED_GLUE },
		{ ph->figure_words, ph->nfigure_words, KB_LISTED_FIGURE },
		{ ph->level_words, ph->nlevel_words, KB_LISTED_LEVEL },
		{ ph->scope_words, ph->nscope_words, KB_LISTED_SCOPE },
		{ ph->figure_scope_words, ph->nfigure_scope_words,
		    KB_LISTED_FIGURE_SCOPE },
		{ ph->scope_determiners, ph->nscope_determiners,
		    KB_LISTED_SCOPE_DET },
		{ ph->rival_markers, ph->nrival_markers, KB_LISTED_RIVAL },
		{ ph->exact_words, ph->nexact_words, KB_LISTED_EXACT },
		{ ph->clause_breaks, ph->nclause_breaks, KB_LISTED_BREAK },
		{ ph->joins, ph->njoins, KB_LISTED_JOIN },
		{ ph->cause_words, ph->ncause_words, KB_LISTED_CAUSE },
		{ ph->back_refs, ph->nback_refs, KB_LISTED_BACK_REF },
		{ ph->anaphors, ph->nanaphors, KB_LISTED_ANAPHOR },
		{ ph->act_words, ph->nact_words, KB_LISTED_ACT },
		{ ph->advice_asks, ph->nadvice_asks, KB_LISTED_ADVICE_ASK },
		{ ph->advice_things, ph->nadvice_things,
		    KB_LISTED_ADVICE_THING },
		{ ph->outside_words, ph->noutside_words, KB_LISTED_OUTSIDE },
		{ ph->qualifier_tails, ph->nqualifier_tails,
		    KB_LISTED_QUALIFIER_TAIL },
		{ ph->platform_openers, ph->nplatform_openers,
		    KB_LISTED_PLATFORM_OPENER },
		{ ph->lack_openers, ph->nlack_openers, KB_LISTED_LACK_OPENER },
		{ ph->change_words, ph->nchange_words, KB_LISTED_CHANGE },
		{ ph->measure_words, ph->nmeasure_words, KB_LISTED_MEASURE },
		{ ph->follow_up_starts, ph->nfollow_up_starts,
		    KB_LISTED_FOLLOW },
		{ ph->verdict_markers, ph->nverdict_markers,
		    KB_LISTED_VERDICT_MARK }
	};
	size_t i;
	int32_t v;

	if (phrases_index_lists(L, &ph->listed, 128, ph->listed_first, from,
	    sizeof(from) / sizeof(from[0])) == -1)
		return;
	/* each word of each follow-up start, split as text_has_word()
	 * splits a text: the first word as it begins (empty when the entry
	 * begins with a space), then the words between spaces */
	for (i = 0; i < ph->nfollow_up_starts; i++) {
		const char *p = ph->follow_up_starts[i];
		size_t len;
		char *w;

		while (p != NULL && *p != '\0') {
			len = text_word_len(p);
			if ((w = arena_strndup(&L->kb->arena, p, len)) == NULL ||
			    (v = strmap_get(&ph->listed, w), strmap_put(
			    &ph->listed, w, (v < 0 ? 0 : v) |
			    KB_LISTED_FOLLOW_WORD)) == -1) {
				fields_error(L, "$.phrases", "out of memory");
				return;
			}
			phrases_listed_first(ph, w);
			p += len;
			p += text_space_len(p);
		}
	}
}

/*
 * Every word of each command's verbs, objects and cues to the commands
 * that list it (cmd_words, packed as kb_cmd_word() reads it).
 */
static void
phrases_cmd_words_index(struct loader *L)
{
	struct kb_phrases *ph = &L->kb->phrases;
	size_t c, i, k, n[3];
	const char **list;
	int32_t v, bit;

	if (strmap_init(&ph->cmd_words, 64) == -1) {
		fields_error(L, "$.phrases", "out of memory");
		return;
	}
	for (c = 0; c < KB_NCOMMANDS; c++) {
		n[0] = ph->nverbs[c];
		n[1] = ph->nobjects[c];
		n[2] = ph->ncues[c];
		for (k = 0; k < 3; k++)
			for (i = 0; i < n[k]; i++) {
				list = k == 0 ? ph->verbs[c] : k == 1 ?
				    ph->objects[c] : ph->cues[c];
				if (list[i] == NULL)
					continue;
				v = strmap_get(&ph->cmd_words, list[i]);
				v = v < 0 ? 0 : v;
				bit = k < 2 ? (int32_t)1 << (c + k *
				    KB_NCOMMANDS) : (v >> (2 * KB_NCOMMANDS)) ?
				    0 : (int32_t)(c + 1) << (2 * KB_NCOMMANDS);
				if (strmap_put(&ph->cmd_words, list[i],
				    v | bit) == -1) {
					strmap_free(&ph->cmd_words);
					fields_error(L, "$.phrases",
					    "out of memory");
					return;
				}
			}
	}
}

/*
 * The words of a request for the summary by class (summary_class, see
 * kb.h), so that such a request is read with one lookup per word; the
 * classes are put weakest first, each over the one before.  The summary
 * command's cues (phrases.cues.summary: "sum", "recap") are cues of such
 * a request too.
 */
static void
phrases_summary_index(struct loader *L)
{
	struct kb_phrases *ph = &L->kb->phrases;
	const struct {
		const char	**list;
		size_t		  n;
		int32_t		  class;
	} from[] = {
		{ ph->summary_words, ph->nsummary_words, KB_SUMMARY_WORD },
		{ ph->question_words, ph->nquestion_words, KB_SUMMARY_WORD },
		{ ph->fillers, ph->nfillers, KB_SUMMARY_WORD },
		{ ph->first_person, ph->nfirst_person, KB_SUMMARY_PERSON },
		{ ph->addressee, ph->naddressee, KB_SUMMARY_PERSON },
		{ ph->summary_cues, ph->nsummary_cues, KB_SUMMARY_CUE },
		/* the summary command's own cues ("sum up what i said") */
		{ ph->cues[KB_CMD_SUMMARY], ph->ncues[KB_CMD_SUMMARY],
		    KB_SUMMARY_CUE }
	};
	size_t k, i;

	if (strmap_init(&ph->summary_class, 256) == -1) {
		fields_error(L, "$.phrases", "out of memory");
		return;
	}
	for (k = 0; k < sizeof(from) / sizeof(from[0]); k++)
		for (i = 0; i < from[k].n; i++)
			if (from[k].list[i] != NULL &&
			    strmap_put(&ph->summary_class, from[k].list[i],
			    from[k].class) == -1) {
				fields_error(L, "$.phrases", "out of memory");
				return;
			}
}

/*
 * Every word of the n phrases of says into the set *set, split as
 * dialogue_understand.c reads them (runs between single spaces, an empty
 * one where two spaces meet or a phrase begins with one; a trailing space
 * adds none).  Returns -1 when memory runs out (reported).
 */
static int
phrases_words_index(struct loader *L, const char *const *says, size_t n,
    struct strmap *set)
{
	const char *p;
	char *w;
	size_t i, k;

	if (strmap_init(set, 4 * n) == -1) {
		fields_error(L, "$.phrases", "out of memory");
		return -1;
	}
	for (i = 0; i < n; i++)
		for (p = says[i] != NULL ? says[i] : ""; *p != '\0'; p += k) {
			k = text_word_len(p);
			if (strmap_getn(set, p, k) < 0 &&
			    ((w = arena_strndup(&L->kb->arena, p, k)) == NULL ||
			    strmap_put(set, w, 1) == -1)) {
				fields_error(L, "$.phrases", "out of memory");
				return -1;
			}
			if (p[k] == ' ')
				k++;
		}
	return 0;
}

/*
 * Each command's phrases by their first word (says_first, says_next): a
 * message is then looked for them once per word of it
 * (dialogue_understand.c) rather than once per phrase.  The chain of a
 * word keeps the phrases' order.
 */
static void
phrases_says_index(struct loader *L)
{
	struct kb_phrases *ph = &L->kb->phrases;
	size_t c, i, n = 0;
	char *w;
	int32_t any;

	for (c = 0; c < KB_NCOMMANDS; c++)
		n += ph->nsays[c];
	if (strmap_init(&ph->says_whole, n) == -1 ||
	    strmap_init(&ph->says_any, n) == -1) {
		fields_error(L, "$.phrases", "out of memory");
		return;
	}
	for (c = 0; c < KB_NCOMMANDS; c++)
		for (i = 0; i < ph->nsays[c]; i++)
			if (ph->says[c][i] != NULL &&
			    strmap_get(&ph->says_whole, ph->says[c][i]) < 0 &&
			    strmap_put(&ph->says_whole, ph->says[c][i],
			    (int32_t)c) == -1) {
				fields_error(L, "$.phrases", "out of memory");
				return;
			}
	for (c = 0; c < KB_NCOMMANDS; c++)
		if (phrases_words_index(L, ph->says[c], ph->nsays[c],
		    &ph->says_words[c]) == -1)
			return;
	for (c = 0; c < KB_NCOMMANDS; c++) {
		if (ph->nsays[c] == 0)
			continue;
		if (strmap_init(&ph->says_first[c], ph->nsays[c]) == -1 ||
		    (ph->says_next[c] = arena_calloc(&L->kb->arena,
		    ph->nsays[c], sizeof(*ph->says_next[c]))) == NULL) {
			fields_error(L, "$.phrases", "out of memory");
			return;
		}
		for (i = ph->nsays[c]; i-- > 0; ) {
			if (ph->says[c][i] == NULL)	/* failed to load */
				continue;
			if ((w = arena_strndup(&L->kb->arena, ph->says[c][i],
			    text_word_len(ph->says[c][i]))) == NULL) {
				fields_error(L, "$.phrases", "out of memory");
				return;
			}
			ph->says_next[c][i] = strmap_get(&ph->says_first[c], w);
			any = strmap_get(&ph->says_any, w);
			if (strmap_put(&ph->says_first[c], w, (int32_t)i) == -1 ||
			    strmap_put(&ph->says_any, w, (int32_t)((any < 0 ?
			    0u : (uint32_t)any) | 1u << c)) == -1) {
				fields_error(L, "$.phrases", "out of memory");
				return;
			}
		}
	}
}

/*
 * The small talk's phrases by their first word (talk_first, talk_next),
 * as phrases_says_index() does a command's: a message is looked for them
 * once per word of it (dialogue_understand.c).  A chain keeps the order
 * of the entries and of their says.
 */
static void
phrases_talk_index(struct loader *L)
{
	struct kb_phrases *ph = &L->kb->phrases;
	size_t t, i, n = 0, k;
	char *w;

	for (t = 0; t < ph->nsmall_talk; t++)
		n += ph->small_talk[t].nsays;
	if (n == 0)
		return;
	if (strmap_init(&ph->talk_first, n) == -1 ||
	    (ph->talk_says = arena_calloc(&L->kb->arena, n,
	    sizeof(*ph->talk_says))) == NULL ||
	    (ph->talk_of = arena_calloc(&L->kb->arena, n,
	    sizeof(*ph->talk_of))) == NULL ||
	    (ph->talk_next = arena_calloc(&L->kb->arena, n,
	    sizeof(*ph->talk_next))) == NULL) {
		ph->talk_next = NULL;
		fields_error(L, "$.phrases", "out of memory");
		return;
	}
	for (k = 0, t = 0; t < ph->nsmall_talk; t++)
		for (i = 0; i < ph->small_talk[t].nsays; i++, k++) {
			ph->talk_says[k] = ph->small_talk[t].says[i];
			ph->talk_of[k] = (int32_t)t;
		}
	for (k = n; k-- > 0; ) {
		ph->talk_next[k] = -1;
		if (ph->talk_says[k] == NULL)	/* failed to load */
			continue;
		if ((w = arena_strndup(&L->kb->arena, ph->talk_says[k],
		    text_word_len(ph->talk_says[k]))) == NULL) {
			ph->talk_next = NULL;	/* partial: not used */
			fields_error(L, "$.phrases", "out of memory");
			return;
		}
		ph->talk_next[k] = strmap_get(&ph->talk_first, w);
		if (strmap_put(&ph->talk_first, w, (int32_t)k) == -1) {
			ph->talk_next = NULL;
			fields_error(L, "$.phrases", "out of memory");
			return;
		}
	}
}

/*
 * The n phrases of says, each kb_relax()ed, into a new list in *out: the
 * form a short message is compared in once nothing else understood it,
 * made here once rather than for each such message.
 */
static void
phrases_relax(struct loader *L, const char *const *says, size_t n,
    const char ***out)
{
	char r[KB_RELAX_MAX];
	size_t i;

	if (n == 0)
		return;
	if ((*out = arena_calloc(&L->kb->arena, n, sizeof(**out))) == NULL) {
		fields_error(L, "$.phrases", "out of memory");
		return;
	}
	for (i = 0; i < n; i++) {
		/* a phrase that failed to load is no phrase: "" */
		kb_relax(says[i] != NULL ? says[i] : "", r, sizeof(r));
		if (((*out)[i] = arena_strdup(&L->kb->arena, r)) == NULL)
			fields_error(L, "$.phrases", "out of memory");
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
	size_t i;

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
	if (in.verbs != NULL)
		phrases_commands(L, in.verbs, "$.phrases.verbs", 3);
	if (in.objects != NULL)
		phrases_commands(L, in.objects, "$.phrases.objects", 4);
	phrases_parts(L, &in);
	if (in.small_talk != NULL)
		phrases_small_talk(L, in.small_talk);
	phrases_talk_index(L);
	for (i = 0; i < KB_NCOMMANDS; i++)
		phrases_relax(L, ph->says[i], ph->nsays[i], &ph->relaxed[i]);
	phrases_says_index(L);
	phrases_summary_index(L);
	phrases_listed_index(L);
	phrases_listed_more_index(L);
	phrases_cmd_words_index(L);
	for (i = 0; i < ph->nsmall_talk; i++)
		phrases_relax(L, ph->small_talk[i].says,
		    ph->small_talk[i].nsays, &ph->small_talk[i].relaxed);
	ph->ask = in.ask;
	phrases_ask_again(L, in.ask_again);
	ph->need_more = in.need_more;
	ph->unclear_target = in.unclear_target;
	ph->unclear_choice = in.unclear_choice;
	ph->refine = in.refine;
	ph->after_verdict = in.after_verdict;
}
