/* SPDX-License-Identifier: ISC */
/*
 * store.c: transcripts on disk, durable and crash-safe (see STORE.md).
 *
 *	STATE/					flock'ed by the daemon (check.c)
 *	STATE/advisord.lock			the pid holding that lock
 *	STATE/journal/seg-NNNNNNNNNNNNNNNN.log	the write-ahead journal
 *	STATE/transcripts/ID.part		one conversation's records
 *	STATE/transcripts/ID.json		a signed transcript, and its
 *	STATE/transcripts/ID.json.minisig	signature and Markdown rendering
 *	STATE/transcripts/ID.md
 *
 * Every record is written twice, by the loop thread, to files that stay
 * open: as one line of the shared journal, "ID\tKIND\tDATA\n" with KIND
 * meta (who and what, with the resume token), rec (a transcript record),
 * signed (an interrupted file of the first N records is stored), seq (a
 * seq given to a message that is not recorded, a snapshot), final
 * (it ended with this status, but storing its files failed: the next start
 * stores them) or end (the final files are durable); then, for a
 * conversation that keeps one (recovered at start, the shared store's,
 * sync = end or off), to its .part file (not synced; for building the
 * file).  With sync = turn and this store a conversation begun here has
 * no .part: its transcript is read back from the journal
 * (store_journal_read, STORE.md).  The journal is what makes records
 * durable: one fdatasync, run by the worker thread (worker.c), covers the
 * records of every conversation written before it began (group commit).
 *
 * Final files are written to temporary names and synced, then renamed into
 * place (the .json last) and the directory synced, on the worker.  At start, the journal is read
 * back: every conversation without an end line was open at a crash (or
 * shutdown); its records are checked along their hash chain (a torn last
 * record is dropped) and handed to the daemon, which makes it resumable.
 * Nothing is journaled again: segments from the first open conversation's
 * on are kept, older ones deleted, and a new segment takes what follows.
 * While the daemon runs, each conversation pins the segment of its meta
 * line until its transcript is stored (store_pin); the segments below the
 * first pinned one are deleted by the next group commit (store_gc).
 */
#include <dirent.h>
#include <errno.h>
#include <stdatomic.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "advisord.h"

#define SEGMENT_MAX	(64L * 1024 * 1024)
#define JOURNAL_LINE_MAX (8L * 1024 * 1024)

/*
 * sync = turn: the journal lines of one loop iteration are kept here and
 * written with one write() at the group commit (store_sync_begin); more
 * than this many bytes waiting are written at once (a bound, not a goal).
 */
#define JOURNAL_PENDING_MAX (16L * 1024 * 1024)
#define JOURNAL_BUF_KEEP (1L * 1024 * 1024)	/* kept allocated between commits */

#define PART_FDS_MAX	1024	/* .part files kept open; more: open per write */
#define RETIRED_MAX	8	/* rotated segments waiting for their last sync */
#define WARN_EVERY	60.0	/* seconds between warnings of one failure */
#define PROBE_NAME	"ready-probe"	/* under journal/, while not ready */
#define PROBE_BYTES	512	/* written and synced by one probe */

/*
 * A failure that repeats (a disk that stays full fails every group
 * commit) is said when it begins, then at most once per WARN_EVERY
 * seconds of the loop's clock with how many were not said; the first
 * success after it says how many failed (store_warn_*).
 */
struct store_warn {
	unsigned long	 failed;	/* in a row */
	unsigned long	 unsaid;	/* of them, since the last one said */
	double		 said;		/* server_clock() of the last one said */
};

struct store {
	char	*tdir;
	char	*jdir;
	int	 sync_mode;
	int	 seg_fd;
	uint64_t seg_no;
	off_t	 seg_size;
	int	 dirty;		/* written since the last sync began */
	int	 jdir_dirty;	/* a segment was created since */
	int	 rotate;	/* a write or sync failed: next write rotates */
	int	 retired[RETIRED_MAX];	/* rotated, not yet synced and closed */
	size_t	 nretired;
	atomic_size_t nparts;	/* .part files open (loop and worker) */
	struct store_warn wcommit;	/* group commits failing */
	struct store_warn wpart;	/* .part writes failing */
	/* bytes written to files, ever; the worker adds to it too */
	atomic_ullong written;
	off_t	 seg_max;	/* rotate past this size */
	/* where the data of the last line journaled is (store_journal_last) */
	uint64_t last_seg;
	off_t	 last_off;
	/*
	 * Segments still needed: refs[i] counts the conversations whose meta
	 * line is in segment base_no + i and whose transcript is not stored
	 * for good.  Segments below the first one needed are doomed: the next
	 * group commit deletes them (store_gc).
	 */
	uint64_t base_no;
	uint32_t *refs;
	size_t	 nrefs;
	uint64_t *doomed;
	size_t	 ndoomed;
	int	 recovering;	/* store_recover() runs: no store_gc() */
	/*
	 * sync = turn: lines journaled since the last commit began, not
	 * written yet (store_journal), and the errno of a failed write of
	 * such lines, which fails the next commit (store_sync_begin).
	 */
	char	*jbuf;
	size_t	 jlen;
	size_t	 jcap;
	int	 werr;
	/*
	 * Ready (for /readyz) unless the last journal write or sync, or a
	 * .part write, failed: unready is its errno (unready_what says
	 * which), until a probe write (store_probe_*) succeeds, or, after a
	 * journal failure, a group commit of lines.  failures counts them, so that a
	 * probe begun before a failure does not end it.  Loop thread only.
	 */
	char	*sdir;
	int	 unready;
	unsigned long failures;
	int	 probing;	/* a probe is on the worker */
	const char *unready_what;	/* what could not be written */
	int	 probe_failed;	/* unready is the last probe's errno */
};

/* A probe write of a store that is not ready; run on the worker. */
struct store_probe {
	char	*path;		/* journal/ready-probe */
	char	*tpath;		/* transcripts/ready-probe */
	unsigned long failures;	/* the store's, when it was begun */
	int	 err;		/* errno of its failure, or 0 */
	const char *what;	/* what failed: STORE_JOURNAL or STORE_PART */
	int	 ran;		/* store_probe_run() ran */
	int	 at_start;	/* the start's probe, begun while ready */
};

/* What one group commit syncs; taken on the loop, run on the worker. */
struct store_sync {
	int	 fd;		/* the current segment (not closed by us) */
	int	 retired[RETIRED_MAX];	/* synced, then closed */
	size_t	 nretired;
	int	 dirsync;	/* and the journal directory */
	const char *jdir;
	uint64_t *doomed;	/* segments to delete once synced */
	size_t	 ndoomed;
	int	 err;		/* errno of the first failure, or 0 */
	int	 werr;		/* the failure was a write of the lines */
	int	 lines;		/* it covers journal lines (not only a
				 * directory, segments rotated or deleted) */
	double	 seconds;	/* how long the sync took */
};

/* One more failure of w. */
static void
store_warn_fail(struct store_warn *w)
{
	w->failed++;
	w->unsaid++;
}

/*
 * Is a failure of w to be said now?  0 when not (none is waiting, or one
 * of this run of failures was said less than WARN_EVERY seconds ago),
 * else how many failed since the last one said (this one included).
 */
static unsigned long
store_warn_due(struct store_warn *w)
{
	/* not server_now(): the worker calls this too, and ev_now() is the
	   loop thread's */
	double now = server_clock();
	unsigned long n = w->unsaid;

	if (n == 0 || (n < w->failed && now - w->said < WARN_EVERY))
		return 0;
	w->unsaid = 0;
	w->said = now;
	return n;
}

/* A success: how many failed in a row before it (0: none); w starts over. */
static unsigned long
store_warn_ok(struct store_warn *w)
{
	unsigned long n = w->failed;

	memset(w, 0, sizeof(*w));
	return n;
}

/* What could not be written, for the log and /readyz's reason. */
static const char STORE_JOURNAL[] = "the journal";
static const char STORE_PART[] = "a transcript's .part file";

