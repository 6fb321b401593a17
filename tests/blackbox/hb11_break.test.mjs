// SPDX-License-Identifier: ISC
// Hostile review of the asks/answers/intents fields (knowledge/SCHEMA.md)
// and of the dialogue's new reading paths ("it" after a verdict,
// corrections, negated topics, declined follow-ups).  Each test asserts
// what the schema or the protocol promises; HB11_FINDINGS.md lists what
// was found and what is left.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ADVISORD, BUILD, ROOT, Daemon, connect, run, tempDir } from './lib.mjs';

const KBTOOL = join(BUILD, 'kbtool');
const ARTICLE = join(ROOT, 'knowledge', 'rust-vs-go-2026');
const dir = tempDir('advisord-hb11-');
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

let nkb = 0;
// A copy of the article's KB with mutate(files) applied to its parsed JSON.
function kbWith(mutate) {
  const d = join(dir, `kb${++nkb}`);
  cpSync(ARTICLE, d, { recursive: true });
  const files = {};
  for (const f of ['claims.json', 'lexicon.json', 'dialogue.json']) files[f] = JSON.parse(readFileSync(join(d, f), 'utf8'));
  mutate(files);
  for (const [f, v] of Object.entries(files)) writeFileSync(join(d, f), JSON.stringify(v));
  return d;
}

// Both ways of checking a KB refuse it with exactly the errors matching res.
async function refused(d, res, count) {
  const n = await run(ADVISORD, ['-n', '--kb-dir', d, '--state-dir', join(dir, 'state'), '--listen', '127.0.0.1:0']);
  const k = await run(KBTOOL, ['check', d]);
  for (const r of [n, k]) {
    assert.equal(r.signal, null, r.stderr);
    assert.notEqual(r.code, 0, `accepted:\n${r.stdout}${r.stderr}`);
  }
  for (const re of res) assert.match(k.stdout + k.stderr, re);
  if (count !== undefined) assert.match(k.stdout + k.stderr, new RegExp(`^${count} errors?$`, 'm'), k.stdout + k.stderr);
}

const claim0 = (f) => f['claims.json'].claims[0];
const intents = (f) => f['lexicon.json'].intents;

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
    [/lexicon\.json: \$\.intents\[8\]: class 'zz' has neither starts nor words/], 1);
});

test('starts over their bound are one error, not also "neither starts nor words"', async () => {
  await refused(kbWith((f) => { intents(f).push({ class: 'zz', starts: Array.from({ length: 65 }, (_, i) => `s${i}`) }); }),
    [/\$\.intents\[8\]\.starts: more than 64 entries/], 1);
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

test('control characters in an ask are refused like anywhere in the KB', { todo: 'HB11_FINDINGS.md #5: the loader accepts control characters in every text field' }, async () => {
  await refused(kbWith((f) => { claim0(f).asks = ['who\u0001 wrote\nit']; }), [/control character/]);
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
