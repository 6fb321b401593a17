// SPDX-License-Identifier: ISC
// Helpers for black-box tests: start the real daemon on a free loopback
// port, talk to it over HTTP and WebSocket (the npm `ws` package, an
// implementation independent of ours), and stop it by PID.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after } from 'node:test';
import WebSocket from 'ws';
import { clientError, serverError, short } from './schema.mjs';
import { powerEnv } from '../fault/revert.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BUILD = process.env.B ? resolve(ROOT, process.env.B) : join(ROOT, 'build');
export const ADVISORD = join(BUILD, 'advisord');
export const ADVISOR = join(BUILD, 'advisor');

// ADVISORD_WRAPPER: a command the daemon is started under, split at
// white space (no quoting), e.g. "valgrind --tool=memcheck
// --error-exitcode=99" (make soak's memcheck run).  The wrapper must run
// the daemon in its own process (valgrind does; a shell that forks does
// not), since the daemon is stopped by that PID.  ADVISORD_TIME_SCALE
// multiplies the daemon's start and stop patience, and what callers that
// read timeScale wait for a turn (valgrind: 20-50 times slower).
export const WRAPPER = (process.env.ADVISORD_WRAPPER ?? '').split(/\s+/).filter(Boolean);
export const timeScale = Math.max(1, Number(process.env.ADVISORD_TIME_SCALE) || 1);

export function tempDir(prefix = 'advisord-test-') {
  return mkdtempSync(join(tmpdir(), prefix));
}

// Run a command to completion; resolves { code, signal, stdout, stderr }.
export function run(cmd, args, opts = {}) {
  return new Promise((resolveRun, reject) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    if (opts.input !== undefined) child.stdin.end(opts.input);
    else child.stdin.end();
    child.on('close', (code, signal) => resolveRun({ code, signal, stdout, stderr }));
  });
}

// A running daemon.  start() resolves once it logs the address it bound;
// the port is whatever the kernel chose for 127.0.0.1:0.
// Daemons started and not yet exited: a test that fails before it stops
// its own would keep the file's process (and so the suite) waiting on the
// daemon's pipes.  This hook runs before the file's own after() hooks
// (this module registers first), which stop theirs: it only arms an
// unref'd timer, so a file whose daemons are all stopped exits at once,
// and one left running is killed by PID 20 s later.
const liveDaemons = new Set();
after(() => {
  setTimeout(() => { for (const dm of liveDaemons) dm.kill('SIGKILL'); }, 20000).unref();
});

export class Daemon {
  // binary: another advisord (an installed one); stateDir: false leaves
  // the state directory to the daemon (STATE_DIRECTORY in env).
  constructor(args = [], env = {}, { binary = ADVISORD, stateDir = true } = {}) {
    this.args = args;
    this.env = env;
    this.binary = binary;
    this.giveStateDir = stateDir;
    this.log = '';
    this.exited = null;
    this.ownState = false;
  }

  // 30 s: a start is patience (ASan with PostgreSQL at load ~23 on 2
  // cores took over 10 s, pg_takeover); a start that fails exits early
  async start({ timeoutMs = 30000 } = {}) {
    const args = [...this.args];
    if (!args.some((a) => a.startsWith('--listen'))) args.push('--listen', '127.0.0.1:0');
    if (this.giveStateDir && !args.some((a) => a.startsWith('--state-dir'))) {
      this.stateDir = tempDir('advisord-state-');
      this.ownState = true;
      args.push('--state-dir', this.stateDir);
    }
    const [cmd, ...argv] = WRAPPER.length ? [...WRAPPER, this.binary, ...args] : [this.binary, ...args];
    this.proc = spawn(cmd, argv, {
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.pid = this.proc.pid;
    liveDaemons.add(this);
    this.exitPromise = new Promise((res) => {
      this.proc.on('exit', (code, signal) => {
        liveDaemons.delete(this);
        this.exited = { code, signal };
        res(this.exited);
      });
    });
    const onData = (d) => { this.log += d; };
    this.proc.stdout.on('data', onData);
    this.proc.stderr.on('data', onData);
    timeoutMs *= timeScale;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ports = [...this.log.matchAll(/listening on (\[[^\]]+\]|[0-9.]+):(\d+)/g)];
      if (ports.length > 0 && /ready/.test(this.log)) {
        this.addresses = ports.map((m) => ({ host: m[1].replace(/[[\]]/g, ''), port: Number(m[2]) }));
        this.port = this.addresses[0].port;
        this.host = this.addresses[0].host;
        return this;
      }
      if (this.exited) throw new Error(`advisord exited early (${JSON.stringify(this.exited)}):\n${this.log}`);
      if (Date.now() > deadline) {
        this.kill('SIGKILL');
        throw new Error(`advisord did not start in ${timeoutMs} ms:\n${this.log}`);
      }
      await sleep(20);
    }
  }

