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
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Daemon, connect, run, sleep, tempDir } from './lib.mjs';
import { powerEnv, revert } from '../fault/revert.mjs';

function clean(d) {
  assert.doesNotMatch(d.log, /runtime error|AddressSanitizer|LeakSanitizer/, d.log.slice(-3000));
}

// Turns on c until one is refused storage_failed: true if one was.
async function untilRefused(c, first) {
  let failed = first.some((m) => m.type === 'error' && m.code === 'storage_failed');
  for (let i = 0; i < 20 && !failed; i++) {
    const turn = await c.turn(c.request({ type: 'say', text: ['What is Pingora?', '1', 'why?', '2'][i % 4] }));
    failed = turn.some((m) => m.type === 'error' && m.code === 'storage_failed');
  }
  return failed;
}

test('storage_failed on a full disk, then a power failure before the disk had room: the conversation stays closed, its final transcript the same and verifying', async (t) => {
  const w = tempDir('advisord-reserve-power-');
  t.after(() => rmSync(w, { recursive: true, force: true }));
  const state = join(w, 'state');
  const room = join(w, 'room');
  const log = join(w, 'pf.log');
  const grave = join(w, 'grave');
  mkdirSync(state);
  mkdirSync(grave);
  const d = await new Daemon(['--state-dir', state],
    powerEnv(state, log, grave, { PF_FAIL: 'write:12+:ENOSPC', PF_FAIL_UNTIL: room })).start();
  t.after(() => d.stop({ timeoutMs: 5000 }));
  // preallocated at start, while the disk had room
  assert.ok(statSync(join(state, 'close-reserve')).size >= 1 << 20, 'the close reserve is preallocated');
  const pub = join(w, 'pub');
  writeFileSync(pub, await (await fetch(`${d.url}/pubkey`)).text());
  const a = await connect(d.wsUrl);
  const hello = await a.turn(a.request({ type: 'hello' }));
  const { conversation, token } = hello[0];
  assert.ok(await untilRefused(a, hello), 'a turn was refused with storage_failed');
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
  revert(log, grave);
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
  clean(d2);
  // and a later start (the mark gone) still has it closed, the same
  const d3 = await new Daemon(['--state-dir', state]).start();
  t.after(() => d3.stop());
  const e = await connect(d3.wsUrl);
  const r3 = await e.turn(e.request({ type: 'hello', resume: { conversation, token } }));
  assert.notEqual(r3.at(-1).type, 'resumed', JSON.stringify(r3.map((x) => x.type)));
  const again = (await e.turn(e.request({ type: 'transcript', conversation, token }))).find((x) => x.type === 'transcript');
  assert.equal(again?.content, before.content);
  e.close();
  clean(d3);
});

test('the close reserve is bounded: full, it is said in the log, /readyz and /metrics', async (t) => {
  const w = tempDir('advisord-reserve-full-');
  t.after(() => rmSync(w, { recursive: true, force: true }));
  const state = join(w, 'state');
  mkdirSync(state);
  mkdirSync(join(w, 'grave'));
  // a small reserve (a test knob): a few marks fit.  The disk fills
  // after 30 conversations were opened and spoken in (from the 300th
  // write on; each then gets storage_failed at its next turn)
  const d = await new Daemon(['--state-dir', state, '--max-conversations-per-ip', '200'],
    powerEnv(state, join(w, 'pf.log'), join(w, 'grave'), { PF_FAIL: 'write:300+:ENOSPC', ADVISORD_RESERVE_BYTES: '8192' })).start();
  t.after(() => d.stop({ timeoutMs: 5000 }));
  assert.equal(statSync(join(state, 'close-reserve')).size, 8192);
  const convs = [];
  for (let i = 0; i < 30; i++) {
    const c = await connect(d.wsUrl);
    const hello = await c.turn(c.request({ type: 'hello' }));
    // a user message first: one nobody spoke in is not worth a mark
    const turn = await c.turn(c.request({ type: 'say', text: 'What is Pingora?' }));
    assert.ok(![...hello, ...turn].some((m) => m.code === 'storage_failed'), `conversation ${i} failed before the disk filled`);
    convs.push(c);
  }
  let refused = 0;
  for (let round = 0; round < 40 && convs.length > 0; round++) {
    for (const c of [...convs]) {
      const turn = await c.turn(c.request({ type: 'say', text: 'why?' }));
      if (turn.some((m) => m.code === 'storage_failed')) {
        refused++;
        c.terminate();
        convs.splice(convs.indexOf(c), 1);
      }
    }
  }
  for (const c of convs) c.terminate();
  assert.equal(refused, 30, 'every conversation was refused storage_failed');
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
  clean(d);
});
