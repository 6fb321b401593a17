// SPDX-License-Identifier: ISC
// rv1 review of the nu17 chat fix: `advisor chat` starting a new
// conversation while the shared store cannot take one is answered
// store_unavailable.  The client retries that only for a conversation
// it holds a token for (a resume); a new one is refused for good, so
// chat must say why and exit 1, not wait silently until killed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { ADVISOR, Daemon, sleep } from './lib.mjs';
import { pgBin, cluster } from './pg.mjs';

const BIN = pgBin();
const skip = BIN ? false : 'PostgreSQL server binaries not found under /usr/lib/postgresql (tests/deps.sh installs postgresql)';

test('chat opening a new conversation while PostgreSQL is away exits 1 saying store_unavailable',
  { skip }, async (t) => {
    const pg = await cluster(t);
    const d = await new Daemon(['--store', pg.conninfo, '--store-lease', '3']).start();
    t.after(() => d.stop());
    await pg.stop('fast');
    for (let i = 0; i < 200 && (await fetch(`${d.url}/readyz`)).status !== 503; i++) await sleep(100);
    assert.equal((await fetch(`${d.url}/readyz`)).status, 503, 'readyz while PostgreSQL is down');
    const p = spawn(ADVISOR, ['chat', d.wsUrl], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    p.stdout.on('data', (b) => { out += b; });
    p.stderr.on('data', (b) => { out += b; });
    const exited = new Promise((res) => p.on('exit', (code) => res(code)));
    try {
      // stdin stays open: only the refusal can end it
      const code = await Promise.race([exited, new Promise((res) => setTimeout(() => res('still running'), 15000))]);
      assert.equal(code, 1, `chat after store_unavailable:\n${out}`);
      assert.match(out, /cannot be opened here: store_unavailable/, out);
    } finally { p.kill('SIGKILL'); }
  });
