// SPDX-License-Identifier: ISC
// Over the memory budget (max_replay_bytes), the clients dropped first are
// the ones whose sockets took nothing since the last pass, not a client
// that reads slowly but steadily (hostile tester h38, F1).  A write the
// socket took in part counts whole until it is sent, so a client reading a
// large transcript at a modest pace held as much as one that never reads,
// plus the answers queued behind it: it was dropped first (the most held),
// and the non-readers kept.  Here two clients that never read each fetch a
// final transcript of some 6 MB (more than loopback's buffers take: the
// daemon holds the rest); once the daemon sees both stalled (the gauge
// advisord_connections_stalled), a third client fetches it too and reads it
// slowly, asking questions meanwhile, whose answers push the total over the
// budget (sized after the transcript: three fit, not the answers too).
// Asserted: only non-readers are dropped, a dropped one gets 1008 "not
// reading" once it reads; the slow reader is not closed and gets the
// transcript and every answer.  No timing is asserted.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { Daemon, connect, upgradedFrom, frame, parseFrames, frameJson, sleep, bigText, metric, tempDir } from './lib.mjs';

const SAYS = 240;		// of 8 KiB: a final transcript of some 6 MB
const MARGIN = 64 * 1024;	// the budget past three such transcripts
const PATIENCE_MS = 120000;
const STALL_MS = 30000;	// an older daemon has no such gauge: then on
const ARGS = ['--trusted-proxies', '127.0.0.1', '--max-output-bytes', String(256 * 1024 * 1024),
  '--ping-interval', '3600', '--rate-connection', '100000', '--rate-connection-burst', '100000',
  '--rate-conversation', '100000', '--rate-conversation-burst', '100000'];

// A raw WebSocket client from address addr (X-Forwarded-For); what it
// reads is kept in chunks.  reading: takes what its socket buffered (some
// 64 KB) every 200 ms, a slow but steady reader; else nothing.  fast():
// from then on it reads all it is sent.
async function client(port, addr, { reading }) {
  const w = await upgradedFrom(port, addr);
  const { s } = w;
  let tick = null;
  if (reading) {
    tick = setInterval(() => {
      const b = s.read();
      if (b !== null) w.chunks.push(b);
    }, 200);
  }
  w.send = (obj) => s.write(frame(JSON.stringify(obj)));
  w.fast = () => {
    if (tick) clearInterval(tick);
    for (let b; (b = s.read()) !== null;) w.chunks.push(b);
    s.on('data', (b) => w.chunks.push(b));
    s.resume();
  };
  w.frames = () => parseFrames(Buffer.concat(w.chunks));
  w.stop = () => { if (tick) clearInterval(tick); s.destroy(); };
  return w;
}

// A state directory holding one ended conversation whose final transcript
// is some 6 MB, for one test: { state, fetchMsg, size } (the transcript's
// bytes as a reader gets it by name).
async function makeStore() {
  const state = tempDir('advisord-shedp-');
  after(() => rmSync(state, { recursive: true, force: true }));
  const a0 = await new Daemon(['--state-dir', state, ...ARGS]).start();
  const a = await connect(a0.wsUrl, { headers: { 'X-Forwarded-For': '203.0.113.7' } });
  const welcome = (await a.turn(a.request({ type: 'hello' })))[0];
  for (let i = 0; i < SAYS;) {
    const ids = Array.from({ length: 8 }, () => a.request({ type: 'say', text: bigText(i++) }));
    for (const id of ids) {
      const turn = await a.turn(id, PATIENCE_MS);
      assert.ok(!turn.some((m) => m.type === 'error'), JSON.stringify(turn).slice(0, 300));
    }
  }
  await a.turn(a.request({ type: 'end' }), PATIENCE_MS);
  // its size as a reader gets it by name
  const fetchMsg = { type: 'transcript', conversation: welcome.conversation, token: welcome.token };
  let size = 0;
  a.ws.once('message', (data) => { size = data.length; });
  const got = await a.turn(a.request(fetchMsg), PATIENCE_MS);
  assert.equal(got[0].type, 'transcript', JSON.stringify(got).slice(0, 300));
  a.close();
  await a0.stop();
  return { state, fetchMsg, size };
}

const STALLED = /^advisord_connections_stalled (\d+)$/m;
const DROPPED = /^advisord_conversation_limits_total\{limit="max_replay_bytes_connection"\} (\d+)$/m;

// A daemon on the store with a budget of three such transcripts and a
// little more, and two clients that fetch the transcript and never read,
// once the daemon has seen their sockets take nothing more: { d, nr }.
async function withNonReaders(t, { state, fetchMsg, size }) {
  const d = await new Daemon(['--state-dir', state, '--max-replay-bytes', String(3 * size + MARGIN), ...ARGS]).start();
  t.after(() => d.stop());
  const nr = [];
  for (const addr of ['192.0.2.81', '192.0.2.82']) {
    const w = await client(d.port, addr, { reading: false });
    t.after(() => w.stop());
    w.send({ type: 'hello', id: 'h', start: false });
    w.send({ ...fetchMsg, id: 'f' });
    nr.push(w);
  }
  await untilStalled(d, 2);
  return { d, nr };
}

// Until the gauge shows n connections stalled (or STALL_MS).
async function untilStalled(d, n) {
  for (const until = Date.now() + STALL_MS; !(await metric(d, STALLED) >= n) && Date.now() < until;) await sleep(100);
}

