/* SPDX-License-Identifier: ISC */
/*
 * check.c: everything a start needs, checked before starting.
 *
 * `advisord -n` and the start itself run the same checks, so that a
 * configuration -n calls good does not then fail to start: the web root
 * and the knowledge base, every listen address (parsed by config.c, here
 * bound for a moment), the state directory (usable, and not held by
 * another advisord), the signing key, and the TLS files.  Every problem is
 * collected, one line each, naming the setting and what to do.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#ifdef __linux__
#include <sys/vfs.h>
#endif

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sodium.h>

#include "advisord.h"
#include "minisign.h"

#define CHECK_MAX_FILE	(64 * 1024)	/* a key or certificate is small */

/*
 * Bind la for a moment, as lws will (SO_REUSEADDR, v6-only for IPv6).
 * Returns 0, or -1 with errno set.
 */
int
check_bind(const struct listen_addr *la)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int fd, one = 1, saved;

	memset(&ss, 0, sizeof(ss));
	if (la->la_ipv6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)la->la_port);
		if (inet_pton(AF_INET6, la->la_host, &s6->sin6_addr) != 1) {
			errno = EINVAL;
			return -1;
		}
		sl = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)la->la_port);
		if (inet_pton(AF_INET, la->la_host, &s4->sin_addr) != 1) {
			errno = EINVAL;
			return -1;
		}
		sl = sizeof(*s4);
	}
	if ((fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (la->la_ipv6)
		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one,
		    sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, sl) == -1 ||
	    listen(fd, 1) == -1) {
		saved = errno;
		(void)close(fd);
		errno = saved;
		return -1;
	}
	(void)close(fd);
	return 0;
}

/*
 * Whether this advisord runs from a source tree (build/advisord, or
 * build/sanitize/advisord, below the Makefile), where `make run ARGS=...`
 * is how flags are passed; an installed one is told about its
 * configuration instead.
 */
static int
check_in_tree(void)
{
	char exe[PATH_MAX], *slash;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	size_t end;

	if (n <= 0 || (size_t)n + 32 >= sizeof(exe))
		return 0;
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) == NULL)
		return 0;
	end = (size_t)(slash - exe);
	(void)strcpy(exe + end, "/../Makefile");
	if (access(exe, F_OK) == 0)
		return 1;
	(void)strcpy(exe + end, "/../../Makefile");
	return access(exe, F_OK) == 0;
}

/* check_bind_error's message, without where, into errs. */
static void
check_bind_error1(const struct listen_addr *la, int err, struct errlist *errs,
    const char *setting, char *addr, size_t addrlen, char *flag,
    size_t flaglen)
{
	size_t i;

	(void)snprintf(addr, addrlen, "%s%s%s:%d", la->la_ipv6 ? "[" : "",
	    la->la_host, la->la_ipv6 ? "]" : "", la->la_port);
	(void)snprintf(flag, flaglen, "%s", setting);
	for (i = 0; flag[i] != '\0'; i++)
		if (flag[i] == '_')
			flag[i] = '-';
	if (err == EADDRINUSE) {
		/* the bracketed host, then how to choose another port: in
		 * the source tree `make run ARGS=...`, installed the file */
		char host[sizeof(la->la_host) + 2], hint[sizeof(host) + 160];

		(void)snprintf(host, sizeof(host), "%s%s%s",
		    la->la_ipv6 ? "[" : "", la->la_host, la->la_ipv6 ? "]" : "");
		if (check_in_tree())
			(void)snprintf(hint, sizeof(hint),
			    "`make run ARGS=\"--%s %s:PORT\"`", flag, host);
		else
			(void)snprintf(hint, sizeof(hint),
			    "%s = %s:PORT in the configuration", setting, host);
		errlist_add(errs, "%s %s: port %d is already in use by "
		    "another program; choose another with --%s %s:PORT "
		    "(or %s), or stop the other program", setting, addr,
		    la->la_port, flag, host, hint);
	}
	else if (err == EADDRNOTAVAIL)
		errlist_add(errs, "%s %s: no interface of this machine "
		    "has address %s", setting, addr, la->la_host);
	else if (err == EACCES)
		errlist_add(errs, "%s %s: permission denied (ports below "
		    "1024 need privileges; use a port above 1024 behind a "
		    "proxy, or socket activation)", setting, addr);
	else
		errlist_add(errs, "%s %s: %s", setting, addr, strerror(err));
}

