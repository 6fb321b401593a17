/* SPDX-License-Identifier: ISC */
/*
 * pgstore.c: the journal in PostgreSQL, shared by several instances
 * (backend.c; STORE-PG.md has the operator's view).
 *
 *	advisord_conv	one row per conversation: its transcript id, its key
 *			(API key name/conversation name, unique among the
 *			open ones), its meta line (the resume token's SHA-256),
 *			the instance holding its lease and until when, ended,
 *			the last seq given to a message not recorded
 *	advisord_rec	one row per transcript record: id, seq, the chain
 *			head after it, the canonical bytes, and the instance
 *			that wrote it (for audits: who served what)
 *	advisord_final	the signed final transcript of a conversation that
 *			is gone, for FINAL_HOLD_SECONDS: any instance answers
 *			a `transcript` request for it (PROTOCOL.md 11.6)
 *
 * The loop queues lines (pgstore_journal); a group commit takes them and
 * the worker writes them in one transaction: new conversations first,
 * then a fence, an UPDATE of the lease rows of every conversation in the
 * batch WHERE this instance owns them (row locks: a take-over waits for
 * it, or it for the take-over), then the records of the conversations
 * the fence returned.  Those that it did not return are lost to another
 * instance; their records are dropped and they end here.  Nothing is
 * acknowledged before COMMIT returns.  A lost connection is retried (the
 * replies wait) for PG_RETRY_SECONDS, then the batch fails like a failed
 * fdatasync.  A retried batch whose first COMMIT did land is harmless:
 * the fence held then and holds now, and the records are equal
 * (ON CONFLICT DO NOTHING, then the stored head compared: a different
 * record at that seq is a second writer, and the conversation is lost
 * here like one fenced out, its turn refused, never acknowledged).
 *
 * Only the worker thread talks to PostgreSQL (one connection, named with
 * the instance id as application_name, which is how a take-over tells
 * that an owner is gone: its session is no longer in pg_stat_activity).
 * No consensus of our own: leases are rows, exclusion is row locks.
 */
#include <errno.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>
#include <sodium.h>

#include "advisord.h"

#define PG_QUEUE_MAX	(64L * 1024 * 1024)	/* lines waiting for a commit */
#define PG_RETRY_SECONDS 10.0	/* a lost connection, before the batch fails */
/*
 * Every statement is bounded (STORE-PG.md, "Bounds"): PostgreSQL cancels
 * one after PG_STATEMENT_MS, a row lock waited for after PG_LOCK_MS; a
 * statement with no answer at all after PG_ANSWER_SECONDS (its backend
 * stopped, a network gone silent) is given up here and the connection
 * dropped, as a lost one.  /readyz says 503 once one waits PG_STALL_SECONDS.
 */
#define PG_STATEMENT_MS	5000
#define PG_LOCK_MS	2000
#define PG_IDLE_TX_MS	10000
#define PG_ANSWER_SECONDS 6.0
#define PG_STALL_SECONDS 2.0
/*
 * PostgreSQL unreachable: a new connection is tried no sooner than
 * PG_BACKOFF_MIN after a failed one, then twice as long each time up to
 * PG_BACKOFF_MAX (review hb17, HB17-5: every job on the worker made its
 * own attempt, each up to connect_timeout on a silent network).  The
 * maximum leaves the group commit's PG_RETRY_SECONDS several tries, and
 * is the longest the store stays unused once it is back.  A connection
 * lost after it worked is tried again at once.
 */
/* a final transcript larger (its three files) stays with its instance */
#define PG_FINAL_MAX	(16 * 1024 * 1024)

/*
 * One query string is one implicit transaction: the transaction-scoped
 * lock is let go at its commit (or rollback), after the tables are
 * visible to the next instance.  A session lock released by a last
 * statement was let go before the commit (a second instance then failed
 * on a duplicate pg_type row) and, after an error, never.
 */
static const char schema[] =
    "SELECT pg_advisory_xact_lock(20261117);"
    "CREATE TABLE IF NOT EXISTS advisord_conv ("
    " id text PRIMARY KEY,"
    " key text NOT NULL,"
    " meta text NOT NULL,"
    " owner_instance text,"
    " lease_until timestamptz,"
    " ended boolean NOT NULL DEFAULT false,"
    " created timestamptz NOT NULL DEFAULT now());"
    "CREATE UNIQUE INDEX IF NOT EXISTS advisord_conv_open"
    " ON advisord_conv (key) WHERE NOT ended;"
    "CREATE TABLE IF NOT EXISTS advisord_rec ("
    " id text NOT NULL REFERENCES advisord_conv (id),"
    " seq bigint NOT NULL,"
    " head text NOT NULL,"
    " data text NOT NULL,"
    " instance text NOT NULL,"
    " PRIMARY KEY (id, seq));"
    /* the last seq given to a message not recorded (a snapshot's) */
    "ALTER TABLE advisord_conv ADD COLUMN IF NOT EXISTS"
    " seq_used bigint NOT NULL DEFAULT 0;"
    /* the status a user's end gave it, set before it is signed (HB17-1) */
    "ALTER TABLE advisord_conv ADD COLUMN IF NOT EXISTS"
    " end_status text;"
    /* final transcripts of conversations that are gone, for an hour */
    "CREATE TABLE IF NOT EXISTS advisord_final ("
    " id text PRIMARY KEY,"
    " key text NOT NULL,"
    " token_sha256 text NOT NULL,"
    " status text NOT NULL,"
    " content text NOT NULL,"
    " minisig text NOT NULL,"
    " markdown text,"
    " at timestamptz NOT NULL DEFAULT now());"
    "CREATE INDEX IF NOT EXISTS advisord_final_key"
    " ON advisord_final (key, at);"
    "CREATE INDEX IF NOT EXISTS advisord_final_at ON advisord_final (at);";

/*
 * Meta lines of an older version held the resume token in clear (review
 * hb17, HB17-3): its SHA-256 instead, as this version writes.  Tried at
 * the first connection of the process only (a scan of advisord_conv,
 * which keeps every conversation until an operator deletes it), for at
 * most PG_MIGRATE_SECONDS of rows (under PG_STATEMENT_MS); the lines
 * left are read as they are (restoken_from_meta()) and rewritten by a
 * later start.  Its failure is logged, never fatal.
 */
#define PG_MIGRATE_SECONDS "2"
static const char migrate[] =
    "DO $$ DECLARE r record; t0 timestamptz := clock_timestamp(); BEGIN"
    " FOR r IN SELECT id FROM advisord_conv"
    "  WHERE strpos(meta, '\"token\":') > 0 LOOP"
    "  EXIT WHEN clock_timestamp() - t0 > interval '"
    PG_MIGRATE_SECONDS " seconds';"
    "  BEGIN"
    "   UPDATE advisord_conv SET meta = ((meta::jsonb - 'token') ||"
    "    jsonb_build_object('token_sha256', encode(sha256(convert_to("
    "    meta::jsonb->>'token', 'UTF8')), 'hex')))::text"
    /* checked again after a row lock: another instance migrating too */
    "    WHERE id = r.id AND meta::jsonb ? 'token';"
    "  EXCEPTION WHEN others THEN NULL;"	/* not JSON: left as it is */
    "  END;"
    " END LOOP; END $$;";

