// SPDX-License-Identifier: ISC
// Hostile review h29: what was merged in the hour before it, against the
// real daemon: the close reserve (STATE/close-reserve) changed between
// restarts and on a full disk at the first start, the resume budgets
// (rate_resume, rate_replay_bytes) against a client that knows only a
// conversation's id, the UTF-8 check moved from lws into ws.c (fragmented
// and cut-short text), and systemd credentials with hostile files.  Each
// test says what a user or an operator would check.  A finding not fixed
// stays `todo` with the finding as its text; a check that held stays as a
// passing regression test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ADVISOR, ADVISORD, Daemon, assertCleanLog, connect, failConversations, frame, frameJson, fullDiskDaemon, rawWs, run, sleep, tempDir, untilStorageFailed } from './lib.mjs';

async function readyz(d) {
  return (await fetch(`${d.url}/readyz`)).json();
}

// ---- the close reserve changed between restarts --------------------------

// A state directory whose close-reserve is what a careless operator (or a
// restore from backup) left there; the daemon is started on it.
async function startWith(t, prepare, env = {}) {
  const w = tempDir('advisord-h29-rsv-');
  t.after(() => rmSync(w, { recursive: true, force: true }));
  const state = join(w, 'state');
  mkdirSync(state);
  prepare(join(state, 'close-reserve'), w);
  const d = await new Daemon(['--state-dir', state], env).start();
  t.after(() => d.stop());
  return { d, w, state, file: join(state, 'close-reserve') };
}

test('close-reserve a symlink to another file: not followed (the file it points at is untouched), said in the log, the daemon serves', async (t) => {
  let victim;
  const { d } = await startWith(t, (f, w) => {
    victim = join(w, 'victim');
    writeFileSync(victim, 'not the daemon\'s\n');
    symlinkSync(victim, f);
  });
  assert.equal(readFileSync(victim, 'utf8'), 'not the daemon\'s\n');
  assert.match(d.log, /close reserve .*close-reserve: cannot be made.*symbolic links/);
  const rz = await readyz(d);
  assert.equal(rz.status, 'ready');
  // no reserve is claimed: said missing (op49, nu49 #1), with why
  assert.deepEqual([rz.close_reserve?.missing, rz.close_reserve?.bytes], [true, 0], JSON.stringify(rz));
  assert.match(rz.close_reserve.error, /symbolic links/);
  const c = await connect(d.wsUrl);
  const r = await c.turn(c.request({ type: 'hello' }));
  assert.equal(r[0].type, 'welcome');
  c.close();
  assertCleanLog(d);
});

test('close-reserve a directory: said in the log (its reason), the daemon serves without one', async (t) => {
  const { d } = await startWith(t, (f) => mkdirSync(f));
  assert.match(d.log, /close reserve .*close-reserve: cannot be made.*[Ii]s a directory/);
  assert.equal((await readyz(d)).close_reserve?.missing, true);
  assertCleanLog(d);
});

test('close-reserve filled with garbage (or a planted header): its header is refused, the reserve is emptied and used, a second start is quiet', async (t) => {
  const { d, file, state } = await startWith(t, (f) => writeFileSync(f, randomBytes(65536)));
  assert.match(d.log, /close reserve .*: its header is damaged; its marks are ignored/);
  const rz = await readyz(d);
  assert.deepEqual([rz.close_reserve?.bytes, rz.close_reserve?.marks, rz.close_reserve?.live], [65536, 0, 0], JSON.stringify(rz));
  assert.equal(statSync(file).size, 65536);
  await d.stop();
  assertCleanLog(d);
  const d2 = await new Daemon(['--state-dir', state]).start();
  t.after(() => d2.stop());
  assert.doesNotMatch(d2.log, /header is damaged/, 'the header written at the first start is read back');
  assert.equal((await readyz(d2)).close_reserve?.marks, 0);
  assertCleanLog(d2);
});

test('close-reserve cut to nothing (a power failure before its sync): made again at its size', async (t) => {
  const { d, file } = await startWith(t, (f) => writeFileSync(f, ''));
  assert.match(d.log, /close reserve .*: 0 bytes, too short; made again/);
  assert.ok(statSync(file).size >= 1 << 20, String(statSync(file).size));
  assertCleanLog(d);
});

