// SPDX-License-Identifier: ISC
// Screenshots of the main states, at desktop and phone sizes, in the light
// and the dark theme, under $SCREENSHOTS (default build/screenshots):
// welcome-*, midwalk-*, answer-*, recommendation-*, recommendation-open-*,
// table-*, transcript-*, verify-*.  Each state is checked by axe-core (0
// WCAG 2.1 AA violations) and each screenshot compared with its baseline in
// tests/browser/baselines (update them with `make update-baselines`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, start, assertClean, waitIdle, walkByClicking, shots, SCREENSHOTS, DESKTOP, PHONE } from './helpers.mjs';

const env = fixture({ before, after });

async function act(page, fn) {
  const n = await page.locator('.msg').count();
  await fn();
  await page.waitForFunction((k) => document.querySelectorAll('.msg').length > k, n);
  await waitIdle(page);
}

// Scroll the conversation so that the element's top is at the top.
async function showTop(locator) {
  await locator.evaluate((node) => {
    const s = document.getElementById('scroller');
    s.scrollTop = node.getBoundingClientRect().top - s.getBoundingClientRect().top + s.scrollTop - 8;
  });
}

for (const [size, viewport, isMobile] of [['desktop', DESKTOP, false], ['phone', PHONE, true]]) {
  test(`screenshots of the main states (${size})`, async (t) => {
    const { page, problems } = await start(t, env, { viewport, isMobile });
    // nothing is wider than the screen
    const overflow = () => page.evaluate(() => {
      const s = document.getElementById('scroller');
      return Math.max(document.documentElement.scrollWidth - window.innerWidth, s.scrollWidth - s.clientWidth);
    });
    await shots(page, `welcome-${size}`);
    assert.ok(await overflow() <= 0, 'no horizontal scrolling');

    // mid-walk: one answer given by clicking, the next question pending
    await act(page, () => page.locator('button.choice[data-choice="infra"]').click());
    await shots(page, `midwalk-${size}`);
    await act(page, () => page.getByRole('button', { name: 'Back', exact: true }).click());

    await act(page, async () => {
      await page.locator('#msg').fill('How do Rust and Go salaries compare?');
      await page.keyboard.press('Enter');
    });
    const answer = page.locator('.msg.answer').last();
    await answer.locator('canvas').waitFor();
    await answer.locator('details.cite summary').first().click();
    await showTop(answer);
    await shots(page, `answer-${size}`);
    assert.ok(await overflow() <= 0, 'the answer and its chart fit the width');

    await walkByClicking(page, { building: 'infra', memory_safety: 'yes', background: 'cpp' });
    const card = page.locator('.card.rec').last();
    await showTop(card);
    await shots(page, `recommendation-${size}`);
    assert.ok(await overflow() <= 0, 'the card fits the width');
    // everything the card keeps one click away, opened
    for (const d of await card.locator('details > summary').all()) await d.click();
    await showTop(card.locator('details.more'));
    await shots(page, `recommendation-open-${size}`);
    assert.ok(await overflow() <= 0, 'the opened card fits the width');

    await act(page, () => page.getByRole('button', { name: 'Table', exact: true }).click());
    const table = page.locator('.card.table-card').last();
    await showTop(table);
    await shots(page, `table-${size}`);
    assert.ok(await overflow() <= 0, 'the table scrolls inside its box');

    await act(page, () => page.getByRole('button', { name: 'Transcript', exact: true }).click());
    const tr = page.locator('.card.transcript').last();
    await tr.locator('.badge.ok').waitFor();
    await showTop(tr);
    // the signing key, the record count and the file name change from run to run
    const mask = [tr.locator('p.text'), tr.locator('.badge-msg'), tr.locator('.aside code')];
    await shots(page, `transcript-${size}`, { mask });

    await page.getByRole('button', { name: 'Verify a file' }).click();
    await page.getByRole('dialog').waitFor();
    await shots(page, `verify-${size}`, { mask });
    await page.getByRole('button', { name: 'Close' }).click();

    for (const name of ['welcome', 'midwalk', 'answer', 'recommendation', 'recommendation-open', 'table', 'transcript', 'verify']) {
      for (const scheme of ['light', 'dark']) assert.ok(existsSync(join(SCREENSHOTS, `${name}-${size}-${scheme}.png`)));
    }
    await assertClean(page, problems);
  });
}
