/* SPDX-License-Identifier: ISC */
/*
 * slackpost.c: answers to Slack's Events API (a DM, an @mention), posted
 * with Slack's Web API, chat.postMessage, off the event loop.
 *
 * An event's turn is run like a slash command's (webhook_slack.c); its
 * answer cannot go back in the HTTP response, so the loop hands it here:
 * slackpost_send() queues one POST {slack_api_url}/chat.postMessage with
 * "Authorization: Bearer slack_bot_token" and the JSON body {channel,
 * text, thread_ts}.  The posts are made with libcurl, one at a time, on a
 * thread of their own (a struct worker, worker.c: the store's worker
 * must not wait for Slack), and their outcome is counted back on the
 * loop.  At most SLACKPOST_QUEUE_MAX answers wait or are being made: an
 * event reserves its answer's place before its turn (slackpost_reserve())
 * and is refused with 503 at that bound (Slack retries it later), so an
 * event acknowledged 200 always has room for its answer; refusals are
 * logged naming the bound, and counted.
 *
 * A post is tried at most SLACKPOST_TRIES times: again after a 429 when
 * its Retry-After has passed (at most SLACKPOST_WAIT_MAX seconds: a longer
 * one is given up), after a 5xx or a transport error with a backoff
 * doubling from 1 s.  Slack's 200 with "ok": false is not retried: its
 * "error" is logged.  The token is never logged: a job carries it to its
 * header only, and it is wiped when the job is freed.
 *
 * At shutdown slackpost_stop() lets the queue drain for at most
 * SLACKPOST_DRAIN seconds: a transfer still running then is cut, a
 * retry not waited for, and what was not sent is counted and logged.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <ev.h>
#include <sodium.h>

#include "advisord.h"
#include "strbuf.h"

#define SLACKPOST_TRIES		5	/* tries of one post, at most */
#define SLACKPOST_WAIT_MAX	30	/* seconds between tries, at most */
#define SLACKPOST_TIMEOUT	10	/* seconds one try may take */
#define SLACKPOST_CONNECT	5	/* seconds to connect */
#define SLACKPOST_DRAIN		5	/* seconds the queue has at shutdown */
#define SLACKPOST_REPLY_MAX	65536	/* bytes of Slack's answer read */

struct slackpost_job {
	char		*url;		/* {slack_api_url}/chat.postMessage */
	char		*auth;		/* "Authorization: Bearer TOKEN" */
	char		*body;		/* the JSON */
	char		 channel[64];	/* for the log */
	/* filled on the sender thread */
	int		 sent;
	int		 tries;
	int		 retries;
	char		 why[256];	/* when not sent */
	/* one try */
	struct strbuf	 reply;		/* Slack's answer; .p NULL: none */
	long		 retry_after;	/* seconds; -1: none */
};

static struct worker	*sender;
static int		 curl_ready;
/* the sender thread's handle, kept so connections to Slack are reused */
static CURL		*easy;
/* counted on the loop thread (done callbacks, refusals) */
static uint64_t		 n_sent, n_failed, n_refused, n_retries;
/*
 * Places held for answers of turns still running (slackpost_reserve()):
 * counted with the queue, so an event told 200 always has room for its
 * answer.  Loop thread only.
 */
static size_t		 reserved;
/* the sender thread's view of a shutdown */
static pthread_mutex_t	 stop_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	 stop_cv;
static int		 stopping;
static double		 stop_at;	/* server_clock() */

/* Past the drain deadline of a shutdown? */
static int
slackpost_late(void)
{
	int late;

	(void)pthread_mutex_lock(&stop_mu);
	late = stopping && server_clock() >= stop_at;
	(void)pthread_mutex_unlock(&stop_mu);
	return late;
}

/*
 * Wait secs seconds on the sender thread, unless a shutdown's deadline
 * comes first.  Returns 0 after the wait, -1 when cut short by it.
 */
