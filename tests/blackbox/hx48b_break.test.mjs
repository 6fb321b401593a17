// SPDX-License-Identifier: ISC
// Hostile review hx48b of round 48b (7e8249c2..379ab082), through the
// daemon over WebSocket.  Each daemon listens on a free 127.0.0.1 port
// and is stopped by its PID.  B=/path/to/build runs it on another build
// (the findings fail on BASE 379ab082).
//
// Findings (severity, reproduction, state):
// 1. High, fixed: an amount told as a period that recurs was read as a
//    timeline or a latency budget: "we release every 2 weeks" recorded
//    timeline=weeks and a quick Go verdict; "we ship every 16ms" and "the
//    game loop runs every 16ms" recorded latency "tens of ms is fine".
//    A word of phrases.reading.amount_periods ("every", "each") right
//    before the amount now makes it no answer (match_amount_at()) unless
//    a choice's amount with leads or trails counts for it ("the render
//    loop has to tick every 16ms" stays a deterministic budget).
// 2. High, fixed: a negated head count whose unit stands before the
//    number was recorded: "not a team of 5" and "we are not a team of 5
//    anymore" recorded team=small ("hiring isn't a constraint"), "we
//    arent a team of 40 lol, its 3 of us" team=mixed.  The negation's
//    reach (UNDERSTAND_AMOUNT_NEG words) counted from the number, not
//    from its unit ("team of"); it now counts from the unit.
// Found, not fixed:
// 3. High (scope design: a message wholly about someone else is kept as
//    context): "my friends team of 40 uses go", "my friend says his team
//    is 40 people", "a friend of mine runs a team of 40" record team=mixed
//    and give a quick Go verdict; "my friend builds proxies in rust"
//    records building=infra.  match_amount_at() sees no clause_words.
// 4. High: a quote, 'he said "we have 3 weeks"', records timeline=weeks.
// 5. Medium: "which language should our team/startup write our api in"
//    gets article rows, no verdict ("...should we write..." gets one).
// 6. Medium: "if we were 12 people would rust be better?" answers with
//    RedMonk's "#12" (a number taken for a figure asked about).
// 7. Low: "we are not a team of 5 anymore, we are 30": the later count
//    in another clause is not read (declined, nothing wrong recorded).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sayThenSummary, summaryChoice, probeDaemon as daemon } from './lib.mjs';

const answers = sayThenSummary;
const choice = summaryChoice;

test('an amount told as a period that recurs is no timeline or latency budget', async (t) => {
  const d = await daemon(t);
  for (const [text, q] of [
    ['we release every 2 weeks', 'timeline'],
    ['we ship every 16ms', 'latency'],
    ['the game loop runs every 16ms', 'latency'],
    ['our cron job fires each 3 weeks lol', 'timeline'],
  ]) {
    const { turns, answers: ans } = await answers(d, [text]);
    assert.equal(choice(ans, q), null, `${text}: ${JSON.stringify(turns[0]).slice(0, 300)}`);
  }
  // the amounts that are answers still read
  for (const [text, q] of [
    ['we have 2 weeks', 'timeline'],
    ['p99 of 40ms is fine', 'latency'],
    ['we deploy every 3 weeks but need this in prod in 2 weeks', 'timeline'],
  ]) {
    const { answers: ans } = await answers(d, [text]);
    assert.notEqual(choice(ans, q), null, text);
  }
  // a tick's or a frame's budget is still one (kb_amount leads/trails)
  for (const text of ['the render loop has to tick every 16ms', 'we need a frame every 16ms']) {
    const { answers: ans } = await answers(d, [text]);
    assert.equal(choice(ans, 'latency'), 'deterministic', text);
  }
});

test('a negated head count whose unit comes first is not recorded', async (t) => {
  const d = await daemon(t);
  // a count of 2-19 records nothing since round 51 (rd51: a size, not
  // whether hiring is a constraint), so the counts here are of 20 and more
  for (const text of ['not a team of 50', 'we are not a team of 50 anymore', 'we arent a team of 40 lol, its 3 of us']) {
    const { turns, answers: ans } = await answers(d, [text]);
    assert.equal(choice(ans, 'team'), null, `${text}: ${JSON.stringify(turns[0]).slice(0, 300)}`);
  }
  for (const text of ['we are a team of 50', 'not sure, a team of 50 i guess']) {
    const { answers: ans } = await answers(d, [text]);
    assert.notEqual(choice(ans, 'team'), null, text);
  }
});
