// u15: a new integrator plays Slack against a live advisord, from the docs
// alone (README.md, docs/slack.md, advisord.conf(5)): requests signed as Slack
// signs them (v0 HMAC-SHA256 over "v0:TS:BODY"), and a fake Slack Web API on
// 127.0.0.1 receiving chat.postMessage. Findings are { todo } tests.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ADVISORD } from './lib.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const TOKEN = 'xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy';

let daemon, api, port, state, log = '';
const posts = [];
let postWaiters = [];

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

// waitPosts resolves once n chat.postMessage calls have arrived (or 10 s).
function waitPosts(n) {
  return new Promise((resolve) => {
    const check = () => { if (posts.length >= n) { resolve(posts[n - 1]); return true; } return false; };
    if (check()) return;
    const t = setTimeout(() => resolve(undefined), 10000);
    postWaiters.push(() => { if (check()) clearTimeout(t); });
  });
}

function sign(body, ts = Math.floor(Date.now() / 1000)) {
  return {
    'X-Slack-Request-Timestamp': String(ts),
    'X-Slack-Signature': 'v0=' + crypto.createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex'),
  };
}

async function post(p, body, headers) {
  const r = await fetch(`http://127.0.0.1:${port}${p}`, { method: 'POST', body, headers });
  return { status: r.status, text: await r.text() };
}

// envelope wraps an event as Slack's Events API delivers it.
function envelope(event, eventId) {
  return JSON.stringify({
    token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl', team_id: 'T0001', api_app_id: 'A0123456', event,
    type: 'event_callback', event_id: eventId, event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: 'T0001', user_id: 'U0BOT', is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false, event_context: '4-eyJldCI6Im1lc3NhZ2UifQ',
  });
}

before(async () => {
  api = http.createServer((req, res) => {
    let b = '';
    req.on('data', (d) => { b += d; });
    req.on('end', () => {
      let json; try { json = JSON.parse(b); } catch { json = undefined; }
      posts.push({ url: req.url, headers: req.headers, json });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ok: true, channel: json?.channel, ts: '1764500001.000200' }));
      postWaiters.forEach((w) => w());
    });
  });
  const apiPort = await freePort();
  await new Promise((r) => api.listen(apiPort, '127.0.0.1', r));
  port = await freePort();
  state = fs.mkdtempSync(path.join(os.tmpdir(), 'u15-slack-'));
  daemon = spawn(ADVISORD, [
    '--listen', `127.0.0.1:${port}`, '--state-dir', state,
    '--slack-signing-secret', SECRET, '--slack-bot-token', TOKEN,
    '--slack-api-url', `http://127.0.0.1:${apiPort}/api`,
  ], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  daemon.stdout.on('data', (d) => { log += d; });
  daemon.stderr.on('data', (d) => { log += d; });
  for (;;) {
    if (daemon.exitCode !== null) throw new Error('advisord exited: ' + log);
    if (log.includes(' ready: ')) break;
    await new Promise((r) => setTimeout(r, 50));
  }
});

after(async () => {
  if (daemon && daemon.exitCode === null) {
    const gone = new Promise((r) => daemon.once('exit', r));
    process.kill(daemon.pid, 'SIGTERM');
    await gone;
  }
  if (api) await new Promise((r) => api.close(r));
  if (state) fs.rmSync(state, { recursive: true, force: true });
});

test('url_verification: the challenge is echoed', async () => {
  const body = JSON.stringify({ token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl', challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P', type: 'url_verification' });
  const r = await post('/webhooks/slack/events', body, { 'Content-Type': 'application/json', ...sign(body) });
  assert.equal(r.status, 200);
  assert.match(r.text, /3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P/);
});

test('slash command conversation reaches a recommendation, ephemeral', async () => {
  const say = async (text) => {
    const body = new URLSearchParams({ token: 'gIkuvaNzQIHg97ATvDxqgjtO', team_id: 'T0001', team_domain: 'example',
      channel_id: 'C2147483705', channel_name: 'test', user_id: 'U2147483697', user_name: 'Steve',
      command: '/advisor', text, api_app_id: 'A0123456', is_enterprise_install: 'false',
      response_url: 'https://hooks.slack.com/commands/1234/5678', trigger_id: '13345224609.738474920.8088930838d88f008e0' }).toString();
    const r = await post('/webhooks/slack/commands', body, { 'Content-Type': 'application/x-www-form-urlencoded', ...sign(body) });
    assert.equal(r.status, 200, r.text);
    return JSON.parse(r.text);
  };
  assert.match((await say('')).text, /What are you building/);
  await say('2');
  const rec = await say('just tell me');
  assert.equal(rec.response_type, 'ephemeral');
  assert.match(rec.text, /recommendation: Rust/);
});

