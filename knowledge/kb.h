/* SPDX-License-Identifier: ISC */
/*
 * kb.h: a knowledge base: an article's claims as validated, searchable data.
 *
 * Ownership, once for the whole API: a struct kb owns everything reachable
 * from it.  Every pointer the API returns (claims, strings, rows, rules)
 * points into the kb and stays valid until kb_free().  A loaded kb is never
 * modified, except for scratch state: its stemmer (with its memo of stems,
 * text.c), kb_search_query()'s sums (search_scratch) and the memo of
 * typo corrections for search (fix_memo), all written through a const
 * struct kb *.  So it is safe to share between any number
 * of conversations of one thread, and never between threads.
 *
 * The format of the files is described in knowledge/SCHEMA.md.  Nothing here
 * knows what the article is about: subjects, outcomes, questions and rules
 * are all data.
 */
#ifndef KB_H
#define KB_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "errlist.h"
#include "strmap.h"
#include "text.h"

/* Bounds on what a knowledge base may contain. */
#define KB_MAX_CLAIMS		4096
#define KB_MAX_ITEMS		1024	/* sources, sections, topics, rows */
#define KB_MAX_SUBJECTS		16
#define KB_MAX_OUTCOMES		8
#define KB_MAX_QUESTIONS	32
#define KB_MAX_CHOICES		32	/* per question */
#define KB_MAX_RULES		512
#define KB_MAX_TEXT		600	/* bytes of a claim's text */
#define KB_MAX_QUOTE		200
#define KB_MAX_PHRASE		100	/* bytes of a match phrase or lexicon entry */
#define KB_MAX_ROLE_WORDS	4	/* words of a choice's role, matched in any order */
#define KB_MAX_CHOICE_MATCH	128	/* match phrases of one choice */
#define KB_MAX_ID		63
#define KB_MAX_FILE		(4 * 1024 * 1024)
#define KB_MAX_HITS		16
#define KB_MAX_ASKS		14	/* a claim's asks */
#define KB_ASK_MIN		3	/* bytes of an ask */
#define KB_ASK_MAX		160
#define KB_MAX_INTENTS		16	/* intent classes (lexicon.json) */
#define KB_HASH_BYTES		32

struct kb_subject {
	const char	*id;
	const char	*name;
};

struct kb_source {
	const char	*id;
	const char	*name;
	/* NULL, or the first words of name that name its maker when the
	 * article also tells of that maker's own use ("Cloudflare" of
	 * "Cloudflare Radar 2024 Year in Review"); index_text_field() */
	const char	*publisher;
	int		 year;		/* 0: none */
	/* 1: the article itself ("the article"), never listed among the
	 * sources it draws on (sources.json "own") */
	int		 own;
	size_t		 nclaims;
};

struct kb_section {
	const char	*id;
	const char	*title;
	size_t		 order;
};

struct kb_topic {
	const char	*id;
	const char	*label;
	size_t		 nclaims;
};

struct kb_figure {
	double		 value;
	double		 max;		/* == value unless a range */
	int		 is_range;
	const char	*unit;
	int		 year;		/* 0: none */
	const char	*label;
	/* the claim's words that bound or round it ("more than",
	 * "approximately"), said with it; NULL: none */
	const char	*qualifier;
};

/*
 * A figure's unit and label as a question's search reads them, made once
 * at load (kb_figure_terms_build()): the vocabulary terms kb_normalize()
 * finds in each (its non-NULL term[], in order) and the subjects the
 * label names (bit s for a subject[] of s).
 */
struct kb_figure_terms {
	const char	**unit_terms;
	size_t		  nunit_terms;
	const char	**label_terms;
	size_t		  nlabel_terms;
	unsigned	  label_subjects;
};

struct kb_claim {
	size_t			 index;
	const char		*id;
	const char		*text;
	const char		*kind;
	const char		*quote;		/* NULL: none */
	const char		*verdict;	/* NULL: none */
	/* what a claim on both subjects sets them against together, as its
	 * text says it ("C++"), when it never sets them against each other:
	 * a question comparing the two is told the article does not
	 * (kb_answer.unranked); NULL: none */
	const char		*against;
	const struct kb_subject	*subject;
	const struct kb_source	*source;
	const struct kb_section	*section;
	const struct kb_topic	**topics;
	size_t			 ntopics;
	const struct kb_figure	*figures;
	size_t			 nfigures;
	/* figure_terms[f]: figures[f] read at load, or NULL: not made */
	const struct kb_figure_terms *figure_terms;
	/* how a user would ask for it, in user words (indexed apart from
	 * the text: kb_index.c), and the intent classes it answers: bit k
	 * is kb->intents[k] */
	const char		**asks;
	size_t			 nasks;
	uint32_t		 answers;
};

/*
 * An intent class of questions (lexicon.json "intents"): a question that
 * begins with one of starts (after fillers), or holds one of words or
 * cues, asks for it ("how many": an amount); claims that answer it rank higher.
 */
struct kb_intent {
	const char	*name;
	const char	**starts;	/* squashed */
	size_t		 nstarts;
	const char	**words;	/* squashed, one word each */
	size_t		 nwords;
	/* phrases of two words or more that say it anywhere, read after
	 * the words ("rust or go": a comparison); squashed */
	const char	**cues;
	size_t		 ncues;
	/* openings that begin with one of starts but do not ask for it
	 * ("when it comes to"): read past, as a filler is; squashed */
	const char	**not_starts;
	size_t		 nnot_starts;
	/* 1: its answers name instances ("who uses it?"): every claim cited
	 * answers the class too (dialogue_ask.c, ask_list()) */
	int		 lists;
	/* 1: a question of the class right after an answer that compared,
	 * with no word of its own but comparison or measure words ("how
	 * big a gap?"), asks the measure of what was compared
	 * (dialogue_ask.c, ask_measure_of()); round 46 */
	int		 measures;
	/* 1: a clause after a comma that opens with one of starts asks
	 * though no question mark ends it ("coming from typescript, how
	 * long before im useful writing go"): "how long", "how much" never
	 * open a statement as "what we build is ..." does
	 * (dialogue_understand.c, understand_step_told_then_asked());
	 * round 47 */
	int		 asks_unmarked;
	/* words that only frame a question of the class ("in the first
	 * place" of "why did X do Y in the first place?"): left out of
	 * its search; squashed (round 42) */
	const char	**frames;
	size_t		 nframes;
	/* words that ask for the class alone, whatever the opening
	 * ("methodology", "calculated"): a question holding one whose
	 * answer's first claim does not answer the class is declined
	 * (dialogue_ask.c, ask_strict_unanswered()); squashed, one word
	 * each (round 46b) */
	const char	**strict_words;
	size_t		 nstrict_words;
	/* 1: a question of the class whose first word that is no stopword
	 * is no subject and not held by the answer's first claim ("who
	 * runs the rust foundation": Google's investment says nothing of
	 * running it) is declined (dialogue_ask.c, ask_verb_unheld());
	 * round 46b */
	int		 verb_held;
};

/*
 * What a question's word for the thing it counts means in figures
 * (lexicon.json "focus_words"): "staff", "folks" and "ppl" count
 * people, "pay" and "cost" are dollars.  words are squashed single
 * words as a user types them; units are figure units of claims.json
 * (checked at load).  Read by dialogue_focus.c.
 */
struct kb_focus_group {
	const char	**words;
	size_t		 nwords;
	const char	**units;
	size_t		 nunits;
	int		 no_partial;	/* "partial": false: no partial answer
					 * when the question names a thing */
	const char	**alone;	/* "alone": words that ask for the
					 * amount with no count start */
	size_t		 nalone;
	const char	**not_after;	/* "not_after": a word right before
					 * an alone word that makes it
					 * another measure's ("p99 budget") */
	size_t		 nnot_after;
};

/*
 * Squashed phrases by their first word (kb_phrases.c): first maps a
 * word to the first entry of the phrases that begin with it, next[e]
 * is the next such entry (-1: none), in the order the entries were
 * given, and rank[e] what entry e stands for.  mark[e] is scratch for
 * kb_phrase_chain_mark() (state of the one thread using the kb, like
 * the search's sums).  NULL next: not made.
 */
struct kb_phrase_chain {
	struct strmap	 first;
	/* the lengths of first's keys by their first byte (bit n: a key
	 * of n bytes; bit 31: of 31 or more), as kb_phrases.listed_first:
	 * kb_phrase_chain_word() asks the map only of a word that may be
	 * one (most words of a message begin no phrase) */
	uint32_t	 first_len[256];
	const char	**phrase;
	int32_t		*rank;
	int32_t		*next;
	unsigned char	*mark;
	size_t		 n;
	/* the words of the last text kb_phrase_chain_has() read, shared
	 * by every chain of the kb (kb_phrases.c), or NULL: scratch state
	 * of the one thread using the kb */
	struct kb_chain_split *split;
};

/*
 * May a phrase of ch begin with word w (len bytes, len > 0): has some
 * phrase's first word w's first byte and length?  No lookup; a 0 is
 * certain, a 1 needs kb_phrase_chain_word().
 */
static inline int
kb_phrase_chain_may(const struct kb_phrase_chain *ch, const char *w,
    size_t len)
{
	return (ch->first_len[(unsigned char)w[0]] &
	    1u << (len < 31 ? len : 31)) != 0;
}

/*
 * The first entry of ch of the phrases whose first word is w (len bytes,
 * no NUL in them), or -1: strmap_getn(&ch->first, w, len), without the
 * lookup for a word no phrase's first word has the first byte and
 * length of (kb_phrase_chain_may()).
 */
static inline int32_t
kb_phrase_chain_word(const struct kb_phrase_chain *ch, const char *w,
    size_t len)
{
	if (len > 0 && !kb_phrase_chain_may(ch, w, len))
		return -1;
	return strmap_getn(&ch->first, w, len);
}

struct kb_table_row {
	const char		*id;
	const char		*dimension;
	const char		**cells;	/* one per column */
	const char		*verdict;	/* a subject id or "context" */
	const struct kb_claim	*claim;
};

/*
 * Dialogue data.  A condition holds when, for every question it names, the
 * answer is one of the listed choices (a bit set over choice indexes).
 */
struct kb_cond {
	size_t		nterms;
	struct {
		uint16_t	question;
		uint32_t	choices;
	} terms[KB_MAX_QUESTIONS];
};

/*
 * A phrase's words, and need: a bit (kb_phrase_bit()) for each of them,
 * set by kb_phrase_compile(), so a reader can tell at once that a text
 * lacking one of those bits cannot hold the phrase; all 0 (a phrase made
 * otherwise) tells nothing.
 */
#define KB_PHRASE_BITS	256

struct kb_phrase {
	size_t		 ntok;
	const char	**tok;		/* stemmed, canonical terms */
	uint64_t	 need[KB_PHRASE_BITS / 64];
	/* one bit of need: of its longest word, said more rarely than a
	 * short one; a text without it lacks the phrase */
	uint8_t		 key;
};

#define KB_MAX_COMBINES	4

/*
 * An amount that names a choice: a number (digits, or a word of
 * phrases.reading.number_names) followed by one of units, or written
 * with it ("5ms"), in [from, below) when they are set ("in two months"
 * is less than 6 months; "p99 under 40 ms" is at least 4 ms).
 */
struct kb_amount {
	const char		**units;
	size_t			 nunits;
	/* words one of which stands before the number for it to count
	 * ("in 2 years"; none: any), so "10 years, go dev" is no amount */
	const char		**leads;
	size_t			 nleads;
	/* words one of which stands after it ("16 ms per tick"); with
	 * leads, either counts: a frame's budget is told both ways */
	const char		**trails;
	size_t			 ntrails;
	double			 from, below;
	int			 has_from, has_below;
	/* "within_from": an upper bound at least this ("p99 under 100ms")
	 * is a budget the user must stay within, and reads this choice
	 * though it spans values below from (has_within: given) */
	double			 within_from;
	int			 has_within;
};

