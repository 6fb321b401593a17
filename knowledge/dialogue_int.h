/* SPDX-License-Identifier: ISC */
/*
 * dialogue_int.h: what the engine's files share; not for callers (they
 * use dialogue.h).  Functions are grouped by the file that defines them.
 */
#ifndef DIALOGUE_INT_H
#define DIALOGUE_INT_H

#include "dialogue.h"

#define DL(d)	(&(d)->kb->dialogue)

/* dialogue.c */
int	dialogue_has_basis(const struct dlg *);
void	dialogue_choose(struct dlg *, struct dlg_events *, int, int, int);
void	dialogue_forget(struct dlg *, struct dlg_events *, int);
void	dialogue_profile(struct dlg *, struct dlg_events *, const int *,
	    const int *, int);
struct dlg_ev_not_understood *dialogue_not_understood(struct dlg *,
	    struct dlg_events *, int, int);
void	dialogue_handle(struct dlg *, const struct dlg_input *,
	    struct dlg_events *);

/* dialogue_fit.c */
int	dialogue_fit(const struct dlg *, const char *, size_t,
	    struct kb_answer *);
int	dialogue_fit_follow(const struct dlg *, const char *, size_t,
	    struct kb_answer *);
int	dialogue_fit_own(const struct dlg *, const char *, size_t,
	    struct kb_answer *);
int	dialogue_fit_declined(const struct dlg *, const char *, size_t,
	    struct kb_answer *);

/* dialogue_walk.c */
int	walk_applicable(const struct kb *, size_t, const int *);
int	walk_counts(const struct kb *, size_t, const int *, const uint8_t *);
void	walk_raw(const struct dlg *, int *);
int	walk_answered(const struct dlg *);
void	walk_effective(const struct kb *, const int *, const uint8_t *,
	    int *, int *);
int	walk_next(const struct dlg *);
int	walk_reoffer(const struct dlg *);
void	walk_record(struct dlg *, int, int, enum dlg_how);
void	walk_answer(struct dlg *, int, int, enum dlg_how);
struct dlg_event *walk_emit(struct dlg_events *, enum dlg_ev_type);
void	walk_ask(struct dlg *, struct dlg_events *, int, int);
void	walk_ask_change(struct dlg *, struct dlg_events *, int);
void	walk_resume(struct dlg *, struct dlg_events *);
void	walk_advance(struct dlg *, struct dlg_events *);
struct dlg_ev_notice *walk_notice(struct dlg_events *, enum dlg_notice);
struct dlg_ev_error *walk_error(struct dlg_events *, enum dlg_error);

/* dialogue_verdict.c */
void	verdict_recommend(struct dlg *, struct dlg_events *, int);
int	verdict_strength(const struct dlg *, double *);
void	verdict_why_question(struct dlg *, struct dlg_events *, int);
void	verdict_why(struct dlg *, struct dlg_events *);
size_t	verdict_figure_claims(const struct dlg *, const struct kb_claim **,
	    size_t);
size_t	verdict_claims(const struct dlg *, const struct kb_claim **,
	    size_t);
void	verdict_what_changes(struct dlg *, struct dlg_events *);
/* "what if" naming a question only: each choice, up to this many */
#define DLG_WHATIF_EACH_MAX	4
int	verdict_what_if_each(struct dlg *, struct dlg_events *, int);
void	verdict_what_if(struct dlg *, struct dlg_events *, int, int);

/* dialogue_ask.c */
int	ask_points_back(const struct kb *, const char *);
int	ask_bare_qualifier(const struct dlg *, const char *);
int	ask_follow_up_start(const struct kb *, const char *);
void	ask_answer(struct dlg *, const char *, size_t, const char *,
	    struct kb_answer *);
int	ask_is_question(const struct kb *, const char *);
int	ask_crossing(const struct kb *, const char *);
int	ask_two_parts(const struct kb *, const char *, size_t);
int	understand_waits_inner(const struct kb *, const char *);
int	ask_topic_head(const struct kb *, const char *, size_t, size_t);
int	ask_questions(const struct kb *, const char *, size_t);
/* the article's own overall stance asked (dialogue_ask.c) */
int	ask_stance(const struct dlg *, const char *, struct kb_answer *);
int	ask_stance_use(struct dlg *, const char *, int, struct kb_answer *);
int	ask_rival_outside(const struct kb *, const char *);
int	ask_on_both(const struct kb *, const struct kb_claim *);
int	ask_source_frame(const struct kb_phrases *, const char *);
int	ask_is_year(const struct kb *, long);
int	ask_own(struct dlg *, const char *, size_t, const char *,
	    struct kb_answer *);
void	ask_verdict_subject(struct dlg *, int);
void	ask_declined(struct dlg *, const char *, size_t);
void	ask_forget(void);
void	ask_remember(struct dlg *, const char *, size_t, int);

