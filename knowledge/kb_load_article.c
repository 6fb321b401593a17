/* SPDX-License-Identifier: ISC */
/*
 * kb_load_article.c: the article's data: kb.json (the manifest and its
 * subjects), sources.json, sections.json, topics.json, claims.json and
 * table.json.  Each entry is read by the field table beside its loader
 * (kb_fields.h).
 */
#include <string.h>

#include "kb_fields.h"

#define REQ	FIELD_REQ
#define PATHLEN	400

static const char *const claim_kinds[] = {
	"fact", "design", "definition", "framework", "edge-case", "table",
	"summary", "opinion", NULL
};

/*
 * The one array that is the whole of a file ({"sources": [...]}), read as
 * entries E into *np of them; NULL when the file or the array is broken.
 */
static void *
load_list(struct loader *L, enum kb_file file, const char *key, long max,
    const struct entries *E, struct strmap *ids, size_t *np)
{
	struct field top[] = { { key, FT_ARRAY, REQ, 0, 0, max }, F_END };
	char path[PATHLEN];
	json_t *arr = NULL;

	*np = 0;
	L->file = kb_file_names[file];
	if (L->roots[file] == NULL)
		return NULL;
	(void)fields_read(L, L->roots[file], "$", top, &arr);
	if (arr == NULL)
		return NULL;
	return fields_list(L, arr, fields_key(path, sizeof(path), "$", key), E,
	    ids, np);
}

static const struct entries subject_entries = ENTRIES("subject",
    struct kb_subject, struct kb_subject, NULL, NULL,
	F(struct kb_subject, id, "id", FT_ID, REQ, 0, 0),
	F(struct kb_subject, name, "name", FT_STR, REQ, 0, 100));

struct manifest {
	const char	*id, *title, *not_covered;
	json_t		*article, *subjects;
};

static const struct field manifest_fields[] = {
	F(struct manifest, id, "id", FT_ID, REQ, 0, 0),
	F(struct manifest, title, "title", FT_STR, REQ, 0, 300),
	F(struct manifest, not_covered, "not_covered", FT_STR, REQ, 0, 300),
	F(struct manifest, article, "article", FT_OBJECT, REQ, 0, 0),
	F(struct manifest, subjects, "subjects", FT_ARRAY, REQ, 0,
	    KB_MAX_SUBJECTS),
	F_END
};

static const struct field article_fields[] = {
	F(struct kb, article_title, "title", FT_STR, REQ, 0, 300),
	F(struct kb, author, "author", FT_STR, REQ, 0, 300),
	F(struct kb, publisher, "publisher", FT_STR, 0, 0, 300),
	F_END
};

static void
load_manifest(struct loader *L)
{
	struct manifest m;
	struct kb *kb = L->kb;

	L->file = kb_file_names[F_KB];
	if (L->roots[F_KB] == NULL)
		return;
	memset(&m, 0, sizeof(m));
	(void)fields_read(L, L->roots[F_KB], "$", manifest_fields, &m);
	kb->id = m.id;
	kb->title = m.title;
	kb->not_covered = m.not_covered;
	if (m.article != NULL)
		(void)fields_read(L, m.article, "$.article", article_fields, kb);
	if (m.subjects == NULL)
		return;
	if (json_array_size(m.subjects) == 0)
		fields_error(L, "$.subjects", "no subjects");
	kb->subjects = fields_list(L, m.subjects, "$.subjects",
	    &subject_entries, &L->subject_ids, &kb->nsubjects);
}

/*
 * A source's publisher, when given, is the first word or words of its
 * name, with more of the name after it: "Cloudflare" of "Cloudflare
 * Radar 2024 Year in Review".  Refused otherwise, naming the source.
 */
static int
source_check(struct loader *L, json_t *e, const char *path, void *entry)
{
	const struct kb_source *s = entry;
	char p[PATHLEN];
	size_t n;

	(void)e;
	if (s->publisher == NULL)
		return 0;
	n = strlen(s->publisher);
	if (strncmp(s->name, s->publisher, n) != 0 || s->name[n] != ' ' ||
	    s->name[n + 1] == '\0' || s->name[n + 1] == ' ') {
		fields_error(L, fields_key(p, sizeof(p), path, "publisher"),
		    "source '%s': publisher '%s' is not the first words of "
		    "its name", s->id, s->publisher);
		return -1;
	}
	return 0;
}

