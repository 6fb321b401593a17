// SPDX-License-Identifier: ISC
// Signed transcripts: verified by Debian's minisign and by advisor verify;
// every single-byte change, and every removal, reordering or truncation of
// records, is rejected by both; keys made by minisign work; unsafe keys are
// refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, readdirSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { ADVISOR, ADVISORD, ROOT, Daemon, browser, run, tempDir } from './lib.mjs';

let work;
before(() => { work = tempDir('advisord-tr-'); });
after(() => rmSync(work, { recursive: true, force: true }));

// A conversation to its end; returns the final transcript message.
async function conversation(d, says) {
  const { c, conv } = await browser(d);
  for (const s of says) await conv.say(s);
  const snap = await conv.send({ type: 'transcript' });
  assert.equal(snap[0].type, 'transcript');
  assert.equal(snap[0].status, 'snapshot');
  const end = await conv.send({ type: 'end' });
  assert.equal(end[0].type, 'transcript');
  assert.equal(end[0].status, 'complete');
  assert.equal(end.at(-1).type, 'ended');
  c.close();
  return { snap: snap[0], final: end[0] };
}

function save(tr, name) {
  const file = join(work, name);
  writeFileSync(file, tr.content);
  writeFileSync(`${file}.minisig`, tr.minisig);
  return file;
}

async function pubkey(d) {
  const file = join(work, `pub-${d.port}.pub`);
  writeFileSync(file, await (await fetch(`${d.url}/pubkey`)).text());
  return file;
}

const minisign = (file, pub, sig) => run('minisign', ['-Vm', file, '-p', pub, ...(sig ? ['-x', sig] : [])]);
const verify = (file, pub, sig) => run(ADVISOR, ['verify', file, '-p', pub, ...(sig ? ['-s', sig] : [])]);

test('a real conversation verifies with minisign and advisor verify', async (t) => {
  const d = await new Daemon().start();
  t.after(() => d.stop());
  const { snap, final } = await conversation(d, ['Java dev, we build microservices on Kubernetes, need to ship fast',
    'why?', 'What is Pingora?', 'back', 'restart']);
  const pub = await pubkey(d);
  for (const [tr, name] of [[snap, 'snap.json'], [final, 'final.json']]) {
    const file = save(tr, name);
    const m = await minisign(file, pub);
    assert.equal(m.code, 0, m.stderr + m.stdout);
    assert.match(m.stdout, /Signature and comment signature verified/);
    const v = await verify(file, pub);
    assert.equal(v.code, 0, v.stdout + v.stderr);
    assert.match(v.stdout, /^valid: conversation c-[0-9a-f]+, \d+ records/);
  }
  assert.match(final.minisig.split('\n')[2], new RegExp(`^trusted comment: advisor-transcript.v1 conversation=c-[0-9a-f]+ records=${final.records} head=${final.head} status=complete kb=[0-9a-f]{64}$`));
  // undo and restart are in the record, as events
  const recs = JSON.parse(final.content).records;
  assert.equal(recs[0].type, 'header');
  assert.ok(recs.some((r) => r.dir === 'server' && r.msg.event === 'undo'));
  assert.ok(recs.some((r) => r.dir === 'server' && r.msg.event === 'restart'));
  assert.ok(recs.some((r) => r.dir === 'client' && r.msg.text === 'back'));
  // no resume token anywhere in a transcript
  assert.doesNotMatch(final.content, /"token"/);
  // the stored files verify too, and the Markdown is there
  const dir = join(d.stateDir, 'transcripts');
  const stored = readdirSync(dir).filter((f) => f.endsWith('.json'));
  assert.equal(stored.length, 1);
  assert.equal(readFileSync(join(dir, stored[0]), 'utf8'), final.content);
  assert.equal((await minisign(join(dir, stored[0]), pub)).code, 0);
  assert.match(readFileSync(join(dir, stored[0].replace(/\.json$/, '.md')), 'utf8'), /^# Transcript of conversation/);
  assert.match(final.markdown, /\*\*You\*\*/);
});

test('a key made by minisign -G -W signs transcripts in the daemon', async (t) => {
  const pub = join(work, 'm.pub');
  const sec = join(work, 'm.key');
  const g = await run('minisign', ['-G', '-W', '-p', pub, '-s', sec]);
  assert.equal(g.code, 0, g.stderr);
  const d = await new Daemon(['--signing-key', sec]).start();
  t.after(() => d.stop());
  const { final } = await conversation(d, ['I write microcontroller firmware.']);
  const file = save(final, 'minisign-key.json');
  assert.equal((await minisign(file, pub)).code, 0);
  assert.equal((await verify(file, pub)).code, 0);
  assert.equal((await (await fetch(`${d.url}/pubkey`)).text()).split('\n')[1], readFileSync(pub, 'utf8').split('\n')[1]);
});

test('a secret key readable by others is refused, saying why', async () => {
  const dir = tempDir();
  const g = await run(ADVISOR, ['keygen', '-o', dir]);
  assert.equal(g.code, 0, g.stderr);
  chmodSync(join(dir, 'advisord.key'), 0o644);
  const r = await run(ADVISORD, ['--listen', '127.0.0.1:0', '--state-dir', join(dir, 'state'), '--signing-key', join(dir, 'advisord.key')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /readable by others \(mode 0644\)/);
  assert.match(r.stderr, /chmod 600/);
  rmSync(dir, { recursive: true, force: true });
});

// Run many commands, at most n at a time.
async function pool(jobs, n) {
  const out = new Array(jobs.length);
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < jobs.length) {
      const i = next++;
      out[i] = await jobs[i]();
    }
  }));
  return out;
}