struct pg_line {
	struct pg_line	*next;
	char		*id;
	char		*key;		/* meta: owner/name */
	char		 kind;		/* 'm'eta, 'r'ec, 's'eq, 'e'nd */
	long long	 seq;
	char		 head[TR_HASH_BYTES * 2 + 1];
	char		*data;
	size_t		 len;
};

struct pgstore {
	char		*conninfo;
	char		 instance[48];
	long		 lease;		/* seconds */
	PGconn		*conn;		/* the worker's (and init's, before) */
	struct pg_line	*head;		/* queued on the loop */
	struct pg_line	**tail;
	size_t		 bytes;
	atomic_int	 up;		/* the last talk with PostgreSQL worked */
	int		 said_down;	/* worker: logged the outage once */
	int		 broken;	/* worker: a statement got no answer */
	char		 sqlstate[6];	/* worker: of the last failed statement */
	atomic_llong	 waiting_ms;	/* a statement waits since (mono ms) */
	atomic_ullong	 connects;	/* connection attempts, for /metrics */
	double		 backoff;	/* worker: seconds; 0 while it works */
	double		 retry_at;	/* worker: no attempt before (mono) */
	int		 migrated;	/* worker: migrate[] ran */
};

struct pg_commit {
	struct pgstore	*ps;
	struct pg_line	*lines;
	char		**lost;		/* ids fenced out */
	size_t		 nlost;
	char		**taken;	/* of which: new, their key open elsewhere */
	size_t		 ntaken;
	int		 err;
	double		 seconds;
};

static double
mono(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Say once that the store went away, and once that it came back. */
static void
pg_state(struct pgstore *ps, int up, const char *why)
{
	atomic_store(&ps->up, up);
	if (!up && !ps->said_down) {
		log_warnx("store: PostgreSQL unreachable: %s; replies wait, "
		    "/readyz answers 503", why);
		ps->said_down = 1;
	} else if (up && ps->said_down) {
		log_info("store: PostgreSQL reachable again");
		ps->said_down = 0;
	}
}

/*
 * Is the connection gone?  PQstatus alone is not enough: a session the
 * server closed reads CONNECTION_OK until a statement fails on it, and a
 * statement given up (PG_ANSWER_SECONDS) leaves it OK but useless.
 */
static int
pg_lost(const struct pgstore *ps)
{
	return ps->conn == NULL || ps->broken ||
	    PQstatus(ps->conn) != CONNECTION_OK;
}

/* libpq's NOTICEs ("... already exists, skipping") to the debug log. */
static void
pg_notice(void *arg, const char *msg)
{
	(void)arg;
	log_debug("store: PostgreSQL says: %.*s", (int)strcspn(msg, "\n"),
	    msg);
}

/*
 * The results of the query just sent, waited for at most
 * PG_ANSWER_SECONDS: the last one, or the first that failed.  NULL when
 * nothing came in time: the connection is marked broken (pg_lost), to be
 * dropped and made again.  Worker only.
 */
static PGresult *
pg_wait(struct pgstore *ps)
{
	double t0 = mono(), left;
	PGresult *r, *keep = NULL;
	struct pollfd pfd;

	atomic_store(&ps->waiting_ms, (long long)(t0 * 1000) + 1);
	for (;;) {
		while (PQisBusy(ps->conn)) {
			pfd.fd = PQsocket(ps->conn);
			pfd.events = POLLIN;
			left = PG_ANSWER_SECONDS - (mono() - t0);
			if (pfd.fd < 0 || left <= 0 || poll(&pfd, 1,
			    (int)(left * 1000) + 1) == 0) {
				if (pfd.fd >= 0 && mono() - t0 <
				    PG_ANSWER_SECONDS)
					continue;
				log_warnx("store: no answer from PostgreSQL in "
				    "%.0f s: dropping the connection",
				    PG_ANSWER_SECONDS);
				ps->broken = 1;
				PQclear(keep);
				atomic_store(&ps->waiting_ms, 0);
				return NULL;
			}
			if (PQconsumeInput(ps->conn) == 0)
				break;	/* PQgetResult reports it */
		}
		if ((r = PQgetResult(ps->conn)) == NULL)
			break;
		if (keep != NULL && PQresultStatus(keep) != PGRES_COMMAND_OK &&
		    PQresultStatus(keep) != PGRES_TUPLES_OK) {
			PQclear(r);	/* the first error is the news */
			continue;
		}
		PQclear(keep);
		keep = r;
	}
	atomic_store(&ps->waiting_ms, 0);
	return keep;
}

/* An attempt to connect failed: the next waits (PG_BACKOFF_MIN..MAX). */
static void
pg_backoff(struct pgstore *ps)
{
	ps->backoff = ps->backoff == 0 ? PG_BACKOFF_MIN : ps->backoff * 2;
	if (ps->backoff > PG_BACKOFF_MAX)
		ps->backoff = PG_BACKOFF_MAX;
	ps->retry_at = mono() + ps->backoff;
}

/*
 * Connect (again) when needed, and make the tables.  -1 without trying
 * while the back-off after a failed attempt runs (pg_backoff).  Worker
 * only.
 */
static int
pg_ensure(struct pgstore *ps)
{
	/*
	 * Ours before dbname may be set otherwise in the store string;
	 * those after it may not.  Keepalives and tcp_user_timeout end a
	 * connection whose peer went silent (a dead network path).
	 */
	const char *keys[] = { "keepalives", "keepalives_idle",
	    "keepalives_interval", "keepalives_count", "tcp_user_timeout",
	    "dbname", "application_name", "connect_timeout", NULL };
	const char *vals[] = { "1", "5", "2", "3", "10000",
	    ps->conninfo, ps->instance, "3", NULL };
	char set[160];
	PGresult *r;
	int ok;

	if (!pg_lost(ps))
		return 0;
	if (ps->backoff > 0 && mono() < ps->retry_at)
		return -1;	/* tried a moment ago: still away */
	if (ps->conn != NULL)
		PQfinish(ps->conn);
	ps->broken = 0;
	atomic_fetch_add(&ps->connects, 1);
	ps->conn = PQconnectdbParams(keys, vals, 1);
	if (ps->conn == NULL || PQstatus(ps->conn) != CONNECTION_OK) {
		char why[256];

		(void)snprintf(why, sizeof(why), "%s", ps->conn ?
		    PQerrorMessage(ps->conn) : "out of memory");
		why[strcspn(why, "\n")] = '\0';
		pg_state(ps, 0, why);
		pg_backoff(ps);
		return -1;
	}
	(void)PQsetNoticeProcessor(ps->conn, pg_notice, NULL);
	(void)snprintf(set, sizeof(set), "SET statement_timeout = %d;"
	    "SET lock_timeout = %d;SET idle_in_transaction_session_timeout = "
	    "%d;", PG_STATEMENT_MS, PG_LOCK_MS, PG_IDLE_TX_MS);
	r = PQsendQuery(ps->conn, set) ? pg_wait(ps) : NULL;
	ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	PQclear(r);
	if (ok) {
		r = PQsendQuery(ps->conn, schema) ? pg_wait(ps) : NULL;
		ok = PQresultStatus(r) == PGRES_TUPLES_OK ||
		    PQresultStatus(r) == PGRES_COMMAND_OK;
		PQclear(r);
	}
	if (ok && !ps->migrated) {
		ps->migrated = 1;
		r = PQsendQuery(ps->conn, migrate) ? pg_wait(ps) : NULL;
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			char why[256];

			(void)snprintf(why, sizeof(why), "%s",
			    PQerrorMessage(ps->conn));
			why[strcspn(why, "\n")] = '\0';
			log_warnx("store: rewriting resume tokens kept in clear "
			    "in advisord_conv.meta as their SHA-256: %s; those "
			    "lines are still read, and a later start rewrites "
			    "them", why);
		}
		PQclear(r);
		/* the connection is still usable after a failed statement */
		ok = pg_lost(ps) == 0;
	}
	if (!ok) {
		char why[256];

		(void)snprintf(why, sizeof(why), "%s", PQerrorMessage(ps->conn));
		why[strcspn(why, "\n")] = '\0';
		log_warnx("store: setting up the session and tables: %s", why);
		pg_state(ps, 0, "the tables cannot be made");
		ps->broken = 1;		/* try it all again next time */
		pg_backoff(ps);
	} else
		ps->backoff = 0;
	return ok ? 0 : -1;
}

