/* SPDX-License-Identifier: ISC */
/*
 * kb_fields.c: reading JSON objects by field tables, for the knowledge base
 * loader (see kb_fields.h).
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb_fields.h"

static void	fields_reject(struct loader *, json_t *);

#define PATH_MAX_LEN	400

const char *const kb_file_names[NFILES] = {
	"kb.json", "sources.json", "sections.json", "topics.json",
	"claims.json", "table.json", "lexicon.json", "dialogue.json"
};

/* Report "file: path: message". */
void
fields_error(struct loader *L, const char *path, const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	errlist_add(L->errs, "%s: %s: %s", L->file, path, msg);
}

const char *
fields_typename(const json_t *j)
{
	if (j == NULL)
		return "nothing";
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

/* Report that v, at path, is not what was wanted ("a string"); -1. */
int
fields_want(struct loader *L, const char *path, const char *want,
    const json_t *v)
{
	fields_error(L, path, "expected %s, got %s", want, fields_typename(v));
	return -1;
}

/* path + "." + key, or path + "[i]", into buf; marked when cut short. */
static const char *
path_cut(char *buf, size_t len, int n)
{
	if ((n < 0 || (size_t)n >= len) && len > 4)
		(void)strcpy(buf + len - 4, "...");
	return buf;
}

const char *
fields_key(char *buf, size_t len, const char *path, const char *key)
{
	return path_cut(buf, len, snprintf(buf, len, "%s.%s", path, key));
}

const char *
fields_index(char *buf, size_t len, const char *path, size_t i)
{
	return path_cut(buf, len, snprintf(buf, len, "%s[%zu]", path, i));
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

/* A string field: non-blank, no NUL, at most max bytes, in the arena. */
static const char *
read_str(struct loader *L, json_t *v, const char *p, size_t max)
{
	const char *s;
	size_t len;

	if (!json_is_string(v)) {
		(void)fields_want(L, p, "a string", v);
		return NULL;
	}
	s = json_string_value(v);
	len = json_string_length(v);
	if (len == 0 || strspn(s, " \t\r\n") == len) {
		fields_error(L, p, "empty string");
		return NULL;
	}
	if (memchr(s, '\0', len) != NULL) {
		fields_error(L, p, "contains a NUL character");
		return NULL;
	}
	if (len > max) {
		fields_error(L, p, "longer than %zu bytes", max);
		return NULL;
	}
	return arena_strndup(&L->kb->arena, s, len);
}

/*
 * Read the value v of field f (at path p) into dst.  Returns 0 when it is
 * valid, -1 (reported) when not.
 */
int
fields_value(struct loader *L, json_t *v, const char *p, const struct field *f,
    void *dst)
{
	char *at = (char *)dst + f->off;
	const char *s;
	json_int_t n;
	json_t *e;
	size_t i;
	double d;
	int iv;

	switch (f->type) {
	case FT_ID:
		if ((s = read_str(L, v, p, 256)) == NULL)
			return -1;
		if (!id_valid(s)) {
			fields_error(L, p, "invalid id '%s' (want up to %d of "
			    "a-z 0-9 . _ -, starting with a letter or digit)", s,
			    KB_MAX_ID);
			return -1;
		}
		memcpy(at, &s, sizeof(s));
		return 0;
	case FT_STR:
		if ((s = read_str(L, v, p, (size_t)f->hi)) == NULL)
			return -1;
		memcpy(at, &s, sizeof(s));
		return 0;
	case FT_INT:
		if (!json_is_integer(v))
			return fields_want(L, p, "an integer", v);
		n = json_integer_value(v);
		if (n < f->lo || n > f->hi) {
			fields_error(L, p, "%lld out of range %ld..%ld",
			    (long long)n, f->lo, f->hi);
			return -1;
		}
		iv = (int)n;
		memcpy(at, &iv, sizeof(iv));
		return 0;
	case FT_NUM:
		if (!json_is_number(v))
			return fields_want(L, p, "a number", v);
		if (!isfinite(d = json_number_value(v))) {
			fields_error(L, p, "not a finite number");
			return -1;
		}
		memcpy(at, &d, sizeof(d));
		return 0;
	case FT_ARRAY:
		if (!json_is_array(v))
			return fields_want(L, p, "an array", v);
		if (json_array_size(v) > (size_t)f->hi) {
			fields_error(L, p, "more than %ld entries", f->hi);
			/* references into it are not errors of their own */
			json_array_foreach(v, i, e)
				fields_reject(L, e);
			return -1;
		}
		break;
	case FT_OBJECT:
		if (!json_is_object(v))
			return fields_want(L, p, "an object", v);
		break;
	case FT_ANY:
		break;
	}
	memcpy(at, &v, sizeof(v));
	return 0;
}

/*
 * Read object obj (at path) by the table fields into dst: report that it
 * is not an object, its unknown fields, its missing required fields, then
 * each field that is of the wrong type or out of bounds.  A field that is
 * absent or invalid leaves dst as it was.  Returns 0 when obj is an object
 * whose required fields are all present and valid, -1 otherwise.
 */
int
fields_read(struct loader *L, json_t *obj, const char *path,
    const struct field *fields, void *dst)
{
	const struct field *f;
	const char *key;
	char p[PATH_MAX_LEN];
	json_t *v;
	int rc = 0;

	if (!json_is_object(obj))
		return fields_want(L, path, "an object", obj);
	json_object_foreach(obj, key, v) {
		for (f = fields; f->key != NULL; f++)
			if (strcmp(f->key, key) == 0)
				break;
		if (f->key == NULL)
			fields_error(L, path, "unknown field '%s'", key);
	}
	for (f = fields; f->key != NULL; f++)
		if ((f->flags & FIELD_REQ) && json_object_get(obj, f->key) ==
		    NULL) {
			fields_error(L, path, "missing field '%s'", f->key);
			rc = -1;
		}
	for (f = fields; f->key != NULL; f++) {
		if ((v = json_object_get(obj, f->key)) == NULL)
			continue;
		fields_key(p, sizeof(p), path, f->key);
		if (fields_value(L, v, p, f, dst) == -1 &&
		    (f->flags & FIELD_REQ))
			rc = -1;
	}
	return rc;
}

/* Remember the id of refused entry e, if it has one; see fields_rejected(). */
static void
fields_reject(struct loader *L, json_t *e)
{
	const char *id, *s;

	if ((id = json_string_value(json_object_get(e, "id"))) == NULL ||
	    strmap_get(&L->rejected, id) >= 0)
		return;
	if ((s = arena_strdup(&L->kb->arena, id)) == NULL ||
	    strmap_put(&L->rejected, s, 1) == -1)
		L->kb->arena.failed = 1;
}

/*
 * Read array arr (at path) of entries described by E into a new array in
 * the kb's arena, and return it (room for one more entry, zeroed), with
 * the number of valid entries in *np; NULL when memory ran out.  Each
 * entry is built in scratch memory and copied into the array only when it
 * is valid and, if ids is not NULL, its id is new (then registered in ids
 * with its index).
 */
void *
fields_list(struct loader *L, json_t *arr, const char *path,
    const struct entries *E, struct strmap *ids, size_t *np)
{
	unsigned char *out, *tmp;
	char p[PATH_MAX_LEN], ip[PATH_MAX_LEN];
	const char *id;
	json_t *e;
	size_t i, n = 0;
	int32_t prev;

	*np = 0;
	out = arena_calloc(&L->kb->arena, json_array_size(arr) + 1, E->size);
	if (out == NULL || (tmp = malloc(E->scratch)) == NULL) {
		L->kb->arena.failed = 1;
		return NULL;
	}
	json_array_foreach(arr, i, e) {
		size_t nerr = errlist_count(L->errs);
		int bad;

		memset(tmp, 0, E->scratch);
		fields_index(p, sizeof(p), path, i);
		/* check() runs even when a field failed: report everything */
		bad = fields_read(L, e, p, E->fields, tmp) == -1;
		if (json_is_object(e) && E->check != NULL &&
		    E->check(L, e, p, tmp) == -1)
			bad = 1;
		if (bad) {
			/* only when it said why: else a reference must */
			if (errlist_count(L->errs) > nerr)
				fields_reject(L, e);
			continue;
		}
		if (ids != NULL) {
			memcpy(&id, tmp + E->fields[0].off, sizeof(id));
			fields_key(ip, sizeof(ip), p, "id");
			if ((prev = strmap_get(ids, id)) >= 0) {
				fields_error(L, ip, "duplicate %s id '%s' (also "
				    "at index %d)", E->what, id, prev);
				continue;
			}
			if (strmap_put(ids, id, (int32_t)n) == -1) {
				fields_error(L, ip, "out of memory");
				continue;
			}
		}
		memcpy(out + n * E->size, tmp, E->size);
		if (E->commit != NULL)
			E->commit(L, out + n * E->size, n);
		n++;
	}
	free(tmp);
	*np = n;
	return out;
}

/*
 * Whether id belongs to an entry that was refused: its own errors say
 * why, and "unknown claim 'x'" for every reference to it would mislead.
 */
int
fields_rejected(const struct loader *L, const char *id)
{
	return id != NULL && strmap_get(&L->rejected, id) >= 0;
}

/*
 * Whether the ids of map are missing because the file that declares them
 * could not be read or parsed, or (claims) none was valid.  That file's
 * own errors say so; one "unknown" error for every reference into it
 * would bury them.
 */
int
fields_unreadable(const struct loader *L, const struct strmap *map)
{
	return (map == &L->source_ids && L->roots[F_SOURCES] == NULL) ||
	    (map == &L->section_ids && L->roots[F_SECTIONS] == NULL) ||
	    (map == &L->topic_ids && L->roots[F_TOPICS] == NULL) ||
	    (map == &L->subject_ids && L->roots[F_KB] == NULL) ||
	    (map == &L->kb->ids && L->kb->nclaims == 0);
}

/* Look up a reference; report it when it names nothing. */
int32_t
fields_resolve(struct loader *L, const struct strmap *map, const char *id,
    const char *path, const char *what)
{
	int32_t i;

	if (id == NULL)
		return -1;
	if ((i = strmap_get(map, id)) < 0 && !fields_unreadable(L, map) &&
	    !fields_rejected(L, id))
		fields_error(L, path, "unknown %s '%s'", what, id);
	return i;
}

/* The claim that string v names (at path), or NULL, reported. */
const struct kb_claim *
fields_claim(struct loader *L, json_t *v, const char *path)
{
	int32_t k;

	if (!json_is_string(v)) {
		(void)fields_want(L, path, "a string", v);
		return NULL;
	}
	if ((k = strmap_get(&L->kb->ids, json_string_value(v))) < 0) {
		if (!fields_unreadable(L, &L->kb->ids) &&
		    !fields_rejected(L, json_string_value(v)))
			fields_error(L, path, "unknown claim '%s'",
			    json_string_value(v));
		return NULL;
	}
	return &L->kb->claims[k];
}

/*
 * The claims that array arr (at path, already bounded) cites, into a new
 * array *out; returns how many are valid.
 */
size_t
fields_claims(struct loader *L, json_t *arr, const char *path,
    const struct kb_claim ***out)
{
	const struct kb_claim *c;
	char p[PATH_MAX_LEN];
	json_t *v;
	size_t i, n = 0;

	*out = NULL;
	if (arr == NULL)
		return 0;
	*out = arena_calloc(&L->kb->arena, json_array_size(arr) + 1,
	    sizeof(**out));
	if (*out == NULL)
		return 0;
	json_array_foreach(arr, i, v)
		if ((c = fields_claim(L, v, fields_index(p, sizeof(p), path,
		    i))) != NULL)
			(*out)[n++] = c;
	return n;
}

/* A verdict names a subject or is "context"; -1 (reported) if not. */
int
fields_verdict(struct loader *L, const char *verdict, const char *path)
{
	if (verdict == NULL || strcmp(verdict, "context") == 0 ||
	    strmap_get(&L->subject_ids, verdict) >= 0)
		return 0;
	if (!fields_unreadable(L, &L->subject_ids) &&
	    !fields_rejected(L, verdict))
		fields_error(L, path, "unknown verdict '%s' (want a subject "
		    "or 'context')", verdict);
	return -1;
}