test('DM and thread @mention are answered with chat.postMessage; a retry is answered once', async () => {
  const now = Date.now() / 1000;
  const dm = { client_msg_id: crypto.randomUUID(), type: 'message', text: 'we build APIs and microservices', user: 'U2147483697',
    ts: now.toFixed(6), team: 'T0001', channel: 'D024BE91L', event_ts: now.toFixed(6), channel_type: 'im' };
  // counted before the request: the daemon may post before its 200's
  // body has been read here
  const before = posts.length;
  const dmBody = envelope(dm, 'EvU15DM1');
  let r = await post('/webhooks/slack/events', dmBody, { 'Content-Type': 'application/json', ...sign(dmBody) });
  assert.equal(r.status, 200, r.text);
  const p1 = await waitPosts(before + 1);
  assert.ok(p1, `a chat.postMessage for the DM (answered ${JSON.stringify(r.text)}); advisord's log:\n${log.slice(-3000)}`);
  assert.equal(p1.url, '/api/chat.postMessage');
  assert.equal(p1.headers.authorization, `Bearer ${TOKEN}`);
  assert.equal(p1.json.channel, 'D024BE91L');

  const ts = `${Math.floor(now)}.000100`;
  const mention = { type: 'app_mention', user: 'U2147483697', text: '<@U0BOT> What is Pingora?', ts: `${Math.floor(now)}.000200`,
    thread_ts: ts, team: 'T0001', channel: 'C2147483705', event_ts: `${Math.floor(now)}.000200` };
  const body = envelope(mention, 'EvU15MENTION');
  const n = posts.length;
  r = await post('/webhooks/slack/events', body, { 'Content-Type': 'application/json', ...sign(body) });
  assert.equal(r.status, 200);
  const p2 = await waitPosts(n + 1);
  assert.equal(p2.json.channel, 'C2147483705');
  assert.equal(p2.json.thread_ts, ts);
  assert.match(p2.json.text, /Pingora/);
  // Slack's retry, a minute later: re-signed, with X-Slack-Retry-Num
  r = await post('/webhooks/slack/events', body, { 'Content-Type': 'application/json',
    'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout', ...sign(body, Math.floor(Date.now() / 1000) + 60) });
  assert.equal(r.status, 200);
  assert.match(r.text, /already received/);
  // the fake records a post when it arrives, before the daemon counts it
  // as sent: wait for the count rather than read it once
  let met = '';
  for (let i = 0; i < 100; i++) {
    met = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    if (/advisord_slack_posts_total\{outcome="sent"\} 2\b/.test(met)) break;
    await new Promise((res) => setTimeout(res, 50));
  }
  assert.match(met, /advisord_slack_posts_total\{outcome="sent"\} 2\b/);
  assert.equal(posts.length, n + 1, 'the retry posts nothing');
});

// Slack's slash command docs: Slack periodically sends the command's Request
// URL a POST of "ssl_check=1&token=..." (no team/channel/user) to check the
// certificate, and expects a 200. Bolt answers it before anything else.
test('a signed ssl_check on the slash command URL gets 200', async () => {
  const body = 'ssl_check=1&token=gIkuvaNzQIHg97ATvDxqgjtO';
  const r = await post('/webhooks/slack/commands', body, { 'Content-Type': 'application/x-www-form-urlencoded', ...sign(body) });
  assert.equal(r.status, 200, r.text);
});

// README "Limits": every refusal is counted in /metrics by reason. An
// integrator with a wrong signing secret sees 401s only in Slack's UI and the
// log's status line; /metrics has nothing for them.
test('Slack signature refusals are counted in /metrics', async () => {
  const body = 'team_id=T0001&channel_id=C1&user_id=U1&command=%2Fadvisor&text=hi';
  const r = await post('/webhooks/slack/commands', body, { 'Content-Type': 'application/x-www-form-urlencoded',
    'X-Slack-Request-Timestamp': String(Math.floor(Date.now() / 1000)), 'X-Slack-Signature': 'v0=00' });
  assert.equal(r.status, 401);
  const met = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const lines = met.split('\n').filter((l) => !l.startsWith('#') && /slack|webhook/i.test(l) && /signature|unauthori[sz]ed|401|auth/i.test(l));
  assert.ok(lines.some((l) => / [1-9]\d*$/.test(l)), 'a counter of Slack signature refusals at 1 or more:\n' + lines.join('\n'));
});