/* Run sql; NULL (logged at debug) unless it succeeded.  Worker only. */
static PGresult *
pg_run(struct pgstore *ps, const char *sql, int n, const char *const *v)
{
	PGresult *r = NULL;
	ExecStatusType st;

	ps->sqlstate[0] = '\0';
	if (!ps->broken) {
		if (PQsendQueryParams(ps->conn, sql, n, NULL, v, NULL, NULL, 0))
			r = pg_wait(ps);
		else
			ps->broken = 1;	/* could not even be sent */
	}
	st = PQresultStatus(r);
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		return r;
	if (r != NULL && PQresultErrorField(r, PG_DIAG_SQLSTATE) != NULL)
		(void)snprintf(ps->sqlstate, sizeof(ps->sqlstate), "%s",
		    PQresultErrorField(r, PG_DIAG_SQLSTATE));
	log_debug("store: %s: %s", sql, ps->broken ? "no answer" :
	    PQerrorMessage(ps->conn));
	PQclear(r);
	return NULL;
}

/*
 * Did the last statement fail for a while only (a lock or statement
 * timeout, a serialization failure or deadlock)?  Then a retry may work.
 */
static int
pg_transient(const struct pgstore *ps)
{
	return strcmp(ps->sqlstate, "55P03") == 0 ||
	    strcmp(ps->sqlstate, "57014") == 0 ||
	    strncmp(ps->sqlstate, "40", 2) == 0;
}

static int
pg_cmd(struct pgstore *ps, const char *sql, int n, const char *const *v)
{
	PGresult *r = pg_run(ps, sql, n, v);

	PQclear(r);
	return r != NULL ? 0 : -1;
}

/*
 * COMMIT with no statement_timeout: a COMMIT cancelled while it waits for
 * a synchronous standby still commits (PostgreSQL only warns), and that
 * would acknowledge what the standby may not have.  The wait stays bounded
 * by PG_ANSWER_SECONDS here, which drops the connection: not acknowledged.
 */
static int
pg_finish(struct pgstore *ps)
{
	if (pg_cmd(ps, "SET LOCAL statement_timeout = 0", 0, NULL) == -1)
		return -1;
	return pg_cmd(ps, "COMMIT", 0, NULL);
}

/* ids as a PostgreSQL text[] literal (transcript ids need no escaping). */
static char *
pg_array(char **ids, size_t n)
{
	size_t i, len = 3;
	char *s, *p;

	for (i = 0; i < n; i++)
		len += strlen(ids[i]) + 3;
	if ((s = p = malloc(len)) == NULL)
		return NULL;
	*p++ = '{';
	for (i = 0; i < n; i++)
		p += sprintf(p, "%s\"%s\"", i ? "," : "", ids[i]);
	*p++ = '}';
	*p = '\0';
	return s;
}

/*
 * Extend the leases of ids (n of them) this instance owns; *owned gets
 * the ids (pointers into ids) the fence returned, as a count.  Returns -1
 * on an error.  Worker only, inside or outside a transaction.
 */
static int
pg_fence(struct pgstore *ps, char **ids, size_t n, char **owned_flags)
{
	char lease[32], *arr;
	const char *v[3];
	PGresult *r;
	int i, rows;
	size_t k;

	if ((arr = pg_array(ids, n)) == NULL)
		return -1;
	(void)snprintf(lease, sizeof(lease), "%ld", ps->lease);
	v[0] = arr;
	v[1] = lease;
	v[2] = ps->instance;
	r = pg_run(ps, "UPDATE advisord_conv SET lease_until = now() + "
	    "$2::int * interval '1 second' WHERE id = ANY($1::text[]) AND "
	    "owner_instance = $3 AND NOT ended RETURNING id", 3, v);
	free(arr);
	if (r == NULL)
		return -1;
	rows = PQntuples(r);
	memset(owned_flags, 0, n * sizeof(*owned_flags));
	for (i = 0; i < rows; i++)
		for (k = 0; k < n; k++)
			if (strcmp(PQgetvalue(r, i, 0), ids[k]) == 0)
				owned_flags[k] = ids[k];
	PQclear(r);
	return 0;
}

/* Remember id as lost (once). */
static void
lost_add(char ***lost, size_t *nlost, const char *id)
{
	size_t i;
	char **x;

	for (i = 0; i < *nlost; i++)
		if (strcmp((*lost)[i], id) == 0)
			return;
	if ((x = realloc(*lost, (*nlost + 1) * sizeof(*x))) == NULL)
		return;
	*lost = x;
	if ((x[*nlost] = strdup(id)) != NULL)
		(*nlost)++;
}

static void
lost_free(char **lost, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(lost[i]);
	free(lost);
}

/*
 * Insert record v (id, seq, head, data, instance).  0 when it is stored:
 * inserted, or the same record there already (a retried batch whose first
 * COMMIT landed: same seq, same chain head after it); 1 when another
 * record holds its seq (a second writer: never acknowledged as stored);
 * -1 on an error.  Worker only, inside the batch's transaction.
 */
static int
rec_insert(struct pgstore *ps, const char *const *v)
{
	PGresult *r;
	int rows, same;

	if ((r = pg_run(ps, "INSERT INTO advisord_rec (id, seq, head, data, "
	    "instance) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING "
	    "RETURNING seq", 5, v)) == NULL)
		return -1;
	rows = PQntuples(r);
	PQclear(r);
	if (rows == 1)
		return 0;
	if ((r = pg_run(ps, "SELECT head = $3 FROM advisord_rec WHERE id = $1 "
	    "AND seq = $2::bigint", 3, v)) == NULL)
		return -1;
	same = PQntuples(r) == 1 && PQgetvalue(r, 0, 0)[0] == 't';
	PQclear(r);
	return same ? 0 : 1;
}

