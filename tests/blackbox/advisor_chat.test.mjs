// SPDX-License-Identifier: ISC
// advisor chat, what users met in the review of issue 15, on a
// pseudo-terminal against the real daemon: a URL where no daemon listens
// is given up on with one line naming it and why (not retried forever);
// long answers and recommendations are wrapped at word boundaries to the
// terminal's width with their layout kept; and /quit without --save says
// how to get the signed transcript back, and that command works.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ADVISOR, Daemon, run, tempDir } from './lib.mjs';
import { Pty } from './clients-lib.mjs';

let d;
let tmp;
before(async () => {
  d = await new Daemon().start();
  tmp = tempDir('advisor-chat-');
});
after(async () => {
  await d.stop();
  rmSync(tmp, { recursive: true, force: true });
});

// A loopback port nothing listens on (bound, then let go).
async function deadPort() {
  const s = createServer();
  await new Promise((res) => s.listen(0, '127.0.0.1', res));
  const { port } = s.address();
  await new Promise((res) => s.close(res));
  return port;
}

// Characters a line takes on the terminal (escapes removed already).
const cols = (line) => [...line].length;

test('chat against a port where no daemon listens gives up with one line naming the URL and the cause', async () => {
  const url = `ws://127.0.0.1:${await deadPort()}/ws`;
  const pty = new Pty([ADVISOR, 'chat', url], { NO_COLOR: '1' });
  let ex;
  try {
    // bounded: it exits on its own (the waiter fails the test otherwise)
    ex = await Promise.race([pty.exit, pty.waitFor(() => false, { timeoutMs: 30000, what: 'chat to give up' })]);
  } finally { pty.kill(); }
  assert.equal(ex.code, 1, pty.text);
  const reason = pty.text.split('\n').filter((l) => l.startsWith('advisor: ') && !l.includes('type /help'));
  assert.equal(reason.length, 1, `one line of reason:\n${pty.text}`);
  assert.match(reason[0], new RegExp(`^advisor: cannot connect to ${url.replace(/[./]/g, '\\$&')}: .+ \\(gave up after \\d+ attempts\\)$`));
  assert.doesNotMatch(pty.text, /^> /m, 'no prompt: there never was a conversation');
});

