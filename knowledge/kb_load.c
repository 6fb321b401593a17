/*
 * kb_load.c: read a knowledge base directory and validate it strictly.
 *
 * Every file is parsed with jansson (duplicate keys rejected), then walked
 * field by field: unknown fields, missing fields, wrong types, empty or
 * overlong strings, malformed or duplicate ids and references to ids that
 * do not exist are all errors.  Each error names the file, the JSON path
 * and what is wrong, e.g.
 *
 *	claims.json: $.claims[12].source: unknown source 'so-2024'
 *
 * and all of them are collected before kb_load() gives up, so that an
 * author fixes a knowledge base in one pass.  A kb with any error is freed
 * and never returned.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "kb.h"

enum kb_file {
	F_KB, F_SOURCES, F_SECTIONS, F_TOPICS, F_CLAIMS, F_TABLE, F_LEXICON,
	F_DIALOGUE, NFILES
};

static const char *const file_names[NFILES] = {
	"kb.json", "sources.json", "sections.json", "topics.json",
	"claims.json", "table.json", "lexicon.json", "dialogue.json"
};

static const char *const claim_kinds[] = {
	"fact", "design", "definition", "framework", "edge-case", "table",
	"summary", "opinion", NULL
};

struct loader {
	struct kb	*kb;
	struct errlist	*errs;
	const char	*file;		/* the file being checked */
	json_t		*roots[NFILES];
	struct strmap	 source_ids, section_ids, topic_ids, subject_ids;
	int		 no_claims;	/* no claim loaded: no ids to refer to */
};

static void lerr(struct loader *, const char *, const char *, ...)
    __attribute__((format(printf, 3, 4)));

/* Report "file: path: message". */
static void
lerr(struct loader *L, const char *path, const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	errlist_add(L->errs, "%s: %s: %s", L->file, path, msg);
}

static const char *
json_type_name(const json_t *j)
{
	switch (json_typeof(j)) {
	case JSON_OBJECT:	return "an object";
	case JSON_ARRAY:	return "an array";
	case JSON_STRING:	return "a string";
	case JSON_INTEGER:
	case JSON_REAL:		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:	return "a boolean";
	case JSON_NULL:		return "null";
	}
	return "something else";
}

/* path + "." + key, or path + "[i]", into buf; marked when cut short. */
static const char *
path_cut(char *buf, size_t len, int n)
{
	if ((n < 0 || (size_t)n >= len) && len > 4)
		(void)strcpy(buf + len - 4, "...");
	return buf;
}

static const char *
path_key(char *buf, size_t len, const char *path, const char *key)
{
	return path_cut(buf, len, snprintf(buf, len, "%s.%s", path, key));
}

static const char *
path_idx(char *buf, size_t len, const char *path, size_t i)
{
	return path_cut(buf, len, snprintf(buf, len, "%s[%zu]", path, i));
}

/*
 * Check that obj is an object whose keys are all in allowed and that every
 * key of required is present.  Returns 0 if obj is an object at all.
 */
static int
check_object(struct loader *L, json_t *obj, const char *path,
    const char *const *allowed, const char *const *required)
{
	const char *key;
	json_t *v;
	size_t i;

	if (!json_is_object(obj)) {
		lerr(L, path, "expected an object, got %s",
		    obj ? json_type_name(obj) : "nothing");
		return -1;
	}
	json_object_foreach(obj, key, v) {
		for (i = 0; allowed[i] != NULL; i++)
			if (strcmp(allowed[i], key) == 0)
				break;
		if (allowed[i] == NULL)
			lerr(L, path, "unknown field '%s'", key);
	}
	for (i = 0; required[i] != NULL; i++)
		if (json_object_get(obj, required[i]) == NULL)
			lerr(L, path, "missing field '%s'", required[i]);
	return 0;
}

/*
 * The string at obj.key copied into the kb's arena, or NULL when absent
 * (an error if required) or invalid (always an error).
 */
static const char *
get_str(struct loader *L, json_t *obj, const char *path, const char *key,
    size_t maxlen)
{
	char p[256];
	json_t *v = json_object_get(obj, key);
	const char *s;
	size_t len;

	if (v == NULL)
		return NULL;
	path_key(p, sizeof(p), path, key);
	if (!json_is_string(v)) {
		lerr(L, p, "expected a string, got %s", json_type_name(v));
		return NULL;
	}
	s = json_string_value(v);
	len = json_string_length(v);
	if (len == 0 || strspn(s, " \t\r\n") == len) {
		lerr(L, p, "empty string");
		return NULL;
	}
	if (memchr(s, '\0', len) != NULL) {
		lerr(L, p, "contains a NUL character");
		return NULL;
	}
	if (len > maxlen) {
		lerr(L, p, "longer than %zu bytes", maxlen);
		return NULL;
	}
	return arena_strndup(&L->kb->arena, s, len);
}

static int
id_valid(const char *s)
{
	size_t i;

	if (s[0] == '\0' || strlen(s) > KB_MAX_ID)
		return 0;
	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9')))
		return 0;
	for (i = 1; s[i] != '\0'; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' &&
		    s[i] <= '9') || s[i] == '.' || s[i] == '_' || s[i] == '-'))
			return 0;
	return 1;
}

static const char *
get_id(struct loader *L, json_t *obj, const char *path, const char *key)
{
	const char *s = get_str(L, obj, path, key, 256);
	char p[256];

	if (s != NULL && !id_valid(s)) {
		lerr(L, path_key(p, sizeof(p), path, key), "invalid id '%s' "
		    "(want up to %d of a-z 0-9 . _ -, starting with a letter "
		    "or digit)", s, KB_MAX_ID);
		return NULL;
	}
	return s;
}

/*
 * Register id in map (value i); report a duplicate with the path of the
 * first one, which firsts[] (paths by value) remembers.
 */
static void
id_register(struct loader *L, struct strmap *map, const char *id,
    int32_t i, const char *path, const char *what)
{
	int32_t prev;

	if (id == NULL)
		return;
	if ((prev = strmap_get(map, id)) >= 0) {
		lerr(L, path, "duplicate %s id '%s' (also at index %d)", what,
		    id, prev);
		return;
	}
	if (strmap_put(map, id, i) == -1)
		lerr(L, path, "out of memory");
}

static json_t *
get_array(struct loader *L, json_t *obj, const char *path, const char *key,
    size_t max)
{
	char p[256];
	json_t *v = json_object_get(obj, key);

	if (v == NULL)
		return NULL;
	path_key(p, sizeof(p), path, key);
	if (!json_is_array(v)) {
		lerr(L, p, "expected an array, got %s", json_type_name(v));
		return NULL;
	}
	if (json_array_size(v) > max) {
		lerr(L, p, "more than %zu entries", max);
		return NULL;
	}
	return v;
}

/* An integer within [lo, hi] at obj.key; *ok says whether one was read. */
static long
get_int(struct loader *L, json_t *obj, const char *path, const char *key,
    long lo, long hi, int *ok)
{
	char p[256];
	json_t *v = json_object_get(obj, key);
	json_int_t n;

	*ok = 0;
	if (v == NULL)
		return 0;
	path_key(p, sizeof(p), path, key);
	if (!json_is_integer(v)) {
		lerr(L, p, "expected an integer, got %s", json_type_name(v));
		return 0;
	}
	n = json_integer_value(v);
	if (n < lo || n > hi) {
		lerr(L, p, "%lld out of range %ld..%ld", (long long)n, lo, hi);
		return 0;
	}
	*ok = 1;
	return (long)n;
}