// The smallest reserve the daemon makes is 8 KiB (STORE.md: "at least 8
// KiB"), and one cut short is "recreated"; but only a file under 4160
// bytes was made again: one cut to 6000 bytes (a power failure during a
// fallocate emulated by writes, or an operator's truncate) was used as it
// was, below the documented minimum, for good, with no word (/readyz
// close_reserve.bytes 6000).  h29 F1, fixed: under 8 KiB it is made again.
test('close-reserve cut short to 6000 bytes: made again (it is below the 8 KiB the daemon ever makes)', async (t) => {
  const { d, file } = await startWith(t, (f) => { writeFileSync(f, Buffer.alloc(1 << 20)); truncateSync(f, 6000); });
  const rz = await readyz(d);
  assert.ok(rz.close_reserve.bytes >= 8192, JSON.stringify(rz.close_reserve));
  assert.equal(statSync(file).size, rz.close_reserve.bytes);
  assert.match(d.log, /close reserve .*: 6000 bytes, too short; made again/);
  assertCleanLog(d);
});

// A full disk at the very first start: the reserve cannot be preallocated.
// A real full disk (a tmpfs filled with a file), when this test may mount
// one (root); skipped otherwise.
test('a full disk at the first start: the reserve is not left half-made, the log says why, /readyz claims none', async (t) => {
  const mnt = tempDir('advisord-h29-tmpfs-');
  const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mnt]);
  if (m.status !== 0) {
    rmSync(mnt, { recursive: true, force: true });
    t.skip('cannot mount a tmpfs here');
    return;
  }
  let d = null;
  // one hook: the daemon is stopped before the file system is unmounted
  t.after(async () => {
    if (d && !d.failed) await d.stop();
    spawnSync('umount', [mnt]);
    rmSync(mnt, { recursive: true, force: true });
  });
  const state = join(mnt, 'state');
  mkdirSync(state);
  // room for the journal's first segment and little else: 4 MiB of reserve cannot fit
  d = await new Daemon(['--state-dir', state]).start().catch((e) => ({ failed: String(e) }));
  if (d.failed) {
    // refusing to start on a full disk is fine too, if it says why
    assert.match(d.failed, /No space left|storage|disk/i, d.failed);
    return;
  }
  t.diagnostic('started on the full disk; the reserve could not be made');
  assert.match(d.log, /close reserve .*close-reserve: cannot be made.*No space left/);
  assert.equal(existsSync(join(state, 'close-reserve')), false, 'no half-allocated reserve is left behind');
  const rz = await readyz(d);
  assert.deepEqual([rz.close_reserve?.missing, rz.close_reserve?.bytes], [true, 0], JSON.stringify(rz));
  // and it serves
  const c = await connect(d.wsUrl);
  const r = await c.turn(c.request({ type: 'hello' }));
  assert.equal(r[0].type, 'welcome');
  await c.turn(c.request({ type: 'say', text: 'What is Pingora?' }));
  c.close();
  assertCleanLog(d);
});

// Many conversations failing at once on a full disk fill a small
// reserve; once the disk has room again, every kept transcript is stored,
// the reserve must empty (marks 0, live 0, full false), and the next
// storage failure must be markable again: a reserve that never empties
// would leave every later failure unmarked.
test('a full reserve after many conversations failed at once empties once the disk has room (marks 0, live 0, full false)', async (t) => {
  const { d, w, state, room } = await fullDiskDaemon(t, 'advisord-h29-refill-', { failAt: 300, args: ['--max-conversations-per-ip', '200'], env: { ADVISORD_RESERVE_BYTES: '8192' } });
  assert.equal(await failConversations(d, 30), 30);
  let rz = await readyz(d);
  assert.equal(rz.close_reserve.full, true, JSON.stringify(rz.close_reserve));
  // room again
  writeFileSync(room, '');
  for (let i = 0; i < 600; i++) {
    rz = await readyz(d);
    if (rz.close_reserve.marks === 0 && rz.close_reserve.live === 0) break;
    await sleep(100);
  }
  assert.deepEqual([rz.close_reserve.marks, rz.close_reserve.live, rz.close_reserve.used, rz.close_reserve.full], [0, 0, 0, false], JSON.stringify(rz));
  assert.equal(rz.status, 'ready', JSON.stringify(rz));
  assertCleanLog(d);
});

