/*
 * metrics.c: counters, and their Prometheus text rendering for /metrics.
 *
 * Message types and error codes are counted by index into fixed tables,
 * so counting costs an array increment; the names come from protocol/.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "advisord.h"
#include "strbuf.h"

static const char *const out_types[] = {
	"welcome", "opened", "resumed", "ended", "question", "answer",
	"recommendation", "explanation", "summary", "help", "notice",
	"not_understood", "table", "transcript", "error", NULL
};

/* Turn latency histogram bounds, in seconds. */
static const double bounds[METRIC_BUCKETS - 1] = {
	0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.1
};

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

void
metrics_turn(struct daemon *d, double seconds)
{
	int i;

	for (i = 0; i < METRIC_BUCKETS - 1; i++)
		if (seconds <= bounds[i])
			break;
	d->metrics.turn_buckets[i]++;
	d->metrics.turn_count++;
	d->metrics.turn_sum += seconds;
}

/* The Prometheus text exposition; malloc'd, *lenp set. */
char *
metrics_render(struct daemon *d, size_t *lenp)
{
	struct metrics *m = &d->metrics;
	struct strbuf b;
	const struct kb *kb = d->kb->kb;
	uint64_t cum = 0;
	size_t i;

	strbuf_init(&b, 8192);
	strbuf_printf(&b, "# HELP advisord_build_info Version of the daemon.\n"
	    "# TYPE advisord_build_info gauge\n"
	    "advisord_build_info{version=\"%s\",protocol=\"%s\"} 1\n",
	    ADVISORD_VERSION, PROTO_NAME);
	strbuf_printf(&b, "# HELP advisord_kb_info The knowledge base new "
	    "conversations use.\n# TYPE advisord_kb_info gauge\n"
	    "advisord_kb_info{id=\"%s\",hash=\"%s\",claims=\"%zu\"} 1\n",
	    kb->id, kb->hash_hex, kb->nclaims);
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
	strbuf_printf(&b, "# HELP advisord_connections_rejected_total Connections "
	    "refused by a limit.\n# TYPE advisord_connections_rejected_total "
	    "counter\nadvisord_connections_rejected_total %llu\n",
	    (unsigned long long)m->rejected_connections);
	strbuf_printf(&b, "# HELP advisord_slow_readers_dropped_total Connections "
	    "dropped for not reading.\n"
	    "# TYPE advisord_slow_readers_dropped_total counter\n"
	    "advisord_slow_readers_dropped_total %llu\n",
	    (unsigned long long)m->dropped_slow);
	strbuf_printf(&b, "# HELP advisord_conversations Conversations held.\n"
	    "# TYPE advisord_conversations gauge\n"
	    "advisord_conversations %zu\n", d->nconversations);
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
	strbuf_printf(&b, "# HELP advisord_turn_seconds Time to handle one client "
	    "message.\n# TYPE advisord_turn_seconds histogram\n");
	for (i = 0; i < METRIC_BUCKETS; i++) {
		cum += m->turn_buckets[i];
		if (i < METRIC_BUCKETS - 1)
			strbuf_printf(&b, "advisord_turn_seconds_bucket{le=\"%g\"} "
			    "%llu\n", bounds[i], (unsigned long long)cum);
		else
			strbuf_printf(&b, "advisord_turn_seconds_bucket{le=\"+Inf\"} "
			    "%llu\n", (unsigned long long)cum);
	}
	strbuf_printf(&b, "advisord_turn_seconds_sum %.6f\n"
	    "advisord_turn_seconds_count %llu\n", m->turn_sum,
	    (unsigned long long)m->turn_count);
	strbuf_printf(&b, "# HELP advisord_kb_reloads_total Knowledge base reloads "
	    "by result.\n# TYPE advisord_kb_reloads_total counter\n"
	    "advisord_kb_reloads_total{result=\"ok\"} %llu\n"
	    "advisord_kb_reloads_total{result=\"failed\"} %llu\n",
	    (unsigned long long)m->reloads_ok,
	    (unsigned long long)m->reloads_failed);
	return strbuf_finish(&b, lenp);
}
