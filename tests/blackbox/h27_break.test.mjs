// SPDX-License-Identifier: ISC
// Hostile review h27: a careless operator and a hostile client against the
// real daemon: the journal on a full disk, configuration files with
// hostile content (advisord -n), files of the state directory changed
// between restarts, and refusals that must name their bound.  Each test
// says what a user or an operator would check.  H27_FINDINGS.md says what
// each one found.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, closeSync, openSync, readdirSync, rmSync, writeFileSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';
import { ADVISORD, Daemon, assertCleanLog, connect, fullDiskDaemon, run, sleep, tempDir, untilStorageFailed } from './lib.mjs';
import { post } from './webhooklib.mjs';

// `advisord -n -c FILE` with FILE holding text: { code, out }.
async function check(t, text, extra = []) {
  const w = tempDir('advisord-h27-conf-');
  t.after(() => rmSync(w, { recursive: true, force: true }));
  const file = join(w, 'advisord.conf');
  writeFileSync(file, text);
  const r = await run(ADVISORD, ['-n', '-c', file, '--state-dir', join(w, 'state'), ...extra]);
  return { code: r.code, out: r.stdout + r.stderr, file };
}

// ---- the journal on a full disk ------------------------------------------

// Every write fails with ENOSPC (a full disk), but files can still be
// created (a full disk has inodes left).  Each browser hello is refused
// storage_failed, as documented; what it must not do is leave a new file
// in the state directory each time: an anonymous client that reconnects
// in a loop would fill the journal directory (and its inodes) for as long
// as the disk stays full, and the next start reads every one.
test('a full disk: browsers refused storage_failed in a loop do not leave a new journal segment each', async (t) => {
  const { d, w, state } = await fullDiskDaemon(t, 'advisord-h27-full-', { failAt: 3, untilRoom: false });
  const segs = () => readdirSync(join(state, 'journal')).filter((f) => f.startsWith('seg-')).length;
  const before = segs();
  let refused = 0;
  for (let i = 0; i < 40; i++) {
    const c = await connect(d.wsUrl);
    const turn = await c.turn(c.request({ type: 'hello' }));
    if (turn.some((m) => m.type === 'error' && m.code === 'storage_failed')) refused++;
    c.terminate();
  }
  assert.equal(refused, 40, 'every hello on the full disk is refused storage_failed');
  const r = await fetch(`${d.url}/readyz`);
  assert.equal(r.status, 503);
  const after = segs();
  assert.ok(after - before <= 8,
    `40 refused hellos on a full disk left ${after - before} new journal segments (${before} before, ${after} after)`);
  assertCleanLog(d);
});

// A user's conversation closed with storage_failed on a full disk; the user
// fetched its final transcript (interrupted, kept signed in memory, PROTOCOL
// 11.6).  The daemon is stopped before the disk has room (an operator's
// restart to "fix" the disk), then started with room.  11.6: "a restart
// returns the same one"; 8: the conversation is closed.  It must not come
// back to life: resumable, with a second, different signed transcript.
test('storage_failed on a full disk, then a restart before the disk had room: the conversation stays closed and its final transcript is the same', async (t) => {
  const { d, w, state, room } = await fullDiskDaemon(t, 'advisord-h27-fullstop-');
  const a = await connect(d.wsUrl);
  const hello = await a.turn(a.request({ type: 'hello' }));
  const { conversation, token } = hello[0];
  assert.ok(await untilStorageFailed(a, hello), 'a turn was refused with storage_failed');
  const full = await a.turn(a.request({ type: 'transcript', conversation, token }));
  assert.equal(full.at(-1).type, 'transcript', JSON.stringify(full.at(-1)).slice(0, 300));
  assert.equal(full.at(-1).status, 'interrupted');
  a.close();
  await d.stop({ timeoutMs: 5000 });
  writeFileSync(room, '');

  const d2 = await new Daemon(['--state-dir', state]).start();
  t.after(() => d2.stop());
  const c = await connect(d2.wsUrl);
  const r = await c.turn(c.request({ type: 'hello', resume: { conversation, token } }));
  assert.notEqual(r.at(-1).type, 'resumed', `a conversation told storage_failed ("closed") was resumed after the restart: ${JSON.stringify(r.map((m) => m.type))}`);
  const after = await c.turn(c.request({ type: 'transcript', conversation, token }));
  const tr = after.find((m) => m.type === 'transcript');
  assert.equal(tr?.status, 'interrupted', JSON.stringify(after).slice(0, 300));
  assert.equal(tr.content, full.at(-1).content, 'after the restart: the same signed records');
  c.close();
  assertCleanLog(d2);
});

