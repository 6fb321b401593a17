// SPDX-License-Identifier: ISC
// Resilience in the browser: a reload continues the conversation, a dropped
// connection reconnects and resumes (with what was missed replayed), a
// conversation that cannot be resumed is replaced and the page says so, and
// a conversation taken over by another tab pauses this one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, start, startOwn, assertClean, waitIdle, waitQuestion, questionId, walkByClicking, openPage, Proxy } from './helpers.mjs';

const env = fixture({ before, after });
const STORE = 'advisord.web.v1';

async function act(page, fn) {
  const n = await page.locator('.msg').count();
  await fn();
  await page.waitForFunction((k) => document.querySelectorAll('.msg').length > k, n);
  await waitIdle(page);
}

const stored = (page) => page.evaluate((k) => JSON.parse(sessionStorage.getItem(k)), STORE);
const firstChoice = (page) => page.locator('.msg[data-question]:has(.choices) button.choice').first();

// Everything the log shows, as text, to compare before and after.
const logText = (page) => page.locator('#log > .msg').allTextContents();

test('a reload mid-walk continues where it was, with the earlier messages', async (t) => {
  const { page, problems } = await start(t, env);
  await act(page, () => page.locator('button.choice[data-choice="infra"]').click());
  await act(page, async () => {
    await page.locator('#msg').fill('How do Rust and Go salaries compare?');
    await page.keyboard.press('Enter');
  });
  await act(page, () => firstChoice(page).click());
  const pendingBefore = await questionId(page);
  const progressBefore = await page.locator('#progress-text').textContent();
  const before = await logText(page);
  const s1 = await stored(page);
  assert.ok(s1.lastSeq > 3);

  await page.reload();
  await waitQuestion(page);
  // the same conversation, the same pending question, the same messages
  const s2 = await stored(page);
  assert.equal(s2.conversation, s1.conversation);
  assert.equal(s2.lastSeq, s1.lastSeq, 'nothing new was needed');
  assert.equal(await questionId(page), pendingBefore);
  assert.equal(await page.locator('#progress-text').textContent(), progressBefore);
  assert.deepEqual(await logText(page), before);
  assert.equal(await page.locator('.msg .choices').count(), 1);
  assert.equal(await page.locator('.msg.answer figure.chart canvas').count(), 1, 'the chart is drawn again');
  assert.equal(await page.locator('.msg.user').first().textContent(), 'You: Proxies, networking stacks, storage or database engines');
  // focus is on the pending question again
  assert.equal(await page.evaluate(() => document.activeElement.closest('.msg[data-question]')?.dataset.question), pendingBefore);

  // and the walk goes on, in the same conversation
  await act(page, () => firstChoice(page).click());
  const s3 = await stored(page);
  assert.equal(s3.conversation, s1.conversation);
  assert.ok(s3.lastSeq > s1.lastSeq);
  assert.notEqual(await questionId(page), pendingBefore);
  await assertClean(page, problems);
});

test('a dropped connection reconnects, resumes and gets the missed answer', async (t) => {
  const proxy = await new Proxy(env.d.port).start();
  t.after(() => proxy.stop());
  const { page, problems } = await start(t, env, { url: proxy.url });
  const conversation = (await stored(page)).conversation;
  await act(page, () => page.locator('button.choice[data-choice="infra"]').click());
  const asked = await questionId(page);

  // The daemon's answer is held back, then the connection dies before it
  // reaches the page: the page must get it by replay after reconnecting.
  proxy.hold();
  await firstChoice(page).click();
  await page.locator('#typing').waitFor({ state: 'visible' });
  await proxy.waitHeld();
  assert.ok(proxy.drop() >= 1);
  await page.waitForFunction(() => document.getElementById('conn').dataset.state === 'offline');
  assert.match(await page.locator('#conn-text').textContent(), /^Connection lost/);
  await page.waitForFunction(() => document.getElementById('conn').dataset.state === 'online');
  await waitQuestion(page);
  const next = await questionId(page);
  assert.notEqual(next, asked);
  assert.equal(await page.locator(`.msg.question[data-question="${next}"]`).count(), 1, 'rendered once');
  assert.equal((await stored(page)).conversation, conversation, 'the same conversation');
  assert.equal(await page.locator('.msg.note').count(), 0, 'no complaint: nothing was lost');

  // a drop while idle: back online with nothing to replay, and on to the end
  const seq = (await stored(page)).lastSeq;
  proxy.drop();
  await page.waitForFunction(() => document.getElementById('conn').dataset.state === 'offline');
  await waitIdle(page);
  assert.equal((await stored(page)).lastSeq, seq);
  await walkByClicking(page);
  assert.equal((await stored(page)).conversation, conversation);
  const seqs = await page.evaluate((k) => JSON.parse(sessionStorage.getItem(k)).entries
    .filter((e) => e.k === 's').map((e) => e.m.seq), STORE);
  assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b));
  assert.equal(new Set(seqs).size, seqs.length, 'no message twice');
  await assertClean(page, problems);
});

