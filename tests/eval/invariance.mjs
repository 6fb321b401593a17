#!/usr/bin/env node
// SPDX-License-Identifier: ISC
// Context invariance (issue 11 round 11): a question for the article gets
// the same reply whether it is the first message of a conversation or is
// asked in the middle of the guided walk.  Every question item of the
// public question sets is said (a) as the first message of a new
// conversation and (b) in the middle of the walk, after `hello` and the
// walk's questions answered by number up to a point (each context of
// CONTEXTS leaves another question pending: a question asked while the
// background question is open must not be read as an answer to it); the
// turns must agree on what a user sees first: an answer or none, covered
// or declined, and the first citation.  Prints one line per difference and
// the figure "same N/M" (an item counts as the same when every context
// agrees with the first message); with --min N exits 1 when fewer than N
// agree.  --context "6,2" runs that one context instead.
//
//   node tests/eval/invariance.mjs [--context 6,2] [--min N] [--json FILE] [--tap]
//
// --tap (make test): one TAP test, passing when at most
// tests/eval/thresholds.json "invariance".max_differ items differ.
//
// The sets are the public question sets (both formats) of tests/eval,
// tests/eval/heldout2 and heldout3 (never heldout4 to heldout7, which are
// sealed), and $EVAL_SHARED/questions.json when present.
import { readFileSync, existsSync, writeFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Daemon, connect } from '../blackbox/lib.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const EVAL = join(ROOT, 'tests', 'eval');
const TURN_MS = 10000;
// The numbered answers said before the question: after "6" (APIs) the
// walk asks latency, then priorities, cloud native, team, timeline,
// background, career (KB dialogue order; each answered "2"); after "1"
// (a kernel: a verdict at once) and "10" (undecided) the walk goes on
// elsewhere; the last context is a description in words that gets a
// verdict at once ("it" is then the verdict's language, a "y" may be a
// why: neither may swallow a question).
const CONTEXTS = [['1'], ['10'], ['we build backend apis on kubernetes'], ['6'], ['6', '2'], ['6', '2', '2'], ['6', '2', '2', '2'], ['6', '2', '2', '2', '2'],
  ['6', '2', '2', '2', '2', '2'], ['6', '2', '2', '2', '2', '2', '2']];
const SETS = ['dev-casual', 'dev-questions', 'dev-questions2', 'dev-questions3', 'dev-questions4',
  'dev-questions5', 'dev-untouched', 'dev-gate8', 'questions', 'holdout-questions',
  'heldout2/questions', 'heldout3/questions'];

// The gate (--tap, as make test runs it): at most this many items may
// differ, from tests/eval/thresholds.json "invariance".max_differ.
function maxDiffer() {
  const t = JSON.parse(readFileSync(join(EVAL, 'thresholds.json'), 'utf8'));
  const m = t.invariance?.max_differ;
  if (!Number.isInteger(m) || m < 0) throw new Error('tests/eval/thresholds.json: "invariance".max_differ must be a whole number >= 0');
  return m;
}

function parseArgs(argv) {
  const o = { contexts: CONTEXTS, min: null, json: null, tap: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--context') o.contexts = [argv[++i].split(',')];
    else if (argv[i] === '--min') o.min = Number(argv[++i]);
    else if (argv[i] === '--json') o.json = argv[++i];
    else if (argv[i] === '--tap') o.tap = true;
    else throw new Error(`invariance.mjs: unknown argument ${argv[i]} (--context A,B, --min N, --json FILE, --tap)`);
  }
  if (o.min !== null && !Number.isInteger(o.min)) throw new Error('invariance.mjs: --min needs a whole number');
  return o;
}

function items() {
  const out = [];
  const files = SETS.map((s) => [s, join(EVAL, `${s}.json`)]);
  const shared = process.env.EVAL_SHARED ? resolve(process.env.EVAL_SHARED) : resolve(ROOT, '..', 'shared', 'eval');
  if (existsSync(join(shared, 'questions.json'))) files.push(['shared/questions', join(shared, 'questions.json')]);
  for (const f of (process.env.INV_EXTRA ?? '').split(',').filter(Boolean)) files.push([f, f]);
  for (const [name, file] of files) {
    if (!existsSync(file)) continue;
    const data = JSON.parse(readFileSync(file, 'utf8'));
    for (const [i, q] of (data.questions ?? []).entries()) out.push({ set: name, id: q.id ?? `#${i + 1}`, q: q.q });
  }
  return out;
}

async function open(d) {
  const c = await connect(d.wsUrl);
  let n = 0;
  const send = (msg) => {
    const id = `i${++n}`;
    c.send({ ...msg, id });
    return c.turn(id, TURN_MS);
  };
  await send({ type: 'hello', protocol: 'advisor.v1', client: 'invariance/1' });
  return { say: (text) => send({ type: 'say', text }), close: () => c.close() };
}

// What a user sees first: no answer, a decline, or a covered answer and
// the claim it cites first.
function reading(turn) {
  const a = turn.find((m) => m.type === 'answer');
  if (!a) return 'no answer';
  if (!a.covered) return 'declined';
  return `covered ${(a.citations ?? [])[0]?.claim ?? '-'}`;
}

async function main() {
  const opt = parseArgs(process.argv.slice(2));
  const all = items();
  const d = await new Daemon(['--sync', 'off', '--rate-conversation', '1000', '--rate-conversation-burst', '1000',
    '--rate-connection', '1000', '--rate-connection-burst', '1000']).start();
  const diffs = [];
  try {
    for (const it of all) {
      const first = await open(d);
      const a = reading(await first.say(it.q));
      first.close();
      const mids = [];
      for (const ctx of opt.contexts) {
        const mid = await open(d);
        for (const s of ctx) await mid.say(s);
        const b = reading(await mid.say(it.q));
        mid.close();
        if (a !== b) mids.push(`after ${ctx.join(',')}: ${b}`);
      }
      if (mids.length > 0) diffs.push({ ...it, first: a, mid: mids });
    }
  } finally { await d.stop(); }
  for (const x of diffs) process.stdout.write(`DIFF ${x.set} ${x.id} ${JSON.stringify(x.q)}\n     first: ${x.first}\n${x.mid.map((m) => `     ${m}\n`).join('')}`);
  const same = all.length - diffs.length;
  process.stdout.write(`invariance: same ${same}/${all.length} (${opt.contexts.length} mid-walk contexts)\n`);
  if (opt.tap) {
    const max = maxDiffer();
    const ok = diffs.length <= max;
    process.stdout.write(`1..1\n${ok ? 'ok' : 'not ok'} 1 - context invariance: ${diffs.length} of ${all.length} questions differ mid-walk (at most ${max})\n`);
    if (!ok) process.exit(1);
    return;
  }
  if (opt.json) writeFileSync(opt.json, JSON.stringify({ same, total: all.length, diffs }, null, 1));
  if (opt.min !== null && same < opt.min) {
    process.stdout.write(`invariance: ${same} below the minimum ${opt.min}\n`);
    process.exit(1);
  }
}

main().catch((e) => { process.stderr.write(`${e.stack ?? e}\n`); process.exit(2); });
