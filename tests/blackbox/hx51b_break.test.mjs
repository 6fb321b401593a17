// SPDX-License-Identifier: ISC
// Hostile review hx51b of round 51 (e4341dc1..41b50ab6), through the
// daemon over WebSocket.  Each daemon listens on a free 127.0.0.1 port and
// is stopped by its PID.  B=/path/to/build runs it on another build (the
// findings fail on BASE 41b50ab6; the controls hold on both).
//
// Findings fixed here:
// 1. High (answer recorded opposite to what was said): "we want a language
//    without gc", "we need something without a gc", "ideally without
//    garbage collection" recorded "p99 in the tens of milliseconds is
//    fine: a GC is OK": 'without' is a negation and 'gc' a negated_topic
//    of the deterministic choice (negated -> relaxed, meant for "gc is no
//    concern"), while only 'no gc' was a phrase of its own.  KB data: the
//    deterministic choice matches 'without gc', 'without a gc', 'without
//    any gc', 'gc free', 'free of gc', 'avoid gc', 'avoid a gc'.  Same
//    with a GC not wanted: "we dont want gc", "we'd rather not have a gc"
//    recorded 'a GC is OK'; now 'dont want gc', 'do not want a gc', 'want
//    no gc', 'rather not have a gc' are the deterministic choice's too.
//    "not worried about gc" stays relaxed (control).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browser, probeDaemon as daemon } from './lib.mjs';

async function answers(conv) {
  const sum = await conv.command('summary');
  const s = sum.find((m) => m.type === 'summary');
  return Object.fromEntries((s?.answers ?? []).filter((a) => a.choice).map((a) => [a.question, a.choice]));
}
const show = (turn) => JSON.stringify(turn.map((m) => [m.type, m.event, (m.plain ?? '').slice(0, 80)]));

async function say(d, steps) {
  const b = await browser(d);
  const turns = [];
  try {
    for (const s of steps) turns.push(await b.conv.say(s));
    return { turns, got: await answers(b.conv) };
  } finally { b.c.close(); }
}

test('a runtime wanted without a GC is deterministic latency, never "a GC is OK"', async (t) => {
  const d = await daemon(t);
  for (const text of ['we want a language without gc', 'we need something without a gc',
    'ideally without garbage collection', 'we want to run without a gc', 'we dont want gc',
    "we'd rather not have a gc", 'we really do not want a garbage collector']) {
    const { turns, got } = await say(d, [text]);
    assert.equal(got.latency, 'deterministic', `${text}: ${show(turns[0])}`);
  }
});

test('control: a GC told as fine is still relaxed', async (t) => {
  const d = await daemon(t);
  for (const text of ['gc is fine for us', 'we are not worried about gc pauses']) {
    const { turns, got } = await say(d, [text]);
    assert.equal(got.latency, 'relaxed', `${text}: ${show(turns[0])}`);
  }
});
