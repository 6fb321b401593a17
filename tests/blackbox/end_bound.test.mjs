// SPDX-License-Identifier: ISC
// The reply to `end` is bounded by max_replay_bytes like the reply to
// `transcript` (hostile tester h37, finding 2: repeated ends of long
// conversations grew the daemon from 300 to 706 MB; an end's transcript
// was made and queued whole, never reckoned against the budget).  Now an
// end whose final transcript does not fit in what is left of the budget
// still ends the conversation and stores its final transcript, but gets
// `error` `transcript_refused` naming the limit in place of the
// transcript, then `ended`; the client fetches the stored transcript by
// name (PROTOCOL.md 5.8, 11.6), and it verifies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Daemon, connect, verifyTranscriptMessage, bigText } from './lib.mjs';

const BUDGET = 1048576;		// max_replay_bytes, its least
const SAY_MAX = 8192;

test('end: a final transcript over max_replay_bytes is refused by name, the conversation ends, the stored one verifies', async (t) => {
  const d = await new Daemon(['--max-replay-bytes', String(BUDGET), '--ping-interval', '3600',
    '--rate-connection', '100000', '--rate-connection-burst', '100000',
    '--rate-conversation', '100000', '--rate-conversation-burst', '100000']).start();
  t.after(() => d.stop());

  // a short conversation: its end's transcript fits, and comes
  const s = await connect(d.wsUrl);
  await s.turn(s.request({ type: 'hello' }));
  await s.turn(s.request({ type: 'say', text: 'What is Pingora?' }));
  const small = await s.turn(s.request({ type: 'end' }));
  assert.deepEqual(small.map((m) => m.type), ['transcript', 'ended']);
  assert.equal(small[0].status, 'complete');
  s.close();

  // a long one: about 300 KB of records, a reply reckoned at 8 times that
  const c = await connect(d.wsUrl);
  t.after(() => c.close());
  const welcome = (await c.turn(c.request({ type: 'hello' })))[0];
  let seq = 0;
  for (let i = 0; i < 30; i++) {
    const turn = await c.turn(c.request({ type: 'say', text: bigText(i) }), 30000);
    assert.ok(!turn.some((m) => m.type === 'error'), JSON.stringify(turn).slice(0, 300));
    seq = turn.at(-1).seq;
  }
  const id = c.request({ type: 'end' });
  const end = await c.turn(id, 60000);
  assert.deepEqual(end.map((m) => m.type), ['error', 'ended'], JSON.stringify(end).slice(0, 500));
  assert.equal(end[0].code, 'transcript_refused');
  assert.equal(end[0].limit, 'max_replay_bytes');
  assert.equal(end[0].conversation, welcome.conversation);
  assert.deepEqual(end.map((m) => m.seq), [seq + 1, seq + 2]);
  assert.equal(end[1].done, true);
  const m = (await (await fetch(`${d.url}/metrics`)).text())
    .match(/^advisord_transcript_refused_total\{limit="max_replay_bytes"\} (\d+)$/m);
  assert.equal(Number(m[1]), 1);

  // it ended: a later message naming it says so
  const after = await c.turn(c.request({ type: 'say', text: 'hello?', conversation: welcome.conversation }));
  assert.equal(after[0].code, 'conversation_ended');

  // its final transcript is stored, complete, with every turn and the end
  const f = await connect(d.wsUrl);
  t.after(() => f.close());
  await f.turn(f.request({ type: 'hello' }));
  const got = await f.turn(f.request({ type: 'transcript', format: 'json',
    conversation: welcome.conversation, token: welcome.token }), 60000);
  assert.equal(got[0].type, 'transcript', JSON.stringify(got).slice(0, 300));
  assert.equal(got[0].status, 'complete');
  const recs = JSON.parse(got[0].content).records;
  assert.equal(recs.filter((r) => r.dir === 'client' && r.msg?.type === 'end').length, 1);
  assert.equal(recs.filter((r) => r.dir === 'client' && r.msg?.type === 'say').length, 30);
  await verifyTranscriptMessage(d, got[0], 'end-bound-');
});
