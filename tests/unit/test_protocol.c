/* SPDX-License-Identifier: ISC */
/*
 * test_protocol.c: the wire format (protocol/proto.c), the transcript
 * format and its hash chain (protocol/transcript.c) and minisign files
 * (protocol/minisign.c).
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "jsonenc.h"
#include "jsonflat.h"
#include "minisign.h"
#include "proto.h"
#include "render.h"
#include "transcript.h"

#define ARTICLE_KB	"knowledge/rust-vs-go-2026"

static int
decode(const char *text, struct proto_msg *m, struct proto_error *e)
{
	return proto_decode(text, strlen(text), m, e);
}

static void
expect_error(const char *text, const char *code, const char *needle)
{
	struct proto_msg m;
	struct proto_error e;

	assert_int_equal(decode(text, &m, &e), -1);
	if (strcmp(e.code, code) != 0)
		print_message("  %s -> %s: %s\n", text, e.code, e.message);
	assert_string_equal(e.code, code);
	if (needle != NULL)
		assert_non_null(strstr(e.message, needle));
	proto_msg_free(&m);
}

static void
test_decode_valid(void **state)
{
	struct proto_msg m;
	struct proto_error e;

	(void)state;
	assert_int_equal(decode("{\"type\":\"say\",\"id\":\"a1\",\"text\":"
	    "\"I write firmware\"}", &m, &e), 0);
	assert_int_equal(m.type, PT_SAY);
	assert_string_equal(m.id, "a1");
	assert_string_equal(m.text, "I write firmware");
	assert_null(m.conversation);
	proto_msg_free(&m);
	assert_int_equal(decode("{\"type\":\"command\",\"id\":\"x\",\"command\":"
	    "\"what_if\",\"question\":\"building\",\"choice\":\"wasm\","
	    "\"conversation\":\"irc:libera:#rust:alice\"}", &m, &e), 0);
	assert_int_equal(m.type, PT_COMMAND);
	assert_string_equal(m.conversation, "irc:libera:#rust:alice");
	assert_string_equal(m.choice, "wasm");
	proto_msg_free(&m);
	assert_int_equal(decode("{\"type\":\"hello\",\"id\":\"h\",\"resume\":"
	    "{\"conversation\":\"c-1\",\"token\":\"abc\",\"last_seq\":7}}", &m,
	    &e), 0);
	assert_string_equal(m.token, "abc");
	assert_int_equal(m.last_seq, 7);
	assert_int_equal(m.no_start, 0);
	proto_msg_free(&m);
	/* "start": false: a browser hello that starts no conversation */
	assert_int_equal(decode("{\"type\":\"hello\",\"id\":\"h\",\"start\":"
	    "false}", &m, &e), 0);
	assert_int_equal(m.no_start, 1);
	proto_msg_free(&m);
	assert_int_equal(decode("{\"type\":\"hello\",\"id\":\"h\",\"start\":"
	    "true}", &m, &e), 0);
	assert_int_equal(m.no_start, 0);
	proto_msg_free(&m);
}

static void
test_decode_errors(void **state)
{
	char big[PROTO_MAX_TEXT + 64];

	(void)state;
	expect_error("{nope", "bad_json", "invalid JSON");
	expect_error("[1,2]", "not_object", NULL);
	expect_error("{\"type\":\"say\",\"id\":\"a\"}", "missing_field",
	    "'text'");
	expect_error("{\"type\":\"say\",\"text\":\"x\"}", "missing_field",
	    "'id'");
	expect_error("{\"type\":\"fly\",\"id\":\"a\"}", "unknown_type", "fly");
	expect_error("{\"type\":\"say\",\"id\":\"a\",\"text\":3}",
	    "invalid_field", "'text'");
	expect_error("{\"type\":\"say\",\"id\":\"a b\",\"text\":\"x\"}",
	    "invalid_field", "'id'");
	expect_error("{\"type\":\"say\",\"id\":\"a\",\"text\":\"x\","
	    "\"colour\":1}", "invalid_field", "'colour'");
	expect_error("{\"type\":\"command\",\"id\":\"a\",\"command\":\"fly\"}",
	    "invalid_field", "fly");
	expect_error("{\"type\":\"command\",\"id\":\"a\",\"command\":"
	    "\"what_if\"}", "missing_field", "what_if");
	expect_error("{\"type\":\"say\",\"id\":\"a\",\"id\":\"b\",\"text\":"
	    "\"x\"}", "bad_json", "duplicate");
	expect_error("{\"type\":\"resume\",\"id\":\"a\",\"conversation\":\"c\","
	    "\"token\":\"t\",\"last_seq\":-1}", "invalid_field", "last_seq");
	expect_error("{\"type\":\"transcript\",\"id\":\"a\",\"format\":\"pdf\"}",
	    "invalid_field", "format");
	expect_error("{\"type\":\"hello\",\"id\":\"a\",\"start\":0}",
	    "invalid_field", "'start'");
	expect_error("{\"type\":\"say\",\"id\":\"a\",\"text\":\"x\","
	    "\"start\":false}", "invalid_field", "'start'");
	(void)snprintf(big, sizeof(big), "{\"type\":\"say\",\"id\":\"a\","
	    "\"text\":\"%0*d\"}", PROTO_MAX_TEXT + 1, 0);
	expect_error(big, "invalid_field", "'text'");
	/* every code the decoder gives is documented */
	assert_true(proto_error_known("bad_json"));
	assert_false(proto_error_known("made_up"));
}

/* The "limit" of an error (text, or NULL) for text's decoding. */
static void
expect_limit(const char *text, const char *limit)
{
	struct proto_msg m;
	struct proto_error e;

	assert_int_equal(decode(text, &m, &e), -1);
	if (limit == NULL)
		assert_null(e.limit);
	else {
		assert_non_null(e.limit);
		assert_string_equal(e.limit, limit);
	}
	proto_msg_free(&m);
}

/*
 * A string over its bound names the bound (a welcome.limits.message
 * member) in the error's limit; a refusal that is not about a bound
 * names none.
 */
