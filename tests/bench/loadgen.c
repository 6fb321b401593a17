/* SPDX-License-Identifier: ISC */
/*
 * loadgen.c: a WebSocket load generator for advisord and the echo
 * baseline (tests/bench/echo.c), on libwebsockets' client API.
 *
 * CONNS connections, each with WINDOW slots; a slot has at most one turn
 * in flight (a turn ends with the server message carrying "done": true and
 * "re" equal to the slot's message id, PROTOCOL.md 4.3).  Scenarios:
 *
 *	echo	a 200-byte message that carries its own "re" and "done" (for
 *		the echo server: the echo ends the turn)
 *	unknown	{"type":"nop"}: error unknown_type (loop and codec)
 *	say	say with the questions of the -q files, in turn; each slot has
 *		its own conversation (integration connection, `open`)
 *	walk	choose: a random choice of the pending question; when the
 *		walk is over, `command restart` (not counted)
 *	conv	browser connections, one conversation each at a time: hello,
 *		choose until the recommendation, end (the signed transcript);
 *		every message of it is counted, and conversations apart
 *
 * Closed loop (default): a slot sends its next message as soon as its turn
 * ends; latency from the send.  Open loop (-r RATE): once every slot's
 * conversation is open, messages are scheduled at RATE per second in
 * all, round robin over the connections;
 * a message goes to a free slot of its connection or waits for one, and
 * its latency is measured from the scheduled time (no coordinated
 * omission).  Between sends the loop sleeps on a timerfd armed for the
 * next scheduled message (absolute time, no timer slack).  -Y spins
 * instead (the loop polls without blocking, as loadgen did until round
 * 44): a spinning generator holds its core, and ext4's end-of-write
 * worker (an unbound kworker, woken on the core that takes the disk's
 * interrupts) then waits for a scheduler slice before any fdatasync of
 * an append can return, which put milliseconds into the daemon's durable
 * turns that a real client does not cause (RESULTS.md, round 44, st44).
 *
 * -n N (say) ends the run once the first N questions of the -q files
 * have been sent (at most -d SECONDS): the same mix from run to run, for
 * counting instructions per turn (cg_turn.sh).
 * -i N first opens N idle connections (browser hello, nothing else; for
 * echo one message each) and reports the server's RSS before and after.
 * -P PID samples the server's CPU time (/proc/PID/stat) over the
 * measured window; -H SECONDS holds the idle connections alone that long
 * first and reports the server's CPU time meanwhile (pings, timers).
 * The result is one line of JSON on stdout; client_cpu_us_per_msg is
 * loadgen's own CPU (getrusage) per measured turn.
 *
 * A server message is read by a scan of its top-level members (scan_msg:
 * "done", "re", "type", "code", "question", "choices"), not a full JSON
 * parse, which cost more than the daemon's own work per answer; -X checks
 * every scan against a full parse (jansson) and reports the mismatches.
 */
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include <ev.h>
#include <jansson.h>
#include <libwebsockets.h>

#define MAX_WINDOW	64
#define MAX_MSG		(64 * 1024)	/* our messages; answers may be larger */
#define ROTATE		500	/* say turns per conversation (bounded transcript) */
#define RAMP		256	/* connections being opened at once */
#define MAX_SAMPLES	(8 * 1024 * 1024)
#define BACKLOG		4096	/* open loop: scheduled sends per connection */
#define MAX_CHOICES	64	/* a question's choices loadgen picks from */

enum scen { S_ECHO, S_UNKNOWN, S_SAY, S_WALK, S_CONV };
static const char *scen_names[] = { "echo", "unknown", "say", "walk", "conv" };

enum slot_state { SL_NEW, SL_SETUP, SL_READY, SL_BUSY };

struct slot {
	enum slot_state	 state;
	int		 counted;	/* the turn in flight is measured */
	int		 saw_question;	/* this turn brought a question */
	int		 want_end;	/* conv: next message ends it */
	unsigned	 gen, turns;	/* conversation generation, its turns */
	double		 t0;		/* send or scheduled time, µs */
	char		 question[72], choice[72];
	char		 msg[LWS_PRE + 1024];
	size_t		 len;
};

struct lconn {
	struct lws	*wsi;
	int		 idx, idle, up, helloed, dead;
	int		 ready;		/* the queue is written (hello sent) */
	int		 nslots;
	struct slot	 slots[MAX_WINDOW];
	int		 sendq[MAX_WINDOW + 1];	/* slots to write, FIFO */
	int		 sq_head, sq_n;
	double		*backlog;		/* open loop: scheduled times */
	int		 bl_head, bl_n;
	unsigned char	*rx;
	size_t		 rxlen, rxcap;
	char		 hello[LWS_PRE + 256];
	size_t		 hello_len;
};

static struct {
	enum scen	 scen;
	int		 port, conns, window, nidle, pid;
	double		 seconds, warmup, rate, hold;
	double		 t_hold, hold_cpu0, hold_cpu;	/* idle held, no load */
	const char	*key;
	char		**questions;
	size_t		 nquestions, nextq;
	size_t		 maxq;		/* -n: say this many, then end */
	struct lws_context *ctx;
	struct ev_loop	*loop;
	struct lconn	*c;		/* active connections */
	struct lconn	*idle;		/* idle connections */
	int		 nopen_idle, idle_ready, idle_started;
	int		 nup, nfailed;
	int		 phase;		/* 0 setup, 1 warmup, 2 measure, 3 done */
	double		 t_measure, t_end;
	/* open loop */
	double		 t_sched0;
	uint64_t	 nsched;
	int		 rr;
	/* results */
	uint64_t	 turns, convs, errors, unexpected, late_drops;
	uint64_t	 slow_parses;	/* server messages parsed whole */
	uint64_t	 rx_msgs, rx_bytes;	/* server messages, measured */
	uint64_t	 checked, mismatches;	/* -X */
	int		 check;
	int		 self;		/* getpid(), in conversation names */
	int		 idle_closed;	/* idle ones the server closed */
	float		*lat;
	size_t		 nlat;
	double		 srv_cpu0, srv_cpu1, cli_cpu0, cli_cpu1;
	long		 rss0, rss1, rss_conn0, rss_idle;
	unsigned	 seed;
	int		 spin;		/* -Y: poll the schedule, never sleep */
	int		 tfd;		/* open loop: the schedule's timerfd */
} g;

