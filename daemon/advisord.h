/* SPDX-License-Identifier: ISC */
/*
 * advisord.h: the daemon's private header.
 *
 * Prototypes are grouped by the file that defines them.  Ownership rule for
 * the whole daemon: a function that returns a pointer it allocated says so
 * in its contract comment; everything else is borrowed and must not be
 * freed by the caller.
 */
#ifndef ADVISORD_H
#define ADVISORD_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include <libwebsockets.h>

#include "dialogue.h"
#include "errlist.h"
#include "kb.h"
#include "kbdir.h"
#include "proto.h"
#include "transcript.h"

#ifndef ADVISORD_DEFAULT_KB		/* set by the Makefile */
#define ADVISORD_DEFAULT_KB	"default"
#endif
#ifndef ADVISORD_VERSION
#define ADVISORD_VERSION	"0.0.0"
#endif
#define ADVISORD_PROTOCOL	"advisor.v1"

/* log.c */
enum {
	LOG_LVL_ERR,
	LOG_LVL_WARN,
	LOG_LVL_INFO,
	LOG_LVL_DEBUG
};
void		 log_init(int);
void		 log_setlevel(int);
int		 log_getlevel(void);
int		 log_level_parse(const char *);
const char	*log_level_name(int);
int		 log_is_journal(void);
void		 log_warn(const char *, ...)
		    __attribute__((format(printf, 1, 2)));
void		 log_warnx(const char *, ...)
		    __attribute__((format(printf, 1, 2)));
void		 log_info(const char *, ...)
		    __attribute__((format(printf, 1, 2)));
void		 log_debug(const char *, ...)
		    __attribute__((format(printf, 1, 2)));
void		 log_err(const char *, ...)
		    __attribute__((format(printf, 1, 2)));
void		 log_errx(const char *, ...)
		    __attribute__((format(printf, 1, 2)));
void		 log_lws_init(void);
void		 fatal(const char *, ...)
		    __attribute__((format(printf, 1, 2), noreturn));
void		 fatalx(const char *, ...)
		    __attribute__((format(printf, 1, 2), noreturn));

/* config.c */
#define CONF_MAX_LISTEN		16
#define CONF_MAX_ORIGINS	32
#define CONF_MAX_API_KEYS	64
#define CONF_MAX_OVERRIDES	128
#define CONF_MAX_SETTINGS	64	/* rows of config.c's settings[] */
#define CONF_WHERE_LEN		160	/* "FILE:LINE" or "--flag-name" */

struct listen_addr {
	char	la_host[64];	/* numeric address, no brackets */
	int	la_port;	/* 0 lets the kernel choose */
	int	la_ipv6;
};

struct api_key {
	char	ak_name[64];	/* who the key belongs to, for logs */
	char	ak_secret[160];
};

enum sync_mode {
	SYNC_TURN,		/* fdatasync each turn before replying */
	SYNC_END,		/* fdatasync when a conversation ends */
	SYNC_OFF		/* leave it to the kernel */
};

struct config {
	struct listen_addr	listen[CONF_MAX_LISTEN];
	size_t			nlisten;
	char			*origins[CONF_MAX_ORIGINS];
	size_t			norigins;
	char			*hosts[CONF_MAX_ORIGINS];	/* allowed_host */
	size_t			nhosts;
	struct api_key		api_keys[CONF_MAX_API_KEYS];
	size_t			napi_keys;
	char			*tls_cert;
	char			*tls_key;
	char			*kb_dir;
	char			*web_root;
	char			*state_dir;
	char			*signing_key;
	int			log_level;
	int			sync_mode;
	long			max_message_bytes;
	long			max_conversations_per_connection;
	long			max_connections_per_ip;
	long			max_connections;
	long			max_conversations;
	long			max_webhook_conversations;	/* 0: half */
	long			rate_connection;	/* messages per second */
	long			rate_connection_burst;
	long			rate_conversation;
	long			rate_conversation_burst;
	long			rate_resume;		/* resumes per second */
	long			rate_resume_burst;
	long			rate_replay_bytes;	/* per second */
	long			rate_replay_bytes_burst;
	long			rate_replay_bytes_per_ip;	/* per second */
	long			rate_replay_bytes_per_ip_burst;
	long			max_output_bytes;
	long			handshake_timeout;	/* seconds */
	long			ping_interval;		/* seconds */
	long			idle_timeout;		/* seconds */
	long			retention_days;
	long			replay_messages;
	long			max_conversations_per_ip;
	long			unheard_timeout;	/* seconds */
	long			max_replay_bytes;
	long			max_state_bytes;
	long			max_state_bytes_per_ip;	/* 0: a quarter */
	struct listen_addr	metrics_listen;		/* if has_metrics_listen */
	int			has_metrics_listen;
	char			*trusted_proxies;	/* as written */
	long			http_api;		/* 1: httpapi.c serves */
	char			*slack_signing_secret;	/* NULL: off */
	char			*slack_bot_token;	/* NULL: events unanswered */
	char			*slack_api_url;		/* NULL: SLACK_API_URL */
	char			*mattermost_token;	/* NULL: off */
	char			*discord_public_key;	/* hex; NULL: off */
	char			*store;		/* PostgreSQL, or NULL: local */
	long			 store_lease;	/* seconds */
	/*
	 * Per row of config.c's settings[]: where it was set ("FILE:LINE",
	 * or "--flag" for the command line; "" for its default), and
	 * whether a value given for it failed to parse (then nothing
	 * checks it further).  Each listen address keeps its own line.
	 */
	char			 where[CONF_MAX_SETTINGS][CONF_WHERE_LEN];
	unsigned char		 failed[CONF_MAX_SETTINGS];
	char			 listen_where[CONF_MAX_LISTEN][CONF_WHERE_LEN];
};

/* One "--name value" from the command line, applied after the file. */
struct conf_override {
	const char	*name;
	const char	*value;
	const char	*origin;	/* NULL: a flag; else where errors say it
					 * came from ("credential signing.key
					 * ($CREDENTIALS_DIRECTORY/signing.key)") */
};

