// SPDX-License-Identifier: ISC
// ab_daemons.mjs: two advisord builds, interleaved, under bench_pairs.mjs'
// settings (daemon on CPU 0, build/loadgen on CPU 1, 100 connections):
// for each repetition and case, one run of each build, the order
// alternating.  Prints each run (rate msg/s, p50/p99/p99.9 ms, daemon
// CPU µs per message, load average) and the medians.  Not in `make bench`:
// a quick comparison on a machine that is not quiet (issue 16, j26).
//
//	A=path/to/advisord B=build/advisord REPS=3 \
//	CASES=say:open:6191,walk:open:11481,say:closed:0 node tests/bench/ab_daemons.mjs
//
// A case is SCENARIO:open:RATE (open loop at RATE msg/s, 8 slots per
// connection, 4.5 s) or SCENARIO:closed:0 (1 slot, 3 s); 1 s of warm-up.
// LS=PREFIX writes each daemon's ADVISORD_LOOP_STATS to PREFIX-NAME-TIME.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BUILD = process.env.BUILD ? resolve(process.env.BUILD) : join(ROOT, 'build');
if (!process.env.A) {
  console.error('ab_daemons: set A (and B, default build/advisord) to the daemons to compare');
  process.exit(2);
}
const BUILDS = { A: resolve(process.env.A), B: resolve(process.env.B ?? join(BUILD, 'advisord')) };
const SECRET = 'bench-pairs-0123456789abcdef0123456789';
const REPS = Number(process.env.REPS ?? 3);
const CASES = (process.env.CASES ?? 'say:open:6191,walk:open:11481,say:closed:0').split(',').map((c) => c.split(':'));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function startDaemon(name) {
  const state = mkdtempSync(join(BUILD, 'bench-ab-'));
  const env = { ...process.env };
  if (process.env.LS) env.ADVISORD_LOOP_STATS = `${process.env.LS}-${name}-${Date.now()}`;
  const p = spawn('taskset', ['-c', '0', BUILDS[name], '--listen', '127.0.0.1:0', '--state-dir', state,
    '--api-key', `bench:${SECRET}`, '--max-connections-per-ip', '20000', '--max-connections', '20000',
    '--rate-connection', '1000000', '--rate-connection-burst', '1000000',
    '--rate-conversation', '1000000', '--rate-conversation-burst', '1000000',
    '--max-conversations-per-connection', '100000', '--max-conversations', '1000000'],
  { stdio: ['ignore', 'pipe', 'pipe'], env });
  let log = '';
  p.stdout.on('data', (d) => { log += d; });
  p.stderr.on('data', (d) => { log += d; });
  const exit = new Promise((r) => p.on('exit', r));
  return { p, state, exit, get log() { return log; } };
}

async function once(name, sc, mode, rate) {
  const d = startDaemon(name);
  let port;
  for (let i = 0; i < 1000 && !port; i++) {
    const m = /listening on [0-9.]+:(\d+)/.exec(d.log);
    if (m) port = m[1]; else await sleep(20);
  }
  if (!port) throw new Error(`${BUILDS[name]} did not start:\n${d.log}`);
  await sleep(100);
  const args = ['-c', '1', join(BUILD, 'loadgen'), '-p', port, '-P', String(d.p.pid), '-s', sc, '-c', '100',
    '-w', mode === 'open' ? '8' : '1', '-d', mode === 'open' ? '4.5' : '3', '-W', '1', '-k', SECRET,
    '-q', join(ROOT, 'tests/eval/questions.json'), '-q', join(ROOT, 'tests/eval/holdout-questions.json')];
  if (mode === 'open') args.push('-r', rate);
  const out = await new Promise((res) => {
    const g = spawn('taskset', args);
    let o = '';
    g.stdout.on('data', (x) => { o += x; });
    g.on('exit', () => res(o));
  });
  d.p.kill('SIGTERM');
  await d.exit;
  rmSync(d.state, { recursive: true, force: true });
  const j = JSON.parse(out.trim().split('\n').pop());
  return { rate: j.rate, p50: j.p50_us / 1000, p99: j.p99_us / 1000, p999: j.p999_us / 1000, cpu: j.server_cpu_us_per_msg };
}

const res = {};
for (let rep = 0; rep < REPS; rep++) {
  for (const [sc, mode, rate] of CASES) {
    for (const name of rep % 2 ? ['B', 'A'] : ['A', 'B']) {
      const r = await once(name, sc, mode, rate);
      const k = `${sc} ${mode}${mode === 'open' ? ` ${rate}` : ''} ${name}`;
      (res[k] ||= []).push(r);
      console.log(k, JSON.stringify(r), `load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
    }
  }
}
const med = (v) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
console.log(`\nmedians of ${REPS} (A = ${BUILDS.A}, B = ${BUILDS.B}):`);
for (const [k, v] of Object.entries(res)) {
  console.log(k, ['rate', 'p50', 'p99', 'p999', 'cpu'].map((f) => `${f} ${med(v.map((x) => x[f])).toFixed(f === 'rate' ? 0 : 2)}`).join(' '));
}