  // Wait until the log matches re, or the daemon exits, or timeoutMs
  // passes; resolves whether it matched (the caller asserts).  The log is
  // stderr, a pipe of its own: a line can come in after the HTTP or
  // WebSocket answer it goes with, so read it once and it may not be there.
  async waitLog(re, timeoutMs = 15000) {
    const deadline = Date.now() + timeoutMs;
    while (!re.test(this.log)) {
      if (this.exited || Date.now() > deadline) return re.test(this.log);
      await sleep(20);
    }
    return true;
  }

  get url() { return `http://127.0.0.1:${this.port}`; }
  get wsUrl() { return `ws://127.0.0.1:${this.port}/ws`; }

  kill(signal = 'SIGTERM') {
    if (!this.exited && this.pid) process.kill(this.pid, signal);
  }

  // Stop by PID with SIGTERM; resolves the exit status.
  async stop({ timeoutMs = 10000 } = {}) {
    if (!this.exited) {
      this.kill('SIGTERM');
      const t = setTimeout(() => this.kill('SIGKILL'), timeoutMs * timeScale);
      await this.exitPromise;
      clearTimeout(t);
    }
    if (this.ownState) rmSync(this.stateDir, { recursive: true, force: true });
    return this.exited;
  }
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

// Every message any Client receives is checked against the one schema
// (protocol/schema/advisor.v1.json, closed: no undocumented field), and
// every client message the daemon accepted against its client part; a
// mismatch fails the waiting test (next() throws) and, in any case, the
// file (the hook below).
export const schemaFailures = [];
after(() => {
  const f = schemaFailures.splice(0);
  if (f.length > 0) throw new Error(`traffic that does not match protocol/schema/advisor.v1.json:\n${f.join('\n')}`);
});
// Errors a message gets when it did not decode (or was dropped before it
// was decoded): only messages answered otherwise must pass the client schema.
const UNDECODED = ['bad_json', 'not_object', 'missing_field', 'invalid_field', 'unknown_type', 'wrong_protocol',
  'rate_limited', 'shutting_down'];

// Request ids unique across every connection of the process: a replayed
// message keeps the re of the request it answered on the connection before
// (PROTOCOL.md 4.1), and a resent id is answered from the record (9).
let requestCounter = 0;
const requestPrefix = `m${process.pid.toString(36)}x`;

// A WebSocket client that queues what it receives so tests can await the
// next message, or the next one matching a predicate.
export class Client {
  constructor(url, { protocol = 'advisor.v1', headers = {}, origin } = {}) {
    const opts = { headers };
    if (origin) opts.origin = origin;
    this.ws = protocol ? new WebSocket(url, protocol, opts) : new WebSocket(url, opts);
    this.queue = [];
    this.waiters = [];
    this.closed = null;
    this.sent = new Map();	// id -> client message sent, until answered
    this.schemaErrors = [];
    this.ws.on('message', (data, isBinary) => {
      let msg;
      try { msg = JSON.parse(data.toString('utf8')); } catch { msg = { unparsable: data.toString('utf8'), isBinary }; }
      this.#check(msg, isBinary);
      this.queue.push(msg);
      this.#wake();
    });
    this.ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.#wake();
    });
    this.ws.on('error', (err) => { this.error = err; this.#wake(); });
  }

  #fail(why) {
    this.schemaErrors.push(why);
    schemaFailures.push(why);
  }