/*
 * The one-line reason a listen address cannot be used, with the fix;
 * setting is "listen" or "metrics_listen", named with its flag; where
 * ("FILE:LINE" or "--flag" that set it; NULL or "" for a default)
 * begins the line.
 */
void
check_bind_error(const struct listen_addr *la, int err, struct errlist *errs,
    const char *setting, const char *where)
{
	char addr[96], flag[32];
	struct errlist el;

	errlist_init(&el);
	check_bind_error1(la, err, &el, setting, addr, sizeof(addr), flag,
	    sizeof(flag));
	if (where != NULL && *where != '\0')
		errlist_add(errs, "%s: %s", where, el.msgs[0]);
	else
		errlist_add(errs, "%s", el.msgs[0]);
	errlist_free(&el);
}

/* Read a small file whole; NUL-terminated, malloc'd.  NULL, errno set. */
static char *
check_slurp(const char *path, size_t *lenp, char *why, size_t whylen)
{
	char *buf;
	ssize_t n;
	size_t len = 0;
	int fd, saved;

	if ((fd = regfile_open(path, 0, why, whylen)) == -1)
		return NULL;
	if ((buf = malloc(CHECK_MAX_FILE + 1)) == NULL) {
		saved = errno;
		(void)close(fd);
		errno = saved;
		return NULL;
	}
	while ((n = read(fd, buf + len, CHECK_MAX_FILE - len)) > 0)
		len += (size_t)n;
	saved = errno;
	(void)close(fd);
	if (n == -1) {
		free(buf);
		errno = saved;
		return NULL;
	}
	buf[len] = '\0';
	*lenp = len;
	return buf;
}

/*
 * Who this check runs as, for a refusal to read a file: "uid 65534
 * (nobody)", into buf.
 */
static const char *
check_whoami(char *buf, size_t len)
{
	struct passwd *pw = getpwuid(geteuid());

	(void)snprintf(buf, len, "uid %ld (%s)", (long)geteuid(),
	    pw != NULL ? pw->pw_name : "no name");
	return buf;
}

/* path is in $CREDENTIALS_DIRECTORY: a credential, not a setting's file. */
static int
check_is_credential(const char *path)
{
	const char *dir = getenv("CREDENTIALS_DIRECTORY");
	size_t n = dir != NULL ? strlen(dir) : 0;

	return n > 0 && strncmp(path, dir, n) == 0 && path[n] == '/';
}

/*
 * Why setting's file at path cannot be read (errno err), into why: the
 * error, and for a permission refusal who we are and who owns it.
 */
static void
check_unreadable(const char *path, int err, char *why, size_t len)
{
	struct passwd *pw;
	struct stat sb;
	char me[96], owner[96];

	if (err == EACCES && stat(path, &sb) == -1 && errno == EACCES) {
		/* the file itself cannot even be looked at: a directory */
		(void)snprintf(why, len, "%s: checked as %s, who cannot search "
		    "a directory on the way to it; %s", strerror(err),
		    check_whoami(me, sizeof(me)), check_is_credential(path) ?
		    "it is a credential, which systemd reads as root "
		    "(LoadCredential=): run -n as root" : "run -n as the "
		    "service's user, and under systemd (DynamicUser=yes) give "
		    "it as a credential (LoadCredential=)");
		return;
	}
	if (err != EACCES || stat(path, &sb) == -1) {
		(void)snprintf(why, len, "%s", strerror(err));
		return;
	}
	/* getpwuid's answer is overwritten by the next call: copy it */
	pw = getpwuid(sb.st_uid);
	(void)snprintf(owner, sizeof(owner), "uid %ld (%s)", (long)sb.st_uid,
	    pw != NULL ? pw->pw_name : "no name");
	(void)snprintf(why, len, "%s: checked as %s, the file is owned by "
	    "%s, mode %04o; %s", strerror(err), check_whoami(me, sizeof(me)),
	    owner, (unsigned)(sb.st_mode & 07777), check_is_credential(path) ?
	    "it is a credential, which systemd reads as root "
	    "(LoadCredential=): run -n as root" : "run -n as the service's "
	    "user, and under systemd (DynamicUser=yes) give it as a "
	    "credential (LoadCredential=)");
}

