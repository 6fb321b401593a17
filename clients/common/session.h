/* SPDX-License-Identifier: ISC */
/*
 * session.h: advisor.v1 conversations over one wsc, kept across drops.
 *
 * A session is the client side of PROTOCOL.md sections 3, 4 and 9: it says
 * hello on every connection, keeps each conversation's name, token and the
 * highest seq it has passed on, sends one client message per conversation
 * at a time (the next when the previous turn is done), and after a drop
 * resumes every conversation from that seq: messages replayed twice are
 * dropped by seq, and a message whose turn never completed is sent again
 * with the same id once the conversation is back (the recovery recipe of
 * PROTOCOL.md section 9).
 *
 * Browser mode (no API key) has one conversation, created by the daemon at
 * hello; integration mode opens named ones (session_open).
 */
#ifndef SESSION_H
#define SESSION_H

#include "wsc.h"

#define SESSION_MAX_PENDING	32	/* client messages queued per conversation */
/* resumes answered busy or store_unavailable, retried before giving up */
#define SESSION_RESUME_TRIES	120

enum sconv_state {
	SC_OPENING,	/* open (or the first hello) sent, no token yet */
	SC_LIVE,	/* attached on this connection */
	SC_DETACHED,	/* the connection is down; resume when it is back */
	SC_RESUMING	/* resume sent, waiting for resumed */
};

struct sconv {
	struct sconv	*next;
	struct session	*s;
	char		 name[129];
	char		 token[129];
	long long	 seq;		/* highest seq passed on */
	enum sconv_state state;
	json_t		*pending;	/* array: messages not sent yet */
	json_t		*inflight;	/* sent, its turn not done */
	char		 busy_id[80];	/* the id whose turn we wait for */
	ev_timer	 rate;		/* resend after rate_limited */
	ev_timer	 again;		/* resume again after busy */
	int		 tries;		/* resumes answered busy in a row */
	json_t		*meta;		/* the program's, saved with the state */
	int		 gone;
	int		 skip_replay;	/* taken over: the past is not news */
	int		 owned;		/* no token: resume as its API key's
					   owner, never open the name */
};

struct session_ops {
	/* connection up (welcome received) or down; why is for people */
	void	(*link)(struct session *, int, const char *);
	/* a message of conversation sc (seq > what was passed on) */
	void	(*message)(struct session *, struct sconv *, json_t *);
	/* a protocol error: about sc (may be NULL), for request req (may be NULL) */
	void	(*error)(struct session *, struct sconv *, json_t *);
	/* sc's current turn is complete */
	void	(*turn)(struct session *, struct sconv *);
	/* sc ended, expired, moved away or cannot be resumed; freed after */
	void	(*gone)(struct session *, struct sconv *, const char *);
	/* optional: a message of no conversation held here (the final
	 * transcript of one that is gone, PROTOCOL.md 11.6) */
	void	(*stray)(struct session *, json_t *);
};

struct session {
	struct wsc		 ws;
	const struct session_ops *ops;
	void			*arg;
	const char		*api_key;	/* NULL: browser mode */
	const char		*client;	/* hello's client */
	char			 idprefix[16];
	unsigned long long	 nextid;
	char			 hello_id[80];
	int			 welcomed;
	json_t			*welcome;	/* the last welcome */
	struct sconv		*convs;
	int			 lost_reported;
};

int	 session_init(struct session *, struct lws_context *, struct ev_loop *,
	    const char *, const char *, const char *, const struct session_ops *,
	    void *, char *, size_t);
void	 session_start(struct session *);
struct sconv *session_open(struct session *, const char *);
struct sconv *session_adopt(struct session *, const char *, const char *,
	    long long);
struct sconv *session_find(struct session *, const char *);
int	 session_send(struct sconv *, json_t *);
int	 session_say(struct sconv *, const char *);
int	 session_idle(const struct sconv *);
void	 session_forget(struct sconv *);
void	 session_close(struct session *);
void	 session_free(struct session *);
const char *session_new_id(struct session *, char *, size_t);

#endif