// ---- refusals name their bound -----------------------------------------------

// welcome.limits.message.max_json_depth is 2048; a message nested deeper
// is bad_json.  The error must say which bound it passed, as every other
// refusal does (README: "every refusal names its limit").
test('a message nested deeper than max_json_depth: bad_json naming the bound (2048)', async (t) => {
  const d = await new Daemon([]).start();
  t.after(() => d.stop());
  const c = await connect(d.wsUrl);
  const hello = await c.turn(c.request({ type: 'hello' }));
  const depth = hello[0].limits.message.max_json_depth;
  assert.equal(depth, 2048);
  // the message object is one level: depth levels of arrays inside it pass
  c.send(`{"type":"say","id":"deep","text":"x","meta":${'['.repeat(depth)}${']'.repeat(depth)}}`);
  const e = await c.next((m) => m.type === 'error');
  assert.equal(e.code, 'bad_json');
  assert.match(e.message, /2048/, `the refusal does not name its bound: ${e.message}`);
  // one level less decodes (and is refused for what meta is)
  c.send(`{"type":"say","id":"ok","text":"x","meta":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`);
  const ok = await c.next((m) => m.re === 'ok');
  assert.equal(ok.code, 'invalid_field');
  c.close();
  assertCleanLog(d);
});

// A resume replays what is kept (up to replay_messages, 512 KiB) for a
// message of a hundred bytes.  It was counted only by the connection's
// rate (50/s): one browser resuming its own conversation in a loop took
// 11 MB/s of output and raised a bystander's median turn from 1 ms to
// 60 ms (measured outside this test: no timed assertions here).  A burst
// of resumes of one conversation must meet a rate (not rate_conversation
// as such: a client that sent its burst of turns and reconnects must not
// be refused its resume; schema.test.mjs does that), refused naming it.
test('a burst of resumes of one conversation is held to a rate: refused rate_limited naming its limit, not each answered with the whole replay', {
}, async (t) => {
  const d = await new Daemon([]).start();
  t.after(() => d.stop());
  const c = await connect(d.wsUrl);
  const hello = await c.turn(c.request({ type: 'hello' }));
  const { conversation, token } = hello[0];
  const burst = hello[0].limits.conversation.rate_burst;
  await c.turn(c.request({ type: 'say', text: 'What is Pingora?' }));
  const ids = [];
  for (let i = 0; i < burst + 20; i++) ids.push(c.request({ type: 'resume', conversation, token, last_seq: 0 }));
  let replays = 0;
  let limited = 0;
  for (const id of ids) {
    const turn = await c.turn(id);
    const last = turn.at(-1);
    if (last.type === 'resumed') replays++;
    else if (last.code === 'rate_limited') {
      limited++;
      assert.equal(typeof last.limit, 'string', JSON.stringify(last));
      assert.equal(last.conversation, conversation);
    } else assert.fail(`unexpected answer to a resume: ${JSON.stringify(last).slice(0, 300)}`);
  }
  assert.ok(replays <= burst + 1, `${replays} of ${ids.length} resumes sent at once were each answered with the replay (rate_burst ${burst})`);
  assert.ok(limited >= 19, `${limited} refused`);
  // the conversation goes on
  const t2 = await c.turn(c.request({ type: 'say', text: '2' }));
  assert.ok(t2.length > 0);
  c.close();
  assertCleanLog(d);
});

