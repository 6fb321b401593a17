/* SPDX-License-Identifier: ISC */
/*
 * render.h: the engine's events as the protocol's server messages, and
 * the protocol's client messages as the engine's inputs.
 *
 * render_json.c builds every server message the engine's events become
 * (the only place they are built; their shapes are the server-*.json
 * files of protocol/schema and PROTOCOL.md); render_plain.c writes the
 * "plain" text of each, for text-only chats; input.c maps a decoded client
 * message to an engine input (for the daemon, the fuzzer and the golden
 * conversations alike).
 *
 * render_json_bytes() writes the hot ones (a question, an answer, a
 * recommendation) with the daemon's envelope straight to their canonical
 * bytes, without the tree: the same bytes jsonenc() gives of the tree, or
 * -1 (out as it was) when anything would make the tree differ (a text
 * that is not UTF-8, a real that is not finite), for the tree to be used.
 *
 * Ownership: render_json() returns a new JSON object the caller owns.  An
 * input from input_from_msg() points into the message and lives as long
 * as it does.
 */
#ifndef RENDER_H
#define RENDER_H

#include <stddef.h>

#include <jansson.h>

#include "dialogue.h"
#include "proto.h"

#define RENDER_PLAIN_MAX	16384	/* bytes of a "plain" text */

/* A bounded text: past its size it ends in "..." and stays so. */
struct render_buf {
	size_t	len;
	int	full;
	char	buf[RENDER_PLAIN_MAX];
};

/* render_plain.c */
void		 render_buf_init(struct render_buf *);
void		 render_printf(struct render_buf *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
const char	*render_plain(const struct kb *, const struct dlg_event *,
		    struct render_buf *);
const char	*render_plain_trim(struct render_buf *);
const char	*render_pct(char *, size_t, double);
void		 render_plain_source(const struct kb_claim *, struct render_buf *);
const char	*render_lead(const struct kb *, int, char *, size_t);
const char	*render_missing(const struct kb *, const struct kb_answer *,
		    char *, size_t);
const char	*render_other(const struct kb *, const struct kb_answer *,
		    char *, size_t);
const char	*render_short(const struct kb_answer *, char *, size_t);
const char	*render_unranked(const struct kb_answer *, char *, size_t);
const char	*render_said_subject(const struct kb *,
		    const struct kb_answer *, char *, size_t);
const char	*render_parts_over(const struct kb_answer *, char *, size_t);
const char	*render_source_asked(const struct kb_answer *, char *, size_t);
#define RENDER_SOURCE_LIST_MAX	1024	/* bytes of render_source_list() */
const char	*render_source_list(const struct kb *, const struct kb_answer *,
		    char *, size_t);

/* a question for a number that no claim found carries one */
/* kb_answer.table_source: where a comparison-table claim comes from */
#define RENDER_TABLE_SOURCE	"That is from the article's own comparison " \
	"table; the article names no outside source for it."
/* kb_answer.no_method: a method asked that the article does not give */
#define RENDER_NO_METHOD	"The article does not say how that was " \
	"measured or worked out."
#define RENDER_NO_FIGURE	"The article gives no number for that; " \
	"here is only what it does say."

const char	*render_error_code(enum dlg_error);
const char	*render_notice_name(enum dlg_notice);
const char	*render_how(int);

/* render_json.c */
json_t		*render_json(const struct kb *, const struct dlg_event *);

/* The members the daemon adds to every server message (PROTOCOL.md). */
struct render_env {
	const char	*conversation;	/* its name */
	long long	 seq;
	const char	*re;		/* NULL: none */
	int		 done;
};
struct strbuf;
struct tr_md_parts;
int		 render_json_bytes(const struct kb *, const struct dlg_event *,
		    const struct render_env *, struct strbuf *,
		    struct tr_md_parts *);
const char	*render_type(enum dlg_ev_type);
const char	*render_json_source_line(const struct kb *,
		    const struct kb_claim *, size_t *);

/* input.c */
int		 input_from_msg(const struct proto_msg *, struct dlg_input *);
int		 input_command(const char *);

#endif /* RENDER_H */