// An old copy of the reserve put back after its marks were resolved (a
// restore from backup): its header and marks are genuine (the same key),
// so they are read; the conversation they name is ended in the journal and
// its transcript stored, so nothing changes: it stays closed, the same
// transcript, and the reserve is emptied again.
test('an old copy of close-reserve (a genuine mark, since resolved) put back: the conversation stays closed, the same transcript, the reserve empties', async (t) => {
  const { d, w, state, room } = await fullDiskDaemon(t, 'advisord-h29-oldcopy-');
  const a = await connect(d.wsUrl);
  const hello = await a.turn(a.request({ type: 'hello' }));
  const { conversation, token } = hello[0];
  assert.ok(await untilStorageFailed(a, hello));
  const before = (await a.turn(a.request({ type: 'transcript', conversation, token }))).at(-1);
  assert.equal(before.type, 'transcript');
  a.close();
  let rz = await readyz(d);
  assert.equal(rz.close_reserve.live, 1, JSON.stringify(rz));
  const copy = readFileSync(join(state, 'close-reserve'));
  // room: stored, the reserve emptied
  writeFileSync(room, '');
  for (let i = 0; i < 300; i++) {
    rz = await readyz(d);
    if (rz.close_reserve.marks === 0) break;
    await sleep(100);
  }
  assert.equal(rz.close_reserve.marks, 0, JSON.stringify(rz));
  await d.stop();
  assertCleanLog(d);
  // the old copy put back
  writeFileSync(join(state, 'close-reserve'), copy);
  const d2 = await new Daemon(['--state-dir', state]).start();
  t.after(() => d2.stop());
  const c = await connect(d2.wsUrl);
  const r = await c.turn(c.request({ type: 'hello', resume: { conversation, token } }));
  assert.notEqual(r.at(-1).type, 'resumed', JSON.stringify(r.map((m) => m.type)));
  const after = (await c.turn(c.request({ type: 'transcript', conversation, token }))).find((m) => m.type === 'transcript');
  assert.equal(after?.content, before.content, 'the same signed transcript');
  c.close();
  for (let i = 0; i < 200; i++) {
    rz = await readyz(d2);
    if (rz.close_reserve.marks === 0) break;
    await sleep(50);
  }
  assert.deepEqual([rz.close_reserve.marks, rz.close_reserve.live], [0, 0], JSON.stringify(rz));
  assertCleanLog(d2);
});

// ---- resume budgets -------------------------------------------------------

// The resume budgets are the conversation's: one who knows only its id
// (a shoulder-surfed link, a log line) must not be able to spend them and
// lock its owner out.  Wrong tokens are refused before the budget is
// taken.
test('someone who knows only the conversation id cannot spend its resume budget: its owner still resumes', async (t) => {
  const d = await new Daemon(['--rate-resume', '1', '--rate-resume-burst', '2']).start();
  t.after(() => d.stop());
  const a = await connect(d.wsUrl);
  const hello = await a.turn(a.request({ type: 'hello' }));
  const { conversation, token } = hello[0];
  await a.turn(a.request({ type: 'say', text: 'What is Pingora?' }));
  a.terminate();
  const wrong = `${token.slice(0, -4)}AAAA` === token ? `${token.slice(0, -4)}BBBB` : `${token.slice(0, -4)}AAAA`;
  for (let i = 0; i < 20; i++) {
    const x = await connect(d.wsUrl);
    const r = await x.turn(x.request({ type: 'hello', resume: { conversation, token: wrong, last_seq: 0 } }));
    assert.ok(r.some((m) => m.code === 'bad_token'), JSON.stringify(r).slice(0, 300));
    const r2 = await x.turn(x.request({ type: 'resume', conversation, token: wrong, last_seq: 0 }));
    assert.ok(r2.some((m) => m.code === 'bad_token' || m.code === 'rate_limited' && m.limit !== 'rate_resume' && m.limit !== 'rate_replay_bytes'), JSON.stringify(r2).slice(0, 300));
    x.terminate();
  }
  const b = await connect(d.wsUrl);
  const r = await b.turn(b.request({ type: 'hello', resume: { conversation, token, last_seq: 0 } }));
  assert.equal(r.at(-1).type, 'resumed', JSON.stringify(r.map((m) => [m.type, m.code])));
  b.close();
  assertCleanLog(d);
});

