/* SPDX-License-Identifier: ISC */
/*
 * irc.c: the IRC side of the bridge.
 *
 * tconn.c carries the bytes (and TLS, when asked); this file frames
 * lines, speaks just enough of RFC 1459/2812 to be a well-behaved bot, and
 * paces its output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "irc.h"

#define BACKOFF_FIRST	0.5
#define BACKOFF_MAX	30.0
#define REJOIN_DELAY	3.0
#define REGAIN_FIRST	2.0
#define REGAIN_EVERY	10.0
#define MAX_PARAMS	15

static void	irc_lost(struct irc *, const char *);

static void	irc_pump(struct irc *);

static void
retry_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)loop;
	(void)revents;
	irc_connect(w->data);
}

static void
drain_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)loop;
	(void)revents;
	irc_pump(w->data);
}

static void
line_free(struct irc_line *l)
{
	free(l->text);
	free(l->mark);
	free(l);
}

/* Send a line now, ahead of the paced queue (registration, PONG, JOIN). */
static void
irc_prio(struct irc *c, const char *fmt, const char *a, const char *b)
{
	char buf[IRC_MAX_LINE];
	int n;

	n = snprintf(buf, sizeof(buf) - 2, fmt, a, b);
	if (n < 0 || (size_t)n > sizeof(buf) - 3)
		n = (int)sizeof(buf) - 3;
	memcpy(buf + n, "\r\n", 2);
	(void)tconn_write(&c->t, buf, (size_t)n + 2);
}

static void
regain_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct irc *c = w->data;

	(void)loop;
	(void)revents;
	if (c->registered && strcasecmp(c->nick, c->cfg->nick) != 0)
		irc_prio(c, "NICK %s%s", c->cfg->nick, "");
}

static void
rejoin_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct irc *c = w->data;
	int i;

	(void)loop;
	(void)revents;
	if (!c->registered)
		return;
	for (i = 0; i < c->cfg->nchannels; i++)
		irc_prio(c, "JOIN %s%s", c->cfg->channels[i], "");
}

static void	irc_up(void *);
static void	irc_rx(void *, const char *, size_t);
static void	irc_down(void *, const char *);

static const struct tconn_ops irc_tconn_ops = { irc_up, irc_rx, irc_down };

/* Set up c; ca_file: the CAs for TLS (NULL: the system's).  -1 with err. */
int
irc_init(struct irc *c, const struct irc_cfg *cfg, struct ev_loop *loop,
    const char *ca_file, const struct irc_ops *ops, void *arg, char *err,
    size_t errlen)
{
	memset(c, 0, sizeof(*c));
	c->cfg = cfg;
	c->loop = loop;
	c->ops = ops;
	c->arg = arg;
	c->backoff = BACKOFF_FIRST;
	c->tokens = cfg->burst;
	(void)snprintf(c->nick, sizeof(c->nick), "%s", cfg->nick);
	ev_timer_init(&c->retry, retry_cb, 0., 0.);
	ev_timer_init(&c->drain, drain_cb, 0., 0.);
	ev_timer_init(&c->rejoin, rejoin_cb, 0., 0.);
	ev_timer_init(&c->regain, regain_cb, REGAIN_FIRST, REGAIN_EVERY);
	c->retry.data = c->drain.data = c->rejoin.data = c->regain.data = c;
	return tconn_init(&c->t, loop, cfg->host, cfg->port, cfg->tls,
	    cfg->insecure, ca_file, &irc_tconn_ops, c, err, errlen);
}

void
irc_connect(struct irc *c)
{
	tconn_connect(&c->t);
}

static void
irc_lost(struct irc *c, const char *why)
{
	double delay = c->backoff;

	if (c->stopping)
		return;
	c->connected = c->registered = 0;
	c->inlen = 0;
	c->prefix[0] = '\0';
	ev_timer_stop(c->loop, &c->drain);
	ev_timer_stop(c->loop, &c->rejoin);
	ev_timer_stop(c->loop, &c->regain);
	if (c->ops->link != NULL)
		c->ops->link(c->arg, 0, why);
	c->backoff = c->backoff * 2 > BACKOFF_MAX ? BACKOFF_MAX :
	    c->backoff * 2;
	ev_timer_set(&c->retry, delay, 0.);
	ev_timer_start(c->loop, &c->retry);
}

