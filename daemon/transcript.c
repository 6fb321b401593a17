/* SPDX-License-Identifier: ISC */
/*
 * transcript.c: each conversation's signed, hash-chained record.
 *
 * Every message in and out of a conversation becomes a record (the format
 * is protocol/transcript.h); records go to the store (store.c), whose
 * journal makes them durable before the reply they belong to is sent (with
 * sync = turn): the sync runs on the store's worker thread, and the replies
 * are released when it reports back.  A record that cannot be written, or
 * a sync that fails, ends the conversations it hit (storage_failed).  A
 * transcript request gets the records so far, signed as a snapshot; "end"
 * gets them signed as complete and stored for good; both are made by the
 * worker, and the reply goes out when it reports back; an expired
 * conversation is signed and stored by the worker alone.  The
 * signing key is a minisign secret key file, loaded once at start; when
 * none is configured one is made in the state directory.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <ev.h>
#include <sodium.h>

#include "advisord.h"
#include "jsonenc.h"
#include "minisign.h"


#define TR_PENDING_MAX	32	/* requests of a conversation awaiting a commit */
#define PART_TAIL_MAX	(1L * 1024 * 1024)	/* .part bytes kept, then written */
#define PART_QUEUE_MAX	(64L * 1024 * 1024)	/* .part bytes waiting for the worker */

/*
 * A conversation's .part file as the worker writes it (part_batched()):
 * created by the loop, then touched only by jobs on the worker, which run
 * in order; the last of them (a close, or the final finish job) frees it.
 */
struct part_file {
	char	 id[200];
	int	 fd;		/* kept open (PART_FDS_MAX), or -1 */
	off_t	 flen;		/* bytes of good records in the file */
	int	 failed;	/* a write failed: later ones are not tried */
	int	 err;		/* its errno */
	char	*lost;		/* records not written since (for signing) */
	size_t	 lostlen;
};

struct signer {
	struct mini_key	 key;
	/* what owner files are bound with (finals.c): derived from key */
	uint8_t		 owner_key[FINALS_MAC_KEYBYTES];
	char		 key_id[17];
	char		*pub_text;
	char		*key_path;
};

struct transcript {
	char		 id[200];	/* file name without extension */
	struct tr_chain	 ch;
	int		 closed;
	int		 failed;	/* a record could not be written */
	int		 lost;		/* another instance owns it now */
	int		 part_fd;	/* its .part, kept open; or -1 */
	struct part_file *pf;	/* part_batched(): the worker's, or NULL */
	uint64_t	 pser;		/* names it in the worker's answers */
	off_t		 part_len;	/* bytes of good records, tail included */
	/*
	 * When replies wait for a commit (part_batched()), records for .part
	 * wait here too and are written with one write() before the loop
	 * sleeps (parts_flush), with whatever else the conversation recorded
	 * in that loop iteration.  The file holds part_len - ptlen bytes.
	 */
	char		*ptail;
	size_t		 ptlen;
	size_t		 ptcap;
	struct transcript *pnext;	/* on part_dirty */
	struct transcript **pprev;	/* NULL: not on it */
	/*
	 * In the journal only (tr_in_journal(): sync = turn, local store,
	 * opened here): no .part file.  Where each record is in the journal
	 * (locs, one per record, in order), and the records no group commit
	 * has made durable yet, kept in ptail (on held_dirty) until one
	 * does: pt_commit bytes of them are covered by the commit in flight.
	 */
	int		 jl;
	struct store_loc *locs;
	size_t		 nlocs;
	size_t		 loccap;
	size_t		 pt_commit;
	int		 pfailed;	/* writing the tail failed: to refuse */
	uint64_t	 epoch;		/* of its last record (sync = turn) */
	uint64_t	 epoch0;	/* of its meta line, when opened here */
	char		 last_id[72];	/* of the client's last message */
	uint64_t	 seg;		/* the journal segment of its meta line */
	int		 pinned;	/* seg is kept for it (store_pin) */
	uint64_t	 ticket;	/* of the user's snapshot being made */
	uint64_t	 seq_used;	/* last seq of a message not recorded */
	uint64_t	 seq_recorded;	/* recovered: its last server message's */
	int		 unleased;	/* shared store: its lease let lapse */
	/* client requests whose replies wait for a commit (sync_failed) */
	struct {
		char	 id[72];	/* as last_id */
		uint64_t epoch;
	}		 pending[TR_PENDING_MAX];
	size_t		 npending;
	/*
	 * Its Markdown rendering, built as records are written, so that a
	 * transcript request need not parse the file again (most of a
	 * conversation's CPU went there).  NULL when the rendering is made
	 * from the file: a conversation recovered or taken over, or one
	 * with a record the file rendering could not parse (md_keeps()),
	 * and once its records pass MD_LOOP_BYTES (md_use()).
	 */
	struct tr_md	*md;
};

/*
 * Past this many bytes of records a transcript's Markdown is rendered by
 * its signing job from the signed file, off the loop (transcript_md()).
 */
#define MD_LOOP_BYTES	(1024 * 1024)

/*
 * UTC time as ISO 8601 with milliseconds: 2026-11-27T23:04:05.678Z (len
 * at least 25).  Every record is stamped: the seconds are formatted once
 * per second (strftime() was a tenth of a record's cost), the
 * milliseconds by hand (per thread).
 */
static void
now_iso(char *buf, size_t len)
{
	static _Thread_local time_t last = (time_t)-1;
	static _Thread_local char secs[32];
	static _Thread_local size_t nsecs;
	struct timespec ts;
	struct tm tm;
	long ms;

	(void)clock_gettime(CLOCK_REALTIME, &ts);
	if (ts.tv_sec != last || nsecs == 0) {
		(void)gmtime_r(&ts.tv_sec, &tm);
		nsecs = strftime(secs, sizeof(secs), "%Y-%m-%dT%H:%M:%S", &tm);
		last = ts.tv_sec;
	}
	if (len < nsecs + 6) {
		if (len > 0)
			buf[0] = '\0';
		return;
	}
	ms = ts.tv_nsec / 1000000;
	memcpy(buf, secs, nsecs);
	buf[nsecs] = '.';
	buf[nsecs + 1] = (char)('0' + ms / 100);
	buf[nsecs + 2] = (char)('0' + ms / 10 % 10);
	buf[nsecs + 3] = (char)('0' + ms % 10);
	buf[nsecs + 4] = 'Z';
	buf[nsecs + 5] = '\0';
}

static int
write_new_file(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	size_t len = strlen(text);
	ssize_t n;

	if (fd == -1)
		return -1;
	n = write(fd, text, len);
	if (n != (ssize_t)len || fsync(fd) == -1) {
		(void)close(fd);
		(void)unlink(path);
		return -1;
	}
	return close(fd);
}

static char *
slurp_small(const char *path, size_t *lenp, struct stat *sb)
{
	char why[128];
	int fd = regfile_open(path, O_NOFOLLOW, why, sizeof(why));
	char *buf;
	ssize_t n;

	if (fd == -1)
		return NULL;
	if (fstat(fd, sb) == -1 || sb->st_size > 4096 ||
	    (buf = malloc((size_t)sb->st_size + 1)) == NULL) {
		(void)close(fd);
		errno = EFBIG;
		return NULL;
	}
	n = read(fd, buf, (size_t)sb->st_size);
	(void)close(fd);
	if (n < 0) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*lenp = (size_t)n;
	return buf;
}

/*
 * Load the signing key from path, refusing a file others can read (mode
 * must be 0600 or stricter).  Returns 0, or -1 after logging why.
 */
static int
signer_load(struct signer *sg, const char *path)
{
	char err[256], *text;
	struct stat sb;
	size_t len;
	int rc;

	if ((text = slurp_small(path, &len, &sb)) == NULL) {
		log_warn("signing key %s", path);
		return -1;
	}
	if (sb.st_mode & 077) {
		log_warnx("signing key %s is readable by others (mode %04o); "
		    "refusing to use it: chmod 600 %s", path,
		    (unsigned)(sb.st_mode & 07777), path);
		sodium_memzero(text, len);
		free(text);
		return -1;
	}
	rc = mini_sec_parse(text, len, &sg->key, err, sizeof(err));
	sodium_memzero(text, len);
	free(text);
	if (rc == -1) {
		log_warnx("signing key %s: %s", path, err);
		return -1;
	}
	return 0;
}

static int
signer_init(struct daemon *d, struct signer *sg)
{
	struct config *c = d->conf;
	char *path, *pubpath = NULL;
	struct stat sb;
	int dfd;

	if (c->signing_key != NULL)
		path = strdup(c->signing_key);
	else if (asprintf(&path, "%s/advisord.key", c->state_dir) < 0)
		path = NULL;
	if (path == NULL)
		return -1;
	sg->key_path = path;
	if (c->signing_key == NULL && stat(path, &sb) == -1 &&
	    errno == ENOENT) {
		char *sec, *pub;

		if (mini_keygen(&sg->key) == -1 ||
		    (sec = mini_sec_text(&sg->key)) == NULL)
			return -1;
		pub = mini_pub_text(&sg->key);
		if (write_new_file(path, sec, 0600) == -1) {
			log_warn("cannot write a new signing key to %s", path);
			sodium_memzero(sec, strlen(sec));
			free(sec);
			free(pub);
			return -1;
		}
		sodium_memzero(sec, strlen(sec));
		free(sec);
		if (asprintf(&pubpath, "%s/advisord.pub", c->state_dir) >= 0) {
			(void)unlink(pubpath);
			if (pub == NULL || write_new_file(pubpath, pub, 0644) ==
			    -1)
				log_warn("cannot write %s", pubpath);
		}
		/* the key's name must survive a power failure too */
		if ((dfd = open(c->state_dir, O_RDONLY | O_DIRECTORY |
		    O_CLOEXEC)) == -1 || fsync(dfd) == -1) {
			log_warn("cannot sync %s", c->state_dir);
			if (dfd != -1)
				(void)close(dfd);
			free(pubpath);
			free(pub);
			return -1;
		}
		(void)close(dfd);
		mini_key_id_hex(sg->key.key_id, sg->key_id);
		log_info("generated a transcript signing key: %s (public key "
		    "%s, key id %s)", path, pubpath ? pubpath : "-",
		    sg->key_id);
		free(pubpath);
		free(pub);
	} else if (signer_load(sg, path) == -1)
		return -1;
	mini_key_id_hex(sg->key.key_id, sg->key_id);
	if ((sg->pub_text = mini_pub_text(&sg->key)) == NULL)
		return -1;
	return 0;
}

/* File names: when, which conversation, and some randomness. */
static void
transcript_id(const struct conversation *c, char *out, size_t len)
{
	char when[32], clean[48], rnd[9];
	unsigned char r[4];
	time_t t = time(NULL);
	struct tm tm;
	size_t i, j = 0;

	(void)gmtime_r(&t, &tm);
	(void)strftime(when, sizeof(when), "%Y%m%dT%H%M%SZ", &tm);
	for (i = 0; c->key[i] != '\0' && j < sizeof(clean) - 1; i++) {
		char ch = c->key[i];

		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '-' || ch == '.')
			clean[j++] = ch;
		else if (j > 0 && clean[j - 1] != '_')
			clean[j++] = '_';
	}
	clean[j] = '\0';
	randombytes_buf(r, sizeof(r));
	(void)sodium_bin2hex(rnd, sizeof(rnd), r, sizeof(r));
	(void)snprintf(out, len, "%s-%s-%s", when, clean, rnd);
}

/* Transcripts whose .part tail waits for parts_flush(). */
static struct transcript *part_dirty;
/* Transcripts in the journal only whose tail waits for a commit (jl). */
static struct transcript *held_dirty;
/* bytes of those tails, bounded like .part bytes queued (PART_QUEUE_MAX) */
static size_t held_bytes;

/*
 * Tail buffers of TAIL_SPARE_BYTES let go of by a commit (held_synced),
 * kept for the next turn's first record (part_reserve): with sync = turn
 * nearly every turn freed a 4 KiB tail and made another (a malloc() past
 * the thread cache and its free(): about 600 instructions per walk
 * message, cg_turn.sh).  Daemon-wide and bounded (TAIL_SPARE_MAX
 * buffers, 256 KiB), so an idle conversation still holds no buffer.
 * Loop thread only, like held_dirty.
 */
#define TAIL_SPARE_BYTES	4096
#define TAIL_SPARE_MAX		64
static char *tail_spare[TAIL_SPARE_MAX];
static size_t ntail_spare;

/* Keep or free buf, a tail buffer of cap bytes no one holds any more. */
static void
tail_spare_put(char *buf, size_t cap)
{
	if (buf != NULL && cap == TAIL_SPARE_BYTES &&
	    ntail_spare < TAIL_SPARE_MAX)
		tail_spare[ntail_spare++] = buf;
	else
		free(buf);
}

/* Free the spare tails (shutdown). */
static void
tail_spare_free(void)
{
	while (ntail_spare > 0)
		free(tail_spare[--ntail_spare]);
}

/*
 * Do records for .part wait for the end of the loop iteration?  Only when
 * replies wait for a commit anyway (sync = turn, or the shared store): a
 * failed write then still refuses the turn before anything of it is sent.
 * Otherwise replies go at once, and each record is written at once.
 */
static int
part_batched(const struct daemon *d)
{
	return d->conf->sync_mode == SYNC_TURN || d->sb != &backend_local;
}

/*
 * Are the records of a conversation opened now kept in the journal only
 * (no .part file)?  With sync = turn and the local store: every record's
 * reply waits for the group commit that makes its journal line durable,
 * and the transcript is read back from there (store_journal_read).  The
 * shared store's journal is PostgreSQL, and with sync = end or off a
 * transcript may be signed before its lines are on disk: those keep a
 * .part, as do conversations recovered at start (their .part is rebuilt
 * from the journal there).
 */
static int
tr_in_journal(const struct daemon *d)
{
	return d->conf->sync_mode == SYNC_TURN && d->sb == &backend_local;
}

/* tr's tail is let go of (taken, or freed): no longer held. */
static void
held_forget(struct transcript *tr)
{
	if (tr->jl)
		held_bytes -= tr->ptlen;
	tr->pt_commit = 0;
}

static void
part_unlist(struct transcript *tr)
{
	if (tr->pprev == NULL)
		return;
	if (tr->pnext != NULL)
		tr->pnext->pprev = tr->pprev;
	*tr->pprev = tr->pnext;
	tr->pnext = NULL;
	tr->pprev = NULL;
}

/* .part bytes handed to the worker and not reported back yet (loop). */
static size_t part_queued;
/* names the next struct part_file (pser) */
static uint64_t part_serial;

/* One .part append for the worker; err, warn filled by parts_run(). */
struct part_write {
	struct part_file *pf;
	uint64_t	 pser;
	char		*data;		/* whole records; freed by the worker */
	size_t		 len;
	int		 err;		/* 0, or why it was not written */
};

/* Appends (n) and a close (pf: freed after), for the worker, in order. */
struct parts_job {
	struct daemon	*d;
	struct part_file *close;
	int		 inline_run;	/* no worker (shutdown): no refusals */
	size_t		 bytes;
	size_t		 n;
	struct part_write w[];
};

/*
 * On the worker: each append in turn, one write() each (store_part_write:
 * a failed one is cut back to the file's good records, and logged as
 * store_part_warn() says).  After a failure nothing more is written to
 * that file: the records are kept in pf->lost, in order, for the
 * transcript's signing (finish_run), and reported failed to the loop.
 */
static void
parts_run(void *arg)
{
	struct parts_job *j = arg;
	struct store *st = j->d->store;
	struct part_write *w;
	unsigned long n;
	size_t i;
	char *x;

	for (i = 0; i < j->n; i++) {
		w = &j->w[i];
		if (!w->pf->failed) {
			if (store_part_write(st, w->pf->id, &w->pf->fd,
			    w->pf->flen, w->data, w->len) == 0) {
				w->pf->flen += (off_t)w->len;
				free(w->data);
				w->data = NULL;
				continue;
			}
			w->pf->failed = 1;
			w->pf->err = errno;
			if ((n = store_part_warn(st)) > 0) {
				errno = w->pf->err;
				if (n == 1)
					log_warn("transcript %s: its records "
					    "could not be written to its .part "
					    "file; ending the conversation",
					    w->pf->id);
				else
					log_warn("transcript %s: its records "
					    "could not be written to its .part "
					    "file; ending the conversation (%lu "
					    "failed .part writes since the last "
					    "warning)", w->pf->id, n);
			}
		}
		w->err = w->pf->err ? w->pf->err : EIO;
		/* kept for the signing; without memory the signing fails */
		if (w->pf->lost == NULL) {
			w->pf->lost = w->data;
			w->pf->lostlen = w->len;
		} else if ((x = realloc(w->pf->lost, w->pf->lostlen +
		    w->len)) != NULL) {
			memcpy(x + w->pf->lostlen, w->data, w->len);
			w->pf->lost = x;
			w->pf->lostlen += w->len;
			free(w->data);
		} else {
			free(w->data);
			w->pf->lostlen = (size_t)-1;
		}
		w->data = NULL;
	}
	if (j->close != NULL) {
		store_part_close(st, &j->close->fd);
		free(j->close->lost);
		free(j->close);
	}
}

static void	refuse_unreleased(struct daemon *, struct conversation *,
		    uint64_t);

/*
 * On the loop, before any later job's done(): a conversation whose
 * records could not be written to its .part is ended like one whose
 * record could not be (its turns not released yet are refused,
 * storage_failed; its records are in the journal, and its transcript is
 * signed from the file and the records kept).  The others carry on.  The
 * sync of these records was posted after this job, so it has not
 * released their replies.
 */
static void
parts_done(void *arg)
{
	struct parts_job *j = arg;
	struct daemon *d = j->d;
	struct conversation *c, *next;
	size_t i;
	int failed = 0;

	part_queued -= j->bytes;
	for (i = 0; i < j->n; i++) {
		if (j->w[i].err == 0)
			continue;
		store_part_failed(d->store, j->w[i].err);
		for (c = d->lru_head; c != NULL; c = c->lru_next)
			if (c->tr != NULL && c->tr->pser == j->w[i].pser) {
				c->tr->failed = c->tr->pfailed = 1;
				failed = 1;
				break;
			}
	}
	for (c = d->lru_head; failed && !j->inline_run && c != NULL; c = next) {
		next = c->lru_next;
		if (c->tr != NULL && c->tr->pfailed && !c->tr->closed)
			refuse_unreleased(d, c, d->synced);
	}
	free(j);
}

/* Hand j to the worker (or run it here without one).  -1: no memory. */
static int
parts_submit(struct daemon *d, struct parts_job *j)
{
	if (d->worker == NULL) {
		/* the caller may be in the middle of a conversation's record */
		j->inline_run = 1;
		parts_run(j);
		parts_done(j);
		return 0;
	}
	/* its done() can wait for the sync posted behind it */
	return worker_post_quiet(d->worker, parts_run, parts_done, j);
}

/* tr's part_file, made on first use.  NULL: no memory. */
static struct part_file *
part_file_get(struct transcript *tr)
{
	if (tr->pf != NULL)
		return tr->pf;
	if ((tr->pf = calloc(1, sizeof(*tr->pf))) == NULL)
		return NULL;
	(void)snprintf(tr->pf->id, sizeof(tr->pf->id), "%s", tr->id);
	tr->pf->fd = -1;
	tr->pf->flen = tr->part_len - (off_t)tr->ptlen;
	tr->pser = ++part_serial;
	return tr->pf;
}

/*
 * Hand the .part tails of v[0..n) to the worker, in one job: the writes,
 * file creation included, run there, in order with every job posted
 * before and after (a finish job reads the file after them).  A failure
 * comes back to parts_done().  -1 (no memory): nothing is handed over,
 * the tails are kept, and the caller ends those conversations.
 */
static int
parts_post(struct daemon *d, struct transcript **v, size_t n)
{
	struct parts_job *j;
	size_t i, k = 0;

	if ((j = calloc(1, sizeof(*j) + n * sizeof(j->w[0]))) == NULL)
		return -1;
	j->d = d;
	for (i = 0; i < n; i++) {
		if (v[i]->ptlen == 0)
			continue;
		if (part_file_get(v[i]) == NULL) {
			free(j);
			return -1;
		}
		j->w[k].pf = v[i]->pf;
		j->w[k].pser = v[i]->pser;
		j->w[k].data = v[i]->ptail;
		j->w[k].len = v[i]->ptlen;
		j->bytes += v[i]->ptlen;
		k++;
	}
	j->n = k;
	if (k == 0) {
		free(j);
		return 0;
	}
	part_queued += j->bytes;
	/* handed over before it may run (without a worker, at once) */
	for (i = 0; i < n; i++) {
		part_unlist(v[i]);
		if (v[i]->ptlen == 0)
			continue;
		v[i]->ptail = NULL;
		v[i]->ptlen = v[i]->ptcap = 0;
	}
	if (parts_submit(d, j) == -1) {
		/* not posted: the tails go back, as they were */
		for (i = 0, k = 0; i < n && k < j->n; i++) {
			if (v[i]->pf != j->w[k].pf)
				continue;
			v[i]->ptail = j->w[k].data;
			v[i]->ptlen = v[i]->ptcap = j->w[k].len;
			k++;
		}
		part_queued -= j->bytes;
		free(j);
		return -1;
	}
	return 0;
}

/*
 * tr's .part file is not written by it any more: its part_file goes to
 * the worker to be closed and freed after the writes queued before.
 */
static void
part_file_drop(struct daemon *d, struct part_file *pf)
{
	struct parts_job *j;

	if (pf == NULL)
		return;
	/* no memory: the descriptor is left open, not closed early */
	if ((j = calloc(1, sizeof(*j))) == NULL)
		return;
	j->d = d;
	j->close = pf;
	if (parts_submit(d, j) == -1)
		free(j);
}

static void
part_release(struct daemon *d, struct transcript *tr)
{
	part_file_drop(d, tr->pf);
	tr->pf = NULL;
}

/*
 * Hand tr's .part tail to the worker (one write(), there).  -1: it could
 * not be handed over (no memory); the tail is kept, for the transcript to
 * be signed from (its records are in the journal); the caller ends the
 * conversation.
 */
