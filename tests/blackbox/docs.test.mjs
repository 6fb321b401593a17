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