static int
slackpost_sleep(double secs)
{
	double until = server_clock() + secs;
	struct timespec ts;
	int rc = 0;

	/* server_clock() is CLOCK_MONOTONIC, stop_cv's clock: until as is */
	ts.tv_sec = (time_t)until;
	ts.tv_nsec = (long)((until - (double)ts.tv_sec) * 1e9);
	(void)pthread_mutex_lock(&stop_mu);
	for (;;) {
		if (stopping && stop_at < until) {
			rc = -1;
			break;
		}
		if (server_clock() >= until)
			break;
		(void)pthread_cond_timedwait(&stop_cv, &stop_mu, &ts);
	}
	(void)pthread_mutex_unlock(&stop_mu);
	return rc;
}

/*
 * The seconds of a Retry-After value (delta-seconds: digits, spaces
 * around allowed), or -1 when it is not one (an HTTP date is not used:
 * the backoff applies then).  Bounded at 999999.
 */
long
slackpost_retry_after(const char *v, size_t len)
{
	size_t i = 0;
	long n = 0;
	int digits = 0;

	while (i < len && (v[i] == ' ' || v[i] == '\t'))
		i++;
	for (; i < len && v[i] >= '0' && v[i] <= '9'; i++, digits++)
		if (n < 999999)
			n = n * 10 + (v[i] - '0');
	while (i < len && (v[i] == ' ' || v[i] == '\t' || v[i] == '\r' ||
	    v[i] == '\n'))
		i++;
	if (digits == 0 || i != len)
		return -1;
	return n > 999999 ? 999999 : n;
}

/*
 * What Slack answered a 2xx with: 1 when {"ok": true}; 0 when not, with
 * its "error" (or why it is no answer) in why.  Reads untrusted bytes:
 * tests/fuzz/fuzz_webhook.c drives it.
 */
int
slackpost_reply(const char *body, size_t len, char *why, size_t whylen)
{
	json_error_t err;
	json_t *j = json_loadb(body, len, 0, &err), *ok;
	const char *e;
	size_t i;

	if (j == NULL || !json_is_object(j)) {
		(void)snprintf(why, whylen, "not a JSON object (%s)", j ==
		    NULL ? err.text : "another JSON value");
		json_decref(j);
		return 0;
	}
	ok = json_object_get(j, "ok");
	if (json_is_true(ok)) {
		json_decref(j);
		why[0] = '\0';
		return 1;
	}
	e = json_string_value(json_object_get(j, "error"));
	(void)snprintf(why, whylen, "%s", ok == NULL ? "no \"ok\" in the "
	    "answer" : e != NULL && *e != '\0' ? e :
	    "ok is false, no error given");
	/* Slack's error strings are words and '_': anything else is masked */
	for (i = 0; why[i] != '\0'; i++)
		if ((unsigned char)why[i] < 0x20 || (unsigned char)why[i] >= 0x7f)
			why[i] = '?';
	json_decref(j);
	return 0;
}

static size_t
slackpost_write_cb(char *p, size_t size, size_t n, void *arg)
{
	struct slackpost_job *j = arg;
	size_t len = size * n;

	/* 0 ends the transfer: CURLE_WRITE_ERROR */
	if (j->reply.len + len > SLACKPOST_REPLY_MAX)
		return 0;
	strbuf_append(&j->reply, p, len);
	return j->reply.p != NULL ? len : 0;	/* NULL: out of memory */
}

static size_t
slackpost_header_cb(char *p, size_t size, size_t n, void *arg)
{
	struct slackpost_job *j = arg;
	size_t len = size * n;
	static const char name[] = "retry-after:";

	if (len > sizeof(name) - 1 && strncasecmp(p, name,
	    sizeof(name) - 1) == 0)
		j->retry_after = slackpost_retry_after(p + sizeof(name) - 1,
		    len - (sizeof(name) - 1));
	return len;
}

static int
slackpost_progress_cb(void *arg, curl_off_t dt, curl_off_t dn, curl_off_t ut,
    curl_off_t un)
{
	(void)arg;
	(void)dt;
	(void)dn;
	(void)ut;
	(void)un;
	return slackpost_late();	/* non-zero aborts the transfer */
}

/*
 * One try of j: 0 when sent; else 1 to try again after *wait seconds, or
 * -1 not to (j->why says why either way).
 */
