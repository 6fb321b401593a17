// SPDX-License-Identifier: ISC
// Hostile review h28: the write path changed last (a turn's released
// messages framed in ws.c and sent as one raw write; replies written at
// the group commit's release, outside WRITEABLE), WebSocket frames with odd
// payloads, messages at max_message_bytes, clients that cut the connection
// mid-write or read slowly, the engine's readers with hostile text, and
// configuration files with control bytes (advisord -n).  Each test says
// what a user or an operator would check.  H28_FINDINGS.md says what each
// one found.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADVISORD, Daemon, assertCleanLog, browser, connect, frame, frameJson, rawWs, run, sleep, tempDir } from './lib.mjs';

const RATES = ['--rate-conversation', '100000', '--rate-conversation-burst', '100000',
  '--rate-connection', '100000', '--rate-connection-burst', '100000'];

const describe = (frames) => frames.map((f) => (f.partial ? 'partial'
  : f.opcode === 8 ? `close(${f.payload.length >= 2 ? f.payload.readUInt16BE(0) : ''} ${f.payload.subarray(2)})`
    : f.opcode === 1 ? (frameJson(f)?.type ?? 'not-json') : `opcode ${f.opcode}`)).join(' ');

// Open a raw connection and do its hello (the welcome turn read).
async function rawHello(d) {
  const w = await rawWs(d.port);
  w.s.write(frame(JSON.stringify({ type: 'hello', id: 'h28-hello' })));
  assert.ok(await w.until((f) => f.opcode === 1 && frameJson(f)?.re === 'h28-hello' && frameJson(f)?.done), describe(w.frames()));
  w.mark = w.frames().length;
  return w;
}

// ---- frames after the close frame ----------------------------------------

// RFC 6455 5.5.1: "after sending a Close frame, the endpoint MUST NOT send
// any more data frames".  A say, and in the same write a frame the daemon
// (or lws) closes the connection for: the say's answer waits for its
// journal group commit, the close goes at once, and the answer, released
// a few ms later, was written after the close frame.  Browsers and strict
// clients see data on a closed connection (a protocol error).
test('a connection the daemon closes while a turn waits for its group commit gets no data frame after the close frame', async (t) => {
  const d = await new Daemon([...RATES]).start();
  t.after(() => d.stop());
  const bad = {
    'a binary frame (1003)': frame(Buffer.from([1, 2, 3]), { opcode: 2 }),
    'a close frame with a 1-byte payload (1002)': frame(Buffer.from([3]), { opcode: 8 }),
    'a continuation frame with no start (1002, from lws)': frame('{"x":1}', { opcode: 0 }),
    'a text frame inside a fragmented message (1002, from lws)': Buffer.concat([
      frame('{"type":', { opcode: 1, fin: false }), frame('{"x":1}', { opcode: 1 })]),
    'a text frame that is not UTF-8 (1007)': frame(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])),
  };
  const after = [];
  for (const [name, b] of Object.entries(bad)) {
    const w = await rawHello(d);
    const say = frame(JSON.stringify({ type: 'say', id: 's1', text: 'what is pingora and why does cloudflare use rust for it?' }));
    w.s.write(Buffer.concat([say, b]));
    await w.until((f) => f.opcode === 8);
    await sleep(500);	// what a group commit then releases
    const fr = w.frames().slice(w.mark);
    const ci = fr.findIndex((f) => f.opcode === 8);
    assert.ok(ci >= 0, `${name}: a close frame: ${describe(fr)}`);
    if (fr.slice(ci + 1).some((f) => f.opcode === 1)) after.push(`${name}: ${describe(fr)}`);
    w.s.destroy();
  }
  assert.deepEqual(after, [], 'data frames after the close frame');
  const m = await (await fetch(`${d.url}/metrics`)).text();
  assert.match(m, /^advisord_messages_unsent_after_close_total [1-9]/m, 'the messages not written are counted');
  assertCleanLog(d);
});

