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
// 2. High (answer recorded the user never said): "we need to know if go is
//    fast", "we'd like to know if go scales" recorded background "Go
//    already: I know it well", and "i dont know if go is fast" ruled it
//    out: a phrase may have up to two other words in its gap, so "know
//    go" matched across "if".  match_gap_condition(): a word of
//    phrases.reading.conditions in a phrase's gap (not a term of it)
//    opens a clause of its own; the phrase does not occur there.
//    "whether" is a condition word too (KB data, reading.conditions), for
//    "i want to know whether go is fast".  "we
//    know go", "i know go well" still record it (control).
//
// Found and left (reported, no test here): "we want a runtime without gc",
// "we need a gc free runtime" record building 'Compilers, language
// runtimes' (a runtime needed, not built; 'we use a load balancer' records
// proxies the same way: a word's sense, used vs built), and the first
// loses the latency (read as the runtime's predicate); "i wonder if we
// need a gc free runtime, we build proxies" and "if we ever build a
// compiler thats later, right now we build proxies" decline and record
// nothing, the user's own present clause lost; "does anyone here know go?
// we build apis" and "we hire people who know go" record 'Go already'
// (the question's and the hires' knowledge, not the user's); "whether we
// go rust or go, we build apis" records no APIs.  Sanitizer build (ASan,
// UBSan) through this file and repeated condition words: nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { probeDaemon as daemon, sayThenChoices } from './lib.mjs';

const show = (turn) => JSON.stringify(turn.map((m) => [m.type, m.event, (m.plain ?? '').slice(0, 80)]));

const say = sayThenChoices;

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

test('"know if go ..." asks about Go and records no Go background', async (t) => {
  const d = await daemon(t);
  for (const text of ['we need to know if go is fast', "we'd like to know if go scales",
    'i dont know if go is fast', 'i want to know whether go is fast']) {
    const { turns } = await say(d, [text]);
    assert.ok(!JSON.stringify(turns[0]).includes('Go already'), `${text}: ${show(turns[0])}`);
  }
});

test('control: knowing Go is still Go already', async (t) => {
  const d = await daemon(t);
  for (const text of ['we know go', 'i know go well']) {
    const { turns, got } = await say(d, [text]);
    assert.equal(got.background, 'go_already', `${text}: ${show(turns[0])}`);
  }
});
