/* SPDX-License-Identifier: ISC */
/*
 * log.c: the daemon's only way to speak to its operator.
 *
 * Everything goes to stderr, one line per call.  When stderr is connected
 * to the systemd journal (JOURNAL_STREAM is set, see systemd.exec(5)) each
 * line starts with the syslog priority in angle brackets, "<4>", so that
 * journald records the right level; otherwise lines are plain and carry
 * the level as a word, for a human at a terminal.
 *
 * log_warn() appends strerror(errno) and preserves errno; log_warnx() does
 * not touch errno.  log_err() and log_errx() are for failures that stop
 * the daemon: the caller logs the reason (and the fix, where there is one)
 * at error priority, so `journalctl -p err` shows it, then exits non-zero.
 * fatal() and fatalx() log at error priority and exit(1).
 *
 * libwebsockets' own lines come here too (log_lws_init), at the priority
 * their lws level maps to, so there is one format and one stream.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "advisord.h"

static int	log_journal;
static int	log_max = LOG_LVL_INFO;

static const struct {
	const char	*name;
	int		 syslog_prio;	/* <N> prefix for journald */
} log_levels[] = {
	[LOG_LVL_ERR] =		{ "error",	3 },
	[LOG_LVL_WARN] =	{ "warning",	4 },
	[LOG_LVL_INFO] =	{ "info",	6 },
	[LOG_LVL_DEBUG] =	{ "debug",	7 },
};

/*
 * Decide the output format once, at start.  JOURNAL_STREAM holds
 * "device:inode" of the journal's stream; systemd sets it for services whose
 * stderr goes to the journal.  We trust its presence rather than comparing
 * the inode, because a test harness may set it to check the format.
 */
void
log_init(int level)
{
	const char *js = getenv("JOURNAL_STREAM");

	log_journal = js != NULL && *js != '\0';
	log_setlevel(level);
}

void
log_setlevel(int level)
{
	if (level < LOG_LVL_ERR)
		level = LOG_LVL_ERR;
	if (level > LOG_LVL_DEBUG)
		level = LOG_LVL_DEBUG;
	log_max = level;
}

int
log_getlevel(void)
{
	return log_max;
}

/* Map a level name from the configuration to its number, or -1 (any case). */
int
log_level_parse(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(log_levels) / sizeof(log_levels[0]); i++)
		if (strcasecmp(name, log_levels[i].name) == 0)
			return (int)i;
	if (strcasecmp(name, "warn") == 0)
		return LOG_LVL_WARN;
	if (strcasecmp(name, "err") == 0)
		return LOG_LVL_ERR;
	return -1;
}

const char *
log_level_name(int level)
{
	if (level < LOG_LVL_ERR || level > LOG_LVL_DEBUG)
		return "unknown";
	return log_levels[level].name;
}

int
log_is_journal(void)
{
	return log_journal;
}

/*
 * Format one line into a bounded buffer and write it with a single
 * fputs, so that lines from one process never interleave mid-line.
 */
static void
log_emit(int level, const char *errstr, const char *fmt, va_list ap)
{
	char msg[2048], line[2200], *p;
	int n;

	if (level > log_max)
		return;
	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	if (n < 0)
		(void)strcpy(msg, "(log message could not be formatted)");
	else if ((size_t)n >= sizeof(msg))
		(void)strcpy(msg + sizeof(msg) - 5, "...");
	/*
	 * Messages carry what clients sent (a path, an Origin): a control
	 * byte would let them forge a line or drive the operator's terminal.
	 */
	for (p = msg; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';

	if (log_journal)
		n = snprintf(line, sizeof(line), "<%d>%s%s%s\n",
		    log_levels[level].syslog_prio, msg,
		    errstr ? ": " : "", errstr ? errstr : "");
	else
		n = snprintf(line, sizeof(line), "advisord: %s: %s%s%s\n",
		    log_levels[level].name, msg,
		    errstr ? ": " : "", errstr ? errstr : "");
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line))
		(void)strcpy(line + sizeof(line) - 5, "...\n");
	(void)fputs(line, stderr);
	(void)fflush(stderr);
}

