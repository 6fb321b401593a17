/* SPDX-License-Identifier: ISC */
/*
 * opts.c: the options the network subcommands share, and the secrets
 * (API key, resume token) they read from files or the environment, never
 * from the command line, where ps(1) and shell histories would show them.
 */
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "advisor.h"

#define SECRET_MAX	1024

/*
 * The first line of path, without its newline, or of the environment
 * variable env when path is NULL.  NULL with a message on stderr when
 * neither gives one.
 */
char *
opts_read_secret(const char *path, const char *env)
{
	char buf[SECRET_MAX + 2], *nl;
	FILE *fp;
	size_t n;

	if (path == NULL) {
		const char *v = getenv(env);

		if (v == NULL || *v == '\0')
			return NULL;
		if (strlen(v) > SECRET_MAX) {
			fprintf(stderr, "advisor: %s is longer than %d bytes\n",
			    env, SECRET_MAX);
			return NULL;
		}
		return strdup(v);
	}
	if ((fp = fopen(path, "r")) == NULL) {
		fprintf(stderr, "advisor: cannot read '%s': %s\n", path,
		    strerror(errno));
		return NULL;
	}
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	if ((nl = strpbrk(buf, "\r\n")) != NULL)
		*nl = '\0';
	if (strlen(buf) > SECRET_MAX || buf[0] == '\0') {
		fprintf(stderr, "advisor: '%s' should hold one line of 1 to %d "
		    "bytes\n", path, SECRET_MAX);
		return NULL;
	}
	return strdup(buf);
}

/*
 * Where chat keeps the token of a conversation it left without ending:
 * $XDG_STATE_HOME/advisor (or ~/.local/state/advisor)/NAME.token, with
 * bytes of NAME other than letters, digits, '-', '_' and '.' as '_'.
 */
int
opts_token_path(const char *name, char *buf, size_t len)
{
	const char *base = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	char safe[130];
	size_t i;

	for (i = 0; name[i] != '\0' && i < sizeof(safe) - 1; i++)
		safe[i] = (strchr("-_.", name[i]) != NULL ||
		    (name[i] >= 'a' && name[i] <= 'z') ||
		    (name[i] >= 'A' && name[i] <= 'Z') ||
		    (name[i] >= '0' && name[i] <= '9')) && !(i == 0 &&
		    name[i] == '.') ? name[i] : '_';
	safe[i] = '\0';
	if (base != NULL && *base != '\0')
		return (size_t)snprintf(buf, len, "%s/advisor/%s.token", base,
		    safe) >= len ? -1 : 0;
	if (home == NULL)
		return -1;
	return (size_t)snprintf(buf, len, "%s/.local/state/advisor/%s.token",
	    home, safe) >= len ? -1 : 0;
}

/* Write text to path through a temporary file and rename: all or nothing. */
int
write_file_atomic(const char *path, const char *text, size_t len, int mode)
{
	char tmp[PATH_MAX];
	int fd;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path,
	    (long)getpid()) >= sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    mode)) == -1)
		return -1;
	if (write(fd, text, len) != (ssize_t)len || fsync(fd) == -1) {
		int e = errno;

		(void)close(fd);
		(void)unlink(tmp);
		errno = e;
		return -1;
	}
	if (close(fd) == -1 || rename(tmp, path) == -1) {
		int e = errno;

		(void)unlink(tmp);
		errno = e;
		return -1;
	}
	return 0;
}

static int
mkdirs(char *path)
{
	char *p;

	for (p = path + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0700) == -1 && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return 0;
}

/* Keep name's token (mode 0600) so that chat --resume can find it. */
int
opts_save_token(const char *name, const char *token, const char *url)
{
	char path[PATH_MAX], *text;
	json_t *j;
	int rc;

	if (opts_token_path(name, path, sizeof(path)) == -1 ||
	    mkdirs(path) == -1)
		return -1;
	j = json_pack("{s:s, s:s, s:s}", "conversation", name, "token", token,
	    "url", url);
	text = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	if (text == NULL)
		return -1;
	rc = write_file_atomic(path, text, strlen(text), 0600);
	free(text);
	return rc;
}

