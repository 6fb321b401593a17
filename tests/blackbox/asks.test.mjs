// SPDX-License-Identifier: ISC
// Asks (claims.json): how a user would ask for a claim, in user words.  A
// daemon serving a copy of the tiny bike-or-bus knowledge base whose
// claim on rain carries asks answers a paraphrase that reaches it only
// through them, over WebSocket as a user types it; the same question to
// the tiny base without asks is declined, and a name an ask holds but
// the claim's text does not is still declined.  Then the article's asks
// pass the leak check against every public eval set.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync, readdirSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, BUILD, Daemon, browser, run, tempDir } from './lib.mjs';

const TINY = join(ROOT, 'tests', 'kb', 'tiny');
const PARAPHRASE = 'do riders hate drizzle?';

let asked, plain, dir;
before(async () => {
  dir = tempDir('advisord-asks-');
  cpSync(TINY, dir, { recursive: true });
  const file = join(dir, 'claims.json');
  const claims = JSON.parse(readFileSync(file, 'utf8'));
  const rain = claims.claims.find((c) => c.id === 'bike-rain');
  rain.asks = ['do riders hate drizzle', 'does a Zorble mind drizzle'];
  writeFileSync(file, JSON.stringify(claims));
  asked = await new Daemon(['--kb-dir', dir]).start();
  plain = await new Daemon(['--kb-dir', TINY]).start();
});
after(async () => {
  await asked?.stop();
  await plain?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function answerTo(d, text) {
  const { conv } = await browser(d);
  const turn = await conv.say(text);
  const a = turn.find((m) => m.type === 'answer');
  assert.ok(a, JSON.stringify(turn));
  return a;
}

test('a paraphrase reaches its claim only through the claim\'s asks', async () => {
  const without = await answerTo(plain, PARAPHRASE);
  assert.equal(without.covered, false, JSON.stringify(without));
  const got = await answerTo(asked, PARAPHRASE);
  assert.equal(got.covered, true, JSON.stringify(got));
  assert.equal(got.citations[0].claim, 'bike-rain');
});

test('a name in an ask is not a name of the claim: the question is declined', async () => {
  const got = await answerTo(asked, 'can a Zorble handle drizzle?');
  // the check can fail: the same question without the name is answered
  assert.equal((await answerTo(asked, 'can riders handle drizzle?')).covered, true);
  assert.equal(got.covered, false, JSON.stringify(got));
});

test('the article\'s asks share no 4 words in a row with a public eval question', async () => {
  const evals = join(ROOT, 'tests', 'eval');
  const files = readdirSync(evals).filter((f) => f.endsWith('.json') && f !== 'thresholds.json').map((f) => join(evals, f));
  for (const h of ['heldout2', 'heldout3']) {
    for (const f of readdirSync(join(evals, h)).filter((x) => x.endsWith('.json'))) files.push(join(evals, h, f));
  }
  // the public sets next to the clone, as tests/eval/run.mjs finds them
  const shared = process.env.EVAL_SHARED ?? join(ROOT, '..', 'shared', 'eval');
  if (existsSync(shared)) for (const f of readdirSync(shared).filter((x) => x.endsWith('.json'))) files.push(join(shared, f));
  const r = await run(join(BUILD, 'kbtool'), ['check', join(ROOT, 'knowledge', 'rust-vs-go-2026'), ...files]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /claims without asks: 0 of/);
  assert.doesNotMatch(r.stdout, /leak:/);
});

// An ask too short for 4 search terms in a row may still repeat an eval
// sentence whole (review rv3: 16 of the article's did); the check compares
// whole texts too, case, spaces and punctuation left out.
test('kbtool check refuses a short ask that is the same text as an eval question', async () => {
  const evalFile = join(dir, 'eval-short.json');
  writeFileSync(evalFile, JSON.stringify({ questions: [{ id: 'e1', q: 'Do riders hate DRIZZLE?', expect: 'decline' }] }));
  const r = await run(join(BUILD, 'kbtool'), ['check', dir, evalFile]);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /leak: bike-rain: ask 'do riders hate drizzle' is the same text as .*eval-short\.json: 'Do riders hate DRIZZLE\?'/);
});
