/* SPDX-License-Identifier: ISC */
/*
 * fuzz_proto: libFuzzer target for what a client can send: the protocol
 * decoder, and for messages that decode, the dialogue engine that handles
 * them, taken the daemon's way: input_from_msg(), dialogue_input(), and
 * render_json() for every event (free text goes through tokenizing,
 * matching, search and every renderer).  Every decoded message and every
 * rendered one must encode (jsonenc.c) to the bytes json_dumps() gives,
 * and jsonflat.c's fast parse must give json_loadb()'s tree when it
 * takes an input.  The events render_json_bytes() writes straight to
 * bytes must be the bytes of render_json()'s tree with the daemon's
 * envelope added.
 * Build with `make fuzz`; run as
 *
 *	build/fuzz/fuzz_proto tests/fuzz/corpus -dict=tests/fuzz/proto.dict
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "dialogue.h"
#include "jsonenc.h"
#include "jsonflat.h"
#include "kbdir.h"
#include "proto.h"
#include "render.h"
#include "strbuf.h"
#include "transcript.h"

int LLVMFuzzerInitialize(int *, char ***);
int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct kb *kb;
static struct dlg conversation;
static struct dlg_events events;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct errlist el;

	(void)argc;
	(void)argv;
	json_object_seed(1);
	errlist_init(&el);
	if ((kb = kbdir_load("knowledge/rust-vs-go-2026", &el)) == NULL) {
		kbdir_print(&el, stderr);
		abort();
	}
	errlist_free(&el);
	dialogue_init(&conversation, kb);
	return 0;
}

/* jsonenc() and json_dumps() must agree byte for byte. */
/* Two C strings, either NULL, alike. */
static int
same_str(const char *a, const char *b)
{
	return a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0;
}

/*
 * proto_decode() decodes buf as its tree path does (proto_decode_tree()):
 * the same outcome, the same error, the same fields and canonical bytes
 * (the fast path's flat say, choose and command included).
 */
static void
same_decode(const char *buf, size_t len)
{
	struct proto_msg a, b;
	struct proto_error ea, eb;
	int ra = proto_decode(buf, len, &a, &ea);
	int rb = proto_decode_tree(buf, len, &b, &eb);
	char *want = b.root != NULL ? jsonenc(b.root, NULL) : NULL;

	if (ra != rb || (ra == -1 && (strcmp(ea.code, eb.code) != 0 ||
	    strcmp(ea.message, eb.message) != 0)) || !same_str(a.id, b.id) ||
	    (ra == 0 && (a.type != b.type ||
	    !same_str(a.conversation, b.conversation) ||
	    !same_str(a.text, b.text) || a.text_len != b.text_len ||
	    !same_str(a.question, b.question) ||
	    !same_str(a.choice, b.choice) ||
	    !same_str(a.command, b.command) || !same_str(a.token, b.token) ||
	    a.last_seq != b.last_seq || (a.meta == NULL) != (b.meta == NULL) ||
	    (a.root == NULL && (a.canon == NULL || want == NULL ||
	    strcmp(a.canon, want) != 0 || a.canon_len != strlen(want))))))
		abort();
	free(want);
	proto_msg_free(&a);
	proto_msg_free(&b);
}

static void
same_bytes(const json_t *j)
{
	char *a = jsonenc(j, NULL);
	char *b = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS |
	    JSON_REAL_PRECISION(10));

	if (a == NULL || b == NULL || strcmp(a, b) != 0) {
		fprintf(stderr, "jsonenc: %s\njansson: %s\n", a ? a : "(null)",
		    b ? b : "(null)");
		abort();
	}
	free(a);
	free(b);
}

/*
 * render_json_bytes() of event ev, when it writes it, equals jsonenc() of
 * out (render_json()'s tree of ev) with the envelope env added; when it
 * does not, it wrote nothing.
 */
static void
same_direct(const struct dlg_event *ev, json_t *out, size_t i, int done)
{
	struct render_env env = { "c-fuzz", (long long)i + 1, "r\"1", done };
	struct tr_md_parts md;
	struct strbuf b;
	char *want;

	strbuf_init(&b, 256);
	if (render_json_bytes(events.kb, ev, &env, &b, &md) == 0) {
		json_t *o = json_deep_copy(out);

		(void)json_object_set_new(o, "conversation",
		    json_string(env.conversation));
		(void)json_object_set_new(o, "seq", json_integer(env.seq));
		(void)json_object_set_new(o, "re", json_string(env.re));
		if (done)
			(void)json_object_set_new(o, "done", json_true());
		want = jsonenc(o, NULL);
		if (want == NULL || b.p == NULL || strlen(want) != b.len ||
		    memcmp(want, b.p, b.len) != 0)
			abort();
		free(want);
		json_decref(o);
		json_decref(md.choices);
	} else if (b.p != NULL && b.len != 0)
		abort();	/* a fallback leaves out as it was */
	free(strbuf_finish(&b, NULL));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proto_msg m;
	struct proto_error e;
	struct dlg_input in;
	json_t *out;
	char *canon;
	size_t i, clen;

	/* jsonenc_utf8() accepts exactly what json_stringn() accepts */
	out = json_stringn((const char *)data, size);
	if ((out != NULL) != jsonenc_utf8((const char *)data, size))
		abort();
	json_decref(out);
	/* jsonflat_load() gives json_loadb()'s tree, or declines; and
	 * its canonical bytes are jsonenc()'s */
	if ((out = jsonflat_load((const char *)data, size, &canon,
	    &clen)) != NULL) {
		json_t *ref = json_loadb((const char *)data, size,
		    JSON_REJECT_DUPLICATES, NULL);
		char *want = ref != NULL ? jsonenc(ref, NULL) : NULL;
		void *ia, *ib;

		if (ref == NULL || !json_equal(out, ref) || want == NULL ||
		    (canon != NULL && (clen != strlen(want) ||
		    memcmp(canon, want, clen) != 0)))
			abort();
		free(want);
		free(canon);
		for (ia = json_object_iter(out), ib = json_object_iter(ref);
		    ia != NULL; ia = json_object_iter_next(out, ia),
		    ib = json_object_iter_next(ref, ib))
			if (ib == NULL || strcmp(json_object_iter_key(ia),
			    json_object_iter_key(ib)) != 0)
				abort();
		json_decref(ref);
		json_decref(out);
	}
	dialogue_init(&conversation, kb);	/* each input on its own */
	same_decode((const char *)data, size);
	if (proto_decode((const char *)data, size, &m, &e) == -1) {
		proto_msg_free(&m);
		return 0;
	}
	if (m.root != NULL)
		same_bytes(m.root);
	if (input_from_msg(&m, &in) == 0) {
		dialogue_input(&conversation, &in, &events);
		if (events.dropped > 0)
			abort();	/* an input with more events than allowed */
		for (i = 0; i < events.n; i++) {
			out = render_json(events.kb, &events.ev[i]);
			if (out == NULL)
				abort();
			same_bytes(out);
			same_direct(&events.ev[i], out, i, i + 1 == events.n);
			json_decref(out);
		}
	}
	proto_msg_free(&m);
	return 0;
}
