/* SPDX-License-Identifier: ISC */
/*
 * powerfail.c: an LD_PRELOAD interposer for crash and fault tests.
 *
 * 1. Power loss.  For every file under PF_DIR it logs to PF_LOG what a
 *    power failure could not take away: the size of a file when it was
 *    fsync'ed or fdatasync'ed, and the names in a directory when the
 *    directory was fsync'ed; and what could be undone: creations, O_TRUNC,
 *    renames (a file a rename replaces is kept as a hard link in PF_GRAVE,
 *    so that it can come back).  Writes themselves are not logged: the
 *    daemon only appends or writes new files, so a file's durable content
 *    is a prefix of it.  After the daemon is killed, tests/fault/revert.mjs
 *    reads the log and puts every file back to that durable state, as a
 *    power failure at that moment could have left it (the worst case:
 *    nothing that was not synced survives).
 *
 *	create PATH		a new file
 *	open PATH SIZE		an existing file opened for writing
 *	trunc PATH		opened with O_TRUNC
 *	ftrunc PATH SIZE	ftruncate
 *	sync PATH SIZE		fsync or fdatasync of a file went well
 *	dirsync DIR		fsync of a directory went well
 *	rename FROM TO GRAVE	GRAVE is "-" when TO did not exist
 *	unlink PATH
 *	pwrite PATH OFF LEN	pwrite() in place (a preallocated journal
 *				segment): undone by writing zeros over it
 *				unless a sync of PATH follows
 *	pwrite-over PATH OFF LEN  the same over bytes that were not all
 *				zeros, which revert.mjs cannot undo (it says so)
 *
 * 2. Fault injection.  PF_FAIL="OP:N:ERRNO[:SUBSTR]" makes the Nth call
 *    (from 1; "N+" for every call from the Nth on, "N-M" for the Nth to
 *    the Mth) of OP (write, fsync,
 *    fdatasync) on a file under PF_DIR whose path contains SUBSTR fail
 *    with ERRNO (EIO, ENOSPC), doing nothing.  Each injected failure is
 *    logged as "fail OP PATH".  With PF_FAIL_ARM=SUBSTR2, calls are
 *    counted only once a file whose path contains SUBSTR2 was created
 *    (e.g. the next journal segment: then the sync of the one before it
 *    is the one at its rotation).  With PF_FAIL_UNTIL=PATH (a file
 *    outside PF_DIR), nothing fails any more once PATH exists: a test
 *    makes room on a full disk by creating it.
 *
 *    A pwrite() counts as a write, and a rename onto SUBSTR2 arms too (a
 *    preallocated segment is renamed into place, not created); but for
 *    ENOSPC a pwrite over blocks the file has (within its size, none of
 *    it a hole: a preallocated file) neither fails nor counts, as on a
 *    real full disk.
 *
 * 3. With PF_LOG_WRITES set, every write() to a file under PF_DIR is logged
 *    as "write PATH OFFSET LEN" (OFFSET: the file's size before it, as
 *    the store only appends), so that a test can tell which write held
 *    a given journal line (the store writes a group commit's lines at
 *    once).  revert.mjs ignores these lines.
 *
 * 4. With PF_STALL=SUBSTR, the thread that opens for writing a file under
 *    PF_DIR whose path contains SUBSTR logs "stall open PATH" and then
 *    waits for good, without opening it: a test kills the daemon
 *    (SIGKILL) at that exact point, e.g. between an `end`'s record made
 *    durable and its final transcript stored (".json.tmp.").
 *
 * Only what the daemon calls directly is seen (not libc's own internal
 * calls), which is all the store uses.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static int	(*real_open)(const char *, int, ...);
static int	(*real_openat)(int, const char *, int, ...);
static ssize_t	(*real_write)(int, const void *, size_t);
static ssize_t	(*real_pwrite)(int, const void *, size_t, off_t);
static int	(*real_fsync)(int);
static int	(*real_fdatasync)(int);
static int	(*real_rename)(const char *, const char *);
static int	(*real_unlink)(const char *);
static int	(*real_ftruncate)(int, off_t);

static pthread_once_t	 once = PTHREAD_ONCE_INIT;
static pthread_mutex_t	 mu = PTHREAD_MUTEX_INITIALIZER;
static char		 dir[PATH_MAX];		/* PF_DIR, resolved */
static size_t		 dirlen;
static char		 grave[PATH_MAX];
static int		 logfd = -1;
static unsigned long	 graves;

