// SPDX-License-Identifier: ISC
// walk_script: instructions per guided-walk answer, counted by callgrind
// on a fixed script (issue 16), so that two builds are compared on the
// same work whatever else the machine is doing.
//
//	node tests/bench/walk_script.mjs
//	env: B=build ADVISORD=$B/advisord CONVS=200 CONNS=20 OUT=dir
//	     VALGRIND=1 (default; 0 runs the daemon bare and prints its user
//	     and system CPU time per answer instead: take CONVS=2000 or more,
//	     the kernel counts in 10 ms ticks)
// It prints the sha256 of every reply the counted answers got, in
// script order: two builds that reply identically print the same one.
//
// The daemon starts on a free loopback port with the default knowledge
// base and a fresh state directory (durability as configured by default),
// under `valgrind --tool=callgrind` with collection zeroed at the start
// of the measured window.  CONNS integration connections each open
// CONVS/CONNS conversations (not counted), then, one turn in flight per
// connection, every conversation answers its pending question with
// `choose` until the walk ends with its verdict (no question left): a
// choice chosen by (conversation number + step) modulo the number of
// choices, so every run takes the same path.  The same walks run once
// before, uncounted (warm-up: caches made once per knowledge base).  The window is dumped, the
// conversations are ended (not counted), and the script prints the
// instructions counted, the answers sent and their ratio, and the
// callgrind file for callgrind_annotate --inclusive=yes.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { join, resolve, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BUILD = resolve(ROOT, process.env.B || 'build');
const ADVISORD = process.env.ADVISORD || join(BUILD, 'advisord');
const CONVS = Number(process.env.CONVS || 200);
const CONNS = Number(process.env.CONNS || 20);
const VALGRIND = process.env.VALGRIND !== '0';
const OUT = process.env.OUT || mkdtempSync(join(tmpdir(), 'walk-cg-'));
const SECRET = 'walk-script-0123456789abcdef0123';
const MAX_STEPS = 64; // a walk is about 9 questions; bound a runaway

// The daemon's user and system CPU time so far, in seconds (/proc).
function cpuTimes(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const v = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return [Number(v[11]) / 100, Number(v[12]) / 100]; // utime, stime at 100 Hz
}

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); });
    s.on('error', rej);
  });
}

async function waitHealthy(port, child) {
  for (let i = 0; i < 1200; i++) {
    if (child.exitCode !== null) throw new Error('daemon exited');
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.ok) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('daemon did not start');
}

// One integration connection: send a message, collect the turn's
// messages up to the one with done.
class Conn {
  constructor(port) {
    this.ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers: { Authorization: `Bearer ${SECRET}` } });
    this.waiter = null;
    this.got = [];
    this.ws.on('message', (data) => {
      const m = JSON.parse(data.toString());
      this.got.push(m);
      if (m.done && this.waiter) { const w = this.waiter; this.waiter = null; const g = this.got; this.got = []; w(g); }
    });
  }
  closed() {
    // a turn left waiting when the daemon goes away would end node silently
    this.ws.on('close', () => {
      if (this.waiter) { console.error('walk: the connection closed mid-turn (did the daemon die?)'); process.exit(1); }
    });
  }
  ready() { return new Promise((res, rej) => { this.ws.once('open', res); this.ws.once('error', rej); }); }
  turn(msg) {
    return new Promise((res) => { this.waiter = res; this.ws.send(JSON.stringify(msg)); });
  }
}

function pending(msgs) {
  for (let i = msgs.length - 1; i >= 0; i--) if (msgs[i].type === 'question') return msgs[i];
  return null;
}