static int
slackpost_try(struct slackpost_job *j, CURL *c, struct curl_slist *hdrs,
    double *wait)
{
	char ebuf[CURL_ERROR_SIZE];
	CURLcode rc;
	long status = 0;

	free(strbuf_finish(&j->reply, NULL));
	strbuf_init(&j->reply, 256);
	j->retry_after = -1;
	ebuf[0] = '\0';
	curl_easy_reset(c);
	(void)curl_easy_setopt(c, CURLOPT_URL, j->url);
	(void)curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	(void)curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	(void)curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	(void)curl_easy_setopt(c, CURLOPT_POSTFIELDS, j->body);
	(void)curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(j->body));
	(void)curl_easy_setopt(c, CURLOPT_USERAGENT, "advisord/"
	    ADVISORD_VERSION);
	(void)curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)SLACKPOST_TIMEOUT);
	(void)curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT,
	    (long)SLACKPOST_CONNECT);
	(void)curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, slackpost_write_cb);
	(void)curl_easy_setopt(c, CURLOPT_WRITEDATA, j);
	(void)curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, slackpost_header_cb);
	(void)curl_easy_setopt(c, CURLOPT_HEADERDATA, j);
	(void)curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	(void)curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION,
	    slackpost_progress_cb);
	(void)curl_easy_setopt(c, CURLOPT_ERRORBUFFER, ebuf);
	*wait = (double)(1 << (j->tries < 5 ? j->tries : 5));	/* 1, 2, 4 s */
	if (*wait > SLACKPOST_WAIT_MAX)
		*wait = SLACKPOST_WAIT_MAX;
	j->tries++;
	if ((rc = curl_easy_perform(c)) != CURLE_OK) {
		(void)snprintf(j->why, sizeof(j->why), "%s", ebuf[0] != '\0' ?
		    ebuf : curl_easy_strerror(rc));
		return rc == CURLE_ABORTED_BY_CALLBACK ? -1 : 1;
	}
	(void)curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	if (status == 429) {
		if (j->retry_after > SLACKPOST_WAIT_MAX) {
			(void)snprintf(j->why, sizeof(j->why), "429 with "
			    "Retry-After %ld s, past the %d s waited at most",
			    j->retry_after, SLACKPOST_WAIT_MAX);
			return -1;
		}
		if (j->retry_after >= 0)
			*wait = (double)j->retry_after;
		(void)snprintf(j->why, sizeof(j->why), "429 rate limited");
		return 1;
	}
	if (status >= 500) {
		(void)snprintf(j->why, sizeof(j->why), "HTTP %ld", status);
		return 1;
	}
	if (status < 200 || status > 299) {
		(void)snprintf(j->why, sizeof(j->why), "HTTP %ld (check "
		    "slack_api_url)", status);
		return -1;
	}
	if (slackpost_reply(j->reply.p ? j->reply.p : "", j->reply.len, j->why,
	    sizeof(j->why)) == 1)
		return 0;
	return -1;
}

/* On the sender thread: post j, retrying as the contract above says. */
static void
slackpost_run(void *arg)
{
	struct slackpost_job *j = arg;
	struct curl_slist *hdrs = NULL, *h;
	double wait = 0;
	CURL *c;
	int rc;

	if (slackpost_late()) {
		(void)snprintf(j->why, sizeof(j->why), "not sent: the daemon "
		    "stopped (%d s to drain)", SLACKPOST_DRAIN);
		return;
	}
	if ((c = easy) == NULL && (c = easy = curl_easy_init()) == NULL) {
		(void)snprintf(j->why, sizeof(j->why), "out of memory");
		return;
	}
	if ((h = curl_slist_append(NULL, "Content-Type: application/json; "
	    "charset=utf-8")) == NULL) {
		(void)snprintf(j->why, sizeof(j->why), "out of memory");
		return;
	}
	hdrs = h;
	if ((h = curl_slist_append(hdrs, j->auth)) == NULL) {
		(void)snprintf(j->why, sizeof(j->why), "out of memory");
		goto out;
	}
	hdrs = h;
	for (;;) {
		if ((rc = slackpost_try(j, c, hdrs, &wait)) == 0) {
			j->sent = 1;
			break;
		}
		if (rc == -1 || j->tries >= SLACKPOST_TRIES)
			break;
		if (slackpost_sleep(wait) == -1) {
			(void)snprintf(j->why + strlen(j->why), sizeof(j->why) -
			    strlen(j->why), "; not retried: the daemon stopped");
			break;
		}
		j->retries++;
	}
out:
	/* the handle stays for the next job: it must not keep our pointers */
	curl_easy_reset(c);
	/* the header list holds the token: wipe it before it is freed */
	for (h = hdrs; h != NULL; h = h->next)
		sodium_memzero(h->data, strlen(h->data));
	curl_slist_free_all(hdrs);
}

