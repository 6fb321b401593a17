// SPDX-License-Identifier: ISC
// `advisord -n` checks everything a start would, collects every error and
// exits non-zero; a start that cannot go on says why at error priority
// (journald "<3>" prefix under JOURNAL_STREAM), with the fix where there is
// one, and exits non-zero.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, cpSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ADVISOR, ADVISORD, ROOT, Daemon, run, tempDir } from './lib.mjs';

const dir = tempDir('advisord-check-');
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

// -n with args (and a private state directory unless given); { code, stdout, stderr }
function check(args, env = {}) {
  const a = [...args];
  if (!a.includes('--state-dir')) a.push('--state-dir', join(dir, 'state'));
  if (!a.includes('--listen')) a.push('--listen', '127.0.0.1:0');
  return run(ADVISORD, ['-n', ...a], { env: { ...process.env, ...env } });
}

function expectError(r, re) {
  assert.notEqual(r.code, 0, `exit status: ${r.stdout}${r.stderr}`);
  assert.match(r.stderr, re);
  assert.match(r.stderr, /configuration has \d+ errors?/);
  assert.doesNotMatch(r.stdout, /configuration OK/);
}

test('-n: a good configuration is OK', async () => {
  const r = await check([]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /configuration OK/);
});

test('-n: an unparseable listen address', async () => {
  const r = await check(['--listen', '999.1.1.1:8080']);
  expectError(r, /listen': invalid address '999\.1\.1\.1:8080'/);
});

test('-n: a port already in use, with how to choose another', async (t) => {
  const srv = createServer();
  await new Promise((res) => srv.listen(0, '127.0.0.1', res));
  t.after(() => srv.close());
  const port = srv.address().port;
  const r = await check(['--listen', `127.0.0.1:${port}`]);
  expectError(r, new RegExp(`listen 127\\.0\\.0\\.1:${port}: port ${port} is already in use.*--listen 127\\.0\\.0\\.1:PORT.*make run ARGS=`));
});

test('-n: an address this machine does not have', async () => {
  const r = await check(['--listen', '192.0.2.1:8080']);
  expectError(r, /listen 192\.0\.2\.1:8080: no interface of this machine has address 192\.0\.2\.1/);
});

test('-n: a missing signing key', async () => {
  const r = await check(['--signing-key', join(dir, 'nope.key')]);
  expectError(r, /signing_key: cannot read .*nope\.key: No such file or directory/);
});

test('-n: a passphrase-protected signing key', async () => {
  const kd = join(dir, 'keys');
  const g = await run(ADVISOR, ['keygen', '-o', kd]);
  assert.equal(g.code, 0, g.stderr);
  const file = readFileSync(join(kd, 'advisord.key'), 'utf8').split('\n');
  // minisign marks an encrypted key with kdf "Sc" after "Ed"
  const bin = Buffer.from(file[1], 'base64');
  bin.write('Sc', 2, 'latin1');
  file[1] = bin.toString('base64');
  const enc = join(dir, 'encrypted.key');
  writeFileSync(enc, file.join('\n'), { mode: 0o600 });
  const r = await check(['--signing-key', enc]);
  expectError(r, /signing_key: .*encrypted\.key: the secret key is encrypted/);
});

test('-n: a signing key others can read', async () => {
  const kd = join(dir, 'keys2');
  await run(ADVISOR, ['keygen', '-o', kd]);
  chmodSync(join(kd, 'advisord.key'), 0o644);
  const r = await check(['--signing-key', join(kd, 'advisord.key')]);
  expectError(r, /readable by others \(mode 0644\); chmod 600/);
});

test('-n: the public key given as signing_key says so, without chmod advice', async () => {
  const kd = join(dir, 'keys3');
  const g = await run(ADVISOR, ['keygen', '-o', kd]);
  assert.equal(g.code, 0, g.stderr);
  const r = await check(['--signing-key', join(kd, 'advisord.pub')]);
  expectError(r, /signing_key: .*advisord\.pub: this is a minisign public key; give the secret key file/);
  assert.doesNotMatch(r.stderr, /chmod/);
});

test('-n: a state directory that is a file, or cannot be made', async () => {
  const f = join(dir, 'afile');
  writeFileSync(f, 'x');
  expectError(await check(['--state-dir', f]), /state_dir: .*afile is not a directory/);
  expectError(await check(['--state-dir', join(f, 'sub')]), /state_dir: .*afile\/sub: Not a directory/);
});

test('-n: a state directory held by a running advisord', async (t) => {
  const d = await new Daemon().start();
  t.after(() => d.stop());
  // the documented edit, check, reload: -n beside the running daemon, with
  // its very listen address, checks what a reload would read, and passes
  const r = await check(['--state-dir', d.stateDir, '--listen', `127.0.0.1:${d.port}`]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, new RegExp(`^advisord \\(pid ${d.pid}\\) runs with state_dir .*: checked as for a reload`, 'm'));
  assert.match(r.stdout, /^configuration OK$/m);
  // an error a reload would refuse is still one
  expectError(await check(['--state-dir', d.stateDir, '--sync', 'never']), /'sync': unknown mode 'never'/);
  // and a second daemon on it does not start
  const d2 = new Daemon(['--state-dir', d.stateDir]);
  await assert.rejects(d2.start(), /exited early/);
  assert.match(d2.log, /error: --state-dir: state_dir: .* is in use by another advisord/);
});

test('-n: TLS files that are missing or not PEM', async () => {
  expectError(await check(['--tls-cert', join(dir, 'no.pem'), '--tls-key', join(dir, 'no.key')]),
    /tls_cert: cannot read .*no\.pem[\s\S]*tls_key: cannot read .*no\.key/);
  const junk = join(dir, 'junk.pem');
  writeFileSync(junk, 'not a certificate\n');
  expectError(await check(['--tls-cert', junk, '--tls-key', junk]), /tls_cert: .*junk\.pem is not a PEM certificate chain/);
});

test('-n: a knowledge base with errors', async () => {
  const kb = join(dir, 'kb');
  cpSync(join(ROOT, 'knowledge', 'rust-vs-go-2026'), kb, { recursive: true });
  const f = join(kb, 'claims.json');
  writeFileSync(f, readFileSync(f, 'utf8').replace('"source": "so-survey-2025"', '"source": "no-such-source"'));
  expectError(await check(['--kb-dir', kb]), /kb_dir: the knowledge base .* has \d+ errors?:[\s\S]*unknown source 'no-such-source'/);
});

test('-n: the total counts each knowledge base error once, and a long list leaves room for the rest', async () => {
  const kb = join(dir, 'kb-many');
  cpSync(join(ROOT, 'knowledge', 'rust-vs-go-2026'), kb, { recursive: true });
  const f = join(kb, 'claims.json');
  const good = readFileSync(f, 'utf8');
  writeFileSync(f, good.replace('"source": "so-survey-2025"', '"source": "no-such-source"'));
  let r = await check(['--kb-dir', kb]);
  assert.match(r.stderr, /^--kb-dir: kb_dir: the knowledge base .* has 1 error: claims\.json: .*unknown source 'no-such-source'$/m);
  assert.match(r.stderr, /^configuration has 1 error$/m);
  // every claim wrong, and the port taken: the port is still named
  writeFileSync(f, good.replaceAll('"source": "', '"source": "no-such-'));
  const srv = createServer();
  await new Promise((res) => srv.listen(0, '127.0.0.1', res));
  try {
    r = await check(['--kb-dir', kb, '--listen', `127.0.0.1:${srv.address().port}`]);
  } finally {
    srv.close();
  }
  const kbErrors = Number(r.stderr.match(/the knowledge base .* has (\d+) errors/)[1]);
  assert.ok(kbErrors > 100, `${kbErrors} errors`);
  assert.match(r.stderr, /port \d+ is already in use/);
  assert.match(r.stderr, new RegExp(`^\\(${kbErrors - 100} more errors not shown\\)$`, 'm'));
  assert.match(r.stderr, new RegExp(`^configuration has ${kbErrors + 1} errors$`, 'm'));
});

test('-n: every error at once, file:line for the configuration file', async () => {
  const conf = join(dir, 'bad.conf');
  writeFileSync(conf, ['# a comment', 'listen = 999.1.1.1:80', 'sync = sometimes', 'max_connections = lots', ''].join('\n'));
  const r = await run(ADVISORD, ['-n', '-c', conf]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /bad\.conf:2: 'listen': invalid address/);
  assert.match(r.stderr, /bad\.conf:3: 'sync': unknown mode 'sometimes'/);
  assert.match(r.stderr, /bad\.conf:4: 'max_connections': not a number/);
  assert.match(r.stderr, /configuration has 3 errors/);
  // and the checks after the file all run together too
  const r2 = await check(['--signing-key', join(dir, 'nope.key'), '--tls-cert', join(dir, 'no.pem'),
    '--tls-key', join(dir, 'no.key'), '--state-dir', join(dir, 'afile')]);
  assert.match(r2.stderr, /configuration has 4 errors/);
});

// c26: the operator's report.  Syntax errors and the file checks in one
// run, each error at the FILE:LINE of its setting; a setting whose value did
// not parse is not checked further.
test('-n: syntax errors do not hide the file checks; each error at its FILE:LINE', async () => {
  const kd = join(dir, 'keys-c26');
  await run(ADVISOR, ['keygen', '-o', kd]);
  chmodSync(join(kd, 'advisord.key'), 0o644);
  const conf = join(dir, 'c26.conf');
  writeFileSync(conf, [
    '# the operator\'s configuration',                 // 1
    'this line is not a setting',                       // 2
    `kb_dir = ${join(dir, 'no-such-kb')}`,              // 3
    '[main]',                                           // 4
    `signing_key = ${join(kd, 'advisord.key')}`,        // 5
    `tls_cert = ${join(dir, 'c26-no.pem')}`,            // 6
    `tls_key = ${join(dir, 'c26-no.key')}`,             // 7
    `state_dir = ${join(dir, 'c26-state')}`,            // 8
    'listen = 127.0.0.1:0',                             // 9
    'web_root =',                                       // 10: fails, not checked further
    'max_connections = lots',                           // 11
    ''].join('\n'));
  const r = await run(ADVISORD, ['-n', '-c', conf]);
  assert.notEqual(r.code, 0);
  const e = r.stderr;
  assert.match(e, /c26\.conf:2: expected 'name = value'/);
  assert.match(e, /c26\.conf:4: sections are not used/);
  assert.match(e, /c26\.conf:3: kb_dir: '.*no-such-kb' is not a directory/);
  assert.match(e, /c26\.conf:5: signing_key: .*advisord\.key is readable by others \(mode 0644\)/);
  assert.match(e, /c26\.conf:6: tls_cert: cannot read .*c26-no\.pem: No such file or directory/);
  assert.match(e, /c26\.conf:7: tls_key: cannot read .*c26-no\.key: No such file or directory/);
  assert.match(e, /c26\.conf:10: 'web_root': empty path/);
  assert.match(e, /c26\.conf:11: 'max_connections': not a number: 'lots'/);
  assert.doesNotMatch(e, /web_root: '/);
  assert.match(r.stderr, /^configuration has 8 errors$/m);
  // every line of the report names where: FILE:LINE
  for (const line of e.trim().split('\n').filter((l) => !/^configuration has/.test(l)))
    assert.match(line, /c26\.conf:\d+: /, line);
});

test('-n: an error about an option names the option', async () => {
  const r = await check(['--signing-key', join(dir, 'nope.key')]);
  expectError(r, /^--signing-key: signing_key: cannot read .*nope\.key/m);
});

test('-n: a state_dir the start cannot create is an error, not OK', async () => {
  const conf = join(dir, 'c26-proc.conf');
  writeFileSync(conf, ['listen = 127.0.0.1:0', 'state_dir = /proc/advisord', ''].join('\n'));
  const r = await run(ADVISORD, ['-n', '-c', conf]);
  expectError(r, /c26-proc\.conf:2: state_dir: \/proc\/advisord does not exist and cannot be created \(\/proc/);
  // nothing was created by the check
  const sub = join(dir, 'c26-made', 'state');
  const r2 = await check(['--state-dir', sub]);
  assert.equal(r2.code, 0, r2.stderr);
  assert.throws(() => readFileSync(join(dir, 'c26-made')), /ENOENT/);
});

test('-n: an existing state_dir on a kernel file system (/proc) is an error, and a start names it', async () => {
  // root may write /proc by access(2), yet no advisord.lock or transcripts/ can be made there
  expectError(await check(['--state-dir', '/proc']),
    /--state-dir: state_dir: \/proc is on proc, a kernel file system where advisord\.lock, transcripts\/ and journal\/ cannot be created; choose a directory on disk/);
  const r = await run(ADVISORD, ['--listen', '127.0.0.1:0', '--state-dir', '/proc']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^advisord: error: --state-dir: state_dir: \/proc is on proc, a kernel file system where advisord\.lock/m);
  assert.doesNotMatch(r.stderr, /\/proc: No such file or directory/);
});

test('-n: an unknown setting gets the close known name', async () => {
  const conf = join(dir, 'c26-typo.conf');
  writeFileSync(conf, ['listen = 127.0.0.1:0', 'max_conections_per_ip = 5', 'colour = blue', ''].join('\n'));
  const r = await run(ADVISORD, ['-n', '-c', conf, '--state-dir', join(dir, 'state')]);
  expectError(r, /c26-typo\.conf:2: unknown setting 'max_conections_per_ip'; did you mean 'max_connections_per_ip'\?/);
  assert.match(r.stderr, /c26-typo\.conf:3: unknown setting 'colour'$/m);
  const f = await run(ADVISORD, ['-n', '--max-conections-per-ip', '5']);
  assert.equal(f.code, 2);
  assert.match(f.stderr, /unknown option '--max-conections-per-ip'; did you mean '--max-connections-per-ip'\?/);
});

test('-n beside the running daemon notes each restart-only setting it sets', async (t) => {
  const d = await new Daemon().start();
  t.after(() => d.stop());
  const conf = join(dir, 'c26-running.conf');
  writeFileSync(conf, ['listen = 127.0.0.1:' + d.port, 'sync = end', 'idle_timeout = 60', ''].join('\n'));
  const r = await run(ADVISORD, ['-n', '-c', conf, '--state-dir', d.stateDir]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^note: .*c26-running\.conf:2: sync takes effect only at a restart/m);
  assert.match(r.stdout, /^note: .*c26-running\.conf:1: listen takes effect only at a restart/m);
  // the running daemon was found by this state_dir: no change to note
  assert.doesNotMatch(r.stdout, /state_dir takes effect/);
  assert.doesNotMatch(r.stdout, /idle_timeout takes effect/);
  assert.match(r.stdout, /^configuration OK$/m);
});

test('a start that fails says so at error priority, with the fix, and exits 1', async (t) => {
  const srv = createServer();
  await new Promise((res) => srv.listen(0, '127.0.0.1', res));
  t.after(() => srv.close());
  const port = srv.address().port;
  const r = await run(ADVISORD, ['--listen', `127.0.0.1:${port}`, '--state-dir', join(dir, 'state')],
    { env: { ...process.env, JOURNAL_STREAM: '8:1234' } });
  assert.equal(r.code, 1);
  assert.match(r.stderr, new RegExp(`^<3>--listen: listen 127\\.0\\.0\\.1:${port}: port ${port} is already in use by another program; choose another with --listen 127\\.0\\.0\\.1:PORT`, 'm'));
  assert.match(r.stderr, /^<3>not starting: 1 problem above$/m);
  // one path for every line: each carries a priority
  for (const line of r.stderr.trim().split('\n')) assert.match(line, /^<[0-7]>/, line);
  // without the journal: the level as a word
  const r2 = await run(ADVISORD, ['--listen', `127.0.0.1:${port}`, '--state-dir', join(dir, 'state')]);
  assert.equal(r2.code, 1);
  assert.match(r2.stderr, /^advisord: error: --listen: listen .* already in use/m);
  // bad configuration: error priority too
  const r3 = await run(ADVISORD, ['--sync', 'never'], { env: { ...process.env, JOURNAL_STREAM: '8:1234' } });
  assert.equal(r3.code, 1);
  assert.match(r3.stderr, /^<3>command line: 'sync': unknown mode 'never'/m);
  assert.match(r3.stderr, /^<3>not starting: the configuration has 1 error$/m);
});

test('under the journal, every line of a normal run carries a priority', async (t) => {
  const d = await new Daemon([], { JOURNAL_STREAM: '8:1234' }).start();
  t.after(() => d.stop());
  await fetch(`${d.url}/healthz`);
  await d.stop();
  for (const line of d.log.trim().split('\n')) assert.match(line, /^<[0-7]>/, line);
  assert.match(d.log, /^<6>listening on 127\.0\.0\.1:/m);
});

test("libwebsockets' own lines go through the same logger, with a priority", async (t) => {
  const d = await new Daemon(['--log-level', 'debug'], { JOURNAL_STREAM: '8:1234' }).start();
  t.after(() => d.stop());
  await d.stop();
  assert.match(d.log, /^<7>lws: LWS: 4\.1\.\d+/m);
  for (const line of d.log.trim().split('\n')) assert.match(line, /^<[0-7]>/, line);
  // and in the terminal format when not under the journal
  const d2 = await new Daemon(['--log-level', 'debug']).start();
  await d2.stop();
  assert.match(d2.log, /^advisord: debug: lws: LWS: 4\.1\.\d+/m);
  assert.doesNotMatch(d2.log, /^\[\d{4}\/\d\d\/\d\d /m, 'no line in lws\'s own format');
});

// NEWUSER28 #18: the count went to stdout with no reasons there; a boolean
// said "not a number"; an installed daemon was told about `make run`; a
// missing tls_cert file alone was not reported.
test('-n: the count goes with the errors on stderr; booleans say 0 or 1; a lone tls_cert file is checked', async () => {
  const conf = join(dir, 'nu28.conf');
  writeFileSync(conf, 'http_api = yes\ntls_cert = /nonexistent/cert.pem\n');
  const r = await check(['-c', conf]);
  expectError(r, /'http_api': not 0 or 1: 'yes'/);
  assert.match(r.stderr, /tls_cert and tls_key go together/);
  assert.match(r.stderr, /tls_cert: cannot read \/nonexistent\/cert\.pem: No such file or directory/);
  assert.match(r.stderr, /^configuration has 3 errors$/m);
  assert.equal(r.stdout, '');
});

test('-n: an installed daemon whose port is taken is pointed at its configuration, not make run', async (t) => {
  const root = tempDir('advisord-inst-');
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const mk = await run('make', ['--no-print-directory', '-s', '-C', ROOT, 'install', `DESTDIR=${root}`, 'PREFIX=/opt/a']);
  assert.equal(mk.code, 0, mk.stderr);
  const srv = createServer();
  await new Promise((res) => srv.listen(0, '127.0.0.1', res));
  t.after(() => srv.close());
  const { port } = srv.address();
  const r = await run(join(root, 'opt/a/bin/advisord'), ['-n', '--listen', `127.0.0.1:${port}`, '--state-dir', join(root, 's')]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, new RegExp(`port ${port} is already in use.*--listen 127\\.0\\.0\\.1:PORT \\(or listen = 127\\.0\\.0\\.1:PORT in the configuration\\)`));
  assert.doesNotMatch(r.stderr, /make run/);
});

// NEWUSER29 #5: errors in the service's credentials were blamed on flags
// never given ("--signing-key:", "command line: 'api_key'"): they name the
// credential, and for api_keys its line.
test('-n: errors in $CREDENTIALS_DIRECTORY files name the credential, not a flag', async () => {
  const creds = tempDir('advisord-creds-');
  try {
    writeFileSync(join(creds, 'signing.key'), 'garbage\n', { mode: 0o600 });
    writeFileSync(join(creds, 'api_keys'), '# bots\nbot:short\n', { mode: 0o600 });
    writeFileSync(join(creds, 'tls.key'), 'x\n', { mode: 0o600 });
    const r = await check([], { CREDENTIALS_DIRECTORY: creds });
    expectError(r, /^credential signing\.key \(\$CREDENTIALS_DIRECTORY\/signing\.key\): signing_key: .*not a minisign secret key/m);
    assert.match(r.stderr, /^credential api_keys \(\$CREDENTIALS_DIRECTORY\/api_keys:2\): 'api_key': secret must be/m);
    assert.match(r.stderr, /^credential tls\.key \(\$CREDENTIALS_DIRECTORY\/tls\.key\): tls_cert and tls_key go together/m);
    assert.doesNotMatch(r.stderr, /--signing-key|--tls-key|command line/);
  } finally {
    rmSync(creds, { recursive: true, force: true });
  }
});

// NEWUSER29 #4: the README's check never opened the key files the unit
// loads as credentials; its command, run on a copy of /etc/advisord, does.
test("-n: the README's service check reads the unit's credential files in /etc/advisord", async () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const m = readme.match(/^CREDENTIALS_DIRECTORY=(\/etc\/advisord) advisord (-n -c \/etc\/advisord\/advisord\.conf)$/m);
  assert.ok(m, 'the README shows the check with CREDENTIALS_DIRECTORY');
  const etc = tempDir('advisord-etc-');
  try {
    cpSync(join(ROOT, 'contrib', 'advisord.conf'), join(etc, 'advisord.conf'));
    const args = m[2].replaceAll(m[1], etc).split(' ').filter((a) => a !== '-n');
    const good = await check(args, { CREDENTIALS_DIRECTORY: etc });
    assert.equal(good.code, 0, good.stderr);
    // and it says which credentials it found, or that it checked none
    assert.match(good.stdout, new RegExp(`^credentials in ${etc.replace(/[./]/g, '\\$&')}: none$`, 'm'));
    const none = await check(args, { CREDENTIALS_DIRECTORY: '' });
    assert.match(none.stdout, /^credentials: none \(CREDENTIALS_DIRECTORY is not set; to check the unit's, run with CREDENTIALS_DIRECTORY=\/etc\/advisord\)$/m);
    writeFileSync(join(etc, 'api_keys'), 'bot:0123456789abcdef0123\n', { mode: 0o600 });
    const keys = await check(args, { CREDENTIALS_DIRECTORY: etc });
    assert.match(keys.stdout, /^credentials in .*: api_keys \(1 key\)$/m);
    writeFileSync(join(etc, 'signing.key'), 'garbage\n', { mode: 0o600 });
    const bad = await check(args, { CREDENTIALS_DIRECTORY: etc });
    expectError(bad, /^credential signing\.key \(\$CREDENTIALS_DIRECTORY\/signing\.key\): signing_key: .*signing\.key: not a minisign secret key/m);
  } finally {
    rmSync(etc, { recursive: true, force: true });
  }
});
