// SPDX-License-Identifier: ISC
// Over the memory budget (max_replay_bytes) because of the replay of
// conversations still connected, conversations waiting for a resume are
// not closed for nothing, and that replay is bounded (hostile tester h43,
// F3).  Clients that read everything they were sent held the replay of
// their conversations far over the budget (78 MB against 4 MiB from 150
// addresses; 512 KiB each was the only bound), and while the total stood
// over, the once-a-second pass closed every waiting conversation: closing
// them could never bring it under.  Here a user's conversation waits for
// its resume (a few KB of replay) while 12 clients that read take 30
// tables each, some 3 MB of replay against a 1 MiB budget.  Asserted: the
// waiting conversation is not closed and resumes; the readers' replay is
// given up beyond their latest answers until the total is back under the
// budget (counted in advisord_replay_trimmed_bytes_total); no reader is
// dropped, each is answered; one that resumes from the start gets
// replay_gap naming max_replay_bytes, then its latest answer again.  No
// timing is asserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Daemon, connect, resumeAndEnd, metric, sleep } from './lib.mjs';

const BUDGET = 1024 * 1024;	// max_replay_bytes, its least
const READERS = 12;
const TABLES = 30;		// of some 8.7 KB each: ~260 KB a reader
const PATIENCE_MS = 60000;

test('memory budget: connected replay over it is trimmed, waiting conversations are not closed for it', async (t) => {
  const d = await new Daemon(['--max-replay-bytes', String(BUDGET), '--ping-interval', '3600',
    '--rate-connection', '100000', '--rate-connection-burst', '100000',
    '--rate-conversation', '100000', '--rate-conversation-burst', '100000']).start();
  t.after(() => d.stop());

  // a user's conversation, heard, waiting for its resume
  const u = await connect(d.wsUrl);
  const welcome = (await u.turn(u.request({ type: 'hello' })))[0];
  const said = await u.turn(u.request({ type: 'say', text: 'What is Pingora?' }));
  const lastSeq = said.at(-1).seq;
  u.close();
  const detached = /^advisord_conversations_by_state\{state="detached"\} (\d+)$/m;
  while (await metric(d, detached) !== 1) await sleep(50);

  // readers taking tables, every reply read
  const readers = [];
  t.after(() => readers.forEach((r) => r.c.close()));
  for (let i = 0; i < READERS; i++) {
    const c = await connect(d.wsUrl);
    const w = (await c.turn(c.request({ type: 'hello' }), 30000))[0];
    let turn;
    for (let k = 0; k < TABLES; k++) {
      turn = await c.turn(c.request({ type: 'command', command: 'table' }), 30000);
      assert.ok(!turn.some((m) => m.type === 'error'), JSON.stringify(turn).slice(0, 300));
    }
    readers.push({ c, w, turn });
  }

  // the pass, once a second, finds the total over and trims the replay
  const replay = /^advisord_replay_bytes (\d+)$/m;
  const queued = /^advisord_queued_output_bytes (\d+)$/m;
  const trimmed = /^advisord_replay_trimmed_bytes_total (\d+)$/m;
  const closed = /^advisord_conversation_limits_total\{limit="max_replay_bytes"\} (\d+)$/m;
  const until = Date.now() + PATIENCE_MS;
  while (!(await metric(d, replay) + await metric(d, queued) <= BUDGET) &&
    !(await metric(d, closed) > 0) && Date.now() < until) await sleep(100);
  const mt = (await (await fetch(`${d.url}/metrics`)).text()).split('\n')
    .filter((l) => /replay|queued|limits_total|by_state/.test(l)).join('\n');
  assert.equal(await metric(d, closed), 0, `no waiting conversation closed for the budget\n${mt}`);
  assert.equal(await metric(d, detached), 1, mt);
  assert.ok(await metric(d, replay) + await metric(d, queued) <= BUDGET, `back under the budget\n${mt}`);
  assert.ok(await metric(d, trimmed) > 0, mt);

  // every reader is still there and answered
  for (const r of readers) {
    const turn = await r.c.turn(r.c.request({ type: 'command', command: 'table' }), 30000);
    assert.ok(turn.length > 0 && !turn.some((m) => m.type === 'error'), JSON.stringify(turn).slice(0, 300));
    r.turn = turn;
  }
  const dropped = /^advisord_conversation_limits_total\{limit="max_replay_bytes_connection"\} (\d+)$/m;
  assert.equal(await metric(d, dropped), 0);
  assert.doesNotMatch(d.log, /client not reading/);

  // a reader resuming from the start: what was given up is said, with the
  // bound; its latest answer comes again as first sent
  const r = readers[0];
  r.c.close();
  while (await metric(d, detached) !== 2) await sleep(50);
  const c = await connect(d.wsUrl);
  readers.push({ c });
  c.request({ type: 'hello', resume: { conversation: r.w.conversation, token: r.w.token, last_seq: 0 } });
  const gap = await c.next((m) => m.type === 'error' || m.type === 'resumed', 30000);
  assert.equal(gap.code, 'replay_gap', JSON.stringify(gap));
  assert.equal(gap.limit, 'max_replay_bytes');
  const replayed = [];
  for (;;) {
    const m = await c.next(() => true, 30000);
    if (m.type === 'resumed') break;
    if (m.replay) replayed.push(m);
  }
  const lastTurn = r.turn.map((m) => m.seq);
  assert.deepEqual(replayed.map((m) => m.seq).slice(-lastTurn.length), lastTurn);

  // the waiting user comes back
  await resumeAndEnd(d, welcome, lastSeq);
});
