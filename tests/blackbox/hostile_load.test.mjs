// SPDX-License-Identifier: ISC
// Hostile load (issue 13's acceptance): a bystander's conversation is
// served, every reply and no error, while a hoarding, a flooding and a
// never-reading client run at the same time; a connection that sends half
// a request and then nothing is closed on a quiet server (slowloris); the
// memory budget covers queued output; the state directory is bounded by
// default (retention_days; max_state_bytes is in bounds.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, rmSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { Daemon, connect, rawSocket, upgradeRequest, frame, sleep, tempDir } from './lib.mjs';

// Resolves once the server has closed s.
function closedBy(s) {
  return new Promise((res) => {
    if (s.destroyed) return res();
    s.on('close', res);
    s.on('error', () => {});
  });
}

// What the test waits for a close at most, however loaded the machine:
// beyond it the connection is taken to be held forever.
const PATIENCE_MS = 30000;

function within(p, what, ms = PATIENCE_MS) {
  let t;
  return Promise.race([p.finally(() => clearTimeout(t)),
    new Promise((_, rej) => { t = setTimeout(() => rej(new Error(`${what}: still open after ${ms} ms`)), ms); })]);
}

test('a half-sent request on a quiet server is closed after handshake_timeout (slowloris)', async (t) => {
  const d = await new Daemon(['--handshake-timeout', '2']).start();
  t.after(() => d.stop());
  const cases = {
    'nothing sent': '',
    'one byte': 'G',
    'a request line and half the headers': `GET / HTTP/1.1\r\nHost: 127.0.0.1:${d.port}\r\n`,
    'half an upgrade': `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${d.port}\r\nUpgrade: websocket\r\n`,
  };
  const socks = [];
  for (const [what, text] of Object.entries(cases)) {
    const s = await rawSocket(d.port);
    s.on('data', () => {});
    if (text) s.write(text);
    // lws 4.1.6 ran these timeouts only when something else woke it: on a
    // quiet server every 30 s whatever handshake_timeout said; 15 s is
    // far from both the 2 s asked for and those 30 s
    socks.push(within(closedBy(s), what, 15000));
  }
  // nothing else happens on the server meanwhile
  await Promise.all(socks);
  // and it still serves
  assert.equal((await fetch(`${d.url}/healthz`)).status, 200);
});

// A raw WebSocket client at address ip (through the trusted proxy) that
// says hello and then asks for transcripts without ever reading a byte,
// until the server drops it or stop() says so.  Resolves true when the
// server cut the connection.
async function neverReader(d, ip, stop) {
  const s = await rawSocket(d.port);
  s.on('error', () => {});
  const head = await new Promise((res) => {
    let buf = '';
    const on = (b) => { buf += b.toString('latin1'); if (buf.includes('\r\n\r\n')) { s.off('data', on); res(buf); } };
    s.on('data', on);
    s.write(upgradeRequest(d.port).replace('\r\n\r\n', `\r\nX-Forwarded-For: ${ip}\r\n\r\n`));
  });
  assert.match(head, /^HTTP\/1.1 101/);
  s.pause();	// from now on nothing is read
  const closed = closedBy(s);
  s.write(frame(JSON.stringify({ type: 'hello', id: 'h' })));
  let i = 0;
  while (!stop() && !s.destroyed) {
    if (!s.write(frame(JSON.stringify({ type: 'transcript', id: `t${i++}` }))))
      await Promise.race([new Promise((r) => s.once('drain', r)), closed, sleep(200)]);
    else if (i % 20 === 0) await sleep(5);
  }
  const cut = s.destroyed;
  s.destroy();
  return cut;
}

async function metrics(d) {
  const text = await (await fetch(`${d.url}/metrics`)).text();
  return (re) => { const m = text.match(re); return m ? Number(m[1]) : NaN; };
}

