// SPDX-License-Identifier: ISC
// Hostile review hb16b: the batched WebSocket writes (daemon/ws.c), the
// render cache, the resend de-duplication (conv_dedup), the KB loader's
// control-character check and the store's rate-limited failure logs,
// over the real WebSocket path.  Each test asserts what a user reads in
// knowledge/SCHEMA.md or protocol/PROTOCOL.md.
//
// Findings (severity, reproduction, state):
// 1. Low, fixed: the KB loader let U+0085 (NEL), the other C1 controls
//    and U+2028/U+2029 (line and paragraph separators) through in text,
//    which SCHEMA.md promises is "one line".  `advisord -n --kb-dir D`
//    with a claim text holding "\u0085" or "\u2028" said "configuration
//    OK".  Test: 'line breaks beyond ASCII ...'.
// 2. Low, todo (not fixed): an unknown *key* is named in the error as it
//    is, so a key holding ESC ("x\u001b[31m") reaches the terminal or
//    journal as a raw escape sequence (the loader checks values only).
// 3. Low, fixed: a resent message whose answer was only partly kept in
//    the replay ring (its first messages pushed out by later ones) got
//    the kept tail back (the question, not the answer before it) as if
//    it were the whole answer: nothing told the client a part was gone.
//    Reproduction: --replay-messages 3; say a1 (answer 3, question 4),
//    say a2 (5, 6); resend a1: only seq 4 came back.  Now a replay_gap
//    error (re a1, first_seq 4, no done) comes first, as for a resume.
//    Test: 'a resent message whose answer is only partly kept ...'.
// 4. High, fixed: over TLS (wss), an integration connection that stops
//    reading with 50 turns in flight on 5 conversations (says, and
//    transcripts) left the daemon spinning in lws_service_fd_tsi: no new
//    TLS connection was served (no upgrade, no https /readyz) for anyone.
//    Cause: a transcript holds the connection's reading (conn_rx_hold),
//    from inside its receive callback; lws 4.1.6 then loops for ever
//    when OpenSSL still holds decrypted bytes of the record
//    (rops_handle_POLLIN_ws: "goto read" while lws_ssl_pending(), and
//    the rest of its read is moved from the buflist's head to its tail,
//    round and round; upstream issue 2360).  Now such a stop waits for
//    the loop's next round, and what lws still hands over is kept and
//    answered in order (daemon/ws.c conn_rx_stop_safe, ws_rx_service).
//    Plain ws:// never had it (no pending TLS bytes).  Tests: 'over wss,
//    a client cut mid-burst ...', 'over wss, a client that stops
//    reading ...'.
// Tried without finding a defect: slow readers (socket paused) with
// 800 turns in flight on 20 conversations, 1 MiB and 4 KiB
// max_output_bytes, cut mid-burst then resume and resend (sync turn and
// off, replay ring 8 and 256): no loss, no duplicate, seq by one, under
// ASan/UBSan; store failures (write:3+:ENOSPC on the journal): the
// acknowledged turn is replayed after a restart; the log names each
// conversation ended.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { get as httpsGet } from 'node:https';
import { join } from 'node:path';
import { Client, Conv, Daemon, browser, connect, last, run, sleep } from './lib.mjs';
import { ARTICLE, KBTOOL, kbMutator } from './kbmut.mjs';

const { dir, kbWith, refused } = kbMutator('advisord-hb16b-');

const claim0 = (f) => f['claims.json'].claims[0];

test('line breaks beyond ASCII (U+0085, U+2028, U+2029) and C1 controls in KB text are refused, naming file and path', async () => {
  await refused(kbWith((f) => { claim0(f).text += '\u0085second line'; }),
    [/claims\.json: \$\.claims\[0\]\.text: control character U\+0085 /], 1);
  await refused(kbWith((f) => {
    claim0(f).asks[0] += '\u2028x';
    f['dialogue.json'].questions[0].choices[0].label += '\u2029';
    f['lexicon.json'].stopwords[1] = 'a\u009bn';
  }), [/claims\.json: \$\.claims\[0\]\.asks\[0\]: control character U\+2028 /,
    /dialogue\.json: \$\.questions\[0\]\.choices\[0\]\.label: control character U\+2029 /,
    /lexicon\.json: \$\.stopwords\[1\]: control character U\+009B /]);
});

test('printable characters next to those stay accepted (U+00A0, U+2027, U+202F, emoji)', async () => {
  const d = kbWith((f) => { claim0(f).text += ' \u00a0\u2027\u202f\u00c2\u{1f980}'; });
  const k = await run(KBTOOL, ['check', d]);
  assert.equal(k.code, 0, k.stdout + k.stderr);
});