void		 config_defaults(struct config *);
int		 config_load(struct config *, const char *,
		    const struct conf_override *, size_t, struct errlist *);
void		 config_free(struct config *);
int		 config_setting_exists(const char *);
int		 config_setting_takes_value(const char *);
void		 config_usage(FILE *);
int		 config_parse_listen(const char *, struct listen_addr *);
const char	*config_where(const struct config *, const char *);
int		 config_failed(const struct config *, const char *);
const char	*config_suggest(const char *);
int		 config_restart_only(const char *);
const char	*config_restart_only_name(size_t);
void		 config_err(struct errlist *, const struct config *,
		    const char *, const char *, ...)
		    __attribute__((format(printf, 4, 5)));

/* limits.c: the open-files limit; out of descriptors; what conversations
 * may hold */
struct strbuf;
struct conn;
struct conversation;
struct daemon;
/* fixed limits of conversations, named in welcome.limits */
#define REPLAY_MAX_BYTES	(512 * 1024)	/* replay kept per conversation */
#define TR_MAX_RECORDS		5000	/* a conversation's transcript, at most */
#define TR_FULL_MARGIN		64	/* conversation_full this far before */
#define JSON_MAX_DEPTH		PROTO_MAX_DEPTH	/* JSON nesting */
void		 limits_nofile(struct config *);
json_t		*limits_welcome(const struct daemon *, int);
int		 limits_conv_admit(struct conn *);
void		 peers_addr_key(const char *, char *, size_t);
void		 limits_conv_added(struct conversation *, const char *);
void		 limits_conv_removed(struct conversation *);
void		 limits_ring_bytes(long);
void		 limits_out_bytes(long);
long		 limits_output_bytes(void);
int		 limits_over_memory(const struct daemon *);
int		 limits_over_memory_less(const struct daemon *, long);
long		 limits_memory_over(const struct daemon *);
long		 limits_replay_total(void);
void		 limits_trimmed(long);
void		 limits_reply_bytes(long);
int		 limits_reply_fits(const struct daemon *, long, int);
const char	*limits_disk_refuse(const struct daemon *,
		    struct conversation *);
void		 limits_state_tick(struct daemon *, double);
int		 limits_state_full(const struct daemon *);
int		 limits_recs_heard(char **, size_t);
void		 limits_closed(const char *);
void		 limits_refused_per_ip(void);
void		 limits_message_too_large(void);
void		 limits_dropped(const char *);
struct bucket	*limits_replay_bucket(struct conn *,
		    const struct conversation *);
void		 limits_metrics(struct daemon *, struct strbuf *);
void		 limits_accept_failed(void);
uint64_t	 limits_shed_count(void);

/* regfile.c: open a file read at start only when it is a regular file */
int		 regfile_open(const char *, int, char *, size_t);
FILE		*regfile_fopen(const char *, char *, size_t);

/* hostcheck.c: Host and Origin of HTTP requests and upgrades */
int		 hostcheck_host(const struct config *, const char *);
int		 hostcheck_origin(const struct config *, const char *,
		    const char *);
const char	*config_sync_name(int);

/* bucket.c: token buckets for rate limits */
struct bucket {
	double	tokens;
	double	stamp;		/* ev_now() of the last refill */
};

int		 bucket_take(struct bucket *, double, double, double, long *);
long		 bucket_wait(struct bucket *, double, double, double, double);
void		 bucket_spend(struct bucket *, double, double);

/* kbref: a knowledge base shared by the conversations started on it */
struct kbref {
	struct kb	*kb;
	int		 refs;
};

/* why a connection or upgrade was refused (peers.c, http.c, metrics.c) */
enum refusal {
	REFUSE_NONE,
	REFUSE_API_KEY,		/* 401 */
	REFUSE_ORIGIN,		/* 403 */
	REFUSE_PATH,		/* 404 */
	REFUSE_PER_ADDRESS,	/* 429 */
	REFUSE_TOTAL,		/* 503 */
	REFUSE_DRAINING,	/* 503 */
	REFUSE_CLOSED,		/* far over a limit: closed unanswered */
	REFUSE_HOST,		/* 403: Host not ours (DNS rebinding) */
	REFUSE_METHOD,		/* 405: only GET (and POST to httpapi.c) */
	REFUSE_URI,		/* 414: a path over HTTP_URI_MAX */
	REFUSE_SUBPROTOCOL,	/* 400: only subprotocols we do not speak */
	REFUSE_N
};

/* metrics.c */
#define METRIC_TYPES	32
#define METRIC_CODES	48
#define METRIC_BUCKETS	17

/* A latency histogram; buckets are made cumulative at render. */
struct metric_hist {
	uint64_t	buckets[METRIC_BUCKETS];
	uint64_t	count;
	double		sum;		/* seconds */
};

struct metrics {
	uint64_t	connections_total;
	uint64_t	conversations_total;
	uint64_t	in_by_type[METRIC_TYPES];
	uint64_t	out_by_type[METRIC_TYPES];
	uint64_t	errors_by_code[METRIC_CODES];
	uint64_t	verdicts[8];
	struct metric_hist turn;	/* one client message, seconds */
	struct metric_hist sync;	/* one group commit, seconds */
	uint64_t	sync_failures;
	uint64_t	not_covered;	/* answers the article does not cover */
	uint64_t	partly_covered;	/* answers saying what it lacks */
	uint64_t	reloads_ok;
	uint64_t	reloads_failed;
	int		last_reload_failed;
	uint64_t	rejected_connections;
	uint64_t	refused[REFUSE_N];	/* by enum refusal */
	uint64_t	dropped_slow;
	uint64_t	dropped_slow_cut;	/* of those, cut: WS_DROP_GRACE */
	long		stalled;	/* connections, at the last look */
	uint64_t	dropped_after_close;	/* messages, not written */
};

struct daemon;
void		 metrics_in(struct daemon *, const char *);
void		 metrics_out(struct daemon *, const char *);
void		 metrics_error(struct daemon *, const char *);
void		 metrics_verdict(struct daemon *, int);
void		 metrics_turn(struct daemon *, double);
void		 metrics_sync(struct daemon *, double, int);
char		*metrics_render(struct daemon *, size_t *);
void		 metrics_start(void);