  // The schema check of one received message, and of the request it answers.
  #check(msg, isBinary) {
    if (isBinary || msg.unparsable !== undefined) {
      this.#fail(`a frame that is not a JSON text message: ${short(msg)}`);
      return;
    }
    const why = serverError(msg);
    if (why) this.#fail(`${why}\n  ${short(msg)}`);
    const req = typeof msg.re === 'string' ? this.sent.get(msg.re) : undefined;
    if (req === undefined || msg.replay) return;
    this.sent.delete(msg.re);
    if (msg.type === 'error' && UNDECODED.includes(msg.code)) return;
    const bad = clientError(req);
    if (bad) this.#fail(`the daemon accepted a client message the schema refuses (${bad}): ${short(req)}`);
  }

  #wake() {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }

  opened() {
    return new Promise((res, rej) => {
      if (this.ws.readyState === WebSocket.OPEN) return res(this);
      this.ws.once('open', () => res(this));
      this.ws.once('error', rej);
      this.ws.once('close', (code) => rej(new Error(`closed before open: ${code}`)));
    });
  }

  send(obj) {
    if (typeof obj === 'string' || Buffer.isBuffer(obj)) this.ws.send(obj);
    else {
      if (obj !== null && typeof obj === 'object' && typeof obj.id === 'string') this.sent.set(obj.id, obj);
      this.ws.send(JSON.stringify(obj));
    }
  }

  // Send a message with a fresh id; returns the id.
  request(obj) {
    const id = obj.id ?? `${requestPrefix}${++requestCounter}`;
    this.send({ ...obj, id });
    return id;
  }

  async next(pred = () => true, timeoutMs = 5000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.schemaErrors.length > 0) throw new Error(`a message does not match protocol/schema/advisor.v1.json: ${this.schemaErrors[0]}`);
      const i = this.queue.findIndex(pred);
      if (i >= 0) return this.queue.splice(i, 1)[0];
      if (this.closed) throw new Error(`connection closed (${this.closed.code} ${this.closed.reason}) while waiting`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for a message; queue: ${JSON.stringify(this.queue).slice(0, 2000)}`);
      await new Promise((res) => {
        const t = setTimeout(res, left);
        this.waiters.push(() => { clearTimeout(t); res(); });
      });
    }
  }

  // Every message answering request id, up to and including the one with done.
  async turn(id, timeoutMs = 5000) {
    const out = [];
    for (;;) {
      const m = await this.next((x) => x.re === id, timeoutMs);
      out.push(m);
      if (m.done) return out;
    }
  }

  async waitClose(timeoutMs = 5000) {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('timed out waiting for close');
      await new Promise((res) => {
        const t = setTimeout(res, 50);
        this.waiters.push(() => { clearTimeout(t); res(); });
      });
    }
    return this.closed;
  }

  close() { try { this.ws.close(); } catch { /* already closed */ } }
  terminate() { try { this.ws.terminate(); } catch { /* already closed */ } }
}

export async function connect(url, opts) {
  const c = new Client(url, opts);
  await c.opened();
  return c;
}

// A conversation helper over one client: answers and waits for turns.
export class Conv {
  constructor(client, conversation) {
    this.c = client;
    this.conversation = conversation;
  }

  async send(msg, timeoutMs = 5000) {
    const body = { ...msg };
    if (this.conversation) body.conversation = this.conversation;
    const id = this.c.request(body);
    return this.c.turn(id, timeoutMs);
  }

  say(text) { return this.send({ type: 'say', text }); }
  choose(question, choice) { return this.send({ type: 'choose', question, choice }); }
  command(command, extra = {}) { return this.send({ type: 'command', command, ...extra }); }
}

// Open a browser-style connection and do the hello turn.
export async function browser(d, opts = {}) {
  const c = await connect(d.wsUrl, opts);
  const id = c.request({ type: 'hello', protocol: 'advisor.v1' });
  // the hello is set-up, not what a test asserts: patience for a loaded CI
  // (8 at once took over 5 s at load 12 on 2 cores, hb12_break)
  const turn = await c.turn(id, 30000);
  const welcome = turn[0];
  return { c, welcome, turn, conv: new Conv(c, null) };
}

// Resume welcome's conversation on daemon d where it was (lastSeq) on a new
// connection, say text, end it and close the connection; returns the end
// turn.  Asserts what a user sees: resumed at lastSeq, the next message
// numbered lastSeq + 1, the end's transcript complete.
export async function resumeAndEnd(d, welcome, lastSeq, text = 'why?') {
  const c = await connect(d.wsUrl);
  c.request({ type: 'hello', resume: { conversation: welcome.conversation, token: welcome.token, last_seq: lastSeq } });
  const resumed = await c.next((m) => m.type === 'resumed' || m.type === 'error');
  assert.equal(resumed.type, 'resumed', JSON.stringify(resumed));
  assert.equal(resumed.last_seq, lastSeq);
  const conv = new Conv(c, null);
  const more = await conv.say(text);
  assert.equal(more[0].seq, lastSeq + 1);
  const end = await conv.send({ type: 'end' });
  assert.equal(end[0].status, 'complete');
  c.close();
  return end;
}

// Says each of texts in one new browser conversation, then asks for the
// summary: { turns (each say's messages), answers (the summary's) }.
export async function sayThenSummary(d, texts) {
  const { c, conv } = await browser(d);
  try {
    const turns = [];
    for (const text of texts) turns.push(await conv.say(text));
    const sum = (await conv.command('summary')).find((m) => m.type === 'summary');
    return { turns, answers: sum.answers };
  } finally { c.close(); }
}

// sayThenSummary() with the summary's answers as { question: choice },
// only the questions with a choice recorded: { turns, got }.
export async function sayThenChoices(d, texts) {
  const { turns, answers } = await sayThenSummary(d, texts);
  return { turns, got: Object.fromEntries(answers.filter((a) => a.choice).map((a) => [a.question, a.choice])) };
}

// The choice recorded for question q in a summary's answers, or null.
export const summaryChoice = (ans, q) => ans.find((a) => a.question === q)?.choice ?? null;

export function last(turn, type) {
  return [...turn].reverse().find((m) => m.type === type);
}

// Raw TCP, for clients no WebSocket library would let us be.
import { connect as netConnect } from 'node:net';
export function rawSocket(port) {
  return new Promise((res, rej) => {
    const s = netConnect({ host: '127.0.0.1', port }, () => res(s));
    s.on('error', rej);
  });
}

export function upgradeRequest(port, { origin, protocol = 'advisor.v1', path = '/ws' } = {}) {
  const lines = [
    `GET ${path} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Version: 13',
  ];
  if (protocol) lines.push(`Sec-WebSocket-Protocol: ${protocol}`);
  if (origin) lines.push(`Origin: ${origin}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

// A raw WebSocket client from address addr (X-Forwarded-For, for a daemon
// with --trusted-proxies 127.0.0.1), upgraded and paused: { s, chunks,
// closed }, chunks holding what came after the 101's headers.  The caller
// reads from there as it pleases (s.read(), or a 'data' listener and
// s.resume()).
export async function upgradedFrom(port, addr) {
  const s = await rawSocket(port);
  const w = { s, chunks: [], closed: false };
  s.on('error', () => {});
  s.on('close', () => { w.closed = true; });
  await new Promise((res) => {
    let head = '';
    const on = (b) => {
      head += b.toString('latin1');
      const k = head.indexOf('\r\n\r\n');
      if (k < 0) return;
      s.off('data', on);
      s.pause();
      if (head.length > k + 4) w.chunks.push(Buffer.from(head.slice(k + 4), 'latin1'));
      res();
    };
    s.on('data', on);
    s.write(upgradeRequest(port).replace('\r\n\r\n', `\r\nX-Forwarded-For: ${addr}\r\n\r\n`));
  });
  return w;
}

// A masked client text frame (RFC 6455) carrying payload.
export function frame(payload, { opcode = 1, fin = true } = {}) {
  const data = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
  const mask = Buffer.from([1, 2, 3, 4]);
  let head;
  if (data.length < 126) head = Buffer.from([(fin ? 0x80 : 0) | opcode, 0x80 | data.length]);
  else if (data.length < 65536) {
    head = Buffer.alloc(4);
    head[0] = (fin ? 0x80 : 0) | opcode; head[1] = 0x80 | 126; head.writeUInt16BE(data.length, 2);
  } else {
    head = Buffer.alloc(10);
    head[0] = (fin ? 0x80 : 0) | opcode; head[1] = 0x80 | 127; head.writeBigUInt64BE(BigInt(data.length), 2);
  }
  const masked = Buffer.alloc(data.length);
  for (let i = 0; i < data.length; i++) masked[i] = data[i] ^ mask[i % 4];
  return Buffer.concat([head, mask, masked]);
}

// What ss says is listening on port: ["127.0.0.1:8080", ...].
export async function listening(port) {
  const r = await run('ss', ['-Hltn', `sport = :${port}`]);
  return r.stdout.trim().split('\n').filter(Boolean).map((l) => l.trim().split(/\s+/)[3]);
}

// Send a raw request; resolves { status, headers, body, raw } of the answer
// (read until the body's Content-Length is in, or the socket closes).
export async function rawRequest(port, lines) {
  const s = await rawSocket(port);
  return new Promise((res, rej) => {
    let buf = Buffer.alloc(0);
    const done = () => {
      const raw = buf.toString('latin1');
      const head = raw.split('\r\n\r\n')[0];
      const [statusLine, ...hs] = head.split('\r\n');
      const headers = Object.fromEntries(hs.map((h) => [h.slice(0, h.indexOf(':')).toLowerCase(), h.slice(h.indexOf(':') + 1).trim()]));
      s.destroy();
      res({ status: Number(statusLine.split(' ')[1]), headers, body: raw.slice(head.length + 4), raw });
    };
    s.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      const raw = buf.toString('latin1');
      const i = raw.indexOf('\r\n\r\n');
      const m = /\r\ncontent-length: *(\d+)/i.exec(raw);
      if (i >= 0 && m && buf.length >= i + 4 + Number(m[1])) done();
      else if (i >= 0 && / 101 /.test(raw.split('\r\n')[0])) done();
    });
    s.on('close', done);
    s.on('error', rej);
    s.write(`${lines.join('\r\n')}\r\n\r\n`);
  });
}

// ---- crash tests (crash.test.mjs, powerloss.test.mjs) ----

export const CRASH_INPUTS = ['What is Pingora?', '1', 'why?', '2', 'What is the Rust salary?', 'back', '3',
  'summary', 'a proxy', 'what would change it', 'restart', 'Java dev building APIs on Kubernetes'];

// One client: hello, then turns until the connection dies.  Records what
// it was answered: request ids whose turn completed, and server seqs seen.
export async function crashClient(d, acked) {
  let c;
  try {
    c = await connect(d.wsUrl);
  } catch {
    return null;
  }
  const me = { name: null, token: null, done: [], seqs: [], lastSeq: 0 };
  c.ws.on('message', () => {});
  try {
    const hello = await c.turn(c.request({ type: 'hello' }), 3000);
    me.name = hello[0].conversation;
    me.token = hello[0].token;
    for (const m of hello) if (m.seq !== undefined) me.seqs.push(m.seq);
    acked.push(me);
    for (let i = 0; ; i++) {
      const id = `r${i}`;
      c.send({ type: 'say', id, text: CRASH_INPUTS[i % CRASH_INPUTS.length] });
      const turn = await c.turn(id, 3000);
      for (const m of turn) if (m.seq !== undefined) me.seqs.push(m.seq);
      // a turn refused before the conversation (rate limit) is not in it
      if (turn.at(-1).seq === undefined) continue;
      me.done.push(id);
      me.lastSeq = turn.at(-1).seq;
    }
  } catch {
    /* the daemon died: expected */
  }
  return me;
}

// The transcript files (ID.json) under dir, by conversation name: their
// text, for the caller to verify (an unreadable header is left out).
export function transcriptsOf(dir) {
  const byConv = new Map();
  if (!existsSync(dir)) return byConv;
  for (const f of readdirSync(dir)) {
    if (!f.endsWith('.json')) continue;
    const content = readFileSync(join(dir, f), 'utf8');
    let header = null;
    try { header = JSON.parse(content.split('\n')[1].replace(/,$/, '')); } catch { /* the caller verifies */ }
    if (header) byConv.set(header.conversation, content);
  }
  return byConv;
}

// ---- break tests (h27-h29, close_reserve, p26_finals and later) ----

// The daemon's log holds no sanitizer report (the suites run under ASan
// and UBSan too): fails the test with the log's tail.
export function assertCleanLog(d) {
  if (/runtime error|AddressSanitizer|LeakSanitizer/.test(d.log)) {
    throw new Error(`a sanitizer report in the daemon's log:\n${d.log.slice(-3000)}`);
  }
}

