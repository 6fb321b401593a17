// SPDX-License-Identifier: ISC
// Hostile review hx46 of rounds 45 and 45b: the reader's new steps (peel
// bound, pointer and tail asks, source frames, cue typos, what-if
// notices, comparatives), the bounds' `limit`, 1008/1009 reasons and
// nested turns, over the real WebSocket path.  Each daemon listens on a
// free 127.0.0.1 port and is stopped by its PID (lib.mjs Daemon).  Each
// test asserts what a user reads in protocol/PROTOCOL.md.
//
// Findings (severity, reproduction, state):
// 0. Critical, fixed: one ordinary `say` killed the daemon (SIGSEGV; under
//    ASan "stack-buffer-overflow" in text_append_word from
//    ask_stance_use): a long message (about 170 words, under 1 KB) that
//    names the article's stance ("according to the article") beside the
//    user's work, e.g. a learning story ending "how long does it usually
//    take people to get productive in rust, according to the article?".
//    Every conversation of the daemon lost its connection; any browser
//    could send it, no key needed.  text_append_word() returns the length
//    uncut, callers pass it back for the next word, and once past the
//    512-byte buffer `outsz - n - 1` wrapped around: the next word was
//    copied past the buffer.  Now a call with no room writes nothing
//    (knowledge/text.c), which covers its ten callers (three loop over a
//    message's words).  Test: 'a long story naming the article ...'.
// 1. Low, fixed: a `say` of more than 160 words (TEXT_MAX_TOKENS) was
//    answered from its first 160 alone, and nothing said so: a long
//    description looked read in full.  Now the reply opens with a
//    `notice` `truncated` naming the words read (`words`: 160), then
//    answers what they say (PROTOCOL 5.4, 7.8).  Test: 'a say over ...'.
// 2. Low, fixed: one command word said over and over past 8 words
//    ("back " x 1600 in 8 KB, "back" x 9) was searched for in the claims
//    and answered with a claim holding the word ("... maps cleanly back
//    onto the systems vs services split"); "back back back" undid.  Now
//    any count is that word once (understand_one_word()).  Test: 'one
//    command word repeated ...'.
// 3. Low, fixed: a source asked of nothing ("Source:", "source?",
//    "references", "where does that come from?" as the first message, or
//    after a question was answered) was searched for the word "source"
//    and answered with a claim citing the JetBrains report: a fluent reply
//    to nothing asked.  Now declined as a question the article does not
//    answer (covered: false; understand_source_of_nothing); one put to
//    the advisor ("do you have sources?") is searched as before;
//    right after an answer or a verdict it still names their sources.
//    Test: 'a source asked of nothing ...'.
// Tried without finding a defect (release build and ASan/UBSan):
// 8 KB says of one tail, cue, misspelled cue ('sumary pls', 'recomendation
// plz'), number, figure source ask ('where does the 62% come from?' x
// 273), quote, what-if, retake, 'so rust?', comparative, pointer, '%',
// digits, an 8192-byte word, 'if' and 'what if' repeated: each answered
// in under 80 ms (the doubt tail the slowest, the peel bound holding);
// 1677 random messages of a hand list of cues, typos, numbers, quotes and
// pointers (10% of 200-1400 words) over 60 conversations under ASan: no
// report; after the fix of finding 0, 34440 messages made of random
// strings of the knowledge base itself (every phrase list, claim text,
// ask and lexicon entry, 30% of 40-440 of them, up to 8 KB) over about
// 2300 conversations under ASan: no report; 12255 such messages (90%
// long) on the release build: slowest 13 ms when run again alone (836 ms
// once under the load of 8 helpers on 2 cores); 'back' x 159/160/161
// (the word bound's edges); the eval, invariance, schema, bounds and
// hx45 suites with the notice added.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Daemon, browser, probeDaemon as daemon } from './lib.mjs';

const fill = (s, n = 8192) => s.repeat(Math.floor(n / Buffer.byteLength(s)));