// --- the render cache (protocol/render_json.c) keeps 4 knowledge bases;
// six reloads leave six live ones, each conversation on its own, and
// turns interleaved across them must each show their own words (the
// cache's slots are evicted and rebuilt between turns).
const ASK = 'how many rust developers are there';
const CLAIM = 'rust-primary-language-2025';

function figureOf(turn) {
  const a = last(turn, 'answer');
  const cite = a?.citations.find((c) => c.claim === CLAIM);
  const point = a?.chart?.points.find((p) => p.claim === CLAIM);
  const q = last(turn, 'question');
  assert.ok(cite && point && q, `an answer citing ${CLAIM} and a question: ${JSON.stringify(turn).slice(0, 400)}`);
  return { figure: cite.figures[0].label, label: point.label, choice: q.choices[0].label, plain: q.plain };
}

test('six reloads, six live knowledge bases over the 4-slot render cache: every conversation shows its own words, turn after turn', async (t) => {
  const kb = join(dir, 'reloaded');
  cpSync(ARTICLE, kb, { recursive: true });
  const bin = process.env.HB16B_BIN ? { binary: process.env.HB16B_BIN } : {};
  const d = await new Daemon(['--kb-dir', kb, '--rate-conversation', '1000', '--rate-conversation-burst', '1000'], {}, bin).start({ timeoutMs: 30000 });
  t.after(() => d.stop());
  const hash = async () => (await (await fetch(`${d.url}/readyz`)).json()).kb.hash;
  const orig = { claims: readFileSync(join(ARTICLE, 'claims.json'), 'utf8'), dialogue: readFileSync(join(ARTICLE, 'dialogue.json'), 'utf8') };
  const convs = [];
  for (let v = 0; v < 6; v++) {
    if (v > 0) {
      const c = JSON.parse(orig.claims);
      const cl = c.claims.find((x) => x.id === CLAIM);
      cl.figures[0].label += ` (v${v})`;
      writeFileSync(join(kb, 'claims.json'), JSON.stringify(c));
      const dl = JSON.parse(orig.dialogue);
      for (const q of dl.questions) q.choices[0].label = `v${v} ${q.choices[0].label}`;
      writeFileSync(join(kb, 'dialogue.json'), JSON.stringify(dl));
      const h0 = await hash();
      d.kill('SIGHUP');
      for (let i = 0; i < 200 && await hash() === h0; i++) await sleep(50);
      assert.notEqual(await hash(), h0, `reload ${v} not taken:\n${d.log}`);
    }
    const b = await browser(d);
    convs.push({ v, b, first: figureOf(await b.conv.say(ASK)) });
  }
  const base = convs[0].first;
  for (const { v, first } of convs.slice(1)) {
    assert.equal(first.figure, `${base.figure} (v${v})`);
    assert.equal(first.choice, `v${v} ${base.choice}`);
  }
  // interleaved, twice round, newest first then oldest first
  for (const order of [[...convs].reverse(), convs]) {
    for (const { v, b, first } of order) {
      const now = figureOf(await b.conv.say(ASK));
      assert.deepEqual({ ...now, plain: undefined }, { ...first, plain: undefined }, `conversation on v${v}`);
      // after the answer the question is brief (PROTOCOL.md 7.2): its
      // choices in plain are those of the question asked for
      const full = last(await b.conv.say('choices'), 'question');
      assert.ok(full.plain.includes(first.choice), `v${v}: ${full.plain}`);
    }
  }
  for (const { b } of convs) b.c.close();
  const ex = await d.stop();
  assert.equal(ex.signal, null, d.log.slice(-3000));
  assert.doesNotMatch(d.log, /runtime error|AddressSanitizer|LeakSanitizer/);
});

