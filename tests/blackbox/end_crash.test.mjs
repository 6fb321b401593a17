// SPDX-License-Identifier: ISC
// An `end` recorded in the journal but not yet answered when the daemon
// is killed (SIGKILL) ends the conversation after the restart (hostile
// tester h37, finding 3).  Before, the conversation came back open; its
// client, never answered, resumed it and sent the `end` again (PROTOCOL.md
// 9, "Was my message applied?"), and the transcript got two end records.
// The kill comes at an exact point, not a guessed moment: the
// interposer (tests/fault/powerfail.c, PF_STALL) holds the thread that
// stores the final transcript when it opens the file, after the end's
// record was written and synced, and the test kills the daemon once the
// interposer says so.  The client then does what the recipe says;
// whichever way it goes, it gets one final transcript, complete, with
// exactly one end record, that minisign verifies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Daemon, connect, sleep, tempDir, verifyTranscriptMessage } from './lib.mjs';
import { powerEnv } from '../fault/revert.mjs';

const PATIENCE_MS = 30000;

test('end recorded, daemon killed before answering it: after the restart the conversation is ended, one end record, verifies', async (t) => {
  const work = tempDir('end-crash-');
  const state = join(work, 'state');
  const log = join(work, 'pf.log');
  mkdirSync(state);
  const d1 = await new Daemon(['--state-dir', state],
    powerEnv(state, log, join(work, 'grave'), { PF_STALL: '.json.tmp.' })).start();
  t.after(() => d1.kill('SIGKILL'));
  const c = await connect(d1.wsUrl);
  const welcome = (await c.turn(c.request({ type: 'hello' })))[0];
  let lastSeq = 0;
  for (const text of ['What is Pingora?', 'why?']) lastSeq = (await c.turn(c.request({ type: 'say', text }))).at(-1).seq;
  c.send({ type: 'end', id: 'e1' });
  // the final transcript's file is being opened: the end's record is in
  // the journal, its answer not sent
  const until = Date.now() + PATIENCE_MS;
  while (!(existsSync(log) && /^stall open /m.test(readFileSync(log, 'utf8'))) && Date.now() < until) await sleep(20);
  assert.match(readFileSync(log, 'utf8'), /^stall open .*\.json\.tmp\./m);
  assert.equal(c.queue.filter((m) => m.re === 'e1').length, 0, 'the end was not answered');
  d1.kill('SIGKILL');
  await d1.exitPromise;
  c.terminate();

  const d2 = await new Daemon(['--state-dir', state]).start();
  t.after(() => d2.stop());
  // the recipe (PROTOCOL.md 9): resume; if the end was not applied, send
  // it again with the same id; if the conversation is gone, fetch its
  // final transcript (11.6)
  const r = await connect(d2.wsUrl);
  t.after(() => r.close());
  const hello = await r.turn(r.request({ type: 'hello',
    resume: { conversation: welcome.conversation, token: welcome.token, last_seq: lastSeq } }), PATIENCE_MS);
  let tr;
  if (hello.some((m) => m.type === 'resumed')) {
    const end = await r.turn(r.request({ type: 'end', id: 'e1' }), PATIENCE_MS);
    tr = end.find((m) => m.type === 'transcript');
  } else {
    assert.equal(hello.at(-1).code, 'unknown_conversation', JSON.stringify(hello));
    const got = await r.turn(r.request({ type: 'transcript', conversation: welcome.conversation,
      token: welcome.token }), PATIENCE_MS);
    tr = got[0];
  }
  assert.equal(tr?.type, 'transcript', JSON.stringify(tr).slice(0, 300));
  assert.equal(tr.status, 'complete');
  const recs = JSON.parse(tr.content).records;
  const ends = recs.filter((x) => x.dir === 'client' && x.msg?.type === 'end');
  assert.equal(ends.length, 1, `end records: ${ends.length}`);
  assert.equal(ends[0].msg.id, 'e1');
  assert.equal(recs.filter((x) => x.dir === 'client' && x.msg?.type === 'say').length, 2);
  await verifyTranscriptMessage(d2, tr, 'end-crash-v-');
  assert.match(d2.log, /its end was recorded, the daemon stopped before answering it; ended now/);
});