test('every single-byte change of a transcript is rejected by both verifiers', async (t) => {
  const d = await new Daemon().start();
  t.after(() => d.stop());
  const { final } = await conversation(d, []);
  const pub = await pubkey(d);
  const orig = Buffer.from(final.content);
  const sig = join(work, 'flip.json.minisig');
  writeFileSync(sig, final.minisig);
  const file = join(work, 'flip.json');
  // every byte; under the sanitizers (ten times slower) every seventh
  const stride = process.env.SANITIZE === '1' ? 7 : 1;
  const positions = [...orig.keys()].filter((i) => i % stride === 0 || i === 1000);
  assert.ok(orig.length > 1000, `sample of ${orig.length} bytes`);
  // one file per position, so the two verifiers can run side by side
  const results = await pool(positions.map((i) => async () => {
    const f = `${file}.${i}`;
    const b = Buffer.from(orig);
    b[i] ^= 0x01;
    writeFileSync(f, b);
    const [m, v] = [await minisign(f, pub, sig), await verify(f, pub, sig)];
    rmSync(f);
    return { i, m: m.code, v: v.code, out: v.stdout };
  }), 4);
  const acceptedByMinisign = results.filter((r) => r.m === 0).map((r) => r.i);
  const acceptedByAdvisor = results.filter((r) => r.v === 0).map((r) => r.i);
  assert.deepEqual(acceptedByMinisign, []);
  assert.deepEqual(acceptedByAdvisor, []);
  for (const r of results) assert.equal(r.v, 1, `advisor verify exit ${r.v} at byte ${r.i}: ${r.out}`);
  // a change inside a record is reported with that record's seq
  const lines = final.content.split('\n');
  const at = lines[0].length + 1 + lines[1].length + 1 + 10;	// into record 1
  const r1 = results.find((r) => r.i >= at && r.i < at + 20);
  assert.match(r1.out, /^invalid: record 1: /);
});

