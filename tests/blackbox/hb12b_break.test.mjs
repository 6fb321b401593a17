// SPDX-License-Identifier: ISC
// Hostile review hb12b: the TLS receive stash (daemon/ws.c conn_rx_sync,
// conn_rx_stop_safe, ws_rx_service) and the SIGTERM drain that waits for
// pending final transcripts (server.c drain_wait_cb), against the real
// daemon.  Findings, reproductions and their state:
// tests/blackbox/HB12B_FINDINGS.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { connect as tlsConnect } from 'node:tls';
import { connect as netConnect } from 'node:net';
import { join } from 'node:path';
import { BUILD, Daemon, browser, connect, frame, run, sleep, tempDir } from './lib.mjs';

const dir = tempDir('advisord-hb12b-');
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const RATES = ['--rate-conversation', '100000', '--rate-conversation-burst', '100000',
  '--rate-connection', '100000', '--rate-connection-burst', '100000'];
const SECRET = 'hb12b-tls-secret-0123456789';

function certPair() {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  if (!existsSync(cert)) {
    spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert,
      '-days', '2', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
  }
  return existsSync(cert) ? { cert, key } : null;
}

// A WebSocket client written by hand, so that a test decides which frames
// go out in one write (one TLS record holds many of them).
class Raw {
  static async open(port, useTls) {
    const r = new Raw();
    r.msgs = [];
    r.closed = null;
    r.ended = false;
    r.buf = Buffer.alloc(0);
    r.waiters = [];
    r.s = useTls ? tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false }) : netConnect({ host: '127.0.0.1', port });
    r.s.on('error', () => {});
    r.s.on('close', () => { r.ended = true; r.wake(); });
    await new Promise((res, rej) => { r.s.once(useTls ? 'secureConnect' : 'connect', res); r.s.once('error', rej); });
    let upgraded = false;
    r.s.on('data', (d) => {
      r.buf = Buffer.concat([r.buf, d]);
      if (!upgraded) {
        const i = r.buf.indexOf('\r\n\r\n');
        if (i < 0) return;
        upgraded = / 101 /.test(r.buf.subarray(0, i).toString('latin1').split('\r\n')[0]);
        r.buf = r.buf.subarray(i + 4);
      }
      r.parse();
    });
    r.s.write(['GET /ws HTTP/1.1', `Host: 127.0.0.1:${port}`, 'Upgrade: websocket', 'Connection: Upgrade',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Protocol: advisor.v1',
      `Authorization: Bearer ${SECRET}`].join('\r\n') + '\r\n\r\n');
    return r;
  }

  wake() { const w = this.waiters; this.waiters = []; w.forEach((f) => f()); }

  parse() {
    for (;;) {
      const b = this.buf;
      if (b.length < 2) return;
      const op = b[0] & 15;
      let len = b[1] & 127;
      let off = 2;
      if (len === 126) { if (b.length < 4) return; len = b.readUInt16BE(2); off = 4; } else if (len === 127) { if (b.length < 10) return; len = Number(b.readBigUInt64BE(2)); off = 10; }
      if (b.length < off + len) return;
      const p = b.subarray(off, off + len);
      this.buf = b.subarray(off + len);
      if (op === 1) this.msgs.push(JSON.parse(p.toString('utf8')));
      else if (op === 8) this.closed = { code: p.length >= 2 ? p.readUInt16BE(0) : null, reason: p.subarray(2).toString() };
      this.wake();
    }
  }

  send(obj) { this.s.write(frame(JSON.stringify(obj))); }

  // Wait until pred holds, or the connection ends (20 s: a hang, not a speed).
  async until(pred, ms = 20000) {
    const deadline = Date.now() + ms;
    while (!pred(this)) {
      if (this.ended || Date.now() > deadline) return false;
      await new Promise((res) => { const t = setTimeout(res, 100); this.waiters.push(() => { clearTimeout(t); res(); }); });
    }
    return true;
  }
}

// An integration connection with conversation cv open.
async function opened(d, useTls, cv) {
  const r = await Raw.open(d.port, useTls);
  r.send({ type: 'hello', protocol: 'advisor.v1', id: 'h' });
  assert.ok(await r.until((x) => x.msgs.some((m) => m.type === 'welcome')), 'welcome');
  r.send({ type: 'open', conversation: cv, id: 'o' });
  assert.ok(await r.until((x) => x.msgs.some((m) => m.type === 'opened')), 'opened');
  return r;
}

