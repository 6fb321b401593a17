// SPDX-License-Identifier: ISC
// A hostile review of issue 13's bounds (round 13): what still broke.
// Each test reproduces one finding; those not fixed yet are marked todo.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { Daemon, connect, rawSocket, upgradeRequest, frame, sleep } from './lib.mjs';

// Bytes under dir (regular files, recursively).
function bytesUnder(dir) {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) n += bytesUnder(p);
    else if (e.isFile()) n += statSync(p).size;
  }
  return n;
}

// A browser-style connection from a given loopback address; resolves the
// first message answering a hello.
function helloFrom(d, localAddress) {
  return new Promise((res, rej) => {
    const ws = new WebSocket(d.wsUrl, 'advisor.v1', { localAddress });
    ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', id: 'b1' })));
    ws.on('message', (m) => { res(JSON.parse(m)); ws.close(); });
    ws.on('error', rej);
  });
}

// One client at 127.0.0.1 saying 8 KB messages as fast as its turns come
// back, for ms; resolves the error codes it was given.
function filler(d, ms) {
  return new Promise((res) => {
    const errors = [];
    const ws = new WebSocket(d.wsUrl, 'advisor.v1');
    const big = 'x'.repeat(8000);
    let n = 0;
    ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', id: 'h' })));
    ws.on('message', (raw) => {
      const m = JSON.parse(raw);
      if (m.type === 'error') errors.push(m.code);
      if (m.done && ws.readyState === WebSocket.OPEN) {
        setTimeout(() => {
          if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'say', id: `s${n++}`, text: big }));
        }, 100);
      }
    });
    ws.on('error', () => {});
    setTimeout(() => { ws.terminate(); res(errors); }, ms);
  });
}

test('one address cannot spend the whole max_state_bytes and lock every other address out', async (t) => {
    const budget = 2 * 1024 * 1024;
    const d = await new Daemon(['--max-state-bytes', String(budget)]).start();
    t.after(() => d.stop());
    const errors = (await Promise.all(Array.from({ length: 10 }, () => filler(d, 8000)))).flat();
    const used = bytesUnder(d.stateDir);
    // Observed: ~10 MB written (5x the budget) with no refusal to the
    // writer, then a bystander at another address is refused storage_full.
    const bystander = await helloFrom(d, '127.0.0.2');
    assert.ok(used <= 2 * budget || errors.length > 0,
      `state directory ${used} bytes for a ${budget}-byte budget and the writer was never refused`);
    assert.equal(bystander.type, 'welcome', `bystander at 127.0.0.2: ${JSON.stringify(bystander)}`);
  });

// Every IPv6 user holds at least a /64: counting per full address lets one
// user open as many connections and conversations as it likes.
test('per-address limits count an IPv6 /64 as one address', async (t) => {
    const d = await new Daemon(['--trusted-proxies', '127.0.0.1', '--max-connections-per-ip', '5',
      '--max-conversations-per-ip', '5']).start();
    t.after(() => d.stop());
    const socks = [];
    t.after(() => socks.forEach((w) => w.terminate()));
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => new Promise((res) => {
      const ws = new WebSocket(d.wsUrl, 'advisor.v1',
        { headers: { 'X-Forwarded-For': `2001:db8:1:2::${(i + 1).toString(16)}` } });
      socks.push(ws);
      ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', id: 'h' })));
      ws.on('message', (m) => { const x = JSON.parse(m); if (x.type === 'welcome') res('welcome'); else if (x.done) res(x.code); });
      ws.on('unexpected-response', (q, r) => res(`http ${r.statusCode}`));
      ws.on('error', () => res('error'));
    })));
    const welcomed = outcomes.filter((o) => o === 'welcome').length;
    // Observed: 20 of 20 welcomed from one /64 with both limits at 5.
    assert.ok(welcomed <= 5, `${welcomed} of 20 conversations from 2001:db8:1:2::/64 with the per-address limits at 5`);
  });

// An empty first fragment reached memcpy(NULL + 0, in, 0) in
// conn_rx_append: undefined behaviour that kills the sanitizer build
// (run with B=build/sanitize to see it) and lets the compiler assume
// c->rx is never NULL afterwards.
test('a message whose first fragment is empty is answered, and the daemon lives', async (t) => {
  const d = await new Daemon().start();
  t.after(() => d.stop());
  const s = await rawSocket(d.port);
  t.after(() => s.destroy());
  let got = '';
  const upgraded = new Promise((res) => s.on('data', (b) => { got += b.toString('latin1'); if (got.includes('\r\n\r\n')) res(); }));
  s.write(upgradeRequest(d.port));
  await upgraded;
  got = '';
  const hello = JSON.stringify({ type: 'hello', id: 'h1' });
  s.write(Buffer.concat([frame('', { fin: false }), frame(hello, { opcode: 0 })]));
  const deadline = Date.now() + 10000;
  while (!got.includes('"welcome"') && d.exited === null && Date.now() < deadline) await sleep(20);
  assert.equal(d.exited, null, `daemon exited: ${d.log.slice(-400)}`);
  assert.match(got, /"welcome"/);
  // all-empty fragments make an empty message: bad_json, not silence
  got = '';
  s.write(Buffer.concat([frame('', { fin: false }), frame('', { opcode: 0 })]));
  while (!got.includes('bad_json') && d.exited === null && Date.now() < deadline) await sleep(20);
  assert.equal(d.exited, null, `daemon exited: ${d.log.slice(-400)}`);
  assert.match(got, /bad_json/);
});