// NEWUSER29 #3: with input piped or </dev/null, its end came first and
// chat waited to end a conversation it never reached instead of giving up.
test('chat with piped or empty input gives up on a dead daemon the same way, exit 1', async () => {
  const url = `ws://127.0.0.1:${await deadPort()}/ws`;
  const home = tempDir('advisor-dead-');
  try {
    for (const input of ['', 'hi\n']) {
      const r = await run(ADVISOR, ['chat', url], { input, env: { ...process.env, XDG_STATE_HOME: home, NO_COLOR: '1' } });
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stderr, new RegExp(`^advisor: cannot connect to ${url.replace(/[./]/g, '\\$&')}: .+ \\(gave up after \\d+ attempts\\)$`, 'm'), r.stderr);
      assert.doesNotMatch(r.stderr, /could not end/);
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('chat wraps long answers and the recommendation at the terminal width, keeping their layout', async () => {
  const width = 44;
  const pty = new Pty([ADVISOR, 'chat', d.wsUrl], { NO_COLOR: '1', COLUMNS: String(width) });
  try {
    await pty.waitFor(/What are you building[\s\S]*\n> $/, { what: 'the first question' });
    // what the server said: after chat's own line "connecting to URL"
    let t = pty.text.slice(pty.text.indexOf('\n') + 1);
    // numbered choices: a long one goes on under its text, not under its number
    const lines = t.split('\n');
    const at = lines.findIndex((l) => /^ {2}2\. Proxies, networking/.test(l));
    assert.ok(at >= 0, t);
    assert.match(lines[at + 1], /^ {5}\S/, `choice 2 continues under its text:\n${t}`);
    t += await pty.turn('How many Rust developers are there?');
    t += await pty.turn('We build microservices on Kubernetes and must ship fast');
    t += await pty.turn('recommend');
    // (but the lines typed, which the terminal echoes after the prompt)
    for (const l of t.split('\n').filter((x) => !x.startsWith('> '))) {
      assert.ok(cols(l) <= width, `a line wider than ${width}: '${l}'\n${t}`);
    }
    // a cited claim and its sources wrap at word boundaries: no word cut
    assert.match(t, /2\.26-2\.8/);
    const src = t.slice(t.indexOf('Sources: [1] ZenRows'));
    assert.match(src, /^Sources: \[1\] ZenRows[^\n]*\n {9}\S/, `sources continue under their text:\n${src}`);
    // the recommendation: its frame fits, each reason goes on under its text
    assert.match(t, new RegExp(`^-{${width}}$`, 'm'));
    const why = t.slice(t.indexOf('\nWhy:\n') + 6).split('\n');
    assert.match(why[0], /^ {2}1\. /);
    assert.ok(why.slice(1).some((l) => /^ {5}\S/.test(l)), `a reason continued under its text:\n${why.join('\n')}`);
    // the words: unwrapping gives back the server's text (no letter lost)
    const rec = t.slice(t.indexOf('Why:'));
    assert.match(rec.replace(/\n {2,}/g, ' '), /\[\d+(,\d+)*\]/);
    pty.write('/quit');
    assert.equal((await pty.exit).code, 0);
  } finally { pty.kill(); }
});

test('/quit without --save says how to fetch the signed transcript, and that command fetches it', async () => {
  const home = tempDir('advisor-quit-');
  const env = { XDG_STATE_HOME: home, NO_COLOR: '1' };
  const pty = new Pty([ADVISOR, 'chat', d.wsUrl], env, home);
  try {
    await pty.waitFor(/\n> $/, { what: 'the first question' });
    await pty.turn('I write kernel drivers in C');
    pty.write('/quit');
    assert.equal((await pty.exit).code, 0, pty.text);
    const t = pty.text;
    assert.match(t, /conversation c-[0-9a-f]+ ended/);
    // the command on a line of its own, never wrapped (to copy whole)
    const m = t.match(/^ {2}advisor transcript (\S+) (\S+) -o DIR$/m);
    assert.ok(m, `the command to get the transcript back:\n${t}`);
    assert.equal(m[2], d.wsUrl);
    assert.match(t, /keeps its signed transcript for \d+ s/);
    const out = join(tmp, 'after-quit');
    const f = await run(ADVISOR, ['transcript', m[1], m[2], '-o', out], { env: { ...process.env, ...env } });
    assert.equal(f.code, 0, f.stderr);
    const path = f.stdout.trim();
    assert.match(readFileSync(`${path}.minisig`, 'utf8'), /status=complete/);
    assert.match(readFileSync(path, 'utf8'), /I write kernel drivers in C/);
    const v = await run(ADVISOR, ['verify', path, '-p', join(out, 'advisord.pub')]);
    assert.equal(v.code, 0, v.stdout + v.stderr);
  } finally {
    pty.kill();
    rmSync(home, { recursive: true, force: true });
  }
});

test('/quit without --save with an API key: the command names --api-key, and works with it', async () => {
  const dk = await new Daemon(['--api-key', 'cli:quit-key-0123456789abcdef']).start();
  const home = tempDir('advisor-quit-key-');
  writeFileSync(join(home, 'key'), 'quit-key-0123456789abcdef\n', { mode: 0o600 });
  const env = { XDG_STATE_HOME: home, NO_COLOR: '1' };
  const pty = new Pty([ADVISOR, 'chat', dk.wsUrl, '--api-key', join(home, 'key')], env, home);
  try {
    await pty.waitFor(/\n> $/, { what: 'the first question' });
    await pty.turn('I write kernel drivers in C');
    pty.write('/quit');
    assert.equal((await pty.exit).code, 0, pty.text);
    const m = pty.text.match(/^ {2}advisor transcript (\S+) (\S+) -o DIR --api-key FILE$/m);
    assert.ok(m, pty.text);
    const f = await run(ADVISOR, ['transcript', m[1], m[2], '-o', join(home, 'out'), '--api-key', join(home, 'key')],
      { env: { ...process.env, ...env } });
    assert.equal(f.code, 0, f.stderr);
    assert.match(readFileSync(f.stdout.trim(), 'utf8'), /I write kernel drivers in C/);
  } finally {
    pty.kill();
    await dk.stop();
    rmSync(home, { recursive: true, force: true });
  }
});

// NEWUSER28 #4: a /detach piped in right behind a line (or alone) came
// before the daemon's first answer, was lost, and the end of input then
// ended the conversation: the opposite of what was asked, for good.
test('piped /detach is honoured in order: the conversation stays open and resumes', async () => {
  const home = tempDir('advisor-detach-');
  const env = { ...process.env, XDG_STATE_HOME: home, NO_COLOR: '1' };
  try {
    const a = await run(ADVISOR, ['chat', d.wsUrl], { input: 'I write proxies in Rust\n/detach\n', env });
    assert.equal(a.code, 0, a.stdout + a.stderr);
    assert.doesNotMatch(a.stdout, /ended/);
    const m = a.stdout.match(/left conversation (c-[0-9a-f]+) open; resume it with: advisor (chat --resume \1[^)]*)\)/);
    assert.ok(m, a.stdout);
    // the line before /detach was answered before it
    assert.ok(a.stdout.indexOf('left conversation') > a.stdout.lastIndexOf('Reply with'), a.stdout);
    // NEWUSER29 #2: the command runs as printed, against this daemon (it
    // lacked the URL and sent the token to the default one); /detach
    // alone, first thing after a resume, is not lost either
    const b = await run(ADVISOR, m[2].split(' '), { input: '/detach\n', env });
    assert.match(b.stdout, new RegExp(`^advisor: connecting to ${d.wsUrl.replace(/[./]/g, '\\$&')}`), b.stdout + b.stderr);
    assert.equal(b.code, 0, b.stdout + b.stderr);
    assert.match(b.stdout, new RegExp(`left conversation ${m[1]} open`));
    assert.doesNotMatch(b.stdout, /ended/);
    // still open: its transcript so far is an interim one with the line in it
    const out = join(home, 'out');
    const f = await run(ADVISOR, ['transcript', m[1], d.wsUrl, '-o', out], { env });
    assert.equal(f.code, 0, f.stderr);
    const path = f.stdout.trim();
    assert.doesNotMatch(readFileSync(`${path}.minisig`, 'utf8'), /status=complete/);
    assert.match(readFileSync(path, 'utf8'), /I write proxies in Rust/);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

// ops29: --resume replays the conversation so far, then the answers to
// what is typed now followed with nothing between them: a user could not
// tell where the old conversation ended and the new turns began.
test('chat --resume marks where the replayed conversation ends and the new turns begin', async () => {
  const home = tempDir('advisor-resumesep-');
  const env = { ...process.env, XDG_STATE_HOME: home, NO_COLOR: '1' };
  try {
    const a = await run(ADVISOR, ['chat', d.wsUrl], { input: 'I write proxies in Rust\n/detach\n', env });
    assert.equal(a.code, 0, a.stdout + a.stderr);
    const name = a.stdout.match(/left conversation (c-[0-9a-f]+) open/)[1];
    const b = await run(ADVISOR, ['chat', '--resume', name, d.wsUrl], { input: 'why?\n/detach\n', env });
    assert.equal(b.code, 0, b.stdout + b.stderr);
    const lines = b.stdout.split('\n');
    const sep = lines.findIndex((l) => /^--- resumed c-[0-9a-f]+: \d+ earlier messages? above, new ones below ---$/.test(l));
    assert.ok(sep > 0, b.stdout);
    assert.match(lines[sep], new RegExp(`resumed ${name}: `));
    assert.equal(lines.filter((l) => l.startsWith('--- resumed')).length, 1, b.stdout);
    // the replay (the first question, the recommendation) above it, the
    // answer to "why?" below it, before the /detach line
    const before = lines.slice(0, sep).join('\n');
    const after = lines.slice(sep + 1).join('\n');
    assert.match(before, /\(step 1 of about \d+\)/);
    assert.match(before, /Quick recommendation/);
    assert.doesNotMatch(after, /\(step 1 of about \d+\)/);
    assert.ok(after.replace(/\(left conversation[^\n]*/, '').trim().length > 0, b.stdout);
    assert.match(after, /left conversation/);
    // the count is of the messages shown above it
    const n = Number(lines[sep].match(/: (\d+) earlier/)[1]);
    assert.ok(n >= 2, lines[sep]);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

// NEWUSER28 #9: the tokens of ended conversations piled up for good
// (102 files), long after the hour in which the final transcript can be
// fetched with them.
test('chat drops the tokens of this daemon older than its limits let them be of use', async () => {
  const home = tempDir('advisor-prune-');
  const env = { ...process.env, XDG_STATE_HOME: home, NO_COLOR: '1' };
  try {
    const dir = join(home, 'advisor');
    mkdirSync(dir, { recursive: true });
    const tok = (name, url) => { const f = join(dir, `${name}.token`); writeFileSync(f, JSON.stringify({ conversation: name, token: 'x'.repeat(32), url })); return f; };
    const old = tok('c-old', d.wsUrl);
    const fresh = tok('c-fresh', d.wsUrl);
    const other = tok('c-other', 'ws://127.0.0.1:1/ws');
    const twoHours = (Date.now() / 1000) - 1800 - 3600 - 60;
    utimesSync(old, twoHours, twoHours);
    utimesSync(other, twoHours, twoHours);
    const r = await run(ADVISOR, ['chat', d.wsUrl], { input: 'I write proxies in Rust\n/detach\n', env });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const left = readdirSync(dir).sort();
    assert.ok(!left.includes('c-old.token'), `${left}`);
    assert.ok(left.includes('c-fresh.token'), `${left}`);
    assert.ok(left.includes('c-other.token'), 'another daemon\'s token stays');
    assert.ok(existsSync(fresh));
    // the conversation just detached keeps its token
    const name = r.stdout.match(/left conversation (c-[0-9a-f]+) open/)[1];
    assert.ok(left.includes(`${name}.token`), `${left}`);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

// NEWUSER41 #1: a recommendation's reasons came as one "Why:" list, those
// against the verdict numbered with the rest ("5. ... written in Go"
// under a Rust verdict), where the server's own text says "Against it:".
// A description whose verdict is Rust with a rule weighing for Go: that
// rule is under "Against it:", not among the reasons why.
test('chat lists a reason that weighs against the verdict under "Against it:", not under "Why:"', async () => {
  const home = tempDir('advisor-against-');
  const env = { ...process.env, XDG_STATE_HOME: home, NO_COLOR: '1', COLUMNS: '200' };
  try {
    const r = await run(ADVISOR, ['chat', d.wsUrl], {
      input: 'we build a reverse proxy in front of our kubernetes clusters, p99 must stay under 1 ms, and the old C++ one had memory-safety bugs\n/quit\n', env });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const out = r.stdout.replace(/\n {2,}(?=[^-\d\s])/g, ' ');
    assert.match(out, /[Rr]ecommendation: Rust/, out);
    const why = out.slice(out.indexOf('\nWhy:\n'), out.indexOf('\nKeep in mind:'));
    assert.match(why, /\nAgainst it:\n {2}- Cloud-native integration/, why);
    assert.doesNotMatch(why.slice(0, why.indexOf('Against it:')), /written in Go/, why);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
