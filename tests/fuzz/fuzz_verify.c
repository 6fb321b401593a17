/* SPDX-License-Identifier: ISC */
/*
 * fuzz_verify: libFuzzer target for what `advisor verify` reads: a
 * transcript file (protocol/transcript.c), its .minisig and a public key
 * (protocol/minisign.c), in the order cmd_verify uses them, plus the
 * secret key parser on the key part.  An input is the three files joined
 * by SEP lines: transcript SEP minisig SEP key.  Stateless.
 *
 *	build/fuzz/fuzz_verify tests/fuzz/corpus-verify -dict=tests/fuzz/verify.dict
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "minisign.h"
#include "transcript.h"

#define SEP	"\n--8<--\n"

int LLVMFuzzerInitialize(int *, char ***);
int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (sodium_init() < 0)
		abort();
	return 0;
}

/* The next part of [*p, end): up to SEP or the end. */
static void
part(const char **p, const char *end, const char **s, size_t *len)
{
	const char *sep = memmem(*p, (size_t)(end - *p), SEP, strlen(SEP));

	*s = *p;
	*len = sep ? (size_t)(sep - *p) : (size_t)(end - *p);
	*p = sep ? sep + strlen(SEP) : end;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *tr, *sig, *key;
	size_t trlen, siglen, keylen;
	char err[300], why[300], tc[MINI_TRUSTED_MAX + 32], *copy[3];
	struct mini_pub pub;
	struct mini_key sk;
	struct tr_verify v;
	int i;

	part(&p, end, &tr, &trlen);
	part(&p, end, &sig, &siglen);
	part(&p, end, &key, &keylen);
	/* each part in a buffer of its own size, as read_all() gives them,
	 * so that ASan sees any read past one */
	copy[0] = malloc(trlen + 1);
	copy[1] = malloc(siglen + 1);
	copy[2] = malloc(keylen + 1);
	if (copy[0] == NULL || copy[1] == NULL || copy[2] == NULL)
		abort();
	memcpy(copy[0], tr, trlen);
	memcpy(copy[1], sig, siglen);
	memcpy(copy[2], key, keylen);
	copy[0][trlen] = copy[1][siglen] = copy[2][keylen] = '\0';

	if (mini_sec_parse(copy[2], keylen, &sk, err, sizeof(err)) == 0)
		mini_key_wipe(&sk);
	(void)tr_verify_file(copy[0], trlen, &v);
	if (mini_pub_parse(copy[2], keylen, &pub, err, sizeof(err)) == 0) {
		int rc = mini_verify(&pub, copy[0], trlen, copy[1], siglen, tc,
		    sizeof(tc), err, sizeof(err));

		if (rc == 0 || rc == MINI_BAD_FILE)
			(void)tr_check_comment(tc, &v, why, sizeof(why));
	}
	/* the comment checker on its own, with whatever the file gave */
	if (siglen < sizeof(tc)) {
		memcpy(tc, copy[1], siglen + 1);
		(void)tr_check_comment(tc, &v, why, sizeof(why));
	}
	for (i = 0; i < 3; i++)
		free(copy[i]);
	return 0;
}
