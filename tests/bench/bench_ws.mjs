// SPDX-License-Identifier: ISC
// bench_ws: does advisord's message throughput hold up while it holds
// 10,000 idle WebSocket connections?  (Measured on this machine, the
// default lws poll loop falls from about 160k to 17k echo messages/s with
// 10,000 idle connections; the daemon runs lws on libev to avoid that.)
//
// Two copies of the real daemon ($B/advisord, B=build by default), each on
// a free loopback port with the default knowledge base and its own state
// directory under $B, with the per-address, per-connection and
// per-conversation limits lifted.  Daemon 2 also holds IDLE idle
// connections (handshake done, nothing sent; `ws` answers the daemon's
// pings).  Both are measured in the same run, round after round, back to
// back in alternating order, so that whatever else the two shared cores
// are doing hits both alike.
//
// Each round, CONNS integration connections pipeline requests to one
// daemon, WINDOW in flight on each, for SECONDS, and count finished turns
// (the message with "done": true, PROTOCOL.md 4.3).  Two messages:
//
//	loop+codec	{"type":"nop"} -> error unknown_type: one small reply;
//			the loop, lws and the codec, no engine, no transcript
//	engine turn	say "is go faster?" -> answer + question: the engine,
//			the transcript records, the replay ring
//
// Reported: turns/s (medians of ROUNDS rounds), the ratio idle/baseline
// (median of the back-to-back pairs), the daemon's CPU time per turn, the
// CPU used per round by the daemon, this process, the kernel's softirq
// (loopback TCP) and everything else on the machine (to say what was the
// bottleneck), and daemon 2's RSS before and after opening the idle
// connections.  No pass/fail: the exit status is non-zero only when the
// benchmark could not run (or a daemon died).  IDLE=0 runs the same
// comparison between two identical daemons: its ratios show the noise of
// the method on this machine.
//
// The load generators speak RFC 6455 on raw sockets (prebuilt frames, a
// byte scan for "done":true) so that they cost the client less than the
// daemon; `ws` holds the idle connections.
//
//	node tests/bench/bench_ws.mjs
//	env: B=build ROUNDS=9 SECONDS=1.5 CONNS=4 WINDOW=64 IDLE=10000
//	     BATCH=500 SYNC=(daemon default) VERBOSE=1 (every round)
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BUILD = resolve(ROOT, process.env.B || 'build');
const ADVISORD = join(BUILD, 'advisord');

function envNum(name, def, min, max, integer = true) {
  const v = process.env[name] === undefined || process.env[name] === '' ? def : Number(process.env[name]);
  if (!(v >= min && v <= max) || (integer && !Number.isInteger(v))) {
    throw new Error(`${name} must be ${integer ? 'an integer' : 'a number'} in ${min}..${max}`);
  }
  return v;
}

