/* SPDX-License-Identifier: ISC */
/*
 * input.c: a decoded client message as the dialogue engine's input.
 *
 * The one map from the protocol to the engine, used by the daemon, the
 * fuzzer and the golden conversations: hello and open start the walk (or
 * take it up again), say is free text, choose a choice by ids, and a
 * command is the engine input of the same name (kb_phrases.c names them).
 */
#include <string.h>

#include "render.h"

/* The engine input a protocol command names, or -1. */
int
input_command(const char *name)
{
	int c = kb_command_find(name);

	return c >= 0 && kb_command_on_wire((enum kb_command)c) ? c : -1;
}

/*
 * Fill *in from message m.  Returns 0, or -1 for a message that is not an
 * input of the engine (resume, transcript, end).  The strings of *in point
 * into m.
 */
int
input_from_msg(const struct proto_msg *m, struct dlg_input *in)
{
	int c;

	memset(in, 0, sizeof(*in));
	switch (m->type) {
	case PT_HELLO:
	case PT_OPEN:
		in->kind = DLG_START;
		return 0;
	case PT_SAY:
		in->kind = DLG_SAY;
		in->text = m->text;
		in->len = m->text_len;
		return 0;
	case PT_CHOOSE:
		in->kind = DLG_CHOOSE;
		in->question = m->question;
		in->choice = m->choice;
		return 0;
	case PT_COMMAND:
		/* the decoder has checked the name; help if it ever did not */
		c = m->command != NULL ? input_command(m->command) : -1;
		in->kind = c >= 0 ? (enum dlg_in_kind)c : DLG_HELP;
		in->question = m->question;
		in->choice = m->choice;
		return 0;
	default:
		return -1;
	}
}
