// SPDX-License-Identifier: ISC
// r15_break: hostile review of the chat-platform webhooks and the HTTP
// channel (issue 15), against the real daemon.  Each test is something a
// hostile or careless client did; one marked todo is a known defect.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import net from 'node:net';
import { Daemon } from './lib.mjs';
import { now, post as postTo } from './webhooklib.mjs';

const SLACK_SECRET = 'r15-break-slack-signing-secret-0';
const API_KEY = 'r15-break-http-channel-key-00001';
const API_KEY2 = 'r15-break-http-channel-key-00002';
const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const DISCORD_PK = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');

let d;
before(async () => {
  d = await new Daemon([
    '--slack-signing-secret', SLACK_SECRET,
    '--discord-public-key', DISCORD_PK,
    '--mattermost-token', 'team0a0token0aaaa,team0b0token0bbbb',
    '--http-api', '1',
    '--api-key', `alpha:${API_KEY}`,
    '--api-key', `beta:${API_KEY2}`,
  ]).start();
});
after(async () => { await d.stop(); });

const post = (path, body, headers) => postTo(d.url, path, body, headers);

function slackSig(body, ts) {
  return 'v0=' + createHmac('sha256', SLACK_SECRET).update(`v0:${ts}:${body}`).digest('hex');
}

function slashBody(text, user) {
  return new URLSearchParams({
    team_id: 'T0001', channel_id: 'C0001', user_id: user, command: '/advisor', text,
  }).toString();
}

test('Slack: a signed request replayed with its signature in upper case is refused as a replay', async () => {
  const body = slashBody('', 'UREPLAYCASE');
  const ts = now();
  const sig = slackSig(body, ts);
  const h = (s) => ({ 'Content-Type': 'application/x-www-form-urlencoded',
    'X-Slack-Request-Timestamp': ts, 'X-Slack-Signature': s });
  let r = await post('/webhooks/slack/commands', body, h(sig));
  assert.equal(r.status, 200, r.text);
  r = await post('/webhooks/slack/commands', body, h(sig));
  assert.equal(r.status, 409, 'the same request again: a replay');
  r = await post('/webhooks/slack/commands', body, h('v0=' + sig.slice(3).toUpperCase()));
  assert.equal(r.status, 409, `the same signature in upper case is the same request: ${r.status} ${r.text}`);
});

test('Discord: a signed interaction replayed with its signature in upper case is refused as a replay', async () => {
  const body = JSON.stringify({ type: 1, id: 'r15-ping' });
  const ts = now();
  const sig = sign(null, Buffer.from(ts + body), privateKey).toString('hex');
  const h = (s) => ({ 'Content-Type': 'application/json',
    'X-Signature-Ed25519': s, 'X-Signature-Timestamp': ts });
  let r = await post('/webhooks/discord', body, h(sig));
  assert.equal(r.status, 200, r.text);
  r = await post('/webhooks/discord', body, h(sig));
  assert.equal(r.status, 409, 'the same request again: a replay');
  r = await post('/webhooks/discord', body, h(sig.toUpperCase()));
  assert.equal(r.status, 409, `the same signature in upper case is the same request: ${r.status} ${r.text}`);
});