static void
irc_down(void *arg, const char *why)
{
	irc_lost(arg, why);
}

/* Connected: register. */
static void
irc_up(void *arg)
{
	struct irc *c = arg;

	c->connected = 1;
	c->registered = 0;
	c->inlen = 0;
	(void)snprintf(c->nick, sizeof(c->nick), "%s", c->cfg->nick);
	if (c->cfg->password != NULL)
		irc_prio(c, "PASS %s%s", c->cfg->password, "");
	irc_prio(c, "NICK %s%s", c->nick, "");
	irc_prio(c, "USER %s 0 * :%s", c->cfg->user, c->cfg->realname);
}

static int
is_channel(const char *s)
{
	return s[0] == '#' || s[0] == '&' || s[0] == '+' || s[0] == '!';
}

/*
 * The text after "nick:" / "nick," / "nick " at the start of text, or
 * NULL when the message is not addressed to nick.
 */
static const char *
addressed(const char *text, const char *nick)
{
	size_t n = strlen(nick);

	if (strncasecmp(text, nick, n) != 0 || (text[n] != ':' &&
	    text[n] != ',' && text[n] != ' ' && text[n] != '\0'))
		return NULL;
	text += n;
	if (*text == ':' || *text == ',')
		text++;
	while (*text == ' ')
		text++;
	return text;
}

static void
on_nick_taken(struct irc *c)
{
	size_t n = strlen(c->nick);

	if (n < 30)
		c->nick[n] = '_', c->nick[n + 1] = '\0';
	else
		c->nick[n - 1] = (char)('0' + (c->nick[n - 1] + 1) % 10);
	irc_prio(c, "NICK %s%s", c->nick, "");
}

/*
 * Whether a PRIVMSG from prefix (nick cut from it) to target may be
 * answered: a nick cut short by our buffer would send the answer to
 * someone else, and a ',' in a nick or channel to several targets.
 */
static int
reply_ok(const char *prefix, const char *nick, const char *target)
{
	size_t full = strcspn(prefix, "!");

	return strlen(nick) == full && strchr(nick, ',') == NULL &&
	    strchr(target, ',') == NULL;
}

