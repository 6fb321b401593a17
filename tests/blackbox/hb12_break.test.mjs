// SPDX-License-Identifier: ISC
// Hostile review hb12: the chat-platform webhooks, the HTTP channel,
// multiplexed conversations, configuration parsing, metrics and reloads,
// against the real daemon.  Each test asserts what a user reads in
// docs/*.md, advisord.conf(5) or PROTOCOL.md.  Findings, reproductions
// and their state: tests/blackbox/HB12_FINDINGS.md.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createSign, generateKeyPairSync } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { ADVISORD, BUILD, Daemon, browser, connect, run, tempDir } from './lib.mjs';
import { post as postTo } from './webhooklib.mjs';
import { powerEnv } from '../fault/revert.mjs';

const IRC = join(BUILD, 'advisor-irc');
const MM_TOKEN = 'hb12mattermosttoken0000001';
const API_KEY = 'hb12-http-channel-key-000000001';

let d;
before(async () => {
  d = await new Daemon([
    '--mattermost-token', MM_TOKEN,
    '--http-api', '1',
    '--api-key', `alpha:${API_KEY}`,
  ]).start();
});
after(async () => { await d.stop(); });

const post = (path, body, headers) => postTo(d.url, path, body, headers);
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };
const JSONH = { 'Content-Type': 'application/json' };

