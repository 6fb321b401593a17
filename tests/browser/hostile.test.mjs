// SPDX-License-Identifier: ISC
// What a hostile (or careless) user types: markup, script, markdown and
// javascript: links are shown as the text they are, never turned into
// elements or run; control characters do not reach the daemon (a NUL makes
// it refuse the whole message) and the page never waits forever; a long
// word wraps inside its bubble on a phone; a verification result does not
// stay beside files it did not check; right-to-left text is laid out so and
// what the user typed is painted inside the bubble.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, start, assertClean, waitIdle, PHONE } from './helpers.mjs';
import { tempDir } from '../blackbox/lib.mjs';
import { PNG } from 'pngjs';

const env = fixture({ before, after });

// Send one message with the composer and wait for the advisor's answer.
async function say(page, text) {
  const n = await page.locator('.msg').count();
  await page.locator('#msg').fill(text);
  await page.locator('#send').click();
  await page.waitForFunction((k) => document.querySelectorAll('.msg').length > k + 1, n);
  await waitIdle(page);
}

const lastUserText = (page) => page.locator('.msg.user').last().evaluate((e) => e.lastChild.textContent);

test('markup, script and links typed by the user stay text', async (t) => {
  const { page, problems } = await start(t, env);
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  const count = () => page.evaluate(() => ({
    img: document.querySelectorAll('img, iframe, object, embed, svg image').length,
    script: document.querySelectorAll('script').length,
    links: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')).filter((h) => !h.startsWith('#')),
  }));
  const before0 = await count();
  const payloads = [
    '<img src=x onerror=alert(1)>',
    '</script><script>alert(2)</script>',
    '[click](javascript:alert(3)) ![x](/pubkey) <a href="javascript:alert(4)">a</a>',
    '&lt;b&gt;entity&lt;/b&gt; &amp;',
  ];
  for (const p of payloads) {
    await say(page, p);
    assert.equal((await page.locator('.msg.user').last().textContent()).endsWith(p), true, `the bubble shows ${p} as typed`);
  }
  assert.deepEqual(await count(), before0, 'no element came from what the user typed');
  assert.deepEqual(dialogs, []);
  await assertClean(page, problems);
});

test('control characters are dropped before sending, and the turn ends', async (t) => {
  const { page, problems } = await start(t, env);
  await say(page, 'rust\u0000 and\u001b[31m go\u0007\u007f\tsalaries');
  // the NUL, escape, bell and delete are gone; the tab stays
  assert.equal(await lastUserText(page), 'rust and[31m go\tsalaries');
  assert.equal(await page.locator('.msg.error').count(), 0, 'the daemon took the message');
  assert.equal(await page.locator('#typing').isHidden(), true);
  // a message of control and zero-width characters only is not sent at all
  const n = await page.locator('.msg').count();
  await page.locator('#msg').fill('\u0000\u0001 \u200B\u200D\uFEFF');
  await page.locator('#send').click();
  await waitIdle(page);
  assert.equal(await page.locator('.msg').count(), n);
  await assertClean(page, problems);
});

test('a very long word wraps inside its bubble on a phone', async (t) => {
  const { page, problems } = await start(t, env, { viewport: PHONE, isMobile: true });
  await say(page, 'Supercalifragilisticexpialidocious'.repeat(12));
  const o = await page.evaluate(() => {
    const b = [...document.querySelectorAll('.msg.user')].at(-1);
    return { doc: document.documentElement.scrollWidth - document.documentElement.clientWidth, bubble: b.scrollWidth - b.clientWidth, right: b.getBoundingClientRect().right - window.innerWidth };
  });
  assert.deepEqual(o, { doc: 0, bubble: 0, right: Math.min(o.right, 0) });
  assert.ok(o.right <= 0, 'the bubble ends inside the screen');
  await assertClean(page, problems);
});

test('right-to-left text reads right to left, and piled combining marks stay in their bubble', async (t) => {
  const { page, problems } = await start(t, env, { viewport: PHONE, isMobile: true });
  await say(page, 'مرحبا، هل أتعلم rust أم go؟');
  const dir = (i) => page.locator('.msg.user .text').nth(i).evaluate((p) => getComputedStyle(p).direction);
  assert.equal(await dir(0), 'rtl', 'an Arabic message is laid out right to left');
  await page.locator('#msg').fill('שלום');
  assert.equal(await page.locator('#msg').evaluate((e) => getComputedStyle(e).direction), 'rtl', 'and typed so');
  await page.locator('#msg').fill('');
  await say(page, `e${'\u0301'.repeat(80)} marks`);
  assert.equal(await dir(1), 'ltr');
  // The gap between the bubble and the message above it shows only the
  // page's background: the marks drawn above the line are not painted there.
  const bubble = page.locator('.msg.user').last();
  await bubble.scrollIntoViewIfNeeded();
  const box = await bubble.boundingBox();
  const above = await bubble.evaluate((b) => b.previousElementSibling.getBoundingClientRect().bottom);
  assert.ok(box.y - above >= 4, `a gap above the bubble (${box.y - above}px)`);
  const clip = { x: box.x, y: above, width: box.width, height: box.y - above };
  const gap = async () => PNG.sync.read(await page.screenshot({ clip, animations: 'disabled', caret: 'hide' })).data;
  const withBubble = await gap();
  await bubble.evaluate((b) => { b.style.visibility = 'hidden'; });
  const without = await gap();
  assert.ok(withBubble.equals(without), 'nothing of the bubble is painted between the messages');
  await assertClean(page, problems);
});

