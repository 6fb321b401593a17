// SPDX-License-Identifier: ISC
// soak.mjs: many clients against one live daemon for SOAK_SECONDS (default
// 600): whole conversations ended with their transcript, conversations
// abandoned mid-way, hellos dropped at once (hoarding), reconnects that
// resume, and bad input.  Fails when the daemon's RSS after warm-up (the
// first fifth of the run) grows by more than SOAK_RSS_GROWTH_MB (default
// 64), when the state directory (given a max_state_bytes of
// SOAK_STATE_BUDGET_MB, default 128) ends above SOAK_STATE_MB (default 256),
// The daemon keeps at most 32 MiB of replay (max_replay_bytes), so the
// RSS bound holds only if that bound and the others do.
// when any stored transcript fails `advisor verify`, or when the daemon
// stops answering.  Prints the figures.
//
//   node tests/soak/soak.mjs            (make soak; SOAK_SECONDS=60 for CI)
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADVISOR, Daemon, connect, run, tempDir } from '../blackbox/lib.mjs';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const CLIENTS = Number(process.env.SOAK_CLIENTS ?? 50);
const RSS_GROWTH_MB = Number(process.env.SOAK_RSS_GROWTH_MB ?? 64);
const STATE_MB = Number(process.env.SOAK_STATE_MB ?? 256);
const SAYS = ['Java dev, we build microservices on Kubernetes, need to ship fast', 'why?',
  'What is Pingora?', '1', 'back', 'what would change it', 'summary', '2', 'restart'];

const rssKb = (pid) => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+)/m)[1]);
function du(dir) {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    n += e.isDirectory() ? du(p) : statSync(p).size;
  }
  return n;
}

const state = tempDir('advisord-soak-');
const STATE_BUDGET = Number(process.env.SOAK_STATE_BUDGET_MB ?? 128) * 1048576;
const d = await new Daemon(['--state-dir', state, '--max-state-bytes', String(STATE_BUDGET), '--max-replay-bytes', '33554432', '--trusted-proxies', '127.0.0.1', '--rate-connection', '1000',
  '--rate-connection-burst', '1000', '--rate-conversation', '1000', '--rate-conversation-burst', '1000']).start();
const end = Date.now() + SECONDS * 1000;
const warm = Date.now() + SECONDS * 200;
const counts = { ended: 0, abandoned: 0, hoarded: 0, resumed: 0, bad: 0, oversized: 0, storage_full: 0, errors: 0 };
let warmRss = null;
let peakRss = 0;

async function visit(i, n) {
  const c = await connect(d.wsUrl, { headers: { 'X-Forwarded-For': `10.${i % 200}.${n % 200}.1` } });
  c.ws.on('error', () => {});
  return c;
}

async function once(i, n) {
  const kind = n % 10;
  const c = await visit(i, n);
  try {
    const hello = await c.turn(c.request({ type: 'hello' }), 20000);
    if (hello[0].code === 'storage_full') { counts.storage_full++; c.close(); return; }
    if (hello[0].type !== 'welcome') { counts.errors++; return; }
    const { conversation, token } = hello[0];
    if (kind === 0) { counts.hoarded++; c.terminate(); return; }
    if (kind === 1) {
      for (const bad of ['{', '[]', '{"type":"say"}', '{"type":"nope","id":"x"}']) c.send(bad);
      counts.bad++;
    }
    if (kind === 4) {
      // over max_message_bytes: the connection is closed (1009)
      c.send('x'.repeat(70000));
      const closed = await c.waitClose(20000);
      if (closed.code === 1009) counts.oversized++; else counts.errors++;
      return;
    }
    const turns = 1 + (n % SAYS.length);
    let last = 0;
    for (let k = 0; k < turns; k++) {
      const t = await c.turn(c.request({ type: 'say', text: SAYS[k % SAYS.length] }), 20000);
      last = t.at(-1).seq ?? last;
    }
    if (kind === 2) { counts.abandoned++; c.terminate(); return; }
    if (kind === 3) {
      c.terminate();
      const r = await visit(i, n);
      const m = await r.turn(r.request({ type: 'hello', resume: { conversation, token, last_seq: last } }), 20000);
      if (m.some((x) => x.type === 'resumed')) counts.resumed++; else counts.errors++;
      await r.turn(r.request({ type: 'end' }), 20000);
      counts.ended++;
      r.close();
      return;
    }
    await c.turn(c.request({ type: 'end' }), 20000);
    counts.ended++;
    c.close();
  } catch (e) {
    counts.errors++;
    c.terminate();
  }
}

async function worker(i) {
  for (let n = i; Date.now() < end; n += CLIENTS) await once(i, n);
}

const sampler = setInterval(() => {
  const r = rssKb(d.pid);
  peakRss = Math.max(peakRss, r);
  if (warmRss === null && Date.now() >= warm) warmRss = r;
}, 500);
await Promise.all(Array.from({ length: CLIENTS }, (_, i) => worker(i)));
clearInterval(sampler);
const finalRss = rssKb(d.pid);
const health = await fetch(`${d.url}/healthz`).then((r) => r.status).catch(() => 0);
const metrics = await (await fetch(`${d.url}/metrics`)).text();
const pub = join(state, 'soak.pub');
writeFileSync(pub, await (await fetch(`${d.url}/pubkey`)).text());
await d.stop();
const stateMb = du(state) / 1048576;

console.log(`soak: ${SECONDS} s, ${CLIENTS} clients: ${JSON.stringify(counts)}`);
console.log(`soak: RSS after warm-up ${(warmRss / 1024).toFixed(1)} MB, at the end ${(finalRss / 1024).toFixed(1)} MB, peak ${(peakRss / 1024).toFixed(1)} MB (bound: +${RSS_GROWTH_MB} MB)`);
console.log(`soak: state directory ${stateMb.toFixed(1)} MB (bound ${STATE_MB} MB)`);
for (const l of metrics.split('\n').filter((x) => /^advisord_(conversation_limits_total|messages_dropped_total|replay_bytes|state_bytes|connections_shed_total)/.test(x))) console.log(`soak: ${l}`);
const failures = [];
if (health !== 200) failures.push(`/healthz answered ${health}`);
if (warmRss === null || (finalRss - warmRss) / 1024 > RSS_GROWTH_MB) failures.push(`RSS grew from ${warmRss} kB after warm-up to ${finalRss} kB (bound +${RSS_GROWTH_MB} MB)`);
if (stateMb > STATE_MB) failures.push(`state directory ${stateMb.toFixed(1)} MB (bound ${STATE_MB} MB)`);
if (counts.ended === 0) failures.push('no conversation ended');
if (counts.errors > 0) failures.push(`${counts.errors} client runs met an unexpected answer or a dropped connection`);
const files = readdirSync(join(state, 'transcripts')).filter((f) => f.endsWith('.json'));
let bad = 0;
for (const f of files) {
  const v = await run(ADVISOR, ['verify', join(state, 'transcripts', f), '-p', pub]);
  if (v.code !== 0) { bad++; if (bad <= 5) failures.push(`${f}: ${v.stdout.trim()}`); }
}
console.log(`soak: ${files.length} transcripts, ${files.length - bad} verify`);
if (bad > 0) failures.push(`${bad} transcripts fail to verify`);
rmSync(state, { recursive: true, force: true });
if (failures.length > 0) {
  console.log(`soak: FAILED\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log('soak: passed');