// Send raw bytes; resolves what came back before the server closed (or
// 3 s passed).
async function rawExchange(port, bytes) {
  const s = await rawSocket(port);
  return new Promise((res) => {
    let got = '';
    const t = setTimeout(() => { s.destroy(); res(got); }, 3000);
    s.on('data', (b) => { got += b.toString('latin1'); });
    s.on('close', () => { clearTimeout(t); res(got); });
    s.on('error', () => {});
    s.write(bytes);
  });
}

// "never silence": a request the daemon will not serve is answered with
// a status naming why (405 with Allow, 414, 431), not a bare TCP close.
test('HTTP requests the daemon refuses get a status, not a bare close',
  { todo: 'HEAD, OPTIONS, POST, DELETE and the 8000-byte URI are answered now (405, 414); the header case is not: lws 4.1.6 stalls on a header named X-A (of any length; Foo is fine) until handshake_timeout, then closes unanswered (PROTOCOL.md 2.2)' }, async (t) => {
    const d = await new Daemon().start();
    t.after(() => d.stop());
    const host = `Host: 127.0.0.1:${d.port}\r\n`;
    const cases = {
      'HEAD /healthz': `HEAD /healthz HTTP/1.1\r\n${host}\r\n`,
      'OPTIONS /': `OPTIONS / HTTP/1.1\r\n${host}\r\n`,
      'POST /healthz': `POST /healthz HTTP/1.1\r\n${host}Content-Length: 5\r\n\r\nhello`,
      'DELETE /pubkey': `DELETE /pubkey HTTP/1.1\r\n${host}\r\n`,
      'an 8000-byte URI': `GET /${'a'.repeat(8000)} HTTP/1.1\r\n${host}\r\n`,
      'an 8000-byte header': `GET /healthz HTTP/1.1\r\n${host}X-A: ${'a'.repeat(8000)}\r\n\r\n`,
    };
    const silent = [];
    for (const [what, req] of Object.entries(cases)) {
      // Observed: every one of these is closed with no byte written.
      const got = await rawExchange(d.port, req);
      if (!/^HTTP\/1\.[01] \d{3} /.test(got)) silent.push(what);
    }
    assert.deepEqual(silent, [], `closed without an HTTP status: ${silent.join(', ')}`);
  });

// Resident memory of pid, bytes.
function rssOf(pid) {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;
}

// A full conversation (5000 records) has a ~33 MB transcript message; it is
// built whole and queued before max_replay_bytes is looked at, so a few
// clients that ask for it and do not read take the daemon far past the
// budget (100 such from one address, the default per-address limit, would
// need ~9 GB). The rates are raised only to fill the conversations quickly.
test('non-readers asking for full transcripts stay within max_replay_bytes', async (t) => {
    const budget = 16 * 1024 * 1024;
    const d = await new Daemon(['--sync', 'off', '--max-replay-bytes', String(budget),
      '--rate-conversation', '100000', '--rate-conversation-burst', '100000',
      '--rate-connection', '100000', '--rate-connection-burst', '100000']).start();
    t.after(() => d.stop());
    const big = `What is Pingora? ${'y'.repeat(8100)}`;
    const clients = await Promise.all(Array.from({ length: 2 }, async () => {
      const c = await connect(d.wsUrl);
      await c.turn(c.request({ type: 'hello' }));
      for (let full = false; !full;) {
        const ids = Array.from({ length: 200 }, () => c.request({ type: 'say', text: big }));
        for (const id of ids) if ((await c.turn(id, 60000)).some((m) => m.code === 'conversation_full')) full = true;
      }
      c.queue.length = 0;
      return c;
    }));
    t.after(() => clients.forEach((c) => c.terminate()));
    const base = rssOf(d.pid);
    let peak = base;
    const iv = setInterval(() => { try { peak = Math.max(peak, rssOf(d.pid)); } catch { /* gone */ } }, 20);
    for (const c of clients) {
      c.ws._socket.pause();
      for (let i = 0; i < 30; i++) c.request({ type: 'transcript' });
    }
    // until every non-reader has been dropped (the budget's remedy), or
    // the peak is long past
    const deadline = Date.now() + 15000;
    while (!clients.every((c) => c.closed) && Date.now() < deadline) await sleep(100);
    clearInterval(iv);
    // Observed: +300 MiB with 4 such clients, +269 MiB with these 2.
    assert.ok(peak - base <= 3 * budget,
      `RSS rose by ${Math.round((peak - base) / 1048576)} MiB for a ${budget / 1048576} MiB max_replay_bytes`);
  });