/*
 * A write or sync of what (STORE_JOURNAL, STORE_PART)
 * failed with err (loop thread): not ready until a write succeeds again.
 * The change is logged, at error level, not each failure (those are
 * store_warn_*'s); when is what failed, if not a turn's write ("" else).
 */
static void
store_unready_set(struct store *s, int err, const char *what,
    const char *when)
{
	if (err == 0 || err == EAGAIN)
		return;		/* EAGAIN: the worker is behind, not the disk */
	s->failures++;
	/* error level: journalctl -p err shows it (README) */
	if (s->unready == 0)
		log_errx("state_dir: %s cannot be written (%s%s): /readyz "
		    "answers 503 until a write succeeds again (a probe write "
		    "to journal/ and transcripts/ every second)", what,
		    strerror(err), when);
	s->unready = err;
	s->unready_what = what;
	s->probe_failed = 0;
}

/*
 * A conversation's .part file could not be created or written, with err
 * (loop thread; transcript.c): as a failed journal write, the store is
 * not ready until a probe write succeeds.  A conversation in a directory
 * that cannot be written is lost as surely as in a journal that cannot.
 */
void
store_part_failed(struct store *s, int err)
{
	store_unready_set(s, err, STORE_PART, "");
}

/*
 * May a transcript's records be taken?  Not while the last probe write to
 * transcripts/ failed (at start, or while not ready after a failure
 * there), until one succeeds: a conversation whose records are kept in
 * the journal only is then refused as its .part write would have failed
 * (transcript.c).  One failed .part write alone does not refuse the
 * others: their own writes were tried, and could succeed.  Loop thread.
 */
int
store_part_ok(const struct store *s)
{
	return s->unready == 0 || s->unready_what != STORE_PART ||
	    !s->probe_failed;
}

/* A journal write made durable (loop thread): ready again, logged once. */
static void
store_ready_set(struct store *s, const char *how)
{
	if (s->unready == 0)
		return;
	s->unready = 0;
	s->probe_failed = 0;
	log_info("state_dir: writable again (%s): /readyz answers 200", how);
}

static char *
path_join(const char *dir, const char *name)
{
	char *p = NULL;

	if (asprintf(&p, "%s/%s", dir, name) < 0)
		return NULL;
	return p;
}

static int
mkdir_p(const char *path, mode_t mode)
{
	char buf[4096], *s;

	if (strlen(path) >= sizeof(buf))
		return -1;
	(void)strcpy(buf, path);
	for (s = buf + 1; *s != '\0'; s++)
		if (*s == '/') {
			*s = '\0';
			if (mkdir(buf, mode) == -1 && errno != EEXIST)
				return -1;
			*s = '/';
		}
	if (mkdir(buf, mode) == -1 && errno != EEXIST)
		return -1;
	return 0;
}

static int
fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc;

	if (fd == -1)
		return -1;
	rc = fsync(fd);
	(void)close(fd);
	return rc;
}

static int
write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Room for one line of n bytes to write: a buffer kept per thread for
 * lines up to LINE_BUF_KEEP bytes (every record was a malloc and a free
 * twice, for the journal and the .part), malloc'd beyond.  Give it back
 * with line_done() before asking again.
 */
#define LINE_BUF_KEEP	(64 * 1024)

static _Thread_local char	*line_kept;	/* LINE_BUF_KEEP, or NULL */

static char *
line_buf(size_t n)
{
	if (n > LINE_BUF_KEEP)
		return malloc(n);
	if (line_kept == NULL)
		line_kept = malloc(LINE_BUF_KEEP);
	return line_kept;
}

static void
line_done(char *p)
{
	if (p != line_kept)
		free(p);
}

/* write_all, and count what was written (store_written). */
static int
write_counted(struct store *s, int fd, const void *buf, size_t len)
{
	int rc = write_all(fd, buf, len);

	if (rc == 0)
		atomic_fetch_add(&s->written, len);
	return rc;
}

/*
 * Bytes the store has written to its files since it was opened: what the
 * state directory may have grown by since it was last measured, so that
 * max_state_bytes holds between measures (limits.c).  Any thread.
 */
unsigned long long
store_written(struct store *s)
{
	return s == NULL ? 0 : atomic_load(&s->written);
}

static void	store_gc(struct store *);

/*
 * Start segment no.  Its name is made durable by the next sync (the
 * journal directory is synced with it), before anything in it counts.
 */
static int
segment_open(struct store *s, uint64_t no)
{
	char name[64], *path;

	(void)snprintf(name, sizeof(name), "seg-%016llx.log",
	    (unsigned long long)no);
	if ((path = path_join(s->jdir, name)) == NULL)
		return -1;
	if (no >= s->base_no + s->nrefs) {
		size_t n = (size_t)(no - s->base_no) + 1;
		uint32_t *r = realloc(s->refs, n * sizeof(*r));

		if (r == NULL) {
			free(path);
			return -1;
		}
		memset(r + s->nrefs, 0, (n - s->nrefs) * sizeof(*r));
		s->refs = r;
		s->nrefs = n;
	}
	s->seg_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
	    0600);
	free(path);
	if (s->seg_fd == -1)
		return -1;
	s->seg_no = no;
	s->seg_size = 0;
	/* a segment that exists already (never expected): offsets from its
	 * end, which O_APPEND writes to, so that store_journal_last holds */
	{
		struct stat sb;

		if (fstat(s->seg_fd, &sb) == 0)
			s->seg_size = sb.st_size;
	}
	s->jdir_dirty = 1;
	return 0;
}

/*
 * Move on to the next segment: the current one is synced and closed by
 * the next group commit (it may be being synced right now).  After a
 * failed write or sync the old segment's tail is suspect; recovery reads
 * a segment up to its first torn line.
 */
static int
segment_rotate(struct store *s)
{
	struct stat sb;

	/*
	 * Nothing of the segment is on disk (a full disk refused its first
	 * write whole): no torn line to leave behind, so it is kept.  A
	 * new one per failed commit left a file for every refused turn and
	 * hello for as long as the disk stayed full (review h27).  Its
	 * name is synced again with the next commit.
	 */
	if (s->seg_fd != -1 && s->seg_size <= s->seg_max &&
	    fstat(s->seg_fd, &sb) == 0 && sb.st_size == 0) {
		s->seg_size = 0;
		s->rotate = 0;
		s->jdir_dirty = 1;
		return 0;
	}
	if (s->nretired == RETIRED_MAX) {
		errno = EAGAIN;		/* the worker is far behind */
		return -1;
	}
	if (s->sync_mode == SYNC_OFF)
		(void)close(s->seg_fd);
	else
		s->retired[s->nretired++] = s->seg_fd;
	s->seg_fd = -1;
	if (segment_open(s, s->seg_no + 1) == -1)
		return -1;
	s->rotate = 0;
	store_gc(s);
	return 0;
}

/*
 * Doom the segments below the first one a conversation still needs (the
 * current one is always kept).  Their deletion rides on the next group
 * commit, after its sync: by then the end lines of the conversations they
 * held are durable.  Without it the journal would grow for as long as
 * the daemon runs.  Out of memory: they are deleted at the next start.
 */
static void
store_gc(struct store *s)
{
	uint64_t *x;
	size_t k = 0;

	if (s->recovering)
		return;
	while (k + 1 < s->nrefs && s->base_no + k < s->seg_no &&
	    s->refs[k] == 0)
		k++;
	if (k == 0 || (x = realloc(s->doomed, (s->ndoomed + k) *
	    sizeof(*x))) == NULL)
		return;
	s->doomed = x;
	while (k-- > 0) {
		s->doomed[s->ndoomed++] = s->base_no++;
		memmove(s->refs, s->refs + 1, --s->nrefs * sizeof(*s->refs));
	}
}

/*
 * A conversation's meta line was just journaled: the current segment must
 * stay until store_unpin() of the number returned.
 */
uint64_t
store_pin(struct store *s)
{
	if (s->seg_no >= s->base_no && s->seg_no - s->base_no < s->nrefs)
		s->refs[s->seg_no - s->base_no]++;
	return s->seg_no;
}

