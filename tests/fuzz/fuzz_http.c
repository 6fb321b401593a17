/* SPDX-License-Identifier: ISC */
/*
 * fuzz_http: libFuzzer target for the request headers the daemon itself
 * interprets (libwebsockets parses the request; these are our reading of
 * it): the Host allow-list and the Origin check (daemon/hostcheck.c), the
 * upgrade path and the Authorization header's API key.  An input is
 * lines: Host, Origin, path, Authorization (a missing line: no header).
 * The configuration is made once (origins, hosts and keys that inputs
 * can aim at) and not changed by an input.
 *
 *	build/fuzz/fuzz_http tests/fuzz/corpus-http -dict=tests/fuzz/http.dict
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "advisord.h"
#include "kbdir.h"

int LLVMFuzzerInitialize(int *, char ***);
int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct config conf;
static struct daemon dmn;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const struct conf_override ov[] = {
		{ "allowed_origin", "https://app.example.net" },
		{ "allowed_origin", "http://[::1]:8080" },
		{ "allowed_host", "chat.example.org" },
		{ "api_key", "irc:0123456789abcdef" },
	};
	struct errlist el;

	(void)argc;
	(void)argv;
	log_setlevel(LOG_LVL_ERR);
	errlist_init(&el);
	if (config_load(&conf, NULL, ov, sizeof(ov) / sizeof(ov[0]), &el) ==
	    -1) {
		kbdir_print(&el, stderr);
		abort();
	}
	errlist_free(&el);
	dmn.conf = &conf;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *line[4] = { NULL, NULL, NULL, NULL };
	char *p;
	struct conn cn;
	int i;

	if (buf == NULL)
		abort();
	memcpy(buf, data, size);
	buf[size] = '\0';
	for (i = 0, p = buf; i < 4 && p != NULL; i++) {
		line[i] = p;
		if ((p = strchr(p, '\n')) != NULL)
			*p++ = '\0';
	}
	(void)hostcheck_host(&conf, line[0]);
	(void)hostcheck_origin(&conf, line[1], line[0]);
	if (line[2] != NULL)
		(void)(strcmp(line[2], "/ws") == 0);
	if (line[3] != NULL && strncmp(line[3], "Bearer ", 7) == 0) {
		memset(&cn, 0, sizeof(cn));
		cn.d = &dmn;
		(void)conversation_auth(&cn, line[3] + 7);
	}
	free(buf);
	return 0;
}
