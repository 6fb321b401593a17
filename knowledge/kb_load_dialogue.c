/* SPDX-License-Identifier: ISC */
/*
 * kb_load_dialogue.c: dialogue.json, the walk: outcomes, questions and
 * their choices, the rules that weigh answers and the caveats that qualify
 * a verdict.  Conditions ("when", "skip_if") name questions and choices,
 * so they are read once every question is in.
 */
#include <math.h>
#include <string.h>

#include "kb_fields.h"

#define REQ	FIELD_REQ
#define PATHLEN	400

/*
 * Read a condition object {question: [choice, ...]} at path into cond.
 * Returns 0, or -1 when any part of it is wrong (reported).
 */
static int
load_cond(struct loader *L, json_t *obj, const char *path,
    struct kb_cond *cond)
{
	struct kb_dialogue *dl = &L->kb->dialogue;
	const char *qid;
	json_t *arr, *c;
	char p[PATHLEN], cp[PATHLEN];
	size_t j;
	int bad = 0;

	memset(cond, 0, sizeof(*cond));
	if (!json_is_object(obj)) {
		(void)fields_want(L, path, "an object", obj);
		return -1;
	}
	json_object_foreach(obj, qid, arr) {
		int q = kb_question_index(L->kb, qid), ch;

		fields_key(p, sizeof(p), path, qid);
		if (q < 0) {
			if (!fields_rejected(L, qid))
				fields_error(L, p, "unknown question '%s'",
				    qid);
			bad = 1;
			continue;
		}
		if (!json_is_array(arr) || json_array_size(arr) == 0) {
			fields_error(L, p, "expected a non-empty array of "
			    "choices");
			bad = 1;
			continue;
		}
		/* keys are distinct questions: at most KB_MAX_QUESTIONS */
		cond->terms[cond->nterms].question = (uint16_t)q;
		cond->terms[cond->nterms].choices = 0;
		json_array_foreach(arr, j, c) {
			fields_index(cp, sizeof(cp), p, j);
			if (!json_is_string(c)) {
				(void)fields_want(L, cp, "a string", c);
				bad = 1;
			} else if ((ch = kb_choice_index(&dl->questions[q],
			    json_string_value(c))) < 0) {
				fields_error(L, cp, "question '%s' has no choice "
				    "'%s'", qid, json_string_value(c));
				bad = 1;
			} else
				cond->terms[cond->nterms].choices |= 1u << ch;
		}
		cond->nterms++;
	}
	return bad ? -1 : 0;
}

/* An outcome as read, with the claims of its practice to check. */
struct outcome_in {
	struct kb_outcome	 o;
	json_t			*practice;
};

/* An outcome's practice: claim ids, each one known (fields_claims()). */
static int
outcome_check(struct loader *L, json_t *e, const char *path, void *entry)
{
	struct outcome_in *oi = entry;
	char fp[PATHLEN];

	(void)e;
	if (oi->practice != NULL)
		oi->o.npractice = fields_claims(L, oi->practice,
		    fields_key(fp, sizeof(fp), path, "practice"),
		    &oi->o.practice);
	return 0;
}

static const struct entries outcome_entries = ENTRIES("outcome",
    struct kb_outcome, struct outcome_in, outcome_check, NULL,
	F(struct outcome_in, o.id, "id", FT_ID, REQ, 0, 0),
	F(struct outcome_in, o.label, "label", FT_STR, REQ, 0, 200),
	F(struct outcome_in, o.summary, "summary", FT_STR, 0, 0, 600),
	F(struct outcome_in, practice, "practice", FT_ARRAY, 0, 0, 8));

/* A choice as read, with its phrases still to compile. */
struct choice_in {
	struct kb_choice	 c;
	json_t			*match, *combines, *replies, *roles;
	json_t			*combines_with, *combines_parts, *parts;
	json_t			*negated_topics, *practice, *yields;
	json_t			*amounts, *avoids;
};

#define KB_MAX_AMOUNTS		8	/* per choice */
#define KB_MAX_AMOUNT_UNITS	16	/* per amount */

/*
 * An amount's "leads" or "trails" (v, field name, at path p): 1 to
 * KB_MAX_AMOUNT_UNITS one-word words, one of which must stand before
 * its number ("in 2 years") or after it ("16 ms per tick"), into *words
 * and *n.  A bad one is reported with its path and leaves *n 0; -1 only
 * when out of memory.
 */
static int
choice_amount_words(struct loader *L, const char ***words, size_t *n,
    json_t *v, const char *field, const char *p)
{
	char lp[PATHLEN], wp[PATHLEN];
	json_t *u;
	size_t j;

	fields_key(lp, sizeof(lp), p, field);
	if (!json_is_array(v) || json_array_size(v) == 0 ||
	    json_array_size(v) > KB_MAX_AMOUNT_UNITS) {
		fields_error(L, lp, "expected 1 to %d words",
		    KB_MAX_AMOUNT_UNITS);
		return 0;
	}
	if ((*words = arena_calloc(&L->kb->arena, json_array_size(v),
	    sizeof(**words))) == NULL)
		return -1;
	json_array_foreach(v, j, u) {
		const char *s = json_string_value(u);

		if (s == NULL || *s == '\0' || strchr(s, ' ') != NULL ||
		    strlen(s) >= TEXT_TOKEN_MAX) {
			fields_index(wp, sizeof(wp), lp, j);
			fields_error(L, wp, "expected one word");
			*n = 0;
			return 0;
		}
		if (((*words)[(*n)++] = arena_strdup(&L->kb->arena,
		    s)) == NULL)
			return -1;
	}
	return 0;
}

/*
 * Is s an amount's unit: one word, or two joined by one space, each
 * shorter than TEXT_TOKEN_MAX?
 */
static int
choice_unit_ok(const char *s)
{
	const char *sp;

	if (s == NULL || *s == '\0' || *s == ' ')
		return 0;
	if ((sp = strchr(s, ' ')) == NULL)
		return strlen(s) < TEXT_TOKEN_MAX;
	return strchr(sp + 1, ' ') == NULL && sp[1] != '\0' &&
	    (size_t)(sp - s) < TEXT_TOKEN_MAX &&
	    strlen(sp + 1) < TEXT_TOKEN_MAX;
}

