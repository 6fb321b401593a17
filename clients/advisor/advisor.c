/* SPDX-License-Identifier: ISC */
/*
 * advisor: the command-line companion of advisord.
 *
 *	advisor chat [URL | --url URL] [--save DIR]		a conversation (chat.c)
 *	advisor ask [--json] TEXT...		one question, for scripts (ask.c)
 *	advisor transcript NAME [-o DIR]	a signed transcript (fetch.c)
 *	advisor replay FILE --kb DIR		the same answers again? (replay.c)
 *	advisor keygen -o DIR [-f]
 *		write a minisign key pair, DIR/advisord.key (mode 0600) and
 *		DIR/advisord.pub, for advisord's signing_key setting
 *	advisor verify TRANSCRIPT.json [-p KEY.pub] [-s SIG]
 *		check the signature (TRANSCRIPT.json.minisig), the trusted
 *		comment's binding to the content and the whole hash chain;
 *		exit 0 valid, 1 invalid, 2 usage
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "advisor.h"
#include "minisign.h"
#include "transcript.h"

#ifndef ADVISOR_VERSION		/* set by the Makefile */
#define ADVISOR_VERSION	"0.0.0"
#endif

static int
usage(FILE *fp)
{
	fprintf(fp, "usage: advisor chat [URL | --url URL] [--save DIR] "
	    "[--api-key FILE]\n"
	    "                   [--resume NAME] [--conversation NAME] "
	    "[--token-file FILE]\n"
	    "                   [--timeout SECS] [--insecure]\n"
	    "       advisor ask [URL | --url URL] [--json] [--api-key FILE]\n"
	    "                   [--timeout SECS] [--insecure] TEXT...\n"
	    "       advisor transcript NAME [URL | --url URL] [-o DIR] [--end]\n"
	    "                   [--token-file FILE] [--api-key FILE]\n"
	    "                   [--timeout SECS] [--insecure]\n"
	    "       advisor replay TRANSCRIPT.json --kb DIR [-p KEY.pub]\n"
	    "       advisor keygen -o DIR [-f]\n"
	    "       advisor verify TRANSCRIPT.json [-p KEY.pub] [-s SIG]\n"
	    "       advisor --version | --help\n");
	return 2;
}

static void
help(void)
{
	(void)usage(stdout);
	printf("\n"
	    "The command-line client of advisord.  URL (an argument, or --url "
	    "URL) is the\ndaemon's WebSocket endpoint, ws://HOST:PORT/ws: a "
	    "daemon started with\n--listen 127.0.0.1:9090 is "
	    "ws://127.0.0.1:9090/ws.  It defaults to $ADVISOR_URL,\n"
	    "else " ADVISOR_DEFAULT_URL ".  Secrets are never arguments: "
	    "--api-key FILE and\n--token-file FILE read them from files, or set "
	    "ADVISOR_API_KEY / ADVISOR_TOKEN.\n"
	    "\n"
	    "  chat        talk with the advisor in the terminal; reconnects and "
	    "resumes\n"
	    "              by itself; /help inside lists /transcript, /detach, "
	    "/quit\n"
	    "  ask         say TEXT in a new conversation, print the answer, end "
	    "it;\n"
	    "              exit 0, or 1 with the reason on stderr\n"
	    "  transcript  fetch conversation NAME's signed transcript (--end: "
	    "end it\n"
	    "              and take the final one) into DIR\n"
	    "  replay      re-run a transcript's user inputs through the engine "
	    "and the\n"
	    "              knowledge base in DIR; confirm every server message, "
	    "or\n"
	    "              name the first divergence\n"
	    "  keygen      make a minisign key pair for the daemon's signing key\n"
	    "  verify      check a transcript's signature and hash chain\n"
	    "\nOptions of chat, ask and transcript (advisor CMD --help shows "
	    "its usage):\n"
	    "  --url URL              the daemon's WebSocket URL (the same as "
	    "URL alone)\n"
	    "  --save DIR, -o DIR     save signed transcripts in DIR\n"
	    "  --api-key FILE         the API key, read from FILE\n"
	    "  --resume NAME          (chat) resume conversation NAME; give the "
	    "URL too\n"
	    "                         (advisor chat --resume NAME URL); its "
	    "token comes\n"
	    "                         from --token-file, ADVISOR_TOKEN, or the "
	    "file /detach\n"
	    "                         (or an end without --save) kept:\n"
	    "                         $XDG_STATE_HOME/advisor/NAME.token, else\n"
	    "                         ~/.local/state/advisor/NAME.token (mode "
	    "0600); it is\n"
	    "                         removed when the conversation ends with "
	    "--save DIR,\n"
	    "                         else kept for advisor transcript NAME URL "
	    "and\n"
	    "                         dropped once the daemon's limits let it "
	    "open nothing\n"
	    "  --conversation NAME    name a new conversation (with an API key)\n"
	    "  --token-file FILE      the resume token, read from FILE\n"
	    "  --timeout SECS         how long to wait for an answer (default "
	    "30)\n"
	    "  --insecure             wss:// only: accept a self-signed "
	    "certificate and\n"
	    "                         skip the host name check (a test "
	    "server's; anyone\n"
	    "                         between can then read and change the "
	    "conversation)\n"
	    "\nExamples:\n"
	    "  advisor chat --save ~/advice\n"
	    "  advisor chat wss://advisor.example.org/ws\n"
	    "  advisor ask 'How many Rust developers are there?'\n"	    "  advisor ask --url ws://127.0.0.1:9090/ws 'what is Pingora?'\n"
	    "  advisor ask --json 'Java shop, microservices on Kubernetes' | "
	    "jq -r '.[] | select(.type == \"recommendation\") | .verdict'\n"
	    "  ADVISOR_API_KEY=$(cat key) advisor ask 'what is Pingora?'\n"
	    "  advisor transcript c-816d2ee41946ef58ec93 -o ~/advice\n"
	    "  advisor verify ~/advice/FILE.json -p ~/advice/advisord.pub\n");
}