async function main() {
  const port = await freePort();
  const state = mkdtempSync(join(tmpdir(), 'walk-state-'));
  const args = ['--listen', `127.0.0.1:${port}`, '--state-dir', state,
    '--api-key', `bench:${SECRET}`, '--rate-connection', '1000000',
    '--rate-connection-burst', '1000000', '--rate-conversation', '1000000',
    '--rate-conversation-burst', '1000000', '--max-conversations-per-connection', '100000',
    '--max-connections-per-ip', '1000'];
  const cgOut = join(OUT, 'callgrind.out.walk');
  const child = VALGRIND
    ? spawn('valgrind', ['--tool=callgrind', '--compress-strings=no', `--callgrind-out-file=${cgOut}`, ADVISORD, ...args], { stdio: 'ignore' })
    : spawn(ADVISORD, args, { stdio: 'ignore' });
  try {
    await waitHealthy(port, child);
    const conns = [];
    for (let i = 0; i < CONNS; i++) { const c = new Conn(port); await c.ready(); c.closed(); conns.push(c); }
    let id = 0;
    for (const c of conns) await c.turn({ type: 'hello', id: `h${id++}`, protocol: 'advisor.v1', client: 'walk-script' });
    // open every conversation of a pass (outside the window)
    const open = async (prefix) => {
      const convs = [];
      for (let k = 0; k < CONVS; k++) {
        const c = conns[k % CONNS];
        const name = `${prefix}:${k}`;
        const msgs = await c.turn({ type: 'open', id: `o${id++}`, conversation: name });
        convs.push({ k, c, name, q: pending(msgs), step: 0, replies: [] });
      }
      return convs;
    };
    // each connection runs its conversations' walks one turn at a time
    const walk = async (convs) => {
      let n = 0;
      await Promise.all(conns.map(async (c) => {
        const mine = convs.filter((v) => v.c === c);
        for (const v of mine) {
          while (v.q && v.step < MAX_STEPS) {
            const ch = v.q.choices[(v.k + v.step) % v.q.choices.length];
            const msgs = await c.turn({ type: 'choose', id: `c${v.k}-${v.step}`, conversation: v.name, question: v.q.question, choice: ch.id });
            n++;
            v.step++;
            for (const m of msgs) v.replies.push(m);
            v.q = pending(msgs);
          }
        }
      }));
      return n;
    };
    const end = async (convs) => {
      for (const v of convs) await v.c.turn({ type: 'end', id: `e${id++}`, conversation: v.name });
    };
    // a first pass of the same walks, not counted: what the daemon
    // makes once and keeps (rendered pieces of the knowledge base, pools)
    // is made there, so the window counts a turn's own work
    const warm = await open('warm');
    await walk(warm);
    await end(warm);
    const convs = await open('walk');
    if (VALGRIND) execFileSync('callgrind_control', ['-z', String(child.pid)], { stdio: 'ignore' });
    const t0 = cpuTimes(child.pid);
    const answers = await walk(convs);
    const t1 = cpuTimes(child.pid);
    if (VALGRIND) execFileSync('callgrind_control', ['-d', String(child.pid)], { stdio: 'ignore' });
    await end(convs);
    for (const c of conns) c.ws.close();
    const verdicts = convs.filter((v) => v.replies.some((m) => m.type === 'recommendation' && !m.quick)).length;
    const h = createHash('sha256');
    for (const v of convs) for (const m of v.replies) h.update(JSON.stringify(m) + '\n');
    let line = `walk: ${answers} answers in ${CONVS} conversations, ${verdicts} verdicts, replies sha256 ${h.digest('hex').slice(0, 16)}`;
    if (!VALGRIND) {
      const us = (t1[0] - t0[0]) * 1e6 / answers, sy = (t1[1] - t0[1]) * 1e6 / answers;
      line += `; daemon CPU per answer ${(us + sy).toFixed(1)} µs (user ${us.toFixed(1)}, system ${sy.toFixed(1)}; 10 ms ticks)`;
    }
    if (VALGRIND) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      const f = readdirSync(OUT).filter((n) => n.startsWith('callgrind.out.walk.')).sort().pop();
      const txt = execFileSync('callgrind_annotate', [join(OUT, f)], { encoding: 'utf8', maxBuffer: 1 << 28 });
      const m = /([\d,]+)\s+\(100\.0%\)\s+PROGRAM TOTALS|([\d,]+)\s+PROGRAM TOTALS/.exec(txt);
      const ir = Number((m[1] || m[2]).replace(/,/g, ''));
      line += `; ${ir} instructions, ${Math.round(ir / answers)} per answer (${join(OUT, f)})`;
    }
    console.log(line);
  } finally {
    if (child.exitCode === null) { child.kill('SIGTERM'); await new Promise((r) => child.once('exit', r)); }
    rmSync(state, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
