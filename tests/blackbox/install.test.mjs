// SPDX-License-Identifier: ISC
// `make install` and the systemd unit: an installed daemon finds its
// knowledge base and web client beside it and keeps its state where
// systemd's StateDirectory= says; the unit passes systemd's own checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, ADVISORD, Daemon, run, tempDir } from './lib.mjs';

const make = (args) => run('make', ['--no-print-directory', '-s', '-C', ROOT, ...args,
  ...(process.env.SANITIZE ? ['SANITIZE=1'] : [])]);

test('an installed daemon serves the article and the page, with state in STATE_DIRECTORY', async (t) => {
  const root = tempDir('advisord-install-');
  t.after(() => rmSync(root, { recursive: true, force: true, maxRetries: 10 }));
  const r = await make(['install', `DESTDIR=${root}`, 'PREFIX=/opt/advisord']);
  assert.equal(r.code, 0, r.stderr);
  // the unit runs the binary where it was installed
  const unit = readFileSync(join(root, 'etc/systemd/system/advisord.service'), 'utf8');
  assert.match(unit, /^ExecStart=\/opt\/advisord\/bin\/advisord -c \/etc\/advisord\/advisord\.conf$/m);
  assert.match(unit, /^Type=notify$/m);
  // the commented default configuration, every line a default: it checks clean
  const conf = join(root, 'etc/advisord/advisord.conf');
  assert.match(readFileSync(conf, 'utf8'), /^#listen = 127\.0\.0\.1:8080$/m);
  assert.match(readFileSync(conf, 'utf8'), /^#kb_dir = \/opt\/advisord\/share\/advisord\/knowledge\/rust-vs-go-2026$/m);
  const bin = join(root, 'opt/advisord/bin/advisord');
  assert.ok(existsSync(bin));
  assert.ok(existsSync(join(root, 'opt/advisord/bin/advisor')));
  for (const f of ['etc/systemd/system/advisord.socket', 'opt/advisord/share/man/man8/advisord.8',
    'opt/advisord/share/man/man5/advisord.conf.5', 'opt/advisord/share/man/man1/advisor.1',
    'opt/advisord/share/man/man1/advisor-irc.1'])
    assert.ok(existsSync(join(root, f)), `${f} installed`);
  assert.ok(!existsSync(join(root, 'opt/advisord/share/advisord/web/.built')), 'no build marker installed');

  const state = join(root, 'var/lib/advisord');
  const d = await new Daemon(['-c', conf], { STATE_DIRECTORY: state }, { binary: bin, stateDir: false }).start();
  t.after(() => d.stop());
  const ready = await (await fetch(`${d.url}/readyz`)).json();
  assert.equal(ready.kb.id, 'rust-vs-go-2026');
  // the installed knowledge base is the source tree's
  assert.equal(ready.kb.claims, JSON.parse(readFileSync(join(ROOT, 'knowledge/rust-vs-go-2026/claims.json'), 'utf8')).claims.length);
  const page = await fetch(`${d.url}/`);
  assert.equal(page.status, 200);
  assert.equal(await page.text(), readFileSync(join(root, 'opt/advisord/share/advisord/web/index.html'), 'utf8'));
  // the signing key was made in the state directory, private
  const pub = await (await fetch(`${d.url}/pubkey`)).text();
  assert.match(pub, /^untrusted comment: /);
  assert.equal(pub, readFileSync(join(state, 'advisord.pub'), 'utf8'));
  assert.equal(statSync(join(state, 'advisord.key')).mode & 0o077, 0, 'the secret key is private');
  assert.equal(statSync(state).mode & 0o077, 0, 'the state directory is private');
  assert.ok(existsSync(join(state, 'transcripts')));
  assert.equal((await d.stop()).code, 0);
});

// NEWUSER28 #1: the unit's credentials (LoadCredential=signing.key:...)
// follow SYSCONFDIR like its -c path.
test('install with another SYSCONFDIR: the unit loads its credentials from there', async (t) => {
  const root = tempDir('advisord-install-');
  t.after(() => rmSync(root, { recursive: true, force: true, maxRetries: 10 }));
  const r = await make(['install', `DESTDIR=${root}`, 'PREFIX=/opt/advisord', 'SYSCONFDIR=/etc/adv2']);
  assert.equal(r.code, 0, r.stderr);
  const unit = readFileSync(join(root, 'etc/systemd/system/advisord.service'), 'utf8');
  assert.match(unit, /^ExecStart=\/opt\/advisord\/bin\/advisord -c \/etc\/adv2\/advisord\/advisord\.conf$/m);
  for (const id of ['signing.key', 'tls.key', 'api_keys'])
    assert.ok(unit.includes(`\nLoadCredential=${id}:/etc/adv2/advisord/${id}\n`), `${id}: ${unit}`);
  assert.doesNotMatch(unit, /\/etc\/advisord\//);
});

// NEWUSER28 #17: uninstall left advisor-irc.1 behind; the web build's
// stamp sat in the web root and was served as 415.
test('uninstall removes everything install put there but the configuration; no build stamp is served', async (t) => {
  const root = tempDir('advisord-install-');
  t.after(() => rmSync(root, { recursive: true, force: true, maxRetries: 10 }));
  assert.equal((await make(['install', `DESTDIR=${root}`, 'PREFIX=/opt/advisord'])).code, 0);
  const r = await make(['uninstall', `DESTDIR=${root}`, 'PREFIX=/opt/advisord']);
  assert.equal(r.code, 0, r.stderr);
  const left = (await run('find', [root, '-type', 'f'])).stdout.trim().split('\n').map((f) => f.slice(root.length));
  assert.deepEqual(left, ['/etc/advisord/advisord.conf']);
  const d = await new Daemon([]).start();
  t.after(() => d.stop());
  assert.equal((await fetch(`${d.url}/.built`)).status, 404);
});

test('the systemd unit verifies and its exposure is at most 1.2', { skip: !existsSync('/usr/bin/systemd-analyze') && 'systemd-analyze is not installed' }, async (t) => {
  const dir = tempDir();
  t.after(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10 }));
  // verify checks that ExecStart's binary exists: point it at the build
  const unit = join(dir, 'advisord.service');
  writeFileSync(unit, readFileSync(join(ROOT, 'systemd', 'advisord.service'), 'utf8')
    .replace(/^ExecStart=\S+/m, `ExecStart=${ADVISORD}`));
  const v = await run('systemd-analyze', ['verify', unit]);
  assert.equal(v.code, 0, v.stderr + v.stdout);
  const s = await run('systemd-analyze', ['security', '--offline=yes', '--threshold=20', unit]);
  assert.equal(s.code, 0, s.stdout + s.stderr);
  const level = /Overall exposure level for advisord\.service: ([0-9.]+)/.exec(s.stdout);
  assert.ok(level, s.stdout);
  assert.ok(Number(level[1]) <= 1.2, `exposure ${level[1]}`);
});
