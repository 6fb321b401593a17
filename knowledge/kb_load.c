/* SPDX-License-Identifier: ISC */
/*
 * kb_load.c: turn a knowledge base's files into a validated struct kb.
 *
 * The loader does no I/O: its caller hands it each file's bytes through a
 * struct kb_reader (the daemon and the tools read a directory,
 * daemon/kbdir.c; the fuzzer splits one input).  Every file is parsed with
 * jansson (duplicate keys rejected), then walked field by field, by the
 * field tables of kb_load_article.c, kb_load_lexicon.c and
 * kb_load_dialogue.c (kb_fields.h): unknown fields, missing fields, wrong
 * types, empty or overlong strings, control characters in text, malformed
 * or duplicate ids and references to ids that do not exist are all errors.
 * Each error names the file, the JSON path and what is wrong, e.g.
 *
 *	claims.json: $.claims[12].source: unknown source 'so-2024'
 *
 * and all of them are collected before kb_load() gives up, so that an
 * author fixes a knowledge base in one pass.  A kb with any error is freed
 * and never returned.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "kb_fields.h"

#define TEXT_PATH_MAX	400

/* The length of a path at bytes long after snprintf() added n (cut short). */
static size_t
text_at(size_t at, int n)
{
	if (n < 0)
		return at;
	return at + (size_t)n < TEXT_PATH_MAX ? at + (size_t)n :
	    TEXT_PATH_MAX - 1;
}

/*
 * The control character or line break starting at s (n bytes of valid
 * UTF-8 left), or 0: U+0001 to U+001F, U+007F, the C1 controls U+0080 to
 * U+009F (U+0085 is a line break) and U+2028, U+2029 (line and paragraph
 * separators).
 */
static unsigned
load_text_control(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (u[0] < 0x20 || u[0] == 0x7f)
		return u[0];
	if (n >= 2 && u[0] == 0xc2 && u[1] >= 0x80 && u[1] <= 0x9f)
		return u[1];
	if (n >= 3 && u[0] == 0xe2 && u[1] == 0x80 &&
	    (u[2] == 0xa8 || u[2] == 0xa9))
		return 0x2000u + (u[2] - 0xa8u) + 0x28u;
	return 0;
}

/*
 * Report every string of v (in file name) that holds a control character
 * (U+0001 to U+001F, U+007F, U+0080 to U+009F) or a line or paragraph
 * separator (U+2028, U+2029; jansson refuses U+0000), naming the first
 * one: KB text is one line of printable characters (a tab, a newline or an
 * escape would reach users and transcripts unseen).  v's path is in p, at
 * bytes long, p TEXT_PATH_MAX bytes (a deeper path is cut short); one
 * buffer for every level, as the nesting goes as deep as jansson allows.
 */
static void
load_text(struct loader *L, const char *name, json_t *v, char *p, size_t at)
{
	const char *s, *key;
	json_t *e;
	size_t i, len;
	unsigned cp;
	int n;

	switch (json_typeof(v)) {
	case JSON_STRING:
		s = json_string_value(v);
		len = json_string_length(v);
		for (i = 0; i < len; i++)
			if ((cp = load_text_control(s + i, len - i)) != 0) {
				errlist_add(L->errs, "%s: %s: control character "
				    "U+%04X in text (want one line of printable "
				    "characters)", name, p, cp);
				break;
			}
		break;
	case JSON_ARRAY:
		json_array_foreach(v, i, e) {
			n = snprintf(p + at, TEXT_PATH_MAX - at, "[%zu]", i);
			load_text(L, name, e, p, text_at(at, n));
		}
		break;
	case JSON_OBJECT:
		json_object_foreach(v, key, e) {
			n = snprintf(p + at, TEXT_PATH_MAX - at, ".%s", key);
			load_text(L, name, e, p, text_at(at, n));
		}
		break;
	default:
		break;
	}
	p[at] = '\0';
}

/*
 * Parse every file the reader gives; a missing, oversized or unparsable
 * file is an error of its own.
 */
