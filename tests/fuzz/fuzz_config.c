/* SPDX-License-Identifier: ISC */
/*
 * fuzz_config: libFuzzer target for configuration files (daemon/config.c:
 * the inih reader with our line filter, every setting's value parser, the
 * checks across settings).  Each input is one file, loaded as `advisord -c`
 * loads it, then freed; nothing survives from one input to the next.
 *
 *	build/fuzz/fuzz_config tests/fuzz/corpus-config -dict=tests/fuzz/config.dict
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "advisord.h"

int LLVMFuzzerInitialize(int *, char ***);
int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int fd = -1;
static char path[64];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* the file lives in memory; config_load opens it by name */
	if ((fd = memfd_create("fuzz-config", 0)) == -1)
		abort();
	(void)snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	log_setlevel(LOG_LVL_ERR);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config c;
	struct errlist el;

	if (ftruncate(fd, 0) == -1 || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	errlist_init(&el);
	(void)config_load(&c, path, NULL, 0, &el);
	/* what -n reads back: where each setting was set, and the nearest
	 * known name for the input as an unknown one */
	{
		char name[80];
		size_t n = size < sizeof(name) - 1 ? size : sizeof(name) - 1;

		memcpy(name, data, n);
		name[n] = '\0';
		(void)config_suggest(name);
		(void)config_where(&c, "listen");
		(void)config_failed(&c, "state_dir");
	}
	config_free(&c);
	errlist_free(&el);
	return 0;
}
