/* SPDX-License-Identifier: ISC */
/*
 * main.c: command line, configuration check and start-up of advisord.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "advisord.h"

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: advisord [-hnV] [-c FILE] [--listen ADDR:PORT] "
	    "[--SETTING VALUE ...]\n");
}

static void
help(void)
{
	usage(stdout);
	printf("\nadvisord %s: a conversational advisor over WebSocket "
	    "(protocol %s).\n\n", ADVISORD_VERSION, ADVISORD_PROTOCOL);
	printf("  -c, --config FILE                    read settings from "
	    "FILE (name = value lines)\n"
	    "  -n, --check                          validate the "
	    "configuration and knowledge base, then exit\n"
	    "  -h, --help                           show this help\n"
	    "  -V, --version                        show the version\n"
	    "\nEvery setting of the configuration file is also a flag:\n");
	config_usage(stdout);
}

static void
bad_usage(const char *fmt, const char *arg)
{
	fputs("advisord: ", stderr);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	usage(stderr);
	exit(2);
}

/*
 * An unknown --option: say so, with the setting it was probably meant to
 * be (config_suggest), spelled as an option; exits 2.
 */
static void
main_unknown(const char *arg, const char *name)
{
	const char *near = config_suggest(name);
	char msg[256];
	size_t i, off;

	if (near == NULL)
		bad_usage("unknown option '%s'", arg);
	off = (size_t)snprintf(msg, sizeof(msg), "unknown option '%.80s'; "
	    "did you mean '--", arg);
	for (i = 0; near[i] != '\0' && off < sizeof(msg) - 3; i++)
		msg[off++] = near[i] == '_' ? '-' : near[i];
	msg[off++] = '\'';
	msg[off++] = '?';
	msg[off] = '\0';
	bad_usage("%s", msg);
}

/*
 * Whether the regular file at path (sb its stat) holds nothing but white
 * space: systemd's SetCredential= cannot give an empty value, so the
 * unit's default is "\n".
 */
static int
main_blank(const char *path, const struct stat *sb)
{
	char buf[16];
	FILE *fp;
	size_t n, i;

	if (!S_ISREG(sb->st_mode) || sb->st_size >= (off_t)sizeof(buf))
		return 0;
	if ((fp = fopen(path, "re")) == NULL)
		return 0;	/* reading it later says why */
	n = fread(buf, 1, sizeof(buf), fp);
	(void)fclose(fp);
	for (i = 0; i < n; i++)
		if (strchr(" \t\r\n", buf[i]) == NULL || buf[i] == '\0')
			return 0;
	return 1;
}

/*
 * One credential file $CREDENTIALS_DIRECTORY/file as the option flag, unless
 * that flag was given (among the first `first` overrides).  A blank file
 * counts as not given: the shipped unit pairs each LoadCredential= with a
 * blank SetCredential= default, so that a missing source file is not fatal
 * (systemd.exec(5)) and the daemon falls back as if there were none.
 * path is static storage the override points at; origin (static) is how
 * errors name it.  Returns the new count.
 */
static size_t
main_credential(struct conf_override *ov, char names[][64], size_t nov,
    size_t first, const char *dir, const char *file, const char *flag,
    const char *origin, char *path, size_t pathlen)
{
	struct stat sb;
	size_t i;

	for (i = 0; i < first; i++)
		if (strcmp(ov[i].name, flag) == 0)
			return nov;
	(void)snprintf(path, pathlen, "%s/%s", dir, file);
	/*
	 * Not there: none.  A link to nothing is there (lstat) and is
	 * passed on, so that reading it says why, not taken as none.
	 */
	if (stat(path, &sb) == -1 ? lstat(path, &sb) == -1 :
	    main_blank(path, &sb))
		return nov;
	if (nov >= CONF_MAX_OVERRIDES)
		return nov;
	(void)snprintf(names[nov], 64, "%s", flag);
	ov[nov].name = names[nov];
	ov[nov].value = path;
	ov[nov].origin = origin;
	return nov + 1;
}

