/*
 * minisign.c: minisign formats over libsodium; see minisign.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "minisign.h"

#define SECKEY_BYTES	(2 + 2 + 2 + 32 + 8 + 8 + MINI_KEYID_BYTES + \
			 MINI_SK_BYTES + 32)		/* 158 */
#define PUBKEY_BYTES	(2 + MINI_KEYID_BYTES + MINI_PK_BYTES)	/* 42 */
#define SIG_BYTES	(2 + MINI_KEYID_BYTES + MINI_SIG_BYTES)	/* 74 */

static int merr(char *, size_t, const char *, ...)
    __attribute__((format(printf, 3, 4)));

static int
merr(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (err != NULL && len > 0) {
		va_start(ap, fmt);
		(void)vsnprintf(err, len, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* Key ids print as minisign 0.12 does: 16 hex digits of the LE value. */
void
mini_key_id_hex(const uint8_t *id, char *out)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = (v << 8) | id[i];
	(void)snprintf(out, 17, "%016llX", (unsigned long long)v);
}

int
mini_keygen(struct mini_key *k)
{
	if (sodium_init() < 0)
		return -1;
	randombytes_buf(k->key_id, sizeof(k->key_id));
	return crypto_sign_keypair(k->pk, k->sk);
}

void
mini_key_wipe(struct mini_key *k)
{
	sodium_memzero(k, sizeof(*k));
}

static char *
b64(const uint8_t *bin, size_t len)
{
	size_t n = sodium_base64_encoded_len(len,
	    sodium_base64_VARIANT_ORIGINAL);
	char *s = malloc(n);

	if (s != NULL)
		(void)sodium_bin2base64(s, n, bin, len,
		    sodium_base64_VARIANT_ORIGINAL);
	return s;
}

static char *
two_lines(const char *comment, const char *b64text)
{
	char *s = NULL;

	if (b64text == NULL || asprintf(&s, "untrusted comment: %s\n%s\n",
	    comment, b64text) < 0)
		s = NULL;
	return s;
}

char *
mini_pub_text(const struct mini_key *k)
{
	uint8_t bin[PUBKEY_BYTES];
	char id[17], comment[64], *t, *s;

	memcpy(bin, "Ed", 2);
	memcpy(bin + 2, k->key_id, MINI_KEYID_BYTES);
	memcpy(bin + 2 + MINI_KEYID_BYTES, k->pk, MINI_PK_BYTES);
	mini_key_id_hex(k->key_id, id);
	(void)snprintf(comment, sizeof(comment), "minisign public key %s", id);
	t = b64(bin, sizeof(bin));
	s = two_lines(comment, t);
	free(t);
	return s;
}

/*
 * An unencrypted secret key file, as "minisign -G -W" writes it, with its
 * checksum (BLAKE2b-256 of "Ed" || key_id || sk) filled in.
 */
char *
mini_sec_text(const struct mini_key *k)
{
	uint8_t bin[SECKEY_BYTES], *p = bin;
	crypto_generichash_state st;
	char *t, *s;

	memset(bin, 0, sizeof(bin));
	memcpy(p, "Ed", 2);
	p += 2;
	p += 2;				/* kdf "\0\0": not encrypted */
	memcpy(p, "B2", 2);
	p += 2;
	p += 32 + 8 + 8;		/* salt, opslimit, memlimit: unused */
	memcpy(p, k->key_id, MINI_KEYID_BYTES);
	memcpy(p + MINI_KEYID_BYTES, k->sk, MINI_SK_BYTES);
	(void)crypto_generichash_init(&st, NULL, 0, 32);
	(void)crypto_generichash_update(&st, (const uint8_t *)"Ed", 2);
	(void)crypto_generichash_update(&st, k->key_id, MINI_KEYID_BYTES);
	(void)crypto_generichash_update(&st, k->sk, MINI_SK_BYTES);
	(void)crypto_generichash_final(&st, p + MINI_KEYID_BYTES +
	    MINI_SK_BYTES, 32);
	t = b64(bin, sizeof(bin));
	s = two_lines("minisign encrypted secret key", t);
	sodium_memzero(bin, sizeof(bin));
	if (t != NULL) {
		sodium_memzero(t, strlen(t));
		free(t);
	}
	return s;
}

/* The second line of a two-line key file, decoded into bin (len bytes). */
static int
decode_line2(const char *text, size_t len, uint8_t *bin, size_t binlen,
    const char *what, char *err, size_t errlen)
{
	const char *nl = memchr(text, '\n', len), *l2, *end;
	size_t got;

	if (len < 19 || strncmp(text, "untrusted comment:", 18) != 0 ||
	    nl == NULL)
		return merr(err, errlen, "not a minisign %s file: the first "
		    "line must be an untrusted comment", what);
	l2 = nl + 1;
	end = memchr(l2, '\n', len - (size_t)(l2 - text));
	if (end == NULL)
		end = text + len;
	while (end > l2 && (end[-1] == '\r' || end[-1] == ' '))
		end--;
	if (sodium_base642bin(bin, binlen, l2, (size_t)(end - l2), NULL, &got,
	    NULL, sodium_base64_VARIANT_ORIGINAL) != 0 || got != binlen)
		return merr(err, errlen, "the %s is not %zu bytes of base64",
		    what, binlen);
	return 0;
}

int
mini_sec_parse(const char *text, size_t len, struct mini_key *k, char *err,
    size_t errlen)
{
	uint8_t bin[SECKEY_BYTES], chk[32], zero[32];
	crypto_generichash_state st;
	const uint8_t *p;

	if (decode_line2(text, len, bin, sizeof(bin), "secret key", err,
	    errlen) == -1)
		return -1;
	if (memcmp(bin, "Ed", 2) != 0 || memcmp(bin + 4, "B2", 2) != 0) {
		sodium_memzero(bin, sizeof(bin));
		return merr(err, errlen, "not an Ed25519 minisign secret key");
	}
	if (bin[2] != 0 || bin[3] != 0) {
		sodium_memzero(bin, sizeof(bin));
		return merr(err, errlen, "the secret key is encrypted; make one "
		    "with 'minisign -G -W' or 'advisor keygen'");
	}
	p = bin + 6 + 32 + 8 + 8;
	memcpy(k->key_id, p, MINI_KEYID_BYTES);
	memcpy(k->sk, p + MINI_KEYID_BYTES, MINI_SK_BYTES);
	memcpy(k->pk, k->sk + 32, MINI_PK_BYTES);
	/* minisign -G -W leaves the checksum zero; otherwise check it */
	memset(zero, 0, sizeof(zero));
	if (memcmp(p + MINI_KEYID_BYTES + MINI_SK_BYTES, zero, 32) != 0) {
		(void)crypto_generichash_init(&st, NULL, 0, 32);
		(void)crypto_generichash_update(&st, (const uint8_t *)"Ed", 2);
		(void)crypto_generichash_update(&st, k->key_id,
		    MINI_KEYID_BYTES);
		(void)crypto_generichash_update(&st, k->sk, MINI_SK_BYTES);
		(void)crypto_generichash_final(&st, chk, 32);
		if (sodium_memcmp(chk, p + MINI_KEYID_BYTES + MINI_SK_BYTES,
		    32) != 0) {
			sodium_memzero(bin, sizeof(bin));
			mini_key_wipe(k);
			return merr(err, errlen, "the secret key's checksum is "
			    "wrong: the file is damaged");
		}
	}
	sodium_memzero(bin, sizeof(bin));
	return 0;
}

int
mini_pub_parse(const char *text, size_t len, struct mini_pub *pub, char *err,
    size_t errlen)
{
	uint8_t bin[PUBKEY_BYTES];

	if (decode_line2(text, len, bin, sizeof(bin), "public key", err,
	    errlen) == -1)
		return -1;
	if (memcmp(bin, "Ed", 2) != 0)
		return merr(err, errlen, "not an Ed25519 minisign public key");
	memcpy(pub->key_id, bin + 2, MINI_KEYID_BYTES);
	memcpy(pub->pk, bin + 2 + MINI_KEYID_BYTES, MINI_PK_BYTES);
	return 0;
}

/*
 * Sign len bytes of data with trusted comment tc (one line).  Returns the
 * malloc'd .minisig text, or NULL.
 */
char *
mini_sign(const struct mini_key *k, const void *data, size_t len,
    const char *tc, const char *untrusted)
{
	uint8_t hash[crypto_generichash_BYTES_MAX], sig[SIG_BYTES];
	uint8_t *sig_tc, global[MINI_SIG_BYTES];
	char *l2, *l4, *out = NULL;
	size_t tclen = strlen(tc);

	if (tclen > MINI_TRUSTED_MAX || strpbrk(tc, "\r\n") != NULL ||
	    strlen(untrusted) > MINI_COMMENT_MAX)
		return NULL;
	(void)crypto_generichash(hash, sizeof(hash), data, len, NULL, 0);
	memcpy(sig, "ED", 2);
	memcpy(sig + 2, k->key_id, MINI_KEYID_BYTES);
	(void)crypto_sign_detached(sig + 2 + MINI_KEYID_BYTES, NULL, hash,
	    sizeof(hash), k->sk);
	if ((sig_tc = malloc(MINI_SIG_BYTES + tclen)) == NULL)
		return NULL;
	memcpy(sig_tc, sig + 2 + MINI_KEYID_BYTES, MINI_SIG_BYTES);
	memcpy(sig_tc + MINI_SIG_BYTES, tc, tclen);
	(void)crypto_sign_detached(global, NULL, sig_tc, MINI_SIG_BYTES + tclen,
	    k->sk);
	free(sig_tc);
	l2 = b64(sig, sizeof(sig));
	l4 = b64(global, sizeof(global));
	if (l2 != NULL && l4 != NULL &&
	    asprintf(&out, "untrusted comment: %s\n%s\ntrusted comment: %s\n"
	    "%s\n", untrusted, l2, tc, l4) < 0)
		out = NULL;
	free(l2);
	free(l4);
	return out;
}

/* The n-th line (0-based) of text, without its line end. */
static int
line_of(const char *text, size_t len, int n, const char **start,
    size_t *linelen)
{
	const char *p = text, *end = text + len;

	while (n-- > 0) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		if (nl == NULL)
			return -1;
		p = nl + 1;
	}
	if (p > end)
		return -1;
	*start = p;
	{
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		*linelen = nl ? (size_t)(nl - p) : (size_t)(end - p);
	}
	while (*linelen > 0 && p[*linelen - 1] == '\r')
		(*linelen)--;
	return 0;
}

/*
 * Verify sig (the .minisig text) over data with pub, as minisign -V does:
 * key id, the global signature over the trusted comment (copied to tc,
 * tclen bytes), then the signature over the file.  Returns 0 when all
 * hold; MINI_BAD_FILE when only the file does not match (the trusted
 * comment is then authentic, and tells what the signer signed); -1 else.
 */
int
mini_verify(const struct mini_pub *pub, const void *data, size_t len,
    const char *sigtext, size_t siglen, char *tc, size_t tclen, char *err,
    size_t errlen)
{
	uint8_t sig[SIG_BYTES], global[MINI_SIG_BYTES], *sig_tc;
	uint8_t hash[crypto_generichash_BYTES_MAX];
	const char *l;
	size_t ll, got;
	int legacy, ok;

	if (line_of(sigtext, siglen, 0, &l, &ll) == -1 || ll < 18 ||
	    strncmp(l, "untrusted comment:", 18) != 0)
		return merr(err, errlen, "signature: the first line must be "
		    "an untrusted comment");
	if (line_of(sigtext, siglen, 1, &l, &ll) == -1 ||
	    sodium_base642bin(sig, sizeof(sig), l, ll, NULL, &got, NULL,
	    sodium_base64_VARIANT_ORIGINAL) != 0 || got != sizeof(sig))
		return merr(err, errlen, "signature: the second line is not a "
		    "signature");
	if (memcmp(sig, "ED", 2) == 0)
		legacy = 0;
	else if (memcmp(sig, "Ed", 2) == 0)
		legacy = 1;
	else
		return merr(err, errlen, "signature: unknown algorithm");
	if (memcmp(sig + 2, pub->key_id, MINI_KEYID_BYTES) != 0)
		return merr(err, errlen, "signature: made with another key");
	if (line_of(sigtext, siglen, 2, &l, &ll) == -1 || ll < 17 ||
	    strncmp(l, "trusted comment: ", 17) != 0)
		return merr(err, errlen, "signature: the third line must be "
		    "the trusted comment");
	if (ll - 17 >= tclen)
		return merr(err, errlen, "signature: trusted comment too long");
	memcpy(tc, l + 17, ll - 17);
	tc[ll - 17] = '\0';
	{
		const char *l4;
		size_t l4len;

		if (line_of(sigtext, siglen, 3, &l4, &l4len) == -1 ||
		    sodium_base642bin(global, sizeof(global), l4, l4len, NULL,
		    &got, NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
		    got != sizeof(global))
			return merr(err, errlen, "signature: the fourth line is "
			    "not a signature");
	}
	if ((sig_tc = malloc(MINI_SIG_BYTES + strlen(tc))) == NULL)
		return merr(err, errlen, "out of memory");
	memcpy(sig_tc, sig + 2 + MINI_KEYID_BYTES, MINI_SIG_BYTES);
	memcpy(sig_tc + MINI_SIG_BYTES, tc, strlen(tc));
	ok = crypto_sign_verify_detached(global, sig_tc, MINI_SIG_BYTES +
	    strlen(tc), pub->pk) == 0;
	free(sig_tc);
	if (!ok)
		return merr(err, errlen, "signature: the trusted comment was "
		    "altered");
	if (legacy)
		ok = crypto_sign_verify_detached(sig + 2 + MINI_KEYID_BYTES,
		    data, len, pub->pk) == 0;
	else {
		(void)crypto_generichash(hash, sizeof(hash), data, len, NULL,
		    0);
		ok = crypto_sign_verify_detached(sig + 2 + MINI_KEYID_BYTES,
		    hash, sizeof(hash), pub->pk) == 0;
	}
	if (!ok) {
		(void)merr(err, errlen, "signature: does not match the file");
		return MINI_BAD_FILE;
	}
	return 0;
}
