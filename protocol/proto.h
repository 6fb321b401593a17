/* SPDX-License-Identifier: ISC */
/*
 * proto.h: the advisor.v1 wire format, shared by the daemon and clients.
 *
 * Every message is one JSON object in one WebSocket text frame, with a
 * "type".  proto_decode() turns a client message into a struct proto_msg
 * after checking every field it may carry, or reports the first problem as
 * an error code and a message that names the field.  The codes are listed
 * in proto_errors[] and documented in PROTOCOL.md.
 *
 * Ownership: a decoded message owns its JSON tree (root); every string in
 * it points into that tree and lives until proto_msg_free().  The usual
 * flat say, choose or command is decoded without a tree (root NULL): its
 * strings are copies it owns (flat), and its canonical bytes are made.
 */
#ifndef PROTO_H
#define PROTO_H

#include <stddef.h>

#include <jansson.h>

#define PROTO_NAME		"advisor.v1"
#define PROTO_MAX_ID		64	/* bytes of a client message id */
#define PROTO_MAX_CONV		128	/* bytes of a conversation name */
#define PROTO_MAX_TEXT		8192	/* bytes of a "say" text */
#define PROTO_MAX_TOKEN		128
#define PROTO_MAX_KEY		256	/* bytes of hello's api_key */
#define PROTO_MAX_CLIENT	128	/* bytes of hello's client */
#define PROTO_MAX_QID		64	/* bytes of a question or choice id */
/* meta on open and say: who is speaking, where (bytes of each field) */
#define PROTO_MAX_META_PLATFORM	32	/* printable: "slack", "irc" */
#define PROTO_MAX_META_FIELD	128	/* user, name, channel: UTF-8 */
#define PROTO_MAX_META_LOCALE	35	/* printable: a BCP 47 tag */
#define PROTO_MAX_DEPTH		2048	/* JSON nesting: jansson's parser nests no deeper */

enum proto_type {
	PT_HELLO,
	PT_OPEN,		/* integrations: start a named conversation */
	PT_RESUME,		/* take a conversation back after a drop */
	PT_SAY,
	PT_CHOOSE,
	PT_COMMAND,
	PT_TRANSCRIPT,
	PT_END,
	PT_NTYPES
};

struct proto_msg {
	enum proto_type	 type;
	json_t		*root;
	const char	*id;
	const char	*conversation;	/* NULL: the connection's own */
	const char	*text;		/* say */
	size_t		 text_len;
	const char	*question;	/* choose, command */
	const char	*choice;	/* choose, command */
	const char	*command;	/* command */
	const char	*token;		/* resume */
	long long	 last_seq;	/* resume; -1 when absent */
	const char	*api_key;	/* hello */
	const char	*protocol;	/* hello: the version asked for */
	const char	*client;	/* hello: who is calling, for logs */
	int		 no_start;	/* hello: "start": false (start no
					   conversation; PROTOCOL.md 5.1) */
	const char	*format;	/* transcript: "json" or "markdown" */
	json_t		*meta;		/* open, say: checked; or NULL */
	char		*canon;		/* root's canonical bytes (malloc'd),
					   when decoding made them; or NULL */
	char		*flat;		/* the strings, when decoded without
					   a tree (root NULL: a flat say,
					   choose or command); or NULL */
	size_t		 canon_len;
};

/*
 * An error for the client: a code from proto_errors and a sentence; limit
 * names the bound refused for (a welcome.limits.message member, e.g.
 * "max_text_bytes"), or is NULL when no bound was passed.
 */
struct proto_error {
	const char	*code;
	const char	*limit;
	char		 message[256];
};

struct proto_error_def {
	const char	*code;
	const char	*meaning;
};

extern const struct proto_error_def proto_errors[];

const char	*proto_type_name(enum proto_type);
int		 proto_decode(const char *, size_t, struct proto_msg *,
		    struct proto_error *);
int		 proto_decode_tree(const char *, size_t, struct proto_msg *,
		    struct proto_error *);
void		 proto_msg_free(struct proto_msg *);
int		 proto_error_known(const char *);
json_t		*proto_error_json(const char *, const char *, const char *,
		    const char *);
char		*proto_encode(const json_t *, size_t *);

#endif
