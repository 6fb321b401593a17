// SPDX-License-Identifier: ISC
// Moving an instance from the local journal to PostgreSQL (review r17,
// F10; daemon/STORE-PG.md, "Moving to PostgreSQL"): at the first start
// with `store` on a state directory whose journal holds open
// conversations, they are moved into PostgreSQL once (idempotent) and
// ended in the local journal, so that any instance resumes them, seq and
// chain going on, and never two places serve one.  The cluster is the
// test's own (pg.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Daemon, connect, browser, Conv, tempDir } from './lib.mjs';
import { pgBin, cluster, seqsOf, resumeOn, verifiedRecords } from './pg.mjs';

const BIN = pgBin();
const skip = BIN ? false : 'PostgreSQL server binaries not found under /usr/lib/postgresql (tests/deps.sh installs postgresql)';
const KEY = 'pgi-bot-secret-0123456789abcdef';
const work = tempDir('advisord-pgi-work-');

// A state directory of the local journal holding an open browser
// conversation and an integration's, each past one turn.
async function localState(t) {
  const state = tempDir('advisord-pgi-state-');
  t.after(() => rmSync(state, { recursive: true, force: true }));
  const local = await new Daemon(['--state-dir', state, '--api-key', `bot:${KEY}`]).start();
  const br = await browser(local);
  const bseqs = seqsOf(br.turn);
  bseqs.push(...seqsOf(await br.conv.say('What is Pingora?')));
  br.c.close();
  const ic = await connect(local.wsUrl, { headers: { Authorization: `Bearer ${KEY}` } });
  await ic.turn(ic.request({ type: 'hello' }));
  const op = await ic.turn(ic.request({ type: 'open', conversation: 'irc:t:#x:erin' }));
  const iseqs = seqsOf(op);
  iseqs.push(...seqsOf(await new Conv(ic, 'irc:t:#x:erin').say('Java dev building APIs on Kubernetes')));
  ic.close();
  assert.equal((await local.stop()).code, 0);
  const token = op.find((m) => m.type === 'opened').token;
  return { state, br, bseqs, integ: { conversation: 'irc:t:#x:erin', token, last_seq: iseqs.at(-1), integration: true, headers: { Authorization: `Bearer ${KEY}` } }, iseqs };
}

const onStore = (pg, state, extra = []) => new Daemon(['--state-dir', state, '--store', pg.conninfo, '--store-lease', '3', '--api-key', `bot:${KEY}`, ...extra]);
const resumeOf = (br, last_seq) => ({ conversation: br.welcome.conversation, token: br.welcome.token, last_seq });

test('the first start with store moves the local journal\'s open conversations into PostgreSQL: another instance resumes them, seq and chain go on; moved once; the local journal no longer has them', { skip }, async (t) => {
  const pg = await cluster(t);
  const { state, br, bseqs, integ, iseqs } = await localState(t);
  const a = await onStore(pg, state).start();
  t.after(() => a.stop());
  assert.match(a.log, /journal: 2 open conversations of the local journal in \S+ moved to PostgreSQL \(2 now, 0 by an earlier start\): resumable on any instance/, a.log);
  assert.equal(await pg.psql('SELECT count(*) FROM advisord_conv WHERE NOT ended AND owner_instance IS NULL'), '2');
  // the local journal's meta lines hold the tokens; PostgreSQL gets their hashes only (hb17, HB17-3)
  for (const tok of [br.welcome.token, integ.token])
    assert.equal(await pg.psql(`SELECT count(*) FROM advisord_conv WHERE meta LIKE '%${tok}%'`), '0', 'a token imported in clear');
  // another instance (same signing key) takes the browser's over at its resume
  const b = await onStore(pg, tempDir('advisord-pgi-b-'), ['--signing-key', join(state, 'advisord.key')]).start();
  t.after(() => b.stop());
  const rb = await resumeOn(b, resumeOf(br, bseqs.at(-1)));
  assert.equal(rb.turn.at(-1).type, 'resumed', JSON.stringify(rb.turn));
  const conv = new Conv(rb.c, null);
  const next = seqsOf(await conv.say('why?'));
  assert.equal(next[0], bseqs.at(-1) + 1);
  const end = await conv.send({ type: 'end' });
  const recs = await verifiedRecords(b, work, end[0], 'moved.json');
  assert.deepEqual(recs.filter((r) => r.dir === 'client').map((r) => r.msg.text ?? r.msg.type), ['What is Pingora?', 'why?', 'end']);
  const sseq = recs.filter((r) => r.dir === 'server').map((r) => r.msg.seq);
  assert.deepEqual(sseq, sseq.map((_, i) => i + 1));
  rb.c.close();
  // the integration's on A itself
  const ri = await resumeOn(a, integ);
  assert.equal(ri.turn.at(-1).type, 'resumed', JSON.stringify(ri.turn));
  assert.equal(seqsOf(await new Conv(ri.c, integ.conversation).say('why?'))[0], iseqs.at(-1) + 1);
  ri.c.close();
  // a second start moves nothing again
  await a.stop();
  const a2 = await onStore(pg, state).start();
  assert.doesNotMatch(a2.log, /moved to PostgreSQL|not moved/, a2.log);
  assert.equal(await pg.psql('SELECT count(*) FROM advisord_conv'), '2');
  await a2.stop();
  // back on the local journal: not there to be served a second time
  const local = await new Daemon(['--state-dir', state]).start();
  t.after(() => local.stop());
  const rl = await resumeOn(local, resumeOf(br, bseqs.at(-1)));
  assert.equal(rl.turn.at(-1).code, 'unknown_conversation', JSON.stringify(rl.turn));
  rl.c.close();
});

