/* SPDX-License-Identifier: ISC */
/*
 * limits.c: the process's own limits against what the configuration
 * allows, and what to do when file descriptors run out anyway.
 *
 * Every connection is a descriptor; peers.c fits max_connections to the
 * open-files limit (raised first).  Should descriptors run out all the same (accept(2) fails with EMFILE or
 * ENFILE), libwebsockets 4.1.6 logs the error and returns, the listening
 * socket is still readable, and the loop spins on it.  So on that error
 * (seen through lws's log line, the only place lws reports it) we do what
 * libev's documentation advises: give up a spare descriptor kept for the
 * purpose, accept the waiting connections and close them at once, and take
 * the spare back.  The clients see a closed connection (they would
 * otherwise wait), the loop has nothing left to spin on, and the log says
 * it at most once per LIMITS_LOG_EVERY seconds.
 *
 * What conversations may hold (the rest of the file): how many browsers at
 * one address may keep (max_conversations_per_ip, counted here in a small
 * table of addresses), the replay kept for resume by all of them together
 * (max_replay_bytes; conversation.c trims the replay of connected ones
 * and closes the longest idle waiting ones while it is over), and which
 * journaled conversations are worth recovering (those a user spoke in).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "advisord.h"
#include "strbuf.h"

#define LIMITS_SCAN_MAX		4096	/* listening sockets are below this */
#define LIMITS_SHED_MAX		256	/* connections closed per failure */
#define LIMITS_LOG_EVERY	10	/* seconds between repeated warnings */

static int	spare_fd = -1;
static uint64_t	shed_total;
static time_t	shed_logged;
static uint64_t	shed_since_log;

/*
 * Keep the spare descriptor limits_accept_failed() gives up.  (Fitting
 * max_connections to the open-files limit is peers.c's: peers_fd_cap.)
 */
void
limits_nofile(struct config *c)
{
	(void)c;
	if (spare_fd == -1)
		spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
}

/* Accept and close what waits on listening socket fd; how many. */
static unsigned
limits_shed_one(int fd)
{
	struct pollfd pfd = { fd, POLLIN, 0 };
	unsigned n = 0;
	int s;

	while (n < LIMITS_SHED_MAX && poll(&pfd, 1, 0) == 1 &&
	    (pfd.revents & POLLIN)) {
		if ((s = accept4(fd, NULL, NULL, SOCK_NONBLOCK |
		    SOCK_CLOEXEC)) == -1)
			break;
		(void)close(s);
		n++;
	}
	return n;
}

/*
 * accept(2) failed for want of descriptors (libwebsockets said so): close
 * the connections waiting on every listening socket, with the spare
 * descriptor given up for the time it takes.
 */
void
limits_accept_failed(void)
{
	unsigned n = 0;
	int fd, on, max;
	socklen_t len;
	time_t now = time(NULL);

	if (spare_fd != -1) {
		(void)close(spare_fd);
		spare_fd = -1;
	}
	max = (int)sysconf(_SC_OPEN_MAX);
	if (max <= 0 || max > LIMITS_SCAN_MAX)
		max = LIMITS_SCAN_MAX;
	for (fd = 0; fd < max; fd++) {
		len = sizeof(on);
		if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &on, &len) == 0 &&
		    on)
			n += limits_shed_one(fd);
	}
	spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	shed_total += n;
	shed_since_log += n;
	if (now - shed_logged >= LIMITS_LOG_EVERY) {
		log_warnx("out of file descriptors: %llu new connection%s "
		    "closed unanswered since the last such warning (%llu in "
		    "all); see the open-files limit and max_connections",
		    (unsigned long long)shed_since_log,
		    shed_since_log == 1 ? "" : "s",
		    (unsigned long long)shed_total);
		shed_logged = now;
		shed_since_log = 0;
	}
}

/* Connections closed unanswered for want of descriptors, for /metrics. */
uint64_t
limits_shed_count(void)
{
	return shed_total;
}