// --- resend de-duplication (conv_dedup): PROTOCOL.md section 9.
test('a resent message whose answer is only partly kept says so (replay_gap), then gets what is kept, not applied again', async (t) => {
  const d = await new Daemon(['--replay-messages', '3']).start();
  t.after(() => d.stop());
  const { c } = await browser(d);
  const ASK1 = { type: 'say', id: 'hb16b-a1', text: 'how many rust developers are there' };
  c.send(ASK1);
  const first = await c.turn(ASK1.id);
  assert.ok(first.length >= 2, JSON.stringify(first.map((m) => m.type)));
  c.send({ type: 'say', id: 'hb16b-a2', text: 'What is Go used for?' });
  const second = await c.turn('hb16b-a2');
  // the ring keeps 3 messages: the second turn's and only the last of the first's
  c.send(ASK1);
  const again = await c.turn(ASK1.id);
  const gap = again.find((m) => m.type === 'error');
  assert.ok(gap, `the client is told a part of the answer is gone: ${JSON.stringify(again)}`);
  assert.equal(gap.code, 'replay_gap');
  assert.equal(gap.first_seq, first.at(-1).seq);
  assert.equal(gap.done, undefined);
  assert.equal(again[0], gap, 'the gap comes first');
  assert.deepEqual(again.slice(1).map(({ replay, ...m }) => m), first.slice(-1), 'then the kept messages, as sent');
  assert.ok(again.slice(1).every((m) => m.replay === true));
  // not applied again: the next message is numbered after the second turn
  const next = await new Conv(c, null).say('What is Pingora?');
  assert.equal(next[0].seq, second.at(-1).seq + 1);
  c.close();
});

// --- TLS: one client cut mid-burst must not stop the daemon serving others.
function certPair() {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert,
    '-days', '2', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
  return r.status === 0 && existsSync(cert) ? { cert, key } : null;
}