static void
test_decode_limits(void **state)
{
	struct proto_msg m;
	struct proto_error e;
	char buf[PROTO_MAX_TEXT + 128];
	int depth = 2049, i;
	size_t n = 0;

	(void)state;
	(void)snprintf(buf, sizeof(buf), "{\"type\":\"say\",\"id\":\"a\","
	    "\"text\":\"%0*d\"}", PROTO_MAX_TEXT + 1, 0);
	expect_limit(buf, "max_text_bytes");
	(void)snprintf(buf, sizeof(buf), "{\"type\":\"say\",\"id\":\"a\","
	    "\"text\":\"%0*d\"}", PROTO_MAX_TEXT, 0);
	assert_int_equal(decode(buf, &m, &e), 0);	/* at the bound: taken */
	proto_msg_free(&m);
	(void)snprintf(buf, sizeof(buf), "{\"type\":\"say\",\"id\":\"%0*d\","
	    "\"text\":\"x\"}", PROTO_MAX_ID + 1, 0);
	expect_limit(buf, "max_id_bytes");
	(void)snprintf(buf, sizeof(buf), "{\"type\":\"choose\",\"id\":\"a\","
	    "\"question\":\"q\",\"choice\":\"%0*d\"}", PROTO_MAX_QID + 1, 0);
	expect_limit(buf, "max_choice_id_bytes");
	(void)snprintf(buf, sizeof(buf), "{\"type\":\"hello\",\"id\":\"a\","
	    "\"client\":\"%0*d\"}", PROTO_MAX_CLIENT + 1, 0);
	expect_limit(buf, "max_client_bytes");
	(void)snprintf(buf, sizeof(buf), "{\"type\":\"open\",\"id\":\"a\","
	    "\"conversation\":\"c\",\"meta\":{\"locale\":\"%0*d\"}}",
	    PROTO_MAX_META_LOCALE + 1, 0);
	expect_limit(buf, "max_meta_locale_bytes");
	for (i = 0; i < depth; i++)
		buf[n++] = '[';
	for (i = 0; i < depth; i++)
		buf[n++] = ']';
	buf[n] = '\0';
	expect_limit(buf, "max_json_depth");
	/* not bounds: an empty text, a wrong type, a long type word */
	expect_limit("{\"type\":\"say\",\"id\":\"a\",\"text\":\"\"}", NULL);
	expect_limit("{\"type\":\"say\",\"id\":\"a\",\"text\":3}", NULL);
	(void)snprintf(buf, sizeof(buf), "{\"type\":\"%0*d\",\"id\":\"a\"}",
	    40, 0);
	expect_limit(buf, NULL);
}

/* meta on open and say: bounded members, errors naming the member. */
static void
test_decode_meta(void **state)
{
	struct proto_msg m;
	struct proto_error e;
	char big[512];

	(void)state;
	assert_int_equal(decode("{\"type\":\"say\",\"id\":\"a\",\"text\":\"x\","
	    "\"meta\":{\"platform\":\"slack\",\"user\":\"U1\",\"name\":"
	    "\"Zo\u00eb\",\"channel\":\"#rust\",\"locale\":\"de-DE\"}}", &m,
	    &e), 0);
	assert_non_null(m.meta);
	assert_string_equal(json_string_value(json_object_get(m.meta,
	    "platform")), "slack");
	proto_msg_free(&m);
	assert_int_equal(decode("{\"type\":\"open\",\"id\":\"a\","
	    "\"conversation\":\"c\",\"meta\":{}}", &m, &e), 0);
	assert_non_null(m.meta);
	proto_msg_free(&m);
	assert_int_equal(decode("{\"type\":\"say\",\"id\":\"a\",\"text\":"
	    "\"x\"}", &m, &e), 0);
	assert_null(m.meta);
	proto_msg_free(&m);
	expect_error("{\"type\":\"say\",\"id\":\"a\",\"text\":\"x\","
	    "\"meta\":[]}", "invalid_field", "'meta' must be an object");
	expect_error("{\"type\":\"say\",\"id\":\"a\",\"text\":\"x\","
	    "\"meta\":{\"user\":1}}", "invalid_field", "'meta.user' must be "
	    "a string");
	expect_error("{\"type\":\"say\",\"id\":\"a\",\"text\":\"x\","
	    "\"meta\":{\"mail\":\"m\"}}", "invalid_field", "'meta.mail' is "
	    "not a field");
	expect_error("{\"type\":\"open\",\"id\":\"a\",\"conversation\":"
	    "\"c\",\"meta\":{\"locale\":\"en GB\"}}", "invalid_field",
	    "'meta.locale' must be printable");
	expect_error("{\"type\":\"open\",\"id\":\"a\",\"conversation\":"
	    "\"c\",\"meta\":{\"channel\":\"\"}}", "invalid_field",
	    "'meta.channel' must be 1 to 128 bytes");
	expect_error("{\"type\":\"say\",\"id\":\"a\",\"text\":\"x\","
	    "\"meta\":{\"user\":\"a\\u0000b\"}}", "bad_json", "\\u0000");
	(void)snprintf(big, sizeof(big), "{\"type\":\"say\",\"id\":\"a\","
	    "\"text\":\"x\",\"meta\":{\"name\":\"%0*d\"}}",
	    PROTO_MAX_META_FIELD + 1, 0);
	expect_error(big, "invalid_field", "'meta.name' must be 1 to 128");
	(void)snprintf(big, sizeof(big), "{\"type\":\"say\",\"id\":\"a\","
	    "\"text\":\"x\",\"meta\":{\"name\":\"%0*d\"}}",
	    PROTO_MAX_META_FIELD, 0);
	assert_int_equal(decode(big, &m, &e), 0);
	proto_msg_free(&m);
	/* only open and say have it */
	expect_error("{\"type\":\"end\",\"id\":\"a\",\"meta\":{}}",
	    "invalid_field", "'meta' is not a field");
	/* transcript may name a token (a final transcript) */
	assert_int_equal(decode("{\"type\":\"transcript\",\"id\":\"a\","
	    "\"conversation\":\"c\",\"token\":\"t0\"}", &m, &e), 0);
	assert_string_equal(m.token, "t0");
	proto_msg_free(&m);
}

/* A non-terminated buffer, as lws hands it over, is read to len only. */
static void
test_decode_length(void **state)
{
	const char buf[] = "{\"type\":\"say\",\"id\":\"a\",\"text\":\"x\"}GARBAGE";
	struct proto_msg m;
	struct proto_error e;

	(void)state;
	assert_int_equal(proto_decode(buf, strlen(buf) - 7, &m, &e), 0);
	proto_msg_free(&m);
	assert_int_equal(proto_decode(buf, strlen(buf), &m, &e), -1);
	proto_msg_free(&m);
}

