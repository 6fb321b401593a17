// SPDX-License-Identifier: ISC
// Hostile review hx49c of round 49b (fe6752eb..702586ca), through the
// daemon over WebSocket.  Each daemon listens on a free 127.0.0.1 port and
// is stopped by its PID.  B=/path/to/build runs it on another build (every
// test here fails on BASE 702586ca).
//
// Findings fixed here (the full list is in the hx49c report):
// 1. High (regression of ad49c's understand_code_switch): a code-switch
//    phrase ending the user's own clause before ':' or '-' dropped
//    everything before it as another language: "we build proxies and all
//    our docs are in english: what do you recommend?" said need_more,
//    proxies lost.  The phrase must now open its clause (nothing, or a
//    mark, before its first word): "Treibern - sorry, English: ..." still
//    switches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sayThenSummary as answers, summaryChoice as choice, probeDaemon as daemon } from './lib.mjs';

const plain = (turn) => turn.map((m) => m.plain ?? '').join(' / ');

test("'in english' closing the user's own clause is no switch of language", async (t) => {
  const d = await daemon(t);
  for (const [text, c] of [
    ['we build proxies and all our docs are in english: what do you recommend?', 'infra'],
    ['we write kernel drivers, comments in english - rust or go?', 'kernel'],
    ['our team writes kernel drivers in english: rust or go?', 'kernel'],
  ]) {
    const { turns, answers: ans } = await answers(d, [text]);
    assert.equal(choice(ans, 'building'), c, `${text}: ${plain(turns[0]).slice(0, 300)}`);
  }
  // a real switch still drops the other language
  const { turns } = await answers(d, ['Ich arbeite an Treibern - sorry, English: do the kernel people take Rust code?']);
  assert.ok(turns[0].some((m) => m.type === 'answer'), plain(turns[0]).slice(0, 300));
});