/*
 * -n as root passes a key that only root can read, which the service's
 * own user (the shipped unit's DynamicUser=yes) cannot: say so on stdout,
 * beside the outcome, led by the FILE:LINE or --flag that set it (where,
 * the setting that names the file: a key made in state_dir is there).
 * Files in $CREDENTIALS_DIRECTORY are the service's.
 */
static void
check_root_only(const struct config *c, const char *where, const char *path,
    const char *setting, const char *cred)
{
	const char *dir = getenv("CREDENTIALS_DIRECTORY");
	const char *w = config_where(c, where);
	struct stat sb;

	if (geteuid() != 0 || stat(path, &sb) == -1 || (sb.st_mode & 044) ||
	    (dir != NULL && *dir != '\0' &&
	    strncmp(path, dir, strlen(dir)) == 0))
		return;
	printf("note: %s%s%s: %s can be read only by its owner (uid %ld, mode "
	    "%04o) and was checked as root; a service that runs as another "
	    "user, as the shipped unit does (DynamicUser=yes), cannot read "
	    "it: give it as a credential instead (LoadCredential=%s:%s in the "
	    "unit) and leave %s unset\n", w != NULL ? w : "", w != NULL ?
	    ": " : "", setting, path, (long)sb.st_uid,
	    (unsigned)(sb.st_mode & 07777), cred, path, setting);
}

/*
 * The signing key at path parses, and only its owner can read it; errors
 * name setting, at the line (or flag) that set it.
 */
static void
check_key_file(const struct config *c, const char *path, const char *setting,
    int flags, struct errlist *errs)
{
	/* the key made in state_dir is where state_dir says */
	const char *ws = strcmp(setting, "signing_key") == 0 ? setting :
	    "state_dir";
	struct mini_key key;
	struct stat sb;
	char err[256], why[512], *text;
	size_t len;
	int bad;

	if ((text = check_slurp(path, &len, why, sizeof(why))) == NULL) {
		if (errno != EINVAL)
			check_unreadable(path, errno, why, sizeof(why));
		config_err(errs, c, ws, "%s: cannot read %s: %s",
		    setting, path, why);
		return;
	}
	if ((bad = mini_sec_parse(text, len, &key, err, sizeof(err))) == -1)
		config_err(errs, c, ws, "%s: %s: %s", setting, path,
		    err);
	else
		mini_key_wipe(&key);
	sodium_memzero(text, len);
	free(text);
	if (bad)
		return;		/* not a secret key: its mode is no matter */
	if (flags & CHECK_NOTES)
		check_root_only(c, ws, path, setting, "signing.key");
	if (stat(path, &sb) == 0 && (sb.st_mode & 077))
		config_err(errs, c, ws, "%s: %s is readable by "
		    "others (mode %04o); chmod 600 %s", setting, path,
		    (unsigned)(sb.st_mode & 07777), path);
}

/*
 * Whether new directories can be made in the existing directory dir as
 * far as the file system goes: kernel file systems (/proc, /sys...) refuse
 * mkdir even to root, whom access(2) lets write anywhere.  Returns 0, or
 * -1 with the file system's name in *fsname.
 */
static int
check_mkdir_fs(const char *dir, const char **fsname)
{
#ifdef __linux__
	static const struct { unsigned long magic; const char *name; } ro[] = {
		{ 0x9fa0, "proc" },		/* PROC_SUPER_MAGIC */
		{ 0x62656572, "sysfs" },	/* SYSFS_MAGIC */
		{ 0x1cd1, "devpts" },		/* DEVPTS_SUPER_MAGIC */
		{ 0x64626720, "debugfs" },	/* DEBUGFS_MAGIC */
		{ 0x73636673, "securityfs" },	/* SECURITYFS_MAGIC */
		{ 0x6165676c, "pstore" },	/* PSTOREFS_MAGIC */
		{ 0xde5e81e4, "efivarfs" },	/* EFIVARFS_MAGIC */
	};
	struct statfs fs;
	size_t i;

	if (statfs(dir, &fs) == -1)
		return 0;	/* the mkdir at start will say */
	for (i = 0; i < sizeof(ro) / sizeof(ro[0]); i++)
		if ((unsigned long)fs.f_type == ro[i].magic) {
			*fsname = ro[i].name;
			return -1;
		}
#else
	(void)dir;
	(void)fsname;
#endif
	return 0;
}

