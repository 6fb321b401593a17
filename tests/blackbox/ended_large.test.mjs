// SPDX-License-Identifier: ISC
// The end of a long conversation (PROTOCOL.md 10.4, 8.x): its transcript
// message may be larger than max_output_bytes (a transcript has its own
// bound, max_transcript_records); a client that reads gets it, and the
// `ended` after it, and the transcript verifies.  A client that does not
// read is still dropped.  And the conversation_full refusal names its
// bound (limit, figures) as every other refusal does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Daemon, assertCleanLog, connect, sleep, verifyTranscriptMessage } from './lib.mjs';

const RATES = ['--rate-conversation', '100000', '--rate-conversation-burst', '100000',
  '--rate-connection', '100000', '--rate-connection-burst', '100000'];
const MAX = 8192;

// A conversation on d whose transcript is over `bytes` bytes: says, each
// answered before the next.  Returns the client.
async function longConversation(d, bytes) {
  const c = await connect(d.wsUrl);
  await c.turn(c.request({ type: 'hello', protocol: 'advisor.v1' }));
  for (let i = 0, size = 0; size <= bytes; i++) {
    const turn = await c.turn(c.request({ type: 'say', text: `and go ${i}?` }));
    assert.ok(!turn.some((m) => m.type === 'error'), JSON.stringify(turn).slice(0, 300));
    size += turn.reduce((n, m) => n + JSON.stringify(m).length, 0) + 40;
  }
  return c;
}

test('end of a conversation whose transcript is larger than max_output_bytes: a client that reads gets the transcript and ended, and the transcript verifies', async (t) => {
  const d = await new Daemon(['--max-output-bytes', String(MAX), ...RATES]).start();
  t.after(() => d.stop());
  const c = await longConversation(d, 3 * MAX);
  const end = await c.turn(c.request({ type: 'end' }), 15000);
  assert.deepEqual(end.map((m) => m.type), ['transcript', 'ended'], JSON.stringify(end).slice(0, 300));
  const tr = end[0];
  assert.equal(tr.status, 'complete');
  assert.ok(JSON.stringify(tr).length > MAX, `the transcript message is ${JSON.stringify(tr).length} bytes, not over max_output_bytes ${MAX}`);
  assert.equal(c.closed, null, 'the connection stays open');
  await verifyTranscriptMessage(d, tr, 'ended-large-');
  assert.doesNotMatch(d.log, /client not reading/);
  // the connection is still served: a new conversation on it
  const again = await c.turn(c.request({ type: 'hello', protocol: 'advisor.v1' }));
  assert.equal(again[0].type, 'welcome', JSON.stringify(again[0]).slice(0, 300));
  c.close();
  assertCleanLog(d);
});

test('a client that ends such a conversation and does not read is still dropped', async (t) => {
  const d = await new Daemon(['--max-output-bytes', String(MAX), '--ping-interval', '2', ...RATES]).start();
  t.after(() => d.stop());
  const c = await longConversation(d, 3 * MAX);
  c.ws._socket.pause();
  c.request({ type: 'end' });
  for (let i = 0; i < 600 && !/conn 1 127\.0\.0\.1: closed/.test(d.log); i++) await sleep(50);
  assert.match(d.log, /conn 1 127\.0\.0\.1: no answer to a ping in 2 s; dropping it/, 'the drop names the keep-alive');
  assert.match(d.log, /conn 1 127\.0\.0\.1: closed/, 'the connection is closed');
  c.terminate();
});

test('conversation_full names its bound: limit max_transcript_records, with its figures', async (t) => {
  const d = await new Daemon(['--sync', 'off', ...RATES]).start();
  t.after(() => d.stop());
  const c = await connect(d.wsUrl);
  await c.turn(c.request({ type: 'hello', protocol: 'advisor.v1' }));
  let full = null;
  for (let n = 0; full === null && n < 3000;) {
    const ids = Array.from({ length: 100 }, () => c.request({ type: 'say', text: `and go ${n++}?` }));
    for (const id of ids) {
      const turn = await c.turn(id, 60000);
      full ??= turn.find((m) => m.code === 'conversation_full') ?? null;
    }
  }
  assert.ok(full, 'conversation_full within 3000 says');
  assert.equal(full.limit, 'max_transcript_records', JSON.stringify(full));
  assert.equal(full.max_transcript_records, 5000, JSON.stringify(full));
  assert.equal(full.full_at_records, 4936, JSON.stringify(full));
  assert.ok(full.records >= 4936 && full.records <= 5000, JSON.stringify(full));
  assert.match(full.message, /max_transcript_records/);
  assert.match(full.message, /5000/);
  assert.equal(full.done, true);
  // transcript and end still work
  const end = await c.turn(c.request({ type: 'end' }), 60000);
  assert.deepEqual(end.map((m) => m.type), ['transcript', 'ended']);
  c.close();
});
