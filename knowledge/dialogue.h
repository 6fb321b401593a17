/* SPDX-License-Identifier: ISC */
/*
 * dialogue.h: the conversation engine.
 *
 * A struct dlg is one conversation: which questions are answered (and
 * how), which one is pending, and an undo history.  It is plain data of a
 * fixed size (see dialogue_size()), holds no pointer but to its knowledge
 * base, and the engine does no I/O and reads no clock or random source: the
 * same inputs give the same outputs, so a transcript can be replayed.
 *
 * The caller feeds one input at a time to dialogue_input(), which fills a
 * struct dlg_events with what the engine has to say: typed events
 * (a question, an answer from the article, a recommendation, ...) holding
 * the data a renderer needs, as indexes and pointers into the knowledge
 * base.  The engine builds no text for the wire: protocol/render_json.c
 * and protocol/render_plain.c turn events into messages, and
 * protocol/input.c turns messages into inputs.
 *
 * Ownership: the events live in the caller's struct dlg_events; their
 * pointers point into the kb (valid until kb_free()) or into the input
 * (its question and choice strings, valid as long as the input is).
 * Each dialogue_input() overwrites the events of the one before.  The kb
 * must outlive the dlg.
 *
 * Files: dialogue.c (entry point and commands), dialogue_walk.c (the walk
 * and its bookkeeping), dialogue_verdict.c (verdicts, explanations,
 * what-if), dialogue_understand.c (free text), dialogue_ask.c (questions
 * for the article: follow-ups, comparisons), dialogue_int.h (what they
 * share).
 */
#ifndef DIALOGUE_H
#define DIALOGUE_H

#include <stddef.h>
#include <stdint.h>

#include "kb.h"

#define DLG_MAX_HISTORY		64	/* undo steps kept */
#define DLG_MAX_WHATIF		4	/* "what would change it" answers */
#define DLG_MAX_CASE		6	/* reasons of the case for an outcome asked about */
#define DLG_FACT_CLAIMS		3	/* claims of the last fact answer kept */
#define DLG_MAX_EVENTS		8	/* events of one input (at most 4 today) */
#define DLG_CONF_HIGH		0.8	/* confidence labels: high from here */
#define DLG_CONF_MEDIUM		0.6	/* medium from here, low below */

/*
 * One clause of a message as the dialogue reads it (understand_clauses(),
 * dialogue_understand.c; kbtool clauses prints them): bytes [from,
 * from + len) of the text, its mood, whom it is about, and whether it is
 * negated or in the past.  Read from the lexicon's closed-class words
 * (lexicon.json "clause_words"); a KB without them reads no clauses.
 */
#define DLG_MAX_CLAUSES		8	/* clauses read of one message */
#define DLG_CLAUSE_WORDS	96	/* words of one message looked at */

enum dlg_mood {
	DLG_MOOD_DECLARATIVE,
	DLG_MOOD_INTERROGATIVE,	/* wh-word first, inverted, a tag, or '?' */
	DLG_MOOD_IMPERATIVE	/* a command word first */
};

enum dlg_person {
	DLG_PERSON_NONE,
	DLG_PERSON_USER,	/* "i", "our", "we're" */
	DLG_PERSON_OTHER	/* "he", "they", "someone" */
};

struct dlg_clause {
	size_t		 from, len;	/* bytes of the text */
	enum dlg_mood	 mood;
	enum dlg_person	 person;
	int		 negated;	/* a negator inside it */
	int		 past;		/* a past word inside it */
	int		 self;		/* asks of the user's own doing: its
					 * first auxiliary is followed by the
					 * user ("could i", "should we") */
	int		 verdict;	/* asks for the verdict only (its content
					 * words, glue removed, are none or
					 * outcome names) */
	const char	*why;		/* what set the mood: "?", "wh-word",
					 * "inverted", "tag", "command", "" */
};

size_t		 understand_clauses(const struct kb *, const char *, size_t,
		    struct dlg_clause *, size_t);
size_t		 understand_clauses_moods(const struct kb *, const char *,
		    size_t, struct dlg_clause *, size_t, int);
int		 understand_clause_verdict(const struct kb *, const char *,
		    const struct dlg_clause *);

enum dlg_how {
	DLG_UNANSWERED,
	DLG_ASKED,		/* answered when asked */
	DLG_DESCRIBED,		/* understood from a description */
	DLG_NOT_SURE,		/* "not sure": the assumption stands */
	DLG_SKIPPED		/* "skip" */
};

/*
 * What the user can do.  The commands are the knowledge base's command
 * list (enum kb_command, named in kb_phrases.c) so that one table names
 * them for the protocol, the knowledge base and the engine.
 */
