// SPDX-License-Identifier: ISC
// Chat-platform webhooks and the HTTP channel (issue 15), against the
// real daemon.  Requests are signed in the test from the platforms'
// published algorithms: Slack's v0 HMAC-SHA256 over "v0:ts:body", Discord's
// Ed25519 over timestamp + body (a key pair made here), Mattermost's token.
// Each platform walks a conversation to a recommendation; wrong
// signatures, stale timestamps, replays and wrong tokens are refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Daemon, connect, rawSocket } from './lib.mjs';
import { now, post as postTo } from './webhooklib.mjs';

const SLACK_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const MM_TOKENS = ['xbtqt8rmm3fxmxb1kd9ak9ws7r', 'outgoing0token0for0hooks0a'];
const API_KEY = 'http-channel-secret-0123456789';
const { publicKey, privateKey } = generateKeyPairSync('ed25519');
// the raw 32 bytes are the last 32 of the DER SubjectPublicKeyInfo
const DISCORD_PK = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');

let d;
before(async () => {
  d = await new Daemon([
    '--slack-signing-secret', SLACK_SECRET,
    '--mattermost-token', MM_TOKENS.join(','),
    '--discord-public-key', DISCORD_PK,
    '--http-api', '1',
    '--api-key', `hooks:${API_KEY}`,
  ]).start();
});
after(async () => { await d.stop(); });

const post = (path, body, headers) => postTo(d.url, path, body, headers);

// --- Slack -----------------------------------------------------------------

function slackHeaders(body, { ts = now(), secret = SLACK_SECRET, extra = {} } = {}) {
  const sig = 'v0=' + createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex');
  return {
    'Content-Type': 'application/x-www-form-urlencoded',
    'X-Slack-Request-Timestamp': ts,
    'X-Slack-Signature': sig,
    ...extra,
  };
}

function slashBody(text, { user = 'U2147483697', channel = 'C2147483705' } = {}) {
  return new URLSearchParams({
    token: 'gIkuvaNzQIHg97ATvDxqgjtO', team_id: 'T0001', team_domain: 'example',
    channel_id: channel, channel_name: 'test', user_id: user, user_name: 'Steve',
    command: '/advisor', text, response_url: 'https://hooks.slack.com/commands/1234/5678',
    trigger_id: `13345224609.738474920.${Math.random()}`,
  }).toString();
}

async function slack(text, opts = {}) {
  const body = slashBody(text, opts);
  return post('/webhooks/slack/commands', body, slackHeaders(body));
}

test('Slack: a slash-command conversation reaches a recommendation', async () => {
  let r = await slack('');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.response_type, 'ephemeral');
  assert.match(r.json.text, /Rust and Go/);
  assert.match(r.json.text, /\n\s+1\. /, 'the first question with numbered choices');
  r = await slack('I build microservices on Kubernetes and need to ship fast');
  assert.equal(r.status, 200, r.text);
  r = await slack('just tell me');
  assert.equal(r.status, 200, r.text);
  assert.match(r.json.text, /ecommendation: (Go|Rust)|Unchanged: (Go|Rust)/);
  assert.doesNotMatch(r.json.text, /<(?!https?:)/, 'Slack markup escaped');
  r = await slack('end');
  assert.match(r.json.text, /signed transcript \(\d+ records, key [0-9A-F]{16}\)/);
  assert.match(r.json.text, /has ended/);
  // a new one starts when the user writes again
  r = await slack('');
  assert.match(r.json.text, /Rust and Go/);
});

test('Slack: each user in each channel has a conversation of their own', async () => {
  const a = await slack('', { user: 'UAAA', channel: 'CONE' });
  const b = await slack('', { user: 'UBBB', channel: 'CONE' });
  assert.match(a.json.text, /Rust and Go/);
  assert.match(b.json.text, /Rust and Go/);
  const a2 = await slack('2', { user: 'UAAA', channel: 'CONE' });
  assert.equal(a2.status, 200);
  assert.doesNotMatch(a2.json.text, /I can help you decide/, 'not a new conversation');
  // the command alone shows where the conversation is: the pending question
  const a3 = await slack('', { user: 'UAAA', channel: 'CONE' });
  assert.doesNotMatch(a3.json.text, /I can help you decide/);
  assert.match(a3.json.text, /\(step 2 of about \d+\)/);
});

