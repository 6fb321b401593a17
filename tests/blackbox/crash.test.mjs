// SPDX-License-Identifier: ISC
// Crash safety: clients hold conversations while the daemon is killed with
// SIGKILL at random moments, many times.  After each restart every turn a
// client got a reply for is in the recovered transcript, every transcript
// verifies (minisign and advisor verify), no partial or temporary file is
// left, and the conversations can be resumed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADVISOR, Daemon, connect, crashClient, run, sleep, tempDir } from './lib.mjs';

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? (process.env.SANITIZE === '1' ? 6 : 12));
const CLIENTS = 3;
function transcriptsOf(dir) {
  const byConv = new Map();
  for (const f of readdirSync(dir)) {
    if (!f.endsWith('.json')) continue;
    const content = readFileSync(join(dir, f), 'utf8');
    const header = JSON.parse(content.split('\n')[1].replace(/,$/, ''));
    byConv.set(header.conversation, { file: join(dir, f), content });
  }
  return byConv;
}

test(`SIGKILL at random moments, ${ROUNDS} times: nothing acknowledged is lost`, async () => {
  const state = tempDir('advisord-crash-');
  const all = [];
  let pub = null;
  let d = null;
  try {
    for (let round = 0; round < ROUNDS; round++) {
      d = await new Daemon(['--state-dir', state, '--idle-timeout', '600',
        '--rate-conversation', '1000', '--rate-conversation-burst', '1000']).start();
      if (pub === null) {
        pub = join(state, 'pub.txt');
        writeFileSync(pub, await (await fetch(`${d.url}/pubkey`)).text());
      }
      // the previous round's conversations come back, resumable
      if (round > 0) {
        const prev = all.filter((m) => m.round === round - 1 && m.name);
        // only conversations a user spoke in are recovered: under load a
        // round may end before any client got past its hello
        const one = prev.find((m) => m.done.length > 0);
        if (one) {
          assert.match(d.log, /open conversations? restored in \d+ ms/);
          const c = await connect(d.wsUrl);
          c.request({ type: 'hello', resume: { conversation: one.name, token: one.token, last_seq: one.lastSeq } });
          // a replayed error (replay: true) may come before resumed (PROTOCOL.md 4.3)
          const m = await c.next((x) => x.type === 'resumed' || (x.type === 'error' && !x.replay), 5000);
          assert.equal(m.type, 'resumed', JSON.stringify(m));
          assert.ok(m.last_seq >= one.lastSeq);
          c.terminate();
        }
      }
      const acked = [];
      const running = Array.from({ length: CLIENTS }, () => crashClient(d, acked));
      await sleep(50 + Math.floor(Math.random() * 450));
      d.kill('SIGKILL');
      await d.exitPromise;
      await Promise.all(running);
      for (const m of acked) all.push({ ...m, round });
      // restart once to recover, then inspect the files
      const r = await new Daemon(['--state-dir', state]).start();
      await r.stop();
      const dir = join(state, 'transcripts');
      const leftovers = readdirSync(dir).filter((f) => f.startsWith('.') || f.includes('.tmp'));
      assert.deepEqual(leftovers, [], 'no temporary files remain');
      const trs = transcriptsOf(dir);
      for (const m of acked) {
        const tr = trs.get(m.name);
        assert.ok(tr, `round ${round}: a transcript for ${m.name}`);
        const recs = JSON.parse(tr.content).records;
        const ids = new Set(recs.filter((x) => x.dir === 'client').map((x) => x.msg.id));
        const seqs = new Set(recs.filter((x) => x.dir === 'server').map((x) => x.msg.seq));
        for (const id of m.done) assert.ok(ids.has(id), `round ${round}: ${m.name}: request ${id} was answered but is not recorded`);
        for (const s of m.seqs) assert.ok(seqs.has(s), `round ${round}: ${m.name}: message ${s} was received but is not recorded`);
      }
    }
    // every transcript file verifies, with both tools
    const dir = join(state, 'transcripts');
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    assert.ok(files.length >= ROUNDS, `${files.length} transcripts`);
    for (const f of files) {
      const p = join(dir, f);
      const v = await run(ADVISOR, ['verify', p, '-p', pub]);
      assert.equal(v.code, 0, `${f}: ${v.stdout}`);
      const m = await run('minisign', ['-Vm', p, '-p', pub]);
      assert.equal(m.code, 0, `${f}: ${m.stderr}`);
    }
    const turns = all.reduce((n, m) => n + m.done.length, 0);
    assert.ok(turns > ROUNDS, `${turns} acknowledged turns over ${ROUNDS} rounds`);
  } finally {
    d?.kill('SIGKILL');	// a failed assertion must not leave it running
    rmSync(state, { recursive: true, force: true });
  }
});
