/* SPDX-License-Identifier: ISC */
/*
 * render_json.c: an engine event as a server message of advisor.v1.
 *
 * This is the only place the engine's messages are built: their shapes
 * are $defs/server-* of protocol/schema/advisor.v1.json and PROTOCOL.md,
 * section 7.  A message
 * gets its "type" and members here; the daemon adds "conversation", "seq",
 * "re" and "done".  Every message carries "plain", its text for text-only
 * chats (render_plain.c), and citations carry the claim with its source
 * and figures, so a client can show where each statement comes from.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jsonenc.h"
#include "render.h"
#include "transcript.h"

#define CHART_MAX_POINTS	32
#define NELEM(a)		(sizeof(a) / sizeof((a)[0]))
#define CHART_MAX_UNITS		16
#define CHART_CLAIM_FIGURES	16	/* a claim's chart points cached */

/*
 * json_string(s), byte for byte (NULL when s is NULL or not UTF-8), with
 * jsonenc_utf8()'s word-at-a-time check instead of jansson's per byte:
 * the long texts of a turn are checked once each.
 */
static json_t *
jstr(const char *s)
{
	return s != NULL ? jsonenc_stringn(s, strlen(s)) : NULL;
}

/*
 * Member key (a literal) of an object built as json_pack("{s:...}")
 * would build it, without parsing a format per message: v (owned; NULL
 * when its making failed) is set, or *ok cleared; jdone() then gives the
 * object, or NULL and nothing, as json_pack() does when a member fails.
 */
static void
jset(json_t *o, const char *key, json_t *v, int *ok)
{
	if (json_object_set_new_nocheck(o, key, v) == -1)
		*ok = 0;
}

static json_t *
jdone(json_t *o, int ok)
{
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *
json_figure(const struct kb_figure *f)
{
	char disp[128];
	json_t *j;

	(void)kb_format_figure(f, disp, sizeof(disp));
	j = json_pack("{s:f, s:s, s:s, s:s}", "value", f->value, "unit",
	    f->unit, "label", f->label, "display", disp);
	if (f->is_range)
		(void)json_object_set_new_nocheck(j, "max", json_real(f->max));
	if (f->year)
		(void)json_object_set_new_nocheck(j, "year",
		    json_integer(f->year));
	return j;
}

/* A citation: the claim with its source and figures. */
static json_t *
json_cite(const struct kb_claim *c)
{
	json_t *j, *figs = json_array();
	size_t i;

	for (i = 0; i < c->nfigures; i++)
		(void)json_array_append_new(figs, json_figure(&c->figures[i]));
	j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "claim", c->id,
	    "text", c->text, "subject", c->subject->id, "source",
	    c->source->name, "source_id", c->source->id, "section",
	    c->section->id, "figures", figs);
	if (c->quote != NULL)
		(void)json_object_set_new_nocheck(j, "quote", jstr(c->quote));
	return j;
}

/*
 * The static parts of messages, built once per knowledge base: a claim's
 * citation and a question's choices depend on the knowledge base alone,
 * so they are built and frozen (jsonenc_freeze(): encoded once) the first
 * time they are sent, and shared by reference after.  Shared values are
 * never changed: the daemon only adds members to a message's top level.
 * Kept per content hash, so that a reload of the same content keeps them;
 * RENDER_CACHE_KBS knowledge bases at most, the least recently used one
 * is dropped.  One thread, like the render buffer below.
 */
#define RENDER_CACHE_KBS	4

/*
 * What a question message writes that depends on the question alone
 * (question_bytes()): its "plain" after the "(step k of about n) " that
 * begins it, as render_plain() writes it (tail, raw and trimmed; esc,
 * escaped as in a JSON string, without quotes), and its id and text as
 * JSON strings, as their bytes (id, text) and as values for the
 * transcript's Markdown (jid, jtext).  made: 0 not yet, 1 built, -1 not
 * to be used (not UTF-8, too long, no memory): such a question is
 * rendered every time.
 */
struct render_question {
	int	 made;
	char	*tail, *esc, *id, *text;
	size_t	 tail_len, esc_len, id_len, text_len;
	size_t	 untrimmed;	/* tail's length before the trim */
	json_t	*jid, *jtext;
};

/*
 * What an answer writes of one of its claims (answer_bytes()): its text,
 * and "text [source]" as the "plain" lists it, each escaped as in a JSON
 * string without quotes, with their raw lengths.  made as in
 * render_question.
 */
struct render_claim {
	int	 made;
	char	*text, *plain;
	size_t	 text_len, plain_len;		/* escaped */
	size_t	 raw_text, raw_source;		/* strlen() of each */
	/* render_plain_source()'s line, raw (render_json_source_line());
	 * made as made, apart */
	int	 source_made;
	char	*source;
	size_t	 source_len;
};

/*
 * A recommendation's parts that depend on the knowledge base alone, as
 * their canonical bytes (recommendation_bytes()): a rule's reason after
 * its "answers" (its citations, id, text and weights, reason_tail()),
 * a caveat's whole object (caveat_put()).  They were escaped on every
 * render, some two thirds of a recommendation's.  made as in
 * render_question (-1: a string that is not UTF-8, a weight that is not
 * finite, a citation that could not be built: the tree's way).
 */
struct render_piece {
	int	 made;
	char	*s;
	size_t	 len;
};

struct render_cache {
	char		 hash[KB_HASH_BYTES * 2 + 1];	/* "": unused */
	size_t		 nclaims, nquestions, nrules, ncaveats;
	json_t		**cite, **choices, **weights;
	json_t		**points;	/* CHART_CLAIM_FIGURES per claim */
	struct render_question *questions;
	struct render_claim *claims;
	struct render_piece *rules, *caveats;
	unsigned long	 used;
};

static struct render_cache	render_cache[RENDER_CACHE_KBS];
static unsigned long		render_cache_clock;

static void
render_cache_drop(struct render_cache *rc)
{
	size_t i;

	for (i = 0; i < rc->nclaims; i++)
		if (rc->cite[i] != NULL) {
			jsonenc_thaw(rc->cite[i]);
			json_decref(rc->cite[i]);
		}
	for (i = 0; i < rc->nquestions; i++)
		if (rc->choices[i] != NULL) {
			jsonenc_thaw(rc->choices[i]);
			json_decref(rc->choices[i]);
		}
	for (i = 0; i < rc->nrules; i++)
		if (rc->weights[i] != NULL) {
			jsonenc_thaw(rc->weights[i]);
			json_decref(rc->weights[i]);
		}
	for (i = 0; rc->points != NULL &&
	    i < rc->nclaims * CHART_CLAIM_FIGURES; i++)
		if (rc->points[i] != NULL) {
			jsonenc_thaw(rc->points[i]);
			json_decref(rc->points[i]);
		}
	for (i = 0; rc->questions != NULL && i < rc->nquestions; i++) {
		free(rc->questions[i].tail);
		free(rc->questions[i].esc);
		free(rc->questions[i].id);
		free(rc->questions[i].text);
		json_decref(rc->questions[i].jid);
		json_decref(rc->questions[i].jtext);
	}
	free(rc->questions);
	for (i = 0; rc->claims != NULL && i < rc->nclaims; i++) {
		free(rc->claims[i].text);
		free(rc->claims[i].plain);
		free(rc->claims[i].source);
	}
	free(rc->claims);
	for (i = 0; rc->rules != NULL && i < rc->nrules; i++)
		free(rc->rules[i].s);
	free(rc->rules);
	for (i = 0; rc->caveats != NULL && i < rc->ncaveats; i++)
		free(rc->caveats[i].s);
	free(rc->caveats);
	free(rc->points);
	free(rc->cite);
	free(rc->choices);
	free(rc->weights);
	memset(rc, 0, sizeof(*rc));
}

/* kb's cache, made on first use; NULL: none (build every time). */
static struct render_cache *
render_cache_get(const struct kb *kb)
{
	struct render_cache *rc, *lru = &render_cache[0];
	size_t i;

	if (kb->hash_hex[0] == '\0')
		return NULL;
	for (i = 0; i < RENDER_CACHE_KBS; i++) {
		rc = &render_cache[i];
		if (strcmp(rc->hash, kb->hash_hex) == 0 &&
		    rc->nclaims == kb->nclaims &&
		    rc->nquestions == kb->dialogue.nquestions &&
		    rc->nrules == kb->dialogue.nrules &&
		    rc->ncaveats == kb->dialogue.ncaveats) {
			rc->used = ++render_cache_clock;
			return rc;
		}
		if (rc->used < lru->used)
			lru = rc;
	}
	rc = lru;
	render_cache_drop(rc);
	rc->cite = calloc(kb->nclaims + 1, sizeof(*rc->cite));
	rc->choices = calloc(kb->dialogue.nquestions + 1,
	    sizeof(*rc->choices));
	rc->weights = calloc(kb->dialogue.nrules + 1, sizeof(*rc->weights));
	rc->points = calloc(kb->nclaims * CHART_CLAIM_FIGURES + 1,
	    sizeof(*rc->points));
	rc->questions = calloc(kb->dialogue.nquestions + 1,
	    sizeof(*rc->questions));
	rc->claims = calloc(kb->nclaims + 1, sizeof(*rc->claims));
	rc->rules = calloc(kb->dialogue.nrules + 1, sizeof(*rc->rules));
	rc->caveats = calloc(kb->dialogue.ncaveats + 1, sizeof(*rc->caveats));
	if (rc->cite == NULL || rc->choices == NULL || rc->weights == NULL ||
	    rc->points == NULL || rc->questions == NULL ||
	    rc->claims == NULL || rc->rules == NULL || rc->caveats == NULL) {
		render_cache_drop(rc);
		return NULL;
	}
	(void)memcpy(rc->hash, kb->hash_hex, sizeof(rc->hash));
	rc->nclaims = kb->nclaims;
	rc->nquestions = kb->dialogue.nquestions;
	rc->nrules = kb->dialogue.nrules;
	rc->ncaveats = kb->dialogue.ncaveats;
	rc->used = ++render_cache_clock;
	return rc;
}

/* *slot, built by make(arg) and frozen on first use; a new reference. */
static json_t *
render_cache_ref(json_t **slot, json_t *(*make)(const void *),
    const void *arg)
{
	if (slot == NULL)
		return make(arg);
	if (*slot == NULL) {
		if ((*slot = make(arg)) == NULL)
			return NULL;
		(void)jsonenc_freeze(*slot);
	}
	return json_incref(*slot);
}

static json_t *
make_cite(const void *c)
{
	return json_cite(c);
}

/* A claim's citation, shared (see render_cache). */
static json_t *
json_cite_kb(const struct kb *kb, const struct kb_claim *c)
{
	struct render_cache *rc = render_cache_get(kb);

	return render_cache_ref(rc != NULL && c->index < rc->nclaims &&
	    &kb->claims[c->index] == c ? &rc->cite[c->index] : NULL,
	    make_cite, c);
}

static json_t *
json_cite_all(const struct kb *kb, const struct kb_claim *const *claims,
    size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		(void)json_array_append_new(a, json_cite_kb(kb, claims[i]));
	return a;
}