/* ws.c: one WebSocket connection */
struct conversation;

struct outmsg {
	struct outmsg	*next;
	const void	*tag;		/* its conversation, or NULL */
	size_t		 len;
	uint64_t	 epoch;		/* written once d->synced reaches it */
	int		 whole;		/* the one transcript not counted */
	/* its holders: the queue, and the replay ring of a conversation's
	 * message (conn_msg_new()); freed by the last (conn_msg_unref()) */
	unsigned	 refs;
	unsigned char	 data[];	/* LWS_PRE bytes, then the message */
};

struct conn {
	struct lws		*wsi;
	struct daemon		*d;
	struct conn		*next;
	struct conn		**prevp;
	/* on d->held while its queue waits for a group commit */
	struct conn		*held_next;
	struct conn		**held_prevp;
	uint64_t		 id;
	char			 peer[64];
	char			 origin[256];
	char			 key_name[64];	/* API key that authenticated */
	int			 integration;	/* may hold many conversations */
	int			 http;		/* one HTTP request (httpapi.c) */
	int			 hello;		/* hello seen */
	unsigned char		*rx;
	size_t			 rxlen;
	size_t			 rxcap;
	int			 rx_overflow;
	struct outmsg		*out_head;
	struct outmsg		*out_tail;
	size_t			 out_bytes;
	size_t			 out_whole;	/* of them, a transcript's */
	int			 in_turn;	/* turns being queued (nested) */
	size_t			 turn_from;	/* out_bytes - out_whole as
						   it began (conn_turn) */
	size_t			 lws_held;	/* a write lws took and holds in
						   part (at most its bytes) */
	/* write progress, for ws_shed_memory (ws.c: conn_progress) */
	uint64_t		 tx_took;	/* bytes sent whole, or held and
						   then sent by lws */
	uint64_t		 tx_mark;	/* conn_progress() when last seen
						   holding a write, or when lws
						   began holding it */
	uint64_t		 tx_acked_hold;	/* TCP bytes acked when lws
						   began holding (conn_acked) */
	unsigned		 tx_stalled;	/* passes in a row it took
						   nothing in */
	uint64_t		 unanswered;	/* dropped, no error sent */
	int			 rx_paused;	/* queue past half: stop reading */
	int			 rx_holds;	/* replies made on the worker */
	int			 lws_paused;	/* lws told to stop reading */
	/* complete messages read while reading waited to stop (ws.c) */
	struct inmsg		*in_head;
	struct inmsg		*in_tail;
	size_t			 in_bytes;
	/* on d->rx_due while ws_rx_service has its reading to settle */
	struct conn		*due_next;
	struct conn		**due_prevp;
	int			 closing;	/* close once the queue is flushed */
	int			 peer_closed;	/* sent a close, or a write failed */
	/* our close frame is on its way or sent: no data frame after it */
	int			 close_sent;
	int			 close_queued;	/* ours handed to lws (conn_abort) */
	double			 dropped_at;	/* server_now() of conn_drop_slow */
	int			 websocket;	/* established by ws.c, not HTTP */
	int			 close_code;
	const char		*close_why;
	struct bucket		 rate;
	struct conversation	*convs;		/* attached conversations */
	size_t			 nconvs;
	char			 ended[PROTO_MAX_CONV + 1]; /* last one ended */
	/* keep-alive (ws_keepalive): ours, not lws's */
	double			 last_rx;	/* server_now() of its last frame */
	double			 ping_sent;	/* 0: no ping waiting for a pong */
	int			 ping_due;	/* write a ping when writable */
};

extern const struct lws_protocols ws_protocol;
int		 ws_callback(struct lws *, enum lws_callback_reasons, void *,
		    void *, size_t);
int		 conn_send(struct conn *, const char *, size_t);
int		 conn_send_conv(struct conn *, const char *, size_t,
		    const void *);
int		 conn_send_transcript(struct conn *, const char *, size_t,
		    const void *);
struct outmsg	*conn_msg_new(const char *, size_t);
void		 conn_msg_buf(struct strbuf *, size_t);
struct outmsg	*conn_msg_of_buf(struct strbuf *);
const char	*conn_msg_text(const struct outmsg *);
void		 conn_msg_ref(struct outmsg *);
void		 conn_msg_unref(struct outmsg *);
int		 conn_send_conv_msg(struct conn *, struct outmsg *,
		    const void *);
size_t		 conn_block_head(void);
int		 conn_send_transcript_block(struct conn *, void *, size_t,
		    const void *);
void		 conn_drop_conv(struct conn *, const void *);
int		 conn_send_json(struct conn *, json_t *);
void		 conn_turn(struct conn *, int);
void		 conn_send_error(struct conn *, const char *, const char *,
		    const char *, const char *);
void		 conn_send_error_limit(struct conn *, const char *,
		    const char *, const char *, const char *, const char *);
void		 conn_close(struct conn *, int, const char *);
void		 conn_forget(struct conn *);
void		 ws_shed_memory(struct daemon *);
void		 ws_shed_round(struct daemon *);
void		 ws_held_refresh(struct daemon *);
int		 ws_origin_allowed(struct daemon *, struct lws *, char *,
		    size_t);
int		 hostcheck_request(struct daemon *, struct lws *);
void		 ws_release_synced(struct daemon *);
void		 ws_release_round(struct daemon *);
void		 conn_rx_hold(struct conn *);
void		 conn_rx_release(struct conn *);
void		 ws_rx_service(struct daemon *);
struct conn	*ws_conn_find(struct daemon *, uint64_t);
void		 ws_keepalive(struct daemon *, double);

/* conversation.c */
#define CONV_REQ_BYTES	16	/* hash of a client message, for dedup */

struct replay {
	uint64_t	 seq;
	const char	*msg;		/* in om, or its own (om NULL) */
	struct outmsg	*om;		/* shared with a connection's queue */
	size_t		 len;
	int		 has_req;	/* answers the client message req:
				 * 1 its first message, 2 a later one */
	unsigned char	 req[CONV_REQ_BYTES];
};