static const struct entries source_entries = ENTRIES("source",
    struct kb_source, struct kb_source, source_check, NULL,
	F(struct kb_source, id, "id", FT_ID, REQ, 0, 0),
	F(struct kb_source, name, "name", FT_STR, REQ, 0, 200),
	F(struct kb_source, publisher, "publisher", FT_STR, 0, 0, 100),
	F(struct kb_source, year, "year", FT_INT, 0, 1900, 2200),
	F(struct kb_source, own, "own", FT_INT, 0, 0, 1));

/* A section's order is its place in the file. */
static void
section_commit(struct loader *L, void *e, size_t i)
{
	(void)L;
	((struct kb_section *)e)->order = i;
}

static const struct entries section_entries = ENTRIES("section",
    struct kb_section, struct kb_section, NULL, section_commit,
	F(struct kb_section, id, "id", FT_ID, REQ, 0, 0),
	F(struct kb_section, title, "title", FT_STR, REQ, 0, 300));

static const struct entries topic_entries = ENTRIES("topic",
    struct kb_topic, struct kb_topic, NULL, NULL,
	F(struct kb_topic, id, "id", FT_ID, REQ, 0, 0),
	F(struct kb_topic, label, "label", FT_STR, REQ, 0, 100));

#define FIGURE_QUALIFIER_WORDS	3	/* words of a figure's qualifier */

/*
 * A figure with a "max" is a range, which must go up; a "qualifier" is
 * 1 to FIGURE_QUALIFIER_WORDS lowercase words, one space between them
 * (claim_check() checks that the claim's text says it).
 */
static int
figure_check(struct loader *L, json_t *e, const char *path, void *entry)
{
	struct kb_figure *fg = entry;
	char p[PATHLEN];
	const char *q;
	size_t words = 1;

	for (q = fg->qualifier; q != NULL && *q != '\0'; q++)
		if (*q == ' ' && q > fg->qualifier && q[1] != '\0' &&
		    q[1] != ' ')
			words++;
		else if (*q < 'a' || *q > 'z')
			break;
	if (fg->qualifier != NULL && (*q != '\0' ||
	    words > FIGURE_QUALIFIER_WORDS)) {
		fields_error(L, fields_key(p, sizeof(p), path, "qualifier"),
		    "a qualifier is 1 to %d lowercase words",
		    FIGURE_QUALIFIER_WORDS);
		return -1;
	}
	if (!json_is_number(json_object_get(e, "max"))) {
		fg->max = fg->value;
		return 0;
	}
	if (fg->max <= fg->value) {
		fields_error(L, fields_key(p, sizeof(p), path, "max"),
		    "max must be above value");
		return -1;
	}
	fg->is_range = 1;
	return 0;
}

static const struct entries figure_entries = ENTRIES("figure",
    struct kb_figure, struct kb_figure, figure_check, NULL,
	F(struct kb_figure, value, "value", FT_NUM, REQ, 0, 0),
	F(struct kb_figure, max, "max", FT_NUM, 0, 0, 0),
	F(struct kb_figure, unit, "unit", FT_STR, REQ, 0, 40),
	F(struct kb_figure, label, "label", FT_STR, REQ, 0, 120),
	F(struct kb_figure, year, "year", FT_INT, 0, 1900, 2200),
	F(struct kb_figure, qualifier, "qualifier", FT_STR, 0, 0, 40));

/* A claim as read, with the references it has yet to resolve. */
struct claim_in {
	struct kb_claim	 c;
	const char	*subject, *source, *section;
	json_t		*topics, *figures, *asks, *answers;
};

/*
 * A claim's asks: 0 to KB_MAX_ASKS strings of KB_ASK_MIN to KB_ASK_MAX
 * bytes, each with a letter or digit, none said twice (as read: case and
 * punctuation aside).  Each error names the claim, so that the
 * writer of the asks finds it by id.  Returns -1 on any.
 */
