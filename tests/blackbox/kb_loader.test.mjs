// SPDX-License-Identifier: ISC
// A knowledge base the loader must reject without harm: its first question
// lacks "why" and a second question follows.  The loader used to build the
// second question in the rejected one's slot, inherit its count of choices
// and write past the end of an array: `advisord -n` died of SIGSEGV and a
// SIGHUP with that knowledge base on disk killed the running daemon.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ADVISORD, Daemon, ROOT, browser, last, run, sleep, tempDir } from './lib.mjs';

const WANT = "dialogue.json: $.questions[0]: missing field 'why'";

// A copy of the article's knowledge base; broken: without questions[0].why.
function kbCopy({ broken = false } = {}) {
  const dir = tempDir('advisord-kb-');
  cpSync(join(ROOT, 'knowledge', 'rust-vs-go-2026'), dir, { recursive: true });
  if (broken) breakKb(dir);
  return dir;
}

function breakKb(dir) {
  const f = join(dir, 'dialogue.json');
  const d = JSON.parse(readFileSync(f, 'utf8'));
  assert.ok(d.questions.length >= 2, 'a second question follows the first');
  delete d.questions[0].why;
  writeFileSync(f, JSON.stringify(d, null, 2));
}

test('advisord -n with the knowledge base prints its errors and exits 1, no signal', async (t) => {
  const kb = kbCopy({ broken: true });
  t.after(() => rmSync(kb, { recursive: true, force: true, maxRetries: 10 }));
  const r = await run(ADVISORD, ['-n', '--kb-dir', kb]);
  assert.equal(r.signal, null, `killed by ${r.signal}:\n${r.stderr}`);
  assert.equal(r.code, 1, r.stderr);
  assert.ok(r.stderr.includes(WANT), r.stderr);
  assert.match(r.stderr, /the knowledge base .*has \d+ errors?:/);
  assert.doesNotMatch(r.stderr, /AddressSanitizer|runtime error/);
});

test('SIGHUP with the knowledge base on disk: logged, rejected, conversations go on', async (t) => {
  const kb = kbCopy();
  const d = await new Daemon(['--kb-dir', kb]).start();
  t.after(async () => { await d.stop(); rmSync(kb, { recursive: true, force: true }); });
  const before = (await (await fetch(`${d.url}/readyz`)).json()).kb.hash;
  const { c, conv } = await browser(d);
  const first = await conv.choose('building', 'apis');
  const q = last(first, 'question');
  assert.ok(q && q.choices.length >= 2, JSON.stringify(first));

  breakKb(kb);
  d.kill('SIGHUP');
  // the rejection and its reasons are logged in several writes: wait for the last we check
  for (let i = 0; i < 100 && !d.log.includes(WANT) && !d.exited; i++) await sleep(50);
  assert.equal(d.exited, null, `the daemon died:\n${d.log}`);
  assert.match(d.log, /reload: knowledge base .* rejected/);
  assert.ok(d.log.includes(WANT), d.log);

  // the bystander's conversation goes on where it was, on the old kb
  const next = await conv.choose(q.question, q.choices[0].id);
  assert.equal(next.filter((m) => m.type === 'error').length, 0, JSON.stringify(next));
  assert.ok(next.some((m) => m.type === 'question' || m.type === 'recommendation'),
    JSON.stringify(next));
  assert.notEqual(last(next, 'question')?.question, q.question, 'the answer was taken');
  const now = (await (await fetch(`${d.url}/readyz`)).json()).kb.hash;
  assert.equal(now, before);
  const m = await (await fetch(`${d.url}/metrics`)).text();
  assert.match(m, /advisord_reloads_total\{result="failed"\} 1/);
  c.close();
});

// A knowledge base file that is a FIFO (or a device): opening it used to
// block until a writer came, so `advisord -n` hung and a SIGHUP froze the
// running daemon's event loop, bystanders and all.  Only regular files
// are read; anything else is refused by name.
function fifoKb() {
  const dir = tempDir('advisord-kb-');
  cpSync(join(ROOT, 'tests', 'kb', 'tiny'), dir, { recursive: true });
  return dir;
}

function makeFifo(dir, name) {
  rmSync(join(dir, name));
  const r = spawnSync('mkfifo', [join(dir, name)]);
  assert.equal(r.status, 0, String(r.stderr));
}