struct kb_choice {
	const char		*id;
	const char		*label;
	struct kb_phrase	*match;		/* phrases that select it */
	size_t			 nmatch;
	/* roles: words that select it together, in any order, close by
	 * ("others depend": what the thing built is for, not its name) */
	struct kb_phrase	*roles;
	size_t			 nroles;
	/* also selected when words select a choice of every group */
	uint32_t		 combines[KB_MAX_COMBINES];
	size_t			 ncombines;
	/* also selected when a choice of its first combines group and
	 * this answer of another question are said in one message
	 * ("payments APIs, and an old C++ library with memory bugs") */
	struct kb_cond		 combines_with;
	int			 has_combines_with;
	/* also selected when a choice of its first combines group is said
	 * with this answer of another question read from a phrase of that
	 * answer's "parts" (a part of the work: "a game server plus a
	 * matchmaking service") */
	struct kb_cond		 combines_parts;
	int			 has_combines_parts;
	/* phrases of it that name a part of the work built, not a
	 * requirement ("game server", "matching engine") */
	struct kb_phrase	*parts;
	size_t			 nparts;
	/* what a negated phrase of it means ("not on kubernetes"), or -1 */
	const char		*negated;
	int			 negated_index;
	/* words of its topic that select nothing, but said negated mean
	 * its negated choice ("latency isn't something we obsess over") */
	struct kb_phrase	*negated_topics;
	size_t			 nnegated_topics;
	/* things whose avoidance selects it: said negated or with a harm
	 * word ("I never want to deal with pointers"); nothing said plainly */
	struct kb_phrase	*avoids;
	size_t			 navoids;
	/* whole replies that pick it while its question is asked ("yes"),
	 * squashed */
	const char		**replies;
	size_t			 nreplies;
	/* who the article says does this work ("didn't someone do that
	 * already?" after the user said so); may be empty */
	const struct kb_claim	**practice;
	size_t			 npractice;
	/* read only when the words name no other choice of its question
	 * ("a new language" to learn beside "firmware": the work named
	 * is the answer, the learning is what is asked) */
	int			 yields;
	/* amounts that select it ("two months", "p99 under 40 ms") */
	struct kb_amount	*amounts;
	size_t			 namounts;
	/* one need bit of each of its match, roles and negated_topics
	 * phrases (key) and of its avoids (avoid_key), or'ed, made by the
	 * loader: words with none of key's bits hold none of those phrases
	 * (match_choice() passes them unread) */
	uint64_t		 key[KB_PHRASE_BITS / 64];
	uint64_t		 avoid_key[KB_PHRASE_BITS / 64];
};

struct kb_question {
	size_t			 index;
	const char		*id;
	const char		*text;
	const char		*why;
	struct kb_choice	*choices;
	size_t			 nchoices;
	struct kb_cond		 skip_if;
	int			 has_skip_if;
	/* a told answer counts though skip_if skips the question, when this
	 * holds too (walk_told_counts()) */
	struct kb_cond		 told_counts_if;
	int			 has_told_counts_if;
	const char		*assume;	/* choice id assumed if unanswered */
	int			 assume_index;	/* -1: none */
	/* a quick verdict from a description needs an answer to one of the
	 * decisive questions (when the KB marks any) */
	int			 decisive;
	/* its answer is a wish said firmly: a phrase of its choices with a
	 * word of reading.hedges just before it and one of reading.later_refs
	 * in its clause ("maybe get a job later") answers nothing */
	int			 firm;
	/* its answer is the user's or the whole team's: a phrase said of
	 * part of the team (reading.partial_subjects) answers nothing */
	int			 whole_subject;
	/* its answer is the user's situation now: a phrase read in a clause
	 * told as a past state (reading.past_states, no present_marks cue:
	 * "we used to have 50 devs") answers nothing (rl50b) */
	int			 present_state;
	/* "which framework should I use for go?": a choice phrase naming
	 * one of the article's subjects in the last clause of a message
	 * that asks is what is asked about, not what the user knows */
	int			 asked_subject_silent;
	/* its answer, told in a message saying it was only studied
	 * (reading.study_refs: "java in class"), is no basis for a verdict:
	 * the article's edge cases are about engineers, not coursework */
	int			 study_no_basis;
	/* optional "added_as": where skip_if skips the question, the
	 * answer an added part of the work makes to a question skip_if
	 * names ("what if we also had C++ with memory bugs?" to one who
	 * builds APIs: building both_layers); added_q -1: none */
	int			 added_q;
	int			 added_c;
};

struct kb_rule {
	const char		*id;
	struct kb_cond		 when;
	/* optional "basis_when": where this condition holds too, the rule
	 * alone is a basis for a quick verdict whatever its weight (the
	 * article's advice to a learner who knows Go); nterms 0: none */
	struct kb_cond		 basis_when;
	double			 weights[KB_MAX_OUTCOMES];
	/* optional "doubts": the outcomes the article says this answer can
	 * rule out ("disqualifying"), bit o for outcome o; a verdict of one
	 * loses confidence while the rule fires (dialogue_verdict.c) */
	unsigned		 doubts;
	/* optional "unless": where this holds the rule does not fire (the
	 * article's Java edge case is for one whose goal is cloud-native
	 * performance with simpler operations, not for one whose latency
	 * must be deterministic); nterms 0: none */
	struct kb_cond		 unless;
	const char		*reason;
	const struct kb_claim	**claims;
	size_t			 nclaims;
};

/*
 * A fit: the claims that answer a question on a trade-off for the users
 * whose answers meet when ("is go's gc a problem?" to one whose latency
 * must be deterministic: the claim that it can be disqualifying).
 */
struct kb_fit {
	const char		*id;
	const struct kb_claim	**on;	/* an answer led by one is on it */
	size_t			 non;
	struct kb_cond		 when;
	const struct kb_claim	**claims;
	size_t			 nclaims;
};

struct kb_caveat {
	const char		*id;
	struct kb_cond		 when;
	/* optional "unless": not shown where this holds ("if your latency
	 * must be deterministic" to one who said it must); nterms 0: none */
	struct kb_cond		 unless;
	const char		*outcome;	/* NULL: any verdict */
	int			 outcome_index;
	/* optional "case_for": the other outcome whose case for the user
	 * this caveat states ("Rust as a strategic second language" to a
	 * Java developer told Go), said again when the user asks about
	 * that outcome after the verdict ("and rust?"); -1: none */
	const char		*case_for;
	int			 case_for_index;
	const char		*text;
	const struct kb_claim	**claims;
	size_t			 nclaims;
};

struct kb_outcome {
	const char	*id;
	const char	*label;
	const char	*summary;
	/* who the article says works so (cited for "does anyone actually
	 * do that?" right after this verdict); may be empty */
	const struct kb_claim	**practice;
	size_t		 npractice;
};

struct kb_dialogue {
	const char		*central_question;
	const char		*intro;
	int			 quick_basis;	/* one rule this heavy is a basis */
	struct kb_outcome	*outcomes;
	size_t			 noutcomes;
	struct kb_question	*questions;
	size_t			 nquestions;
	struct kb_rule		*rules;
	size_t			 nrules;
	struct kb_caveat	*caveats;
	size_t			 ncaveats;
	/* "stance": the caveat whose claims state the article's own
	 * overall position, or NULL */
	const struct kb_caveat	*stance;
	/* "fits": which claims answer a trade-off question for a workload
	 * (dialogue_fit.c); nfits 0: none */
	struct kb_fit		*fits;
	size_t			 nfits;
};

/* The search index: see kb_index.c. */
struct kb_posting {
	uint32_t	claim;
	float		tf;		/* field-weighted term frequency */
	double		bm25;		/* the term's score in the claim, made
					 * at load (kb_index_build()) */
	double		rank;		/* ... weighed as rare as the asks
					 * too make it: the order of the
					 * hits of a covered question */
};

struct kb_term {
	const char		*term;
	struct kb_posting	*post;
	size_t			 npost;
	size_t			 cap;
	/* the claims whose asks (and not their fields) use it */
	struct kb_posting	*apost;
	size_t			 napost;
	size_t			 acap;
	double			 idf;
	/* 1 + the subject this term names (term_subject() in
	 * kb_index.c), 0 none; made by kb_word_info_build() */
	signed char		 subject;
	/* the claims' text writes it as a name of its own each time
	 * (Capitalized mid-sentence, not beside another Capitalized word):
	 * "Python", "Azure", "RustConf"; made by kb_index_build() */
	unsigned char		 entity;
	unsigned short		 ncap, nplain;	/* those counts */
};

#define KB_MAX_FILLER_PHRASES	200	/* lexicon filler_phrases */
#define KB_FILLER_PHRASE_WORDS	6	/* words of one, at most */

/* A synonym: from is rewritten to to; a filler phrase has no to (ntok 0). */
struct kb_synonym {
	struct kb_phrase	from;
	struct kb_phrase	to;
};

/*
 * What a user can ask for besides answering: the names are the protocol's
 * command names ("what_would_change"), and a knowledge base lists the words
 * that say each one (see kb_phrases.c and SCHEMA.md, "phrases").
 */
enum kb_command {
	KB_CMD_START,		/* go on with the walk ("continue", "hi") */
	KB_CMD_BACK,
	KB_CMD_CHANGE,
	KB_CMD_RESTART,
	KB_CMD_WHY,
	KB_CMD_WHAT_IF,
	KB_CMD_WHAT_CHANGES,
	KB_CMD_SUMMARY,
	KB_CMD_HELP,
	KB_CMD_SKIP,
	KB_CMD_UNSURE,
	KB_CMD_RECOMMEND,
	KB_CMD_TABLE,
	KB_NCOMMANDS
};

/*
 * The words a knowledge base gives its users, so that the engine's code
 * holds none (see SCHEMA.md, "phrases").  Command phrases are kept
 * squashed (kb_squash), as the engine compares them.
 */
/* phrases per command or reading list: a list is matched whole-message
 * (commands) or through an index by first word built at load
 * (kb_cue_chain_build), so its length costs no per-word scan; 256 leaves
 * room for what users say once 128 was reached (round 48b) */
#define KB_MAX_SAYS	256
#define KB_MAX_HELP	24	/* lines of help */

struct kb_help_line {
	const char	*command;	/* as shown: "skip / not sure" */
	const char	*text;
};

#define KB_MAX_SMALL_TALK	32	/* kinds of small talk */
#define KB_MAX_TYPO_FRAMES	64	/* lexicon.json "typo_frames" */
#define KB_MAX_DESCRIBERS	32	/* lexicon.json "describers" */
#define KB_MAX_NOT_TYPOS	8000	/* lexicon.json "not_typos", and
					   "not_comparatives" */
#define KB_RELAX_MAX		32	/* bytes of a relaxed phrase */

/* Small talk ("thanks", "bye"): the messages that say it, and the reply. */
struct kb_small_talk {
	const char		**says;		/* whole messages, squashed */
	const char		**relaxed;	/* says[], kb_relax()ed */
	size_t			  nsays;
	const char		 *reply;
	int			  addressed;	/* "when": "addressed" */
	int			  remark;	/* "when": "remark" */
	int			  closes;	/* "closes": 1, a goodbye */
	int			  alone;	/* "alone": 1, said alone */
	int			  nudges;	/* "nudges": 1 or 2, asks the
						   verdict once an answer
						   stands (2: even after one) */
};

/* A cue word and the command it cues (phrases.cues), sorted by word. */
struct kb_cue {
	const char		*word;
	int			 command;
};

