// SPDX-License-Identifier: ISC
// With sync = turn and the local store a conversation's records are kept
// in the journal only: no .part file is written while it runs, and its
// transcript is read back from the journal's segments (STORE.md).  These
// check what a user and an operator see: every acknowledged message in a
// verifying transcript, after a power failure too, and a .part file left
// by an older version still read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Daemon, browser, resumeAndEnd, tempDir, verifyTranscripts } from './lib.mjs';
import { powerEnv, revert } from '../fault/revert.mjs';

function parts(state) {
  return readdirSync(join(state, 'transcripts')).filter((f) => f.endsWith('.part'));
}

// The records of conversation `name`'s transcript in the journal, in order
// (the data of its `rec` lines, after the line's `meta`).
function journalRecords(state, name) {
  const dir = join(state, 'journal');
  const lines = readdirSync(dir).filter((f) => f.startsWith('seg-')).sort()
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n'));
  let id = null;
  const out = [];
  for (const l of lines) {
    const [lid, kind, data] = l.split('\t');
    if (kind === 'meta' && JSON.parse(data).name === name) id = lid;
    else if (kind === 'rec' && lid === id) out.push(data);
  }
  return out;
}

async function powered(t) {
  const work = tempDir('advisord-jtr-');
  t.after(() => rmSync(work, { recursive: true, force: true, maxRetries: 10 }));
  const state = join(work, 'state');
  const grave = join(work, 'grave');
  mkdirSync(state);
  mkdirSync(grave);
  const log = join(work, 'pf.log');
  const d = await new Daemon(['--state-dir', state], powerEnv(state, log, grave)).start();
  const pub = join(work, 'pub');
  writeFileSync(pub, await (await fetch(`${d.url}/pubkey`)).text());
  return { work, state, grave, log, d, pub };
}

const SAYS = ['What is Pingora?', '1', 'why?', '2', 'What about GC pauses?'];

test('no .part file while a conversation runs; every acknowledged turn is in the transcript built after a power failure, and in the one its resume ends with', async (t) => {
  const r = await powered(t);
  const a = await browser(r.d);
  const acked = [];
  let lastSeq = 0;
  for (const s of SAYS) {
    const turn = await a.conv.say(s);
    assert.ok(turn.at(-1).done, JSON.stringify(turn));
    for (const m of turn) if (m.seq !== undefined) { acked.push(m.seq); lastSeq = m.seq; }
  }
  // the operator's view: the records are in the journal only
  assert.deepEqual(parts(r.state), [], 'a .part file was written for a running conversation');
  // the power goes: only what was synced is left
  r.d.kill('SIGKILL');
  await r.d.exitPromise;
  a.c.terminate();
  revert(r.log, r.grave);
  const b = await new Daemon(['--state-dir', r.state]).start();
  t.after(() => b.stop());
  assert.match(b.log, /1 open conversation restored in \d+ ms: 1 resumable/);
  // resumed where it was, and ended: the complete transcript holds every
  // acknowledged message, and is the one stored
  const end = await resumeAndEnd(b, a.welcome, lastSeq);
  await b.stop();
  const trs = await verifyTranscripts(r.state, r.pub);
  const tr = trs.get(a.welcome.conversation);
  assert.ok(tr, 'a transcript of the conversation');
  assert.equal(readFileSync(join(r.state, 'transcripts', tr.file), 'utf8'), end[0].content, 'the stored transcript is the one the user got');
  const seqs = new Set(tr.doc.records.filter((x) => x.dir === 'server').map((x) => x.msg.seq));
  for (const s of acked) assert.ok(seqs.has(s), `message ${s} was acknowledged before the power failure but is not in the transcript`);
  assert.deepEqual(tr.doc.records.filter((x) => x.dir === 'client').map((x) => x.msg.text).filter(Boolean), [...SAYS, 'why?']);
  assert.deepEqual(parts(r.state), []);
});

