// SPDX-License-Identifier: ISC
// The store: one daemon per state directory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { ADVISOR, ADVISORD, Conv, Daemon, browser, connect, resumeAndEnd, run, tempDir, verifyTranscripts } from './lib.mjs';
import { powerEnv, revert } from '../fault/revert.mjs';

// Every file under dir with its size and mtime, to see that nothing moved.
function snapshot(dir) {
  const out = {};
  const walk = (d) => {
    for (const f of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, f.name);
      if (f.isDirectory()) walk(p);
      else {
        const st = statSync(p);
        out[p] = `${st.size}:${st.mtimeMs}`;
      }
    }
  };
  walk(dir);
  return out;
}

test('a second daemon on the same state directory refuses to start and touches nothing', async (t) => {
  const state = tempDir('advisord-lock-');
  t.after(() => rmSync(state, { recursive: true, force: true, maxRetries: 10 }));
  const first = await new Daemon(['--state-dir', state]).start();
  t.after(() => first.stop());
  const { c, conv } = await browser(first);
  await conv.say('What is Pingora?');
  const before = snapshot(state);
  const journal = readdirSync(join(state, 'journal')).map((f) => readFileSync(join(state, 'journal', f), 'utf8')).join('');

  const second = await run(ADVISORD, ['--listen', '127.0.0.1:0', '--state-dir', state]);
  assert.notEqual(second.code, 0);
  const errs = second.stderr.split('\n').filter((l) => /in use/.test(l));
  assert.equal(errs.length, 1, second.stderr);
  assert.ok(errs[0].includes(state), errs[0]);
  assert.match(errs[0], new RegExp(`pid ${first.pid}\\b`, 'i'));
  assert.doesNotMatch(second.stderr, /recovered|restored|listening on/);
  assert.deepEqual(snapshot(state), before, 'the second daemon changed files');
  const after = readdirSync(join(state, 'journal')).map((f) => readFileSync(join(state, 'journal', f), 'utf8')).join('');
  assert.equal(after, journal);

  // the first one carries on with the same conversation
  const turn = await conv.say('why?');
  assert.ok(turn.at(-1).done);
  assert.ok(turn.at(-1).seq > 0);
  c.close();
});

// ---- fault injection through libpowerfail.so (PF_FAIL) ----------------

// With sync = turn a conversation this daemon begins is kept in the
// journal only; one recovered at start keeps its .part file, written by
// the worker as before.  n conversations are begun on a daemon without
// faults and left open at a clean stop; a daemon started with env resumes
// them.  PF_FAIL_ARM=ready-probe (the probe write every start makes after
// recovery) counts only the writes that follow recovery's.
async function resumedOn(state, n, env) {
  const d0 = await new Daemon(['--state-dir', state]).start();
  const old = [];
  for (let i = 0; i < n; i++) {
    const b = await browser(d0);
    const turn = await b.conv.say('Java dev, we build microservices on Kubernetes');
    old.push({ b, lastSeq: turn.at(-1).seq });
  }
  await d0.stop();
  for (const o of old) o.b.c.terminate();
  const d = await new Daemon(['--state-dir', state], { PF_FAIL_ARM: 'ready-probe', ...env }).start();
  const convs = [];
  for (const o of old) {
    const c = await connect(d.wsUrl);
    c.request({ type: 'hello', resume: { conversation: o.b.welcome.conversation, token: o.b.welcome.token, last_seq: o.lastSeq } });
    const resumed = await c.next((x) => x.type === 'resumed' || x.type === 'error');
    assert.equal(resumed.type, 'resumed', JSON.stringify(resumed));
    convs.push({ c, welcome: o.b.welcome, turn: [resumed], conv: new Conv(c, null) });
  }
  return { d, convs };
}