/*
 * The state directory: it exists and we can write it, or state_prepare()
 * can make it (the nearest existing parent is a directory we may write, on
 * a file system that makes directories); nothing is created here.  Also,
 * no other advisord holds it (the lock is taken by state_lock()).
 */
static void
check_state_dir(const struct config *c, int lock, struct errlist *errs)
{
	static const char *const subs[] = { "transcripts", "journal" };
	const char *dir = c->state_dir, *fsname = NULL;
	char *parent, *slash;
	struct stat sb;
	size_t i;
	int fd;

	if (stat(dir, &sb) == 0) {
		if (!S_ISDIR(sb.st_mode)) {
			config_err(errs, c, "state_dir", "state_dir: %s is not a "
			    "directory", dir);
			return;
		}
		if (access(dir, R_OK | W_OK | X_OK) == -1) {
			config_err(errs, c, "state_dir", "state_dir: %s is not "
			    "writable by this user: %s", dir, strerror(errno));
			return;
		}
		/* root may write anywhere by access(2), but a kernel file
		 * system (/proc) makes no files: advisord.lock, transcripts/
		 * and journal/ could not be created at start */
		if (check_mkdir_fs(dir, &fsname) == -1) {
			config_err(errs, c, "state_dir", "state_dir: %s is on "
			    "%s, a kernel file system where advisord.lock, "
			    "transcripts/ and journal/ cannot be created; choose "
			    "a directory on disk, such as /var/lib/advisord", dir,
			    fsname);
			return;
		}
		/*
		 * Writable by anyone: any local user could plant journal
		 * lines that the next start signs with the daemon's key, or
		 * swap the key itself (review h27).  As for the key file.
		 */
		if (sb.st_mode & S_IWOTH)
			config_err(errs, c, "state_dir", "state_dir: %s is "
			    "writable by others (mode %04o): anyone could plant "
			    "records the daemon signs; chmod o-w %s", dir,
			    (unsigned)(sb.st_mode & 07777), dir);
		/* the store's own directories, if there, must be ones */
		for (i = 0; i < sizeof(subs) / sizeof(subs[0]); i++) {
			char sub[4200];

			(void)snprintf(sub, sizeof(sub), "%s/%s", dir, subs[i]);
			if (lstat(sub, &sb) == 0 && !S_ISDIR(sb.st_mode))
				config_err(errs, c, "state_dir", "state_dir: %s "
				    "is not a directory; move it away", sub);
			else if (lstat(sub, &sb) == 0 && (sb.st_mode & S_IWOTH))
				config_err(errs, c, "state_dir", "state_dir: %s "
				    "is writable by others (mode %04o): anyone "
				    "could plant records the daemon signs; chmod "
				    "700 %s", sub, (unsigned)(sb.st_mode & 07777),
				    sub);
		}
		if (!lock)
			return;
		if ((fd = state_lock(dir, 0)) == -1) {
			config_err(errs, c, "state_dir", "state_dir: %s",
			    state_lock_error());
			return;
		}
		(void)close(fd);
		return;
	}
	if (errno != ENOENT) {
		config_err(errs, c, "state_dir", "state_dir: %s: %s", dir,
		    strerror(errno));
		return;
	}
	if (lstat(dir, &sb) == 0) {	/* a symbolic link to nothing */
		config_err(errs, c, "state_dir", "state_dir: %s is a symbolic "
		    "link to a directory that does not exist", dir);
		return;
	}
	/* it will be made: the nearest existing parent must be writable */
	if ((parent = strdup(dir)) == NULL)
		fatal("strdup");
	for (;;) {
		if ((slash = strrchr(parent, '/')) == NULL) {
			(void)strcpy(parent, ".");
			break;
		}
		if (slash == parent) {
			parent[1] = '\0';
			break;
		}
		*slash = '\0';
		if (stat(parent, &sb) == 0)
			break;
	}
	if (stat(parent, &sb) == -1 || !S_ISDIR(sb.st_mode))
		config_err(errs, c, "state_dir", "state_dir: %s does not exist "
		    "and cannot be created (%s is not a directory)", dir,
		    parent);
	else if (access(parent, W_OK | X_OK) == -1)
		config_err(errs, c, "state_dir", "state_dir: %s does not exist "
		    "and cannot be created (%s: %s)", dir, parent,
		    strerror(errno));
	else if (check_mkdir_fs(parent, &fsname) == -1)
		config_err(errs, c, "state_dir", "state_dir: %s does not exist "
		    "and cannot be created (%s is on %s, a kernel file system "
		    "that makes no directories); choose a directory on disk, "
		    "such as /var/lib/advisord", dir, parent, fsname);
	free(parent);
}

