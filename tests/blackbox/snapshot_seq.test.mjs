// SPDX-License-Identifier: ISC
// A transcript snapshot's reply takes a seq but is not a transcript record
// (a transcript does not contain itself).  After a crash (local journal)
// or a take-over (PostgreSQL) the conversation is rebuilt from its
// records; the seq the snapshot took must not be given out again: the
// client resumes from the last seq it saw (the snapshot's) and its next
// message gets the seq after it: no error, no repeat, no gap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Daemon, browser, Conv, tempDir } from './lib.mjs';
import { pgBin, cluster, seqsOf, resumeOn } from './pg.mjs';

// hello, a turn, a snapshot: the seqs the client saw, in order
async function withSnapshot(d) {
  const br = await browser(d);
  const seen = seqsOf(br.turn);
  seen.push(...seqsOf(await br.conv.say('What is Pingora?')));
  const snap = await br.conv.send({ type: 'transcript', format: 'json' });
  assert.equal(snap.length, 1, JSON.stringify(snap));
  assert.equal(snap[0].type, 'transcript');
  assert.equal(snap[0].status, 'snapshot');
  assert.equal(snap[0].seq, seen.at(-1) + 1, 'the snapshot takes the next seq');
  seen.push(snap[0].seq);
  return { br, seen };
}

// After the rebuild: resume from the last seq seen; the next turn goes on
// from there; the transcript's recorded server seqs are the ones seen
// (the snapshot's excepted, and those of the turn after).
async function goesOn(c, turn, seen, snapSeq) {
  const resumed = turn.at(-1);
  assert.equal(resumed.type, 'resumed', JSON.stringify(turn));
  assert.equal(resumed.last_seq, seen.at(-1), 'the latest seq is the one the client saw last');
  assert.equal(turn.filter((m) => m.replay).length, 0, 'nothing to replay after the last seq seen');
  const conv = new Conv(c, null);
  const next = seqsOf(await conv.say('why?'));
  assert.equal(next[0], seen.at(-1) + 1, `no repeat, no gap: ${JSON.stringify(next)} after ${seen.at(-1)}`);
  const all = [...seen, ...next];
  assert.deepEqual(all, all.map((_, i) => i + 1), 'the client saw 1..N');
  // a second snapshot, then a turn: still continuous
  const snap2 = await conv.send({ type: 'transcript', format: 'json' });
  assert.equal(snap2[0].seq, all.at(-1) + 1);
  const after2 = seqsOf(await conv.say('1'));
  assert.equal(after2[0], snap2[0].seq + 1);
  const end = await conv.send({ type: 'end' });
  const recs = JSON.parse(end[0].content).records;
  const recorded = recs.filter((r) => r.dir === 'server').map((r) => r.msg.seq);
  const want = [...all, ...after2].filter((s) => s !== snapSeq);
  assert.deepEqual(recorded, want, 'every seq seen but the snapshots is recorded, once');
}

test('local journal: after a SIGKILL, the seq a snapshot took is not given out again', async (t) => {
  const state = tempDir('advisord-snapseq-');
  t.after(() => rmSync(state, { recursive: true, force: true }));
  const a = await new Daemon(['--state-dir', state]).start();
  t.after(() => a.kill('SIGKILL'));
  const { br, seen } = await withSnapshot(a);
  const hello = { conversation: br.welcome.conversation, token: br.welcome.token, last_seq: seen.at(-1) };
  a.kill('SIGKILL');
  await a.exitPromise;
  br.c.close();
  const b = await new Daemon(['--state-dir', state]).start();
  t.after(() => b.stop());
  const { c, turn } = await resumeOn(b, hello);
  await goesOn(c, turn, seen, seen.at(-1));
  c.close();
});

const BIN = pgBin();
const skip = BIN ? false : 'PostgreSQL server binaries not found under /usr/lib/postgresql (tests/deps.sh installs postgresql)';

test('PostgreSQL: after a take-over, the seq a snapshot took is not given out again', { skip }, async (t) => {
  const pg = await cluster(t);
  const common = ['--store', pg.conninfo, '--store-lease', '3'];
  const a = await new Daemon(common).start();
  t.after(() => a.stop());
  const b = await new Daemon([...common, '--signing-key', join(a.stateDir, 'advisord.key')]).start();
  t.after(() => b.stop());
  const { br, seen } = await withSnapshot(a);
  const hello = { conversation: br.welcome.conversation, token: br.welcome.token, last_seq: seen.at(-1) };
  a.kill('SIGKILL');
  await a.exitPromise;
  br.c.close();
  // A's session is gone: B takes the conversation over at its resume
  const { c, turn } = await resumeOn(b, hello);
  await goesOn(c, turn, seen, seen.at(-1));
  c.close();
});