// The bytes side of the same bound: resumes from the start of a long
// conversation take their replay from rate_replay_bytes (here the least
// burst, one full replay of 512 KiB, and 1 KiB/s), so a client resuming
// from 0 in a loop gets about a burst's worth and is then refused naming
// rate_replay_bytes, while a resume from what it has seen (its last_seq)
// replays nothing and still gets in.  welcome.limits says both.
test('resumes from 0 of a long conversation are held to rate_replay_bytes; a resume from last_seq still gets in', async (t) => {
  const burst = 524288;
  const d = await new Daemon(['--rate-replay-bytes', '1024', '--rate-replay-bytes-burst', String(burst),
    '--rate-resume-burst', '1000', '--rate-conversation-burst', '1000']).start();
  t.after(() => d.stop());
  const c = await connect(d.wsUrl);
  const hello = await c.turn(c.request({ type: 'hello' }));
  const { conversation, token, limits } = hello[0];
  assert.equal(limits.conversation.replay_bytes_per_second, 1024);
  assert.equal(limits.conversation.replay_bytes_burst, burst);
  assert.equal(limits.conversation.resume_rate_burst, 1000);
  assert.equal(limits.conversation.resume_rate_per_second, 1);
  for (const q of ['What is Pingora?', 'Why Go for services?', 'What about memory safety?', 'How do builds compare?'])
    await c.turn(c.request({ type: 'say', text: q }));
  let size = 0;
  let replays = 0;
  let refused = null;
  let latest = 0;
  for (let i = 0; i < 400 && refused === null; i++) {
    c.queue.length = 0;
    const turn = await c.turn(c.request({ type: 'resume', conversation, token, last_seq: 0 }));
    const last = turn.at(-1);
    if (last.type === 'resumed') {
      replays++;
      latest = last.last_seq;
      // the replayed messages answer the requests they answered first
      size = c.queue.reduce((n, m) => n + Buffer.byteLength(JSON.stringify(m)), 0);
    } else refused = last;
  }
  assert.ok(size > 8192, `a replay of ${size} bytes is too short to tell`);
  t.diagnostic(`${replays} resumes from 0 replayed (${size} bytes each) before rate_replay_bytes`);
  assert.notEqual(refused, null, `${replays} resumes from 0 (${size} bytes each) were all replayed`);
  assert.equal(refused.code, 'rate_limited', JSON.stringify(refused));
  assert.equal(refused.limit, 'rate_replay_bytes', JSON.stringify(refused));
  assert.equal(refused.conversation, conversation);
  assert.ok(refused.retry_after_ms > 0, JSON.stringify(refused));
  // about a burst's worth was replayed (JSON.stringify may count a little
  // less than the wire; the refill is 1 KiB/s): not each resume
  assert.ok(replays * size <= 1.25 * burst + 2 * size, `${replays} replays of ${size} bytes for a burst of ${burst}`);
  // a resume from what the client has seen replays nothing: it gets in
  const r = await c.turn(c.request({ type: 'resume', conversation, token, last_seq: latest }));
  assert.equal(r.at(-1).type, 'resumed', JSON.stringify(r.at(-1)));
  const t2 = await c.turn(c.request({ type: 'say', text: 'and Rust?' }));
  assert.ok(t2.length > 0);
  c.close();
  assertCleanLog(d);
});

// A Mattermost slash command whose text is not UTF-8 once percent-decoded
// (%FF%FE): the turn had no message (jansson refuses the string) and the
// user was answered 200 "(no answer)", or, in a new conversation, the
// opening with the text dropped silently.  It must be refused naming text.
test('Mattermost: a text that is not UTF-8 is refused 400 naming text, not answered "(no answer)"', async (t) => {
  const token = 'h27-mm-token-0123456789';
  const d = await new Daemon(['--mattermost-token', token]).start();
  t.after(() => d.stop());
  const form = (text, user) => `token=${token}&team_id=t&channel_id=c&user_id=${user}&text=${text}`;
  const hdr = { 'Content-Type': 'application/x-www-form-urlencoded' };
  const first = await post(d.url, '/webhooks/mattermost', form('hi', 'u1'), hdr);
  assert.equal(first.status, 200, first.text);
  for (const user of ['u1', 'u2']) {
    const r = await post(d.url, '/webhooks/mattermost', form('%FF%FE', user), hdr);
    assert.equal(r.status, 400, `${user}: ${r.status} ${r.text}`);
    assert.match(r.text, /'text'.*UTF-8/, r.text);
  }
  const again = await post(d.url, '/webhooks/mattermost', form('What%20is%20Pingora%3F', 'u1'), hdr);
  assert.equal(again.status, 200, again.text);
  assert.match(again.json.text, /Pingora/, again.text);
  assertCleanLog(d);
});

// ---- configuration files with hostile content -----------------------------

test('configuration: a NUL byte in a line is named as such, not as "line too long"; a long line names the bound', async (t) => {
  const nul = await check(t, 'log_level = info\0garbage\nmax_message_bytes = 65536\n');
  assert.notEqual(nul.code, 0);
  assert.match(nul.out, /:1: .*NUL/, nul.out);
  assert.doesNotMatch(nul.out, /too long/, nul.out);
  const long = await check(t, `# ${'x'.repeat(10000)}\nmax_message_bytes = 65536\n`);
  assert.notEqual(long.code, 0);
  assert.match(long.out, /:1: line longer than \d+ bytes/, long.out);
  // a NUL at the end of the file, with no line break after it, cut the
  // value silently ("configuration OK")
  const tail = await check(t, 'log_level = debug\nlog_level = info\0');
  assert.match(tail.out, /:2: .*NUL/, tail.out);
});