// The say's turn was journaled before the close: the answer not written
// on the closed connection is not lost, a resume on a new connection
// replays it.
test('the answer not written after the close frame comes with a resume on a new connection', async (t) => {
  const d = await new Daemon([...RATES]).start();
  t.after(() => d.stop());
  const w = await rawHello(d);
  const welcome = w.frames().map(frameJson).find((m) => m?.type === 'welcome');
  assert.ok(welcome?.conversation && welcome?.token, JSON.stringify(welcome));
  const seen = w.frames().map(frameJson).filter((m) => m?.seq !== undefined).map((m) => m.seq);
  const say = frame(JSON.stringify({ type: 'say', id: 's1', text: 'what is pingora and why does cloudflare use rust for it?' }));
  w.s.write(Buffer.concat([say, frame(Buffer.from([1, 2, 3]), { opcode: 2 })]));
  await w.until((f) => f.opcode === 8);
  await sleep(500);
  const fr = w.frames().slice(w.mark);
  assert.ok(!fr.slice(fr.findIndex((f) => f.opcode === 8) + 1).some((f) => f.opcode === 1), describe(fr));
  const onClosed = fr.map(frameJson).filter((m) => m?.re === 's1');
  w.s.destroy();
  const c = await connect(d.wsUrl);
  const turn = await c.turn(c.request({ type: 'hello', protocol: 'advisor.v1',
    resume: { conversation: welcome.conversation, token: welcome.token, last_seq: Math.max(0, ...seen) } }), 10000);
  assert.ok(turn.some((m) => m.type === 'resumed'), JSON.stringify(turn.map((m) => m.type)));
  // the replayed messages keep their re (PROTOCOL.md 4.3), between the
  // welcome and resumed
  const replayed = await c.turn('s1', 3000).catch((e) => e.message);
  assert.ok(Array.isArray(replayed) && replayed.every((m) => m.replay) && replayed.at(-1).done,
    `the say's answer, neither on the closed connection (${JSON.stringify(onClosed.map((m) => m.type))}) nor in the resume: ${JSON.stringify(replayed).slice(0, 500)}`);
  c.terminate();
  assertCleanLog(d);
});

// RFC 6455 5.5.3: a Pong may be sent unsolicited, and its payload is
// application data (5.5.2): any bytes.  The connection was closed 1007
// "bad utf8" for a pong of 0xff bytes.
// (lws 4.1.6 kept its UTF-8 check on from the last text frame,
// lib/roles/ws/ops-ws.c:158, 547, 662; the daemon now checks text itself.)
test('an unsolicited pong whose payload is not UTF-8 does not close the connection', async (t) => {
  const d = await new Daemon([...RATES]).start();
  t.after(() => d.stop());
  const w = await rawHello(d);
  w.s.write(frame(Buffer.alloc(20, 0xff), { opcode: 10 }));
  w.s.write(frame(JSON.stringify({ type: 'say', id: 's2', text: 'is go easier to learn?' })));
  await w.until((f) => f.opcode === 8 || (f.opcode === 1 && frameJson(f)?.re === 's2' && frameJson(f)?.done));
  const fr = w.frames().slice(w.mark);
  assert.ok(!fr.some((f) => f.opcode === 8), `closed: ${describe(fr)}`);
  assert.ok(fr.some((f) => f.opcode === 1 && frameJson(f)?.re === 's2' && frameJson(f)?.done), describe(fr));
  w.s.destroy();
  assertCleanLog(d);
});

