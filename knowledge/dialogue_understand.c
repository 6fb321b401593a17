/* SPDX-License-Identifier: ISC */
/*
 * dialogue_understand.c: what free text means.
 *
 * Free text is classified here, not by the client, in this order: a
 * command said in words ("back", "why?"), "what if ..." or "change ...",
 * a number or phrase answering the pending question, a self-description
 * from which several answers can be read at once, or a question for the
 * knowledge base.  What is not understood is said so, with what the user
 * can do; nothing is silently dropped or guessed.  Each step is one
 * function below, so that a step can be changed or added alone.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dialogue_int.h"

/*
 * "2", "2.", "#2", "option 2", "Choice #3": a choice by its number: the
 * number as said (0 to 9999, the question may have fewer choices),
 * DLG_NUMBER_OTHER for a number no choice can have ("-1", "2.5", one of
 * more than four digits), or -1 when the text is not one.  *worded is
 * set when a word or "#" comes before the number, which makes the text
 * a choice by number and nothing else ("pick 3" is no verdict request).
 * The words that may come before the number ("option", "choice") are
 * the knowledge base's (phrases.reading.number_words).
 */
static long
understand_number(const struct kb *kb, const char *text, size_t len,
    int *worded)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t i = 0, w, n;
	long num = 0;
	int digits = 0, other = 0;

	*worded = 0;
	while (i < len && isspace((unsigned char)text[i]))
		i++;
	for (w = 0; w < ph->nnumber_words; w++) {
		n = strlen(ph->number_words[w]);
		if (len - i > n && strncasecmp(text + i, ph->number_words[w],
		    n) == 0 && (text[i + n] == ' ' || text[i + n] == '#')) {
			i += n;
			*worded = 1;
			break;
		}
	}
	while (i < len && (isspace((unsigned char)text[i]) || text[i] == '#')) {
		*worded |= text[i] == '#';
		i++;
	}
	if (i < len && (text[i] == '-' || text[i] == '+') && i + 1 < len &&
	    isdigit((unsigned char)text[i + 1])) {
		other = text[i] == '-';
		i++;
	}
	for (; i < len && isdigit((unsigned char)text[i]); i++, digits++)
		if (digits < 4)
			num = num * 10 + (text[i] - '0');
	other |= digits > 4;
	/* "2.5", "1,5": a fraction; "2." ends a sentence */
	if (digits > 0 && i + 1 < len && (text[i] == '.' || text[i] == ',') &&
	    isdigit((unsigned char)text[i + 1])) {
		for (i++; i < len && isdigit((unsigned char)text[i]); i++)
			;
		other = 1;
	}
	while (i < len && (isspace((unsigned char)text[i]) || text[i] == '.' ||
	    text[i] == ')'))
		i++;
	if (digits == 0 || i != len) {
		*worded = 0;
		return -1;
	}
	return other ? DLG_NUMBER_OTHER : num;
}

/* ---- commands and the shape of a sentence ---------------------------- */

/*
 * The command the whole text says, by the knowledge base's phrases for
 * each (squashed when loaded), or -1.
 */
static int
understand_command(const struct kb *kb, const char *squashed)
{
	/* the first command (in order) of each phrase (says_whole) */
	return strmap_get(&kb->phrases.says_whole, squashed);
}

/*
 * Does squashed text b begin with one of the phrases of list (whole
 * words)?  Returns the length of the one found, or 0.
 */
static size_t
understand_starts(const char *b, const char *const *list, size_t n)
{
	size_t i, len;

	for (i = 0; i < n; i++) {
		if (list[i][0] != b[0])	/* most: and "" never counts */
			continue;
		if (text_begins(b, list[i], &len) && b[len] == ' ')
			return len;
	}
	return 0;
}

/*
 * understand_starts() of list, by ch, the same list indexed by first word
 * (kb_phrase_chain_build()): only the phrases whose first word is b's can
 * begin b followed by a space, and their chain runs in the list's order,
 * so the first found is the one understand_starts() finds.  ch NULL or
 * not made: the list itself.
 */
static size_t
understand_starts_by(const struct kb_phrase_chain *ch, const char *b,
    const char *const *list, size_t n)
{
	size_t len, w;
	int32_t e;

	if (ch == NULL || ch->next == NULL)
		return understand_starts(b, list, n);
	/* a phrase of the chain of b's first word (w bytes) begins with
	 * that word: only the bytes after it are compared */
	w = text_word_len(b);
	for (e = kb_phrase_chain_word(ch, b, w); e >= 0; e = ch->next[e])
		/* "" never counts, as in understand_starts() */
		if (ch->phrase[e][0] != '\0' &&
		    text_begins(b + w, ch->phrase[e] + w, &len) &&
		    b[w + len] == ' ')
			return w + len;
	return 0;
}

/*
 * The squashed text sq without the filler words it begins or ends with
 * ("ok just tell me" is "tell me"; the words are
 * phrases.reading.fillers) and without the lead-ins of a command it
 * begins with ("can we start over" is "start over";
 * phrases.reading.command_starts), into out.  Returns 1 when a word was
 * dropped.
 */
static int
understand_unfill(const struct kb *kb, const char *sq, char *out,
    size_t outsz)
{
	const struct kb_phrases *ph = &kb->phrases;
	const char *b = sq, *e = sq + strlen(sq), *w;
	size_t len;

	for (;;) {
		len = text_word_len(b);
		if (b + len >= e)
			break;
		if (!(kb_listed(ph, b, len) & KB_LISTED_FILLER) &&
		    (len = understand_starts_by(&kb->command_starts_by_word, b,
		    ph->command_starts, ph->ncommand_starts)) == 0)
			break;
		b += len + 1;
	}
	for (;;) {
		for (w = e; w > b && w[-1] != ' '; w--)
			;
		if (w == b || !(kb_listed(ph, w, (size_t)(e - w)) &
		    KB_LISTED_FILLER))
			break;
		e = w - 1;
	}
	len = (size_t)(e - b);
	if (len >= outsz)
		len = outsz - 1;
	memcpy(out, b, len);
	out[len] = '\0';
	return b != sq || *e != '\0';
}

/*
 * Does squashed text sq ask what the advisor holds about the user, in
 * words of its own ("what have you written down about me?", "list what
 * you know of me")?  Every word is one that such a request is made of
 * (phrases.reading.summary_words, summary_cues, first_person,
 * question_words, fillers, addressee), one speaks of the user or to
 * the advisor ("what did you record so far?"; first_person, addressee)
 * and one of what was said or kept (summary_cues).  Up to
 * UNDERSTAND_SUMMARY_OTHER words that nothing reads
 * (understand_unclassed: "briefly", "mate") and any stopword ("exactly")
 * may come with it; a word of anything else ("what do you know about
 * rust") or a why cue ("why do you need to know this") makes it
 * something else.  Right after a first-person word, the
 * plain form of a cue listed with its ending "-ed" is that cue ("what
 * did i answer so far": "answered"; understand_summary_plain_cue), while
 * elsewhere it may be another command's word ("give me your answer").
 * Opening with a first-person word and a cue, without a question word,
 * the user tells what they do ("i write data pipelines", "we record
 * podcasts"): no request.  Nor is a message holding a source_words
 * phrase of two words or more ("where did you get that").  Bounded by
 * the words of sq and the source_words entries.
 */
#define UNDERSTAND_SUMMARY_OTHER	2

static int understand_unclassed(const struct kb *, const char *, size_t);

/*
 * Is word w (n bytes) the plain form of a summary cue listed with "ed"
 * or "d" added (phrases.reading.summary_cues: "answered" for "answer")?
 */
static int
understand_summary_plain_cue(const struct kb_phrases *ph, const char *w,
    size_t n)
{
	char buf[64];

	if (n == 0 || n + 3 > sizeof(buf))
		return 0;
	memcpy(buf, w, n);
	memcpy(buf + n, "ed", 3);
	if (strmap_getn(&ph->summary_class, buf, n + 2) == KB_SUMMARY_CUE)
		return 1;
	return w[n - 1] == 'e' &&
	    strmap_getn(&ph->summary_class, buf, n + 1) == KB_SUMMARY_CUE;
}

static int
understand_asks_summary(const struct kb *kb, const char *sq)
{
	const struct kb_phrases *ph = &kb->phrases;
	const char *p = sq;
	size_t n, other = 0, word = 0;
	int person = 0, cue = 0, first = 0, says = 0, asked = 0;

	if (ph->nsummary_cues == 0)
		return 0;
	while (*p != '\0') {
		n = text_word_len(p);
		if (kb_listed(ph, p, n) & KB_LISTED_QUESTION)
			asked = 1;
		/* "why do you need to know this one": a why cue asks the
		 * why of what is asked, not what was kept */
		if (kb_cmd_word(ph, p, n).cue == KB_CMD_WHY)
			return 0;
		/* one lookup: the lists' words by class (summary_class) */
		switch (strmap_getn(&ph->summary_class, p, n)) {
		case KB_SUMMARY_CUE:
			/* "i write data pipelines": the user says what
			 * they do, asking nothing */
			if (word == 1 && first)
				says = 1;
			cue = 1;
			first = 0;
			break;
		case KB_SUMMARY_PERSON:
			person = 1;
			first = (kb_listed(ph, p, n) & KB_LISTED_PERSON) != 0;
			break;
		case KB_SUMMARY_WORD:
			first = 0;
			break;
		default:
			/* "what did i answer": the cue's plain form after
			 * a word about the user */
			if (first && understand_summary_plain_cue(ph, p, n)) {
				cue = 1;
				first = 0;
				break;
			}
			first = 0;
			/* a word without a subject of its own ("exactly",
			 * "just") is glue, as the summary's words are */
			if (strmap_getn(&kb->stopwords, p, n) >= 0)
				break;
			if (++other > UNDERSTAND_SUMMARY_OTHER ||
			    !understand_unclassed(kb, p, n))
				return 0;
		}
		p += n;
		word++;
		while (*p == ' ')
			p++;
	}
	if (!person || !cue || (says && !asked))
		return 0;
	/* "where did you get that?": a source asked in a phrase of
	 * several words (phrases.reading.source_words) is no request for
	 * what was kept, though "you" and "get" are a summary's words;
	 * a one-word entry ("info") may be what a summary asks for */
	for (n = 0; n < ph->nsource_words; n++)
		if (strchr(ph->source_words[n], ' ') != NULL &&
		    text_has_phrase(sq, &ph->source_words[n], 1))
			return 0;
	return 1;
}

static int understand_outcome_word(const struct kb *, const char *, size_t);

#define UNDERSTAND_UNREACHED	(-2)
#define UNDERSTAND_UNSURE	(-3)	/* the unsure command's phrase */

/* Is w (len bytes) a verb of a command (phrases.verbs: "tell")?  Such a
 * word, or a command's cue ("why"), is never taken as a stopword beside
 * small talk: "ok just tell me", "ok but why" ask for something.  The
 * summary's verbs are not requests but what the advisor perceived
 * ("know", "gathered"), so they are left out: "morning! know what?" */
static int
understand_verb_word(const struct kb_phrases *ph, const char *w, size_t len)
{
	return (kb_cmd_word(ph, w, len).verbs &
	    ~(1u << KB_CMD_SUMMARY)) != 0;
}

/*
 * Is word w (len bytes) one that nothing reads: no stopword or negation,
 * no word of the article or of a choice's or command's phrases or verbs,
 * no outcome, no figure ("superb", "folks")?  Such a word next to small talk
 * does not make the message something else.
 */
static int
understand_unclassed(const struct kb *kb, const char *w, size_t len)
{
	const struct kb_phrases *ph = &kb->phrases;
	struct kb_cmd_word cw;
	size_t c;
	uint32_t h, hs;

	if (len == 0 || (w[0] >= '0' && w[0] <= '9'))
		return 0;
	/* one word asked of some twenty maps: hashed once (the same
	 * strmap_getn() lookups, in the same order) */
	h = strmap_hash(w, len);
	if (strmap_getnh(&kb->stopwords, w, len, h) >= 0 ||
	    strmap_getnh(&kb->negations, w, len, h) >= 0 ||
	    strmap_getnh(&kb->svocab, w, len, h) >= 0 ||
	    strmap_getnh(&kb->mvocab, w, len, h) >= 0 ||
	    strmap_getnh(&ph->summary_class, w, len, h) >= 0 ||
	    understand_outcome_word(kb, w, len))
		return 0;
	/* "months": the phrases' words are kept with plurals folded */
	if (len > 3 && w[len - 1] == 's') {
		hs = strmap_hash(w, len - 1);
		if (strmap_getnh(&kb->mvocab, w, len - 1, hs) >= 0 ||
		    strmap_getnh(&kb->svocab, w, len - 1, hs) >= 0)
			return 0;
	}
	if ((cw = kb_cmd_word(ph, w, len)).cue >= 0)
		return 0;
	for (c = 0; c < KB_NCOMMANDS; c++)
		if (strmap_getnh(&ph->says_words[c], w, len, h) >= 0)
			return 0;
	return cw.verbs == 0;
}

/*
 * Is the word at sq + p (n bytes, squashed text sq) a first-person word
 * right after a word of phrases.reading.name_determiners ("the us": a place),
 * so a name and not the user?
 */
static int
understand_named(const struct kb_phrases *ph, const char *sq, size_t p,
    size_t n)
{
	size_t b;

	if (p < 2 || sq[p - 1] != ' ' || ph->nname_determiners == 0 ||
	    !match_in_list(sq + p, n, ph->first_person, ph->nfirst_person))
		return 0;
	for (b = p - 1; b > 0 && sq[b - 1] != ' '; b--)
		;
	return match_in_list(sq + b, p - 1 - b, ph->name_determiners,
	    ph->nname_determiners);
}

#define UNDERSTAND_TALK_OTHER	2	/* unclassed words beside small talk */
#define UNDERSTAND_TALK_TEXT	512	/* bytes of the longest text read */

/*
 * understand_small_talk()'s table: reach[u][p], what is said up to byte p
 * with u unclassed words (UNDERSTAND_UNREACHED: nothing), made
 * UNDERSTAND_UNREACHED a column at a time as the walk comes to it
 * (columns [0, open) are), so that a question that is no small talk,
 * given up after its first words, does not pay for a column per byte.
 */
struct understand_talk {
	int	reach[UNDERSTAND_TALK_OTHER + 1][UNDERSTAND_TALK_TEXT + 1];
	/* where the phrase that set reach[u][p] began, or p when no phrase
	 * set it (understand_talk_at) */
	unsigned short from[UNDERSTAND_TALK_OTHER + 1][UNDERSTAND_TALK_TEXT + 1];
	size_t	open;	/* the columns made so far */
	size_t	far;	/* the last column set, 0 at first */
};

/* Make the columns of tk up to e (at most UNDERSTAND_TALK_TEXT) open. */
static void
understand_talk_open(struct understand_talk *tk, size_t e)
{
	size_t u;

	for (; tk->open <= e; tk->open++)
		for (u = 0; u <= UNDERSTAND_TALK_OTHER; u++)
			tk->reach[u][tk->open] = UNDERSTAND_UNREACHED;
}

/* Set tk->reach[u][e] to v, its column opened first; no phrase set it. */
static void
understand_talk_set(struct understand_talk *tk, size_t u, size_t e, int v)
{
	understand_talk_open(tk, e);
	tk->reach[u][e] = v;
	tk->from[u][e] = (unsigned short)e;
	if (e > tk->far)
		tk->far = e;
}

/*
 * When phrase say (a small-talk one, or unsure's) is said at byte p of
 * squashed sq, whole words, set reach[u][] past it (past the space after
 * it) to said (understand_small_talk()), or to keep when that is not -1
 * (a goodbye said before: "gotta run, thanks" still closes).  A phrase
 * that began before p and ends where this one does holds it, and what it
 * says stays: "enjoy your evening" is a goodbye, not the greeting
 * "evening" at its end (nu50: "cheers, enjoy your evening" was answered
 * "Hello!").
 */
static void
understand_talk_at(const char *sq, size_t p, const char *say, int said,
    int keep, struct understand_talk *tk, size_t u)
{
	size_t n, e;

	if (say[0] != sq[p] && say[0] != '\0')
		return;
	n = strlen(say);
	if (strncmp(sq + p, say, n) != 0 || (sq[p + n] != '\0' &&
	    sq[p + n] != ' '))
		return;
	e = sq[p + n] == ' ' ? p + n + 1 : p + n;
	understand_talk_open(tk, e);
	if (tk->reach[u][e] != UNDERSTAND_UNREACHED && tk->from[u][e] < p)
		return;
	understand_talk_set(tk, u, e, keep >= 0 ? keep : said);
	tk->from[u][e] = (unsigned short)p;
}

static int understand_cue(const struct kb_phrases *, const char *, size_t);
static int understand_asks_other(const struct kb *, const char *);

/*
 * The small talk the whole text is, or -1: the text must be made of
 * small-talk phrases (phrases.small_talk) and fillers, stopwords after a
 * phrase ("cheers, that helps a lot"), and at most UNDERSTAND_TALK_OTHER
 * words that nothing reads (understand_unclassed: "thanks, superb", "ok
 * bye folks").  A phrase of the unsure command ("not sure", "dunno")
 * counts as well, and when it is the last phrase the result is
 * UNDERSTAND_UNSURE ("hmm dunno really").  Read left to right over word
 * starts (reach[u][i]: the text up to byte i splits so with u unclassed
 * words, and the last small talk in it), trying at each only the phrases
 * that begin with its word (talk_first, says_first); the last phrase
 * decides the reply: "thanks, bye" is a goodbye, and so is "bye,
 * thanks" (a small talk that closes, "closes": 1, holds once said).
 * An entry said "alone" ("so?", "and?") takes fillers only: no
 * stopword after it, no unclassed word ("and rust's?" is a follow-up).
 */
static int
understand_small_talk(const struct kb *kb, const char *sq)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t len = strlen(sq), p, t, i, n, end, u, ns;
	struct understand_talk tk;
	int (*reach)[UNDERSTAND_TALK_TEXT + 1] = tk.reach, said, keep;
	int32_t k;

	if (len == 0 || len > UNDERSTAND_TALK_TEXT)
		return -1;
	tk.open = tk.far = 0;
	understand_talk_set(&tk, 0, 0, -1);
	for (p = 0; p < len; p++) {
		if (p > 0 && sq[p - 1] != ' ')
			continue;
		/* nothing reached here nor past here: nothing will be, and
		 * the text is no small talk (reach[][len] unreached) */
		if (p > tk.far)
			return -1;
		understand_talk_open(&tk, p);
		for (u = 0; u <= UNDERSTAND_TALK_OTHER; u++) {
			if (reach[u][p] == UNDERSTAND_UNREACHED)
				continue;
			keep = reach[u][p] >= 0 &&
			    ph->small_talk[reach[u][p]].closes ? reach[u][p] :
			    -1;
			n = text_word_len(sq + p);
			if (n > 0 && (ph->nsmall_talk == 0 ||
			    ph->talk_next != NULL) &&
			    (ph->nsays[KB_CMD_UNSURE] == 0 ||
			    ph->says_next[KB_CMD_UNSURE] != NULL)) {
				/* only the phrases that begin with the word
				 * at p can start there, in the same order */
				for (k = ph->talk_next != NULL ? strmap_getn(
				    &ph->talk_first, sq + p, n) : -1; k >= 0;
				    k = ph->talk_next[k])
					understand_talk_at(sq, p,
					    ph->talk_says[k], ph->talk_of[k],
					    keep, &tk, u);
				for (k = ph->says_next[KB_CMD_UNSURE] != NULL ?
				    strmap_getn(&ph->says_first[KB_CMD_UNSURE],
				    sq + p, n) : -1; k >= 0;
				    k = ph->says_next[KB_CMD_UNSURE][k])
					understand_talk_at(sq, p,
					    ph->says[KB_CMD_UNSURE][k],
					    UNDERSTAND_UNSURE, keep, &tk, u);
			} else
				for (t = 0; t <= ph->nsmall_talk; t++) {
					ns = t < ph->nsmall_talk ?
					    ph->small_talk[t].nsays :
					    ph->nsays[KB_CMD_UNSURE];
					said = t < ph->nsmall_talk ? (int)t :
					    UNDERSTAND_UNSURE;
					for (i = 0; i < ns; i++)
						understand_talk_at(sq, p,
						    t < ph->nsmall_talk ?
						    ph->small_talk[t].says[i] :
						    ph->says[KB_CMD_UNSURE][i],
						    said, keep, &tk, u);
				}
			end = sq[p + n] == ' ' ? p + n + 1 : p + n;
			understand_talk_open(&tk, end);
			if ((kb_listed(ph, sq + p, n) & (KB_LISTED_FILLER |
			    KB_LISTED_ADDRESSEE)) || (reach[u][p] >= 0 &&
			    !ph->small_talk[reach[u][p]].alone &&
			    strmap_getn(&kb->stopwords, sq + p, n) >= 0 &&
			    !understand_named(ph, sq, p, n) &&
			    !understand_verb_word(ph, sq + p, n) &&
			    understand_cue(ph, sq + p, n) < 0)) {
				if (reach[u][end] == UNDERSTAND_UNREACHED)
					understand_talk_set(&tk, u, end,
					    reach[u][p]);
			} else if (u < UNDERSTAND_TALK_OTHER &&
			    understand_unclassed(kb, sq + p, n) &&
			    reach[u + 1][end] == UNDERSTAND_UNREACHED)
				understand_talk_set(&tk, u + 1, end,
				    reach[u][p]);
		}
	}
	understand_talk_open(&tk, len);
	for (u = 0; u <= UNDERSTAND_TALK_OTHER; u++)
		if ((reach[u][len] >= 0 && (u == 0 ||
		    !ph->small_talk[reach[u][len]].alone)) ||
		    reach[u][len] == UNDERSTAND_UNSURE)
			return reach[u][len];
	return -1;
}

static unsigned	understand_says_all(const struct kb *, unsigned,
		    const char *);

/*
 * Does squashed text sq hold one of command c's phrases, as whole words
 * ("I'm a Python dev, which one should I pick" holds "which one should i
 * pick")?
 */
static int
understand_says(const struct kb *kb, enum kb_command c, const char *sq)
{
	return understand_says_all(kb, 1u << c, sq) != 0;
}

/*
 * Which of the commands in mask (bit c: command c) squashed text sq holds
 * one of the phrases of, as whole words: understand_says() of each, in
 * one pass over sq, each word hashed once for all of them.
 */
static unsigned
understand_says_all(const struct kb *kb, unsigned mask, const char *sq)
{
	const struct kb_phrases *ph = &kb->phrases;
	const char *p, *say;
	size_t n, wlen, i, ncmds = 0;
	unsigned found = 0, c, cmds[KB_NCOMMANDS];
	uint32_t h;
	int32_t k, any;

	for (c = 0; c < KB_NCOMMANDS; c++)
		if ((mask & 1u << c) && ph->says_next[c] != NULL)
			cmds[ncmds++] = c;
		else
			mask &= ~(1u << c);
	for (p = sq; p != NULL && found != mask;
	    p = p[wlen] == ' ' ? p + wlen + 1 : NULL) {
		for (wlen = 0; p[wlen] != '\0' && p[wlen] != ' '; wlen++)
			;
		h = strmap_hash(p, wlen);
		/* a word that begins no command's phrase: no lookup per
		 * command */
		if ((any = strmap_getnh(&ph->says_any, p, wlen, h)) < 0)
			continue;
		for (i = 0; i < ncmds; i++) {
			if ((found & 1u << (c = cmds[i])) ||
			    !((uint32_t)any & 1u << c))
				continue;
			for (k = strmap_getnh(&ph->says_first[c], p, wlen, h);
			    k >= 0; k = ph->says_next[c][k]) {
				/* its first word is p's (the chain's key,
				 * wlen bytes): the rest compared */
				say = ph->says[c][k] + wlen;
				if (text_begins(p + wlen, say, &n) &&
				    (p[wlen + n] == '\0' ||
				    p[wlen + n] == ' ')) {
					found |= 1u << c;
					break;
				}
			}
		}
	}
	return found;
}

/*
 * Does squashed text sq begin with one of the phrases of list, after
 * any filler words ("ok so what if ...", "hm, on second thought ...")?
 * ch is list by first word, or NULL (understand_starts_by()).
 */
static int
understand_begins(const struct kb *kb, const char *sq,
    const struct kb_phrase_chain *ch, const char *const *list, size_t n)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t len;

	for (;;) {
		if (understand_starts_by(ch, sq, list, n) > 0)
			return 1;
		len = text_word_len(sq);
		if (sq[len] != ' ' || !(kb_listed(ph, sq, len) &
		    KB_LISTED_FILLER))
			return 0;
		sq += len + 1;
	}
}

#define UNDERSTAND_INTRO_MAX	4	/* words of "long time java dev"
					 * before an intro tail */

/*
 * "student here, trying to figure out which of the two to learn", "hey!
 * java dev here - ...": does text (len bytes, squashed as sq) open with a
 * self-introduction, a clause of 1 to UNDERSTAND_INTRO_MAX words and then
 * a word of phrases.reading.intro_tails, ended by a clause mark (, . ; :
 * ! or a dash), clauses of fillers alone before it ("hey!")?  What follows
 * is the user speaking with "I" left out, as a message opening with it
 * would be.  Returns the bytes of sq up to the end of the introduction
 * with its space, or 0.
 */
static size_t
understand_intro(const struct kb *kb, const char *text, size_t len,
    const char *sq)
{
	const struct kb_phrases *ph = &kb->phrases;
	char head[128];
	size_t from = 0, m, hl, words, w, word, tail, fillers, upto;

	if (ph->nintro_tails == 0)
		return 0;
	/* most messages hold no tail word among their first words: one
	 * look at each, before any clause mark is looked for */
	for (w = 0, words = 0; sq[w] != '\0' &&
	    words <= UNDERSTAND_INTRO_MAX + 2; w = word + (sq[word] == ' ')) {
		for (word = w; sq[word] != '\0' && sq[word] != ' '; word++)
			;
		if (match_in_list(sq + w, word - w, ph->intro_tails,
		    ph->nintro_tails))
			break;
		words++;
	}
	if (sq[w] == '\0' || words > UNDERSTAND_INTRO_MAX + 2)
		return 0;
	for (;;) {
		for (m = from; m < len && m < sizeof(head) - 1; m++)
			if (strchr(",.;:!-", text[m]) != NULL)
				break;
		if (m >= len || m >= sizeof(head) - 1)
			return 0;
		hl = kb_squash(text + from, m - from, head, sizeof(head));
		for (words = 0, fillers = 0, tail = 0, w = 0; w < hl; w = word) {
			for (word = w; word < hl && head[word] != ' '; word++)
				;
			words++;
			tail = w;
			fillers += (kb_listed(ph, head + w, word - w) &
			    KB_LISTED_FILLER) != 0;
			if (word < hl)
				word++;
		}
		if (words == 0 || words != fillers)
			break;
		from = m + 1;	/* "hey!": a clause of fillers alone */
	}
	if (words < 2 || words > UNDERSTAND_INTRO_MAX + 1 ||
	    !match_in_list(head + tail, hl - tail, ph->intro_tails,
	    ph->nintro_tails))
		return 0;
	upto = kb_squash(text, m, head, sizeof(head));
	if (upto == 0 || strncmp(sq, head, upto) != 0 || sq[upto] != ' ')
		return 0;
	return upto + 1;
}

/*
 * "java dev want better perf n simpler ops ...", "c++ engineer, need
 * memory safety ...", "kotlin backend guy (ktor mostly), what to learn
 * next": does sq (text, len bytes, squashed) open with a role, 1 to
 * UNDERSTAND_INTRO_MAX words of which the last is a word of
 * phrases.reading.role_words (singular: "go devs want generics?" asks
 * about others), the first no question start and none before the role
 * a first-person, third-party or determiner word ("the java dev on my
 * team wants ..." is someone else), followed by a clause mark (, ; : (
 * or a dash) or by a phrase of phrases.reading.implied_subject ("want",
 * "need", "tired of")?  That is the user naming themself with "I am"
 * left out, as chat users write; a message with a third-party word
 * after it ("senior rust engineer, how much do they make?") asks about
 * others and is left alone.  Returns the bytes of sq the role takes
 * with its space, or 0.  Cost: at most UNDERSTAND_INTRO_MAX word
 * look-ups, one squash of at most 127 bytes, one phrase-chain look-up.
 */
static size_t
understand_intro_role_head(const struct kb *kb, const char *text,
    size_t len, const char *sq)
{
	const struct kb_phrases *ph = &kb->phrases;
	char head[128];
	size_t w, word, words, m, hl, n;
	unsigned more;

	for (w = 0, words = 0; sq[w] != '\0' && words < UNDERSTAND_INTRO_MAX;
	    w = word + 1) {
		word = w + text_word_len(sq + w);
		n = word - w;
		/* the word's lists, one lookup each map (w is 0 for the
		 * first word: question_starts is read of sq + w) */
		more = kb_listed_more(ph, sq + w, n);
		if (words == 0 && (more & KB_MORE_QUESTION_START))
			return 0;
		if ((kb_listed(ph, sq + w, n) & KB_LISTED_PERSON) ||
		    (more & (KB_MORE_THIRD_PARTY | KB_MORE_NAME_DET |
		    KB_MORE_OBJECT_DET)))
			return 0;
		words++;
		if (sq[word] != ' ')
			return 0;
		if (!(more & KB_MORE_ROLE))
			continue;
		/* "java dev want ...": the verb of the left-out "I" */
		if (understand_begins(kb, sq + word + 1,
		    &kb->implied_subject_by_word, ph->implied_subject,
		    ph->nimplied_subject))
			return word + 1;
		/* "c++ engineer, need ...": the role is a clause of its own */
		for (m = 0; m < len && m < sizeof(head) - 1; m++)
			if (strchr(",;:(-", text[m]) != NULL)
				break;
		if (m >= len || m >= sizeof(head) - 1)
			return 0;
		hl = kb_squash(text, m, head, sizeof(head));
		if (hl == word && strncmp(sq, head, hl) == 0)
			return word + 1;
		return 0;
	}
	return 0;
}

/*
 * understand_intro_role_head() when sq holds no third-party word
 * (phrases.reading.third_parties) anywhere: the bounded look at its
 * first words first, the scan of the whole message only when a role
 * opens it (most messages open with none).
 */
static size_t
understand_intro_role(const struct kb *kb, const char *text, size_t len,
    const char *sq)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t r;

	if (ph->nrole_words == 0 ||
	    (r = understand_intro_role_head(kb, text, len, sq)) == 0)
		return 0;
	return text_has_word(sq, ph->third_parties, ph->nthird_parties) ?
	    0 : r;
}

/*
 * Does the text begin with one of command c's prefixes ("what if ..."),
 * fillers before it dropped ("ok so what if ...")?
 */
static int
understand_prefix(const struct kb *kb, enum kb_command c, const char *sq)
{
	return understand_begins(kb, sq, &kb->prefixes_by_word[c],
	    kb->phrases.prefixes[c], kb->phrases.nprefixes[c]);
}

/*
 * Does the text speak of the user ("I", "we", "our team"; the words are
 * phrases.reading.first_person)?  A question that does ("what should I
 * learn, as a newcomer?") describes a situation as much as it asks.  Read
 * as typed, word by word: a contraction counts by its first part ("we're"
 * is "we", where squashing would make it "were"), and a word in capitals
 * in a message that is not is a name, not a pronoun ("US salaries"), as
 * is one right after a word of phrases.reading.name_determiners ("the us"),
 * and a letter before a slash and a letter ("I/O").
 */
static int
understand_first_person(const struct kb *kb, const char *text, size_t len)
{
	const struct kb_phrases *ph = &kb->phrases;
	char w[32], prev[32];
	size_t i = 0, n, head, nprev = 0;
	int lower = 0, upper;

	for (i = 0; i < len && !lower; i++)
		lower = islower((unsigned char)text[i]) != 0;
	for (i = 0; i < len; ) {
		if (!isalnum((unsigned char)text[i])) {
			i++;
			continue;
		}
		n = head = 0;
		upper = 1;
		while (i < len) {
			if (isalnum((unsigned char)text[i])) {
				if (n < sizeof(w) - 1)
					w[n++] = (char)tolower((unsigned char)
					    text[i]);
				upper &= isupper((unsigned char)text[i]) != 0;
				i++;
			} else if (text[i] == '\'' && i + 1 < len &&
			    isalpha((unsigned char)text[i + 1])) {
				if (head == 0)
					head = n;
				i++;
			} else if (i + 3 < len && strncmp(text + i,
			    "\xe2\x80\x99", 3) == 0 &&
			    isalpha((unsigned char)text[i + 3])) {
				if (head == 0)
					head = n;
				i += 3;
			} else
				break;
		}
		/* a first-person word, unless a name ("the us": after a
		 * phrases.reading.name_determiners word, the list read only
		 * for such a word), or in capitals ("US"), or an
		 * abbreviation ("I/O", "w/o": one letter, a slash, a letter,
		 * as text.c tokenizes it) */
		if (!(n >= 2 && upper && lower) &&
		    !(n == 1 && i + 1 < len && text[i] == '/' &&
		    isalpha((unsigned char)text[i + 1])) &&
		    ((kb_listed(ph, w, n) & KB_LISTED_PERSON) ||
		    (head > 0 && (kb_listed(ph, w, head) &
		    KB_LISTED_PERSON))) &&
		    !match_in_list(prev, nprev, ph->name_determiners,
		    ph->nname_determiners))
			return 1;
		(void)memcpy(prev, w, n);
		nprev = head > 0 ? 0 : n;
	}
	return 0;
}

/*
 * Is the word that text[0..len) begins with a contraction ("we're",
 * "don't", with ' or U+2019)?  Squashed, it reads as another word
 * ("were", "do not").
 */
static int
understand_contraction(const char *text, size_t len)
{
	size_t i;

	for (i = 0; i < len && !isspace((unsigned char)text[i]); i++)
		if (text[i] == '\'' || (i + 2 < len &&
		    strncmp(text + i, "\xe2\x80\x99", 3) == 0))
			return 1;
	return 0;
}

/*
 * Is the word text[0..len) begins with a contraction whose letters
 * before the apostrophe are a question start of their own ("where's",
 * "what's", "who's": "where" is, so the squashed "wheres" asks as
 * typed; "we're" is no question's "were")?
 */
static int
understand_contraction_asks(const struct kb_phrases *ph, const char *text,
    size_t len)
{
	size_t i, k;

	for (i = 0; i < len && isalpha((unsigned char)text[i]); i++)
		;
	if (i == 0 || i >= len || (text[i] != '\'' && (i + 2 >= len ||
	    strncmp(text + i, "\xe2\x80\x99", 3) != 0)))
		return 0;
	for (k = 0; k < ph->nquestion_starts; k++)
		if (strlen(ph->question_starts[k]) == i &&
		    strncasecmp(text, ph->question_starts[k], i) == 0)
			return 1;
	return 0;
}

/* Does text (len bytes) end with a question mark, spaces after it? */
static int
understand_ends_question(const char *text, size_t len)
{
	while (len > 0 && isspace((unsigned char)text[len - 1]))
		len--;
	return len > 0 && text[len - 1] == '?';
}

/*
 * Does the text read as a question rather than a statement: a question
 * mark, or a first word of phrases.reading.question_starts (typed as a
 * contraction only when its head is one: understand_contraction_asks()),
 * unless it opens a statement whose "I" is left out (phrases.reading.
 * implied_subject: "would like to move into kernel work", "was planning
 * a web app"), which asks nothing without the mark, as a sentence of its
 * own after others too?
 */
static int
understand_is_question(const struct kb *kb, const char *text, size_t len,
    const char *sq)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t i, n;

	while (len > 0 && isspace((unsigned char)text[len - 1]))
		len--;
	if (len > 0 && text[len - 1] == '?')
		return 1;
	/* the first word as typed: "we're" squashes to "were", which is
	 * not the question's "were" */
	while (len > 0 && !isalnum((unsigned char)*text)) {
		text++;
		len--;
	}
	/* "honestly is the gc a big deal ...": fillers before the
	 * question's first word (phrases.reading.fillers), as typed too */
	for (n = text_word_len(sq); sq[n] == ' ' && (kb_listed(ph, sq, n) &
	    KB_LISTED_FILLER); n = text_word_len(sq)) {
		sq += n + 1;
		while (len > 0 && !isspace((unsigned char)*text)) {
			text++;
			len--;
		}
		while (len > 0 && !isalnum((unsigned char)*text)) {
			text++;
			len--;
		}
	}
	if (understand_starts_by(&kb->implied_subject_by_word, sq,
	    ph->implied_subject, ph->nimplied_subject) > 0)
		return 0;
	/* text_begins(): one pass, no strlen() and strncmp() per start */
	for (i = 0; i < ph->nquestion_starts; i++)
		if (text_begins(sq, ph->question_starts[i], &n) &&
		    sq[n] == ' ' && (!understand_contraction(text, len) ||
		    understand_contraction_asks(ph, text, len)))
			return 1;
	return 0;
}

/*
 * The letters-only word that ends, spaces aside, just before byte at of
 * text, lowercased into buf (size bytes), and where it starts into
 * *start (the place to look before it next).  0 when there is none (no
 * space before at, or nothing before the spaces) or it does not fit.
 */
static int
understand_word_before(const char *text, size_t at, char *buf, size_t size,
    size_t *start)
{
	size_t e, b, k;

	for (e = at; e > 0 && text[e - 1] == ' '; e--)
		;
	if (e == at || e == 0)
		return 0;
	for (b = e; b > 0 && isalpha((unsigned char)text[b - 1]); b--)
		;
	if (e == b || e - b >= size)
		return 0;
	for (k = 0; k < e - b; k++)
		buf[k] = (char)tolower((unsigned char)text[b + k]);
	buf[k] = '\0';
	*start = b;
	return 1;
}

/*
 * Is the name at byte at of text the last word of an idiom written with
 * a space: a word of phrases.reading.idiom_parts right before it, itself
 * after a word of phrases.reading.object_determiners ("stalls are a no
 * go here": "a no-go"; not "no go code", which names none of Go)?
 */
static int
understand_spaced_idiom(const struct kb *kb, const char *text, size_t at)
{
	const struct kb_phrases *ph = &kb->phrases;
	char part[TEXT_TOKEN_MAX], det[TEXT_TOKEN_MAX];

	if (ph->nidiom_parts == 0 || ph->nobject_determiners == 0)
		return 0;
	/* the word before: part, then the one before it: det */
	return understand_word_before(text, at, part, sizeof(part), &at) &&
	    text_has_word(part, ph->idiom_parts, ph->nidiom_parts) &&
	    understand_word_before(text, at, det, sizeof(det), &at) &&
	    text_has_word(det, ph->object_determiners,
	    ph->nobject_determiners);
}

/*
 * Does text (len bytes) name the subject name: as a word of its own,
 * joined by a hyphen to a word of the article ("rust-based"), or not as
 * typed at all (a synonym: "golang")?  Only inside compounds whose next
 * word is a stopword, one the article does not know ("go-to-market",
 * "rust-belt": idioms) or one of phrases.reading.idiom_parts ("go-live",
 * "no-go": a word of the article that makes an idiom with the name) it
 * names no subject.
 */
static int
understand_standalone(const struct kb *kb, const char *text, size_t len,
    const char *name)
{
	size_t n = strlen(name), i, a, b;
	char w[TEXT_TOKEN_MAX];
	int idiom = 0;

	for (i = 0; n > 0 && i + n <= len; i++) {
		int before = i > 0 ? (unsigned char)text[i - 1] : ' ';
		int after = i + n < len ? (unsigned char)text[i + n] : ' ';

		if (strncasecmp(text + i, name, n) != 0 || isalnum(before) ||
		    isalnum(after))
			continue;
		if (after == '-' && i + n + 1 < len &&
		    isalpha((unsigned char)text[i + n + 1]))
			a = i + n + 1;
		else if (before == '-' && i > 1 &&
		    isalpha((unsigned char)text[i - 2])) {
			for (a = i - 1; a > 0 &&
			    isalpha((unsigned char)text[a - 1]); a--)
				;
		} else if (understand_spaced_idiom(kb, text, i)) {
			idiom = 1;
			continue;
		} else
			return 1;
		for (b = 0; a + b < len && b + 1 < sizeof(w) &&
		    isalpha((unsigned char)text[a + b]); b++)
			w[b] = (char)tolower((unsigned char)text[a + b]);
		w[b] = '\0';
		if (strmap_get(&kb->stopwords, w) < 0 &&
		    !text_has_word(w, kb->phrases.idiom_parts,
		    kb->phrases.nidiom_parts) &&
		    (strmap_get(&kb->svocab, w) >= 0 ||
		    strmap_get(&kb->mvocab, w) >= 0))
			return 1;
		idiom = 1;
	}
	return !idiom;
}

/*
 * Does q name one of the article's subjects by a one-word name ("go dev
 * median salary", "rust embedded")?  Said without "I" or "we", that is a
 * query about the language, not a description of the user: it may still
 * answer the pending question ("coffee is fine"), but is not read for
 * other answers.  With idioms set, a name only inside a hyphenated
 * compound of text (len bytes, as typed) does not count
 * (understand_standalone).
 */
static int
understand_names_subject(const struct kb *kb, const struct kb_query *q,
    const char *text, size_t len, int idioms)
{
	size_t i, k;

	for (k = 0; k < kb->nsubjects; k++) {
		const char *name = kb->subjects[k].name;

		if (strchr(name, ' ') != NULL)
			continue;
		for (i = 0; i < q->n; i++)
			if (strcasecmp(q->term[i] != NULL ? q->term[i] :
			    q->raw[i], name) == 0 &&
			    (!idioms ||
			    understand_standalone(kb, text, len, name)))
				return 1;
	}
	return 0;
}

/* ---- reading answers ------------------------------------------------- */

/*
 * Do choices c1 and c2 of question qi give the same verdict, with the
 * other answers of found recorded too?  Then it does not matter which of
 * the two the user meant, and one can be taken (and said so).
 */
static int
understand_same_outcome(const struct dlg *d, const int *found, size_t qi,
    int c1, int c2)
{
	struct dlg t = *d;
	size_t i;
	int v1;

	for (i = 0; i < DL(d)->nquestions; i++)
		if (found[i] >= 0 && i != qi) {
			t.answer[i] = (int8_t)found[i];
			t.how[i] = DLG_DESCRIBED;
		}
	t.how[qi] = DLG_DESCRIBED;
	t.answer[qi] = (int8_t)c1;
	if ((v1 = dialogue_verdict(&t, NULL)) < 0)
		return 0;
	t.answer[qi] = (int8_t)c2;
	return dialogue_verdict(&t, NULL) == v1;
}

/*
 * Do the words [span[0], span[1]) of q lie inside what choice c of
 * question j was read from: the span of its longest phrase (jspan), or
 * words of other phrases of the same choice ("quickly" in "we need to
 * hire juniors quickly" is the team's "hire quickly", not the timeline's)?
 * With whole (the words answer a whole_subject question: what the user
 * knows), words in the gap of a role that are none of its own are not
 * inside it ("hacking on C++ for twenty-odd years" is C++ and a team's
 * experience both).
 */
static int
understand_inside(const struct dlg *d, const struct kb_query *q,
    const size_t *span, size_t j, int c, const size_t *jspan, int whole)
{
	unsigned char covered[TEXT_MAX_TOKENS];
	size_t k;

	if (span[1] <= span[0])		/* read from no words of its own */
		return 0;
	if (jspan[0] <= span[0] && span[1] <= jspan[1])
		return !(whole && match_role_gap(&d->kb->phrases,
		    &DL(d)->questions[j], c, q, jspan, span));
	memset(covered, 0, sizeof(covered));
	match_cover(&d->kb->phrases, &DL(d)->questions[j], c, q, covered);
	for (k = span[0]; k < span[1] && k < q->n; k++)
		if (!covered[k])
			return 0;
	return 1;
}

/*
 * Is the phrase at span (a choice's words that open with a negation,
 * "doesn't matter") said of the words right before it, at other, which
 * another question read, as its choice or negated ("memory layout doesn't
 * matter", "kubernetes doesn't matter")?  Then it is their predicate, not
 * an answer of its own.  A clause mark between ends the words it is said
 * of: "a cli tool, no rush" lists two answers.
 */
static int
understand_predicate(const struct kb_query *q, const size_t *span,
    const size_t *other)
{
	size_t k;

	if (other[1] <= other[0] || other[1] != span[0] || span[0] >= q->n ||
	    q->brk[span[0]])
		return 0;
	for (k = span[0]; k < span[1] && k < q->n && q->stop[k]; k++)
		;
	return k < span[1] && k < q->n && q->negation[k];
}

/*
 * Is every word of q in span[0..span[1]) that is no stopword a word of
 * question qi's text ("that integration matters" while "Is integration
 * with Kubernetes ... a priority?" is pending, or is answered by the same
 * message)?  Such words echo that question: they answer no other one.  0
 * when qi is -1 or the span holds no such word.
 */
static int
understand_echoes(const struct dlg *d, const struct kb_query *q,
    const size_t *span, int qi)
{
	const char *t;
	size_t k, n, words = 0;
	int found;

	if (qi < 0 || span[1] <= span[0])
		return 0;
	t = DL(d)->questions[qi].text;
	for (k = span[0]; k < span[1] && k < q->n; k++) {
		if (q->stop[k] || q->raw[k][0] == '\0')
			continue;
		n = strlen(q->raw[k]);
		found = 0;
		for (const char *p = t; !found && p != NULL && *p != '\0'; p++)
			found = strncasecmp(p, q->raw[k], n) == 0 &&
			    (p == t || !isalnum((unsigned char)p[-1])) &&
			    !isalnum((unsigned char)p[n]);
		if (!found)
			return 0;
		words++;
	}
	return words > 0;
}

/* understand_echoes() for the pending question */
static int
understand_echoes_asked(const struct dlg *d, const struct kb_query *q,
    const size_t *span)
{
	return understand_echoes(d, q, span, d->pending);
}

/*
 * Is message word w a number: digits, or a word of phrases.reading.
 * number_names ("two")?
 */
static int
understand_is_number(const struct kb_phrases *ph, const char *w)
{
	const struct kb_phrase_chain *ch = &ph->number_names_by_word;
	size_t k, n = strlen(w);
	int32_t e;

	if (n == 0)
		return 0;
	if (text_is_number(w))
		return 1;
	/* a name w begins, as a word of its own: only the names of w's
	 * chain (by first word) begin so */
	if (ch->next != NULL) {
		for (e = kb_phrase_chain_word(ch, w, n); e >= 0;
		    e = ch->next[e])
			if (ch->phrase[e][n] == ' ')
				return 1;
		return 0;
	}
	for (k = 0; k < ph->nnumber_names; k++)
		if (strncmp(ph->number_names[k], w, n) == 0 &&
		    ph->number_names[k][n] == ' ')
			return 1;
	return 0;
}

/*
 * Is the partial_subjects phrase at word k of q the user's own count, a
 * clause_words "user" word right before it, or one and an auxiliary that
 * is no reading.possession_verbs word ("we are 5 devs": the whole team;
 * "we have 1 dev who knows go" stays a part), or such an auxiliary
 * opening its clause ("we're 5 devs" reads "were 5 devs")?
 */
static int
understand_partial_whole(const struct kb *kb, const struct kb_query *q,
    size_t k)
{
	const struct kb_phrases *ph = &kb->phrases;
	int32_t b;

	if (k == 0 || q->brk[k])
		return 0;
	b = kb_clause_word(kb, q->raw[k - 1], strlen(q->raw[k - 1]));
	if (b >= 0 && (b & KB_CW_USER))
		return 1;
	if (b < 0 || !(b & KB_CW_AUX) || match_in_list(q->raw[k - 1],
	    strlen(q->raw[k - 1]), ph->possession_verbs,
	    ph->npossession_verbs))
		return 0;
	if (k == 1 || q->brk[k - 1])
		return 1;
	b = kb_clause_word(kb, q->raw[k - 2], strlen(q->raw[k - 2]));
	return b >= 0 && (b & KB_CW_USER);
}

/*
 * Does a phrase of phrases.reading.partial_subjects ("one of us", "2
 * know": a number in an entry stands for any number) end right before
 * word a of q, or run into it ("2 know go": the choice's phrase "know go"
 * begins at "know"), in a's clause?  Then what the phrase at a says is
 * said of part of the team, not of the user: "team is 4 ppl, 2 know go"
 * is no Go background.  Not when the count is the user's own
 * (understand_partial_whole(): "we're 5 devs, mostly go").
 */
static int
understand_partial(const struct kb *kb, const struct kb_query *q,
    size_t a)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t e, k, m, j, len;
	const char *w;

	for (e = 0; e < ph->npartial_subjects; e++) {
		for (m = 0, w = ph->partial_subjects[e]; *w != '\0'; m++) {
			w += text_word_len(w);
			w += *w == ' ';
		}
		for (k = a >= m ? a - m : 0; k < a; k++) {
			int ok = k + m <= q->n;

			w = ph->partial_subjects[e];
			for (j = 0; ok && j < m; j++) {
				char word[TEXT_TOKEN_MAX];

				len = text_word_len(w);
				if (len >= sizeof(word))
					len = sizeof(word) - 1;
				memcpy(word, w, len);
				word[len] = '\0';
				ok = (j == 0 || !q->brk[k + j]) &&
				    (strcmp(q->raw[k + j], word) == 0 ||
				    (text_is_number(word) &&
				    understand_is_number(ph, q->raw[k + j])));
				w += len;
				w += *w == ' ';
			}
			if (ok)
				return !understand_partial_whole(kb, q, k);
		}
	}
	return 0;
}

/*
 * A choice said again for question qi in a message with an addition word
 * (phrases.reading.additions: "also a matchmaking service", "plus the
 * public api") adds to the answer recorded (old) instead of replacing it:
 * returns the choice that combines old and the new one c from two of its
 * groups (the services on top, the layer beneath: "both, by layer"), -2
 * when one group holds both or old combines a group holding c (the same
 * side: the first answer stands), or c when the KB says nothing of the
 * pair (a correction, "actually no, firmware", has no addition word).
 */
static int
understand_added(const struct dlg *d, const struct kb_query *q, size_t qi,
    int old, int c)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	const struct kb_question *qu = &DL(d)->questions[qi];
	size_t i, k, g, h;
	int adds = 0;

	for (i = 0; i < q->n && !adds; i++)
		adds = q->raw[i][0] != '\0' && match_in_list(q->raw[i],
		    strlen(q->raw[i]), ph->additions, ph->nadditions);
	if (!adds || old < 0 || c < 0 || old == c)
		return c;
	for (g = 0; g < qu->choices[old].ncombines; g++)
		if (qu->choices[old].combines[g] & (1u << c))
			return -2;
	for (k = 0; k < qu->nchoices; k++)
		for (g = 0; g < qu->choices[k].ncombines; g++) {
			if (!(qu->choices[k].combines[g] & (1u << old)))
				continue;
			if (qu->choices[k].combines[g] & (1u << c))
				return -2;
			for (h = 0; h < qu->choices[k].ncombines; h++)
				if (h != g && (qu->choices[k].combines[h] &
				    (1u << c)))
					return (int)k;
		}
	return c;
}

/*
 * Is the word of q right before word a, in its clause, one of
 * phrases.reading.outside_words ("cuda" before "kernels", "opencl"
 * before "kernel"): a thing the article lacks, of which the phrase read
 * at a names a kind?  In a question that phrase is not the choice's
 * sense (understand_step_pending).
 */
static int
understand_outside_kind(const struct kb *kb, const struct kb_query *q,
    size_t a)
{
	const char *w;

	if (a == 0 || a >= q->n || q->brk[a] || kb->phrases.noutside_words == 0)
		return 0;
	w = q->raw[a - 1];
	return w[0] != '\0' && (kb_listed(&kb->phrases, w, strlen(w)) &
	    KB_LISTED_OUTSIDE) != 0;
}

/*
 * "the proxy is C right now and memory corruption bugs keep biting us"
 * after "APIs on top, our own edge proxy underneath" (both, by layer):
 * a choice c read for an answered question whose recorded answer combines
 * c in one of its groups (phrases: "combines"), said in a message that
 * answers another question too, is that layer named as the setting of
 * the other answer, not a change of mind: the recorded answer stands
 * (found[] set back to it, as understand_added() does for the same side).
 * A message opening with a change cue (phrases.reading.change_starts,
 * fillers before it aside: "actually, just the proxy now") still
 * replaces it.  Bounded by the questions and choices of the KB.
 */
static size_t understand_change_cue(const struct kb *,
    const struct kb_query *, const char *const *, const size_t *, size_t,
    const size_t *, size_t);

static void
understand_part_kept(const struct dlg *d, const struct kb_query *q,
    int *found)
{
	const struct kb_dialogue *dl = DL(d);
	const struct kb_choice *ch;
	size_t i, j, g, k;
	int other = 0, part, cue;

	for (j = 0; j < dl->nquestions && !other; j++)
		other = found[j] >= 0 && (d->how[j] == DLG_UNANSWERED ||
		    d->answer[j] != found[j]);
	for (i = 0; i < dl->nquestions && other; i++) {
		if (found[i] < 0 || d->how[i] == DLG_UNANSWERED ||
		    d->answer[i] < 0 || d->answer[i] == found[i])
			continue;
		ch = &dl->questions[i].choices[d->answer[i]];
		for (g = 0, part = 0; g < ch->ncombines && !part; g++)
			part = (ch->combines[g] & (1u << found[i])) != 0;
		/* another question's new answer, not this one's */
		for (j = 0, other = 0; j < dl->nquestions && !other; j++)
			other = j != i && found[j] >= 0 &&
			    (d->how[j] == DLG_UNANSWERED ||
			    d->answer[j] != found[j]);
		if (!part || !other)
			continue;
		/* a change cue may be a filler too ("actually"): tried at
		 * each word up to the first that is not one */
		for (k = 0, cue = 0; k < q->n && !cue; k++) {
			cue = understand_change_cue(d->kb, q, NULL, NULL, 0,
			    NULL, k) > 0;
			if (q->raw[k][0] != '\0' && !(kb_listed(&d->kb->phrases,
			    q->raw[k], strlen(q->raw[k])) & KB_LISTED_FILLER))
				break;
		}
		if (!cue)
			found[i] = d->answer[i];
	}
}

/*
 * Is the phrase read at span of q (a choice of a whole_subject question,
 * what the people know) said of a codebase: followed in its clause,
 * within UNDERSTAND_CODEBASE_GAP words, by a phrases.reading.
 * codebase_words word ("an old C++ fraud-scoring library", "a big Java
 * monolith")?  A codebase the team maintains is not the team's
 * background; a phrase that holds the codebase word itself ("go
 * services") is the KB's own answer and never gets here, and a
 * phrases.reading.codebase_authors word before it in its clause, within
 * UNDERSTAND_CODEBASE_BACK words, says the people write that codebase
 * ("been writing c++ game engines"): its language is theirs.
 */
static void understand_blank(struct kb_query *, size_t, size_t);

#define UNDERSTAND_CODEBASE_GAP		3	/* words after the phrase */
#define UNDERSTAND_CODEBASE_TRIES	4	/* phrases set aside per question */
#define UNDERSTAND_CODEBASE_BACK	6	/* words before it for an author */

static int
understand_codebase(const struct kb_phrases *ph, const struct kb_query *q,
    const size_t *span)
{
	size_t k;

	if (ph->ncodebase_words == 0 || span[1] <= span[0])
		return 0;
	/* "i'm writing a c++ physics library": the people write it */
	for (k = span[0]; k > 0 && k + UNDERSTAND_CODEBASE_BACK > span[0] &&
	    !q->brk[k]; k--)
		if (q->raw[k - 1][0] != '\0' && match_in_list(q->raw[k - 1],
		    strlen(q->raw[k - 1]), ph->codebase_authors,
		    ph->ncodebase_authors))
			return 0;
	for (k = span[1]; k < q->n && k < span[1] + UNDERSTAND_CODEBASE_GAP &&
	    !q->brk[k]; k++)
		if (q->raw[k][0] != '\0' && match_in_list(q->raw[k],
		    strlen(q->raw[k]), ph->codebase_words, ph->ncodebase_words))
			return 1;
	return 0;
}

/*
 * match_choice() for question qu, but for a whole_subject question (what
 * the people know) a phrase said of a codebase (understand_codebase:
 * "mostly java folks, and an old c++ library") is set aside and the rest
 * read again, at most UNDERSTAND_CODEBASE_TRIES times; -1 when each
 * phrase read is a codebase's.  span may be NULL.
 */
static int
understand_match_people(const struct kb *kb, const struct kb_question *qu,
    const struct kb_query *q, int *score, int *tie, int *second,
    size_t *span)
{
	struct kb_query rest;
	size_t sp[2] = { 0, 0 };
	int c, t;

	c = match_choice(&kb->phrases, qu, q, score, tie, second, sp);
	if (c >= 0 && qu->whole_subject && understand_codebase(&kb->phrases,
	    q, sp)) {
		rest = *q;
		for (t = 0; t < UNDERSTAND_CODEBASE_TRIES && c >= 0 &&
		    understand_codebase(&kb->phrases, &rest, sp); t++) {
			understand_blank(&rest, sp[0], sp[1]);
			sp[0] = sp[1] = 0;
			c = match_choice(&kb->phrases, qu, &rest, score, tie,
			    second, sp);
		}
		if (c >= 0 && understand_codebase(&kb->phrases, &rest, sp))
			c = -1;
	}
	if (span != NULL) {
		span[0] = sp[0];
		span[1] = sp[1];
	}
	return c;
}

/* Does choice ch's combines_with name question j? */
static int
understand_pairs_with(const struct kb_choice *ch, size_t j)
{
	size_t t;

	for (t = 0; t < ch->combines_with.nterms; t++)
		if ((size_t)ch->combines_with.terms[t].question == j)
			return 1;
	return 0;
}

/*
 * Words answer one question only, part by part (nu50 #5): a fresh answer
 * that combines choices (both layers: services, and the layer beneath)
 * whose words include a longer phrase of an answer to a question its
 * combines_with names (the KB's own other half of that combination:
 * C/C++ code with memory bugs beside services), one no
 * combined choice holds too (match_cover_own: "C++ services" is C/C++
 * code, memory_safety's phrase, not a services layer of the user's), is
 * read again with those words blanked; when the rest reads one of the
 * combined choices alone ("a TLS-terminating proxy in front": infra),
 * that is the answer, and a by-layer verdict names no layer the user
 * never had.  Otherwise, a tie or another choice, the answer stands.
 * One re-read per combining answer, bounded by the questions.
 */
static void
understand_parts_own(const struct dlg *d, const struct kb_query *q,
    int *found)
{
	const struct kb_dialogue *dl = DL(d);
	unsigned char covered[TEXT_MAX_TOKENS];
	struct kb_query rest;
	size_t i, j, g, k;
	uint32_t parts;
	int c, sc, tie, any;

	for (i = 0; i < dl->nquestions; i++) {
		const struct kb_question *qu = &dl->questions[i];

		const struct kb_choice *ch;

		/* a fresh reading: one recorded before is what the message
		 * adds to (understand_added) */
		if (found[i] < 0 || d->how[i] != DLG_UNANSWERED ||
		    (ch = &qu->choices[found[i]])->ncombines == 0 ||
		    !ch->has_combines_with)
			continue;
		for (g = 0, parts = 0; g < qu->choices[found[i]].ncombines;
		    g++)
			parts |= qu->choices[found[i]].combines[g];
		memset(covered, 0, sizeof(covered));
		for (j = 0; j < dl->nquestions; j++)
			if (j != i && found[j] >= 0 &&
			    understand_pairs_with(ch, j))
				match_cover_own(&d->kb->phrases,
				    &dl->questions[j], found[j], qu, parts, q,
				    covered);
		rest = *q;
		for (k = 0, any = 0; k < rest.n && k < TEXT_MAX_TOKENS; k++)
			if (covered[k]) {
				understand_blank(&rest, k, k + 1);
				any = 1;
			}
		if (!any)
			continue;
		c = match_choice(&d->kb->phrases, qu, &rest, &sc, &tie, NULL,
		    NULL);
		if (c < 0 || tie || c == found[i])
			continue;
		for (g = 0; g < qu->choices[found[i]].ncombines; g++)
			if (qu->choices[found[i]].combines[g] & (1u << c))
				found[i] = c;
	}
}

/*
 * Does q hold a change cue (phrases.reading.change_starts or story_turns:
 * "scratch that", "ended up") at any word?  Then a part named in it may
 * be one given up ("was planning a game engine, scratch that, I build
 * CLIs"), and no two parts join.  Bounded by q's words; the cues are
 * looked up by first word.
 */
static int
understand_parts_changed(const struct dlg *d, const struct kb_query *q)
{
	size_t k;

	for (k = 0; k < q->n; k++)
		if (understand_change_cue(d->kb, q, NULL, NULL, 0, NULL, k) > 0)
			return 1;
	return 0;
}

/*
 * Two parts of the work in one message, one named by another question's
 * answer (nu50: "a game server plus a matchmaking service"): when
 * found[i] is a choice of the first group of a choice x with
 * combines_parts, and an answer found[j] that x's combines_parts names
 * was read from one of its "parts" phrases (a latency-critical component,
 * not a requirement of the services: "game server", not "no gc pauses"),
 * the work is x (both layers), unless the message holds a change cue
 * (understand_parts_changed).  Bounded by the questions and choices.
 */
static void
understand_parts_join(const struct dlg *d, const struct kb_query *q,
    int *found)
{
	const struct kb_dialogue *dl = DL(d);
	size_t i, x, t;

	for (i = 0; i < dl->nquestions; i++) {
		const struct kb_question *qu = &dl->questions[i];

		if (found[i] < 0)
			continue;
		for (x = 0; x < qu->nchoices; x++) {
			const struct kb_choice *ch = &qu->choices[x];

			if (!ch->has_combines_parts ||
			    !(ch->combines[0] & (1u << found[i])))
				continue;
			for (t = 0; t < ch->combines_parts.nterms; t++) {
				size_t j = ch->combines_parts.terms[t].question;
				int fj = found[j];

				if (fj >= 0 && (ch->combines_parts.terms[t].
				    choices & (1u << fj)) &&
				    match_part_said(&d->kb->phrases,
				    &dl->questions[j].choices[fj], q) &&
				    !understand_parts_changed(d, q)) {
					found[i] = (int)x;
					break;
				}
			}
			break;
		}
	}
}

static int understand_clause_out(const struct kb_query *,
    const struct kb_question *, size_t);
static int understand_clause_facts(const struct kb_query *,
    const struct kb_question *, struct kb_query *);

/*
 * Read answers from a description.  found[q] is set to the choice read,
 * -1 for none; ambiguous[q] marks a question whose answer could be two
 * choices.  Unanswered questions are read; with reread, answered ones too,
 * and an answer there counts only when it differs from the one recorded
 * (a change of mind: "actually, I write firmware"; one said with an
 * addition word adds to it: understand_added).  Words answer one
 * question only: an answer read from a phrase that lies inside a longer
 * phrase (more terms, more words) read for another question is dropped
 * ("latency doesn't matter" is about latency, not also the career's
 * "doesn't matter"), and so is one that only says something of the words
 * right before it that another question reads (understand_predicate).
 * A question
 * whose words name two choices that give the same verdict gets the first
 * (ambiguous[q] = 2: "picked one of two"); otherwise ambiguous[q] = 1.
 * Returns how many answers were read.
 */
static int
understand_extract(const struct dlg *d, const struct kb_query *q, int *found,
    int *ambiguous, int reread)
{
	static struct kb_query facts;	/* large; one thread */
	const struct kb_dialogue *dl = DL(d);
	size_t i, j, span[KB_MAX_QUESTIONS][2];
	int n = 0, pair[KB_MAX_QUESTIONS][2], terms[KB_MAX_QUESTIONS];

	for (i = 0; i < dl->nquestions; i++) {
		int score, tie, c, second;

		found[i] = -1;
		ambiguous[i] = 0;
		/* before the skip: the loops below read span[j] of every
		 * question j, a skipped one too (understand_predicate());
		 * left unset, whether an answer was its predicate depended
		 * on what an earlier call left on the stack */
		span[i][0] = span[i][1] = 0;
		terms[i] = 0;
		if (!reread && d->how[i] != DLG_UNANSWERED)
			continue;
		c = understand_match_people(d->kb, &dl->questions[i], q,
		    &score, &tie, &second, span[i]);
		terms[i] = score;
		if (c < 0)
			continue;
		/* "we used to have 50 devs": a state gone by, not now;
		 * "if we build a proxy ...": no fact (the clause
		 * analysis), whichever of two choices it names; the
		 * user's own clauses beside it are read alone ("suppose
		 * we rewrite the proxy, today it's apis": not both) */
		if (understand_clause_facts(q, &dl->questions[i],
		    &facts)) {
			c = understand_match_people(d->kb, &dl->questions[i],
			    &facts, &score, &tie, &second, span[i]);
			terms[i] = score;
			if (c < 0)
				continue;
		} else if (understand_clause_out(q, &dl->questions[i],
		    span[i][0]))
			continue;
		if (tie) {
			/* 3: a tie on an answered question, resolved below
			 * or dropped ("sorry, I meant a database engine") */
			ambiguous[i] = d->how[i] == DLG_UNANSWERED ? 1 : 3;
			pair[i][0] = c;
			pair[i][1] = second;
			continue;
		}
		if (d->how[i] != DLG_UNANSWERED && d->answer[i] == c)
			continue;
		/* "yes that integration matters": the pending question's
		 * own word answers no other question */
		if ((int)i != d->pending && understand_echoes_asked(d, q,
		    span[i]))
			continue;
		/* said of part of the team, not of the user */
		if (dl->questions[i].whole_subject &&
		    understand_partial(d->kb, q, span[i][0]))
			continue;
		/* added on the same side: the first answer stands, read
		 * again so that the addition is acknowledged, not missed */
		if (d->how[i] != DLG_UNANSWERED &&
		    (c = understand_added(d, q, i, d->answer[i], c)) == -2) {
			found[i] = d->answer[i];
			continue;
		}
		found[i] = c;
	}
	understand_part_kept(d, q, found);
	/* "we're on kubernetes for everything so yes that integration
	 * matters": words echoing a question the message answers (its text
	 * "Is integration with Kubernetes...") answer no other one */
	for (i = 0; i < dl->nquestions; i++)
		for (j = 0; j < dl->nquestions && found[i] >= 0; j++)
			if (j != i && found[j] >= 0 && understand_echoes(d, q,
			    span[i], (int)j) && !understand_echoes(d, q,
			    span[j], (int)i))
				found[i] = -1;
	for (i = 0; i < dl->nquestions; i++)
		for (j = 0; j < dl->nquestions && found[i] >= 0; j++)
			if (j != i && ((found[j] >= 0 && terms[j] > terms[i] &&
			    span[j][1] - span[j][0] > span[i][1] - span[i][0] &&
			    understand_inside(d, q, span[i], j, found[j],
			    span[j], dl->questions[i].whole_subject)) ||
			    understand_predicate(q, span[i],
			    span[j])))
				found[i] = -1;
	understand_parts_own(d, q, found);
	for (i = 0; i < dl->nquestions; i++) {
		if (ambiguous[i] && pair[i][1] >= 0 && understand_same_outcome(d,
		    found, i, pair[i][1], pair[i][0])) {
			found[i] = pair[i][1] < pair[i][0] ? pair[i][1] :
			    pair[i][0];
			ambiguous[i] = 2;
			if (d->how[i] != DLG_UNANSWERED &&
			    (d->answer[i] == pair[i][0] ||
			    d->answer[i] == pair[i][1])) {
				found[i] = -1;	/* no change of mind */
				ambiguous[i] = 0;
			}
		}
		if (ambiguous[i] == 3)
			ambiguous[i] = 0;
	}
	for (i = 0; i < dl->nquestions; i++)
		if (found[i] >= 0)
			n++;
	return n;
}

/*
 * The question whose id (as squashed: "memory_safety" is "memory safety")
 * holds every word of q in [span[0], span[1]), the words a choice
 * matched ("career": the career question's name): that question, or -1.
 * Bounded by the questions and the span's words.
 */
static int
understand_target_named(const struct dlg *d, const struct kb_query *q,
    const size_t span[2])
{
	const struct kb_dialogue *dl = DL(d);
	char id[64];
	const char *w;
	size_t i, k;

	if (span[0] >= span[1] || span[1] > q->n)
		return -1;
	for (i = 0; i < dl->nquestions; i++) {
		kb_squash(dl->questions[i].id, strlen(dl->questions[i].id),
		    id, sizeof(id));
		for (k = span[0]; k < span[1]; k++) {
			w = q->raw[k];
			if (!text_has_word(id, &w, 1))
				break;
		}
		if (k == span[1])
			return (int)i;
	}
	return -1;
}

/*
 * Read "what if I said X" / "change Q to X" style text (sq squashed, q as
 * normalized from what was typed): the question and
 * choice it names.  Prefers the pending question, then answered ones.
 */
static int
understand_target(const struct dlg *d, const char *text,
    const struct kb_query *q, int *qout, int *cout)
{
	const struct kb_dialogue *dl = DL(d);
	size_t i, span[2], best_span[2] = { 0, 0 };
	int best_q = -1, best_c = -1, best_score = 0, best_rank = 9, named, c;

	for (i = 0; i < dl->nquestions; i++) {
		int score, tie, rank;

		c = match_choice(&d->kb->phrases, &dl->questions[i], q,
		    &score, &tie, NULL, span);
		if (c < 0)
			continue;
		rank = (int)i == d->pending ? 0 : d->answer[i] >= 0 ? 1 : 2;
		if (score > best_score || (score == best_score &&
		    rank < best_rank)) {
			best_score = score;
			best_rank = rank;
			best_q = (int)i;
			best_c = c;
			best_span[0] = span[0];
			best_span[1] = span[1];
		}
	}
	/* "change my career answer", "change my memory safety answer":
	 * the words the choice matched ("career", a phrase of building's
	 * "undecided"; "memory safety", of memory_safety's "yes") are the
	 * name of the question meant, not an answer to record (review
	 * hx47c): that question, with a choice of its own said besides
	 * its name ("change my career answer to premium"), else none */
	if (best_q >= 0 && (named = understand_target_named(d, q,
	    best_span)) >= 0) {
		int score, tie;

		best_q = named;
		best_c = -1;
		c = match_choice(&d->kb->phrases, &dl->questions[named], q,
		    &score, &tie, NULL, span);
		if (c >= 0 && understand_target_named(d, q, span) != named)
			best_c = c;
	}
	/* "change building": a question named by its id */
	if (best_q < 0)
		for (i = 0; i < dl->nquestions; i++) {
			char sq[64];

			kb_squash(dl->questions[i].id, strlen(dl->questions[i].id),
			    sq, sizeof(sq));
			if (strstr(text, sq) != NULL) {
				best_q = (int)i;
				break;
			}
		}
	*qout = best_q;
	*cout = best_c;
	return best_q;
}

/*
 * What one message says, worked out once and read by every step: the
 * squashed text ("why are you asking"), whether it reads as a question,
 * whether it speaks of the user, and its terms for matching phrases.
 */
/* the commands whose phrases a message's reading looks for (said.says):
 * those the steps after understand_read_words() ask about */
#define UNDERSTAND_SAYS_READ	(1u << KB_CMD_WHY | 1u << KB_CMD_WHAT_CHANGES | \
	1u << KB_CMD_RECOMMEND)

/* Readings again of one message (a lead, a tail or a remark peeled off)
 * at most: each takes a frame of a few KB (review hx45) */
#define UNDERSTAND_SAY_PEELS	16	/* a real message needs a few */

static void	understand_say_at(struct dlg *, struct dlg_events *,
		    const char *, size_t, int);

struct said {
	const char	*text;
	size_t		 len;
	int		 peels;		/* times the message was read again
					 * before this reading (understand_say_at) */
	char		 sq[512];
	char		 core[512];	/* sq without fillers around it */
	size_t		 intro;		/* bytes of sq a self-introduction
					 * opening it takes ("student here ",
					 * "java dev "), or 0 (understand_intro,
					 * understand_intro_role) */
	int		 question;
	int		 first_person;
	int		 reported;	/* someone else's reported words
					 * were blanked in q
					 * (understand_scope_reported()) */
	int		 relay_role;	/* whose relayed fact it tells, for the
					 * understood notice: a relay_roles
					 * index plus one, 0 none, -1 not
					 * looked for (understand_read_words) */
	int		 quoted;	/* a quote closed by a dash and
					 * its attribution was blanked
					 * (understand_scope_dash_quote()) */
	int		 theirs;	/* wholly someone else's: every word
					 * blanked by understand_scope() ("a
					 * friend of mine runs a team of 40");
					 * set by understand_read_words() */
	int		 asks_verdict;	/* says a "recommend" phrase */
	int		 made_fact;	/* asks what a named thing is made
					 * in (understand_made_fact) */
	unsigned	 says;		/* bit c: holds a phrase of command c,
					 * of UNDERSTAND_SAYS_READ (read by
					 * understand_read_words) */
	int		 about_subject;	/* names a subject, not the user */
	int		 weighs;	/* weighs the subjects for a thing it
					 * names, no first person of its own: a
					 * subject-led phrases.reading.
					 * deliberations phrase ("rust or go
					 * for clis": understand_weighs_by_name)
					 * or a topic, a mark and the subjects
					 * alone ("wasm: rust or go?":
					 * understand_weighs_after_mark); the
					 * article's answer for the thing comes
					 * first (understand_weighed_answer) */
	int		 corrected;	/* question the message corrected
					 * itself on (understand_correction),
					 * or -1 */
	int		 studied;	/* a clause told as study ("java in
					 * class") holds a study_no_basis
					 * question's choice (understand_studied) */
	int		 story;		/* tells past work, then present
					 * work (understand_read_kind) */
	int		 request;	/* holds a request addressed to the
					 * advisor, its "me" the only first
					 * person: understand_request's bits
					 * (2: it opens the message), or 0 */
	signed char	 kept[KB_MAX_QUESTIONS];	/* an answer the words a
					 * correction took back gave to
					 * another question, read before the
					 * cue ("Go" of "Go services"), or
					 * -1 (understand_keep_others) */
	struct kb_query	 q;
};
static int understand_tail_command(const struct kb *, const struct said *);
static int understand_reply(const struct kb_question *,
    const struct said *);

/*
 * When the answer to the question the message corrected itself on
 * (s->corrected) was read, mark it in ambiguous[] as 3 for the notice,
 * which then says that the later of the two answers was kept; a question
 * marked already (two choices fit) keeps its mark.  An answer read from a
 * topic the message rules out ("it can't stall", "pauses are a
 * dealbreaker": match_ruled_out) is marked 4: the notice says it was
 * read as a requirement, not as "it doesn't matter".
 */
static void
understand_note_correction(const struct dlg *d, const struct said *s,
    int *found, int *ambiguous)
{
	size_t i;

	/* the message's reading is final here: two parts of the work
	 * join (understand_parts_join), unless the message corrected
	 * itself */
	if (s->corrected < 0)
		understand_parts_join(d, &s->q, found);
	/* "Go services, but moving to the storage team": the Go the
	 * correction's blanked words said stays an answer */
	for (i = 0; i < DL(d)->nquestions; i++)
		if (found[i] < 0 && s->kept[i] >= 0)
			found[i] = s->kept[i];

	if (s->corrected >= 0 && found[s->corrected] >= 0 &&
	    ambiguous[s->corrected] == 0)
		ambiguous[s->corrected] = 3;
	for (i = 0; i < DL(d)->nquestions; i++)
		if (found[i] >= 0 && ambiguous[i] == 0 &&
		    match_ruled_out(&d->kb->phrases, &DL(d)->questions[i],
		    &s->q, found[i]))
			ambiguous[i] = 4;
}

/* ---- the conversation's context ------------------------------------- */


/*
 * "hm ok, rust then?", "ok so rust instead?" right after an answer from
 * the article, when no verdict was given and the user has told nothing a
 * verdict could rest on (dialogue_has_basis): a verdict command would
 * only say there is none yet (need_more); a message naming an outcome
 * that is a subject of the knowledge base (its id a subject's term:
 * "rust", not "both") asks the last question again of that subject, a
 * follow-up (understand_step_question).  Returns whether s is such a
 * message.
 */
static int understand_names_subject_outcome(const struct dlg *,
    const struct said *);

static int
understand_fact_subject_again(const struct dlg *d, const struct said *s)
{

	if (!(frame_last(d) & FRAME_FACT) || d->last_verdict >= 0 ||
	    dialogue_has_basis(d))
		return 0;
	return understand_names_subject_outcome(d, s);
}

/*
 * Does s name an outcome that is a subject of the knowledge base (its id
 * a subject's term: "rust", not "both")?
 */
static int
understand_names_subject_outcome(const struct dlg *d, const struct said *s)
{
	const struct kb *kb = d->kb;
	size_t i, k;
	int32_t o;

	if (kb->outcome_words.cap == 0)
		return 0;
	for (i = 0; i < s->q.n; i++) {
		if ((o = strmap_get(&kb->outcome_words, s->q.raw[i])) < 0 ||
		    (size_t)o >= kb->dialogue.noutcomes)
			continue;
		for (k = 0; k < kb->nsubjects; k++)
			if (kb->subject_term[k] != NULL && strcmp(
			    kb->subject_term[k], kb->dialogue.outcomes[o].id) ==
			    0)
				return 1;
	}
	return 0;
}

/* Does squashed text sq name an outcome ("rust", "go", "both")? */
static int
understand_names_outcome(const struct kb *kb, const char *sq)
{
	size_t n;

	for (; *sq != '\0'; sq += n + (sq[n] == ' ')) {
		n = text_word_len(sq);
		if (n > 0 && understand_outcome_word(kb, sq, n))
			return 1;
	}
	return 0;
}

/*
 * Does squashed text sq hold a word about the user ("i", "we", "my
 * team": phrases.reading's person words)?  "should we switch to go?" is
 * the user's move; "when would it be go?" asks what would change.
 */
static int
understand_names_user(const struct kb *kb, const char *sq)
{
	size_t n;

	for (; *sq != '\0'; sq += n + (sq[n] == ' ')) {
		n = text_word_len(sq);
		if (n > 0 && (kb_listed(&kb->phrases, sq, n) &
		    KB_LISTED_PERSON))
			return 1;
	}
	return 0;
}

/*
 * Does squashed text sq name outcome o by its id ("go") and no other
 * outcome by its id?
 */
static int
understand_names_only_outcome(const struct kb *kb, const char *sq, int o)
{
	const struct kb_dialogue *dl = &kb->dialogue;
	size_t n, k;
	int named = 0;

	if (o < 0 || (size_t)o >= dl->noutcomes)
		return 0;
	for (; *sq != '\0'; sq += n + (sq[n] == ' ')) {
		n = text_word_len(sq);
		for (k = 0; k < dl->noutcomes; k++)
			if (strlen(dl->outcomes[k].id) == n &&
			    memcmp(dl->outcomes[k].id, sq, n) == 0) {
				if ((int)k != o)
					return 0;
				named = 1;
			}
	}
	return named;
}

/*
 * The one outcome other than the last verdict that squashed text sq
 * names by its id ("and rust?" after Go), or -1: none, more than one,
 * or no verdict yet.  What "what would change it" is then asked about
 * (verdict_what_changes(), d->what_for).
 */
static int
understand_other_outcome(const struct dlg *d, const char *sq)
{
	const struct kb_dialogue *dl = DL(d);
	size_t n, k;
	int other = -1;

	if (d->last_verdict < 0)
		return -1;
	for (; *sq != '\0'; sq += n + (sq[n] == ' ')) {
		n = text_word_len(sq);
		for (k = 0; k < dl->noutcomes; k++)
			if ((int)k != d->last_verdict &&
			    strlen(dl->outcomes[k].id) == n &&
			    memcmp(dl->outcomes[k].id, sq, n) == 0) {
				if (other >= 0 && other != (int)k)
					return -1;
				other = (int)k;
			}
	}
	return other;
}

/*
 * Give the article's answer a, then ask the pending question again (the
 * walk goes on where it was).  Returns 1: something was said.
 */
static int
understand_give(struct dlg *d, struct dlg_events *evs,
    const struct kb_answer *a)
{
	walk_emit(evs, DLG_EV_ANSWER)->u.answer = *a;
	d->misses = 0;
	if (d->pending >= 0)
		walk_ask(d, evs, d->pending, 1);
	return 1;
}

/*
 * understand_give() of res's claims as a follow-up on the last fact: the
 * claims alone, no lead row, figure, other subject or missing words.
 */
static int
understand_give_follow_up_as(struct dlg *d, struct dlg_events *evs,
    const struct kb_result *res, int source_asked)
{
	struct kb_answer a;

	kb_answer_from(res, &a);
	a.lead_row = a.lead_figure = a.other_subject = -1;
	a.no_figure = 0;
	a.nmissing = 0;
	a.follow_up = 1;
	a.source_asked = source_asked;
	return understand_give(d, evs, &a);
}

static int
understand_give_follow_up(struct dlg *d, struct dlg_events *evs,
    const struct kb_result *res)
{
	return understand_give_follow_up_as(d, evs, res, 0);
}

/*
 * understand_give_follow_up() of res, a claim of the article's own
 * comparison table asked where it comes from: the answer says first that
 * it is the table and names no outside source (kb_answer.table_source).
 */
static int
understand_give_table_source(struct dlg *d, struct dlg_events *evs,
    const struct kb_result *res)
{
	struct kb_answer a;

	kb_answer_from(res, &a);
	a.follow_up = 1;
	a.table_source = 1;
	return understand_give(d, evs, &a);
}

/*
 * understand_give_follow_up() of res, asked where it comes from: the
 * answer names its lead claim's source first (kb_answer.source_asked,
 * "Source: X."), as a question naming the claim and its source would.
 */
static int
understand_give_source(struct dlg *d, struct dlg_events *evs,
    const struct kb_result *res)
{
	return understand_give_follow_up_as(d, evs, res, 1);
}

/*
 * Does claim c tell fact's story, for understand_why_reasons()?  Either
 * of fact's subject and section (the article's own telling of it), or a
 * claim on no one subject (one no word names: "both") from fact's own
 * dated source (a study's, a ranking's): the ranking's method behind
 * either language's rank, told once for both, in whichever section.
 */
static int
understand_same_story(const struct kb *kb, const struct kb_claim *fact,
    const struct kb_claim *c)
{
	if (c->subject == fact->subject)
		return fact->section != NULL && c->section == fact->section;
	if (fact->source == NULL || c->source != fact->source ||
	    fact->source->year == 0)
		return 0;
	return ask_on_both(kb, c);
}

#define UNDERSTAND_WHY_NEAR	0.25	/* share of the fact's terms a claim
					 * around it holds, at least */
#define UNDERSTAND_WHY_REASONS	2	/* reasons given for one fact */

/*
 * The article's reasons for fact: the claims that answer the intent the
 * user's "why" asks (its class in lexicon.json "intents", read from the
 * message: a claim's "answers" holding it), of fact's subject and
 * section (the article's own telling of that story: a reason told in
 * another section is another story's, Microsoft's motive is not the
 * Linux kernel's), sharing a topic with it; those sharing more topics
 * first, the first in the file among equals.  At most
 * UNDERSTAND_WHY_REASONS into res, as hits of one score; returns how
 * many (0: the article gives none).
 */
static size_t
understand_why_reasons(const struct dlg *d, const struct said *s,
    const struct kb_claim *fact, struct kb_result *res)
{
	const struct kb *kb = d->kb;
	const struct kb_claim *c;
	size_t i, t, u, n = 0, shared, rank[UNDERSTAND_WHY_REASONS], r, j;
	int intent;

	intent = kb_intent_of(kb, s->text, s->len);
	if (intent <= 0 || intent > (int)kb->nintents)
		return 0;
	for (i = 0; i < kb->nclaims; i++) {
		c = &kb->claims[i];
		if (c == fact || !understand_same_story(kb, fact, c) ||
		    !(c->answers & (1u << (intent - 1))))
			continue;
		for (t = 0, shared = 0; t < c->ntopics; t++)
			for (u = 0; u < fact->ntopics; u++)
				if (c->topics[t] == fact->topics[u])
					shared++;
		if (shared == 0)
			continue;
		r = shared;
		/* kept in rank order, the earlier first among equals */
		for (j = n; j > 0 && rank[j - 1] < r; j--)
			if (j < UNDERSTAND_WHY_REASONS) {
				rank[j] = rank[j - 1];
				res->hits[j] = res->hits[j - 1];
			}
		if (j >= UNDERSTAND_WHY_REASONS)
			continue;
		rank[j] = r;
		memset(&res->hits[j], 0, sizeof(res->hits[j]));
		res->hits[j].claim = c;
		res->hits[j].score = 1;
		res->hits[j].coverage = 1;
		if (n < UNDERSTAND_WHY_REASONS)
			n++;
	}
	res->nhits = n;
	return n;
}

/*
 * A question of an intent ("why did microsoft start moving kernel code
 * to rust?") answered by a fact that does not answer it (the first
 * claim's `answers` lack the intent; no table row or figure leads): the
 * article's own claims of that intent on the fact's story
 * (understand_why_reasons(): Microsoft's motive beside the lines it
 * rewrote) follow the fact, those not cited already, as far as a holds
 * claims.  The fact alone says what happened, not why.
 */
static void
understand_intent_reasons(const struct dlg *d, const struct said *s,
    struct kb_answer *a)
{
	static struct kb_result res;	/* large; the engine is one thread */
	const struct kb_claim *first;
	size_t i, k, at, n;
	int intent;

	if (a->nclaims == 0 || a->lead_row >= 0 || a->lead_figure >= 0 ||
	    a->no_figure || a->follow_up)
		return;
	first = a->claims[0];
	intent = kb_intent_of(d->kb, s->text, s->len);
	if (intent <= 0 || (first->answers & (1u << (intent - 1))) != 0)
		return;
	memset(&res, 0, sizeof(res));
	if (understand_why_reasons(d, s, first, &res) == 0)
		return;
	/* in a full answer the last claims, the least of what the search
	 * found, make room: the intent's answer is what was asked */
	for (i = 0, at = 1; i < res.nhits && at < KB_ANSWER_MAX; i++) {
		for (k = 0; k < a->nclaims && a->claims[k] !=
		    res.hits[i].claim; k++)
			;
		if (k < a->nclaims)
			continue;
		n = a->nclaims < KB_ANSWER_MAX ? a->nclaims :
		    KB_ANSWER_MAX - 1;
		for (k = n; k > at; k--)
			a->claims[k] = a->claims[k - 1];
		a->claims[at++] = res.hits[i].claim;
		a->nclaims = n + 1;
	}
	/* a part named as missing that asks for that class ("what's that
	 * list measuring") is what the reasons answer: no longer missing */
	for (i = k = 0; i < a->nmissing; i++)
		if (kb_intent_of(d->kb, a->missing[i],
		    strlen(a->missing[i])) != intent) {
			if (k != i)
				(void)memcpy(a->missing[k], a->missing[i],
				    sizeof(a->missing[k]));
			k++;
		}
	a->nmissing = k;
}

/*
 * "why?" (or "how come?") right after an answer from the article asks
 * about that fact: the article's reasons for it when it gives some
 * (understand_why_reasons()), the fact first when it is a dated study's
 * finding and they are not; else the claims around the one that
 * led the last answer (the article's search for its own text: the table
 * row, the reason given next to it) that have its source, that claim
 * left out, then the pending question again; a neighbour with another
 * source is another claim, not this one's reason ("why?" after a
 * TIOBE rank is not a RedMonk method).  With none near enough, the
 * fact itself again with its source.  Returns 0 when there is no fact.
 */
static int
understand_why_fact(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	const struct kb_claim *first;
	struct kb_query q;
	static struct kb_result res;	/* large; the engine is one thread */
	size_t i, k;

	if (d->fact_claim < 0 || (size_t)d->fact_claim >= d->kb->nclaims)
		return 0;
	first = &d->kb->claims[d->fact_claim];
	memset(&res, 0, sizeof(res));
	if ((k = understand_why_reasons(d, s, first, &res)) > 0) {
		/* a finding of a dated study of its own ("72% admire it",
		 * the survey's) with reasons from elsewhere: the finding
		 * again with its source, then the article's reading of it */
		for (i = 0; i < k && res.hits[i].claim->source !=
		    first->source; i++)
			;
		if (i == k && first->source != NULL &&
		    first->source->year != 0) {
			for (i = k; i > 0; i--)
				res.hits[i] = res.hits[i - 1];
			res.hits[0].claim = first;
			res.nhits = k + 1;
		}
		res.covered = 1;
		res.coverage = 1;
		return understand_give_follow_up(d, evs, &res);
	}
	kb_normalize(d->kb, first->text, strlen(first->text), 0, &q);
	(void)kb_search_query(d->kb, &q, KB_MAX_HITS, &res);
	/* the claim itself leads its own search: the rest is ranked as an
	 * answer is (kb_answer_from), against the best of the others */
	for (i = k = 0; i < res.nhits; i++)
		if (res.hits[i].claim != first &&
		    res.hits[i].claim->source == first->source)
			res.hits[k++] = res.hits[i];
	res.nhits = k;
	if (k == 0 || res.hits[0].coverage < UNDERSTAND_WHY_NEAR) {
		/* nothing more from its source: the fact again, with the
		 * source it holds (as "source?" gives it) */
		memset(&res, 0, sizeof(res));
		res.hits[0].claim = first;
		res.hits[0].score = 1;
		res.hits[0].coverage = 1;
		res.nhits = 1;
	}
	res.covered = 1;
	res.coverage = res.hits[0].coverage;
	return understand_give_follow_up(d, evs, &res);
}

/*
 * Answer s as a question about the last answer from the article
 * (ask_answer() reads it as its follow-up), then ask the pending question
 * again.  Returns 0, having said nothing, when the article has no claim
 * for it.
 */
static int
understand_ask_fact(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	struct kb_answer a;

	ask_answer(d, s->text, s->len, s->sq, &a);
	if (a.nclaims == 0)
		return 0;
	return understand_give(d, evs, &a);
}

/*
 * After a verdict, did the last answers recorded (one input's) change
 * one given before (not answer a question never answered), or do the
 * answers now give another verdict than the last one said?  "now what?"
 * then asks for the verdict as the answers are now, whether or not it
 * was said again on the change.
 */
static int
understand_changed_verdict(const struct dlg *d)
{
	const struct dlg_step *st;
	double conf;
	size_t i;

	if (d->last_verdict < 0 || d->nsteps == 0)
		return 0;
	if (!d->recommended && dialogue_verdict(d, &conf) != d->last_verdict)
		return 1;
	/* the last input's answers (one batch): one of them a change */
	for (i = d->nsteps; i > 0 &&
	    d->steps[i - 1].batch == d->steps[d->nsteps - 1].batch; i--) {
		st = &d->steps[i - 1];
		if (st->prev_how != DLG_UNANSWERED &&
		    st->prev != d->answer[st->question])
			return 1;
	}
	return 0;
}

/*
 * 1 when a verdict was shown and an answer has been recorded since
 * (walk_record() clears d->recommended; a verdict shown sets it): "ok
 * so whats next?" after "wait, latency does matter" asks what the
 * answers as they are now come to, though that answer was the first to
 * the question and the verdict may stand; "go on" (no question word)
 * still goes on with the walk.
 */
static int
understand_answered_since(const struct dlg *d)
{
	return d->last_verdict >= 0 && !d->recommended && d->nsteps > 0;
}

static int understand_talk(struct dlg *, struct dlg_events *, int);

/*
 * Is squashed text sq, with each word of phrases.reading.back_refs
 * dropped ("never mind that" -> "never mind") or said as the first of
 * phrases.reading.anaphors ("forget that" -> "forget it"), one of the
 * knowledge base's small talk?  Returns its index, or -1.  Used right
 * after an answer from the article, where the word pointing back is that
 * answer: a dismissal of it, not of the user's last walk answer.  One
 * pass per form over sq; longer than the stack buffer is no dismissal.
 */
static int
understand_dismissal(const struct kb *kb, const char *sq)
{
	const struct kb_phrases *ph = &kb->phrases;
	char buf[128];
	const char *p;
	size_t len, n, a;
	int form, t;

	for (form = 0; form < 2; form++) {
		if (form == 1 && ph->nanaphors == 0)
			break;
		n = 0;
		for (p = sq; *p != '\0'; p += len + (p[len] == ' ')) {
			const char *w = p;

			len = text_word_len(p);
			if (len == 0)
				break;
			if (match_in_list(p, len, ph->back_refs,
			    ph->nback_refs)) {
				if (form == 0)
					continue;
				w = ph->anaphors[0];
				a = strlen(w);
			} else
				a = len;
			if (n + a + 2 > sizeof(buf))
				return -1;
			if (n > 0)
				buf[n++] = ' ';
			memcpy(buf + n, w, a);
			n += a;
		}
		buf[n] = '\0';
		if (n > 0 && (t = understand_small_talk(kb, buf)) >= 0)
			return t;
	}
	return -1;
}

/* Step 1: a command said in words ("go back", "what would change it?",
 * "how did u decide that": a word to the advisor as its first). */

/*
 * Does squashed sq end with a word of phrases.reading.question_words
 * and hold no present_words phrase: "what?", "sorry what", "hm what"
 * ask what was said again, "now what", "what now" ask what follows?
 */
static int
understand_bare_what(const struct kb *kb, const char *sq)
{
	const char *w = strrchr(sq, ' ');

	w = w != NULL ? w + 1 : sq;
	return *w != '\0' && text_word_in(w, strlen(w),
	    kb->phrases.question_words, kb->phrases.nquestion_words) &&
	    !text_has_phrase(sq, kb->phrases.present_words,
	    kb->phrases.npresent_words);
}
/*
 * Carry out command cmd (enum kb_command) said in s; returns 1.  "why
 * are you asking that?" is about the pending question, even after a
 * quick verdict (phrases.reading.about_question).  A bare "why?" right
 * after an answer from the article is about that answer
 * (understand_why_fact), not the question asked again after it.  Once
 * a verdict stands, the latest reply decides (the lead's decision,
 * round 51): right after the verdict it is the verdict's why; right
 * after a fact answered since the verdict ("is go garbage collected?"
 * then "why's that?") it is that fact's why, one question on the side
 * or several; naming an outcome ("why go for us?") is the verdict's
 * why still.  "not sure" (the
 * unsure command, non-committal words among its phrases) that is one of
 * the pending question's choice's `replies` picks that choice; otherwise
 * it leaves the pending question only "not sure", and with none pending
 * it changes nothing (an error that says how to change an answer).
 */
static int
understand_run_command(struct dlg *d, struct dlg_events *evs,
    const struct said *s, int cmd)
{
	struct dlg_input in;
	int c;

	/* "doesn't matter" while the career question is asked: that
	 * question's own reply for it (a choice's "replies"); otherwise a
	 * non-committal answer is "not sure" of the pending question only,
	 * never a choice of another question */
	if (cmd == KB_CMD_UNSURE && d->pending >= 0 &&
	    (c = understand_reply(&DL(d)->questions[d->pending], s)) >= 0) {
		walk_answer(d, d->pending, c, DLG_ASKED);
		walk_advance(d, evs);
		return 1;
	}
	/* "what changed?", "why the switch?" before any verdict was given:
	 * there is none to have changed, so say so and what is known so far
	 * (the summary), not why the pending question is asked (ds49) */
	if (cmd == KB_CMD_WHY && text_has_phrase(s->sq,
	    d->kb->phrases.change_refs, d->kb->phrases.nchange_refs)) {
		/* after one, it asks about the verdict, never about the
		 * question pending ("Why I ask ...") */
		if (d->last_verdict >= 0) {
			verdict_why(d, evs);
			return 1;
		}
		walk_notice(evs, DLG_NOTICE_NEED_MORE)->need =
		    DLG_NEED_CHANGED;
		memset(&in, 0, sizeof(in));
		in.kind = (enum dlg_in_kind)KB_CMD_SUMMARY;
		dialogue_handle(d, &in, evs);
		return 1;
	}
	if (cmd == KB_CMD_WHY && d->pending >= 0 && text_has_word(s->sq,
	    d->kb->phrases.about_question, d->kb->phrases.nabout_question)) {
		verdict_why_question(d, evs, d->pending);
		return 1;
	}
	/* "how confident are you?", "what's behind the verdict?" with a
	 * question pending: a word naming the verdict or its certainty
	 * (phrases.reading.verdict_refs) asks about the verdict, never why
	 * the pending question is asked (nu51: the latency question's why
	 * came back); with no verdict standing but answers given, the
	 * verdict for them as they are now, its confidence said */
	if (cmd == KB_CMD_WHY && d->pending >= 0 && text_has_word(s->sq,
	    d->kb->phrases.verdict_refs, d->kb->phrases.nverdict_refs)) {
		if (d->last_verdict >= 0) {
			verdict_why(d, evs);
			return 1;
		}
		if (walk_answered(d)) {
			memset(&in, 0, sizeof(in));
			in.kind = (enum dlg_in_kind)KB_CMD_RECOMMEND;
			dialogue_handle(d, &in, evs);
			return 1;
		}
	}
	/* "why both and not just go everywhere?" while a question is
	 * pending after a quick verdict: an outcome named asks about the
	 * verdict, not about the question */
	if (cmd == KB_CMD_WHY && d->pending >= 0 && !d->recommended &&
	    d->last_verdict >= 0 && understand_names_outcome(d->kb, s->sq)) {
		verdict_why(d, evs);
		return 1;
	}
	/* "why did they pick go?", "how come they chose it?" right after
	 * an answer from the article: "they" (phrases.reading.
	 * third_parties) are the people or projects of that answer, so it
	 * is a question about it (dialogue_ask.c), not the verdict's why */
	if (cmd == KB_CMD_WHY && (frame_last(d) & FRAME_FACT) &&
	    text_has_word(s->sq, d->kb->phrases.third_parties,
	    d->kb->phrases.nthird_parties) && understand_ask_fact(d, evs, s))
		return 1;
	if (cmd == KB_CMD_WHY && (frame_last(d) & FRAME_FACT) &&
	    (d->last_verdict < 0 || d->verdict_input < d->fact_input) &&
	    !understand_names_outcome(d->kb, s->sq) &&
	    understand_why_fact(d, evs, s))
		return 1;
	/* "with that change, what's your pick": a recommend phrase ending
	 * the message asks for the verdict, whatever cued a command before
	 * it (understand_tail_command) */
	if ((cmd == KB_CMD_WHAT_CHANGES || cmd == KB_CMD_START) &&
	    understand_tail_command(d->kb, s) == KB_CMD_RECOMMEND)
		cmd = KB_CMD_RECOMMEND;
	/* "now what?" once the last answers recorded changed one a
	 * verdict stood on (understand_changed_verdict): a question (a word of phrases.reading.question_words,
	 * not "go on") about what follows is the verdict for the answers
	 * as they are now, not the next question; so is one asked of the
	 * present with a question mark ("and now?": a word of
	 * phrases.reading.present_words) */
	/* but "what was the question?", "whats the question" with a
	 * question pending asks it again (a word of
	 * phrases.reading.about_question) */
	/* and so does a start phrase ending in its question word, with
	 * no present word ("what?", "sorry, what?" is no "now what?") */
	if (cmd == KB_CMD_START && !(d->pending >= 0 && (text_has_word(s->sq,
	    d->kb->phrases.about_question,
	    d->kb->phrases.nabout_question) ||
	    understand_bare_what(d->kb, s->sq))) &&
	    (understand_changed_verdict(d) ||
	    d->recommended || understand_answered_since(d)) &&
	    (text_has_word(s->sq, d->kb->phrases.question_words,
	    d->kb->phrases.nquestion_words) ||
	    (understand_ends_question(s->text, s->len) &&
	    text_has_phrase(s->sq, d->kb->phrases.present_words,
	    d->kb->phrases.npresent_words))))
		cmd = KB_CMD_RECOMMEND;
	/* "should I switch to go?" when go is the verdict: a message
	 * naming the verdict asks for it (PROTOCOL 5.4), not for what
	 * would change it */
	if (cmd == KB_CMD_WHAT_CHANGES && d->last_verdict >= 0 &&
	    understand_names_user(d->kb, s->sq) &&
	    understand_names_only_outcome(d->kb, s->sq, d->last_verdict))
		cmd = KB_CMD_RECOMMEND;
	/* "and rust?", "why not rust then?" once Go is the verdict: the
	 * other outcome's case for the user goes with what would change it
	 * or how the verdict came about (verdict_case) */
	if (cmd == KB_CMD_WHAT_CHANGES || cmd == KB_CMD_WHY)
		d->what_for = understand_other_outcome(d, s->sq) + 1;
	/* "forget that", "never mind that" right after an answer from
	 * the article or an explanation (a what-if, a why): the word
	 * pointing back (phrases.reading.back_refs)
	 * is that answer, dismissed; the walk answer given before the
	 * question stands (hx50c: it was undone, an answer wiped that the
	 * user never withdrew).  Only a dismissal that is also one of the
	 * knowledge base's small talk gets its reply; "undo", "go back"
	 * still undo */
	if (cmd == KB_CMD_BACK &&
	    (frame_last(d) & (FRAME_FACT | FRAME_EXPLAIN)) &&
	    ask_points_back(d->kb, s->sq) &&
	    (c = understand_dismissal(d->kb, s->sq)) >= 0)
		return understand_talk(d, evs, c);
	memset(&in, 0, sizeof(in));
	in.kind = (enum dlg_in_kind)cmd;
	dialogue_handle(d, &in, evs);
	return 1;
}

/*
 * Squashed text sq with every word of phrases.reading.addressee written
 * as its first ("how did u decide that" is "how did you decide that"),
 * into out (outsz bytes).  Returns 1 when a word was changed.
 */
static int
understand_addressee_form(const struct kb *kb, const char *sq, char *out,
    size_t outsz)
{
	const struct kb_phrases *ph = &kb->phrases;
	const char *w = sq;
	size_t n = 0, len;
	int changed = 0;

	/* no word of the list among all of sq's (kb_listed_word() splits
	 * them as the walk below does, and remembers them): none to
	 * change, and sq is not copied word by word */
	if (ph->naddressee == 0 || !kb_listed_word(ph, sq,
	    KB_LISTED_ADDRESSEE))
		return 0;
	while (*w != '\0') {
		len = text_word_len(w);
		if ((kb_listed(ph, w, len) & KB_LISTED_ADDRESSEE) &&
		    (strlen(ph->addressee[0]) != len ||
		    strncmp(w, ph->addressee[0], len) != 0)) {
			n = text_append_word(out, outsz, n, ph->addressee[0],
			    strlen(ph->addressee[0]));
			changed = 1;
		} else
			n = text_append_word(out, outsz, n, w, len);
		if (n >= outsz)
			return 0;
		w += len;
		w += text_space_len(w);
	}
	return changed;
}

/*
 * "which should i learn next?", "what should i pick up down the road":
 * a phrase of the recommend command followed by one of phrases.reading.
 * later_refs asks for the verdict, which is advice for what comes next.
 * Returns KB_CMD_RECOMMEND when squashed text sq is so, else -1.
 */
static int
understand_later_recommend(const struct kb *kb, const char *sq)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t len = strlen(sq), i, n;
	char head[512];

	for (i = 0; i < ph->nlater_refs; i++) {
		n = strlen(ph->later_refs[i]);
		if (n + 1 >= len || len >= sizeof(head) ||
		    sq[len - n - 1] != ' ' ||
		    strcmp(sq + len - n, ph->later_refs[i]) != 0)
			continue;
		(void)memcpy(head, sq, len - n - 1);
		head[len - n - 1] = '\0';
		if (understand_command(kb, head) == KB_CMD_RECOMMEND)
			return KB_CMD_RECOMMEND;
	}
	return -1;
}

/*
 * "what would you do in my place", "if you were me, what would you
 * pick": squashed text sq is a phrase of the recommend command with a
 * phrase of phrases.reading.situation_refs (the user's own situation,
 * no topic) before or after it.  Returns KB_CMD_RECOMMEND or -1.  A
 * text holding such a phrase (a lookup per word) has each phrase
 * compared with its head and tail.
 */
static int
understand_situation_recommend(const struct kb *kb, const char *sq)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t len = strlen(sq), i, n;
	char rest[512];

	/* most messages hold no such phrase: one lookup per word first
	 * (kb->situation_refs_by_word) */
	if (len >= sizeof(rest) || !kb_phrase_chain_has(
	    &kb->situation_refs_by_word, ph->situation_refs,
	    ph->nsituation_refs, sq))
		return -1;
	for (i = 0; i < ph->nsituation_refs; i++) {
		n = strlen(ph->situation_refs[i]);
		if (n + 1 >= len)
			continue;
		if (sq[len - n - 1] == ' ' &&
		    memcmp(sq + len - n, ph->situation_refs[i], n) == 0) {
			(void)memcpy(rest, sq, len - n - 1);
			rest[len - n - 1] = '\0';
		} else if (sq[n] == ' ' &&
		    memcmp(sq, ph->situation_refs[i], n) == 0)
			(void)memcpy(rest, sq + n + 1, len - n);
		else
			continue;
		if (understand_command(kb, rest) == KB_CMD_RECOMMEND)
			return KB_CMD_RECOMMEND;
	}
	return -1;
}

/*
 * "what should they use", "which should they pick for that": a phrase of
 * the recommend command (or one with a phrase of situation_refs, as
 * understand_situation_recommend() reads it) asked for someone else, the
 * one word of phrases.reading.third_parties in squashed sq standing
 * where the user's own word (phrases.reading.first_person, its first)
 * stands in the phrase.  The word before it may not be an auxiliary of
 * phrases.reading.yes_no_starts: "what do they use" and "what would
 * they pick" ask what others do, which the article may tell, not for
 * the advisor's verdict.  Returns KB_CMD_RECOMMEND or -1.  Bounded by
 * sq's words; most messages hold no third-party word and cost one scan.
 */
static int
understand_behalf_recommend(const struct kb *kb, const char *sq)
{
	const struct kb_phrases *ph = &kb->phrases;
	char mine[512];
	const char *w = sq, *prev = NULL;
	size_t len, plen = 0, n = 0, found = 0;

	if (ph->nthird_parties == 0 || ph->nfirst_person == 0 ||
	    strlen(sq) >= sizeof(mine) ||
	    !text_has_word(sq, ph->third_parties, ph->nthird_parties))
		return -1;
	mine[0] = '\0';
	while (*w != '\0') {
		len = text_word_len(w);
		if (match_in_list(w, len, ph->third_parties,
		    ph->nthird_parties)) {
			/* one such word, not after an auxiliary */
			if (found++ > 0 || (prev != NULL &&
			    match_in_list(prev, plen, ph->yes_no_starts,
			    ph->nyes_no_starts)))
				return -1;
			n = text_append_word(mine, sizeof(mine), n,
			    ph->first_person[0], strlen(ph->first_person[0]));
		} else
			n = text_append_word(mine, sizeof(mine), n, w, len);
		if (n >= sizeof(mine))
			return -1;
		prev = w;
		plen = len;
		w += len;
		w += text_space_len(w);
	}
	if (found == 0)
		return -1;
	if (understand_command(kb, mine) == KB_CMD_RECOMMEND)
		return KB_CMD_RECOMMEND;
	return understand_situation_recommend(kb, mine);
}

static int
understand_step_command(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	char you[512], core[512];
	int cmd;

	/* "how did u decide that": the phrase with "you" */
	if (understand_command(d->kb, s->sq) < 0 &&
	    understand_addressee_form(d->kb, s->sq, you, sizeof(you)) &&
	    ((cmd = understand_command(d->kb, you)) >= 0 ||
	    (understand_unfill(d->kb, you, core, sizeof(core)) &&
	    (cmd = understand_command(d->kb, core)) >= 0) ||
	    (cmd = understand_situation_recommend(d->kb, you)) >= 0))
		return understand_run_command(d, evs, s, cmd);
	if ((cmd = understand_command(d->kb, s->sq)) < 0 &&
	    (s->core[0] == '\0' ||
	    (cmd = understand_command(d->kb, s->core)) < 0) &&
	    (cmd = understand_later_recommend(d->kb, s->core[0] != '\0' ?
	    s->core : s->sq)) < 0 &&
	    (cmd = understand_situation_recommend(d->kb, s->core[0] !=
	    '\0' ? s->core : s->sq)) < 0 &&
	    (cmd = understand_behalf_recommend(d->kb, s->core[0] !=
	    '\0' ? s->core : s->sq)) < 0) {
		/* "how long before i can write it well?": a count or a
		 * duration asked (phrases.reading.count_starts,
		 * duration_starts) is a question, whatever it cues */
		if (understand_starts_by(&d->kb->count_starts_by_word, s->sq,
		    ph->count_starts, ph->ncount_starts) ||
		    understand_starts_by(&d->kb->duration_starts_by_word,
		    s->sq, ph->duration_starts, ph->nduration_starts) ||
		    !understand_asks_summary(d->kb, s->sq))
			return 0;
		cmd = KB_CMD_SUMMARY;
	}
	return understand_run_command(d, evs, s, cmd);
}

/*
 * Step 1c': a command said as a verb and its object, in words of the
 * user's own (phrases.verbs and phrases.objects by command: "go ahead and
 * give me your pick", "let's wipe this whole chat"): a verb of the
 * command, an object of it (or a verb that is also its cue, "reset"), and
 * every other word glue (stopwords, fillers, words about the user or to
 * the advisor, phrases.reading.command_glue, outcomes, the command's own
 * words, the start command's cues: "go ahead") but for at most one word nothing reads.  A negation ("don't
 * reset") or a word of the article ("give me the salary figures") makes
 * it something else.  Returns the command squashed text sq says so, or
 * -1; understand_step_verb_command() runs it, and a clause of a message
 * may say it (understand_clause_command: "ugh, wrong info. can we redo
 * this from the start").
 */
#define UNDERSTAND_VERB_MAX	10	/* words */

/*
 * Does squashed sq open with a phrases.reading.yes_no_starts auxiliary
 * followed by a word naming someone else as the doer ("did aws pick rust
 * for anything?", "has discord gone with rust?"): no stopword ("does it
 * ..."), no word of the user or the advisor ("do we", "would you"), no
 * filler, outcome or command cue?  Such a question asks what that party
 * did, which the article may tell, not for the advisor's verdict.
 */
static int
understand_third_doer(const struct kb *kb, const char *sq)
{
	const struct kb_phrases *ph = &kb->phrases;
	const char *w;
	size_t len = text_word_len(sq), i;

	for (i = 0; i < ph->nyes_no_starts; i++)
		if (strlen(ph->yes_no_starts[i]) == len &&
		    strncmp(sq, ph->yes_no_starts[i], len) == 0)
			break;
	if (i == ph->nyes_no_starts || sq[len] != ' ')
		return 0;
	w = sq + len + 1;
	len = text_word_len(w);
	return len > 0 && strmap_getn(&kb->stopwords, w, len) < 0 &&
	    !(kb_listed(ph, w, len) & (KB_LISTED_FILLER | KB_LISTED_PERSON |
	    KB_LISTED_ADDRESSEE)) && !understand_outcome_word(kb, w, len) &&
	    kb_cmd_word(ph, w, len).cue < 0;
}

/*
 * Does squashed sq, after its first word, hold a phrases.reading.
 * yes_no_starts auxiliary followed by a doer understand_third_doer()
 * accepts that is a word the article never uses ("which language does
 * dropbox use", "which language is photoshop written in")?  The cue
 * "which language" there asks what that party chose, not for the
 * user's verdict; the article does not know the party, so the question
 * is for the article to decline, not a request for a verdict with
 * nothing to go on.  A party the article knows ("which language does
 * cloudflare use for dns") is left as it was: the search already
 * answers it.  Bounded by the words of sq (at most TEXT_MAX_TOKENS
 * looked at).
 */
static int
understand_unknown_doer_within(const struct kb *kb, const char *sq)
{
	struct kb_query q;
	const char *w = sq + text_word_len(sq), *d;
	size_t n = 0, dl;

	for (w += text_space_len(w); *w != '\0' && n < TEXT_MAX_TOKENS; n++) {
		if (understand_third_doer(kb, w)) {
			d = w + text_word_len(w);
			d += text_space_len(d);
			dl = text_word_len(d);
			kb_normalize(kb, d, dl, 0, &q);
			if (q.n == 1 && q.term[0] == NULL && !q.stop[0] &&
			    q.subject[0] < 0 &&
			    strmap_getn(&kb->svocab, d, dl) < 0)
				return 1;
		}
		w += text_word_len(w);
		w += text_space_len(w);
	}
	return 0;
}

/*
 * Does text (len bytes) hold a possessive ("lyft's", or with U+2019:
 * letters or digits, an ASCII or U+2019 apostrophe, then "s" ending the
 * word) of a word the article never uses and that names no subject?  A
 * question about that party's backend or api ("which language do they
 * use for lyft's dispatch backend") tells the work of someone the
 * article does not know, not the user's.  "go's gc", "discord's server"
 * and "my team's api" own by words the article knows.  Bounded by len;
 * an owner longer than TEXT_TOKEN_MAX - 1 bytes is no word of it.
 */
static int
understand_unknown_owner(const struct kb *kb, const char *text, size_t len)
{
	struct kb_query q;
	size_t i, a, ap;

	for (i = 0; i < len; i++) {
		ap = text[i] == '\'' ? 1 : (i + 2 < len &&
		    memcmp(text + i, "\xe2\x80\x99", 3) == 0) ? 3 : 0;
		if (ap == 0 || i == 0 || !isalnum((unsigned char)text[i - 1]))
			continue;
		if (i + ap >= len || (text[i + ap] != 's' &&
		    text[i + ap] != 'S') || (i + ap + 1 < len &&
		    isalnum((unsigned char)text[i + ap + 1])))
			continue;
		for (a = i; a > 0 && isalnum((unsigned char)text[a - 1]); a--)
			;
		if (i - a >= TEXT_TOKEN_MAX)
			continue;
		kb_normalize(kb, text + a, i - a, 0, &q);
		if (q.n == 1 && q.term[0] == NULL && !q.stop[0] &&
		    q.subject[0] < 0 &&
		    strmap_getn(&kb->svocab, text + a, i - a) < 0)
			return 1;
	}
	return 0;
}

/*
 * Is word w (len bytes) a one-word phrase of phrases.reading.pair_refs
 * ("each", "both")?  Bounded by the list's length.
 */
static int
understand_pair_word(const struct kb_phrases *ph, const char *w, size_t len)
{
	size_t i;

	for (i = 0; i < ph->npair_refs; i++)
		if (strlen(ph->pair_refs[i]) == len &&
		    strncmp(ph->pair_refs[i], w, len) == 0)
			return 1;
	return 0;
}

static int
understand_verb_command(const struct kb *kb, const char *sq)
{
	/* a request verb with the verdict or "which" for object is
	 * recommend; an undo verb with the last answer for object is back;
	 * a perception verb with what comes from or is about the user
	 * ("from me", "about us": a source word for object and a
	 * first-person word) is summary: each command read as a class of
	 * verb + object (KB phrases.verbs/objects), not as listed
	 * sentences.  Back comes before recommend ("scrap that last
	 * answer" names no verdict); summary before recommend, as "pick"
	 * is both ("what did you pick up from me"), while "pick one for
	 * me" has no source word and stays a pick.  A command with no
	 * verbs in the KB is passed over (the bike-or-bus KB) */
	static const enum kb_command verbal[] = {
		KB_CMD_RESTART, KB_CMD_BACK, KB_CMD_SUMMARY, KB_CMD_RECOMMEND,
		KB_CMD_SKIP
	};
	const struct kb_phrases *ph = &kb->phrases;
	const char *w, *pw;
	struct kb_cmd_word cw;
	/* kb_cmd_word() and understand_outcome_word() of word i, read by
	 * the first command's pass and kept for the next (have[i]): each
	 * command's pass asked them again of the same words */
	struct kb_cmd_word cws[UNDERSTAND_VERB_MAX];
	unsigned char outs[UNDERSTAND_VERB_MAX];
	unsigned char have[UNDERSTAND_VERB_MAX];
	size_t c, len, other, nw, plen, i;
	int verb, object, named, outcome, figured, audience, carry, person;
	int bare;	/* the words so far since the verb are persons */
	enum kb_command cmd;

	/* the words as typed (squashed): a typo fix would read "reset"
	 * as a word of the article */
	for (w = sq, nw = 0; *w != '\0'; nw++) {
		w += text_word_len(w);
		w += text_space_len(w);
	}
	if (nw < 2 || nw > UNDERSTAND_VERB_MAX ||
	    understand_third_doer(kb, sq))
		return -1;
	/* what text_has_word() of figure_words says, by one look-up a word
	 * (remembered for the text: kb_listed_word()) */
	figured = kb_listed_word(ph, sq, KB_LISTED_FIGURE);
	memset(have, 0, sizeof(have));
	for (c = 0; c < sizeof(verbal) / sizeof(verbal[0]); c++) {
		cmd = verbal[c];
		if (ph->nverbs[cmd] == 0)
			continue;
		verb = object = named = outcome = audience = carry = 0;
		person = bare = 0;
		other = 0;
		pw = NULL;
		plen = 0;
		/* i < nw <= UNDERSTAND_VERB_MAX: the words counted above */
		for (w = sq, i = 0; *w != '\0';
		    w += len, w += text_space_len(w), i++) {
			len = text_word_len(w);
			if (!have[i]) {
				cws[i] = kb_cmd_word(ph, w, len);
				outs[i] = (unsigned char)
				    understand_outcome_word(kb, w, len);
				have[i] = 1;
			}
			cw = cws[i];
			/* "give me the figure for each one": an object
			 * right after a one-word pair_refs ("each", "both")
			 * in a message with a figure word is whose figure
			 * is asked, not a pick ("give me the rate for each
			 * language", with no figure word, stays one: "rate"
			 * alone would be read as another topic's) */
			if (figured && pw != NULL &&
			    understand_pair_word(ph, pw, plen))
				cw.objects = 0;
			pw = w;
			plen = len;
			outcome |= outs[i];
			named |= outcome || cw.cue == KB_CMD_RECOMMEND;
			person |= (kb_listed(ph, w, len) &
			    KB_LISTED_PERSON) != 0;
			/* an object first: "start from nothing"; after the
			 * verb, a cue of the command stands for its object
			 * ("just say which", "tell me which"): "which" is no
			 * object elsewhere, where "which ide do you
			 * recommend" asks of something else */
			if (verb && ((cw.objects & (1u << cmd)) ||
			    cw.cue == (int)cmd)) {
				object = 1;
				continue;
			}
			if (strmap_getn(&kb->negations, w, len) >= 0)
				break;
			if (!verb && (cw.verbs & (1u << cmd))) {
				verb = 1 + (cw.cue == (int)cmd);
				bare = 1;
				continue;
			}
			/* "say me only which one": a phrases.reading.
			 * exclusives word right after the verb (and its
			 * person) narrows the request, no word of a topic */
			if (bare && match_in_list(w, len, ph->exclusives,
			    ph->nexclusives))
				continue;
			if (bare && (kb_listed(ph, w, len) & (KB_LISTED_PERSON |
			    KB_LISTED_ADDRESSEE)))
				continue;
			bare = 0;
			if (cw.objects & (1u << cmd)) {
				object = 1;
				continue;
			}
			/* "what would you tell my board": whom the verdict
			 * is carried to stands for its object; "say" or
			 * "bring" to them for its verb */
			if (cmd == KB_CMD_RECOMMEND &&
			    match_in_list(w, len, ph->verdict_audiences,
			    ph->nverdict_audiences)) {
				audience = 1;
				continue;
			}
			if (cmd == KB_CMD_RECOMMEND && !verb &&
			    match_in_list(w, len, ph->audience_verbs,
			    ph->naudience_verbs)) {
				carry = 1;
				continue;
			}
			if (strmap_getn(&kb->stopwords, w, len) >= 0 ||
			    (kb_listed(ph, w, len) & (KB_LISTED_FILLER |
			    KB_LISTED_PERSON | KB_LISTED_ADDRESSEE |
			    KB_LISTED_GLUE)) ||
			    outs[i] ||
			    strmap_getn(&ph->says_words[cmd], w, len) >= 0 ||
			    /* "go ahead and ...": a cue to go on */
			    cw.cue == KB_CMD_START)
				continue;
			if (++other > 1 || !understand_unclassed(kb, w, len))
				break;
		}
		/* "rust or go to start with?", "which one should we
		 * begin with?": a restart verb with no object of its own
		 * beside an outcome's name or a cue of the recommend
		 * command is where to begin, not a new walk; with an
		 * object too ("starting from zero with rust") it is the
		 * user's own start in that language */
		if (audience && (verb || carry) && *w == '\0') {
			object = 1;
			verb = verb ? verb : 1;
		}
		if (*w != '\0' || verb == 0 || (!object && verb < 2) ||
		    (cmd == KB_CMD_RECOMMEND && !object &&
		    understand_asks_other(kb, sq)) ||
		    (cmd == KB_CMD_RESTART && (named && (!object ||
		    outcome))) ||
		    /* "leave go out of it", "skip rust": an outcome named
		     * is what the user sets aside, not the pending question
		     * (hx50c: it skipped the latency question) */
		    (cmd == KB_CMD_SKIP && outcome) ||
		    /* "what do you know about rust", "what did you get from
		     * the article": a summary is of what the user said, so
		     * the user is named and no outcome is */
		    (cmd == KB_CMD_SUMMARY && (outcome || !person)))
			continue;
		return (int)cmd;
	}
	return -1;
}

static int
understand_step_verb_command(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	int cmd = understand_verb_command(d->kb, s->sq);

	return cmd >= 0 && understand_run_command(d, evs, s, cmd);
}

/*
 * Is word w (len bytes) a word of one of the squashed phrases of list?
 */
static int
understand_in_phrases(const char *w, size_t len, const char *const *list,
    size_t n)
{
	const char *p, *ph;
	size_t i, k;

	for (i = 0; i < n; i++)
		for (ph = list[i]; *ph != '\0'; ph += k) {
			k = text_word_len(ph);
			if (k == len && strncmp(ph, w, len) == 0)
				return 1;
			p = ph + k;
			if (*p == ' ')
				k++;
		}
	return 0;
}

/*
 * Is word w (len bytes) an outcome's id or a word of its label ("go",
 * "rust", "both")?  One lookup in the words made at load
 * (kb->outcome_words); the outcomes read one by one while there are none.
 */
static int
understand_outcome_word(const struct kb *kb, const char *w, size_t len)
{
	const struct kb_dialogue *dl = &kb->dialogue;
	char sq[128];
	size_t o;

	if (len > 0 && kb->outcome_words.cap > 0)
		return strmap_getn(&kb->outcome_words, w, len) >= 0;
	for (o = 0; o < dl->noutcomes; o++) {
		if (strlen(dl->outcomes[o].id) == len &&
		    strncmp(dl->outcomes[o].id, w, len) == 0)
			return 1;
		kb_squash(dl->outcomes[o].label, strlen(dl->outcomes[o].label),
		    sq, sizeof(sq));
		{
			const char *l = sq;

			if (understand_in_phrases(w, len, &l, 1))
				return 1;
		}
	}
	return 0;
}

/*
 * Step 1c: a command said with the verdicts it is about and words that
 * only glue ("why go and not rust for me?", "what would make it rust
 * instead?", "still go?"): the message holds a phrase of the why, what
 * would change or recommend command, and every other word is a word of
 * that command's phrases, an outcome, a stopword, a negation, a word
 * about the user, one of phrases.reading.command_glue ("rather") or a
 * phrase of phrases.reading.situation_refs ("for our team").  A word of
 * anything else ("why is rust faster?")
 * makes it a question for the article.  The why asked with the user's
 * objection as a tag question after it ("why not rust, isnt it
 * safer?", understand_tag_objection()) is the why too.
 */
#define UNDERSTAND_LOOSE_MAX	16	/* words of a command with glue */

static size_t understand_situation_at(const struct kb_phrases *,
    const struct kb_query *, size_t);
static unsigned understand_cw_bits(const struct kb *, const char *);

/*
 * Does word i of q open a tag question, a negated auxiliary then a
 * subject ("isnt it", "wouldnt that", "doesnt it"), after at least two
 * words?  Said after "why not rust", its words are the user's objection
 * to the verdict ("isnt it safer?"), which the why explains; a claim
 * answer to them alone would drop the why.
 */
static int
understand_tag_objection(const struct kb *kb, const struct kb_query *q,
    size_t i)
{
	unsigned b;

	if (i < 2 || i + 1 >= q->n || !q->negation[i])
		return 0;
	b = understand_cw_bits(kb, q->raw[i]);
	return (b & KB_CW_AUX) && (b & KB_CW_NEG) &&
	    (understand_cw_bits(kb, q->raw[i + 1]) & KB_CW_SUBJECT);
}

static int
understand_step_loose_command(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	static const enum kb_command loose[] = {
		KB_CMD_WHY, KB_CMD_WHAT_CHANGES, KB_CMD_RECOMMEND
	};
	const struct kb_phrases *ph = &d->kb->phrases;
	size_t c, i, len;

	/* such a command is short, and one word is a command's phrase or
	 * nothing of the kind (step 1) */
	if (s->q.n < 2 || s->q.n > UNDERSTAND_LOOSE_MAX)
		return 0;
	for (c = 0; c < sizeof(loose) / sizeof(loose[0]); c++) {
		if (!(s->says & 1u << loose[c]))
			continue;
		for (i = 0; i < s->q.n; i++) {
			size_t sit;

			/* "for our team", "in my case": the user's own
			 * situation, glue as "me" is (its words may be
			 * topics elsewhere: "a team that builds ...") */
			if ((sit = understand_situation_at(ph, &s->q,
			    i)) > 0) {
				i += sit - 1;
				continue;
			}
			if (loose[c] == KB_CMD_WHY &&
			    understand_tag_objection(d->kb, &s->q, i)) {
				i = s->q.n;
				break;
			}
			len = strlen(s->q.raw[i]);
			if (s->q.stop[i] || s->q.negation[i] ||
			    (kb_listed(ph, s->q.raw[i], len) &
			    KB_LISTED_PERSON) || (kb_listed(ph, s->q.raw[i],
			    len) & KB_LISTED_GLUE) ||
			    understand_outcome_word(d->kb, s->q.raw[i], len) ||
			    strmap_getn(&ph->says_words[loose[c]],
			    s->q.raw[i], len) >= 0)
				continue;
			break;
		}
		if (i < s->q.n)
			continue;
		/* as said in full: "why so long?" right after a fact asks
		 * about the fact (understand_run_command) */
		return understand_run_command(d, evs, s, (int)loose[c]);
	}
	return 0;
}

/*
 * Which reading lists understand_glue() looks in: a mask of these.
 */
#define GLUE_STOP	0x01u	/* stopwords */
#define GLUE_FILLER	0x02u	/* phrases.reading.fillers */
#define GLUE_PERSON	0x04u	/* phrases.reading.first_person */
#define GLUE_ADDRESSEE	0x08u	/* phrases.reading.addressee */
#define GLUE_COMMAND	0x10u	/* phrases.reading.command_glue */
#define GLUE_OUTCOME	0x20u	/* an outcome's name */
#define GLUE_QUESTION	0x40u	/* phrases.reading.question_words */
#define GLUE_COMPARE	0x80u	/* phrases.reading.comparison_words */
#define GLUE_FOLLOW	0x100u	/* phrases.reading.follow_up_starts */

/*
 * Is word i of q (its raw text) in one of the lists of mask: a word that
 * carries no subject of its own around a command ("just", "me", "you",
 * "instead", "go")?  One helper for every loop that skips such words.
 */
static int
understand_glue(const struct kb *kb, const struct kb_query *q, size_t i,
    unsigned mask)
{
	const struct kb_phrases *ph = &kb->phrases;
	const char *w = q->raw[i];
	size_t len = strlen(w);

	return ((mask & GLUE_STOP) && q->stop[i]) ||
	    ((mask & GLUE_FILLER) && (kb_listed(ph, w, len) &
	    KB_LISTED_FILLER)) ||
	    ((mask & GLUE_PERSON) && (kb_listed(ph, w, len) &
	    KB_LISTED_PERSON)) ||
	    ((mask & GLUE_ADDRESSEE) && (kb_listed(ph, w, len) &
	    KB_LISTED_ADDRESSEE)) ||
	    ((mask & GLUE_COMMAND) && (kb_listed(ph, w, len) &
	    KB_LISTED_GLUE)) ||
	    ((mask & GLUE_QUESTION) && (kb_listed(ph, w, len) &
	    KB_LISTED_QUESTION)) ||
	    ((mask & GLUE_COMPARE) && (kb_listed(ph, w, len) &
	    KB_LISTED_COMPARISON)) ||
	    ((mask & GLUE_FOLLOW) && match_in_list(w, len,
	    ph->follow_up_starts, ph->nfollow_up_starts)) ||
	    ((mask & GLUE_OUTCOME) && len > 0 &&
	    understand_outcome_word(kb, w, len));
}

/*
 * Is word w (len bytes) the id or a word of the label of the last
 * verdict given?
 */
static int
understand_is_verdict(const struct dlg *d, const char *w, size_t len)
{
	const struct kb_outcome *o = &DL(d)->outcomes[d->last_verdict];
	char sq[128];
	const char *l = sq;

	if (strlen(o->id) == len && strncmp(o->id, w, len) == 0)
		return 1;
	kb_squash(o->label, strlen(o->label), sq, sizeof(sq));
	return understand_in_phrases(w, len, &l, 1);
}

/*
 * The question whose text shares the most words with q, stopwords, words
 * about the user and about asking (phrases.reading.about_question) left
 * out ("why are you asking me about my team?": the team question), or -1.
 */
static int
understand_named_question(const struct dlg *d, const struct kb_query *q)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	char sq[512];
	const char *l = sq;
	size_t i, k, len;
	int best = -1, best_n = 0, n;

	for (k = 0; k < DL(d)->nquestions; k++) {
		kb_squash(DL(d)->questions[k].text,
		    strlen(DL(d)->questions[k].text), sq, sizeof(sq));
		for (i = 0, n = 0; i < q->n; i++) {
			len = strlen(q->raw[i]);
			if (len == 0 || q->stop[i] || (kb_listed(ph, q->raw[i],
			    len) & KB_LISTED_PERSON) ||
			    match_in_list(q->raw[i], len, ph->about_question,
			    ph->nabout_question))
				continue;
			n += understand_in_phrases(q->raw[i], len, &l, 1);
		}
		if (n > best_n) {
			best_n = n;
			best = (int)k;
		}
	}
	return best;
}

/*
 * Step 1b': "why are you asking (me) about X?": a why phrase, a word
 * about asking, and words naming a question (its text's words): why
 * that question is asked, the pending one when none is named.
 */
static int
understand_step_why_asking(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	int qn;

	if (s->q.n > UNDERSTAND_LOOSE_MAX ||
	    !(s->says & 1u << KB_CMD_WHY) ||
	    !text_has_word(s->sq, ph->about_question, ph->nabout_question))
		return 0;
	if ((qn = understand_named_question(d, &s->q)) < 0 &&
	    (qn = d->pending) < 0)
		return 0;
	verdict_why_question(d, evs, qn);
	if (d->pending >= 0 && d->pending != qn)
		walk_ask(d, evs, d->pending, 1);
	return 1;
}

/*
 * Step 1a': right after an answer from the article, a message that only
 * asks where it comes from or whether it holds ("source?", "link pls",
 * "where does that number come from", "really?"): a phrase of
 * phrases.reading.source_words, every other word one of its words,
 * glue (stopwords, fillers, words about the user, to the advisor,
 * question words, follow-up openers) or a figure word ("number").  The
 * claim that led that answer again, with its citation and source, or the
 * one with a dated source behind its figure (understand_source_behind),
 * then the pending question; not a new search for the word "source".
 */
/*
 * Is claim c one of the article's own comparison table, undated: of the
 * section of a claim of kind "table" ("Go's median salary", told in the
 * table), its source without a year (no survey's)?
 */
static int
understand_table_claim(const struct kb *kb, const struct kb_claim *c)
{
	size_t i;

	if (c->source == NULL || c->source->year != 0 || c->section == NULL)
		return 0;
	for (i = 0; i < kb->nclaims; i++)
		if (kb->claims[i].section == c->section &&
		    strcmp(kb->claims[i].kind, "table") == 0)
			return 1;
	return 0;
}

/*
 * The claim whose dated source stands behind claim c's figure, or c: when
 * c's own source has no year (the article's comparison table, its own
 * summary), the first claim sharing a topic and c's first figure that
 * another claim has (value, range and unit) whose source has a year
 * ("source?" after the table's "62%" is the survey that found it); with
 * none, when c is the article's own comparison table's, the first such
 * claim of another source without a year (the table's "~20% less memory"
 * is TechEmpower Round 23's, NEWUSER42 #2), never the other way round.
 */
static const struct kb_claim *
understand_source_behind(const struct kb *kb, const struct kb_claim *c)
{
	const struct kb_claim *o;
	const struct kb_figure *f, *g;
	size_t i, a, b, t, u;
	int topic, dated;

	if (c->source == NULL || c->source->year != 0)
		return c;
	for (dated = 1; dated >= !understand_table_claim(kb, c); dated--)
	/* c's figures in order: its first is the one its text leads with */
	for (a = 0; a < c->nfigures; a++) {
		f = &c->figures[a];
		if (f->unit == NULL)
			continue;
		for (i = 0; i < kb->nclaims; i++) {
			o = &kb->claims[i];
			if (o == c || o->source == NULL ||
			    o->source == c->source ||
			    (o->source->year != 0) != dated)
				continue;
			for (topic = 0, t = 0; !topic && t < o->ntopics; t++)
				for (u = 0; u < c->ntopics; u++)
					if (o->topics[t] == c->topics[u])
						topic = 1;
			for (b = 0; topic && b < o->nfigures; b++) {
				g = &o->figures[b];
				if (f->value == g->value && f->max == g->max &&
				    g->unit != NULL &&
				    strcmp(f->unit, g->unit) == 0)
					return o;
			}
		}
	}
	return c;
}

/* Does claim c say when: its source or one of its figures has a year? */
static int
understand_dated(const struct kb_claim *c)
{
	size_t f;

	if (c->source != NULL && c->source->year != 0)
		return 1;
	for (f = 0; f < c->nfigures; f++)
		if (c->figures[f].year != 0)
			return 1;
	return 0;
}

/*
 * The dated claim (understand_dated()) of lead's section and subject that
 * shares the most topics (at least one) with lead, the first in the
 * knowledge base's order among equals; else dflt.  The section is the
 * article's own grouping of one story, so the date is that story's.
 */
static const struct kb_claim *
understand_dated_near(const struct kb *kb, const struct kb_claim *lead,
    const struct kb_claim *dflt)
{
	const struct kb_claim *best = dflt, *c;
	size_t i, t, u, shared, top = 0;

	if (lead->section == NULL)
		return dflt;
	for (i = 0; i < kb->nclaims; i++) {
		c = &kb->claims[i];
		if (c == lead || c->section != lead->section ||
		    c->subject != lead->subject || !understand_dated(c))
			continue;
		for (t = 0, shared = 0; t < c->ntopics; t++)
			for (u = 0; u < lead->ntopics; u++)
				if (c->topics[t] == lead->topics[u])
					shared++;
		if (shared > top) {
			top = shared;
			best = c;
		}
	}
	return best;
}

/*
 * Is word w (len bytes) one of the last answer's own, a word of the name
 * of claim c's source or of c's text, squashed ("which year's survey was
 * that?" after the State of Rust Survey's 53%)?  Such a word points back
 * at that answer; it asks nothing new.
 */
static int
understand_answer_word(const struct kb_claim *c, const char *w, size_t len)
{
	char sq[2048];
	char word[TEXT_TOKEN_MAX];
	const char *list[1];

	if (len < 2 || len >= sizeof(word))
		return 0;
	(void)memcpy(word, w, len);
	word[len] = '\0';
	list[0] = word;
	if (c->source != NULL && c->source->name != NULL) {
		kb_squash(c->source->name, strlen(c->source->name), sq,
		    sizeof(sq));
		if (text_has_word(sq, list, 1))
			return 1;
	}
	kb_squash(c->text, strlen(c->text), sq, sizeof(sq));
	return text_has_word(sq, list, 1);
}

/*
 * Is word i of s a word that asks nothing new beside a source phrase:
 * one of phrases.reading.source_words' words, a figure word ("number")
 * or glue (stopwords, fillers, words about the user or to the advisor,
 * question words, follow-up openers)?
 */
static int
understand_source_glue(const struct dlg *d, const struct said *s, size_t i)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	size_t len = strlen(s->q.raw[i]);

	return understand_in_phrases(s->q.raw[i], len, ph->source_words,
	    ph->nsource_words) ||
	    (kb_listed(ph, s->q.raw[i], len) & KB_LISTED_FIGURE) ||
	    understand_glue(d->kb, &s->q, i, GLUE_STOP | GLUE_FILLER |
	    GLUE_PERSON | GLUE_ADDRESSEE | GLUE_QUESTION | GLUE_FOLLOW);
}

/* Does s say a word of phrases.reading.figure_words ("number", "stat")? */
static int
understand_figure_asked(const struct dlg *d, const struct said *s)
{
	size_t i;

	for (i = 0; i < s->q.n; i++)
		if (kb_listed(&d->kb->phrases, s->q.raw[i],
		    strlen(s->q.raw[i])) & KB_LISTED_FIGURE)
			return 1;
	return 0;
}

/*
 * Right after a recommendation (not after an answer from the article), a
 * short message of phrases.reading.source_words with only glue beside it
 * ("sources?", "where is that from") asks where the verdict's reasons
 * come from: the claims cited under them (verdict_claims()), each with
 * its source, as a follow-up; then the pending question.  A date asked
 * (phrases.reading.date_asks: "how recent is that?") is left to the rest:
 * a verdict has no date.  Returns whether it answered.
 */
static int
understand_verdict_sources(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	static struct kb_result res;	/* large; the engine is one thread */
	const struct kb_claim *claims[KB_ANSWER_MAX];
	size_t i, n = 0;
	int figure;

	if (!d->recommended || d->last_verdict < 0 ||
	    !(frame_last(d) & FRAME_VERDICT) ||
	    !(kb_phrase_chain_has(&d->kb->source_words_by_word,
	    ph->source_words, ph->nsource_words, s->sq) ||
	    ask_source_frame(ph, s->sq)) ||
	    (ph->ndate_asks > 0 &&
	    text_has_phrase(s->sq, ph->date_asks, ph->ndate_asks)))
		return 0;
	for (i = 0; i < s->q.n; i++)
		if (strlen(s->q.raw[i]) > 0 && !understand_source_glue(d, s, i))
			return 0;
	/* a figure asked of ("where does that number come from?"): the
	 * claims behind the numbers the reasons show, else the reasons'
	 * claims, their sources named (the article's own, said so) */
	figure = understand_figure_asked(d, s);
	if ((!figure || (n = verdict_figure_claims(d, claims,
	    KB_ANSWER_MAX)) == 0) &&
	    (n = verdict_claims(d, claims, KB_ANSWER_MAX)) == 0)
		return 0;
	memset(&res, 0, sizeof(res));
	for (i = 0; i < n; i++) {
		res.hits[i].claim = claims[i];
		res.hits[i].score = 1;
		res.hits[i].coverage = 1;
	}
	res.nhits = n;
	res.covered = 1;
	res.coverage = 1;
	/* where the reasons come from was asked: the source is named first
	 * ("Source: the article."), after a recommendation or after "why?"
	 * alike (nu47: after "why?" only claims came back, no word of where
	 * from), when it is the one source of every claim listed; claims
	 * of several sources keep their own marks only */
	for (i = 1; !figure && i < n; i++)
		if (claims[i]->source != claims[0]->source)
			break;
	return figure || (n > 0 && i >= n && claims[0]->source != NULL) ?
	    understand_give_source(d, evs, &res) :
	    understand_give_follow_up(d, evs, &res);
}

/*
 * A source asked of nothing ("source?", "Source:", "links pls" as the
 * first message, or after a question was answered): a phrase of
 * phrases.reading.source_words with only stopwords and fillers beside
 * it, no number, no word to the advisor, and no answer from the
 * article or verdict just before to name the source of.  That is
 * declined as a question the article does not answer (an answer with
 * no claims, covered false), not searched for the word "source", which
 * answered some claim citing a report, a fluent reply to nothing asked
 * (review hx46).  Returns whether it declined.
 */
static int
understand_source_of_nothing(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	static struct kb_answer none;	/* large; the engine is one thread */
	size_t i, len;

	/* a phrase of source_words (a frame, "who came up with *", asks
	 * of the words inside it: left to the rest, and not looked for in
	 * every short message) */
	if (!kb_phrase_chain_has(&d->kb->source_words_by_word,
	    ph->source_words, ph->nsource_words, s->sq))
		return 0;
	/* the article's sources asked for as a whole ("where does the
	 * data come from? sources?", phrases.reading.source_list_cues):
	 * the article tells them (ask_source_list()) */
	if (ph->nsource_list_cues > 0 &&
	    kb_phrase_chain_has(&d->kb->source_list_cues_by_word,
	    ph->source_list_cues, ph->nsource_list_cues, s->sq))
		return 0;
	/* only the source words, stopwords and fillers: a word to the
	 * advisor or about a person anywhere ("what are your sources?",
	 * "do you cite anything"), or a question word of its own, asks how
	 * the article is sourced, which it tells: left to search */
	for (i = 0; i < s->q.n; i++) {
		len = strlen(s->q.raw[i]);
		if (len > 0 && (kb_listed(ph, s->q.raw[i], len) &
		    (KB_LISTED_PERSON | KB_LISTED_ADDRESSEE)))
			return 0;
		if (len == 0 || understand_in_phrases(s->q.raw[i], len,
		    ph->source_words, ph->nsource_words))
			continue;
		if (text_is_number_n(s->q.raw[i], len) ||
		    (kb_listed(ph, s->q.raw[i], len) & KB_LISTED_QUESTION) ||
		    !understand_glue(d->kb, &s->q, i, GLUE_STOP |
		    GLUE_FILLER))
			return 0;
	}
	memset(&none, 0, sizeof(none));
	none.lead_row = none.lead_winner = none.other_subject = -1;
	none.lead_figure = -1;
	return understand_give(d, evs, &none);
}

/*
 * Is word w (len bytes) a year as the article dates things, four digits
 * standing alone ("is that still true in 2026?")?
 */
static int
understand_year_word(const struct kb *kb, const char *w, size_t len)
{
	size_t i;

	if (len != 4)
		return 0;
	for (i = 0; i < len; i++)
		if (!isdigit((unsigned char)w[i]))
			return 0;
	return ask_is_year(kb, strtol(w, NULL, 10));
}

/*
 * Right after an answer from the article (frame_fact_lead()), a short
 * message of phrases.reading.source_words with only glue, figure words,
 * years and words of that answer (understand_answer_word()) beside them
 * asks where the lead claim comes from, or when (phrases.reading.
 * date_asks, or a year said: "still true in 2026?" asks whether that
 * figure is dated, not the article's 2026 rankings): the claim's source,
 * given as a follow-up.  Returns whether it did.
 */
static int
understand_step_source(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	static struct kb_result res;	/* large; the engine is one thread */
	const struct kb_claim *lead;
	size_t i, len;
	int source = 0, date, year = 0;

	if (ph->nsource_words == 0 || s->q.n == 0 || s->q.n > 8)
		return 0;
	if ((lead = frame_fact_lead(d)) == NULL)
		return understand_verdict_sources(d, evs, s) ||
		    understand_source_of_nothing(d, evs, s);
	source = kb_phrase_chain_has(&d->kb->source_words_by_word,
	    ph->source_words, ph->nsource_words, s->sq) ||
	    ask_source_frame(ph, s->sq);
	for (i = 0; source && i < s->q.n; i++) {
		len = strlen(s->q.raw[i]);
		if (len == 0 || understand_source_glue(d, s, i) ||
		    understand_answer_word(lead, s->q.raw[i], len))
			continue;
		if (understand_year_word(d->kb, s->q.raw[i], len)) {
			year = 1;
			continue;
		}
		return 0;
	}
	if (!source)
		return 0;
	memset(&res, 0, sizeof(res));
	date = year || (ph->ndate_asks > 0 && text_has_phrase(s->sq,
	    ph->date_asks, ph->ndate_asks));
	/* a figure asked of ("where is that number from?") after an answer
	 * led by a claim with none: the first of that answer's claims with
	 * one is the figure the answer showed */
	for (i = 1; lead->nfigures == 0 && understand_figure_asked(d, s) &&
	    i < d->nfact_claims; i++)
		if (d->fact_claims[i] >= 0 &&
		    (size_t)d->fact_claims[i] < d->kb->nclaims &&
		    d->kb->claims[d->fact_claims[i]].nfigures > 0)
			lead = &d->kb->claims[d->fact_claims[i]];
	res.hits[0].claim = understand_source_behind(d->kb, lead);
	/* "is that recent?" (phrases.reading.date_asks) after an answer led
	 * by an undated claim ("Infire now runs Llama"): the first dated
	 * claim of that answer says when */
	if (!understand_dated(res.hits[0].claim) && date)
		for (i = 1; i < d->nfact_claims; i++)
			if (d->fact_claims[i] >= 0 &&
			    (size_t)d->fact_claims[i] < d->kb->nclaims &&
			    understand_dated(&d->kb->claims[
			    d->fact_claims[i]])) {
				res.hits[0].claim =
				    &d->kb->claims[d->fact_claims[i]];
				break;
			}
	res.hits[0].score = 1;
	res.hits[0].coverage = 1;
	res.hits[0].intent = 0;
	res.nhits = 1;
	/* none in that answer ("how long ago was that?" after what
	 * Microsoft rewrote, which the article does not date): the claim
	 * again, then the dated claim of the same section and subject
	 * that shares most topics with it, the nearest date the article
	 * gives for that story */
	if (!understand_dated(res.hits[0].claim) && date) {
		res.hits[1] = res.hits[0];
		res.hits[1].claim = understand_dated_near(d->kb,
		    &d->kb->claims[d->fact_claim], res.hits[0].claim);
		if (res.hits[1].claim != res.hits[0].claim)
			res.nhits = 2;
	}
	res.covered = 1;
	res.coverage = 1;
	/* the table's own row, no outside source behind it: said so, not
	 * the row again as if it answered "where from?" (NEWUSER42 #13) */
	if (res.nhits == 1 && res.hits[0].claim == lead &&
	    understand_table_claim(d->kb, res.hits[0].claim))
		return understand_give_table_source(d, evs, &res);
	/* where from, not when: the source is named first */
	return date ? understand_give_follow_up(d, evs, &res) :
	    understand_give_source(d, evs, &res);
}

/*
 * Does query q end with an outcome's name made a verb by the words after
 * it (phrases.reading.verdict_verbs: "what should i go with"), fillers
 * aside?  Returns 1 + the index of the name's word, or 0.  Only at the
 * end: "should i go for rust" names Rust.
 */
static size_t understand_cue_at(const struct kb_query *, size_t,
    const char *);
static size_t understand_work_claims(const struct dlg *, const int *, int,
    struct kb_answer *);

static size_t
understand_verdict_verb(const struct kb *kb, const struct kb_query *q)
{
	const struct kb_phrases *ph = &kb->phrases;
	const char *c;
	size_t i, k, n, end = q->n;

	while (end > 0 && (kb_listed(ph, q->raw[end - 1],
	    strlen(q->raw[end - 1])) & KB_LISTED_FILLER))
		end--;
	for (k = 0; k < ph->nverdict_verbs; k++) {
		for (n = 1, c = ph->verdict_verbs[k]; (c = strchr(c, ' ')) !=
		    NULL; c++)
			n++;
		if (n > end)
			continue;
		i = end - n;
		if (understand_cue_at(q, i, ph->verdict_verbs[k]) == n &&
		    understand_outcome_word(kb, q->raw[i], strlen(q->raw[i])))
			return i + 1;
	}
	return 0;
}

static size_t understand_cue_at(const struct kb_query *, size_t,
    const char *);

/*
 * The length in words of the phrase of phrases.reading.situation_refs
 * ("for my team", "in our case") that begins at word i of q, or 0.
 */
static size_t
understand_situation_at(const struct kb_phrases *ph,
    const struct kb_query *q, size_t i)
{
	size_t k, n;

	for (k = 0; k < ph->nsituation_refs; k++)
		if ((n = understand_cue_at(q, i, ph->situation_refs[k])) > 0)
			return n;
	return 0;
}

/*
 * Does q hold a word of phrases.reading.command_glue that is no stopword
 * nor filler ("is it worth switching to rust for us?", "would moving to
 * rust be worth it for us?")?  Such a word makes a message naming an
 * outcome with the user's situation a question about the verdict, where
 * "rust for that??" alone asks the article about that subject.
 */
static int
understand_glue_verb(const struct kb *kb, const struct kb_query *q)
{
	size_t i;

	for (i = 0; i < q->n; i++)
		if (understand_glue(kb, q, i, GLUE_COMMAND) &&
		    !understand_glue(kb, q, i, GLUE_STOP | GLUE_FILLER))
			return 1;
	return 0;
}

/*
 * Step 1c': a verdict named back ("ok so rust?", "go then?", "so not
 * go?") once one has been given, and not right after an answer from the
 * article (there "rust?" asks the same about Rust), unless a word of
 * phrases.reading.verdict_markers concludes it ("so rust then?" after a
 * fact, or before any verdict, asks for one); one that asks how long or
 * how many ("how long for go?") is a question: the recommendation,
 * which the renderers say briefly when it stands unchanged, when it names
 * the verdict ("so rust?") or only denies another ("so not go?"); what
 * would change it when it names another ("go?" after Rust).  Every word
 * is an outcome, a stopword, a negation, a filler, glue or a word about
 * the user or the advisor.
 */
/*
 * Do events evs hold a recommendation given as unchanged (the verdict
 * asked again with nothing new since)?
 */
static int
understand_gave_unchanged(const struct dlg_events *evs)
{
	size_t i;

	for (i = 0; i < evs->n; i++)
		if (evs->ev[i].type == DLG_EV_RECOMMENDATION &&
		    evs->ev[i].u.recommendation.unchanged)
			return 1;
	return 0;
}

static int
understand_step_names_verdict(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	struct dlg_input in;
	size_t i, len, verb, k;
	int named = 0, negated = 0, marked, asked, glued;

	if (s->q.n == 0 || s->q.n > UNDERSTAND_LOOSE_MAX)
		return 0;
	/* a marker concludes only what asks nothing ("how long for rust
	 * then" asks how long) */
	marked = kb_listed_word(ph, s->sq, KB_LISTED_VERDICT_MARK) &&
	    !kb_listed_word(ph, s->sq,
	    KB_LISTED_QUESTION);
	/* "so what should i go with": an outcome's name made a verb
	 * (phrases.reading.verdict_verbs) ending the message names no
	 * outcome and asks for the verdict, before any too */
	asked = (verb = understand_verdict_verb(d->kb, &s->q)) > 0;
	if (!marked && !asked && (d->last_verdict < 0 ||
	    (frame_last(d) & FRAME_FACT)))
		return 0;
	/* "how long for go?", "how much for rust", "and rust, how long?":
	 * a count or a duration asked (phrases.reading.count_starts,
	 * duration_starts), first or after the subject, is a question for
	 * the article, whatever it names (a lookup per word of the message,
	 * not a scan of it per phrase: kb_phrase_chain_has()); looked for
	 * after the test above, which most messages end at without it
	 * (both only say no) */
	if (kb_phrase_chain_has(&d->kb->count_starts_by_word,
	    ph->count_starts, ph->ncount_starts, s->sq) ||
	    kb_phrase_chain_has(&d->kb->duration_starts_by_word,
	    ph->duration_starts, ph->nduration_starts, s->sq))
		return 0;
	/* with no verdict to give, a subject named right after a fact
	 * asks the last question of it ("hm ok, rust then?") */
	if (!asked && understand_fact_subject_again(d, s))
		return 0;
	/* "versus rust then?", "compared with go then?" right after a
	 * fact: a comparison word (phrases.reading.comparison_words) asks
	 * the last question again for that subject, not for the verdict */
	if (!asked && (frame_last(d) & FRAME_FACT) &&
	    text_has_word(s->sq, ph->comparison_words,
	    ph->ncomparison_words))
		return 0;
	/* "rust for that??" right after a described project asks about
	 * the other subject for that work (phrases.reading.situation_refs;
	 * understand_step_situation), not what would change the verdict;
	 * so does one that opens as a question without its mark ("is go
	 * any good for that or nah": understand_is_question) */
	glued = understand_glue_verb(d->kb, &s->q);
	if (!asked && kb_phrase_chain_has(&d->kb->situation_refs_by_word,
	    ph->situation_refs, ph->nsituation_refs, s->sq) && !glued &&
	    understand_is_question(d->kb, s->text, s->len, s->sq))
		return 0;
	for (i = 0; i < s->q.n; i++) {
		len = strlen(s->q.raw[i]);
		if (asked && i == verb - 1) {
			i = s->q.n;	/* the verb ends the message */
			break;
		}
		if (len > 0 && understand_outcome_word(d->kb, s->q.raw[i], len)) {
			named |= d->last_verdict < 0 || understand_is_verdict(d,
			    s->q.raw[i], len) ? 1 : 2;
			continue;
		}
		/* "is switching to rust worth it for my team?": the user's
		 * situation (phrases.reading.situation_refs) once a switch
		 * verb made it a verdict request */
		if (glued && (k = understand_situation_at(ph, &s->q, i)) > 0) {
			i += k - 1;
			continue;
		}
		negated |= s->q.negation[i];
		if (len == 0 || s->q.negation[i] || understand_glue(d->kb,
		    &s->q, i, GLUE_STOP | GLUE_FILLER | GLUE_PERSON |
		    GLUE_ADDRESSEE | GLUE_COMMAND))
			continue;
		return 0;
	}
	if (!named && !asked)
		return 0;
	memset(&in, 0, sizeof(in));
	in.kind = !named || named == 3 || named == (negated ? 2 : 1) ?
	    DLG_RECOMMEND : DLG_WHAT_CHANGES;
	if (in.kind == DLG_WHAT_CHANGES)
		d->what_for = understand_other_outcome(d, s->sq) + 1;
	dialogue_handle(d, &in, evs);
	/* "ok so go?", "so not rust?": the verdict standing unchanged is
	 * one line that answers nothing the user asked; the reasons for
	 * it (for the subject named, or against the one denied) follow */
	if (named && in.kind == DLG_RECOMMEND &&
	    understand_gave_unchanged(evs))
		verdict_why(d, evs);
	return 1;
}

/*
 * Step 1d: a short message made of one command's cue words
 * (phrases.cues: "redo", "justify", "flip") and words that carry no
 * subject of their own: stopwords, fillers, words about the user or to
 * the advisor, the user's own situation (phrases.reading.situation_refs:
 * "in my position"), question words, glue, the outcomes, words of that
 * cued command's phrases, and at most UNDERSTAND_CUE_UNKNOWN words that no
 * list or vocabulary knows ("y tho", "gimme the verdict", "start ovr").
 * A word of the claims or the choices that cues nothing ("why is the
 * GC slow?"), a comparison word or a negation makes it something else.  When words cue
 * several commands, the first of understand_cue_order wins: "what would
 * change your answer" asks what changes it, not for the answer.
 */
/* The command word w (len bytes) cues (phrases.cues), or -1. */
static int
understand_cue(const struct kb_phrases *ph, const char *w, size_t len)
{
	size_t lo = 0, hi = ph->ncue_index, mid;
	int r;

	if (hi > 0 && ph->cmd_words.cap > 0)	/* one lookup */
		return kb_cmd_word(ph, w, len).cue;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		r = strncmp(w, ph->cue_index[mid].word, len);
		if (r == 0 && ph->cue_index[mid].word[len] != '\0')
			r = -1;
		if (r == 0)
			return ph->cue_index[mid].command;
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

/*
 * The command whose cue (phrases.cues) of UNDERSTAND_CUE_TYPO_MIN letters
 * or more word w (len bytes, as typed) misspells ("sumary",
 * "recomendation", "reasonning": kb_typo_near()), or -1.  Only a word
 * the knowledge base does not know may be one: a word of the claims, of
 * the choices' phrases, a stopword or a word of a reading list is what
 * it says ("chance" is no "change").  Two commands' cues as near: none.
 */
#define UNDERSTAND_CUE_TYPO_MIN	5	/* letters of a cue read so */

static int
understand_cue_typo(const struct kb *kb, const char *w, size_t len)
{
	const struct kb_phrases *ph = &kb->phrases;
	char buf[TEXT_TOKEN_MAX];
	size_t i;
	int d, best = 99, cmd = -1;

	if (len < UNDERSTAND_CUE_TYPO_MIN || len >= sizeof(buf) ||
	    strmap_getn(&kb->svocab, w, len) >= 0 ||
	    strmap_getn(&kb->mvocab, w, len) >= 0 ||
	    strmap_getn(&kb->vocab, w, len) >= 0 ||
	    strmap_getn(&kb->stopwords, w, len) >= 0 ||
	    kb_listed(ph, w, len) != 0)
		return -1;
	memcpy(buf, w, len);
	buf[len] = '\0';
	/* kb_typo_near()'s tests of the word alone, once here rather than
	 * at each cue: a number or a listed real word is near no cue */
	if (text_is_number(buf) || strmap_get(&kb->not_typos, buf) >= 0)
		return -1;
	for (i = 0; i < ph->ncue_index; i++) {
		/* another first letter is never near (kb_typo_near()):
		 * most cues, passed before their strlen() */
		if (ph->cue_index[i].word[0] != buf[0] ||
		    strlen(ph->cue_index[i].word) < UNDERSTAND_CUE_TYPO_MIN ||
		    (d = kb_typo_near(kb, buf, ph->cue_index[i].word)) < 0 ||
		    d > best)
			continue;
		if (d == best && cmd != ph->cue_index[i].command)
			cmd = -2;	/* as near to two commands */
		else if (d < best)
			cmd = ph->cue_index[i].command;
		best = d;
	}
	return cmd >= 0 ? cmd : -1;
}

/*
 * May word w (len bytes) of the squashed text be read as a command's cue
 * where text (tlen bytes) was typed?  A one-letter cue ("y" for why) only
 * when the text has it as a word of its own, not as the head of a
 * contraction ("y'know" is no "why").
 */
static int
understand_cue_alone(const char *text, size_t tlen, const char *w, size_t len)
{
	size_t i;

	if (len != 1)
		return 1;
	for (i = 0; i < tlen; i++) {
		if (tolower((unsigned char)text[i]) != w[0] ||
		    (i > 0 && isalnum((unsigned char)text[i - 1])))
			continue;
		if (i + 1 == tlen || (!isalnum((unsigned char)text[i + 1]) &&
		    text[i + 1] != '\'' && (unsigned char)text[i + 1] != 0xe2))
			return 1;
	}
	return 0;
}

/*
 * The command whose phrase of two words or more ends squashed message s,
 * words of phrases.reading.command_glue, fillers and stopwords after it
 * aside, when one of the phrase's words is that command's cue
 * (phrases.cues), or -1.  A message that cues two commands says which it
 * asks last: "ok enough questions, what's your call?" asks for the
 * verdict ("your call"), not to go on; "with that change, what's your
 * pick now" asks for it again, not what would change it.  A phrase with
 * no cue of its command ("rust or go") decides nothing.
 */
static int
understand_tail_command(const struct kb *kb, const struct said *s)
{
	const struct kb_phrases *ph = &kb->phrases;
	const char *start[TEXT_MAX_TOKENS], *w, *end;
	size_t nw, e, i, k, len, cues;
	int cmd;

	for (w = s->sq, nw = 0; *w != '\0' && nw < TEXT_MAX_TOKENS; nw++) {
		start[nw] = w;
		w += text_word_len(w);
		w += text_space_len(w);
	}
	if (*w != '\0')
		return -1;
	/* the phrase ends at the last word or at an earlier one with only
	 * glue after it ("your pick now"); a glue word may end it too
	 * ("your pick": "pick" is glue beside other commands) */
	for (e = nw; e >= 2; e--) {
		end = start[e - 1] + text_word_len(start[e - 1]);
		for (i = 0; i + 1 < e; i++) {
			if ((cmd = strmap_getn(&ph->says_whole, start[i],
			    (size_t)(end - start[i]))) < 0)
				continue;
			for (k = i, cues = 0; k < e; k++)
				cues += understand_cue(ph, start[k],
				    text_word_len(start[k])) == cmd;
			return cues > 0 ? cmd : -1;
		}
		len = text_word_len(start[e - 1]);
		/* s->q is not read yet when a command step asks (valgrind:
		 * understand_step_command() runs before
		 * understand_read_words()): the last word's stopword test
		 * is made on the word itself */
		if (!(kb_listed(ph, start[e - 1], len) & (KB_LISTED_GLUE |
		    KB_LISTED_FILLER)) && !(e == nw &&
		    strmap_getn(&kb->stopwords, start[e - 1], len) >= 0))
			break;
	}
	return -1;
}

/*
 * Step 1c0: a request for the verdict in ordinary words, as its last
 * clause (after the last ",", ";", ":" or spaced dash) or the whole
 * message: either words that cue the verdict (phrases.cues "recommend")
 * two or more times with nothing else but fillers, question words and
 * stopwords ("ok nvm back to that - final answer?", "so... final
 * call?"), or a verb of passing it on (phrases.reading.relay_verbs)
 * asked by the user ("so what do i tell them", "bottom line i can give
 * my manager?", "what do i report back to the team"): before the verb
 * only listed words (a question word or a verdict cue among them),
 * after it the one told, at most UNDERSTAND_RELAY_TAIL words of which
 * two are unlisted and a word of the article only after a determiner or
 * possessive ("back to the team", not "... about memory safety").  A clause before it that names a choice is told, not
 * talk, unless it cues going back ("back to the operators thing"): the
 * steps after read it.
 */
#define UNDERSTAND_RELAY_MAX	12	/* words of the clause */
#define UNDERSTAND_RELAY_TAIL	4	/* words after the verb */
#define UNDERSTAND_RELAY_TAIL_UNKNOWN 2	/* of them unlisted: "my manager" */

static int
understand_step_verdict_ask(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	char sq[512], head[512];
	const char *cut = NULL, *p, *w;
	size_t len, nw = 0, rec = 0, wh = 0, unknown = 0, tail = 0;
	size_t unknown_tail = 0;
	size_t hlen;
	int relay = 0, person = 0, back = 0, named = 0, cmd;
	int32_t cw;
	unsigned listed, prev = 0;

	if (s->len >= sizeof(sq))
		return 0;
	for (p = s->text; p < s->text + s->len; p++)
		if (*p == ',' || *p == ';' || *p == ':')
			cut = p + 1;
		else if (*p == ' ' && p + 2 < s->text + s->len &&
		    p[1] == '-' && (p[2] == ' ' || p[2] == '-'))
			cut = p + 2;	/* " - ", " -- " */
		else if ((unsigned char)*p == 0xe2 &&
		    p + 2 < s->text + s->len &&
		    (unsigned char)p[1] == 0x80 &&
		    ((unsigned char)p[2] == 0x93 ||
		    (unsigned char)p[2] == 0x94))
			cut = p + 3;	/* an en or em dash */
	if (cut != NULL) {
		hlen = kb_squash(s->text, (size_t)(cut - s->text), head,
		    sizeof(head));
		if (hlen >= sizeof(head))
			return 0;
		for (w = head; *w != '\0'; w += len, w += text_space_len(w)) {
			len = text_word_len(w);
			if (understand_cue(ph, w, len) == KB_CMD_BACK)
				back = 1;
			else if (strmap_getn(&d->kb->svocab, w, len) >= 0)
				named = 1;
		}
		if (named && !back)
			return 0;
	} else
		cut = s->text;
	if (kb_squash(cut, (size_t)(s->text + s->len - cut), sq,
	    sizeof(sq)) >= sizeof(sq))
		return 0;
	for (w = sq; *w != '\0'; w += len, w += text_space_len(w)) {
		len = text_word_len(w);
		if (++nw > UNDERSTAND_RELAY_MAX)
			return 0;
		if (relay) {
			/* the one it is passed on to: "them", "my boss" */
			if (++tail > UNDERSTAND_RELAY_TAIL)
				return 0;
			cw = strmap_getn(&d->kb->clause_words, w, len);
			if (cw >= 0 && (cw & KB_CW_PEOPLE)) {
				prev = (unsigned)cw;
				continue;	/* "my boss" */
			}
			/* a word of the article says what about ("what
			 * do i tell them about memory safety" asks that),
			 * but for the one told after a determiner or
			 * possessive ("back to the team") */
			if (understand_cue(ph, w, len) < 0 &&
			    (strmap_getn(&d->kb->svocab, w, len) >= 0 ||
			    strmap_getn(&d->kb->mvocab, w, len) >= 0) &&
			    !(prev & (KB_CW_DET | KB_CW_USER)))
				return 0;
			prev = cw >= 0 ? (unsigned)cw : 0;
			if (!(kb_listed(ph, w, len) & KB_LISTED_READING) &&
			    !(kb_listed_more(ph, w, len) &
			    KB_MORE_THIRD_PARTY) &&
			    strmap_getn(&d->kb->stopwords, w, len) < 0 &&
			    ++unknown_tail > UNDERSTAND_RELAY_TAIL_UNKNOWN)
				return 0;
			continue;
		}
		cmd = understand_cue(ph, w, len);
		listed = kb_listed(ph, w, len);
		if (cmd == KB_CMD_RECOMMEND)
			rec++;
		else if (kb_listed_more(ph, w, len) & KB_MORE_RELAY)
			relay = 1;
		else if (strmap_getn(&d->kb->svocab, w, len) >= 0)
			return 0;
		else if (listed & KB_LISTED_PERSON)
			person = 1;
		else if (listed & KB_LISTED_QUESTION)
			wh++;
		else if (!(listed & (KB_LISTED_FILLER | KB_LISTED_GLUE |
		    KB_LISTED_ADDRESSEE | KB_LISTED_VERDICT_MARK)) &&
		    strmap_getn(&d->kb->stopwords, w, len) < 0 &&
		    ++unknown > 1)
			return 0;
	}
	if (relay ? !person || (wh == 0 && rec == 0) :
	    rec < 2 || unknown > 0)
		return 0;
	return understand_run_command(d, evs, s, KB_CMD_RECOMMEND);
}

/*
 * Step 1c'': a message whose last clause (after its last ",", ";", ":"
 * or " and ") is a whole phrase of the recommend command, fillers aside
 * ("just your pick"), after a clause that cues another command ("no
 * more questions please, just your pick", "skip the rest and tell me
 * which one", "after that change, your verdict?"): the first clause
 * only says how to talk, and the verdict is asked.  Whatever else the
 * first clause is short (UNDERSTAND_CLAUSE_HEAD words) and holds no
 * word of the choices ("writing a reverse proxy, which language?" tells
 * what is built), at most UNDERSTAND_CLAUSE_UNKNOWN words of no list.
 */
#define UNDERSTAND_CLAUSE_HEAD		5	/* words before the request */
#define UNDERSTAND_CLAUSE_UNKNOWN	2	/* of them, words of no list */

static int
understand_step_last_clause(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	char head[512], sq[512], core[512];
	const char *cut = NULL, *p, *w;
	size_t i, hlen, len, unknown = 0;
	int other = 0, cmd;

	if (s->len >= sizeof(head))
		return 0;
	for (p = s->text; p < s->text + s->len; p++)
		if (*p == ',' || *p == ';' || *p == ':')
			cut = p + 1;
		else if (*p == ' ' && p > s->text &&
		    p + 5 <= s->text + s->len &&
		    strncasecmp(p, " and ", 5) == 0)
			cut = p + 5;
	if (cut == NULL)
		return 0;
	kb_squash(cut, (size_t)(s->text + s->len - cut), sq, sizeof(sq));
	if (!understand_unfill(d->kb, sq, core, sizeof(core)))
		memcpy(core, sq, strlen(sq) + 1);
	if (strchr(core, ' ') == NULL ||
	    understand_command(d->kb, core) != KB_CMD_RECOMMEND)
		return 0;
	/* the clause before cues a command other than the verdict */
	hlen = kb_squash(s->text, (size_t)(cut - s->text), head, sizeof(head));
	if (hlen >= sizeof(head))
		return 0;
	for (w = head, i = 0; *w != '\0'; i++) {
		len = text_word_len(w);
		cmd = understand_cue(ph, w, len);
		if (cmd >= 0 && cmd != KB_CMD_RECOMMEND)
			other = 1;
		else if (strmap_getn(&d->kb->svocab, w, len) >= 0)
			return 0;	/* a choice's word: told, not talk */
		else if (cmd < 0 && strmap_getn(&d->kb->stopwords, w,
		    len) < 0 && !(kb_listed(ph, w, len) & (KB_LISTED_FILLER |
		    KB_LISTED_PERSON | KB_LISTED_ADDRESSEE |
		    KB_LISTED_QUESTION | KB_LISTED_GLUE)) &&
		    ++unknown > UNDERSTAND_CLAUSE_UNKNOWN)
			return 0;
		w += len;
		w += text_space_len(w);
	}
	if (!other || i > UNDERSTAND_CLAUSE_HEAD)
		return 0;
	return understand_run_command(d, evs, s, KB_CMD_RECOMMEND);
}

/*
 * Step 1c': after a recommendation, a message that asks why or what would
 * change it in ordinary words ("so go is better for us because...?",
 * "what would have to be different for go to win"): a cue word of the
 * why or what-would-change command (phrases.cues), the verdict's name
 * and comparison words allowed, glue around them, at most
 * UNDERSTAND_INTENT_ARTICLE words of the article and
 * UNDERSTAND_INTENT_UNKNOWN words nothing reads.  A word of a choice
 * ("why does latency matter") makes it something else.  Checked before
 * a command with glue, a verb command or a message that names the verdict
 * is read as asking for the verdict again ("in which case would you
 * recommend go instead" asks what would change it).  Right after the
 * verdict changed, a cue of what would change it with a word of
 * phrases.reading.moved_words and none of moved_vetoes ("what made you
 * change your answer?", "why is it different now?") asks why.
 */
#define UNDERSTAND_INTENT_MAX		12	/* words */
#define UNDERSTAND_INTENT_ARTICLE	1
#define UNDERSTAND_INTENT_UNKNOWN	2

static int
understand_step_verdict_intent(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	const struct kb_query *q = &s->q;
	const char *w;
	size_t i, len, wlen, nw, article = 0, unknown = 0;
	int why = 0, change = 0, moved = 0, veto = 0, cmd;

	if (d->last_verdict < 0 || (frame_last(d) & FRAME_FACT) || q->n < 2 ||
	    q->n > UNDERSTAND_INTENT_MAX)
		return 0;
	/* the words as typed, when they line up with the query's: a cue is
	 * not lost to a plural fold or a typo fix ("circumstances") */
	for (w = s->sq, nw = 0; *w != '\0'; nw++) {
		w += text_word_len(w);
		w += text_space_len(w);
	}
	for (i = 0, w = s->sq; i < q->n; i++, w += wlen,
	    w += text_space_len(w)) {
		wlen = text_word_len(w);
		len = strlen(q->raw[i]);
		if (len == 0)
			continue;
		cmd = understand_cue(ph, q->raw[i], len);
		if (cmd < 0 && nw == q->n)
			cmd = understand_cue(ph, w, wlen);
		if (cmd >= 0 && !understand_cue_alone(s->text, s->len,
		    q->raw[i], len))
			cmd = -1;
		if (cmd == KB_CMD_WHY) {
			why = 1;
			continue;
		}
		if (cmd == KB_CMD_WHAT_CHANGES) {
			change = 1;
			continue;
		}
		/* "what made it change?", "why is it different now?": a
		 * change that happened (phrases.reading.moved_words) or a
		 * hypothetical one ("would", "if": moved_vetoes) */
		if (match_in_list(q->raw[i], len, ph->moved_vetoes,
		    ph->nmoved_vetoes) || (nw == q->n && match_in_list(w,
		    wlen, ph->moved_vetoes, ph->nmoved_vetoes)))
			veto = 1;
		if (match_in_list(q->raw[i], len, ph->moved_words,
		    ph->nmoved_words) || (nw == q->n && match_in_list(w,
		    wlen, ph->moved_words, ph->nmoved_words))) {
			moved = 1;
			continue;
		}
		if (q->negation[i] || understand_glue(d->kb, q, i, GLUE_STOP |
		    GLUE_FILLER | GLUE_PERSON | GLUE_ADDRESSEE | GLUE_COMMAND |
		    GLUE_OUTCOME | GLUE_QUESTION | GLUE_COMPARE))
			continue;
		if (q->term[i] != NULL)
			return 0;
		if (strmap_get(&d->kb->svocab, q->raw[i]) >= 0) {
			if (++article > UNDERSTAND_INTENT_ARTICLE)
				return 0;
		} else if (++unknown > UNDERSTAND_INTENT_UNKNOWN)
			return 0;
	}
	if (!why && !change)
		return 0;
	/* "with that change, what's your pick now": a recommend phrase
	 * ending it asks for the verdict (understand_step_cues) */
	if (understand_tail_command(d->kb, s) == KB_CMD_RECOMMEND)
		return 0;
	/* right after the verdict changed, a change told as done asks
	 * what moved it: why the verdict is what it is now */
	if (change && moved && !veto && understand_changed_verdict(d))
		change = 0;
	return understand_run_command(d, evs, s, change ?
	    KB_CMD_WHAT_CHANGES : KB_CMD_WHY);
}

/*
 * Does squashed text sq ask for something other than the verdict with
 * the recommend command's words ("which editor do you like best?", "can
 * you recommend a good course?")?  Right after a cue of the recommend
 * command (phrases.cues.recommend: "which"), or after one of its verbs
 * (phrases.verbs.recommend: "recommend") and the stopwords that follow
 * it ("a good"), comes a word that nothing reads (understand_unclassed)
 * and no reading list holds: that is what is asked for, and the article
 * does not have it.  The thing may also come before the verb, with the
 * advisor or the user named between them ("any good rust books you'd
 * recommend?", "a course would you suggest"): a word nothing reads, not
 * the message's first, then only stopwords and at least one word of
 * phrases.reading.addressee or first_person up to the verb.  "Which
 * one", "recommend one", "pick for me" and "bro, you pick" ask for the
 * verdict.
 */
#define UNDERSTAND_OTHER_WORDS	32	/* words looked at before a verb */

static int
understand_asks_other(const struct kb *kb, const char *sq)
{
	const struct kb_phrases *ph = &kb->phrases;
	const char *w, *o, *word[UNDERSTAND_OTHER_WORDS];
	size_t len, olen = 0, wlen[UNDERSTAND_OTHER_WORDS], nw = 0, b;
	int verb, named;

	for (w = sq; *w != '\0'; w += len, w += text_space_len(w)) {
		len = text_word_len(w);
		verb = match_in_list(w, len, ph->verbs[KB_CMD_RECOMMEND],
		    ph->nverbs[KB_CMD_RECOMMEND]);
		if (nw < UNDERSTAND_OTHER_WORDS) {
			word[nw] = w;
			wlen[nw++] = len;
		}
		/* the thing asked for before the verb, the advisor or
		 * the user between ("books you'd recommend") */
		for (b = nw - 1, named = 0; verb && b > 1; b--) {
			o = word[b - 1];
			olen = wlen[b - 1];
			if (kb_listed(ph, o, olen) & (KB_LISTED_PERSON |
			    KB_LISTED_ADDRESSEE)) {
				named = 1;
				continue;
			}
			if (strmap_getn(&kb->stopwords, o, olen) >= 0)
				continue;
			if (named && !(kb_listed(ph, o, olen) &
			    KB_LISTED_READING) &&
			    understand_unclassed(kb, o, olen))
				return 1;
			break;
		}
		if (!verb && understand_cue(ph, w, len) != KB_CMD_RECOMMEND)
			continue;
		for (o = w + len, o += text_space_len(o); *o != '\0';
		    o += olen, o += text_space_len(o)) {
			olen = text_word_len(o);
			if (!verb || strmap_getn(&kb->stopwords, o, olen) < 0)
				break;
		}
		if (*o != '\0' && !(kb_listed(ph, o, olen) &
		    KB_LISTED_READING) && understand_unclassed(kb, o, olen))
			return 1;
	}
	return 0;
}

/*
 * Does s point back at the answer the article just gave (the input before
 * it was answered from the article) by a word of phrases.reading.back_refs
 * or place_refs ("for that", "there")?
 */
static int
understand_step_cues_fact_ref(const struct dlg *d, const struct said *s)
{
	return (frame_last(d) & FRAME_FACT) && ask_points_back(d->kb, s->sq);
}

#define UNDERSTAND_CUE_MAX	8	/* words of a cued command */

/*
 * Is query q one word said over and over ("back back back ...", a key
 * held down or a paste)?  Such a message is read as that word once: past
 * UNDERSTAND_CUE_MAX words it was searched for in the claims instead, and
 * "back" x 2000 was answered with a claim holding "back" (review hx46).
 * Bounded by q->n (at most TEXT_MAX_TOKENS).
 */
static int
understand_one_word(const struct kb_query *q)
{
	size_t i;

	for (i = 1; i < q->n; i++)
		if (strcmp(q->raw[i], q->raw[0]) != 0)
			return 0;
	return q->n > 0 && q->raw[0][0] != '\0';
}
#define UNDERSTAND_CUE_UNKNOWN	2	/* unknown words among them */

static int understand_swaps_fact_subject(const struct dlg *,
    const struct said *);

/*
 * Step 3x: after a verdict given on a choice that combines two groups of
 * another question's choices (phrases "both_layers": Go on top, Rust
 * beneath), a short question naming one of those choices by its words
 * and nothing else ("which one for the sidecar", "and the dashboards?",
 * "what about the dashboards, go?", "same for the dashboards tho?"), one
 * word before them aside ("and the billing api?": which of the user's)
 * asks the verdict for that layer alone: the what-if of that choice
 * (verdict_what_if), then the pending question in one line.  It was
 * searched in the article, which names neither word, and declined
 * (nu50 #2).  Not right after an answer from the article (its thread
 * goes on there).  Only a question (a question mark or a question word);
 * every other word glue (stopwords, fillers, person, addressee, command
 * glue, question words, outcomes, follow-up starts, back references),
 * so a new fact ("we also build dashboards") is not read here.  Bounded
 * by UNDERSTAND_CUE_MAX words and the questions' choices.
 */
static int
understand_step_layer(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	const struct kb_query *q = &s->q;
	const unsigned glue = GLUE_STOP | GLUE_FILLER | GLUE_PERSON |
	    GLUE_ADDRESSEE | GLUE_COMMAND | GLUE_QUESTION | GLUE_OUTCOME |
	    GLUE_FOLLOW;
	const struct kb_choice *both;
	const struct kb_question *qu;
	struct kb_cmd_word w;
	size_t qi, i, g, span[2];
	int c, sc, tie, asked = 0, a;

	/* right after an answer from the article, "and the proxy?" goes
	 * on with that answer's thread (Cloudflare's proxy), not the
	 * user's layers */
	if (d->last_verdict < 0 || q->n == 0 ||
	    q->n > UNDERSTAND_CUE_MAX || (frame_last(d) & FRAME_FACT))
		return 0;
	for (qi = 0; qi < DL(d)->nquestions; qi++) {
		qu = &DL(d)->questions[qi];
		a = d->answer[qi];
		if (a < 0 || (size_t)a >= qu->nchoices ||
		    qu->choices[a].ncombines == 0)
			continue;
		both = &qu->choices[a];
		span[0] = span[1] = 0;
		if ((c = match_choice(ph, qu, q, &sc, &tie, NULL, span)) < 0 ||
		    tie || c == a || span[1] <= span[0])
			continue;
		/* one of the user's own layers: a choice of a group the
		 * answer combines */
		for (g = 0; g < both->ncombines; g++)
			if (both->combines[g] & (1u << c))
				break;
		if (g == both->ncombines)
			continue;
		for (i = 0; i < q->n; i++) {
			if (i >= span[0] && i < span[1])
				continue;
			if (q->negation[i])
				return 0;
			asked |= (kb_listed(ph, q->raw[i], strlen(q->raw[i])) &
			    KB_LISTED_QUESTION) != 0;
			if (q->raw[i][0] == '\0' || q->stop[i])
				continue;
			w = kb_cmd_word(ph, q->raw[i], strlen(q->raw[i]));
			/* "and the billing api?", "what about the admin
			 * api?": one word naming which of the user's
			 * things, right before the choice's words */
			if (i + 1 == span[0] && q->subject[i] < 0 &&
			    !text_is_number(q->raw[i]) &&
			    !understand_glue(d->kb, q, i, glue))
				continue;
			/* "which one": a cue or object of a command asks */
			if (!understand_glue(d->kb, q, i, glue) &&
			    !(kb_listed(ph, q->raw[i], strlen(q->raw[i])) &
			    (KB_LISTED_BACK_REF | KB_LISTED_ANAPHOR)) &&
			    w.cue != KB_CMD_RECOMMEND &&
			    !(w.objects & (1u << KB_CMD_RECOMMEND)))
				return 0;
		}
		if (!asked && !understand_ends_question(s->text, s->len))
			return 0;
		verdict_what_if(d, evs, (int)qi, c);
		walk_resume(d, evs);
		return 1;
	}
	return 0;
}

/*
 * Is word w (len bytes) one that carries a question's own meaning: no
 * stopword, filler, auxiliary (phrases.reading.yes_no_starts), outcome
 * or command cue ("fix" in "rust going to fix it?", "regret")?
 */
static int
understand_outcome_content(const struct kb *kb, const char *w, size_t len)
{
	const struct kb_phrases *ph = &kb->phrases;

	return len > 0 && strmap_getn(&kb->stopwords, w, len) < 0 &&
	    !(kb_listed(ph, w, len) & (KB_LISTED_FILLER | KB_LISTED_PERSON |
	    KB_LISTED_ADDRESSEE | KB_LISTED_ANAPHOR | KB_LISTED_BACK_REF)) &&
	    !match_in_list(w, len, ph->yes_no_starts, ph->nyes_no_starts) &&
	    !understand_outcome_word(kb, w, len) &&
	    kb_cmd_word(ph, w, len).cue < 0;
}

/* Does squashed sq hold a word understand_outcome_content() accepts?
 * Bounded by UNDERSTAND_CUE_MAX words. */
static int
understand_outcome_has_content(const struct kb *kb, const char *sq)
{
	size_t n, len;

	sq += text_space_len(sq);
	for (n = 0; *sq != '\0' && n < UNDERSTAND_CUE_MAX; n++) {
		len = text_word_len(sq);
		if (len == 0)
			break;
		if (understand_outcome_content(kb, sq, len))
			return 1;
		sq += len;
		sq += text_space_len(sq);
	}
	return 0;
}

/*
 * Does message s ask a question of an outcome's doing?  After any
 * fillers ("ok so"), either a phrases.reading.yes_no_starts auxiliary
 * and then as its subject an outcome's word ("is rust going to fix
 * that?", "can go keep up?", "does rust carry a gc?"), a word pointing
 * back ("will that keep happening with rust?": phrases.reading.anaphors,
 * back_refs) or the user ("are we going to regret go?": a person word)
 * in a message naming an outcome and holding a word of its own
 * (understand_outcome_content: "regret"); or, asked with a question
 * mark and no auxiliary, an outcome's word first with a word of its own
 * after it ("rust going to fix it?", "so rust is going to win?").  Its
 * verb is the outcome's doing, so a command cue among its words
 * ("going", "keep", "carry", "help") is a word of that question, never
 * the user asking the advisor to go on or to help: read as the start
 * command, the message got only the pending question again, no reply
 * to it (nu50).  "go ahead", "keep going", "can you help", "can we go
 * ahead?" hold no word of their own or have the addressee as subject.
 * Bounded by UNDERSTAND_CUE_MAX words (the cue reading's own bound).
 */
static int
understand_outcome_subject(const struct kb *kb, const struct said *s)
{
	const struct kb_phrases *ph = &kb->phrases;
	const char *sq = s->sq;
	size_t n = 0, len;
	unsigned bits;

	for (; *sq != '\0' && n < UNDERSTAND_CUE_MAX; n++) {
		len = text_word_len(sq);
		if (len == 0 || !(kb_listed(ph, sq, len) & KB_LISTED_FILLER))
			break;
		sq += len;
		sq += text_space_len(sq);
	}
	len = text_word_len(sq);
	if (len == 0)
		return 0;
	/* "rust going to fix it?": asked, its subject first */
	if (understand_outcome_word(kb, sq, len))
		return understand_ends_question(s->text, s->len) &&
		    understand_outcome_has_content(kb, sq + len);
	if (!match_in_list(sq, len, ph->yes_no_starts, ph->nyes_no_starts))
		return 0;
	sq += len;
	sq += text_space_len(sq);
	len = text_word_len(sq);
	if (len == 0)
		return 0;
	if (understand_outcome_word(kb, sq, len))
		return 1;
	bits = kb_listed(ph, sq, len);
	if (bits & (KB_LISTED_ANAPHOR | KB_LISTED_BACK_REF))
		return understand_names_outcome(kb, sq + len);
	return (bits & KB_LISTED_PERSON) &&
	    understand_names_outcome(kb, sq + len) &&
	    understand_outcome_has_content(kb, sq + len);
}

static int
understand_step_cues(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	static const enum kb_command order[] = {
		KB_CMD_WHAT_CHANGES, KB_CMD_WHY, KB_CMD_RESTART, KB_CMD_BACK,
		KB_CMD_SUMMARY, KB_CMD_HELP, KB_CMD_SKIP, KB_CMD_UNSURE,
		KB_CMD_START, KB_CMD_RECOMMEND, KB_CMD_TABLE
	};
	const struct kb_phrases *ph = &d->kb->phrases;
	const struct kb_query *q = &s->q;
	unsigned char cued[KB_NCOMMANDS], iscue[TEXT_MAX_TOKENS];
	const char *w;
	size_t i, c, k, len, wlen, nw, unknown = 0;
	int any = 0, cmd = -1, hit, compared = 0;

	if (q->n == 0 || (q->n > UNDERSTAND_CUE_MAX &&
	    !understand_one_word(q)))
		return 0;
	/* the words as typed, when they line up with the query's: a cue
	 * is not lost to a typo fix towards a choice's word ("basis") */
	for (w = s->sq, nw = 0; *w != '\0'; nw++) {
		w += text_word_len(w);
		w += text_space_len(w);
	}
	/* which words cue which commands; most messages cue nothing, and
	 * are looked at no further */
	memset(cued, 0, sizeof(cued));
	memset(iscue, 0, sizeof(iscue));
	for (i = 0, w = s->sq; i < q->n; i++) {
		wlen = text_word_len(w);
		len = strlen(q->raw[i]);
		/* a word blanked (set aside: someone else's words, "my boss
		 * thinks we need zero gc pauses") cues nothing, not even as
		 * typed: "zero" restarted the walk, wiping every answer
		 * (hx49) */
		if (len == 0)
			;
		else if (((cmd = understand_cue(ph, q->raw[i], len)) >= 0 ||
		    (nw == q->n &&
		    (cmd = understand_cue(ph, w, wlen)) >= 0)) &&
		    understand_cue_alone(s->text, s->len, q->raw[i], len))
			cued[cmd] = 1, iscue[i] = 1, any = 1;
		/* a cue misspelled ("sumary pls", "recomendation plz"),
		 * on the word as typed: the typo fix of a search may have
		 * read it as a claim's word ("reasonning": "reason") */
		else if (nw == q->n && !q->negation[i] &&
		    (cmd = understand_cue_typo(d->kb, w, wlen)) >= 0)
			cued[cmd] = 1, iscue[i] = 1, any = 1;
		/* "what would you go for in my shoes": an outcome's name
		 * made a verb (phrases.reading.verdict_verbs) asks for the
		 * verdict as a recommend cue does */
		for (k = 0; k < ph->nverdict_verbs; k++)
			if ((c = understand_cue_at(q, i,
			    ph->verdict_verbs[k])) > 0) {
				memset(&iscue[i], 1, c);
				cued[KB_CMD_RECOMMEND] = 1;
				any = 1;
			}
		w += wlen;
		w += text_space_len(w);
	}
	if (!any)
		return 0;
	/* "in my position", "if you were me" (phrases.reading.
	 * situation_refs): the user's own situation, no topic */
	for (i = 0, w = s->sq; nw == q->n && i < q->n; i++) {
		for (k = 0; k < ph->nsituation_refs; k++) {
			const char *r = ph->situation_refs[k];

			if (!text_begins(w, r, &len) || (w[len] != '\0' &&
			    w[len] != ' '))
				continue;
			for (c = 1; (r = strchr(r, ' ')) != NULL; r++)
				c++;	/* as typed: "position" reads "job" */
			memset(&iscue[i], 2, c + i <= q->n ? c : q->n - i);
		}
		w += text_word_len(w);
		w += text_space_len(w);
	}
	cmd = -1;
	for (i = 0; i < q->n; i++) {
		len = strlen(q->raw[i]);
		/* a blank word was set aside ("scratch that") */
		/* a comparison word, a stopword or a cue as it may be
		 * ("which one has better graphql support", "which lang is
		 * better overall"): a word nothing reads after it is the
		 * thing compared, a topic for the article (or one it
		 * lacks), not a verdict request */
		if (len > 0 && ((kb_listed(ph, q->raw[i], len) &
		    KB_LISTED_COMPARISON) || match_comparative(d->kb,
		    q->raw[i], len)))
			compared = 1;
		if (len == 0 || iscue[i])
			continue;
		if (q->negation[i])
			return 0;
		if (q->stop[i])
			continue;
		if ((kb_listed(ph, q->raw[i], len) & KB_LISTED_COMPARISON) ||
		    match_comparative(d->kb, q->raw[i], len))
			return 0;
		if ((kb_listed(ph, q->raw[i], len) & (KB_LISTED_FILLER |
		    KB_LISTED_PERSON | KB_LISTED_ADDRESSEE |
		    KB_LISTED_QUESTION | KB_LISTED_GLUE)) ||
		    understand_outcome_word(d->kb, q->raw[i], len))
			continue;
		for (c = 0, hit = 0; c < KB_NCOMMANDS && !hit; c++)
			hit = cued[c] && strmap_getn(&ph->says_words[c],
			    q->raw[i], len) >= 0;
		if (hit)
			continue;
		/* a thing the article lacks, asked for ("any rec for a
		 * good rust book?": phrases.reading.outside_words) */
		if (kb_listed(ph, q->raw[i], len) & KB_LISTED_OUTSIDE)
			return 0;
		/* a word of the claims or of the choices has a subject;
		 * a word nothing reads right after the question word that
		 * opens the message ("which vscode extension should i
		 * use") names what is asked for, not a verdict */
		if (q->term[i] != NULL ||
		    strmap_get(&d->kb->svocab, q->raw[i]) >= 0 ||
		    ++unknown > UNDERSTAND_CUE_UNKNOWN || compared || (i == 1 &&
		    (kb_listed(ph, q->raw[0], strlen(q->raw[0])) &
		    KB_LISTED_QUESTION)))
			return 0;
	}
	for (k = 0; k < sizeof(order) / sizeof(order[0]) && cmd < 0; k++)
		if (cued[order[k]])
			cmd = (int)order[k];
	/* two commands cued: a phrase of one ending the message says
	 * which is asked ("enough questions, what's your call?") */
	if (cmd >= 0 && (k = (size_t)understand_tail_command(d->kb, s)) <
	    KB_NCOMMANDS && cued[k])
		cmd = (int)k;
	/* "generally speaking, which of the pair is the better language"
	 * (phrases.reading.general_refs): a comparison asked in general
	 * asks the article, not for the user's verdict */
	if (cmd == KB_CMD_RECOMMEND && compared && text_has_phrase(s->sq,
	    ph->general_refs, ph->ngeneral_refs))
		return 0;
	/* "how does zig compare?": the table compares the article's two
	 * subjects only; a word nothing reads names a third thing, which
	 * the search declines (a table cue is phrases.cues.table, "compare") */
	if (cmd == KB_CMD_TABLE && unknown > 0)
		return 0;
	/* "did aws pick rust for anything?": another's choice asked */
	if (cmd == KB_CMD_RECOMMEND && (understand_third_doer(d->kb, s->sq) ||
	    understand_unknown_doer_within(d->kb, s->sq)))
		return 0;
	/* "starting from zero with rust": a start in a language named is
	 * the user's own, not the conversation's (understand_verb_command) */
	for (i = 0; cmd == KB_CMD_RESTART && i < q->n; i++)
		if (!iscue[i] && understand_outcome_word(d->kb, q->raw[i],
		    strlen(q->raw[i])))
			return 0;
	/* "skip rust", "skip the rust stuff": an outcome that is the
	 * skip's object (right after the cue, or after one stopword) is
	 * what the user sets aside, not the pending question (as
	 * understand_verb_command() reads "leave go out of it"); "skip it
	 * and go on" still skips */
	for (i = 1; cmd == KB_CMD_SKIP && i < q->n; i++)
		if (!iscue[i] && (iscue[i - 1] || (i >= 2 && q->stop[i - 1] &&
		    iscue[i - 2])) && understand_outcome_word(d->kb,
		    q->raw[i], strlen(q->raw[i])))
			return 0;
	/* "which of the two is better for that?" right after an answer
	 * from the article: "that" is the fact, and the comparison asks
	 * the article about its topic (the frame), not for a verdict */
	if (cmd == KB_CMD_RECOMMEND && compared &&
	    understand_step_cues_fact_ref(d, s))
		return 0;
	/* "which of them is pricier to employ?" right after Rust's pay:
	 * the pair named by a phrases.reading.compare_pair_refs phrase,
	 * with a word of its own, compares the subjects on that answer's
	 * topic (dialogue_ask.c), it does not ask for the verdict */
	if (cmd == KB_CMD_RECOMMEND && (compared || unknown > 0) &&
	    (frame_last(d) & FRAME_FACT) && text_has_phrase(s->sq,
	    ph->compare_pair_refs, ph->ncompare_pair_refs))
		return 0;
	/* "would rust be a sane choice for that?" right after a described
	 * project asks the article about that subject for that work
	 * (phrases.reading.situation_refs; understand_step_situation), as
	 * with no cue (understand_step_names_verdict) */
	if ((cmd == KB_CMD_RECOMMEND || cmd == KB_CMD_WHAT_CHANGES) &&
	    !(frame_last(d) & FRAME_FACT) && understand_ends_question(s->text,
	    s->len) && understand_names_subject_outcome(d, s) &&
	    kb_phrase_chain_has(&d->kb->situation_refs_by_word,
	    ph->situation_refs, ph->nsituation_refs, s->sq))
		return 0;
	/* "ok so rust instead?" right after a fact, with no verdict to
	 * give or change: the last question asked of that subject */
	if ((cmd == KB_CMD_RECOMMEND || cmd == KB_CMD_WHAT_CHANGES) &&
	    understand_fact_subject_again(d, s))
		return 0;
	/* "and with go instead", "what about rust instead?" right after
	 * a fact, a verdict standing or not: a subject named with only a
	 * phrases.reading.what_if_swaps word ("instead") for a cue swaps
	 * the subject of the question just answered, it asks nothing of
	 * the verdict (af50b: it said what would change Go) */
	if (cmd == KB_CMD_WHAT_CHANGES && understand_swaps_fact_subject(d, s))
		return 0;
	if (cmd < 0 || (cmd == KB_CMD_RECOMMEND &&
	    understand_asks_other(d->kb, s->sq)))
		return 0;
	/* "is rust going to fix that?": the outcome's doing, asked
	 * (understand_outcome_subject); a cue of the walk's own commands
	 * is a word of the question, which the article answers */
	if ((cmd == KB_CMD_START || cmd == KB_CMD_HELP ||
	    cmd == KB_CMD_SKIP || cmd == KB_CMD_BACK ||
	    cmd == KB_CMD_RESTART || cmd == KB_CMD_SUMMARY) &&
	    understand_outcome_subject(d->kb, s))
		return 0;
	/* "im choosing what to learn": the cue is a word of a choice's own
	 * phrase, which the message describes; the description step reads
	 * it (nu50).  Only for a verdict cued, the rare case (cost: the
	 * phrases of every question once) */
	for (k = 0; cmd == KB_CMD_RECOMMEND && k < DL(d)->nquestions; k++)
		if (match_phrase_spans(ph, &DL(d)->questions[k], q, iscue))
			return 0;
	return understand_run_command(d, evs, s, cmd);
}


/*
 * Is small talk t, said as s, a question about a later time rather than
 * a goodbye: a closing phrase that is also one of phrases.reading.
 * later_refs ("later"), right after an answer from the article, asked as
 * a follow-up (a follow-up start, "and later?", or a question mark,
 * "later on?")?  Nobody says goodbye as a question, or opens one with
 * "and"; "ok thanks, later!" still closes.
 */
static int
understand_talk_asks_later(const struct dlg *d, const struct said *s, int t)
{
	const struct kb_phrases *ph = &d->kb->phrases;

	return ph->small_talk[t].closes && (frame_last(d) & FRAME_FACT) &&
	    text_has_phrase(s->sq, ph->later_refs, ph->nlater_refs) &&
	    (ask_follow_up_start(d->kb, s->sq) ||
	    understand_ends_question(s->text, s->len));
}
/*
 * Small talk t said: the knowledge base's reply, then the pending
 * question again, unless t closes the conversation ("thanks, bye": the
 * question stays pending for whoever comes back); returns 1.
 */
static int
understand_talk(struct dlg *d, struct dlg_events *evs, int t)
{
	walk_notice(evs, DLG_NOTICE_SMALL_TALK)->talk = t;
	d->misses = 0;
	if (d->pending >= 0 && !d->kb->phrases.small_talk[t].closes)
		walk_ask(d, evs, d->pending, 1);
	return 1;
}

/*
 * Step 1b: small talk ("thanks!", "bye"): the knowledge base's reply, then
 * the pending question again.  Not an answer, not a question for the
 * article.
 */
static int
understand_step_small_talk(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	unsigned cmds;
	int t, c;

	if ((t = understand_small_talk(d->kb, s->sq)) == UNDERSTAND_UNSURE)
		return understand_run_command(d, evs, s, KB_CMD_UNSURE);
	if (t < 0 || understand_talk_asks_later(d, s, t))
		return 0;
	/* "ok by how much": an acknowledgement, then a question for an
	 * amount (phrases.reading.count_starts anywhere), is that question */
	if (kb_phrase_chain_has(&d->kb->count_starts_by_word,
	    d->kb->phrases.count_starts, d->kb->phrases.ncount_starts, s->sq))
		return 0;
	/* "so what now?", "ok what now": small talk ("so what", alone;
	 * "ok") with fillers and stopwords whose words hold one command's
	 * phrase ("what now") is that command; a goodbye stays one */
	if (!d->kb->phrases.small_talk[t].closes &&
	    (cmds = understand_says_all(d->kb, (1u << KB_NCOMMANDS) - 1,
	    s->sq)) != 0 && (cmds & (cmds - 1)) == 0) {
		for (c = 0; (cmds & 1u << c) == 0; c++)
			;
		return understand_run_command(d, evs, s, c);
	}
	/* "so?" once an answer stands and no verdict yet, "now?" even
	 * after one: the user waits for the verdict, not for "Anything
	 * else?" */
	c = d->kb->phrases.small_talk[t].nudges;
	if (walk_answered(d) && (c == 2 || (c == 1 && !d->recommended)))
		return understand_run_command(d, evs, s, KB_CMD_RECOMMEND);
	return understand_talk(d, evs, t);
}

/*
 * Step 1e: a short message (up to 3 words) that is a command's or small
 * talk's phrase once relaxed (kb_relax(), the phrases at load): the
 * command, or the small talk.  Only what no step before understood gets
 * here.
 */
static int
understand_step_relaxed(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	char m[KB_RELAX_MAX];
	const char *p;
	size_t c, i, t, words = 1;

	for (p = s->sq; *p != '\0'; p++)
		if (*p == ' ' && ++words > 3)
			return 0;
	if (strlen(s->sq) >= sizeof(m))
		return 0;
	kb_relax(s->sq, m, sizeof(m));
	for (c = 0; c < KB_NCOMMANDS; c++)
		for (i = 0; i < ph->nsays[c]; i++) {
			if (ph->relaxed[c][i][0] != m[0] ||
			    strcmp(m, ph->relaxed[c][i]) != 0)
				continue;
			/* as a command said in full: "why so long?" right
			 * after a fact asks about the fact */
			return understand_run_command(d, evs, s, (int)c);
		}
	for (t = 0; t < ph->nsmall_talk; t++)
		for (i = 0; i < ph->small_talk[t].nsays; i++)
			if (ph->small_talk[t].relaxed[i][0] == m[0] &&
			    strcmp(m, ph->small_talk[t].relaxed[i]) == 0)
				return !understand_talk_asks_later(d, s,
				    (int)t) && understand_talk(d, evs, (int)t);
	return 0;
}

/*
 * "would u still say go if we were all seniors", "still rust if we had
 * months?": a message whose words before its first condition word
 * (phrases.reading.conditions: "if") only glue (a
 * stopword, filler, word about the user or the advisor, a word of
 * phrases.reading.command_glue or an outcome), one of them glue or an
 * outcome, is a what-if as much as one with a prefix of it; not when an
 * outcome's name is made a verb there ("what would you go with if you
 * were me" asks for the verdict).
 */
static size_t understand_cue_at(const struct kb_query *, size_t,
    const char *);

/*
 * "if we ever need hard real time, would rust be better?": a message
 * opening with its condition word is a what-if when, after the
 * condition's first clause mark, only glue is left (as
 * understand_loose_what_if() weighs the words before the condition),
 * one of them command glue, an outcome or a word of
 * phrases.reading.outcome_turns ("would that flip it", "change ur
 * pick").  With no clause mark, the first word of
 * phrases.reading.consequent_starts after the condition's first two
 * words ("if we had to do drivers would that flip it") ends the
 * condition as a comma would: people leave the comma out.  A clause of
 * content after it ("if i want speed, i build proxies") is no what-if.
 * Cost: one pass over q.
 */
static int
understand_loose_what_if_after(const struct kb *kb, const struct kb_query *q)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t i, j;
	int glue = 0;

	for (j = 1; j < q->n && !q->brk[j]; j++)
		;
	if (j + 1 >= q->n)
		for (j = 2; j < q->n && !match_in_list(q->raw[j],
		    strlen(q->raw[j]), ph->consequent_starts,
		    ph->nconsequent_starts); j++)
			;
	if (j + 1 >= q->n)
		return 0;
	for (i = j; i < q->n; i++) {
		if (understand_glue(kb, q, i, GLUE_COMMAND | GLUE_OUTCOME) ||
		    match_in_list(q->raw[i], strlen(q->raw[i]),
		    ph->outcome_turns, ph->noutcome_turns))
			glue = 1;
		else if (!understand_glue(kb, q, i, GLUE_STOP | GLUE_FILLER |
		    GLUE_PERSON | GLUE_ADDRESSEE))
			return 0;
	}
	return glue;
}

/*
 * Does q open with its condition word and ask only of the verdict after
 * it ("if we ever need hard real time, would rust be better?",
 * understand_loose_what_if_after())?  That is a question about a
 * supposed answer, never the user's description, even as a first
 * message with "we" in its condition.
 */
static int
understand_loose_what_if_opens(const struct kb *kb, const struct kb_query *q)
{
	return q->n > 2 && kb->phrases.nconditions > 0 &&
	    match_in_list(q->raw[0], strlen(q->raw[0]), kb->phrases.conditions,
	    kb->phrases.nconditions) && understand_loose_what_if_after(kb, q);
}

static int
understand_loose_what_if(const struct kb *kb, const struct kb_query *q)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t i, k;
	int glue = 0, verb;

	if (ph->nconditions == 0)
		return 0;
	for (i = 0; i < q->n && !match_in_list(q->raw[i], strlen(q->raw[i]),
	    ph->conditions, ph->nconditions); i++) {
		/* "what would you go with if you were me": an outcome's
		 * name made a verb (phrases.reading.verdict_verbs) names
		 * no outcome; that asks for the verdict */
		for (k = 0, verb = 0; k < ph->nverdict_verbs && !verb; k++)
			verb = understand_cue_at(q, i,
			    ph->verdict_verbs[k]) > 0;
		if (verb)
			return 0;
		/* "would that flip it if we had 3 weeks", "is ur rec any
		 * different if ...": the consequent said first names its
		 * turn with a word of phrases.reading.outcome_turns, glue
		 * here as after the condition (wi50) */
		if (understand_glue(kb, q, i, GLUE_COMMAND | GLUE_OUTCOME) ||
		    match_in_list(q->raw[i], strlen(q->raw[i]),
		    ph->outcome_turns, ph->noutcome_turns))
			glue = 1;
		else if (!understand_glue(kb, q, i, GLUE_STOP | GLUE_FILLER |
		    GLUE_PERSON | GLUE_ADDRESSEE))
			return 0;
	}
	if (i == 0 && q->n > 2)
		return understand_loose_what_if_after(kb, q);
	return glue && i > 0 && i + 1 < q->n;
}

/*
 * The choice of question q numbered in squashed text sq ("what if I said
 * 2 to latency"): one number from 1 to q's choice count, followed by a
 * stopword and a word that is none, and no other number.  "what if my
 * team was 3 people" is a count, not a choice.  Returns the choice index,
 * or -1.
 */
static int
understand_choice_number(const struct dlg *d, const char *sq, int q)
{
	const struct kb_question *qu = &DL(d)->questions[q];
	const char *w, *next;
	size_t len, nlen;
	int found = -1, v;

	for (w = sq; *w != '\0'; w += len, w += text_space_len(w)) {
		len = text_word_len(w);
		if (len == 0 || w[0] < '0' || w[0] > '9')
			continue;
		if (found >= 0 || len > 2)
			return -1;
		v = len == 1 ? w[0] - '0' : w[1] < '0' || w[1] > '9' ? -1 :
		    (w[0] - '0') * 10 + (w[1] - '0');
		if (v < 1 || (size_t)v > qu->nchoices)
			return -1;
		next = w + len + text_space_len(w + len);
		nlen = text_word_len(next);
		if (nlen == 0 ||
		    strmap_getn(&d->kb->stopwords, next, nlen) < 0)
			return -1;
		/* "... 2 to latency": a word of content after the stopword
		 * ("3 people" ends there) */
		next += nlen;
		next += text_space_len(next);
		nlen = text_word_len(next);
		if (nlen == 0 ||
		    strmap_getn(&d->kb->stopwords, next, nlen) >= 0)
			return -1;
		found = v - 1;
	}
	return found;
}

/*
 * "and with 3 months?", "what about 40 people": a message opening with a
 * phrase of phrases.reading.what_if_amount_starts, once something is
 * answered, whose amount selects a choice (a choice's `amounts`) of a
 * question: a what-if for that answer, recorded nowhere; not when the
 * start is followed by the user ("what about us, 6 devs"), nor when the
 * amount stands in a later clause the user opens ("what about GC pauses,
 * we have a latency SLA of like 50ms p99": their own figure, told; nu49b).
 * The amount is what makes it one: "and with go?" stays a follow-up
 * question.  Sets *tq, *tc and returns 1, or returns 0.
 */
static int
understand_amount_what_if(const struct dlg *d, const struct said *s,
    int *tq, int *tc)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	size_t i, at, k;
	int c;

	if (!walk_answered(d) || (at = understand_starts(s->sq,
	    ph->what_if_amount_starts, ph->nwhat_if_amount_starts)) == 0)
		return 0;
	/* "what about us tho, 6 devs and all python": the user's own
	 * case (a phrases.reading.first_person word right after the
	 * start) is told, not supposed */
	if (match_in_list(s->sq + at + 1, text_word_len(s->sq + at + 1),
	    ph->first_person, ph->nfirst_person))
		return 0;
	for (i = 0; i < DL(d)->nquestions; i++)
		if ((c = match_amount_choice(ph, &DL(d)->questions[i],
		    &s->q, &k)) >= 0) {
			/* back to the first word of the amount's clause
			 * (at most k words): a later clause opened by a
			 * first_person word is the user's own */
			while (k > 0 && k < s->q.n && !s->q.brk[k])
				k--;
			if (k > 0 && k < s->q.n && match_in_list(
			    s->q.raw[k], strlen(s->q.raw[k]),
			    ph->first_person, ph->nfirst_person))
				return 0;
			*tq = (int)i;
			*tc = c;
			return 1;
		}
	return 0;
}

/*
 * Step 2: "not interested in web stuff at all btw", "we don't do any
 * backend work": a statement (no question) that names a choice only
 * negated, of a question whose choices give no answer for "not that" (a
 * choice's `negated`, which the description steps record), and that names
 * no choice of any question otherwise, of a question other than the one
 * pending (whose reading takes "don't mind X").  Said in passing, it rules that
 * choice out and nothing else: a ruled_out notice, the answer unchanged,
 * then the pending question again.  Returns 1 when it handled the message.
 */
static int
understand_step_ruled_out(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	const struct kb_dialogue *dl = DL(d);
	struct dlg_ev_notice *no;
	size_t i;
	int score, tie, c, nq = -1, nc = -1;

	if (s->question)
		return 0;
	for (i = 0; i < dl->nquestions; i++) {
		if (match_choice(&d->kb->phrases, &dl->questions[i], &s->q,
		    &score, &tie, NULL, NULL) >= 0)
			return 0;	/* it says something: a description */
		/* the pending question reads its own answers, "don't
		 * mind" and all (understand_step_pending) */
		if (nq < 0 && (int)i != d->pending &&
		    (c = match_negated_choice(&d->kb->phrases,
		    &dl->questions[i], &s->q)) >= 0 &&
		    dl->questions[i].choices[c].negated_index < 0) {
			nq = (int)i;
			nc = c;
		}
	}
	/* ruling out what they answered before is a change of mind, no
	 * aside: the steps after this one read it */
	if (nq < 0 || (d->how[nq] != DLG_UNANSWERED && d->answer[nq] == nc))
		return 0;
	no = walk_notice(evs, DLG_NOTICE_RULED_OUT);
	no->question = nq;
	no->choice = nc;
	no->current = d->how[nq] != DLG_UNANSWERED ? d->answer[nq] : -1;
	if (d->pending >= 0)
		walk_ask(d, evs, d->pending, 1);
	return 1;
}

/*
 * Step 2: "what if I said X" and "change Q (to X)": the answer they name,
 * as a hypothesis or a change.
 */

/*
 * "which would you pick if the thing has to compile to wasm?": a loose
 * what-if (no what_if prefix) that names no outcome asks which language
 * fits the condition, and the article may say so itself ("Rust wins when
 * Wasm compilation is required"); that claim is given before the
 * hypothetical verdict.  "would u still say go if ..." names the
 * outcome it checks: the verdict alone.  Emits nothing when the article
 * does not cover the message.
 */
static void
understand_what_if_claim(struct dlg *d, struct dlg_events *evs,
    const struct said *s, int tq, int tc)
{
	struct kb_answer a, why;
	int eff[KB_MAX_QUESTIONS], amb[KB_MAX_QUESTIONS];
	size_t n, k;

	if (understand_prefix(d->kb, KB_CMD_WHAT_IF, s->sq) ||
	    understand_names_outcome(d->kb, s->sq) ||
	    DL(d)->nquestions > KB_MAX_QUESTIONS)
		return;
	/* the claim must be one of the article's reasons for what the
	 * condition says ("if money were no object" finds a claim on
	 * another thing): the claims of the rules that fire on the answer
	 * supposed and on every answer its words give ("shipping in three
	 * weeks": the timeline too) */
	(void)understand_extract(d, &s->q, eff, amb, 1);
	eff[tq] = tc;
	if (understand_work_claims(d, eff, -1, &why) == 0)
		return;
	ask_answer(d, s->text, s->len, s->sq, &a);
	if (a.nclaims == 0 || !a.res.covered)
		return;
	for (k = 0; k < a.nclaims; k++)
		for (n = 0; n < why.nclaims; n++)
			if (why.claims[n] == a.claims[k]) {
				walk_emit(evs, DLG_EV_ANSWER)->u.answer = a;
				return;
			}
}

/*
 * A what-if whose condition names no answer ("and if it's all io bound,
 * mostly network calls?"): the article's answer on what it says, when
 * the coverage gate finds it covered; emits it and returns 1, else
 * emits nothing and returns 0.  Cost: one ask_answer().
 */
static int
understand_what_if_covered(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	struct kb_answer a;

	ask_answer(d, s->text, s->len, s->sq, &a);
	if (a.nclaims == 0 || !a.res.covered)
		return 0;
	walk_emit(evs, DLG_EV_ANSWER)->u.answer = a;
	return 1;
}

static size_t understand_cue_end(const struct kb *, const char *,
    const char *const *, size_t);
static size_t understand_retake_end(const struct kb *, const char *);

/*
 * Where the condition of what-if squashed text sq starts, given at, the
 * end of its opening (a what_if prefix, or a conditions word): past the
 * space after it and one phrases.reading.conditions word there
 * ("hypothetically, if I said ...").  0 when at is 0 or no word follows.
 * Shared by understand_supposes_answer() and understand_counterfactual().
 */
static size_t
understand_condition_at(const struct kb *kb, const char *sq, size_t at)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t n;

	if (at == 0 || sq[at] != ' ')
		return 0;
	at++;
	n = text_word_len(sq + at);
	if (sq[at + n] == ' ' && match_in_list(sq + at, n, ph->conditions,
	    ph->nconditions))
		at += n + 1;
	return at;
}

/*
 * Does what-if squashed text sq suppose an answer said ("what if I said
 * weeks"): after its what_if prefix (fillers before it passed), and a
 * word of phrases.reading.conditions after that ("hypothetically, if I
 * said ..."), a retake opens the condition (phrases.reading.retakes: "i
 * said", "i meant", "what i typed was")?
 */
static int
understand_supposes_answer(const struct kb *kb, const char *sq)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t at;

	at = understand_cue_end(kb, sq, ph->prefixes[KB_CMD_WHAT_IF],
	    ph->nprefixes[KB_CMD_WHAT_IF]);
	if ((at = understand_condition_at(kb, sq, at)) == 0)
		return 0;
	return understand_retake_end(kb, sq + at) > 0;
}

/*
 * Does what-if text (sq squashed, q its words) suppose how things are
 * not: a counterfactual condition?  One list, phrases.reading.
 * counterfactuals ("had", "were", "was", "hired"), read two ways: (a)
 * among the condition's first UNDERSTAND_CF_REACH words, after its
 * what_if prefix (fillers before it passed) and a phrases.reading.
 * conditions word after that ("what if we had 50 devs", "suppose my
 * team was 3 people", "hypothetically, if i were ..."); (b) right after
 * a word about the user anywhere in q ("what if, next year, we hired
 * ..."), unless q is NULL.  A conditions word opening the message
 * starts the condition as a prefix does ("if our team was 40 people").
 * The list also holds verbs of a change supposed ("grow", "hire",
 * "gets": "say we hire 20 more devs"), which tell no state either.  Such a condition says how things are not, so even as the
 * first message it is a hypothesis, never the user's description
 * ("now say I write a reverse proxy" stays one).  Round 49 had two
 * readers and two lists for this (hx49 counterfactuals, hy49
 * subjunctives); hy49b folded them.  Cost: at most UNDERSTAND_CF_REACH
 * list look-ups, then one pass over q.
 */
#define UNDERSTAND_CF_REACH	3

static int
understand_counterfactual(const struct kb *kb, const char *sq,
    const struct kb_query *q)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t at, n, k, i;

	if (ph->ncounterfactuals == 0)
		return 0;
	at = understand_cue_end(kb, sq, ph->prefixes[KB_CMD_WHAT_IF],
	    ph->nprefixes[KB_CMD_WHAT_IF]);
	/* "if our team was 40 people": a conditions word opening the
	 * message starts the condition as a prefix does (hy49b) */
	if (at == 0 && (n = text_word_len(sq)) > 0 && sq[n] == ' ' &&
	    match_in_list(sq, n, ph->conditions, ph->nconditions))
		at = n;
	if ((at = understand_condition_at(kb, sq, at)) > 0) {
		for (k = 0; k < UNDERSTAND_CF_REACH && sq[at] != '\0'; k++) {
			n = text_word_len(sq + at);
			if (n == 0)
				break;
			if (match_in_list(sq + at, n, ph->counterfactuals,
			    ph->ncounterfactuals))
				return 1;
			at += n;
			if (sq[at] != ' ')
				break;
			at++;
		}
	}
	for (i = 0; q != NULL && i + 1 < q->n; i++)
		if (understand_glue(kb, q, i, GLUE_PERSON) &&
		    match_in_list(q->raw[i + 1], strlen(q->raw[i + 1]),
		    ph->counterfactuals, ph->ncounterfactuals))
			return 1;
	return 0;
}

/*
 * The first question an amount in q counts for by its unit while no
 * choice of it holds that amount (match_amount_between(): "12 people"
 * between the team answers), or -1.  Cost: one match_amount() a
 * question.
 */
static int
understand_amount_between(const struct dlg *d, const struct kb_query *q)
{
	size_t i;

	for (i = 0; i < DL(d)->nquestions; i++)
		if (match_amount_between(&d->kb->phrases,
		    &DL(d)->questions[i], q))
			return (int)i;
	return -1;
}

/*
 * Does the clause text (len bytes, squashed sq) state rather than
 * continue a supposition: no word of phrases.reading.consequent_starts
 * or .conditions in sq, and no contraction "'d" ("we'd pick go") in
 * text?  Cost: one pass over sq and text.
 */
static int
understand_clause_states(const struct kb *kb, const char *text, size_t len,
    const char *sq)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t i;

	for (i = 0; i + 1 < len; i++)
		if (text[i] == '\'' && (text[i + 1] == 'd' ||
		    text[i + 1] == 'D') && (i + 2 >= len ||
		    !isalpha((unsigned char)text[i + 2])))
			return 0;
	return !text_has_word(sq, ph->consequent_starts,
	    ph->nconsequent_starts) &&
	    !text_has_word(sq, ph->conditions, ph->nconditions);
}

/*
 * Where a sentence after the first of text (len bytes) starts when it is
 * the user's own ("what if we had 3 weeks? we build proxies": after a
 * '.', '!', '?' or ';' and a space, or a line break), first person
 * (understand_first_person()), no question ("would we still pick go?"
 * goes with the what-if) and no what-if of its own; else 0.  A
 * what-if that records nothing must not swallow the user's plain
 * statement beside it (review hx49b): that sentence is read on its own.
 * Cost: one pass over text, one first-person read a break.
 */
static size_t
understand_whatif_then_told(const struct kb *kb, const char *text,
    size_t len)
{
	char sq[512];
	size_t i, at;

	for (i = 0; i + 1 < len; i++) {
		if (text[i] != '.' && text[i] != '!' && text[i] != ';' &&
		    text[i] != '?' && text[i] != '\n' && text[i] != ',')
			continue;
		if (text[i] != '\n' && !isspace((unsigned char)text[i + 1]))
			continue;	/* "node.js", "3.5" */
		for (at = i + 1; at < len &&
		    isspace((unsigned char)text[at]); at++)
			;
		if (at >= len)
			return 0;
		if (!understand_first_person(kb, text + at, len - at))
			continue;
		kb_squash(text + at, len - at, sq, sizeof(sq));
		if (sq[0] == '\0' || understand_prefix(kb, KB_CMD_WHAT_IF, sq) ||
		    understand_is_question(kb, text + at, len - at, sq) ||
		    (text[i] == ',' && !understand_clause_states(kb,
		    text + at, len - at, sq))) {
			/* "what if we had 3 weeks, we build proxies": after a
			 * comma the clause is the user's own only when it
			 * states: none of its words opens a consequent or a
			 * condition ("..., we'd still pick go", "..., would
			 * we ...") (wi50); one that goes on supposing
			 * ("hypothetically, if we were 30? we write kernel
			 * drivers") leaves the next break to look at */
			if (text[i] == ',')
				continue;
			return 0;	/* "... ? would we still pick go?" */
		}
		return at;
	}
	return 0;
}

static int understand_clause_wished(const struct kb *,
    const struct kb_query *);

/*
 * After a comma, the clause from at of text (len bytes) is the user's
 * own only when it names an answer ("what if we had 3 weeks, we build
 * proxies"); one that names none ("..., we are a small startup") stays
 * with the what-if, never read alone as a question to the article.  A
 * break other than a comma is always the user's
 * (understand_whatif_then_told()).  q is scratch.  Cost: one
 * normalization and one reading of the choices, after a comma only.
 */
static int
understand_comma_told(const struct dlg *d, const char *text, size_t len,
    size_t at, struct kb_query *q)
{
	char sq[512];
	size_t b = at;
	int tq, tc;

	while (b > 0 && isspace((unsigned char)text[b - 1]))
		b--;
	if (b == 0 || text[b - 1] != ',')
		return 1;
	kb_squash(text + at, len - at, sq, sizeof(sq));
	kb_normalize(d->kb, text + at, len - at, KB_NORM_MATCH, q);
	return understand_target(d, sq, q, &tq, &tc) >= 0 && tc >= 0;
}

/*
 * "with juniors instead?", "and a cli instead?": after a verdict, a
 * question of no first-person word that carries a word of
 * phrases.reading.what_if_swaps swaps one answer for the one it names:
 * a what-if, as "what if ... instead" is.  A statement ("cli tools
 * instead") is a correction, read as one; "we use rust instead" is the
 * user's own.  A question is one ending with '?' or opened by
 * phrases.reading.what_if_amount_starts ("and with seniors instead").
 * Cost: one pass over q.
 */
static int
understand_swap_what_if(const struct dlg *d, const struct said *s)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	size_t i, end;
	int swap = 0;

	if (d->last_verdict < 0 || ph->nwhat_if_swaps == 0)
		return 0;
	for (i = 0; i < s->q.n; i++) {
		if (understand_glue(d->kb, &s->q, i, GLUE_PERSON))
			return 0;
		if (match_in_list(s->q.raw[i], strlen(s->q.raw[i]),
		    ph->what_if_swaps, ph->nwhat_if_swaps))
			swap = 1;
	}
	if (!swap)
		return 0;
	for (end = s->len; end > 0 &&
	    isspace((unsigned char)s->text[end - 1]); end--)
		;
	return (end > 0 && s->text[end - 1] == '?') ||
	    understand_starts(s->sq, ph->what_if_amount_starts,
	    ph->nwhat_if_amount_starts) > 0;
}

/*
 * Normalize text (len bytes) into q with the words of
 * phrases.reading.what_if_swaps blanked: in "juniors instead?" the swap
 * word only marks the swap, and read as a set-aside ("X instead of Y")
 * it would set the named answer aside.  Returns 0 when out of memory
 * (q untouched).  Cost: one pass over text, one normalization.
 */
static int
understand_swap_unmarked(const struct kb *kb, const char *text, size_t len,
    struct kb_query *q)
{
	const struct kb_phrases *ph = &kb->phrases;
	char *buf;
	size_t i, n;

	if ((buf = malloc(len + 1)) == NULL)
		return 0;
	memcpy(buf, text, len);
	buf[len] = '\0';
	for (i = 0; i < len; i += n) {
		if (!isalpha((unsigned char)buf[i])) {
			n = 1;
			continue;
		}
		for (n = 0; i + n < len && isalpha((unsigned char)buf[i + n]);
		    n++)
			buf[i + n] = (char)tolower((unsigned char)buf[i + n]);
		if (match_in_list(buf + i, n, ph->what_if_swaps,
		    ph->nwhat_if_swaps))
			memset(buf + i, ' ', n);
	}
	kb_normalize(kb, buf, len, KB_NORM_MATCH, q);
	free(buf);
	return 1;
}

/*
 * "and with go instead", "what about rust instead" right after an answer
 * from the article: a subject of the knowledge base named, a word of
 * phrases.reading.what_if_swaps or a what-if opener ("same question
 * but"), and no other word that cues a command
 * or is a command's verb ("what would make it rust instead" asks what
 * would change the verdict).  The swap is of the subject the last
 * question was asked of, a follow-up (understand_step_question), a
 * verdict standing or not.  Bounded by the words of s->sq.
 */
static int
understand_swaps_fact_subject(const struct dlg *d, const struct said *s)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	struct kb_cmd_word cw;
	const char *w;
	size_t len;
	int swap = 0;

	if (!(frame_last(d) & FRAME_FACT) || ph->nwhat_if_swaps == 0 ||
	    !understand_names_subject_outcome(d, s))
		return 0;
	for (w = s->sq; *w != '\0'; w += len, w += text_space_len(w)) {
		len = text_word_len(w);
		if (match_in_list(w, len, ph->what_if_swaps,
		    ph->nwhat_if_swaps)) {
			swap = 1;
			continue;
		}
		cw = kb_cmd_word(ph, w, len);
		if (cw.cue >= 0 || cw.verbs != 0)
			return 0;
	}
	/* "same question but rust", "same thing but for go": a what-if
	 * opener naming only a subject, right after an answer, asks that
	 * answer's question of the other subject (blind batch AG c03/5
	 * got the case for Rust after wi50's "same question but") */
	return swap || understand_prefix(d->kb, KB_CMD_WHAT_IF, s->sq);
}

static int
understand_step_target(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	static struct kb_query wq;	/* large; the engine is one thread */
	const struct kb_query *tq_in = &s->q;
	int tq, tc, is_whatif, wish = 0;
	size_t at;

	/* "what would you choose if you were me": the condition is the
	 * user's own situation (phrases.reading.situation_refs), no
	 * supposed answer */
	/* "ok just say which", "say your pick": a what_if prefix that is
	 * also a request verb ("say") with the verdict or "which" for
	 * object asks for the verdict, no supposition; the verb reader
	 * reads every word, so "say we had 6 months" stays a what-if.
	 * Asked only when the prefix matched (engine cost) */
	if (understand_prefix(d->kb, KB_CMD_WHAT_IF, s->sq) &&
	    understand_verb_command(d->kb, s->sq) == KB_CMD_RECOMMEND)
		return 0;
	if (understand_prefix(d->kb, KB_CMD_WHAT_IF, s->sq) ||
	    (understand_loose_what_if(d->kb, &s->q) &&
	    !kb_phrase_chain_has(&d->kb->situation_refs_by_word,
	    d->kb->phrases.situation_refs, d->kb->phrases.nsituation_refs,
	    s->sq)))
		is_whatif = 1;
	/* "if our team was 40 people", "if our team gets to 50 ppl would
	 * rust be a mistake": a condition opening the message that is
	 * counterfactual is a what-if though nothing follows it (hy49b) */
	else if (understand_counterfactual(d->kb, s->sq, NULL) &&
	    !kb_phrase_chain_has(&d->kb->situation_refs_by_word,
	    d->kb->phrases.situation_refs, d->kb->phrases.nsituation_refs,
	    s->sq))
		is_whatif = 1;
	else if (understand_prefix(d->kb, KB_CMD_CHANGE, s->sq))
		is_whatif = 0;
	/* "i wish we had 3 weeks", "man i wish our team was all seniors":
	 * a wish (the clause analysis) is no fact; when it names an answer
	 * it supposes that answer, a what-if; one naming none is read as a
	 * what-if naming none ("i wish go had better error handling": never
	 * a verdict explanation, hx50b) */
	else if (understand_clause_wished(d->kb, &s->q))
		is_whatif = wish = 1;
	else if (understand_swap_what_if(d, s)) {
		if (understand_swap_unmarked(d->kb, s->text, s->len, &wq))
			tq_in = &wq;
		is_whatif = 1;
	}
	else if (understand_amount_what_if(d, s, &tq, &tc)) {
		verdict_what_if(d, evs, tq, tc);
		walk_resume(d, evs);
		return 1;
	}
	else
		return 0;
	/* "now say I write a reverse proxy" with nothing answered yet (a
	 * new start): no answer to suppose against; that is the user's
	 * description.  One whose condition opens with a retake ("what if
	 * I said weeks", "suppose i said proxies": phrases.reading.retakes)
	 * speaks of an answer, not of the user's work: a hypothesis, which
	 * records nothing (PROTOCOL.md 5.4); so does one supposing someone
	 * else's words ("what if my boss said we need no gc":
	 * understand_reports_other()) and a counterfactual one ("what if
	 * we had 50 devs", "what if we had seniors":
	 * understand_counterfactual()), and a wish: "i wish we built
	 * kernel drivers", "i wish latency didnt matter" with nothing
	 * answered yet had been recorded as the user's work, the opposite
	 * of what a wish says of it (hx50b) */
	if (is_whatif && !wish && d->last_verdict < 0 && !walk_answered(d) &&
	    understand_first_person(d->kb, s->text, s->len) &&
	    !understand_supposes_answer(d->kb, s->sq) &&
	    !s->reported &&
	    !understand_loose_what_if_opens(d->kb, &s->q) &&
	    !understand_counterfactual(d->kb, s->sq, &s->q))
		return 0;
	/* "what if we had 3 weeks? we build proxies": the supposition's
	 * condition must not be read from the user's own sentence after it
	 * ("what if we had c++ veterans. we build cli tools" explained CLI
	 * tools as the supposition, and recorded nothing): that sentence is
	 * the user's own statement, read on its own, before or after any
	 * answer; the supposition is left unanswered (review hx49b) */
	if (is_whatif && s->peels + 1 < UNDERSTAND_SAY_PEELS &&
	    (at = understand_whatif_then_told(d->kb, s->text, s->len)) > 0 &&
	    understand_comma_told(d, s->text, s->len, at, &wq)) {
		understand_say_at(d, evs, s->text + at, s->len - at,
		    s->peels + 1);
		return 1;
	}
	/* "what if my boss said we need no gc": their words, blanked in
	 * q as a reported opinion (said.reported), are what the what-if
	 * supposes: read the condition from the whole text, so it is
	 * explained as a what-if (which records nothing), not answered as
	 * a question of the article's (rp49) */
	if (is_whatif && s->reported) {
		kb_normalize(d->kb, s->text, s->len, KB_NORM_MATCH, &wq);
		tq_in = &wq;
	}
	if (understand_target(d, s->sq, tq_in, &tq, &tc) < 0) {
		/* "what if we used rust instead" once Go was advised: a
		 * what-if whose condition is another outcome, not an
		 * answer, asks what would make it that one */
		if (is_whatif && d->last_verdict >= 0 &&
		    understand_names_outcome(d->kb, s->sq) &&
		    !understand_swaps_fact_subject(d, s))
			return understand_run_command(d, evs, s,
			    KB_CMD_WHAT_CHANGES);
		/* "if we were 12 people would rust be better?": an amount
		 * of a question's unit that no choice's range holds (the
		 * team answers: under 10, 20 or more) names the question,
		 * not an answer: the verdict under each of its answers, as
		 * for "what if the team was different" (hy49b) */
		if (is_whatif && (tq = understand_amount_between(d,
		    tq_in)) >= 0) {
			if (verdict_what_if_each(d, evs, tq) < 0)
				walk_error(evs,
				    DLG_ERR_UNCLEAR_CHOICE)->question = tq;
			else
				walk_resume(d, evs);
			return 1;
		}
		/* "and if our service mostly waits on the db?": a what-if
		 * whose condition names no answer but a thing the article
		 * covers (I/O-bound work) gets the article's answer on it,
		 * the coverage gate deciding (hy49b) */
		if (is_whatif && understand_what_if_covered(d, evs, s))
			walk_resume(d, evs);
		/* a what-if whose condition names no answer is still a
		 * message: say it was not understood, never an error */
		else if (is_whatif)
			dialogue_not_understood(d, evs, -1, -1);
		else
			walk_error(evs, DLG_ERR_UNCLEAR_TARGET);
	}
	else if (is_whatif && tc < 0 &&
	    (tc = understand_choice_number(d, s->sq, tq)) >= 0) {
		verdict_what_if(d, evs, tq, tc);
		walk_resume(d, evs);
	} else if (is_whatif && tc >= 0) {
		understand_what_if_claim(d, evs, s, tq, tc);
		verdict_what_if(d, evs, tq, tc);
		walk_resume(d, evs);
	}
	else if (tc >= 0)
		dialogue_choose(d, evs, tq, tc, 1);
	else if (is_whatif) {
		/* the question named, not its answer: the verdict under each */
		if (verdict_what_if_each(d, evs, tq) < 0)
			walk_error(evs, DLG_ERR_UNCLEAR_CHOICE)->question = tq;
		else
			walk_resume(d, evs);
	}
	else
		walk_ask_change(d, evs, tq);
	return 1;
}

/*
 * Does q say more than choice c of question qu: a word that no phrase of
 * the choice spans and that is neither a stopword nor a negation?  "a
 * proxy" and "embedded firmware" do not; "embedded dev here" and "writing
 * the storage engine for a time-series database" do: they describe, they
 * do not just pick.
 */
static int
understand_says_more(const struct kb *kb, const struct kb_question *qu,
    int c, const struct kb_query *q)
{
	unsigned char covered[TEXT_MAX_TOKENS];
	size_t i;

	memset(covered, 0, sizeof(covered));
	match_cover(&kb->phrases, qu, c, q, covered);
	for (i = 0; i < q->n; i++)
		if (!covered[i] && !q->stop[i] && !q->negation[i])
			return 1;
	return 0;
}

/*
 * The choice of qu whose "replies" the whole message is ("yes", "nope";
 * fillers around it dropped), or -1.
 */
static int
understand_reply(const struct kb_question *qu, const struct said *s)
{
	size_t c, i;

	for (c = 0; c < qu->nchoices; c++)
		for (i = 0; i < qu->choices[c].nreplies; i++)
			if (strcmp(s->sq, qu->choices[c].replies[i]) == 0 ||
			    (s->core[0] != '\0' &&
			    strcmp(s->core, qu->choices[c].replies[i]) == 0))
				return (int)c;
	return -1;
}

/*
 * The choice of the pending question qu that one clause of a statement
 * of several says and no more ("mainly go, plus some c back in
 * university": "mainly go"), or -1: the first such clause that is
 * declarative, not negated and not in the past (understand_clauses);
 * a message with a clause that asks something answers nothing here.
 * Cost: one clause pass, one kb_normalize() per declarative clause.
 */
static int
understand_pending_clause(const struct dlg *d, const struct kb_question *qu,
    const struct said *s)
{
	struct dlg_clause cl[DLG_MAX_CLAUSES];
	struct kb_query cq;
	size_t n, i;
	int c, score, tie;

	/* "we do embedded firmware here, but im only on the mobile app":
	 * the scope readers set the group's part apart (said.quoted);
	 * the clauses read again from the text would find it (rp49b) */
	if (s->quoted || (n = understand_clauses(d->kb, s->text, s->len, cl,
	    DLG_MAX_CLAUSES)) < 2)
		return -1;
	for (i = 0; i < n; i++)
		if (cl[i].mood != DLG_MOOD_DECLARATIVE)
			return -1;
	for (i = 0; i < n; i++) {
		if (cl[i].negated || cl[i].past ||
		    cl[i].person == DLG_PERSON_OTHER)
			continue;
		kb_normalize(d->kb, s->text + cl[i].from, cl[i].len,
		    KB_NORM_MATCH, &cq);
		c = match_choice(&d->kb->phrases, qu, &cq, &score, &tie,
		    NULL, NULL);
		if (c >= 0 && !tie && !understand_says_more(d->kb, qu, c,
		    &cq))
			return c;
	}
	return -1;
}

/*
 * The choice of the pending question qu that said s names once a
 * negation that accepts is read as none ("i don't mind taking half a
 * year": understand_accepted), or -1.  Only here: elsewhere "don't mind
 * a few pauses" dismisses a topic, as a choice's negated_topics read it.
 */
static void understand_accepted(const struct kb *, struct kb_query *);

static int
understand_pending_accepted(const struct dlg *d, const struct kb_question *qu,
    const struct said *s)
{
	struct kb_query aq;
	int score, tie, c;

	if (d->kb->phrases.nnegation_accepts == 0)
		return -1;
	aq = s->q;
	understand_accepted(d->kb, &aq);
	/* the words' flags only: past q.n nothing was set (valgrind) */
	if (memcmp(aq.negation, s->q.negation, s->q.n *
	    sizeof(aq.negation[0])) == 0)
		return -1;	/* nothing accepted */
	c = match_choice(&d->kb->phrases, qu, &aq, &score, &tie, NULL, NULL);
	return c >= 0 && !tie ? c : -1;
}

/*
 * Step 0: a choice by number said with a word or "#" before it ("option
 * 2", "pick 3", "#4"), or a number no choice can have ("-1", "2.5"),
 * before any command reads its words ("pick", "option" also ask for the
 * verdict): it answers the pending question, or says the question has
 * no such choice, or, with no question pending, that none waits for a
 * number.  A bare number in range answers here too; one out of range
 * is left to step 3, where a choice's own words may still hold it.
 */
static int
understand_step_number(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	const struct kb_question *qu;
	int worded;
	long num;

	if ((num = understand_number(d->kb, s->text, s->len, &worded)) == -1)
		return 0;
	if (d->pending < 0) {
		if (!worded && num != DLG_NUMBER_OTHER)
			return 0;
		dialogue_not_understood(d, evs, -1, -1)->number = num;
		return 1;
	}
	qu = &DL(d)->questions[d->pending];
	if (num >= 1 && (size_t)num <= qu->nchoices) {
		walk_answer(d, d->pending, (int)num - 1, DLG_ASKED);
		walk_advance(d, evs);
		return 1;
	}
	if (!worded && num != DLG_NUMBER_OTHER)
		return 0;
	dialogue_not_understood(d, evs, -1, -1)->number = num;
	return 1;
}

static int	understand_is_negative(const struct kb_question *, int);

/*
 * The article's reasons about the user as a person, asked of "people
 * like me": into a, the claims of the rules that fire on eff whose every
 * term is on a question that is not decisive (a background, a team:
 * who the user is, where the decisive questions say what is built and
 * the verdict after the answer gives their reasons) and that are the
 * article's advice, not a side detail (a weight of quick_basis or more:
 * its edge cases, "Learn X if" lines), the rule of the largest weight
 * first, in file order on a tie, each rule's first claim before any
 * rule's second (a C++ game programmer's "someone like me?" is told of
 * the C++ edge case as well as of the latency, within KB_ANSWER_MAX).
 * Returns how many claims (0: a is not an answer).
 */
static size_t
understand_person_claims(const struct dlg *d, const int *eff,
    struct kb_answer *a)
{
	const struct kb_dialogue *dl = DL(d);
	unsigned char used[KB_MAX_RULES];
	size_t order[KB_MAX_RULES], norder = 0, most = 0;
	double w, best, top;
	size_t r, t, k, n, o, pick;

	memset(a, 0, sizeof(*a));
	a->lead_row = a->lead_figure = a->other_subject = -1;
	if (dl->nrules > KB_MAX_RULES)
		return 0;
	memset(used, 0, sizeof(used));
	for (;;) {
		pick = dl->nrules;
		best = 0;
		for (r = 0; r < dl->nrules; r++) {
			const struct kb_rule *ru = &dl->rules[r];

			if (used[r] || ru->when.nterms == 0)
				continue;
			for (t = 0; t < ru->when.nterms; t++)
				if (eff[ru->when.terms[t].question] < 0 ||
				    dl->questions[ru->when.terms[t].question].
				    decisive)
					break;
			if (t < ru->when.nterms || !kb_rule_fires(ru, eff))
				continue;
			for (w = 0, top = 0, o = 0; o < dl->noutcomes &&
			    o < KB_MAX_OUTCOMES; o++) {
				w += ru->weights[o] < 0 ? -ru->weights[o] :
				    ru->weights[o];
				top = ru->weights[o] > top ? ru->weights[o] :
				    top;
			}
			/* a side detail (below quick_basis) is no advice
			 * of the article's on its own; the verdict gives
			 * it as a reason when it counts */
			if (dl->quick_basis > 0 && top < dl->quick_basis)
				continue;
			if (pick == dl->nrules || w > best) {
				pick = r;
				best = w;
			}
		}
		if (pick == dl->nrules)
			break;
		used[pick] = 1;
		order[norder++] = pick;
		if (dl->rules[pick].nclaims > most)
			most = dl->rules[pick].nclaims;
	}
	/* the k-th claim of every rule, in the rules' order, then the
	 * k+1-th: bounded by the rules and their claims */
	for (k = 0; k < most && a->nclaims < KB_ANSWER_MAX; k++)
		for (r = 0; r < norder && a->nclaims < KB_ANSWER_MAX; r++) {
			const struct kb_rule *ru = &dl->rules[order[r]];

			if (k >= ru->nclaims)
				continue;
			for (n = 0; n < a->nclaims &&
			    a->claims[n] != ru->claims[k]; n++)
				;
			if (n == a->nclaims)
				a->claims[a->nclaims++] = ru->claims[k];
		}
	a->res.covered = a->nclaims > 0;
	return a->nclaims;
}

/*
 * Does found (a choice per question, -1 for none) answer no decisive
 * question but by a choice that yields (a learner's "nothing specific
 * yet", `yields`), and some other one (who the user is: "long time java
 * dev")?  Into eff, found without its negations.
 */
static int
understand_person_only(const struct dlg *d, const int *found, int *eff)
{
	const struct kb_dialogue *dl = DL(d);
	size_t i;
	int any = 0;

	if (dl->nquestions > KB_MAX_QUESTIONS)
		return 0;
	for (i = 0; i < dl->nquestions; i++) {
		eff[i] = found[i] >= 0 && !understand_is_negative(
		    &dl->questions[i], found[i]) ? found[i] : -1;
		if (found[i] >= 0 && dl->questions[i].decisive &&
		    !dl->questions[i].choices[found[i]].yields)
			return 0;
		any |= eff[i] >= 0 && !dl->questions[i].decisive;
	}
	return any;
}

/*
 * "wasm: rust or go?", "rust or go for clis", "learning curve - go or
 * rust": a message that weighs the subjects for a thing it names, no
 * one described (s->weighs), is a question too: the article's answer for that thing is emitted first,
 * when the article has one that leaves no asked word out (a word the
 * article lacks is no "rust or go for" the article answers).  With
 * alone set, nothing of the walk was read from it: the answer is all
 * that is said, then the pending question (understand_give).  Returns
 * whether an answer was emitted.  Cost: one ask_answer().
 */
static int
understand_weighed_answer(struct dlg *d, struct dlg_events *evs,
    const struct said *s, int alone)
{
	struct kb_answer a;

	if (!s->weighs)
		return 0;
	ask_answer(d, s->text, s->len, s->sq, &a);
	if (a.nclaims == 0 || !a.res.covered || a.nmissing > 0 ||
	    a.no_figure)
		return 0;
	if (alone)
		return understand_give(d, evs, &a);
	walk_emit(evs, DLG_EV_ANSWER)->u.answer = a;
	return 1;
}

/*
 * What comes before the answers a description records: the article's
 * answer for the thing weighed (understand_weighed_answer), else, when it
 * asks for the verdict, the article's reasons about the person told
 * (understand_person_lead).
 */
static void understand_person_lead(struct dlg *, struct dlg_events *,
    const int *);

static void
understand_verdict_lead(struct dlg *d, struct dlg_events *evs,
    const struct said *s, const int *found)
{
	if (!understand_weighed_answer(d, evs, s, 0) && s->asks_verdict)
		understand_person_lead(d, evs, found);
}

/*
 * A request for the verdict from one who told only who they are ("long
 * time java dev. which should I learn next?", "coming from java, should
 * i pick up go or rust next?"): the article's reasons about such a
 * person (understand_person_only, understand_person_claims: its edge
 * cases) are emitted as an answer, before the verdict the caller gives.
 */
static void
understand_person_lead(struct dlg *d, struct dlg_events *evs,
    const int *found)
{
	int eff[KB_MAX_QUESTIONS];
	struct kb_answer a;

	if (understand_person_only(d, found, eff) &&
	    understand_person_claims(d, eff, &a) > 0)
		walk_emit(evs, DLG_EV_ANSWER)->u.answer = a;
}

/*
 * Answer the pending question q with choice c read from the user's own
 * words, and say so: a notice "understood" naming that one answer (as a
 * description's does), so a misreading can be seen and corrected, then
 * the walk goes on.  A number or a choice's bare reply or words need no
 * such notice: they pick what the question listed.
 */
static void
understand_answer_read(struct dlg *d, struct dlg_events *evs, int q, int c)
{
	struct dlg_ev_notice *no = walk_notice(evs, DLG_NOTICE_UNDERSTOOD);

	memset(no->found, -1, sizeof(no->found));
	no->found[q] = (int8_t)c;
	no->source = d->relay_role;
	walk_answer(d, q, c, DLG_ASKED);
	walk_advance(d, evs);
}

struct said;
static int understand_first_person_fact(const struct kb *,
    const struct said *);
static int understand_wh_inverted(const struct kb *, const char *,
    size_t);

/*
 * Step 3: an answer to the pending question, by number or in words, with
 * whatever else the same words tell.  A question for the article is not
 * an answer, unless it speaks of the user (not of calling one language
 * from another).
 */
static int
understand_step_pending(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	static struct kb_query facts;	/* large; one thread */
	const struct kb_question *qu;
	int found[KB_MAX_QUESTIONS], ambiguous[KB_MAX_QUESTIONS];
	int c, score, tie, second, n, pend = d->pending, worded;
	size_t span[2] = { 0, 0 };
	long num;

	/* "can i call a rust lib from my go service?" asks about calling
	 * one language from another (ask_crossing()), whoever's service */
	if (pend < 0 || (s->question && (!s->first_person ||
	    ask_crossing(d->kb, s->sq))))
		return 0;
	/* "how do i set up a private module proxy for my team?": a
	 * question that only says "i" asks how a thing is done
	 * (understand_first_person_fact), no answer to the walk (af50a) */
	if (s->question && understand_first_person_fact(d->kb, s) &&
	    understand_wh_inverted(d->kb, s->text, s->len))
		return 0;
	qu = &DL(d)->questions[pend];
	num = understand_number(d->kb, s->text, s->len, &worded);
	if ((num >= 1 && (size_t)num <= qu->nchoices && (c = (int)num - 1) >= 0)
	    || (c = understand_reply(qu, s)) >= 0) {
		walk_answer(d, pend, c, DLG_ASKED);
		walk_advance(d, evs);
		return 1;
	}
	c = match_choice(&d->kb->phrases, qu, &s->q, &score, &tie,
	    &second, span);
	/* "suppose we rewrite the proxy, today it's apis": the choice of
	 * the user's own clauses, when they name one (understand_extract
	 * reads so too); else as before, for the checks below */
	if (c >= 0 && understand_clause_facts(&s->q, qu, &facts)) {
		int fc, fscore, ftie, fsecond;
		size_t fspan[2] = { 0, 0 };

		if ((fc = match_choice(&d->kb->phrases, qu, &facts, &fscore,
		    &ftie, &fsecond, fspan)) >= 0) {
			c = fc;
			score = fscore;
			tie = ftie;
			second = fsecond;
			span[0] = fspan[0];
			span[1] = fspan[1];
		}
	}
	/* "can i write cuda kernels in rust?": asked, another sense of
	 * the choice's word (understand_outside_kind); told ("we build a
	 * pricing service") the phrase is the user's work whatever kind */
	if (c >= 0 && s->question &&
	    understand_outside_kind(d->kb, &s->q, span[0]))
		c = -1;
	/* "we used to build kernel drivers", "we used to need
	 * deterministic latency" while that question is pending: a state
	 * gone by answers no question of the present (the clause
	 * analysis, which understand_extract() applies; this
	 * reply path skipped it and recorded the past as now, hx50c); the
	 * later steps read the rest.  A message that also tells the
	 * present ("... but now we build web services", "moved from REST
	 * services to a storage engine last year": a present_marks,
	 * story_turns, story_moves or change_starts cue anywhere) is left
	 * to this path's clause reading */
	if (c >= 0 && num < 0 && understand_clause_out(&s->q, qu, span[0]) &&
	    !text_has_phrase(s->sq, d->kb->phrases.present_marks,
	    d->kb->phrases.npresent_marks) &&
	    !text_has_phrase(s->sq, d->kb->phrases.story_turns,
	    d->kb->phrases.nstory_turns) &&
	    !text_has_phrase(s->sq, d->kb->phrases.story_moves,
	    d->kb->phrases.nstory_moves) &&
	    !text_has_phrase(s->sq, d->kb->phrases.change_starts,
	    d->kb->phrases.nchange_starts))
		return 0;
	if (num >= 0 && c < 0) {
		/* "3" to a question of two choices: no fact has that number */
		dialogue_not_understood(d, evs, -1, -1)->number = num;
		return 1;
	}
	/* a query about a subject that says more than a choice ("linux
	 * kernel summit rust verdict") is for the article; a statement
	 * one clause of which is the answer ("mainly go, plus some c back
	 * in university") answers */
	if (c < 0 || (s->about_subject && !tie &&
	    understand_says_more(d->kb, qu, c, &s->q))) {
		if ((c = understand_pending_clause(d, qu, s)) < 0 &&
		    (c = understand_pending_accepted(d, qu, s)) < 0)
			return 0;
		/* "webassembly - go or rust": the thing weighed, asked of
		 * the article too */
		(void)understand_weighed_answer(d, evs, s, 0);
		understand_answer_read(d, evs, pend, c);
		return 1;
	}
	if (tie) {
		/* two of its choices: fine when both give the same verdict */
		(void)understand_extract(d, &s->q, found, ambiguous,
		    s->first_person && !s->question);
		if (found[pend] >= 0) {
			understand_note_correction(d, s, found, ambiguous);
			understand_verdict_lead(d, evs, s, found);
			dialogue_profile(d, evs, found, ambiguous, s->asks_verdict);
		} else
			dialogue_not_understood(d, evs, c, second);
		return 1;
	}
	n = understand_extract(d, &s->q, found, ambiguous,
	    s->first_person && !s->question);
	if (found[pend] < 0) {
		int read = 0;

		for (size_t i = 0; i < DL(d)->nquestions; i++)
			read |= found[i] >= 0;
		/* its words answer another question (see extract) */
		if (read && !ambiguous[pend]) {
			understand_note_correction(d, s, found, ambiguous);
			understand_verdict_lead(d, evs, s, found);
			dialogue_profile(d, evs, found, ambiguous, s->asks_verdict);
			return 1;
		}
		n++;
	}
	found[pend] = c;
	ambiguous[pend] = 0;
	/* the pending question's own reading obeys it too */
	understand_parts_own(d, &s->q, found);
	/*
	 * The first statement about the user ("I write kernel drivers") is
	 * a description even when it answers only the pending question: it
	 * gets "here is what I understood" and a quick verdict if one stands,
	 * not just the next question; so is a first statement that says
	 * more than the choice's words ("writing the storage engine for a
	 * time-series database"); and a statement about the user, or one
	 * that says more than the choice ("it's a b2b saas, mostly crud
	 * apis"), that answers a decisive question while no verdict, or
	 * only a quick one, has been given yet.
	 * A bare choice ("a proxy"), or a statement in the middle of the
	 * walk, is an answer; but one that says what the work is now
	 * ("actually now its a trading engine, gc pauses unacceptable":
	 * d->work_reopened) is a description: the old work answer goes.
	 */
	if (n > 1 || d->work_reopened || (s->first_person &&
	    (!walk_answered(d) ||
	    (d->last_verdict < 0 && qu->decisive))) ||
	    ((!walk_answered(d) || ((d->last_verdict < 0 ||
	    d->last_quick) && qu->decisive)) &&
	    !s->question && understand_says_more(d->kb, qu, c, &s->q))) {
		understand_note_correction(d, s, found, ambiguous);
		understand_verdict_lead(d, evs, s, found);
		dialogue_profile(d, evs, found, ambiguous, s->asks_verdict);
		return 1;
	}
	/* "we're 4 and hiring 2 more" said to the team question: read,
	 * so shown; "a proxy" only names the choice */
	(void)understand_weighed_answer(d, evs, s, 0);
	if (understand_says_more(d->kb, qu, c, &s->q))
		understand_answer_read(d, evs, pend, c);
	else {
		walk_answer(d, pend, c, DLG_ASKED);
		walk_advance(d, evs);
	}
	return 1;
}

/*
 * A statement about the user that only says again what was recorded
 * ("we're a big company" then "lots of service teams plus our own
 * storage engine", both read as the same choice): not "I didn't catch
 * that", but the recommendation those answers give (the renderers say
 * it stands when unchanged) and the pending question again.
 */
static int
understand_confirms(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	size_t i;
	int c, sc, tie, same = 0;

	if (!s->first_person || s->question)
		return 0;
	for (i = 0; i < DL(d)->nquestions; i++) {
		if (d->how[i] == DLG_UNANSWERED || d->answer[i] < 0)
			continue;
		c = match_choice(&d->kb->phrases, &DL(d)->questions[i], &s->q,
		    &sc, &tie, NULL, NULL);
		if (c >= 0 && !tie && c != d->answer[i])
			return 0;
		same |= c == d->answer[i];
	}
	if (!same || dialogue_verdict(d, NULL) < 0)
		return 0;
	d->misses = 0;
	verdict_recommend(d, evs, walk_next(d) >= 0);
	if (d->pending >= 0)
		walk_ask(d, evs, d->pending, 1);
	return 1;
}

/*
 * Is squashed text sq a question about the article rather than a request
 * for the verdict on a situation: a comparison word as typed ("which one
 * has more job postings", "easier to hire for"), or an opening question
 * word that cues no verdict ("what does the article recommend for ...")?
 */
static int
understand_asks_article(const struct kb *kb, const char *sq)
{
	const struct kb_phrases *ph = &kb->phrases;
	const char *w;
	size_t n;

	n = text_word_len(sq);
	if (match_in_list(sq, n, ph->question_starts, ph->nquestion_starts) &&
	    !match_in_list(sq, n, ph->cues[KB_CMD_RECOMMEND],
	    ph->ncues[KB_CMD_RECOMMEND]))
		return 1;
	for (w = sq; *w != '\0'; w += n, w += text_space_len(w)) {
		n = text_word_len(w);
		if (kb_listed(ph, w, n) & KB_LISTED_COMPARISON)
			return 1;
	}
	return 0;
}

/*
 * Step 4: a description of the user's situation, read for answers, also
 * when it asks for the verdict without "I" or "we" and names no subject
 * and compares nothing ("which one for a saas api?": the situation is the
 * one asked about; "which one has more jobs?" asks about the article).  A
 * statement that says nothing new about the open questions is read for
 * the answered ones too, even without "I" or "we": "never mind the proxy,
 * it's mostly crud apis" changes what was said.
 */
/*
 * Does s ask how long something takes (it opens with a
 * phrases.reading.duration_starts phrase: "how long till i could write
 * go?", "how soon can a new hire ship X?")?  Such a question is about a
 * time to come: the subject it names is what the user wants to do, not
 * what they know or build.  Then *out is s's words with every word
 * naming a subject blanked, to be read for the walk's answers ("how long
 * till my python folks are useful in go?" still tells "python", never
 * "go"), and 1 is returned; else 0 and out is untouched.
 */
static void understand_blank(struct kb_query *, size_t, size_t);

static int
understand_duration_reading(const struct kb *kb, const struct said *s,
    struct kb_query *out)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t i, k;

	if (!s->question || understand_starts(s->sq, ph->duration_starts,
	    ph->nduration_starts) == 0)
		return 0;
	*out = s->q;
	for (k = 0; k < kb->nsubjects; k++) {
		const char *name = kb->subjects[k].name;

		if (strchr(name, ' ') != NULL)	/* as understand_names_subject */
			continue;
		for (i = 0; i < out->n; i++)
			if (strcasecmp(out->term[i] != NULL ? out->term[i] :
			    out->raw[i], name) == 0)
				understand_blank(out, i, i + 1);
	}
	return 1;
}

static int understand_inverted(const struct kb *, const char *, size_t);
static int understand_unmarked_asks(const struct kb *, const char *,
    size_t);
static int understand_asks_fit(const struct kb *, const struct said *, int,
    int *);
static int understand_asks_need(const struct kb *, const struct said *);
static int understand_asks_only_verdict(const struct kb *, const char *,
    const struct kb_query *);

/*
 * Is said s a question for the article that merely says "i" or "my"
 * ("can i call my python libs from rust?", "do i need the borrow
 * checker for that?"): a question mark ends it, an auxiliary opens it
 * (understand_inverted), and it asks neither for the verdict nor
 * whether a subject fits the user or is needed (understand_asks_fit,
 * understand_asks_need).  The words it holds are its topic, not what
 * the user builds or knows.
 */
static int
understand_first_person_fact(const struct kb *kb, const struct said *s)
{
	int named;

	return s->question && !s->asks_verdict &&
	    understand_ends_question(s->text, s->len) &&
	    (understand_inverted(kb, s->text, s->len) ||
	    understand_wh_inverted(kb, s->text, s->len)) &&
	    !understand_asks_only_verdict(kb, s->sq, &s->q) &&
	    understand_asks_need(kb, s) < 0 &&
	    !understand_asks_fit(kb, s, 0, &named);
}

/*
 * "actually now its a real-time trading engine, gc pauses unacceptable"
 * after "we build APIs": does squashed sq open (after fillers) with
 * phrases of phrases.reading.change_starts, at most
 * UNDERSTAND_REOPEN_STARTS of them, then one of work_openers, a word of
 * present_marks among them, saying what the work is now?  dialogue_profile() then withdraws the old
 * answer to the first decisive question the message does not answer
 * again, though the new work matches no choice (d->work_reopened).
 */
#define UNDERSTAND_REOPEN_STARTS	4
#define UNDERSTAND_REOPEN_WORDS		(UNDERSTAND_REOPEN_STARTS + 4)

static int
understand_reopens_work(const struct dlg *d, const char *sq)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	const char *p = sq;
	char head[128];
	size_t n, k, opened = 0;

	if (ph->nwork_openers == 0)
		return 0;
	for (k = 0; k < UNDERSTAND_REOPEN_WORDS; k++) {
		if (opened < UNDERSTAND_REOPEN_STARTS && (n = understand_starts(
		    p, ph->change_starts, ph->nchange_starts)) > 0)
			opened++;
		else if ((n = text_word_len(p)) == 0 || p[n] != ' ' ||
		    !(kb_listed(ph, p, n) & KB_LISTED_FILLER))
			break;
		p += n + 1;
	}
	if (opened == 0 || (n = understand_starts(p, ph->work_openers,
	    ph->nwork_openers)) == 0 || (size_t)(p - sq) + n >= sizeof(head))
		return 0;
	/* said of the present ("now", phrases.reading.present_marks):
	 * "actually no, it's a turn-based game" refines the work told,
	 * "actually now its a trading engine" replaces it */
	memcpy(head, sq, (size_t)(p - sq) + n);
	head[(size_t)(p - sq) + n] = '\0';
	return text_has_phrase(head, ph->present_marks, ph->npresent_marks);
}

static int
understand_step_description(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	int found[KB_MAX_QUESTIONS], ambiguous[KB_MAX_QUESTIONS];
	static struct kb_query dq;	/* large; one thread */
	const struct kb_query *q = &s->q;

	if (s->first_person && understand_first_person_fact(d->kb, s))
		return 0;
	/* "how do i call rust code from my go service": calling one
	 * language from another (ask_crossing()) is the topic asked, "my
	 * go service" no work told */
	if (s->question && ask_crossing(d->kb, s->sq))
		return 0;

	/* "which one for k8s operators, and which for kernel drivers?"
	 * asks the article for each part, not one verdict, also when it
	 * says "i" ("which should i learn for X and which for Y?") */
	if (s->question && s->first_person && ask_questions(d->kb, s->text,
	    s->len))
		return 0;
	/* "which language does netflix use for its backend?", "which
	 * language for lyft's dispatch backend": what a party the article
	 * never names chose, no work of the user's
	 * (understand_unknown_doer_within(), understand_unknown_owner()) */
	if (!s->first_person && (s->about_subject ||
	    (s->question && (!s->asks_verdict ||
	    understand_asks_article(d->kb, s->sq) ||
	    understand_unknown_doer_within(d->kb, s->sq) ||
	    understand_unknown_owner(d->kb, s->text, s->len) ||
	    ask_two_parts(d->kb, s->text, s->len)))))
		return 0;
	if (understand_duration_reading(d->kb, s, &dq))
		q = &dq;
	if (understand_extract(d, q, found, ambiguous,
	    s->first_person && !s->question) == 0 && (s->question ||
	    understand_extract(d, q, found, ambiguous, 1) == 0))
		return understand_weighed_answer(d, evs, s, 1) ||
		    understand_confirms(d, evs, s);
	(void)understand_weighed_answer(d, evs, s, 0);
	understand_note_correction(d, s, found, ambiguous);
	dialogue_profile(d, evs, found, ambiguous, s->asks_verdict);
	return 1;
}

static int understand_told_unheld(const struct dlg *,
    const struct kb_query *);

/*
 * A statement nothing else was read from whose amount stands plainly for
 * a question by its unit while no choice of it holds that amount
 * (match_amount_unheld(): "there's three of us", "team of 6 ppl":
 * a size, and the team question asks what the team is like and whether
 * hiring is a constraint, which a size does not say): that question is
 * asked, unanswered, so the user answers it in words.  Never read as a
 * "just me" answer (a count of one is that choice's own amount) nor
 * answered from the article as a question nobody asked (rd51).  A
 * question already answered is left to the steps after, as is an amount
 * set aside ("not 0.5 ms", "6 months ago").  Cost: one match_amount() a
 * question.
 */
static int
understand_step_count(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	int q;

	if (s->question || (q = understand_told_unheld(d, &s->q)) < 0 ||
	    d->answer[q] >= 0)
		return 0;
	walk_ask(d, evs, q, 0);
	return 1;
}

/*
 * The first question q's first amount stands plainly for while no choice
 * of it holds that amount (match_amount_unheld(): "we are 6 devs"), or
 * -1.  Cost: one match_amount() a question.
 */
static int
understand_told_unheld(const struct dlg *d, const struct kb_query *q)
{
	size_t i;

	for (i = 0; i < DL(d)->nquestions; i++)
		if (match_amount_unheld(&d->kb->phrases,
		    &DL(d)->questions[i], q))
			return (int)i;
	return -1;
}

/*
 * A statement nothing else was read from that says a phrase of a small
 * talk entry marked "when": "remark" anywhere, on word boundaries of the
 * squashed text ("I'd try it on weekends for fun": spare time, which no
 * choice records): that entry's reply (it says nothing was recorded),
 * then the pending question.  A question is left to the article.
 */
static int
understand_step_remark(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	const char *p;
	size_t t, k, n;

	if (s->question)
		return 0;
	for (t = 0; t < ph->nsmall_talk; t++) {
		if (!ph->small_talk[t].remark)
			continue;
		for (k = 0; k < ph->small_talk[t].nsays; k++) {
			n = strlen(ph->small_talk[t].says[k]);
			for (p = strstr(s->sq, ph->small_talk[t].says[k]);
			    n > 0 && p != NULL; p = strstr(p + 1,
			    ph->small_talk[t].says[k]))
				if ((p == s->sq || p[-1] == ' ') &&
				    (p[n] == '\0' || p[n] == ' '))
					return understand_talk(d, evs, (int)t);
		}
	}
	return 0;
}

/*
 * A question about the article's own overall stance ("does the article
 * pick a winner?", "is the author biased toward rust?": ask_stance()) is
 * answered with the article's position before its "pick" or "winner" is
 * read as a request for the advisor's verdict; it tells nothing about
 * the user.  The pending question is asked again.
 */
static int
understand_step_stance(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	struct kb_answer a;

	/* s->question is read later (understand_read_kind); "which does
	 * the article lean towards for wasm?" names a use: the article's
	 * rule for it, not its overall stance (ask_stance_use).  Both read
	 * nothing without a phrases.reading.stance_words phrase (most
	 * messages): looked for once here, not by each */
	if (!understand_is_question(d->kb, s->text, s->len, s->sq) ||
	    !kb_phrase_chain_has(&d->kb->stance_words_by_word,
	    ph->stance_words, ph->nstance_words, s->sq) ||
	    (!ask_stance(d, s->sq, &a) && !ask_stance_use(d, s->sq, 0, &a)))
		return 0;
	walk_emit(evs, DLG_EV_ANSWER)->u.answer = a;
	d->misses = 0;
	if (d->pending >= 0)
		walk_ask(d, evs, d->pending, 1);
	return 1;
}

/*
 * Is q put to the advisor itself ("who made you?", "u there?", "are you
 * chatgpt"): at most UNDERSTAND_ADDRESSED_MAX words ("what do you think
 * of zig?" asks about zig), one of phrases.reading.addressee, at most one other
 * word that is not a stopword or filler ("recommend a good sci-fi novel"
 * asks for something else), and no outcome, no word of the article's
 * vocabulary or of a choice?  Then the small talk
 * marked "when": "addressed" answers it (its index), not "the article
 * doesn't cover that"; -1 when it is not, or no such entry exists.
 */
#define UNDERSTAND_ADDRESSED_MAX	4	/* words: "who made you?" */

static int
understand_addressed(const struct kb *kb, const struct kb_query *q)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t i, t, len, content = 0;
	int to_me = 0;

	for (t = 0; t < ph->nsmall_talk && !ph->small_talk[t].addressed; t++)
		;
	if (t == ph->nsmall_talk || q->n > UNDERSTAND_ADDRESSED_MAX)
		return -1;
	for (i = 0; i < q->n; i++) {
		len = strlen(q->raw[i]);
		if (kb_listed(ph, q->raw[i], len) & KB_LISTED_ADDRESSEE) {
			to_me = 1;
			continue;
		}
		if (q->stop[i] || (kb_listed(ph, q->raw[i], len) &
		    KB_LISTED_FILLER))
			continue;
		if (q->term[i] != NULL || understand_outcome_word(kb,
		    q->raw[i], len) || strmap_get(&kb->svocab, q->raw[i]) >= 0 ||
		    ++content > 1)
			return -1;
	}
	return to_me ? (int)t : -1;
}

/*
 * Does the user speak of themselves in s (opening with it, fillers
 * before, "we're" as typed: not "fly me to the moon"; or with an opening
 * of phrases.reading.implied_subject: "so here's my situation"; or
 * anywhere, with a phrase of phrases.reading.choice_tasks: "a client
 * wants me to choose the stack"), with nothing said yet and no verdict
 * given?  With no fact in it, that asks for advice, and the walk starts
 * (understand_say).
 */
static int
understand_opens_walk(const struct dlg *d, const struct said *s)
{
	const struct kb_phrases *ph = &d->kb->phrases;

	return s->first_person && !walk_answered(d) &&
	    !d->recommended && (understand_begins(d->kb, s->sq + s->intro,
	    NULL, ph->first_person, ph->nfirst_person) ||
	    understand_first_person(d->kb, s->text, text_word_len(s->text)) ||
	    understand_begins(d->kb, s->sq + s->intro,
	    &d->kb->implied_subject_by_word, ph->implied_subject,
	    ph->nimplied_subject) || (!s->question &&
	    text_has_phrase(s->sq, ph->choice_tasks, ph->nchoice_tasks)));
}

static int understand_scope_reported(const struct kb *, struct kb_query *);
static int understand_scope_dash_quote(const struct kb *, struct kb_query *);
static int understand_scope_own_part(const struct kb *, struct kb_query *);
static int understand_scope_relay(const struct kb *, struct kb_query *);
static int understand_has_word_of(const char *, const char *const *, size_t);

/*
 * "total beginner here, which one is more popular right now?": a clause
 * before the first comma that tells about the user (it answers one of the
 * walk's questions and names no subject) and a question after it.  When
 * the whole is not covered (the clause's words are not the article's),
 * the question alone is answered, into a, and what the clause answers is
 * in found and ambiguous (KB_MAX_QUESTIONS each, as understand_extract()
 * fills them) for the caller to record.  A clause that itself reads as a
 * question ("does kotlin have a gc too, like go?") tells nothing of the
 * user.  Returns whether it was.
 */
static int
understand_context_question(struct dlg *d, const struct said *s,
    struct kb_answer *a, int *found, int *ambiguous)
{
	const char *c = memchr(s->text, ',', s->len);
	struct kb_answer rest;
	struct kb_query q;
	char sq[512], head[512];
	size_t before, at;

	if (c == NULL || c == s->text)
		return 0;
	before = (size_t)(c - s->text);
	for (at = before + 1; at < s->len &&
	    isspace((unsigned char)s->text[at]); at++)
		;
	if (at >= s->len)
		return 0;
	kb_squash(s->text + at, s->len - at, sq, sizeof(sq));
	if (sq[0] == '\0' || !understand_is_question(d->kb, s->text + at,
	    s->len - at, sq))
		return 0;
	/* "does kotlin have a garbage collector too, like go?": a clause
	 * that asks is no context about the user */
	kb_squash(s->text, before, head, sizeof(head));
	if (head[0] == '\0' || understand_is_question(d->kb, s->text, before,
	    head))
		return 0;
	kb_normalize(d->kb, s->text, before, KB_NORM_MATCH, &q);
	/* "my tech lead claims we can't have any gc jitter. thoughts,
	 * rust or go?": the context is read with the scope
	 * understand_read_words() gives a message, someone else's opinion
	 * and the team's part set apart */
	if (understand_has_word_of(head, d->kb->phrases.relay_roles,
	    d->kb->phrases.nrelay_roles))
		(void)understand_scope_relay(d->kb, &q);
	understand_scope_reported(d->kb, &q);
	understand_scope_own_part(d->kb, &q);
	if (understand_extract(d, &q, found, ambiguous, 1) == 0 ||
	    understand_names_subject(d->kb, &q, s->text, before, 1))
		return 0;
	ask_answer(d, s->text + at, s->len - at, sq, &rest);
	if (rest.nclaims == 0)
		return 0;
	*a = rest;
	return 1;
}

#define UNDERSTAND_NOUN_PHRASE_MAX 6	/* words of a keyword query */
static int understand_past_form(const struct kb *, const char *, size_t,
    unsigned);

/*
 * Is s a verbless noun phrase put to the article ("elixir redmonk rank",
 * "rustconf 2026 dates and location"): at most UNDERSTAND_NOUN_PHRASE_MAX
 * words, none of them a clause word but a determiner or a conjunction
 * (no auxiliary, wh-word, person, negator, past mark, command, tag or
 * people noun of lexicon.json "clause_words", no past form), and one of
 * them, read as search reads it, a term of the article that names no
 * subject?  No one is said to do anything,
 * so it asks the article, as a search box is asked; when the article
 * lacks it, the user hears that rather than "I didn't catch that".
 * Cost: one clause-word look-up per word, and one kb_normalize() when
 * they all pass (only for text nothing else took and the article lacks).
 */
static int
understand_noun_phrase(const struct kb *kb, const struct said *s)
{
	const unsigned ok = KB_CW_DET | KB_CW_CONJ;
	struct kb_query q;
	size_t i;
	int32_t bits;

	if (s->question || s->first_person || s->q.n == 0 ||
	    s->q.n > UNDERSTAND_NOUN_PHRASE_MAX)
		return 0;
	for (i = 0; i < s->q.n; i++) {
		bits = strmap_get(&kb->clause_words, s->q.raw[i]);
		if ((bits >= 0 && ((unsigned)bits & ~ok) != 0) ||
		    understand_past_form(kb, s->q.raw[i],
		    strlen(s->q.raw[i]), bits >= 0 ? (unsigned)bits : 0))
			return 0;
	}
	/* the words as search reads them: one of the article's */
	kb_normalize(kb, s->text, s->len, 0, &q);
	for (i = 0; i < q.n; i++)
		if (q.term[i] != NULL && !q.stop[i] && q.subject[i] < 0)
			return 1;
	return 0;
}

/*
 * Is s, not asked as a question, only a fragment: every word a stopword,
 * a negation ("no", "never") or a phrases.reading.qualifier_tails word
 * ("specifically"), none a subject or a command word ("tell": "can't
 * tell" is read elsewhere)?  Such a message asks nothing of the
 * article: a claim that shares "no" with it ("no operator overloading")
 * is no answer, so it is not understood, as "nope" is.
 */
static int
understand_fragment(const struct kb *kb, const struct said *s)
{
	const struct kb_phrases *ph = &kb->phrases;
	int32_t bits;
	size_t i;

	if (s->question || s->q.n == 0)
		return 0;
	for (i = 0; i < s->q.n; i++)
		if (s->q.subject[i] >= 0 || ((bits = strmap_get(
		    &kb->clause_words, s->q.raw[i])) >= 0 &&
		    ((unsigned)bits & KB_CW_COMMAND)) || (!s->q.stop[i] &&
		    strmap_get(&kb->negations, s->q.raw[i]) < 0 &&
		    !text_has_word(s->q.raw[i], ph->qualifier_tails,
		    ph->nqualifier_tails)))
			return 0;
	return 1;
}

/*
 * The fit's answer (dialogue_fit_declined) to question s, declined as a
 * holds, into a when it is one clause; 0 otherwise, a untouched.
 */
static int
understand_fit_declined(struct dlg *d, const struct said *s,
    struct kb_answer *a)
{
	struct dlg_clause cl[2];
	struct kb_answer f = *a;

	/* the fit's cheap tests first, the clause reader after them */
	if (!dialogue_fit_declined(d, s->text, s->len, &f) ||
	    understand_clauses_moods(d->kb, s->text, s->len, cl, 2, 0) != 1)
		return 0;
	*a = f;
	/* the question the fit answered is the one a follow-up ("and
	 * rust?") asks again, as a question the search answered is */
	ask_declined(d, s->text, s->len);
	return 1;
}

/*
 * Step 5: a question for the knowledge base.  Text that is not a question
 * is answered only when the article has something on it, or when it is a
 * verbless noun phrase (understand_noun_phrase()).
 */
static int
understand_step_question(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	int found[KB_MAX_QUESTIONS], ambiguous[KB_MAX_QUESTIONS];
	struct kb_answer a;
	int t;

	/* "i'm trying to figure out my next step", "my boss asked me to
	 * pick one": a statement about the user, the first thing said,
	 * naming no subject and no choice, asks for advice: the walk starts
	 * (understand_say), a claim that shares a word is no answer */
	if (!s->question && understand_opens_walk(d, s) &&
	    !understand_names_subject(d->kb,
	    &s->q, s->text, s->len, 1))
		return 0;
	ask_answer(d, s->text, s->len, s->sq, &a);
	if (a.nclaims > 0 && understand_fragment(d->kb, s))
		/* "i am not sure", "no idea at all": the unsure command;
		 * "no", "specifically": nothing to answer */
		return understand_says(d->kb, KB_CMD_UNSURE, s->sq) ?
		    understand_run_command(d, evs, s, KB_CMD_UNSURE) : 0;
	/* a trade-off asked of work it names ("would go's gc hurt a
	 * realtime audio engine?"), declined for its unfamiliar words: the
	 * fit for that work, in one clause (a second one, "..., and what
	 * does the go team eat for lunch?", is a question of its own,
	 * answered or declined part by part); the user's work is recorded
	 * only when they say it is theirs.  Tried only when declined: its
	 * search is the exception, not every question's */
	if (a.nclaims == 0 && s->question && !s->asks_verdict &&
	    understand_fit_declined(d, s, &a)) {
		walk_emit(evs, DLG_EV_ANSWER)->u.answer = a;
		d->misses = 0;
		/* "is go's gc gonna cause glitches in our synth plugin?":
		 * what the user tells of their own work is taken in, as
		 * step 2b takes it */
		if (s->first_person && understand_extract(d, &s->q, found,
		    ambiguous, 0) > 0)
			dialogue_profile(d, evs, found, ambiguous, 0);
		else if (d->pending >= 0)
			walk_ask(d, evs, d->pending, 1);
		return 1;
	}
	if (a.nclaims == 0 && understand_context_question(d, s, &a, found,
	    ambiguous)) {
		/* the answer, then the clause's answers recorded as a
		 * description's are (with the walk's next question) */
		walk_emit(evs, DLG_EV_ANSWER)->u.answer = a;
		d->misses = 0;
		dialogue_profile(d, evs, found, ambiguous, 0);
		return 1;
	}
	if (a.nclaims == 0 && (t = understand_addressed(d->kb, &s->q)) >= 0)
		return understand_talk(d, evs, t);
	if (!s->question && !s->about_subject && a.nclaims == 0 &&
	    !understand_noun_phrase(d->kb, s))
		return 0;
	if (a.nclaims == 0)
		ask_declined(d, s->text, s->len);
	else
		understand_intent_reasons(d, s, &a);
	return understand_give(d, evs, &a);
}

/*
 * Ask the article text (len bytes, squashed sq) as a question of its
 * own, answered or declined, then the pending question again.  Returns 1.
 */
static int
understand_ask_again(struct dlg *d, struct dlg_events *evs,
    const char *text, size_t len, const char *sq)
{
	struct kb_answer a;

	ask_answer(d, text, len, sq, &a);
	if (a.nclaims == 0)
		ask_declined(d, text, len);
	return understand_give(d, evs, &a);
}

/*
 * "among students specifically" right after an answer from the article:
 * a bare qualifier (ask_bare_qualifier) asks the last question again,
 * narrowed; it is no answer to the walk ("students" is no description
 * of the user here).  Returns whether it was so answered.
 */
static int
understand_step_qualifier(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	if (!(frame_last(d) & FRAME_FACT) || !ask_bare_qualifier(d, s->sq))
		return 0;
	return understand_ask_again(d, evs, s->text, s->len, s->sq);
}

/*
 * "student here, and what about rust?" right after an answer from the
 * article: a self-introduction (s->intro) before a follow-up start
 * (ask_follow_up_start) leaves the follow-up to be asked alone, of the
 * last question; the introduction says who asks, no walk answer.
 * Returns whether it was so answered.
 */
static int
understand_step_intro_follow(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	const char *rest = s->sq + s->intro;

	if (s->intro == 0 || !(frame_last(d) & FRAME_FACT) ||
	    !ask_follow_up_start(d->kb, rest))
		return 0;
	return understand_ask_again(d, evs, rest, strlen(rest), rest);
}

/*
 * Is choice c of qu what a negated phrase of another choice means ("No,
 * not particularly" for "not on kubernetes")?  Its label names no topic
 * to search for.
 */
static int
understand_is_negative(const struct kb_question *qu, int c)
{
	size_t k;

	for (k = 0; k < qu->nchoices; k++)
		if (qu->choices[k].negated_index == c)
			return 1;
	return 0;
}

/*
 * The KB_LISTED_* bits of word w (NUL-terminated, a q->raw[] word): what
 * match_in_list(w, strlen(w), list, n) says of each indexed list, with one
 * lookup instead of a scan per list (the clause readers test joins and
 * clause_breaks for every word of a message).
 */
static unsigned
understand_listed_raw(const struct kb_phrases *ph, const char *w)
{
	return kb_listed(ph, w, strlen(w));
}

/*
 * Step 2d: a request for the verdict that carries a situation ("which
 * would suit a shop that writes firmware for thermostats?", "what should
 * a team that builds kubernetes operators pick?"): a message whose first
 * clause asks by a wh-word, where a word of phrases.reading.case_words
 * that stands for the asker's case ("shop", "team") is followed by a
 * relative or -ing word ("that", "who", "doing"; no auxiliary: "what
 * lang do people use") after a determiner ("a shop", "the team"; not
 * "how many developers say"), and then by words that
 * answer the walk's questions (understand_extract).  Every word before
 * the case is glue or a case word ("suit", "pick"), and every word after
 * the situation's phrases is glue, a case word or a word no claim uses
 * ("thermostats") or one of the phrases of the choices read ("plugins
 * for the browser"): "which company uses go for
 * operators?" and "what
 * should a team that writes operators know about the gc?" ask the
 * article.  The situation is recorded and the verdict given, as for a
 * description asking for it.
 */
/* The lexicon "clause_words" bits of word w (0 for none). */
static unsigned
understand_cw_bits(const struct kb *kb, const char *w)
{
	int32_t b = kb_clause_word(kb, w, strlen(w));

	return b < 0 ? 0 : (unsigned)b;
}

/*
 * Is word k of q a user word owned by someone else: a clause_words
 * "possessives" word ("mine", "ours") two words after a "people" word,
 * nothing breaking between ("a friend of mine", "a colleague of
 * ours")?  That names whose friend it is; the clause stays the
 * friend's, not the user's (understand_scope(), understand_scope_theirs()).
 * Cost: two look-ups.
 */
static int
understand_cw_owned(const struct kb *kb, const struct kb_query *q, size_t k)
{
	return k >= 2 && !q->brk[k] && !q->brk[k - 1] &&
	    (understand_cw_bits(kb, q->raw[k]) & KB_CW_POSSESSIVE) &&
	    (understand_cw_bits(kb, q->raw[k - 2]) & KB_CW_PEOPLE);
}

/*
 * Is word h of q a case ("a shop that", "the team doing"): a
 * phrases.reading.case_words word after a determiner and before a
 * relative word (a stopword that is no auxiliary) or an -ing word?
 */
static int
understand_case_at(const struct kb *kb, const struct kb_query *q, size_t h)
{
	const char *next;
	size_t len;

	/* the determiner first: one lookup, where the case words are a
	 * list read word by word */
	if (h == 0 || h + 1 >= q->n ||
	    !(understand_cw_bits(kb, q->raw[h - 1]) & KB_CW_DET) ||
	    !match_in_list(q->raw[h], strlen(q->raw[h]),
	    kb->phrases.case_words, kb->phrases.ncase_words))
		return 0;
	next = q->raw[h + 1];
	len = strlen(next);
	return (q->stop[h + 1] && !(understand_cw_bits(kb, next) &
	    KB_CW_AUX)) || (len > 4 && strcmp(next + len - 3, "ing") == 0);
}

/*
 * Does q hold a case anywhere (understand_case_at())?  What
 * understand_step_case_verdict() needs before it reads clauses and
 * matches choices, which a question without one would pay for nothing.
 */
static int
understand_case_word(const struct kb *kb, const struct kb_query *q)
{
	size_t h;

	for (h = 1; h + 1 < q->n; h++)
		if (understand_case_at(kb, q, h))
			return 1;
	return 0;
}

#define UNDERSTAND_CASE_GAP	3	/* words but stopwords between the
					 * case and its situation's first
					 * phrase ("that runs a bunch of
					 * http") */
static int
understand_step_case_verdict(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	const struct kb_query *q = &s->q;
	const unsigned glue = GLUE_STOP | GLUE_FILLER | GLUE_PERSON |
	    GLUE_ADDRESSEE | GLUE_COMMAND | GLUE_QUESTION | GLUE_OUTCOME;
	struct dlg_clause cl[DLG_MAX_CLAUSES];
	int found[KB_MAX_QUESTIONS], ambiguous[KB_MAX_QUESTIONS];
	unsigned char covered[TEXT_MAX_TOKENS];
	size_t n, h, i, gap, from = q->n, to = 0, span[2];
	int sc, tie, c;

	if (ph->ncase_words == 0 || !s->question || q->n < 4 ||
	    (frame_last(d) & FRAME_FACT) || !understand_case_word(d->kb, q))
		return 0;
	n = understand_clauses(d->kb, s->text, s->len, cl, DLG_MAX_CLAUSES);
	if (n != 1 || cl[0].mood != DLG_MOOD_INTERROGATIVE ||
	    strcmp(cl[0].why, "wh-word") != 0)
		return 0;
	memset(covered, 0, sizeof(covered));
	for (i = 0; i < DL(d)->nquestions; i++) {
		span[0] = span[1] = 0;
		if ((c = match_choice(ph, &DL(d)->questions[i], q, &sc, &tie,
		    NULL, span)) < 0 || span[1] <= span[0])
			continue;
		from = span[0] < from ? span[0] : from;
		to = span[1] > to ? span[1] : to;
		match_cover(ph, &DL(d)->questions[i], c, q, covered);
	}
	if (to == 0)
		return 0;
	/* the case: glue and case words, then a case word followed by a
	 * relative or -ing word */
	for (h = 0; h < from; h++) {
		const char *w = q->raw[h];

		if (w[0] == '\0' || understand_glue(d->kb, q, h, glue))
			continue;
		if (!match_in_list(w, strlen(w), ph->case_words,
		    ph->ncase_words))
			return 0;
		if (h + 1 < from && understand_case_at(d->kb, q, h))
			break;
	}
	if (h >= from)
		return 0;
	for (i = h + 1, gap = 0; i < from; i++)
		gap += !q->stop[i];
	if (gap > UNDERSTAND_CASE_GAP)
		return 0;
	/* after the situation, the rest of its relative clause ("that
	 * ships wasm widgets to the browser"): a few words that match no
	 * choice, none comparing (a comparison asks a fact: "which suits a
	 * team that builds apis, faster?") */
	for (i = to, gap = 0; i < q->n; i++)
		if (q->raw[i][0] != '\0' && q->term[i] != NULL &&
		    !covered[i] &&
		    !understand_glue(d->kb, q, i, glue) &&
		    !match_in_list(q->raw[i], strlen(q->raw[i]),
		    ph->case_words, ph->ncase_words) &&
		    (understand_glue(d->kb, q, i, GLUE_COMPARE) ||
		    ++gap > UNDERSTAND_CASE_GAP))
			return 0;
	if (understand_extract(d, q, found, ambiguous, 1) == 0)
		return 0;
	d->misses = 0;
	dialogue_profile(d, evs, found, ambiguous, 1);
	return 1;
}

/*
 * Step 4b: a question that refers to the user's own situation by a word
 * that names nothing ("is go's garbage collector going to be a problem
 * for that?", "... for this kind of thing?": phrases.reading.
 * situation_refs) right after the user said what they build, not after
 * an answer from the article (there "that" is the fact): the question
 * with the user's answers to the questions the KB marks decisive, each
 * said by its choice's first phrase ("api"; a label's many words would
 * crowd out the question's own), as a first message naming them would be
 * asked.  Left to the plain question (step
 * 5) when the article has nothing on it.
 */
static int
understand_situation_ask(struct dlg *d, struct dlg_events *evs,
    const struct said *s, int all)
{
	const struct kb_dialogue *dl = DL(d);
	char text[768], sq[768];
	struct kb_answer a;
	size_t i, k, n;
	int any = 0;

	n = (size_t)snprintf(text, sizeof(text), "%.*s", (int)s->len,
	    s->text);
	for (i = 0; i < dl->nquestions && n < sizeof(text); i++) {
		const struct kb_choice *ch;

		if ((!dl->questions[i].decisive && !all) || d->answer[i] < 0 ||
		    (d->how[i] != DLG_ASKED && d->how[i] != DLG_DESCRIBED) ||
		    understand_is_negative(&dl->questions[i], d->answer[i]))
			continue;
		ch = &dl->questions[i].choices[d->answer[i]];
		if (ch->nmatch == 0)
			continue;
		for (k = 0; k < ch->match[0].ntok && n < sizeof(text); k++)
			n += (size_t)snprintf(text + n, sizeof(text) - n,
			    " %s", ch->match[0].tok[k]);
		any = 1;
	}
	if (!any || n >= sizeof(text))
		return 0;
	kb_squash(text, n, sq, sizeof(sq));
	ask_answer(d, text, n, sq, &a);
	if (a.nclaims == 0)
		return 0;
	/* "how much ram would one of those take in go?" after "40 spring
	 * boot services": the answers' words drew the claims away from a
	 * word the question itself asks ("nothing on ram"); the question
	 * alone is asked (step 5) */
	for (i = 0; i < a.nmissing; i++) {
		const char *m = a.missing[i];

		if (text_has_word(s->sq, &m, 1))
			return 0;
	}
	return understand_give(d, evs, &a);
}

static int
understand_step_situation(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	const struct kb_phrases *ph = &d->kb->phrases;

	if (ph->nsituation_refs == 0 || !s->question ||
	    (frame_last(d) & FRAME_FACT) || s->len >= 512 ||
	    !kb_phrase_chain_has(&d->kb->situation_refs_by_word,
	    ph->situation_refs, ph->nsituation_refs, s->sq))
		return 0;
	return understand_situation_ask(d, evs, s, 0);
}

/*
 * The length in words of the phrase of phrases.reading.work_refs
 * ("instead", "rather than", "cope with") that begins at word i of q,
 * or 0.
 */
static size_t
understand_work_ref_at(const struct kb_phrases *ph, const struct kb_query *q,
    size_t i)
{
	size_t k, n, best = 0;

	for (k = 0; k < ph->nwork_refs; k++)
		if ((n = understand_cue_at(q, i, ph->work_refs[k])) > best)
			best = n;
	return best;
}

/*
 * The one-word subject (kb->subjects) word i of q names, by its word or
 * its term ("golang" read as "go"), or -1.
 */
static int
understand_subject_named(const struct kb *kb, const struct kb_query *q,
    size_t i)
{
	size_t k;

	for (k = 0; k < kb->nsubjects && k < 8; k++)
		if (strchr(kb->subjects[k].name, ' ') == NULL &&
		    strcasecmp(q->term[i] != NULL ? q->term[i] : q->raw[i],
		    kb->subjects[k].name) == 0)
			return (int)k;
	return -1;
}

/*
 * The length in words of a phrase of what a pointing question may ask of
 * the thing pointed at that begins at word i of q: a pointer_asks word,
 * a request for the pick (cues.recommend, reading.advice_asks: "which
 * would the article pick for that?") or the pair it is picked from
 * (reading.compare_pair_refs, pair_refs: "which of the two ... for
 * this?"); 0 for none.
 */
static size_t
understand_pointer_ask_at(const struct kb *kb, const struct kb_query *q,
    size_t i)
{
	const struct kb_phrases *ph = &kb->phrases;
	const char **const lists[] = { ph->pointer_asks,
	    ph->compare_pair_refs, ph->pair_refs, ph->advice_asks,
	    ph->cues[KB_CMD_RECOMMEND] };
	const size_t counts[] = { ph->npointer_asks, ph->ncompare_pair_refs,
	    ph->npair_refs, ph->nadvice_asks, ph->ncues[KB_CMD_RECOMMEND] };
	size_t l, k, m;

	for (l = 0; l < sizeof(counts) / sizeof(counts[0]); l++)
		for (k = 0; k < counts[l]; k++)
			if ((m = understand_cue_at(q, i, lists[l][k])) > 0)
				return m;
	return 0;
}

/*
 * The length in words of a phrase of phrases.reading.situation_refs that
 * begins at word i of q and holds a pointer_refs word ("for that kind of
 * work", "for something like this"; not "for us"); 0 for none.
 */
static size_t
understand_situation_pointer_at(const struct kb *kb, const struct kb_query *q,
    size_t i)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t k, m, j, r;

	for (k = 0; k < ph->nsituation_refs; k++) {
		if ((m = understand_cue_at(q, i, ph->situation_refs[k])) == 0)
			continue;
		for (j = i; j < i + m; j++)
			for (r = 0; r < ph->npointer_refs; r++)
				if (understand_cue_at(q, j,
				    ph->pointer_refs[r]) > 0)
					return m;
	}
	return 0;
}

/*
 * Does the question text (len bytes) take its topic from the sentence
 * before it ("anything in the article on that?", "what does the article
 * say about this?", "any stats behind that?", "which of the two does
 * the article pick for this?"): a word of phrases.reading.pointer_refs
 * or a situation_refs phrase holding one ("for that kind of work"), no
 * subject named and no word of the user, and every other word one of
 * what is asked of the thing pointed at (understand_pointer_ask_at), a
 * word of a stance_refs or stance_words phrase (the article, its take),
 * a negation, stopword, filler, question word, addressee or command
 * glue.  "is it fast too?" asks of its own ("fast"): no.
 */
static int
understand_points_back(const struct kb *kb, const char *text, size_t len)
{
	const struct kb_phrases *ph = &kb->phrases;
	static struct kb_query q;	/* large; one thread */
	size_t i, k, m;
	int pointer = 0;

	if (ph->npointer_refs == 0 || len == 0)
		return 0;
	kb_normalize(kb, text, len, KB_NORM_MATCH, &q);
	for (i = 0; i < q.n; i++) {
		/* "does the article back that or not?" */
		if (q.raw[i][0] == '\0' || q.negation[i])
			continue;
		if (understand_subject_named(kb, &q, i) >= 0 ||
		    understand_glue(kb, &q, i, GLUE_PERSON))
			return 0;
		/* the lists' words folded as the words are ("this" is
		 * read "thi") */
		for (k = 0, m = 0; k < ph->npointer_refs && m == 0; k++)
			m = understand_cue_at(&q, i, ph->pointer_refs[k]);
		if (m > 0) {
			pointer = 1;
			continue;
		}
		/* "for that kind of work": a situation_refs phrase with a
		 * pointer in it points as the pointer does */
		if ((m = understand_situation_pointer_at(kb, &q, i)) > 0) {
			pointer = 1;
			i += m - 1;
			continue;
		}
		/* before the glue: "of the two" opens with a stopword */
		if ((m = understand_pointer_ask_at(kb, &q, i)) > 0) {
			i += m - 1;
			continue;
		}
		if (understand_glue(kb, &q, i, GLUE_STOP | GLUE_FILLER |
		    GLUE_QUESTION | GLUE_ADDRESSEE | GLUE_COMMAND))
			continue;
		/* a phrase naming the article or its take: its words */
		for (k = 0; k < ph->nstance_refs && m == 0; k++)
			m = understand_cue_at(&q, i, ph->stance_refs[k]);
		for (k = 0; k < ph->nstance_words && m == 0; k++)
			m = understand_cue_at(&q, i, ph->stance_words[k]);
		if (m == 0)
			return 0;
		i += m - 1;
	}
	return pointer;
}

/*
 * The user's answers to the decisive questions alone, asked or described
 * and not a negative choice, into eff (KB_MAX_QUESTIONS; -1 for any other
 * question) when it is not NULL; returns whether there is one.  The
 * article's reasons about the user's work come from these.
 */
static int
understand_decisive_answers(const struct dlg *d, int *eff)
{
	const struct kb_dialogue *dl = DL(d);
	size_t i;
	int any = 0;

	for (i = 0; i < dl->nquestions && i < KB_MAX_QUESTIONS; i++) {
		int on = dl->questions[i].decisive && d->answer[i] >= 0 &&
		    (d->how[i] == DLG_ASKED || d->how[i] == DLG_DESCRIBED) &&
		    !understand_is_negative(&dl->questions[i], d->answer[i]);

		if (eff != NULL)
			eff[i] = on ? d->answer[i] : -1;
		any |= on;
	}
	return any;
}

/*
 * The article's own reasons about the user's work: into a, the claims of
 * the rules that fire on eff (a choice per question, -1 for none) with
 * every condition on a question eff answers; when none is on subject
 * (-1: any), the claims on a subject lead and a->other_subject says the
 * article speaks of another.  Returns how many claims (0: a is not an answer).
 */
static size_t
understand_work_claims(const struct dlg *d, const int *eff, int subject,
    struct kb_answer *a)
{
	const struct kb *kb = d->kb;
	const struct kb_dialogue *dl = DL(d);
	const struct kb_claim *c;
	size_t k, n, r, t;
	int on = 0, first = -1;

	memset(a, 0, sizeof(*a));
	a->lead_row = a->lead_figure = a->other_subject = -1;
	for (r = 0; r < dl->nrules && a->nclaims < KB_ANSWER_MAX; r++) {
		const struct kb_rule *ru = &dl->rules[r];

		for (t = 0; t < ru->when.nterms; t++)
			if (eff[ru->when.terms[t].question] < 0)
				break;
		if (t < ru->when.nterms || !kb_rule_fires(ru, eff))
			continue;
		for (k = 0; k < ru->nclaims && a->nclaims < KB_ANSWER_MAX;
		    k++) {
			c = ru->claims[k];
			for (n = 0; n < a->nclaims && a->claims[n] != c; n++)
				;
			if (n < a->nclaims)
				continue;
			a->claims[a->nclaims++] = c;
			if (subject >= 0 && c->subject != NULL &&
			    (kb->subject_bits[c->subject - kb->subjects] &
			    (1u << subject)))
				on = 1;
			if (c->subject != NULL && first < 0)
				first = (int)a->nclaims - 1;
		}
	}
	if (a->nclaims == 0)
		return 0;
	a->res.covered = 1;
	if (subject >= 0 && !on && first >= 0) {
		/* the claims on a subject lead, so that the answer can say
		 * which one the article speaks of instead */
		c = a->claims[first];
		memmove(&a->claims[1], &a->claims[0], (size_t)first *
		    sizeof(a->claims[0]));
		a->claims[0] = c;
		a->other_subject = subject;
	}
	return a->nclaims;
}

/*
 * Where in q the work the user told is named again: the span (told[0]
 * to told[1], words) of the phrase match_choice() reads for the first
 * decisive question answered, when it reads that same answer, no tie
 * ("could rust do clis too?" after "i write CLIs"); told untouched
 * otherwise.  Another work named ("could rust do firmware too?") is
 * no such span: a question of its own.
 */
static void
understand_told_work_span(const struct dlg *d, const struct kb_query *q,
    size_t *told)
{
	const struct kb_dialogue *dl = DL(d);
	size_t qi, sp[2] = { 0, 0 };
	int c, score, tie, second;

	for (qi = 0; qi < dl->nquestions && qi < KB_MAX_QUESTIONS; qi++)
		if (dl->questions[qi].decisive && d->answer[qi] >= 0 &&
		    d->how[qi] != DLG_UNANSWERED)
			break;
	if (qi >= dl->nquestions || qi >= KB_MAX_QUESTIONS)
		return;
	c = match_choice(&d->kb->phrases, &dl->questions[qi], q, &score,
	    &tie, &second, sp);
	if (c >= 0 && !tie && c == d->answer[qi] && sp[1] > sp[0]) {
		told[0] = sp[0];
		told[1] = sp[1];
	}
}

/*
 * Step 4a'': "could rust handle that too?", "why not rust instead?",
 * "is go usable for that as well?" once the user described their work
 * (not right after an answer from the article): a question naming one
 * subject whose every other word is a phrase of phrases.reading.
 * work_refs or situation_refs, a question word, a negation or glue that is no command word (a switch
 * verb, "migrate", makes it a question about the verdict), one of the
 * first two phrases at least, asks what the article says about that
 * subject for that work: the claims of the rules that fire on the
 * user's answers to the decisive questions alone (the article's own
 * reasons about that work), where the words of the question would find
 * a claim on another thing ("handle": concurrency).  When none of those
 * claims is on the subject named, the answer says the article has
 * nothing on it there (a->other_subject).  A subject right after a
 * work_refs phrase ("rather than go") is the one replaced, not asked.
 */
static int
understand_step_other_work(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	const struct kb *kb = d->kb;
	const struct kb_phrases *ph = &kb->phrases;
	const struct kb_dialogue *dl = DL(d);
	struct kb_answer a;
	int eff[KB_MAX_QUESTIONS];
	size_t i, k, told[2] = { 0, 0 };
	int subject = -1, refs = 0, after_ref = 0, replaced = -1;
	int named, situation = 0;

	/* asked, as typed: the kind of message is read after this step
	 * ("could rust handle the apis instead" opens as a question does:
	 * phrases.reading.question_starts) */
	if (ph->nwork_refs == 0 || s->q.n == 0 || s->len >= 512 ||
	    (!understand_ends_question(s->text, s->len) &&
	    !(kb_listed(ph, s->q.raw[0], strlen(s->q.raw[0])) &
	    KB_LISTED_QUESTION) && !understand_is_question(kb, s->text,
	    s->len, s->sq)) || (frame_last(d) & FRAME_FACT) ||
	    dl->nquestions > KB_MAX_QUESTIONS)
		return 0;
	/* none, and there is no work to ask about (read first: it costs
	 * no word) */
	if (!understand_decisive_answers(d, eff))
		return 0;
	/* a switch verb ("rewrite it in rust") asks about a migration
	 * (understand_step_migration), even inside a situation phrase */
	for (i = 0; i < s->q.n; i++)
		for (k = 0; k < ph->nswitch_verbs; k++)
			if (understand_cue_at(&s->q, i, ph->switch_verbs[k]) == 1)
				return 0;
	understand_told_work_span(d, &s->q, told);
	for (i = 0; i < s->q.n; i++) {
		size_t len = strlen(s->q.raw[i]);

		if ((named = understand_subject_named(kb, &s->q, i)) >= 0) {
			if (!after_ref && subject >= 0 && named != subject)
				return 0;
			if (!after_ref && subject < 0)
				subject = named;
			if (after_ref)
				replaced = replaced < 0 || replaced == named ?
				    named : -2;
			after_ref = 0;
			continue;
		}
		after_ref = 0;
		/* "could rust do clis too?": the work the user told, named
		 * again, is that work, no other thing asked */
		if (i >= told[0] && i < told[1])
			continue;
		if ((k = understand_situation_at(ph, &s->q, i)) > 0)
			situation = 1;
		if (k > 0 || (k = understand_work_ref_at(ph, &s->q, i)) > 0) {
			refs = 1;
			after_ref = 1;
			i += k - 1;
			continue;
		}
		/* a command's cue outside those phrases ("what would make
		 * it rust instead", "recommend go instead") asks the command */
		if (len > 0 && understand_cue(ph, s->q.raw[i], len) >= 0)
			return 0;
		if (len == 0 || s->q.negation[i] ||
		    (understand_glue(kb, &s->q, i, GLUE_STOP | GLUE_FILLER |
		    GLUE_PERSON | GLUE_ADDRESSEE | GLUE_QUESTION) &&
		    !understand_glue(kb, &s->q, i, GLUE_COMMAND)))
			continue;
		return 0;
	}
	/* "could we use rust instead?": the one subject named is the one
	 * asked even right after a ref ("use"), when none other is named
	 * ("rather than go" names the replaced one beside the asked) */
	if (subject < 0 && replaced >= 0)
		subject = replaced;
	/* "what would you go for": an outcome's name made a verb asks
	 * for the verdict (phrases.reading.verdict_verbs) */
	if (subject < 0 || !refs || understand_verdict_verb(kb, &s->q) > 0)
		return 0;
	/* with a switch adverb alone, only a yes-or-no question asks
	 * whether the subject fits ("could we write those in rust
	 * instead?"); "what could make it go instead" asks what would
	 * change the verdict (phrases.reading.yes_no_starts) */
	if (!situation && !understand_starts(s->sq, ph->yes_no_starts,
	    ph->nyes_no_starts))
		return 0;
	/* a phrase of a command ("what would make it", "what would it
	 * take for") asks that command (read by understand_read_words) */
	if (s->says != 0 || understand_says_all(kb, UNDERSTAND_SAYS_READ,
	    s->sq) != 0)
		return 0;
	if (understand_work_claims(d, eff, subject, &a) == 0)
		return 0;
	return understand_give(d, evs, &a);
}

/*
 * Step 4a (migration): "so we ought to migrate to rust then?", "would it
 * be smart to rewrite it in rust?" once the user answered a decisive
 * question (not right after an answer from the article): a question
 * with a word of phrases.reading.switch_verbs that names one subject,
 * not the verdict given, and at most UNDERSTAND_SWITCH_OTHER words that
 * are no glue, negation, `situation_refs` or `work_refs` phrase nor a
 * word of more than UNDERSTAND_SWITCH_DF claims or a name, asks
 * whether to move the user's work to that subject: what would change
 * the verdict, which says the verdict for that work and what would flip
 * it.  A command's cue or phrase ("why", "what would make it") is that
 * command's, not this.
 */
#define UNDERSTAND_SWITCH_OTHER	3
#define UNDERSTAND_SWITCH_DF	2	/* claims an other word is in, at
					 * most ("smart", "make sense") */

static int
understand_step_migration(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	const struct kb *kb = d->kb;
	const struct kb_phrases *ph = &kb->phrases;
	const struct kb_dialogue *dl = DL(d);
	struct dlg_input in;
	size_t i, k, other = 0;
	int32_t t;
	int subject = -1, named, verb = 0;

	/* asked, as typed: the kind of message is read after this step */
	if (ph->nswitch_verbs == 0 || s->q.n == 0 || s->len >= 512 ||
	    (!understand_ends_question(s->text, s->len) &&
	    !(kb_listed(ph, s->q.raw[0], strlen(s->q.raw[0])) &
	    KB_LISTED_QUESTION)) || (frame_last(d) & FRAME_FACT))
		return 0;
	/* "how many lines did microsoft rewrite in rust": a count or a
	 * duration asked (phrases.reading.count_starts, duration_starts)
	 * is a question for the article */
	if (understand_starts_by(&kb->count_starts_by_word, s->sq,
	    ph->count_starts, ph->ncount_starts) ||
	    understand_starts_by(&kb->duration_starts_by_word, s->sq,
	    ph->duration_starts, ph->nduration_starts))
		return 0;
	/* a command's phrase is that command (read last: it scans the
	 * whole message, and most messages come with no decisive answer) */
	if (!understand_decisive_answers(d, NULL) ||
	    understand_says_all(kb, UNDERSTAND_SAYS_READ, s->sq) != 0)
		return 0;
	for (i = 0; i < s->q.n; i++) {
		size_t len = strlen(s->q.raw[i]);

		if ((named = understand_subject_named(kb, &s->q, i)) >= 0) {
			if (subject >= 0 && named != subject)
				return 0;
			subject = named;
			continue;
		}
		for (k = 0; k < ph->nswitch_verbs; k++)
			if (understand_cue_at(&s->q, i, ph->switch_verbs[k]) == 1)
				break;
		if (k < ph->nswitch_verbs) {
			verb = 1;
			continue;
		}
		if (len > 0 && understand_cue(ph, s->q.raw[i], len) >= 0)
			return 0;
		if ((k = understand_situation_at(ph, &s->q, i)) > 0 ||
		    (k = understand_work_ref_at(ph, &s->q, i)) > 0) {
			i += k - 1;
			continue;
		}
		if (len == 0 || s->q.negation[i] || understand_glue(kb, &s->q,
		    i, GLUE_STOP | GLUE_FILLER | GLUE_PERSON | GLUE_ADDRESSEE |
		    GLUE_QUESTION | GLUE_COMMAND))
			continue;
		/* a name the claims write ("didn't discord rewrite ...")
		 * or a word many claims use ("the devs at microsoft")
		 * asks the article about it */
		if ((t = strmap_get(&kb->vocab, s->q.term[i] != NULL ?
		    s->q.term[i] : s->q.raw[i])) >= 0 &&
		    (kb->terms[t].entity ||
		    kb->terms[t].npost > UNDERSTAND_SWITCH_DF))
			return 0;
		if (++other > UNDERSTAND_SWITCH_OTHER)
			return 0;
	}
	if (!verb || subject < 0 || understand_verdict_verb(kb, &s->q) > 0)
		return 0;
	if (d->last_verdict >= 0 && strcasecmp(kb->subjects[subject].name,
	    dl->outcomes[d->last_verdict].id) == 0)
		return 0;
	memset(&in, 0, sizeof(in));
	in.kind = DLG_WHAT_CHANGES;
	d->what_for = understand_other_outcome(d, s->sq) + 1;
	dialogue_handle(d, &in, evs);
	return 1;
}

/*
 * Step 3a': "should i pick up rust too at some point?" once Go was
 * advised: a question naming an outcome other than the verdict with a
 * phrase of phrases.reading.later_refs ("later", "down the road") asks
 * about it as a later step for this user: asked as step 4b asks, with
 * the user's answers to every question, not only the decisive ones (a
 * Java background finds the article's "Rust as a strategic second
 * language, after Go"); the plain question when the article has nothing.
 */
static int
understand_step_later(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	const struct kb_phrases *ph = &d->kb->phrases;

	/* asked, as typed: the kind of message is read after this step */
	if (ph->nlater_refs == 0 || s->q.n == 0 ||
	    (!understand_ends_question(s->text, s->len) &&
	    !(kb_listed(ph, s->q.raw[0], strlen(s->q.raw[0])) &
	    KB_LISTED_QUESTION)) || d->last_verdict < 0 ||
	    (frame_last(d) & FRAME_FACT) || s->len >= 512 ||
	    !text_has_phrase(s->sq, ph->later_refs, ph->nlater_refs) ||
	    !understand_names_subject_outcome(d, s) ||
	    understand_names_only_outcome(d->kb, s->sq, d->last_verdict))
		return 0;
	return understand_situation_ask(d, evs, s, 1);
}


/*
 * Step 2a: right after an answer from the article, a message with no
 * words of its own but about the user ("what about for me?", "and in my
 * case?") asks the same question of the user's situation: the last
 * question again, with the labels of the choices the user gave (a Java
 * background finds the claim on Java developers), then the pending
 * question; when that loses the number the last question asked for, it
 * is left to the follow-up reading (step 5).  The last question stays
 * the one a follow-up follows, with its subjects.
 */
static int
understand_step_for_me(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	const struct kb_dialogue *dl = DL(d);
	static struct dlg_frame last;	/* large; the engine is one thread */
	char text[512], sq[512];
	struct kb_answer a;
	size_t i, len, n;
	uint8_t subjects;
	int any = 0;

	if (!s->first_person || !(frame_last(d) & FRAME_FACT) ||
	    !d->frame.set)
		return 0;
	for (i = 0; i < s->q.n; i++) {
		len = strlen(s->q.raw[i]);
		if (len == 0 || understand_glue(d->kb, &s->q, i, GLUE_STOP |
		    GLUE_PERSON | GLUE_FILLER | GLUE_QUESTION | GLUE_COMMAND |
		    GLUE_FOLLOW))
			continue;
		return 0;
	}
	n = (size_t)snprintf(text, sizeof(text), "%s", d->frame.text);
	for (i = 0; i < dl->nquestions && n < sizeof(text); i++)
		if (d->answer[i] >= 0 && (d->how[i] == DLG_ASKED ||
		    d->how[i] == DLG_DESCRIBED) &&
		    !understand_is_negative(&dl->questions[i], d->answer[i])) {
			n += (size_t)snprintf(text + n, sizeof(text) - n,
			    " %s", dl->questions[i].choices[d->answer[i]].label);
			any = 1;
		}
	/* the verdict's own name: "for me" is about the language advised */
	if (any && d->last_verdict >= 0 && n < sizeof(text))
		n += (size_t)snprintf(text + n, sizeof(text) - n, " %s",
		    dl->outcomes[d->last_verdict].label);
	if (!any || n >= sizeof(text))
		return 0;
	last = d->frame;
	subjects = d->frame.subjects;
	kb_squash(text, n, sq, sizeof(sq));
	ask_answer(d, text, n, sq, &a);
	d->frame = last;
	d->frame.subjects = subjects;	/* a label naming one adds none */
	/* the user's words must not crowd out what was asked: a number
	 * asked for and no longer found is the last question's to answer */
	if (a.nclaims == 0 || a.no_figure)
		return 0;
	return understand_give(d, evs, &a);
}

/*
 * A message that asks ("which framework should I use for go?", "can i
 * write generic code in go now"): drop from found each answer to a
 * question marked asked_subject_silent whose phrase names one of the
 * article's subjects in q's last clause, the clause that asks.  The
 * subject there is what is asked about, not what the user knows; a
 * clause before it still tells ("I write go at work, should I learn
 * rust?").  Returns whether anything is left to read (an answer or
 * an ambiguity).  Cost: one match_choice() per such answer.
 */
static int understand_word_subject(const struct kb *, const char *, size_t);

static int
understand_asked_subject(const struct dlg *d, const struct kb_query *q,
    int *found, const int *ambiguous)
{
	const struct kb_dialogue *dl = DL(d);
	size_t i, k, last = 0, span[2];
	int score, tie, second;

	for (k = 1; k < q->n; k++)
		if (q->brk[k])
			last = k;
	for (i = 0; i < dl->nquestions; i++) {
		if (found[i] < 0 || !dl->questions[i].asked_subject_silent)
			continue;
		span[0] = span[1] = 0;
		if (match_choice(&d->kb->phrases, &dl->questions[i], q,
		    &score, &tie, &second, span) != found[i] || span[0] < last)
			continue;
		for (k = span[0]; k < span[1] && k < q->n; k++)
			if (understand_word_subject(d->kb, q->raw[k],
			    strlen(q->raw[k])) >= 0) {
				found[i] = -1;
				break;
			}
	}
	for (i = 0; i < dl->nquestions; i++)
		if (found[i] >= 0 || ambiguous[i])
			return 1;
	return 0;
}

/*
 * The first word of q from which it speaks of the user.  "is a gc ok for
 * us?", "is a garbage collector fine in our case?" only point at the
 * user's situation (phrases.reading.situation_refs): such a question asks
 * what it names and states none of it, so only what follows the last
 * such phrase describes that situation ("... matter for us [in a
 * multiplayer game server]?"); q->n when nothing does.  0 when a
 * first_person word stands outside those phrases ("is go fine for our
 * payment apis?" says what the user builds): all of q speaks.
 */
static size_t
understand_told_from(const struct kb *kb, const struct kb_query *q)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t i, n, from = q->n;

	for (i = 0; i < q->n; i++) {
		if ((n = understand_situation_at(ph, q, i)) > 0) {
			i += n - 1;
			from = i + 1;
			continue;
		}
		if (match_in_list(q->raw[i], strlen(q->raw[i]),
		    ph->first_person, ph->nfirst_person))
			return 0;
	}
	return from;
}

/* Is text (len bytes) without words after its first "?"?  The words
 * after a question ("do we need k8s? yes definitely") answer it. */
static int
understand_only_marks(const char *text, size_t len)
{
	const char *q = memchr(text, '?', len);
	size_t i;

	if (q == NULL)
		return 1;
	for (i = (size_t)(q - text); i < len; i++)
		if (strchr(" \t?!.", text[i]) == NULL)
			return 0;
	return 1;
}

/*
 * Step 2b: a question about the user's own case that asks for no verdict
 * ("do I need a web framework for HTTP services in Go?", "how much less
 * memory would my services use?") is a question for the article first:
 * answered when the article covers it, declined when it does not and
 * names none of the article's subjects ("how do I set up a Python
 * virtualenv?"); otherwise read as a description.  An answered one is
 * then read for what it tells about the user, as a description would,
 * from where it tells anything (understand_told_from()).
 */
/*
 * "how do i find devs?", "where do we even hire go people": a question
 * opening with a wh-word whose only user word is its subject, within
 * UNDERSTAND_WH_SELF_REACH words of the start (rl50b): what follows is
 * what the user asks how to do, not what they tell of their case, so
 * with nothing before it, it tells nothing (as a yes/no question about
 * the user's need, ng49).  "how do i pick for our kernel drivers"
 * (another user word) still tells.
 */
#define UNDERSTAND_WH_SELF_REACH	4
static int
understand_wh_self(const struct kb *kb, const struct kb_query *q)
{
	size_t k, self = 0;

	if (q->n == 0 || !(understand_cw_bits(kb, q->raw[0]) & KB_CW_WH))
		return 0;
	for (k = 1; k < q->n; k++)
		if (understand_cw_bits(kb, q->raw[k]) & KB_CW_USER) {
			if (k >= UNDERSTAND_WH_SELF_REACH || self)
				return 0;
			self = 1;
		}
	return self;
}

static int
understand_step_own_question(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	int found[KB_MAX_QUESTIONS], ambiguous[KB_MAX_QUESTIONS];
	static struct kb_query dq;	/* large; one thread */
	const struct kb_query *q = &s->q;
	struct kb_answer a;
	struct dlg_clause cl[2];
	size_t from;
	int own;

	if (!s->question || !s->first_person || s->asks_verdict)
		return 0;
	/* declined, or read as a description, for its wording: a
	 * trade-off asked of the work it names has the fit's answer */
	own = ask_own(d, s->text, s->len, s->sq, &a);
	if ((!own || a.nclaims == 0) &&
	    dialogue_fit_own(d, s->text, s->len, &a))
		own = 1;
	if (!own)
		return 0;
	/* "what if we built proxies, we need no gc" with nothing answered
	 * yet: a what-if the first-message rule reads as the user's own
	 * work (understand_step_target) that the article declines as a
	 * question is left to the description readers, which record what
	 * it tells; the decline had dropped the statement after the comma
	 * (px50) */
	if (a.nclaims == 0 && understand_prefix(d->kb, KB_CMD_WHAT_IF,
	    s->sq))
		return 0;
	walk_emit(evs, DLG_EV_ANSWER)->u.answer = a;
	d->misses = 0;
	if (understand_duration_reading(d->kb, s, &dq))
		q = &dq;
	from = understand_told_from(d->kb, q);
	/* "do we need zero gc pauses?", "does our team need to hire
	 * fast?": a yes/no question (phrases.reading.yes_no_starts) whose
	 * subject is the user (dlg_clause.self), alone in the message,
	 * asks whether the need holds; it tells nothing unless a situation
	 * comes before it (understand_told_from), so only the answer is
	 * given.  "would gc pauses hurt our plugin?" (the user is not the
	 * subject) and "do we need k8s? yes" (answered; a message read
	 * again without its tail: said.peels) still tell
	 * (round 49b, ng49) */
	if (from == 0 && s->peels == 0 && (understand_starts(s->sq,
	    d->kb->phrases.yes_no_starts, d->kb->phrases.nyes_no_starts) ||
	    understand_wh_self(d->kb, q)) &&
	    understand_clauses(d->kb,
	    s->text, s->len, cl, 2) == 1 &&
	    cl[0].mood == DLG_MOOD_INTERROGATIVE && cl[0].self &&
	    understand_only_marks(s->text, s->len)) {
		if (d->pending >= 0)
			walk_ask(d, evs, d->pending, 1);
		return 1;
	}
	if (from > 0) {
		if (q != &dq)
			dq = *q;
		understand_blank(&dq, 0, from);
		q = &dq;
	}
	if (a.nclaims > 0 && understand_extract(d, q, found, ambiguous,
	    0) > 0 && understand_asked_subject(d, q, found, ambiguous)) {
		understand_note_correction(d, s, found, ambiguous);
		dialogue_profile(d, evs, found, ambiguous, 0);
	} else if (d->pending >= 0)
		walk_ask(d, evs, d->pending, 1);
	return 1;
}

/*
 * Mark the words of q that set aside what follows ("forget the cli, it's
 * a kernel module"; "we build APIs rather than kernel drivers";
 * phrases.reading.set_aside, an entry of several words marking them all)
 * as negations: for the dialogue's reading only, the search reads the
 * text anew.  A change cue marked so opens no correction ("rather" of
 * "rather than": understand_correction).
 */
static size_t understand_cue_at(const struct kb_query *, size_t,
    const char *);
static void understand_blank(struct kb_query *, size_t, size_t);

static inline long understand_cue_next(const struct kb_phrase_chain *, size_t,
    const char *, const char *, size_t, int32_t [2]);
/*
 * A pair of phrases.reading.set_aside_pairs ("rather than") whose first
 * word is word i of q: its second word, later in the same clause within
 * UNDERSTAND_PAIR_REACH words, is marked MATCH_SET_ASIDE, so what
 * follows it is set aside, not negated ("I'd rather have the biggest
 * market than the top salary": the salary is not chosen, nor is "the
 * salary doesn't matter" said).
 */
#define UNDERSTAND_PAIR_REACH	10	/* words */

/* May an entry of a list whose first bytes are first start word w? */
#define UNDERSTAND_FIRST(first, w) \
	(((first)[(unsigned char)(w)[0] >> 3] >> ((unsigned char)(w)[0] & 7)) & 1)

static void
understand_set_aside_pair(struct kb_query *q, size_t i, const char *pair)
{
	char first[TEXT_TOKEN_MAX];
	const char *second;
	size_t len, j;

	if (q->raw[i][0] != pair[0])	/* most words: cheap */
		return;
	second = strchr(pair, ' ');
	if (second == NULL || (len = (size_t)(second - pair)) >= sizeof(first))
		return;
	memcpy(first, pair, len);
	first[len] = '\0';
	second++;
	if (understand_cue_at(q, i, first) == 0)
		return;
	for (j = i + 1; j < q->n && j <= i + UNDERSTAND_PAIR_REACH; j++) {
		if (q->brk[j])
			return;
		if (understand_cue_at(q, j, second) > 0) {
			q->negation[j] = MATCH_SET_ASIDE;
			return;
		}
	}
}

static void
understand_set_aside(const struct kb *kb, struct kb_query *q)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t i, c, len;
	int32_t at[2] = { -2, -1 };	/* set by each walk */
	long nc;

	for (i = 0; ph->nset_aside > 0 && i < q->n; i++)
		for (at[0] = -2; (nc = understand_cue_next(
		    &kb->set_aside_by_word, ph->nset_aside, q->raw[i], NULL, 0,
		    at)) >= 0; ) {
			c = (size_t)nc;
			if (strchr(ph->set_aside[c], ' ') == NULL) {
				/* "proxies instead", "we build a proxy
				 * instead": a word of
				 * phrases.reading.trailing_turns that ends
				 * its clause sets nothing aside after it;
				 * read as a negation, it ruled out the
				 * choice before it ("X, no") where the user
				 * chose it (the correction reads it:
				 * understand_correction) */
				if ((i + 1 == q->n || q->brk[i + 1]) &&
				    match_in_list(q->raw[i], strlen(q->raw[i]),
				    ph->trailing_turns, ph->ntrailing_turns))
					continue;
				if (!q->negation[i] && match_in_list(
				    q->raw[i], strlen(q->raw[i]),
				    &ph->set_aside[c], 1))
					q->negation[i] = 1;
				continue;
			}
			if ((len = understand_cue_at(q, i, ph->set_aside[c]))
			    > 0)
				memset(&q->negation[i], 1, len);
		}
	for (i = 0; ph->nset_aside_pairs > 0 && i < q->n; i++)
		for (c = 0; UNDERSTAND_FIRST(ph->set_aside_pairs_first,
		    q->raw[i]) && c < ph->nset_aside_pairs; c++)
			understand_set_aside_pair(q, i, ph->set_aside_pairs[c]);
}

/*
 * The words right before a phrase of phrases.reading.served_ends that
 * ends its clause ("the layer the services sit on top of", "the runtime
 * those microservices run on, ...") name what the thing built serves,
 * not the thing built: up to three of them, back to a stopword, a
 * negation or a clause mark, are blanked in q for the dialogue's reading,
 * so the services named there are not a second answer ("both layers").
 * "services that run on kubernetes" is untouched: the phrase does not
 * end its clause there; so is a choice's own phrase of three words or
 * more that ends with it ("the stuff kubernetes itself runs on":
 * understand_ends_phrase).  So are the words right before a phrase of
 * phrases.reading.disowned_ends anywhere ("python was ages ago", "the
 * firmware is the other team's job"): what the user did long ago or what
 * others do answers nothing now, so the answer said beside it ("writing
 * go for years now") stands alone.
 */
static int understand_ends_phrase(const struct kb *, const struct kb_query *,
    size_t);

/* how far either side of a word its phrases.reading.other_senses
 * partner may stand: "couriers and drivers", "drivers log their hours
 * and dispatchers" */
#define UNDERSTAND_SENSE_REACH	5

/*
 * Does word i of q, as typed, have another sense by
 * phrases.reading.other_senses: is it the first word of an entry whose
 * second word is typed at most UNDERSTAND_SENSE_REACH words before or
 * after it ("drivers and passengers", "embedded analytics dashboard")?
 * Then it names no choice: the people who drive, a thing embedded in a
 * product, not device drivers or firmware.
 */
/*
 * Is the partner at word j of q, which would give word i its other sense,
 * set aside: in another clause than i, after a negation or a
 * phrases.reading.set_aside word of its own clause ("nvm game dev seems
 * hard, prob backend": the game is dropped, so "backend" keeps its own
 * sense, the new work)?  A partner in i's own clause is never dropped
 * here ("not the backend for a game": what is negated is read as before).
 * Bounded by UNDERSTAND_SENSE_REACH either side.
 */
static int
understand_sense_dropped(const struct kb_query *q, size_t j, size_t i)
{
	size_t k, lo = j < i ? j : i, hi = j < i ? i : j, a;
	int apart = 0;

	for (k = lo + 1; k <= hi; k++)
		if (q->brk[k])
			apart = 1;
	if (!apart)
		return 0;
	for (a = j; a > 0 && !q->brk[a]; a--)
		;
	for (k = a; k < j; k++)
		if (q->negation[k])
			return 1;
	return 0;
}

static int
understand_other_sense(const struct kb *kb, const struct kb_query *q,
    size_t i)
{
	const struct kb_phrases *ph = &kb->phrases;
	char first[TEXT_TOKEN_MAX];
	const char *e, *sp;
	size_t j, len;
	int32_t at[2] = { -2, -1 };	/* set by each walk */
	long c;

	/* only the pairs whose first word may be word i */
	for (at[0] = -2; (c = understand_cue_next(&kb->other_senses_by_word,
	    ph->nother_senses, q->raw[i], NULL, 0, at)) >= 0; ) {
		e = ph->other_senses[c];
		if (q->raw[i][0] != e[0] || (sp = strchr(e, ' ')) == NULL ||
		    (len = (size_t)(sp - e)) >= sizeof(first))
			continue;
		memcpy(first, e, len);
		first[len] = '\0';
		if (understand_cue_at(q, i, first) == 0)
			continue;
		/* q's words are plural-folded ("orders" is "order"): the
		 * partner is compared as understand_cue_at() compares */
		for (j = i > UNDERSTAND_SENSE_REACH ? i -
		    UNDERSTAND_SENSE_REACH : 0; j < q->n && j <= i +
		    UNDERSTAND_SENSE_REACH; j++)
			if (j != i && understand_cue_at(q, j, sp + 1) > 0 &&
			    !understand_sense_dropped(q, j, i))
				return 1;
	}
	return 0;
}

static int
understand_ends_phrase(const struct kb *kb, const struct kb_query *q,
    size_t end)
{
	const struct kb_question *qu;
	const struct kb_phrase *p;
	size_t a, b, m, t, w;

	for (a = 0; a < kb->dialogue.nquestions; a++)
		for (qu = &kb->dialogue.questions[a], b = 0; b <
		    qu->nchoices; b++)
			for (m = 0; m < qu->choices[b].nmatch; m++) {
				p = &qu->choices[b].match[m];
				if (p->ntok < 3 || p->ntok > end + 1)
					continue;
				for (t = 0; t < p->ntok; t++) {
					w = end - t;
					if (q->term[w] != NULL ? q->term[w] !=
					    p->tok[p->ntok - 1 - t] :
					    strcmp(q->raw[w],
					    p->tok[p->ntok - 1 - t]) != 0)
						break;
				}
				if (t == p->ntok)
					return 1;
			}
	return 0;
}

/*
 * Blank up to three words of q right before word i, back to a stopword, a
 * negation or a clause mark (understand_served).  With head, a stopword
 * right before i that follows a word of no stopword is the head of what
 * is named ("the cli stuff is just side work": "stuff") and is passed.
 */
static void
understand_blank_before(struct kb_query *q, size_t i, int head)
{
	size_t j, k;

	for (j = i, k = 0; j > 0 && k < 3 && !q->brk[j]; j--, k++) {
		if (head && j == i && j > 1 && q->stop[j - 1] &&
		    !q->negation[j - 1] && !q->brk[j - 1] &&
		    !q->stop[j - 2] && !q->negation[j - 2] &&
		    q->raw[j - 2][0] != '\0') {
			understand_blank(q, j - 1, j);
			continue;
		}
		if (q->stop[j - 1] || q->negation[j - 1] ||
		    q->raw[j - 1][0] == '\0')
			break;
		understand_blank(q, j - 1, j);
	}
}

/*
 * Blank the words of q from word i on that name one thing: stopwords
 * first ("a", "the", "our"), then up to three words of no stopword, up
 * to a stopword, a negation or a clause mark ("behind [a load
 * balancer] in the dc").  The thing named after a
 * phrases.reading.behind_words phrase is what the user's thing sits
 * behind, not what is built (understand_served()).
 */
static void
understand_blank_after(const struct kb *kb, struct kb_query *q, size_t i)
{
	size_t k = 0, e, j;

	for (; i < q->n && !q->brk[i] && q->stop[i] && !q->negation[i]; i++)
		;
	for (e = i; e < q->n && k < 3 && !q->brk[e] && !q->stop[e] &&
	    !q->negation[e] && q->raw[e][0] != '\0'; e++, k++)
		;
	/* "a reverse proxy that we write": the user claims it, it stays */
	for (j = e; j < q->n && j < e + 3 && !q->brk[j]; j++)
		if (understand_cw_bits(kb, q->raw[j]) & KB_CW_USER)
			return;
	understand_blank(q, i, e);
}

static void
understand_served(const struct kb *kb, struct kb_query *q)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t i, c, len;
	int32_t at[2] = { -2, -1 };	/* set by each walk */
	long nc;

	for (i = 1; ph->nserved_ends > 0 && i < q->n; i++)
		for (at[0] = -2; (nc = understand_cue_next(
		    &kb->served_ends_by_word, ph->nserved_ends, q->raw[i],
		    NULL, 0, at)) >= 0; ) {
			c = (size_t)nc;
			if ((len = understand_cue_at(q, i, ph->served_ends[c]))
			    == 0 || (i + len < q->n && !q->brk[i + len]) ||
			    understand_ends_phrase(kb, q, i + len - 1))
				continue;
			understand_blank_before(q, i, 0);
			break;
		}
	for (i = 1; ph->ndisowned_ends > 0 && i < q->n; i++)
		for (at[0] = -2; (nc = understand_cue_next(
		    &kb->disowned_ends_by_word, ph->ndisowned_ends, q->raw[i],
		    NULL, 0, at)) >= 0; )
			if (understand_cue_at(q, i, ph->disowned_ends[nc]) > 0) {
				understand_blank_before(q, i, 1);
				break;
			}
	/* a word said in another sense names no choice (understand_other_sense) */
	for (i = 0; ph->nother_senses > 0 && i < q->n; i++)
		if (understand_other_sense(kb, q, i))
			understand_blank(q, i, i + 1);
	for (i = 1; ph->nbehind_words > 0 && i < q->n; i++)
		for (at[0] = -2; (nc = understand_cue_next(
		    &kb->behind_words_by_word, ph->nbehind_words, q->raw[i],
		    NULL, 0, at)) >= 0; )
			if ((len = understand_cue_at(q, i,
			    ph->behind_words[nc])) > 0) {
				understand_blank_after(kb, q, i + len);
				break;
			}
	/* a phrases.reading.disowned_refs phrase ("my team never touches
	 * that") is read with its clause, by understand_scope() */
}

/*
 * The length of the phrases.reading.study_refs cue that begins at word
 * k of q, or 0; none where a study_vetoes phrase begins at the word
 * before it and covers it ("of course" is no course).  One cue-chain
 * lookup; the vetoes, a short list, only after a cue is found.
 */
static size_t
understand_study_at(const struct kb *kb, const struct kb_query *q, size_t k)
{
	const struct kb_phrases *ph = &kb->phrases;
	int32_t at[2] = { -2, -1 };
	size_t len, v;
	long c;

	for (at[0] = -2; (c = understand_cue_next(&kb->study_refs_by_word,
	    ph->nstudy_refs, q->raw[k], NULL, 0, at)) >= 0; ) {
		if ((len = understand_cue_at(q, k, ph->study_refs[c])) == 0)
			continue;
		for (v = 0; k > 0 && !q->brk[k] && v < ph->nstudy_vetoes; v++)
			if (understand_cue_at(q, k - 1, ph->study_vetoes[v]) >
			    1)
				return 0;
		return len;
	}
	return 0;
}

/*
 * What the user studied, took a course in, read about or tried once is
 * not what they build: in a clause of q (split at a clause mark, a word
 * of phrases.reading.joins or clause_breaks, as understand_scope()
 * splits) that holds a phrases.reading.study_refs cue ("semester",
 * "bootcamp", "a book about"), the words by which the clause alone
 * answers a decisive question with a choice that does not yield are
 * blanked for the dialogue's reading: "I took an operating systems
 * course last semester, mostly I write python" names no kernel work,
 * while the Python, and a language learnt in class ("we mostly did
 * javascript in class": a background), stay, as does a learner's own
 * choice, which yields.  Returns whether a studied clause holds a choice
 * of a question marked study_no_basis ("we used java in class": the
 * background stays but is no basis for a verdict, dialogue_has_basis()).  Other clauses are left alone ("we had a
 * compilers class, now I build proxies" is the proxies).  Bounded: one
 * cue lookup per word, then per studied clause at most
 * UNDERSTAND_STUDY_ROUNDS match_choice() calls per decisive question.
 */
#define UNDERSTAND_STUDY_ROUNDS	4
static int
understand_studied(const struct dlg *d, struct kb_query *q)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	const struct kb_question *qu;
	struct kb_query one;
	size_t s, e, k, i, r, span[2];
	int cue, c, sc, tie, studied = 0;

	if (ph->nstudy_refs == 0)
		return 0;
	for (s = 0; s < q->n; s = e) {
		for (e = s + 1; e < q->n && !q->brk[e] &&
		    !(understand_listed_raw(ph, q->raw[e]) &
		    (KB_LISTED_JOIN | KB_LISTED_BREAK)); e++)
			;
		for (cue = 0, k = s; k < e && !cue; k++)
			cue = q->raw[k][0] != '\0' &&
			    understand_study_at(d->kb, q, k) > 0;
		if (!cue)
			continue;
		one = *q;
		understand_blank(&one, 0, s);
		understand_blank(&one, e, q->n);
		for (i = 0; i < DL(d)->nquestions; i++) {
			qu = &DL(d)->questions[i];
			if (qu->study_no_basis && !studied &&
			    (c = match_choice(ph, qu, &one, &sc, &tie, NULL,
			    span)) >= 0 && span[0] >= s && span[1] <= e &&
			    span[1] > span[0])
				studied = 1;
			if (!qu->decisive)
				continue;
			for (r = 0; r < UNDERSTAND_STUDY_ROUNDS; r++) {
				c = match_choice(ph, qu, &one, &sc, &tie, NULL,
				    span);
				if (c < 0 || qu->choices[c].yields ||
				    span[0] < s || span[1] > e ||
				    span[1] <= span[0])
					break;
				understand_blank(&one, span[0], span[1]);
				understand_blank(q, span[0], span[1]);
			}
		}
	}
	return studied;
}

/*
 * The next entry of a cue list of n entries, indexed by ch
 * (kb_cue_chain_build()), that may begin at word a or, with b not NULL,
 * at word b[0..blen) (a word as typed), in the list's order: the union
 * of the two words' chains, each in the list's order.  at[2] is the
 * walk's state, at[0] -2 before the first call.  When ch is not made,
 * every entry in turn.  Returns the entry, or -1 when none is left.
 * Inline: called per word of a message by a dozen readers, the call cost
 * as much as the walk (callers' at[] are initialised for the compiler's
 * sake only; each walk sets at[0] to -2 first).
 */
static inline long
understand_cue_next(const struct kb_phrase_chain *ch, size_t n,
    const char *a, const char *b, size_t blen, int32_t at[2])
{
	long ra, rb, r;

	if (ch->next == NULL) {
		at[0] = at[0] == -2 ? 0 : at[0] + 1;
		return (size_t)at[0] < n ? at[0] : -1;
	}
	if (at[0] == -2) {
		/* a word whose first byte begins no key: no strlen() of it */
		at[0] = a[0] != '\0' && ch->first_len[(unsigned char)a[0]] ==
		    0 ? -1 : kb_phrase_chain_word(ch, a, strlen(a));
		at[1] = b != NULL ? kb_phrase_chain_word(ch, b, blen) : -1;
	}
	ra = at[0] >= 0 ? ch->rank[at[0]] : -1;
	rb = at[1] >= 0 ? ch->rank[at[1]] : -1;
	if (ra < 0 && rb < 0)
		return -1;
	r = ra < 0 ? rb : rb < 0 || ra < rb ? ra : rb;
	if (ra == r)
		at[0] = ch->next[at[0]];
	if (rb == r)
		at[1] = ch->next[at[1]];
	return r;
}

/*
 * May a cue of the list indexed by ch begin at the word w (as read)?  0
 * only when understand_cue_next() would find no entry for w alone: ch is
 * made and no key of it has w's first byte and length
 * (kb_phrase_chain_may()).  A reader that asks several lists of every
 * word of a message skips most words with it, with no call.
 */
static inline int
understand_chain_may(const struct kb_phrase_chain *ch, const char *w)
{
	if (ch->next == NULL || w[0] == '\0')
		return 1;
	/* no strlen() of a word whose first byte begins no key */
	return ch->first_len[(unsigned char)w[0]] != 0 &&
	    kb_phrase_chain_may(ch, w, strlen(w));
}

/*
 * Does the change cue cue ("scratch that", phrases.reading.change_starts)
 * begin at word k of q?  Returns its length in words, or 0.  q's words
 * are read for matching, plurals folded ("nowadays" is "nowaday"), so a
 * cue's word matches as written or folded the same way.
 */
static size_t	understand_cue_rest(const struct kb_query *, size_t,
		    const char *);

static inline size_t
understand_cue_at(const struct kb_query *q, size_t k, const char *cue)
{
	/* most words: cheap, and inline in every loop over a list */
	if (k >= q->n || q->raw[k][0] != cue[0])
		return 0;
	return understand_cue_rest(q, k, cue);
}

/* understand_cue_at() once word k begins as cue does. */
static size_t
understand_cue_rest(const struct kb_query *q, size_t k, const char *cue)
{
	char folded[TEXT_TOKEN_MAX];
	size_t n = 0, len, i;

	while (*cue != '\0') {
		len = text_word_len(cue);
		if (k + n >= q->n)
			return 0;
		/* the word is cue's len bytes, and no more */
		for (i = 0; i < len && q->raw[k + n][i] == cue[i]; i++)
			;
		if (i < len || q->raw[k + n][len] != '\0') {
			/* light_stem_n() folds only a word of more than 3
			 * bytes ending in "s", and only its last 3 bytes: a
			 * word differing before them differs folded too */
			if (len <= 3 || cue[len - 1] != 's' || i + 3 < len ||
			    len >= sizeof(folded))
				return 0;
			memcpy(folded, cue, len);
			folded[len] = '\0';
			text_light_stem(folded);
			if (strcmp(q->raw[k + n], folded) != 0)
				return 0;
		}
		n++;
		cue += len;
		cue += *cue == ' ';
	}
	return n;
}

/* Blank words [from, to) of q: no phrase matches them any more. */
static void
understand_blank(struct kb_query *q, size_t from, size_t to)
{
	size_t i;

	for (i = from; i < to && i < q->n; i++) {
		q->raw[i][0] = '\0';
		q->term[i] = NULL;
		q->negation[i] = 0;
		q->subject[i] = -1;
	}
}

/*
 * Is one of the reach words of q from k on an addition ("actually we
 * also build the APIs": phrases.reading.additions), not a correction?
 * After a change cue the reach is 3; a clause's opening
 * (understand_adds_at_open()) is its first two words.
 */
static int
understand_adds(const struct kb *kb, const struct kb_query *q, size_t k,
    size_t reach)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t i;

	for (i = k; i < k + reach && i < q->n; i++)
		if (match_in_list(q->raw[i], strlen(q->raw[i]), ph->additions,
		    ph->nadditions))
			return 1;
	return 0;
}

/*
 * Does the present word at word k of q ("now", one of phrases.reading.
 * present_words read as a change cue) say when the work after it is
 * done rather than that it replaces the work before it?  It does when
 * the clause it stands in opens with a join ("..., and we're now
 * writing our own proxy") or when the words after it in its sentence
 * hold an addition ("also", "too") or a layer link (phrases.reading.
 * layer_links: "beneath them", "on top of it"): two kinds of work said
 * side by side, both kept.  A change of mind says so ("actually",
 * "instead", "no longer"); a past clause before "now" is still read as
 * a change by understand_tense_turn().  Bounded by q's words times the
 * links, and only read at a cue.
 */
static int
understand_side_by_side(const struct kb *kb, const struct kb_query *q,
    size_t k)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t j, l;

	if (!match_in_list(q->raw[k], strlen(q->raw[k]), ph->present_words,
	    ph->npresent_words))
		return 0;
	for (j = k; j > 0 && !q->brk[j]; j--)
		;
	if (j < k && match_in_list(q->raw[j], strlen(q->raw[j]), ph->joins,
	    ph->njoins))
		return 1;
	for (j = k + 1; j < q->n && !(q->brk[j] & TEXT_BRK_SENTENCE); j++) {
		if (q->raw[j][0] == '\0')
			continue;
		if (match_in_list(q->raw[j], strlen(q->raw[j]), ph->additions,
		    ph->nadditions))
			return 1;
		for (l = 0; l < ph->nlayer_links; l++)
			if (understand_cue_at(q, j, ph->layer_links[l]) > 0)
				return 1;
	}
	return 0;
}

/*
 * A correction inside one message ("I was going to say embedded, but
 * actually it's APIs"; "we build APIs, wait no, scratch that, kernel
 * drivers"): when the words after a change cue (phrases.reading.
 * change_starts, not at the start) answer a question that the words
 * before it answer with another choice, the words before it from where
 * that choice is said are blanked for the dialogue's reading, so the
 * later answer stands alone instead of both being read ("both layers"),
 * and the facts said before it stay ("mostly juniors, a cli, my bad, a
 * driver").  The cue is read on the words as typed too (sq): a typo fix
 * does not hide it.  The last such cue counts; words
 * before a cue that change nothing ("we actually build a proxy") stay,
 * and so do all when an addition follows the cue (understand_adds).
 * understand_correction() returns the question corrected on, or -1.
 */
static size_t
understand_typed_cue_at(const char *const *word, const size_t *wlen,
    size_t n, size_t k, const char *cue)
{
	size_t m = 0, len;

	if (k >= n || word[k][0] != cue[0])
		return 0;
	while (*cue != '\0') {
		len = text_word_len(cue);
		if (k + m >= n || wlen[k + m] != len ||
		    strncmp(word[k + m], cue, len) != 0)
			return 0;
		m++;
		cue += len;
		cue += *cue == ' ';
	}
	return m;
}

/*
 * After a change cue, the later words of q (after: the words before the
 * cue blanked) read choice ca of question qi, a choice that combines
 * others, one of them cb, the choice the earlier words said ("we build
 * web APIs. actually that was last year, I own the load balancer all the
 * API teams sit behind"): the old choice said again after the cue is
 * what the new one serves, not a second answer.  Its words after the cue
 * are blanked in q when the rest still reads another choice than cb and
 * ca; an addition after the cue ("actually we also build the APIs")
 * never gets here (understand_adds).
 */
static void
understand_restated(const struct dlg *d, size_t qi, int cb, int ca,
    const struct kb_query *after, struct kb_query *q)
{
	const struct kb_question *qu = &DL(d)->questions[qi];
	const struct kb_choice *ch = &qu->choices[ca];
	unsigned char covered[TEXT_MAX_TOKENS];
	struct kb_query rest;
	size_t g, i;
	int in = 0, sc, tie, c;

	for (g = 0; g < ch->ncombines; g++)
		if (ch->combines[g] & (1u << cb))
			in = 1;
	if (!in)
		return;
	memset(covered, 0, sizeof(covered));
	match_cover(&d->kb->phrases, qu, cb, after, covered);
	rest = *after;
	for (i = 0; i < rest.n; i++)
		if (covered[i])
			understand_blank(&rest, i, i + 1);
	c = match_choice(&d->kb->phrases, qu, &rest, &sc, &tie, NULL, NULL);
	if (c < 0 || c == cb || c == ca || tie)
		return;
	for (i = 0; i < q->n; i++)
		if (covered[i])
			understand_blank(q, i, i + 1);
}

/*
 * The length in words of q of the change cue that begins at word k of q
 * (as read, or as typed: the nw words word, wlen, where q's word i
 * starts at typed word at[i], a synonym of two words read as one, "moved
 * to", counting two), or 0: a change of mind (phrases.reading.
 * change_starts) or the turn of a story from what was planned or done
 * before to what is done now (phrases.reading.story_turns: "ended up",
 * "got moved to", "for the last five years").
 */
static size_t
understand_change_cue(const struct kb *kb, const struct kb_query *q,
    const char *const *word, const size_t *wlen, size_t nw,
    const size_t *at, size_t k)
{
	const struct kb_phrases *ph = &kb->phrases;
	const char *const *lists[2] = { ph->change_starts, ph->story_turns };
	const struct kb_phrase_chain *by_word[2] = {
		&kb->change_starts_by_word, &kb->story_turns_by_word
	};
	size_t counts[2] = { ph->nchange_starts, ph->nstory_turns };
	size_t l, c, len, m, e, j;
	int32_t walk[2];
	long nc;

	/* only the cues that begin with word k, as read or as typed */
	for (l = 0; l < 2; l++)
		for (walk[0] = -2; (nc = understand_cue_next(by_word[l],
		    counts[l], q->raw[k], nw > 0 && at[k] < nw ? word[at[k]] :
		    NULL, nw > 0 && at[k] < nw ? wlen[at[k]] : 0, walk)) >= 0; ) {
			c = (size_t)nc;
			if ((len = understand_cue_at(q, k, lists[l][c])) > 0)
				return len;
			if (nw == 0 || (m = understand_typed_cue_at(word,
			    wlen, nw, at[k], lists[l][c])) == 0)
				continue;
			for (e = k; e < q->n && at[e] < at[k] + m; e++)
				;
			if (at[e] == at[k] + m)
				return e - k;
		}
	/* "moved from C++ proxies to web APIs": a word that ends what was
	 * left (phrases.reading.story_move_ends, "to") after the opening
	 * of a move (story_moves, "moved from") in its clause */
	if (ph->nstory_move_ends == 0 || !match_in_list(q->raw[k],
	    strlen(q->raw[k]), ph->story_move_ends, ph->nstory_move_ends))
		return 0;
	for (j = k; j-- > 0; ) {
		for (c = 0; c < ph->nstory_moves; c++)
			if (understand_cue_at(q, j, ph->story_moves[c]) > 0 ||
			    (nw > 0 && understand_typed_cue_at(word, wlen, nw,
			    at[j], ph->story_moves[c]) > 0))
				return 1;
		if (q->brk[j])
			break;
	}
	return 0;
}

/*
 * Where the clause that word k of q ends starts: after the last clause
 * mark before k, or at a joining word or a clause break before it
 * (phrases.reading.joins, clause_breaks: "we dropped the driver and
 * write APIs instead"), *len then 1 for that word, else 0.  Returns 0
 * when the clause is the message's first.
 */
static size_t
understand_clause_start(const struct kb_phrases *ph, const struct kb_query *q,
    size_t k, size_t *len)
{
	size_t i;
	const char *w;

	*len = 0;
	for (i = k; i > 0; i--) {
		if (q->brk[i])
			return i;
		w = q->raw[i - 1];
		if (i - 1 > 0 && (understand_listed_raw(ph, w) &
		    (KB_LISTED_JOIN | KB_LISTED_BREAK))) {
			*len = 1;
			return i - 1;
		}
	}
	return 0;
}

/*
 * After the old answer's words [j, k) of q were blanked for question qi
 * (choice cb, said before the cue at word k; keep: q before that): when
 * a word among them names both cb and the answer of another question,
 * which the words before the cue answered and q no longer does, that
 * answer is recorded in kept[] (NULL: not recorded).  "I run a couple of
 * Go services but I'm moving to the storage team" drops the services,
 * not the Go they were written in ("go services" names both; the words
 * cannot stay for one).  An answer whose words name only the old work
 * goes with it ("years of embedded C behind me; nowadays ...").
 */
static void
understand_keep_others(const struct dlg *d, size_t qi, int cb,
    const struct kb_query *keep, size_t j, size_t k,
    const struct kb_query *q, signed char *kept)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	unsigned char old[TEXT_MAX_TOKENS], other[TEXT_MAX_TOKENS];
	struct kb_query before;
	size_t i, w;
	int c, sc, tie;

	if (kept == NULL)
		return;
	before = *keep;
	understand_blank(&before, k, keep->n);
	memset(old, 0, sizeof(old));
	match_cover(ph, &DL(d)->questions[qi], cb, &before, old);
	for (i = 0; i < DL(d)->nquestions; i++) {
		if (i == qi || (c = match_choice(ph, &DL(d)->questions[i],
		    &before, &sc, &tie, NULL, NULL)) < 0 || tie ||
		    match_choice(ph, &DL(d)->questions[i], q, &sc, &tie,
		    NULL, NULL) >= 0)
			continue;
		memset(other, 0, sizeof(other));
		match_cover(ph, &DL(d)->questions[i], c, &before, other);
		for (w = j; w < k && w < q->n && !(other[w] && old[w]); w++)
			;
		if (w < k && w < q->n)
			kept[i] = (signed char)c;
	}
}

/*
 * The correction step of understand_correction() at a cue of len words
 * at word k of q (len 0: the cue is where a clause starts): when the
 * words after it answer a question that the words before it answer with
 * another choice, the old answer's words up to the cue are blanked in q
 * and the question is returned; otherwise -1 and q is as it was.
 */
static int
understand_correct_at(const struct dlg *d, struct kb_query *q, size_t k,
    size_t len, signed char *kept)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	struct kb_query before, after;
	size_t i, j;
	int sc, tie, cb, ca;

	before = *q;
	understand_blank(&before, k, q->n);
	after = *q;
	understand_blank(&after, 0, k + len);
	for (i = 0; i < DL(d)->nquestions; i++) {
		if ((ca = match_choice(ph, &DL(d)->questions[i], &after, &sc,
		    &tie, NULL, NULL)) < 0)
			continue;
		cb = match_choice(ph, &DL(d)->questions[i], &before, &sc, &tie,
		    NULL, NULL);
		if (cb >= 0 && cb != ca) {
			understand_restated(d, i, cb, ca, &after, q);
			/* only the words from where the question is first
			 * answered up to the cue go: the longest start that
			 * answers it with nothing stays ("junior devs, a cli
			 * app, my bad, a driver" keeps the team; "weighing
			 * APIs vs embedded, decided: embedded" drops both
			 * parts of the old answer, not just the last) */
			for (j = k; j > 0; j--) {
				before = *q;
				understand_blank(&before, j, q->n);
				if (match_choice(ph, &DL(d)->questions[i],
				    &before, &sc, &tie, NULL, NULL) < 0)
					break;
			}
			after = *q;	/* q before the old answer goes */
			understand_blank(q, j, k + len);
			understand_keep_others(d, i, cb, &after, j, k, q,
			    kept);
			return (int)i;
		}
	}
	return -1;
}

/*
 * Does word k of q end its clause for what is said: no word after it up
 * to the next clause mark answers one of the walk's questions ("doing
 * microservices instead now")?
 */
static int
understand_ends_clause(const struct dlg *d, const struct kb_query *q,
    size_t k)
{
	struct kb_query rest;
	size_t e, i;
	int sc, tie;

	for (e = k + 1; e < q->n && !q->brk[e]; e++)
		;
	if (e == k + 1)
		return 1;
	rest = *q;
	understand_blank(&rest, 0, k + 1);
	understand_blank(&rest, e, q->n);
	for (i = 0; i < DL(d)->nquestions; i++)
		if (match_choice(&d->kb->phrases, &DL(d)->questions[i], &rest,
		    &sc, &tie, NULL, NULL) >= 0)
			return 0;
	return 1;
}

/*
 * The length in words of the cue of list (n entries, indexed by first
 * word in ch) that begins at word k of q, as read or as typed (the nw
 * words word, wlen; q's word i starts at typed word at[i]), or 0.
 */
static size_t
understand_listed_cue(const struct kb_phrase_chain *ch,
    const char *const *list, size_t n, const struct kb_query *q,
    const char *const *word, const size_t *wlen, size_t nw,
    const size_t *at, size_t k)
{
	size_t c, len, m, e;
	int32_t walk[2];
	long nc;

	for (walk[0] = -2; n > 0 && (nc = understand_cue_next(ch, n,
	    q->raw[k], nw > 0 && at[k] < nw ? word[at[k]] : NULL,
	    nw > 0 && at[k] < nw ? wlen[at[k]] : 0, walk)) >= 0; ) {
		c = (size_t)nc;
		if ((len = understand_cue_at(q, k, list[c])) > 0)
			return len;
		if (nw == 0 || (m = understand_typed_cue_at(word, wlen, nw,
		    at[k], list[c])) == 0)
			continue;
		for (e = k; e < q->n && at[e] < at[k] + m; e++)
			;
		if (at[e] == at[k] + m)
			return e - k;
	}
	return 0;
}

/*
 * Past work and present work told in one message, in clauses marked as
 * such (phrases.reading.past_marks: "used to", "last year", "background
 * is", "ex"; present_marks: "now", "the new job", "currently", "since"):
 * when a past clause and a present clause answer the same question with
 * different choices, the present one answers and the past one is
 * history.  A past clause first: understand_correct_at() at the start
 * of the present clause after it ("last year I was writing operators,
 * but the new job is all drivers"); a present clause first: the past
 * clause after it, up to the next present clause, is blanked ("these
 * days firmware, before that web backends").  Each clause is marked
 * once, by the cues that begin at its words (looked up by first word).
 * Returns the question corrected on, or -1 and q is as it was.
 */
#define UNDERSTAND_TENSE_CLAUSES	16
static int understand_is_pronoun(unsigned);
static unsigned understand_cw_bits(const struct kb *, const char *);
enum { UNDERSTAND_PAST = 1, UNDERSTAND_PRESENT = 2 };

/*
 * Split q into clauses (a clause mark, a joining word or a clause break
 * starts one: start[], slen[] 1 for such a word) and mark each with
 * UNDERSTAND_PAST and UNDERSTAND_PRESENT for the past_marks and
 * present_marks cues that begin at its words (typed words as in
 * understand_listed_cue(), nw 0: as read only); a clause holding a
 * phrases.reading.story_turns cue is the present alone.  Returns the number of
 * clauses, at most UNDERSTAND_TENSE_CLAUSES (the rest is not marked); 0
 * when the lists are empty.
 */
static size_t
understand_tense_clauses(const struct kb *kb, const struct kb_query *q,
    const char *const *word, const size_t *wlen, size_t nw,
    const size_t *at, size_t *start, size_t *slen, unsigned *tense)
{
	const struct kb_phrases *ph = &kb->phrases;
	unsigned char turned[UNDERSTAND_TENSE_CLAUSES] = { 0 };
	size_t nc, k;
	const char *w;

	if (ph->npast_marks == 0 || ph->npresent_marks == 0 || q->n == 0)
		return 0;
	start[0] = slen[0] = 0;
	tense[0] = 0;
	nc = 1;
	for (k = 0; k < q->n; k++) {
		w = q->raw[k];
		if (k > 0 && (q->brk[k] || (understand_listed_raw(ph, w) &
		    (KB_LISTED_JOIN | KB_LISTED_BREAK)))) {
			if (nc == UNDERSTAND_TENSE_CLAUSES)
				break;
			start[nc] = k;
			slen[nc] = q->brk[k] ? 0 : 1;
			tense[nc++] = 0;
		}
		if (understand_listed_cue(&kb->past_marks_by_word,
		    ph->past_marks, ph->npast_marks, q, word, wlen, nw, at,
		    k) > 0)
			tense[nc - 1] |= UNDERSTAND_PAST;
		/* "was a rails dev until ...": a past word of the lexicon's
		 * clause_words opening the message, its "I" left out */
		else if (k == 0 && (understand_cw_bits(kb, w) & KB_CW_PAST))
			tense[nc - 1] |= UNDERSTAND_PAST;
		/* "back in uni I hacked on ...": a verb's past form right
		 * after a subject pronoun */
		else if (k > 0 && !q->brk[k] && understand_is_pronoun(
		    understand_cw_bits(kb, q->raw[k - 1])) &&
		    understand_past_form(kb, w, strlen(w),
		    understand_cw_bits(kb, w)))
			tense[nc - 1] |= UNDERSTAND_PAST;
		if (understand_listed_cue(&kb->present_marks_by_word,
		    ph->present_marks, ph->npresent_marks, q, word, wlen, nw,
		    at, k) > 0)
			tense[nc - 1] |= UNDERSTAND_PRESENT;
		/* "I switched to typescript 3 years ago": a turn of the
		 * user's story (phrases.reading.story_turns) told with when
		 * it came is where the user has been since: the present */
		if (understand_listed_cue(&kb->story_turns_by_word,
		    ph->story_turns, ph->nstory_turns, q, word, wlen, nw,
		    at, k) > 0)
			turned[nc - 1] = 1;
	}
	for (k = 0; k < nc; k++)
		if (turned[k])
			tense[k] = UNDERSTAND_PRESENT;
	return nc;
}

/*
 * Does the clause at words [k, e) of q (slen 1: its first word a
 * joining word; one more word of phrases.reading.joins skipped) open
 * with a word of phrases.reading.back_refs ("that", "this"; a clitic
 * "s" after it allowed) and answer none of the walk's
 * questions that the clause before it, words [p, k), answers: a clause
 * about the clause before it ("..., and that's my job going forward")?
 */
static int
understand_back_ref_clause(const struct dlg *d, const struct kb_query *q,
    size_t p, size_t k, size_t slen, size_t e)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	struct kb_query rest, prev;
	const char *w;
	size_t i, n, f = k + slen;
	int sc, tie;

	if (f < e && (understand_listed_raw(ph, q->raw[f]) & KB_LISTED_JOIN))
		f++;	/* ", and that's ...": the clause mark, then "and" */
	if (f >= e || ph->nback_refs == 0)
		return 0;
	w = q->raw[f];
	n = strlen(w);
	if (!match_in_list(w, n, ph->back_refs, ph->nback_refs) &&
	    !(n > 1 && w[n - 1] == 's' && match_in_list(w, n - 1,
	    ph->back_refs, ph->nback_refs)))
		return 0;
	rest = prev = *q;
	understand_blank(&rest, 0, f);
	understand_blank(&rest, e, q->n);
	understand_blank(&prev, 0, p);
	understand_blank(&prev, k, q->n);
	for (i = 0; i < DL(d)->nquestions; i++)
		if (match_choice(ph, &DL(d)->questions[i], &prev, &sc, &tie,
		    NULL, NULL) >= 0 && match_choice(ph,
		    &DL(d)->questions[i], &rest, &sc, &tie, NULL, NULL) >= 0)
			return 0;
	return 1;
}

/*
 * Does the clause at word k of q open with an addition: a word of
 * phrases.reading.additions as its first or second word ("plus we
 * wrote", "we also built")?  Later in the clause ("though I also did
 * drivers years ago") it is not read as one: that is still history.
 */
static int
understand_adds_at_open(const struct kb *kb, const struct kb_query *q,
    size_t k)
{
	return understand_adds(kb, q, k, 2);
}

static int
understand_tense_turn(const struct dlg *d, struct kb_query *q,
    const char *const *word, const size_t *wlen, size_t nw,
    const size_t *at, signed char *kept)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	size_t start[UNDERSTAND_TENSE_CLAUSES], slen[UNDERSTAND_TENSE_CLAUSES];
	unsigned tense[UNDERSTAND_TENSE_CLAUSES];
	size_t nc, a, b, e, i;
	struct kb_query before, after;
	int sc, tie, ca, cb, r;
	enum { PAST = UNDERSTAND_PAST, PRESENT = UNDERSTAND_PRESENT };

	nc = understand_tense_clauses(d->kb, q, word, wlen, nw, at, start,
	    slen, tense);
	/* beside a past clause, a clause with no mark of either tells the
	 * present ("I used to maintain an operator; I write firmware"),
	 * unless a joining word opens it: "and k8s controllers" goes on
	 * with the clause before it */
	for (a = 0; a < nc && tense[a] != PAST; a++)
		;
	for (b = 0; a < nc && b < nc; b++)
		if (tense[b] == 0)
			tense[b] = b > 0 && slen[b] == 1 &&
			    (understand_listed_raw(ph, q->raw[start[b]]) &
			    KB_LISTED_JOIN) ?
			    tense[b - 1] : PRESENT;
	/* "last month I moved to the storage team, and that's what I'll
	 * be doing from now on": a present clause that opens with a word
	 * of back_refs and answers nothing itself says the clause before
	 * it is the present */
	for (b = 1; b < nc; b++)
		if (tense[b] == PRESENT && (tense[b - 1] & PAST) &&
		    understand_back_ref_clause(d, q, start[b - 1], start[b],
		    slen[b],
		    b + 1 < nc ? start[b + 1] : q->n))
			tense[b - 1] = PRESENT;
	for (a = 0; a < nc; a++) {
		if (tense[a] != PAST && tense[a] != PRESENT)
			continue;
		for (b = a + 1; b < nc && tense[b] != (tense[a] ^ 3); b++)
			;
		if (b == nc)
			continue;
		if (tense[a] == PAST) {
			if ((r = understand_correct_at(d, q, start[b],
			    slen[b], kept)) >= 0)
				return r;
			continue;
		}
		/* the past clause b after the present a, up to the next
		 * present clause; one that opens with an addition
		 * (phrases.reading.additions in its first two words: "plus
		 * we wrote our own proxy", "we also built ...") adds work
		 * the user still has beside the present one, not history */
		if (understand_adds_at_open(d->kb, q, start[b]))
			continue;
		for (e = b + 1; e < nc && tense[e] != PRESENT; e++)
			;
		e = e < nc ? start[e] : q->n;
		before = *q;
		understand_blank(&before, start[b], q->n);
		after = *q;
		understand_blank(&after, 0, start[b]);
		understand_blank(&after, e, q->n);
		for (i = 0; i < DL(d)->nquestions; i++) {
			if ((ca = match_choice(ph, &DL(d)->questions[i],
			    &before, &sc, &tie, NULL, NULL)) < 0)
				continue;
			cb = match_choice(ph, &DL(d)->questions[i], &after,
			    &sc, &tie, NULL, NULL);
			if (cb >= 0 && cb != ca) {
				understand_blank(q, start[b], e);
				return (int)i;
			}
		}
	}
	return -1;
}

static int
understand_correction(const struct dlg *d, const char *sq,
    struct kb_query *q, signed char *kept)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	const char *word[TEXT_MAX_TOKENS], *w;
	size_t wlen[TEXT_MAX_TOKENS], at[TEXT_MAX_TOKENS + 1];
	size_t nw, k, i, len, c;
	int r;

	/* the words as typed, when they line up with the query's (a
	 * synonym read as one word stands for its span of them): a typo
	 * fix or a synonym does not hide the marker ("correction" is no
	 * "collection"; "got moved to" is not "got rewrite") */
	for (w = sq, nw = 0; *w != '\0' && nw < TEXT_MAX_TOKENS; nw++) {
		word[nw] = w;
		wlen[nw] = text_word_len(w);
		w += wlen[nw];
		w += text_space_len(w);
	}
	for (i = 0, at[0] = 0; i < q->n; i++)
		at[i + 1] = at[i] + (q->span[i] > 1 ? q->span[i] : 1);
	if (*w != '\0' || at[q->n] != nw)
		nw = 0;
	for (k = q->n; k-- > 1; ) {
		/* "we dropped the driver and write APIs instead": a word of
		 * phrases.reading.trailing_turns that ends a clause (what
		 * follows it there answers nothing: "instead now") makes
		 * that clause what is done now, the clauses before it what
		 * was left */
		if (ph->ntrailing_turns > 0 && match_in_list(q->raw[k],
		    strlen(q->raw[k]), ph->trailing_turns,
		    ph->ntrailing_turns) && understand_ends_clause(d, q, k) &&
		    (c = understand_clause_start(ph,
		    q, k, &len)) > 0 && (r = understand_correct_at(d, q, c,
		    len, kept)) >= 0)
			return r;
		len = understand_change_cue(d->kb, q, word, wlen, nw, at, k);
		/* "all C right now. which lang?": a present word
		 * (phrases.reading.present_words) inside its clause that
		 * ends it says when, and turns nothing */
		if (len == 1 && !q->brk[k] && k + 1 < q->n && q->brk[k + 1] &&
		    match_in_list(q->raw[k], strlen(q->raw[k]),
		    ph->present_words, ph->npresent_words))
			continue;
		/* a lone negation ("no", "nah") opens a correction at the
		 * start, or inside as an interjection, a clause mark after
		 * it ("a proxy... well no, mostly the grpc services");
		 * otherwise it negates ("8 months, no deadlines") */
		if (len == 0 || (len == 1 && q->negation[k] &&
		    !(k + 1 < q->n && q->brk[k + 1])) ||
		    understand_adds(d->kb, q, k + len, 3) ||
		    (len == 1 && understand_side_by_side(d->kb, q, k)))
			continue;
		if ((r = understand_correct_at(d, q, k, len, kept)) >= 0)
			return r;
	}
	return understand_tense_turn(d, q, word, wlen, nw, at, kept);
}

/*
 * Does q tell past work in its first clause and present work in a later
 * one (understand_tense_clauses(): "last year operators, now drivers")?
 */
static int
understand_story_of_now(const struct kb *kb, const struct kb_query *q)
{
	size_t start[UNDERSTAND_TENSE_CLAUSES], slen[UNDERSTAND_TENSE_CLAUSES];
	unsigned tense[UNDERSTAND_TENSE_CLAUSES];
	size_t nc, b;

	nc = understand_tense_clauses(kb, q, NULL, NULL, 0, NULL, start, slen,
	    tense);
	if (nc == 0 || !(tense[0] & UNDERSTAND_PAST))
		return 0;
	for (b = 1; b < nc; b++)
		if (tense[b] == UNDERSTAND_PRESENT)
			return 1;
	return 0;
}

/*
 * A lead-in before a question, which says that a question comes and
 * nothing of the user: a clause before the first colon or dash (": ",
 * " - ", " -- ", an en or em dash: "quick q before i answer anything
 * else: how much RAM ...?") of at most UNDERSTAND_LEAD_IN_MAX words that
 * answers none of the walk's questions, names no subject and is not
 * what an "it" after it refers to ("cargo - is it well liked?"), or one of
 * phrases.reading.question_leads at the start, fillers before it ("i was
 * wondering how much RAM a go service uses"; "btw").  When what follows
 * reads as a question, it alone is what was said: the lead-in's "i" does
 * not make it a description, nor an answer to the question pending.
 * Returns where the question starts in text, or 0.
 */
#define UNDERSTAND_LEAD_IN_MAX	10	/* words */

/*
 * Does text (len bytes) hold a word that names a topic: a word no stopword and no
 * subject's name that at most UNDERSTAND_TOPIC_DF claims use in their
 * own words ("android 16 - any rust in there?", "juniors: how long ...",
 * "pingora - rust or go?"), or whose head, its last word that is no
 * number, is one at most UNDERSTAND_HEAD_DF claims use ("cloudflare: what
 * ..., and where ...?", "techempower round 23: ...")?  Such a clause
 * before a mark is what the question is about, not a lead-in.
 */
#define UNDERSTAND_TOPIC_DF	3	/* claims; as ASK_NAME_DF */
#define UNDERSTAND_HEAD_DF	20	/* claims; as ASK_FOCUS_DF */

static int
understand_rare_topic(const struct kb *kb, const char *text, size_t len)
{
	static struct kb_query q;	/* large; one thread */
	size_t i;
	int32_t t;

	kb_normalize(kb, text, len, 0, &q);
	for (i = 0; i < q.n; i++)
		if (!q.stop[i] && q.subject[i] < 0 && q.term[i] != NULL &&
		    (t = strmap_get(&kb->vocab, q.term[i])) >= 0 &&
		    kb->terms[t].npost > 0 &&
		    kb->terms[t].npost <= UNDERSTAND_TOPIC_DF)
			return 1;
	return ask_topic_head(kb, text, len, UNDERSTAND_HEAD_DF);
}

/*
 * Does lq, a lead said before a mark ("learning curve - rust or go?",
 * "learning curve wise: go or rust?"), name a dimension of the
 * comparison table: is every content word of it (no stopword, no
 * subject's name, one the vocabulary knows; at least one) a word of one
 * row's dimension as read?  Such a lead is what the question is about,
 * not a lead-in (round 46).  Bounded by the rows (at most a table's)
 * and the words of lq and of a dimension (TEXT_MAX_TOKENS).
 */
static int
understand_names_row(const struct kb *kb, const struct kb_query *lq)
{
	static struct kb_query dq;	/* large; one thread */
	size_t r, i, j, content, held;

	for (r = 0; r < kb->nrows; r++) {
		if (kb->rows[r].dimension == NULL)
			continue;
		kb_normalize(kb, kb->rows[r].dimension,
		    strlen(kb->rows[r].dimension), KB_NORM_MATCH, &dq);
		for (i = content = held = 0; i < lq->n; i++) {
			if (lq->stop[i] || lq->subject[i] >= 0 ||
			    lq->term[i] == NULL)
				continue;
			content++;
			for (j = 0; j < dq.n; j++)
				if (dq.term[j] != NULL &&
				    strcmp(dq.term[j], lq->term[i]) == 0)
					break;
			held += j < dq.n;
		}
		if (content > 0 && held == content)
			return 1;
	}
	return 0;
}

/* Where the question after a separator of text starts, or 0. */
static size_t
understand_lead_in_mark(const char *text, size_t len, size_t *before)
{
	static const char *const marks[] = {
		": ", " - ", " -- ", " \xe2\x80\x93 ", " \xe2\x80\x94 ",
		"\xe2\x80\x94"
	};
	size_t i, k, m;

	/* every mark holds ':', '-' or a dash's first byte, none of them
	 * before text[1]: most messages have none, found by three memchr()
	 * (a word at a time) rather than three compares a byte */
	if (len < 2 || (memchr(text + 1, ':', len - 1) == NULL &&
	    memchr(text + 1, '-', len - 1) == NULL &&
	    memchr(text + 1, '\xe2', len - 1) == NULL)) {
		*before = 0;
		return 0;
	}
	/* the first place a mark starts (the first mark listed, of those
	 * there); only ':', ' ' and a dash's first byte start one */
	for (i = 1; i < len; i++) {
		if (text[i] != ':' && text[i] != ' ' && text[i] != '\xe2')
			continue;
		/* a space starts a mark only before a dash */
		if (text[i] == ' ' && (i + 1 >= len || (text[i + 1] != '-' &&
		    text[i + 1] != '\xe2')))
			continue;
		for (k = 0; k < sizeof(marks) / sizeof(marks[0]); k++) {
			/* every mark is two bytes or more: those first */
			if (i + 1 >= len || text[i] != marks[k][0] ||
			    text[i + 1] != marks[k][1])
				continue;
			m = strlen(marks[k]);
			if (i + m <= len && memcmp(text + i, marks[k], m) == 0) {
				*before = i;
				return i + m;
			}
		}
	}
	*before = 0;
	return 0;
}

/*
 * Is text (len bytes) the subjects weighed and nothing else: two of the
 * article's subjects or more named, every other word a stopword or a
 * filler ("rust or go?", "go vs rust", "golang or rust??")?  What follows
 * a mark after a topic in "wasm: rust or go?", "learning curve - go or
 * rust?": the topic is what is asked, no lead-in.  Cost: one
 * kb_normalize() of text.
 */
static int
understand_only_subjects(const struct kb *kb, const char *text, size_t len)
{
	static struct kb_query q;	/* large; one thread */
	unsigned named = 0, bit;
	size_t i;
	int k = 0;

	kb_normalize(kb, text, len, 0, &q);
	for (i = 0; i < q.n; i++) {
		if (q.subject[i] >= 0) {
			bit = 1u << (q.subject[i] & 31);
			k += !(named & bit);
			named |= bit;
		} else if (q.raw[i][0] != '\0' && !q.stop[i] &&
		    !understand_glue(kb, &q, i, GLUE_STOP | GLUE_FILLER))
			return 0;
	}
	return k >= 2;
}

/*
 * Does text (len bytes) name a topic, then a mark (understand_lead_in_
 * mark), then only the subjects weighed (understand_only_subjects):
 * "wasm: rust or go?", "cli tools - go or rust"?  Such a message asks
 * what the article says of that topic for each subject (said->weighs).
 * Cost: two kb_normalize() when a mark is there, none otherwise.
 */
static int
understand_weighs_after_mark(const struct kb *kb, const char *text,
    size_t len)
{
	static struct kb_query q;	/* large; one thread */
	size_t at, before, i;

	if ((at = understand_lead_in_mark(text, len, &before)) == 0 ||
	    !understand_only_subjects(kb, text + at, len - at))
		return 0;
	kb_normalize(kb, text, before, KB_NORM_MATCH, &q);
	for (i = 0; i < q.n; i++)
		if (q.term[i] != NULL && !q.stop[i] && q.subject[i] < 0)
			return 1;
	return 0;
}

/* Where the question after a question lead of text starts, or 0. */
static size_t
understand_lead_in_phrase(const struct kb *kb, const char *text, size_t len)
{
	const struct kb_phrases *ph = &kb->phrases;
	const struct kb_phrase_chain *leads = &kb->question_leads_by_word;
	char w[64], sq[512];
	size_t i = 0, n, k, nw = 0, start[64], at;
	const char *p;
	int fillers = 1;

	if (ph->nquestion_leads == 0)
		return 0;
	/* the typed words, squashed one by one, with where each starts */
	sq[0] = '\0';
	at = 0;
	while (i < len && nw < 64) {
		while (i < len && isspace((unsigned char)text[i]))
			i++;
		for (n = i; n < len && !isspace((unsigned char)text[n]); n++)
			;
		if (n > i && kb_squash(text + i, n - i, w, sizeof(w)) > 0 &&
		    strchr(w, ' ') == NULL && at + strlen(w) + 2 < sizeof(sq)) {
			start[nw++] = i;
			at = text_append_word(sq, sizeof(sq), at, w,
			    strlen(w));
			/* the first word after the fillers begins the lead,
			 * as a lead's first word: most messages stop here */
			if (fillers && !(kb_listed(ph, w, strlen(w)) &
			    KB_LISTED_FILLER)) {
				fillers = 0;
				if (leads->next != NULL &&
				    kb_phrase_chain_word(leads, w,
				    strlen(w)) < 0)
					return 0;
			}
		}
		i = n;
	}
	/* fillers before the lead */
	for (p = sq, k = 0; k < nw; k++) {
		n = text_word_len(p);
		if (!(kb_listed(ph, p, n) & KB_LISTED_FILLER))
			break;
		p += n + (p[n] == ' ');
	}
	if ((n = understand_starts(p, ph->question_leads,
	    ph->nquestion_leads)) == 0)
		return 0;
	for (i = 0; i < n; i++)
		k += p[i] == ' ';
	k++;
	return k < nw ? start[k] : 0;
}

/*
 * Where the last sentence of text's first before bytes starts: after its
 * last ". " or "! " (a "?" ends a question, which is no lead-in's), or 0.
 * A lead-in's length is that sentence's, so that a greeting or an aside
 * said in sentences of its own before "quick one:" does not make the
 * question after the mark part of a statement.
 */
static size_t
understand_lead_in_sentence(const char *text, size_t before)
{
	size_t i;

	for (i = before; i > 1; i--)
		if ((text[i - 2] == '.' || text[i - 2] == '!') &&
		    text[i - 1] == ' ')
			return i;
	return 0;
}

static size_t	understand_last_sentence(const struct kb *, const char *,
		    size_t);
static size_t	understand_change_cue(const struct kb *,
		    const struct kb_query *, const char *const *,
		    const size_t *, size_t, const size_t *, size_t);

/*
 * Is lq, a lead said before a mark, a correction's opening: does it end
 * with a change cue (phrases.reading.change_starts: "correction", "no
 * wait", "my mistake"), every word before it a stopword, a filler, a
 * negation or another cue ("ok, correction: they're seniors ...",
 * "actually no, correction - ...")?  What follows such a lead corrects
 * an answer; it is no question the lead announces, so the mark peels
 * nothing (issue 11 round 47c).  Bounded by the lead's words (at most
 * UNDERSTAND_LEAD_IN_MAX) and the cues that begin with each
 * (kb change_starts_by_word).
 */
static int
understand_lead_corrects(const struct kb *kb, const struct kb_query *lq,
    const char *sq)
{
	const char *word[UNDERSTAND_LEAD_IN_MAX + 1], *w;
	size_t wlen[UNDERSTAND_LEAD_IN_MAX + 1], at[UNDERSTAND_LEAD_IN_MAX + 2];
	size_t nw, k, i, len;

	if (lq->n == 0 || lq->n > UNDERSTAND_LEAD_IN_MAX)
		return 0;
	/* the words as typed, when they line up with the query's (as in
	 * understand_correction): a typo fix does not hide the cue
	 * ("correction" is no "collection") */
	for (w = sq, nw = 0; *w != '\0' && nw <= UNDERSTAND_LEAD_IN_MAX;
	    nw++) {
		word[nw] = w;
		wlen[nw] = text_word_len(w);
		w += wlen[nw];
		w += text_space_len(w);
	}
	for (i = 0, at[0] = 0; i < lq->n; i++)
		at[i + 1] = at[i] + (lq->span[i] > 1 ? lq->span[i] : 1);
	if (*w != '\0' || at[lq->n] != nw)
		nw = 0;
	for (k = 0; k < lq->n; k++) {
		/* a present word ("so now: ...") says when, and turns
		 * nothing (as in understand_correction) */
		if ((len = understand_change_cue(kb, lq, word, wlen, nw, at,
		    k)) > 0 && !(len == 1 && match_in_list(lq->raw[k],
		    strlen(lq->raw[k]), kb->phrases.present_words,
		    kb->phrases.npresent_words))) {
			if (k + len >= lq->n)
				return 1;
			k += len - 1;
			continue;
		}
		if (lq->raw[k][0] != '\0' && !lq->stop[k] &&
		    !lq->negation[k] && !understand_glue(kb, lq, k,
		    GLUE_STOP | GLUE_FILLER))
			return 0;
	}
	return 0;
}

/*
 * A correction's opening before a colon or a dash ("ok, correction:
 * they're seniors ...", "no wait - it's firmware", "sorry, my mistake:
 * ..."): the lead (the sentence before the first mark,
 * understand_lead_in_mark) is one understand_lead_corrects() takes.  The
 * mark then joins a correction to what it corrects, as a comma does, not
 * a lead-in to a question: text is written to out (outsz bytes) with the
 * mark as ", ", to be read anew, and the length of out is returned; 0
 * when there is no such lead or out is too small.  Cost: one
 * kb_normalize() of the lead when a mark is there, none otherwise.
 */
static size_t
understand_correction_mark(const struct kb *kb, const char *text, size_t len,
    char *out, size_t outsz)
{
	static struct kb_query lq;	/* large; one thread */
	char sq[512];
	size_t at, before, sent;

	if ((at = understand_lead_in_mark(text, len, &before)) == 0 ||
	    before + 2 + (len - at) + 1 > outsz)
		return 0;
	sent = understand_lead_in_sentence(text, before);
	kb_normalize(kb, text + sent, before - sent, KB_NORM_MATCH, &lq);
	kb_squash(text + sent, before - sent, sq, sizeof(sq));
	if (!understand_lead_corrects(kb, &lq, sq))
		return 0;
	memcpy(out, text, before);
	memcpy(out + before, ", ", 2);
	memcpy(out + before + 2, text + at, len - at);
	out[before + 2 + len - at] = '\0';
	return before + 2 + len - at;
}

/* The words of a squashed phrase: its spaces plus one. */
static size_t
understand_code_switch_words(const char *phrase)
{
	size_t n = 1;

	for (; *phrase != '\0'; phrase++)
		n += *phrase == ' ';
	return n;
}

/*
 * Whether a code-switch phrase of nwords words ending text[0..end) (after
 * trailing blanks) opens its own clause: what comes before its first word
 * is nothing, or a mark (',', '-', '.', ...) after blanks.  "docs are in
 * english: ..." is the user's statement, the words before "in english"
 * being theirs; "Treibern - sorry, English: ..." is a switch.  *start is
 * set to where the phrase's first word begins.  Reads text[0..end)
 * backwards once (bounded by end).
 */
static int
understand_code_switch_opens(const char *text, size_t end, size_t nwords,
    size_t *start)
{
	size_t i = end, w;

#define CS_WORD(c) (isalnum((unsigned char)(c)) || (unsigned char)(c) >= 0x80 \
	|| (c) == '\'')
	for (w = 0; w < nwords; w++) {
		while (i > 0 && !CS_WORD(text[i - 1]))
			i--;
		while (i > 0 && CS_WORD(text[i - 1]))
			i--;
	}
	*start = i;
	while (i > 0 && isspace((unsigned char)text[i - 1]))
		i--;
	return i == 0 || !CS_WORD(text[i - 1]);
#undef CS_WORD
}

/*
 * Whether text (len bytes, what came before a code-switch phrase) holds
 * a word the knowledge base knows as written: a vocabulary word, not a
 * stopword, not a typo's correction.  "we write cli tools, english please
 * - ..." is the user's English, to be kept; "Ich arbeite an Treibern -
 * sorry, English: ..." has none and is another language.  Cost: one
 * kb_normalize() of text.
 */
static int
understand_code_switch_known(const struct kb *kb, const char *text,
    size_t len)
{
	static struct kb_query q;	/* large; one thread */
	size_t i;

	kb_normalize(kb, text, len, 0, &q);
	for (i = 0; i < q.n; i++)
		if (q.term[i] != NULL && !q.stop[i] && !q.corrected[i])
			return 1;
	return 0;
}

/*
 * Where the message starts after a switch of language ("Ich arbeite an
 * Treibern - sorry, English: do the kernel people take Rust code?"): a
 * phrase of phrases.reading.code_switches ending the words right before
 * a lead-in mark (understand_lead_in_mark) says that what came before it
 * was written in another language, words the article cannot hold and no
 * topic of the question; the question is what follows that mark.  Each
 * mark is tried once, left to right (at most one pass over text), and
 * the first such mark wins; the phrase must open its clause
 * (understand_code_switch_opens), and what came before it hold no word
 * the knowledge base knows (understand_code_switch_known): else the
 * words were the user's English and nothing is dropped.  Returns 0 when
 * there is none.
 */
static size_t
understand_code_switch(const struct kb *kb, const char *text, size_t len)
{
	const struct kb_phrases *ph = &kb->phrases;
	char sq[512];
	size_t from = 0, at, before, n, r, pl, start;

	if (ph->ncode_switches == 0)
		return 0;
	while (from < len && (at = understand_lead_in_mark(text + from,
	    len - from, &before)) > 0) {
		n = kb_squash(text + from, before, sq, sizeof(sq));
		for (r = 0; r < ph->ncode_switches; r++) {
			pl = strlen(ph->code_switches[r]);
			if (pl <= n && strcmp(sq + n - pl,
			    ph->code_switches[r]) == 0 && (pl == n ||
			    sq[n - pl - 1] == ' ') &&
			    understand_code_switch_opens(text + from, before,
			    understand_code_switch_words(ph->code_switches[r]),
			    &start)) {
				/* the user's own English before it stays */
				if (understand_code_switch_known(kb, text,
				    from + start))
					return 0;
				return from + at < len ? from + at : 0;
			}
		}
		from += at;
	}
	return 0;
}

/*
 * Where the rest of text (len bytes) starts when its first sentence, up
 * to the first '?', is a small-talk question to the advisor and
 * nothing else (understand_small_talk(): "how was your weekend? we write
 * kernel drivers", "where do you live? ..."): that sentence asks nothing
 * the article holds, and read with the rest it was answered from the
 * article ("weekend" as the weeks of learning, "live" as real-time).  An
 * entry that closes ("thanks, bye"), is "addressed" ("are you sure? ...",
 * a challenge of the last answer) or a "remark" stays in the message.
 * 0 when there is no such sentence or nothing follows it.  Cost: one pass
 * up to the first mark and one understand_small_talk() of that sentence.
 */
static size_t
understand_talk_sentence(const struct kb *kb, const char *text, size_t len)
{
	const struct kb_phrases *ph = &kb->phrases;
	char sq[512];
	size_t i, at;
	int t;

	for (i = 0; i < len && text[i] != '?'; i++)
		;
	if (i == 0 || i >= len)
		return 0;
	for (at = i; at < len && (text[at] == '?' ||
	    isspace((unsigned char)text[at])); at++)
		;
	/* a '?' inside a word ("go?rust") ends no sentence; an
	 * acknowledgement ("ok. ...", "thanks! ...") is no question and is
	 * left to the leads that read it (understand_ack_lead) */
	if (at == len || at == i + 1)
		return 0;
	if (kb_squash(text, i, sq, sizeof(sq)) == 0 ||
	    (t = understand_small_talk(kb, sq)) < 0 ||
	    ph->small_talk[t].closes || ph->small_talk[t].addressed ||
	    ph->small_talk[t].remark)
		return 0;
	return at;
}

/*
 * Does the question lead of text (the question after it starting at
 * byte at) wonder about a condition that a clause of the user's work
 * then follows, with no question mark at the end ("i wonder if we need
 * a gc free runtime, we build proxies", "just wondering whether we
 * should care about gc, we build payment apis")?  The lead's last word
 * or the word after it is a phrases.reading.conditions word, and the
 * words after the next clause mark (", ", "; ", ". ") answer a question
 * of the walk.  Then the message is no question: the clause analysis
 * marks the wondered clause asked (understand_clause_supposed()) and
 * the rest tells the work.
 */
static int
understand_lead_wonders(const struct dlg *d, const char *text, size_t len,
    size_t at)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	static struct kb_query q;	/* large; one thread */
	int found[KB_MAX_QUESTIONS], ambiguous[KB_MAX_QUESTIONS];
	size_t i, w, b;

	if (ph->nconditions == 0 || understand_ends_question(text, len))
		return 0;
	/* the lead's last word, then the question's first */
	for (b = at; b > 0 && isspace((unsigned char)text[b - 1]); b--)
		;
	for (i = b; i > 0 && !isspace((unsigned char)text[i - 1]); i--)
		;
	for (w = at; w < len && !isspace((unsigned char)text[w]); w++)
		;
	if (!match_in_list(text + i, b - i, ph->conditions, ph->nconditions) &&
	    !match_in_list(text + at, w - at, ph->conditions,
	    ph->nconditions))
		return 0;
	for (i = at; i + 1 < len; i++)
		if ((text[i] == ',' || text[i] == ';' || text[i] == '.') &&
		    isspace((unsigned char)text[i + 1]))
			break;
	if (i + 1 >= len)
		return 0;
	kb_normalize(d->kb, text + i + 1, len - i - 1, KB_NORM_MATCH, &q);
	return understand_extract(d, &q, found, ambiguous, 1) > 0;
}

static size_t
understand_lead_in(const struct dlg *d, const char *text, size_t len)
{
	int found[KB_MAX_QUESTIONS], ambiguous[KB_MAX_QUESTIONS];
	struct kb_query q;
	char sq[512];
	size_t at, before, sent, nlead, told;

	if ((at = understand_lead_in_mark(text, len, &before)) > 0) {
		/* the word cap counts the sentence the mark ends ("hey, SRE
		 * here, kinda bored. quick one: ..."); the checks below read
		 * every sentence before it, but for a topic's lead ("cargo:
		 * ..."), which is that sentence only ("ops person here and the
		 * deploy is slow lol. quick q: ..." leads with no topic) */
		sent = understand_lead_in_sentence(text, before);
		kb_normalize(d->kb, text + sent, before - sent, KB_NORM_MATCH,
		    &q);
		nlead = q.n;
		kb_normalize(d->kb, text, before, KB_NORM_MATCH, &q);
		kb_squash(text + at, len - at, sq, sizeof(sq));
		/* "cargo - is it well liked?": the clause is the topic "it"
		 * (phrases.reading.anaphors) refers to */
		if (q.n == 0 || nlead == 0 || nlead > UNDERSTAND_LEAD_IN_MAX ||
		    text_has_word(sq, d->kb->phrases.anaphors,
		    d->kb->phrases.nanaphors) ||
		    understand_rare_topic(d->kb, text + sent, before - sent) ||
		    understand_only_subjects(d->kb, text + at, len - at) ||
		    understand_names_row(d->kb, &q) ||
		    understand_extract(d, &q, found, ambiguous, 1) > 0 ||
		    understand_names_subject(d->kb, &q, text, before, 1))
			at = 0;
		/* "beego or fiber - which go framework is faster?": a lead
		 * naming a rival the article never discusses (outside_rivals)
		 * is what the question compares, not a lead-in to drop */
		if (at > 0 && d->kb->phrases.noutside_rivals > 0) {
			char lsq[512];

			kb_squash(text + sent, before - sent, lsq, sizeof(lsq));
			if (ask_rival_outside(d->kb, lsq))
				at = 0;
		}
		/* "I keep our tooling alive - little CLIs that devs run.
		 * rust or go for these?": the mark is followed by sentences
		 * that tell the user's work before the question, so what
		 * came before it is the same telling, not a lead-in to a
		 * question (which follows a lead-in at once) */
		if (at > 0 && (told = understand_last_sentence(d->kb,
		    text + at, len - at)) > 0) {
			kb_normalize(d->kb, text + at, told, KB_NORM_MATCH, &q);
			if (understand_extract(d, &q, found, ambiguous, 1) > 0)
				at = 0;
		}
	}
	if (at == 0 && (at = understand_lead_in_phrase(d->kb, text,
	    len)) > 0 && understand_lead_wonders(d, text, len, at))
		return 0;
	if (at == 0)
		return 0;
	while (at < len && isspace((unsigned char)text[at]))
		at++;
	if (at >= len)
		return 0;
	kb_squash(text + at, len - at, sq, sizeof(sq));
	if (sq[0] == '\0' || !understand_is_question(d->kb, text + at,
	    len - at, sq))
		return 0;
	return at;
}

/*
 * A question whose last clause doubts the question itself ("is the go gc
 * a big deal for a normal web api or am I overthinking it"): a phrase of
 * phrases.reading.doubt_tails ("or am i") with at most
 * UNDERSTAND_DOUBT_MAX words after it ends the message, and the words
 * before it are a question.  That clause tells nothing of the user's
 * work, so the question before it is what was said ("am I" makes it no
 * description of a project).  Returns the question's length in text, or
 * 0.
 */
#define UNDERSTAND_DOUBT_MAX	5	/* words after the tail's opening */

static size_t	understand_doubt_tail_of(const struct dlg *, const char *,
		    size_t, const char *, const char **, size_t,
		    const unsigned char *, int);

static size_t
understand_doubt_tail(const struct dlg *d, const char *text, size_t len,
    const char *sq)
{
	const struct kb_phrases *ph = &d->kb->phrases;

	return understand_doubt_tail_of(d, text, len, sq, ph->doubt_tails,
	    ph->ndoubt_tails, ph->doubt_tails_first, 1);
}

/*
 * A statement whose last clause asks whether it changes the verdict ("I'm
 * moving to infra next year, that changes things, right?"): a phrase of
 * phrases.reading.change_tails with at most UNDERSTAND_DOUBT_MAX words
 * after it ends the message, and the words before it are no question.
 * The clause asks what the told move does to the verdict, which the
 * statement alone gets (a change of mind, then the verdict); its "that"
 * and "changes" would read as a question.  Returns the statement's
 * length in text, or 0.
 */
static size_t
understand_change_tail(const struct dlg *d, const char *text, size_t len,
    const char *sq)
{
	const struct kb_phrases *ph = &d->kb->phrases;

	return understand_doubt_tail_of(d, text, len, sq, ph->change_tails,
	    ph->nchange_tails, ph->change_tails_first, 0);
}

/*
 * The tail of understand_doubt_tail() and understand_change_tail():
 * openings tails (ntails of them, first their first bytes, a bit each);
 * the words before the tail must be a question when question is 1, and
 * must not be one when it is 0.
 */
static size_t
understand_doubt_tail_of(const struct dlg *d, const char *text, size_t len,
    const char *sq, const char **tails, size_t ntails,
    const unsigned char *first, int question)
{
	const char *p, *at = NULL, *sp;
	char head[512];
	size_t k, n, words, opening = 0, cut;
	unsigned char b;

	if (ntails == 0)
		return 0;
	/*
	 * The last opening on a word's boundary (not the first word's), the
	 * later of two at one word: word starts are tried from the end, and
	 * only the openings whose first byte the word's is, not each opening
	 * sought through the whole message.  A word start is found by
	 * memrchr() of the space before it (a word at a time, not a byte),
	 * one byte at least before the end, so that a word follows.
	 */
	n = strlen(sq);
	for (sp = n > 1 ? memrchr(sq, ' ', n - 1) : NULL; at == NULL &&
	    sp != NULL; sp = sp > sq ? memrchr(sq, ' ', (size_t)(sp - sq)) :
	    NULL) {
		p = sp + 1;
		b = (unsigned char)*p;
		if (!(first[b >> 3] & (1u << (b & 7))))
			continue;
		for (k = 0; k < ntails; k++) {
			if (tails[k] == NULL || (unsigned char)tails[k][0] != b)
				continue;
			if (text_begins(p, tails[k], &n) && (p[n] == ' ' ||
			    p[n] == '\0')) {
				at = p;
				opening = n;
			}
		}
	}
	if (at == NULL)
		return 0;
	for (words = 1, p = at; (p = strchr(p, ' ')) != NULL; p++)
		words++;
	for (n = 0, p = at + opening; *p != '\0'; p++)
		n += *p == ' ';
	if (n > UNDERSTAND_DOUBT_MAX)
		return 0;
	/* the tail's words, back from the end of text as typed */
	for (cut = len, k = 0; k < words && cut > 0; k++) {
		while (cut > 0 && !isalnum((unsigned char)text[cut - 1]))
			cut--;
		while (cut > 0 && !isspace((unsigned char)text[cut - 1]))
			cut--;
	}
	if (k < words || cut == 0)
		return 0;
	/* the tail as typed squashes to what was found */
	kb_squash(text + cut, len - cut, head, sizeof(head));
	if (strcmp(head, at) != 0)
		return 0;
	while (cut > 0 && (isspace((unsigned char)text[cut - 1]) ||
	    text[cut - 1] == ',' || text[cut - 1] == '-'))
		cut--;
	if (cut == 0)
		return 0;
	kb_squash(text, cut, head, sizeof(head));
	if (head[0] == '\0' || !!understand_is_question(d->kb, text, cut,
	    head) != (question != 0))
		return 0;
	return cut;
}

/*
 * Does a sentence after the first of text (len bytes; sentences end at
 * '.', '!' or ';') read as a question (understand_is_question()): "that
 * seems wrong. what does that ranking measure", typed with no question
 * mark, asks that after the remark, and is no aside?  A join word may
 * open it ("ok. and what goes into it").  Returns where that sentence
 * starts in text, or 0.
 */
static size_t
understand_tail_asks(const struct kb *kb, const char *text, size_t len)
{
	char sq[512];
	size_t i, from, n;

	for (i = 0; i < len; i++) {
		if (text[i] != '.' && text[i] != '!' && text[i] != ';')
			continue;
		for (from = i + 1; from < len && (isspace((unsigned char)
		    text[from]) || text[from] == '.' || text[from] == '!' ||
		    text[from] == ';'); from++)
			;
		if (from >= len)
			return 0;
		/* "ok. and what goes into it": the join word before it
		 * (phrases.reading.joins) is no statement's */
		n = text_word_len(text + from);
		if (n < len - from && (kb_listed(&kb->phrases, text + from, n) &
		    KB_LISTED_JOIN))
			for (from += n; from < len &&
			    isspace((unsigned char)text[from]); from++)
				;
		kb_squash(text + from, len - from, sq, sizeof(sq));
		if (sq[0] != '\0' && understand_is_question(kb, text + from,
		    len - from, sq))
			return from;
		i = from - 1;
	}
	return 0;
}

/*
 * Does text (len bytes, the words after a question mark) open with a join
 * word (phrases.reading.joins) and read as a question after it ("what in
 * android 16 is written in rust? and which chipmakers ship it"): a second
 * question typed without its mark, no aside to drop?
 */
static int
understand_tail_joined(const struct kb *kb, const char *text, size_t len)
{
	char sq[512];
	size_t n = text_word_len(text), from;

	if (n == 0 || n >= len || !(kb_listed(&kb->phrases, text, n) &
	    KB_LISTED_JOIN))
		return 0;
	for (from = n; from < len && isspace((unsigned char)text[from]);
	    from++)
		;
	if (from >= len)
		return 0;
	kb_squash(text + from, len - from, sq, sizeof(sq));
	return sq[0] != '\0' && understand_is_question(kb, text + from,
	    len - from, sq);
}

/*
 * An aside after a question ("whats the better language in your opinion?
 * asking for myself, no particular reason"; "is go faster? just
 * curious"): the words after the last question mark, at most
 * UNDERSTAND_LEAD_IN_MAX of them, are no question, answer none of the
 * walk's questions and name no subject.  The question before it is what
 * was said.  Returns its length in text (the question mark included), or
 * 0.
 */
static size_t
understand_tail(const struct dlg *d, const char *text, size_t len)
{
	int found[KB_MAX_QUESTIONS], ambiguous[KB_MAX_QUESTIONS];
	struct kb_query q;
	char sq[512];
	size_t end, at;

	for (end = len; end > 0 && text[end - 1] != '?'; end--)
		;
	if (end < 2)
		return 0;
	for (at = end; at < len && (isspace((unsigned char)text[at]) ||
	    text[at] == '?'); at++)
		;
	if (at >= len)
		return 0;
	kb_squash(text + at, len - at, sq, sizeof(sq));
	if (sq[0] == '\0' || understand_is_question(d->kb, text + at,
	    len - at, sq) || understand_tail_asks(d->kb, text + at, len - at) ||
	    understand_tail_joined(d->kb, text + at, len - at))
		return 0;
	kb_normalize(d->kb, text + at, len - at, KB_NORM_MATCH, &q);
	if (q.n == 0 || q.n > UNDERSTAND_LEAD_IN_MAX ||
	    understand_extract(d, &q, found, ambiguous, 1) > 0 ||
	    understand_names_subject(d->kb, &q, text + at, len - at, 1))
		return 0;
	return end;
}

/*
 * The command clause text (len bytes) says as a whole, or once fillers
 * and a command's lead-in are dropped (understand_unfill): -1 when none,
 * UNDERSTAND_FILLED when every word is a filler ("hmm ok").
 */
#define UNDERSTAND_FILLED	(-2)

static int
understand_clause_command(const struct kb *kb, const char *text, size_t len)
{
	char sq[512], core[512];
	const char *w;
	size_t n;
	int cmd;

	kb_squash(text, len, sq, sizeof(sq));
	if (sq[0] == '\0')
		return UNDERSTAND_FILLED;
	if ((cmd = understand_command(kb, sq)) >= 0 ||
	    (understand_unfill(kb, sq, core, sizeof(core)) &&
	    (cmd = understand_command(kb, core)) >= 0) ||
	    (cmd = understand_verb_command(kb, sq)) >= 0)
		return cmd;
	for (w = sq; *w != '\0'; w += n, w += text_space_len(w))
		if (!(kb_listed(&kb->phrases, w, n = text_word_len(w)) &
		    KB_LISTED_FILLER))
			return -1;
	return UNDERSTAND_FILLED;
}

/*
 * Is clause text (len bytes) an aside beside a command cmd: no question,
 * no answer to the walk's questions (a restart clears them anyway: "start
 * over please, my side project is what I care about") and no subject
 * named ("I described it wrong", "misclicked")?
 */
static int
understand_clause_aside(struct dlg *d, const char *text, size_t len, int cmd)
{
	int found[KB_MAX_QUESTIONS], ambiguous[KB_MAX_QUESTIONS];
	struct kb_query q;
	char sq[512];

	kb_squash(text, len, sq, sizeof(sq));
	if (sq[0] == '\0')
		return 1;
	if (understand_is_question(d->kb, text, len, sq))
		return 0;
	kb_normalize(d->kb, text, len, KB_NORM_MATCH, &q);
	return !((cmd != KB_CMD_RESTART &&
	    understand_extract(d, &q, found, ambiguous, 1) > 0) ||
	    understand_names_subject(d->kb, &q, text, len, 1));
}

/*
 * Step 1c'': a back or restart command after a retraction that opens the
 * message ("no, go back", "nope undo that", "no wait, start over";
 * phrases.reading.retractions, fillers between them passed): the "no"
 * takes back what was said, it answers none of the walk's questions, so
 * the command is what the message says.  Only back and restart: "no,
 * next" may answer a yes-or-no question and leave the next one.  Each
 * pass drops at least one word of sq (bounded by its length).  Returns
 * 1 when it ran the command.
 */
static int
understand_step_retraction(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	const char *b = s->sq;
	char core[512];
	size_t len;
	int said = 0, cmd;

	if (ph->nretractions == 0)
		return 0;
	for (;;) {
		len = text_word_len(b);
		if (b[len] == '\0')
			break;
		if (kb_listed(ph, b, len) & KB_LISTED_FILLER)
			;
		else if ((len = understand_starts(b, ph->retractions,
		    ph->nretractions)) > 0)
			said = 1;
		else
			break;
		b += len + 1;
	}
	if (!said || *b == '\0')
		return 0;
	if ((cmd = understand_command(d->kb, b)) < 0 &&
	    (!understand_unfill(d->kb, b, core, sizeof(core)) ||
	    (cmd = understand_command(d->kb, core)) < 0) &&
	    (cmd = understand_verb_command(d->kb, b)) < 0)
		return 0;
	if (cmd != KB_CMD_BACK && cmd != KB_CMD_RESTART)
		return 0;
	return understand_run_command(d, evs, s, cmd);
}

/*
 * Step 1c''': one answer withdrawn by naming its question ("forget what
 * i said about latency", "ignore the team thing", "scrap my timeline
 * answer"): the message opens (fillers aside) with a word of
 * phrases.reading.drop_verbs, names a question (understand_target) but
 * no choice of it, and asks nothing (no question mark).  "forget rust,
 * we build apis" names a choice: read otherwise.  Returns 1 when it
 * withdrew (or, never answered, asked) that question.
 */
/*
 * Does text (len bytes) go on after the clause that holds a word of
 * phrases.reading.drop_verbs ("scratch the latency thing, it's
 * slow-paced, a few ms won't matter"): a comma, semicolon, full stop or
 * exclamation mark after that word with a letter or digit after it?
 * Then what follows says the new answer or asks something, and the
 * message is read otherwise.  One pass over text.
 */
static int
understand_forget_more(const struct kb *kb, const char *text, size_t len)
{
	const struct kb_phrases *ph = &kb->phrases;
	char low[32];
	size_t i = 0, w, k;
	int verb = 0, brk = 0;

	while (i < len) {
		if (isalnum((unsigned char)text[i])) {
			if (brk && verb)
				return 1;
			for (w = i; w < len && isalpha((unsigned char)text[w]);
			    w++)
				;
			/* the lists are lower case; a longer word is none */
			if (w > i && w - i < sizeof(low)) {
				for (k = 0; k < w - i; k++)
					low[k] = (char)tolower(
					    (unsigned char)text[i + k]);
				if (match_in_list(low, w - i, ph->drop_verbs,
				    ph->ndrop_verbs))
					verb = 1;
			}
			i = w > i ? w : i + 1;
			brk = 0;
			continue;
		}
		if (text[i] == ',' || text[i] == ';' || text[i] == '.' ||
		    text[i] == '!')
			brk = 1;
		i++;
	}
	return 0;
}

/*
 * Does squashed sq tell that someone other than the user said what is
 * to be forgotten: a lexicon clause_words "reports" verb whose word
 * before it is no user word ("forget what my boss said about latency",
 * "forget what you said about latency", "ignore what the article says
 * about latency")?  That is not the user's answer: withdrawing it undid
 * the user's own (hx50b).  "forget what i said", "what i told you" are
 * the user's.  Read from sq, not the reading q, whose reported words are
 * blanked.  Cost: one clause-word test a word of sq.
 */
static int
understand_forget_other(const struct kb *kb, const char *sq)
{
	char w[64], prev[64];
	size_t len, n;

	prev[0] = '\0';
	/* each pass takes one word of sq: bounded by its length */
	for (; (len = text_word_len(sq)) > 0; sq += len + (sq[len] == ' ')) {
		n = len < sizeof(w) ? len : sizeof(w) - 1;
		memcpy(w, sq, n);
		w[n] = '\0';
		if (prev[0] != '\0' &&
		    (understand_cw_bits(kb, w) & KB_CW_REPORT) &&
		    !(understand_cw_bits(kb, prev) & KB_CW_USER))
			return 1;
		memcpy(prev, w, n + 1);
	}
	return 0;
}

static int
understand_step_forget(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	const char *b = s->sq;
	size_t len;
	int tq, tc;

	if (ph->ndrop_verbs == 0 || memchr(s->text, '?', s->len) != NULL ||
	    understand_names_outcome(d->kb, s->sq) ||
	    understand_forget_more(d->kb, s->text, s->len))
		return 0;
	/* fillers before the verb; each pass drops a word of sq */
	while ((len = text_word_len(b)) > 0 && b[len] != '\0' &&
	    (kb_listed(ph, b, len) & KB_LISTED_FILLER))
		b += len + 1;
	if (len == 0 || b[len] == '\0' ||
	    !match_in_list(b, len, ph->drop_verbs, ph->ndrop_verbs))
		return 0;
	/* s->question is not read yet (understand_read_kind() comes
	 * after this step): asked here, once a drop verb opens the
	 * message.  Reading the field before it was set read whatever
	 * the stack held, so another conversation's turn decided whether
	 * "actually forget what i said about latency" withdrew the answer
	 * (tests/blackbox/x50_interleave.test.mjs) */
	if (understand_is_question(d->kb, s->text, s->len, s->sq) ||
	    understand_forget_other(d->kb, s->sq))
		return 0;
	/* the question named by its topic alone ("forget what i told
	 * you about the gc pauses": a negated_topics phrase of latency,
	 * no choice of it), when that names one question only */
	if (understand_target(d, s->sq, &s->q, &tq, &tc) < 0) {
		uint32_t t = match_topics_said(&d->kb->phrases,
		    DL(d)->questions, DL(d)->nquestions, &s->q);

		if (t == 0 || (t & (t - 1)) != 0)
			return 0;
		for (tq = 0; !(t & 1u << tq); tq++)
			;
		tc = -1;
	}
	/* a choice named is read otherwise ("forget rust, we build
	 * apis"), unless it is the answer standing: naming what was
	 * said withdraws it ("forget the no gc thing") */
	if (tc >= 0 && d->answer[tq] != tc)
		return 0;
	dialogue_forget(d, evs, tq);
	return 1;
}

/*
 * A command with asides in clauses of their own, split at commas,
 * semicolons, full stops and exclamation marks ("start over, wrong
 * project sorry", "go back, misclicked", "scrap that, I described it
 * wrong, from the top", "hmm ok, wipe the slate, I want to go again from
 * the beginning"): at least one clause says a command (whole, or once
 * fillers are dropped: understand_clause_command), every clause that says
 * none is an aside (understand_clause_aside) or fillers only, and the
 * commands said agree and the first clause says it, but for a restart,
 * which may come in any clause and wins over the others ("scrap that"
 * may only mean the last answer; "from the top" means everything).  Up
 * to UNDERSTAND_CLAUSES clauses; a message with more is read otherwise.
 */
#define UNDERSTAND_CLAUSES	6

/*
 * Does a phrase of phrases.reading.question_starts begin at any word of
 * squashed sq ("unrelated but who won the cup")?  A clause asking
 * something after a word of its own is no aside.
 */
static int
understand_asks_within(const struct kb_phrases *ph, const char *sq)
{
	const char *w;
	size_t i, n;

	for (w = sq; *w != '\0'; w += n, w += text_space_len(w)) {
		n = text_word_len(w);
		if (understand_starts(w, ph->question_starts,
		    ph->nquestion_starts) > 0)
			return 1;
		for (i = 0; i < ph->nquestion_starts; i++)
			if (strcmp(w, ph->question_starts[i]) == 0)
				return 1;
	}
	return 0;
}

/*
 * The clauses of s starting at at[0..n-1] (at[n]: one past the end) when
 * none says a command: the first is small talk that does not close the
 * conversation ("hi", "hello there") and every other an aside
 * (understand_clause_aside: no question, no answer, no subject named,
 * and no question's opening anywhere: understand_asks_within):
 * the small talk's reply, then the pending question; returns 1.  A
 * greeting before what the user does ("hi, we build apis") or asks
 * ("hey, how fast is go?") is read with the rest, as before.
 */
static int
understand_talk_aside(struct dlg *d, struct dlg_events *evs,
    const struct said *s, const size_t *at, size_t n)
{
	char sq[512];
	size_t k;
	int t;

	kb_squash(s->text, at[1] - 1, sq, sizeof(sq));
	if ((t = understand_small_talk(d->kb, sq)) < 0 ||
	    d->kb->phrases.small_talk[t].closes)
		return 0;
	for (k = 1; k < n; k++) {
		/* "thx. unrelated but who won the cup": a question word
		 * anywhere makes the clause a question, not an aside */
		kb_squash(s->text + at[k], at[k + 1] - 1 - at[k], sq,
		    sizeof(sq));
		if (understand_asks_within(&d->kb->phrases, sq) ||
		    !understand_clause_aside(d, s->text + at[k],
		    at[k + 1] - 1 - at[k], -1))
			return 0;
	}
	return understand_talk(d, evs, t);
}

static int
understand_step_command_aside(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	size_t at[UNDERSTAND_CLAUSES + 1], n = 0, i, k;
	int cmd = -1, c, restart = 0, mixed = 0;

	at[n++] = 0;
	for (i = 0; i < s->len; i++)
		if (s->text[i] == ',' || s->text[i] == ';' ||
		    s->text[i] == '.' || s->text[i] == '!') {
			/* at[n] is the end below: n stays <= UNDERSTAND_CLAUSES */
			if (n >= UNDERSTAND_CLAUSES)
				return 0;
			at[n++] = i + 1;
		}
	if (n < 2)
		return 0;
	at[n] = s->len + 1;
	for (k = 0; k < n; k++) {
		c = understand_clause_command(d->kb, s->text + at[k],
		    at[k + 1] - 1 - at[k]);
		if (c < 0)
			continue;
		restart |= c == KB_CMD_RESTART;
		/* "no idea, next", "dunno. skip": unsure and skip both
		 * leave the pending question unanswered; they agree, and
		 * the first said is the one run */
		if (cmd >= 0 && c != cmd && (cmd == KB_CMD_SKIP ||
		    cmd == KB_CMD_UNSURE) && (c == KB_CMD_SKIP ||
		    c == KB_CMD_UNSURE))
			continue;
		if (cmd >= 0 && c != cmd)
			mixed = 1;
		cmd = c;
	}
	/* "hi, platform lead here, I need to make a call": small talk
	 * opening the message, every other clause an aside, is that small
	 * talk (understand_talk_aside) */
	if (cmd < 0 && !restart)
		return understand_talk_aside(d, evs, s, at, n);
	/* but for a restart, the command comes first ("start over, wrong
	 * project sorry"): "need to choose one, no idea" says what the
	 * user is unsure about */
	if (restart)
		cmd = KB_CMD_RESTART;
	else if (mixed || cmd < 0 || understand_clause_command(d->kb,
	    s->text, at[1] - 1) != cmd)
		return 0;
	for (k = 0; k < n; k++) {
		c = understand_clause_command(d->kb, s->text + at[k],
		    at[k + 1] - 1 - at[k]);
		if (c == -1 && !understand_clause_aside(d, s->text + at[k],
		    at[k + 1] - 1 - at[k], cmd))
			return 0;
	}
	return understand_run_command(d, evs, s, cmd);
}

/*
 * A number glued to its unit ("30ms", "6weeks") as two words, for the
 * dialogue's reading of text (len bytes) into out (outsz bytes): a
 * choice's phrase says "ms" or "weeks".  A word that starts with digits
 * and goes on with two letters or more is split; ordinals ("2nd") and
 * words that start with a letter ("p99", "k8s") are not.  Returns the
 * length of out, or 0 when nothing was split (or it did not fit): then
 * text is read as it is.
 */
static size_t
understand_split_units(const char *text, size_t len, char *out, size_t outsz)
{
	static const char *const ordinals[] = { "st", "nd", "rd", "th" };
	size_t i = 0, n = 0, d, a, k;
	int split = 0, ord;

	while (i < len) {
		if (isdigit((unsigned char)text[i]) && (i == 0 ||
		    !isalnum((unsigned char)text[i - 1]))) {
			for (d = i; d < len && isdigit((unsigned char)text[d]);
			    d++)
				;
			for (a = d; a < len && isalpha((unsigned char)text[a]);
			    a++)
				;
			ord = 0;
			for (k = 0; k < 4; k++)
				ord |= a - d == 2 && strncasecmp(text + d,
				    ordinals[k], 2) == 0;
			if (a - d >= 2 && !ord && (a == len ||
			    !isalnum((unsigned char)text[a]))) {
				if (n + (d - i) + 1 >= outsz)
					return 0;
				memcpy(out + n, text + i, d - i);
				n += d - i;
				out[n++] = ' ';
				split = 1;
				i = d;
			}
		}
		if (n + 1 >= outsz)
			return 0;
		out[n++] = text[i++];
	}
	out[n] = '\0';
	return split ? n : 0;
}

/*
 * Is s, read as a question only for a comparison word in it
 * (ask_is_question: "team is 2 seniors and 6 juniors, hiring more" has
 * "more"), a statement about the user instead: no question word and no
 * figure word in it (phrases.reading.question_words, figure_words:
 * "percentage of exploits from bad memory handling" asks for a figure),
 * no subject named, and its words answer one of the walk's questions
 * (understand_extract)?  Such a message sets that answer, whichever
 * question is pending.  Returns 1 when it is, 2 when the subjects it
 * names are the options the user weighs (a question word followed by one
 * of phrases.reading.infinitives is a thing chosen, not asked: "just
 * trying to pick what to learn next"; phrases.reading.deliberations:
 * "backend dev doing spring apis, weighing go vs rust for the next
 * service"), which asks for the verdict; 0 when it is a question.
 */
/*
 * Is word i of q a question word that is no wh-word (lexicon.json
 * clause_words) with a word of phrases.reading.object_determiners at
 * most two words before it in the same clause ("want to pick up a
 * compiled language", "keen to add another lang")?  Such a word is a
 * thing the user names, not what a question asks for ("which language
 * ...", "language for clis").
 */
static int
understand_det_noun(const struct kb *kb, const struct kb_query *q, size_t i)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t k;

	if (ph->nobject_determiners == 0 ||
	    (understand_cw_bits(kb, q->raw[i]) & KB_CW_WH))
		return 0;
	for (k = i; k > 0 && k + 1 >= i; k--) {
		if (q->brk[k])
			return 0;
		if (match_in_list(q->raw[k - 1], strlen(q->raw[k - 1]),
		    ph->object_determiners, ph->nobject_determiners))
			return 1;
	}
	return 0;
}

/*
 * Is word i of q a phrases.reading.time_openers word ("when") that opens
 * a clause of time after a statement: not the first word, no clause
 * mark before it, the word before it neither a stopword nor a question
 * word, and an auxiliary or a negation before it in its clause, the
 * statement's verb ("the frame loop cannot jitter when memory gets
 * reclaimed", "a pause would be audible when ...")?  Such a word asks
 * nothing; "when" leading its sentence still asks, and keywords with no
 * verb ("gc pause noticeable when heap is large") stay a query.
 */
static int
understand_time_clause(const struct kb *kb, const struct kb_query *q,
    size_t i)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t k;

	if (ph->ntime_openers == 0 || i == 0 || i >= q->n || q->brk[i] ||
	    !match_in_list(q->raw[i], strlen(q->raw[i]), ph->time_openers,
	    ph->ntime_openers) || q->raw[i - 1][0] == '\0' ||
	    q->stop[i - 1] || understand_glue(kb, q, i - 1, GLUE_QUESTION))
		return 0;
	for (k = i; k-- > 0; ) {
		if (q->negation[k] ||
		    (understand_cw_bits(kb, q->raw[k]) & KB_CW_AUX))
			return 1;
		if (q->brk[k])
			break;
	}
	return 0;
}

/*
 * Does squashed sq weigh the subjects by their names alone: a phrases.
 * reading.deliberations phrase that opens with a subject's name ("rust or
 * go for", "go vs rust for") and none that opens otherwise ("weighing",
 * "torn between": a person deliberating, who describes themselves:
 * "backend dev building apis, weighing go vs rust for the next
 * service")?  Such a message asks the article what it says of the thing
 * weighed as well (said->weighs).  Cost: one chain lookup a word of sq,
 * one kb_normalize() a phrase found (a message holds one or two).
 */
static int
understand_weighs_by_name(const struct kb *kb, const char *sq)
{
	const struct kb_phrase_chain *ch = &kb->deliberations_by_word;
	const char *p = sq;
	size_t len;
	int32_t e;
	int named = 0;

	if (ch->next == NULL)
		return 0;
	for (;;) {
		for (len = 0; p[len] != '\0' && p[len] != ' '; len++)
			;
		for (e = kb_phrase_chain_word(ch, p, len); e >= 0;
		    e = ch->next[e]) {
			if (ch->phrase[e][0] == '\0' ||
			    !kb_phrase_starts(p, ch->phrase[e]))
				continue;
			if (understand_word_subject(kb, ch->phrase[e],
			    text_word_len(ch->phrase[e])) < 0)
				return 0;
			named = 1;
		}
		if (p[len] == '\0')
			return named;
		p += len + 1;
	}
}

/* how many words before a question word an insistence may start: "no
 * matter what" puts it third */
#define UNDERSTAND_INSIST_REACH	4

/*
 * Is word i of q (a question word) inside a phrase of phrases.reading.
 * insistences that starts at most UNDERSTAND_INSIST_REACH words before
 * it ("p99 has to stay below 1ms no matter what", "come what may")?
 * Such words insist on what was told; they ask nothing.  Cost: at most
 * ninsistences * (UNDERSTAND_INSIST_REACH + 1) understand_cue_at().
 */
static int
understand_insisted(const struct kb *kb, const struct kb_query *q, size_t i)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t k, j, lo;

	lo = i > UNDERSTAND_INSIST_REACH ? i - UNDERSTAND_INSIST_REACH : 0;
	for (k = 0; k < ph->ninsistences; k++)
		for (j = lo; j <= i; j++)
			if (understand_cue_at(q, j, ph->insistences[k]) >
			    i - j)
				return 1;
	return 0;
}

/*
 * Is word i of q a phrases.reading.relative_openers word ("who") right
 * after a phrases.reading.role_words word of the same clause, not the
 * message's first word ("old c++ hand who wants memory safety", "java
 * guy who is tired of heap tuning")?  It opens a relative clause about
 * that person and asks nothing; "who" leading a sentence still asks.
 * Cost: two list lookups.
 */
static int
understand_relative_who(const struct kb *kb, const struct kb_query *q,
    size_t i)
{
	const struct kb_phrases *ph = &kb->phrases;

	return i > 0 && !q->brk[i] && ph->nrelative_openers > 0 &&
	    match_in_list(q->raw[i], strlen(q->raw[i]), ph->relative_openers,
	    ph->nrelative_openers) &&
	    match_in_list(q->raw[i - 1], strlen(q->raw[i - 1]),
	    ph->role_words, ph->nrole_words);
}

static int
understand_told_by_words(const struct dlg *d, const struct said *s)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	int found[KB_MAX_QUESTIONS], ambiguous[KB_MAX_QUESTIONS];
	size_t i;

	for (i = 0; i < s->q.n; i++)
		if (s->q.raw[i][0] != '\0' && ((understand_glue(d->kb, &s->q,
		    i, GLUE_QUESTION) && !understand_time_clause(d->kb, &s->q,
		    i) && (i + 1 >= s->q.n ||
		    !match_in_list(s->q.raw[i + 1], strlen(s->q.raw[i + 1]),
		    ph->infinitives, ph->ninfinitives)) &&
		    !understand_det_noun(d->kb, &s->q, i) &&
		    !understand_insisted(d->kb, &s->q, i) &&
		    !understand_relative_who(d->kb, &s->q, i)) ||
		    match_in_list(s->q.raw[i],
		    strlen(s->q.raw[i]), ph->figure_words, ph->nfigure_words)))
			return 0;
	if (understand_extract(d, &s->q, found, ambiguous, 1) == 0)
		return 0;
	if (ph->ndeliberations > 0 && kb_phrase_chain_has(
	    &d->kb->deliberations_by_word, ph->deliberations,
	    ph->ndeliberations, s->sq))
		return 2;
	return !understand_names_subject(d->kb, &s->q, s->text, s->len, 1);
}

/*
 * A description's clause scope (DESIGN11 M1, class D).  q is split into
 * clauses as understand_tense_clauses() splits it (a clause mark,
 * phrases.reading.joins, clause_breaks); a clause is out of the user's
 * scope when it is
 *  - disowned: a phrases.reading.disowned_refs or disowned_ends phrase
 *    begins in it ("my team has nothing to do with the firmware", "the
 *    firmware is not my area");
 *  - someone else's: a lexicon "clause_words" people word in it, not
 *    its last word and before any auxiliary or subject word, with no
 *    user word after it ("my coworker handles the drivers", "the
 *    platform folks live in kubebuilder", "our platform guys do the
 *    operators"; not "it's three of us, all senior c++ folks", "it's
 *    3 senior guys who've done systems work").
 * Past clauses are left to understand_tense_turn(), which weighs them
 * against the present ones (past_marks, present_marks).
 * When another clause is in scope and the in-scope clauses alone answer
 * a question with another choice than the whole message does (or with
 * one where the whole message ties two), the
 * out-of-scope clauses are blanked in q (a disowned clause with the
 * sentence before it: "we sell a camera, but my team has nothing to do
 * with the firmware" tells of the company); otherwise they stay, as
 * context ("we had gc pauses last year" still says latency matters).
 * Returns 1 when the whole message was blanked as someone else's (no
 * clause of the user's), else 0.
 * Cost: one clause_words lookup per word, two match_choice() per
 * question, two kb_query copies on the stack.
 */
#define UNDERSTAND_SCOPE_CLAUSES	16
#define UNDERSTAND_ELLIPTIC_REACH	3	/* words before the quantifier */

/*
 * Is the clause of q from word from to word to elliptic: a lexicon
 * clause_words "quantifiers" word (kb->cw_quants) among its first
 * UNDERSTAND_ELLIPTIC_REACH words, after conjunctions or words of no
 * clause class ("pretty much all java", "and mostly go"), and no word in
 * it a person, subject, people word or auxiliary (no subject or verb of
 * its own: "all of them use go" has one)?  Such a clause says more of
 * the clause before's subject (understand_scope()).  Cost: one
 * clause-word look-up per word of the clause.
 */
static int
understand_scope_elliptic(const struct kb *kb, const struct kb_query *q,
    size_t from, size_t to)
{
	const unsigned own = KB_CW_USER | KB_CW_ADDRESSEE | KB_CW_OTHER |
	    KB_CW_SUBJECT | KB_CW_PEOPLE | KB_CW_AUX;
	size_t k, seen = 0;
	int quant = 0;
	unsigned b;

	for (k = from; k < to; k++) {
		if (q->raw[k][0] == '\0')
			continue;
		b = understand_cw_bits(kb, q->raw[k]);
		if (b & own)
			return 0;
		if (!quant && seen < UNDERSTAND_ELLIPTIC_REACH) {
			if (match_in_list(q->raw[k], strlen(q->raw[k]),
			    kb->cw_quants, kb->ncw_quants))
				quant = 1;
			else if (b & ~KB_CW_CONJ)
				seen = UNDERSTAND_ELLIPTIC_REACH;
			else
				seen++;
		}
	}
	return quant;
}

static int
understand_scope(const struct dlg *d, struct kb_query *q)
{
	const struct kb *kb = d->kb;
	const struct kb_phrases *ph = &kb->phrases;
	size_t start[UNDERSTAND_SCOPE_CLAUSES + 1];
	size_t from[UNDERSTAND_SCOPE_CLAUSES];
	unsigned char out[UNDERSTAND_SCOPE_CLAUSES], disowned[
	    UNDERSTAND_SCOPE_CLAUSES];
	size_t nc = 0, c, k;
	struct kb_query in;
	int sc, tie, tin, cf, ci, in_scope = 0, any = 0, differs = 0;
	int32_t bits, at[2] = { -2, -1 };
	unsigned b, people, verb;
	const char *w;

	if (kb->clause_words.n == 0 || q->n < 2)
		return 0;
	for (k = 0; k < q->n; k++) {
		w = q->raw[k];
		if (k == 0 || q->brk[k] || (understand_listed_raw(ph, w) &
		    (KB_LISTED_JOIN | KB_LISTED_BREAK))) {
			if (nc == UNDERSTAND_SCOPE_CLAUSES)
				break;
			start[nc++] = k;
		}
	}
	start[nc] = k;
	for (c = 0; c < nc; c++) {
		people = verb = 0;
		disowned[c] = 0;
		for (k = start[c]; k < start[c + 1]; k++) {
			w = q->raw[k];
			if (w[0] == '\0')
				continue;
			bits = kb_clause_word(kb, w, strlen(w));
			b = bits < 0 ? 0 : (unsigned)bits;
			/* "my coworker handles ...": said of them; "all
			 * senior c++ folks" ends its clause, a description */
			if ((b & KB_CW_PEOPLE) && k + 1 < start[c + 1] &&
			    !verb)
				people = 1;
			else if ((b & KB_CW_USER) &&
			    !understand_cw_owned(kb, q, k))
				people = 0;
			/* "it's 3 senior guys who ...": after a verb, a
			 * people word is what the subject is, no subject */
			if ((b & (KB_CW_AUX | KB_CW_SUBJECT)) && !(b &
			    KB_CW_PEOPLE))
				verb = 1;
			for (at[0] = -2; !disowned[c] && UNDERSTAND_FIRST(
			    ph->disowned_refs_first, w) && (bits = (int32_t)
			    understand_cue_next(&kb->disowned_refs_by_word,
			    ph->ndisowned_refs, w, NULL, 0, at)) >= 0; )
				disowned[c] = understand_cue_at(q, k,
				    ph->disowned_refs[bits]) > 0;
			for (at[0] = -2; !disowned[c] && ph->ndisowned_ends >
			    0 && (bits = (int32_t)understand_cue_next(
			    &kb->disowned_ends_by_word, ph->ndisowned_ends, w,
			    NULL, 0, at)) >= 0; )
				disowned[c] = understand_cue_at(q, k,
				    ph->disowned_ends[bits]) > 0;
		}
		/* "my buddy's company has 200 devs, all on go": a clause
		 * a quantifier opens, with no subject of its own, says
		 * more of the subject before: someone else's after theirs
		 * (rp49b); "my boss wants a decision, 3 weeks deadline"
		 * opens with no quantifier and stays the user's */
		if (!people && !disowned[c] && c > 0 && out[c - 1] &&
		    !disowned[c - 1] && understand_scope_elliptic(kb, q,
		    start[c], start[c + 1]))
			people = 1;
		out[c] = disowned[c] || people;
		any |= out[c];
		in_scope |= !out[c];
	}
	if (!any)
		return 0;
	if (!in_scope) {
		/* "my friend builds proxies in rust", "my friends team of
		 * 40 uses go": a message wholly about someone else, who
		 * opens it as its subject (a people word first, or right
		 * after one user, others or determiner word), tells
		 * nothing of the user, amounts and all (hx48b); not "cli
		 * tools for our devops folks", "ex php guy here", where
		 * the people word comes later and may be the user's own;
		 * a disowned clause alone still stays, as context */
		/* ... or one modifier between: "an old friend of mine
		 * ...", "my best buddy ..." (rp49) */
		b = understand_cw_bits(kb, q->raw[0]);
		if (!(b & KB_CW_PEOPLE) && (q->n < 2 || q->brk[1] ||
		    !(b & (KB_CW_USER | KB_CW_OTHER | KB_CW_DET)) ||
		    (!(understand_cw_bits(kb, q->raw[1]) & KB_CW_PEOPLE) &&
		    (q->n < 3 || q->brk[2] || (understand_cw_bits(kb,
		    q->raw[1]) & ~KB_CW_DET) || !(understand_cw_bits(kb,
		    q->raw[2]) & KB_CW_PEOPLE)))))
			return 0;
		for (c = 0; c < nc; c++)
			if (disowned[c])
				return 0;
		understand_blank(q, 0, q->n);
		return 1;
	}
	for (c = 0; c < nc; c++)
		for (from[c] = start[c]; disowned[c] && from[c] > 0 &&
		    !(q->brk[from[c]] & TEXT_BRK_SENTENCE); from[c]--)
			;
	in = *q;
	for (c = 0; c < nc; c++)
		if (out[c])
			understand_blank(&in, from[c], start[c + 1]);
	for (k = 0; k < DL(d)->nquestions && !differs; k++) {
		if ((ci = match_choice(ph, &DL(d)->questions[k], &in, &sc,
		    &tie, NULL, NULL)) < 0)
			continue;
		tin = tie;
		cf = match_choice(ph, &DL(d)->questions[k], q, &sc, &tie,
		    NULL, NULL);
		differs = cf >= 0 && (cf != ci || (tie && !tin));
	}
	if (!differs)
		return 0;
	for (c = 0; c < nc; c++)
		if (out[c])
			understand_blank(q, from[c], start[c + 1]);
	return 0;
}

/*
 * Is clause cq (as read) all someone else's: a word of the lexicon's
 * clause_words "people" among its first UNDERSTAND_SCOPE_SUBJECT words
 * ("my buddy does embedded c for a living", "my coworker says gc pauses
 * are unacceptable"; not a bare "they", which may be the things just
 * named: "what if they needed to be quick"), and no "user" word after it
 * ("my boss wants me to write a cli tool" is the user's work) unless a
 * report verb follows the person ("my teammate keeps saying gc spikes
 * would kill us": the teammate's opinion)?  Read by
 * understand_scope_clauses().  Cost: one list look-up per word.
 */
#define UNDERSTAND_SCOPE_SUBJECT	3

/*
 * Does a phrase of phrases.reading.report_verbs begin at word k of cq
 * ("keeps saying", "told me"), its words compared with cq's as read
 * (the list holds folded forms too: "keep saying", "say")?  Bounded by
 * the list (KB_MAX_SAYS entries of a few words).
 */
static size_t understand_scope_reports_end(const struct kb *,
    const struct kb_query *, size_t);

static int
understand_scope_reports(const struct kb *kb, const struct kb_query *cq,
    size_t k)
{
	return understand_scope_reports_end(kb, cq, k) > k;
}

/*
 * The word after the phrases.reading.report_verbs phrase that begins at
 * word k of cq, or k when none does (the first of the list that matches).
 * Bounded by the list (KB_MAX_SAYS entries of a few words).
 */
static size_t understand_scope_list_end(const struct kb_query *, size_t,
    const char *const *, size_t);

static size_t
understand_scope_reports_end(const struct kb *kb, const struct kb_query *cq,
    size_t k)
{
	return understand_scope_list_end(cq, k, kb->phrases.report_verbs,
	    kb->phrases.nreport_verbs);
}

/*
 * The word after the phrase of list (n phrases) that begins at word k of
 * cq, or k when none does (the first that matches).  Bounded by the list
 * (KB_MAX_SAYS entries of a few words).
 */
static size_t
understand_scope_list_end(const struct kb_query *cq, size_t k,
    const char *const *list, size_t nlist)
{
	const char *e;
	size_t i, j, n;

	for (i = 0; i < nlist; i++) {
		for (e = list[i], j = k; *e != '\0' && j < cq->n;
		    j++) {
			n = text_word_len(e);
			if (strlen(cq->raw[j]) != n ||
			    memcmp(cq->raw[j], e, n) != 0)
				break;
			e += n;
			e += text_space_len(e);
		}
		if (*e == '\0' && j > k)
			return j;
	}
	return k;
}

/*
 * Someone else's opinion reported in a sentence of q (hx48 4): a
 * clause_words "people" word followed by a phrases.reading.report_verbs
 * phrase ("my boss thinks", "my lead keeps saying") is their word, not
 * the user's, and is blanked:
 *  - the person among the first UNDERSTAND_SCOPE_SUBJECT words of a
 *    sentence, right after a user or others word, or one word after it
 *    ("my tech lead claims"), or at its start ("my
 *    boss thinks we need zero gc pauses", "suppose my cto tells us gc
 *    pauses are a dealbreaker, rust then?"): from the person's
 *    determiner to the next clause mark (the question after a comma is
 *    the user's);
 *  - the report ending its sentence ("\"we need deterministic latency\"
 *    is what my lead keeps saying."): the whole sentence, what was
 *    quoted before it included.
 * Cost: one clause_words look-up a word, one report_verbs scan a people
 * word; every loop is bounded by q->n.
 */
/*
 * The user's own part of the team's work (hx48 5): "my team builds
 * message brokers but i only do the admin ui", "we make a service mesh
 * at work but personally i only work on the docs site".  A clause (after
 * a clause mark or a clause_words conjunction) whose first
 * UNDERSTAND_OWN_REACH words hold a user word as its subject (a clause_words
 * "subjects" word, or the clause's first word) followed, one or two words
 * on, by a phrases.reading.exclusives word ("i only", "i'm only", "i am
 * only") names what the user does; the words of its sentence before it
 * (the team's or company's work, which held a user word too: "my team",
 * "we") are blanked.  Not when that earlier part holds an exclusive
 * itself.  Cost: one clause_words look-up a word, a short list look-up
 * for at most UNDERSTAND_OWN_REACH + 2 words a clause start.
 */
#define UNDERSTAND_OWN_REACH	3
static int
understand_scope_own_part(const struct kb *kb, struct kb_query *q)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t k, u, j, sent = 0, e;
	int user, excl, any = 0;

	if (ph->nexclusives == 0)
		return 0;
	for (k = 1; k + 1 < q->n; k++) {
		if (q->brk[k] & TEXT_BRK_SENTENCE)
			sent = k;
		if (!q->brk[k] && !(understand_cw_bits(kb, q->raw[k - 1]) &
		    KB_CW_CONJ))
			continue;
		for (u = k; u < q->n && u < k + UNDERSTAND_OWN_REACH &&
		    (u == k || !q->brk[u]); u++) {
			/* the user as the clause's subject: a subject word
			 * or its first word ("i'm only"); not an object
			 * ("users judge us purely on speed") */
			if (!(understand_cw_bits(kb, q->raw[u]) & KB_CW_USER) ||
			    (u > k && !(understand_cw_bits(kb, q->raw[u]) &
			    KB_CW_SUBJECT)))
				continue;
			for (j = u + 1; j < q->n && j <= u + 2 && !q->brk[j];
			    j++)
				if (match_in_list(q->raw[j], strlen(q->raw[j]),
				    ph->exclusives, ph->nexclusives))
					break;
			if (j < q->n && j <= u + 2 && !q->brk[j])
				break;
		}
		if (u >= q->n || u >= k + UNDERSTAND_OWN_REACH ||
		    (u > k && q->brk[u]))
			continue;
		/* "the team writes proxies but personally i only ...",
		 * "the org does kernel stuff, but ...": a determiner
		 * opening the sentence, its group the subject, counts as
		 * the user's company as a user word does (rp49) */
		for (e = sent, user = sent < k && (understand_cw_bits(kb,
		    q->raw[sent]) & KB_CW_DET), excl = 0; e < k; e++) {
			user |= (understand_cw_bits(kb, q->raw[e]) &
			    KB_CW_USER) != 0;
			excl |= match_in_list(q->raw[e], strlen(q->raw[e]),
			    ph->exclusives, ph->nexclusives);
		}
		if (user && !excl) {
			understand_blank(q, sent, k);
			any = 1;
		}
	}
	return any;
}

/*
 * Is the person at word k of q someone on the user's side relaying a fact
 * of the user's own work (rl50)?  The person is a
 * phrases.reading.relay_roles word ("lead", "cto") whose determiner is a
 * user word right before it or one modifier before that ("my tech lead",
 * "our sre"; that modifier no clause_words people, others or past
 * word), or who opens the sentence at sent bare or after one
 * modifier ("boss said ...", "team lead says ..."); sets *det to the
 * first word of the person.  Returns the role's index plus one, or 0.
 */
static int
understand_scope_relay_role(const struct kb *kb, const struct kb_query *q,
    size_t sent, size_t k, size_t *det)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t r, j;

	if (ph->nrelay_roles == 0 || k >= q->n || k < sent ||
	    q->raw[k][0] == '\0' || (k > sent && q->brk[k]))
		return 0;
	for (r = 0; r < ph->nrelay_roles; r++)
		if (strcmp(q->raw[k], ph->relay_roles[r]) == 0)
			break;
	if (r == ph->nrelay_roles)
		return 0;
	if (k == sent)
		*det = k;
	else if (understand_cw_bits(kb, q->raw[k - 1]) & KB_CW_USER)
		*det = k - 1;
	else if (k - 1 > sent && !q->brk[k - 1] &&
	    (understand_cw_bits(kb, q->raw[k - 2]) & KB_CW_USER) &&
	    !(understand_cw_bits(kb, q->raw[k - 1]) & (KB_CW_PEOPLE |
	    KB_CW_OTHER | KB_CW_PAST)))
		/* the modifier is no person of their own ("my friend's
		 * lead", "my sister's boss": someone else's side) and no
		 * past ("my former boss"): those relay nothing of the
		 * user's present work (hx50b) */
		*det = k - 2;
	else if (k - 1 == sent && !(understand_cw_bits(kb, q->raw[k - 1]) &
	    (KB_CW_OTHER | KB_CW_DET | KB_CW_PEOPLE | KB_CW_USER)))
		*det = k - 1;
	else
		return 0;
	/* "what if my boss said we need no gc": supposed, not told */
	for (j = sent; j < *det; j++)
		if (match_in_list(q->raw[j], strlen(q->raw[j]),
		    ph->conditions, ph->nconditions))
			return 0;
	return (int)r + 1;
}

/*
 * Does the clause of q from word e to the next clause mark (something
 * must follow: not "- my lead said that.") name none of the article's
 * subjects by a one-word name, and no phrases.reading.later_refs word?
 * What someone on the user's side says of a subject ("my lead says rust
 * is better", "our cto says go devs ramp up in weeks") is their opinion
 * or a claim to check, not a fact of the user's work; a plan for later
 * ("my manager says we're writing kernel drivers next year") is not the
 * present.  Cost: one subject-name and one later_refs scan a word of the
 * clause.
 */
static int
understand_scope_relay_plain(const struct kb *kb, const struct kb_query *q,
    size_t e)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t j, i;
	const char *w;

	if (e >= q->n || q->brk[e])
		return 0;
	for (j = e; j < q->n && (j == e || !q->brk[j]); j++) {
		w = q->term[j] != NULL ? q->term[j] : q->raw[j];
		if (q->subject[j] >= 0 || match_in_list(q->raw[j],
		    strlen(q->raw[j]), ph->later_refs, ph->nlater_refs))
			return 0;
		for (i = 0; i < kb->nsubjects; i++)
			if (strcasecmp(w, kb->subjects[i].name) == 0 ||
			    strcasecmp(q->raw[j], kb->subjects[i].name) == 0)
				return 0;
	}
	return 1;
}

/*
 * A fact of the user's own work relayed by the person at word k of q,
 * someone on their side (understand_scope_relay_role()), told with a
 * phrases.reading.relay_facts phrase right after them ("my lead just
 * told me a 20ms hiccup is fine", "our cto says we're 5 devs"; not
 * "thinks", "reckons": opinions), what follows naming no subject
 * (understand_scope_relay_plain()).  It is the user's fact, read as
 * theirs; the understood notice names the source.  Sets *end to the word
 * after the verb.  Returns the role's index plus one, or 0.  Cost: one
 * relay_roles scan, one relay_facts scan, one subject test a word of the
 * clause.
 */
static int
understand_scope_relayed(const struct kb *kb, const struct kb_query *q,
    size_t sent, size_t k, size_t *end)
{
	size_t det, e;
	int r;

	if ((r = understand_scope_relay_role(kb, q, sent, k, &det)) == 0 ||
	    k + 1 >= q->n || q->brk[k + 1])
		return 0;
	e = understand_scope_list_end(q, k + 1, kb->phrases.relay_facts,
	    kb->phrases.nrelay_facts);
	if (e == k + 1 || !understand_scope_relay_plain(kb, q, e))
		return 0;
	*end = e;
	return r;
}

/*
 * The same told after a phrases.reading.report_leads phrase opening the
 * sentence at sent, the person's determiner a user word ("per our sre
 * the p99 must stay under 5ms", "according to our tech lead we have no
 * hard latency requirements").  Returns the role's index plus one, or 0.
 */
static int
understand_scope_relayed_lead(const struct kb *kb, const struct kb_query *q,
    size_t sent, size_t k)
{
	size_t det;
	int r;

	if ((r = understand_scope_relay_role(kb, q, sent, k, &det)) == 0 ||
	    det == k || det <= sent || !(understand_cw_bits(kb,
	    q->raw[det]) & KB_CW_USER) || understand_scope_list_end(q, sent,
	    kb->phrases.report_leads, kb->phrases.nreport_leads) != det ||
	    !understand_scope_relay_plain(kb, q, k + 1))
		return 0;
	return r;
}

/*
 * The same told before them, the person ending the sentence after a
 * report_leads or report_verbs phrase that opens its own clause ("\"we
 * have 3 weeks\", according to my boss", "'it's all operators', per our
 * cto", "\"a few ms is fine\", says my tech lead"): a quote
 * named after its speaker is the relay told the other way round (cl51;
 * hx49's understand_scope_attributed() gives it to the person only when
 * they are no one on the user's side).  Sets *lead to the phrase's first
 * word.  Returns the role's index plus one, or 0.  Cost: at most
 * UNDERSTAND_LEAD_REACH report_leads scans.
 */
#define UNDERSTAND_LEAD_REACH	4
static int
understand_scope_relayed_trail(const struct kb *kb, const struct kb_query *q,
    size_t sent, size_t k, size_t *lead)
{
	size_t det, j, lo;
	int r;

	if (k + 1 < q->n && !(q->brk[k + 1] & TEXT_BRK_SENTENCE))
		return 0;
	if ((r = understand_scope_relay_role(kb, q, sent, k, &det)) == 0 ||
	    det == k || det <= sent || !(understand_cw_bits(kb,
	    q->raw[det]) & KB_CW_USER))
		return 0;
	lo = det > sent + UNDERSTAND_LEAD_REACH ? det - UNDERSTAND_LEAD_REACH :
	    sent + 1;
	for (j = det; j-- > lo;)
		if (q->brk[j] && (understand_scope_list_end(q, j,
		    kb->phrases.report_leads, kb->phrases.nreport_leads) ==
		    det || understand_scope_reports_end(kb, q, j) == det))
			break;
	if (j < lo || j >= det || !understand_scope_relay_plain(kb, q, sent))
		return 0;
	*lead = j;
	return r;
}

/*
 * Does a later sentence of q overrule the first relayed fact of q
 * (understand_scope_relayed(), understand_scope_relayed_lead()): answer
 * a question the relayed sentence answers ("my cto says we need hard
 * realtime. i disagree, gc is fine": the user's own word on it), or
 * dispute it (a phrases.reading.relay_disputes phrase opening the next
 * sentence: "... i disagree")?  Sets
 * *role to the relay's role plus one (0: none) and [*from, *to) to the
 * relayed sentence.  Returns 0 when not, 1 when some question is
 * answered again, 2 when every question the relayed sentence answers
 * is, or when it is disputed.  Bounded: one relay scan a word of q, two
 * match_choice() a question, one relay_disputes scan.
 */
static int
understand_relay_overruled(const struct dlg *d, const struct kb_query *q,
    int *role, size_t *from, size_t *to)
{
	const struct kb *kb = d->kb;
	struct kb_query theirs, own;
	size_t k, sent = 0, e, i;
	int r = 0, sc, tie, both = 0, only = 0, t;

	*role = 0;
	for (k = 0; k < q->n; k++) {
		if (q->brk[k] & TEXT_BRK_SENTENCE)
			sent = k;
		if ((r = understand_scope_relayed(kb, q, sent, k, &e)) > 0 ||
		    (r = understand_scope_relayed_lead(kb, q, sent, k)) > 0 ||
		    (r = understand_scope_relayed_trail(kb, q, sent, k,
		    &e)) > 0)
			break;
	}
	if (k == q->n)
		return 0;
	*role = r;
	for (e = k + 1; e < q->n && !(q->brk[e] & TEXT_BRK_SENTENCE); e++)
		;
	*from = sent;
	*to = e;
	if (e == q->n)
		return 0;
	/* "my cto says we need hard realtime. i disagree": the next
	 * sentence opens with a phrases.reading.relay_disputes phrase;
	 * the relayed fact is then no answer of the user's, whether or not
	 * that sentence gives one of its own (hx51: it was recorded,
	 * "(from your cto)") */
	if (understand_scope_list_end(q, e, kb->phrases.relay_disputes,
	    kb->phrases.nrelay_disputes) != e)
		return 2;
	theirs = *q;
	understand_blank(&theirs, e, q->n);
	own = *q;
	understand_blank(&own, 0, e);
	for (i = 0; i < DL(d)->nquestions; i++) {
		if (match_choice(&kb->phrases, &DL(d)->questions[i], &theirs,
		    &sc, &tie, NULL, NULL) < 0)
			continue;
		t = match_choice(&kb->phrases, &DL(d)->questions[i], &own,
		    &sc, &tie, NULL, NULL) >= 0;
		both += t;
		only += !t;
	}
	return both == 0 ? 0 : only == 0 ? 2 : 1;
}

/*
 * Set aside the relaying words of every relayed fact of q
 * (understand_scope_relayed(), understand_scope_relayed_lead()): "my
 * lead just told me" of "my lead just told me a 20ms hiccup is fine",
 * "per our sre" of "per our sre the p99 must stay under 5ms".  What
 * follows is the user's own fact and is read as theirs; run before the
 * scope readers, which would give the clause to the person who opens it.
 * Returns whether any was.  Cost: one relay_roles scan a word of q.
 */
static int
understand_scope_relay(const struct kb *kb, struct kb_query *q)
{
	size_t k, sent = 0, e, det;
	int any = 0;

	if (kb->phrases.nrelay_roles == 0)
		return 0;
	for (k = 0; k < q->n; k++) {
		if (q->brk[k] & TEXT_BRK_SENTENCE)
			sent = k;
		if (understand_scope_relayed(kb, q, sent, k, &e) > 0 &&
		    understand_scope_relay_role(kb, q, sent, k, &det) > 0) {
			understand_blank(q, det, e);
			any = 1;
			k = e - 1;
		} else if (understand_scope_relayed_lead(kb, q, sent, k) > 0) {
			understand_blank(q, sent, k + 1);
			any = 1;
		} else if (understand_scope_relayed_trail(kb, q, sent, k,
		    &e) > 0) {
			understand_blank(q, e, k + 1);
			any = 1;
		}
	}
	return any;
}

/*
 * What the person at word k of q (a clause_words people word) said, told
 * with them named after a lead (hx49): the person's determiner (a user or
 * others word) right before k, or one modifier before that ("my tech
 * lead"), within the sentence that starts at word sent; before it a
 * phrases.reading.report_leads phrase ("according to my boss", "per my
 * cto"), or, for a person ending the sentence, a report_verbs phrase
 * ("\"zero gc pauses\" says my boss") or a clause mark ("\"we need zero
 * gc pauses\" - my boss", the words before it being theirs).  Sets *from
 * and *to to the words that are theirs: the whole sentence for a person
 * ending it; for a lead opening the sentence ("according to my boss, we
 * need zero gc pauses"), up to the next clause mark after the one right
 * after the person.  Returns 0 when the person is no such report.  Cost:
 * at most UNDERSTAND_LEAD_REACH scans of each list.
 */

static int
understand_scope_attributed(const struct kb *kb, const struct kb_query *q,
    size_t sent, size_t k, size_t *from, size_t *to)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t det, j, lo, end;
	int ends, lead = 0;

	if (k <= sent || q->brk[k])
		return 0;
	det = k - 1;
	if (!(understand_cw_bits(kb, q->raw[det]) & (KB_CW_USER |
	    KB_CW_OTHER))) {
		if (det <= sent || q->brk[det] || !(understand_cw_bits(kb,
		    q->raw[det - 1]) & (KB_CW_USER | KB_CW_OTHER)))
			return 0;
		det--;
	}
	ends = k + 1 >= q->n || (q->brk[k + 1] & TEXT_BRK_SENTENCE);
	lo = det > sent + UNDERSTAND_LEAD_REACH ? det - UNDERSTAND_LEAD_REACH :
	    sent;
	for (j = det; j-- > lo;) {
		if (understand_scope_list_end(q, j, ph->report_leads,
		    ph->nreport_leads) == det)
			lead = 1;
		else if (ends && understand_scope_reports_end(kb, q, j) == det)
			lead = 2;
		else if (j == lo || !q->brk[j])
			continue;
		break;
	}
	if (lead == 0) {
		/* "... - my boss": a clause of the person alone */
		if (!ends || det <= sent || !q->brk[det])
			return 0;
		j = det;
	}
	if (ends) {
		*from = sent;
		*to = k + 1;
		return 1;
	}
	if (lead != 1 || j != sent)
		return 0;
	end = k + 1;
	if (end < q->n && q->brk[end] && !(q->brk[end] & TEXT_BRK_SENTENCE))
		end++;
	while (end < q->n && !q->brk[end])
		end++;
	*from = sent;
	*to = end;
	return 1;
}

/*
 * A quote closed by a dash and its attribution (rp49): "\"no gc pauses,
 * ever\" - that's what my boss told us", "'we can never have a gc pause'
 * - my lead said that", "\"gc is a non-starter\" -- my cto, yesterday".
 * The words after a dash (TEXT_BRK_DASH), up to the sentence's end, hold
 * a clause_words people word (no "others" pronoun) among their first
 * UNDERSTAND_DASH_REACH words, and either a report verb (clause_words
 * "reports", or a phrases.reading.report_verbs phrase) or that people
 * word right before a clause mark or the end ("-- my cto, yesterday",
 * "- my boss"): they say who said what came before the dash.  The whole sentence, quote and attribution, is
 * blanked: someone else's words, not the user's answer.  Not "i build
 * proxies - my coworker does the apis" (a verb of their own, no report).
 * Returns 1 when a sentence was so blanked: the clause readers that
 * read the text again (understand_step_clauses(),
 * understand_step_told_then_asked()) leave such a message to the ones
 * reading q.  Cost: one clause_words look-up a word of a dash's part,
 * bounded by q->n.
 */
#define UNDERSTAND_DASH_REACH	5
static int
understand_scope_dash_quote(const struct kb *kb, struct kb_query *q)
{
	size_t k, sent = 0, end;
	unsigned b;
	int people, report, any = 0;

	for (k = 1; k < q->n; k++) {
		if (q->brk[k] & TEXT_BRK_SENTENCE)
			sent = k;
		if (!(q->brk[k] & TEXT_BRK_DASH) || (q->brk[k] &
		    TEXT_BRK_SENTENCE) || k == sent)
			continue;
		people = report = 0;
		for (end = k; end < q->n && (end == k ||
		    !(q->brk[end] & TEXT_BRK_SENTENCE)); end++) {
			b = understand_cw_bits(kb, q->raw[end]);
			if ((b & KB_CW_PEOPLE) && end < k +
			    UNDERSTAND_DASH_REACH && !(b & KB_CW_OTHER))
				people |= end + 1 >= q->n ||
				    q->brk[end + 1] ? 2 : 1;
			if ((b & KB_CW_REPORT) ||
			    understand_scope_reports(kb, q, end))
				report = 1;
		}
		if (!people || (!report && !(people & 2)))
			continue;
		understand_blank(q, sent, end);
		any = 1;
		k = end - 1;
	}
	return any;
}

/*
 * The end of the reasons that go on a report of a choice (rl50b): "my
 * boss reckons we should go with go, simpler for everyone", "my lead
 * thinks go, easier for the juniors".  When the reported words [r, j)
 * name one of the article's subjects (the reporter's pick), a clause
 * after a clause mark (not a sentence's end) at j that holds no user,
 * people, auxiliary or negation word and no number is the reporter's
 * reason, not the user's fact; clauses so are taken up to the sentence's
 * end.  "my boss thinks go, deadline is 3 weeks", "..., we have 3
 * weeks", "..., no gc pauses allowed" stay the user's, and so does a
 * clause opened by a dispute ("..., but honestly it's a crud api").
 * Returns the word
 * after the last such clause, or j.  Cost: one look-up a word of the
 * clauses.
 */
static size_t
understand_scope_reason_tail(const struct kb *kb, const struct kb_query *q,
    size_t r, size_t j)
{
	size_t e, i;
	int named = 0;
	const char *w;

	for (e = r; e < j && !named; e++) {
		w = q->term[e] != NULL ? q->term[e] : q->raw[e];
		named = q->subject[e] >= 0;
		for (i = 0; i < kb->nsubjects; i++)
			named |= strcasecmp(w, kb->subjects[i].name) == 0;
	}
	while (named && j < q->n && q->brk[j] &&
	    !(q->brk[j] & TEXT_BRK_SENTENCE)) {
		/* "..., but honestly it's a crud api": a clause opened by
		 * a phrases.reading.relay_disputes phrase is the user's
		 * answer to the report, not its reason */
		if (understand_scope_list_end(q, j, kb->phrases.relay_disputes,
		    kb->phrases.nrelay_disputes) != j)
			return j;
		for (e = j; e < q->n && (e == j || !q->brk[e]); e++)
			if ((understand_cw_bits(kb, q->raw[e]) & (KB_CW_USER |
			    KB_CW_PEOPLE | KB_CW_AUX | KB_CW_NEG)) ||
			    q->negation[e] || text_is_number(q->raw[e]))
				return j;
		j = e;
	}
	return j;
}

static int
understand_scope_reported(const struct kb *kb, struct kb_query *q)
{
	size_t k, j, from, sent = 0, e;
	unsigned b;
	int any = 0;

	if (kb->phrases.nreport_verbs == 0)
		return 0;
	for (k = 0; k < q->n; k++) {
		if (q->brk[k] & TEXT_BRK_SENTENCE)
			sent = k;
		/* "what if my cto tells us ...": the condition word
		 * (phrases.reading.conditions) opens what is supposed */
		if (kb->phrases.nconditions > 0 && match_in_list(q->raw[k],
		    strlen(q->raw[k]), kb->phrases.conditions,
		    kb->phrases.nconditions)) {
			sent = k + 1;
			continue;
		}
		if (!(understand_cw_bits(kb, q->raw[k]) & KB_CW_PEOPLE))
			continue;
		if (understand_scope_attributed(kb, q, sent, k, &from, &e)) {
			understand_blank(q, from, e);
			any = 1;
			k = e - 1;
			continue;
		}
		if ((e = understand_scope_reports_end(kb, q, k + 1)) == k + 1)
			continue;
		if (e >= q->n || (q->brk[e] & TEXT_BRK_SENTENCE)) {
			understand_blank(q, sent, e);
			any = 1;
			k = e - 1;
			continue;
		}
		if (k - sent >= UNDERSTAND_SCOPE_SUBJECT || q->brk[k])
			continue;
		from = k;
		if (k > sent) {
			/* "my boss", or one modifier between: "my tech
			 * lead", "our team lead" */
			b = understand_cw_bits(kb, q->raw[k - 1]);
			if (!(b & (KB_CW_USER | KB_CW_OTHER)) && k - 1 > sent &&
			    !q->brk[k - 1] && (understand_cw_bits(kb,
			    q->raw[k - 2]) & (KB_CW_USER | KB_CW_OTHER)))
				from = k - 2;
			else if (!(b & (KB_CW_USER | KB_CW_OTHER)))
				continue;
			else
				from = k - 1;
		}
		for (j = e; j < q->n && !q->brk[j]; j++)
			;
		j = understand_scope_reason_tail(kb, q, e, j);
		understand_blank(q, from, j);
		any = 1;
		k = j > k ? j - 1 : k;
	}
	return any;
}

static int
understand_scope_theirs(const struct kb *kb, const struct kb_query *cq)
{
	size_t k;
	int seen = 0;
	unsigned b;

	for (k = 0; k < cq->n; k++) {
		b = understand_cw_bits(kb, cq->raw[k]);
		if (seen && (b & KB_CW_USER) &&
		    !understand_cw_owned(kb, cq, k))
			return 0;
		if (k < UNDERSTAND_SCOPE_SUBJECT && (b & KB_CW_PEOPLE)) {
			seen = 1;
			/* "my teammate keeps saying gc spikes would kill
			 * us": what follows a report verb right after the
			 * person is their word, "us" and all (round 48b) */
			if (k + 1 < cq->n &&
			    understand_scope_reports(kb, cq, k + 1))
				return 1;
		}
	}
	return seen;
}

/*
 * Does clause cq (as read) open with someone else as its subject: a word
 * of the lexicon's clause_words "others" or "people" among its first
 * UNDERSTAND_SCOPE_SUBJECT words, before any user word ("they do the
 * cloud side", "my colleagues maintain ..."; not "the proxy that sits
 * in front of them")?  A pronoun of "others" that is no "subjects"
 * word, right after a word of no determiner, conjunction, user or others
 * list, is the object of that word, not the subject ("behind them
 * there's a pile of APIs": "them" are the things just named); a noun of
 * "people" there is the subject ("our platform guys live in ...").
 */
static int
understand_scope_subject(const struct kb *kb, const struct kb_query *cq)
{
	size_t k;
	unsigned b;

	for (k = 0; k < cq->n && k < UNDERSTAND_SCOPE_SUBJECT; k++) {
		b = understand_cw_bits(kb, cq->raw[k]);
		if ((b & KB_CW_OTHER) && !(b & (KB_CW_SUBJECT |
		    KB_CW_PEOPLE)) && k > 0 && !(understand_cw_bits(kb,
		    cq->raw[k - 1]) & (KB_CW_DET | KB_CW_CONJ | KB_CW_USER |
		    KB_CW_OTHER)))
			continue;	/* "behind them": an object */
		if (b & (KB_CW_OTHER | KB_CW_PEOPLE))
			return 1;
		if ((b & KB_CW_USER) && !(k == 0 && (b & KB_CW_SUBJECT) == 0))
			return 0;
	}
	return 0;
}

/*
 * Does the clause read as cq start at word k of q?  Its first word and
 * the next ones, up to three, must be q's from k on: a clause opening
 * with "and" is not found at an earlier "and" of the clause before it
 * ("i know node and my company builds microservices and they asked me
 * ..."), which would set the user's own words apart with it.  A word of
 * q blanked before (an employer's noun) matches any.
 */
static int
understand_clause_at(const struct kb_query *q, size_t k,
    const struct kb_query *cq)
{
	size_t j;

	if (strcmp(q->raw[k], cq->raw[0]) != 0)
		return 0;
	for (j = 1; j < 3 && j < cq->n; j++)
		if (k + j >= q->n || (q->raw[k + j][0] != '\0' &&
		    strcmp(q->raw[k + j], cq->raw[j]) != 0))
			return 0;
	return 1;
}

/*
 * A description read clause by clause (DESIGN13 D): the clauses of s as
 * understand_clauses() labels them.  A declarative clause about someone
 * else that opens with them as its subject (person=other and
 * understand_scope_subject(): "my colleagues maintain the payments
 * services", "they do the cloud side") tells what they do, not what the
 * user does: its words are blanked in s->q, so no choice is read from
 * them, when the message also has a declarative clause in the present
 * not about someone else.  A message with a clause that asks something
 * is left as it is (the clauses put to the article read it whole).
 * Past and negated clauses stay: understand_tense_turn() weighs past
 * against present, the choices' negated topics read a negation.  Each
 * clause is found in s->q by its first words as read (kb_normalize() of
 * the clause alone; understand_clause_at()); a clause not found leaves
 * s->q as it was.  Cost:
 * one clause_words look-up per word; for a message with a word of
 * someone else, one clause pass, and for two clauses or more one
 * kb_normalize() per clause.
 */
/*
 * In the user's own clause q[from, to) of a message whose clause about
 * someone else was blanked (understand_scope_clauses()), a phrase of
 * phrases.reading.relative_ends ("underneath them", "beneath") only
 * places the user's thing next to their work: it is blanked, so it
 * does not name a second layer of the user's own ("my colleagues keep
 * the payments services; i build the storage engine underneath them"
 * is the storage engine alone).  Cost: one list walk per word.
 */
static void
understand_scope_clauses_relative(const struct kb *kb, struct kb_query *q,
    size_t from, size_t to)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t k, r, len;

	for (k = from; k < to; k++)
		for (r = 0; r < ph->nrelative_ends; r++)
			if ((len = understand_cue_at(q, k,
			    ph->relative_ends[r])) > 0 && k + len <= to) {
				understand_blank(q, k, k + len);
				break;
			}
}

/*
 * Does clause c of text say that the user asks for others: a phrase of
 * phrases.reading.behalf_cues ("asking for", "on behalf of") that ends
 * the clause ("it's our platform team i'm asking for") or is followed by
 * a first-person word ("asking for our platform team"); "asking for
 * advice" asks for a thing, not for someone.  So does a take-back of
 * phrases.reading.retakes followed by a first-person word or a
 * determiner (lexicon clause_words): "no wait, I meant the payments
 * team, they ..." says the case meant is that group's.  The clauses about
 * those others then tell the case the user asks about: nothing of them
 * is set apart.
 */
/*
 * Does squashed w open with a word that begins a group of people named
 * as the case meant: a first-person word ("our identity squad") or a
 * determiner of the lexicon's clause_words ("the core team")?
 */
static int
understand_behalf_group(const struct kb *kb, const char *w)
{
	char word[TEXT_TOKEN_MAX];
	size_t n = text_word_len(w);

	if (kb_listed(&kb->phrases, w, n) & KB_LISTED_PERSON)
		return 1;
	if (n == 0 || n >= sizeof(word))
		return 0;
	memcpy(word, w, n);
	word[n] = '\0';
	return (understand_cw_bits(kb, word) & KB_CW_DET) != 0;
}

static int
understand_clause_behalf(const struct kb *kb, const char *text,
    const struct dlg_clause *c)
{
	const struct kb_phrases *ph = &kb->phrases;
	char sq[512];
	const char *p, *e;
	size_t i, n;

	if (ph->nbehalf_cues == 0)
		return 0;
	kb_squash(text + c->from, c->len, sq, sizeof(sq));
	for (p = sq; *p != '\0'; p += n + (p[n] == ' ')) {
		n = text_word_len(p);
		for (i = 0; i < ph->nbehalf_cues; i++) {
			if (!kb_phrase_starts(p, ph->behalf_cues[i]))
				continue;
			e = p + strlen(ph->behalf_cues[i]);
			if (*e == '\0' || (*e == ' ' && (kb_listed(ph, e + 1,
			    text_word_len(e + 1)) & KB_LISTED_PERSON)))
				return 1;
		}
		for (i = 0; i < ph->nretakes; i++) {
			if (!kb_phrase_starts(p, ph->retakes[i]))
				continue;
			e = p + strlen(ph->retakes[i]);
			if (*e == ' ' && understand_behalf_group(kb, e + 1))
				return 1;
		}
	}
	return 0;
}

/*
 * Does clause c of text, a question, ask which outcome to act on: its
 * words glue as understand_only_glue() reads it, or a word of
 * phrases.reading.act_words ("which one should i learn", "what do i
 * pick up")?  For understand_scope_clauses() only: such a clause asks
 * the verdict for the user as "which?" does, so someone else's
 * background before it is set apart ("our team lead has written c++
 * for twenty years, which one should i learn").  Cost: one
 * kb_normalize() of the clause, one list look-up a word.
 */
static int
understand_clause_act(const struct kb *kb, const char *text,
    const struct dlg_clause *c)
{
	static struct kb_query q;	/* large; the engine is one thread */
	const struct kb_phrases *ph = &kb->phrases;
	size_t i;
	int act = 0;

	kb_normalize(kb, text + c->from, c->len, KB_NORM_MATCH, &q);
	for (i = 0; i < q.n; i++) {
		if (q.raw[i][0] == '\0')
			continue;
		if (match_in_list(q.raw[i], strlen(q.raw[i]), ph->act_words,
		    ph->nact_words))
			act = 1;
		else if (!understand_glue(kb, &q, i, GLUE_STOP | GLUE_FILLER |
		    GLUE_PERSON | GLUE_COMMAND | GLUE_QUESTION |
		    GLUE_OUTCOME | GLUE_FOLLOW) && understand_cue(ph,
		    q.raw[i], strlen(q.raw[i])) < 0)
			return 0;
	}
	return act;
}

static void
understand_scope_clauses(const struct dlg *d, struct said *s)
{
	static struct kb_query cq;	/* large; the engine is one thread */
	struct dlg_clause cl[DLG_MAX_CLAUSES];
	size_t start[DLG_MAX_CLAUSES + 1], n, i, k, at = 0;
	unsigned char theirs[DLG_MAX_CLAUSES];
	struct kb_query *q = &s->q;
	int out = 0, mine = 0, asks = 0;

	if (q->n < 4)
		return;
	/* no word of someone else: nothing to set apart (the cheap test) */
	for (k = 0; k < q->n && !(understand_cw_bits(d->kb, q->raw[k]) &
	    (KB_CW_OTHER | KB_CW_PEOPLE)); k++)
		;
	if (k == q->n || (n = understand_clauses_moods(d->kb, s->text,
	    s->len, cl, DLG_MAX_CLAUSES, 0)) < 2)
		return;
	for (i = 0; i < n; i++) {
		/* "..., which?", "rust or go for me?": a clause asking for
		 * the verdict alone puts no words of its own to the
		 * article (understand_clause_verdict(), read only for a
		 * clause that asks); any other question leaves
		 * the message whole */
		if (cl[i].mood != DLG_MOOD_DECLARATIVE &&
		    !understand_clause_verdict(d->kb, s->text, &cl[i]) &&
		    !understand_clause_act(d->kb, s->text, &cl[i]))
			return;
		if (cl[i].mood != DLG_MOOD_DECLARATIVE)
			asks = 1;
		else if (cl[i].person == DLG_PERSON_OTHER)
			out = 1;
		else if (understand_clause_behalf(d->kb, s->text, &cl[i]))
			return;	/* "i'm asking for our X team": theirs */
		else if (!cl[i].past)
			mine = 1;
	}
	if (!out || (!mine && !asks))
		return;
	out = 0;
	for (i = 0; i < n; i++) {
		kb_normalize(d->kb, s->text + cl[i].from, cl[i].len,
		    KB_NORM_MATCH, &cq);
		if (cq.n == 0)
			return;
		theirs[i] = cl[i].person == DLG_PERSON_OTHER &&
		    understand_scope_subject(d->kb, &cq) &&
		    (mine || understand_scope_theirs(d->kb, &cq));
		out |= theirs[i];
		if (i == 0) {
			start[0] = 0;
			continue;
		}
		for (k = at + 1; k < q->n && !understand_clause_at(q, k, &cq);
		    k++)
			;
		if (k >= q->n)
			return;
		start[i] = at = k;
	}
	start[n] = q->n;
	for (i = 0; out && i < n; i++)
		if (theirs[i])
			understand_blank(q, start[i], start[i + 1]);
	for (i = 0; out && i < n; i++)
		if (!theirs[i])
			understand_scope_clauses_relative(d->kb, q, start[i],
			    start[i + 1]);
}

/*
 * Does in, a copy of q with words blanked, answer a question of d, and
 * otherwise than q does (or with one choice where q ties two)?  As
 * understand_scope() weighs a clause.  Cost: two match_choice() per
 * question at most.
 */
static int
understand_reads_otherwise(const struct dlg *d, const struct kb_query *in,
    const struct kb_query *q)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	size_t j;
	int sc, tie, tin, ci, cf;

	for (j = 0; j < DL(d)->nquestions; j++) {
		if ((ci = match_choice(ph, &DL(d)->questions[j], in, &sc,
		    &tie, NULL, NULL)) < 0)
			continue;
		tin = tie;
		cf = match_choice(ph, &DL(d)->questions[j], q, &sc, &tie,
		    NULL, NULL);
		if (cf >= 0 && (cf != ci || (tie && !tin)))
			return 1;
	}
	return 0;
}

/*
 * Does in, a copy of q with words blanked, still answer every question q
 * answers (some choice, maybe another)?  Cost: two match_choice() per
 * question at most.
 */
static int
understand_reads_all(const struct dlg *d, const struct kb_query *in,
    const struct kb_query *q)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	size_t j;
	int sc, tie;

	for (j = 0; j < DL(d)->nquestions; j++)
		if (match_choice(ph, &DL(d)->questions[j], q, &sc, &tie, NULL,
		    NULL) >= 0 && match_choice(ph, &DL(d)->questions[j], in,
		    &sc, &tie, NULL, NULL) < 0)
			return 0;
	return 1;
}

/*
 * The employer named by what it sells (phrases.reading.employer_nouns,
 * read as the message is read: "company" is the lexicon's
 * "organisation"): in "the public api team at a cdn company", "a food
 * delivery startup", up to three words right before such a noun, back to
 * a stopword, a negation or a clause mark, say what the company does,
 * not what the user builds.  They are blanked in q when the message
 * without them still answers every question it answers
 * (understand_reads_all): "I'm on the api team at a cdn company" is the
 * API; "we're a cdn company" alone keeps the CDN.  Not when the noun is
 * itself part of an answer ("I build apis at a large company": blanking
 * the noun alone reads otherwise).  Read before understand_scope(), so
 * that a layer disowned in a later sentence ("colleagues write the
 * proxy, not me") is weighed without the employer's words.  Cost: one
 * lookup of the nouns that may begin at each word
 * (kb->employer_nouns_by_word); two kb_query copies and up to six
 * match_choice() per question for each noun found.
 */
static void
understand_employer(const struct dlg *d, struct kb_query *q)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	static struct kb_query in;	/* large; the engine is one thread */
	size_t k;
	int32_t at[2] = { -2, -1 };	/* set by each walk */
	long e;

	for (k = 1; ph->nemployer_nouns > 0 && k < q->n; k++) {
		for (at[0] = -2; (e = understand_cue_next(
		    &d->kb->employer_nouns_by_word, ph->nemployer_nouns,
		    q->raw[k], NULL, 0, at)) >= 0; )
			if (understand_cue_at(q, k, ph->employer_nouns[e]) > 0)
				break;
		/* "my cousin's company": a people word right before
		 * says whose company, not what it sells (rp49) */
		if (e < 0 || q->brk[k] || q->stop[k - 1] ||
		    q->negation[k - 1] || q->raw[k - 1][0] == '\0' ||
		    (understand_cw_bits(d->kb, q->raw[k - 1]) &
		    KB_CW_PEOPLE))
			continue;
		in = *q;
		understand_blank(&in, k, k + 1);
		if (understand_reads_otherwise(d, &in, q) ||
		    understand_reads_otherwise(d, q, &in))
			continue;
		in = *q;
		understand_blank_before(&in, k, 0);
		if (understand_reads_all(d, &in, q))
			understand_blank_before(q, k, 0);
	}
}

/*
 * Is word k of q the user as the object of a request ("me", "us": a
 * lexicon clause_words "user" word that is no "subjects" word)?
 */
static int
understand_object_person(const struct kb *kb, const struct kb_query *q,
    size_t k)
{
	unsigned b;

	if (k >= q->n || q->raw[k][0] == '\0')
		return 0;
	b = understand_cw_bits(kb, q->raw[k]);
	return (b & KB_CW_USER) && !(b & KB_CW_SUBJECT);
}

/*
 * Blank in q the heads of requests addressed to the advisor: a verb of
 * the lexicon's clause_words "commands" ("tell", "ask", "walk") or of
 * phrases.reading.request_verbs ("take", "lead"), or any word that is
 * no stopword after an addressee word ("could you just question me"),
 * with only fillers, auxiliaries and addressee words before it in its clause
 * ("could you just", "ok please"), and its object person right after
 * it or after one stopword ("ask me", "pick for me") or ending the
 * clause after a stopword ("explain that to me"): the head with that
 * object, and the object at the end.  Such words ask the advisor for
 * something; they answer no question of the walk, so that no choice's
 * phrase is assembled from them ("just me" out of "just ask me").
 * Returns 0 when there is none, else bit 1 (a request's head blanked),
 * bit 2 (one that opens the message), bit 4 (one asking for the
 * verdict with nothing after it) and bit 8 (one asking for questions).
 */
static int
understand_request(const struct kb *kb, struct kb_query *q)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t i, j, k, start, obj, end;
	unsigned b;
	struct kb_cmd_word cw;
	int n = 0, head, tail, you;
	/* each word's clause_words bits, looked up once here rather than
	 * up to three times (as the word, as the one before the next, as a
	 * verb); a blanked word's again after understand_blank() */
	unsigned bits[TEXT_MAX_TOKENS];

	for (i = 0; i < q->n; i++)
		bits[i] = understand_cw_bits(kb, q->raw[i]);
	for (i = 0; i < q->n; i++) {
		if (q->raw[i][0] == '\0')
			continue;
		b = bits[i];
		if (b & (KB_CW_AUX | KB_CW_ADDRESSEE | KB_CW_USER))
			continue;
		head = 1;
		you = 0;
		for (start = i; start > 0 && !q->brk[start] && head; ) {
			b = bits[start - 1];
			you |= (b & KB_CW_ADDRESSEE) != 0;
			if (!(b & (KB_CW_AUX | KB_CW_ADDRESSEE)) &&
			    !(kb_listed(ph, q->raw[start - 1], strlen(
			    q->raw[start - 1])) & KB_LISTED_FILLER))
				head = 0;
			else
				start--;
		}
		/* its verb: a command, or any word asked of "you" ("could you
		 * just question me") */
		if (!head || !((bits[i] & KB_CW_COMMAND) || match_in_list(q->raw[i],
		    strlen(q->raw[i]), ph->request_verbs,
		    ph->nrequest_verbs) || (you && !q->stop[i])))
			continue;
		/* "explain the no gc thing to me": its object at the end */
		for (end = i + 1; end < q->n && !q->brk[end]; end++)
			;
		k = end - 1;
		tail = k > i + 2 && understand_object_person(kb, q, k) &&
		    q->stop[k - 1];
		if (understand_object_person(kb, q, i + 1))
			obj = i + 1;
		else if (i + 2 < q->n && q->stop[i + 1] && !q->brk[i + 1] &&
		    !q->brk[i + 2] && understand_object_person(kb, q, i + 2))
			obj = i + 2;
		else if (tail)
			obj = i;
		else
			continue;
		if (tail && k > obj + 1) {
			understand_blank(q, k - 1, k + 1);
			for (j = k - 1; j < k + 1 && j < q->n; j++)
				bits[j] = understand_cw_bits(kb, q->raw[j]);
		}
		/* opening the message: only fillers before ("uh, just
		 * quiz me") */
		for (k = 0; k < start && (kb_listed(ph, q->raw[k],
		    strlen(q->raw[k])) & KB_LISTED_FILLER); k++)
			;
		/* what the request asks for when nothing else is read: the
		 * verdict ("..., just tell me": a phrases.verbs.recommend
		 * verb ending its clause), or the questions ("could you just
		 * ask me things": a phrases.cues.start verb) */
		cw = kb_cmd_word(ph, q->raw[i], strlen(q->raw[i]));
		if ((cw.verbs & 1u << KB_CMD_RECOMMEND) && (obj + 1 >= q->n ||
		    q->brk[obj + 1]))
			n |= 4;
		if (cw.cue == KB_CMD_START)
			n |= 8;
		understand_blank(q, start, obj + 1);
		for (j = start; j < obj + 1 && j < q->n; j++)
			bits[j] = understand_cw_bits(kb, q->raw[j]);
		n |= k == start ? 3 : 1;
		i = obj;
	}
	return n;
}

/*
 * Does q hold a word left to read that is no stopword and no verb of
 * the lexicon's clause_words "commands" ("tell me more about the job
 * market" holds "job" once its head is blanked; "just walk me through
 * it", "just help me choose" hold none)?
 */
static int
understand_has_content(const struct kb *kb, const struct kb_query *q)
{
	size_t i;

	for (i = 0; i < q->n; i++)
		if (q->raw[i][0] != '\0' && !q->stop[i] &&
		    !(understand_cw_bits(kb, q->raw[i]) & KB_CW_COMMAND))
			return 1;
	return 0;
}

/*
 * Does q hold a word of the user (lexicon clause_words "user", or
 * phrases.reading.first_person) that is not blanked?
 */
static int
understand_has_person(const struct kb *kb, const struct kb_query *q)
{
	size_t i;

	for (i = 0; i < q->n; i++)
		if (q->raw[i][0] != '\0' && ((understand_cw_bits(kb,
		    q->raw[i]) & KB_CW_USER) || (kb_listed(&kb->phrases,
		    q->raw[i], strlen(q->raw[i])) & KB_LISTED_PERSON)))
			return 1;
	return 0;
}

/*
 * Someone named by a people word after a possessive and described by a
 * relative clause ("my friend who does embedded c wants me to learn
 * go", "our cto who wrote a proxy keeps saying ..."): the words of that
 * clause tell their work, not the user's, and are blanked in q, so no
 * choice is read from them.  The people word (lexicon clause_words
 * "people") must follow a user or others word that is no subject ("my",
 * "our", "his"; not "i'm the guy who builds our proxies", where the
 * determiner comes between), and the next word must be a phrases.
 * reading.relative_openers word ("who") with no clause mark before it.
 * The relative clause ends before a clause mark, a report verb ("says",
 * "wants", "told": the person's words follow, which may name the
 * user's work) or a user word; one running past UNDERSTAND_WHO_REACH
 * words without such an end is left as it is (what it says is
 * unclear).  Cost: one relative_openers look-up a word, and at most
 * UNDERSTAND_WHO_REACH + 2 clause_words look-ups an opener.
 */
#define UNDERSTAND_WHO_REACH	10
static void
understand_scope_who(const struct kb *kb, struct kb_query *q)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t k, j;
	unsigned b;

	if (ph->nrelative_openers == 0)
		return;
	for (k = 1; k + 2 < q->n; k++) {
		/* the opener first: a short list whose first byte turns
		 * away most words, where the people bit is a hash look-up */
		if (q->brk[k + 1] || !match_in_list(q->raw[k + 1],
		    strlen(q->raw[k + 1]), ph->relative_openers,
		    ph->nrelative_openers) ||
		    !(understand_cw_bits(kb, q->raw[k]) & KB_CW_PEOPLE))
			continue;
		b = understand_cw_bits(kb, q->raw[k - 1]);
		if (!(b & (KB_CW_USER | KB_CW_OTHER)) || (b & KB_CW_SUBJECT))
			continue;
		for (j = k + 2; j < q->n && j <= k + 1 + UNDERSTAND_WHO_REACH &&
		    !q->brk[j] && !(understand_cw_bits(kb, q->raw[j]) &
		    (KB_CW_REPORT | KB_CW_USER)); j++)
			;
		if (j > k + 1 + UNDERSTAND_WHO_REACH)
			continue;
		understand_blank(q, k + 1, j);
		k = j - 1;
	}
}

/*
 * The clause analysis of a message (cl51): whose each clause is, when,
 * and in what mood, read once from s->q before any reader blanks a word
 * of it, into s->q.clause[] (a byte a word, UNDERSTAND_CL_*; the words of
 * one clause share it).  A reader that records a fact asks
 * understand_clause_out() of the word its answer was read at, so that
 * every reader draws the same line between the user's present work and
 * the rest, however the words were blanked since ("my previous company
 * had 300 engineers": understand_employer() set aside "my previous"
 * before rl50b's past-state reader looked for it; gd52 deleted that
 * reader, the analysis is the one answer).
 *
 * A clause runs from a clause mark, a joining word or a clause break to
 * the next.  It is
 *   - past (UNDERSTAND_CL_PAST): a phrases.reading.past_states cue, or
 *     a person told as a former one (a past_marks cue right before a
 *     clause_words people word: "my ex boss", "my old manager"), and no
 *     present_marks or story_turns cue;
 *   - a condition (UNDERSTAND_CL_COND): it opens with a
 *     phrases.reading.conditions word ("if we build a proxy") or a
 *     suppositions word ("suppose we rewrite the proxy"), and so is
 *     the next clause of its sentence, the consequent ("..., gc pauses
 *     would hurt"), unless that one holds a present_marks cue ("for now
 *     it's all apis"); a concessives word ("whether we pick rust or
 *     go") opens a condition with no consequent: the clause after it
 *     holds either way ("..., we ship apis"); a message asking
 *     something is left to the what-if readers;
 *   - asked about (UNDERSTAND_CL_ASKED): in a message ending with a
 *     question mark, a sentence opening with a yes_no_starts word that
 *     holds a relay_facts or report_verbs cue ("is it true my lead said
 *     we build proxies?", "did our architect claim ...?"): the claim is
 *     asked about, not told; and a clause opening with a question_leads
 *     phrase that ends with, or is followed by, a conditions word ("i
 *     wonder if we need a gc, ..."): what is wondered is asked, and is
 *     no condition of the next clause.
 * A reader that reads a choice over the whole message reads it again
 * over the user's own clauses alone (understand_clause_facts()).
 * Cost: one cue look-up per word for the past and present lists, one
 * relay_facts scan per word of an asking sentence only; no allocation.
 */
#define UNDERSTAND_CL_READ	0x01	/* the analysis ran */
#define UNDERSTAND_CL_PAST	0x02	/* a state gone by, a former person */
#define UNDERSTAND_CL_COND	0x04	/* a condition or its consequent */
#define UNDERSTAND_CL_ASKED	0x08	/* a claim asked about, not told */
#define UNDERSTAND_CL_OTHER	0x10	/* someone else's: "our competitor" */
#define UNDERSTAND_CL_WISH	0x20	/* a wish: "i wish we had 3 weeks" */
#define UNDERSTAND_CL_FORMER_GAP	2	/* words of a past mark before a
					 * people word ("my ex", "former") */

/* Is word k of q a user word that is no subject ("my", "our")? */
static int
understand_clause_user_det(const struct kb *kb, const struct kb_query *q,
    size_t k)
{
	unsigned b = understand_cw_bits(kb, q->raw[k]);

	return (b & KB_CW_USER) && !(b & KB_CW_SUBJECT);
}

/*
 * Is the person at word k of q the user's by a possessive after them, one
 * word between ("former manager of mine", "an old boss of ours": a
 * clause_words possessives word that is a user word)?
 */
static int
understand_clause_owned(const struct kb *kb, const struct kb_query *q,
    size_t k)
{
	unsigned b;

	if (k + 2 >= q->n || q->brk[k + 1] || q->brk[k + 2])
		return 0;
	b = understand_cw_bits(kb, q->raw[k + 2]);
	return (b & KB_CW_POSSESSIVE) && (b & KB_CW_USER);
}

/*
 * Is the clause of q opening at word f someone else's (owner "other"):
 * a user word that is no subject ("our", "my") then, within
 * UNDERSTAND_CL_FORMER_GAP words, a clause_words people word that is no
 * phrases.reading.relay_roles word ("our competitor", "my friend's
 * startup"; not "our cto", who relays the user's own facts), and no
 * subject of the user's after it in the clause [f, e)?
 */
static int
understand_clause_other(const struct kb *kb, const struct kb_query *q,
    size_t f, size_t e)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t k, j;
	unsigned b;

	/* "im the guy who ...": a determiner after it, no possessive */
	if (!understand_clause_user_det(kb, q, f) || (f + 1 < e &&
	    (understand_cw_bits(kb, q->raw[f + 1]) & KB_CW_DET)))
		return 0;
	for (k = f + 1; k < e && k <= f + UNDERSTAND_CL_FORMER_GAP; k++) {
		b = understand_cw_bits(kb, q->raw[k]);
		if (!(b & KB_CW_PEOPLE))
			continue;
		if (match_in_list(q->raw[k], strlen(q->raw[k]),
		    ph->relay_roles, ph->nrelay_roles))
			return 0;
		for (j = k + 1; j < e; j++)
			if ((understand_cw_bits(kb, q->raw[j]) &
			    (KB_CW_USER | KB_CW_SUBJECT)) ==
			    (KB_CW_USER | KB_CW_SUBJECT))
				return 0;
		return 1;
	}
	return 0;
}

/*
 * Does a past_marks cue at word k of q (UNDERSTAND_CL_FORMER_GAP words at
 * most) tell of a former person or employer: a clause_words people word
 * or a phrases.reading.employer_nouns word right after it ("my ex boss",
 * "my previous company", "former cto")?  Looked up from the cue, so
 * that a word of no cue costs one chain look-up.
 */
static int
understand_clause_former(const struct kb *kb, const struct kb_query *q,
    size_t k)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t j, len, p;

	len = understand_listed_cue(&kb->past_marks_by_word, ph->past_marks,
	    ph->npast_marks, q, NULL, NULL, 0, NULL, k);
	if (len == 0 || len > UNDERSTAND_CL_FORMER_GAP || (p = k + len) >=
	    q->n)
		return 0;
	for (j = k + 1; j <= p; j++)
		if (q->brk[j])
			return 0;
	if (!(understand_cw_bits(kb, q->raw[p]) & KB_CW_PEOPLE) &&
	    !match_in_list(q->raw[p], strlen(q->raw[p]), ph->employer_nouns,
	    ph->nemployer_nouns))
		return 0;
	/* whose: the cue opens with a user word ("my old") or one is
	 * right before it ("my ex"), or one owns the person after them
	 * ("former manager of mine"); "ex-teacher retraining as a dev"
	 * is the user's own past */
	return understand_clause_user_det(kb, q, k) || (k > 0 && !q->brk[k] &&
	    understand_clause_user_det(kb, q, k - 1)) ||
	    understand_clause_owned(kb, q, p);
}

/*
 * Is someone the subject of the clause whose words from k (to e) follow
 * its condition word: a user, others or people word among the next
 * UNDERSTAND_CL_FORMER_GAP words ("if we build", "if the cto
 * greenlights")?  "if a request takes an extra 20ms nobody cares" states
 * a rule of the present, not a plan supposed.
 */
static int
understand_clause_person_next(const struct kb *kb, const struct kb_query *q,
    size_t k, size_t e)
{
	size_t j;

	for (j = k; j < e && j < k + UNDERSTAND_CL_FORMER_GAP; j++)
		if (understand_cw_bits(kb, q->raw[j]) & (KB_CW_USER |
		    KB_CW_OTHER | KB_CW_PEOPLE))
			return 1;
	return 0;
}

/* Is word k of q the start of a cue of list (indexed in ch)? */
static int
understand_clause_cue(const struct kb_phrase_chain *ch,
    const char *const *list, size_t n, const struct kb_query *q, size_t k)
{
	return n > 0 && understand_listed_cue(ch, list, n, q, NULL, NULL, 0,
	    NULL, k) > 0;
}

/* Does the clause [b, e) of q hold a user word ("we", "our")? */
static int
understand_clause_users(const struct kb *kb, const struct kb_query *q,
    size_t b, size_t e)
{
	for (; b < e; b++)
		if (understand_cw_bits(kb, q->raw[b]) & KB_CW_USER)
			return 1;
	return 0;
}

/*
 * Where another group's work, told beside the user's own, ends in the
 * clause of q opening at word f (to e), or f when none is told: a user
 * word that is no subject or a determiner, one or two words naming the
 * group, a phrases.reading.group_nouns word ("our sre team", "the
 * platform team"; not "our team") that no conjunction follows ("our sre
 * team and i": the user is one of them), then a user subject word
 * ("i", "we") later in the sentence, opening a clause or after a
 * conjunction ("..., i build the react frontend", "... while i do the
 * web ui"): the group's part ends at that clause's end or at that
 * conjunction.  Cost: a list test for two or three words of a clause;
 * the sentence scanned after a group only.
 */
static size_t
understand_clause_group(const struct kb *kb, const struct kb_query *q,
    size_t f, size_t e)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t k, j;
	unsigned b;

	if (ph->ngroup_nouns == 0 || (!understand_clause_user_det(kb, q, f) &&
	    !(understand_cw_bits(kb, q->raw[f]) & KB_CW_DET)))
		return f;
	for (k = f + 2; k < e && k <= f + 3; k++)
		if (match_in_list(q->raw[k], strlen(q->raw[k]),
		    ph->group_nouns, ph->ngroup_nouns))
			break;
	if (k + 1 >= e || k > f + 3 || (understand_cw_bits(kb,
	    q->raw[k + 1]) & KB_CW_CONJ))
		return f;
	for (j = k + 2; j < q->n && !(q->brk[j] & TEXT_BRK_SENTENCE); j++) {
		b = understand_cw_bits(kb, q->raw[j]);
		if ((b & (KB_CW_USER | KB_CW_SUBJECT)) !=
		    (KB_CW_USER | KB_CW_SUBJECT))
			continue;
		if (j < e && (understand_cw_bits(kb, q->raw[j - 1]) &
		    KB_CW_CONJ))
			return j - 1;
		if (j >= e)
			return e;
	}
	return f;
}

/*
 * Does an opinion cue ending before word k of q give the
 * user a task rather than an opinion: a user word that is no subject or
 * a subject that is no user word right after it ("my boss wants it
 * shipped in 3 weeks", "our cto wants us to build the apis": the user's
 * deadline and work)?  "in my manager's view we need ..." is an opinion.
 */
static int
understand_clause_directive(const struct kb *kb, const struct kb_query *q,
    size_t k)
{
	unsigned b;

	/* "it" may open a clause of its own: read past the clause end */
	if (k >= q->n || q->brk[k])
		return 0;
	b = understand_cw_bits(kb, q->raw[k]) & (KB_CW_USER | KB_CW_SUBJECT);
	return b == KB_CW_USER || b == KB_CW_SUBJECT;
}

/*
 * Does the user speak as a subject inside the clause [k, e) an opinion
 * cue opens, past its first word ("our lead wants rust for the kernel
 * drivers we write": the drivers are the user's work)?  A user word right
 * after the cue is the opinion's own ("in my manager's view we need ...").
 */
static int
understand_clause_relative_user(const struct kb *kb, const struct kb_query *q,
    size_t k, size_t e)
{
	size_t j;

	for (j = k + 1; j < e && j < q->n; j++)
		if ((understand_cw_bits(kb, q->raw[j]) & KB_CW_USER) &&
		    !understand_clause_user_det(kb, q, j))
			return 1;
	return 0;
}

/*
 * Is word k of q a word that opens a person's name: a user word that is
 * no subject ("my", "our") or a determiner ("the vp", "a senior dev")?
 */
static int
understand_clause_opinion_det(const struct kb *kb, const struct kb_query *q,
    size_t k)
{
	return understand_clause_user_det(kb, q, k) ||
	    (understand_cw_bits(kb, q->raw[k]) & KB_CW_DET);
}

/*
 * Does the clause of q opening at word f (to e) tell someone's opinion:
 * a user word that is no subject ("my", "our") or a determiner ("the")
 * at f or right after one word ("in my manager's view"), within
 * UNDERSTAND_CL_FORMER_GAP words a clause_words people word (relay_roles
 * words too: "cto", "boss"), and at most one word after it a
 * phrases.reading.opinion_verbs cue ("our cto wants rust", "my cto keeps
 * saying", "in our architect's opinion"; not "my cto says", who relays
 * the user's own facts, nor a task, understand_clause_directive())?
 * What the sentence says from there is a claim to check, not the user's (nc52).
 * Cost: a few bit look-ups; the opinion cues tested after a people word
 * only.
 */
static int
understand_clause_opinion(const struct kb *kb, const struct kb_query *q,
    size_t f, size_t e)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t k, r, i, n;

	if (ph->nopinion_verbs == 0)
		return 0;
	if (!understand_clause_opinion_det(kb, q, f) && (f + 1 >= e ||
	    !understand_clause_opinion_det(kb, q, ++f)))
		return 0;
	for (k = f + 1; k < e && k <= f + UNDERSTAND_CL_FORMER_GAP; k++) {
		if (!(understand_cw_bits(kb, q->raw[k]) & KB_CW_PEOPLE))
			continue;
		/* "my cto always keeps saying": one word between */
		for (r = k + 1; r < e && r <= k + 2; r++)
			for (i = 0; i < ph->nopinion_verbs; i++)
				if ((n = understand_cue_at(q, r,
				    ph->opinion_verbs[i])) > 0)
					return !understand_clause_directive(kb,
					    q, r + n) &&
					    !understand_clause_relative_user(kb,
					    q, r + n, e);
		return 0;
	}
	return 0;
}

/* Does the clause [b, e) of q say now (present_marks, story_turns)? */
static int
understand_clause_now(const struct kb *kb, const struct kb_query *q,
    size_t b, size_t e)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t k;

	for (k = b; k < e; k++)
		if (understand_clause_cue(&kb->present_marks_by_word,
		    ph->present_marks, ph->npresent_marks, q, k) ||
		    understand_clause_cue(&kb->story_turns_by_word,
		    ph->story_turns, ph->nstory_turns, q, k))
			return 1;
	return 0;
}

/*
 * The time of the clause [b, e) of q: UNDERSTAND_CL_PAST when it holds a
 * phrases.reading.past_states cue or a former person or employer
 * (understand_clause_former()) and does not say now
 * (understand_clause_now()), else 0.  The one reading of a state gone
 * by, asked by the clause analysis.  Cost: two or three cue look-ups a
 * word.
 */
static unsigned char
understand_clause_time(const struct kb *kb, const struct kb_query *q,
    size_t b, size_t e)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t k;

	for (k = b; k < e; k++) {
		/* most words begin no cue of a list: skipped on the
		 * list's chain's first-byte and length bits, with no
		 * call */
		if ((understand_chain_may(&kb->past_states_by_word,
		    q->raw[k]) && understand_clause_cue(
		    &kb->past_states_by_word, ph->past_states,
		    ph->npast_states, q, k)) || (understand_chain_may(
		    &kb->past_marks_by_word, q->raw[k]) &&
		    understand_clause_former(kb, q, k)))
			return understand_clause_now(kb, q, b, e) ? 0 :
			    UNDERSTAND_CL_PAST;
	}
	return 0;
}

/*
 * Does a relative clause open at word k of q on people a
 * phrases.reading.recruit_verbs verb takes ("we hire people who already
 * know go", "we train juniors who come from python"): a relative_openers
 * word ("who") with such a verb at most UNDERSTAND_CL_RECRUIT_GAP words
 * before it, in the same clause, no user or others word between?  What
 * that clause tells is theirs; "i manage engineers who build apis" and
 * "me and two guys who ..." stay the user's.  Cost: one relative_openers
 * test a word, the few words before an opener tested against the verbs.
 */
#define UNDERSTAND_CL_RECRUIT_GAP	3
static int
understand_clause_recruited(const struct kb *kb, const struct kb_query *q,
    size_t b, size_t k)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t j;

	if (q->brk[k] || !match_in_list(q->raw[k], strlen(q->raw[k]),
	    ph->relative_openers, ph->nrelative_openers))
		return 0;
	for (j = k; j > b && j + UNDERSTAND_CL_RECRUIT_GAP > k; j--) {
		if (j < k && (q->brk[j + 1] || (understand_cw_bits(kb,
		    q->raw[j]) & (KB_CW_USER | KB_CW_OTHER))))
			return 0;
		if (match_in_list(q->raw[j - 1], strlen(q->raw[j - 1]),
		    ph->recruit_verbs, ph->nrecruit_verbs))
			return j - 1 < k - 1;
	}
	return 0;
}

/*
 * The words of a phrase of ch (a list indexed by first word,
 * kb_phrase_chain_build()) that begins at word k of q, as read, within
 * [k, e), or 0: the longest such phrase ("i was wondering if" over
 * "i was wondering").  Cost: one chain look-up; the phrases of k's first
 * word compared word by word.
 */
static size_t
understand_clause_phrase(const struct kb_phrase_chain *ch,
    const struct kb_query *q, size_t k, size_t e)
{
	const char *p;
	size_t j, wl, best = 0;
	int32_t c;

	if (ch->next == NULL)
		return 0;
	for (c = kb_phrase_chain_word(ch, q->raw[k], strlen(q->raw[k]));
	    c >= 0; c = ch->next[c]) {
		for (p = ch->phrase[c], j = k; *p != '\0' && j < e; j++) {
			wl = text_word_len(p);
			if (strlen(q->raw[j]) != wl ||
			    memcmp(q->raw[j], p, wl) != 0)
				break;
			p += wl + (p[wl] == ' ');
		}
		if (*p == '\0' && j - k > best)
			best = j - k;
	}
	return best;
}

/*
 * Does the clause [f, e) of q open on a supposition: a
 * phrases.reading.suppositions word ("suppose", "imagine", "say") with a
 * person right after it ("suppose we rewrite the proxy someday")?  A
 * supposition is no fact, as a condition is not; a wh word before any
 * subject ("say me which one") makes it a request.  Or on a question lead
 * (phrases.reading.question_leads) whose last word or the word after it
 * is a conditions word ("i wonder if we need a gc", "just wondering
 * whether we should care"): what is wondered is asked, not told.
 * Returns UNDERSTAND_CL_COND, UNDERSTAND_CL_ASKED or 0.
 */
static unsigned char
understand_clause_supposed(const struct kb *kb, const struct kb_query *q,
    size_t f, size_t e)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t n, j;
	unsigned b = 0;

	if (match_in_list(q->raw[f], strlen(q->raw[f]), ph->suppositions,
	    ph->nsuppositions) && understand_clause_person_next(kb, q, f + 1,
	    e)) {
		/* "say me only which one, we build proxies": a wh word
		 * before any subject asks the advisor something (hx52b) */
		for (j = f + 1; j < e && !(b & (KB_CW_WH | KB_CW_SUBJECT |
		    KB_CW_PEOPLE | KB_CW_OTHER)); j++)
			b = understand_cw_bits(kb, q->raw[j]);
		if (!(b & KB_CW_WH))
			return UNDERSTAND_CL_COND;
	}
	if ((n = understand_clause_phrase(&kb->question_leads_by_word, q, f,
	    e)) > 0 && f + n < e && (match_in_list(q->raw[f + n - 1],
	    strlen(q->raw[f + n - 1]), ph->conditions, ph->nconditions) ||
	    match_in_list(q->raw[f + n], strlen(q->raw[f + n]),
	    ph->conditions, ph->nconditions)))
		return UNDERSTAND_CL_ASKED;
	return 0;
}

/*
 * Does a wish open at word k of q: a phrases.reading.wish_starts cue
 * ("i wish", "we really wish") that is no phrases.reading.wish_wants cue
 * ("i wish to build drivers": a want, the user's plan, hx50b)?  Cost:
 * one cue comparison a wish_starts entry.
 */
static int
understand_clause_wish(const struct kb_phrases *ph, const struct kb_query *q,
    size_t k)
{
	size_t i;

	for (i = 0; i < ph->nwish_starts; i++)
		if (understand_cue_at(q, k, ph->wish_starts[i]) > 0)
			break;
	if (i == ph->nwish_starts)
		return 0;
	for (i = 0; i < ph->nwish_wants; i++)
		if (understand_cue_at(q, k, ph->wish_wants[i]) > 0)
			return 0;
	return 1;
}

/*
 * Does q open with a wish (UNDERSTAND_CL_WISH on its first word that is
 * no filler, joining or clause_breaks word, nor blanked), with no clause
 * of the user's own after it ("i wish gc pauses were fine but we need
 * deterministic latency": the wish is set aside, the rest is told,
 * hx52b)?  The message's mood: understand_step_target() reads it as a
 * what-if.
 */
static int
understand_clause_wished(const struct kb *kb, const struct kb_query *q)
{
	size_t k, j;

	for (k = 0; k < q->n && (q->raw[k][0] == '\0' ||
	    (understand_listed_raw(&kb->phrases, q->raw[k]) &
	    (KB_LISTED_JOIN | KB_LISTED_BREAK | KB_LISTED_FILLER))); k++)
		;
	if (k == q->n || !(q->clause[k] & UNDERSTAND_CL_WISH))
		return 0;
	for (j = k + 1; j + 1 < q->n; j++)
		if ((understand_listed_raw(&kb->phrases, q->raw[j]) &
		    KB_LISTED_BREAK) && !(q->clause[j + 1] &
		    (UNDERSTAND_CL_WISH | UNDERSTAND_CL_COND |
		    UNDERSTAND_CL_OTHER)) && (understand_cw_bits(kb,
		    q->raw[j + 1]) & KB_CW_USER))
			return 0;
	return 1;
}

/*
 * General hearsay about a subject (rl50): "somebody told me rust needs
 * months to learn", "i heard go takes like 2 weeks to pick up".  A
 * sentence opening with a phrases.reading.hearsay phrase, or with one
 * word that is no user, people or relay_roles word followed by a
 * phrases.reading.report_verbs phrase ("somebody told me", "someone
 * said"), whose next clause names one of the article's subjects by a
 * one-word name, tells a claim to check, not the user's own timeline or
 * work: the clause analysis marks the sentence up to that clause's end
 * someone else's (UNDERSTAND_CL_OTHER), as it was blanked before gd52.
 * A message asking something is not read (its question asks about the
 * hearsay).  Cost: one hearsay and one report_verbs scan a sentence
 * start, one subject test a word of the clause.
 */
static void
understand_clause_heard(const struct kb *kb, struct kb_query *q)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t k, e, j, i;
	int named;
	const char *w;

	/* most messages name no subject: one pass over the words first */
	for (j = 0, named = 0; j < q->n && !named; j++) {
		w = q->term[j] != NULL ? q->term[j] : q->raw[j];
		named = q->subject[j] >= 0;
		for (i = 0; i < kb->nsubjects; i++)
			named |= strcasecmp(w, kb->subjects[i].name) == 0;
	}
	if (!named)
		return;
	for (k = 0; k < q->n; k++) {
		if (k > 0 && !(q->brk[k] & TEXT_BRK_SENTENCE))
			continue;
		e = understand_scope_list_end(q, k, ph->hearsay, ph->nhearsay);
		if (e == k && k + 1 < q->n && !q->brk[k + 1] &&
		    (understand_cw_bits(kb, q->raw[k]) & ~(unsigned)
		    KB_CW_OTHER) == 0 &&
		    !match_in_list(q->raw[k],
		    strlen(q->raw[k]), ph->relay_roles, ph->nrelay_roles) &&
		    (e = understand_scope_reports_end(kb, q, k + 1)) == k + 1)
			e = k;
		if (e == k || e >= q->n || q->brk[e])
			continue;
		for (j = e, named = 0; j < q->n && (j == e || !q->brk[j]);
		    j++) {
			/* "i heard go is great and we build apis": a
			 * joined clause of the user's own ends it (hx52b) */
			if (j > e && j + 1 < q->n && !q->brk[j + 1] &&
			    (understand_listed_raw(ph, q->raw[j]) &
			    (KB_LISTED_JOIN | KB_LISTED_BREAK)) &&
			    (understand_cw_bits(kb, q->raw[j + 1]) &
			    KB_CW_USER))
				break;
			w = q->term[j] != NULL ? q->term[j] : q->raw[j];
			named |= q->subject[j] >= 0;
			for (i = 0; i < kb->nsubjects; i++)
				named |= strcasecmp(w, kb->subjects[i].name) ==
				    0;
		}
		if (!named)
			continue;
		for (i = k; i < j; i++)
			q->clause[i] |= UNDERSTAND_CL_OTHER;
		k = j - 1;
	}
}

/*
 * Mark each clause of q (text, len: the message as typed) once, before
 * any reader blanks a word: q->clause[k] of every word k of a clause gets
 * UNDERSTAND_CL_READ and any of UNDERSTAND_CL_PAST (a state gone by, a
 * former person or employer: understand_clause_time()), _OTHER (someone
 * else's: understand_clause_other(), and a joined clause after it with no
 * subject of its own; a relative clause on people a recruit verb takes,
 * understand_clause_recruited(); a sentence of hearsay about a subject in
 * a message asking nothing: understand_clause_heard()), _WISH (a clause
 * opening with a wish: understand_clause_wish(); a message opening so is
 * a what-if, understand_clause_wished()), _ASKED (a sentence asking
 * whether someone said it: a yes_no_starts word opening a sentence of a
 * message ending in "?" with a relay_facts or report_verbs cue; a
 * wondered condition, understand_clause_supposed()) and _COND (a
 * condition or a supposition with a person as its subject, and the next
 * clause of its sentence unless that one says now or the condition is a
 * concessive).  Clauses end at clause marks, joins and clause_breaks.
 * understand_clause_out() is the one reader of the marks (cl51).  One
 * pass over the words, a few cue look-ups a word.
 */
static void
understand_clause_analyse(const struct kb *kb, const char *text, size_t len,
    struct kb_query *q)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t b, e, k, f, f0, g, sent = 0;
	int asking = understand_ends_question(text, len);
	int cond_next = 0, asked = 0, other = 0, mine = 0, concede;
	int opined = 0;
	unsigned char m, sup;

	for (b = 0; b < q->n; b = e) {
		if (b == 0 || (q->brk[b] & TEXT_BRK_SENTENCE)) {
			sent = b;
			cond_next = other = mine = opined = 0;
			/* "is it true my lead said ...?": the sentence asks */
			asked = 0;
			for (k = b; asking && k < q->n && (k == b ||
			    !(q->brk[k] & TEXT_BRK_SENTENCE)) && !asked &&
			    match_in_list(q->raw[b], strlen(q->raw[b]),
			    ph->yes_no_starts, ph->nyes_no_starts); k++)
				/* by first word (kb_cue_chain_build()), not
				 * a scan of both lists at every word */
				asked = understand_clause_cue(
				    &kb->relay_facts_by_word, ph->relay_facts,
				    ph->nrelay_facts, q, k) ||
				    understand_clause_cue(
				    &kb->report_verbs_by_word, ph->report_verbs,
				    ph->nreport_verbs, q, k);
		}
		for (e = b + 1; e < q->n && !q->brk[e] &&
		    !(understand_listed_raw(ph, q->raw[e]) &
		    (KB_LISTED_JOIN | KB_LISTED_BREAK)); e++)
			;
		for (f0 = b; f0 + 1 < e && (understand_listed_raw(ph,
		    q->raw[f0]) & (KB_LISTED_JOIN | KB_LISTED_BREAK |
		    KB_LISTED_FILLER)); f0++)
			;
		m = UNDERSTAND_CL_READ | understand_clause_time(kb, q, b, e);
		/* "i wish we had 3 weeks": supposed, not told */
		if (ph->nwish_starts > 0 && understand_clause_wish(ph, q, f0))
			m |= UNDERSTAND_CL_WISH;
		/* "our competitor has 50 devs and writes everything in
		 * rust": someone else's, and so is a clause after a
		 * joining word with no subject of its own */
		/* "our cto wants rust since it's safe": an opinion, and
		 * a clause it runs into with no word of the user's */
		opined = understand_clause_opinion(kb, q, f0, e) ||
		    (opined && !q->brk[b] && !understand_clause_users(kb,
		    q, b, e));
		if (opined ||
		    (understand_clause_other(kb, q, f0, e) && !mine) ||
		    (other &&
		    b > sent && (understand_listed_raw(ph, q->raw[b]) &
		    KB_LISTED_JOIN) && b + 1 < e && !(understand_cw_bits(kb,
		    q->raw[b + 1]) & (KB_CW_USER | KB_CW_SUBJECT |
		    KB_CW_OTHER | KB_CW_PEOPLE))))
			m |= UNDERSTAND_CL_OTHER;
		other = (m & UNDERSTAND_CL_OTHER) != 0;
		/* "me and my coworker are both java devs": the user's
		 * own clause of one or two user words joins the next */
		/* (only a clause of two words or fewer is looked up) */
		for (k = b, mine = e - b <= 2; k < e && mine; k++)
			mine = (understand_cw_bits(kb, q->raw[k]) &
			    KB_CW_USER) != 0 || (understand_listed_raw(ph,
			    q->raw[k]) & KB_LISTED_JOIN);
		if (asked)
			m |= UNDERSTAND_CL_ASKED;
		/* the condition's first word, past a joining word */
		for (f = b; f + 1 < e && (understand_listed_raw(ph,
		    q->raw[f]) & (KB_LISTED_JOIN | KB_LISTED_BREAK |
		    KB_LISTED_FILLER)); f++)
			;
		/* "whether we pick rust or go, we ship apis": the clause
		 * after alternatives holds either way, no consequent */
		concede = match_in_list(q->raw[f], strlen(q->raw[f]),
		    ph->concessives, ph->nconcessives);
		if (!asking && (concede || match_in_list(q->raw[f],
		    strlen(q->raw[f]), ph->conditions, ph->nconditions)) &&
		    understand_clause_person_next(kb, q, f + 1, e)) {
			m |= UNDERSTAND_CL_COND;
			cond_next = !concede;
		} else if (!asking && (sup = understand_clause_supposed(kb,
		    q, f, e)) != 0) {
			/* "suppose we ...", "i wonder if we ...": the
			 * wondered clause asks and is no condition of the
			 * next */
			m |= sup;
			cond_next = sup == UNDERSTAND_CL_COND;
		} else if (cond_next && b > sent &&
		    !understand_clause_now(kb, q, b, e)) {
			m |= UNDERSTAND_CL_COND;
			cond_next = 0;
		} else
			cond_next = 0;
		for (k = b; k < e; k++)
			q->clause[k] = m;
		/* "our sre team builds the operators, i build the
		 * frontend": the group's part is theirs */
		if ((g = understand_clause_group(kb, q, f0, e)) > f0) {
			for (k = b; k < g; k++)
				q->clause[k] |= UNDERSTAND_CL_OTHER;
			other = g == e;
		}
		/* "we hire people who know go": the relative clause, up
		 * to a word of the user's ("... who know rust for our
		 * proxy"), tells of them */
		for (k = b + 2; ph->nrecruit_verbs > 0 && k < e; k++)
			if (understand_clause_recruited(kb, q, b, k)) {
				for (; k < e && !(understand_cw_bits(kb,
				    q->raw[k]) & KB_CW_USER); k++)
					q->clause[k] |= UNDERSTAND_CL_OTHER;
				break;
			}
	}
	/* "people keep saying go devs earn less, why?": a question about
	 * the hearsay asks it, the claim stays for the question readers */
	if (!asking && ph->nhearsay > 0)
		understand_clause_heard(kb, q);
}

/*
 * Is the answer read at word a of q for question qu no fact of the
 * user's present work (understand_clause_analyse()): a condition, a
 * claim asked about, someone else's, a wish, or, for a question of the present state
 * (present_state), a state gone by?  A query the analysis did not read
 * (a scratch query normalized from part of a message) has no mark: no
 * eval item or break test needed rl50b's past-state reading of one,
 * deleted by gd52.
 */
static int
understand_clause_out(const struct kb_query *q, const struct kb_question *qu,
    size_t a)
{
	unsigned char m = a < q->n ? q->clause[a] : 0;

	if (m & (UNDERSTAND_CL_COND | UNDERSTAND_CL_ASKED |
	    UNDERSTAND_CL_OTHER | UNDERSTAND_CL_WISH))
		return 1;
	return qu->present_state && (m & UNDERSTAND_CL_PAST);
}

/*
 * q with the words understand_clause_out() holds out for question qu
 * blanked, into fq, when the clause analysis ran and holds out a word:
 * a choice read over the whole message must not join a clause of no
 * fact to the user's own ("suppose we rewrite our proxy someday, today
 * it's plain rest apis" is the APIs, not both layers; "whether we pick
 * rust or go, we ship apis").  Returns 1 with fq made, else 0 (fq
 * untouched).  Cost: a mark test a word; the copy only when a word is
 * held out.
 */
static int
understand_clause_facts(const struct kb_query *q, const struct kb_question *qu,
    struct kb_query *fq)
{
	size_t k, from = q->n;

	if (q->n == 0 || !(q->clause[0] & UNDERSTAND_CL_READ))
		return 0;
	for (k = 0; k < q->n && from == q->n; k++)
		if (understand_clause_out(q, qu, k))
			from = k;
	if (from == q->n)
		return 0;
	*fq = *q;
	for (k = from; k < q->n; k++)
		if (understand_clause_out(q, qu, k))
			understand_blank(fq, k, k + 1);
	return 1;
}

/*
 * The words of s as the dialogue reads them, into s->q: as typed, not
 * squashed ("c++" reads as "cpp"; "30ms" as "30 ms"), the words that set
 * aside what follows marked (understand_set_aside).
 */

static void
understand_read_words(const struct dlg *d, struct said *s)
{
	char units[512];
	size_t nunits;

	if ((nunits = understand_split_units(s->text, s->len, units,
	    sizeof(units))) > 0)
		kb_normalize(d->kb, units, nunits, KB_NORM_MATCH, &s->q);
	else
		kb_normalize(d->kb, s->text, s->len, KB_NORM_MATCH, &s->q);
	s->relay_role = -1;
	/* before any reader blanks a word of it */
	understand_clause_analyse(d->kb, s->text, s->len, &s->q);
	understand_set_aside(d->kb, &s->q);
	understand_served(d->kb, &s->q);
	s->studied = understand_studied(d, &s->q);
	understand_employer(d, &s->q);
	/* before the scope readers, which would blank the attribution
	 * ("my lead said that") alone and leave the quote */
	s->quoted = understand_scope_dash_quote(d->kb, &s->q);
	/* after the quotes: "\"no gc pauses\" - my boss told us" stays
	 * the boss's word */
	if (d->kb->phrases.nrelay_roles > 0 && understand_has_word_of(s->sq,
	    d->kb->phrases.relay_roles, d->kb->phrases.nrelay_roles)) {
		size_t from, to;
		int role, over;

		/* "our lead says p99 is fine. i dont agree, we need
		 * deterministic latency": the user's own later word on
		 * every question the relayed sentence answers wins; the
		 * relayed sentence is not read (px50) */
		over = understand_relay_overruled(d, &s->q, &role, &from,
		    &to);
		if (over == 2)
			understand_blank(&s->q, from, to);
		/* the role for the understood notice, none when the
		 * user's own later word overrules the relay: naming the
		 * source would put it in their cto's mouth (px50) */
		s->relay_role = over > 0 ? 0 : role;
		(void)understand_scope_relay(d->kb, &s->q);
	}
	s->theirs = understand_scope(d, &s->q);
	understand_scope_clauses(d, s);
	understand_scope_who(d->kb, &s->q);
	s->reported = understand_scope_reported(d->kb, &s->q);
	s->quoted |= understand_scope_own_part(d->kb, &s->q);
	s->says = understand_says_all(d->kb, UNDERSTAND_SAYS_READ, s->sq);
}

/* Is word w an auxiliary or modal (lexicon.json clause_words)? */
static int
understand_aux(const struct kb *kb, const char *w)
{
	int32_t bits = strmap_get(&kb->clause_words, w);

	return bits >= 0 && (bits & KB_CW_AUX) != 0;
}

/*
 * A negation right before a word of phrases.reading.negation_accepts
 * ("i don't mind taking half a year", "we wouldn't mind months"), the
 * negation a negated auxiliary or after one (not the imperative "never
 * mind the services"), accepts what follows rather than refusing it:
 * that negation is cleared in q,
 * so the words after it answer as said.  Cost: one list look-up per
 * negation.
 */
static void
understand_accepted(const struct kb *kb, struct kb_query *q)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t i;

	for (i = 0; ph->nnegation_accepts > 0 && i + 1 < q->n; i++)
		if (q->negation[i] == 1 && !q->brk[i + 1] &&
		    (understand_aux(kb, q->raw[i]) || (i > 0 &&
		    understand_aux(kb, q->raw[i - 1]))) &&
		    match_in_list(q->raw[i + 1], strlen(q->raw[i + 1]),
		    ph->negation_accepts, ph->nnegation_accepts))
			q->negation[i] = 0;
}

/*
 * Is a word of q (as the dialogue reads it) one of
 * phrases.reading.figure_words ("percentage", "stats"; "%" reads as
 * the lexicon's percent_word)?
 */
static int
understand_has_figure_word(const struct kb *kb, const struct kb_query *q)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t i;

	for (i = 0; i < q->n; i++)
		if (q->raw[i][0] != '\0' && match_in_list(q->raw[i],
		    strlen(q->raw[i]), ph->figure_words, ph->nfigure_words))
			return 1;
	return 0;
}

/*
 * "k8s is coded in which language again?", "remind me what docker is
 * programmed in", "which language did google write kubernetes in": does
 * squashed sq ask what a named thing is made in?  It holds a phrase of
 * phrases.reading.made_in, or a word of made_verbs with a word of
 * made_ends at most UNDERSTAND_MADE_GAP words after it, and no word of
 * made_guards before either ("which language to build a cli in", "what
 * should we write it in": the user's choice to come, a verdict).  Cost:
 * one pass over sq's words, a first-letter filter per phrase.
 */
#define UNDERSTAND_MADE_GAP	3

static int
understand_made_fact(const struct kb *kb, const char *sq)
{
	const struct kb_phrases *ph = &kb->phrases;
	const char *w, *v;
	size_t n, m, i, len, k;

	for (w = sq; *w != '\0'; w += n, w += text_space_len(w)) {
		if ((n = text_word_len(w)) == 0)
			break;
		if (match_in_list(w, n, ph->made_guards, ph->nmade_guards))
			return 0;
		for (i = 0; i < ph->nmade_in; i++)
			if (ph->made_in[i][0] == w[0] &&
			    text_begins(w, ph->made_in[i], &len) &&
			    (w[len] == ' ' || w[len] == '\0'))
				return 1;
		if (!match_in_list(w, n, ph->made_verbs, ph->nmade_verbs))
			continue;
		for (v = w + n, k = 0; k < UNDERSTAND_MADE_GAP && *v != '\0';
		    k++, v += m) {
			v += text_space_len(v);
			if ((m = text_word_len(v)) == 0)
				break;
			if (match_in_list(v, m, ph->made_ends, ph->nmade_ends))
				return 1;
		}
	}
	return 0;
}

/*
 * What kind of message s is, from its squashed text and its words (read
 * by understand_read_words()): a question, a request for the verdict,
 * about the user, about a subject; a statement that corrects itself has
 * the words it takes back blanked in s->q (understand_correction).
 */
static void
understand_read_kind(const struct dlg *d, struct said *s)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	int told, said_person;	/* understand_first_person() of s->text */

	s->story = 0;
	/* read after the commands (a request's head says them), before any
	 * answer is (understand_request) */
	s->request = understand_request(d->kb, &s->q);
	if (understand_has_person(d->kb, &s->q))
		s->request = 0;
	s->question = understand_is_question(d->kb, s->text, s->len, s->sq);
	s->intro = understand_intro(d->kb, s->text, s->len, s->sq);
	/* "java dev want ...", "jvm dev tired of ...": a role read as the
	 * "here" introduction is ("java dev here, want ..."); as with it,
	 * what follows speaks of the user when it opens with a phrase of
	 * phrases.reading.implied_subject, not otherwise ("Kotlin dev,
	 * five years in, wondering ..." stays as it was) */
	if (s->intro == 0)
		s->intro = understand_intro_role(d->kb, s->text, s->len,
		    s->sq);
	/* "was thinking of learning rust ... scratch that, ...": a first
	 * word of a question ("was") that opens a statement with its "I"
	 * left out (phrases.reading.implied_subject) asks nothing unless a
	 * question mark ends it; so after a self-introduction ("student
	 * here, trying to figure out which of the two to learn") */
	if (s->question && !understand_ends_question(s->text, s->len) &&
	    understand_begins(d->kb, s->sq + s->intro,
	    &d->kb->implied_subject_by_word, ph->implied_subject,
	    ph->nimplied_subject))
		s->question = 0;
	s->asks_verdict = (s->says & 1u << KB_CMD_RECOMMEND) != 0;
	/* read once: s->first_person changes below, the words do not */
	said_person = understand_first_person(d->kb, s->text, s->len);
	s->first_person = said_person;
	s->weighs = !s->first_person &&
	    understand_weighs_after_mark(d->kb, s->text, s->len);
	/* "tell me more about the job market", "give me the numbers on
	 * memory safety": a request to the advisor whose "me" is its only
	 * first person asks about the article, as the question would; it
	 * tells nothing of the user (a request for the verdict still reads
	 * the case it names: "tell me which one suits an operator") */
	if (s->request) {
		s->first_person = 0;
		if (!s->asks_verdict && (s->request & 2) &&
		    understand_has_content(d->kb, &s->q))
			s->question = 1;
	}
	/* "on second thought it's a storage engine" speaks of the user
	 * (phrases.reading.change_starts) */
	if (!s->question && !s->first_person && understand_begins(d->kb,
	    s->sq, NULL, ph->change_starts, ph->nchange_starts))
		s->first_person = 1;
	/* "http apis on k8s. nobody on the team knows rust or go yet": a
	 * statement whose subject is the user's own team (phrases.reading.
	 * team_subjects) speaks of the user, who names the languages as
	 * skills, not as the topic of a question */
	if (!s->question && !s->first_person && text_has_phrase(s->sq,
	    ph->team_subjects, ph->nteam_subjects))
		s->first_person = 1;
	/* "backend dev building apis, weighing go vs rust for the next
	 * service?": a question mark ending a description whose subjects
	 * are the options weighed asks for the verdict (a deliberation
	 * asked first: rarer than no third party, and one lookup a word);
	 * not when others' thing is weighed ("did discord use rust or go for their sync
	 * server": phrases.reading.third_parties), a question about them */
	if (s->question && !s->first_person && ph->ndeliberations > 0 &&
	    kb_phrase_chain_has(&d->kb->deliberations_by_word,
	    ph->deliberations, ph->ndeliberations, s->sq) &&
	    !text_has_word(s->sq, ph->third_parties, ph->nthird_parties) &&
	    understand_told_by_words(d, s) == 2) {
		s->question = 0;
		s->first_person = s->asks_verdict = 1;
		s->weighs = understand_weighs_by_name(d->kb, s->sq);
	}
	/* "did operators at my last place, the job I just started is
	 * firmware", "former C++ programmer, now building a game server
	 * where ...", "was a rails dev until last month; now ...": a
	 * message that opens with a past mark or a past word of the
	 * lexicon's clause_words ("was") and tells of present work in a
	 * later clause (phrases.reading.past_marks, present_marks) is the
	 * user's story, not a question, unless a question mark ends it;
	 * no clause of it is put to the article (understand_step_clauses) */
	if ((s->question || !s->first_person) &&
	    !understand_ends_question(s->text, s->len) &&
	    s->q.n > 0 && (understand_listed_cue(&d->kb->past_marks_by_word,
	    ph->past_marks, ph->npast_marks, &s->q, NULL, NULL, 0, NULL, 0) >
	    0 || (understand_cw_bits(d->kb, s->q.raw[0]) & KB_CW_PAST)) &&
	    understand_story_of_now(d->kb, &s->q)) {
		s->question = 0;
		s->first_person = 1;
		s->story = 1;
	}
	/* a question does not correct itself ("rust rather than go?") */
	if (!s->question)
		s->corrected = understand_correction(d, s->sq, &s->q,
		    s->kept);
	/* "been writing go for years", "want the better paid jobs": a
	 * statement with its "I" left out, as chat users write; its
	 * opening says so before any comparison word inside it ("better") */
	if (!s->question && !s->first_person && understand_begins(d->kb,
	    s->sq + s->intro, &d->kb->implied_subject_by_word,
	    ph->implied_subject, ph->nimplied_subject))
		s->first_person = 1;
	/* "rust or go for firmware on an stm32": no question mark, the
	 * subjects weighed for a thing that answers the walk (a word of
	 * phrases.reading.deliberations): a description asking for the
	 * verdict, as with the mark (not others' thing, as above) */
	if (!s->question && !s->first_person && ph->ndeliberations > 0 &&
	    kb_phrase_chain_has(&d->kb->deliberations_by_word,
	    ph->deliberations, ph->ndeliberations, s->sq) &&
	    !text_has_word(s->sq, ph->third_parties, ph->nthird_parties) &&
	    understand_told_by_words(d, s) == 2) {
		s->first_person = s->asks_verdict = 1;
		s->weighs = understand_weighs_by_name(d->kb, s->sq);
	}
	if (!s->question && !s->first_person &&
	    (s->question = ask_is_question(d->kb, s->sq))) {
		told = understand_told_by_words(d, s);
		s->question = told == 0;
		/* the options weighed: a description asking for the verdict */
		if (told == 2) {
			s->first_person = s->asks_verdict = 1;
			s->weighs = understand_weighs_by_name(d->kb, s->sq);
		}
	}
	/* "% of security vulns caused by memory safety, google+microsoft
	 * research": keywords with a figure word (phrases.reading.
	 * figure_words; "%" reads as the lexicon's percent_word) and no
	 * first person ask for the figure; they describe no one */
	if (!s->question && !s->first_person && !s->asks_verdict &&
	    understand_has_figure_word(d->kb, &s->q))
		s->question = 1;
	/* "k8s is coded in which language again?", "remind me what docker
	 * is programmed in": what a named thing is made in, asked without
	 * "I" or "we", is a question about the article, whatever "which
	 * language" would ask of the user's own work (understand_made_fact;
	 * a first person keeps the verdict: "which language should we write
	 * it in"; a request's "me" is no first person: "remind me what
	 * docker is coded in") */
	s->made_fact = (s->request || !said_person) &&
	    (s->question || text_has_word(s->sq, ph->question_words,
	    ph->nquestion_words)) && understand_made_fact(d->kb, s->sq);
	if (s->made_fact) {
		s->question = 1;
		s->asks_verdict = s->first_person = s->weighs = 0;
	}
	/* an idiom ("go-to-market") names no subject in a statement or a
	 * request for the verdict; a question about it still may */
	s->about_subject = !s->first_person &&
	    understand_names_subject(d->kb, &s->q, s->text, s->len,
	    !s->question || s->asks_verdict);
}

/*
 * Where the last sentence of text (len bytes) starts when it is a
 * question and the words before it are not: after a sentence's end
 * (". ", "! ", "; ", a line break) or a question mark followed by more;
 * 0 when there is no such break.  "I build web APIs in java. how long
 * until I'm productive in go?" splits before "how".
 */
static size_t
understand_last_sentence(const struct kb *kb, const char *text, size_t len)
{
	char sq[512];
	size_t i, at;

	for (i = len; i-- > 1; ) {
		if (text[i] != '.' && text[i] != '!' && text[i] != ';' &&
		    text[i] != '?' && text[i] != '\n')
			continue;
		if (text[i] != '\n' && (i + 1 >= len ||
		    !isspace((unsigned char)text[i + 1])))
			continue;	/* "node.js", "3.5" */
		for (at = i + 1; at < len &&
		    isspace((unsigned char)text[at]); at++)
			;
		if (at >= len)
			continue;
		kb_squash(text + at, len - at, sq, sizeof(sq));
		if (sq[0] == '\0' || !understand_is_question(kb, text + at,
		    len - at, sq))
			return 0;	/* the last sentence asks nothing */
		return at;
	}
	return 0;
}

/*
 * Does text (len bytes) open with an auxiliary or modal of the
 * lexicon's clause_words as typed, not a contraction ("would go's gc
 * hurt us", not "we're ..." that squashes to "were")?
 */
static int
understand_inverted(const struct kb *kb, const char *text, size_t len)
{
	char w[32];	/* longer than any auxiliary */
	size_t n;

	while (len > 0 && !isalnum((unsigned char)*text)) {
		text++;
		len--;
	}
	for (n = 0; n < len && n + 1 < sizeof(w) &&
	    isalpha((unsigned char)text[n]); n++)
		w[n] = (char)tolower((unsigned char)text[n]);
	if (n == 0 || n + 1 >= sizeof(w) || understand_contraction(text, len))
		return 0;
	w[n] = '\0';
	return understand_aux(kb, w);
}

/*
 * Does text (len bytes) open with a word of phrases.reading.question_words
 * and then an auxiliary or modal (understand_inverted): "how do i lay out
 * a repo ...?", "how should i structure ...?" (af50a).  Such a question
 * asks how a thing is done, as "can i ...?" asks whether it can be: the
 * first person in it is the asker, not a description of the work.  One
 * word and one look-up: bounded.
 */
static int
understand_wh_inverted(const struct kb *kb, const char *text, size_t len)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t n;

	while (len > 0 && !isalnum((unsigned char)*text)) {
		text++;
		len--;
	}
	for (n = 0; n < len && isalpha((unsigned char)text[n]); n++)
		;
	if (n == 0 || n >= len || text[n] != ' ')
		return 0;
	{
		char w[32];
		size_t i;

		if (n + 1 >= sizeof(w))
			return 0;
		for (i = 0; i < n; i++)
			w[i] = (char)tolower((unsigned char)text[i]);
		w[n] = '\0';
		if (!text_word_in(w, n, ph->question_words,
		    ph->nquestion_words))
			return 0;
	}
	return understand_inverted(kb, text + n, len - n);
}

/*
 * Does text (len bytes) open with a start of an intent class marked
 * `asks_unmarked` ("how long", "how much")?  Such a clause asks without
 * a question mark: no statement opens that way, unlike "what we build
 * is ..." (a wh-word alone).  Bounded by the classes' starts
 * (KB_MAX_INTENTS of at most 64 each, the loader's bound).
 */
static int
understand_unmarked_asks(const struct kb *kb, const char *text, size_t len)
{
	char sq[128];	/* longer than any start */
	size_t k, i, n;

	kb_squash(text, len, sq, sizeof(sq));
	for (k = 0; k < kb->nintents; k++) {
		const struct kb_intent *it = &kb->intents[k];

		if (!it->asks_unmarked)
			continue;
		for (i = 0; i < it->nstarts; i++)
			if (text_begins(sq, it->starts[i], &n) &&
			    (sq[n] == ' ' || sq[n] == '\0'))
				return 1;
	}
	return 0;
}

/*
 * Where the last clause of text (len bytes) starts when no sentence
 * break splits it but a comma does, and the clause after the last ", "
 * is a question by its first word while the words before it are not
 * ("building an hft engine, would go's gc be a dealbreaker": the
 * situation, then the question); 0 otherwise.
 */
static size_t
understand_last_comma_clause(const struct kb *kb, const char *text,
    size_t len)
{
	char sq[512];
	size_t i, at;

	for (i = len; i-- > 1; )
		if (text[i - 1] == ',' && isspace((unsigned char)text[i]))
			break;
	if (i <= 1)
		return 0;
	for (at = i; at < len && isspace((unsigned char)text[at]); at++)
		;
	if (at >= len)
		return 0;
	kb_squash(text + at, len - at, sq, sizeof(sq));
	if (sq[0] == '\0' || !understand_is_question(kb, text + at, len - at,
	    sq))
		return 0;
	kb_squash(text, i - 1, sq, sizeof(sq));
	if (sq[0] == '\0' || understand_is_question(kb, text, i - 1, sq))
		return 0;
	return at;
}

/*
 * Does the question of squashed text sq (its words q) ask for the
 * verdict, or for nothing the article has besides it: a "recommend"
 * phrase ("which one should we pick"), or only words that carry no
 * topic (question words, outcome names, fillers, command glue: "rust or
 * go?", "what now?")?
 */
static int understand_only_glue(const struct kb *, const struct kb_query *);

static int
understand_asks_only_verdict(const struct kb *kb, const char *sq,
    const struct kb_query *q)
{
	if (understand_says(kb, KB_CMD_RECOMMEND, sq))
		return 1;
	return understand_only_glue(kb, q);
}

/*
 * Are the words of q none but glue (question words, outcome names,
 * fillers, command glue, a command's cue): a clause that asks for the
 * verdict, whatever phrase it says ("which one has generics?" names a
 * topic: no)?
 */
static int
understand_only_glue(const struct kb *kb, const struct kb_query *q)
{
	size_t i;

	for (i = 0; i < q->n; i++)
		if (q->raw[i][0] != '\0' && !understand_glue(kb, q, i,
		    GLUE_STOP | GLUE_FILLER | GLUE_PERSON | GLUE_COMMAND |
		    GLUE_QUESTION | GLUE_OUTCOME | GLUE_FOLLOW) &&
		    understand_cue(&kb->phrases, q->raw[i],
		    strlen(q->raw[i])) < 0)
			return 0;
	return 1;
}

/*
 * The clause reader (DESIGN11 M1): a message is split into clauses and
 * each is labelled from the lexicon's closed-class words (lexicon.json
 * "clause_words", kb->clause_words), each word looked up once.  Cost:
 * one pass over at most DLG_CLAUSE_WORDS words into a fixed array on the
 * stack, one kb_normalize() per interrogative or imperative clause (at
 * most DLG_MAX_CLAUSES) for its verdict label; nothing is allocated.
 */
struct understand_cword {
	size_t		 from, len;	/* bytes of the text */
	unsigned	 bits;		/* KB_CW_* */
	int		 hard;		/* a sentence break before it */
	int		 comma;		/* a comma before it */
	int		 qmark;		/* a '?' right after it */
	int		 name;		/* "US" in mixed case, "the us" */
	int		 ing;		/* "thinking": no subject after an
					 * auxiliary, a statement's verb */
	int		 filler;	/* phrases.reading.fillers */
	int		 pastform;	/* a verb's past form
					 * (understand_past_form()) */
	int		 compare;	/* phrases.reading.comparison_words */
};

/*
 * Is bits (KB_CW_*) a subject pronoun's: a subject word that names a
 * person ("i", "we", "they"; not "it", "that")?
 */
static int
understand_is_pronoun(unsigned bits)
{
	return (bits & KB_CW_SUBJECT) && (bits & (KB_CW_USER | KB_CW_OTHER));
}

/*
 * Is word w (len bytes, lowercase) a verb's past form: one of
 * clause_words.past_forms ("wrote"; bits, its KB_CW_* when known), or a
 * regular one, an ending of past_forms ("-ed") after a stem of at least
 * three letters that does not itself end with the ending's first letter
 * ("hacked", "toyed"; not "need", "speed", "bed")?  Closed-class data and
 * one suffix test: no lookup beyond the word's own.
 */
static int
understand_past_form(const struct kb *kb, const char *w, size_t len,
    unsigned bits)
{
	const char *x;
	size_t i, n, j;

	if (bits & KB_CW_PAST_FORM)
		return 1;
	/* the suffix's length and its compare in line: a strlen() and a
	 * memcmp() call cost more than the few bytes of a suffix ("ed") */
	for (i = 0; i < kb->ncw_past_suffixes; i++) {
		x = kb->cw_past_suffixes[i];
		for (n = 0; x[n] != '\0'; n++)
			;
		if (len < n + 3)
			continue;
		for (j = 0; j < n && w[len - n + j] == x[j]; j++)
			;
		if (j == n && w[len - n - 1] != x[0])
			return 1;
	}
	return 0;
}

/* Is c a byte that ends a word (a space or punctuation between words)? */
static inline int
understand_cw_sep(const char *text, size_t len, size_t i)
{
	unsigned char c = (unsigned char)text[i];

	/* every byte tested below is '?' or under: a letter (most bytes
	 * read) is turned away by one compare */
	if (c > '?')
		return 0;
	/* isspace() of the C locale, which no program of the project
	 * leaves (none calls setlocale()), without a call per byte */
	if (c == ' ' || (c >= '\t' && c <= '\r') || c == ',' || c == ';' ||
	    c == '?' || c == '!' || c == '(' || c == ')' || c == '"')
		return 1;
	/* "node.js", "3.5", "u.s." keep their dots; a colon or a dot before a
	 * space or the end ends the word */
	if ((c == '.' || c == ':') && (i + 1 >= len ||
	    isspace((unsigned char)text[i + 1])))
		return 1;
	return 0;
}

/*
 * The words of text (len bytes) into w (at most max), each with its
 * closed-class bits and what separates it from the word before; returns
 * how many.  Words past max are not read (their clause ends there).
 */
static size_t
understand_cwords(const struct kb *kb, const char *text, size_t len,
    struct understand_cword *w, size_t max)
{
	char low[KB_CW_WORD_MAX + 1];
	size_t i = 0, n = 0, a, b, k, m;
	int hard = 0, comma = 0, lower = 0;
	int32_t bits;
	unsigned listed;

	for (i = 0; i < len && !lower; i++)
		lower = islower((unsigned char)text[i]) != 0;
	i = 0;
	while (i < len && n < max) {
		/* the separator before the next word */
		for (; i < len && understand_cw_sep(text, len, i); i++) {
			if (text[i] == '.' || text[i] == '!' || text[i] == ';' ||
			    text[i] == ':' || text[i] == '\n' || text[i] == '?')
				hard = 1;
			if (text[i] == '?' && n > 0)
				w[n - 1].qmark = 1;
			if (text[i] == ',')
				comma = 1;
		}
		if (i >= len)
			break;
		for (a = i; i < len && !understand_cw_sep(text, len, i); i++)
			;
		b = i;
		/* trailing punctuation is no part of the word ("that'") */
		while (b > a && ispunct((unsigned char)text[b - 1]) &&
		    text[b - 1] != '+' && text[b - 1] != '#')
			b--;
		/* a dash alone between words breaks the sentence */
		if (b == a && (i - a == 1 || i - a == 2 || (i - a == 3 &&
		    (unsigned char)text[a] == 0xe2))) {
			hard = 1;
			continue;
		}
		if (b == a)
			continue;
		/* lowercase, U+2019 read as an apostrophe */
		for (k = a, m = 0; k < b && m < sizeof(low) - 1; k++) {
			if (k + 2 < b && strncmp(text + k, "\xe2\x80\x99",
			    3) == 0) {
				low[m++] = '\'';
				k += 2;
			} else
				low[m++] = (char)(text[k] >= 'A' &&
				    text[k] <= 'Z' ? text[k] + ('a' - 'A') :
				    text[k]);	/* tolower(), C locale */
		}
		bits = k < b ? -1 : kb_clause_word(kb, low, m);
		/* "my supervisor's a c++ guy", "my architect's": a people
		 * word with "'s" (is, has, or a possessive) still names
		 * someone else; only that list is read of the stem */
		if (bits < 0 && k == b && m > 2 && low[m - 2] == '\'' &&
		    low[m - 1] == 's' && (bits = kb_clause_word(kb, low,
		    m - 2)) >= 0)
			bits &= KB_CW_PEOPLE;
		w[n].from = a;
		w[n].len = b - a;
		w[n].bits = bits < 0 ? 0 : (unsigned)bits;
		w[n].hard = hard;
		w[n].comma = comma;
		w[n].qmark = 0;
		w[n].ing = m > 4 && strncmp(low + m - 3, "ing", 3) == 0;
		/* one kb_listed() of the word for both of its lists */
		listed = kb_listed(&kb->phrases, low, m);
		w[n].filler = (listed & KB_LISTED_FILLER) != 0;
		w[n].pastform = k == b && understand_past_form(kb, low, m,
		    w[n].bits);
		w[n].compare = (listed & KB_LISTED_COMPARISON) != 0;
		/* "US salaries", "the us": a name, not the user */
		w[n].name = (b - a >= 2 && lower && isupper((unsigned char)
		    text[a]) && isupper((unsigned char)text[b - 1])) ||
		    (n > 0 && !hard && !comma &&
		    (w[n - 1].bits & KB_CW_DET) && strncmp(text +
		    w[n - 1].from, "the", 3) == 0 && w[n - 1].len == 3);
		if (w[n].name)
			w[n].bits &= ~(unsigned)KB_CW_USER;
		hard = comma = 0;
		n++;
	}
	return n;
}

/*
 * Does a new clause start at word i of w (n words): a sentence break
 * before it; after a comma, a conjunction ("and", "but", "so"), a
 * wh-word or an auxiliary followed by a subject; "and"/"but"/"or" before
 * a wh-word or an inverted auxiliary; or an auxiliary inverted with a
 * pronoun after a content word in a clause that asks nothing yet ("if
 * only 2 seniors know rust on our team | is that risky").
 */
static int
understand_cw_starts(const struct understand_cword *w, size_t n, size_t i,
    int asking)
{
	unsigned next = i + 1 < n && !w[i + 1].hard ? w[i + 1].bits : 0;
	int inverted = (w[i].bits & KB_CW_AUX) && (next &
	    (KB_CW_SUBJECT | KB_CW_DET));
	size_t e;

	if (i == 0 || w[i].hard)
		return 1;
	/* "..., do memory bugs really cause ...?": an auxiliary after a
	 * comma opens a question when its sentence ends with a '?' */
	for (e = i; e + 1 < n && !w[e + 1].hard; e++)
		;
	if ((w[i].bits & KB_CW_AUX) && w[e].qmark && !(next & (KB_CW_AUX |
	    KB_CW_CONJ | KB_CW_NEG)))
		inverted = 1;
	if (w[i].comma && ((w[i].bits & (KB_CW_CONJ | KB_CW_WH)) || inverted))
		return 1;
	if ((w[i].bits & KB_CW_CONJ) && i + 1 < n && ((next & KB_CW_WH) ||
	    ((next & KB_CW_AUX) && i + 2 < n && (w[i + 2].bits &
	    KB_CW_SUBJECT))))
		return 1;
	/* "they do the cloud side, i do the firmware", "he does the
	 * drivers while i build the apis": in a statement, a
	 * personal pronoun as subject after a comma or a conjunction opens
	 * a clause of its own (whose person may differ); so does the
	 * user's possessive after a comma ("..., my job is the apis") */
	/* "my lead is a c++ dev and said pick one", "..., told me to
	 * choose": a report verb whose subject is left out after "and" or
	 * a comma opens a clause of its own (what is told is no part of
	 * the teller's description) */
	if (!asking && (((w[i].bits & KB_CW_REPORT) && w[i].comma) ||
	    ((w[i].bits & KB_CW_CONJ) && (next & KB_CW_REPORT))))
		return 1;
	if (!asking && ((((w[i].bits & KB_CW_SUBJECT) || (w[i].bits &
	    KB_CW_USER)) && (w[i].bits & (KB_CW_USER | KB_CW_OTHER)) &&
	    w[i].comma) || ((w[i].bits & KB_CW_CONJ) && (next &
	    KB_CW_SUBJECT) && (next & (KB_CW_USER | KB_CW_OTHER)))))
		return 1;
	return !asking && (w[i].bits & KB_CW_AUX) && (next &
	    KB_CW_SUBJECT) && w[i - 1].bits == 0 && !w[i - 1].ing;
}

/*
 * Is the wh-word at w[f] the head of a clause of the user's that names
 * the subject of a statement (a pseudo-cleft: "what gets me excited is
 * fiddling with memory layouts", "what makes me happy is shipping"): a
 * word of no closed class after it, then the user as its object (not a
 * subject pronoun) within two words, then an auxiliary later in the
 * clause, and no '?' at its end?  Such a clause tells, it does not ask.
 */
static int
understand_cw_cleft(const struct understand_cword *w, size_t f, size_t b)
{
	size_t k, u = 0;

	if (f + 3 >= b || w[b - 1].qmark || w[f + 1].bits != 0)
		return 0;
	/* the user as a subject ("how long till i can ...") is a clause of
	 * its own inside a question, not a cleft's object */
	for (k = f + 2; k < b && k <= f + 3 && u == 0; k++)
		if ((w[k].bits & KB_CW_USER) && !(w[k].bits & KB_CW_SUBJECT))
			u = k;
	for (k = u + 1; u > 0 && k < b; k++)
		if (w[k].bits & KB_CW_AUX)
			return 1;
	return 0;
}

/*
 * Does the clause of words w[a..b), whose first word is w[f], open as a
 * relative clause about what the clause before it named ("we make a
 * game server, which is slow as hell", "..., which keeps segfaulting"):
 * a word of clause_words.relatives right after a comma (no sentence
 * break: a new sentence opening with "which" asks), no '?' ending it,
 * no comparison word in it ("which is the smoother jump" compares the
 * two), and no inversion in it ("which one", "which language should we
 * pick": an auxiliary, then a subject)?  A statement that goes on about
 * the user's work asks nothing.
 */
static int
understand_cw_relative(const struct understand_cword *w, size_t a,
    size_t b, size_t f)
{
	size_t k;

	if (f != a || a == 0 || !(w[f].bits & KB_CW_RELATIVE) ||
	    !w[f].comma || w[f].hard || w[b - 1].qmark)
		return 0;
	for (k = f + 1; k < b; k++) {
		if (w[k].compare)
			return 0;
		if (k == f + 1 && (w[k].bits & KB_CW_SUBJECT) &&
		    !(w[k].bits & KB_CW_USER))
			return 0;
		if ((w[k].bits & KB_CW_AUX) && k + 1 < b &&
		    (w[k + 1].bits & (KB_CW_SUBJECT | KB_CW_USER |
		    KB_CW_ADDRESSEE | KB_CW_OTHER)))
			return 0;
	}
	return 1;
}

/*
 * The mood of the clause of words w[a..b): '?' after its last word; a
 * wh-word first (after conjunctions and fillers), unless a pronoun of
 * someone follows ("what we build is ...") or it heads a pseudo-cleft
 * (understand_cw_cleft) or a relative clause (understand_cw_relative);
 * an auxiliary first with a
 * subject after it ("is that", "would rust"; not "was thinking"); a tag
 * last after a comma (", right"); a command word first.  *why says which.
 */
static enum dlg_mood
understand_cw_mood(const struct understand_cword *w, size_t a, size_t b,
    const char **why)
{
	size_t f = a;
	unsigned next;

	*why = "";
	while (f + 1 < b && ((w[f].bits & KB_CW_CONJ) || w[f].filler))
		f++;
	next = f + 1 < b ? w[f + 1].bits : 0;
	if ((w[f].bits & KB_CW_WH) && !(next & (KB_CW_USER | KB_CW_OTHER)) &&
	    !understand_cw_cleft(w, f, b) &&
	    !understand_cw_relative(w, a, b, f)) {
		*why = "wh-word";
		return DLG_MOOD_INTERROGATIVE;
	}
	/* "did operators at my last place": a statement with its "I" left
	 * out; an auxiliary before a content word asks only with a '?' */
	if ((w[f].bits & KB_CW_AUX) && f + 1 < b && ((next & (KB_CW_SUBJECT |
	    KB_CW_DET)) || (w[b - 1].qmark && !(next & (KB_CW_AUX |
	    KB_CW_CONJ | KB_CW_NEG))))) {
		*why = "inverted";
		return DLG_MOOD_INTERROGATIVE;
	}
	if (w[b - 1].qmark) {
		*why = "?";
		return DLG_MOOD_INTERROGATIVE;
	}
	if (b - a >= 2 && (w[b - 1].bits & KB_CW_TAG) && w[b - 1].comma) {
		*why = "tag";
		return DLG_MOOD_INTERROGATIVE;
	}
	if (w[f].bits & KB_CW_COMMAND) {
		*why = "command";
		return DLG_MOOD_IMPERATIVE;
	}
	return DLG_MOOD_DECLARATIVE;
}

/*
 * Does the negator at word k (if it is one) of a clause ending before
 * word b negate the clause?  A negator negates what follows it in its
 * own phrase: a determiner ("no") before a word of no closed class opens
 * a noun phrase and negates that phrase only ("no time for a long
 * ramp-up" says there is little time; the phrase is matched with its
 * "no" by match_choice()); any other negator ("don't", "not", "never")
 * negates the clause's verb.
 */
static int
understand_cw_negates(const struct understand_cword *w, size_t b, size_t k)
{
	if (!(w[k].bits & KB_CW_NEG))
		return 0;
	return !((w[k].bits & KB_CW_DET) && k + 1 < b && w[k + 1].bits == 0 &&
	    !w[k + 1].comma && !w[k + 1].hard);
}

/*
 * Does the scope of a negation end at word i of w (n words) in the
 * clause that began at word a: the clause negates its verb
 * (understand_cw_negates), a comma comes before word i, and a new verb
 * follows it (an auxiliary within the next UNDERSTAND_NEG_VERB words,
 * before any other mark): "we don't need fine control over memory |
 * shipping features is what counts".  A list after a comma ("not
 * kubernetes, docker or helm") has no verb of its own and stays.
 */
#define UNDERSTAND_NEG_VERB	3
static int
understand_cw_neg_ends(const struct understand_cword *w, size_t n, size_t a,
    size_t i)
{
	size_t k, j;
	int neg = 0;

	if (!w[i].comma || w[i].hard)
		return 0;
	for (k = a; k < i && !neg; k++)
		neg = understand_cw_negates(w, i, k);
	if (!neg)
		return 0;
	for (j = i; j < n && j <= i + UNDERSTAND_NEG_VERB; j++) {
		if (j > i && (w[j].comma || w[j].hard))
			return 0;
		if ((w[j].bits & KB_CW_AUX) && !(w[j].bits & KB_CW_NEG))
			return j > i;
	}
	return 0;
}

/*
 * Does a group of other people named by the user open a subject at word
 * k of the clause w[a..b): a first-person possessive ("our", "my": a
 * user word that is no subject) at the clause's start (after
 * conjunctions and fillers), then a lexicon "people" word within the
 * next UNDERSTAND_GROUP_GAP words of no other class ("our platform guys",
 * "my coworkers"; not "our team", "my team", "we").  The people word is
 * not the clause's last ("it's all senior folks" describes the user).
 */
#define UNDERSTAND_GROUP_GAP	2
static int
understand_cw_group(const struct understand_cword *w, size_t a, size_t b,
    size_t k)
{
	size_t f = a, j;

	while (f < k && ((w[f].bits & KB_CW_CONJ) || w[f].filler))
		f++;
	if (f != k || !(w[k].bits & KB_CW_USER) || (w[k].bits &
	    KB_CW_SUBJECT))
		return 0;
	for (j = k + 1; j < b && j <= k + 1 + UNDERSTAND_GROUP_GAP; j++) {
		if (w[j].bits & KB_CW_PEOPLE)
			return j + 1 < b;
		if (w[j].bits != 0 || w[j].hard || w[j].comma)
			return 0;
	}
	return 0;
}

/*
 * Whether clause c of text, not a statement, asks only for the verdict
 * (dlg_clause.verdict): one kb_normalize() of its words.
 */
int
understand_clause_verdict(const struct kb *kb, const char *text,
    const struct dlg_clause *c)
{
	static struct kb_query q;	/* large; the engine is one thread */
	char sq[512];

	if (c->mood == DLG_MOOD_DECLARATIVE)
		return 0;
	kb_squash(text + c->from, c->len, sq, sizeof(sq));
	if (sq[0] == '\0')
		return 0;
	kb_normalize(kb, text + c->from, c->len, KB_NORM_MATCH, &q);
	return understand_only_glue(kb, &q);
}

size_t
understand_clauses(const struct kb *kb, const char *text, size_t len,
    struct dlg_clause *out, size_t max)
{
	return understand_clauses_moods(kb, text, len, out, max, 1);
}

/*
 * understand_clauses(), but with verdict 0 each clause's verdict label is
 * left 0: understand_clause_verdict() reads it when it is wanted.  A
 * clause is the user's own doing (self) when "we"/"i" is the subject
 * after its auxiliary, or a user possessive is there ("should our team
 * ...") with no people word in the UNDERSTAND_OWN_REACH words after it
 * and the clause read as the user's.
 */
#define UNDERSTAND_OWN_REACH	3

size_t
understand_clauses_moods(const struct kb *kb, const char *text, size_t len,
    struct dlg_clause *out, size_t max, int verdict)
{
	struct understand_cword w[DLG_CLAUSE_WORDS];
	struct dlg_clause *c;
	size_t n, i, a, k, j, nc = 0;
	int asking = 0, own;

	if (kb->clause_words.n == 0 || max == 0)
		return 0;
	n = understand_cwords(kb, text, len, w, DLG_CLAUSE_WORDS);
	for (a = 0; a < n && nc < max; a = i) {
		const char *why;

		for (i = a + 1; i < n && !understand_cw_starts(w, n, i,
		    asking) && !understand_cw_neg_ends(w, n, a, i); i++)
			/* a wh-word or an inversion first asks already */
			if (i == a + 1)
				asking = understand_cw_mood(w, a, i + 1,
				    &why) == DLG_MOOD_INTERROGATIVE &&
				    *why != '?';
		/* the last clause read takes the rest of the words */
		if (nc + 1 == max)
			i = n;
		c = &out[nc++];
		c->from = w[a].from;
		c->len = w[i - 1].from + w[i - 1].len - w[a].from;
		c->mood = understand_cw_mood(w, a, i, &c->why);
		c->person = DLG_PERSON_NONE;
		c->negated = c->past = c->verdict = c->self = 0;
		for (k = a; k < i && !(w[k].bits & KB_CW_AUX); k++)
			;
		/* "should we ...": the user the subject after the
		 * auxiliary; "should our team ...", "should our 5-person
		 * startup ...": a user possessive there is the user's own
		 * group too, unless a people word (clause_words "people")
		 * follows within UNDERSTAND_OWN_REACH words: "should our
		 * office folks ...", someone else; checked again after the
		 * loop below, where the clause must read as the user's */
		c->self = k + 1 < i && (w[k + 1].bits & KB_CW_USER) &&
		    (w[k + 1].bits & KB_CW_SUBJECT);
		own = !c->self && k + 1 < i && (w[k + 1].bits & KB_CW_USER);
		for (j = k + 2; own && j < i && j < k + 2 +
		    UNDERSTAND_OWN_REACH; j++)
			own = !(w[j].bits & KB_CW_PEOPLE);
		for (k = a; k < i; k++) {
			if (understand_cw_group(w, a, i, k)) {
				/* "our platform guys ...": someone else,
				 * until "i" or "we" is a subject again */
				c->person = DLG_PERSON_OTHER;
				k++;
			} else if (k >= a + 2 && (w[k].bits &
			    KB_CW_POSSESSIVE) && (w[k - 2].bits &
			    KB_CW_PEOPLE)) {
				/* "a friend of mine does ...": whose friend
				 * (understand_cw_owned()), the friend the
				 * subject */
				c->person = DLG_PERSON_OTHER;
			} else if ((w[k].bits & KB_CW_USER) && (c->person !=
			    DLG_PERSON_OTHER || (w[k].bits & KB_CW_SUBJECT)))
				c->person = DLG_PERSON_USER;
			else if ((w[k].bits & KB_CW_OTHER) &&
			    c->person == DLG_PERSON_NONE)
				c->person = DLG_PERSON_OTHER;
			c->negated |= understand_cw_negates(w, i, k);
			c->past |= (w[k].bits & KB_CW_PAST) != 0;
			/* "back in uni I hacked on ...": a past form right
			 * after a subject pronoun (not "services built on") */
			c->past |= w[k].pastform && k > a &&
			    understand_is_pronoun(w[k - 1].bits);
		}
		if (own && c->person == DLG_PERSON_USER)
			c->self = 1;
		if (verdict)
			c->verdict = understand_clause_verdict(kb, text, c);
		asking = 0;
	}
	return nc;
}

/*
 * The answer to the question asked of a message that first told about
 * the user (understand_step_told_then_asked), into a: a question that
 * refers back to what was told by a word that names nothing ("is go the
 * right tool for that?", "does speed even matter there?":
 * phrases.reading.situation_refs) is asked with the told sentences after
 * it, so that the claim about the user's case answers it; when that
 * finds nothing, or the question stands alone, the question alone.
 * With told_first, the told sentences go with the question whatever it
 * says: "does it have to be rust?" is about the work told before it.
 * Returns whether the article covers it.
 */
/*
 * The last sentence of text starts at at: when its last clause, after a
 * comma, asks only for the verdict ("I'm the architect across both
 * sides, what do we standardise on?") by its form, an outcome's id, a
 * subject's name or a recommend phrase, the clauses before it tell of the user; returns
 * where that clause starts, else at.  A question before the comma that
 * asks of a topic ("which is faster, rust or go?") keeps the clause as
 * its list of choices: at.
 */
static size_t
understand_verdict_clause(const struct kb *kb, const char *text, size_t len,
    size_t at)
{
	static struct kb_query bq;	/* large; one thread */
	char sq[512], bsq[512];
	struct kb_query q;
	size_t i, c, e, o;

	for (i = len; i-- > at + 1; )
		if (text[i - 1] == ',' && isspace((unsigned char)text[i]))
			break;
	if (i <= at + 1)
		return at;
	for (c = i; c < len && isspace((unsigned char)text[c]); c++)
		;
	if (c >= len)
		return at;
	kb_squash(text + c, len - c, sq, sizeof(sq));
	if (sq[0] == '\0')
		return at;
	kb_normalize(kb, text + c, len - c, KB_NORM_MATCH, &q);
	if (!understand_asks_only_verdict(kb, sq, &q))
		return at;
	/* "which is faster, rust or go?": the clause lists the choices of
	 * the question before the comma, which asks of a topic itself */
	for (e = i - 1; e > at && (isspace((unsigned char)text[e - 1]) ||
	    text[e - 1] == ','); e--)
		;
	kb_squash(text + at, e - at, bsq, sizeof(bsq));
	if (bsq[0] != '\0' && understand_is_question(kb, text + at, e - at,
	    bsq)) {
		kb_normalize(kb, text + at, e - at, KB_NORM_MATCH, &bq);
		if (!understand_asks_only_verdict(kb, bsq, &bq))
			return at;
	}
	/* "is go's gc ok for that, going by the article?": a clause of
	 * glue alone that neither asks by its form (the question mark
	 * aside) nor names an outcome nor says a recommend phrase is an
	 * aside of the question before it */
	for (e = len; e > c && (isspace((unsigned char)text[e - 1]) ||
	    text[e - 1] == '?'); e--)
		;
	if (understand_is_question(kb, text + c, e - c, sq) ||
	    understand_says(kb, KB_CMD_RECOMMEND, sq))
		return c;
	/* an outcome by its id or a subject's name ("rust or go?"), not a
	 * word of a label ("by" of "both, by layer": "going by the
	 * article") */
	for (i = 0; i < q.n; i++) {
		if (q.subject[i] >= 0)
			return c;
		for (o = 0; o < kb->dialogue.noutcomes; o++)
			if (strcmp(q.raw[i], kb->dialogue.outcomes[o].id) == 0)
				return c;
	}
	return at;
}

/*
 * Does the question asked ask what the article favours (a phrase of
 * phrases.reading.stance_refs and one of stance_words: "which language
 * does the article lean towards there?")?
 */
static int
understand_told_asked_stance(const struct dlg *d, const struct said *asked)
{
	const struct kb_phrases *ph = &d->kb->phrases;

	return ph->nstance_refs > 0 && ph->nstance_words > 0 &&
	    kb_phrase_chain_has(&d->kb->stance_refs_by_word, ph->stance_refs,
	    ph->nstance_refs, asked->sq) && kb_phrase_chain_has(
	    &d->kb->stance_words_by_word, ph->stance_words, ph->nstance_words,
	    asked->sq);
}

/*
 * The words of the question asked (its normalized words, asked->q) but
 * its pointer (phrases.reading.pointer_refs) and what it asks of the
 * thing pointed at (pointer_asks: "back", "say"), into out (size bytes):
 * a question that points back at what was told has no topic of its own,
 * and "which of the two does the article back for that?" searched with
 * "back" finds what the article says of mapping back.  Returns out's
 * length.
 */
static size_t
understand_unpointed(const struct kb *kb, const struct said *asked,
    char *out, size_t size)
{
	const struct kb_phrases *ph = &kb->phrases;
	const struct kb_query *q = &asked->q;
	size_t i, k, m, at = 0;

	out[0] = '\0';
	for (i = 0; i < q->n; i++) {
		for (k = 0, m = 0; k < ph->npointer_refs && m == 0; k++)
			m = understand_cue_at(q, i, ph->pointer_refs[k]);
		for (k = 0; k < ph->npointer_asks && m == 0; k++)
			m = understand_cue_at(q, i, ph->pointer_asks[k]);
		if (m > 0) {
			i += m - 1;
			continue;
		}
		if (q->raw[i][0] != '\0')
			at = text_append_word(out, size, at, q->raw[i],
			    strlen(q->raw[i]));
	}
	return at;
}

/*
 * An answer to the question asked after what the user told (told_first:
 * 1, the told words searched with it first; 2, the question points back
 * at what was told, understand_points_back, and has no topic of its
 * own: never searched alone), into a; returns whether it holds claims.
 */
static int
understand_told_asked_answer(struct dlg *d, const struct said *told,
    const struct said *asked, struct kb_answer *a, int told_first)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	char text[1024], sq[1024], own[512];
	const char *lead = asked->text;
	int n, lead_len = (int)asked->len;

	/* a question pointing back names no use but the work told: its
	 * pointer and what it asks of it are searched with no word told */
	if (told_first == 2) {
		lead_len = (int)understand_unpointed(d->kb, asked, own,
		    sizeof(own));
		lead = own;
	}
	/* "our sdk targets wasm. which language does the article lean
	 * towards there?": what the article favours for the use named, or
	 * else for the work told (ask_stance_use), never its framing words
	 * searched */
	if (understand_told_asked_stance(d, asked)) {
		if (told_first < 2 && ask_stance_use(d, asked->sq, 0, a))
			return 1;
		n = snprintf(text, sizeof(text), "%.*s %.*s", lead_len, lead,
		    (int)told->len, told->text);
		if (n > 0 && (size_t)n < sizeof(text) && kb_squash(text,
		    (size_t)n, sq, sizeof(sq)) > 0 && ask_stance_use(d, sq, 1, a))
			return 1;
	}
	if (told_first || (ph->nsituation_refs > 0 && kb_phrase_chain_has(
	    &d->kb->situation_refs_by_word, ph->situation_refs,
	    ph->nsituation_refs, asked->sq))) {
		n = snprintf(text, sizeof(text), "%.*s %.*s", lead_len, lead,
		    (int)told->len, told->text);
		if (n > 0 && (size_t)n < sizeof(text)) {
			kb_squash(text, (size_t)n, sq, sizeof(sq));
			ask_answer(d, text, (size_t)n, sq, a);
			if (a->nclaims > 0)
				return 1;
		}
	}
	/* a question pointing back asked alone finds its framing words
	 * ("author" finds who wrote the article): the caller gives the
	 * article's reasons about the work told instead */
	if (told_first == 2) {
		a->nclaims = 0;
		return 0;
	}
	ask_answer(d, asked->text, asked->len, asked->sq, a);
	return a->nclaims > 0;
}

/*
 * Step 1b': "go is #12 on redmonk, i know that. where does the other one
 * rank?": a phrase of phrases.reading.other_refs ("the other one") in a
 * message that names exactly one of the article's two one-word subjects
 * (or, naming none, right after an answer about one of them) stands for
 * the other.  The last sentence (the whole message when it has one) is
 * asked with that subject's name in the phrase's place; what the user
 * tells they know before it is no part of the question.  Left to the
 * other steps when the article has nothing on it.
 */
static int
understand_step_other_subject(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	const struct kb *kb = d->kb;
	const struct kb_phrases *ph = &kb->phrases;
	char asked[512], text[600];
	const char *p, *at = NULL, *name;
	struct kb_answer a;
	unsigned named = 0, one = 0;
	size_t i, k, n = 0, len = 0, start;
	int other = -1;

	if (ph->nother_refs == 0 || !kb_phrase_chain_has(
	    &d->kb->other_refs_by_word, ph->other_refs, ph->nother_refs,
	    s->sq))
		return 0;
	/* the article's one-word subjects, and which of them are named */
	for (k = 0; k < kb->nsubjects && k < 8; k++) {
		if (strchr(kb->subjects[k].name, ' ') != NULL)
			continue;
		one |= 1u << k;
		n++;
		for (i = 0; i < s->q.n; i++)
			if (strcasecmp(s->q.term[i] != NULL ? s->q.term[i] :
			    s->q.raw[i], kb->subjects[k].name) == 0)
				named |= 1u << k;
	}
	if (n != 2)
		return 0;
	if (named == 0 && (frame_last(d) & FRAME_FACT))
		named = d->frame.subjects & one;
	if (named == 0 || named == one)
		return 0;
	for (k = 0; k < kb->nsubjects; k++)
		if ((one & ~named) & (1u << k))
			other = (int)k;
	if (other < 0)
		return 0;
	/* the question: the last sentence, or the whole message */
	start = understand_last_sentence(kb, s->text, s->len);
	kb_squash(s->text + start, s->len - start, asked, sizeof(asked));
	for (k = 0; k < ph->nother_refs; k++) {
		size_t m = strlen(ph->other_refs[k]);

		for (p = asked; (p = strstr(p, ph->other_refs[k])) != NULL;
		    p++)
			if ((p == asked || p[-1] == ' ') && (p[m] == ' ' ||
			    p[m] == '\0') && (at == NULL || m > len)) {
				at = p;
				len = m;
			}
	}
	if (at == NULL)
		return 0;
	name = kb->subjects[other].name;
	/* what was told before it, of the other subject and without its
	 * figures ("go is #12 on redmonk": "rust is on redmonk"), keeps
	 * the topic the question leaves out ("and where's the other?") */
	n = 0;
	if (start > 0) {
		char told[512];
		const char *w;
		size_t wl, j;

		kb_squash(s->text, start, told, sizeof(told));
		for (w = told; *w != '\0'; w += wl, w += text_space_len(w)) {
			wl = text_word_len(w);
			for (j = 0; j < wl && !isdigit((unsigned char)w[j]);
			    j++)
				;
			if (j < wl)
				continue;
			for (k = 0; k < kb->nsubjects; k++)
				if ((named & (1u << k)) && strlen(kb->
				    subjects[k].name) == wl && strncasecmp(w,
				    kb->subjects[k].name, wl) == 0)
					break;
			n = k < kb->nsubjects ? text_append_word(text,
			    sizeof(text), n, name, strlen(name)) :
			    text_append_word(text, sizeof(text), n, w, wl);
			if (n >= sizeof(text))
				return 0;
		}
	}
	n += (size_t)snprintf(text + n, sizeof(text) - n, "%s%.*s%s%s",
	    n > 0 ? " " : "", (int)(at - asked), asked, name, at + len);
	if (n >= sizeof(text))
		return 0;
	kb_squash(text, n, asked, sizeof(asked));
	ask_answer(d, text, n, asked, &a);
	if (a.nclaims == 0)
		return 0;
	return understand_give(d, evs, &a);
}

/*
 * Append len bytes of t to buf (size sz, *n used), after ". " when buf
 * holds some already; -1 when it does not fit.
 */
static int
understand_cw_append(char *buf, size_t sz, size_t *n, const char *t,
    size_t len)
{
	int m = snprintf(buf + *n, sz - *n, "%s%.*s", *n > 0 ? ". " : "",
	    (int)len, t);

	if (m < 0 || (size_t)m >= sz - *n)
		return -1;
	*n += (size_t)m;
	return 0;
}

/*
 * Append len bytes of t to buf (size sz, *n used) as they are, with no
 * separator; -1 when they do not fit.
 */
static int
understand_cw_join(char *buf, size_t sz, size_t *n, const char *t,
    size_t len)
{
	int m = snprintf(buf + *n, sz - *n, "%.*s", (int)len, t);

	if (m < 0 || (size_t)m >= sz - *n)
		return -1;
	*n += (size_t)m;
	return 0;
}

/*
 * Does a sentence mark (". ! ? ;") stand in text between clause a and the
 * clause b after it?  Bounded by the gap between them.
 */
static int
understand_cw_sentence_gap(const char *text, const struct dlg_clause *a,
    const struct dlg_clause *b)
{
	size_t i;

	for (i = a->from + a->len; i < b->from; i++)
		if (text[i] == '.' || text[i] == '!' || text[i] == '?' ||
		    text[i] == ';')
			return 1;
	return b->from < a->from + a->len;
}

/*
 * Keep or replace a, the answer to the whole message s that tells the
 * user's situation and then asks (asked: its question clauses).  The
 * whole reads its question's kind (the lexicon's intents) from its
 * opening, which is the situation ("java dev for 10 years. how long
 * until ..."): when the question alone has a kind the whole has not, a's
 * first claim does not answer that kind (claims' `answers`) and the
 * first claim of the question asked alone does, that answer replaces a.
 */
static void
understand_clause_intent(struct dlg *d, const struct said *s,
    const struct said *asked, struct kb_answer *a)
{
	struct kb_answer alone;
	int k = kb_intent_of(d->kb, asked->text, asked->len);
	uint32_t bit;

	if (k <= 0 || k > 32 || kb_intent_of(d->kb, s->text, s->len) == k)
		return;
	bit = 1u << (k - 1);
	if (a->claims[0]->answers & bit)
		return;
	ask_answer(d, asked->text, asked->len, asked->sq, &alone);
	if (alone.nclaims > 0 && (alone.claims[0]->answers & bit))
		*a = alone;
}

/*
 * Does clause c of text, labelled as asking for the verdict only, ask it
 * without a recommend phrase ("which one should we pick") and without
 * naming an outcome ("rust or go?"): "what do you think", "what does the
 * article say"?  After a question of fact such a clause asks for the
 * answer to it, not for the verdict.
 */
static int understand_names_outcome(const struct kb *, const char *);

static int
understand_clause_echo(const struct kb *kb, const char *text,
    const struct dlg_clause *c)
{
	char sq[512];

	kb_squash(text + c->from, c->len, sq, sizeof(sq));
	return sq[0] != '\0' && !understand_says(kb, KB_CMD_RECOMMEND, sq) &&
	    !understand_names_outcome(kb, sq);
}

/*
 * Does clause c of text ask by its form (a wh-word or an inversion, not
 * a bare '?') with a comparison word (phrases.reading.comparison_words:
 * "which is the easier move")?  The clause after it that names the two
 * outcomes gives the options compared, not a request for the verdict.
 */
static int
understand_compares(const struct kb *kb, const char *text,
    const struct dlg_clause *c)
{
	char sq[512];

	if (c->mood != DLG_MOOD_INTERROGATIVE || c->verdict ||
	    strcmp(c->why, "?") == 0)
		return 0;
	kb_squash(text + c->from, c->len, sq, sizeof(sq));
	return text_has_phrase(sq, kb->phrases.comparison_words,
	    kb->phrases.ncomparison_words);
}

/*
 * Does a message (squashed whole sq) name the pair it compares in a
 * clause its question (query aq, squashed asq) drops: a word of
 * phrases.reading.rival_markers ("vs", "than") in the whole message and
 * none in the question, which names no subject ("c# vs rust, which one
 * is more performant", "fiber vs axum for a json api, which one's
 * quicker?")?  The question alone ("which one is more performant")
 * would be answered of Rust and Go, not of what was compared.
 */
static int
understand_pair_dropped(const struct kb *kb, const char *sq,
    const struct kb_query *aq, const char *asq)
{
	size_t i;

	if (!kb_listed_word(&kb->phrases, sq, KB_LISTED_RIVAL) ||
	    kb_listed_word(&kb->phrases, asq, KB_LISTED_RIVAL))
		return 0;
	for (i = 0; i < aq->n; i++)
		if (aq->subject[i] >= 0)
			return 0;
	return 1;
}

/*
 * Step 1c (clauses): a message that speaks of the user and asks the
 * article something, read clause by clause (understand_clauses()): "Our
 * p99 target is around 30ms for a plain REST API. Will the GC in Go bite
 * us there?", "if only 2 seniors know rust on our team is that risky".
 * The question is every clause but the declarative, present, non-negated
 * ones about the user (those are its situation): it is answered alone,
 * then with its situation after it when alone it finds nothing; the
 * situation is then read as a description is (its answers recorded, the
 * next question asked).  "we/our" inside a question no longer makes it a
 * description.  A message with no first person that asks for the verdict
 * after a dimension of the comparison table ("memory safety: rust or
 * go?") asks the article: that row answers (ask_answer()'s lead_row), or
 * the claim that names the winner for it ("wasm - rust or go?": "Rust wins
 * when Wasm compilation is required"; lead_winner), and the dimension is
 * not read as the user's situation.  Left to the other
 * steps when no clause asks, when one asks for the verdict only, or when
 * the article covers nothing of it.
 */
static int
understand_step_clauses(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	int found[KB_MAX_QUESTIONS], ambiguous[KB_MAX_QUESTIONS];
	struct dlg_clause c[DLG_MAX_CLAUSES];
	struct said told, asked;
	struct kb_answer a;
	char tbuf[512], abuf[512];
	size_t n, i, tn = 0, an = 0;
	int asks = 0, situation[DLG_MAX_CLAUSES], topic = 0, verdict = 0;
	int own = 0, wfound[KB_MAX_QUESTIONS], wambiguous[KB_MAX_QUESTIONS];
	int fact = 0, echo[DLG_MAX_CLAUSES];

	/* a quote closed by a dash, blanked in q: read there, not here,
	 * where each clause is read again from the text (rp49) */
	if (s->quoted)
		return 0;

	/* "which one should i learn for kernel work and which for cloud
	 * backends?": questions of their own, each asked of the article
	 * (ask_questions(), ask_answer()), though it says "i" */
	if (s->first_person && s->question && s->corrected < 0 &&
	    ask_questions(d->kb, s->text, s->len)) {
		ask_answer(d, s->text, s->len, s->sq, &a);
		if (a.nclaims > 0) {
			walk_emit(evs, DLG_EV_ANSWER)->u.answer = a;
			d->misses = 0;
			if (d->pending >= 0)
				walk_ask(d, evs, d->pending, 1);
			return 1;
		}
	}
	/* a recommend phrase ("which one") asks for the verdict only when
	 * its clause names nothing else (the clauses' verdict labels) */
	if ((!s->first_person && !(s->question && s->asks_verdict)) ||
	    s->corrected >= 0 || s->story)
		return 0;
	n = understand_clauses(d->kb, s->text, s->len, c, DLG_MAX_CLAUSES);
	for (i = 0; i < n; i++) {
		if (c[i].mood == DLG_MOOD_IMPERATIVE)
			return 0;
		/* "coming from java, which is the smoother jump: go or
		 * rust?": the two outcomes after a question that compares
		 * them are its options, no request for the verdict */
		if (c[i].verdict && i > 0 && understand_compares(d->kb,
		    s->text, &c[i - 1]))
			c[i].verdict = 0;
		/* "how long does a junior need on rust? what does the
		 * article say": after a clause that asks by its form, one
		 * that asks for the verdict with no recommend phrase and no
		 * outcome named asks what the article says to that question:
		 * an echo of it, put to the article with nothing of its own */
		echo[i] = c[i].verdict && fact &&
		    understand_clause_echo(d->kb, s->text, &c[i]);
		if (echo[i])
			c[i].verdict = 0;
		verdict |= c[i].verdict;
		/* a '?' after a statement ("I write operators, torn
		 * between rust and go?") asks for the verdict with it: only
		 * a clause asking by its form is put to the article */
		asks |= c[i].mood == DLG_MOOD_INTERROGATIVE &&
		    strcmp(c[i].why, "?") != 0;
		fact |= c[i].mood == DLG_MOOD_INTERROGATIVE &&
		    strcmp(c[i].why, "?") != 0 && !c[i].verdict;
		/* "should we ...", "which should i learn?": a question of
		 * the user's own doing that asks for the verdict is theirs
		 * to read as a description with a question
		 * (understand_step_description); one that asks a fact of
		 * their case ("I'm a Go dev in Lisbon, what pay should I
		 * expect?") is put to the article with its situation */
		if (c[i].mood == DLG_MOOD_INTERROGATIVE && c[i].self &&
		    (s->asks_verdict || c[i].verdict))
			return 0;
		own |= c[i].mood == DLG_MOOD_INTERROGATIVE && c[i].self;
		situation[i] = c[i].mood == DLG_MOOD_DECLARATIVE &&
		    c[i].person != DLG_PERSON_OTHER && !c[i].negated &&
		    !c[i].past;
	}
	if (!asks && !verdict)
		return 0;
	/* the situation: the declarative, present, non-negated clauses
	 * not about someone else, when they answer one of the walk's
	 * questions; else they are the question's topic ("rust job
	 * postings growth in 2024, do we know that number?") */
	for (i = 0; i < n; i++) {
		if (!situation[i])
			continue;
		/* "my team builds proxies but i only do the admin ui":
		 * two clauses of one sentence stay one, the words between
		 * them kept, so understand_scope_own_part() finds the
		 * user's own part (hx49); ". " between them made two
		 * sentences and the team's work was recorded */
		if (i > 0 && situation[i - 1] && tn > 0 &&
		    !understand_cw_sentence_gap(s->text, &c[i - 1], &c[i])) {
			size_t from = c[i - 1].from + c[i - 1].len;

			if (understand_cw_join(tbuf, sizeof(tbuf), &tn,
			    s->text + from, c[i].from + c[i].len - from) == -1)
				return 0;
		} else if (understand_cw_append(tbuf, sizeof(tbuf), &tn,
		    s->text + c[i].from, c[i].len) == -1)
			return 0;
	}
	told.text = tbuf;
	told.len = tn;
	told.corrected = -1;
	memset(told.kept, -1, sizeof(told.kept));
	told.intro = 0;
	told.peels = s->peels;
	told.core[0] = '\0';
	told.sq[0] = '\0';
	if (tn > 0) {
		kb_squash(told.text, told.len, told.sq, sizeof(told.sq));
		understand_read_words(d, &told);
		d->studied |= told.studied;
	}
	if (tn == 0 || told.sq[0] == '\0' || understand_extract(d, &told.q,
	    found, ambiguous, 1) == 0) {
		topic = 1;
		tn = 0;
	}
	/* "we write k8s controllers. rust or go?": a clause that asks for
	 * the verdict only, after a situation, gets it */
	if (verdict) {
		/* "memory safety: rust or go?": no one's situation, a
		 * dimension the comparison table has a row for; that row's
		 * verdict answers, nothing is recorded; so too when the
		 * clause before answers no question of the walk ("learning
		 * curve - rust or go?": round 46) */
		if (!s->first_person) {
			ask_answer(d, s->text, s->len, s->sq, &a);
			if (a.nclaims > 0 && a.res.covered &&
			    (a.lead_row >= 0 || a.lead_winner))
				return understand_give(d, evs, &a);
			/* "wasm: rust or go?", "k8s operators. go or
			 * rust?": no one's situation but a thing the walk
			 * records; what the article says of it for each
			 * comes first, whole (a word it lacks is no such
			 * answer), then what it answers and the verdict;
			 * with nothing recorded (topic), the caller's own
			 * reading answers it, once */
			if (!topic && a.nclaims > 0 && a.res.covered &&
			    a.nmissing == 0 && !a.no_figure)
				walk_emit(evs, DLG_EV_ANSWER)->u.answer = a;
		}
		if (topic)
			return 0;
		d->misses = 0;
		dialogue_profile(d, evs, found, ambiguous, 1);
		return 1;
	}
	for (i = 0; i < n; i++)
		if ((topic || !situation[i]) && !echo[i] &&
		    understand_cw_append(abuf, sizeof(abuf), &an,
		    s->text + c[i].from, c[i].len) == -1)
			return 0;
	asked.text = abuf;
	asked.len = an;
	kb_squash(asked.text, asked.len, asked.sq, sizeof(asked.sq));
	if (asked.sq[0] == '\0')
		return 0;
	kb_normalize(d->kb, asked.text, asked.len, KB_NORM_MATCH, &asked.q);
	/* a request's head answers nothing (understand_request) */
	(void)understand_request(d->kb, &asked.q);
	/* the whole message first: what the situation tells ("i'm a python
	 * dev", "we're moving to dublin") is what the answer may be about
	 * or what the article lacks; then the question alone */
	a.nclaims = 0;
	/* a question of the user's own case asks alone first: what the
	 * situation names ("we write operators") is what they do, not
	 * what they ask about ("how much could I earn as a rust
	 * engineer?") */
	if (own && tn > 0)
		ask_answer(d, asked.text, asked.len, asked.sq, &a);
	if (a.nclaims == 0) {
		ask_answer(d, s->text, s->len, s->sq, &a);
		if (a.nclaims > 0 && tn > 0)
			understand_clause_intent(d, s, &asked, &a);
	}
	/* "c# vs rust, which one is more performant": the pair compared
	 * is in a clause the question alone drops; the whole message's
	 * decline stands (understand_pair_dropped) */
	if (a.nclaims == 0 && understand_pair_dropped(d->kb, s->sq,
	    &asked.q, asked.sq))
		return 0;
	if (a.nclaims == 0 && !(own && tn > 0))
		ask_answer(d, asked.text, asked.len, asked.sq, &a);
	if (a.nclaims == 0 && tn > 0)
		(void)understand_told_asked_answer(d, &told, &asked, &a, 0);
	if (a.nclaims == 0)
		return 0;
	walk_emit(evs, DLG_EV_ANSWER)->u.answer = a;
	d->misses = 0;
	/* a question of the user's own case tells of it as a whole, as
	 * understand_step_own_question() reads one ("how quickly could I
	 * ...": the timeline too) */
	if (own && tn > 0 && understand_extract(d, &s->q, wfound,
	    wambiguous, 0) > 0) {
		memcpy(found, wfound, sizeof(found));
		memcpy(ambiguous, wambiguous, sizeof(ambiguous));
	}
	if (tn > 0)
		dialogue_profile(d, evs, found, ambiguous, 0);
	else if (d->pending >= 0)
		walk_ask(d, evs, d->pending, 1);
	return 1;
}

/*
 * Does the question asked (its text, squashed words and words) ask for
 * the verdict: a recommend phrase whose clause names nothing but glue,
 * or one the user asks of their own doing ("which should i learn
 * first?"); "which one compiles to a single static binary?" asks the
 * article.
 */
static int
understand_asks_own_verdict(const struct kb *kb, const struct said *asked)
{
	struct dlg_clause c[DLG_MAX_CLAUSES];
	size_t n, i;

	if (!understand_asks_only_verdict(kb, asked->sq, &asked->q))
		return 0;
	if (understand_only_glue(kb, &asked->q))
		return 1;
	n = understand_clauses(kb, asked->text, asked->len, c,
	    DLG_MAX_CLAUSES);
	for (i = 0; i < n; i++)
		if (c[i].self)
			return 1;
	return n == 0;
}

/*
 * Does the question asked ask whether one language is required for the
 * work told ("do we really need go for that?", "does it pretty much have
 * to be rust?"): a phrase of phrases.reading.necessity_words and exactly
 * one subject named.  Such a yes/no question is put to the article (the
 * claim that says where a language is mandatory answers it), not read as
 * a request for the verdict; "which do we need?" names no subject and
 * "rust or go, which is a must?" two.  Returns that subject, or -1.
 */
static int
understand_asks_need(const struct kb *kb, const struct said *asked)
{
	const struct kb_phrases *ph = &kb->phrases;
	const char *w;
	size_t i, k;
	int subject = -1, at = -1, spos = -1;

	if (ph->nnecessity_words == 0 || !text_has_phrase(asked->sq,
	    ph->necessity_words, ph->nnecessity_words))
		return -1;
	/* where the phrase stands, as the words are read */
	for (i = 0; i < asked->q.n && at < 0; i++)
		for (k = 0; k < ph->nnecessity_words && at < 0; k++)
			if (understand_cue_at(&asked->q, i,
			    ph->necessity_words[k]) > 0)
				at = (int)i;
	/* a subject by its name as the words are read ("golang": go) */
	for (i = 0; i < asked->q.n; i++) {
		w = asked->q.term[i] != NULL ? asked->q.term[i] :
		    asked->q.raw[i];
		for (k = 0; k < kb->nsubjects; k++)
			if (strcasecmp(w, kb->subjects[k].name) == 0)
				break;
		if (k == kb->nsubjects || (int)k == subject)
			continue;
		/* "can i do them in rust or is go basically required?": a
		 * yes/no question naming both asks it of the one nearer
		 * the phrase; "rust or go, which is a must?" asks to
		 * choose */
		if (subject >= 0 && (at < 0 || !understand_inverted(kb,
		    asked->text, asked->len)))
			return -1;
		if (subject < 0 || abs(at - (int)i) < abs(at - spos)) {
			subject = (int)k;
			spos = (int)i;
		}
	}
	return subject;
}

/*
 * The question part of a message that also tells (asked: its text,
 * squashed words and words, read as understand_request leaves them)
 * without a doubt tail that ends it ("which suits wasm better, or
 * doesn't it matter?", "is go that quick to pick up or is that hype?"):
 * that clause asks nothing of the article (understand_doubt_tail), as
 * when the question is said alone.
 */
static void
understand_drop_doubt(const struct dlg *d, struct said *asked)
{
	size_t at;

	if ((at = understand_doubt_tail(d, asked->text, asked->len,
	    asked->sq)) == 0)
		return;
	asked->len = at;
	kb_squash(asked->text, asked->len, asked->sq, sizeof(asked->sq));
	kb_normalize(d->kb, asked->text, asked->len, KB_NORM_MATCH,
	    &asked->q);
	(void)understand_request(d->kb, &asked->q);
}

/*
 * Does the question asked put something to the article about the work
 * or the person told rather than ask for the verdict ("is rust ok for
 * that or do we have to go with go?", "would go be any good there?",
 * "does go even work for that?", "what does the article say for people
 * like me?"): no recommend phrase and no switch verb (phrases.reading.
 * switch_verbs: "is it worth switching to rust for us?" asks about the
 * verdict), a subject or a first-person word named ("what now?" names
 * neither), and every other word glue when own (the question read as
 * glue alone, understand_asks_own_verdict), else a stopword, filler,
 * question word, negation or a phrase of phrases.reading.work_refs or
 * situation_refs ("handle", "for that").  Returns 1 with *subject the
 * one subject named (-1: none, or both).
 */
static int
understand_asks_fit(const struct kb *kb, const struct said *asked, int own,
    int *subject)
{
	const struct kb_phrases *ph = &kb->phrases;
	const struct kb_query *q = &asked->q;
	size_t i, k;
	int named, person = 0, both = 0;

	*subject = -1;
	if (understand_says(kb, KB_CMD_RECOMMEND, asked->sq) ||
	    understand_verdict_verb(kb, q) > 0)
		return 0;
	for (i = 0; i < q->n; i++)
		for (k = 0; k < ph->nswitch_verbs; k++)
			if (understand_cue_at(q, i, ph->switch_verbs[k]) == 1)
				return 0;
	for (i = 0; i < q->n; i++) {
		if ((named = understand_subject_named(kb, q, i)) >= 0) {
			both |= *subject >= 0 && named != *subject;
			*subject = *subject >= 0 ? *subject : named;
			continue;
		}
		if ((k = understand_situation_at(ph, q, i)) > 0 ||
		    (k = understand_work_ref_at(ph, q, i)) > 0) {
			i += k - 1;
			continue;
		}
		if (q->raw[i][0] == '\0' || q->negation[i])
			continue;
		if (understand_glue(kb, q, i, GLUE_PERSON))
			person = 1;
		else if (!own && !understand_glue(kb, q, i, GLUE_STOP |
		    GLUE_FILLER | GLUE_ADDRESSEE | GLUE_QUESTION))
			return 0;
	}
	if (both)
		*subject = -1;
	return *subject >= 0 || both || person;
}

/*
 * Does the question asked, after a work told, ask what the article
 * picks for it ("which of the two does the article say wins there?",
 * "does the article think go is the better call for us or not", "is
 * rust or go what the article recommends for this kind of stuff?"): it
 * names the article (a phrases.reading.stance_refs phrase), asks for
 * the pick (a subject named, a stance_words phrase, compare_pair_refs or
 * comparison word) and every other word is one of those, what a pointing
 * question asks of the thing pointed at (understand_pointer_ask_at: the
 * pick, the pair), a comparison word, a situation_refs, work_refs or
 * pointer_refs phrase, a negation, or glue.  "what does the article say
 * go developers earn?" asks its own fact, "any advice from the article
 * for someone like me?" and "what does the article say on that?" no
 * pick: no.  Cost: the lists tried at
 * each of the question's words (KB_MAX_TERMS of them at most).
 */
static int understand_report_article(const struct kb *, const char *,
    size_t);

static int
understand_asks_article_pick(const struct kb *kb, const struct said *asked)
{
	const struct kb_phrases *ph = &kb->phrases;
	const struct kb_query *q = &asked->q;
	size_t i, k, m;
	int pick = 0;

	if (!understand_report_article(kb, asked->text, asked->len))
		return 0;
	for (i = 0; i < q->n; i++) {
		/* a subject first, as understand_asks_fit() reads one */
		if (understand_subject_named(kb, q, i) >= 0) {
			pick = 1;
			continue;
		}
		if (q->raw[i][0] == '\0' || q->negation[i])
			continue;
		/* the pick asked: a stance word ("wins", "which one"), the
		 * pair ("of the two") or a comparison word ("better") */
		for (k = 0, m = 0; k < ph->nstance_words && m == 0; k++)
			m = understand_cue_at(q, i, ph->stance_words[k]);
		for (k = 0; k < ph->ncompare_pair_refs && m == 0; k++)
			m = understand_cue_at(q, i, ph->compare_pair_refs[k]);
		for (k = 0; k < ph->ncomparison_words && m == 0; k++)
			m = understand_cue_at(q, i, ph->comparison_words[k]);
		if (m > 0) {
			pick = 1;
			i += m - 1;
			continue;
		}
		m = understand_situation_at(ph, q, i);
		if (m == 0)
			m = understand_work_ref_at(ph, q, i);
		if (m == 0)
			m = understand_pointer_ask_at(kb, q, i);
		for (k = 0; k < ph->nstance_refs && m == 0; k++)
			m = understand_cue_at(q, i, ph->stance_refs[k]);
		for (k = 0; k < ph->npointer_refs && m == 0; k++)
			m = understand_cue_at(q, i, ph->pointer_refs[k]);
		if (m > 0) {
			i += m - 1;
			continue;
		}
		if (!understand_glue(kb, q, i, GLUE_STOP | GLUE_FILLER |
		    GLUE_PERSON | GLUE_QUESTION | GLUE_ADDRESSEE |
		    GLUE_COMMAND | GLUE_OUTCOME | GLUE_COMPARE))
			return 0;
	}
	return pick;
}

/*
 * understand_asks_article_pick() of the question asked, else of the whole
 * question as typed (text, len bytes) when its verdict clause was split
 * off it ("of rust and go, which would the article pick for this?": the
 * pair is named before the clause the pick is asked in), after a mark
 * that leads into it ("the question: ...").  Cost: one
 * more kb_normalize() when the first reading says no.
 */
static int
understand_told_asks_pick(const struct dlg *d, const struct said *asked,
    const char *text, size_t len)
{
	static struct said typed;	/* large; one thread */
	size_t at, before;

	if (understand_asks_article_pick(d->kb, asked))
		return 1;
	if (text == asked->text || len == 0)
		return 0;
	/* "the question: of rust and go, which ...": what the mark
	 * leads into */
	if ((at = understand_lead_in_mark(text, len, &before)) > 0 &&
	    at < len && text + at < asked->text) {
		text += at;
		len -= at;
	}
	typed.text = text;
	typed.len = len;
	kb_normalize(d->kb, text, len, KB_NORM_MATCH, &typed.q);
	return understand_asks_article_pick(d->kb, &typed);
}

/*
 * Does found (a choice per question, -1 for none) answer a decisive
 * question with a choice that does not yield: what the user builds
 * ("keyboard firmware"), not "nothing specific yet"?
 */
static int
understand_work_told(const struct dlg *d, const int *found)
{
	const struct kb_dialogue *dl = DL(d);
	size_t i;

	for (i = 0; i < dl->nquestions && i < KB_MAX_QUESTIONS; i++)
		if (found[i] >= 0 && dl->questions[i].decisive &&
		    !dl->questions[i].choices[found[i]].yields &&
		    !understand_is_negative(&dl->questions[i], found[i]))
			return 1;
	return 0;
}

/*
 * Where a question after a dash or a colon starts in text (len bytes)
 * when the words before the mark ask nothing ("k8s operators - can i do
 * them in rust?"); 0 otherwise.
 */
static size_t
understand_told_mark(const struct kb *kb, const char *text, size_t len)
{
	char sq[512];
	size_t at, before;

	if ((at = understand_lead_in_mark(text, len, &before)) == 0 ||
	    at >= len)
		return 0;
	kb_squash(text + at, len - at, sq, sizeof(sq));
	if (sq[0] == '\0' || !understand_is_question(kb, text + at, len - at,
	    sq))
		return 0;
	kb_squash(text, before, sq, sizeof(sq));
	if (sq[0] == '\0' || understand_is_question(kb, text, before, sq))
		return 0;
	return at;
}

/*
 * Where the last sentence of text (len bytes) starts when it asks for
 * the verdict with no question mark, in words that are all glue (and
 * comparison words or rival markers) and name an outcome ("payroll
 * service, 4 devs. go or rust", "usb drivers. rust vs golang"): a bare
 * choice put after a description, as chat users type it; with comma
 * set, the clause after the last ", " of the last sentence instead ("c++
 * codec that keeps segfaulting, rust or go", "firmware engineer, rust or
 * go?"); 0 otherwise (the words before it are checked by the caller).
 */
static size_t
understand_bare_choice(const struct kb *kb, const char *text, size_t len,
    int comma)
{
	struct kb_query q;
	size_t i, at;
	int outcome = 0;

	for (i = len; i-- > 1; ) {
		if (text[i] != '.' && text[i] != '!' && text[i] != ';' &&
		    text[i] != '\n' && (!comma || text[i] != ','))
			continue;
		if (text[i] != '\n' && !isspace((unsigned char)text[i + 1]))
			continue;	/* "node.js", "3.5", "1,000" */
		break;
	}
	if (i == 0 || (comma && text[i] != ','))
		return 0;
	for (at = i + 1; at < len && isspace((unsigned char)text[at]); at++)
		;
	if (at >= len)
		return 0;
	kb_normalize(kb, text + at, len - at, KB_NORM_MATCH, &q);
	if (q.n == 0)
		return 0;
	/* glue as understand_only_glue() reads it, and a comparison word
	 * or a rival marker between the outcomes (phrases.reading.
	 * comparison_words, rival_markers: "rust vs go") */
	for (i = 0; i < q.n; i++) {
		if (q.raw[i][0] == '\0')
			continue;
		if (understand_glue(kb, &q, i, GLUE_OUTCOME))
			outcome++;
		else if (!understand_glue(kb, &q, i, GLUE_STOP | GLUE_FILLER |
		    GLUE_PERSON | GLUE_COMMAND | GLUE_QUESTION |
		    GLUE_FOLLOW | GLUE_COMPARE) && !(kb_listed(&kb->phrases,
		    q.raw[i], strlen(q.raw[i])) & KB_LISTED_RIVAL) &&
		    understand_cue(&kb->phrases, q.raw[i],
		    strlen(q.raw[i])) < 0)
			return 0;
	}
	/* after a comma, both outcomes weighed ("rust or go"): "linux
	 * kernel, is rust in it now?" asks of one */
	return outcome > comma ? at : 0;
}

/*
 * Where a bare choice after a comma, typed with no question mark, starts
 * in s (understand_bare_choice, comma set: "image decoder in c++ that
 * keeps segfaulting, rust or go", "unemployed for now and wanting to
 * skill up, rust or go") when the words before it describe the user:
 * they answer one of the walk's questions and open with no stopword
 * ("for memory safety alone, rust or go" asks of a topic) unless the
 * user speaks of themself ("we're a crew of four writing payment apis,
 * go or rust"); 0 otherwise.
 * With the mark ("scaling up the team, go or rust??", "writing a
 * kubernetes controller, rust or go?") the question steps answer with
 * the topic's or the work's claims, as before, unless the message opens
 * with the user's role (understand_intro_role: "firmware dev (nrf52
 * mostly), go or rust?", "embedded engineer, rust or go?"): who they
 * are and what they build, then the choice, asks for the verdict.  Cost: one kb_normalize()
 * and one understand_extract() when a message ends so, nothing else.
 */
static size_t
understand_comma_choice(const struct dlg *d, const struct said *s)
{
	int found[KB_MAX_QUESTIONS], ambiguous[KB_MAX_QUESTIONS];
	struct kb_query q;
	size_t at, i;

	if ((understand_ends_question(s->text, s->len) &&
	    understand_intro_role(d->kb, s->text, s->len, s->sq) == 0) ||
	    (at = understand_bare_choice(d->kb, s->text, s->len, 1)) == 0)
		return 0;
	kb_normalize(d->kb, s->text, at, KB_NORM_MATCH, &q);
	for (i = 0; i < q.n && q.raw[i][0] == '\0'; i++)
		;
	if (i >= q.n || (q.stop[i] && !s->first_person) ||
	    understand_extract(d, &q, found, ambiguous, 1) == 0)
		return 0;
	return at;
}

/*
 * Does q (normalized for matching) say a word of phrases.reading.
 * pointer_refs ("it", "that")?  Bounded by q->n and the list.
 */
static int
understand_has_pointer(const struct kb *kb, const struct kb_query *q)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t i, k;

	for (i = 0; i < q->n; i++)
		for (k = 0; k < ph->npointer_refs; k++)
			if (understand_cue_at(q, i, ph->pointer_refs[k]) > 0)
				return 1;
	return 0;
}

/*
 * Step 1c: a description of the user and a question in one message, the
 * question last in a sentence of its own ("we write k8s controllers.
 * rust or go?", "I build web APIs in java. how long until I'm productive
 * in go?", "I planned a web backend, but I got moved to the storage
 * team. what now?"): the sentences before it, read alone as a statement
 * (corrections and story turns too), answer at least one of the walk's
 * questions and name no subject.  Both are taken: what they answer is
 * recorded as a description's answers are, and a question that asks
 * for the verdict (understand_asks_only_verdict) gets it; one the
 * article covers is answered first.  Otherwise (the question not
 * covered, or the sentences before it saying nothing of the user) the
 * message is left to the other steps.
 */

static int
understand_step_told_then_asked(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	int found[KB_MAX_QUESTIONS], ambiguous[KB_MAX_QUESTIONS];
	struct said told, asked;
	struct kb_answer a;
	size_t at, whole;
	int topic, need, own, fit, named, late = 0, eff[KB_MAX_QUESTIONS];
	int back, comma = 0, unmarked = 0, spare[KB_MAX_QUESTIONS];
	size_t i;

	/* a quote closed by a dash, blanked in q (rp49) */
	if (s->quoted)
		return 0;
	/* "terraform, which language is it built in": a name, then what
	 * it is made in, tells nothing of the user (understand_made_fact) */
	if (s->made_fact)
		return 0;
	/* a statement of the user's situation may end in a question that
	 * has no question mark ("we write a game server. would go's gc
	 * pauses hurt us", "building an hft engine, would go's gc be a
	 * dealbreaker"): its last sentence, or its last clause after a
	 * comma, asks by its first word */
	if ((at = understand_last_sentence(d->kb, s->text, s->len)) == 0 &&
	    !understand_ends_question(s->text, s->len) &&
	    (at = understand_last_comma_clause(d->kb, s->text, s->len)) > 0)
		comma = 1;
	/* with the mark, a clause after a comma is taken only when the
	 * user tells what they build and it asks whether a subject fits
	 * that or what the article says to them ("i'm hacking on keyboard
	 * firmware, could golang cope with that?"), below; "writing a
	 * controller, rust or go?", "i'm a python dev, how quickly could
	 * I ...?" and "linux kernel, is rust in it now?" are read by the
	 * other steps */
	/* "firmware dev (nrf52 mostly), go or rust?": a role the user
	 * names themself by, then the bare choice with the mark, asks the
	 * verdict as without it (understand_comma_choice) */
	if (at == 0 && s->question && (at = understand_comma_choice(d,
	    s)) > 0)
		late = 3;
	if (at == 0 && s->question && (at = understand_last_comma_clause(
	    d->kb, s->text, s->len)) > 0)
		late = 1;
	/* "k8s operators - can i do them in rust or is go basically
	 * required?": the work named before a dash or a colon, then a
	 * question of necessity (understand_asks_need) */
	if (at == 0 && s->question && (at = understand_told_mark(d->kb,
	    s->text, s->len)) > 0)
		late = 2;
	/* "image codec in C++ today. go or rust": a bare choice of the
	 * outcomes, no mark, after what the user builds asks for the
	 * verdict as "go or rust?" would */
	if (at == 0 && ((at = understand_bare_choice(d->kb,
	    s->text, s->len, 0)) > 0 ||
	    (at = understand_comma_choice(d, s)) > 0))
		late = 3;
	if (at == 0)
		return 0;
	/* a question whose topic is the sentence before it ("we'll hire
	 * 20 devs next year. what does the article say on that"), asked
	 * by its first word too */
	back = late != 3 && understand_points_back(d->kb, s->text + at,
	    s->len - at);
	/* without the mark, only an auxiliary put first asks ("would",
	 * "is"); "what we actually build is the billing api" tells; after
	 * a comma, so does a start of an `asks_unmarked` class ("coming
	 * from typescript, how long before im useful writing go": read
	 * whole, "writing go" told a background) */
	if (!s->question && late != 3 && !back && (s->asks_verdict ||
	    !understand_inverted(d->kb, s->text + at, s->len - at))) {
		if (s->asks_verdict || !comma || !understand_unmarked_asks(
		    d->kb, s->text + at, s->len - at))
			return 0;
		unmarked = 1;	/* checked once the clause is read, below */
	}
	whole = at;	/* the question as typed, before its verdict clause */
	at = understand_verdict_clause(d->kb, s->text, s->len, at);
	told.text = s->text;
	for (told.len = at; told.len > 0 &&
	    (isspace((unsigned char)told.text[told.len - 1]) ||
	    ispunct((unsigned char)told.text[told.len - 1])); told.len--)
		;
	told.corrected = -1;
	memset(told.kept, -1, sizeof(told.kept));
	told.intro = 0;
	told.peels = s->peels;
	kb_squash(told.text, told.len, told.sq, sizeof(told.sq));
	if (told.sq[0] == '\0')
		return 0;
	told.core[0] = '\0';
	understand_read_words(d, &told);
	d->studied |= told.studied;
	understand_read_kind(d, &told);
	if (told.question || told.about_subject)
		return 0;
	asked.text = s->text + at;
	asked.len = s->len - at;
	kb_squash(asked.text, asked.len, asked.sq, sizeof(asked.sq));
	kb_normalize(d->kb, asked.text, asked.len, KB_NORM_MATCH, &asked.q);
	/* a request's head answers nothing (understand_request) */
	(void)understand_request(d->kb, &asked.q);
	/* "been reading about rust in the linux kernel. so is it ...?": what
	 * the user read or heard of (phrases.reading.topic_leads) is the
	 * question's topic, not their work */
	topic = text_has_phrase(told.sq, d->kb->phrases.topic_leads,
	    d->kb->phrases.ntopic_leads);
	if (topic || understand_extract(d, &told.q, found, ambiguous, 1) ==
	    0) {
		if (late || unmarked)
			return 0;
		/* "hello, I am from Brazil, my english is not so good. how
		 * long does a java developer need to be productive with go?":
		 * the sentences before tell of the user but answer none of
		 * the walk's questions; the question is answered alone and
		 * what it tells itself ("a java developer") recorded */
		/* "saw a talk about k8s operators. what language are they
		 * mostly in?" asks about the topic, not for a verdict */
		if (!topic && (!told.first_person ||
		    understand_asks_only_verdict(d->kb, asked.sq, &asked.q)))
			return 0;
		/* the whole message first: a place told before ("we're
		 * moving to dublin. what would a rust engineer make there?")
		 * is what the article may lack */
		ask_answer(d, s->text, s->len, s->sq, &a);
		if (a.nclaims == 0 && !understand_told_asked_answer(d, &told,
		    &asked, &a, 0))
			return 0;
		walk_emit(evs, DLG_EV_ANSWER)->u.answer = a;
		d->misses = 0;
		if (understand_extract(d, &asked.q, found, ambiguous, 0) > 0)
			dialogue_profile(d, evs, found, ambiguous, 0);
		else if (d->pending >= 0)
			walk_ask(d, evs, d->pending, 1);
		return 1;
	}
	/* an unmarked "how long ..." clause is taken here only when its
	 * own words answer a walk question the words before it answer
	 * otherwise ("coming from typescript, how long before im useful
	 * writing go": "writing go" a background of Go): read whole, that
	 * would be a change of mind and the question lost; "coming from
	 * python, how many weeks before i'm decent with go" is read by the
	 * later steps as before */
	if (unmarked) {
		int clash = 0;

		if (understand_extract(d, &asked.q, spare, eff, 1) > 0)
			for (i = 0; i < DL(d)->nquestions; i++)
				if (found[i] >= 0 && spare[i] >= 0 &&
				    spare[i] != found[i])
					clash = 1;
		if (!clash)
			return 0;
	}
	understand_drop_doubt(d, &asked);
	/* what the article says of the user's case told before: what it
	 * favours for it (a stance question), what they tell recorded
	 * beside the answer ... */
	back = back && told.first_person;
	if (back && understand_told_asked_stance(d, &asked) &&
	    understand_told_asked_answer(d, &told, &asked, &a, 2)) {
		understand_note_correction(d, &told, found, ambiguous);
		goto answered;
	}
	/* "<work told>. which of the two does the article say wins
	 * there?", when the stance search above found nothing: the
	 * article's reasons about the work told come first
	 * (understand_work_claims, its decisive answers), then what was
	 * told is recorded and the verdict given, as for "wasm: rust or
	 * go?" (understand_weighed_answer); the work may be told without
	 * "we" or "I" in a sentence of its own ("network appliance
	 * firmware, bare metal, no OS underneath. which of the two does
	 * the article say wins there") */
	if (late != 3 && (told.first_person || (late == 0 && !comma)) &&
	    DL(d)->nquestions <= KB_MAX_QUESTIONS &&
	    understand_work_told(d, found) &&
	    understand_told_asks_pick(d, &asked, s->text + whole,
	    s->len - whole)) {
		for (i = 0; i < DL(d)->nquestions; i++)
			eff[i] = found[i] >= 0 && DL(d)->questions[i].decisive &&
			    !understand_is_negative(&DL(d)->questions[i],
			    found[i]) ? found[i] : -1;
		if (understand_work_claims(d, eff, -1, &a) > 0) {
			understand_note_correction(d, &told, found, ambiguous);
			walk_emit(evs, DLG_EV_ANSWER)->u.answer = a;
			d->misses = 0;
			dialogue_profile(d, evs, found, ambiguous, 1);
			return 1;
		}
	}
	need = understand_asks_need(d->kb, &asked);
	own = understand_asks_own_verdict(d->kb, &asked);
	/* a question that asks whether a subject fits the work told, or
	 * what the article says to the user ("would go be any good
	 * there?", "for people like me?"), gets the article's own reasons
	 * about that work or that person first */
	fit = need < 0 && understand_asks_fit(d->kb, &asked, own, &named);
	if (fit)
		need = named;
	/* ... else its reasons about what was told, as "what does the
	 * article say for people like me?" (the rules' claims, not a
	 * search of "20 devs next year"), then what was told asked alone
	 * (the question's own words are the article and its take: "piece"
	 * would find the author) */
	if (back && need < 0)
		fit = 1;
	/* "been writing c++ game engines for a decade, any advice from
	 * the article for someone like me?": who the user is told, no
	 * work (understand_person_only), asked of the user: the article's
	 * reasons about such a person, as for work told */
	if (late == 1 && ((need < 0 && !fit) || !told.first_person ||
	    (!understand_work_told(d, found) && !(fit && need < 0 &&
	    understand_person_only(d, found, eff)))))
		return 0;
	/* "bootcamp grad (typescript mostly) - how fast does someone
	 * coming from typescript get to writing go code?": who the user
	 * is before the mark (it answers one of the walk's questions, not
	 * what is built) and a question the article answers alone (no
	 * need, no fit, not the verdict: "k8s controllers - rust or go?"
	 * is the work's; no pointer back: "terraform itself - what's it
	 * programmed in?" asks about what was named):
	 * answered, and what was told recorded, as after a full stop */
	for (i = 0; late == 2 && i < DL(d)->nquestions &&
	    i < KB_MAX_QUESTIONS && found[i] < 0; i++)
		;
	if (late == 2 && need < 0 && !fit && !back &&
	    !understand_has_pointer(d->kb, &asked.q) &&
	    i < DL(d)->nquestions &&
	    i < KB_MAX_QUESTIONS && !understand_work_told(d, found) &&
	    !understand_asks_only_verdict(d->kb, asked.sq, &asked.q) &&
	    understand_told_asked_answer(d, &told,
	    &asked, &a, 0) && a.res.covered)
		goto answered;
	if (late == 2 && (fit || need < 0 || !understand_work_told(d, found)))
		return 0;
	/* a bare choice after what answers any of the walk's questions,
	 * the work or not ("c++ codec, buffer overruns crash it. rust or
	 * go", "audio host, a gc pause would be audible. go or rust"): the
	 * description asks for the verdict, which dialogue_profile() gives
	 * only on a basis (dialogue_has_basis()), as for the description
	 * alone; put to the article instead, it recorded nothing */
	understand_note_correction(d, &told, found, ambiguous);
	if (late == 3 || (own && need < 0 && !fit)) {
		/* "long time java dev. which should I learn next?": told
		 * of who they are and nothing of what they build, the
		 * article's reasons about such a person (its edge cases)
		 * come before the verdict */
		understand_person_lead(d, evs, found);
		d->misses = 0;
		dialogue_profile(d, evs, found, ambiguous, 1);
		return 1;
	}
	if (fit || !understand_told_asked_answer(d, &told, &asked, &a,
	    need >= 0)) {
		if (need < 0 && !fit)
			return 0;
		/* "is rust essential for that?" in words the claims lack:
		 * the article's own reasons about the work told answer it,
		 * else the verdict, as for any request for it; a question
		 * of the user ("for people like me?") takes every answer
		 * told, the background too */
		for (i = 0; i < DL(d)->nquestions && i < KB_MAX_QUESTIONS;
		    i++)
			eff[i] = found[i] >= 0 && !understand_is_negative(
			    &DL(d)->questions[i], found[i]) ? found[i] : -1;
		if (fit && need < 0 && DL(d)->nquestions <= KB_MAX_QUESTIONS &&
		    understand_person_claims(d, eff, &a) > 0)
			goto answered;
		for (i = 0; i < DL(d)->nquestions && i < KB_MAX_QUESTIONS;
		    i++)
			if (!DL(d)->questions[i].decisive && !(fit &&
			    need < 0))
				eff[i] = -1;
		if (DL(d)->nquestions > KB_MAX_QUESTIONS ||
		    understand_work_claims(d, eff, need, &a) == 0) {
			if (back) {
				ask_answer(d, told.text, told.len, told.sq,
				    &a);
				if (a.nclaims > 0)
					goto answered;
			} else if (fit && understand_told_asked_answer(d,
			    &told, &asked, &a, 1))
				goto answered;
			d->misses = 0;
			dialogue_profile(d, evs, found, ambiguous, 1);
			return 1;
		}
	}
answered:
	walk_emit(evs, DLG_EV_ANSWER)->u.answer = a;
	d->misses = 0;
	dialogue_profile(d, evs, found, ambiguous, 0);
	return 1;
}

/*
 * Is sq (squashed words) an echo of the pending question: at most
 * UNDERSTAND_ECHO_MAX words, each one of the question's id or text as a
 * word of its own ("latency? nah, a p99 of 30ms is fine": the user
 * repeats what is asked, then answers it)?
 */
#define UNDERSTAND_ECHO_MAX	2	/* words */

static int
understand_echoes_pending(const struct dlg *d, const char *sq)
{
	const struct kb_question *qu;
	const char *w = sq, *t;
	size_t n, words = 0;
	int found;

	if (d->pending < 0)
		return 0;
	qu = &DL(d)->questions[d->pending];
	while (*w != '\0') {
		n = text_word_len(w);
		if (n == 0 || ++words > UNDERSTAND_ECHO_MAX)
			return 0;
		found = strlen(qu->id) == n && strncasecmp(qu->id, w, n) == 0;
		for (t = qu->text; !found && t != NULL && *t != '\0'; t++) {
			if (strncasecmp(t, w, n) == 0 && (t == qu->text ||
			    !isalnum((unsigned char)t[-1])) &&
			    !isalnum((unsigned char)t[n]))
				found = 1;
		}
		if (!found)
			return 0;
		w += n;
		w += *w == ' ';
	}
	return words > 0;
}

/*
 * Is said s a question of its own joined on to the one before it, with
 * no mark of its own: a join word (phrases.reading.joins) first, then
 * words that ask ("where is rust on redmonk? and whats go on tiobe")?
 * Such words after the last question mark ask; they tell nothing.
 */
static int
understand_joined_question(const struct kb *kb, const struct said *s)
{
	size_t n = text_word_len(s->sq), i;

	if (s->sq[n] != ' ' || !(kb_listed(&kb->phrases, s->sq, n) &
	    KB_LISTED_JOIN))
		return 0;
	/* the join word as typed, then the words after it */
	for (i = 0; i < s->len && !isalnum((unsigned char)s->text[i]); i++)
		;
	for (; i < s->len && isalnum((unsigned char)s->text[i]); i++)
		;
	for (; i < s->len && !isalnum((unsigned char)s->text[i]); i++)
		;
	return i < s->len && understand_is_question(kb, s->text + i,
	    s->len - i, s->sq + n + 1);
}

/* words before a number a reading.headcount_leads entry may hold */
#define UNDERSTAND_LEAD_WORDS	4

/*
 * Does sq (squashed) hold a figure: a word with a digit that is no head
 * count?  A number is a head count when the word after it is one of
 * phrases.reading.headcount_words ("12 people", "6 devs") or the words
 * right before it are an entry of phrases.reading.headcount_leads
 * ("team of 5"): it tells of the user's team, where a figure ("7th",
 * "145k") restates a fact the user has heard.  One pass over sq; the
 * starts of the last UNDERSTAND_LEAD_WORDS words are kept in a ring.
 */
static int
understand_figure_told(const struct kb *kb, const char *sq)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t starts[UNDERSTAND_LEAD_WORDS];
	size_t nw = 0, at = 0, n, i, k, e, from, next;
	int digit, counted;
	const char *w;

	while (sq[at] != '\0') {
		w = sq + at;
		n = text_word_len(w);
		if (n == 0)
			break;
		for (digit = 0, i = 0; i < n; i++)
			digit |= isdigit((unsigned char)w[i]) != 0;
		if (digit) {
			for (counted = 1, i = 0; i < n; i++)
				counted &= isdigit((unsigned char)w[i]) != 0;
			next = at + n + (w[n] == ' ');
			if (counted && !(sq[next] != '\0' && match_in_list(
			    sq + next, text_word_len(sq + next),
			    ph->headcount_words, ph->nheadcount_words))) {
				/* the words before: an entry of k words */
				for (counted = 0, e = 0; !counted &&
				    e < ph->nheadcount_leads; e++) {
					for (k = 1, i = 0; ph->headcount_leads[e]
					    [i] != '\0'; i++)
						k += ph->headcount_leads[e][i] ==
						    ' ';
					if (k > nw || k > UNDERSTAND_LEAD_WORDS)
						continue;
					from = starts[(nw - k) %
					    UNDERSTAND_LEAD_WORDS];
					i = strlen(ph->headcount_leads[e]);
					counted = from + i + 1 == at &&
					    memcmp(sq + from,
					    ph->headcount_leads[e], i) == 0;
				}
			}
			if (!counted)
				return 1;
		}
		starts[nw++ % UNDERSTAND_LEAD_WORDS] = at;
		at += n;
		at += sq[at] == ' ';
	}
	return 0;
}

/*
 * "does rust do wasm? we want to run some logic in the browser" after
 * a verdict on both layers: the words after a question that name the
 * same choice the question asks about give the question's motive, not
 * a change of an answer already recorded; that answer stands (found[i]
 * set to -1), unless the words open with a change cue
 * (phrases.reading.change_starts, fillers before it aside: "actually we
 * only do the browser part now").  An unanswered question is still
 * answered ("is go fine for apis? we're building apis").  Returns
 * whether found[] still holds an answer.  Bounded by the questions of
 * the KB and the words of told.
 */
static int
understand_motive_kept(const struct dlg *d, const struct kb_query *asked,
    const struct kb_query *told, int *found)
{
	const struct kb_dialogue *dl = DL(d);
	int af[KB_MAX_QUESTIONS], aa[KB_MAX_QUESTIONS];
	size_t i, k;
	int cue = 0, any = 0, read = 0;

	for (i = 0; i < dl->nquestions; i++) {
		if (found[i] < 0)
			continue;
		if (d->how[i] == DLG_UNANSWERED || d->answer[i] < 0 ||
		    d->answer[i] == found[i]) {
			any = 1;
			continue;
		}
		if (!read) {
			read = 1;
			(void)understand_extract(d, asked, af, aa, 1);
			for (k = 0; k < told->n && !cue; k++) {
				cue = understand_change_cue(d->kb, told, NULL,
				    NULL, 0, NULL, k) > 0;
				if (told->raw[k][0] != '\0' &&
				    !(kb_listed(&d->kb->phrases, told->raw[k],
				    strlen(told->raw[k])) & KB_LISTED_FILLER))
					break;
			}
		}
		if (!cue && af[i] == found[i])
			found[i] = -1;
		else
			any = 1;
	}
	return any;
}

/*
 * Do the words told after a question (told, its text set) hold an amount
 * that reads a choice of one of the walk's questions ("would go be ok?
 * p99 must be under 50ms")?  Such a figure is the user's own need, no
 * fact restated (understand_figure_told): the user's answer wherever the
 * message also asks (nu49b).  Normalizes told->q, which
 * understand_read_words() fills again.  Cost: one amount reading per
 * question, KB_MAX_QUESTIONS at most.
 */
static int
understand_told_amount(const struct dlg *d, struct said *told)
{
	size_t i, at;

	kb_normalize(d->kb, told->text, told->len, KB_NORM_MATCH, &told->q);
	for (i = 0; i < DL(d)->nquestions; i++)
		if (match_amount_choice(&d->kb->phrases, &DL(d)->questions[i],
		    &told->q, &at) >= 0)
			return 1;
	return 0;
}

/*
 * Step 1d: a question first, then what the user tells after it ("and
 * where is rust on tiobe? I know go is 7th", "is go fine for apis? we're
 * a team of five"): the words after the last question mark that goes on
 * are no question, and the question before them asks for more than the
 * verdict and is covered by the article alone, or the words after it
 * answer one of the walk's questions (an uncovered question is then
 * declined, not the message).  The question is
 * answered; the words after it are then read as a description is, unless
 * they hold a figure (a digit: "7th", "145-185k"), which restates a fact
 * the user has heard rather than telling about them; a head count ("12
 * people, all go") is no figure (understand_figure_told), nor an amount
 * that answers a walk question ("p99 must be under 50ms":
 * understand_told_amount).  Returns whether
 * the message was taken.
 */
static int
understand_step_asked_then_told(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	int found[KB_MAX_QUESTIONS], ambiguous[KB_MAX_QUESTIONS];
	int hedged[KB_MAX_QUESTIONS], hedged_amb[KB_MAX_QUESTIONS];
	struct said told, asked;
	struct kb_answer a;
	size_t end, at, from;
	int figure, tells;

	/* s->question need not hold: "and where ...? I know ..." ends
	 * with a statement and opens with no question word */
	for (end = s->len; end > 0 && s->text[end - 1] != '?'; end--)
		;
	if (end < 2 || end >= s->len)
		return 0;
	for (at = end; at < s->len && (isspace((unsigned char)s->text[at]) ||
	    s->text[at] == '?'); at++)
		;
	if (at >= s->len)
		return 0;
	told.text = s->text + at;
	told.len = s->len - at;
	told.corrected = -1;
	memset(told.kept, -1, sizeof(told.kept));
	told.intro = 0;
	told.peels = s->peels;
	kb_squash(told.text, told.len, told.sq, sizeof(told.sq));
	if (told.sq[0] == '\0' || understand_is_question(d->kb, told.text,
	    told.len, told.sq) || understand_joined_question(d->kb, &told))
		return 0;
	/* "rust is #20 on redmonk?? seems off. what does it measure": a
	 * question after the remark; a remark that tells nothing of the
	 * user is no part of what is asked, the two questions are */
	if (s->peels < UNDERSTAND_SAY_PEELS &&
	    (from = understand_tail_asks(d->kb, told.text, told.len)) > 0) {
		char both[1024];
		struct kb_query rq;

		kb_normalize(d->kb, told.text, from, KB_NORM_MATCH, &rq);
		if (end + 1 + told.len - from >= sizeof(both) ||
		    understand_extract(d, &rq, found, ambiguous, 1) > 0)
			return 0;
		(void)memcpy(both, s->text, end);
		both[end] = ' ';
		(void)memcpy(both + end + 1, told.text + from, told.len - from);
		understand_say_at(d, evs, both, end + 1 + told.len - from,
		    s->peels + 1);
		return 1;
	}
	asked.text = s->text;
	asked.len = end;
	kb_squash(asked.text, asked.len, asked.sq, sizeof(asked.sq));
	if (asked.sq[0] == '\0' || understand_echoes_pending(d, asked.sq))
		return 0;
	kb_normalize(d->kb, asked.text, asked.len, KB_NORM_MATCH, &asked.q);
	/* a request's head answers nothing (understand_request) */
	(void)understand_request(d->kb, &asked.q);
	understand_drop_doubt(d, &asked);
	if (understand_asks_only_verdict(d->kb, asked.sq, &asked.q))
		return 0;
	ask_answer(d, asked.text, asked.len, asked.sq, &a);
	figure = understand_figure_told(d->kb, told.sq) &&
	    !understand_told_amount(d, &told);
	told.core[0] = '\0';
	if (!figure) {
		understand_read_words(d, &told);
		d->studied |= told.studied;
		understand_read_kind(d, &told);
		/* "what about our team? 12 people, all go devs": words
		 * after a question that speaks of the user tell of that
		 * user; the languages they name are skills, not a subject
		 * asked about (as for reading.team_subjects) */
		if (!told.question && !told.first_person &&
		    understand_first_person(d->kb, asked.text, asked.len))
			told.about_subject = 0;
	}
	tells = !figure && !told.question && !told.about_subject &&
	    understand_extract(d, &told.q, found, ambiguous, 1) > 0 &&
	    understand_motive_kept(d, &asked.q, &told.q, found);
	/* "which has the better IDE support? fwiw I write gRPC services":
	 * a question the article does not cover is declined, and what the
	 * user tells after it is still read */
	if (a.nclaims == 0 && !tells)
		return 0;
	/* "is go's gc gonna cause glitches in our synth plugin? the audio
	 * thread cant wait": a trade-off declined for its wording has the
	 * fit for the work the whole message tells */
	if (a.nclaims == 0) {
		struct kb_answer f = a;

		if (dialogue_fit_declined(d, s->text, s->len, &f)) {
			a = f;
			/* answered: "and rust?" next asks it of Rust */
			ask_declined(d, s->text, s->len);
		}
	}
	/* "idk i like backend stuff i guess? built a couple express
	 * apis": words before the mark with no question's shape once the
	 * mark is set aside, that answer a walk question themselves (a
	 * hedged answer, not "best IDE for writing rust?"), ask nothing to
	 * decline; a decline next to what the user told contradicts it in
	 * one turn (nu49b).  What the hedge tells is left to the told
	 * words: the walk asks again what they do not answer. */
	if (a.nclaims == 0 && tells && !understand_is_question(d->kb,
	    asked.text, end - 1, asked.sq) && understand_extract(d,
	    &asked.q, hedged, hedged_amb, 1) > 0) {
		d->misses = 0;
		understand_note_correction(d, &told, found, ambiguous);
		dialogue_profile(d, evs, found, ambiguous, 0);
		return 1;
	}
	if (a.nclaims == 0)
		ask_declined(d, asked.text, asked.len);
	walk_emit(evs, DLG_EV_ANSWER)->u.answer = a;
	d->misses = 0;
	if (tells) {
		understand_note_correction(d, &told, found, ambiguous);
		dialogue_profile(d, evs, found, ambiguous, 0);
	} else if (d->pending >= 0)
		walk_ask(d, evs, d->pending, 1);
	return 1;
}

/*
 * Is c a byte the asked-comma-told reader stops at: a mark of
 * ",?.:;!" or the NUL, what strchr(",?.:;!", c) finds, without a call
 * per byte of the message.
 */
static int
understand_sentence_mark(char c)
{
	switch (c) {
	case ',': case '?': case '.': case ':': case ';': case '!': case '\0':
		return 1;
	default:
		return 0;
	}
}

/*
 * Step 1e: a question, a comma, then what the user tells ("which would
 * you pick, our product is a trading engine", "would go's gc pauses
 * hurt, we write the audio engine"): the words before the first comma
 * read as a question, the words after it as a statement that answers
 * at least one of the walk's questions and names no subject.  Both
 * readings are kept: what the statement answers is recorded as a
 * description's answers are, and the question gets the verdict when it
 * asks only for it (understand_asks_own_verdict), else the article's
 * answer.  Left to the other steps when the article has nothing on the
 * question, the words after the comma tell nothing of the user, or the
 * words before it tell of the user too (a story or a correction).
 * Returns whether the message was taken.
 */
static int
understand_step_asked_comma_told(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	int found[KB_MAX_QUESTIONS], ambiguous[KB_MAX_QUESTIONS];
	int other[KB_MAX_QUESTIONS];
	struct said told, asked;
	struct kb_answer a;
	const char *text = s->text, *q;
	size_t len = s->len, end, at;

	/* one sentence asks, the rest tells: no sentence ends before the
	 * comma ("what I'm writing sits under everything: it's the
	 * runtime, ...") and no question after it */
	for (end = 0; end < len && !understand_sentence_mark(text[end]);
	    end++)
		;
	if (end == 0 || end >= len || text[end] != ',' ||
	    ((q = memchr(text + end, '?', len - end)) != NULL &&
	    strspn(q, "?!. \t") < (size_t)(text + len - q)))
		return 0;
	for (at = end + 1; at < len &&
	    isspace((unsigned char)text[at]); at++)
		;
	if (at >= len)
		return 0;
	asked.text = text;
	asked.len = end;
	asked.corrected = -1;
	memset(asked.kept, -1, sizeof(asked.kept));
	asked.intro = 0;
	kb_squash(asked.text, asked.len, asked.sq, sizeof(asked.sq));
	if (asked.sq[0] == '\0' || !understand_is_question(d->kb, asked.text,
	    asked.len, asked.sq) || understand_echoes_pending(d, asked.sq))
		return 0;
	told.text = text + at;
	told.len = len - at;
	while (told.len > 0 && (isspace((unsigned char)told.text[told.len -
	    1]) || ispunct((unsigned char)told.text[told.len - 1])))
		told.len--;
	told.corrected = -1;
	memset(told.kept, -1, sizeof(told.kept));
	told.intro = 0;
	told.peels = s->peels;
	kb_squash(told.text, told.len, told.sq, sizeof(told.sq));
	if (told.sq[0] == '\0' || understand_is_question(d->kb, told.text,
	    told.len, told.sq))
		return 0;
	told.core[0] = '\0';
	understand_read_words(d, &told);
	d->studied |= told.studied;
	understand_read_kind(d, &told);
	/* "what does rust pay, it's the premium end?" restates a fact;
	 * only words about the user are theirs to record */
	if (told.question || told.about_subject || !told.first_person ||
	    understand_extract(d, &told.q, found, ambiguous, 1) == 0)
		return 0;
	/* "was planning a game engine, scratch that, I build CLIs": words
	 * before the comma that tell of the user too are a story or a
	 * correction, the other steps' to read */
	kb_normalize(d->kb, asked.text, asked.len, KB_NORM_MATCH, &asked.q);
	/* a request's head answers nothing (understand_request) */
	(void)understand_request(d->kb, &asked.q);
	if (understand_extract(d, &asked.q, other, ambiguous, 1) > 0)
		return 0;
	(void)understand_extract(d, &told.q, found, ambiguous, 1);
	understand_note_correction(d, &told, found, ambiguous);
	if (understand_asks_own_verdict(d->kb, &asked)) {
		d->misses = 0;
		dialogue_profile(d, evs, found, ambiguous, 1);
		return 1;
	}
	if (!understand_told_asked_answer(d, &told, &asked, &a, 0))
		return 0;
	walk_emit(evs, DLG_EV_ANSWER)->u.answer = a;
	d->misses = 0;
	dialogue_profile(d, evs, found, ambiguous, 0);
	return 1;
}

/*
 * Request frames (round 26): a request for the verdict or for the reason
 * behind it read from the shape of the message, not from a listed phrase.
 * Each word of squashed text sq is classed once; a frame holds when the
 * words it needs are there and every other word is glue (stopwords,
 * fillers, words about the user or to the advisor, command glue, question
 * words, outcomes, the recommend command's words) but for a few words
 * nothing reads.  A negation or a word of the article makes the message
 * something else.
 *
 * act:   a question word, the user as subject (first_person; their case,
 *        case_words, beside it) and an act word ending the message
 *        (phrases.reading.act_words): "what do we do", "in plain english,
 *        what should my team use";
 * it:    a verb of the recommend command right before an anaphor
 *        (phrases.reading.anaphors): "give it to me straight";
 * cause: after a verdict, a question word, then a cause word
 *        (phrases.reading.cause_words), the advisor, and a reference to
 *        the verdict (back_refs, anaphors, an outcome, a recommend
 *        object): "what made you pick that", "what led you to rust".
 *
 * A cue of the what-would-change command makes it that command; a cue
 * of the start command ("ask") sets *asked: the why is the question's.
 * Leading small-talk words ("ok", "cool") are skipped.  Returns
 * KB_CMD_RECOMMEND (act, it), KB_CMD_WHY (cause), or -1.
 */
/*
 * Does squashed text sq end with a verdict verb (phrases.reading.
 * verdict_verbs: "go with") whose last word is the word at last?
 */
static int
understand_ends_verdict_verb(const struct kb_phrases *ph, const char *sq,
    const char *last)
{
	const char *end = last + strlen(last), *start;
	size_t k, n;

	for (k = 0; k < ph->nverdict_verbs; k++) {
		n = strlen(ph->verdict_verbs[k]);
		if ((size_t)(end - sq) < n)
			continue;
		start = end - n;
		if ((start == sq || start[-1] == ' ') &&
		    memcmp(start, ph->verdict_verbs[k], n) == 0)
			return 1;
	}
	return 0;
}

#define UNDERSTAND_FRAME_MAX		10	/* words */
#define UNDERSTAND_FRAME_UNKNOWN	2	/* words nothing reads */

/*
 * Is squashed sq, at most UNDERSTAND_FRAME_MAX words, a request to the
 * advisor in a frame of its own ("so what would you pick for us?", "why
 * do you say that"): the command it asks for (KB_CMD_RECOMMEND or
 * KB_CMD_WHY), *asked set when one of its words is a start cue ("why
 * do you ask": the why of the pending question); -1 when it is not one
 * (a how-to, a duration or count start ("how long", "how many"), a
 * negation, a word of the article or a figure, a "what
 * would change" cue, more than UNDERSTAND_FRAME_UNKNOWN words nothing
 * reads).
 */
static int
understand_request_frame(const struct dlg *d, const char *sq, int *asked)
{
	const struct kb *kb = d->kb;
	const struct kb_phrases *ph = &kb->phrases;
	const char *w, *last = NULL;
	char one[64];
	size_t len, lastlen = 0, nw = 0, unknown = 0;
	int question = 0, subject = 0, cause = 0, addressed = 0, ref = 0;
	int verb_it = 0, prev_verb = 0, lead = 1, first = 1, t, object = 0;
	int why = 0;
	struct kb_cmd_word cw;
	unsigned listed;

	if (ph->nact_words == 0 && ph->ncause_words == 0)
		return -1;
	/* most messages are longer than any frame: counted first */
	for (w = sq; *w != '\0'; w += len, w += text_space_len(w)) {
		len = text_word_len(w);
		if (++nw > UNDERSTAND_FRAME_MAX + 1)
			return -1;
	}
	if (understand_starts(sq, ph->howto_starts, ph->nhowto_starts))
		return -1;
	/* "how long will it take me?": a duration or an amount asked of
	 * the article, "take" and "me" no request for the verdict */
	if (understand_begins(kb, sq, &kb->duration_starts_by_word,
	    ph->duration_starts, ph->nduration_starts) ||
	    understand_begins(kb, sq, &kb->count_starts_by_word,
	    ph->count_starts, ph->ncount_starts))
		return -1;
	nw = 0;
	for (w = sq; *w != '\0'; w += len, w += text_space_len(w)) {
		len = text_word_len(w);
		if (++nw > UNDERSTAND_FRAME_MAX)
			return -1;
		/* one lookup of the word's lists serves every list test
		 * below (fillers to act_words); "ok", "cool": an
		 * acknowledgement before the request */
		listed = kb_listed(ph, w, len);
		if (lead && len < sizeof(one) &&
		    !(listed & KB_LISTED_QUESTION)) {
			memcpy(one, w, len);
			one[len] = '\0';
			/* "now say i write ...": a nudge of its own
			 * ("now?", nudges 2) leads no request */
			if ((t = understand_small_talk(kb, one)) >= 0 &&
			    ph->small_talk[t].nudges != 2) {
				nw--;
				continue;
			}
		}
		lead = 0;
		if (strmap_getn(&kb->negations, w, len) >= 0)
			return -1;
		cw = kb_cmd_word(ph, w, len);
		if (cw.cue == KB_CMD_START)
			*asked = 1;
		if (cw.cue == KB_CMD_WHY)
			why = 1;
		if (first && (cw.verbs & (1u << KB_CMD_RECOMMEND)) &&
		    !(listed & KB_LISTED_FILLER)) {
			prev_verb = 1;
			first = 0;
			continue;
		}
		if (!(listed & KB_LISTED_FILLER))
			first = 0;
		if (prev_verb && (listed & KB_LISTED_ANAPHOR))
			verb_it = 1;
		prev_verb = 0;
		last = w;
		lastlen = len;
		if (cw.objects & (1u << KB_CMD_RECOMMEND))
			object = 1;
		if (listed & KB_LISTED_QUESTION) {
			question = 1;
			continue;
		}
		if (question && (listed & KB_LISTED_CAUSE)) {
			cause = 1;
			continue;
		}
		if (listed & KB_LISTED_ADDRESSEE) {
			addressed |= cause;
			continue;
		}
		/* the user ("we", "my team"): "which do people use" asks
		 * about others */
		if (listed & KB_LISTED_PERSON) {
			subject = 1;
			continue;
		}
		/* "what would make you say rust instead" asks what would
		 * change the verdict */
		if (cw.cue == KB_CMD_WHAT_CHANGES)
			return -1;
		if (subject && match_in_list(w, len, ph->case_words,
		    ph->ncase_words))
			continue;
		if ((listed & (KB_LISTED_BACK_REF | KB_LISTED_ANAPHOR)) ||
		    understand_outcome_word(kb, w, len) ||
		    (cw.objects & (1u << KB_CMD_RECOMMEND))) {
			ref |= addressed;
			continue;
		}
		if ((listed & KB_LISTED_ACT) ||
		    (cw.verbs & (1u << KB_CMD_RECOMMEND)) ||
		    cw.cue == KB_CMD_RECOMMEND ||
		    strmap_getn(&kb->stopwords, w, len) >= 0 ||
		    (listed & (KB_LISTED_FILLER | KB_LISTED_GLUE)))
			continue;
		/* a word of the article, or a figure, asks about it; a
		 * word only the reading lists or other commands hold
		 * ("in plain english", "level with me") is a manner */
		if ((w[0] >= '0' && w[0] <= '9') ||
		    strmap_getn(&kb->svocab, w, len) >= 0 ||
		    strmap_getn(&kb->mvocab, w, len) >= 0 ||
		    ++unknown > UNDERSTAND_FRAME_UNKNOWN)
			return -1;
	}
	if (cause && ref && d->last_verdict >= 0 && unknown == 0)
		return KB_CMD_WHY;
	if (verb_it && !question && unknown == 0 && nw <= 7)
		return KB_CMD_RECOMMEND;
	/* "what's the verdict for my team?": the command's object asked
	 * for the user; not under a why cue ("why are you asking me that
	 * one?": "one" is the question asked, whose why the cue wants) */
	if (question && subject && object && !cause && !why && unknown == 0)
		return KB_CMD_RECOMMEND;
	if (question && subject && !cause && last != NULL &&
	    (match_in_list(last, lastlen, ph->act_words, ph->nact_words) ||
	    understand_ends_verdict_verb(ph, sq, last)))
		return KB_CMD_RECOMMEND;
	return -1;
}

/*
 * Step 0: a request frame (understand_request_frame): the verdict, or
 * the verdict's why, whatever question is pending.
 */
static int
understand_step_request(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	int asked = 0, cmd = understand_request_frame(d, s->sq, &asked);

	if (cmd < 0)
		return 0;
	/* "what made you ask that": the why of the question, while one
	 * is pending (understand_run_command) */
	if (cmd == KB_CMD_WHY && !asked) {
		verdict_why(d, evs);
		return 1;
	}
	return understand_run_command(d, evs, s, cmd);
}

/*
 * Where the rest of text (len bytes, squashed sq) starts when it opens
 * with an acknowledgement (one word of small talk: "cool", "ok") followed
 * by a word of command glue or a verdict marker ("cool so go then?"):
 * the acknowledgement says nothing of its own.  0 when it does not, or
 * when the whole text is small talk.
 */
static size_t
understand_ack_lead(const struct dlg *d, const char *text, size_t len,
    const char *sq)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	const char *w2;
	char one[64];
	size_t n = text_word_len(sq), n2, i;
	int t;

	if (n == 0 || n >= sizeof(one) || sq[n] != ' ')
		return 0;
	w2 = sq + n + 1;
	n2 = text_word_len(w2);
	if (w2[n2] == '\0' || !(kb_listed(ph, w2, n2) & (KB_LISTED_GLUE |
	    KB_LISTED_VERDICT_MARK)))
		return 0;
	memcpy(one, sq, n);
	one[n] = '\0';
	/* "now say i write ...": a nudge ("now?", nudges 2) is no
	 * acknowledgement */
	if ((t = understand_small_talk(d->kb, one)) < 0 ||
	    ph->small_talk[t].nudges == 2 ||
	    understand_small_talk(d->kb, sq) >= 0)
		return 0;
	for (i = 0; i < len && isspace((unsigned char)text[i]); i++)
		;
	for (; i < len && !isspace((unsigned char)text[i]); i++)
		;
	for (; i < len && (isspace((unsigned char)text[i]) ||
	    text[i] == ','); i++)
		;
	return i < len ? i : 0;
}

/*
 * The length of the first sentence of text (len bytes) when it is a
 * whole why or what-would-change command about the verdict given ("why
 * not go?") and what follows is the user's remark, not a second question
 * ("why not go? everyone says go is great for servers"); otherwise 0.
 */
static size_t
understand_command_head(const struct dlg *d, const char *text, size_t len)
{
	char sq[512];
	size_t p, k;
	int cmd;

	if (d->last_verdict < 0)
		return 0;
	for (p = 0; p < len && text[p] != '?'; p++)
		;
	if (p + 1 >= len)
		return 0;
	for (k = p + 1; k < len && (text[k] == '?' || isspace((unsigned char)
	    text[k])); k++)
		;
	if (k >= len || memchr(text + k, '?', len - k) != NULL)
		return 0;
	if (kb_squash(text, p + 1, sq, sizeof(sq)) == 0)
		return 0;
	cmd = understand_command(d->kb, sq);
	return cmd == KB_CMD_WHY || cmd == KB_CMD_WHAT_CHANGES ? p + 1 : 0;
}

/*
 * The length of the first clause of text (len bytes), up to a comma, a
 * semicolon, a colon or a dash between spaces, when that clause is the
 * restart command (its phrases, or its verb and object) and what follows
 * is the reason told with it ("start over - wrong team", "ditch all that,
 * other project"): at most UNDERSTAND_REASON_WORDS words, no '?', and no
 * answer to any question of the walk (a new description after the
 * restart, "start over, we build kernel drivers", is left to the other
 * steps); otherwise 0.
 */
#define UNDERSTAND_REASON_WORDS	6
static size_t
understand_restart_head(const struct dlg *d, const char *text, size_t len)
{
	static struct kb_query q;	/* large; the engine is one thread */
	int found[KB_MAX_QUESTIONS], ambiguous[KB_MAX_QUESTIONS];
	char sq[512];
	size_t p, k, words = 0;

	for (p = 0; p < len && text[p] != ',' && text[p] != ';' &&
	    text[p] != ':' && !(text[p] == '-' && p > 0 && text[p - 1] ==
	    ' '); p++)
		;
	if (p == 0 || p + 1 >= len || memchr(text, '?', len) != NULL ||
	    kb_squash(text, p, sq, sizeof(sq)) == 0 ||
	    (understand_command(d->kb, sq) != KB_CMD_RESTART &&
	    understand_verb_command(d->kb, sq) != KB_CMD_RESTART))
		return 0;
	for (k = p + 1; k < len; k++)
		if (isalnum((unsigned char)text[k]) && !isalnum((unsigned char)
		    text[k - 1]) && ++words > UNDERSTAND_REASON_WORDS)
			return 0;
	kb_normalize(d->kb, text + p + 1, len - p - 1, KB_NORM_MATCH, &q);
	if (understand_extract(d, &q, found, ambiguous, 1) > 0)
		return 0;
	while (p > 0 && isspace((unsigned char)text[p - 1]))
		p--;
	return p;
}

/*
 * "golang median salary -- no wait, i meant rust's", "go's p99... sorry,
 * rust's": a message whose words before a cue of
 * phrases.reading.subject_corrections name one subject (by a one-word
 * name) and not a second one, and whose words after it name the second,
 * with nothing else than stopwords, the cue's words and words said
 * before: the user corrected the subject.  Writes into out (size outsz)
 * the words before the cue with each name of the first subject made the
 * second's ("rust median salary"), and returns its length, or 0.
 */
#define UNDERSTAND_CORR_WORDS	48

/* Is word w (n bytes) one of the first k words of text (at[], wl[])? */
static int
understand_corr_said(const char *text, const size_t *at, const size_t *wl,
    size_t k, const char *w, size_t n)
{
	size_t j;

	for (j = 0; j < k; j++)
		if (wl[j] == n && strncasecmp(text + at[j], w, n) == 0)
			return 1;
	return 0;
}

/* Is word w (n bytes) a word of a subject_corrections cue ("meant")? */
static int
understand_corr_cue_word(const struct kb_phrases *ph, const char *w,
    size_t n)
{
	const char *p;
	size_t c, l;

	for (c = 0; c < ph->nsubject_corrections; c++)
		for (p = ph->subject_corrections[c]; *p != '\0'; p += l,
		    p += text_space_len(p))
			if ((l = text_word_len(p)) == n &&
			    strncasecmp(p, w, n) == 0)
				return 1;
	return 0;
}

/* The subject word w (n bytes) names alone, or -1. */
static int
understand_word_subject(const struct kb *kb, const char *w, size_t n)
{
	struct kb_query q;

	kb_normalize(kb, w, n, 0, &q);
	return q.n == 1 ? q.subject[0] : -1;
}

/*
 * The apostrophe at text[i] (an ASCII one, or U+2019): its bytes, or 0.
 */
static size_t
understand_apostrophe(const char *text, size_t len, size_t i)
{
	if (text[i] == '\'')
		return 1;
	if (i + 2 < len && strncmp(text + i, "\xe2\x80\x99", 3) == 0)
		return 3;
	return 0;
}

/*
 * The word of phrases.reading.clitics the letters text[a..b) stand for
 * after an apostrophe ("s" of "latency's": "is"), with its length in
 * *n; NULL when they are no clitic of the list.
 */
static const char *
understand_clitic_word(const struct kb_phrases *ph, const char *text,
    size_t a, size_t b, size_t *n)
{
	const char *sp;
	size_t c;

	for (c = 0; c < ph->nclitics; c++) {
		sp = strchr(ph->clitics[c], ' ');
		if (sp != NULL && (size_t)(sp - ph->clitics[c]) == b - a &&
		    strncasecmp(ph->clitics[c], text + a, b - a) == 0) {
			*n = strlen(sp + 1);
			return sp + 1;
		}
	}
	return NULL;
}

/*
 * text (len bytes) with each clitic of phrases.reading.clitics written
 * out as its word, into out (outsz bytes): a clitic ("'s") that ends a
 * word of no closed class (lexicon clause_words: not "it's", "what's")
 * and comes right before a negator ("latency's not a concern",
 * "hiring's never been a problem") is the verb, never a possessive (a
 * possessive names something after it), yet the reading drops it as
 * one, and the negation then reads as if no verb had been said.  Returns
 * the length of out, or 0 when there is none such or out is too small.
 */
static size_t
understand_clitics(const struct kb *kb, const char *text, size_t len,
    char *out, size_t outsz)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t i, o = 0, from = 0, a, e, k, ap, wn, nn;
	const char *word;
	char low[KB_CW_WORD_MAX + 1];
	int32_t bits;
	int any = 0;

	/* most messages hold no apostrophe: two memchr() scans, not a
	 * test at every byte */
	if (ph->nclitics == 0 || (memchr(text, '\'', len) == NULL &&
	    memchr(text, 0xe2, len) == NULL))
		return 0;
	for (i = 0; i < len; i++) {
		if ((ap = understand_apostrophe(text, len, i)) == 0 || i == 0 ||
		    !isalpha((unsigned char)text[i - 1]))
			continue;
		for (a = i; a > 0 && isalpha((unsigned char)text[a - 1]); a--)
			;
		for (e = i + ap; e < len && isalpha((unsigned char)text[e]);
		    e++)
			;
		if (e == i + ap || (e < len && !isspace((unsigned char)
		    text[e]) && !ispunct((unsigned char)text[e])) ||
		    (word = understand_clitic_word(ph, text, i + ap, e,
		    &wn)) == NULL)
			continue;
		/* a word of a closed class ("it's", "that's") is read
		 * with its clitic already */
		if (i - a > KB_CW_WORD_MAX)
			continue;
		for (k = a; k < i; k++)
			low[k - a] = (char)tolower((unsigned char)text[k]);
		if (strmap_getn(&kb->clause_words, low, i - a) >= 0)
			continue;
		/* the next word, a negator */
		for (k = e; k < len && isspace((unsigned char)text[k]); k++)
			;
		for (nn = 0; k + nn < len && isalpha((unsigned char)
		    text[k + nn]) && nn < KB_CW_WORD_MAX; nn++)
			low[nn] = (char)tolower((unsigned char)text[k + nn]);
		if (k == e || nn == 0 || (k + nn < len && text[k + nn] == '-'))
			continue;
		bits = strmap_getn(&kb->clause_words, low, nn);
		if (bits < 0 || !((unsigned)bits & KB_CW_NEG))
			continue;
		if (o + (i - from) + 1 + wn >= outsz)
			return 0;
		(void)memcpy(out + o, text + from, i - from);
		o += i - from;
		out[o++] = ' ';
		(void)memcpy(out + o, word, wn);
		o += wn;
		from = e;
		any = 1;
	}
	if (!any || o + (len - from) >= outsz)
		return 0;
	(void)memcpy(out + o, text + from, len - from);
	o += len - from;
	out[o] = '\0';
	return o;
}

static size_t
understand_subject_correction(const struct dlg *d, const char *text,
    size_t len, char *out, size_t outsz)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	size_t at[UNDERSTAND_CORR_WORDS], wl[UNDERSTAND_CORR_WORDS];
	size_t nw = 0, i, k, j, m, c, o, end;
	int s1, s2, sub[UNDERSTAND_CORR_WORDS];
	unsigned char first[256];

	if (ph->nsubject_corrections == 0)
		return 0;
	for (i = 0; i < len && nw < UNDERSTAND_CORR_WORDS; ) {
		if (!isalnum((unsigned char)text[i])) {
			i++;
			continue;
		}
		at[nw] = i;
		while (i < len && isalnum((unsigned char)text[i]))
			i++;
		wl[nw] = i - at[nw];
		sub[nw] = -2;		/* not read yet */
		nw++;
	}
	/* the cues' first letters, folded, a set: a word that begins with
	 * none (most) is not compared with each cue */
	(void)memset(first, 0, sizeof(first));
	for (c = 0; c < ph->nsubject_corrections; c++)
		first[tolower((unsigned char)ph->subject_corrections[c][0])] =
		    1;
	for (k = 1; k < nw; k++) {
		/* word k's first letter, folded once rather than twice a cue */
		int lc = tolower((unsigned char)text[at[k]]);

		for (c = 0; c < ph->nsubject_corrections && first[lc]; c++) {
			const char *cue = ph->subject_corrections[c];

			/* most cues begin with another letter: cheap */
			if (tolower((unsigned char)cue[0]) != lc)
				continue;
			/* the cue's words, one by one, from word k */
			for (m = 0; *cue != '\0' && k + m < nw; m++) {
				size_t cl = text_word_len(cue);

				if (cl != wl[k + m] || strncasecmp(cue,
				    text + at[k + m], cl) != 0)
					break;
				cue += cl;
				cue += text_space_len(cue);
			}
			if (*cue != '\0' || m == 0 || k + m >= nw)
				continue;
			/* the subject after it, and only glue besides */
			for (s2 = -1, j = k + m; j < nw; j++) {
				int sj = sub[j] = sub[j] == -2 ?
				    understand_word_subject(d->kb, text + at[j],
				    wl[j]) : sub[j];

				if (sj >= 0 && s2 < 0)
					s2 = sj;
				else if (sj >= 0 && sj != s2)
					break;
				else if (sj < 0 && wl[j] > 1 &&
				    strmap_getn(&d->kb->stopwords,
				    text + at[j], wl[j]) < 0 &&
				    !understand_corr_said(text, at, wl, k,
				    text + at[j], wl[j]) &&
				    !understand_corr_cue_word(ph, text + at[j],
				    wl[j]))
					break;
			}
			if (s2 < 0 || j < nw)
				continue;
			for (s1 = -1, j = 0; j < k; j++) {
				int sj = sub[j] = sub[j] == -2 ?
				    understand_word_subject(d->kb, text + at[j],
				    wl[j]) : sub[j];

				if (sj == s2)
					break;
				if (sj >= 0)
					s1 = sj;
			}
			if (s1 < 0 || j < k)
				continue;
			/* the words before the cue, the name replaced */
			for (end = at[k]; end > 0 && (isspace((unsigned char)
			    text[end - 1]) || strchr("-,.;:!", text[end - 1])
			    != NULL); end--)
				;
			for (o = 0, i = 0, j = 0; i < end; ) {
				const char *piece = text + i;
				size_t pl = 1;

				if (j < k && i == at[j]) {
					pl = wl[j];
					if (sub[j] == s1) {
						piece = d->kb->subjects[s2].name;
						i += wl[j];
						j++;
						if (o + strlen(piece) >= outsz)
							return 0;
						memcpy(out + o, piece,
						    strlen(piece));
						o += strlen(piece);
						continue;
					}
					j++;
				}
				if (o + pl >= outsz)
					return 0;
				memcpy(out + o, piece, pl);
				o += pl;
				i += pl;
			}
			if (memchr(text, '?', len) != NULL && o > 0 &&
			    out[o - 1] != '?' && o + 1 < outsz)
				out[o++] = '?';
			out[o] = '\0';
			return o;
		}
	}
	return 0;
}

/*
 * Is word k (from 0) of text (len bytes), as typed, a first person
 * (understand_first_person: "we're", whose squashed "were" is also a
 * past auxiliary)?
 */
static int
understand_typed_person(const struct kb *kb, const char *text, size_t len,
    size_t k)
{
	size_t i = 0, b;

	for (;;) {
		while (i < len && isspace((unsigned char)text[i]))
			i++;
		for (b = i; i < len && !isspace((unsigned char)text[i]); i++)
			;
		if (b == i)
			return 0;
		if (k-- == 0)
			return understand_first_person(kb, text + b, i - b);
	}
}

/*
 * The work a first-person statement names after a verb of
 * phrases.reading.work_verbs ("we do etl in pyspark": "etl in pyspark";
 * "I build zzqx": "zzqx"), into out (outsz bytes, cut at a word), when
 * nothing else understood it: the thing the advisor could not place
 * among the choices, said back rather than only the question again.
 * Fillers may come before the person and the verb.  The work has a word
 * that is no stopword, and no clause word but a determiner or a
 * conjunction ("i do not know", "i do need you to pick" name no work).
 * Returns 1 when there is such work.
 */
static int
understand_unplaced(const struct dlg *d, const struct said *s, char *out,
    size_t outsz)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	const unsigned ok = KB_CW_DET | KB_CW_CONJ;
	const char *p = s->sq, *w;
	char one[KB_CW_WORD_MAX + 1];
	size_t n, cut = 0, skipped = 0;
	int32_t bits;
	int content = 0;

	if (!s->first_person || s->question || ph->nwork_verbs == 0 ||
	    outsz == 0)
		return 0;
	while ((n = text_word_len(p)) > 0 && p[n] == ' ' &&
	    (kb_listed(ph, p, n) & KB_LISTED_FILLER)) {
		p += n + 1;
		skipped++;
	}
	/* the person: a word of first_person, or a user word of
	 * lexicon.json clause_words, or a first person as typed ("we're",
	 * squashed "were": understand_typed_person) */
	if ((n = understand_starts(p, ph->first_person, ph->nfirst_person)) ==
	    0) {
		n = text_word_len(p);
		if (n == 0 || n >= sizeof(one) || p[n] != ' ')
			return 0;
		memcpy(one, p, n);
		one[n] = '\0';
		bits = strmap_get(&d->kb->clause_words, one);
		if ((bits < 0 || !((unsigned)bits & KB_CW_USER)) &&
		    !understand_typed_person(d->kb, s->text, s->len, skipped))
			return 0;
	}
	p += n + 1;
	while ((n = text_word_len(p)) > 0 && p[n] == ' ' &&
	    (kb_listed(ph, p, n) & KB_LISTED_FILLER))
		p += n + 1;
	if ((n = understand_starts(p, ph->work_verbs, ph->nwork_verbs)) == 0)
		return 0;
	p += n + 1;
	for (w = p; *w != '\0'; w += n + (w[n] == ' ')) {
		n = text_word_len(w);
		if (n == 0)
			return 0;
		if (n < sizeof(one)) {
			memcpy(one, w, n);
			one[n] = '\0';
			bits = strmap_get(&d->kb->clause_words, one);
			if (bits >= 0 && ((unsigned)bits & ~ok) != 0)
				return 0;
			content |= strmap_get(&d->kb->stopwords, one) < 0;
		} else
			content = 1;
		if ((size_t)(w - p) + n < outsz)
			cut = (size_t)(w - p) + n;
	}
	if (!content || cut == 0)
		return 0;
	memcpy(out, p, cut);
	out[cut] = '\0';
	return 1;
}

/*
 * Does squashed sq put an auxiliary right before a subject's name after
 * its first word ("for apps that mostly wait on the network does rust
 * even beat go"): a question inside a message with no mark and no comma
 * before it?  Also the question of a first clause that opens with a
 * preposition ("with heavy number crunching is rust ahead; ...":
 * ask_parts()).
 */
int
understand_waits_inner(const struct kb *kb, const char *sq)
{
	char w[32];
	const char *p = sq, *next;
	size_t len, nlen;

	for (len = strcspn(p, " "); p[len] == ' '; p = next, len = nlen) {
		next = p + len + 1;
		nlen = strcspn(next, " ");
		if (p == sq || len + 1 > sizeof(w) || nlen == 0)
			continue;
		memcpy(w, p, len);
		w[len] = '\0';
		if (understand_aux(kb, w) &&
		    understand_word_subject(kb, next, nlen) >= 0)
			return 1;
	}
	return 0;
}

/*
 * Is the word at w (len bytes) a thing the article never speaks of: one
 * search term, no subject, not a corrected typo, that neither a claim nor
 * a claim's ask uses (a name the claims write, an entity, is told by
 * *named)?  A word of phrases.reading.outside_rivals is one too.
 */
static int
understand_outside_word(const struct kb *kb, const char *w, size_t len,
    int *named)
{
	struct kb_query one;
	int32_t t;

	*named = 0;
	if (match_in_list(w, len, kb->phrases.outside_rivals,
	    kb->phrases.noutside_rivals))
		return 1;
	kb_normalize(kb, w, len, 0, &one);
	if (one.n != 1 || one.subject[0] >= 0 || one.corrected[0] ||
	    one.stop[0])
		return 0;
	if (one.term[0] == NULL || (t = strmap_get(&kb->vocab,
	    one.term[0])) < 0)
		return 1;
	*named = kb->terms[t].entity;
	return kb->terms[t].npost == 0 && kb->terms[t].napost == 0;
}

/*
 * Step 0a: a question between two things the article never weighs ("gorm
 * or ent for my go service's database layer, which orm do people
 * prefer?", "is clap or argh the nicer parser for my rust cli?"): the
 * words on each side of an "or" (phrases.reading.alternatives; the word
 * before the first said again after it, "to loki or to elasticsearch")
 * are both things no claim speaks of, or one of them and a name the
 * claims write ("gin or chi": the article names Gin only in a
 * benchmark).  What the user tells of their work in the same sentence is
 * no description to recommend from: the question is declined, and the
 * walk goes on where it was.  Is such a pair in squashed text sq?
 */
static int
understand_outside_pair_in(const struct kb *kb, const char *sq)
{
	const struct kb_phrases *ph = &kb->phrases;
	const char *p, *prev = NULL, *prev2 = NULL, *n;
	size_t len, plen = 0, p2len = 0, nlen;
	int out1, out2, named1, named2, found = 0;

	for (p = sq; *p != '\0'; prev2 = prev, p2len = plen, prev = p,
	    plen = len, p += len, p += text_space_len(p)) {
		if ((len = text_word_len(p)) == 0)
			break;
		if (prev == NULL || !match_in_list(p, len, ph->alternatives,
		    ph->nalternatives))
			continue;
		out1 = understand_outside_word(kb, prev, plen, &named1);
		if (!out1 && !named1)
			continue;
		n = p + len + text_space_len(p + len);
		if ((nlen = text_word_len(n)) == 0)
			break;
		/* "to loki or to elasticsearch": the word before the first
		 * side said again before the second */
		if (prev2 != NULL && nlen == p2len &&
		    strncmp(n, prev2, nlen) == 0) {
			n += nlen + text_space_len(n + nlen);
			if ((nlen = text_word_len(n)) == 0)
				break;
		}
		out2 = understand_outside_word(kb, n, nlen, &named2);
		if ((found = (out1 && out2) || (out1 && named2) ||
		    (named1 && out2)))
			break;
	}
	return found;
}

/*
 * Step 0a itself: a question (no verdict asked) holding such a pair is
 * declined.  When it is the last sentence after statements, the pair is
 * looked for there alone, and the statements before it are recorded as
 * a description's, with no verdict this turn ("we build proxies. tokio
 * or glommio?" keeps the proxies; the reply stays a decline).
 * Returns 1 when taken.
 */
static int
understand_step_outside_pair(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	int found[KB_MAX_QUESTIONS], ambiguous[KB_MAX_QUESTIONS];
	struct kb_query q;
	struct kb_answer a;
	char sq[512];
	size_t at;

	if (!s->question || s->asks_verdict ||
	    d->kb->phrases.nalternatives == 0)
		return 0;
	/* "we build proxies. tokio or glommio?": the pair is asked in
	 * the last sentence, what comes before it tells of the user's
	 * work (hx52b: the description was lost with the question) */
	if (!understand_outside_pair_in(d->kb, s->sq))
		return 0;
	if ((at = understand_last_sentence(d->kb, s->text, s->len)) > 0) {
		kb_squash(s->text + at, s->len - at, sq, sizeof(sq));
		if (!understand_outside_pair_in(d->kb, sq))
			return 0;
	}
	ask_answer(d, s->text, s->len, s->sq, &a);
	a.nclaims = 0;
	a.nmissing = 0;
	ask_declined(d, s->text, s->len);
	if (at == 0)
		return understand_give(d, evs, &a);
	walk_emit(evs, DLG_EV_ANSWER)->u.answer = a;
	d->misses = 0;
	kb_normalize(d->kb, s->text, at, KB_NORM_MATCH, &q);
	if (understand_extract(d, &q, found, ambiguous, 0) > 0)
		dialogue_profile(d, evs, found, ambiguous, -1);
	else if (d->pending >= 0)
		walk_ask(d, evs, d->pending, 1);
	return 1;
}

/*
 * Step 0b: a question about the user's own service that waits on
 * something outside it ("our backend is crud and mostly waits on
 * postgres, does the language speed even matter there?", "most of our
 * services just call other services over the network, does porting to
 * rust buy much speed?").  It reads like a self-description, yet asks
 * what the article answers for such services: the speed gap for work
 * that waits.  The message holds a phrase of phrases.reading.wait_cues
 * (what is waited on) and a word of wait_speed_words, no word of
 * wait_vetoes (the thing is itself what is waited on, or its question
 * is another: "our own database", "gc pauses"), asks for no verdict
 * (a "recommend" phrase, or only glue: "we build crud apis on postgres,
 * rust or go?" keeps its verdict) and is a question by its words, a
 * question mark, or a last sentence or comma clause that asks.  The
 * article is asked wait_asks (joined), the answer comes first, then
 * what the message tells of the user is noted as a description's is,
 * without a verdict of its own.  Returns 1 when the message was taken.
 */
static int
understand_step_waits(struct dlg *d, struct dlg_events *evs,
    const struct said *s)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	int found[KB_MAX_QUESTIONS], ambiguous[KB_MAX_QUESTIONS];
	char ask[512], sq[512];
	struct kb_answer a;
	size_t i, n, at;

	if (ph->nwait_cues == 0 || s->asks_verdict ||
	    !kb_phrase_chain_has(&d->kb->wait_cues_by_word, ph->wait_cues,
	    ph->nwait_cues, s->sq) ||
	    !text_has_word(s->sq, ph->wait_speed_words,
	    ph->nwait_speed_words) ||
	    kb_phrase_chain_has(&d->kb->wait_vetoes_by_word, ph->wait_vetoes,
	    ph->nwait_vetoes, s->sq))
		return 0;
	/* a question by its first word or its mark, or a statement that
	 * ends in one ("we run a crud app on mysql. would rust be any
	 * faster"); "we need fast queries on postgres" asks nothing */
	at = 0;
	if (!s->question && !understand_ends_question(s->text, s->len) &&
	    (at = understand_last_sentence(d->kb, s->text, s->len)) == 0 &&
	    (at = understand_last_comma_clause(d->kb, s->text, s->len)) == 0 &&
	    !understand_waits_inner(d->kb, s->sq))
		return 0;
	/* what is asked must not be only a verdict ("..., rust or go?") */
	if (at > 0) {
		struct kb_query q;

		kb_squash(s->text + at, s->len - at, sq, sizeof(sq));
		kb_normalize(d->kb, s->text + at, s->len - at, KB_NORM_MATCH,
		    &q);
		if (understand_asks_only_verdict(d->kb, sq, &q))
			return 0;
	} else if (understand_asks_only_verdict(d->kb, s->sq, &s->q))
		return 0;
	for (i = 0, n = 0; i < ph->nwait_asks; i++)
		n = text_append_word(ask, sizeof(ask), n, ph->wait_asks[i],
		    strlen(ph->wait_asks[i]));
	if (n == 0 || n >= sizeof(ask))
		return 0;
	kb_squash(ask, n, sq, sizeof(sq));
	ask_answer(d, ask, n, sq, &a);
	if (a.nclaims == 0)
		return 0;
	walk_emit(evs, DLG_EV_ANSWER)->u.answer = a;
	d->misses = 0;
	if (understand_extract(d, &s->q, found, ambiguous, 0) > 0)
		dialogue_profile(d, evs, found, ambiguous, 0);
	else if (d->pending >= 0)
		walk_ask(d, evs, d->pending, 1);
	return 1;
}

/*
 * The bytes of squashed text sq up to the end of the cue of list (n
 * entries) that opens it, fillers before the cue passed as in
 * understand_begins(), or 0 when none opens it.
 */
static size_t
understand_cue_end(const struct kb *kb, const char *sq,
    const char *const *list, size_t n)
{
	const char *p = sq;
	size_t len;

	for (;;) {
		if ((len = understand_starts(p, list, n)) > 0)
			return (size_t)(p - sq) + len;
		len = text_word_len(p);
		if (p[len] != ' ' || !(kb_listed(&kb->phrases, p, len) &
		    KB_LISTED_FILLER))
			return 0;
		p += len + 1;
	}
}

/*
 * The bytes of squashed text sq up to the end of its cues taking back
 * what was said: a retake (phrases.reading.retakes) opens it, fillers or
 * words that open a change of mind (change_starts: "nope, what i typed
 * was ...") before it, and a run of them ("oops i meant") ends with the
 * last.  0 when no retake opens it.
 */
static size_t
understand_retake_end(const struct kb *kb, const char *sq)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t at = 0, k, end = 0;

	for (;;) {
		if ((k = understand_cue_end(kb, sq + at, ph->retakes,
		    ph->nretakes)) > 0)
			end = at + k;
		else if ((k = understand_starts(sq + at, ph->change_starts,
		    ph->nchange_starts)) == 0)
			return end;
		at += k;
		if (sq[at] != ' ')
			return end;
		at++;
	}
}

/*
 * The choice of qu one of whose `replies` is said in squashed text sq as
 * whole words, the one that ends last ("no, I mean yes" is yes: a
 * correction's last word stands; of two ending there, the longer), or
 * -1.
 */
static int
understand_last_reply(const struct kb_question *qu, const char *sq)
{
	const char *p, *r;
	size_t c, i, len, e, end = 0, blen = 0;
	int best = -1;

	for (c = 0; c < qu->nchoices; c++)
		for (i = 0; i < qu->choices[c].nreplies; i++) {
			r = qu->choices[c].replies[i];
			len = strlen(r);
			for (p = sq; len > 0 && (p = strstr(p, r)) != NULL;
			    p++) {
				if ((p != sq && p[-1] != ' ') ||
				    (p[len] != '\0' && p[len] != ' '))
					continue;
				e = (size_t)(p - sq) + len;
				if (best < 0 || e > end ||
				    (e == end && len > blen)) {
					end = e;
					blen = len;
					best = (int)c;
				}
			}
		}
	return best;
}

/*
 * Record the correction of question qi's answer to choice ch, told as
 * one ("You corrected your last answer to ...": ambiguous 5), and go on
 * from it.  Returns 1.
 */
static int
understand_retake_to(struct dlg *d, struct dlg_events *evs, int qi, int ch)
{
	int found[KB_MAX_QUESTIONS], ambiguous[KB_MAX_QUESTIONS];
	size_t i;

	for (i = 0; i < KB_MAX_QUESTIONS; i++) {
		found[i] = -1;
		ambiguous[i] = 0;
	}
	found[qi] = ch;
	ambiguous[qi] = 5;
	dialogue_profile(d, evs, found, ambiguous, 0);
	return 1;
}

/*
 * A retake whose words answer the question the user just answered when
 * asked (the last batch of answers, batch) otherwise than recorded, by a
 * choice's own words ("nope, what i typed was that tens of ms p99 is
 * fine" right after "1" to latency), and answer no other question
 * otherwise than recorded: that answer is corrected
 * (understand_step_retake reads `replies`; this, `match`).  An answer
 * read from a description is corrected as any message reads ("scratch
 * that, we're now building the load balancer").  Returns 1 when done.
 */
static int
understand_retake_words(struct dlg *d, struct dlg_events *evs,
    struct said *s, uint8_t batch)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	int inbatch[KB_MAX_QUESTIONS];
	size_t i, j;
	int c, sc, tie, qi = -1, ch = -1;

	memset(inbatch, 0, sizeof(inbatch));
	for (j = d->nsteps; j-- > 0 && d->steps[j].batch == batch; )
		if (d->steps[j].question < DL(d)->nquestions)
			inbatch[d->steps[j].question] = 1;
	understand_read_words(d, s);
	d->studied |= s->studied;
	for (i = 0; i < DL(d)->nquestions; i++) {
		if ((c = match_choice(ph, &DL(d)->questions[i], &s->q, &sc,
		    &tie, NULL, NULL)) < 0 || c == d->answer[i])
			continue;
		if (!inbatch[i] || qi >= 0 || tie || d->how[i] != DLG_ASKED)
			return 0;
		qi = (int)i;
		ch = c;
	}
	if (qi < 0)
		return 0;
	return understand_retake_to(d, evs, qi, ch);
}

/*
 * "oops no, I mean it's nice to have but not a priority" right after the
 * cloud question was answered yes; "sorry, scratch that: nope, not a big
 * deal": a message that opens with a cue taking back what was just said
 * (phrases.reading.retakes; fillers before it) and whose words answer no
 * question themselves (but as already recorded) is read against the `replies` of the questions of
 * the last batch of answers (d->steps), the reply said last deciding; a
 * reply of another choice than the one recorded replaces it, told as a
 * correction.  Only one question of that batch may read a reply.  A
 * choice's number after the cue ("oops I meant 2", "no, I said option
 * 1") names a choice of the one question that batch answered.  Not for
 * a question, nor when nothing was answered.  Returns 1 when done.
 */
static int
understand_step_retake(struct dlg *d, struct dlg_events *evs,
    struct said *s)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	size_t at, i, j;
	int c, qi = -1, ch = -1, sc, tie, worded;
	uint8_t batch;
	long num;

	if (ph->nretakes == 0 || d->nsteps == 0 ||
	    (at = understand_retake_end(d->kb, s->sq)) == 0 ||
	    understand_ends_question(s->text, s->len))
		return 0;
	batch = d->steps[d->nsteps - 1].batch;
	/* "oops I meant 2", "no, I said option 1": a choice's number
	 * corrects the one question answered last */
	num = understand_number(d->kb, s->sq + at, strlen(s->sq + at),
	    &worded);
	for (j = d->nsteps; j-- > 0 && d->steps[j].batch == batch; ) {
		i = d->steps[j].question;
		if (num > 0 && i < DL(d)->nquestions && (int)i != qi &&
		    (d->how[i] == DLG_ASKED || d->how[i] == DLG_DESCRIBED)) {
			if (qi >= 0 || (size_t)num > DL(d)->questions[i].nchoices)
				return 0;
			qi = (int)i;
			ch = (int)num - 1;
			continue;
		}
		if (num != -1)
			continue;
		if (i >= DL(d)->nquestions || (int)i == qi ||
		    (d->how[i] != DLG_ASKED && d->how[i] != DLG_DESCRIBED) ||
		    (c = understand_last_reply(&DL(d)->questions[i],
		    s->sq + at)) < 0)
			continue;
		if (qi >= 0)
			return 0;	/* two questions read: not which */
		qi = (int)i;
		ch = c;
	}
	if (qi < 0 && num == -1)
		return understand_retake_words(d, evs, s, batch);
	if (qi < 0 || ch == d->answer[qi])
		return 0;
	if (num > 0)
		goto correct;
	/* words that answer qi, or another question otherwise than
	 * recorded, are read as any message is ("oops, I mean it's a
	 * driver"); an answer said again ("the C++ side is stable" after
	 * C++ was told) loses nothing here */
	understand_read_words(d, s);
	d->studied |= s->studied;
	for (i = 0; i < DL(d)->nquestions; i++)
		if ((c = understand_match_people(d->kb, &DL(d)->questions[i],
		    &s->q, &sc, &tie, NULL, NULL)) >= 0 && ((int)i == qi ||
		    c != d->answer[i]))
			return 0;
correct:
	return understand_retake_to(d, evs, qi, ch);
}

/*
 * Where the last clause of text (len bytes) starts when it asks for the
 * verdict in words that ask nothing else (a cue of the recommend
 * command, with only stopwords, fillers, the user, the advisor, glue,
 * an outcome's name or the recommend command's own words beside it) and
 * every clause before it, split at commas, semicolons and colons, is an
 * aside of at most UNDERSTAND_LEAD_WORDS words (understand_clause_aside:
 * no question, no answer, no subject): "with that fixed, which would you
 * pick now?", "alright, bottom line: which do we go for", "after all
 * that, your call?".  The lead says nothing of its own; the request is
 * read alone.  0 otherwise.
 */
#define UNDERSTAND_LEAD_WORDS	4

static size_t
understand_aside_lead(struct dlg *d, const char *text, size_t len)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	char sq[512];
	const char *w;
	size_t i, start, last = 0, n, nw;
	int cued = 0;

	for (i = 0; i < len; i++)
		if (text[i] == ',' || text[i] == ';' || text[i] == ':')
			last = i + 1;
	if (last == 0 || last >= len)
		return 0;
	kb_squash(text + last, len - last, sq, sizeof(sq));
	for (w = sq; *w != '\0'; w += n, w += text_space_len(w)) {
		n = text_word_len(w);
		/* "objectively, which is better overall?" compares: a
		 * question for the article (understand_step_cues) */
		if ((kb_listed(ph, w, n) & KB_LISTED_COMPARISON) ||
		    match_comparative(d->kb, w, n))
			return 0;
		if (understand_cue(ph, w, n) == KB_CMD_RECOMMEND) {
			cued = 1;
			continue;
		}
		if (strmap_getn(&d->kb->stopwords, w, n) < 0 &&
		    !(kb_listed(ph, w, n) & (KB_LISTED_FILLER |
		    KB_LISTED_PERSON | KB_LISTED_ADDRESSEE |
		    KB_LISTED_QUESTION | KB_LISTED_GLUE)) &&
		    !understand_outcome_word(d->kb, w, n) &&
		    strmap_getn(&ph->says_words[KB_CMD_RECOMMEND], w, n) < 0)
			return 0;
	}
	if (!cued)
		return 0;
	for (i = start = 0; i < last; i++) {
		if (text[i] != ',' && text[i] != ';' && text[i] != ':')
			continue;
		kb_squash(text + start, i - start, sq, sizeof(sq));
		for (w = sq, nw = 0; *w != '\0'; nw++) {
			w += text_word_len(w);
			w += text_space_len(w);
		}
		if (nw > UNDERSTAND_LEAD_WORDS || !understand_clause_aside(d,
		    text + start, i - start, KB_CMD_RECOMMEND))
			return 0;
		start = i + 1;
	}
	return last;
}

/*
 * Where the rest of text (len bytes) starts when its first clause, up to
 * the first comma, semicolon or colon, is small talk that does not close
 * the conversation ("never mind", "forget it", "ok") and the rest is a
 * command on its own (understand_clause_command), the summary in words of
 * its own (understand_asks_summary) included: "never mind, what have you
 * noted about me", "forget it; your pick?".  The aside says nothing of
 * its own; the command is read alone.  0 otherwise.
 */
static size_t
understand_talk_lead(struct dlg *d, const char *text, size_t len)
{
	char sq[512];
	size_t i;
	int t;

	for (i = 0; i < len && text[i] != ',' && text[i] != ';' &&
	    text[i] != ':'; i++)
		;
	if (i + 1 >= len)
		return 0;
	kb_squash(text, i, sq, sizeof(sq));
	if (sq[0] == '\0' || (t = understand_small_talk(d->kb, sq)) < 0 ||
	    d->kb->phrases.small_talk[t].closes)
		return 0;
	for (i++; i < len && isspace((unsigned char)text[i]); i++)
		;
	kb_squash(text + i, len - i, sq, sizeof(sq));
	if (sq[0] == '\0' || (understand_clause_command(d->kb, text + i,
	    len - i) < 0 && !understand_asks_summary(d->kb, sq)))
		return 0;
	return i;
}

/*
 * The words of a message for understand_report(): each typed word
 * squashed (one that squashes to nothing or to more than one word is
 * left out), where it starts and ends as typed, and whether a clause
 * mark (".", ",", "?", "!", ";", or a dash standing alone after it)
 * ends it as typed.
 */
#define UNDERSTAND_REPORT_WORDS	64
#define UNDERSTAND_REPORT_HEAD	5	/* words read first (understand_report) */

struct understand_report_words {
	char		 sq[512];	/* the words squashed, one space apart */
	size_t		 off[UNDERSTAND_REPORT_WORDS];	/* word k in sq */
	size_t		 len[UNDERSTAND_REPORT_WORDS];	/* its length there */
	size_t		 start[UNDERSTAND_REPORT_WORDS], end[UNDERSTAND_REPORT_WORDS];
	unsigned char	 brk[UNDERSTAND_REPORT_WORDS];	/* a clause mark ends it */
	size_t		 n;
};

/*
 * Is the typed word text (len bytes) a dash standing alone between
 * spaces ("-", "--", an en or em dash in UTF-8): a clause mark as a
 * comma is ("my lead insists go is as fast as rust - is he right?")?
 */
static int
understand_dash(const char *text, size_t len)
{
	size_t i;

	if (len == 3 && (unsigned char)text[0] == 0xe2 &&
	    (unsigned char)text[1] == 0x80 &&
	    ((unsigned char)text[2] == 0x93 || (unsigned char)text[2] == 0x94))
		return 1;
	for (i = 0; i < len && text[i] == '-'; i++)
		;
	return len > 0 && i == len;
}

/*
 * Split text into w, its first max words at most (max <=
 * UNDERSTAND_REPORT_WORDS).  A split stopped at max words is the prefix
 * of the whole one, but the clause mark of its last word may be unread.
 */
static void
understand_report_split(const char *text, size_t len,
    struct understand_report_words *w, size_t max)
{
	char one[64];
	size_t i = 0, e, at = 0, m;

	w->n = 0;
	w->sq[0] = '\0';
	while (i < len && w->n < max) {
		while (i < len && isspace((unsigned char)text[i]))
			i++;
		for (e = i; e < len && !isspace((unsigned char)text[e]); e++)
			;
		if (e > i && (m = kb_squash(text + i, e - i, one,
		    sizeof(one))) > 0 && strchr(one, ' ') == NULL &&
		    at + m + 2 < sizeof(w->sq)) {
			w->off[w->n] = at + (at > 0);
			w->len[w->n] = m;
			w->start[w->n] = i;
			w->end[w->n] = e;
			w->brk[w->n] = strchr(".,?!;", text[e - 1]) != NULL;
			/* text_append_word(), in place: the word and its space
			 * fit (checked above), and one holds no NUL in its m
			 * bytes */
			if (at > 0)
				w->sq[at++] = ' ';
			(void)memcpy(w->sq + at, one, m);
			at += m;
			w->sq[at] = '\0';
			w->n++;
		} else if (e > i && w->n > 0 && (strchr(".,?!;",
		    text[e - 1]) != NULL || understand_dash(text + i, e - i)))
			w->brk[w->n - 1] = 1;	/* "rust ?", "rust - " */
		i = e;
	}
}

/*
 * How many words from word k of w make a phrase of list (n of them)
 * within one clause, the first found; 0 for none.
 */
static size_t
understand_report_at(const struct understand_report_words *w, size_t k,
    const char *const *list, size_t n)
{
	size_t i, l, j;

	for (i = 0; i < n; i++) {
		if (list[i][0] != w->sq[w->off[k]] ||
		    !text_begins(w->sq + w->off[k], list[i], &l) ||
		    (w->sq[w->off[k] + l] != ' ' &&
		    w->sq[w->off[k] + l] != '\0'))
			continue;
		for (j = k; j < w->n && w->off[j] + w->len[j] <
		    w->off[k] + l; j++)
			if (w->brk[j])
				break;
		if (j < w->n && w->off[j] + w->len[j] == w->off[k] + l)
			return j - k + 1;
	}
	return 0;
}

/* Is word k of w listed as a word of the lists of mask (kb_listed())? */
static int
understand_report_listed(const struct kb *kb,
    const struct understand_report_words *w, size_t k, unsigned mask)
{
	return (kb_listed(&kb->phrases, w->sq + w->off[k], w->len[k]) &
	    mask) != 0;
}

/*
 * Does word k of w say nothing after a check ("in", "2026" of "is he
 * right in 2026"): a stopword, a filler, or a year (four digits)?
 */
static int
understand_report_idle(const struct kb *kb,
    const struct understand_report_words *w, size_t k)
{
	char one[64];
	const char *p = w->sq + w->off[k];

	if (w->len[k] == 4 && isdigit((unsigned char)p[0]) &&
	    isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2]) &&
	    isdigit((unsigned char)p[3]))
		return 1;
	if (understand_report_listed(kb, w, k, KB_LISTED_FILLER))
		return 1;
	/* "is that true according to the article": the article named
	 * after a check asks nothing more (phrases.reading.stance_refs) */
	if (understand_report_at(w, k, kb->phrases.stance_refs,
	    kb->phrases.nstance_refs) > 0)
		return 1;
	if (w->len[k] >= sizeof(one))
		return 0;
	memcpy(one, p, w->len[k]);
	one[w->len[k]] = '\0';
	return strmap_get(&kb->stopwords, one) >= 0;
}

/*
 * Where the last sentence of text (len bytes), or its last clause after
 * a comma, starts when it is a question that points back at what comes
 * before it (understand_points_back); 0 otherwise.
 */
static size_t
understand_report_back(const struct kb *kb, const char *text, size_t len)
{
	size_t at;

	if (kb->phrases.npointer_refs == 0)
		return 0;
	if ((at = understand_last_sentence(kb, text, len)) == 0 &&
	    understand_ends_question(text, len))
		at = understand_last_comma_clause(kb, text, len);
	return at > 0 && understand_points_back(kb, text + at, len - at) ?
	    at : 0;
}

/* Does text (len bytes) name the article (a phrases.reading.stance_refs
 * phrase)? */
static int
understand_report_article(const struct kb *kb, const char *text, size_t len)
{
	char sq[512];

	if (kb->phrases.nstance_refs == 0 || kb_squash(text, len, sq,
	    sizeof(sq)) == 0)
		return 0;
	return kb_phrase_chain_has(&kb->stance_refs_by_word,
	    kb->phrases.stance_refs, kb->phrases.nstance_refs, sq);
}

/* Does text (len bytes) name one of the article's subjects? */
static int
understand_report_names(const struct kb *kb, const char *text, size_t len)
{
	static struct kb_query q;	/* large; one thread */
	size_t i;

	kb_normalize(kb, text, len, KB_NORM_MATCH, &q);
	for (i = 0; i < q.n; i++)
		if (understand_subject_named(kb, &q, i) >= 0)
			return 1;
	return 0;
}

/*
 * Where the claim starts after the lead that opens at word i of w: a
 * phrase of phrases.reading.hearsay, or a reporter of at most
 * UNDERSTAND_REPORT_MAX words (its last no first_person word) and a
 * phrase of report_verbs, within one clause; 0 for no lead.
 */
#define UNDERSTAND_REPORT_MAX	5	/* a reporter's words */

static size_t
understand_report_lead(const struct kb *kb,
    const struct understand_report_words *w, size_t i)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t v, m;

	if ((m = understand_report_at(w, i, ph->hearsay, ph->nhearsay)) > 0)
		return i + m;
	for (v = i + 1; v < w->n && v <= i + UNDERSTAND_REPORT_MAX; v++) {
		if (w->brk[v - 1])
			break;
		if (!understand_report_listed(kb, w, v - 1,
		    KB_LISTED_PERSON) && (m = understand_report_at(w, v,
		    ph->report_verbs, ph->nreport_verbs)) > 0)
			return v + m;
	}
	return 0;
}

/*
 * Where the claim starts when a report opens at word k of w, after the
 * message's first words: k must open a clause (a clause mark before it,
 * or a joins or clause_breaks word: "... and our architect says") or be
 * a first_person word opening its reporter ("... while my other friend
 * claims ..."), then a lead (understand_report_lead); 0 otherwise.  "the
 * gc and then someone else told me" opens no report at "gc".
 */
static size_t
understand_report_next(const struct kb *kb,
    const struct understand_report_words *w, size_t k)
{
	const struct kb_phrases *ph = &kb->phrases;

	if (k == 0 || k >= w->n)
		return 0;
	if (!w->brk[k - 1] && understand_report_at(w, k, ph->joins,
	    ph->njoins) == 0 && !understand_report_listed(kb, w, k,
	    KB_LISTED_BREAK | KB_LISTED_PERSON))
		return 0;
	return understand_report_lead(kb, w, k);
}

/*
 * The article's answers to each claim reported between words c and e of
 * text (w its words), a later report's lead left out of them ("my buddy
 * says X while my other friend claims Y so who is right"): each claim of
 * at most UNDERSTAND_REPORT_CLAIMS is asked alone; the covered answers
 * are emitted, the first first.  Returns how many were emitted.  Alone
 * means in the conversation as the message found it: ask_answer() keeps
 * what it asked in d->frame for a follow-up, and a later claim read as
 * the follow-up of the one before it ("... discord moved to rust while
 * my other friend claims go is dying": "and go?" of Discord) was
 * answered with the first claim's, as the article having nothing on it
 * for Go (review hx46b); so each claim after the first is asked from
 * the frame the message found, and the last one asked is kept.
 */
#define UNDERSTAND_REPORT_CLAIMS	3	/* claims one message checks */

/*
 * Is a's answer one of the last n answers in evs already (the same
 * claims, in the same order)?  The same claim reported twice ("my friend
 * says rust is memory safe while my other friend says rust is memory
 * safe") is answered once: the same answer twice reads as a glitch
 * (review hx46b).  At most UNDERSTAND_REPORT_CLAIMS looked at.
 */
static int
understand_report_given(const struct dlg_events *evs, int n,
    const struct kb_answer *a)
{
	const struct kb_answer *b;
	size_t i, k;

	for (i = evs->n; n > 0 && i > 0; i--) {
		if (evs->ev[i - 1].type != DLG_EV_ANSWER)
			continue;
		n--;
		b = &evs->ev[i - 1].u.answer;
		if (b->nclaims != a->nclaims)
			continue;
		for (k = 0; k < a->nclaims && b->claims[k] == a->claims[k];
		    k++)
			;
		if (k == a->nclaims)
			return 1;
	}
	return 0;
}

static int
understand_report_claims(struct dlg *d, struct dlg_events *evs,
    const char *text, const struct understand_report_words *w, size_t c,
    size_t e)
{
	struct kb_answer a;
	struct dlg_frame found = d->frame;	/* as the message found it */
	char csq[512];
	size_t from = c, k, m, n, len;
	int given = 0, pieces = 0;

	for (k = c; k <= e && pieces < UNDERSTAND_REPORT_CLAIMS; k++) {
		m = k > c && k < e ? understand_report_next(d->kb, w, k) : 0;
		if (m <= k && k < e)
			continue;
		/* the claim from..to: to is k - 1 before a lead, else e */
		n = m > k ? k : e + 1;
		if (n > from) {
			len = w->end[n - 1] - w->start[from];
			while (len > 0 && strchr(".,?!;- ",
			    text[w->start[from] + len - 1]))
				len--;
			if (pieces++ > 0)
				d->frame = found;
			if (len > 0 && kb_squash(text + w->start[from], len,
			    csq, sizeof(csq)) > 0) {
				ask_answer(d, text + w->start[from], len, csq,
				    &a);
				if (a.nclaims > 0 && a.res.covered &&
				    !understand_report_given(evs, given, &a)) {
					walk_emit(evs, DLG_EV_ANSWER)->u.answer =
					    a;
					given++;
				}
			}
		}
		if (m > k) {
			from = m;
			k = m - 1;
		}
	}
	return given;
}

/*
 * What someone else says, asked whether it is true ("my brother says
 * discord switched to rust. true?", "a guy at work insists go has no
 * generics, is he right in 2026?"): after fillers, a phrase of
 * phrases.reading.hearsay, or a reporter of at most UNDERSTAND_REPORT_MAX
 * words (asking nothing: no question word or yes/no start first) and a
 * phrase of phrases.reading.report_verbs whose word before is no
 * first_person word ("i said" is the user's own); then the claim; then a
 * clause opening with a phrase of phrases.reading.claim_checks ("true",
 * "is he right") with only stopwords, fillers or a year after it in its
 * clause.  The claim, with no first_person word in it or after it, is
 * what is asked of the article, answered or declined, never read as the
 * user's work ("my roommate says amazon uses rust for networking" is no
 * infrastructure project); the reporter, the verb and the check, and the
 * year in it (the article's own year is no date asked for), are no
 * topic.  Returns 1 when handled.
 */
static int
understand_report(struct dlg *d, struct dlg_events *evs, const char *text,
    size_t len)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	static struct understand_report_words w;	/* one thread */
	struct kb_answer a;
	char csq[512];
	size_t i, k, v, m, c = 0, e, t, clen, back, told = 0;
	int pointed = 0, several = 0;

	if (ph->nreport_verbs == 0 || ph->nclaim_checks == 0)
		return 0;
	/* most messages open with a question word or a yes/no start and
	 * report nothing: their first words alone say so (a word before
	 * the last read is whole, its clause mark too, and a phrase found
	 * in the first words is found in all of them), and the rest is
	 * split only when they do not */
	understand_report_split(text, len, &w, UNDERSTAND_REPORT_HEAD);
	for (i = 0; i < w.n && understand_report_listed(d->kb, &w, i,
	    KB_LISTED_FILLER); i++)
		;
	if (i + 2 < w.n && (understand_report_listed(d->kb, &w, i,
	    KB_LISTED_QUESTION) || understand_report_at(&w, i,
	    ph->yes_no_starts, ph->nyes_no_starts) > 0))
		return 0;
	if (w.n == UNDERSTAND_REPORT_HEAD) {
		understand_report_split(text, len, &w,
		    UNDERSTAND_REPORT_WORDS);
		for (i = 0; i < w.n && understand_report_listed(d->kb, &w, i,
		    KB_LISTED_FILLER); i++)
			;
	}
	if (i + 2 >= w.n || understand_report_listed(d->kb, &w, i,
	    KB_LISTED_QUESTION) || understand_report_at(&w, i,
	    ph->yes_no_starts, ph->nyes_no_starts) > 0)
		return 0;
	c = understand_report_lead(d->kb, &w, i);
	/* "we're 15, half juniors, building dashboards. my lead says go
	 * is easier to hire for - is that what the article says?": a long
	 * message tells first; the report may open a later clause
	 * (understand_report_next: "... and our architect says ...");
	 * the told part before it is no claim.  At most one lead tried a
	 * word (UNDERSTAND_REPORT_WORDS) */
	for (k = i + 1; c == 0 && k + 2 < w.n; k++)
		if ((c = understand_report_next(d->kb, &w, k)) > 0) {
			told = w.start[k];
			i = k;
		}
	/* "my cto says <claim>. anything in the article on that?": a last
	 * question that points back at the claim is its check; the claim
	 * may open the sentence before it, after one about the user ("c#
	 * dev here. a friend says ..."); with no reporter, one that names
	 * the article ("go is dying. does the article agree with that?") */
	back = understand_report_back(d->kb, text, len);
	/* "... - is that actually true?": a clause after a dash too */
	for (k = w.n - 1; back == 0 && k > i + 1 && understand_ends_question(
	    text, len); k--)
		if (w.brk[k - 1]) {
			back = understand_points_back(d->kb, text +
			    w.start[k], len - w.start[k]) ? w.start[k] : 0;
			break;
		}
	if (c == 0 && back > 0) {
		for (k = 0; k < w.n && w.start[k] < back; k++)
			;
		/* k: the pointing question's first word; v: its sentence's */
		for (v = k > 0 ? k - 1 : 0; v > i && !strchr(".!?",
		    text[w.end[v - 1] - 1]); v--)
			;
		if (v > i && v + 2 < k && (c = understand_report_lead(d->kb,
		    &w, v)) > 0)
			i = v;
	}
	if (c == 0 && back > 0 && understand_report_article(d->kb,
	    text + back, len - back) && understand_report_names(d->kb,
	    text, back))
		c = i;
	if (c == 0 || c >= w.n || (c > i && w.brk[c - 1]))
		return 0;
	/* the check: the first clause after the claim that opens with one */
	for (e = c; e + 1 < w.n; e++) {
		/* a check that asks by its form ("... so who is right
		 * according to the article") needs no mark before it in a
		 * run-on; "true", "right" alone do */
		if ((!w.brk[e] && !understand_report_listed(d->kb, &w, e + 1,
		    KB_LISTED_QUESTION)) || (m = understand_report_at(&w,
		    e + 1, ph->claim_checks, ph->nclaim_checks)) == 0)
			continue;
		for (t = e + 1 + m; t < w.n && !w.brk[t - 1] &&
		    understand_report_idle(d->kb, &w, t); t++)
			;
		if (t == w.n || w.brk[t - 1])
			break;
	}
	if (c == i)
		e = w.n;	/* no reporter: the pointer alone checks */
	if (e + 1 >= w.n && back > w.start[c]) {
		/* the claim: its words before the pointing question */
		for (e = c; e + 1 < w.n && w.start[e + 1] < back; e++)
			;
		pointed = 1;
	}
	if (e + 1 >= w.n)
		return 0;
	/* the claim and what follows tell of no first person; a second
	 * report inside it ("... while my other friend claims ...") is
	 * the reporter's "my", not the user's: its lead is skipped */
	for (k = c; k < w.n; k++) {
		if (k > c && (m = understand_report_next(d->kb, &w, k)) > k) {
			several |= k <= e;
			k = m - 1;
			continue;
		}
		if (understand_report_listed(d->kb, &w, k, KB_LISTED_PERSON))
			return 0;
	}
	/* two reported claims, one against the other: each is asked */
	if (several && understand_report_claims(d, evs, text, &w, c, e) > 0) {
		d->misses = 0;
		if (d->pending >= 0)
			walk_ask(d, evs, d->pending, 1);
		return 1;
	}
	clen = w.end[e] - w.start[c];
	while (clen > 0 && strchr(".,?!; ", text[w.start[c] + clen - 1]))
		clen--;
	if (clen == 0 || kb_squash(text + w.start[c], clen, csq,
	    sizeof(csq)) == 0)
		return 0;
	ask_answer(d, text + w.start[c], clen, csq, &a);
	/* "a buddy swears zig is the best fit for X - anything for or
	 * against that?": a claim about a language the article never
	 * discusses (ask_rival_outside) is what is checked, and declined,
	 * whatever the article says of X */
	/* a pointing question whose claim the article lacks is left to
	 * the other readings (the two sentences asked together) when no
	 * one is reported; what someone says is asked whole ("my lead
	 * says X - anything in the article for or against that?"), and
	 * declined when the article lacks that too, never read as the
	 * user's own work with the question dropped */
	if (pointed && c > i && ask_rival_outside(d->kb, csq))
		a.nclaims = 0;
	else if (a.nclaims == 0 && pointed) {
		if (c == i)
			return 0;
		if (kb_squash(text, len, csq, sizeof(csq)) > 0)
			ask_answer(d, text, len, csq, &a);
		if (a.nclaims == 0)
			kb_squash(text + w.start[c], clen, csq, sizeof(csq));
	}
	/* "we keep 5 operators in go and our architect says rewriting
	 * them in rust would make them safer - does the article agree?":
	 * a claim that refers to what was told before it ("them") and
	 * finds nothing alone is asked with that told part, the check
	 * left out; still nothing, it is declined as the claim */
	if (a.nclaims == 0 && told > 0 && (m = kb_squash(text,
	    w.start[c] + clen, csq, sizeof(csq))) > 0) {
		ask_answer(d, text, w.start[c] + clen, csq, &a);
		kb_squash(text + w.start[c], clen, csq, sizeof(csq));
	}
	if (a.nclaims == 0)
		ask_declined(d, text + w.start[c], clen);
	return understand_give(d, evs, &a);
}


/*
 * text_has_word(sq, list, n) for a long list read once a message: the
 * entries' first bytes made a set first (n steps), so that a word of sq
 * beginning with none of them (most) is not compared with each entry.
 */
static int
understand_has_word_of(const char *sq, const char *const *list, size_t n)
{
	uint64_t first[4] = { 0, 0, 0, 0 };
	const char *p = sq;
	size_t i, len;
	unsigned char b;

	for (i = 0; i < n; i++) {
		b = (unsigned char)list[i][0];
		first[b >> 6] |= (uint64_t)1 << (b & 63);
	}
	while (*p != '\0') {
		len = text_word_len(p);
		b = (unsigned char)p[0];
		/* a word (len > 0) matches only an entry of its first byte;
		 * an empty one (a leading space) is left to the list */
		if ((len == 0 || (first[b >> 6] & (uint64_t)1 << (b & 63))) &&
		    match_in_list(p, len, list, n))
			return 1;
		p += len;
		p += text_space_len(p);
	}
	return 0;
}

/*
 * Free text: the first step that understands it handles it; when none
 * does, the user hears so, with what they can do.  A lead, a tail or a
 * command head peeled off is the text read again, peels deep
 * (understand_say_at); past UNDERSTAND_SAY_PEELS the rest is read as
 * it stands: each peel takes a frame of a few KB, and a message of one
 * tail repeated (" - is that true?" 500 times in 8 KB) overflowed the
 * stack, killing the daemon (review hx45).
 */

/*
 * Did the user, in s, type a word that phrases.reading.other_senses sets
 * aside (understand_other_sense: "backend" beside "game")?  The message
 * was read as plainly describing work whose only choice word meant
 * something else; it is read again as typed, since understand_served()
 * has blanked the word in s->q.  Called only when nothing else placed
 * the message, so the extra reading costs nothing on the common path.
 */
static int
understand_sense_set_aside(const struct dlg *d, const struct said *s)
{
	struct kb_query q;
	size_t i;

	if (d->kb->phrases.nother_senses == 0)
		return 0;
	kb_normalize(d->kb, s->text, s->len, KB_NORM_MATCH, &q);
	for (i = 0; i < q.n; i++)
		if (q.raw[i][0] != '\0' && understand_other_sense(d->kb, &q, i))
			return 1;
	return 0;
}

static void
understand_say_at(struct dlg *d, struct dlg_events *evs, const char *text,
    size_t len, int peels)
{
	struct dlg_ev_not_understood *nu;
	struct said s;
	char fixed[512];
	char work[sizeof(nu->unplaced)];
	size_t at;

	s.text = text;
	s.len = len;
	s.peels = peels;
	s.corrected = -1;
	memset(s.kept, -1, sizeof(s.kept));
	s.intro = 0;
	s.theirs = 0;
	s.quoted = 0;
	s.reported = 0;
	s.request = 0;
	s.weighs = 0;
	/* set by understand_read_kind(), after the first steps: zero
	 * until then, so a step that reads one early reads no stack
	 * garbage (it decided, by another conversation's turn, what
	 * "actually forget what i said about latency" meant) */
	s.question = s.first_person = s.asks_verdict = s.made_fact = 0;
	s.about_subject = s.studied = s.story = 0;
	s.says = 0;
	kb_squash(text, len, s.sq, sizeof(s.sq));
	/* "c code with memory bugs we are leaving behind": read by
	 * dialogue_combine_with() */
	d->leaving = d->kb->phrases.nleaving_words > 0 &&
	    understand_has_word_of(s.sq, d->kb->phrases.leaving_words,
	    d->kb->phrases.nleaving_words);
	if (s.sq[0] == '\0') {
		dialogue_not_understood(d, evs, -1, -1);
		return;
	}
	/* the message as typed, before a peel takes its "actually" */
	if (peels == 0)
		d->work_reopened = understand_reopens_work(d, s.sq);
	if (peels >= UNDERSTAND_SAY_PEELS)
		goto read;
	if ((at = understand_clitics(d->kb, text, len, fixed,
	    sizeof(fixed))) > 0) {
		understand_say_at(d, evs, fixed, at, peels + 1);
		return;
	}
	if ((at = understand_correction_mark(d->kb, text, len, fixed,
	    sizeof(fixed))) > 0) {
		understand_say_at(d, evs, fixed, at, peels + 1);
		return;
	}
	if ((at = understand_code_switch(d->kb, text, len)) > 0) {
		understand_say_at(d, evs, text + at, len - at, peels + 1);
		return;
	}
	if ((at = understand_talk_sentence(d->kb, text, len)) > 0) {
		understand_say_at(d, evs, text + at, len - at, peels + 1);
		return;
	}
	if ((at = understand_lead_in(d, text, len)) > 0) {
		understand_say_at(d, evs, text + at, len - at, peels + 1);
		return;
	}
	if ((at = understand_ack_lead(d, text, len, s.sq)) > 0) {
		understand_say_at(d, evs, text + at, len - at, peels + 1);
		return;
	}
	if ((at = understand_aside_lead(d, text, len)) > 0) {
		understand_say_at(d, evs, text + at, len - at, peels + 1);
		return;
	}
	if ((at = understand_talk_lead(d, text, len)) > 0) {
		understand_say_at(d, evs, text + at, len - at, peels + 1);
		return;
	}
	if ((at = understand_command_head(d, text, len)) > 0 ||
	    (at = understand_restart_head(d, text, len)) > 0) {
		understand_say_at(d, evs, text, at, peels + 1);
		return;
	}
	if ((at = understand_subject_correction(d, text, len, fixed,
	    sizeof(fixed))) > 0) {
		understand_say_at(d, evs, fixed, at, peels + 1);
		return;
	}
	if ((at = understand_tail(d, text, len)) > 0) {
		understand_say_at(d, evs, text, at, peels + 1);
		return;
	}
	if ((at = understand_doubt_tail(d, text, len, s.sq)) > 0 ||
	    (at = understand_change_tail(d, text, len, s.sq)) > 0) {
		understand_say_at(d, evs, text, at, peels + 1);
		return;
	}
read:
	if (understand_report(d, evs, text, len))
		return;
	if (!understand_unfill(d->kb, s.sq, s.core, sizeof(s.core)))
		s.core[0] = '\0';
	if (understand_step_retake(d, evs, &s) ||
	    understand_step_number(d, evs, &s) ||
	    understand_step_request(d, evs, &s) ||
	    understand_step_stance(d, evs, &s) ||
	    understand_step_command(d, evs, &s) ||
	    understand_step_retraction(d, evs, &s) ||
	    understand_step_small_talk(d, evs, &s) ||
	    understand_step_relaxed(d, evs, &s) ||
	    understand_step_command_aside(d, evs, &s))
		return;
	understand_read_words(d, &s);
	/* "my lead told me a 20ms hiccup is fine": the understood notice
	 * names whose word it was (rl50), read with the relay itself */
	if (s.relay_role >= 0)
		d->relay_role = s.relay_role;
	/* "a friend of mine runs a team of 40", "my cousin writes kernel
	 * drivers": wholly someone else's, nothing in it is the user's;
	 * before any answer the walk starts, as for a first-person message
	 * with no fact, never an article answer to their words (rp49) */
	if (s.theirs && !walk_answered(d) && !d->recommended &&
	    understand_run_command(d, evs, &s, KB_CMD_START))
		return;
	d->studied |= s.studied;
	/* the topics this message speaks of, for the assumptions a
	 * recommendation lists (a recommendation given later is no
	 * longer "since you didn't say" about them either: dlg.spoken
	 * holds for this input only) */
	d->spoken |= match_topics_said(&d->kb->phrases, DL(d)->questions,
	    DL(d)->nquestions, &s.q);
	if (understand_step_forget(d, evs, &s) ||
	    understand_step_layer(d, evs, &s) ||
	    understand_step_verdict_ask(d, evs, &s) ||
	    understand_step_last_clause(d, evs, &s) ||
	    understand_step_other_work(d, evs, &s) ||
	    understand_step_migration(d, evs, &s) ||
	    understand_step_later(d, evs, &s) ||
	    understand_step_qualifier(d, evs, &s) ||
	    understand_step_source(d, evs, &s) ||
	    understand_step_target(d, evs, &s) ||
	    understand_step_verdict_intent(d, evs, &s) ||
	    understand_step_loose_command(d, evs, &s) ||
	    understand_step_verb_command(d, evs, &s) ||
	    understand_step_why_asking(d, evs, &s) ||
	    understand_step_names_verdict(d, evs, &s) ||
	    understand_step_cues(d, evs, &s))
		return;
	understand_read_kind(d, &s);
	if (understand_step_intro_follow(d, evs, &s))
		return;
	/* "not sure, just help me choose", "could you just ask me": a
	 * request to the advisor with nothing left to read once its head
	 * is set aside (understand_request) asks for the verdict when its
	 * verb does, else for the walk to go on; never for a claim */
	if (s.request && !understand_has_content(d->kb, &s.q) &&
	    understand_run_command(d, evs, &s, (s.request & 4) ?
	    KB_CMD_RECOMMEND : KB_CMD_START))
		return;
	if (understand_step_outside_pair(d, evs, &s) ||
	    understand_step_waits(d, evs, &s) ||
	    understand_step_ruled_out(d, evs, &s) ||
	    understand_step_case_verdict(d, evs, &s) ||
	    understand_step_other_subject(d, evs, &s) ||
	    understand_step_told_then_asked(d, evs, &s) ||
	    understand_step_asked_then_told(d, evs, &s) ||
	    understand_step_asked_comma_told(d, evs, &s) ||
	    understand_step_for_me(d, evs, &s) ||
	    understand_step_own_question(d, evs, &s) ||
	    understand_step_clauses(d, evs, &s) ||
	    understand_step_pending(d, evs, &s) ||
	    understand_step_description(d, evs, &s) ||
	    understand_step_situation(d, evs, &s) ||
	    understand_step_count(d, evs, &s) ||
	    understand_step_remark(d, evs, &s) ||
	    understand_step_question(d, evs, &s))
		return;
	/* "I could use some guidance": a user speaking of themselves
	 * (opening with it, fillers before, "we're" as typed: not "fly me
	 * to the moon")
	 * with nothing yet said starts the walk, not "I didn't catch
	 * that"; one that names work the advisor could not place ("we do
	 * etl in pyspark") hears that it was not placed, with the choices */
	/* "we make the backend for a mobile game": the only choice word
	 * was said in another sense (phrases.reading.other_senses), so the
	 * words decide nothing, yet they plainly describe the work: before
	 * any answer the walk starts, as it does for a first-person
	 * message with no fact, never "I didn't catch that" */
	if (!walk_answered(d) && !d->recommended &&
	    understand_sense_set_aside(d, &s) &&
	    understand_run_command(d, evs, &s, KB_CMD_START))
		return;
	if (understand_unplaced(d, &s, work, sizeof(work))) {
		nu = dialogue_not_understood(d, evs, -1, -1);
		memcpy(nu->unplaced, work, sizeof(nu->unplaced));
		return;
	}
	if (understand_opens_walk(d, &s)) {
		(void)understand_run_command(d, evs, &s, KB_CMD_START);
		return;
	}
	/* nothing else read beside a request to the advisor ("don't care
	 * about the rest, just tell me", "no clue where to begin, could you
	 * just ask me things"): what it asks for (understand_request) */
	if ((s.request & 4) && understand_run_command(d, evs, &s,
	    KB_CMD_RECOMMEND))
		return;
	if ((s.request & 8) && understand_run_command(d, evs, &s,
	    KB_CMD_START))
		return;
	dialogue_not_understood(d, evs, -1, -1);
}

void
understand_say(struct dlg *d, struct dlg_events *evs, const char *text,
    size_t len)
{
	understand_say_at(d, evs, text, len, 0);
	d->work_reopened = 0;
}