/* One attempt at the batch's transaction.  Worker only. */
static int
commit_try(struct pg_commit *c)
{
	struct pgstore *ps = c->ps;
	struct pg_line *l;
	char **ids = NULL, **owned = NULL, lease[32], seq[32];
	const char *v[5];
	PGresult *r;
	size_t n = 0, cap = 0, i;
	int rc = -1;

	(void)snprintf(lease, sizeof(lease), "%ld", ps->lease);
	if (pg_cmd(ps, "BEGIN", 0, NULL) == -1)
		return -1;
	for (l = c->lines; l != NULL; l = l->next) {
		for (i = 0; i < n; i++)
			if (strcmp(ids[i], l->id) == 0)
				break;
		if (i == n) {
			if (n == cap) {
				char **x;

				cap = cap ? cap * 2 : 64;
				if ((x = realloc(ids, cap * sizeof(*x))) ==
				    NULL)
					goto out;
				ids = x;
			}
			ids[n++] = l->id;
		}
		if (l->kind != 'm')
			continue;
		v[0] = l->id;
		v[1] = l->key;
		v[2] = l->data;
		v[3] = ps->instance;
		v[4] = lease;
		/* a key open elsewhere: nothing inserted, the fence says so */
		if ((r = pg_run(ps, "INSERT INTO advisord_conv (id, key, meta, "
		    "owner_instance, lease_until) VALUES ($1, $2, $3, $4, "
		    "now() + $5::int * interval '1 second') ON CONFLICT DO "
		    "NOTHING RETURNING id", 5, v)) == NULL)
			goto out;
		if (PQntuples(r) == 0)
			lost_add(&c->taken, &c->ntaken, l->id);
		PQclear(r);
	}
	if ((owned = calloc(n ? n : 1, sizeof(*owned))) == NULL ||
	    pg_fence(ps, ids, n, owned) == -1)
		goto out;
	for (l = c->lines; l != NULL; l = l->next) {
		for (i = 0; i < n; i++)
			if (strcmp(ids[i], l->id) == 0)
				break;
		if (i == n || owned[i] == NULL) {
			lost_add(&c->lost, &c->nlost, l->id);
			continue;
		}
		if (l->kind == 'r') {
			(void)snprintf(seq, sizeof(seq), "%lld", l->seq);
			v[0] = l->id;
			v[1] = seq;
			v[2] = l->head;
			v[3] = l->data;
			v[4] = ps->instance;
			switch (rec_insert(ps, v)) {
			case -1:
				goto out;
			case 1:
				/*
				 * Another writer's record holds that seq: the
				 * conversation is lost here, none of its lines
				 * after this one written, its turn refused.
				 */
				log_warnx("conversation %s: seq %lld is "
				    "already stored with another record: its "
				    "turn is refused", l->id, l->seq);
				lost_add(&c->lost, &c->nlost, l->id);
				owned[i] = NULL;
				break;
			}
		} else if (l->kind == 's') {
			(void)snprintf(seq, sizeof(seq), "%lld", l->seq);
			v[0] = l->id;
			v[1] = seq;
			if (pg_cmd(ps, "UPDATE advisord_conv SET seq_used = "
			    "greatest(seq_used, $2::bigint) WHERE id = $1", 2,
			    v) == -1)
				goto out;
		} else if (l->kind == 'f') {
			/*
			 * Ended, not signed yet: whoever takes it over next
			 * (the orphan sweep) signs it with this status.
			 */
			v[0] = l->id;
			v[1] = l->data;
			if (pg_cmd(ps, "UPDATE advisord_conv SET end_status = "
			    "$2::json->>'status' WHERE id = $1", 2, v) == -1)
				goto out;
		} else if (l->kind == 'e') {
			v[0] = l->id;
			if (pg_cmd(ps, "UPDATE advisord_conv SET ended = true, "
			    "lease_until = NULL WHERE id = $1", 1, v) == -1)
				goto out;
		}
	}
	rc = pg_finish(ps);
out:
	if (rc == -1) {
		char st[sizeof(ps->sqlstate)];

		/* the failed statement's SQLSTATE, not the ROLLBACK's */
		memcpy(st, ps->sqlstate, sizeof(st));
		(void)pg_cmd(ps, "ROLLBACK", 0, NULL);
		memcpy(ps->sqlstate, st, sizeof(st));
		lost_free(c->lost, c->nlost);
		c->lost = NULL;
		c->nlost = 0;
		lost_free(c->taken, c->ntaken);
		c->taken = NULL;
		c->ntaken = 0;
	}
	free(ids);
	free(owned);
	return rc;
}

/*
 * The group commit on the worker: the batch in one transaction; a lost
 * connection is tried again (the replies wait) for PG_RETRY_SECONDS.
 */
static void
pg_commit_run(void *job)
{
	struct pg_commit *c = job;
	struct pgstore *ps = c->ps;
	double t0 = mono();

	for (;;) {
		struct timespec ts = { 0, 250000000 };

		if (pg_ensure(ps) == 0) {
			if (commit_try(c) == 0) {
				pg_state(ps, 1, NULL);
				break;
			}
			if (!pg_lost(ps) && !pg_transient(ps)) {
				char why[256];

				/*
				 * PostgreSQL refused it (read-only, a revoked
				 * grant, a full disk): no use trying again, and
				 * /readyz says 503 until a renewal writes again.
				 */
				(void)snprintf(why, sizeof(why), "%s",
				    PQerrorMessage(ps->conn));
				why[strcspn(why, "\n")] = '\0';
				log_warnx("store: a group commit failed: %s",
				    why);
				pg_state(ps, 0, "it refuses the group commit");
				c->err = EIO;
				break;
			}
			if (pg_lost(ps))
				pg_state(ps, 0, "the connection was lost");
		}
		if (mono() - t0 > PG_RETRY_SECONDS) {
			c->err = EIO;
			break;
		}
		(void)nanosleep(&ts, NULL);
	}
	c->seconds = mono() - t0;
}

static double
pg_commit_seconds(const void *job)
{
	return ((const struct pg_commit *)job)->seconds;
}

static void
lines_free(struct pg_line *l)
{
	struct pg_line *next;

	for (; l != NULL; l = next) {
		next = l->next;
		free(l->id);
		free(l->key);
		free(l->data);
		free(l);
	}
}

static int
pg_commit_end(void *b, void *job, void (*lost)(void *, const char *, int),
    void *arg)
{
	struct pg_commit *c = job;
	size_t i;
	int err = c->err;

	(void)b;
	if (err == 0)
		for (i = 0; i < c->nlost; i++) {
			size_t k;
			int taken = 0;

			for (k = 0; k < c->ntaken; k++)
				if (strcmp(c->taken[k], c->lost[i]) == 0)
					taken = 1;
			lost(arg, c->lost[i], taken);
		}
	lost_free(c->lost, c->nlost);
	lost_free(c->taken, c->ntaken);
	lines_free(c->lines);
	free(c);
	if (err != 0) {
		errno = err;
		return -1;
	}
	return 0;
}

/*
 * Queue one journal line for the next group commit (loop thread).
 * "signed" lines are the local journal's business only; a "final" line
 * ({"status":...}) records the end of a conversation not signed yet.
 */
static int
pg_journal(void *b, const char *id, const char *kind, const char *data,
    size_t len, long long seq, const char *head)
{
	struct pgstore *ps = b;
	struct pg_line *l;

	if (strcmp(kind, "signed") == 0)
		return 0;
	if (ps->bytes + len > PG_QUEUE_MAX) {
		errno = ENOBUFS;	/* PostgreSQL is far behind */
		return -1;
	}
	if ((l = calloc(1, sizeof(*l))) == NULL ||
	    (l->id = strdup(id)) == NULL ||
	    (l->data = strndup(data, len)) == NULL)
		goto fail;
	l->len = len;
	l->seq = seq;
	l->kind = kind[0];
	if (head != NULL)
		(void)snprintf(l->head, sizeof(l->head), "%s", head);
	if (l->kind == 'm') {
		json_t *m = json_loadb(data, len, 0, NULL);
		const char *o = json_string_value(json_object_get(m, "owner"));
		const char *nm = json_string_value(json_object_get(m, "name"));

		if (o == NULL || nm == NULL || asprintf(&l->key, "%s/%s", o,
		    nm) == -1)
			l->key = NULL;
		json_decref(m);
		if (l->key == NULL)
			goto fail;
	}
	*ps->tail = l;
	ps->tail = &l->next;
	ps->bytes += len;
	return 0;
fail:
	lines_free(l);
	errno = ENOMEM;
	return -1;
}