// Two API keys with one secret: a connection with that secret is always
// the second name, so the first can never be used (its conversations,
// owned by it, cannot be reached), and the per-key name spaces of
// PROTOCOL.md 3.3 mean nothing between them.  -n must refuse it.
test('configuration: two api_keys with the same secret are refused, naming both keys and not the secret', async (t) => {
  const secret = 'h27-shared-secret-0123456789';
  const r = await check(t, `api_key = alpha:${secret}\napi_key = beta:${secret}\n`);
  assert.notEqual(r.code, 0, r.out);
  assert.match(r.out, /:2: .*'beta'.*'alpha'|:2: .*'alpha'.*'beta'/, r.out);
  assert.ok(!r.out.includes(secret), `the error prints the secret: ${r.out}`);
});

// A certificate and a key that do not belong together: the key is a good
// PEM private key.  The error must say they do not match, not send the
// operator looking for a passphrase.
test('configuration: a TLS key of another certificate is named as not matching it, not as "not a PEM private key"', async (t) => {
  const w = tempDir('advisord-h27-tls-');
  t.after(() => rmSync(w, { recursive: true, force: true }));
  for (const n of ['a', 'b']) {
    const g = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(w, `${n}.key`),
      '-out', join(w, `${n}.crt`), '-days', '1', '-subj', `/CN=${n}`], { stdio: 'ignore' });
    assert.equal(g.status, 0, 'openssl req');
  }
  const good = await check(t, '', ['--tls-cert', join(w, 'a.crt'), '--tls-key', join(w, 'a.key')]);
  assert.equal(good.code, 0, good.out);
  const r = await check(t, '', ['--tls-cert', join(w, 'a.crt'), '--tls-key', join(w, 'b.key')]);
  assert.notEqual(r.code, 0);
  assert.match(r.out, /does not match the certificate/, r.out);
  assert.doesNotMatch(r.out, /not a PEM private key/, r.out);
});

// metrics_listen set to the listen address (a copy-paste): -n said
// "configuration OK", the daemon logged "metrics on ADDR (http: /metrics,
// /healthz)", and every scrape of /metrics there was 404.  A Prometheus
// that sees 404 alerts on a target down, not on this; -n must refuse it.
test('configuration: metrics_listen on the listen address is refused, naming both (its /metrics was 404 while the log said it was served)', async (t) => {
  const probe = await new Daemon([]).start();
  const port = probe.port;	// a free port: this daemon's, released below
  await probe.stop();
  const r = await check(t, '', ['--listen', `127.0.0.1:${port}`, '--metrics-listen', `127.0.0.1:${port}`]);
  assert.notEqual(r.code, 0, r.out);
  assert.match(r.out, new RegExp(`metrics_listen.*127\\.0\\.0\\.1:${port}.*listen 127\\.0\\.0\\.1:${port}`), r.out);
  const wild = await check(t, '', ['--listen', `0.0.0.0:${port}`, '--metrics-listen', `127.0.0.1:${port}`]);
  assert.notEqual(wild.code, 0, wild.out);
  const ok = await check(t, '', ['--listen', '127.0.0.1:0', '--metrics-listen', '127.0.0.1:0']);
  assert.equal(ok.code, 0, ok.out);
});

// ---- the state directory changed between restarts ---------------------------

// A state directory anyone may write (chmod 777, a shared scratch disk):
// every local user could plant journal lines that the next start signs
// with the daemon's key as an interrupted transcript, or replace the key.
// The key file is refused when others can read it; the directory that
// holds it and the journal was accepted silently, at -n and at start.
test('a state directory (or its journal) writable by others is refused by -n and at start, naming the mode', async (t) => {
  const state = tempDir('advisord-h27-ww-');
  t.after(() => rmSync(state, { recursive: true, force: true }));
  const d = await new Daemon(['--state-dir', state]).start();
  assert.equal((await d.stop()).code, 0);
  chmodSync(state, 0o777);
  let r = await run(ADVISORD, ['-n', '--state-dir', state]);
  assert.notEqual(r.code, 0, r.stderr);
  assert.match(r.stderr, /writable by others \(mode 0777\)/, r.stderr);
  chmodSync(state, 0o700);
  chmodSync(join(state, 'journal'), 0o777);
  r = await run(ADVISORD, ['-n', '--state-dir', state]);
  assert.notEqual(r.code, 0, r.stderr);
  assert.match(r.stderr, /journal is writable by others/, r.stderr);
  const start = await run(ADVISORD, ['--state-dir', state, '--listen', '127.0.0.1:0']);
  assert.notEqual(start.code, 0, 'the daemon started on it');
  assert.match(start.stderr, /journal is writable by others/, start.stderr);
  chmodSync(join(state, 'journal'), 0o700);
  r = await run(ADVISORD, ['-n', '--state-dir', state]);
  assert.equal(r.code, 0, r.stderr);
});

