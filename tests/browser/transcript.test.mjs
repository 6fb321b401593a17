// SPDX-License-Identifier: ISC
// Transcripts in the browser: the page offers the signed JSON, its
// .minisig and the Markdown as downloads, verifies them itself (badge), and
// verifies files chosen by the user.  The downloads are checked with the
// real minisign; tampered and forged files are shown as not verified.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, start, startOwn, assertClean, waitIdle, waitQuestion } from './helpers.mjs';
import { ADVISOR, ROOT, run, tempDir } from '../blackbox/lib.mjs';

const env = fixture({ before, after });
let work;
before(() => { work = tempDir('advisord-browser-tr-'); });
after(() => rmSync(work, { recursive: true, force: true }));

async function act(page, fn) {
  const n = await page.locator('.msg').count();
  await fn();
  await page.waitForFunction((k) => document.querySelectorAll('.msg').length > k, n);
  await waitIdle(page);
}

async function someConversation(page) {
  await act(page, () => page.locator('button.choice[data-choice="infra"]').click());
  await act(page, async () => {
    await page.locator('#msg').fill('How do Rust and Go salaries compare? (ünïcödé ✓)');
    await page.keyboard.press('Enter');
  });
}

// Ask for the transcript; wait for the card and its badge to settle.
async function transcriptCard(page) {
  await act(page, () => page.getByRole('button', { name: 'Transcript', exact: true }).click());
  const card = page.locator('.card.transcript').last();
  await card.locator('.badge:not(.pending)').waitFor();
  return card;
}

async function download(page, link, dir) {
  const [dl] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const path = join(dir, dl.suggestedFilename());
  await dl.saveAs(path);
  return path;
}

async function saveAll(page, card, dir) {
  const json = await download(page, card.getByRole('link', { name: 'Transcript (JSON)' }), dir);
  const sig = await download(page, card.getByRole('link', { name: 'Signature (.minisig)' }), dir);
  const md = await download(page, card.getByRole('link', { name: /Markdown/ }), dir);
  return { json, sig, md };
}

async function pubkeyFile(url, name) {
  const file = join(work, name);
  writeFileSync(file, await (await fetch(`${url}/pubkey`)).text());
  return file;
}

const minisign = (file, sig, pub) => run('minisign', ['-Vm', file, '-x', sig, '-p', pub]);

// Verify files through the "Verify a file" dialog; returns the badge.
async function verifyFiles(page, json, sig) {
  const dialog = page.getByRole('dialog', { name: 'Verify a transcript file' });
  if (!(await dialog.isVisible())) {
    await page.getByRole('button', { name: 'Verify a file' }).click();
    await dialog.waitFor();
  }
  await dialog.getByLabel('Transcript file (.json)').setInputFiles(json);
  await dialog.getByLabel('Signature file (.minisig)').setInputFiles(sig);
  await dialog.getByRole('button', { name: 'Verify', exact: true }).click();
  const b = dialog.locator('.badge:not(.pending)');
  await b.waitFor();
  return { state: await b.getAttribute('data-state'), text: await b.textContent() };
}