struct transcript;

struct conversation {
	struct conversation	*hnext;		/* hash chain */
	struct conversation	*lru_prev;	/* by last activity */
	struct conversation	*lru_next;
	struct conversation	*cnext;		/* on its connection */
	struct conn		*conn;		/* NULL while detached */
	char			 name[PROTO_MAX_CONV + 1];
	char			 key[64 + PROTO_MAX_CONV + 2];
	char			 owner[64];	/* API key name, or "" */
	char			 token[65];	/* resume token, hex; "" when not
						   known here (taken over from
						   PostgreSQL: it keeps its hash) */
	char			 token_hash[65];	/* its SHA-256, hex */
	struct kbref		*kb;
	struct dlg		 dlg;
	uint64_t		 seq;		/* of the last message sent */
	struct replay		*ring;		/* the last messages, for resume */
	unsigned char		*ring_tag;	/* per slot, req[0] (in ring's
						   allocation): conv_dedup() */
	size_t			 ring_cap;
	size_t			 ring_start;
	size_t			 ring_n;
	size_t			 ring_bytes;
	uint64_t		 ring_trimmed;	/* newest seq given up for
						   max_replay_bytes, or 0 */
	double			 last_active;	/* ev_now() */
	double			 started;
	struct bucket		 rate;
	struct bucket		 resume_rate;	/* resumes */
	struct bucket		 replay_rate;	/* bytes they replay */
	int			 ended;
	int			 dormant;	/* recovered; rebuilt at resume */
	int			 heard;		/* a user message came */
	int			 has_req;	/* a client message is handled
					 * (2: its answer has begun): */
	unsigned char		 req[CONV_REQ_BYTES]; /* its hash */
	char			 addr[64];	/* counted per address */
	long			 disk;		/* its bytes counted there */
	struct transcript	*tr;
};

int		 conversations_init(struct daemon *);
void		 conversations_free(struct daemon *);
void		 conversation_handle(struct conn *, struct proto_msg *,
		    double);
void		 conversations_detach_all(struct conn *);
void		 conversations_expire(struct daemon *, double);
int		 conversations_make_room(struct daemon *, size_t);
int		 conversations_reply_fits(struct daemon *, long, int);
size_t		 conversations_count(struct daemon *);

int		 conversation_auth(struct conn *, const char *);
void		 conversation_resume_metrics(struct strbuf *);
struct conversation *conversation_lookup(struct daemon *, const char *);
void		 conversation_emit(struct daemon *, struct conversation *,
		    json_t *, const char *, int);
void		 conversation_emit_unrecorded(struct daemon *,
		    struct conversation *, json_t *, const char *, int);
int		 conversation_emit_block(struct daemon *, struct conversation *,
		    uint64_t, void *, size_t);
int		 conversation_attach_owned(struct conn *, const char *,
		    double);
int		 conversation_restore(struct daemon *, const char *,
		    const char *, const char *, const char *,
		    struct transcript *);
void		 conversation_store_failed(struct daemon *,
		    struct conversation *, const char *);
void		 conversation_resume_again(struct conn *, const char *,
		    const char *, long long, const char *);
void		 conversation_forget(struct daemon *, struct conversation *);
int		 transcript_claim_check(struct daemon *, struct conn *,
		    const char *, const char *, const char *, long long,
		    const char *);
void		 conversation_end_key(struct daemon *, const char *,
		    const char *);
const char	*conversation_logname(const char *);
void		 conversation_refused(struct daemon *, struct conversation *,
		    const char *, const char *, const char *);

/* transcript.c: the signed record of each conversation */
int		 transcript_init(struct daemon *);
int		 transcript_signed_field(const char *, const char *, char *,
		    size_t);
void		 transcript_shutdown(struct daemon *);
int		 transcript_open(struct daemon *, struct conversation *,
		    json_t *);
int		 transcript_record(struct daemon *, struct conversation *,
		    const char *, json_t *);
int		 transcript_record_text(struct daemon *, struct conversation *,
		    const char *, json_t *, const char *, size_t);
int		 transcript_record_client(struct daemon *, struct conversation *,
		    const struct proto_msg *, const char *, size_t);
int		 transcript_record_rendered(struct daemon *,
		    struct conversation *, const char *, size_t,
		    const struct tr_md_parts *);
int		 transcript_failed(const struct conversation *);
int		 transcript_note_seq(struct daemon *, struct conversation *,
		    uint64_t);
uint64_t	 transcript_seq_used(const struct conversation *);
uint64_t	 transcript_messages(const struct conversation *);
void		 transcript_opened_by(struct conversation *, const char *);
int		 transcript_unleased(const struct conversation *);
void		 transcript_forget(struct daemon *, struct conversation *);
int		 transcript_leave_open(struct daemon *, struct conversation *);
int		 transcript_shared(const struct daemon *);
void		 transcript_let_go(struct daemon *, struct conversation *, int);
int		 transcript_load(struct daemon *, struct conversation *,
		    char ***, size_t *, char **);
void		 transcript_close(struct daemon *, struct conversation *,
		    const char *);
int		 transcript_deliver(struct daemon *, struct conversation *,
		    struct conn *, const char *, const char *, int, int,
		    double);
void		 transcript_pubkey_json(struct daemon *, json_t *);
void		 transcript_commit(struct daemon *);
void		 transcript_housekeeping(struct daemon *);
int		 transcript_full(const struct conversation *);
long		 transcript_reply_cost(const struct conversation *, const char *);
long		 transcript_records(const struct conversation *);
long		 transcript_bytes(const struct conversation *);
int		 transcript_ready(struct daemon *);
void		 transcript_unready_why(struct daemon *, char *, size_t);
void		 transcript_tick(struct daemon *, double);
int		 transcript_claim(struct daemon *, struct conn *, const char *,
		    const char *, const char *, long long, const char *);

void		 transcript_file(const struct conversation *, char *, size_t);
json_t		*transcript_final_json(struct daemon *, const char *,
		    const char *, const char *);