/*
 * Two claims state the same figure when value, range, unit and year agree
 * and they are about the same subject, or one's label names the other's
 * subject (a comparison table's "median salary (A)" is subject A's claim
 * "median salary").  Equal figures about different subjects
 * are both plotted: that is the comparison.
 */
static int
json_same_figure(const struct kb_figure *a, const struct kb_claim *ca,
    const struct kb_figure *b, const struct kb_claim *cb)
{
	if (a->value != b->value || a->max != b->max ||
	    a->is_range != b->is_range || a->year != b->year ||
	    strcmp(a->unit, b->unit) != 0)
		return 0;
	return ca->subject == cb->subject ||
	    strstr(a->label, cb->subject->name) != NULL ||
	    strstr(b->label, ca->subject->name) != NULL;
}

/* The unit most figures of the claims have (years aside), or NULL. */
static const char *
json_chart_unit(const struct kb_claim *const *claims, size_t n)
{
	const char *units[CHART_MAX_UNITS];
	size_t counts[CHART_MAX_UNITS], nunits = 0, i, j, u, best = 0;

	for (i = 0; i < n; i++)
		for (j = 0; j < claims[i]->nfigures; j++) {
			const struct kb_figure *f = &claims[i]->figures[j];

			if (strcmp(f->unit, "year") == 0)
				continue;
			for (u = 0; u < nunits; u++)
				if (strcmp(units[u], f->unit) == 0)
					break;
			if (u == nunits) {
				if (nunits == CHART_MAX_UNITS)
					continue;
				units[nunits] = f->unit;
				counts[nunits++] = 0;
			}
			counts[u]++;
		}
	for (i = 1; i < nunits; i++)
		if (counts[i] > counts[best])
			best = i;
	return nunits == 0 || counts[best] < 2 ? NULL : units[best];
}

/*
 * The points of an answer's chart: when its claims carry two or more
 * figures of one unit (salaries, ranks, shares), those of the unit with
 * the most of them, a figure cited by two claims once.  Their number
 * (figure k of claim claims[pc[k]]: pf[k]) and *unit; 0 when there is
 * nothing to compare (fewer than two).
 */
static size_t
json_chart_points(const struct kb_claim *const *claims, size_t n,
    size_t pc[CHART_MAX_POINTS], size_t pf[CHART_MAX_POINTS],
    const char **unit)
{
	size_t nplotted = 0, i, j, k;

	if ((*unit = json_chart_unit(claims, n)) == NULL)
		return 0;
	/* the points first: most answers have fewer than two, no chart */
	for (i = 0; i < n; i++)
		for (j = 0; j < claims[i]->nfigures; j++) {
			const struct kb_figure *f = &claims[i]->figures[j];

			if (strcmp(f->unit, *unit) != 0 ||
			    nplotted == CHART_MAX_POINTS)
				continue;
			/* the same figure cited by two claims is one point */
			for (k = 0; k < nplotted; k++)
				if (json_same_figure(
				    &claims[pc[k]]->figures[pf[k]],
				    claims[pc[k]], f, claims[i]))
					break;
			if (k < nplotted)
				continue;
			pc[nplotted] = i;
			pf[nplotted++] = j;
		}
	return nplotted < 2 ? 0 : nplotted;
}

/* A chart's point: figure f of claim c, with the claim's subject. */
static json_t *
json_chart_point(const struct kb_claim *c, const struct kb_figure *f)
{
	json_t *p = json_figure(f);

	(void)json_object_set_new_nocheck(p, "subject", jstr(c->subject->id));
	(void)json_object_set_new_nocheck(p, "subject_name",
	    jstr(c->subject->name));
	(void)json_object_set_new_nocheck(p, "claim", jstr(c->id));
	return p;
}

struct point_arg {
	const struct kb_claim	*c;
	size_t			 j;
};

static json_t *
make_point(const void *arg)
{
	const struct point_arg *pa = arg;

	return json_chart_point(pa->c, &pa->c->figures[pa->j]);
}

/*
 * Figure j of claim c as a chart point, shared (see render_cache) when
 * the claim is kb's and j is among its first CHART_CLAIM_FIGURES; a new
 * reference, or NULL when it could not be built.
 */
static json_t *
json_chart_point_kb(const struct kb *kb, const struct kb_claim *c, size_t j)
{
	struct render_cache *rc = render_cache_get(kb);
	struct point_arg pa = { c, j };

	return render_cache_ref(rc != NULL && c->index < rc->nclaims &&
	    &kb->claims[c->index] == c && j < CHART_CLAIM_FIGURES ?
	    &rc->points[c->index * CHART_CLAIM_FIGURES + j] : NULL,
	    make_point, &pa);
}

/*
 * Chart data for an answer (json_chart_points()): {"points": [...],
 * "unit": unit}.  NULL when there is nothing to compare.
 */
static json_t *
json_chart(const struct kb *kb, const struct kb_claim *const *claims,
    size_t n)
{
	size_t pc[CHART_MAX_POINTS], pf[CHART_MAX_POINTS];
	size_t nplotted, k;
	const char *unit;
	json_t *pts;

	if ((nplotted = json_chart_points(claims, n, pc, pf, &unit)) == 0)
		return NULL;
	pts = json_array();
	for (k = 0; k < nplotted; k++)
		(void)json_array_append_new(pts, json_chart_point_kb(kb,
		    claims[pc[k]], pf[k]));
	if (json_array_size(pts) < 2) {
		json_decref(pts);
		return NULL;
	}
	return json_pack("{s:s, s:o}", "unit", unit, "points", pts);
}

static json_t *
json_choices(const struct kb_question *qu)
{
	json_t *a = json_array();
	size_t c;

	for (c = 0; c < qu->nchoices; c++)
		(void)json_array_append_new(a, json_pack("{s:s, s:s, s:i}",
		    "id", qu->choices[c].id, "label", qu->choices[c].label,
		    "number", (int)c + 1));
	return a;
}

static json_t *
make_choices(const void *qu)
{
	return json_choices(qu);
}

/* A question's choices, shared (see render_cache). */
static json_t *
json_choices_kb(const struct kb *kb, const struct kb_question *qu)
{
	struct render_cache *rc = render_cache_get(kb);

	return render_cache_ref(rc != NULL && qu->index < rc->nquestions &&
	    &kb->dialogue.questions[qu->index] == qu ?
	    &rc->choices[qu->index] : NULL, make_choices, qu);
}

/* A rule's non-zero weights by outcome id; *heaviest gets the largest. */
static json_t *
json_weights(const struct kb_dialogue *dl, const struct kb_rule *ru,
    double *heaviest)
{
	json_t *w = json_object();
	double top = 0;
	size_t o;

	for (o = 0; o < dl->noutcomes; o++)
		if (ru->weights[o] != 0) {
			(void)json_object_set_new(w, dl->outcomes[o].id,
			    json_real(ru->weights[o]));
			if (fabs(ru->weights[o]) > fabs(top))
				top = ru->weights[o];
		}
	if (heaviest != NULL)
		*heaviest = top;
	return w;
}

struct weights_of {
	const struct kb_dialogue	*dl;
	const struct kb_rule		*ru;
};

static json_t *
make_weights(const void *arg)
{
	const struct weights_of *w = arg;

	return json_weights(w->dl, w->ru, NULL);
}

/*
 * Rule r's weights, shared (see render_cache: they are the knowledge
 * base's, and their reals were most of a recommendation's printf);
 * *heaviest (if not NULL) gets the largest, as json_weights() gives it.
 */
static json_t *
json_weights_kb(const struct kb *kb, int r, double *heaviest)
{
	const struct kb_dialogue *dl = &kb->dialogue;
	const struct kb_rule *ru = &dl->rules[r];
	struct render_cache *rc = render_cache_get(kb);
	struct weights_of w = { dl, ru };
	double top = 0;
	size_t o;

	if (heaviest != NULL) {
		for (o = 0; o < dl->noutcomes; o++)
			if (ru->weights[o] != 0 &&
			    fabs(ru->weights[o]) > fabs(top))
				top = ru->weights[o];
		*heaviest = top;
	}
	return render_cache_ref(rc != NULL && r >= 0 &&
	    (size_t)r < rc->nrules ? &rc->weights[r] : NULL, make_weights,
	    &w);
}

/* How the answer to question q of a basis was had (a reason's "how"). */
static const char *
reason_how(const struct dlg_basis *b, int q)
{
	return b->assumed[q] ? "assumed" : b->how[q] == DLG_DESCRIBED ?
	    "described" : "answered";
}

/* Does rule ru weigh on any outcome (is it a recommendation's reason)? */
static int
rule_weighs(const struct kb_dialogue *dl, const struct kb_rule *ru)
{
	size_t k;

	for (k = 0; k < dl->noutcomes; k++)
		if (ru->weights[k] != 0)
			return 1;
	return 0;
}

/* One rule that fired, as a reason: its answers and claims. */
static json_t *
json_reason(const struct kb *kb, const struct dlg_basis *b, int r)
{
	const struct kb_dialogue *dl = &kb->dialogue;
	const struct kb_rule *ru = &dl->rules[r];
	json_t *answers = json_array(), *weights, *a, *o;
	double weight;
	size_t t;
	int ok;

	weights = json_weights_kb(kb, r, &weight);
	for (t = 0; t < ru->when.nterms; t++) {
		int q = ru->when.terms[t].question;
		const struct kb_question *qu = &dl->questions[q];

		if (b->eff[q] < 0)
			continue;
		ok = 1;
		a = json_object();
		jset(a, "question", jstr(qu->id), &ok);
		jset(a, "choice", jstr(qu->choices[b->eff[q]].id), &ok);
		jset(a, "label", jstr(qu->choices[b->eff[q]].label), &ok);
		jset(a, "how", jstr(reason_how(b, q)), &ok);
		(void)json_array_append_new(answers, jdone(a, ok));
	}
	ok = 1;
	o = json_object();
	jset(o, "rule", jstr(ru->id), &ok);
	jset(o, "text", jstr(ru->reason), &ok);
	jset(o, "weight", json_real(weight), &ok);
	jset(o, "weights", weights, &ok);
	jset(o, "answers", answers, &ok);
	jset(o, "citations", json_cite_all(kb, ru->claims, ru->nclaims), &ok);
	return jdone(o, ok);
}

static json_t *
json_scores(const struct kb_dialogue *dl, const double *scores)
{
	json_t *s = json_object();
	size_t i;

	for (i = 0; i < dl->noutcomes; i++)
		(void)json_object_set_new(s, dl->outcomes[i].id,
		    json_real(scores[i]));
	return s;
}

static double
json_round2(double x)
{
	return round(x * 100) / 100;
}

/*
 * server-question.json: the question, its choices, progress, and
 * "resume"/"current" when it is asked again or changed.
 */
