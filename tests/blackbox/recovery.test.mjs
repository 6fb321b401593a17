// SPDX-License-Identifier: ISC
// Recovery for integrators (issue 15): what a client that lost its
// connection mid-turn can find out and get back.  Replayed messages are
// marked; a resent message (same id and content) is answered from the
// record, not applied twice; the final transcript of an ended or expired
// conversation stays retrievable; open and say carry bounded metadata that
// the transcript records, with the owning integration in its header.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ADVISOR, Daemon, connect, last, run, tempDir } from './lib.mjs';

const SECRET = 'recovery-secret-0123456789';
let d;

before(async () => {
  d = await new Daemon(['--api-key', `bridge:${SECRET}`, '--rate-conversation', '100',
    '--rate-conversation-burst', '200']).start();
});
after(async () => { await d?.stop(); });

async function turn(c, msg) {
  return c.turn(c.request(msg));
}

// Every message up to and including the one answering id with done.
async function upTo(c, id) {
  const out = [];
  for (;;) {
    const m = await c.next();
    out.push(m);
    if (m.re === id && m.done) return out;
  }
}

test('a resent answer after a drop is answered from the record, not applied twice', async () => {
  const c = await connect(d.wsUrl);
  const hello = await turn(c, { type: 'hello' });
  const { conversation, token } = hello[0];
  const first = last(hello, 'question');
  assert.equal(first.question, 'building');
  // "1" answers the pending question; the connection drops before its answer is read
  const id = 'dedup-answer-1';
  c.send({ type: 'say', id, text: '1' });
  const answered = await c.turn(id);
  const second = last(answered, 'question');
  assert.notEqual(second.question, 'building', 'the walk moved on');
  c.terminate();

  // the recipe: resume from the last seq processed (before the answer)...
  const c2 = await connect(d.wsUrl);
  const rid = c2.request({ type: 'hello', resume: { conversation, token, last_seq: first.seq } });
  const replay = await upTo(c2, rid);
  const mine = replay.filter((m) => m.re === id);
  assert.ok(mine.length > 0 && mine.at(-1).done, 'the answer to the in-flight message is in the replay: it was applied');
  mine.forEach((m) => assert.equal(m.replay, true, 'replayed messages are marked'));
  assert.equal(replay.at(-1).type, 'resumed');
  assert.equal(replay.at(-1).replay, undefined, 'resumed is not a replay');
  // ...and a client that resends it anyway (same id, same content) gets
  // the recorded answer again, marked, and nothing is applied
  c2.send({ type: 'say', id, text: '1' });
  const again = await c2.turn(id);
  assert.deepEqual(again.map((m) => m.seq), answered.map((m) => m.seq), 'the same messages, same seqs');
  again.forEach((m) => assert.equal(m.replay, true));
  assert.deepEqual(again.map((m) => ({ ...m, replay: undefined })), answered.map((m) => ({ ...m, replay: undefined })));
  // the pending question is still the second one: "1" did not answer it
  const s = await turn(c2, { type: 'command', command: 'summary' });
  const sum = s.find((m) => m.type === 'summary');
  assert.equal(sum.pending, second.question);
  assert.equal(sum.answers.find((a) => a.question === second.question)?.choice ?? null, null,
    `the second question is unanswered: ${JSON.stringify(sum.answers)}`);
  assert.equal(s.at(-1).seq, answered.at(-1).seq + (s.length), 'nothing was added between');
  // the transcript holds the say once
  const tr = await turn(c2, { type: 'transcript', format: 'json' });
  const recs = JSON.parse(tr[0].content).records;
  assert.equal(recs.filter((r) => r.dir === 'client' && r.msg.id === id).length, 1);
  // the same id with other content is a new message (ids should not be reused)
  c2.send({ type: 'say', id, text: 'help' });
  const other = await c2.turn(id);
  assert.equal(other[0].type, 'help');
  assert.equal(other[0].replay, undefined);
  c2.close();
});

