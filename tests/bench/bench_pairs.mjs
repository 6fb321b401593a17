// SPDX-License-Identifier: ISC
// bench_pairs: advisord against a bare libwebsockets echo server built
// with the same settings (tests/bench/echo.c), driven by the same C load
// generator (tests/bench/loadgen.c), in interleaved pairs.
//
// 1. Capacity, closed loop, CONNS connections with WINDOW in flight each:
//    each pair runs echo and, on a fresh advisord, the scenarios unknown,
//    say, walk and conv (hello to the signed final transcript); the pairs
//    alternate which server goes first.  Reported: medians over the pairs
//    of rate, p50/p99/p99.9, server CPU per message, and the median of the
//    per-pair ratios to echo.
// 2. Latency at half capacity, open loop (latency from the scheduled send
//    time): say and walk at 50% of their closed-loop median, durability
//    on (the default --sync turn), say also with --sync off, and echo at
//    each of those rates.
// 3. IDLE idle conversations held (browser hello, nothing else): the
//    server's RSS per idle connection, its CPU while they are held alone
//    for HOLD seconds (pings), and say throughput with them held against
//    the same daemon without.
//
// The servers run pinned to CPU 0, the generator to CPU 1 (taskset).  No
// pass/fail: the exit status is non-zero only when something could not
// run.  Writes the table to stdout and every raw result to
// $B/bench/pairs.json.
//
//	node tests/bench/bench_pairs.mjs
//	env: B=build ADVISORD=$B/advisord PAIRS=5 SECONDS=3 CONNS=100 WINDOW=1 IDLE=10000 HOLD=35
//	     ADVISORD_ARGS='--sync off' (more daemon options, for the capacity part)
//	     OPEN_REPS=3 BENCH_QUICK=1 (a smoke run of about 30 s: 1 pair of 1 s,
//	     1,000 idle, no hold) PARTS=capacity,open,idle (open alone needs
//	     RATE_SAY and RATE_WALK) LOADGEN_SPIN=1 (the open loop's generator
//	     spins between sends, as before round 44, instead of sleeping on
//	     its timer: for a before/after comparison)
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BUILD = resolve(ROOT, process.env.B || 'build');
const QUICK = Boolean(process.env.BENCH_QUICK) && process.env.BENCH_QUICK !== '0';
// ADVISORD=path: another build of the daemon (a before/after comparison)
const ADVISORD = resolve(process.env.ADVISORD || join(BUILD, 'advisord'));
const num = (name, def) => (process.env[name] ? Number(process.env[name]) : def);
const PAIRS = num('PAIRS', QUICK ? 1 : 5);
const SECONDS = num('SECONDS', QUICK ? 1 : 3);
const WARMUP = num('WARMUP', QUICK ? 0.3 : 1);
const CONNS = num('CONNS', 100);
const WINDOW = num('WINDOW', 1);
const IDLE = num('IDLE', QUICK ? 1000 : 10000);
const HOLD = num('HOLD', QUICK ? 0 : 35);
const OPEN_REPS = num('OPEN_REPS', QUICK ? 1 : 3);
const OPEN_WINDOW = 8;
// LOADGEN_SPIN=1: loadgen -Y (a spinning open loop starves the kernel's
// end-of-write worker on CPU 1: RESULTS.md, round 44)
const LOADGEN_SPIN = Boolean(process.env.LOADGEN_SPIN) && process.env.LOADGEN_SPIN !== '0';
// PARTS=capacity,open,idle (all by default); open needs capacity's rates,
// or RATE_SAY and RATE_WALK (msg/s at capacity) when run without it
const PARTS = (process.env.PARTS || 'capacity,open,idle').split(',');
// ADVISORD_ARGS: more options for the daemon in the capacity pairs
const ADVISORD_ARGS = (process.env.ADVISORD_ARGS || '').split(' ').filter(Boolean);
const SECRET = 'bench-pairs-0123456789abcdef0123456789';
const QFILES = ['tests/eval/questions.json', 'tests/eval/holdout-questions.json'];
const SCENARIOS = ['unknown', 'say', 'walk', 'conv'];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (v) => {
  const s = v.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const h = Math.floor(s.length / 2);
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};

// A server (echo or advisord) pinned to CPU 0, stopped by its PID.
class Server {
  constructor(kind, extra = []) { this.kind = kind; this.extra = extra; this.log = []; }

