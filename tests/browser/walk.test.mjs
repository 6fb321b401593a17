// SPDX-License-Identifier: ISC
// The walk in the browser: clicking choices to a recommendation card, back
// and restart, the comparison table, summary and help, and a whole walk
// with the keyboard only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, start, assertClean, waitIdle, waitQuestion, questionId, walkByClicking } from './helpers.mjs';

const env = fixture({ before, after });

const tool = (page, name) => page.getByRole('navigation', { name: 'Conversation commands' }).getByRole('button', { name, exact: true });
const msgCount = (page) => page.locator('.msg').count();

async function clickAndWait(page, locator) {
  const n = await msgCount(page);
  await locator.click();
  await page.waitForFunction((k) => document.querySelectorAll('.msg').length > k, n);
  await waitIdle(page);
}

test('a walk by clicking choices ends with a recommendation card', async (t) => {
  const { page, problems } = await start(t, env);
  // the welcome, the first question with its choices, the progress
  await assert.doesNotReject(page.locator('.msg.notice.welcome').waitFor());
  assert.equal(await questionId(page), 'building');
  assert.equal(await page.locator('h1').textContent(), 'Rust or Go?', 'the heading names the choice');
  assert.match(await page.locator('#progress-text').textContent(), /^Up to \d+ questions$/);
  assert.equal(await page.locator('#conn').getAttribute('data-state'), 'online');
  assert.equal(await page.locator('#conn-text').textContent(), 'Connected');
  // the log is a polite live region
  assert.equal(await page.locator('#log').getAttribute('role'), 'log');
  assert.equal(await page.locator('#log').getAttribute('aria-live'), 'polite');

  await clickAndWait(page, page.locator('button.choice[data-choice="kernel"]'));
  assert.match(await page.locator('#progress-text').textContent(), /^1 answered, up to \d+ more$/);
  // the answer is echoed as the user's message; only the pending question has buttons
  assert.equal(await page.locator('.msg.user').last().textContent(), 'You: OS components, kernels, drivers or embedded firmware');
  assert.equal(await page.locator('.msg .choices').count(), 1);

  await walkByClicking(page, { memory_safety: 'yes', background: 'cpp' });
  const card = page.locator('.card.rec').last();
  assert.equal(await card.locator('h2').textContent(), 'Rust');
  // focus went to the verdict
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Rust');
  assert.match(await card.locator('.conf-text').textContent(), /^Confidence: \d+% \((high|medium|low)\)$/);
  assert.ok(await card.locator('.reasons > li').count() >= 2);
  assert.ok(await card.locator('.caveats > li').count() >= 1);
  // each reason's evidence is one click away: its source named once, its claims
  const ev = card.locator('.reasons > li').first().locator('details.evidence');
  assert.match(await ev.locator('summary').textContent(), /^Sources: the article(, [^·]+)? · \d+ claims?$/);
  assert.equal(await ev.locator('.cite-text').first().isVisible(), false);
  await ev.locator('summary').click();
  assert.equal(await ev.getAttribute('open'), '');
  assert.ok((await ev.locator('.cite-text').first().textContent()).length > 20);
  // the caveats are one click away too
  const more = card.locator('details.more');
  assert.equal(await card.locator('.caveats').isVisible(), false);
  await more.locator('> summary').click();
  assert.equal(await card.locator('.caveats').isVisible(), true);
  // the walk is over: no pending question, no progress bar
  assert.equal(await page.locator('.msg .choices').count(), 0);
  assert.equal(await page.locator('#progress').isHidden(), true);

  // Why? and What would change it?
  await clickAndWait(page, card.getByRole('button', { name: 'Why?' }));
  assert.match(await page.locator('.msg.explanation').last().locator('.eyebrow').textContent(), /^Why Rust/);
  await clickAndWait(page, card.getByRole('button', { name: 'What would change it?' }));
  const wwc = page.locator('.msg.explanation').last();
  assert.match(await wwc.locator('.eyebrow').textContent(), /^What would change the verdict/);
  assert.ok(await wwc.locator('.alts > li').count() >= 1);
  // "What if?" on an alternative asks without changing anything
  await clickAndWait(page, wwc.getByRole('button', { name: 'What if?' }).first());
  assert.equal(await page.locator('.msg.explanation').last().locator('.eyebrow').textContent(), 'What if');
  // Restart from the card: the first question again
  await clickAndWait(page, card.getByRole('button', { name: 'Restart' }));
  await waitQuestion(page, 'building');
  assert.match(await page.locator('#progress-text').textContent(), /^Up to \d+ questions$/);
  await assertClean(page, problems);
});

