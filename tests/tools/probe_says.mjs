// SPDX-License-Identifier: ISC
// probe_says: says each argument group to a live daemon and prints each
// reply's type and plain text, for looking at what a user would see.
//
//	node tests/tools/probe_says.mjs 'first message|second message' ...
//
// Each argument is one conversation; its messages are split on '|'.
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Daemon, connect } from '../blackbox/lib.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const d = await new Daemon(['--sync', 'off', '--kb-dir', join(ROOT, 'knowledge', 'rust-vs-go-2026')]).start();
try {
  for (const conv of process.argv.slice(2)) {
    const c = await connect(d.wsUrl);
    try {
      await c.turn(c.request({ type: 'hello', protocol: 'advisor.v1', client: 'probe/1' }), 10000);
      for (const text of conv.split('|')) {
        console.log(`> ${text}`);
        for (const m of await c.turn(c.request({ type: 'say', text }), 10000))
          console.log(`  ${m.type}${m.event ? '(' + m.event + ')' : ''}${m.resume ? ' resume' : ''}: ${(m.plain ?? '').replace(/\n/g, ' / ').slice(0, 300)}`);
      }
    } finally { c.close(); }
  }
} finally { await d.stop(); }
