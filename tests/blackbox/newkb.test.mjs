// SPDX-License-Identifier: ISC
// A knowledge base written from knowledge/SCHEMA.md alone, by someone who
// had never seen the engine (tests/kb/tea: tea or coffee for a late-night
// study session).  Unlike tests/kb/tiny it has two outcomes and no "both",
// no intro, and only some commands in its help.  A user walks it to a
// recommendation, asks a free question, help, summary, the table and a
// what-if; no reply may carry the Rust/Go article's words or another
// knowledge base's text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, Daemon, browser, last } from './lib.mjs';

const TEA = join(ROOT, 'tests', 'kb', 'tea');
const FOREIGN = [/Rust/, /\bGo\b/, /Kubernetes/, /Java/, /\bbike\b/i, /\bbus\b/i, /article/];

let d;
before(async () => { d = await new Daemon(['--kb-dir', TEA]).start(); });
after(async () => { await d.stop(); });

function plain(turn) {
  const s = turn.map((m) => m.plain ?? '').join('\n');
  for (const re of FOREIGN) assert.doesNotMatch(JSON.stringify(turn), re, s);
  return s;
}

test('a conversation on a knowledge base written from the schema alone', async () => {
  const { c, welcome, turn, conv } = await browser(d);
  assert.equal(welcome.kb.id, 'tea-or-coffee');
  assert.deepEqual(welcome.kb.outcomes.map((o) => o.id), ['tea', 'coffee']);
  // no intro: the central question opens
  assert.match(plain(turn), /Do you need to sleep soon after studying/);

  assert.match(plain(await conv.say('2')), /Is there an exam right after the session\?/);
  assert.match(plain(await conv.say('exam in the morning')), /Does coffee upset your stomach\?/);

  // a free question, answered from its claims and sources
  assert.match(plain(await conv.say('does tea help me sleep?')), /fall asleep sooner/);
  const help = plain(await conv.say('help'));
  assert.match(help, /- change: change an earlier answer, e\.g\. 'change exam'/);
  assert.match(help, /- table: the guide's comparison table/);
  assert.match(plain(await conv.say('summary')),
    /No, I'm pulling an all-nighter[\s\S]*Yes, an exam in the morning[\s\S]*unanswered/);
  const table = await conv.say('table');
  // a row at a time, a cell a line (NEWUSER42 #10)
  assert.match(plain(table), /^Caffeine per cup \(verdict: Coffee\)\n {2}Tea: 30 to 50 mg\n {2}Coffee: About 95 mg$/m);

  const rec = await conv.say('coffee is fine');
  const r = last(rec, 'recommendation');
  assert.ok(r, plain(rec));
  assert.equal(r.verdict, 'coffee');
  assert.match(plain(rec), /Staying up all night calls for more caffeine/);

  const what = plain(await conv.say('what if I said sleep soon'));
  assert.match(what, /the verdict would be Tea/);
  assert.match(plain(await conv.say('what would change it')), /Yes, I'll sleep soon after.*: Tea/);
  c.close();
});