// RFC 6455 5.1: "The server MUST close the connection upon receiving a
// frame that is not masked."  An unmasked text frame was read as a message
// (answered bad_json for its one byte).
test('an unmasked frame from the client closes the connection (1002)', {
  todo: 'finding: the unmasked frame is read as a message (answered bad_json), the connection stays open. lws 4.1.6 only records the bit (lib/roles/ws/ops-ws.c:244, this_frame_masked, v4.1.6) and offers no option, callback or accessor for it; upstream checks it from cae06c63a "Audit fixes" (ops-ws.c:271 on main, "client unmasked", 1002)',
}, async (t) => {
  const d = await new Daemon([...RATES]).start();
  t.after(() => d.stop());
  const w = await rawHello(d);
  const text = Buffer.from(JSON.stringify({ type: 'say', id: 's3', text: 'is go easier to learn?' }));
  w.s.write(Buffer.concat([Buffer.from([0x81, text.length]), text]));
  await w.until((f) => f.opcode === 8 || (f.opcode === 1 && frameJson(f)?.done), 3000);
  const fr = w.frames().slice(w.mark);
  assert.ok(fr.some((f) => f.opcode === 8 && f.payload.length >= 2 && f.payload.readUInt16BE(0) === 1002),
    `no 1002 close: ${describe(fr)}`);
  w.s.destroy();
  assertCleanLog(d);
});

// ---- the raw frames and the direct writes ---------------------------------

// 300 messages pipelined in odd-sized writes (says of every length from 1
// to 300 characters, every seventh a transcript, which grows), read by a
// client that reads 5 ms out of every 25: the released messages go out
// in batches of frames made by the daemon, some written at the release,
// some from WRITEABLE after a partial write.  Every frame must be whole
// and well-formed, every message JSON, every turn answered once, in order.
async function pipelined(t, extra) {
  // no keep-alive ping: this raw client never answers one, and a slow run
  // (ASan, a loaded CI) outlasts ping_interval's 30 s of client silence
  const d = await new Daemon([...RATES, '--ping-interval', '3600', ...extra]).start();
  t.after(() => d.stop());
  const w = await rawHello(d);
  const ids = [];
  const parts = [];
  for (let n = 1; n <= 300; n++) {
    ids.push(`p${n}`);
    parts.push(frame(JSON.stringify({ type: n % 7 === 0 ? 'transcript' : 'say', id: `p${n}`, ...(n % 7 ? { text: `${'x'.repeat(n)} is go fast` } : {}) })));
  }
  const all = Buffer.concat(parts);
  for (let i = 0; i < all.length; i += 333) w.s.write(all.subarray(i, i + 333));
  w.s.pause();
  const done = () => w.frames().filter((f) => f.opcode === 1 && frameJson(f)?.done && frameJson(f)?.re?.startsWith('p')).length;
  // read until all 300 are answered; the bound is patience (10 min: ASan
  // at load 23 took 5.6), not a number of read windows, which a slow
  // daemon needs more of
  for (const end = Date.now() + 600000; done() < 300 && !w.closed && Date.now() < end;) {
    w.s.resume(); await sleep(5); w.s.pause(); await sleep(20);
  }
  w.s.resume();
  const fr = w.frames().slice(w.mark);
  assert.ok(!fr.some((f) => f.partial), 'no frame left cut');
  const bad = fr.filter((f) => f.opcode !== 1 || !f.fin || f.rsv !== 0 || f.masked || frameJson(f) === null);
  assert.deepEqual(bad.map((f) => describe([f])), [], 'every frame a final, unmasked text frame holding JSON');
  const order = fr.map(frameJson).filter((m) => m.done).map((m) => m.re);
  assert.deepEqual(order, ids, 'every turn answered once, in the order sent');
  w.s.destroy();
  assertCleanLog(d);
}

test('300 pipelined messages, a client that reads slowly: every frame whole and well-formed, every turn answered once, in order (sync turn)', async (t) => {
  await pipelined(t, []);
});

test('the same with max_output_bytes 8192 (reading paused and resumed) and sync off', async (t) => {
  await pipelined(t, ['--max-output-bytes', '8192', '--sync', 'off']);
});

