// SPDX-License-Identifier: ISC
// run.mjs: run every evaluation set of the repository through a live
// daemon, over WebSocket, as a user of the web page would, and print
// per-set figures and every failure.
//
//   node tests/eval/run.mjs [--tap] [--json FILE] [--thresholds FILE] [--only NAME[,NAME...]]
//
// Sets: tests/eval/*.json (the team's questions and personas),
// tests/eval/heldout{2,3,4,5,6,7}/{questions,descriptions,conversations}.json, and
// ../shared/eval/*.json next to the clone (or $EVAL_SHARED) when present.
// Each item is its own conversation on its own browser connection: hello,
// then what the user types as `say`; the grading rules are in
// tests/eval/heldout2/README.md.  A self-description that gets no verdict
// is followed by the `recommend` command (the page's "Recommend now"
// button), once.
//
// --tap prints TAP: one test per gated set (tests/eval/thresholds.json:
// "all" = every item must pass, a number = at least that many, "report" =
// printed, not gated); exit status 1 when a gated set is below its minimum.
import { readFileSync, readdirSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve, dirname, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Daemon, connect, last, timeScale } from '../blackbox/lib.mjs';
import { gradeAnswer, gradeLegacyQuestion, gradeStep, describe, firstOf } from './grade.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const EVAL = join(ROOT, 'tests', 'eval');
const PARALLEL = 4;		// conversations in flight; results do not depend on it
const TURN_MS = 10000 * timeScale;	// ADVISORD_TIME_SCALE: under valgrind (make soak)

function parseArgs(argv) {
  const o = { tap: false, json: null, thresholds: join(EVAL, 'thresholds.json'), only: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--tap') o.tap = true;
    else if (a === '--json') o.json = argv[++i];
    else if (a === '--thresholds') o.thresholds = argv[++i];
    else if (a === '--only') o.only = argv[++i];
    else throw new Error(`usage: run.mjs [--tap] [--json FILE] [--thresholds FILE] [--only NAME]; unknown ${a}`);
  }
  return o;
}

// Every set file, with its name and kind (questions, legacy questions,
// personas, descriptions, conversations), decided by its top-level key.
function discover() {
  const sets = [];
  const add = (name, file) => {
    const data = JSON.parse(readFileSync(file, 'utf8'));
    let kind;
    let items;
    if (data.conversations) { kind = 'conversations'; items = data.conversations; }
    else if (data.descriptions) { kind = 'descriptions'; items = data.descriptions; }
    else if (data.personas) { kind = 'descriptions'; items = data.personas; }
    else if (data.questions) {
      items = data.questions;
      kind = items.every((q) => q.expect && !Array.isArray(q.expect)) ? 'questions' : 'legacy-questions';
    } else throw new Error(`${file}: no questions, personas, descriptions or conversations`);
    items.forEach((it, i) => { it.id ??= `#${i + 1}`; });
    sets.push({ name, file, kind, items });
  };
  for (const f of readdirSync(EVAL).filter((x) => x.endsWith('.json') && x !== 'thresholds.json').sort()) {
    add(basename(f, '.json'), join(EVAL, f));
  }
  for (const h of ['heldout2', 'heldout3', 'heldout4', 'heldout5', 'heldout6', 'heldout7']) {
    for (const f of ['questions', 'descriptions', 'conversations']) {
      if (existsSync(join(EVAL, h, `${f}.json`))) add(`${h}/${f}`, join(EVAL, h, `${f}.json`));
    }
  }
  const shared = process.env.EVAL_SHARED ? resolve(process.env.EVAL_SHARED) : resolve(ROOT, '..', 'shared', 'eval');
  if (existsSync(shared)) {
    for (const f of readdirSync(shared).filter((x) => x.endsWith('.json')).sort()) {
      add(`shared/${basename(f, '.json')}`, join(shared, f));
    }
  }
  return { sets, shared: existsSync(shared) ? shared : null };
}

