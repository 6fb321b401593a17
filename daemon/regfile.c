/* SPDX-License-Identifier: ISC */
/*
 * regfile.c: open a file the daemon reads at start (configuration, API
 * keys, signing key) only when it is a regular file.
 *
 * open(2) of a named pipe waits for a writer, so `advisord -n` and the
 * start would hang on a FIFO named where a file belongs; reading a device
 * could block or never end.  So open without blocking, look at what was
 * opened, and refuse anything but a regular file, naming what it was.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "advisord.h"

static const char *
regfile_kind(mode_t m)
{
	if (S_ISDIR(m))
		return "a directory";
	if (S_ISFIFO(m))
		return "a named pipe";
	if (S_ISSOCK(m))
		return "a socket";
	if (S_ISCHR(m) || S_ISBLK(m))
		return "a device";
	return "not a plain file";
}

/*
 * Open path read-only (flags: more open(2) flags, such as O_NOFOLLOW).
 * Returns a blocking descriptor of a regular file, or -1 with why
 * ("cannot open: ...", "not a regular file (a named pipe)") and errno set.
 */
int
regfile_open(const char *path, int flags, char *why, size_t whylen)
{
	struct stat sb;
	int fd, saved;

	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | flags)) == -1) {
		saved = errno;
		(void)snprintf(why, whylen, "cannot open: %s", strerror(errno));
		errno = saved;
		return -1;
	}
	if (fstat(fd, &sb) == -1) {
		saved = errno;
		(void)snprintf(why, whylen, "cannot stat: %s", strerror(errno));
		(void)close(fd);
		errno = saved;
		return -1;
	}
	if (!S_ISREG(sb.st_mode)) {
		(void)snprintf(why, whylen, "not a regular file (%s)",
		    regfile_kind(sb.st_mode));
		(void)close(fd);
		errno = EINVAL;
		return -1;
	}
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) == -1) {
		saved = errno;
		(void)snprintf(why, whylen, "cannot open: %s", strerror(errno));
		(void)close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

/* The same as a stdio stream ("r"); NULL with why. */
FILE *
regfile_fopen(const char *path, char *why, size_t whylen)
{
	FILE *fp;
	int fd;

	if ((fd = regfile_open(path, 0, why, whylen)) == -1)
		return NULL;
	if ((fp = fdopen(fd, "r")) == NULL) {
		(void)snprintf(why, whylen, "cannot open: %s", strerror(errno));
		(void)close(fd);
	}
	return fp;
}
