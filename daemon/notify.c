/* SPDX-License-Identifier: ISC */
/*
 * notify.c: the systemd service protocol (sd_notify(3)).
 *
 * With Type=notify systemd waits for READY=1 before it calls the service
 * started, so we send it only once every listener accepts and the
 * knowledge base is loaded.  Around a SIGHUP reload we send RELOADING=1
 * (with MONOTONIC_USEC, which newer systemd versions want) and READY=1 when
 * done, and STATUS= says whether the reload took.  STOPPING=1 when a drain
 * begins.  STATUS= carries live figures, refreshed from housekeeping.
 *
 * The watchdog: when the unit sets WatchdogSec=, systemd passes
 * WATCHDOG_USEC and we send WATCHDOG=1 at half that period from a libev
 * timer.  The timer runs on the same loop as everything else, so a loop
 * that is stuck stops the pings and systemd restarts us.  A period under
 * NOTIFY_WATCHDOG_MIN (WATCHDOG_USEC=1, a typo in the unit) would keep
 * the loop firing the timer and nothing else; it is raised to that, once,
 * with a warning (systemd will then restart us: the unit needs fixing).
 *
 * Without NOTIFY_SOCKET (not under systemd) every call here is a no-op.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ev.h>
#include <systemd/sd-daemon.h>

#include "advisord.h"

#define NOTIFY_WATCHDOG_MIN	0.1	/* seconds between pings, at least */

static ev_timer	 watchdog;
static int	 notify_on;
static char	 last_status[256];

static void
notify_send(const char *text)
{
	static int warned;
	int rc;

	if (!notify_on)
		return;
	/* unset_environment 0: a reload must still find NOTIFY_SOCKET */
	if ((rc = sd_notify(0, text)) < 0 && !warned) {
		/* once: the watchdog would repeat it every period */
		log_warnx("sd_notify to %s: %s", getenv("NOTIFY_SOCKET"),
		    strerror(-rc));
		warned = 1;
	}
}

static void
watchdog_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)loop;
	(void)w;
	(void)revents;
	notify_send("WATCHDOG=1");
}

/*
 * Start: note whether systemd listens, and arm the watchdog timer when it
 * asks for one.  Call once the loop exists, before notify_ready().
 */
void
notify_init(struct ev_loop *loop)
{
	const char *ns = getenv("NOTIFY_SOCKET");
	uint64_t usec = 0;
	int rc;

	notify_on = ns != NULL && *ns != '\0';
	if (!notify_on)
		return;
	if ((rc = sd_watchdog_enabled(0, &usec)) < 0)
		log_warnx("WATCHDOG_USEC: %s; no watchdog", strerror(-rc));
	else if (rc > 0 && usec > 0) {
		double period = (double)usec / 2e6;

		if (period < NOTIFY_WATCHDOG_MIN) {
			log_warnx("WATCHDOG_USEC=%llu asks for a ping every "
			    "%.1f us; pinging every %.3f s instead (the least "
			    "this daemon does); see WatchdogSec= in the unit",
			    (unsigned long long)usec, (double)usec / 2,
			    NOTIFY_WATCHDOG_MIN);
			period = NOTIFY_WATCHDOG_MIN;
		}
		ev_timer_init(&watchdog, watchdog_cb, 0., period);
		ev_timer_again(loop, &watchdog);
		log_info("systemd watchdog: pinging every %.3f s", period);
	}
}

void
notify_shutdown(struct ev_loop *loop)
{
	ev_timer_stop(loop, &watchdog);
}

/* STATUS=, sent only when it changed. */
void
notify_status(const char *fmt, ...)
{
	char msg[256 + 8];
	va_list ap;

	if (!notify_on)
		return;
	va_start(ap, fmt);
	(void)vsnprintf(last_status, sizeof(last_status), fmt, ap);
	va_end(ap);
	(void)snprintf(msg, sizeof(msg), "STATUS=%s", last_status);
	notify_send(msg);
}

/* The live figures, for housekeeping. */
void
notify_figures(struct daemon *d)
{
	char now[256];

	if (!notify_on)
		return;
	(void)snprintf(now, sizeof(now), "%s: %ld connection%s, %zu "
	    "conversation%s, knowledge base %s %.12s",
	    d->draining ? "draining" : "serving", d->nconns,
	    d->nconns == 1 ? "" : "s", d->nconversations,
	    d->nconversations == 1 ? "" : "s", d->kb->kb->id,
	    d->kb->kb->hash_hex);
	if (strcmp(now, last_status) != 0)
		notify_status("%s", now);
}

void
notify_ready(struct daemon *d)
{
	notify_send("READY=1");
	notify_figures(d);
}

void
notify_reloading(void)
{
	struct timespec ts;
	char msg[96];

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	(void)snprintf(msg, sizeof(msg), "RELOADING=1\nMONOTONIC_USEC=%llu",
	    (unsigned long long)ts.tv_sec * 1000000ULL +
	    (unsigned long long)ts.tv_nsec / 1000ULL);
	notify_send(msg);
}

/* After a reload: READY=1 and what became of it, in one message. */
void
notify_reloaded(struct daemon *d, const char *outcome)
{
	char msg[320];

	if (!notify_on)
		return;
	(void)snprintf(last_status, sizeof(last_status), "%s; serving "
	    "knowledge base %s %.12s", outcome, d->kb->kb->id,
	    d->kb->kb->hash_hex);
	(void)snprintf(msg, sizeof(msg), "READY=1\nSTATUS=%s", last_status);
	notify_send(msg);
}

void
notify_stopping(struct daemon *d)
{
	char msg[128];

	(void)snprintf(msg, sizeof(msg), "STOPPING=1\nSTATUS=draining %ld "
	    "connection%s", d->nconns, d->nconns == 1 ? "" : "s");
	notify_send(msg);
}