/* Its transcript is stored for good (its end line journaled). */
void
store_unpin(struct store *s, uint64_t no)
{
	if (no >= s->base_no && no - s->base_no < s->nrefs &&
	    s->refs[no - s->base_no] > 0) {
		s->refs[no - s->base_no]--;
		store_gc(s);
	}
}

/*
 * Open the store under state_dir (creating it, mode 0700; the caller
 * holds its lock, check.c).  Returns NULL after logging why.
 */
struct store *
store_open(const char *state_dir, int sync_mode)
{
	struct store *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	s->seg_fd = -1;
	s->sync_mode = sync_mode;
	s->seg_max = SEGMENT_MAX;
	/* tests: small segments, to see rotation and deletion happen */
	if (getenv("ADVISORD_SEGMENT_BYTES") != NULL &&
	    atol(getenv("ADVISORD_SEGMENT_BYTES")) >= 4096)
		s->seg_max = atol(getenv("ADVISORD_SEGMENT_BYTES"));
	if ((s->sdir = strdup(state_dir)) == NULL ||
	    (s->tdir = path_join(state_dir, "transcripts")) == NULL ||
	    (s->jdir = path_join(state_dir, "journal")) == NULL) {
		log_warn("state directory %s", state_dir);
		store_close(s);
		return NULL;
	}
	/* name the directory that failed: "/proc: No such file or
	 * directory" hid that /proc/transcripts could not be made */
	if (mkdir_p(state_dir, 0700) == -1 ||
	    (sync_mode != SYNC_OFF && fsync_dir(state_dir) == -1)) {
		log_warn("state directory %s", state_dir);
		store_close(s);
		return NULL;
	}
	if (mkdir_p(s->tdir, 0700) == -1 || mkdir_p(s->jdir, 0700) == -1) {
		log_warn("state directory %s: cannot create %s", state_dir,
		    access(s->tdir, F_OK) == -1 ? s->tdir : s->jdir);
		store_close(s);
		return NULL;
	}
	return s;
}

/* Sync what is left (the worker must be idle) and close. */
void
store_close(struct store *s)
{
	size_t i;

	if (s == NULL)
		return;
	if (s->seg_fd != -1 || s->nretired > 0)
		(void)store_sync(s);
	for (i = 0; i < s->nretired; i++)
		(void)close(s->retired[i]);
	if (s->seg_fd != -1)
		(void)close(s->seg_fd);
	free(s->refs);
	free(s->doomed);
	free(s->jbuf);
	free(s->sdir);
	free(s->tdir);
	free(s->jdir);
	free(s);
}

const char *
store_dir(struct store *s)
{
	return s->tdir;
}

/*
 * A failed write of lines lost the end lines among them (buf, len bytes of
 * whole lines): said per conversation, as when an end line's own write
 * failed.  The files were stored; recovery finds them (STORE.md).
 */
static void
journal_lost_ends(const char *buf, size_t len)
{
	const char *p = buf, *e = buf + len, *nl, *t;

	for (; p < e && (nl = memchr(p, '\n', (size_t)(e - p))) != NULL;
	    p = nl + 1)
		if ((t = memchr(p, '\t', (size_t)(nl - p))) != NULL &&
		    nl - t >= 5 && memcmp(t, "\tend\t", 5) == 0)
			log_warnx("transcript %.*s: journaling its end failed; "
			    "its stored transcript is found at the next start",
			    (int)(t - p), p);
}

/*
 * Write the lines waiting for the commit to the current segment, in one
 * write().  On failure the lines are dropped, the segment abandoned (the
 * next line goes to a new one) and the errno kept for the next commit,
 * which then fails: every record since the last good sync is lost, as
 * after a failed sync.
 */
static int
journal_flush(struct store *s)
{
	int rc = 0;

	if (s->jlen == 0)
		return 0;
	if (write_counted(s, s->seg_fd, s->jbuf, s->jlen) == -1) {
		if (s->werr == 0)
			s->werr = errno != 0 ? errno : EIO;
		s->rotate = 1;
		journal_lost_ends(s->jbuf, s->jlen);
		rc = -1;
	}
	s->jlen = 0;
	if (s->jcap > JOURNAL_BUF_KEEP) {
		free(s->jbuf);
		s->jbuf = NULL;
		s->jcap = 0;
	}
	return rc;
}

/*
 * Append "id\tkind\tdata\n" to the journal.  The line is durable once
 * a sync begun after this returns has ended well.  With sync = turn the
 * line waits in memory and is written with the others of its group
 * commit, in one write(), when it begins (store_sync_begin): a failed
 * write fails that commit, not this call.  Otherwise it is written now,
 * in one write(), and a failure is returned here.  On a failed or short
 * write the segment is abandoned (the next line goes to a new one), so a
 * torn line is always a segment's last.
 */
int
store_journal(struct store *s, const char *id, const char *kind,
    const char *data, size_t len)
{
	size_t il = strlen(id), kl = strlen(kind), n = il + kl + len + 3;
	char *line;
	int rc;

	if (len > JOURNAL_LINE_MAX) {
		errno = EFBIG;
		return -1;
	}
	/*
	 * At the bound, the lines waiting are written first: a failed write
	 * then abandons the segment (s->rotate) before this line is counted
	 * in it, so that no line follows a torn one in a segment.
	 */
	if (s->sync_mode == SYNC_TURN && s->jlen > 0 &&
	    s->jlen + n > (size_t)JOURNAL_PENDING_MAX)
		(void)journal_flush(s);
	if (s->seg_fd == -1 || s->rotate || s->seg_size > s->seg_max) {
		/* the lines waiting belong to the segment they were counted in */
		(void)journal_flush(s);
		if (segment_rotate(s) == -1) {
			int e = errno;

			store_unready_set(s, e, STORE_JOURNAL, "");
			errno = e;
			return -1;
		}
	}
	if (s->sync_mode == SYNC_TURN) {
		if (s->jlen + n > s->jcap) {
			size_t cap = s->jcap ? s->jcap : 64 * 1024;
			char *x;

			while (cap < s->jlen + n)
				cap *= 2;
			if ((x = realloc(s->jbuf, cap)) == NULL)
				return -1;
			s->jbuf = x;
			s->jcap = cap;
		}
		line = s->jbuf + s->jlen;
	} else if ((line = line_buf(n)) == NULL)
		return -1;
	memcpy(line, id, il);
	line[il] = '\t';
	memcpy(line + il + 1, kind, kl);
	line[il + 1 + kl] = '\t';
	memcpy(line + il + kl + 2, data, len);
	line[n - 1] = '\n';
	s->dirty = 1;
	s->last_seg = s->seg_no;
	s->last_off = s->seg_size + (off_t)(il + kl + 2);
	if (s->sync_mode == SYNC_TURN) {
		s->jlen += n;
		s->seg_size += (off_t)n;
		return 0;
	}
	rc = write_counted(s, s->seg_fd, line, n);
	line_done(line);
	if (rc == 0)
		s->seg_size += (off_t)n;
	else {
		int e = errno;

		s->rotate = 1;
		store_unready_set(s, e, STORE_JOURNAL, "");
		errno = e;
	}
	return rc;
}

/*
 * Where the data of the line store_journal() took last is: segment
 * number and byte offset in it (the line is there once a sync begun
 * after that call ended well).  -1 (ERANGE) for a segment numbered past
 * what a struct store_loc holds (2^32 segments: never reached).  Loop
 * thread.
 */
int
store_journal_last(const struct store *s, struct store_loc *loc)
{
	if (s->last_seg > UINT32_MAX) {
		errno = ERANGE;
		return -1;
	}
	loc->seg = (uint32_t)s->last_seg;
	loc->off = (uint64_t)s->last_off;
	return 0;
}

/*
 * Records read back from the journal: the data of the n lines at v (each
 * followed there by its newline), one after another, each with its
 * newline, until want bytes; a malloc'd buffer of want + extra + 1 bytes
 * (the caller appends up to extra bytes), NUL after the want bytes.  NULL
 * with errno set (EIO: a line is not where v says, or ends early) if they
 * cannot be read.  Only lines made durable by a sync that ended well are
 * read (the segments a conversation needs are kept: store_pin).  Safe on
 * the worker: it opens each segment by name, read-only.
 */
