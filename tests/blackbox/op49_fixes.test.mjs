// SPDX-License-Identifier: ISC
// Fixes for what the new integrator and operator nu49 found (round 49,
// /tmp/nu49): #2 advisor-irc exits 1 when its API key is refused, #3 a
// restarted advisor-irc resumes a reply after the lines already posted,
// #7 `advisor ask --bogus` names the bad option; and the daemon's side
// (#1 the close reserve, #5 long slash commands, #6 ssl_check).  Each
// test failed on d144a787.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, connect as netConnect } from 'node:net';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADVISOR, BUILD, Daemon, browser, run, tempDir } from './lib.mjs';

const BRIDGE = join(BUILD, 'advisor-irc');
const SECRET = 'op49-bridge-secret-0123456789';
// a first message answered with a long recommendation
const Q3 = "We're a Java shop and need to build custom Kubernetes controllers and admission webhooks.";

function freePort() {
  return new Promise((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)); });
  });
}

// A process whose output we watch, stopped by PID.
class Proc {
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

test('#7: advisor ask --bogus names the option it does not know', async () => {
  const r = await run(ADVISOR, ['ask', '--bogus', 'x']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unrecognized option '--bogus'/);
  assert.match(r.stderr, /usage: advisor ask/);
  const c = await run(ADVISOR, ['chat', '--resume']);
  assert.equal(c.code, 2);
  assert.match(c.stderr, /--resume needs a value/);
  const t = await run(ADVISOR, ['transcript', '--nope', 'x']);
  assert.equal(t.code, 2);
  assert.match(t.stderr, /unrecognized option '--nope'/);
});

test('#2: advisor-irc exits 1 when advisord refuses its API key', async (t) => {
  const dir = tempDir('op49-irc-key-');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const d = await new Daemon(['--api-key', `irc:${SECRET}`]).start();
  t.after(() => d.stop());
  const conf = join(dir, 'bridge.conf');
  writeFileSync(conf, `advisord = ${d.wsUrl}\nstate = ${join(dir, 'state.json')}\n` +
    `server = 127.0.0.1:${await freePort()}\nnick = advisor\n`);
  const p = new Proc(BRIDGE, ['-c', conf], { ADVISOR_API_KEY: 'wrong-key-0123456789abcdef' });
  t.after(() => p.stop('SIGKILL'));
  const r = await Promise.race([p.exited, new Promise((res) => setTimeout(() => res({ timeout: true }), 20000))]);
  assert.ok(!r.timeout, `still running:\n${p.log}`);
  assert.match(p.log, /API key was refused; giving up/);
  assert.equal(r.code, 1, p.log);
});

// An IRC user speaking raw IRC, collecting the bridge's private messages.
class IrcUser {
  constructor(port, nick) {
    this.nick = nick;
    this.raw = [];
    this.msgs = [];
    this.buf = '';
    this.sock = netConnect({ host: '127.0.0.1', port });
    this.sock.on('data', (d) => {
      this.buf += d.toString('utf8');
      let i;
      while ((i = this.buf.indexOf('\r\n')) >= 0) {
        const line = this.buf.slice(0, i);
        this.buf = this.buf.slice(i + 2);
        this.raw.push(line);
        if (line.startsWith('PING')) this.send(`PONG ${line.slice(5)}`);
        const m = line.match(/^:([^! ]+)![^ ]* PRIVMSG ([^ ]+) :(.*)$/);
        if (m) this.msgs.push({ from: m[1], to: m[2], text: m[3] });
      }
    });
  }

  send(line) { this.sock.write(`${line}\r\n`); }

  async register() {
    this.send(`NICK ${this.nick}`);
    this.send(`USER ${this.nick} 0 * :${this.nick}`);
    await this.until(() => this.raw.some((l) => / 001 /.test(l)));
    return this;
  }

  async until(pred, timeoutMs = 60000) {
    const deadline = Date.now() + timeoutMs;
    while (!pred()) {
      if (Date.now() > deadline) throw new Error(`${this.nick}: timed out:\n${this.msgs.map((m) => m.text).join('\n').slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  close() { this.sock.destroy(); }
}

test('#3: advisor-irc stopped while pacing a reply resumes after the lines it posted, none twice', async (t) => {
  const dir = tempDir('op49-irc-resume-');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const ircPort = await freePort();
  writeFileSync(join(dir, 'ngircd.conf'), `[Global]
Name = irc.test
Info = advisord test server
Listen = 127.0.0.1
Ports = ${ircPort}
ServerUID = ${process.getuid()}
ServerGID = ${process.getgid()}
PidFile = ${join(dir, 'ngircd.pid')}
[Limits]
PingTimeout = 30
PongTimeout = 30
MaxPenaltyTime = 0
MaxConnectionsIP = 0
[Options]
DNS = no
Ident = no
PAM = no
`);
  const ircd = new Proc('ngircd', ['-n', '-f', join(dir, 'ngircd.conf')]);
  t.after(() => ircd.stop());
  await ircd.waitLog(/ready/);
  const d = await new Daemon(['--api-key', `irc:${SECRET}`]).start();
  t.after(() => d.stop());
  const conf = join(dir, 'bridge.conf');
  // paced at 2 lines a second: a long reply takes several seconds to post
  writeFileSync(conf, `advisord = ${d.wsUrl}\nstate = ${join(dir, 'state.json')}\n` +
    `server = 127.0.0.1:${ircPort}\nnetwork = test\nnick = advisor\nthrottle_rate = 2\nthrottle_burst = 1\n`);
  let bridge = new Proc(BRIDGE, ['-c', conf], { ADVISOR_API_KEY: SECRET });
  t.after(() => bridge.stop());
  await bridge.waitLog(/IRC: registered/);
  await bridge.waitLog(/advisord: connected/);
  const bob = await new IrcUser(ircPort, 'bob').register();
  t.after(() => bob.close());

  // the reference: the same question over WebSocket, as lines of text
  const ref = await browser(d);
  const refTurn = await ref.conv.say(Q3);
  ref.c.close();
  const refLines = refTurn.map((m) => m.plain).filter(Boolean).join('\n').split('\n').filter((l) => l.trim() !== '');
  const words = (a) => a.join(' ').split(/\s+/).filter(Boolean);
  const all = words(refLines).length;

  bob.send(`PRIVMSG advisor :${Q3}`);
  await bob.until(() => bob.msgs.length >= 3);
  const atStop = bob.msgs.length;
  const r = await bridge.stop('SIGTERM');
  assert.equal(r.code, 0, bridge.log);
  const before = words(bob.msgs.map((m) => m.text)).length;
  assert.ok(before < all, `stopped mid-reply (${before} of ${all} words), after ${atStop} lines`);
  bridge = new Proc(BRIDGE, ['-c', conf], { ADVISOR_API_KEY: SECRET });
  await bridge.waitLog(/1 conversation\(s\) to resume/);
  await bob.until(() => words(bob.msgs.map((m) => m.text)).length >= all);
  await new Promise((res) => setTimeout(res, 2000)); // nothing more comes
  const texts = bob.msgs.map((m) => m.text);
  assert.deepEqual(words(texts), words(refLines), `the reply once, in order:\n${texts.join('\n')}\nbridge log:\n${bridge.log}`);
});
