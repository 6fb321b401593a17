/* SPDX-License-Identifier: ISC */
/*
 * kbdir.c: read a knowledge base's files from a directory and hand them to
 * the loader; print the errors it collects.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kbdir.h"

struct kbdir {
	const char	*dir;
	char		*buf;		/* the last file read */
};

/*
 * The kb_reader: file from the directory, at most max + 1 bytes of it (so
 * that the loader sees one too many), in a buffer kept until the next call.
 */
static const char *
kbdir_read(void *arg, const char *file, size_t max, size_t *lenp, char *why,
    size_t whylen)
{
	struct kbdir *kd = arg;
	char path[PATH_MAX];
	struct stat sb;
	size_t cap;
	FILE *fp;
	int fd, n;

	free(kd->buf);
	kd->buf = NULL;
	n = snprintf(path, sizeof(path), "%s/%s", kd->dir, file);
	if (n < 0 || (size_t)n >= sizeof(path)) {
		(void)snprintf(why, whylen, "path too long");
		return NULL;
	}
	/*
	 * O_NONBLOCK: opening a FIFO would otherwise wait for a writer, and
	 * a SIGHUP reload with it, the whole event loop.  Only a regular
	 * file is read (a device could be endless or block on read).
	 */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1) {
		(void)snprintf(why, whylen, "cannot open: %s", strerror(errno));
		return NULL;
	}
	if (fstat(fd, &sb) == -1) {
		(void)snprintf(why, whylen, "cannot stat: %s", strerror(errno));
		(void)close(fd);
		return NULL;
	}
	if (!S_ISREG(sb.st_mode)) {
		(void)snprintf(why, whylen, "not a regular file%s",
		    S_ISDIR(sb.st_mode) ? " (a directory)" : "");
		(void)close(fd);
		return NULL;
	}
	if ((fp = fdopen(fd, "rb")) == NULL) {
		(void)snprintf(why, whylen, "cannot open: %s", strerror(errno));
		(void)close(fd);
		return NULL;
	}
	cap = max + 1;
	if (sb.st_size >= 0 && (size_t)sb.st_size < max)
		cap = (size_t)sb.st_size + 1;
	if ((kd->buf = malloc(cap)) == NULL) {
		(void)snprintf(why, whylen, "out of memory");
		(void)fclose(fp);
		return NULL;
	}
	*lenp = fread(kd->buf, 1, cap, fp);
	if (ferror(fp)) {
		(void)snprintf(why, whylen, "cannot read: %s", strerror(errno));
		(void)fclose(fp);
		return NULL;
	}
	(void)fclose(fp);
	return kd->buf;
}

/* Load the knowledge base in directory dir; see kb_load(). */
struct kb *
kbdir_load(const char *dir, struct errlist *errs)
{
	struct kbdir kd = { dir, NULL };
	struct kb_reader rd = { dir, kbdir_read, &kd };
	struct kb *kb;

	kb = kb_load(&rd, errs);
	free(kd.buf);
	return kb;
}

/*
 * Every message of el, one a line, then how many were dropped.  A control
 * byte in a message (a path or a value from a file holds what its author
 * put there) is written \xNN, C1 controls (U+0080 to U+009F) too: a
 * terminal would obey them.
 */
void
kbdir_print(const struct errlist *el, FILE *fp)
{
	const unsigned char *p;
	size_t i;

	for (i = 0; i < el->n; i++) {
		for (p = (const unsigned char *)el->msgs[i]; *p != '\0'; p++) {
			if (*p < 0x20 || *p == 0x7f)
				fprintf(fp, "\\x%02x", *p);
			else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
				fprintf(fp, "\\x%02x\\x%02x", p[0], p[1]);
				p++;
			} else
				(void)fputc(*p, fp);
		}
		(void)fputc('\n', fp);
	}
	if (el->dropped > 0)
		fprintf(fp, "(%zu more errors not shown)\n", el->dropped);
}