/* Is host the wildcard address of its family? */
static int
check_wildcard(const struct listen_addr *la)
{
	return strcmp(la->la_host, la->la_ipv6 ? "::" : "0.0.0.0") == 0;
}

/*
 * metrics_listen must not be a listen address (the same port on the same
 * address, or a wildcard of the family covering it): both bind (the
 * listeners reuse ports) and the log says metrics are served there, but
 * every /metrics there is answered 404 by the listener (review h27).
 */
static void
check_metrics_overlap(const struct config *c, struct errlist *errs)
{
	const struct listen_addr *m = &c->metrics_listen;
	size_t i;

	if (m->la_port == 0 || config_failed(c, "metrics_listen"))
		return;
	for (i = 0; i < c->nlisten; i++) {
		const struct listen_addr *l = &c->listen[i];

		if (l->la_port != m->la_port || l->la_ipv6 != m->la_ipv6 ||
		    (strcmp(l->la_host, m->la_host) != 0 &&
		    !check_wildcard(l) && !check_wildcard(m)))
			continue;
		config_err(errs, c, "metrics_listen", "metrics_listen: "
		    "%s%s%s:%d is also reached by listen %s%s%s:%d, which "
		    "answers /metrics 404; choose another port",
		    m->la_ipv6 ? "[" : "", m->la_host, m->la_ipv6 ? "]" : "",
		    m->la_port, l->la_ipv6 ? "[" : "", l->la_host,
		    l->la_ipv6 ? "]" : "", l->la_port);
		return;
	}
}

/* The certificate and key load and belong together. */
static void
check_tls(const struct config *c, int flags, struct errlist *errs)
{
	SSL_CTX *ctx;
	int ok = 1;

	if (c->tls_cert == NULL || c->tls_key == NULL ||
	    config_failed(c, "tls_cert") || config_failed(c, "tls_key")) {
		/* one alone is an error already; its file may be another */
		if (c->tls_cert != NULL && !config_failed(c, "tls_cert") &&
		    access(c->tls_cert, R_OK) == -1)
			config_err(errs, c, "tls_cert", "tls_cert: cannot read "
			    "%s: %s", c->tls_cert, strerror(errno));
		return;
	}
	if (access(c->tls_cert, R_OK) == -1) {
		config_err(errs, c, "tls_cert", "tls_cert: cannot read %s: %s",
		    c->tls_cert, strerror(errno));
		ok = 0;
	}
	if (access(c->tls_key, R_OK) == -1) {
		char why[512];

		check_unreadable(c->tls_key, errno, why, sizeof(why));
		config_err(errs, c, "tls_key", "tls_key: cannot read %s: %s",
		    c->tls_key, why);
		ok = 0;
	} else if (flags & CHECK_NOTES)
		check_root_only(c, "tls_key", c->tls_key, "tls_key",
		    "tls.key");
	if (!ok)
		return;
	if ((ctx = SSL_CTX_new(TLS_server_method())) == NULL) {
		errlist_add(errs, "tls: cannot create an OpenSSL context");
		return;
	}
	ERR_clear_error();
	if (SSL_CTX_use_certificate_chain_file(ctx, c->tls_cert) != 1)
		config_err(errs, c, "tls_cert", "tls_cert: %s is not a PEM "
		    "certificate chain", c->tls_cert);
	else if (SSL_CTX_use_PrivateKey_file(ctx, c->tls_key,
	    SSL_FILETYPE_PEM) != 1) {
		unsigned long e = ERR_peek_last_error();

		/* OpenSSL checks the key against the certificate as it
		 * loads it: a good key of another certificate fails here,
		 * and was named "not a PEM private key" */
		if (ERR_GET_LIB(e) == ERR_LIB_X509 &&
		    (ERR_GET_REASON(e) == X509_R_KEY_VALUES_MISMATCH ||
		    ERR_GET_REASON(e) == X509_R_KEY_TYPE_MISMATCH))
			config_err(errs, c, "tls_key", "tls_key: %s does not "
			    "match the certificate %s", c->tls_key,
			    c->tls_cert);
		else
			config_err(errs, c, "tls_key", "tls_key: %s is not a "
			    "PEM private key (or is protected by a "
			    "passphrase)", c->tls_key);
	} else if (SSL_CTX_check_private_key(ctx) != 1)
		config_err(errs, c, "tls_key", "tls_key: %s does not match the "
		    "certificate %s", c->tls_key, c->tls_cert);
	ERR_clear_error();
	SSL_CTX_free(ctx);
}