static double
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* CPU seconds (user + system) of process pid, or of this process (0). */
static double
proc_cpu(int pid)
{
	char path[64], buf[1024], *p;
	unsigned long ut, st;
	FILE *f;
	int i;

	if (pid == 0) {
		struct rusage ru;

		getrusage(RUSAGE_SELF, &ru);
		return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
		    ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
	}
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if ((f = fopen(path, "r")) == NULL)
		return NAN;
	p = fgets(buf, sizeof(buf), f);
	fclose(f);
	if (p == NULL || (p = strrchr(buf, ')')) == NULL)
		return NAN;
	/* after ")": 12 spaces on, at the one before field 14 (utime; stime 15) */
	for (i = 0; i < 12 && p != NULL; i++)
		p = strchr(p + 1, ' ');
	if (p == NULL || sscanf(p, " %lu %lu", &ut, &st) != 2)
		return NAN;
	return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

/* VmRSS of pid in KiB, or -1. */
static long
proc_rss(int pid)
{
	char path[64], line[256];
	long kib = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "VmRSS: %ld kB", &kib) == 1)
			break;
	fclose(f);
	return kib;
}

/* Read the "q" of every entry of "questions" in a tests/eval file. */
static int
load_questions(const char *path)
{
	json_error_t err;
	json_t *root, *qs, *e;
	size_t i;

	if ((root = json_load_file(path, 0, &err)) == NULL) {
		fprintf(stderr, "loadgen: %s:%d: %s\n", path, err.line,
		    err.text);
		return -1;
	}
	qs = json_object_get(root, "questions");
	json_array_foreach(qs, i, e) {
		const char *q = json_string_value(json_object_get(e, "q"));
		json_t *s;
		char *enc;

		if (q == NULL || strlen(q) > 600)
			continue;
		/* keep it as a JSON string literal, quotes included */
		s = json_string(q);
		enc = json_dumps(s, JSON_ENCODE_ANY | JSON_ENSURE_ASCII);
		json_decref(s);
		if (enc == NULL)
			continue;
		g.questions = realloc(g.questions, (g.nquestions + 1) *
		    sizeof(*g.questions));
		g.questions[g.nquestions++] = enc;
	}
	json_decref(root);
	return 0;
}

/* Write the first queued message of c; -1 when the write failed. */
static int
conn_write_next(struct lconn *c)
{
	struct slot *s = &c->slots[c->sendq[c->sq_head]];

	c->sq_head = (c->sq_head + 1) % (MAX_WINDOW + 1);
	c->sq_n--;
	if (lws_write(c->wsi, (unsigned char *)s->msg + LWS_PRE, s->len,
	    LWS_WRITE_TEXT) < (int)s->len)
		return -1;
	return 0;
}

/*
 * Queue slot's message on c.  When it is the only one and the connection
 * is up with nothing of an earlier write left in lws, it is written at
 * once (lws buffers what the socket does not take, and sends the rest
 * when it can): a round through WRITEABLE per message costs two
 * epoll_ctl calls and a loop iteration, as much as the write itself.
 * Only in a closed loop: in an open loop (-r) the sends come from the
 * schedule's timer, and writing there at once gave p99s of 450-750 ms
 * against every daemon (RESULTS.md), so they go through WRITEABLE.
 */
static void
conn_queue(struct lconn *c, int slot)
{
	c->sendq[(c->sq_head + c->sq_n) % (MAX_WINDOW + 1)] = slot;
	c->sq_n++;
	if (c->wsi == NULL)
		return;
	if (g.rate == 0 && c->sq_n == 1 && c->up && c->ready && !c->dead &&
	    !lws_partial_buffered(c->wsi)) {
		if (conn_write_next(c) == -1) {
			c->dead = 1;
			lws_set_timeout(c->wsi, PENDING_TIMEOUT_USER_OK,
			    LWS_TO_KILL_ASYNC);
		}
		return;
	}
	lws_callback_on_writable(c->wsi);
}

/* Is the turn that starts now measured? */
static int
measuring(void)
{
	return g.phase == 2;
}

/*
 * Build slot s's next message and queue it; t0 is its (scheduled) time.
 * Setup messages (open, restart) are not counted.
 */
