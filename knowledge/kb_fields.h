/* SPDX-License-Identifier: ISC */
/*
 * kb_fields.h: what the knowledge base loader's files share (kb_load*.c);
 * not part of the kb API.
 *
 * Every JSON object of a knowledge base is read the same way: by a table
 * of its fields, each with a type, bounds, whether it is required and
 * where in a C struct its value goes.  fields_read() applies one table to
 * one object; fields_list() applies one to every entry of an array,
 * building each entry in scratch memory and copying it into the kb's
 * array only when it is valid, so that a rejected entry leaves nothing
 * behind.  Errors read "file: path: message", all of them collected.
 */
#ifndef KB_FIELDS_H
#define KB_FIELDS_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "kb.h"

enum kb_file {
	F_KB, F_SOURCES, F_SECTIONS, F_TOPICS, F_CLAIMS, F_TABLE, F_LEXICON,
	F_DIALOGUE, NFILES
};

extern const char *const kb_file_names[NFILES];

struct loader {
	struct kb	*kb;
	struct errlist	*errs;
	const char	*file;		/* the file being checked */
	json_t		*roots[NFILES];
	/* ids, each to its index in its array (caveats share rule_ids) */
	struct strmap	 source_ids, section_ids, topic_ids, subject_ids;
	struct strmap	 row_ids, outcome_ids, question_ids, rule_ids;
	/* ids of entries refused: a reference to one is no error of its own */
	struct strmap	 rejected;
};

/* What a field holds, and what fields_read() stores at its offset. */
enum field_type {
	FT_ID,		/* const char *: an id (a-z 0-9 . _ -) */
	FT_STR,		/* const char *: non-blank, at most hi bytes */
	FT_INT,		/* int: an integer from lo to hi */
	FT_NUM,		/* double: a finite number */
	FT_ARRAY,	/* json_t *: an array of at most hi entries */
	FT_OBJECT,	/* json_t *: an object */
	FT_ANY		/* json_t *: anything; the caller checks it */
};

#define FIELD_REQ	0x1	/* required: missing or invalid rejects */

struct field {
	const char	*key;		/* NULL ends a table */
	enum field_type	 type;
	int		 flags;
	size_t		 off;		/* where the value goes in dst */
	long		 lo, hi;	/* bounds, by type (see above) */
};

/* Table rows: F(struct, member, "key", type, flags, lo, hi). */
#define F(st, m, key, type, flags, lo, hi) \
	{ key, type, flags, offsetof(st, m), lo, hi }
#define F_END	{ NULL, FT_ANY, 0, 0, 0, 0 }

#define FIELDS_MAX	16	/* fields of one kind of entry */

/*
 * An array of entries of one kind.  An entry is read by its fields into a
 * zeroed scratch struct of scratch bytes, whose first size bytes are the
 * element of the kb's array (further members hold what only the loader
 * needs, such as references still to resolve).  check() (optional) checks
 * what the table cannot and returns -1 to reject the entry; commit()
 * (optional) records what a committed entry, now at index i, adds to the
 * rest of the kb.  When the array has ids, fields[0] is the "id".
 */
struct entries {
	const char	*what;		/* "source", for messages */
	size_t		 size;
	size_t		 scratch;
	int		(*check)(struct loader *, json_t *, const char *, void *);
	void		(*commit)(struct loader *, void *, size_t);
	struct field	 fields[FIELDS_MAX + 1];
};

/*
 * ENTRIES("source", element type, scratch type, check, commit, F(...),
 * ...): the entries and their field table in one declaration.
 */
#define ENTRIES(what, st, scratch, check, commit, ...) \
	{ what, sizeof(st), sizeof(scratch), check, commit, \
	    { __VA_ARGS__, F_END } }

void		 fields_error(struct loader *, const char *, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
const char	*fields_typename(const json_t *);
int		 fields_want(struct loader *, const char *, const char *,
		    const json_t *);
const char	*fields_key(char *, size_t, const char *, const char *);
const char	*fields_index(char *, size_t, const char *, size_t);
int		 fields_value(struct loader *, json_t *, const char *,
		    const struct field *, void *);
int		 fields_read(struct loader *, json_t *, const char *,
		    const struct field *, void *);
void		*fields_list(struct loader *, json_t *, const char *,
		    const struct entries *, struct strmap *, size_t *);
int		 fields_unreadable(const struct loader *, const struct strmap *);
int		 fields_rejected(const struct loader *, const char *);
int32_t		 fields_resolve(struct loader *, const struct strmap *,
		    const char *, const char *, const char *);
const struct kb_claim *fields_claim(struct loader *, json_t *, const char *);
size_t		 fields_claims(struct loader *, json_t *, const char *,
		    const struct kb_claim ***);
int		 fields_verdict(struct loader *, const char *, const char *);

/* The loaders, one per concern, in the order kb_load() runs them. */
void		 kb_load_article(struct loader *);
void		 kb_load_table(struct loader *);
void		 kb_load_lexicon(struct loader *);
void		 kb_load_dialogue(struct loader *);
void		 kb_load_phrases(struct loader *, json_t *);

#endif
