// SPDX-License-Identifier: ISC
// A malicious server against `advisor ask` and `advisor chat`: its text
// must reach the terminal without the control characters a terminal acts
// on (ESC sequences, C1 CSI, BEL, CR, backspace), and odd messages (a
// transcript without a status) must not crash the client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocketServer } from 'ws';
import { ADVISOR, run } from './lib.mjs';

const EVIL = 'A\x1b]0;pwned\x07B\x1b[2J\x1b[31mC\u009b2JD\rE\bF\x7fG\u0085HI';
const CLEAN = 'A.*GHI';	// what is left of EVIL: text, never a control

// A fake advisord that answers with EVIL everywhere people read.
function fakeServer() {
  return new Promise((resolve) => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'advisor.v1' });
    wss.on('connection', (ws) => {
      let seq = 0;
      const send = (m) => ws.send(JSON.stringify(m));
      ws.on('message', (data) => {
        const m = JSON.parse(data.toString());
        if (m.type === 'hello') {
          send({ type: 'welcome', re: m.id, conversation: 'c-00000000000000000001', token: 'a'.repeat(64) });
          send({ type: 'notice', seq: ++seq, re: m.id, event: 'welcome', plain: `welcome ${EVIL}` });
          send({ type: 'question', seq: ++seq, re: m.id, done: true, id: 'platform', text: EVIL,
            choices: [{ id: 'x', label: EVIL }], plain: `question ${EVIL}` });
        } else if (m.type === 'say') {
          send({ type: 'transcript', seq: ++seq, re: m.id });		// no status
          send({ type: 'answer', seq: ++seq, re: m.id, done: true, covered: false, plain: `answer ${EVIL}` });
        } else if (m.type === 'end') {
          send({ type: 'error', seq: ++seq, re: m.id, code: `bad${EVIL}`, message: `end ${EVIL}` });
          send({ type: 'ended', seq: ++seq, re: m.id, done: true });
          ws.close(1000, `bye${EVIL}`);
        }
      });
    });
    wss.on('listening', () => resolve(wss));
  });
}

function assertClean(s, what) {
  assert.doesNotMatch(s, /[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f]/, `${what}: ${JSON.stringify(s)}`);
}

test('advisor ask shows the server text without terminal controls', async () => {
  const wss = await fakeServer();
  try {
    const url = `ws://127.0.0.1:${wss.address().port}/ws`;
    const r = await run(ADVISOR, ['ask', url, 'I use Go']);
    assert.equal(r.signal, null);
    assert.match(r.stdout, new RegExp(`answer ${CLEAN}`));
    assertClean(r.stdout, 'stdout');
    assertClean(r.stderr, 'stderr');
  } finally {
    wss.close();
  }
});

test('advisor chat shows the server text without terminal controls, and survives a transcript without status', async () => {
  const wss = await fakeServer();
  try {
    const url = `ws://127.0.0.1:${wss.address().port}/ws`;
    const r = await run(ADVISOR, ['chat', url], { input: 'I use Go\n' });
    assert.equal(r.signal, null, r.stderr);
    assert.match(r.stdout, new RegExp(`question ${CLEAN}`));
    assert.match(r.stdout, new RegExp(`answer ${CLEAN}`));
    assert.match(r.stdout, new RegExp(`end ${CLEAN}`));
    assertClean(r.stdout, 'stdout');
    assertClean(r.stderr, 'stderr');
  } finally {
    wss.close();
  }
});

// "\u0000" is valid JSON; the client's parser refused it, so the client
// dropped the connection, resumed, got the message again in the replay,
// and so on: a reconnect loop.  It is shown as U+FFFD, text after it too.
test('advisor chat takes a server message with \\u0000 in a string: shown, no reconnect', async () => {
  let connections = 0;
  const wss = await new Promise((resolve) => {
    const w = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'advisor.v1' });
    w.on('connection', (ws) => {
      connections++;
      let seq = 0;
      const send = (m) => ws.send(JSON.stringify(m));
      ws.on('message', (data) => {
        const m = JSON.parse(data.toString());
        if (m.type === 'hello' || m.type === 'resume') {
          send({ type: m.type === 'hello' ? 'welcome' : 'resumed', re: m.id, conversation: 'c-00000000000000000001', token: 'a'.repeat(64) });
          send({ type: 'notice', seq: ++seq, re: m.id, done: true, event: 'welcome', plain: 'welcome\u0000 there' });
        } else if (m.type === 'say') {
          send({ type: 'answer', seq: ++seq, re: m.id, done: true, covered: false, plain: 'before\u0000after' });
        } else if (m.type === 'end') {
          send({ type: 'ended', seq: ++seq, re: m.id, done: true });
          ws.close(1000);
        }
      });
    });
    w.on('listening', () => resolve(w));
  });
  try {
    const url = `ws://127.0.0.1:${wss.address().port}/ws`;
    const r = await run('timeout', ['20', ADVISOR, 'chat', url], { input: 'I use Go\n' });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /welcome\ufffd there/);
    assert.match(r.stdout, /before\ufffdafter/);
    assert.equal(connections, 1, r.stderr);
    assertClean(r.stdout, 'stdout');
  } finally {
    wss.close();
  }
});