test('advisord -n with a FIFO for a file: refused by name, no hang', async (t) => {
  const kb = fifoKb();
  t.after(() => rmSync(kb, { recursive: true, force: true, maxRetries: 10 }));
  makeFifo(kb, 'claims.json');
  // the timeout only ends a hang; a pass takes well under a second
  const r = await run(ADVISORD, ['-n', '--kb-dir', kb], { timeout: 30000 });
  assert.equal(r.signal, null, `hung or killed (${r.signal}):\n${r.stderr}`);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /claims\.json: not a regular file/);
});

test('SIGHUP with a FIFO for a file: rejected, the bystander goes on', async (t) => {
  const kb = fifoKb();
  const d = await new Daemon(['--kb-dir', kb]).start();
  t.after(async () => { await d.stop(); rmSync(kb, { recursive: true, force: true }); });
  const { c, conv } = await browser(d);
  const first = await conv.choose('distance', 'short');
  const q = last(first, 'question');
  assert.ok(q, JSON.stringify(first));

  makeFifo(kb, 'lexicon.json');
  d.kill('SIGHUP');
  for (let i = 0; i < 200 && !/reload: lexicon\.json/.test(d.log) && !d.exited; i++) await sleep(50);
  assert.equal(d.exited, null, `the daemon died:\n${d.log}`);
  assert.match(d.log, /reload: lexicon\.json: not a regular file/);
  const next = await conv.choose(q.question, q.choices[0].id);
  assert.ok(next.some((m) => m.type === 'recommendation'), JSON.stringify(next));
  c.close();
});

// The tiny KB with edit(files) applied; `advisord -n` on it.
async function checkTiny(t, edit) {
  const dir = fifoKb();
  t.after(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10 }));
  const files = {};
  for (const f of ['dialogue', 'lexicon']) files[f] = JSON.parse(readFileSync(join(dir, `${f}.json`), 'utf8'));
  edit(files);
  for (const f of Object.keys(files)) writeFileSync(join(dir, `${f}.json`), JSON.stringify(files[f]));
  const r = await run(ADVISORD, ['-n', '--kb-dir', dir], { timeout: 30000 });
  assert.equal(r.signal, null, r.stderr);
  return r;
}

// A skip_if on the question itself, or on a later one, or empty: the walk
// asks in order, so such a question dropped the answer just given ("Under
// 8 km" skipped its own question and the user heard "not enough to go on")
// or was never asked ("step 1 of about 0").  The loader used to accept them.
test('skip_if naming itself, a later question, or nothing is refused', async (t) => {
  const r = await checkTiny(t, ({ dialogue }) => {
    dialogue.questions[0].skip_if = { distance: ['short'] };
    dialogue.questions.push({ ...dialogue.questions[1], id: 'weather2', skip_if: {} });
    dialogue.questions[1].skip_if = { weather2: ['dry'] };
  });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /\$\.questions\[0\]\.skip_if\.distance: .*only earlier questions/);
  assert.match(r.stderr, /\$\.questions\[1\]\.skip_if\.weather2: .*only earlier questions/);
  assert.match(r.stderr, /\$\.questions\[2\]\.skip_if: empty/);
});

// "rules": [] loaded, and every recommendation was "not enough to go on".
test('a dialogue without rules is refused', async (t) => {
  const r = await checkTiny(t, ({ dialogue }) => { dialogue.rules = []; });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /dialogue\.json: \$\.rules: no rules/);
});

// Match phrases and lexicon entries had no length bound (a 600 kB phrase
// loaded); command phrases had one.  Now all are at most 100 bytes.
test('a long match phrase, stopword or synonym is refused, naming the bound', async (t) => {
  const long = 'short '.repeat(30);
  const r = await checkTiny(t, ({ dialogue, lexicon }) => {
    dialogue.questions[0].choices[0].match.push(long);
    lexicon.stopwords.push('y'.repeat(101));
    lexicon.synonyms.push(['abc', `abc ${'z'.repeat(120)}`]);
  });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /\$\.questions\[0\]\.choices\[0\]\.match\[4\]: longer than 100 bytes/);
  assert.match(r.stderr, /\$\.stopwords\[\d+\]: longer than 100 bytes/);
  assert.match(r.stderr, /\$\.synonyms\[3\]\[1\]: longer than 100 bytes/);
});