/*
 * A choice's "amounts": [{"units": ["month", "months"], "below": 6}]:
 * each an object with 1 to KB_MAX_AMOUNT_UNITS units of one or two
 * words ("of us") and
 * optional numbers "from" (at least) and "below" (less than), from below
 * below, and "within_from" (an upper bound at least it reads the amount:
 * a budget; only with from, at least from, and no below).  A bad one is reported with its path and left out; -1 only when
 * out of memory.
 */
static int
choice_amounts(struct loader *L, struct choice_in *ci, const char *path)
{
	struct kb_choice *c = &ci->c;
	char ap[PATHLEN], p[PATHLEN], up[PATHLEN];
	json_t *a, *u, *units, *v;
	size_t k, j;

	fields_key(ap, sizeof(ap), path, "amounts");
	if (!json_is_array(ci->amounts) || json_array_size(ci->amounts) >
	    KB_MAX_AMOUNTS) {
		fields_error(L, ap, "expected an array of at most %d amounts",
		    KB_MAX_AMOUNTS);
		return 0;
	}
	if ((c->amounts = arena_calloc(&L->kb->arena,
	    json_array_size(ci->amounts) + 1, sizeof(*c->amounts))) == NULL)
		return -1;
	json_array_foreach(ci->amounts, k, a) {
		struct kb_amount *am = &c->amounts[c->namounts];
		const char *key;
		int bad = 0;

		fields_index(p, sizeof(p), ap, k);
		if (!json_is_object(a)) {
			fields_error(L, p, "expected an object with \"units\"");
			continue;
		}
		json_object_foreach(a, key, v)
			if (strcmp(key, "units") != 0 &&
			    strcmp(key, "from") != 0 &&
			    strcmp(key, "below") != 0 &&
			    strcmp(key, "within_from") != 0 &&
			    strcmp(key, "leads") != 0 &&
			    strcmp(key, "trails") != 0) {
				fields_error(L, p, "unknown field \"%s\" (an "
				    "amount has units, from, below, "
				    "within_from, leads, trails)", key);
				bad = 1;
			}
		units = json_object_get(a, "units");
		fields_key(up, sizeof(up), p, "units");
		if (!json_is_array(units) || json_array_size(units) == 0 ||
		    json_array_size(units) > KB_MAX_AMOUNT_UNITS) {
			fields_error(L, up, "expected 1 to %d words",
			    KB_MAX_AMOUNT_UNITS);
			continue;
		}
		if ((am->units = arena_calloc(&L->kb->arena,
		    json_array_size(units), sizeof(*am->units))) == NULL)
			return -1;
		json_array_foreach(units, j, u) {
			const char *s = json_string_value(u);

			/* one word, or two ("of us": the first may be an
			 * amount_breaks word, match_amount_pair()) */
			if (!choice_unit_ok(s)) {
				char wp[PATHLEN];

				fields_index(wp, sizeof(wp), up, j);
				fields_error(L, wp, "expected one or two words");
				bad = 1;
			} else if ((am->units[am->nunits++] = arena_strdup(
			    &L->kb->arena, s)) == NULL)
				return -1;
		}
		if ((v = json_object_get(a, "leads")) != NULL &&
		    choice_amount_words(L, &am->leads, &am->nleads, v,
		    "leads", p) == -1)
			return -1;
		if (am->nleads == 0 && v != NULL)
			bad = 1;
		if ((v = json_object_get(a, "trails")) != NULL &&
		    choice_amount_words(L, &am->trails, &am->ntrails, v,
		    "trails", p) == -1)
			return -1;
		if (am->ntrails == 0 && v != NULL)
			bad = 1;
		if ((v = json_object_get(a, "from")) != NULL) {
			am->has_from = json_is_number(v) &&
			    json_number_value(v) >= 0;
			am->from = json_number_value(v);
			if (!am->has_from) {
				fields_error(L, p, "\"from\" is not a number "
				    "of at least 0");
				bad = 1;
			}
		}
		if ((v = json_object_get(a, "below")) != NULL) {
			am->has_below = json_is_number(v) &&
			    json_number_value(v) > 0;
			am->below = json_number_value(v);
			if (!am->has_below) {
				fields_error(L, p, "\"below\" is not a number "
				    "above 0");
				bad = 1;
			}
		}
		/* a budget bound only widens a choice that holds values
		 * from somewhere up ("under 100ms" reads the tolerant
		 * latency choice): with a below, it would contradict it */
		if ((v = json_object_get(a, "within_from")) != NULL) {
			am->has_within = json_is_number(v) &&
			    json_number_value(v) > 0 && am->has_from &&
			    !am->has_below &&
			    json_number_value(v) >= am->from;
			am->within_from = json_number_value(v);
			if (!am->has_within) {
				fields_error(L, p, "\"within_from\" is not a "
				    "number at least \"from\" of an amount "
				    "with no \"below\"");
				bad = 1;
			}
		}
		if (am->has_from && am->has_below && am->from >= am->below) {
			fields_error(L, p, "\"from\" %g is not below "
			    "\"below\" %g", am->from, am->below);
			bad = 1;
		}
		if (!bad)
			c->namounts++;
	}
	return 0;
}

/*
 * A choice's "replies": whole messages that pick it as the answer to its
 * own question when that is asked ("yes", "nope"), squashed as messages
 * are; never read from a description.
 */
