/* SPDX-License-Identifier: ISC */
/*
 * minisign.h: minisign key and signature files, made and checked with
 * libsodium, byte for byte as Debian's minisign 0.11 reads and writes them.
 *
 *	public key	"untrusted comment: ...\n" base64("Ed" key_id pk) "\n"
 *	secret key	"untrusted comment: ...\n" base64("Ed" kdf "B2" salt
 *			ops mem key_id sk chk) "\n", unencrypted (kdf "\0\0")
 *	signature	"untrusted comment: ...\n" base64("ED" key_id sig) "\n"
 *			"trusted comment: T\n" base64(global_sig) "\n"
 *
 * With algorithm "ED" the signature covers BLAKE2b-512 of the file, and
 * the global signature covers sig || T, so the trusted comment is
 * authenticated too.  Functions return 0 or -1 with a message in err.
 */
#ifndef MINISIGN_H
#define MINISIGN_H

#include <stddef.h>
#include <stdint.h>

#define MINI_KEYID_BYTES	8
#define MINI_PK_BYTES		32
#define MINI_SK_BYTES		64
#define MINI_SIG_BYTES		64
#define MINI_COMMENT_MAX	1000	/* untrusted comment line */
#define MINI_TRUSTED_MAX	8173	/* trusted comment, as minisign */
#define MINI_BAD_FILE		(-2)	/* mini_verify: only the file differs */

struct mini_key {
	uint8_t	key_id[MINI_KEYID_BYTES];
	uint8_t	sk[MINI_SK_BYTES];	/* libsodium layout: seed, then pk */
	uint8_t	pk[MINI_PK_BYTES];
};

struct mini_pub {
	uint8_t	key_id[MINI_KEYID_BYTES];
	uint8_t	pk[MINI_PK_BYTES];
};

int	 mini_keygen(struct mini_key *);
void	 mini_key_id_hex(const uint8_t *, char *);
char	*mini_pub_text(const struct mini_key *);
char	*mini_sec_text(const struct mini_key *);
int	 mini_sec_parse(const char *, size_t, struct mini_key *, char *,
	    size_t);
int	 mini_pub_parse(const char *, size_t, struct mini_pub *, char *,
	    size_t);
char	*mini_sign(const struct mini_key *, const void *, size_t,
	    const char *, const char *);
int	 mini_verify(const struct mini_pub *, const void *, size_t,
	    const char *, size_t, char *, size_t, char *, size_t);
void	 mini_key_wipe(struct mini_key *);

#endif