json_t		*transcript_final_msg(struct daemon *, const char *,
		    const char *, const char *, const char *, size_t,
		    const char *, const char *);
int		 transcript_final_ask(struct conn *, struct proto_msg *,
		    const char *);

/*
 * reserve.c: the close-mark reserve (STATE/close-reserve, preallocated at
 * start): a conversation closed by a storage failure is marked closed
 * there, in place, when the journal cannot grow (STORE.md).
 */
#define RESERVE_BYTES_DEFAULT	(4ULL * 1024 * 1024)
struct reserve_stats {
	int			 on;	/* a reserve is open */
	uint64_t		 bytes;	/* its size */
	uint64_t		 used;	/* bytes up to its last mark; 0: empty */
	size_t			 marks;
	size_t			 live;	/* marks whose transcript is not in */
	unsigned long long	 refused;	/* marks that did not fit */
	int			 full;	/* the last mark did not fit */
	int			 missing;	/* could not be made (yet) */
	int			 error;	/* errno of why it is missing */
};
int		 reserve_open(const char *, uint64_t, const unsigned char *);
const json_t	*reserve_find(const char *);
void		 reserve_taken(void);
void		 reserve_loaded_free(void);
int		 reserve_mark(const char *, const char *, const char *,
		    const char *, uint64_t, const char *, const char *, size_t,
		    const char *);
void		 reserve_release(void);
int		 reserve_reset_due(void);
int		 reserve_reset(void);
void		 reserve_stats(struct reserve_stats *);
void		 reserve_close(void);
int		 reserve_retry_due(void);
int		 reserve_retry(void);
const char	*reserve_file(void);

/* finals.c: final transcripts of conversations that are gone */
#define FINAL_HOLD_SECONDS	3600	/* how long they can be asked for */
void		 finals_add(struct daemon *, const struct conversation *,
		    const char *, const char *, double);
void		 finals_put(struct daemon *, const char *, const char *,
		    const char *, const char *, double);
#define FINALS_MAC_KEYBYTES	32	/* crypto_generichash_KEYBYTES */
char		*finals_owner_text(const uint8_t *, const char *, const char *,
		    const char *, const char *, double);
void		 finals_load(struct daemon *);
void		 finals_expire(double);
void		 finals_free(void);
int		 finals_answer(struct conn *, struct proto_msg *);
int		 finals_queue(struct conn *, json_t *, const char *,
		    const char *);
int		 finals_token_mismatch(const char *, const char *);
int		 finals_answer_kept(struct conn *, const char *, const char *,
		    const char *, const char *, const char *, const char *);

/* restoken.c: the resume token's hash, kept and compared */
#define RESTOKEN_HASH_HEX	64	/* SHA-256 as hex */
void		 restoken_hash(const char *, char [RESTOKEN_HASH_HEX + 1]);
int		 restoken_matches(const char *, const char *);
int		 restoken_from_meta(json_t *, char [RESTOKEN_HASH_HEX + 1],
		    const char **);
char		*restoken_meta_hashed(const char *);

/* store.c: journal and files under the state directory */
struct store_sync;
struct store	*store_open(const char *, int);
void		 store_close(struct store *);
const char	*store_dir(struct store *);
int		 store_journal(struct store *, const char *, const char *,
		    const char *, size_t);
/*
 * Where one journal line's data is: byte offset, segment number and
 * length (without the newline; at most JOURNAL_LINE_MAX, 8 MiB).  16
 * bytes: one per transcript record (TR_MAX_RECORDS) of a conversation.
 */
struct store_loc {
	uint64_t	 off;
	uint32_t	 seg;		/* store_journal_last: -1 past 2^32 */
	uint32_t	 len;
};
int		 store_journal_last(const struct store *, struct store_loc *);
char		*store_journal_read(struct store *, const struct store_loc *,
		    size_t, size_t, size_t);
int		 store_dirty(const struct store *);
unsigned long long store_written(struct store *);
uint64_t	 store_pin(struct store *);
void		 store_unpin(struct store *, uint64_t);
struct store_sync *store_sync_begin(struct store *);
void		 store_sync_run(struct store_sync *);
double		 store_sync_seconds(const struct store_sync *);
int		 store_sync_end(struct store *, struct store_sync *);
int		 store_sync(struct store *);
/* not ready while the journal cannot be written; a probe write recovers */
struct store_probe;
int		 store_ready(const struct store *);
void		 store_unready_why(const struct store *, char *, size_t);
struct store_probe *store_probe_begin(struct store *, int);
void		 store_probe_run(struct store_probe *);
int		 store_probe_end(struct store *, struct store_probe *);
int		 store_part_append(struct store *, const char *, int *, off_t,
		    const char *, size_t);
int		 store_part_write(struct store *, const char *, int *, off_t,
		    const char *, size_t);
unsigned long	 store_part_warn(struct store *);
void		 store_part_failed(struct store *, int);
int		 store_part_ok(const struct store *);
void		 store_part_close(struct store *, int *);
char		*store_part_read(struct store *, const char *, size_t);
int		 store_part_rewrite(struct store *, const char *, char **,
		    size_t);
int		 store_put(struct store *, const char *, const char *, size_t,
		    const char *, const char *, const char *);
void		 store_part_remove(struct store *, const char *);
int		 store_id_ok(const char *);
char		*store_get(struct store *, const char *, size_t, size_t *);
/* a conversation found open in the journal at start */
struct store_rec {
	const char	*id;
	const char	*meta;
	char		**recs;		/* its good records */
	size_t		 n;
	struct tr_chain	 ch;		/* their chain */
	long long	 signed_n;	/* records its interrupted file holds */
	const char	*final;		/* its "final" line ({"status":...}) */
	uint64_t	 seg;		/* pinned segment: store_unpin() it */
	uint64_t	 seq_used;	/* its last "seq" line: a seq not recorded */
};
int		 store_recover(struct store *, void (*)(void *,
		    const struct store_rec *), void *);
int		 store_part_ensure(struct store *, const char *, char **,
		    size_t);