static int
choice_replies(struct loader *L, struct choice_in *ci, const char *path)
{
	struct kb_choice *c = &ci->c;
	char rp[PATHLEN], p[PATHLEN], sq[KB_MAX_PHRASE + 1];
	json_t *m;
	size_t k;

	if ((c->replies = arena_calloc(&L->kb->arena,
	    json_array_size(ci->replies) + 1, sizeof(*c->replies))) == NULL)
		return -1;
	fields_key(rp, sizeof(rp), path, "replies");
	json_array_foreach(ci->replies, k, m) {
		fields_index(p, sizeof(p), rp, k);
		if (!json_is_string(m) || json_string_length(m) == 0)
			fields_error(L, p, "expected a non-empty string");
		else if (json_string_length(m) > KB_MAX_PHRASE)
			fields_error(L, p, "longer than %d bytes",
			    KB_MAX_PHRASE);
		else if (kb_squash(json_string_value(m), json_string_length(m),
		    sq, sizeof(sq)) == 0)
			fields_error(L, p, "'%s' has no words",
			    json_string_value(m));
		else if ((c->replies[c->nreplies++] = arena_strdup(
		    &L->kb->arena, sq)) == NULL)
			return -1;
	}
	return 0;
}

/*
 * The phrases of array arr at path/key compiled into *out (allocated in
 * the KB's arena, *n of them): each a non-empty string of at most
 * KB_MAX_PHRASE bytes with words to match and, when maxwords is not 0,
 * at most maxwords words.  A bad one is reported with its path and left
 * out; -1 only when out of memory.
 */
static int
choice_phrases(struct loader *L, json_t *arr, const char *path,
    const char *key, size_t maxwords, struct kb_phrase **out, size_t *n)
{
	char mp[PATHLEN], p[PATHLEN];
	struct kb_phrase *ph;
	json_t *m;
	size_t k;

	if ((ph = arena_calloc(&L->kb->arena, json_array_size(arr) + 1,
	    sizeof(*ph))) == NULL)
		return -1;
	*out = ph;
	*n = 0;
	fields_key(mp, sizeof(mp), path, key);
	json_array_foreach(arr, k, m) {
		fields_index(p, sizeof(p), mp, k);
		if (!json_is_string(m) || json_string_length(m) == 0)
			fields_error(L, p, "expected a non-empty string");
		else if (json_string_length(m) > KB_MAX_PHRASE)
			fields_error(L, p, "longer than %d bytes",
			    KB_MAX_PHRASE);
		else if (kb_phrase_compile(L->kb, json_string_value(m),
		    &ph[*n]) == -1)
			fields_error(L, p, "'%s' has no words to match",
			    json_string_value(m));
		else if (maxwords != 0 && ph[*n].ntok > maxwords)
			fields_error(L, p, "'%s' has more than %zu words",
			    json_string_value(m), maxwords);
		else
			(*n)++;
	}
	return 0;
}

/*
 * Or into key the key bit (struct kb_phrase) of each of the n phrases of
 * ph: a text holding one of them holds that phrase's bit.
 */
static void
choice_key(const struct kb_phrase *ph, size_t n,
    uint64_t key[KB_PHRASE_BITS / 64])
{
	size_t k;

	for (k = 0; k < n; k++)
		key[ph[k].key / 64] |= (uint64_t)1 << (ph[k].key % 64);
}

/*
 * A choice's "match" phrases, and its "roles": each 1 to
 * KB_MAX_ROLE_WORDS words that name what the thing built does or where it
 * sits ("others depend", "business logic"), compiled as match phrases and
 * matched in any order (dialogue_match.c).  A bad one is reported only.
 */
static int
choice_check(struct loader *L, json_t *e, const char *path, void *entry)
{
	struct choice_in *ci = entry;
	struct kb_choice *c = &ci->c;

	(void)e;
	if (ci->yields != NULL) {
		char yp[PATHLEN];

		if (!json_is_boolean(ci->yields))
			fields_error(L, fields_key(yp, sizeof(yp), path,
			    "yields"), "expected true or false");
		c->yields = json_is_true(ci->yields);
	}
	if (ci->replies != NULL && choice_replies(L, ci, path) == -1)
		return -1;
	if (ci->amounts != NULL && choice_amounts(L, ci, path) == -1)
		return -1;
	if (ci->roles != NULL && choice_phrases(L, ci->roles, path, "roles",
	    KB_MAX_ROLE_WORDS, &c->roles, &c->nroles) == -1)
		return -1;
	if (ci->match != NULL && choice_phrases(L, ci->match, path, "match",
	    0, &c->match, &c->nmatch) == -1)
		return -1;
	if (ci->parts != NULL && choice_phrases(L, ci->parts, path, "parts",
	    0, &c->parts, &c->nparts) == -1)
		return -1;
	if (ci->negated_topics != NULL && choice_phrases(L,
	    ci->negated_topics, path, "negated_topics", KB_MAX_ROLE_WORDS,
	    &c->negated_topics, &c->nnegated_topics) == -1)
		return -1;
	if (ci->avoids != NULL && choice_phrases(L, ci->avoids, path,
	    "avoids", KB_MAX_ROLE_WORDS, &c->avoids, &c->navoids) == -1)
		return -1;
	choice_key(c->match, c->nmatch, c->key);
	choice_key(c->roles, c->nroles, c->key);
	choice_key(c->negated_topics, c->nnegated_topics, c->key);
	choice_key(c->avoids, c->navoids, c->avoid_key);
	if (ci->practice != NULL) {
		char fp[PATHLEN];

		c->npractice = fields_claims(L, ci->practice, fields_key(fp,
		    sizeof(fp), path, "practice"), &c->practice);
	}
	return 0;
}

static const struct entries choice_entries = ENTRIES("choice",
    struct kb_choice, struct choice_in, choice_check, NULL,
	F(struct choice_in, c.id, "id", FT_ID, REQ, 0, 0),
	F(struct choice_in, c.label, "label", FT_STR, REQ, 0, 200),
	/* a choice is said in many everyday ways ("perf isn't critical",
	 * "speed is no big deal"); matching is keyed by first word
	 * (choice_key), so the bound costs only load time */
	F(struct choice_in, match, "match", FT_ARRAY, 0, 0, KB_MAX_CHOICE_MATCH),
	F(struct choice_in, combines, "combines", FT_ANY, 0, 0, 0),
	F(struct choice_in, combines_with, "combines_with", FT_ANY, 0, 0, 0),
	F(struct choice_in, combines_parts, "combines_parts", FT_ANY, 0, 0, 0),
	F(struct choice_in, parts, "parts", FT_ARRAY, 0, 0, 64),
	F(struct choice_in, replies, "replies", FT_ARRAY, 0, 0, 64),
	F(struct choice_in, roles, "roles", FT_ARRAY, 0, 0, 64),
	F(struct choice_in, negated_topics, "negated_topics", FT_ARRAY, 0, 0,
	    64),
	F(struct choice_in, avoids, "avoids", FT_ARRAY, 0, 0, 64),
	F(struct choice_in, c.negated, "negated", FT_ID, 0, 0, 0),
	F(struct choice_in, practice, "practice", FT_ARRAY, 0, 0, 8),
	F(struct choice_in, yields, "yields", FT_ANY, 0, 0, 0),
	F(struct choice_in, amounts, "amounts", FT_ANY, 0, 0, 0));

