/* SPDX-License-Identifier: ISC */
/*
 * fuzz_irc: libFuzzer target for what the IRC bridge reads from the IRC
 * server (irc.c: line framing, prefixes, tags, parameters, the commands it
 * acts on) and for the splitting of text into IRC lines (split.c).
 *
 * The first byte chooses: even, the rest is bytes from the server; odd,
 * the second byte sets the line budget and the rest is text to split.
 * Split lines are checked: within the budget, with the lead, and never a
 * CR, LF or NUL (which would forge IRC commands).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "irc.h"
#include "split.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
on_privmsg(void *arg, const char *nick, const char *channel, const char *text)
{
	(void)arg;
	(void)channel;
	if (strlen(nick) >= 64 || strlen(text) >= IRC_MAX_IN)
		abort();
}

static void
on_part(void *arg, const char *nick, const char *channel)
{
	(void)arg;
	(void)nick;
	(void)channel;
}

static void
on_quit(void *arg, const char *nick)
{
	(void)arg;
	(void)nick;
}

static void
on_sent(void *arg, const char *mark, long long seq, long long upto)
{
	(void)arg;
	(void)mark;
	(void)seq;
	(void)upto;
}

static void
on_link(void *arg, int up, const char *why)
{
	(void)arg;
	(void)up;
	(void)why;
}

static const struct irc_ops ops = {
	on_privmsg, on_part, on_quit, on_sent, on_link
};

static void
fuzz_split(const uint8_t *data, size_t size)
{
	static const char lead[] = "somebody: ";
	struct split sp;
	size_t budget, i;
	char *text;

	if (size < 2)
		return;
	budget = 8 + (size_t)data[1] * 2;
	if ((text = malloc(size - 1)) == NULL)
		return;
	memcpy(text, data + 2, size - 2);
	text[size - 2] = '\0';
	(void)split_text(&sp, text, budget, lead);
	for (i = 0; i < sp.n; i++) {
		const char *l = sp.lines[i];

		if (strlen(l) > budget || strncmp(l, lead, strlen(lead)) != 0 ||
		    strpbrk(l, "\r\n") != NULL)
			abort();
	}
	split_free(&sp);
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct irc_cfg cfg = {
		.host = "irc.test", .port = 6667, .nick = "advisor",
		.user = "advisor", .realname = "fuzz", .channels = { "#c" },
		.nchannels = 1, .rate = 1, .burst = 4
	};
	struct irc c;
	char err[200];

	if (size == 0)
		return 0;
	if (data[0] & 1) {
		fuzz_split(data, size);
		return 0;
	}
	if (irc_init(&c, &cfg, EV_DEFAULT, NULL, &ops, NULL, err,
	    sizeof(err)) == -1)
		abort();
	c.connected = 1;
	irc_feed(&c, (const char *)data + 1, size - 1);
	irc_free(&c);
	return 0;
}
