// SPDX-License-Identifier: ISC
// advisor-irc with a damaged or hand-edited state file: a conversation
// whose target holds CR LF (which would send raw IRC commands), whose
// message in flight has no id, whose delivered seq is negative or whose
// pending queue is unbounded is left out, and the log says which and why;
// a sound conversation next to them is resumed and answered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILD, Daemon, connect, tempDir } from './lib.mjs';

const SECRET = 'irc-bridge-secret-0123456789';

async function until(cond, what, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('a hostile state file cannot make the bridge send raw IRC commands', async () => {
  const d = await new Daemon(['--api-key', `irc:${SECRET}`]).start();
  let irc = '';
  const srv = createServer((s) => {
    s.on('data', (x) => {
      irc += x;
      if (/USER /.test(x)) s.write(':srv 001 advisor :welcome\r\n');
    });
    s.on('error', () => {});
  });
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  let bridge;
  try {
    // two conversations the daemon has, each with a question pending
    const c = await connect(d.wsUrl, { headers: { Authorization: `Bearer ${SECRET}` } });
    await c.turn(c.request({ type: 'hello' }));
    const tokens = {};
    for (const n of ['irc:local:#x:evil', 'irc:local:good']) {
      const t = await c.turn(c.request({ type: 'open', conversation: n }));
      tokens[n] = t[0].token;
    }
    c.close();
    const say = (n, id) => ({ type: 'say', id, conversation: n, text: 'I write Kubernetes operators' });
    const dir = tempDir('advisor-irc-state-');
    writeFileSync(join(dir, 'state.json'), JSON.stringify({
      format: 'advisor-irc-state.v1',
      conversations: [
        { name: 'irc:local:#x:evil', token: tokens['irc:local:#x:evil'],
          meta: { target: '#x\r\nQUIT :pwned', nick: 'evil', channel: '#x', delivered: 3 },
          inflight: say('irc:local:#x:evil', 'e1') },
        { name: 'irc:local:bad2', token: 'x', meta: { target: 'bob', delivered: -5 }, inflight: {} },
        { name: 'irc:local:bad3', token: 'x', meta: { target: 'bob' }, pending: Array(1000).fill(say('irc:local:bad3', 'p')) },
        { name: 'irc:local:good', token: tokens['irc:local:good'], meta: { target: 'good', nick: 'good', delivered: 3 },
          inflight: say('irc:local:good', 'g1') },
      ],
    }));
    writeFileSync(join(dir, 'key'), `${SECRET}\n`);
    writeFileSync(join(dir, 'conf'), [
      `advisord = ${d.wsUrl}`, `api_key_file = ${join(dir, 'key')}`, `state = ${join(dir, 'state.json')}`,
      `server = 127.0.0.1:${srv.address().port}`, 'network = local', 'nick = advisor', 'channel = #x',
      'throttle_rate = 1000', 'throttle_burst = 1000', ''].join('\n'));
    let log = '';
    bridge = spawn(join(BUILD, 'advisor-irc'), ['-c', join(dir, 'conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
    bridge.stdout.on('data', (x) => { log += x; });
    bridge.stderr.on('data', (x) => { log += x; });
    // the sound conversation's answer reaches IRC
    await until(() => /PRIVMSG good :/.test(irc), `the answer to good; log:\n${log}`);
    const lines = irc.split('\r\n');
    assert.ok(!lines.some((l) => /^QUIT/.test(l)), irc);
    assert.ok(!lines.some((l) => /^PRIVMSG #x/.test(l)), irc);
    assert.match(log, /irc:local:#x:evil\) left out: its target is not an IRC nick or channel/);
    assert.match(log, /irc:local:bad2\) left out: its delivered seq/);
    assert.match(log, /irc:local:bad3\) left out: its pending messages are not an array of at most 32/);
  } finally {
    if (bridge) {
      const gone = new Promise((r) => bridge.on('exit', r));
      process.kill(bridge.pid, 'SIGTERM');
      await gone;
    }
    srv.close();
    await d.stop();
  }
});
