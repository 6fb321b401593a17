// SPDX-License-Identifier: ISC
// Hostile review hx50b of round 50 (3dba8292..c255d010: cf50, cm50, wi50,
// rl50, fq50, hx50, pf50), through the daemon over WebSocket.  Each daemon
// listens on a free 127.0.0.1 port and is stopped by its PID.
// B=/path/to/build runs it on another build (every test here fails on
// BASE c255d010).
//
// Findings fixed here (severity order; the full list is in the report):
// 1. High (wi50 wishes): a wish with nothing answered yet was recorded as
//    the user's work, the opposite of what a wish says of it: "i wish we
//    didnt need low latency" recorded "a GC is OK", "i wish we built
//    kernel drivers" recorded kernels.  A wish is now always a what-if
//    (one naming no answer is explained or not understood); a formal want
//    ("i wish to build kernel drivers", phrases.reading.wish_wants) stays
//    the user's plan.
// 2. High (rl50 relays): a relay role after "my" and one modifier took any
//    modifier, so "my friend's lead says we build cli tools", "my sister's
//    boss says ..." recorded the user's work "(from your lead)"; "my
//    friend says we build cli tools" records nothing.  The modifier may no
//    longer be a people, others or past word ("my former boss").
// 3. High (cm50 drop_verbs): "forget what my boss said about latency",
//    "forget what you said about latency", "ignore what the article says
//    about latency" undid the user's own latency answer.  A reports verb
//    whose word before it is no user word now names someone else's words
//    (understand_forget_other); "forget what i said/told you" still undo.
//
// Tried and held (no test needed): an opinion relayed ("my boss thinks we
// need low latency", "my lead said rust is too hard for us") records
// nothing; "my lead never said ..." and "my boss said we might need ..."
// record nothing; forget/ignore of a question never answered says so and
// shows the question; "forget what i said about the team" leaves latency;
// "actually no, ignore that" undoes the last answer only; 'with juniors
// instead?' after a verdict is a what-if; small talk first sentences
// ("hi! how's it going? do go devs earn more ...", "how are you? we need
// no gc pauses") keep the question/statement after them; "what if we had
// 3 weeks, we build cli tools" records the statement only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sayThenSummary as answers, summaryChoice as choice, probeDaemon as daemon } from './lib.mjs';

const plain = (turn) => turn.map((m) => m.plain ?? '').join(' / ');

test('a wish records nothing, even with nothing answered yet', async (t) => {
  const d = await daemon(t);
  for (const [text, q] of [
    ['i wish we didnt need low latency', 'latency'],
    ['i wish latency didnt matter', 'latency'],
    ['i wish we built kernel drivers', 'building'],
    ['man i wish we did cli tools instead of this', 'building'],
  ]) {
    const { turns, answers: ans } = await answers(d, [text]);
    assert.equal(choice(ans, q), null, `${text}: ${plain(turns[0]).slice(0, 300)}`);
  }
  // a formal want is the user's plan
  const { turns, answers: ans } = await answers(d, ['i wish to build kernel drivers']);
  assert.equal(choice(ans, 'building'), 'kernel', plain(turns[0]).slice(0, 300));
});

test("someone else's lead relays nothing of the user's work", async (t) => {
  const d = await daemon(t);
  for (const text of [
    "my friend's lead says we build cli tools",
    "my sister's boss says we build cli tools",
    'my former boss said we build kernel drivers',
  ]) {
    const { turns, answers: ans } = await answers(d, [text]);
    assert.equal(choice(ans, 'building'), null, `${text}: ${plain(turns[0]).slice(0, 300)}`);
  }
  // the user's own lead still relays
  const { turns, answers: ans } = await answers(d, ['my tech lead says we build kernel drivers']);
  assert.equal(choice(ans, 'building'), 'kernel', plain(turns[0]).slice(0, 300));
});

test("forgetting someone else's words keeps the user's answer", async (t) => {
  const d = await daemon(t);
  for (const text of [
    'forget what my boss said about latency',
    'forget what you said about latency',
    'ignore what the article says about latency',
  ]) {
    const { turns, answers: ans } = await answers(d, ['we build a web api', 'gc pauses are fine', text]);
    assert.equal(choice(ans, 'latency'), 'relaxed', `${text}: ${plain(turns[2]).slice(0, 300)}`);
  }
  // the user's own words are still withdrawn
  for (const text of ['forget what i said about latency', 'forget what i told you about latency']) {
    const { turns, answers: ans } = await answers(d, ['we build a web api', 'gc pauses are fine', text]);
    assert.equal(choice(ans, 'latency'), null, `${text}: ${plain(turns[2]).slice(0, 300)}`);
  }
});
