// SPDX-License-Identifier: ISC
// Protocol v1 against the real daemon: walks to each verdict, free-form
// questions, profiles, commands, integrations multiplexing conversations,
// authentication and resume.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Daemon, Conv, browser, connect, last, sleep } from './lib.mjs';

const KEY = 'irc-bridge:0123456789abcdef0123';
const SECRET = '0123456789abcdef0123';
let d;

before(async () => {
  d = await new Daemon(['--api-key', KEY, '--rate-conversation', '100',
    '--rate-conversation-burst', '200']).start();
});
after(async () => { await d.stop(); });

// Walk by clicking: answer each question with a fixed choice per question.
async function walk(conv, first, answers) {
  let turn = first;
  for (let i = 0; i < 20; i++) {
    const q = last(turn, 'question');
    const rec = last(turn, 'recommendation');
    if (rec && !q) return { rec, turn };
    assert.ok(q, `a question or a recommendation: ${JSON.stringify(turn).slice(0, 500)}`);
    const choice = answers[q.question] ?? q.choices[0].id;
    assert.ok(q.choices.some((c) => c.id === choice), `${q.question} has ${choice}`);
    turn = await conv.choose(q.question, choice);
    for (const m of turn) assert.equal(m.re, turn[0].re);
    assert.equal(turn.at(-1).done, true);
  }
  throw new Error('the walk did not end');
}

test('a guided walk by choices ends with a Rust recommendation citing claims', async () => {
  const { c, welcome, turn, conv } = await browser(d);
  assert.match(welcome.conversation, /^c-[0-9a-f]+$/);
  assert.match(welcome.token, /^[0-9a-f]{64}$/);
  assert.equal(welcome.kb.id, 'rust-vs-go-2026');
  assert.match(welcome.kb.hash, /^[0-9a-f]{64}$/);
  const { rec } = await walk(conv, turn, { building: 'kernel', memory_safety: 'yes', background: 'cpp' });
  assert.equal(rec.verdict, 'rust');
  assert.ok(rec.confidence > 0.5 && rec.confidence < 1);
  assert.ok(rec.reasons.length >= 2);
  for (const r of rec.reasons) {
    assert.ok(r.citations.length >= 1);
    for (const ci of r.citations) {
      assert.match(ci.claim, /^[a-z0-9][a-z0-9._-]*$/);
      assert.ok(ci.source.length > 0);
    }
  }
  assert.ok(rec.caveats.some((cv) => cv.id === 'no-winner'));
  c.close();
});

test('a guided walk ends with a Go recommendation', async () => {
  const { c, turn, conv } = await browser(d);
  const { rec } = await walk(conv, turn, { building: 'apis', cloud_native: 'yes', team: 'mixed_hiring', timeline: 'weeks', background: 'java', career: 'market' });
  assert.equal(rec.verdict, 'go');
  c.close();
});

test('a guided walk ends with a both-by-layer recommendation', async () => {
  const { c, turn, conv } = await browser(d);
  const { rec } = await walk(conv, turn, { building: 'both_layers' });
  assert.equal(rec.verdict, 'both');
  assert.ok(rec.reasons[0].citations.some((ci) => ci.claim === 'cloudflare-uses-both'));
  c.close();
});

test('seq rises by one across the conversation; every turn ends with done', async () => {
  const { c, turn, conv } = await browser(d);
  const seen = [...turn.filter((m) => m.seq !== undefined).map((m) => m.seq)];
  for (const text of ['What is Pingora?', 'microservices', 'why?', 'summary']) {
    const t = await conv.say(text);
    assert.equal(t.at(-1).done, true);
    assert.equal(t.filter((m) => m.done).length, 1);
    seen.push(...t.map((m) => m.seq));
  }
  seen.forEach((s, i) => assert.equal(s, i + 1));
  c.close();
});

