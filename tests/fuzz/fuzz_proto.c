/*
 * fuzz_proto: libFuzzer target for what a client can send: the protocol
 * decoder, and for messages that decode, the dialogue engine that handles
 * them (free text goes through tokenizing, matching, search and every
 * output builder).  Build with `make fuzz`; run as
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
#include "kbdir.h"
#include "proto.h"

int LLVMFuzzerInitialize(int *, char ***);
int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct kb *kb;
static struct dlg conversation;

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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proto_msg m;
	struct proto_error e;
	struct dlg_input in;
	json_t *out;

	dialogue_init(&conversation, kb);	/* each input on its own */
	if (proto_decode((const char *)data, size, &m, &e) == -1) {
		proto_msg_free(&m);
		return 0;
	}
	memset(&in, 0, sizeof(in));
	switch (m.type) {
	case PT_SAY:
		in.kind = DLG_SAY;
		in.text = m.text;
		in.len = m.text_len;
		break;
	case PT_CHOOSE:
		in.kind = DLG_CHOOSE;
		in.question = m.question;
		in.choice = m.choice;
		break;
	case PT_COMMAND:
		in.kind = DLG_WHAT_CHANGES;
		in.question = m.question;
		in.choice = m.choice;
		if (strcmp(m.command, "back") == 0)
			in.kind = DLG_BACK;
		else if (strcmp(m.command, "what_if") == 0)
			in.kind = DLG_WHAT_IF;
		else if (strcmp(m.command, "change") == 0)
			in.kind = DLG_CHANGE;
		else if (strcmp(m.command, "restart") == 0)
			in.kind = DLG_RESTART;
		break;
	default:
		in.kind = DLG_START;
		break;
	}
	out = json_array();
	(void)dialogue_input(&conversation, &in, out);
	json_decref(out);
	proto_msg_free(&m);
	return 0;
}
