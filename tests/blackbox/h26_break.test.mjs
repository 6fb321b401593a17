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
  // the 'final' lines journaled after each failed store go in a commit of
  // their own: let it fail too, so that no commit of lines (which would
  // make it ready by itself) is left to run once there is room
  while ((dd.log.match(/storing it failed/g) ?? []).length < 3) await sleep(50);
  await sleep(1500);
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
  assert.equal(ready, false, dd.log);
  assert.match(JSON.parse(body).reason, /journal\/ready-probe/, body);
  clean(dd);
});

// ---- owner files (ID.final) and the index rebuilt from them at start ---------

// Three users ended; the daemon stopped; files under transcripts/ then
// changed by hand.  Returns { state, tdir, users, args, ownerOf }.
async function endedThenStopped(t, n, extra = []) {
  const state = tempDir('advisord-h26-owner-');
  t.after(() => rmSync(state, { recursive: true, force: true }));
  const args = ['--state-dir', state, ...RATES, ...extra];
  const d = await new Daemon(args).start();
  const users = [];
  for (let i = 0; i < n; i++) users.push(await endedUser(d, i % 2 ? 'What is Pingora?' : 'why is rust hard to learn?'));
  assert.equal((await d.stop()).code, 0);
  const tdir = join(state, 'transcripts');
  const ownerOf = (u) => join(tdir, u.final.file.replace(/\.json$/, '.final'));
  return { state, tdir, users, args, ownerOf };
}

// An owner file moved onto another transcript's name (B.final holding A's
// key and token hash, A.final gone): A's name and token must not fetch B's
// transcript, a conversation A never had.  The signature's trusted comment
// names the conversation and its status: the index is checked against it.
test('an owner file moved onto another conversation\'s transcript: its owner does not get that other transcript; the file is skipped and named', async (t) => {
  const { tdir, users: [a, b, c], args, ownerOf } = await endedThenStopped(t, 3);
  renameSync(ownerOf(a), ownerOf(b));
  // and c's owner file claims a status its signature does not have
  const cOwner = JSON.parse(readFileSync(ownerOf(c), 'utf8'));
  writeFileSync(ownerOf(c), `${JSON.stringify({ ...cOwner, status: 'expired' })}\n`);
  const d2 = await new Daemon(args).start();
  t.after(() => d2.stop());
  const got = await fetchFinal(d2, a.welcome.conversation, a.welcome.token);
  const tr = got.find((m) => m.type === 'transcript');
  assert.ok(tr === undefined || tr.content === a.final.content,
    `a's name and token fetched another conversation's transcript (${tr?.file}, a's was ${a.final.file})`);
  assert.ok(got.some((m) => m.type === 'error' && m.code === 'unknown_conversation'), JSON.stringify(got).slice(0, 500));
  assert.ok(d2.log.includes(`finals: ${ownerOf(b)}: skipped:`), d2.log);
  const cGot = (await fetchFinal(d2, c.welcome.conversation, c.welcome.token)).find((m) => m.type === 'transcript');
  assert.notEqual(cGot?.status, 'expired', 'the status said is the signed one, not an edited owner file\'s');
  assert.ok(d2.log.includes(`finals: ${ownerOf(c)}: skipped:`), d2.log);
  clean(d2);
});

// Clock skew: owner files whose mtime is far in the future (a clock that
// was ahead, then corrected; or planted) must not crowd the real ones of
// the last hour out of the bounded index (the newest max_conversations by
// mtime were read, then validated).
test('owner files with future mtimes or junk do not crowd the last hour\'s real ones out of the index (max_conversations 3)', async (t) => {
  const { tdir, users, args } = await endedThenStopped(t, 3, ['--max-conversations', '3']);
  const future = new Date(Date.now() + 86400e3);
  for (let i = 0; i < 4; i++) {
    const f = join(tdir, `20991231T000000Z-_junk${i}-0000000${i}.final`);
    writeFileSync(f, 'junk\n');
    utimesSync(f, future, future);
  }
  const d2 = await new Daemon(args).start();
  t.after(() => d2.stop());
  const lost = [];
  for (const u of users) {
    const tr = (await fetchFinal(d2, u.welcome.conversation, u.welcome.token)).find((m) => m.type === 'transcript');
    if (tr?.content !== u.final.content) lost.push(u.welcome.conversation);
  }
  assert.deepEqual(lost, [], `final transcripts of the last hour not indexed:\n${d2.log.split('\n').filter((l) => /finals/.test(l)).join('\n')}`);
  clean(d2);
});