test('welcome.limits.conversation names the resume budgets as configured (PROTOCOL.md limits table)', async (t) => {
  const d = await new Daemon(['--rate-resume', '3', '--rate-resume-burst', '7', '--rate-replay-bytes', '200000', '--rate-replay-bytes-burst', '600000']).start();
  t.after(() => d.stop());
  const c = await connect(d.wsUrl);
  const w = (await c.turn(c.request({ type: 'hello' })))[0];
  const l = w.limits?.conversation ?? {};
  assert.deepEqual([l.resume_rate_per_second, l.resume_rate_burst, l.replay_bytes_per_second, l.replay_bytes_burst], [3, 7, 200000, 600000], JSON.stringify(w.limits));
  c.close();
  // a burst below one full replay is refused, naming it (PROTOCOL: burst >= 524288)
  const r = await run(ADVISORD, ['-n', '--rate-replay-bytes', '2048', '--rate-replay-bytes-burst', '4096', '--state-dir', join(d.stateDir, 'x')]);
  assert.notEqual(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stderr, /'rate_replay_bytes_burst': 4096 out of range 524288\.\./);
  assertCleanLog(d);
});

// A rate_limited resume leaves the connection able to resume after the
// wait, and refuses by naming the bound (PROTOCOL 10.2).
// hello+resume and the resume message take from the same budget.
test('resumes beyond rate_resume_burst (hello+resume, then the resume message) are refused rate_limited naming rate_resume, with retry_after_ms; the owner resumes after it', async (t) => {
  const d = await new Daemon(['--rate-resume', '1', '--rate-resume-burst', '2']).start();
  t.after(() => d.stop());
  const a = await connect(d.wsUrl);
  const { conversation, token } = (await a.turn(a.request({ type: 'hello' })))[0];
  await a.turn(a.request({ type: 'say', text: 'What is Pingora?' }));
  a.terminate();
  const got = [];
  for (let i = 0; i < 2; i++) {
    const x = await connect(d.wsUrl);
    got.push((await x.turn(x.request({ type: 'hello', resume: { conversation, token, last_seq: 0 } }))).at(-1));
    x.terminate();
  }
  const y = await connect(d.wsUrl);
  await y.turn(y.request({ type: 'hello' }));
  got.push((await y.turn(y.request({ type: 'resume', conversation, token, last_seq: 0 }))).at(-1));
  got.push((await y.turn(y.request({ type: 'resume', conversation, token, last_seq: 0 }))).at(-1));
  y.terminate();
  const refused = got.filter((m) => m.code === 'rate_limited');
  assert.ok(refused.length >= 1, JSON.stringify(got.map((m) => `${m.type}:${m.code ?? ''}`)));
  for (const m of refused) {
    assert.equal(m.limit, 'rate_resume');
    assert.ok(m.retry_after_ms > 0 && m.retry_after_ms <= 1000, JSON.stringify(m));
    assert.equal(m.conversation, conversation);
  }
  // counted as PROTOCOL.md's /metrics says
  const metrics = await (await fetch(`${d.url}/metrics`)).text();
  assert.match(metrics, new RegExp(`^advisord_messages_dropped_total\\{limit="rate_resume"\\} ${refused.length}$`, 'm'));
  await sleep(Math.max(...refused.map((m) => m.retry_after_ms)) + 50);
  const b = await connect(d.wsUrl);
  const r = await b.turn(b.request({ type: 'hello', resume: { conversation, token, last_seq: 0 } }));
  assert.equal(r.at(-1).type, 'resumed', JSON.stringify(r.at(-1)));
  b.close();
  assertCleanLog(d);
});