// 20 integration connections of 10 conversations each send 60 messages
// (1 KiB says and transcripts) and are cut (TCP reset, no close) while the
// daemon writes their replies, five rounds, each resuming the same
// conversations.  The daemon stays ready, a browser user beside them is
// answered, and a cut conversation resumes.
test('integrations cut mid-write, five rounds: the daemon stays ready, a bystander is answered, the conversations resume', async (t) => {
  const KEY = 'h28-api-key-0123456789abcdef';
  const d = await new Daemon(['--api-key', `h28:${KEY}`, ...RATES]).start();
  t.after(() => d.stop());
  const headers = { Authorization: `Bearer ${KEY}` };
  const by = await browser(d);
  for (let round = 0; round < 5; round++) {
    const cs = [];
    for (let k = 0; k < 20; k++) {
      const c = await connect(d.wsUrl, { headers });
      c.request({ type: 'hello', protocol: 'advisor.v1' });
      await c.next((m) => m.type === 'welcome');
      for (let i = 0; i < 10; i++) c.request({ type: round === 0 ? 'open' : 'resume', conversation: `k${k}c${i}` });
      cs.push(c);
    }
    cs.forEach((c, k) => {
      for (let r = 0; r < 6; r++) {
        for (let i = 0; i < 10; i++) {
          c.request(r % 3 === 2 ? { type: 'transcript', conversation: `k${k}c${i}` }
            : { type: 'say', conversation: `k${k}c${i}`, text: 'what is pingora and how many rust developers are there? '.repeat(18) });
        }
      }
    });
    await sleep(30 + 20 * round);
    for (const c of cs) c.ws._socket.destroy();
    const turn = await by.conv.say('is go easier to learn?');
    assert.ok(turn.at(-1).done, JSON.stringify(turn).slice(0, 300));
  }
  assert.equal((await fetch(`${d.url}/readyz`)).status, 200);
  const c = await connect(d.wsUrl, { headers });
  c.request({ type: 'hello', protocol: 'advisor.v1' });
  await c.next((m) => m.type === 'welcome');
  const r = await c.turn(c.request({ type: 'resume', conversation: 'k7c3' }), 10000);
  assert.ok(r.some((m) => m.type === 'resumed'), JSON.stringify(r.map((m) => m.type)));
  c.terminate();
  assertCleanLog(d);
});

// Ten clients that never read ask for transcripts and say 1 KiB texts over
// and over: what the daemon holds for them stays bounded, and a user beside
// them is answered.  The bound per client is the one ws.c states: its queue
// dropped at max_output_bytes plus the message that crossed it, not
// counting one transcript message, plus the one write lws holds for it (at
// most a transcript, or WS_TX_PACKET of frames).  How many turns a client
// that does not read gets through (so how long its transcript is) depends
// on how much the kernel's socket buffers take first, so the largest
// transcript and reply are measured here: a client that reads sends the
// same 150 messages first.
const SAY_1K = 'what does the article say about memory safety and garbage collection pauses? '.repeat(12);
test('clients that never read: the output held for them stays under max_output_bytes each (plus one transcript queued and one held by lws), a bystander is answered', async (t) => {
  const MAX = 65536;
  const d = await new Daemon(['--max-output-bytes', String(MAX), ...RATES]).start();
  t.after(() => d.stop());
  const by = await browser(d);
  const reader = await browser(d);
  let transcriptMax = 0;
  let replyMax = 0;
  for (let r = 0; r < 150; r++) {
    const turn = await reader.conv.send(r % 2 ? { type: 'transcript' } : { type: 'say', text: SAY_1K }, 20000);
    for (const m of turn) {
      const n = Buffer.byteLength(JSON.stringify(m));
      if (r % 2 && m.type === 'transcript') transcriptMax = Math.max(transcriptMax, n);
      else replyMax = Math.max(replyMax, n);
    }
  }
  reader.c.close();
  const perClient = MAX + replyMax + transcriptMax + Math.max(transcriptMax, 65536);
  t.diagnostic(`largest reply ${replyMax} bytes, largest transcript ${transcriptMax} bytes`);
  const ws = [];
  for (let i = 0; i < 10; i++) {
    const w = await rawHello(d);
    w.s.pause();
    ws.push(w);
  }
  let peak = 0;
  for (let r = 0; r < 150; r++) {
    for (const w of ws) {
      w.s.write(frame(JSON.stringify(r % 2 ? { type: 'transcript', id: `x${r}` }
        : { type: 'say', id: `x${r}`, text: SAY_1K })));
    }
    if (r % 25 === 24) {
      const m = await (await fetch(`${d.url}/metrics`)).text();
      peak = Math.max(peak, Number(/^advisord_queued_output_bytes (\d+)/m.exec(m)[1]));
      const turn = await by.conv.say('is go easier to learn?');
      assert.ok(turn.at(-1).done);
    }
  }
  assert.ok(peak <= ws.length * perClient, `queued output ${peak} bytes for ${ws.length} clients: over ${perClient} each (max_output_bytes ${MAX}, largest reply ${replyMax}, largest transcript ${transcriptMax})`);
  for (const w of ws) w.s.destroy();
  assert.equal((await fetch(`${d.url}/readyz`)).status, 200);
  assertCleanLog(d);
});

