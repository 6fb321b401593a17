// SPDX-License-Identifier: ISC
// Hostile review hx53 of the whole daemon (main 9fa5abe4), through the
// daemon over WebSocket.  Each daemon listens on a free 127.0.0.1 port and
// is stopped by its PID.  B=/path/to/build runs it on another build (the
// tests marked "finding" fail on 9fa5abe4; the controls hold on both).
//
// Findings fixed here:
// 1. Medium (wire): a frame header announcing more than
//    max_message_bytes (2^63-1, 2^40, 70000 bytes) followed by a few bytes
//    of payload was not refused until max_message_bytes had arrived: the
//    connection stayed open, unanswered, until the keep-alive dropped it
//    (ping_interval and a third more, no close frame).  What a frame
//    announces is now judged at its first piece (conn_rx_append(), with
//    lws_remaining_packet_payload()): 1009 naming the bound at once.  A
//    header with no payload byte after it is never handed to the daemon
//    by libwebsockets 4.1.6: the keep-alive drops it (the bound
//    PROTOCOL.md 2.3 states; the control below).
// 2. High (negation read backwards, KB data as round 52 did): "gc is not
//    an option" recorded "a GC is OK", "docker is not optional" "No, not
//    particularly", "hiring isn't trivial" "Hiring isn't a constraint",
//    "memory bugs are not fine" "No, that is not what this is about":
//    each the opposite.  They are now phrases of the choice meant
//    (dialogue.json).
// 3. Medium: "we build everything except kernel drivers" recorded kernel
//    drivers.  "except" and "other than" are now reading.set_aside words
//    (the dialogue's reading only: "does go have exceptions?" is still
//    answered from the article).
//
// 4. Low (HTTP): PROTOCOL.md 2.2 says a path and query over 2048 bytes
//    is answered 414; only the path was counted (lws keeps the query
//    apart): GET /healthz?x=<3000 bytes> was served 200, as /metrics,
//    /pubkey and / were.  The query now counts (http_check_request()).
//
// Found and left (reported, no test): "we build apis or cli tools, mostly
// apis" records cli; "forget latency and memory safety" forgets only
// memory safety; "they are new to rust" after "we have a team of go
// developers" records nothing for the team; "hiring is trivial here"
// records mixed_hiring and "docker is optional" cloud_native yes (a topic
// word read as wanted whatever is said of it).  The `end` without its
// transcript of round 52 did not reproduce (see the report).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Daemon, rawSocket, rawWs, rawRequest, sleep, browser, sayThenChoices } from './lib.mjs';

async function daemon(t, args = []) {
  const d = await new Daemon(args).start();
  t.after(() => d.stop());
  return d;
}

// A masked text frame header announcing len bytes (64-bit length).
function bigHeader(len) {
  const h = Buffer.alloc(14);
  h[0] = 0x81;
  h[1] = 0x80 | 127;
  h.writeBigUInt64BE(len, 2);
  h.writeUInt32BE(0x01020304, 10);
  return h;
}

// ms until pred() or the bound; Infinity when it never held.
async function within(pred, ms) {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    if (pred()) return Date.now() - t0;
    await sleep(20);
  }
  return pred() ? Date.now() - t0 : Infinity;
}

test('finding: a frame announcing more than max_message_bytes is refused 1009 at its first bytes', async (t) => {
  const d = await daemon(t);
  const { conv } = await browser(d);
  for (const [len, body] of [[2n ** 63n - 1n, 10], [2n ** 40n, 100], [70000n, 2000], [65537n, 1]]) {
    const w = await rawWs(d.port);
    w.s.write(Buffer.concat([bigHeader(len), Buffer.alloc(body, 0x61)]));
    const ms = await within(() => w.closeCode() !== null, 3000);
    assert.ok(ms < 3000, `${len} announced, ${body} sent: no close frame in 3 s (closed: ${w.closed})`);
    assert.equal(w.closeCode(), 1009);
    const f = w.frames().find((x) => x.opcode === 8);
    assert.match(f.payload.subarray(2).toString(), /max_message_bytes \(65536\)/);
    w.s.destroy();
  }
  // another session is unharmed
  const turn = await conv.say('What is Pingora?');
  assert.ok(turn.some((m) => m.type === 'answer'), JSON.stringify(turn.map((m) => m.type)));
});

