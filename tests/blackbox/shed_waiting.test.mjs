// SPDX-License-Identifier: ISC
// Over the memory budget (max_replay_bytes), conversations waiting for a
// resume are closed only when closing them can bring the total back under
// it (hostile tester h38, F3).  They were closed first whatever the
// overrun: a non-reader's queue far over the budget closed every idle
// waiting conversation, whose replay could never cover it, and was then
// dropped all the same.  Here a user's conversation waits for its resume
// (a few KB of replay); a client that does not read asks again and again
// for a final transcript (each reckoned against the 1 MiB budget, PROTOCOL
// 11.6), its refusals queued past the budget by far more than that replay.
// Asserted: the non-reader is dropped, the waiting conversation is not
// closed and resumes.  No timing is asserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Daemon, connect, rawSocket, upgradeRequest, frame, resumeAndEnd, bigText, metric } from './lib.mjs';

const SAY_MAX = 8192;
const RECORDS = 48 * 1024;
const FETCHES = 2000;
const PATIENCE_MS = 60000;

test('memory budget: waiting conversations are not closed when closing them cannot cover the overrun', async (t) => {
  const d = await new Daemon(['--trusted-proxies', '127.0.0.1', '--max-replay-bytes', '1048576',
    '--max-output-bytes', String(64 * 1024 * 1024), '--ping-interval', '3600',
    '--rate-connection', '100000', '--rate-connection-burst', '100000',
    '--rate-conversation', '100000', '--rate-conversation-burst', '100000']).start();
  t.after(() => d.stop());

  // the attacker's conversation, ended: a final transcript of ~100 KB
  const a = await connect(d.wsUrl, { headers: { 'X-Forwarded-For': '192.0.2.88' } });
  const big = (await a.turn(a.request({ type: 'hello' })))[0];
  for (let i = 0, size = 0; size < RECORDS;) {
    const turn = await a.turn(a.request({ type: 'say', text: bigText(i++) }), PATIENCE_MS);
    assert.ok(!turn.some((m) => m.type === 'error'), JSON.stringify(turn).slice(0, 300));
    size += SAY_MAX + turn.reduce((n, m) => n + JSON.stringify(m).length, 0);
  }
  assert.equal((await a.turn(a.request({ type: 'end' }), PATIENCE_MS)).at(-1).type, 'ended');
  a.close();

  // a user's conversation, heard, waiting for its resume
  const u = await connect(d.wsUrl, { headers: { 'X-Forwarded-For': '198.51.100.9' } });
  const welcome = (await u.turn(u.request({ type: 'hello' })))[0];
  const said = await u.turn(u.request({ type: 'say', text: 'What is Pingora?' }));
  const lastSeq = said.at(-1).seq;
  u.close();
  const detached = /^advisord_conversations_by_state\{state="detached"\} (\d+)$/m;
  while (await metric(d, detached) !== 1) await new Promise((r) => setTimeout(r, 50));

  // the non-reader
  const s = await rawSocket(d.port);
  s.on('error', () => {});
  t.after(() => s.destroy());
  await new Promise((res) => {
    let buf = '';
    const on = (b) => { buf += b.toString('latin1'); if (buf.includes('\r\n\r\n')) { s.off('data', on); res(); } };
    s.on('data', on);
    s.write(upgradeRequest(d.port).replace('\r\n\r\n', '\r\nX-Forwarded-For: 192.0.2.88\r\n\r\n'));
  });
  s.pause();
  s.write(frame(JSON.stringify({ type: 'hello', id: 'h', start: false })));
  for (let i = 0; i < FETCHES; i++)
    s.write(frame(JSON.stringify({ type: 'transcript', id: `t${i}`, format: 'json',
      conversation: big.conversation, token: big.token })));

  const dropped = /^advisord_conversation_limits_total\{limit="max_replay_bytes_connection"\} (\d+)$/m;
  const until = Date.now() + PATIENCE_MS;
  while (!(await metric(d, dropped) > 0) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  const mt = await (await fetch(`${d.url}/metrics`)).text();
  assert.equal(await metric(d, dropped), 1, mt.split('\n').filter((l) => /replay|queued|refused_total|limits_total/.test(l)).join('\n'));
  assert.match(d.log, /192\.0\.2\.88: client not reading, \d+ bytes queued, and the memory budget \(max_replay_bytes\) is spent; dropping it/);
  const closed = /^advisord_conversation_limits_total\{limit="max_replay_bytes"\} (\d+)$/m;
  assert.equal(await metric(d, closed), 0, 'no waiting conversation closed for the budget');
  assert.equal(await metric(d, detached), 1);
  await resumeAndEnd(d, welcome, lastSeq);
});
