// SPDX-License-Identifier: ISC
// dump_walk: every reply byte of a deterministic guided walk, as the
// WebSocket carries them, one line per server message, for diffing two
// builds (a change to the walk's path through the daemon that must not
// alter a reply byte a client sees).
//
//	node tests/tools/dump_walk.mjs OUT [ADVISORD] [CONVERSATIONS]
//
// CONVERSATIONS (40 by default) browser conversations, one after the
// other on one connection each: hello, then choices picked by a seeded
// generator (the same every run), with the guided walk's commands mixed
// in (why, back, change, skip, unsure, summary, help, table, what_if,
// what_would_change, recommend, restart), until the recommendation, then
// why, transcript and end (the signed final transcript).  Replaced, and
// nothing else: the conversation's random name ("CONV"), its token
// ("TOKEN"), times (ISO 8601,
// "TIME"), the signing key (its id "KEYID", a new key per daemon), the
// transcript file's random suffix, hashes (64 hex: of bytes with times)
// and signatures (their length is kept).
import { writeFileSync } from 'node:fs';
import { resolve, join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Daemon, connect } from '../blackbox/lib.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const [OUT, BIN, NCONV] = process.argv.slice(2);
if (!OUT) throw new Error('usage: dump_walk.mjs OUT [ADVISORD] [CONVERSATIONS]');
const N = Number(NCONV || 40);

let seed = 20261201;
const rnd = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
const COMMANDS = ['why', 'back', 'skip', 'unsure', 'summary', 'help', 'table', 'what_would_change', 'recommend'];

function normal(line, name, token) {
  let s = line.split(name).join('CONV');
  if (token) s = s.split(token).join('TOKEN');
  s = s.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, 'TIME').replace(/\d{8}T\d{6}Z/g, 'TIME');
  // signatures: over bytes with times in them
  s = s.replace(/\b[0-9A-F]{16}\b/g, 'KEYID');
  s = s.replace(/-[0-9a-f]{8}(\.snapshot-\d+)?\.json/g, (m, snap) => `-RAND${snap ?? ''}.json`).replace(/\b[0-9a-f]{64}\b/g, 'HASH');
  s = s.replace(/"(minisig|minisign|signature)":"((?:[^"\\]|\\.)*)"/g, (m, k, v) => `"${k}":"<${v.length}>"`);
  return s;
}

async function one(d, k, lines) {
  const c = await connect(d.wsUrl);
  const raw = [];
  c.ws.on('message', (data) => raw.push(data.toString('utf8')));
  let t = 0, n = 0;
  const turn = async (m) => {
    const id = c.request({ ...m, id: `m${k}.${n++}` });
    const msgs = await c.turn(id, 10000);
    return msgs;
  };
  try {
    const hello = await turn({ type: 'hello', protocol: 'advisor.v1', client: 'dump/1' });
    const name = hello[0].conversation;
    const token = hello[0].token;
    const flush = () => { for (const r of raw.splice(0)) lines.push(`${String(k).padStart(3, '0')}.${String(t).padStart(3, '0')} ${normal(r, name, token)}`); t++; };
    flush();
    let q = [...hello].reverse().find((m) => m.type === 'question');
    for (let step = 0; step < 60 && q; step++) {
      let msgs;
      const r = rnd(10);
      if (r < 6 || step === 0) {
        msgs = await turn({ type: 'choose', question: q.question, choice: q.choices[rnd(q.choices.length)].id });
      } else if (r < 7) {
        msgs = await turn({ type: 'command', command: 'change', question: q.question });
      } else if (r < 8) {
        msgs = await turn({ type: 'command', command: 'what_if', question: q.question, choice: q.choices[rnd(q.choices.length)].id });
      } else {
        msgs = await turn({ type: 'command', command: COMMANDS[rnd(COMMANDS.length)] });
      }
      flush();
      if (msgs.some((m) => m.type === 'recommendation') && rnd(3) === 0) break;
      const nq = [...msgs].reverse().find((m) => m.type === 'question');
      if (nq) q = nq;
      else if (msgs.some((m) => m.type === 'recommendation')) break;
    }
    await turn({ type: 'command', command: 'why' }); flush();
    if (k % 5 === 0) { await turn({ type: 'command', command: 'restart' }); flush(); }
    await turn({ type: 'transcript' }); flush();
    await turn({ type: 'end' }); flush();
  } finally { c.close(); }
}

const d = await new Daemon(['--sync', 'off', '--rate-conversation', '1000', '--rate-conversation-burst', '1000',
  '--rate-connection', '1000', '--rate-connection-burst', '1000',
  '--kb-dir', join(ROOT, 'knowledge', 'rust-vs-go-2026')], {}, BIN ? { binary: resolve(BIN) } : {}).start();
const lines = [];
try {
  for (let k = 0; k < N; k++) await one(d, k, lines);
  writeFileSync(OUT, lines.join('\n') + '\n');
  console.log(`dump_walk: ${N} conversations, ${lines.length} server messages -> ${OUT}`);
} finally { await d.stop(); }
