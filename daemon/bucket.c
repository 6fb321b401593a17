/* SPDX-License-Identifier: ISC */
/*
 * bucket.c: token buckets, the rate limit of connections and
 * conversations: burst messages at once, then rate per second.
 */
#include <math.h>

#include "advisord.h"

/*
 * Take one token at time now (seconds).  Returns 1 when there was one;
 * otherwise 0, with *retry_ms set to when the next one will be.
 */
int
bucket_take(struct bucket *b, double now, double rate, double burst,
    long *retry_ms)
{
	if (b->stamp == 0) {
		b->tokens = burst;
		b->stamp = now;
	}
	if (now > b->stamp) {
		b->tokens += (now - b->stamp) * rate;
		if (b->tokens > burst)
			b->tokens = burst;
		b->stamp = now;
	}
	if (b->tokens >= 1) {
		b->tokens -= 1;
		return 1;
	}
	if (retry_ms != NULL)
		*retry_ms = (long)ceil((1 - b->tokens) / rate * 1000);
	return 0;
}
