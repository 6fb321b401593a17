// SPDX-License-Identifier: ISC
// bench_bigtranscript: does one user's large transcript stall the others?
// (issue 16, "nothing slow on the loop thread"; a hostile tester's
// finding: a transcript of about 24 MB took about 4 s, and other sessions
// got no replies meanwhile.)
//
// The real daemon ($B/advisord, B=build by default; ADVISORD= another
// binary) on a free loopback port with its own state directory, rate
// limits lifted so that the conversation fills in seconds (a hostile user
// fills it at the default rates too, only slower).  Conversation A says
// maximum-size messages (8192 bytes of words) until its transcript holds
// MB megabytes of records (or is full).  Conversation B, on its own
// connection, is an ordinary user.  Then, ROUNDS times, A asks for its
// transcript (format FORMAT: none = both forms, json, markdown) while B
// sends, one at a time, a cheap message (an unknown type: the loop and
// the codec only) and a `say` (the engine, the transcript records and,
// with sync=turn, the journal's sync on the worker) in turn.  At the end
// A sends `end`, measured the same way.
//
// Reported per request: the time to A's reply, and B's worst and median
// latencies (and how many of B's answers came) while A waited.  Timings
// only; the exit status is non-zero only when the benchmark could not run.
//
//	node tests/bench/bench_bigtranscript.mjs
//	env: B=build ADVISORD=path MB=24 ROUNDS=3 FORMAT= SYNC= VERBOSE=1
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BUILD = resolve(ROOT, process.env.B || 'build');
const ADVISORD = process.env.ADVISORD ? resolve(process.env.ADVISORD) : join(BUILD, 'advisord');
const MB = Number(process.env.MB || 24);
const ROUNDS = Number(process.env.ROUNDS || 3);
const FORMAT = process.env.FORMAT || '';
const SYNC = process.env.SYNC || '';
const VERBOSE = Boolean(process.env.VERBOSE);
const SAY_MAX = 8192;		// PROTOCOL.md 10.1: say text

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => Number(process.hrtime.bigint()) / 1e6;
const median = (v) => { const s = [...v].sort((a, b) => a - b); return s.length ? s[Math.floor(s.length / 2)] : NaN; };
const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(1)} ms` : '-');

async function startDaemon() {
  const stateDir = mkdtempSync(join(tmpdir(), 'bench-bigtr-'));
  const args = ['--listen', '127.0.0.1:0', '--state-dir', stateDir,
    '--rate-connection', '1000000', '--rate-connection-burst', '1000000',
    '--rate-conversation', '1000000', '--rate-conversation-burst', '1000000'];
  if (SYNC) args.push('--sync', SYNC);
  const env = { ...process.env };
  delete env.JOURNAL_STREAM;
  const proc = spawn(ADVISORD, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stdout.on('data', (b) => { log += b; });
  proc.stderr.on('data', (b) => { log += b; if (log.length > 1e6) log = log.slice(-5e5); });
  let exited = null;
  proc.on('exit', (code, signal) => { exited = { code, signal }; });
  const deadline = Date.now() + 15000;
  for (;;) {
    const m = /listening on [0-9.]+:(\d+)/.exec(log);
    if (m && / ready/.test(log)) {
      return {
        port: Number(m[1]), pid: proc.pid, log: () => log,
        stop: async () => {
          if (!exited) {
            process.kill(proc.pid, 'SIGTERM');
            for (let i = 0; i < 300 && !exited; i++) await sleep(50);
            if (!exited) process.kill(proc.pid, 'SIGKILL');
          }
          rmSync(stateDir, { recursive: true, force: true });
        },
      };
    }
    if (exited || Date.now() > deadline) throw new Error(`advisord did not start:\n${log}`);
    await sleep(20);
  }
}

// A client: requests with fresh ids, each resolving with its answers up
// to the one with done.
let ids = 0;
class Client {
  constructor(port) {
    this.ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, 'advisor.v1', { maxPayload: 1 << 30 });
    this.wait = new Map();
    this.ws.on('message', (b) => {
      const m = JSON.parse(b.toString('utf8'));
      const w = this.wait.get(m.re);
      if (!w) return;
      w.msgs.push(m);
      if (m.done) { this.wait.delete(m.re); w.res(w.msgs); }
    });
    this.ws.on('close', (code) => { for (const w of this.wait.values()) w.rej(new Error(`closed ${code}`)); });
  }

  open() { return new Promise((res, rej) => { this.ws.once('open', res); this.ws.once('error', rej); }); }

  req(obj) {
    const id = `b${++ids}`;
    return new Promise((res, rej) => {
      this.wait.set(id, { msgs: [], res, rej });
      this.ws.send(JSON.stringify({ ...obj, id }));
    });
  }
}

// 8192 bytes of words, different each time (no resend is taken for another).
const WORDS = ['go', 'rust', 'service', 'latency', 'kubernetes', 'operator', 'team', 'memory', 'proxy',
  'compile', 'hiring', 'tooling', 'garbage', 'collector', 'async', 'runtime', 'safety', 'and', 'the', 'we'];
function bigText(i) {
  let s = `turn ${i}:`;
  for (let k = i; s.length < SAY_MAX - 12; k = (k * 7 + 3) % 1009) s += ` ${WORDS[k % WORDS.length]}`;
  return s.slice(0, SAY_MAX);
}

// B runs in a process of its own (fork, IPC), so that this process's
// work on A's large message (reading, parsing it) is not counted in B's
// latencies.  On "go" it asks, one at a time, a cheap message and a say in
// turn, until "stop"; then it reports its latencies by kind.
async function probeChild(port) {
  let b = null;
  // a conversation of its own; a new one when that is full
  const fresh = async () => {
    if (b) b.ws.close();
    b = new Client(port);
    await b.open();
    await b.req({ type: 'hello', protocol: 'advisor.v1' });
  };
  await fresh();
  let stopping = false;
  process.on('message', async (m) => {
    if (m === 'go') {
      const lat = { cheap: [], say: [] };
      for (let i = 0; !stopping; i++) {
        const kind = i % 2 === 0 ? 'cheap' : 'say';
        const t = now();
        const ans = await b.req(kind === 'cheap' ? { type: 'nop' } : { type: 'say', text: 'is go faster?' });
        lat[kind].push(now() - t);
        if (ans.some((x) => x.code === 'conversation_full')) await fresh();
        else if (kind === 'say' && ans.some((x) => x.type === 'error')) throw new Error(`B's say: ${JSON.stringify(ans).slice(0, 300)}`);
      }
      process.send(lat);
      stopping = false;
    } else if (m === 'stop') stopping = true;
    else if (m === 'exit') { b.ws.close(); process.exit(0); }
  });
  process.send('ready');
}