/*
 * "combines": [["apis", "cli"], ["kernel", "infra"]] on a choice: it is
 * also what the user means when their words select a choice of each group
 * ("we write microservices, and the proxy under them").  Read for every
 * choice of qu, once all of them are in.
 */
static void
load_combines(struct loader *L, struct kb_question *qu, json_t *choices,
    const char *qpath)
{
	json_t *ch, *groups, *grp, *id;
	char p[PATHLEN], cp[PATHLEN], ip[PATHLEN];
	size_t j, g, k;

	json_array_foreach(choices, j, ch) {
		struct kb_choice *c;
		const char *cid = json_string_value(json_object_get(ch, "id"));
		int ci, x;

		if ((groups = json_object_get(ch, "combines")) == NULL ||
		    cid == NULL || (ci = kb_choice_index(qu, cid)) < 0)
			continue;
		c = &qu->choices[ci];
		if (c->ncombines > 0)
			continue;	/* a duplicate id, reported already */
		fields_key(cp, sizeof(cp), qpath, "choices");
		fields_key(p, sizeof(p), fields_index(ip, sizeof(ip), cp, j),
		    "combines");
		if (!json_is_array(groups) || json_array_size(groups) < 2 ||
		    json_array_size(groups) > KB_MAX_COMBINES) {
			fields_error(L, p, "expected 2 to %d groups of choices",
			    KB_MAX_COMBINES);
			continue;
		}
		json_array_foreach(groups, g, grp) {
			uint32_t bits = 0;

			if (!json_is_array(grp) || json_array_size(grp) == 0) {
				fields_error(L, p, "expected arrays of choice "
				    "ids");
				break;
			}
			json_array_foreach(grp, k, id) {
				x = json_is_string(id) ? kb_choice_index(qu,
				    json_string_value(id)) : -1;
				if (x < 0 || x == ci)
					fields_error(L, p, "'%s' is not another "
					    "choice of question '%s'",
					    json_is_string(id) ?
					    json_string_value(id) : "?", qu->id);
				else
					bits |= 1u << x;
			}
			c->combines[c->ncombines++] = bits;
		}
	}
}

/*
 * "negated": "no" on a choice: the choice a negated phrase of it means
 * ("we're not on kubernetes" is cloud_native "no", not nothing and never
 * "yes").  Another choice of the same question; resolved once all are in.
 * "negated_topics" mean something only negated, so they need it.
 */
static void
load_negated(struct loader *L, struct kb_question *qu, const char *qpath)
{
	char cp[PATHLEN], ip[PATHLEN], p[PATHLEN];
	size_t j;

	for (j = 0; j < qu->nchoices; j++) {
		struct kb_choice *c = &qu->choices[j];

		c->negated_index = -1;
		if (c->negated == NULL && c->nnegated_topics > 0) {
			fields_key(cp, sizeof(cp), qpath, "choices");
			fields_key(p, sizeof(p), fields_index(ip, sizeof(ip), cp,
			    j), "negated_topics");
			fields_error(L, p, "needs \"negated\": the choice a "
			    "negated topic means");
		}
		if (c->negated == NULL)
			continue;
		c->negated_index = kb_choice_index(qu, c->negated);
		if (c->negated_index < 0 || (size_t)c->negated_index == j) {
			fields_key(cp, sizeof(cp), qpath, "choices");
			fields_key(p, sizeof(p), fields_index(ip, sizeof(ip), cp,
			    j), "negated");
			fields_error(L, p, "'%s' is not another choice of "
			    "question '%s'", c->negated, qu->id);
			c->negated_index = -1;
		}
	}
}

/* A question as read, with its choices and skip condition to come. */
struct question_in {
	struct kb_question	 q;
	json_t			*choices, *skip_if, *told_counts_if, *decisive;
	json_t			*whole_subject;
	json_t			*present_state;
	json_t			*firm;
	json_t			*asked_subject_silent;
	json_t			*study_no_basis;
	json_t			*added_as;	/* read in load_question_refs */
};

