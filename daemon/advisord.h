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

#include <libwebsockets.h>

#include "errlist.h"
#include "kb.h"

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
void		 fatal(const char *, ...)
		    __attribute__((format(printf, 1, 2), noreturn));
void		 fatalx(const char *, ...)
		    __attribute__((format(printf, 1, 2), noreturn));

/* config.c */
#define CONF_MAX_LISTEN		16
#define CONF_MAX_ORIGINS	32
#define CONF_MAX_API_KEYS	64
#define CONF_MAX_OVERRIDES	128

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
	long			rate_connection;	/* messages per second */
	long			rate_connection_burst;
	long			rate_conversation;
	long			rate_conversation_burst;
	long			max_output_bytes;
	long			handshake_timeout;	/* seconds */
	long			ping_interval;		/* seconds */
	long			idle_timeout;		/* seconds */
	long			retention_days;
	long			replay_messages;
};

/* One "--name value" from the command line, applied after the file. */
struct conf_override {
	const char	*name;
	const char	*value;
};

void		 config_defaults(struct config *);
int		 config_load(struct config *, const char *,
		    const struct conf_override *, size_t, struct errlist *);
void		 config_free(struct config *);
int		 config_setting_exists(const char *);
int		 config_setting_takes_value(const char *);
void		 config_usage(FILE *);
int		 config_parse_listen(const char *, struct listen_addr *);
const char	*config_sync_name(int);

/* server.c */
struct conn;

/*
 * The daemon: one per process, reachable from every lws callback through
 * lws_context_user().  Only server.c creates and destroys it.
 */
struct daemon {
	struct config		*conf;
	struct kb		*kb;		/* the knowledge base served */
	struct lws_context	*ctx;
	struct lws_vhost	*vhosts[CONF_MAX_LISTEN];
	char			 vhost_names[CONF_MAX_LISTEN][32]; /* lws keeps
							   * pointers */
	size_t			 nvhosts;
	int			 draining;	/* SIGTERM seen: finish, close */
	long			 nconns;	/* open WebSocket connections */
	struct conn		*conns;		/* all of them */
	uint64_t		 next_conn_id;
};

int		 server_run(struct config *, const char *);
void		 server_conn_closed(struct daemon *);

/* ws.c */
extern const struct lws_protocols ws_protocol;
void		 ws_drain_all(struct daemon *);

/* http.c */
extern const struct lws_protocols http_protocol;

#endif /* ADVISORD_H */