char *
store_journal_read(struct store *s, const struct store_loc *v, size_t n,
    size_t want, size_t extra)
{
	char name[64], *path, *buf;
	uint64_t open_seg = 0;
	size_t got = 0, i;
	ssize_t r;
	int fd = -1, e;

	if ((buf = malloc(want + extra + 1)) == NULL)
		return NULL;
	for (i = 0; i < n && got < want; i++) {
		size_t len = (size_t)v[i].len + 1;

		if (len > want - got)
			break;
		if (fd == -1 || open_seg != v[i].seg) {
			if (fd != -1)
				(void)close(fd);
			(void)snprintf(name, sizeof(name), "seg-%016llx.log",
			    (unsigned long long)v[i].seg);
			if ((path = path_join(s->jdir, name)) == NULL)
				goto fail;
			fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
			free(path);
			if (fd == -1)
				goto fail;
			open_seg = v[i].seg;
		}
		/* the record and the newline that ends its line */
		if ((r = pread(fd, buf + got, len, (off_t)v[i].off)) !=
		    (ssize_t)len || buf[got + len - 1] != '\n') {
			errno = EIO;
			goto fail;
		}
		got += len;
	}
	if (got != want) {
		errno = EIO;
		goto fail;
	}
	if (fd != -1)
		(void)close(fd);
	buf[want] = '\0';
	return buf;
fail:
	e = errno;
	if (fd != -1)
		(void)close(fd);
	free(buf);
	errno = e != 0 ? e : EIO;
	return NULL;
}

/* Has anything been written that no sync has begun to cover? */
int
store_dirty(const struct store *s)
{
	return (s->sync_mode != SYNC_OFF && (s->dirty || s->jdir_dirty ||
	    s->nretired > 0 || s->jlen > 0 || s->werr != 0)) ||
	    s->ndoomed > 0;
}

/*
 * Begin a group commit on the loop thread: write the lines waiting for it
 * (sync = turn) in one write(), and say what store_sync_run() must make
 * durable.  A failed write (now, or of lines written early: a rotation,
 * the bound) fails this commit: store_sync_end() returns -1.  Returns
 * NULL when there is nothing to do (or no memory: then the store stays
 * dirty and a later call tries again).
 */
struct store_sync *
store_sync_begin(struct store *s)
{
	struct store_sync *ss;

	if (!store_dirty(s) || (ss = calloc(1, sizeof(*ss))) == NULL)
		return NULL;
	ss->jdir = s->jdir;
	ss->doomed = s->doomed;
	ss->ndoomed = s->ndoomed;
	s->doomed = NULL;
	s->ndoomed = 0;
	ss->fd = -1;
	if (s->sync_mode == SYNC_OFF)
		return ss;	/* only deletions */
	ss->lines = s->dirty;
	(void)journal_flush(s);
	ss->err = s->werr;
	ss->werr = s->werr != 0;
	s->werr = 0;
	ss->fd = s->seg_fd;
	memcpy(ss->retired, s->retired, sizeof(s->retired));
	ss->nretired = s->nretired;
	ss->dirsync = s->jdir_dirty;
	s->nretired = 0;
	s->dirty = s->jdir_dirty = 0;
	return ss;
}

/*
 * The sync itself, on the worker: rotated segments first (then closed),
 * the current one, and the directory when a segment was created.  Every
 * step runs even after one failed, so that the fds are closed.
 */
void
store_sync_run(struct store_sync *ss)
{
	struct timespec t0, t1;
	size_t i;

	(void)clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < ss->nretired; i++) {
		if (fdatasync(ss->retired[i]) == -1 && ss->err == 0)
			ss->err = errno;
		(void)close(ss->retired[i]);
	}
	if (ss->fd != -1 && fdatasync(ss->fd) == -1 && ss->err == 0)
		ss->err = errno;
	if (ss->dirsync && fsync_dir(ss->jdir) == -1 && ss->err == 0)
		ss->err = errno;
	/* not after a failure: the next start decides what is needed */
	for (i = 0; i < ss->ndoomed && ss->err == 0; i++) {
		char name[64], *path;

		(void)snprintf(name, sizeof(name), "seg-%016llx.log",
		    (unsigned long long)ss->doomed[i]);
		if ((path = path_join(ss->jdir, name)) != NULL) {
			if (unlink(path) == -1 && errno != ENOENT)
				log_warn("journal: cannot remove %s", path);
			free(path);
		}
	}
	(void)clock_gettime(CLOCK_MONOTONIC, &t1);
	ss->seconds = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
}

/* How long a finished sync took, in seconds (for metrics). */
double
store_sync_seconds(const struct store_sync *ss)
{
	return ss->seconds;
}

/*
 * End a group commit on the loop thread.  Returns 0 when everything
 * journaled before store_sync_begin() is durable, or -1 with errno (a
 * failed write of the commit's lines, or a failed sync).  A failed
 * fdatasync is not retried: after a write-back error the kernel may
 * report success for data it lost, so the segment is abandoned and the
 * caller must treat every record since the last good sync as lost.
 * Failures in a row are logged as store_warn_due() says, and the first
 * success after them once.
 */
int
store_sync_end(struct store *s, struct store_sync *ss)
{
	int err = ss->err, werr = ss->werr, lines = ss->lines;
	unsigned long n;
	char more[80];

	free(ss->doomed);
	free(ss);
	if (err == 0) {
		/* only lines made durable say the journal works again */
		if (lines && (n = store_warn_ok(&s->wcommit)) > 0)
			log_info("journal: group commits succeed again after "
			    "%lu failed", n);
		/* a .part that failed is seen again only by a probe */
		if (lines && s->unready_what == STORE_JOURNAL)
			store_ready_set(s, "a group commit succeeded");
		return 0;
	}
	store_warn_fail(&s->wcommit);
	if ((n = store_warn_due(&s->wcommit)) > 0) {
		more[0] = '\0';
		if (n > 1)
			(void)snprintf(more, sizeof(more), " (%lu failed "
			    "group commits since the last warning)", n);
		errno = err;
		/* its conversations were ended: error level, as above */
		log_err("journal: %s failed; the records since the last "
		    "good sync are treated as lost%s", werr ? "write" : "sync",
		    more);
	}
	s->rotate = 1;
	s->jdir_dirty = 1;
	store_unready_set(s, err, STORE_JOURNAL, "");
	errno = err;
	return -1;
}

/* A whole sync on the calling thread (start-up, shutdown, tools). */
int
store_sync(struct store *s)
{
	struct store_sync *ss = store_sync_begin(s);

	if (ss == NULL)
		return 0;
	store_sync_run(ss);
	return store_sync_end(s, ss);
}

/*
 * Can the state directory be written (for /readyz)?  No from a failed
 * journal write or sync (store_journal, store_sync_end) or .part write
 * (store_part_failed) until a write succeeds again: a probe
 * (store_probe_begin), or after a journal failure a group commit of lines.
 */
int
store_ready(const struct store *s)
{
	return s->unready == 0;
}

/* Why store_ready() says no, into buf (size len): "" when it does not. */
void
store_unready_why(const struct store *s, char *buf, size_t len)
{
	if (s->unready == 0)
		(void)snprintf(buf, len, "%s", "");
	else
		(void)snprintf(buf, len, "%s cannot be written: %s "
		    "(state_dir %s%s)", s->unready_what != NULL ?
		    s->unready_what : STORE_JOURNAL, strerror(s->unready),
		    s->sdir, s->probe_failed ? "; the probe write to journal/"
		    PROBE_NAME " and transcripts/" PROBE_NAME " fails with it" :
		    "");
}

/*
 * While the store is not ready, a probe write to post to the worker
 * (store_probe_run), one at a time: NULL when ready, when one is on the
 * worker, or without memory.  The caller (the housekeeping tick) bounds
 * them to one a second.  Without a probe a store that is not ready would
 * stay so once a balancer stops sending it turns.  With at_start, one
 * even while ready: the start's, so that a state directory that cannot
 * be written (a disk full before the start) says so on /readyz before a
 * turn fails on it (review h26), not after.
 */
