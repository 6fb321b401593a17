// SPDX-License-Identifier: ISC
// Hostile review of the asks/answers/intents fields (knowledge/SCHEMA.md)
// and of the dialogue's new reading paths ("it" after a verdict,
// corrections, negated topics, declined follow-ups).  Each test asserts
// what the schema or the protocol promises; HB11_FINDINGS.md lists what
// was found and what is left.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Daemon, connect, run } from './lib.mjs';
import { ARTICLE, KBTOOL, kbMutator } from './kbmut.mjs';

const { dir, kbWith, refused } = kbMutator('advisord-hb11-');

const claim0 = (f) => f['claims.json'].claims[0];
const intents = (f) => f['lexicon.json'].intents;
// where a class pushed after the article's own lands (their count grows)
const NEXT = JSON.parse(readFileSync(join(ARTICLE, 'lexicon.json'), 'utf8')).intents.length;

test('an ask of no letters or digits is refused, naming the claim', async () => {
  await refused(kbWith((f) => { claim0(f).asks = ['?!?!?!']; }),
    [/claims\.json: \$\.claims\[0\]\.asks\[0\]: claim 'article-author': ask '\?!\?!\?!' has no ASCII letter or digit: search reads nothing in it/], 1);
});

test('two asks that read the same (case, punctuation) are one ask listed twice', async () => {
  await refused(kbWith((f) => { claim0(f).asks = ['who wrote it', 'Who wrote it?']; }),
    [/\$\.claims\[0\]\.asks\[1\]: claim 'article-author': ask 'Who wrote it\?' is listed twice/], 1);
});

test('an intent class with empty starts and words is refused (it could never be read)', async () => {
  await refused(kbWith((f) => { intents(f).push({ class: 'zz', starts: [], words: [] }); }),
    [new RegExp(`lexicon\\.json: \\$\\.intents\\[${NEXT}\\]: class 'zz' has neither starts nor words`)], 1);
});

test('starts over their bound are one error, not also "neither starts nor words"', async () => {
  await refused(kbWith((f) => { intents(f).push({ class: 'zz', starts: Array.from({ length: 65 }, (_, i) => `s${i}`) }); }),
    [new RegExp(`\\$\\.intents\\[${NEXT}\\]\\.starts: more than 64 entries`)], 1);
});

test('intents refused as a whole: the claims answering them are not each reported again', async () => {
  await refused(kbWith((f) => { f['lexicon.json'].intents = Array.from({ length: 17 }, (_, i) => ({ class: `c${i}`, words: [`w${i}`] })); }),
    [/lexicon\.json: \$\.intents: more than 16 classes/], 1);
  await refused(kbWith((f) => { f['lexicon.json'].intents = {}; }),
    [/lexicon\.json: \$\.intents: expected an array, got an object/], 1);
});

test('one intent class refused: the claims answering it are not each reported again', async () => {
  await refused(kbWith((f) => { intents(f)[0].bogus = 1; }),
    [/lexicon\.json: \$\.intents\[0\]: unknown field 'bogus'/], 1);
});

