// SPDX-License-Identifier: ISC
// bench_recovery: what the transcript store costs the daemon's users,
// each figure against a baseline measured in the same run.
//
//  1. restart to listening after a crash (SIGKILL) with 0, 100 and 1,000
//     open conversations (each opened, one say answered); median of
//     RESTARTS restarts, each after a SIGKILL.  Baseline: 0 open.
//  2. /healthz worst-case latency while 1,000 conversations expire at
//     once (idle_timeout 1 s), against the same daemon state with none
//     expiring (idle_timeout 3600 s): sequential GETs for WINDOW seconds.
//  3. say p99 latency at half capacity, durability on (sync turn) against
//     --sync off: capacity is the sync-turn daemon's closed-loop turns/s;
//     then both daemons get the same paced load, half of that.
//  4. clean stop (SIGTERM to exit) with 0, 100 and 1,000 open conversations
//     spoken in (they stay in the journal; the next start signs them); one
//     stop each.  Baseline: 0 open.
//
// The real daemon ($B/advisord) on loopback, a state directory under $B.
//
//	node tests/bench/bench_recovery.mjs [restart|expiry|say|stop]
//	env: B=build RESTARTS=3 WINDOW=4 CONVS=1000
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import http from 'node:http';
import WebSocket from 'ws';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BUILD = resolve(ROOT, process.env.B || 'build');
const ADVISORD = join(BUILD, 'advisord');
const RESTARTS = Number(process.env.RESTARTS || 3);
const WINDOW = Number(process.env.WINDOW || 4);
const CONVS = Number(process.env.CONVS || 1000);
const SECRET = 'bench-store-0123456789abcdef012345';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (v) => { const s = [...v].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const pct = (v, p) => { const s = [...v].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * p))]; };
const now = () => Number(process.hrtime.bigint()) / 1e6;

function daemon(state, extra = []) {
  const args = ['--listen', '127.0.0.1:0', '--state-dir', state, '--api-key', `bench:${SECRET}`,
    '--max-conversations-per-connection', '100000', '--max-connections-per-ip', '100000',
    '--rate-connection', '1000000', '--rate-connection-burst', '1000000',
    '--rate-conversation', '1000000', '--rate-conversation-burst', '1000000', ...extra];
  const env = { ...process.env };
  delete env.JOURNAL_STREAM;
  const t0 = now();
  const p = spawn(ADVISORD, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const d = { p, log: '', t0, exited: null };
  d.exit = new Promise((res) => p.on('exit', (code, sig) => { d.exited = { code, sig }; res(); }));
  d.ready = new Promise((res, rej) => {
    const on = (b) => {
      d.log += b;
      const m = /listening on [0-9.]+:(\d+)/.exec(d.log);
      if (m && !d.port) { d.port = Number(m[1]); d.readyMs = now() - t0; res(d); }
    };
    p.stdout.on('data', on);
    p.stderr.on('data', on);
    d.exit.then(() => rej(new Error(`advisord exited: ${d.log}`)));
  });
  return d;
}

// Resolves once the daemon says where it listens; readyMs is how long
// that took from spawn.
function start(state, extra = []) {
  return daemon(state, extra).ready;
}

async function kill(d, sig = 'SIGKILL') {
  if (!d.exited) d.p.kill(sig);
  await d.exit;
}

// One integration connection; resolves requests by id.
async function integration(port) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, 'advisor.v1',
    { headers: { Authorization: `Bearer ${SECRET}` } });
  await new Promise((res, rej) => { ws.once('open', res); ws.once('error', rej); });
  const waiting = new Map();
  ws.on('message', (b) => {
    const m = JSON.parse(b);
    if (m.done && waiting.has(m.re)) { const f = waiting.get(m.re); waiting.delete(m.re); f(m); }
  });
  let n = 0;
  const req = (msg) => new Promise((res) => {
    const id = `q${++n}`;
    waiting.set(id, res);
    ws.send(JSON.stringify({ ...msg, id }));
  });
  await req({ type: 'hello' });
  return { ws, req };
}

// count conversations, each opened and one say answered, 64 in flight.
async function openConversations(port, count, tag = 'c') {
  const c = await integration(port);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(64, count) }, async () => {
    while (next < count) {
      const name = `${tag}${next++}`;
      await c.req({ type: 'open', conversation: name });
      await c.req({ type: 'say', conversation: name, text: 'What is Pingora?' });
    }
  }));
  return c;
}

async function benchRestart() {
  console.log(`restart to listening after SIGKILL (median of ${RESTARTS}; baseline: 0 open conversations)`);
  const res = {};
  for (const n of [0, 100, CONVS]) {
    const state = mkdtempSync(join(BUILD, 'bench-recovery-'));
    try {
      let d = await start(state);
      const c = await openConversations(d.port, n);
      c.ws.terminate();
      const times = [];
      for (let i = 0; i < RESTARTS; i++) {
        await kill(d);
        d = await start(state);
        times.push(d.readyMs);
      }
      await kill(d, 'SIGTERM');
      res[n] = median(times);
      console.log(`  ${String(n).padStart(5)} open: ${res[n].toFixed(0).padStart(6)} ms  (${(res[n] / res[0]).toFixed(2)}x baseline)  [${times.map((t) => t.toFixed(0)).join(', ')}]`);
    } finally {
      rmSync(state, { recursive: true, force: true });
    }
  }
}

