// SPDX-License-Identifier: ISC
// Attacks on the transcript store (review r12): each test asserts the
// promise of daemon/STORE.md (all fixed in i12-fix).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADVISOR, ADVISORD, Daemon, browser, connect, run, tempDir } from './lib.mjs';
import { powerEnv } from '../fault/revert.mjs';

// A daemon under the interposer with PF_FAIL=spec; its public key saved.
async function faulty(t, spec, extra = {}) {
  const work = tempDir('advisord-break-');
  t.after(() => rmSync(work, { recursive: true, force: true, maxRetries: 10 }));
  const state = join(work, 'state');
  mkdirSync(state);
  mkdirSync(join(work, 'grave'));
  const env = spec || extra.PF_LOG_WRITES ? powerEnv(state, join(work, 'pf.log'), join(work, 'grave'), { PF_FAIL: spec ?? '', ...extra }) : {};
  const d = await new Daemon(['--state-dir', state], env).start();
  t.after(() => d.stop());
  const pub = join(work, 'pub');
  writeFileSync(pub, await (await fetch(`${d.url}/pubkey`)).text());
  return { d, state, pub, work };
}

// Every .json in the transcripts directory, checked by both tools.
async function verifyStored(state, pub) {
  const dir = join(state, 'transcripts');
  const bad = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) {
    const v = await run(ADVISOR, ['verify', join(dir, f), '-p', pub]);
    const m = await run('minisign', ['-Vm', join(dir, f), '-p', pub]);
    if (v.code !== 0 || m.code !== 0) bad.push(`${f}: advisor verify ${v.code} ${v.stdout}${v.stderr}; minisign ${m.code} ${m.stderr}`);
  }
  return bad;
}