static void
json_question(const struct kb *kb, const struct dlg_ev_question *e,
    json_t *o)
{
	const struct kb_question *qu = &kb->dialogue.questions[e->question];
	json_t *p;
	int ok;

	(void)json_object_set_new_nocheck(o, "question", jstr(qu->id));
	(void)json_object_set_new_nocheck(o, "text", jstr(qu->text));
	(void)json_object_set_new_nocheck(o, "choices",
	    json_choices_kb(kb, qu));
	ok = 1;
	p = json_object();
	jset(p, "step", json_integer(e->step), &ok);
	jset(p, "of", json_integer(e->of), &ok);
	(void)json_object_set_new_nocheck(o, "progress", jdone(p, ok));
	if (e->resume)
		(void)json_object_set_new_nocheck(o, "resume", json_true());
	if (e->current >= 0)
		(void)json_object_set_new_nocheck(o, "current",
		    jstr(qu->choices[e->current].id));
	if (e->brief)
		(void)json_object_set_new_nocheck(o, "brief", json_true());
	/* asked to change an answer never given (nu47 F13) */
	if (e->unanswered)
		(void)json_object_set_new_nocheck(o, "unanswered",
		    json_true());
}

/*
 * The text of a covered answer a, into text (reset first): what narrows
 * or leads it (missing words, another subject, a short figure, the lead
 * row), then its claims.  Shared by json_answer() and answer_bytes(), so
 * that the tree and the bytes say the same.
 */
static void
answer_text(const struct kb *kb, const struct kb_answer *a,
    struct render_buf *text)
{
	char lead[256], list[RENDER_SOURCE_LIST_MAX];
	size_t i;

	render_buf_init(text);
	if (render_source_list(kb, a, list, sizeof(list)) != NULL)
		render_printf(text, "%s ", list);
	if (a->parts_over > 0)
		render_printf(text, "%s ", render_parts_over(a, lead,
		    sizeof(lead)));
	if (a->table_source)
		render_printf(text, "%s ", RENDER_TABLE_SOURCE);
	if (render_source_asked(a, lead, sizeof(lead)) != NULL)
		render_printf(text, "%s %s", lead, a->no_method ?
		    RENDER_NO_METHOD " " : "");
	if (a->nmissing > 0)
		render_printf(text, "%s ", render_missing(kb, a, lead,
		    sizeof(lead)));
	else if (a->other_subject >= 0)
		render_printf(text, "%s ", render_other(kb, a, lead,
		    sizeof(lead)));
	if (a->unranked)
		render_printf(text, "%s ", render_unranked(a, lead,
		    sizeof(lead)));
	if (render_said_subject(kb, a, lead, sizeof(lead)) != NULL)
		render_printf(text, "%s ", lead);
	if (a->lead_figure >= 0 && a->lead_row < 0)
		render_printf(text, "%s ", render_short(a, lead, sizeof(lead)));
	else if (a->no_figure && a->lead_row < 0 && a->nmissing == 0 &&
	    a->other_subject < 0)
		render_printf(text, "%s ", RENDER_NO_FIGURE);
	if (a->lead_row >= 0)
		render_printf(text, "%s ", render_lead(kb, a->lead_row, lead,
		    sizeof(lead)));
	for (i = 0; i < a->nclaims; i++)
		render_printf(text, "%s%s", i ? " " : "", a->claims[i]->text);
}

/*
 * server-answer.json: the claims' text, citations, a chart when figures
 * compare, and the typos corrected.
 */
static void
json_answer(const struct kb *kb, const struct kb_answer *a, json_t *o)
{
	struct render_buf text;
	char lead[256];
	json_t *chart, *fixes;
	size_t i;

	if (a->nclaims == 0) {
		(void)json_object_set_new_nocheck(o, "covered", json_false());
		(void)json_object_set_new_nocheck(o, "text",
		    jstr(kb->not_covered));
		(void)json_object_set_new_nocheck(o, "citations", json_array());
	} else {
		answer_text(kb, a, &text);
		(void)json_object_set_new_nocheck(o, "covered", json_true());
		(void)json_object_set_new_nocheck(o, "text", jstr(text.buf));
		(void)json_object_set_new_nocheck(o, "citations",
		    json_cite_all(kb, a->claims, a->nclaims));
		if ((chart = json_chart(kb, a->claims, a->nclaims)) != NULL)
			(void)json_object_set_new_nocheck(o, "chart", chart);
	}
	/* how the question was read (dialogue_ask.c), for "why this answer" */
	if (a->nclaims > 0 && a->follow_up)
		(void)json_object_set_new_nocheck(o, "follow_up", json_true());
	if (a->nclaims > 0 && a->lead_row >= 0) {
		int ok = 1;
		json_t *l = json_object();

		jset(l, "row", jstr(kb->rows[a->lead_row].id), &ok);
		jset(l, "verdict", jstr(kb->rows[a->lead_row].verdict), &ok);
		jset(l, "text", jstr(render_lead(kb, a->lead_row, lead,
		    sizeof(lead))), &ok);
		(void)json_object_set_new_nocheck(o, "lead", jdone(l, ok));
	}
	if (a->nclaims > 0 && a->nmissing > 0) {
		fixes = json_array();
		for (i = 0; i < a->nmissing; i++)
			(void)json_array_append_new(fixes,
			    jstr(a->missing[i]));
		(void)json_object_set_new_nocheck(o, "missing", fixes);
	}
	if (a->res.ncorrected > 0) {
		fixes = json_array();
		for (i = 0; i < a->res.ncorrected; i++)
			(void)json_array_append_new(fixes,
			    jstr(a->res.corrected[i]));
		(void)json_object_set_new_nocheck(o, "corrected", fixes);
	}
}

/*
 * server-recommendation.json: verdict, confidence, scores, the reasons
 * (rules with a non-zero weight), caveats and assumptions.
 */
static void
json_recommendation(const struct kb *kb,
    const struct dlg_ev_recommendation *r, json_t *o)
{
	const struct kb_dialogue *dl = &kb->dialogue;
	const struct kb_outcome *oc = &dl->outcomes[r->outcome];
	json_t *reasons = json_array(), *caveats = json_array();
	json_t *assumptions = json_array(), *m;
	size_t i, q;
	int ok;

	for (i = 0; i < r->basis.nfired; i++)
		if (rule_weighs(dl, &dl->rules[r->basis.fired[i]]))
			(void)json_array_append_new(reasons, json_reason(kb,
			    &r->basis, r->basis.fired[i]));
	for (i = 0; i < r->ncaveats; i++) {
		const struct kb_caveat *cv = &dl->caveats[r->caveats[i]];

		ok = 1;
		m = json_object();
		jset(m, "id", jstr(cv->id), &ok);
		jset(m, "text", jstr(cv->text), &ok);
		jset(m, "citations", json_cite_all(kb, cv->claims, cv->nclaims),
		    &ok);
		(void)json_array_append_new(caveats, jdone(m, ok));
	}
	for (q = 0; q < dl->nquestions; q++) {
		const struct kb_question *qu = &dl->questions[q];

		if (!r->basis.assumed[q])
			continue;
		ok = 1;
		m = json_object();
		jset(m, "question", jstr(qu->id), &ok);
		jset(m, "text", jstr(qu->text), &ok);
		jset(m, "choice", jstr(qu->choices[r->basis.eff[q]].id), &ok);
		jset(m, "label", jstr(qu->choices[r->basis.eff[q]].label), &ok);
		/* the message named its topic, no answer read (2) */
		if (r->basis.assumed[q] == 2)
			jset(m, "spoken", json_true(), &ok);
		(void)json_array_append_new(assumptions, jdone(m, ok));
	}
	(void)json_object_set_new_nocheck(o, "verdict", jstr(oc->id));
	(void)json_object_set_new_nocheck(o, "label", jstr(oc->label));
	if (oc->summary != NULL)
		(void)json_object_set_new_nocheck(o, "summary",
		    jstr(oc->summary));
	(void)json_object_set_new_nocheck(o, "confidence",
	    json_real(json_round2(r->confidence)));
	(void)json_object_set_new_nocheck(o, "confidence_label",
	    jstr(dialogue_confidence_label(r->confidence)));
	(void)json_object_set_new_nocheck(o, "scores", json_scores(dl,
	    r->basis.scores));
	(void)json_object_set_new_nocheck(o, "reasons", reasons);
	(void)json_object_set_new_nocheck(o, "caveats", caveats);
	(void)json_object_set_new_nocheck(o, "assumptions", assumptions);
	(void)json_object_set_new_nocheck(o, "quick", json_boolean(r->quick));
	(void)json_object_set_new_nocheck(o, "remaining",
	    json_integer(r->remaining));
	(void)json_object_set_new_nocheck(o, "could_flip",
	    json_integer(r->basis.flips));
	if (r->previous >= 0)
		(void)json_object_set_new_nocheck(o, "previous",
		    jstr(dl->outcomes[r->previous].id));
	if (r->unchanged)
		(void)json_object_set_new_nocheck(o, "unchanged", json_true());
}

/* One alternative of "what would change it": its steps and verdict. */
static json_t *
json_change(const struct kb_dialogue *dl, const struct dlg_change *ch)
{
	json_t *steps = json_array();
	int k;

	for (k = 0; k < 2; k++) {
		int q = k ? ch->question2 : ch->question;
		int c = k ? ch->choice2 : ch->choice;
		int from = k ? ch->from2 : ch->from;
		const struct kb_question *qu;

		if (q < 0)
			continue;
		qu = &dl->questions[q];
		(void)json_array_append_new(steps, json_pack("{s:s, s:s, s:s, "
		    "s:s?}", "question", qu->id, "choice", qu->choices[c].id,
		    "label", qu->choices[c].label, "from", from >= 0 ?
		    qu->choices[from].id : NULL));
	}
	return json_pack("{s:o, s:s, s:f}", "changes", steps, "verdict",
	    dl->outcomes[ch->outcome].id, "confidence",
	    json_round2(ch->confidence));
}

/*
 * A what_would_change asked about one outcome: "for" (its id) and
 * "case" (the reasons for it: a fired rule's or a caveat's id, text and
 * citations).
 */
static void
json_case(const struct kb *kb, const struct dlg_ev_explanation *x,
    json_t *o)
{
	const struct kb_dialogue *dl = &kb->dialogue;
	json_t *list = json_array(), *m;
	size_t i;
	int ok;

	for (i = 0; i < x->npros + x->ncases; i++) {
		const struct kb_rule *ru = i < x->npros ?
		    &dl->rules[x->pros[i]] : NULL;
		const struct kb_caveat *cv = ru == NULL ?
		    &dl->caveats[x->cases[i - x->npros]] : NULL;

		ok = 1;
		m = json_object();
		jset(m, "id", jstr(ru != NULL ? ru->id : cv->id), &ok);
		jset(m, "text", jstr(ru != NULL ? ru->reason : cv->text), &ok);
		jset(m, "citations", ru != NULL ? json_cite_all(kb, ru->claims,
		    ru->nclaims) : json_cite_all(kb, cv->claims, cv->nclaims),
		    &ok);
		(void)json_array_append_new(list, jdone(m, ok));
	}
	(void)json_object_set_new_nocheck(o, "for",
	    jstr(dl->outcomes[x->asked].id));
	(void)json_object_set_new_nocheck(o, "case", list);
}

/*
 * A what_if read as an added part of the work (x->part): "part", the
 * answer that part makes ({"question", "choice", "label"}) and the
 * reasons of the rules the asked answer feeds ("reasons": id, text,
 * citations).
 */