struct kb_phrases {
	const char		**says[KB_NCOMMANDS];	/* whole message */
	/* says[c] by first word: the first phrase of c that begins with a
	 * word, then says_next[c][i] the next one after phrase i (-1: no
	 * more); keys in the arena (kb_load_phrases.c) */
	struct strmap		 says_first[KB_NCOMMANDS];
	int32_t			*says_next[KB_NCOMMANDS];
	struct strmap		 says_whole;	/* phrase -> its first command */
	/* a first word of says -> the commands (bit 1 << c) of whose
	 * phrases it is a first word: one lookup passes a word that begins
	 * none, for all commands at once */
	struct strmap		 says_any;
	/* small_talk's says by first word, as says_first: talk_says holds
	 * every entry's says in order, talk_of[k] the entry of talk_says[k],
	 * talk_first a word's first k, talk_next[k] the next (-1: no more);
	 * NULL talk_next: not made (no small talk) */
	struct strmap		 talk_first;
	const char		**talk_says;
	int32_t			*talk_of;
	int32_t			*talk_next;
	struct strmap		 says_words[KB_NCOMMANDS]; /* their words */
	/* a word of a request for the summary in words of its own
	 * (dialogue_understand.c): KB_SUMMARY_CUE (summary_cues), else
	 * KB_SUMMARY_PERSON (first_person, addressee), else
	 * KB_SUMMARY_WORD (summary_words, question_words, fillers) */
	struct strmap		 summary_class;
	/* every entry of the word lists of KB_LISTED_*, whole, to the
	 * bits of the lists that hold it: kb_listed() reads a word with
	 * one lookup instead of a scan of each list */
	struct strmap		 listed;
	/* the lengths of listed's keys by their first byte (bit n: a key
	 * of n bytes; bit 31: of 31 or more): kb_listed() asks the map only
	 * of a word that may be one (most words are none) */
	uint32_t		 listed_first[256];
	/* kb_listed_word()'s last texts with the bits of their words
	 * (kb_phrases.c), or NULL: scratch state of the one thread using
	 * the kb, like kb->norm_memo; the engine asks the same message of
	 * several lists in turn */
	void			*listed_memo;
	/* every entry of the word lists of KB_MORE_* (lists the bits of
	 * listed have no room for), whole, to the bits of the lists that
	 * hold it, and its keys' lengths by first byte as listed_first:
	 * kb_listed_more() reads a word with one lookup, not a scan of
	 * each list */
	struct strmap		 listed_more;
	uint32_t		 listed_more_first[256];
	/* every word of verbs, objects and cues to the commands that list
	 * it, packed (kb_cmd_word() reads it): one lookup for a word
	 * instead of a scan of each command's lists */
	struct strmap		 cmd_words;
	const char		**relaxed[KB_NCOMMANDS]; /* says[], kb_relax()ed */
	size_t			 nsays[KB_NCOMMANDS];
	const char		**prefixes[KB_NCOMMANDS]; /* "what if ..." */
	size_t			 nprefixes[KB_NCOMMANDS];
	const char		**cues[KB_NCOMMANDS];	/* "redo": a short
							 * message's intent */
	size_t			 ncues[KB_NCOMMANDS];
	/* a command said as a verb and its object ("give me your pick",
	 * "reset this chat"): "verbs" and "objects" by command */
	const char		**verbs[KB_NCOMMANDS];
	size_t			 nverbs[KB_NCOMMANDS];
	const char		**objects[KB_NCOMMANDS];
	size_t			 nobjects[KB_NCOMMANDS];
	struct kb_cue		*cue_index;	/* every cue, by word */
	size_t			 ncue_index;
	const char		*help;		/* before the command list */
	struct kb_help_line	*help_lines;
	size_t			 nhelp_lines;
	const char		*ask;		/* after a question's choices */
	/* after a question asked again in one line, its choices unchanged
	 * since shown (`ask_again`), or NULL: then always in full */
	const char		*ask_again;
	const char		*retry_choose;	/* not understood, a question */
	const char		*retry_free;	/* not understood, none */
	const char		*retry_more;	/* not understood again */
	const char		*retry_unplaced; /* "{words}" not placed, or NULL */
	const char		*need_more;	/* no verdict to recommend */
	const char		*unclear_target; /* "what if" naming nothing */
	const char		*unclear_choice; /* ... a question, no choice */
	const char		*refine;	/* after a quick verdict */
	const char		*after_verdict;	/* after a verdict */
	/* reading free text: words, squashed */
	const char		**first_person;	/* "i", "we", "our" */
	size_t			 nfirst_person;
	const char		**question_starts; /* "what", "tell me" */
	size_t			 nquestion_starts;
	const char		**number_words;	/* "option" in "option 2" */
	size_t			 nnumber_words;
	const char		**follow_up_starts; /* "and", "what about" */
	size_t			 nfollow_up_starts;
	const char		**comparison_words; /* "vs", "faster" */
	size_t			 ncomparison_words;
	const char		**question_words; /* "which" anywhere */
	size_t			 nquestion_words;
	const char		**count_starts;	/* "how many" */
	size_t			 ncount_starts;
	const char		**scope_words;	/* "in" of "in india" */
	size_t			 nscope_words;
	const char		**figure_scope_words; /* "on" of "on a pi" */
	size_t			 nfigure_scope_words;
	const char		**hearsay;	/* "everyone says": not asked */
	size_t			 nhearsay;
	/* "which survey": the source of what the same message names */
	const char		**evidence_asks;
	size_t			 nevidence_asks;
	/* "how was that measured": how what it names was worked out */
	const char		**method_asks;
	size_t			 nmethod_asks;
	/* "where * from": a source asked of what the user writes in the
	 * "*"'s place; pairs, the words before it and after it, squashed
	 * ("" for none) */
	const char		**source_frames;
	size_t			 nsource_frames;
	const char		**verb_readings; /* "making earn": verb, reading */
	size_t			 nverb_readings;
	const char		**rival_markers; /* "than": a rival follows */
	size_t			 nrival_markers;
	const char		**scope_determiners; /* "the" of "in the tiobe" */
	size_t			 nscope_determiners;
	const char		**figure_words;	/* "number": asks for a figure */
	size_t			 nfigure_words;
	const char		**instance_words; /* "which" of "which companies" */
	size_t			 ninstance_words;
	const char		**clause_breaks; /* "but": ends a negation */
	size_t			 nclause_breaks;
	const char		**about_question; /* "asking": why, of a question */
	size_t			 nabout_question;
	const char		**change_refs;	/* "what changed": a why
						 * asking what moved a verdict */
	size_t			 nchange_refs;
	/* "confident", "verdict": a why asking about the verdict, never
	 * about the pending question (nu51) */
	const char		**verdict_refs;
	size_t			 nverdict_refs;
	const char		**negation_after; /* "is": "pay is not ..." */
	size_t			 nnegation_after;
	/* "that", "think": "not that we care", "don't think we need" */
	const char		**negation_carriers;
	size_t			 nnegation_carriers;
	const char		**fillers;	/* "ok", "just": around a command */
	size_t			 nfillers;
	const char		**command_starts; /* "lets": before a command */
	size_t			 ncommand_starts;
	const char		**set_aside;	/* "forget": turns what follows */
	size_t			 nset_aside;
	const char		**aside_after_negation; /* "not asking about" */
	size_t			 naside_after_negation;
	const char		**point_units;	/* "year": a date, not an amount */
	size_t			 npoint_units;
	const char		**duration_starts; /* "how long" */
	size_t			 nduration_starts;
	const char		**duration_units; /* "weeks": of a duration */
	size_t			 nduration_units;
	const char		**present_words; /* "current": asks for now */
	size_t			 npresent_words;
	const char		**anaphors;	/* "it": the subject talked of */
	size_t			 nanaphors;
	const char		**summary_words; /* "you", "on": may ask for it */
	size_t			 nsummary_words;
	const char		**summary_cues;	/* "noted": one must be said */
	size_t			 nsummary_cues;
	const char		**addressee;	/* "you": the advisor */
	size_t			 naddressee;
	const char		**command_glue;	/* "instead": around a command */
	size_t			 ncommand_glue;
	const char		**change_starts; /* "on second thought" */
	size_t			 nchange_starts;
	const char		**story_turns;	/* "ended up": the plan gave way */
	size_t			 nstory_turns;
	const char		**deliberations; /* "weighing": options, not topic */
	size_t			 ndeliberations;
	const char		**story_moves;	/* "moved from": X was, Y is */
	size_t			 nstory_moves;
	const char		**story_move_ends; /* "to": ends X of a move */
	size_t			 nstory_move_ends;
	const char		**trailing_turns; /* "instead" ending a clause */
	size_t			 ntrailing_turns;
	/* "beneath them": work said after a "now" that stands in a layer
	 * relation to the work before it, so the two are side by side */
	const char		**layer_links;
	size_t			 nlayer_links;
	/* "library": a background phrase followed by one names a codebase
	 * ("an old C++ library"), not what the people know */
	const char		**codebase_words;
	size_t			 ncodebase_words;
	/* "writing": before such a phrase, the people write the codebase,
	 * so its language is what they know after all */
	const char		**codebase_authors;
	size_t			 ncodebase_authors;
	/* "leaving": code the message tells of is left behind */
	const char		**leaving_words;
	size_t			 nleaving_words;
	/* a clause told as past work ("used to", "last year") next to one
	 * told as present work ("now", "the new job"): the present one
	 * answers (dialogue_understand.c, understand_tense_turn()) */
	/* "live", "to": "go-live", "go-to" name no subject */
	const char		**idiom_parts;
	size_t			 nidiom_parts;
	/* "mind": "i don't mind X" accepts X */
	const char		**negation_accepts;
	size_t			 nnegation_accepts;
	/* "even": "not even a few ms" refuses the least, not the amount */
	const char		**negation_intensifiers;
	size_t			 nnegation_intensifiers;
	/* "barely", "hardly": a negation said before the verb it
	 * negates, right after the phrase ("latency barely matters") */
	const char		**negation_adverbs;
	size_t			 nnegation_adverbs;
	/* "postgres", "waits on": the user's thing waits on something
	 * outside it; with a word of speed ("faster") in a question, the
	 * article is asked wait_asks (joined), unless a veto ("proxy")
	 * says the thing is itself the one waited on or doing the work */
	const char		**wait_cues;
	size_t			 nwait_cues;
	const char		**wait_speed_words;
	size_t			 nwait_speed_words;
	const char		**wait_vetoes;
	size_t			 nwait_vetoes;
	const char		**wait_asks;
	size_t			 nwait_asks;
	/* "a must", "mandatory", "have to be": a yes/no question naming
	 * one subject with one of these asks the article whether that
	 * language is required, not for the verdict */
	const char		**necessity_words;
	size_t			 nnecessity_words;
	/* "s is": a word's "'s" before a negator stands for "is"
	 * ("latency's not a concern"), never a possessive there */
	const char		**clitics;
	size_t			 nclitics;
	const char		**past_marks;
	size_t			 npast_marks;
	/* rl50b: the narrower marks of a state gone by ("used to", "back
	 * then", "my old"; not "for years", "wrote": experience) */
	const char		**past_states;
	size_t			 npast_states;
	const char		**present_marks;
	size_t			 npresent_marks;
	/* "to" after a question word: "what to learn" is a thing chosen,
	 * not a question asked */
	const char		**infinitives;
	size_t			 ninfinitives;
	/* "a", "another" before "a compiled language": a question word
	 * that names a thing the user has in mind, not what is asked */
	const char		**object_determiners;
	size_t			 nobject_determiners;
	const char		**yes_no_starts; /* "can" of "can go run on" */
	size_t			 nyes_no_starts;
	const char		**platform_openers; /* "on" of "on a pi" */
	size_t			 nplatform_openers;
	const char		**size_openers; /* "under" of "under 100 people" */
	size_t			 nsize_openers;
	/* a word for a number and its value ("two 2"), for choices' amounts */
	const char		**number_names;
	size_t			 nnumber_names;
	/* number_names by first word (kb_phrase_chains_build()): a word of
	 * a message is compared with the names it may begin, not each */
	struct kb_phrase_chain	 number_names_by_word;
	/* one word each: in a covered question, opens a part of it the
	 * answer's claim may lack ("about" of "what about office?",
	 * "which" of "did they say which vendors ...?") */
	const char		**lack_openers;
	size_t			 nlack_openers;
	/* one word each: asks for an exact figure ("exactly", "precise"):
	 * one the article gives only roughly is no answer */
	const char		**exact_words;
	size_t			 nexact_words;
	/* one word each: right after a qualifier, only stresses it
	 * ("among hobbyists only", "in berlin specifically") */
	const char		**qualifier_tails;
	size_t			 nqualifier_tails;
	/* phrases whose words only frame the asking ("in a row", "feel",
	 * "sit"): none of them is ever named as what the article lacks */
	const char		**asking_words;
	size_t			 nasking_words;
	/* "sit on top of": "the layer the services sit on top of" */
	const char		**served_ends;
	size_t			 nserved_ends;
	/* "was ages ago": "python was ages ago" answers nothing now */
	const char		**disowned_ends;
	size_t			 ndisowned_ends;
	/* "semester", "bootcamp", "read a book": a clause holding one
	 * tells what the user studied or tried, not their work; a
	 * study_vetoes phrase at the word before a cue ("of course")
	 * makes it none (round 46b) */
	const char		**study_refs;
	size_t			 nstudy_refs;
	const char		**study_vetoes;
	size_t			 nstudy_vetoes;
	/* "drivers passengers": a word of a choice said near the other
	 * word has another sense ("drivers and passengers") */
	const char		**other_senses;
	size_t			 nother_senses;
	/* "never touches", followed by a word that refers back ("that":
	 * practice_refs, third_parties): what the sentence said before is
	 * not the user's work (blanked for the dialogue's reading) */
	const char		**disowned_refs;
	size_t			 ndisowned_refs;
	/* "rather than", "prefer over": two words; the second, after the
	 * first in one clause, sets aside what follows it ("I'd rather have
	 * the biggest market than the top salary"): a phrase there selects
	 * neither its choice nor that choice's negated one */
	const char		**set_aside_pairs;
	size_t			 nset_aside_pairs;
	/* the first bytes of disowned_refs and set_aside_pairs entries, a
	 * bit per byte value, set at load: most words start none */
	unsigned char		 disowned_refs_first[32];
	unsigned char		 set_aside_pairs_first[32];
	const char		**level_tails;	/* "level" of "entry level" */
	size_t			 nlevel_tails;
	const char		**place_refs;	/* "there": a place said before */
	size_t			 nplace_refs;
	const char		**place_openers; /* "to" of "moving to oslo" */
	size_t			 nplace_openers;
	const char		**additions;	/* "also": adds, not corrects */
	size_t			 nadditions;
	const char		**exclusives;	/* "only": that and no more */
	size_t			 nexclusives;
	const char		**implied_subject; /* "been": "I" left out */
	size_t			 nimplied_subject;
	const char		**work_verbs;	/* "i build X": X is the work */
	size_t			 nwork_verbs;
	const char		**conditions;	/* "if": a what-if's condition */
	size_t			 nconditions;
	const char		**joins;	/* "and": joins two questions */
	size_t			 njoins;
	/* "source": asks where the last answer comes from */
	const char		**source_words;
	size_t			 nsource_words;
	/* "recent", "when": of source_words, those asking for its date */
	const char		**date_asks;
	size_t			 ndate_asks;
	/* "something like", "an equivalent of": a part of a question so
	 * asked, declined, likens a subject to a thing the article never
	 * names; the other parts answer and it is named missing
	 * (dialogue_ask.c ask_parts_likened()) */
	const char		**likeness_asks;
	size_t			 nlikeness_asks;
	/* "then": "so rust then?" concludes, asks for the verdict */
	const char		**verdict_markers;
	size_t			 nverdict_markers;
	/* phrases.reading.general_refs: a question asked in general, of
	 * no one's case ("generally speaking", "all in all") */
	const char		**general_refs;
	size_t			 ngeneral_refs;
	/* phrases.reading.later_refs ("later", "down the road"): the
	 * other outcome asked about as a later step, after a verdict */
	const char		**later_refs;
	size_t			 nlater_refs;
	/* phrases.reading.work_refs ("instead", "rather than", "cope
	 * with", "an option"): a question of these, the user's situation
	 * and one subject asks about that subject for the work described */
	const char		**work_refs;
	size_t			 nwork_refs;
	/* phrases.reading.switch_verbs ("migrate", "rewrite", "port"):
	 * one subject with one asks whether to move the work to it */
	const char		**switch_verbs;
	size_t			 nswitch_verbs;
	/* phrases.reading.stance_refs ("article", "author") and
	 * stance_words ("winner", "biased"): a question made of these
	 * alone asks for the article's own overall stance (ask_stance) */
	const char		**stance_refs;
	size_t			 nstance_refs;
	const char		**stance_words;
	size_t			 nstance_words;
	/* "for that": the user's own situation, in a question */
	const char		**situation_refs;
	size_t			 nsituation_refs;
	/* "i was wondering": a question follows, not a description */
	const char		**question_leads;
	size_t			 nquestion_leads;
	/* "sorry, english": what the user wrote before it, up to a mark,
	 * was in another language; the message starts after the mark
	 * that follows it (understand_code_switch) */
	const char		**code_switches;
	size_t			 ncode_switches;
	/* "its a", "its now a": after a change_starts phrase, what follows
	 * is the work as it is now (understand_retract_work) */
	const char		**work_openers;
	size_t			 nwork_openers;
	const char		**refusals;	/* "afford": refuses a topic */
	size_t			 nrefusals;
	const char		**fronts;	/* "in front of": what is served */
	size_t			 nfronts;
	/* "choose the stack": the user faces the article's choice */
	const char		**choice_tasks;
	size_t			 nchoice_tasks;
	/* "goes through it": what comes before is what is served */
	const char		**passes_through;
	size_t			 npasses_through;
	const char		**harms;	/* "a dealbreaker": refuses a topic */
	size_t			 nharms;
	/* "when": a question word that, after a statement's words, opens a
	 * clause of time ("it cannot jitter when memory is reclaimed") */
	const char		**time_openers;
	size_t			 ntime_openers;
	/* "no", "nope", "no wait": a retraction opening a back or restart
	 * command ("no, go back"), no answer of its own */
	const char		**retractions;
	size_t			 nretractions;
	/* "forget", "ignore": withdraw the answer to the question named
	 * after it ("forget what i said about latency") */
	const char		**drop_verbs;
	size_t			 ndrop_verbs;
	/* "board", "investors", "cto": whom the user will carry a verdict
	 * to ("what would you tell my board"); "say", "bring", "take":
	 * verbs that carry something to them ("something i can take to
	 * the steering committee").  Both one word each. */
	const char		**verdict_audiences;
	size_t			 nverdict_audiences;
	const char		**audience_verbs;
	size_t			 naudience_verbs;
	/* "less than", "at least": bounds in front of an amount; "to",
	 * "and": the join of a range "2 to 3 weeks" (choices' amounts) */
	const char		**amount_upper;
	size_t			 namount_upper;
	const char		**amount_lower;
	size_t			 namount_lower;
	const char		**amount_joins;
	size_t			 namount_joins;
	/* "ago": right after a unit, no duration ("6 months ago") */
	const char		**amount_after;
	size_t			 namount_after;
	/* "studio", "company": within two words after an amount, whose
	 * size it is ("a 40-person game studio"): an employer's, no answer */
	const char		**amount_owners;
	size_t			 namount_owners;
	/* "maybe", "might": before a phrase of a firm question, with a
	 * later_refs word in its clause, a vague someday (kb_question.firm) */
	const char		**hedges;
	size_t			 nhedges;
	/* "so far", "into": in an amount's clause after it, "past",
	 * "spent": right before it; a past told, no duration to come */
	const char		**amount_past;
	size_t			 namount_past;
	const char		**amount_past_leads;
	size_t			 namount_past_leads;
	/* "every", "each", "per": right before or after an amount, a period that recurs
	 * ("we release every 2 weeks"), no duration or budget */
	const char		**amount_periods;
	size_t			 namount_periods;
	/* "had", "were": a past verb at the head of a what-if's condition,
	 * or right after a first-person word in it, makes the condition
	 * counterfactual ("what if we had 50 devs", "what if we had a bunch
	 * of c++ veterans"), not the user's description */
	const char		**counterfactuals;
	size_t			 ncounterfactuals;
	/* "have", "got": a verb whose object is what the user has; a
	 * negation over it says that is lacking ("we don't have weeks":
	 * less time, not more), so a negated phrase after it selects no
	 * opposite choice of a question measured by amounts (match_choice,
	 * kb_choice.negated) */
	const char		**possession_verbs;
	size_t			 npossession_verbs;
	/* "sprint", "cycle": after an amount and a word of amount_periods
	 * ("3 weeks per sprint"), a period that recurs, not a budget of
	 * work ("500us per request") */
	const char		**period_nouns;
	size_t			 nperiod_nouns;
	/* "odd", "ish": right after a number, an approximate amount */
	const char		**amount_approx;
	size_t			 namount_approx;
	/* "of": between a number and a unit, no amount ("three of us") */
	const char		**amount_breaks;
	size_t			 namount_breaks;
	/* "nobody on the team", "none of us": a subject that is the user's
	 * own team; a statement with one speaks of the user */
	const char		**team_subjects;
	size_t			 nteam_subjects;
	/* "written in", "coded in", "under the hood": what a named thing
	 * is made in, asked of it; "which language" beside one asks a
	 * fact, not the verdict (round 48b, qk48) */
	const char		**made_in;
	size_t			 nmade_in;
	/* "write", "wrote": a verb of making with "in" at most
	 * UNDERSTAND_MADE_GAP words after it ("did google write kubernetes
	 * in"); made_guards before it ("to", "should") make it the user's
	 * choice to come, not a fact */
	const char		**made_verbs;
	size_t			 nmade_verbs;
	const char		**made_guards;
	size_t			 nmade_guards;
	const char		**made_ends;	/* "in", "with" */
	size_t			 nmade_ends;
	/* "one of us", "2 know": part of the team as a clause's subject
	 * (a number in an entry stands for any number) */
	const char		**partial_subjects;
	size_t			 npartial_subjects;
	/* "people", "devs": right after a number, a head count ("12
	 * people"), no figure the user restates; "team of": the same
	 * right before one ("team of 5") */
	const char		**headcount_words;
	size_t			 nheadcount_words;
	const char		**headcount_leads;
	size_t			 nheadcount_leads;
	/* "next": "next month" is a point in time, not a duration */
	const char		**date_points;
	size_t			 ndate_points;
	/* "they": the people or projects of the last answer, not the
	 * advisor or the user ("why did they pick go?" after a fact) */
	const char		**third_parties;
	size_t			 nthird_parties;
	/* "tell", "report": a verb of passing the verdict on to someone
	 * ("so what do i tell them" asks for the verdict) */
	const char		**relay_verbs;
	size_t			 nrelay_verbs;
	/* "the year before": the last question again, at another time */
	const char		**time_shifts;
	size_t			 ntime_shifts;
	/* "back in", "a few years ago": an earlier time a question asks
	 * at, not what it asks about (ask_past_point()) */
	const char		**past_points;
	size_t			 npast_points;
	/* "the": a first_person word right after one is a name ("the
	 * us"), not the user */
	const char		**name_determiners;
	size_t			 nname_determiners;
	/* "er": a word the article never uses that ends so ("leaner")
	 * compares, as a comparison word does */
	const char		**comparative_endings;
	/* "junior", "entry": a level a figure may be asked for; anywhere
	 * in a question it only narrows what is asked */
	const char		**level_words;
	size_t			 nlevel_words;
	/* "faster", "drop", "save": "how much" with one asks for a change,
	 * which only a claim holding that word and a figure in one of
	 * relative_units answers */
	const char		**change_words;
	size_t			 nchange_words;
	/* "margin", "gain", "pay": with a change word, count_starts or
	 * figure_words they make a question one for a measure, which a
	 * declined question of a rare case's name is answered without
	 * (dialogue_ask.c, ask_case_search()) */
	const char		**measure_words;
	size_t			 nmeasure_words;
	/* one word each: a size said of a gap ("is the gap big or tiny",
	 * "is the difference huge"), which right after a comparison asks
	 * its measure as measure_words do (round 47b) */
	const char		**size_words;
	size_t			 nsize_words;
	const char		**relative_units; /* "%", "x": a change's units */
	size_t			 nrelative_units;
	/* "percentage": asks for a figure in one of percent_units */
	const char		**percent_words;
	size_t			 npercent_words;
	const char		**percent_units; /* "%" */
	size_t			 npercent_units;
	/* "how do i": the word after one is the action asked about */
	const char		**howto_starts;
	size_t			 nhowto_starts;
	const char		**outside_words;	/* things the article
						 * never gives: "book" */
	size_t			 noutside_words;
	const char		**outside_rivals;	/* languages and
						 * platforms it never
						 * discusses: "zig" */
	size_t			 noutside_rivals;
	const char		**alternatives;	/* "or": the words on
						 * each side are the
						 * things weighed
						 * (round 52) */
	size_t			 nalternatives;
	/* round 47b: a person noun ("guy") and what such a person did
	 * to make a thing ("who invented"): with a subject's name right
	 * after, the maker of a language is asked, which no claim names */
	const char		**maker_people;
	size_t			 nmaker_people;
	const char		**maker_verbs;
	size_t			 nmaker_verbs;
	/* round 48 (qs48): a period a pay figure may be asked per ("per
	 * hour", "monthly", "day rate") and the words that make a
	 * question one of pay ("salary", "rate", "earn"; the first is
	 * what the period is read as): the article's figures are yearly,
	 * so the period is what it lacks (ask_rate_period()) */
	const char		**rate_periods;
	size_t			 nrate_periods;
	const char		**rate_years;	/* periods the pay figures are per */
	size_t			 nrate_years;
	const char		**rate_asks;
	size_t			 nrate_asks;
	/* "call rust code from a go service": a word of calling one
	 * language from another (crossing_words) between two names of
	 * languages (crossing_names), one word each */
	const char		**crossing_words;
	size_t			 ncrossing_words;
	/* the lengths of crossing_words by their first byte (bit n: of n
	 * bytes; bit 31: of 31 or more), set at load: ask_crossing() reads
	 * every question, most of whose words begin none */
	uint32_t		 crossing_first[256];
	const char		**crossing_names;
	size_t			 ncrossing_names;
	/* the words a claim tells a crossing by: "interoperability" */
	const char		**crossing_said;
	size_t			 ncrossing_said;
	/* the words between two names that cross: "from", "inside" */
	const char		**crossing_links;
	size_t			 ncrossing_links;
	/* "can you recommend a good go web framework?": a request for
	 * advice (advice_asks) on a kind of thing (advice_things) the
	 * article never recommends one of */
	const char		**advice_asks;
	size_t			 nadvice_asks;
	const char		**advice_things;
	size_t			 nadvice_things;
	/* "go's p99... sorry, rust's": cues of a subject corrected */
	const char		**subject_corrections;
	size_t			 nsubject_corrections;
	/* "oops", "scratch that": a message opening with one takes back
	 * the last answer (dialogue_understand.c) */
	const char		**retakes;
	size_t			 nretakes;
	/* "integration" in "docker integration doesn't matter": words
	 * between a phrase and the verb that negates it (dialogue_match.c) */
	const char		**negation_heads;
	size_t			 nnegation_heads;
	/* "irrelevant" in "k8s integration is totally irrelevant": words
	 * after a verb of negation_after that dismisses the phrase
	 * before it as a negation would (dialogue_match.c) */
	const char		**dismissals;
	size_t			 ndismissals;
	/* "are" in "containers and helm are unimportant": verbs of
	 * negation_after said of two things, which let a join ("and")
	 * carry a dismissal back to the phrase before it
	 * (dialogue_match.c, match_past_heads()) */
	const char		**plural_verbs;
	size_t			 nplural_verbs;
	/* "and with 3 months?": openers of a what-if by an amount */
	const char		**what_if_amount_starts;
	size_t			 nwhat_if_amount_starts;
	/* "if we had to do kernel drivers would that flip it": a word
	 * opening a what-if's consequent when no comma ends its
	 * condition ("would"), and words of a consequent that only ask
	 * after the verdict ("flip", "change") (round 49, hy49) */
	const char		**consequent_starts;
	size_t			 nconsequent_starts;
	const char		**outcome_turns;
	size_t			 noutcome_turns;
	/* "with juniors instead?": a word that marks an elliptic question
	 * after a verdict as a swap of one answer, a what-if (round 50,
	 * wi50) */
	const char		**what_if_swaps;
	size_t			 nwhat_if_swaps;
	/* "i wish we had 3 weeks": openers of a wish, no fact; a what-if
	 * when it names an answer (round 50, wi50) */
	const char		**wish_starts;
	size_t			 nwish_starts;
	/* "i wish to build drivers": a wish_starts opener that is a
	 * formal want, the user's plan, no wish (round 50b, hx50b) */
	const char		**wish_wants;
	size_t			 nwish_wants;
	/* "my cto wants rust", "in my manager's view": after a person of
	 * the user's, an opinion of theirs, a claim to check (nc52) */
	const char		**opinion_verbs;
	size_t			 nopinion_verbs;
	/* "our sre team", "the platform team": a group of people named by
	 * a word before it, someone else's beside "i build ..." (nc52) */
	const char		**group_nouns;
	size_t			 ngroup_nouns;
	size_t			 ncomparative_endings;
	/* "the same", "something similar": right after an answer about
	 * someone's story, a message naming another one asks for that one's
	 * own story (issue 11 round 13) */
	const char		**same_as_last;
	size_t			 nsame_as_last;
	/* "does anyone actually run it like that?" right after a verdict:
	 * who does what was recommended (the outcome's practice claims) */
	const char		**practice_asks;
	size_t			 npractice_asks;
	/* "that", "this": such a question with no verdict just before
	 * refers to the work the user described (its choices' practice) */
	const char		**practice_refs;
	size_t			 npractice_refs;
	/* "go with", "go for": an outcome's name and the words after it
	 * that make it a verb; at the end of a message ("so what should i
	 * go with") it asks for the verdict, naming none (round 17) */
	const char		**verdict_verbs;
	size_t			 nverdict_verbs;
	/* the asker's case and its fit in a request for the verdict that
	 * carries a situation ("which would suit a shop that ...": "shop",
	 * "suit"); one word each */
	const char		**case_words;
	size_t			 ncase_words;
	/* a request frame (round 26): the verb that ends a question about
	 * what the user should do ("what do we do", "what should my team
	 * use": act_words) and the verb of a question about what brought
	 * the advisor to its answer ("what made you pick that":
	 * cause_words); one word each */
	const char		**act_words;
	size_t			 nact_words;
	const char		**cause_words;
	size_t			 ncause_words;
	/* "take me through it", "lead me through the questions": verbs that
	 * ask the advisor for something with the user as their object, beside
	 * the lexicon's clause_words "commands" (round 31; one word each,
	 * understand_request) */
	const char		**request_verbs;
	size_t			 nrequest_verbs;
	/* "student here, ...": the last word of a self-introduction that
	 * opens a message, before a clause mark (round 32; one word each,
	 * understand_intro) */
	const char		**intro_tails;
	size_t			 nintro_tails;
	/* "java dev want better perf ...", "c++ engineer, need ...": a
	 * singular role noun ending a message's first words names the
	 * user with "I am" left out (round 47b; one word each,
	 * understand_intro_role) */
	const char		**role_words;
	size_t			 nrole_words;
	/* "been reading about", "saw a talk on": what follows is a topic
	 * the user read or heard of, not what they build (round 17) */
	const char		**topic_leads;
	size_t			 ntopic_leads;
	/* "or am i", "or is it just me": a question's last clause in which
	 * the user doubts the question itself ("... or am i overthinking
	 * it"), telling nothing of their work (round 17) */
	const char		**doubt_tails;
	size_t			 ndoubt_tails;
	unsigned char		 doubt_tails_first[32];	/* their first
							 * bytes, a bit each */
	/* phrases.reading.pair_refs: "both", "the two of them": in a
	 * follow-up after a question on one subject, every subject */
	const char		**pair_refs;
	size_t			 npair_refs;
	/* phrases.reading.source_list_cues: "list the sources", "what
	 * sources": the article's sources asked for as a whole (the answer
	 * lists them: kb_answer.source_list) */
	const char		**source_list_cues;
	size_t			 nsource_list_cues;
	/* phrases.reading.compare_pair_refs: "of the two", "which of
	 * them": in a comparison, the two subjects by name (round 33) */
	const char		**compare_pair_refs;
	size_t			 ncompare_pair_refs;
	/* phrases.reading.reversal_tails: "the other way round", "vice
	 * versa": a later part of a comparison that only asks it the other
	 * way, no question of its own (round 30) */
	const char		**reversal_tails;
	size_t			 nreversal_tails;
	/* phrases.reading.change_tails: "that changes things, right?"
	 * after what the user told of a move */
	const char		**change_tails;
	size_t			 nchange_tails;
	unsigned char		 change_tails_first[32]; /* as
							 * doubt_tails_first */
	/* "the other one", "the other language": the one of two one-word
	 * subjects the message (or the last answer) does not name (round
	 * 17) */
	const char		**other_refs;
	size_t			 nother_refs;
	/* "underneath them", "beneath": where the user's thing sits next to
	 * what a clause about someone else named; said beside such a clause
	 * they place it, they name no second layer (round 28) */
	const char		**relative_ends;
	size_t			 nrelative_ends;
	/* "no matter what", "come what may": words that insist on what was
	 * told; a question word inside them asks nothing, so a need said
	 * with them still describes the user (round 48, de48) */
	const char		**insistences;
	size_t			 ninsistences;
	/* "who": a question word that, right after a role_words word in
	 * the same clause, opens a relative clause about that person ("c++
	 * dev who wants memory safety"): it asks nothing (round 48) */
	const char		**relative_openers;
	size_t			 nrelative_openers;
	/* "whether": a conditions word whose clause names alternatives,
	 * so the clause after it holds whichever comes true ("whether we
	 * pick rust or go, we ship apis"): no consequent (round 52) */
	const char		**concessives;
	size_t			 nconcessives;
	/* "suppose", "imagine": a clause opening with one, a person its
	 * subject, supposes and tells nothing ("suppose we rewrite the
	 * proxy someday"), as a conditions clause (round 52) */
	const char		**suppositions;
	size_t			 nsuppositions;
	/* "hire", "train": a relative clause on the people such a verb
	 * takes ("we hire people who know go") tells of them, not of the
	 * user (round 52) */
	const char		**recruit_verbs;
	size_t			 nrecruit_verbs;
	/* "i'm asking for", "on behalf of": a clause of the user's that
	 * says they ask for others, whose clauses then tell the case
	 * (round 39) */
	const char		**behalf_cues;
	size_t			 nbehalf_cues;
	/* phrases.reading.report_verbs, claim_checks: "my brother says
	 * <claim>. true?": what someone else says, asked whether it is
	 * true; the claim is asked, the frame is no topic (round 42) */
	const char		**report_verbs;
	size_t			 nreport_verbs;
	/* "according to", "per": before a person, what they said (hx49) */
	const char		**report_leads;
	size_t			 nreport_leads;
	/* a fact about the user's own work relayed by someone on their
	 * side, recorded as theirs with its source named (rl50): the
	 * roles ("lead", "cto") and the verbs that relay a fact ("says",
	 * "told me"; not "thinks") */
	const char		**relay_roles;
	size_t			 nrelay_roles;
	const char		**relay_facts;
	size_t			 nrelay_facts;
	/* a sentence opening that disputes the relayed fact before it
	 * ("my cto says we need hard realtime. i disagree"): the relayed
	 * fact is then not the user's (hx51) */
	const char		**relay_disputes;
	size_t			 nrelay_disputes;
	const char		**claim_checks;
	size_t			 nclaim_checks;
	/* phrases.reading.pointer_refs: "that", "this", "it": a question
	 * sentence whose topic is the sentence before it ("my cto says
	 * <claim>. anything in the article on that?", "we'll hire 20 devs.
	 * what does the article say about this?") (round 44b) */
	const char		**pointer_refs;
	size_t			 npointer_refs;
	/* phrases.reading.pointer_asks: "say", "agree", "back", "stats":
	 * the words by which such a question asks what the article says of
	 * what it points at (round 44b) */
	const char		**pointer_asks;
	size_t			 npointer_asks;
	/* "behind": the words after it name what the user's thing sits
	 * behind ("a json api behind a load balancer"), not the thing built
	 * (round 28) */
	const char		**behind_words;
	size_t			 nbehind_words;
	/* "company", "startup": the words right before one name what the
	 * user's employer sells ("a cdn company"), not the user's work
	 * (round 30) */
	const char		**employer_nouns;
	size_t			 nemployer_nouns;
	/* "service", "backend", "server": a noun of the kind of work a
	 * comparison is asked for ("is go faster than rust for web
	 * servers?"), which does not choose the table row that answers
	 * the comparison (round 47c, dialogue_ask.c ask_lead) */
	const char		**work_nouns;
	size_t			 nwork_nouns;
	/* words that point at the last answer ("that" of "where's rust on
	 * that list?"): the word after one names that answer, not a topic
	 * (dialogue_ask.c); one word each */
	const char		**back_refs;
	size_t			 nback_refs;
	/* "changed", "made", "now": with a cue of what_would_change right
	 * after the verdict changed, the change asked about has happened
	 * ("what made it change?"): why; unless a moved_vetoes word
	 * ("would", "if") makes it hypothetical (round 48b) */
	const char		**moved_words;
	size_t			 nmoved_words;
	const char		**moved_vetoes;
	size_t			 nmoved_vetoes;
	struct kb_small_talk	*small_talk;
	size_t			 nsmall_talk;
};