test('the transcript downloads verify with minisign, and the page says verified', async (t) => {
  const { page, problems } = await start(t, env);
  await someConversation(page);
  const card = await transcriptCard(page);
  const badge = card.locator('.badge');
  assert.equal(await badge.getAttribute('data-state'), 'ok');
  assert.match(await badge.textContent(), /^✓Verified Signed by key [0-9A-F]{16}; \d+ records, hash chain intact; status snapshot\.$/);

  const { json, sig, md } = await saveAll(page, card, work);
  assert.match(json, /\.json$/);
  assert.equal(sig, `${json}.minisig`);
  assert.match(md, /\.md$/);
  const pub = await pubkeyFile(env.d.url, 'pub.pub');
  const m = await minisign(json, sig, pub);
  assert.equal(m.code, 0, m.stdout + m.stderr);
  assert.match(m.stdout, /Signature and comment signature verified/);
  // the file is the conversation of this page, byte for byte UTF-8
  const content = readFileSync(json, 'utf8');
  const conversation = await page.evaluate(() => JSON.parse(sessionStorage.getItem('advisord.web.v1')).conversation);
  const records = JSON.parse(content).records;
  assert.equal(records[0].conversation, conversation);
  assert.ok(records.some((r) => r.dir === 'client' && r.msg.text === 'How do Rust and Go salaries compare? (ünïcödé ✓)'));
  assert.match(readFileSync(md, 'utf8'), /^# Transcript of conversation/);

  // advisor replay confirms the conversation the web client had, message
  // for message, with the same knowledge base; and names the first message
  // that differs with a changed one
  const KB = join(ROOT, 'knowledge', 'rust-vs-go-2026');
  const rep = await run(ADVISOR, ['replay', json, '--kb', KB, '-p', pub]);
  assert.equal(rep.code, 0, rep.stdout + rep.stderr);
  assert.match(rep.stdout, new RegExp(`^identical: conversation ${conversation}, 2 user inputs replayed, \\d+ server messages the same, knowledge base [0-9a-f]{64}, signature valid\n$`));
  const changed = join(work, 'kb-changed');
  cpSync(KB, changed, { recursive: true });
  const claims = JSON.parse(readFileSync(join(changed, 'claims.json'), 'utf8'));
  const salary = claims.claims.filter((x) => /salar/i.test(x.text));
  assert.ok(salary.length > 0);
  for (const x of salary) x.text = `${x.text} (changed)`;
  writeFileSync(join(changed, 'claims.json'), JSON.stringify(claims, null, 2));
  const div = await run(ADVISOR, ['replay', json, '--kb', changed, '-p', pub]);
  assert.equal(div.code, 1, div.stdout + div.stderr);
  assert.match(div.stdout, /^note: the knowledge base differs/m);
  assert.match(div.stdout, /^divergence at record \d+ \(seq \d+, answer\):$/m);
  assert.match(div.stdout, /^ {2}the transcript says: \{.*\n {2}the engine now says: \{/m);

  // after a reload the card is there again, verified, with its downloads
  await page.reload();
  await waitQuestion(page);
  const again = page.locator('.card.transcript').last();
  await again.locator('.badge.ok').waitFor();
  const json2 = await download(page, again.getByRole('link', { name: 'Transcript (JSON)' }), tempDir('advisord-browser-tr2-'));
  assert.equal(readFileSync(json2, 'utf8'), content);
  rmSync(join(json2, '..'), { recursive: true, force: true });
  await assertClean(page, problems);
});

test('a tampered transcript chosen in "Verify a file" is not verified', async (t) => {
  const { page, problems } = await start(t, env);
  await someConversation(page);
  const card = await transcriptCard(page);
  const dir = tempDir('advisord-browser-tamper-');
  t.after(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10 }));
  const { json, sig } = await saveAll(page, card, dir);

  // one byte changed: a letter in the user's words
  const bytes = readFileSync(json);
  const at = bytes.indexOf(Buffer.from('salaries'));
  assert.ok(at > 0);
  bytes[at] = 'S'.charCodeAt(0);
  const tampered = join(dir, 'tampered.json');
  writeFileSync(tampered, bytes);
  const pub = await pubkeyFile(env.d.url, 'pub2.pub');
  assert.notEqual((await minisign(tampered, sig, pub)).code, 0, 'minisign rejects it too');

  let r = await verifyFiles(page, tampered, sig);
  assert.equal(r.state, 'bad');
  assert.match(r.text, /^✗Not verified tampered\.json: the signature does not match the file/);
  // the untouched file, chosen the same way, is verified
  r = await verifyFiles(page, json, sig);
  assert.equal(r.state, 'ok');
  assert.match(r.text, /^✓Verified .+\.json: signed by key [0-9A-F]{16}; \d+ records, hash chain intact/);
  // a signature of another file
  const other = join(dir, 'other.json');
  writeFileSync(other, bytes.subarray(0, bytes.length - 1));
  r = await verifyFiles(page, other, sig);
  assert.equal(r.state, 'bad');
  // the dialog closes and gives the focus back
  await page.getByRole('button', { name: 'Close' }).click();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'btn-verify');
  await assertClean(page, problems);
});

// Files re-signed with the daemon's own key (as someone holding it could):
// minisign accepts them, but the page checks the chain and the comment.
test('a transcript re-signed after a change is caught by the chain and the signed summary', async (t) => {
  const dir = tempDir('advisord-browser-forge-');
  t.after(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10 }));
  const pub = join(dir, 'key.pub');
  const sec = join(dir, 'key.sec');
  const g = await run('minisign', ['-G', '-W', '-p', pub, '-s', sec]);
  assert.equal(g.code, 0, g.stderr);
  const { page, problems } = await startOwn(t, ['--signing-key', sec]);
  await someConversation(page);
  const card = await transcriptCard(page);
  assert.equal(await card.locator('.badge').getAttribute('data-state'), 'ok');
  const { json, sig } = await saveAll(page, card, dir);
  const trusted = readFileSync(sig, 'utf8').split('\n')[2].replace(/^trusted comment: /, '');
  const sign = async (file) => {
    const s = await run('minisign', ['-S', '-s', sec, '-m', file, '-x', `${file}.minisig`, '-t', trusted]);
    assert.equal(s.code, 0, s.stderr);
    assert.equal((await minisign(file, `${file}.minisig`, pub)).code, 0, 'minisign accepts the re-signed file');
    return `${file}.minisig`;
  };
  const lines = readFileSync(json, 'utf8').split('\n');

  // a record changed in the middle: the next record's "prev" no longer matches
  const changed = [...lines];
  const i = changed.findIndex((l) => l.includes('"dir":"client"'));
  changed[i] = changed[i].replace('"infra"', '"kernel"');
  assert.notEqual(changed[i], lines[i]);
  const f1 = join(dir, 'changed.json');
  writeFileSync(f1, changed.join('\n'));
  let r = await verifyFiles(page, f1, await sign(f1));
  assert.equal(r.state, 'bad');
  assert.match(r.text, new RegExp(`record ${i}: "prev" does not match record ${i - 1}`));

  // the last record removed: the chain is fine, but the signed count is not
  const cut = [...lines.slice(0, -4), lines.at(-4).replace(/,$/, ''), ...lines.slice(-2)];
  const f2 = join(dir, 'cut.json');
  writeFileSync(f2, cut.join('\n'));
  r = await verifyFiles(page, f2, await sign(f2));
  assert.equal(r.state, 'bad');
  assert.match(r.text, /the signature is for \d+ records, the file has \d+/);
  await assertClean(page, problems);
});