// The resume budgets were per conversation only (h29 F3).  One address
// holds up to max_conversations_per_ip (100) of them, each with its own
// burst: made once (a few turns each), they are resumed from seq 0 round
// robin, and the address got the budget times the conversations.
// Measured before (5 s, default budgets, 4 connections of one address,
// conversations of 6 turns): 1 conversation 14 resumes, 84 KB/s; 40
// conversations 560 resumes, 1.99 MB/s for 481 KB sent.  Now the address
// has its own budget, rate_replay_bytes_per_ip: here, deterministic, 40
// conversations resumed once each at once get no more than the address's
// burst (set to one conversation's, 524288), the rest refused
// rate_limited naming rate_replay_bytes_per_ip, and /metrics counts them.
test('resumes of many conversations from one address are held to a budget of the address, not one per conversation', async (t) => {
  const d = await new Daemon(['--rate-conversation', '1000', '--rate-conversation-burst', '1000',
    '--rate-replay-bytes', '1024', '--rate-replay-bytes-burst', '524288',
    '--rate-replay-bytes-per-ip', '1024', '--rate-replay-bytes-per-ip-burst', '524288']).start();
  t.after(() => d.stop());
  const convs = [];
  for (let i = 0; i < 40; i++) {
    const a = await connect(d.wsUrl);
    const { conversation, token } = (await a.turn(a.request({ type: 'hello' })))[0];
    for (const text of ['What is Pingora?', '1', 'why?', '2', 'What is the Rust salary?', 'why?']) await a.turn(a.request({ type: 'say', text }));
    a.terminate();
    convs.push({ conversation, token });
  }
  const x = await connect(d.wsUrl);
  const w = (await x.turn(x.request({ type: 'hello' })))[0];
  // the client is told the address's budget (welcome.limits.address)
  assert.equal(w.limits.address.replay_bytes_per_second, 1024);
  assert.equal(w.limits.address.replay_bytes_burst, 524288);
  let replayed = 0;
  let refused = 0;
  // the bytes of replayed messages as first sent (PROTOCOL.md: each
  // carries replay: true, otherwise exactly as first sent)
  x.ws.on('message', (m) => { if (JSON.parse(m).replay === true) replayed += m.length - ',"replay":true'.length; });
  const t0 = Date.now();
  for (const { conversation, token } of convs) {
    const r = await x.turn(x.request({ type: 'resume', conversation, token, last_seq: 0 }));
    const last = r.at(-1);
    if (last.code === 'rate_limited') {
      refused++;
      assert.equal(last.limit, 'rate_replay_bytes_per_ip', JSON.stringify(last));
      assert.equal(last.conversation, conversation);
      assert.ok(Number.isInteger(last.retry_after_ms) && last.retry_after_ms > 0, JSON.stringify(last));
    }
  }
  // the budget refills at 1024 bytes/s meanwhile
  const budget = 524288 + Math.ceil((Date.now() - t0) / 1000 + 1) * 1024;
  x.close();
  t.diagnostic(`replayed ${replayed} bytes, ${refused} refused, budget ${budget}`);
  assert.ok(replayed <= budget, `one address got ${replayed} bytes of replay (${40 - refused} of 40 resumes), more than the address's burst and refill (${budget})`);
  assert.ok(refused > 0 && refused < 40, `${refused} of 40 resumes refused`);
  const m = await (await fetch(`${d.url}/metrics`)).text();
  assert.match(m, new RegExp(`^advisord_messages_dropped_total\\{limit="rate_replay_bytes_per_ip"\\} ${refused}$`, 'm'));
});

// ---- UTF-8 checked by ws.c ------------------------------------------------


// A text message split in fragments: payload bytes, each fragment's length.
function fragments(payload, sizes) {
  const out = [];
  let off = 0;
  sizes.forEach((n, i) => {
    const last = i === sizes.length - 1;
    out.push(frame(payload.subarray(off, last ? payload.length : off + n), { opcode: i === 0 ? 1 : 0, fin: last }));
    off += n;
  });
  return Buffer.concat(out);
}