test('removed, reordered or truncated records are rejected, naming the record', async (t) => {
  const d = await new Daemon().start();
  t.after(() => d.stop());
  const { final } = await conversation(d, ['a proxy', '2', '1', 'What is Pingora?']);
  const pub = await pubkey(d);
  const sig = join(work, 'edit.json.minisig');
  writeFileSync(sig, final.minisig);
  const lines = final.content.replace(/\n$/, '').split('\n');
  const head = lines[0];
  const tail = lines.at(-1);
  const recs = lines.slice(1, -1).map((l) => l.replace(/,$/, ''));
  const assemble = (rs) => `${head}\n${rs.join(',\n')}\n${tail}\n`;
  const cases = {
    'delete record 3': [recs.filter((_, i) => i !== 3), /^invalid: record 3: /],
    'swap records 2 and 3': [[...recs.slice(0, 2), recs[3], recs[2], ...recs.slice(4)], /^invalid: record 2: /],
    'truncate the last two': [recs.slice(0, -2), /^invalid: the signature covers \d+ records, the file has \d+: records were removed from the end/],
    'drop the header': [recs.slice(1), /^invalid: record 0: /],
    'duplicate record 2': [[...recs.slice(0, 3), recs[2], ...recs.slice(3)], /^invalid: record 3: /],
  };
  for (const [name, [rs, re]] of Object.entries(cases)) {
    const f = join(work, `edit-${name.replace(/ /g, '-')}.json`);
    writeFileSync(f, assemble(rs));
    const m = await minisign(f, pub, sig);
    assert.notEqual(m.code, 0, `minisign accepted: ${name}`);
    const v = await verify(f, pub, sig);
    assert.equal(v.code, 1, `advisor verify: ${name}: ${v.stdout}`);
    assert.match(v.stdout, re, name);
  }
  // the untouched assembly is the original, and verifies
  assert.equal(assemble(recs), final.content);
  // a signature from another conversation does not fit
  const other = await conversation(d, ['kernel']);
  const f2 = join(work, 'other.json');
  writeFileSync(f2, final.content);
  writeFileSync(`${f2}.minisig`, other.final.minisig);
  assert.equal((await verify(f2, pub)).code, 1);
  assert.notEqual((await minisign(f2, pub)).code, 0);
  // usage errors exit 2
  assert.equal((await run(ADVISOR, ['verify'])).code, 2);
  assert.equal((await run(ADVISOR, ['verify', join(work, 'missing.json'), '-p', pub])).code, 2);
});

test('advisor keygen writes a pair that verifies with minisign', async () => {
  const dir = tempDir();
  const g = await run(ADVISOR, ['keygen', '-o', dir]);
  assert.equal(g.code, 0);
  assert.match(g.stdout, /^key id [0-9A-F]{16}$/m);
  // NEWUSER29 #7: the advice is the README's for the shipped unit (a
  // credential), not signing_key, which its DynamicUser= cannot read
  assert.match(g.stdout, new RegExp(`^  install -m 0600 ${dir.replace(/[./]/g, '\\$&')}/advisord\\.key /etc/advisord/signing\\.key$`, 'm'));
  assert.ok(readFileSync(join(ROOT, 'README.md'), 'utf8').includes('install -m 0600 /root/advisord-key/advisord.key /etc/advisord/signing.key'));
  const data = join(dir, 'data.txt');
  writeFileSync(data, 'hello\n');
  const s = await new Promise((res) => {
    const p = spawn('minisign', ['-S', '-s', join(dir, 'advisord.key'), '-m', data]);
    p.stdin.end();
    p.on('close', (code) => res(code));
  });
  assert.equal(s, 0);
  assert.equal((await run('minisign', ['-Vm', data, '-p', join(dir, 'advisord.pub')])).code, 0);
  // refuses to overwrite without -f
  assert.equal((await run(ADVISOR, ['keygen', '-o', dir])).code, 1);
  assert.ok(existsSync(join(dir, 'advisord.key')));
  rmSync(dir, { recursive: true, force: true });
});

// NEWUSER28 #8: a snapshot and the final transcript had the same `file`,
// so `advisor chat --save DIR` (/transcript, then /quit) kept only the last.
test('a snapshot is named apart from the final transcript; chat --save keeps both', async (t) => {
  const d = await new Daemon().start();
  t.after(() => d.stop());
  const { snap, final } = await conversation(d, ['I write proxies in Rust']);
  assert.notEqual(snap.file, final.file);
  assert.equal(snap.file, final.file.replace(/\.json$/, `.snapshot-${snap.records}.json`));
  const dir = join(work, 'both');
  const r = await run(ADVISOR, ['chat', '--save', dir, d.wsUrl], { input: 'I write proxies in Rust\n/transcript\n/quit\n' });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const saved = [...r.stdout.matchAll(/signed transcript saved: (\S+?);/g)].map((m) => m[1]);
  assert.equal(saved.length, 2, r.stdout);
  assert.notEqual(saved[0], saved[1]);
  for (const f of saved) {
    assert.ok(existsSync(f), f);
    const v = await run(ADVISOR, ['verify', f, '-p', join(dir, 'advisord.pub')]);
    assert.equal(v.code, 0, v.stdout + v.stderr);
  }
  assert.match(readFileSync(`${saved[0]}.minisig`, 'utf8'), /status=snapshot/);
  assert.match(readFileSync(`${saved[1]}.minisig`, 'utf8'), /status=complete/);
});