/*
 * The KB_LISTED_* bits of the lists (fillers, first_person, ...) that
 * hold w (len bytes, no NUL in them) as an entry, whole: 0 when
 * none does.  (w, len) is in fillers exactly when match_in_list(w, len,
 * ph->fillers, ph->nfillers) says so, and so on.  Inline: the engine
 * asks it of some hundred words a message, and the call cost more than
 * the lookup of most of them (no key of their first byte and length).
 */
static inline unsigned
kb_listed(const struct kb_phrases *ph, const char *w, size_t len)
{
	int32_t v;

	/* no key of that first byte and length: not looked up */
	if (len > 0 && !(ph->listed_first[(unsigned char)w[0]] &
	    1u << (len < 31 ? len : 31)))
		return 0;
	v = strmap_getn(&ph->listed, w, len);
	return v < 0 ? 0 : (unsigned)v;
}

/*
 * A word of a message (len bytes at w, no NUL in them) with its
 * strmap_hash(), made when a lookup first needs it (hashed 0 until
 * then): a reader that asks several maps of one word hashes it once
 * (kb_listed_kw(), kb_listed_more_kw(), kb_phrase_chain_word_kw()).
 */
struct kb_word {
	const char	*w;
	size_t		 len;
	uint32_t	 hash;
	int		 hashed;
};

