// SPDX-License-Identifier: ISC
// /metrics tells the truth in a form Prometheus accepts: `promtool check
// metrics` is clean; latency buckets span 100 us to 10 s; process figures;
// refusals by reason; conversations by state; reload outcome; and
// metrics_listen moves /metrics off the public listener.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { Daemon, browser, run, sleep } from './lib.mjs';

const promtool = ['/usr/bin/promtool', '/usr/local/bin/promtool'].find((p) => existsSync(p));

test('promtool check metrics is clean, with every family filled in', { skip: !promtool && 'promtool (Debian: prometheus) is not installed' }, async (t) => {
  const d = await new Daemon().start();
  t.after(() => d.stop());
  const { c, conv } = await browser(d);
  await conv.say('I want to target WebAssembly in the browser');
  const text = await (await fetch(`${d.url}/metrics`)).text();
  const r = await run(promtool, ['check', 'metrics'], { input: text });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal((r.stdout + r.stderr).trim(), '', 'no lint warnings');
  assert.doesNotMatch(text, /advisord_kb_/, 'nothing reads as kilobytes');
  assert.match(text, /^advisord_knowledge_base_info\{id="rust-vs-go-2026",hash="[0-9a-f]{64}"\} 1$/m);
  const les = [...text.matchAll(/^advisord_turn_seconds_bucket\{le="([^"]+)"\}/gm)].map((m) => m[1]);
  assert.equal(les[0], '0.0001');
  assert.equal(les.at(-2), '10');
  assert.equal(les.at(-1), '+Inf');
  for (const re of [/^process_cpu_seconds_total [0-9.]+$/m, /^process_resident_memory_bytes [1-9]\d+$/m,
    /^process_open_fds [1-9]\d*$/m, /^process_start_time_seconds 1[0-9]{9}\.\d+$/m,
    /^advisord_conversations_by_state\{state="attached"\} 1$/m,
    /^advisord_conversations_by_state\{state="detached"\} 0$/m,
    /^advisord_refusals_total\{reason="per_address_limit"\} 0$/m,
    /^advisord_reloads_total\{result="ok"\} 0$/m, /^advisord_last_reload_success 1$/m])
    assert.match(text, re);
  const start = Number(/^process_start_time_seconds (\S+)$/m.exec(text)[1]);
  assert.ok(Math.abs(start - Date.now() / 1000) < 120, `start time ${start}`);
  // a conversation whose connection went away waits for its resume
  c.terminate();
  for (let i = 0; i < 50; i++) {
    const m = await (await fetch(`${d.url}/metrics`)).text();
    if (/^advisord_conversations_by_state\{state="detached"\} 1$/m.test(m)) return;
    await sleep(50);
  }
  assert.fail('the conversation never showed as detached');
});

test('metrics_listen serves /metrics and /healthz there, and /metrics nowhere else', async (t) => {
  const d = await new Daemon(['--metrics-listen', '127.0.0.1:0']).start();
  t.after(() => d.stop());
  const mport = Number(/metrics on 127\.0\.0\.1:(\d+)/.exec(d.log)[1]);
  assert.notEqual(mport, d.port);
  const m = await fetch(`http://127.0.0.1:${mport}/metrics`);
  assert.equal(m.status, 200);
  assert.match(await m.text(), /^advisord_build_info/m);
  assert.equal((await fetch(`http://127.0.0.1:${mport}/healthz`)).status, 200);
  assert.equal((await fetch(`http://127.0.0.1:${mport}/`)).status, 404);
  assert.equal((await fetch(`http://127.0.0.1:${mport}/readyz`)).status, 404);
  const pub = await fetch(`${d.url}/metrics`);
  assert.equal(pub.status, 404);
  assert.match(await pub.text(), /served on metrics_listen/);
  assert.equal((await fetch(`${d.url}/healthz`)).status, 200);
  assert.equal((await fetch(`${d.url}/`)).status, 200);
});

test('questions the article does not cover and journal group commits are counted', async (t) => {
  const d = await new Daemon().start();
  t.after(() => d.stop());
  const { conv } = await browser(d);
  const get = async () => (await fetch(`${d.url}/metrics`)).text();
  const count = (text, name) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)[1]);
  const before = await get();
  assert.equal(count(before, 'advisord_questions_not_covered_total'), 0);
  const turn = await conv.say('what is the capital of france?');
  assert.equal(turn.find((m) => m.type === 'answer')?.covered, false, JSON.stringify(turn));
  await conv.say('how much do rust developers earn?');
  const after = await get();
  assert.equal(count(after, 'advisord_questions_not_covered_total'), 1, 'a covered question is not counted');
  // every acknowledged turn was group-committed: the histogram saw them
  assert.ok(count(after, 'advisord_journal_sync_seconds_count') >= 2, after);
  assert.equal(count(after, 'advisord_journal_sync_failures_total'), 0);
  assert.match(after, /^advisord_journal_sync_seconds_bucket\{le="\+Inf"\} [1-9]\d*$/m);
});
