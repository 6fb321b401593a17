// SPDX-License-Identifier: ISC
// advisor-irc against a real IRC server (Debian's ngircd, on loopback
// ports) and the real daemon: two IRC users (raw IRC over node sockets)
// talk to the advisor at once, one in a channel and one in private, each
// to a recommendation; a long line arrives split on word boundaries under
// the 512-byte limit; advisord killed and restarted, and the bridge
// killed and restarted, mid-conversation, with the conversations resumed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { connect as netConnect } from 'node:net';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILD, Daemon, Proc, browser, freePort, tempDir } from './lib.mjs';

const BRIDGE = join(BUILD, 'advisor-irc');
const SECRET = 'irc-bridge-secret-0123456789';
// a long nick and channel leave less room per line: long lines get split
const NICK = 'advisor_bridge_with_long_nick';
const CHAN = '#rust-vs-go-decisions-for-our-team-and-its-service';
const ALICE = 'alice_has_a_long_nick_for_irc';
const LEAD = `${ALICE}: `;

// An IRC user speaking raw IRC.
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
        if (m) this.msgs.push({ from: m[1], to: m[2], text: m[3], raw: line });
      }
    });
  }

  send(line) { this.sock.write(`${line}\r\n`); }

  async register() {
    this.send(`NICK ${this.nick}`);
    this.send(`USER ${this.nick} 0 * :${this.nick}`);
    await this.waitRaw((l) => / 001 /.test(l));
    return this;
  }

  async join(chan) {
    this.send(`JOIN ${chan}`);
    await this.waitRaw((l) => l.startsWith(`:${this.nick}!`) && l.includes(` JOIN `));
  }

  async waitRaw(pred, timeoutMs = 20000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const l = this.raw.find(pred);
      if (l) return l;
      if (Date.now() > deadline) throw new Error(`${this.nick}: timed out; raw:\n${this.raw.slice(-20).join('\n')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  // Messages from the bridge since index from, until one matches pred.
  async until(pred, from, timeoutMs = 30000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const got = this.msgs.slice(from).filter((m) => m.from.startsWith('advisor'));
      if (got.some(pred)) return got;
      if (Date.now() > deadline) {
        // the bridge's own log too: why nothing came is there
        throw new Error(`${this.nick}: timed out; from the bridge:\n${got.map((m) => m.text).join('\n').slice(-3000)}` +
          `\nthe bridge's log:\n${bridge?.log.slice(-2000)}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  // Say text (to the channel, addressed, or privately) and wait for the
  // bridge's next question to end the reply.
  async ask(text, { channel } = {}, done = (m) => /Reply with a number/.test(m.text)) {
    const from = this.msgs.length;
    if (channel) this.send(`PRIVMSG ${channel} :${NICK}: ${text}`);
    else this.send(`PRIVMSG ${NICK} :${text}`);
    return this.until(done, from);
  }

  close() { this.sock.destroy(); }
}

let dir; let ircPort; let tlsPort; let ircd; let daemon; let daemonPort; let stateDir;
let bridgeConf; let bridge;
// After a kill, the bridge's old connection may linger on the server as a
// ghost holding its nick until the server notices; the new one registers
// as NICK_ and takes NICK back once the ghost is gone (it answers to both
// in channels meanwhile).  Private messages need the nick itself.
async function bridgeUp(from = 0) {
  await bridge.waitLog(/advisord: connected/, from);
  await bridge.waitLog(new RegExp(`(registered|now known) as ${NICK}( |$)`, 'm'), from, 40000);
}

async function startDaemon() {
  daemon = await new Daemon(['--listen', `127.0.0.1:${daemonPort}`, '--state-dir', stateDir,
    '--api-key', `irc:${SECRET}`]).start();
}

function startBridge() {
  bridge = new Proc(BRIDGE, ['-c', bridgeConf], { ADVISOR_API_KEY: SECRET });
  return bridge;
}

before(async () => {
  dir = tempDir('advisor-irc-');
  stateDir = join(dir, 'advisord');
  [ircPort, tlsPort, daemonPort] = [await freePort(), await freePort(), await freePort()];
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost'], { stdio: 'ignore' });
  // PongTimeout 15, not 3: a loaded CI stalled alice's PONG past 3 s, the
  // server dropped her and the bridge ended her conversation; a killed
  // bridge's ghost still goes within 18 s, under bridgeUp()'s 40
  writeFileSync(join(dir, 'ngircd.conf'), `[Global]
Name = irc.test
Info = advisord test server
Listen = 127.0.0.1
Ports = ${ircPort}
ServerUID = ${process.getuid()}
ServerGID = ${process.getgid()}
PidFile = ${join(dir, 'ngircd.pid')}
[Limits]
MaxNickLength = 30
PingTimeout = 3
PongTimeout = 15
MaxPenaltyTime = 0
MaxConnectionsIP = 0
[Options]
DNS = no
Ident = no
PAM = no
[SSL]
CertFile = ${join(dir, 'cert.pem')}
KeyFile = ${join(dir, 'key.pem')}
Ports = ${tlsPort}
`);
  ircd = new Proc('ngircd', ['-n', '-f', join(dir, 'ngircd.conf')]);
  await ircd.waitLog(/ready/);
  await startDaemon();
  bridgeConf = join(dir, 'bridge.conf');
  writeFileSync(bridgeConf, `# advisor-irc test configuration
advisord = ws://127.0.0.1:${daemonPort}/ws
state = ${join(dir, 'bridge-state.json')}
server = localhost:${tlsPort}
tls = yes
tls_ca = ${join(dir, 'cert.pem')}
network = test
nick = ${NICK}
channel = ${CHAN}
throttle_rate = 40
throttle_burst = 40
`);
  startBridge();
  await bridge.waitLog(/IRC: registered/);
  await bridge.waitLog(/advisord: connected/);
});

after(async () => {
  if (process.env.IRC_DEBUG) console.error(bridge?.log, ircd?.log.slice(-3000));
  await bridge?.stop();
  await ircd?.stop();
  await daemon?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('the configuration is checked, with errors named', async () => {
  const bad = join(dir, 'bad.conf');
  writeFileSync(bad, 'server = localhost:99999\nnick = has space\nfrobnicate = 1\n');
  const p = new Proc(BRIDGE, ['-c', bad, '-n'], { ADVISOR_API_KEY: '' });
  const r = await p.exited;
  assert.equal(r.code, 1);
  assert.match(p.log, /unknown setting 'frobnicate'/);
  assert.match(p.log, /bad value for nick/);
  assert.match(p.log, /bad port '99999'/);
  assert.match(p.log, /no API key/);
  const ok = new Proc(BRIDGE, ['-c', bridgeConf, '-n'], { ADVISOR_API_KEY: SECRET });
  assert.equal((await ok.exited).code, 0);
});

test('two users at once, in a channel and in private, to recommendations; kills survived', async () => {
  const alice = await new IrcUser(ircPort, ALICE).register();
  const bob = await new IrcUser(ircPort, 'bob').register();
  await alice.join(CHAN);
  await bridge.waitLog(/registered/);

  // both at once: alice greets in the channel, bob describes in private
  const [aOpen, bRec] = await Promise.all([
    alice.ask('hi', { channel: CHAN }),
    bob.ask("We're a Java shop and need to build custom Kubernetes controllers and admission webhooks."),
  ]);
  // alice's lines go to the channel, each addressed to her
  assert.ok(aOpen.every((m) => m.to === CHAN && m.text.startsWith(LEAD)));
  assert.ok(aOpen.some((m) => /What are you building/.test(m.text)));
  // bob's privately, and no opening: his description is answered
  assert.ok(bRec.every((m) => m.to === 'bob'));
  assert.ok(!bRec.some((m) => /I can help you decide/.test(m.text)), 'no opening for a first message with content');
  assert.ok(bRec.some((m) => /^(Quick r|R)ecommendation: Go \(confidence/.test(m.text)), bRec.map((m) => m.text).join('\n'));

  for (const m of [...aOpen, ...bRec]) assert.ok(Buffer.byteLength(m.raw) + 2 <= 512, m.raw);

  // a long answer: split on word boundaries, under 512 bytes with CRLF,
  // nothing lost (compared with the same question asked over WebSocket)
  const long = await alice.ask('What era is over?', { channel: CHAN });
  const ref = await browser(daemon);
  const refTurn = await ref.conv.say('What era is over?');
  ref.c.close();
  const refLines = refTurn.map((m) => m.plain).join('\n').split('\n').filter((l) => l.trim() !== '');
  const pieces = long.map((m) => m.text.slice(LEAD.length));
  for (const m of long) assert.ok(Buffer.byteLength(m.raw) + 2 <= 512, `${Buffer.byteLength(m.raw)} bytes: ${m.raw}`);
  assert.ok(pieces.length > refLines.length, `some line was split (${pieces.length} pieces for ${refLines.length} lines)`);
  const words = (a) => a.join(' ').split(/\s+/).filter(Boolean);
  assert.deepEqual(words(pieces), words(refLines));
  for (const p of pieces) assert.doesNotMatch(p, /^ | $/);
  const longest = Math.max(...refLines.map((l) => Buffer.byteLength(l)));
  assert.ok(longest > Math.max(...pieces.map((p) => Buffer.byteLength(p))), 'the longest line did not come whole');

  // alice answers by number, then asks for a verdict
  let a = await alice.ask('1', { channel: CHAN });
  assert.ok(a.some((m) => /\(step 2 of about \d+\)/.test(m.text)), a.map((m) => m.text).join('\n'));
  a = await alice.ask('recommend', { channel: CHAN }, (m) => /I can refine this|would change/.test(m.text));
  assert.ok(a.some((m) => m.text.startsWith(LEAD) && /^(Quick r|R)ecommendation: Rust \(confidence/.test(m.text.slice(LEAD.length))), a.map((m) => m.text).join('\n'));
  // nobody else's conversation: the bridge said nothing to alice privately
  assert.ok(!alice.msgs.some((m) => m.to === ALICE));

  // advisord dies mid-conversation; alice speaks while it is down
  daemon.kill('SIGKILL');
  await daemon.exitPromise;
  let from = alice.msgs.length;
  let logFrom = bridge.log.length;
  await bridge.waitLog(/advisord: .*reconnecting/, logFrom);
  alice.send(`PRIVMSG ${CHAN} :${NICK}: summary`);
  await startDaemon();
  // (wait for the answer line itself: the summary comes in several lines)
  a = await alice.until((m) => /building, or planning to move into\? OS components, kernels, drivers/.test(m.text), from);
  assert.ok(a.some((m) => /Your answers so far/.test(m.text)));
  assert.ok(a.some((m) => /building, or planning to move into\? OS components, kernels, drivers/.test(m.text)), 'the same conversation, resumed');
  assert.ok(!a.some((m) => /I can help you decide/.test(m.text)), 'not a new conversation');

  // the bridge dies and comes back: both conversations are resumed
  await bridge.stop('SIGKILL');
  logFrom = 0;
  startBridge();
  await bridge.waitLog(/state .*: 2 conversation\(s\) to resume/, logFrom);
  await bridgeUp(logFrom);
  from = bob.msgs.length;
  const b = await bob.ask('summary', {}, (m) => /building, or planning to move into\? Kubernetes operators/.test(m.text));
  assert.ok(b.some((m) => /Your answers so far/.test(m.text)));
  assert.ok(b.some((m) => /building, or planning to move into\? Kubernetes operators/.test(m.text)), b.map((m) => m.text).join('\n'));
  assert.ok(!b.some((m) => /I can help you decide/.test(m.text)));
  a = await alice.ask('what would change it?', { channel: CHAN }, (m) => /would change|flip/i.test(m.text));
  assert.ok(a.every((m) => m.to === CHAN));

  // the state file holds tokens and delivered seqs, not more
  const st = JSON.parse(readFileSync(join(dir, 'bridge-state.json'), 'utf8'));
  assert.equal(st.format, 'advisor-irc-state.v1');
  const names = st.conversations.map((c) => c.name).sort();
  assert.deepEqual(names, [`irc:test:${CHAN}:${ALICE}`, 'irc:test:bob']);
  for (const c of st.conversations) {
    assert.match(c.token, /^[0-9a-f]{64}$/);
    assert.ok(c.meta.delivered > 0);
  }

  // a message in flight when both die: advisord is stopped (it does not
  // read), bob speaks, the bridge writes his unanswered message to its
  // state, then both are killed; after the restarts it is sent again
  daemon.kill('SIGSTOP');
  from = bob.msgs.length;
  bob.send(`PRIVMSG ${NICK} :what would change it?`);
  const inflight = () => {
    try {
      const st2 = JSON.parse(readFileSync(join(dir, 'bridge-state.json'), 'utf8'));
      return st2.conversations.find((c) => c.name === 'irc:test:bob')?.inflight;
    } catch { return undefined; }
  };
  for (const deadline = Date.now() + 20000; !inflight(); await new Promise((r) => setTimeout(r, 20))) {
    if (Date.now() > deadline) throw new Error(`no unanswered message in the state:\n${bridge.log}`);
  }
  assert.equal(inflight().text, 'what would change it?');
  await bridge.stop('SIGKILL');
  daemon.kill('SIGKILL');
  await daemon.exitPromise;
  await startDaemon();
  startBridge();
  await bridge.waitLog(/state .*: 2 conversation\(s\) to resume/);
  const w = await bob.until((m) => /would change if/.test(m.text), from);
  assert.equal(w.filter((m) => /would change if/.test(m.text)).length, 1, 'answered once');
  await bridgeUp();

  // the bridge dies and its state file is lost: its API key owns the
  // names, so it takes the conversations back without their tokens
  await bridge.stop('SIGKILL');
  rmSync(join(dir, 'bridge-state.json'));
  startBridge();
  await bridge.waitLog(/state .*: 0 conversation\(s\) to resume/);
  await bridgeUp();
  a = await alice.ask('summary', { channel: CHAN }, (m) => /building, or planning to move into\? OS components, kernels, drivers/.test(m.text));
  assert.ok(a.some((m) => /Your answers so far/.test(m.text)));
  assert.ok(a.some((m) => /building, or planning to move into\? OS components, kernels, drivers/.test(m.text)), 'the same conversation, without its token');
  assert.ok(!a.some((m) => /I can help you decide/.test(m.text)));

  // bob says goodbye: his conversation ends, with its transcript named
  from = bob.msgs.length;
  bob.send(`PRIVMSG ${NICK} :bye`);
  const end = await bob.until((m) => /Conversation ended/.test(m.text), from);
  assert.match(end.at(-1).text, /signed transcript as \S+\.json/);
  alice.close();
  bob.close();
});

test('over plain TCP too: a second bridge answers in private', async () => {
  const conf = join(dir, 'plain.conf');
  const nick = 'advisor_plain';
  writeFileSync(conf, `advisord = ws://127.0.0.1:${daemonPort}/ws
state = ${join(dir, 'plain-state.json')}
server = 127.0.0.1:${ircPort}
tls = no
network = plain
nick = ${nick}
throttle_rate = 20
throttle_burst = 5
`);
  const p = new Proc(BRIDGE, ['-c', conf], { ADVISOR_API_KEY: SECRET });
  try {
    await p.waitLog(/IRC: registered as advisor_plain /);
    await p.waitLog(/advisord: connected/);
    const carol = await new IrcUser(ircPort, 'carol').register();
    carol.send(`PRIVMSG ${nick} :hello`);
    const got = await carol.until((m) => /Reply with a number/.test(m.text), 0);
    assert.ok(got.every((m) => m.from === nick && m.to === 'carol'));
    assert.ok(got.some((m) => /What are you building/.test(m.text)));
    carol.close();
    // SIGTERM: the state is saved and it exits cleanly (0; no leak report)
    assert.deepEqual(await p.stop(), { code: 0, signal: null });
    const st = JSON.parse(readFileSync(join(dir, 'plain-state.json'), 'utf8'));
    assert.deepEqual(st.conversations.map((c) => c.name), ['irc:plain:carol']);
  } finally {
    await p.stop();
  }
});