const ROUNDS = envNum('ROUNDS', 9, 1, 100);
const SECONDS = envNum('SECONDS', 1.5, 0.2, 60, false);
const CONNS = envNum('CONNS', 4, 1, 64);
const WINDOW = envNum('WINDOW', 64, 1, 1024);
const IDLE = envNum('IDLE', 10000, 0, 60000);
const BATCH = envNum('BATCH', 500, 1, 10000);
const SYNC = process.env.SYNC || '';		// '': the daemon's default
const VERBOSE = Boolean(process.env.VERBOSE);
const ROTATE = 1000;	// say turns per conversation (a transcript holds 5000 records)
const SECRET = 'bench-ws-0123456789abcdef0123456789';
const CLK_TCK = 100;	// Linux USER_HZ, the unit of /proc/PID/stat and /proc/stat

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (v) => { const s = [...v].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const mib = (kib) => `${(kib / 1024).toFixed(1)} MiB`;

// ---------------------------------------------------------------- daemon

class Daemon {
  constructor(n) {
    this.n = n;
    this.tail = [];		// the log's last lines, for errors
    this.problems = [];		// its warning and error lines
    this.exited = null;
  }

  async start() {
    this.stateDir = mkdtempSync(join(BUILD, 'bench-ws-'));
    const args = [
      '--listen', '127.0.0.1:0', '--state-dir', this.stateDir,
      '--api-key', `bench:${SECRET}`,
      '--max-connections-per-ip', String(IDLE + CONNS + 100),
      '--max-connections', String(Math.max(20000, IDLE + CONNS + 100)),
      '--rate-connection', '1000000', '--rate-connection-burst', '1000000',
      '--rate-conversation', '1000000', '--rate-conversation-burst', '1000000',
      '--max-conversations-per-connection', '100000',
    ];
    if (SYNC) args.push('--sync', SYNC);
    const env = { ...process.env };
    delete env.JOURNAL_STREAM;	// keep the "advisord: LEVEL: " log format
    this.proc = spawn(ADVISORD, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.pid = this.proc.pid;
    this.exitPromise = new Promise((res) => {
      this.proc.on('exit', (code, signal) => { this.exited = { code, signal }; res(this.exited); });
      this.proc.on('error', (err) => { this.exited = { error: err.message }; res(this.exited); });
    });
    let partial = '';
    const onData = (d) => {
      const lines = (partial + d).split('\n');
      partial = lines.pop();
      for (const l of lines) {
        this.tail.push(l);
        if (/^advisord: (warning|error): /.test(l) && this.problems.length < 20) this.problems.push(l);
        const m = /listening on ([0-9.]+):(\d+)/.exec(l);
        if (m) this.port = Number(m[2]);
        if (/ ready: /.test(l)) this.ready = true;
      }
      if (this.tail.length > 400) this.tail.splice(0, this.tail.length - 200);
    };
    this.proc.stdout.on('data', onData);
    this.proc.stderr.on('data', onData);
    const deadline = Date.now() + 15000;
    while (!(this.ready && this.port)) {
      if (this.exited) throw new Error(`${ADVISORD} did not start (${JSON.stringify(this.exited)}):\n${this.tail.join('\n')}`);
      if (Date.now() > deadline) throw new Error(`${ADVISORD} did not start in 15 s:\n${this.tail.join('\n')}`);
      await sleep(20);
    }
  }

  alive() {
    if (this.exited) {
      throw new Error(`advisord ${this.pid} (daemon ${this.n}) died (${JSON.stringify(this.exited)}); its log ends:\n`
        + this.tail.slice(-30).join('\n'));
    }
  }

  // CPU seconds (user + system) so far.
  cpu() {
    if (this.exited) return NaN;
    const st = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
    const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / CLK_TCK;
  }

  rssKiB() {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'));
    return m ? Number(m[1]) : NaN;
  }

  async metric(name) {
    const res = await fetch(`http://127.0.0.1:${this.port}/metrics`);
    const m = new RegExp(`^${name} (\\d+)`, 'm').exec(await res.text());
    return m ? Number(m[1]) : NaN;
  }

  // Stop by PID (SIGTERM; SIGKILL after 15 s) and remove the state dir.
  async stop() {
    if (this.proc && !this.exited) {
      try { process.kill(this.pid, 'SIGTERM'); } catch { /* already gone */ }
      const t = setTimeout(() => { try { process.kill(this.pid, 'SIGKILL'); } catch { /* gone */ } }, 15000);
      await this.exitPromise;
      clearTimeout(t);
    }
    if (this.stateDir) rmSync(this.stateDir, { recursive: true, force: true });
    this.stateDir = null;
    return this.exited;
  }
}

function dirKiB(dir) {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    n += e.isDirectory() ? dirKiB(p) : statSync(p).size / 1024;
  }
  return n;
}

// ------------------------------------------------ raw RFC 6455 load client

// A masked client frame; the masking key is zero, so the payload goes as
// it is (RFC 6455 5.3 allows any key).
function frame(data, opcode = 1) {
  const p = Buffer.isBuffer(data) ? data : Buffer.from(data);
  let head;
  if (p.length < 126) head = Buffer.from([0x80 | opcode, 0x80 | p.length, 0, 0, 0, 0]);
  else if (p.length < 65536) {
    head = Buffer.alloc(8);
    head[0] = 0x80 | opcode; head[1] = 0x80 | 126; head.writeUInt16BE(p.length, 2);
  } else throw new Error('frame too large');
  return Buffer.concat([head, p]);
}

const DONE = Buffer.from('"done":true');
const OPEN_RE = Buffer.from('"re":"o');
const KINDS = {
  cheap: { label: 'loop+codec (nop -> error unknown_type)', expect: Buffer.from('"code":"unknown_type"') },
  engine: { label: 'engine turn (say -> answer + question)', expect: Buffer.from('"type":"question"') },
};

class LoadConn {
  constructor(port, index) {
    this.port = port;
    this.index = index;
    this.buf = Buffer.alloc(0);
    this.msgParts = [];
    this.nconv = 0;
    this.sending = false;
    this.inflight = 0;
    this.refill = 0;
    this.refillQueued = false;
    this.count = 0;		// finished turns this round
    this.unexpected = 0;	// of them, ended by another message than expected
    this.sample = null;
    this.onTurn = null;
  }

  open() {
    return new Promise((res, rej) => {
      const s = netConnect({ host: '127.0.0.1', port: this.port });
      this.sock = s;
      s.setNoDelay(true);
      let head = Buffer.alloc(0);
      const onHead = (d) => {
        head = Buffer.concat([head, d]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        s.off('data', onHead);
        const status = head.subarray(0, end).toString('latin1').split('\r\n')[0];
        if (!/^HTTP\/1\.1 101/.test(status)) { rej(new Error(`upgrade refused: ${status}`)); return; }
        s.on('data', (x) => this.onData(x));
        res(this);
        if (head.length > end + 4) this.onData(head.subarray(end + 4));
      };
      s.on('data', onHead);
      s.on('error', (e) => { this.error = e; rej(e); });
      s.on('close', () => { this.closed = true; rej(new Error('closed during the upgrade')); });
      s.write([
        'GET /ws HTTP/1.1', `Host: 127.0.0.1:${this.port}`, 'Upgrade: websocket',
        'Connection: Upgrade', 'Sec-WebSocket-Key: YWR2aXNvcmQtYmVuY2gtd3M=',
        'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Protocol: advisor.v1',
        `Authorization: Bearer ${SECRET}`, '', ''].join('\r\n'));
    });
  }

  // Send one message and wait for its turn to end (setup only).
  request(text) {
    return new Promise((res, rej) => {
      const t = setTimeout(() => rej(new Error(`no answer to ${text}`)), 10000);
      this.onTurn = (payload) => { clearTimeout(t); this.onTurn = null; res(payload.toString()); };
      this.sock.write(frame(text));
    });
  }

  async hello() {
    const w = await this.request('{"type":"hello","id":"h","protocol":"advisor.v1","client":"bench_ws"}');
    if (!/"type":"welcome"/.test(w) || !/"integration":true/.test(w)) throw new Error(`unexpected answer to hello: ${w.slice(0, 300)}`);
  }

  // A new conversation: returns its open message; says go to it from now on.
  nextConversation() {
    this.nconv++;
    this.sayCount = 0;
    const name = `bench-${this.index}-${this.nconv}`;
    this.reqFrame = frame(`{"type":"say","id":"s","conversation":"${name}","text":"is go faster?"}`);
    this.reqBatch = null;
    return `{"type":"open","id":"o${this.nconv}","conversation":"${name}"}`;
  }

  async prepare(kind) {
    this.kind = kind;
    this.reqBatch = null;
    if (kind === 'cheap') {
      this.reqFrame = frame('{"type":"nop","id":"e"}');
    } else {
      const q = await this.request(this.nextConversation());
      if (!/"type":"question"/.test(q)) throw new Error(`unexpected answer to open: ${q.slice(0, 300)}`);
    }
  }

  // n request frames as one buffer.  Say turns move to a new conversation
  // (an open, pipelined, not counted) every ROTATE turns, long before the
  // transcript is full.
  frames(n) {
    if (this.kind === 'cheap') {
      if (!this.reqBatch || this.reqBatch.length < n * this.reqFrame.length) {
        this.reqBatch = Buffer.concat(Array(Math.max(n, WINDOW)).fill(this.reqFrame));
      }
      return this.reqBatch.subarray(0, n * this.reqFrame.length);
    }
    const parts = [];
    while (n > 0) {
      if (this.sayCount >= ROTATE) {
        parts.push(frame(this.nextConversation()));
        this.inflight++;
      }
      const k = Math.min(n, ROTATE - this.sayCount);
      parts.push(Buffer.concat(Array(k).fill(this.reqFrame)));
      this.sayCount += k;
      n -= k;
    }
    return parts.length === 1 ? parts[0] : Buffer.concat(parts);
  }

  // Start a round: fill the window.
  go() {
    this.count = 0;
    this.unexpected = 0;
    this.sending = true;
    this.inflight += WINDOW;
    this.sock.write(this.frames(WINDOW));
  }

  stop() { this.sending = false; this.refill = 0; }

  onData(d) {
    const b = this.buf.length ? Buffer.concat([this.buf, d]) : d;
    let off = 0;
    let done = 0;
    for (;;) {
      if (b.length - off < 2) break;
      const b0 = b[off], b1 = b[off + 1];
      let len = b1 & 0x7f, hl = 2;
      if (len === 126) { if (b.length - off < 4) break; len = b.readUInt16BE(off + 2); hl = 4; }
      else if (len === 127) { if (b.length - off < 10) break; len = Number(b.readBigUInt64BE(off + 2)); hl = 10; }
      if (b1 & 0x80) hl += 4;	// servers do not mask; skip a key anyway
      if (b.length - off < hl + len) break;
      const payload = b.subarray(off + hl, off + hl + len);
      off += hl + len;
      const op = b0 & 0x0f, fin = b0 & 0x80;
      if (op === 9) { this.sock.write(frame(Buffer.from(payload), 10)); continue; }	// ping
      if (op === 10) continue;	// pong
      if (op === 8) {
        const code = payload.length >= 2 ? payload.readUInt16BE(0) : 0;
        this.error = new Error(`the daemon closed a load connection: ${code} ${payload.subarray(2).toString()}`);
        continue;
      }
      let msg = payload;
      if (!fin || (op === 0 && this.msgParts.length)) {	// fragmented
        this.msgParts.push(Buffer.from(payload));
        if (!fin) continue;
        msg = Buffer.concat(this.msgParts);
        this.msgParts = [];
      }
      if (msg.indexOf(DONE) < 0) continue;
      if (this.onTurn) { this.onTurn(msg); continue; }
      this.inflight--;
      if (this.kind === 'engine' && msg.indexOf(OPEN_RE) >= 0) continue;	// a rotation
      if (msg.indexOf(KINDS[this.kind].expect) < 0) {
        this.unexpected++;
        if (!this.sample) this.sample = msg.toString().slice(0, 300);
      }
      if (this.sending) this.count++;
      done++;
    }
    this.buf = off < b.length ? Buffer.from(b.subarray(off)) : Buffer.alloc(0);
    if (done > 0 && this.sending) {
      // refill the window once per turn of node's loop, not per read
      this.refill += done;
      if (!this.refillQueued) {
        this.refillQueued = true;
        setImmediate(() => {
          this.refillQueued = false;
          const n = this.refill;
          this.refill = 0;
          if (n > 0 && this.sending) {
            this.inflight += n;
            this.sock.write(this.frames(n));
          }
        });
      }
    }
  }

  async drain() {
    const deadline = Date.now() + 30000;
    while (this.inflight > 0) {
      if (this.error) throw this.error;
      if (this.closed) throw new Error('the daemon closed a load connection');
      if (Date.now() > deadline) throw new Error(`load connection ${this.index}: ${this.inflight} turns unanswered after 30 s`);
      await sleep(5);
    }
  }

  close() { if (this.sock) this.sock.destroy(); }
}

async function loadConns(d) {
  const conns = [];
  for (let i = 0; i < CONNS; i++) {
    const c = new LoadConn(d.port, i);
    conns.push(c);
    await c.open();
    await c.hello();
  }
  return conns;
}

// ----------------------------------------------------------------- rounds

// Busy CPU seconds of the whole machine: tasks (user, nice, system, irq,
// steal) and softirq (where the kernel does loopback TCP) apart.
function machineCpu() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return { tasks: (f[0] + f[1] + f[2] + f[5] + f[7]) / CLK_TCK, softirq: f[6] / CLK_TCK };
}

// One round of SECONDS on x.d while y.d rests: turns/s, and in cores
// (1.0 = one core all the time) the CPU of x.d, of this process, of the
// kernel's softirq, of the resting daemon and of everything else.
async function round(x, y, kind) {
  const c0 = x.d.cpu(), r0 = y.d.cpu(), u0 = process.cpuUsage(), m0 = machineCpu();
  const t0 = performance.now();
  for (const c of x.conns) c.go();
  await sleep(SECONDS * 1000);
  for (const c of x.conns) c.stop();
  const wall = (performance.now() - t0) / 1000;
  const c1 = x.d.cpu(), r1 = y.d.cpu(), u1 = process.cpuUsage(u0), m1 = machineCpu();
  let count = 0, unexpected = 0;
  for (const c of x.conns) {
    count += c.count;
    unexpected += c.unexpected;
  }
  for (const c of x.conns) await c.drain();
  x.d.alive();
  y.d.alive();
  for (const c of x.conns) if (c.error) throw c.error;
  x.inRounds += c1 - c0;
  const daemon = (c1 - c0) / wall, client = (u1.user + u1.system) / 1e6 / wall, resting = (r1 - r0) / wall;
  return {
    rate: count / wall,
    unexpected,
    usPerTurn: count > 0 ? (c1 - c0) * 1e6 / count : NaN,
    daemon,
    client,
    resting,
    softirq: (m1.softirq - m0.softirq) / wall,
    others: Math.max(0, (m1.tasks - m0.tasks) / wall - daemon - client - resting),
  };
}

function summary(v) {
  const rates = v.map((x) => x.rate);
  const med = (k) => median(v.map((x) => x[k]));
  return {
    rate: median(rates),
    min: Math.min(...rates),
    max: Math.max(...rates),
    usPerTurn: med('usPerTurn'),
    daemon: med('daemon'),
    client: med('client'),
    softirq: med('softirq'),
    others: med('others'),
    unexpected: v.reduce((a, x) => a + x.unexpected, 0),
  };
}

const fmtRate = (x) => `${Math.round(x)}`.padStart(7);
const cores = (x) => x.toFixed(2);

function bottleneck(r) {
  if (r.daemon >= 0.9) return 'the daemon is CPU-bound';
  if (r.client >= 0.9) return 'the client is CPU-bound';
  if (r.daemon + r.client + r.softirq + r.others >= 1.8) {
    return r.others >= 0.2 ? 'both cores busy, other processes among them' : 'both cores busy';
  }
  return 'not CPU-bound';
}

function report(title, sums, conns) {
  console.log(`  ${title}:`);
  for (const kind of ['cheap', 'engine']) {
    const r = sums[kind];
    console.log(`    ${KINDS[kind].label.padEnd(40)} ${fmtRate(r.rate)} turns/s  (rounds ${Math.round(r.min)}..${Math.round(r.max)}; `
      + `daemon ${r.usPerTurn.toFixed(1)} us CPU/turn; cores: daemon ${cores(r.daemon)}, client ${cores(r.client)}, `
      + `softirq ${cores(r.softirq)}, other processes ${cores(r.others)}: ${bottleneck(r)})`);
    if (r.unexpected > 0) {
      const sample = conns.map((c) => c.sample).find(Boolean);
      console.log(`    WARNING: ${r.unexpected} turns ended with an unexpected message, e.g. ${sample}`);
    }
  }
}

// ------------------------------------------------------ idle connections

// n idle WebSocket connections, opened BATCH at a time so that none waits
// long enough to meet the handshake timeout.
async function openIdle(port, n, sockets) {
  let firstError = null;
  for (let i = 0; i < n; i += BATCH) {
    const batch = [];
    for (let j = i; j < Math.min(n, i + BATCH); j++) {
      batch.push(new Promise((res) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, 'advisor.v1', { perMessageDeflate: false });
        ws.on('error', (e) => { if (!firstError) firstError = e.message; });
        ws.once('open', () => { sockets.push(ws); res(); });
        ws.once('close', () => res());
        ws.once('unexpected-response', (req, r) => { if (!firstError) firstError = `HTTP ${r.statusCode}`; res(); });
      }));
    }
    await Promise.all(batch);
  }
  return firstError;
}

