// SPDX-License-Identifier: ISC
// A long transcript does not hold up the other users (issue 16, "nothing
// slow on the loop thread"; a hostile tester's finding: a transcript of
// about 24 MB, filled with maximum-size messages within the daemon's own
// bounds, took seconds to make, and meanwhile no other session got a
// reply).  The transcript is now signed, rendered and encoded off the
// loop and off the worker that syncs everyone's records, and sent in
// pieces (PROTOCOL.md 10.4, 11): another conversation's turns are answered
// while it is made, and it still verifies.  A resume across it gets
// replay_gap (it is larger than what the replay keeps, replay_bytes).
// No timing is asserted: only the order in which a user sees things.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Daemon, assertCleanLog, connect, verifyTranscriptMessage, bigText } from './lib.mjs';

const RATES = ['--rate-conversation', '100000', '--rate-conversation-burst', '100000',
  '--rate-connection', '100000', '--rate-connection-burst', '100000', '--ping-interval', '3600'];
const SAY_MAX = 8192;		// PROTOCOL.md 10.1: the longest say text
const FILL = 12 * 1024 * 1024;	// records' bytes, about: seconds to make before

// Fill c's conversation with maximum-size says, 16 in flight, until its
// records hold about `bytes` (each say's record and its answers').
async function fill(c, bytes) {
  let size = 0;
  for (let i = 0; size < bytes;) {
    const ids = Array.from({ length: 16 }, () => c.request({ type: 'say', text: bigText(i++) }));
    for (const id of ids) {
      const turn = await c.turn(id, 60000);
      assert.ok(!turn.some((m) => m.type === 'error'), JSON.stringify(turn).slice(0, 300));
      size += SAY_MAX + turn.reduce((n, m) => n + JSON.stringify(m).length, 0);
    }
  }
}

test('while a long transcript is made, another conversation\'s turns are answered, and the transcript verifies', async (t) => {
  const d = await new Daemon(RATES).start();
  t.after(() => d.stop());
  const a = await connect(d.wsUrl);
  await a.turn(a.request({ type: 'hello', protocol: 'advisor.v1' }));
  await fill(a, FILL);
  const b = await connect(d.wsUrl);
  await b.turn(b.request({ type: 'hello', protocol: 'advisor.v1' }));

  for (const req of [{ type: 'transcript' }, { type: 'end' }]) {
    // the first bytes of the reply on A's connection (nothing else comes
    // there meanwhile: no pings, see RATES' ping interval)
    let started = false;
    const onData = () => { started = true; };
    a.ws._socket.on('data', onData);
    const id = a.request(req);
    // another user: three turns, each sent once the one before is answered
    for (let i = 0; i < 3; i++) {
      const turn = await b.turn(b.request({ type: 'say', text: 'is go faster to build?' }), 60000);
      assert.ok(turn.some((m) => m.type === 'answer' || m.type === 'question'), JSON.stringify(turn).slice(0, 300));
    }
    assert.ok(!started, `${req.type}: the other conversation's three turns were answered only once the long transcript was made`);
    a.ws._socket.off('data', onData);
    const got = await a.turn(id, 120000);
    const tr = got.find((m) => m.type === 'transcript');
    assert.ok(tr, JSON.stringify(got).slice(0, 300));
    assert.equal(tr.status, req.type === 'end' ? 'complete' : 'snapshot');
    assert.ok(tr.content.length > FILL, `content ${tr.content.length} bytes`);
    assert.ok(tr.markdown.length > SAY_MAX * 100, `markdown ${tr.markdown.length} bytes`);
    await verifyTranscriptMessage(d, tr);
    if (req.type === 'end') assert.deepEqual(got.map((m) => m.type), ['transcript', 'ended']);
  }
  a.close();
  b.close();
  assertCleanLog(d);
});

test('a resume across a transcript larger than the replay keeps gets replay_gap, and the transcript can be asked again', async (t) => {
  const d = await new Daemon(RATES).start();
  t.after(() => d.stop());
  const a = await connect(d.wsUrl);
  const hello = await a.turn(a.request({ type: 'hello', protocol: 'advisor.v1' }));
  const welcome = hello.find((m) => m.type === 'welcome');
  const replayBytes = welcome.limits.conversation.replay_bytes;
  await fill(a, 2 * replayBytes);
  const before = await a.turn(a.request({ type: 'say', text: 'why?' }));
  const lastSeq = before[before.length - 1].seq;
  const tr = (await a.turn(a.request({ type: 'transcript' }), 60000)).find((m) => m.type === 'transcript');
  assert.ok(JSON.stringify(tr).length > replayBytes);
  a.terminate();

  const c = await connect(d.wsUrl);
  c.request({ type: 'hello', resume: { conversation: welcome.conversation, token: welcome.token, last_seq: lastSeq } });
  const gap = await c.next((m) => m.type === 'error' || m.type === 'resumed', 15000);
  assert.equal(gap.code, 'replay_gap', JSON.stringify(gap));
  assert.equal(gap.first_seq, tr.seq + 1, 'the replay starts after the transcript message');
  assert.equal(gap.limit, 'replay_bytes', 'the gap names the bound that let the older messages go');
  const resumed = await c.next((m) => m.type === 'resumed', 15000);
  assert.equal(resumed.last_seq, tr.seq);
  const again = (await c.turn(c.request({ type: 'transcript' }), 60000)).find((m) => m.type === 'transcript');
  assert.equal(again.records, tr.records + 1, 'the same records, and the request for it');
  await verifyTranscriptMessage(d, again);
  c.close();
  assertCleanLog(d);
});