// The server's frames in buf (RFC 6455 5.2), in order: { fin, rsv,
// masked, opcode, payload }, or { partial } for a frame not all there.
export function parseFrames(buf) {
  const out = [];
  let i = 0;
  while (i + 2 <= buf.length) {
    const b0 = buf[i];
    const b1 = buf[i + 1];
    let len = b1 & 0x7f;
    let h = 2;
    if (len === 126) {
      if (i + 4 > buf.length) break;
      len = buf.readUInt16BE(i + 2); h = 4;
    } else if (len === 127) {
      if (i + 10 > buf.length) break;
      len = Number(buf.readBigUInt64BE(i + 2)); h = 10;
    }
    if (b1 & 0x80) h += 4;	// a server must not mask, but read on
    if (i + h + len > buf.length) {
      out.push({ partial: true });
      break;
    }
    out.push({ fin: (b0 & 0x80) !== 0, rsv: b0 & 0x70, masked: (b1 & 0x80) !== 0, opcode: b0 & 0x0f, payload: buf.subarray(i + h, i + h + len) });
    i += h + len;
  }
  return out;
}

// A frame's payload as JSON, or null.
export const frameJson = (f) => { try { return JSON.parse(f.payload.toString('utf8')); } catch { return null; } };

// A WebSocket client on a raw socket (frames of its own making, frame());
// what the daemon sends is kept whole in .buf, after the 101 head.
// .frames() parses it, .until(pred) waits for a frame matching pred (or
// the close), .closeCode() is the close frame's code or null.
export async function rawWs(port) {
  const s = await rawSocket(port);
  const w = { s, buf: Buffer.alloc(0), head: null, closed: false };
  s.on('data', (d) => {
    w.buf = Buffer.concat([w.buf, d]);
    if (w.head === null) {
      const k = w.buf.indexOf('\r\n\r\n');
      if (k >= 0) {
        w.head = w.buf.subarray(0, k).toString();
        w.buf = w.buf.subarray(k + 4);
      }
    }
  });
  s.on('close', () => { w.closed = true; });
  s.on('error', () => {});
  s.write(upgradeRequest(port));
  for (let i = 0; i < 500 && w.head === null; i++) await sleep(10);
  if (!/^HTTP\/1\.1 101/.test(w.head ?? '')) throw new Error(`the upgrade is not answered 101: ${w.head}`);
  w.frames = () => parseFrames(w.buf);
  w.until = async (pred, ms = 10000) => {
    const end = Date.now() + ms;
    while (Date.now() < end && !w.closed && !w.frames().some(pred)) await sleep(20);
    return w.frames().some(pred);
  };
  w.closeCode = () => {
    const f = w.frames().find((x) => x.opcode === 8);
    return f && f.payload.length >= 2 ? f.payload.readUInt16BE(0) : null;
  };
  return w;
}