static char *
read_all(const char *path, size_t *lenp, size_t max)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	size_t n;

	if (fp == NULL)
		return NULL;
	if ((buf = malloc(max + 1)) == NULL) {
		fclose(fp);
		return NULL;
	}
	n = fread(buf, 1, max + 1, fp);
	fclose(fp);
	if (n > max) {
		free(buf);
		errno = EFBIG;
		return NULL;
	}
	buf[n] = '\0';
	*lenp = n;
	return buf;
}

static int
write_file(const char *path, const char *text, mode_t mode, int force)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (force ? O_TRUNC :
	    O_EXCL), mode);
	size_t len = strlen(text);

	if (fd == -1)
		return -1;
	if (write(fd, text, len) != (ssize_t)len || fsync(fd) == -1 ||
	    fchmod(fd, mode) == -1) {
		(void)close(fd);
		return -1;
	}
	return close(fd);
}

static int
cmd_keygen(int argc, char *argv[])
{
	const char *dir = NULL;
	char *sec, *pub, path[4096];
	struct mini_key k;
	char id[17];
	int i, force = 0;

	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			dir = argv[++i];
		else if (strcmp(argv[i], "-f") == 0)
			force = 1;
		else {
			opts_bad_arg(argv[i], "-o");
			return usage(stderr);
		}
	}
	if (dir == NULL)
		return usage(stderr);
	if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
		fprintf(stderr, "advisor: cannot create '%s': %s\n", dir,
		    strerror(errno));
		return 1;
	}
	if (mini_keygen(&k) == -1 || (sec = mini_sec_text(&k)) == NULL ||
	    (pub = mini_pub_text(&k)) == NULL) {
		fprintf(stderr, "advisor: cannot make a key\n");
		return 1;
	}
	(void)snprintf(path, sizeof(path), "%s/advisord.key", dir);
	if (write_file(path, sec, 0600, force) == -1) {
		fprintf(stderr, "advisor: cannot write '%s': %s%s\n", path,
		    strerror(errno), errno == EEXIST ? " (use -f to replace "
		    "it)" : "");
		return 1;
	}
	(void)snprintf(path, sizeof(path), "%s/advisord.pub", dir);
	if (write_file(path, pub, 0644, force) == -1) {
		fprintf(stderr, "advisor: cannot write '%s': %s\n", path,
		    strerror(errno));
		return 1;
	}
	mini_key_id_hex(k.key_id, id);
	/* the README's and the unit's way: a credential, not signing_key,
	 * which the unit's DynamicUser= cannot read
	 * (tests/blackbox/NEWUSER29.md #7) */
	printf("key id %s\nsecret key: %s/advisord.key\npublic key: "
	    "%s/advisord.pub\nfor the service (systemd/advisord.service), make "
	    "it its signing.key credential:\n  install -m 0600 "
	    "%s/advisord.key /etc/advisord/signing.key\n(without systemd, "
	    "set signing_key to it instead)\n", id, dir, dir, dir);
	sodium_memzero(sec, strlen(sec));
	free(sec);
	free(pub);
	mini_key_wipe(&k);
	return 0;
}

/*
 * Verify a transcript: the chain first (it can name the record that
 * broke), then the signature, then that the trusted comment speaks of this
 * transcript.  Prints one line, "valid: ..." or "invalid: ...".
 */
