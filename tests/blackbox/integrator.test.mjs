// SPDX-License-Identifier: ISC
// Protocol fixes for integrators (issue 15, problems 1 and 5): the API key
// that owns a conversation name may resume or end it without its token;
// a resume beyond the latest seq is an error naming the latest; hello's
// schema says what the daemon does.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, Daemon, Conv, browser, connect, last } from './lib.mjs';

const SECRET = 'integrator-secret-0123456789';
const OTHER = 'other-integration-secret-0123';
let d;

before(async () => {
  d = await new Daemon(['--api-key', `bridge:${SECRET}`, '--api-key', `other:${OTHER}`]).start();
});
after(async () => { await d.stop(); });

// Everything up to and including the first message of type `type`
// (replayed messages carry the re of requests on the old connection).
async function upTo(c, type) {
  const out = [];
  for (;;) {
    const m = await c.next();
    out.push(m);
    if (m.type === type || (m.type === 'error' && m.done)) return out;
  }
}

async function integration(secret = SECRET) {
  const c = await connect(d.wsUrl, { headers: { Authorization: `Bearer ${secret}` } });
  const t = await c.turn(c.request({ type: 'hello' }));
  assert.equal(t[0].type, 'welcome');
  return c;
}

test('a bridge that lost its token takes its conversation back, and ends one it does not hold', async () => {
  const name = 'irc:libera:#rust:alice';
  const a = await integration();
  const opened = await a.turn(a.request({ type: 'open', conversation: name }));
  const token = opened[0].token;
  await new Conv(a, name).say('I write Kubernetes operators');
  a.terminate();			// the bridge dies, and its state with it

  const b = await integration();
  let t = await b.turn(b.request({ type: 'open', conversation: name }));
  assert.equal(t[0].code, 'conversation_exists');
  // another API key cannot, with or without the name
  const o = await integration(OTHER);
  t = await o.turn(o.request({ type: 'resume', conversation: name }));
  assert.equal(t.at(-1).code, 'unknown_conversation');
  // its owner can: the replay, then resumed with the token
  b.request({ type: 'resume', conversation: name, id: 'b-take' });
  t = await upTo(b, 'resumed');
  const resumed = t.at(-1);
  assert.equal(resumed.re, 'b-take');
  assert.equal(resumed.type, 'resumed');
  assert.equal(resumed.token, token);
  assert.ok(t.some((m) => m.type === 'recommendation' && m.verdict === 'go'));
  t = await new Conv(b, name).command('summary');
  assert.equal(t[0].seq, resumed.last_seq + 1);
  assert.ok(t[0].answers.some((x) => x.choice === 'platform'));

  // a third connection of the same key ends it without resuming it
  const c = await integration();
  t = await c.turn(c.request({ type: 'end', conversation: name }));
  assert.equal(t[0].type, 'transcript');
  assert.equal(t[0].status, 'complete');
  assert.equal(t.at(-1).type, 'ended');
  const moved = await b.next((m) => m.type === 'error');
  assert.equal(moved.code, 'conversation_moved');
  assert.equal(moved.conversation, name);
  // and the name is free again
  t = await c.turn(c.request({ type: 'open', conversation: name }));
  assert.equal(t[0].type, 'opened');
  assert.notEqual(t[0].token, token);
  for (const x of [b, c, o]) x.close();
});

test('a detached conversation is ended by its owner without a token', async () => {
  const name = 'slack:T1:C1:U1';
  const a = await integration();
  await a.turn(a.request({ type: 'open', conversation: name }));
  a.terminate();
  const b = await integration();
  const t = await b.turn(b.request({ type: 'end', conversation: name }));
  assert.deepEqual(t.map((m) => m.type), ['transcript', 'ended']);
  b.close();
});

test('a browser connection still needs the token', async () => {
  const { c, welcome } = await browser(d);
  const c2 = await connect(d.wsUrl);
  await c2.turn(c2.request({ type: 'hello' }));
  const t = await c2.turn(c2.request({ type: 'resume', conversation: welcome.conversation }));
  assert.equal(t.at(-1).code, 'missing_field');
  assert.match(t.at(-1).message, /token/);
  c.close();
  c2.close();
});

test('resume beyond the latest seq is an error naming the latest; nothing is taken', async () => {
  const { c, welcome, turn } = await browser(d);
  const latest = turn.at(-1).seq;
  const c2 = await connect(d.wsUrl);
  let t = await c2.turn(c2.request({ type: 'hello', resume: { conversation: welcome.conversation, token: welcome.token, last_seq: latest + 5 } }));
  const e = last(t, 'error');
  assert.equal(e.code, 'invalid_field');
  assert.equal(e.latest_seq, latest);
  assert.match(e.message, /last_seq/);
  assert.equal(e.done, true);
  // the first connection still has it
  t = await new Conv(c, null).command('summary');
  assert.equal(t[0].type, 'summary');
  // an integration too, with resume
  const name = 'matrix:!r:x:@u';
  const a = await integration();
  const opened = await a.turn(a.request({ type: 'open', conversation: name }));
  t = await a.turn(a.request({ type: 'resume', conversation: name, token: opened[0].token, last_seq: 99 }));
  assert.equal(t.at(-1).code, 'invalid_field');
  assert.equal(t.at(-1).latest_seq, opened.at(-1).seq);
  // at the latest is fine: nothing replayed
  t = await a.turn(a.request({ type: 'resume', conversation: name, token: opened[0].token, last_seq: opened.at(-1).seq }));
  assert.deepEqual(t.map((m) => m.type), ['resumed']);
  for (const x of [a, c, c2]) x.close();
});

test("hello's schema says what the daemon does: resume on integrations, client logged", async () => {
  const doc = JSON.parse(readFileSync(join(ROOT, 'protocol/schema/advisor.v1.json'), 'utf8'));
  const hello = doc.$defs['client-hello'];
  assert.doesNotMatch(hello.properties.resume.description, /ignored/i);
  assert.match(hello.properties.resume.description, /integration/);
  assert.doesNotMatch(hello.properties.client.description, /not used/i);
  const resume = doc.$defs['client-resume'];
  assert.ok(!resume.required.includes('token'));
  // and the daemon does resume in an integration's hello, and logs client
  const name = 'irc:x:#y:z';
  const a = await integration();
  const opened = await a.turn(a.request({ type: 'open', conversation: name }));
  a.terminate();
  const b = await connect(d.wsUrl);
  b.request({ type: 'hello', id: 'h-resume', api_key: SECRET, client: 'integrator-test/1', resume: { conversation: name, token: opened[0].token, last_seq: 1 } });
  const t = await upTo(b, 'resumed');
  assert.equal(t[0].type, 'welcome');
  assert.equal(t.at(-1).type, 'resumed');
  assert.ok(t.some((m) => m.type === 'question' && m.seq > 1));
  // the log is a pipe of its own: the line may come after the replies
  await d.waitLog(/hello from 'integrator-test\/1'/);
  assert.match(d.log, /hello from 'integrator-test\/1'/);
  b.close();
});
