// SPDX-License-Identifier: ISC
// Hostile review hx52b of round 52's new mechanisms (main 0c341d5c),
// through the daemon over WebSocket.  Each daemon listens on a free
// 127.0.0.1 port and is stopped by its PID.  B=/path/to/build runs it on
// another build (the first test fails on 0c341d5c; the controls hold on
// both).
//
// Finding fixed here:
// 1. Medium (a new mechanism swallows the user's facts): a question
//    between two things the article never weighs
//    (understand_step_outside_pair(), round 52) declined the whole
//    message, so a description told in a sentence before it was lost:
//    "we build proxies. tokio or glommio?" and "we build apis in go. gorm
//    or ent?" recorded nothing (ae452e05, before the mechanism, recorded
//    the proxies and the APIs).  When the pair is asked in the last
//    sentence after statements, the statements are now recorded and said
//    (the understood notice), the question is declined, and no verdict is
//    given that turn (dialogue_profile() with asks_verdict < 0), so
//    dev-questions154 rt-t3 ("our backend is all go. should the logs ship
//    to loki or to elasticsearch?") stays a decline.
//
// 2. Medium ("say" read as a supposition): "say me only which one, we
//    build proxies" and "say me which one, we build proxies" recorded
//    nothing and answered the article's security claim: "say" is a
//    phrases.reading.suppositions word and "me" a person, so the request
//    was a supposition and the user's next clause its consequent (ae452e05
//    recorded the proxies).  A wh word before any subject after the
//    supposition word now makes it a request (understand_clause_supposed()).
// 3. Medium (hearsay swallows the user's own clause): "i heard go is great
//    and we build apis", "i heard rust is hard but we need deterministic
//    latency", "everyone says rust is fast and our proxies need
//    deterministic latency" recorded nothing (also on ae452e05, where a
//    scope reader blanked what understand_clause_heard() now marks): the
//    hearsay ran to the comma or sentence end.  A join or clause_breaks
//    word followed by a user word now ends it.
// 4. Medium (a wish takes the user's own fact after it): "i wish gc pauses
//    were fine but we need deterministic latency" recorded no latency (an
//    explanation of the what-if "p99 ... fine" came instead), "i wish we
//    had 6 months but we only have 3 weeks" no timeline, "i wish we had
//    more seniors but we have 3 weeks and we build apis" nothing: a message
//    opening with a wish was read whole as a what-if
//    (understand_clause_wished()).  A clause_breaks word followed by a user
//    word in a clause of no wish, condition or someone else's now makes the
//    message a wish and a fact: the wish clause is set aside (its mark),
//    the rest is read.
//
// Found and left (reproductions; replies on 0c341d5c):
// - "we build apis or cli tools, mostly apis" and "mostly apis, or cli
//   tools sometimes" record building=cli, not the APIs the user says are
//   most of the work (also on ae452e05: not a round 52 regression).
// - A wish clause takes the antecedent of the user's own next clause:
//   "we build apis, i wish gc pauses were not a thing, but they are fine"
//   records no latency (ae452e05: relaxed); with the topic said again ("...
//   but gc pauses are fine for us") it is read.  The clause analysis has
//   no anaphora; left.
// - Forgetting by topic withdraws one question only: "forget what i told
//   you about latency and the timeline", "forget about the gc pauses and
//   the deadline" undo latency and keep the timeline.  "forget what i said
//   about the deadline" is not understood and "forget about the deadline"
//   is declined as a question ("deadline" is no topic word of the
//   timeline question: understand_step_forget() reads negated_topics,
//   which only latency and career have).
// - "suppose we need deterministic latency, we build proxies" and "say we
//   need ..., we build proxies" record nothing (ae452e05: both): the clause
//   after a supposition is its consequent, as after "if" (same on both
//   builds for "if ..."); by design, noted.
// - "whether or not we hire, we build apis" records team=mixed_hiring (also
//   on ae452e05): "whether or not" is read as the hiring constraint.
// No crash and no slow turn: 8 KiB messages of "or or ...", "suppose we
// ...", "who who ...", "forget about ..." each answered in a few ms
// (see the last test).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { probeDaemon as daemon, sayThenChoices } from './lib.mjs';

const say = sayThenChoices;
const show = (turn) => JSON.stringify(turn.map((m) => [m.type, m.covered, (m.plain ?? '').slice(0, 80)]));
const declined = (turn) => turn.some((m) => m.type === 'answer' && m.covered === false) &&
  !turn.some((m) => m.type === 'answer' && m.covered) && !turn.some((m) => m.type === 'recommendation');

test('a tool question between two outside things keeps the description told before it', async (t) => {
  const d = await daemon(t);
  for (const [text, q, want] of [['we build proxies. tokio or glommio?', 'building', 'infra'],
    ['we build apis in go. gorm or ent?', 'building', 'apis'],
    ['our backend is all go. should the logs ship to loki or to elasticsearch?', 'background', 'go_already']]) {
    const { turns, got } = await say(d, [text]);
    assert.ok(declined(turns[0]), `${text}: ${show(turns[0])}`);
    assert.equal(got[q], want, `${text}: ${show(turns[0])}`);
    assert.ok(turns[0].some((m) => m.type === 'notice'), `${text}: ${show(turns[0])}`);
  }
});