static double
get_number(struct loader *L, json_t *obj, const char *path, const char *key,
    int *ok)
{
	char p[256];
	json_t *v = json_object_get(obj, key);
	double d;

	*ok = 0;
	if (v == NULL)
		return 0;
	path_key(p, sizeof(p), path, key);
	if (!json_is_number(v)) {
		lerr(L, p, "expected a number, got %s", json_type_name(v));
		return 0;
	}
	d = json_number_value(v);
	if (!isfinite(d)) {
		lerr(L, p, "not a finite number");
		return 0;
	}
	*ok = 1;
	return d;
}

/* Read every file; a missing or unparsable file is an error of its own. */
static void
load_files(struct loader *L, const char *dir)
{
	char path[PATH_MAX];
	json_error_t jerr;
	size_t i;

	for (i = 0; i < NFILES; i++) {
		FILE *fp;
		long size;
		int n;

		L->file = file_names[i];
		n = snprintf(path, sizeof(path), "%s/%s", dir, file_names[i]);
		if (n < 0 || (size_t)n >= sizeof(path)) {
			errlist_add(L->errs, "%s: path too long", file_names[i]);
			continue;
		}
		if ((fp = fopen(path, "rb")) == NULL) {
			errlist_add(L->errs, "%s: cannot open: %s",
			    file_names[i], strerror(errno));
			continue;
		}
		if (fseek(fp, 0, SEEK_END) == 0 && (size = ftell(fp)) >= 0 &&
		    size > KB_MAX_FILE) {
			errlist_add(L->errs, "%s: larger than %d bytes",
			    file_names[i], KB_MAX_FILE);
			(void)fclose(fp);
			continue;
		}
		rewind(fp);
		L->roots[i] = json_loadf(fp, JSON_REJECT_DUPLICATES, &jerr);
		(void)fclose(fp);
		if (L->roots[i] == NULL)
			errlist_add(L->errs, "%s:%d:%d: %s", file_names[i],
			    jerr.line, jerr.column, jerr.text);
		else if (!json_is_object(L->roots[i])) {
			errlist_add(L->errs, "%s: $: expected an object, got %s",
			    file_names[i], json_type_name(L->roots[i]));
			json_decref(L->roots[i]);
			L->roots[i] = NULL;
		}
	}
}

static void
load_manifest(struct loader *L)
{
	static const char *const allowed[] = { "id", "title", "article",
	    "subjects", "not_covered", NULL };
	static const char *const required[] = { "id", "title", "article",
	    "subjects", "not_covered", NULL };
	static const char *const art_allowed[] = { "title", "author",
	    "publisher", NULL };
	static const char *const art_required[] = { "title", "author", NULL };
	static const char *const subj_fields[] = { "id", "name", NULL };
	struct kb *kb = L->kb;
	json_t *root = L->roots[F_KB], *art, *subjects, *s;
	char p[256];
	size_t i;

	L->file = file_names[F_KB];
	if (root == NULL)
		return;
	(void)check_object(L, root, "$", allowed, required);
	kb->id = get_id(L, root, "$", "id");
	kb->title = get_str(L, root, "$", "title", 300);
	kb->not_covered = get_str(L, root, "$", "not_covered", 300);
	if ((art = json_object_get(root, "article")) != NULL &&
	    check_object(L, art, "$.article", art_allowed, art_required) == 0) {
		kb->article_title = get_str(L, art, "$.article", "title", 300);
		kb->author = get_str(L, art, "$.article", "author", 300);
		kb->publisher = get_str(L, art, "$.article", "publisher", 300);
	}
	subjects = get_array(L, root, "$", "subjects", KB_MAX_SUBJECTS);
	if (subjects == NULL)
		return;
	if (json_array_size(subjects) == 0)
		lerr(L, "$.subjects", "no subjects");
	kb->subjects = arena_calloc(&kb->arena, json_array_size(subjects) + 1,
	    sizeof(*kb->subjects));
	json_array_foreach(subjects, i, s) {
		struct kb_subject *sj = &kb->subjects[kb->nsubjects];

		path_idx(p, sizeof(p), "$.subjects", i);
		if (check_object(L, s, p, subj_fields, subj_fields) == -1)
			continue;
		sj->id = get_id(L, s, p, "id");
		sj->name = get_str(L, s, p, "name", 100);
		if (sj->id == NULL || sj->name == NULL)
			continue;
		id_register(L, &L->subject_ids, sj->id, (int32_t)kb->nsubjects,
		    p, "subject");
		kb->nsubjects++;
	}
}

/* sources.json, sections.json and topics.json share a shape. */
static void
load_sources(struct loader *L)
{
	static const char *const top[] = { "sources", NULL };
	static const char *const allowed[] = { "id", "name", "year", NULL };
	static const char *const required[] = { "id", "name", NULL };
	struct kb *kb = L->kb;
	json_t *root = L->roots[F_SOURCES], *arr, *s;
	char p[256];
	size_t i;
	int ok;

	L->file = file_names[F_SOURCES];
	if (root == NULL)
		return;
	(void)check_object(L, root, "$", top, top);
	if ((arr = get_array(L, root, "$", "sources", KB_MAX_ITEMS)) == NULL)
		return;
	kb->sources = arena_calloc(&kb->arena, json_array_size(arr) + 1,
	    sizeof(*kb->sources));
	json_array_foreach(arr, i, s) {
		struct kb_source *src = &kb->sources[kb->nsources];

		path_idx(p, sizeof(p), "$.sources", i);
		if (check_object(L, s, p, allowed, required) == -1)
			continue;
		src->id = get_id(L, s, p, "id");
		src->name = get_str(L, s, p, "name", 200);
		src->year = (int)get_int(L, s, p, "year", 1900, 2200, &ok);
		if (src->id == NULL || src->name == NULL)
			continue;
		id_register(L, &L->source_ids, src->id, (int32_t)kb->nsources, p,
		    "source");
		kb->nsources++;
	}
}

static void
load_sections(struct loader *L)
{
	static const char *const top[] = { "sections", NULL };
	static const char *const fields[] = { "id", "title", NULL };
	struct kb *kb = L->kb;
	json_t *root = L->roots[F_SECTIONS], *arr, *s;
	char p[256];
	size_t i;

	L->file = file_names[F_SECTIONS];
	if (root == NULL)
		return;
	(void)check_object(L, root, "$", top, top);
	if ((arr = get_array(L, root, "$", "sections", KB_MAX_ITEMS)) == NULL)
		return;
	kb->sections = arena_calloc(&kb->arena, json_array_size(arr) + 1,
	    sizeof(*kb->sections));
	json_array_foreach(arr, i, s) {
		struct kb_section *sec = &kb->sections[kb->nsections];

		path_idx(p, sizeof(p), "$.sections", i);
		if (check_object(L, s, p, fields, fields) == -1)
			continue;
		sec->id = get_id(L, s, p, "id");
		sec->title = get_str(L, s, p, "title", 300);
		sec->order = kb->nsections;
		if (sec->id == NULL || sec->title == NULL)
			continue;
		id_register(L, &L->section_ids, sec->id,
		    (int32_t)kb->nsections, p, "section");
		kb->nsections++;
	}
}