// ---- the engine's readers with hostile text ---------------------------------

// Up to the 8192-byte bound: question marks, sentences, the phrases the
// new readers look for (ended up, rather than, weighing, instead, story
// turns), unicode, a description followed by many questions: each is
// answered (no crash, no hang), fresh and mid-walk, and the daemon lives.
test('hostile text up to 8192 bytes, fresh and mid-walk: every message answered, the daemon alive; past the bound an error naming it', async (t) => {
  const d = await new Daemon([...RATES]).start();
  t.after(() => d.stop());
  const fit = (unit, sep = ' ') => { let s = ''; while (Buffer.byteLength(s + unit + sep) <= 8192) s += unit + sep; return s.trim(); };
  const texts = ['?'.repeat(8192), fit('why?'), fit('ended up'), fit('rather than'), fit('weighing go vs rust'),
    fit('torn between go and rust, deciding between'), `backend dev doing spring apis at work, ${fit('weighing go vs rust for the next service,').slice(0, 8000)}`,
    `Java dev building APIs on Kubernetes, we ended up using go rather than rust. ${Array.from({ length: 100 }, (_, i) => `and q${i}, which one needs less ram?`).join(' ')}`,
    fit('Go.'), '.'.repeat(8192), fit('we build APIs instead of kernel drivers instead'),
    fit('these past years we moved to building rust into writing go lately recently'),
    fit("didn't cloudflare do the same? and the previous year?"), fit('Ｗｈｙ ｒｕｓｔ？ 🦀 ended up ̈́ \u202e'),
    fit('stop asking and just pick one, whatever, either way, explain that in simpler words'), 'ended'.repeat(1638)];
  for (const mid of [false, true]) {
    for (const text of texts) {
      const u = await browser(d);
      if (mid) await u.conv.say('Java dev building APIs on Kubernetes');
      const turn = await u.conv.say(text, 30000);
      assert.ok(turn.at(-1).done && !turn.some((m) => m.type === 'error'), `${text.slice(0, 60)}: ${JSON.stringify(turn).slice(0, 300)}`);
      u.c.close();
    }
  }
  const u = await browser(d);
  const over = await u.conv.say(`${fit('why?')} why? why?`);
  assert.equal(over.at(-1).code, 'invalid_field');
  assert.match(over.at(-1).message, /'text' must be 1 to 8192 bytes/);
  u.c.close();
  assert.equal(d.exited, null);
  clean(d);
});

// \u0000 in a string is valid JSON (RFC 8259) that the daemon refuses:
// the error must say what the sender can change, not name the parser's
// internal flag (it said "\u0000 is not allowed without JSON_ALLOW_NUL").
test('a say holding \\u0000: bad_json naming the NUL character, not the JSON library\'s flag', async (t) => {
  const d = await new Daemon([...RATES]).start();
  t.after(() => d.stop());
  const u = await browser(d);
  u.c.send(JSON.stringify({ type: 'say', text: 'why rust \u0000 ended up', id: 'nul1' }));
  const e = await u.c.next((m) => m.type === 'error');
  assert.equal(e.code, 'bad_json');
  assert.match(e.message, /NUL/);
  assert.doesNotMatch(e.message, /JSON_ALLOW_NUL/);
  u.c.close();
  clean(d);
});