/*
 * Remove the kept tokens of url's conversations not written for max_age
 * seconds: by then the daemon at url has expired the conversation
 * (idle_timeout) and let its final transcript go (final_transcript_
 * seconds), so the token opens nothing.  Tokens of other daemons, and
 * files that are not ours, stay.  Returns how many were removed.
 */
int
opts_prune_tokens(const char *url, long max_age)
{
	char dir[PATH_MAX], path[PATH_MAX + 256], *slash;
	time_t now = time(NULL);
	struct dirent *e;
	struct stat sb;
	json_t *j;
	DIR *dp;
	size_t len;
	int n = 0;

	if (max_age <= 0 || opts_token_path("x", dir, sizeof(dir)) == -1 ||
	    (slash = strrchr(dir, '/')) == NULL)
		return 0;
	*slash = '\0';
	if ((dp = opendir(dir)) == NULL)
		return 0;
	while ((e = readdir(dp)) != NULL) {
		len = strlen(e->d_name);
		if (len <= 6 || strcmp(e->d_name + len - 6, ".token") != 0)
			continue;
		(void)snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (lstat(path, &sb) == -1 || !S_ISREG(sb.st_mode) ||
		    now - sb.st_mtime <= max_age)
			continue;
		if ((j = json_load_file(path, 0, NULL)) == NULL)
			continue;
		if (json_is_string(json_object_get(j, "url")) &&
		    strcmp(json_string_value(json_object_get(j, "url")),
		    url) == 0 && unlink(path) == 0)
			n++;
		json_decref(j);
	}
	(void)closedir(dp);
	return n;
}

/*
 * Remove name's kept token once its conversation at url has ended and its
 * final transcript is saved: it opens nothing more.  Only a file holding
 * this very token for this url goes (another daemon's conversation of the
 * same name keeps its own).  Returns 1 if removed, else 0.
 */
int
opts_remove_token(const char *name, const char *token, const char *url)
{
	char path[PATH_MAX];
	json_t *j;
	int gone = 0;

	if (opts_token_path(name, path, sizeof(path)) == -1 ||
	    (j = json_load_file(path, 0, NULL)) == NULL)
		return 0;
	if (json_is_string(json_object_get(j, "url")) &&
	    json_is_string(json_object_get(j, "token")) &&
	    strcmp(json_string_value(json_object_get(j, "url")), url) == 0 &&
	    strcmp(json_string_value(json_object_get(j, "token")), token) ==
	    0 && unlink(path) == 0)
		gone = 1;
	json_decref(j);
	return gone;
}

/* The token of name from its state file, or NULL. */
static char *
token_from_state(const char *name)
{
	char path[PATH_MAX];
	json_t *j;
	char *tok = NULL;

	if (opts_token_path(name, path, sizeof(path)) == -1)
		return NULL;
	if ((j = json_load_file(path, 0, NULL)) == NULL)
		return NULL;
	if (json_is_string(json_object_get(j, "token")))
		tok = strdup(json_string_value(json_object_get(j, "token")));
	json_decref(j);
	return tok;
}

/*
 * Take the shared option at argv[*ip] (and its argument) into o.  Returns
 * 1 when it was one, 0 when it is not a shared option, -1 on an error.
 */