static void
slot_send(struct lconn *c, int i, double t0)
{
	struct slot *s = &c->slots[i];
	char *p = s->msg + LWS_PRE;
	size_t cap = sizeof(s->msg) - LWS_PRE;
	int n = 0, counted = 1;

	s->saw_question = 0;
	switch (g.scen) {
	case S_ECHO:
		n = snprintf(p, cap, "{\"type\":\"echo\",\"id\":\"s%d.%u\","
		    "\"re\":\"s%d.%u\",\"done\":true,\"text\":\"Is Go "
		    "faster than Rust for a small web service that mostly "
		    "waits on its database? We have four developers.\"}", i,
		    s->turns, i, s->turns);
		break;
	case S_UNKNOWN:
		n = snprintf(p, cap, "{\"type\":\"nop\",\"id\":\"s%d.%u\"}", i,
		    s->turns);
		break;
	case S_SAY:
	case S_WALK:
		if (s->state == SL_NEW || (g.scen == S_SAY &&
		    s->turns >= ROTATE)) {
			s->gen++;
			s->turns = 0;
			n = snprintf(p, cap, "{\"type\":\"open\",\"id\":\"s%d.o\","
			    "\"conversation\":\"b%d-%d-%d-%u\"}", i, g.self,
			    c->idx, i, s->gen);
			counted = 0;
		} else if (g.scen == S_SAY) {
			const char *q;

			/* -n: the first MAXQ questions, then the run ends */
			if (g.maxq > 0 && g.nextq >= g.maxq) {
				g.t_end = 0;
				return;
			}
			q = g.questions[g.nextq++ % g.nquestions];

			n = snprintf(p, cap, "{\"type\":\"say\",\"id\":\"s%d.%u\","
			    "\"conversation\":\"b%d-%d-%d-%u\",\"text\":%s}", i,
			    s->turns, g.self, c->idx, i, s->gen, q);
		} else if (s->question[0] == '\0') {
			/* an id of its own: a repeated one is a retry, which
			 * the daemon answers from its replay ring (conv_dedup) */
			n = snprintf(p, cap, "{\"type\":\"command\",\"id\":"
			    "\"s%d.r%u\",\"conversation\":\"b%d-%d-%d-%u\","
			    "\"command\":\"restart\"}", i, s->turns, g.self,
			    c->idx, i, s->gen);
			counted = 0;
		} else {
			n = snprintf(p, cap, "{\"type\":\"choose\",\"id\":"
			    "\"s%d.%u\",\"conversation\":\"b%d-%d-%d-%u\","
			    "\"question\":\"%s\",\"choice\":\"%s\"}", i, s->turns,
			    g.self, c->idx, i, s->gen, s->question, s->choice);
		}
		break;
	case S_CONV:
		if (s->state == SL_NEW) {
			n = snprintf(p, cap, "{\"type\":\"hello\",\"id\":\"s%d.h\","
			    "\"protocol\":\"advisor.v1\",\"client\":\"loadgen\"}",
			    i);
			s->want_end = 0;
		} else if (s->question[0] == '\0' || s->want_end) {
			n = snprintf(p, cap, "{\"type\":\"end\",\"id\":\"s%d.e\"}",
			    i);
			s->want_end = 1;
		} else {
			n = snprintf(p, cap, "{\"type\":\"choose\",\"id\":"
			    "\"s%d.%u\",\"question\":\"%s\",\"choice\":\"%s\"}",
			    i, s->turns, s->question, s->choice);
		}
		break;
	}
	s->len = (size_t)n;
	if (s->state == SL_NEW || !counted)
		s->state = SL_SETUP;
	else
		s->state = SL_BUSY;
	s->question[0] = '\0';
	s->counted = counted && measuring();
	s->t0 = t0;
	conn_queue(c, i);
}

static void
record(double lat)
{
	if (g.nlat < MAX_SAMPLES)
		g.lat[g.nlat++] = (float)lat;
}

/* Open loop: a scheduled message for connection c. */
static void
conn_offer(struct lconn *c, double t)
{
	int i;

	for (i = 0; i < c->nslots; i++)
		if (c->slots[i].state == SL_READY) {
			slot_send(c, i, t);
			return;
		}
	if (c->bl_n == BACKLOG) {
		g.late_drops++;
		return;
	}
	c->backlog[(c->bl_head + c->bl_n) % BACKLOG] = t;
	c->bl_n++;
}

/* Slot i of c has no turn in flight: what next. */
static void
slot_idle(struct lconn *c, int i)
{
	struct slot *s = &c->slots[i];

	if (g.phase >= 3)
		return;
	/* no conversation yet: open one (say, walk) or say hello (conv) */
	if (s->state == SL_NEW) {
		slot_send(c, i, now_us());
		return;
	}
	s->state = SL_READY;
	if (g.rate > 0 && !(g.scen == S_CONV && s->want_end)) {
		if (g.scen == S_WALK && s->question[0] == '\0' &&
		    s->gen > 0) {
			slot_send(c, i, now_us());	/* restart */
			return;
		}
		if (c->bl_n > 0) {
			double t = c->backlog[c->bl_head];

			c->bl_head = (c->bl_head + 1) % BACKLOG;
			c->bl_n--;
			slot_send(c, i, t);
		}
		return;
	}
	slot_send(c, i, now_us());
}

/*
 * A cheap reading of a server message: the top-level members loadgen
 * needs, found by walking the object's structure without building it.
 * Strings are skipped with memchr to their closing quote (a quote inside
 * one is always escaped, RFC 8259), nested values by counting brackets
 * outside strings, so a key inside a nested object or a string (answers
 * quote the user's text) is never taken for a top-level one, whatever
 * the key order.  A member's value is kept as raw bytes: the quoted
 * string without its quotes (ids are printable, written back as they
 * are), or the whole array.  It does not validate the message: scan_msg()
 * returns -1 only when it cannot find the structure, and then
 * conn_message() parses the message with jansson instead.
 */
struct msgscan {
	int		 done;		/* "done": true */
	const char	*re, *type, *code, *question, *choices;
	size_t		 re_len, type_len, code_len, question_len, choices_len;
};

/* p at a '"': the byte after the string's closing quote, or NULL. */
static const char *
scan_string(const char *p, const char *end)
{
	const char *q;

	for (p++; (q = memchr(p, '"', (size_t)(end - p))) != NULL; p = q + 1) {
		const char *b = q;

		/* escaped when preceded by an odd number of backslashes */
		while (b > p && b[-1] == '\\')
			b--;
		if (((q - b) & 1) == 0)
			return q + 1;
	}
	return NULL;
}

/* p at a value: the byte after it, or NULL. */
static const char *
scan_value(const char *p, const char *end)
{
	int depth = 0;

	while (p < end) {
		switch (*p) {
		case '"':
			if ((p = scan_string(p, end)) == NULL)
				return NULL;
			if (depth == 0)
				return p;
			continue;
		case '{':
		case '[':
			depth++;
			break;
		case '}':
		case ']':
			if (depth == 0)
				return p;	/* end of a scalar in a container */
			if (--depth == 0)
				return p + 1;
			break;
		case ',':
			if (depth == 0)
				return p;
			break;
		default:
			break;
		}
		p++;
	}
	return depth == 0 ? p : NULL;
}

static const char *
scan_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' ||
	    *p == '\r'))
		p++;
	return p;
}

/*
 * Member by member of the object at p (up to end): calls f with each
 * key (raw, without quotes) and value (raw; a string without quotes).
 * Returns 0, or -1 when the object is not one.
 */
