// SPDX-License-Identifier: ISC
// Hostile review hx51 of the merges since dd9beb06 (round 50c: px50,
// hx50c and the lead's fixes, up to BASE e4341dc1), through the daemon
// over WebSocket.  Each daemon listens on a free 127.0.0.1 port and is
// stopped by its PID.  B=/path/to/build runs it on another build (every
// test here fails on BASE e4341dc1 but the controls, which hold on both).
//
// Findings fixed here:
// 1. High (hx50c d4124b40, 5115a2f6: 'forget that' after an article answer
//    or an explanation dismisses it): the same with the other back
//    commands that point back, "scratch that", "strike that", "take that
//    back", "i take that back", still undid the user's walk answer given
//    before the question ("we build apis", "how fast does go compile?",
//    "scratch that": the APIs answer wiped).  understand_dismissal() reads
//    them as "scratch it", "strike it", "take it back": now the knowledge
//    base's small talk of dismissal (KB data: dialogue.json small_talk,
//    the "All right." entry).  Right after a walk answer they still undo.
// 2. Medium (hx50c cf53727a, past states): "we used to be all in on
//    kubernetes" with the Kubernetes question pending recorded "Yes, we
//    live in that ecosystem", and "used to be on k8s but not anymore"
//    said while the team question was pending recorded it too: the
//    cloud_native question was not marked present_state (KB data), so
//    understand_past_state() was never asked of it.
// 3. High (px50 f582fe1d, relay overruled): "my cto says we need hard
//    realtime. i disagree" recorded deterministic latency "(from your
//    cto)", and "my cto says gc is fine. nope" relaxed: a later sentence
//    overruled the relayed fact only by answering the same question.  A
//    sentence opening with a phrases.reading.relay_disputes phrase ("i
//    disagree", "thats not true", "nope") now overrules it as well
//    (understand_relay_overruled() returns 2: the relayed sentence is not
//    read); "my cto says gc is fine. i agree" still records it.
//
// 4. Low (same review, second batch): "eh forget i asked", "ignore my
//    question" right after an article answer or a why got "I didn't
//    catch that" (not understood): now small talk of dismissal (KB data),
//    nothing undone.
//
// Found and left (reported, no test here): "we used to run everything on
// k8s, now its all bare metal boxes" records kernels/firmware (bare-metal
// servers read as the systems domain); "we had strict latency needs back
// in the day" records deterministic latency although "back in the day" is
// a past_states cue (tense: the clause-analysis helper's slice); "same
// question but rust" as a first message answers a Rust fact (there is no
// question before); "leave go out of it" is answered with Go's leaving
// out features (a fact, no decline).
// Tried and held: 8 KB messages of each new cue repeated ("used to",
// "forget what i said about latency", "same question but rust", "leave go
// out of it", "scratch that") take under 10 ms a turn; "forget that",
// "ignore that", "never mind that", "nvm" after an article answer, a
// what-if and a why keep the walk answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { probeDaemon as daemon, sayThenChoices } from './lib.mjs';

const undone = (turn) => turn.some((m) => m.type === 'notice' && m.event === 'undo');
const show = (turn) => JSON.stringify(turn.map((m) => [m.type, m.event, (m.plain ?? '').slice(0, 80)]));

const say = sayThenChoices;

test('a back command pointing back right after an article answer or an explanation dismisses it', async (t) => {
  const d = await daemon(t);
  for (const [middle, back] of [['how fast does go compile?', 'scratch that'],
    ['what if we built kernel drivers?', 'strike that'], ['why?', 'i take that back'],
    ['how fast does go compile?', 'take that back']]) {
    const { turns, got } = await say(d, ['we build apis', middle, back]);
    const last = turns[2];
    assert.ok(!undone(last), `${middle} / ${back}: ${show(last)}`);
    assert.equal(got.building, 'apis', `${middle} / ${back}: the APIs answer stays`);
  }
});

test('control: right after a walk answer, "scratch that" and "i take that back" still undo it', async (t) => {
  const d = await daemon(t);
  for (const back of ['scratch that', 'i take that back']) {
    const { turns, got } = await say(d, ['we build apis', '2', back]);
    assert.ok(undone(turns[2]), `${back}: ${show(turns[2])}`);
    assert.equal(got.latency, undefined, back);
    assert.equal(got.building, 'apis', back);
  }
});

test('a Kubernetes setup told as gone by records no Kubernetes answer', async (t) => {
  const d = await daemon(t);
  // the walk by number up to the Kubernetes question (6 APIs, 2 relaxed, 2 simplicity)
  let r = await say(d, ['hi', '6', '2', '2', 'we used to be all in on kubernetes']);
  assert.equal(r.got.cloud_native, undefined, show(r.turns[4]));
  // the team question pending: a message that reads the Kubernetes question
  r = await say(d, ['hi', '6', '2', '2', 'skip', 'used to be on k8s but not anymore']);
  assert.notEqual(r.got.cloud_native, 'yes', show(r.turns[5]));
});

test('control: a Kubernetes setup told in the present is recorded', async (t) => {
  const d = await daemon(t);
  let r = await say(d, ['hi', '6', '2', '2', 'yeah we live in k8s']);
  assert.equal(r.got.cloud_native, 'yes', show(r.turns[4]));
  r = await say(d, ['we are all in on kubernetes']);
  assert.equal(r.got.cloud_native, 'yes', show(r.turns[0]));
});

test('a relayed fact the user disputes in the next sentence is not recorded', async (t) => {
  const d = await daemon(t);
  for (const [text, q] of [['my cto says we need hard realtime. i disagree', 'latency'],
    ['my cto says gc is fine. nope', 'latency'],
    ['my boss says we need hard realtime. thats not true, a few ms of gc is fine', null]]) {
    const { turns, got } = await say(d, [text]);
    if (q) assert.equal(got[q], undefined, `${text}: ${show(turns[0])}`);
    else assert.equal(got.latency, 'relaxed', `${text}: ${show(turns[0])}`);
    assert.ok(!JSON.stringify(turns[0]).includes('(from your'), `${text}: no source named`);
  }
});

test('control: a relayed fact the user agrees with, or leaves alone, is recorded with its source', async (t) => {
  const d = await daemon(t);
  for (const text of ['my cto says gc is fine. i agree', 'my lead just told me a 20ms hiccup is fine']) {
    const { turns, got } = await say(d, [text]);
    assert.equal(got.latency, 'relaxed', `${text}: ${show(turns[0])}`);
    assert.ok(JSON.stringify(turns[0]).includes('(from your'), `${text}: ${show(turns[0])}`);
  }
});

test('dismissing the user\'s own question right after the answer is acknowledged, nothing undone', async (t) => {
  const d = await daemon(t);
  for (const [middle, back] of [['is go faster to compile?', 'eh forget i asked'], ['why?', 'ignore my question']]) {
    const { turns, got } = await say(d, ['we build apis', middle, back]);
    const last = turns[2];
    assert.ok(last.some((m) => m.type === 'notice' && m.event === 'small_talk'), `${back}: ${show(last)}`);
    assert.ok(!last.some((m) => m.type === 'not_understood') && !undone(last), `${back}: ${show(last)}`);
    assert.equal(got.building, 'apis', back);
  }
});
