// SPDX-License-Identifier: ISC
// A calm page: everything said once, a neutral focus ring, citations
// grouped under their source, long cards collapsed to the essentials,
// each figure charted once, and no internal ids in the page or in the
// Markdown transcript.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../blackbox/lib.mjs';
import { fixture, start, assertClean, waitIdle, walkByClicking, visibleText, occurrences, PHONE, say, act } from './helpers.mjs';

const env = fixture({ before, after });

const KB = join(ROOT, 'knowledge', 'rust-vs-go-2026');
const claims = JSON.parse(readFileSync(join(KB, 'claims.json'), 'utf8')).claims;
const dialogue = JSON.parse(readFileSync(join(KB, 'dialogue.json'), 'utf8'));

// Ids a person would recognise as ids: those with a dash or an underscore
// (claim ids, question and choice ids such as memory_safety), and
// "question = choice" pairs.
const IDS = [
  ...claims.map((c) => c.id),
  ...dialogue.questions.map((q) => q.id),
  ...dialogue.questions.flatMap((q) => q.choices.map((c) => c.id)),
].filter((id) => /[-_]/.test(id));

function leakedIds(text) {
  const found = IDS.filter((id) => new RegExp(`(^|[^\\p{L}\\p{N}-])${id}($|[^\\p{L}\\p{N}-])`, 'u').test(text));
  for (const q of dialogue.questions) {
    if (new RegExp(`\\b${q.id}\\s*=`).test(text)) found.push(`${q.id} =`);
  }
  return found;
}

test('the first screen says the central question and the progress once', async (t) => {
  const { page, problems } = await start(t, env);
  const central = await page.locator('.msg.welcome .central').textContent();
  assert.ok(central.length > 20, central);
  const seen = await visibleText(page);
  // the question's substance without its first words ("Am I" / "are you")
  const core = central.split(/\s+/).slice(2).join(' ').replace(/[?.]$/, '');
  assert.equal(occurrences(seen, core), 1, `"${core}" once in:\n${seen}`);
  assert.equal((seen.match(/Up to \d+ questions/g) || []).length, 1, seen);
  // screen readers still hear the step with the question
  assert.match(await page.locator('.msg.question').last().textContent(), /Up to \d+ questions/);
  await assertClean(page, problems);
});

test('what was understood is listed once', async (t) => {
  const { page, problems } = await start(t, env);
  await say(page, 'Java dev, we build microservices on Kubernetes, need to ship fast');
  const notice = page.locator('.msg.notice.event-understood').last();
  const labels = await notice.locator('.understood li strong').allTextContents();
  assert.ok(labels.length >= 3, labels.join(' | '));
  const seen = await visibleText(page);
  const noticeText = await notice.innerText();
  for (const l of labels) assert.equal(occurrences(noticeText, l), 1, `"${l}" once in the notice:\n${noticeText}`);
  assert.ok(!/^\s*-\s/m.test(noticeText), 'no text bullets beside the list');
  assert.ok(seen.includes('Here is what I understood'));
  await assertClean(page, problems);
});

// Relative luminance and contrast ratio (WCAG 2.1).
function luminance([r, g, b]) {
  const f = (v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
}
const contrast = (a, b) => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
};
const rgb = (s) => s.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
const chroma = (c) => Math.max(...c) - Math.min(...c);

for (const scheme of ['light', 'dark']) {
  test(`the keyboard focus ring is neutral and visible (${scheme})`, async (t) => {
    const { page, problems } = await start(t, env, { colorScheme: scheme });
    // reach the first choice with the keyboard from the message box
    await page.locator('#msg').focus();
    await page.keyboard.press('Shift+Tab');
    await page.locator('button.choice').first().focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
    const s = await page.evaluate(() => {
      const a = document.activeElement;
      const cs = getComputedStyle(a);
      const root = getComputedStyle(document.documentElement);
      const probe = document.createElement('span');
      document.body.append(probe);
      const color = (v) => { probe.style.color = root.getPropertyValue(v); return getComputedStyle(probe).color; };
      const out = {
        isChoice: a.classList.contains('choice'),
        focusVisible: a.matches(':focus-visible'),
        outline: cs.outlineColor, width: parseFloat(cs.outlineWidth), style: cs.outlineStyle,
        border: cs.borderTopColor, accent: color('--accent'), bad: color('--bad-text'),
        bg: color('--bg'), surface: color('--surface'),
      };
      probe.remove();
      return out;
    });
    assert.ok(s.isChoice && s.focusVisible, JSON.stringify(s));
    assert.ok(s.style !== 'none' && s.width >= 2, JSON.stringify(s));
    const ring = rgb(s.outline);
    // not a colour: grey, neither the accent of a selection nor the red of an error
    assert.ok(chroma(ring) <= 40, `focus ring ${s.outline} is grey, not a colour`);
    assert.ok(chroma(rgb(s.accent)) > 60 && chroma(rgb(s.bad)) > 60, 'the states it must not look like are colours');
    assert.notEqual(s.outline, s.border);
    // visible: at least 3:1 against the page and the message surface (WCAG 1.4.11)
    assert.ok(contrast(ring, rgb(s.bg)) >= 3, `ring vs page ${contrast(ring, rgb(s.bg)).toFixed(2)}`);
    assert.ok(contrast(ring, rgb(s.surface)) >= 3, `ring vs surface ${contrast(ring, rgb(s.surface)).toFixed(2)}`);
    await assertClean(page, problems);
  });
}