/* dialogue_frame.c */
void	frame_keep(struct dlg_frame *, const struct kb *,
	    const struct kb_query *, const struct kb_query *,
	    const struct kb_query *);
void	frame_word(const struct kb *, const struct kb_query *, size_t,
	    uint8_t, struct dlg_frame_word *);
void	frame_append(const struct kb *, const struct dlg_frame_word *,
	    struct kb_query *);
void	frame_words(const struct dlg_frame *, const struct kb *, unsigned,
	    struct kb_query *);
/* frame_last(): what the reply to the input before this one was */
#define FRAME_FACT	0x1	/* an answer from the article */
#define FRAME_VERDICT	0x2	/* a verdict, or "it" answered as its subject */
#define FRAME_EXPLAIN	0x4	/* an explanation */
void	frame_reply(struct dlg *, int, const struct dlg_events *);
unsigned frame_last(const struct dlg *);
const struct kb_claim *frame_fact_lead(const struct dlg *);

/* dialogue_match.c */
/* kb_query.negation[] of a word that sets aside what follows it ("than"
 * after "rather"), not a plain negation (1) */
#define MATCH_SET_ASIDE	2

int	match_in_list(const char *, size_t, const char *const *, size_t);
int	match_comparative(const struct kb *, const char *, size_t);
int	match_number_name(const struct kb_phrases *, const char *, double *);
int	match_amount_choice(const struct kb_phrases *,
	    const struct kb_question *, const struct kb_query *, size_t *);
int	match_amount_between(const struct kb_phrases *,
	    const struct kb_question *, const struct kb_query *);
int	match_amount_unheld(const struct kb_phrases *,
	    const struct kb_question *, const struct kb_query *);
int	match_negated_choice(const struct kb_phrases *,
	    const struct kb_question *, const struct kb_query *);
int	match_choice(const struct kb_phrases *, const struct kb_question *,
	    const struct kb_query *, int *, int *, int *, size_t *);
int	match_ruled_out(const struct kb_phrases *, const struct kb_question *,
	    const struct kb_query *, int);
int	match_topic_said(const struct kb_phrases *, const struct kb_question *,
	    const struct kb_query *);
/* match_topic_said() of each of nq questions, bit qi of the result */
uint32_t match_topics_said(const struct kb_phrases *,
	    const struct kb_question *, size_t, const struct kb_query *);
void	match_cover(const struct kb_phrases *, const struct kb_question *,
	    int, const struct kb_query *, unsigned char *);
int	match_part_said(const struct kb_phrases *, const struct kb_choice *,
	    const struct kb_query *);
void	match_cover_own(const struct kb_phrases *, const struct kb_question *,
	    int, const struct kb_question *, uint32_t, const struct kb_query *,
	    unsigned char *);
int	match_role_gap(const struct kb_phrases *, const struct kb_question *,
	    int, const struct kb_query *, const size_t *, const size_t *);
int	match_phrase_spans(const struct kb_phrases *, const struct kb_question *,
	    const struct kb_query *, const unsigned char *);

/* dialogue_focus.c */
#define DIALOGUE_FOCUS_WORDS	4	/* focus_words words kept per question */

/* what a question for an amount asks for (dialogue_focus_read()) */
struct dialogue_focus {
	char			 word[TEXT_TOKEN_MAX];	/* as written; "": none */
	const char		*term;		/* its vocabulary term, or NULL */
	const struct kb_focus_group *group;	/* its focus_words group */
	/* the question's words of lexicon focus_words ("save", "cost") */
	char			 words[DIALOGUE_FOCUS_WORDS][TEXT_TOKEN_MAX];
	const char		*terms[DIALOGUE_FOCUS_WORDS];
	size_t			 nwords;
	/* the verb after "how much + auxiliary + subject", "": none */
	char			 verb[TEXT_TOKEN_MAX];
	const char		*verb_term;
	int			 alone;	/* read from an "alone" word, with no
					 * count start ("what was the budget") */
};

int	dialogue_focus_read(const struct kb *, const char *,
	    struct dialogue_focus *);
int	dialogue_focus_says(const struct dialogue_focus *, const char *);
int	dialogue_focus_word(const struct kb *, const char *, size_t);
int	dialogue_focus_levels(const struct dialogue_focus *);
int	dialogue_focus_other(const struct kb *, const struct dialogue_focus *,
	    const struct kb_claim *);
int	dialogue_focus_figure(const struct dialogue_focus *,
	    const struct kb_claim *, int);

/* dialogue_understand.c */
void	understand_say(struct dlg *, struct dlg_events *, const char *,
	    size_t);

#endif /* DIALOGUE_INT_H */