/*
 * systemd credentials (LoadCredential=, see systemd.exec(5)): when the
 * service has them, $CREDENTIALS_DIRECTORY/signing.key is the signing key,
 * $CREDENTIALS_DIRECTORY/tls.key the TLS private key (tls_cert names the
 * certificate) and each line of $CREDENTIALS_DIRECTORY/api_keys is one
 * NAME:SECRET, as if given as flags, so that secrets stay out of the
 * command line (ps) and out of the configuration file, and a service user
 * (DynamicUser=yes) that cannot read a root-only file still gets them.
 * Flags given explicitly win.  Returns the new number of overrides.
 */
static size_t
main_credentials(struct conf_override *ov, char names[][64], size_t nov,
    struct errlist *errs)
{
	static char paths[2][4096];
	static char lines[CONF_MAX_API_KEYS + 1][256];	/* one over: config names it */
	static char origins[CONF_MAX_API_KEYS + 1][80];
	const char *dir = getenv("CREDENTIALS_DIRECTORY");
	size_t i, n = 0, first = nov;
	char path[4096], why[128];
	int lineno = 0;
	FILE *fp;

	if (dir == NULL || *dir == '\0')
		return nov;
	nov = main_credential(ov, names, nov, first, dir, "signing.key",
	    "signing-key", "credential signing.key "
	    "($CREDENTIALS_DIRECTORY/signing.key)", paths[0],
	    sizeof(paths[0]));
	nov = main_credential(ov, names, nov, first, dir, "tls.key",
	    "tls-key", "credential tls.key ($CREDENTIALS_DIRECTORY/tls.key)",
	    paths[1], sizeof(paths[1]));
	for (i = 0; i < first; i++)
		if (strcmp(ov[i].name, "api-key") == 0)
			return nov;
	(void)snprintf(path, sizeof(path), "%s/api_keys", dir);
	if (access(path, F_OK) == -1)
		return nov;
	if ((fp = regfile_fopen(path, why, sizeof(why))) == NULL) {
		errlist_add(errs, "%s: %s; API keys are read from a regular "
		    "file, one NAME:SECRET a line", path, why);
		return nov;
	}
	while (n <= CONF_MAX_API_KEYS && nov < CONF_MAX_OVERRIDES &&
	    fgets(lines[n], sizeof(lines[n]), fp) != NULL) {
		lineno++;
		lines[n][strcspn(lines[n], "\r\n")] = '\0';
		if (lines[n][0] == '\0' || lines[n][0] == '#')
			continue;
		(void)strcpy(names[nov], "api-key");
		(void)snprintf(origins[n], sizeof(origins[n]), "credential "
		    "api_keys ($CREDENTIALS_DIRECTORY/api_keys:%d)", lineno);
		ov[nov].name = names[nov];
		ov[nov].origin = origins[n];
		ov[nov].value = lines[n++];
		nov++;
	}
	(void)fclose(fp);
	return nov;
}

/*
 * For -n that passed: which credentials were used, on stdout, so that a
 * check without them (CREDENTIALS_DIRECTORY unset outside systemd) is not
 * mistaken for one of the service's key files
 * (tests/blackbox/NEWUSER29.md #4).
 */
static void
main_credentials_say(const struct conf_override *ov, size_t nov)
{
	const char *dir = getenv("CREDENTIALS_DIRECTORY");
	size_t i, keys = 0;
	int sig = 0, tls = 0;

	if (dir == NULL || *dir == '\0') {
		printf("credentials: none (CREDENTIALS_DIRECTORY is not set; "
		    "to check the unit's, run with "
		    "CREDENTIALS_DIRECTORY=/etc/advisord)\n");
		return;
	}
	for (i = 0; i < nov; i++) {
		if (ov[i].origin == NULL)
			continue;
		if (strcmp(ov[i].name, "signing-key") == 0)
			sig = 1;
		else if (strcmp(ov[i].name, "tls-key") == 0)
			tls = 1;
		else if (strcmp(ov[i].name, "api-key") == 0)
			keys++;
	}
	if (!sig && !tls && keys == 0) {
		printf("credentials in %s: none\n", dir);
		return;
	}
	printf("credentials in %s:%s%s", dir, sig ? " signing.key" : "",
	    tls ? " tls.key" : "");
	if (keys > 0)
		printf(" api_keys (%zu key%s)", keys, keys == 1 ? "" : "s");
	printf("\n");
}

