/* SPDX-License-Identifier: ISC */
/*
 * irc.h: one IRC client connection, plain TCP or TLS, that comes back.
 *
 * It registers (PASS, NICK, USER), answers PING, takes another nick when
 * its own is in use, joins the configured channels (again after a kick or
 * a reconnect), and hands PRIVMSG, PART and QUIT to its owner.  Output
 * goes through a queue drained by a token bucket, so that a long answer
 * does not get the bridge kicked for flooding; registration, PONG and JOIN
 * skip the queue.  A lost connection is retried with backoff; queued
 * lines wait for the next one.
 */
#ifndef IRC_H
#define IRC_H

#include <ev.h>

#include "tconn.h"

#define IRC_MAX_LINE		512	/* with CRLF, RFC 1459 2.3 */
#define IRC_MAX_IN		8704	/* an incoming line, IRCv3 tags included */
#define IRC_MAX_CHANNELS	32
#define IRC_MAX_QUEUE		2000	/* lines waiting to be sent */

struct irc_cfg {
	const char	*host;
	int		 port;
	int		 tls;
	int		 insecure;	/* TLS: accept any certificate */
	const char	*nick;
	const char	*user;
	const char	*realname;
	const char	*password;	/* PASS, or NULL */
	const char	*channels[IRC_MAX_CHANNELS];
	int		 nchannels;
	double		 rate;		/* lines per second */
	double		 burst;
};

struct irc_ops {
	/* text from nick, to channel (NULL: a private message) */
	void	(*privmsg)(void *, const char *nick, const char *channel,
		    const char *text);
	void	(*part)(void *, const char *nick, const char *channel);
	void	(*quit)(void *, const char *nick);
	/* a line carrying mark (see irc_privmsg) was written: seq, and
	 * upto, where in seq's text that line ended (-1: its last line) */
	void	(*sent)(void *, const char *mark, long long, long long);
	/* 1: registered; 0: lost (why); 2: our nick is now the string */
	void	(*link)(void *, int, const char *);
};

struct irc_line {
	struct irc_line	*next;
	char		*text;		/* without CRLF; NULL: only a mark */
	char		*mark;
	long long	 mark_seq;
	long long	 mark_upto;	/* -1: the message's last line */
};

struct irc {
	const struct irc_cfg	*cfg;
	const struct irc_ops	*ops;
	void			*arg;
	struct ev_loop		*loop;
	struct tconn		 t;
	int			 connected;
	int			 registered;
	int			 stopping;	/* no news, no reconnect */
	char			 nick[64];
	char			 prefix[300];	/* nick!user@host, once known */
	char			 in[IRC_MAX_IN];
	size_t			 inlen;
	int			 in_overlong;
	struct irc_line		*head, *tail;
	size_t			 queued;
	double			 tokens;
	double			 last_fill;
	double			 backoff;
	ev_timer		 retry;
	ev_timer		 drain;
	ev_timer		 rejoin;
	ev_timer		 regain;	/* our nick back, every so often */
};

int	 irc_init(struct irc *, const struct irc_cfg *, struct ev_loop *,
	    const char *, const struct irc_ops *, void *, char *, size_t);
void	 irc_connect(struct irc *);
int	 irc_privmsg(struct irc *, const char *, const char *, const char *,
	    long long, long long);
int	 irc_mark(struct irc *, const char *, long long);
size_t	 irc_budget(const struct irc *, const char *);
void	 irc_feed(struct irc *, const char *, size_t);
void	 irc_free(struct irc *);

#endif