// ---- messages at max_message_bytes ------------------------------------------

// A message of exactly max_message_bytes is answered, in one frame or in
// 1-byte fragments (with 125-byte pings between fragments, each answered
// with a pong carrying the same bytes); one byte more is closed 1009
// naming it.
test('a message of exactly max_message_bytes is answered (one frame, 1-byte fragments, pings between); one byte more is closed 1009 "message too large"', async (t) => {
  const d = await new Daemon([...RATES]).start();
  t.after(() => d.stop());
  const exact = (n) => {
    const core = '{"type":"say","id":"big","text":"is rust fast?"';
    return Buffer.from(`${core}${' '.repeat(n - core.length - 1)}}`);
  };
  const fragments = (msg, piece, ping) => {
    const parts = [];
    for (let i = 0; i < msg.length; i += piece) {
      parts.push(frame(msg.subarray(i, i + piece), { opcode: i === 0 ? 1 : 0, fin: i + piece >= msg.length }));
      if (ping && i % 1000 === 0) parts.push(frame(Buffer.alloc(125, i % 251), { opcode: 9 }));
    }
    return Buffer.concat(parts);
  };
  const answered = (w) => w.until((f) => f.opcode === 1 && frameJson(f)?.re === 'big' && frameJson(f)?.done, 20000);
  const closed1009 = async (w) => {
    await w.until((f) => f.opcode === 8, 20000);
    const c = w.frames().find((f) => f.opcode === 8);
    return c !== undefined && c.payload.readUInt16BE(0) === 1009 && /message too large/.test(c.payload.subarray(2).toString());
  };
  for (const [name, bytes, want] of [
    ['65536 bytes, one frame', frame(exact(65536)), answered],
    ['65536 bytes, 1-byte fragments', fragments(exact(65536), 1, false), answered],
    ['65536 bytes, 1-byte fragments and 125-byte pings', fragments(exact(65536), 1, true), answered],
    ['65537 bytes, one frame', frame(exact(65537)), closed1009],
    ['65537 bytes, 1-byte fragments', fragments(exact(65537), 1, false), closed1009],
  ]) {
    const w = await rawHello(d);
    w.s.write(bytes);
    assert.ok(await want(w), `${name}: ${describe(w.frames().slice(w.mark)).slice(0, 400)}`);
    if (name.includes('pings')) {
      const pongs = w.frames().filter((f) => f.opcode === 10);
      assert.ok(pongs.length > 0 && pongs.every((f) => f.payload.length === 125), `pongs: ${pongs.length}`);
    }
    w.s.destroy();
  }
  const by = await browser(d);
  assert.ok((await by.conv.say('is go easier to learn?')).at(-1).done);
  assertCleanLog(d);
});