/* A question's choices; it needs at least one valid (two, to be right). */
static int
question_check(struct loader *L, json_t *e, const char *path, void *entry)
{
	struct question_in *qi = entry;
	struct kb_question *qu = &qi->q;
	char cp[PATHLEN];
	struct strmap cids;

	(void)e;
	qu->assume_index = -1;
	qu->added_q = qu->added_c = -1;
	if (qi->decisive != NULL) {
		if (!json_is_boolean(qi->decisive))
			fields_error(L, fields_key(cp, sizeof(cp), path,
			    "decisive"), "expected true or false");
		qu->decisive = json_is_true(qi->decisive);
	}
	if (qi->firm != NULL) {
		if (!json_is_boolean(qi->firm))
			fields_error(L, fields_key(cp, sizeof(cp), path,
			    "firm"), "expected true or false");
		qu->firm = json_is_true(qi->firm);
	}
	if (qi->whole_subject != NULL) {
		if (!json_is_boolean(qi->whole_subject))
			fields_error(L, fields_key(cp, sizeof(cp), path,
			    "whole_subject"), "expected true or false");
		qu->whole_subject = json_is_true(qi->whole_subject);
	}
	if (qi->present_state != NULL) {
		if (!json_is_boolean(qi->present_state))
			fields_error(L, fields_key(cp, sizeof(cp), path,
			    "present_state"), "expected true or false");
		qu->present_state = json_is_true(qi->present_state);
	}
	if (qi->asked_subject_silent != NULL) {
		if (!json_is_boolean(qi->asked_subject_silent))
			fields_error(L, fields_key(cp, sizeof(cp), path,
			    "asked_subject_silent"), "expected true or false");
		qu->asked_subject_silent =
		    json_is_true(qi->asked_subject_silent);
	}
	if (qi->study_no_basis != NULL) {
		if (!json_is_boolean(qi->study_no_basis))
			fields_error(L, fields_key(cp, sizeof(cp), path,
			    "study_no_basis"), "expected true or false");
		qu->study_no_basis = json_is_true(qi->study_no_basis);
	}
	if (qi->choices == NULL)
		return -1;
	fields_key(cp, sizeof(cp), path, "choices");
	if (json_array_size(qi->choices) < 2)
		fields_error(L, cp, "a question needs at least two choices");
	if (strmap_init(&cids, 64) == -1) {
		L->kb->arena.failed = 1;
		return -1;
	}
	qu->choices = fields_list(L, qi->choices, cp, &choice_entries, &cids,
	    &qu->nchoices);
	strmap_free(&cids);
	if (qu->choices == NULL)
		return -1;
	load_combines(L, qu, qi->choices, path);
	load_negated(L, qu, path);
	return qu->nchoices == 0 ? -1 : 0;
}

static void
question_commit(struct loader *L, void *entry, size_t i)
{
	(void)L;
	((struct kb_question *)entry)->index = i;
}

static const struct entries question_entries = ENTRIES("question",
    struct kb_question, struct question_in, question_check, question_commit,
	F(struct question_in, q.id, "id", FT_ID, REQ, 0, 0),
	F(struct question_in, q.text, "text", FT_STR, REQ, 0, 300),
	F(struct question_in, q.why, "why", FT_STR, REQ, 0, 600),
	F(struct question_in, choices, "choices", FT_ARRAY, REQ, 0,
	    KB_MAX_CHOICES),
	F(struct question_in, skip_if, "skip_if", FT_ANY, 0, 0, 0),
	F(struct question_in, told_counts_if, "told_counts_if", FT_ANY, 0, 0,
	    0),
	F(struct question_in, q.assume, "assume", FT_STR, 0, 0, 100),
	F(struct question_in, decisive, "decisive", FT_ANY, 0, 0, 0),
	F(struct question_in, whole_subject, "whole_subject", FT_ANY, 0, 0, 0),
	F(struct question_in, present_state, "present_state", FT_ANY, 0, 0, 0),
	F(struct question_in, firm, "firm", FT_ANY, 0, 0, 0),
	F(struct question_in, asked_subject_silent, "asked_subject_silent",
	    FT_ANY, 0, 0, 0),
	F(struct question_in, study_no_basis, "study_no_basis", FT_ANY, 0, 0,
	    0),
	F(struct question_in, added_as, "added_as", FT_ANY, 0, 0, 0));

/*
 * The walk asks in order, so a skip condition (cond, the question's field
 * name: skip_if or told_counts_if) names only questions before its own:
 * naming itself, it would drop the answer just given; naming a later one
 * (or in a cycle), an answer could hide the question it came from.  An
 * empty one always holds: the question would never be asked (skip_if), or
 * the condition says nothing (told_counts_if).
 */
static int
skip_if_check(struct loader *L, const struct kb_question *qu,
    const struct kb_cond *cond, const char *name, const char *path)
{
	char p[PATHLEN];
	size_t t;
	int bad = 0;

	if (cond->nterms == 0) {
		if (strcmp(name, "skip_if") == 0)
			fields_error(L, path, "empty: question '%s' would "
			    "never be asked", qu->id);
		else
			fields_error(L, path, "empty: name the answers under "
			    "which a told answer to '%s' counts", qu->id);
		return -1;
	}
	for (t = 0; t < cond->nterms; t++) {
		const struct kb_question *on =
		    &L->kb->dialogue.questions[cond->terms[t].question];

		if (on->index < qu->index)
			continue;
		fields_error(L, fields_key(p, sizeof(p), path, on->id),
		    "'%s' is not before question '%s': %s may name only "
		    "earlier questions", on->id, qu->id, name);
		bad = 1;
	}
	return bad ? -1 : 0;
}

/*
 * "combines_with": {"memory_safety": ["yes"]} on a choice that combines
 * others: a choice of its first group said with that answer of another
 * question in one message is this choice.  "combines_parts": {"latency":
 * ["deterministic"]}: the same, when that answer is read from one of its
 * "parts" phrases (a part of the work: "a game server plus a matchmaking
 * service").  They name other questions, so they are read in the second
 * pass; each needs "combines" and may not name its own question.
 */
static void
load_combines_with(struct loader *L, struct kb_question *qu, json_t *choices,
    const char *qpath)
{
	static const char *const names[2] = { "combines_with",
	    "combines_parts" };
	const struct kb_dialogue *dl = &L->kb->dialogue;
	json_t *ch, *w;
	char p[PATHLEN], cp[PATHLEN], ip[PATHLEN];
	size_t j, t, f;
	int ci;

	json_array_foreach(choices, j, ch) {
		const char *cid = json_string_value(json_object_get(ch, "id"));
		struct kb_choice *c;

		if (cid == NULL || (ci = kb_choice_index(qu, cid)) < 0)
			continue;
		c = &qu->choices[ci];
		for (f = 0; f < 2; f++) {
			struct kb_cond *cond = f == 0 ? &c->combines_with :
			    &c->combines_parts;

			if ((w = json_object_get(ch, names[f])) == NULL)
				continue;
			fields_key(cp, sizeof(cp), qpath, "choices");
			fields_key(p, sizeof(p), fields_index(ip, sizeof(ip),
			    cp, j), names[f]);
			if (c->ncombines == 0) {
				fields_error(L, p, "choice '%s' combines "
				    "nothing", cid);
				continue;
			}
			if (load_cond(L, w, p, cond) != 0)
				continue;
			for (t = 0; t < cond->nterms; t++)
				if (&dl->questions[cond->terms[t].question] ==
				    qu)
					break;
			if (cond->nterms == 0 || t < cond->nterms) {
				fields_error(L, p, "expected answers of other "
				    "questions than '%s'", qu->id);
				continue;
			}
			if (f == 0)
				c->has_combines_with = 1;
			else
				c->has_combines_parts = 1;
		}
	}
}