enum dlg_in_kind {
	DLG_START = KB_CMD_START,	/* a new conversation, or "go on" */
	DLG_BACK = KB_CMD_BACK,		/* undo the last answer */
	DLG_CHANGE = KB_CMD_CHANGE,	/* change an earlier answer */
	DLG_RESTART = KB_CMD_RESTART,
	DLG_WHY = KB_CMD_WHY,		/* why this question, or verdict */
	DLG_WHAT_IF = KB_CMD_WHAT_IF,	/* hypothetical answer */
	DLG_WHAT_CHANGES = KB_CMD_WHAT_CHANGES,	/* smallest flipping change */
	DLG_SUMMARY = KB_CMD_SUMMARY,
	DLG_HELP = KB_CMD_HELP,
	DLG_SKIP = KB_CMD_SKIP,
	DLG_UNSURE = KB_CMD_UNSURE,
	DLG_RECOMMEND = KB_CMD_RECOMMEND,	/* a verdict now */
	DLG_TABLE = KB_CMD_TABLE,	/* the comparison table */
	DLG_SAY = KB_NCOMMANDS,		/* free text: the engine decides */
	DLG_CHOOSE			/* a choice for a question (ids) */
};

struct dlg_input {
	enum dlg_in_kind	 kind;
	const char		*text;		/* DLG_SAY: len bytes */
	size_t			 len;
	const char		*question;	/* CHOOSE, CHANGE, WHAT_IF */
	const char		*choice;	/* CHOOSE, CHANGE, WHAT_IF */
};

struct dlg_step {
	uint8_t		question;
	int8_t		prev;		/* previous answer, -1 none */
	uint8_t		prev_how;
	uint8_t		batch;		/* steps of one input undo together */
};

/*
 * The frame of the last question answered with a topic: what a follow-up
 * that states only part of a question ("and go?", "and for the us?",
 * "the year before?") takes the rest from.  It is read once, when the
 * question is remembered (dialogue_ask.c), never re-read from text, and
 * is plain data of a fixed size like the rest of struct dlg, so a replay
 * of the same inputs rebuilds it byte for byte.  Bounds: the question's
 * first DLG_FRAME_TEXT - 1 bytes are read, of which the first
 * DLG_FRAME_WORDS words (after stopwords) are kept.
 */
#define DLG_FRAME_TEXT	160
#define DLG_FRAME_WORDS	48

/* why a word of the frame is left out of what the question was about */
#define DLG_FRAME_FIGURE 0x1	/* a figure word ("number") */
#define DLG_FRAME_CUE	0x2	/* a follow-up start's word ("same") */
#define DLG_FRAME_SITUATION 0x4	/* what narrowed a kept topic ("a crud
				 * backend" after Go's GC): not asked of
				 * another subject */

/* what the question asked for (dlg_frame.asks) */
#define DLG_ASKS_COUNT	 0x1	/* "how many" */
#define DLG_ASKS_DURATION 0x2	/* "how long" */
#define DLG_ASKS_FIGURE	 0x4	/* a figure word ("number", "percent") */

struct dlg_frame_word {
	int32_t		 term;		/* kb->terms index, -1 a word the
					 * article never uses */
	char		 raw[TEXT_TOKEN_MAX];
	uint8_t		 proper, exact, span, corrected, stop, negation, brk;
	int8_t		 subject;	/* the subject it names, -1 none */
	uint8_t		 left_out;	/* DLG_FRAME_FIGURE, DLG_FRAME_CUE */
};

struct dlg_frame {
	uint8_t		 set;		/* a question is kept */
	uint8_t		 subjects;	/* subjects asked about (bits), which
					 * a verdict or an "it" resets too */
	uint8_t		 asks;		/* DLG_ASKS_* */
	int		 intent;	/* 1 + a kb->intents index, 0 none */
	/* what it compared its subject with ("than the jvm": its first
	 * word of the article after a rival marker), term -1 none */
	struct dlg_frame_word rival;
	char		 text[DLG_FRAME_TEXT];	/* as said, for the question
						 * asked again of the user's
						 * own situation */
	size_t		 nwords;
	struct dlg_frame_word word[DLG_FRAME_WORDS];
	/* the words the last answer said the article has nothing on
	 * ("brazil"), as read for search: the place or scope a follow-up
	 * ("and in the us?") replaces */
	size_t		 nlacked;
	char		 lacked[2][TEXT_TOKEN_MAX];
};

