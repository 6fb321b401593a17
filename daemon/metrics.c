/* SPDX-License-Identifier: ISC */
/*
 * metrics.c: counters, and their Prometheus text rendering for /metrics.
 *
 * Message types and error codes are counted by index into fixed tables,
 * so counting costs an array increment; the names come from protocol/.
 * The output passes `promtool check metrics`: counters end in _total,
 * units are base units (seconds, bytes), and nothing is named "kb" (which
 * reads as kilobytes).  The process_* families are the standard ones a
 * Prometheus client library would export, read from /proc and getrusage.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/time.h>

#include "advisord.h"
#include "strbuf.h"

static const char *const out_types[] = {
	"welcome", "opened", "resumed", "ended", "question", "answer",
	"recommendation", "explanation", "summary", "help", "notice",
	"not_understood", "table", "transcript", "error", NULL
};

/* Turn latency histogram bounds, in seconds: 100 us to 10 s. */
static const double bounds[METRIC_BUCKETS - 1] = {
	0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
	0.1, 0.25, 0.5, 1, 2.5, 5, 10
};

static double	start_time;	/* wall clock, seconds since the epoch */

/* Note when the process started, for process_start_time_seconds. */
void
metrics_start(void)
{
	struct timeval tv;

	(void)gettimeofday(&tv, NULL);
	start_time = (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

/* The standard process_* families. */
static void
metrics_process(struct strbuf *b)
{
	struct rusage ru;
	struct rlimit rl;
	struct dirent *de;
	long pages = 0, rss = 0;
	long fds = 0;
	FILE *fp;
	DIR *dir;

	if (getrusage(RUSAGE_SELF, &ru) == 0)
		strbuf_printf(b, "# HELP process_cpu_seconds_total User and "
		    "system CPU time spent.\n"
		    "# TYPE process_cpu_seconds_total counter\n"
		    "process_cpu_seconds_total %.3f\n",
		    (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec /
		    1e6 + (double)ru.ru_stime.tv_sec +
		    (double)ru.ru_stime.tv_usec / 1e6);
	if ((fp = fopen("/proc/self/statm", "r")) != NULL) {
		if (fscanf(fp, "%ld %ld", &pages, &rss) == 2)
			strbuf_printf(b, "# HELP process_resident_memory_bytes "
			    "Resident memory size.\n"
			    "# TYPE process_resident_memory_bytes gauge\n"
			    "process_resident_memory_bytes %ld\n"
			    "# HELP process_virtual_memory_bytes Virtual memory "
			    "size.\n# TYPE process_virtual_memory_bytes gauge\n"
			    "process_virtual_memory_bytes %ld\n",
			    rss * sysconf(_SC_PAGESIZE),
			    pages * sysconf(_SC_PAGESIZE));
		(void)fclose(fp);
	}
	if ((dir = opendir("/proc/self/fd")) != NULL) {
		while ((de = readdir(dir)) != NULL)
			if (de->d_name[0] != '.')
				fds++;
		(void)closedir(dir);
		strbuf_printf(b, "# HELP process_open_fds Open file "
		    "descriptors.\n# TYPE process_open_fds gauge\n"
		    "process_open_fds %ld\n", fds - 1);	/* not the DIR's */
	}
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0)
		strbuf_printf(b, "# HELP process_max_fds Limit on open file "
		    "descriptors.\n# TYPE process_max_fds gauge\n"
		    "process_max_fds %llu\n", (unsigned long long)rl.rlim_cur);
	strbuf_printf(b, "# HELP process_start_time_seconds Start time of the "
	    "process since the epoch.\n"
	    "# TYPE process_start_time_seconds gauge\n"
	    "process_start_time_seconds %.3f\n", start_time);
}

static int
index_of(const char *const *names, const char *name)
{
	int i;

	for (i = 0; names[i] != NULL; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

static int
type_index(const char *type)
{
	int i;

	for (i = 0; i < PT_NTYPES; i++)
		if (strcmp(proto_type_name((enum proto_type)i), type) == 0)
			return i;
	return PT_NTYPES;	/* "other" */
}

void
metrics_in(struct daemon *d, const char *type)
{
	d->metrics.in_by_type[type_index(type)]++;
}

void
metrics_out(struct daemon *d, const char *type)
{
	int i = index_of(out_types, type);

	if (i >= 0 && i < METRIC_TYPES)
		d->metrics.out_by_type[i]++;
}

void
metrics_error(struct daemon *d, const char *code)
{
	int i;

	for (i = 0; proto_errors[i].code != NULL && i < METRIC_CODES - 1; i++)
		if (strcmp(proto_errors[i].code, code) == 0)
			break;
	d->metrics.errors_by_code[i]++;
}

void
metrics_verdict(struct daemon *d, int outcome)
{
	if (outcome >= 0 && outcome < 8)
		d->metrics.verdicts[outcome]++;
}

static void
hist_add(struct metric_hist *h, double seconds)
{
	int i;

	for (i = 0; i < METRIC_BUCKETS - 1; i++)
		if (seconds <= bounds[i])
			break;
	h->buckets[i]++;
	h->count++;
	h->sum += seconds;
}

void
metrics_turn(struct daemon *d, double seconds)
{
	hist_add(&d->metrics.turn, seconds);
}

/* One group commit of the journal took seconds; failed: it did not hold. */
void
metrics_sync(struct daemon *d, double seconds, int failed)
{
	hist_add(&d->metrics.sync, seconds);
	if (failed)
		d->metrics.sync_failures++;
}

static void
hist_render(struct strbuf *b, const char *name, const char *help,
    const struct metric_hist *h)
{
	uint64_t cum = 0;
	int i;

	strbuf_printf(b, "# HELP %s %s\n# TYPE %s histogram\n", name, help,
	    name);
	for (i = 0; i < METRIC_BUCKETS; i++) {
		cum += h->buckets[i];
		if (i < METRIC_BUCKETS - 1)
			strbuf_printf(b, "%s_bucket{le=\"%g\"} %llu\n", name,
			    bounds[i], (unsigned long long)cum);
		else
			strbuf_printf(b, "%s_bucket{le=\"+Inf\"} %llu\n", name,
			    (unsigned long long)cum);
	}
	strbuf_printf(b, "%s_sum %.6f\n%s_count %llu\n", name, h->sum, name,
	    (unsigned long long)h->count);
}

/* The Prometheus text exposition; malloc'd, *lenp set. */
char *
metrics_render(struct daemon *d, size_t *lenp)
{
	struct metrics *m = &d->metrics;
	struct strbuf b;
	const struct kb *kb = d->kb->kb;
	size_t i;

	strbuf_init(&b, 8192);
	strbuf_printf(&b, "# HELP advisord_build_info Version of the daemon.\n"
	    "# TYPE advisord_build_info gauge\n"
	    "advisord_build_info{version=\"%s\",protocol=\"%s\"} 1\n",
	    ADVISORD_VERSION, PROTO_NAME);
	strbuf_printf(&b, "# HELP advisord_knowledge_base_info The knowledge "
	    "base new conversations use.\n"
	    "# TYPE advisord_knowledge_base_info gauge\n"
	    "advisord_knowledge_base_info{id=\"%s\",hash=\"%s\"} 1\n",
	    kb->id, kb->hash_hex);
	strbuf_printf(&b, "# HELP advisord_knowledge_base_claims Claims in the "
	    "knowledge base new conversations use.\n"
	    "# TYPE advisord_knowledge_base_claims gauge\n"
	    "advisord_knowledge_base_claims %zu\n", kb->nclaims);
	strbuf_printf(&b, "# HELP advisord_uptime_seconds Time since start.\n"
	    "# TYPE advisord_uptime_seconds gauge\n"
	    "advisord_uptime_seconds %.0f\n", server_now() - d->started);
	strbuf_printf(&b, "# HELP advisord_connections Open WebSocket "
	    "connections.\n# TYPE advisord_connections gauge\n"
	    "advisord_connections %ld\n", d->nconns);
	strbuf_printf(&b, "# HELP advisord_connections_total WebSocket connections "
	    "accepted.\n# TYPE advisord_connections_total counter\n"
	    "advisord_connections_total %llu\n",
	    (unsigned long long)m->connections_total);
	strbuf_printf(&b, "# HELP advisord_connections_rejected_total Connections, "
	    "upgrades and plain HTTP requests refused, for any reason (the sum "
	    "of advisord_refusals_total: a request answered 405 counts, as "
	    "reason method).\n# TYPE advisord_connections_rejected_total "
	    "counter\nadvisord_connections_rejected_total %llu\n",
	    (unsigned long long)m->rejected_connections);
	strbuf_printf(&b, "# HELP advisord_slow_readers_dropped_total Connections "
	    "dropped for not reading.\n"
	    "# TYPE advisord_slow_readers_dropped_total counter\n"
	    "advisord_slow_readers_dropped_total %llu\n",
	    (unsigned long long)m->dropped_slow);
	strbuf_printf(&b, "# HELP advisord_slow_readers_cut_total Connections "
	    "dropped for not reading that took nothing more in the 10 s "
	    "grace after (WS_DROP_GRACE), so not their close frame (1008) "
	    "either: cut without it.\n"
	    "# TYPE advisord_slow_readers_cut_total counter\n"
	    "advisord_slow_readers_cut_total %llu\n",
	    (unsigned long long)m->dropped_slow_cut);
	strbuf_printf(&b, "# HELP advisord_connections_stalled Connections "
	    "whose socket took nothing of a write the daemon holds for them "
	    "since the look before (once a second): the memory budget drops "
	    "these first.\n# TYPE advisord_connections_stalled gauge\n"
	    "advisord_connections_stalled %ld\n", m->stalled);
	strbuf_printf(&b, "# HELP advisord_messages_unsent_after_close_total "
	    "Server messages not written because the connection's close frame "
	    "had gone (RFC 6455 5.5.1); a resume replays them.\n"
	    "# TYPE advisord_messages_unsent_after_close_total counter\n"
	    "advisord_messages_unsent_after_close_total %llu\n",
	    (unsigned long long)m->dropped_after_close);
	strbuf_printf(&b, "# HELP advisord_connections_shed_total Connections "
	    "closed unanswered because file descriptors ran out.\n"
	    "# TYPE advisord_connections_shed_total counter\n"
	    "advisord_connections_shed_total %llu\n",
	    (unsigned long long)limits_shed_count());
	limits_metrics(d, &b);
	conversation_resume_metrics(&b);
	slackpost_metrics(&b);
	webhook_metrics(&b);
	strbuf_printf(&b, "# HELP advisord_refusals_total Connections, "
	    "upgrades and plain HTTP requests refused, by reason.\n"
	    "# TYPE advisord_refusals_total counter\n");
	for (i = 1; i < REFUSE_N; i++)
		strbuf_printf(&b, "advisord_refusals_total{reason=\"%s\"} "
		    "%llu\n", http_refusal_name((int)i),
		    (unsigned long long)m->refused[i]);
	{
		const struct conversation *cv;
		size_t attached = 0, waiting = 0;

		for (cv = d->lru_head; cv != NULL; cv = cv->lru_next) {
			if (cv->conn != NULL)
				attached++;
			else
				waiting++;
		}
		strbuf_printf(&b, "# HELP advisord_conversations Conversations "
		    "held.\n# TYPE advisord_conversations gauge\n"
		    "advisord_conversations %zu\n", d->nconversations);
		strbuf_printf(&b, "# HELP advisord_conversations_by_state "
		    "Conversations held: on a connection, or waiting for a "
		    "resume.\n# TYPE advisord_conversations_by_state gauge\n"
		    "advisord_conversations_by_state{state=\"attached\"} %zu\n"
		    "advisord_conversations_by_state{state=\"detached\"} %zu\n",
		    attached, waiting);
	}
	strbuf_printf(&b, "# HELP advisord_conversations_total Conversations "
	    "started.\n# TYPE advisord_conversations_total counter\n"
	    "advisord_conversations_total %llu\n",
	    (unsigned long long)m->conversations_total);
	strbuf_printf(&b, "# HELP advisord_messages_in_total Client messages by "
	    "type.\n# TYPE advisord_messages_in_total counter\n");
	for (i = 0; i <= PT_NTYPES; i++)
		strbuf_printf(&b, "advisord_messages_in_total{type=\"%s\"} %llu\n",
		    i < PT_NTYPES ? proto_type_name((enum proto_type)i) :
		    "other", (unsigned long long)m->in_by_type[i]);
	strbuf_printf(&b, "# HELP advisord_messages_out_total Server messages by "
	    "type.\n# TYPE advisord_messages_out_total counter\n");
	for (i = 0; out_types[i] != NULL; i++)
		strbuf_printf(&b, "advisord_messages_out_total{type=\"%s\"} %llu\n",
		    out_types[i], (unsigned long long)m->out_by_type[i]);
	strbuf_printf(&b, "# HELP advisord_errors_total Errors sent, by code.\n"
	    "# TYPE advisord_errors_total counter\n");
	for (i = 0; proto_errors[i].code != NULL && i < METRIC_CODES - 1; i++)
		strbuf_printf(&b, "advisord_errors_total{code=\"%s\"} %llu\n",
		    proto_errors[i].code,
		    (unsigned long long)m->errors_by_code[i]);
	strbuf_printf(&b, "# HELP advisord_verdicts_total Recommendations by "
	    "verdict.\n# TYPE advisord_verdicts_total counter\n");
	for (i = 0; i < kb->dialogue.noutcomes && i < 8; i++)
		strbuf_printf(&b, "advisord_verdicts_total{verdict=\"%s\"} %llu\n",
		    kb->dialogue.outcomes[i].id,
		    (unsigned long long)m->verdicts[i]);
	hist_render(&b, "advisord_turn_seconds", "Time from a client "
	    "message's arrival to its answer being queued, for every message "
	    "a conversation handles (hello, open, resume, say, choose, "
	    "command, transcript, end; refused ones too; transcript and end "
	    "include their signing on the worker; the wait of replies for "
	    "their journal commit is advisord_journal_sync_seconds). Not "
	    "counted: messages dropped by rate_connection, undecodable ones, "
	    "and those refused while draining.", &m->turn);
	hist_render(&b, "advisord_journal_sync_seconds", "Time of one group "
	    "commit of the journal (fdatasync, on the worker thread).",
	    &m->sync);
	strbuf_printf(&b, "# HELP advisord_journal_sync_failures_total Group "
	    "commits that failed (the conversations they hit were ended).\n"
	    "# TYPE advisord_journal_sync_failures_total counter\n"
	    "advisord_journal_sync_failures_total %llu\n",
	    (unsigned long long)m->sync_failures);
	strbuf_printf(&b, "# HELP advisord_store_ready Whether the store takes "
	    "writes (1), or not (0): the local journal's last write or sync "
	    "failed and no probe write succeeded since, or PostgreSQL is out "
	    "of reach (/readyz answers 503).\n"
	    "# TYPE advisord_store_ready gauge\n"
	    "advisord_store_ready %d\n", transcript_ready(d) ? 1 : 0);
	{
		struct reserve_stats rs;

		reserve_stats(&rs);
		if (rs.on || rs.missing)
			strbuf_printf(&b, "# HELP advisord_close_reserve_missing "
			    "Whether the close reserve could not be made (1: "
			    "a small or full state disk; tried again every "
			    "few seconds while the store is ready) or is there "
			    "(0).\n"
			    "# TYPE advisord_close_reserve_missing gauge\n"
			    "advisord_close_reserve_missing %d\n",
			    rs.on ? 0 : 1);
		if (rs.on || rs.missing)
			strbuf_printf(&b, "# HELP advisord_close_reserve_bytes "
			    "The close reserve (STATE/close-reserve), "
			    "preallocated: where a conversation closed by a "
			    "storage failure is marked closed when the journal "
			    "cannot grow.\n"
			    "# TYPE advisord_close_reserve_bytes gauge\n"
			    "advisord_close_reserve_bytes %llu\n"
			    "# HELP advisord_close_reserve_used_bytes Bytes of "
			    "it its close marks take.\n"
			    "# TYPE advisord_close_reserve_used_bytes gauge\n"
			    "advisord_close_reserve_used_bytes %llu\n"
			    "# HELP advisord_close_reserve_marks Close marks "
			    "in it (live: their transcript not stored yet).\n"
			    "# TYPE advisord_close_reserve_marks gauge\n"
			    "advisord_close_reserve_marks{state=\"all\"} "
			    "%zu\n"
			    "advisord_close_reserve_marks{state=\"live\"} "
			    "%zu\n"
			    "# HELP advisord_close_reserve_refused_total Close "
			    "marks that did not fit (the reserve was full): "
			    "those conversations would be resumable after a "
			    "restart before the disk has room.\n"
			    "# TYPE advisord_close_reserve_refused_total "
			    "counter\n"
			    "advisord_close_reserve_refused_total %llu\n",
			    (unsigned long long)rs.bytes,
			    (unsigned long long)rs.used, rs.marks, rs.live,
			    rs.refused);
	}
	if (d->sb == &backend_pg)
		strbuf_printf(&b, "# HELP advisord_store_connects_total "
		    "Connections to PostgreSQL tried (the first, and after "
		    "each loss: at most one per back-off, %g s doubling to "
		    "%g s, while it is away).\n"
		    "# TYPE advisord_store_connects_total counter\n"
		    "advisord_store_connects_total %llu\n",
		    PG_BACKOFF_MIN, PG_BACKOFF_MAX, pgstore_connects(d->sbs));
	strbuf_printf(&b, "# HELP advisord_questions_not_covered_total Free "
	    "questions answered with 'the article does not cover that' "
	    "(covered false).\n"
	    "# TYPE advisord_questions_not_covered_total counter\n"
	    "advisord_questions_not_covered_total %llu\n",
	    (unsigned long long)m->not_covered);
	strbuf_printf(&b, "# HELP advisord_questions_partly_covered_total Free "
	    "questions answered in part, with a note of what the article "
	    "lacks ('has nothing on', 'does not have ... for').\n"
	    "# TYPE advisord_questions_partly_covered_total counter\n"
	    "advisord_questions_partly_covered_total %llu\n",
	    (unsigned long long)m->partly_covered);
	strbuf_printf(&b, "# HELP advisord_reloads_total Reloads (SIGHUP) of the "
	    "configuration and knowledge base, by result.\n"
	    "# TYPE advisord_reloads_total counter\n"
	    "advisord_reloads_total{result=\"ok\"} %llu\n"
	    "advisord_reloads_total{result=\"failed\"} %llu\n",
	    (unsigned long long)m->reloads_ok,
	    (unsigned long long)m->reloads_failed);
	strbuf_printf(&b, "# HELP advisord_last_reload_success Whether the last "
	    "reload took (1) or was rejected (0); 1 before any.\n"
	    "# TYPE advisord_last_reload_success gauge\n"
	    "advisord_last_reload_success %d\n", m->last_reload_failed ? 0 : 1);
	metrics_process(&b);
	return strbuf_finish(&b, lenp);
}