/*
 * A question's "added_as" (v, or NULL: none) at path p: one question of
 * its skip_if and one choice of that question, as a condition is written
 * ({"building": ["both_layers"]}): the answer an added part of the work
 * makes where the question is skipped (verdict_what_if()).
 */
static void
load_added_as(struct loader *L, struct kb_question *qu, json_t *v,
    const char *p)
{
	char cp[PATHLEN];
	struct kb_cond c;
	size_t t, k;

	qu->added_q = qu->added_c = -1;
	if (v == NULL)
		return;
	fields_key(cp, sizeof(cp), p, "added_as");
	if (load_cond(L, v, cp, &c) == -1)
		return;
	if (!qu->has_skip_if || c.nterms != 1 || c.terms[0].choices == 0 ||
	    (c.terms[0].choices & (c.terms[0].choices - 1)) != 0) {
		fields_error(L, cp, "want one question of skip_if and one "
		    "choice");
		return;
	}
	for (t = 0; t < qu->skip_if.nterms; t++)
		if (qu->skip_if.terms[t].question == c.terms[0].question)
			break;
	if (t == qu->skip_if.nterms) {
		fields_error(L, cp, "want one question of skip_if and one "
		    "choice");
		return;
	}
	for (k = 0; !(c.terms[0].choices & (1u << k)); k++)
		;
	qu->added_q = c.terms[0].question;
	qu->added_c = (int)k;
}

/*
 * Second pass over the questions: assumptions name choices, and skip
 * conditions name any question, so both wait until all are in.
 */
static void
load_question_refs(struct loader *L, json_t *arr)
{
	struct kb_dialogue *dl = &L->kb->dialogue;
	struct kb_question *qu;
	char p[PATHLEN], cp[PATHLEN];
	json_t *q, *skip;
	size_t i;
	int32_t qi;

	json_array_foreach(arr, i, q) {
		const char *id = json_string_value(json_object_get(q, "id"));

		if (id == NULL || (qi = strmap_get(&L->question_ids, id)) < 0)
			continue;
		qu = &dl->questions[qi];
		fields_index(p, sizeof(p), "$.questions", i);
		if (qu->assume != NULL && (qu->assume_index =
		    kb_choice_index(qu, qu->assume)) < 0)
			fields_error(L, fields_key(cp, sizeof(cp), p, "assume"),
			    "question '%s' has no choice '%s'", qu->id,
			    qu->assume);
		load_combines_with(L, qu, json_object_get(q, "choices"), p);
		if ((skip = json_object_get(q, "skip_if")) != NULL &&
		    load_cond(L, skip, fields_key(cp, sizeof(cp), p,
		    "skip_if"), &qu->skip_if) == 0 &&
		    skip_if_check(L, qu, &qu->skip_if, "skip_if", cp) == 0)
			qu->has_skip_if = 1;
		load_added_as(L, qu, json_object_get(q, "added_as"), p);
		/* where a told answer counts though the question is skipped:
		 * only where it is skipped, so it needs a skip_if */
		if ((skip = json_object_get(q, "told_counts_if")) == NULL)
			continue;
		fields_key(cp, sizeof(cp), p, "told_counts_if");
		if (!qu->has_skip_if)
			fields_error(L, cp, "question '%s' has no skip_if: it is "
			    "never skipped", qu->id);
		else if (load_cond(L, skip, cp, &qu->told_counts_if) == 0 &&
		    skip_if_check(L, qu, &qu->told_counts_if,
		    "told_counts_if", cp) == 0)
			qu->has_told_counts_if = 1;
	}
}

/* A rule as read, with its condition, weights and claims to check. */
struct rule_in {
	struct kb_rule	 r;
	json_t		*when, *weights, *claims, *basis_when, *doubts, *unless;
};

/* Weights: {outcome: number from -100 to 100}, at least one. */
static int
rule_weights(struct loader *L, struct rule_in *ri, const char *fp)
{
	char wp[PATHLEN];
	const char *key;
	json_t *wv;
	int oi, bad = 0;

	if (!json_is_object(ri->weights) || json_object_size(ri->weights) == 0) {
		fields_error(L, fp, "expected an object of outcome weights");
		return -1;
	}
	json_object_foreach(ri->weights, key, wv) {
		fields_key(wp, sizeof(wp), fp, key);
		if ((oi = kb_outcome_index(L->kb, key)) < 0) {
			if (!fields_rejected(L, key))
				fields_error(L, wp, "unknown outcome '%s'",
				    key);
			bad = 1;
		} else if (!json_is_number(wv) ||
		    fabs(json_number_value(wv)) > 100) {
			fields_error(L, wp, "expected a number from -100 to "
			    "100");
			bad = 1;
		} else
			ri->r.weights[oi] = json_number_value(wv);
	}
	return bad ? -1 : 0;
}

/*
 * Load field key of path (the JSON j) into c: a condition that holds
 * somewhere; an empty one is refused with message empty.  Returns 0 or
 * -1 (the error reported).
 */
static int
load_cond_some(struct loader *L, json_t *j, const char *path,
    const char *key, struct kb_cond *c, const char *empty)
{
	char fp[PATHLEN];

	fields_key(fp, sizeof(fp), path, key);
	if (load_cond(L, j, fp, c) == -1)
		return -1;
	if (c->nterms == 0) {
		fields_error(L, fp, "%s", empty);
		return -1;
	}
	return 0;
}