test('UTF-8: a character split across fragments (and a ping between them) is read as one message and answered', async (t) => {
  const d = await new Daemon().start();
  t.after(() => d.stop());
  const w = await rawWs(d.port);
  w.s.write(frame(JSON.stringify({ type: 'hello', id: 'h29-h' })));
  assert.ok(await w.until((f) => f.opcode === 1 && frameJson(f)?.re === 'h29-h' && frameJson(f)?.done));
  const msg = Buffer.from(JSON.stringify({ type: 'say', id: 'h29-s', text: 'What is Pingora? \u{1F980} \u00e9' }));
  const at = msg.indexOf(Buffer.from('\u{1F980}'));
  // cut inside the 4-byte crab and inside the é
  const sizes = [at + 1, 2, 3, 1];
  const parts = fragments(msg, sizes);
  w.s.write(Buffer.concat([parts.subarray(0, 6 + at + 1), frame(Buffer.from([0xff, 0xfe]), { opcode: 9 }), parts.subarray(6 + at + 1)]));
  assert.ok(await w.until((f) => f.opcode === 1 && frameJson(f)?.re === 'h29-s' && frameJson(f)?.done), w.frames().map((f) => f.opcode).join());
  const answer = w.frames().filter((f) => f.opcode === 1 && frameJson(f)?.re === 'h29-s');
  assert.ok(!answer.some((f) => frameJson(f)?.type === 'error'), JSON.stringify(answer.map(frameJson)).slice(0, 300));
  assert.ok(w.frames().some((f) => f.opcode === 10 && f.payload.equals(Buffer.from([0xff, 0xfe]))), 'the ping is answered with its payload');
  assert.equal(w.closeCode(), null);
  w.s.destroy();
  assertCleanLog(d);
});

// RFC 6455 8.1 with RFC 3629: surrogates, overlongs, code points past
// U+10FFFF, and a message that ends inside a character are not UTF-8.
test('UTF-8: not UTF-8 (cut-short at the message end, across fragments, surrogates, overlongs, > U+10FFFF) is closed 1007, nothing answered', async (t) => {
  const d = await new Daemon().start();
  t.after(() => d.stop());
  const pre = Buffer.from('{"type":"say","text":"ab');
  const cases = {
    'ends inside a 3-byte character': [Buffer.concat([Buffer.from('{"type":"hello","id":"x"}'), Buffer.from([0xe2, 0x82])]), null],
    'ends inside a character, in fragments': [Buffer.concat([Buffer.from('{"type":"hello","id":"x"}'), Buffer.from([0xf0, 0x9f, 0xa6])]), [10, 10, 5, 1]],
    'a surrogate (ED A0 80)': [Buffer.concat([pre, Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]), null],
    'an overlong slash (C0 AF)': [Buffer.concat([pre, Buffer.from([0xc0, 0xaf]), Buffer.from('"}')]), null],
    'an overlong 3-byte (E0 80 AF)': [Buffer.concat([pre, Buffer.from([0xe0, 0x80, 0xaf]), Buffer.from('"}')]), [24, 1, 1]],
    'past U+10FFFF (F4 90 80 80)': [Buffer.concat([pre, Buffer.from([0xf4, 0x90, 0x80, 0x80]), Buffer.from('"}')]), null],
    'a lone continuation byte': [Buffer.concat([pre, Buffer.from([0x80]), Buffer.from('"}')]), null],
  };
  for (const [name, [payload, sizes]] of Object.entries(cases)) {
    const w = await rawWs(d.port);
    w.s.write(sizes ? fragments(payload, sizes) : frame(payload));
    assert.ok(await w.until((f) => f.opcode === 8), `${name}: no close frame`);
    assert.equal(w.closeCode(), 1007, `${name}: closed ${w.closeCode()}`);
    assert.ok(!w.frames().some((f) => f.opcode === 1), `${name}: a text frame was sent`);
    w.s.destroy();
  }
  assertCleanLog(d);
});

// The daemon now buffers a fragmented text message itself before its
// UTF-8 check: one larger than max_message_bytes, a bad byte in its first
// fragment, must be refused at the bound (1009), never buffered whole.
test('UTF-8: a fragmented message over max_message_bytes with a bad byte in its first fragment is closed at the bound, not buffered whole', async (t) => {
  const d = await new Daemon(['--max-message-bytes', '16384']).start();
  t.after(() => d.stop());
  const w = await rawWs(d.port);
  w.s.write(frame(Buffer.concat([Buffer.from('{"type":"say","text":"'), Buffer.from([0xff]), Buffer.alloc(4000, 0x61)]), { opcode: 1, fin: false }));
  let sent = 4000;
  // keep sending 4 KiB continuations until the daemon closes: it must
  // close before 1 MiB (64 times the bound) has gone
  while (!w.closed && w.closeCode() === null && sent < (1 << 20)) {
    w.s.write(frame(Buffer.alloc(4096, 0x61), { opcode: 0, fin: false }));
    sent += 4096;
    await sleep(1);
  }
  await w.until((f) => f.opcode === 8, 5000);
  assert.ok([1007, 1009].includes(w.closeCode()), `closed ${w.closeCode()} after ${sent} bytes`);
  assert.ok(sent < (1 << 20), `still reading after ${sent} bytes`);
  w.s.destroy();
  const m = await (await fetch(`${d.url}/metrics`)).text();
  assert.match(m, /^process_resident_memory_bytes /m);
  assertCleanLog(d);
});

