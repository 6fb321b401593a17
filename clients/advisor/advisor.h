/* SPDX-License-Identifier: ISC */
/*
 * advisor.h: the advisor command's parts, one file per subcommand.
 */
#ifndef ADVISOR_H
#define ADVISOR_H

#include <stdio.h>

#include <jansson.h>

#define ADVISOR_DEFAULT_URL	"ws://127.0.0.1:8080/ws"
#define ADVISOR_CLIENT		"advisor/" ADVISORD_VERSION

/* Options every network subcommand takes. */
struct netopts {
	const char	*url;
	int		 url_default;	/* no URL given: ADVISOR_DEFAULT_URL */
	char		*api_key;	/* read from a file or ADVISOR_API_KEY */
	const char	*conversation;	/* a name (integration) or one to resume */
	char		*token;		/* read from a file, ADVISOR_TOKEN or state */
	const char	*save_dir;
	double		 timeout;
	int		 insecure;
	int		 json;
	int		 end;
	int		 resume;
};

/* opts.c */
int	 opts_common(struct netopts *, int, char *[], int *);
int	 opts_finish(struct netopts *);
void	 opts_free(struct netopts *);
void	 opts_bad_arg(const char *, const char *);
char	*opts_read_secret(const char *, const char *);
int	 opts_token_path(const char *, char *, size_t);
int	 opts_save_token(const char *, const char *, const char *);
int	 opts_prune_tokens(const char *, long);
int	 opts_remove_token(const char *, const char *, const char *);
int	 write_file_atomic(const char *, const char *, size_t, int);

/* render.c */
void	 render_message(FILE *, const json_t *, int);
void	 render_message_wrapped(FILE *, const json_t *, int, int);
void	 render_strip(char *);
json_t	*render_safe(const json_t *);
int	 render_tty(FILE *);

/* wrap.c */
int	 wrap_width(int);
void	 wrap_write(FILE *, const char *, size_t, int);

/* save.c */
int	 save_transcript(const char *, const json_t *, const json_t *,
	    char *, size_t);

/* chat.c, ask.c, fetch.c */
int	 cmd_chat(int, char *[]);
int	 cmd_ask(int, char *[]);
int	 cmd_transcript(int, char *[]);
int	 cmd_replay(int, char *[]);

#endif
