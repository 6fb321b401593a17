// SPDX-License-Identifier: ISC
// Power loss, not just process death: the daemon runs under
// libpowerfail.so (tests/fault/powerfail.c), which logs what each sync
// made durable; after a SIGKILL at a random moment under concurrent
// conversations, tests/fault/revert.mjs puts every file back to its
// durable state (what was not synced is gone), and the daemon restarts
// on that.  Every turn a client got a reply for must be in the recovered
// transcripts, and every stored transcript must verify with minisign and
// advisor verify.  The same harness against --sync off must find losses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADVISOR, Daemon, crashClient, run, sleep, tempDir, transcriptsOf } from './lib.mjs';
import { powerEnv, revert } from '../fault/revert.mjs';

const ROUNDS = Number(process.env.POWERLOSS_ROUNDS ?? (process.env.SANITIZE === '1' ? 8 : 20));
const CLIENTS = 3;

// rounds of: run, kill at a random moment, power loss, recover.  Returns
// what was acknowledged, what of it is missing and what does not verify.
async function powerLossRounds(rounds, args = []) {
  const work = tempDir('advisord-power-');
  const state = join(work, 'state');
  const grave = join(work, 'grave');
  const log = join(work, 'pf.log');
  mkdirSync(state);
  mkdirSync(grave);
  const env = powerEnv(state, log, grave);
  const out = { acked: 0, lost: [], bad: [], files: 0, reverted: 0 };
  const running = [];	// stopped in finally, whatever happened
  let pub = null;
  try {
    for (let round = 0; round < rounds; round++) {
      const d = await new Daemon(['--state-dir', state, '--idle-timeout', '600',
        '--rate-conversation', '1000', '--rate-conversation-burst', '1000', ...args], env);
      running.push(d);
      await d.start();
      if (pub === null) {
        pub = join(work, 'pub.txt');
        writeFileSync(pub, await (await fetch(`${d.url}/pubkey`)).text());
      }
      const acked = [];
      const clients = Array.from({ length: CLIENTS }, () => crashClient(d, acked));
      await sleep(50 + Math.floor(Math.random() * 450));
      d.kill('SIGKILL');
      await d.exitPromise;
      await Promise.all(clients);
      const st = revert(log, grave);
      out.reverted += st.truncated + st.removed + (st.zeroed ?? 0);
      // restart on what survived, then inspect the files
      const r = new Daemon(['--state-dir', state, ...args], env);
      running.push(r);
      await r.start();
      await r.stop();
      const trs = transcriptsOf(join(state, 'transcripts'));
      for (const m of acked) {
        out.acked += m.done.length;
        const content = trs.get(m.name);
        const recs = content ? JSON.parse(content).records : [];
        const ids = new Set(recs.filter((x) => x.dir === 'client').map((x) => x.msg.id));
        const seqs = new Set(recs.filter((x) => x.dir === 'server').map((x) => x.msg.seq));
        for (const id of m.done) if (!ids.has(id)) out.lost.push(`round ${round}: ${m.name}: request ${id}`);
        for (const s of m.seqs) if (!seqs.has(s)) out.lost.push(`round ${round}: ${m.name}: message ${s}`);
      }
    }
    const dir = join(state, 'transcripts');
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
    out.files = files.length;
    for (const f of files) {
      const p = join(dir, f);
      const v = await run(ADVISOR, ['verify', p, '-p', pub]);
      if (v.code !== 0) out.bad.push(`${f}: advisor verify: ${v.stdout}${v.stderr}`);
      const m = await run('minisign', ['-Vm', p, '-p', pub]);
      if (m.code !== 0) out.bad.push(`${f}: minisign: ${m.stderr}`);
    }
  } finally {
    for (const d of running) d.kill('SIGKILL');
    rmSync(work, { recursive: true, force: true });
  }
  return out;
}

test(`power loss at random moments, ${ROUNDS} times: nothing acknowledged is lost`, async () => {
  const r = await powerLossRounds(ROUNDS);
  assert.deepEqual(r.lost, [], `${r.lost.length} acknowledged messages lost`);
  assert.deepEqual(r.bad, []);
  assert.ok(r.acked > ROUNDS, `${r.acked} acknowledged turns over ${ROUNDS} rounds`);
  assert.ok(r.files >= ROUNDS, `${r.files} transcripts`);
  // the harness did take something away: unsynced bytes or names
  assert.ok(r.reverted > 0, 'the power failures reverted nothing');
});

test('the same harness catches a daemon that does not sync (--sync off)', async () => {
  const r = await powerLossRounds(2, ['--sync', 'off']);
  assert.ok(r.acked > 0);
  assert.ok(r.lost.length > 0, `with --sync off, ${r.acked} acknowledged turns all survived the power loss`);
});
