// SPDX-License-Identifier: ISC
// seeds.mjs: write seed inputs for the fuzz targets from a live daemon
// (a real signed transcript, its .minisig and public key, the journal a
// SIGKILL left, the Markdown); run once, the output is committed under
// tests/fuzz/corpus-*.  Usage: node tests/fuzz/seeds.mjs
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Daemon, browser, ROOT } from '../blackbox/lib.mjs';

const SEP = '\n--8<--\n';
const out = (dir, name, data) => {
  mkdirSync(join(ROOT, 'tests/fuzz', dir), { recursive: true });
  writeFileSync(join(ROOT, 'tests/fuzz', dir, name), data);
};

const d = await new Daemon().start();
const pub = await (await fetch(`${d.url}/pubkey`)).text();
const { c, conv } = await browser(d);
await conv.say('Java dev, we build microservices on Kubernetes, need to ship fast');
await conv.say('why?\r\n<b>[x](javascript:y)</b>');
await conv.say('What is Pingora?');
const end = await conv.send({ type: 'end' });
c.close();
const tr = end[0];
out('corpus-verify', 'complete', tr.content + SEP + tr.minisig + SEP + pub);
out('corpus-verify', 'bad-sig', tr.content + SEP + tr.minisig.replace(/^(.{40})./m, '$1A') + SEP + pub);
out('corpus-markdown', 'complete.json', tr.content);

// an open conversation, killed: its journal
const b = await browser(d);
await b.conv.say('Java dev, we build microservices on Kubernetes');
await b.conv.say('what if scale = huge');
d.kill('SIGKILL');
await d.exitPromise;
const jdir = join(d.stateDir, 'journal');
const segs = readdirSync(jdir).map((f) => readFileSync(join(jdir, f), 'utf8'));
out('corpus-journal', 'open', segs.join(SEP));
const lines = segs.join('').split('\n');
out('corpus-journal', 'torn', lines.slice(0, -2).join('\n') + '\n' + lines.at(-2).slice(0, 30));
out('corpus-journal', 'twice', segs.join('') + SEP + segs.join(''));
await d.stop();