static int
claim_asks(struct loader *L, struct claim_in *ci, const char *path)
{
	struct kb *kb = L->kb;
	const char *id = ci->c.id != NULL ? ci->c.id : "?";
	char fp[PATHLEN], ap[PATHLEN], sq[KB_MAX_ASKS][KB_ASK_MAX + 1];
	json_t *a;
	size_t j, k, n;
	int bad = 0;

	fields_key(fp, sizeof(fp), path, "asks");
	if (!json_is_array(ci->asks)) {
		fields_error(L, fp, "claim '%s': asks must be an array of "
		    "strings, got %s", id, fields_typename(ci->asks));
		return -1;
	}
	if ((n = json_array_size(ci->asks)) > KB_MAX_ASKS) {
		fields_error(L, fp, "claim '%s': %zu asks, at most %d", id,
		    n, KB_MAX_ASKS);
		return -1;
	}
	if ((ci->c.asks = arena_calloc(&kb->arena, n + 1,
	    sizeof(*ci->c.asks))) == NULL)
		return -1;
	json_array_foreach(ci->asks, j, a) {
		const char *s;
		size_t len, b;

		fields_index(ap, sizeof(ap), fp, j);
		sq[j][0] = '\0';
		if (!json_is_string(a)) {
			fields_error(L, ap, "claim '%s': an ask must be a "
			    "string, got %s", id, fields_typename(a));
			bad = 1;
			continue;
		}
		s = json_string_value(a);
		len = json_string_length(a);
		for (b = 0; b < len && (s[b] == ' ' || s[b] == '\t'); b++)
			;
		if (len < KB_ASK_MIN || len > KB_ASK_MAX || b == len) {
			fields_error(L, ap, "claim '%s': ask '%.*s' is %zu "
			    "bytes%s, want %d to %d", id, len > 40 ? 40 :
			    (int)len, s, len, b == len ? " of blanks" : "",
			    KB_ASK_MIN, KB_ASK_MAX);
			bad = 1;
			continue;
		}
		/* compared as a question is read: squashed, so that
		 * "Who wrote it?" repeats "who wrote it"; search reads
		 * ASCII letters and digits only */
		(void)kb_squash(s, len, sq[j], sizeof(sq[j]));
		if (sq[j][0] == '\0') {
			fields_error(L, ap, "claim '%s': ask '%s' has no "
			    "ASCII letter or digit: search reads nothing "
			    "in it", id, s);
			bad = 1;
			continue;
		}
		for (k = 0; k < j; k++)
			if (sq[k][0] != '\0' && strcmp(sq[k], sq[j]) == 0)
				break;
		if (k < j) {
			fields_error(L, ap, "claim '%s': ask '%s' is listed "
			    "twice", id, s);
			bad = 1;
			continue;
		}
		if ((ci->c.asks[ci->c.nasks++] = arena_strdup(&kb->arena,
		    s)) == NULL)
			return -1;
	}
	return bad ? -1 : 0;
}

/*
 * A claim's answers: the shape only (strings, none twice, at most
 * KB_MAX_INTENTS); the classes are lexicon.json's, resolved once it is
 * read (load_answers(), kb_load_lexicon.c).
 */
static int
claim_answers(struct loader *L, struct claim_in *ci, const char *path)
{
	const char *id = ci->c.id != NULL ? ci->c.id : "?";
	char fp[PATHLEN], ap[PATHLEN];
	json_t *a, *b;
	size_t j, k;
	int bad = 0;

	fields_key(fp, sizeof(fp), path, "answers");
	if (!json_is_array(ci->answers)) {
		fields_error(L, fp, "claim '%s': answers must be an array of "
		    "intent classes, got %s", id,
		    fields_typename(ci->answers));
		return -1;
	}
	if (json_array_size(ci->answers) > KB_MAX_INTENTS) {
		fields_error(L, fp, "claim '%s': %zu answers, at most %d", id,
		    json_array_size(ci->answers), KB_MAX_INTENTS);
		return -1;
	}
	json_array_foreach(ci->answers, j, a) {
		fields_index(ap, sizeof(ap), fp, j);
		if (!json_is_string(a)) {
			fields_error(L, ap, "claim '%s': an intent class "
			    "must be a string, got %s", id,
			    fields_typename(a));
			bad = 1;
			continue;
		}
		for (k = 0; k < j; k++)
			if ((b = json_array_get(ci->answers, k)) != NULL &&
			    json_equal(a, b))
				break;
		if (k < j) {
			fields_error(L, ap, "claim '%s': intent class '%s' "
			    "is listed twice", id, json_string_value(a));
			bad = 1;
		}
	}
	return bad ? -1 : 0;
}

/*
 * A claim's topics: each must name a topic.  A wrong one is reported but
 * keeps the claim, so that what cites it is not reported as well.
 */