test('back undoes the last answer and restart starts over', async (t) => {
  const { page, problems } = await start(t, env);
  await clickAndWait(page, page.locator('button.choice[data-choice="apis"]'));
  const second = await questionId(page);
  assert.notEqual(second, 'building');
  await clickAndWait(page, page.locator('.msg[data-question]:has(.choices) button.choice').first());
  const third = await questionId(page);
  assert.notEqual(third, second);

  await clickAndWait(page, tool(page, 'Back'));
  assert.equal(await page.locator('.msg.user').last().textContent(), 'You: Back');
  await page.locator('.msg.notice.event-undo').waitFor();
  assert.equal(await questionId(page), second);
  assert.match(await page.locator('#progress-text').textContent(), /^1 answered, up to \d+ more$/);

  await clickAndWait(page, tool(page, 'Back'));
  assert.equal(await questionId(page), 'building');
  // nothing left to undo: the error is said in words, the question stays
  await clickAndWait(page, tool(page, 'Back'));
  assert.match(await page.locator('.msg.advisor.error').last().textContent(), /nothing to undo/i);
  assert.equal(await questionId(page), 'building');

  await clickAndWait(page, page.locator('button.choice[data-choice="wasm"]'));
  await clickAndWait(page, tool(page, 'Restart'));
  await page.locator('.msg.notice.event-restart').waitFor();
  assert.equal(await questionId(page), 'building');
  assert.match(await page.locator('#progress-text').textContent(), /^Up to \d+ questions$/);
  // the summary shows nothing answered after a restart
  await clickAndWait(page, tool(page, 'Summary'));
  const summary = page.locator('.msg.summary').last();
  assert.ok(await summary.locator('dt').count() >= 5);
  assert.match(await summary.locator('dd').first().textContent(), /not answered yet/);
  await assertClean(page, problems);
});

test('the comparison table, help and summary are reachable by buttons', async (t) => {
  const { page, problems } = await start(t, env);
  await clickAndWait(page, page.locator('button.choice[data-choice="infra"]'));
  const pendingBefore = await questionId(page);

  await clickAndWait(page, tool(page, 'Table'));
  const table = page.getByRole('table');
  await table.waitFor();
  assert.match(await table.locator('caption').textContent(), /comparison/i);
  const heads = await table.locator('thead th[scope="col"]').allTextContents();
  assert.deepEqual(heads, ['Dimension', 'Rust', 'Go', 'Verdict']);
  const rows = table.locator('tbody tr');
  assert.equal(await rows.count(), 10);
  for (let i = 0; i < 10; i++) {
    assert.equal(await rows.nth(i).locator('th[scope="row"]').count(), 1);
    assert.ok((await rows.nth(i).locator('.verdict-tag').textContent()).length > 0);
  }
  assert.equal(await rows.first().locator('th').textContent(), 'Learning curve');
  assert.equal(await rows.first().locator('.verdict-tag').textContent(), 'Go');
  // each row's claim is cited
  assert.equal(await page.locator('.msg.table .cite-list > li').count(), 10);
  // the walk goes on where it was
  assert.equal(await questionId(page), pendingBefore);

  await clickAndWait(page, tool(page, 'Help'));
  const help = page.locator('.msg.help').last();
  assert.ok(await help.locator('dt').count() >= 5);
  await clickAndWait(page, tool(page, 'Summary'));
  const summary = page.locator('.msg.summary').last();
  assert.match(await summary.textContent(), /Proxies, networking stacks/);
  // "Change" on an answer asks that question again, with the current answer marked
  await clickAndWait(page, summary.getByRole('button', { name: 'Change' }).first());
  assert.equal(await questionId(page), 'building');
  assert.equal(await page.locator('.msg[data-question]:has(.choices) .choice.current').getAttribute('data-choice'), 'infra');
  await assertClean(page, problems);
});