static char		 fail_op[16];
static unsigned long	 fail_n;
static int		 fail_from;		/* "N+" */
static unsigned long	 fail_to;		/* "N-M": M, else 0 */
static int		 fail_errno;
static char		 fail_sub[256];
static unsigned long	 fail_count;
static char		 arm_sub[256];		/* PF_FAIL_ARM */
static int		 armed = 1;
static int		 log_writes;		/* PF_LOG_WRITES */
static char		 until_path[PATH_MAX];	/* PF_FAIL_UNTIL */
static char		 stall_sub[256];	/* PF_STALL */

static void
pf_init(void)
{
	const char *d = getenv("PF_DIR"), *l = getenv("PF_LOG"),
	    *g = getenv("PF_GRAVE"), *f = getenv("PF_FAIL"),
	    *arm = getenv("PF_FAIL_ARM");

	real_open = dlsym(RTLD_NEXT, "open");
	real_openat = dlsym(RTLD_NEXT, "openat");
	real_write = dlsym(RTLD_NEXT, "write");
	real_pwrite = dlsym(RTLD_NEXT, "pwrite");
	real_fsync = dlsym(RTLD_NEXT, "fsync");
	real_fdatasync = dlsym(RTLD_NEXT, "fdatasync");
	real_rename = dlsym(RTLD_NEXT, "rename");
	real_unlink = dlsym(RTLD_NEXT, "unlink");
	real_ftruncate = dlsym(RTLD_NEXT, "ftruncate");
	if (d == NULL || realpath(d, dir) == NULL) {
		dir[0] = '\0';
		return;
	}
	dirlen = strlen(dir);
	log_writes = getenv("PF_LOG_WRITES") != NULL;
	if (getenv("PF_STALL") != NULL)
		(void)snprintf(stall_sub, sizeof(stall_sub), "%s",
		    getenv("PF_STALL"));
	if (getenv("PF_FAIL_UNTIL") != NULL)
		(void)snprintf(until_path, sizeof(until_path), "%s",
		    getenv("PF_FAIL_UNTIL"));
	if (g != NULL)
		(void)snprintf(grave, sizeof(grave), "%s", g);
	if (l != NULL)
		logfd = real_open(l, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
		    0600);
	if (arm != NULL && arm[0] != '\0') {
		(void)snprintf(arm_sub, sizeof(arm_sub), "%s", arm);
		armed = 0;
	}
	if (f != NULL) {
		char buf[512], *op, *n, *e, *sub, *save = NULL;

		(void)snprintf(buf, sizeof(buf), "%s", f);
		op = strtok_r(buf, ":", &save);
		n = strtok_r(NULL, ":", &save);
		e = strtok_r(NULL, ":", &save);
		sub = strtok_r(NULL, "", &save);
		if (op != NULL && n != NULL && e != NULL) {
			(void)snprintf(fail_op, sizeof(fail_op), "%s", op);
			fail_n = strtoul(n, NULL, 10);
			fail_from = strchr(n, '+') != NULL;
			if (strchr(n, '-') != NULL)
				fail_to = strtoul(strchr(n, '-') + 1, NULL, 10);
			fail_errno = strcmp(e, "ENOSPC") == 0 ? ENOSPC :
			    strcmp(e, "EIO") == 0 ? EIO : atoi(e);
			(void)snprintf(fail_sub, sizeof(fail_sub), "%s",
			    sub ? sub : "");
		}
	}
}

static void
pf_log(const char *fmt, ...)
{
	char line[3 * PATH_MAX];
	va_list ap;
	int n;

	if (logfd == -1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(line) - 1)
		return;
	line[n++] = '\n';
	(void)real_write(logfd, line, (size_t)n);	/* O_APPEND: one line */
}

/* Is path (absolute) under PF_DIR? */
static int
watched(const char *path)
{
	return dirlen > 0 && strncmp(path, dir, dirlen) == 0 &&
	    (path[dirlen] == '/' || path[dirlen] == '\0');
}

/* The absolute path of name relative to dirfd (no symlinks resolved). */
static int
abs_path(int dirfd, const char *name, char *out, size_t len)
{
	char base[PATH_MAX], link[64];
	ssize_t n;

	if (name[0] == '/')
		return snprintf(out, len, "%s", name) < (int)len ? 0 : -1;
	if (dirfd == AT_FDCWD) {
		if (getcwd(base, sizeof(base)) == NULL)
			return -1;
	} else {
		(void)snprintf(link, sizeof(link), "/proc/self/fd/%d", dirfd);
		if ((n = readlink(link, base, sizeof(base) - 1)) < 0)
			return -1;
		base[n] = '\0';
	}
	return snprintf(out, len, "%s/%s", base, name) < (int)len ? 0 : -1;
}

