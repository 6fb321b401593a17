// SPDX-License-Identifier: ISC
// Slack's Events API answered (issue 15): a direct message or an @mention
// is a turn of its user's conversation, and its answer is posted with
// chat.postMessage to a fake Slack Web API on 127.0.0.1 that records what
// it gets.  Events are signed in the test as Slack documents (v0
// HMAC-SHA256 over "v0:ts:body").  Checked: channel, thread_ts, the bot
// token, the answer; a 429 with Retry-After retried and delivered once;
// Slack's "ok": false logged and not retried; bots' messages, edits,
// channel chatter and retried events not answered; a wrong signature 401
// and no post; the token never in the log; the settings' errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADVISORD, Daemon, run, sleep, tempDir } from './lib.mjs';
import { now, post as postTo } from './webhooklib.mjs';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const TOKEN = 'xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy';
const BOT_USER = 'UBOTSELF';

// --- the fake Slack Web API --------------------------------------------------

const posts = [];		// { path, headers, body (parsed), status }
const plans = new Map();	// channel -> responses to give, in order
let slackUrl;
const slack = createServer((req, res) => {
  let raw = '';
  req.on('data', (c) => { raw += c; });
  req.on('end', () => {
    let body = null;
    try { body = JSON.parse(raw); } catch { /* recorded as null */ }
    const plan = plans.get(body?.channel)?.shift() ?? { status: 200, json: { ok: true, channel: body?.channel, ts: `${Date.now() / 1000}` } };
    posts.push({ path: req.url, method: req.method, headers: req.headers, body, status: plan.status, at: Date.now(), port: req.socket.remotePort });
    res.writeHead(plan.status, { 'Content-Type': 'application/json', ...(plan.headers ?? {}) });
    res.end(JSON.stringify(plan.json ?? { ok: false, error: 'fake_error' }));
  });
});

let d;
before(async () => {
  await new Promise((r) => slack.listen(0, '127.0.0.1', r));
  slackUrl = `http://127.0.0.1:${slack.address().port}/api`;
  d = await new Daemon([
    '--slack-signing-secret', SECRET,
    '--slack-bot-token', TOKEN,
    '--slack-api-url', slackUrl,
    '--log-level', 'debug',
  ]).start();
});
after(async () => {
  // a clean exit (under the sanitizers too: no leak, no report)
  assert.deepEqual(await d.stop(), { code: 0, signal: null }, d.log.slice(-3000));
  await new Promise((r) => slack.close(r));
  // the token: in no line the daemon wrote, at any log level
  assert.ok(!d.log.includes(TOKEN), 'the bot token appears in the log');
  assert.ok(!d.log.includes(TOKEN.slice(5)), 'part of the bot token appears in the log');
});

const post = (path, body, headers) => postTo(d.url, path, body, headers);

function signed(body, { ts = now(), secret = SECRET, extra = {} } = {}) {
  const sig = 'v0=' + createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex');
  return { 'Content-Type': 'application/json', 'X-Slack-Request-Timestamp': ts, 'X-Slack-Signature': sig, ...extra };
}

let seq = 0;
// An event_callback as Slack sends it; event: the inner event's fields.
function callback(event, { id = `Ev${Date.now()}${++seq}` } = {}) {
  return {
    id,
    body: JSON.stringify({
      token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl', team_id: 'T0001', api_app_id: 'A0KRD7HC3',
      event: { ts: `1764500000.${String(++seq).padStart(6, '0')}`, event_ts: '1764500000.000100', ...event },
      type: 'event_callback', event_id: id, event_time: Number(now()),
      authorizations: [{ enterprise_id: null, team_id: 'T0001', user_id: BOT_USER, is_bot: true, is_enterprise_install: false }],
    }),
  };
}

async function send(event, opts = {}) {
  const { id, body } = callback(event, opts);
  const r = await post('/webhooks/slack/events', body, signed(body, opts));
  return { ...r, id, body };
}

