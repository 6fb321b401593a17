#!/usr/bin/env node
// SPDX-License-Identifier: ISC
// Conversation isolation (round 51): one conversation's turns never change
// what another conversation is told.  Every eval conversation (every
// tests/eval/*conversations*.json, tests/eval/heldout2/3 conversations and
// $EVAL_SHARED's) is run
//   (a) alone: one at a time, each on a fresh connection, one daemon;
//   (b) interleaved, per seed: a window of conversations open at once, the
//       next step taken from one of them picked by a seeded generator;
//   (c) interleaved with noise, per seed: as (b), and before each step a
//       step of another, unrelated conversation is said on a connection of
//       its own (a pool of noise connections, renewed now and then);
// all on one daemon.  After each step the `summary` command is sent too:
// the conversation's recorded answers are compared as well as the reply.
// Every step whose reply (every message of the turn, minus the fields that
// name the request or the conversation) or summary differs from (a) is
// printed, with the seed and mode that shows it; a found difference is
// replayed in the same order by `--seed S --mode M --only SET`.
//
// The sealed sets (heldout4 to 7) are not run: their sentences stay unseen.
//
//   node tests/eval/isolation.mjs [--seeds 1,2,3] [--modes mix,noise]
//        [--sample N] [--window W] [--only SET[,SET]] [--tap] [--json FILE]
//
// --sample N runs N conversations picked by the first seed (make test: a
// short run); without it, every conversation (make soak).  --tap prints
// one TAP test: passing when no step differs.  Exit status 1 when any
// step differs.
import { readFileSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import { join, resolve, dirname, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Daemon, connect } from '../blackbox/lib.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const EVAL = join(ROOT, 'tests', 'eval');
const TURN_MS = 15000;
const NOISE_CONNS = 3;		// noise connections at once
const NOISE_RENEW = 25;		// a noise connection is renewed after this many messages
const MAX_DIFFS_SHOWN = 40;	// differences printed in full; the rest are counted

function parseArgs(argv) {
  const o = { seeds: [1, 2, 3], modes: ['mix', 'noise'], sample: null, window: 12, only: null, tap: false, json: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => { if (i + 1 >= argv.length) throw new Error(`${a} needs a value`); return argv[++i]; };
    if (a === '--seeds' || a === '--seed') o.seeds = v().split(',').map(Number);
    else if (a === '--modes' || a === '--mode') o.modes = v().split(',');
    else if (a === '--sample') o.sample = Number(v());
    else if (a === '--window') o.window = Number(v());
    else if (a === '--only') o.only = new Set(v().split(','));
    else if (a === '--tap') o.tap = true;
    else if (a === '--json') o.json = v();
    else throw new Error(`isolation.mjs: unknown argument ${a} (--seeds, --modes mix,noise, --sample N, --window W, --only SET, --tap, --json FILE)`);
  }
  if (o.seeds.some((s) => !Number.isInteger(s))) throw new Error('isolation.mjs: --seeds takes whole numbers');
  if (o.modes.some((m) => m !== 'mix' && m !== 'noise')) throw new Error('isolation.mjs: --modes takes mix and/or noise');
  if (!(o.window >= 2 && o.window <= 40)) throw new Error('isolation.mjs: --window is 2 to 40');
  if (o.sample !== null && !(Number.isInteger(o.sample) && o.sample > 0)) throw new Error('isolation.mjs: --sample takes a whole number > 0');
  return o;
}

// mulberry32: a small seeded generator, so that an order is replayed by its seed.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(list, rand) {
  const a = [...list];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

// Every public conversation: { key, set, id, steps: [text] }.
function conversations(only) {
  const files = [];
  for (const f of readdirSync(EVAL).filter((x) => /conversations.*\.json$/.test(x)).sort()) files.push([basename(f, '.json'), join(EVAL, f)]);
  for (const h of ['heldout2', 'heldout3']) {
    const f = join(EVAL, h, 'conversations.json');
    if (existsSync(f)) files.push([`${h}/conversations`, f]);
  }
  const shared = process.env.EVAL_SHARED ? resolve(process.env.EVAL_SHARED) : resolve(ROOT, '..', 'shared', 'eval');
  if (existsSync(shared)) {
    for (const f of readdirSync(shared).filter((x) => /conversations.*\.json$/.test(x)).sort()) files.push([`shared/${basename(f, '.json')}`, join(shared, f)]);
  }
  const out = [];
  for (const [set, file] of files) {
    if (only && !only.has(set)) continue;
    const data = JSON.parse(readFileSync(file, 'utf8'));
    for (const [i, c] of (data.conversations ?? []).entries()) {
      const id = c.id ?? `#${i + 1}`;
      out.push({ key: `${set}:${id}`, set, id, steps: c.steps.map((s) => String(s.say)) });
    }
  }
  return out;
}

// What a user sees of a turn, minus what names the request or the
// conversation (re, the conversation's id and token, timestamps): a
// stable string, keys sorted.
const VOLATILE = new Set(['re', 'conversation', 'token', 'ts', 'time', 'at', 'date', 'created', 'expires', 'started', 'ended']);
function stable(v) {
  if (Array.isArray(v)) return v.map(stable);
  if (v && typeof v === 'object') {
    const o = {};
    for (const k of Object.keys(v).sort()) if (!VOLATILE.has(k)) o[k] = stable(v[k]);
    return o;
  }
  if (typeof v === 'string') return v.replace(/\bc-[0-9a-f]{20}\b/g, 'c-*');
  return v;
}

// A conversation on its own connection: hello, then each step said and
// the summary asked; records { reply, summary } per step.
async function opener(d) {
  const c = await connect(d.wsUrl);
  let n = 0;
  const send = async (msg) => {
    const id = `i${++n}`;
    c.send({ ...msg, id });
    return c.turn(id, TURN_MS);
  };
  await send({ type: 'hello', protocol: 'advisor.v1', client: 'isolation/1' });
  return { send, close: () => c.close() };
}

async function step(conn, text) {
  const reply = JSON.stringify(stable(await conn.send({ type: 'say', text })));
  const summary = JSON.stringify(stable(await conn.send({ type: 'command', command: 'summary' })));
  return { reply, summary };
}

async function runAlone(d, convs) {
  const got = new Map();
  for (const c of convs) {
    const conn = await opener(d);
    const rec = [];
    try {
      for (const s of c.steps) rec.push(await step(conn, s));
    } finally { conn.close(); }
    got.set(c.key, rec);
  }
  return got;
}

// Interleaved: up to `window` conversations open; each turn one of them,
// picked by rand, says its next step.  With noise, a step of a random
// conversation is said on one of the noise connections first.
async function runMixed(d, convs, seed, window, noise, pool) {
  const rand = rng(seed);
  const order = shuffle(convs, rand);
  const got = new Map();
  const open = [];
  let next = 0;
  const noiseConns = [];
  const noiseUsed = [];
  try {
    for (;;) {
      while (open.length < window && next < order.length) {
        const c = order[next++];
        open.push({ c, conn: await opener(d), i: 0, rec: [] });
      }
      if (open.length === 0) break;
      const k = Math.floor(rand() * open.length);
      const o = open[k];
      if (noise) {
        const j = Math.floor(rand() * NOISE_CONNS);
        if (!noiseConns[j] || noiseUsed[j] >= NOISE_RENEW) {
          noiseConns[j]?.close();
          noiseConns[j] = await opener(d);
          noiseUsed[j] = 0;
        }
        const text = pool[Math.floor(rand() * pool.length)];
        await noiseConns[j].send({ type: 'say', text });
        noiseUsed[j]++;
      }
      o.rec.push(await step(o.conn, o.c.steps[o.i++]));
      if (o.i >= o.c.steps.length) {
        o.conn.close();
        got.set(o.c.key, o.rec);
        open.splice(k, 1);
      }
    }
  } finally {
    for (const o of open) o.conn.close();
    for (const n of noiseConns) n?.close();
  }
  return got;
}

// The first place two strings part, with a little of each around it.
function parting(a, b) {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 60);
  return `alone ...${a.slice(from, i + 140)}\n         here  ...${b.slice(from, i + 140)}`;
}