static int
fd_path(int fd, char *out, size_t len)
{
	char link[64];
	ssize_t n;

	(void)snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	if ((n = readlink(link, out, len - 1)) < 0)
		return -1;
	out[n] = '\0';
	return 0;
}

/* Should this call of op on path fail?  Counts the calls that match. */
static int
inject(const char *op, const char *path)
{
	struct stat st;
	int hit = 0;

	if (fail_op[0] == '\0' || strcmp(op, fail_op) != 0 ||
	    strstr(path, fail_sub) == NULL)
		return 0;
	if (until_path[0] != '\0') {
		int e = errno;

		if (stat(until_path, &st) == 0)
			return 0;	/* the disk has room again */
		errno = e;
	}
	(void)pthread_mutex_lock(&mu);
	if (!armed) {
		(void)pthread_mutex_unlock(&mu);
		return 0;
	}
	fail_count++;
	hit = fail_count == fail_n || (fail_from && fail_count >= fail_n) ||
	    (fail_count >= fail_n && fail_count <= fail_to);
	(void)pthread_mutex_unlock(&mu);
	if (hit) {
		pf_log("fail %s %s", op, path);
		errno = fail_errno;
	}
	return hit;
}

static int
do_open(int dirfd, const char *name, int flags, mode_t mode)
{
	char path[PATH_MAX];
	struct stat sb;
	int existed, fd, wr = (flags & O_ACCMODE) != O_RDONLY;

	(void)pthread_once(&once, pf_init);
	if (!wr || abs_path(dirfd, name, path, sizeof(path)) == -1 ||
	    !watched(path))
		return dirfd == AT_FDCWD ? real_open(name, flags, mode) :
		    real_openat(dirfd, name, flags, mode);
	if (stall_sub[0] != '\0' && strstr(path, stall_sub) != NULL) {
		pf_log("stall open %s", path);
		for (;;)
			(void)pause();	/* until the test's SIGKILL */
	}
	existed = stat(path, &sb) == 0;
	fd = dirfd == AT_FDCWD ? real_open(name, flags, mode) :
	    real_openat(dirfd, name, flags, mode);
	if (fd == -1)
		return fd;
	if (!existed) {
		pf_log("create %s", path);
		if (arm_sub[0] != '\0' && strstr(path, arm_sub) != NULL) {
			(void)pthread_mutex_lock(&mu);
			armed = 1;
			(void)pthread_mutex_unlock(&mu);
		}
	}
	else if (flags & O_TRUNC)
		pf_log("trunc %s", path);
	else
		pf_log("open %s %lld", path, (long long)sb.st_size);
	return fd;
}

int
open(const char *name, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	return do_open(AT_FDCWD, name, flags, mode);
}

int
open64(const char *name, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	return do_open(AT_FDCWD, name, flags, mode);
}

int
openat(int dirfd, const char *name, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	return do_open(dirfd, name, flags, mode);
}

int
openat64(int dirfd, const char *name, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	return do_open(dirfd, name, flags, mode);
}

ssize_t
write(int fd, const void *buf, size_t len)
{
	char path[PATH_MAX];
	struct stat sb;
	ssize_t n;
	int w;

	(void)pthread_once(&once, pf_init);
	if ((strcmp(fail_op, "write") != 0 && !log_writes) || fd == logfd)
		return real_write(fd, buf, len);
	w = fd_path(fd, path, sizeof(path)) == 0 && watched(path);
	if (w && strcmp(fail_op, "write") == 0 && inject("write", path))
		return -1;
	if (!w || !log_writes || fstat(fd, &sb) == -1)
		return real_write(fd, buf, len);
	if ((n = real_write(fd, buf, len)) > 0)
		pf_log("write %s %lld %lld", path, (long long)sb.st_size,
		    (long long)n);
	return n;
}

/*
 * pwrite() in place: logged always (revert.mjs undoes it unless a sync
 * follows), as "pwrite-over" when the bytes it replaces were not all
 * zeros (revert cannot bring them back); a write for PF_FAIL and
 * PF_LOG_WRITES (with its real offset).
 */