struct store_probe *
store_probe_begin(struct store *s, int at_start)
{
	struct store_probe *p;

	if ((s->unready == 0 && !at_start) || s->probing ||
	    (p = calloc(1, sizeof(*p))) == NULL)
		return NULL;
	if ((p->path = path_join(s->jdir, PROBE_NAME)) == NULL ||
	    (p->tpath = path_join(s->tdir, PROBE_NAME)) == NULL) {
		free(p->path);
		free(p);
		return NULL;
	}
	p->failures = s->failures;
	p->at_start = at_start;
	s->probing = 1;
	return p;
}

/*
 * Create path, write PROBE_BYTES, fdatasync, remove: 0, or an errno.
 * Whatever is at that name first (one left by a crash mid-probe, a
 * symbolic link, a named pipe, an empty directory) is removed, never
 * followed or opened: the probe creates a new regular file (O_EXCL), so
 * that nothing left there keeps the store unready for good (EISDIR,
 * ELOOP) or blocks the worker (open() of a pipe with no reader: review
 * h26).
 */
static int
store_probe_file(const char *path)
{
	char buf[PROBE_BYTES];
	int fd, err = 0;

	memset(buf, '\n', sizeof(buf));
	if (unlink(path) == -1 && (errno == EISDIR || errno == EPERM))
		(void)rmdir(path);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_NONBLOCK | O_CLOEXEC, 0600)) == -1)
		return errno != 0 ? errno : EIO;
	if (write_all(fd, buf, sizeof(buf)) == -1 || fdatasync(fd) == -1)
		err = errno != 0 ? errno : EIO;
	(void)close(fd);
	(void)unlink(path);
	return err;
}

/*
 * On the worker: a probe file written, synced and removed in journal/,
 * then in transcripts/ (a turn writes both); p->err is the errno of the
 * first step that failed, else 0.
 */
void
store_probe_run(struct store_probe *p)
{
	p->ran = 1;
	p->what = STORE_JOURNAL;
	if ((p->err = store_probe_file(p->path)) == 0) {
		p->what = STORE_PART;
		p->err = store_probe_file(p->tpath);
	}
}

/*
 * Back on the loop: a probe that succeeded makes the store ready (unless
 * a journal write failed since it began), one that failed keeps its
 * errno as the reason (the start's, begun while ready, makes the store
 * not ready, logged as any failure); one that did not run (the worker
 * refused it) changes nothing.  Frees p; returns store_ready().
 */
int
store_probe_end(struct store *s, struct store_probe *p)
{
	s->probing = 0;
	if (p->ran && p->failures == s->failures && p->err != 0 &&
	    s->unready == 0 && p->at_start) {
		store_unready_set(s, p->err, p->what, "; the probe write at "
		    "start");
		s->probe_failed = 1;
	} else if (p->ran && p->failures == s->failures && s->unready != 0) {
		if (p->err == 0)
			store_ready_set(s, "a probe write succeeded");
		else {
			s->unready = p->err;
			s->probe_failed = 1;
		}
	}
	free(p->path);
	free(p->tpath);
	free(p);
	return store_ready(s);
}

static int
part_open(struct store *s, const char *id, int flags)
{
	char name[256], *path;
	int fd;

	(void)snprintf(name, sizeof(name), "%s.part", id);
	if ((path = path_join(s->tdir, name)) == NULL)
		return -1;
	/* a symlink planted here is never written through */
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | flags,
	    0600);
	free(path);
	return fd;
}

/*
 * Append len bytes of whole records (each ending in a newline) to
 * conversation id's .part file, kept open in *fdp while fewer than
 * PART_FDS_MAX are (else opened per write), in one write().  good is the
 * length of the file's records so far: after a failed write the file is
 * cut back to it, and readers never look past it anyway, so a failed
 * write leaves no orphan record.  A failure is counted for
 * store_part_warn(); the first success after failures is logged.  Called
 * on one thread only: the worker when replies wait for a commit
 * (transcript.c, part_batched()), else the loop.
 */
int
store_part_write(struct store *s, const char *id, int *fdp, off_t good,
    const char *data, size_t len)
{
	int fd = *fdp, rc, e;
	unsigned long n;

	if (fd == -1) {
		if ((fd = part_open(s, id, O_APPEND)) == -1) {
			store_warn_fail(&s->wpart);
			return -1;
		}
		if (atomic_fetch_add(&s->nparts, 1) < PART_FDS_MAX)
			*fdp = fd;
		else
			atomic_fetch_sub(&s->nparts, 1);
	}
	rc = write_counted(s, fd, data, len);
	e = errno;
	if (rc == -1) {
		(void)ftruncate(fd, good);
		store_warn_fail(&s->wpart);
	} else if ((n = store_warn_ok(&s->wpart)) > 0)
		log_info("transcripts: .part files: writes succeed again after "
		    "%lu failed", n);
	if (*fdp != fd)
		(void)close(fd);
	errno = e;
	return rc;
}

/*
 * After a failed store_part_write(): is it to be logged?  0 when not
 * (one was, less than WARN_EVERY seconds ago), else how many failed since
 * the last one logged, this one included.
 */
unsigned long
store_part_warn(struct store *s)
{
	return store_warn_due(&s->wpart);
}

/* store_part_write() of one record, given without its newline. */
int
store_part_append(struct store *s, const char *id, int *fdp, off_t good,
    const char *data, size_t len)
{
	char *buf;
	int rc, e;

	if ((buf = line_buf(len + 1)) == NULL)
		return -1;
	memcpy(buf, data, len);
	buf[len] = '\n';
	rc = store_part_write(s, id, fdp, good, buf, len + 1);
	e = errno;
	line_done(buf);
	errno = e;
	return rc;
}

void
store_part_close(struct store *s, int *fdp)
{
	if (*fdp == -1)
		return;
	(void)close(*fdp);
	*fdp = -1;
	atomic_fetch_sub(&s->nparts, 1);
}

/* The largest file read_file() reads whole: a segment rotates at 64 MiB. */
#define READ_FILE_MAX	(256 * 1024 * 1024)

/*
 * The whole regular file at path (not followed if a link, never waited
 * for), NUL-terminated, its length in *lenp; NULL with errno set if it
 * cannot be read: EINVAL when it is not a regular file, EFBIG when it is
 * over READ_FILE_MAX.  The caller frees it.
 */