/* Conversations per address: a chained table, entries freed at zero. */
#define ADDR_BUCKETS	1024

struct addr_count {
	struct addr_count	*next;
	unsigned long		 n;
	long			 bytes;		/* its conversations' records */
	struct bucket		 replay;	/* rate_replay_bytes_per_ip */
	time_t			 said_full;	/* last logged at its share */
	char			 addr[64];
};

static struct addr_count *addr_table[ADDR_BUCKETS];
static long	ring_total;		/* bytes in every replay ring */
static long	out_total;		/* bytes queued for every client */
static long	reply_total;		/* transcript replies being made */
static uint64_t	refused_reply_memory, refused_reply_busy;
static uint64_t	refused_disk_ip, refused_disk_ceiling;
static uint64_t	refused_per_ip, closed_unheard, closed_memory, closed_per_ip;
static uint64_t	closed_memory_conn;
static uint64_t	trimmed_bytes;		/* connected replay given up */
static uint64_t	dropped_connection, dropped_conversation;
static uint64_t	dropped_resume, dropped_replay_bytes, dropped_replay_ip;
static uint64_t	refused_state, state_bytes;
static uint64_t	refused_too_large;	/* over max_message_bytes: 1009 */
static double	state_scanned = -1e9;
static unsigned long long state_written;	/* store_written() at the measure */
#define STATE_SCAN_EVERY	10.0	/* seconds between measures */

/* The slot of address addr (an IPv6 one by its /64: peers_addr_key). */
static struct addr_count **
addr_slot(const char *ip)
{
	unsigned h = 5381;
	const unsigned char *p;
	struct addr_count **pp;
	char addr[64];

	peers_addr_key(ip, addr, sizeof(addr));

	for (p = (const unsigned char *)addr; *p != '\0'; p++)
		h = h * 33 + *p;
	for (pp = &addr_table[h % ADDR_BUCKETS]; *pp != NULL;
	    pp = &(*pp)->next)
		if (strcmp((*pp)->addr, addr) == 0)
			break;
	return pp;
}

/*
 * May cn open one more conversation?  Browsers (no API key) at one
 * address hold at most max_conversations_per_ip; 0 when that is full.
 */
int
limits_conv_admit(struct conn *cn)
{
	struct addr_count **pp;

	if (cn->integration)
		return 1;
	pp = addr_slot(cn->peer);
	if (*pp != NULL && (*pp)->n >=
	    (unsigned long)cn->d->conf->max_conversations_per_ip)
		return 0;
	return 1;
}

/* c was made for a client at addr (NULL: not counted). */
void
limits_conv_added(struct conversation *c, const char *addr)
{
	struct addr_count **pp, *a;

	c->addr[0] = '\0';
	if (addr == NULL || *addr == '\0')
		return;
	pp = addr_slot(addr);
	if ((a = *pp) == NULL) {
		if ((a = calloc(1, sizeof(*a))) == NULL)
			return;
		peers_addr_key(addr, a->addr, sizeof(a->addr));
		*pp = a;
	}
	a->n++;
	(void)snprintf(c->addr, sizeof(c->addr), "%s", a->addr);
}

/* c goes away: its address count and its replay ring with it. */
void
limits_conv_removed(struct conversation *c)
{
	struct addr_count **pp, *a;

	ring_total -= (long)c->ring_bytes;
	if (c->addr[0] == '\0')
		return;
	pp = addr_slot(c->addr);
	if ((a = *pp) != NULL)
		a->bytes -= c->disk;
	c->disk = 0;
	if ((a = *pp) != NULL && --a->n == 0) {
		*pp = a->next;
		free(a);
	}
	c->addr[0] = '\0';
}

/*
 * The replay budget (rate_replay_bytes_per_ip) a resume of c by cn is
 * charged to, or NULL: the entry of cn's address (the one
 * max_conversations_per_ip counts, behind a trusted proxy the client's),
 * else of c's when cn's address holds no conversation; NULL on an
 * integration connection (an API key is not an address) or when neither
 * has an entry.  The budget lives as long as its address holds
 * conversations, so closing connections does not refill it.
 */
