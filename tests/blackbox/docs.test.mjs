// SPDX-License-Identifier: ISC
// Operator documents: the man pages render without a warning, the
// installed default configuration and advisord.conf(5) list every setting
// with its default, both programs say their version, and the licence is
// there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADVISOR, ADVISORD, BUILD, ROOT, run } from './lib.mjs';

const PAGES = ['man/advisord.8', 'man/advisord.conf.5', 'man/advisor.1', 'man/advisor-irc.1'];

test('the man pages render with groff -ww without a warning', { skip: !existsSync('/usr/bin/groff') && 'groff is not installed' }, async () => {
  for (const page of PAGES) {
    const r = await run('groff', ['-ww', '-mandoc', '-Tutf8', join(ROOT, page)]);
    assert.equal(r.code, 0, `${page}: ${r.stderr}`);
    assert.equal(r.stderr, '', `${page}: ${r.stderr}`);
    assert.match(r.stdout.replace(/.\x08/g, ''), /NAME/);
  }
  if (existsSync('/usr/bin/man')) {
    const r = await run('man', ['-l', '--warnings=w', join(ROOT, 'man/advisord.8')], { env: { ...process.env, MANPAGER: 'cat', MANWIDTH: '80' } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '', r.stderr);
    assert.match(r.stdout.replace(/.\x08/g, ''), /READY=1/);
  }
});

// Every setting advisord --help lists: [name, default or null]
async function settings() {
  const r = await run(ADVISORD, ['--help']);
  return [...r.stdout.matchAll(/^ {2}--([a-z-]+) {2,}.*?(?:\[([^\]]+)\])?$/gm)]
    .map((m) => [m[1].replaceAll('-', '_'), m[2] ?? null])
    .filter(([n]) => !['config', 'check', 'help', 'version'].includes(n));
}