test('moving is idempotent: a journal moved already (a crash before its end lines) is recognised; one PostgreSQL holds with other records is left alone and said', { skip }, async (t) => {
  const pg = await cluster(t);
  const { state, br, bseqs } = await localState(t);
  // two copies of the state directory as it was before the move
  const copies = [tempDir('advisord-pgi-copy-'), tempDir('advisord-pgi-copy2-')];
  for (const c of copies) {
    t.after(() => rmSync(c, { recursive: true, force: true }));
    cpSync(state, c, { recursive: true });
  }
  const a = await onStore(pg, state).start();
  await a.stop();
  const before = await pg.psql('SELECT count(*) FROM advisord_rec');
  const c1 = await onStore(pg, copies[0]).start();
  assert.match(c1.log, /2 open conversations of the local journal in \S+ moved to PostgreSQL \(0 now, 2 by an earlier start\)/, c1.log);
  assert.equal(await pg.psql('SELECT count(*) FROM advisord_rec'), before);
  // the browser's goes on in PostgreSQL
  const r = await resumeOn(c1, resumeOf(br, bseqs.at(-1)));
  assert.equal(r.turn.at(-1).type, 'resumed', JSON.stringify(r.turn));
  await new Conv(r.c, null).say('why?');
  r.c.close();
  await c1.stop();
  const after = await pg.psql('SELECT count(*) FROM advisord_rec');
  // the second copy still has the browser's older records: left alone,
  // said, kept in that journal; the integration's is recognised
  const c2 = await onStore(pg, copies[1]).start();
  t.after(() => c2.stop());
  assert.match(c2.log, new RegExp(`conversation \\S+ not moved to PostgreSQL: PostgreSQL holds it with other records; kept in the local journal`), c2.log);
  assert.match(c2.log, /1 open conversation of the local journal in \S+ moved to PostgreSQL \(0 now, 1 by an earlier start\)/, c2.log);
  assert.equal(await pg.psql('SELECT count(*) FROM advisord_rec'), after);
  await c2.stop();
  // started again, it says the same (kept), and moves nothing
  const c3 = await onStore(pg, copies[1]).start();
  t.after(() => c3.stop());
  assert.match(c3.log, /not moved to PostgreSQL: PostgreSQL holds it with other records/, c3.log);
  assert.doesNotMatch(c3.log, /moved to PostgreSQL \(/, c3.log);
});

test('PostgreSQL unreachable at the start: the open conversations stay in the local journal, said; moved at the next start', { skip }, async (t) => {
  const pg = await cluster(t);
  const { state, br, bseqs } = await localState(t);
  await pg.stop();
  const a = await onStore(pg, state).start();
  assert.match(a.log, /2 open conversations of the local journal in \S+ not moved to PostgreSQL \(it cannot be reached now\): kept there, moved at the next start/, a.log);
  await a.stop();
  await pg.start();
  const a2 = await onStore(pg, state).start();
  t.after(() => a2.stop());
  assert.match(a2.log, /2 open conversations of the local journal in \S+ moved to PostgreSQL \(2 now, 0 by an earlier start\)/, a2.log);
  const r = await resumeOn(a2, resumeOf(br, bseqs.at(-1)));
  assert.equal(r.turn.at(-1).type, 'resumed', JSON.stringify(r.turn));
  r.c.close();
});