static int
part_flush(struct daemon *d, struct transcript *tr)
{
	part_unlist(tr);
	if (tr->ptlen == 0)
		return 0;
	return parts_post(d, &tr, 1);
}

/*
 * Room for a record of len bytes and its newline at the end of tr's
 * .part tail (part_batched() only), the tail written first when it would
 * pass PART_TAIL_MAX: where the record is to be written, counted only by
 * part_commit().  NULL when it could not be made.
 */
static char *
part_reserve(struct daemon *d, struct transcript *tr, size_t len)
{
	if (tr->pfailed)
		return NULL;
	if (tr->jl) {
		if (held_bytes + len + 1 > (size_t)PART_QUEUE_MAX) {
			log_warnx("transcript %s: %zu bytes of records already "
			    "wait for a group commit (bound: 64 MiB, "
			    "PART_QUEUE_MAX); ending the conversation", tr->id,
			    held_bytes);
			return NULL;
		}
	} else if (part_queued + tr->ptlen + len + 1 >
	    (size_t)PART_QUEUE_MAX) {
		log_warnx("transcript %s: %zu bytes of .part records already "
		    "wait for the disk (bound: 64 MiB, PART_QUEUE_MAX); "
		    "ending the conversation", tr->id, part_queued);
		return NULL;
	}
	if (!tr->jl && tr->ptlen > 0 && tr->ptlen + len + 1 >
	    (size_t)PART_TAIL_MAX && part_flush(d, tr) == -1)
		return NULL;
	if (tr->ptcap == 0 && ntail_spare > 0 &&
	    len + 1 <= TAIL_SPARE_BYTES) {
		tr->ptail = tail_spare[--ntail_spare];
		tr->ptcap = TAIL_SPARE_BYTES;
	}
	if (tr->ptlen + len + 1 > tr->ptcap) {
		size_t cap = tr->ptcap ? tr->ptcap : TAIL_SPARE_BYTES;
		char *x;

		while (cap < tr->ptlen + len + 1)
			cap *= 2;
		if ((x = realloc(tr->ptail, cap)) == NULL)
			return NULL;
		tr->ptail = x;
		tr->ptcap = cap;
	}
	return tr->ptail + tr->ptlen;
}

/*
 * The record of len bytes written where part_reserve() said is now in
 * tr's tail: its newline added, the tail listed to be written (or held
 * for the commit, jl).
 */
static void
part_commit(struct transcript *tr, size_t len)
{
	tr->ptail[tr->ptlen + len] = '\n';
	tr->ptlen += len + 1;
	if (tr->jl)
		held_bytes += len + 1;
	if (tr->pprev == NULL) {
		struct transcript **head = tr->jl ? &held_dirty : &part_dirty;

		tr->pnext = *head;
		if (*head != NULL)
			(*head)->pprev = &tr->pnext;
		*head = tr;
		tr->pprev = head;
	}
}

/*
 * Add a record (len bytes, without its newline) to tr's .part: to its
 * tail when part_batched() (written now if the tail would pass
 * PART_TAIL_MAX), else written now.  -1: it could not be.
 */
static int
part_add(struct daemon *d, struct transcript *tr, const char *bytes,
    size_t len)
{
	char *at;

	if (tr->pfailed)
		return -1;
	/* sync is fixed at start (server_reload): no tail waits here */
	if (!part_batched(d)) {
		if (store_part_append(d->store, tr->id, &tr->part_fd,
		    tr->part_len, bytes, len) == 0)
			return 0;
		store_part_failed(d->store, errno);
		return -1;
	}
	if ((at = part_reserve(d, tr, len)) == NULL)
		return -1;
	memcpy(at, bytes, len);
	part_commit(tr, len);
	return 0;
}

/*
 * Note where the record (len bytes) just journaled for tr is, for the
 * transcript to be read back from the journal (jl).  -1: no memory.
 */
static int
loc_add(struct daemon *d, struct transcript *tr, size_t len)
{
	if (tr->nlocs == tr->loccap) {
		size_t cap = tr->loccap ? tr->loccap * 2 : 16;
		struct store_loc *x = realloc(tr->locs, cap * sizeof(*x));

		if (x == NULL)
			return -1;
		tr->locs = x;
		tr->loccap = cap;
	}
	if (store_journal_last(d->store, &tr->locs[tr->nlocs]) == -1)
		return -1;
	tr->locs[tr->nlocs++].len = (uint32_t)len;	/* JOURNAL_LINE_MAX */
	return 0;
}

/*
 * A group commit is posted: the records held until now (jl) are covered
 * by it, and let go of when it ends well (held_synced).
 */
static void
held_posted(void)
{
	struct transcript *tr;

	for (tr = held_dirty; tr != NULL; tr = tr->pnext)
		tr->pt_commit = tr->ptlen;
}

/*
 * The commit posted last ended well: the records it covered are durable
 * in the journal, read from there from now on; the rest stay held.
 */
static void
held_synced(void)
{
	struct transcript *tr, *next;

	for (tr = held_dirty; tr != NULL; tr = next) {
		next = tr->pnext;
		if (tr->pt_commit == 0)
			continue;
		held_bytes -= tr->pt_commit;
		tr->ptlen -= tr->pt_commit;
		if (tr->ptlen > 0)
			memmove(tr->ptail, tr->ptail + tr->pt_commit,
			    tr->ptlen);
		tr->pt_commit = 0;
		if (tr->ptlen == 0) {
			part_unlist(tr);
			/* an idle conversation holds no buffer */
			tail_spare_put(tr->ptail, tr->ptcap);
			tr->ptail = NULL;
			tr->ptcap = 0;
		}
	}
}

/*
 * The chain as it stands once record bytes (len long) join tr's, into
 * next; with a backend that reads the head (PostgreSQL), its hex into
 * head too (the next record's "prev" is that hex as well, tr_record_put()).
 */
static void
tr_chain_next(const struct daemon *d, const struct transcript *tr,
    const char *bytes, size_t len, struct tr_chain *next,
    char head[TR_HASH_BYTES * 2 + 1])
{
	*next = tr->ch;
	tr_chain_add(next, bytes, len);
	if (d->sb->reads_head)
		tr_hex(next->head, TR_HASH_BYTES, head);
}

/*
 * Append one record's canonical bytes (owned; NULL: they could not be
 * made) to the conversation's store: the journal line first, then the
 * .part.  Only when both are written does the chain advance; otherwise
 * the transcript is failed (the conversation is to be ended) and the
 * .part stays at its last good record.
 */
static int
append_bytes(struct daemon *d, struct transcript *tr, char *bytes, size_t len)
{
	struct tr_chain next;
	char head[TR_HASH_BYTES * 2 + 1];

	if (tr->failed) {
		free(bytes);
		return -1;
	}
	if (bytes != NULL) {
		tr_chain_next(d, tr, bytes, len, &next, head);
	}
	if (bytes == NULL || d->sb->journal(d->sbs, tr->id, "rec", bytes, len,
	    (long long)tr->ch.records, d->sb->reads_head ? head : NULL) == -1 ||
	    (tr->jl && loc_add(d, tr, len) == -1) ||
	    part_add(d, tr, bytes, len) == -1) {
		log_warn("transcript %s: record %llu could not be written; "
		    "ending the conversation", tr->id,
		    (unsigned long long)tr->ch.records);
		free(bytes);
		tr->failed = 1;
		return -1;
	}
	tr->ch = next;
	tr->part_len += (off_t)len + 1;
	free(bytes);
	/* replies queued from now on wait for the next sync to end well */
	if (d->conf->sync_mode == SYNC_TURN || d->sb != &backend_local)
		tr->epoch = d->epoch = d->posted + 1;
	return 0;
}

/*
 * append_bytes() of the record of a message (its canonical bytes msg,
 * msglen long) going dir at time: with the records in a tail
 * (part_batched()), the record is written straight into the tail, where
 * it is kept till it is written or committed, and the journal and the
 * hash chain take it from there: no buffer of its own is made, copied
 * and freed per record.  The same order of failures as append_bytes():
 * only when the journal line and the tail both take it does the chain
 * advance.
 */
static int
append_msg(struct daemon *d, struct transcript *tr, const char *time,
    const char *dir, const char *msg, size_t msglen)
{
	struct tr_chain next;
	char head[TR_HASH_BYTES * 2 + 1], *at = NULL;
	size_t len;

	if (tr->failed)
		return -1;
	if (!part_batched(d)) {
		char *bytes = tr_record_bytes(&tr->ch, time, dir, msg, msglen,
		    &len);

		return append_bytes(d, tr, bytes, len);
	}
	if ((len = tr_record_len(&tr->ch, time, dir, msglen)) != 0 &&
	    (at = part_reserve(d, tr, len)) != NULL) {
		tr_record_put(&tr->ch, time, dir, msg, msglen, at);
		tr_chain_next(d, tr, at, len, &next, head);
	}
	if (at == NULL || d->sb->journal(d->sbs, tr->id, "rec", at, len,
	    (long long)tr->ch.records, d->sb->reads_head ? head : NULL) == -1 ||
	    (tr->jl && loc_add(d, tr, len) == -1)) {
		log_warn("transcript %s: record %llu could not be written; "
		    "ending the conversation", tr->id,
		    (unsigned long long)tr->ch.records);
		tr->failed = 1;
		return -1;
	}
	part_commit(tr, len);
	tr->ch = next;
	tr->part_len += (off_t)len + 1;
	/* replies queued from now on wait for the next sync to end well */
	if (d->conf->sync_mode == SYNC_TURN || d->sb != &backend_local)
		tr->epoch = d->epoch = d->posted + 1;
	return 0;
}

/*
 * May the Markdown of a record with these canonical bytes be built from
 * its tree?  Only where the file's parse (tr_markdown()) would take it
 * too: jansson refuses "\u0000" without JSON_ALLOW_NUL, and nesting
 * deeper than 2048 (the file adds two levels); brackets inside strings
 * count too, which only errs towards the file.  Asked of the header and
 * of client messages: server messages are the daemon's, built of
 * json_string()s (C strings) and of parsed input, a few levels deep.
 */
static int
md_keeps(const char *bytes, size_t len)
{
	const char *p, *end = bytes + len;
	size_t open = 0;

	/* memchr() first: a flat client message holds no backslash */
	if (memchr(bytes, '\\', len) != NULL &&
	    memmem(bytes, len, "\\u0000", 6) != NULL)
		return 0;
	/* memchr() from bracket to bracket: a client message has one or two */
	for (p = bytes; open < 1024 && (p = memchr(p, '[', (size_t)(end -
	    p))) != NULL; p++)
		open++;
	for (p = bytes; open < 1024 && (p = memchr(p, '{', (size_t)(end -
	    p))) != NULL; p++)
		open++;
	return open < 1024;
}

/* Stop building t's Markdown: the file will be rendered instead. */
static void
md_drop(struct transcript *tr)
{
	tr_md_free(tr->md);
	tr->md = NULL;
}

/*
 * Is tr's Markdown still to be built as its records come?  Not once they
 * pass MD_LOOP_BYTES: transcript_md() would never use it again (records
 * only grow), so what it keeps is freed now rather than at the end.  A
 * long conversation's heap then stops growing by every message's
 * rendering parts (RESULTS.md, round 53, pf53: fresh pages, about 12 us
 * of CPU each on the bench machine).
 */
static int
md_use(struct transcript *tr)
{
	if (tr->md != NULL && (size_t)tr->part_len > MD_LOOP_BYTES)
		md_drop(tr);
	return tr->md != NULL;
}

/* Append one record (a JSON value) as its canonical bytes. */
static int
append_record(struct daemon *d, struct transcript *tr, json_t *rec)
{
	size_t len = 0;
	char *bytes;

	if (tr->failed)
		return -1;
	bytes = tr_canonical(rec, &len);
	/* only the header comes here: the Markdown starts with it */
	if (bytes != NULL && md_keeps(bytes, len) && tr->ch.records == 0 &&
	    (tr->md = tr_md_new()) != NULL && tr_md_record(tr->md, rec) == -1)
		md_drop(tr);
	return append_bytes(d, tr, bytes, len);
}

/*
 * Start c's transcript: its header names the integration (API key) that
 * owns it, if any, and carries meta (borrowed; NULL: none), the open's
 * metadata.
 */
int
transcript_open(struct daemon *d, struct conversation *c, json_t *cmeta)
{
	struct transcript *tr;
	char started[40];
	json_t *h, *meta;
	char *m;
	int rc;

	if (d->store == NULL || (tr = calloc(1, sizeof(*tr))) == NULL)
		return -1;
	transcript_id(c, tr->id, sizeof(tr->id));
	tr_chain_init(&tr->ch);
	tr->part_fd = -1;
	tr->jl = tr_in_journal(d);
	now_iso(started, sizeof(started));
	/*
	 * who may resume it: in the journal only, never in the transcript.
	 * The shared store keeps only the token's hash (review hb17,
	 * HB17-3: its readers, its backups); the local journal, a 0600
	 * file of the daemon next to its signing key, the token itself, so
	 * that an integration that lost it gets it back in `resumed` after
	 * a restart (PROTOCOL.md 9).
	 */
	meta = d->sb == &backend_pg ? json_pack("{s:s, s:s, s:s, s:s}",
	    "owner", c->owner, "name", c->name, "token_sha256", c->token_hash,
	    "kb", c->kb->kb->hash_hex) : json_pack("{s:s, s:s, s:s, s:s}",
	    "owner", c->owner, "name", c->name, "token", c->token, "kb",
	    c->kb->kb->hash_hex);
	m = meta ? tr_canonical(meta, NULL) : NULL;
	json_decref(meta);
	h = tr_header(c->name, started, "advisord/" ADVISORD_VERSION,
	    c->kb->kb->id, c->kb->kb->hash_hex, d->signer->key_id);
	/* signed content names who owned it (issue 15) */
	if (h != NULL && c->owner[0] != '\0')
		(void)json_object_set_new(h, "integration",
		    json_string(c->owner));
	if (h != NULL && cmeta != NULL)
		(void)json_object_set(h, "meta", cmeta);
	rc = m != NULL && h != NULL && d->sb->journal(d->sbs, tr->id, "meta", m,
	    strlen(m), -1, NULL) == 0 ? 0 : -1;
	if (rc == 0) {
		/* the local journal keeps its segment for it */
		if (d->sb == &backend_local) {
			tr->seg = store_pin(d->store);
			tr->pinned = 1;
		}
		rc = append_record(d, tr, h);
	}
	free(m);
	json_decref(h);
	if (rc == -1) {
		log_warn("transcript %s", tr->id);
		if (tr->pinned)
			store_unpin(d->store, tr->seg);
		part_unlist(tr);
		held_forget(tr);
		free(tr->locs);
		free(tr->ptail);
		store_part_close(d->store, &tr->part_fd);
		part_release(d, tr);
		tr_md_free(tr->md);
		free(tr);
		return -1;
	}
	tr->epoch0 = tr->epoch;
	c->tr = tr;
	return 0;
}

/*
 * Record one message of conversation c, going dir ("client" or "server").
 * Resume tokens never enter a transcript.  Returns -1 when the record
 * could not be written: the message must not be sent, and the
 * conversation must be ended (transcript_failed() says so from now on).
 */
int
transcript_record(struct daemon *d, struct conversation *c, const char *dir,
    json_t *msg)
{
	return transcript_record_text(d, c, dir, msg, NULL, 0);
}

/*
 * Remember the request just recorded (tr->last_id) as waiting for the
 * commit of its epoch, so that a failed commit answers it (sync_failed):
 * a client may send several before the first is answered.  Requests whose
 * epoch is committed are forgotten; past TR_PENDING_MAX waiting, the
 * oldest is (it then gets no storage_failed of its own, only the last).
 */
static void
pending_add(struct daemon *d, struct transcript *tr)
{
	size_t i, k = 0;

	if (tr->last_id[0] == '\0')
		return;
	for (i = 0; i < tr->npending; i++)
		if (tr->pending[i].epoch > d->synced)
			tr->pending[k++] = tr->pending[i];
	tr->npending = k;
	if (tr->npending == TR_PENDING_MAX) {
		memmove(&tr->pending[0], &tr->pending[1],
		    (TR_PENDING_MAX - 1) * sizeof(tr->pending[0]));
		tr->npending--;
	}
	/* same size, NUL-terminated: copied whole, without printf per turn */
	_Static_assert(sizeof(tr->last_id) == sizeof(tr->pending[0].id),
	    "pending ids are last_ids");
	memcpy(tr->pending[tr->npending].id, tr->last_id,
	    sizeof(tr->pending[0].id));
	tr->pending[tr->npending++].epoch = tr->epoch;
}

static int	record_text(struct daemon *, struct conversation *,
		    const char *, json_t *, const char *, const char *, size_t);

/*
 * transcript_record(), given also the message's canonical bytes text
 * (len bytes; NULL: none), as the wire has them: the record is built
 * around them (tr_record_bytes()) rather than serialising the message a
 * second time.  Without text (a client's message, or one that carries
 * a resume token, which is serialised again without it) the message is
 * serialised here.
 */
int
transcript_record_text(struct daemon *d, struct conversation *c,
    const char *dir, json_t *msg, const char *text, size_t len)
{
	return record_text(d, c, dir, msg, NULL, text, len);
}

/*
 * The record of client message m, its canonical bytes text (len long;
 * NULL: made here from its tree): transcript_record_text(), also for a
 * message decoded without a tree (proto.h), whose Markdown is kept as
 * those bytes (tr_md_client_bytes()).
 */
int
transcript_record_client(struct daemon *d, struct conversation *c,
    const struct proto_msg *m, const char *text, size_t len)
{
	if (m->root == NULL && text == NULL)
		return -1;	/* decoding made the bytes: not reached */
	return record_text(d, c, "client", m->root, m->root == NULL ?
	    m->id : NULL, text, len);
}

/*
 * transcript_record_text(), where msg may be NULL for a client message
 * given as its bytes (text) and its id (flat_id).
 */
static int
record_text(struct daemon *d, struct conversation *c, const char *dir,
    json_t *msg, const char *flat_id, const char *text, size_t len)
{
	struct transcript *tr = c->tr;
	char time[40], *own = NULL;
	json_t *copy = NULL;
	int rc;

	if (tr == NULL || tr->closed)
		return 0;
	if (tr->failed)
		return -1;
	if (tr->ch.records >= TR_MAX_RECORDS) {
		/* transcript_full() stops input before; a seq is kept */
		json_t *q = json_object_get(msg, "seq");

		return strcmp(dir, "server") == 0 && json_is_integer(q) ?
		    transcript_note_seq(d, c, (uint64_t)json_integer_value(q)) :
		    0;
	}
	if (json_object_get(msg, "token") != NULL) {
		copy = json_deep_copy(msg);
		(void)json_object_del(copy, "token");
		msg = copy;
		text = NULL;
	}
	if (strcmp(dir, "client") == 0) {
		/* as snprintf("%s") would keep it, without printf per turn */
		const char *id = msg == NULL ? flat_id :
		    json_string_value(json_object_get(msg, "id"));
		size_t n = id != NULL ? strlen(id) : 0;

		if (n > sizeof(tr->last_id) - 1)
			n = sizeof(tr->last_id) - 1;
		memcpy(tr->last_id, id != NULL ? id : "", n);
		tr->last_id[n] = '\0';
	}
	now_iso(time, sizeof(time));
	if (text == NULL && (text = own = tr_canonical(msg, &len)) == NULL) {
		log_warnx("transcript %s: cannot encode record %llu; ending "
		    "the conversation", tr->id,
		    (unsigned long long)tr->ch.records);
		tr->failed = 1;
		rc = -1;
	} else {
		rc = append_msg(d, tr, time, dir, text, len);
		if (rc == 0 && md_use(tr) && ((strcmp(dir, "server") != 0 &&
		    !md_keeps(text, len)) || (msg == NULL ?
		    tr_md_client_bytes(tr->md, time, text, len) :
		    tr_md_message(tr->md, dir, time, msg)) == -1))
			md_drop(tr);
	}
	if (rc == 0 && strcmp(dir, "client") == 0)
		pending_add(d, tr);
	free(own);
	json_decref(copy);
	return rc;
}

/*
 * transcript_record_text() of a server message written straight to its
 * bytes (text, len long; render_json_bytes()), md what the Markdown reads
 * of it: the same record, chain and journal line, without a tree.
 */
int
transcript_record_rendered(struct daemon *d, struct conversation *c,
    const char *text, size_t len, const struct tr_md_parts *md)
{
	struct transcript *tr = c->tr;
	char time[40];
	int rc;

	if (tr == NULL || tr->closed)
		return 0;
	if (tr->failed)
		return -1;
	if (tr->ch.records >= TR_MAX_RECORDS)
		/* transcript_full() stops input before; a seq is kept */
		return transcript_note_seq(d, c, (uint64_t)md->seq);
	now_iso(time, sizeof(time));
	rc = append_msg(d, tr, time, "server", text, len);
	if (rc == 0 && md_use(tr) && tr_md_server(tr->md, time, md) == -1)
		md_drop(tr);
	return rc;
}

/*
 * Conversation c sends a message numbered seq that is not a transcript
 * record (a snapshot of its transcript: a transcript does not contain
 * itself).  The seq is journaled on its own ("seq" line; PostgreSQL:
 * advisord_conv.seq_used), outside the transcript and its chain, and the
 * message waits for the same group commit as a record would: a rebuild
 * (restart, take-over) numbers from the greater of the last recorded
 * server message and this, so a seq a client saw is never given out
 * again.  Returns -1 when it could not be journaled: the message must not
 * be sent, and the conversation is failed like a record's write.
 */
int
transcript_note_seq(struct daemon *d, struct conversation *c, uint64_t seq)
{
	struct transcript *tr = c->tr;
	char line[48];
	int n;

	if (tr == NULL || tr->closed)
		return 0;
	if (tr->failed)
		return -1;
	n = snprintf(line, sizeof(line), "{\"seq\":%llu}",
	    (unsigned long long)seq);
	if (d->sb->journal(d->sbs, tr->id, "seq", line, (size_t)n,
	    (long long)seq, NULL) == -1) {
		log_warn("transcript %s: seq %llu could not be journaled; "
		    "ending the conversation", tr->id, (unsigned long long)seq);
		tr->failed = 1;
		return -1;
	}
	if (seq > tr->seq_used)
		tr->seq_used = seq;
	if (d->conf->sync_mode == SYNC_TURN || d->sb != &backend_local)
		tr->epoch = d->epoch = d->posted + 1;
	return 0;
}

