// SPDX-License-Identifier: ISC
// Helpers for the browser tests: Debian's Chromium driven by playwright-core
// against the real daemon (Daemon from ../blackbox/lib.mjs), with every
// console error, page error and CSP violation collected so that a test can
// insist there were none.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, connect as netConnect } from 'node:net';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { ROOT, BUILD, Daemon } from '../blackbox/lib.mjs';

export { Daemon };

export const SCREENSHOTS = process.env.SCREENSHOTS || join(ROOT, 'build', 'screenshots');
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

// Fonts from fonts-dejavu-core only (fonts.conf): screenshots then match
// the committed baselines on any Debian 12 machine.
export const FONTS_CONF = join(ROOT, 'tests', 'browser', 'fonts.conf');

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    env: { ...process.env, FONTCONFIG_FILE: FONTS_CONF },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// A page that records problems: console errors, uncaught errors, CSP
// violations (reported by the page itself through an init script, which
// runs outside the page's CSP), and failed requests.
export async function openPage(browser, { viewport = DESKTOP, colorScheme = 'light', isMobile = false, reducedMotion = 'reduce' } = {}) {
  const context = await browser.newContext({
    viewport,
    deviceScaleFactor: 1,
    isMobile,
    hasTouch: isMobile,
    acceptDownloads: true,
    colorScheme,
    reducedMotion,
  });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => {
    // Downloads of blob: URLs are not failures.
    if (!req.url().startsWith('blob:')) problems.push(`request failed: ${req.url()} ${req.failure()?.errorText}`);
  });
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  page.setDefaultTimeout(15000);
  return { context, page, problems };
}

// Fail on anything collected so far, CSP violations included.
export async function assertClean(page, problems) {
  let csp = [];
  try {
    csp = await page.evaluate(() => window.__cspViolations || []);
  } catch {
    /* page closed */
  }
  assert.deepEqual([...problems, ...csp.map((v) => `CSP violation: ${v}`)], []);
}

/* ---------- accessibility (axe-core) ---------- */

const AXE_SOURCE = join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
let axeSource = null;

// Run axe-core on the page as it is, at WCAG 2.1 AA; fail on any
// violation, naming the rule, the elements and why.  The script goes in
// through the DevTools protocol (page.evaluate), which the page's CSP
// does not govern, so the page under test keeps its own CSP.
export async function assertAccessible(page, where) {
  if (!axeSource) axeSource = readFileSync(AXE_SOURCE, 'utf8');
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`),
    }));
  }, WCAG_TAGS);
  assert.deepEqual(violations, [], `axe-core found WCAG 2.1 AA violations ${where}`);
}

/* ---------- screenshots and visual regression ---------- */

// Committed baselines; UPDATE_BASELINES=1 (make update-baselines) rewrites
// them from this run's screenshots instead of comparing.
export const BASELINES = join(ROOT, 'tests', 'browser', 'baselines');
export const DIFFS = join(BUILD, 'visual-diffs');
const UPDATE = process.env.UPDATE_BASELINES === '1';
// Per pixel, a colour distance under 0.1 (pixelmatch's YIQ scale) is the
// same; anti-aliased pixels are not counted.  A screenshot may differ from
// its baseline in at most 0.05% of its pixels (and 100 pixels at least):
// a word changed or a box moved by a pixel is more than that.
const PIXEL_THRESHOLD = 0.1;
const MAX_DIFF_RATIO = 0.0005;
const MIN_DIFF_PIXELS = 100;

// Compare a PNG with its baseline; on a difference, save the diff image
// (and the screenshot beside it) under build/visual-diffs and fail with
// their paths.  Resolves the number of differing pixels.
export function compareWithBaseline(png, name) {
  const base = join(BASELINES, `${name}.png`);
  if (UPDATE) {
    mkdirSync(BASELINES, { recursive: true });
    writeFileSync(base, png);
    return 0;
  }
  assert.ok(existsSync(base), `no baseline ${base}: run \`make update-baselines\` and commit it`);
  const want = PNG.sync.read(readFileSync(base));
  const got = PNG.sync.read(png);
  mkdirSync(DIFFS, { recursive: true });
  const actual = join(DIFFS, `${name}.actual.png`);
  if (want.width !== got.width || want.height !== got.height) {
    writeFileSync(actual, png);
    assert.fail(`screenshot ${name} is ${got.width}x${got.height}, its baseline ${want.width}x${want.height}: see ${actual} and ${base}`);
  }
  const diff = new PNG({ width: got.width, height: got.height });
  const n = pixelmatch(want.data, got.data, diff.data, got.width, got.height, { threshold: PIXEL_THRESHOLD });
  const allowed = Math.max(MIN_DIFF_PIXELS, Math.floor(MAX_DIFF_RATIO * got.width * got.height));
  if (n > allowed) {
    const file = join(DIFFS, `${name}.diff.png`);
    writeFileSync(file, PNG.sync.write(diff));
    writeFileSync(actual, png);
    console.log(`visual diff: ${file}`);
    assert.fail(`screenshot ${name} differs from its baseline in ${n} pixels (at most ${allowed}): diff ${file}, screenshot ${actual}, baseline ${base}; if the change is intended, run \`make update-baselines\``);
  }
  return n;
}