static void
load_files(struct loader *L, const struct kb_reader *rd)
{
	char why[256], path[TEXT_PATH_MAX];
	json_error_t jerr;
	const char *data;
	size_t i, len;

	for (i = 0; i < NFILES; i++) {
		const char *name = kb_file_names[i];

		why[0] = '\0';
		data = rd->read(rd->arg, name, KB_MAX_FILE, &len, why,
		    sizeof(why));
		if (data == NULL) {
			errlist_add(L->errs, "%s: %s", name, why[0] != '\0' ?
			    why : "cannot read");
			continue;
		}
		if (len > KB_MAX_FILE) {
			errlist_add(L->errs, "%s: larger than %d bytes", name,
			    KB_MAX_FILE);
			continue;
		}
		/* jansson's words for these would puzzle an author */
		if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
			errlist_add(L->errs, "%s:1:1: starts with a byte order "
			    "mark (U+FEFF); save it as UTF-8 without one", name);
			continue;
		}
		L->roots[i] = json_loadb(data, len, JSON_REJECT_DUPLICATES,
		    &jerr);
		if (L->roots[i] == NULL)
			errlist_add(L->errs, "%s:%d:%d: %s", name, jerr.line,
			    jerr.column, strstr(jerr.text, "JSON_ALLOW_NUL") !=
			    NULL ? "\\u0000 (a NUL character) is not allowed" :
			    jerr.text);
		else if (!json_is_object(L->roots[i])) {
			errlist_add(L->errs, "%s: $: expected an object, got %s",
			    name, fields_typename(L->roots[i]));
			json_decref(L->roots[i]);
			L->roots[i] = NULL;
		} else {
			(void)strcpy(path, "$");
			load_text(L, name, L->roots[i], path, 1);
		}
	}
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
		    (const unsigned char *)kb_file_names[i],
		    strlen(kb_file_names[i]) + 1);
		(void)crypto_generichash_update(&st,
		    (const unsigned char *)canon, strlen(canon) + 1);
		free(canon);
	}
	(void)crypto_generichash_final(&st, kb->hash, KB_HASH_BYTES);
	(void)sodium_bin2hex(kb->hash_hex, sizeof(kb->hash_hex), kb->hash,
	    KB_HASH_BYTES);
	return 0;
}

/* The id maps of the loader, each with room for its usual size. */
static struct strmap *
loader_map(struct loader *L, size_t i, size_t *cap)
{
	struct strmap *maps[] = { &L->source_ids, &L->section_ids,
	    &L->topic_ids, &L->subject_ids, &L->row_ids, &L->outcome_ids,
	    &L->question_ids, &L->rule_ids, &L->rejected };
	static const size_t caps[] = { 64, 64, 64, 16, 64, 16, 64, 256, 16 };

	if (i >= sizeof(caps) / sizeof(caps[0]))
		return NULL;
	*cap = caps[i];
	return maps[i];
}

static void
loader_free(struct loader *L)
{
	struct strmap *m;
	size_t i, cap;

	for (i = 0; i < NFILES; i++)
		if (L->roots[i] != NULL)
			json_decref(L->roots[i]);
	for (i = 0; (m = loader_map(L, i, &cap)) != NULL; i++)
		strmap_free(m);
}

/*
 * Load and validate the knowledge base whose files rd reads.  Returns the
 * kb, which the caller frees with kb_free(), or NULL with every problem in
 * errs.
 */