test('HTTP channel: a body dripped a byte at a time is cut off with 408 once handshake_timeout has passed', async () => {
  const slow = await new Daemon(['--http-api', '1', '--api-key', `alpha:${API_KEY}`,
    '--handshake-timeout', '2']).start();
  try {
    const s = net.connect(slow.port, '127.0.0.1');
    let out = '';
    let closed = false;
    s.on('data', (b) => { out += b; });
    s.on('close', () => { closed = true; });
    s.on('error', () => {});
    s.write(`POST /api/v1/conversations/drip/messages HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
      `Authorization: Bearer ${API_KEY}\r\nContent-Length: 4000\r\n\r\n{"type":"say","text":"`);
    // a byte every 300 ms: 4 kB would take 20 minutes; give up after 40 drips (12 s)
    for (let i = 0; i < 40 && !closed; i++) {
      await new Promise((res) => setTimeout(res, 300));
      if (!closed) s.write('x');
    }
    s.destroy();
    assert.ok(closed, 'the server still holds the dripping connection after 12 s (handshake_timeout 2)');
    assert.match(out, /^HTTP\/1\.1 408 /, `answered with 408 naming the limit: ${JSON.stringify(out.slice(0, 80))}`);
    assert.match(out, /handshake_timeout/);
  } finally { await slow.stop(); }
});

test('HTTP channel: concurrent requests on one conversation: every refusal has the HTTP status of its error', async () => {
  const U = `${d.url}/api/v1/conversations/flood/messages`;
  const H = { Authorization: `Bearer ${API_KEY}` };
  let r = await fetch(U, { method: 'POST', headers: H, body: '{"type":"open"}' });
  assert.equal(r.status, 200, await r.text());
  const answers = await Promise.all(Array.from({ length: 80 }, async () => {
    const res = await fetch(U, { method: 'POST', headers: H, body: '{"type":"command","command":"summary"}' });
    return { status: res.status, json: await res.json() };
  }));
  let limited = 0;
  for (const a of answers) {
    const kinds = a.json.messages.map((m) => m.type === 'error' ? m.code : m.type);
    if (kinds.includes('rate_limited')) {
      limited++;
      assert.equal(a.status, 429, `a rate_limited refusal answered ${a.status}: ${JSON.stringify(kinds)}`);
    } else if (kinds.every((k) => k === 'conversation_moved')) {
      assert.equal(a.status, 409, `moved before its turn ran, answered ${a.status}`);
    } else {
      assert.equal(a.status, 200, JSON.stringify(kinds));
    }
  }
  assert.ok(limited > 0, 'the flood met rate_conversation');
});

test('Mattermost: the holder of one token cannot reach the conversation of a user of another token', async () => {
  const form = (token, text) => new URLSearchParams({ token, team_id: 'teamA', channel_id: 'chanA',
    user_id: 'victim', text }).toString();
  const H = { 'Content-Type': 'application/x-www-form-urlencoded' };
  let r = await post('/webhooks/mattermost', form('team0a0token0aaaa', 'We build Kubernetes operators in Go at my startup'), H);
  assert.equal(r.status, 200, r.text);
  r = await post('/webhooks/mattermost', form('team0b0token0bbbb', ''), H);
  assert.doesNotMatch(r.text, /move into\? Kubernetes operators/,
    'team B\'s token read the answers team A\'s user gave');
});

test('Slack: a Mattermost token holder cannot flush the replay memory and let a Slack request be replayed', async () => {
  const body = slashBody('', 'UEVICTED');
  const ts = now();
  const h = { 'Content-Type': 'application/x-www-form-urlencoded',
    'X-Slack-Request-Timestamp': ts, 'X-Slack-Signature': slackSig(body, ts) };
  let r = await post('/webhooks/slack/commands', body, h);
  assert.equal(r.status, 200, r.text);
  const H = { 'Content-Type': 'application/x-www-form-urlencoded' };
  for (let i = 0; i < 4100; i += 50) {
    await Promise.all(Array.from({ length: 50 }, async (_, k) => {
      const res = await fetch(`${d.url}/webhooks/mattermost`, { method: 'POST', headers: H,
        body: new URLSearchParams({ token: 'team0b0token0bbbb', team_id: 'tb', channel_id: 'cb',
          user_id: `flood${(i + k) % 40}`, trigger_id: `evict-${i + k}`, text: 'help' }).toString() });
      await res.text();
    }));
  }
  r = await post('/webhooks/slack/commands', body, h);
  assert.equal(r.status, 409, `the Slack request replayed within its 5 minutes: ${r.status}`);
});

test('HTTP channel: two different Content-Length headers are refused with 400, not read by the first', async () => {
  const out = await new Promise((res) => {
    const s = net.connect(d.port, '127.0.0.1');
    let buf = '';
    s.on('data', (b) => { buf += b; });
    s.on('close', () => res(buf));
    s.on('error', () => res(buf));
    s.write(`POST /api/v1/conversations/cl2/messages HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
      `Authorization: Bearer ${API_KEY}\r\nContent-Length: 15\r\nContent-Length: 5\r\n\r\n{"type":"open"}`);
    setTimeout(() => { s.destroy(); res(buf); }, 5000);
  });
  assert.match(out, /^HTTP\/1\.1 400 /, JSON.stringify(out.slice(0, 60)));
  assert.match(out, /Content-Length/);
});