test('an integration resending a choose after a daemon-side drop: applied once', async () => {
  const name = 'irc:test:#dedup:alice';
  const a = await connect(d.wsUrl, { headers: { Authorization: `Bearer ${SECRET}` } });
  await turn(a, { type: 'hello' });
  const opened = await turn(a, { type: 'open', conversation: name });
  const msg = { type: 'choose', id: 'dedup-choose-1', conversation: name, question: 'building', choice: 'infra' };
  a.send(msg);
  const t1 = await a.turn(msg.id);
  a.terminate();
  const b = await connect(d.wsUrl, { headers: { Authorization: `Bearer ${SECRET}` } });
  await turn(b, { type: 'hello' });
  await turn(b, { type: 'resume', conversation: name, last_seq: t1.at(-1).seq });
  b.send(msg);
  const t2 = await b.turn(msg.id);
  assert.deepEqual(t2.map((m) => m.seq), t1.map((m) => m.seq));
  assert.ok(t2.every((m) => m.replay === true));
  const next = await turn(b, { type: 'command', conversation: name, command: 'summary' });
  assert.equal(next[0].seq, t1.at(-1).seq + 1, 'the resend added nothing to the conversation');
  assert.ok(opened[0].token);
  b.close();
});

test('a resend is recognized wherever its answers sit in the replay ring: wrapped around, across its end, after it grew', async () => {
  // 8 replay slots, as many as the ring starts with: a dozen turns of one
  // or two messages wrap it several times
  const small = await new Daemon(['--replay-messages', '8', '--rate-conversation', '1000',
    '--rate-conversation-burst', '1000']).start();
  try {
    const c = await connect(small.wsUrl);
    const hello = await turn(c, { type: 'hello' });
    let q = last(hello, 'question');
    let prev = null, msg0 = null;
    for (let k = 0; k < 14 && q; k++) {
      const msg = k % 3 === 2 ? { type: 'command', id: `ring-${k}`, command: 'why' }
        : { type: 'choose', id: `ring-${k}`, question: q.question, choice: q.choices[k % q.choices.length].id };
      c.send(msg);
      const answered = await c.turn(msg.id);
      // the message just answered, sent again: its answers from the record, oldest first
      c.send(msg);
      const again = await c.turn(msg.id);
      assert.deepEqual(again.map((m) => m.seq), answered.map((m) => m.seq), `turn ${k}: the same messages, in order`);
      assert.ok(again.every((m) => m.replay === true), `turn ${k}: all marked replay`);
      // the one before it, when its answers are all still kept, too
      if (prev !== null && answered.length + prev.answered.length <= 8) {
        c.send(prev.msg);
        const old = await c.turn(prev.msg.id);
        assert.deepEqual(old.map((m) => m.seq), prev.answered.map((m) => m.seq), `turn ${k}: the previous one's messages`);
      }
      prev = { msg, answered };
      msg0 ??= msg;
      q = last(answered, 'question') ?? q;
    }
    // the first one again: its answers have all left the ring, so it is
    // applied as a new message
    c.send(msg0);
    const fresh = await c.turn(msg0.id);
    assert.ok(fresh.every((m) => m.replay === undefined), JSON.stringify(fresh).slice(0, 300));
    c.close();
  } finally { await small.stop(); }
});

// ---- the final transcript of a conversation that is gone ----------------