  async start() {
    let args;
    if (this.kind === 'echo') {
      args = [join(BUILD, 'bench_echo')];
    } else {
      this.stateDir = mkdtempSync(join(BUILD, 'bench-pairs-'));
      args = [ADVISORD, '--listen', '127.0.0.1:0', '--state-dir', this.stateDir,
        '--api-key', `bench:${SECRET}`,
        '--max-connections-per-ip', String(IDLE + CONNS + 100),
        '--max-connections', String(Math.max(20000, IDLE + CONNS + 100)),
        '--rate-connection', '1000000', '--rate-connection-burst', '1000000',
        '--rate-conversation', '1000000', '--rate-conversation-burst', '1000000',
        '--max-conversations-per-connection', '100000',
        '--max-conversations', '1000000', ...this.extra];
    }
    const env = { ...process.env };
    delete env.JOURNAL_STREAM;
    this.proc = spawn('taskset', ['-c', '0', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.pid = this.proc.pid;
    this.exit = new Promise((res) => this.proc.on('exit', (code, sig) => { this.exited = { code, sig }; res(); }));
    let partial = '';
    const onData = (d) => {
      const lines = (partial + d).split('\n');
      partial = lines.pop();
      for (const l of lines) {
        if (this.log.length < 50 || /warning|error/.test(l)) this.log.push(l);
        const m = /listening on [0-9.]+:(\d+)/.exec(l);
        if (m) this.port = Number(m[1]);
      }
      if (this.log.length > 200) this.log.splice(50, this.log.length - 100);
    };
    this.proc.stdout.on('data', onData);
    this.proc.stderr.on('data', onData);
    const deadline = Date.now() + 20000;
    while (!this.port) {
      if (this.exited) throw new Error(`${this.kind} did not start:\n${this.log.join('\n')}`);
      if (Date.now() > deadline) throw new Error(`${this.kind} did not start in 20 s`);
      await sleep(20);
    }
    await sleep(100);
  }

  async stop() {
    if (this.proc && !this.exited) {
      process.kill(this.pid, 'SIGTERM');
      const t = setTimeout(() => { if (!this.exited) process.kill(this.pid, 'SIGKILL'); }, 10000);
      await this.exit;
      clearTimeout(t);
    }
    if (this.stateDir) rmSync(this.stateDir, { recursive: true, force: true });
  }
}

// One loadgen run pinned to CPU 1; resolves to its JSON result.
function loadgen(server, scenario, opts = {}) {
  const args = ['-c', '1', join(BUILD, 'loadgen'), '-p', String(server.port), '-P', String(server.pid),
    '-s', scenario, '-c', String(opts.conns ?? CONNS), '-w', String(opts.window ?? WINDOW),
    '-d', String(opts.seconds ?? SECONDS), '-W', String(WARMUP)];
  if (opts.rate) args.push('-r', String(Math.round(opts.rate)));
  if (opts.rate && LOADGEN_SPIN) args.push('-Y');
  if (opts.idle) args.push('-i', String(opts.idle));
  if (opts.hold) args.push('-H', String(opts.hold));
  if (server.kind !== 'echo') args.push('-k', SECRET);
  for (const q of QFILES) args.push('-q', join(ROOT, q));
  return new Promise((res, rej) => {
    const p = spawn('taskset', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { err += d; });
    const t = setTimeout(() => p.kill('SIGKILL'), 1000 * (60 + (opts.seconds ?? SECONDS) + (opts.hold ?? 0) + (opts.idle ?? 0) / 200));
    p.on('exit', (code) => {
      clearTimeout(t);
      let r;
      try { r = JSON.parse(out.trim().split('\n').pop()); } catch { /* below */ }
      if (!r || !r.ok) { rej(new Error(`loadgen ${scenario} on ${server.kind} failed (exit ${code}):\n${out}${err.slice(0, 2000)}`)); return; }
      if (err && process.env.VERBOSE) process.stderr.write(err);
      r.server = server.kind;
      res(r);
    });
  });
}

const f0 = (x) => (Number.isFinite(x) ? x.toFixed(0) : '-');
const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : '-');
const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : '-');
const f3 = (x) => (Number.isFinite(x) ? x.toFixed(3) : '-');
const ms = (us) => (Number.isFinite(us) ? (us / 1000).toFixed(2) : '-');

async function withServer(kind, extra, fn) {
  const s = new Server(kind, extra);
  await s.start();
  try { return await fn(s); } finally { await s.stop(); }
}