test('a close reason that ends inside a character is closed 1007; a valid one is echoed 1000-style (no data after the close frame)', async (t) => {
  const d = await new Daemon().start();
  t.after(() => d.stop());
  const w = await rawWs(d.port);
  w.s.write(frame(Buffer.concat([Buffer.from([0x03, 0xe8]), Buffer.from('bye '), Buffer.from([0xe2, 0x82])]), { opcode: 8 }));
  assert.ok(await w.until((f) => f.opcode === 8));
  assert.equal(w.closeCode(), 1007);
  w.s.destroy();
  const v = await rawWs(d.port);
  v.s.write(frame(JSON.stringify({ type: 'hello', id: 'h29-h' })));
  v.s.write(frame(Buffer.concat([Buffer.from([0x03, 0xe8]), Buffer.from('bye \u00e9')]), { opcode: 8 }));
  assert.ok(await v.until((f) => f.opcode === 8));
  assert.equal(v.closeCode(), 1000);
  const fr = v.frames();
  const ci = fr.findIndex((f) => f.opcode === 8);
  assert.ok(!fr.slice(ci + 1).some((f) => f.opcode === 1), 'no data frame after the close frame');
  v.s.destroy();
  assertCleanLog(d);
});

// ---- systemd credentials with hostile files ------------------------------

async function checkWith(t, prepare) {
  const creds = tempDir('advisord-h29-creds-');
  const state = tempDir('advisord-h29-state-');
  t.after(() => { rmSync(creds, { recursive: true, force: true }); rmSync(state, { recursive: true, force: true }); });
  prepare(creds);
  const r = await run('timeout', ['20', ADVISORD, '-n', '--listen', '127.0.0.1:0', '--state-dir', state],
    { env: { ...process.env, CREDENTIALS_DIRECTORY: creds } });
  return { code: r.code, out: r.stdout + r.stderr, creds };
}

test('credentials: signing.key a directory is an error naming it', async (t) => {
  const r = await checkWith(t, (c) => mkdirSync(join(c, 'signing.key')));
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, new RegExp(`${join(r.creds, 'signing.key')}.*(directory|not a regular file)`));
});

test('credentials: signing.key a symlink to /dev/zero is refused naming it, not read forever', async (t) => {
  const r = await checkWith(t, (c) => symlinkSync('/dev/zero', join(c, 'signing.key')));
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /signing.key.*not a regular file/);
});

test('credentials: a symlink to a good key is used; an empty directory and a 0-byte key are "none" (the configuration stands)', async (t) => {
  const good = await checkWith(t, (c) => {
    const kd = join(c, 'gen');
    assert.equal(spawnSync(ADVISOR, ['keygen', '-o', kd]).status, 0);
    symlinkSync(join(kd, 'advisord.key'), join(c, 'signing.key'));
  });
  assert.equal(good.code, 0, good.out);
  const empty = await checkWith(t, () => {});
  assert.equal(empty.code, 0, empty.out);
  const zero = await checkWith(t, (c) => writeFileSync(join(c, 'signing.key'), ''));
  assert.equal(zero.code, 0, zero.out);
  assert.doesNotMatch(zero.out, /signing.key/);
});

// A credential that cannot be looked at (a dangling symlink, a source file
// systemd could not copy) was taken as "none": the daemon started with a
// key of its own making and -n said the configuration was fine, though
// the operator named a key.  A blank file is the unit's way of saying
// none; a dangling link is not.  h29 F2, fixed: passed on, its reading
// says why.
test('credentials: a dangling signing.key symlink is an error naming it, not silently "no credential"', async (t) => {
  const r = await checkWith(t, (c) => symlinkSync(join(c, 'nowhere'), join(c, 'signing.key')));
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, new RegExp(`cannot read ${join(r.creds, 'signing.key')}: No such file or directory`));
});
