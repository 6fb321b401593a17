// SPDX-License-Identifier: ISC
// Hostile review h26: /readyz store_unwritable and its probe write
// (journal/ready-probe, store.c), the owner files of final transcripts
// (ID.final) and the index rebuilt from them at start (finals.c), and the
// engine's readers with hostile text, against the real daemon.  Each test
// says what a user or an operator would check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Daemon, browser, connect, sleep, tempDir } from './lib.mjs';
import { post as postTo } from './webhooklib.mjs';
import { powerEnv } from '../fault/revert.mjs';

const API_KEY = 'h26-api-key-0123456789abcdef';
const RATES = ['--rate-conversation', '100000', '--rate-conversation-burst', '100000',
  '--rate-connection', '100000', '--rate-connection-burst', '100000'];

function clean(d) {
  assert.doesNotMatch(d.log, /runtime error|AddressSanitizer|LeakSanitizer/, d.log.slice(-3000));
}

// Ask a fresh connection for the final transcript of conversation (token).
async function fetchFinal(d, conversation, token) {
  const c = await connect(d.wsUrl);
  c.request({ type: 'hello', protocol: 'advisor.v1' });
  await c.next((m) => m.type === 'welcome');
  const turn = await c.turn(c.request({ type: 'transcript', conversation, token }));
  c.close();
  return turn;
}

// A browser user who asked one question and ended: its welcome and final.
async function endedUser(d, text = 'What is Pingora?') {
  const u = await browser(d);
  await u.conv.say(text);
  const ended = await u.c.turn(u.c.request({ type: 'end' }));
  u.final = ended.find((m) => m.type === 'transcript');
  assert.equal(u.final?.status, 'complete', JSON.stringify(ended));
  u.c.close();
  return u;
}

// ---- the probe write of a journal that could not be written ----------------

// A journal that failed (ENOSPC until the test makes room) with something
// already at journal/ready-probe: what a crash mid-probe, an operator's
// mkdir or an attacker leaves.  Once the disk has room /readyz must come
// back by itself: a balancer sends no turns to an unready instance.
async function probeBlocked(t, plant) {
  const w = tempDir('advisord-h26-probe-');
  t.after(() => rmSync(w, { recursive: true, force: true }));
  const state = join(w, 'state');
  const room = join(w, 'room');
  mkdirSync(state);
  mkdirSync(join(w, 'grave'));
  const dd = await new Daemon(['--state-dir', state, '--http-api', '1', '--api-key', `alpha:${API_KEY}`],
    powerEnv(state, join(w, 'pf.log'), join(w, 'grave'), { PF_FAIL: 'write:3+:ENOSPC', PF_FAIL_UNTIL: room })).start();
  t.after(() => dd.stop({ timeoutMs: 5000 }));
  const open = (name) => postTo(dd.url, `/api/v1/conversations/${name}/messages`, JSON.stringify({ type: 'open' }),
    { Authorization: `Bearer ${API_KEY}` });
  for (let i = 0; i < 3; i++) await open(`full${i}`);
  let r = await fetch(`${dd.url}/readyz`);
  assert.equal(r.status, 503);
  plant(join(state, 'journal', 'ready-probe'), w);
  writeFileSync(room, '');
  for (let i = 0; (r = await fetch(`${dd.url}/readyz`)).status !== 200; i++) {
    if (i >= 100) return { dd, ready: false, body: await r.text() };
    await sleep(100);
  }
  const ok = await open('roomagain');
  assert.equal(ok.status, 200, ok.text);
  return { dd, ready: true, w };
}

for (const [what, plant] of [
  ['a directory', (p) => mkdirSync(p)],
  ['a symbolic link', (p, w) => { writeFileSync(join(w, 'victim'), 'keep me\n'); symlinkSync(join(w, 'victim'), p); }],
  ['a named pipe (FIFO)', (p) => spawnSync('mkfifo', [p])],
]) {
  test(`journal/ready-probe left as ${what}: once the disk has room /readyz is 200 again by itself, and nothing outside the journal is written`, async (t) => {
    const { dd, ready, body, w } = await probeBlocked(t, plant);
    assert.ok(ready, `/readyz still 503 10 s after the disk has room: ${body}\n${dd.log.slice(-2000)}`);
    if (what === 'a symbolic link') assert.equal(readFileSync(join(w, 'victim'), 'utf8'), 'keep me\n');
    clean(dd);
  });
}

// A directory there that the daemon cannot remove (not empty): still 503,
// but the reason names the probe file, not only the state directory (the
// journal itself would be written: the operator must know what to remove).
test('journal/ready-probe a directory with files in it: /readyz stays 503 and its reason names journal/ready-probe', async (t) => {
  const { dd, ready, body } = await probeBlocked(t, (p) => { mkdirSync(p); writeFileSync(join(p, 'x'), 'x'); });
  assert.equal(ready, false);
  assert.match(JSON.parse(body).reason, /journal\/ready-probe/, body);
  clean(dd);
});