/* Build a small transcript: header and n records, as the daemon does. */
static char *
sample(int n, struct tr_chain *ch, size_t *lenp)
{
	char *part = NULL, *line, *file;
	size_t plen = 0;
	json_t *h, *rec, *msg;
	int i;

	tr_chain_init(ch);
	h = tr_header("c-test", "2026-11-27T10:00:00.000Z", "advisord/test",
	    "kb", "00ff", "0123456789ABCDEF");
	line = tr_canonical(h, NULL);
	tr_chain_add(ch, line, strlen(line));
	assert_int_equal(asprintf(&part, "%s\n", line) > 0, 1);
	plen = strlen(part);
	free(line);
	json_decref(h);
	for (i = 0; i < n; i++) {
		char *p2;

		msg = json_pack("{s:s, s:i, s:s}", "type", "say", "seq", i,
		    "text", "caf\xc3\xa9 \"quoted\" \\ line");
		rec = tr_record(ch, "2026-11-27T10:00:01.000Z", i % 2 ?
		    "server" : "client", msg);
		line = tr_canonical(rec, NULL);
		{
			/* the record from the message's bytes is the same */
			size_t ml, rl;
			char *mb = proto_encode(msg, &ml);
			char *rb = tr_record_bytes(ch,
			    "2026-11-27T10:00:01.000Z", i % 2 ? "server" :
			    "client", mb, ml, &rl);

			assert_non_null(rb);
			assert_string_equal(rb, line);
			assert_int_equal(rl, strlen(line));
			free(mb);
			free(rb);
		}
		tr_chain_add(ch, line, strlen(line));
		assert_int_equal(asprintf(&p2, "%s%s\n", part, line) > 0, 1);
		free(part);
		part = p2;
		plen = strlen(part);
		free(line);
		json_decref(rec);
		json_decref(msg);
	}
	file = tr_file(part, plen, lenp);
	free(part);
	return file;
}

static void
test_transcript_chain(void **state)
{
	struct tr_chain ch;
	struct tr_verify v;
	size_t len, i;
	char *file = sample(5, &ch, &len), *copy;
	int rejected = 0;

	(void)state;
	assert_int_equal(tr_verify_file(file, len, &v), 0);
	assert_int_equal(v.records, 6);
	assert_memory_equal(v.head, ch.head, TR_HASH_BYTES);
	assert_string_equal(v.conversation, "c-test");
	/* the file is JSON, with the records in order */
	{
		json_t *j = json_loadb(file, len, 0, NULL);

		assert_non_null(j);
		assert_int_equal(json_array_size(json_object_get(j, "records")),
		    6);
		json_decref(j);
	}
	/* any one byte changed breaks the structure or the chain, except in
	 * the last record, which only the signature's head protects */
	copy = malloc(len);
	for (i = 0; i < len; i++) {
		struct tr_verify w;
		int ok;

		memcpy(copy, file, len);
		copy[i] ^= 0x01;
		ok = tr_verify_file(copy, len, &w) == 0;
		if (!ok || memcmp(w.head, v.head, TR_HASH_BYTES) != 0 ||
		    w.records != v.records)
			rejected++;
	}
	assert_int_equal(rejected, (int)len);
	free(copy);
	free(file);
}

static void
test_minisign_roundtrip(void **state)
{
	struct mini_key k, k2;
	struct mini_pub pub;
	char *pubtext, *sectext, *sig, tc[256], err[256];
	const char data[] = "some transcript bytes";
	size_t i;

	(void)state;
	assert_int_equal(mini_keygen(&k), 0);
	pubtext = mini_pub_text(&k);
	sectext = mini_sec_text(&k);
	assert_int_equal(mini_pub_parse(pubtext, strlen(pubtext), &pub, err,
	    sizeof(err)), 0);
	assert_int_equal(mini_sec_parse(sectext, strlen(sectext), &k2, err,
	    sizeof(err)), 0);
	assert_memory_equal(k.sk, k2.sk, MINI_SK_BYTES);
	assert_memory_equal(k.key_id, pub.key_id, MINI_KEYID_BYTES);
	sig = mini_sign(&k2, data, sizeof(data), "the trusted part", "hi");
	assert_non_null(sig);
	assert_int_equal(mini_verify(&pub, data, sizeof(data), sig, strlen(sig),
	    tc, sizeof(tc), err, sizeof(err)), 0);
	assert_string_equal(tc, "the trusted part");
	/* the data changed: only the file fails, the comment is authentic */
	assert_int_equal(mini_verify(&pub, data, sizeof(data) - 1, sig,
	    strlen(sig), tc, sizeof(tc), err, sizeof(err)), MINI_BAD_FILE);
	/* the trusted comment changed */
	{
		char *bad = strdup(sig), *t = strstr(bad, "trusted part");

		t[0] = 'T';
		assert_int_equal(mini_verify(&pub, data, sizeof(data), bad,
		    strlen(bad), tc, sizeof(tc), err, sizeof(err)), -1);
		assert_non_null(strstr(err, "trusted comment"));
		free(bad);
	}
	/* a corrupted secret key is refused, not used */
	for (i = 40; i < 60; i++) {
		char *bad = strdup(sectext);

		bad[i] = bad[i] == 'A' ? 'B' : 'A';
		(void)mini_sec_parse(bad, strlen(bad), &k2, err, sizeof(err));
		free(bad);
	}
	assert_int_equal(mini_sec_parse("untrusted comment: x\nnot base64\n",
	    31, &k2, err, sizeof(err)), -1);
	free(pubtext);
	free(sectext);
	free(sig);
}

static void
test_trusted_comment_binding(void **state)
{
	struct tr_chain ch;
	struct tr_verify v;
	char *file, *tc, err[300];
	size_t len;

	(void)state;
	file = sample(3, &ch, &len);
	assert_int_equal(tr_verify_file(file, len, &v), 0);
	tc = tr_trusted_comment("c-test", 4, ch.head, "complete", "00ff");
	assert_int_equal(tr_check_comment(tc, &v, err, sizeof(err)), 0);
	free(tc);
	tc = tr_trusted_comment("c-test", 5, ch.head, "complete", "00ff");
	assert_int_equal(tr_check_comment(tc, &v, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "removed from the end"));
	free(tc);
	tc = tr_trusted_comment("c-other", 4, ch.head, "complete", "00ff");
	assert_int_equal(tr_check_comment(tc, &v, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "c-other"));
	free(tc);
	free(file);
}