// A daemon whose store gets a failure at the chosen call: conversation A
// takes turns until one is refused with storage_failed; B starts after.
// A is one resumed after a restart when its .part is to fail (resumedOn).
async function underFault(t, spec, extra = {}, turns = 12) {
  const work = tempDir('advisord-fault-');
  let d = null;
  // hooks run in the order given: the daemon stops before its files go
  t.after(async () => { await d?.stop(); rmSync(work, { recursive: true, force: true, maxRetries: 10 }); });
  const state = join(work, 'state');
  const grave = join(work, 'grave');
  mkdirSync(state);
  mkdirSync(grave);
  const env = powerEnv(state, join(work, 'pf.log'), grave, { PF_FAIL: spec, ...extra });
  let a;
  if (/\.part$/.test(spec)) ({ d, convs: [a] } = await resumedOn(state, 1, env));
  else {
    d = await new Daemon(['--state-dir', state], env).start();
    a = await browser(d);
  }
  const pub = join(work, 'pub');
  (await import('node:fs')).writeFileSync(pub, await (await fetch(`${d.url}/pubkey`)).text());
  const acked = [];
  let failed = null;
  let hit = null;	// the turn during which the interposer injected the failure
  const log = join(work, 'pf.log');
  for (let i = 0; i < turns && !failed; i++) {
    const turn = await a.conv.say(['What is Pingora?', '1', 'why?', '2'][i % 4]);
    if (hit === null && /^fail /m.test(readFileSync(log, 'utf8'))) hit = i;
    const err = turn.find((m) => m.type === 'error' && m.code === 'storage_failed');
    if (err) failed = { turn, err, i };
    else acked.push(...turn.filter((m) => m.seq !== undefined).map((m) => m.seq));
  }
  return { d, state, pub, a, acked, failed, hit, log, grave };
}

// Every stored transcript verifies with both tools; their records by name.
async function verifyAll(state, pub) {
  const out = new Map();
  for (const [name, tr] of await verifyTranscripts(state, pub)) out.set(name, tr.doc.records);
  return out;
}

// What a refused turn must look like, and that the daemon serves others.
async function checkFailed(r, t) {
  const { d, a, failed } = r;
  assert.ok(failed, 'no turn was refused with storage_failed');
  const { turn, err } = failed;
  assert.equal(err.done, true);
  assert.equal(err.conversation, a.welcome.conversation);
  assert.ok(err.re, 'the error answers the request');
  assert.equal(turn.at(-1), err, 'storage_failed closes the turn');
  // the turn whose storage failed is refused, not acknowledged
  assert.equal(failed.i, r.hit, `the failure was injected during turn ${r.hit}, turn ${failed.i} was refused`);
  // nothing after the failure is sent as if it had been stored
  const later = await a.conv.say('why?');
  assert.equal(later[0].code, 'conversation_ended');
  // another conversation is served
  const b = await browser(d);
  assert.ok(b.turn.some((m) => m.type === 'question' || m.seq !== undefined));
  const bt = await b.conv.say('What is Pingora?');
  assert.ok(bt.at(-1).done && bt.at(-1).seq > 0, JSON.stringify(bt));
  const end = await b.conv.send({ type: 'end' });
  assert.equal(end[0].status, 'complete');
  b.c.close();
  a.c.close();
  t.diagnostic(`refused at ${err.re} after ${r.acked.length} acknowledged messages`);
}

// After a restart without faults, every transcript verifies and holds
// every message A was sent before the failure.
async function checkRecovered(r) {
  await r.d.stop();
  const again = await new Daemon(['--state-dir', r.state]).start();
  await again.stop();
  const trs = await verifyAll(r.state, r.pub);
  const recs = trs.get(r.a.welcome.conversation);
  assert.ok(recs, 'a transcript of the conversation that failed');
  const seqs = new Set(recs.filter((x) => x.dir === 'server').map((x) => x.msg.seq));
  for (const s of r.acked) assert.ok(seqs.has(s), `message ${s} was sent but is not in the transcript`);
  assert.equal(readdirSync(join(r.state, 'transcripts')).filter((f) => f.endsWith('.part')).length, 0);
}

test('a journal fdatasync failing with EIO: the turn is refused, the others carry on, transcripts verify', async (t) => {
  const r = await underFault(t, 'fdatasync:4:EIO:/journal/');
  await checkFailed(r, t);
  assert.match(r.d.log, /journal: sync failed/);
  const m = await (await fetch(`${r.d.url}/metrics`)).text();
  assert.match(m, /^advisord_journal_sync_failures_total 1$/m, 'the failed sync is counted');
  await checkRecovered(r);
});