test('an end answered before a power failure: its transcript, read back from the journal, is stored as the user got it, with every record the journal holds', async (t) => {
  const r = await powered(t);
  // another conversation's records between this one's in the segment
  const other = await browser(r.d);
  const a = await browser(r.d);
  for (const s of SAYS) {
    await a.conv.say(s);
    await other.conv.say(s);
  }
  // a snapshot first (read back while the conversation goes on), then the end
  const snap = await a.conv.send({ type: 'transcript' });
  assert.equal(snap[0].status, 'snapshot');
  await a.conv.say('why?');
  const end = await a.conv.send({ type: 'end' });
  assert.equal(end[0].status, 'complete');
  assert.deepEqual(parts(r.state), []);
  r.d.kill('SIGKILL');
  await r.d.exitPromise;
  a.c.terminate();
  other.c.terminate();
  revert(r.log, r.grave);
  const b = await new Daemon(['--state-dir', r.state]).start();
  await b.stop();
  const trs = await verifyTranscripts(r.state, r.pub);
  const tr = trs.get(a.welcome.conversation);
  assert.ok(tr, 'the final transcript survived the power failure');
  assert.equal(readFileSync(join(r.state, 'transcripts', tr.file), 'utf8'), end[0].content);
  assert.equal(tr.sig, end[0].minisig);
  // byte for byte the records journaled, in order
  const journaled = journalRecords(r.state, a.welcome.conversation);
  assert.equal(journaled.length, tr.doc.records.length);
  assert.deepEqual(tr.doc.records, journaled.map((x) => JSON.parse(x)));
  // the snapshot is the same records, up to where it was taken
  const snapRecs = JSON.parse(snap[0].content).records;
  assert.deepEqual(snapRecs, tr.doc.records.slice(0, snapRecs.length));
});

test('a .part file left by an older version (which wrote one per conversation) is read at the next start: resumed, ended, every message there', async (t) => {
  const state = tempDir('advisord-oldpart-');
  t.after(() => rmSync(state, { recursive: true, force: true, maxRetries: 10 }));
  const a = await new Daemon(['--state-dir', state]).start();
  const x = await browser(a);
  for (const s of SAYS.slice(0, 3)) await x.conv.say(s);
  const last = await x.conv.say('2');
  const lastSeq = last.at(-1).seq;
  const pub = await (await fetch(`${a.url}/pubkey`)).text();
  await a.stop();
  x.c.terminate();
  // what the older version left: STATE/transcripts/ID.part, the records
  // one per line; here one record short, as after a power failure that
  // kept the journal's synced lines but not the unsynced .part's last one
  const recs = journalRecords(state, x.welcome.conversation);
  const id = readFileSync(join(state, 'journal', readdirSync(join(state, 'journal')).find((f) => f.startsWith('seg-'))), 'utf8')
    .split('\n').find((l) => l.split('\t')[1] === 'meta' && JSON.parse(l.split('\t')[2]).name === x.welcome.conversation).split('\t')[0];
  writeFileSync(join(state, 'transcripts', `${id}.part`), recs.slice(0, -1).map((l) => `${l}\n`).join(''));
  const b = await new Daemon(['--state-dir', state]).start();
  t.after(() => b.stop());
  const end = await resumeAndEnd(b, x.welcome, lastSeq);
  await b.stop();
  const pubf = join(state, 'pub.txt');
  writeFileSync(pubf, pub);
  const trs = await verifyTranscripts(state, pubf);
  const tr = trs.get(x.welcome.conversation);
  assert.equal(readFileSync(join(state, 'transcripts', tr.file), 'utf8'), end[0].content);
  assert.deepEqual(tr.doc.records.filter((m) => m.dir === 'client').map((m) => m.msg.text).filter(Boolean), [...SAYS.slice(0, 3), '2', 'why?']);
  assert.deepEqual(parts(state), [], 'the old .part is removed once its transcript is stored');
});