/*
 * Check everything; add each problem to errs, an error about a setting
 * with the FILE:LINE (or --flag) that set it.  A setting whose value did
 * not parse (config_failed) is not checked.  When kbp is not NULL the
 * knowledge base loaded for the check is handed back (the caller frees
 * it).  Returns 0 when all is well, -1 otherwise.  flags: CHECK_SKIP_BIND
 * skips binding the listeners socket activation provides; CHECK_RUNNING,
 * for -n while the daemon runs, also skips metrics_listen and the state
 * directory's lock, which the running daemon holds and a reload keeps.
 */
int
check_all(const struct config *c, const char *conffile, int flags,
    struct errlist *errs, struct kb **kbp)
{
	size_t before = errlist_count(errs), i;
	struct stat sb;
	struct kb *kb = NULL;
	char *keypath = NULL;

	(void)conffile;
	if (kbp != NULL)
		*kbp = NULL;
	if (config_failed(c, "web_root"))
		;	/* config_load said so */
	else if (c->web_root == NULL)
		config_err(errs, c, "web_root", "web_root: no web client found "
		    "next to the program or in its build tree; set web_root");
	else if (stat(c->web_root, &sb) == -1 || !S_ISDIR(sb.st_mode))
		config_err(errs, c, "web_root", "web_root: '%s' is not a "
		    "directory", c->web_root);
	if (c->kb_dir == NULL || config_failed(c, "kb_dir"))
		;	/* config_load said so */
	else if (stat(c->kb_dir, &sb) == -1 || !S_ISDIR(sb.st_mode))
		config_err(errs, c, "kb_dir", "kb_dir: '%s' is not a directory",
		    c->kb_dir);
	else {
		struct errlist el;

		errlist_init(&el);
		/*
		 * The heading shares the first error's line, so that the
		 * total of errs counts each error of the knowledge base
		 * once, those not shown included.  At most half of errs goes
		 * to the knowledge base, so the checks after it still show.
		 */
		if ((kb = kbdir_load(c->kb_dir, &el)) == NULL) {
			for (i = 0; i < el.n && i < ERRLIST_MAX / 2; i++)
				if (i == 0)
					config_err(errs, c, "kb_dir", "kb_dir: "
					    "the knowledge base %s has %zu "
					    "error%s: %s", c->kb_dir,
					    errlist_count(&el),
					    errlist_count(&el) == 1 ? "" : "s",
					    el.msgs[0]);
				else
					errlist_add(errs, "  %s", el.msgs[i]);
			errs->dropped += errlist_count(&el) - i;
		}
		errlist_free(&el);
	}
	if (!(flags & (CHECK_SKIP_BIND | CHECK_RUNNING)))
		for (i = 0; i < c->nlisten; i++)
			if (check_bind(&c->listen[i]) == -1)
				check_bind_error(&c->listen[i], errno, errs,
				    "listen", c->listen_where[i]);
	if (c->has_metrics_listen)
		check_metrics_overlap(c, errs);
	if (!(flags & CHECK_RUNNING) && c->has_metrics_listen &&
	    check_bind(&c->metrics_listen) == -1)
		check_bind_error(&c->metrics_listen, errno, errs,
		    "metrics_listen", config_where(c, "metrics_listen"));
	if (!config_failed(c, "state_dir"))
		check_state_dir(c, !(flags & CHECK_RUNNING), errs);
	if (config_failed(c, "signing_key"))
		;	/* config_load said so */
	else if (c->signing_key != NULL)
		check_key_file(c, c->signing_key, "signing_key", flags,
		    errs);
	else if (!config_failed(c, "state_dir") &&
	    asprintf(&keypath, "%s/advisord.key", c->state_dir) >= 0 &&
	    access(keypath, F_OK) == 0)
		check_key_file(c, keypath, "signing key", 0, errs);
	free(keypath);
	check_tls(c, flags, errs);
	if (kbp != NULL)
		*kbp = kb;
	else
		kb_free(kb);
	return errlist_count(errs) == before ? 0 : -1;
}