test('acceptance: a bystander gets every reply and no error while a hoarder, a flooder and a never-reading client run at once', async (t) => {
  // a short ping_interval: a client that does not read answers no ping;
  // 15 s, not 3: its grace (a third, at least 2 s) must outlast a loaded
  // CI's stall of the bystander's pong (cut 1006 at 3: 2 s of grace)
  const d = await new Daemon(['--trusted-proxies', '127.0.0.1', '--max-conversations-per-ip', '20',
    '--max-output-bytes', '65536', '--ping-interval', '15']).start();
  t.after(() => d.stop());
  let stop = false;
  const seen = { hoarded: 0, hoardRefused: 0, flooded: 0, limited: 0, readerCut: null };

  // the hoarder: hello and drop, from one address, over and over
  const hoarder = (async () => {
    while (!stop) {
      const c = await connect(d.wsUrl, { headers: { 'X-Forwarded-For': '192.0.2.66' } });
      const w = (await c.turn(c.request({ type: 'hello' }), PATIENCE_MS))[0];
      if (w.type === 'welcome') seen.hoarded++; else seen.hoardRefused++;
      c.terminate();
    }
  })();

  // the flooder: as many messages as the socket takes, never waiting
  const flooder = (async () => {
    const c = await connect(d.wsUrl, { headers: { 'X-Forwarded-For': '192.0.2.77' } });
    await c.turn(c.request({ type: 'hello' }), PATIENCE_MS);
    while (!stop && !c.closed) {
      for (let i = 0; i < 50; i++) c.request({ type: 'say', text: 'What is Pingora?' });
      seen.flooded += 50;
      seen.limited += c.queue.filter((m) => m.code === 'rate_limited').length;
      c.queue.length = 0;
      await sleep(5);
    }
    c.terminate();
  })();

  // the never-reader
  const reader = neverReader(d, '192.0.2.88', () => stop).then((cut) => { seen.readerCut = cut; });

  // the bystander: conversations, turn after turn, until all three have
  // been held to their bounds; every turn answered, no error
  const b = await connect(d.wsUrl, { headers: { 'X-Forwarded-For': '198.51.100.9' } });
  t.after(() => b.close());
  let turns = 0;
  const ask = async (msg) => {
    await sleep(100);	// a person's pace, well within the rate limits
    const turn = await b.turn(b.request(msg), PATIENCE_MS);
    turns++;
    assert.ok(!turn.some((m) => m.type === 'error'), `error to the bystander: ${JSON.stringify(turn)}`);
    assert.equal(turn.at(-1).done, true);
    return turn;
  };
  const bounded = async () => {
    const m = await metrics(d);
    return seen.readerCut !== null && seen.limited > 0 &&
      m(/^advisord_conversation_limits_total\{limit="max_conversations_per_ip_closed"\} (\d+)$/m) > 0;
  };
  const end = Date.now() + 4 * PATIENCE_MS;
  let rounds = 0;
  do {
    assert.equal((await ask({ type: 'hello' }))[0].type, 'welcome');
    for (const text of ['Java dev, we build microservices on Kubernetes', 'What is Pingora?', 'why?'])
      await ask({ type: 'say', text });
    assert.equal((await ask({ type: 'transcript' }))[0].type, 'transcript');
    await ask({ type: 'end' });
    rounds++;
    // the never-reader is cut once its close could not be written either
  } while (!(await bounded()) && Date.now() < end);
  stop = true;
  await Promise.all([hoarder, flooder, reader]);

  assert.ok(await bounded(), `the hostile clients were not all held to their bounds: ${JSON.stringify(seen)}`);
  assert.equal(seen.hoardRefused, 0, 'the hoarder\'s oldest waiting conversations made room');
  assert.equal(seen.readerCut, true, 'the never-reading client was cut');
  // reading from it paused at half of max_output_bytes, so it could ask for
  // no more; it answered no ping and was dropped
  assert.match(d.log, /conn \d+ 192\.0\.2\.88: no answer to a ping in \d+ s; dropping it/);
  assert.equal(turns, rounds * 6);
});