int
opts_common(struct netopts *o, int argc, char *argv[], int *ip)
{
	int i = *ip;
	const char *a = argv[i];
	char *end;

#define NEEDARG() do {							\
	if (i + 1 >= argc) {						\
		fprintf(stderr, "advisor: %s needs a value\n", a);	\
		return -1;						\
	}								\
} while (0)
	if (strcmp(a, "--api-key") == 0) {
		NEEDARG();
		free(o->api_key);
		if ((o->api_key = opts_read_secret(argv[i + 1], NULL)) == NULL)
			return -1;
		*ip = i + 1;
		return 1;
	}
	if (strcmp(a, "--token-file") == 0) {
		NEEDARG();
		free(o->token);
		if ((o->token = opts_read_secret(argv[i + 1], NULL)) == NULL)
			return -1;
		*ip = i + 1;
		return 1;
	}
	if (strcmp(a, "--conversation") == 0 || strcmp(a, "-c") == 0) {
		NEEDARG();
		o->conversation = argv[i + 1];
		*ip = i + 1;
		return 1;
	}
	if (strcmp(a, "--save") == 0 || strcmp(a, "-o") == 0) {
		NEEDARG();
		o->save_dir = argv[i + 1];
		*ip = i + 1;
		return 1;
	}
	if (strcmp(a, "--timeout") == 0) {
		NEEDARG();
		o->timeout = strtod(argv[i + 1], &end);
		if (*end != '\0' || o->timeout <= 0 || o->timeout > 86400) {
			fprintf(stderr, "advisor: --timeout wants seconds, "
			    "more than 0 and at most 86400\n");
			return -1;
		}
		*ip = i + 1;
		return 1;
	}
	if (strcmp(a, "--insecure") == 0) {
		o->insecure = 1;
		return 1;
	}
	if (strcmp(a, "--url") == 0) {
		/* the URL as an option too: what a reader of --help tries */
		NEEDARG();
		a = argv[i + 1];
		if (strncmp(a, "ws://", 5) != 0 && strncmp(a, "wss://", 6) != 0) {
			fprintf(stderr, "advisor: --url '%s' is not a ws:// or "
			    "wss:// URL (e.g. ws://127.0.0.1:9090/ws)\n", a);
			return -1;
		}
		o->url = a;
		*ip = i + 1;
		return 1;
	}
	if (strncmp(a, "ws://", 5) == 0 || strncmp(a, "wss://", 6) == 0) {
		o->url = a;
		return 1;
	}
	if (strstr(a, "://") != NULL && strchr(a, ' ') == NULL) {
		fprintf(stderr, "advisor: '%s' is not a ws:// or wss:// URL\n",
		    a);
		return -1;
	}
	return 0;
#undef NEEDARG
}

/* Defaults and the environment, once the options are read.  -1: error. */
int
opts_finish(struct netopts *o)
{
	if (o->url == NULL && getenv("ADVISOR_URL") != NULL &&
	    *getenv("ADVISOR_URL") != '\0')	/* empty: not set */
		o->url = getenv("ADVISOR_URL");
	if (o->url == NULL) {
		o->url = ADVISOR_DEFAULT_URL;
		o->url_default = 1;
	}
	if (o->api_key == NULL)
		o->api_key = opts_read_secret(NULL, "ADVISOR_API_KEY");
	if (o->token == NULL)
		o->token = opts_read_secret(NULL, "ADVISOR_TOKEN");
	if (o->token == NULL && o->conversation != NULL)
		o->token = token_from_state(o->conversation);
	if (o->timeout == 0)
		o->timeout = 30;
	if (o->save_dir != NULL && mkdir(o->save_dir, 0700) == -1 &&
	    errno != EEXIST) {
		fprintf(stderr, "advisor: cannot create '%s': %s\n",
		    o->save_dir, strerror(errno));
		return -1;
	}
	return 0;
}

void
opts_free(struct netopts *o)
{
	free(o->api_key);
	free(o->token);
}

/*
 * Say on stderr which argument a subcommand could not use, as getopt(3)
 * does, before the caller prints its usage line (a usage line alone left a
 * reader guessing which word was wrong: tests/blackbox/op49_fixes #7).
 * valued lists the options that take a value, space-separated, so a
 * trailing one reads "needs a value" rather than "unrecognized".
 */
void
opts_bad_arg(const char *a, const char *valued)
{
	const char *p = valued;
	size_t n = strlen(a);

	while (p != NULL && *p != '\0') {
		if (strncmp(p, a, n) == 0 && (p[n] == ' ' || p[n] == '\0')) {
			fprintf(stderr, "advisor: %s needs a value\n", a);
			return;
		}
		p = strchr(p, ' ');
		if (p != NULL)
			p++;
	}
	if (a[0] == '-' && a[1] != '\0')
		fprintf(stderr, "advisor: unrecognized option '%s'\n", a);
	else
		fprintf(stderr, "advisor: unexpected argument '%s'\n", a);
}