struct dlg {
	const struct kb	*kb;
	int8_t		 answer[KB_MAX_QUESTIONS];	/* choice, -1 none */
	uint8_t		 how[KB_MAX_QUESTIONS];		/* enum dlg_how */
	int		 pending;	/* question awaiting an answer, or -1 */
	int		 misses;	/* unrecognized inputs in a row */
	/* ask_answer(): the message being answered whole has several
	 * parts (each part's own measure leads, ask_lead()) */
	int		 ask_whole;
	int		 recommended;	/* a verdict stands for these answers */
	int		 last_verdict;	/* outcome index, or -1 */
	/* the outcome a what_would_change is asked about ("and rust?"
	 * after a Go verdict), plus one; 0: none.  Set by the reader for
	 * one command and cleared by verdict_what_changes() */
	int		 what_for;
	/* the message being read opens with a change and says what the
	 * work is now (understand_reopens_work): dialogue_profile()
	 * withdraws the old answer it does not replace */
	int		 work_reopened;
	int		 last_pct;	/* its confidence in whole percent */
	int		 last_quick;	/* it was a quick one */
	uint8_t		 batch;
	size_t		 nsteps;
	struct dlg_step	 steps[DLG_MAX_HISTORY];
	uint32_t	 inputs;	/* inputs handled, but summary commands */
	/* the last question with a topic, read once, which a follow-up
	 * ("and go?", "and for the us?") takes and overrides slot by slot
	 * (dialogue_frame.c) */
	struct dlg_frame frame;
	/* the conversation's context for what follows, noted after each
	 * input by frame_reply() and read by frame_last() and
	 * frame_fact_lead() (dialogue_frame.c), the one reading of what
	 * the last reply was: the input (its number in inputs) last
	 * answered from the article, 0 none, and that answer's first
	 * claim, so that a bare "why?" right after it asks about the
	 * fact, not the walk */
	uint32_t	 fact_input;
	int		 fact_claim;
	/* the claims of that answer in order (fact_claims[0] is fact_claim),
	 * for "is that recent?" when the first is undated */
	int		 fact_claims[DLG_FACT_CLAIMS];
	size_t		 nfact_claims;
	/* answers from the article in a row up to fact_input: two or more
	 * after a verdict are the thread a bare "why?" follows */
	uint32_t	 fact_run;
	/* the subjects asked about over those answers in a row (bits of
	 * kb->subjects): the thread a follow-up with a new topic and no
	 * subject ("and salaries?") is asked of */
	uint8_t		 thread_subjects;
	/* the input that gave the last verdict, or that answered an "it"
	 * as its subject since (dialogue_ask.c), 0 none */
	uint32_t	 verdict_input;
	/* the input last replied to with an explanation ("what if we
	 * built kernel drivers?", "why?"), 0 none: "forget that" right
	 * after it dismisses the explanation, not the last walk answer */
	uint32_t	 explain_input;
	/* the question last shown with its choices, -1 none, and the step
	 * it was shown at: asked again unchanged after a detour, it is
	 * said in one line (walk_ask()) */
	int		 shown;
	int		 shown_step, shown_of;
	/* bits of the questions whose topic the input being handled spoke
	 * of (match_topic_said()): an assumption of one is not "since you
	 * didn't say" (dlg_basis.assumed 2) */
	uint32_t	 spoken;
	/* the message being read tells of code left behind
	 * (phrases.reading.leaving_words): its memory bugs join no
	 * layer kept (dialogue_combine_with) */
	int		 leaving;
	/* the message being read says what it tells was only studied
	 * (phrases.reading.study_refs: "we used java in class"), and the
	 * answers so recorded of questions marked study_no_basis: no basis
	 * for a verdict (dialogue_has_basis) */
	int		 studied;
	uint8_t		 studied_q[KB_MAX_QUESTIONS];
	/* the message being read relays a fact of the user's own work
	 * from someone on their side (understand_relay_source()): the
	 * role's index in phrases.reading.relay_roles plus one, 0 none;
	 * the understood notice names it */
	int		 relay_role;
};

/* ---- events ----------------------------------------------------------- */

enum dlg_ev_type {
	DLG_EV_QUESTION,
	DLG_EV_ANSWER,		/* an answer from the article */
	DLG_EV_RECOMMENDATION,
	DLG_EV_EXPLANATION,
	DLG_EV_NOTICE,
	DLG_EV_SUMMARY,
	DLG_EV_HELP,
	DLG_EV_TABLE,
	DLG_EV_NOT_UNDERSTOOD,
	DLG_EV_ERROR
};

/*
 * The answers a verdict was computed from, and the rules that fired, in
 * the order a renderer shows them (heaviest for the verdict first).
 */
