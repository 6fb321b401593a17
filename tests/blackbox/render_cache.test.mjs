// SPDX-License-Identifier: ISC
// The parts of replies that depend on the knowledge base alone (a
// question's text and "plain", a claim's citation, a chart's points) are
// rendered once and copied per turn (protocol/render_json.c).  A
// knowledge base reloaded with other words (SIGHUP) must show its own
// words in new conversations, and a conversation begun before the
// reload must go on showing the words of the knowledge base it began on,
// while both are in use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Daemon, ROOT, browser, last, sleep, tempDir } from './lib.mjs';

const ASK = 'how many rust developers are there';
const CLAIM = 'rust-primary-language-2025';

function edit(dir, file, f) {
  const p = join(dir, file);
  const d = JSON.parse(readFileSync(p, 'utf8'));
  f(d);
  writeFileSync(p, JSON.stringify(d, null, 2));
}

// What a user sees of the answer's and the question's words: the
// question asked again after the answer is brief (its line, PROTOCOL.md
// 7.2), so its plain with the choices is the one shown on asking for them.
async function words(conv) {
  const turn = await conv.say(ASK);
  const a = last(turn, 'answer');
  const q = last(await conv.say('choices'), 'question');
  assert.ok(a && q, `an answer and a question: ${JSON.stringify(turn).slice(0, 400)}`);
  const point = a.chart?.points.find((p) => p.claim === CLAIM);
  const cite = a.citations.find((c) => c.claim === CLAIM);
  assert.ok(point && cite, `the answer charts and cites ${CLAIM}: ${JSON.stringify(a).slice(0, 600)}`);
  return { label: point.label, figure: cite.figures[0].label, cite: cite.text, id: q.question, text: q.text, plain: q.plain, choice: q.choices[0].label };
}

test('SIGHUP with other words: new conversations show them, one begun before keeps its own', async (t) => {
  const kb = tempDir('advisord-kb-');
  cpSync(join(ROOT, 'knowledge', 'rust-vs-go-2026'), kb, { recursive: true });
  const d = await new Daemon(['--kb-dir', kb]).start();
  t.after(async () => { await d.stop(); rmSync(kb, { recursive: true, force: true }); });
  const hash = async () => (await (await fetch(`${d.url}/readyz`)).json()).kb.hash;

  const old = await browser(d);
  const before = await words(old.conv);
  assert.ok(before.plain.includes(before.text) && before.plain.includes(before.choice), before.plain);

  const h0 = await hash();
  edit(kb, 'claims.json', (c) => {
    const cl = c.claims.find((x) => x.id === CLAIM);
    cl.text = cl.text.replace('Only', 'Just');
    cl.figures[0].label += ' (edited)';
  });
  edit(kb, 'dialogue.json', (dl) => {
    const qu = dl.questions.find((x) => x.id === before.id);
    qu.text = `Edited: ${qu.text}`;
    qu.choices[0].label = `Edited ${qu.choices[0].label}`;
  });
  d.kill('SIGHUP');
  for (let i = 0; i < 100 && await hash() === h0; i++) await sleep(50);
  assert.notEqual(await hash(), h0, `the edited knowledge base was not taken:\n${d.log}`);

  const now = await browser(d);
  const after = await words(now.conv);
  assert.equal(after.id, before.id);
  assert.equal(after.label, `${before.label} (edited)`, 'the chart point');
  assert.equal(after.figure, `${before.figure} (edited)`, 'the citation\'s figure');
  assert.equal(after.cite, before.cite.replace('Only', 'Just'), 'the citation');
  assert.equal(after.text, `Edited: ${before.text}`, 'the question');
  assert.equal(after.choice, `Edited ${before.choice}`, 'its first choice');
  assert.ok(after.plain.includes(after.text) && after.plain.includes(after.choice), after.plain);
  assert.ok(!after.plain.includes(`) ${before.text}`), after.plain);

  // the conversation begun before is still on the knowledge base it began on
  const again = await words(old.conv);
  assert.deepEqual({ ...again, plain: undefined }, { ...before, plain: undefined });
  assert.ok(again.plain.includes(before.text) && !again.plain.includes('Edited'), again.plain);
  old.c.close();
  now.c.close();
});
