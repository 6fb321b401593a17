// SPDX-License-Identifier: ISC
// Hostile review hx52 of the whole daemon (main af9ff9be), through the
// daemon over WebSocket.  Each daemon listens on a free 127.0.0.1 port and
// is stopped by its PID.  B=/path/to/build runs it on another build (every
// test here fails on af9ff9be but the controls, which hold on both).
//
// Findings fixed here:
// 1. Medium (unicode): characters that print as nothing, carried in by
//    copy and paste or by a phone keyboard (a byte order mark, a zero-width
//    space or joiner, a soft hyphen, a word joiner, a bidirectional mark or
//    override, an emoji variation selector and the keycap "2\ufe0f\u20e3"),
//    and spaces that are not ASCII (no-break, thin, ideographic) misread
//    the message: "\ufeff2", "\u00a02", "2\u200b" with the building
//    question pending answered an article fact ("Learn Go if you need to be
//    productive ... within 2-3 weeks") and recorded nothing; "we need
//    deter\u00administic latency" was not understood, "what is
//    pin\u200bgora?" not covered; and "we don\u200bt need deterministic
//    latency" recorded deterministic latency, the opposite of what was
//    said.  A digit written otherwise ("\uff12", "\u0662"), which the
//    tokenizer reads as a digit, was not a choice's number.  The engine now
//    reads a message with those characters dropped, the spaces as spaces
//    and such digits as ASCII (text_clean(), dialogue_input()); the
//    transcript keeps what was sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { probeDaemon as daemon, sayThenChoices } from './lib.mjs';

const say = sayThenChoices;
const show = (turn) => JSON.stringify(turn.map((m) => [m.type, m.event, (m.plain ?? '').slice(0, 80)]));

test('a choice number with an invisible character, a no-break space or written otherwise is that choice', async (t) => {
  const d = await daemon(t);
  for (const two of ['\ufeff2', '\u00a02', '2\u200b', '\u200b2', '2\u00a0', '\u2060 2', '\u202e2', '\uff12', '\u0662',
    '2\ufe0f\u20e3', 'option\u00a02']) {
    const { turns, got } = await say(d, [two]);
    assert.equal(got.building, 'infra', `${JSON.stringify(two)}: ${show(turns[0])}`);
  }
});

test('an invisible character inside a word does not change what the message says', async (t) => {
  const d = await daemon(t);
  for (const [texts, q, want] of [
    [['we build apis', 'we don\u200bt need deterministic latency'], 'latency', 'relaxed'],
    [['we build apis', 'we need deter\u00administic latency'], 'latency', 'deterministic'],
    [['we build k\u200dernel dri\u00advers'], 'building', 'kernel'],
    [['we build apis', 'we need\u3000deterministic latency'], 'latency', 'deterministic'],
  ]) {
    const { turns, got } = await say(d, texts);
    assert.equal(got[q], want, `${JSON.stringify(texts)}: ${show(turns.at(-1))}`);
  }
  // a question about the article: a zero-width space inside the name
  const { turns } = await say(d, ['what is pin\u200bgora?']);
  const answer = turns[0].find((m) => m.type === 'answer');
  assert.ok(answer && answer.covered !== false && /Pingora/.test(answer.plain), show(turns[0]));
});

test('control: the same messages without those characters, and a message of nothing but them', async (t) => {
  const d = await daemon(t);
  let r = await say(d, ['2']);
  assert.equal(r.got.building, 'infra');
  r = await say(d, ['we build apis', 'we dont need deterministic latency']);
  assert.equal(r.got.latency, 'relaxed');
  r = await say(d, ['what is pingora?']);
  assert.ok(/Pingora/.test(r.turns[0].find((m) => m.type === 'answer').plain));
  // nothing but invisible characters: not understood, as before, nothing recorded
  r = await say(d, ['\u200b\u200b\ufeff']);
  assert.ok(r.turns[0].some((m) => m.type === 'not_understood'), show(r.turns[0]));
  assert.deepEqual(r.got, {});
});
