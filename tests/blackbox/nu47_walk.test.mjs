// SPDX-License-Identifier: ISC
// The walk as the new user nu47 saw it go wrong (/work/wt/nu47-notes.md,
// round 47; fixed in 47c, ew47c): F17 every question skipped leaves the
// decisive question pending again with its choices; F13 a change of an
// answer never given says so; F4 the case for Rust after a Go verdict
// holds no "Learn Go first"; F9 sources asked after "why?" are led by
// "Source:".  Each checks what went wrong on 0bacd68e.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Daemon, browser } from './lib.mjs';

let d;
before(async () => { d = await new Daemon().start(); });
after(async () => { await d?.stop(); });

const of = (turn, type) => turn.filter((m) => m.type === type);

test('F17: all skipped, need_more then the decisive question again; a number answers it', async () => {
  const { c, conv, turn } = await browser(d);
  try {
    const first = of(turn, 'question').at(-1).question;
    let t;
    for (let i = 0; i < 20; i++) {
      t = await conv.command('skip');
      if (of(t, 'notice').some((m) => m.event === 'need_more')) break;
    }
    assert.ok(of(t, 'notice').some((m) => m.event === 'need_more'), JSON.stringify(t));
    const q = of(t, 'question').at(-1);
    assert.ok(q, 'the question the notice asks for follows it');
    assert.equal(q.question, first);
    assert.ok(q.choices.length > 1 && !q.brief && q.current === undefined);
    assert.equal(q.progress.step, q.progress.of, JSON.stringify(q.progress));
    // "choices" shows it again, still pending
    const ch = await conv.say('choices');
    assert.equal(of(ch, 'question').at(-1)?.question, first, JSON.stringify(ch));
    // a bare number answers it: no search matching "2-3 weeks"
    const two = await conv.say('2');
    assert.ok(!of(two, 'answer').length, JSON.stringify(two));
    assert.ok(!two.some((m) => m.type === 'not_understood'), JSON.stringify(two));
  } finally { c.close(); }
});

test('F17: "pick 2" after all are skipped answers the question offered again', async () => {
  const { c, conv } = await browser(d);
  try {
    for (let i = 0; i < 20; i++) {
      const t = await conv.command('skip');
      if (of(t, 'notice').some((m) => m.event === 'need_more')) break;
    }
    const t = await conv.say('pick 2');
    assert.ok(!t.some((m) => m.type === 'not_understood'), JSON.stringify(t));
  } finally { c.close(); }
});

test('F13: change of an answer never given: its plain says there was none, then the step', async () => {
  const { c, conv } = await browser(d);
  try {
    await conv.say('1');
    const t = await conv.command('change', { question: 'team' });
    const q = of(t, 'question').at(-1);
    assert.equal(q.question, 'team', JSON.stringify(t));
    assert.equal(q.current, undefined);
    assert.equal(q.unanswered, true);
    assert.match(q.plain, /^You haven't answered this one yet, so there is no answer to change; here it is\.\n\(step \d+ of about \d+\) /);
    const s = await conv.say('change my team answer');
    assert.match(of(s, 'question').at(-1).plain, /^You haven't answered this one yet/);
    // an answered one is a change as before: no such line
    await conv.say('1');
    const again = await conv.command('change', { question: 'team' });
    assert.doesNotMatch(of(again, 'question').at(-1).plain, /haven't answered/);
    assert.equal(of(again, 'question').at(-1).unanswered, undefined);
  } finally { c.close(); }
});

test('F4: the case for Rust after a Go verdict for a Java developer says no "Learn Go first"', async () => {
  const { c, conv } = await browser(d);
  try {
    const r = await conv.say('java dev, we build CLIs and APIs');
    assert.equal(of(r, 'recommendation').at(-1)?.verdict, 'go', JSON.stringify(r));
    const t = await conv.say('ok so rust?');
    const x = of(t, 'explanation').at(-1);
    assert.ok(x, JSON.stringify(t));
    assert.match(x.plain, /The case for Rust here:/);
    assert.doesNotMatch(x.plain, /Learn Go first/);
  } finally { c.close(); }
});

test('F9: sources of the reasons asked after "why?" are led by the source', async () => {
  const { c, conv } = await browser(d);
  try {
    await conv.say('I build CLIs');
    const w = await conv.say('why?');
    assert.ok(of(w, 'explanation').length, JSON.stringify(w));
    const t = await conv.say('what are the sources for that?');
    const a = of(t, 'answer').at(-1);
    assert.ok(a?.covered, JSON.stringify(t));
    assert.match(a.plain, /^Source: the article\.\n/);
  } finally { c.close(); }
});