/* jsonenc() against json_dumps() with the wire's flags, on v. */
static void
expect_same_bytes(const json_t *v, const char *what)
{
	char *a = jsonenc(v, NULL);
	char *b = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS |
	    JSON_REAL_PRECISION(10));

	assert_non_null(b);
	if (a == NULL || strcmp(a, b) != 0)
		print_message("  %s:\n  jsonenc %s\n  jansson %s\n", what,
		    a ? a : "(null)", b);
	assert_non_null(a);
	assert_string_equal(a, b);
	free(a);
	free(b);
}

/*
 * The fast encoder writes what jansson writes: edge cases of strings,
 * keys, integers and reals, and every JSON file of the article's
 * knowledge base and of the golden conversations.
 */
static void
test_jsonenc_matches_jansson(void **state)
{
	static const char *texts[] = {
		"{}", "[]", "[[],{},[{}]]",
		"{\"b\":1,\"a\":2,\"ab\":3,\"\":4,\"A\":5,\"a\\n\":6}",
		"[\"q\\\"b\\\\s/\\b\\f\\n\\r\\t\\u0001\\u001f\\u007f\\u0000x\"]",
		"[\"\\u00e9\\u20ac\\ud83d\\ude00 \\u2028\"]",
		"[0,-1,1,9223372036854775807,-9223372036854775808,1000000]",
		"[0.0,-0.0,0.5,1.0,100.0,1e21,1e22,1.5e-7,0.1,0.3333333333333,"
		    "123456789012.0,1e300,-2.5e-300,12345678901234567890.0,"
		    "4.35,99.99999999999]",
		"[true,false,null,{\"x\":[1,{\"y\":null}]}]",
	};
	static const char *files[] = {
		ARTICLE_KB "/claims.json", ARTICLE_KB "/dialogue.json",
		ARTICLE_KB "/kb.json", ARTICLE_KB "/lexicon.json",
		ARTICLE_KB "/sections.json", ARTICLE_KB "/sources.json",
		ARTICLE_KB "/table.json", ARTICLE_KB "/topics.json",
	};
	json_t *v, *big;
	json_error_t err;
	char key[8];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		v = json_loads(texts[i], JSON_ALLOW_NUL, &err);
		if (v == NULL)
			print_message("  %s: %s\n", texts[i], err.text);
		assert_non_null(v);
		expect_same_bytes(v, texts[i]);
		json_decref(v);
	}
	/* more keys than the encoder sorts in place, inserted backwards */
	big = json_object();
	for (i = 0; i < 100; i++) {
		(void)snprintf(key, sizeof(key), "k%zu", 99 - i);
		(void)json_object_set_new(big, key, json_integer((json_int_t)i));
	}
	expect_same_bytes(big, "100 keys");
	json_decref(big);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		v = json_load_file(files[i], 0, &err);
		if (v == NULL)
			print_message("  %s: %s\n", files[i], err.text);
		assert_non_null(v);
		expect_same_bytes(v, files[i]);
		json_decref(v);
	}
	/* a value that is not an object or array is refused, as by jansson */
	v = json_integer(1);
	assert_null(jsonenc(v, NULL));
	json_decref(v);
}

/*
 * Strings with a byte to escape (or a non-ASCII one) at every offset of
 * the encoder's 8-byte words and after: where a word stops, the first
 * byte hit is found from its mask (jsonenc_plain()), not byte by byte.
 */
static void
test_jsonenc_escape_offsets(void **state)
{
	static const char special[] = "\"\\\x01\x1f\x7f\n\t\xc3";
	char s[32];
	size_t len, at, k, at2, i;
	json_t *v;

	(void)state;
	for (len = 1; len <= 26; len++)
		for (at = 0; at < len; at++)
			for (k = 0; k < sizeof(special) - 1; k++)
				for (at2 = at; at2 < len; at2 += 5) {
					memset(s, 'a' + (int)(at2 % 20), len);
					s[at] = special[k];
					s[at2] = special[(k + at2) %
					    (sizeof(special) - 1)];
					/* 0xc3 is made a whole "\xc3\xa9" */
					for (i = 0; i < len; i++) {
						if (s[i] != '\xc3')
							continue;
						if (i + 1 == len)
							s[i] = 'z';
						else
							s[++i] = '\xa9';
					}
					if ((v = json_stringn(s, len)) == NULL)
						continue;	/* not UTF-8 */
					v = json_pack("[o]", v);
					expect_same_bytes(v, "escape offsets");
					json_decref(v);
				}
}

/*
 * Reals, which jsonenc writes by hand when they are thousandths: every
 * k/1000 and k/100 near zero and near the bounds of that path, negatives,
 * values a hair off a thousandth, and random doubles of every magnitude,
 * encoded as jansson encodes them.
 */
