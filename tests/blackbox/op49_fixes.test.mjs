// SPDX-License-Identifier: ISC
// Fixes for what the new integrator and operator nu49 found (round 49,
// /tmp/nu49): #2 advisor-irc exits 1 when its API key is refused, #3 a
// restarted advisor-irc resumes a reply after the lines already posted,
// #7 `advisor ask --bogus` names the bad option; and the daemon's side
// (#1 the close reserve, #5 long slash commands, #6 ssl_check).  Each
// test failed on d144a787.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { connect as netConnect } from 'node:net';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADVISOR, BUILD, Daemon, Proc, ROOT, browser, connect, freePort, run, sleep, tempDir } from './lib.mjs';
import { now, post } from './webhooklib.mjs';

const BRIDGE = join(BUILD, 'advisor-irc');
const SECRET = 'op49-bridge-secret-0123456789';
// a first message answered with a long recommendation
const Q3 = "We're a Java shop and need to build custom Kubernetes controllers and admission webhooks.";

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
  // stopped inside the recommendation (one message of 15 lines and more),
  // a few of its lines posted: on d144a787 they were all posted again
  const rec = () => bob.msgs.findIndex((m) => /[Rr]ecommendation: /.test(m.text));
  await bob.until(() => rec() >= 0 && bob.msgs.length >= rec() + 3);
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

// A real small disk (a tmpfs, when this test may mount one: root): the
// reserve cannot be made at start; /readyz and /metrics say it is
// missing; once the disk has room (the tmpfs grown), the daemon makes it.
test('#1: a close reserve that cannot be made is said missing, and made once the disk has room', async (t) => {
  const mnt = tempDir('op49-reserve-tmpfs-');
  const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mnt]);
  if (m.status !== 0) {
    rmSync(mnt, { recursive: true, force: true });
    t.skip('cannot mount a tmpfs here');
    return;
  }
  let d = null;
  t.after(async () => {
    if (d) await d.stop();
    spawnSync('umount', [mnt]);
    rmSync(mnt, { recursive: true, force: true });
  });
  const state = join(mnt, 'state');
  mkdirSync(state);
  d = await new Daemon(['--state-dir', state]).start();
  assert.match(d.log, /close reserve .*close-reserve: cannot be made.*No space left/);
  const rz = await (await fetch(`${d.url}/readyz`)).json();
  assert.equal(rz.close_reserve?.missing, true, JSON.stringify(rz));
  assert.match(rz.close_reserve.error, /No space left/);
  assert.equal(rz.close_reserve.bytes, 0);
  let metrics = await (await fetch(`${d.url}/metrics`)).text();
  assert.match(metrics, /^advisord_close_reserve_missing 1$/m);
  assert.match(metrics, /^advisord_close_reserve_bytes 0$/m);
  // it serves meanwhile
  const c = await connect(d.wsUrl);
  const r = await c.turn(c.request({ type: 'hello' }));
  assert.equal(r[0].type, 'welcome');
  c.close();
  // the disk has room: made without a restart
  assert.equal(spawnSync('mount', ['-o', 'remount,size=16m', mnt]).status, 0);
  let rz2;
  for (let i = 0; i < 200; i++) {
    rz2 = await (await fetch(`${d.url}/readyz`)).json();
    if (rz2.close_reserve?.missing === false) break;
    await sleep(100);
  }
  assert.equal(rz2.close_reserve?.missing, false, JSON.stringify(rz2));
  assert.ok(rz2.close_reserve.bytes >= 8192, JSON.stringify(rz2));
  assert.equal(statSync(join(state, 'close-reserve')).size, rz2.close_reserve.bytes);
  metrics = await (await fetch(`${d.url}/metrics`)).text();
  assert.match(metrics, /^advisord_close_reserve_missing 0$/m);
  assert.match(d.log, /close reserve .*: made now that the disk has room/);
  await d.stop();
  d = null;
  assert.ok(existsSync(join(state, 'close-reserve')));
});

// Slack's and Discord's requests, signed as the platforms sign them
// (webhooks.test.mjs has the same).
const SLACK_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const DISCORD_PK = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
function slackHeaders(body, ts = now()) {
  return {
    'Content-Type': 'application/x-www-form-urlencoded', 'X-Slack-Request-Timestamp': ts,
    'X-Slack-Signature': 'v0=' + createHmac('sha256', SLACK_SECRET).update(`v0:${ts}:${body}`).digest('hex'),
  };
}
const slashBody = (text) => `token=gIkuvaNzQIHg97ATvDxqgjtO&team_id=T0001&channel_id=C1&user_id=U1&user_name=Steve&command=%2Fadvisor&text=${text}`;
function discordHeaders(body, ts = now()) {
  return { 'Content-Type': 'application/json', 'X-Signature-Ed25519': sign(null, Buffer.from(ts + body), privateKey).toString('hex'), 'X-Signature-Timestamp': ts };
}