// partsError: why PARTS (with RATE_SAY, RATE_WALK) cannot run, or null.
function partsError() {
  const unknown = PARTS.filter((p) => !['capacity', 'open', 'idle'].includes(p));
  if (unknown.length) return `PARTS: unknown part ${unknown.join(', ')} (the parts are capacity, open, idle)`;
  if (PARTS.includes('open') && !PARTS.includes('capacity') && !(num('RATE_SAY', 0) > 0 && num('RATE_WALK', 0) > 0))
    return 'PARTS: open without capacity needs RATE_SAY and RATE_WALK (msg/s at capacity; the open loop offers half of each)';
  return null;
}

async function main() {
  const all = { machine: {}, pairs: [], open: [], idle: [] };
  const t0 = Date.now();
  all.machine = {
    cpus: os.cpus().length, model: os.cpus()[0]?.model, kernel: os.release(),
    loadavg_start: os.loadavg(), lws: execFileSync('pkg-config', ['--modversion', 'libwebsockets']).toString().trim(),
    commit: execFileSync('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD']).toString().trim(),
    date: new Date().toISOString(), advisord: ADVISORD, advisord_args: ADVISORD_ARGS,
  };
  if (ADVISORD_ARGS.length) console.log(`bench_pairs: advisord ${ADVISORD_ARGS.join(' ')} in the capacity pairs`);
  console.log(`bench_pairs: ${PAIRS} pairs, ${CONNS} connections x ${WINDOW} in flight, ${SECONDS} s each (+${WARMUP} s warm-up); server on CPU 0, loadgen on CPU 1; load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);

  // 1. capacity, interleaved pairs
  const res = { echo: [], unknown: [], say: [], walk: [], conv: [] };
  for (let p = 0; PARTS.includes('capacity') && p < PAIRS; p++) {
    const pair = {};
    const runEcho = async () => { pair.echo = await withServer('echo', [], (s) => loadgen(s, 'echo')); };
    const runDaemon = async () => withServer('advisord', ADVISORD_ARGS, async (s) => {
      for (const sc of SCENARIOS) pair[sc] = await loadgen(s, sc);
    });
    if (p % 2 === 0) { await runEcho(); await runDaemon(); } else { await runDaemon(); await runEcho(); }
    for (const k of Object.keys(pair)) res[k].push(pair[k]);
    all.pairs.push(pair);
    if (process.env.VERBOSE) console.log(`pair ${p + 1}: ` + Object.entries(pair).map(([k, r]) => `${k} ${f0(r.rate)}/s`).join(', '));
  }
  const row = (k) => {
    const rs = res[k];
    const ratios = rs.map((r, i) => r.rate / res.echo[i].rate);
    return {
      rate: median(rs.map((r) => r.rate)), p50: median(rs.map((r) => r.p50_us)),
      p99: median(rs.map((r) => r.p99_us)), p999: median(rs.map((r) => r.p999_us)),
      cpu: median(rs.map((r) => r.server_cpu_us_per_msg)), srv: median(rs.map((r) => r.server_cpu)),
      ratio: median(ratios), rmin: Math.min(...ratios), rmax: Math.max(...ratios),
      conv: median(rs.map((r) => r.conv_rate)),
      cratio: median(rs.map((r, i) => res.echo[i].server_cpu_us_per_msg / r.server_cpu_us_per_msg)),
    };
  };
  const rows = {};
  if (!PARTS.includes('capacity')) {
    rows.say = { rate: num('RATE_SAY', NaN) };
    rows.walk = { rate: num('RATE_WALK', NaN) };
  } else {
  console.log('\n### Capacity: closed loop, medians of ' + PAIRS + ' interleaved pairs\n');
  console.log('| scenario | rate (msg/s) | p50 ms | p99 ms | p99.9 ms | server CPU/msg µs | server CPU use | ratio to echo (min-max) | echo CPU/msg ÷ CPU/msg |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  const label = { echo: 'bare lws echo', unknown: 'unknown type (loop+codec)', say: 'say, real questions', walk: 'walk answers (choose)', conv: 'whole conversations (hello..end)' };
  for (const k of ['echo', ...SCENARIOS]) {
    const r = rows[k] = row(k);
    const extra = k === 'conv' ? ` (${f1(r.conv)} conversations/s)` : '';
    console.log(`| ${label[k]}${extra} | ${f0(r.rate)} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.p999)} | ${f1(r.cpu)} | ${f2(r.srv)} | ${f3(r.ratio)} (${f3(r.rmin)}-${f3(r.rmax)}) | ${f3(r.cratio)} |`);
  }

  }

  // 2. half capacity, open loop
  const openRes = {};
  const openCases = [
    ['say', [], 'say, --sync turn'], ['walk', [], 'walk, --sync turn'], ['say', ['--sync', 'off'], 'say, --sync off'],
  ];
  for (let rep = 0; PARTS.includes('open') && rep < OPEN_REPS; rep++) {
    for (const [sc, extra, name] of openCases) {
      const rate = rows[sc].rate / 2;
      const d = await withServer('advisord', extra, (s) => loadgen(s, sc, { rate, window: OPEN_WINDOW, seconds: SECONDS * 1.5 }));
      const e = await withServer('echo', [], (s) => loadgen(s, 'echo', { rate, window: OPEN_WINDOW, seconds: SECONDS * 1.5 }));
      (openRes[name] ||= []).push({ d, e });
      all.open.push({ name, rate, advisord: d, echo: e });
    }
  }
  if (PARTS.includes('open')) {
  console.log(`\n### Latency at half capacity: open loop, ${CONNS} connections, latency from the scheduled send; medians of ${OPEN_REPS}\n`);
  console.log('| scenario | offered msg/s | advisord p50 / p99 / p99.9 ms | echo at the same rate p50 / p99 / p99.9 ms |');
  console.log('|---|---|---|---|');
  for (const [name, v] of Object.entries(openRes)) {
    const m = (side, f) => median(v.map((x) => x[side][f]));
    console.log(`| ${name} | ${f0(median(v.map((x) => x.d.offered)))} | ${ms(m('d', 'p50_us'))} / ${ms(m('d', 'p99_us'))} / ${ms(m('d', 'p999_us'))} | ${ms(m('e', 'p50_us'))} / ${ms(m('e', 'p99_us'))} / ${ms(m('e', 'p999_us'))} |`);
  }

  }

  // 3. idle conversations held
  const idleRows = [];
  const idleReps = !PARTS.includes('idle') ? 0 : QUICK ? 1 : 2;
  for (let rep = 0; rep < idleReps; rep++) {
    const e = await withServer('echo', [], (s) => loadgen(s, 'echo', { idle: IDLE, hold: rep === 0 ? HOLD : 0 }));
    const d = await withServer('advisord', [], async (s) => {
      const base = await loadgen(s, 'say');
      const held = await loadgen(s, 'say', { idle: IDLE, hold: rep === 0 ? HOLD : 0 });
      return { base, held };
    });
    idleRows.push({ e, d });
    all.idle.push({ echo: e, advisord: d });
  }
  const per = (r) => (r.rss_kib_idle - r.rss_kib_start) / r.idle;
  if (idleReps > 0) {
  console.log(`\n### ${IDLE} idle connections held (browser hello, nothing else)${HOLD ? `; CPU while held alone for ${HOLD} s` : ''}\n`);
  console.log('| server | RSS per idle connection KiB | server CPU s while held alone | idle ones the server closed | say rate with idle / without |');
  console.log('|---|---|---|---|---|');
  console.log(`| bare lws echo | ${f2(median(idleRows.map((x) => per(x.e))))} | ${HOLD ? f3(idleRows[0].e.hold_server_cpu) : '-'} | ${idleRows.map((x) => x.e.idle_closed).join(', ')} | - |`);
  console.log(`| advisord (one conversation each) | ${f2(median(idleRows.map((x) => per(x.d.held))))} | ${HOLD ? f3(idleRows[0].d.held.hold_server_cpu) : '-'} | ${idleRows.map((x) => x.d.held.idle_closed).join(', ')} | ${f3(median(idleRows.map((x) => x.d.held.rate / x.d.base.rate)))} (${idleRows.map((x) => f0(x.d.held.rate) + '/' + f0(x.d.base.rate)).join(', ')}) |`);

  }

  all.machine.loadavg_end = os.loadavg();
  all.machine.seconds = (Date.now() - t0) / 1000;
  mkdirSync(join(BUILD, 'bench'), { recursive: true });
  writeFileSync(join(BUILD, 'bench', 'pairs.json'), JSON.stringify(all, null, 1));
  console.log(`\nbench_pairs: ${all.machine.seconds.toFixed(0)} s; load average at the end ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}; raw results in ${join(BUILD, 'bench', 'pairs.json')}`);
}

if (partsError()) { console.error(`bench_pairs: ${partsError()}`); process.exit(2); }
main().catch((e) => { console.error(`bench_pairs: ${e.stack || e}`); process.exit(1); });