/*
 * Drop the queued lines of conversation id (loop thread): a group commit
 * failed (PostgreSQL away past PG_RETRY_SECONDS) and the conversation was
 * ended here with storage_failed, its replies never sent.  Lines it queued
 * after that commit began must not land with the next one: its client was
 * told the turn was not stored, and would find it applied at its resume
 * (and apply it twice when it sends it again).
 */
void
pgstore_forget(struct pgstore *ps, const char *id)
{
	struct pg_line **pp = &ps->head, *l;

	while ((l = *pp) != NULL) {
		if (strcmp(l->id, id) == 0) {
			*pp = l->next;
			ps->bytes -= l->len;
			l->next = NULL;
			lines_free(l);
		} else
			pp = &l->next;
	}
	ps->tail = pp;
}

static int
pg_dirty(const void *b)
{
	return ((const struct pgstore *)b)->head != NULL;
}

static void *
pg_commit_begin(void *b)
{
	struct pgstore *ps = b;
	struct pg_commit *c;

	if (ps->head == NULL || (c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	c->ps = ps;
	c->lines = ps->head;
	ps->head = NULL;
	ps->tail = &ps->head;
	ps->bytes = 0;
	return c;
}

/* Up, and no statement has been waiting PG_STALL_SECONDS (loop thread). */
static int
pg_ready(const void *b)
{
	const struct pgstore *ps = b;
	long long since = atomic_load(&ps->waiting_ms);

	return atomic_load(&ps->up) && (since == 0 ||
	    mono() * 1000 - (double)since < PG_STALL_SECONDS * 1000);
}

const struct store_backend backend_pg = {
	"postgresql",
	pg_journal,
	pg_dirty,
	pg_commit_begin,
	pg_commit_run,
	pg_commit_seconds,
	pg_commit_end,
	pg_ready,
	1,	/* head: kept with each record (pg_journal()) */
};

/*
 * Open the PostgreSQL store at conninfo (libpq's connection string or
 * URI), leases of lease seconds.  A malformed string is an error (NULL,
 * logged); an unreachable server is not: the daemon starts, /readyz says
 * 503, and the worker connects when it can.  Called before the worker
 * runs anything of ours.
 */
struct pgstore *
pgstore_open(const char *conninfo, long lease)
{
	struct pgstore *ps;
	PQconninfoOption *opts;
	unsigned char r[4];
	char *err = NULL, host[24];

	if ((opts = PQconninfoParse(conninfo, &err)) == NULL) {
		log_warnx("store: the connection string is not valid: %s",
		    err ? err : "out of memory");
		PQfreemem(err);
		return NULL;
	}
	PQconninfoFree(opts);
	if ((ps = calloc(1, sizeof(*ps))) == NULL ||
	    (ps->conninfo = strdup(conninfo)) == NULL) {
		free(ps);
		return NULL;
	}
	ps->tail = &ps->head;
	ps->lease = lease;
	randombytes_buf(r, sizeof(r));
	if (gethostname(host, sizeof(host)) == -1)
		(void)strcpy(host, "host");
	host[sizeof(host) - 1] = '\0';
	(void)snprintf(ps->instance, sizeof(ps->instance),
	    "advisord-%s-%ld-%02x%02x%02x%02x", host, (long)getpid(), r[0],
	    r[1], r[2], r[3]);
	atomic_init(&ps->up, 0);
	atomic_init(&ps->waiting_ms, 0);
	atomic_init(&ps->connects, 0);
	if (pg_ensure(ps) == 0)
		pg_state(ps, 1, NULL);
	log_info("store: PostgreSQL (%s), instance %s, leases of %ld s",
	    atomic_load(&ps->up) ? "connected" : "not reachable yet",
	    ps->instance, lease);
	return ps;
}

/* After the worker has stopped. */
void
pgstore_close(struct pgstore *ps)
{
	if (ps == NULL)
		return;
	lines_free(ps->head);
	if (ps->conn != NULL)
		PQfinish(ps->conn);
	free(ps->conninfo);
	free(ps);
}

const char *
pgstore_instance(const struct pgstore *ps)
{
	return ps->instance;
}

/* Connections to PostgreSQL tried so far (any thread). */
unsigned long long
pgstore_connects(const struct pgstore *ps)
{
	return atomic_load(&ps->connects);
}

/*
 * Renew the leases of the conversations this instance serves (the first
 * j->nheld of j->ids), see which of all j->ids another instance took, and
 * see that PostgreSQL answers and takes writes (for /readyz).  On the
 * worker.
 */
void
pgstore_renew_run(struct pg_renew *j)
{
	struct pgstore *ps = j->ps;
	char **owned = NULL;

	j->ok = 0;
	if (pg_ensure(ps) == -1)
		return;
	if (j->nheld == 0)
		/* a write, refused (at executor start) where writes are */
		j->ok = pg_cmd(ps, "UPDATE advisord_conv SET lease_until = "
		    "lease_until WHERE false", 0, NULL) == 0;
	else
		j->ok = (owned = calloc(j->nheld, sizeof(*owned))) != NULL &&
		    pg_fence(ps, j->ids, j->nheld, owned) == 0;
	if (j->ok && j->n > 0) {
		const char *v[2];
		char *arr = pg_array(j->ids, j->n);
		PGresult *r;
		int k;

		/*
		 * Not renewed is not lost: a new conversation's row may be in
		 * a group commit still to come.  Lost is another owner's row.
		 */
		j->ok = 0;
		v[0] = arr;
		v[1] = ps->instance;
		if (arr != NULL && (r = pg_run(ps, "SELECT id FROM advisord_conv "
		    "WHERE id = ANY($1::text[]) AND owner_instance IS DISTINCT "
		    "FROM $2 AND NOT ended", 2, v)) != NULL) {
			j->ok = 1;
			for (k = 0; k < PQntuples(r); k++)
				lost_add(&j->lost, &j->nlost,
				    PQgetvalue(r, k, 0));
			PQclear(r);
		}
		free(arr);
	}
	free(owned);
	pg_state(ps, j->ok, j->ok ? NULL : pg_lost(ps) ?
	    "the connection was lost" : "it refuses the lease renewal");
}

/*
 * Which of ids (n, their characters checked by the caller) PostgreSQL
 * has a conversation row for, ended or not: known[i] set.  -1 when it
 * cannot be asked.  Worker only.
 */
int
pgstore_known(struct pgstore *ps, char **ids, size_t n, char *known)
{
	const char *v[1];
	char *arr;
	PGresult *r;
	int i;
	size_t k;

	memset(known, 0, n);
	if (n == 0)
		return 0;
	if (pg_ensure(ps) == -1 || (arr = pg_array(ids, n)) == NULL)
		return -1;
	v[0] = arr;
	r = pg_run(ps, "SELECT id FROM advisord_conv WHERE id = "
	    "ANY($1::text[])", 1, v);
	free(arr);
	if (r == NULL)
		return -1;
	for (i = 0; i < PQntuples(r); i++)
		for (k = 0; k < n; k++)
			if (strcmp(PQgetvalue(r, i, 0), ids[k]) == 0)
				known[k] = 1;
	PQclear(r);
	return 0;
}

void
pgstore_renew_free(struct pg_renew *j)
{
	size_t i;

	for (i = 0; i < j->n; i++)
		free(j->ids[i]);
	free(j->ids);
	lost_free(j->lost, j->nlost);
	free(j);
}

static void	claim_reset(struct pg_claim *);
static void	claim_try(struct pg_claim *);

/*
 * Take conversation j->key over (on the worker): in one transaction, its
 * row locked, check the token (when one is given), and take the lease
 * when it is this instance's, has expired, or its owner's session is gone
 * from pg_stat_activity; then read its records.  A row locked by another
 * session is not waited for (NOWAIT: the worker also makes every commit):
 * the claim is busy.  A connection found lost (the server closed an idle
 * session) is made again and the claim tried once more, as a commit is.
 */
void
pgstore_claim_run(struct pg_claim *j)
{
	claim_try(j);
	if (j->status == CLAIM_ERR && pg_lost(j->ps)) {
		claim_reset(j);
		claim_try(j);
	}
}

static void
claim_try(struct pg_claim *j)
{
	struct pgstore *ps = j->ps;
	const char *v[3];
	char lease[32];
	PGresult *r;
	int i, expired, alive;

	j->status = CLAIM_ERR;
	if (pg_ensure(ps) == -1) {
		(void)snprintf(j->why, sizeof(j->why), "not connected");
		return;
	}
	v[0] = j->key;
	if (j->check) {
		/* held here: does the store still say so? (no lock taken) */
		if ((r = pg_run(ps, "SELECT coalesce(owner_instance, '') FROM "
		    "advisord_conv WHERE key = $1 AND NOT ended", 1, v)) ==
		    NULL)
			goto fail;
		j->status = PQntuples(r) == 0 ? CLAIM_NONE : strcmp(
		    PQgetvalue(r, 0, 0), ps->instance) == 0 ? CLAIM_OK :
		    CLAIM_MOVED;
		if (PQntuples(r) > 0)
			(void)snprintf(j->owner, sizeof(j->owner), "%s",
			    PQgetvalue(r, 0, 0));
		PQclear(r);
		pg_state(ps, 1, NULL);
		return;
	}
	if (pg_cmd(ps, "BEGIN", 0, NULL) == -1)
		goto fail;
	/*
	 * The owner counts as alive while its session is there, and for a
	 * lease after PostgreSQL (re)started: its instance may not have
	 * reconnected yet.
	 */
	(void)snprintf(lease, sizeof(lease), "%ld", ps->lease);
	v[1] = lease;
	if ((r = pg_run(ps, "SELECT id, meta, coalesce(owner_instance, ''), "
	    "coalesce(lease_until < now(), true), "
	    "EXISTS (SELECT 1 FROM pg_stat_activity WHERE application_name "
	    "= owner_instance) OR pg_postmaster_start_time() > now() - "
	    "$2::int * interval '1 second', "
	    "coalesce(extract(epoch FROM lease_until - now()), 0), seq_used, "
	    "coalesce(end_status, '') FROM advisord_conv WHERE key = $1 AND NOT ended FOR UPDATE "
	    "NOWAIT", 2, v)) == NULL) {
		if (strcmp(ps->sqlstate, "55P03") != 0)
			goto fail;
		j->status = CLAIM_BUSY;
		j->retry_after = 0.5;
		(void)snprintf(j->why, sizeof(j->why), "its row in the shared "
		    "store is locked by another session (a commit or a "
		    "take-over in progress)");
		goto rollback;
	}
	if (PQntuples(r) == 0) {
		PQclear(r);
		j->status = CLAIM_NONE;
		goto rollback;
	}
	(void)snprintf(j->id, sizeof(j->id), "%s", PQgetvalue(r, 0, 0));
	j->meta = strdup(PQgetvalue(r, 0, 1));
	(void)snprintf(j->owner, sizeof(j->owner), "%s", PQgetvalue(r, 0, 2));
	expired = PQgetvalue(r, 0, 3)[0] == 't';
	alive = PQgetvalue(r, 0, 4)[0] == 't';
	j->retry_after = atof(PQgetvalue(r, 0, 5));
	j->seq_used = strtoull(PQgetvalue(r, 0, 6), NULL, 10);
	(void)snprintf(j->end_status, sizeof(j->end_status), "%s",
	    PQgetvalue(r, 0, 7));
	PQclear(r);
	if (j->meta == NULL)
		goto fail;
	if (j->has_token) {
		/* a hash (or, imported from an older journal, the token) */
		json_t *m = json_loadb(j->meta, strlen(j->meta), 0, NULL);
		char hash[RESTOKEN_HASH_HEX + 1];
		const char *clear;
		int ok = m != NULL && restoken_from_meta(m, hash, &clear) ==
		    0 && restoken_matches(j->token, hash);

		json_decref(m);
		if (!ok) {
			j->status = CLAIM_TOKEN;
			goto rollback;
		}
	}
	if (strcmp(j->owner, ps->instance) != 0 && !expired && alive) {
		j->status = CLAIM_BUSY;
		goto rollback;
	}
	v[0] = j->id;
	if (strstr(j->meta, "\"token\":") != NULL) {
		/*
		 * Its token in clear, written after migrate[] ran (an older
		 * instance of a rolling upgrade): its hash from now on, in
		 * the transaction that takes it (review hb18, HB18-2).
		 */
		char *hashed = restoken_meta_hashed(j->meta);
		int rc = 0;

		/* not JSON: left as it is, as migrate[] leaves it */
		if (hashed != NULL) {
			v[1] = hashed;
			rc = pg_cmd(ps, "UPDATE advisord_conv SET meta = $2 "
			    "WHERE id = $1", 2, v);
			free(hashed);
		}
		if (rc == -1)
			goto fail;
	}
	v[1] = ps->instance;
	v[2] = lease;
	if (pg_cmd(ps, "UPDATE advisord_conv SET owner_instance = $2, "
	    "lease_until = now() + $3::int * interval '1 second' WHERE "
	    "id = $1", 3, v) == -1)
		goto fail;
	if ((r = pg_run(ps, "SELECT seq, head, data FROM advisord_rec WHERE "
	    "id = $1 ORDER BY seq", 1, v)) == NULL)
		goto fail;
	j->n = (size_t)PQntuples(r);
	j->recs = calloc(j->n + 1, sizeof(*j->recs));
	j->heads = calloc(j->n + 1, sizeof(*j->heads));
	j->seqs = calloc(j->n + 1, sizeof(*j->seqs));
	if (j->recs == NULL || j->heads == NULL || j->seqs == NULL) {
		PQclear(r);
		goto fail;
	}
	for (i = 0; i < (int)j->n; i++) {
		j->seqs[i] = atoll(PQgetvalue(r, i, 0));
		j->heads[i] = strdup(PQgetvalue(r, i, 1));
		j->recs[i] = strdup(PQgetvalue(r, i, 2));
		if (j->heads[i] == NULL || j->recs[i] == NULL) {
			PQclear(r);
			goto fail;
		}
	}
	PQclear(r);
	if (pg_finish(ps) == -1)
		goto fail;
	j->status = CLAIM_OK;
	pg_state(ps, 1, NULL);
	return;
fail:
	j->status = CLAIM_ERR;
	(void)snprintf(j->why, sizeof(j->why), "%s", ps->broken ?
	    "no answer from PostgreSQL" : PQerrorMessage(ps->conn));
	j->why[strcspn(j->why, "\n")] = '\0';
rollback:
	(void)pg_cmd(ps, "ROLLBACK", 0, NULL);
	if (pg_lost(ps))
		pg_state(ps, 0, "the connection was lost");
}

/*
 * Let go of the lease of conversation id (on the worker): a take-over
 * that wrote the lease but then refused the conversation (another
 * knowledge base, records that do not chain, a .part that cannot be
 * written) must not park it with an instance that does not serve it; the
 * orphan sweep (or another resume) finds it again; set back seconds (an
 * idle conversation let go: the sweep expires it at once); with
 * end_status (not NULL), its end, not signed, is recorded with it (the
 * one recorded before kept).  Best effort.
 */
void
pgstore_release_run(struct pgstore *ps, const char *id, long back,
    const char *end_status)
{
	const char *v[4];
	char b[32];

	if (pg_ensure(ps) == -1)
		return;
	(void)snprintf(b, sizeof(b), "%ld", back);
	v[0] = id;
	v[1] = ps->instance;
	v[2] = b;
	v[3] = end_status;	/* NULL: SQL NULL, the one there kept */
	(void)pg_cmd(ps, "UPDATE advisord_conv SET owner_instance = NULL, "
	    "lease_until = now() - $3::int * interval '1 second', end_status "
	    "= coalesce(end_status, $4) WHERE id = $1 AND owner_instance = $2 "
	    "AND NOT ended", 4, v);
}

/* Forget what a failed claim_try filled, for another try. */
static void
claim_reset(struct pg_claim *j)
{
	size_t i;

	for (i = 0; i < j->n; i++) {
		if (j->recs != NULL)
			free(j->recs[i]);
		if (j->heads != NULL)
			free(j->heads[i]);
	}
	free(j->recs);
	free(j->heads);
	free(j->seqs);
	free(j->meta);
	j->recs = j->heads = NULL;
	j->seqs = NULL;
	j->meta = NULL;
	j->n = 0;
	j->why[0] = '\0';
}

void
pgstore_claim_free(struct pg_claim *j)
{
	claim_reset(j);
	free(j);
}

/*
 * Conversations nobody serves (on the worker): open, their owner's
 * session gone (and PostgreSQL up for a lease), their lease run out more
 * than j->idle seconds ago.  At most PG_SWEEP_MAX keys, into j->keys.
 */
#define PG_SWEEP_MAX	16
void
pgstore_sweep_run(struct pg_sweep *j)
{
	struct pgstore *ps = j->ps;
	char idle[32], lease[32];
	const char *v[2];
	PGresult *r;
	int i;

	if (pg_ensure(ps) == -1)
		return;
	(void)snprintf(idle, sizeof(idle), "%ld", j->idle);
	(void)snprintf(lease, sizeof(lease), "%ld", ps->lease);
	v[0] = idle;
	v[1] = lease;
	pgstore_finals_clean(ps);
	if ((r = pg_run(ps, "SELECT key FROM advisord_conv WHERE NOT ended "
	    "AND (end_status IS NOT NULL OR coalesce(lease_until, created) < "
	    "now() - $1::int * interval '1 second') AND NOT EXISTS (SELECT 1 FROM "
	    "pg_stat_activity WHERE application_name = owner_instance) AND "
	    "pg_postmaster_start_time() < now() - $2::int * interval "
	    "'1 second' LIMIT 16", 2, v)) == NULL)
		return;
	if ((j->keys = calloc(PG_SWEEP_MAX, sizeof(*j->keys))) != NULL)
		for (i = 0; i < PQntuples(r) && i < PG_SWEEP_MAX; i++)
			if ((j->keys[j->n] = strdup(PQgetvalue(r, i, 0))) !=
			    NULL)
				j->n++;
	PQclear(r);
}

void
pgstore_sweep_free(struct pg_sweep *j)
{
	size_t i;

	for (i = 0; i < j->n; i++)
		free(j->keys[i]);
	free(j->keys);
	free(j);
}

/*
 * The final transcripts in the store (advisord_final): put by the
 * instance that signs one, asked for by any, removed FINAL_HOLD_SECONDS
 * after (by each instance's orphan sweep, every lease).  The token is kept as its SHA-256.
 */

/* Remove what went more than FINAL_HOLD_SECONDS ago.  Worker only. */
void
pgstore_finals_clean(struct pgstore *ps)
{
	char hold[32];
	const char *v[1];

	(void)snprintf(hold, sizeof(hold), "%d", FINAL_HOLD_SECONDS);
	v[0] = hold;
	(void)pg_cmd(ps, "DELETE FROM advisord_final WHERE at < now() - "
	    "$1::int * interval '1 second'", 1, v);
}

/*
 * Store final transcript f (id, key, token hash, status, the three files;
 * f->at when it went, 0 for now) for any instance to return.  At most
 * PG_FINAL_MAX bytes (a larger one stays with its instance only, logged;
 * errno EFBIG).  -1 when it could not be stored.  Worker only.
 */
int
pgstore_final_put(struct pgstore *ps, const struct pg_final *f)
{
	static const char sql[] = "INSERT INTO advisord_final (id, key, "
	    "token_sha256, status, content, minisig, markdown, at) VALUES ($1, "
	    "$2, $3, $4, $5, $6, $7, coalesce(to_timestamp($8::float8), "
	    "now())) ON CONFLICT (id) DO UPDATE SET key = $2, token_sha256 = "
	    "$3, status = $4, content = $5, minisig = $6, markdown = $7, at = "
	    "coalesce(to_timestamp($8::float8), now())";
	const char *v[8];
	char at[40];
	size_t bytes = f->len + strlen(f->sig) + (f->md ? strlen(f->md) : 0);
	int rc;

	if (bytes > PG_FINAL_MAX) {
		log_warnx("transcript %s: %zu bytes, over the %d kept in the "
		    "shared store: only this instance returns it", f->id,
		    bytes, PG_FINAL_MAX);
		errno = EFBIG;
		return -1;
	}
	if (pg_ensure(ps) == -1) {
		errno = EAGAIN;
		return -1;
	}
	(void)snprintf(at, sizeof(at), "%.6f", f->at);
	v[0] = f->id;
	v[1] = f->key;
	v[2] = f->tokhash;
	v[3] = f->status;
	v[4] = f->content;
	v[5] = f->sig;
	v[6] = f->md;
	v[7] = f->at > 0 ? at : NULL;
	rc = pg_cmd(ps, sql, 8, v);
	if (rc == -1 && pg_ensure(ps) == 0)	/* a session closed meanwhile */
		rc = pg_cmd(ps, sql, 8, v);
	if (rc == -1)
		errno = EAGAIN;
	return rc;
}

/*
 * The newest final transcript of key (owner/name) that went less than
 * FINAL_HOLD_SECONDS ago, into f (found 1, or 0); -1 when PostgreSQL
 * cannot be asked.  None while another conversation of that name is open
 * (an integration's name reused): its request is not answered with the
 * transcript of the one before as if it had ended (review hb17, HB17-2).
 * One of a conversation that started no later than f->kept_id's (the
 * one the asking instance keeps, "" when none) is older than that one,
 * and not returned.  None found and f->kept_id given: f->open_other says
 * whether a conversation of that name other than kept_id is open (then
 * the kept one is not sent either).  Worker only.
 */
#define FINAL_GET_SQL							\
	"SELECT id, token_sha256, status, content, minisig, markdown, "	\
	"markdown IS NULL FROM advisord_final f WHERE key = $1 AND at >= "	\
	"now() - $2::int * interval '1 second' AND NOT EXISTS (SELECT 1 "	\
	"FROM advisord_conv c WHERE c.key = $1 AND NOT c.ended AND c.id <> "	\
	"f.id) AND NOT EXISTS (SELECT 1 FROM advisord_conv k JOIN "	\
	"advisord_conv o ON o.id = f.id WHERE k.id = $3 AND o.id <> k.id "	\
	"AND o.created <= k.created) ORDER BY at DESC LIMIT 1"
int
pgstore_final_get(struct pgstore *ps, struct pg_final *f)
{
	char hold[32];
	const char *v[3];
	PGresult *r;
	int rows;

	f->found = 0;
	if (pg_ensure(ps) == -1)
		return -1;
	(void)snprintf(hold, sizeof(hold), "%d", FINAL_HOLD_SECONDS);
	v[0] = f->key;
	v[1] = hold;
	v[2] = f->kept_id;
	r = pg_run(ps, FINAL_GET_SQL, 3, v);
	if (r == NULL && pg_lost(ps) && pg_ensure(ps) == 0)
		r = pg_run(ps, FINAL_GET_SQL, 3, v);
	if (r == NULL)
		return -1;
	if (PQntuples(r) == 1) {
		(void)snprintf(f->id, sizeof(f->id), "%s", PQgetvalue(r, 0, 0));
		(void)snprintf(f->tokhash, sizeof(f->tokhash), "%s",
		    PQgetvalue(r, 0, 1));
		(void)snprintf(f->statusbuf, sizeof(f->statusbuf), "%s",
		    PQgetvalue(r, 0, 2));
		f->len = (size_t)PQgetlength(r, 0, 3);
		f->content = strndup(PQgetvalue(r, 0, 3), f->len);
		f->sig = strdup(PQgetvalue(r, 0, 4));
		f->md = PQgetvalue(r, 0, 6)[0] == 't' ? NULL :
		    strdup(PQgetvalue(r, 0, 5));
		f->found = f->content != NULL && f->sig != NULL;
	}
	rows = PQntuples(r);
	PQclear(r);
	if (rows == 0 && f->kept_id[0] != '\0') {
		/* may the one the asking instance keeps be sent? (HB17-2) */
		v[1] = f->kept_id;
		if ((r = pg_run(ps, "SELECT EXISTS (SELECT 1 FROM "
		    "advisord_conv WHERE key = $1 AND NOT ended AND id <> $2)",
		    2, v)) == NULL)
			return -1;
		f->open_other = PQntuples(r) != 1 ||
		    PQgetvalue(r, 0, 0)[0] != 'f';
		PQclear(r);
	}
	return f->found || rows == 0 ? 0 : -1;
}

void
pgstore_final_free(struct pg_final *f)
{
	free(f->content);
	free(f->sig);
	free(f->md);
	free(f);
}

/*
 * Move one open conversation of the local journal into PostgreSQL (at the
 * start of an instance given `store` on a state directory that has them,
 * review r17 F10): its row with no owner and its lease run out (the first
 * resume on any instance takes it over; nobody resuming, the orphan sweep
 * expires it after idle_timeout), and its records with their chain heads,
 * in one transaction.  j->result: IMPORT_DONE; IMPORT_THERE when a former
 * start imported it already (the same number of records); IMPORT_DIFFERS
 * when PostgreSQL has it with another number of records (left alone);
 * IMPORT_KEY_OPEN when its name is open there under another conversation;
 * IMPORT_ERR when PostgreSQL cannot be asked.  Worker only.
 */
void
pgstore_import_run(struct pg_import *j)
{
	struct pgstore *ps = j->ps;
	struct tr_chain ch;
	char head[TR_HASH_BYTES * 2 + 1], seq[32], *key = NULL, *meta = NULL;
	const char *v[5];
	PGresult *r;
	json_t *m;
	size_t i;

	j->result = IMPORT_ERR;
	m = json_loadb(j->meta, strlen(j->meta), 0, NULL);
	if (json_string_value(json_object_get(m, "owner")) == NULL ||
	    json_string_value(json_object_get(m, "name")) == NULL ||
	    asprintf(&key, "%s/%s", json_string_value(json_object_get(m,
	    "owner")), json_string_value(json_object_get(m, "name"))) == -1)
		key = NULL;
	json_decref(m);
	/* the shared store keeps the token's hash only (hb17, HB17-3) */
	if (key == NULL || (meta = restoken_meta_hashed(j->meta)) == NULL ||
	    pg_ensure(ps) == -1 || pg_cmd(ps, "BEGIN", 0, NULL) == -1)
		goto out;
	v[0] = j->id;
	if ((r = pg_run(ps, "SELECT (SELECT count(*) FROM advisord_rec WHERE "
	    "id = $1) FROM advisord_conv WHERE id = $1", 1, v)) == NULL)
		goto fail;
	if (PQntuples(r) == 1) {
		j->result = strtoull(PQgetvalue(r, 0, 0), NULL, 10) == j->n ?
		    IMPORT_THERE : IMPORT_DIFFERS;
		PQclear(r);
		goto rollback;
	}
	PQclear(r);
	(void)snprintf(seq, sizeof(seq), "%llu",
	    (unsigned long long)j->seq_used);
	v[1] = key;
	v[2] = meta;
	v[3] = seq;
	if ((r = pg_run(ps, "INSERT INTO advisord_conv (id, key, meta, "
	    "owner_instance, lease_until, seq_used) VALUES ($1, $2, $3, NULL, "
	    "now(), $4::bigint) ON CONFLICT DO NOTHING RETURNING id", 4,
	    v)) == NULL)
		goto fail;
	if (PQntuples(r) == 0) {
		PQclear(r);
		j->result = IMPORT_KEY_OPEN;
		goto rollback;
	}
	PQclear(r);
	tr_chain_init(&ch);
	for (i = 0; i < j->n; i++) {
		tr_chain_add(&ch, j->recs[i], strlen(j->recs[i]));
		tr_hex(ch.head, TR_HASH_BYTES, head);
		(void)snprintf(seq, sizeof(seq), "%zu", i);
		v[1] = seq;
		v[2] = head;
		v[3] = j->recs[i];
		v[4] = ps->instance;
		if (pg_cmd(ps, "INSERT INTO advisord_rec (id, seq, head, data, "
		    "instance) VALUES ($1, $2, $3, $4, $5)", 5, v) == -1)
			goto fail;
	}
	if (pg_finish(ps) == -1)
		goto fail;
	j->result = IMPORT_DONE;
	goto out;
fail:
	j->result = IMPORT_ERR;
rollback:
	(void)pg_cmd(ps, "ROLLBACK", 0, NULL);
out:
	free(meta);
	free(key);
}