/* kw's strmap_hash(), computed on the first call only. */
static inline uint32_t
kb_word_hash(struct kb_word *kw)
{
	if (!kw->hashed) {
		kw->hash = strmap_hash(kw->w, kw->len);
		kw->hashed = 1;
	}
	return kw->hash;
}

/* kb_listed() of kw, its hash kept in kw for the next lookup. */
static inline unsigned
kb_listed_kw(const struct kb_phrases *ph, struct kb_word *kw)
{
	int32_t v;

	if (kw->len > 0 && !(ph->listed_first[(unsigned char)kw->w[0]] &
	    1u << (kw->len < 31 ? kw->len : 31)))
		return 0;
	if (ph->listed.cap == 0)
		return 0;
	v = strmap_getnh(&ph->listed, kw->w, kw->len, kb_word_hash(kw));
	return v < 0 ? 0 : (unsigned)v;
}

/*
 * The KB_MORE_* bits of the lists (rate_asks, maker_people, ...) that
 * hold w (len bytes, no NUL in them) as an entry, whole, as kb_listed()
 * reads its lists: (w, len) is in rate_asks exactly when
 * match_in_list(w, len, ph->rate_asks, ph->nrate_asks) says so.
 */
static inline unsigned
kb_listed_more(const struct kb_phrases *ph, const char *w, size_t len)
{
	int32_t v;

	if (len > 0 && !(ph->listed_more_first[(unsigned char)w[0]] &
	    1u << (len < 31 ? len : 31)))
		return 0;
	v = strmap_getn(&ph->listed_more, w, len);
	return v < 0 ? 0 : (unsigned)v;
}