static void
json_part(const struct kb *kb, const struct dlg_ev_explanation *x,
    json_t *o)
{
	const struct kb_dialogue *dl = &kb->dialogue;
	const struct dlg_change *ch = &x->changes[0];
	json_t *list = json_array(), *m;
	size_t i;
	int ok;

	for (i = 0; i < x->npros; i++) {
		const struct kb_rule *ru = &dl->rules[x->pros[i]];

		ok = 1;
		m = json_object();
		jset(m, "id", jstr(ru->id), &ok);
		jset(m, "text", jstr(ru->reason), &ok);
		jset(m, "citations", json_cite_all(kb, ru->claims,
		    ru->nclaims), &ok);
		(void)json_array_append_new(list, jdone(m, ok));
	}
	ok = 1;
	m = json_object();
	jset(m, "question", jstr(dl->questions[ch->question].id), &ok);
	jset(m, "choice", jstr(dl->questions[ch->question].
	    choices[ch->choice].id), &ok);
	jset(m, "label", jstr(dl->questions[ch->question].
	    choices[ch->choice].label), &ok);
	jset(m, "reasons", list, &ok);
	(void)json_object_set_new_nocheck(o, "part", jdone(m, ok));
}

/* server-explanation.json, by topic; text is the plain text (what_if). */
static void
json_explanation(const struct kb *kb, const struct dlg_ev_explanation *x,
    json_t *o, const char *text)
{
	static const char *const topics[] = {
		[DLG_TOPIC_WHY_QUESTION] = "why_question",
		[DLG_TOPIC_WHY_VERDICT] = "why_verdict",
		[DLG_TOPIC_WHAT_WOULD_CHANGE] = "what_would_change",
		[DLG_TOPIC_WHAT_IF] = "what_if",
	};
	const struct kb_dialogue *dl = &kb->dialogue;
	const struct dlg_change *ch = &x->changes[0];
	json_t *list = json_array();
	size_t i;

	(void)json_object_set_new_nocheck(o, "topic", jstr(topics[x->topic]));
	switch (x->topic) {
	case DLG_TOPIC_WHY_QUESTION:
		for (i = 0; i < x->nrules; i++) {
			const struct kb_rule *ru = &dl->rules[x->rules[i]];

			(void)json_array_append_new(list, json_pack("{s:s, s:s, "
			    "s:o, s:o}", "rule", ru->id, "text", ru->reason,
			    "weights", json_weights_kb(kb, x->rules[i], NULL),
			    "citations",
			    json_cite_all(kb, ru->claims, ru->nclaims)));
		}
		(void)json_object_set_new_nocheck(o, "question",
		    jstr(dl->questions[x->question].id));
		(void)json_object_set_new_nocheck(o, "text",
		    jstr(dl->questions[x->question].why));
		(void)json_object_set_new_nocheck(o, "rules", list);
		break;
	case DLG_TOPIC_WHY_VERDICT:
		for (i = 0; i < x->basis.nfired; i++)
			(void)json_array_append_new(list, json_reason(kb,
			    &x->basis, x->basis.fired[i]));
		(void)json_object_set_new_nocheck(o, "verdict",
		    jstr(dl->outcomes[x->outcome].id));
		(void)json_object_set_new_nocheck(o, "contributions", list);
		(void)json_object_set_new_nocheck(o, "scores", json_scores(dl,
		    x->basis.scores));
		if (x->asked >= 0)
			json_case(kb, x, o);
		break;
	case DLG_TOPIC_WHAT_WOULD_CHANGE:
		for (i = 0; i < x->nchanges; i++)
			(void)json_array_append_new(list, json_change(dl,
			    &x->changes[i]));
		(void)json_object_set_new_nocheck(o, "verdict",
		    jstr(dl->outcomes[x->outcome].id));
		(void)json_object_set_new_nocheck(o, "alternatives", list);
		if (x->asked >= 0)
			json_case(kb, x, o);
		break;
	case DLG_TOPIC_WHAT_IF:
		json_decref(list);
		(void)json_object_set_new_nocheck(o, "question",
		    jstr(dl->questions[x->question].id));
		(void)json_object_set_new_nocheck(o, "choice",
		    jstr(dl->questions[x->question].choices[x->choice].
		    id));
		if (!ch->applies || ch->outcome < 0)
			(void)json_object_set_new_nocheck(o, "verdict",
			    json_null());
		else {
			(void)json_object_set_new_nocheck(o, "verdict",
			    jstr(dl->outcomes[ch->outcome].id));
			(void)json_object_set_new_nocheck(o, "confidence",
			    json_real(json_round2(ch->confidence)));
		}
		(void)json_object_set_new_nocheck(o, "differs", json_boolean(
		    x->outcome >= 0 && ch->outcome >= 0 &&
		    x->outcome != ch->outcome));
		if (x->part)
			json_part(kb, x, o);
		(void)json_object_set_new_nocheck(o, "text", jstr(text));
		break;
	}
}

/*
 * server-notice.json: the event, its text, and what an event carries
 * (the answers understood; the central question at welcome).
 */
static void
json_notice(const struct kb *kb, const struct dlg_ev_notice *no, json_t *o,
    const char *text)
{
	const struct kb_dialogue *dl = &kb->dialogue;
	json_t *list;
	size_t q;

	(void)json_object_set_new_nocheck(o, "event",
	    jstr(render_notice_name(no->notice)));
	if (no->notice == DLG_NOTICE_UNDERSTOOD) {
		list = json_array();
		for (q = 0; q < dl->nquestions; q++)
			if (no->found[q] >= 0)
				(void)json_array_append_new(list, json_pack(
				    "{s:s, s:s, s:s, s:s}", "question",
				    dl->questions[q].id, "text",
				    dl->questions[q].text, "choice",
				    dl->questions[q].choices[no->found[q]].id,
				    "label", dl->questions[q].choices[
				    no->found[q]].label));
		(void)json_object_set_new_nocheck(o, "understood", list);
		/* relayed from someone on the user's side (rl50) */
		if (no->source > 0 && (size_t)no->source <=
		    kb->phrases.nrelay_roles)
			(void)json_object_set_new_nocheck(o, "source",
			    jstr(kb->phrases.relay_roles[no->source - 1]));
	}
	(void)json_object_set_new_nocheck(o, "text", jstr(text));
	if (no->notice == DLG_NOTICE_WELCOME)
		(void)json_object_set_new_nocheck(o, "central_question",
		    jstr(dl->central_question));
	/* the bound a long message passed: the words that were read */
	if (no->notice == DLG_NOTICE_TRUNCATED)
		(void)json_object_set_new_nocheck(o, "words",
		    json_integer(no->words));
}

/* server-summary.json: answers so far, and the pending question. */
static void
json_summary(const struct kb *kb, const struct dlg_ev_summary *s, json_t *o)
{
	const struct kb_dialogue *dl = &kb->dialogue;
	json_t *list = json_array();
	size_t q;

	for (q = 0; q < dl->nquestions; q++) {
		const struct kb_question *qu = &dl->questions[q];
		int a = s->answer[q];

		if (!s->relevant[q] && a < 0)
			continue;
		(void)json_array_append_new(list, json_pack("{s:s, s:s, s:s?, "
		    "s:s?, s:s, s:b}", "question", qu->id, "text", qu->text,
		    "choice", a >= 0 ? qu->choices[a].id : NULL, "label",
		    a >= 0 ? qu->choices[a].label : NULL, "how",
		    render_how(s->how[q]), "relevant", s->relevant[q]));
	}
	(void)json_object_set_new_nocheck(o, "answers", list);
	if (s->pending >= 0)
		(void)json_object_set_new_nocheck(o, "pending",
		    jstr(dl->questions[s->pending].id));
}

/* server-help.json: the KB's help, whole and as command lines. */
static void
json_help(const struct kb *kb, json_t *o, const char *text)
{
	const struct kb_phrases *ph = &kb->phrases;
	json_t *list = json_array();
	size_t i;

	for (i = 0; i < ph->nhelp_lines; i++)
		(void)json_array_append_new(list, json_pack("{s:s, s:s}",
		    "command", ph->help_lines[i].command, "text",
		    ph->help_lines[i].text));
	(void)json_object_set_new_nocheck(o, "text", jstr(text));
	(void)json_object_set_new_nocheck(o, "commands", list);
}

/* server-table.json: the KB's comparison table, each row with its claim. */
static void
json_table(const struct kb *kb, json_t *o)
{
	json_t *cols = json_array(), *rows = json_array();
	size_t i, j;

	for (i = 0; i < kb->ncolumns; i++)
		(void)json_array_append_new(cols, json_pack("{s:s, s:s}", "id",
		    kb->columns[i]->id, "name", kb->columns[i]->name));
	for (i = 0; i < kb->nrows; i++) {
		const struct kb_table_row *r = &kb->rows[i];
		json_t *cells = json_object();

		for (j = 0; j < kb->ncolumns; j++)
			(void)json_object_set_new(cells, kb->columns[j]->id,
			    jstr(r->cells[j]));
		(void)json_array_append_new(rows, json_pack("{s:s, s:s, s:o, "
		    "s:s, s:o}", "id", r->id, "dimension", r->dimension,
		    "cells", cells, "verdict", r->verdict, "citation",
		    json_cite_kb(kb, r->claim)));
	}
	(void)json_object_set_new_nocheck(o, "columns", cols);
	(void)json_object_set_new_nocheck(o, "rows", rows);
}

/*
 * server-not_understood.json: the level (1 to 3), the two candidate
 * choices or the pending question's choices, and the text.
 */
static void
json_not_understood(const struct kb *kb,
    const struct dlg_ev_not_understood *nu, json_t *o, const char *text)
{
	const struct kb_question *qu;

	(void)json_object_set_new_nocheck(o, "level",
	    json_integer(nu->misses > 3 ? 3 :
	    nu->misses));
	if (nu->question >= 0) {
		qu = &kb->dialogue.questions[nu->question];
		if (nu->cand1 >= 0 && nu->cand2 >= 0)
			(void)json_object_set_new_nocheck(o, "candidates",
			    json_pack(
			    "[s, s]", qu->choices[nu->cand1].id,
			    qu->choices[nu->cand2].id));
		else {
			(void)json_object_set_new_nocheck(o, "question",
			    jstr(qu->id));
			(void)json_object_set_new_nocheck(o, "choices",
			    json_choices(qu));
		}
		if (nu->number >= 0)
			(void)json_object_set_new_nocheck(o, "number",
			    json_integer(nu->number));
	}
	(void)json_object_set_new_nocheck(o, "text", jstr(text));
}

const char *
render_type(enum dlg_ev_type t)
{
	static const char *const types[] = {
		[DLG_EV_QUESTION] = "question",
		[DLG_EV_ANSWER] = "answer",
		[DLG_EV_RECOMMENDATION] = "recommendation",
		[DLG_EV_EXPLANATION] = "explanation",
		[DLG_EV_NOTICE] = "notice",
		[DLG_EV_SUMMARY] = "summary",
		[DLG_EV_HELP] = "help",
		[DLG_EV_TABLE] = "table",
		[DLG_EV_NOT_UNDERSTOOD] = "not_understood",
		[DLG_EV_ERROR] = "error",
	};

	return (unsigned)t < sizeof(types) / sizeof(types[0]) ? types[t] :
	    "notice";
}