static int
claim_topics(struct loader *L, struct claim_in *ci, const char *path)
{
	struct kb *kb = L->kb;
	char fp[PATHLEN], tp[PATHLEN];
	json_t *t;
	size_t j;
	int32_t k;

	fields_key(fp, sizeof(fp), path, "topics");
	if (json_array_size(ci->topics) == 0)
		fields_error(L, fp, "no topics");
	ci->c.topics = arena_calloc(&kb->arena, json_array_size(ci->topics) + 1,
	    sizeof(*ci->c.topics));
	if (ci->c.topics == NULL)
		return -1;
	json_array_foreach(ci->topics, j, t) {
		fields_index(tp, sizeof(tp), fp, j);
		if (!json_is_string(t))
			(void)fields_want(L, tp, "a string", t);
		else if ((k = fields_resolve(L, &L->topic_ids,
		    json_string_value(t), tp, "topic")) >= 0)
			ci->c.topics[ci->c.ntopics++] = &kb->topics[k];
	}
	return 0;
}

/* What a claim's table cannot say: its kind, references and figures. */
static int
claim_check(struct loader *L, json_t *e, const char *path, void *entry)
{
	struct claim_in *ci = entry;
	struct kb_claim *c = &ci->c;
	struct kb *kb = L->kb;
	char fp[PATHLEN];
	size_t j;
	int32_t k;
	int bad = 0;

	(void)e;
	if (c->kind != NULL) {
		for (j = 0; claim_kinds[j] != NULL; j++)
			if (strcmp(claim_kinds[j], c->kind) == 0)
				break;
		if (claim_kinds[j] == NULL) {
			fields_error(L, fields_key(fp, sizeof(fp), path, "kind"),
			    "unknown kind '%s'", c->kind);
			bad = 1;
		}
	}
	if ((k = fields_resolve(L, &L->subject_ids, ci->subject,
	    fields_key(fp, sizeof(fp), path, "subject"), "subject")) >= 0)
		c->subject = &kb->subjects[k];
	if ((k = fields_resolve(L, &L->source_ids, ci->source,
	    fields_key(fp, sizeof(fp), path, "source"), "source")) >= 0)
		c->source = &kb->sources[k];
	if ((k = fields_resolve(L, &L->section_ids, ci->section,
	    fields_key(fp, sizeof(fp), path, "section"), "section")) >= 0)
		c->section = &kb->sections[k];
	if (fields_verdict(L, c->verdict, fields_key(fp, sizeof(fp), path,
	    "verdict")) == -1)
		bad = 1;
	if (ci->topics != NULL && claim_topics(L, ci, path) == -1)
		bad = 1;
	if (ci->asks != NULL && claim_asks(L, ci, path) == -1)
		bad = 1;
	if (ci->answers != NULL && claim_answers(L, ci, path) == -1)
		bad = 1;
	if (ci->figures != NULL)
		c->figures = fields_list(L, ci->figures, fields_key(fp,
		    sizeof(fp), path, "figures"), &figure_entries, NULL,
		    &c->nfigures);
	/* a qualifier is the claim's own words, not a hedge added */
	for (j = 0; j < c->nfigures; j++)
		if (c->figures[j].qualifier != NULL && c->text != NULL &&
		    strcasestr(c->text, c->figures[j].qualifier) == NULL) {
			fields_error(L, fields_key(fp, sizeof(fp), path,
			    "figures"), "claim '%s': qualifier '%s' is not in "
			    "its text", c->id, c->figures[j].qualifier);
			bad = 1;
		}
	/* what both are set against is the claim's own words, so that the
	 * answer naming it says what the claim says */
	if (c->against != NULL && c->text != NULL &&
	    strcasestr(c->text, c->against) == NULL) {
		fields_error(L, fields_key(fp, sizeof(fp), path, "against"),
		    "claim '%s': '%s' is not in its text", c->id, c->against);
		bad = 1;
	}
	if (c->subject == NULL || c->source == NULL || c->section == NULL ||
	    bad)
		return -1;
	return 0;
}

/* A claim counts for its source and topics only once it is in. */
static void
claim_commit(struct loader *L, void *entry, size_t i)
{
	struct kb_claim *c = entry;
	struct kb *kb = L->kb;
	size_t j;

	c->index = i;
	kb->sources[c->source - kb->sources].nclaims++;
	for (j = 0; j < c->ntopics; j++)
		kb->topics[c->topics[j] - kb->topics].nclaims++;
}

