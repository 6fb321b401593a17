// SPDX-License-Identifier: ISC
// Helpers for the client tests: a TCP proxy the test can cut or hold (a
// dropped connection, a message lost on the way), and a program driven
// through a pseudo-terminal (util-linux script), as a person would.
import { spawn } from 'node:child_process';
import { createServer, connect as netConnect } from 'node:net';

// A loopback TCP proxy to 127.0.0.1:target (changeable, for a daemon that
// restarts on another port).  hold('up'|'down') keeps bytes of that
// direction instead of forwarding them; cut() drops every connection.
export class Proxy {
  constructor(target) {
    this.target = target;
    this.pairs = new Set();
    this.held = { up: false, down: false };
    this.accepted = 0;
  }

  async start() {
    this.server = createServer((client) => {
      this.accepted++;
      const server = netConnect({ host: '127.0.0.1', port: this.target });
      const pair = { client, server, up: [], down: [] };
      this.pairs.add(pair);
      const end = () => {
        client.destroy();
        server.destroy();
        this.pairs.delete(pair);
      };
      client.on('data', (d) => { if (this.held.up) pair.up.push(d); else server.write(d); });
      server.on('data', (d) => { if (this.held.down) pair.down.push(d); else client.write(d); });
      client.on('error', end);
      server.on('error', end);
      client.on('close', end);
      server.on('close', end);
    });
    await new Promise((res) => this.server.listen(0, '127.0.0.1', res));
    this.port = this.server.address().port;
    return this;
  }

  get wsUrl() { return `ws://127.0.0.1:${this.port}/ws`; }

  hold(dir, on = true) { this.held[dir] = on; }

  heldBytes(dir) {
    let n = 0;
    for (const p of this.pairs) for (const b of p[dir]) n += b.length;
    return n;
  }

  // Drop every connection; held bytes are lost with them.
  cut() {
    for (const p of this.pairs) {
      p.client.destroy();
      p.server.destroy();
    }
    this.pairs.clear();
    this.held = { up: false, down: false };
  }

  async stop() {
    this.cut();
    await new Promise((res) => this.server.close(res));
  }
}

function shellQuote(s) {
  return `'${String(s).replace(/'/g, "'\\''")}'`;
}

// A command run on a pseudo-terminal: write lines to it, wait for output.
export class Pty {
  constructor(argv, env = {}, cwd = undefined) {
    const cmd = argv.map(shellQuote).join(' ');
    this.out = '';
    this.proc = spawn('script', ['-qfec', cmd, '/dev/null'], {
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
      cwd,
    });
    this.exit = new Promise((res) => this.proc.on('exit', (code, signal) => res({ code, signal })));
    this.waiters = [];
    const on = (d) => {
      this.out += d.toString('utf8').replace(/\r/g, '');
      const w = this.waiters;
      this.waiters = [];
      w.forEach((f) => f());
    };
    this.proc.stdout.on('data', on);
    this.proc.stderr.on('data', on);
  }

  // Output with ANSI escapes removed.
  get text() { return this.out.replace(/\x1b\[[0-9;]*m/g, ''); }

  write(line) { this.proc.stdin.write(`${line}\n`); }

  // Wait until pred(text from `from`) holds; returns the text since from.
  async waitFor(pred, { from = 0, timeoutMs = 20000, what = 'output' } = {}) {
    const test = typeof pred === 'function' ? pred
      : (t) => (pred instanceof RegExp ? pred.test(t) : t.includes(pred));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const t = this.text.slice(from);
      if (test(t)) return t;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; output so far:\n${this.text.slice(-3000)}`);
      await new Promise((res) => {
        const timer = setTimeout(res, left);
        this.waiters.push(() => { clearTimeout(timer); res(); });
      });
    }
  }

  // Send a line and wait for the turn it starts to end with a prompt.
  async turn(line, opts = {}) {
    const from = this.text.length;
    this.write(line);
    // the answer, not only the echo of the line and a prompt reprinted
    // before the answer arrived (seen after a reconnect under load)
    const answered = (t) => /\n> $/.test(t) &&
      t.replace(line, '').replace(/[\s>]/g, '').length > 0;
    return this.waitFor(answered, { from, what: `the answer to '${line}'`, ...opts });
  }

  kill(sig = 'SIGTERM') { try { this.proc.kill(sig); } catch { /* gone */ } }
}
