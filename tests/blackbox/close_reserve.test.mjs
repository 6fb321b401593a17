// SPDX-License-Identifier: ISC
// The close reserve (STATE/close-reserve, daemon/STORE.md): a
// conversation closed with storage_failed on a full disk is marked closed
// in a file preallocated at start, so that a restart before the disk has
// room neither restores it as resumable nor returns another transcript
// (review h27, F1).  As an operator meets it:
// 1. a power failure (tests/fault) just after the user fetched the final
//    transcript, the disk still full: the next start, with room, does not
//    restore the conversation, and returns the same signed transcript,
//    which verifies with minisign;
// 2. the reserve is bounded: when it is full the log, /readyz and
//    /metrics say so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Daemon, assertCleanLog, connect, failConversations, fullDiskDaemon, run, sleep, untilStorageFailed } from './lib.mjs';
import { revert } from '../fault/revert.mjs';

test('storage_failed on a full disk, then a power failure before the disk had room: the conversation stays closed, its final transcript the same and verifying', async (t) => {
  const { d, w, state, room } = await fullDiskDaemon(t, 'advisord-reserve-power-');
  // preallocated at start, while the disk had room
  assert.ok(statSync(join(state, 'close-reserve')).size >= 1 << 20, 'the close reserve is preallocated');
  const pub = join(w, 'pub');
  writeFileSync(pub, await (await fetch(`${d.url}/pubkey`)).text());
  const a = await connect(d.wsUrl);
  const hello = await a.turn(a.request({ type: 'hello' }));
  const { conversation, token } = hello[0];
  assert.ok(await untilStorageFailed(a, hello), 'a turn was refused with storage_failed');
  const full = await a.turn(a.request({ type: 'transcript', conversation, token }));
  const before = full.at(-1);
  assert.equal(before.type, 'transcript', JSON.stringify(before).slice(0, 300));
  assert.equal(before.status, 'interrupted');
  // the operator sees the mark
  const rz = await (await fetch(`${d.url}/readyz`)).json();
  assert.equal(rz.close_reserve.live, 1, JSON.stringify(rz));
  assert.equal(rz.close_reserve.full, false);
  a.close();
  // a power failure: only what was synced survives
  d.kill('SIGKILL');
  await d.exitPromise;
  revert(join(w, 'pf.log'), join(w, 'grave'));
  writeFileSync(room, '');

  const d2 = await new Daemon(['--state-dir', state]).start();
  t.after(() => d2.stop());
  const c = await connect(d2.wsUrl);
  const r = await c.turn(c.request({ type: 'hello', resume: { conversation, token } }));
  assert.notEqual(r.at(-1).type, 'resumed', `a conversation told storage_failed ("closed") was resumed after the power failure: ${JSON.stringify(r.map((m) => m.type))}`);
  const after = await c.turn(c.request({ type: 'transcript', conversation, token }));
  const tr = after.find((m) => m.type === 'transcript');
  assert.equal(tr?.status, 'interrupted', JSON.stringify(after).slice(0, 300));
  assert.equal(tr.content, before.content, 'after the power failure: the same signed records');
  assert.equal(tr.minisig, before.minisig, 'after the power failure: the same signature');
  const f = join(w, 'got.json');
  writeFileSync(f, tr.content);
  writeFileSync(`${f}.minisig`, tr.minisig);
  const m = await run('minisign', ['-Vm', f, '-p', pub]);
  assert.equal(m.code, 0, m.stderr);
  assert.match(d2.log, /closed by a storage failure \(its close mark\)/);
  // stored for good, under its name
  assert.ok(existsSync(join(state, 'transcripts', tr.file)), tr.file);
  c.close();
  // once stored and its end journaled, the reserve is emptied again
  let rz2;
  for (let i = 0; i < 200; i++) {
    rz2 = await (await fetch(`${d2.url}/readyz`)).json();
    if (rz2.close_reserve.marks === 0) break;
    await sleep(50);
  }
  assert.deepEqual([rz2.close_reserve.marks, rz2.close_reserve.live, rz2.close_reserve.used], [0, 0, 0], JSON.stringify(rz2));
  await d2.stop();
  assertCleanLog(d2);
  // and a later start (the mark gone) still has it closed, the same
  const d3 = await new Daemon(['--state-dir', state]).start();
  t.after(() => d3.stop());
  const e = await connect(d3.wsUrl);
  const r3 = await e.turn(e.request({ type: 'hello', resume: { conversation, token } }));
  assert.notEqual(r3.at(-1).type, 'resumed', JSON.stringify(r3.map((x) => x.type)));
  const again = (await e.turn(e.request({ type: 'transcript', conversation, token }))).find((x) => x.type === 'transcript');
  assert.equal(again?.content, before.content);
  e.close();
  assertCleanLog(d3);
});

test('the close reserve is bounded: full, it is said in the log, /readyz and /metrics', async (t) => {
  // a small reserve (a test knob): a few marks fit.  The disk fills
  // after 30 conversations were opened and spoken in (from the 300th
  // write on; each then gets storage_failed at its next turn)
  const { d, w, state } = await fullDiskDaemon(t, 'advisord-reserve-full-', { failAt: 300, args: ['--max-conversations-per-ip', '200'], env: { ADVISORD_RESERVE_BYTES: '8192' }, untilRoom: false });
  assert.equal(statSync(join(state, 'close-reserve')).size, 8192);
  assert.equal(await failConversations(d, 30), 30, 'every conversation was refused storage_failed');
  const rz = await (await fetch(`${d.url}/readyz`)).json();
  assert.equal(rz.close_reserve.full, true, JSON.stringify(rz));
  assert.ok(rz.close_reserve.refused >= 1);
  assert.ok(rz.close_reserve.marks >= 2, JSON.stringify(rz));
  assert.ok(rz.close_reserve.used <= 8192);
  assert.match(rz.reason, /close reserve is full/);
  const metrics = await (await fetch(`${d.url}/metrics`)).text();
  assert.match(metrics, /^advisord_close_reserve_refused_total [1-9]/m);
  assert.match(metrics, /^advisord_close_reserve_bytes 8192$/m);
  assert.match(d.log, /close reserve .*: full \(8192 bytes/);
  // said once, not per refused mark
  assert.equal(d.log.match(/close reserve .*: full/g).length, 1, d.log.slice(-2000));
  assertCleanLog(d);
});