test('#5: a Slack slash command or a Discord command over 8192 bytes is answered in the platform\'s visible form, naming the limit; a malformed one is told malformed', async (t) => {
  const d = await new Daemon(['--slack-signing-secret', SLACK_SECRET, '--discord-public-key', DISCORD_PK]).start();
  t.after(() => d.stop());
  // Slack: an ephemeral response, 200
  let body = slashBody('a'.repeat(8193));
  let r = await post(d.url, '/webhooks/slack/commands', body, slackHeaders(body));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json?.response_type, 'ephemeral', r.text);
  assert.match(r.json.text, /at most 8192 bytes/);
  // exactly 8192 is a turn
  body = slashBody('a'.repeat(8192));
  r = await post(d.url, '/webhooks/slack/commands', body, slackHeaders(body));
  assert.equal(r.status, 200, r.text.slice(0, 300));
  assert.doesNotMatch(r.json?.text ?? '', /at most 8192 bytes/);
  // malformed (a bad escape) is not "too long"
  body = slashBody('hi%zz');
  r = await post(d.url, '/webhooks/slack/commands', body, slackHeaders(body));
  assert.equal(r.status, 400);
  assert.match(r.text, /'text' is malformed/);
  assert.doesNotMatch(r.text, /longer/);
  // Discord: an interaction message, for the user only
  const ib = JSON.stringify({ type: 2, id: '7001', application_id: '775799577604522054', token: 'T', guild_id: '2909', channel_id: '4177', version: 1,
    member: { user: { id: '8035', username: 'mason' } }, data: { id: '7718', name: 'advisor', type: 1, options: [{ name: 'text', type: 3, value: 'b'.repeat(8193) }] } });
  r = await post(d.url, '/webhooks/discord', ib, discordHeaders(ib));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json?.type, 4, r.text);
  assert.equal(r.json.data.flags, 64);
  assert.match(r.json.data.content, /at most 8192 bytes/);
});

test('#6: Slack\'s ssl_check (unsigned, as Slack sends it) gets 200 with an empty body, and nothing unsigned does more', async (t) => {
  const d = await new Daemon(['--slack-signing-secret', SLACK_SECRET]).start();
  t.after(() => d.stop());
  const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
  let r = await post(d.url, '/webhooks/slack/commands', 'ssl_check=1&token=gIkuvaNzQIHg97ATvDxqgjtO', form);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.text, '');
  // signed, the same
  const sb = 'ssl_check=1&token=gIkuvaNzQIHg97ATvDxqgjtO';
  r = await post(d.url, '/webhooks/slack/commands', sb, slackHeaders(sb));
  assert.equal(r.status, 200);
  assert.equal(r.text, '');
  // a command smuggled beside ssl_check=1 runs no turn: 200, empty
  r = await post(d.url, '/webhooks/slack/commands', `ssl_check=1&${slashBody('hello')}`, form);
  assert.equal(r.status, 200);
  assert.equal(r.text, '');
  // anything but exactly ssl_check=1 unsigned is still refused
  for (const b of ['ssl_check=true&' + slashBody('hello'), 'ssl_check=0&' + slashBody('hello'), slashBody('hello')]) {
    r = await post(d.url, '/webhooks/slack/commands', b, form);
    assert.equal(r.status, 401, `${b}: ${r.text}`);
  }
  // the events URL has no ssl_check
  r = await post(d.url, '/webhooks/slack/events', 'ssl_check=1', form);
  assert.equal(r.status, 401);
  const rz = await (await fetch(`${d.url}/readyz`)).json();
  assert.equal(rz.conversations, 0, 'no conversation was opened');
});

// The README's scratch install, run as written with DESTDIR a temporary
// directory: everything lands under it, the unit names PREFIX's binary.
test('#4: the README documents DESTDIR for a scratch install, and the command it gives works', async (t) => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const m = readme.match(/^ *make install (PREFIX=\S+) (SYSCONFDIR=\S+) DESTDIR=(\S+)$/m);
  assert.ok(m, 'README has a make install with PREFIX, SYSCONFDIR and DESTDIR');
  const root = tempDir('op49-destdir-');
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const r = await run('make', ['--no-print-directory', '-s', '-C', ROOT, 'install', m[1], m[2], `DESTDIR=${root}`,
    ...(process.env.SANITIZE ? ['SANITIZE=1'] : [])]);
  assert.equal(r.code, 0, r.stderr);
  const prefix = m[1].slice('PREFIX='.length);
  assert.ok(existsSync(join(root, prefix, 'bin/advisord')));
  const unit = readFileSync(join(root, 'etc/systemd/system/advisord.service'), 'utf8');
  assert.match(unit, new RegExp(`^ExecStart=${prefix}/bin/advisord `, 'm'));
});
