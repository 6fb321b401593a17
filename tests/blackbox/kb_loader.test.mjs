// A knowledge base the loader must reject without harm: its first question
// lacks "why" and a second question follows.  The loader used to build the
// second question in the rejected one's slot, inherit its count of choices
// and write past the end of an array: `advisord -n` died of SIGSEGV and a
// SIGHUP with that knowledge base on disk killed the running daemon.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ADVISORD, Daemon, ROOT, browser, last, run, sleep, tempDir } from './lib.mjs';

const WANT = "dialogue.json: $.questions[0]: missing field 'why'";

// A copy of the article's knowledge base; broken: without questions[0].why.
function kbCopy({ broken = false } = {}) {
  const dir = tempDir('advisord-kb-');
  cpSync(join(ROOT, 'knowledge', 'rust-vs-go-2026'), dir, { recursive: true });
  if (broken) breakKb(dir);
  return dir;
}

function breakKb(dir) {
  const f = join(dir, 'dialogue.json');
  const d = JSON.parse(readFileSync(f, 'utf8'));
  assert.ok(d.questions.length >= 2, 'a second question follows the first');
  delete d.questions[0].why;
  writeFileSync(f, JSON.stringify(d, null, 2));
}

test('advisord -n with the knowledge base prints its errors and exits 1, no signal', async (t) => {
  const kb = kbCopy({ broken: true });
  t.after(() => rmSync(kb, { recursive: true, force: true }));
  const r = await run(ADVISORD, ['-n', '--kb-dir', kb]);
  assert.equal(r.signal, null, `killed by ${r.signal}:\n${r.stderr}`);
  assert.equal(r.code, 1, r.stderr);
  assert.ok(r.stderr.includes(WANT), r.stderr);
  assert.match(r.stderr, /the knowledge base .*has \d+ errors?:/);
  assert.doesNotMatch(r.stderr, /AddressSanitizer|runtime error/);
});

test('SIGHUP with the knowledge base on disk: logged, rejected, conversations go on', async (t) => {
  const kb = kbCopy();
  const d = await new Daemon(['--kb-dir', kb]).start();
  t.after(async () => { await d.stop(); rmSync(kb, { recursive: true, force: true }); });
  const before = (await (await fetch(`${d.url}/readyz`)).json()).kb.hash;
  const { c, conv } = await browser(d);
  const first = await conv.choose('building', 'apis');
  const q = last(first, 'question');
  assert.ok(q && q.choices.length >= 2, JSON.stringify(first));

  breakKb(kb);
  d.kill('SIGHUP');
  // the rejection and its reasons are logged in several writes: wait for the last we check
  for (let i = 0; i < 100 && !d.log.includes(WANT) && !d.exited; i++) await sleep(50);
  assert.equal(d.exited, null, `the daemon died:\n${d.log}`);
  assert.match(d.log, /reload: knowledge base .* rejected/);
  assert.ok(d.log.includes(WANT), d.log);

  // the bystander's conversation goes on where it was, on the old kb
  const next = await conv.choose(q.question, q.choices[0].id);
  assert.equal(next.filter((m) => m.type === 'error').length, 0, JSON.stringify(next));
  assert.ok(next.some((m) => m.type === 'question' || m.type === 'recommendation'),
    JSON.stringify(next));
  assert.notEqual(last(next, 'question')?.question, q.question, 'the answer was taken');
  const now = (await (await fetch(`${d.url}/readyz`)).json()).kb.hash;
  assert.equal(now, before);
  const m = await (await fetch(`${d.url}/metrics`)).text();
  assert.match(m, /advisord_reloads_total\{result="failed"\} 1/);
  c.close();
});
