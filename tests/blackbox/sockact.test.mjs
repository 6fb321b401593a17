// SPDX-License-Identifier: ISC
// Socket activation and credentials, as systemd provides them:
// systemd-socket-activate passes a listening socket (LISTEN_FDS) and the
// daemon serves a whole conversation on it; the signing key and API keys
// come from $CREDENTIALS_DIRECTORY; both units pass `systemd-analyze verify`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import { join } from 'node:path';
import { ADVISOR, ADVISORD, Conv, Daemon, ROOT, connect, freePort, run, sleep, tempDir } from './lib.mjs';

const SSA = '/usr/bin/systemd-socket-activate';

test('systemd-socket-activate: the daemon serves a whole conversation on the socket it is given', { skip: !existsSync(SSA) && 'systemd-socket-activate is not installed' }, async (t) => {
  const state = tempDir('advisord-sa-');
  const port = await freePort();
  // the daemon's own --listen would collide with the socket: activation must win
  const proc = spawn(SSA, ['-l', `127.0.0.1:${port}`, ADVISORD, '--state-dir', state, '--listen', `127.0.0.1:${port}`],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stdout.on('data', (d) => { log += d; });
  proc.stderr.on('data', (d) => { log += d; });
  const exited = new Promise((res) => proc.on('exit', (code, signal) => res({ code, signal })));
  t.after(async () => { proc.kill('SIGTERM'); await exited; rmSync(state, { recursive: true, force: true }); });
  for (let i = 0; i < 200 && !/Listening on/.test(log); i++) await sleep(25);
  assert.match(log, /Listening on 127\.0\.0\.1:\d+ as 3/);

  // the first connection starts the daemon (same pid: systemd-socket-activate execs it)
  const c = await connect(`ws://127.0.0.1:${port}/ws`, { origin: `http://127.0.0.1:${port}` });
  const welcome = (await c.turn(c.request({ type: 'hello', protocol: 'advisor.v1' })))[0];
  assert.equal(welcome.type, 'welcome');
  const conv = new Conv(c, null);
  const turn = await conv.say('I want to target WebAssembly in the browser, and I am a C++ systems programmer');
  assert.ok(turn.some((m) => m.type === 'recommendation'), JSON.stringify(turn.map((m) => m.type)));
  const end = await conv.send({ type: 'end' });
  assert.deepEqual(end.map((m) => m.type), ['transcript', 'ended']);
  assert.equal(end[0].status, 'complete');
  c.close();
  assert.match(log, /socket activation: 1 socket from systemd; the listen setting is not used/);
  assert.match(log, new RegExp(`listening on 127\\.0\\.0\\.1:${port} \\(http, ws; socket activation, descriptor 3\\)`));
  // the page and the probes too
  assert.equal((await fetch(`http://127.0.0.1:${port}/`)).status, 200);
  assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);
  proc.kill('SIGTERM');
  assert.deepEqual(await exited, { code: 0, signal: null });
  assert.match(log, /drained/);
});

test('credentials: signing key and API keys from $CREDENTIALS_DIRECTORY', async (t) => {
  const creds = tempDir('advisord-creds-');
  t.after(() => rmSync(creds, { recursive: true, force: true, maxRetries: 10 }));
  const kd = join(creds, 'gen');
  assert.equal((await run(ADVISOR, ['keygen', '-o', kd])).code, 0);
  writeFileSync(join(creds, 'signing.key'), readFileSync(join(kd, 'advisord.key')), { mode: 0o400 });
  writeFileSync(join(creds, 'api_keys'), '# integrations\nbridge:0123456789abcdef0123\n\nbot2:fedcba9876543210fedc\n', { mode: 0o400 });
  const d = await new Daemon([], { CREDENTIALS_DIRECTORY: creds }).start();
  t.after(() => d.stop());
  // the served public key is the credential's
  assert.equal(await (await fetch(`${d.url}/pubkey`)).text(), readFileSync(join(kd, 'advisord.pub'), 'utf8'));
  assert.match(d.log, new RegExp(`signed by key ${/public key ([0-9A-F]+)/.exec(readFileSync(join(kd, 'advisord.pub'), 'utf8'))[1]}`));
  for (const key of ['0123456789abcdef0123', 'fedcba9876543210fedc']) {
    const c = await connect(d.wsUrl, { headers: { Authorization: `Bearer ${key}` } });
    c.close();
  }
  const r = await run(ADVISORD, ['-n', '--listen', '127.0.0.1:0', '--state-dir', join(creds, 's')],
    { env: { ...process.env, CREDENTIALS_DIRECTORY: creds } });
  assert.equal(r.code, 0, r.stderr);
  // -n checks the credential key like any other
  writeFileSync(join(creds, 'signing.key'), 'garbage\n');
  const bad = await run(ADVISORD, ['-n', '--listen', '127.0.0.1:0', '--state-dir', join(creds, 's')],
    { env: { ...process.env, CREDENTIALS_DIRECTORY: creds } });
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /signing_key: .*signing\.key: /);
});