struct bucket *
limits_replay_bucket(struct conn *cn, const struct conversation *c)
{
	struct addr_count *a;

	if (cn->integration)
		return NULL;
	if (cn->peer[0] != '\0' && (a = *addr_slot(cn->peer)) != NULL)
		return &a->replay;
	if (c->addr[0] != '\0' && (a = *addr_slot(c->addr)) != NULL)
		return &a->replay;
	return NULL;
}

/* A replay ring grew (or shrank) by delta bytes. */
void
limits_ring_bytes(long delta)
{
	ring_total += delta;
}

/* Output queued for a client grew (or shrank) by delta bytes. */
void
limits_out_bytes(long delta)
{
	out_total += delta;
}

/* Replay kept for resume, all conversations together: bytes. */
long
limits_replay_total(void)
{
	return ring_total;
}

/* Output queued for clients (and held by lws), all together: bytes. */
long
limits_output_bytes(void)
{
	return out_total;
}

/* Replay and queued output together over their budget? */
int
limits_over_memory(const struct daemon *d)
{
	return limits_over_memory_less(d, 0);
}

/*
 * Would replay and queued output still be over their budget with freed
 * bytes given back?  (Whether closing the waiting conversations can
 * cover the overrun: conversations_bound.)
 */
int
limits_over_memory_less(const struct daemon *d, long freed)
{
	return ring_total + out_total + reply_total - freed >
	    d->conf->max_replay_bytes;
}

/* By how many bytes replay and queued output are over their budget. */
long
limits_memory_over(const struct daemon *d)
{
	return ring_total + out_total + reply_total -
	    d->conf->max_replay_bytes;
}

/*
 * Replay of connected conversations given up for the budget
 * (conversations_trim): bytes, for /metrics.
 */
void
limits_trimmed(long bytes)
{
	trimmed_bytes += (uint64_t)bytes;
}

/*
 * A transcript reply of bytes (what making it costs: transcript.c's
 * transcript_reply_cost) is made on the worker and then queued whole, so
 * it is reckoned against max_replay_bytes before it is made, not after it
 * is queued: delta bytes are set aside (negative: given back).
 */
void
limits_reply_bytes(long delta)
{
	reply_total += delta;
}

/*
 * May a transcript reply of bytes be made now?  Else the refusal is
 * counted: "busy" (one is being made for the connection already) or
 * "memory" (it does not fit in what is left of max_replay_bytes).
 */
int
limits_reply_fits(const struct daemon *d, long bytes, int busy)
{
	if (busy) {
		refused_reply_busy++;
		return 0;
	}
	if (ring_total + out_total + reply_total + bytes >
	    d->conf->max_replay_bytes) {
		refused_reply_memory++;
		return 0;
	}
	return 1;
}

/* Did a user speak in these journaled records (say, choose, command)? */
int
limits_recs_heard(char **recs, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++) {
		json_t *rec = json_loadb(recs[i], strlen(recs[i]), 0,
		    NULL);
		const char *dir = json_string_value(json_object_get(rec, "dir"));
		const char *type = json_string_value(json_object_get(
		    json_object_get(rec, "msg"), "type"));
		int heard = dir != NULL && type != NULL &&
		    strcmp(dir, "client") == 0 && (strcmp(type, "say") == 0 ||
		    strcmp(type, "choose") == 0 || strcmp(type, "command") == 0);

		json_decref(rec);
		if (heard)
			return 1;
	}
	return 0;
}

/* A new conversation refused by max_conversations_per_ip. */
void
limits_refused_per_ip(void)
{
	refused_per_ip++;
}

/* A message refused for max_message_bytes (its connection closed with
 * 1009): counted so that every refusal shows in /metrics by its bound. */
void
limits_message_too_large(void)
{
	refused_too_large++;
}