/* The last job on the sender thread: its handle (and connections) go. */
static void
slackpost_cleanup_run(void *arg)
{
	(void)arg;
	curl_easy_cleanup(easy);
	easy = NULL;
}

static void
slackpost_free(struct slackpost_job *j)
{
	if (j->auth != NULL)
		sodium_memzero(j->auth, strlen(j->auth));
	free(j->auth);
	free(j->url);
	free(j->body);
	free(strbuf_finish(&j->reply, NULL));
	free(j);
}

/* On the loop: count and log the outcome of j, and free it. */
static void
slackpost_done(void *arg)
{
	struct slackpost_job *j = arg;

	n_retries += (uint64_t)j->retries;
	if (j->sent) {
		n_sent++;
		log_info("slack: answer posted to channel %s (%d tr%s)",
		    j->channel, j->tries, j->tries == 1 ? "y" : "ies");
	} else {
		n_failed++;
		log_warnx("slack: answer to channel %s not posted after %d "
		    "tr%s: %s", j->channel, j->tries, j->tries == 1 ? "y" :
		    "ies", j->why);
	}
	slackpost_free(j);
}

/* Once, on the main thread before any post: libcurl's global setup. */
int
slackpost_init(void)
{
	pthread_condattr_t ca;

	if (curl_ready)
		return 0;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return -1;
	(void)pthread_condattr_init(&ca);
	(void)pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	(void)pthread_cond_init(&stop_cv, &ca);
	(void)pthread_condattr_destroy(&ca);
	curl_ready = 1;
	return 0;
}

/*
 * Reserve a place for the answer of event id (for the log): 0 when one
 * was free (the caller then either slackpost_send()s with reserved set,
 * or slackpost_release()s it), -1 when the queued answers and those of
 * turns in flight are at SLACKPOST_QUEUE_MAX: the event is then refused
 * with 503 before its turn and before its event_id is remembered, so
 * that Slack's retry of it, later, is answered; logged and counted here.
 */
/* Answers queued and places held: at SLACKPOST_QUEUE_MAX? */
static int
slackpost_full(void)
{
	return (sender != NULL ? worker_pending(sender) : 0) + reserved >=
	    SLACKPOST_QUEUE_MAX;
}

int
slackpost_reserve(const char *id)
{
	if (!slackpost_full()) {
		reserved++;
		return 0;
	}
	n_refused++;
	log_warnx("slack: event %s refused with 503, not applied: %d answers "
	    "already wait to be posted (SLACKPOST_QUEUE_MAX), counting "
	    "those of turns in flight; Slack retries it later", id,
	    SLACKPOST_QUEUE_MAX);
	return -1;
}

/* Give back a place slackpost_reserve() held (no answer to post). */
void
slackpost_release(void)
{
	if (reserved > 0)
		reserved--;
}

/*
 * Queue the answer text to Slack channel (in thread thread_ts, or NULL),
 * with the token and API URL of the configuration now (a reload does not
 * change a post already queued).  With held, it takes the place that
 * slackpost_reserve() held for it (never refused for room).  Returns 0,
 * or -1 when it was refused (logged and counted: the queue is full, or
 * out of memory).
 */