test('both units pass systemd-analyze verify; the service keeps exposure <= 1.2', { skip: !existsSync('/usr/bin/systemd-analyze') && 'systemd-analyze is not installed' }, async (t) => {
  const dir = tempDir();
  t.after(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10 }));
  writeFileSync(join(dir, 'advisord.service'), readFileSync(join(ROOT, 'systemd', 'advisord.service'), 'utf8')
    .replace(/^ExecStart=\S+/m, `ExecStart=${ADVISORD}`));
  writeFileSync(join(dir, 'advisord.socket'), readFileSync(join(ROOT, 'systemd', 'advisord.socket'), 'utf8'));
  const v = await run('systemd-analyze', ['verify', join(dir, 'advisord.socket'), join(dir, 'advisord.service')]);
  assert.equal(v.code, 0, v.stderr + v.stdout);
  assert.equal(v.stderr.trim(), '', v.stderr);
  const s = await run('systemd-analyze', ['security', '--offline=yes', '--threshold=12', join(dir, 'advisord.service')]);
  assert.equal(s.code, 0, s.stdout + s.stderr);
  assert.match(s.stdout, /Overall exposure level for advisord\.service: (0\.\d|1\.[0-2]) /);
  const unit = readFileSync(join(dir, 'advisord.service'), 'utf8');
  assert.match(unit, /^Type=notify$/m);
  assert.match(unit, /^WatchdogSec=/m);
  assert.match(unit, /^LoadCredential=signing\.key:/m);
});

// NEWUSER28 #1: the shipped unit runs as DynamicUser=yes, which cannot read
// a root-only /etc/advisord/signing.key; the unit now passes the keys as
// credentials, each with a blank SetCredential= default ("\n": systemd
// takes no empty value) so that a host without the file still starts
// (systemd.exec(5)), and the daemon takes a blank credential as none given.
test('unit: signing.key and tls.key come as credentials with blank defaults; a blank credential is none', async (t) => {
  const unit = readFileSync(join(ROOT, 'systemd', 'advisord.service'), 'utf8');
  for (const id of ['signing.key', 'tls.key']) {
    assert.match(unit, new RegExp(`^LoadCredential=${id.replace('.', '\\.')}:/etc/advisord/${id.replace('.', '\\.')}$`, 'm'));
    assert.match(unit, new RegExp(`^SetCredential=${id.replace('.', '\\.')}:\\\\n$`, 'm'));
  }
  assert.match(unit, /^DynamicUser=yes$/m);
  const creds = tempDir('advisord-creds-');
  t.after(() => rmSync(creds, { recursive: true, force: true, maxRetries: 10 }));
  writeFileSync(join(creds, 'signing.key'), '\n');
  writeFileSync(join(creds, 'tls.key'), '\n');
  const d = await new Daemon([], { CREDENTIALS_DIRECTORY: creds }).start();
  t.after(() => d.stop());
  // the key made in state_dir signs, as without credentials
  assert.equal(await (await fetch(`${d.url}/pubkey`)).text(), readFileSync(join(d.stateDir, 'advisord.pub'), 'utf8'));
  const r = await run(ADVISORD, ['-n', '--listen', '127.0.0.1:0', '--state-dir', join(creds, 's')],
    { env: { ...process.env, CREDENTIALS_DIRECTORY: creds } });
  assert.equal(r.code, 0, r.stderr + r.stdout);
});

