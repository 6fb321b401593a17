// SPDX-License-Identifier: ISC
// Hostile review hx50 of the merges 45e45a63..3dba8292 (ad49c, sx49, ae49,
// hx49c's fixes, the understand_adds() fold) and of what one turn leaves
// for the next, through the daemon over WebSocket.  Each daemon listens on
// a free 127.0.0.1 port and is stopped by its PID.  B=/path/to/build runs
// it on another build (every test here fails on BASE 3dba8292).
//
// Findings fixed here (severity order; the full list is in the hx50 report):
// 1. High (regression of sx49's 'able'/'unable' stopwords): "unable" was
//    dropped as a stopword, so "we are unable to live with gc pauses"
//    answered the latency question "a GC is OK", the opposite of what was
//    said.  "unable" is now a negation, as "cant" is.
// 2. Medium (ad49c/hx49c code switches): a switch phrase opening its
//    clause after a ',' or '.' dropped the user's own English words before
//    it: "we write cli tools, english please - rust or go?" said need_more.
//    What comes before is dropped only when none of its words is one the
//    knowledge base knows ("Ich arbeite an Treibern - sorry, English: ..."
//    still switches).
// 3. Medium (sx49's small talk about the advisor, as a first sentence):
//    "how was your weekend? we write kernel drivers" answered the borrow
//    checker's "weeks or months", "where do you live? ..." Discord's
//    real-time server ("live"), before reading the description.  A first
//    sentence that is small talk alone is now set aside
//    (understand_talk_sentence); "are you sure? ..." (addressed) stays.
// 4. Low (commands): the walk's own prompt says "say 'choices' to see
//    them listed again", yet "show me the options again" was declined,
//    "list the choices again" an "Unchanged" verdict, "can u show the
//    choices again pls" the summary.  KB data only: the start command
//    lists "show/list (me) the choices/options again" (fillers around
//    them already drop); another wording ("one more time") is not covered.
//
// Tried and held (no test needed): 'find devs'/'land engineers' read as
// hiring in a description and a question; 'patches'/'fixes' next to a
// release word declined ("does go ship security patches for old
// releases?"); small talk about the advisor alone ('is it raining there',
// 'how was your weekend') and before a description ('where are you from?
// we build cli tools'); understand_adds(kb,q,k,reach) reaches past the
// query's end never (i < q->n); start over / restart then 'why?', 'what
// would change it?' (no verdict to change), 'what if ...' then 'summary'
// (the what-if is not recorded).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sayThenSummary as answers, summaryChoice as choice, probeDaemon as daemon } from './lib.mjs';

const plain = (turn) => turn.map((m) => m.plain ?? '').join(' / ');

test("'unable to' negates what follows, it is no stopword", async (t) => {
  const d = await daemon(t);
  for (const text of [
    'we are unable to live with gc pauses',
    "honestly we're unable to accept gc pauses at all",
  ]) {
    const { turns, answers: ans } = await answers(d, ['we build a web api', text]);
    assert.notEqual(choice(ans, 'latency'), 'relaxed', `${text}: ${plain(turns[1]).slice(0, 300)}`);
  }
  // 'able to' stays the positive statement
  const { answers: ans } = await answers(d, ['we build a web api', 'we are able to live with gc pauses']);
  assert.equal(choice(ans, 'latency'), 'relaxed');
});

test('a code-switch phrase keeps the English words before it', async (t) => {
  const d = await daemon(t);
  for (const [text, c] of [
    ['we write cli tools, english please - rust or go?', 'cli'],
    ['our team builds proxies. in english: which language fits?', 'infra'],
    ['we do kernel drivers, sorry english - rust or go?', 'kernel'],
  ]) {
    const { turns, answers: ans } = await answers(d, [text]);
    assert.equal(choice(ans, 'building'), c, `${text}: ${plain(turns[0]).slice(0, 300)}`);
  }
  // a real switch still drops the other language
  const { turns } = await answers(d, ['Ich arbeite an Treibern - sorry, English: do the kernel people take Rust code?']);
  assert.ok(turns[0].some((m) => m.type === 'answer'), plain(turns[0]).slice(0, 300));
});

test('small talk as a first sentence is no question for the article', async (t) => {
  const d = await daemon(t);
  for (const text of [
    'how was your weekend? we write kernel drivers',
    'where do you live? we write kernel drivers',
    'hows the weather where you are?? we write kernel drivers',
  ]) {
    const { turns, answers: ans } = await answers(d, [text]);
    assert.equal(choice(ans, 'building'), 'kernel', text);
    assert.ok(!turns[0].some((m) => m.type === 'answer'), `${text}: ${plain(turns[0]).slice(0, 300)}`);
  }
});

test("'show me the options again' lists the pending question's choices", async (t) => {
  const d = await daemon(t);
  const { turns } = await answers(d, ['we build a web api', 'show me the options again',
    'list the choices again', 'can u show the choices again pls']);
  for (const turn of turns.slice(1)) {
    const types = turn.map((m) => m.type);
    assert.ok(!types.some((x) => ['answer', 'summary', 'recommendation'].includes(x)), plain(turn).slice(0, 300));
    const q = turn.find((m) => m.type === 'question');
    assert.ok(q && q.question === 'latency' && /1\. Latency must be deterministic/.test(q.plain), plain(turn).slice(0, 300));
  }
});