// A screenshot of the viewport, saved under $SCREENSHOTS: animations
// stopped, the caret hidden, and what changes from run to run (mask:
// locators, e.g. a signing key id) painted over.
export async function shot(page, name, { mask = [] } = {}) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = join(SCREENSHOTS, `${name}.png`);
  const png = await page.screenshot({ path: file, animations: 'disabled', caret: 'hide', mask, maskColor: '#888888' });
  return { file, png };
}

// Let layout and charts settle: fonts loaded, two animation frames.
async function settle(page) {
  await page.evaluate(async () => {
    await document.fonts.ready;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  });
}

// In both colour schemes at the page's current size: an axe-core check
// (0 violations), a screenshot, and its comparison with the baseline.
export async function shots(page, name, { mask = [], compare = true } = {}) {
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    // Let charts re-colour and layout settle.
    await settle(page);
    await assertAccessible(page, `in ${name} (${scheme})`);
    const { png } = await shot(page, `${name}-${scheme}`, { mask });
    if (compare) compareWithBaseline(png, `${name}-${scheme}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/* ---------- page helpers ---------- */

export const pendingQuestion = (page) => page.locator('.msg[data-question]:has(.choices)');

// Wait until the page is connected and has a question with its choices.
export async function waitQuestion(page, id) {
  const sel = id ? `.msg[data-question="${id}"]:has(.choices)` : '.msg[data-question]:has(.choices)';
  await page.locator(sel).waitFor();
  await waitIdle(page);
  return page.locator(sel);
}

// No turn pending (the typing indicator hidden) and connected.
export async function waitIdle(page) {
  await page.waitForFunction(() => document.getElementById('typing').hidden
    && document.getElementById('conn').dataset.state === 'online');
}

// Type words into the message box and send them; resolves once a new
// message has appeared and the page is idle again.
export async function say(page, words) {
  const n = await page.locator('.msg').count();
  await page.locator('#msg').fill(words);
  await page.locator('#send').click();
  await page.waitForFunction((k) => document.querySelectorAll('.msg').length > k, n);
  await waitIdle(page);
}

// Do fn (a click, a key) and wait as say() does.
export async function act(page, fn) {
  const n = await page.locator('.msg').count();
  await fn();
  await page.waitForFunction((k) => document.querySelectorAll('.msg').length > k, n);
  await waitIdle(page);
}

export async function questionId(page) {
  return page.locator('.msg[data-question]:has(.choices)').getAttribute('data-question');
}

// Answer questions by clicking until a (final) recommendation card shows.
export async function walkByClicking(page, answers = {}, { max = 15 } = {}) {
  for (let i = 0; i < max; i++) {
    await waitIdle(page);
    const hasQuestion = await page.locator('.msg[data-question]:has(.choices)').count();
    if (!hasQuestion) {
      await page.locator('.card.rec').last().waitFor();
      return;
    }
    const q = await questionId(page);
    const want = answers[q];
    const button = want
      ? page.locator(`.msg[data-question]:has(.choices) button.choice[data-choice="${want}"]`)
      : page.locator('.msg[data-question]:has(.choices) button.choice').first();
    const before = await page.locator('.msg').count();
    await button.click();
    await page.waitForFunction((n) => document.querySelectorAll('.msg').length > n, before);
  }
  throw new Error('the walk did not end');
}

/* ---------- a TCP proxy, to drop connections like a network would ---------- */

// Forwards 127.0.0.1:port to the daemon.  drop() destroys every proxied
// connection at once (the browser sees close code 1006); hold() stops
// forwarding what the daemon sends (it is discarded at the next drop).
export class Proxy {
  constructor(targetPort) {
    this.targetPort = targetPort;
    this.pairs = new Set();
    this.holding = false;
    this.held = 0;
    this.waiters = [];
    this.server = createServer((client) => {
      const upstream = netConnect({ host: '127.0.0.1', port: this.targetPort });
      const pair = { client, upstream };
      this.pairs.add(pair);
      client.on('data', (d) => upstream.write(d));
      upstream.on('data', (d) => {
        if (!this.holding) client.write(d);
        else {
          this.held += d.length;
          this.#wake();
        }
      });
      const end = () => {
        this.pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      client.on('close', end);
      upstream.on('close', end);
      client.on('error', end);
      upstream.on('error', end);
    });
  }

  start() {
    return new Promise((res) => this.server.listen(0, '127.0.0.1', () => {
      this.port = this.server.address().port;
      res(this);
    }));
  }

  get url() { return `http://127.0.0.1:${this.port}`; }

  hold() {
    this.holding = true;
    this.held = 0;
  }

  #wake() {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }

  // Resolves once something from the daemon has been held back.
  waitHeld(timeoutMs = 10000) {
    if (this.held > 0) return Promise.resolve(this.held);
    return new Promise((res, rej) => {
      const t = setTimeout(() => rej(new Error('nothing came from the daemon while holding')), timeoutMs);
      this.waiters.push(() => { clearTimeout(t); res(this.held); });
    });
  }

  drop() {
    const n = this.pairs.size;
    for (const { client, upstream } of this.pairs) {
      client.destroy();
      upstream.destroy();
    }
    this.pairs.clear();
    this.holding = false;
    return n;
  }

  stop() {
    this.drop();
    return new Promise((res) => this.server.close(() => res()));
  }
}

/* ---------- fixtures ---------- */

// One daemon and one browser for a test file; each test opens its own
// context (fresh sessionStorage) with openPage and closes it.
export function fixture({ before, after }, daemonArgs = []) {
  const env = {};
  before(async () => {
    env.d = await new Daemon(daemonArgs).start();
    env.browser = await launch();
  });
  after(async () => {
    if (env.browser) await env.browser.close();
    if (env.d) await env.d.stop();
  });
  return env;
}

// Open the page on a fresh context; the context is closed after the test.
export async function start(t, env, opts = {}) {
  const p = await openPage(env.browser, opts);
  t.after(() => p.context.close());
  await p.page.goto(`${opts.url || env.d.url}/`);
  await waitQuestion(p.page);
  return p;
}

// A test that needs a daemon of its own (other flags): the daemon, a
// browser and the page, all stopped after the test.  Resolves { d, ...page }.
export async function startOwn(t, daemonArgs, opts = {}) {
  const env = { d: await new Daemon(daemonArgs).start() };
  t.after(() => env.d.stop());
  env.browser = await launch();
  t.after(() => env.browser.close());
  return { d: env.d, ...(await start(t, env, opts)) };
}

/* ---------- what a sighted user sees ---------- */

// The text a sighted user sees on the page: rendered text nodes outside
// screen-reader-only elements and closed disclosures, in document order,
// one line per block of text.
export function visibleText(page) {
  return page.evaluate(() => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const e = n.parentElement;
      if (!e || !n.textContent.trim()) continue;
      if (e.closest('.sr-only, script, style, [hidden]')) continue;
      if (!e.checkVisibility({ visibilityProperty: true })) continue;
      const r = document.createRange();
      r.selectNodeContents(n);
      const box = r.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      out.push(n.textContent.trim());
    }
    return out.join('\n');
  });
}

// How often a string occurs in a text, case-insensitively.
export function occurrences(haystack, needle) {
  const h = haystack.toLowerCase().replace(/\s+/g, ' ');
  const n = needle.toLowerCase().replace(/\s+/g, ' ');
  let count = 0;
  for (let at = h.indexOf(n); at >= 0; at = h.indexOf(n, at + n.length)) count++;
  return count;
}