// A new conversation on its own browser connection.
async function open(d) {
  const c = await connect(d.wsUrl);
  let n = 0;
  const send = async (msg) => {
    const id = `e${++n}`;
    c.send({ ...msg, id });
    return c.turn(id, TURN_MS);
  };
  await send({ type: 'hello', protocol: 'advisor.v1', client: 'eval/1' });
  return {
    say: (text) => send({ type: 'say', text }),
    command: (command) => send({ type: 'command', command }),
    close: () => c.close(),
  };
}

async function runQuestion(d, set, item) {
  const conv = await open(d);
  try {
    const text = item.q;
    const turn = await conv.say(text);
    if (set.kind === 'legacy-questions') {
      const r = gradeLegacyQuestion(item, turn);
      return { id: item.id, input: text, pass: r.pass, facts: item.unknown ? null : r.facts, decline: !!item.unknown, why: r.why, got: describe(turn) };
    }
    const r = gradeAnswer(item.expect, turn);
    return { id: item.id, input: text, kinds: item.kinds, pass: r.pass, facts: r.facts, first: r.first, decline: item.expect.reply === 'decline', why: r.why, got: describe(turn) };
  } finally { conv.close(); }
}

async function runDescription(d, set, item) {
  const conv = await open(d);
  try {
    const turn = await conv.say(item.text);
    const rec = last(turn, 'recommendation');
    const want = item.verdict;
    if (want === 'ask') {
      const q = last(turn, 'question');
      const bad = rec ? 'gave a recommendation the article gives no basis for'
        : !q ? 'asked nothing' : (item.not_question ?? []).includes(q.question) ? `asked ${q.question}` : '';
      return { id: item.id, input: item.text, kinds: item.kinds, ask: true, pass: !bad, why: bad, got: describe(turn) };
    }
    if (rec) {
      return { id: item.id, input: item.text, kinds: item.kinds, pass: rec.verdict === want, atOnce: rec.verdict === want, verdict: rec.verdict, why: rec.verdict === want ? '' : `expected ${want}, got ${rec.verdict} at once`, got: describe(turn) };
    }
    const more = await conv.command('recommend');
    const rec2 = last(more, 'recommendation');
    const v = rec2 ? rec2.verdict : null;
    return { id: item.id, input: item.text, kinds: item.kinds, pass: v === want, atOnce: false, verdict: v, why: v === want ? '' : `expected ${want}, got ${v ?? 'no verdict'} on request`, got: `${describe(turn)} || recommend: ${describe(more)}` };
  } finally { conv.close(); }
}

async function runConversation(d, set, item) {
  const conv = await open(d);
  const steps = [];
  try {
    for (const [i, s] of item.steps.entries()) {
      const turn = await conv.say(s.say);
      let state = null;
      if (s.expect.state) {
        const sum = await conv.command('summary');
        state = firstOf(sum, 'summary')?.answers ?? null;
      }
      const fails = gradeStep(s.expect, turn, state);
      steps.push({ step: i + 1, input: s.say, pass: fails.length === 0, why: fails.join('; '), got: describe(turn) });
    }
  } finally { conv.close(); }
  return { id: item.id, input: item.title, kinds: item.kinds, steps, pass: steps.every((s) => s.pass) };
}