/* One line from the server, without its CRLF. */
static void
irc_line(struct irc *c, char *p)
{
	char *prefix = NULL, *cmd, *param[MAX_PARAMS], *bang, nick[64];
	int n = 0, i;

	if (*p == '@' && (p = strchr(p, ' ')) != NULL)
		while (*p == ' ')
			p++;	/* IRCv3 tags: not used */
	if (p == NULL || *p == '\0')
		return;
	if (*p == ':') {
		prefix = p + 1;
		if ((p = strchr(p, ' ')) == NULL)
			return;
		*p++ = '\0';
		while (*p == ' ')
			p++;
	}
	cmd = p;
	while (*p != '\0' && *p != ' ')
		p++;
	while (*p != '\0' && n < MAX_PARAMS) {
		*p++ = '\0';
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		if (*p == ':') {
			param[n++] = p + 1;
			break;
		}
		param[n++] = p;
		while (*p != '\0' && *p != ' ')
			p++;
	}
	nick[0] = '\0';
	if (prefix != NULL)
		(void)snprintf(nick, sizeof(nick), "%.*s", (bang = strchr(prefix,
		    '!')) ? (int)(bang - prefix) : (int)strlen(prefix), prefix);

	if (strcmp(cmd, "PING") == 0) {
		irc_prio(c, "PONG :%s%s", n > 0 ? param[0] : "", "");
	} else if (strcmp(cmd, "001") == 0) {
		c->registered = 1;
		c->backoff = BACKOFF_FIRST;
		if (n > 0)
			(void)snprintf(c->nick, sizeof(c->nick), "%s", param[0]);
		for (i = 0; i < c->cfg->nchannels; i++)
			irc_prio(c, "JOIN %s%s", c->cfg->channels[i], "");
		ev_timer_stop(c->loop, &c->regain);
		ev_timer_set(&c->regain, REGAIN_FIRST, REGAIN_EVERY);
		ev_timer_start(c->loop, &c->regain);
		if (c->ops->link != NULL)
			c->ops->link(c->arg, 1, NULL);
		irc_pump(c);
	} else if (!c->registered && (strcmp(cmd, "433") == 0 ||
	    strcmp(cmd, "432") == 0 || strcmp(cmd, "436") == 0 ||
	    strcmp(cmd, "437") == 0)) {
		on_nick_taken(c);
	} else if (strcmp(cmd, "JOIN") == 0 && prefix != NULL &&
	    strcasecmp(nick, c->nick) == 0) {
		(void)snprintf(c->prefix, sizeof(c->prefix), "%s", prefix);
	} else if (strcmp(cmd, "NICK") == 0 && n > 0 &&
	    strcasecmp(nick, c->nick) == 0) {
		(void)snprintf(c->nick, sizeof(c->nick), "%s", param[0]);
		c->prefix[0] = '\0';
		if (c->ops->link != NULL)
			c->ops->link(c->arg, 2, c->nick);
	} else if ((strcmp(cmd, "QUIT") == 0 || strcmp(cmd, "NICK") == 0) &&
	    strcasecmp(nick, c->cfg->nick) == 0 &&
	    strcasecmp(c->nick, c->cfg->nick) != 0) {
		/* whoever held our nick (our own ghost, often) let it go */
		irc_prio(c, "NICK %s%s", c->cfg->nick, "");
	} else if (strcmp(cmd, "PRIVMSG") == 0 && n == 2 && nick[0] != '\0' &&
	    strcasecmp(nick, c->nick) != 0 && param[1][0] != '\001' &&
	    reply_ok(prefix, nick, param[0])) {
		const char *text;

		if (is_channel(param[0])) {
			/* by its nick now, or the one it wants back */
			if ((text = addressed(param[1], c->nick)) != NULL ||
			    (text = addressed(param[1], c->cfg->nick)) != NULL)
				c->ops->privmsg(c->arg, nick, param[0], text);
		} else if (strcasecmp(param[0], c->nick) == 0)
			c->ops->privmsg(c->arg, nick, NULL, param[1]);
	} else if (strcmp(cmd, "KICK") == 0 && n >= 2 &&
	    strcasecmp(param[1], c->nick) == 0) {
		ev_timer_stop(c->loop, &c->rejoin);
		ev_timer_set(&c->rejoin, REJOIN_DELAY, 0.);
		ev_timer_start(c->loop, &c->rejoin);
	} else if (strcmp(cmd, "PART") == 0 && n >= 1 && nick[0] != '\0' &&
	    strcasecmp(nick, c->nick) != 0) {
		if (c->ops->part != NULL)
			c->ops->part(c->arg, nick, param[0]);
	} else if (strcmp(cmd, "QUIT") == 0 && nick[0] != '\0' &&
	    strcasecmp(nick, c->nick) != 0) {
		if (c->ops->quit != NULL)
			c->ops->quit(c->arg, nick);
	}
}

/* Bytes from the server (also the fuzz target's way in). */
void
irc_feed(struct irc *c, const char *in, size_t len)
{
	irc_rx(c, in, len);
}

static void
irc_rx(void *arg, const char *in, size_t len)
{
	struct irc *c = arg;
	size_t i;

	for (i = 0; i < len; i++) {
		if (in[i] != '\n') {
			if (c->inlen < sizeof(c->in) - 1)
				c->in[c->inlen++] = in[i];
			else
				c->in_overlong = 1;
			continue;
		}
		if (c->inlen > 0 && c->in[c->inlen - 1] == '\r')
			c->inlen--;
		c->in[c->inlen] = '\0';
		if (!c->in_overlong)
			irc_line(c, c->in);
		c->inlen = 0;
		c->in_overlong = 0;
		if (!c->connected)
			return;
	}
}