// A disk already full when the daemon starts: nothing has failed yet, so
// /readyz said 200 and a balancer sent users, whose first turn was then
// refused (storage_failed, the conversation ended).  Now a probe write at
// start (journal/ and transcripts/, on the worker) finds it; the fault
// tests that count writes (PF_FAIL=write:N, fdatasync:N) count its
// writes too.  statvfs alone does not see a simulated fault.
test('a state directory on a full disk at start: /readyz is 503 before any user is sent there', async (t) => {
  const w = tempDir('advisord-h26-fullstart-');
  t.after(() => rmSync(w, { recursive: true, force: true }));
  const state = join(w, 'state');
  mkdirSync(state);
  mkdirSync(join(w, 'grave'));
  const d0 = await new Daemon(['--state-dir', state, ...RATES]).start();
  await endedUser(d0);
  assert.equal((await d0.stop()).code, 0);
  const dd = await new Daemon(['--state-dir', state, ...RATES],
    powerEnv(state, join(w, 'pf.log'), join(w, 'grave'), { PF_FAIL: 'write:1+:ENOSPC' })).start();
  t.after(() => dd.stop());
  await sleep(1500);	// its housekeeping has run: a probe, had there been one
  const r = await fetch(`${dd.url}/readyz`);
  const body = await r.text();
  assert.equal(r.status, 503, `nothing can be written, yet: ${body}`);
  assert.equal(JSON.parse(body).status, 'store_unwritable', body);
  assert.match(JSON.parse(body).reason, /No space left on device/, body);
  assert.ok(await dd.waitLog(/state_dir: .* cannot be written \(No space left on device; the probe write at start\)/), dd.log);
  clean(dd);
});

// An owner file whose token hash was replaced by another user's: that
// user's token fetched this transcript (by its name).  The owner file now
// carries a mac (keyed with a key derived from the signing key) over its
// fields and its transcript's name: an edited one is skipped and named.
test('an owner file carrying another conversation\'s token hash does not let that token fetch it', async (t) => {
  const { users: [a, b], args, ownerOf } = await endedThenStopped(t, 2);
  const aOwner = JSON.parse(readFileSync(ownerOf(a), 'utf8'));
  const bOwner = JSON.parse(readFileSync(ownerOf(b), 'utf8'));
  writeFileSync(ownerOf(b), `${JSON.stringify({ ...bOwner, token_sha256: aOwner.token_sha256 })}\n`);
  const d2 = await new Daemon(args).start();
  t.after(() => d2.stop());
  const got = await fetchFinal(d2, b.welcome.conversation, a.welcome.token);
  assert.ok(!got.some((m) => m.type === 'transcript'), 'a\'s token fetched b\'s transcript');
  assert.ok(d2.log.includes(`finals: ${ownerOf(b)}: skipped: its mac does not match`), d2.log);
  // b's own token does not fetch it either (the file is not trusted), a's
  // untouched owner file still works
  const bGot = await fetchFinal(d2, b.welcome.conversation, b.welcome.token);
  assert.ok(!bGot.some((m) => m.type === 'transcript'), JSON.stringify(bGot).slice(0, 300));
  const aGot = (await fetchFinal(d2, a.welcome.conversation, a.welcome.token)).find((m) => m.type === 'transcript');
  assert.equal(aGot?.content, a.final.content);
  clean(d2);
});

// Owner files written before they carried a mac (advisord_final 1): not
// trusted after the upgrade; each is skipped with a line saying why, and
// its transcript still verifies (it is only not found by name).
test('an owner file of an older version (no mac) is skipped with a line saying so; the others are indexed', async (t) => {
  const { users: [a, b], args, ownerOf } = await endedThenStopped(t, 2);
  const { mac, ...old } = JSON.parse(readFileSync(ownerOf(a), 'utf8'));
  assert.match(mac, /^[0-9a-f]{64}$/);
  writeFileSync(ownerOf(a), `${JSON.stringify({ ...old, advisord_final: 1 })}\n`);
  const d2 = await new Daemon(args).start();
  t.after(() => d2.stop());
  assert.ok(d2.log.includes(`finals: ${ownerOf(a)}: skipped: written by an older version`), d2.log);
  assert.match(d2.log, /finals: 1 final transcript of the last hour indexed .* 1 written by an older version/);
  const aGot = await fetchFinal(d2, a.welcome.conversation, a.welcome.token);
  assert.ok(aGot.some((m) => m.type === 'error' && m.code === 'unknown_conversation'), JSON.stringify(aGot).slice(0, 300));
  const bGot = (await fetchFinal(d2, b.welcome.conversation, b.welcome.token)).find((m) => m.type === 'transcript');
  assert.equal(bGot?.content, b.final.content);
  clean(d2);
});

