/* SPDX-License-Identifier: ISC */
/*
 * bucket.c: token buckets, the rate limits of connections and
 * conversations: burst tokens at once, then rate per second.  A token is
 * a message for the message rates, a byte for the replay rate (a resume
 * takes as many as it replays).
 */
#include <math.h>

#include "advisord.h"

/*
 * Refill b to time now (seconds) and say how long until it holds cost
 * tokens: 0 when it does now, else milliseconds (at least 1).  Takes
 * nothing.  A cost over burst is reckoned as burst, so that it is never
 * refused for ever.
 */
long
bucket_wait(struct bucket *b, double now, double rate, double burst,
    double cost)
{
	long ms;

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
	if (cost > burst)
		cost = burst;
	if (b->tokens >= cost)
		return 0;
	ms = (long)ceil((cost - b->tokens) / rate * 1000);
	return ms > 0 ? ms : 1;
}

/*
 * Take cost tokens that bucket_wait() just said b holds (cost over burst
 * empties it).
 */
void
bucket_spend(struct bucket *b, double burst, double cost)
{
	b->tokens -= cost > burst ? burst : cost;
	if (b->tokens < 0)
		b->tokens = 0;
}

/*
 * Take one token at time now (seconds).  Returns 1 when there was one;
 * otherwise 0, with *retry_ms set to when the next one will be.
 */
int
bucket_take(struct bucket *b, double now, double rate, double burst,
    long *retry_ms)
{
	long ms = bucket_wait(b, now, rate, burst, 1);

	if (ms == 0) {
		bucket_spend(b, burst, 1);
		return 1;
	}
	if (retry_ms != NULL)
		*retry_ms = ms;
	return 0;
}
