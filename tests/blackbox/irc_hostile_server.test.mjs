// SPDX-License-Identifier: ISC
// advisor-irc against an IRC server that sends odd senders and targets:
// a nick longer than the bridge keeps (the answer would go to whoever
// holds the cut-short nick), a nick or channel with a ',' (the answer
// would go to several targets).  Those are not answered; a sound one is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILD, Daemon, tempDir } from './lib.mjs';

const SECRET = 'irc-bridge-secret-0123456789';
const LONG = 'n'.repeat(100);

test('the bridge answers no cut-short nick and no comma target', async () => {
  const d = await new Daemon(['--api-key', `irc:${SECRET}`]).start();
  let irc = '';
  let sock;
  const srv = createServer((s) => {
    sock = s;
    s.on('data', (x) => {
      irc += x;
      if (/USER /.test(x)) s.write(':srv 001 advisor :welcome\r\n');
    });
    s.on('error', () => {});
  });
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  const dir = tempDir('advisor-irc-hostile-');
  writeFileSync(join(dir, 'key'), `${SECRET}\n`);
  writeFileSync(join(dir, 'conf'), [
    `advisord = ${d.wsUrl}`, `api_key_file = ${join(dir, 'key')}`, `state = ${join(dir, 'state.json')}`,
    `server = 127.0.0.1:${srv.address().port}`, 'network = local', 'nick = advisor', 'channel = #x',
    'throttle_rate = 1000', 'throttle_burst = 1000', ''].join('\n'));
  let log = '';
  const bridge = spawn(join(BUILD, 'advisor-irc'), ['-c', join(dir, 'conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  bridge.stdout.on('data', (x) => { log += x; });
  bridge.stderr.on('data', (x) => { log += x; });
  try {
    const deadline = Date.now() + 20000;
    const until = async (cond, what) => {
      while (!cond()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; log:\n${log}\nirc:\n${irc}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    await until(() => /advisord: connected/.test(log) && /JOIN #x/.test(irc), 'the bridge');
    sock.write(`:${LONG}!u@h PRIVMSG advisor :hello\r\n`);
    sock.write(':b,#y!u@h PRIVMSG advisor :hello\r\n');
    sock.write(':c!u@h PRIVMSG #x,#y :advisor: hello\r\n');
    sock.write(':ok!u@h PRIVMSG advisor :hello\r\n');
    await until(() => /PRIVMSG ok :/.test(irc), 'the answer to ok');
    const targets = irc.split('\r\n').filter((l) => l.startsWith('PRIVMSG')).map((l) => l.split(' ')[1]);
    assert.deepEqual([...new Set(targets)], ['ok']);
  } finally {
    const gone = new Promise((r) => bridge.on('exit', r));
    process.kill(bridge.pid, 'SIGTERM');
    await gone;
    srv.close();
    await d.stop();
  }
});
