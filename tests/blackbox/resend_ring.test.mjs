// SPDX-License-Identifier: ISC
// A resent message (same id, same content) is answered from the replay
// ring, not applied again (PROTOCOL.md, section 9).  conv_dedup() finds
// it by the first bytes of the kept requests' hashes, over the ring's two
// runs when it has wrapped: the answer kept in the last slot and the one
// wrapped round to slot 0 must both come back, in order, as sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Daemon, browser } from './lib.mjs';

test('a resent message whose answers straddle the ring\'s wrap gets them all again, in order', async (t) => {
  // 5 kept messages: the hello's, then two per say; the third say's
  // answers land in the ring's last slot and, wrapped, in slot 0
  const d = await new Daemon(['--replay-messages', '5']).start();
  t.after(() => d.stop());
  const { c } = await browser(d);
  const turns = [];
  for (const [i, text] of ['What is Pingora?', 'how many rust developers are there', 'What is Go used for?'].entries()) {
    const id = `s${i}`;
    c.send({ type: 'say', id, text });
    turns.push(await c.turn(id));
  }
  const last = turns.at(-1);
  assert.ok(last.length >= 2, `the last say has two messages or more: ${JSON.stringify(last.map((m) => m.type))}`);

  c.send({ type: 'say', id: 's2', text: 'What is Go used for?' });
  const again = await c.turn('s2');
  assert.deepEqual(again.map((m) => m.seq), last.map((m) => m.seq), 'the same messages, in order');
  assert.ok(again.every((m) => m.replay === true), JSON.stringify(again.map((m) => m.replay)));
  assert.deepEqual(again.map(({ replay, ...m }) => m), last, 'as they were sent');

  // and a new message is applied, numbered after them
  c.send({ type: 'say', id: 's3', text: 'What is Go used for?' });
  const next = await c.turn('s3');
  assert.ok(next[0].seq > last.at(-1).seq && !next[0].replay, JSON.stringify(next[0]));
  c.close();
});
