// SPDX-License-Identifier: ISC
// What the article has nothing on is named as the user wrote it: never
// the search's internal form of a word (the stem "tiob", the token
// "csharp" the tokenizer makes of "C#"), also when a follow-up ("and
// rust?") carried the word over from the last question.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Daemon, browser, last } from './lib.mjs';

let d;
before(async () => { d = await new Daemon().start(); });
after(async () => { await d.stop(); });

async function answers(...texts) {
  const { c, conv } = await browser(d);
  const out = [];
  for (const t of texts) out.push(last(await conv.say(t), 'answer'));
  c.close();
  return out;
}

test('a C# the answer lacks is named "C#", not "csharp"', async () => {
  const [a] = await answers('How long does Rust take to learn for C# developers?');
  assert.ok(a, 'an answer');
  assert.doesNotMatch(a.plain, /csharp/i, a.plain);
  assert.match(a.plain, /nothing on "C#"/, a.plain);
});

test('"and rust?" after a TIOBE question names "tiobe" as the user wrote it, not the stem', async () => {
  const [, a] = await answers('How does Go place in the TIOBE ranking?', 'and rust?');
  assert.ok(a, 'an answer');
  assert.doesNotMatch(a.plain, /"tiob"/, a.plain);
  assert.match(a.plain, /nothing on .*"tiobe"/, a.plain);
});

test('"and rust?" after "and C#?" shows no internal token', async () => {
  const [, , a] = await answers('How long does Go take to learn?', 'and C#?', 'and rust?');
  assert.ok(a, 'an answer');
  assert.doesNotMatch(a.plain, /csharp|"cpp"/i, a.plain);
});

test('a lexicon phrase ("move to") is named as written, never as the stem of its synonym', async () => {
  const [a] = await answers('should a java shop move to go?');
  assert.ok(a, 'an answer');
  assert.doesNotMatch(a.plain, /rewrit/i, a.plain);
});

test('four questions in one message: the first 3 answered and the limit said, not a decline', async () => {
  const [a] = await answers('what is the salary for rust devs? how fast is go? is rust memory safe? what about tiobe?');
  assert.ok(a, 'an answer');
  assert.equal(a.covered, true, a.plain);
  assert.match(a.plain, /I answer up to 3 questions in one message: ask the rest after/, a.plain);
  assert.match(a.plain, /\$145k-\$185k/, a.plain);
});