/* kb_listed_more() of kw, its hash kept in kw for the next lookup. */
static inline unsigned
kb_listed_more_kw(const struct kb_phrases *ph, struct kb_word *kw)
{
	int32_t v;

	if (kw->len > 0 && !(ph->listed_more_first[(unsigned char)kw->w[0]] &
	    1u << (kw->len < 31 ? kw->len : 31)))
		return 0;
	if (ph->listed_more.cap == 0)
		return 0;
	v = strmap_getnh(&ph->listed_more, kw->w, kw->len, kb_word_hash(kw));
	return v < 0 ? 0 : (unsigned)v;
}

/* A vocabulary's term numbers by first byte and length (kb_typo.c). */
struct kb_typo {
	uint32_t		*start;		/* bucket k: ids[start[k]..start[k+1]) */
	uint32_t		*ids;
	size_t			 n;		/* terms covered: 0..n-1 */
};

#define KB_TYPO_SPAN	5	/* lengths a typo can reach: len +- 2 */
struct kb_typo_iter {
	const uint32_t		*p[KB_TYPO_SPAN], *end[KB_TYPO_SPAN];
	int			 nb;
	size_t			 tail, total;
};

/* lexicon "senses": one entry (see struct kb's senses) */
struct kb_sense {
	const char	 *word;		/* as written */
	const char	**near;		/* as written, nnear of them */
	size_t		  nnear;
	const char	 *reads;	/* as written; NULL: blanked */
	unsigned	  within;	/* terms either side, 1..8 */
	int		  in_asks;	/* blanks the claims' asks' word too */
	char		  term[TEXT_TOKEN_MAX];	/* word, as the search reads */
	char		(*near_terms)[TEXT_TOKEN_MAX];
	char		  reads_term[TEXT_TOKEN_MAX];	/* "": blanked */
};

struct kb {
	struct arena		 arena;
	const char		*dir;		/* the reader's name */
	const char		*id;
	const char		*title;
	const char		*article_title;
	const char		*author;
	const char		*publisher;
	const char		*not_covered;

	struct kb_subject	*subjects;
	size_t			 nsubjects;
	struct kb_source	*sources;
	size_t			 nsources;
	struct kb_section	*sections;
	size_t			 nsections;
	struct kb_topic		*topics;
	size_t			 ntopics;
	struct kb_claim		*claims;
	size_t			 nclaims;

	const struct kb_subject	**columns;
	size_t			 ncolumns;
	struct kb_table_row	*rows;
	size_t			 nrows;

	struct kb_dialogue	 dialogue;
	struct kb_phrases	 phrases;
	struct kb_intent	 intents[KB_MAX_INTENTS];
	size_t			 nintents;
	struct kb_focus_group	*focus_groups;	/* lexicon focus_words */
	size_t			 nfocus_groups;
	/* each focus_words word to its group's index (a word is in one
	 * group: the loader refuses it in two), made by kb_index_build():
	 * dialogue_focus_group() reads each word of a message with one
	 * lookup, not a scan of every group's words */
	struct strmap		 focus_word_group;
	/*
	 * lexicon "antonyms": pairs of single words of opposite meaning
	 * ("easy", "hard"), as written, two per pair; antonym_of maps a
	 * search term's index in terms to its antonym's (-1: none), made by
	 * kb_antonyms_build() once the index is.  A comparative reaches
	 * the table row that says its opposite ("kinder" -> "harder").
	 */
	const char		**antonym_words;
	size_t			 nantonyms;	/* pairs */
	int32_t			*antonym_of;
	/*
	 * lexicon "domains": single words naming a field of work the
	 * article places the subjects in ("firmware", "kernel", "wasm"), as
	 * written, and the intents (bits of 1 << index in intents) of the
	 * questions that ask which subject fits one ("which of the two
	 * makes sense for firmware?"); domain_term marks a search term's
	 * index in terms (1: a domain's), made by kb_domains_build() once
	 * the index is.  Such a question's claims that hold none of its
	 * domain terms rank lower (kb_search_query()).
	 */
	const char		**domain_words;
	size_t			 ndomain_words;
	unsigned		 domain_intents;
	unsigned char		*domain_term;
	/*
	 * lexicon "describers": words that a name written right before
	 * them only describes ("Kubernetes operators"), as written; read
	 * by search_described() in kb_index.c (at most KB_MAX_DESCRIBERS).
	 */
	const char		**describers;
	size_t			 ndescribers;
	/*
	 * lexicon "senses": a word whose sense the words beside it decide
	 * ("gap" beside "jobs" is how many more jobs, not the performance
	 * gap), loaded as written; kb_senses_build() reads them as search
	 * terms once the index is (term, near_terms, reads_term; NULL
	 * until then), and kb_normalize() then blanks or rewrites the
	 * word in a question where one of its near words is said within
	 * `within` terms of it in the same sentence.
	 */
	struct kb_sense		*senses;
	size_t			 nsenses;
	int			 senses_built;
	/* each sense term (kb_sense.term) to the first sense of it, and
	 * sense_next[s] the next sense of senses[s]'s term (-1: none), in
	 * order, made by kb_senses_build(): kb_normalize() asks one lookup
	 * per word, not a strcmp() per sense (NULL sense_next: not made,
	 * every sense is tried) */
	struct strmap		 sense_first;
	int32_t			*sense_next;
	/* for kb_intent_of(), made by kb_intent_index_build(): the intents'
	 * starts (rank: the intent) and the fillers (rank: the filler) by
	 * first word; intent_words maps each intent word to the first
	 * intent holding it (empty: not made) */
	struct kb_phrase_chain	 intent_starts;
	struct kb_phrase_chain	 intent_fillers;
	struct strmap		 intent_words;
	/* the intents' cues (rank: the intent) by first word, the same */
	struct kb_phrase_chain	 intent_cues;
	/* phrases.reading.time_shifts and same_as_last by first word, for
	 * kb_phrase_chain_mark() (kb_phrase_chains_build()) */
	struct kb_phrase_chain	 time_shifts_by_word;
	struct kb_phrase_chain	 same_as_last_by_word;
	/* phrases.reading.set_aside, served_ends, disowned_ends,
	 * change_starts and story_turns by
	 * first word as written and folded (kb_cue_chain_build()): the
	 * dialogue's reader tries at a word only the entries that may
	 * begin there (rank: the entry) */
	struct kb_phrase_chain	 set_aside_by_word;
	struct kb_phrase_chain	 served_ends_by_word;
	struct kb_phrase_chain	 disowned_ends_by_word;
	struct kb_phrase_chain	 study_refs_by_word;
	struct kb_phrase_chain	 change_starts_by_word;
	struct kb_phrase_chain	 story_turns_by_word;
	struct kb_phrase_chain	 past_marks_by_word;
	struct kb_phrase_chain	 past_states_by_word;
	struct kb_phrase_chain	 present_marks_by_word;
	/* phrases.reading.relay_facts and report_verbs, the same way: the
	 * clause analysis' asked-relay scan looks them up a word */
	struct kb_phrase_chain	 relay_facts_by_word;
	struct kb_phrase_chain	 report_verbs_by_word;
	/* phrases.reading.other_senses (by the first word of each pair),
	 * behind_words, disowned_refs and employer_nouns, the same: the
	 * reader tries them at every word of a message, most of which
	 * begins none */
	struct kb_phrase_chain	 other_senses_by_word;
	struct kb_phrase_chain	 behind_words_by_word;
	struct kb_phrase_chain	 disowned_refs_by_word;
	struct kb_phrase_chain	 employer_nouns_by_word;
	/* phrases.reading.stance_refs, stance_words and compare_pair_refs
	 * by first word, for kb_phrase_chain_has()
	 * (kb_phrase_chains_build()): ask_stance() reads a message word by
	 * word only when it holds both of the first two,
	 * ask_pair_compared() looks for the longest pair reference only in
	 * a message that holds one */
	struct kb_phrase_chain	 stance_refs_by_word;
	struct kb_phrase_chain	 stance_words_by_word;
	struct kb_phrase_chain	 compare_pair_refs_by_word;
	/* phrases.reading.situation_refs, deliberations, practice_asks,
	 * count_starts and duration_starts by first word, for
	 * kb_phrase_chain_has() (kb_phrase_chains_build()) */
	struct kb_phrase_chain	 situation_refs_by_word;
	struct kb_phrase_chain	 deliberations_by_word;
	struct kb_phrase_chain	 practice_asks_by_word;
	struct kb_phrase_chain	 count_starts_by_word;
	struct kb_phrase_chain	 duration_starts_by_word;
	/* phrases.reading.past_points by first word, for
	 * kb_phrase_chain_mark(): every question asked of the article is
	 * read for one (ask_past_point()) */
	struct kb_phrase_chain	 past_points_by_word;
	/* phrases.reading.outside_rivals (one word each) by word, for
	 * kb_phrase_chain_has(): every question is read for one */
	struct kb_phrase_chain	 outside_rivals_by_word;
	/* phrases.reading.source_words by first word (the same) */
	struct kb_phrase_chain	 source_words_by_word;
	/* phrases.reading.source_list_cues by first word (the same) */
	struct kb_phrase_chain	 source_list_cues_by_word;
	/* phrases.reading.method_asks, then evidence_asks, by first word
	 * (entry e < nmethod_asks: a method ask): ask_evidence() reads
	 * every question word by word for the longest one */
	struct kb_phrase_chain	 evidence_asks_by_word;
	/* phrases.reading.wait_cues, wait_vetoes and other_refs by first
	 * word (the same): read for every message, a scan of the message
	 * per phrase cost more than the rest of their readers */
	struct kb_phrase_chain	 wait_cues_by_word;
	struct kb_phrase_chain	 wait_vetoes_by_word;
	struct kb_phrase_chain	 other_refs_by_word;
	/* phrases.reading.question_leads by first word: a message whose
	 * first word after the fillers begins none has no lead-in
	 * (dialogue_understand.c) */
	struct kb_phrase_chain	 question_leads_by_word;
	/* phrases.reading.prefixes of each command, implied_subject and
	 * command_starts by first word: every message is read for whether
	 * it begins with one (understand_starts_by()), a walk of the whole
	 * list per message before */
	struct kb_phrase_chain	 prefixes_by_word[KB_NCOMMANDS];
	struct kb_phrase_chain	 implied_subject_by_word;
	struct kb_phrase_chain	 command_starts_by_word;