// A daemon on a state directory whose disk fills: every write under it
// fails ENOSPC from the failAt-th on (journal, .part files, transcripts)
// until the file `room` exists (tests/fault/revert.mjs's power harness).
// Resolves { d, w, state, room }; all removed and stopped after t.
export async function fullDiskDaemon(t, prefix, { failAt = 12, args = [], env = {}, untilRoom = true } = {}) {
  const w = tempDir(prefix);
  t.after(() => rmSync(w, { recursive: true, force: true }));
  const state = join(w, 'state');
  const room = join(w, 'room');
  mkdirSync(state);
  mkdirSync(join(w, 'grave'));
  const fail = { PF_FAIL: `write:${failAt}+:ENOSPC`, ...(untilRoom ? { PF_FAIL_UNTIL: room } : {}), ...env };
  const d = await new Daemon(['--state-dir', state, ...args],
    powerEnv(state, join(w, 'pf.log'), join(w, 'grave'), fail)).start();
  t.after(() => d.stop({ timeoutMs: 5000 }));
  return { d, w, state, room };
}

// Turns on c (its hello's answer: first) until one is refused
// storage_failed: whether one was (20 turns at the most).
export async function untilStorageFailed(c, first = []) {
  let failed = first.some((m) => m.type === 'error' && m.code === 'storage_failed');
  for (let i = 0; i < 20 && !failed; i++) {
    const turn = await c.turn(c.request({ type: 'say', text: ['What is Pingora?', '1', 'why?', '2'][i % 4] }));
    failed = turn.some((m) => m.type === 'error' && m.code === 'storage_failed');
  }
  return failed;
}