test('a quick recommendation card shows the essentials; evidence and caveats are one click away', async (t) => {
  const { page, problems } = await start(t, env, { viewport: PHONE, isMobile: true });
  await say(page, 'Java dev, we build microservices on Kubernetes, need to ship fast');
  const card = page.locator('.card.rec').last();
  assert.match(await card.locator('.eyebrow').textContent(), /^Quick recommendation/);
  // at most three reasons in view, no claim text until asked
  assert.ok(await card.locator('.reasons > li:visible').count() <= 3);
  assert.equal(await card.locator('.cite-text:visible').count(), 0);
  // on a phone the card fits in about a screen and a half (it was ~3,100 px with 18 citation boxes)
  const h = (await card.boundingBox()).height;
  assert.ok(h < 1.7 * PHONE.height, `card height ${h}px`);
  // each reason's evidence is one line naming each source once
  const evs = card.locator('details.evidence');
  const n = await evs.count();
  assert.ok(n >= 2);
  for (let i = 0; i < n; i++) {
    const sum = await evs.nth(i).locator('> summary').textContent();
    const names = sum.replace(/^Sources: /, '').replace(/ · \d+ claims?$/, '').split(', ');
    assert.equal(new Set(names).size, names.length, sum);
  }
  // one click opens a reason's claims; one click opens the rest of the card
  await evs.first().locator('> summary').click();
  assert.ok(await evs.first().locator('.cite-text:visible').count() >= 1);
  const more = card.locator('details.more');
  assert.match(await more.locator('> summary').textContent(), /^More: .*thing/);
  await more.locator('> summary').click();
  assert.ok(await card.locator('.caveats > li:visible').count() >= 1);
  // a claim is listed once in the whole card
  const ids = await card.locator('[data-claim]').evaluateAll((ns) => ns.map((x) => x.dataset.claim));
  assert.equal(new Set(ids).size, ids.length, ids.join(' '));
  // "points to Go" under a reason for Go says nothing new
  assert.equal(await card.locator('.reason.for .reason-tag', { hasText: /^points to Go$/ }).count(), 0);
  await assertClean(page, problems);
});

// Chart bars as (label, value) pairs.
async function bars(answer) {
  return answer.locator('canvas').evaluate((c) => {
    const ch = window.Chart.getChart(c);
    return ch.data.labels.map((l, i) => `${[].concat(l).join(' ')} = ${JSON.stringify(ch.data.datasets[0].data[i])}`);
  });
}

test('a chart plots each figure once', async (t) => {
  const { page, problems } = await start(t, env);
  // two claims cite Rust's median salary, one with its year: one figure
  await say(page, 'what do rust devs earn vs go devs');
  const a = page.locator('.msg.answer').last();
  await a.locator('canvas').waitFor();
  const b = await bars(a);
  assert.equal(b.length, 2, b.join('\n'));
  assert.equal(new Set(b.map((x) => x.replace(/^.*= /, ''))).size, 2, b.join('\n'));
  // a single figure is said by its citation, without a one-bar chart
  await say(page, "what's the rust salary?");
  const one = page.locator('.msg.answer').last();
  assert.equal(await one.locator('canvas').count(), 0);
  assert.match(await one.innerText(), /\$145k-\$185k|145,?000/);
  await assertClean(page, problems);
});

test('no internal ids in the page or in the Markdown transcript', async (t) => {
  const { page, problems } = await start(t, env);
  const check = async (where) => {
    const leaks = leakedIds(await visibleText(page));
    assert.deepEqual(leaks, [], `ids shown ${where}`);
  };
  await check('on the first screen');
  await say(page, 'How many lines of Windows has Microsoft rewritten in Rust?');
  await page.locator('.msg.answer details.cite > summary').first().click();
  await check('with an answer and its citation open');
  await walkByClicking(page, { building: 'infra', memory_safety: 'yes', background: 'cpp' });
  const card = page.locator('.card.rec').last();
  for (const d of await card.locator('details > summary').all()) await d.click();
  await check('on an opened recommendation card');
  await act(page, () => card.getByRole('button', { name: 'Why?' }).click());
  await act(page, () => card.getByRole('button', { name: 'What would change it?' }).click());
  await act(page, () => page.getByRole('button', { name: 'Summary', exact: true }).click());
  await act(page, () => page.getByRole('button', { name: 'Table', exact: true }).click());
  await check('after why, what would change it, summary and table');
  await act(page, () => page.getByRole('button', { name: 'Transcript', exact: true }).click());
  await page.locator('.card.transcript .badge.ok').waitFor();
  await check('with the transcript card');
  // the readable copy says what was chosen in words
  const [dl] = await Promise.all([page.waitForEvent('download'),
    page.locator('.card.transcript').getByRole('link', { name: /Markdown/ }).click()]);
  const md = readFileSync(await dl.path(), 'utf8');
  // the renderer's own lines (headings, the user's acts) carry no ids
  const own = md.split('\n').filter((l) => !l.startsWith('>')).join('\n');
  assert.deepEqual(leakedIds(own), [], 'ids in the Markdown transcript');
  // The advisor's words are its plain text, written by the renderer:
  // sources by name, never claim ids.
  const quoted = md.split('\n').filter((l) => l.startsWith('>')).join('\n');
  assert.deepEqual(leakedIds(quoted), [], 'ids in the advisor\'s plain text');
  const building = dialogue.questions.find((q) => q.id === 'building');
  const infra = building.choices.find((c) => c.id === 'infra');
  assert.ok(md.includes(`*answered “${building.text}”: “${infra.label}”*`), md.slice(0, 3000));
  assert.ok(!/\*choose /.test(md));
  await assertClean(page, problems);
});