// transcripts/ stops taking writes while the journal still does (its own
// file system full, made read-only): no record of a running conversation
// is written there any more, so the first to find out is storing a
// transcript.  That makes the instance not ready, as a failed .part write
// did; once the probe write there fails too, new conversations are
// refused storage_failed; with room again it is ready by itself, and the
// transcript kept in memory meanwhile is stored, every acknowledged
// message in it.
test('transcripts/ failing while the journal is fine: the failed store makes /readyz 503, then new turns are refused until it has room', async (t) => {
  const work = tempDir('advisord-jtr-');
  t.after(() => rmSync(work, { recursive: true, force: true, maxRetries: 10 }));
  const state = join(work, 'state');
  const room = join(work, 'room');
  mkdirSync(state);
  mkdirSync(join(work, 'grave'));
  // the first write in transcripts/ is the probe's at start
  const d = await new Daemon(['--state-dir', state], powerEnv(state, join(work, 'pf.log'), join(work, 'grave'),
    { PF_FAIL: 'write:2+:ENOSPC:/transcripts/', PF_FAIL_UNTIL: room })).start();
  t.after(() => d.stop());
  const pub = join(work, 'pub');
  writeFileSync(pub, await (await fetch(`${d.url}/pubkey`)).text());
  const readyz = async () => { const r = await fetch(`${d.url}/readyz`); return { status: r.status, body: await r.json() }; };
  const a = await browser(d);
  const acked = [];
  for (const s of SAYS.slice(0, 3)) {
    const turn = await a.conv.say(s);
    assert.ok(!turn.some((m) => m.type === 'error'), JSON.stringify(turn));
    for (const m of turn) if (m.seq !== undefined) acked.push(m.seq);
  }
  const end = await a.conv.send({ type: 'end' });
  assert.ok(end.some((m) => m.type === 'error' && m.code === 'storage_failed'), `the end's transcript was not stored: ${JSON.stringify(end).slice(0, 300)}`);
  a.c.close();
  let r = await readyz();
  assert.equal(r.status, 503, JSON.stringify(r.body));
  assert.equal(r.body.status, 'store_unwritable');
  assert.match(r.body.reason, /No space left on device/);
  // the probe write to transcripts/ fails too (every second): then a new
  // conversation's records are refused as a failed .part write refused them
  for (let i = 0; !/probe/.test((r = await readyz()).body.reason ?? ''); i++) {
    assert.ok(i < 300, `no probe write failed in 30 s: ${JSON.stringify(r.body)}`);
    await new Promise((res) => setTimeout(res, 100));
  }
  const b = await browser(d);
  assert.ok(b.turn.some((m) => m.type === 'error' && m.code === 'storage_failed'), JSON.stringify(b.turn).slice(0, 300));
  b.c.close();
  // room again: ready by itself, the kept transcript stored, turns served
  writeFileSync(room, '');
  for (let i = 0; (r = await readyz()).status !== 200; i++) {
    assert.ok(i < 300, `/readyz still ${r.status} 30 s after the disk has room`);
    await new Promise((res) => setTimeout(res, 100));
  }
  assert.ok(await d.waitLog(/transcript \S+: stored now \(complete\)/), d.log);
  const c = await browser(d);
  const turn = await c.conv.say('What is Pingora?');
  assert.ok(turn.at(-1).done && turn.at(-1).seq > 0, JSON.stringify(turn));
  c.c.close();
  await d.stop();
  const trs = await verifyTranscripts(state, pub);
  const tr = trs.get(a.welcome.conversation);
  assert.ok(tr, 'the transcript kept while transcripts/ was full is stored');
  const seqs = new Set(tr.doc.records.filter((x) => x.dir === 'server').map((x) => x.msg.seq));
  for (const s of acked) assert.ok(seqs.has(s), `message ${s} was acknowledged but is not in the transcript`);
});