test('the answer to end is lost: the final transcript is fetched by name and token, also by advisor transcript', async () => {
  const c = await connect(d.wsUrl);
  const hello = await turn(c, { type: 'hello', client: 'web' });
  const { conversation, token } = hello[0];
  await turn(c, { type: 'say', text: 'I build proxies' });
  // end, and the connection drops before its answer is read
  c.send({ type: 'end', id: 'lost-end-1' });
  c.terminate();

  const c2 = await connect(d.wsUrl);
  await turn(c2, { type: 'hello' });
  // the conversation is gone...
  const r = await turn(c2, { type: 'resume', conversation, token });
  assert.equal(r[0].code, 'unknown_conversation');
  // ...but its final transcript is not: without seq, with done
  const t = await turn(c2, { type: 'transcript', conversation, token });
  assert.equal(t.length, 1);
  const f = t[0];
  assert.equal(f.type, 'transcript');
  assert.equal(f.status, 'complete');
  assert.equal(f.seq, undefined);
  assert.equal(f.done, true);
  assert.equal(f.conversation, conversation);
  const recs = JSON.parse(f.content).records;
  assert.equal(recs.length, f.records);
  assert.deepEqual(recs.at(-1).msg, { type: 'end', id: 'lost-end-1' }, 'the end request is its last record');
  assert.match(f.minisig, new RegExp(`status=complete kb=`));
  assert.match(f.markdown, /^# Transcript of conversation/);
  // format json: the signed file only
  const j = await turn(c2, { type: 'transcript', conversation, token, format: 'json' });
  assert.equal(j[0].markdown, undefined);
  assert.equal(j[0].content, f.content);
  // wrong or missing token: nothing
  const bad = await turn(c2, { type: 'transcript', conversation, token: 'f'.repeat(64) });
  assert.equal(bad[0].code, 'bad_token');
  const none = await turn(c2, { type: 'transcript', conversation });
  assert.equal(none[0].code, 'missing_field');
  assert.match(none[0].message, /token/);
  c2.close();

  // advisor transcript NAME fetches it too, and it verifies
  const dir = tempDir('advisor-final-');
  try {
    const pub = join(dir, 'advisord.pub');
    const got = await run(ADVISOR, ['transcript', conversation, d.wsUrl, '-o', dir], { env: { ...process.env, ADVISOR_TOKEN: token } });
    assert.equal(got.code, 0, got.stdout + got.stderr);
    assert.equal(got.stdout.trim(), join(dir, f.file));
    assert.equal(readFileSync(join(dir, f.file), 'utf8'), f.content);
    const v = await run(ADVISOR, ['verify', join(dir, f.file), '-p', pub]);
    assert.equal(v.code, 0, v.stdout + v.stderr);
    assert.match(v.stdout, /status complete|complete/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an integration whose end answer was lost gets the final transcript with its API key alone', async () => {
  const name = 'slack:T1:C1:U-final';
  const a = await connect(d.wsUrl, { headers: { Authorization: `Bearer ${SECRET}` } });
  await turn(a, { type: 'hello' });
  await turn(a, { type: 'open', conversation: name });
  a.send({ type: 'end', id: 'lost-end-2', conversation: name });
  a.terminate();
  const b = await connect(d.wsUrl, { headers: { Authorization: `Bearer ${SECRET}` } });
  await turn(b, { type: 'hello' });
  const t = await turn(b, { type: 'transcript', conversation: name });
  assert.equal(t[0].type, 'transcript', JSON.stringify(t[0]));
  assert.equal(t[0].status, 'complete');
  // another key (a browser connection here) cannot see it
  const c = await connect(d.wsUrl);
  await turn(c, { type: 'hello' });
  const other = await turn(c, { type: 'transcript', conversation: name, token: 'a'.repeat(64) });
  assert.equal(other[0].type, 'error');
  for (const x of [b, c]) x.close();
});

test('an expired conversation: the expired error names its file, which transcript returns', async () => {
  const e = await new Daemon(['--idle-timeout', '2']).start();
  try {
    const c = await connect(e.wsUrl);
    const hello = await turn(c, { type: 'hello' });
    const { conversation, token } = hello[0];
    // a stall past the idle timeout (2 s) before the say expires it first:
    // the say then meets no conversation (seen with the say 3.5 s late)
    const said = await turn(c, { type: 'say', text: 'What is Pingora?' });
    const ex = await c.next((m) => m.type === 'error' && m.code === 'expired', 15000);
    assert.equal(ex.conversation, conversation);
    assert.match(ex.file, /^[A-Za-z0-9._-]+\.json$/);
    const t = await turn(c, { type: 'transcript', conversation, token });
    assert.equal(t[0].type, 'transcript', JSON.stringify(t[0]));
    assert.equal(t[0].status, 'expired');
    assert.equal(t[0].file, ex.file);
    assert.match(t[0].minisig, /status=expired/);
    if (said.at(-1).code !== 'unknown_conversation') assert.ok(JSON.parse(t[0].content).records.some((r) => r.dir === 'client' && r.msg.text === 'What is Pingora?'));
    // and it is the file the daemon stored
    assert.equal(readFileSync(join(e.stateDir, 'transcripts', ex.file), 'utf8'), t[0].content);
    c.close();
  } finally {
    await e.stop();
  }
});

// ---- meta: who is speaking -------------------------------------------------

test('meta on open and say is recorded in the transcript; the header names the integration', async () => {
  const name = 'slack:T024BE7LD:C0G9QF9GZ:U0G9QF9C6';
  const a = await connect(d.wsUrl, { headers: { Authorization: `Bearer ${SECRET}` } });
  await turn(a, { type: 'hello' });
  const openMeta = { platform: 'slack', user: 'U0G9QF9C6', name: 'Zoë Müller', channel: 'C0G9QF9GZ', locale: 'de-DE' };
  const o = await turn(a, { type: 'open', conversation: name, meta: openMeta });
  assert.equal(o[0].type, 'opened');
  const sayMeta = { platform: 'slack', user: 'U0G9QF9C6', name: 'Zoë Müller' };
  const s = await turn(a, { type: 'say', conversation: name, text: 'I build proxies', meta: sayMeta });
  assert.notEqual(s[0].type, 'error', JSON.stringify(s[0]));
  const t = await turn(a, { type: 'transcript', conversation: name, format: 'json' });
  const recs = JSON.parse(t[0].content).records;
  assert.equal(recs[0].integration, 'bridge', 'the header names the API key that owns the conversation');
  assert.deepEqual(recs[0].meta, openMeta);
  const said = recs.find((r) => r.dir === 'client' && r.msg.type === 'say');
  assert.deepEqual(said.msg.meta, sayMeta);
  a.close();
  // a browser conversation's header names no integration
  const b = await connect(d.wsUrl);
  await turn(b, { type: 'hello' });
  const bt = await turn(b, { type: 'transcript', format: 'json' });
  assert.equal(JSON.parse(bt[0].content).records[0].integration, undefined);
  const bs = await turn(b, { type: 'say', text: '2', meta: { platform: 'web', locale: 'en-GB' } });
  assert.notEqual(bs[0].type, 'error');
  b.close();
});

test('bad meta is invalid_field naming the member and its bound', async () => {
  const a = await connect(d.wsUrl, { headers: { Authorization: `Bearer ${SECRET}` } });
  await turn(a, { type: 'hello' });
  const name = 'irc:test:#meta:bob';
  await turn(a, { type: 'open', conversation: name });
  const cases = [
    [{ user: 'u'.repeat(129) }, /'meta\.user' must be 1 to 128 bytes/],
    [{ name: 'é'.repeat(65) }, /'meta\.name' must be 1 to 128 bytes/],	// 130 bytes, 65 characters
    [{ channel: '' }, /'meta\.channel' must be 1 to 128 bytes/],
    [{ platform: 'p'.repeat(33) }, /'meta\.platform' must be 1 to 32 bytes/],
    [{ locale: 'en GB' }, /'meta\.locale' must be printable ASCII without spaces/],
    [{ locale: 'x'.repeat(36) }, /'meta\.locale' must be 1 to 35 bytes/],
    [{ user: 42 }, /'meta\.user' must be a string/],
    [{ user: ['a'] }, /'meta\.user' must be a string/],
    [{ email: 'a@b' }, /'meta\.email' is not a field of 'meta'/],
    ['alice', /'meta' must be an object/],
    [null, /'meta' must be an object/],
  ];
  for (const [meta, re] of cases) {
    for (const msg of [{ type: 'say', conversation: name, text: 'hi', meta }, { type: 'open', conversation: `${name}-2`, meta }]) {
      const t = await turn(a, msg);
      assert.equal(t.length, 1);
      assert.equal(t[0].code, 'invalid_field', `${JSON.stringify(meta)}: ${JSON.stringify(t[0])}`);
      assert.match(t[0].message, re);
      assert.equal(t[0].seq, undefined, 'refused before the conversation: nothing recorded');
    }
  }
  // meta is not a field of the other messages
  const c = await turn(a, { type: 'choose', conversation: name, question: 'building', choice: 'infra', meta: { user: 'x' } });
  assert.equal(c[0].code, 'invalid_field');
  // nothing of it reached the transcript
  const tr = await turn(a, { type: 'transcript', conversation: name, format: 'json' });
  assert.equal(JSON.parse(tr[0].content).records.filter((r) => r.dir === 'client').length, 1);
  a.close();
});

// ---- welcome.limits --------------------------------------------------------

test('welcome.limits gives every limit, by scope: this connection apart from the daemon', async () => {
  const e = await new Daemon(['--api-key', `bridge:${SECRET}`, '--max-conversations-per-connection', '7',
    '--max-conversations', '5000', '--max-connections', '900', '--max-connections-per-ip', '40',
    '--max-conversations-per-ip', '30', '--rate-connection', '21', '--rate-connection-burst', '22',
    '--rate-conversation', '11', '--rate-conversation-burst', '12', '--idle-timeout', '600',
    '--unheard-timeout', '45', '--replay-messages', '99', '--max-output-bytes', '200000',
    '--max-message-bytes', '16384', '--ping-interval', '12']).start();
  try {
    const lim = async (opts) => {
      const c = await connect(e.wsUrl, opts);
      const w = (await turn(c, { type: 'hello' }))[0];
      c.close();
      return w.limits;
    };
    const b = await lim();
    const i = await lim({ headers: { Authorization: `Bearer ${SECRET}` } });
    assert.equal(b.connection.max_conversations, 1, 'a browser connection holds one');
    assert.equal(i.connection.max_conversations, 7, 'per connection: max_conversations_per_connection');
    assert.equal(i.daemon.max_conversations, 5000, 'daemon-wide: max_conversations');
    assert.equal(i.max_conversations, 7, 'the first name, per connection, kept');
    assert.deepEqual(i.connection, { max_conversations: 7, rate_per_second: 21, rate_burst: 22,
      max_output_bytes: 200000, ping_interval: 12, pong_timeout: 4 });
    assert.equal(i.conversation.rate_per_second, 11);
    assert.equal(i.conversation.rate_burst, 12);
    assert.equal(i.conversation.idle_timeout, 600);
    assert.equal(i.conversation.unheard_timeout, 45);
    assert.equal(i.conversation.replay_messages, 99);
    assert.equal(i.conversation.final_transcript_seconds, 3600);
    assert.equal(i.message.max_bytes, 16384);
    assert.deepEqual(i.address, { max_connections: 40, max_conversations: 30,
      replay_bytes_per_second: 524288, replay_bytes_burst: 8388608 });
    assert.equal(i.daemon.max_connections, 900);
    // the limits hold as given: a say of max_text_bytes passes, one more byte does not
    const c = await connect(e.wsUrl);
    await turn(c, { type: 'hello' });
    const id = await turn(c, { type: 'say', text: 'x'.repeat(i.message.max_text_bytes) });
    assert.notEqual(id[0].code, 'invalid_field');
    c.close();
    // the per-connection conversation limit is the one met, and it says so
    const a = await connect(e.wsUrl, { headers: { Authorization: `Bearer ${SECRET}` } });
    await turn(a, { type: 'hello' });
    for (let k = 0; k < i.connection.max_conversations; k++) await turn(a, { type: 'open', conversation: `lim-${k}` });
    const over = await turn(a, { type: 'open', conversation: 'lim-over' });
    assert.equal(over[0].code, 'too_many_conversations');
    a.close();
  } finally {
    await e.stop();
  }
});