static char *
read_file(const char *path, size_t *lenp)
{
	struct stat sb;
	char *buf;
	/* O_NONBLOCK: a named pipe there must not stop the start */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	ssize_t n;
	size_t got = 0;

	if (fd == -1)
		return NULL;
	if (fstat(fd, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		(void)close(fd);
		errno = EINVAL;	/* the caller says "not a regular file" */
		return NULL;
	}
	if (fstat(fd, &sb) == 0 && sb.st_size > READ_FILE_MAX) {
		(void)close(fd);
		errno = EFBIG;	/* the caller names READ_FILE_MAX */
		return NULL;
	}
	if (fstat(fd, &sb) == -1 ||
	    (buf = malloc((size_t)sb.st_size + 1)) == NULL) {
		int e = errno;

		(void)close(fd);
		errno = e;
		return NULL;
	}
	while (got < (size_t)sb.st_size &&
	    (n = read(fd, buf + got, (size_t)sb.st_size - got)) > 0)
		got += (size_t)n;
	(void)close(fd);
	buf[got] = '\0';
	*lenp = got;
	return buf;
}

/*
 * The first len bytes of conversation id's .part (its good records), as a
 * malloc'd string; NULL if the file is shorter or unreadable.  No file is
 * an empty one: a conversation that ends in the loop iteration of its
 * first record (an open and an end read at once) has all of its records
 * in the tail that parts_flush() (transcript.c) had not written yet.
 * Safe on the worker.
 */
char *
store_part_read(struct store *s, const char *id, size_t len)
{
	char name[256], *path, *buf;
	size_t got = 0;
	ssize_t n;
	int fd;

	(void)snprintf(name, sizeof(name), "%s.part", id);
	if ((path = path_join(s->tdir, name)) == NULL)
		return NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	free(path);
	if (fd == -1 && errno == ENOENT && len == 0)
		return calloc(1, 1);
	if (fd == -1)
		return NULL;
	if ((buf = malloc(len + 1)) != NULL)
		while (got < len && (n = pread(fd, buf + got, len - got,
		    (off_t)got)) > 0)
			got += (size_t)n;
	(void)close(fd);
	if (buf == NULL || got < len) {
		free(buf);
		errno = EIO;
		return NULL;
	}
	buf[len] = '\0';
	return buf;
}

/*
 * Write name's contents to a temporary file in the transcripts directory
 * and sync it; *tmpp its path (malloc'd), for put_rename.
 */
static int
put_tmp(struct store *s, const char *name, const char *data, size_t len,
    char **tmpp)
{
	char tmpname[300], *tmp;
	int fd, rc = -1;

	(void)snprintf(tmpname, sizeof(tmpname), ".%s.tmp.%ld", name,
	    (long)getpid());
	*tmpp = NULL;
	if ((tmp = path_join(s->tdir, tmpname)) == NULL)
		return -1;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
	    0600);
	if (fd != -1) {
		rc = write_counted(s, fd, data, len);
		if (rc == 0 && s->sync_mode != SYNC_OFF)
			rc = fsync(fd);
		if (close(fd) == -1)
			rc = -1;
		if (rc == -1) {
			int e = errno;

			(void)unlink(tmp);
			errno = e;
		}
	}
	if (rc == -1)
		free(tmp);
	else
		*tmpp = tmp;
	return rc;
}

/* Rename the temporary file tmp (taken) into place as name. */
static int
put_rename(struct store *s, char *tmp, const char *name)
{
	char *final = path_join(s->tdir, name);
	int rc = -1, e;

	if (final != NULL)
		rc = rename(tmp, final);
	e = errno;
	if (rc == -1)
		(void)unlink(tmp);
	free(final);
	free(tmp);
	errno = e;
	return rc;
}

/*
 * Store a conversation's signed transcript, as a set: the file, its
 * signature, the Markdown (md may be NULL) and, for a final transcript,
 * its owner file ID.final (owner may be NULL: what finals.c indexes it
 * by at the next start) are each written to a temporary file and synced
 * first (where a full disk or an I/O error strikes); only then are they
 * renamed into place, the .json last, and the directory synced.  A failure before the renames leaves the stored
 * files as they were; the .json is never in place without its signature
 * (it was, when the signature's write failed after the .json's rename).
 * Safe on the worker.  Returns 0 when all of it is durable.
 */
int
store_put(struct store *s, const char *id, const char *json, size_t jlen,
    const char *sig, const char *md, const char *owner)
{
	char name[4][256], *tmp[4] = { NULL, NULL, NULL, NULL };
	int i, rc = 0, e;

	(void)snprintf(name[0], sizeof(name[0]), "%s.json.minisig", id);
	(void)snprintf(name[1], sizeof(name[1]), "%s.md", id);
	(void)snprintf(name[2], sizeof(name[2]), "%s.final", id);
	(void)snprintf(name[3], sizeof(name[3]), "%s.json", id);
	if (put_tmp(s, name[0], sig, strlen(sig), &tmp[0]) == -1 ||
	    (md != NULL && put_tmp(s, name[1], md, strlen(md), &tmp[1]) ==
	    -1) || (owner != NULL && put_tmp(s, name[2], owner,
	    strlen(owner), &tmp[2]) == -1) ||
	    put_tmp(s, name[3], json, jlen, &tmp[3]) == -1) {
		e = errno;
		for (i = 0; i < 4; i++)
			if (tmp[i] != NULL) {
				(void)unlink(tmp[i]);
				free(tmp[i]);
			}
		errno = e;
		return -1;
	}
	for (i = 0; i < 4; i++)
		if (tmp[i] != NULL && rc == 0)
			rc = put_rename(s, tmp[i], name[i]);
		else if (tmp[i] != NULL) {
			(void)unlink(tmp[i]);
			free(tmp[i]);
		}
	if (rc == -1)
		return -1;
	if (s->sync_mode != SYNC_OFF && fsync_dir(s->tdir) == -1)
		return -1;
	return 0;
}

/*
 * The stored file name of the transcripts directory, whole (at most max
 * bytes), NUL-terminated; *lenp its length.  NULL with errno (ENOENT: not
 * there; EFBIG: larger than max; ELOOP: a symbolic link; EINVAL: not a
 * regular file).  malloc'd.  Only a regular file is read, and the open
 * never waits: a named pipe there (no writer) hung the start (the index
 * reads each signature) or the loop (a user's fetch), review h26.
 */
