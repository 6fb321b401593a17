// SPDX-License-Identifier: ISC
// The Markdown transcript is built as records are written (issue 16: it
// no longer parses the whole file at the end).  It must be, byte for
// byte, what tr_markdown() makes from the signed file it comes with:
// build/mdrender renders the `content` of each transcript message, which
// is compared with its `markdown`, for snapshots along a conversation
// (walk answers, commands naming questions and choices, unknown ids,
// text full of Markdown and line endings) and for its end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Daemon, BUILD, browser, last, bigText } from './lib.mjs';

const MDRENDER = join(BUILD, 'mdrender');

const TEXTS = [
  'What is Pingora?',
  '# heading\n---\n1. list\r\n- item\u2028    code `x` *em* <b> [l](http://x) www.example.com',
  '  \t indented\r\rescape \x1b[31m \x7f \u202e bidi \u0085 next line',
  '12) numbered 3. more: https://example.com & done',
];

// The daemon's Markdown equals the file's rendering by tr_markdown().
function sameAsFile(tr, what) {
  assert.equal(tr.type, 'transcript', what);
  assert.equal(typeof tr.content, 'string', what);
  assert.equal(typeof tr.markdown, 'string', what);
  const r = spawnSync(MDRENDER, { input: tr.content, maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, `${what}: mdrender: ${r.stderr}`);
  const want = r.stdout;
  const got = Buffer.from(tr.markdown, 'utf8');
  assert.ok(got.equals(want), `${what}: the Markdown differs from the file's rendering\n` +
    `daemon:\n${got.toString().slice(0, 2000)}\nfile:\n${want.toString().slice(0, 2000)}`);
  return want.toString();
}

test('the Markdown built as records are written is the file\'s rendering, byte for byte', async (t) => {
  const d = await new Daemon().start();
  t.after(() => d.stop());
  const { c, conv, turn } = await browser(d);
  t.after(() => c.close());
  let q = last(turn, 'question');
  let snapshots = 0;
  for (const text of TEXTS) await conv.say(text);
  // an id that names no question, and a choice that names none
  await conv.choose('no-such-question', 'nope');
  if (q) await conv.choose(q.question, 'no-such-choice');
  sameAsFile(last(await conv.send({ type: 'transcript' }), 'transcript'), 'first snapshot');
  snapshots++;
  for (let i = 0; q && i < 40; i++) {
    const ch = q.choices[i % q.choices.length];
    const answer = await conv.choose(q.question, ch.id);
    if (i === 1) {
      // change an answer already given, by its words
      await conv.command('what_if', { question: q.question, choice: q.choices[0].id });
      sameAsFile(last(await conv.send({ type: 'transcript' }), 'transcript'), `snapshot ${i}`);
      snapshots++;
    }
    if (last(answer, 'recommendation')) break;
    q = last(answer, 'question');
  }
  await conv.say(TEXTS[1]);
  await conv.command('restart');
  const end = await conv.send({ type: 'end' });
  const md = sameAsFile(last(end, 'transcript'), 'end');
  assert.ok(snapshots >= 2);
  // what it shows: the user's actions in words, never by id
  assert.match(md, /\*answered “[^”]+”: “[^”]+”\*/);
  assert.match(md, /\*answered a question\*|\*answered “[^”]+”: an answer\*/);
});

// Past 1 MiB of records the daemon stops keeping the live rendering
// (transcript.c, md_use(): its signing job renders the file instead, as
// it did before for a transcript that long): a snapshot just below the
// line and one past it, and the end, are still the file's rendering.
test('the Markdown of a transcript that passes 1 MiB of records is still the file\'s rendering', async (t) => {
  const d = await new Daemon(['--rate-conversation', '100000', '--rate-conversation-burst', '100000',
    '--rate-connection', '100000', '--rate-connection-burst', '100000']).start();
  t.after(() => d.stop());
  const { c, conv } = await browser(d);
  t.after(() => c.close());
  let size = 0, i = 0, below = false;
  while (size < 1.3 * 1024 * 1024) {
    const turn = await conv.say(bigText(i++));
    size += 8192 + turn.reduce((n, m) => n + JSON.stringify(m).length, 0);
    if (!below && size > 0.8 * 1024 * 1024) {
      sameAsFile(last(await conv.send({ type: 'transcript' }), 'transcript'), 'below 1 MiB');
      below = true;
    }
  }
  const past = sameAsFile(last(await conv.send({ type: 'transcript' }), 'transcript'), 'past 1 MiB');
  await conv.say(TEXTS[1]);
  const end = sameAsFile(last(await conv.send({ type: 'end' }, 20000), 'transcript'), 'end');
  assert.ok(below && end.startsWith(past.slice(0, 1000)) && end.length > past.length);
});
