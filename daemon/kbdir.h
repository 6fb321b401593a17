/*
 * kbdir.h: a knowledge base read from a directory, for the daemon and the
 * tools (knowledge/ does no I/O: see struct kb_reader in kb.h).
 */
#ifndef KBDIR_H
#define KBDIR_H

#include <stdio.h>

#include "errlist.h"
#include "kb.h"

struct kb	*kbdir_load(const char *, struct errlist *);
void		 kbdir_print(const struct errlist *, FILE *);

#endif
