/* SPDX-License-Identifier: ISC */
/*
 * transcript.c: records, the hash chain, the file, its verification and a
 * Markdown rendering (markdown.c); see transcript.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "jsonenc.h"
#include "transcript.h"

/*
 * bin as lower-case hex, NUL-terminated (len * 2 + 1 bytes), as
 * sodium_bin2hex() writes it.  Chain heads are public (they are in the
 * file), so a table lookup does: sodium's constant-time version cost as
 * much per record as the rest of its framing.
 */
void
tr_hex(const uint8_t *bin, size_t len, char *out)
{
	/* both digits of each byte value: a copy of two per byte */
	static const char pairs[] =
	    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	    "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
	    "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
	    "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
	    "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
	    "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
	    "c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
	    "e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";
	size_t i;

	for (i = 0; i < len; i++)
		memcpy(out + 2 * i, pairs + 2 * bin[i], 2);
	out[2 * len] = '\0';
}

/*
 * The canonical bytes of a record: keys sorted, compact, reals with ten
 * significant digits (as on the wire).  Returns malloc'd text.
 */
char *
tr_canonical(const json_t *rec, size_t *lenp)
{
	return jsonenc(rec, lenp);
}

void
tr_chain_init(struct tr_chain *ch)
{
	memset(ch, 0, sizeof(*ch));
}

/* Add a record's bytes: the head becomes their hash. */
void
tr_chain_add(struct tr_chain *ch, const char *bytes, size_t len)
{
	(void)crypto_generichash(ch->head, TR_HASH_BYTES,
	    (const unsigned char *)bytes, len, NULL, 0);
	ch->records++;
}

json_t *
tr_header(const char *conversation, const char *started, const char *daemon,
    const char *kb_id, const char *kb_hash, const char *key_id)
{
	return json_pack("{s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:{s:s, s:s}, "
	    "s:s}", "type", "header", "format", TR_FORMAT, "seq", (json_int_t)0,
	    "conversation", conversation, "started", started, "daemon", daemon,
	    "protocol", "advisor.v1", "kb", "id", kb_id, "hash", kb_hash,
	    "key_id", key_id);
}

/* The next record after ch: a message msg (borrowed) going dir at time. */
json_t *
tr_record(const struct tr_chain *ch, const char *time, const char *dir,
    const json_t *msg)
{
	char prev[TR_HASH_BYTES * 2 + 1];

	tr_hex(ch->head, TR_HASH_BYTES, prev);
	return json_pack("{s:I, s:s, s:s, s:O, s:s}", "seq",
	    (json_int_t)ch->records, "time", time, "dir", dir, "msg", msg,
	    "prev", prev);
}

/*
 * The length of the record tr_record_put() writes after ch for a message
 * of msglen canonical bytes going dir at time (without a NUL); 0 when
 * msglen is too large to frame.
 */
size_t
tr_record_len(const struct tr_chain *ch, const char *time, const char *dir,
    size_t msglen)
{
	unsigned long long n = (unsigned long long)ch->records;
	size_t slen = 1;

	while (n >= 10) {
		n /= 10;
		slen++;
	}
	if (msglen > SIZE_MAX / 2)
		return 0;
	return 8 + strlen(dir) + 8 + msglen + 9 + TR_HASH_BYTES * 2 + 8 +
	    slen + 9 + strlen(time) + 2;
}

/*
 * Write into out the canonical bytes of the record tr_record() makes,
 * from the message's own canonical bytes msg (msglen bytes, as
 * tr_canonical() or proto_encode() wrote them) instead of the message: a
 * record's keys sort as dir < msg < prev < seq < time, so those bytes are
 * its "msg" member verbatim and the message need not be serialised
 * twice.  time and dir must need no escaping (an ISO time, "client" or
 * "server").  out holds tr_record_len() bytes, which are written, with
 * no NUL; the caller's buffer (a journal or .part tail) takes the record
 * where it is kept, without a copy of its own.
 */
void
tr_record_put(const struct tr_chain *ch, const char *time, const char *dir,
    const char *msg, size_t msglen, char *out)
{
	char seq[24], *sp = seq + sizeof(seq), *o = out;
	unsigned long long n = (unsigned long long)ch->records;

	do {				/* "%llu", without printf per record */
		*--sp = (char)('0' + n % 10);
		n /= 10;
	} while (n != 0);
#define TR_PUT(s, l)	(memcpy(o, (s), (l)), o += (l))
	TR_PUT("{\"dir\":\"", 8);
	TR_PUT(dir, strlen(dir));
	TR_PUT("\",\"msg\":", 8);
	TR_PUT(msg, msglen);
	TR_PUT(",\"prev\":\"", 9);
	tr_hex(ch->head, TR_HASH_BYTES, o);
	o += TR_HASH_BYTES * 2;
	TR_PUT("\",\"seq\":", 8);
	TR_PUT(sp, (size_t)(seq + sizeof(seq) - sp));
	TR_PUT(",\"time\":\"", 9);
	TR_PUT(time, strlen(time));
	TR_PUT("\"}", 2);
#undef TR_PUT
}