test('free-form questions are answered with citations, or honestly not', async () => {
  const { c, conv } = await browser(d);
  let t = await conv.say('How many lines of Windows has Microsoft rewritten in Rust?');
  const a = t.find((m) => m.type === 'answer');
  assert.equal(a.covered, true);
  assert.match(a.text + a.citations.map((x) => x.text).join(' '), /188,?000/);
  assert.ok(a.citations[0].source);
  assert.equal(t.at(-1).type, 'question', 'the walk resumes');
  t = await conv.say('What is the best pizza topping?');
  const b = t.find((m) => m.type === 'answer');
  assert.equal(b.covered, false);
  assert.equal(b.citations.length, 0);
  c.close();
});

test('a one-message profile gives a quick recommendation and asks what remains', async () => {
  const { c, conv } = await browser(d);
  const t = await conv.say('Java dev, we build microservices on Kubernetes, need to ship fast');
  const understood = t.find((m) => m.type === 'notice' && m.event === 'understood');
  assert.ok(understood.understood.length >= 3);
  const rec = t.find((m) => m.type === 'recommendation');
  assert.equal(rec.verdict, 'go');
  assert.equal(rec.quick, true);
  assert.ok(rec.assumptions.length >= 1);
  assert.equal(t.at(-1).type, 'question');
  c.close();
});

test('back, change, restart and why as commands', async () => {
  const { c, conv } = await browser(d);
  let t = await conv.choose('building', 'infra');
  assert.equal(last(t, 'question').question, 'latency');
  t = await conv.command('why');
  const why = t.find((m) => m.type === 'explanation');
  assert.equal(why.topic, 'why_question');
  assert.equal(why.question, 'latency');
  t = await conv.command('back');
  assert.equal(t[0].type, 'notice');
  assert.equal(t[0].event, 'undo');
  assert.equal(last(t, 'question').question, 'building');
  t = await conv.choose('building', 'apis');
  t = await conv.command('change', { question: 'building', choice: 'wasm' });
  assert.equal(t[0].event, 'changed');
  t = await conv.command('what_if', { question: 'building', choice: 'platform' });
  assert.equal(t[0].topic, 'what_if');
  assert.equal(t[0].verdict, 'go');
  t = await conv.command('restart');
  assert.equal(t[0].event, 'restart');
  assert.equal(last(t, 'question').question, 'building');
  t = await conv.command('summary');
  assert.equal(t[0].type, 'summary');
  c.close();
});

test('an integration multiplexes two conversations on one connection, interleaved', async () => {
  const c = await connect(d.wsUrl, { headers: { Authorization: `Bearer ${SECRET}` } });
  const hello = await c.turn(c.request({ type: 'hello' }));
  assert.equal(hello[0].type, 'welcome');
  assert.equal(hello[0].integration, true);
  const names = ['irc:libera:#rust:alice', 'irc:libera:#go:bob'];
  const opened = await Promise.all(names.map((n) => c.turn(c.request({ type: 'open', conversation: n }))));
  opened.forEach((t, i) => {
    assert.equal(t[0].type, 'opened');
    assert.equal(t[0].conversation, names[i]);
    assert.match(t[0].token, /^[0-9a-f]{64}$/);
    t.forEach((m) => assert.equal(m.conversation, names[i]));
  });
  const [alice, bob] = names.map((n) => new Conv(c, n));
  // interleave: both send before either reply is read
  const [ta, tb] = await Promise.all([alice.say('I maintain C drivers for an operating system and want fewer memory bugs.'),
    bob.say("We're a Java shop and need to build custom Kubernetes controllers and admission webhooks.")]);
  assert.equal(ta.find((m) => m.type === 'recommendation').verdict, 'rust');
  assert.equal(tb.find((m) => m.type === 'recommendation').verdict, 'go');
  ta.forEach((m) => assert.equal(m.conversation, names[0]));
  tb.forEach((m) => assert.equal(m.conversation, names[1]));
  // each conversation's seq is its own
  assert.deepEqual(ta.map((m) => m.seq), ta.map((_, i) => ta[0].seq + i));
  // a message without a conversation is an error, and the connection lives
  const err = await c.turn(c.request({ type: 'say', text: 'hi' }));
  assert.equal(err[0].type, 'error');
  assert.equal(err[0].code, 'missing_field');
  const dup = await c.turn(c.request({ type: 'open', conversation: names[0] }));
  assert.equal(dup[0].code, 'conversation_exists');
  c.close();
});