// Wait until the fake has n posts to channel (or fail, naming what came).
async function postsTo(channel, n = 1, { timeoutMs = 15000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = posts.filter((p) => p.body?.channel === channel);
    if (got.length >= n) return got;
    if (Date.now() > deadline) {
      assert.fail(`${got.length} of ${n} posts to ${channel} in ${timeoutMs} ms; all: ${JSON.stringify(posts.map((p) => p.body?.channel))}\n${d.log.slice(-2000)}`);
    }
    await sleep(20);
  }
}

// Posts are made one at a time in the order their turns ended: once a
// sentinel's answer has arrived, nothing queued before it is on its way.
async function barrier(tag) {
  const channel = `DSENTINEL${tag}`;
  const r = await send({ type: 'message', channel_type: 'im', channel, user: 'USENTINEL', text: '' });
  assert.equal(r.status, 200, r.text);
  await postsTo(channel);
}

test('an @mention in a thread is answered in that thread, with the bot token', async () => {
  const r = await send({ type: 'app_mention', channel: 'CMENTION', user: 'UALICE', thread_ts: '1764499999.000200', text: `<@${BOT_USER}> What is Pingora?` });
  assert.equal(r.status, 200, r.text);
  const [p] = await postsTo('CMENTION');
  assert.equal(p.method, 'POST');
  assert.equal(p.path, '/api/chat.postMessage');
  assert.equal(p.headers.authorization, `Bearer ${TOKEN}`);
  assert.match(p.headers['content-type'], /^application\/json/);
  assert.equal(p.body.thread_ts, '1764499999.000200');
  assert.match(p.body.text, /Pingora/);
  assert.match(p.body.text, /Cloudflare/, 'answered from the article');
  // the first message of a conversation: its question once, not twice
  assert.equal(p.body.text.match(/What are you building/g).length, 1, p.body.text);
  assert.doesNotMatch(p.body.text, /<(?!https?:)/, 'Slack markup escaped');
});

test('direct messages are a conversation: answered in the DM, through to a recommendation', async () => {
  let r = await send({ type: 'message', channel_type: 'im', channel: 'DALICE', user: 'UALICE', text: 'I build microservices on Kubernetes and need to ship fast' });
  assert.equal(r.status, 200, r.text);
  let [p] = await postsTo('DALICE');
  assert.equal(p.body.thread_ts, undefined, 'not in a thread');
  assert.match(p.body.text, /Rust and Go/, 'the opening');
  r = await send({ type: 'message', channel_type: 'im', channel: 'DALICE', user: 'UALICE', text: 'just tell me' });
  assert.equal(r.status, 200, r.text);
  p = (await postsTo('DALICE', 2))[1];
  assert.match(p.body.text, /ecommendation: (Go|Rust)|Unchanged: (Go|Rust)/);
  assert.doesNotMatch(p.body.text, /I can help you decide/, 'the same conversation, not a new one');
  // the mention in a channel above is another conversation (its own channel)
  r = await send({ type: 'message', channel_type: 'im', channel: 'DALICE', user: 'UALICE', text: 'end' });
  p = (await postsTo('DALICE', 3))[2];
  const m = /kept by the server as (\S+)\.(\s|$)/.exec(p.body.text);
  assert.ok(m, p.body.text);
  const file = existsSync(m[1]) ? m[1] : join(d.stateDir, 'transcripts', m[1]);
  const t = JSON.parse(readFileSync(file, 'utf8'));
  const says = t.records.filter((x) => x.msg?.type === 'say');
  assert.ok(says.length >= 2);
  for (const s of says) assert.deepEqual(s.msg.meta, { platform: 'slack', user: 'UALICE', channel: 'DALICE' });
  assert.equal(t.records.find((x) => x.type === 'header')?.meta?.channel, 'DALICE');
});

