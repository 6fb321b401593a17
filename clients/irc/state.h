/* SPDX-License-Identifier: ISC */
/*
 * state.h: the bridge's small durable state, one JSON file.
 */
#ifndef STATE_H
#define STATE_H

#include <stddef.h>

#include <jansson.h>

#define STATE_MAX_BYTES	(4u * 1024 * 1024)

json_t	*state_load(const char *, char *, size_t);
int	 state_save(const char *, const json_t *, char *, size_t);

#endif