test('a wrong API key is refused, at upgrade and in hello', async () => {
  const bad = new (await import('ws')).default(d.wsUrl, 'advisor.v1', { headers: { Authorization: 'Bearer wrong-key-wrong-key-1234' } });
  const outcome = await new Promise((res) => {
    bad.on('open', () => res('open'));
    bad.on('error', () => res('refused'));
    bad.on('unexpected-response', () => res('refused'));
  });
  assert.equal(outcome, 'refused');
  const c = await connect(d.wsUrl);
  const t = await c.turn(c.request({ type: 'hello', api_key: 'not-the-key-at-all-xx' }));
  assert.equal(t[0].type, 'error');
  assert.equal(t[0].code, 'unauthorized');
  // and without a key, open is not allowed
  const t2 = await c.turn(c.request({ type: 'hello' }));
  assert.equal(t2[0].type, 'welcome');
  const t3 = await c.turn(c.request({ type: 'open', conversation: 'x' }));
  assert.equal(t3[0].code, 'unauthorized');
  c.close();
});

test('after a dropped connection, resume replays what was missed, then continues', async () => {
  const { c, welcome, conv } = await browser(d);
  let t = await conv.say('I want to target WebAssembly in the browser.');
  const lastSeen = t[0].seq - 1;		// pretend the reply was lost
  const lastSeq = t.at(-1).seq;
  c.terminate();
  await sleep(100);
  const c2 = await connect(d.wsUrl);
  c2.request({ type: 'hello', resume: { conversation: welcome.conversation, token: welcome.token, last_seq: lastSeen } });
  // the welcome, the missed messages as they were sent, then resumed
  t = [];
  for (;;) {
    const m = await c2.next();
    t.push(m);
    if (m.type === 'resumed' || m.type === 'error') break;
  }
  assert.equal(t[0].type, 'welcome');
  const replayed = t.filter((m) => m.seq !== undefined);
  assert.deepEqual(replayed.map((m) => m.seq), Array.from({ length: lastSeq - lastSeen }, (_, i) => lastSeen + 1 + i));
  assert.equal(t.at(-1).type, 'resumed');
  assert.equal(t.at(-1).last_seq, lastSeq);
  // and the walk goes on where it was
  t = await new Conv(c2, null).command('summary');
  assert.ok(t[0].answers.some((a) => a.question === 'building' && a.choice === 'wasm'));
  assert.equal(t[0].seq, lastSeq + 1);
  // a wrong token is refused
  const c3 = await connect(d.wsUrl);
  const t3 = await c3.turn(c3.request({ type: 'hello', resume: { conversation: welcome.conversation, token: 'f'.repeat(64), last_seq: 0 } }));
  assert.equal(t3.at(-1).code, 'bad_token');
  c2.close();
  c3.close();
});

test('an integration resumes its conversation on a new connection', async () => {
  const c = await connect(d.wsUrl, { headers: { Authorization: `Bearer ${SECRET}` } });
  await c.turn(c.request({ type: 'hello' }));
  const name = 'slack:T1:C2:U3';
  const opened = await c.turn(c.request({ type: 'open', conversation: name }));
  const token = opened[0].token;
  const seq = opened.at(-1).seq;
  c.terminate();
  await sleep(50);
  const c2 = await connect(d.wsUrl);
  await c2.turn(c2.request({ type: 'hello', api_key: SECRET }));
  const t = await c2.turn(c2.request({ type: 'resume', conversation: name, token, last_seq: seq }));
  assert.equal(t.length, 1);
  assert.equal(t[0].type, 'resumed');
  const t2 = await new Conv(c2, name).say('a proxy');
  assert.equal(t2[0].seq, seq + 1);
  c2.close();
});