	/* lexicon and index */
	struct text_stemmer	*stemmer;
	struct strmap		 stopwords;
	struct strmap		 negations;	/* "not", "no", "never" */
	/*
	 * How a question's words the article never uses are read
	 * (lexicon.json "unknown_words", kb_normalize()): one ending in an
	 * aside suffix ("realistically") is dropped like a filler; one
	 * right after a name slot ("does" opening a question, "than") is
	 * read as a name, what the question asks about; so is one joined
	 * by a name joiner ("or", "vs") to a name ("axum or actix").
	 */
	struct strmap		 aside_suffixes;	/* as written */
	struct strmap		 slot_suffixes;	/* as written */
	struct strmap		 slot_openers;	/* of name_openers */
	struct strmap		 slot_subjects;	/* stemmed */
	struct strmap		 name_openers;		/* stemmed */
	struct strmap		 name_markers;		/* stemmed */
	struct strmap		 name_followers;	/* stemmed */
	struct strmap		 name_joiners;		/* stemmed */
	struct strmap		 kind_heads;		/* stemmed */
	/*
	 * Real words near the matching vocabulary (lexicon.json
	 * "not_typos", made from a dictionary by contrib/kb-not-typos.py):
	 * never "corrected" onto a choice word ("flash" is not "flask").
	 */
	struct strmap		 not_typos;		/* both forms */
	/*
	 * A dictionary's words that end like a comparative with no word
	 * before the ending (lexicon.json "not_comparatives", by
	 * contrib/kb-not-typos.py): "weather" compares nothing.
	 */
	struct strmap		 not_comparatives;	/* as written */
	/*
	 * Stopwords a message's unknown word is read as when it is one of
	 * them typed with two adjacent letters swapped or one letter left
	 * out (lexicon.json "typo_frames": "waht", "thsi", "wich"): the
	 * question and frame words a question is built on, which the typo
	 * corrector of the vocabulary never reaches (dialogue_frame_typos()).
	 * In the lexicon's order, which breaks ties; at most
	 * KB_MAX_TYPO_FRAMES.
	 */
	const char		**typo_frames;
	size_t			 ntypo_frames;
	/*
	 * typo_frames indexed at load (load_typo_frames()), so that a word
	 * of a message is compared only with the frames it could be a typo
	 * of: bit k of typo_frames_first[c - 'a'] is set when frame k
	 * begins with letter c, of typo_frames_len[l] when it is l letters
	 * long (frames longer than TEXT_TOKEN_MAX, which no word read can
	 * be a typo of, in neither).  Bits in list order, so the first one
	 * set is the frame the list gives first.
	 */
	uint64_t		 typo_frames_first[26];
	uint64_t		 typo_frames_len[TEXT_TOKEN_MAX + 1];
	/*
	 * The closed-class words of the language (lexicon.json
	 * "clause_words"), as typed in lowercase ("don't", "we're"): word ->
	 * its KB_CW_* bits.  How the dialogue splits a message into clauses
	 * and labels each (understand_clauses()); empty when the lexicon
	 * has none, and then no clause is read.
	 */
	struct strmap		 clause_words;
	/* the lengths of clause_words' words by their first byte, as
	 * kb_phrase_chain.first_len: kb_clause_word() asks the map only of
	 * a word that may be one */
	uint32_t		 clause_first[256];
#define KB_CW_SUFFIX_MAX	4	/* past_forms endings ("-ed") */
#define KB_CW_QUANT_MAX		30	/* words of quantifiers */
	/* lexicon "clause_words.past_forms" entries that start with '-':
	 * a regular past form's ending ("ed"), without the dash */
	const char		*cw_past_suffixes[KB_CW_SUFFIX_MAX];
	/* clause_words.quantifiers ("all", "mostly"): a clause one opens
	 * with no subject of its own ("..., all on go") says more of the
	 * clause before's subject (understand_scope_elliptic()) */
	const char		*cw_quants[KB_CW_QUANT_MAX];
	size_t			 ncw_quants;
	size_t			 ncw_past_suffixes;
	struct kb_synonym	*synonyms;	/* stemmed, for search */
	size_t			 nsynonyms;
	struct kb_synonym	*msynonyms;	/* plurals folded, for matching */
	size_t			 nmsynonyms;
	/* first word -> first synonym (in order) starting with it; then next */
	struct strmap		 synfirst, msynfirst;
	int32_t			*synnext, *msynnext;	/* -1: no more */
	struct strmap		 mvocab;	/* words of phrases -> index */
	/* words of the claims that mvocab lacks -> their typo correction
	 * for matching, made at load: 1 + its index in mterms, 0 none
	 * (kb_match_fixes_build) */
	struct strmap		 mfixes;
	/* what kb_normalize() asks of a word, in one lookup: [0] for
	 * search (vocab), [1] for matching (mvocab); a word of the
	 * vocabulary, the stopwords or the negations maps to KB_WI_STOP |
	 * KB_WI_NEGATION | (1 + its vocabulary index) << KB_WI_SHIFT, with
	 * 0 there when not in the vocabulary, and KB_WI_NOSYN when no synonym
	 * of the mode (synonyms, msynonyms) can start with it; empty until
	 * complete (kb_word_info_build) */
	struct strmap		 winfo[2];
	/* the outcomes' ids and the words of their labels as squashed
	 * (kb_squash into 128 bytes), each to 0, for the engine to ask "is
	 * this word an outcome's?" in one lookup; empty until complete
	 * (kb_outcome_words_build) */
	struct strmap		 outcome_words;
	const char		**mterms;
	size_t			 nmterms;
	/* the words of the claims as written (plurals folded), with their
	 * stems: a typo is corrected on the word, not on its stem
	 * ("adoptoin" is "adoption", whose stem "adopt" it is far from) */
	struct strmap		 svocab;
	const char		**sterms;
	const char		**sstems;
	size_t			 nsterms;
	struct strmap		 vocab;		/* term -> index in terms */
	struct kb_term		*terms;
	size_t			 nterms;
	double			*doclen;	/* per claim */
	/* kb_search_query()'s sums per claim, all zero between calls: like
	 * the stemmer, scratch state of the one thread using the kb */
	void			*search_scratch;
	/* kb_normalize()'s typo corrections for search, remembered by word
	 * (kb_index.c), or NULL: scratch state like the sums */
	void			*fix_memo;
	/* kb_normalize()'s last readings, remembered by text (kb_index.c),
	 * or NULL until the kb is whole: scratch state like the sums */
	void			*norm_memo;
	/* kb_intent_of_squashed()'s last question, remembered by text
	 * (kb_intent.c), or NULL until the kb is whole: scratch state */
	void			*intent_memo;
	/* kb_phrase_chain_has()'s split of the last text (kb_phrases.c),
	 * in the arena; each made chain points to it */
	struct kb_chain_split	*chain_split;
	int			 term_subjects;	/* kb_term.subject made */
	double			 avgdl;
	struct strmap		 ids;		/* claim id -> index */
	/* terms, mterms and sterms for typo correction (kb_typo.c) */
	struct kb_typo		 typo_terms, typo_mterms, typo_sterms;
	/* subject s is named by the one-word term subject_term[s] (or NULL);
	 * subject_bits[s] is the set of one-word subjects its name mentions
	 * ("Rust and Go" mentions rust and go) */
	const char		*subject_term[KB_MAX_SUBJECTS];
	unsigned		 subject_bits[KB_MAX_SUBJECTS];

	uint8_t			 hash[KB_HASH_BYTES];
	char			 hash_hex[KB_HASH_BYTES * 2 + 1];
};

/*
 * The KB_CW_* bits of word w (len bytes, lowercase, no NUL in them) in
 * kb->clause_words, or -1: strmap_getn(&kb->clause_words, w, len),
 * without the lookup for a word no clause word has the first byte and
 * length of.
 */
static inline int32_t
kb_clause_word(const struct kb *kb, const char *w, size_t len)
{
	if (len > 0 && !(kb->clause_first[(unsigned char)w[0]] &
	    1u << (len < 31 ? len : 31)))
		return -1;
	return strmap_getn(&kb->clause_words, w, len);
}


/*
 * kb_cmd_word(): the commands whose phrases.verbs (bit 1 << command),
 * phrases.objects list a word, and the command it cues (phrases.cues:
 * a word cues one command at most), or -1.
 */
struct kb_cmd_word {
	unsigned	verbs;
	unsigned	objects;
	int		cue;
};

/* kb_listed(): the lists of kb_phrases.listed */
#define KB_LISTED_FILLER	0x1	/* fillers */
#define KB_LISTED_PERSON	0x2	/* first_person */
#define KB_LISTED_ADDRESSEE	0x4	/* addressee */
#define KB_LISTED_COMPARISON	0x8	/* comparison_words */
#define KB_LISTED_QUESTION	0x10	/* question_words */
#define KB_LISTED_PRESENT	0x20	/* present_words */
#define KB_LISTED_GLUE		0x40	/* command_glue */
#define KB_LISTED_FIGURE	0x80	/* figure_words */
#define KB_LISTED_READING	0xff	/* any of the lists above: "a word of
					 * a reading list" */
/* lists looked up word by word where one scan per word was the cost */
#define KB_LISTED_LEVEL		0x100	/* level_words */
#define KB_LISTED_SCOPE		0x200	/* scope_words */
#define KB_LISTED_FIGURE_SCOPE	0x400	/* figure_scope_words */
#define KB_LISTED_SCOPE_DET	0x800	/* scope_determiners */
#define KB_LISTED_RIVAL		0x1000	/* rival_markers */
#define KB_LISTED_EXACT		0x2000	/* exact_words */
#define KB_LISTED_BREAK		0x4000	/* clause_breaks */
#define KB_LISTED_FOLLOW	0x8000	/* follow_up_starts, whole */
#define KB_LISTED_VERDICT_MARK	0x10000	/* verdict_markers */
#define KB_LISTED_FOLLOW_WORD	0x20000	/* a word of follow_up_starts */
#define KB_LISTED_JOIN		0x40000	/* joins */
#define KB_LISTED_CAUSE		0x80000	/* cause_words */
#define KB_LISTED_BACK_REF	0x100000	/* back_refs */
#define KB_LISTED_ANAPHOR	0x200000	/* anaphors */
#define KB_LISTED_ACT		0x400000	/* act_words */
#define KB_LISTED_ADVICE_ASK	0x800000	/* advice_asks */
#define KB_LISTED_ADVICE_THING	0x1000000	/* advice_things */
#define KB_LISTED_OUTSIDE	0x2000000	/* outside_words */
#define KB_LISTED_QUALIFIER_TAIL 0x4000000	/* qualifier_tails */
#define KB_LISTED_PLATFORM_OPENER 0x8000000	/* platform_openers */
#define KB_LISTED_LACK_OPENER	0x10000000	/* lack_openers */
#define KB_LISTED_CHANGE	0x20000000	/* change_words */
#define KB_LISTED_MEASURE	0x40000000	/* measure_words: the last bit
						 * a strmap value holds */

/* The lists of kb_listed_more() (phrases.listed_more), one bit each */
#define KB_MORE_RATE_ASK	0x1	/* rate_asks */
#define KB_MORE_MAKER_PEOPLE	0x2	/* maker_people */
#define KB_MORE_SET_ASIDE	0x4	/* set_aside */
#define KB_MORE_QUESTION_START	0x8	/* question_starts */
#define KB_MORE_LEVEL_TAIL	0x10	/* level_tails */
#define KB_MORE_ROLE		0x20	/* role_words */
#define KB_MORE_THIRD_PARTY	0x40	/* third_parties */
#define KB_MORE_NAME_DET	0x80	/* name_determiners */
#define KB_MORE_OBJECT_DET	0x100	/* object_determiners */
#define KB_MORE_PERCENT		0x200	/* percent_words */
#define KB_MORE_PLACE_REF	0x400	/* place_refs */
#define KB_MORE_RELAY		0x800	/* relay_verbs */

/* The lists of lexicon.json "clause_words" a word belongs to (kb->clause_words) */
#define KB_CW_AUX		0x001	/* auxiliaries, modals: "is", "would" */
#define KB_CW_WH		0x002	/* wh_words: "what", "how" */
#define KB_CW_USER		0x004	/* user: "i", "our", "we're" */
#define KB_CW_ADDRESSEE		0x008	/* addressee: "you" */
#define KB_CW_OTHER		0x010	/* others: "he", "they" */
#define KB_CW_SUBJECT		0x020	/* subjects: "it", "that", "there" */
#define KB_CW_DET		0x040	/* determiners: "the", "some" */
#define KB_CW_CONJ		0x080	/* conjunctions: "and", "but" */
#define KB_CW_NEG		0x100	/* negators: "not", "don't" */
#define KB_CW_PAST		0x200	/* past: "was", "used", "ago" */
#define KB_CW_COMMAND		0x400	/* commands: "tell", "pick" */
#define KB_CW_TAG		0x800	/* tags: "right", "eh" */
#define KB_CW_PEOPLE		0x1000	/* people: "coworker", "boss": someone
						 * else, even after "my" */
#define KB_CW_PAST_FORM		0x2000	/* past_forms: "wrote", "built": a
						 * verb's past form, read as past
						 * right after a subject pronoun */
#define KB_CW_RELATIVE		0x4000	/* relatives: "which": a wh-word that
						 * after a comma may open a relative
						 * clause (understand_cw_relative()) */