async function runSet(d, set) {
  const fn = set.kind === 'conversations' ? runConversation
    : set.kind === 'descriptions' ? runDescription : runQuestion;
  const results = new Array(set.items.length);
  let next = 0;
  const worker = async () => {
    while (next < set.items.length) {
      const i = next++;
      try {
        results[i] = await fn(d, set, set.items[i]);
      } catch (err) {
        results[i] = { id: set.items[i].id, input: set.items[i].q ?? set.items[i].text ?? set.items[i].title, pass: false, why: `runner: ${err.message.slice(0, 300)}`, got: '', steps: [] };
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return results;
}

// The figures of a set: { passed, total, line } (passed/total is what is
// gated: items, or steps for conversations).
function figures(set, results) {
  const count = (f) => results.filter(f).length;
  if (set.kind === 'conversations') {
    const steps = results.flatMap((r) => r.steps ?? []);
    const passed = count((r) => r.pass);
    const sp = steps.filter((s) => s.pass).length;
    return { passed: sp, total: steps.length, line: `steps ${sp}/${steps.length}, whole conversations ${passed}/${results.length}` };
  }
  const passed = count((r) => r.pass);
  const head = `${passed}/${results.length}`;
  if (set.kind === 'descriptions') {
    const verdicts = results.filter((r) => !r.ask);
    const asks = results.filter((r) => r.ask);
    const parts = [`verdict at once ${verdicts.filter((r) => r.atOnce).length}/${verdicts.length}`];
    if (asks.length) parts.push(`asks when the article gives no basis ${asks.filter((r) => r.pass).length}/${asks.length}`);
    return { passed, total: results.length, line: `${head} (${parts.join(', ')})` };
  }
  const facts = results.filter((r) => r.facts !== null && r.facts !== undefined);
  const parts = [`covered facts ${facts.filter((r) => r.facts).length}/${facts.length}`];
  if (set.kind === 'questions') {
    const firsts = results.filter((r) => r.first !== null && r.first !== undefined);
    parts.push(`right fact first ${firsts.filter((r) => r.first).length}/${firsts.length}`);
  }
  const dec = results.filter((r) => r.decline);
  if (dec.length) parts.push(`declines ${dec.filter((r) => r.pass).length}/${dec.length}`);
  return { passed, total: results.length, line: `${head} (${parts.join(', ')})` };
}

// Failures of items carrying issue-11 kinds, counted per kind.
function byKind(set, results) {
  const k = {};
  for (const r of results) {
    for (const kind of r.kinds ?? []) {
      k[kind] ??= { failed: 0, total: 0 };
      k[kind].total++;
      if (!r.pass) k[kind].failed++;
    }
  }
  return k;
}

// The newest held-out sets, each written before the engine work it measures.
const SEALED = /^heldout[4567]\//;

function gateOf(thresholds, name) {
  const g = thresholds[name];
  if (g === undefined) return /^heldout[234567]\//.test(name) ? 'report' : 'all';
  return g;
}

async function main() {
  const opt = parseArgs(process.argv.slice(2));
  const { sets: all, shared } = discover();
  // --only takes one set name or several, separated by commas.
  const only = opt.only ? new Set(opt.only.split(',')) : null;
  const sets = only ? all.filter((s) => only.has(s.name)) : all;
  const thresholds = existsSync(opt.thresholds) ? JSON.parse(readFileSync(opt.thresholds, 'utf8')).min ?? {} : {};
  const out = (s) => process.stdout.write(`${s}\n`);
  const note = opt.tap ? (s) => out(s.split('\n').map((l) => `# ${l}`).join('\n')) : out;
  const gated = sets.filter((s) => gateOf(thresholds, s.name) !== 'report');
  // One test per gated set, and one for the daemon's clean exit (a
  // sanitizer report or a crash during the run shows there).
  if (opt.tap) out(`1..${gated.length + 1}`);
  if (!shared) note('(no ../shared/eval next to the clone and no $EVAL_SHARED: the public sets are not run)');

  const d = await new Daemon(['--sync', 'off', '--rate-conversation', '1000', '--rate-conversation-burst', '1000',
    '--rate-connection', '1000', '--rate-connection-burst', '1000']).start();
  // Output closed early (`run.mjs | head`): EPIPE on stdout would throw
  // past the finally below and leave the daemon running; stop it and
  // leave.  A plain exit (an uncaught error) stops it too.
  const killDaemon = () => { try { if (d.proc && d.proc.exitCode === null) d.proc.kill('SIGTERM'); } catch { /* gone */ } };
  process.stdout.on('error', (e) => {
    if (e.code !== 'EPIPE') throw e;
    killDaemon();
    process.exit(1);
  });
  process.on('exit', killDaemon);
  const t0 = Date.now();
  const report = { date: new Date().toISOString(), sets: [] };
  let tapN = 0;
  let gateFailed = 0;
  const kinds = {};
  try {
    for (const set of sets) {
      const results = await runSet(d, set);
      const f = figures(set, results);
      const gate = gateOf(thresholds, set.name);
      const min = gate === 'all' ? f.total : gate === 'report' ? null : Number(gate);
      const line = `${set.name}: ${f.line}`;
      note(`${line}${min === null ? '  [reported, not gated]' : `  [gate: ${gate === 'all' ? 'all' : `at least ${min}`}]`}`);
      const failures = [];
      for (const r of results) {
        if (set.kind === 'conversations') {
          for (const s of r.steps ?? []) {
            if (!s.pass) failures.push(`  FAIL ${r.id}/${s.step} ${JSON.stringify(s.input)}: ${s.why}\n       got: ${s.got}`);
          }
          if (!r.pass && !(r.steps ?? []).some((s) => !s.pass)) failures.push(`  FAIL ${r.id} ${JSON.stringify(r.input)}: ${r.why}`);
        } else if (!r.pass) {
          failures.push(`  FAIL ${r.id} ${JSON.stringify(r.input)}: ${r.why}\n       got: ${r.got}`);
        }
      }
      if (min !== null) {
        tapN++;
        const ok = f.passed >= min;
        if (!ok) gateFailed++;
        if (opt.tap) out(`${ok ? 'ok' : 'not ok'} ${tapN} - eval ${set.name} ${f.passed}/${f.total} (minimum ${min})`);
        if (gate !== 'all' && f.passed > min) {
          note(`  ${set.name} is above its minimum: raise it to ${f.passed === f.total ? '"all"' : f.passed} in tests/eval/thresholds.json`);
        }
      }
      // After the TAP line, so that tests/run.sh shows them under "not ok".
      // A sealed held-out set shows figures only: its sentences stay
      // unseen by whoever tunes the engine (EVAL_SHOW_SEALED=1 shows them).
      if (failures.length && SEALED.test(set.name) && !process.env.EVAL_SHOW_SEALED) {
        note(`  ${failures.length} failing item(s) not shown: ${set.name} is sealed (EVAL_SHOW_SEALED=1 shows them)`);
      } else if (failures.length) note(failures.join('\n'));
      const k = byKind(set, results);
      if (Object.keys(k).length) {
        note(`  failures by kind (failed/items): ${Object.entries(k).map(([n, v]) => `${n}: ${v.failed}/${v.total}`).join(', ')}`);
        for (const [n, v] of Object.entries(k)) {
          kinds[n] ??= { failed: 0, total: 0 };
          kinds[n].failed += v.failed;
          kinds[n].total += v.total;
        }
      }
      report.sets.push({ name: set.name, file: set.file, kind: set.kind, gate, figures: f, byKind: k, results });
    }
  } finally {
    const st = await d.stop();
    const clean = st && st.code === 0;
    if (!clean) {
      gateFailed++;
      note(`the daemon exited with ${JSON.stringify(st)}; its log ends:\n${d.log.slice(-3000)}`);
    }
    if (opt.tap) out(`${clean ? 'ok' : 'not ok'} ${tapN + 1} - eval daemon exits cleanly after the run`);
  }
  if (Object.keys(kinds).length) {
    note(`failures by kind over every set with kinds (failed/items): ${Object.entries(kinds).map(([n, v]) => `${n}: ${v.failed}/${v.total}`).join(', ')}`);
  }
  note(`eval: ${sets.length} sets in ${((Date.now() - t0) / 1000).toFixed(1)} s; ${gated.length} gated, ${gateFailed} below their minimum`);
  report.byKind = kinds;
  if (opt.json) {
    mkdirSync(dirname(resolve(opt.json)), { recursive: true });
    writeFileSync(opt.json, `${JSON.stringify(report, null, 1)}\n`);
    note(`report: ${opt.json}`);
  }
  process.exitCode = gateFailed ? 1 : 0;
}

main().catch((err) => {
  process.stdout.write(`Bail out! ${err.stack}\n`);
  process.exitCode = 2;
});