static void
log_emit_level(int level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
log_emit_level(int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_emit(level, NULL, fmt, ap);
	va_end(ap);
}

void
log_warn(const char *fmt, ...)
{
	int saved_errno = errno;
	va_list ap;

	va_start(ap, fmt);
	log_emit(LOG_LVL_WARN, strerror(saved_errno), fmt, ap);
	va_end(ap);
	errno = saved_errno;
}

void
log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_emit(LOG_LVL_WARN, NULL, fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_emit(LOG_LVL_INFO, NULL, fmt, ap);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_emit(LOG_LVL_DEBUG, NULL, fmt, ap);
	va_end(ap);
}

void
log_err(const char *fmt, ...)
{
	int saved_errno = errno;
	va_list ap;

	va_start(ap, fmt);
	log_emit(LOG_LVL_ERR, strerror(saved_errno), fmt, ap);
	va_end(ap);
	errno = saved_errno;
}

void
log_errx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_emit(LOG_LVL_ERR, NULL, fmt, ap);
	va_end(ap);
}

/*
 * Is line the same as the last lws line, printed less than LOG_REPEAT_SECS
 * ago?  Then it is counted, not printed; the count is printed with the
 * next line that is printed.  A loop that fails the same way cannot fill
 * the disk with one message.
 */
#define LOG_REPEAT_SECS	10

static int
log_lws_repeated(const char *line)
{
	static char last[1024];
	static time_t last_time;
	static unsigned long repeats;
	time_t now = time(NULL);

	if (strcmp(line, last) == 0 && now - last_time < LOG_REPEAT_SECS) {
		repeats++;
		return 1;
	}
	if (repeats > 0)
		log_emit_level(LOG_LVL_WARN, "lws: the line before was repeated "
		    "%lu more time%s", repeats, repeats == 1 ? "" : "s");
	repeats = 0;
	(void)snprintf(last, sizeof(last), "%s", line);
	last_time = now;
	return 0;
}

/* A line from libwebsockets, newline included; "lws: " tells it apart. */
static void
log_lws_emit(int lws_level, const char *line)
{
	char buf[1024];
	size_t len;
	int level;

	if (lws_level & LLL_ERR)
		level = LOG_LVL_ERR;
	else if (lws_level & LLL_WARN)
		level = LOG_LVL_WARN;
	else if (lws_level & LLL_USER)
		level = LOG_LVL_INFO;
	else	/* notices: enabled at log_level debug only, so labelled so */
		level = LOG_LVL_DEBUG;
	(void)snprintf(buf, sizeof(buf), "%s", line);
	len = strlen(buf);
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		buf[--len] = '\0';
	/* out of descriptors: limits.c sheds the waiting connections (or
	 * lws spins on the listener) and says so itself, rate-limited */
	if (strncmp(buf, "accept: errno ", 14) == 0 && (atoi(buf + 14) ==
	    EMFILE || atoi(buf + 14) == ENFILE)) {
		limits_accept_failed();
		return;
	}
	if (log_lws_repeated(buf))
		return;
	log_emit_level(level, "lws: %s", buf);
}

/*
 * Route libwebsockets' log into ours.  lws formats a line only for the
 * levels enabled here: errors and warnings, and notices at debug level.
 */
void
log_lws_init(void)
{
	int lvl = LLL_ERR | LLL_WARN;

	if (log_max >= LOG_LVL_DEBUG)
		lvl |= LLL_NOTICE;
	lws_set_log_level(lvl, log_lws_emit);
}

void
fatal(const char *fmt, ...)
{
	int saved_errno = errno;
	va_list ap;

	va_start(ap, fmt);
	log_emit(LOG_LVL_ERR, strerror(saved_errno), fmt, ap);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_emit(LOG_LVL_ERR, NULL, fmt, ap);
	va_end(ap);
	exit(1);
}
