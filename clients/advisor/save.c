/* SPDX-License-Identifier: ISC */
/*
 * save.c: a transcript message as files anyone can verify.
 *
 *	DIR/FILE.json		the signed content, byte for byte
 *	DIR/FILE.json.minisig	its minisign signature
 *	DIR/FILE.md		the rendering for people (not signed)
 *	DIR/advisord.pub	the public key from welcome, when not there yet
 *
 * so that `advisor verify DIR/FILE.json -p DIR/advisord.pub` and
 * `minisign -Vm DIR/FILE.json -p DIR/advisord.pub` work at once.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "advisor.h"

/* A file name the daemon gave: one path component, ending in .json. */
static int
safe_name(const char *f)
{
	size_t n = f ? strlen(f) : 0;

	return n > 5 && n < 200 && f[0] != '.' && strchr(f, '/') == NULL &&
	    strcmp(f + n - 5, ".json") == 0;
}

/*
 * Save transcript message t (and the key of welcome w, may be NULL) under
 * dir.  Returns 0 with the content's path in path, or -1 with the reason
 * there.
 */
int
save_transcript(const char *dir, const json_t *t, const json_t *w,
    char *path, size_t len)
{
	const char *file = json_string_value(json_object_get(t, "file"));
	const char *content = json_string_value(json_object_get(t, "content"));
	const char *sig = json_string_value(json_object_get(t, "minisig"));
	const char *md = json_string_value(json_object_get(t, "markdown"));
	const char *pub = json_string_value(json_object_get(json_object_get(
	    w, "pubkey"), "minisign"));
	char p[PATH_MAX];

	if (content == NULL || sig == NULL) {
		(void)snprintf(path, len, "the transcript message has no "
		    "signed content");
		return -1;
	}
	if (!safe_name(file)) {
		(void)snprintf(path, len, "the transcript's file name is not "
		    "a plain *.json name");
		return -1;
	}
	(void)snprintf(p, sizeof(p), "%s/%s", dir, file);
	if (write_file_atomic(p, content, strlen(content), 0644) == -1)
		goto fail;
	(void)snprintf(p, sizeof(p), "%s/%s.minisig", dir, file);
	if (write_file_atomic(p, sig, strlen(sig), 0644) == -1)
		goto fail;
	if (md != NULL) {
		(void)snprintf(p, sizeof(p), "%s/%.*s.md", dir,
		    (int)strlen(file) - 5, file);
		if (write_file_atomic(p, md, strlen(md), 0644) == -1)
			goto fail;
	}
	(void)snprintf(p, sizeof(p), "%s/advisord.pub", dir);
	if (pub != NULL && access(p, F_OK) != 0 &&
	    write_file_atomic(p, pub, strlen(pub), 0644) == -1)
		goto fail;
	(void)snprintf(path, len, "%s/%s", dir, file);
	return 0;
fail:
	(void)snprintf(path, len, "cannot write '%s': %s", p, strerror(errno));
	return -1;
}