// A journal segment over the size the start reads (a file copied in by
// mistake, a corrupt file system): its lines are not recovered.  The
// warning must say why (the bound), not "cannot read ...: Success".
test('a journal segment too large to read at start: the warning names the bound, not "Success"', async (t) => {
  const state = tempDir('advisord-h27-bigseg-');
  t.after(() => rmSync(state, { recursive: true, force: true }));
  const d = await new Daemon(['--state-dir', state]).start();
  assert.equal((await d.stop()).code, 0);
  const seg = join(state, 'journal', 'seg-00000000000000ff.log');
  const fd = openSync(seg, 'w');
  ftruncateSync(fd, 300 * 1024 * 1024);	// sparse: no disk taken
  closeSync(fd);
  const d2 = await new Daemon(['--state-dir', state]).start();
  t.after(() => d2.stop());
  assert.ok(await d2.waitLog(/seg-00000000000000ff\.log/), d2.log);
  const line = d2.log.split('\n').find((l) => l.includes('seg-00000000000000ff.log'));
  assert.doesNotMatch(line, /Success/, line);
  assert.match(line, /256 MiB/, line);
  const r = await fetch(`${d2.url}/readyz`);
  assert.equal(r.status, 200);
  assertCleanLog(d2);
});

// A named pipe where a journal segment belongs (an operator's mkfifo, a
// restore tool): the start read it and waited for a writer for ever,
// never listening and never saying why.  It must start, and name the file.
test('a named pipe among the journal segments: the daemon starts, serves, and names the file it skipped', async (t) => {
  const state = tempDir('advisord-h27-fifo-');
  let d2 = null;
  // the second daemon stopped before its state is removed: it may still
  // be writing a transcript at its stop (ENOTEMPTY under load otherwise)
  t.after(async () => {
    if (d2) await d2.stop();
    rmSync(state, { recursive: true, force: true });
  });
  const d = await new Daemon(['--state-dir', state]).start();
  const u = await connect(d.wsUrl);
  const w = (await u.turn(u.request({ type: 'hello' })))[0];
  await u.turn(u.request({ type: 'say', text: 'What is Pingora?' }));
  u.close();
  assert.equal((await d.stop()).code, 0);
  const fifo = join(state, 'journal', 'seg-00000000000000fe.log');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
  d2 = new Daemon(['--state-dir', state]);
  await d2.start();
  assert.match(d2.log, /seg-00000000000000fe\.log is not a regular file/, d2.log);
  // the conversation of the real segment is still there
  const c = await connect(d2.wsUrl);
  const r = await c.turn(c.request({ type: 'hello', resume: { conversation: w.conversation, token: w.token } }));
  assert.equal(r.at(-1).type, 'resumed', JSON.stringify(r).slice(0, 500));
  c.close();
  assertCleanLog(d2);
});

// A hostile client's hello with start:false, then conversation messages,
// then a transcript request for another browser's open conversation with
// its name and token: no conversation, nothing of the other one (held).
test('held: start:false connections reach no conversation, their own or another browser\'s open one', async (t) => {
  const d = await new Daemon([]).start();
  t.after(() => d.stop());
  const other = await connect(d.wsUrl);
  const ow = (await other.turn(other.request({ type: 'hello' })))[0];
  await other.turn(other.request({ type: 'say', text: 'What is Pingora?' }));
  const c = await connect(d.wsUrl);
  const w = await c.turn(c.request({ type: 'hello', start: false }));
  assert.equal(w.length, 1);
  assert.equal(w[0].conversation, undefined);
  for (const msg of [{ type: 'say', text: 'hi' }, { type: 'end' }, { type: 'transcript' },
    { type: 'transcript', conversation: ow.conversation, token: ow.token }]) {
    const turn = await c.turn(c.request(msg));
    assert.equal(turn.length, 1, JSON.stringify(turn));
    assert.equal(turn[0].code, 'unknown_conversation', JSON.stringify(turn));
  }
  // the other user's conversation goes on, untouched
  const t2 = await other.turn(other.request({ type: 'say', text: '2' }));
  assert.ok(t2.every((m) => m.type !== 'error'), JSON.stringify(t2));
  c.close();
  other.close();
  await sleep(10);
  assertCleanLog(d);
});