// The daemon with a certificate, an integration key and rates that never
// refuse; the wss URL, a function opening an integration connection, and
// one fetching https /readyz.
async function tlsDaemon(t, pair, extra = []) {
  const SECRET = 'hb16b-tls-secret-0123456789';
  const d = await new Daemon(['--tls-cert', pair.cert, '--tls-key', pair.key, '--api-key', `hb16b:${SECRET}`,
    '--rate-conversation', '100000', '--rate-conversation-burst', '100000',
    '--rate-connection', '100000', '--rate-connection-burst', '100000', ...extra]).start();
  t.after(() => d.stop({ timeoutMs: 3000 }));
  const prev = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
  t.after(() => { if (prev === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED; else process.env.NODE_TLS_REJECT_UNAUTHORIZED = prev; });
  const url = d.wsUrl.replace('ws:', 'wss:');
  const headers = { Authorization: `Bearer ${SECRET}` };
  const integ = async () => {
    const c = await connect(url, { headers });
    c.request({ type: 'hello', protocol: 'advisor.v1' });
    await c.next((m) => m.type === 'welcome', 20000);
    return c;
  };
  // another client: its upgrade and welcome must come (20 s: a hang, not a
  // speed), and an https /readyz on a connection of its own (agent: false:
  // a kept-alive one from the last check may be closing as it is reused)
  const served = async () => {
    const b = new Client(url, { headers });
    t.after(() => b.terminate());
    const opened = await Promise.race([b.opened().then(() => true), sleep(20000).then(() => false)]);
    assert.ok(opened, 'the upgrade of a new wss connection is answered');
    b.request({ type: 'hello', protocol: 'advisor.v1' });
    await b.next((m) => m.type === 'welcome', 20000);
    b.terminate();
    const ready = await new Promise((res) => {
      const r = httpsGet(`https://127.0.0.1:${d.port}/readyz`, { rejectUnauthorized: false, timeout: 20000, agent: false }, (rs) => {
        rs.resume();
        rs.on('end', () => res(rs.statusCode));
      });
      r.on('timeout', () => r.destroy(new Error('timeout')));
      r.on('error', (e) => res(e.message));
    });
    assert.equal(ready, 200, 'https /readyz answers');
  };
  return { d, integ, served };
}

// 5 conversations, 10 rounds: says, and (transcripts) a transcript
// request each (a transcript is made on the store's worker: the
// connection's reading is held until it is queued).  Returns the request
// ids by conversation.
const TEXTS = ['What is Pingora?', 'how many rust developers are there', 'What is Go used for?', 'why?', 'back', '1', 'summary', null];
function burst(a, transcripts = true) {
  const ids = [[], [], [], [], []];
  for (let r = 0; r < 10; r++) {
    for (let i = 0; i < 5; i++) {
      const text = TEXTS[(r + i) % TEXTS.length] ?? (transcripts ? null : 'why?');
      ids[i].push(a.request(text === null ? { type: 'transcript', conversation: `c${i}` } : { type: 'say', conversation: `c${i}`, text }));
    }
  }
  return ids;
}

async function openFive(a) {
  for (let i = 0; i < 5; i++) a.request({ type: 'open', conversation: `c${i}` });
  for (let i = 0; i < 5; i++) await a.next((m) => m.type === 'opened');
}

// Finding 4.  lws 4.1.6 spun for ever in rops_handle_POLLIN_ws when a TLS
// connection's reading was stopped from its own receive callback while
// OpenSSL held more of the record (here: the transcript's hold); see
// conn_rx_stop_safe in daemon/ws.c.
test('over wss, a client cut mid-burst (50 turns in flight, it had stopped reading) leaves the daemon serving new connections', async (t) => {
  const pair = certPair();
  if (pair === null) { t.skip('no openssl to make a certificate'); return; }
  const { d, integ, served } = await tlsDaemon(t, pair);
  const a = await integ();
  await openFive(a);
  a.ws._socket.pause();
  burst(a, true);
  await sleep(1500);
  a.ws._socket.resume();
  a.terminate();
  await sleep(300);
  await served();
  await served();
  const ex = await d.stop();
  assert.equal(ex.signal, null, d.log.slice(-3000));
  assert.doesNotMatch(d.log, /runtime error|AddressSanitizer|LeakSanitizer/);
});

// A client that stops reading with the burst in flight, while another is
// served; once it reads, every turn is answered once, seq by one.
async function heldThenRead(t, extra, transcripts) {
  const pair = certPair();
  if (pair === null) { t.skip('no openssl to make a certificate'); return; }
  const { d, integ, served } = await tlsDaemon(t, pair, extra);
  const a = await integ();
  await openFive(a);
  a.ws._socket.pause();
  const ids = burst(a, transcripts);
  await sleep(1500);
  await served();		// while a does not read
  a.ws._socket.resume();
  for (let i = 0; i < 5; i++) {
    let seq = null;
    for (const id of ids[i]) {
      const turn = await a.turn(id, 20000);
      const done = turn.filter((m) => m.done);
      assert.equal(done.length, 1, `c${i} ${id}: one done: ${JSON.stringify(turn).slice(0, 600)}`);
      // 'back' on a fresh conversation is answered nothing_to_undo; no refusal
      assert.ok(turn.every((m) => m.type !== 'error' || m.code === 'nothing_to_undo'), `c${i} ${id}: ${JSON.stringify(turn).slice(0, 600)}`);
      for (const m of turn) {
        if (m.seq === undefined) continue;
        if (seq !== null) assert.equal(m.seq, seq + 1, `c${i}: seq by one`);
        seq = m.seq;
      }
    }
  }
  // nothing more came: every answer was sent once
  await sleep(300);
  const asked = new Set(ids.flat());
  assert.deepEqual(a.queue.filter((m) => asked.has(m.re)).map((m) => m.re), []);
  await served();
  a.close();
  const ex = await d.stop();
  assert.equal(ex.signal, null, d.log.slice(-3000));
  assert.doesNotMatch(d.log, /runtime error|AddressSanitizer|LeakSanitizer/);
}

test('over wss, a client that stops reading with 50 turns in flight (says and transcripts) holds no one up, and once it reads gets every turn answered once, in order', async (t) => {
  await heldThenRead(t, [], true);
});

// The same stop, from the output queue passing half of max_output_bytes
// (8 KiB: a few answers) instead of a transcript.
test('over wss, says only, max_output_bytes 8 KiB: a client that stops reading holds no one up, and once it reads gets every turn answered once, in order', async (t) => {
  await heldThenRead(t, ['--max-output-bytes', '8192'], false);
});

// A client that never reads: its reading stops at half of
// max_output_bytes (so its queue stays bounded), the others are served
// all along, and the keep-alive drops it (its pong is never read), the
// log naming that bound.
test('over wss, a client that never reads holds no one up and is dropped by the keep-alive, named in the log', async (t) => {
  const pair = certPair();
  if (pair === null) { t.skip('no openssl to make a certificate'); return; }
  const { d, integ, served } = await tlsDaemon(t, pair, ['--max-output-bytes', '8192', '--ping-interval', '2']);
  const a = await integ();
  await openFive(a);
  a.ws._socket.pause();
  burst(a, true);
  await served();
  const until = async (re, what) => {
    for (let i = 0; i < 600 && !re.test(d.log); i++) await sleep(50);
    assert.match(d.log, re, what);
  };
  await until(/conn 1 127\.0\.0\.1: no answer to a ping in 2 s; dropping it/, 'the drop names the keep-alive');
  await until(/conn 1 127\.0\.0\.1: closed/, 'the connection is closed');
  assert.doesNotMatch(d.log, /conn 1 .*(bytes queued|while its reading was stopping)/, 'no other bound was reached');
  await served();
  a.terminate();
  const ex = await d.stop();
  assert.equal(ex.signal, null, d.log.slice(-3000));
  assert.doesNotMatch(d.log, /runtime error|AddressSanitizer|LeakSanitizer/);
});
