/* SPDX-License-Identifier: ISC */
/*
 * kbdir.h: a knowledge base read from a directory, for the daemon and the
 * tools (knowledge/ does no I/O: see struct kb_reader in kb.h); and
 * kbdir_print(), which shows an error list (the loader's, or the
 * configuration's) one message a line, since lib/ and knowledge/ print
 * nothing.
 */
#ifndef KBDIR_H
#define KBDIR_H

#include <stdio.h>

#include "errlist.h"
#include "kb.h"

struct kb	*kbdir_load(const char *, struct errlist *);
void		 kbdir_print(const struct errlist *, FILE *);

#endif
