/* SPDX-License-Identifier: ISC */
/*
 * transcript.h: the transcript file, "advisor-transcript.v1".
 *
 * A transcript is a list of records, each one JSON object in canonical
 * form (keys sorted, no insignificant whitespace, UTF-8), so each record
 * is exactly one byte string.  Record 0 is the header; every later record
 * carries "prev", the BLAKE2b-256 of the previous record's bytes, so the
 * records form a hash chain whose head is the hash of the last one.  The
 * file is valid JSON with one record per line:
 *
 *	{"format":"advisor-transcript.v1","records":[
 *	<record 0>,
 *	<record 1>,
 *	<record n>
 *	]}
 *
 * It is signed with minisign (minisign.h); the trusted comment binds the
 * conversation, the number of records and the chain head, so a truncated
 * transcript or one from another conversation does not verify.
 */
#ifndef TRANSCRIPT_H
#define TRANSCRIPT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#define TR_FORMAT	"advisor-transcript.v1"
#define TR_HASH_BYTES	32
#define TR_OPEN_LINE	"{\"format\":\"" TR_FORMAT "\",\"records\":["
#define TR_CLOSE_LINE	"]}"

struct tr_chain {
	uint64_t	records;
	uint8_t		head[TR_HASH_BYTES];
};

struct tr_verify {
	uint64_t	records;
	uint8_t		head[TR_HASH_BYTES];
	char		conversation[160];
	char		kb_hash[80];
	char		key_id[20];
	long long	bad_seq;	/* first broken record, or -1 */
	char		error[300];
};

char	*tr_canonical(const json_t *, size_t *);
void	 tr_chain_init(struct tr_chain *);
void	 tr_chain_add(struct tr_chain *, const char *, size_t);
json_t	*tr_header(const char *, const char *, const char *, const char *,
	    const char *, const char *);
json_t	*tr_record(const struct tr_chain *, const char *, const char *,
	    const json_t *);
char	*tr_record_bytes(const struct tr_chain *, const char *, const char *,
	    const char *, size_t, size_t *);
size_t	 tr_record_len(const struct tr_chain *, const char *, const char *,
	    size_t);
void	 tr_record_put(const struct tr_chain *, const char *, const char *,
	    const char *, size_t, char *);
char	*tr_file(const char *, size_t, size_t *);
char	*tr_trusted_comment(const char *, uint64_t, const uint8_t *,
	    const char *, const char *);
int	 tr_verify_file(const char *, size_t, struct tr_verify *);
int	 tr_check_comment(const char *, const struct tr_verify *, char *,
	    size_t);
char	*tr_markdown(const char *, size_t);
struct tr_md;
struct tr_md	*tr_md_new(void);
void		 tr_md_free(struct tr_md *);
int		 tr_md_record(struct tr_md *, json_t *);
int		 tr_md_message(struct tr_md *, const char *, const char *,
		    json_t *);
int		 tr_md_client_bytes(struct tr_md *, const char *,
		    const char *, size_t);
char		*tr_md_text(struct tr_md *);
char		*tr_md_take(struct tr_md *);

/*
 * What the Markdown reads of a server message written straight to bytes
 * (render_json_bytes()): its members as C strings (NULL: absent; all
 * valid UTF-8), the choices a reference the caller keeps; jquestion and
 * jtext, when not NULL, question and text as JSON strings already made
 * (borrowed: the Markdown takes references of its own).
 */
struct tr_md_parts {
	const char	*type, *plain, *question, *text;
	size_t		 plain_len;
	long long	 seq;
	json_t		*choices;
	json_t		*jquestion, *jtext;
};
int		 tr_md_server(struct tr_md *, const char *,
		    const struct tr_md_parts *);
void	 tr_hex(const uint8_t *, size_t, char *);

#endif