test('a 429 with Retry-After is retried after it and delivered once; ok:false is logged, not retried', async () => {
  plans.set('DRATE', [{ status: 429, headers: { 'Retry-After': '1' }, json: { ok: false, error: 'ratelimited' } }]);
  plans.set('DFIVE', [{ status: 503, json: { ok: false, error: 'service_unavailable' } }]);
  plans.set('DNOPE', [{ status: 200, json: { ok: false, error: 'channel_not_found' } }]);
  plans.set('DLONG', [{ status: 429, headers: { 'Retry-After': '120' }, json: { ok: false, error: 'ratelimited' } }]);
  assert.equal((await send({ type: 'message', channel_type: 'im', channel: 'DRATE', user: 'UBOB', text: '2' })).status, 200);
  assert.equal((await send({ type: 'message', channel_type: 'im', channel: 'DFIVE', user: 'UBOB', text: '2' })).status, 200);
  assert.equal((await send({ type: 'message', channel_type: 'im', channel: 'DNOPE', user: 'UBOB', text: '2' })).status, 200);
  assert.equal((await send({ type: 'message', channel_type: 'im', channel: 'DLONG', user: 'UBOB', text: '2' })).status, 200);
  const rate = await postsTo('DRATE', 2);
  assert.deepEqual(rate.map((p) => p.status), [429, 200]);
  assert.ok(rate[1].at - rate[0].at >= 950, `tried again ${rate[1].at - rate[0].at} ms after a Retry-After of 1 s`);
  assert.deepEqual(rate[0].body, rate[1].body, 'the same answer again');
  const five = await postsTo('DFIVE', 2);
  assert.deepEqual(five.map((p) => p.status), [503, 200]);
  await postsTo('DNOPE');
  await barrier('A');
  for (const c of ['DRATE', 'DFIVE', 'DNOPE', 'DLONG']) {
    assert.equal(posts.filter((p) => p.body?.channel === c).length, c === 'DNOPE' || c === 'DLONG' ? 1 : 2, c);
  }
  // the posting thread reports each outcome to the loop, which logs and
  // counts it: the fake (and the barrier) can see a post before that
  const logged = [
    /answer to channel DLONG not posted after 1 try: 429 with Retry-After 120 s, past the 30 s waited at most/,
    /answer to channel DNOPE not posted after 1 try: channel_not_found/,
    /answer posted to channel DRATE \(2 tries\)/,
  ];
  const counted = [/advisord_slack_post_retries_total [2-9]/, /advisord_slack_posts_total\{outcome="failed"\} [1-9]/];
  let metrics = '';
  for (let i = 0; i < 250; i++) {
    metrics = await (await fetch(`${d.url}/metrics`)).text();
    if (logged.every((re) => re.test(d.log)) && counted.every((re) => re.test(metrics))) break;
    await sleep(20);
  }
  for (const re of logged) assert.match(d.log, re);
  for (const re of counted) assert.match(metrics, re);
});

test('not answered: bots (ours too), edits, channel chatter, retried events, wrong signatures', async () => {
  const base = { channel: 'DQUIET', user: 'UCAROL', channel_type: 'im' };
  const cases = [
    { type: 'message', ...base, text: 'from a bot', bot_id: 'B01' },
    { type: 'message', ...base, user: BOT_USER, text: 'our own answer' },
    { type: 'message', ...base, subtype: 'message_changed', text: 'an edit' },
    { type: 'message', ...base, subtype: 'message_deleted' },
    { type: 'message', channel: 'CQUIET', channel_type: 'channel', user: 'UCAROL', text: 'chatter in a channel' },
    { type: 'reaction_added', user: 'UCAROL', reaction: 'thumbsup', item: { type: 'message', channel: 'DQUIET', ts: '1.2' } },
  ];
  for (const ev of cases) {
    const r = await send(ev);
    assert.equal(r.status, 200, r.text);
    assert.match(r.text, /not answered/, JSON.stringify(ev));
  }
  // a wrong signature: 401, nothing posted
  const { body } = callback({ type: 'message', channel_type: 'im', channel: 'DFORGED', user: 'UEVE', text: 'hi' });
  let r = await post('/webhooks/slack/events', body, signed(body, { secret: 'not-the-signing-secret' }));
  assert.equal(r.status, 401);
  // an event answered once, then retried by Slack (same event_id, new signature)
  const ev = { type: 'message', channel_type: 'im', channel: 'DRETRY', user: 'UDAN', text: '' };
  r = await send(ev, { id: 'Ev0RETRIED1' });
  assert.equal(r.status, 200);
  await postsTo('DRETRY');
  for (const n of ['1', '2']) {
    r = await send(ev, { id: 'Ev0RETRIED1', extra: { 'X-Slack-Retry-Num': n, 'X-Slack-Retry-Reason': 'http_timeout' } });
    assert.equal(r.status, 200);
    assert.match(r.text, /already received/);
  }
  await barrier('B');
  assert.equal(posts.filter((p) => ['DQUIET', 'CQUIET', 'DFORGED'].includes(p.body?.channel)).length, 0,
    JSON.stringify(posts.map((p) => p.body?.channel)));
  assert.equal(posts.filter((p) => p.body?.channel === 'DRETRY').length, 1, 'the retry was not answered again');
});

