// SPDX-License-Identifier: ISC
// The page knows nothing about Rust or Go: served by a daemon running the
// tiny bike-or-bus knowledge base (tests/kb/tiny), it shows that article's
// title, questions, verdicts and table, coloured by that base's own order.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT } from '../blackbox/lib.mjs';
import { fixture, start, assertClean, waitIdle, questionId, walkByClicking } from './helpers.mjs';

const env = fixture({ before, after }, ['--kb-dir', join(ROOT, 'tests', 'kb', 'tiny')]);

const toneColor = (page, n) => page.evaluate((k) => {
  const probe = document.createElement('span');
  probe.style.color = `var(--tone-${k})`;
  document.body.append(probe);
  const c = getComputedStyle(probe).color;
  probe.remove();
  return c;
}, n);

test('another knowledge base walks to its own verdicts, in its own colours', async (t) => {
  const { page, problems } = await start(t, env);
  assert.equal(await page.locator('#kb-title').textContent(), 'Fixture: bike or bus to work');
  assert.equal(await page.locator('h1').textContent(), 'Bike or Bus?');
  assert.equal(await page.title(), 'Bike or Bus? · advisord');
  assert.equal(await questionId(page), 'distance');

  await walkByClicking(page, { distance: 'short', weather: 'dry' });
  let card = page.locator('.card.rec').last();
  assert.equal(await card.locator('h2').textContent(), 'Bike');
  assert.match(await card.getAttribute('class'), /\btone-1\b/, 'the first outcome has the first tone');
  assert.equal(await card.locator('.verdict').evaluate((e) => getComputedStyle(e).color), await toneColor(page, 1));

  // restart, and the other way
  await page.getByRole('navigation', { name: 'Conversation commands' }).getByRole('button', { name: 'Restart', exact: true }).click();
  await waitIdle(page);
  await walkByClicking(page, { distance: 'long', weather: 'rainy' });
  card = page.locator('.card.rec').last();
  assert.equal(await card.locator('h2').textContent(), 'Bus');
  assert.match(await card.getAttribute('class'), /\btone-2\b/);
  assert.notEqual(await toneColor(page, 1), await toneColor(page, 2));
  await assertClean(page, problems);
});