static void
load_topics(struct loader *L)
{
	static const char *const top[] = { "topics", NULL };
	static const char *const fields[] = { "id", "label", NULL };
	struct kb *kb = L->kb;
	json_t *root = L->roots[F_TOPICS], *arr, *s;
	char p[256];
	size_t i;

	L->file = file_names[F_TOPICS];
	if (root == NULL)
		return;
	(void)check_object(L, root, "$", top, top);
	if ((arr = get_array(L, root, "$", "topics", KB_MAX_ITEMS)) == NULL)
		return;
	kb->topics = arena_calloc(&kb->arena, json_array_size(arr) + 1,
	    sizeof(*kb->topics));
	json_array_foreach(arr, i, s) {
		struct kb_topic *t = &kb->topics[kb->ntopics];

		path_idx(p, sizeof(p), "$.topics", i);
		if (check_object(L, s, p, fields, fields) == -1)
			continue;
		t->id = get_id(L, s, p, "id");
		t->label = get_str(L, s, p, "label", 100);
		if (t->id == NULL || t->label == NULL)
			continue;
		id_register(L, &L->topic_ids, t->id, (int32_t)kb->ntopics, p,
		    "topic");
		kb->ntopics++;
	}
}

/*
 * Whether the file that declares the ids of map could not be read or
 * parsed.  That file's own error says so; one "unknown" error for every
 * reference into it would bury it.
 */
static int
unreadable(const struct loader *L, const struct strmap *map)
{
	return (map == &L->source_ids && L->roots[F_SOURCES] == NULL) ||
	    (map == &L->section_ids && L->roots[F_SECTIONS] == NULL) ||
	    (map == &L->topic_ids && L->roots[F_TOPICS] == NULL) ||
	    (map == &L->subject_ids && L->roots[F_KB] == NULL);
}

/* Look up a reference; report it when it names nothing. */
static int32_t
resolve(struct loader *L, const struct strmap *map, const char *id,
    const char *path, const char *what)
{
	int32_t i;

	if (id == NULL)
		return -1;
	if ((i = strmap_get(map, id)) < 0 && !unreadable(L, map))
		lerr(L, path, "unknown %s '%s'", what, id);
	return i;
}

static void
load_figures(struct loader *L, struct kb_claim *c, json_t *arr,
    const char *cpath)
{
	static const char *const allowed[] = { "value", "max", "unit", "year",
	    "label", NULL };
	static const char *const required[] = { "value", "unit", "label", NULL };
	struct kb_figure *figs;
	char fpath[256], p[256];
	json_t *f;
	size_t i;
	int ok;

	path_key(fpath, sizeof(fpath), cpath, "figures");
	figs = arena_calloc(&L->kb->arena, json_array_size(arr) + 1,
	    sizeof(*figs));
	if (figs == NULL)
		return;
	json_array_foreach(arr, i, f) {
		struct kb_figure *fg = &figs[c->nfigures];
		int okv, okm;

		/* a rejected figure's slot is reused: start it clean */
		memset(fg, 0, sizeof(*fg));
		path_idx(p, sizeof(p), fpath, i);
		if (check_object(L, f, p, allowed, required) == -1)
			continue;
		fg->value = get_number(L, f, p, "value", &okv);
		fg->max = get_number(L, f, p, "max", &okm);
		fg->unit = get_str(L, f, p, "unit", 40);
		fg->label = get_str(L, f, p, "label", 120);
		fg->year = (int)get_int(L, f, p, "year", 1900, 2200, &ok);
		if (!okv || fg->unit == NULL || fg->label == NULL)
			continue;
		if (okm) {
			char mp[300];

			if (fg->max <= fg->value) {
				lerr(L, path_key(mp, sizeof(mp), p, "max"),
				    "max must be above value");
				continue;
			}
			fg->is_range = 1;
		} else
			fg->max = fg->value;
		c->nfigures++;
	}
	c->figures = figs;
}

static void
load_claims(struct loader *L)
{
	static const char *const top[] = { "claims", NULL };
	static const char *const allowed[] = { "id", "text", "subject", "kind",
	    "topics", "figures", "source", "section", "quote", "verdict",
	    NULL };
	static const char *const required[] = { "id", "text", "subject",
	    "kind", "topics", "source", "section", NULL };
	struct kb *kb = L->kb;
	json_t *root = L->roots[F_CLAIMS], *arr, *cj, *topics, *figs;
	char p[256], fp[300];
	size_t i, j;

	L->file = file_names[F_CLAIMS];
	if (root == NULL)
		return;
	(void)check_object(L, root, "$", top, top);
	if ((arr = get_array(L, root, "$", "claims", KB_MAX_CLAIMS)) == NULL)
		return;
	kb->claims = arena_calloc(&kb->arena, json_array_size(arr) + 1,
	    sizeof(*kb->claims));
	if (kb->claims == NULL)
		return;
	json_array_foreach(arr, i, cj) {
		struct kb_claim *c = &kb->claims[kb->nclaims];
		const char *subj, *src, *sec, *kind;
		int32_t k;
		int bad = 0;

		/*
		 * A rejected claim's slot is reused by the next one: start it
		 * clean, or its ntopics and nfigures would index past the
		 * next claim's arrays.
		 */
		memset(c, 0, sizeof(*c));
		path_idx(p, sizeof(p), "$.claims", i);
		if (check_object(L, cj, p, allowed, required) == -1)
			continue;
		c->index = kb->nclaims;
		c->id = get_id(L, cj, p, "id");
		c->text = get_str(L, cj, p, "text", KB_MAX_TEXT);
		c->quote = get_str(L, cj, p, "quote", KB_MAX_QUOTE);
		kind = get_str(L, cj, p, "kind", 40);
		subj = get_str(L, cj, p, "subject", 100);
		src = get_str(L, cj, p, "source", 100);
		sec = get_str(L, cj, p, "section", 100);
		c->verdict = get_str(L, cj, p, "verdict", 100);

		if (kind != NULL) {
			for (j = 0; claim_kinds[j] != NULL; j++)
				if (strcmp(claim_kinds[j], kind) == 0)
					break;
			if (claim_kinds[j] == NULL) {
				lerr(L, path_key(fp, sizeof(fp), p, "kind"),
				    "unknown kind '%s'", kind);
				bad = 1;
			}
			c->kind = kind;
		}
		k = resolve(L, &L->subject_ids, subj,
		    path_key(fp, sizeof(fp), p, "subject"), "subject");
		if (k >= 0)
			c->subject = &kb->subjects[k];
		k = resolve(L, &L->source_ids, src,
		    path_key(fp, sizeof(fp), p, "source"), "source");
		if (k >= 0) {
			c->source = &kb->sources[k];
			kb->sources[k].nclaims++;
		}
		k = resolve(L, &L->section_ids, sec,
		    path_key(fp, sizeof(fp), p, "section"), "section");
		if (k >= 0)
			c->section = &kb->sections[k];
		if (c->verdict != NULL && strcmp(c->verdict, "context") != 0 &&
		    strmap_get(&L->subject_ids, c->verdict) < 0) {
			if (!unreadable(L, &L->subject_ids))
				lerr(L, path_key(fp, sizeof(fp), p, "verdict"),
				    "unknown verdict '%s' (want a subject or "
				    "'context')", c->verdict);
			bad = 1;
		}

		if ((topics = get_array(L, cj, p, "topics", 32)) != NULL) {
			json_t *t;

			if (json_array_size(topics) == 0)
				lerr(L, path_key(fp, sizeof(fp), p, "topics"),
				    "no topics");
			c->topics = arena_calloc(&kb->arena,
			    json_array_size(topics) + 1, sizeof(*c->topics));
			json_array_foreach(topics, j, t) {
				char tp[320];

				path_idx(tp, sizeof(tp),
				    path_key(fp, sizeof(fp), p, "topics"), j);
				if (!json_is_string(t)) {
					lerr(L, tp, "expected a string, got %s",
					    json_type_name(t));
					continue;
				}
				k = resolve(L, &L->topic_ids,
				    json_string_value(t), tp, "topic");
				if (k >= 0 && c->topics != NULL) {
					c->topics[c->ntopics++] =
					    &kb->topics[k];
					kb->topics[k].nclaims++;
				}
			}
		}
		if ((figs = get_array(L, cj, p, "figures", 16)) != NULL)
			load_figures(L, c, figs, p);

		if (c->id == NULL || c->text == NULL || c->subject == NULL ||
		    c->source == NULL || c->section == NULL || c->kind == NULL ||
		    bad)
			continue;
		if (strmap_get(&kb->ids, c->id) >= 0) {
			lerr(L, path_key(fp, sizeof(fp), p, "id"),
			    "duplicate claim id '%s' (also at index %d)", c->id,
			    strmap_get(&kb->ids, c->id));
			continue;
		}
		(void)strmap_put(&kb->ids, c->id, (int32_t)kb->nclaims);
		kb->nclaims++;
	}
	if (kb->nclaims == 0 && errlist_count(L->errs) == 0)
		lerr(L, "$.claims", "no claims");
}