test('a retried event whose first delivery never arrived is answered', async () => {
  const r = await send({ type: 'message', channel_type: 'im', channel: 'DLOST', user: 'UERIN', text: '' },
    { extra: { 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_error' } });
  assert.equal(r.status, 200, r.text);
  await postsTo('DLOST');
});

test('settings: token without signing secret, a bad token or URL are file:line errors', async () => {
  const dir = tempDir('advisord-slackconf-');
  const conf = join(dir, 'slack.conf');
  writeFileSync(conf, ['# Slack', `slack_bot_token = ${TOKEN}`, 'slack_api_url = ftp://example.org/api', ''].join('\n'));
  let r = await run(ADVISORD, ['-n', '-c', conf]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /slack\.conf:2: slack_bot_token is set but slack_signing_secret is not/);
  assert.match(r.stderr, /slack\.conf:3: 'slack_api_url': invalid URL/);
  assert.ok(!(r.stdout + r.stderr).includes(TOKEN), 'the token is not echoed');
  writeFileSync(conf, [`slack_signing_secret = ${SECRET}`, 'slack_bot_token = xoxp-a-user-token-1234', ''].join('\n'));
  r = await run(ADVISORD, ['-n', '-c', conf]);
  assert.match(r.stderr, /slack\.conf:2: slack_bot_token must be the app's bot token, which starts with 'xoxb-'/);
  assert.ok(!(r.stdout + r.stderr).includes('xoxp-a-user-token-1234'));
  writeFileSync(conf, [`slack_signing_secret = ${SECRET}`, 'slack_api_url = http://127.0.0.1:1/api', ''].join('\n'));
  r = await run(ADVISORD, ['-n', '-c', conf]);
  assert.match(r.stderr, /slack\.conf:2: slack_api_url is set but slack_bot_token is not/);
});

// A daemon of its own, posting to a fake whose answers the test holds.
async function ownDaemon(fake) {
  await new Promise((r) => fake.listen(0, '127.0.0.1', r));
  const own = await new Daemon(['--slack-signing-secret', SECRET, '--slack-bot-token', TOKEN,
    '--slack-api-url', `http://127.0.0.1:${fake.address().port}/api`]).start();
  const sendTo = async (event, opts = {}) => {
    const { id, body } = callback(event, opts);
    return { ...(await postTo(own.url, '/webhooks/slack/events', body, signed(body, opts))), id };
  };
  return { own, sendTo };
}

async function until(cond, what, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) assert.fail(`no ${what} in ${timeoutMs} ms`);
    await sleep(20);
  }
}

test('a full queue refuses events (503, not applied), naming its bound; Slack\'s retry is answered after it drains', async () => {
  const held = [];
  let got = 0;
  const fake = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      got++;
      if (got === 1) held.push(res);	// the first post hangs: the queue fills behind it
      else res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
    });
  });
  const { own, sendTo } = await ownDaemon(fake);
  try {
    const N = 270;
    const refused = [];
    let ok = 0;
    for (let i = 0; i < N; i += 10) {
      const batch = [];
      for (let k = i; k < Math.min(N, i + 10); k++) {
        const ev = { type: 'message', channel_type: 'im', channel: `DFULL${k}`, user: `UFULL${k}`, text: '' };
        batch.push(sendTo(ev).then((r) => ({ r, ev })));
      }
      for (const { r, ev } of await Promise.all(batch)) {
        if (r.status === 503) {
          assert.match(r.text, /256 answers already wait to be posted to Slack \(its bound\)/);
          refused.push({ ev, id: r.id });
        } else {
          assert.equal(r.status, 200, r.text);
          ok++;
        }
      }
    }
    assert.ok(refused.length >= N - 256 - 10, `${refused.length} refused`);
    // the daemon's stderr may come in after the responses
    await until(() => /event Ev\S+ refused with 503, not applied: 256 answers already wait to be posted \(SLACKPOST_QUEUE_MAX\)/.test(own.log), 'log line of the refusal');
    let m = await (await fetch(`${own.url}/metrics`)).text();
    const counted = Number(/advisord_slack_posts_total\{outcome="refused"\} (\d+)/.exec(m)[1]);
    assert.ok(counted >= refused.length, m.match(/advisord_slack.*/g).join('\n'));
    // answers of turns that passed the check but found the queue full are not posted: counted too
    held[0].writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
    await until(() => got === ok - (counted - refused.length), `${ok - (counted - refused.length)} posts (got ${got})`);
    // Slack retries a refused event later (same event_id): it is answered now
    const { ev, id } = refused[0];
    const before = got;
    const r = await sendTo(ev, { id, extra: { 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_error' } });
    assert.equal(r.status, 200, r.text);
    await until(() => got === before + 1, 'the retried event\'s answer');
    // the fake sees the post before the loop hears its outcome: the queue
    // empties just after
    for (let i = 0; i < 250; i++) {
      m = await (await fetch(`${own.url}/metrics`)).text();
      if (/advisord_slack_posts_queued 0/.test(m)) break;
      await sleep(20);
    }
    assert.match(m, /advisord_slack_posts_queued 0/);
  } finally {
    assert.equal((await own.stop()).code, 0);
    fake.closeAllConnections();
    await new Promise((r) => fake.close(r));
  }
});

test('shutdown: a retry waiting on Retry-After does not hold the daemon; what was not sent is logged', async () => {
  let got = 0;
  const fake = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      got++;
      res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': '25' }).end('{"ok":false,"error":"ratelimited"}');
    });
  });
  const { own, sendTo } = await ownDaemon(fake);
  try {
    assert.equal((await sendTo({ type: 'message', channel_type: 'im', channel: 'DSTOP', user: 'USTOP', text: '' })).status, 200);
    await until(() => got === 1, 'first post');
  } finally {
    // stop() sends SIGTERM and SIGKILLs after 10 s: a clean exit is code 0
    assert.deepEqual(await own.stop(), { code: 0, signal: null });
    await new Promise((r) => fake.close(r));
  }
  assert.equal(got, 1);
  assert.match(own.log, /answer to channel DSTOP not posted after 1 try: 429 rate limited; not retried: the daemon stopped/);
});

test('the first message of a conversation shows the pending question once (slash command and event)', async () => {
  for (const text of ['hello', 'What is Pingora?']) {
    const body = new URLSearchParams({ team_id: 'T0001', channel_id: 'CFIRST', user_id: `UFIRST${text.length}`, user_name: 'Fay', command: '/advisor', text }).toString();
    const r = await post('/webhooks/slack/commands', body, { ...signed(body), 'Content-Type': 'application/x-www-form-urlencoded' });
    assert.equal(r.status, 200, r.text);
    assert.match(r.json.text, /I can help you decide/, 'the opening');
    assert.equal(r.json.text.match(/What are you building/g).length, 1, r.json.text);
    // the question comes last: after the answer when there was one
    assert.match(r.json.text, /What are you building[^]*$/);
    if (text !== 'hello') assert.ok(r.json.text.indexOf('Cloudflare') < r.json.text.indexOf('What are you building'), r.json.text);
  }
});
