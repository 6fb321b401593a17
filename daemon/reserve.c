/* SPDX-License-Identifier: ISC */
/*
 * reserve.c: the close-mark reserve, STATE/close-reserve.
 *
 * A conversation closed with storage_failed on a full disk could not
 * journal that it was closed (its "final" line) nor store its final
 * transcript: a restart before the disk had room restored it as
 * resumable, and a second, different transcript could follow (review
 * h27, F1).  This file is preallocated at start (posix_fallocate, then
 * fsync'ed with its directory) while the disk has room; a close mark is
 * then written into it in place (pwrite over allocated blocks: no growth,
 * so a full disk does not refuse it) and fdatasync'ed, on the worker,
 * before the conversation's final transcript is kept in memory and
 * returned to anyone.  The next start reads the marks: a conversation
 * open in the journal with a mark is not restored; its final transcript
 * is stored as the mark says.
 *
 * Layout (all integers little-endian):
 *	0	header: "ADVRSV01", generation (8 bytes), MAC (8 bytes);
 *		all zeros: generation 0 (a new reserve is never written to
 *		before its first mark)
 *	64	marks, one after the other, each 8-byte aligned:
 *		"ADVMARK1", generation, payload length, MAC (8 bytes each),
 *		then the payload: one JSON object (reserve_mark below)
 * A mark counts only if its generation is the header's and its MAC (BLAKE2b
 * keyed with a key derived from the signing key, over generation, length
 * and payload) matches: a torn write, a mark of an earlier generation, or
 * one planted by hand ends the list.  Once every mark is resolved (its
 * transcript stored and its end journaled and synced) the header's
 * generation is bumped (reserve_reset): the reserve is empty again.
 *
 * A mark holds the signed final transcript itself (its file and minisign
 * signature, what a restart returns: the same one) when it fits and
 * leaves a quarter of the reserve free; else a compact mark (name,
 * status, records and chain head: ~400 bytes): the conversation stays
 * closed and the next start signs its journaled records.  When not even
 * that fits, the mark is refused, said in the log, /readyz and /metrics.
 *
 * A reserve that cannot be made at start (no room) is missing: said in
 * /readyz and /metrics, and made later on the worker (reserve_retry) once
 * it fits.  Marks are written, the header reset and a missing reserve
 * made only on the worker; what the loop reads is under a mutex.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "advisord.h"

#define RESERVE_HEADER		64
#define RESERVE_MARK_HEAD	32
#define RESERVE_MAC		8
#define RESERVE_KEY		crypto_generichash_KEYBYTES

static pthread_mutex_t	 reserve_mu = PTHREAD_MUTEX_INITIALIZER;
static int		 reserve_fd = -1;
static char		*reserve_path;
static uint64_t		 reserve_size;	/* bytes of the file */
static uint64_t		 reserve_gen;
static uint64_t		 reserve_off;	/* where the next mark goes */
static size_t		 reserve_marks;	/* in the current generation */
static size_t		 reserve_live;	/* not resolved yet */
static unsigned long long reserve_refused;	/* marks that did not fit */
static int		 reserve_full;	/* the last mark did not fit */
static unsigned char	 reserve_key[RESERVE_KEY];
static json_t		*reserve_loaded;	/* marks read at start, by id */
/*
 * A reserve that could not be made at start (a small or full state disk:
 * nu49 #1) is missing, not silently absent: /readyz and /metrics say so,
 * and while reserve_retry_ok the loop has the worker try again
 * (reserve_retry) until the disk has room.
 */
static int		 reserve_missing;
static int		 reserve_errno;		/* why it is missing */
static int		 reserve_retry_ok;	/* making it again may work */
static char		*reserve_dir;		/* the state directory */
static uint64_t		 reserve_want;		/* the bytes to make */

int	reserve_reset(void);
static int	reserve_create(void);
static void	reserve_set_missing(int, int);