class Probe {
  constructor(port) {
    this.child = fork(fileURLToPath(import.meta.url), ['probe', String(port)], { stdio: 'inherit' });
    this.ready = new Promise((res) => this.child.once('message', res));
  }

  // B's latencies while pending is unresolved.
  async during(pending) {
    const got = new Promise((res) => this.child.once('message', res));
    this.child.send('go');
    await pending.catch(() => {});
    this.child.send('stop');
    return got;
  }

  exit() { this.child.send('exit'); }
}

async function main() {
  const d = await startDaemon();
  try {
    const a = new Client(d.port);
    await a.open();
    await a.req({ type: 'hello', protocol: 'advisor.v1' });
    const b = new Probe(d.port);
    await b.ready;
    // fill A: WINDOW says in flight
    const t0 = now();
    let bytes = 0, turns = 0, full = false;
    const WINDOW = 16;
    while (!full && bytes < MB * 1e6) {
      const batch = [];
      for (let k = 0; k < WINDOW; k++) batch.push(a.req({ type: 'say', text: bigText(turns + k) }));
      for (const ans of await Promise.all(batch)) {
        turns++;
        if (ans.some((m) => m.type === 'error' && m.code === 'conversation_full')) full = true;
        else if (ans.some((m) => m.type === 'error')) throw new Error(`A's say: ${JSON.stringify(ans).slice(0, 300)}`);
        bytes += SAY_MAX + 200 + ans.reduce((n, m) => n + JSON.stringify(m).length + 120, 0);
      }
    }
    console.log(`filled A: ${turns} says of ${SAY_MAX} bytes in ${((now() - t0) / 1000).toFixed(1)} s${full ? ' (conversation_full)' : ''}`);
    // B's latency with nothing else going on
    const idle = await b.during(sleep(500));
    console.log(`B alone: nop median ${ms(median(idle.cheap))} max ${ms(Math.max(...idle.cheap))}; say median ${ms(median(idle.say))} max ${ms(Math.max(...idle.say))}`);
    const row = (what, took, size, lat) => console.log(`${what.padEnd(22)} ${ms(took).padStart(10)}  ${(size / 1e6).toFixed(1).padStart(5)} MB   `
      + `B nop: ${String(lat.cheap.length).padStart(4)} answers, median ${ms(median(lat.cheap))}, max ${ms(Math.max(...lat.cheap))};  `
      + `B say: ${String(lat.say.length).padStart(4)} answers, median ${ms(median(lat.say))}, max ${ms(Math.max(...lat.say))}`);
    console.log(`${'request'.padEnd(22)} ${'A waited'.padStart(10)}  message   B during it`);
    const ask = async (what, msg) => {
      const t = now();
      const pending = a.req(msg);
      const lat = await b.during(pending);
      const ans = await pending;
      const took = now() - t;
      const tr = ans.find((m) => m.type === 'transcript');
      if (!tr) throw new Error(`${what}: ${JSON.stringify(ans).slice(0, 300)}`);
      row(what, took, JSON.stringify(tr).length, lat);
      if (VERBOSE) console.log(`  records ${tr.records}, content ${tr.content?.length ?? 0}, markdown ${tr.markdown?.length ?? 0}`);
    };
    for (let r = 0; r < ROUNDS; r++) await ask(`transcript${FORMAT ? ` (${FORMAT})` : ''} ${r + 1}`, FORMAT ? { type: 'transcript', format: FORMAT } : { type: 'transcript' });
    await ask('end', { type: 'end' });
    a.ws.close(); b.exit();
    if (VERBOSE) console.log(d.log().split('\n').filter((l) => / (warning|error): /.test(l)).slice(-40).join('\n'));
  } finally {
    await d.stop();
  }
}

if (process.argv[2] === 'probe') probeChild(Number(process.argv[3]));
else main().catch((e) => { console.error(e); process.exit(1); });
