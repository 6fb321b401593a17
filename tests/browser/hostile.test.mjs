// What a hostile (or careless) user types: markup, script, markdown and
// javascript: links are shown as the text they are, never turned into
// elements or run; control characters do not reach the daemon (a NUL makes
// it refuse the whole message) and the page never waits forever; a long
// word wraps inside its bubble on a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, start, assertClean, waitIdle, PHONE } from './helpers.mjs';

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
  // a message of control characters only is not sent at all
  const n = await page.locator('.msg').count();
  await page.locator('#msg').fill('\u0000\u0001');
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