static void
le64_put(unsigned char *p, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t
le64_get(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* The MAC of (gen, len, payload) into out (RESERVE_MAC bytes). */
static void
reserve_mac(uint64_t gen, uint64_t len, const void *payload,
    unsigned char *out)
{
	crypto_generichash_state st;
	unsigned char b[16];

	le64_put(b, gen);
	le64_put(b + 8, len);
	(void)crypto_generichash_init(&st, reserve_key, sizeof(reserve_key),
	    RESERVE_MAC);
	(void)crypto_generichash_update(&st, b, sizeof(b));
	if (len > 0)
		(void)crypto_generichash_update(&st, payload, (size_t)len);
	(void)crypto_generichash_final(&st, out, RESERVE_MAC);
}

/*
 * Read (out == NULL) into in, or write out, len bytes at off of fd,
 * whole: 0, or -1 with errno (EIO for a file that ends first).
 */
static int
reserve_io(int fd, void *in, const void *out, size_t len, off_t off)
{
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = out == NULL ? pread(fd, (char *)in + done, len - done, off) :
		    pwrite(fd, (const char *)out + done, len - done, off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO;
			return -1;
		}
		done += (size_t)n;
		off += n;
	}
	return 0;
}

/* The header's generation, or -1 when it is neither zeros nor valid. */
static int
reserve_read_header(void)
{
	unsigned char h[24], zero[24] = { 0 }, mac[RESERVE_MAC];

	if (reserve_io(reserve_fd, h, NULL, sizeof(h), 0) == -1)
		return -1;
	if (memcmp(h, zero, sizeof(h)) == 0) {
		reserve_gen = 0;
		return 0;
	}
	reserve_mac(le64_get(h + 8), 0, NULL, mac);
	if (memcmp(h, "ADVRSV01", 8) != 0 ||
	    sodium_memcmp(mac, h + 16, RESERVE_MAC) != 0)
		return -1;
	reserve_gen = le64_get(h + 8);
	return 0;
}

/* Read the marks of the current generation into reserve_loaded. */
static void
reserve_read_marks(void)
{
	unsigned char h[RESERVE_MARK_HEAD], mac[RESERVE_MAC];
	uint64_t off = RESERVE_HEADER, len;
	char *payload;
	json_t *m;
	const char *id;

	while (off + RESERVE_MARK_HEAD <= reserve_size) {
		if (reserve_io(reserve_fd, h, NULL, sizeof(h), (off_t)off) == -1 ||
		    memcmp(h, "ADVMARK1", 8) != 0 ||
		    le64_get(h + 8) != reserve_gen)
			break;
		len = le64_get(h + 16);
		if (len == 0 || len > reserve_size - off - RESERVE_MARK_HEAD ||
		    (payload = malloc((size_t)len)) == NULL)
			break;
		if (reserve_io(reserve_fd, payload, NULL, (size_t)len,
		    (off_t)(off + RESERVE_MARK_HEAD)) == -1) {
			free(payload);
			break;
		}
		reserve_mac(reserve_gen, len, payload, mac);
		if (sodium_memcmp(mac, h + 24, RESERVE_MAC) != 0) {
			free(payload);
			break;
		}
		m = json_loadb(payload, (size_t)len, 0, NULL);
		free(payload);
		if ((id = json_string_value(json_object_get(m, "id"))) != NULL &&
		    store_id_ok(id))
			(void)json_object_set(reserve_loaded, id, m);
		else
			log_warnx("close reserve %s: mark %zu unreadable; "
			    "skipped", reserve_path, reserve_marks + 1);
		json_decref(m);
		reserve_marks++;
		off += (RESERVE_MARK_HEAD + len + 7) & ~(uint64_t)7;
	}
	reserve_off = off;
}

/*
 * At start, after the signing key (key: a key derived from it, for the
 * marks' MACs): open STATE/close-reserve, creating and preallocating it
 * (bytes, posix_fallocate; fsync'ed with the directory) when it is not
 * there, and read its marks (reserve_mark).  Returns 0, or -1 after
 * logging why (the daemon then runs without one: said once).
 */
int
reserve_open(const char *state_dir, uint64_t bytes, const unsigned char *key)
{
	struct stat sb;
	int fd;

	memcpy(reserve_key, key, RESERVE_KEY);
	reserve_want = bytes;
	if (reserve_dir == NULL && (reserve_dir = strdup(state_dir)) == NULL)
		return -1;
	if ((reserve_loaded = json_object()) == NULL)
		return -1;
	if (asprintf(&reserve_path, "%s/close-reserve", state_dir) == -1) {
		reserve_path = NULL;
		return -1;
	}
	if ((fd = open(reserve_path, O_RDWR | O_NOFOLLOW | O_CLOEXEC |
	    O_NONBLOCK)) == -1 && errno == ENOENT) {
		if ((fd = reserve_create()) == -1) {
			reserve_set_missing(errno, 1);
			goto fail;
		}
		log_info("close reserve %s: %" PRIu64 " bytes preallocated",
		    reserve_path, bytes);
	} else if (fd == -1) {
		/* there, but not ours to open: making it again would not do */
		reserve_set_missing(errno, 0);
		goto fail;
	}
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		(void)close(fd);
		errno = EINVAL;
		reserve_set_missing(errno, 0);
		log_warnx("close reserve %s: not a regular file; running "
		    "without one (remove it)", reserve_path);
		return -1;
	}
	if ((uint64_t)sb.st_size < 8192) {
		/*
		 * cut short (a power failure while it was made): made again;
		 * 8 KiB is the least the daemon makes (transcript.c)
		 */
		(void)close(fd);
		log_warnx("close reserve %s: %lld bytes, too short; made "
		    "again", reserve_path, (long long)sb.st_size);
		if (unlink(reserve_path) == -1)
			goto fail;
		json_decref(reserve_loaded);
		free(reserve_path);
		return reserve_open(state_dir, bytes, key);
	}
	reserve_fd = fd;
	reserve_size = (uint64_t)sb.st_size;
	if (reserve_read_header() == -1) {
		log_warnx("close reserve %s: its header is damaged; its marks "
		    "are ignored", reserve_path);
		/*
		 * A new generation, at random: the marks after the header,
		 * of whichever generation, are not read again.
		 */
		reserve_gen = (uint64_t)randombytes_random() << 32 |
		    randombytes_random();
		reserve_marks = 1;
		if (reserve_reset() == -1) {
			log_warn("close reserve %s: writing its header",
			    reserve_path);
			reserve_set_missing(errno, 0);
			(void)close(reserve_fd);
			reserve_fd = -1;
			return -1;
		}
		return 0;
	}
	reserve_read_marks();
	if (reserve_marks > 0)
		log_info("close reserve %s: %zu close mark%s from before the "
		    "start", reserve_path, reserve_marks, reserve_marks == 1 ?
		    "" : "s");
	return 0;
fail:
	if (!reserve_missing)
		reserve_set_missing(errno, 0);
	log_warn("close reserve %s: cannot be made; a conversation closed by "
	    "a storage failure may be resumable after a restart before the "
	    "disk has room (/readyz says \"missing\"; tried again while the "
	    "daemon runs)", reserve_path);
	return -1;
}

