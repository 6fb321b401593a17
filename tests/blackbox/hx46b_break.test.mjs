// SPDX-License-Identifier: ISC
// Hostile review hx46b of round 46's merged changes (b3039cff..3fbf16bc):
// the frame-word typo copy, reported claims in a run-on, studied clauses,
// layers side by side, the source list, the verb and strict gates, and
// the daemon's shared queue/ring entries, rendering into queue entries
// and the Markdown arena, over the real WebSocket path.  Each daemon
// listens on a free 127.0.0.1 port and is stopped by its PID (lib.mjs
// Daemon).  Each test asserts what a user reads in protocol/PROTOCOL.md.
//
// Findings (severity, reproduction, state):
// 1. Medium, fixed: in a run-on of two reports, the second claim was read
//    as the follow-up of the first: "my friend says discord moved to rust
//    while my other friend claims go is dying so who is right according
//    to the article" answered the Go claim with "The article has nothing
//    on that for Go; here is only what it says about Rust. | Discord
//    rewrote ..." (the first answer again, as "and go?" of it), though
//    "my friend claims go is dying. true?" alone, or as the first claim,
//    gets the article's Go 2026 story.  understand_report_claims() asked
//    each claim with ask_answer(), which keeps what it asked in d->frame
//    for a follow-up; each claim after the first is now asked from the
//    frame the message found.  Test: 'the second of two reported ...'.
// 2. Low, fixed: the same claim reported twice in one run-on ("my friend
//    says rust is memory safe while my friend says rust is memory safe
//    ...", or three times) gave the same answer twice or three times.
//    Now an answer already given for the message is not repeated
//    (understand_report_given()).  Test: 'the same claim reported ...'.
// 7. Medium, fixed: "is rust faster than c++?" and "rust vs c++
//    performance?" led with "On raw CPU performance, Rust comes out ahead
//    in the article's comparison table." (a `lead`): the row sets Rust
//    against Go, and read as "yes, faster than C++" where the article
//    says Rust matches C/C++.  Now one subject set against another
//    language (a rival after a rival marker that is a crossing_names
//    name) gets no row lead (ask_one_against_rival()); the row's claim
//    still answers.  "channels vs async/await in rust" (a rival of another
//    kind) keeps its row.  Test: 'one subject set against ...'.
// Found, not fixed (reading gaps that need an eval set first, issue 11):
// 3. Low: a question whose only word the article reads is a subject
//    ("is go dying?", "go is dying", "my friend claims go is dying.
//    true?": "dying" is no word of the article) right after an answer on
//    another subject is read as the subject-swap follow-up ("and go?"):
//    after "what is pingora?" it gets Cloudflare's both-languages claim,
//    where as a first message it gets Go's 2026 story.  The reading is
//    the follow-up's by design; the gap is the vocabulary (popularity
//    words), KB data that needs an eval set first.  The first claim of a
//    run-on of reports is read the same way (finding 1 fixed the later
//    ones, which the message's own first claim had led astray).
// 4. Low: "i tried rust for a game engine once, now i do data pipelines"
//    gives a Rust verdict from the game engine (deterministic latency);
//    study_refs has "tried once" and "tried it once" but not "tried X
//    once", so the tried clause is read as the user's work.
// 5. Low: "i took a rust course last year, does that change anything?"
//    after a Go verdict is answered with "Job postings for Rust
//    developers grew 35% year-over-year" (a fluent answer to something
//    else; "last year" meets "year-over-year").
// 6. Medium: "did discord switch to rust?", "discord switched to rust?",
//    "my bf says discord switched to rust. true?" are answered "The
//    article has nothing on "switch"; here is only what it does say." with
//    Rust's 72% admiration rate, not with "Discord rewrote its real-time
//    ... server entirely in Rust" ("did discord move to rust?" gets it):
//    a fluent answer to another question.  Same on BASE; a synonym of
//    "switch to" for the rewrite would also touch "should I switch to
//    go?" (a change of language), so it needs an eval set first.
// Tried without finding a defect (release build and ASan/UBSan, 2 cores
// shared with other helpers):
// 3500 messages of random strings of the knowledge base itself (every
// string of every KB file under 300 bytes), report leads ("my friend
// says", "while my other friend claims", "who is right according to the
// article"), study cues, layer words, frame-word typos ('waht', 'thsi',
// 'wich', 'hwo') and the lexicon's typo_frames, 3 to 440 pieces up to
// 8000 bytes, over 70 conversations (1500 of them under ASan): no report,
// no error reply, slowest 39 ms on the release build (1.1 s once under
// ASan at load; 12 ms when run again alone); 60 8 KB messages of one
// report, study, layer, typo, source list, strict ('is c# faster than
// rust'), who-verb, article pick, what-if, 'and tiobe?', 'for each'
// seed, fresh and after a told work, under ASan: slowest 136 ms (the
// source list; 4-13 ms at 1, 2, 4 and 8 KB when timed again: no growth
// with size, the 160-word bound holds); 'wich ' x 1638 (the typo copy's
// largest growth, a fifth); 60 conversations of 30 random steps each
// (says, transcripts, resumes at random last_seq on new connections
// mid-turn, old connections closed or terminated, paused sockets as slow
// readers) with a 16-message ring and max_output_bytes 65536, under
// ASan: no report, every later conversation answered; 30 HTTP API
// conversations (sync turn) each with 20 interleaved POST says,
// WebSocket resumes by the API key at random last_seq with a say, paused
// and terminated sockets: every POST 200, transcripts 200, no ASan
// report; the same three scripts (fewer rounds) on the release daemon
// under valgrind memcheck, with Markdown transcripts and ends every fifth
// say and resumes every seventh: 0 errors, 0 bytes definitely lost; 800
// more fuzz messages under ASan after the fix; the replay of a resumed conversation equals, message by
// message, what was sent first (but the "replay" mark), after typo-fixed
// and truncated says (test below); the transcript keeps the say as typed
// ('waht', not 'what'; test below).  Read and found sound: conn_msg_ref/
// unref at every queue exit (dequeue, drop_conv, free_output, refused
// by conn_may_queue), conn_msg_of_buf()'s shrink, strbuf's head offset
// in every grow and free path, the ring's early returns taking no
// reference, md_keep()'s arena dropped only after md_flush() rendered
// every pending entry, dialogue_frame_typos()'s copy bound (len/4 + 2:
// a growth needs a word of four letters and a byte after it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Daemon, browser, connect } from './lib.mjs';

