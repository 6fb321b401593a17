// SPDX-License-Identifier: ISC
// ht47c: over the HTTP API, an `end` after many large says (hx47b's
// finding 3: 30 says of about 8 KB in conversation 'a', interleaved with
// 30 in 'b') is answered in full and in time, and the daemon stays
// responsive; it used to go unanswered while the event loop spun on
// EPOLLOUT.  The daemon listens on a free 127.0.0.1 port and is stopped
// by its PID.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Daemon, assertCleanLog } from './lib.mjs';

const KEY = 'ht47c-end-key-0123456789abcdef';
const bin = process.env.B ? { binary: `${process.env.B}/advisord` } : {};
let d;
before(async () => {
  d = await new Daemon(['--http-api', '1', '--api-key', `alpha:${KEY}`,
    '--sync', 'off', '--rate-conversation', '1000',
    '--rate-conversation-burst', '1000'], {}, bin).start();
});
// and no sanitizer report when run with B=build/sanitize
after(async () => { await d.stop(); assertCleanLog(d); });

// POST msg to conversation name; resolve { status, body } or reject
// after ms
async function post(name, msg, ms = 20000) {
  const ac = new AbortController();
  const t = setTimeout(() => ac.abort(), ms);
  try {
    const r = await fetch(`${d.url}/api/v1/conversations/${name}/messages`, {
      method: 'POST', signal: ac.signal,
      headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(msg),
    });
    return { status: r.status, body: await r.text() };
  } finally { clearTimeout(t); }
}

// about 8 KB of ordinary words, different for each i
function big(i) {
  const words = `turn ${i}: we are a small team building a web backend, ` +
    'latency matters and we deploy on kubernetes; should we use rust or go? ';
  return words.repeat(Math.ceil(8000 / words.length)).slice(0, 8000);
}

test('an end after 30 says of 8 KB (interleaved with another conversation) is answered in full within 20 s', async () => {
  for (const c of ['a', 'b']) {
    const r = await post(c, { type: 'open' });
    assert.equal(r.status, 200, r.body);
  }
  for (let i = 0; i < 30; i++) {
    for (const c of ['a', 'b']) {
      const r = await post(c, { type: 'say', text: big(i) });
      assert.equal(r.status, 200, `${c} say ${i}: ${r.body.slice(0, 300)}`);
    }
  }
  const t0 = Date.now();
  const r = await post('a', { type: 'end' });
  const j = JSON.parse(r.body);
  // answered whole (it parsed), or refused with the bound it passed
  if (r.status === 200) {
    assert.equal(j.conversation, 'a');
    assert.ok(j.messages.some((m) => m.type === 'ended' || m.type === 'transcript' || m.type === 'end'),
      `an end's answer: ${r.body.slice(0, 300)}`);
  } else {
    assert.ok(j.messages?.some((m) => m.limit) || j.limit, `a refusal names its bound: ${r.body.slice(0, 300)}`);
  }
  assert.ok(Date.now() - t0 < 20000);
  // the loop is not left spinning: another request is still answered at once
  const t1 = Date.now();
  const s = await post('b', { type: 'say', text: 'and for a cli tool?' }, 5000);
  assert.equal(s.status, 200, s.body);
  assert.ok(Date.now() - t1 < 3000, `a later say took ${Date.now() - t1} ms`);
});