/*
 * Event ev of knowledge base kb as a server message: a new object with
 * its "type", members and "plain" (NULL when out of memory).  Engine
 * errors speak the protocol's error shape: a "code" and a "message" (and
 * "text", the same, as every engine message has).
 */
json_t *
render_json(const struct kb *kb, const struct dlg_event *ev)
{
	static struct render_buf b;	/* 16 KB; the daemon is one thread */
	const char *text;
	json_t *o;

	if ((o = json_object()) == NULL)
		return NULL;
	if (json_object_set_new_nocheck(o, "type",
	    json_string_nocheck(render_type(ev->type))) == -1) {
		json_decref(o);
		return NULL;
	}
	/* untrimmed: "text" keeps the newline that "plain" drops */
	text = render_plain(kb, ev, &b);
	switch (ev->type) {
	case DLG_EV_QUESTION:
		json_question(kb, &ev->u.question, o);
		break;
	case DLG_EV_ANSWER:
		json_answer(kb, &ev->u.answer, o);
		break;
	case DLG_EV_RECOMMENDATION:
		json_recommendation(kb, &ev->u.recommendation, o);
		break;
	case DLG_EV_EXPLANATION:
		json_explanation(kb, &ev->u.explanation, o, text);
		break;
	case DLG_EV_NOTICE:
		json_notice(kb, &ev->u.notice, o, text);
		break;
	case DLG_EV_SUMMARY:
		json_summary(kb, &ev->u.summary, o);
		break;
	case DLG_EV_HELP:
		json_help(kb, o, text);
		break;
	case DLG_EV_TABLE:
		json_table(kb, o);
		break;
	case DLG_EV_NOT_UNDERSTOOD:
		json_not_understood(kb, &ev->u.not_understood, o, text);
		break;
	case DLG_EV_ERROR:
		(void)json_object_set_new_nocheck(o, "code", jstr(
		    render_error_code(ev->u.error.error)));
		(void)json_object_set_new_nocheck(o, "text", jstr(text));
		(void)json_object_set_new_nocheck(o, "message", jstr(text));
		break;
	}
	(void)json_object_set_new_nocheck(o, "plain",
	    jstr(render_plain_trim(&b)));
	return o;
}

/*
 * A member's key (printable ASCII, no '"' or '\\': the literals below)
 * and colon, after a comma unless it is the first; one reservation, as
 * it comes some ten times a message.
 */
static inline void
put_key(struct strbuf *b, const char *key, int *first)
{
	size_t n = strlen(key);
	char *o;

	/* one reservation for the comma, the quotes and the colon */
	if (strbuf_reserve(b, n + 4) == -1)
		return;
	o = b->p + b->len;
	if (!*first)
		*o++ = ',';
	*first = 0;
	*o++ = '"';
	memcpy(o, key, n);
	o += n;
	*o++ = '"';
	*o++ = ':';
	*o = '\0';
	b->len = (size_t)(o - b->p);
}

static int
utf8(const char *s)
{
	return s != NULL && jsonenc_utf8(s, strlen(s));
}

/* s (len bytes, valid UTF-8) as a JSON string, malloc'd; NULL: no memory. */
static char *
render_quoted(const char *s, size_t len, size_t *lenp)
{
	struct strbuf b;

	strbuf_init(&b, len + 16);
	jsonenc_put_string(&b, s, len);
	return strbuf_finish(&b, lenp);
}

#define QUESTION_STEP0	"(step 0 of about 0) "

/*
 * Question q's static parts (struct render_question), built on first
 * use from what render_plain() writes of it at step 0 of 0; NULL when
 * there is no cache or the question is not to be taken from it.
 */
static const struct render_question *
question_static(const struct kb *kb, int q)
{
	static struct render_buf b;
	struct render_cache *rc = render_cache_get(kb);
	const struct kb_question *qu;
	struct render_question *rq;
	struct dlg_event ev;
	size_t pre = sizeof(QUESTION_STEP0) - 1, len;
	char *esc;

	if (rc == NULL || q < 0 || (size_t)q >= rc->nquestions)
		return NULL;
	rq = &rc->questions[q];
	if (rq->made != 0)
		return rq->made == 1 ? rq : NULL;
	rq->made = -1;
	qu = &kb->dialogue.questions[q];
	memset(&ev, 0, sizeof(ev));
	ev.type = DLG_EV_QUESTION;
	ev.u.question.question = q;
	ev.u.question.current = -1;
	(void)render_plain(kb, &ev, &b);
	if (b.full || b.len < pre || memcmp(b.buf, QUESTION_STEP0, pre) != 0)
		return NULL;
	rq->untrimmed = b.len - pre;
	(void)render_plain_trim(&b);
	if (!utf8(b.buf + pre) || !utf8(qu->id) || !utf8(qu->text))
		return NULL;
	rq->tail_len = b.len - pre;
	if ((rq->tail = strndup(b.buf + pre, rq->tail_len)) == NULL ||
	    (esc = render_quoted(rq->tail, rq->tail_len, &len)) == NULL)
		return NULL;
	/* without its quotes */
	memmove(esc, esc + 1, len - 2);
	esc[len - 2] = '\0';
	rq->esc = esc;
	rq->esc_len = len - 2;
	if ((rq->id = render_quoted(qu->id, strlen(qu->id), &rq->id_len)) ==
	    NULL || (rq->text = render_quoted(qu->text, strlen(qu->text),
	    &rq->text_len)) == NULL ||
	    (rq->jid = json_string_nocheck(qu->id)) == NULL ||
	    (rq->jtext = json_string_nocheck(qu->text)) == NULL)
		return NULL;
	rq->made = 1;
	return rq;
}

/* v in decimal at p, as printf("%d") writes it; its length. */
static size_t
put_int(char *p, int v)
{
	char t[16];
	long long x = v;
	size_t n = 0, k = 0;

	if (x < 0) {
		p[k++] = '-';
		x = -x;
	}
	do
		t[n++] = (char)('0' + x % 10);
	while ((x /= 10) > 0);
	while (n > 0)
		p[k++] = t[--n];
	return k;
}

/*
 * A question event as its message's canonical bytes, appended to out,
 * with env's members: what jsonenc() writes of render_json()'s object
 * once the daemon has added the envelope (conv_emit_rec()), member by
 * member in sorted order and without building the object.  The parts
 * that depend on the question alone come from question_static(); the
 * "plain" is rendered here only when they cannot.  0 when written (md
 * then holds what the Markdown reads, its choices a new reference); -1
 * when this message must go through the tree (an id or a text that
 * jansson would refuse, so a member would be missing; no memory), with
 * part of it written: render_json_bytes() cuts out back.
 */
static int
question_bytes(const struct kb *kb, const struct dlg_event *ev,
    const struct render_env *env, struct strbuf *out,
    struct tr_md_parts *md)
{
	static struct render_buf b;	/* as render_json()'s */
	static const char back[] = "Back to the walk: ";
	const struct dlg_ev_question *e = &ev->u.question;
	const struct kb_question *qu = &kb->dialogue.questions[e->question];
	const struct render_question *rq = question_static(kb, e->question);
	const char *plain, *current = NULL;
	char pre[96];
	size_t plen = 0, plain_len;
	json_t *choices;
	int first = 1;

	/* a question asked again to change its answer names that answer,
	 * a brief one has no choices: plain_question()'s lines, not the
	 * cached ones; so has one asked to change an answer never given
	 * (its line saying so) */
	if (e->current >= 0 || e->brief || e->unanswered)
		rq = NULL;
	if (rq != NULL) {
		/* "%s(step %d of about %d) " as plain_question() has it */
		if (e->resume) {
			memcpy(pre, back, sizeof(back) - 1);
			plen = sizeof(back) - 1;
		}
		memcpy(pre + plen, "(step ", 6);
		plen += 6;
		plen += put_int(pre + plen, e->step);
		memcpy(pre + plen, " of about ", 10);
		plen += 10;
		plen += put_int(pre + plen, e->of);
		memcpy(pre + plen, ") ", 2);
		plen += 2;
		/* with the prefix, render_plain() would have cut it short */
		if (plen + rq->untrimmed + 1 >= RENDER_PLAIN_MAX)
			rq = NULL;
	}
	if (rq != NULL) {
		memcpy(b.buf, pre, plen);
		memcpy(b.buf + plen, rq->tail, rq->tail_len + 1);
		b.len = plain_len = plen + rq->tail_len;
		plain = b.buf;
	} else {
		(void)render_plain(kb, ev, &b);
		plain = render_plain_trim(&b);
		plain_len = strlen(plain);
		if (!utf8(qu->id) || !utf8(qu->text) || !utf8(plain))
			return -1;
	}
	if (e->current >= 0)
		current = qu->choices[e->current].id;
	if (current != NULL && !utf8(current))
		return -1;
	if ((choices = json_choices_kb(kb, qu)) == NULL)
		return -1;
	strbuf_putc(out, '{');
	if (e->brief) {
		put_key(out, "brief", &first);
		strbuf_append(out, "true", 4);
	}
	put_key(out, "choices", &first);
	if (jsonenc_append(out, choices) == -1) {
		json_decref(choices);
		return -1;	/* render_json_bytes() puts out back */
	}
	put_key(out, "conversation", &first);
	jsonenc_put_string(out, env->conversation, strlen(env->conversation));
	if (current != NULL) {
		put_key(out, "current", &first);
		jsonenc_put_string(out, current, strlen(current));
	}
	if (env->done) {
		put_key(out, "done", &first);
		strbuf_append(out, "true", 4);
	}
	put_key(out, "plain", &first);
	if (rq != NULL) {
		/* the prefix is printable ASCII without '"' or '\\' */
		strbuf_putc(out, '"');
		strbuf_append(out, pre, plen);
		strbuf_append(out, rq->esc, rq->esc_len);
		strbuf_putc(out, '"');
	} else
		jsonenc_put_string(out, plain, plain_len);
	put_key(out, "progress", &first);
	strbuf_append(out, "{\"of\":", 6);
	jsonenc_put_integer(out, e->of);
	strbuf_append(out, ",\"step\":", 8);
	jsonenc_put_integer(out, e->step);
	strbuf_putc(out, '}');
	put_key(out, "question", &first);
	if (rq != NULL)
		strbuf_append(out, rq->id, rq->id_len);
	else
		jsonenc_put_string(out, qu->id, strlen(qu->id));
	if (env->re != NULL) {
		put_key(out, "re", &first);
		jsonenc_put_string(out, env->re, strlen(env->re));
	}
	if (e->resume) {
		put_key(out, "resume", &first);
		strbuf_append(out, "true", 4);
	}
	put_key(out, "seq", &first);
	jsonenc_put_integer(out, env->seq);
	put_key(out, "text", &first);
	if (rq != NULL)
		strbuf_append(out, rq->text, rq->text_len);
	else
		jsonenc_put_string(out, qu->text, strlen(qu->text));
	put_key(out, "type", &first);
	strbuf_append(out, "\"question\"", 10);
	if (e->unanswered) {
		put_key(out, "unanswered", &first);
		strbuf_append(out, "true", 4);
	}
	strbuf_putc(out, '}');
	if (out->p == NULL) {
		json_decref(choices);
		return -1;
	}
	memset(md, 0, sizeof(*md));
	md->type = "question";
	md->seq = env->seq;
	md->plain = plain;
	md->plain_len = plain_len;
	md->question = qu->id;
	md->text = qu->text;
	md->choices = choices;
	if (rq != NULL) {
		md->jquestion = rq->jid;
		md->jtext = rq->jtext;
	}
	return 0;
}