static int
scan_object(const char *p, const char *end,
    void (*f)(void *, const char *, size_t, const char *, size_t), void *arg)
{
	const char *k, *v, *ve;

	p = scan_ws(p, end);
	if (p == end || *p != '{')
		return -1;
	p = scan_ws(p + 1, end);
	if (p < end && *p == '}')
		return 0;
	for (;;) {
		if (p == end || *p != '"' || (k = scan_string(p, end)) == NULL)
			return -1;
		v = scan_ws(k, end);
		if (v == end || *v != ':')
			return -1;
		v = scan_ws(v + 1, end);
		if (v == end || (ve = scan_value(v, end)) == NULL)
			return -1;
		if (*v == '"')
			f(arg, p + 1, (size_t)(k - p - 2), v + 1,
			    (size_t)(ve - v - 2));
		else
			f(arg, p + 1, (size_t)(k - p - 2), v, (size_t)(ve - v));
		p = scan_ws(ve, end);
		if (p < end && *p == '}')
			return 0;
		if (p == end || *p != ',')
			return -1;
		p = scan_ws(p + 1, end);
	}
}

#define KEY_IS(k, klen, lit) \
	((klen) == sizeof(lit) - 1 && memcmp((k), (lit), sizeof(lit) - 1) == 0)

static void
scan_member(void *arg, const char *k, size_t klen, const char *v,
    size_t vlen)
{
	struct msgscan *ms = arg;

	if (KEY_IS(k, klen, "done"))
		ms->done = KEY_IS(v, vlen, "true");
	else if (KEY_IS(k, klen, "re")) {
		ms->re = v;
		ms->re_len = vlen;
	} else if (KEY_IS(k, klen, "type")) {
		ms->type = v;
		ms->type_len = vlen;
	} else if (KEY_IS(k, klen, "code")) {
		ms->code = v;
		ms->code_len = vlen;
	} else if (KEY_IS(k, klen, "question")) {
		ms->question = v;
		ms->question_len = vlen;
	} else if (KEY_IS(k, klen, "choices")) {
		ms->choices = v;
		ms->choices_len = vlen;
	}
}

/*
 * The same members from a full parse (jansson), when the scan could not
 * read m; the strings point into *keep, which the caller frees.
 */
static int
scan_msg_parsed(struct msgscan *ms, const char *m, size_t len, json_t **keep,
    char **choices)
{
	json_t *j = json_loadb(m, len, 0, NULL), *v;

	*keep = j;
	if (j == NULL || !json_is_object(j))
		return -1;
	ms->done = json_is_true(json_object_get(j, "done"));
#define STR(key, f) \
	if ((v = json_object_get(j, key)) != NULL && json_is_string(v)) { \
		ms->f = json_string_value(v); \
		ms->f##_len = json_string_length(v); \
	}
	STR("re", re);
	STR("type", type);
	STR("code", code);
	STR("question", question);
#undef STR
	if ((v = json_object_get(j, "choices")) != NULL &&
	    (*choices = json_dumps(v, JSON_COMPACT)) != NULL) {
		ms->choices = *choices;
		ms->choices_len = strlen(*choices);
	}
	return 0;
}

/* Read the members of m that loadgen needs; -1 when m is not an object. */
static int
scan_msg(struct msgscan *ms, const char *m, size_t len)
{
	memset(ms, 0, sizeof(*ms));
	return scan_object(m, m + len, scan_member, ms);
}

struct choice_pick {
	const char	*id;
	size_t		 id_len;
};

static void
choice_member(void *arg, const char *k, size_t klen, const char *v,
    size_t vlen)
{
	struct choice_pick *cp = arg;

	if (KEY_IS(k, klen, "id")) {
		cp->id = v;
		cp->id_len = vlen;
	}
}

/*
 * A question: remember its id and a random choice for the next turn.
 * choices is the raw array of the question's choice objects.
 */
static void
take_question(struct slot *s, const struct msgscan *ms)
{
	const char *p, *end, *e[MAX_CHOICES];
	struct choice_pick cp;
	size_t n = 0;

	if (ms->question == NULL || ms->choices == NULL ||
	    ms->question_len >= sizeof(s->question))
		return;
	p = ms->choices;
	end = p + ms->choices_len;
	p = scan_ws(p, end);
	if (p == end || *p != '[')
		return;
	p = scan_ws(p + 1, end);
	/* the start of each element */
	while (p < end && *p != ']' && n < MAX_CHOICES) {
		const char *ve = scan_value(p, end);

		if (ve == NULL)
			return;
		e[n++] = p;
		p = scan_ws(ve, end);
		if (p < end && *p == ',')
			p = scan_ws(p + 1, end);
	}
	if (n == 0)
		return;
	memset(&cp, 0, sizeof(cp));
	p = e[(size_t)rand_r(&g.seed) % n];
	if (scan_object(p, scan_value(p, end), choice_member, &cp) == -1 ||
	    cp.id == NULL || cp.id_len >= sizeof(s->choice))
		return;
	memcpy(s->question, ms->question, ms->question_len);
	s->question[ms->question_len] = '\0';
	memcpy(s->choice, cp.id, cp.id_len);
	s->choice[cp.id_len] = '\0';
	s->saw_question = 1;
}

/*
 * -X: the scan of m against a full parse (jansson): the same "done",
 * "re", "type", "code", "question" and choice ids, or a mismatch counted
 * (and the first few printed).
 */
