// SPDX-License-Identifier: ISC
// /metrics tells the truth in a form Prometheus accepts: `promtool check
// metrics` is clean; latency buckets span 100 us to 10 s; process figures;
// refusals by reason; conversations by state; reload outcome; and
// metrics_listen moves /metrics off the public listener.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Daemon, ROOT, browser, run, sleep } from './lib.mjs';

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
  // NEWUSER42 #3: a reply answering in part, with a note of what the
  // article lacks, is counted as partly covered, not as not covered
  const part = await conv.say('what place does rust hold on tiobe?');
  const a = part.find((m) => m.type === 'answer');
  assert.ok(a?.covered && /not have "tiobe" for Rust, only for Go/.test(a.plain), JSON.stringify(part));
  const after = await get();
  assert.equal(count(after, 'advisord_questions_not_covered_total'), 1, 'a covered question is not counted');
  assert.equal(count(before, 'advisord_questions_partly_covered_total'), 0);
  assert.equal(count(after, 'advisord_questions_partly_covered_total'), 1, 'an answer in part with its note');
  // every acknowledged turn was group-committed: the histogram saw them
  assert.ok(count(after, 'advisord_journal_sync_seconds_count') >= 2, after);
  assert.equal(count(after, 'advisord_journal_sync_failures_total'), 0);
  assert.match(after, /^advisord_journal_sync_seconds_bucket\{le="\+Inf"\} [1-9]\d*$/m);
});

test('advisord_turn_seconds counts every client message it names: hello, say, transcript and end', async (t) => {
  const d = await new Daemon().start();
  t.after(() => d.stop());
  const count = async () => Number(/^advisord_turn_seconds_count (\d+)$/m.exec(await (await fetch(`${d.url}/metrics`)).text())[1]);
  assert.equal(await count(), 0);
  const { conv } = await browser(d);
  await conv.say('What is Pingora?');
  const tr = await conv.send({ type: 'transcript' });
  assert.ok(tr.some((m) => m.type === 'transcript'), JSON.stringify(tr));
  const end = await conv.send({ type: 'end' });
  assert.ok(end.some((m) => m.type === 'ended'), JSON.stringify(end));
  assert.equal(await count(), 4, 'hello, say, transcript and end are four turns');
  // the HELP says which messages it counts
  assert.match(await (await fetch(`${d.url}/metrics`)).text(), /^# HELP advisord_turn_seconds .*hello, open, resume, say, choose, command, transcript, end/m);
});

test('PROTOCOL.md section 12 names every metric family /metrics serves, and the values of its fixed labels', async (t) => {
  const d = await new Daemon().start();
  t.after(() => d.stop());
  const text = await (await fetch(`${d.url}/metrics`)).text();
  const doc = readFileSync(join(ROOT, 'protocol', 'PROTOCOL.md'), 'utf8');
  const s12 = doc.slice(doc.indexOf('\n## 12.'), doc.indexOf('\n## 13.'));
  const families = [...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]);
  assert.ok(families.length >= 40, `families: ${families.length}`);
  const missing = families.filter((f) => !s12.includes('`' + f + '`') && !s12.includes('`' + f + '{'));
  assert.deepEqual(missing, [], 'metric families missing from PROTOCOL.md section 12');
  // label values the operator filters on (not versions, ids, message types, codes, verdicts)
  const free = new Set(['le', 'version', 'protocol', 'id', 'hash', 'type', 'code', 'verdict']);
  const values = new Set();
  for (const m of text.matchAll(/^\w+\{([^}]*)\}/gm))
    for (const l of m[1].matchAll(/(\w+)="([^"]*)"/g)) if (!free.has(l[1])) values.add(l[2]);
  const absent = [...values].filter((v) => !s12.includes('`' + v + '`'));
  assert.deepEqual(absent, [], 'label values missing from PROTOCOL.md section 12');
});
