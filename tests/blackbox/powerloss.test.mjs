// SPDX-License-Identifier: ISC
// Power loss, not just process death: the daemon runs under
// libpowerfail.so (tests/fault/powerfail.c), which logs what each sync
// made durable; after a SIGKILL at a random moment under concurrent
// conversations, tests/fault/revert.mjs puts every file back to its
// durable state (what was not synced is gone), and the daemon restarts
// on that.  Every turn a client got a reply for must be in the recovered
// transcripts, and every stored transcript must verify with minisign and
// advisor verify.  A fourth client ends conversation after conversation:
// every end it was answered must still be fetchable by name and token
// from the restarted daemon (the final transcripts' index is rebuilt
// from their owner files, daemon/finals.c).  The same harness against
// --sync off must find losses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADVISOR, Daemon, connect, crashClient, run, sleep, tempDir, transcriptsOf } from './lib.mjs';
import { powerEnv, revert } from '../fault/revert.mjs';

const ROUNDS = Number(process.env.POWERLOSS_ROUNDS ?? (process.env.SANITIZE === '1' ? 8 : 20));
const CLIENTS = 3;

// One client ending conversations one after another until the daemon
// dies: each end answered with its final transcript goes in ended.
async function enderClient(d, ended) {
  for (;;) {
    let c;
    try {
      c = await connect(d.wsUrl);
    } catch {
      return;
    }
    c.ws.on('message', () => {});
    try {
      const hello = await c.turn(c.request({ type: 'hello' }), 3000);
      const { conversation, token } = hello[0];
      await c.turn(c.request({ type: 'say', text: 'What is Pingora?' }), 3000);
      const end = await c.turn(c.request({ type: 'end' }), 3000);
      const tr = end.find((m) => m.type === 'transcript' && m.status === 'complete');
      if (tr) ended.push({ conversation, token, file: tr.file });
      c.close();
    } catch {
      return;	/* the daemon died: expected */
    }
  }
}

// Ask daemon d for the final transcript of e by name and token: '' when it
// is the one the end was answered with, else what came instead.
async function fetchFinal(d, e) {
  const c = await connect(d.wsUrl);
  try {
    await c.turn(c.request({ type: 'hello', protocol: 'advisor.v1' }));
    const turn = await c.turn(c.request({ type: 'transcript', conversation: e.conversation, token: e.token }));
    const tr = turn.find((m) => m.type === 'transcript');
    return tr?.file === e.file ? '' : JSON.stringify(turn);
  } finally {
    c.close();
  }
}

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
  const out = { acked: 0, lost: [], bad: [], files: 0, reverted: 0, ended: 0, unfetchable: [] };
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
      const ended = [];
      const clients = Array.from({ length: CLIENTS }, () => crashClient(d, acked));
      clients.push(enderClient(d, ended));
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
      out.ended += ended.length;
      for (const e of ended) {
        const why = await fetchFinal(r, e);
        if (why !== '') out.unfetchable.push(`round ${round}: ${e.conversation} (${e.file}): ${why}`);
      }
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

test(`power loss at random moments, ${ROUNDS} times: nothing acknowledged is lost`, async (t) => {
  const r = await powerLossRounds(ROUNDS);
  t.diagnostic(`${r.acked} acknowledged turns, ${r.ended} answered ends, ${r.files} transcripts`);
  assert.deepEqual(r.lost, [], `${r.lost.length} acknowledged messages lost`);
  assert.deepEqual(r.bad, []);
  assert.deepEqual(r.unfetchable, [], `${r.unfetchable.length} of ${r.ended} answered ends not fetchable after the restart`);
  assert.ok(r.ended > 0, 'no end was answered');
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
