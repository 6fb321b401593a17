/* SPDX-License-Identifier: ISC */
/*
 * fuzz_journal: libFuzzer target for journal recovery (daemon/store.c,
 * store_recover): the bytes a crash left in the journal are read back at
 * start.  Each input becomes the journal segments of a fresh state
 * directory (split at SEP into up to four segments, so that the "last
 * segment" rules and records journaled twice are reached); the store is
 * opened, recovered and closed, and every recovered conversation goes
 * through what the daemon does with it (tr_file, tr_verify_file,
 * tr_markdown).  The directory is emptied after each input.
 *
 *	build/fuzz/fuzz_journal tests/fuzz/corpus-journal -dict=tests/fuzz/journal.dict
 */
#include <dirent.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "advisord.h"
#include "transcript.h"

#define SEP	"\n--8<--\n"

int LLVMFuzzerInitialize(int *, char ***);
int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char state[64];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	(void)snprintf(state, sizeof(state), "/dev/shm/fuzz-journal-XXXXXX");
	if (mkdtemp(state) == NULL) {
		(void)snprintf(state, sizeof(state), "/tmp/fuzz-journal-XXXXXX");
		if (mkdtemp(state) == NULL)
			abort();
	}
	log_setlevel(LOG_LVL_ERR);
	return 0;
}

/* Remove every file in state/sub. */
static void
empty(const char *sub)
{
	char path[512];
	struct dirent *de;
	DIR *dir;

	(void)snprintf(path, sizeof(path), "%s/%s", state, sub);
	if ((dir = opendir(path)) == NULL)
		return;
	while ((de = readdir(dir)) != NULL) {
		if (de->d_name[0] == '.' && (de->d_name[1] == '\0' ||
		    (de->d_name[1] == '.' && de->d_name[2] == '\0')))
			continue;
		(void)snprintf(path, sizeof(path), "%s/%s/%s", state, sub,
		    de->d_name);
		(void)unlink(path);
	}
	closedir(dir);
}

/*
 * What recover_one (daemon/transcript.c) does with a recovered
 * conversation: read its meta, rebuild its .part, and make, verify and
 * render its transcript file.
 */
static void
recovered(void *arg, const struct store_rec *sr)
{
	struct store *s = arg;
	json_t *mj = json_loadb(sr->meta, strlen(sr->meta), 0, NULL);
	size_t i, plen = 0, clen;
	char *part, *p, *content;
	struct tr_verify v;

	(void)json_string_value(json_object_get(mj, "owner"));
	json_decref(mj);
	(void)limits_recs_heard(sr->recs, sr->n);
	for (i = 0; i < sr->n; i++)
		plen += strlen(sr->recs[i]) + 1;
	if ((part = malloc(plen + 1)) == NULL)
		abort();
	for (i = 0, p = part; i < sr->n; i++)
		p += sprintf(p, "%s\n", sr->recs[i]);
	if ((content = tr_file(part, plen, &clen)) != NULL) {
		(void)tr_verify_file(content, clen, &v);
		free(tr_markdown(content, clen));
	}
	free(content);
	free(part);
	(void)store_part_ensure(s, sr->id, sr->recs, sr->n);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *q = (const char *)data, *end = q + size;
	struct store *s;
	int seg;

	if ((s = store_open(state, SYNC_OFF)) == NULL)
		abort();
	for (seg = 0; seg < 4 && q <= end; seg++) {
		const char *sep = memmem(q, (size_t)(end - q), SEP, strlen(SEP));
		size_t len = sep ? (size_t)(sep - q) : (size_t)(end - q);
		char path[512];
		int fd;

		(void)snprintf(path, sizeof(path), "%s/journal/seg-%016x.log",
		    state, seg);
		if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600)) ==
		    -1 || write(fd, q, len) != (ssize_t)len)
			abort();
		(void)close(fd);
		if (sep == NULL)
			break;
		q = sep + strlen(SEP);
	}
	(void)store_recover(s, recovered, s);
	store_close(s);
	empty("journal");
	empty("transcripts");
	return 0;
}
