// SPDX-License-Identifier: ISC
// n23: operator leftovers, as an operator meets them:
// 1. the stop log counts the messages of a conversation recovered at
//    start but not resumed (it said "0 messages");
// 2. `advisord -n` beside the running daemon notes a restart-only setting
//    only when it changes the running value (its state_dir never does);
// 4. `make run` builds what running needs, not the benchmarks' tools;
//    `make bench` builds them;
// 5. the review reports sit beside the tests that check them
//    (tests/blackbox), not at the repository's top level, and every one
//    the sources name is there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADVISORD, Daemon, ROOT, browser, run, tempDir } from './lib.mjs';

test('the stop log counts the messages of a conversation recovered but not resumed', async (t) => {
  const state = tempDir('advisord-n23-recovered-');
  t.after(() => rmSync(state, { recursive: true, force: true }));
  const d = await new Daemon(['--state-dir', state]).start();
  const b = await browser(d);
  const turn = await b.conv.say('What is Pingora?');
  const seq = Math.max(...[...b.turn, ...turn].map((m) => m.seq ?? 0));
  assert.ok(seq > 0, JSON.stringify(turn));
  b.c.close();
  await d.stop();
  const name = b.welcome.conversation;
  const line = (log) => log.split('\n').filter((l) => l.includes(`${name}:`) && /messages\)/.test(l)).join('\n');
  assert.match(line(d.log), new RegExp(`kept in the journal for its resume.*\\(${seq} messages\\)`), d.log);
  // recovered at the next start, never resumed, stopped again
  const d2 = await new Daemon(['--state-dir', state]).start();
  await d2.stop();
  assert.match(line(d2.log), new RegExp(`recovered, not resumed; kept in the journal for its resume.*\\(${seq} messages\\)`), d2.log);
  assert.doesNotMatch(line(d2.log), /\(0 messages\)/, d2.log);
});

test('-n --state-dir beside the daemon running with it notes no restart', async (t) => {
  const d = await new Daemon().start();
  t.after(() => d.stop());
  const r = await run(ADVISORD, ['-n', '--state-dir', d.stateDir]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /runs with state_dir/, r.stdout);
  assert.doesNotMatch(r.stdout, /restart;/, r.stdout);
  assert.doesNotMatch(r.stdout, /^note: .*state_dir/m, r.stdout);
  assert.match(r.stdout, /^configuration OK$/m);
  // a real restart-only change is still noted
  const conf = join(d.stateDir, '..', `n23-${process.pid}.conf`);
  writeFileSync(conf, 'sync = end\n');
  t.after(() => rmSync(conf, { force: true }));
  const r2 = await run(ADVISORD, ['-n', '-c', conf, '--state-dir', d.stateDir]);
  assert.match(r2.stdout, /^note: .*sync takes effect only at a restart/m, r2.stdout);
});

// What a make would build, as if nothing were built (-B), without doing it
// (-n): nothing is compiled or run.  The make a user types: not the flags
// of the make running this test (`make SANITIZE=1 test` passes SANITIZE
// down in MAKEFLAGS, which builds into build/sanitize/).
async function wouldBuild(target) {
  const env = { ...process.env };
  for (const k of ['MAKEFLAGS', 'MFLAGS', 'MAKELEVEL', 'MAKEOVERRIDES', 'SANITIZE', 'B']) delete env[k];
  const r = await run('make', ['-n', '-B', target], { cwd: ROOT, env });
  assert.equal(r.code, 0, r.stderr);
  return [...r.stdout.matchAll(/ -o build\/([\w.-]+) /g)].map((m) => m[1]);
}

test('make run builds the daemon and its clients, not the benchmarks; make bench builds them', async () => {
  const BENCH = ['bench_engine', 'cg_say', 'bench_store', 'bench_fsync', 'loadgen', 'bench_echo'];
  const runs = await wouldBuild('run');
  for (const b of ['advisord', 'advisor', 'advisor-irc']) assert.ok(runs.includes(b), `make run builds ${b}: ${runs}`);
  for (const b of BENCH) assert.ok(!runs.includes(b), `make run builds ${b}, which running does not need`);
  const bench = await wouldBuild('bench');
  for (const b of BENCH) assert.ok(bench.includes(b), `make bench builds ${b}: ${bench}`);
});

test('the review reports are in tests/blackbox, each one the sources name', () => {
  const REPORT = /^(NEWUSER\d+|[A-Z][A-Z0-9_]*_FINDINGS)\.md$/;
  const top = readdirSync(ROOT).filter((f) => REPORT.test(f));
  assert.deepEqual(top, [], 'review reports at the top level');
  const here = new Set(readdirSync(join(ROOT, 'tests', 'blackbox')));
  const sources = (dir, re) => readdirSync(join(ROOT, dir), { recursive: true })
    .filter((f) => re.test(f)).map((f) => join(ROOT, dir, f));
  const files = [...sources('tests/blackbox', /\.mjs$/), ...sources('daemon', /\.[ch]$/),
    ...sources('clients', /\.[ch]$/)];
  const named = new Set();
  for (const f of files)
    for (const m of readFileSync(f, 'utf8').matchAll(/\b(NEWUSER\d+|[A-Z][A-Z0-9_]*_FINDINGS)\b/g)) named.add(m[1]);
  assert.ok(named.has('NEWUSER29') && named.has('HB17_FINDINGS'), [...named].join(' '));
  for (const n of named) assert.ok(here.has(`${n}.md`), `${n}.md is named but not in tests/blackbox`);
});
