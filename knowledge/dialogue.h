/*
 * dialogue.h: the conversation engine.
 *
 * A struct dlg is one conversation: which questions are answered (and
 * how), which one is pending, and an undo history.  It is plain data of a
 * fixed size (see dialogue_size()), holds no pointer but to its knowledge
 * base, and the engine does no I/O and reads no clock or random source: the
 * same inputs give the same outputs, so a transcript can be replayed.
 *
 * The daemon feeds one user input at a time to dialogue_input(), which
 * appends the engine's outputs to a JSON array.  Every output is an object
 * with a "kind" (question, answer, recommendation, explanation, summary,
 * help, notice, not_understood, error) and a "plain" member: the whole
 * output rendered as plain text, choices numbered, for text-only chats.
 * The shapes are documented in protocol/PROTOCOL.md.
 *
 * Ownership: outputs are new jansson references appended to the caller's
 * array; the caller owns the array.  The kb must outlive the dlg.
 */
#ifndef DIALOGUE_H
#define DIALOGUE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "kb.h"

#define DLG_MAX_HISTORY		64	/* undo steps kept */
#define DLG_MAX_WHATIF		4	/* "what would change it" answers */

enum dlg_how {
	DLG_UNANSWERED,
	DLG_ASKED,		/* answered when asked */
	DLG_DESCRIBED,		/* understood from a description */
	DLG_NOT_SURE,		/* "not sure": the assumption stands */
	DLG_SKIPPED		/* "skip" */
};

enum dlg_in_kind {
	DLG_START,		/* a new conversation */
	DLG_SAY,		/* free text: the engine decides what it is */
	DLG_CHOOSE,		/* a choice for a question (ids) */
	DLG_BACK,		/* undo the last answer */
	DLG_CHANGE,		/* change an earlier answer (question, choice?) */
	DLG_RESTART,
	DLG_WHY,		/* why this question, or why this verdict */
	DLG_WHAT_IF,		/* hypothetical answer (question, choice) */
	DLG_WHAT_CHANGES,	/* the smallest change that flips the verdict */
	DLG_SUMMARY,
	DLG_HELP,
	DLG_SKIP,
	DLG_UNSURE,
	DLG_RECOMMEND,		/* recommend now, with assumptions */
	DLG_TABLE		/* the comparison table */
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

struct dlg {
	const struct kb	*kb;
	int8_t		 answer[KB_MAX_QUESTIONS];	/* choice, -1 none */
	uint8_t		 how[KB_MAX_QUESTIONS];		/* enum dlg_how */
	int		 pending;	/* question awaiting an answer, or -1 */
	int		 misses;	/* unrecognized inputs in a row */
	int		 recommended;	/* a verdict stands for these answers */
	int		 last_verdict;	/* outcome index, or -1 */
	uint8_t		 batch;
	size_t		 nsteps;
	struct dlg_step	 steps[DLG_MAX_HISTORY];
	uint32_t	 inputs;	/* inputs handled, for statistics */
};

size_t	dialogue_size(void);
void	dialogue_init(struct dlg *, const struct kb *);
int	dialogue_input(struct dlg *, const struct dlg_input *, json_t *);
int	dialogue_verdict(const struct dlg *, double *);
int	dialogue_profile_verdict(const struct kb *, const char *, double *);

#endif /* DIALOGUE_H */