static int
rule_check(struct loader *L, json_t *e, const char *path, void *entry)
{
	struct rule_in *ri = entry;
	struct kb_rule *r = &ri->r;
	char fp[PATHLEN];
	int bad = 0;

	(void)e;
	if (ri->when != NULL && load_cond_some(L, ri->when, path, "when",
	    &r->when, "a rule needs a condition") == -1)
		bad = 1;
	if (ri->basis_when != NULL && load_cond_some(L, ri->basis_when, path,
	    "basis_when", &r->basis_when, "basis_when needs a condition") == -1)
		bad = 1;
	if (ri->unless != NULL && load_cond_some(L, ri->unless, path,
	    "unless", &r->unless, "unless needs a condition") == -1)
		bad = 1;
	if (ri->weights != NULL && rule_weights(L, ri, fields_key(fp,
	    sizeof(fp), path, "weights")) == -1)
		bad = 1;
	if (ri->doubts != NULL) {
		char dp[PATHLEN];
		json_t *dv;
		size_t i;
		int oi;

		fields_key(fp, sizeof(fp), path, "doubts");
		json_array_foreach(ri->doubts, i, dv) {
			fields_index(dp, sizeof(dp), fp, i);
			if (!json_is_string(dv) || (oi = kb_outcome_index(
			    L->kb, json_string_value(dv))) < 0) {
				fields_error(L, dp, "expected an outcome id");
				bad = 1;
			} else if (ri->r.weights[oi] > 0) {
				fields_error(L, dp, "'%s' is an outcome the "
				    "rule weighs for", json_string_value(dv));
				bad = 1;
			} else
				r->doubts |= 1u << oi;
		}
	}
	fields_key(fp, sizeof(fp), path, "claims");
	r->nclaims = fields_claims(L, ri->claims, fp, &r->claims);
	if (r->nclaims == 0 && ri->claims != NULL) {
		/* a claim it names that is unknown or refused says so */
		if (json_array_size(ri->claims) == 0)
			fields_error(L, fp,
			    "a rule must cite at least one claim");
		bad = 1;
	}
	return bad ? -1 : 0;
}

static const struct entries rule_entries = ENTRIES("rule",
    struct kb_rule, struct rule_in, rule_check, NULL,
	F(struct rule_in, r.id, "id", FT_ID, REQ, 0, 0),
	F(struct rule_in, when, "when", FT_ANY, REQ, 0, 0),
	F(struct rule_in, weights, "weights", FT_ANY, REQ, 0, 0),
	F(struct rule_in, r.reason, "reason", FT_STR, REQ, 0, 600),
	F(struct rule_in, claims, "claims", FT_ARRAY, REQ, 0, 32),
	F(struct rule_in, basis_when, "basis_when", FT_ANY, 0, 0, 0),
	F(struct rule_in, doubts, "doubts", FT_ARRAY, 0, 0, KB_MAX_OUTCOMES),
	F(struct rule_in, unless, "unless", FT_ANY, 0, 0, 0));

/* A caveat as read, with its condition and claims to check. */
struct caveat_in {
	struct kb_caveat	 c;
	json_t			*when, *claims, *unless;
};

static int
caveat_check(struct loader *L, json_t *e, const char *path, void *entry)
{
	struct caveat_in *ci = entry;
	struct kb_caveat *cv = &ci->c;
	char fp[PATHLEN];
	int bad = 0;

	(void)e;
	cv->outcome_index = -1;
	if (cv->outcome != NULL && (cv->outcome_index =
	    kb_outcome_index(L->kb, cv->outcome)) < 0) {
		if (!fields_rejected(L, cv->outcome))
			fields_error(L, fields_key(fp, sizeof(fp), path,
			    "outcome"), "unknown outcome '%s'", cv->outcome);
		bad = 1;
	}
	/* the case for another outcome: an outcome, and not the one the
	 * caveat is shown with (that would be the verdict's own case) */
	cv->case_for_index = -1;
	if (cv->case_for != NULL && ((cv->case_for_index =
	    kb_outcome_index(L->kb, cv->case_for)) < 0 ||
	    cv->case_for_index == cv->outcome_index)) {
		if (!fields_rejected(L, cv->case_for))
			fields_error(L, fields_key(fp, sizeof(fp), path,
			    "case_for"), cv->case_for_index < 0 ?
			    "unknown outcome '%s'" : "'%s' is the caveat's own "
			    "outcome", cv->case_for);
		cv->case_for_index = -1;
		bad = 1;
	}
	if (ci->when != NULL && load_cond(L, ci->when, fields_key(fp,
	    sizeof(fp), path, "when"), &cv->when) == -1)
		bad = 1;
	if (ci->unless != NULL && load_cond_some(L, ci->unless, path, "unless",
	    &cv->unless, "unless needs a condition") == -1)
		bad = 1;
	cv->nclaims = fields_claims(L, ci->claims, fields_key(fp, sizeof(fp),
	    path, "claims"), &cv->claims);
	return bad ? -1 : 0;
}

static const struct entries caveat_entries = ENTRIES("caveat",
    struct kb_caveat, struct caveat_in, caveat_check, NULL,
	F(struct caveat_in, c.id, "id", FT_ID, REQ, 0, 0),
	F(struct caveat_in, c.text, "text", FT_STR, REQ, 0, 600),
	F(struct caveat_in, c.outcome, "outcome", FT_STR, 0, 0, 100),
	F(struct caveat_in, c.case_for, "case_for", FT_STR, 0, 0, 100),
	F(struct caveat_in, when, "when", FT_ANY, REQ, 0, 0),
	F(struct caveat_in, claims, "claims", FT_ARRAY, REQ, 0, 32),
	F(struct caveat_in, unless, "unless", FT_ANY, 0, 0, 0));

/* A fit as read, with its condition and claims to check. */
struct fit_in {
	struct kb_fit	 f;
	json_t		*on, *when, *claims;
};

/*
 * A fit needs a condition (a fit for everyone is the answer itself) and
 * at least one claim; at most KB_FIT_CLAIMS, since an answer cites no
 * more.
 */
