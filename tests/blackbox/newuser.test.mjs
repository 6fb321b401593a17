// SPDX-License-Identifier: ISC
// What a new integrator (round 15) hit while connecting a text-only chat
// from the documentation alone.  PROTOCOL.md 4.5: a bridge "can send
// `plain` and nothing else", with "sources named".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Daemon, browser, last } from './lib.mjs';

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