int
slackpost_send(struct daemon *d, const char *channel, const char *thread_ts,
    const char *text, int held)
{
	const struct config *c = d->conf;
	const char *base = c->slack_api_url != NULL ? c->slack_api_url :
	    SLACK_API_URL;
	struct slackpost_job *j;
	json_t *b;

	if (held)
		slackpost_release();	/* its place becomes the queued job */
	else if (slackpost_full()) {
		n_refused++;
		log_warnx("slack: answer to channel %s not posted: %d answers "
		    "already wait to be posted (SLACKPOST_QUEUE_MAX)", channel,
		    SLACKPOST_QUEUE_MAX);
		return -1;
	}
	if (!curl_ready || c->slack_bot_token == NULL ||
	    (sender == NULL && (sender = worker_start(EV_DEFAULT)) == NULL) ||
	    (j = calloc(1, sizeof(*j))) == NULL) {
		n_refused++;
		log_warnx("slack: answer to channel %s not posted: %s", channel,
		    c->slack_bot_token == NULL ? "slack_bot_token is not set" :
		    "out of memory (or libcurl did not start)");
		return -1;
	}
	(void)snprintf(j->channel, sizeof(j->channel), "%s", channel);
	b = json_pack("{s:s, s:s, s:s*}", "channel", channel, "text", text,
	    "thread_ts", thread_ts);
	if (b == NULL || (j->body = json_dumps(b, JSON_COMPACT)) == NULL ||
	    asprintf(&j->url, "%s/chat.postMessage", base) == -1 ||
	    asprintf(&j->auth, "Authorization: Bearer %s",
	    c->slack_bot_token) == -1 ||
	    worker_post(sender, slackpost_run, slackpost_done, j) == -1) {
		json_decref(b);
		slackpost_free(j);
		n_refused++;
		log_warnx("slack: answer to channel %s not posted: out of "
		    "memory", channel);
		return -1;
	}
	json_decref(b);
	return 0;
}

/*
 * At shutdown, on the loop thread: give the queue SLACKPOST_DRAIN
 * seconds, then stop the sender.  Nothing waits when nothing was sent.
 */
void
slackpost_stop(struct ev_loop *loop)
{
	size_t left;

	if (sender != NULL) {
		left = worker_pending(sender);
		if (left > 0)
			log_info("slack: %zu answer%s still to post; waiting at "
			    "most %d s", left, left == 1 ? "" : "s",
			    SLACKPOST_DRAIN);
		(void)pthread_mutex_lock(&stop_mu);
		stopping = 1;
		stop_at = server_clock() + SLACKPOST_DRAIN;
		(void)pthread_cond_broadcast(&stop_cv);
		(void)pthread_mutex_unlock(&stop_mu);
		if (worker_post(sender, slackpost_cleanup_run, NULL, NULL) == -1)
			log_warnx("slack: out of memory at shutdown");
		worker_stop(sender, loop);
		sender = NULL;
	}
	if (curl_ready) {
		curl_global_cleanup();
		(void)pthread_cond_destroy(&stop_cv);
		curl_ready = 0;
	}
}

/* Its lines of /metrics. */
void
slackpost_metrics(struct strbuf *b)
{
	strbuf_printf(b, "# HELP advisord_slack_posts_total Answers to Slack "
	    "events posted with chat.postMessage, by outcome (refused: the "
	    "queue of %d was full).\n"
	    "# TYPE advisord_slack_posts_total counter\n"
	    "advisord_slack_posts_total{outcome=\"sent\"} %llu\n"
	    "advisord_slack_posts_total{outcome=\"failed\"} %llu\n"
	    "advisord_slack_posts_total{outcome=\"refused\"} %llu\n",
	    SLACKPOST_QUEUE_MAX, (unsigned long long)n_sent,
	    (unsigned long long)n_failed, (unsigned long long)n_refused);
	strbuf_printf(b, "# HELP advisord_slack_post_retries_total Tries of "
	    "chat.postMessage again after a 429, a 5xx or a transport error.\n"
	    "# TYPE advisord_slack_post_retries_total counter\n"
	    "advisord_slack_post_retries_total %llu\n"
	    "# HELP advisord_slack_posts_queued Answers waiting to be posted "
	    "to Slack.\n"
	    "# TYPE advisord_slack_posts_queued gauge\n"
	    "advisord_slack_posts_queued %zu\n", (unsigned long long)n_retries,
	    sender != NULL ? worker_pending(sender) : (size_t)0);
}