// n browser conversations, each spoken in before the disk fills (it must
// not fail yet), then turns on each until every one is refused
// storage_failed (the connection then dropped): how many were.
export async function failConversations(d, n) {
  const convs = [];
  for (let i = 0; i < n; i++) {
    const c = await connect(d.wsUrl);
    const hello = await c.turn(c.request({ type: 'hello' }));
    // a user message first: one nobody spoke in is not worth a close mark
    const turn = await c.turn(c.request({ type: 'say', text: 'What is Pingora?' }));
    if ([...hello, ...turn].some((m) => m.code === 'storage_failed')) throw new Error(`conversation ${i} failed before the disk filled`);
    convs.push(c);
  }
  let refused = 0;
  for (let round = 0; round < 40 && convs.length > 0; round++) {
    for (const c of [...convs]) {
      const turn = await c.turn(c.request({ type: 'say', text: 'why?' }));
      if (turn.some((m) => m.code === 'storage_failed')) {
        refused++;
        c.terminate();
        convs.splice(convs.indexOf(c), 1);
      }
    }
  }
  for (const c of convs) c.terminate();
  return refused;
}

// A say text of max bytes (PROTOCOL.md 10.1: 8192, the longest) of
// words, different for each i: for filling a conversation's records.
export function bigText(i, max = 8192) {
  const words = ['go', 'rust', 'service', 'latency', 'operator', 'team', 'memory', 'proxy', 'and', 'we'];
  let s = `turn ${i}:`;
  for (let k = i; s.length < max - 12; k = (k * 7 + 3) % 1009) s += ` ${words[k % words.length]}`;
  return s.slice(0, max);
}