const bin = process.env.B ? { binary: `${process.env.B}/advisord` } : {};

async function daemon(t, extra = []) {
  const d = await new Daemon(['--sync', 'off', '--rate-conversation', '100', '--rate-conversation-burst', '100', ...extra], {}, bin).start();
  t.after(() => d.stop());
  return d;
}

const answers = (out) => out.filter((m) => m.type === 'answer');

test('the second of two reported claims is asked alone, not as the follow-up of the first', async (t) => {
  const d = await daemon(t);
  const { c, conv } = await browser(d);
  t.after(() => c.close());
  const alone = answers(await conv.say('my friend claims go is dying. true?'));
  assert.equal(alone.length, 1);
  assert.match(alone[0].plain, /Go's 2026 story/);
  for (const text of [
    'my friend says discord moved to rust while my other friend claims go is dying so who is right according to the article',
    'my buddy keeps telling me discord moved to rust, my coworker claims go is dying, who is right according to the article?',
  ]) {
    const { c: c2, conv: conv2 } = await browser(d);
    t.after(() => c2.close());
    const out = answers(await conv2.say(text));
    assert.equal(out.length, 2, JSON.stringify(out.map((m) => m.plain)));
    assert.match(out[0].plain, /Discord rewrote/);
    // the Go claim: the article's Go story, not "nothing for Go" and Discord again
    assert.match(out[1].plain, /Go's 2026 story/, out[1].plain);
    assert.doesNotMatch(out[1].plain, /Discord|nothing on that for Go/, out[1].plain);
  }
  // the other order was right before and stays so
  const { c: c3, conv: conv3 } = await browser(d);
  t.after(() => c3.close());
  const rev = answers(await conv3.say('my friend says go is dying while my other friend claims discord moved to rust so who is right according to the article'));
  assert.equal(rev.length, 2);
  assert.match(rev[0].plain, /Go's 2026 story/);
  assert.match(rev[1].plain, /^Discord rewrote/);
});

test('the same claim reported twice in a run-on is answered once', async (t) => {
  const d = await daemon(t);
  for (const text of [
    'my friend says rust is memory safe while my other friend says rust is memory safe so who is right according to the article',
    'my friend says rust is faster. my friend says rust is faster. my friend says rust is faster. who is right according to the article',
  ]) {
    const { c, conv } = await browser(d);
    t.after(() => c.close());
    const out = await conv.say(text);
    const plains = answers(out).map((m) => m.plain);
    assert.equal(plains.length, 1, JSON.stringify(plains));
    assert.equal(new Set(plains).size, plains.length);
    assert.equal(out.at(-1).done, true);
  }
});

test('a replay after typo-fixed and truncated says is byte for byte what was sent, and the transcript keeps the say as typed', async (t) => {
  const d = await daemon(t);
  const { c, welcome, conv } = await browser(d);
  t.after(() => c.close());
  const sent = [];
  const keep = (out) => { for (const m of out) sent.push(m); };
  keep(await conv.say('waht is teh rust salary'));
  keep(await conv.say(`we build microservices on kubernetes. ${'wich '.repeat(300)}`));
  keep(await conv.say('my friend says discord moved to rust while my other friend claims go is dying so who is right according to the article'));
  keep(await conv.say('list the sources'));
  const c2 = await connect(d.wsUrl);
  t.after(() => c2.close());
  const id = c2.request({ type: 'hello', resume: { conversation: welcome.conversation, token: welcome.token, last_seq: 0 } });
  const replayed = [];
  for (let m; m?.type !== 'resumed';) {
    m = await c2.next((x) => x.re !== undefined || x.type === 'resumed' || x.type === 'error');
    if (m.type === 'error') assert.fail(JSON.stringify(m));
    if (m.replay) replayed.push(m);
  }
  const bySeq = new Map(replayed.map((m) => [m.seq, m]));
  for (const m of sent) {
    const r = bySeq.get(m.seq);
    assert.ok(r, `seq ${m.seq} replayed`);
    const { replay, ...rest } = r;
    assert.equal(replay, true);
    assert.deepEqual(rest, m);
  }
  const tr = await new Conv2(c2, welcome.conversation).transcript();
  const says = JSON.stringify(tr);
  assert.match(says, /waht is teh rust salary/);
  void id;
});

class Conv2 {
  constructor(c, conversation) { this.c = c; this.conversation = conversation; }
  async transcript() {
    const id = this.c.request({ type: 'transcript', conversation: this.conversation });
    const out = await this.c.turn(id, 10000);
    return out.find((m) => m.type === 'transcript');
  }
}

test('one subject set against another language gets no table verdict of the subjects as its lead', async (t) => {
  const d = await daemon(t);
  for (const text of ['is rust faster than c++?', 'rust vs c++ performance?']) {
    const { c, conv } = await browser(d);
    t.after(() => c.close());
    const out = answers(await conv.say(text));
    assert.equal(out.length, 1);
    assert.equal(out[0].lead, undefined, JSON.stringify(out[0].lead));
    assert.doesNotMatch(out[0].plain, /Rust comes out ahead/, out[0].plain);
    assert.match(out[0].plain, /^Rust's raw CPU performance matches C\/C\+\+/, out[0].plain);
  }
  // the subjects against each other, and two features of one, still lead with their row
  for (const [text, re] of [['is rust faster than go?', /^On raw CPU performance, Rust comes out ahead/],
    ['channels vs async/await in rust, which is simpler to use?', /^On concurrency model, Go comes out ahead/]]) {
    const { c, conv } = await browser(d);
    t.after(() => c.close());
    const out = answers(await conv.say(text));
    assert.ok(out[0].lead, JSON.stringify(out[0]));
    assert.match(out[0].plain, re);
  }
});