test('a conversation that cannot be resumed is replaced, and the page says so', async (t) => {
  const { page, problems } = await start(t, env);
  await act(page, () => page.locator('button.choice[data-choice="cli"]').click());
  const old = (await stored(page)).conversation;
  // On the next load only, the saved token is wrong.
  await page.addInitScript((k) => {
    if (sessionStorage.getItem('test-tampered')) return;
    const s = JSON.parse(sessionStorage.getItem(k));
    s.token = 'f'.repeat(64);
    sessionStorage.setItem(k, JSON.stringify(s));
    sessionStorage.setItem('test-tampered', '1');
  }, STORE);
  await page.reload();
  await page.locator('.msg.note.warn').waitFor();
  assert.match(await page.locator('.msg.note.warn').textContent(),
    /could not be continued: its key was not accepted\. A new conversation starts here\./);
  await waitQuestion(page, 'building');
  const now = await stored(page);
  assert.notEqual(now.conversation, old);
  assert.match(now.conversation, /^c-[0-9a-f]+$/);
  // the old messages stay above the notice; the new walk works
  assert.equal(await page.locator('.msg.user').first().textContent(), 'You: Command-line tools and internal tooling');
  await act(page, () => firstChoice(page).click());
  await assertClean(page, problems);
});

test('an expired conversation is replaced by a new one, said in words', async (t) => {
  const { page, problems } = await startOwn(t, ['--idle-timeout', '1']);
  const old = (await stored(page)).conversation;
  // (with a 1 s timeout, the new conversations expire too: look at the first)
  const notice = page.locator('.msg.note.warn').first();
  await notice.waitFor({ timeout: 10000 });
  assert.match(await notice.textContent(), /expired .* A new conversation starts here\./);
  await page.waitForFunction(([k, o]) => {
    const s = JSON.parse(sessionStorage.getItem(k));
    return s.conversation && s.conversation !== o;
  }, [STORE, old]);
  await page.locator('.msg.notice.welcome').nth(1).waitFor();
  await assertClean(page, problems);
});

test('a conversation continued in another tab pauses this one until taken back', async (t) => {
  const a = await start(t, env);
  await act(a.page, () => a.page.locator('button.choice[data-choice="apis"]').click());
  const saved = await a.page.evaluate((k) => sessionStorage.getItem(k), STORE);

  // a second tab with the same saved conversation (as "duplicate tab" does)
  const b = await openPage(env.browser);
  t.after(() => b.context.close());
  await b.page.addInitScript(([k, v]) => {
    if (!sessionStorage.getItem(k)) sessionStorage.setItem(k, v);
  }, [STORE, saved]);
  await b.page.goto(`${env.d.url}/`);
  await waitQuestion(b.page);
  assert.equal(await questionId(b.page), await questionId(a.page));

  // the first tab is told, and does not fight back by itself
  await a.page.waitForFunction(() => document.getElementById('conn').dataset.state === 'offline');
  assert.match(await a.page.locator('#conn-text').textContent(), /open in another tab/);
  assert.match(await a.page.locator('.msg.note').last().textContent(), /continued in another tab or window/);

  // the second tab answers; the first takes the conversation back and
  // gets what it missed by replay
  await act(b.page, () => firstChoice(b.page).click());
  const bq = await questionId(b.page);
  await a.page.getByRole('button', { name: 'Continue here' }).click();
  await a.page.waitForFunction(() => document.getElementById('conn').dataset.state === 'online');
  await waitQuestion(a.page, bq);
  await b.page.waitForFunction(() => document.getElementById('conn').dataset.state === 'offline');
  await assertClean(a.page, a.problems);
  await assertClean(b.page, b.problems);
});
