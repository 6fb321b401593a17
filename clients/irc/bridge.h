/* SPDX-License-Identifier: ISC */
/*
 * bridge.h: IRC users' conversations with advisord.
 */
#ifndef BRIDGE_H
#define BRIDGE_H

#include "irc.h"
#include "session.h"

struct bridge {
	struct ev_loop		*loop;
	struct lws_context	*ctx;
	struct irc		 irc;
	struct irc_cfg		 icfg;
	struct session		 s;
	const char		*network;	/* in conversation names */
	const char		*state_path;
	const char		*tls_ca;	/* for the IRC server's TLS */
	int			 dirty;		/* the state file is behind */
	int			 gave_up;	/* stopped on a refusal: exit 1 */
	ev_prepare		 saver;
};

int	bridge_init(struct bridge *, const char *, const char *, char *,
	    size_t);
void	bridge_start(struct bridge *);
void	bridge_save(struct bridge *);
void	bridge_free(struct bridge *);

#endif
