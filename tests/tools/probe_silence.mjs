// SPDX-License-Identifier: ISC
// probe_silence: says each message of a file (one a line) to a live
// daemon, first as the opening message and then after a description
// (argument 2, optional), and prints those whose reply holds nothing that
// addresses them: no answer, recommendation, explanation, summary, table,
// notice, small talk, error or not_understood, only the pending question
// again (or the help text).  For finding the class of messages that get
// silence (nu50 #1); commands that rightly just go on are flagged too,
// so read the list.
//
//	node tests/tools/probe_silence.mjs FILE ['description']
import { readFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Daemon, connect } from '../blackbox/lib.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const msgs = readFileSync(process.argv[2], 'utf8').split('\n').filter((l) => l.trim());
const ctx = process.argv[3];
const SILENT = new Set(['question', 'help']);
const d = await new Daemon(['--sync', 'off', '--kb-dir', join(ROOT, 'knowledge', 'rust-vs-go-2026')]).start();
let flagged = 0;
try {
  for (const pre of ctx ? [null, ctx] : [null]) {
    for (const text of msgs) {
      const c = await connect(d.wsUrl);
      try {
        await c.turn(c.request({ type: 'hello', protocol: 'advisor.v1', client: 'probe/1' }), 10000);
        if (pre) await c.turn(c.request({ type: 'say', text: pre }), 10000);
        const turn = await c.turn(c.request({ type: 'say', text }), 10000);
        if (turn.every((m) => SILENT.has(m.type))) {
          flagged++;
          console.log(`${pre ? 'after' : 'first'}\t${turn.map((m) => m.type).join('+')}\t${text}`);
        }
      } finally { c.close(); }
    }
  }
} finally { await d.stop(); }
console.log(`flagged ${flagged} of ${msgs.length * (ctx ? 2 : 1)}`);
