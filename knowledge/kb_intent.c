/* SPDX-License-Identifier: ISC */
/*
 * kb_intent.c: what kind of answer a question asks for (an amount, who,
 * why, ...), read from its opening and its words as the knowledge base's
 * lexicon declares them (lexicon.json "intents").  The search ranks the
 * claims that answer that kind higher (kb_search_query(), a claim's
 * "answers").  Nothing here knows a class: their names and words are data.
 */
#include <string.h>

#include "kb.h"

#define INTENT_TEXT_MAX	512	/* bytes of a question read */

/* Whether squashed sq begins with phrase p, as whole words. */
static int
starts_with(const char *sq, const char *p)
{
	size_t n;

	if (p[0] != '\0' && sq[0] != p[0])
		return 0;
	n = strlen(p);
	return strncmp(sq, p, n) == 0 && (sq[n] == ' ' || sq[n] == '\0');
}

/*
 * The intent of len bytes of question text: 1 + the index of the first
 * class (in the lexicon's order) one of whose starts opens it, after any
 * of phrases.reading.fillers ("ok so how many ..."); else of the first
 * class one of whose words it holds; 0 when none does.
 */
int
kb_intent_of(const struct kb *kb, const char *text, size_t len)
{
	const struct kb_phrases *ph = &kb->phrases;
	char sq[INTENT_TEXT_MAX];
	const char *p;
	size_t k, i, n;

	if (kb->nintents == 0)
		return 0;
	(void)kb_squash(text, len, sq, sizeof(sq));
	p = sq;
	for (;;) {
		for (k = 0; k < kb->nintents; k++)
			for (i = 0; i < kb->intents[k].nstarts; i++)
				if (starts_with(p, kb->intents[k].starts[i]))
					return (int)k + 1;
		/* a filler before the opening: read on after it */
		for (i = 0; i < ph->nfillers; i++)
			if (starts_with(p, ph->fillers[i]))
				break;
		if (i == ph->nfillers)
			break;
		n = strlen(ph->fillers[i]);
		p += n + (p[n] == ' ');
	}
	for (k = 0; k < kb->nintents; k++)
		if (text_has_phrase(sq, kb->intents[k].words,
		    kb->intents[k].nwords))
			return (int)k + 1;
	return 0;
}
