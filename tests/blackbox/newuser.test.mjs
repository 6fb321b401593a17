// SPDX-License-Identifier: ISC
// What a new integrator (round 15) hit while connecting a text-only chat
// from the documentation alone.  PROTOCOL.md 4.5: a bridge "can send
// `plain` and nothing else", with "sources named".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ADVISOR, Daemon, browser, last, run } from './lib.mjs';

let d;
before(async () => { d = await new Daemon().start(); });
after(async () => { await d.stop(); });

// A reason citing two sections of the article rendered its sources in
// `plain` as two identical lines "  [the article]": noise on IRC (each line
// paced at throttle_rate) that names no section, while the terminal client
// shows "[1] the article §2.go-wins".
test('plain names each source of a reason once, distinguishably', { todo: 'plain citation lines repeat "[the article]" without a section' }, async () => {
  const { conv } = await browser(d);
  const turn = await conv.say('Java shop, microservices on Kubernetes');
  const rec = last(turn, 'recommendation');
  assert.ok(rec, 'a quick recommendation');
  const lines = rec.plain.split('\n');
  for (let i = 1; i < lines.length; i++) {
    assert.ok(!(lines[i] === lines[i - 1] && /^\s*\[/.test(lines[i])),
      `line ${i + 1} repeats the citation line before it: ${JSON.stringify(lines[i])}`);
  }
});

// `--timeout 0` was refused with "between 0 and 86400": a bound that
// admits the value it refuses.
test('advisor ask --timeout 0 is refused with a bound that excludes 0', async () => {
  const r = await run(ADVISOR, ['ask', d.wsUrl, '--timeout', '0', 'hi']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--timeout/);
  assert.doesNotMatch(r.stderr, /between 0 and/);
  assert.match(r.stderr, /more than 0/);
});
