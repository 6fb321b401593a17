// SPDX-License-Identifier: ISC
// Over the memory budget (max_replay_bytes) because of the replay of
// conversations still connected (which README and PROTOCOL 10.4 say may
// stand over it), clients that read everything they are sent are not
// dropped (hostile tester h42, F3 and F1).  The once-a-second pass dropped
// whoever held output when it looked: with the default --sync turn, every
// user whose reply was waiting for its sync, 1008 "not reading", one by
// one (13 of 20 users within 20 s in h42's run); and a client reading a
// large transcript steadily was dropped for holding it.  Here 30
// connected conversations make ~15 MB of replay against an 8 MiB budget
// while 8 users take turns and read every reply; asserted: the replay made
// is over the budget throughout (kept, or since h43 F3 given up beyond
// each conversation's latest answer), no user is dropped, and no client at
// all was dropped for the budget.  No timing is asserted (turns are counted).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Daemon, connect, metric } from './lib.mjs';

const ATTACHED = 30;
const TABLES = 60;	/* ~520 KB of replay each */
const USERS = 8;
const TURNS = 150;
const BUDGET = 8 * 1024 * 1024;

test('memory budget: readers are not dropped while connected replay stands over it', async (t) => {
  const d = await new Daemon(['--max-replay-bytes', String(BUDGET), '--sync', 'turn',
    '--ping-interval', '3600', '--max-conversations-per-ip', '100',
    '--max-connections-per-ip', '100',
    '--rate-connection', '100000', '--rate-connection-burst', '100000',
    '--rate-conversation', '100000', '--rate-conversation-burst', '100000']).start();
  t.after(() => d.stop());

  const held = [];
  for (let i = 0; i < ATTACHED; i++) {
    const c = await connect(d.wsUrl);
    held.push(c);
    await c.turn(c.request({ type: 'hello' }));
    for (let k = 0; k < TABLES; k++)
      await c.turn(c.request({ type: 'command', command: 'table' }), 30000);
  }
  t.after(() => held.forEach((c) => c.close()));
  // the replay made for them, kept or given up beyond their latest
  // answers (h43 F3: connected replay is trimmed while over the budget)
  const replay = /^advisord_replay_bytes (\d+)$/m;
  const trimmed = /^advisord_replay_trimmed_bytes_total (\d+)$/m;
  const made = async () => await metric(d, replay) + (await metric(d, trimmed) || 0);
  assert.ok(await made() > BUDGET, 'the connected replay stands over the budget');

  const user = async () => {
    const c = await connect(d.wsUrl);
    await c.turn(c.request({ type: 'hello' }));
    for (let k = 0; k < TURNS; k++) {
      const r = await c.turn(c.request({ type: 'command', command: 'table' }), 30000);
      assert.ok(r.length > 0 && !r.some((m) => m.type === 'error'), JSON.stringify(r).slice(0, 200));
    }
    c.close();
  };
  await Promise.all(Array.from({ length: USERS }, user));

  assert.ok(await made() > BUDGET, 'still over the budget at the end');
  const dropped = /^advisord_conversation_limits_total\{limit="max_replay_bytes_connection"\} (\d+)$/m;
  assert.equal(await metric(d, dropped), 0, d.log.split('\n').filter((l) => /not reading/.test(l)).slice(0, 3).join('\n'));
  assert.doesNotMatch(d.log, /client not reading/);
});