/* The last seq c numbered a message with that is not recorded (or 0). */
uint64_t
transcript_seq_used(const struct conversation *c)
{
	return c->tr != NULL ? c->tr->seq_used : 0;
}

/*
 * How many messages c's server side numbered: its seq, or, while it is
 * only restored (not rebuilt, c->seq still 0), the last seq its records
 * or seq lines hold, so that a log line counts what it really holds.
 */
uint64_t
transcript_messages(const struct conversation *c)
{
	uint64_t n = c->seq;

	if (c->tr != NULL && c->tr->seq_recorded > n)
		n = c->tr->seq_recorded;
	if (c->tr != NULL && c->tr->seq_used > n)
		n = c->tr->seq_used;
	return n;
}

/* The seq of the last server message in records recs[0..n) (or 0). */
static uint64_t
transcript_last_seq(const char *const *recs, size_t n)
{
	uint64_t seq = 0;
	size_t i;

	for (i = n; i > 0 && seq == 0; i--) {
		json_t *rec, *q;
		const char *dir;

		/* cheap: parse only the last server record */
		if (strstr(recs[i - 1], "\"server\"") == NULL)
			continue;
		rec = json_loadb(recs[i - 1], strlen(recs[i - 1]), 0, NULL);
		dir = json_string_value(json_object_get(rec, "dir"));
		q = json_object_get(json_object_get(rec, "msg"), "seq");
		if (dir != NULL && strcmp(dir, "server") == 0 &&
		    json_is_integer(q) && json_integer_value(q) > 0)
			seq = (uint64_t)json_integer_value(q);
		json_decref(rec);
	}
	return seq;
}

int
transcript_failed(const struct conversation *c)
{
	return c->tr != NULL && c->tr->failed;
}

/* ---- group commit: syncs on the worker -------------------------------- */

static double	 commit_posted;	/* server_clock() of the last commit posted */

struct sync_job {
	struct daemon		*d;
	void			*ss;	/* the backend's commit */
	uint64_t		 epoch;
	double			 t_post, t_run, t_ran;	/* loopstat only */
};

static void
sync_run(void *arg)
{
	struct sync_job *j = arg;

	if (loopstat_on)
		j->t_run = server_clock();
	j->d->sb->commit_run(j->ss);
	if (loopstat_on)
		j->t_ran = server_clock();
}

static void	awaiting_lost(const char *);
static void	awaiting_release(struct daemon *, int, uint64_t);

/*
 * Every request of c whose replies wait for a commit past good is lost
 * with them: each gets storage_failed but the last (its answer is the
 * caller's), so that a client that pipelined two does not wait forever
 * for the first.  Returns the last request's id when it waits too, else
 * NULL: its replies went out, and an error with its id would answer it
 * twice.
 */
static const char *
pending_refuse(struct conversation *c, uint64_t good)
{
	struct transcript *tr = c->tr;
	const char *last = NULL;
	size_t i;

	for (i = 0; i < tr->npending; i++) {
		if (tr->pending[i].epoch <= good)
			continue;
		if (strcmp(tr->pending[i].id, tr->last_id) == 0)
			last = tr->last_id;
		else if (c->conn != NULL)
			conn_send_error(c->conn, "storage_failed", "the "
			    "transcript could not be stored; the conversation "
			    "is closed", tr->pending[i].id, c->name);
	}
	return last;
}

/*
 * c's records since the commit good may be lost (or its .part could not
 * take them): it is ended, its replies not yet released dropped, and each
 * request of it that waits for them answered storage_failed.
 */
static void
refuse_unreleased(struct daemon *d, struct conversation *c, uint64_t good)
{
	struct transcript *tr = c->tr;

	(void)pending_refuse(c, good);
	/*
	 * The shared store keeps what was committed, and the lease: a
	 * resume rebuilds it from there (claim), here or elsewhere; it is
	 * not finished here.
	 */
	if (d->sb != &backend_local) {
		tr->lost = 1;
		/* queued since: never to land after its error */
		pgstore_forget(d->sbs, tr->id);
	}
	conversation_store_failed(d, c, tr->last_id[0] ? tr->last_id : NULL);
}

/*
 * A sync failed: every record since the last good one may be lost.  Every
 * conversation that wrote one is ended (its unsent replies are dropped and
 * its client told), the others carry on; then everything still queued may
 * go, as it depends on nothing lost.
 */
static void
sync_failed(struct daemon *d)
{
	struct conversation *c, *next;
	uint64_t good = d->synced;

	for (c = d->lru_head; c != NULL; c = next) {
		next = c->lru_next;
		/* the error answers the turn whose replies are lost */
		if (c->tr != NULL && c->tr->epoch > good)
			refuse_unreleased(d, c, good);
	}
	d->synced = d->posted = d->epoch;
}

/*
 * Before the loop sleeps: hand each conversation's .part tail of this
 * iteration (part_add) to the worker, one job for all of them, posted
 * before this iteration's commit: the worker writes them (one write()
 * each) before it syncs, and a failure (parts_done) ends its conversation
 * before that commit releases anything.  Without memory for the job the
 * conversations are ended here the same way; their tails are kept.
 */
static void
parts_flush(struct daemon *d)
{
	struct conversation *c, *next;
	struct transcript *tr, **v;
	size_t n = 0, i;

	for (tr = part_dirty; tr != NULL; tr = tr->pnext)
		n++;
	if ((v = malloc(n * sizeof(*v))) != NULL) {
		for (tr = part_dirty, i = 0; tr != NULL; tr = tr->pnext)
			v[i++] = tr;
		if (parts_post(d, v, n) == 0) {
			free(v);
			return;
		}
		free(v);
	}
	log_warnx("transcripts: no memory to write %zu conversations' .part "
	    "records; ending them", n);
	while ((tr = part_dirty) != NULL) {
		part_unlist(tr);
		tr->failed = tr->pfailed = 1;
	}
	for (c = d->lru_head; c != NULL; c = next) {
		next = c->lru_next;
		if (c->tr != NULL && c->tr->pfailed && !c->tr->closed)
			refuse_unreleased(d, c, d->synced);
	}
}

/*
 * Conversation id (a transcript id) is owned by another instance now (the
 * shared store's lease moved): it ends here without being finished, as
 * the new owner carries its transcript on.
 */
static void
transcript_lost(void *arg, const char *id, int taken)
{
	struct daemon *d = arg;
	struct conversation *c, *next;

	awaiting_lost(id);
	for (c = d->lru_head; c != NULL; c = next) {
		next = c->lru_next;
		if (c->tr == NULL || strcmp(c->tr->id, id) != 0)
			continue;
		c->tr->lost = 1;
		if (taken) {
			/*
			 * A new conversation whose name this API key holds
			 * open on another instance: it never was, here.
			 */
			log_info("conversation %s: open on another instance; "
			    "not opened here", conversation_logname(c->key));
			conversation_refused(d, c, "conversation_exists", "a "
			    "conversation of that name is open (on another "
			    "instance); resume it or choose another name",
			    c->tr->last_id[0] ? c->tr->last_id : NULL);
			return;
		}
		log_warnx("conversation %s: another instance owns it now; it "
		    "ends here", conversation_logname(c->key));
		/* no re unless a turn of it waits (PROTOCOL.md, storage_failed) */
		conversation_store_failed(d, c, pending_refuse(c, d->synced));
		return;
	}
}

/* Has c's lease been let lapse (it may be another instance's now)? */
int
transcript_unleased(const struct conversation *c)
{
	return c->tr != NULL && c->tr->unleased && !c->tr->lost;
}

static void	claim_release(struct daemon *, const char *, long,
		    const char *);

/*
 * c, whose lease lapsed, goes from here without being finished: the
 * shared store keeps it.  expire: it is idle past idle_timeout, so its
 * lease is set back that far, for the orphan sweep (of any instance) to
 * take it over and sign it as expired; unless another instance holds it
 * by now, which then carries it on.
 */
void
transcript_let_go(struct daemon *d, struct conversation *c, int expire)
{
	if (c->tr == NULL)
		return;
	c->tr->lost = 1;
	if (expire)
		claim_release(d, c->tr->id, d->conf->idle_timeout + 1,
		    NULL);
}

/* c goes from here unfinished: the store carries it (its queued lines too). */
void
transcript_forget(struct daemon *d, struct conversation *c)
{
	if (c->tr == NULL)
		return;
	c->tr->lost = 1;
	if (d->sb == &backend_pg)
		pgstore_forget(d->sbs, c->tr->id);
}

/* Conversations are kept in the shared store (PostgreSQL), not here. */
int
transcript_shared(const struct daemon *d)
{
	return d->sb == &backend_pg;
}

/*
 * c's turn could not be committed to the shared store (PostgreSQL away
 * past the commit's retries): what PostgreSQL has of it stays open there,
 * resumable on any instance, this one too (STORE-PG.md, "Failures").  It
 * goes from here unfinished: its queued lines dropped, its lease let go
 * (best effort; otherwise it lapses).  0, or -1 with the local journal,
 * where such a conversation ends as interrupted.  1 when it was opened
 * here and no commit since its meta line ended well (review hb18,
 * HB18-4): PostgreSQL has nothing of it, so there is nothing to resume;
 * its lines are dropped and it goes as never begun.  (Should the failed
 * commit have landed after all, its answer lost, the orphan sweep ends
 * it there.)
 */
int
transcript_leave_open(struct daemon *d, struct conversation *c)
{
	int never;

	if (d->sb != &backend_pg || c->tr == NULL)
		return -1;
	never = c->tr->epoch0 > d->synced;
	if (!c->tr->lost) {
		transcript_forget(d, c);
		if (!never)
			claim_release(d, c->tr->id, 0, NULL);
	}
	return never;
}

/* Conversation c was opened by request re (NULL: none): what answers it. */
void
transcript_opened_by(struct conversation *c, const char *re)
{
	if (c->tr != NULL && re != NULL)
		(void)snprintf(c->tr->last_id, sizeof(c->tr->last_id), "%s",
		    re);
}

static void	held_refuse(struct daemon *);

static void
sync_done(void *arg)
{
	struct sync_job *j = arg;
	struct daemon *d = j->d;
	double seconds;

	uint64_t good = d->synced;

	d->syncing = 0;
	if (loopstat_on) {
		double t = server_clock();

		loopstat_note(LS_SYNC_QUEUE, j->t_run - j->t_post);
		loopstat_note(LS_SYNC_RUN, j->t_ran - j->t_run);
		loopstat_note(LS_SYNC_HANDOFF, t - j->t_ran);
		loopstat_note(LS_SYNC_TOTAL, t - j->t_post);
	}
	seconds = d->sb->commit_seconds(j->ss);
	if (d->sb->commit_end(d->sbs, j->ss, transcript_lost, d) == 0) {
		metrics_sync(d, seconds, 0);
		held_refuse(d);
		held_synced();
		if (j->epoch > d->synced)
			d->synced = j->epoch;
		awaiting_release(d, 0, 0);
	} else {
		metrics_sync(d, seconds, 1);
		sync_failed(d);
		awaiting_release(d, 1, good);
	}
	free(j);
	if (d->ctx != NULL)
		ws_release_synced(d);
}

/*
 * A commit of records kept in the journal only (jl) ended well while the
 * transcripts directory cannot be written (store_part_ok(): a probe or
 * .part write failed there): their conversations are ended as when their
 * .part write failed, before anything of the commit is released (their
 * turns refused, storage_failed; the transcript signed from the journal
 * and the records held), so that such a disk refuses the same turns as
 * before the .part files went.  The others carry on.
 */
static void
held_refuse(struct daemon *d)
{
	struct conversation *c, *next;
	struct transcript *tr;
	int failed = 0;

	if (store_part_ok(d->store))
		return;
	for (tr = held_dirty; tr != NULL; tr = tr->pnext)
		if (tr->pt_commit > 0 && !tr->pfailed) {
			log_warnx("transcript %s: the transcripts directory "
			    "cannot be written; ending the conversation",
			    tr->id);
			tr->failed = tr->pfailed = 1;
			failed = 1;
		}
	for (c = d->lru_head; failed && c != NULL; c = next) {
		next = c->lru_next;
		if (c->tr != NULL && c->tr->pfailed && !c->tr->closed)
			refuse_unreleased(d, c, d->synced);
	}
}

static void	recovery_post(struct daemon *);
static void	probe_start(struct daemon *);
static int	probe_starting;	/* the start's probe is on the worker */

/*
 * Before the loop sleeps: hand the records written since the last sync to
 * the worker (one sync for all of them); the replies that wait for them go
 * out when it is done.  One sync at a time: what is written meanwhile
 * waits for the next.  Without memory for a commit it is tried again at
 * the next round of the loop, which needs no timer of its own: the
 * housekeeping timer (server.c, every HOUSEKEEPING_SECONDS) wakes the loop
 * and this runs before it sleeps again, so replies waiting for the commit
 * wait at most that long more, even with no other event.
 */
void
transcript_commit(struct daemon *d)
{
	struct sync_job *j;
	double t0 = loopstat_on ? server_clock() : 0;

	/* first round of the loop: a probe write before anything else */
	probe_start(d);
	/*
	 * this iteration's .part tails, before anything of it is released;
	 * while a sync is in flight they wait for the round after it, to go
	 * with the next commit (the worker would run them after this one
	 * anyway; posted together, the loop is woken once for both)
	 */
	if (part_dirty != NULL && !d->syncing)
		parts_flush(d);
	/* first round of the loop: sign what recovery found, meanwhile */
	recovery_post(d);
	/* no journal line is written before the start's probe has run */
	if (d->store == NULL || d->syncing || probe_starting)
		return;
	if (d->epoch <= d->posted && !d->sb->dirty(d->sbs))
		return;
	if ((j = calloc(1, sizeof(*j))) == NULL)
		return;
	j->d = d;
	j->epoch = d->epoch;
	if ((j->ss = d->sb->commit_begin(d->sbs)) == NULL) {
		free(j);
		/* still dirty: no memory for the commit; tried again later */
		if (d->sb->dirty(d->sbs))
			return;
		/* nothing to write (sync off): the replies may go now */
		d->posted = d->synced = d->epoch;
		ws_release_synced(d);
		return;
	}
	d->posted = d->epoch;
	d->syncing = 1;
	held_posted();
	commit_posted = server_clock();
	if (loopstat_on) {
		j->t_post = server_clock();
		loopstat_note(LS_COMMIT_BEGIN, j->t_post - t0);
	}
	if (d->worker == NULL || worker_post(d->worker, sync_run, sync_done,
	    j) == -1) {
		sync_run(j);
		sync_done(j);
	}
}

struct signed_tr {
	char	*content;
	size_t	 len;
	char	*sig;
	char	*md;
};

static void
signed_free(struct signed_tr *st)
{
	free(st->content);
	free(st->sig);
	free(st->md);
}

/*
 * Records (part, plen bytes: one per line) as a signed file: what a
 * conversation's transcript is, with status.  Thread-safe: the worker
 * signs expired conversations with it.
 */
static int
sign_records(const struct signer *sg, const char *id, const char *part,
    size_t plen, const char *name, const struct tr_chain *ch,
    const char *status, const char *kbhash, char *md, struct signed_tr *st)
{
	char untrusted[300], *tc;

	memset(st, 0, sizeof(*st));
	if ((st->content = tr_file(part, plen, &st->len)) == NULL) {
		free(md);
		return -1;
	}
	tc = tr_trusted_comment(name, ch->records, ch->head, status, kbhash);
	(void)snprintf(untrusted, sizeof(untrusted), "advisord transcript "
	    "%s.json, signed by key %s", id, sg->key_id);
	st->sig = tc ? mini_sign(&sg->key, st->content, st->len, tc,
	    untrusted) : NULL;
	free(tc);
	/* md: the rendering built as the records were written, if any */
	st->md = md != NULL ? md : tr_markdown(st->content, st->len);
	if (st->sig == NULL) {
		signed_free(st);
		return -1;
	}
	return 0;
}

/* ---- finishing transcripts: on the worker ------------------------------ */

/*
 * A conversation's last transcript: signed (unless the loop did it
 * already), stored, and its .part removed, on the worker; then, on the
 * loop, its end line journaled so that a restart leaves it alone.  If any
 * of it fails the journal keeps the conversation, and the next start
 * recovers it.
 */
struct finish_job {
	struct daemon	*d;
	char		 id[200];
	char		 name[PROTO_MAX_CONV + 1];
	char		 kbhash[80];
	const char	*status;
	struct tr_chain	 ch;
	size_t		 part_len;	/* its records' bytes, tail included */
	char		*tail;		/* the last of them, not in .part yet */
	size_t		 tlen;
	/* jl: where the records before the tail are in the journal */
	struct store_loc *locs;
	size_t		 nlocs;
	int		 jl;
	struct signed_tr st;		/* filled by the loop, or by run */
	char		*md;		/* the Markdown so far, or NULL */
	int		 final;		/* else: an interrupted snapshot */
	int		 err;
	uint64_t	 seg;		/* final: unpinned once stored */
	int		 pinned;
	int		 sign_only;	/* a user's snapshot: not stored */
	int		 sign_failed;
	/* a user's transcript or end request waits for it (deliver_done) */
	int		 deliver;
	int		 no_reply;	/* an end whose transcript does not fit
					   max_replay_bytes: refused in its place */
	uint64_t	 conn_id;	/* its connection, held meanwhile */
	double		 t0;		/* when the request arrived (turn) */
	uint64_t	 ticket;	/* snapshot: its transcript's ticket */
	uint64_t	 seq;		/* end: the conversation's last seq */
	char		 key[PROTO_MAX_CONV + 80];
	char		 re[PROTO_MAX_ID + 1];
	char		 format[16];	/* "" when none was asked for */
	/*
	 * deliver: the reply's message, made and encoded by the worker (the
	 * loop only queues it): conn_block_head() bytes, then wire_len
	 */
	char		*wire;
	size_t		 wire_len;
	char		*part;		/* its records, read for the maker */
	long		 reply_cost;	/* set aside in max_replay_bytes */
	uint64_t	 epoch;		/* shared store: of its end record */
	int		 lost;		/* fenced out meanwhile (awaiting) */
	/* shared store: also put there, for any instance (finals.c) */
	char		 fkey[64 + PROTO_MAX_CONV + 2];	/* owner/name, or "" */
	char		 tokhash[65];
	int		 inline_run;	/* run on the loop: PostgreSQL is not */
	int		 reindex;	/* recovery's: into finals.c once stored */
	int		 retry;		/* kept unstored, tried again (unstored) */
	int		 unshared;	/* its put in the shared store failed */
	double		 went;		/* then: wall_now() of that put */
	long		 held;		/* its signed bytes, while kept */
	int		 reserved;	/* marked closed in the close reserve */
	int		 heard;		/* a user message came: worth a mark */
	/*
	 * its .part as the worker writes it (part_batched()), or NULL: the
	 * records a failed write kept are signed too; pf_own: freed here
	 */
	struct part_file *pf;
	int		 pf_own;
	struct finish_job *next;	/* on the deferred list */
};

/* Recovery's jobs wait until the daemon listens (transcript_commit). */
static struct finish_job *deferred;

/*
 * Final transcripts signed but not stored (a full disk, an I/O error;
 * local store only): kept in memory, returned from there to whoever asks
 * for them (transcript_final_json, PROTOCOL.md 11.6), and stored again by
 * the running daemon once the store is ready (unstored_tick), at most
 * UNSTORED_MAX_BYTES of them.  The journal keeps each for the next start
 * meanwhile (its "final" line), as it did before.
 */
#define UNSTORED_MAX_BYTES	(64L * 1024 * 1024)
#define UNSTORED_WAIT_MAX	64.0	/* seconds between tries, at most */
static struct finish_job *unstored;
static long	 unstored_bytes;
/* the close reserve (reserve.c): emptied once the journal has this */
static uint64_t	 reserve_epoch;
static int	 reserve_resetting;	/* a reset is on the worker */
static int	 reserve_retrying;	/* making a missing one, on the worker */
static double	 reserve_retried;	/* when it was last tried */
/* a reserve missing since the start is tried again this often */
#define RESERVE_RETRY_SECS	5.0
static int	 unstored_trying;	/* posted again, not back yet */
static double	 unstored_due;		/* ev_now() of the next try */
static double	 unstored_wait = 1;	/* seconds after that one */

/* What recovery did with the conversations it found open, for the log. */
static struct {
	int	 dormant;	/* registered, resumable */
	int	 closed;	/* not resumable: stored as interrupted, ended */
	int	 to_sign;	/* dormant, with records no interrupted file holds */
} recovered;

