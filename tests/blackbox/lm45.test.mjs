// SPDX-License-Identifier: ISC
// Every refusal says which bound (an integrator's report, round 45): the
// 1009 close and its log line name max_message_bytes and its value; every
// error refused at a bound names it in "limit", a name the welcome gives
// a value for; welcome.limits.daemon.max_connections is what the daemon
// holds under a short open-files limit; `advisor ask` takes --url, as its
// --help, man page and README say.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, ADVISORD, ADVISOR, Daemon, Conv, browser, connect, run } from './lib.mjs';

const SECRET = 'lm45-bridge-secret-0123456789';
let d;

before(async () => {
  d = await new Daemon(['--api-key', `bridge:${SECRET}`, '--max-conversations-per-connection', '1']).start();
});
after(async () => { await d.stop(); });

async function integration() {
  const c = await connect(d.wsUrl, { headers: { Authorization: `Bearer ${SECRET}` } });
  const t = await c.turn(c.request({ type: 'hello' }));
  assert.equal(t[0].type, 'welcome');
  return { c, welcome: t[0] };
}

test('a 70,000-byte message closes 1009 with a reason naming max_message_bytes and its value, within 123 bytes; the log line names it too', async () => {
  const { c, welcome } = await browser(d);
  c.send(JSON.stringify({ type: 'say', id: 'huge', text: 'x'.repeat(70000) }));
  const closed = await c.waitClose();
  assert.equal(closed.code, 1009);
  assert.match(closed.reason, /max_message_bytes/);
  assert.match(closed.reason, new RegExp(`\\b${welcome.limits.message.max_bytes}\\b`));
  assert.ok(Buffer.byteLength(closed.reason) <= 123, closed.reason);
  assert.ok(await d.waitLog(/message over max_message_bytes \(65536 bytes\); closing/), d.log.slice(-2000));
});

test('a say text over its bound is invalid_field with "limit": "max_text_bytes", the welcome member whose value it passed', async () => {
  const { c, welcome } = await browser(d);
  const max = welcome.limits.message.max_text_bytes;
  const t = await c.turn(c.request({ type: 'say', text: 'a'.repeat(max + 1) }));
  assert.equal(t.at(-1).code, 'invalid_field');
  assert.equal(t.at(-1).limit, 'max_text_bytes');
  assert.match(t.at(-1).message, new RegExp(`${max}`));
  // not a bound: an empty text has no limit
  const e = await c.turn(c.request({ type: 'say', text: '' }));
  assert.equal(e.at(-1).code, 'invalid_field');
  assert.equal(e.at(-1).limit, undefined);
  // a text at the bound is taken
  const ok = await new Conv(c, null).say(`What is Pingora? ${'a'.repeat(max - 17)}`);
  assert.notEqual(ok.at(-1).code, 'invalid_field');
  c.close();
});

test('every field bound refuses with a limit that welcome.limits.message gives a value for', async () => {
  const { c, welcome } = await browser(d);
  const msg = welcome.limits.message;
  const cases = [
    [{ type: 'say', id: 'i'.repeat(msg.max_id_bytes + 1), text: 'hi' }, 'max_id_bytes'],
    [{ type: 'say', text: 'hi', meta: { locale: 'e'.repeat(msg.max_meta_locale_bytes + 1) } }, 'max_meta_locale_bytes'],
    [{ type: 'say', text: 'hi', meta: { user: 'u'.repeat(msg.max_meta_field_bytes + 1) } }, 'max_meta_field_bytes'],
    [{ type: 'say', text: 'hi', meta: { platform: 'p'.repeat(msg.max_meta_platform_bytes + 1) } }, 'max_meta_platform_bytes'],
    [{ type: 'choose', question: 'q'.repeat(msg.max_question_id_bytes + 1), choice: 'c' }, 'max_question_id_bytes'],
    [{ type: 'choose', question: 'q', choice: 'c'.repeat(msg.max_choice_id_bytes + 1) }, 'max_choice_id_bytes'],
    [{ type: 'transcript', token: 't'.repeat(msg.max_token_bytes + 1) }, 'max_token_bytes'],
    [{ type: 'hello', client: 'c'.repeat(msg.max_client_bytes + 1) }, 'max_client_bytes'],
    [{ type: 'hello', api_key: 'k'.repeat(msg.max_api_key_bytes + 1) }, 'max_api_key_bytes'],
    [{ type: 'resume', conversation: 'n'.repeat(msg.max_conversation_name_bytes + 1), token: 't' }, 'max_conversation_name_bytes'],
  ];
  for (const [m, limit] of cases) {
    const id = m.id ?? `b-${limit}`;
    c.send({ id, ...m });
    const e = await c.next((x) => x.type === 'error' && (x.re === id || (m.id && x.re === undefined)));
    assert.equal(e.code, 'invalid_field', JSON.stringify(e));
    assert.equal(e.limit, limit, JSON.stringify(e));
    assert.equal(typeof msg[limit], 'number', limit);
  }
  // nesting past max_json_depth
  c.send(`${'['.repeat(msg.max_json_depth + 1)}${']'.repeat(msg.max_json_depth + 1)}`);
  const e = await c.next((x) => x.type === 'error' && x.code === 'bad_json');
  assert.equal(e.limit, 'max_json_depth');
  c.close();
});