/* A string member (s valid UTF-8, checked before). */
static void
put_str(struct strbuf *b, const char *key, const char *s, int *first)
{
	put_key(b, key, first);
	jsonenc_put_string(b, s, strlen(s));
}

/* A frozen (or any) value's bytes; -1 when it cannot be written. */
static int
put_json(struct strbuf *b, const char *key, json_t *v, int *first)
{
	put_key(b, key, first);
	return jsonenc_append(b, v);
}

/* Claims' citations as json_cite_all() gives them; -1: use the tree. */
static int
put_cites(struct strbuf *b, const struct kb *kb,
    const struct kb_claim *const *claims, size_t n, int *first)
{
	size_t i;
	json_t *c;
	int rc = 0;

	put_key(b, "citations", first);
	strbuf_putc(b, '[');
	for (i = 0; i < n && rc == 0; i++) {
		if ((c = json_cite_kb(kb, claims[i])) == NULL)
			return -1;
		if (i > 0)
			strbuf_putc(b, ',');
		rc = jsonenc_append(b, c);
		json_decref(c);
	}
	strbuf_putc(b, ']');
	return rc;
}

static const struct render_piece *piece_static(struct render_cache *,
		    const struct kb *, int, size_t);

/* Are all the ids, labels and texts a recommendation writes UTF-8? */
static int
recommendation_utf8(struct render_cache *rc, const struct kb *kb,
    const struct dlg_ev_recommendation *r)
{
	const struct kb_dialogue *dl = &kb->dialogue;
	const struct kb_outcome *oc = &dl->outcomes[r->outcome];
	size_t i, k, t;

	if (!utf8(oc->id) || !utf8(oc->label) || (oc->summary != NULL &&
	    !utf8(oc->summary)) || !isfinite(r->confidence) ||
	    (r->previous >= 0 && !utf8(dl->outcomes[r->previous].id)))
		return 0;
	for (i = 0; i < dl->noutcomes; i++) {
		if (!utf8(dl->outcomes[i].id) || !isfinite(r->basis.scores[i]))
			return 0;
		for (k = 0; k < i; k++)	/* a repeated key: the tree's way */
			if (strcmp(dl->outcomes[i].id, dl->outcomes[k].id) == 0)
				return 0;
	}
	for (i = 0; i < r->basis.nfired; i++) {
		const struct kb_rule *ru = &dl->rules[r->basis.fired[i]];

		/* a cached piece's strings were checked as it was made */
		if (piece_static(rc, kb, 0, (size_t)r->basis.fired[i]) == NULL &&
		    (!utf8(ru->id) || !utf8(ru->reason)))
			return 0;
		for (t = 0; t < ru->when.nterms; t++) {
			int q = ru->when.terms[t].question;
			const struct kb_question *qu = &dl->questions[q];

			if (r->basis.eff[q] >= 0 && (!utf8(qu->id) ||
			    !utf8(qu->choices[r->basis.eff[q]].id) ||
			    !utf8(qu->choices[r->basis.eff[q]].label)))
				return 0;
		}
	}
	for (i = 0; i < r->ncaveats; i++) {
		const struct kb_caveat *cv = &dl->caveats[r->caveats[i]];

		if (piece_static(rc, kb, 1, (size_t)r->caveats[i]) == NULL &&
		    (!utf8(cv->id) || !utf8(cv->text)))
			return 0;
	}
	for (i = 0; i < dl->nquestions; i++) {
		const struct kb_question *qu = &dl->questions[i];

		if (r->basis.assumed[i] && (!utf8(qu->id) || !utf8(qu->text) ||
		    !utf8(qu->choices[r->basis.eff[i]].id) ||
		    !utf8(qu->choices[r->basis.eff[i]].label)))
			return 0;
	}
	return 1;
}

/*
 * What json_reason()'s object of rule r writes after its "answers": its
 * citations, id, text, weight and weights, and the closing brace; -1
 * when it cannot be written (a weight that is not finite, a citation
 * not built), part of it written.  The strings are UTF-8 (checked).
 */
static int
reason_tail(struct strbuf *b, const struct kb *kb, int r)
{
	const struct kb_rule *ru = &kb->dialogue.rules[r];
	json_t *weights;
	double weight;
	int first = 0, rc;

	if ((weights = json_weights_kb(kb, r, &weight)) == NULL)
		return -1;
	if (!isfinite(weight)) {	/* json_real() refuses it */
		json_decref(weights);
		return -1;
	}
	if (put_cites(b, kb, ru->claims, ru->nclaims, &first) == -1) {
		json_decref(weights);
		return -1;
	}
	put_str(b, "rule", ru->id, &first);
	put_str(b, "text", ru->reason, &first);
	put_key(b, "weight", &first);
	rc = jsonenc_put_real(b, weight);
	if (rc == 0)
		rc = put_json(b, "weights", weights, &first);
	strbuf_putc(b, '}');
	json_decref(weights);
	return rc;
}

/* Caveat i's object in a recommendation's "caveats"; -1 as reason_tail(). */
static int
caveat_put(struct strbuf *b, const struct kb *kb, size_t i)
{
	const struct kb_caveat *cv = &kb->dialogue.caveats[i];
	int f = 1;

	strbuf_putc(b, '{');
	if (put_cites(b, kb, cv->claims, cv->nclaims, &f) == -1)
		return -1;
	put_str(b, "id", cv->id, &f);
	put_str(b, "text", cv->text, &f);
	strbuf_putc(b, '}');
	return 0;
}

/*
 * Rule r's reason_tail() (caveat 0) or caveat r's caveat_put() (caveat 1)
 * from the cache rc (render_cache_get(kb), looked up once a message by
 * the caller: its hash compare cost more than the copy of a short
 * piece), made on first use; NULL when there is no cache or the
 * piece is not to be taken from it (its strings not UTF-8, ...): the
 * caller writes it, or goes through the tree, as before the cache.
 */
static const struct render_piece *
piece_static(struct render_cache *rc, const struct kb *kb, int caveat,
    size_t r)
{
	const struct kb_dialogue *dl = &kb->dialogue;
	struct render_piece *pc;
	struct strbuf b;
	int w;

	if (rc == NULL || r >= (caveat ? rc->ncaveats : rc->nrules))
		return NULL;
	pc = caveat ? &rc->caveats[r] : &rc->rules[r];
	if (pc->made != 0)
		return pc->made == 1 ? pc : NULL;
	pc->made = -1;
	if (caveat ? !utf8(dl->caveats[r].id) || !utf8(dl->caveats[r].text) :
	    !utf8(dl->rules[r].id) || !utf8(dl->rules[r].reason))
		return NULL;
	strbuf_init(&b, 256);
	w = caveat ? caveat_put(&b, kb, r) : reason_tail(&b, kb, (int)r);
	if (w == -1 || b.p == NULL) {
		free(strbuf_finish(&b, NULL));
		return NULL;
	}
	pc->s = strbuf_finish(&b, &pc->len);
	if (pc->s == NULL)
		return NULL;
	pc->made = 1;
	return pc;
}

/* json_reason()'s object, written. */
static int
reason_bytes(struct strbuf *b, struct render_cache *rc, const struct kb *kb,
    const struct dlg_basis *bs, int r)
{
	const struct kb_dialogue *dl = &kb->dialogue;
	const struct kb_rule *ru = &dl->rules[r];
	const struct render_piece *pc = piece_static(rc, kb, 0, (size_t)r);
	size_t t;
	int first = 1, n = 0;

	strbuf_putc(b, '{');
	put_key(b, "answers", &first);
	strbuf_putc(b, '[');
	for (t = 0; t < ru->when.nterms; t++) {
		int q = ru->when.terms[t].question, f = 1;
		const struct kb_question *qu = &dl->questions[q];

		if (bs->eff[q] < 0)
			continue;
		if (n++ > 0)
			strbuf_putc(b, ',');
		strbuf_putc(b, '{');
		put_str(b, "choice", qu->choices[bs->eff[q]].id, &f);
		put_str(b, "how", reason_how(bs, q), &f);
		put_str(b, "label", qu->choices[bs->eff[q]].label, &f);
		put_str(b, "question", qu->id, &f);
		strbuf_putc(b, '}');
	}
	strbuf_putc(b, ']');
	if (pc != NULL) {
		strbuf_append(b, pc->s, pc->len);
		return 0;
	}
	return reason_tail(b, kb, r);
}

/*
 * A recommendation event as its message's bytes (see question_bytes()):
 * json_recommendation()'s members and the envelope, in sorted order.
 */
static int
recommendation_bytes(const struct kb *kb, const struct dlg_event *ev,
    const struct render_env *env, struct strbuf *out,
    struct tr_md_parts *md)
{
	static struct render_buf b;	/* as render_json()'s */
	const struct dlg_ev_recommendation *r = &ev->u.recommendation;
	const struct kb_dialogue *dl = &kb->dialogue;
	const struct kb_outcome *oc = &dl->outcomes[r->outcome];
	struct render_cache *rc = render_cache_get(kb);
	const char *plain;
	size_t i, k, q, order[KB_MAX_OUTCOMES];
	int first = 1, n;

