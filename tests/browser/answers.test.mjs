// SPDX-License-Identifier: ISC
// Free-form questions in the browser: answers with citations that expand,
// a chart for figures, an honest "not covered", and server errors in words.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, start, assertClean, waitIdle, questionId, say } from './helpers.mjs';

const env = fixture({ before, after });

test('a free-form question is answered with citations that expand', async (t) => {
  const { page, problems } = await start(t, env);
  await say(page, 'How many lines of Windows has Microsoft rewritten in Rust?');
  assert.equal(await page.locator('.msg.user').last().textContent(), 'You: How many lines of Windows has Microsoft rewritten in Rust?');
  assert.equal(await page.locator('#msg').inputValue(), '', 'the text box is emptied');
  const answer = page.locator('.msg.answer').last();
  assert.match(await answer.locator('p.text').first().textContent(), /188,?000/);
  const cites = answer.locator('details.cite');
  assert.ok(await cites.count() >= 1);
  const first = cites.first();
  // collapsed: the source only; expanded: statement, figures, source
  assert.equal(await first.locator('.cite-text').isVisible(), false);
  await first.locator('summary').click();
  assert.equal(await first.locator('.cite-text').isVisible(), true);
  const statement = await first.locator('.cite-text').textContent();
  assert.ok(statement.length > 30, statement);
  assert.match(await first.locator('.cite-meta').textContent(), /^Section \d/);
  // the source is named once, above its claims
  const group = answer.locator('.cite-group').first();
  assert.equal(await group.locator('> .cite-src').textContent(), 'the article');
  assert.equal(await group.locator('.cite-list .cite-src').count(), 0);
  // a figure is shown with its display string
  const figure = answer.locator('.figures li').first();
  if (await figure.count()) assert.ok((await figure.locator('.fig-value').textContent()).length > 0);
  // the walk resumes at the pending question, said so
  assert.equal(await questionId(page), 'building');
  assert.match(await page.locator('.msg.question').last().locator('.q-step').textContent(), /^Back to the walk/);
  // only one set of choice buttons on the page
  assert.equal(await page.locator('.msg .choices').count(), 1);
  await assertClean(page, problems);
});

test('a figures question gets a chart of floating bars for ranges', async (t) => {
  const { page, problems } = await start(t, env);
  await say(page, 'How do Rust and Go salaries compare?');
  const answer = page.locator('.msg.answer').last();
  const canvas = answer.locator('figure.chart canvas');
  await canvas.waitFor();
  assert.match(await canvas.getAttribute('aria-label'), /\$145k-\$185k/);
  const chart = await canvas.evaluate((c) => {
    const ch = window.Chart.getChart(c);
    return { type: ch.config.type, data: ch.data.datasets[0].data, labels: ch.data.labels, width: c.width, height: c.height };
  });
  assert.equal(chart.type, 'bar');
  assert.ok(chart.data.length >= 2);
  // ranges are [value, max] pairs: floating bars
  assert.ok(chart.data.every((v) => Array.isArray(v) && v.length === 2 && v[0] < v[1]), JSON.stringify(chart.data));
  assert.ok(chart.width > 100 && chart.height > 100);
  assert.ok(chart.labels.flat().some((l) => /salary/.test(l)));
  // its citations are there too
  assert.ok(await answer.locator('details.cite').count() >= 2);
  await assertClean(page, problems);
});

test('an uncovered question is said so, with no citations', async (t) => {
  const { page, problems } = await start(t, env);
  await say(page, 'What is the best pizza topping?');
  const answer = page.locator('.msg.answer').last();
  assert.match(await answer.getAttribute('class'), /uncovered/);
  assert.equal(await answer.locator('details.cite').count(), 0);
  assert.equal(await answer.locator('canvas').count(), 0);
  // a description gives a quick recommendation and the walk goes on
  await say(page, 'Java dev, we build microservices on Kubernetes, need to ship fast');
  await page.locator('.msg.notice.event-understood').waitFor();
  const card = page.locator('.card.rec').last();
  assert.equal(await card.locator('.eyebrow').textContent().then((s) => s.startsWith('Quick recommendation')), true);
  assert.equal(await card.locator('h2').textContent(), 'Go');
  assert.ok(await card.locator('.assumptions > li').count() >= 1, 'assumptions are listed');
  assert.equal(await page.locator('.msg .choices').count(), 1, 'a question is still pending');
  await assertClean(page, problems);
});

test('an assumption about a topic the user named is not called unanswered', async (t) => {
  const { page, problems } = await start(t, env);
  // latency is named without an answer: `spoken` (PROTOCOL.md 7.4)
  await say(page, 'we write microservices in go for k8s, p99 latency matters a lot');
  const card = page.locator('.card.rec').last();
  await card.waitFor();
  const headings = await card.locator('h3').allTextContents();
  assert.ok(headings.includes('Assumed, since what you said does not settle it'), headings.join(' | '));
  const spoken = card.locator('h3:text-is("Assumed, since what you said does not settle it") + ul.assumptions > li');
  assert.equal(await spoken.count(), 1);
  assert.match(await spoken.first().textContent(), /latency/i);
  // it is not listed again under "because not answered"
  const unanswered = card.locator('h3:text-is("Assumed, because not answered") + ul.assumptions');
  if (await unanswered.count()) assert.doesNotMatch(await unanswered.textContent(), /latency/i);
  await assertClean(page, problems);
});

test('words that are not understood get help; long input is refused in words', async (t) => {
  const { page, problems } = await start(t, env);
  await say(page, 'fly me to the moon');
  const nu = page.locator('.msg.not-understood').last();
  assert.match(await nu.locator('p.text').textContent(), /^I didn't catch that/);
  // the choices are offered again right there, and only there
  assert.equal(await nu.locator('.choices button.choice').count(), 10);
  assert.equal(await page.locator('.msg .choices').count(), 1);
  assert.equal(await questionId(page), 'building');
  const n = await page.locator('.msg').count();
  await nu.locator('button.choice[data-choice="cli"]').click();
  await page.waitForFunction((k) => document.querySelectorAll('.msg').length > k, n);
  await waitIdle(page);
  assert.notEqual(await questionId(page), 'building');
  // over 8192 bytes is stopped in the page, with a reason
  await page.locator('#msg').fill('é'.repeat(5000));
  await page.locator('#send').click();
  await page.locator('.msg.note.error').waitFor();
  assert.match(await page.locator('.msg.note.error').textContent(), /too long \(10000 bytes; at most 8192\)/);
  assert.equal(await page.locator('#msg').inputValue(), 'é'.repeat(5000), 'the text is kept');
  await assertClean(page, problems);
});