static void
test_put_real_matches_jansson(void **state)
{
	static const double edges[] = {
		0.0, -0.0, 0.001, -0.001, 0.0005, 0.0001, 0.00099999, 1e-4,
		9999999.999, -9999999.999, 1e7, 1e7 - 0.001, 1e7 + 0.001,
		9999999.9995, 0.1, 0.2, 0.3, 0.7, 1.1, 2.675, 1.005, 123.456,
		1234567.891, 4.35, 0.125, 1.0 / 3, 2.0 / 3, 1e-300, 1e300,
	};
	json_t *a = json_array();
	size_t i, n = 0;
	long long k;
	uint64_t x = 0x9e3779b97f4a7c15ULL;

	(void)state;
	for (i = 0; i < sizeof(edges) / sizeof(edges[0]); i++)
		(void)json_array_append_new(a, json_real(edges[i]));
	for (k = -3000; k <= 3000; k++) {
		(void)json_array_append_new(a, json_real((double)k / 1000));
		(void)json_array_append_new(a, json_real((double)k / 100));
		(void)json_array_append_new(a, json_real((double)k * 0.001));
		(void)json_array_append_new(a, json_real(
		    nextafter((double)k / 1000, 1e9)));
	}
	for (k = 9999999000LL - 3000; k <= 9999999000LL + 3000; k++)
		(void)json_array_append_new(a, json_real((double)k / 1000));
	for (i = 0; i < 200000; i++) {
		double v;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		switch (i % 4) {
		case 0:	/* any finite double */
			memcpy(&v, &x, sizeof(v));
			if (!isfinite(v))
				continue;
			break;
		case 1:	/* thousandths up to the bound and past it */
			v = (double)(long long)(x % 20000000000ULL) / 1000 - 1e7;
			break;
		case 2:	/* sums of weights, as scores are */
			v = (double)(long long)(x % 4001) / 100 - 20 +
			    (double)(long long)((x >> 20) % 4001) / 100;
			break;
		default:	/* a product, as a confidence */
			v = (double)(x % 1000) / 1000 * ((double)((x >> 12) % 97) /
			    7);
			break;
		}
		(void)json_array_append_new(a, json_real(v));
		if (json_array_size(a) > 2000) {
			expect_same_bytes(a, "reals");
			n += json_array_size(a);
			json_array_clear(a);
		}
	}
	expect_same_bytes(a, "reals");
	n += json_array_size(a);
	json_decref(a);
	print_message("%zu reals compared\n", n);
	/* what json_real() refuses is refused, not written as "inf.0" */
	{
		static const double bad[] = { INFINITY, -INFINITY, NAN };
		struct strbuf b;

		strbuf_init(&b, 16);
		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			assert_null(json_real(bad[i]));
			assert_int_equal(jsonenc_put_real(&b, bad[i]), -1);
			assert_int_equal(b.len, 0);
		}
		assert_int_equal(jsonenc_put_real(&b, 0.5), 0);
		assert_string_equal(b.p, "0.5");
		free(strbuf_finish(&b, NULL));
	}
}

/*
 * A length that would wrap the buffer's new size fails the buffer (p
 * NULL) instead of a small allocation written past: an append, and a
 * string to quote.
 */
static void
test_strbuf_wrapping_length(void **state)
{
	struct strbuf b;

	(void)state;
	strbuf_init(&b, 16);
	strbuf_append(&b, "x", SIZE_MAX - 4);
	assert_null(b.p);
	assert_int_equal(b.len, 0);
	strbuf_append(&b, "x", 1);	/* stays failed */
	assert_null(b.p);
	strbuf_init(&b, 16);
	jsonenc_put_string(&b, "x", SIZE_MAX - 1);
	assert_null(b.p);
	strbuf_init(&b, 16);
	strbuf_append(&b, "ab", 2);
	assert_int_equal(strbuf_reserve(&b, SIZE_MAX / 2), -1);
	assert_null(b.p);
}

/*
 * A buffer with room before its text (strbuf_init_head(), a queue
 * entry's head): growing by printf and by append keeps the head bytes
 * and the text; strbuf_free() frees the whole block (valgrind, ASan).
 */
static void
test_strbuf_head(void **state)
{
	struct strbuf b;
	size_t i;

	(void)state;
	strbuf_init_head(&b, 16, 40);
	assert_non_null(b.p);
	memset(b.p - 40, 'h', 40);
	for (i = 0; i < 100; i++)
		strbuf_append(&b, "0123456789", 10);
	strbuf_printf(&b, "%0300d", 7);
	assert_int_equal(b.len, 1300);
	assert_memory_equal(b.p, "0123456789", 10);
	assert_int_equal(b.p[b.len - 1], '7');
	for (i = 0; i < 40; i++)
		assert_int_equal(b.p[(long)i - 40], 'h');
	strbuf_free(&b);
	assert_null(b.p);
	strbuf_free(&b);	/* empty: nothing */
	/* a plain buffer frees the same way */
	strbuf_init(&b, 16);
	strbuf_append(&b, "ab", 2);
	strbuf_free(&b);
	assert_null(b.p);
}

/*
 * The same tree, members in the same order, as json_loadb() with
 * JSON_REJECT_DUPLICATES gives (jsonflat_load() may decline, never
 * differ): equal values and the same key at each position.
 */
static int
same_tree_ordered(json_t *a, json_t *b)
{
	void *ia, *ib;

	if (!json_equal(a, b) || json_object_size(a) != json_object_size(b))
		return 0;
	for (ia = json_object_iter(a), ib = json_object_iter(b); ia != NULL;
	    ia = json_object_iter_next(a, ia), ib = json_object_iter_next(b,
	    ib))
		if (ib == NULL || json_object_iter_key_len(ia) !=
		    json_object_iter_key_len(ib) || memcmp(
		    json_object_iter_key(ia), json_object_iter_key(ib),
		    json_object_iter_key_len(ia)) != 0)
			return 0;
	return ib == NULL;
}

/*
 * Check one input both ways, and the canonical bytes the fast path made
 * against jsonenc() of jansson's tree; returns 1 when the fast path took
 * it.
 */
static int
flat_check(const char *text, size_t len)
{
	char *canon, *want;
	size_t clen;
	json_t *a = jsonflat_load(text, len, &canon, &clen), *b;
	json_error_t err;

	if (a == NULL) {
		assert_null(canon);
		return 0;
	}
	b = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
	if (b == NULL || !same_tree_ordered(a, b))
		print_message("  jsonflat took %.*s, jansson: %s\n", (int)len,
		    text, b ? "another tree" : err.text);
	assert_non_null(b);
	assert_true(same_tree_ordered(a, b));
	want = jsonenc(b, NULL);
	assert_non_null(want);
	if (canon != NULL) {
		if (strlen(want) != clen || memcmp(want, canon, clen) != 0)
			print_message("  %.*s: canonical %.*s, jsonenc %s\n",
			    (int)len, text, (int)clen, canon, want);
		assert_int_equal(clen, strlen(want));
		assert_memory_equal(canon, want, clen);
	}
	free(want);
	free(canon);
	json_decref(a);
	json_decref(b);
	return 1;
}

/* Two C strings, either NULL, alike. */
static int
same_str(const char *a, const char *b)
{
	return a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0;
}

/*
 * proto_decode() of buf as its tree path gives it (proto_decode_tree()):
 * outcome, error, fields and canonical bytes.  1 when they agree, and
 * *fast set when proto_decode() took its fast path (no tree).
 */