test('memory budget: queued output counts with the replay; over it the clients that do not read go first when waiting conversations cannot cover it', async (t) => {
  const budget = 1048576;
  const d = await new Daemon(['--trusted-proxies', '127.0.0.1', '--max-replay-bytes', String(budget),
    '--max-output-bytes', String(8 * budget), '--rate-connection', '1000', '--rate-connection-burst', '1000',
    '--rate-conversation', '1000', '--rate-conversation-burst', '1000']).start();
  t.after(() => d.stop());
  // a conversation waiting for resume
  const w = await connect(d.wsUrl, { headers: { 'X-Forwarded-For': '203.0.113.1' } });
  const welcome = (await w.turn(w.request({ type: 'hello' })))[0];
  await w.turn(w.request({ type: 'say', text: 'What is Pingora?' }));
  w.terminate();
  // a bystander, attached and reading
  const b = await connect(d.wsUrl, { headers: { 'X-Forwarded-For': '198.51.100.9' } });
  t.after(() => b.close());
  await b.turn(b.request({ type: 'hello' }));
  // two clients that never read pile up output, 8 MiB each allowed
  // (dropped, they cannot take their close frame either: cut 10 s later)
  const readers = [neverReader(d, '192.0.2.88', () => false), neverReader(d, '192.0.2.89', () => false)];
  await within(Promise.all(readers), 'the clients that do not read');
  const m = await metrics(d);
  assert.equal(m(/^advisord_conversation_limits_total\{limit="max_replay_bytes_connection"\} (\d+)$/m), 2);
  // the waiting conversation stays: its few KB of replay could never
  // cover what the non-readers held, so they went first (PROTOCOL.md 10.4,
  // h38 F3).  A reader cut by the budget leaves its own conversation
  // waiting (up to 512 KiB of replay), which the budget may close in turn
  // when the other reader still fills it: 0 to 2, depending on timing
  const waitingDropped = m(/^advisord_conversation_limits_total\{limit="max_replay_bytes"\} (\d+)$/m);
  assert.ok(waitingDropped >= 0 && waitingDropped <= 2, `waiting conversations dropped: ${waitingDropped}`);
  const r = await connect(d.wsUrl);
  await r.turn(r.request({ type: 'hello' }));
  const resumed = (await r.turn(r.request({ type: 'resume', conversation: welcome.conversation, token: welcome.token })))[0];
  assert.notEqual(resumed.type, 'error', JSON.stringify(resumed));
  r.close();
  assert.ok(m(/^advisord_queued_output_bytes (\d+)$/m) + m(/^advisord_replay_bytes (\d+)$/m) <= budget);
  assert.match(d.log, /the memory budget \(max_replay_bytes\) is spent; dropping it/);
  // the bystander was not harmed
  const turn = await b.turn(b.request({ type: 'say', text: 'What is Pingora?' }));
  assert.ok(!turn.some((x) => x.type === 'error'), JSON.stringify(turn));
});

test('disk: by default transcripts older than 90 days are deleted at start (retention_days)', async (t) => {
  const state = tempDir('advisord-retention-');
  let d = await new Daemon(['--state-dir', state]).start();
  t.after(async () => { await d.stop(); rmSync(state, { recursive: true, force: true, maxRetries: 10 }); });
  for (let i = 0; i < 2; i++) {
    const c = await connect(d.wsUrl);
    await c.turn(c.request({ type: 'hello' }));
    await c.turn(c.request({ type: 'say', text: 'What is Pingora?' }));
    await c.turn(c.request({ type: 'end' }));
    c.close();
  }
  await d.stop();
  const dir = join(state, 'transcripts');
  const files = readdirSync(dir).filter((f) => !f.startsWith('.')).sort();
  assert.ok(files.length >= 4, `signed transcripts: ${files}`);	// .json and .minisig
  const old = new Date(Date.now() - 91 * 86400e3);
  for (const f of files.slice(0, 2)) utimesSync(join(dir, f), old, old);
  d = await new Daemon(['--state-dir', state]).start();
  const left = async () => readdirSync(dir).filter((f) => !f.startsWith('.')).sort();
  for (let i = 0; i < 200 && (await left()).length !== files.length - 2; i++) await sleep(50);
  assert.deepEqual(await left(), files.slice(2));
  // the line reaches stderr after the files are gone: wait for it
  for (let i = 0; i < 200 && !/retention: removed/.test(d.log); i++) await sleep(50);
  assert.match(d.log, /retention: removed 2 files older than 90 days/);
});