// A trigger_id as Mattermost makes one (model.GenerateTriggerId):
// base64("CLIENTID:USERID:MILLIS:" + base64(ECDSA P-256 signature)),
// about 220 characters.
const { privateKey: mmKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
function mmTriggerId(user) {
  const id = Math.random().toString(36).slice(2).padEnd(26, 'x').slice(0, 26);
  const data = `${id}:${user}:${Date.now()}:`;
  const sig = createSign('SHA256').update(data).sign(mmKey).toString('base64');
  return Buffer.from(data + sig).toString('base64');
}

test('Mattermost: a slash command sent twice with a real (220-character) trigger_id is refused as a replay', async () => {
  const user = 'hb12replayuser0000000000aa';
  const trig = mmTriggerId(user);
  assert.ok(trig.length > 200, `a real trigger_id is long (${trig.length})`);
  const body = new URLSearchParams({
    channel_id: 'fdn7vgjkxjbdmjpz7ekxrixfqh', command: '/advisor', team_id: 'aqfbrdx6fpdjbq7nnk3nsjsaxa',
    text: 'What is Pingora?', token: MM_TOKEN, trigger_id: trig, user_id: user, user_name: 'alice',
  }).toString();
  let r = await post('/webhooks/mattermost', body, FORM);
  assert.equal(r.status, 200, r.text);
  r = await post('/webhooks/mattermost', body, FORM);
  assert.equal(r.status, 409, `docs/mattermost.md: the same trigger_id twice is a replay (got ${r.status}: ${r.text.slice(0, 120)})`);
  assert.match(r.text, /replay/);
});

test('Mattermost: a JSON text that is not a string is refused naming text, not read as an empty message', async () => {
  const r = await post('/webhooks/mattermost', JSON.stringify({
    token: MM_TOKEN, team_id: 't1', channel_id: 'c1', user_id: 'hb12nonstring', text: 42,
  }), JSONH);
  assert.equal(r.status, 400, `got ${r.status}: ${r.text.slice(0, 120)}`);
  assert.match(r.text, /'text'/);
});

test('Mattermost: an id longer than its bound is refused naming the field and the bound, not as missing', async () => {
  const r = await post('/webhooks/mattermost', JSON.stringify({
    token: MM_TOKEN, team_id: 't'.repeat(70), channel_id: 'c1', user_id: 'u1', text: 'hi',
  }), JSONH);
  assert.equal(r.status, 400);
  assert.match(r.text, /team_id/);
  assert.match(r.text, /63 bytes/, `the bound is named: ${r.text}`);
});

// --- configuration ---------------------------------------------------------

async function checkConf(t, text) {
  const w = tempDir('advisord-hb12-conf-');
  t.after(() => rmSync(w, { recursive: true, force: true }));
  const f = join(w, 'advisord.conf');
  writeFileSync(f, text);
  const r = await run(ADVISORD, ['-n', '-c', f, '--state-dir', w]);
  return { ...r, out: r.stdout + r.stderr, f };
}

test('configuration: an indented setting is read as itself, not as more of the setting above it', async (t) => {
  let r = await checkConf(t, 'listen = 127.0.0.1:0\n    max_connections = 500\n');
  assert.equal(r.code, 0, `an indented 'max_connections' line is a setting of its own:\n${r.out}`);
  assert.match(r.out, /configuration OK/);
  r = await checkConf(t, 'allowed_host = a.example\n  allowed_host = b.example\n  bogus_setting = 1\n');
  assert.equal(r.code, 1);
  assert.match(r.out, /:3: unknown setting 'bogus_setting'/, `line 3 is named as what it is:\n${r.out}`);
  assert.doesNotMatch(r.out, /invalid host name/, r.out);
});

test('advisor-irc: an indented line is its own setting, and errors name file and line', async (t) => {
  const w = tempDir('advisord-hb12-irc-');
  t.after(() => rmSync(w, { recursive: true, force: true }));
  writeFileSync(join(w, 'bridge.key'), 'hb12-bridge-key-0000000001\n');
  const f = join(w, 'irc.conf');
  // the indented channel was read as more of realname: "configuration
  // OK", and the bridge joined no channel
  writeFileSync(f, `advisord = ws://127.0.0.1:8080/ws\napi_key_file = ${join(w, 'bridge.key')}\n` +
    `state = ${join(w, 's.state')}\nserver = 127.0.0.1:6667\nnick = advisor\nrealname = Advisor Bot\n  channel = rust\n`);
  const r = await run(IRC, ['-c', f, '-n']);
  assert.notEqual(r.code, 0, `the bad channel is seen:\n${r.stdout}${r.stderr}`);
  assert.match(r.stderr, /irc\.conf:7: bad value for channel: 'rust'/, r.stderr);
});

// --- SIGTERM with HTTP requests in flight ------------------------------------

test('SIGTERM while an HTTP request is still sending its body: it is answered 503, not cut off', async () => {
  const dd = await new Daemon(['--http-api', '1', '--api-key', `alpha:${API_KEY}`]).start();
  const body = JSON.stringify({ type: 'open', id: 'o1' });
  const s = net.connect(dd.port, '127.0.0.1');
  let out = '';
  s.on('data', (b) => { out += b; });
  s.on('error', () => {});
  const closed = new Promise((res) => s.on('close', res));
  await new Promise((res) => s.on('connect', res));
  s.write(`POST /api/v1/conversations/hb12term/messages HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
    `Authorization: Bearer ${API_KEY}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n` +
    body.slice(0, 5));
  // the daemon has the headers (a request to another endpoint on a new
  // connection is answered after them: one loop serves both)
  await fetch(`${dd.url}/healthz`);
  dd.kill('SIGTERM');
  await closed;
  const exit = await dd.exitPromise;
  assert.equal(exit.code, 0);
  assert.match(out, /^HTTP\/1\.1 503/, `the request in flight got an answer (got ${JSON.stringify(out.slice(0, 80))}):\n${dd.log.slice(-400)}`);
  assert.match(out, /shutting down|restarting/);
  await dd.stop();
});

// --- metrics -------------------------------------------------------------------

test('metrics: an HTTP-channel request with a wrong API key is counted, as a WebSocket one is', async () => {
  const metric = async () => {
    const m = await (await fetch(`${d.url}/metrics`)).text();
    return Number(/^advisord_refusals_total\{reason="api_key"\} (\d+)$/m.exec(m)?.[1]);
  };
  const before = await metric();
  for (let i = 0; i < 3; i++) {
    const r = await post('/api/v1/conversations/hb12metrics/messages', JSON.stringify({ type: 'open' }),
      { Authorization: 'Bearer hb12-not-the-key-0000000000' });
    assert.equal(r.status, 401);
  }
  assert.equal(await metric(), before + 3, 'an operator with a mistyped key in an HTTP integration sees it in /metrics');
});

test('SIGTERM just after users sent end: each gets its final transcript before the connection closes', async (t) => {
  const state = tempDir('advisord-hb12-end-');
  t.after(() => rmSync(state, { recursive: true, force: true }));
  const dd = await new Daemon(['--state-dir', state]).start();
  const users = await Promise.all(Array.from({ length: 8 }, () => browser(dd)));
  await Promise.all(users.map((u) => u.conv.say('What is Pingora?')));
  const ends = users.map((u) => {
    const id = u.c.request({ type: 'end' });
    return u.c.turn(id, 15000).then((turn) => turn.map((m) => m.type).join(','), (e) => e.message.slice(0, 60));
  });
  // the ends are on their way: SIGTERM now, as a deploy would
  dd.kill('SIGTERM');
  const got = await Promise.all(ends);
  await dd.exitPromise;
  const ended = dd.log.split('\n').filter((l) => /end \(ended by the user/.test(l)).length;
  // every end the daemon applied (its transcript signed and stored) was
  // answered with that transcript: the finals index is in memory only,
  // so after the restart the user can no longer ask for it
  assert.equal(got.filter((g) => g === 'transcript,ended').length, ended,
    `${ended} ends applied; answers: ${JSON.stringify(got)}\n` +
    dd.log.split('\n').filter((l) => /drain|Terminated|end \(|warn/.test(l)).join('\n'));
});

test('configuration: max_webhook_conversations above max_conversations is refused naming both', async (t) => {
  const r = await checkConf(t, 'max_conversations = 10\nmax_webhook_conversations = 50\n');
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /max_webhook_conversations \(50\).*max_conversations \(10\)/);
});

// --- left open (todo): causes in HB12_FINDINGS.md ----------------------------------

test('HTTP channel and WebSocket upgrade: the Bearer scheme is read case-insensitively (RFC 9110 11.1)', async (t) => {
  const r = await post('/api/v1/conversations/hb12bearer/messages', JSON.stringify({ type: 'open' }),
    { Authorization: `bearer ${API_KEY}` });
  assert.equal(r.status, 200, r.text);
  // the same header at an upgrade: refused as malformed before
  const c = await connect(d.wsUrl, { headers: { Authorization: `BEARER ${API_KEY}` } });
  t.after(() => c.close());
  const hello = await c.turn(c.request({ type: 'hello' }));
  assert.equal(hello[0].type, 'welcome', JSON.stringify(hello));
  // the scheme's case is free, the key's is not
  const bad = await post('/api/v1/conversations/hb12bearer/messages', JSON.stringify({ type: 'open' }),
    { Authorization: `bearer ${API_KEY.toUpperCase()}` });
  assert.equal(bad.status, 401, bad.text);
});

// The local store failing (a full disk, an I/O error): /readyz says 503
// with the reason, /metrics advisord_store_ready 0, and both come back by
// themselves once a probe write succeeds again (PF_FAIL_UNTIL: the test
// makes room by creating that file); one log line per change, not per probe.
// The third case is n26's: only the conversations' .part files fail (a
// transcripts directory made read-only, a disk full at the .part's write):
// every new conversation failed while /readyz said 200.
for (const [what, spec, errText, whatFailed] of [
  ['journal cannot be written (ENOSPC)', 'write:3+:ENOSPC', /No space left on device/, /cannot be written/],
  // the 1st sync in journal/ is the segment's, the 2nd the probe write's at start
  ['journal cannot be synced (EIO)', 'fdatasync:3+:EIO:/journal/', /Input\/output error/, /the journal cannot be written/],
  ['transcripts\' .part files cannot be written (ENOSPC)', 'write:1+:ENOSPC:/transcripts/', /No space left on device/,
    /a transcript's \.part file cannot be written/],
]) {
  test(`/readyz is 503 while the local ${what}, as with an unreachable PostgreSQL, and 200 again by itself`, async (t) => {
    const w = tempDir('advisord-hb12-ready-');
    t.after(() => rmSync(w, { recursive: true, force: true }));
    const state = join(w, 'state');
    const room = join(w, 'room');
    mkdirSync(state);
    mkdirSync(join(w, 'grave'));
    const dd = await new Daemon(['--state-dir', state, '--http-api', '1', '--api-key', `alpha:${API_KEY}`],
      powerEnv(state, join(w, 'pf.log'), join(w, 'grave'), { PF_FAIL: spec, PF_FAIL_UNTIL: room })).start();
    const open = (name) => postTo(dd.url, `/api/v1/conversations/${name}/messages`, JSON.stringify({ type: 'open' }),
      { Authorization: `Bearer ${API_KEY}` });
    const storeReady = async () => (await (await fetch(`${dd.url}/metrics`)).text()).match(/^advisord_store_ready (\d)$/m)?.[1];
    try {
      for (let i = 0; i < 3; i++) {
        const r = await open(`full${i}`);
        assert.equal(r.status, 500, r.text);
        assert.match(r.text, /storage_failed/);
      }
      let r = await fetch(`${dd.url}/readyz`);
      assert.equal(r.status, 503, 'every write fails: not ready for new conversations');
      const body = await r.json();
      assert.equal(body.status, 'store_unwritable', JSON.stringify(body));
      assert.match(body.reason, whatFailed, body.reason);
      assert.match(body.reason, errText, body.reason);
      assert.ok(body.reason.includes(state), `the reason names the state directory: ${body.reason}`);
      assert.equal(await storeReady(), '0');
      // room again: the probe (not a turn: none is sent) makes it ready
      writeFileSync(room, '');
      for (let i = 0; (r = await fetch(`${dd.url}/readyz`)).status !== 200; i++) {
        assert.ok(i < 300, `/readyz still ${r.status} 30 s after the disk has room: ${await r.text()}`);
        await new Promise((res) => setTimeout(res, 100));
      }
      assert.equal((await r.json()).status, 'ready');
      assert.equal(await storeReady(), '1');
      const ok = await open('roomagain');
      assert.equal(ok.status, 200, ok.text);
      const lines = (re) => dd.log.split('\n').filter((l) => re.test(l));
      assert.equal(lines(/: (the journal|a transcript's \.part file) cannot be written \(/).length, 1, dd.log);
      // at error level: `journalctl -u advisord -p err` (README) shows it
      assert.equal(lines(/^advisord: error: state_dir: (the journal|a transcript's \.part file) cannot be written \(/).length, 1, dd.log);
      assert.equal(lines(/state_dir: writable again/).length, 1, dd.log);
    } finally {
      await dd.stop();
    }
  });
}