/* The wall clock, in seconds (any thread; ev_now() is the loop's). */
static double
wall_now(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Put j's final transcript in the shared store, for whichever instance
 * the client asks next (PROTOCOL.md 11.6; review r17, F13).  Best
 * effort: failing, this instance still returns it.  On the worker.
 */
static void
final_share(struct daemon *d, struct finish_job *j)
{
	struct pg_final f;

	memset(&f, 0, sizeof(f));
	(void)snprintf(f.id, sizeof(f.id), "%s", j->id);
	(void)snprintf(f.key, sizeof(f.key), "%s", j->fkey);
	(void)snprintf(f.tokhash, sizeof(f.tokhash), "%s", j->tokhash);
	f.status = j->status;
	f.content = j->st.content;
	f.len = j->st.len;
	f.sig = j->st.sig;
	f.md = j->st.md;
	if (pgstore_final_put(d->sbs, &f) == -1 && errno != EFBIG) {
		/* kept and put again once PostgreSQL is back (unshared) */
		j->unshared = 1;
		j->went = wall_now();
	}
}

/*
 * Final transcripts whose put in the shared store failed (PostgreSQL away
 * just after their end: review hb18, HB18-3): this instance returns them
 * from its files meanwhile, but another one, asked through the balancer,
 * would say unknown_conversation for their hour.  So they are kept in
 * memory (copies of the signed files) and put again by the housekeeping
 * tick once the store is ready (at once, then after 1, 2, 4 ... 64 s while
 * it fails), with the time they went; at most UNSHARED_MAX_BYTES and
 * UNSHARED_MAX of them, and none past their hour: one that does not fit,
 * or whose hour passed, is dropped and logged.  Loop thread, but for the
 * put (unshared_run, on the worker).
 */
#define UNSHARED_MAX_BYTES	(64L * 1024 * 1024)
#define UNSHARED_MAX		1024
struct unshared {
	struct unshared	*next;
	struct pg_final	 f;	/* status in f.statusbuf; copies of the files */
	long		 bytes;
	int		 ok;	/* put (unshared_run) */
};
static struct unshared	*unshared, **unshared_tail = &unshared;
static size_t	 unshared_count;
static long	 unshared_bytes;
static int	 unsharing;		/* a put is on the worker */
static double	 unshared_due;		/* ev_now() of the next try */
static double	 unshared_wait = 1;	/* seconds after that one */

static void
unshared_free_one(struct unshared *u)
{
	free(u->f.content);
	free(u->f.sig);
	free(u->f.md);
	free(u);
}

/* Append u to the list (FIFO: the order they went). */
static void
unshared_append(struct unshared *u)
{
	u->next = NULL;
	*unshared_tail = u;
	unshared_tail = &u->next;
}

/*
 * Keep a copy of j's signed files (its put failed: j->unshared) to put
 * again later, within the bounds; else said and dropped.
 */
static void
unshared_keep(struct finish_job *j)
{
	struct unshared *u;
	long bytes;

	if (j->st.content == NULL || j->st.sig == NULL)
		return;		/* nothing signed to put (not reached) */
	bytes = (long)j->st.len + (long)strlen(j->st.sig) +
	    (j->st.md != NULL ? (long)strlen(j->st.md) : 0);
	if (unshared_count >= UNSHARED_MAX ||
	    unshared_bytes + bytes > UNSHARED_MAX_BYTES) {
		log_warnx("transcript %s: not stored in the shared store, and "
		    "not kept to be put again (%zu kept, %ld bytes: the bounds "
		    "are %d and %ld bytes): only this instance returns it",
		    j->id, unshared_count, unshared_bytes, UNSHARED_MAX,
		    UNSHARED_MAX_BYTES);
		return;
	}
	if ((u = calloc(1, sizeof(*u))) == NULL ||
	    (u->f.content = malloc(j->st.len + 1)) == NULL ||
	    (u->f.sig = strdup(j->st.sig)) == NULL ||
	    (j->st.md != NULL && (u->f.md = strdup(j->st.md)) == NULL)) {
		if (u != NULL)
			unshared_free_one(u);
		log_warnx("transcript %s: not stored in the shared store, and "
		    "no memory to keep it: only this instance returns it",
		    j->id);
		return;
	}
	memcpy(u->f.content, j->st.content, j->st.len);
	u->f.content[j->st.len] = '\0';
	u->f.len = j->st.len;
	(void)snprintf(u->f.id, sizeof(u->f.id), "%s", j->id);
	(void)snprintf(u->f.key, sizeof(u->f.key), "%s", j->fkey);
	(void)snprintf(u->f.tokhash, sizeof(u->f.tokhash), "%s", j->tokhash);
	(void)snprintf(u->f.statusbuf, sizeof(u->f.statusbuf), "%s",
	    j->status);
	u->f.status = u->f.statusbuf;
	u->f.at = j->went;
	u->bytes = bytes;
	unshared_bytes += bytes;
	unshared_count++;
	unshared_append(u);
	log_warnx("transcript %s: not stored in the shared store (PostgreSQL "
	    "cannot be reached): only this instance returns it until it is "
	    "put again, once PostgreSQL is back (%zu kept)", j->id,
	    unshared_count);
}

struct unshared_job {
	struct daemon	*d;
	struct unshared	*list;
};

/* On the worker: put each, in order, until one fails. */
static void
unshared_run(void *arg)
{
	struct unshared_job *uj = arg;
	struct unshared *u;

	for (u = uj->list; u != NULL; u = u->next)
		if (!(u->ok = pgstore_final_put(uj->d->sbs, &u->f) == 0))
			break;
}

/* Back on the loop: the ones put are said and freed, the others kept. */
static void
unshared_done(void *arg)
{
	struct unshared_job *uj = arg;
	struct unshared *u;
	int any = 0;

	unsharing = 0;
	while ((u = uj->list) != NULL) {
		uj->list = u->next;
		if (u->ok) {
			any = 1;
			log_info("transcript %s: stored in the shared store "
			    "now (PostgreSQL reachable again): any instance "
			    "returns it", u->f.id);
			unshared_bytes -= u->bytes;
			unshared_count--;
			unshared_free_one(u);
		} else
			unshared_append(u);
	}
	if (any)
		unshared_wait = 1;
	free(uj);
}

/*
 * Every second with the shared store (transcript_tick): those past their
 * hour are dropped (said); while the store is ready, the others go to the
 * worker to be put, all in one job, when due.
 */
static void
unshared_tick(struct daemon *d, double now)
{
	struct unshared *u, **pp = &unshared;
	struct unshared_job *uj;
	double wall = wall_now();

	if (unsharing)
		return;
	while ((u = *pp) != NULL) {
		if (u->f.at + FINAL_HOLD_SECONDS >= wall) {
			pp = &u->next;
			continue;
		}
		log_warnx("transcript %s: never stored in the shared store "
		    "within its hour (PostgreSQL away): dropped from memory; "
		    "only this instance's state directory has it", u->f.id);
		*pp = u->next;
		unshared_bytes -= u->bytes;
		unshared_count--;
		unshared_free_one(u);
	}
	unshared_tail = pp;
	if (unshared == NULL || now < unshared_due || !d->sb->ready(d->sbs))
		return;
	if ((uj = calloc(1, sizeof(*uj))) == NULL)
		return;
	unshared_due = now + unshared_wait;
	unshared_wait = unshared_wait * 2 > UNSTORED_WAIT_MAX ?
	    UNSTORED_WAIT_MAX : unshared_wait * 2;
	uj->d = d;
	uj->list = unshared;
	unshared = NULL;
	unshared_tail = &unshared;
	unsharing = 1;
	if (d->worker == NULL || worker_post(d->worker, unshared_run,
	    unshared_done, uj) == -1) {
		/* not run: kept, tried again when due */
		unshared = uj->list;
		while (*unshared_tail != NULL)
			unshared_tail = &(*unshared_tail)->next;
		unsharing = 0;
		free(uj);
	}
}

/* At the stop: those kept are dropped, said with their count. */
static void
unshared_free(void)
{
	struct unshared *u;
	size_t n = 0;

	while ((u = unshared) != NULL) {
		unshared = u->next;
		unshared_free_one(u);
		n++;
	}
	unshared_tail = &unshared;
	unshared_bytes = 0;
	unshared_count = 0;
	if (n > 0)
		log_warnx("transcripts: %zu final transcript%s never stored in "
		    "the shared store, dropped at the stop: only this "
		    "instance's state directory has %s", n, n == 1 ? "" : "s",
		    n == 1 ? "it" : "them");
}

/*
 * j's records: the .part file's, then those a failed write kept (pf), then
 * the tail j took; a malloc'd string of j->part_len bytes, or NULL.
 */
static char *
finish_records(struct finish_job *j)
{
	size_t lost = j->pf != NULL ? j->pf->lostlen : 0;
	char *part, *x;

	if (lost == (size_t)-1 || lost + j->tlen > j->part_len) {
		errno = EIO;
		return NULL;
	}
	if (j->jl) {
		if ((part = store_journal_read(j->d->store, j->locs, j->nlocs,
		    j->part_len - j->tlen, j->tlen)) == NULL)
			return NULL;
		if (j->tlen > 0)
			memcpy(part + j->part_len - j->tlen, j->tail, j->tlen);
		part[j->part_len] = '\0';
		return part;
	}
	if ((part = store_part_read(j->d->store, j->id, j->part_len - j->tlen -
	    lost)) == NULL || lost + j->tlen == 0)
		return part;
	if ((x = realloc(part, j->part_len + 1)) == NULL) {
		free(part);
		return NULL;
	}
	part = x;
	if (lost > 0)
		memcpy(part + j->part_len - j->tlen - lost, j->pf->lost, lost);
	if (j->tlen > 0)
		memcpy(part + j->part_len - j->tlen, j->tail, j->tlen);
	part[j->part_len] = '\0';
	return part;
}

static void	finish_run_body(struct finish_job *);
static int	finish_sign(struct finish_job *);
static void	finish_pf_close(struct finish_job *);
static void	finish_store(struct finish_job *);
static void	transcript_file_name(const char *, const char *,
		    const struct tr_chain *, char *, size_t);

/* A string member "key":"s" of a message being written, when s is UTF-8. */
static void
wire_string(struct strbuf *b, const char *key, const char *s, size_t len)
{
	if (!jsonenc_utf8(s, len))
		return;	/* as json_object_set_new() of NULL: left out */
	strbuf_printf(b, "%s\"%s\":", b->len > conn_block_head() + 1 ? "," :
	    "", key);
	jsonenc_put_string(b, s, len);
}

/*
 * On the worker: the message that answers j (a user's transcript or
 * end), as transcript_msg() and its sending would make it, byte for byte
 * (sorted keys, the same escapes: jsonenc_put_string()), as the
 * (j->seq + 1)-th message of its conversation; done for a snapshot.  The
 * loop then only queues it (a transcript of tens of MB took seconds of
 * the loop to build, encode and copy: bench_bigtranscript.mjs).  Left
 * NULL on failure: the loop makes it then.
 */
static void
wire_make(struct finish_job *j)
{
	const char *format = j->format[0] != '\0' ? j->format : NULL;
	int json = format == NULL || strcmp(format, "json") == 0;
	int md = (format == NULL || strcmp(format, "markdown") == 0) &&
	    j->st.md != NULL;
	size_t hl = conn_block_head(), clen = json ? j->st.len : 0;
	size_t mlen = md ? strlen(j->st.md) : 0;
	char head[TR_HASH_BYTES * 2 + 1], file[220];
	struct strbuf b;

	if (j->no_reply)
		return;		/* refused: deliver_done() says so */

	tr_hex(j->ch.head, TR_HASH_BYTES, head);
	transcript_file_name(j->id, j->status, &j->ch, file, sizeof(file));
	/* escapes take a little more than the text: one growth at most */
	strbuf_init(&b, hl + clen + clen / 8 + mlen + mlen / 8 + 4096);
	if (b.p == NULL || strbuf_reserve(&b, hl) == -1) {
		free(strbuf_finish(&b, NULL));
		return;
	}
	memset(b.p, 0, hl);
	b.len = hl;
	strbuf_putc(&b, '{');
	if (json)
		wire_string(&b, "content", j->st.content, clen);
	wire_string(&b, "conversation", j->name, strlen(j->name));
	if (!j->final)
		strbuf_printf(&b, ",\"done\":true");
	wire_string(&b, "file", file, strlen(file));
	if (format != NULL)
		wire_string(&b, "format", format, strlen(format));
	wire_string(&b, "head", head, strlen(head));
	wire_string(&b, "key_id", j->d->signer->key_id,
	    strlen(j->d->signer->key_id));
	if (md)
		wire_string(&b, "markdown", j->st.md, mlen);
	if (json)
		wire_string(&b, "minisig", j->st.sig, strlen(j->st.sig));
	if (j->re[0] != '\0')
		wire_string(&b, "re", j->re, strlen(j->re));
	strbuf_printf(&b, ",\"records\":");
	jsonenc_put_integer(&b, (long long)j->ch.records);
	strbuf_printf(&b, ",\"seq\":");
	jsonenc_put_integer(&b, (long long)(j->seq + 1));
	wire_string(&b, "status", j->status, strlen(j->status));
	strbuf_printf(&b, ",\"type\":\"transcript\"}");
	if (b.p == NULL)
		return;
	j->wire_len = b.len - hl;
	j->wire = strbuf_finish(&b, NULL);
}

/* On the worker: finish j, then free its part_file if it owns it. */
static void
finish_run(void *arg)
{
	struct finish_job *j = arg;

	finish_run_body(j);
	if (j->deliver && !j->sign_failed && j->err == 0)
		wire_make(j);
	finish_pf_close(j);
}

/* On the worker: free j's part_file if it owns it (after its writes). */
static void
finish_pf_close(struct finish_job *j)
{
	if (j->pf_own && j->pf != NULL) {
		store_part_close(j->d->store, &j->pf->fd);
		free(j->pf->lost);
		free(j->pf);
	}
	j->pf = NULL;
}

static void
finish_run_body(struct finish_job *j)
{
	if (j->st.content == NULL) {
		if ((j->part = finish_records(j)) == NULL) {
			j->err = errno ? errno : EIO;
			j->sign_failed = 1;
			return;
		}
		if (finish_sign(j) == -1)
			return;
	}
	finish_store(j);
}

/*
 * Sign j's records (j->part, freed) into j->st, with its Markdown (j->md,
 * taken).  Any thread: what it touches is j's, and the signing key.  -1
 * (j->sign_failed) on failure.
 */
static int
finish_sign(struct finish_job *j)
{
	char *md = j->md, *part = j->part;

	j->md = NULL;	/* sign_records() takes it */
	j->part = NULL;
	if (sign_records(j->d->signer, j->id, part, j->part_len, j->name,
	    &j->ch, j->status, j->kbhash, md, &j->st) == -1) {
		j->err = errno ? errno : EIO;
		j->sign_failed = 1;
		free(part);
		return -1;
	}
	free(part);
	return 0;
}

/* On the worker: store j's signed transcript, if final, for good. */
static void
finish_store(struct finish_job *j)
{
	struct daemon *d = j->d;
	char *owner;
	int rc;

	if (j->sign_only)
		return;
	/* a final one's owner file: what finals.c indexes it by at start */
	owner = j->final && j->fkey[0] != '\0' ? finals_owner_text(
	    d->signer->owner_key, j->id, j->fkey, j->tokhash, j->status,
	    wall_now()) : NULL;
	if (j->final && j->fkey[0] != '\0' && owner == NULL)
		log_warnx("transcript %s: out of memory for its owner file: "
		    "after a restart it cannot be fetched by name", j->id);
	rc = store_put(d->store, j->id, j->st.content, j->st.len, j->st.sig,
	    j->st.md, owner);
	free(owner);
	if (rc == -1) {
		j->err = errno;
		/*
		 * The journal may not take its "final" line either (a full
		 * disk): marked closed in the reserve, in place, before the
		 * loop keeps it and returns it to anyone (reserve.c).
		 */
		if (j->final && !j->reserved && j->heard &&
		    d->sb == &backend_local && j->fkey[0] != '\0') {
			char head[TR_HASH_BYTES * 2 + 1];

			tr_hex(j->ch.head, TR_HASH_BYTES, head);
			j->reserved = reserve_mark(j->id, j->fkey, j->tokhash,
			    j->status, j->ch.records, head, j->st.content,
			    j->st.len, j->st.sig) >= 0;
		}
		errno = j->err;
		return;
	}
	if (j->final && !j->jl)
		store_part_remove(d->store, j->id);
	if (j->final && j->fkey[0] != '\0' && !j->inline_run &&
	    d->sb == &backend_pg)
		final_share(d, j);
}

static void	deliver_done(struct daemon *, struct finish_job *);
static void	deliver_wire(struct daemon *, struct conn *,
		    struct finish_job *, const void *);
static void	finish_submit(struct daemon *, struct finish_job *);
static void	claim_release(struct daemon *, const char *, long,
		    const char *);

/* The bytes j's signed transcript holds in memory. */
static long
unstored_size(const struct finish_job *j)
{
	return (long)j->st.len + (long)strlen(j->st.sig) +
	    (j->st.md != NULL ? (long)strlen(j->st.md) : 0);
}

/*
 * May j, a job whose storing failed, be kept (unstored)?  A final
 * transcript of the local store that was signed, within
 * UNSTORED_MAX_BYTES.
 */
static int
unstored_fits(const struct finish_job *j)
{
	return j->d->sb == &backend_local && j->final && !j->sign_only &&
	    j->st.content != NULL && j->st.sig != NULL &&
	    unstored_bytes + unstored_size(j) <= UNSTORED_MAX_BYTES;
}

/*
 * Keep j (unstored_fits) until it is stored: what it needs no more is
 * freed, its request was answered; recovery's is indexed now (finals.c),
 * so that its owner can fetch it meanwhile.
 */
static void
unstored_keep(struct daemon *d, struct finish_job *j)
{
	char file[220];

	j->deliver = 0;
	free(j->tail);
	free(j->locs);
	j->tail = NULL;
	j->tlen = 0;
	j->locs = NULL;
	j->nlocs = 0;
	free(j->md);
	j->md = NULL;
	if (j->reindex) {
		(void)snprintf(file, sizeof(file), "%s.json", j->id);
		finals_put(d, j->fkey, j->tokhash, file, j->status,
		    server_now());
		j->reindex = 0;
	}
	j->retry = 1;
	j->held = unstored_size(j);
	unstored_bytes += j->held;
	j->next = unstored;
	unstored = j;
}

/* The kept job of stored file ID.json, or NULL. */
static const struct finish_job *
unstored_find(const char *file)
{
	const struct finish_job *j;
	size_t n;

	for (j = unstored; j != NULL; j = j->next)
		if (strncmp(file, j->id, n = strlen(j->id)) == 0 &&
		    strcmp(file + n, ".json") == 0)
			return j;
	return NULL;
}

/*
 * Every second while the store is ready: the kept final transcripts go
 * to the worker to be stored again, all at once, the first time at once
 * after the store became ready (transcript_tick resets the wait), then
 * after 1, 2, 4 ... UNSTORED_WAIT_MAX seconds while they keep failing.
 */
static void
unstored_tick(struct daemon *d, double now)
{
	struct finish_job *list = unstored, *j;

	if (list == NULL || unstored_trying > 0 || now < unstored_due)
		return;
	unstored_due = now + unstored_wait;
	unstored_wait = unstored_wait * 2 > UNSTORED_WAIT_MAX ?
	    UNSTORED_WAIT_MAX : unstored_wait * 2;
	unstored = NULL;	/* finish_submit may run one inline */
	while ((j = list) != NULL) {
		list = j->next;
		j->next = NULL;
		j->err = 0;
		unstored_trying++;
		finish_submit(d, j);
	}
}

/* At shutdown: the kept ones are dropped; the journal has them. */
static void
unstored_free(void)
{
	struct finish_job *j;
	size_t n = 0;

	while ((j = unstored) != NULL) {
		unstored = j->next;
		signed_free(&j->st);
		free(j);
		n++;
	}
	unstored_bytes = 0;
	if (n > 0)
		log_info("transcripts: %zu final transcript%s not stored at "
		    "the stop: the next start stores %s from the journal", n,
		    n == 1 ? "" : "s", n == 1 ? "it" : "them");
}

static void
finish_done(void *arg)
{
	struct finish_job *j = arg;
	struct daemon *d = j->d;
	int ended = 0;		/* its end line: 1 queued, -1 failed */
	char rec[64];

	/*
	 * Stored: its end is journaled before the end's reply is queued.
	 * With the shared store that line is what marks the conversation
	 * ended and lets its lease go, and the reply waits for its commit
	 * (the next epoch): a client answered asks whichever instance next,
	 * which must find it ended there, not still held here
	 * (conversation_busy; PROTOCOL.md 11.6).
	 */
	if (j->final && !j->sign_only && j->err == 0) {
		ended = d->sb->journal(d->sbs, j->id, "end", "{}", 2, -1,
		    NULL) == 0 ? 1 : -1;
		if (ended == 1 && (d->sb != &backend_local || j->reserved))
			d->epoch = d->posted + 1;
		/* its close mark is moot once that end is synced */
		if (ended == 1 && j->reserved) {
			reserve_release();
			reserve_epoch = d->epoch;
		}
	}
	if (j->deliver)
		deliver_done(d, j);
	if (j->retry)
		unstored_trying--;
	if (j->retry && j->err != 0) {
		/* still not stored: kept, tried again later */
		j->next = unstored;
		unstored = j;
		return;
	}
	if (j->retry) {
		unstored_bytes -= j->held;
		unstored_wait = 1;
		log_info("transcript %s: stored now (%s), the state directory "
		    "being writable again", j->id, j->status);
	}
	if (j->sign_only)
		;
	else if (j->err != 0) {
		errno = j->err;
		/*
		 * The transcripts directory did not take its files: not
		 * ready until a probe write there succeeds, as when a .part
		 * write failed (a conversation kept in the journal only
		 * writes nothing there before), unless already not ready
		 * for another reason (its reason is kept).
		 */
		if (d->sb == &backend_local && !j->sign_failed &&
		    store_ready(d->store))
			store_part_failed(d->store, j->err);
		errno = j->err;
		if (d->sb == &backend_local)
			log_warn("transcript %s: storing it failed; %s%s", j->id,
			    unstored_fits(j) ? "kept signed in memory, "
			    "returned from there, and stored once the state "
			    "directory can be written again (the journal keeps "
			    "it for the next start meanwhile)" : "the journal "
			    "keeps it for the next start", j->reserved ?
			    "; marked closed in the close reserve" : "");
		else {
			log_warn("transcript %s: storing it failed; its end "
			    "is recorded in the shared store and its lease "
			    "let go: an instance's orphan sweep signs it (%s) "
			    "within store_lease seconds, and any instance "
			    "returns it to transcript then", j->id, j->status);
			/*
			 * Its end goes with the release: a "final" line
			 * queued after it would be fenced out (no owner),
			 * and another instance would resume it as open.
			 */
			if (j->final)
				claim_release(d, j->id, 0, j->status);
		}
		/*
		 * It ended: the next start stores it as it ended (and ends
		 * it), not as a resumable conversation.
		 */
		(void)snprintf(rec, sizeof(rec), "{\"status\":\"%s\"}",
		    j->status);
		if (j->final && d->sb == &backend_local &&
		    d->sb->journal(d->sbs, j->id, "final", rec,
		    strlen(rec), -1, NULL) == -1)
			log_warn("transcript %s: journaling its end", j->id);
		if (unstored_fits(j)) {
			unstored_keep(d, j);
			return;
		}
	} else if (j->final) {
		if (j->unshared)
			unshared_keep(j);
		if (j->reindex) {
			char file[220];

			(void)snprintf(file, sizeof(file), "%s.json", j->id);
			finals_put(d, j->fkey, j->tokhash, file, j->status,
			    server_now());
		}
		if (ended == -1)
			log_warn("transcript %s: journaling its end", j->id);
		else if (j->pinned)
			/* its journal lines are no longer needed */
			store_unpin(d->store, j->seg);
	} else {
		/* the next start need not sign these records again */
		(void)snprintf(rec, sizeof(rec), "{\"records\":%llu}",
		    (unsigned long long)j->ch.records);
		if (d->sb->journal(d->sbs, j->id, "signed", rec,
		    strlen(rec), -1, NULL) == -1)
			log_warn("transcript %s: journaling its signature",
			    j->id);
	}
	signed_free(&j->st);
	free(j->wire);
	free(j->part);
	free(j->md);
	free(j->tail);
	free(j->locs);
	free(j);
}

/*
 * A user's transcript (a reply to transcript or end) is made in three
 * steps, so that the worker, which syncs every conversation's records
 * (sync = turn: each reply waits for it), is not held for the long one:
 * its records are read on the worker (after the writes posted before),
 * signed, rendered and encoded on the maker thread (seconds for tens of
 * MB: bench_bigtranscript.mjs), and a final one stored on the worker
 * again.  Jobs on the maker run in order too.
 */
static struct worker *maker;

static void	made_sign_run(void *);
static void	workers_wait(struct daemon *);
static void	made_sign_done(void *);

/*
 * Wait until the worker and the maker are done with every job: a user's
 * transcript goes worker, maker, worker.
 */
static void
workers_wait(struct daemon *d)
{
	if (d->worker == NULL)
		return;
	do {
		worker_wait(d->worker);
		if (maker != NULL)
			worker_wait(maker);
	} while (worker_pending(d->worker) > 0);
}

/* On the worker: j's records, for the maker. */
static void
made_read_run(void *arg)
{
	struct finish_job *j = arg;

	if ((j->part = finish_records(j)) == NULL) {
		j->err = errno ? errno : EIO;
		j->sign_failed = 1;
	}
}

/* On the loop: hand j to the maker (or make it here: no memory). */
static void
made_read_done(void *arg)
{
	struct finish_job *j = arg;

	if (j->part != NULL && worker_post(maker, made_sign_run,
	    made_sign_done, j) == 0)
		return;
	if (j->part != NULL)
		made_sign_run(j);
	made_sign_done(j);
}

/* On the maker: sign j, and make its message (wire_make()). */
static void
made_sign_run(void *arg)
{
	struct finish_job *j = arg;

	if (finish_sign(j) == 0)
		wire_make(j);
}

/* On the worker: store j (a final one), then let its part_file go. */
static void
made_store_run(void *arg)
{
	struct finish_job *j = arg;

	if (!j->sign_failed)
		finish_store(j);
	if (j->err != 0 && j->wire != NULL) {
		free(j->wire);	/* an error answers instead */
		j->wire = NULL;
	}
	finish_pf_close(j);
}

/* On the loop: a snapshot is done; a final one is stored next. */
static void
made_sign_done(void *arg)
{
	struct finish_job *j = arg;

	if (j->sign_only)
		finish_done(j);
	else if (worker_post(j->d->worker, made_store_run, finish_done,
	    j) == -1) {
		j->inline_run = 1;
		made_store_run(j);
		finish_done(j);
	}
}

static void
finish_submit(struct daemon *d, struct finish_job *j)
{
	if (j->deliver && j->st.content == NULL && maker != NULL &&
	    d->worker != NULL && worker_post(d->worker, made_read_run,
	    made_read_done, j) == 0)
		return;
	if (d->worker == NULL || worker_post(d->worker, finish_run,
	    finish_done, j) == -1) {
		j->inline_run = 1;
		finish_run(j);
		finish_done(j);
	}
}

/*
 * With the shared store, a user's `end` is signed and stored only once
 * the commit of its end record returned, and only if that commit's fence
 * kept the conversation here: an instance whose lease was taken (a
 * partition, a pause) must not sign a "complete" transcript that forks
 * from the one the new owner carries on.  The jobs wait here meanwhile,
 * their connection held (transcript_deliver).
 */
static struct finish_job *awaiting;

/* Conversation id was fenced out: its waiting end is refused. */
static void
awaiting_lost(const char *id)
{
	struct finish_job *j;

	for (j = awaiting; j != NULL; j = j->next)
		if (strcmp(j->id, id) == 0)
			j->lost = 1;
}

/* A waiting end that is not made: the client gets storage_failed. */
static void
awaiting_refuse(struct daemon *d, struct finish_job *j)
{
	struct conn *cn = d->ctx != NULL ? ws_conn_find(d, j->conn_id) : NULL;

	limits_reply_bytes(-j->reply_cost);
	metrics_turn(d, server_clock() - j->t0);
	log_warnx("transcript %s: not ended here: %s", j->id, j->lost ?
	    "another instance owns it now" : "its end could not be stored");
	if (cn != NULL) {
		conn_send_error(cn, "storage_failed", j->lost ? "another "
		    "instance serves this conversation now; it was not ended "
		    "here, and no transcript was made" : "the end could not be "
		    "stored (the shared store is unreachable); the "
		    "conversation stays open: resume it to end it",
		    j->re[0] != '\0' ? j->re : NULL, j->name);
		conn_rx_release(cn);
	}
	if (j->pf_own)
		part_file_drop(d, j->pf);
	signed_free(&j->st);
	free(j->tail);
	free(j->locs);
	free(j);
}

/*
 * After a group commit (failed: every end not committed by good is
 * refused): the ends it made durable go to the worker, the fenced out
 * ones are refused.
 */
static void
awaiting_release(struct daemon *d, int failed, uint64_t good)
{
	struct finish_job **pp = &awaiting, *j;

	while ((j = *pp) != NULL) {
		if (j->lost || (failed && j->epoch > good)) {
			*pp = j->next;
			awaiting_refuse(d, j);
		} else if (j->epoch <= d->synced) {
			*pp = j->next;
			j->next = NULL;
			finish_submit(d, j);
		} else
			pp = &j->next;
	}
}

/* Hand the worker the jobs recovery left for when the daemon listens. */
static void
recovery_post(struct daemon *d)
{
	struct finish_job *j;

	while ((j = deferred) != NULL) {
		deferred = j->next;
		finish_submit(d, j);
	}
}

/* A job signing and storing records of conversation id as status. */
static struct finish_job *
finish_new(struct daemon *d, const char *id, const char *name,
    const char *kbhash, const char *status, const struct tr_chain *ch,
    off_t part_len, int final)
{
	struct finish_job *j = calloc(1, sizeof(*j));

	if (j == NULL) {
		log_warnx("transcript %s: out of memory; the journal keeps it "
		    "for the next start", id);
		return NULL;
	}
	j->d = d;
	(void)snprintf(j->id, sizeof(j->id), "%s", id);
	(void)snprintf(j->name, sizeof(j->name), "%s", name);
	(void)snprintf(j->kbhash, sizeof(j->kbhash), "%s", kbhash);
	j->status = status;
	j->ch = *ch;
	j->part_len = (size_t)part_len;
	j->final = final;
	return j;
}

/*
 * j signs tr's records: it gets the .part tail not written yet (part_add),
 * taken when the transcript is finished (final: the file is removed
 * after, or rebuilt from the journal by the next start), else copied (it
 * is written before the loop sleeps).  -1: no memory.
 */
static int
finish_tail(struct finish_job *j, struct transcript *tr, int take)
{
	if (tr->jl) {
		/* where the records before the tail are: taken, or copied */
		j->jl = 1;
		if (take) {
			j->locs = tr->locs;
			j->nlocs = tr->nlocs;
			tr->locs = NULL;
			tr->nlocs = tr->loccap = 0;
		} else if (tr->nlocs > 0) {
			if ((j->locs = malloc(tr->nlocs * sizeof(*j->locs))) ==
			    NULL)
				return -1;
			memcpy(j->locs, tr->locs, tr->nlocs * sizeof(*j->locs));
			j->nlocs = tr->nlocs;
		}
	}
	if (tr->ptlen == 0)
		return 0;
	if (take) {
		part_unlist(tr);
		held_forget(tr);
		j->tail = tr->ptail;
		tr->ptail = NULL;
		tr->ptcap = 0;
	} else if ((j->tail = malloc(tr->ptlen)) == NULL)
		return -1;
	else
		memcpy(j->tail, tr->ptail, tr->ptlen);
	j->tlen = tr->ptlen;
	if (take)
		tr->ptlen = 0;
	return 0;
}

/* j finishes c for good: keyed for the shared store's finals. */
static void
final_keyed(struct finish_job *j, const struct conversation *c)
{
	(void)snprintf(j->fkey, sizeof(j->fkey), "%s", c->key);
	(void)snprintf(j->tokhash, sizeof(j->tokhash), "%s", c->token_hash);
}

/*
 * The Markdown of tr so far for a job that signs it (final: tr is
 * finished), or NULL: the job renders it from the signed file then
 * (sign_records(): the same text).  The live rendering defers the
 * messages' rendering to here (tr_md_text() flushes them) and copies the
 * text: for a long transcript that took the loop up to 190 ms
 * (bench_bigtranscript.mjs, 24 MB of records), so past MD_LOOP_BYTES of
 * records it is left to the job, off the loop.  A final one's is taken,
 * not copied.
 */
static char *
transcript_md(struct transcript *tr, int final)
{
	char *md;

	if (tr->md == NULL || (size_t)tr->part_len > MD_LOOP_BYTES) {
		if (final)
			md_drop(tr);
		return NULL;
	}
	if (!final)
		return tr_md_text(tr->md);
	md = tr_md_take(tr->md);
	md_drop(tr);
	return md;
}

/* Hand c's transcript to the worker to finish; st (may be NULL) is taken. */
static void
finish_post(struct daemon *d, struct conversation *c, const char *status,
    struct signed_tr *st)
{
	struct transcript *tr = c->tr;
	struct finish_job *j;

	store_part_close(d->store, &tr->part_fd);
	if ((j = finish_new(d, tr->id, c->name, c->kb->kb->hash_hex, status,
	    &tr->ch, tr->part_len, 1)) == NULL) {
		part_release(d, tr);
		if (st != NULL)
			signed_free(st);
		return;
	}
	(void)finish_tail(j, tr, 1);
	/* after the writes posted before it: it closes the file */
	j->pf = tr->pf;
	j->pf_own = 1;
	tr->pf = NULL;
	j->seg = tr->seg;
	j->pinned = tr->pinned;
	tr->pinned = 0;
	j->md = transcript_md(tr, 1);
	if (st != NULL)
		j->st = *st;
	final_keyed(j, c);
	/* one no user message reached is not restored anyway: no mark */
	j->heard = c->heard;
	finish_submit(d, j);
}

/*
 * The file name a transcript message gives: a snapshot is named apart
 * from the final transcript (and from another snapshot), so that saving
 * one never overwrites another.
 */
static void
transcript_file_name(const char *id, const char *status,
    const struct tr_chain *ch, char *file, size_t len)
{
	if (strcmp(status, "snapshot") == 0)
		(void)snprintf(file, len, "%s.snapshot-%zu.json", id,
		    (size_t)ch->records);
	else
		(void)snprintf(file, len, "%s.json", id);
}

/* The reply to a transcript or end request: the signed records of id. */
static json_t *
transcript_msg(struct daemon *d, const char *id, const struct tr_chain *ch,
    const char *status, struct signed_tr *st, const char *format)
{
	char head[TR_HASH_BYTES * 2 + 1], file[220];
	json_t *j;

	tr_hex(ch->head, TR_HASH_BYTES, head);
	transcript_file_name(id, status, ch, file, sizeof(file));
	j = json_pack("{s:s, s:s, s:s, s:I, s:s, s:s}", "type", "transcript",
	    "status", status, "file", file, "records",
	    (json_int_t)ch->records, "head", head, "key_id",
	    d->signer->key_id);
	if (j == NULL)
		return NULL;
	/* format "json": the signed file only; "markdown": the rendering
	 * only; none: both */
	if (format == NULL || strcmp(format, "json") == 0) {
		(void)json_object_set_new(j, "content",
		    jsonenc_stringn(st->content, strlen(st->content)));
		(void)json_object_set_new(j, "minisig", json_string(st->sig));
	}
	if ((format == NULL || strcmp(format, "markdown") == 0) &&
	    st->md != NULL)
		(void)json_object_set_new(j, "markdown", jsonenc_stringn(
		    st->md, strlen(st->md)));
	if (format != NULL)
		(void)json_object_set_new(j, "format", json_string(format));
	return j;
}

static json_t *
transcript_failed_msg(void)
{
	return proto_error_json("internal", "the transcript could not be "
	    "made", NULL, NULL);
}

/*
 * Answer a transcript request (final: an end request) from connection cn
 * with the signed records so far.  The signing (and at the end, the
 * storing for good) is done by the worker; cn is read no further until
 * the reply is queued (deliver_done), so that it answers in order.  At
 * the end the conversation goes at once (the caller destroys it): "ended"
 * follows the transcript, from the job.  fits 0: an end whose transcript
 * reply does not fit in max_replay_bytes (limits_reply_fits): it is
 * signed and stored all the same, but no reply is made of it, and the
 * error transcript_refused naming the bound takes its place (an end,
 * unlike a transcript request, cannot be refused: the conversation would
 * stay open for good under a small budget).  t0 is when the request
 * arrived: the turn metric counts it when the reply is queued.  1: the
 * reply is left to the worker (counted then); 0: answered now (the
 * caller counts).
 */
int
transcript_deliver(struct daemon *d, struct conversation *c, struct conn *cn,
    const char *re, const char *format, int final, int fits, double t0)
{
	static uint64_t tickets;
	struct transcript *tr = c->tr;
	struct finish_job *j = NULL;
	json_t *e;

	if (tr == NULL || (j = finish_new(d, tr->id, c->name,
	    c->kb->kb->hash_hex, final ? "complete" : "snapshot", &tr->ch,
	    tr->part_len, final)) == NULL || finish_tail(j, tr, final) == -1) {
		if (j != NULL)
			free(j->locs);
		free(j);
		e = transcript_failed_msg();
		conversation_emit(d, c, e, re, !final);
		json_decref(e);
		if (final) {
			e = json_pack("{s:s}", "type", "ended");
			conversation_emit_unrecorded(d, c, e, re, 1);
			json_decref(e);
		}
		return 0;
	}
	j->deliver = 1;
	j->conn_id = cn->id;
	j->t0 = t0;
	j->md = transcript_md(tr, final);
	j->no_reply = final && !fits;
	j->reply_cost = j->no_reply ? 0 : transcript_reply_cost(c, format);
	limits_reply_bytes(j->reply_cost);
	j->seq = c->seq;
	(void)snprintf(j->key, sizeof(j->key), "%s", c->key);
	(void)snprintf(j->re, sizeof(j->re), "%s", re ? re : "");
	(void)snprintf(j->format, sizeof(j->format), "%s",
	    format ? format : "");
	if (final) {
		final_keyed(j, c);
		store_part_close(d->store, &tr->part_fd);
		j->pf = tr->pf;
		j->pf_own = 1;
		tr->pf = NULL;
		j->seg = tr->seg;
		j->pinned = tr->pinned;
		tr->pinned = 0;
		tr->closed = 1;
	} else {
		/* freed only by a job posted after this one */
		j->pf = tr->pf;
		j->sign_only = 1;
		j->ticket = tr->ticket = ++tickets;
	}
	conn_rx_hold(cn);
	if (final && d->sb != &backend_local) {
		/*
		 * Its end is recorded in the store before it is signed: if
		 * signing fails, or this instance dies, whoever takes it
		 * over signs it "complete" (HB17-1).
		 */
		if (d->sb->journal(d->sbs, j->id, "final",
		    "{\"status\":\"complete\"}", 21, -1, NULL) == -1)
			log_warn("transcript %s: recording its end", j->id);
		/* made once the commit of its end record kept it here */
		j->epoch = tr->epoch;
		j->next = awaiting;
		awaiting = j;
		if (j->epoch <= d->synced)
			awaiting_release(d, 0, 0);
		return 1;
	}
	finish_submit(d, j);
	return 1;
}

/* Envelope and queue msg for cn, as the ended conversation's seq-th. */
static void
deliver_raw(struct daemon *d, struct conn *cn, const struct finish_job *j,
    json_t *msg, uint64_t seq, int done)
{
	const char *type = json_string_value(json_object_get(msg, "type"));
	char *text;
	size_t len;

	(void)json_object_set_new(msg, "conversation", json_string(j->name));
	(void)json_object_set_new(msg, "seq", json_integer((json_int_t)seq));
	if (j->re[0] != '\0')
		(void)json_object_set_new(msg, "re", json_string(j->re));
	if (done)
		(void)json_object_set_new(msg, "done", json_true());
	if ((text = proto_encode(msg, &len)) == NULL)
		return;
	metrics_out(d, type ? type : "?");
	/* the "ended" after it must reach a client that reads (ws.c) */
	if (type != NULL && strcmp(type, "transcript") == 0)
		(void)conn_send_transcript(cn, text, len, NULL);
	else
		(void)conn_send_conv(cn, text, len, NULL);
	free(text);
}

/*
 * Queue j's message as the worker made it (wire_make(): numbered
 * j->seq + 1, as deliver_raw() numbers it) for cn; it is taken.
 */
static void
deliver_wire(struct daemon *d, struct conn *cn, struct finish_job *j,
    const void *tag)
{
	metrics_out(d, "transcript");
	(void)conn_send_transcript_block(cn, j->wire, j->wire_len, tag);
	j->wire = NULL;
}

/*
 * What an end whose transcript reply did not fit max_replay_bytes gets in
 * place of the transcript (transcript_deliver, fits 0): the bound's
 * error; the final transcript is stored, to be asked for by name.
 */
static json_t *
end_refused_msg(void)
{
	json_t *e = proto_error_json("transcript_refused", "the conversation "
	    "has ended and its final transcript is stored, but it does not "
	    "fit in what is left of the server's memory budget "
	    "(max_replay_bytes) now: ask for it with transcript, naming the "
	    "conversation, with its token", NULL, NULL);

	if (e != NULL)
		(void)json_object_set_new(e, "limit",
		    json_string("max_replay_bytes"));
	return e;
}

/*
 * On the loop: the worker has made a user's transcript.  A snapshot goes
 * out in its conversation (if it is still there; wherever it is attached
 * now); an end's transcript and "ended" go to the connection that asked,
 * if it is still open.  Then that connection is read again.
 */
static void
deliver_done(struct daemon *d, struct finish_job *j)
{
	struct conn *cn;
	const char *format = j->format[0] != '\0' ? j->format : NULL;
	struct conversation *c;
	json_t *m;

	if (j->sign_failed) {
		errno = j->err;
		log_warn("transcript %s: could not be made", j->id);
	}
	/* what was set aside is now queued (out_total) or freed */
	limits_reply_bytes(-j->reply_cost);
	/* its turn: from the request's arrival to its answer, now */
	metrics_turn(d, server_clock() - j->t0);
	/* at shutdown (no connections left) only the storing matters */
	if (d->ctx == NULL)
		return;
	cn = ws_conn_find(d, j->conn_id);
	if (j->final) {
		if (cn != NULL) {
			/* never "complete" for what is not stored */
			m = (j->sign_failed || j->err) && d->sb !=
			    &backend_local ? proto_error_json(j->sign_failed ?
			    "internal" : "storage_failed", "the transcript "
			    "could not be made or stored here; the end is "
			    "recorded in the shared store and an instance "
			    "signs it within store_lease seconds: ask for it "
			    "then with transcript", NULL, NULL) :
			    j->sign_failed ? transcript_failed_msg() : j->err ?
			    proto_error_json("storage_failed", "the transcript "
			    "could not be stored (a write or sync of the disk "
			    "failed); the daemon stores it once the disk has "
			    "room (else at its next start): ask for it with "
			    "transcript, naming the conversation, with its "
			    "token", NULL, NULL) : j->no_reply ?
			    end_refused_msg() : j->wire != NULL ? NULL :
			    transcript_msg(d, j->id, &j->ch, j->status, &j->st,
			    format);
			if (m == NULL && j->wire != NULL)
				deliver_wire(d, cn, j, NULL);
			else if (m != NULL)
				deliver_raw(d, cn, j, m, j->seq + 1, 0);
			json_decref(m);
			m = json_pack("{s:s}", "type", "ended");
			if (m != NULL)
				deliver_raw(d, cn, j, m, j->seq + 2, 1);
			json_decref(m);
		}
	} else if ((c = conversation_lookup(d, j->key)) != NULL &&
	    c->tr != NULL && c->tr->ticket == j->ticket) {
		c->tr->ticket = 0;
		m = NULL;
		if (j->sign_failed) {
			m = transcript_failed_msg();
			conversation_emit(d, c, m, j->re[0] ? j->re : NULL, 1);
		} else if (j->wire != NULL && conversation_emit_block(d, c,
		    j->seq + 1, j->wire, j->wire_len) == 0)
			j->wire = NULL;	/* taken */
		else {
			/* not recorded: a transcript does not contain itself */
			m = transcript_msg(d, j->id, &j->ch, j->status, &j->st,
			    format);
			if (m != NULL)
				conversation_emit_unrecorded(d, c, m,
				    j->re[0] ? j->re : NULL, 1);
		}
		json_decref(m);
		if (transcript_failed(c))
			conversation_store_failed(d, c, j->re[0] ? j->re :
			    NULL);
	} else if (cn != NULL) {
		/*
		 * Ended (or taken) by another connection of its key while
		 * this was signed: the snapshot still answers the request.
		 */
		m = j->sign_failed ? transcript_failed_msg() : j->wire !=
		    NULL ? NULL : transcript_msg(d, j->id, &j->ch, j->status,
		    &j->st, format);
		if (m == NULL && j->wire != NULL)
			deliver_wire(d, cn, j, NULL);
		else if (m != NULL)
			deliver_raw(d, cn, j, m, j->seq + 1, 1);
		json_decref(m);
	}
	if (cn != NULL)
		conn_rx_release(cn);
	free(j->wire);	/* not sent: no one to send it to */
	j->wire = NULL;
}

/*
 * The conversation goes away.  An expired one (or one ended by a storage
 * failure) is signed and stored as such, on the worker.  At shutdown the
 * journal keeps it, to be recovered and resumed; its interrupted
 * transcript is signed by the next start (signing each at the stop, with
 * its syncs, took 28 s for 1,000 open conversations: bench_recovery stop).
 */
void
transcript_close(struct daemon *d, struct conversation *c, const char *why)
{
	struct transcript *tr = c->tr;

	if (tr == NULL)
		return;
	if (!tr->closed && !tr->lost && strcmp(why, "shutdown") != 0)
		finish_post(d, c, strcmp(why, "expired") == 0 ? "expired" :
		    tr->failed || strcmp(why, "storage failed") == 0 ?
		    "interrupted" : "complete", NULL);
	else if (!tr->closed && !tr->pfailed && !tr->lost && !tr->jl)
		/* shutdown (or lost): best effort, the journal has them */
		(void)part_flush(d, tr);
	part_unlist(tr);
	held_forget(tr);
	free(tr->locs);
	free(tr->ptail);
	store_part_close(d->store, &tr->part_fd);
	part_release(d, tr);
	tr_md_free(tr->md);
	free(tr);
	c->tr = NULL;
}

/* The file c's transcript is stored under (ID.json) into buf; "" if none. */
void
transcript_file(const struct conversation *c, char *buf, size_t len)
{
	(void)snprintf(buf, len, "%s%s", c->tr ? c->tr->id : "",
	    c->tr ? ".json" : "");
}

#define TR_MAX_FILE_BYTES	(64L * 1024 * 1024)

/* A stored file; when not there yet, after the worker finishes its jobs. */
static char *
final_read(struct daemon *d, const char *name, size_t *lenp)
{
	char *buf = store_get(d->store, name, TR_MAX_FILE_BYTES, lenp);

	if (buf == NULL && errno == ENOENT && d->worker != NULL &&
	    (worker_pending(d->worker) > 0 || (maker != NULL &&
	    worker_pending(maker) > 0))) {
		/* the final transcript may still be on its way to disk */
		workers_wait(d);
		buf = store_get(d->store, name, TR_MAX_FILE_BYTES, lenp);
	}
	return buf;
}

/*
 * The value after word (" name=") in the trusted comment line of the
 * minisign signature sig (NUL-terminated), as text up to the next space,
 * into out (size len): 0, or -1 when it is not there, empty or too long.
 */
int
transcript_signed_field(const char *sig, const char *word, char *out,
    size_t len)
{
	const char *p = strstr(sig, "\ntrusted comment: "), *e;

	if (p == NULL || (p = strstr(p, word)) == NULL)
		return -1;
	p += strlen(word);
	e = p + strcspn(p, " \n");
	if ((size_t)(e - p) >= len || e == p)
		return -1;
	memcpy(out, p, (size_t)(e - p));
	out[e - p] = '\0';
	return 0;
}

/*
 * A transcript message (without conversation, re, done) for the stored
 * final transcript file (ID.json), signed with status, as format asks
 * (NULL: all three); from memory while storing it failed (unstored).
 * NULL with errno when its files cannot be read (ENOENT: not there).
 */
json_t *
transcript_final_json(struct daemon *d, const char *file, const char *status,
    const char *format)
{
	char name[260];
	char *content = NULL, *sig = NULL, *md = NULL;
	size_t len, slen, mlen;
	json_t *j = NULL;

	const struct finish_job *k;
	int err = 0;

	if (d->store == NULL) {
		errno = EIO;
		return NULL;
	}
	/* signed, not stored yet (a full disk): from memory */
	if ((k = unstored_find(file)) != NULL)
		return transcript_final_msg(d, file, status, format,
		    k->st.content, k->st.len, k->st.sig, k->st.md);
	(void)snprintf(name, sizeof(name), "%s.minisig", file);
	if ((content = final_read(d, file, &len)) == NULL ||
	    (sig = final_read(d, name, &slen)) == NULL) {
		err = errno;
		/* the worker, waited for, may have kept it meanwhile */
		if ((k = unstored_find(file)) != NULL)
			j = transcript_final_msg(d, file, status, format,
			    k->st.content, k->st.len, k->st.sig, k->st.md);
		goto out;
	}
	if (format == NULL || strcmp(format, "markdown") == 0) {
		(void)snprintf(name, sizeof(name), "%.*s.md",
		    (int)(strlen(file) - 5), file);
		if ((md = final_read(d, name, &mlen)) != NULL &&
		    memchr(md, '\0', mlen) != NULL) {
			free(md);
			md = NULL;
		}
	}
	if (memchr(sig, '\0', slen) == NULL)
		j = transcript_final_msg(d, file, status, format, content, len,
		    sig, md);
	else
		err = EIO;
out:
	free(content);
	free(sig);
	free(md);
	if (j == NULL)
		errno = err != 0 ? err : EIO;
	return j;
}

/*
 * The same from the files' contents (content, len bytes; sig and md
 * strings, md may be NULL): from the state directory, or from the shared
 * store (another instance signed it).  NULL when sig is not one of ours.
 */
json_t *
transcript_final_msg(struct daemon *d, const char *file, const char *status,
    const char *format, const char *content, size_t len, const char *sig,
    const char *md)
{
	char records[24], head[72];
	json_t *j;

	if (transcript_signed_field(sig, " records=", records, sizeof(records)) == -1 ||
	    transcript_signed_field(sig, " head=", head, sizeof(head)) == -1)
		return NULL;
	j = json_pack("{s:s, s:s, s:s, s:I, s:s, s:s}", "type", "transcript",
	    "status", status, "file", file, "records",
	    (json_int_t)strtoll(records, NULL, 10), "head", head, "key_id",
	    d->signer->key_id);
	if (j == NULL)
		return NULL;
	if (format == NULL || strcmp(format, "json") == 0) {
		(void)json_object_set_new(j, "content",
		    json_stringn(content, len));
		(void)json_object_set_new(j, "minisig", json_string(sig));
	}
	if ((format == NULL || strcmp(format, "markdown") == 0) && md != NULL)
		(void)json_object_set_new(j, "markdown", json_string(md));
	if (format != NULL)
		(void)json_object_set_new(j, "format", json_string(format));
	return j;
}

void
transcript_pubkey_json(struct daemon *d, json_t *w)
{
	if (d->signer == NULL)
		return;
	(void)json_object_set_new(w, "pubkey", json_pack("{s:s, s:s}",
	    "key_id", d->signer->key_id, "minisign", d->signer->pub_text));
}

/*
 * The key owner files are bound with (finals.c; FINALS_MAC_KEYBYTES,
 * derived from the signing key at start), or NULL before there is one.
 */
const uint8_t *
transcript_owner_key(struct daemon *d)
{
	return d->signer != NULL ? d->signer->owner_key : NULL;
}

const char *
transcript_pubkey_text(struct daemon *d)
{
	return d->signer ? d->signer->pub_text : NULL;
}

/*
 * Is a final transcript (not "interrupted") of exactly sr's records
 * stored?  Then the conversation ended and only its end line was lost (a
 * failed journal write after the files were stored): that transcript
 * wins, and nothing is signed over it.
 */
static int
recover_stored_final(struct daemon *d, const struct store_rec *sr)
{
	char name[260], records[24], head[72], status[24];
	char hex[TR_HASH_BYTES * 2 + 1];
	char *sig;
	size_t len;
	int yes;

	(void)snprintf(name, sizeof(name), "%s.json.minisig", sr->id);
	if ((sig = store_get(d->store, name, 64 * 1024, &len)) == NULL)
		return 0;
	tr_hex(sr->ch.head, TR_HASH_BYTES, hex);
	yes = transcript_signed_field(sig, " status=", status, sizeof(status)) == 0 &&
	    strcmp(status, "interrupted") != 0 &&
	    transcript_signed_field(sig, " records=", records, sizeof(records)) == 0 &&
	    strtoull(records, NULL, 10) == sr->ch.records &&
	    transcript_signed_field(sig, " head=", head, sizeof(head)) == 0 &&
	    strcmp(head, hex) == 0;
	free(sig);
	(void)snprintf(name, sizeof(name), "%s.json", sr->id);
	if (yes && (sig = store_get(d->store, name, TR_MAX_FILE_BYTES,
	    &len)) == NULL)
		yes = 0;	/* the signature without its file: signed again */
	else if (yes)
		free(sig);
	return yes;
}

/*
 * j stores the final transcript of recovered conversation owner/name for
 * good: it gets its owner file, and once stored it is indexed (finals.c),
 * so that its owner can fetch it like any other final transcript.
 */
static void
recover_keyed(struct finish_job *j, const char *owner, const char *name,
    const char *tokhash)
{
	(void)snprintf(j->fkey, sizeof(j->fkey), "%s/%s", owner, name);
	(void)snprintf(j->tokhash, sizeof(j->tokhash), "%s", tokhash);
	j->reindex = 1;
}

/*
 * Recovered conversation sr (owner/name, tokhash) is not restored: a job
 * stores its final transcript (len bytes of records) for good with
 * status, signed later from its journaled records, and is deferred until
 * the recovery is done.  Returns the job, NULL when out of memory.
 */
static struct finish_job *
recover_closed(struct daemon *d, const struct store_rec *sr,
    const char *owner, const char *name, const char *kbhash,
    const char *tokhash, const char *status, off_t len)
{
	struct finish_job *j;

	if ((j = finish_new(d, sr->id, name, kbhash, status, &sr->ch, len,
	    1)) == NULL)
		return NULL;
	j->seg = sr->seg;
	j->pinned = 1;
	recover_keyed(j, owner, name, tokhash);
	j->next = deferred;
	deferred = j;
	return j;
}

/*
 * Recovered conversation sr (owner/name, tokhash) was closed by a storage
 * failure that could not journal it: its close mark mk (reserve.c) says
 * how.  Its final transcript is stored from the mark (the signed file the
 * running daemon returned: the same one), or for a compact mark signed
 * from its journaled records (len bytes) with the mark's status; the
 * conversation is not restored.  The mark stays live until that is done.
 */
static void
recover_marked(struct daemon *d, const struct store_rec *sr,
    const json_t *mk, const char *owner, const char *name,
    const char *kbhash, const char *tokhash, off_t len)
{
	const char *st = json_string_value(json_object_get(mk, "status"));
	const char *content = json_string_value(json_object_get(mk,
	    "content"));
	const char *sig = json_string_value(json_object_get(mk, "minisig"));
	const char *head = json_string_value(json_object_get(mk, "head"));
	json_int_t records = json_integer_value(json_object_get(mk,
	    "records"));
	struct tr_chain ch = sr->ch;
	struct finish_job *j;
	char file[220];

	st = st == NULL ? "interrupted" : strcmp(st, "complete") == 0 ?
	    "complete" : strcmp(st, "expired") == 0 ? "expired" :
	    "interrupted";
	recovered.closed++;
	if (content != NULL && sig != NULL && head != NULL && records > 0 &&
	    sodium_hex2bin(ch.head, sizeof(ch.head), head, strlen(head),
	    NULL, NULL, NULL) == 0) {
		ch.records = (uint64_t)records;
		log_info("conversation %s%s%s: closed by a storage failure "
		    "(its close mark); its final transcript (%s, %lld records) "
		    "stored from the mark", owner, owner[0] ? "/" : "", name,
		    st, (long long)records);
	} else {
		content = NULL;
		log_info("conversation %s%s%s: closed by a storage failure "
		    "(a compact close mark: %lld records then, %zu in the "
		    "journal); stored as %s from the journal", owner,
		    owner[0] ? "/" : "", name, (long long)records, sr->n, st);
	}
	if ((j = finish_new(d, sr->id, name, kbhash, st, &ch, len, 1)) ==
	    NULL)
		return;
	if (content != NULL) {
		j->st.len = strlen(content);
		if ((j->st.content = strdup(content)) == NULL ||
		    (j->st.sig = strdup(sig)) == NULL ||
		    (j->st.md = tr_markdown(content, j->st.len)) == NULL) {
			/* signed again from the journal instead */
			signed_free(&j->st);
			memset(&j->st, 0, sizeof(j->st));
			j->ch = sr->ch;
		}
	}
	j->seg = sr->seg;
	j->pinned = 1;
	j->reserved = 1;
	reserve_taken();
	recover_keyed(j, owner, name, tokhash);
	/*
	 * Fetchable by name at once: a request before its job is done
	 * waits for the worker (final_read), or finds it kept in memory.
	 */
	(void)snprintf(file, sizeof(file), "%s.json", sr->id);
	finals_put(d, j->fkey, tokhash, file, st, server_now());
	/*
	 * Indexed once, here: put again by its done() (which a request's
	 * worker_wait runs) it would free the entry that request reads.
	 */
	j->reindex = 0;
	j->next = deferred;
	deferred = j;
}

/*
 * Is sr's last record its client's `end`?  Then the user ended it and the
 * daemon stopped (a crash, SIGKILL) before its final transcript was
 * stored and its end journaled: nothing can follow an end.  It is ended
 * now, not restored: restored, it took a resent `end` as a second one
 * (two end records in one transcript; h37, finding 3).
 */
static int
recover_end_recorded(const struct store_rec *sr)
{
	json_t *rec;
	const char *dir, *type;
	int yes;

	if (sr->n < 2 || (rec = json_loadb(sr->recs[sr->n - 1],
	    strlen(sr->recs[sr->n - 1]), 0, NULL)) == NULL)
		return 0;
	dir = json_string_value(json_object_get(rec, "dir"));
	type = json_string_value(json_object_get(json_object_get(rec, "msg"),
	    "type"));
	yes = dir != NULL && type != NULL && strcmp(dir, "client") == 0 &&
	    strcmp(type, "end") == 0;
	json_decref(rec);
	return yes;
}

/*
 * A conversation found open in the journal at start.  It is registered
 * as it is, cheaply: its engine and replay ring are rebuilt from its
 * .part only if its client resumes it (conversation.c).  Its records are
 * signed as interrupted, on the worker, only if no interrupted file of
 * exactly these records exists yet.
 */
static void
recover_one(void *arg, const struct store_rec *sr)
{
	struct daemon *d = arg;
	struct transcript *tr;
	struct finish_job *j;
	json_t *mj = json_loadb(sr->meta, strlen(sr->meta), 0, NULL);
	const char *owner, *name, *token, *kbhash;
	char tokhash[RESTOKEN_HASH_HEX + 1];
	const json_t *mk;
	off_t len = 0;
	size_t i;

	owner = json_string_value(json_object_get(mj, "owner"));
	name = json_string_value(json_object_get(mj, "name"));
	kbhash = json_string_value(json_object_get(mj, "kb"));
	if (owner == NULL || name == NULL || kbhash == NULL ||
	    restoken_from_meta(mj, tokhash, &token) == -1) {
		log_warnx("journal: conversation %s: bad meta line; dropped",
		    sr->id);
		if (d->sb->journal(d->sbs, sr->id, "end", "{}", 2, -1, NULL) ==
		    0)
			store_unpin(d->store, sr->seg);
		json_decref(mj);
		return;
	}
	if (recover_stored_final(d, sr)) {
		log_info("journal: conversation %s: its final transcript is "
		    "stored but its end was not journaled; ended now", sr->id);
		recovered.closed++;
		store_part_remove(d->store, sr->id);
		if (d->sb->journal(d->sbs, sr->id, "end", "{}", 2, -1, NULL) ==
		    0)
			store_unpin(d->store, sr->seg);
		json_decref(mj);
		return;
	}
	if (store_part_ensure(d->store, sr->id, sr->recs, sr->n) == -1) {
		log_warn("journal: conversation %s: cannot rebuild its .part; "
		    "left for the next start", sr->id);
		json_decref(mj);
		return;
	}
	for (i = 0; i < sr->n; i++)
		len += (off_t)strlen(sr->recs[i]) + 1;
	if ((tr = calloc(1, sizeof(*tr))) == NULL) {
		json_decref(mj);
		return;
	}
	(void)snprintf(tr->id, sizeof(tr->id), "%s", sr->id);
	tr->ch = sr->ch;
	tr->seg = sr->seg;
	tr->pinned = 1;
	tr->part_fd = -1;
	tr->part_len = len;
	tr->seq_used = sr->seq_used;
	tr->seq_recorded = transcript_last_seq(
	    (const char *const *)sr->recs, sr->n);
	if ((mk = reserve_find(sr->id)) != NULL) {
		recover_marked(d, sr, mk, owner, name, kbhash, tokhash, len);
		free(tr);
	} else if (sr->final != NULL) {
		/* ended, but storing its transcript failed: stored now */
		json_t *fj = json_loadb(sr->final, strlen(sr->final), 0, NULL);
		const char *st = json_string_value(json_object_get(fj,
		    "status"));

		st = st == NULL ? "interrupted" : strcmp(st, "complete") == 0 ?
		    "complete" : strcmp(st, "expired") == 0 ? "expired" :
		    "interrupted";
		json_decref(fj);
		log_info("conversation %s%s%s: ended, its transcript not "
		    "stored then; to be stored as %s", owner, owner[0] ? "/" : "",
		    name, st);
		recovered.closed++;
		(void)recover_closed(d, sr, owner, name, kbhash, tokhash,
		    st, len);
		free(tr);
	} else if (recover_end_recorded(sr)) {
		/* its end recorded, not answered: complete, as it would be */
		char file[220];

		log_info("conversation %s%s%s: its end was recorded, the daemon "
		    "stopped before answering it; ended now, its transcript "
		    "to be stored as complete", owner, owner[0] ? "/" : "",
		    name);
		recovered.closed++;
		if ((j = recover_closed(d, sr, owner, name, kbhash, tokhash,
		    "complete", len)) != NULL) {
			/* fetchable by name at once, as recover_marked() */
			(void)snprintf(file, sizeof(file), "%s.json", sr->id);
			finals_put(d, j->fkey, tokhash, file, "complete",
			    server_now());
			j->reindex = 0;
		}
		free(tr);
	} else if (!limits_recs_heard(sr->recs, sr->n)) {
		/* abandoned before a user message: not worth holding */
		log_info("conversation %s%s%s: interrupted before any user "
		    "message; not restored", owner, owner[0] ? "/" : "", name);
		limits_closed("unheard");
		recovered.closed++;
		(void)recover_closed(d, sr, owner, name, kbhash, tokhash,
		    "interrupted", len);
		free(tr);
	} else if (strcmp(kbhash, d->kb->kb->hash_hex) != 0 ||
	    conversation_restore(d, owner, name, token, tokhash, tr) == -1) {
		/* another knowledge base: its walk cannot be rebuilt */
		log_info("conversation %s%s%s: interrupted; it cannot be "
		    "resumed (its knowledge base changed, or its name is "
		    "taken)", owner, owner[0] ? "/" : "", name);
		recovered.closed++;
		(void)recover_closed(d, sr, owner, name, kbhash, tokhash,
		    "interrupted", len);
		free(tr);
	} else {
		recovered.dormant++;
		if (sr->signed_n != (long long)sr->n && (j = finish_new(d,
		    sr->id, name, kbhash, "interrupted", &sr->ch, len, 0)) !=
		    NULL) {
			recovered.to_sign++;
			j->next = deferred;
			deferred = j;
		}
	}
	json_decref(mj);
}

/*
 * The good records of a recovered conversation, for its rebuild at
 * resume: *recs points into *buf (both malloc'd), one record each.
 */
int
transcript_load(struct daemon *d, struct conversation *c, char ***recs,
    size_t *n, char **buf)
{
	struct transcript *tr = c->tr;
	char *p, *e, **v;
	size_t k = 0;

	/*
	 * Only a dormant conversation is loaded, before it records anything:
	 * nothing of it is with the worker, whose writes this read would race.
	 */
	if (tr == NULL || tr->ptlen > 0 || tr->pf != NULL || (*buf =
	    store_part_read(d->store, tr->id, (size_t)tr->part_len)) == NULL)
		return -1;
	if ((v = calloc(tr->ch.records + 1, sizeof(*v))) == NULL) {
		free(*buf);
		return -1;
	}
	for (p = *buf, e = p + tr->part_len; p < e && k < tr->ch.records;) {
		char *nl = memchr(p, '\n', (size_t)(e - p));

		if (nl == NULL)
			break;
		*nl = '\0';
		v[k++] = p;
		p = nl + 1;
	}
	*recs = v;
	*n = k;
	return 0;
}

/*
 * The open conversations of the local journal of this state directory,
 * at a start with `store` (review r17, F10): each is moved into
 * PostgreSQL (pgstore_import_run, on the worker, one at a time) and then
 * ended in the local journal, so that it is resumed, or expired, from
 * PostgreSQL on any instance and never from both.  What cannot be moved
 * stays in the local journal as it was (a start without `store` resumes
 * or signs it), and is said: PostgreSQL unreachable (moved at a later
 * start), its name open there under another conversation, PostgreSQL
 * holding it with other records, ended here with its transcript still
 * to be stored, or signed with another key than this instance's.
 */
struct local_open {
	struct daemon	*d;
	char		**ids;		/* kept in the local journal */
	size_t		  n;
	char		**moved;	/* moved: to be ended here */
	uint64_t	 *segs;
	size_t		  nmoved;
	int		  count[IMPORT_ERR + 3];	/* by result; +1: final */
};
/* kept: signed with another key than this instance's (nu17) */
#define IMPORT_KEY_OTHER	(IMPORT_ERR + 2)

static void
import_run(void *arg)
{
	pgstore_import_run(arg);
}

static void
import_done(void *arg)
{
	(void)arg;
}

/*
 * Whether the conversation's transcript header names a key other than
 * the one this instance signs with (nu17): moved, it could be taken over
 * nowhere (key_mismatch), so it stays in the local journal, said with the
 * key it needs.  Returns 1 if it differs (and logs it), else 0.
 */
static int
local_key_differs(struct daemon *d, const struct store_rec *sr)
{
	json_t *h, *m;
	const char *kid, *name;
	int differs = 0;

	if (sr->n == 0 || (h = json_loadb(sr->recs[0], strlen(sr->recs[0]),
	    0, NULL)) == NULL)
		return 0;
	kid = json_string_value(json_object_get(h, "key_id"));
	if (kid != NULL && strcmp(kid, d->signer->key_id) != 0) {
		differs = 1;
		m = json_loadb(sr->meta, strlen(sr->meta), 0, NULL);
		name = json_string_value(json_object_get(m, "name"));
		log_warnx("journal: conversation %s not moved to PostgreSQL: "
		    "its transcript %s is signed with key %s, this instance "
		    "signs with key "
		    "%s (%s), and no instance could take it over "
		    "(key_mismatch); kept in the local journal: make the key "
		    "it was started with (%s/advisord.key when signing_key "
		    "was not set) the signing_key of every instance and "
		    "restart, or resume it at a start without 'store'",
		    name != NULL ? name : sr->id, sr->id, kid,
		    d->signer->key_id, d->signer->key_path,
		    d->conf->state_dir);
		json_decref(m);
	}
	json_decref(h);
	return differs;
}

static void
local_open_one(void *arg, const struct store_rec *sr)
{
	struct local_open *lo = arg;
	struct pg_import j;
	char **x;
	uint64_t *y;

	memset(&j, 0, sizeof(j));
	j.result = IMPORT_ERR;
	/* ended (its "final" line, or its close mark): not moved open */
	if (sr->final != NULL || reserve_find(sr->id) != NULL)
		j.result = IMPORT_ERR + 1;
	else if (local_key_differs(lo->d, sr))
		j.result = IMPORT_KEY_OTHER;
	else if (lo->count[IMPORT_ERR] == 0) {
		j.ps = lo->d->sbs;
		j.id = sr->id;
		j.meta = sr->meta;
		j.recs = (const char *const *)sr->recs;
		j.n = sr->n;
		j.seq_used = sr->seq_used;
		if (worker_post(lo->d->worker, import_run, import_done, &j) ==
		    0)
			worker_wait(lo->d->worker);
	}
	lo->count[j.result]++;
	if (j.result == IMPORT_DONE || j.result == IMPORT_THERE) {
		if ((x = realloc(lo->moved, (lo->nmoved + 1) *
		    sizeof(*x))) != NULL)
			lo->moved = x;
		if ((y = realloc(lo->segs, (lo->nmoved + 1) *
		    sizeof(*y))) != NULL)
			lo->segs = y;
		if (x != NULL && y != NULL && (x[lo->nmoved] =
		    strdup(sr->id)) != NULL) {
			y[lo->nmoved++] = sr->seg;
			return;
		}
		/* not ended here: imported again (IMPORT_THERE) next time */
	} else if (j.result != IMPORT_ERR && j.result != IMPORT_ERR + 1 &&
	    j.result != IMPORT_KEY_OTHER)
		log_warnx("journal: conversation %s not moved to PostgreSQL: "
		    "%s; kept in the local journal", sr->id, j.result ==
		    IMPORT_KEY_OPEN ? "its name is open there as another "
		    "conversation" : "PostgreSQL holds it with other records");
	if ((x = realloc(lo->ids, (lo->n + 1) * sizeof(*x))) == NULL)
		return;
	lo->ids = x;
	if ((x[lo->n] = strdup(sr->id)) != NULL)
		lo->n++;
}

/* The moved conversations end in the local journal; said in the log. */
static void
local_moved(struct daemon *d, struct local_open *lo)
{
	char dir[PATH_MAX];	/* named in the log: where the journal is */
	size_t i, ended = 0;
	int kept;

	(void)snprintf(dir, sizeof(dir), "%s/journal", d->conf->state_dir);

	for (i = 0; i < lo->nmoved; i++)
		if (store_journal(d->store, lo->moved[i], "end", "{}", 2) == 0)
			ended++;
	if (ended < lo->nmoved || (ended > 0 && store_sync(d->store) == -1))
		log_warn("journal: ending the conversations moved to "
		    "PostgreSQL in %s; the next start finds them there", dir);
	else
		for (i = 0; i < lo->nmoved; i++)
			store_unpin(d->store, lo->segs[i]);
	if (lo->nmoved > 0)
		log_info("journal: %zu open conversation%s of the local journal "
		    "in %s moved to PostgreSQL (%d now, %d by an earlier "
		    "start): resumable on any instance", lo->nmoved,
		    lo->nmoved == 1 ? "" : "s", dir, lo->count[IMPORT_DONE],
		    lo->count[IMPORT_THERE]);
	if ((kept = lo->count[IMPORT_ERR]) > 0)
		log_warnx("journal: %d open conversation%s of the local journal "
		    "in %s not moved to PostgreSQL (it cannot be reached now): "
		    "kept there, moved at the next start", kept, kept == 1 ?
		    "" : "s", dir);
	if ((kept = lo->count[IMPORT_ERR + 1]) > 0)
		log_warnx("journal: %d conversation%s of the local journal in "
		    "%s ended with %s transcript not stored: kept there, "
		    "stored at a start without 'store'", kept, kept == 1 ? "" :
		    "s", dir, kept == 1 ? "its" : "their");
	for (i = 0; i < lo->nmoved; i++)
		free(lo->moved[i]);
	free(lo->moved);
	free(lo->segs);
}

/*
 * The .part files a former run of this instance left of conversations
 * PostgreSQL holds (taken over and ended elsewhere while it was down,
 * U17): PostgreSQL is their journal, a take-over here writes the .part
 * anew, so the copies are removed, on the worker, before any take-over.
 */
struct stale_parts {
	struct daemon	*d;
	char		**ids;
	size_t		  n;
	char		 *known;
	int		  removed;
};

static void
stale_run(void *arg)
{
	struct stale_parts *sp = arg;
	size_t i;

	if (pgstore_known(sp->d->sbs, sp->ids, sp->n, sp->known) == -1)
		return;
	for (i = 0; i < sp->n; i++)
		if (sp->known[i]) {
			store_part_remove(sp->d->store, sp->ids[i]);
			sp->removed++;
		}
}

static void
stale_done(void *arg)
{
	struct stale_parts *sp = arg;
	size_t i;

	if (sp->removed > 0)
		log_info("journal: %d .part file%s of conversations PostgreSQL "
		    "holds removed from %s (PostgreSQL is their journal)",
		    sp->removed, sp->removed == 1 ? "" : "s",
		    store_dir(sp->d->store));
	for (i = 0; i < sp->n; i++)
		free(sp->ids[i]);
	free(sp->ids);
	free(sp->known);
	free(sp);
}

static void
pg_start_local(struct daemon *d)
{
	struct local_open lo;
	struct stale_parts *sp;
	struct dirent *de;
	DIR *dir;
	size_t i, len;

	memset(&lo, 0, sizeof(lo));
	lo.d = d;
	if (store_recover(d->store, local_open_one, &lo) > 0)
		local_moved(d, &lo);
	if ((sp = calloc(1, sizeof(*sp))) == NULL ||
	    (dir = opendir(store_dir(d->store))) == NULL) {
		free(sp);
		goto out;
	}
	sp->d = d;
	while ((de = readdir(dir)) != NULL && sp->n < 4096) {
		char **x, id[201];

		/* an id as ours are made: it goes to SQL (store_id_ok) */
		len = strlen(de->d_name);
		if (len <= 5 || len - 5 >= sizeof(id) ||
		    strcmp(de->d_name + len - 5, ".part") != 0)
			continue;
		memcpy(id, de->d_name, len - 5);
		id[len - 5] = '\0';
		if (!store_id_ok(id))
			continue;
		for (i = 0; i < lo.n; i++)
			if (strcmp(lo.ids[i], id) == 0)
				break;
		if (i < lo.n)
			continue;	/* the local journal's own */
		if ((x = realloc(sp->ids, (sp->n + 1) * sizeof(*x))) == NULL)
			break;
		sp->ids = x;
		if ((x[sp->n] = strdup(id)) != NULL)
			sp->n++;
	}
	(void)closedir(dir);
	if (sp->n == 0 || (sp->known = calloc(sp->n, 1)) == NULL ||
	    worker_post(d->worker, stale_run, stale_done, sp) == -1)
		stale_done(sp);
out:
	for (i = 0; i < lo.n; i++)
		free(lo.ids[i]);
	free(lo.ids);
}

int
transcript_init(struct daemon *d)
{
	struct signer *sg;
	double t0;
	int n;

	/* store_open says why it failed */
	if ((d->store = store_open(d->conf->state_dir,
	    d->conf->sync_mode)) == NULL)
		return -1;
	d->sb = &backend_local;
	d->sbs = d->store;
	if (d->conf->store != NULL) {
		/* pgstore_open says why it failed */
		if ((d->sbs = pgstore_open(d->conf->store,
		    d->conf->store_lease)) == NULL)
			return -1;
		d->sb = &backend_pg;
	}
	if ((sg = calloc(1, sizeof(*sg))) == NULL)
		return -1;
	d->signer = sg;
	if (signer_init(d, sg) == -1) {
		log_warnx("no usable transcript signing key: not starting");
		return -1;
	}
	/*
	 * The owner files' key: derived from the signing key's secret seed
	 * (crypto_kdf, BLAKE2b), never the secret itself, and never on disk:
	 * an owner file bound with it cannot be edited or moved onto another
	 * transcript without the signing key (review h26).
	 */
	(void)crypto_kdf_derive_from_key(sg->owner_key, sizeof(sg->owner_key),
	    1, "advfinal", sg->key.sk);
	{
		unsigned char rkey[crypto_generichash_KEYBYTES];
		uint64_t rbytes = RESERVE_BYTES_DEFAULT;

		/*
		 * It is part of the state directory, counted in its budget:
		 * a sixteenth of max_state_bytes at most (4 MiB of 1 GiB)
		 */
		if (d->conf->max_state_bytes > 0 &&
		    (uint64_t)d->conf->max_state_bytes / 16 < rbytes)
			rbytes = (uint64_t)d->conf->max_state_bytes / 16 <
			    8192 ? 8192 : ((uint64_t)d->conf->max_state_bytes /
			    16) & ~(uint64_t)4095;
		/* tests: a small reserve, to see it fill */
		if (getenv("ADVISORD_RESERVE_BYTES") != NULL &&
		    atoll(getenv("ADVISORD_RESERVE_BYTES")) >= 8192)
			rbytes = (uint64_t)atoll(getenv(
			    "ADVISORD_RESERVE_BYTES"));
		/* the close marks' MAC key, like the owner files' */
		(void)crypto_kdf_derive_from_key(rkey, sizeof(rkey), 2,
		    "advfinal", sg->key.sk);
		/*
		 * With `store` too: the local journal's conversations are
		 * moved to PostgreSQL at start, and a marked one must not be
		 * moved as open (pg_start_local).
		 */
		(void)reserve_open(d->conf->state_dir, rbytes, rkey);
		sodium_memzero(rkey, sizeof(rkey));
	}
	log_info("transcripts: %s (sync %s), signed by key %s",
	    store_dir(d->store), config_sync_name(d->conf->sync_mode),
	    sg->key_id);
	if ((d->worker = worker_start(EV_DEFAULT)) == NULL) {
		log_warn("cannot start the store's worker thread");
		return -1;
	}
	/* without it, users' transcripts are made on the worker */
	if ((maker = worker_start(EV_DEFAULT)) == NULL)
		log_warn("cannot start the transcript maker thread");
	/*
	 * The state directory's first measure, now (the key, the close
	 * reserve, what a former run left): max_state_bytes counted only
	 * what was written until the first housekeeping tick measured it.
	 */
	limits_state_tick(d, server_now());
	transcript_housekeeping(d);	/* retention, on the worker */
	if (d->sb != &backend_local) {
		/* nothing to recover here: a resume takes over (claim_done) */
		log_info("journal: in PostgreSQL; conversations are taken "
		    "over at their resume");
		pg_start_local(d);
		reserve_loaded_free();
		return 0;
	}
	t0 = server_clock();
	n = store_recover(d->store, recover_one, d);
	reserve_loaded_free();
	if (n == -1)
		return -1;
	/*
	 * Say what became of them: a dormant conversation is resumable; a
	 * closed one (no user message, another knowledge base, its name
	 * taken) is only stored; signing, when needed, comes later.
	 */
	if (n > 0) {
		char sign[96] = "", closed[96] = "";

		/* true after a clean stop and after a crash alike */
		if (recovered.to_sign > 0)
			(void)snprintf(sign, sizeof(sign), " (%d of them get an "
			    "interim transcript, signed in the background)",
			    recovered.to_sign);
		if (recovered.closed > 0)
			(void)snprintf(closed, sizeof(closed), ", %d not "
			    "resumable (stored as interrupted in the "
			    "background)", recovered.closed);
		log_info("journal: %d open conversation%s restored in %.0f ms: "
		    "%d resumable%s%s%s", n, n == 1 ? "" : "s",
		    (server_clock() - t0) * 1000, recovered.dormant, sign,
		    closed, n > recovered.dormant + recovered.closed ? "; the "
		    "others could not be registered (said above)" : "");
	}
	/* what ended before this start stays fetchable for its hour */
	finals_load(d);
	return 0;
}

void
transcript_shutdown(struct daemon *d)
{
	/* every transcript handed to the worker is finished first */
	recovery_post(d);
	workers_wait(d);
	worker_stop(maker, EV_DEFAULT);
	maker = NULL;
	if (d->worker != NULL) {
		worker_stop(d->worker, EV_DEFAULT);
		d->worker = NULL;
	}
	/* ends never committed: the shared store keeps them open */
	while (awaiting != NULL) {
		struct finish_job *j = awaiting;

		awaiting = j->next;
		if (j->pf_own)
			part_file_drop(d, j->pf);	/* here: no worker */
		signed_free(&j->st);
		free(j->tail);
		free(j->locs);
		free(j);
	}
	unstored_free();
	unshared_free();
	tail_spare_free();
	reserve_close();
	if (d->sb == &backend_pg)
		pgstore_close(d->sbs);
	d->sb = NULL;
	d->sbs = NULL;
	if (d->store != NULL) {
		store_close(d->store);
		d->store = NULL;
	}
	if (d->signer != NULL) {
		mini_key_wipe(&d->signer->key);
		sodium_memzero(d->signer->owner_key,
		    sizeof(d->signer->owner_key));
		free(d->signer->pub_text);
		free(d->signer->key_path);
		free(d->signer);
		d->signer = NULL;
	}
}

struct retention_job {
	struct store	*store;
	long		 days;
};

static void
retention_run(void *arg)
{
	struct retention_job *j = arg;

	store_retention(j->store, j->days);
}

/* Retention runs hourly from housekeeping, on the worker. */
void
transcript_housekeeping(struct daemon *d)
{
	struct retention_job *j;

	if (d->store == NULL || d->conf->retention_days <= 0 ||
	    (j = calloc(1, sizeof(*j))) == NULL)
		return;
	j->store = d->store;
	j->days = d->conf->retention_days;
	if (d->worker == NULL || worker_post(d->worker, retention_run, free,
	    j) == -1) {
		retention_run(j);
		free(j);
	}
}

/* Is c's transcript as long as it may get? */
int
transcript_full(const struct conversation *c)
{
	return c->tr != NULL && c->tr->ch.records >= TR_MAX_RECORDS - TR_FULL_MARGIN;
}

/* Records of c's transcript so far (0: it has none). */
long
transcript_records(const struct conversation *c)
{
	return c->tr != NULL ? (long)c->tr->ch.records : 0;
}

/* Bytes of c's transcript records written so far. */
long
transcript_bytes(const struct conversation *c)
{
	return c->tr != NULL ? (long)c->tr->part_len : 0;
}

/*
 * What making c's transcript reply costs in memory, reckoned before it is
 * made: the records are read, signed into the file, rendered as Markdown
 * and encoded into the message (JSON escaping) off the loop, then queued
 * as they are, all at once for a moment: under 8 times the records' bytes
 * with both forms, 5 with one (format).
 */
long
transcript_reply_cost(const struct conversation *c, const char *format)
{
	long n = c->tr != NULL ? (long)c->tr->part_len : 0;

	return (n + 4096) * (format == NULL ? 8 : 5);
}

/* ---- the shared store: leases and take-over ----------------------------- */

/*
 * Is the store reachable (for /readyz)?  With the shared store, a group
 * commit that has waited READY_COMMIT_SECONDS says no too: PostgreSQL
 * that does not answer (a stopped backend, a half-open connection) is
 * found by the statement's own timeout only later (pgstore.c), and a
 * balancer should send new users elsewhere meanwhile.
 */
#define READY_COMMIT_SECONDS	3.0
int
transcript_ready(struct daemon *d)
{
	if (d->sb == NULL)
		return 1;
	if (d->sb != &backend_local && d->syncing &&
	    server_clock() - commit_posted > READY_COMMIT_SECONDS)
		return 0;
	return d->sb->ready(d->sbs);
}

/*
 * Why transcript_ready() says no, for /readyz, into buf (size len): the
 * local journal's errno and directory, or the shared store out of reach.
 */
void
transcript_unready_why(struct daemon *d, char *buf, size_t len)
{
	if (d->sb == &backend_local)
		store_unready_why(d->sbs, buf, len);
	else
		(void)snprintf(buf, len, "%s", "the shared store (PostgreSQL) "
		    "cannot be reached, or refuses writes, or a group commit "
		    "has waited too long");
}

/* ---- the local journal not ready: a probe write ------------------------- */

struct probe_job {
	struct daemon		*d;
	struct store_probe	*p;
};

static void
probe_run(void *arg)
{
	store_probe_run(((struct probe_job *)arg)->p);
}

static void
probe_done(void *arg)
{
	struct probe_job *j = arg;

	(void)store_probe_end(j->d->store, j->p);
	free(j);
}

/* The start's probe done: the commits it held may begin. */
static void
probe_start_done(void *arg)
{
	probe_starting = 0;
	probe_done(arg);
}

/*
 * Once, at the first round of the loop, with the local journal: a probe
 * write to journal/ and transcripts/ on the worker, before any other job,
 * so that a state directory that cannot be written (a full disk at start)
 * makes /readyz 503 before a balancer sends a turn there (review h26);
 * before, nothing was written until a user's first turn, which then
 * failed.  Until it is done no group commit begins (transcript_commit),
 * so that the journal's writes keep one order, whatever the threads do.
 */
static void
probe_start(struct daemon *d)
{
	static int done;
	struct probe_job *j;

	if (done)
		return;
	done = 1;
	if (d->sb != &backend_local || d->store == NULL || d->worker == NULL ||
	    (j = calloc(1, sizeof(*j))) == NULL)
		return;
	j->d = d;
	if ((j->p = store_probe_begin(d->store, 1)) == NULL) {
		free(j);
		return;
	}
	probe_starting = 1;
	if (worker_post(d->worker, probe_run, probe_start_done, j) == -1)
		probe_start_done(j);
}

/*
 * Every second (housekeeping), while the local journal cannot be written:
 * post a probe write to the worker, one at a time, never on the loop (the
 * loop does not wait for the disk).  Its success makes /readyz 200 again.
 */
static void
probe_tick(struct daemon *d)
{
	struct probe_job *j;

	if (d->worker == NULL || (j = calloc(1, sizeof(*j))) == NULL)
		return;
	j->d = d;
	if ((j->p = store_probe_begin(d->store, 0)) == NULL) {
		free(j);
		return;
	}
	if (worker_post(d->worker, probe_run, probe_done, j) == -1)
		probe_done(j);	/* not run: tried again next second */
}

static int	 renewing;	/* a renewal is on the worker */
static double	 renewed;	/* ev_now() of the last one posted */
static int	 sweeping;	/* an orphan sweep is on the worker */
static double	 swept;		/* ev_now() of the last one posted */

static int	 claim_post(struct daemon *, struct conn *, const char *,
		    const char *, const char *, long long, const char *, int);

static void
sweep_run(void *arg)
{
	pgstore_sweep_run(arg);
}

/* Take every orphan found over, to expire it (claim_done). */
static void
sweep_done(void *arg)
{
	struct pg_sweep *j = arg;
	size_t i;

	sweeping = 0;
	for (i = 0; i < j->n && j->d->ctx != NULL; i++) {
		const char *name = strchr(j->keys[i], '/');

		if (name != NULL && conversation_lookup(j->d, j->keys[i]) ==
		    NULL)
			(void)claim_post(j->d, NULL, j->keys[i], name + 1, NULL,
			    0, NULL, 1);
	}
	pgstore_sweep_free(j);
}

/* Every store_lease seconds: look for conversations nobody serves. */
static void
sweep_tick(struct daemon *d, double now)
{
	struct pg_sweep *j;

	if (sweeping || now - swept < (double)d->conf->store_lease ||
	    (j = calloc(1, sizeof(*j))) == NULL)
		return;
	j->ps = d->sbs;
	j->d = d;
	j->idle = d->conf->idle_timeout;
	swept = now;
	sweeping = 1;
	if (worker_post(d->worker, sweep_run, sweep_done, j) == -1) {
		sweeping = 0;
		pgstore_sweep_free(j);
	}
}

static void
renew_run(void *arg)
{
	pgstore_renew_run(arg);
}

static void
renew_done(void *arg)
{
	struct pg_renew *j = arg;
	size_t i;

	renewing = 0;
	for (i = 0; i < j->nlost; i++)
		transcript_lost(j->d, j->lost[i], 0);
	pgstore_renew_free(j);
}

/*
 * Every second (housekeeping): with the shared store, renew the leases of
 * every conversation held here each third of a lease; the renewal is the
 * store's health probe too, and reconnects after an outage.
 */
static void
reserve_reset_run(void *arg)
{
	int *err = arg;

	*err = reserve_reset() == -1 ? (errno ? errno : EIO) : 0;
}

static void
reserve_reset_done(void *arg)
{
	int *err = arg;

	reserve_resetting = 0;
	if (*err != 0) {
		errno = *err;
		log_warn("close reserve: emptying it (tried again later)");
	}
	free(err);
}

static void
reserve_retry_run(void *arg)
{
	int *err = arg;

	*err = reserve_retry() == -1 ? (errno ? errno : EIO) : 0;
}

/* On the loop: say once that a missing reserve was made after all. */
static void
reserve_retry_done(void *arg)
{
	int *err = arg;
	struct reserve_stats rs;

	reserve_retrying = 0;
	if (*err == 0) {
		reserve_stats(&rs);
		log_info("close reserve %s: made now that the disk has room, "
		    "%llu bytes preallocated", reserve_file(),
		    (unsigned long long)rs.bytes);
	}
	free(err);
}

/*
 * While the store is ready: a close reserve that could not be made at
 * start is tried again every RESERVE_RETRY_SECS, on the worker (the disk
 * work is never on the loop), until it is made (nu49 #1); the close
 * reserve is emptied (reserve_reset, on the worker) once its marks are
 * all resolved and the journal is synced through their end lines.
 */
static void
reserve_tick(struct daemon *d, double now)
{
	int *err;

	if (!reserve_retrying && d->worker != NULL &&
	    now - reserve_retried >= RESERVE_RETRY_SECS &&
	    reserve_retry_due() && (err = calloc(1, sizeof(*err))) != NULL) {
		reserve_retried = now;
		reserve_retrying = 1;
		if (worker_post(d->worker, reserve_retry_run,
		    reserve_retry_done, err) == -1) {
			reserve_retrying = 0;
			free(err);
		}
		return;
	}
	if (reserve_retrying || reserve_resetting || d->synced < reserve_epoch ||
	    d->worker == NULL || !reserve_reset_due() ||
	    (err = calloc(1, sizeof(*err))) == NULL)
		return;
	reserve_resetting = 1;
	if (worker_post(d->worker, reserve_reset_run, reserve_reset_done,
	    err) == -1) {
		reserve_resetting = 0;
		free(err);
	}
}

void
transcript_tick(struct daemon *d, double now)
{
	struct conversation *c;
	struct pg_renew *j;
	size_t n = 0;

	if (d->sb == &backend_local && d->store != NULL &&
	    !store_ready(d->store)) {
		probe_tick(d);
		/* the first try once it is ready again is at once */
		unstored_due = 0;
		unstored_wait = 1;
	} else if (d->sb == &backend_local && d->store != NULL) {
		unstored_tick(d, now);
		reserve_tick(d, now);
	}
	if (d->sb == &backend_pg) {
		sweep_tick(d, now);
		unshared_tick(d, now);
	}
	/* while the store is away, every second: reconnect soon */
	if (d->sb != &backend_pg || renewing || (now - renewed <
	    (double)d->conf->store_lease / 3 && d->sb->ready(d->sbs)))
		return;
	if ((j = calloc(1, sizeof(*j))) == NULL)
		return;
	j->ps = d->sbs;
	j->d = d;
	for (c = d->lru_head; c != NULL; c = c->lru_next)
		n++;
	if ((j->ids = calloc(n + 1, sizeof(*j->ids))) == NULL) {
		free(j);
		return;
	}
	/*
	 * Renewed (first, j->nheld of them): the leases of conversations a
	 * client is connected to here, or was within a lease.  One nobody
	 * has been connected to for a lease is let lapse, so that its
	 * client, come back through another instance, can resume it there
	 * once retry_after_ms has passed (review r17, F7); held again when
	 * a connection here takes it (a resume here takes it over anew,
	 * conv_resume).  All are checked for being taken by another
	 * instance.
	 */
	for (c = d->lru_head; c != NULL; c = c->lru_next)
		if (c->tr != NULL && !c->tr->lost && (c->conn != NULL ||
		    now - c->last_active < (double)d->conf->store_lease) &&
		    (j->ids[j->n] = strdup(c->tr->id)) != NULL)
			j->n++;
	j->nheld = j->n;
	for (c = d->lru_head; c != NULL; c = c->lru_next) {
		if (c->tr == NULL || c->tr->lost || c->conn != NULL ||
		    now - c->last_active < (double)d->conf->store_lease)
			continue;
		c->tr->unleased = 1;
		if ((j->ids[j->n] = strdup(c->tr->id)) != NULL)
			j->n++;
	}
	renewed = now;
	renewing = 1;
	if (worker_post(d->worker, renew_run, renew_done, j) == -1) {
		renewing = 0;
		pgstore_renew_free(j);
	}
}

static void
claim_run(void *arg)
{
	pgstore_claim_run(arg);
}

/*
 * Build the conversation a claim took over: its records must chain (each
 * one's head as stored), its knowledge base must be the one served here;
 * then its .part is written and it is registered dormant, to be rebuilt
 * by its resume (conversation.c checks the rebuilt outputs).  Returns
 * NULL, or an error code and *msg.
 */
static const char *
claim_build(struct daemon *d, struct pg_claim *j, const char **msg)
{
	static char why[320];
	struct transcript *tr;
	struct tr_chain ch;
	char hex[TR_HASH_BYTES * 2 + 1];
	const char *owner, *name, *token, *kbhash;
	char tokhash[RESTOKEN_HASH_HEX + 1];
	json_t *m = json_loadb(j->meta, strlen(j->meta), 0, NULL);
	off_t len = 0;
	size_t i;

	owner = json_string_value(json_object_get(m, "owner"));
	name = json_string_value(json_object_get(m, "name"));
	kbhash = json_string_value(json_object_get(m, "kb"));
	if (owner == NULL || name == NULL || kbhash == NULL ||
	    restoken_from_meta(m, tokhash, &token) == -1) {
		json_decref(m);
		*msg = "the conversation's stored meta line is damaged";
		return "internal";
	}
	if (strcmp(kbhash, d->kb->kb->hash_hex) != 0) {
		(void)snprintf(why, sizeof(why), "the conversation was held on "
		    "knowledge base %.16s..., this instance serves %.16s...: "
		    "it cannot be rebuilt here", kbhash, d->kb->kb->hash_hex);
		json_decref(m);
		*msg = why;
		return "kb_mismatch";
	}
	if (j->n > 0) {
		/*
		 * Its header names the key every instance signs with; an
		 * instance given another (the credential forgotten) would
		 * sign a transcript that does not verify.
		 */
		json_t *h = json_loadb(j->recs[0], strlen(j->recs[0]), 0, NULL);
		const char *kid = json_string_value(json_object_get(h,
		    "key_id"));

		if (kid != NULL && strcmp(kid, d->signer->key_id) != 0) {
			(void)snprintf(why, sizeof(why), "the conversation is "
			    "signed with key %s, this instance signs with key "
			    "%s: it cannot be taken over here; make key %s "
			    "(for a conversation moved from a local journal: "
			    "the advisord.key of the state directory it was "
			    "moved from) the signing_key of every instance",
			    kid, d->signer->key_id, kid);
			json_decref(h);
			json_decref(m);
			*msg = why;
			return "key_mismatch";
		}
		json_decref(h);
	}
	tr_chain_init(&ch);
	for (i = 0; i < j->n; i++) {
		size_t l = strlen(j->recs[i]);

		tr_chain_add(&ch, j->recs[i], l);
		tr_hex(ch.head, TR_HASH_BYTES, hex);
		if (j->seqs[i] != (long long)i || strcmp(hex, j->heads[i]) !=
		    0) {
			(void)snprintf(why, sizeof(why), "the stored records "
			    "do not chain at seq %zu", i);
			json_decref(m);
			*msg = why;
			return "internal";
		}
		len += (off_t)l + 1;
	}
	if (j->n == 0 || store_part_rewrite(d->store, j->id, j->recs,
	    j->n) == -1 || (tr = calloc(1, sizeof(*tr))) == NULL) {
		json_decref(m);
		*msg = "the conversation's records cannot be written here";
		return "internal";
	}
	(void)snprintf(tr->id, sizeof(tr->id), "%s", j->id);
	tr->ch = ch;
	tr->part_fd = -1;
	tr->part_len = len;
	tr->seq_used = j->seq_used;
	tr->seq_recorded = transcript_last_seq(
	    (const char *const *)j->recs, j->n);
	/* the token as its client gave it, when it did: known again */
	if (token == NULL && j->has_token && restoken_matches(j->token,
	    tokhash))
		token = j->token;
	if (conversation_restore(d, owner, name, token, tokhash, tr) == -1) {
		free(tr);
		json_decref(m);
		*msg = "the conversation cannot be registered here";
		return "internal";
	}
	json_decref(m);
	return NULL;
}

struct release_job {
	struct pgstore	*ps;
	char		 id[200];
	long		 back;		/* seconds the lease is set back */
	char		 end_status[16];	/* its end, recorded; "" none */
};

static void
release_run(void *arg)
{
	struct release_job *r = arg;

	pgstore_release_run(r->ps, r->id, r->back, r->end_status[0] != '\0' ?
	    r->end_status : NULL);
}

static void
release_done(void *arg)
{
	free(arg);
}

/*
 * Let the lease of conversation id go (a take-over refused after its
 * lease was written; an idle one whose lease lapsed), set back seconds;
 * with end_status (not NULL), its end is recorded with it (ended here,
 * not signed: whoever takes it over signs it so).
 */
static void
claim_release(struct daemon *d, const char *id, long back,
    const char *end_status)
{
	struct release_job *r;

	if (d->sb != &backend_pg || (r = calloc(1, sizeof(*r))) == NULL)
		return;
	r->ps = d->sbs;
	r->back = back;
	(void)snprintf(r->id, sizeof(r->id), "%s", id);
	(void)snprintf(r->end_status, sizeof(r->end_status), "%s",
	    end_status != NULL ? end_status : "");
	if (worker_post(d->worker, release_run, release_done, r) == -1)
		free(r);
}

/*
 * A resume of a conversation held here was checked against the store
 * (review r17, F16): still this instance's, it is resumed from memory;
 * taken over by another instance meanwhile (or ended there), what this
 * instance remembers is stale: forgotten, and the resume goes on as a
 * take-over (busy while the other holds it) or as unknown.
 */
static void
claim_checked(struct daemon *d, struct conn *cn, struct pg_claim *j)
{
	const char *re = j->has_re ? j->re : NULL, *tok = j->has_token ?
	    j->token : NULL;
	struct conversation *c;

	if (d->ctx == NULL || cn == NULL) {
		pgstore_claim_free(j);
		return;
	}
	switch (j->status) {
	case CLAIM_OK:
		conversation_resume_again(cn, j->name, tok, j->last_seq, re);
		break;
	case CLAIM_MOVED:
	case CLAIM_NONE:
		if ((c = conversation_lookup(d, j->key)) != NULL) {
			log_warnx("conversation %s: %s; what this instance "
			    "held of it is dropped",
			    conversation_logname(j->key),
			    j->status == CLAIM_NONE ? "it ended elsewhere" :
			    "another instance took it over");
			conversation_forget(d, c);
		}
		if (j->status == CLAIM_NONE || claim_post(d, cn, j->key,
		    j->name, tok, j->last_seq, re, 0) == -1)
			conn_send_error(cn, "unknown_conversation", "no such "
			    "conversation; it may have expired", re, j->name);
		break;
	default:
		conn_send_error(cn, "store_unavailable", "the shared store "
		    "cannot be reached now; retry", re, j->name);
		break;
	}
	pgstore_claim_free(j);
}
/*
 * Take-overs waiting for the worker (which also makes every group
 * commit): at most CLAIMS_MAX; a resume beyond gets store_unavailable.
 */
#define CLAIMS_MAX	64
static int	 claims;

static void
claim_done(void *arg)
{
	struct pg_claim *j = arg;
	struct daemon *d = j->d;
	struct conn *cn = ws_conn_find(d, j->conn_id);
	const char *re = j->has_re ? j->re : NULL, *code = NULL, *msg = NULL;
	json_t *e;

	claims--;
	if (j->check) {
		claim_checked(d, cn, j);
		return;
	}

	switch (j->status) {
	case CLAIM_NONE:
		code = "unknown_conversation";
		msg = "no such conversation; it may have expired";
		break;
	case CLAIM_TOKEN:
		code = "bad_token";
		msg = "the resume token does not match";
		break;
	case CLAIM_BUSY:
		code = "conversation_busy";
		if (j->why[0] == '\0')
			(void)snprintf(j->why, sizeof(j->why), "another "
			    "instance serves this conversation; retry in %.1f "
			    "s (retry_after_ms)", j->retry_after + 0.05);
		msg = j->why;
		break;
	case CLAIM_ERR:
		code = "store_unavailable";
		msg = "the shared store cannot be reached now; retry";
		log_warnx("conversation %s: take-over failed: %s",
		    conversation_logname(j->key), j->why);
		break;
	default:
		if (d->ctx == NULL) {
			/* shutting down: the lease runs out, or is taken */
			cn = NULL;
			break;
		}
		if (conversation_lookup(d, j->key) == NULL &&
		    (code = claim_build(d, j, &msg)) != NULL) {
			log_warnx("conversation %s: take-over refused: %s",
			    conversation_logname(j->key), msg);
			claim_release(d, j->id, 0, NULL);
		} else if (strcmp(j->owner, pgstore_instance(d->sbs)) == 0)
			/* left open here by a failed commit, or let lapse */
			log_info("conversation %s: taken back from the shared "
			    "store (%zu records)", conversation_logname(j->key),
			    j->n);
		else
			log_info("conversation %s: taken over from %s (%zu "
			    "records)", conversation_logname(j->key),
			    j->owner[0] ? j->owner : "-", j->n);
		break;
	}
	if (j->status == CLAIM_OK && code == NULL && d->ctx != NULL &&
	    j->end_status[0] != '\0') {
		/* ended on an instance that could not sign it (HB17-1) */
		log_info("conversation %s: ended (%s) on %s but not signed "
		    "there: signed here", conversation_logname(j->key),
		    j->end_status, j->owner[0] ? j->owner : "-");
		conversation_end_key(d, j->key, strcmp(j->end_status,
		    "expired") == 0 ? "expired" : strcmp(j->end_status,
		    "interrupted") == 0 ? "storage failed" :
		    "ended by the user");
		if (cn != NULL) {
			code = "conversation_ended";
			msg = "the conversation has ended; its final "
			    "transcript is being signed: ask for it with "
			    "transcript";
		}
	} else if (j->sweep && j->status == CLAIM_OK && code == NULL &&
	    d->ctx != NULL) {
		log_info("conversation %s: its instance is gone and it was "
		    "idle past idle_timeout: expired here",
		    conversation_logname(j->key));
		conversation_end_key(d, j->key, "expired");
	}
	if (cn != NULL && cn->http && (code == NULL || j->status ==
	    CLAIM_NONE)) {
		/* an HTTP turn (httpapi.c): taken over, or not in the store */
		httpapi_claimed(cn, 1);
		cn = NULL;
	}
	if (cn != NULL && code != NULL) {
		e = proto_error_json(code, msg, re, j->name);
		if (j->status == CLAIM_BUSY)
			(void)json_object_set_new(e, "retry_after_ms",
			    json_integer((json_int_t)(j->retry_after * 1000) +
			    1));
		(void)json_object_set_new(e, "done", json_true());
		(void)conn_send_json(cn, e);
		json_decref(e);
		if (cn->http)
			httpapi_claimed(cn, 0);
	} else if (cn != NULL)
		conversation_resume_again(cn, j->name, j->has_token ? j->token :
		    NULL, j->last_seq, re);
	pgstore_claim_free(j);
}

/*
 * A resume of key (owner/name) that is not held here: with the shared
 * store, ask it on the worker (claim_done answers).  Returns -1 when
 * there is no shared store (the caller answers unknown_conversation).
 */
int
transcript_claim(struct daemon *d, struct conn *cn, const char *key,
    const char *name, const char *token, long long last_seq, const char *re)
{
	return claim_post(d, cn, key, name, token, last_seq, re, 0);
}

/*
 * A resume of key, held here: with the shared store, ask it first
 * whether it is still this instance's (claim_checked answers).  -1 when
 * there is no shared store: the caller resumes it at once.
 */
int
transcript_claim_check(struct daemon *d, struct conn *cn, const char *key,
    const char *name, const char *token, long long last_seq, const char *re)
{
	return claim_post(d, cn, key, name, token, last_seq, re, 2);
}

/*
 * A claim for cn's resume (mode 0), or (1, cn NULL) to expire an orphan,
 * or (2) to check one held here.
 */
static int
claim_post(struct daemon *d, struct conn *cn, const char *key,
    const char *name, const char *token, long long last_seq, const char *re,
    int mode)
{
	struct pg_claim *j;

	/*
	 * A token is at most PROTO_MAX_TOKEN (proto.c): kept whole, so that
	 * a longer wrong one is bad_token here as on its owner (hb18 HB18-1).
	 */
	if (d->sb != &backend_pg || (token != NULL && strlen(token) >=
	    sizeof(j->token)))
		return -1;
	if (claims >= CLAIMS_MAX) {
		if (cn != NULL)
			conn_send_error(cn, "store_unavailable", "too many "
			    "take-overs wait for the shared store (at most 64 "
			    "at once); retry", re, name);
		return 0;
	}
	if ((j = calloc(1, sizeof(*j))) == NULL)
		return -1;
	j->ps = d->sbs;
	j->d = d;
	j->sweep = mode == 1;
	j->check = mode == 2;
	j->conn_id = cn != NULL ? cn->id : UINT64_MAX;
	(void)snprintf(j->key, sizeof(j->key), "%s", key);
	(void)snprintf(j->name, sizeof(j->name), "%s", name);
	if (token != NULL) {
		(void)snprintf(j->token, sizeof(j->token), "%s", token);
		j->has_token = 1;
	}
	if (re != NULL) {
		(void)snprintf(j->re, sizeof(j->re), "%s", re);
		j->has_re = 1;
	}
	j->last_seq = last_seq;
	if (worker_post(d->worker, claim_run, claim_done, j) == -1) {
		pgstore_claim_free(j);
		return -1;
	}
	/* an HTTP turn waits for it: its answer goes once released */
	if (cn != NULL && cn->http && !j->check)
		conn_rx_hold(cn);
	claims++;
	return 0;
}

/*
 * Final transcripts asked of the shared store (finals.c): a `transcript`
 * request for a conversation that is gone and that this instance did not
 * finish (review r17, F13).  At most FINAL_ASKS_MAX wait for the worker;
 * beyond, store_unavailable at once.
 */
#define FINAL_ASKS_MAX	64
static int	 final_asks;

static void
final_ask_run(void *arg)
{
	struct pg_final *f = arg;

	f->err = pgstore_final_get(f->ps, f) == -1;
}

/* On the loop: answer the request as finals_answer() does. */
static void
final_ask_done(void *arg)
{
	struct pg_final *f = arg;
	struct daemon *d = f->d;
	struct conn *cn = d->ctx != NULL ? ws_conn_find(d, f->conn_id) : NULL;
	const char *re = f->has_re ? f->re : NULL;
	char file[220];
	json_t *j;

	final_asks--;
	if (cn == NULL)
		goto out;
	if (f->err)
		conn_send_error(cn, "store_unavailable", "the shared store "
		    "cannot be reached now; retry", re, f->name);
	else if (!f->found) {
		/* none in the store: the one kept here, if any, and if sent */
		if (f->kept_id[0] == '\0' || f->open_other ||
		    !finals_answer_kept(cn, f->key, f->kept_id, f->name,
		    f->has_token ? f->token : NULL, f->format, re))
			conn_send_error(cn, "unknown_conversation",
			    cn->integration ? "no such conversation for this "
			    "API key, and no final transcript is kept for it" :
			    "no such conversation, and no final transcript is "
			    "kept for it", re, f->name);
	} else if (!f->has_token && !cn->integration)
		conn_send_error(cn, "missing_field", "'token' is required for "
		    "the final transcript of a conversation that has ended",
		    re, f->name);
	else if (f->has_token && !restoken_matches(f->token, f->tokhash))
		conn_send_error(cn, "bad_token", "the token does not match the "
		    "conversation", re, f->name);
	else {
		(void)snprintf(file, sizeof(file), "%s.json", f->id);
		if ((j = transcript_final_msg(d, file, f->statusbuf,
		    f->format[0] != '\0' ? f->format : NULL, f->content,
		    f->len, f->sig, f->md)) == NULL)
			conn_send_error(cn, "internal", "the final transcript "
			    "could not be read", re, f->name);
		else {
			/* reckoned against max_replay_bytes (F2) */
			if (finals_queue(cn, j, f->name, re))
				log_info("conversation %s: final transcript %s "
				    "sent from the shared store (conn %llu)",
				    conversation_logname(f->key), file,
				    (unsigned long long)cn->id);
			json_decref(j);
		}
	}
	conn_rx_release(cn);
out:
	pgstore_final_free(f);
}

/*
 * With the shared store: ask PostgreSQL for the final transcript of
 * m->conversation (owned by cn's key), answered later on cn; kept_id
 * ("" or NULL: none) names the one finals.c keeps, sent if PostgreSQL has
 * no newer one and nothing of that name is open.  Returns 1 when it will
 * be answered (or was refused: store_unavailable, also when it cannot be
 * asked), 0 without a shared store.
 */
int
transcript_final_ask(struct conn *cn, struct proto_msg *m,
    const char *kept_id)
{
	struct daemon *d = cn->d;
	struct pg_final *f;

	if (d->sb != &backend_pg || d->worker == NULL)
		return 0;
	if (final_asks >= FINAL_ASKS_MAX) {
		conn_send_error(cn, "store_unavailable", "too many requests "
		    "wait for the shared store (at most 64 final transcripts "
		    "at once); retry", m->id, m->conversation);
		return 1;
	}
	if ((f = calloc(1, sizeof(*f))) == NULL)
		goto unasked;
	f->ps = d->sbs;
	f->d = d;
	f->conn_id = cn->id;
	(void)snprintf(f->key, sizeof(f->key), "%s/%s", cn->key_name,
	    m->conversation);
	(void)snprintf(f->name, sizeof(f->name), "%s", m->conversation);
	if (m->token != NULL) {
		(void)snprintf(f->token, sizeof(f->token), "%s", m->token);
		f->has_token = 1;
	}
	if (m->id != NULL) {
		(void)snprintf(f->re, sizeof(f->re), "%s", m->id);
		f->has_re = 1;
	}
	(void)snprintf(f->format, sizeof(f->format), "%s", m->format ?
	    m->format : "");
	(void)snprintf(f->kept_id, sizeof(f->kept_id), "%s", kept_id != NULL ?
	    kept_id : "");
	if (worker_post(d->worker, final_ask_run, final_ask_done, f) == -1) {
		free(f);
		goto unasked;
	}
	final_asks++;
	conn_rx_hold(cn);
	return 1;
unasked:
	/* not "no such conversation": PostgreSQL may well have it */
	conn_send_error(cn, "store_unavailable", "the shared store cannot be "
	    "asked for the final transcript now (out of memory); retry",
	    m->id, m->conversation);
	return 1;
}