test('a long story naming the article\'s stance is answered, and the daemon and its other conversations go on', async (t) => {
  const d = await daemon(t);
  const other = await browser(d);
  t.after(() => other.c.close());
  await other.conv.say('I build proxies in Rust');
  const story = 'question about learning, sorry in advance for the wall of text, i tend to ramble when i\'m stuck. ' +
    'i have been reading the rust book every evening for a while now and honestly some days it clicks and some days it does not, ' +
    'the borrow checker fights me on things that feel obvious, lifetimes in structs especially, and async with tokio is a whole other ' +
    'mess with pin and send bounds that i only half get. my friend who does go says he was writing real services in his second week ' +
    'and never looked back, he keeps saying rust is overkill for web backends which is what i do all day. but then i read that rust devs ' +
    'earn more and that big companies are moving infra to it, and i wonder if i\'m just impatient. i\'ve been at it maybe two months, ' +
    'part time, with a full time job in node. my question is simple: how long does it usually take people to get productive in rust, ' +
    'according to the article?';
  const { c, conv } = await browser(d);
  t.after(() => c.close());
  const out = await conv.say(story);
  assert.equal(out.at(-1).done, true, JSON.stringify(out.map((m) => m.type)));
  assert.ok(out.every((m) => m.type !== 'error'), JSON.stringify(out));
  assert.equal(d.exited, null, d.log.slice(-2000));
  const after = await other.conv.say('why?');
  assert.equal(after.at(-1).type, 'question');
});

test('a say over 160 words is answered from its first 160, and the reply says so first', async (t) => {
  const d = await daemon(t);
  const { c, conv } = await browser(d);
  t.after(() => c.close());
  const long = `we build microservices on kubernetes and need to ship fast. ${'blah '.repeat(200)}`;
  const out = await conv.say(long);
  assert.equal(out[0].type, 'notice', JSON.stringify(out[0]));
  assert.equal(out[0].event, 'truncated');
  assert.equal(out[0].words, 160);
  assert.match(out[0].text, /first 160 words/);
  // what the first words say is read as before
  assert.ok(out.some((m) => m.type === 'notice' && m.event === 'understood'), JSON.stringify(out));
  assert.equal(out.at(-1).done, true);
  // 160 words exactly: read in full, no notice
  const { c: c2, conv: conv2 } = await browser(d);
  t.after(() => c2.close());
  const exact = await conv2.say(`i build proxies ${'ok '.repeat(157)}`.trim());
  assert.ok(exact.every((m) => m.event !== 'truncated'), JSON.stringify(exact[0]));
});

test('one command word repeated past 8 words is that command once, not a search for the word', async (t) => {
  const d = await daemon(t);
  for (const text of ['back '.repeat(9).trim(), fill('back ').trim()]) {
    const { c, conv } = await browser(d);
    await conv.say('I build proxies in Rust');
    const out = await conv.say(text);
    assert.ok(out.every((m) => m.type !== 'answer'), JSON.stringify(out.map((m) => m.plain)));
    const undo = out.find((m) => m.type === 'notice' && m.event === 'undo');
    assert.ok(undo, JSON.stringify(out.map((m) => m.type)));
    assert.equal(out.at(-1).type, 'question');
    c.close();
  }
});

test('a source asked of nothing is declined, and a source asked of an answer still names it', async (t) => {
  const d = await daemon(t);
  for (const text of ['Source:', 'source?', 'references', 'where does that come from?']) {
    const { c, conv } = await browser(d);
    const out = await conv.say(text);
    assert.equal(out[0].type, 'answer', `${text}: ${JSON.stringify(out[0].plain)}`);
    assert.equal(out[0].covered, false, `${text}: ${JSON.stringify(out[0].plain)}`);
    assert.equal(out[0].claims?.length ?? 0, 0, JSON.stringify(out[0]));
    c.close();
  }
  const { c, conv } = await browser(d);
  t.after(() => c.close());
  await conv.say('What is Pingora?');
  const src = await conv.say('Source:');
  assert.equal(src[0].type, 'answer');
  assert.match(src[0].plain, /^Source: /);
  // a figure's source is a question of its own
  const fig = await conv.say('where does the 62% come from?');
  assert.equal(fig[0].type, 'answer');
  assert.match(fig[0].plain, /State of Rust Survey/);
});