test('the default configuration file and advisord.conf(5) list every setting with its default', async () => {
  const conf = readFileSync(join(ROOT, 'contrib', 'advisord.conf'), 'utf8');
  const man = readFileSync(join(ROOT, 'man', 'advisord.conf.5'), 'utf8');
  const all = await settings();
  assert.ok(all.length >= 26, `only ${all.length} settings parsed from --help`);
  for (const [name, def] of all) {
    assert.match(conf, new RegExp(`^#${name} = `, 'm'), `${name} missing from contrib/advisord.conf`);
    if (def !== null) assert.match(conf, new RegExp(`^#${name} = ${def.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'), `${name}: default ${def}`);
    assert.match(man, new RegExp(`^\\.It (.* )?Cm ${name} `, 'm'), `${name} missing from advisord.conf.5`);
  }
  // as shipped (every line a comment) it is a valid configuration
  const r = await run(ADVISORD, ['-n', '-c', join(ROOT, 'contrib', 'advisord.conf'), '--listen', '127.0.0.1:0',
    '--state-dir', join(ROOT, 'build', 'docs-test-state')]);
  assert.equal(r.code, 0, r.stderr);
});

test('--version on both programs; the ISC licence', async () => {
  const a = await run(ADVISORD, ['--version']);
  assert.equal(a.code, 0);
  assert.match(a.stdout, /^advisord \d+\.\d+\.\d+ \(protocol advisor\.v1\)\n$/);
  const b = await run(ADVISOR, ['--version']);
  assert.equal(b.code, 0);
  assert.match(b.stdout, /^advisor \d+\.\d+\.\d+\n$/);
  assert.match(readFileSync(join(ROOT, 'LICENSE'), 'utf8'), /Permission to use, copy, modify, and distribute this software for any\npurpose with or without fee is hereby granted/);
});

test('advisor-irc(1) lists every setting the bridge reads, and its options', async () => {
  const man = readFileSync(join(ROOT, 'man', 'advisor-irc.1'), 'utf8');
  const main = readFileSync(join(ROOT, 'clients', 'irc', 'main.c'), 'utf8');
  const settings = [...main.matchAll(/strcmp\(name, "([a-z_]+)"\) == 0/g)].map((m) => m[1]);
  assert.ok(settings.length >= 15, `settings parsed from main.c: ${settings.join(' ')}`);
  for (const name of settings) assert.match(man, new RegExp(`^\\.It (.* )?Cm ${name}( |$)`, 'm'), `${name} missing from man/advisor-irc.1`);
  for (const opt of ['c', 'n']) assert.match(man, new RegExp(`^\\.It Fl ${opt}( |$)`, 'm'), `-${opt}`);
  assert.match(man, /ADVISOR_API_KEY/);
  const irc = join(BUILD, 'advisor-irc');
  if (existsSync(irc)) {
    const v = await run(irc, ['--version']);
    assert.equal(v.code, 0);
    assert.match(v.stdout, /^advisor-irc \d+\.\d+\.\d+ \(protocol advisor\.v1\)\n$/);
    const u = await run(irc, ['--bogus']);
    assert.equal(u.code, 2, 'a usage error exits 2, as the page says');
  }
  // installed with the others
  assert.match(readFileSync(join(ROOT, 'Makefile'), 'utf8'), /cp -f man\/advisor-irc\.1 \$\(DESTDIR\)\$\(MANDIR\)\/man1\//);
});

test('the HAProxy examples check /readyz (503 while draining or on a full disk), not /healthz', () => {
  for (const f of ['haproxy.cfg', 'haproxy-cluster.cfg']) {
    const cfg = readFileSync(join(ROOT, 'contrib', f), 'utf8');
    assert.match(cfg, /^\s*option httpchk GET \/readyz$/m, f);
    assert.doesNotMatch(cfg, /^\s*option httpchk GET \/healthz/m, f);
  }
});

// NEWUSER29 #10: how to get a free port, and that a second `make run`
// beside a running one needs its own state directory: the README's
// command starts a second daemon on the first one's state directory's
// neighbour. #8/#9: the operator's answers are in the README.
test("README: a second make run as it says starts beside a running one; resume limits, proxy and close reserve explained", async () => {
  const { Daemon, tempDir } = await import('./lib.mjs');
  const { rmSync } = await import('node:fs');
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const m = readme.match(/`make run ARGS="(--listen 127\.0\.0\.1:0 --state-dir (\S+))"`/);
  assert.ok(m, 'the README shows a second make run with --listen 127.0.0.1:0 and --state-dir');
  const first = await new Daemon().start();
  const dir = tempDir('advisord-second-');
  try {
    // the first one's state directory is the default of a make run; the
    // second gets the README's flags, its directory made private to the test
    const second = await new Daemon(m[1].replace(m[2], dir).split(' '), {}, { stateDir: false }).start();
    assert.notEqual(second.port, first.port);
    await second.stop();
  } finally {
    await first.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  for (const limit of ['max_connections_per_ip', 'max_conversations_per_ip', 'max_state_bytes_per_ip', 'rate_replay_bytes_per_ip'])
    assert.match(readme.slice(readme.indexOf('## Behind a reverse proxy'), readme.indexOf('## Several instances')), new RegExp(limit));
  assert.match(readme, /Resuming, in short/);
  assert.match(readme, /\*\*Its size is fixed at the first start\.\*\*/);
  assert.match(readme, /make room on the disk \*before\* restarting/);
});

// The README's raw WebSocket example, run as written (its address made the
// test daemon's), lines piped in: every line is answered, and it ends its
// conversation rather than leaving one detached until idle_timeout.
test("README: the raw WebSocket example answers piped lines and ends its conversation", async (t) => {
  const { Daemon } = await import('./lib.mjs');
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const m = readme.match(/```sh\n(node -e '[^']*ws:\/\/127\.0\.0\.1:8080\/ws[^']*')\n```/);
  assert.ok(m, 'the README shows a node -e WebSocket example');
  const d = await new Daemon().start();
  t.after(() => d.stop());
  const cmd = m[1].replace('ws://127.0.0.1:8080/ws', d.wsUrl);
  const r = await run('sh', ['-c', cmd], { cwd: ROOT, input: 'I write proxies in Rust\nwhy?\n' });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(r.stderr, '');
  assert.match(r.stdout, /\S/, 'it prints the answers');
  // its conversation is ended, not left waiting for a resume
  assert.ok(await d.waitLog(/conversation \S+: end \(/), d.log);
  const metrics = await (await fetch(`${d.url}/metrics`)).text();
  assert.match(metrics, /^advisord_conversations 0$/m, metrics);
});