test('too_many_conversations names its bound on open and on resume alike', async () => {
  const a = await integration();
  await a.c.turn(a.c.request({ type: 'open', conversation: 'lm45-one' }));
  let t = await a.c.turn(a.c.request({ type: 'open', conversation: 'lm45-two' }));
  assert.equal(t.at(-1).code, 'too_many_conversations');
  assert.equal(t.at(-1).limit, 'max_conversations_per_connection');
  a.c.terminate();
  // lm45-one waits for a resume; a connection holding one already cannot take it
  const b = await integration();
  assert.equal(b.welcome.limits.connection.max_conversations, 1);
  t = await b.c.turn(b.c.request({ type: 'open', conversation: 'lm45-three' }));
  assert.equal(t[0].type, 'opened');
  t = await b.c.turn(b.c.request({ type: 'resume', conversation: 'lm45-one' }));
  assert.equal(t.at(-1).code, 'too_many_conversations');
  assert.equal(t.at(-1).limit, 'max_conversations_per_connection');
  assert.match(t.at(-1).message, /max_conversations_per_connection/);
  assert.match(t.at(-1).message, /\b1\b/);
  b.c.close();
});

test('a resume from before what the conversation keeps gets replay_gap naming replay_messages', async (t) => {
  const small = await new Daemon(['--replay-messages', '2']).start();
  t.after(() => small.stop());
  const { c, welcome } = await browser(small);
  assert.equal(welcome.limits.conversation.replay_messages, 2);
  const conv = new Conv(c, null);
  await conv.say('What is Pingora?');
  await conv.say('why?');
  const last = await conv.say('What is the Rust salary?');
  c.terminate();
  const r = await connect(small.wsUrl);
  r.request({ type: 'hello', resume: { conversation: welcome.conversation, token: welcome.token, last_seq: 1 } });
  const gap = await r.next((m) => m.type === 'error' || m.type === 'resumed');
  assert.equal(gap.code, 'replay_gap', JSON.stringify(gap));
  assert.equal(gap.limit, 'replay_messages');
  assert.ok(gap.first_seq > 2 && gap.first_seq <= last.at(-1).seq, JSON.stringify(gap));
  r.close();
});

test('welcome.limits.daemon.max_connections is what the daemon holds when the open-files limit is short, as its log says', async (t) => {
  // a hard limit of 400 descriptors: the daemon holds fewer than 20000
  const low = new Daemon(['-c', 'ulimit -n 400 && exec "$0" "$@"', ADVISORD], {}, { binary: '/bin/sh' });
  await low.start();
  t.after(() => low.stop());
  const m = /holding connections to (\d+)/.exec(low.log);
  assert.ok(m, low.log);
  const { c, welcome } = await browser(low);
  assert.equal(welcome.limits.daemon.max_connections, Number(m[1]));
  assert.ok(welcome.limits.daemon.max_connections < 20000);
  c.close();
  // the other daemon: the setting itself, unless its limit was short too
  const { c: c2, welcome: w2 } = await browser(d);
  const held = /holding connections to (\d+)/.exec(d.log);
  assert.equal(w2.limits.daemon.max_connections, held ? Number(held[1]) : 20000);
  c2.close();
});

test('advisor ask takes the daemon\'s URL with --url, as --help, the man page and the README say', async () => {
  const r = await run(ADVISOR, ['ask', '--url', d.wsUrl, 'What is Pingora?']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Pingora/);
  const h = await run(ADVISOR, ['--help']);
  assert.match(h.stdout, /--url URL/);
  assert.match(h.stdout, /advisor ask \[URL \| --url URL\]/);
  assert.match(readFileSync(join(ROOT, 'README.md'), 'utf8'), /advisor ask --url ws:\/\/127\.0\.0\.1:9090\/ws/);
  assert.match(readFileSync(join(ROOT, 'man', 'advisor.1'), 'utf8'), /\.It Fl \\-url Ar url/);
  // not a ws URL: a usage error naming the option
  const bad = await run(ADVISOR, ['ask', '--url', 'http://127.0.0.1:1/', 'hi']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--url 'http:\/\/127\.0\.0\.1:1\/' is not a ws:\/\/ or wss:\/\/ URL/);
  // nothing at the default URL: the line says how to give one
  const none = await run(ADVISOR, ['ask', 'hi'], { env: { ...process.env, ADVISOR_URL: '' } });
  if (none.code === 1 && /cannot connect/.test(none.stderr)) assert.match(none.stderr, /--url ws:\/\/HOST:PORT\/ws/);
});