/*
 * tr_record_put() into a malloc'd buffer, NUL-terminated, of *lenp bytes
 * (lenp may be NULL).  NULL without memory.
 */
char *
tr_record_bytes(const struct tr_chain *ch, const char *time, const char *dir,
    const char *msg, size_t msglen, size_t *lenp)
{
	size_t len = tr_record_len(ch, time, dir, msglen);
	char *out;

	if (len == 0 || (out = malloc(len + 1)) == NULL)
		return NULL;
	tr_record_put(ch, time, dir, msg, msglen, out);
	out[len] = '\0';
	if (lenp != NULL)
		*lenp = len;
	return out;
}

/*
 * The transcript file from its records, given one per line (each line
 * ending in "\n", as a conversation's journal keeps them).
 */
char *
tr_file(const char *lines, size_t len, size_t *outlen)
{
	const char *s = lines, *end = lines + len;
	size_t nlines = 0, cap;
	char *out, *p;
	int first = 1;

	/* each line becomes its bytes, a comma and a newline */
	for (p = memchr(s, '\n', len); p != NULL;
	    p = memchr(p + 1, '\n', (size_t)(end - p - 1)))
		nlines++;
	cap = len + 2 * (nlines + 1) + sizeof(TR_OPEN_LINE) + sizeof(TR_CLOSE_LINE) +
	    4;
	if ((out = malloc(cap)) == NULL)
		return NULL;
	p = out;
	p += sprintf(p, "%s\n", TR_OPEN_LINE);
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t l = nl ? (size_t)(nl - s) : (size_t)(end - s);

		if (l > 0) {
			if (!first)
				p += sprintf(p, ",\n");
			memcpy(p, s, l);
			p += l;
			first = 0;
		}
		s += l + 1;
	}
	p += sprintf(p, "\n%s\n", TR_CLOSE_LINE);
	*outlen = (size_t)(p - out);
	return out;
}

char *
tr_trusted_comment(const char *conversation, uint64_t records,
    const uint8_t *head, const char *status, const char *kb_hash)
{
	char hex[TR_HASH_BYTES * 2 + 1], *s = NULL;

	tr_hex(head, TR_HASH_BYTES, hex);
	if (asprintf(&s, "%s conversation=%s records=%llu head=%s status=%s "
	    "kb=%s", TR_FORMAT, conversation, (unsigned long long)records, hex,
	    status, kb_hash) < 0)
		return NULL;
	return s;
}

static int verr(struct tr_verify *, long long, const char *, ...)
    __attribute__((format(printf, 3, 4)));

static int
verr(struct tr_verify *v, long long seq, const char *fmt, ...)
{
	va_list ap;

	v->bad_seq = seq;
	va_start(ap, fmt);
	(void)vsnprintf(v->error, sizeof(v->error), fmt, ap);
	va_end(ap);
	return -1;
}

static int
check_header(json_t *h, struct tr_verify *v)
{
	const char *type = json_string_value(json_object_get(h, "type"));
	const char *fmt = json_string_value(json_object_get(h, "format"));
	const char *conv = json_string_value(json_object_get(h,
	    "conversation"));
	const char *kh = json_string_value(json_object_get(json_object_get(h,
	    "kb"), "hash"));
	const char *kid = json_string_value(json_object_get(h, "key_id"));
	json_t *seq = json_object_get(h, "seq");

	if (type == NULL || strcmp(type, "header") != 0 || fmt == NULL ||
	    strcmp(fmt, TR_FORMAT) != 0 || conv == NULL || kh == NULL ||
	    kid == NULL || !json_is_integer(seq) ||
	    json_integer_value(seq) != 0)
		return verr(v, 0, "record 0 is not a valid header");
	(void)snprintf(v->conversation, sizeof(v->conversation), "%s", conv);
	(void)snprintf(v->kb_hash, sizeof(v->kb_hash), "%s", kh);
	(void)snprintf(v->key_id, sizeof(v->key_id), "%s", kid);
	return 0;
}

/*
 * Check a transcript file's structure and hash chain.  Returns 0 with the
 * record count, head and header facts in v, or -1 with v->error and the
 * first broken record's seq in v->bad_seq (-1 when the fault is outside
 * the records).
 */