test('Slack: wrong signature, unsigned, stale timestamp and replays are refused', async () => {
  const body = slashBody('hello');
  let r = await post('/webhooks/slack/commands', body, slackHeaders(body, { secret: 'not-the-secret-at-all' }));
  assert.equal(r.status, 401);
  assert.match(r.text, /X-Slack-Signature does not match/);
  r = await post('/webhooks/slack/commands', body, { 'Content-Type': 'application/x-www-form-urlencoded' });
  assert.equal(r.status, 401);
  assert.match(r.text, /not signed/);
  // a body changed after signing
  const h = slackHeaders(body);
  r = await post('/webhooks/slack/commands', body.replace('hello', 'hellO'), h);
  assert.equal(r.status, 401);
  // signed correctly, but 6 minutes old
  const old = String(Math.floor(Date.now() / 1000) - 360);
  r = await post('/webhooks/slack/commands', body, slackHeaders(body, { ts: old }));
  assert.equal(r.status, 401);
  assert.match(r.text, /more than 300 seconds/);
  // the same signed request twice: the second is a replay
  const fresh = slashBody('What is Pingora?', { user: 'UREPLAY' });
  const fh = slackHeaders(fresh);
  r = await post('/webhooks/slack/commands', fresh, fh);
  assert.equal(r.status, 200, r.text);
  r = await post('/webhooks/slack/commands', fresh, fh);
  assert.equal(r.status, 409);
  assert.match(r.text, /already handled/);
});