test('control: the pair alone, or with the user\'s words in its own sentence, is declined and records nothing', async (t) => {
  const d = await daemon(t);
  for (const text of ['tokio or glommio?', 'gorm or ent for my go service\'s database layer, which orm do people prefer?',
    'for my rust cli, is clap or argh the nicer argument parser?']) {
    const { turns, got } = await say(d, [text]);
    assert.ok(declined(turns[0]), `${text}: ${show(turns[0])}`);
    assert.deepEqual(got, {}, `${text}: ${show(turns[0])}`);
  }
  // answered mid-walk: declined, the walk goes on, the answer stands
  const { turns, got } = await say(d, ['we build apis', 'is gin or echo better for us?']);
  assert.ok(declined(turns[1]), show(turns[1]));
  assert.equal(got.building, 'apis');
});

test('"say me which one" is a request, not a supposition: the user\'s next clause is a fact', async (t) => {
  const d = await daemon(t);
  for (const text of ['say me only which one, we build proxies', 'say me which one, we build proxies']) {
    const { turns, got } = await say(d, [text]);
    assert.equal(got.building, 'infra', `${text}: ${show(turns[0])}`);
  }
});

test('control: a supposition with a subject is still no fact', async (t) => {
  const d = await daemon(t);
  let r = await say(d, ['suppose we rewrite our proxy someday, today it\'s plain rest apis']);
  assert.equal(r.got.building, 'apis', show(r.turns[0]));
  r = await say(d, ['suppose we need deterministic latency. we build proxies']);
  assert.deepEqual(r.got, { building: 'infra' }, show(r.turns[0]));
  r = await say(d, ['imagine we build proxies']);
  assert.deepEqual(r.got, {}, show(r.turns[0]));
});

test('hearsay ends where the user\'s own joined clause begins', async (t) => {
  const d = await daemon(t);
  for (const [text, want] of [['i heard go is great and we build apis', { building: 'apis' }],
    ['i heard rust is hard but we need deterministic latency', { latency: 'deterministic' }],
    ['everyone says rust is fast and our proxies need deterministic latency', { building: 'infra', latency: 'deterministic' }]]) {
    const { turns, got } = await say(d, [text]);
    assert.deepEqual(got, want, `${text}: ${show(turns[0])}`);
  }
});

test('control: hearsay alone, or joined with no word of the user\'s, tells nothing of the user', async (t) => {
  const d = await daemon(t);
  for (const text of ['somebody told me rust needs months to learn', 'i heard go takes like 2 weeks to pick up and rust is harder']) {
    const { turns, got } = await say(d, [text]);
    assert.deepEqual(got, {}, `${text}: ${show(turns[0])}`);
  }
});

test('a wish then the user\'s own fact: the fact is recorded', async (t) => {
  const d = await daemon(t);
  for (const [texts, want] of [[['we build apis', 'i wish gc pauses were fine but we need deterministic latency'], { building: 'apis', latency: 'deterministic' }],
    [['we build apis', 'i wish we had 6 months but we only have 3 weeks'], { building: 'apis', timeline: 'weeks' }],
    [['i wish we had more seniors but we have 3 weeks and we build apis'], { building: 'apis', timeline: 'weeks' }]]) {
    const { turns, got } = await say(d, texts);
    assert.deepEqual(got, want, `${texts.at(-1)}: ${show(turns.at(-1))}`);
  }
});

test('control: a wish alone is no fact', async (t) => {
  const d = await daemon(t);
  for (const [texts, want] of [[['we build apis', 'i wish we had 3 weeks'], { building: 'apis' }],
    [['we build apis', 'man, i wish our team was all seniors'], { building: 'apis' }],
    [['we build proxies but i wish we had 3 weeks'], { building: 'infra' }]]) {
    const { turns, got } = await say(d, texts);
    assert.deepEqual(got, want, `${texts.at(-1)}: ${show(turns.at(-1))}`);
  }
});

test('long messages of or, suppose, who and forget are answered at once', async (t) => {
  const d = await daemon(t);
  for (const unit of ['or ', 'gorm or ent ', 'suppose we build proxies, ', 'who who ', 'i wonder if ',
    'forget about the gc pauses and ', 'whether we pick rust or go, ', 'i wish we had ', 'or did ']) {
    const text = unit.repeat(Math.floor(8000 / unit.length));
    const t0 = Date.now();
    const { turns } = await say(d, [text]);
    const ms = Date.now() - t0;
    assert.ok(turns[0].length > 0, unit);
    assert.ok(ms < 2000, `${unit.trim()} x${Math.floor(8000 / unit.length)}: ${ms} ms`);
  }
});

// The lead, after merging nc52: an opinion cue marked the whole clause
// someone else's, so the user's own relative clause inside it was lost
// ("our lead wants rust for the kernel drivers we write" recorded the
// kernel on ae452e05, nothing after nc52).
test('an opinion keeps the user\'s own relative clause inside it', async (t) => {
  const d = await daemon(t);
  for (const [text, q, want] of [['our lead wants rust for the kernel drivers we write', 'building', 'kernel']]) {
    const { got } = await say(d, [text]);
    assert.equal(got[q], want, text);
  }
  for (const text of ['in my manager\'s view we need hard realtime', 'our cto wants a proxy with no gc pauses']) {
    const { got } = await say(d, [text]);
    assert.deepEqual(got, {}, text);
  }
});