// ---- the engine's readers with hostile text ------------------------------------

// Texts of the largest size a say takes (8192 bytes) built from the
// phrases the issue-11 readers look for (follow-up starts, "it", counts
// and durations, "we", negations, ranking words), clause breaks, and odd
// Unicode (combining marks, ZWJ emoji, bidi controls, control characters,
// fullwidth letters, surrogate pairs sent as escapes): each is answered
// with a done turn the schema accepts, and a user beside the attacker is
// answered between them.  A NUL inside a JSON string is refused bad_json
// naming it, and the connection carries on.
test('hostile texts of 8192 bytes through the readers: every one answered, a bystander answered between them; a NUL is refused naming it', async (t) => {
  const d = await new Daemon([...RATES]).start();
  t.after(() => d.stop());
  const fill = (unit) => {
    let s = '';
    while (Buffer.byteLength(s + unit) <= 8192) s += unit;
    return s;
  };
  const units = ['is rust faster than go? ', "and rust, how long until you're productive? ", 'what does it pay? ',
    "didn't someone do exactly that already? ", 'ok but how many ', "isn't rust faster though, ", 'top ten ',
    'what should we use for our services? ', 'we ', 'i ', ', ', 'rust, go, ', 'rather than go, ', "'", '1 ',
    'discord microsoft android kernel ', 'e\u0301\u0302\u0303', '👨‍👩‍👧‍👦', '\u202erust\u202c גו ',
    'rust\u0002go\u0001\u001f\u007f ', 'ＲＵＳＴ ｖｓ ＧＯ ', 'İS RUST FASTER ı ', 'a'];
  const att = await browser(d);
  const by = await browser(d);
  for (const u of units) {
    const turn = await att.conv.say(fill(u));
    assert.ok(turn.at(-1).done && !turn.some((m) => m.type === 'error'), `${JSON.stringify(u)}: ${JSON.stringify(turn.map((m) => m.type + (m.code ? `/${m.code}` : '')))}`);
    assert.ok((await by.conv.say('is go easier to learn?')).at(-1).done);
  }
  att.c.send(`{"type":"say","id":"h28-sur","text":"${'\\ud83e\\udd80 rust \\u0301'.repeat(300)}"}`);
  assert.ok((await att.c.turn('h28-sur', 10000)).at(-1).done);
  att.c.send('{"type":"say","id":"h28-nul","text":"rust\\u0000go"}');
  const e = await att.c.next((m) => m.type === 'error');
  assert.equal(e.code, 'bad_json');
  assert.match(e.message, /NUL/);
  assert.ok((await att.conv.say('what is pingora?')).at(-1).done, 'the connection carries on');
  assertCleanLog(d);
});

// ---- configuration files with control bytes ------------------------------------

// advisord -n echoes a bad value back: raw, an ESC sequence in the file
// reached the operator's terminal (clear screen, set the title), and an
// invisible byte made the error read "unknown mode 'off'" for a value
// that looks right.  The error must show what is there.
test('advisord -n: a value holding control bytes is named with them shown, not written raw to the terminal', async (t) => {
  const w = tempDir('advisord-h28-conf-');
  t.after(() => rmSync(w, { recursive: true, force: true }));
  const file = join(w, 'advisord.conf');
  for (const [text, shown] of [
    ['sync = o\x1b[2J\x1b]0;pwned\x07ff\n', "unknown mode 'o\\x1b[2J\\x1b]0;pwned\\x07ff'"],
    ['sync = o\x01ff\n', "unknown mode 'o\\x01ff'"],
    ['log_level = info\x1b[31m\n', "unknown level 'info\\x1b[31m'"],
    ['s\x1bync = off\n', "unknown setting 's\\x1bync'"],
    ['allowed_origin = http://a\u009b2J.example\n', "invalid origin 'http://a\\xc2\\x9b2J.example'"],
    ['tls_cert = /nonexistent/\x1b[2Jcert\ntls_key = /nonexistent/k\x01\n', 'cannot read /nonexistent/\\x1b[2Jcert'],
    ['kb_dir = /nonexistent/\x1b]0;t\x07kb\n', "'/nonexistent/\\x1b]0;t\\x07kb' is not a directory"],
  ]) {
    writeFileSync(file, text);
    const r = await run(ADVISORD, ['-n', '-c', file, '--state-dir', join(w, 'state')]);
    const out = r.stdout + r.stderr;
    assert.notEqual(r.code, 0, out);
    assert.doesNotMatch(out, /[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f]/, `control bytes written as they are: ${JSON.stringify(out)}`);
    assert.ok(out.includes(shown), `${JSON.stringify(text)}: want ${shown} in ${JSON.stringify(out)}`);
  }
});

