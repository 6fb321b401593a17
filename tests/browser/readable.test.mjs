// SPDX-License-Identifier: ISC
// How the replies read (issue 11, round 28): the answers a reason rests on
// are shown as answers, not as quotations of the user; the End button ends
// the conversation with its signed transcript and offers a new one; the
// progress line says how many questions are answered and at most how many
// more, a bound that does not grow as the walk goes forward.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, start, assertClean, assertAccessible, waitIdle, waitQuestion, questionId, say, act } from './helpers.mjs';
import { run, tempDir } from '../blackbox/lib.mjs';

const env = fixture({ before, after });
let work;
before(() => { work = tempDir('advisord-browser-rd-'); });
after(() => rmSync(work, { recursive: true, force: true }));


test('the answers a reason rests on read as answers, not as the user\'s quoted words', async (t) => {
  const { page, problems } = await start(t, env);
  const words = 'We build web backends and I can invest 6+ months; the team knows Go';
  await say(page, words);
  const understood = page.locator('.msg.notice.event-understood').last();
  await understood.waitFor();
  const card = page.locator('.card.rec').last();
  await card.waitFor();
  // what the reasons rest on, as a sighted user reads it
  const said = (await card.locator('.reason-answers').allTextContents()).join('\n');
  assert.match(said, /from your description/, 'a reason rests on an answer read from the description');
  // nothing there is a quotation: a label is the article's wording
  assert.doesNotMatch(said, /[“”"]/, said);
  assert.equal(await card.locator('.reason-answers q').count(), 0);
  assert.ok(await card.locator('.reason-answers li.how-described').count() >= 1);
  const texts = await card.locator('.reason-answers li').allTextContents();
  for (const s of texts) {
    assert.doesNotMatch(s, /[“”"]/, `no quotation marks: ${s}`);
    assert.doesNotMatch(s, /^(you said|from your description):/, `the answer first, how it was given after: ${s}`);
    // "Question: answer (how)"
    assert.match(s, /^[^:?]+: .+ \((your answer|from your description|assumed, not answered)\)$/, s);
  }
  // the timeline read from the words: the question, the KB's label, how
  const timeline = (await understood.locator('li').allTextContents()).find((s) => /6\+ months/.test(s));
  assert.ok(timeline, 'the timeline was understood');
  const label = timeline.split(': ').slice(1).join(': ');
  const item = texts.find((s) => s.includes(label));
  if (item) assert.match(item, / \(from your description\)$/, item);
  // the user's own words are theirs: in their bubble, once
  assert.equal(await page.locator('.msg.user').last().textContent(), `You: ${words}`);

  // an answer given by a click reads "(your answer)"
  while (await page.locator('.msg[data-question]:has(.choices)').count()) {
    await act(page, () => page.locator('.msg[data-question]:has(.choices) button.choice').first().click());
  }
  const final = page.locator('.card.rec').last();
  const all = await final.locator('.reason-answers li').allTextContents();
  assert.ok(all.some((s) => / \(your answer\)$/.test(s)), all.join('\n'));
  assert.equal(await final.locator('.reason-answers q').count(), 0);
  await assertAccessible(page, 'with the answers under the reasons');
  await assertClean(page, problems);
});

test('End: keyboard reachable, not on Enter, gives the signed transcript and a new conversation', async (t) => {
  const { page, problems } = await start(t, env);
  const end = page.getByRole('navigation', { name: 'Conversation commands' }).getByRole('button', { name: 'End the conversation' });
  assert.equal(await end.textContent(), 'End');
  // reachable with Tab, after the other commands
  await page.locator('#btn-verify').focus();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'btn-end');

  // Enter in the message box sends the message; it never ends anything
  await page.locator('#msg').focus();
  await page.keyboard.press('Enter');
  await act(page, async () => {
    await page.locator('#msg').fill('What is the Rust salary?');
    await page.keyboard.press('Enter');
  });
  assert.equal(await page.locator('.card.transcript').count(), 0);
  assert.equal(await page.locator('.msg.ended').count(), 0);

  // End with the keyboard: the complete transcript, then the end
  await end.focus();
  await page.keyboard.press('Enter');
  const ended = page.locator('.msg.ended');
  await ended.waitFor();
  await waitIdle(page);
  const card = page.locator('.card.transcript').last();
  assert.match(await card.locator('p.text').textContent(), /^The complete conversation: \d+ records, signed by key [0-9A-F]{16}\.$/);
  await card.locator('.badge.ok').waitFor();
  assert.match(await card.locator('.badge').textContent(), /status complete\.$/);
  assert.match(await card.locator('.aside code').textContent(), /^minisign -Vm \S+\.json -p advisord\.pub$/);
  // the end is said, its heading has the focus: a second Enter does nothing
  assert.equal(await ended.locator('h2').textContent(), 'This conversation has ended');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'This conversation has ended');
  // the question left pending says it went unanswered, and offers nothing
  const left = page.locator('.msg.question').last();
  assert.equal(await left.locator('.unanswered').textContent(), 'Not answered: the conversation ended.');
  assert.equal(await left.locator('button.choice').count(), 0);
  const n = await page.locator('.msg').count();
  await page.keyboard.press('Enter');
  await page.waitForTimeout(300);
  assert.equal(await page.locator('.msg').count(), n);
  // the downloads verify with the real minisign, as the card says
  const save = async (name) => {
    const [dl] = await Promise.all([page.waitForEvent('download'), card.getByRole('link', { name }).click()]);
    const path = join(work, dl.suggestedFilename());
    await dl.saveAs(path);
    return path;
  };
  const json = await save('Transcript (JSON)');
  const sig = await save('Signature (.minisig)');
  const pub = join(work, 'advisord.pub');
  writeFileSync(pub, await (await fetch(`${env.d.url}/pubkey`)).text());
  const m = await run('minisign', ['-Vm', json, '-x', sig, '-p', pub]);
  assert.equal(m.code, 0, m.stdout + m.stderr);

  // nothing is left to talk to: the commands and the message box are off
  for (const name of ['Back', 'Restart', 'Summary', 'Transcript']) {
    assert.equal(await page.getByRole('button', { name, exact: true }).first().isDisabled(), true, name);
  }
  assert.equal(await end.isDisabled(), true);
  assert.equal(await page.locator('#msg').isDisabled(), true);
  assert.equal(await page.getByRole('button', { name: 'Verify a file' }).isDisabled(), false);
  await assertAccessible(page, 'after the end');

  // a new conversation, from the first question, on a clean page
  await ended.getByRole('button', { name: 'Start a new conversation' }).click();
  await waitQuestion(page, 'building');
  assert.equal(await page.locator('.msg.ended').count(), 0);
  assert.equal(await page.locator('.card.transcript').count(), 0);
  assert.equal(await page.locator('#msg').isDisabled(), false);
  assert.equal(await end.isDisabled(), false);
  assert.match(await page.evaluate(() => document.activeElement.dataset.choice || ''), /\w/, 'the first choice has the focus');
  await act(page, () => page.locator('button.choice[data-choice="infra"]').click());
  assert.notEqual(await questionId(page), 'building');
  await assertClean(page, problems);
});

// The progress line's words, as [answered, more].
async function progress(page) {
  const s = await page.locator('#progress-text').textContent();
  const first = s.match(/^Up to (\d+) questions?$/);
  if (first) return [0, Number(first[1])];
  const m = s.match(/^(\d+) answered, up to (\d+) more$/);
  assert.ok(m, `progress line: ${s}`);
  return [Number(m[1]), Number(m[2])];
}

test('the progress line counts answers and a bound on what is left that never grows going forward', async (t) => {
  const { page, problems } = await start(t, env);
  // kernels make four later questions moot: "of about" went 9, then 5
  const seen = [await progress(page)];
  const bar = () => page.evaluate(() => [document.getElementById('progress-bar').value, document.getElementById('progress-bar').max]);
  assert.deepEqual(await bar(), [0, seen[0][1]]);
  await act(page, () => page.locator('button.choice[data-choice="kernel"]').click());
  while (await page.locator('.msg[data-question]:has(.choices)').count()) {
    seen.push(await progress(page));
    const [answered, more] = seen.at(-1);
    assert.deepEqual(await bar(), [answered, answered + more]);
    await act(page, () => page.locator('.msg[data-question]:has(.choices) button.choice').first().click());
  }
  for (let i = 1; i < seen.length; i++) {
    assert.equal(seen[i][0], seen[i - 1][0] + 1, `one more answered: ${JSON.stringify(seen)}`);
    assert.ok(seen[i][1] < seen[i - 1][1], `fewer left: ${JSON.stringify(seen)}`);
  }
  assert.ok(seen[1][1] <= seen[0][1] - 2, `the moot questions leave the bound at once: ${JSON.stringify(seen)}`);
  assert.equal(seen.at(-1)[1], 1, 'the last question says so');
  // an answer asked again to change it is not one more ("7 of about 6")
  await act(page, () => page.getByRole('navigation', { name: 'Conversation commands' }).getByRole('button', { name: 'Summary' }).click());
  await act(page, () => page.locator('.msg.summary').last().getByRole('button', { name: 'Change' }).last().click());
  assert.equal(await page.locator('#progress-text').textContent(), `${seen.at(-1)[0] + 1} answered`);
  await assertClean(page, problems);
});

// n28: on load the first choice has the focus; a user who starts typing
// at once pressed it with every space and with Enter (5 answers they
// never saw, their words lost). Typed characters go to the message box.
test('typing at once goes to the message box, not into the focused choice', async (t) => {
  const { page, problems } = await start(t, env);
  const focused = await page.evaluate(() => document.activeElement.className);
  t.diagnostic(`focus on load: ${focused}`);
  const words = 'hey, game server dev here';
  const n = await page.locator('.msg').count();
  await page.keyboard.type(words);
  assert.equal(await page.locator('#msg').inputValue(), words, 'every character is in the message box');
  await page.keyboard.press('Enter');
  await page.waitForFunction((k) => document.querySelectorAll('.msg').length > k, n);
  await waitIdle(page);
  const mine = await page.locator('.msg.user').allTextContents();
  assert.deepEqual(mine, [`You: ${words}`], 'the one message sent is what was typed, no choice pressed');
  // the keyboard still answers: Tab to a choice, Space presses it
  await waitQuestion(page);
  await page.locator('.msg[data-question]:has(.choices) button.choice').first().focus();
  await act(page, () => page.keyboard.press('Space'));
  assert.equal((await page.locator('.msg.user').allTextContents()).length, 2);
  await assertClean(page, problems);
});