static void
check_scan(const struct msgscan *ms, const char *m, size_t len)
{
	json_t *j = json_loadb(m, len, 0, NULL), *ch, *e;
	const char *keys[] = { "re", "type", "code", "question" };
	const char *raw[4];
	size_t rawlen[4], k, n = 0, i;
	int bad = 0;

	g.checked++;
	if (j == NULL) {
		bad = 1;
		goto out;
	}
	raw[0] = ms->re; rawlen[0] = ms->re_len;
	raw[1] = ms->type; rawlen[1] = ms->type_len;
	raw[2] = ms->code; rawlen[2] = ms->code_len;
	raw[3] = ms->question; rawlen[3] = ms->question_len;
	if (json_is_true(json_object_get(j, "done")) != ms->done)
		bad = 1;
	for (k = 0; k < 4; k++) {
		json_t *v = json_object_get(j, keys[k]);

		if (v == NULL || !json_is_string(v))
			bad |= raw[k] != NULL;
		else
			bad |= raw[k] == NULL || rawlen[k] !=
			    json_string_length(v) || memcmp(raw[k],
			    json_string_value(v), rawlen[k]) != 0;
	}
	/* every choice id, as take_question() reads them */
	ch = json_object_get(j, "choices");
	if (json_is_array(ch) && ms->choices != NULL) {
		const char *p = scan_ws(ms->choices, ms->choices + ms->choices_len);
		const char *end = ms->choices + ms->choices_len;

		p = scan_ws(p + 1, end);
		json_array_foreach(ch, i, e) {
			const char *id = json_string_value(json_object_get(e,
			    "id"));
			const char *ve = scan_value(p, end);
			struct choice_pick cp;

			memset(&cp, 0, sizeof(cp));
			if (ve == NULL || scan_object(p, ve, choice_member,
			    &cp) == -1 || id == NULL || cp.id_len !=
			    strlen(id) || memcmp(cp.id, id, cp.id_len) != 0) {
				bad = 1;
				break;
			}
			n++;
			p = scan_ws(ve, end);
			if (p < end && *p == ',')
				p = scan_ws(p + 1, end);
		}
		bad |= n != json_array_size(ch);
	} else if ((ch != NULL) != (ms->choices != NULL))
		bad = 1;
out:
	if (bad && g.mismatches++ < 5)
		fprintf(stderr, "loadgen: -X: the scan misread: %.*s\n",
		    (int)(len > 300 ? 300 : len), m);
	json_decref(j);
}

static void
conn_message(struct lconn *c, const char *m, size_t len)
{
	struct msgscan ms;
	json_t *keep = NULL;
	char *choices = NULL;
	struct slot *s;
	int i, done, is_error;
	double t;

	if (measuring()) {
		g.rx_msgs++;
		g.rx_bytes += len;
	}
	if (scan_msg(&ms, m, len) == -1) {
		g.slow_parses++;
		memset(&ms, 0, sizeof(ms));
		(void)scan_msg_parsed(&ms, m, len, &keep, &choices);
	} else if (g.check)
		check_scan(&ms, m, len);
	done = ms.done;
	is_error = KEY_IS(ms.type, ms.type_len, "error");
	if (c->idle) {
		if (done && !c->helloed) {
			c->helloed = 1;
			g.idle_ready++;
		}
		goto out;
	}
	if (ms.re != NULL && KEY_IS(ms.re, ms.re_len, "h")) {
		if (done && !c->helloed) {
			c->helloed = 1;
			for (i = 0; i < c->nslots; i++)
				slot_idle(c, i);
		}
		goto out;
	}
	if (ms.re == NULL || ms.re_len == 0 || ms.re[0] != 's') {
		if (is_error)
			g.errors++;
		goto out;
	}
	i = atoi(ms.re + 1);
	if (i < 0 || i >= c->nslots)
		goto out;
	s = &c->slots[i];
	if (g.scen == S_WALK || g.scen == S_CONV) {
		if (KEY_IS(ms.type, ms.type_len, "question"))
			take_question(s, &ms);
	}
	if (!done)
		goto out;
	if (g.scen != S_UNKNOWN && g.scen != S_ECHO && is_error) {
		if (g.errors++ < 5)
			fprintf(stderr, "loadgen: error: %.*s\n",
			    (int)(len > 300 ? 300 : len), m);
		/* start over with a new conversation */
		s->state = SL_NEW;
		slot_send(c, i, now_us());
		goto out;
	}
	if (g.scen == S_UNKNOWN && !KEY_IS(ms.code, ms.code_len,
	    "unknown_type"))
		g.unexpected++;
	t = now_us();
	if (s->counted) {
		g.turns++;
		record(t - s->t0);
	}
	if (s->state == SL_BUSY || g.scen == S_CONV)
		s->turns++;
	if (g.scen == S_CONV) {
		if (s->want_end) {
			if (measuring())
				g.convs++;
			s->state = SL_NEW;
			s->want_end = 0;
			slot_send(c, i, t);	/* the next hello */
			goto out;
		}
		if (!s->saw_question)
			s->want_end = 1;
	}
	slot_idle(c, i);
out:
	json_decref(keep);
	free(choices);
}

static void open_next_idle(void);

