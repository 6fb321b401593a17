// SPDX-License-Identifier: ISC
// Copies of the article's KB with changes, and the check that a KB is
// refused, for the hostile tests of the KB loader (hb11_break,
// hb16b_break).  The copies live in a temporary directory removed at exit.
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ADVISORD, BUILD, ROOT, run, tempDir } from './lib.mjs';

export const KBTOOL = join(BUILD, 'kbtool');
export const ARTICLE = join(ROOT, 'knowledge', 'rust-vs-go-2026');

// kbMutator(prefix) -> { dir, kbWith(mutate), refused(d, res, count) }:
// kbWith copies the article's KB with mutate(files) applied to its parsed
// claims.json, lexicon.json and dialogue.json and returns its directory;
// refused asserts that both `advisord -n` and `kbtool check` refuse d,
// that kbtool's output matches every expression of res and, when count
// is given, that it reports exactly count errors.
export function kbMutator(prefix) {
  const dir = tempDir(prefix);
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  let nkb = 0;
  function kbWith(mutate) {
    const d = join(dir, `kb${++nkb}`);
    cpSync(ARTICLE, d, { recursive: true });
    const files = {};
    for (const f of ['claims.json', 'lexicon.json', 'dialogue.json']) files[f] = JSON.parse(readFileSync(join(d, f), 'utf8'));
    mutate(files);
    for (const [f, v] of Object.entries(files)) writeFileSync(join(d, f), JSON.stringify(v));
    return d;
  }
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
  return { dir, kbWith, refused };
}