static int
decode_check(const char *buf, size_t len, int *fast)
{
	struct proto_msg a, b;
	struct proto_error ea, eb;
	int ra = proto_decode(buf, len, &a, &ea);
	int rb = proto_decode_tree(buf, len, &b, &eb);
	char *want = b.root != NULL ? jsonenc(b.root, NULL) : NULL;
	int ok = ra == rb && (ra == 0 || (strcmp(ea.code, eb.code) == 0 &&
	    strcmp(ea.message, eb.message) == 0)) && same_str(a.id, b.id) &&
	    (ra == -1 || (a.type == b.type &&
	    same_str(a.conversation, b.conversation) &&
	    same_str(a.text, b.text) && a.text_len == b.text_len &&
	    same_str(a.question, b.question) &&
	    same_str(a.choice, b.choice) &&
	    same_str(a.command, b.command) && same_str(a.token, b.token) &&
	    a.last_seq == b.last_seq && (a.meta == NULL) == (b.meta == NULL) &&
	    (a.root != NULL || (a.canon != NULL && want != NULL &&
	    a.canon_len == strlen(want) && strcmp(a.canon, want) == 0))));

	if (!ok)
		print_message("  %.*s: decoded %d/%d, %s / %s\n", (int)len, buf,
		    ra, rb, ra == -1 ? ea.message : "", rb == -1 ? eb.message :
		    "");
	*fast = ra == 0 && a.root == NULL;
	free(want);
	proto_msg_free(&a);
	proto_msg_free(&b);
	return ok;
}

/*
 * A flat say, choose or command is decoded without a JSON tree; every
 * message, taken or refused, decodes as the tree decodes it (the same
 * fields and canonical bytes, or the same error): a client cannot tell
 * the two apart.
 */
static void
test_decode_flat_as_tree(void **state)
{
	static const char *fast[] = {
		"{\"type\":\"say\",\"id\":\"1\",\"text\":\"hi\"}",
		"{\"id\":\"a.b\",\"conversation\":\"c-1\",\"type\":\"say\","
		    "\"text\":\"caf\xc3\xa9 [x] {y} it's\"}",
		"{\"type\":\"choose\",\"id\":\"s0.12\",\"question\":\"team\","
		    "\"choice\":\"small\"}",
		"{\"type\":\"command\",\"id\":\"7\",\"command\":\"restart\"}",
		"{\"type\":\"command\",\"id\":\"7\",\"command\":\"change\","
		    "\"question\":\"team\"}",
		"{\"type\":\"command\",\"id\":\"7\",\"command\":\"what_if\","
		    "\"question\":\"team\",\"choice\":\"small\"}",
	};
	static const char *tree[] = {
		"{\"type\":\"say\",\"id\":\"1\",\"text\":\"\"}",
		"{\"type\":\"say\",\"id\":\"1\"}",
		"{\"type\":\"say\",\"text\":\"x\"}",
		"{\"type\":\"say\",\"id\":\"\",\"text\":\"x\"}",
		"{\"type\":\"say\",\"id\":\"a b\",\"text\":\"x\"}",
		"{\"type\":\"say\",\"id\":1,\"text\":\"x\"}",
		"{\"type\":\"say\",\"id\":\"1\",\"text\":2}",
		"{\"type\":\"say\",\"id\":\"1\",\"text\":\"x\",\"meta\":\"m\"}",
		"{\"type\":\"say\",\"id\":\"1\",\"text\":\"x\",\"meta\":{}}",
		"{\"type\":\"say\",\"id\":\"1\",\"text\":\"x\",\"choice\":\"c\"}",
		"{\"type\":\"say\",\"id\":\"1\",\"text\":\"a\\nb\"}",
		"{\"type\":\"say\",\"id\":\"1\",\"text\":\"x\",\"text\":\"y\"}",
		"{\"type\":\"say\",\"id\":\"1\",\"text\":\"x\",\"conversation\":\"\"}",
		"{\"type\":\"say\",\"id\":\"1\",\"text\":\"x\",\"conversation\":\"a b\"}",
		"{\"type\":\"Say\",\"id\":\"1\",\"text\":\"x\"}",
		"{\"type\":\"choose\",\"id\":\"1\",\"question\":\"q\"}",
		"{\"type\":\"choose\",\"id\":\"1\",\"question\":\"q r\","
		    "\"choice\":\"c\"}",
		"{\"type\":\"command\",\"id\":\"1\",\"command\":\"fly\"}",
		"{\"type\":\"command\",\"id\":\"1\",\"command\":\"what_if\","
		    "\"question\":\"q\"}",
		"{\"type\":\"command\",\"id\":\"1\",\"command\":\"change\"}",
		"{\"type\":\"end\",\"id\":\"1\"}",
		"{\"type\":\"hello\",\"id\":\"1\"}",
		"{\"type\":\"nop\"}", "[]", "{", "",
	};
	static const char alphabet[] = "{}\":, \t0_yqctsaeh\\\xc3\xa9";
	char buf[400];
	size_t i, k, n, took = 0;
	uint32_t seed = 4242;
	int f;

	(void)state;
	for (i = 0; i < sizeof(fast) / sizeof(fast[0]); i++) {
		assert_int_equal(decode_check(fast[i], strlen(fast[i]), &f), 1);
		assert_int_equal(f, 1);
	}
	for (i = 0; i < sizeof(tree) / sizeof(tree[0]); i++) {
		assert_int_equal(decode_check(tree[i], strlen(tree[i]), &f), 1);
		assert_int_equal(f, 0);
	}
	/* the bounds: a say's text of PROTO_MAX_TEXT bytes, and one more */
	for (k = PROTO_MAX_TEXT; k <= PROTO_MAX_TEXT + 1; k++) {
		char *big = malloc(k + 64);

		assert_non_null(big);
		n = (size_t)sprintf(big, "{\"type\":\"say\",\"id\":\"1\",\"text\":\"");
		memset(big + n, 'a', k);
		memcpy(big + n + k, "\"}", 2);
		assert_int_equal(decode_check(big, n + k + 2, &f), 1);
		assert_int_equal(f, k == PROTO_MAX_TEXT);
		free(big);
	}
	/* random mutations: whatever either path makes of them, they agree */
	for (i = 0; i < 100000; i++) {
		const char *base = i % 2 ? fast[i / 2 % (sizeof(fast) /
		    sizeof(fast[0]))] : tree[i / 2 % (sizeof(tree) /
		    sizeof(tree[0]))];

		n = strlen(base);
		memcpy(buf, base, n);
		for (k = 0; k < 1 + i % 3; k++) {
			seed = seed * 1103515245u + 12345u;
			if (n == 0)
				break;
			buf[(seed >> 8) % n] =
			    alphabet[(seed >> 20) % (sizeof(alphabet) - 1)];
		}
		assert_int_equal(decode_check(buf, n, &f), 1);
		took += f;
	}
	assert_true(took > 1000);
}