static ssize_t
do_pwrite(int fd, const void *buf, size_t len, off_t off)
{
	char path[PATH_MAX], old[65536];
	struct stat sb;
	size_t k = 0;
	ssize_t n, got;
	int zeros = 1;

	(void)pthread_once(&once, pf_init);
	if (dirlen == 0 || fd == logfd || fd_path(fd, path, sizeof(path)) ==
	    -1 || !watched(path))
		return real_pwrite(fd, buf, len, off);
	/*
	 * A full disk refuses new blocks, not an overwrite of blocks the
	 * file already has (a preallocated file, reserve.c): such a pwrite
	 * is neither failed nor counted for ENOSPC.  EIO still fails it.
	 */
	if (strcmp(fail_op, "write") == 0 && !(fail_errno == ENOSPC &&
	    fstat(fd, &sb) == 0 && off >= 0 && (off_t)(off + (off_t)len) <=
	    sb.st_size && (off_t)sb.st_blocks * 512 >= sb.st_size) &&
	    inject("write", path))
		return -1;
	while (zeros && k < len && (got = pread(fd, old, len - k <
	    sizeof(old) ? len - k : sizeof(old), off + (off_t)k)) > 0) {
		for (n = 0; n < got && zeros; n++)
			zeros = old[n] == '\0';
		k += (size_t)got;
	}
	if ((n = real_pwrite(fd, buf, len, off)) > 0) {
		pf_log("%s %s %lld %lld", zeros ? "pwrite" : "pwrite-over",
		    path, (long long)off, (long long)n);
		if (log_writes)
			pf_log("write %s %lld %lld", path, (long long)off,
			    (long long)n);
	}
	return n;
}

ssize_t
pwrite(int fd, const void *buf, size_t len, off_t off)
{
	return do_pwrite(fd, buf, len, off);
}

ssize_t
pwrite64(int fd, const void *buf, size_t len, off_t off)
{
	return do_pwrite(fd, buf, len, off);
}

static int
do_sync(int fd, int data)
{
	char path[PATH_MAX];
	struct stat sb;
	int rc, w;

	(void)pthread_once(&once, pf_init);
	w = dirlen > 0 && fd_path(fd, path, sizeof(path)) == 0 &&
	    watched(path);
	if (w && inject(data ? "fdatasync" : "fsync", path))
		return -1;
	/*
	 * The size before the sync: what another thread appends while it
	 * runs is not known to be covered by it.
	 */
	if (w && fstat(fd, &sb) == -1)
		w = 0;
	rc = data ? real_fdatasync(fd) : real_fsync(fd);
	if (rc == 0 && w) {
		if (S_ISDIR(sb.st_mode))
			pf_log("dirsync %s", path);
		else
			pf_log("sync %s %lld", path, (long long)sb.st_size);
	}
	return rc;
}

int
fsync(int fd)
{
	return do_sync(fd, 0);
}

int
fdatasync(int fd)
{
	return do_sync(fd, 1);
}

int
rename(const char *from, const char *to)
{
	char pf[PATH_MAX], pt[PATH_MAX], g[PATH_MAX + 32];
	struct stat sb;
	int rc;

	(void)pthread_once(&once, pf_init);
	if (abs_path(AT_FDCWD, from, pf, sizeof(pf)) == -1 ||
	    abs_path(AT_FDCWD, to, pt, sizeof(pt)) == -1 || !watched(pt))
		return real_rename(from, to);
	(void)strcpy(g, "-");
	if (grave[0] != '\0' && stat(pt, &sb) == 0) {
		unsigned long n;

		(void)pthread_mutex_lock(&mu);
		n = ++graves;
		(void)pthread_mutex_unlock(&mu);
		(void)snprintf(g, sizeof(g), "%s/%ld-%lu", grave,
		    (long)getpid(), n);
		if (link(pt, g) == -1)
			(void)strcpy(g, "-");
	}
	if ((rc = real_rename(from, to)) == 0) {
		pf_log("rename %s %s %s", pf, pt, g);
		if (arm_sub[0] != '\0' && strstr(pt, arm_sub) != NULL) {
			(void)pthread_mutex_lock(&mu);
			armed = 1;
			(void)pthread_mutex_unlock(&mu);
		}
	}
	else if (strcmp(g, "-") != 0)
		(void)real_unlink(g);
	return rc;
}

int
unlink(const char *name)
{
	char path[PATH_MAX];
	int rc;

	(void)pthread_once(&once, pf_init);
	rc = real_unlink(name);
	if (rc == 0 && abs_path(AT_FDCWD, name, path, sizeof(path)) == 0 &&
	    watched(path))
		pf_log("unlink %s", path);
	return rc;
}

int
ftruncate(int fd, off_t len)
{
	char path[PATH_MAX];
	int rc;

	(void)pthread_once(&once, pf_init);
	rc = real_ftruncate(fd, len);
	if (rc == 0 && dirlen > 0 && fd_path(fd, path, sizeof(path)) == 0 &&
	    watched(path))
		pf_log("ftrunc %s %lld", path, (long long)len);
	return rc;
}