/* Everything declared must be used: an orphan is usually a typo. */
static void
check_unused(struct loader *L)
{
	struct kb *kb = L->kb;
	char p[256];
	size_t i, j;

	L->file = file_names[F_SOURCES];
	for (i = 0; i < kb->nsources; i++)
		if (kb->sources[i].nclaims == 0)
			lerr(L, path_idx(p, sizeof(p), "$.sources", i),
			    "source '%s' is not cited by any claim",
			    kb->sources[i].id);
	L->file = file_names[F_TOPICS];
	for (i = 0; i < kb->ntopics; i++)
		if (kb->topics[i].nclaims == 0)
			lerr(L, path_idx(p, sizeof(p), "$.topics", i),
			    "topic '%s' is not used by any claim",
			    kb->topics[i].id);
	L->file = file_names[F_SECTIONS];
	for (i = 0; i < kb->nsections; i++) {
		for (j = 0; j < kb->nclaims; j++)
			if (kb->claims[j].section == &kb->sections[i])
				break;
		if (j == kb->nclaims && kb->nclaims > 0)
			lerr(L, path_idx(p, sizeof(p), "$.sections", i),
			    "section '%s' is not cited by any claim",
			    kb->sections[i].id);
	}
}

static const struct kb_claim *
resolve_claim(struct loader *L, json_t *v, const char *path)
{
	int32_t k;

	if (!json_is_string(v)) {
		lerr(L, path, "expected a string, got %s", json_type_name(v));
		return NULL;
	}
	if ((k = strmap_get(&L->kb->ids, json_string_value(v))) < 0) {
		/* every reference would be "unknown": claims.json's error says it */
		if (!L->no_claims)
			lerr(L, path, "unknown claim '%s'",
			    json_string_value(v));
		return NULL;
	}
	return &L->kb->claims[k];
}

static void
load_table(struct loader *L)
{
	static const char *const top[] = { "columns", "rows", NULL };
	static const char *const fields[] = { "id", "dimension", "cells",
	    "verdict", "claim", NULL };
	struct kb *kb = L->kb;
	json_t *root = L->roots[F_TABLE], *cols, *rows, *r, *v;
	struct strmap row_ids;
	char p[256], fp[300];
	size_t i, j;

	L->file = file_names[F_TABLE];
	if (root == NULL || strmap_init(&row_ids, 64) == -1)
		return;
	(void)check_object(L, root, "$", top, top);
	if ((cols = get_array(L, root, "$", "columns", KB_MAX_SUBJECTS)) !=
	    NULL) {
		kb->columns = arena_calloc(&kb->arena, json_array_size(cols) + 1,
		    sizeof(*kb->columns));
		json_array_foreach(cols, i, v) {
			int32_t k;

			path_idx(p, sizeof(p), "$.columns", i);
			if (!json_is_string(v)) {
				lerr(L, p, "expected a string, got %s",
				    json_type_name(v));
				continue;
			}
			k = resolve(L, &L->subject_ids, json_string_value(v), p,
			    "subject");
			if (k >= 0)
				kb->columns[kb->ncolumns++] = &kb->subjects[k];
		}
	}
	if ((rows = get_array(L, root, "$", "rows", KB_MAX_ITEMS)) == NULL)
		goto out;
	kb->rows = arena_calloc(&kb->arena, json_array_size(rows) + 1,
	    sizeof(*kb->rows));
	json_array_foreach(rows, i, r) {
		struct kb_table_row *row = &kb->rows[kb->nrows];
		json_t *cells;
		const char *key;
		int bad = 0;

		path_idx(p, sizeof(p), "$.rows", i);
		if (check_object(L, r, p, fields, fields) == -1)
			continue;
		row->id = get_id(L, r, p, "id");
		row->dimension = get_str(L, r, p, "dimension", 100);
		row->verdict = get_str(L, r, p, "verdict", 100);
		if ((v = json_object_get(r, "claim")) != NULL)
			row->claim = resolve_claim(L, v,
			    path_key(fp, sizeof(fp), p, "claim"));
		if (row->verdict != NULL &&
		    strcmp(row->verdict, "context") != 0 &&
		    strmap_get(&L->subject_ids, row->verdict) < 0) {
			if (!unreadable(L, &L->subject_ids))
				lerr(L, path_key(fp, sizeof(fp), p, "verdict"),
				    "unknown verdict '%s' (want a subject or "
				    "'context')", row->verdict);
			bad = 1;
		}
		cells = json_object_get(r, "cells");
		path_key(fp, sizeof(fp), p, "cells");
		row->cells = arena_calloc(&kb->arena, kb->ncolumns + 1,
		    sizeof(*row->cells));
		if (cells != NULL && !json_is_object(cells)) {
			lerr(L, fp, "expected an object, got %s",
			    json_type_name(cells));
			bad = 1;
		} else if (cells != NULL && row->cells != NULL) {
			json_object_foreach(cells, key, v) {
				for (j = 0; j < kb->ncolumns; j++)
					if (strcmp(kb->columns[j]->id, key) == 0)
						break;
				if (j == kb->ncolumns) {
					lerr(L, fp, "unknown column '%s'", key);
					bad = 1;
					continue;
				}
				row->cells[j] = get_str(L, cells, fp, key, 300);
			}
			for (j = 0; j < kb->ncolumns; j++)
				if (json_object_get(cells,
				    kb->columns[j]->id) == NULL) {
					lerr(L, fp, "missing cell '%s'",
					    kb->columns[j]->id);
					bad = 1;
				}
		}
		if (row->id == NULL || row->dimension == NULL ||
		    row->verdict == NULL || row->claim == NULL || bad)
			continue;
		id_register(L, &row_ids, row->id, (int32_t)kb->nrows, p, "row");
		kb->nrows++;
	}
out:
	strmap_free(&row_ids);
}