async function main() {
  const opt = parseArgs(process.argv.slice(2));
  let convs = conversations(opt.only);
  if (opt.sample !== null) convs = shuffle(convs, rng(opt.seeds[0] * 7919 + 1)).slice(0, opt.sample);
  const pool = [...new Set(conversations(null).flatMap((c) => c.steps))].sort();
  const out = (s) => process.stdout.write(`${s}\n`);
  const note = opt.tap ? (s) => out(s.split('\n').map((l) => `# ${l}`).join('\n')) : out;
  if (opt.tap) out('1..1');
  const nsteps = convs.reduce((n, c) => n + c.steps.length, 0);
  note(`isolation: ${convs.length} conversations, ${nsteps} steps; seeds ${opt.seeds.join(',')}; modes ${opt.modes.join(',')}; window ${opt.window}`);
  const d = await new Daemon(['--sync', 'off', '--rate-conversation', '1000', '--rate-conversation-burst', '1000',
    '--rate-connection', '1000', '--rate-connection-burst', '1000']).start();
  process.on('exit', () => { try { if (d.proc && d.proc.exitCode === null) d.proc.kill('SIGTERM'); } catch { /* gone */ } });
  const t0 = Date.now();
  const diffs = [];
  let runs = 0;
  try {
    const alone = await runAlone(d, convs);
    note(`alone: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    for (const seed of opt.seeds) {
      for (const mode of opt.modes) {
        const t1 = Date.now();
        const got = await runMixed(d, convs, seed, opt.window, mode === 'noise', pool);
        runs++;
        let n = 0;
        for (const c of convs) {
          const a = alone.get(c.key);
          const b = got.get(c.key);
          for (let i = 0; i < c.steps.length; i++) {
            for (const what of ['reply', 'summary']) {
              if (a[i][what] === b[i][what]) continue;
              n++;
              diffs.push({ seed, mode, set: c.set, id: c.id, step: i + 1, say: c.steps[i], what, alone: a[i][what], here: b[i][what] });
            }
          }
        }
        note(`seed ${seed} ${mode}: ${n} step(s) differ (${((Date.now() - t1) / 1000).toFixed(1)} s)`);
      }
    }
  } finally {
    const st = await d.stop();
    if (!st || st.code !== 0) {
      diffs.push({ daemon: st });
      note(`the daemon exited with ${JSON.stringify(st)}; its log ends:\n${d.log.slice(-2000)}`);
    }
  }
  for (const x of diffs.slice(0, MAX_DIFFS_SHOWN)) {
    if (x.daemon) continue;
    note(`DIFFER seed ${x.seed} ${x.mode} ${x.set}:${x.id}/${x.step} ${JSON.stringify(x.say)} (${x.what})\n         ${parting(x.alone, x.here)}`);
  }
  if (diffs.length > MAX_DIFFS_SHOWN) note(`... and ${diffs.length - MAX_DIFFS_SHOWN} more`);
  const keys = new Set(diffs.filter((x) => !x.daemon).map((x) => `${x.set}:${x.id}/${x.step}`));
  note(`isolation: ${keys.size} step(s) differ from alone over ${runs} interleaved run(s) of ${convs.length} conversations (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  if (opt.json) writeFileSync(opt.json, `${JSON.stringify(diffs, null, 1)}\n`);
  if (opt.tap) out(`${diffs.length ? 'not ok' : 'ok'} 1 - isolation: every step's reply and summary as alone (${convs.length} conversations, seeds ${opt.seeds.join(',')})`);
  process.exitCode = diffs.length ? 1 : 0;
}

main().catch((err) => {
  process.stdout.write(`Bail out! ${err.stack}\n`);
  process.exitCode = 2;
});