/*
 * A conversation closed by a bound: "unheard", "memory" or "per_ip"; or
 * a connection dropped for memory, "memory_connection".
 */
void
limits_closed(const char *why)
{
	if (strcmp(why, "memory") == 0)
		closed_memory++;
	else if (strcmp(why, "memory_connection") == 0)
		closed_memory_conn++;
	else if (strcmp(why, "per_ip") == 0)
		closed_per_ip++;
	else
		closed_unheard++;
}

/* Bytes of the regular files in dir and its subdirectories (one level). */
static uint64_t
du(const char *dir, int depth)
{
	char path[4096];
	struct dirent *de;
	struct stat sb;
	uint64_t n = 0;
	DIR *dp;

	if ((dp = opendir(dir)) == NULL)
		return 0;
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.' && (de->d_name[1] == '\0' ||
		    (de->d_name[1] == '.' && de->d_name[2] == '\0')))
			continue;
		(void)snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (lstat(path, &sb) == -1)
			continue;
		if (S_ISREG(sb.st_mode))
			n += (uint64_t)sb.st_size;
		else if (S_ISDIR(sb.st_mode) && depth > 0)
			n += du(path, depth - 1);
	}
	closedir(dp);
	return n;
}

/*
 * Measure the state directory (transcripts, journal, key) every
 * STATE_SCAN_EVERY seconds: what max_state_bytes is checked against.
 */
void
limits_state_tick(struct daemon *d, double now)
{
	if (now - state_scanned < STATE_SCAN_EVERY || d->conf->state_dir == NULL)
		return;
	state_scanned = now;
	state_written = store_written(d->store);
	state_bytes = du(d->conf->state_dir, 1);
}

/* The last measure plus what the store wrote since. */
static uint64_t
state_now(struct store *st)
{
	return state_bytes + (store_written(st) - state_written);
}

/*
 * Is the state directory at its budget?  Counts the refusal it causes.
 * The last measure plus what the store wrote since (deletions are seen at
 * the next measure): a measure is up to STATE_SCAN_EVERY seconds old, and
 * a busy daemon writes far more than the budget's headroom in that time.
 */
int
limits_state_full(const struct daemon *d)
{
	static time_t said;
	time_t now;

	if (state_now(d->store) < (uint64_t)d->conf->max_state_bytes)
		return 0;
	refused_state++;
	/* else the operator sees a healthy daemon no one can talk to */
	if ((now = time(NULL)) - said >= 60) {
		said = now;
		log_warnx("state directory %s: %llu bytes, at its budget "
		    "(max_state_bytes %lld): new conversations are refused",
		    d->conf->state_dir ? d->conf->state_dir : "?",
		    (unsigned long long)state_now(d->store),
		    (long long)d->conf->max_state_bytes);
	}
	return 1;
}

/*
 * May a user message of c be recorded (with the turn it starts)?  NULL,
 * or the limit that refuses it: "max_state_bytes" once the state
 * directory is a quarter past its budget (open conversations stop there:
 * a hard ceiling), "max_state_bytes_per_ip" once the open browser
 * conversations of c's address have written their share.  An address's
 * bytes are its open conversations' records (counted here as they grow,
 * a turn late), forgotten when they close.
 */
