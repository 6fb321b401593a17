/* SPDX-License-Identifier: ISC */
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

/*
 * Files are read the way minisign 0.11 reads them, so that both accept
 * and refuse the same files: each line with fgets(3) into a buffer of
 * minisign's size (a longer line is cut, and its rest read as the next
 * line), then minisign's trim(): the line ends at its first CR or LF, and
 * a line read without its LF was too long.
 */
#define MS_COMMENT_BUF	1024		/* COMMENTMAXBYTES */
#define MS_TRUSTED_BUF	8192		/* TRUSTEDCOMMENTMAXBYTES */
#define MS_B64_BUF(bin)	(((bin) + 2) / 3 * 4 + 1 + 2)

/* fgets(3) over text from *pos into buf (size bytes); -1 at the end. */
static int
ms_fgets(const char *text, size_t len, size_t *pos, char *buf, size_t size)
{
	size_t n = 0;

	if (*pos >= len)
		return -1;
	while (n + 1 < size && *pos < len)
		if ((buf[n++] = text[(*pos)++]) == '\n')
			break;
	buf[n] = '\0';
	return 0;
}

/* minisign's trim(): cut at the first CR or LF; did the line have its LF? */
static int
ms_trim(char *s)
{
	size_t n = strcspn(s, "\r\n");
	int lf = strchr(s, '\n') != NULL;

	s[n] = '\0';
	return lf;
}

/*
 * The second line of a two-line key file, decoded into bin (len bytes).
 * As minisign, the first line is not looked at (but must be there).
 */
static int
decode_line2(const char *text, size_t len, uint8_t *bin, size_t binlen,
    const char *what, char *err, size_t errlen)
{
	char line[MS_COMMENT_BUF], b64[MS_B64_BUF(158)];
	size_t got, pos = 0;
	int rc = 0;

	if (ms_fgets(text, len, &pos, line, sizeof(line)) == -1 ||
	    ms_fgets(text, len, &pos, b64, MS_B64_BUF(binlen)) == -1)
		rc = merr(err, errlen, "not a minisign %s file: it has no "
		    "second line", what);
	else {
		(void)ms_trim(b64);
		if (sodium_base642bin(bin, binlen, b64, strlen(b64), NULL,
		    &got, NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
		    got != binlen)
			rc = merr(err, errlen, "the %s is not %zu bytes of "
			    "base64", what, binlen);
	}
	sodium_memzero(b64, sizeof(b64));
	return rc;
}

int
mini_sec_parse(const char *text, size_t len, struct mini_key *k, char *err,
    size_t errlen)
{
	uint8_t bin[SECKEY_BYTES], chk[32], zero[32];
	crypto_generichash_state st;
	const uint8_t *p;

	if (decode_line2(text, len, bin, sizeof(bin), "secret key", err,
	    errlen) == -1) {
		struct mini_pub pub;
		char perr[8];

		/* the usual slip: the .pub next to it (minisign -G writes both) */
		if (mini_pub_parse(text, len, &pub, perr, sizeof(perr)) == 0)
			(void)merr(err, errlen, "this is a minisign public key; "
			    "give the secret key file (minisign -G writes both; "
			    "the secret one is not the .pub)");
		return -1;
	}
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

/*
 * The four lines of a .minisig, read as minisign 0.11's sig_load() reads
 * them: the untrusted comment (its prefix checked, its length bounded),
 * the signature, the trusted comment (into tc, MS_TRUSTED_BUF bytes) and
 * the global signature; anything after is not read.
 */
static int
mini_verify_read(const char *text, size_t len, char *tc,
    uint8_t sig[SIG_BYTES], uint8_t global[MINI_SIG_BYTES], char *err,
    size_t errlen)
{
	char line[MS_COMMENT_BUF];
	size_t pos = 0, got;

	if (ms_fgets(text, len, &pos, line, MS_COMMENT_BUF) == -1)
		return merr(err, errlen, "signature: the file is empty");
	if (!ms_trim(line))
		return merr(err, errlen, "signature: the untrusted comment is "
		    "too long (minisign reads at most %d bytes)",
		    MS_COMMENT_BUF - 2);
	if (strncmp(line, "untrusted comment: ", 19) != 0)
		return merr(err, errlen, "signature: the first line must "
		    "start with \"untrusted comment: \"");
	if (ms_fgets(text, len, &pos, line, MS_B64_BUF(SIG_BYTES)) == -1)
		return merr(err, errlen, "signature: the second line is "
		    "missing");
	if (!ms_trim(line))
		return merr(err, errlen, "signature: the second line is too "
		    "long");
	if (sodium_base642bin(sig, SIG_BYTES, line, strlen(line), NULL, &got,
	    NULL, sodium_base64_VARIANT_ORIGINAL) != 0 || got != SIG_BYTES)
		return merr(err, errlen, "signature: the second line is not a "
		    "signature");
	if (ms_fgets(text, len, &pos, tc, MS_TRUSTED_BUF) == -1)
		return merr(err, errlen, "signature: the trusted comment is "
		    "missing");
	if (strncmp(tc, "trusted comment: ", 17) != 0)
		return merr(err, errlen, "signature: the third line must start "
		    "with \"trusted comment: \"");
	memmove(tc, tc + 17, strlen(tc + 17) + 1);
	if (!ms_trim(tc))
		return merr(err, errlen, "signature: trusted comment too long");
	if (ms_fgets(text, len, &pos, line, MS_B64_BUF(MINI_SIG_BYTES)) == -1)
		return merr(err, errlen, "signature: the fourth line is "
		    "missing");
	(void)ms_trim(line);	/* minisign does not ask for its LF */
	if (sodium_base642bin(global, MINI_SIG_BYTES, line, strlen(line), NULL,
	    &got, NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    got != MINI_SIG_BYTES)
		return merr(err, errlen, "signature: the fourth line is not a "
		    "signature");
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
	char *comment;
	int legacy, ok, rc;

	if ((comment = malloc(MS_TRUSTED_BUF)) == NULL)
		return merr(err, errlen, "out of memory");
	rc = mini_verify_read(sigtext, siglen, comment, sig, global, err,
	    errlen);
	if (rc == 0 && strlen(comment) >= tclen)
		rc = merr(err, errlen, "signature: trusted comment too long");
	if (rc == 0)
		memcpy(tc, comment, strlen(comment) + 1);
	free(comment);
	if (rc == -1)
		return -1;
	if (memcmp(sig, "ED", 2) == 0)
		legacy = 0;
	else if (memcmp(sig, "Ed", 2) == 0)
		legacy = 1;
	else
		return merr(err, errlen, "signature: unknown algorithm");
	if (memcmp(sig + 2, pub->key_id, MINI_KEYID_BYTES) != 0)
		return merr(err, errlen, "signature: made with another key");
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
