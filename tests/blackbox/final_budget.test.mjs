// SPDX-License-Identifier: ISC
// A finished conversation's final transcript asked for by name (PROTOCOL.md
// 11.6) is reckoned against the memory budget (max_replay_bytes) before it
// is queued, as a live transcript is (hostile tester h38, F2).  It was
// not: clients that asked for a large one and never read queued it again
// and again, far past the budget.  Here the budget is 1 MiB and the final
// transcript more than that: asking for it by name is refused
// transcript_refused (limit max_replay_bytes, re, conversation, done) and
// counted; a small one under the same budget is still sent.  No timing is
// asserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Daemon, connect, bigText, metric } from './lib.mjs';

const SAY_MAX = 8192;			// PROTOCOL.md 10.1: the longest say text
const RECORDS = 1536 * 1024;		// more than the budget below
const PATIENCE_MS = 60000;

// a conversation of about `bytes` record bytes, ended; its hello answer
async function ended(d, bytes, addr) {
  const a = await connect(d.wsUrl, { headers: { 'X-Forwarded-For': addr } });
  const welcome = (await a.turn(a.request({ type: 'hello' })))[0];
  for (let i = 0, size = 0; size < bytes;) {
    const id = a.request({ type: 'say', text: bytes > SAY_MAX ? bigText(i++) : 'What is Pingora?' });
    const turn = await a.turn(id, PATIENCE_MS);
    assert.ok(!turn.some((m) => m.type === 'error'), JSON.stringify(turn).slice(0, 300));
    size += (bytes > SAY_MAX ? SAY_MAX : 16) + turn.reduce((n, m) => n + JSON.stringify(m).length, 0);
  }
  const end = await a.turn(a.request({ type: 'end' }), PATIENCE_MS);
  assert.equal(end.at(-1).type, 'ended');
  a.close();
  return welcome;
}

test('memory budget: a final transcript asked for by name that does not fit is refused transcript_refused', async (t) => {
  const d = await new Daemon(['--trusted-proxies', '127.0.0.1', '--max-replay-bytes', '1048576',
    '--max-output-bytes', String(64 * 1024 * 1024), '--ping-interval', '3600',
    '--rate-connection', '100000', '--rate-connection-burst', '100000',
    '--rate-conversation', '100000', '--rate-conversation-burst', '100000']).start();
  t.after(() => d.stop());

  const big = await ended(d, RECORDS, '203.0.113.7');
  const small = await ended(d, 1, '203.0.113.8');
  const refused = /^advisord_transcript_refused_total\{limit="max_replay_bytes"\} (\d+)$/m;
  const before = await metric(d, refused);

  const r = await connect(d.wsUrl, { headers: { 'X-Forwarded-For': '198.51.100.9' } });
  t.after(() => r.close());
  await r.turn(r.request({ type: 'hello' }));
  const id = r.request({ type: 'transcript', conversation: big.conversation, token: big.token });
  const turn = await r.turn(id, PATIENCE_MS);
  assert.equal(turn.length, 1, JSON.stringify(turn).slice(0, 300));
  const e = turn[0];
  assert.equal(e.type, 'error', JSON.stringify(e).slice(0, 300));
  assert.equal(e.code, 'transcript_refused');
  assert.equal(e.limit, 'max_replay_bytes');
  assert.equal(e.re, id);
  assert.equal(e.conversation, big.conversation);
  assert.equal(e.done, true);
  assert.equal(await metric(d, refused), before + 1, 'counted');

  // one that fits is sent, under the same budget, on the same connection
  const id2 = r.request({ type: 'transcript', conversation: small.conversation, token: small.token });
  const turn2 = await r.turn(id2, PATIENCE_MS);
  assert.equal(turn2.at(-1).type, 'transcript', JSON.stringify(turn2).slice(0, 300));
  assert.equal(turn2.at(-1).conversation, small.conversation);
  assert.equal(turn2.at(-1).done, true);
  assert.equal(r.closed, null);
});
