// SPDX-License-Identifier: ISC
// advisor replay: every golden conversation, played through the real
// daemon over WebSocket, ended, and its signed transcript re-run through
// the engine with the same knowledge base: identical, message for
// message.  A changed knowledge base is caught at the first message that
// differs; a tampered transcript is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADVISOR, ROOT, Daemon, connect, run, tempDir } from './lib.mjs';

const KBS = { article: join(ROOT, 'knowledge', 'rust-vs-go-2026'), tiny: join(ROOT, 'tests', 'kb', 'tiny') };
const daemons = {};
let tmp;

before(async () => {
  tmp = tempDir('advisor-replay-');
  for (const [name, dir] of Object.entries(KBS)) {
    daemons[name] = await new Daemon(['--kb-dir', dir, '--rate-conversation', '1000',
      '--rate-conversation-burst', '1000']).start();
    writeFileSync(join(tmp, `${name}.pub`), await (await fetch(`${daemons[name].url}/pubkey`)).text());
  }
});
after(async () => {
  for (const d of Object.values(daemons)) await d.stop();
  rmSync(tmp, { recursive: true, force: true });
});

// Play the client messages of a golden conversation, end it, and save the
// final signed transcript; returns its path.
async function play(kb, inputs, name) {
  const c = await connect(daemons[kb].wsUrl);
  let n = 0;
  const turn = async (msg) => {
    const id = `${name}-${++n}`;
    c.send({ ...msg, id });
    const out = [];
    for (;;) {
      const m = await c.next((x) => x.re === id, 10000);
      out.push(m);
      if (m.done) return out;
    }
  };
  for (const msg of inputs) await turn(msg);
  const end = await turn({ type: 'end' });
  c.close();
  const t = end.find((m) => m.type === 'transcript');
  assert.equal(t.status, 'complete');
  const file = join(tmp, t.file);
  writeFileSync(file, t.content);
  writeFileSync(`${file}.minisig`, t.minisig);
  return file;
}

const goldens = readdirSync(join(ROOT, 'tests', 'golden')).filter((f) => f.endsWith('.json'));

test('every golden conversation replays identically from its signed transcript', async () => {
  assert.ok(goldens.length >= 6);
  for (const g of goldens) {
    const spec = JSON.parse(readFileSync(join(ROOT, 'tests', 'golden', g), 'utf8'));
    const kb = spec.kb === 'tiny' ? 'tiny' : 'article';
    const file = await play(kb, spec.turns.map((t) => t.in), g.replace('.json', ''));
    const r = await run(ADVISOR, ['replay', file, '--kb', KBS[kb], '-p', join(tmp, `${kb}.pub`)]);
    assert.equal(r.code, 0, `${g}: ${r.stdout}${r.stderr}`);
    const inputs = spec.turns.filter((t) => t.in.type !== 'hello').length;
    assert.match(r.stdout, new RegExp(`^identical: conversation c-[0-9a-f]+, ${inputs} user inputs replayed, \\d+ server messages the same, knowledge base [0-9a-f]{64}, signature valid\\n$`), g);
  }
});

test('a changed knowledge base is reported at the first message that differs', async () => {
  const file = await play('article', [{ type: 'hello' }, { type: 'say', text: 'What is Pingora?' },
    { type: 'choose', question: 'building', choice: 'infra' }], 'changed');
  const kb = join(tmp, 'kb-changed');
  cpSync(KBS.article, kb, { recursive: true });
  const claims = JSON.parse(readFileSync(join(kb, 'claims.json'), 'utf8'));
  const c = claims.claims.find((x) => x.id === 'cloudflare-pingora-rust');
  c.text = c.text.replace('Pingora', 'Pingora (renamed)');
  writeFileSync(join(kb, 'claims.json'), JSON.stringify(claims, null, 2));
  const r = await run(ADVISOR, ['replay', file, '--kb', kb]);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /^note: the knowledge base differs: the transcript was made with [0-9a-f]{64}, .* is [0-9a-f]{64}$/m);
  assert.match(r.stdout, /^divergence at record \d+ \(seq \d+, answer\):$/m);
  assert.match(r.stdout, /the engine now says: .*Pingora \(renamed\)/);
  // the unchanged one still says identical
  const ok = await run(ADVISOR, ['replay', file, '--kb', KBS.article]);
  assert.equal(ok.code, 0, ok.stdout);
});

test('a tampered transcript is refused; usage errors exit 2', async () => {
  const file = await play('article', [{ type: 'hello' }, { type: 'say', text: 'I build proxies' }], 'tampered');
  const bad = join(tmp, 'tampered.json');
  writeFileSync(bad, readFileSync(file, 'utf8').replace('I build proxies', 'I build kernels'));
  writeFileSync(`${bad}.minisig`, readFileSync(`${file}.minisig`));
  const r = await run(ADVISOR, ['replay', bad, '--kb', KBS.article, '-p', join(tmp, 'article.pub')]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^invalid (transcript|signature): /);
  const u = await run(ADVISOR, ['replay', file]);
  assert.equal(u.code, 2);
  assert.match(u.stderr, /usage: advisor replay/);
});