// How many records the user's transcript has when the conversation ends.
async function recordsAtEnd(user) {
  const r = await slack('end', { user });
  return Number(/\((\d+) records/.exec(r.json.text)[1]);
}

test('Slack: a retry (X-Slack-Retry-Num) or a replay is answered without being applied', async () => {
  // the same conversation without and with a retry and a replay of "2"
  await slack('', { user: 'UPLAIN' });
  await slack('2', { user: 'UPLAIN' });
  const plain = await recordsAtEnd('UPLAIN');

  const user = 'URETRY';
  await slack('', { user });
  const first = slashBody('2', { user });
  const fh = slackHeaders(first);
  let r = await post('/webhooks/slack/commands', first, fh);
  assert.equal(r.status, 200);
  const retry = slashBody('2', { user });
  r = await post('/webhooks/slack/commands', retry, slackHeaders(retry, { extra: { 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' } }));
  assert.equal(r.status, 200);
  assert.match(r.text, /retry acknowledged/);
  r = await post('/webhooks/slack/commands', first, fh);
  assert.equal(r.status, 409);
  assert.equal(await recordsAtEnd(user), plain, 'the retry and the replay were not recorded as turns');
});

test('Slack Events API: url_verification is answered; events are deduplicated', async () => {
  const body = JSON.stringify({ token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl', challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P', type: 'url_verification' });
  let r = await post('/webhooks/slack/events', body, { ...slackHeaders(body), 'Content-Type': 'application/json' });
  assert.equal(r.status, 200);
  assert.equal(r.json.challenge, '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P');
  r = await post('/webhooks/slack/events', body, { 'X-Slack-Request-Timestamp': now(), 'X-Slack-Signature': 'v0=' + '0'.repeat(64) });
  assert.equal(r.status, 401);
  const ev = (ts) => JSON.stringify({ type: 'event_callback', event_id: 'Ev0PV52K21', event_time: Number(ts), team_id: 'T0001', event: { type: 'app_mention', user: 'U1', text: 'hi', channel: 'C1' } });
  const t1 = now();
  r = await post('/webhooks/slack/events', ev(t1), slackHeaders(ev(t1)));
  assert.equal(r.status, 200);
  const t2 = String(Number(t1) + 1);
  r = await post('/webhooks/slack/events', ev(t2), slackHeaders(ev(t2)));
  assert.equal(r.status, 200);
  assert.match(r.text, /already received/);
});

// --- Discord ---------------------------------------------------------------

function discordHeaders(body, { ts = now(), key = privateKey } = {}) {
  const sig = sign(null, Buffer.from(ts + body), key).toString('hex');
  return { 'Content-Type': 'application/json', 'X-Signature-Ed25519': sig, 'X-Signature-Timestamp': ts };
}

let interactionId = 1000;
function interaction(text, { user = '80351110224678912', channel = '41771983423143937' } = {}) {
  const data = { id: '771825006014889984', name: 'advisor', type: 1 };
  if (text !== null) data.options = [{ name: 'text', type: 3, value: text }];
  return JSON.stringify({
    type: 2, id: String(++interactionId), application_id: '775799577604522054', token: 'A_UNIQUE_TOKEN',
    guild_id: '290926798626357999', channel_id: channel, version: 1,
    member: { user: { id: user, username: 'mason', discriminator: '0' }, roles: [] }, data,
  });
}

async function discord(text, opts) {
  const body = interaction(text, opts);
  return post('/webhooks/discord', body, discordHeaders(body));
}

test('Discord: PING is answered with PONG, and a command conversation reaches a recommendation', async () => {
  const ping = JSON.stringify({ type: 1, id: '1', application_id: '775799577604522054', token: 't', version: 1 });
  let r = await post('/webhooks/discord', ping, discordHeaders(ping));
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, { type: 1 });
  r = await discord(null);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.type, 4);
  assert.equal(r.json.data.flags, 64);
  assert.match(r.json.data.content, /Rust and Go/);
  assert.ok(r.json.data.content.length <= 2000);
  r = await discord('Java developer, we build microservices on Kubernetes, need to ship fast');
  assert.equal(r.json.type, 4);
  r = await discord('just tell me');
  const all = r.json.data.content + (r.json.data.embeds ?? []).map((e) => e.description).join('');
  assert.match(all, /ecommendation: (Go|Rust)|Unchanged: (Go|Rust)/);
  assert.ok(r.json.data.content.length <= 2000, 'content within Discord\'s 2000');
  for (const e of r.json.data.embeds ?? []) assert.ok(e.description.length <= 4096);
});

test('Discord: wrong signature, unsigned, stale and replayed interactions are refused', async () => {
  const body = interaction('hello');
  const other = generateKeyPairSync('ed25519').privateKey;
  let r = await post('/webhooks/discord', body, discordHeaders(body, { key: other }));
  assert.equal(r.status, 401);
  assert.match(r.text, /invalid request signature/);
  r = await post('/webhooks/discord', body, { 'Content-Type': 'application/json' });
  assert.equal(r.status, 401);
  const h = discordHeaders(body);
  r = await post('/webhooks/discord', body.replace('hello', 'hellO'), h);
  assert.equal(r.status, 401);
  r = await post('/webhooks/discord', body, { ...h, 'X-Signature-Ed25519': 'zz' + h['X-Signature-Ed25519'].slice(2) });
  assert.equal(r.status, 401);
  const old = String(Math.floor(Date.now() / 1000) - 600);
  r = await post('/webhooks/discord', body, discordHeaders(body, { ts: old }));
  assert.equal(r.status, 401);
  assert.match(r.text, /more than 300 seconds/);
  const once = interaction('What is Pingora?', { user: '999' });
  const oh = discordHeaders(once);
  r = await post('/webhooks/discord', once, oh);
  assert.equal(r.status, 200, r.text);
  r = await post('/webhooks/discord', once, oh);
  assert.equal(r.status, 409);
});

// --- Mattermost --------------------------------------------------------------

function mmSlash(text, { token = MM_TOKENS[0], user = 'rbmsyhz8ejdd7gaqn8r9wbxkdw' } = {}) {
  return new URLSearchParams({
    channel_id: 'fdn7vgjkxjbdmjpz7ekxrixfqh', channel_name: 'town-square', command: '/advisor',
    response_url: 'http://mm.example/hooks/commands/x', team_domain: 'team', team_id: 'aqfbrdx6fpdjbq7nnk3nsjsaxa',
    text, token, trigger_id: `trig-${Math.random()}`, user_id: user, user_name: 'alice',
  }).toString();
}

const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

test('Mattermost: a slash-command conversation reaches a recommendation', async () => {
  let r = await post('/webhooks/mattermost', mmSlash(''), FORM);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.response_type, 'ephemeral');
  assert.match(r.json.text, /Rust and Go/);
  r = await post('/webhooks/mattermost', mmSlash('I build microservices on Kubernetes and need to ship fast'), FORM);
  r = await post('/webhooks/mattermost', mmSlash('just tell me'), FORM);
  assert.match(r.json.text, /ecommendation: (Go|Rust)|Unchanged: (Go|Rust)/);
});

test('Mattermost: an outgoing webhook (JSON) answers in the channel, its trigger word cut', async () => {
  const hook = (text, post_id) => JSON.stringify({
    token: MM_TOKENS[1], team_id: 'team1', team_domain: 'team', channel_id: 'chan1', channel_name: 'dev',
    timestamp: Date.now(), user_id: 'user1', user_name: 'bob', post_id, text, trigger_word: '@advisor', file_ids: '',
  });
  let r = await post('/webhooks/mattermost', hook('@advisor', 'p1'), { 'Content-Type': 'application/json' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.response_type, undefined);
  assert.match(r.json.text, /Rust and Go/);
  r = await post('/webhooks/mattermost', hook('@advisor What is Pingora?', 'p2'), { 'Content-Type': 'application/json' });
  assert.equal(r.status, 200);
  assert.match(r.json.text, /Pingora/);
  // the same post again: a replay
  r = await post('/webhooks/mattermost', hook('@advisor What is Pingora?', 'p2'), { 'Content-Type': 'application/json' });
  assert.equal(r.status, 409);
});

test('Mattermost: a wrong or missing token is refused', async () => {
  let r = await post('/webhooks/mattermost', mmSlash('hi', { token: 'xbtqt8rmm3fxmxb1kd9ak9ws7s' }), FORM);
  assert.equal(r.status, 401);
  assert.match(r.text, /wrong token/);
  r = await post('/webhooks/mattermost', mmSlash('hi', { token: MM_TOKENS[0].slice(0, -1) }), FORM);
  assert.equal(r.status, 401);
  r = await post('/webhooks/mattermost', 'team_id=a&channel_id=b&user_id=c&text=hi', FORM);
  assert.equal(r.status, 401);
});

// --- the HTTP channel ----------------------------------------------------------

const API = (name) => `/api/v1/conversations/${encodeURIComponent(name)}/messages`;
const bearer = { Authorization: `Bearer ${API_KEY}`, 'Content-Type': 'application/json' };

test('HTTP channel: a turn per request, through to a recommendation and the signed transcript', async () => {
  const name = 'lambda:#ops:alice';
  let r = await post(API(name), JSON.stringify({ type: 'open', id: 'o1' }), bearer);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.conversation, name);
  assert.deepEqual(r.json.messages.map((m) => m.type).slice(0, 1), ['opened']);
  assert.equal(r.json.messages.at(-1).done, true);
  assert.equal(r.json.messages[0].re, 'o1');
  r = await post(API(name), JSON.stringify({ type: 'say', text: 'I build microservices on Kubernetes and need to ship fast' }), bearer);
  assert.equal(r.status, 200);
  r = await post(API(name), JSON.stringify({ type: 'command', command: 'recommend', id: 'r1' }), bearer);
  assert.equal(r.status, 200, r.text);
  const rec = r.json.messages.find((m) => m.type === 'recommendation');
  assert.ok(rec, JSON.stringify(r.json.messages.map((m) => m.type)));
  assert.match(rec.verdict, /^(go|rust|both)$/);
  // the same conversation over a WebSocket (same key): the turns are there
  const ws = await connect(d.wsUrl, { headers: { Authorization: `Bearer ${API_KEY}` } });
  await ws.turn(ws.request({ type: 'hello' }));
  ws.request({ type: 'resume', conversation: name, last_seq: 0 });
  const resumed = [];
  for (let m = await ws.next(); m.type !== 'resumed'; m = await ws.next()) resumed.push(m);
  assert.ok(resumed.some((m) => m.type === 'recommendation'));
  ws.terminate();
  r = await post(API(name), JSON.stringify({ type: 'end' }), bearer);
  assert.equal(r.status, 200);
  const tr = r.json.messages.find((m) => m.type === 'transcript');
  assert.equal(tr.status, 'complete');
  assert.match(tr.minisig, /^untrusted comment: /);
  assert.ok(JSON.parse(tr.content).records.some((x) => x.msg?.type === 'recommendation'));
  r = await post(API(name), JSON.stringify({ type: 'say', text: 'hi' }), bearer);
  assert.equal(r.status, 404);
  assert.equal(r.json.messages[0].code, 'unknown_conversation');
});

test('HTTP channel: refusals name what was wrong', async () => {
  let r = await post(API('x1'), JSON.stringify({ type: 'open' }), { Authorization: 'Bearer wrong-key-0123456789' });
  assert.equal(r.status, 401);
  assert.match(r.text, /API key/);
  r = await post(API('x1'), '{not json', bearer);
  assert.equal(r.status, 400);
  assert.match(r.text, /one JSON object/);
  r = await post(API('x1'), JSON.stringify({ type: 'hello' }), bearer);
  assert.equal(r.status, 400);
  r = await post(API('x1'), JSON.stringify({ type: 'say', conversation: 'x2', text: 'hi' }), bearer);
  assert.equal(r.status, 400);
  assert.match(r.text, /differs from the path/);
  r = await post(API('x1'), JSON.stringify({ type: 'say', text: 'x'.repeat(70000) }), bearer);
  assert.equal(r.status, 413);
  assert.match(r.text, /max_message_bytes/);
  r = await post(API('x3'), JSON.stringify({ type: 'open' }), bearer);
  assert.equal(r.status, 200);
  r = await post(API('x3'), JSON.stringify({ type: 'open' }), bearer);
  assert.equal(r.status, 409);
  assert.equal(r.json.messages[0].code, 'conversation_exists');
  const get = await fetch(`${d.url}${API('x3')}`);
  assert.equal(get.status, 405);
  const nf = await post('/webhooks/telegram', 'x', {});
  assert.equal(nf.status, 404);
  assert.match(await fetch(`${d.url}/healthz`).then((x) => x.text()), /ok/);
});

test('HTTP channel: a pipelined second request is not misread; the connection closes after each answer', async () => {
  const name = 'pipelined';
  const req = (body) => `POST ${API(name)} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${API_KEY}\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  const s = await rawSocket(d.port);
  const raw = await new Promise((res, rej) => {
    let buf = '';
    s.on('data', (x) => { buf += x.toString('latin1'); });
    s.on('close', () => res(buf));
    s.on('error', rej);
    s.write(req(JSON.stringify({ type: 'open' })) + req(JSON.stringify({ type: 'say', text: '2' })));
  });
  assert.equal(raw.match(/^HTTP\/1\.1 /gm).length, 1, raw.slice(0, 300));
  assert.match(raw, /^HTTP\/1\.1 200 /);
  assert.match(raw, /\r\nconnection: close\r\n/i);
  // the second was not applied: the conversation is at its first question
  const r = await post(API(name), JSON.stringify({ type: 'command', command: 'summary' }), bearer);
  assert.equal(r.status, 200);
  assert.match(r.json.messages.at(-1).plain, /\(step 1 of/);
});

test('endpoints not configured are off', async () => {
  const off = await new Daemon([]).start();
  try {
    for (const p of ['/webhooks/slack/commands', '/webhooks/discord', '/webhooks/mattermost', API('a')]) {
      const r = await fetch(`http://127.0.0.1:${off.port}${p}`, { method: 'POST', body: 'x' });
      assert.equal(r.status, 404, p);
      assert.match(await r.text(), /is off here/);
    }
  } finally {
    await off.stop();
  }
});