static int
cmd_verify(int argc, char *argv[])
{
	const char *file = NULL, *pubpath = NULL, *sigpath = NULL;
	char sigdefault[4096], err[300], why[300], tc[MINI_TRUSTED_MAX + 32];
	char *content = NULL, *sig = NULL, *pubtext = NULL;
	size_t clen, slen, plen;
	struct mini_pub pub;
	struct tr_verify v;
	int i, rc = 2;

	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "-p") == 0 && i + 1 < argc)
			pubpath = argv[++i];
		else if (strcmp(argv[i], "-s") == 0 && i + 1 < argc)
			sigpath = argv[++i];
		else if (argv[i][0] == '-' || file != NULL) {
			opts_bad_arg(argv[i], "-p -s");
			return usage(stderr);
		}
		else
			file = argv[i];
	}
	if (file == NULL)
		return usage(stderr);
	if (pubpath == NULL) {
		if (access("advisord.pub", R_OK) != 0) {
			fprintf(stderr, "advisor: which public key? give -p "
			    "KEY.pub (the daemon serves it at /pubkey)\n");
			return 2;
		}
		pubpath = "advisord.pub";
	}
	if (sigpath == NULL) {
		(void)snprintf(sigdefault, sizeof(sigdefault), "%s.minisig",
		    file);
		sigpath = sigdefault;
	}
	if ((content = read_all(file, &clen, 256u * 1024 * 1024)) == NULL) {
		fprintf(stderr, "advisor: cannot read '%s': %s\n", file,
		    strerror(errno));
		goto out;
	}
	if ((sig = read_all(sigpath, &slen, 16384)) == NULL) {
		fprintf(stderr, "advisor: cannot read the signature '%s': %s\n",
		    sigpath, strerror(errno));
		goto out;
	}
	if ((pubtext = read_all(pubpath, &plen, 4096)) == NULL) {
		fprintf(stderr, "advisor: cannot read '%s': %s\n", pubpath,
		    strerror(errno));
		goto out;
	}
	if (sodium_init() < 0 ||
	    mini_pub_parse(pubtext, plen, &pub, err, sizeof(err)) == -1) {
		fprintf(stderr, "advisor: %s: %s\n", pubpath, err);
		goto out;
	}
	rc = 1;
	if (tr_verify_file(content, clen, &v) == -1) {
		if (v.bad_seq >= 0)
			printf("invalid: record %lld: %s\n", v.bad_seq, v.error);
		else
			printf("invalid: %s\n", v.error);
		goto out;
	}
	switch (mini_verify(&pub, content, clen, sig, slen, tc, sizeof(tc),
	    err, sizeof(err))) {
	case 0:
		break;
	case MINI_BAD_FILE:
		/* the comment is authentic: it can say what changed */
		printf("invalid: %s\n", tr_check_comment(tc, &v, why,
		    sizeof(why)) == -1 ? why : err);
		goto out;
	default:
		printf("invalid: %s\n", err);
		goto out;
	}
	if (tr_check_comment(tc, &v, err, sizeof(err)) == -1) {
		printf("invalid: %s\n", err);
		goto out;
	}
	{
		char kid[17];

		mini_key_id_hex(pub.key_id, kid);
		if (strcasecmp(kid, v.key_id) != 0) {
			printf("invalid: the header names key %s, the file was "
			    "signed by %s\n", v.key_id, kid);
			goto out;
		}
	}
	printf("valid: conversation %s, %llu records, signed by key %s\n"
	    "trusted comment: %s\n", v.conversation,
	    (unsigned long long)v.records, v.key_id, tc);
	rc = 0;
out:
	(void)fflush(stdout);
	free(content);
	free(sig);
	free(pubtext);
	return rc;
}

int
main(int argc, char *argv[])
{
	if (argc < 2)
		return usage(stderr);
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		help();
		return 0;
	}
	if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
		printf("advisor %s\n", ADVISOR_VERSION);
		return 0;
	}
	if (strcmp(argv[1], "chat") == 0)
		return cmd_chat(argc, argv);
	if (strcmp(argv[1], "ask") == 0)
		return cmd_ask(argc, argv);
	if (strcmp(argv[1], "transcript") == 0)
		return cmd_transcript(argc, argv);
	if (strcmp(argv[1], "replay") == 0)
		return cmd_replay(argc, argv);
	if (strcmp(argv[1], "keygen") == 0)
		return cmd_keygen(argc, argv);
	if (strcmp(argv[1], "verify") == 0)
		return cmd_verify(argc, argv);
	fprintf(stderr, "advisor: unknown command '%s'\n", argv[1]);
	return usage(stderr);
}