static int
fit_check(struct loader *L, json_t *e, const char *path, void *entry)
{
	struct fit_in *fi = entry;
	struct kb_fit *f = &fi->f;
	char fp[PATHLEN];
	int bad = 0;

	(void)e;
	if (fi->when != NULL && load_cond_some(L, fi->when, path, "when",
	    &f->when, "a fit needs a condition") == -1)
		bad = 1;
	fields_key(fp, sizeof(fp), path, "claims");
	f->nclaims = fields_claims(L, fi->claims, fp, &f->claims);
	if (fi->claims != NULL && json_array_size(fi->claims) == 0) {
		fields_error(L, fp, "a fit needs a claim");
		bad = 1;
	}
	fields_key(fp, sizeof(fp), path, "on");
	f->non = fields_claims(L, fi->on, fp, &f->on);
	if (fi->on != NULL && json_array_size(fi->on) == 0) {
		fields_error(L, fp, "a fit needs a claim it is on");
		bad = 1;
	}
	return bad ? -1 : 0;
}

static const struct entries fit_entries = ENTRIES("fit",
    struct kb_fit, struct fit_in, fit_check, NULL,
	F(struct fit_in, f.id, "id", FT_ID, REQ, 0, 0),
	F(struct fit_in, on, "on", FT_ARRAY, REQ, 0, 32),
	F(struct fit_in, when, "when", FT_ANY, REQ, 0, 0),
	F(struct fit_in, claims, "claims", FT_ARRAY, REQ, 0, KB_ANSWER_MAX));

struct dialogue_in {
	const char	*central_question, *intro, *stance;
	int		 quick_basis;
	json_t		*outcomes, *questions, *rules, *caveats, *phrases;
	json_t		*fits;
};

static const struct field dialogue_fields[] = {
	F(struct dialogue_in, central_question, "central_question", FT_STR,
	    REQ, 0, 300),
	F(struct dialogue_in, intro, "intro", FT_STR, 0, 0, 600),
	F(struct dialogue_in, stance, "stance", FT_STR, 0, 0, 100),
	F(struct dialogue_in, quick_basis, "quick_basis", FT_INT, 0, 1, 100),
	F(struct dialogue_in, outcomes, "outcomes", FT_ARRAY, REQ, 0,
	    KB_MAX_OUTCOMES),
	F(struct dialogue_in, questions, "questions", FT_ARRAY, REQ, 0,
	    KB_MAX_QUESTIONS),
	F(struct dialogue_in, rules, "rules", FT_ARRAY, REQ, 0, KB_MAX_RULES),
	F(struct dialogue_in, caveats, "caveats", FT_ARRAY, 0, 0,
	    KB_MAX_RULES),
	F(struct dialogue_in, phrases, "phrases", FT_OBJECT, REQ, 0, 0),
	F(struct dialogue_in, fits, "fits", FT_ARRAY, 0, 0, KB_MAX_RULES),
	F_END
};

/*
 * "stance" names the caveat whose claims state the article's own overall
 * position (ask_stance() answers "does the article pick a winner?" with
 * them): it must be a caveat's id, and that caveat must cite a claim.
 */
static void
load_stance(struct loader *L, const char *id)
{
	struct kb_dialogue *dl = &L->kb->dialogue;
	size_t i;

	dl->stance = NULL;
	if (id == NULL)
		return;
	for (i = 0; i < dl->ncaveats; i++)
		if (dl->caveats[i].id != NULL &&
		    strcmp(dl->caveats[i].id, id) == 0)
			dl->stance = &dl->caveats[i];
	if (dl->stance == NULL)
		fields_error(L, "$.stance", "'%s' is no caveat's id", id);
	else if (dl->stance->nclaims == 0) {
		/* its claims unknown because claims.json could not be read
		 * (or a claim was refused) is said there, not again here */
		if (!fields_unreadable(L, &L->kb->ids))
			fields_error(L, "$.stance", "caveat '%s' cites no "
			    "claim", id);
		dl->stance = NULL;
	}
}

/* dialogue.json; the claims and the lexicon are in by now. */
void
kb_load_dialogue(struct loader *L)
{
	struct kb_dialogue *dl = &L->kb->dialogue;
	struct dialogue_in d;

	L->file = kb_file_names[F_DIALOGUE];
	if (L->roots[F_DIALOGUE] == NULL)
		return;
	memset(&d, 0, sizeof(d));
	(void)fields_read(L, L->roots[F_DIALOGUE], "$", dialogue_fields, &d);
	dl->central_question = d.central_question;
	dl->intro = d.intro;
	dl->quick_basis = d.quick_basis;
	if (d.outcomes != NULL) {
		dl->outcomes = fields_list(L, d.outcomes, "$.outcomes",
		    &outcome_entries, &L->outcome_ids, &dl->noutcomes);
		if (dl->noutcomes < 2)
			fields_error(L, "$.outcomes", "at least two outcomes "
			    "needed");
	}
	if (d.questions != NULL) {
		dl->questions = fields_list(L, d.questions, "$.questions",
		    &question_entries, &L->question_ids, &dl->nquestions);
		load_question_refs(L, d.questions);
	}
	/* missing, too many, or refused entries were reported already */
	if (d.questions != NULL && json_array_size(d.questions) == 0)
		fields_error(L, "$.questions", "no questions");
	if (d.rules != NULL)
		dl->rules = fields_list(L, d.rules, "$.rules", &rule_entries,
		    &L->rule_ids, &dl->nrules);
	/* without a rule no answer leads anywhere: every verdict is none */
	if (d.rules != NULL && json_array_size(d.rules) == 0)
		fields_error(L, "$.rules", "no rules: no answer could lead to "
		    "a recommendation");
	if (d.caveats != NULL)
		dl->caveats = fields_list(L, d.caveats, "$.caveats",
		    &caveat_entries, &L->rule_ids, &dl->ncaveats);
	load_stance(L, d.stance);
	if (d.fits != NULL)
		dl->fits = fields_list(L, d.fits, "$.fits", &fit_entries,
		    &L->rule_ids, &dl->nfits);
	if (d.phrases != NULL)
		kb_load_phrases(L, d.phrases);	/* kb_load_phrases.c */
}