static const struct entries claim_entries = ENTRIES("claim",
    struct kb_claim, struct claim_in, claim_check, claim_commit,
	F(struct claim_in, c.id, "id", FT_ID, REQ, 0, 0),
	F(struct claim_in, c.text, "text", FT_STR, REQ, 0, KB_MAX_TEXT),
	F(struct claim_in, c.quote, "quote", FT_STR, 0, 0, KB_MAX_QUOTE),
	F(struct claim_in, c.kind, "kind", FT_STR, REQ, 0, 40),
	F(struct claim_in, subject, "subject", FT_STR, REQ, 0, 100),
	F(struct claim_in, source, "source", FT_STR, REQ, 0, 100),
	F(struct claim_in, section, "section", FT_STR, REQ, 0, 100),
	F(struct claim_in, c.verdict, "verdict", FT_STR, 0, 0, 100),
	F(struct claim_in, c.against, "against", FT_STR, 0, 0, 60),
	F(struct claim_in, topics, "topics", FT_ARRAY, REQ, 0, 32),
	F(struct claim_in, figures, "figures", FT_ARRAY, 0, 0, 16),
	F(struct claim_in, asks, "asks", FT_ANY, 0, 0, 0),
	F(struct claim_in, answers, "answers", FT_ANY, 0, 0, 0));

/* Report entry i of array arr of file f, whose id is id, as an orphan. */
static void
unused(struct loader *L, enum kb_file f, const char *arr, size_t i,
    const char *id)
{
	char p[PATHLEN];

	L->file = kb_file_names[f];
	fields_error(L, fields_index(p, sizeof(p), arr, i), "%s '%s' is not "
	    "%s by any claim", f == F_SOURCES ? "source" : f == F_TOPICS ?
	    "topic" : "section", id, f == F_TOPICS ? "used" : "cited");
}

/* Everything declared must be used: an orphan is usually a typo. */
static void
check_unused(struct loader *L)
{
	struct kb *kb = L->kb;
	size_t i, j;

	for (i = 0; i < kb->nsources; i++)
		if (kb->sources[i].nclaims == 0)
			unused(L, F_SOURCES, "$.sources", i, kb->sources[i].id);
	for (i = 0; i < kb->ntopics; i++)
		if (kb->topics[i].nclaims == 0)
			unused(L, F_TOPICS, "$.topics", i, kb->topics[i].id);
	for (i = 0; i < kb->nsections && kb->nclaims > 0; i++) {
		for (j = 0; j < kb->nclaims; j++)
			if (kb->claims[j].section == &kb->sections[i])
				break;
		if (j == kb->nclaims)
			unused(L, F_SECTIONS, "$.sections", i,
			    kb->sections[i].id);
	}
}

/*
 * kb.json, sources.json, sections.json, topics.json and claims.json, in
 * that order: claims name the others.  Orphans are reported only when the
 * claims themselves are sound, where they would be noise.
 */
void
kb_load_article(struct loader *L)
{
	struct kb *kb = L->kb;
	size_t before;

	load_manifest(L);
	kb->sources = load_list(L, F_SOURCES, "sources", KB_MAX_ITEMS,
	    &source_entries, &L->source_ids, &kb->nsources);
	kb->sections = load_list(L, F_SECTIONS, "sections", KB_MAX_ITEMS,
	    &section_entries, &L->section_ids, &kb->nsections);
	kb->topics = load_list(L, F_TOPICS, "topics", KB_MAX_ITEMS,
	    &topic_entries, &L->topic_ids, &kb->ntopics);
	before = errlist_count(L->errs);
	kb->claims = load_list(L, F_CLAIMS, "claims", KB_MAX_CLAIMS,
	    &claim_entries, &kb->ids, &kb->nclaims);
	if (L->roots[F_CLAIMS] != NULL && kb->nclaims == 0 &&
	    errlist_count(L->errs) == 0)
		fields_error(L, "$.claims", "no claims");
	/* orphans are noise when a file they or the claims need did not load */
	if (errlist_count(L->errs) == before && L->roots[F_CLAIMS] != NULL &&
	    L->roots[F_KB] != NULL && L->roots[F_SOURCES] != NULL &&
	    L->roots[F_SECTIONS] != NULL && L->roots[F_TOPICS] != NULL)
		check_unused(L);
}

/* A table row as read, with its claim and cells still to check. */
struct row_in {
	struct kb_table_row	 r;
	json_t			*claim, *cells;
};