const char *
limits_disk_refuse(const struct daemon *d, struct conversation *c)
{
	const struct config *cf = d->conf;
	long share = cf->max_state_bytes_per_ip > 0 ?
	    cf->max_state_bytes_per_ip : cf->max_state_bytes / 4;
	long now = transcript_bytes(c);
	struct addr_count *a = NULL;
	static time_t said_ceiling;
	time_t t;

	if (c->addr[0] != '\0' && (a = *addr_slot(c->addr)) != NULL) {
		a->bytes += now - c->disk;
		c->disk = now;
	}
	if (cf->state_dir != NULL && state_now(d->store) >=
	    (uint64_t)cf->max_state_bytes + (uint64_t)cf->max_state_bytes / 4) {
		refused_disk_ceiling++;
		/* every refusal names its limit in the log too (README,
		 * Limits); once a minute, as a refusal may come per message */
		if ((t = time(NULL)) - said_ceiling >= 60) {
			said_ceiling = t;
			log_warnx("state directory a quarter past its budget "
			    "(max_state_bytes %ld): user messages of open "
			    "conversations are refused (storage_full; logged "
			    "once a minute)", cf->max_state_bytes);
		}
		return "max_state_bytes";
	}
	if (a != NULL && a->bytes >= share) {
		refused_disk_ip++;
		/* once a minute per address: one per message could flood */
		if ((t = time(NULL)) - a->said_full >= 60) {
			a->said_full = t;
			log_info("%s: the open browser conversations of this "
			    "address wrote %ld bytes, at max_state_bytes_per_ip "
			    "(%ld): their user messages are refused "
			    "(storage_full; logged once a minute per address)",
			    a->addr, a->bytes, share);
		}
		return "max_state_bytes_per_ip";
	}
	return NULL;
}

/* A message dropped by a rate limit: "rate_connection" or another. */
void
limits_dropped(const char *limit)
{
	if (strcmp(limit, "rate_connection") == 0)
		dropped_connection++;
	else if (strcmp(limit, "rate_resume") == 0)
		dropped_resume++;
	else if (strcmp(limit, "rate_replay_bytes") == 0)
		dropped_replay_bytes++;
	else if (strcmp(limit, "rate_replay_bytes_per_ip") == 0)
		dropped_replay_ip++;
	else
		dropped_conversation++;
}