#define KB_CW_REPORT		0x8000	/* reports: "said", "told": a verb
						 * of telling whose subject may be
						 * left out after "and" or a comma
						 * ("my lead is a c++ dev and said
						 * pick one") */
#define KB_CW_POSSESSIVE	0x10000	/* possessives: "mine", "ours": a
						 * user word that, right after a
						 * people word and one more ("a
						 * friend of mine"), names whose
						 * person that is, not the user as a
						 * subject (understand_cw_owned()) */
#define KB_CW_QUANT		0x20000	/* quantifiers: the list's index
						 * only; its words are kept apart in
						 * kb->cw_quants, no clause word to
						 * any other reader */
#define KB_CW_NLISTS		18
#define KB_CW_WORD_MAX		24	/* bytes of one clause word */

#define KB_SUMMARY_CUE		1
#define KB_SUMMARY_PERSON	2
#define KB_SUMMARY_WORD		3

/* kb_query.proper: why an unknown word is read as a name */
#define KB_PROPER_SLOT	0x2	/* after a name opener or marker */
#define KB_PROPER_FOLLOW 0x4	/* right before a name follower */

#define KB_WI_STOP	0x1
#define KB_WI_NEGATION	0x2
#define KB_WI_NOSYN	0x4	/* starts no synonym of its mode */
#define KB_WI_SHIFT	3

/* A search result: claims ranked by score, best first. */
struct kb_hit {
	const struct kb_claim	*claim;
	double			 score;
	double			 coverage;	/* share of the query it matches */
	size_t			 nmatched;	/* distinct query terms it has */
	size_t			 nasked;	/* ... of them only in its asks */
	int			 intent;	/* it answers the question's */
	double			 rank;		/* score by kb_posting.rank */
};

struct kb_result {
	struct kb_hit	 hits[KB_MAX_HITS];
	size_t		 nhits;
	int		 covered;	/* the best hit answers the question */
	double		 coverage;	/* of the best hit */
	double		 unknown_share;	/* of the question, unknown terms */
	size_t		 nterms;	/* content terms in the query */
	size_t		 nunknown;	/* terms the article never uses */
	char		 corrected[4][TEXT_TOKEN_MAX * 2 + 4]; /* "a->b" */
	size_t		 ncorrected;
};

/* An answer to a free-form question: the claims that answer it. */
#define KB_ANSWER_MAX	3

struct kb_answer {
	struct kb_result	 res;
	const struct kb_claim	*claims[KB_ANSWER_MAX];
	size_t			 nclaims;	/* 0: the article doesn't say */
	int			 lead_row;	/* comparison: table row, or -1 */
	/* a comparison whose row was overruled by a claim naming the
	 * winner for what is asked (claims[0]; dialogue_ask.c) */
	int			 lead_winner;
	int			 follow_up;	/* read as "and X?" of the last */
	/* the words of the question the article has nothing on, when the
	 * claims answer the rest of it ("... in india") */
	size_t			 nmissing;
	char			 missing[2][TEXT_TOKEN_MAX];
	/* the one subject the question named, when the claims are about
	 * another ("where's rust on tiobe?" answered with Go's rank), or -1 */
	int			 other_subject;
	/* the missing words are a topic the question compares the subjects
	 * on and the article never does (dialogue_ask.c) */
	int			 uncompared;
	/* a question naming no subject ("is it hard to learn?"), read as
	 * about one of the two the last question named: 1 + that
	 * subject, said first ("For Rust:"); 0 when none was chosen */
	int			 said_subject;
	/* a question for a number ("how many", "what's the number"): the
	 * figure of claims[0] that answers it, said first; or -1 */
	int			 lead_figure;
	int			 no_figure;	/* ... and none has one */
	/* a message of more questions than one answer takes: how many
	 * were answered (the first ones), said with the limit; or 0 */
	int			 parts_over;
	/* "source?" of a claim of the article's own comparison table with
	 * no outside source behind it: said so first, not the row alone */
	int			 table_source;
	/* the message asked, beside what it names, where it comes from
	 * (phrases.reading.evidence_asks): the lead claim's source is said
	 * first; or how it was worked out (method_asks) and the article
	 * gives no method from that source: said so */
	int			 source_asked;
	int			 no_method;
	/* the article's sources asked for as a whole: the answer leads
	 * with every source a claim cites but the article's own, by name,
	 * in sources.json order; the claims are examples of them */
	int			 source_list;
	/* a question comparing the subjects answered by a claim that sets
	 * them only against claims[0]->against: said first, so the claim
	 * is not read as ranking them (dialogue_ask.c ask_unranked()) */
	int			 unranked;
};

/* A normalized query: terms after stemming, synonyms and stopwords. */
#define KB_MAX_FIXES	4

struct kb_query {
	size_t		 n;
	size_t		 nfixes;
	char		 fixes[KB_MAX_FIXES][TEXT_TOKEN_MAX * 2 + 4]; /* "a->b" */
	unsigned char	 proper[TEXT_MAX_TOKENS];	/* written as a name
							 * (1), or an unknown
							 * word in a name's
							 * slot (KB_PROPER_SLOT)
							 * or right before a
							 * name follower
							 * (KB_PROPER_FOLLOW),
							 * for search only */
	const char	*term[TEXT_MAX_TOKENS];		/* vocabulary, or NULL */
	char		 raw[TEXT_MAX_TOKENS][TEXT_TOKEN_MAX];
	unsigned char	 corrected[TEXT_MAX_TOKENS];	/* fixed a typo */
	unsigned char	 stop[TEXT_MAX_TOKENS];		/* a stopword */
	unsigned char	 negation[TEXT_MAX_TOKENS];	/* "not", "no" */
	unsigned char	 brk[TEXT_MAX_TOKENS];		/* a clause mark
							 * (", " "; ") before */
	signed char	 subject[TEXT_MAX_TOKENS];	/* names a subject */
	unsigned char	 exact[TEXT_MAX_TOKENS];	/* a claim's word as
							 * written, or a synonym */
	unsigned char	 span[TEXT_MAX_TOKENS];		/* the user's words it
							 * stands for: 2 for
							 * "garbage collector"
							 * read as "gc"; 0 is 1 */
	unsigned char	 clause[TEXT_MAX_TOKENS];	/* the dialogue's
							 * clause analysis of
							 * the word's clause
							 * (whose, when, mood):
							 * 0 until it is read */
	int		 intent;	/* 1 + a kb->intents index, 0 none */
	int		 intent_kept;	/* the intent is the last question's
					 * (a follow-up), not the message's */
};

/*
 * KB_NORM_MATCH normalizes for matching phrases (choices): plurals folded
 * but no stemming, stopwords kept ("just me" is a phrase), typos corrected
 * against the words of phrases.  Without it, for search: stemmed,
 * stopwords dropped, typos corrected against the claims' terms.
 */
#define KB_NORM_MATCH	0x1

#define KB_ASIDE_SUFFIX_MAX	8	/* bytes of a lexicon aside suffix */

/*
 * Where a knowledge base's files come from: the loader does no I/O.  It
 * asks read(arg, file, max, &len, why, whylen) for each file by name
 * ("claims.json").  read() returns the file's bytes and sets len (reading
 * max + 1 bytes is enough to tell that a file is too large); they need
 * stay valid only until the next call.  Or it returns NULL with the reason
 * in why ("cannot open: No such file or directory").  name names the
 * knowledge base in messages (daemon/kbdir.c reads a directory, and uses
 * its path).
 */
struct kb_reader {
	const char	*name;
	const char	*(*read)(void *, const char *, size_t, size_t *,
			    char *, size_t);
	void		*arg;
};

/* kb_load.c */
struct kb		*kb_load(const struct kb_reader *, struct errlist *);
void			 kb_free(struct kb *);

/* kb.c */
const struct kb_claim	*kb_claim(const struct kb *, const char *);
const struct kb_subject	*kb_subject(const struct kb *, const char *);
const struct kb_topic	*kb_topic(const struct kb *, const char *);
const struct kb_source	*kb_source(const struct kb *, const char *);
size_t			 kb_claims_by_topic(const struct kb *, const char *,
			    const struct kb_claim **, size_t);
size_t			 kb_claims_by_subject(const struct kb *, const char *,
			    const struct kb_claim **, size_t);
size_t			 kb_claims_by_source(const struct kb *, const char *,
			    const struct kb_claim **, size_t);
int			 kb_outcome_index(const struct kb *, const char *);
int			 kb_question_index(const struct kb *, const char *);
int			 kb_choice_index(const struct kb_question *,
			    const char *);
int			 kb_cond_holds(const struct kb_cond *, const int *);
int			 kb_rule_fires(const struct kb_rule *, const int *);
size_t			 kb_format_figure(const struct kb_figure *, char *,
			    size_t);
void			 kb_answer(const struct kb *, const char *, size_t,
			    struct kb_answer *);
void			 kb_answer_from(const struct kb_result *,
			    struct kb_answer *);
void			 kb_answer_of(const struct kb_claim *const *, size_t,
			    struct kb_answer *);
size_t			 kb_answer_text(const struct kb_answer *, char *,
			    size_t);

/* kb_phrases.c */
const char		*kb_command_name(enum kb_command);
int			 kb_command_find(const char *);
int			 kb_command_on_wire(enum kb_command);
size_t			 kb_squash(const char *, size_t, char *, size_t);
struct kb_cmd_word	 kb_cmd_word(const struct kb_phrases *, const char *,
			    size_t);
int			 kb_listed_more_word(const struct kb_phrases *,
			    const char *, unsigned);
int			 kb_listed_word(const struct kb_phrases *,
			    const char *, unsigned);
void			 kb_listed_memo_build(struct kb_phrases *);
void			 kb_listed_memo_free(struct kb_phrases *);
void			 kb_relax(const char *, char *, size_t);

/* kb_index.c */
int			 kb_index_build(struct kb *, struct errlist *);
void			 kb_index_free(struct kb *);
void			 kb_match_fixes_build(struct kb *);
void			 kb_word_info_build(struct kb *);
void			 kb_outcome_words_build(struct kb *);
void			 kb_intent_index_build(struct kb *);
int			 kb_phrase_starts(const char *, const char *);
int			 kb_phrase_chain_build(struct kb *,
			    struct kb_phrase_chain *, const char *const *,
			    const int32_t *, size_t);
int32_t			 kb_phrase_chain_first(const struct kb_phrase_chain *,
			    const char *);
int			 kb_phrase_chain_mark(const struct kb_phrase_chain *,
			    const char *);
const char		*kb_phrase_chain_find(const struct kb_phrase_chain *,
			    const char *, int32_t *);
int			 kb_phrase_chain_has(const struct kb_phrase_chain *,
			    const char *const *, size_t, const char *);
void			 kb_phrase_chains_build(struct kb *);
int			 kb_cue_chain_build(struct kb *,
			    struct kb_phrase_chain *, const char *const *,
			    size_t);
void			 kb_figure_terms_build(struct kb *);
void			 kb_antonyms_build(struct kb *, struct errlist *);
void			 kb_domains_build(struct kb *, struct errlist *);
void			 kb_senses_build(struct kb *, struct errlist *);
void			 kb_normalize_memo_build(struct kb *);
void			 kb_intent_memo_build(struct kb *);
int			 kb_typo_build(struct kb_typo *, size_t,
			    const char *(*)(const struct kb *, size_t),
			    const struct kb *);
const uint32_t		*kb_typo_bucket(const struct kb_typo *, unsigned char,
			    size_t, size_t *);
size_t			 kb_typo_tail(const struct kb_typo *);
void			 kb_typo_free(struct kb_typo *);
void			 kb_typo_index(struct kb *);
void			 kb_typo_free_all(struct kb *);
void			 kb_typo_first(struct kb_typo_iter *,
			    const struct kb_typo *, size_t, unsigned char,
			    size_t, size_t);
int			 kb_typo_next(struct kb_typo_iter *, size_t *);
int			 kb_typo_distance(const char *, const char *, int);
int			 kb_typo_near(const struct kb *, const char *,
			    const char *);
unsigned		 kb_phrase_bit(const char *);
int			 kb_phrase_compile(struct kb *, const char *,
			    struct kb_phrase *);
void			 kb_normalize(const struct kb *, const char *, size_t,
			    int, struct kb_query *);
/* Copy into the second query what the first's reading holds: its counts,
 * intent, corrections and each of its n words' slots (what lies beyond
 * them is never read, and is left as it was). */
void			 kb_query_copy(const struct kb_query *, struct kb_query *);
size_t			 kb_search(const struct kb *, const char *, size_t,
			    struct kb_result *);
size_t			 kb_search_query(const struct kb *,
			    const struct kb_query *, size_t,
			    struct kb_result *);
int			 kb_intent_of(const struct kb *, const char *,
			    size_t);
/* kb_intent_of() of text its caller has squashed already (kb_intent.c) */
int			 kb_intent_of_squashed(const struct kb *,
			    const char *);
const char		*kb_vocab_correct(const struct kb *, const char *,
			    int *);
double			 kb_claim_coverage(const struct kb *,
			    const struct kb_query *, const struct kb_claim *);
/* kb_claim_coverage(), a term held also when its antonym is */
double			 kb_claim_coverage_opposed(const struct kb *,
			    const struct kb_query *, const struct kb_claim *);
/* ... of the question's argument terms only, -1 with none (kb_index.c) */
double			 kb_claim_arguments(const struct kb *,
			    const struct kb_query *, const struct kb_claim *,
			    int);
int			 kb_term_held(const struct kb *, const char *,
			    const struct kb_claim *);
int			 kb_term_said(const struct kb *, const char *,
			    const struct kb_claim *);

#endif /* KB_H */
