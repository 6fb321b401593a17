// SPDX-License-Identifier: ISC
// Fixes for what the new user nu47 found (/work/wt/nu47-notes.md, round
// 47): F12 a second hello with api_key, F8 405 bodies and Allow, F6/F10
// --help, F18 the per-address storage refusal in the log.  Each test
// failed on 043ba533.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Daemon, ADVISORD, browser, connect, rawRequest, run } from './lib.mjs';

const SECRET = 'nu47-secret-0123456789abcdef';
const OTHER = 'nu47-other-secret-0123456789';

// Everything answering request id up to its done, or an error with done.
async function turnOf(c, msg) {
  return c.turn(c.request(msg));
}

test('F12: api_key in a second hello on a browser connection is refused and changes nothing', async (t) => {
  const d = await new Daemon(['--api-key', `bridge:${SECRET}`]).start();
  t.after(() => d.stop());
  const { c, welcome } = await browser(d);
  t.after(() => c.close());
  const name = welcome.conversation;
  const said = await turnOf(c, { type: 'say', text: '2' });
  assert.ok(said.some((m) => m.seq > 0), JSON.stringify(said));
  const seq = Math.max(...said.filter((m) => m.seq).map((m) => m.seq));

  // a valid key: refused, the rule named; the connection stays a browser one
  const h = await turnOf(c, { type: 'hello', api_key: SECRET });
  assert.equal(h.length, 1, JSON.stringify(h));
  assert.equal(h[0].type, 'error', JSON.stringify(h));
  assert.equal(h[0].code, 'invalid_field');
  assert.match(h[0].message, /api_key.*first hello/);
  assert.equal(h[0].done, true);
  const o = await turnOf(c, { type: 'open', conversation: name });
  assert.equal(o[0].code, 'unauthorized', 'still a browser connection: open is refused');
  // its one conversation goes on where it was
  const next = await turnOf(c, { type: 'say', text: 'why?' });
  assert.equal(next.find((m) => m.seq).seq, seq + 1, JSON.stringify(next));
  assert.ok(next.every((m) => m.conversation === undefined || m.conversation === name));
  // a wrong key the same way: no probing, nothing changed
  const w = await turnOf(c, { type: 'hello', api_key: 'wrong-key-0123456789' });
  assert.equal(w[0].code, 'invalid_field', JSON.stringify(w));
  // a plain second hello still names the same conversation (PROTOCOL 3.1)
  const again = await turnOf(c, { type: 'hello' });
  assert.equal(again[0].type, 'welcome');
  assert.equal(again[0].conversation, name);
  assert.equal(again[0].integration, false);
  // one end, then conversation_ended: one name is one conversation here
  const end = await turnOf(c, { type: 'end' });
  assert.ok(end.some((m) => m.type === 'ended'), JSON.stringify(end));
  const end2 = await turnOf(c, { type: 'end', conversation: name });
  assert.equal(end2[0].code, 'conversation_ended', JSON.stringify(end2));
});

test('F12: an integration connection keeps its key: a later hello with another or a wrong key is refused', async (t) => {
  const d = await new Daemon(['--api-key', `bridge:${SECRET}`, '--api-key', `other:${OTHER}`]).start();
  t.after(() => d.stop());
  const c = await connect(d.wsUrl);
  t.after(() => c.close());
  const w = await turnOf(c, { type: 'hello', api_key: SECRET });
  assert.equal(w[0].type, 'welcome');
  assert.equal(w[0].integration, true);
  const op = await turnOf(c, { type: 'open', conversation: 'irc:x:#a:bob' });
  assert.equal(op[0].type, 'opened', JSON.stringify(op));
  for (const key of [OTHER, 'wrong-key-0123456789', SECRET]) {
    const h = await turnOf(c, { type: 'hello', api_key: key });
    assert.equal(h[0].code, 'invalid_field', `${key}: ${JSON.stringify(h)}`);
  }
  // still the bridge key's connection: its conversation is here, and the
  // other key does not see it (the name is free in the other namespace)
  const s = await turnOf(c, { type: 'say', conversation: 'irc:x:#a:bob', text: 'why?' });
  assert.ok(s.some((m) => m.seq > 0), JSON.stringify(s));
  const o = await connect(d.wsUrl);
  t.after(() => o.close());
  await turnOf(o, { type: 'hello', api_key: OTHER });
  const op2 = await turnOf(o, { type: 'open', conversation: 'irc:x:#a:bob' });
  assert.equal(op2[0].type, 'opened', JSON.stringify(op2));
  // a first hello with a wrong key is still unauthorized, and a retry works
  const r = await connect(d.wsUrl);
  t.after(() => r.close());
  assert.equal((await turnOf(r, { type: 'hello', api_key: 'wrong-key-0123456789' }))[0].code, 'unauthorized');
  assert.equal((await turnOf(r, { type: 'hello', api_key: SECRET }))[0].integration, true);
  assert.ok(await d.waitLog(/api_key in a second hello refused/));
});

