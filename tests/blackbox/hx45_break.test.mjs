// SPDX-License-Identifier: ISC
// Hostile review hx45 of round 44's additions: a turn's messages queued
// together (daemon/ws.c conn_turn), the replay trimming and the engine's
// new readings (a "Source:" line, crossing answers, pointing questions,
// restarts, "why?" with a question pending, hearsay), over the real
// WebSocket path.  Each daemon listens on a free 127.0.0.1 port and is
// stopped by its PID (lib.mjs Daemon).  Each test asserts what a user
// reads in protocol/PROTOCOL.md.
//
// Findings (severity, reproduction, state):
// 1. Medium, fixed: a client that reads was dropped (1008 "not reading")
//    while its resume was replayed, whenever the replay was larger than
//    max_output_bytes (4096 to 1 GiB are accepted; a replay holds up to
//    512 KiB): with --max-output-bytes 65536, a conversation of 200 KB,
//    `hello` with `resume` and last_seq 0 got 34 messages (65 KB) and
//    the close, at every attempt: the conversation could not be taken
//    back from before.  The same for a resent message whose recorded
//    answer was larger than the bound.  PROTOCOL.md 4.3 says the replay
//    is the resume's turn, and 2.4 that a turn's messages are queued
//    together, the bound asked of the queue as the turn began; the replay
//    (conv_replay) and a resent answer (conv_dedup) were not in conn_turn.
//    Tests: 'a reading client resuming ...', 'a resent message ...'.
// 2. Critical, fixed: one `say` killed the daemon (SIGSEGV, every
//    conversation lost its connection; under ASan "stack-overflow" in
//    understand_say): a doubt tail repeated to fill the 8192 bytes,
//    `{"type":"say","id":"x","text":" - is that true?" x 512}` or
//    `"- is he right? " x 546`.  understand_say() read the text again
//    after peeling each tail (knowledge/dialogue_understand.c), one
//    stack frame of several KB per tail: 500 of them passed the 8 MiB
//    stack.  Any browser could send it, no key needed.  PROTOCOL.md 5.4
//    allows 1 to 8192 bytes of any UTF-8; the guide: never a crash.
//    Now at most UNDERSTAND_SAY_PEELS (16) peels, the rest read as it
//    stands.  Test: 'a say of one tail repeated ...'.
// Tried without finding a defect (release build and ASan/UBSan): JSON
// nested 2048 deep (accepted) and 2049, 10000 and 60000 deep (bad_json
// naming max_json_depth); NUL raw and escaped, in text and id; lone and
// paired surrogates; duplicate keys; 65536 and 65537 bytes (1009);
// invalid UTF-8 (overlong, surrogate, > U+10FFFF, truncated), whole and
// split across fragments (1007; a valid character split is accepted);
// text at 8192 bytes (ASCII, 2-byte, escaped) and 8193 (invalid_field
// naming the bound); 'why ' x 2048, 'nvm start over' x 585, hearsay,
// crossing and pointing cues repeated to 8 KB: each answered in under
// 50 ms (160 tokens read); 20 random-phrase conversations of 40-60
// turns (8739 KB phrases); hello 250 times on one connection; names
// like '../../x' (sanitized in file names); a client name with newline
// and ESC (logged escaped); 65 conversations on one connection
// (too_many_conversations); 1500 says pipelined on 64 conversations by
// a client not reading (reading paused at half max_output_bytes, a
// bystander answered in < 120 ms, all 1500 answered once it read, every
// resume without gap); 3000 mixed messages (open, end, transcript,
// resume, choose, commands, resends, garbage) on 8 conversations with
// a 16-message ring: seq by one, schema clean; resume after the replay
// was trimmed for max_replay_bytes (replay_gap naming it, then the rest).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Daemon, browser, connect, sleep } from './lib.mjs';

const bin = process.env.B ? { binary: `${process.env.B}/advisord` } : {};

