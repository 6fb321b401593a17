// SPDX-License-Identifier: ISC
// The engine's words are the knowledge base's: a daemon serving the tiny
// bike-or-bus knowledge base (tests/kb/tiny) goes through a scripted
// conversation that reaches help, every level of not-understood, the
// summary, what-if, the table, answers from the fixture and every error a
// client can provoke, and no server message may say "Rust", "Go",
// "Kubernetes" or "Java", or name an id of the article's knowledge base
// (knowledge/rust-vs-go-2026) that the tiny one does not use itself.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, Daemon, browser } from './lib.mjs';

const ARTICLE = join(ROOT, 'knowledge', 'rust-vs-go-2026');
const TINY = join(ROOT, 'tests', 'kb', 'tiny');

// Every "id" anywhere in a knowledge base's files.
function ids(dir) {
  const out = new Set();
  const walk = (v) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'id' && typeof x === 'string') out.add(x);
        walk(x);
      }
    }
  };
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json'))) walk(JSON.parse(readFileSync(join(dir, f), 'utf8')));
  return out;
}

// Every word of a knowledge base's files, lowercased: what it may say.
function words(dir) {
  const out = new Set();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    for (const w of readFileSync(join(dir, f), 'utf8').toLowerCase().match(/[a-z0-9][a-z0-9._-]*/g) ?? []) out.add(w);
  }
  return out;
}

// The article's ids the tiny base never writes itself: none may show.
// Numbers and two-letter ids ("5", "na") say nothing of the article, and
// "other" is a word of the engine's own sentences ("your other answers").
const tinyWords = words(TINY);
const FRAME_WORDS = new Set(['other']);
const FORBIDDEN_IDS = [...ids(ARTICLE)].filter((id) => !tinyWords.has(id.toLowerCase()) &&
  id.length >= 3 && /[a-z]/.test(id) && !FRAME_WORDS.has(id));
const FORBIDDEN_WORDS = [/Rust/, /\bGo\b/, /Kubernetes/, /Java/];

let d;
before(async () => { d = await new Daemon(['--kb-dir', TINY, '--rate-conversation', '100', '--rate-conversation-burst', '200']).start(); });
after(async () => { await d.stop(); });

function leaks(msg) {
  const s = JSON.stringify(msg);
  const found = FORBIDDEN_WORDS.filter((re) => re.test(s)).map(String);
  for (const id of FORBIDDEN_IDS) {
    const re = new RegExp(`(^|[^a-z0-9._-])${id.replace(/[.]/g, '\\.')}($|[^a-z0-9_-])`, 'i');
    if (re.test(s)) found.push(id);
  }
  return found;
}

test('the article knowledge base has ids the tiny one never uses (the check can fail)', () => {
  for (const id of ['building', 'weeks', 'kernel']) assert.ok(FORBIDDEN_IDS.includes(id), id);
  assert.deepEqual(leaks({ text: "e.g. 'change building'" }), ['building']);
  assert.ok(leaks({ text: 'Java developer' }).includes('/Java/'));
  assert.deepEqual(leaks({ text: 'a short trip, and it rarely rains', choice: 'dry' }), []);
});

// A choice's "roles" are the tiny knowledge base's own words too: a trip
// described by where it goes, in any order, with no phrase of a choice
// ("across the whole city"), selects that choice; negated, it does not.
test('a role of a choice selects it in any word order; negated, it does not', async () => {
  const { c, conv } = await browser(d);
  const got = await conv.say('my office is across the whole city');
  const u = got.find((m) => m.type === 'notice' && m.event === 'understood');
  assert.ok(u, JSON.stringify(got));
  assert.match(JSON.stringify(u), /long/);
  c.close();
  const b = await browser(d);
  const got2 = await b.conv.say('the city is big but I do not go across it, it is around the corner');
  assert.match(JSON.stringify(got2), /short/, JSON.stringify(got2));
  assert.doesNotMatch(JSON.stringify(got2.filter((m) => m.type === 'notice')), /"long"/);
  b.c.close();
});

