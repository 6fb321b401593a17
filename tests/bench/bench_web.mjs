// SPDX-License-Identifier: ISC
// bench_web: what the web page costs a new visitor on a local connection.
//
// The real daemon ($B/advisord, default knowledge base) on a free loopback
// port and Debian's Chromium (the browser tests' launch and page
// settings).  Each round opens a fresh browser context (empty cache and
// storage) at desktop size and loads the page until the first question's
// choices are on screen.  Reported, medians of ROUNDS rounds:
//
//	bytes		transferred for the first screen: every HTTP response
//			(headers and body, as Chromium's Network domain counts
//			them, by kind) and the WebSocket frames both ways until
//			the first question shows
//	time		navigation start to the first question with its choices
//			in the page (performance.now() in the page), and to the
//			load event
//	baseline	the same fresh context loading /app.css, a static
//			file of the page, alone: the time of a round trip and
//			a navigation, measured in the same rounds; the ratio
//			first question / baseline is what the page adds
//
// No pass/fail: figures only; the exit status is non-zero only when the
// measurement could not run.
//
//	node tests/bench/bench_web.mjs         env: B=build ROUNDS=7
import { Daemon, launch, openPage, DESKTOP } from '../browser/helpers.mjs';

const ROUNDS = Number(process.env.ROUNDS || 7);
const median = (v) => { const s = [...v].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

// Record, from the page's start, when the first question's choices appear.
function watchFirstQuestion() {
  new MutationObserver((_, obs) => {
    if (document.querySelector('.msg[data-question] .choices button')) {
      window.__firstQuestion = performance.now();
      obs.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
}

function kindOf(url, mime) {
  if (url.includes('/vendor/')) return 'vendor js';
  if (/javascript/.test(mime)) return 'js';
  if (/css/.test(mime)) return 'css';
  if (/html/.test(mime)) return 'html';
  return 'other';
}

async function round(browser, url) {
  const { context, page } = await openPage(browser, { viewport: DESKTOP });
  try {
    await page.addInitScript(watchFirstQuestion);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const mimes = new Map();
    const bytes = { html: 0, css: 0, js: 0, 'vendor js': 0, other: 0, ws: 0 };
    let counting = true;
    cdp.on('Network.responseReceived', (e) => mimes.set(e.requestId, [e.response.url, e.response.mimeType]));
    cdp.on('Network.loadingFinished', (e) => {
      const [u, m] = mimes.get(e.requestId) || ['', ''];
      bytes[kindOf(u, m)] += e.encodedDataLength;
    });
    const frame = (e) => { if (counting) bytes.ws += Buffer.byteLength(e.response.payloadData || '') + 2; };
    cdp.on('Network.webSocketFrameReceived', frame);
    cdp.on('Network.webSocketFrameSent', frame);
    await page.goto(`${url}/`);
    await page.waitForFunction(() => window.__firstQuestion !== undefined);
    counting = false;
    const t = await page.evaluate(() => ({
      question: window.__firstQuestion,
      load: performance.getEntriesByType('navigation')[0].loadEventEnd,
    }));
    // let late responses (none expected) be counted before the context goes
    await page.evaluate(() => new Promise((r) => setTimeout(r, 50)));
    return { ...t, bytes };
  } finally {
    await context.close();
  }
}

async function baseline(browser, url) {
  const { context, page } = await openPage(browser, { viewport: DESKTOP });
  try {
    await page.goto(`${url}/app.css`);
    return await page.evaluate(() => performance.getEntriesByType('navigation')[0].responseEnd);
  } finally {
    await context.close();
  }
}

const d = await new Daemon([]).start();
const browser = await launch();
try {
  await round(browser, d.url); // warm the daemon and the browser's processes
  const rounds = [];
  const bases = [];
  for (let i = 0; i < ROUNDS; i++) {
    bases.push(await baseline(browser, d.url));
    rounds.push(await round(browser, d.url));
  }
  const kinds = Object.keys(rounds[0].bytes);
  const med = (f) => median(rounds.map(f));
  const total = med((r) => Object.values(r.bytes).reduce((a, b) => a + b, 0));
  const q = med((r) => r.question);
  const base = median(bases);
  const ratios = rounds.map((r, i) => r.question / bases[i]);
  console.log(`web page, first screen (daemon and Chromium on 127.0.0.1, fresh context, cache off, ${DESKTOP.width}x${DESKTOP.height}; medians of ${ROUNDS} rounds)`);
  console.log(`  bytes transferred      ${total} (${kinds.map((k) => `${k} ${med((r) => r.bytes[k])}`).join(', ')})`);
  console.log(`  to the first question  ${q.toFixed(1)} ms (load event ${med((r) => r.load).toFixed(1)} ms)`);
  console.log(`  baseline: /app.css     ${base.toFixed(1)} ms`);
  console.log(`  first question / baseline  ${median(ratios).toFixed(1)}x`);
} finally {
  await browser.close();
  await d.stop();
}