/* A row has one cell per column and no other. */
static int
row_cells(struct loader *L, struct row_in *ri, const char *path)
{
	struct kb *kb = L->kb;
	char fp[PATHLEN], cp[PATHLEN];
	const char *key;
	json_t *v;
	size_t j;
	int bad = 0;

	fields_key(fp, sizeof(fp), path, "cells");
	if ((ri->r.cells = arena_calloc(&kb->arena, kb->ncolumns + 1,
	    sizeof(*ri->r.cells))) == NULL)
		return -1;
	json_object_foreach(ri->cells, key, v) {
		struct field cell = { key, FT_STR, REQ, 0, 0, 300 };

		for (j = 0; j < kb->ncolumns; j++)
			if (strcmp(kb->columns[j]->id, key) == 0)
				break;
		if (j == kb->ncolumns) {
			if (!fields_unreadable(L, &L->subject_ids) &&
			    !fields_rejected(L, key))
				fields_error(L, fp, "unknown column '%s'",
				    key);
			bad = 1;
			continue;
		}
		fields_key(cp, sizeof(cp), fp, key);
		if (fields_value(L, v, cp, &cell, &ri->r.cells[j]) == -1)
			bad = 1;
	}
	for (j = 0; j < kb->ncolumns; j++)
		if (json_object_get(ri->cells, kb->columns[j]->id) == NULL) {
			fields_error(L, fp, "missing cell '%s'",
			    kb->columns[j]->id);
			bad = 1;
		}
	return bad ? -1 : 0;
}

static int
row_check(struct loader *L, json_t *e, const char *path, void *entry)
{
	struct row_in *ri = entry;
	char fp[PATHLEN];
	int bad = 0;

	(void)e;
	if (ri->claim != NULL && (ri->r.claim = fields_claim(L, ri->claim,
	    fields_key(fp, sizeof(fp), path, "claim"))) == NULL)
		bad = 1;
	if (fields_verdict(L, ri->r.verdict, fields_key(fp, sizeof(fp), path,
	    "verdict")) == -1)
		bad = 1;
	if (ri->cells != NULL && row_cells(L, ri, path) == -1)
		bad = 1;
	return bad ? -1 : 0;
}

static const struct entries row_entries = ENTRIES("row",
    struct kb_table_row, struct row_in, row_check, NULL,
	F(struct row_in, r.id, "id", FT_ID, REQ, 0, 0),
	F(struct row_in, r.dimension, "dimension", FT_STR, REQ, 0, 100),
	F(struct row_in, r.verdict, "verdict", FT_STR, REQ, 0, 100),
	F(struct row_in, claim, "claim", FT_ANY, REQ, 0, 0),
	F(struct row_in, cells, "cells", FT_OBJECT, REQ, 0, 0));

struct table_in {
	json_t	*columns, *rows;
};

static const struct field table_fields[] = {
	F(struct table_in, columns, "columns", FT_ARRAY, REQ, 0,
	    KB_MAX_SUBJECTS),
	F(struct table_in, rows, "rows", FT_ARRAY, REQ, 0, KB_MAX_ITEMS),
	F_END
};

/* table.json: columns are subjects; rows cite claims. */
void
kb_load_table(struct loader *L)
{
	struct kb *kb = L->kb;
	struct table_in t;
	char p[PATHLEN];
	json_t *v;
	size_t i;
	int32_t k;

	L->file = kb_file_names[F_TABLE];
	if (L->roots[F_TABLE] == NULL)
		return;
	memset(&t, 0, sizeof(t));
	(void)fields_read(L, L->roots[F_TABLE], "$", table_fields, &t);
	if (t.columns != NULL) {
		kb->columns = arena_calloc(&kb->arena,
		    json_array_size(t.columns) + 1, sizeof(*kb->columns));
		if (kb->columns == NULL)
			return;
		json_array_foreach(t.columns, i, v) {
			fields_index(p, sizeof(p), "$.columns", i);
			if (!json_is_string(v))
				(void)fields_want(L, p, "a string", v);
			else if ((k = fields_resolve(L, &L->subject_ids,
			    json_string_value(v), p, "subject")) >= 0)
				kb->columns[kb->ncolumns++] = &kb->subjects[k];
		}
	}
	if (t.rows != NULL)
		kb->rows = fields_list(L, t.rows, "$.rows", &row_entries,
		    &L->row_ids, &kb->nrows);
}
