// SPDX-License-Identifier: ISC
// Found by the lead at the end of round 50 (the sanitizer run of
// `make test` had dev-conversations166 at 49/51 where the plain run had
// 50/51): one conversation's turn changes how another conversation's
// next message is read.  Two browser conversations on one daemon, their
// turns taken in turn: A "hello there", B "we build microservices,
// latency barely matters, p99 of 200ms is fine", A "n rust?", B
// "actually forget what i said about latency".  Alone, B's last message
// withdraws the latency answer (notice undo); after A's "n rust?" it is
// not understood and the answer stays.  "forget what i said about
// latency" (without "actually") is read right either way.  Cause:
// understand_step_forget() (cm50) read said.question before
// understand_read_kind() set it: stack garbage, written by whatever the
// last turn (of any conversation) left there.  said's kind fields are
// now zero until read, and the step asks understand_is_question() itself.
// Fails on 2de129d7; the sanitizer run of `make test` had shown it as
// dev-conversations166 at 49/51.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browser, probeDaemon as daemon } from './lib.mjs';

const undone = (turn) => turn.some((m) => m.type === 'notice' && m.event === 'undo');

test('a message is read the same whatever another conversation said just before', async (t) => {
  const d = await daemon(t);
  const a = await browser(d);
  const b = await browser(d);
  try {
    await a.conv.say('hello there');
    await b.conv.say('we build microservices, latency barely matters, p99 of 200ms is fine');
    await a.conv.say('n rust?');
    const turn = await b.conv.say('actually forget what i said about latency');
    assert.ok(undone(turn), JSON.stringify(turn).slice(0, 300));
  } finally { a.c.close(); b.c.close(); }
});

test('alone, the same message withdraws the answer', async (t) => {
  const d = await daemon(t);
  const b = await browser(d);
  try {
    await b.conv.say('we build microservices, latency barely matters, p99 of 200ms is fine');
    const turn = await b.conv.say('actually forget what i said about latency');
    assert.ok(undone(turn), JSON.stringify(turn).slice(0, 300));
  } finally { b.c.close(); }
});