void
limits_metrics(struct daemon *d, struct strbuf *b)
{
	strbuf_printf(b, "# HELP advisord_messages_dropped_total Client "
	    "messages dropped by a rate limit (each answered rate_limited, "
	    "or counted in the next one's unanswered), by the limit.\n"
	    "# TYPE advisord_messages_dropped_total counter\n"
	    "advisord_messages_dropped_total{limit=\"rate_connection\"} %llu\n"
	    "advisord_messages_dropped_total{limit=\"rate_conversation\"} "
	    "%llu\n"
	    "advisord_messages_dropped_total{limit=\"rate_resume\"} %llu\n"
	    "advisord_messages_dropped_total{limit=\"rate_replay_bytes\"} "
	    "%llu\n"
	    "advisord_messages_dropped_total{limit="
	    "\"rate_replay_bytes_per_ip\"} %llu\n",
	    (unsigned long long)dropped_connection,
	    (unsigned long long)dropped_conversation,
	    (unsigned long long)dropped_resume,
	    (unsigned long long)dropped_replay_bytes,
	    (unsigned long long)dropped_replay_ip);
	strbuf_printf(b, "# HELP advisord_state_bytes The state directory, last "
	    "measured, plus what the store wrote since (max_state_bytes "
	    "bounds it).\n"
	    "# TYPE advisord_state_bytes gauge\n"
	    "advisord_state_bytes %llu\n",
	    (unsigned long long)state_now(d->store));
	strbuf_printf(b, "# HELP advisord_replay_bytes Replay kept for resume, "
	    "all conversations (max_replay_bytes bounds it).\n"
	    "# TYPE advisord_replay_bytes gauge\n"
	    "advisord_replay_bytes %ld\n", ring_total);
	strbuf_printf(b, "# HELP advisord_replay_trimmed_bytes_total Replay of "
	    "connected conversations given up, older than their latest answer, "
	    "while max_replay_bytes was spent.\n"
	    "# TYPE advisord_replay_trimmed_bytes_total counter\n"
	    "advisord_replay_trimmed_bytes_total %llu\n",
	    (unsigned long long)trimmed_bytes);
	strbuf_printf(b, "# HELP advisord_queued_output_bytes Output queued "
	    "for clients, all connections, with messages the socket took only in "
	    "part (max_replay_bytes bounds it with the replay).\n"
	    "# TYPE advisord_queued_output_bytes gauge\n"
	    "advisord_queued_output_bytes %ld\n", out_total);
	strbuf_printf(b, "# HELP advisord_conversation_limits_total "
	    "Conversations refused or closed by a bound, by the bound.\n"
	    "# TYPE advisord_conversation_limits_total counter\n"
	    "advisord_conversation_limits_total{limit="
	    "\"max_conversations_per_ip\"} %llu\n"
	    "advisord_conversation_limits_total{limit="
	    "\"max_conversations_per_ip_closed\"} %llu\n"
	    "advisord_conversation_limits_total{limit=\"unheard_timeout\"} "
	    "%llu\n"
	    "advisord_conversation_limits_total{limit=\"max_replay_bytes\"} "
	    "%llu\n"
	    "advisord_conversation_limits_total{limit=\"max_state_bytes\"} "
	    "%llu\n"
	    "advisord_conversation_limits_total{limit="
	    "\"max_replay_bytes_connection\"} %llu\n",
	    (unsigned long long)refused_per_ip,
	    (unsigned long long)closed_per_ip,
	    (unsigned long long)closed_unheard,
	    (unsigned long long)closed_memory,
	    (unsigned long long)refused_state,
	    (unsigned long long)closed_memory_conn);
	strbuf_printf(b, "# HELP advisord_transcript_refused_total Transcript "
	    "requests refused before the reply was made (transcript_refused), "
	    "by the bound.\n"
	    "# TYPE advisord_transcript_refused_total counter\n"
	    "advisord_transcript_refused_total{limit=\"max_replay_bytes\"} "
	    "%llu\n"
	    "advisord_transcript_refused_total{limit=\"one_per_connection\"} "
	    "%llu\n", (unsigned long long)refused_reply_memory,
	    (unsigned long long)refused_reply_busy);
	strbuf_printf(b, "# HELP advisord_messages_refused_total User "
	    "messages refused, by the bound: storage_full in an open "
	    "conversation, or over max_message_bytes (connection closed "
	    "1009).\n"
	    "# TYPE advisord_messages_refused_total counter\n"
	    "advisord_messages_refused_total{limit=\"max_state_bytes\"} "
	    "%llu\n"
	    "advisord_messages_refused_total{limit="
	    "\"max_state_bytes_per_ip\"} %llu\n"
	    "advisord_messages_refused_total{limit="
	    "\"max_message_bytes\"} %llu\n",
	    (unsigned long long)refused_disk_ceiling,
	    (unsigned long long)refused_disk_ip,
	    (unsigned long long)refused_too_large);
	strbuf_printf(b, "# HELP advisord_transcript_reply_bytes Transcript "
	    "replies being made, as reckoned against max_replay_bytes.\n"
	    "# TYPE advisord_transcript_reply_bytes gauge\n"
	    "advisord_transcript_reply_bytes %ld\n", reply_total);
}

/*
 * welcome.limits: every limit a client must respect, grouped by what it
 * applies to (one message, this connection, each conversation, the
 * client's address, the whole daemon), so that a per-connection limit is
 * never mistaken for a daemon-wide one.  The flat names before the groups
 * are advisor.v1's first ones, kept for older clients.  integration: the
 * connection may hold many conversations (else one).  The daemon's
 * max_connections is what it holds (peers_max_connections: fewer than the
 * setting when the open-files limit is short), and each message member
 * is the name an error refused at that bound carries in "limit".
 */
