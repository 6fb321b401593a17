// SPDX-License-Identifier: ISC
// dump_replies: every reply byte of the public evaluation sets, as the
// WebSocket carries them, one line per server message, for diffing two
// builds (a change that must not alter a reply byte a client sees).
//
//	node tests/tools/dump_replies.mjs OUT [ADVISORD]
//	env: EVAL_SHARED=dir (the shared sets, when present)
//
// The sets are tests/eval/*.json, heldout2 and heldout3 (never the
// sealed heldout4..7) and the shared sets.  Each item runs in a
// conversation of its own: a question is said; a description is said,
// then "recommend"; a conversation's steps are said in turn, then
// "summary".  The welcome is not kept; the conversation's random name and
// each "re" (the request's random id) are the only bytes replaced (by
// "CONV" and "ID"); nothing else is normalised.  Lines are sorted by set, item and turn.
import { readFileSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import { join, resolve, dirname, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Daemon, connect } from '../blackbox/lib.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const EVAL = join(ROOT, 'tests', 'eval');
const [OUT, BIN] = process.argv.slice(2);
if (!OUT) throw new Error('usage: dump_replies.mjs OUT [ADVISORD]');

function sets() {
  const files = readdirSync(EVAL).filter((x) => x.endsWith('.json') && x !== 'thresholds.json').sort()
    .map((f) => [basename(f, '.json'), join(EVAL, f)]);
  for (const h of ['heldout2', 'heldout3'])
    for (const f of ['questions', 'descriptions', 'conversations'])
      if (existsSync(join(EVAL, h, `${f}.json`))) files.push([`${h}/${f}`, join(EVAL, h, `${f}.json`)]);
  const shared = process.env.EVAL_SHARED;
  if (shared && existsSync(shared))
    for (const f of readdirSync(shared).filter((x) => x.endsWith('.json')).sort())
      files.push([`shared/${basename(f, '.json')}`, join(shared, f)]);
  const jobs = [];
  for (const [name, file] of files) {
    const d = JSON.parse(readFileSync(file, 'utf8'));
    if (d.conversations) d.conversations.forEach((c, i) => jobs.push({ key: `${name}#${i}`, says: c.steps.map((s) => s.say), end: 'summary' }));
    else for (const it of d.descriptions ?? d.personas ?? []) jobs.push({ key: `${name}#${jobs.length}`, says: [it.text], end: 'recommend' });
    for (const [i, q] of (d.questions ?? []).entries()) jobs.push({ key: `${name}#${i}`, says: [q.q], end: null });
  }
  return jobs;
}

async function one(d, job, lines) {
  const c = await connect(d.wsUrl);
  const raw = [];
  c.ws.on('message', (data) => raw.push(data.toString('utf8')));
  try {
    let id = c.request({ type: 'hello', protocol: 'advisor.v1', client: 'dump/1' });
    const hello = await c.turn(id, 10000);
    const name = hello[0].conversation;
    raw.length = 0;
    const turns = job.says.map((text) => ({ type: 'say', text }));
    if (job.end) turns.push({ type: 'command', command: job.end });
    for (const [t, m] of turns.entries()) {
      id = c.request(m);
      await c.turn(id, 10000);
      for (const r of raw.splice(0)) lines.push(`${job.key}.${String(t).padStart(3, '0')} ${r.split(name).join("CONV").replace(/"re":"[^"]*"/g, "\"re\":\"ID\"")}`);
    }
  } finally { c.close(); }
}

const d = await new Daemon(['--sync', 'off', '--rate-conversation', '1000', '--rate-conversation-burst', '1000',
  '--rate-connection', '1000', '--rate-connection-burst', '1000',
  '--kb-dir', join(ROOT, 'knowledge', 'rust-vs-go-2026')], {}, BIN ? { binary: resolve(BIN) } : {}).start();
const lines = [];
try {
  const jobs = sets();
  let next = 0;
  await Promise.all([0, 1, 2, 3].map(async () => {
    while (next < jobs.length) await one(d, jobs[next++], lines);
  }));
  // stable: the turn's own order, items sorted by key
  const order = new Map();
  lines.forEach((l, i) => order.set(l, order.get(l) ?? i));
  lines.sort((a, b) => { const ka = a.slice(0, a.indexOf(' ')), kb = b.slice(0, b.indexOf(' ')); return ka < kb ? -1 : ka > kb ? 1 : order.get(a) - order.get(b); });
  writeFileSync(OUT, lines.join('\n') + '\n');
  console.log(`dump_replies: ${jobs.length} conversations, ${lines.length} server messages -> ${OUT}`);
} finally { await d.stop(); }