// One request on its own connection: { status, headers, body }.
const http = rawRequest;

test('F8: every 405 on /api/ carries Allow: POST and a body that says the same', async (t) => {
  const d = await new Daemon(['--http-api', '1', '--api-key', `alpha:${SECRET}`]).start();
  t.after(() => d.stop());
  const host = `Host: 127.0.0.1:${d.port}`;
  const path = '/api/v1/conversations/x/messages';
  for (const m of ['DELETE', 'PUT', 'GET']) {
    const r = await http(d.port, [`${m} ${path} HTTP/1.1`, host, `Authorization: Bearer ${SECRET}`, 'Connection: close']);
    assert.equal(r.status, 405, `${m}: ${JSON.stringify(r)}`);
    assert.equal(r.headers.allow, 'POST', `${m}: Allow ${JSON.stringify(r.headers)}`);
    assert.match(r.body, /POST only/, `${m}: ${r.body}`);
    assert.doesNotMatch(r.body, /GET and HEAD only/, m);
  }
  // elsewhere: Allow GET, HEAD and a body naming them
  const r = await http(d.port, ['DELETE /healthz HTTP/1.1', host, 'Connection: close']);
  assert.equal(r.status, 405);
  assert.equal(r.headers.allow, 'GET, HEAD');
  assert.match(r.body, /GET and HEAD only/);
});

test('F6, F10, F18: --help says what max_replay_bytes drops first, where /healthz and /readyz are, the 1 MiB minimum', async () => {
  const r = await run(ADVISORD, ['--help']);
  const help = (r.stdout ?? '') + (r.stderr ?? '');
  const flat = help.replace(/\s+/g, ' ');
  assert.doesNotMatch(flat, /longest idle waiting conversations are closed, then clients that do not read/);
  assert.match(flat, /do not read are dropped first when the waiting conversations' replay cannot cover the overrun/);
  assert.doesNotMatch(flat, /\(and \/healthz\) here only/);
  assert.match(flat, /\/readyz stays on listen only/);
  assert.match(flat, /at least 1 MiB/);
});

test('F18: a refusal for max_state_bytes_per_ip is logged, once a minute per address', async (t) => {
  const d = await new Daemon(['--max-state-bytes-per-ip', '1']).start();
  t.after(() => d.stop());
  const { c } = await browser(d);
  t.after(() => c.close());
  for (let i = 0; i < 3; i++) {
    const r = await turnOf(c, { type: 'say', text: '2' });
    assert.equal(r[0].code, 'storage_full', JSON.stringify(r));
    assert.equal(r[0].limit, 'max_state_bytes_per_ip');
    // advice a browser user holding only this one can follow too
    assert.match(r[0].message, /end this or others of them .* or try later: those left open close after idle_timeout/);
  }
  assert.ok(await d.waitLog(/at max_state_bytes_per_ip \(1\): their user messages are refused/), d.log);
  assert.equal(d.log.match(/at max_state_bytes_per_ip/g).length, 1, 'logged once for three refusals');
});

test('F11: the Markdown transcript of an integration conversation shows its "opened" as an event, not a heading over nothing', async (t) => {
  const d = await new Daemon(['--api-key', `bridge:${SECRET}`]).start();
  t.after(() => d.stop());
  const c = await connect(d.wsUrl);
  t.after(() => c.close());
  await turnOf(c, { type: 'hello', api_key: SECRET });
  await turnOf(c, { type: 'open', conversation: 'md' });
  await turnOf(c, { type: 'say', conversation: 'md', text: '2' });
  const tr = (await turnOf(c, { type: 'transcript', conversation: 'md', format: 'markdown' })).find((m) => m.type === 'transcript');
  assert.match(tr.markdown, /\*\*Advisor\*\* \(opened, #1\)\n\n\*\*Advisor\*\* \(notice, #2\):\n\n> /, tr.markdown.slice(0, 600));
  // every heading with a colon has something under it
  assert.doesNotMatch(tr.markdown, /\):\n\n\n/);
  assert.doesNotMatch(tr.markdown, /\):\n\n\*\*/);
});
