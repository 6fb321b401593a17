// SPDX-License-Identifier: ISC
// Every number in the article is carried by some claim of the knowledge
// base, as a figure's value, range end or year.  The article is read from
// ../shared/seed/ (it is not copied into the project); where that is absent
// the test says so and is skipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib.mjs';

const ARTICLE = join(ROOT, '..', 'shared', 'seed', 'rust-vs-go-2026.txt');
const CLAIMS = join(ROOT, 'knowledge', 'rust-vs-go-2026', 'claims.json');

const SCALE = { k: 1e3, thousand: 1e3, million: 1e6, m: 1e6, billion: 1e9, b: 1e9, trillion: 1e12 };

// Extract the figures of one line: percentages, money, counts, ranks,
// versions, years, multipliers and ranges ("2.26-2.8 million" gives both
// ends in millions).  Digits glued to a letter on their left belong to a
// name ("Win32k", "p99", "Q1") and are not figures.
export function extractFigures(line) {
  const out = [];
  const re = /(?<![A-Za-z0-9.,])(\$?)(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(?:([–-]|to)\s*\$?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?))?\s*(million|billion|trillion|thousand|[kmb](?![a-z]))?/gi;
  for (const m of line.matchAll(re)) {
    const scale = m[5] ? SCALE[m[5].toLowerCase()] : 1;
    const a = Number(m[2].replace(/,/g, ''));
    out.push({ text: m[0].trim(), value: a * scale });
    if (a * scale !== a) out.push({ text: m[0].trim(), value: a });
    if (m[4] !== undefined) {
      const b = Number(m[4].replace(/,/g, ''));
      out.push({ text: m[0].trim(), value: b * scale });
    }
  }
  return out;
}

// Section headings ("1.1 Rust: ...", "4. Where Rust ...") are not figures.
function isHeading(line) {
  return /^\d+(\.\d+)*\.?\s+[A-Z]/.test(line.trim());
}

test('extractFigures reads the forms the article uses', () => {
  const v = (s) => extractFigures(s).map((f) => f.value);
  assert.deepEqual(v('stands at 72% today'), [72]);
  assert.deepEqual(v('$145,000 to $185,000'), [145000, 185000]);
  assert.ok(v('approximately 2.26–2.8 million Rust developers').includes(2800000));
  assert.ok(v('approximately 2.26–2.8 million Rust developers').includes(2260000));
  assert.deepEqual(v('rewritten over 188,000 lines'), [188000]);
  assert.deepEqual(v('Win32k.sys and p99 in Q1'), []);
  assert.ok(v('Llama 3.1 8B').includes(8e9));
});

test('every number in the article is carried by a claim', (t) => {
  if (!existsSync(ARTICLE)) {
    t.skip(`${ARTICLE} is absent`);
    return;
  }
  const claims = JSON.parse(readFileSync(CLAIMS, 'utf8')).claims;
  const carried = new Set();
  for (const c of claims) {
    for (const f of c.figures ?? []) {
      carried.add(f.value);
      if (f.max !== undefined) carried.add(f.max);
      if (f.year !== undefined) carried.add(f.year);
    }
  }
  const near = (x) => [...carried].some((y) => Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(y)));
  const lines = readFileSync(ARTICLE, 'utf8').split('\n');
  const missing = [];
  let checked = 0;
  for (const [i, line] of lines.entries()) {
    if (isHeading(line)) continue;
    // A figure counts when any reading of it is carried (2.8 million may be
    // stored as 2800000).
    const groups = new Map();
    for (const f of extractFigures(line)) {
      if (!groups.has(f.text)) groups.set(f.text, []);
      groups.get(f.text).push(f.value);
    }
    for (const [text, values] of groups) {
      checked += 1;
      if (!values.some(near)) missing.push(`line ${i + 1}: "${text}"`);
    }
  }
  assert.ok(checked > 80, `only ${checked} figures found in the article`);
  assert.deepEqual(missing, [], `figures not carried by any claim:\n${missing.join('\n')}`);
});