// One write: a transcript (its reading is held while it is made on the
// worker) then n messages: says, more transcripts, pings, and a say in
// 500-byte fragments with pings between them.  Returns the request ids.
function burst(r, cv, n) {
  const parts = [frame(JSON.stringify({ type: 'transcript', conversation: cv, id: `${cv}-t` }))];
  const ids = [`${cv}-t`];
  for (let i = 0; i < n; i++) {
    const id = `${cv}-${i}`;
    if (i % 10 === 5) parts.push(frame('p', { opcode: 9 }));
    if (i % 20 === 7) {
      const body = Buffer.from(JSON.stringify({ type: 'say', conversation: cv, text: `why? ${'x'.repeat(3000)}`, id }));
      for (let o = 0; o < body.length; o += 500) {
        parts.push(frame(body.subarray(o, o + 500), { opcode: o === 0 ? 1 : 0, fin: o + 500 >= body.length }));
        parts.push(frame('q', { opcode: 9 }));
      }
    } else if (i % 30 === 11) parts.push(frame(JSON.stringify({ type: 'transcript', conversation: cv, id })));
    else parts.push(frame(JSON.stringify({ type: 'say', conversation: cv, text: i % 2 ? 'why?' : 'What is Pingora?', id })));
    ids.push(id);
  }
  r.s.write(Buffer.concat(parts));
  return ids;
}

function clean(d) {
  assert.doesNotMatch(d.log, /runtime error|AddressSanitizer|LeakSanitizer/, d.log.slice(-3000));
}

// --- t16: the receive stash over TLS ------------------------------------------

test('over wss, 120 messages in one write behind a transcript (pings and fragments between them), on 12 connections at once, some cut: each reader gets every answer once, in order', async (t) => {
  const pair = certPair();
  if (pair === null) { t.skip('no openssl to make a certificate'); return; }
  const d = await new Daemon(['--tls-cert', pair.cert, '--tls-key', pair.key, '--api-key', `hb12b:${SECRET}`, ...RATES]).start();
  t.after(() => d.stop());
  const one = async (k) => {
    const cv = `c${k}`;
    const r = await opened(d, true, cv);
    const ids = burst(r, cv, 120);
    if (k % 3 === 1) { r.s.destroy(); return null; }	// cut while its messages are kept
    const all = await r.until((x) => ids.every((id) => x.msgs.some((m) => m.re === id && m.done)), 60000);
    const order = r.msgs.filter((m) => m.done && ids.includes(m.re)).map((m) => m.re);
    const seqs = r.msgs.filter((m) => m.seq !== undefined).map((m) => m.seq);
    r.s.destroy();
    return { all, order, ids, seqs };
  };
  const got = await Promise.all(Array.from({ length: 12 }, (_, k) => one(k)));
  for (const g of got.filter(Boolean)) {
    assert.ok(g.all, 'every request answered');
    assert.deepEqual(g.order, g.ids, 'answered once each, in the order sent');
    for (let i = 1; i < g.seqs.length; i++) assert.equal(g.seqs[i], g.seqs[i - 1] + 1, 'seq by one');
  }
  // and it still serves
  const r = await opened(d, true, 'after');
  const ids = burst(r, 'after', 10);
  assert.ok(await r.until((x) => ids.every((id) => x.msgs.some((m) => m.re === id && m.done))));
  r.s.destroy();
  const ex = await d.stop();
  assert.equal(ex.code, 0);
  clean(d);
});

test('plain ws: the same write is answered once each, in order', async (t) => {
  const d = await new Daemon(['--api-key', `hb12b:${SECRET}`, ...RATES]).start();
  t.after(() => d.stop());
  const r = await opened(d, false, 'p0');
  const ids = burst(r, 'p0', 120);
  assert.ok(await r.until((x) => ids.every((id) => x.msgs.some((m) => m.re === id && m.done)), 60000));
  assert.deepEqual(r.msgs.filter((m) => m.done && ids.includes(m.re)).map((m) => m.re), ids);
  r.s.destroy();
  await d.stop();
  clean(d);
});

// --- hb12: the drain -----------------------------------------------------------

// A browser whose output cannot be written (it reads nothing and has asked
// for 60 transcripts of a 40-turn conversation, megabytes): its close waits
// for its queue, so the drain lasts until the drain timer.
async function stuckReader(d) {
  const b = await browser(d);
  const TEXTS = ['What is Pingora?', 'why?', 'how many rust developers are there', 'What is Go used for?'];
  for (let i = 0; i < 40; i++) await b.conv.say(TEXTS[i % 4]);
  b.c.ws._socket.pause();
  for (let i = 0; i < 60; i++) b.c.request({ type: 'transcript' });
  // until its reading stops (its queue past half of max_output_bytes)
  const sawTranscripts = async () => Number(/advisord_messages_out_total\{type="transcript"\} (\d+)/.exec(await (await fetch(`${d.url}/metrics`)).text())?.[1] ?? 0);
  for (let i = 0; i < 400 && await sawTranscripts() < 20; i++) await sleep(50);
  return b;
}

