// SPDX-License-Identifier: ISC
// Accessibility beyond the screenshots' states (screens.test.mjs runs
// axe-core on those): the live regions announce each new message once,
// and not again after a reload; the states of explanations, summary, help
// and a quick recommendation with everything opened pass axe-core; the
// card's disclosures work from the keyboard; reduced motion is honoured.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, start, assertClean, assertAccessible, waitIdle, waitQuestion, PHONE, say, act } from './helpers.mjs';

const env = fixture({ before, after });

// What polite live regions would say: every node added inside one, with
// the number of live regions around it, recorded when the browser
// delivers the mutation (a region that is off or busy then says nothing).
function recordAnnouncements() {
  window.__said = [];
  const liveOf = (e) => {
    const al = e.getAttribute('aria-live');
    if (al) return al;
    const role = e.getAttribute('role');
    if (role === 'log' || role === 'status') return 'polite';
    if (role === 'alert') return 'assertive';
    return null;
  };
  new MutationObserver((records) => {
    for (const r of records) {
      for (const n of r.addedNodes) {
        const start = n.nodeType === 1 ? n : n.parentElement;
        if (!start) continue;
        const regions = [];
        for (let e = start; e; e = e.parentElement) if (liveOf(e)) regions.push(e);
        const text = (n.textContent || '').trim();
        if (!regions.length || !text) continue;
        const nearest = regions[0];
        const speaks = liveOf(nearest) !== 'off' && nearest.getAttribute('aria-busy') !== 'true';
        window.__said.push({ text, regions: regions.filter((e) => liveOf(e) !== 'off').length, speaks, region: nearest.id });
      }
    }
  }).observe(document, { childList: true, subtree: true });
}

test('each new message is announced once, by one live region, and not again after a reload', async (t) => {
  const { page, context, problems } = await start(t, env);
  await context.addInitScript(recordAnnouncements);
  await page.reload();
  await waitQuestion(page);
  // no live region inside another, anywhere on the page
  const nested = await page.evaluate(() => [...document.querySelectorAll('[aria-live], [role=log], [role=status], [role=alert]')]
    .filter((e) => e.parentElement && e.parentElement.closest('[aria-live], [role=log], [role=status], [role=alert]'))
    .map((e) => e.id || e.className));
  assert.deepEqual(nested, []);

  await page.evaluate(() => { window.__said = []; });
  await say(page, 'How many lines of Windows has Microsoft rewritten in Rust?');
  await page.locator('.msg.answer details.cite > summary').first().click();
  await act(page, () => page.locator('.msg[data-question]:has(.choices) button.choice[data-choice="infra"]').click());
  const said = await page.evaluate(() => window.__said);
  const msgs = said.filter((s) => s.region === 'log');
  // the answer's words once, by the log alone
  const answer = await page.locator('.msg.answer p.text').first().textContent();
  const ofAnswer = msgs.filter((s) => s.speaks && s.text.includes(answer));
  assert.equal(ofAnswer.length, 1, JSON.stringify(msgs, null, 1));
  assert.ok(said.every((s) => s.regions <= 1), JSON.stringify(said.filter((s) => s.regions > 1)));
  // opening a citation or answering a question re-announces nothing said before
  const texts = msgs.filter((s) => s.speaks).map((s) => s.text);
  assert.equal(new Set(texts).size, texts.length, texts.join('\n---\n'));

  // after a reload the conversation is shown again, silently
  await page.reload();
  await waitQuestion(page);
  await page.locator('.msg.answer').waitFor();
  await page.waitForFunction(() => document.getElementById('log').getAttribute('aria-live') === 'polite');
  const again = await page.evaluate(() => window.__said.filter((s) => s.speaks && s.region === 'log'));
  assert.deepEqual(again.filter((s) => s.text.includes(answer)), [], 'the answer is not announced again');
  // and what comes next is announced as before
  await say(page, 'What is the best pizza topping?');
  const later = await page.evaluate(() => window.__said.filter((s) => s.speaks && s.region === 'log').map((s) => s.text));
  assert.ok(later.some((s) => /pizza|doesn't cover|not cover/i.test(s)), later.join('\n'));
  await assertClean(page, problems);
});

test('explanations, summary, help and words not understood pass axe-core in both themes', async (t) => {
  const { page, problems } = await start(t, env);
  await act(page, () => page.locator('button.choice[data-choice="apis"]').click());
  await say(page, 'fly me to the moon');
  await act(page, () => page.getByRole('button', { name: 'Why this question?' }).last().click());
  await act(page, () => page.getByRole('button', { name: 'Summary', exact: true }).click());
  await act(page, () => page.getByRole('button', { name: 'Help', exact: true }).click());
  await act(page, () => page.getByRole('button', { name: 'Back', exact: true }).click());
  await act(page, () => page.getByRole('button', { name: 'Back', exact: true }).click());
  for (const colorScheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme });
    await assertAccessible(page, `with explanations, summary, help and an error (${colorScheme})`);
  }
  await assertClean(page, problems);
});

test('a quick recommendation on a phone: its disclosures work from the keyboard and pass axe-core', async (t) => {
  const { page, problems } = await start(t, env, { viewport: PHONE, isMobile: true });
  await say(page, 'Java dev, we build microservices on Kubernetes, need to ship fast');
  const card = page.locator('.card.rec').last();
  await card.locator('h2').focus();
  // Tab to the first reason's sources and open them with Enter
  const focusedText = () => page.evaluate(() => document.activeElement.textContent);
  for (let i = 0; i < 10 && !/^Sources:/.test(await focusedText()); i++) await page.keyboard.press('Tab');
  assert.match(await focusedText(), /^Sources:/);
  await page.keyboard.press('Enter');
  assert.equal(await card.locator('details.evidence').first().getAttribute('open'), '');
  // on to "More" and open it with the space bar
  for (let i = 0; i < 20 && !/^More:/.test(await focusedText()); i++) await page.keyboard.press('Tab');
  assert.match(await focusedText(), /^More:/);
  await page.keyboard.press(' ');
  assert.equal(await card.locator('.caveats').isVisible(), true);
  for (const colorScheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme });
    await assertAccessible(page, `with an opened quick recommendation on a phone (${colorScheme})`);
  }
  await assertClean(page, problems);
});

test('reduced motion is honoured: no animated dots, no chart animation', async (t) => {
  const { page, problems } = await start(t, env, { reducedMotion: 'no-preference' });
  const dots = () => page.evaluate(() => getComputedStyle(document.querySelector('.typing-dots span')).animationName);
  assert.equal(await dots(), 'blink');
  await say(page, 'How do Rust and Go salaries compare?');
  const animated = () => page.locator('.msg.answer canvas').last().evaluate((c) => window.Chart.getChart(c).options.animation !== false);
  assert.equal(await animated(), true, 'charts animate by default');
  await page.emulateMedia({ reducedMotion: 'reduce' });
  assert.equal(await dots(), 'none');
  await say(page, 'How do Rust and Go salaries compare?');
  assert.equal(await animated(), false, 'a chart drawn under reduced motion does not animate');
  await assertClean(page, problems);
});