struct kb *
kb_load(const struct kb_reader *rd, struct errlist *errs)
{
	struct loader L;
	struct strmap *m;
	struct kb *kb;
	size_t before = errlist_count(errs), i, cap;
	const char *name = rd->name != NULL ? rd->name : "knowledge base";

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
	for (i = 0; (m = loader_map(&L, i, &cap)) != NULL; i++)
		if (strmap_init(m, cap) == -1)
			break;
	if (m != NULL || strmap_init(&kb->ids, 512) == -1 ||
	    strmap_init(&kb->mvocab, 512) == -1 ||
	    (kb->stemmer = text_stemmer_new()) == NULL ||
	    (kb->dir = arena_strdup(&kb->arena, name)) == NULL) {
		errlist_add(errs, "out of memory");
		goto fail;
	}

	load_files(&L, rd);
	kb_load_article(&L);
	kb_load_table(&L);
	/* The lexicon comes before the dialogue: choices compile phrases. */
	kb_load_lexicon(&L);
	if (errlist_count(errs) == before && kb_index_build(kb, errs) == -1 &&
	    errlist_count(errs) == before)
		errlist_add(errs, "%s: cannot build the search index", name);
	kb_load_dialogue(&L);
	kb_typo_index(kb);
	kb_match_fixes_build(kb);
	kb_word_info_build(kb);
	kb_outcome_words_build(kb);
	kb_intent_index_build(kb);
	kb_phrase_chains_build(kb);
	/* last, on a whole kb only: it reads the rest */
	if (errlist_count(errs) == before && !kb->arena.failed) {
		kb_figure_terms_build(kb);
		kb_antonyms_build(kb, errs);
		kb_domains_build(kb, errs);
		kb_senses_build(kb, errs);
	}

	if (kb->arena.failed)
		errlist_add(errs, "%s: knowledge base too large or out of "
		    "memory", name);
	if (errlist_count(errs) != before)
		goto fail;
	if (kb_hash(&L) == -1) {
		errlist_add(errs, "%s: cannot compute the content hash", name);
		goto fail;
	}
	kb_normalize_memo_build(kb);
	kb_intent_memo_build(kb);
	kb_listed_memo_build(&kb->phrases);
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
	kb_typo_free_all(kb);
	strmap_free(&kb->ids);
	for (size_t c = 0; c < KB_NCOMMANDS; c++) {
		strmap_free(&kb->phrases.says_first[c]);
		strmap_free(&kb->phrases.says_words[c]);
	}
	strmap_free(&kb->phrases.says_whole);
	strmap_free(&kb->phrases.says_any);
	strmap_free(&kb->phrases.talk_first);
	strmap_free(&kb->intent_starts.first);
	strmap_free(&kb->intent_fillers.first);
	strmap_free(&kb->intent_cues.first);
	strmap_free(&kb->intent_words);
	strmap_free(&kb->time_shifts_by_word.first);
	strmap_free(&kb->same_as_last_by_word.first);
	strmap_free(&kb->set_aside_by_word.first);
	strmap_free(&kb->served_ends_by_word.first);
	strmap_free(&kb->disowned_ends_by_word.first);
	strmap_free(&kb->study_refs_by_word.first);
	strmap_free(&kb->change_starts_by_word.first);
	strmap_free(&kb->story_turns_by_word.first);
	strmap_free(&kb->past_marks_by_word.first);
	strmap_free(&kb->past_states_by_word.first);
	strmap_free(&kb->present_marks_by_word.first);
	strmap_free(&kb->relay_facts_by_word.first);
	strmap_free(&kb->report_verbs_by_word.first);
	strmap_free(&kb->other_senses_by_word.first);
	strmap_free(&kb->behind_words_by_word.first);
	strmap_free(&kb->disowned_refs_by_word.first);
	strmap_free(&kb->employer_nouns_by_word.first);
	strmap_free(&kb->stance_refs_by_word.first);
	strmap_free(&kb->stance_words_by_word.first);
	strmap_free(&kb->compare_pair_refs_by_word.first);
	strmap_free(&kb->situation_refs_by_word.first);
	strmap_free(&kb->deliberations_by_word.first);
	strmap_free(&kb->practice_asks_by_word.first);
	strmap_free(&kb->count_starts_by_word.first);
	strmap_free(&kb->duration_starts_by_word.first);
	strmap_free(&kb->past_points_by_word.first);
	strmap_free(&kb->outside_rivals_by_word.first);
	strmap_free(&kb->question_leads_by_word.first);
	strmap_free(&kb->source_words_by_word.first);
	strmap_free(&kb->source_list_cues_by_word.first);
	strmap_free(&kb->evidence_asks_by_word.first);
	strmap_free(&kb->wait_cues_by_word.first);
	strmap_free(&kb->wait_vetoes_by_word.first);
	strmap_free(&kb->other_refs_by_word.first);
	for (size_t c = 0; c < KB_NCOMMANDS; c++)
		strmap_free(&kb->prefixes_by_word[c].first);
	strmap_free(&kb->implied_subject_by_word.first);
	strmap_free(&kb->command_starts_by_word.first);
	strmap_free(&kb->phrases.number_names_by_word.first);
	strmap_free(&kb->phrases.cmd_words);
	strmap_free(&kb->phrases.summary_class);
	strmap_free(&kb->phrases.listed);
	strmap_free(&kb->phrases.listed_more);
	kb_listed_memo_free(&kb->phrases);
	text_stemmer_free(kb->stemmer);
	arena_free(&kb->arena);
	free(kb);
}