static void
test_jsonflat_matches_jansson(void **state)
{
	/* taken: the shapes clients send */
	static const char *taken[] = {
		"{}", " {} ", "{\"type\":\"choose\",\"id\":\"s0.12\","
		    "\"question\":\"team\",\"choice\":\"small\"}",
		"{\"type\":\"resume\",\"id\":\"1\",\"conversation\":\"c\","
		    "\"token\":\"t\",\"last_seq\":0}",
		"\t{ \"a\" : \"\" ,\r\n\"b\":123456789012345678 }\n",
		"{\"type\":\"say\",\"id\":\"x\",\"text\":\"caf\xc3\xa9 \xe2\x82\xac "
		    "\xf0\x9f\x98\x80 it's 'fine'\"}",
		"{\"\":\"\"}", "{\"z\":1,\"a\":2,\"m\":0}",
	};
	/* declined (jansson decides): escapes, other values, errors */
	static const char *declined[] = {
		"", " ", "[]", "{", "}", "{\"a\"}", "{\"a\":}", "{\"a\":1,}",
		"{,}", "{\"a\":1 \"b\":2}", "{\"a\":1}x", "{\"a\":1}{}",
		"{\"a\":\"\\n\"}", "{\"a\\u0041\":1}", "{\"a\":\"b\tc\"}",
		"{\"a\":-1}", "{\"a\":01}", "{\"a\":1.5}", "{\"a\":1e3}",
		"{\"a\":1234567890123456789}",
		"{\"a\":66666666666666666666666666666666}", "{\"a\":true}", "{\"a\":null}",
		"{\"a\":{}}", "{\"a\":[]}", "{\"a\":1,\"a\":2}",
		"{\"a\":\"\xc3\"}", "{\"a\":\"\xed\xa0\x80\"}", "{\"a\":\"\xc0\xaf\"}",
		"{\"a\":\"x\"", "{\"a\":\"x", "\xef\xbb\xbf{}", "{\"a\":1}\v",
	};
	static const char alphabet[] = "{}[]\":,  \t\n0019-.eabtrue\\\xc3\xa9";
	char buf[48];
	size_t i, k, n, took = 0;
	uint32_t seed = 12345;

	(void)state;
	for (i = 0; i < sizeof(taken) / sizeof(taken[0]); i++) {
		char *canon;
		size_t clen;
		json_t *j;

		assert_int_equal(flat_check(taken[i], strlen(taken[i])), 1);
		/* and the canonical bytes are made (CANON_MEMBERS) */
		j = jsonflat_load(taken[i], strlen(taken[i]), &canon, &clen);
		assert_non_null(canon);
		free(canon);
		json_decref(j);
	}
	for (i = 0; i < sizeof(declined) / sizeof(declined[0]); i++)
		assert_null(jsonflat_load(declined[i], strlen(declined[i]),
		    NULL, NULL));
	/* a NUL inside is declined too (lws buffers carry lengths) */
	assert_null(jsonflat_load("{\"a\":\"b\0\"}", 10, NULL, NULL));
	/* random mutations of messages: whatever it takes, jansson agrees */
	for (i = 0; i < 200000; i++) {
		const char *base = taken[i % (sizeof(taken) / sizeof(taken[0]))];

		n = strlen(base) < sizeof(buf) ? strlen(base) : sizeof(buf);
		memcpy(buf, base, n);
		for (k = 0; k < 1 + i % 3; k++) {
			seed = seed * 1103515245u + 12345u;
			if (n == 0)
				break;
			buf[(seed >> 8) % n] =
			    alphabet[(seed >> 20) % (sizeof(alphabet) - 1)];
		}
		took += (size_t)flat_check(buf, n);
	}
	assert_true(took > 1000);
}

/* render_printf() as it was: vsnprintf() for every format. */
static void ref_printf(struct render_buf *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

static void
ref_printf(struct render_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->full)
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->buf + b->len, sizeof(b->buf) - b->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(b->buf) - b->len) {
		size_t at = sizeof(b->buf) - 4;

		while (at > 0 && ((unsigned char)b->buf[at] & 0xC0) == 0x80)
			at--;
		(void)memcpy(b->buf + at, "...", 4);
		b->len = at + 3;
		b->full = 1;
		return;
	}
	b->len += (size_t)n;
}

/*
 * render_printf()'s own formatting of %s, %d and %zu gives vsnprintf()'s
 * bytes, truncated where it truncates (numbers straddling the end).
 */
static void
test_render_printf_matches_vsnprintf(void **state)
{
	static struct render_buf a, b;
	static const int ints[] = { 0, 1, -1, 9, 10, -10, 12345, INT_MAX,
	    INT_MIN };
	static const size_t sizes[] = { 0, 1, 9, 10, 99, 4096, SIZE_MAX };
	static const char *strs[] = { "", "x", "label with words", NULL };
	size_t fill, i, j, k;

	(void)state;
	/* every fill near both ends, a few between */
	for (fill = 0; fill < sizeof(a.buf); fill = fill < 64 ||
	    fill >= sizeof(a.buf) - 64 ? fill + 1 : fill + 997 <
	    sizeof(a.buf) - 64 ? fill + 997 : sizeof(a.buf) - 64)
		for (i = 0; i < sizeof(ints) / sizeof(ints[0]); i++)
			for (j = 0; j < sizeof(sizes) / sizeof(sizes[0]); j++)
				for (k = 0; k < sizeof(strs) / sizeof(strs[0]);
				    k++) {
		render_buf_init(&a);
		render_buf_init(&b);
		memset(a.buf, 'p', fill);
		a.buf[fill] = '\0';
		a.len = fill;
		memcpy(&b, &a, sizeof(a));
		render_printf(&a, "  %zu. %s\n", sizes[j], strs[k]);
		ref_printf(&b, "  %zu. %s\n", sizes[j], strs[k]);
		render_printf(&a, "%s(step %d of about %d) %s\n", strs[k],
		    ints[i], ints[(i + 3) % 9], strs[(k + 1) % 4]);
		ref_printf(&b, "%s(step %d of about %d) %s\n", strs[k],
		    ints[i], ints[(i + 3) % 9], strs[(k + 1) % 4]);
		render_printf(&a, "%d%zu%d", ints[i], sizes[j], ints[8 - i]);
		ref_printf(&b, "%d%zu%d", ints[i], sizes[j], ints[8 - i]);
		assert_int_equal(a.len, b.len);
		assert_int_equal(a.full, b.full);
		assert_memory_equal(a.buf, b.buf, a.len + 1);
	}
}