async function waitFor(pred, what, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// store_put writes FILE.json, then FILE.json.minisig: when the second write
// fails (disk full), FILE.json is already renamed into place with no (or
// an older) signature, and stays so for the daemon's life.  The user was
// answered "complete" and "ended"; no end line is journaled, so the next
// start recovers the ended conversation as resumable and re-stores it as
// "interrupted".
test('a signature write failing at an end leaves no stored transcript that fails to verify, and the ended conversation stays ended',
  async (t) => {
    const { d, state, pub } = await faulty(t, 'write:1:ENOSPC:.json.minisig.tmp');
    const a = await browser(d);
    await a.conv.say('What is Pingora?');
    const end = await a.conv.send({ type: 'end' });
    assert.equal(end.at(-1).type, 'ended');
    // told the truth: an error, not a "complete" transcript that is not stored
    assert.equal(end[0].type, 'error', JSON.stringify(end[0]));
    assert.equal(end[0].code, 'storage_failed');
    await waitFor(() => /storing it failed/.test(d.log), 'the failed store');
    a.c.close();
    const problems = (await verifyStored(state, pub)).map((b) => `while running: ${b}`);

    await d.stop();
    const again = await new Daemon(['--state-dir', state]).start();
    t.after(() => again.stop());
    if (/1 resumable/.test(again.log)) problems.push('the conversation the user ended is recovered as resumable');
    const r = await connect(again.wsUrl);
    r.request({ type: 'hello', resume: { conversation: a.welcome.conversation, token: a.welcome.token, last_seq: end.at(-1).seq } });
    const resumed = await r.next((x) => x.type === 'resumed' || x.type === 'error' || x.type === 'welcome');
    r.close();
    if (resumed.type === 'resumed') problems.push('an ended conversation was resumed');
    await again.stop();
    const sig = readdirSync(join(state, 'transcripts')).filter((f) => f.endsWith('.minisig'))
      .map((f) => readFileSync(join(state, 'transcripts', f), 'utf8')).join('');
    if (!/status=complete/.test(sig)) problems.push(`stored status is not complete: ${sig.split('\n')[2]}`);
    assert.deepEqual(problems, []);
  });

// An integration's transcript request is signed on the worker; if another
// connection of the same API key ends the conversation meanwhile, the
// finished snapshot finds no conversation (deliver_done) and is dropped:
// the request never gets a reply with done, only a conversation_moved
// that answers nothing.  A say in flight in the same race is answered.
test('a transcript request in flight when another connection ends the conversation still gets its done',
  async (t) => {
    const SECRET = 'break-secret-0123456789abc';
    const d = await new Daemon(['--api-key', `bridge:${SECRET}`]).start();
    t.after(() => d.stop());
    const integration = async () => {
      const c = await connect(d.wsUrl, { headers: { Authorization: `Bearer ${SECRET}` } });
      await c.turn(c.request({ type: 'hello' }));
      return c;
    };
    const unanswered = [];
    for (let i = 0; i < 6; i++) {
      const name = `irc:x:#c:u${i}`;
      const a = await integration();
      const b = await integration();
      await a.turn(a.request({ type: 'open', conversation: name }));
      await a.turn(a.request({ type: 'say', conversation: name, text: 'What is Pingora?' }));
      a.send({ type: 'transcript', id: 'T', conversation: name });
      b.send({ type: 'end', id: 'E', conversation: name });
      const ended = await b.turn('E');
      assert.equal(ended.at(-1).type, 'ended');
      // a hears that it lost the conversation; T must be answered by then
      await a.next((m) => m.type === 'error' && m.code === 'conversation_moved');
      // a later request on a is answered, so T had every chance to be
      await a.turn(a.request({ type: 'say', conversation: name, text: 'why?' }));
      if (!a.queue.some((m) => m.re === 'T' && m.done)) unanswered.push(i);
      a.close();
      b.close();
    }
    assert.deepEqual(unanswered, [], 'rounds whose transcript request got no reply');
  });

// ---- a state directory with hostile contents -------------------------

// A state directory with one open conversation (two turns) left by a
// SIGKILL; returns its name and token.
async function leftOpen(state) {
  const d = await new Daemon(['--state-dir', state]).start();
  const a = await browser(d);
  await a.conv.say('What is Pingora?');
  const last = await a.conv.say('why?');
  d.kill('SIGKILL');
  await d.exitPromise;
  a.c.terminate();
  return { name: a.welcome.conversation, token: a.welcome.token, lastSeq: last.at(-1).seq };
}

function segments(state) {
  return readdirSync(join(state, 'journal')).map((f) => join(state, 'journal', f));
}

// The journal's conversation id is a file name in the transcripts
// directory: one with "../" made recovery write OUTSIDE the state
// directory (fixed: ids are checked as transcript_id makes them).
test('a journal line whose conversation id climbs out of the state directory writes nothing outside it', async (t) => {
  const work = tempDir('advisord-break-');
  t.after(() => rmSync(work, { recursive: true, force: true, maxRetries: 10 }));
  const state = join(work, 'state');
  const open = await leftOpen(state);
  const seg = segments(state)[0];
  const lines = readFileSync(seg, 'utf8').split('\n').filter(Boolean);
  const id = lines[0].split('\t')[0];
  // the same conversation's lines again, under ../../escaped
  writeFileSync(seg, `${lines.join('\n')}\n${lines.filter((l) => l.startsWith(id)).map((l) => l.replace(id, '../../escaped')).join('\n')}\n`, { flag: 'w' });
  const d = await new Daemon(['--state-dir', state]).start();
  t.after(() => d.stop());
  await waitFor(() => /restored in \d+ ms/.test(d.log), 'the recovery log line');
  // the real conversation is still resumable
  const r = await connect(d.wsUrl);
  r.request({ type: 'hello', resume: { conversation: open.name, token: open.token, last_seq: open.lastSeq } });
  const resumed = await r.next((x) => x.type === 'resumed' || (x.type === 'error' && x.done));
  r.close();
  await d.stop();
  const outside = readdirSync(work).filter((f) => f.startsWith('escaped'));
  assert.deepEqual(outside, [], 'files written outside the state directory');
  assert.match(d.log, /invalid conversation id skipped/);
  assert.equal(resumed.type, 'resumed', JSON.stringify(resumed));
});

// A .part that is a symlink is followed: recovery rewrites the file it
// points to (outside the state directory) with the transcript's records.
test('a .part symlink in the state directory is not followed',
  async (t) => {
    const work = tempDir('advisord-break-');
    t.after(() => rmSync(work, { recursive: true, force: true, maxRetries: 10 }));
    const state = join(work, 'state');
    await leftOpen(state);
    const td = join(state, 'transcripts');
    // the conversation's .part name (the daemon writes none while a
    // conversation runs: recovery rebuilds it from the journal)
    const meta = segments(state).flatMap((f) => readFileSync(f, 'utf8').split('\n'))
      .find((l) => l.split('\t')[1] === 'meta');
    const part = join(td, `${meta.split('\t')[0]}.part`);
    const victim = join(work, 'victim');
    writeFileSync(victim, 'precious\n');
    rmSync(part, { force: true });
    (await import('node:fs')).symlinkSync(victim, part);
    const d = await new Daemon(['--state-dir', state]).start();
    t.after(() => d.stop());
    await waitFor(() => /restored in \d+ ms/.test(d.log), 'the recovery log line');
    await d.stop();
    assert.equal(readFileSync(victim, 'utf8'), 'precious\n', 'the symlink target was overwritten');
    assert.match(d.log, /\.part is a symbolic link; not followed/);
  });

// STATE/transcripts that is not a directory: the daemon says it is ready
// and /healthz is 200, but every conversation is refused with
// storage_failed at its first record.
test('a transcripts path that is not a directory is refused at start, not at every conversation',
  async (t) => {
    const work = tempDir('advisord-break-');
    t.after(() => rmSync(work, { recursive: true, force: true, maxRetries: 10 }));
    const state = join(work, 'state');
    await leftOpen(state);
    rmSync(join(state, 'transcripts'), { recursive: true });
    writeFileSync(join(state, 'transcripts'), 'not a directory\n');
    const d = new Daemon(['--state-dir', state]);
    t.after(() => d.stop());
    const started = await d.start().then(() => true, () => false);
    if (started) {
      const a = await browser(d);
      a.c.close();
      assert.fail(`the daemon started ready: ${JSON.stringify(a.turn)}`);
    }
    assert.match(d.log, /state_dir: \S+\/transcripts is not a directory/);
    // and the configuration check says so too
    const n = await run(ADVISORD, ['--state-dir', state, '-n']);
    assert.notEqual(n.code, 0);
    assert.match(n.stdout + n.stderr, /\/transcripts is not a directory/);
  });

// A second meta line for a conversation (journals of older daemons wrote
// one when they re-journaled a recovered conversation: "the later copy is
// the one to keep") with no records after it: recovery drops the
// conversation without a word, deletes the segment that held its records,
// and leaves its .part behind, never signed.
test('a conversation whose journal holds a stray second meta line is not dropped silently',
  async (t) => {
    const work = tempDir('advisord-break-');
    t.after(() => rmSync(work, { recursive: true, force: true, maxRetries: 10 }));
    const state = join(work, 'state');
    const open = await leftOpen(state);
    const seg = segments(state)[0];
    const first = readFileSync(seg, 'utf8').split('\n')[0];
    writeFileSync(seg, `${first}\n`, { flag: 'a' });
    const d = await new Daemon(['--state-dir', state]).start();
    t.after(() => d.stop());
    await d.stop();
    const said = new RegExp(`${open.name}|recovered`).test(d.log);
    const td = join(state, 'transcripts');
    const stored = readdirSync(td).some((f) => f.includes(open.name) && f.endsWith('.json'));
    const journaled = segments(state).some((f) => readFileSync(f, 'utf8').includes(open.name));
    assert.ok(said, `no log line about the conversation:\n${d.log}`);
    assert.ok(stored || journaled, 'the conversation is in neither a transcript nor the journal any more');
  });

// ---- two daemons, the state budget -----------------------------------

// The lock is a file: once it is removed (a cleaner of stale lock files,
// an operator's rm), a second daemon takes a new one and "recovers" the
// live daemon's open conversation, to sign it interrupted: what the lock
// was for (issue 12).  Locking the directory itself would survive it.
test('a second daemon refuses the state directory even after advisord.lock was removed',
  async (t) => {
    const state = tempDir('advisord-break-');
    t.after(() => rmSync(state, { recursive: true, force: true, maxRetries: 10 }));
    const first = await new Daemon(['--state-dir', state]).start();
    t.after(() => first.stop());
    const a = await browser(first);
    await a.conv.say('What is Pingora?');
    rmSync(join(state, 'advisord.lock'));
    const b = new Daemon(['--state-dir', state]);
    t.after(() => b.stop());
    const started = await b.start({ timeoutMs: 5000 }).then(() => true, () => false);
    a.c.close();
    assert.equal(started, false, `a second daemon started on a live state directory:\n${b.log}`);
  });

// At max_state_bytes every new conversation is refused (storage_full,
// counted in /metrics), but the log said nothing: an operator reading it
// saw a healthy daemon that no one could talk to (fixed: a warning, at
// most once a minute).
test('the log says when the state budget starts refusing new conversations',
  async (t) => {
    const d = await new Daemon(['--max-state-bytes', '1048576', '--max-state-bytes-per-ip', '1048576', '--rate-conversation', '1000',
      '--rate-conversation-burst', '1000']).start();
    t.after(() => d.stop());
    let refused = null;
    for (let n = 0; n < 200 && !refused; n++) {
      const a = await browser(d);
      refused = a.turn.find((m) => m.code === 'storage_full');
      if (!refused) for (let i = 0; i < 8; i++) await a.conv.say(['What is Pingora?', 'why?', 'What is the Rust salary?', 'summary'][i % 4]);
      a.c.close();
    }
    assert.ok(refused, 'the budget was never reached');
    // stderr reaches us on its own pipe: the reply can come first
    await waitFor(() => /at its budget/.test(d.log), 'the budget warning').catch(() => {});
    assert.match(d.log, /state directory .*: \d+ bytes, at its budget \(max_state_bytes 1048576\): new conversations are refused/, 'no log line about the refusals');
    assert.equal(d.log.match(/at its budget/g).length, 1, 'said once');
  });

// The end line is journaled after the transcript is stored for good; when
// the write of its group commit fails (a disk full for a moment), the next
// start finds the conversation open, lists it as resumable, and signs its
// records as "interrupted" OVER the stored "complete" transcript the user
// was sent.  With sync = turn a commit's lines are one write(): the probe
// finds which journal write (commit) held the end line, from the writes
// the interposer logs (PF_LOG_WRITES), and the faulty run fails that one.
test('a failed write of the end line does not turn a stored complete transcript into an interrupted one',
  async (t) => {
    const probe = await faulty(t, null, { PF_LOG_WRITES: '1' });
    const p = await browser(probe.d);
    await p.conv.say('What is Pingora?');
    await p.conv.send({ type: 'end' });
    p.c.close();
    await waitFor(() => segments(probe.state).some((f) => /\tend\t/.test(readFileSync(f, 'utf8'))), 'the end line');
    await probe.d.stop();
    const journal = segments(probe.state).map((f) => readFileSync(f, 'utf8')).join('');
    const at = Buffer.byteLength(journal.slice(0, journal.search(/^[^\t\n]+\tend\t/m)));
    const writes = readFileSync(join(probe.work, 'pf.log'), 'utf8').split('\n')
      .filter((l) => /^write \S*\/journal\/seg-/.test(l)).map((l) => l.split(' ').slice(2).map(Number));
    const k = writes.findIndex(([off, len]) => at >= off && at < off + len) + 1;
    assert.ok(k > 0, `the journal write that held the end line (at ${at}): ${JSON.stringify(writes)}`);
    t.diagnostic(`the end line was in journal write ${k} of ${writes.length}`);

    // k counts the segments' writes only (not the probe write at start, to journal/ready-probe)
    const { d, state, pub } = await faulty(t, `write:${k}:ENOSPC:/journal/seg-`);
    const a = await browser(d);
    await a.conv.say('What is Pingora?');
    const end = await a.conv.send({ type: 'end' });
    assert.equal(end[0].status, 'complete');
    await waitFor(() => /journaling its end/.test(d.log), 'the failed end line');
    a.c.close();
    await d.stop();
    const again = await new Daemon(['--state-dir', state]).start();
    t.after(() => again.stop());
    await again.stop();
    assert.deepEqual(await verifyStored(state, pub), []);
    const td = join(state, 'transcripts');
    const sigs = readdirSync(td).filter((f) => f.endsWith('.minisig')).map((f) => /status=(\w+)/.exec(readFileSync(join(td, f), 'utf8'))[1]);
    assert.deepEqual(sigs, ['complete'], 'the stored transcript of the ended conversation');
    assert.doesNotMatch(again.log, /1 resumable/, 'the ended conversation is listed as resumable');
  });