test('a message refused as too long says so where the user is looking', async (t) => {
  const { page, problems } = await start(t, env, { viewport: PHONE, isMobile: true });
  // an answer taller than the screen: the view shows its start
  await say(page, 'should I learn rust or go?');
  const tall = await page.evaluate(() => [...document.querySelectorAll('.msg')].at(-1).offsetHeight
    + [...document.querySelectorAll('.msg')].at(-2).offsetHeight > document.getElementById('scroller').clientHeight);
  assert.ok(tall, 'the answer is taller than the screen');
  await page.locator('#msg').fill(`${'a'.repeat(8191)}é`);
  await page.locator('#send').click();
  const refusal = page.locator('.msg', { hasText: 'That message is too long (8193 bytes; at most 8192).' });
  await refusal.waitFor();
  await expectInView(page, refusal);
  assert.equal((await page.locator('#msg').inputValue()).length, 8192, 'the text is kept to be shortened');
  await assertClean(page, problems);
});

// The element is wholly inside the visible part of the conversation.
async function expectInView(page, locator) {
  await page.waitForFunction((e) => {
    const r = e.getBoundingClientRect();
    const s = document.getElementById('scroller').getBoundingClientRect();
    return r.top >= s.top - 1 && r.bottom <= s.bottom + 1;
  }, await locator.elementHandle(), { timeout: 3000 });
}

test('choosing another file in "Verify a file" takes the earlier result away; swapped files are named so', async (t) => {
  const { page, problems } = await start(t, env);
  const n = await page.locator('.msg').count();
  await page.getByRole('button', { name: 'Transcript', exact: true }).click();
  await page.waitForFunction((k) => document.querySelectorAll('.msg').length > k, n);
  const card = page.locator('.card.transcript').last();
  await card.locator('.badge:not(.pending)').waitFor();
  const dir = tempDir('advisord-browser-hostile-');
  t.after(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10 }));
  const save = async (name) => {
    const [dl] = await Promise.all([page.waitForEvent('download'), card.getByRole('link', { name }).click()]);
    const file = join(dir, dl.suggestedFilename());
    await dl.saveAs(file);
    return file;
  };
  const json = await save('Transcript (JSON)');
  const sig = await save('Signature (.minisig)');
  const cut = join(dir, 'cut.json');
  const bytes = readFileSync(json);
  writeFileSync(cut, bytes.subarray(0, bytes.length >> 1));

  await page.getByRole('button', { name: 'Verify a file' }).click();
  const dialog = page.getByRole('dialog', { name: 'Verify a transcript file' });
  await dialog.getByLabel('Transcript file (.json)').setInputFiles(json);
  await dialog.getByLabel('Signature file (.minisig)').setInputFiles(sig);
  await dialog.getByRole('button', { name: 'Verify', exact: true }).click();
  await dialog.locator('.badge.ok').waitFor();
  // a truncated file chosen instead: "Verified" must not stay beside it
  await dialog.getByLabel('Transcript file (.json)').setInputFiles(cut);
  assert.equal(await dialog.locator('#verify-result').textContent(), '');
  await dialog.getByRole('button', { name: 'Verify', exact: true }).click();
  const b = dialog.locator('.badge:not(.pending)');
  await b.waitFor();
  assert.equal(await b.getAttribute('data-state'), 'bad');
  assert.match(await b.textContent(), /cut\.json: the signature does not match the file/);
  // the two files the other way round: the page says so, in words
  await dialog.getByLabel('Transcript file (.json)').setInputFiles(sig);
  await dialog.getByLabel('Signature file (.minisig)').setInputFiles(json);
  await dialog.getByRole('button', { name: 'Verify', exact: true }).click();
  await b.waitFor();
  assert.equal(await b.getAttribute('data-state'), 'bad');
  assert.match(await b.textContent(), /were the two files swapped\?/);
  await assertClean(page, problems);
});