/*
 * Create reserve_path anew, preallocated to reserve_want bytes and synced
 * with its directory: its descriptor, or -1 with errno, nothing left.
 */
static int
reserve_create(void)
{
	int fd, dfd, err;

	if ((fd = open(reserve_path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600)) == -1)
		return -1;
	if ((err = posix_fallocate(fd, 0, (off_t)reserve_want)) != 0 ||
	    fsync(fd) == -1) {
		if (err != 0)
			errno = err;
		err = errno;
		(void)close(fd);
		(void)unlink(reserve_path);
		errno = err;
		return -1;
	}
	if ((dfd = open(reserve_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) !=
	    -1) {
		(void)fsync(dfd);
		(void)close(dfd);
	}
	return fd;
}

/* Note on the loop, at start, that the reserve is missing, and why. */
static void
reserve_set_missing(int err, int retry)
{
	(void)pthread_mutex_lock(&reserve_mu);
	reserve_missing = 1;
	reserve_errno = err;
	reserve_retry_ok = retry;
	(void)pthread_mutex_unlock(&reserve_mu);
}

/* Whether a missing reserve may be tried again (reserve_retry). */
int
reserve_retry_due(void)
{
	int due;

	(void)pthread_mutex_lock(&reserve_mu);
	due = reserve_missing && reserve_retry_ok && reserve_fd == -1 &&
	    reserve_path != NULL;
	(void)pthread_mutex_unlock(&reserve_mu);
	return due;
}

/*
 * On the worker: make the missing reserve (a new, empty one: generation
 * 0, no marks; the file did not exist).  0 once made, or -1 with errno;
 * said by the caller on the loop.  Marks written later go into it as
 * into one made at start.
 */
int
reserve_retry(void)
{
	int fd, err;

	if (!reserve_retry_due()) {
		errno = EAGAIN;
		return -1;
	}
	if ((fd = reserve_create()) == -1) {
		err = errno;
		(void)pthread_mutex_lock(&reserve_mu);
		reserve_errno = err;
		(void)pthread_mutex_unlock(&reserve_mu);
		errno = err;
		return -1;
	}
	(void)pthread_mutex_lock(&reserve_mu);
	reserve_fd = fd;
	reserve_size = reserve_want;
	reserve_gen = 0;
	reserve_off = RESERVE_HEADER;
	reserve_marks = 0;
	reserve_live = 0;
	reserve_full = 0;
	reserve_missing = 0;
	reserve_errno = 0;
	(void)pthread_mutex_unlock(&reserve_mu);
	return 0;
}

/* The reserve's path, for the log (NULL before reserve_open). */
const char *
reserve_file(void)
{
	return reserve_path;
}

/*
 * The mark read at start for transcript id (a JSON object the reserve
 * owns), or NULL.  A conversation recovery finds with a mark is closed;
 * reserve_taken() says it is live until reserve_release().
 */
const json_t *
reserve_find(const char *id)
{
	return reserve_loaded != NULL ? json_object_get(reserve_loaded, id) :
	    NULL;
}

/* Recovery took a mark read at start: live until its transcript is in. */
void
reserve_taken(void)
{
	(void)pthread_mutex_lock(&reserve_mu);
	reserve_live++;
	(void)pthread_mutex_unlock(&reserve_mu);
}

/* After recovery: the marks read at start are no longer looked up. */
void
reserve_loaded_free(void)
{
	json_decref(reserve_loaded);
	reserve_loaded = NULL;
}

/* Write payload as the next mark and sync it; 0, or -1 with errno. */
static int
reserve_append(const char *payload, size_t len)
{
	unsigned char *buf;
	size_t n = RESERVE_MARK_HEAD + len;
	int rc;

	if ((buf = malloc(n)) == NULL)
		return -1;
	memcpy(buf, "ADVMARK1", 8);
	le64_put(buf + 8, reserve_gen);
	le64_put(buf + 16, len);
	reserve_mac(reserve_gen, len, payload, buf + 24);
	memcpy(buf + RESERVE_MARK_HEAD, payload, len);
	rc = reserve_io(reserve_fd, NULL, buf, n, (off_t)reserve_off) == -1 ||
	    fdatasync(reserve_fd) == -1 ? -1 : 0;
	free(buf);
	if (rc == 0) {
		reserve_off += (n + 7) & ~(size_t)7;
		reserve_marks++;
		reserve_live++;
	}
	return rc;
}

/*
 * On the worker: mark transcript id (conversation key, its token's
 * SHA-256 tokhash) closed as status, with its chain (records, head: hex)
 * and, when it fits (leaving a quarter of the reserve), its signed file
 * and signature (content NULL: a compact mark).  Durable when it returns
 * 1 (the full mark) or 0 (compact); -1 when it was refused (no reserve,
 * full: logged, counted) or its write failed (errno, logged).
 */
int
reserve_mark(const char *id, const char *key, const char *tokhash,
    const char *status, uint64_t records, const char *head,
    const char *content, size_t clen, const char *sig)
{
	json_t *m;
	char *full = NULL, *compact = NULL;
	uint64_t room;
	int rc = -1, log_full = 0;

	m = json_pack("{s:i, s:s, s:s, s:s, s:s, s:I, s:s}", "v", 1, "id", id,
	    "key", key, "tokhash", tokhash, "status", status, "records",
	    (json_int_t)records, "head", head);
	if (m == NULL)
		return -1;
	compact = json_dumps(m, JSON_COMPACT);
	if (content != NULL && sig != NULL) {
		(void)json_object_set_new(m, "content", json_stringn(content,
		    clen));
		(void)json_object_set_new(m, "minisig", json_string(sig));
		full = json_dumps(m, JSON_COMPACT);
	}
	json_decref(m);
	(void)pthread_mutex_lock(&reserve_mu);
	if (reserve_fd == -1 || compact == NULL) {
		errno = reserve_fd == -1 ? ENOENT : ENOMEM;
		goto out;
	}
	room = reserve_size - reserve_off;
	if (full != NULL && RESERVE_MARK_HEAD + strlen(full) + 8 <= room &&
	    reserve_off + RESERVE_MARK_HEAD + strlen(full) + 8 <=
	    reserve_size - reserve_size / 4) {
		if ((rc = reserve_append(full, strlen(full))) == 0)
			rc = 1;
	} else if (RESERVE_MARK_HEAD + strlen(compact) + 8 <= room)
		rc = reserve_append(compact, strlen(compact));
	else {
		errno = ENOSPC;
		reserve_refused++;
		log_full = !reserve_full;
		reserve_full = 1;
		goto out;
	}
	if (rc == -1)
		log_warn("close reserve %s: writing the close mark of %s",
		    reserve_path, id);
	else
		reserve_full = 0;
out:
	(void)pthread_mutex_unlock(&reserve_mu);
	if (log_full)
		log_warnx("close reserve %s: full (%" PRIu64 " bytes, %zu "
		    "marks): transcript %s is not marked closed; a restart "
		    "before the disk has room would restore it as resumable "
		    "(said until a mark fits again; /readyz, /metrics "
		    "advisord_close_reserve_refused_total)", reserve_path,
		    reserve_size, reserve_marks, id);
	free(full);
	free(compact);
	return rc;
}

/*
 * On the loop: a marked conversation's transcript is stored and its end
 * journaled (in a commit the caller made due); once the journal is synced
 * through it and no mark is live, reserve_reset() may empty the reserve.
 */
void
reserve_release(void)
{
	(void)pthread_mutex_lock(&reserve_mu);
	if (reserve_live > 0)
		reserve_live--;
	(void)pthread_mutex_unlock(&reserve_mu);
}

/* Whether the reserve holds marks and none is live (a reset is due). */
int
reserve_reset_due(void)
{
	int due;

	(void)pthread_mutex_lock(&reserve_mu);
	due = reserve_fd != -1 && reserve_marks > 0 && reserve_live == 0;
	(void)pthread_mutex_unlock(&reserve_mu);
	return due;
}

/*
 * On the worker: empty the reserve (its header's generation bumped and
 * synced) if no mark is live.  0, or -1 with errno (kept as it is: tried
 * again later).
 */
int
reserve_reset(void)
{
	unsigned char h[24];
	uint64_t gen;
	int rc = 0;

	(void)pthread_mutex_lock(&reserve_mu);
	if (reserve_fd == -1 || reserve_marks == 0 || reserve_live > 0)
		goto out;
	gen = reserve_gen + 1;
	memcpy(h, "ADVRSV01", 8);
	le64_put(h + 8, gen);
	reserve_mac(gen, 0, NULL, h + 16);
	if (reserve_io(reserve_fd, NULL, h, sizeof(h), 0) == -1 ||
	    fdatasync(reserve_fd) == -1) {
		rc = -1;
		goto out;
	}
	reserve_gen = gen;
	reserve_off = RESERVE_HEADER;
	reserve_marks = 0;
	reserve_full = 0;
out:
	(void)pthread_mutex_unlock(&reserve_mu);
	return rc;
}

/* What /readyz and /metrics say of it. */
void
reserve_stats(struct reserve_stats *rs)
{
	(void)pthread_mutex_lock(&reserve_mu);
	rs->on = reserve_fd != -1;
	rs->bytes = reserve_size;
	rs->used = reserve_off > RESERVE_HEADER ? reserve_off : 0;
	rs->marks = reserve_marks;
	rs->live = reserve_live;
	rs->refused = reserve_refused;
	rs->full = reserve_full;
	rs->missing = reserve_missing;
	rs->error = reserve_errno;
	(void)pthread_mutex_unlock(&reserve_mu);
}

void
reserve_close(void)
{
	if (reserve_fd != -1)
		(void)close(reserve_fd);
	reserve_fd = -1;
	reserve_loaded_free();
	free(reserve_path);
	reserve_path = NULL;
	free(reserve_dir);
	reserve_dir = NULL;
	reserve_missing = 0;
}