// Keyboard only: Tab, Shift+Tab, Enter, Space and typing.
test('a walk can be completed with the keyboard only', async (t) => {
  const { page, problems } = await start(t, env);
  const active = () => page.evaluate(() => {
    const a = document.activeElement;
    return {
      tag: a.tagName,
      id: a.id,
      cls: a.className,
      text: a.textContent,
      question: a.closest('.msg[data-question]')?.dataset.question ?? null,
      outline: getComputedStyle(a).outlineStyle,
    };
  });
  async function tabTo(pred, { shift = false, max = 60 } = {}) {
    for (let i = 0; i < max; i++) {
      const a = await active();
      if (pred(a)) return a;
      await page.keyboard.press(shift ? 'Shift+Tab' : 'Tab');
    }
    throw new Error(`focus never reached the target; at ${JSON.stringify(await active())}`);
  }
  const isChoice = (a) => a.tag === 'BUTTON' && a.cls.includes('choice');
  async function pressAndWait(key) {
    const n = await msgCount(page);
    await page.keyboard.press(key);
    await page.waitForFunction((k) => document.querySelectorAll('.msg').length > k, n);
    await waitIdle(page);
  }

  // the first question's first choice has the focus when it arrives
  let a = await active();
  assert.ok(isChoice(a), `focus on a choice: ${JSON.stringify(a)}`);
  assert.equal(a.question, 'building');
  await pressAndWait('Enter');
  a = await active();
  assert.ok(isChoice(a), 'focus moves to the next question');
  assert.notEqual(a.question, 'building');

  // Tab to the second choice and press Space; the focus ring is visible
  await page.keyboard.press('Tab');
  a = await active();
  assert.ok(isChoice(a));
  assert.notEqual(a.outline, 'none');
  const q2 = a.question;
  await pressAndWait(' ');
  assert.notEqual(await questionId(page), q2);

  // type an answer in the text box: the focus stays there
  a = await tabTo((x) => x.id === 'msg');
  await page.keyboard.type('not sure');
  await pressAndWait('Enter');
  await page.locator('.msg.notice.event-unsure').waitFor();
  a = await active();
  assert.equal(a.id, 'msg', 'the text box keeps the focus');

  // back to the choices with Shift+Tab, then Enter until the verdict
  a = await tabTo(isChoice, { shift: true });
  for (let i = 0; i < 12; i++) {
    await pressAndWait('Enter');
    if (await page.locator('.card.rec').count()) break;
    a = await active();
    if (!isChoice(a)) a = await tabTo(isChoice, { shift: true });
  }
  const card = page.locator('.card.rec').last();
  await card.waitFor();
  a = await active();
  assert.equal(a.tag, 'H2', 'focus on the verdict');

  // expand a citation with the keyboard
  a = await tabTo((x) => x.tag === 'SUMMARY');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.parentElement.open), true);
  // and ask "Why?"
  await tabTo((x) => x.tag === 'BUTTON' && x.text === 'Why?');
  await pressAndWait('Enter');
  assert.match(await page.locator('.msg.explanation').last().textContent(), /Why /);

  // the toolbar is reachable too: Shift+Tab back to "Summary"
  await tabTo((x) => x.tag === 'BUTTON' && x.text === 'Summary', { shift: true, max: 200 });
  await pressAndWait('Enter');
  await page.locator('.msg.summary').waitFor();
  await assertClean(page, problems);
});