// Reader r asks question after question until the daemon drops a client
// for the memory budget; returns the ids asked.
async function askUntilDropped(d, r) {
  const asked = [];
  for (const until = Date.now() + PATIENCE_MS; !(await metric(d, DROPPED) > 0) && Date.now() < until;) {
    for (let k = 0; k < 8; k++) {
      const id = `s${asked.length}`;
      r.send({ type: 'say', id, text: 'What is Pingora?' });
      asked.push(id);
    }
    await sleep(50);
  }
  assert.ok(await metric(d, DROPPED) >= 1, 'a client dropped for the memory budget');
  return asked;
}

// Reader r, now reading at full speed, is not closed and gets the
// transcript (id f), then an answer to every id asked.
async function assertReaderServed(r, asked) {
  r.fast();
  const done = (f) => f.opcode === 8 || (f.opcode === 1 && frameJson(f)?.done && frameJson(f).re === asked.at(-1));
  for (const until = Date.now() + PATIENCE_MS; !r.closed && !r.frames().some(done) && Date.now() < until;) await sleep(50);
  const frames = r.frames();
  assert.ok(!frames.some((f) => f.opcode === 8), `the reader was closed: ${frames.filter((f) => f.opcode === 8).map((f) => f.payload.subarray(2).toString()).join()}`);
  const msgs = frames.filter((f) => f.opcode === 1).map(frameJson);
  assert.ok(msgs.some((m) => m.type === 'transcript' && m.re === 'f'), 'the reader got the transcript');
  for (const id of asked) assert.ok(msgs.some((m) => m.re === id && m.done && m.type !== 'error'), `the reader's ${id} answered`);
}

test('memory budget: clients that take nothing are dropped before a slow reader that takes bytes every second', async (t) => {
  const store = await makeStore();
  const { d, nr } = await withNonReaders(t, store);

  // the slow reader fetches it too, then asks, its answers queued behind
  const r = await client(d.port, '198.51.100.9', { reading: true });
  t.after(() => r.stop());
  r.send({ type: 'hello', id: 'h' });
  r.send({ ...store.fetchMsg, id: 'f' });
  const asked = await askUntilDropped(d, r);

  // every client now reads at full speed (a dropped one has WS_DROP_GRACE,
  // 10 s, to take its close): the reader gets the transcript, then every
  // answer
  for (const w of nr) w.fast();
  await assertReaderServed(r, asked);
  assert.doesNotMatch(d.log, /198\.51\.100\.9: client not reading/);

  // the ones dropped are non-readers, and get 1008 "not reading" once they read
  await d.waitLog(/client not reading/);
  const drops = [...d.log.matchAll(/conn \d+ ([0-9.]+): client not reading, \d+ bytes queued, and the memory budget \(max_replay_bytes\) is spent; dropping it/g)].map((m) => m[1]);
  assert.equal(drops.length, await metric(d, DROPPED));
  for (const addr of drops) assert.match(addr, /^192\.0\.2\.8[12]$/, 'only non-readers are dropped');
  for (const [i, w] of nr.entries()) {
    if (!drops.includes(`192.0.2.8${i + 1}`)) continue;
    const closing = (f) => f.opcode === 8;
    for (const until = Date.now() + PATIENCE_MS; !w.closed && !w.frames().some(closing) && Date.now() < until;) await sleep(50);
    const close = w.frames().find((f) => f.opcode === 8);
    assert.ok(close, 'a dropped non-reader gets a close frame');
    assert.equal(close.payload.readUInt16BE(0), 1008);
    assert.equal(close.payload.subarray(2).toString(), 'not reading: memory budget spent (max_replay_bytes)', 'the reason names the bound');
  }
});

// Hostile tester h39, F2: a reader that pauses (its socket takes nothing
// for a pass or two) was as stalled as clients that had taken nothing for
// many passes, and the one holding the most went: the reader, its answers
// queued behind the same transcript.  Here two clients fetch the
// transcript and never read; once the daemon sees them stalled, a third
// fetches it and does not read either, until the daemon sees it stalled
// too, and then asks questions whose answers push the total over the
// budget.  Asserted: the client dropped is one stalled longer (a
// non-reader), and the third, reading again, gets the transcript and
// every answer.  No timing is asserted.
test('memory budget: of the clients whose sockets take nothing, the one stalled longest is dropped first, not the one holding most', async (t) => {
  const store = await makeStore();
  const { d } = await withNonReaders(t, store);
  const r = await client(d.port, '198.51.100.9', { reading: false });
  t.after(() => r.stop());
  r.send({ type: 'hello', id: 'h' });
  r.send({ ...store.fetchMsg, id: 'f' });
  await untilStalled(d, 3);
  assert.equal(await metric(d, STALLED), 3, 'the pausing reader seen stalled too');
  const asked = await askUntilDropped(d, r);
  await assertReaderServed(r, asked);
  const drops = [...d.log.matchAll(/conn \d+ ([0-9.]+): client not reading, \d+ bytes queued, and the memory budget \(max_replay_bytes\) is spent; dropping it \(its socket took nothing in (\d+) passes in a row\)/g)];
  assert.ok(drops.length >= 1, d.log.split('\n').filter((l) => /not reading/.test(l)).join('\n'));
  for (const m of drops) assert.match(m[1], /^192\.0\.2\.8[12]$/, 'only non-readers are dropped');
});