test('control: a message of exactly max_message_bytes in frames of every size is still read', async (t) => {
  const d = await daemon(t, ['--max-message-bytes', '4096']);
  const w = await rawWs(d.port);
  const hello = JSON.stringify({ type: 'hello', id: 'h' });
  const text = Buffer.from(hello + ' '.repeat(4096 - hello.length));
  // two frames: 3000 then 1096 bytes, the second announcing its rest
  const { frame } = await import('./lib.mjs');
  w.s.write(Buffer.concat([frame(text.subarray(0, 3000), { fin: false }), frame(text.subarray(3000), { opcode: 0 })]));
  assert.ok(await w.until((f) => f.opcode === 1 && /"welcome"/.test(f.payload.toString())), JSON.stringify(w.frames().map((f) => f.opcode)));
  assert.equal(w.closeCode(), null);
  w.s.destroy();
});

test('control: a frame header with nothing after it, and an upgrade request cut short, go within their bounds', async (t) => {
  const d = await daemon(t, ['--ping-interval', '2', '--handshake-timeout', '2']);
  const { conv } = await browser(d);
  const w = await rawWs(d.port);
  w.s.write(bigHeader(2n ** 63n - 1n));
  // the keep-alive: ping_interval, then at least 2 s for the pong
  assert.ok(await within(() => w.closed, 8000) < 8000, 'a header alone was not dropped by the keep-alive');
  for (const pre of ['GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgr', 'GET /w', 'GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n']) {
    const s = await rawSocket(d.port);
    let closed = false;
    let got = '';
    s.on('close', () => { closed = true; });
    s.on('data', (b) => { got += b; });
    s.on('error', () => {});
    s.write(pre);
    assert.ok(await within(() => closed, 5000) < 5000, `${JSON.stringify(pre)}: not closed within handshake_timeout`);
    assert.equal(got, '');
  }
  const turn = await conv.say('why?');
  assert.ok(turn.at(-1).done);
});

test('finding: a tolerant word negated reads as the need, not as its absence', async (t) => {
  const d = await daemon(t);
  for (const [texts, q, want] of [
    [['we build apis', 'gc is not an option for us'], 'latency', 'deterministic'],
    [['we build apis', 'docker is not optional here'], 'cloud_native', 'yes'],
    [['we build apis', "hiring isn't trivial for us"], 'team', 'mixed_hiring'],
    [['we build apis', 'hiring is not trivial'], 'team', 'mixed_hiring'],
    [['we write cli tools', 'memory bugs are not fine'], 'memory_safety', 'yes'],
  ]) {
    const { got } = await sayThenChoices(d, texts);
    assert.equal(got[q], want, `${JSON.stringify(texts)}: ${JSON.stringify(got)}`);
  }
});

test('finding: what is excepted is not the answer; "exceptions" in a question still asks the article', async (t) => {
  const d = await daemon(t);
  let r = await sayThenChoices(d, ['we build everything except kernel drivers']);
  assert.notEqual(r.got.building, 'kernel', JSON.stringify(r.got));
  r = await sayThenChoices(d, ['we build apis, nothing other than that, except the odd kernel driver']);
  assert.equal(r.got.building, 'apis', JSON.stringify(r.got));
  r = await sayThenChoices(d, ['does go have exceptions?']);
  const answer = r.turns[0].find((m) => m.type === 'answer');
  assert.ok(answer && /exceptions/.test(answer.plain), JSON.stringify(r.turns[0].map((m) => m.type)));
});

test('control: the plain wordings keep their answers', async (t) => {
  const d = await daemon(t);
  for (const [texts, q, want] of [
    [['we build apis', 'gc is ok for us'], 'latency', 'relaxed'],
    [['we build apis', 'we deploy on kubernetes'], 'cloud_native', 'yes'],
    [['we build kernel drivers'], 'building', 'kernel'],
  ]) {
    const { got } = await sayThenChoices(d, texts);
    assert.equal(got[q], want, `${JSON.stringify(texts)}: ${JSON.stringify(got)}`);
  }
});

test('finding: a path and query over 2048 bytes is answered 414, the query counted', async (t) => {
  const d = await daemon(t);
  for (const path of ['/healthz', '/', '/metrics', '/pubkey', '/nothing']) {
    const r = await rawRequest(d.port, [`GET ${path}?x=${'a'.repeat(3000)} HTTP/1.1`, 'Host: 127.0.0.1']);
    assert.match(r.raw.split('\r\n')[0], / 414 /, path);
  }
  // control: at the bound it is served
  const q = `x=${'a'.repeat(2048 - '/healthz?x='.length)}`;
  const r = await rawRequest(d.port, [`GET /healthz?${q} HTTP/1.1`, 'Host: 127.0.0.1']);
  assert.match(r.raw.split('\r\n')[0], / 200 /);
  const r2 = await rawRequest(d.port, [`GET /healthz?${q}a HTTP/1.1`, 'Host: 127.0.0.1']);
  assert.match(r2.raw.split('\r\n')[0], / 414 /);
});