// With sync = turn, the journal lines of one group commit (a loop
// iteration's) are written with one write() when the commit begins, so
// `write:N` on the journal fails the Nth commit: every turn it held is
// refused, and nothing it held is acknowledged.
async function powerFailure(r) {
  r.d.kill('SIGKILL');
  await r.d.exitPromise;
  revert(r.log, r.grave);
  const again = await new Daemon(['--state-dir', r.state]).start();
  await again.stop();
  const trs = await verifyAll(r.state, r.pub);
  const recs = trs.get(r.a.welcome.conversation);
  assert.ok(recs, 'a transcript of the conversation that failed');
  const seqs = new Set(recs.filter((x) => x.dir === 'server').map((x) => x.msg.seq));
  for (const s of r.acked) assert.ok(seqs.has(s), `message ${s} was acknowledged but is not in the transcript`);
}

test('a group commit whose journal write fails with ENOSPC: its turn is refused, the others carry on, transcripts verify', async (t) => {
  const r = await underFault(t, 'write:6:ENOSPC:/journal/');
  assert.match(readFileSync(r.log, 'utf8'), /^fail write .*\/journal\/seg-/m, 'a journal write failed');
  await checkFailed(r, t);
  assert.match(r.d.log, /journal: write failed/);
  const m = await (await fetch(`${r.d.url}/metrics`)).text();
  assert.match(m, /^advisord_journal_sync_failures_total 1$/m, 'the failed commit is counted');
  await checkRecovered(r);
});

test('a failed journal write at a commit: nothing acknowledged is lost at a power failure after it', async (t) => {
  const r = await underFault(t, 'write:5:ENOSPC:/journal/');
  await checkFailed(r, t);
  await powerFailure(r);
});

// Several conversations' turns in flight when their commit fails: every
// request is answered (done), a refused one with storage_failed; nothing
// acknowledged is lost at a power failure; a later conversation is served.
for (const [what, spec] of [['journal write', 'write:7:ENOSPC:/journal/'], ['.part write', 'write:12:ENOSPC:.part']]) {
test(`turns of several conversations at once, a ${what} failing: each is answered, none acknowledged that is not durable`, async (t) => {
  const work = tempDir('advisord-fault-');
  t.after(() => rmSync(work, { recursive: true, force: true, maxRetries: 10 }));
  const state = join(work, 'state');
  const grave = join(work, 'grave');
  mkdirSync(state);
  mkdirSync(grave);
  const log = join(work, 'pf.log');
  // journal: one write per commit (the three welcomes, then the rounds);
  // .part (conversations resumed after a restart, resumedOn): one write
  // per conversation and commit
  const env = powerEnv(state, log, grave, { PF_FAIL: spec });
  let d;
  let convs;
  if (what === '.part write') ({ d, convs } = await resumedOn(state, 3, env));
  else {
    d = await new Daemon(['--state-dir', state], env).start();
    convs = [await browser(d), await browser(d), await browser(d)];
  }
  t.after(() => d.stop());
  const pub = join(work, 'pub');
  (await import('node:fs')).writeFileSync(pub, await (await fetch(`${d.url}/pubkey`)).text());
  const acked = new Map(convs.map((x) => [x.welcome.conversation, []]));
  const refused = new Set();
  for (let round = 0; round < 6; round++) {
    const text = ['What is Pingora?', '1', 'why?', '2'][round % 4];
    // all three at once: their records meet in the same commits
    const live = convs.filter((x) => !refused.has(x.welcome.conversation));
    const turns = await Promise.all(live.map((x) => x.conv.say(text)));
    turns.forEach((turn, i) => {
      const name = live[i].welcome.conversation;
      assert.ok(turn.at(-1).done, `${name}: the turn ends with done: ${JSON.stringify(turn)}`);
      const err = turn.find((m) => m.type === 'error');
      if (err) {
        assert.equal(err.code, 'storage_failed', JSON.stringify(err));
        assert.equal(turn.at(-1), err, 'storage_failed closes the turn');
        refused.add(name);
      } else acked.get(name).push(...turn.filter((m) => m.seq !== undefined).map((m) => m.seq));
    });
  }
  assert.ok(refused.size >= 1, 'a turn was refused');
  t.diagnostic(`${refused.size} of 3 conversations refused`);
  for (const x of convs) {
    if (!refused.has(x.welcome.conversation)) continue;
    const later = await x.conv.say('why?');
    assert.equal(later[0].code, 'conversation_ended');
  }
  // a conversation that starts now is served
  const b = await browser(d);
  const bt = await b.conv.say('What is Pingora?');
  assert.ok(bt.at(-1).done && bt.at(-1).seq > 0, JSON.stringify(bt));
  for (const x of [...convs, b]) x.c.close();
  // a power failure now: every acknowledged message is in a verifying transcript
  d.kill('SIGKILL');
  await d.exitPromise;
  revert(log, grave);
  const again = await new Daemon(['--state-dir', state]).start();
  await again.stop();
  const trs = await verifyAll(state, pub);
  for (const [name, seqs] of acked) {
    const recs = trs.get(name);
    assert.ok(recs || seqs.length === 0, `a transcript of ${name}`);
    const have = new Set((recs ?? []).filter((x) => x.dir === 'server').map((x) => x.msg.seq));
    for (const s of seqs) assert.ok(have.has(s), `${name}: message ${s} was acknowledged but is not in the transcript`);
  }
});
}