json_t *
limits_welcome(const struct daemon *d, int integration)
{
	const struct config *c = d->conf;
	long perconn = integration ? c->max_conversations_per_connection : 1;
	double grace = (double)c->ping_interval / 3 > 2 ?
	    (double)c->ping_interval / 3 : 2;

	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, "
	    "s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, "
	    "s:I}, "
	    "s:{s:I, s:I, s:I, s:I, s:I, s:f}, "
	    "s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, "
	    "s:I}, "
	    "s:{s:I, s:I, s:I, s:I}, "
	    "s:{s:I, s:I, s:I, s:I}}",
	    /* advisor.v1's first names */
	    "max_message_bytes", (json_int_t)c->max_message_bytes,
	    "max_conversations", (json_int_t)perconn,
	    "rate_per_second", (json_int_t)c->rate_conversation,
	    "rate_burst", (json_int_t)c->rate_conversation_burst,
	    "connection_rate_per_second", (json_int_t)c->rate_connection,
	    "connection_rate_burst", (json_int_t)c->rate_connection_burst,
	    "idle_timeout", (json_int_t)c->idle_timeout,
	    "message",
	    "max_bytes", (json_int_t)c->max_message_bytes,
	    "max_id_bytes", (json_int_t)PROTO_MAX_ID,
	    "max_conversation_name_bytes", (json_int_t)PROTO_MAX_CONV,
	    "max_text_bytes", (json_int_t)PROTO_MAX_TEXT,
	    "max_token_bytes", (json_int_t)PROTO_MAX_TOKEN,
	    "max_meta_platform_bytes", (json_int_t)PROTO_MAX_META_PLATFORM,
	    "max_meta_field_bytes", (json_int_t)PROTO_MAX_META_FIELD,
	    "max_meta_locale_bytes", (json_int_t)PROTO_MAX_META_LOCALE,
	    "max_json_depth", (json_int_t)JSON_MAX_DEPTH,
	    "max_api_key_bytes", (json_int_t)PROTO_MAX_KEY,
	    "max_client_bytes", (json_int_t)PROTO_MAX_CLIENT,
	    "max_question_id_bytes", (json_int_t)PROTO_MAX_QID,
	    "max_choice_id_bytes", (json_int_t)PROTO_MAX_QID,
	    "connection",
	    "max_conversations", (json_int_t)perconn,
	    "rate_per_second", (json_int_t)c->rate_connection,
	    "rate_burst", (json_int_t)c->rate_connection_burst,
	    "max_output_bytes", (json_int_t)c->max_output_bytes,
	    "ping_interval", (json_int_t)c->ping_interval,
	    "pong_timeout", grace,
	    "conversation",
	    "rate_per_second", (json_int_t)c->rate_conversation,
	    "rate_burst", (json_int_t)c->rate_conversation_burst,
	    "resume_rate_per_second", (json_int_t)c->rate_resume,
	    "resume_rate_burst", (json_int_t)c->rate_resume_burst,
	    "replay_bytes_per_second", (json_int_t)c->rate_replay_bytes,
	    "replay_bytes_burst", (json_int_t)c->rate_replay_bytes_burst,
	    "idle_timeout", (json_int_t)c->idle_timeout,
	    "unheard_timeout", (json_int_t)c->unheard_timeout,
	    "replay_messages", (json_int_t)c->replay_messages,
	    "replay_bytes", (json_int_t)REPLAY_MAX_BYTES,
	    "max_transcript_records", (json_int_t)TR_MAX_RECORDS,
	    "full_at_records", (json_int_t)(TR_MAX_RECORDS - TR_FULL_MARGIN),
	    "final_transcript_seconds", (json_int_t)FINAL_HOLD_SECONDS,
	    "address",
	    "max_connections", (json_int_t)c->max_connections_per_ip,
	    "max_conversations", (json_int_t)c->max_conversations_per_ip,
	    "replay_bytes_per_second", (json_int_t)c->rate_replay_bytes_per_ip,
	    "replay_bytes_burst", (json_int_t)c->rate_replay_bytes_per_ip_burst,
	    "daemon",
	    "max_connections", (json_int_t)peers_max_connections(d),
	    "max_conversations", (json_int_t)c->max_conversations,
	    "max_state_bytes", (json_int_t)c->max_state_bytes,
	    "max_replay_bytes", (json_int_t)c->max_replay_bytes);
}
