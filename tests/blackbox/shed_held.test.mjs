// SPDX-License-Identifier: ISC
// Over the memory budget (max_replay_bytes), the client dropped is the one
// holding the most output, counting what libwebsockets took of its last
// write and still holds (hostile tester h37, finding 1).  A whole
// transcript sent to a client that does not read leaves the daemon's own
// queue at once, into lws's buffer: it was counted nowhere, so that client
// was never dropped, and a client that reads, with a few KB queued at the
// wrong moment, was dropped in its place.  Here a client that does not
// read asks again and again for a final transcript that fits in the
// budget (1 MiB; a final transcript asked for by name is reckoned against
// it before it is queued, h38 F2): the loopback socket takes the first
// few MB, then the daemon holds them, until one does not fit and is
// refused.  A bystander that reads goes on, its own answers pushing the
// total over.  Asserted: the one dropped is the non-reader, the bystander
// gets every answer and is not closed.  No timing is asserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Daemon, connect, rawSocket, upgradeRequest, frame, sleep, bigText, metric } from './lib.mjs';

const SAY_MAX = 8192;			// PROTOCOL.md 10.1: the longest say text
const RECORDS = 48 * 1024;		// a final transcript that fits in the budget
const FETCHES = 400;			// more than loopback's buffers (4 MiB) and the budget take
const PATIENCE_MS = 60000;

test('memory budget: a non-reader holding transcripts in lws and its queue is dropped, not the client that reads', async (t) => {
  const d = await new Daemon(['--trusted-proxies', '127.0.0.1', '--max-replay-bytes', '1048576',
    '--max-output-bytes', String(64 * 1024 * 1024), '--ping-interval', '3600',
    '--rate-connection', '100000', '--rate-connection-burst', '100000',
    '--rate-conversation', '100000', '--rate-conversation-burst', '100000']).start();
  t.after(() => d.stop());

  // a conversation, ended: its final transcript is some 100 KB
  const a = await connect(d.wsUrl, { headers: { 'X-Forwarded-For': '203.0.113.7' } });
  const welcome = (await a.turn(a.request({ type: 'hello' })))[0];
  for (let i = 0, size = 0; size < RECORDS;) {
    const ids = Array.from({ length: 8 }, () => a.request({ type: 'say', text: bigText(i++) }));
    for (const id of ids) {
      const turn = await a.turn(id, PATIENCE_MS);
      assert.ok(!turn.some((m) => m.type === 'error'), JSON.stringify(turn).slice(0, 300));
      size += SAY_MAX + turn.reduce((n, m) => n + JSON.stringify(m).length, 0);
    }
  }
  const ended = await a.turn(a.request({ type: 'end' }), PATIENCE_MS);
  assert.equal(ended.at(-1).type, 'ended');
  a.close();

  // the bystander, reading
  const r = await connect(d.wsUrl, { headers: { 'X-Forwarded-For': '198.51.100.9' } });
  t.after(() => r.close());
  await r.turn(r.request({ type: 'hello' }));

  // the non-reader asks for that final transcript and reads nothing
  const s = await rawSocket(d.port);
  s.on('error', () => {});
  t.after(() => s.destroy());
  await new Promise((res) => {
    let buf = '';
    const on = (b) => { buf += b.toString('latin1'); if (buf.includes('\r\n\r\n')) { s.off('data', on); res(); } };
    s.on('data', on);
    s.write(upgradeRequest(d.port).replace('\r\n\r\n', '\r\nX-Forwarded-For: 192.0.2.88\r\n\r\n'));
  });
  s.pause();	// from now on nothing is read
  s.write(frame(JSON.stringify({ type: 'hello', id: 'h' })));
  for (let i = 0; i < FETCHES; i++)
    s.write(frame(JSON.stringify({ type: 'transcript', id: `t${i}`, format: 'json',
      conversation: welcome.conversation, token: welcome.token })));

  // the bystander goes on, turn after turn, until a client is dropped for
  // the budget; every turn answered
  const dropped = /^advisord_conversation_limits_total\{limit="max_replay_bytes_connection"\} (\d+)$/m;
  const until = Date.now() + PATIENCE_MS;
  let turns = 0;
  while (!(await metric(d, dropped) > 0) && Date.now() < until) {
    const turn = await r.turn(r.request({ type: 'say', text: 'What is Pingora?' }), PATIENCE_MS);
    assert.ok(!turn.some((m) => m.type === 'error'), JSON.stringify(turn));
    turns++;
    await sleep(100);
  }
  assert.equal(await metric(d, dropped), 1, 'one client dropped for the memory budget');
  assert.match(d.log, /conn \d+ 192\.0\.2\.88: client not reading, \d+ bytes queued, and the memory budget \(max_replay_bytes\) is spent; dropping it/);
  assert.doesNotMatch(d.log, /198\.51\.100\.9: client not reading/);
  // the bystander was not harmed
  const turn = await r.turn(r.request({ type: 'say', text: 'What is Pingora?' }), PATIENCE_MS);
  assert.ok(!turn.some((m) => m.type === 'error'), JSON.stringify(turn));
  assert.equal(r.closed, null);
});