struct dlg_basis {
	int8_t		eff[KB_MAX_QUESTIONS];		/* choice or -1 */
	uint8_t		assumed[KB_MAX_QUESTIONS];	/* the assumption; 2:
							 * the input spoke of
							 * its topic (spoken) */
	uint8_t		how[KB_MAX_QUESTIONS];		/* enum dlg_how */
	double		scores[KB_MAX_OUTCOMES];
	uint16_t	fired[KB_MAX_RULES];		/* rule indexes */
	size_t		nfired;
	int		flips;	/* open questions that could flip it alone */
};

/* One hypothetical change of answers and the verdict it would give. */
struct dlg_change {
	int	question;
	int	choice;
	int	question2;	/* -1: a single change */
	int	choice2;
	int	from;		/* the user's answer to question, or -1 */
	int	from2;
	int	applies;	/* the changed questions still apply */
	int	outcome;	/* -1: no verdict */
	double	confidence;
	int	answered;	/* changes an answer the user gave */
};

struct dlg_ev_question {
	int	question;
	int	step, of;	/* step k of about n */
	int	resume;		/* asked again after a detour */
	int	current;	/* its answer so far (a change), or -1 */
	int	brief;		/* asked again in one line: shown in full
				 * before, unchanged since (walk_ask()) */
	int	unanswered;	/* asked to change an answer never given
				 * (walk_ask_change()) */
};

struct dlg_ev_recommendation {
	int			outcome;
	double			confidence;
	int			quick;		/* before the walk is done */
	int			remaining;	/* questions that could refine */
	int			previous;	/* a different verdict before, -1 */
	int			unchanged;	/* as the last one given: same
						 * verdict, confidence and kind;
						 * renderers say so briefly */
	struct dlg_basis	basis;
	uint16_t		caveats[KB_MAX_RULES];
	size_t			ncaveats;
};

enum dlg_topic {
	DLG_TOPIC_WHY_QUESTION,	/* why the pending question is asked */
	DLG_TOPIC_WHY_VERDICT,	/* how the verdict came about */
	DLG_TOPIC_WHAT_WOULD_CHANGE, /* the smallest changes that flip it */
	DLG_TOPIC_WHAT_IF	/* one hypothetical answer */
};

struct dlg_ev_explanation {
	enum dlg_topic		topic;
	int			question;	/* WHY_QUESTION, WHAT_IF */
	int			choice;		/* WHAT_IF */
	int			outcome;	/* the verdict now, or -1 */
	double			strength;	/* WHAT_IF: its confidence now,
						   as the change's is reckoned */
	struct dlg_basis	basis;		/* WHY_VERDICT */
	/* WHY_QUESTION: the rules the question feeds */
	uint16_t		rules[KB_MAX_RULES];
	size_t			nrules;
	/* WHAT_WOULD_CHANGE (pairs: no single change did it); WHAT_IF */
	struct dlg_change	changes[DLG_MAX_WHATIF];
	size_t			nchanges;
	int			pairs;
	/* WHAT_WOULD_CHANGE asked about one outcome ("and rust?"): that
	 * outcome, or -1; its case for the user: the fired rules that weigh
	 * for it and the shown caveats whose "case_for" it is; the changes
	 * are then only those that make it the verdict */
	int			asked;
	/* WHAT_IF on a question the answers skip, as an added part of the
	 * work (kb_question.added_as): changes[0] is the answer that part
	 * makes, pros[] the rules the asked choice feeds */
	int			part;
	uint16_t		pros[DLG_MAX_CASE];
	size_t			npros;
	uint16_t		cases[DLG_MAX_CASE];
	size_t			ncases;
};

enum dlg_notice {
	DLG_NOTICE_WELCOME,
	DLG_NOTICE_UNDERSTOOD,	/* answers read from a description */
	DLG_NOTICE_UNDO,
	DLG_NOTICE_RESTART,
	DLG_NOTICE_CHANGED,
	DLG_NOTICE_SKIPPED,
	DLG_NOTICE_UNSURE,
	DLG_NOTICE_NEED_MORE,	/* no verdict for what was asked */
	DLG_NOTICE_SMALL_TALK,	/* "thanks", "bye": the KB's reply */
	DLG_NOTICE_RULED_OUT,	/* "not into web stuff": a choice said
				 * negated that names no other one */
	DLG_NOTICE_TRUNCATED	/* the message had more words than are
				 * read (TEXT_MAX_TOKENS): the rest unread */
};

/* What there is no verdict for (DLG_NOTICE_NEED_MORE). */
enum dlg_need {
	DLG_NEED_RECOMMEND,
	DLG_NEED_WHY,
	DLG_NEED_CHANGE,
	DLG_NEED_CHANGED	/* "what changed?" before any verdict */
};