test('SIGHUP during the drain does not reload: systemd hears no READY=1 after STOPPING=1, and the log says why', async (t) => {
  const sinkDir = tempDir('advisord-hb12b-notify-');
  const path = join(sinkDir, 'notify');
  const sink = spawn(join(BUILD, 'notifysink'), [path], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.after(() => { sink.kill('SIGTERM'); rmSync(sinkDir, { recursive: true, force: true }); });
  let notes = '';
  await new Promise((res) => sink.stdout.on('data', (x) => { notes += x; if (/listening/.test(notes)) res(); }));
  // no ping: the stuck reader answers none, and was dropped 10 s after the
  // first (ping_interval 30 s) before the SIGTERM (ASan under load: draining 0)
  const d = await new Daemon([...RATES, '--ping-interval', '3600'], { NOTIFY_SOCKET: path }).start({ timeoutMs: 30000 });
  t.after(() => d.stop());
  const b = await stuckReader(d);
  d.kill('SIGTERM');
  for (let i = 0; i < 200 && !/draining 1 connection/.test(d.log); i++) await sleep(20);
  assert.match(d.log, /Terminated: draining 1 connection/);
  d.kill('SIGHUP');
  const ex = await d.exitPromise;
  b.c.terminate();
  assert.equal(ex.code, 0);
  const lines = notes.split('\n');
  const stop = lines.findIndex((l) => /STOPPING=1/.test(l));
  assert.ok(stop >= 0, notes);
  assert.deepEqual(lines.slice(stop).filter((l) => /READY=1|RELOADING=1/.test(l)), [],
    `after STOPPING=1 the service must not say it is ready again:\n${notes}`);
  assert.doesNotMatch(d.log, /reload: knowledge base .* configuration applied/);
  assert.match(d.log, /SIGHUP while draining/);
  clean(d);
});

// Finding 2: the final transcript of an end applied just before the
// daemon stops early (a second SIGTERM, or the drain timer with a client
// that does not read) is stored, but after the restart its user could
// neither resume the conversation nor fetch that transcript: finals.c
// kept its index (name, token hash, file) in memory only.  Fixed: each
// final transcript is stored with an owner file (ID.final) and the index
// is rebuilt from them at start (finals_load).
test('a second SIGTERM just after users sent end: after the restart each can still fetch the final transcript that was stored', async (t) => {
  const state = tempDir('advisord-hb12b-end-');
  t.after(() => rmSync(state, { recursive: true, force: true }));
  const args = ['--state-dir', state, ...RATES];
  const d = await new Daemon(args).start();
  const users = await Promise.all(Array.from({ length: 12 }, () => browser(d)));
  await Promise.all(users.map((u) => u.conv.say('What is Pingora?')));
  for (const u of users) u.c.request({ type: 'end' });
  d.kill('SIGTERM');
  await sleep(5);
  d.kill('SIGTERM');
  await d.exitPromise;
  for (const u of users) u.c.terminate();
  const d2 = await new Daemon(args).start();
  t.after(() => d2.stop());
  const lost = [];
  for (const u of users) {
    const { conversation, token } = u.welcome;
    const c = await connect(d2.wsUrl);
    c.request({ type: 'hello', protocol: 'advisor.v1' });
    await c.next((m) => m.type === 'welcome');
    const resumed = await c.turn(c.request({ type: 'resume', conversation, token }));
    if (resumed.some((m) => m.type === 'error' && m.code === 'unknown_conversation')) {
      // ended: its final transcript must be there
      const tr = await c.turn(c.request({ type: 'transcript', conversation, token }));
      if (!tr.some((m) => m.type === 'transcript')) lost.push(conversation);
    }
    c.close();
  }
  assert.deepEqual(lost, [], 'an ended conversation whose final transcript is on disk is reachable by its user');
});

// Ask a fresh connection for the final transcript of conversation (token):
// the messages of that turn.
async function fetchFinal(d, conversation, token) {
  const c = await connect(d.wsUrl);
  c.request({ type: 'hello', protocol: 'advisor.v1' });
  await c.next((m) => m.type === 'welcome');
  const turn = await c.turn(c.request({ type: 'transcript', conversation, token }));
  c.close();
  return turn;
}

// The index rebuilt at start reads the owner files stored with the final
// transcripts: one that is truncated, not JSON, too large or a symbolic
// link is skipped with a warning naming it (the daemon starts and serves
// the others); a transcript with none (stored by an older version) is
// counted in one line; every stored transcript still verifies.
test('after a clean restart the final transcripts stay fetchable by their owners; a corrupt, truncated, oversized or linked owner file is skipped and named', async (t) => {
  const state = tempDir('advisord-hb12b-owner-');
  t.after(() => rmSync(state, { recursive: true, force: true }));
  const args = ['--state-dir', state, ...RATES];
  const d = await new Daemon(args).start();
  const users = [];
  for (let i = 0; i < 6; i++) {
    const u = await browser(d);
    await u.conv.say('What is Pingora?');
    const ended = await u.c.turn(u.c.request({ type: 'end' }));
    u.final = ended.find((m) => m.type === 'transcript');
    assert.equal(u.final?.status, 'complete');
    u.c.close();
    users.push(u);
  }
  const pub = join(state, 'pub.key');
  writeFileSync(pub, await (await fetch(`${d.url}/pubkey`)).text());
  assert.equal((await d.stop()).code, 0);
  const tdir = join(state, 'transcripts');
  const ownerName = (u) => u.final.file.replace(/\.json$/, '.final');
  const owner = (u) => join(tdir, ownerName(u));
  // it holds the owner/name key and the token's hash, never the token
  const text = readFileSync(owner(users[0]), 'utf8');
  const kept = JSON.parse(text);
  assert.equal(kept.key, `/${users[0].welcome.conversation}`);
  assert.equal(kept.token_sha256, createHash('sha256').update(users[0].welcome.token).digest('hex'));
  assert.equal(kept.status, 'complete');
  assert.ok(!text.includes(users[0].welcome.token));
  // 1: truncated, 2: not JSON, 3: too large, 4: a symbolic link, 5: none
  writeFileSync(owner(users[1]), text.slice(0, Math.floor(text.length / 2)));
  writeFileSync(owner(users[2]), '\0\x01 not an owner file');
  writeFileSync(owner(users[3]), `${text.trim()}${' '.repeat(5000)}\n`);
  rmSync(owner(users[4]));
  symlinkSync(owner(users[0]), owner(users[4]));
  rmSync(owner(users[5]));
  const d2 = await new Daemon(args).start();
  t.after(() => d2.stop());
  for (const [u, why] of [[users[1], 'not one JSON object (corrupt or truncated)'],
    [users[2], 'not one JSON object (corrupt or truncated)'], [users[3], 'larger than 4096 bytes'],
    [users[4], 'not a regular file']])
    assert.ok(d2.log.includes(`warning: finals: ${tdir}/${ownerName(u)}: skipped: ${why}`), `${ownerName(u)}: ${why}\n${d2.log}`);
  assert.match(d2.log, /finals: 1 final transcript of the last hour indexed from their owner files in \d+ ms; skipped: 0 stored before the last hour, 0 past max_conversations \(\d+\), 4 unreadable or corrupt/);
  assert.match(d2.log, /finals: 1 stored transcript without an owner file \(stored by an older version/);
  // the intact one is fetched by its owner, the same signed file
  const got = (await fetchFinal(d2, users[0].welcome.conversation, users[0].welcome.token)).find((m) => m.type === 'transcript');
  assert.equal(got?.status, 'complete');
  assert.equal(got.file, users[0].final.file);
  assert.equal(got.content, users[0].final.content);
  assert.equal(got.minisig, users[0].final.minisig);
  // with a wrong token: refused
  const bad = await fetchFinal(d2, users[0].welcome.conversation, users[1].welcome.token);
  assert.ok(bad.some((m) => m.type === 'error' && m.code === 'bad_token'), JSON.stringify(bad));
  // the others cannot be indexed: unknown_conversation, as before this change
  for (const u of users.slice(1)) {
    const turn = await fetchFinal(d2, u.welcome.conversation, u.welcome.token);
    assert.ok(turn.some((m) => m.type === 'error' && m.code === 'unknown_conversation'), JSON.stringify(turn));
  }
  // every stored transcript verifies with minisign, as before
  const stored = readdirSync(tdir).filter((f) => f.endsWith('.json'));
  assert.equal(stored.length, 6);
  for (const f of stored) {
    const m = await run('minisign', ['-Vm', join(tdir, f), '-p', pub]);
    assert.equal(m.code, 0, `${f}: ${m.stdout}${m.stderr}`);
  }
});