// --- meta: who spoke, in the signed transcript (PROTOCOL.md 5.9) ------------

// The transcript file a chat's "end" names ("kept by the server as FILE.").
function transcriptOf(text) {
  const m = /kept by the server as (\S+)\.(\s|$)/.exec(text);
  assert.ok(m, text);
  const file = existsSync(m[1]) ? m[1] : join(d.stateDir, 'transcripts', m[1]);
  return JSON.parse(readFileSync(file, 'utf8'));
}

test('meta: Slack and Discord turns record platform, user, name and channel in the transcript', async () => {
  const long = 'Zoë ' + 'Müller'.repeat(40);	// over meta.name's 128 bytes: cut, not refused
  const sbody = (text) => new URLSearchParams({
    team_id: 'T0001', channel_id: 'CMETA', user_id: 'UMETA', user_name: long,
    command: '/advisor', text, trigger_id: `meta.${Math.random()}`,
  }).toString();
  const sl = async (text) => { const b = sbody(text); return post('/webhooks/slack/commands', b, slackHeaders(b)); };
  let r = await sl('');
  assert.equal(r.status, 200, r.text);
  r = await sl('I build microservices on Kubernetes');
  assert.equal(r.status, 200, r.text);
  r = await sl('end');
  assert.equal(r.status, 200, r.text);
  let t = transcriptOf(r.json.text);
  const sayS = t.records.filter((x) => x.msg?.type === 'say');
  assert.ok(sayS.length >= 1, JSON.stringify(t.records.map((x) => x.msg?.type)));
  for (const s of sayS) {
    assert.equal(s.msg.meta.platform, 'slack');
    assert.equal(s.msg.meta.user, 'UMETA');
    assert.equal(s.msg.meta.channel, 'CMETA');
    assert.ok(Buffer.byteLength(s.msg.meta.name) <= 128 && long.startsWith(s.msg.meta.name), s.msg.meta.name);
  }
  const hS = t.records.find((x) => x.type === 'header');
  assert.equal(hS?.meta?.platform, 'slack', JSON.stringify(hS));
  assert.equal(hS.meta.user, 'UMETA');

  const dbody = (text) => {
    const j = JSON.parse(interaction(text, { user: '55501', channel: '66602' }));
    j.member.user.global_name = 'Mason';
    j.locale = 'en-GB';
    return JSON.stringify(j);
  };
  const dc = async (text) => { const b = dbody(text); return post('/webhooks/discord', b, discordHeaders(b)); };
  r = await dc(null);
  assert.equal(r.status, 200, r.text);
  r = await dc('Java developer, microservices');
  assert.equal(r.status, 200, r.text);
  r = await dc('end');
  assert.equal(r.status, 200, r.text);
  t = transcriptOf(r.json.data.content + (r.json.data.embeds ?? []).map((e) => e.description).join(''));
  const sayD = t.records.filter((x) => x.msg?.type === 'say');
  assert.ok(sayD.length >= 1);
  assert.deepEqual(sayD[0].msg.meta, { platform: 'discord', user: '55501', name: 'Mason', channel: '66602', locale: 'en-GB' });
  assert.deepEqual(t.records.find((x) => x.type === 'header')?.meta, sayD[0].msg.meta);
});