// Sequential GET /healthz for seconds; the worst and median latency.
async function pollHealth(port, seconds) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const lat = [];
  const end = now() + seconds * 1000;
  while (now() < end) {
    const t = now();
    await new Promise((res, rej) => {
      http.get({ host: '127.0.0.1', port, path: '/healthz', agent }, (r) => { r.resume(); r.on('end', res); }).on('error', rej);
    });
    lat.push(now() - t);
  }
  agent.destroy();
  return { max: Math.max(...lat), p50: median(lat), n: lat.length };
}

async function benchExpiry() {
  console.log(`/healthz while ${CONVS} conversations expire at once (sequential GETs for ${WINDOW} s; baseline: none expiring)`);
  const out = {};
  for (const [label, timeout] of [['none expiring', 3600], ['expiring', 1]]) {
    const state = mkdtempSync(join(BUILD, 'bench-expiry-'));
    try {
      const d = await start(state, ['--idle-timeout', String(timeout)]);
      const c = await openConversations(d.port, CONVS);
      c.ws.terminate();
      out[label] = await pollHealth(d.port, WINDOW);
      await kill(d, 'SIGTERM');
    } finally {
      rmSync(state, { recursive: true, force: true });
    }
  }
  const b = out['none expiring'];
  const e = out.expiring;
  console.log(`  none expiring: worst ${b.max.toFixed(1)} ms, median ${b.p50.toFixed(2)} ms (${b.n} GETs)`);
  console.log(`  expiring:      worst ${e.max.toFixed(1)} ms, median ${e.p50.toFixed(2)} ms (${e.n} GETs)  (worst ${(e.max / b.max).toFixed(1)}x baseline)`);
}

// Closed loop: conns connections, window requests in flight each.
async function capacity(port, seconds) {
  const conns = await Promise.all(Array.from({ length: 4 }, async (_, k) => {
    const c = await integration(port);
    await c.req({ type: 'open', conversation: `cap${k}` });
    return { c, k };
  }));
  let done = 0;
  const end = now() + seconds * 1000;
  await Promise.all(conns.flatMap(({ c, k }) => Array.from({ length: 16 }, async () => {
    while (now() < end) { await c.req({ type: 'say', conversation: `cap${k}`, text: 'is go faster?' }); done++; }
  })));
  conns.forEach(({ c }) => c.ws.terminate());
  return done / seconds;
}

// Open loop: rate turns/s spread over 16 conversations; say latencies.
async function paced(port, rate, seconds) {
  const c = await integration(port);
  const names = Array.from({ length: 16 }, (_, i) => `p${i}`);
  for (const n of names) await c.req({ type: 'open', conversation: n });
  const lat = [];
  const pending = [];
  const start0 = now();
  for (let i = 0; now() - start0 < seconds * 1000; i++) {
    const due = start0 + (i * 1000) / rate;
    const wait = due - now();
    if (wait > 0) await sleep(wait);
    const t = now();
    pending.push(c.req({ type: 'say', conversation: names[i % names.length], text: 'is go faster?' })
      .then(() => lat.push(now() - t)));
  }
  await Promise.all(pending);
  c.ws.terminate();
  return { p99: pct(lat, 0.99), p50: median(lat), n: lat.length };
}

async function benchSay() {
  const state = mkdtempSync(join(BUILD, 'bench-say-'));
  const stateOff = mkdtempSync(join(BUILD, 'bench-say-off-'));
  try {
    const on = await start(state);
    const off = await start(stateOff, ['--sync', 'off']);
    const cap = await capacity(on.port, 2);
    const rate = Math.max(10, Math.round(cap / 2));
    console.log(`say latency at half capacity (${rate} turns/s; sync turn capacity ${cap.toFixed(0)} turns/s; baseline: --sync off)`);
    const r = { on: [], off: [] };
    for (let i = 0; i < 3; i++) {
      r.off.push(await paced(off.port, rate, 2));
      r.on.push(await paced(on.port, rate, 2));
    }
    const p99on = median(r.on.map((x) => x.p99));
    const p99off = median(r.off.map((x) => x.p99));
    console.log(`  --sync off:  p99 ${p99off.toFixed(2)} ms, p50 ${median(r.off.map((x) => x.p50)).toFixed(2)} ms`);
    console.log(`  sync turn:   p99 ${p99on.toFixed(2)} ms, p50 ${median(r.on.map((x) => x.p50)).toFixed(2)} ms  (p99 ${(p99on / p99off).toFixed(2)}x baseline)`);
    await kill(on, 'SIGTERM');
    await kill(off, 'SIGTERM');
  } finally {
    rmSync(state, { recursive: true, force: true });
    rmSync(stateOff, { recursive: true, force: true });
  }
}

async function benchStop() {
  console.log('clean stop, SIGTERM to exit (open conversations stay in the journal; baseline: 0 open conversations)');
  const res = {};
  for (const n of [0, 100, CONVS]) {
    const state = mkdtempSync(join(BUILD, 'bench-stop-'));
    try {
      const d = await start(state);
      const c = await openConversations(d.port, n);
      c.ws.terminate();
      await sleep(200);
      const t0 = now();
      await kill(d, 'SIGTERM');
      res[n] = now() - t0;
      console.log(`  ${String(n).padStart(5)} open: ${res[n].toFixed(0).padStart(6)} ms  (${(res[n] / res[0]).toFixed(2)}x baseline)`);
    } finally {
      rmSync(state, { recursive: true, force: true });
    }
  }
}

const only = process.argv[2];
if (!only || only === 'restart') await benchRestart();
if (!only || only === 'expiry') await benchExpiry();
if (!only || only === 'say') await benchSay();
if (!only || only === 'stop') await benchStop();