test('an answers class never declared is still refused when the intents are fine', async () => {
  await refused(kbWith((f) => { claim0(f).answers = ['nope']; }),
    [/claims\.json: \$\.claims\[0\]\.answers\[0\]: claim 'article-author': 'nope' is not an intent class of lexicon\.json \(amount, who,/], 1);
});

test('control characters in an ask are refused like anywhere in the KB', async () => {
  // an error per string, naming file, path and the first such character
  await refused(kbWith((f) => { claim0(f).asks = ['who\u0001 wrote\nit']; }),
    [/claims\.json: \$\.claims\[0\]\.asks\[0\]: control character U\+0001 /], 1);
  await refused(kbWith((f) => {
    claim0(f).text += '\nsecond line';
    f['lexicon.json'].stopwords[1] = 'a\u007fn';
    f['dialogue.json'].questions[0].choices[0].label += '\t';
  }), [/claims\.json: \$\.claims\[0\]\.text: control character U\+000A /,
    /lexicon\.json: \$\.stopwords\[1\]: control character U\+007F /,
    /dialogue\.json: \$\.questions\[0\]\.choices\[0\]\.label: control character U\+0009 /]);
});

// kbtool check DIR EVAL.json: the leak check against eval files.
function evalFile(name, body) {
  const p = join(dir, name);
  writeFileSync(p, typeof body === 'string' ? body : JSON.stringify(body));
  return p;
}

test('kbtool check: conversations with a text and 16 steps or more are read without overrunning', async () => {
  const steps = Array.from({ length: 20 }, (_, i) => ({ say: `hello there number ${i}` }));
  const p = evalFile('ev-steps.json', { conversations: Array.from({ length: 50 }, () => ({ text: 'who wrote the article', steps })) });
  const r = await run(KBTOOL, ['check', ARTICLE, p]);
  assert.equal(r.signal, null, r.stderr);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.doesNotMatch(r.stderr, /corruption|free\(\)|AddressSanitizer/);
});

test('kbtool check: an eval file of the wrong shape is refused, naming the file and entry', async () => {
  const cases = [
    ['ev-array.json', [], /ev-array\.json: not an eval file: no "questions", "descriptions", "conversations" or "personas"/],
    ['ev-none.json', { foo: 1 }, /ev-none\.json: not an eval file: no "questions", "descriptions", "conversations" or "personas"/],
    ['ev-qstr.json', { questions: 'x' }, /ev-qstr\.json: \$\.questions: expected an array, got a string/],
    ['ev-qnum.json', { questions: [{ q: 5 }] }, /ev-qnum\.json: \$\.questions\[0\]: no question text \("q" or "text" a string\)/],
    ['ev-step.json', { conversations: [{ steps: [{ say: 3 }] }] }, /ev-step\.json: \$\.conversations\[0\]\.steps\[0\]\.say: expected a string/],
  ];
  for (const [name, body, re] of cases) {
    const r = await run(KBTOOL, ['check', ARTICLE, evalFile(name, body)]);
    assert.equal(r.signal, null, r.stderr);
    assert.equal(r.code, 1, `${name} accepted: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, re);
    assert.doesNotMatch(r.stdout, /asks must come from the article/, `${name}: a read error is no leak`);
  }
});

test('kbtool check: an eval file that cannot be read or parsed is an error, not a leak', async () => {
  for (const p of [join(dir, 'nope.json'), evalFile('ev-bad.json', '{"questions": [')]) {
    const r = await run(KBTOOL, ['check', ARTICLE, p]);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stderr, new RegExp(p.replace(/[.]/g, '\\.')));
    assert.doesNotMatch(r.stdout, /asks must come from the article/);
  }
});

// Over WebSocket: one connection carrying several conversations (a bridge).
const BRIDGE = '0123456789abcdef0123';
async function bridgeDaemon(t) {
  const d = await new Daemon(['--api-key', `bridge:${BRIDGE}`, '--rate-connection', '100000', '--rate-connection-burst', '100000',
    '--rate-conversation', '100000', '--rate-conversation-burst', '100000']).start();
  t.after(() => d.stop());
  const c = await connect(d.wsUrl, { headers: { Authorization: `Bearer ${BRIDGE}` } });
  t.after(() => c.close());
  await c.turn(c.request({ type: 'hello' }));
  const say = async (conv, text) => {
    const turn = await c.turn(c.request({ type: 'say', conversation: conv, text }), 30000);
    assert.ok(turn.length > 0 && turn.at(-1).done, `no reply to ${text.slice(0, 60)}`);
    assert.ok(!turn.some((m) => m.type === 'error'), JSON.stringify(turn).slice(0, 400));
    return turn;
  };
  const open = (conv) => c.turn(c.request({ type: 'open', conversation: conv }));
  return { d, c, say, open };
}
const answerOf = (turn) => turn.filter((m) => m.type === 'answer').map((m) => m.text).join(' ');
const verdictOf = (turn) => turn.filter((m) => m.type === 'recommendation').map((m) => m.verdict).at(-1);
const GO_PAY = /\$135k/;
const RUST_PAY = /\$145k/;
const GO_DESC = 'we build CRUD microservices on kubernetes with a team of juniors, ship in 2 weeks';
const RUST_DESC = 'I write kernel drivers and firmware';

test('multiplexed: "it" follows each conversation\'s own verdict, never another\'s', async (t) => {
  const { say, open } = await bridgeDaemon(t);
  const Q = ['how hard is it to learn?', 'what does it pay?', 'is it fast?', 'who uses it?'];
  const [A, B, C, D] = ['irc:x:#a:alice', 'irc:x:#b:bob', 'irc:x:#c:carol', 'irc:x:#d:dave'];
  for (const cv of [A, B, C, D]) await open(cv);
  const before = [];
  for (const q of Q) before.push(answerOf(await say(C, q)));
  assert.equal(verdictOf(await say(A, RUST_DESC)), 'rust');
  assert.equal(verdictOf(await say(B, GO_DESC)), 'go');
  // interleaved: each conversation's "it" is its own verdict's language
  for (let i = 0; i < 3; i++) {
    assert.match(answerOf(await say(A, 'what does it pay?')), RUST_PAY);
    assert.match(answerOf(await say(B, 'what does it pay?')), GO_PAY);
  }
  // a conversation with no verdict reads "it" as before the others had one
  for (let i = 0; i < Q.length; i++) assert.equal(answerOf(await say(D, Q[i])), before[i], Q[i]);
});

test('"it" after many verdict changes is the last verdict\'s language', async (t) => {
  const { c, say, open } = await bridgeDaemon(t);
  const V = 'irc:x:#v:flip';
  await open(V);
  assert.equal(verdictOf(await say(V, RUST_DESC)), 'rust');
  let want = 'rust';
  for (let i = 0; i < 12; i++) {
    want = want === 'rust' ? 'go' : 'rust';
    await say(V, `change building to ${want === 'go' ? 'apis' : 'kernel'}`);
    const r = await c.turn(c.request({ type: 'command', conversation: V, command: 'recommend' }));
    assert.equal(verdictOf(r), want, `flip ${i}`);
    assert.match(answerOf(await say(V, 'what does it pay?')), want === 'go' ? GO_PAY : RUST_PAY, `flip ${i}`);
  }
});

test('hostile messages on the new reading paths all get replies; the daemon and other sessions stay up', async (t) => {
  const { d, say, open } = await bridgeDaemon(t);
  const [A, B] = ['irc:x:#a:alice', 'irc:x:#b:bob'];
  await open(A);
  await open(B);
  assert.equal(verdictOf(await say(B, GO_DESC)), 'go');
  await say(A, 'is it hard to learn?');			// "it" with no verdict
  const cues = ['no wait, actually', 'I mean', 'or rather', 'well no', 'sorry, scratch that'];
  await say(A, 'we build ' + Array.from({ length: 100 }, (_, i) => `${cues[i % cues.length]} ${i % 2 ? 'a cli tool' : 'a kernel driver'}`).join(', '));
  await say(A, "we don't not never not don't isn't build kernel drivers, latency isn't not something we don't obsess over, not not not p99");
  await say(A, 'how many why who how much percent when whats the reason '.repeat(200).slice(0, 8192));
  await say(A, 'it its '.repeat(1200).slice(0, 8192));
  await say(A, 'latency '.repeat(1000) + "isn't something we obsess over");
  for (let i = 0; i < 50; i++) await say(A, ['does rust have a mascot?', 'and go?', 'no thanks', 'what about it?', 'nope'][i % 5]);
  await say(A, 'I ' + 'we our '.repeat(1000));			// first-person opener of nothing
  // the other session is unharmed: its "it" is still Go
  assert.match(answerOf(await say(B, 'what does it pay?')), GO_PAY);
  assert.equal(d.exited, null);
  const fresh = await connect(d.wsUrl);
  t.after(() => fresh.close());
  const hello = await fresh.turn(fresh.request({ type: 'hello' }));
  assert.ok(hello.length > 0);
});

test('"it" after the verdict\'s answer is undone ("back") is no longer that verdict\'s language', async (t) => {
  const { c, say, open } = await bridgeDaemon(t);
  const [F, G] = ['irc:x:#f:fresh', 'irc:x:#g:undo'];
  await open(F);
  await open(G);
  const fresh = answerOf(await say(F, 'what does it pay?'));
  assert.doesNotMatch(fresh, GO_PAY, 'the check can fail: with no verdict "it" is not Go');
  assert.equal(verdictOf(await say(G, 'we build CRUD microservices on kubernetes')), 'go');
  assert.match(answerOf(await say(G, 'what does it pay?')), GO_PAY);
  const undo = await c.turn(c.request({ type: 'command', conversation: G, command: 'back' }));
  assert.ok(undo.some((m) => m.type === 'notice'), JSON.stringify(undo));
  assert.equal(answerOf(await say(G, 'what does it pay?')), fresh);
});

test('"it" after a change of mind that flips the verdict is the new verdict\'s language', async (t) => {
  const { c, say, open } = await bridgeDaemon(t);
  const G = 'irc:x:#g:change';
  await open(G);
  assert.equal(verdictOf(await say(G, 'we build CRUD microservices on kubernetes')), 'go');
  await say(G, 'change building to kernel');
  // no "recommend" in between: "it" is the verdict that now holds
  // the reply leads with Rust's pay, as with a Rust verdict from the start
  const pay = answerOf(await say(G, 'what does it pay?'));
  assert.match(pay.split('. ')[0], RUST_PAY, pay);
  // and back: the verdict given (Go) holds again, and "it" is Go
  await say(G, 'change building to apis');
  const back = answerOf(await say(G, 'what does it pay?'));
  assert.match(back.split('. ')[0], GO_PAY, back);
  await say(G, 'change building to kernel');
  const r = await c.turn(c.request({ type: 'command', conversation: G, command: 'recommend' }));
  assert.equal(verdictOf(r), 'rust');
});