// An integration that reuses a name within the hour has two owner files
// with one key: after a restart the name gives the newer transcript.
test('a name ended twice within the hour: after a restart its owner gets the newer final transcript', async (t) => {
  const state = tempDir('advisord-h26-dup-');
  t.after(() => rmSync(state, { recursive: true, force: true }));
  const args = ['--state-dir', state, '--api-key', `alpha:${API_KEY}`, ...RATES];
  const auth = { headers: { Authorization: `Bearer ${API_KEY}` } };
  const d = await new Daemon(args).start();
  const finals = [];
  for (const text of ['What is Pingora?', 'why is rust hard to learn?']) {
    const c = await connect(d.wsUrl, auth);
    await c.turn(c.request({ type: 'hello' }));
    await c.turn(c.request({ type: 'open', conversation: 'dup' }));
    await c.turn(c.request({ type: 'say', conversation: 'dup', text }));
    finals.push((await c.turn(c.request({ type: 'end', conversation: 'dup' }))).find((m) => m.type === 'transcript'));
    c.close();
    await sleep(1100);	// a second apart: the files' times differ
  }
  assert.notEqual(finals[0].file, finals[1].file);
  assert.equal((await d.stop()).code, 0);
  const d2 = await new Daemon(args).start();
  t.after(() => d2.stop());
  const c = await connect(d2.wsUrl, auth);
  await c.turn(c.request({ type: 'hello' }));
  const got = (await c.turn(c.request({ type: 'transcript', conversation: 'dup' }))).find((m) => m.type === 'transcript');
  c.close();
  assert.equal(got?.file, finals[1].file);
  assert.equal(got.content, finals[1].content);
  clean(d2);
});

// A named pipe where a transcript's file is expected: opening it for
// reading waits for a writer that never comes.  At start (the index reads
// the signature) that hung the start; when a user fetches it, the event
// loop.  Each such file is skipped or refused, and the daemon serves on.
test('a named pipe in place of a transcript\'s signature or file: the daemon starts, names it, and stays responsive when it is fetched', async (t) => {
  const { users: [a, b], args, ownerOf } = await endedThenStopped(t, 2);
  const sigOf = (u) => ownerOf(u).replace(/\.final$/, '.json.minisig');
  rmSync(sigOf(a));
  spawnSync('mkfifo', [sigOf(a)]);
  const d2 = await new Daemon(args).start();
  t.after(() => d2.stop({ timeoutMs: 3000 }));
  assert.ok(d2.log.includes(`finals: ${ownerOf(a)}: skipped:`), d2.log);
  // b's .json becomes a pipe after the start: its fetch is refused, not a hang
  const json = ownerOf(b).replace(/\.final$/, '.json');
  rmSync(json);
  spawnSync('mkfifo', [json]);
  const c = await connect(d2.wsUrl);
  c.request({ type: 'hello', protocol: 'advisor.v1' });
  await c.next((m) => m.type === 'welcome');
  const turn = await c.turn(c.request({ type: 'transcript', conversation: b.welcome.conversation, token: b.welcome.token }), 10000);
  assert.equal(turn.at(-1).type, 'error', JSON.stringify(turn));
  c.close();
  assert.equal((await fetch(`${d2.url}/readyz`, { signal: AbortSignal.timeout(5000) })).status, 200);
  clean(d2);
});