/* Write queued lines as fast as the token bucket allows. */
static void
irc_pump(struct irc *c)
{
	struct irc_line *l;
	double now = ev_now(c->loop);
	char buf[IRC_MAX_LINE];
	size_t n;

	if (!c->registered)
		return;
	c->tokens += (now - c->last_fill) * c->cfg->rate;
	if (c->tokens > c->cfg->burst)
		c->tokens = c->cfg->burst;
	c->last_fill = now;
	while ((l = c->head) != NULL) {
		if (l->text != NULL) {
			if (c->tokens < 1.0) {
				ev_timer_stop(c->loop, &c->drain);
				ev_timer_set(&c->drain, (1.0 - c->tokens) /
				    c->cfg->rate, 0.);
				ev_timer_start(c->loop, &c->drain);
				return;
			}
			n = strlen(l->text);
			if (n > sizeof(buf) - 2)
				n = sizeof(buf) - 2;
			memcpy(buf, l->text, n);
			memcpy(buf + n, "\r\n", 2);
			if (tconn_write(&c->t, buf, n + 2) == -1) {
				/* the socket is full or gone: later */
				ev_timer_stop(c->loop, &c->drain);
				ev_timer_set(&c->drain, 0.2, 0.);
				ev_timer_start(c->loop, &c->drain);
				return;
			}
			c->tokens -= 1.0;
		}
		c->head = l->next;
		if (c->head == NULL)
			c->tail = NULL;
		c->queued--;
		if (l->mark != NULL && c->ops->sent != NULL)
			c->ops->sent(c->arg, l->mark, l->mark_seq,
			    l->mark_upto);
		line_free(l);
	}
}

static int
enqueue(struct irc *c, char *text, const char *mark, long long seq,
    long long upto)
{
	struct irc_line *l;

	if (c->queued >= IRC_MAX_QUEUE || (l = calloc(1, sizeof(*l))) == NULL) {
		free(text);
		return -1;
	}
	l->text = text;
	if (mark != NULL && (l->mark = strdup(mark)) == NULL) {
		line_free(l);
		return -1;
	}
	l->mark_seq = seq;
	l->mark_upto = upto;
	if (c->tail != NULL)
		c->tail->next = l;
	else
		c->head = l;
	c->tail = l;
	c->queued++;
	irc_pump(c);
	return 0;
}

/*
 * Queue "PRIVMSG target :text"; when mark is not NULL, sent() is called
 * with mark, seq and upto once the line is written.  -1: the queue is full.
 */
int
irc_privmsg(struct irc *c, const char *target, const char *text,
    const char *mark, long long seq, long long upto)
{
	char *line;

	if (asprintf(&line, "PRIVMSG %s :%s", target, text) == -1)
		return -1;
	return enqueue(c, line, mark, seq, upto);
}

/* Queue only a mark: sent() when every line queued before it is written. */
int
irc_mark(struct irc *c, const char *mark, long long seq)
{
	return enqueue(c, NULL, mark, seq, -1);
}

/* The bytes of text a PRIVMSG to target may carry, as others receive it. */
size_t
irc_budget(const struct irc *c, const char *target)
{
	size_t prefix = c->prefix[0] != '\0' ? strlen(c->prefix) :
	    strlen(c->nick) + 1 + strlen(c->cfg->user) + 1 + 1 + 63;
	size_t used = 1 + prefix + strlen(" PRIVMSG ") + strlen(target) + 2 + 2;

	return used >= IRC_MAX_LINE ? 0 : IRC_MAX_LINE - used;
}

void
irc_free(struct irc *c)
{
	struct irc_line *l;

	ev_timer_stop(c->loop, &c->retry);
	ev_timer_stop(c->loop, &c->drain);
	ev_timer_stop(c->loop, &c->rejoin);
	ev_timer_stop(c->loop, &c->regain);
	tconn_free(&c->t);
	while ((l = c->head) != NULL) {
		c->head = l->next;
		line_free(l);
	}
	c->tail = NULL;
}