static int
lg_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user,
    void *in, size_t len)
{
	struct lconn *c = user;
	unsigned char **pp, *end;
	char auth[300];
	int n, i;

	(void)user;
	c = lws_get_opaque_user_data(wsi);
	switch (reason) {
	case LWS_CALLBACK_CLIENT_APPEND_HANDSHAKE_HEADER:
		if (c == NULL || c->idle || g.key == NULL || g.scen == S_CONV)
			break;
		pp = (unsigned char **)in;
		end = *pp + len;
		n = snprintf(auth, sizeof(auth), "Bearer %s", g.key);
		if (lws_add_http_header_by_token(wsi,
		    WSI_TOKEN_HTTP_AUTHORIZATION, (unsigned char *)auth, n, pp,
		    end))
			return -1;
		break;

	case LWS_CALLBACK_CLIENT_ESTABLISHED:
		c->up = 1;
		if (c->idle)
			g.nopen_idle--;
		else
			g.nup++;
		/* echo needs no hello; conv's hello is its first turn */
		if (g.scen == S_ECHO && !c->idle) {
			c->helloed = 1;
			for (i = 0; i < c->nslots; i++)
				slot_idle(c, i);
		} else if (g.scen == S_CONV && !c->idle) {
			for (i = 0; i < c->nslots; i++)
				slot_idle(c, i);
		} else {
			lws_callback_on_writable(wsi);
		}
		if (c->idle)
			open_next_idle();
		break;

	case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
		fprintf(stderr, "loadgen: connection %d: %s\n", c ? c->idx : -1,
		    in ? (const char *)in : "failed");
		g.nfailed++;
		if (c != NULL) {
			c->dead = 1;
			c->wsi = NULL;
			if (c->idle) {
				g.nopen_idle--;
				open_next_idle();
			}
		}
		break;

	case LWS_CALLBACK_CLIENT_CLOSED:
		if (c != NULL) {
			c->dead = 1;
			c->wsi = NULL;
			if (c->idle && c->up) {
				/* reported, not fatal: the server gave up on it */
				if (g.phase < 3 && g.idle_closed++ < 3)
					fprintf(stderr, "loadgen: idle connection "
					    "%d closed by the server\n", c->idx);
			} else if (g.phase < 3) {
				fprintf(stderr, "loadgen: connection %d closed "
				    "by the server\n", c->idx);
				g.nfailed++;
			}
		}
		break;

	case LWS_CALLBACK_CLIENT_RECEIVE:
		if (c->rxlen + len > c->rxcap) {
			size_t cap = c->rxcap ? c->rxcap : 4096;

			while (cap < c->rxlen + len)
				cap *= 2;
			if ((c->rx = realloc(c->rx, cap)) == NULL)
				return -1;
			c->rxcap = cap;
		}
		memcpy(c->rx + c->rxlen, in, len);
		c->rxlen += len;
		if (!lws_is_final_fragment(wsi) ||
		    lws_remaining_packet_payload(wsi) != 0)
			break;
		n = (int)c->rxlen;
		c->rxlen = 0;
		conn_message(c, (const char *)c->rx, (size_t)n);
		break;

	case LWS_CALLBACK_CLIENT_WRITEABLE:
		if (!c->helloed && g.scen != S_ECHO &&
		    !(g.scen == S_CONV && !c->idle)) {
			if (c->hello_len == 0) {
				c->hello_len = (size_t)snprintf(c->hello +
				    LWS_PRE, sizeof(c->hello) - LWS_PRE,
				    "{\"type\":\"hello\",\"id\":\"h\","
				    "\"protocol\":\"advisor.v1\",\"client\":"
				    "\"loadgen\"}");
				if (lws_write(wsi, (unsigned char *)c->hello +
				    LWS_PRE, c->hello_len, LWS_WRITE_TEXT) <
				    (int)c->hello_len)
					return -1;
			}
			break;
		}
		if (c->idle && g.scen == S_ECHO && c->hello_len == 0) {
			c->hello_len = (size_t)snprintf(c->hello + LWS_PRE,
			    sizeof(c->hello) - LWS_PRE, "{\"re\":\"h\","
			    "\"done\":true}");
			if (lws_write(wsi, (unsigned char *)c->hello + LWS_PRE,
			    c->hello_len, LWS_WRITE_TEXT) < (int)c->hello_len)
				return -1;
			break;
		}
		c->ready = 1;	/* hello sent: the queue may be written */
		if (c->sq_n == 0)
			break;
		if (conn_write_next(c) == -1)
			return -1;
		if (c->sq_n > 0)
			lws_callback_on_writable(wsi);
		break;

	default:
		break;
	}
	return 0;
}

static const struct lws_protocols lg_protocols[] = {
	{ "advisor.v1", lg_callback, 0, 4096, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static void
conn_open(struct lconn *c)
{
	struct lws_client_connect_info ci;

	memset(&ci, 0, sizeof(ci));
	ci.context = g.ctx;
	ci.address = "127.0.0.1";
	ci.port = g.port;
	ci.path = "/ws";
	ci.host = "127.0.0.1";
	ci.protocol = "advisor.v1";
	ci.opaque_user_data = c;
	ci.pwsi = &c->wsi;
	if (lws_client_connect_via_info(&ci) == NULL) {
		c->dead = 1;
		g.nfailed++;
	}
}

/* Keep RAMP idle connections being opened until all are started. */
static void
open_next_idle(void)
{
	while (g.idle_started < g.nidle && g.nopen_idle < RAMP) {
		struct lconn *c = &g.idle[g.idle_started++];

		g.nopen_idle++;
		conn_open(c);
		if (c->dead)
			g.nopen_idle--;
	}
}

static int
fcmp(const void *a, const void *b)
{
	float x = *(const float *)a, y = *(const float *)b;

	return x < y ? -1 : x > y;
}

static double
pct(double p)
{
	size_t i;

	if (g.nlat == 0)
		return NAN;
	i = (size_t)(p * (double)(g.nlat - 1) + 0.5);
	return g.lat[i];
}

/*
 * A double for JSON, which has no NaN: "null" then.  Four rotating
 * buffers, so that one printf may hold several.
 */
static const char *
jd(double v, int prec)
{
	static char buf[4][32];
	static int k;
	char *b = buf[k++ % 4];

	if (!isfinite(v))
		return "null";
	snprintf(b, sizeof(buf[0]), "%.*f", prec ? prec : 3, v);
	return b;
}

static ev_timer tick;
static ev_idle spin;
static ev_io sched_io;

/* Open loop: schedule every message due by now. */
static void
schedule_due(void)
{
	double t = now_us();

	while (g.t_sched0 + (double)g.nsched * 1e6 / g.rate <= t) {
		double ts = g.t_sched0 + (double)g.nsched * 1e6 / g.rate;
		int k;

		g.nsched++;
		for (k = 0; k < g.conns; k++) {
			struct lconn *c = &g.c[g.rr++ % g.conns];

			if (!c->dead && c->helloed) {
				conn_offer(c, ts);
				break;
			}
		}
	}
}

static void
spin_cb(struct ev_loop *loop, ev_idle *w, int revents)
{
	(void)loop;
	(void)w;
	(void)revents;
	schedule_due();
}

/* Open loop: arm the timerfd for the next scheduled message. */
static void
sched_arm(void)
{
	double ts = g.t_sched0 + (double)g.nsched * 1e6 / g.rate;
	struct itimerspec it;

	memset(&it, 0, sizeof(it));
	it.it_value.tv_sec = (time_t)(ts / 1e6);
	it.it_value.tv_nsec = (long)((ts - (double)it.it_value.tv_sec * 1e6) *
	    1e3);
	if (it.it_value.tv_nsec < 0)
		it.it_value.tv_nsec = 0;
	if (it.it_value.tv_nsec > 999999999)
		it.it_value.tv_nsec = 999999999;
	if (it.it_value.tv_sec == 0 && it.it_value.tv_nsec == 0)
		it.it_value.tv_nsec = 1;	/* 0 would disarm it */
	(void)timerfd_settime(g.tfd, TFD_TIMER_ABSTIME, &it, NULL);
}

/* Open loop: the timerfd fired; send what is due, sleep to the next. */
static void
sched_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	uint64_t n;

	(void)loop;
	(void)w;
	(void)revents;
	(void)read(g.tfd, &n, sizeof(n));
	schedule_due();
	sched_arm();
}

/*
 * Open loop: has every slot its conversation (say, walk: `open`
 * answered)?  The schedule starts only then: the opens of every slot at
 * once are a burst the server works off for a while (800 conversations
 * created in one loop round), and a schedule begun before would carry
 * that backlog into the measured window (p99s of 0.5 s on a loaded
 * machine with 1 s of warm-up).  A closed loop starts at once.
 */
static int
setup_done(void)
{
	int i, j;

	if (g.rate == 0 || g.scen == S_CONV)
		return 1;
	for (i = 0; i < g.conns; i++)
		for (j = 0; j < g.c[i].nslots; j++)
			if (g.c[i].slots[j].state == SL_NEW ||
			    g.c[i].slots[j].state == SL_SETUP)
				return 0;
	return 1;
}

/* Every 10 ms: move through the phases. */
static void
tick_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	double t = now_us();
	int i;

	(void)w;
	(void)revents;
	if (g.phase == 0) {
		if (g.idle_ready + g.nfailed >= g.nidle && g.rss_idle == 0 &&
		    g.nidle > 0) {
			if (g.t_hold == 0) {
				/* -H: the server's CPU with the idle ones only */
				g.t_hold = t;
				g.hold_cpu0 = g.pid ? proc_cpu(g.pid) : NAN;
			}
			if (t < g.t_hold + g.hold * 1e6)
				return;
			if (g.hold > 0)
				g.hold_cpu = (g.pid ? proc_cpu(g.pid) : NAN) -
				    g.hold_cpu0;
			g.rss_idle = g.pid ? proc_rss(g.pid) : -1;
			for (i = 0; i < g.conns; i++)
				conn_open(&g.c[i]);
		}
		if ((g.nidle == 0 || g.rss_idle != 0) &&
		    g.nup + g.nfailed >= g.conns && (g.nfailed > 0 ||
		    setup_done())) {
			if (g.nfailed > 0) {
				fprintf(stderr, "loadgen: %d connections "
				    "failed\n", g.nfailed);
				ev_break(loop, EVBREAK_ALL);
				return;
			}
			g.phase = 1;
			g.t_measure = t + g.warmup * 1e6;
			g.t_end = g.t_measure + g.seconds * 1e6;
			if (g.rate > 0) {
				g.t_sched0 = t;
				if (g.spin)
					ev_idle_start(loop, &spin);
				else {
					ev_io_start(loop, &sched_io);
					sched_arm();
				}
			}
		}
		return;
	}
	if (g.phase == 1 && t >= g.t_measure) {
		g.phase = 2;
		g.srv_cpu0 = g.pid ? proc_cpu(g.pid) : NAN;
		g.cli_cpu0 = proc_cpu(0);
		g.t_measure = t;
	} else if (g.phase == 2 && t >= g.t_end) {
		g.srv_cpu1 = g.pid ? proc_cpu(g.pid) : NAN;
		g.cli_cpu1 = proc_cpu(0);
		g.t_end = t;
		g.phase = 3;
		g.rss1 = g.pid ? proc_rss(g.pid) : -1;
		ev_break(loop, EVBREAK_ALL);
	}
}