// The value of the first /metrics line of daemon d that re (one group:
// the number) matches, or NaN.
export async function metric(d, re) {
  const m = (await (await fetch(`${d.url}/metrics`)).text()).match(re);
  return m ? Number(m[1]) : NaN;
}

// A `transcript` message tr from daemon d verifies with both tools
// (minisign -V, advisor verify) against d's /pubkey, as a user would
// check it: its content and minisig written to files in a temp directory.
export async function verifyTranscriptMessage(d, tr, prefix = 'transcript-msg-') {
  const w = tempDir(prefix);
  const pub = join(w, 'pub');
  writeFileSync(pub, await (await fetch(`${d.url}/pubkey`)).text());
  const f = join(w, 'got.json');
  writeFileSync(f, tr.content);
  writeFileSync(`${f}.minisig`, tr.minisig);
  const m = await run('minisign', ['-Vm', f, '-p', pub]);
  assert.equal(m.code, 0, m.stderr);
  const a = await run(ADVISOR, ['verify', f, '-p', pub]);
  assert.equal(a.code, 0, a.stdout + a.stderr);
}

// Every stored transcript in STATE/transcripts verifies with both tools
// (advisor verify, minisign -V) against public key file pub; returns them
// by conversation name: { file, doc (the parsed transcript), sig }.
export async function verifyTranscripts(state, pub) {
  const dir = join(state, 'transcripts');
  const out = new Map();
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) {
    const p = join(dir, f);
    const v = await run(ADVISOR, ['verify', p, '-p', pub]);
    assert.equal(v.code, 0, `${f}: ${v.stdout}${v.stderr}`);
    const m = await run('minisign', ['-Vm', p, '-p', pub]);
    assert.equal(m.code, 0, `${f}: ${m.stderr}`);
    const doc = JSON.parse(readFileSync(p, 'utf8'));
    out.set(doc.records[0].conversation, { file: f, doc, sig: readFileSync(`${p}.minisig`, 'utf8') });
  }
  return out;
}

// A free TCP port on 127.0.0.1 (closed again before it is returned).
export function freePort() {
  return new Promise((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)); });
  });
}

// A process whose output we watch, stopped by PID.
export class Proc {
  constructor(cmd, args, env = {}) {
    this.log = '';
    this.proc = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.exited = new Promise((res) => this.proc.on('exit', (code, signal) => res({ code, signal })));
    const on = (d) => { this.log += d; };
    this.proc.stdout.on('data', on);
    this.proc.stderr.on('data', on);
  }

  async waitLog(re, from = 0, timeoutMs = 20000) {
    const deadline = Date.now() + timeoutMs;
    while (!re.test(this.log.slice(from))) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${re} in:\n${this.log.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async stop(sig = 'SIGTERM') {
    try { process.kill(this.proc.pid, sig); } catch { /* gone */ }
    return this.exited;
  }
}

// A daemon for probing replies (the hostile reviews' break tests): no
// disk sync and rates high enough for many conversations; the binary
// is $B's when set (ADVISORD); stopped after test t.
export async function probeDaemon(t) {
  const d = await new Daemon(['--sync', 'off', '--rate-conversation', '100', '--rate-conversation-burst', '100']).start();
  t.after(() => d.stop());
  return d;
}