	if (dl->noutcomes > NELEM(order) ||
	    !recommendation_utf8(rc, kb, r))
		return -1;
	(void)render_plain(kb, ev, &b);
	plain = render_plain_trim(&b);
	if (!utf8(plain))
		return -1;
	strbuf_putc(out, '{');
	put_key(out, "assumptions", &first);
	strbuf_putc(out, '[');
	for (q = 0, n = 0; q < dl->nquestions; q++) {
		const struct kb_question *qu = &dl->questions[q];
		int f = 1;

		if (!r->basis.assumed[q])
			continue;
		if (n++ > 0)
			strbuf_putc(out, ',');
		strbuf_putc(out, '{');
		put_str(out, "choice", qu->choices[r->basis.eff[q]].id, &f);
		put_str(out, "label", qu->choices[r->basis.eff[q]].label, &f);
		put_str(out, "question", qu->id, &f);
		if (r->basis.assumed[q] == 2) {
			put_key(out, "spoken", &f);
			strbuf_append(out, "true", 4);
		}
		put_str(out, "text", qu->text, &f);
		strbuf_putc(out, '}');
	}
	strbuf_putc(out, ']');
	put_key(out, "caveats", &first);
	strbuf_putc(out, '[');
	for (i = 0; i < r->ncaveats; i++) {
		const struct render_piece *pc =
		    piece_static(rc, kb, 1, (size_t)r->caveats[i]);

		if (i > 0)
			strbuf_putc(out, ',');
		if (pc != NULL)
			strbuf_append(out, pc->s, pc->len);
		else if (caveat_put(out, kb, (size_t)r->caveats[i]) == -1)
			return -1;
	}
	strbuf_putc(out, ']');
	put_key(out, "confidence", &first);
	if (jsonenc_put_real(out, json_round2(r->confidence)) == -1)
		return -1;
	put_str(out, "confidence_label",
	    dialogue_confidence_label(r->confidence), &first);
	put_str(out, "conversation", env->conversation, &first);
	put_key(out, "could_flip", &first);
	jsonenc_put_integer(out, r->basis.flips);
	if (env->done) {
		put_key(out, "done", &first);
		strbuf_append(out, "true", 4);
	}
	put_str(out, "label", oc->label, &first);
	put_str(out, "plain", plain, &first);
	if (r->previous >= 0)
		put_str(out, "previous", dl->outcomes[r->previous].id, &first);
	put_key(out, "quick", &first);
	if (r->quick)
		strbuf_append(out, "true", 4);
	else
		strbuf_append(out, "false", 5);
	if (env->re != NULL)
		put_str(out, "re", env->re, &first);
	put_key(out, "reasons", &first);
	strbuf_putc(out, '[');
	for (i = 0, n = 0; i < r->basis.nfired; i++) {
		if (!rule_weighs(dl, &dl->rules[r->basis.fired[i]]))
			continue;
		if (n++ > 0)
			strbuf_putc(out, ',');
		if (reason_bytes(out, rc, kb, &r->basis, r->basis.fired[i]) == -1)
			return -1;
	}
	strbuf_putc(out, ']');
	put_key(out, "remaining", &first);
	jsonenc_put_integer(out, r->remaining);
	/* scores: the outcomes' ids sorted as jsonenc sorts keys */
	for (i = 0; i < dl->noutcomes; i++) {
		for (k = i; k > 0 && strcmp(dl->outcomes[order[k - 1]].id,
		    dl->outcomes[i].id) > 0; k--)
			order[k] = order[k - 1];
		order[k] = i;
	}
	put_key(out, "scores", &first);
	strbuf_putc(out, '{');
	for (i = 0; i < dl->noutcomes; i++) {
		const char *id = dl->outcomes[order[i]].id;

		if (i > 0)
			strbuf_putc(out, ',');
		jsonenc_put_string(out, id, strlen(id));
		strbuf_putc(out, ':');
		if (jsonenc_put_real(out, r->basis.scores[order[i]]) == -1)
			return -1;
	}
	strbuf_putc(out, '}');
	put_key(out, "seq", &first);
	jsonenc_put_integer(out, env->seq);
	if (oc->summary != NULL)
		put_str(out, "summary", oc->summary, &first);
	put_str(out, "type", "recommendation", &first);
	if (r->unchanged) {
		put_key(out, "unchanged", &first);
		strbuf_append(out, "true", 4);
	}
	put_str(out, "verdict", oc->id, &first);
	strbuf_putc(out, '}');
	if (out->p == NULL)
		return -1;
	memset(md, 0, sizeof(*md));
	md->type = "recommendation";
	md->seq = env->seq;
	md->plain = plain;
	md->plain_len = strlen(plain);
	return 0;
}

/* An array of strings (each checked UTF-8 before). */
static void
put_strings(struct strbuf *b, const char *key, const char *const *v,
    size_t n, int *first)
{
	size_t i;

	put_key(b, key, first);
	strbuf_putc(b, '[');
	for (i = 0; i < n; i++) {
		if (i > 0)
			strbuf_putc(b, ',');
		jsonenc_put_string(b, v[i], strlen(v[i]));
	}
	strbuf_putc(b, ']');
}

/*
 * An answer's "chart" member as json_chart() makes it, its points the
 * shared ones (json_chart_point_kb()) written as they were encoded: 0
 * when written or when there is none, -1 when the tree must be used (a
 * point that could not be built, a unit that is not UTF-8).
 */
static int
put_chart(struct strbuf *b, const struct kb *kb,
    const struct kb_claim *const *claims, size_t n, int *first)
{
	size_t pc[CHART_MAX_POINTS], pf[CHART_MAX_POINTS];
	size_t nplotted, k;
	const char *unit;
	json_t *p;
	int rc = 0;

	if ((nplotted = json_chart_points(claims, n, pc, pf, &unit)) == 0)
		return 0;
	if (!utf8(unit))
		return -1;
	put_key(b, "chart", first);
	strbuf_append(b, "{\"points\":[", 11);
	for (k = 0; k < nplotted && rc == 0; k++) {
		if ((p = json_chart_point_kb(kb, claims[pc[k]], pf[k])) ==
		    NULL)
			return -1;
		if (k > 0)
			strbuf_putc(b, ',');
		rc = jsonenc_append(b, p);
		json_decref(p);
	}
	strbuf_append(b, "],\"unit\":", 9);
	jsonenc_put_string(b, unit, strlen(unit));
	strbuf_putc(b, '}');
	return rc;
}

/* s escaped as in a JSON string, without its quotes, malloc'd; or NULL. */
static char *
render_escaped(const char *s, size_t len, size_t *lenp)
{
	char *q;

	if ((q = render_quoted(s, len, lenp)) == NULL)
		return NULL;
	memmove(q, q + 1, *lenp - 2);
	*lenp -= 2;
	q[*lenp] = '\0';
	return q;
}

/*
 * Claim c's static parts (struct render_claim), built on first use; NULL
 * when there is no cache or the claim is not to be taken from it.
 */
static const struct render_claim *
claim_static(const struct kb *kb, const struct kb_claim *c)
{
	struct render_cache *rc = render_cache_get(kb);
	struct render_claim *r;
	struct strbuf b;
	char *raw;
	size_t len;

	if (rc == NULL || c->index >= rc->nclaims ||
	    &kb->claims[c->index] != c)
		return NULL;
	r = &rc->claims[c->index];
	if (r->made != 0)
		return r->made == 1 ? r : NULL;
	r->made = -1;
	if (!utf8(c->text) || !utf8(c->source->name))
		return NULL;
	r->raw_text = strlen(c->text);
	r->raw_source = strlen(c->source->name);
	/* "%s [%s]" as plain_answer() writes a claim */
	strbuf_init(&b, r->raw_text + r->raw_source + 4);
	strbuf_append(&b, c->text, r->raw_text);
	strbuf_append(&b, " [", 2);
	strbuf_append(&b, c->source->name, r->raw_source);
	strbuf_putc(&b, ']');
	if ((raw = strbuf_finish(&b, &len)) == NULL)
		return NULL;
	r->plain = render_escaped(raw, len, &r->plain_len);
	free(raw);
	if (r->plain == NULL || (r->text = render_escaped(c->text,
	    r->raw_text, &r->text_len)) == NULL)
		return NULL;
	r->made = 1;
	return r;
}

/*
 * Claim c's source line with its figures as render_plain_source() writes
 * it into an empty text (NUL-terminated, its length in *lenp), made on
 * first use and kept with kb's cache: the plain text of every
 * recommendation and "why" shows a few, and their figures' formatting
 * (printf of reals) cost more than the rest of that text.  NULL when
 * there is no cache or the line would not fit a text whole: then the
 * caller renders it.
 */
const char *
render_json_source_line(const struct kb *kb, const struct kb_claim *c,
    size_t *lenp)
{
	struct render_cache *rc = render_cache_get(kb);
	struct render_claim *r;
	struct render_buf *b;

	if (rc == NULL || c->index >= rc->nclaims ||
	    &kb->claims[c->index] != c)
		return NULL;
	r = &rc->claims[c->index];
	if (r->source_made == 0) {
		r->source_made = -1;
		/* once per claim: a text's 16 KB off the loop's stack */
		if ((b = malloc(sizeof(*b))) == NULL)
			return NULL;
		render_buf_init(b);
		render_plain_source(c, b);
		if (!b->full && (r->source = strndup(b->buf, b->len)) != NULL) {
			r->source_len = b->len;
			r->source_made = 1;
		}
		free(b);
	}
	if (r->source_made != 1)
		return NULL;
	*lenp = r->source_len;
	return r->source;
}

/* s (len bytes), escaped, opening a JSON string left open for more. */
static void
put_open_string(struct strbuf *b, const char *s, size_t len)
{
	jsonenc_put_string(b, s, len);
	if (b->p != NULL)
		b->p[--b->len] = '\0';	/* its closing quote */
}

/*
 * An answer's (claims > 0) "plain" and "text" as render_plain() and
 * answer_text() make them, from the claims' static parts: the raw texts
 * into plain and text (for the Markdown), the claims' parts kept in rc
 * for answer_put_texts(); the lengths of the lead lines that come before
 * the claims in *lp and *lt.  -1 when the static parts cannot be used (a
 * claim without them, a lead that is not UTF-8, a text so long that the
 * renderings would cut it): then they are rendered as usual.
 */
static int
answer_texts(const struct kb *kb, const struct kb_answer *a,
    const char *lead_text, struct render_buf *plain, struct render_buf *text,
    const struct render_claim **rc, size_t *lp, size_t *lt)
{
	char buf[6][256], list[RENDER_SOURCE_LIST_MAX];
	const char *leads[10];
	size_t nleads = 0, i, n, pl = 0, tl = 0;

	/* the lead lines, as answer_text() and plain_answer() choose them */
	if (render_source_list(kb, a, list, sizeof(list)) != NULL)
		leads[nleads++] = list;
	if (a->parts_over > 0)
		leads[nleads++] = render_parts_over(a, buf[2], sizeof(buf[2]));
	if (a->table_source)
		leads[nleads++] = RENDER_TABLE_SOURCE;
	if (render_source_asked(a, buf[3], sizeof(buf[3])) != NULL)
		leads[nleads++] = buf[3];
	if (a->no_method && a->source_asked)
		leads[nleads++] = RENDER_NO_METHOD;
	if (a->nmissing > 0)
		leads[nleads++] = render_missing(kb, a, buf[0], sizeof(buf[0]));
	else if (a->other_subject >= 0)
		leads[nleads++] = render_other(kb, a, buf[0], sizeof(buf[0]));
	if (a->unranked)
		leads[nleads++] = render_unranked(a, buf[5], sizeof(buf[5]));
	if (render_said_subject(kb, a, buf[4], sizeof(buf[4])) != NULL)
		leads[nleads++] = buf[4];
	if (a->lead_figure >= 0 && a->lead_row < 0)
		leads[nleads++] = render_short(a, buf[1], sizeof(buf[1]));
	else if (a->no_figure && a->lead_row < 0 && a->nmissing == 0 &&
	    a->other_subject < 0)
		leads[nleads++] = RENDER_NO_FIGURE;
	if (a->lead_row >= 0)
		leads[nleads++] = lead_text;
	for (i = 0; i < nleads; i++) {
		if (leads[i] == NULL || !utf8(leads[i]))
			return -1;
		n = strlen(leads[i]);
		if (pl + n + 1 >= RENDER_PLAIN_MAX - 1)
			return -1;
		memcpy(plain->buf + pl, leads[i], n);
		plain->buf[pl + n] = '\n';
		memcpy(text->buf + tl, leads[i], n);
		text->buf[tl + n] = ' ';
		pl += n + 1;
		tl += n + 1;
	}
	*lp = pl;
	*lt = tl;
	for (i = 0; i < a->nclaims; i++) {
		const struct kb_claim *c = a->claims[i];

		if ((rc[i] = claim_static(kb, c)) == NULL ||
		    pl + rc[i]->raw_text + rc[i]->raw_source + 4 >=
		    RENDER_PLAIN_MAX - 1 ||
		    tl + rc[i]->raw_text + 1 >= RENDER_PLAIN_MAX - 1)
			return -1;
		/* "%s [%s]\n" */
		memcpy(plain->buf + pl, c->text, rc[i]->raw_text);
		pl += rc[i]->raw_text;
		memcpy(plain->buf + pl, " [", 2);
		pl += 2;
		memcpy(plain->buf + pl, c->source->name, rc[i]->raw_source);
		pl += rc[i]->raw_source;
		memcpy(plain->buf + pl, "]\n", 2);
		pl += 2;
		/* "%s%s", i ? " " : "" */
		if (i > 0)
			text->buf[tl++] = ' ';
		memcpy(text->buf + tl, c->text, rc[i]->raw_text);
		tl += rc[i]->raw_text;
	}
	/* trimmed: a claim's line ends in "]\n", so one newline */
	plain->buf[--pl] = '\0';
	plain->len = pl;
	plain->full = 0;
	text->buf[tl] = '\0';
	text->len = tl;
	text->full = 0;
	return 0;
}

