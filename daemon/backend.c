/* SPDX-License-Identifier: ISC */
/*
 * backend.c: where journal lines go and how they become durable.
 *
 * The transcript layer (transcript.c) writes every line (meta, rec,
 * signed, end) through a struct store_backend and commits a loop
 * iteration's lines as one group on the worker.  Two backends:
 *
 *	local	 the journal segments under STATE/journal (store.c); the
 *		 default, nothing to set up
 *	pg	 PostgreSQL through libpq (pgstore.c), chosen by setting
 *		 `store` to a connection string; several instances share it
 *
 * Either way the .part files and the signed transcripts stay in the
 * local state directory (store.c): they are what the instance serving a
 * conversation signs from.
 */
#include <errno.h>
#include <stdlib.h>

#include "advisord.h"

static int
local_journal(void *b, const char *id, const char *kind, const char *data,
    size_t len, long long seq, const char *head)
{
	(void)seq;
	(void)head;
	return store_journal(b, id, kind, data, len);
}

static int
local_dirty(const void *b)
{
	return store_dirty(b);
}

static void *
local_commit_begin(void *b)
{
	return store_sync_begin(b);
}

static void
local_commit_run(void *job)
{
	store_sync_run(job);
}

static double
local_commit_seconds(const void *job)
{
	return store_sync_seconds(job);
}

/* The local journal never loses a conversation to another instance. */
static int
local_commit_end(void *b, void *job, void (*lost)(void *, const char *, int),
    void *arg)
{
	(void)lost;
	(void)arg;
	return store_sync_end(b, job);
}

/* Not while the last journal write or sync failed (store_ready). */
static int
local_ready(const void *b)
{
	return store_ready(b);
}

const struct store_backend backend_local = {
	"local",
	local_journal,
	local_dirty,
	local_commit_begin,
	local_commit_run,
	local_commit_seconds,
	local_commit_end,
	local_ready,
	0,	/* head: unused */
};
