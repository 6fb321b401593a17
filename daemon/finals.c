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
 * max_conversations entries, the oldest dropped first.  The index is kept
 * in memory, and rebuilt at start (finals_load) from the owner files
 * stored with the final transcripts (ID.final: owner/name, the token's
 * hash, status, when, and a mac over them and the id under a key derived
 * from the signing key; store_put), so that a restart, clean or not, does
 * not lose what was stored in the last hour.  With
 * the shared store the instance that signs one also puts it in PostgreSQL
 * (transcript.c, pgstore.c), and a request for one not kept here is asked
 * of PostgreSQL (transcript_final_ask), so that any instance answers it.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

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
 * The final transcript of key (owner/name), whose token has the SHA-256
 * tokhash (hex), is stored as file with status; it went at time at.  A
 * name reused later replaces the entry; past max_conversations the
 * oldest is dropped.  Entries are kept by age as they come: the caller
 * adds them oldest first (finals_load sorts).
 */
void
finals_put(struct daemon *d, const char *key, const char *tokhash,
    const char *file, const char *status, double at)
{
	struct final *f;
	size_t h;

	if (ftable == NULL) {
		fsize = 1024;
		if ((ftable = calloc(fsize, sizeof(*ftable))) == NULL)
			return;
	}
	if ((f = finals_get(key)) != NULL)
		finals_unlink(f);
	while (fcount > 0 && fcount >= (size_t)d->conf->max_conversations)
		finals_unlink(oldest);
	if ((f = calloc(1, sizeof(*f))) == NULL)
		return;
	(void)snprintf(f->key, sizeof(f->key), "%s", key);
	(void)snprintf(f->tokhash, sizeof(f->tokhash), "%s", tokhash);
	(void)snprintf(f->file, sizeof(f->file), "%s", file);
	(void)snprintf(f->status, sizeof(f->status), "%s", status);
	f->at = at;
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

/*
 * Conversation c (owner/name key, token) is gone, its final transcript
 * stored as file with status (finals_put).
 */
void
finals_add(struct daemon *d, const struct conversation *c, const char *file,
    const char *status, double now)
{
	finals_put(d, c->key, c->token_hash, file, status, now);
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
 * Whether a final transcript of key (OWNER/NAME) is kept here and token
 * (non-NULL) is not its token: a resume of that name with it is refused
 * as unknown_conversation (nothing is open), but the log and
 * advisord_resumes_refused_total say bad_token (a token was tried).
 */
int
finals_token_mismatch(const char *key, const char *token)
{
	struct final *f = finals_get(key);

	return f != NULL && token != NULL &&
	    !restoken_matches(token, f->tokhash);
}

/*
 * Queue the final transcript message j (made from its file, not yet
 * enveloped) on cn as the answer to request re of conversation name, if
 * it fits in what is left of max_replay_bytes: like a live transcript's
 * reply (conversations_reply_fits: the replay of connected conversations
 * given up first, as needed), it is reckoned before it is queued, here at
 * its exact encoded size, since it is made at once on the loop.  Without
 * that, clients that ask for a large one and never read queue it again
 * and again past the budget (review h38, F2).  One that does not fit is
 * refused transcript_refused (limit max_replay_bytes, done) and counted.
 * The one-per-connection rule does not arise: nothing is made for cn on
 * the worker meanwhile (with the shared store, the hold that waits for
 * PostgreSQL is the request's own).  Returns 1 when queued, 0 when
 * refused or it could not be encoded.  j is not taken.
 */
int
finals_queue(struct conn *cn, json_t *j, const char *name, const char *re)
{
	json_t *e;
	size_t len;
	char *text;

	(void)json_object_set_new(j, "conversation", json_string(name));
	if (re != NULL)
		(void)json_object_set_new(j, "re", json_string(re));
	(void)json_object_set_new(j, "done", json_true());
	if ((text = proto_encode(j, &len)) == NULL) {
		conn_send_error(cn, "internal", "the final transcript could "
		    "not be encoded", re, name);
		return 0;
	}
	if (!conversations_reply_fits(cn->d, (long)len, 0)) {
		free(text);
		e = proto_error_json("transcript_refused", "the final "
		    "transcript does not fit in what is left of the server's "
		    "memory budget (max_replay_bytes) now; ask again later",
		    re, name);
		if (e == NULL)
			return 0;
		(void)json_object_set_new(e, "limit",
		    json_string("max_replay_bytes"));
		(void)json_object_set_new(e, "done", json_true());
		(void)conn_send_json(cn, e);
		json_decref(e);
		return 0;
	}
	metrics_out(cn->d, "transcript");
	(void)conn_send(cn, text, len);
	free(text);
	return 1;
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
		/*
		 * Not there: storing it failed (a full disk) and it is not
		 * kept in memory; the journal has it for the next start
		 * (PROTOCOL.md 8, storage_failed).  Else unreadable.
		 */
		if (errno == ENOENT)
			conn_send_error(cn, "storage_failed", "the final "
			    "transcript is not stored yet (a write to the "
			    "state directory failed); the daemon stores it "
			    "from its journal at its next start: ask again "
			    "then", re, name);
		else
			conn_send_error(cn, "internal", "the final transcript "
			    "could not be read", re, name);
		return;
	}
	if (finals_queue(cn, j, name, re))
		log_info("conversation %s: final transcript %s sent again "
		    "(conn %llu)", conversation_logname(f->key), f->file,
		    (unsigned long long)cn->id);
	json_decref(j);
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

/* ---- the owner files, and the index rebuilt from them at start ---- */

#define FINALS_OWNER_MAX	4096	/* bytes of an owner file, at most */
#define FINALS_WARN_MAX		10	/* files named in the log, then counted */

#define FINALS_VERSION		2	/* owner files with a mac */

/*
 * The mac of an owner file (hex, 64 digits, into hex[65]): BLAKE2b keyed
 * with mkey (FINALS_MAC_KEYBYTES, derived from the signing key:
 * transcript_owner_key) over its version, the transcript's id (its file
 * name) and every field, each ended by a NUL (no field holds one), so
 * that none can be changed, nor the file moved onto another transcript,
 * without the signing key.  Safe on the worker.
 */
static void
finals_mac(const uint8_t *mkey, const char *id, const char *key,
    const char *tokhash, const char *status, double at, char hex[65])
{
	crypto_generichash_state st;
	uint8_t mac[32];
	char num[40];
	const char *field[6];
	size_t i;

	(void)snprintf(num, sizeof(num), "%.17g", at);
	field[0] = "advisord_final 2";
	field[1] = id;
	field[2] = key;
	field[3] = tokhash;
	field[4] = status;
	field[5] = num;
	(void)crypto_generichash_init(&st, mkey, FINALS_MAC_KEYBYTES,
	    sizeof(mac));
	for (i = 0; i < 6; i++)
		(void)crypto_generichash_update(&st,
		    (const unsigned char *)field[i], strlen(field[i]) + 1);
	(void)crypto_generichash_final(&st, mac, sizeof(mac));
	(void)sodium_bin2hex(hex, 65, mac, sizeof(mac));
	sodium_memzero(&st, sizeof(st));
}

/*
 * The owner file of final transcript id (ID.final, stored with it by
 * store_put): one JSON line with what the index needs, the conversation's
 * owner/name key, its token's SHA-256 (hex; never the token), the status,
 * when it was stored (at, seconds since the epoch), and the mac binding
 * them and id under mkey (finals_mac; mkey NULL: none, such a file is
 * skipped at start).  malloc'd, or NULL (no memory).  Safe on the worker.
 */
char *
finals_owner_text(const uint8_t *mkey, const char *id, const char *key,
    const char *tokhash, const char *status, double at)
{
	json_t *j;
	char *s, *line = NULL, mac[65] = "";
	size_t n;

	if (mkey != NULL)
		finals_mac(mkey, id, key, tokhash, status, at, mac);
	if ((j = json_pack("{s:i, s:s, s:s, s:s, s:f, s:s}", "advisord_final",
	    FINALS_VERSION, "key", key, "token_sha256", tokhash, "status",
	    status, "at", at, "mac", mac)) == NULL)
		return NULL;
	s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(j);
	if (s != NULL && (line = malloc((n = strlen(s)) + 2)) != NULL) {
		memcpy(line, s, n);
		line[n] = '\n';
		line[n + 1] = '\0';
	}
	free(s);
	return line;
}

/* An owner file seen at start, recent enough to be read. */
struct finals_seen {
	time_t	 mtime;
	char	*id;
};

/* A final transcript read back at start, to be indexed. */
struct finals_entry {
	double	 at;
	char	 key[64 + PROTO_MAX_CONV + 2];
	char	 tokhash[65];
	char	 status[16];
	char	 file[220];
};

static int
finals_seen_newer(const void *a, const void *b)
{
	const struct finals_seen *x = a, *y = b;

	return x->mtime > y->mtime ? -1 : x->mtime < y->mtime;
}

static int
finals_entry_older(const void *a, const void *b)
{
	const struct finals_entry *x = a, *y = b;

	return x->at < y->at ? -1 : x->at > y->at;
}

/* Keep the newest max of the n seen (sorted newest first); the others go. */
static size_t
finals_seen_trim(struct finals_seen *v, size_t n, size_t max)
{
	size_t i;

	qsort(v, n, sizeof(*v), finals_seen_newer);
	for (i = max; i < n; i++)
		free(v[i].id);
	return n < max ? n : max;
}

/* Is s n lowercase hex digits? */
static int
finals_hex(const char *s, size_t n)
{
	return strlen(s) == n && s[strspn(s, "0123456789abcdef")] == '\0';
}

/*
 * Is transcript id signed as conversation name with status (its
 * signature's trusted comment, ID.json.minisig)?  NULL when it is, else
 * what is wrong: an owner file moved onto another conversation's
 * transcript, or edited, must not give its key's owner that transcript,
 * or a status other than the signed one (review h26).
 */
static const char *
finals_signed_as(struct daemon *d, const char *id, const char *name,
    const char *status)
{
	char file[260], conv[PROTO_MAX_CONV + 2], st[24], *sig;
	size_t len;
	int ok;

	(void)snprintf(file, sizeof(file), "%s.json.minisig", id);
	if ((sig = store_get(d->store, file, 64 * 1024, &len)) == NULL)
		return "its signature (ID.json.minisig) cannot be read";
	ok = memchr(sig, '\0', len) == NULL;
	if (ok && (transcript_signed_field(sig, " conversation=", conv,
	    sizeof(conv)) == -1 || strcmp(conv, name) != 0))
		ok = -1;
	else if (ok && (transcript_signed_field(sig, " status=", st,
	    sizeof(st)) == -1 || strcmp(st, status) != 0))
		ok = -2;
	free(sig);
	return ok == 1 ? NULL : ok == -1 ? "its key names another "
	    "conversation than its signed transcript" : ok == -2 ? "its status "
	    "is not its transcript's signed status" :
	    "its signature (ID.json.minisig) is not text";
}

/*
 * Does the mac of owner file id (fields as read) match?  Constant time.
 */
static int
finals_mac_ok(struct daemon *d, const char *id, const char *key,
    const char *tokhash, const char *status, double at, const char *mac)
{
	const uint8_t *mkey = transcript_owner_key(d);
	char want[65];

	if (mkey == NULL || strlen(mac) != 64)
		return 0;
	finals_mac(mkey, id, key, tokhash, status, at, want);
	return sodium_memcmp(want, mac, 64) == 0;
}

/*
 * Read the owner file of transcript id into e.  Returns 0, 1 when it is
 * older than the hour (nothing to index), 2 when an older version wrote
 * it (no mac: not trusted; *why says so), or -1 with *why saying what is
 * wrong with it (corrupt, truncated, not a regular file, a mac that does
 * not match: edited, or moved from another transcript...).
 */
static int
finals_read(struct daemon *d, int dfd, const char *id, double now,
    struct finals_entry *e, const char **why)
{
	char name[260];
	const char *key, *tok, *status, *mac, *slash;
	json_t *j, *at;
	struct stat sb;
	char *text;
	size_t len;
	int rc = -1;

	(void)snprintf(name, sizeof(name), "%s.final", id);
	if ((text = store_get(d->store, name, FINALS_OWNER_MAX, &len)) ==
	    NULL) {
		*why = errno == EFBIG ? "larger than 4096 bytes" :
		    errno == ELOOP ? "a symbolic link" : errno == EINVAL ?
		    "not a regular file" : "unreadable";
		return -1;
	}
	j = json_loadb(text, len, 0, NULL);
	free(text);
	if (j == NULL) {
		*why = "not one JSON object (corrupt or truncated)";
		return -1;
	}
	key = json_string_value(json_object_get(j, "key"));
	tok = json_string_value(json_object_get(j, "token_sha256"));
	status = json_string_value(json_object_get(j, "status"));
	mac = json_string_value(json_object_get(j, "mac"));
	at = json_object_get(j, "at");
	if (json_is_object(j) && json_integer_value(json_object_get(j,
	    "advisord_final")) == 1 && mac == NULL) {
		*why = "written by an older version (no mac binding it to the "
		    "signing key): not trusted; its transcript verifies, but "
		    "is not fetched by name";
		rc = 2;
	} else if (!json_is_object(j) || key == NULL || tok == NULL ||
	    status == NULL || !json_is_number(at) || mac == NULL)
		*why = "a field is missing (key, token_sha256, status, at, "
		    "mac)";
	else if ((slash = strchr(key, '/')) == NULL ||	/* "" owner: a browser's */
	    slash - key >= 64 || slash[1] == '\0' ||
	    strlen(slash + 1) > PROTO_MAX_CONV)
		*why = "its key is not owner/conversation";
	else if (!finals_hex(tok, 64))
		*why = "its token_sha256 is not 64 hex digits";
	else if (strcmp(status, "complete") != 0 &&
	    strcmp(status, "expired") != 0 &&
	    strcmp(status, "interrupted") != 0)
		*why = "its status is not complete, expired or interrupted";
	else if (json_number_value(at) > now + 300)
		*why = "its time is in the future";
	else if (json_number_value(at) + FINAL_HOLD_SECONDS < now)
		rc = 1;
	else if (!finals_mac_ok(d, id, key, tok, status,
	    json_number_value(at), mac))
		*why = "its mac does not match (edited, moved from another "
		    "transcript, or written under another signing key)";
	else {
		(void)snprintf(e->file, sizeof(e->file), "%s.json", id);
		if (fstatat(dfd, e->file, &sb, AT_SYMLINK_NOFOLLOW) == -1 ||
		    !S_ISREG(sb.st_mode))
			*why = "its transcript (ID.json) is not there";
		else if ((*why = finals_signed_as(d, id, slash + 1, status)) !=
		    NULL)
			;
		else {
			e->at = json_number_value(at);
			(void)snprintf(e->key, sizeof(e->key), "%s", key);
			(void)snprintf(e->tokhash, sizeof(e->tokhash), "%s",
			    tok);
			(void)snprintf(e->status, sizeof(e->status), "%s",
			    status);
			rc = 0;
		}
	}
	json_decref(j);
	return rc;
}

/*
 * At start: rebuild the index from the owner files of the transcripts
 * directory, so that a final transcript stored in the last hour can be
 * fetched by its owner after any restart (a clean one, a second SIGTERM, a
 * drain that timed out, a crash).  Bounded: only owner files changed in
 * the last hour are read, at most max_conversations of them (the newest),
 * each at most 4096 bytes.  A corrupt, truncated or unexpected file is
 * skipped with a warning naming it; what was skipped, and the transcripts
 * that have no owner file (stored by an older version, or the interim
 * transcript of a conversation still open), are counted in one line.
 */
void
finals_load(struct daemon *d)
{
	const char *dir = store_dir(d->store), *why;
	size_t max = (size_t)d->conf->max_conversations, n = 0, cap, keep, k, i;
	size_t njson = 0, nowner = 0, old = 0, over = 0, bad = 0, ok = 0;
	size_t unbound = 0;
	struct finals_seen *seen;
	struct finals_entry *ents = NULL;
	struct dirent *de;
	struct timespec ts;
	double now, t0 = server_clock();
	DIR *dp;

	(void)clock_gettime(CLOCK_REALTIME, &ts);
	now = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
	cap = max * 2 + 1;
	keep = max + max / 2 + 1;	/* < cap: some may be skipped */
	if ((seen = calloc(cap, sizeof(*seen))) == NULL) {
		log_warnx("finals: out of memory; final transcripts stored "
		    "before this start cannot be fetched by name");
		return;
	}
	if ((dp = opendir(dir)) == NULL) {
		log_warn("finals: %s", dir);
		free(seen);
		return;
	}
	while ((de = readdir(dp)) != NULL) {
		size_t l = strlen(de->d_name);
		struct stat sb;

		if (de->d_name[0] == '.')
			continue;
		if (l > 5 && strcmp(de->d_name + l - 5, ".json") == 0) {
			njson++;
			continue;
		}
		if (l <= 6 || strcmp(de->d_name + l - 6, ".final") != 0)
			continue;
		nowner++;
		if (fstatat(dirfd(dp), de->d_name, &sb,
		    AT_SYMLINK_NOFOLLOW) == -1 || !S_ISREG(sb.st_mode) ||
		    l - 6 > 200) {
			if (bad++ < FINALS_WARN_MAX)
				log_warnx("finals: %s/%s: skipped: not a "
				    "regular file", dir, de->d_name);
			continue;
		}
		if ((double)sb.st_mtime + FINAL_HOLD_SECONDS + 1 < now) {
			old++;	/* stored before the last hour */
			continue;
		}
		if ((double)sb.st_mtime > now + 300) {
			/* not one of the newest: it would crowd them out */
			if (bad++ < FINALS_WARN_MAX)
				log_warnx("finals: %s/%s: skipped: changed in "
				    "the future (a clock set back?)", dir,
				    de->d_name);
			continue;
		}
		if (n == cap) {
			k = finals_seen_trim(seen, n, keep);
			over += n - k;
			n = k;
		}
		seen[n].mtime = sb.st_mtime;
		if ((seen[n].id = strndup(de->d_name, l - 6)) != NULL)
			n++;
	}
	/*
	 * The newest first, read until max are indexed: some of them may be
	 * skipped (corrupt...), and must not push real ones out (up to half
	 * of max more than max are kept for that).
	 */
	k = finals_seen_trim(seen, n, keep);
	over += n - k;
	n = k;
	if (n > 0 && (ents = calloc(n, sizeof(*ents))) == NULL)
		log_warnx("finals: out of memory; the %zu final transcripts "
		    "of the last hour cannot be fetched by name", n);
	for (i = k = 0; ents != NULL && i < n; i++) {
		int rc = -1;

		if (k == max) {
			over += n - i;
			break;
		}

		why = "not a transcript's name";
		if (store_id_ok(seen[i].id))
			rc = finals_read(d, dirfd(dp), seen[i].id, now,
			    &ents[k], &why);
		if (rc == 0)
			k++;
		else if (rc == 1)
			old++;
		else if (rc == 2 && unbound++ < FINALS_WARN_MAX)
			log_warnx("finals: %s/%s.final: skipped: %s", dir,
			    seen[i].id, why);
		else if (rc == 2)
			;
		else if (bad++ < FINALS_WARN_MAX)
			log_warnx("finals: %s/%s.final: skipped: %s", dir,
			    seen[i].id, why);
	}
	(void)closedir(dp);
	if (k > 0)	/* ents is NULL when there is none: not qsort's */
		qsort(ents, k, sizeof(*ents), finals_entry_older);
	for (i = 0; i < k; i++, ok++)
		finals_put(d, ents[i].key, ents[i].tokhash, ents[i].file,
		    ents[i].status, ents[i].at);
	for (i = 0; i < n; i++)
		free(seen[i].id);
	free(seen);
	free(ents);
	if (bad > FINALS_WARN_MAX)
		log_warnx("finals: %zu more owner files skipped (not named "
		    "above)", bad - FINALS_WARN_MAX);
	if (unbound > FINALS_WARN_MAX)
		log_warnx("finals: %zu more owner files of an older version "
		    "skipped (not named above)", unbound - FINALS_WARN_MAX);
	log_info("finals: %zu final transcript%s of the last hour indexed "
	    "from their owner files in %.0f ms; skipped: %zu stored before "
	    "the last hour, %zu past max_conversations (%zu), %zu unreadable "
	    "or corrupt (a mac that does not match included), %zu written by "
	    "an older version (no mac)", ok, ok == 1 ? "" : "s",
	    (server_clock() - t0) * 1000, old, over, max, bad, unbound);
	if (njson > nowner)
		log_info("finals: %zu stored transcript%s without an owner "
		    "file (stored by an older version, or the interim "
		    "transcript of a conversation still open): not indexed, "
		    "not fetchable by name after this start", njson - nowner,
		    njson - nowner == 1 ? "" : "s");
}
