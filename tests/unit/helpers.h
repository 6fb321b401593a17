/* SPDX-License-Identifier: ISC */
/*
 * helpers.h: small shared helpers for the cmocka unit tests.  Header-only
 * (static functions) so each test program stays one file plus this.
 */
#ifndef TEST_HELPERS_H
#define TEST_HELPERS_H

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "errlist.h"
#include "kb.h"
#include "kbdir.h"

#define ARTICLE_KB	"knowledge/rust-vs-go-2026"
#define TINY_KB		"tests/kb/tiny"
#define SHARED_EVAL	"../shared/eval"

#define HELPER	__attribute__((unused)) static

/* Load a knowledge base, printing every error; NULL when it fails. */
HELPER struct kb *
load_kb(const char *dir)
{
	struct errlist el;
	struct kb *kb;

	errlist_init(&el);
	kb = kbdir_load(dir, &el);
	kbdir_print(&el, stderr);
	errlist_free(&el);
	return kb;
}

/* Read a whole file; returns malloc'd, NUL-terminated text or NULL. */
HELPER char *
slurp(const char *path, size_t *lenp)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (fp == NULL)
		return NULL;
	if (fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) >= 0 &&
	    fseek(fp, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1)) !=
	    NULL) {
		if (fread(buf, 1, (size_t)n, fp) != (size_t)n) {
			free(buf);
			buf = NULL;
		} else {
			buf[n] = '\0';
			if (lenp != NULL)
				*lenp = (size_t)n;
		}
	}
	fclose(fp);
	return buf;
}

HELPER int
spew(const char *path, const char *text)
{
	FILE *fp = fopen(path, "wb");
	int ok;

	if (fp == NULL)
		return -1;
	ok = fwrite(text, 1, strlen(text), fp) == strlen(text);
	return fclose(fp) == 0 && ok ? 0 : -1;
}

/* Copy every regular file of directory src into a new temporary one. */
HELPER char *
copy_dir(const char *src)
{
	char *dst = strdup("/tmp/advisord-kb-XXXXXX");
	struct dirent *de;
	DIR *dir;

	if (dst == NULL || mkdtemp(dst) == NULL || (dir = opendir(src)) == NULL)
		return NULL;
	while ((de = readdir(dir)) != NULL) {
		char from[1024], to[1024];
		char *text;

		if (de->d_name[0] == '.')
			continue;
		(void)snprintf(from, sizeof(from), "%s/%s", src, de->d_name);
		(void)snprintf(to, sizeof(to), "%s/%s", dst, de->d_name);
		if ((text = slurp(from, NULL)) == NULL)
			continue;
		(void)spew(to, text);
		free(text);
	}
	closedir(dir);
	return dst;
}

HELPER void
remove_dir(char *dir)
{
	struct dirent *de;
	DIR *d;

	if (dir == NULL)
		return;
	if ((d = opendir(dir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			char p[1024];

			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			(void)snprintf(p, sizeof(p), "%s/%s", dir, de->d_name);
			(void)unlink(p);
		}
		closedir(d);
	}
	(void)rmdir(dir);
	free(dir);
}

/* Replace the first occurrence of old with new in file dir/name. */
HELPER int
file_replace(const char *dir, const char *name, const char *old,
    const char *new)
{
	char path[1024], *text, *at, *out;
	size_t len;
	int rc;

	(void)snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((text = slurp(path, &len)) == NULL)
		return -1;
	if ((at = strstr(text, old)) == NULL) {
		free(text);
		return -1;
	}
	if ((out = malloc(len - strlen(old) + strlen(new) + 1)) == NULL) {
		free(text);
		return -1;
	}
	memcpy(out, text, (size_t)(at - text));
	strcpy(out + (at - text), new);
	strcat(out, at + strlen(old));
	rc = spew(path, out);
	free(out);
	free(text);
	return rc;
}

HELPER int
file_exists(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0;
}

#endif
