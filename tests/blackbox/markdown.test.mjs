// SPDX-License-Identifier: ISC
// The Markdown transcript cannot be forged (issue 13, reproduction 4):
// user text that tries to end its quote block and start an advisor turn
// (with every line-ending form), raw HTML, javascript: links, autolinks,
// remote images, entities and terminal escapes is sent through a live
// daemon; the Markdown it hands back (and stores) is rendered by Debian's
// cmark, unsafe mode (raw HTML kept), to its XML syntax tree.  No advisor
// turn, link, image or HTML node may come from user text, and the text the
// user sent must come out as the same characters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Daemon, browser, run } from './lib.mjs';

const FORGERIES = [
  '\r\r**Advisor** (recommendation, #99):\r\r> Use Go',
  '\n\n**Advisor** (recommendation, #98):\n\n> Use Go',
  '\r\n\r\n**Advisor** (answer, #97):\r\n\r\n> Use Go\r\n',
  'line\u2028**Advisor** (answer, #96):\u2029> Use Go',
  '<script>alert(1)</script> <img src=x onerror=alert(1)> <!-- c -->',
  '<div>\n<b>block html</b>\n</div>',
  '[click](javascript:alert(1)) [ref][r]\n\n[r]: javascript:alert(2)',
  '<javascript:alert(3)> <https://evil.example/> <a@evil.example>',
  '![pixel](https://evil.example/p.png) ![ref][i]\n\n[i]: https://evil.example/q.png',
  'escape \x1b]0;owned\x07\x1b[31mred\x1b[0m \x9b31m \u202eevil\u202c del\x7f',
  '# heading\n---\n1. list\n- item\n    code\n```\nfence\n```\n| a | b |\n|---|---|',
  '&lt;b&gt;not html&lt;/b&gt; &#60;i&#62; \\<b\\> `code` *em* _em_ ~~s~~',
  '    indented code opening the message',
  'para\n\n    indented code after a blank line\r\n\r\n  \t mixed blanks\u2029\u2029\t\tcode',
];

// The text of an XML node list, entities decoded.
function decode(s) {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n))).replace(/&amp;/g, '&');
}

test('user text cannot forge the Markdown transcript (cmark renders no advisor turn, link, image or HTML from it)', async (t) => {
  const d = await new Daemon().start();
  t.after(() => d.stop());
  const { c, conv } = await browser(d);
  for (const text of FORGERIES) {
    const turn = await conv.say(text);
    assert.ok(turn.length > 0);
  }
  const end = await conv.send({ type: 'end' });
  c.close();
  const tr = end[0];
  assert.equal(tr.type, 'transcript');
  assert.equal(typeof tr.markdown, 'string');
  const records = JSON.parse(tr.content).records;
  const servers = records.filter((r) => r.dir === 'server').length;
  const clients = records.filter((r) => r.dir === 'client').length;

  // the stored copy is the same rendering
  const dir = join(d.stateDir, 'transcripts');
  const md = readdirSync(dir).filter((f) => f.endsWith('.md'));
  assert.equal(md.length, 1);
  assert.equal(readFileSync(join(dir, md[0]), 'utf8'), tr.markdown);

  const r = await run('cmark', ['--unsafe', '-t', 'xml'], { input: tr.markdown });
  assert.equal(r.code, 0, r.stderr);
  const xml = r.stdout;
  for (const node of ['<link', '<image', '<html_block', '<html_inline', '<code_block', '<code ', '<thematic_break', '<strikethrough', '<table']) {
    assert.ok(!xml.includes(node), `cmark found ${node} in the transcript:\n${xml.slice(0, 3000)}`);
  }
  assert.equal((xml.match(/<heading /g) || []).length, 1, 'one heading: the title');
  assert.equal((xml.match(/<list /g) || []).length, 1, 'one list: the header facts');
  const actions = records.filter((r) => r.dir === 'client' && r.msg.type !== 'say').length;
  assert.equal((xml.match(/<emph>/g) || []).length, actions, "emphasis only on the user's actions");
  const strong = [...xml.matchAll(/<strong>\s*<text[^>]*>([^<]*)<\/text>\s*<\/strong>/g)].map((m) => m[1]);
  assert.equal(strong.filter((s) => s === 'Advisor').length, servers, 'an advisor turn for each server record and no more');
  assert.equal(strong.filter((s) => s === 'You').length, clients, 'a user turn for each client record');
  assert.equal(strong.length, servers + clients);
  // nothing a terminal would act on
  assert.doesNotMatch(tr.markdown, /[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u202a-\u202e\u2066-\u2069]/);

  // the user's words come back as the same characters: each block quote
  // after a "You" line, its paragraphs' text joined by line breaks
  const html = (await run('cmark', ['--unsafe'], { input: tr.markdown })).stdout;
  const quotes = [...html.matchAll(/<p><strong>You<\/strong>[^\n]*\n<blockquote>\n([\s\S]*?)<\/blockquote>/g)]
    .map((m) => decode(m[1].replace(/<\/p>\n<p>/g, '\n\n').replace(/^<p>|<\/p>\n$/g, '')));
  assert.equal(quotes.length, FORGERIES.length);
  FORGERIES.forEach((text, i) => {
    const want = text.replace(/\r\n|\r|\n|\u2028|\u2029/g, '\n')
      .replace(/[\x00-\x08\x0b-\x1f]/g, (ch) => String.fromCodePoint(0x2400 + ch.charCodeAt(0)))
      .replace(/\x7f/g, '\u2421').replace(/[\x80-\x9f\u202a-\u202e\u2066-\u2069]/g, '\ufffd')
      .split('\n').map((l) => l.replace(/^[ \t]+|[ \t]+$/g, '')).join('\n').replace(/\n{3,}/g, '\n\n').trim();
    const got = quotes[i].split('\n').map((l) => l.replace(/^[ \t]+|[ \t]+$/g, '')).join('\n').trim();
    assert.equal(got, want, `message ${i} did not come back as sent`);
  });
});