static void
usage(void)
{
	fprintf(stderr, "usage: loadgen -p PORT -s echo|unknown|say|walk|conv "
	    "[-c CONNS] [-w WINDOW] [-d SECONDS] [-W WARMUP] [-r RATE] "
	    "[-i IDLE [-H HOLD_SECONDS]] [-P SERVER_PID] [-k API_KEY] [-q questions.json]... [-n SAYS] [-X] [-Y]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	struct lws_context_creation_info info;
	void *foreign[1];
	double el, scpu, ccpu;
	int ch, i, j;

	g.conns = 100;
	g.window = 1;
	g.seconds = 3;
	g.warmup = 1;
	g.self = (int)getpid();
	g.seed = (unsigned)g.self;
	g.scen = S_ECHO;
	while ((ch = getopt(argc, argv, "p:s:c:w:d:W:r:i:H:P:k:q:n:XY")) != -1) {
		switch (ch) {
		case 'p': g.port = atoi(optarg); break;
		case 's':
			for (i = 0; i < 5; i++)
				if (strcmp(optarg, scen_names[i]) == 0)
					break;
			if (i == 5)
				usage();
			g.scen = (enum scen)i;
			break;
		case 'c': g.conns = atoi(optarg); break;
		case 'w': g.window = atoi(optarg); break;
		case 'd': g.seconds = atof(optarg); break;
		case 'n': g.maxq = (size_t)strtoul(optarg, NULL, 10); break;
		case 'W': g.warmup = atof(optarg); break;
		case 'r': g.rate = atof(optarg); break;
		case 'i': g.nidle = atoi(optarg); break;
		case 'H': g.hold = atof(optarg); break;
		case 'P': g.pid = atoi(optarg); break;
		case 'k': g.key = optarg; break;
		case 'X': g.check = 1; break;
		case 'Y': g.spin = 1; break;
		case 'q':
			if (load_questions(optarg) == -1)
				return 1;
			break;
		default: usage();
		}
	}
	if (g.port <= 0 || g.conns < 1 || g.window < 1 ||
	    g.window > MAX_WINDOW || g.seconds <= 0 || g.nidle < 0)
		usage();
	if (g.scen == S_SAY && g.nquestions == 0) {
		fprintf(stderr, "loadgen: say needs questions (-q FILE)\n");
		return 2;
	}
	if ((g.scen == S_SAY || g.scen == S_WALK) && g.key == NULL) {
		fprintf(stderr, "loadgen: %s needs an API key (-k)\n",
		    scen_names[g.scen]);
		return 2;
	}
	/* conv: a browser connection holds one conversation at a time */
	if (g.scen == S_CONV)
		g.window = 1;
	{
		struct rlimit rl;

		if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur <
		    rl.rlim_max) {
			rl.rlim_cur = rl.rlim_max;
			(void)setrlimit(RLIMIT_NOFILE, &rl);
		}
	}
	g.c = calloc((size_t)g.conns, sizeof(*g.c));
	g.idle = calloc((size_t)g.nidle + 1, sizeof(*g.idle));
	g.lat = malloc(MAX_SAMPLES * sizeof(*g.lat));
	if (g.c == NULL || g.idle == NULL || g.lat == NULL)
		return 1;
	for (i = 0; i < g.conns; i++) {
		g.c[i].idx = i;
		g.c[i].nslots = g.window;
		/* echo and unknown need no conversation */
		for (j = 0; j < g.window; j++)
			g.c[i].slots[j].state = g.scen == S_ECHO ||
			    g.scen == S_UNKNOWN ? SL_READY : SL_NEW;
		if (g.rate > 0 && (g.c[i].backlog = malloc(BACKLOG *
		    sizeof(double))) == NULL)
			return 1;
	}
	for (i = 0; i < g.nidle; i++) {
		g.idle[i].idx = 100000 + i;
		g.idle[i].idle = 1;
	}
	signal(SIGPIPE, SIG_IGN);
	lws_set_log_level(LLL_ERR, NULL);
	g.loop = ev_default_loop(EVFLAG_AUTO);

	memset(&info, 0, sizeof(info));
	info.options = LWS_SERVER_OPTION_LIBEV;
	foreign[0] = g.loop;
	info.foreign_loops = foreign;
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.protocols = lg_protocols;
	info.timeout_secs = 30;
	if ((g.ctx = lws_create_context(&info)) == NULL) {
		fprintf(stderr, "loadgen: cannot create the lws context\n");
		return 1;
	}
	g.rss0 = g.pid ? proc_rss(g.pid) : -1;
	ev_timer_init(&tick, tick_cb, 0.01, 0.01);
	ev_timer_start(g.loop, &tick);
	ev_idle_init(&spin, spin_cb);
	if (g.rate > 0 && !g.spin) {
		/* the schedule's wake-ups on time: no slack on the timer */
		(void)prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
		if ((g.tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK |
		    TFD_CLOEXEC)) == -1) {
			perror("loadgen: timerfd_create");
			return 1;
		}
		ev_io_init(&sched_io, sched_cb, g.tfd, EV_READ);
	}
	if (g.nidle > 0)
		open_next_idle();
	else
		for (i = 0; i < g.conns; i++)
			conn_open(&g.c[i]);

	ev_run(g.loop, 0);
	ev_idle_stop(g.loop, &spin);
	if (g.rate > 0 && !g.spin) {
		ev_io_stop(g.loop, &sched_io);
		(void)close(g.tfd);
	}
	ev_timer_stop(g.loop, &tick);

	el = (g.t_end - g.t_measure) / 1e6;
	qsort(g.lat, g.nlat, sizeof(*g.lat), fcmp);
	scpu = g.srv_cpu1 - g.srv_cpu0;
	ccpu = g.cli_cpu1 - g.cli_cpu0;
	printf("{\"scenario\":\"%s\",\"conns\":%d,\"window\":%d,"
	    "\"offered\":%.0f,\"seconds\":%s,\"turns\":%llu,\"rate\":%s,"
	    "\"convs\":%llu,\"conv_rate\":%s,", scen_names[g.scen], g.conns,
	    g.window, g.rate, jd(el, 0), (unsigned long long)g.turns,
	    jd(el > 0 ? (double)g.turns / el : NAN, 1),
	    (unsigned long long)g.convs,
	    jd(el > 0 ? (double)g.convs / el : NAN, 2));
	printf("\"p50_us\":%s,", jd(pct(0.5), 0));
	printf("\"p99_us\":%s,", jd(pct(0.99), 0));
	printf("\"p999_us\":%s,", jd(pct(0.999), 0));
	printf("\"max_us\":%s,", jd(g.nlat ? g.lat[g.nlat - 1] : NAN, 0));
	printf("\"server_cpu\":%s,", jd(el > 0 ? scpu / el : NAN, 0));
	printf("\"server_cpu_us_per_msg\":%s,", jd(g.turns ?
	    scpu * 1e6 / (double)g.turns : NAN, 0));
	printf("\"client_cpu\":%s,", jd(el > 0 ? ccpu / el : NAN, 0));
	printf("\"client_cpu_us_per_msg\":%s,", jd(g.turns ?
	    ccpu * 1e6 / (double)g.turns : NAN, 0));
	printf("\"rx_msgs\":%llu,\"rx_bytes\":%llu,",
	    (unsigned long long)g.rx_msgs, (unsigned long long)g.rx_bytes);
	printf("\"slow_parses\":%llu,\"checked\":%llu,\"mismatches\":%llu,",
	    (unsigned long long)g.slow_parses, (unsigned long long)g.checked,
	    (unsigned long long)g.mismatches);
	printf("\"errors\":%llu,\"unexpected\":%llu,\"failed\":%d,"
	    "\"dropped_schedule\":%llu,\"idle\":%d,\"rss_kib_start\":%ld,"
	    "\"rss_kib_idle\":%ld,\"rss_kib_end\":%ld,\"hold_seconds\":%.1f,",
	    (unsigned long long)g.errors, (unsigned long long)g.unexpected,
	    g.nfailed, (unsigned long long)g.late_drops, g.nidle, g.rss0,
	    g.rss_idle, g.rss1, g.hold);
	printf("\"hold_server_cpu\":%s,", jd(g.hold_cpu, 0));
	printf("\"idle_closed\":%d,\"ok\":%s}\n", g.idle_closed,
	    g.phase == 3 && g.nfailed == 0 ? "true" : "false");
	fflush(stdout);
	lws_context_destroy(g.ctx);
	ev_run(g.loop, EVRUN_NOWAIT);
	for (i = 0; i < g.conns; i++) {
		free(g.c[i].rx);
		free(g.c[i].backlog);
	}
	for (i = 0; i < g.nidle; i++)
		free(g.idle[i].rx);
	for (j = 0; (size_t)j < g.nquestions; j++)
		free(g.questions[j]);
	free(g.questions);
	free(g.c);
	free(g.idle);
	free(g.lat);
	/* no turn in the window is a result (rate 0), not a failure */
	return g.phase == 3 && g.nfailed == 0 ? 0 : 1;
}
