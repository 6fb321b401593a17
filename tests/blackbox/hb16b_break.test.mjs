// SPDX-License-Identifier: ISC
// Hostile review hb16b: the batched WebSocket writes (daemon/ws.c), the
// render cache, the resend de-duplication (conv_dedup), the KB loader's
// control-character check and the store's rate-limited failure logs,
// over the real WebSocket path.  Each test asserts what a user reads in
// knowledge/SCHEMA.md or protocol/PROTOCOL.md.
//
// Findings (severity, reproduction, state):
// 1. Low, fixed: the KB loader let U+0085 (NEL), the other C1 controls
//    and U+2028/U+2029 (line and paragraph separators) through in text,
//    which SCHEMA.md promises is "one line".  `advisord -n --kb-dir D`
//    with a claim text holding "\u0085" or "\u2028" said "configuration
//    OK".  Test: 'line breaks beyond ASCII ...'.
// 2. Low, todo (not fixed): an unknown *key* is named in the error as it
//    is, so a key holding ESC ("x\u001b[31m") reaches the terminal or
//    journal as a raw escape sequence (the loader checks values only).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ADVISORD, BUILD, ROOT, run, tempDir } from './lib.mjs';

const KBTOOL = join(BUILD, 'kbtool');
const ARTICLE = join(ROOT, 'knowledge', 'rust-vs-go-2026');
const dir = tempDir('advisord-hb16b-');
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

let nkb = 0;
// A copy of the article's KB with mutate(files) applied to its parsed JSON.
function kbWith(mutate) {
  const d = join(dir, `kb${++nkb}`);
  cpSync(ARTICLE, d, { recursive: true });
  const files = {};
  for (const f of ['claims.json', 'lexicon.json', 'dialogue.json']) files[f] = JSON.parse(readFileSync(join(d, f), 'utf8'));
  mutate(files);
  for (const [f, v] of Object.entries(files)) writeFileSync(join(d, f), JSON.stringify(v));
  return d;
}

// Both ways of checking a KB refuse it, with errors matching res.
async function refused(d, res, count) {
  const n = await run(ADVISORD, ['-n', '--kb-dir', d, '--state-dir', join(dir, 'state'), '--listen', '127.0.0.1:0']);
  const k = await run(KBTOOL, ['check', d]);
  for (const r of [n, k]) {
    assert.equal(r.signal, null, r.stderr);
    assert.notEqual(r.code, 0, `accepted:\n${r.stdout}${r.stderr}`);
  }
  for (const re of res) assert.match(k.stdout + k.stderr, re);
  if (count !== undefined) assert.match(k.stdout + k.stderr, new RegExp(`^${count} errors?$`, 'm'), k.stdout + k.stderr);
}

const claim0 = (f) => f['claims.json'].claims[0];

test('line breaks beyond ASCII (U+0085, U+2028, U+2029) and C1 controls in KB text are refused, naming file and path', async () => {
  await refused(kbWith((f) => { claim0(f).text += '\u0085second line'; }),
    [/claims\.json: \$\.claims\[0\]\.text: control character U\+0085 /], 1);
  await refused(kbWith((f) => {
    claim0(f).asks[0] += '\u2028x';
    f['dialogue.json'].questions[0].choices[0].label += '\u2029';
    f['lexicon.json'].stopwords[1] = 'a\u009bn';
  }), [/claims\.json: \$\.claims\[0\]\.asks\[0\]: control character U\+2028 /,
    /dialogue\.json: \$\.questions\[0\]\.choices\[0\]\.label: control character U\+2029 /,
    /lexicon\.json: \$\.stopwords\[1\]: control character U\+009B /]);
});

test('printable characters next to those stay accepted (U+00A0, U+2027, U+202F, emoji)', async () => {
  const d = kbWith((f) => { claim0(f).text += ' \u00a0\u2027\u202f\u00c2\u{1f980}'; });
  const k = await run(KBTOOL, ['check', d]);
  assert.equal(k.code, 0, k.stdout + k.stderr);
});