int
main(int argc, char *argv[])
{
	static char names[CONF_MAX_OVERRIDES][64];
	struct conf_override ov[CONF_MAX_OVERRIDES];
	struct config conf;
	struct errlist errs;
	const char *conffile = NULL;
	size_t nov = 0;
	int check = 0, i, rc;

	/*
	 * Hand-rolled rather than getopt_long: the long options come from the
	 * settings table, and "--name=value" and "--name value" both work.
	 */
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *val = NULL;
		char name[64];

		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			help();
			return 0;
		}
		if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
			printf("advisord %s (protocol %s)\n", ADVISORD_VERSION,
			    ADVISORD_PROTOCOL);
			return 0;
		}
		if (strcmp(a, "-n") == 0 || strcmp(a, "--check") == 0) {
			check = 1;
			continue;
		}
		if (strcmp(a, "-c") == 0 || strcmp(a, "--config") == 0) {
			if (i + 1 >= argc)
				bad_usage("option '%s' needs a file name", a);
			conffile = argv[++i];
			continue;
		}
		if (strncmp(a, "--config=", 9) == 0) {
			conffile = a + 9;
			continue;
		}
		if (strncmp(a, "--", 2) != 0 || a[2] == '\0')
			bad_usage(a[0] == '-' ? "unknown option '%s'" :
			    "unexpected argument '%s'", a);
		{
			const char *eq = strchr(a + 2, '=');
			size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);

			if (len >= sizeof(name))
				bad_usage("unknown option '%s'", a);
			memcpy(name, a + 2, len);
			name[len] = '\0';
			if (strchr(name, '_') != NULL ||
			    !config_setting_exists(name))
				main_unknown(a, name);
			if (eq != NULL)
				val = eq + 1;
			else if (i + 1 < argc)
				val = argv[++i];
			else
				bad_usage("option '%s' needs a value", a);
		}
		if (nov >= CONF_MAX_OVERRIDES)
			bad_usage("too many options (at most %s)", "128");
		(void)strcpy(names[nov], name);
		ov[nov].name = names[nov];
		ov[nov].value = val;
		ov[nov].origin = NULL;
		nov++;
	}

	log_init(LOG_LVL_INFO);
	log_lws_init();
	errlist_init(&errs);
	nov = main_credentials(ov, names, nov, &errs);
	rc = config_load(&conf, conffile, ov, nov, &errs);
	if (errlist_count(&errs) > 0)
		rc = -1;
	log_setlevel(conf.log_level);
	log_lws_init();
	if (check) {
		/* every problem in one run: the settings that parsed are
		 * checked too */
		limits_nofile(&conf);
		rc = server_check(&conf, conffile, &errs);
		if (rc == 0)	/* errors alone when there are any */
			main_credentials_say(ov, nov);
		errlist_free(&errs);
		config_free(&conf);
		return rc;
	}
	if (rc == -1) {
		size_t j;

		for (j = 0; j < errs.n; j++)
			log_errx("%s", errs.msgs[j]);
		log_errx("not starting: the configuration has %zu error%s",
		    errlist_count(&errs), errlist_count(&errs) == 1 ? "" : "s");
		errlist_free(&errs);
		config_free(&conf);
		return 1;
	}
	errlist_free(&errs);
	limits_nofile(&conf);

	rc = server_run(&conf, check ? "check" : NULL, conffile, ov, nov);

	config_free(&conf);
	return rc;
}