char *
store_get(struct store *s, const char *name, size_t max, size_t *lenp)
{
	struct stat sb;
	char *path, *buf = NULL;
	size_t got = 0;
	ssize_t n;
	int fd;

	if ((path = path_join(s->tdir, name)) == NULL)
		return NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	free(path);
	if (fd == -1)
		return NULL;
	if (fstat(fd, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		(void)close(fd);
		errno = EINVAL;
		return NULL;
	}
	if (fstat(fd, &sb) == -1 || (size_t)sb.st_size > max) {
		(void)close(fd);
		errno = EFBIG;
		return NULL;
	}
	if ((buf = malloc((size_t)sb.st_size + 1)) != NULL)
		while (got < (size_t)sb.st_size && (n = read(fd, buf + got,
		    (size_t)sb.st_size - got)) > 0)
			got += (size_t)n;
	(void)close(fd);
	if (buf == NULL || got < (size_t)sb.st_size) {
		free(buf);
		errno = EIO;
		return NULL;
	}
	buf[got] = '\0';
	*lenp = got;
	return buf;
}

/* The .part of a conversation whose transcript is stored.  Worker-safe. */
void
store_part_remove(struct store *s, const char *id)
{
	char name[256], *path;

	(void)snprintf(name, sizeof(name), "%s.part", id);
	if ((path = path_join(s->tdir, name)) != NULL) {
		(void)unlink(path);
		free(path);
	}
}

/* ---- recovery ------------------------------------------------------ */

#define RHASH_SIZE	16384	/* buckets of the recovery's conversation table */

struct rconv {
	struct rconv	*next;		/* in its bucket */
	struct rconv	*all;		/* every one, in order of appearance */
	const char	*id;		/* these point into the segments read */
	const char	*meta;
	char		**recs;
	size_t		 nrecs;
	size_t		 cap;
	size_t		 first_seg;	/* where its meta line is */
	long long	 signed_n;	/* records an interrupted file holds */
	const char	*final;		/* "final" line: the status it ended as */
	uint64_t	 seq_used;	/* greatest "seq" line: a seq not recorded */
	const char	*meta_again;	/* the last second meta line */
	size_t		 again;		/* records before a second meta line */
	size_t		 again_seg;	/* and that meta line's segment */
	int		 remeta;	/* a second meta line was seen */
	int		 ended;
};

struct recovery {
	struct rconv	*bucket[RHASH_SIZE];
	struct rconv	*all;
	struct rconv	**tail;
	char		**bufs;		/* the segments' contents */
	size_t		 nbufs;
};

/*
 * Is id one transcript_id could have made ([A-Za-z0-9._-], not starting
 * with a dot)?  It is used as a file name in the transcripts directory:
 * anything else (a "/", "..") could reach outside it.
 */
int
store_id_ok(const char *id)
{
	if (id[0] == '\0' || id[0] == '.' || strlen(id) > 200)
		return 0;
	return id[strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789._-")] == '\0';
}

static struct rconv *
rconv_get(struct recovery *rv, const char *id, size_t seg)
{
	uint64_t h = 1469598103934665603ULL;
	const char *k;
	struct rconv *r;

	for (k = id; *k != '\0'; k++) {
		h ^= (unsigned char)*k;
		h *= 1099511628211ULL;
	}
	for (r = rv->bucket[h % RHASH_SIZE]; r != NULL; r = r->next)
		if (strcmp(r->id, id) == 0)
			return r;
	if ((r = calloc(1, sizeof(*r))) == NULL)
		return NULL;
	r->id = id;
	r->first_seg = seg;
	r->signed_n = -1;
	r->next = rv->bucket[h % RHASH_SIZE];
	rv->bucket[h % RHASH_SIZE] = r;
	*rv->tail = r;
	rv->tail = &r->all;
	return r;
}

static int
seg_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Read one segment's lines into the per-conversation lists.  The lines
 * stay in the segment's buffer (kept in rv), cut into strings in place.
 */
static void
recover_segment(const char *path, struct recovery *rv, size_t seg, int last)
{
	size_t len, lineno = 0;
	char *buf = read_file(path, &len), *p, *end, **x;

	if (buf == NULL) {
		if (errno == EFBIG)
			log_warnx("journal: %s is larger than %d MiB, the most "
			    "a segment may hold to be read at start; its lines "
			    "are not recovered", path, READ_FILE_MAX >> 20);
		else if (errno == EINVAL)
			log_warnx("journal: %s is not a regular file; skipped",
			    path);
		else
			log_warn("journal: cannot read %s", path);
		return;
	}
	if ((x = realloc(rv->bufs, (rv->nbufs + 1) * sizeof(*x))) == NULL) {
		free(buf);
		return;
	}
	rv->bufs = x;
	rv->bufs[rv->nbufs++] = buf;
	for (p = buf, end = buf + len; p < end;) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *t1, *t2;
		struct rconv *r;

		lineno++;
		if (nl == NULL) {
			/* a torn last write: dropped, never acknowledged */
			if (!last)
				log_warnx("journal: %s: unterminated line %zu "
				    "not at the end", path, lineno);
			break;
		}
		*nl = '\0';
		t1 = strchr(p, '\t');
		t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
		if (t1 == NULL || t2 == NULL) {
			log_warnx("journal: %s:%zu: malformed line skipped",
			    path, lineno);
			p = nl + 1;
			continue;
		}
		*t1 = *t2 = '\0';
		if (!store_id_ok(p)) {
			/* a name from the journal becomes a file name */
			log_warnx("journal: %s:%zu: invalid conversation id "
			    "skipped", path, lineno);
			p = nl + 1;
			continue;
		}
		if ((r = rconv_get(rv, p, seg)) != NULL) {
			if (strcmp(t1 + 1, "meta") == 0) {
				/*
				 * Journals of older daemons journaled a
				 * recovered conversation again, meta first:
				 * the later copy is the one to keep, if it
				 * has records (store_recover decides).
				 */
				if (r->meta != NULL) {
					r->remeta = 1;
					r->again = r->nrecs;
					r->again_seg = seg;
					r->meta_again = t2 + 1;
				} else
					r->meta = t2 + 1;
			} else if (strcmp(t1 + 1, "end") == 0)
				r->ended = 1;
			else if (strcmp(t1 + 1, "final") == 0)
				r->final = t2 + 1;
			else if (strcmp(t1 + 1, "signed") == 0)
				r->signed_n = strtoll(t2 + 1 + strcspn(t2 + 1,
				    "0123456789"), NULL, 10);
			else if (strcmp(t1 + 1, "seq") == 0) {
				/* {"seq":N}: a snapshot's seq, not recorded */
				unsigned long long q = strtoull(t2 + 1 +
				    strcspn(t2 + 1, "0123456789"), NULL, 10);

				if (q > r->seq_used)
					r->seq_used = q;
			}
			else if (strcmp(t1 + 1, "rec") == 0) {
				if (r->nrecs == r->cap) {
					size_t cap = r->cap ? r->cap * 2 : 16;
					char **y = realloc(r->recs,
					    cap * sizeof(*y));

					if (y == NULL)
						break;
					r->recs = y;
					r->cap = cap;
				}
				r->recs[r->nrecs++] = t2 + 1;
			}
		}
		p = nl + 1;
	}
}

/*
 * Does record j (line, len bytes) carry seq j and the chain head's hash
 * as prev?  Records are canonical (keys sorted), so a record's last keys
 * are always ...,"prev":"HEX","seq":N,"time":"T"}: checked from the end
 * of the line, without parsing the message.
 */
static int
chain_ok(const char *line, size_t len, size_t j, const struct tr_chain *ch)
{
	static const char pk[] = ",\"prev\":\"";
	char hex[TR_HASH_BYTES * 2 + 1], want[32];
	const char *p = NULL, *q, *e = line + len;
	size_t wl;

	if (j == 0) {
		json_t *h = json_loadb(line, len, 0, NULL);
		int ok = h != NULL && json_integer_value(json_object_get(h,
		    "seq")) == 0 && json_is_integer(json_object_get(h, "seq"));

		json_decref(h);
		return ok;
	}
	for (q = line; (q = memmem(q, (size_t)(e - q), pk,
	    sizeof(pk) - 1)) != NULL; q++)
		p = q;
	if (p == NULL || (size_t)(e - p) < sizeof(pk) - 1 + 64)
		return 0;
	p += sizeof(pk) - 1;
	tr_hex(ch->head, TR_HASH_BYTES, hex);
	if (memcmp(p, hex, 64) != 0)
		return 0;
	p += 64;
	wl = (size_t)snprintf(want, sizeof(want), "\",\"seq\":%zu,\"time\":\"",
	    j);
	if ((size_t)(e - p) < wl + 2 || memcmp(p, want, wl) != 0)
		return 0;
	for (p += wl; p < e && *p != '"'; p++)
		;
	return p + 2 == e && p[1] == '}';
}

/*
 * Read the journal back.  For every conversation that did not end, call
 * fn with what the journal holds of it: its meta line, the records that
 * chain correctly (a torn or corrupt tail is dropped, and said so) and
 * how many records its last interrupted transcript holds (-1: none).
 * Nothing is journaled again: the segments that hold open conversations
 * stay, the older ones go, and a new segment takes what comes next.
 * Returns how many conversations were recovered, or -1.
 */
int
store_recover(struct store *s, void (*fn)(void *, const struct store_rec *),
    void *arg)
{
	struct recovery *rv = calloc(1, sizeof(*rv));
	struct rconv *r, *next;
	struct dirent *de;
	char **segs = NULL, *path;
	size_t nsegs = 0, i, j, keep_from;
	uint64_t maxno = 0;
	DIR *dir;
	int n = 0;

	if (rv == NULL)
		return -1;
	rv->tail = &rv->all;
	/* leftovers of an interrupted atomic write */
	if ((dir = opendir(s->tdir)) != NULL) {
		while ((de = readdir(dir)) != NULL)
			if (de->d_name[0] == '.' && strstr(de->d_name,
			    ".tmp.") != NULL && (path = path_join(s->tdir,
			    de->d_name)) != NULL) {
				(void)unlink(path);
				free(path);
			}
		closedir(dir);
	}
	if ((dir = opendir(s->jdir)) == NULL) {
		free(rv);
		return -1;
	}
	while ((de = readdir(dir)) != NULL) {
		unsigned long long no;
		char **x;

		if (sscanf(de->d_name, "seg-%16llx.log", &no) != 1)
			continue;
		if ((x = realloc(segs, (nsegs + 1) * sizeof(*x))) == NULL)
			break;
		segs = x;
		if ((segs[nsegs] = strdup(de->d_name)) == NULL)
			break;
		nsegs++;
		if (no >= maxno)
			maxno = no + 1;
	}
	closedir(dir);
	if (nsegs > 0)
		qsort(segs, nsegs, sizeof(*segs), seg_cmp);
	for (i = 0; i < nsegs; i++)
		if ((path = path_join(s->jdir, segs[i])) != NULL) {
			recover_segment(path, rv, i, i + 1 == nsegs);
			free(path);
		}

	/* the segments kept are counted from the first that exists */
	s->base_no = maxno;
	if (nsegs > 0) {
		unsigned long long no;

		if (sscanf(segs[0], "seg-%16llx.log", &no) == 1)
			s->base_no = no;
	}
	s->recovering = 1;
	if (segment_open(s, maxno) == -1 || store_sync(s) == -1) {
		log_warn("journal: cannot start a new segment in %s", s->jdir);
		n = -1;
		goto out;
	}
	keep_from = nsegs;
	for (r = rv->all; r != NULL; r = r->all) {
		struct store_rec sr;
		struct tr_chain ch;
		size_t good = 0;

		if (r->ended)
			continue;
		if (r->meta == NULL || r->nrecs == 0) {
			/* nothing to sign or resume; said, not silent */
			log_warnx("journal: conversation %s: %s; dropped", r->id,
			    r->meta == NULL ? "records without a meta line" :
			    "a meta line without records");
			continue;
		}
		if (r->remeta && r->nrecs > r->again) {
			/* an older daemon's copy: the later one is kept */
			memmove(r->recs, r->recs + r->again, (r->nrecs -
			    r->again) * sizeof(*r->recs));
			r->nrecs -= r->again;
			r->first_seg = r->again_seg;
			r->meta = r->meta_again;
		} else if (r->remeta)
			log_warnx("journal: conversation %s: a second meta line "
			    "with no records after it ignored; the %zu "
			    "records before it kept", r->id, r->nrecs);
		/* keep the records whose chain holds */
		tr_chain_init(&ch);
		for (j = 0; j < r->nrecs; j++) {
			size_t l = strlen(r->recs[j]);

			if (!chain_ok(r->recs[j], l, j, &ch))
				break;
			tr_chain_add(&ch, r->recs[j], l);
			good++;
		}
		/* only the last record can be damaged and still chain */
		if (good > 1) {
			json_t *last = json_loadb(r->recs[good - 1],
			    strlen(r->recs[good - 1]), 0, NULL);

			if (last == NULL) {
				good--;
				tr_chain_init(&ch);
				for (j = 0; j < good; j++)
					tr_chain_add(&ch, r->recs[j],
					    strlen(r->recs[j]));
			}
			json_decref(last);
		}
		if (good < r->nrecs)
			log_warnx("journal: conversation %s: %zu record%s after "
			    "seq %zu did not chain and were dropped", r->id,
			    r->nrecs - good, r->nrecs - good == 1 ? "" : "s",
			    good ? good - 1 : 0);
		if (good == 0)
			continue;
		if (r->first_seg < keep_from)
			keep_from = r->first_seg;
		memset(&sr, 0, sizeof(sr));
		sr.id = r->id;
		sr.meta = r->meta;
		sr.recs = r->recs;
		sr.n = good;
		sr.ch = ch;
		sr.signed_n = r->signed_n;
		sr.final = r->final;
		sr.seq_used = r->seq_used;
		{
			unsigned long long no;

			/* needed until its transcript is stored (store_unpin) */
			if (sscanf(segs[r->first_seg], "seg-%16llx.log",
			    &no) == 1 && no >= s->base_no && no - s->base_no <
			    s->nrefs) {
				s->refs[no - s->base_no]++;
				sr.seg = no;
			}
		}
		fn(arg, &sr);
		n++;
	}
	/* segments before the first open conversation's start are done */
	for (i = 0; i < keep_from; i++)
		if ((path = path_join(s->jdir, segs[i])) != NULL) {
			if (unlink(path) == -1)
				log_warn("journal: cannot remove %s", path);
			free(path);
		}
	if (keep_from > 0 && s->sync_mode != SYNC_OFF)
		(void)fsync_dir(s->jdir);
	/*
	 * Count from the first segment needed (those below are gone; the
	 * first group commit finds them so), and doom any a dropped
	 * conversation alone held.
	 */
	s->recovering = 0;
	store_gc(s);
	/* .part files of conversations not recovered are stale */
	if ((dir = opendir(s->tdir)) != NULL) {
		while ((de = readdir(dir)) != NULL) {
			size_t l = strlen(de->d_name);
			int keep = 0;

			if (l < 6 || strcmp(de->d_name + l - 5, ".part") != 0)
				continue;
			de->d_name[l - 5] = '\0';
			r = rv->all;
			{
				uint64_t h = 1469598103934665603ULL;
				const char *k;

				for (k = de->d_name; *k != '\0'; k++) {
					h ^= (unsigned char)*k;
					h *= 1099511628211ULL;
				}
				for (r = rv->bucket[h % RHASH_SIZE]; r != NULL;
				    r = r->next)
					if (strcmp(r->id, de->d_name) == 0)
						break;
			}
			keep = r != NULL && !r->ended && r->meta != NULL;
			de->d_name[l - 5] = '.';
			if (!keep && (path = path_join(s->tdir,
			    de->d_name)) != NULL) {
				(void)unlink(path);
				free(path);
			}
		}
		closedir(dir);
	}
out:
	s->recovering = 0;
	for (r = rv->all; r != NULL; r = next) {
		next = r->all;
		free(r->recs);
		free(r);
	}
	for (i = 0; i < rv->nbufs; i++)
		free(rv->bufs[i]);
	free(rv->bufs);
	free(rv);
	for (i = 0; i < nsegs; i++)
		free(segs[i]);
	free(segs);
	return n;
}

/*
 * Make a recovered conversation's .part hold exactly its n records (it
 * may have lost its unsynced tail, or be missing): read it, and write it
 * again only if it differs.
 */
int
store_part_ensure(struct store *s, const char *id, char **recs, size_t n)
{
	char name[256], *path, *have;
	size_t i, len = 0, hl = 0, off = 0;
	int same;

	for (i = 0; i < n; i++)
		len += strlen(recs[i]) + 1;
	(void)snprintf(name, sizeof(name), "%s.part", id);
	if ((path = path_join(s->tdir, name)) == NULL)
		return -1;
	have = read_file(path, &hl);
	free(path);
	same = have != NULL && hl == len;
	for (i = 0; same && i < n; i++) {
		size_t l = strlen(recs[i]);

		same = memcmp(have + off, recs[i], l) == 0 &&
		    have[off + l] == '\n';
		off += l + 1;
	}
	free(have);
	return same ? 0 : store_part_rewrite(s, id, recs, n);
}

/* Rewrite a recovered conversation's .part from its records. */
int
store_part_rewrite(struct store *s, const char *id, char **recs, size_t n)
{
	char name[256], *path;
	size_t i;
	int fd, rc = 0;

	(void)snprintf(name, sizeof(name), "%s.part", id);
	if ((path = path_join(s->tdir, name)) == NULL)
		return -1;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
	    0600);
	free(path);
	if (fd == -1) {
		if (errno == ELOOP)
			log_warnx("journal: conversation %s: %s is a symbolic "
			    "link; not followed, left alone", id, name);
		return -1;
	}
	for (i = 0; i < n && rc == 0; i++) {
		rc = write_counted(s, fd, recs[i], strlen(recs[i]));
		if (rc == 0)
			rc = write_counted(s, fd, "\n", 1);
	}
	(void)close(fd);
	return rc;
}

/* Delete signed transcripts older than days (0: keep everything). */
void
store_retention(struct store *s, long days)
{
	time_t limit = time(NULL) - days * 86400;
	struct dirent *de;
	DIR *dir;
	int removed = 0;

	if (days <= 0 || (dir = opendir(s->tdir)) == NULL)
		return;
	while ((de = readdir(dir)) != NULL) {
		struct stat sb;
		size_t l = strlen(de->d_name);
		char *path;

		if (de->d_name[0] == '.' || (l > 5 && strcmp(de->d_name + l - 5,
		    ".part") == 0))
			continue;
		if ((path = path_join(s->tdir, de->d_name)) == NULL)
			continue;
		if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
		    sb.st_mtime < limit && unlink(path) == 0)
			removed++;
		free(path);
	}
	closedir(dir);
	if (removed > 0)
		log_info("retention: removed %d file%s older than %ld days",
		    removed, removed == 1 ? "" : "s", days);
}