static char	lock_error[4400];

const char *
state_lock_error(void)
{
	return lock_error;
}

/* The pid recorded in dir's lock file ("" when none can be read). */
static void
state_pid(const char *dir, char *pid, size_t len)
{
	char path[4096];
	ssize_t r = -1;
	int fd, n;

	n = snprintf(path, sizeof(path), "%s/advisord.lock", dir);
	if (n >= 0 && (size_t)n < sizeof(path) &&
	    (fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) != -1) {
		r = read(fd, pid, len - 1);
		(void)close(fd);
	}
	pid[r > 0 ? r : 0] = '\0';
	pid[strcspn(pid, "\n")] = '\0';
}

/*
 * Hold the state directory: an exclusive flock on the directory itself
 * (an O_RDONLY|O_DIRECTORY descriptor), which no rm of a file can take
 * away from under us (a lock on DIR/advisord.lock did: once the file was
 * removed a second daemon locked a new one).  DIR/advisord.lock only
 * records our pid, for the refusal's message.  Two daemons writing one
 * journal would corrupt it.  Returns the descriptor (kept open for the
 * process's life when keep is set; checks close it), or -1 with
 * state_lock_error() saying why.
 */
int
state_lock(const char *dir, int keep)
{
	char path[4096], pid[32];
	int fd, pfd, n;

	n = snprintf(path, sizeof(path), "%s/advisord.lock", dir);
	if (n < 0 || (size_t)n >= sizeof(path)) {
		(void)snprintf(lock_error, sizeof(lock_error),
		    "%s: name too long", dir);
		return -1;
	}
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		(void)snprintf(lock_error, sizeof(lock_error), "%s: %s", dir,
		    strerror(errno));
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		state_pid(dir, pid, sizeof(pid));
		(void)snprintf(lock_error, sizeof(lock_error), "%s is in use "
		    "by another advisord (pid %s); stop it or choose another "
		    "state_dir", dir, pid[0] ? pid : "unknown");
		(void)close(fd);
		return -1;
	}
	if (keep) {
		n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
		if ((pfd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC |
		    O_NOFOLLOW, 0600)) == -1 || ftruncate(pfd, 0) == -1 ||
		    pwrite(pfd, pid, (size_t)n, 0) != n)
			log_warn("%s", path);
		if (pfd != -1)
			(void)close(pfd);
	}
	return fd;
}

/*
 * The pid of the advisord that holds state directory dir: 0 when none
 * does, -1 when one does but its pid cannot be read.  Never makes a file.
 */
long
state_holder(const char *dir)
{
	char pid[32];
	long v;
	int fd;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return 0;
	if (flock(fd, LOCK_SH | LOCK_NB) == 0) {
		(void)close(fd);	/* closing releases it */
		return 0;
	}
	(void)close(fd);
	state_pid(dir, pid, sizeof(pid));
	v = strtol(pid, NULL, 10);
	return v > 0 ? v : -1;
}

/* Make the state directory and its parents (mode 0700) if missing. */
int
state_prepare(const char *dir)
{
	char path[4096];
	size_t i, len = strlen(dir);

	if (len == 0 || len >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(path, dir, len + 1);
	for (i = 1; i <= len; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		path[i] = '\0';
		if (mkdir(path, 0700) == -1 && errno != EEXIST)
			return -1;
		path[i] = dir[i];
	}
	return 0;
}