// With sync = turn a conversation's records of one loop iteration go to
// its .part with one write() before the loop sleeps: `write:N` on .part
// fails the Nth such write, and the turns it held are refused.
test('a .part write failing with ENOSPC leaves no orphan record: the transcript verifies', async (t) => {
  const r = await underFault(t, 'write:5:ENOSPC:.part');
  await checkFailed(r, t);
  assert.match(r.d.log, /could not be written to its \.part file/);
  await checkRecovered(r);
});

// The worker writes the .part files: the records a failed write could not
// put there stay with it, and the conversation's interrupted transcript is
// signed at once from the file and them, not left for the next start.
test('a .part write failing: the interrupted transcript is signed at once, with every acknowledged message', async (t) => {
  const r = await underFault(t, 'write:5:ENOSPC:.part');
  await checkFailed(r, t);
  // a clean stop finishes what the worker was given; no restart after it
  await r.d.stop();
  const trs = await verifyAll(r.state, r.pub);
  const recs = trs.get(r.a.welcome.conversation);
  assert.ok(recs, 'a transcript of the conversation that failed, before any restart');
  const seqs = new Set(recs.filter((x) => x.dir === 'server').map((x) => x.msg.seq));
  for (const s of r.acked) assert.ok(seqs.has(s), `message ${s} was sent but is not in the transcript`);
  const file = readdirSync(join(r.state, 'transcripts')).find((f) => f.endsWith('.json') &&
    JSON.parse(readFileSync(join(r.state, 'transcripts', f), 'utf8')).records[0].conversation === r.a.welcome.conversation);
  // signed as interrupted (the signature's trusted comment says so)
  assert.match(readFileSync(join(r.state, 'transcripts', `${file}.minisig`), 'utf8'), /interrupted/);
});

test('a .part write failing: nothing acknowledged is lost at a power failure after it', async (t) => {
  const r = await underFault(t, 'write:4:ENOSPC:.part');
  await checkFailed(r, t);
  await powerFailure(r);
});

test('a disk that stays full: every new conversation is refused with storage_failed, the daemon keeps serving', async (t) => {
  // from the 6th group commit on, every journal write fails
  const r = await underFault(t, 'write:6+:ENOSPC:/journal/');
  assert.ok(r.failed);
  const b = await browser(r.d).catch((e) => e);
  const err = (b.turn ?? []).find((m) => m.code === 'storage_failed');
  assert.ok(err, JSON.stringify(b.turn));
  const h = await fetch(`${r.d.url}/healthz`);
  assert.equal(h.status, 200);
});