int
tr_verify_file(const char *content, size_t len, struct tr_verify *v)
{
	const char *p = content, *end = content + len, *prev_line = NULL;
	size_t prev_len = 0, open_len = strlen(TR_OPEN_LINE);
	struct tr_chain ch;
	int last_seen = 0;

	memset(v, 0, sizeof(*v));
	v->bad_seq = -1;
	tr_chain_init(&ch);
	if (len < open_len + 1 || memcmp(p, TR_OPEN_LINE, open_len) != 0 ||
	    p[open_len] != '\n')
		return verr(v, -1, "the first line is not the "
		    TR_FORMAT " opening line");
	p += open_len + 1;
	for (;;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l;
		json_error_t jerr;
		json_t *rec, *seq, *prev;
		int comma;
		long long want = (long long)ch.records;

		if (nl == NULL)
			return verr(v, -1, "the file does not end with a "
			    "closing line");
		l = (size_t)(nl - p);
		if (l == strlen(TR_CLOSE_LINE) &&
		    memcmp(p, TR_CLOSE_LINE, l) == 0) {
			if (!last_seen && ch.records > 0)
				return verr(v, want, "the last record ends with "
				    "a comma: records are missing after "
				    "record %lld", want - 1);
			if (nl + 1 != end)
				return verr(v, -1, "bytes after the closing "
				    "line");
			break;
		}
		if (last_seen)
			return verr(v, want, "record %lld follows a record "
			    "with no comma", want);
		comma = l > 0 && p[l - 1] == ',';
		if (comma)
			l--;
		else
			last_seen = 1;
		rec = json_loadb(p, l, JSON_REJECT_DUPLICATES, &jerr);
		if (rec == NULL || !json_is_object(rec)) {
			json_decref(rec);
			return verr(v, want, "record %lld is not a JSON object",
			    want);
		}
		seq = json_object_get(rec, "seq");
		if (!json_is_integer(seq) || json_integer_value(seq) != want) {
			int has = json_is_integer(seq);

			json_decref(rec);
			return verr(v, want, "record %lld has seq %s: records "
			    "were removed, added or reordered", want,
			    has ? "out of order" : "missing");
		}
		if (want == 0) {
			if (check_header(rec, v) == -1) {
				json_decref(rec);
				return -1;
			}
		} else {
			char hex[TR_HASH_BYTES * 2 + 1];
			const char *dir;

			prev = json_object_get(rec, "prev");
			tr_hex(ch.head, TR_HASH_BYTES, hex);
			if (!json_is_string(prev) ||
			    strcmp(json_string_value(prev), hex) != 0) {
				json_decref(rec);
				/* the record before was altered, or this
				 * one's link was */
				return verr(v, want - 1, "record %lld does not "
				    "hash to the prev of record %lld: record "
				    "%lld was altered", want - 1, want,
				    want - 1);
			}
			dir = json_string_value(json_object_get(rec, "dir"));
			if (dir == NULL || (strcmp(dir, "client") != 0 &&
			    strcmp(dir, "server") != 0) ||
			    !json_is_object(json_object_get(rec, "msg")) ||
			    !json_is_string(json_object_get(rec, "time"))) {
				json_decref(rec);
				return verr(v, want, "record %lld lacks dir, "
				    "msg or time", want);
			}
		}
		json_decref(rec);
		(void)prev_line;
		prev_line = p;
		prev_len = l;
		tr_chain_add(&ch, p, l);
		p = nl + 1;
	}
	(void)prev_len;
	if (ch.records == 0)
		return verr(v, -1, "the transcript has no records");
	v->records = ch.records;
	memcpy(v->head, ch.head, TR_HASH_BYTES);
	return 0;
}

/*
 * Check that the signature's trusted comment speaks of this transcript:
 * same conversation, record count, chain head and knowledge base.
 */
int
tr_check_comment(const char *tc, const struct tr_verify *v, char *err,
    size_t errlen)
{
	char conv[200], head[100], status[40], kb[100], want[TR_HASH_BYTES * 2 +
	    1];
	unsigned long long records;

	if (sscanf(tc, TR_FORMAT " conversation=%199s records=%llu head=%99s "
	    "status=%39s kb=%99s", conv, &records, head, status, kb) != 5) {
		(void)snprintf(err, errlen, "the trusted comment is not an "
		    TR_FORMAT " comment");
		return -1;
	}
	tr_hex(v->head, TR_HASH_BYTES, want);
	if (strcmp(conv, v->conversation) != 0) {
		(void)snprintf(err, errlen, "the signature is for conversation "
		    "%s, the file is %s", conv, v->conversation);
		return -1;
	}
	if (records != v->records) {
		(void)snprintf(err, errlen, "the signature covers %llu records, "
		    "the file has %llu: records were %s", records,
		    (unsigned long long)v->records, records > v->records ?
		    "removed from the end" : "added");
		return -1;
	}
	if (strcmp(head, want) != 0) {
		(void)snprintf(err, errlen, "the chain head does not match the "
		    "signature: record %llu (the last) was altered",
		    (unsigned long long)v->records - 1);
		return -1;
	}
	if (strcmp(kb, v->kb_hash) != 0) {
		(void)snprintf(err, errlen, "the signature names knowledge base "
		    "%s, the header %s", kb, v->kb_hash);
		return -1;
	}
	return 0;
}