/*
 * Compile one word or phrase into its terms: tokenized and stemmed, but
 * neither rewritten by synonyms nor stripped of stopwords.
 */
static int
phrase_terms(struct loader *L, const char *text, enum text_mode mode,
    struct kb_phrase *ph)
{
	struct text_tokens tt;
	size_t i;

	text_tokenize(L->kb->stemmer, text, strlen(text), mode, &tt);
	if (tt.n == 0 || tt.n > 8)
		return -1;
	ph->tok = arena_calloc(&L->kb->arena, tt.n, sizeof(*ph->tok));
	if (ph->tok == NULL)
		return -1;
	for (i = 0; i < tt.n; i++)
		ph->tok[i] = arena_strdup(&L->kb->arena, tt.tok[i]);
	ph->ntok = tt.n;
	return 0;
}

static int
phrase_equal(const struct kb_phrase *a, const struct kb_phrase *b)
{
	size_t i;

	if (a->ntok != b->ntok)
		return 0;
	for (i = 0; i < a->ntok; i++)
		if (strcmp(a->tok[i], b->tok[i]) != 0)
			return 0;
	return 1;
}

/* Add word to set in both of its forms: stemmed and plural-folded. */
static int
set_add_word(struct loader *L, struct strmap *set, const char *word,
    size_t len, char *first, size_t firstlen)
{
	enum text_mode modes[2] = { TEXT_STEM, TEXT_LIGHT };
	struct text_tokens tt;
	size_t m;

	for (m = 0; m < 2; m++) {
		text_tokenize(L->kb->stemmer, word, len, modes[m], &tt);
		if (tt.n != 1)
			return -1;
		if (m == 0)
			(void)snprintf(first, firstlen, "%s", tt.tok[0]);
		(void)strmap_put(set, arena_strdup(&L->kb->arena, tt.tok[0]), 1);
	}
	return 0;
}

static int
synonym_cmp(const void *a, const void *b)
{
	const struct kb_synonym *x = a, *y = b;

	/* longest first, so that "memory safety" wins over "memory" */
	if (x->from.ntok != y->from.ntok)
		return x->from.ntok > y->from.ntok ? -1 : 1;
	return 0;
}

/*
 * lexicon.json: stopwords and synonym groups.  Every entry is stemmed as
 * the tokenizer would stem text, so matching happens on terms.  A term may
 * belong to one synonym group only.
 */
static void
load_lexicon(struct loader *L)
{
	static const char *const fields[] = { "stopwords", "synonyms",
	    "negations", NULL };
	static const char *const required[] = { "stopwords", "synonyms",
	    NULL };
	struct kb *kb = L->kb;
	json_t *root = L->roots[F_LEXICON], *arr, *grp, *w;
	size_t *group_of, total = 0, i, j, k;
	char p[256], gp[300], stem[TEXT_TOKEN_MAX];

	L->file = file_names[F_LEXICON];
	if (root == NULL)
		return;
	(void)check_object(L, root, "$", fields, required);
	if (strmap_init(&kb->stopwords, 256) == -1 ||
	    strmap_init(&kb->negations, 16) == -1)
		return;
	if ((arr = get_array(L, root, "$", "stopwords", 2000)) != NULL) {
		json_array_foreach(arr, i, w) {
			path_idx(p, sizeof(p), "$.stopwords", i);
			if (!json_is_string(w)) {
				lerr(L, p, "expected a string, got %s",
				    json_type_name(w));
				continue;
			}
			if (set_add_word(L, &kb->stopwords,
			    json_string_value(w), json_string_length(w),
			    stem, sizeof(stem)) == -1)
				lerr(L, p, "'%s' is not a single word",
				    json_string_value(w));
		}
	}
	if ((arr = get_array(L, root, "$", "negations", 100)) != NULL) {
		json_array_foreach(arr, i, w) {
			path_idx(p, sizeof(p), "$.negations", i);
			if (!json_is_string(w)) {
				lerr(L, p, "expected a string, got %s",
				    json_type_name(w));
				continue;
			}
			if (set_add_word(L, &kb->negations,
			    json_string_value(w), json_string_length(w),
			    stem, sizeof(stem)) == -1)
				lerr(L, p, "'%s' is not a single word",
				    json_string_value(w));
			else if (strmap_get(&kb->stopwords, stem) >= 0)
				lerr(L, p, "'%s' is also a stopword",
				    json_string_value(w));
		}
	}
	if ((arr = get_array(L, root, "$", "synonyms", 1000)) == NULL)
		return;
	json_array_foreach(arr, i, grp)
		if (json_is_array(grp))
			total += json_array_size(grp);
	kb->synonyms = arena_calloc(&kb->arena, total + 1,
	    sizeof(*kb->synonyms));
	kb->msynonyms = arena_calloc(&kb->arena, total + 1,
	    sizeof(*kb->msynonyms));
	group_of = calloc(total + 1, sizeof(*group_of));
	if (kb->synonyms == NULL || kb->msynonyms == NULL || group_of == NULL) {
		free(group_of);
		return;
	}
	json_array_foreach(arr, i, grp) {
		struct kb_phrase canon, mcanon;

		path_idx(gp, sizeof(gp), "$.synonyms", i);
		if (!json_is_array(grp) || json_array_size(grp) < 2 ||
		    json_array_size(grp) > 64) {
			lerr(L, gp, "expected an array of 2 to 64 words or "
			    "phrases");
			continue;
		}
		memset(&canon, 0, sizeof(canon));
		memset(&mcanon, 0, sizeof(mcanon));
		json_array_foreach(grp, j, w) {
			struct kb_phrase ph, mph;

			path_idx(p, sizeof(p), gp, j);
			if (!json_is_string(w) || json_string_length(w) == 0) {
				lerr(L, p, "expected a non-empty string");
				continue;
			}
			if (phrase_terms(L, json_string_value(w), TEXT_STEM,
			    &ph) == -1 || phrase_terms(L, json_string_value(w),
			    TEXT_LIGHT, &mph) == -1) {
				lerr(L, p, "'%s' has no words, or more than 8",
				    json_string_value(w));
				continue;
			}
			if (j == 0) {
				canon = ph;
				mcanon = mph;
				continue;
			}
			/* the matching form, when it differs from the canon */
			if (mcanon.ntok > 0 && !phrase_equal(&mph, &mcanon)) {
				for (k = 0; k < kb->nmsynonyms; k++)
					if (phrase_equal(&kb->msynonyms[k].from,
					    &mph))
						break;
				if (k == kb->nmsynonyms) {
					kb->msynonyms[k].from = mph;
					kb->msynonyms[k].to = mcanon;
					kb->nmsynonyms++;
				}
			}
			if (canon.ntok == 0 || phrase_equal(&ph, &canon))
				continue;
			for (k = 0; k < kb->nsynonyms; k++)
				if (phrase_equal(&kb->synonyms[k].from, &ph))
					break;
			if (k < kb->nsynonyms) {
				if (group_of[k] != i)
					lerr(L, p, "'%s' is also in synonym "
					    "group %zu", json_string_value(w),
					    group_of[k]);
				continue;
			}
			kb->synonyms[kb->nsynonyms].from = ph;
			kb->synonyms[kb->nsynonyms].to = canon;
			group_of[kb->nsynonyms] = i;
			kb->nsynonyms++;
		}
	}
	/* A canonical term may not be rewritten by another group. */
	json_array_foreach(arr, i, grp) {
		struct kb_phrase canon;

		if (!json_is_array(grp) || json_array_size(grp) < 2 ||
		    !json_is_string(json_array_get(grp, 0)) ||
		    phrase_terms(L, json_string_value(json_array_get(grp, 0)),
		    TEXT_STEM, &canon) == -1)
			continue;
		for (k = 0; k < kb->nsynonyms; k++)
			if (group_of[k] != i &&
			    phrase_equal(&kb->synonyms[k].from, &canon)) {
				path_idx(p, sizeof(p), "$.synonyms", i);
				lerr(L, p, "'%s' is also in synonym group %zu",
				    json_string_value(json_array_get(grp, 0)),
				    group_of[k]);
			}
	}
	free(group_of);
	qsort(kb->synonyms, kb->nsynonyms, sizeof(*kb->synonyms),
	    synonym_cmp);
	qsort(kb->msynonyms, kb->nmsynonyms, sizeof(*kb->msynonyms),
	    synonym_cmp);
}