async function closeIdle(sockets) {
  await Promise.all(sockets.map((ws) => new Promise((res) => {
    if (ws.readyState === WebSocket.CLOSED) { res(); return; }
    const t = setTimeout(() => { ws.terminate(); res(); }, 10000);
    ws.once('close', () => { clearTimeout(t); res(); });
    ws.close(1000);
  })));
}

// ------------------------------------------------------------------- main

const base = { name: 'baseline', d: new Daemon(1), conns: [], inRounds: 0 };
const idle = { name: 'idle', d: new Daemon(2), conns: [], inRounds: 0 };
const both = [base, idle];
const idleSockets = [];

async function cleanup() {
  for (const ws of idleSockets) ws.terminate();
  idleSockets.length = 0;
  for (const x of both) for (const c of x.conns) c.close();
  const ends = [];
  for (const x of both) {
    const st = await x.d.stop();
    if (st && st.signal && st.signal !== 'SIGTERM') ends.push(`advisord ${x.d.pid} (daemon ${x.d.n}) ended by ${st.signal}`);
    else if (st && st.code) ends.push(`advisord ${x.d.pid} (daemon ${x.d.n}) exited with status ${st.code}`);
  }
  return ends;
}

let interrupted = false;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (interrupted) return;
    interrupted = true;
    console.error(`bench_ws: ${sig}; stopping the daemons`);
    cleanup().finally(() => process.exit(1));
  });
}