void		 store_retention(struct store *, long);

/*
 * backend.c: the durable journal behind transcripts: the local segments
 * (store.c) or PostgreSQL (pgstore.c).  journal() runs on the loop and
 * queues or writes one line (seq and head: the record's place in its
 * chain, -1 and NULL for other lines); commit_begin() takes what a group
 * commit covers (NULL: nothing), commit_run() makes it durable on the
 * worker, commit_end() back on the loop says whether it is (0) and calls
 * lost(arg, id, taken) for each conversation another instance owns now
 * (taken: it never was this one's, its name being open elsewhere).
 */
struct store_backend {
	const char	*name;
	int		(*journal)(void *, const char *, const char *,
			    const char *, size_t, long long, const char *);
	int		(*dirty)(const void *);
	void		*(*commit_begin)(void *);
	void		(*commit_run)(void *);
	double		(*commit_seconds)(const void *);
	int		(*commit_end)(void *, void *,
			    void (*)(void *, const char *, int), void *);
	int		(*ready)(const void *);
	/*
	 * journal() reads a record's head: only then is it written out in
	 * hex for each record (the local journal ignores it; 0.3k
	 * instructions a record, RESULTS.md round 46b)
	 */
	int		 reads_head;
};
extern const struct store_backend backend_local;

/* pgstore.c: the journal in PostgreSQL, shared by instances */
#define PG_BACKOFF_MIN	0.1	/* s between connection attempts, doubling */
#define PG_BACKOFF_MAX	2.0	/* s, at most */
struct pgstore;
extern const struct store_backend backend_pg;
struct pgstore	*pgstore_open(const char *, long);
void		 pgstore_close(struct pgstore *);
const char	*pgstore_instance(const struct pgstore *);
unsigned long long pgstore_connects(const struct pgstore *);
int		 pgstore_known(struct pgstore *, char **, size_t, char *);
/* a lease renewal (and health probe), posted by the loop */
struct pg_renew {
	struct pgstore	*ps;
	struct daemon	*d;
	char		**ids;		/* the conversations held here */
	size_t		 n;
	size_t		 nheld;		/* the first ones, with a client: renewed */
	char		**lost;		/* filled: owned by others now */
	size_t		 nlost;
	int		 ok;
};
void		 pgstore_renew_run(struct pg_renew *);
void		 pgstore_renew_free(struct pg_renew *);
/* a take-over: a resume of a conversation not held here */
enum { CLAIM_OK, CLAIM_NONE, CLAIM_TOKEN, CLAIM_BUSY, CLAIM_ERR,
    CLAIM_MOVED };
struct pg_claim {
	struct pgstore	*ps;
	struct daemon	*d;
	uint64_t	 conn_id;	/* who asked; may be gone at done */
	char		 key[64 + 129 + 2];
	char		 name[129];
	char		 token[PROTO_MAX_TOKEN + 1];	/* as presented */
	int		 has_token;
	long long	 last_seq;
	char		 re[72];
	int		 has_re;
	int		 sweep;		/* an orphan, to be expired here */
	int		 check;		/* held here: is it still this one's? */
	/* filled on the worker */
	int		 status;
	char		 id[200];
	char		*meta;
	char		 owner[64];	/* the previous owner instance */
	double		 retry_after;	/* seconds left on its lease */
	char		**recs;
	char		**heads;
	long long	*seqs;
	size_t		 n;
	uint64_t	 seq_used;	/* last seq not recorded (a snapshot's) */
	char		 end_status[16];	/* ended, not signed: or "" */
	char		 why[256];
};
void		 pgstore_claim_run(struct pg_claim *);
void		 pgstore_forget(struct pgstore *, const char *);
void		 pgstore_release_run(struct pgstore *, const char *, long,
		    const char *);
/* orphans: conversations whose owner is gone, idle past idle_timeout */
struct pg_sweep {
	struct pgstore	*ps;
	struct daemon	*d;
	long		 idle;		/* seconds */
	char		**keys;		/* filled */
	size_t		 n;
};
void		 pgstore_sweep_run(struct pg_sweep *);
/*
 * A final transcript in the store (PROTOCOL.md 11.6 on several
 * instances): put by the instance that signed it (the files borrowed),
 * asked for by any (a request's, filled on the worker; freed with
 * pgstore_final_free).
 */
struct pg_final {
	struct pgstore	*ps;
	struct daemon	*d;
	uint64_t	 conn_id;	/* who asked; may be gone at done */
	char		 key[64 + 129 + 2];	/* owner/name */
	char		 name[129];
	char		 token[129];
	int		 has_token;
	char		 re[72];
	int		 has_re;
	char		 format[16];	/* "" when none was asked for */
	char		 id[200];	/* its transcript id */
	char		 tokhash[65];	/* the token's SHA-256, hex */
	const char	*status;	/* put */
	char		 statusbuf[16];	/* got */
	char		*content;
	size_t		 len;
	char		*sig;
	char		*md;		/* may be NULL */
	int		 found;
	int		 err;
	/* asked: one this instance keeps too (finals.c), its transcript id */
	char		 kept_id[200];	/* "" when none */
	int		 open_other;	/* got: another of its name is open */
	double		 at;		/* put: when it went (seconds since
					   the epoch); 0: now */
};
int		 pgstore_final_put(struct pgstore *, const struct pg_final *);
/* an open conversation of the local journal moved into the store */
enum { IMPORT_DONE, IMPORT_THERE, IMPORT_KEY_OPEN, IMPORT_DIFFERS,
	IMPORT_ERR };
struct pg_import {
	struct pgstore	*ps;
	const char	*id;
	const char	*meta;
	const char	*const *recs;	/* canonical records, seq 0.. */
	size_t		 n;
	uint64_t	 seq_used;
	int		 result;	/* filled on the worker */
};
void		 pgstore_import_run(struct pg_import *);
int		 pgstore_final_get(struct pgstore *, struct pg_final *);
void		 pgstore_final_free(struct pg_final *);
void		 pgstore_finals_clean(struct pgstore *);
void		 pgstore_sweep_free(struct pg_sweep *);
void		 pgstore_claim_free(struct pg_claim *);

