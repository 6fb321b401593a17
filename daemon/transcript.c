/*
 * transcript.c: placeholder until signed transcripts land.
 */
#include "advisord.h"

int
transcript_init(struct daemon *d)
{
	(void)d;
	return 0;
}

void
transcript_shutdown(struct daemon *d)
{
	(void)d;
}

int
transcript_open(struct daemon *d, struct conversation *c)
{
	(void)d;
	(void)c;
	return 0;
}

void
transcript_record(struct daemon *d, struct conversation *c, const char *dir,
    json_t *msg)
{
	(void)d;
	(void)c;
	(void)dir;
	(void)msg;
}

void
transcript_close(struct daemon *d, struct conversation *c, const char *why)
{
	(void)d;
	(void)c;
	(void)why;
}

void
transcript_deliver(struct daemon *d, struct conversation *c, const char *re,
    const char *format, int final)
{
	json_t *e = proto_error_json("internal", "transcripts are not "
	    "available yet", re, c->name);

	(void)format;
	(void)final;
	(void)json_object_set_new(e, "type", json_string("error"));
	conversation_emit(d, c, e, re, 1);
	json_decref(e);
}

void
transcript_pubkey_json(struct daemon *d, json_t *w)
{
	(void)d;
	(void)w;
}

const char *
transcript_pubkey_text(struct daemon *d)
{
	(void)d;
	return NULL;
}

void
transcript_sync(struct daemon *d)
{
	(void)d;
}