/*
 * answer_texts()' "plain" or "text" member: the lead lines (the first
 * lead bytes of raw) escaped here, the claims' parts copied, joined by
 * sep (as escaped).
 */
static void
answer_put_text(struct strbuf *out, const char *key, int *first,
    const char *raw, size_t lead, const struct render_claim *const *rc,
    size_t n, int plain)
{
	size_t i;

	put_key(out, key, first);
	put_open_string(out, raw, lead);
	for (i = 0; i < n; i++) {
		if (i > 0) {
			if (plain)
				strbuf_append(out, "\\n", 2);
			else
				strbuf_putc(out, ' ');
		}
		if (plain)
			strbuf_append(out, rc[i]->plain, rc[i]->plain_len);
		else
			strbuf_append(out, rc[i]->text, rc[i]->text_len);
	}
	strbuf_putc(out, '"');
}

/*
 * An answer event as its message's bytes (see question_bytes()):
 * json_answer()'s members and the envelope, in sorted order.
 */
static int
answer_bytes(const struct kb *kb, const struct dlg_event *ev,
    const struct render_env *env, struct strbuf *out,
    struct tr_md_parts *md)
{
	static struct render_buf b, text;	/* as render_json()'s */
	const struct kb_answer *a = &ev->u.answer;
	const struct render_claim *rc[KB_ANSWER_MAX];
	const char *plain, *body, *missing[2], *corrected[4];
	const char *lead_text = NULL;
	char lead2[256];
	size_t i, lp = 0, lt = 0;
	int first = 1, fast = 0;

	if (a->nmissing > NELEM(missing) ||
	    a->res.ncorrected > NELEM(corrected))
		return -1;
	if (a->nclaims > 0 && a->lead_row >= 0)
		lead_text = render_lead(kb, a->lead_row, lead2, sizeof(lead2));
	if (a->nclaims > 0 && a->nclaims <= KB_ANSWER_MAX &&
	    answer_texts(kb, a, lead_text, &b, &text, rc, &lp, &lt) == 0) {
		fast = 1;
		plain = b.buf;
		body = text.buf;
	} else {
		(void)render_plain(kb, ev, &b);
		plain = render_plain_trim(&b);
		if (a->nclaims == 0)
			body = kb->not_covered;
		else {
			answer_text(kb, a, &text);
			body = text.buf;
		}
		if (!utf8(plain) || !utf8(body))
			return -1;
	}
	if (a->nclaims > 0 && a->lead_row >= 0 &&
	    (!utf8(kb->rows[a->lead_row].id) ||
	    !utf8(kb->rows[a->lead_row].verdict) || !utf8(lead_text)))
		return -1;
	for (i = 0; a->nclaims > 0 && i < a->nmissing; i++)
		if (!utf8(missing[i] = a->missing[i]))
			return -1;
	for (i = 0; i < a->res.ncorrected; i++)
		if (!utf8(corrected[i] = a->res.corrected[i]))
			return -1;
	strbuf_putc(out, '{');
	if (a->nclaims > 0 && put_chart(out, kb, a->claims, a->nclaims,
	    &first) == -1)
		return -1;
	if (a->nclaims == 0) {
		put_key(out, "citations", &first);
		strbuf_append(out, "[]", 2);
	} else if (put_cites(out, kb, a->claims, a->nclaims, &first) == -1)
		return -1;
	put_str(out, "conversation", env->conversation, &first);
	if (a->res.ncorrected > 0)
		put_strings(out, "corrected", corrected, a->res.ncorrected,
		    &first);
	put_key(out, "covered", &first);
	if (a->nclaims > 0)
		strbuf_append(out, "true", 4);
	else
		strbuf_append(out, "false", 5);
	if (env->done) {
		put_key(out, "done", &first);
		strbuf_append(out, "true", 4);
	}
	if (a->nclaims > 0 && a->follow_up) {
		put_key(out, "follow_up", &first);
		strbuf_append(out, "true", 4);
	}
	if (lead_text != NULL) {
		int f = 1;

		put_key(out, "lead", &first);
		strbuf_putc(out, '{');
		put_str(out, "row", kb->rows[a->lead_row].id, &f);
		put_str(out, "text", lead_text, &f);
		put_str(out, "verdict", kb->rows[a->lead_row].verdict, &f);
		strbuf_putc(out, '}');
	}
	if (a->nclaims > 0 && a->nmissing > 0)
		put_strings(out, "missing", missing, a->nmissing, &first);
	if (fast)
		answer_put_text(out, "plain", &first, plain, lp, rc,
		    a->nclaims, 1);
	else
		put_str(out, "plain", plain, &first);
	if (env->re != NULL)
		put_str(out, "re", env->re, &first);
	put_key(out, "seq", &first);
	jsonenc_put_integer(out, env->seq);
	if (fast)
		answer_put_text(out, "text", &first, body, lt, rc,
		    a->nclaims, 0);
	else
		put_str(out, "text", body, &first);
	put_str(out, "type", "answer", &first);
	strbuf_putc(out, '}');
	if (out->p == NULL)
		return -1;
	memset(md, 0, sizeof(*md));
	md->type = "answer";
	md->seq = env->seq;
	md->plain = plain;
	md->plain_len = strlen(plain);
	md->text = body;
	return 0;
}

/*
 * A notice as its message's bytes (see question_bytes()): event, plain,
 * text and type, with the envelope, as render_json()'s json_notice()
 * and the daemon make them.  Only the notices whose tree has no other
 * member (not understood, welcome, truncated: -1, the tree is built):
 * the walk's restart sends one per walk, and the tree, its encoding and
 * its Markdown from the tree cost a walk about 1,900 instructions per
 * message (cg_turn.sh).  -1 also when the text is not UTF-8 (the tree
 * then lacks the member, as jansson refuses it).
 */
static int
notice_bytes(const struct kb *kb, const struct dlg_event *ev,
    const struct render_env *env, struct strbuf *out,
    struct tr_md_parts *md)
{
	static struct render_buf b;	/* as render_json()'s */
	/* md's plain, trimmed, beside the untrimmed text in b (md's text):
	 * the Markdown keeps both as md_srv_of() finds them in the tree */
	static char plain[RENDER_PLAIN_MAX];
	const struct dlg_ev_notice *no = &ev->u.notice;
	size_t text_len, plain_len;
	int first = 1;

	if (no->notice == DLG_NOTICE_UNDERSTOOD ||
	    no->notice == DLG_NOTICE_WELCOME ||
	    no->notice == DLG_NOTICE_TRUNCATED)
		return -1;
	/* untrimmed: "text" keeps the newlines that "plain" drops, so
	 * plain is text's first plain_len bytes (render_plain_trim()) */
	(void)render_plain(kb, ev, &b);
	text_len = b.len;
	if (strlen(b.buf) != text_len || !jsonenc_utf8(b.buf, text_len))
		return -1;
	for (plain_len = text_len; plain_len > 0 &&
	    b.buf[plain_len - 1] == '\n'; plain_len--)
		;
	strbuf_putc(out, '{');
	put_key(out, "conversation", &first);
	jsonenc_put_string(out, env->conversation, strlen(env->conversation));
	if (env->done) {
		put_key(out, "done", &first);
		strbuf_append(out, "true", 4);
	}
	put_str(out, "event", render_notice_name(no->notice), &first);
	put_key(out, "plain", &first);
	jsonenc_put_string(out, b.buf, plain_len);
	if (env->re != NULL) {
		put_key(out, "re", &first);
		jsonenc_put_string(out, env->re, strlen(env->re));
	}
	put_key(out, "seq", &first);
	jsonenc_put_integer(out, env->seq);
	put_key(out, "text", &first);
	jsonenc_put_string(out, b.buf, text_len);
	put_key(out, "type", &first);
	strbuf_append(out, "\"notice\"}", 9);
	if (out->p == NULL)
		return -1;
	memset(md, 0, sizeof(*md));
	md->type = "notice";
	md->seq = env->seq;
	memcpy(plain, b.buf, plain_len);
	plain[plain_len] = '\0';
	md->plain = plain;
	md->plain_len = plain_len;
	md->text = b.buf;
	return 0;
}

/*
 * Event ev as its message's canonical bytes, appended to out, for the
 * events written without a tree (a question, an answer, a
 * recommendation, most notices): the bytes jsonenc() gives of
 * render_json(kb, ev) with env's members added as the daemon adds them (PROTOCOL.md's envelope:
 * conversation, seq, re, done).  0 when written, and md then holds what
 * the transcript's Markdown reads (md->choices a reference for the caller
 * to drop; its strings last until the next call).  -1 when the caller
 * must build the tree (another event, names that are not printable
 * ASCII, a text jansson would refuse, a real that is not finite): out is
 * then as it was, or released (out->p NULL) when memory ran out.
 * test_golden (direct_*) and fuzz_proto compare both ways.
 */
int
render_json_bytes(const struct kb *kb, const struct dlg_event *ev,
    const struct render_env *env, struct strbuf *out,
    struct tr_md_parts *md)
{
	size_t start;
	int rc;

	if (out->p == NULL || env->conversation == NULL ||
	    !jsonenc_printable(env->conversation, NULL) ||
	    (env->re != NULL && !jsonenc_printable(env->re, NULL)))
		return -1;
	start = out->len;
	switch (ev->type) {
	case DLG_EV_QUESTION:
		rc = question_bytes(kb, ev, env, out, md);
		break;
	case DLG_EV_RECOMMENDATION:
		rc = recommendation_bytes(kb, ev, env, out, md);
		break;
	case DLG_EV_ANSWER:
		rc = answer_bytes(kb, ev, env, out, md);
		break;
	case DLG_EV_NOTICE:
		rc = notice_bytes(kb, ev, env, out, md);
		break;
	default:
		return -1;
	}
	if (rc == -1 && out->p != NULL) {
		out->len = start;
		out->p[start] = '\0';
	}
	return rc;
}