struct dlg_ev_notice {
	enum dlg_notice	notice;
	int		question;	/* UNDO, CHANGED, RULED_OUT */
	int		choice;		/* CHANGED, RULED_OUT (the one
					 * ruled out); UNDO: the answer
					 * back (-1) */
	int		assumes;	/* SKIPPED, UNSURE: an assumption holds */
	enum dlg_need	need;		/* NEED_MORE */
	int		talk;		/* SMALL_TALK: kb phrases.small_talk */
	int		current;	/* RULED_OUT: the answer kept (-1) */
	int		words;		/* TRUNCATED: the words read */
	/* UNDERSTOOD: the choice read per question (-1), and questions
	 * whose answer could be either of two choices (1: not answered,
	 * asked; 2: both give the same verdict, found holds one of them;
	 * 3: the message corrected itself, found holds the later answer;
	 * 4: read from a topic the message rules out, "it can't stall";
	 * 5: a retake corrected the answer given last, "oops I meant 2");
	 * UNDO: ambiguous[q] 1 for each question whose answer the batch
	 * undone gave (question: the one asked again, or last) */
	int8_t		found[KB_MAX_QUESTIONS];
	uint8_t		ambiguous[KB_MAX_QUESTIONS];
	/* UNDERSTOOD: the answers came relayed by someone on the user's
	 * side ("my lead told me ..."): their role, an index into
	 * phrases.reading.relay_roles plus one; 0 none */
	int		source;
};

struct dlg_ev_summary {
	int8_t	answer[KB_MAX_QUESTIONS];
	uint8_t	how[KB_MAX_QUESTIONS];
	uint8_t	relevant[KB_MAX_QUESTIONS];
	int	pending;
};

#define DLG_NUMBER_OTHER (-2)

struct dlg_ev_not_understood {
	int	misses;		/* in a row, this one included */
	int	question;	/* pending, or -1 */
	int	cand1, cand2;	/* two choices it could be, or -1 */
	long	number;		/* a choice number the question lacks, or -1;
				 * DLG_NUMBER_OTHER for a number no choice
				 * can have ("-1", "2.5", too many digits) */
	char	unplaced[64];	/* the work said, not placed ("etl in
				 * pyspark"), or "" */
};

enum dlg_error {
	DLG_ERR_UNKNOWN_QUESTION,	/* no question of that id */
	DLG_ERR_UNKNOWN_CHOICE,		/* no choice of that id */
	DLG_ERR_UNCLEAR_TARGET,		/* "what if"/"change": no answer named */
	DLG_ERR_UNCLEAR_CHOICE,		/* "what if": the question, no choice */
	DLG_ERR_NOT_APPLICABLE,
	DLG_ERR_NOTHING_TO_UNDO,
	DLG_ERR_NO_QUESTION,		/* skip / not sure without a question */
	DLG_ERR_MISSING_TEXT,
	DLG_ERR_BAD_INPUT
};

struct dlg_ev_error {
	enum dlg_error	 error;
	int		 question;	/* or -1 */
	const char	*question_id;	/* as given, or NULL */
	const char	*choice_id;	/* as given, or NULL */
	enum dlg_in_kind kind;		/* NO_QUESTION: skip or unsure */
};

struct dlg_event {
	enum dlg_ev_type	type;
	union {
		struct dlg_ev_question		question;
		struct kb_answer		answer;
		struct dlg_ev_recommendation	recommendation;
		struct dlg_ev_explanation	explanation;
		struct dlg_ev_notice		notice;
		struct dlg_ev_summary		summary;
		struct dlg_ev_not_understood	not_understood;
		struct dlg_ev_error		error;
	} u;
};

/*
 * The events of one input.  Full is a bug, not a user's doing: an event
 * past DLG_MAX_EVENTS goes to spill and is counted in dropped, which the
 * caller reports.
 */
struct dlg_events {
	const struct kb		*kb;
	size_t			 n;
	size_t			 dropped;
	struct dlg_event	 ev[DLG_MAX_EVENTS];
	struct dlg_event	 spill;
};

size_t	dialogue_size(void);
void	dialogue_init(struct dlg *, const struct kb *);
void	dialogue_input(struct dlg *, const struct dlg_input *,
	    struct dlg_events *);
int	dialogue_verdict(const struct dlg *, double *);
int	dialogue_profile_verdict(const struct kb *, const char *, double *);
const char *dialogue_confidence_label(double);

#endif /* DIALOGUE_H */