/*
 * Read a condition object {question: [choice, ...]} into cond.  Questions
 * must already be loaded (a skip_if may name any question).
 */
static int
load_cond(struct loader *L, json_t *obj, const char *path,
    struct kb_cond *cond)
{
	struct kb_dialogue *dl = &L->kb->dialogue;
	const char *qid;
	json_t *arr, *c;
	char p[300], cp[340];
	size_t j;
	int bad = 0;

	memset(cond, 0, sizeof(*cond));
	if (!json_is_object(obj)) {
		lerr(L, path, "expected an object, got %s", json_type_name(obj));
		return -1;
	}
	json_object_foreach(obj, qid, arr) {
		int q = kb_question_index(L->kb, qid);

		path_key(p, sizeof(p), path, qid);
		if (q < 0) {
			lerr(L, p, "unknown question '%s'", qid);
			bad = 1;
			continue;
		}
		if (!json_is_array(arr) || json_array_size(arr) == 0) {
			lerr(L, p, "expected a non-empty array of choices");
			bad = 1;
			continue;
		}
		cond->terms[cond->nterms].question = (uint16_t)q;
		cond->terms[cond->nterms].choices = 0;
		json_array_foreach(arr, j, c) {
			int ch;

			path_idx(cp, sizeof(cp), p, j);
			if (!json_is_string(c)) {
				lerr(L, cp, "expected a string, got %s",
				    json_type_name(c));
				bad = 1;
				continue;
			}
			ch = kb_choice_index(&dl->questions[q],
			    json_string_value(c));
			if (ch < 0) {
				lerr(L, cp, "question '%s' has no choice '%s'",
				    qid, json_string_value(c));
				bad = 1;
				continue;
			}
			cond->terms[cond->nterms].choices |= 1u << ch;
		}
		cond->nterms++;
	}
	return bad ? -1 : 0;
}

static size_t
load_claim_refs(struct loader *L, json_t *obj, const char *path,
    const struct kb_claim ***out)
{
	json_t *arr, *v;
	char p[300];
	size_t i, n = 0;

	*out = NULL;
	if ((arr = get_array(L, obj, path, "claims", 32)) == NULL)
		return 0;
	*out = arena_calloc(&L->kb->arena, json_array_size(arr) + 1,
	    sizeof(**out));
	if (*out == NULL)
		return 0;
	json_array_foreach(arr, i, v) {
		const struct kb_claim *c;

		(void)path_cut(p, sizeof(p), snprintf(p, sizeof(p),
		    "%s.claims[%zu]", path, i));
		if ((c = resolve_claim(L, v, p)) != NULL)
			(*out)[n++] = c;
	}
	return n;
}

/*
 * "combines": [["apis", "cli"], ["kernel", "infra"]] on a choice: it is
 * also what the user means when their words select a choice of each group
 * ("we write microservices, and the proxy under them").
 */
static void
load_combines(struct loader *L, struct kb_question *qu, json_t *choices,
    const char *qpath)
{
	json_t *ch, *groups, *grp, *id;
	char p[400];
	size_t j, g, k;

	json_array_foreach(choices, j, ch) {
		struct kb_choice *c;
		int ci;

		if (!json_is_object(ch) ||
		    (groups = json_object_get(ch, "combines")) == NULL ||
		    !json_is_string(json_object_get(ch, "id")) ||
		    (ci = kb_choice_index(qu, json_string_value(
		    json_object_get(ch, "id")))) < 0)
			continue;
		c = &qu->choices[ci];
		(void)path_cut(p, sizeof(p), snprintf(p, sizeof(p),
		    "%s.choices[%zu].combines", qpath, j));
		if (!json_is_array(groups) || json_array_size(groups) < 2 ||
		    json_array_size(groups) > KB_MAX_COMBINES) {
			lerr(L, p, "expected 2 to %d groups of choices",
			    KB_MAX_COMBINES);
			continue;
		}
		json_array_foreach(groups, g, grp) {
			uint32_t bits = 0;

			if (!json_is_array(grp) || json_array_size(grp) == 0) {
				lerr(L, p, "expected arrays of choice ids");
				break;
			}
			json_array_foreach(grp, k, id) {
				int x = json_is_string(id) ? kb_choice_index(qu,
				    json_string_value(id)) : -1;

				if (x < 0 || x == ci)
					lerr(L, p, "'%s' is not another choice of "
					    "question '%s'", json_is_string(id) ?
					    json_string_value(id) : "?", qu->id);
				else
					bits |= 1u << x;
			}
			c->combines[c->ncombines++] = bits;
		}
	}
}

