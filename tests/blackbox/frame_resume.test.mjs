// SPDX-License-Identifier: ISC
// A follow-up that states one slot of the last question (issue 11, kind 5:
// the frame of the last question, knowledge/dialogue_frame.c) reads the
// same after the daemon dies and the conversation is resumed as without:
// the frame is engine state, rebuilt by replaying the conversation's
// inputs, so the reply a user gets does not depend on a restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { Conv, Daemon, browser, connect, last, tempDir } from './lib.mjs';

const ASK = 'what do go developers get paid in australia?';
const FOLLOW = 'right, and over in the us?';

// What a user reads of an answer: its text and the claims it cites.
function seen(turn) {
  const a = last(turn, 'answer');
  assert.ok(a, `an answer: ${JSON.stringify(turn).slice(0, 300)}`);
  return { plain: a.plain, covered: a.covered, cites: (a.citations ?? []).map((c) => c.claim ?? c.id) };
}

test('a follow-up naming only a place answers the last question there, the same after a restart and resume', async (t) => {
  // uninterrupted
  const a = await new Daemon([]).start();
  t.after(() => a.stop());
  const { c, conv } = await browser(a);
  const first = seen(await conv.say(ASK));
  assert.match(first.plain, /australia/i, 'the article has only US figures: said so');
  const straight = seen(await conv.say(FOLLOW));
  c.close();
  // the place stated replaces the one the article lacks: Go's US pay, no note on Australia
  assert.equal(straight.covered, true);
  assert.equal(straight.cites[0], 'go-salary-us-median', JSON.stringify(straight));
  assert.doesNotMatch(straight.plain, /australia/i);
  assert.match(straight.plain, /\$135k/);

  // the same conversation, the daemon killed between the two messages
  const state = tempDir('advisord-frame-');
  t.after(() => rmSync(state, { recursive: true, force: true, maxRetries: 10 }));
  const b = await new Daemon(['--state-dir', state]).start();
  const x = await browser(b);
  const before = await x.conv.say(ASK);
  assert.deepEqual(seen(before), first);
  b.kill('SIGKILL');
  await b.exitPromise;
  x.c.terminate();

  const r = await new Daemon(['--state-dir', state]).start();
  t.after(() => r.stop());
  const rc = await connect(r.wsUrl);
  rc.request({ type: 'hello', resume: { conversation: x.welcome.conversation, token: x.welcome.token,
    last_seq: before.at(-1).seq } });
  const resumed = await rc.next((m) => m.type === 'resumed' || m.type === 'error');
  assert.equal(resumed.type, 'resumed', JSON.stringify(resumed));
  const after = seen(await new Conv(rc, null).say(FOLLOW));
  assert.deepEqual(after, straight, 'the reply after the resume differs from the one without');
  rc.close();
});