test('recovery signs an interrupted transcript once, and a resumed conversation carries on where it was', async (t) => {
  const state = tempDir('advisord-recover-');
  t.after(() => rmSync(state, { recursive: true, force: true, maxRetries: 10 }));
  const a = await new Daemon(['--state-dir', state]).start();
  const { c, welcome, conv } = await browser(a);
  await conv.say('What is Pingora?');
  const last = await conv.say('why?');
  const lastSeq = last.at(-1).seq;
  a.kill('SIGKILL');
  await a.exitPromise;
  c.terminate();

  // the first start signs it as interrupted (in the background; a clean stop waits for it)
  const b = await new Daemon(['--state-dir', state]).start();
  assert.match(b.log, /1 open conversation restored in \d+ ms: 1 resumable \(1 of them get an interim transcript, signed in the background\)\n/);
  await b.stop();
  const dir = join(state, 'transcripts');
  const json = readdirSync(dir).find((f) => f.endsWith('.json'));
  assert.ok(json, 'an interrupted transcript');
  const sig = readFileSync(join(dir, `${json}.minisig`), 'utf8');
  assert.match(sig, /status=interrupted/);
  const before = snapshot(dir);

  // nothing new since: the next start leaves the files alone
  const c2 = await new Daemon(['--state-dir', state]).start();
  // the log says so: nothing to sign
  assert.match(c2.log, /1 open conversation restored in \d+ ms: 1 resumable\n/);
  await c2.stop();
  assert.deepEqual(snapshot(dir), before, 'an unchanged conversation was signed again');

  // resumed: the engine is rebuilt, seq carries on, the end verifies
  const d = await new Daemon(['--state-dir', state]).start();
  t.after(() => d.stop());
  const end = await resumeAndEnd(d, welcome, lastSeq, '2');
  const recs = JSON.parse(end[0].content).records;
  assert.deepEqual(recs.filter((x) => x.dir === 'client').map((x) => x.msg.text).filter(Boolean), ['What is Pingora?', 'why?', '2']);
});

// Bytes of the regular files under dir (what max_state_bytes bounds).
function du(dir) {
  let n = 0;
  for (const f of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, f.name);
    n += f.isDirectory() ? du(p) : statSync(p).size;
  }
  return n;
}

// make soak once ended with the state directory at twice its budget: the
// directory is measured every 10 s, and conversations went on being
// admitted on a measure that old while the daemon wrote far more than the
// headroom.  Whole conversations, one after another, as fast as they go.
test('max_state_bytes holds between measures of the state directory', async (t) => {
  const state = tempDir('advisord-budget-');
  t.after(() => rmSync(state, { recursive: true, force: true, maxRetries: 10 }));
  const BUDGET = 1048576;
  const d = await new Daemon(['--state-dir', state, '--max-state-bytes', String(BUDGET),
    '--rate-connection', '1000', '--rate-connection-burst', '1000']).start();
  let refused = null;
  let convs = 0;
  let biggest = 0;
  for (let i = 0; i < 400 && !refused; i++) {
    const before = du(state);
    const c = await connect(d.wsUrl);
    const w = (await c.turn(c.request({ type: 'hello' })))[0];
    if (w.type === 'error') { refused = w; c.close(); break; }
    for (const s of ['Java dev, we build microservices on Kubernetes', 'What is Pingora?', 'why?']) await c.turn(c.request({ type: 'say', text: s }));
    await c.turn(c.request({ type: 'end' }));
    c.close();
    convs++;
    biggest = Math.max(biggest, du(state) - before);
  }
  await d.stop();
  assert.ok(refused, `${convs} conversations and none refused`);
  assert.equal(refused.code, 'storage_full');
  const used = du(state);
  t.diagnostic(`${convs} conversations admitted, state ${used} bytes, budget ${BUDGET}, one conversation up to ${biggest} bytes`);
  // admitted while under the budget: over it by one conversation at most
  assert.ok(used <= BUDGET + biggest, `state directory ${used} bytes for a budget of ${BUDGET} (one conversation: ${biggest})`);
});

test('the recovery log line says which conversations are resumable and which are not', async (t) => {
  const state = tempDir('advisord-recovlog-');
  t.after(() => rmSync(state, { recursive: true, force: true, maxRetries: 10 }));
  const a = await new Daemon(['--state-dir', state]).start();
  const heard = await browser(a);
  await heard.conv.say('What is Pingora?');
  const unheard = await browser(a);	// a welcome, no user message
  a.kill('SIGKILL');
  await a.exitPromise;
  heard.c.terminate();
  unheard.c.terminate();
  const b = await new Daemon(['--state-dir', state]).start();
  await b.stop();
  assert.match(b.log, /2 open conversations restored in \d+ ms: 1 resumable \(1 of them get an interim transcript, signed in the background\), 1 not resumable \(stored as interrupted in the background\)\n/);
  assert.doesNotMatch(b.log, /could not be registered/);
});