static void
load_questions(struct loader *L, json_t *arr)
{
	static const char *const qf[] = { "id", "text", "why", "choices",
	    "skip_if", "assume", NULL };
	static const char *const qreq[] = { "id", "text", "why", "choices",
	    NULL };
	static const char *const cf[] = { "id", "label", "match", "combines",
	    NULL };
	static const char *const creq[] = { "id", "label", NULL };
	struct kb *kb = L->kb;
	struct kb_dialogue *dl = &kb->dialogue;
	struct strmap qids;
	json_t *q, *choices, *ch, *m;
	char p[256], cp[300], mp[340];
	size_t i, j, k;

	if (strmap_init(&qids, 64) == -1)
		return;
	dl->questions = arena_calloc(&kb->arena, json_array_size(arr) + 1,
	    sizeof(*dl->questions));
	if (dl->questions == NULL)
		goto out;
	json_array_foreach(arr, i, q) {
		struct kb_question *qu = &dl->questions[dl->nquestions];

		/* a rejected question's slot is reused: nchoices from 0 */
		memset(qu, 0, sizeof(*qu));
		path_idx(p, sizeof(p), "$.questions", i);
		if (check_object(L, q, p, qf, qreq) == -1)
			continue;
		qu->index = dl->nquestions;
		qu->id = get_id(L, q, p, "id");
		qu->text = get_str(L, q, p, "text", 300);
		qu->why = get_str(L, q, p, "why", 600);
		qu->assume = get_str(L, q, p, "assume", 100);
		qu->assume_index = -1;
		choices = get_array(L, q, p, "choices", KB_MAX_CHOICES);
		if (choices != NULL) {
			struct strmap cids;

			if (json_array_size(choices) < 2)
				lerr(L, path_key(cp, sizeof(cp), p, "choices"),
				    "a question needs at least two choices");
			qu->choices = arena_calloc(&kb->arena,
			    json_array_size(choices) + 1, sizeof(*qu->choices));
			if (qu->choices == NULL || strmap_init(&cids, 64) == -1)
				continue;
			json_array_foreach(choices, j, ch) {
				struct kb_choice *c = &qu->choices[qu->nchoices];
				json_t *match;

				/* a rejected choice's slot is reused: nmatch
				 * from 0 */
				memset(c, 0, sizeof(*c));
				(void)path_cut(cp, sizeof(cp), snprintf(cp,
				    sizeof(cp), "%s.choices[%zu]", p, j));
				if (check_object(L, ch, cp, cf, creq) == -1)
					continue;
				c->id = get_id(L, ch, cp, "id");
				c->label = get_str(L, ch, cp, "label", 200);
				match = get_array(L, ch, cp, "match", 64);
				if (match != NULL) {
					c->match = arena_calloc(&kb->arena,
					    json_array_size(match) + 1,
					    sizeof(*c->match));
					json_array_foreach(match, k, m) {
						(void)path_cut(mp, sizeof(mp),
						    snprintf(mp, sizeof(mp),
						    "%s.match[%zu]", cp, k));
						if (!json_is_string(m) ||
						    json_string_length(m) == 0) {
							lerr(L, mp, "expected a "
							    "non-empty string");
							continue;
						}
						if (c->match == NULL)
							continue;
						if (kb_phrase_compile(kb,
						    json_string_value(m),
						    &c->match[c->nmatch]) == -1)
							lerr(L, mp, "'%s' has no "
							    "words to match",
							    json_string_value(m));
						else
							c->nmatch++;
					}
				}
				if (c->id == NULL || c->label == NULL)
					continue;
				id_register(L, &cids, c->id,
				    (int32_t)qu->nchoices, cp, "choice");
				qu->nchoices++;
			}
			strmap_free(&cids);
			load_combines(L, qu, choices, p);
		}
		if (qu->id == NULL || qu->text == NULL || qu->why == NULL ||
		    qu->nchoices == 0)
			continue;
		id_register(L, &qids, qu->id, (int32_t)dl->nquestions, p,
		    "question");
		dl->nquestions++;
	}
	/* Second pass: assumptions and skip conditions name questions. */
	json_array_foreach(arr, i, q) {
		struct kb_question *qu;
		int32_t qi;
		json_t *skip;

		if (!json_is_object(q) ||
		    !json_is_string(json_object_get(q, "id")) ||
		    (qi = strmap_get(&qids, json_string_value(
		    json_object_get(q, "id")))) < 0)
			continue;
		qu = &dl->questions[qi];
		path_idx(p, sizeof(p), "$.questions", i);
		if (qu->assume != NULL && (qu->assume_index =
		    kb_choice_index(qu, qu->assume)) < 0)
			lerr(L, path_key(cp, sizeof(cp), p, "assume"),
			    "question '%s' has no choice '%s'", qu->id,
			    qu->assume);
		if ((skip = json_object_get(q, "skip_if")) != NULL) {
			path_key(cp, sizeof(cp), p, "skip_if");
			if (load_cond(L, skip, cp, &qu->skip_if) == 0)
				qu->has_skip_if = 1;
		}
	}
out:
	strmap_free(&qids);
}

static void
load_dialogue(struct loader *L)
{
	static const char *const top[] = { "central_question", "intro",
	    "outcomes", "questions", "rules", "caveats", NULL };
	static const char *const topreq[] = { "central_question", "outcomes",
	    "questions", "rules", NULL };
	static const char *const of[] = { "id", "label", "summary", NULL };
	static const char *const oreq[] = { "id", "label", NULL };
	static const char *const rf[] = { "id", "when", "weights", "reason",
	    "claims", NULL };
	static const char *const rreq[] = { "id", "when", "weights", "reason",
	    "claims", NULL };
	static const char *const cvf[] = { "id", "when", "outcome", "text",
	    "claims", NULL };
	static const char *const cvreq[] = { "id", "when", "text", "claims",
	    NULL };
	struct kb *kb = L->kb;
	struct kb_dialogue *dl = &kb->dialogue;
	json_t *root = L->roots[F_DIALOGUE], *arr, *o;
	struct strmap ids;
	char p[256], fp[300];
	size_t i;

	L->file = file_names[F_DIALOGUE];
	if (root == NULL || strmap_init(&ids, 256) == -1)
		return;
	(void)check_object(L, root, "$", top, topreq);
	dl->central_question = get_str(L, root, "$", "central_question", 300);
	dl->intro = get_str(L, root, "$", "intro", 600);

	if ((arr = get_array(L, root, "$", "outcomes", KB_MAX_OUTCOMES)) !=
	    NULL) {
		struct strmap oids;

		if (strmap_init(&oids, 16) == -1)
			goto out;
		dl->outcomes = arena_calloc(&kb->arena, json_array_size(arr) + 1,
		    sizeof(*dl->outcomes));
		json_array_foreach(arr, i, o) {
			struct kb_outcome *oc = &dl->outcomes[dl->noutcomes];

			path_idx(p, sizeof(p), "$.outcomes", i);
			if (dl->outcomes == NULL ||
			    check_object(L, o, p, of, oreq) == -1)
				continue;
			oc->id = get_id(L, o, p, "id");
			oc->label = get_str(L, o, p, "label", 200);
			oc->summary = get_str(L, o, p, "summary", 600);
			if (oc->id == NULL || oc->label == NULL)
				continue;
			id_register(L, &oids, oc->id, (int32_t)dl->noutcomes, p,
			    "outcome");
			dl->noutcomes++;
		}
		strmap_free(&oids);
		if (dl->noutcomes < 2)
			lerr(L, "$.outcomes", "at least two outcomes needed");
	}
	if ((arr = get_array(L, root, "$", "questions", KB_MAX_QUESTIONS)) !=
	    NULL)
		load_questions(L, arr);
	if (dl->nquestions == 0)
		lerr(L, "$.questions", "no questions");

	if ((arr = get_array(L, root, "$", "rules", KB_MAX_RULES)) != NULL) {
		dl->rules = arena_calloc(&kb->arena, json_array_size(arr) + 1,
		    sizeof(*dl->rules));
		json_array_foreach(arr, i, o) {
			struct kb_rule *r = &dl->rules[dl->nrules];
			json_t *w, *wv;
			const char *key;
			int bad = 0;

			path_idx(p, sizeof(p), "$.rules", i);
			if (dl->rules == NULL ||
			    check_object(L, o, p, rf, rreq) == -1)
				continue;
			r->id = get_id(L, o, p, "id");
			r->reason = get_str(L, o, p, "reason", 600);
			if ((w = json_object_get(o, "when")) != NULL &&
			    load_cond(L, w, path_key(fp, sizeof(fp), p, "when"),
			    &r->when) == -1)
				bad = 1;
			if ((w = json_object_get(o, "when")) != NULL &&
			    json_is_object(w) && json_object_size(w) == 0) {
				lerr(L, fp, "a rule needs a condition");
				bad = 1;
			}
			w = json_object_get(o, "weights");
			path_key(fp, sizeof(fp), p, "weights");
			if (w != NULL && (!json_is_object(w) ||
			    json_object_size(w) == 0)) {
				lerr(L, fp, "expected an object of outcome "
				    "weights");
				bad = 1;
			} else if (w != NULL) {
				json_object_foreach(w, key, wv) {
					int oi = kb_outcome_index(kb, key);
					char wp[340];

					path_key(wp, sizeof(wp), fp, key);
					if (oi < 0) {
						lerr(L, wp, "unknown outcome "
						    "'%s'", key);
						bad = 1;
					} else if (!json_is_number(wv) ||
					    fabs(json_number_value(wv)) > 100) {
						lerr(L, wp, "expected a number "
						    "from -100 to 100");
						bad = 1;
					} else
						r->weights[oi] =
						    json_number_value(wv);
				}
			}
			r->nclaims = load_claim_refs(L, o, p, &r->claims);
			if (r->nclaims == 0 && json_object_get(o, "claims") &&
			    !L->no_claims)
				lerr(L, path_key(fp, sizeof(fp), p, "claims"),
				    "a rule must cite at least one claim");
			if (r->id == NULL || r->reason == NULL || bad ||
			    r->nclaims == 0)
				continue;
			id_register(L, &ids, r->id, (int32_t)dl->nrules, p,
			    "rule");
			dl->nrules++;
		}
	}
	if ((arr = get_array(L, root, "$", "caveats", KB_MAX_RULES)) != NULL) {
		dl->caveats = arena_calloc(&kb->arena, json_array_size(arr) + 1,
		    sizeof(*dl->caveats));
		json_array_foreach(arr, i, o) {
			struct kb_caveat *cv = &dl->caveats[dl->ncaveats];
			json_t *w;
			int bad = 0;

			path_idx(p, sizeof(p), "$.caveats", i);
			if (dl->caveats == NULL ||
			    check_object(L, o, p, cvf, cvreq) == -1)
				continue;
			cv->id = get_id(L, o, p, "id");
			cv->text = get_str(L, o, p, "text", 600);
			cv->outcome = get_str(L, o, p, "outcome", 100);
			cv->outcome_index = -1;
			if (cv->outcome != NULL && (cv->outcome_index =
			    kb_outcome_index(kb, cv->outcome)) < 0) {
				lerr(L, path_key(fp, sizeof(fp), p, "outcome"),
				    "unknown outcome '%s'", cv->outcome);
				bad = 1;
			}
			if ((w = json_object_get(o, "when")) != NULL &&
			    load_cond(L, w, path_key(fp, sizeof(fp), p, "when"),
			    &cv->when) == -1)
				bad = 1;
			cv->nclaims = load_claim_refs(L, o, p, &cv->claims);
			if (cv->id == NULL || cv->text == NULL || bad)
				continue;
			id_register(L, &ids, cv->id, (int32_t)(KB_MAX_RULES +
			    dl->ncaveats), p, "caveat");
			dl->ncaveats++;
		}
	}
out:
	strmap_free(&ids);
}

