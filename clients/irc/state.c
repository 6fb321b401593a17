/* SPDX-License-Identifier: ISC */
/*
 * state.c: what the bridge must not forget, kept in one JSON file.
 *
 * Written whole, to a temporary file in the same directory that is
 * fsync'ed and renamed over the old one, and the directory fsync'ed: after
 * a crash the file is the old state or the new one, never a mix.  A
 * missing file is an empty state; a broken one is an error, not silently
 * an empty state, since that would lose every conversation.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "state.h"

/*
 * The state in path: a JSON object, {} when there is no file yet.  NULL
 * with err filled when it cannot be read or is not a state.
 */
json_t *
state_load(const char *path, char *err, size_t errlen)
{
	json_error_t je;
	json_t *j;

	if (access(path, F_OK) != 0 && errno == ENOENT)
		return json_object();
	j = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
	if (j == NULL) {
		(void)snprintf(err, errlen, "%s: line %d: %s", path, je.line,
		    je.text);
		return NULL;
	}
	if (!json_is_object(j)) {
		(void)snprintf(err, errlen, "%s: not a JSON object", path);
		json_decref(j);
		return NULL;
	}
	return j;
}

/* Replace path with state, atomically and durably.  -1 with err filled. */
int
state_save(const char *path, const json_t *state, char *err, size_t errlen)
{
	char tmp[PATH_MAX], dir[PATH_MAX], *text;
	size_t len;
	int fd;

	if ((text = json_dumps(state, JSON_COMPACT | JSON_SORT_KEYS)) == NULL) {
		(void)snprintf(err, errlen, "out of memory");
		return -1;
	}
	len = strlen(text);
	if (len > STATE_MAX_BYTES) {
		(void)snprintf(err, errlen, "the state would be %zu bytes, "
		    "more than the %u allowed", len, STATE_MAX_BYTES);
		free(text);
		return -1;
	}
	(void)snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600)) == -1)
		goto fail;
	if (write(fd, text, len) != (ssize_t)len || write(fd, "\n", 1) != 1 ||
	    fsync(fd) == -1) {
		(void)close(fd);
		goto fail;
	}
	if (close(fd) == -1 || rename(tmp, path) == -1)
		goto fail;
	(void)snprintf(dir, sizeof(dir), "%s", path);
	if ((fd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) !=
	    -1) {
		(void)fsync(fd);
		(void)close(fd);
	}
	free(text);
	return 0;
fail:
	(void)snprintf(err, errlen, "cannot write %s: %s", path,
	    strerror(errno));
	(void)unlink(tmp);
	free(text);
	return -1;
}