test('a scripted conversation with the tiny knowledge base says nothing of Rust or Go', async () => {
  const { c, turn, conv } = await browser(d);
  const all = [...turn];
  const send = async (f) => { const t = await f(); all.push(...t); return t; };
  const say = (text) => send(() => conv.say(text));
  const command = (name, extra) => send(() => conv.command(name, extra));
  const choose = (q, ch) => send(() => conv.choose(q, ch));

  assert.equal(turn[0].kb.id, 'commute-fixture');
  // nothing to go on yet, nothing to undo
  await command('recommend');
  await command('what_would_change');
  await say('back');
  // help, in words and as a command
  const help = (await say('help')).find((m) => m.type === 'help');
  assert.match(help.text, /change distance/, 'the tiny base\'s own example');
  await command('help');
  // not understood, three times in a row: every level
  for (const text of ['blah blah', 'xyzzy plugh', 'qwerty']) await say(text);
  // answers and questions for the fixture
  await say('how much does a bike cost?');
  await say('what about trains?');
  await say('what if');
  await say('what if I said weather');
  await say('change nothing of the kind');
  // errors a client can provoke with ids
  await command('what_if', { question: 'nope', choice: 'x' });
  await command('what_if', { question: 'distance', choice: 'nope' });
  await choose('nope', 'x');
  await choose('distance', 'nope');
  await command('change', { question: 'distance' });
  await choose('distance', 'long');
  await choose('weather', 'rainy');			// not_applicable
  await command('skip');				// no question pending
  await command('unsure');
  await command('why');
  await command('what_would_change');
  await command('what_if', { question: 'distance', choice: 'short' });
  await say('what if I said short');
  await command('change', { question: 'distance', choice: 'mixed' });
  await say('change distance');
  await say('a short trip, and it rains a lot');
  await command('summary');
  await say('summary');
  await command('table');
  await say('why?');
  await command('restart');
  await command('skip');
  await command('skip');
  await command('back');
  await say('not sure');
  await command('recommend');
  // protocol errors
  c.send('{"type":');
  c.send({ type: 'command', id: 'x1', command: 'dance' });
  c.send({ type: 'say', id: 'x2', text: 'hi', mood: 'happy' });
  for (let i = 0; i < 3; i++) all.push(await c.next((m) => m.type === 'error' && (m.re === undefined || m.re === 'x1' || m.re === 'x2')));

  const types = new Set(all.map((m) => m.type));
  for (const t of ['help', 'not_understood', 'summary', 'explanation', 'table', 'answer', 'recommendation', 'notice', 'error']) assert.ok(types.has(t), `saw a ${t}`);
  const levels = new Set(all.filter((m) => m.type === 'not_understood').map((m) => m.level));
  assert.deepEqual([...levels].sort(), [1, 2, 3]);
  const codes = new Set(all.filter((m) => m.type === 'error').map((m) => m.code));
  for (const code of ['nothing_to_undo', 'unknown_question', 'unknown_choice', 'not_applicable', 'no_question', 'bad_json', 'invalid_field']) assert.ok(codes.has(code), `saw error ${code}`);
  const topics = new Set(all.filter((m) => m.type === 'explanation').map((m) => m.topic));
  for (const t of ['what_if', 'why_verdict', 'what_would_change']) assert.ok(topics.has(t), `saw ${t}`);
  const events = new Set(all.filter((m) => m.type === 'notice').map((m) => m.event));
  for (const e of ['welcome', 'need_more', 'understood', 'changed', 'restart', 'skipped', 'undo', 'unsure']) assert.ok(events.has(e), `saw notice ${e}`);

  const bad = all.map((m) => ({ m, found: leaks(m) })).filter((x) => x.found.length > 0);
  assert.deepEqual(bad.map((x) => `${x.found.join(',')}: ${JSON.stringify(x.m).slice(0, 300)}`), []);
  c.close();
});