// ---- owner files (ID.final v2) changed between restarts ----------------------

// Three users ended; the daemon stopped; then (a) one owner file rewritten
// the way a tool would (pretty-printed, keys in another order, a field
// added: same values), and (b) another one, with its transcript and
// signature, copied under a new transcript id of a later time, its
// original removed: the mac binds the id, so the copy is skipped, named,
// and its owner's name and token fetch nothing; (a) and the untouched one
// are still fetched.
test('owner files between restarts: one rewritten with the same values is still indexed; one moved with its transcript under another id is skipped and named', async (t) => {
  const state = tempDir('advisord-h28-owner-');
  t.after(() => rmSync(state, { recursive: true, force: true }));
  const args = ['--state-dir', state, ...RATES];
  const d = await new Daemon(args).start();
  const users = [];
  for (let i = 0; i < 3; i++) {
    const u = await browser(d);
    await u.conv.say(i % 2 ? 'What is Pingora?' : 'why is rust hard to learn?');
    const ended = await u.c.turn(u.c.request({ type: 'end' }));
    u.final = ended.find((m) => m.type === 'transcript');
    assert.equal(u.final?.status, 'complete');
    u.c.close();
    users.push(u);
  }
  assert.equal((await d.stop()).code, 0);
  const tdir = join(state, 'transcripts');
  const base = (u) => join(tdir, u.final.file.replace(/\.json$/, ''));
  const [a, b, c] = users;
  const owner = JSON.parse(readFileSync(`${base(a)}.final`, 'utf8'));
  const sorted = Object.fromEntries(Object.keys(owner).sort().reverse().map((k) => [k, owner[k]]));
  writeFileSync(`${base(a)}.final`, `${JSON.stringify({ ...sorted, note: 'checked by ops' }, null, 2)}\n`);
  const moved = base(b).replace(/-([0-9a-f]+)$/, '-00000000');
  for (const ext of ['.final', '.json', '.json.minisig']) renameSync(`${base(b)}${ext}`, `${moved}${ext}`);
  const d2 = await new Daemon(args).start();
  t.after(() => d2.stop());
  const fetchFinal = async (u) => {
    const cl = await connect(d2.wsUrl);
    await cl.turn(cl.request({ type: 'hello', start: false }));
    const turn = await cl.turn(cl.request({ type: 'transcript', conversation: u.welcome.conversation, token: u.welcome.token }));
    cl.close();
    return turn.at(-1);
  };
  assert.equal((await fetchFinal(a)).content, a.final.content, 'the rewritten owner file (same values) is indexed');
  assert.equal((await fetchFinal(c)).content, c.final.content, 'the untouched one is indexed');
  const got = await fetchFinal(b);
  assert.notEqual(got.type, 'transcript', `fetched through an owner file moved under another id: ${got.file}`);
  assert.ok(d2.log.includes(`finals: ${moved}.final: skipped: its mac does not match`), d2.log);
  assertCleanLog(d2);
});
