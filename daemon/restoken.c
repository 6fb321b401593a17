/* SPDX-License-Identifier: ISC */
/*
 * restoken.c: what is kept of a conversation's resume token, and how a
 * token presented by a client is checked against it.
 *
 * The token is 64 hex characters given to the client at welcome/opened.
 * The daemon keeps its SHA-256 (hex) beside it in memory, and compares
 * tokens by hashing the one presented and comparing the hashes in
 * constant time: so a conversation whose clear token is not known here
 * (taken over from PostgreSQL, whose meta line keeps only the hash,
 * review hb17 HB17-3) is checked exactly as one created here.
 *
 * A journal meta line names the token as "token" (clear: the local
 * journal, a 0600 file of the daemon, and journals of older versions) or
 * as "token_sha256" (the shared store).  Both are read.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "advisord.h"

/* token's SHA-256 as lowercase hex into out. */
void
restoken_hash(const char *token, char out[RESTOKEN_HASH_HEX + 1])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	(void)crypto_hash_sha256(h, (const unsigned char *)token,
	    strlen(token));
	(void)sodium_bin2hex(out, RESTOKEN_HASH_HEX + 1, h, sizeof(h));
}

/*
 * 1 when token (as presented by a client) hashes to hash, 0 otherwise.
 * Constant time in the hashes compared.
 */
int
restoken_matches(const char *token, const char *hash)
{
	char mine[RESTOKEN_HASH_HEX + 1];

	if (token == NULL || hash == NULL ||
	    strlen(hash) != RESTOKEN_HASH_HEX)
		return 0;
	restoken_hash(token, mine);
	return sodium_memcmp(mine, hash, RESTOKEN_HASH_HEX) == 0;
}

static int
is_hash_hex(const char *s)
{
	size_t i;

	if (s == NULL || strlen(s) != RESTOKEN_HASH_HEX)
		return 0;
	for (i = 0; i < RESTOKEN_HASH_HEX; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

/*
 * The token of a journal meta line: its hash into hash, and *clear the
 * clear token when the line has it (borrowed from meta), else NULL.
 * Returns -1 when the line has neither a token nor a well-formed hash.
 */
int
restoken_from_meta(json_t *meta, char hash[RESTOKEN_HASH_HEX + 1],
    const char **clear)
{
	const char *t = json_string_value(json_object_get(meta, "token"));
	const char *h = json_string_value(json_object_get(meta,
	    "token_sha256"));

	*clear = NULL;
	if (t != NULL && t[0] != '\0' && strlen(t) <= RESTOKEN_HASH_HEX) {
		restoken_hash(t, hash);
		*clear = t;
		return 0;
	}
	if (is_hash_hex(h)) {
		memcpy(hash, h, RESTOKEN_HASH_HEX + 1);
		return 0;
	}
	return -1;
}

/*
 * meta (a journal meta line) as the shared store keeps it: a clear
 * "token" replaced by its "token_sha256" (a line without one is copied).
 * Returns a string to free, or NULL (not JSON, out of memory).
 */
char *
restoken_meta_hashed(const char *meta)
{
	char hash[RESTOKEN_HASH_HEX + 1];
	const char *t;
	json_t *m;
	char *out;

	if ((m = json_loadb(meta, strlen(meta), 0, NULL)) == NULL ||
	    !json_is_object(m)) {
		json_decref(m);
		return NULL;
	}
	if ((t = json_string_value(json_object_get(m, "token"))) != NULL) {
		restoken_hash(t, hash);
		if (json_object_set_new(m, "token_sha256", json_string(hash))
		    == -1 || json_object_del(m, "token") == -1) {
			json_decref(m);
			return NULL;
		}
	}
	out = json_dumps(m, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(m);
	return out;
}