async function main() {
  const t0 = Date.now();
  if (!existsSync(ADVISORD)) throw new Error(`${ADVISORD} not found; build it first (make all)`);
  for (const x of both) await x.d.start();
  for (const x of both) x.conns = await loadConns(x.d);
  const sync = SYNC || /sync (\w+)\)/.exec(base.d.tail.join('\n'))?.[1] || 'default';
  console.log(`websocket benchmark: advisord on libev, with and without ${IDLE} idle connections `
    + `(two daemons on 127.0.0.1, default knowledge base, sync ${sync}; ${CONNS} integration connections x ${WINDOW} turns in flight; `
    + `${ROUNDS} rounds of ${SECONDS} s per daemon and message, back to back; medians)`);

  // warm up both: caches, the allocator, the state directory
  for (const kind of ['cheap', 'engine']) {
    for (const [x, y] of [[base, idle], [idle, base]]) {
      for (const c of x.conns) await c.prepare(kind);
      await round(x, y, kind);
    }
  }

  const rss0 = idle.d.rssKiB();
  const to = performance.now();
  const openError = await openIdle(idle.d.port, IDLE, idleSockets);
  const openSecs = (performance.now() - to) / 1000;
  await sleep(1000);
  idle.d.alive();
  const rss1 = idle.d.rssKiB();
  const held = await idle.d.metric('advisord_connections');
  const nidle = idleSockets.length;
  if (nidle < IDLE) console.log(`  WARNING: ${IDLE - nidle} of ${IDLE} idle connections did not open (${openError})`);
  let dropped = 0;
  for (const ws of idleSockets) ws.once('close', () => { dropped++; });

  // the rounds: both daemons back to back, the order alternating
  const res = { baseline: { cheap: [], engine: [] }, idle: { cheap: [], engine: [] } };
  const pairs = { cheap: [], engine: [] };
  const tr = performance.now();
  const cpu0 = both.map((x) => { x.inRounds = 0; return x.d.cpu(); });
  for (let r = 0; r < ROUNDS; r++) {
    for (const kind of ['cheap', 'engine']) {
      const order = (r + (kind === 'engine' ? 1 : 0)) % 2 === 0 ? [base, idle] : [idle, base];
      const got = {};
      for (const x of order) {
        const y = x === base ? idle : base;
        for (const c of x.conns) await c.prepare(kind);
        const g = await round(x, y, kind);
        got[x.name] = g;
        res[x.name][kind].push(g);
        if (VERBOSE) {
          console.log(`    round ${r + 1} ${x.name.padEnd(8)} ${kind.padEnd(6)} ${fmtRate(g.rate)}/s  ${g.usPerTurn.toFixed(1)} us/turn  `
            + `cores: daemon ${cores(g.daemon)} client ${cores(g.client)} softirq ${cores(g.softirq)} `
            + `resting daemon ${cores(g.resting)} others ${cores(g.others)}  t=${((Date.now() - t0) / 1000).toFixed(1)} s`);
        }
      }
      pairs[kind].push(got.idle.rate / got.baseline.rate);
    }
  }
  const cpu1 = both.map((x) => x.d.cpu());
  const phase = (performance.now() - tr) / 1000;
  const heldAfter = await idle.d.metric('advisord_connections');

  const sums = {};
  for (const x of both) sums[x.name] = { cheap: summary(res[x.name].cheap), engine: summary(res[x.name].engine) };
  report('daemon 1, no idle connections (baseline)', sums.baseline, base.conns);
  report(`daemon 2, ${nidle} idle connections (opened in ${openSecs.toFixed(1)} s; it holds ${held} connections)`, sums.idle, idle.conns);
  const outside = both.map((x, i) => cpu1[i] - cpu0[i] - x.inRounds);
  console.log(`  daemon CPU outside the measured rounds (at rest, draining, setting up; for daemon 2 also pinging its idle `
    + `connections): daemon 1 ${outside[0].toFixed(2)} s, daemon 2 ${outside[1].toFixed(2)} s, in ${phase.toFixed(0)} s of rounds`);
  if (dropped > 0 || heldAfter !== held) {
    console.log(`  WARNING: ${dropped} idle connections were closed during the rounds; daemon 2 holds ${heldAfter} connections (${held} before)`);
  }

  const stateKiB = both.map((x) => dirKiB(x.d.stateDir));
  const tc = performance.now();
  await closeIdle(idleSockets);
  idleSockets.length = 0;
  const closeSecs = (performance.now() - tc) / 1000;
  await sleep(500);
  idle.d.alive();
  const heldClosed = await idle.d.metric('advisord_connections');
  console.log(`  daemon 2 RSS: ${mib(rss0)} before opening the idle connections, ${mib(rss1)} with them; `
    + `after the rounds and closing them (in ${closeSecs.toFixed(1)} s; it holds ${heldClosed} connections) ${mib(idle.d.rssKiB())}, `
    + `daemon 1 ${mib(base.d.rssKiB())}; state dirs ${stateKiB.map(mib).join(' and ')}`);
  for (const x of both) {
    if (x.d.problems.length > 0) {
      console.log(`  daemon ${x.d.n} logged warnings or errors${x.d.problems.length >= 20 ? ' (the first 20)' : ''}:`);
      for (const l of x.d.problems) console.log(`    ${l}`);
    }
  }
  const ends = await cleanup();
  for (const e of ends) console.log(`  WARNING: ${e}`);
  if (ends.length > 0) process.exitCode = 1;	// a daemon failed to shut down cleanly
  console.log(`  (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  if (nidle > 0) console.log(`  memory per idle connection: ${((rss1 - rss0) / nidle).toFixed(1)} KiB (daemon 2 RSS delta / ${nidle})`);
  for (const kind of ['cheap', 'engine']) {
    const p = pairs[kind];
    console.log(`  ratio ${nidle} idle / baseline, ${KINDS[kind].label}: ${median(p).toFixed(2)}x  `
      + `(median of ${p.length} back-to-back pairs, ${Math.min(...p).toFixed(2)}..${Math.max(...p).toFixed(2)}; `
      + `ratio of medians ${(sums.idle[kind].rate / sums.baseline[kind].rate).toFixed(2)}x; `
      + `daemon CPU per turn ${(sums.idle[kind].usPerTurn / sums.baseline[kind].usPerTurn).toFixed(2)}x)`);
  }
}

main().then(() => process.exit(process.exitCode ?? 0), async (err) => {
  if (interrupted) return;	// the signal handler cleans up and exits
  console.error(`bench_ws: ${err.stack || err}`);
  try {
    for (const e of await cleanup()) console.error(`bench_ws: ${e}`);
  } catch (e2) {
    console.error(`bench_ws: cleaning up: ${e2}`);
  }
  process.exit(1);
});