/* worker.c: a thread for what waits on the disk */
struct worker;
struct ev_loop;
struct worker	*worker_start(struct ev_loop *);
int		 worker_post(struct worker *, void (*)(void *),
		    void (*)(void *), void *);
int		 worker_post_quiet(struct worker *, void (*)(void *),
		    void (*)(void *), void *);
size_t		 worker_pending(const struct worker *);
void		 worker_wait(struct worker *);
void		 worker_stop(struct worker *, struct ev_loop *);
const char	*transcript_pubkey_text(struct daemon *);
const uint8_t	*transcript_owner_key(struct daemon *);

/* peers.c: connections per address */
int		 peers_init(struct daemon *);
long		 peers_max_connections(const struct daemon *);
void		 peers_free(struct daemon *);
int		 peers_admit(struct daemon *, const char *, int);
int		 peers_refusal(struct daemon *, struct lws *);
int		 peers_rebind(struct daemon *, struct lws *, const char *);
void		 peers_created(struct daemon *, struct lws *);
void		 peers_destroyed(struct daemon *, struct lws *);

/* server.c */

/*
 * The daemon: one per process, reachable from every lws callback through
 * lws_context_user().  Only server.c creates and destroys it.
 */
struct peer_table;
struct store;
struct signer;

struct daemon {
	struct config		*conf;
	const char		*conffile;
	const struct conf_override *overrides;
	size_t			 noverrides;
	struct kbref		*kb;		/* new conversations start here */
	struct lws_context	*ctx;
	struct lws_vhost	*vhosts[CONF_MAX_LISTEN];
	char			 vhost_names[CONF_MAX_LISTEN][32]; /* lws keeps
							   * pointers */
	size_t			 nvhosts;
	struct proxy_net	*proxies;	/* trusted_proxies, parsed */
	struct lws_vhost	*metrics_vhost;	/* metrics_listen, or NULL */
	int			 draining;	/* SIGTERM seen: finish, close */
	long			 nconns;	/* open WebSocket connections */
	struct conn		*conns;		/* all of them */
	struct conn		*held;		/* those waiting for a sync */
	int			 release_due;	/* d->held has a message released */
	struct conn		*rx_due;	/* reading to settle (ws.c) */
	struct conn		*rx_in;		/* in its receive callback */
	uint64_t		 next_conn_id;
	double			 started;
	struct metrics		 metrics;
	/* conversations */
	struct conversation	**ctable;
	size_t			 ctable_size;
	size_t			 nconversations;
	size_t			 nwebhook_conversations;	/* "webhook:*" owned */
	struct conversation	*lru_head;	/* least recently active */
	struct conversation	*lru_tail;
	/* connections per address */
	struct peer_table	*peers;
	/*
	 * Durable transcripts: a message queued in epoch e is written to its
	 * client once the journal is synced through e (group commit).
	 */
	uint64_t		 epoch;
	uint64_t		 synced;
	uint64_t		 posted;	/* handed to the worker */
	int			 syncing;	/* a sync is on the worker */
	struct worker		*worker;
	struct store		*store;
	const struct store_backend *sb;	/* where journal lines go */
	void			*sbs;	/* its state: store, or pgstore */
	struct signer		*signer;
};

int		 server_run(struct config *, const char *, const char *,
		    const struct conf_override *, size_t);
int		 server_check(struct config *, const char *, struct errlist *);
void		 server_conn_closed(struct daemon *);
double		 server_now(void);
double		 server_clock(void);
void		 kbref_put(struct kbref *);

/* proxy.c: trusted reverse proxies */
struct proxy_net;
int		 proxy_parse(const char *, struct proxy_net **, char *, size_t);
int		 proxy_trusted(const struct daemon *, const char *);
void		 proxy_client(struct daemon *, struct lws *, char *, size_t);

struct ev_loop;

/* check.c: what a start needs, for -n and for the start itself */
#define CHECK_SKIP_BIND	0x1	/* socket activation provides the listeners */
#define CHECK_RUNNING	0x2	/* -n beside the daemon it checks: no binds, no lock */
#define CHECK_NOTES	0x4	/* -n: notes on stdout (a root-only key...) */
int		 check_all(const struct config *, const char *, int,
		    struct errlist *, struct kb **);
long		 state_holder(const char *);
int		 check_bind(const struct listen_addr *);
void		 check_bind_error(const struct listen_addr *, int,
		    struct errlist *, const char *, const char *);
int		 state_prepare(const char *);
int		 state_lock(const char *, int);
const char	*state_lock_error(void);

/* sockact.c: socket activation */
int		 sockact_fds(void);
int		 sockact_start(struct daemon *, struct ev_loop *,
		    struct lws_vhost *, int);
void		 sockact_stop(struct ev_loop *);

/* notify.c: systemd's service protocol */
void		 notify_init(struct ev_loop *);
void		 notify_shutdown(struct ev_loop *);
void		 notify_status(const char *, ...)
		    __attribute__((format(printf, 1, 2)));
void		 notify_figures(struct daemon *);
void		 notify_ready(struct daemon *);
void		 notify_reloading(void);
void		 notify_reloaded(struct daemon *, const char *);
void		 notify_stopping(struct daemon *);

/* http.c */
extern const struct lws_protocols http_protocol;
const char	*http_refusal_name(int);

/* httpapi.c: POST requests, one turn each (issue 15) */
enum { HA_READING, HA_WAITING, HA_READY };
enum { ROUTE_NONE, ROUTE_API, ROUTE_SLACK_COMMANDS, ROUTE_SLACK_EVENTS,
    ROUTE_MATTERMOST, ROUTE_DISCORD };