test('credentials: tls.key from $CREDENTIALS_DIRECTORY with tls_cert in the configuration serves TLS', async (t) => {
  const creds = tempDir('advisord-creds-');
  t.after(() => rmSync(creds, { recursive: true, force: true, maxRetries: 10 }));
  const cert = join(creds, 'cert.pem');
  const g = await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(creds, 'tls.key'),
    '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1']).catch(() => ({ code: -1 }));
  if (g.code !== 0) { t.skip('no openssl to make a certificate'); return; }
  const conf = join(creds, 'advisord.conf');
  writeFileSync(conf, `tls_cert = ${cert}\n`);
  const d = await new Daemon(['-c', conf], { CREDENTIALS_DIRECTORY: creds }).start();
  t.after(() => d.stop());
  const body = await new Promise((res, rej) => {
    httpsGet({ host: '127.0.0.1', port: d.port, path: '/healthz', rejectUnauthorized: false }, (r) => {
      let b = ''; r.on('data', (x) => { b += x; }); r.on('end', () => res(`${r.statusCode} ${b}`));
    }).on('error', rej);
  });
  assert.match(body, /^200 /);
});

test('-n says who cannot read a root-only key, and as root that the service user could not', { skip: (process.getuid?.() !== 0 || !existsSync('/usr/bin/setpriv')) && 'needs root and setpriv' }, async (t) => {
  const dir = tempDir('advisord-rootkey-');
  t.after(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10 }));
  chmodSync(dir, 0o755);
  assert.equal((await run(ADVISOR, ['keygen', '-o', join(dir, 'gen')])).code, 0);
  const key = join(dir, 'signing.key');
  writeFileSync(key, readFileSync(join(dir, 'gen', 'advisord.key')), { mode: 0o600 });
  const state = join(dir, 's');
  const asRoot = await run(ADVISORD, ['-n', '--listen', '127.0.0.1:0', '--state-dir', state, '--signing-key', key]);
  assert.equal(asRoot.code, 0, asRoot.stderr);
  assert.match(asRoot.stdout, /note: --signing-key: signing_key: .*signing\.key can be read only by its owner .*DynamicUser=yes.*LoadCredential=signing\.key:/);
  // from a configuration file, the note names the line that set the key
  const conf = join(dir, 'advisord.conf');
  writeFileSync(conf, `# the key\nsigning_key = ${key}\n`);
  const fromFile = await run(ADVISORD, ['-n', '-c', conf, '--listen', '127.0.0.1:0', '--state-dir', state]);
  assert.equal(fromFile.code, 0, fromFile.stderr);
  assert.match(fromFile.stdout, /note: .*advisord\.conf:2: signing_key: .*signing\.key can be read only by its owner/);
  const asNobody = await run('/usr/bin/setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', ADVISORD, '-n',
    '--listen', '127.0.0.1:0', '--state-dir', join(dir, 's2'), '--signing-key', key]);
  assert.notEqual(asNobody.code, 0);
  assert.match(asNobody.stderr, /signing_key: cannot read .*signing\.key: Permission denied: checked as uid 65534 \(\w+\), the file is owned by uid 0 \(root\), mode 0600.*LoadCredential=/);
});

// NEWUSER29 #6: a key in a directory the user cannot search said only
// "Permission denied", with neither the user nor what to do.
test('-n says who cannot reach a key behind a directory it cannot search', { skip: (process.getuid?.() !== 0 || !existsSync('/usr/bin/setpriv')) && 'needs root and setpriv' }, async (t) => {
  const dir = tempDir('advisord-rootkeydir-');
  t.after(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10 }));
  chmodSync(dir, 0o755);
  assert.equal((await run(ADVISOR, ['keygen', '-o', join(dir, 'gen')])).code, 0);
  chmodSync(join(dir, 'gen'), 0o700);
  const asNobody = await run('/usr/bin/setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', ADVISORD, '-n',
    '--listen', '127.0.0.1:0', '--state-dir', join(dir, 's2'), '--signing-key', join(dir, 'gen', 'advisord.key')]);
  assert.notEqual(asNobody.code, 0);
  assert.match(asNobody.stderr, /signing_key: cannot read .*advisord\.key: Permission denied: checked as uid 65534 \(\w+\), who cannot search a directory on the way to it; .*LoadCredential=/);
});