// Say texts in turn until the conversation's messages hold bytes; the
// highest seq.
async function grow(conv, bytes) {
  const texts = ['I build proxies in Rust', 'why?', 'what would change it?', 'summary', 'table',
    'explain', 'my answers', 'What is the Rust salary?', 'why?', 'help'];
  let held = 0;
  let seq = 0;
  for (let i = 0; held < bytes; i++) {
    const out = await conv.say(texts[i % texts.length]);
    for (const m of out) {
      held += JSON.stringify(m).length;
      seq = m.seq ?? seq;
    }
  }
  return seq;
}

test('a reading client resuming from 0 a conversation whose replay is larger than max_output_bytes gets all of it and resumed, not 1008', async (t) => {
  const d = await new Daemon(['--sync', 'off', '--max-output-bytes', '65536',
    '--rate-conversation', '100', '--rate-conversation-burst', '100'], {}, bin).start();
  t.after(() => d.stop());
  const { c, conv, welcome } = await browser(d);
  const latest = await grow(conv, 200000);
  c.close();
  const c2 = await connect(d.wsUrl);
  t.after(() => c2.close());
  const id = c2.request({ type: 'hello', resume: { conversation: welcome.conversation, token: welcome.token, last_seq: 0 } });
  // the replayed messages keep the re of the requests they answered
  const turn = [];
  for (let m; m?.type !== 'resumed';) {
    m = await c2.next(() => true, 15000);
    turn.push(m);
  }
  const resumed = turn.at(-1);
  assert.equal(resumed.re, id);
  assert.equal(resumed.type, 'resumed', JSON.stringify(resumed));
  assert.equal(resumed.last_seq, latest);
  const seqs = turn.filter((m) => m.replay).map((m) => m.seq);
  assert.ok(seqs.length > 100, `${seqs.length} messages replayed`);
  assert.equal(seqs.at(-1), latest);
  seqs.forEach((s, i) => i === 0 || assert.equal(s, seqs[i - 1] + 1));
  // and the conversation goes on there
  const next = await new (conv.constructor)(c2, null).say('why?');
  assert.equal(next[0].seq, latest + 1);
  assert.equal(c2.closed, null);
});

test('a resent message whose recorded answer is larger than max_output_bytes gets that answer again, not 1008', async (t) => {
  const d = await new Daemon(['--sync', 'off', '--max-output-bytes', '4096'], {}, bin).start();
  t.after(() => d.stop());
  const { c, conv } = await browser(d);
  t.after(() => c.close());
  await conv.say('I build proxies in Rust');
  // the article's table and the question: about 8.7 KB
  const msg = { type: 'say', id: `hx45-resent-${process.pid}`, text: 'table' };
  c.send(msg);
  const first = await c.turn(msg.id);
  const size = first.reduce((n, m) => n + JSON.stringify(m).length, 0);
  assert.ok(size > 4096, `the answer is ${size} bytes`);
  c.send(msg);
  const again = await c.turn(msg.id);
  assert.deepEqual(again.map((m) => m.seq), first.map((m) => m.seq));
  assert.ok(again.every((m) => m.replay === true));
  assert.equal(c.closed, null);
  await sleep(100);
  assert.equal(c.closed, null);
});

test('a say of one tail repeated to 8192 bytes is answered, and the daemon and its other conversations go on', async (t) => {
  const d = await new Daemon(['--sync', 'off'], {}, bin).start();
  t.after(() => d.stop());
  const other = await browser(d);
  t.after(() => other.c.close());
  await other.conv.say('I build proxies in Rust');
  const fill = (s) => s.repeat(Math.floor(8192 / Buffer.byteLength(s)));
  for (const text of [fill(' - is that true?'), fill('- is he right? '), `my boss insists rust is faster${fill(' - is he right?').slice(31)}`]) {
    assert.ok(Buffer.byteLength(text) <= 8192);
    const { c, conv } = await browser(d);
    const out = await conv.say(text);
    assert.equal(out.at(-1).done, true, JSON.stringify(out));
    assert.ok(out.every((m) => m.type !== 'error'), JSON.stringify(out));
    c.close();
  }
  assert.equal(d.exited, null, d.log.slice(-2000));
  const after = await other.conv.say('why?');
  assert.equal(after.at(-1).type, 'question');
});