// The journal's segments, oldest first.
const segments = (state) => readdirSync(join(state, 'journal')).filter((f) => f.startsWith('seg-')).sort();

async function until(what, fn, ms = 10000) {
  const deadline = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// A whole conversation, ended.
async function wholeConversation(d) {
  const b = await browser(d);
  for (const s of ['Java dev, we build microservices on Kubernetes', 'What is Pingora?', 'why?']) await b.conv.say(s);
  const end = await b.conv.send({ type: 'end' });
  assert.equal(end[0].status, 'complete');
  b.c.close();
}

// The journal used to grow for as long as the daemon ran (segments were
// deleted only at the next start): a daemon up for weeks filled
// max_state_bytes with it and then refused every new conversation.
test('journal segments no open conversation needs are deleted while the daemon runs', async (t) => {
  const state = tempDir('advisord-segs-');
  t.after(() => rmSync(state, { recursive: true, force: true, maxRetries: 10 }));
  const env = { ADVISORD_SEGMENT_BYTES: '16384' };
  const args = ['--state-dir', state, '--rate-connection', '1000', '--rate-connection-burst', '1000'];
  const d = await new Daemon(args, env).start();
  t.after(() => d.stop());
  const pub = join(state, 'test.pub');
  (await import('node:fs')).writeFileSync(pub, await (await fetch(`${d.url}/pubkey`)).text());
  // A, open from the start, holds every segment from its first on
  const a = await browser(d);
  await a.conv.say('What is Pingora?');
  for (let i = 0; i < 6; i++) await wholeConversation(d);
  // B starts later, and stays open
  const b = await browser(d);
  const bAcked = (await b.conv.say('What is Pingora?')).map((m) => m.seq);
  for (let i = 0; i < 6; i++) await wholeConversation(d);
  const held = segments(state);
  assert.ok(held.length >= 6, `A holds the segments since its start: ${held}`);
  // A ends: the segments before B's first go, B's on stay
  await a.conv.send({ type: 'end' });
  await until('the segments before B\'s to be deleted', () => segments(state).length < held.length - 2);
  const left = segments(state);
  t.diagnostic(`${held.length} segments while A was open, ${left.length} after it ended`);
  assert.ok(!left.includes(held[0]), 'A\'s first segment is gone');

  // B survives a crash on what is left, and its transcript verifies
  d.kill('SIGKILL');
  await d.exitPromise;
  b.c.terminate();
  const r = await new Daemon(args, env).start();
  assert.match(r.log, /1 open conversation restored in \d+ ms: 1 resumable/);
  await r.stop();
  const trs = await verifyAll(state, pub);
  assert.equal(trs.size, 14, 'A, B and the twelve whole conversations');
  const recs = trs.get(b.welcome.conversation);
  const seqs = new Set(recs.filter((x) => x.dir === 'server').map((x) => x.msg.seq));
  for (const s of bAcked) assert.ok(seqs.has(s), `B's message ${s} is in its transcript`);
});

// The sync that closes a rotated segment used to be ignored: replies were
// acknowledged for records that were never on disk.  Small segments, and
// the first sync of the first segment after the second was created fails.
test('a failed fdatasync at segment rotation: the turn is refused, the others carry on, nothing acknowledged is lost at a power failure', async (t) => {
  const r = await underFault(t, 'fdatasync:1:EIO:seg-0000000000000000.log',
    { ADVISORD_SEGMENT_BYTES: '8192', PF_FAIL_ARM: 'seg-0000000000000001.log' }, 40);
  assert.match(readFileSync(r.log, 'utf8'), /^fail fdatasync .*seg-0000000000000000\.log$/m, 'the sync at the rotation failed');
  await checkFailed(r, t);
  assert.match(r.d.log, /journal: sync failed/);
  // a power failure now: what was acknowledged must have been durable
  await powerFailure(r);
});

// A user's transcript and end are signed (and stored) on the store's
// worker; the connection is read no further meanwhile, so pipelined
// requests are still answered in the order they were sent.
test('transcript and end requests, pipelined: answered in order, verifying; other conversations served meanwhile', async (t) => {
  const state = tempDir('advisord-deliver-');
  t.after(() => rmSync(state, { recursive: true, force: true, maxRetries: 10 }));
  const d = await new Daemon(['--state-dir', state]).start();
  t.after(() => d.stop());
  const pub = join(state, 'test.pub');
  const fs = await import('node:fs');
  fs.writeFileSync(pub, await (await fetch(`${d.url}/pubkey`)).text());
  const a = await browser(d);
  await a.conv.say('Java dev, we build microservices on Kubernetes');
  await a.conv.say('What is Pingora?');
  const b = await browser(d);
  const sent = ['t1', 's1', 't2', 'e1', 's2'];
  for (const m of [{ type: 'transcript', id: 't1' }, { type: 'say', text: 'why?', id: 's1' },
    { type: 'transcript', format: 'markdown', id: 't2' }, { type: 'end', id: 'e1' }, { type: 'say', text: '2', id: 's2' }]) a.c.send(m);
  const bt = await b.conv.say('What is Pingora?');
  assert.ok(bt.at(-1).done && !bt.some((m) => m.type === 'error'), JSON.stringify(bt));
  const got = [];
  while (!(got.at(-1)?.re === 's2' && got.at(-1).done)) got.push(await a.c.next(() => true, 10000));
  // in the order asked, seq rising
  const rank = got.map((m) => sent.indexOf(m.re));
  assert.deepEqual(rank, [...rank].sort((x, y) => x - y), `answered out of order: ${got.map((m) => `${m.re}:${m.type}`)}`);
  const seqs = got.filter((m) => m.seq !== undefined).map((m) => m.seq);
  assert.deepEqual(seqs, seqs.map((_, i) => seqs[0] + i), `seq: ${seqs}`);
  const t1 = got.find((m) => m.re === 't1');
  assert.equal(t1.type, 'transcript');
  assert.equal(t1.status, 'snapshot');
  assert.ok(t1.done);
  const ids1 = JSON.parse(t1.content).records.filter((x) => x.dir === 'client').map((x) => x.msg.id);
  assert.ok(ids1.includes('t1') && !ids1.includes('s1'), `the snapshot holds what came before it: ${ids1}`);
  assert.match(got.find((m) => m.re === 't2').markdown, /Pingora/);
  const [tr, ended] = got.filter((m) => m.re === 'e1');
  assert.equal(tr.type, 'transcript');
  assert.equal(tr.status, 'complete');
  assert.equal(ended.type, 'ended');
  assert.ok(ended.done);
  assert.equal(got.at(-1).code, 'conversation_ended');
  // the end's transcript verifies with both tools, and is the one stored
  const file = join(state, 'e1.json');
  fs.writeFileSync(file, tr.content);
  fs.writeFileSync(`${file}.minisig`, tr.minisig);
  assert.equal((await run('minisign', ['-Vm', file, '-p', pub])).code, 0);
  assert.equal((await run(ADVISOR, ['verify', file, '-p', pub])).code, 0);
  assert.equal(readFileSync(join(state, 'transcripts', tr.file), 'utf8'), tr.content);
  const ids = JSON.parse(tr.content).records.filter((x) => x.dir === 'client').map((x) => x.msg.id);
  for (const id of ['t1', 's1', 't2', 'e1']) assert.ok(ids.includes(id), `${id} in the complete transcript`);
  a.c.close();
  b.c.close();
});

test('a conversation opened and ended in one read (its .part not written yet) gets its signed transcript', async (t) => {
  const KEY = 'oneread-key-0123456789abcdef';
  const state = tempDir('advisord-oneread-');
  t.after(() => rmSync(state, { recursive: true, force: true, maxRetries: 10 }));
  const d = await new Daemon(['--state-dir', state, '--api-key', `relay:${KEY}`]).start();
  t.after(() => d.stop());
  const pub = join(state, 'test.pub');
  const fs = await import('node:fs');
  fs.writeFileSync(pub, await (await fetch(`${d.url}/pubkey`)).text());
  const c = await connect(d.wsUrl, { headers: { Authorization: `Bearer ${KEY}` } });
  t.after(() => c.close());
  await c.turn(c.request({ type: 'hello' }));
  // both frames in one TCP write: the daemon reads them in one loop
  // iteration, before that iteration's .part tails are written
  c.ws._socket.cork();
  const open = c.request({ type: 'open', conversation: 'brief' });
  const end = c.request({ type: 'end', conversation: 'brief' });
  c.ws._socket.uncork();
  assert.ok((await c.turn(open)).some((m) => m.type === 'opened'));
  const got = await c.turn(end);
  const tr = got.find((m) => m.type === 'transcript');
  assert.ok(tr, JSON.stringify(got));
  assert.equal(tr.status, 'complete');
  const file = join(state, 'brief.json');
  fs.writeFileSync(file, tr.content);
  fs.writeFileSync(`${file}.minisig`, tr.minisig);
  assert.equal((await run(ADVISOR, ['verify', file, '-p', pub])).code, 0);
  assert.equal(readFileSync(join(state, 'transcripts', tr.file), 'utf8'), tr.content);
  assert.doesNotMatch(d.log, /could not be made|journal keeps it/);
  assert.deepEqual(readdirSync(join(state, 'transcripts')).filter((f) => f.endsWith('.part')), []);
});

// A daemon whose store fails as spec says; n conversations each take one
// turn (refused or not).  Returns the daemon log's lines matching re and
// the interposer's injected failures, with the time it took.
async function failingDisk(t, spec, n, re) {
  const work = tempDir('advisord-full-');
  let d = null;
  t.after(async () => { await d?.stop(); rmSync(work, { recursive: true, force: true, maxRetries: 10 }); });
  const state = join(work, 'state');
  mkdirSync(state);
  const log = join(work, 'pf.log');
  const env = powerEnv(state, log, join(work, 'grave'), { PF_FAIL: spec });
  // .part: conversations resumed after a restart (resumedOn)
  let resumed = null;
  if (/\.part$/.test(spec)) ({ d, convs: resumed } = await resumedOn(state, n, env));
  else d = await new Daemon(['--state-dir', state], env).start();
  const t0 = Date.now();
  let refused = 0;
  for (let i = 0; i < n; i++) {
    const b = resumed ? resumed[i] : await browser(d).catch(() => null);
    const turn = b ? await b.conv.say('What is Pingora?').catch(() => []) : [];
    if (!b || turn.some((m) => m.code === 'storage_failed' || m.code === 'conversation_ended')) refused++;
    b?.c.close();
  }
  // the last turn's log lines are written before its reply is sent
  const minutes = Math.floor((Date.now() - t0) / 60000);
  return {
    d, refused, minutes,
    lines: d.log.split('\n').filter((l) => re.test(l)),
    fails: readFileSync(log, 'utf8').split('\n').filter((l) => /^fail write /.test(l)).length,
  };
}

test('a disk that stays full: the failing journal is said once (then at most once a minute), not at every group commit', async (t) => {
  const r = await failingDisk(t, 'write:3+:ENOSPC:/journal/', 6, /journal: write failed/);
  assert.ok(r.fails >= 4, `${r.fails} failed writes`);
  assert.ok(r.refused >= 4, `${r.refused} refused`);
  assert.ok(r.lines.length >= 1 && r.lines.length <= 1 + r.minutes, r.lines.join('\n'));
});

test('a disk full for a while: the failure and the recovery are each said once, with how many commits failed', async (t) => {
  const r = await failingDisk(t, 'write:3-5:ENOSPC:/journal/', 7, /journal: (write failed|group commits succeed again)/);
  assert.equal(r.fails, 3);
  assert.equal(r.lines.length, 2, r.lines.join('\n'));
  assert.match(r.lines[0], /journal: write failed/);
  assert.match(r.lines[1], /journal: group commits succeed again after 3 failed/);
});

test('.part writes failing on a full disk: said once, and their recovery once', async (t) => {
  // the warnings about the writes (not /readyz's line, hb12_break's)
  const full = await failingDisk(t, 'write:3+:ENOSPC:.part', 6, /its \.part file|\.part files: writes/);
  assert.ok(full.fails >= 4, `${full.fails} failed writes`);
  assert.ok(full.lines.length >= 1 && full.lines.length <= 1 + full.minutes, full.lines.join('\n'));
  const r = await failingDisk(t, 'write:3-5:ENOSPC:.part', 7, /its \.part file|\.part files: writes/);
  assert.equal(r.fails, 3);
  assert.equal(r.lines.length, 2, r.lines.join('\n'));
  assert.match(r.lines[0], /could not be written to its \.part file/);
  assert.match(r.lines[1], /\.part files: writes succeed again after 3 failed/);
});