struct httpapi_req {
	struct conn	 hc;		/* the turn's, for conversation.c */
	struct httpapi_req *next;	/* all open requests */
	struct httpapi_req **prevp;
	struct daemon	*d;
	struct lws	*wsi;
	int		 state;		/* HA_* */
	int		 route;		/* ROUTE_* */
	int		 post;
	int		 close;		/* close after answering (body unread) */
	char		 ip[64];
	char		 path[256];
	/* headers, copied as the request arrives */
	char		 auth[PROTO_MAX_KEY + 16];
	char		 ctype[128];
	char		 sig[160];	/* X-Slack-Signature, X-Signature-Ed25519 */
	char		 ts[32];	/* their timestamps */
	char		 retry[16];	/* X-Slack-Retry-Num */
	char		*body;		/* NUL-terminated */
	size_t		 len;
	double		 t0;		/* headers arrived (the body's deadline) */
	char		 conv[PROTO_MAX_CONV + 1];
	void		(*render)(struct httpapi_req *, json_t *);
	/* webhook_slack.c: where an event's answer is posted */
	char		 reply_channel[64];
	char		 reply_thread[32];
	int		 flags;		/* the handler's */
	int		 slack_held;	/* a place held in slackpost.c's queue */
	/* a turn waiting for its take-over from the shared store */
	json_t		*pending;	/* its message (NULL: none) */
	int		 autoopen;
	int		 claimed;	/* asked once: not again */
	/* the answer */
	int		 status;
	int		 retry_after;	/* seconds for Retry-After; 0: none */
	const char	*rtype;
	char		*out;
	size_t		 outlen;
};

int		 httpapi_begin(struct daemon *, struct lws *,
		    struct httpapi_req **, const char *, int);
int		 httpapi_body(struct httpapi_req *, const void *, size_t);
void		 httpapi_body_done(struct httpapi_req *);
void		 httpapi_timeout(struct httpapi_req *);
int		 httpapi_ready(struct httpapi_req *);
void		 httpapi_claimed(struct conn *, int);
struct conn	*httpapi_conn_find(uint64_t);
void		 httpapi_free(struct httpapi_req *);
size_t		 httpapi_drain(void);
size_t		 httpapi_open(void);
void		 httpapi_reply(struct httpapi_req *, int, const char *, char *,
		    size_t);
void		 httpapi_replyf(struct httpapi_req *, int, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
void		 httpapi_json(struct httpapi_req *, int, json_t *);
void		 httpapi_turn(struct httpapi_req *, const char *, const char *,
		    json_t *, int);

/* webhook.c: what the chat platforms' webhooks share */
int		 webhook_unescape(const char *, size_t, char *, size_t, int);
int		 webhook_form_get(const char *, size_t, const char *, char *,
		    size_t);
int		 webhook_fresh(const char *, double, long);
int		 webhook_seen(const char *, const void *, size_t, double,
		    double);
int		 webhook_name(char *, size_t, const char *, const char *,
		    const char *, const char *);
json_t		*webhook_message(const char *);
int		 webhook_utf8(const char *);
void		 webhook_meta(json_t *, const char *, const char *, const char *,
		    const char *, const char *);
char		*webhook_text(json_t *);
/* why a webhook request was refused 401/409, counted in /metrics */
enum webhook_refusal {
	WEBHOOK_UNSIGNED,	/* no signature or timestamp header */
	WEBHOOK_STALE,		/* timestamp outside the platform's window */
	WEBHOOK_BAD_SIGNATURE,	/* signature does not match the secret/key */
	WEBHOOK_BAD_TOKEN,	/* Mattermost: missing or wrong token */
	WEBHOOK_REPLAY,		/* the same signed request again */
	WEBHOOK_REFUSALS
};
void		 webhook_refused(const char *, enum webhook_refusal);
void		 webhook_metrics(struct strbuf *);

/* webhook_slack.c, webhook_mattermost.c, webhook_discord.c */
void		 webhook_slack(struct httpapi_req *, int);
int		 webhook_slack_verify(const char *, const char *, const char *,
		    const char *, size_t);
void		 webhook_mattermost(struct httpapi_req *);
int		 webhook_mattermost_token(const char *, const char *);
void		 webhook_discord(struct httpapi_req *);
/* an Events API request, read (webhook_slack_event) */
enum { SLACK_EV_IGNORE, SLACK_EV_ANSWER, SLACK_EV_TOO_LONG };
struct slack_event {
	char		 id[128];	/* event_id */
	char		 type[32];	/* the event's type */
	char		 team[64];
	char		 channel[64];
	char		 user[64];
	char		 thread_ts[32];	/* "": not in a thread */
	char		 ts[32];	/* the message's own */
	char		 reply_ts[32];	/* the answer's thread ("": none) */
	char		 text[PROTO_MAX_TEXT + 1];	/* Slack's markup read */
	const char	*why;		/* SLACK_EV_IGNORE: why */
};
int		 webhook_slack_event(json_t *, struct slack_event *);
int		 webhook_slack_text(const char *, char *, size_t);
int		 webhook_discord_verify(const char *, const char *, const char *,
		    const char *, size_t);

/* slackpost.c: answers to Slack events, posted off the loop */
#define SLACK_API_URL	"https://slack.com/api"
#define SLACKPOST_QUEUE_MAX	256	/* answers waiting to be posted */
int		 slackpost_init(void);
int		 slackpost_reserve(const char *);
void		 slackpost_release(void);
int		 slackpost_send(struct daemon *, const char *, const char *,
		    const char *, int);
void		 slackpost_stop(struct ev_loop *);
void		 slackpost_metrics(struct strbuf *);
long		 slackpost_retry_after(const char *, size_t);
int		 slackpost_reply(const char *, size_t, char *, size_t);

/* loopstat.c: the loop's time, with ADVISORD_LOOP_STATS=FILE (benchmarks) */
enum {
	LS_ROUND_WALL, LS_ROUND_CPU, LS_COMMIT_BEGIN, LS_SYNC_QUEUE,
	LS_SYNC_RUN, LS_SYNC_HANDOFF, LS_SYNC_TOTAL, LS_POLL, LS_NKINDS
};
extern int	 loopstat_on;
void		 loopstat_note(int, double);
void		 loopstat_init(struct ev_loop *);
void		 loopstat_dump(struct ev_loop *);

#endif /* ADVISORD_H */