/*
 * The content hash: BLAKE2b-256 over each file's canonical form (keys
 * sorted, no insignificant whitespace), in a fixed order, each preceded by
 * its name.  Reformatting a file does not change it; any change of content
 * does.
 */
static int
kb_hash(struct loader *L)
{
	crypto_generichash_state st;
	struct kb *kb = L->kb;
	size_t i;

	if (crypto_generichash_init(&st, NULL, 0, KB_HASH_BYTES) != 0)
		return -1;
	for (i = 0; i < NFILES; i++) {
		char *canon = json_dumps(L->roots[i], JSON_SORT_KEYS |
		    JSON_COMPACT | JSON_ENCODE_ANY);

		if (canon == NULL)
			return -1;
		(void)crypto_generichash_update(&st,
		    (const unsigned char *)file_names[i],
		    strlen(file_names[i]) + 1);
		(void)crypto_generichash_update(&st,
		    (const unsigned char *)canon, strlen(canon) + 1);
		free(canon);
	}
	(void)crypto_generichash_final(&st, kb->hash, KB_HASH_BYTES);
	(void)sodium_bin2hex(kb->hash_hex, sizeof(kb->hash_hex), kb->hash,
	    KB_HASH_BYTES);
	return 0;
}

static void
loader_free(struct loader *L)
{
	size_t i;

	for (i = 0; i < NFILES; i++)
		if (L->roots[i] != NULL)
			json_decref(L->roots[i]);
	strmap_free(&L->source_ids);
	strmap_free(&L->section_ids);
	strmap_free(&L->topic_ids);
	strmap_free(&L->subject_ids);
}

/*
 * Load and validate the knowledge base in directory dir.  Returns the kb,
 * which the caller frees with kb_free(), or NULL with every problem in
 * errs.
 */
struct kb *
kb_load(const char *dir, struct errlist *errs)
{
	struct loader L;
	struct kb *kb;
	size_t before = errlist_count(errs);

	if (sodium_init() < 0) {
		errlist_add(errs, "libsodium failed to initialize");
		return NULL;
	}
	if ((kb = calloc(1, sizeof(*kb))) == NULL) {
		errlist_add(errs, "out of memory");
		return NULL;
	}
	arena_init(&kb->arena, 64 * 1024 * 1024);
	memset(&L, 0, sizeof(L));
	L.kb = kb;
	L.errs = errs;
	if (strmap_init(&L.source_ids, 64) == -1 ||
	    strmap_init(&L.section_ids, 64) == -1 ||
	    strmap_init(&L.topic_ids, 64) == -1 ||
	    strmap_init(&L.subject_ids, 16) == -1 ||
	    strmap_init(&kb->ids, 512) == -1 ||
	    strmap_init(&kb->mvocab, 512) == -1 ||
	    (kb->stemmer = text_stemmer_new()) == NULL) {
		errlist_add(errs, "out of memory");
		goto fail;
	}
	kb->dir = arena_strdup(&kb->arena, dir);

	load_files(&L, dir);
	load_manifest(&L);
	load_sources(&L);
	load_sections(&L);
	load_topics(&L);
	{
		size_t before_claims = errlist_count(errs);

		load_claims(&L);
		/* orphans are noise when claims themselves are broken */
		L.no_claims = L.roots[F_CLAIMS] == NULL || kb->nclaims == 0;
		if (errlist_count(errs) == before_claims && !L.no_claims)
			check_unused(&L);
	}
	load_table(&L);
	/* The lexicon comes before the dialogue: choices compile phrases. */
	load_lexicon(&L);
	if (errlist_count(errs) == before && kb_index_build(kb, errs) == -1 &&
	    errlist_count(errs) == before)
		errlist_add(errs, "%s: cannot build the search index", dir);
	load_dialogue(&L);

	if (kb->arena.failed)
		errlist_add(errs, "%s: knowledge base too large or out of "
		    "memory", dir);
	if (errlist_count(errs) != before)
		goto fail;
	if (kb_hash(&L) == -1) {
		errlist_add(errs, "%s: cannot compute the content hash", dir);
		goto fail;
	}
	loader_free(&L);
	return kb;
fail:
	loader_free(&L);
	kb_free(kb);
	return NULL;
}

void
kb_free(struct kb *kb)
{
	if (kb == NULL)
		return;
	kb_index_free(kb);
	strmap_free(&kb->ids);
	text_stemmer_free(kb->stemmer);
	arena_free(&kb->arena);
	free(kb);
}