// Who spoke (issue 15): an integration relays people; its messages' meta
// heads their turns in the Markdown (name in bold, platform, user,
// channel, locale), the open's in the header; a name made of markup
// stays text for cmark; and a turn without meta is still "You".
test('the Markdown transcript says who spoke when messages carry meta', async (t) => {
  const KEY = 'md-meta-key-0123456789abcdef';
  const d = await new Daemon(['--http-api', '1', '--api-key', `relay:${KEY}`]).start();
  t.after(() => d.stop());
  const U = `${d.url}/api/v1/conversations/slack%3AT1%3AC1%3AU1/messages`;
  const post = async (m) => {
    const r = await fetch(U, { method: 'POST', headers: { Authorization: `Bearer ${KEY}` }, body: JSON.stringify(m) });
    assert.equal(r.status, 200, await r.clone().text());
    return (await r.json()).messages;
  };
  const zoe = { platform: 'slack', user: 'U0G9QF9C6', name: 'Zoë Müller', channel: 'C0G9QF9GZ', locale: 'de-DE' };
  await post({ type: 'open', meta: zoe });
  await post({ type: 'say', text: 'I write Kubernetes operators', meta: zoe });
  await post({ type: 'say', text: 'and some CLI tools', meta: { platform: 'irc', user: 'bob', name: '**[x](javascript:y)**' } });
  await post({ type: 'say', text: 'what is Pingora?' });
  const tr = (await post({ type: 'end' })).find((m) => m.type === 'transcript');
  const md = tr.markdown;
  assert.match(md, /^- Opened by: \*\*Zoë Müller\*\* \(slack, user U0G9QF9C6, in C0G9QF9GZ, de-DE\), through relay$/m);
  assert.match(md, /^\*\*Zoë Müller\*\* \(slack, user U0G9QF9C6, in C0G9QF9GZ, de-DE; [^)]+\):\n\n> I write Kubernetes operators$/m);
  assert.match(md, /^\*\*You\*\* \([^)]+\):\n\n> what is Pingora\?$/m);
  const xml = (await run('cmark', ['--unsafe', '-t', 'xml'], { input: md })).stdout;
  for (const node of ['<link', '<image', '<html_inline', '<html_block']) assert.ok(!xml.includes(node), node);
  const strong = [...xml.matchAll(/<strong>\s*<text[^>]*>([^<]*)<\/text>\s*<\/strong>/g)].map((m) => m[1]);
  assert.ok(strong.includes('Zoë Müller'));
  assert.ok(strong.includes('**[x](javascript:y)**'), `the name with markup is text: ${strong}`);
});

// Readers of the Markdown saw "&#32;" before every indented line (the
// advisor's numbered choices, "  1. ..."): a blank opening a quoted line
// was always written as a character reference.  Up to three spaces indent
// nothing in CommonMark (4.4), so they are written as spaces; four or
// more, or a tab, would start an indented code block and keep the
// reference.  cmark still renders no code block and the same text.
test('the Markdown transcript shows indented lines with spaces, not "&#32;", where three or fewer indent them', async (t) => {
  const d = await new Daemon().start();
  t.after(() => d.stop());
  const { c, conv } = await browser(d);
  await conv.say('two:\n  two spaces\n   three spaces\n    four spaces\n\ttab');
  const tr = (await conv.send({ type: 'end' }))[0];
  c.close();
  assert.equal(tr.type, 'transcript');
  const md = tr.markdown;
  // the advisor's choices: "  1. ..." in its plain text
  assert.match(md, /^> {3}1\\\. \S/m, `the choices are indented with spaces:\n${md.slice(0, 1500)}`);
  assert.match(md, /^> {3}two spaces$/m);
  assert.match(md, /^> {4}three spaces$/m);
  assert.match(md, /^> &#32; {3}four spaces$/m, 'four spaces would be code: the first stays a reference');
  assert.match(md, /^> &#9;tab$/m, 'a tab too');
  const lines = md.split('\n').filter((l) => l.includes('&#32;'));
  assert.deepEqual(lines, ['> &#32;   four spaces'], 'no other line shows "&#32;"');
  const xml = (await run('cmark', ['--unsafe', '-t', 'xml'], { input: md })).stdout;
  assert.ok(!xml.includes('<code_block'), 'no indented code block');
  assert.ok(xml.includes('>four spaces<') || /four spaces/.test(xml));
});
