/* SPDX-License-Identifier: ISC */
/*
 * finals.c: where the final transcript of a conversation that is gone is.
 *
 * A client that lost the answer to its `end`, or whose conversation
 * expired while it was away, still needs the signed final transcript; the
 * worker stores it under the state directory, but only the conversation
 * knew its file name.  So when a conversation goes, its owner, name,
 * token's hash, file and status are kept here for FINAL_HOLD_SECONDS, and a
 * `transcript` request naming it (with the token, or from the API key that
 * owned it) is answered from the stored files.  Bounded: at most
 * max_conversations entries, the oldest dropped first; kept in memory only
 * (a restart forgets them; the files stay until retention_days).  With
 * the shared store the instance that signs one also puts it in PostgreSQL
 * (transcript.c, pgstore.c), and a request for one not kept here is asked
 * of PostgreSQL (transcript_final_ask), so that any instance answers it.
 */
#include <stdlib.h>
#include <string.h>

#include "advisord.h"

struct final {
	struct final	*hnext;		/* hash chain */
	struct final	*next;		/* by age: oldest first */
	struct final	*prev;
	char		 key[64 + PROTO_MAX_CONV + 2];	/* owner/name */
	char		 tokhash[65];	/* the token's SHA-256, hex */
	char		 file[220];	/* ID.json */
	char		 status[16];	/* complete, expired, interrupted */
	double		 at;		/* when it went */
};

static struct final	**ftable;
static size_t		  fsize;
static size_t		  fcount;
static struct final	 *oldest, *newest;

static size_t
finals_hash(const char *key)
{
	uint64_t h = 1469598103934665603ULL;

	while (*key != '\0') {
		h ^= (unsigned char)*key++;
		h *= 1099511628211ULL;
	}
	return (size_t)(h & (fsize - 1));
}

static void
finals_unlink(struct final *f)
{
	struct final **pp;

	for (pp = &ftable[finals_hash(f->key)]; *pp != NULL;
	    pp = &(*pp)->hnext)
		if (*pp == f) {
			*pp = f->hnext;
			break;
		}
	if (f->prev != NULL)
		f->prev->next = f->next;
	else
		oldest = f->next;
	if (f->next != NULL)
		f->next->prev = f->prev;
	else
		newest = f->prev;
	fcount--;
	free(f);
}

/* The final transcript kept for owner/name, or NULL. */
static struct final *
finals_get(const char *key)
{
	struct final *f;

	if (ftable == NULL)
		return NULL;
	for (f = ftable[finals_hash(key)]; f != NULL; f = f->hnext)
		if (strcmp(f->key, key) == 0)
			return f;
	return NULL;
}

/*
 * Conversation c (owner/name key, token) is gone, its final transcript
 * stored as file with status.  A name reused later replaces the entry.
 */
void
finals_add(struct daemon *d, const struct conversation *c, const char *file,
    const char *status, double now)
{
	struct final *f;
	size_t h;

	if (ftable == NULL) {
		fsize = 1024;
		if ((ftable = calloc(fsize, sizeof(*ftable))) == NULL)
			return;
	}
	if ((f = finals_get(c->key)) != NULL)
		finals_unlink(f);
	while (fcount > 0 && fcount >= (size_t)d->conf->max_conversations)
		finals_unlink(oldest);
	if ((f = calloc(1, sizeof(*f))) == NULL)
		return;
	(void)snprintf(f->key, sizeof(f->key), "%s", c->key);
	(void)snprintf(f->tokhash, sizeof(f->tokhash), "%s", c->token_hash);
	(void)snprintf(f->file, sizeof(f->file), "%s", file);
	(void)snprintf(f->status, sizeof(f->status), "%s", status);
	f->at = now;
	h = finals_hash(f->key);
	f->hnext = ftable[h];
	ftable[h] = f;
	f->prev = newest;
	if (newest != NULL)
		newest->next = f;
	else
		oldest = f;
	newest = f;
	fcount++;
}

/* Forget what went more than FINAL_HOLD_SECONDS ago. */
void
finals_expire(double now)
{
	while (oldest != NULL && oldest->at + FINAL_HOLD_SECONDS < now)
		finals_unlink(oldest);
}