/*
 * A text of multi-byte characters that fills the plain buffer is cut at a
 * character's start: the "..." never follows half a character.
 */
/* render_pct() prints what snprintf("%.0f%%") prints: ties, edges, odd. */
static void
test_render_pct_as_printf(void **state)
{
	static const double odd[] = { 0.0, -0.0, 0.5, 1.5, 2.5, 99.5, 100.5,
	    0.49999999999999994, 50.000000000000007, -1.5, 1e15, 1e16,
	    4503599627370495.5, NAN, INFINITY, -INFINITY, 1e300 };
	char got[32], want[32];
	size_t i;
	unsigned k;

	(void)state;
	for (i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
		(void)snprintf(want, sizeof(want), "%.0f%%", odd[i]);
		assert_string_equal(render_pct(got, sizeof(got), odd[i]), want);
	}
	/* confidences as the engine makes them: c * 100, c in [0, 1] */
	for (k = 0; k <= 200000; k++) {
		double v = (double)k / 200000 * 100;

		(void)snprintf(want, sizeof(want), "%.0f%%", v);
		assert_string_equal(render_pct(got, sizeof(got), v), want);
		v = nextafter(v, 200);
		(void)snprintf(want, sizeof(want), "%.0f%%", v);
		assert_string_equal(render_pct(got, sizeof(got), v), want);
	}
}

static void
test_render_printf_cut_utf8(void **state)
{
	static struct render_buf a;
	static char text[RENDER_PLAIN_MAX + 64];
	static const char *chars[] = { "\xc3\xa9", "\xe2\x80\x94",
	    "\xf0\x9f\xa6\x80" };
	size_t c, lead, i, k, w;

	(void)state;
	for (c = 0; c < 3; c++)
		for (lead = 0; lead < 4; lead++) {
			w = strlen(chars[c]);
			memset(text, 'a', lead);
			for (i = lead; i + w < sizeof(text); i += w)
				memcpy(text + i, chars[c], w);
			text[i] = '\0';
			render_buf_init(&a);
			render_printf(&a, "%s", text);
			assert_true(a.full);
			assert_int_equal(a.len, strlen(a.buf));
			assert_true(a.len >= sizeof(a.buf) - 4 - 3);
			assert_string_equal(a.buf + a.len - 3, "...");
			/* every character before the "..." is whole */
			for (k = lead; k < a.len - 3; k += w)
				assert_memory_equal(a.buf + k, chars[c], w);
			assert_int_equal((a.len - 3 - lead) % w, 0);
		}
}

/*
 * A frozen value is written as its kept text wherever it appears, and
 * thawing (in any order, which moves entries in the table) forgets it.
 */
static void
test_jsonenc_frozen(void **state)
{
	json_t *v[200], *msg = json_object(), *arr = json_array();
	char *a, *b;
	size_t i;

	(void)state;
	for (i = 0; i < 200; i++) {
		v[i] = json_pack("{s:i, s:s, s:[i, f]}", "n", (int)i, "text",
		    "caf\xc3\xa9 \"q\"\n", "xs", (int)i, i / 7.0);
		assert_int_equal(jsonenc_freeze(v[i]), 0);
		(void)json_array_append(arr, v[i]);
		(void)json_array_append(arr, v[i]);
	}
	(void)json_object_set(msg, "all", arr);
	(void)json_object_set_new(msg, "type", json_string("answer"));
	for (i = 0; i < 200; i += (i % 3) + 1) {
		a = jsonenc(msg, NULL);
		b = json_dumps(msg, JSON_COMPACT | JSON_SORT_KEYS |
		    JSON_REAL_PRECISION(10));
		assert_string_equal(a, b);
		free(a);
		free(b);
		jsonenc_thaw(v[(i * 37) % 200]);
		/* changed after thawing: the new text must show */
		(void)json_object_set_new(v[(i * 37) % 200], "changed",
		    json_true());
	}
	a = jsonenc(msg, NULL);
	b = json_dumps(msg, JSON_COMPACT | JSON_SORT_KEYS |
	    JSON_REAL_PRECISION(10));
	assert_string_equal(a, b);
	free(a);
	free(b);
	for (i = 0; i < 200; i++) {
		jsonenc_thaw(v[i]);
		json_decref(v[i]);
	}
	json_decref(arr);
	json_decref(msg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_valid),
		cmocka_unit_test(test_decode_errors),
		cmocka_unit_test(test_decode_meta),
		cmocka_unit_test(test_decode_limits),
		cmocka_unit_test(test_decode_length),
		cmocka_unit_test(test_transcript_chain),
		cmocka_unit_test(test_jsonenc_matches_jansson),
		cmocka_unit_test(test_jsonenc_escape_offsets),
		cmocka_unit_test(test_put_real_matches_jansson),
		cmocka_unit_test(test_strbuf_wrapping_length),
		cmocka_unit_test(test_strbuf_head),
		cmocka_unit_test(test_jsonenc_frozen),
		cmocka_unit_test(test_jsonflat_matches_jansson),
		cmocka_unit_test(test_decode_flat_as_tree),
		cmocka_unit_test(test_render_printf_matches_vsnprintf),
		cmocka_unit_test(test_render_printf_cut_utf8),
		cmocka_unit_test(test_render_pct_as_printf),
		cmocka_unit_test(test_minisign_roundtrip),
		cmocka_unit_test(test_trusted_comment_binding),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests_name("protocol", tests, NULL, NULL);
}
