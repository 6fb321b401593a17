// SPDX-License-Identifier: ISC
// Conversations are per API key (PROTOCOL.md 3.3): no other key, and no
// browser, may take over or end one, with or without its token.  The
// daemon keys a conversation as "OWNER/NAME", so a key name holding '/'
// ("a/b") reached key "a"'s conversation "b/x" as its own "x": such key
// names are refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADVISORD, Daemon, run, connect, browser } from './lib.mjs';

const A = 'alpha-secret-0123456789abc';
const B = 'beta-secret-0123456789abcd';

test("an API key name with '/' is refused, naming the '/'", async () => {
  const r = await run(ADVISORD, ['-n', '--api-key', `a:${A}`, '--api-key', `a/b:${B}`]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /key name contains '\/'/);
});

test('another key and a browser can neither resume nor end a conversation they do not own', async () => {
  const d = await new Daemon(['--api-key', `a:${A}`, '--api-key', `ab:${B}`]).start();
  try {
    const integ = async (s) => {
      const c = await connect(d.wsUrl, { headers: { Authorization: `Bearer ${s}` } });
      await c.turn(c.request({ type: 'hello' }));
      return c;
    };
    const a = await integ(A);
    const op = await a.turn(a.request({ type: 'open', conversation: 'b/x' }));
    assert.equal(op[0].type, 'opened');
    const token = op[0].token;
    const b = await integ(B);
    for (const name of ['b/x', 'x', '/b/x', 'a/b/x']) {
      let t = await b.turn(b.request({ type: 'resume', conversation: name }));
      assert.equal(t.at(-1).code, 'unknown_conversation', name);
      t = await b.turn(b.request({ type: 'resume', conversation: name, token }));
      assert.equal(t.at(-1).code, 'unknown_conversation', name);
      t = await b.turn(b.request({ type: 'end', conversation: name }));
      assert.equal(t.at(-1).code, 'unknown_conversation', name);
    }
    const { c } = await browser(d);
    let t = await c.turn(c.request({ type: 'resume', conversation: 'b/x', token }));
    assert.equal(t.at(-1).code, 'unknown_conversation');
    t = await c.turn(c.request({ type: 'end', conversation: 'b/x' }));
    assert.equal(t.at(-1).type, 'error');
    assert.notEqual(t.at(-1).type, 'ended');
    // the owner still has it, untouched
    t = await a.turn(a.request({ type: 'command', conversation: 'b/x', command: 'summary' }));
    assert.equal(t[0].type, 'summary');
    for (const x of [a, b, c]) x.close();
  } finally {
    await d.stop();
  }
});