void
finals_free(void)
{
	while (oldest != NULL)
		finals_unlink(oldest);
	free(ftable);
	ftable = NULL;
}

/*
 * Send the final transcript kept as f for the request (name, token and
 * format may be NULL, re its id) on cn: for a browser with its token, for
 * an integration as the API key that owned it (a token given must match).
 */
static void
finals_send(struct conn *cn, const struct final *f, const char *name,
    const char *token, const char *format, const char *re)
{
	json_t *j;

	if (token == NULL && !cn->integration) {
		conn_send_error(cn, "missing_field", "'token' is required for "
		    "the final transcript of a conversation that has ended",
		    re, name);
		return;
	}
	if (token != NULL && !restoken_matches(token, f->tokhash)) {
		conn_send_error(cn, "bad_token", "the token does not match the "
		    "conversation", re, name);
		return;
	}
	if ((j = transcript_final_json(cn->d, f->file, f->status,
	    format)) == NULL) {
		conn_send_error(cn, "internal", "the final transcript could not "
		    "be read", re, name);
		return;
	}
	(void)json_object_set_new(j, "conversation", json_string(name));
	if (re != NULL)
		(void)json_object_set_new(j, "re", json_string(re));
	(void)json_object_set_new(j, "done", json_true());
	(void)conn_send_json(cn, j);
	json_decref(j);
	log_info("conversation %s: final transcript %s sent again (conn %llu)",
	    f->key, f->file, (unsigned long long)cn->id);
}

/*
 * Answer a transcript request m for conversation m->conversation, which is
 * not open on cn, from its stored final transcript (finals_send).
 * Returns 1 when answered (the transcript, or an error; with the shared
 * store later, from PostgreSQL), 0 when nothing is kept for that name (the
 * caller says so).
 *
 * A conversation of that name open again (an integration reusing a name:
 * here on another connection, or with the shared store on another
 * instance) has no final transcript yet: the one before is not returned
 * as if the open one had ended (review hb17, HB17-2).  So with the shared
 * store, which alone knows what is open elsewhere, PostgreSQL is asked
 * even when one is kept here; this one is sent only if PostgreSQL has no
 * newer one and nothing of that name is open (transcript.c).
 */
int
finals_answer(struct conn *cn, struct proto_msg *m)
{
	char key[64 + PROTO_MAX_CONV + 2], id[sizeof(((struct final *)0)->file)];
	struct final *f;
	size_t n;

	if (m->conversation == NULL)
		return 0;
	(void)snprintf(key, sizeof(key), "%s/%s", cn->key_name,
	    m->conversation);
	if (conversation_lookup(cn->d, key) != NULL)
		return 0;	/* open here, on another connection */
	f = finals_get(key);
	if (cn->d->sb == &backend_pg) {
		id[0] = '\0';
		if (f != NULL && (n = strlen(f->file)) > 5 &&
		    strcmp(f->file + n - 5, ".json") == 0)
			(void)snprintf(id, sizeof(id), "%.*s", (int)(n - 5),
			    f->file);
		return transcript_final_ask(cn, m, id);
	}
	if (f == NULL)
		return 0;
	finals_send(cn, f, m->conversation, m->token, m->format, m->id);
	return 1;
}

/*
 * PostgreSQL (asked by finals_answer) has no newer final transcript of key
 * and nothing of that name open: send the one kept here, if it is still
 * the one of transcript id (name, token, format as asked; format "" is
 * none).  Returns 1 when sent (or refused: bad_token...), 0 when it is no
 * longer kept.
 */
int
finals_answer_kept(struct conn *cn, const char *key, const char *id,
    const char *name, const char *token, const char *format, const char *re)
{
	struct final *f;
	size_t n = strlen(id);

	if ((f = finals_get(key)) == NULL || n == 0 ||
	    strncmp(f->file, id, n) != 0 || strcmp(f->file + n, ".json") != 0)
		return 0;
	finals_send(cn, f, name, token, format != NULL && format[0] != '\0' ?
	    format : NULL, re);
	return 1;
}