// A choice's roles are words matched in any order: one with too many
// words, none, or not a string is refused with its path.
test('a bad role of a choice is refused, naming its path', async (t) => {
  const r = await checkTiny(t, ({ dialogue }) => {
    dialogue.questions[0].choices[0].roles = ['one two three four five', '', 7, 'fine'];
  });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /dialogue\.json: \$\.questions\[0\]\.choices\[0\]\.roles\[0\]: 'one two three four five' has more than 4 words/);
  assert.match(r.stderr, /\$\.questions\[0\]\.choices\[0\]\.roles\[1\]: expected a non-empty string/);
  assert.match(r.stderr, /\$\.questions\[0\]\.choices\[0\]\.roles\[2\]: expected a non-empty string/);
  assert.doesNotMatch(r.stderr, /roles\[3\]/);
});

// A choice's negated topics mean its "negated" choice, so they need one;
// an anaphor is one word (each is compared word by word).
test('negated_topics without negated, or a two-word anaphor, is refused, naming its path', async (t) => {
  const r = await checkTiny(t, ({ dialogue }) => {
    delete dialogue.questions[0].choices[0].negated;
    dialogue.questions[0].choices[0].negated_topics = ['weather'];
    dialogue.phrases.reading.anaphors = ['it', 'that one'];
  });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /dialogue\.json: \$\.questions\[0\]\.choices\[0\]\.negated_topics: needs "negated": the choice a negated topic means/);
  assert.match(r.stderr, /anaphors\[1\]/);
});

// The word a lone "%" reads as is the lexicon's: one lowercase word.
test('a percent_word that is not one lowercase word is refused, naming it', async (t) => {
  const r = await checkTiny(t, ({ lexicon }) => { lexicon.percent_word = 'per cent'; });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /lexicon\.json: \$\.percent_word: 'per cent' is not one lowercase word/);
  const ok = await checkTiny(t, ({ lexicon }) => { delete lexicon.percent_word; });
  assert.equal(ok.code, 0, ok.stderr);
});

// An entry refused for its own fault used to be reported again at every
// reference to it, as if it did not exist: an empty claim text gave also
// "unknown claim 'bike-short-trips'" and "a rule must cite at least one
// claim" (it cites one); 33 questions gave "more than 32 entries", then
// "no questions" and "unknown question 'distance'" for each rule.
test('an entry refused for its own fault is reported once, not at each reference', async (t) => {
  const r = await checkTiny(t, ({ dialogue }) => {
    dialogue.questions[0].choices = [dialogue.questions[0].choices[0]];
    const q = dialogue.questions[1];
    for (let i = 0; i < 31; i++) dialogue.questions.push({ ...q, id: `q${i}`, skip_if: undefined });
  });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /\$\.questions: more than 32 entries/);
  assert.doesNotMatch(r.stderr, /unknown question|no questions/);

  const r2 = await checkTiny(t, ({ dialogue }) => {
    dialogue.questions[0].why = '';
    dialogue.outcomes[1].label = '';
  });
  assert.match(r2.stderr, /\$\.questions\[0\]\.why: empty string/);
  assert.match(r2.stderr, /\$\.outcomes\[1\]\.label: empty string/);
  assert.doesNotMatch(r2.stderr, /unknown (question|outcome)/);
  assert.match(r2.stderr, /has 2 errors:/);
});

// jansson's own words reached authors: a byte order mark gave "'[' or '{'
// expected near '<invisible>'" and "\u0000" gave "... not allowed without
// JSON_ALLOW_NUL", a flag of the C library.
test('a byte order mark or a \\u0000 is named in an author\'s words', async (t) => {
  const dir = fifoKb();
  t.after(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10 }));
  const claims = readFileSync(join(dir, 'claims.json'));
  writeFileSync(join(dir, 'claims.json'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), claims]));
  writeFileSync(join(dir, 'topics.json'), '{ "topics": [ { "id": "distance", "label": "Dist\\u0000ance" } ] }');
  const r = await run(ADVISORD, ['-n', '--kb-dir', dir], { timeout: 30000 });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /claims\.json:1:1: starts with a byte order mark/);
  assert.match(r.stderr, /topics\.json:1:\d+: \\u0000 \(a NUL character\) is not allowed/);
  assert.doesNotMatch(r.stderr, /JSON_ALLOW_NUL/);
});
