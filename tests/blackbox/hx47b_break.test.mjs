// SPDX-License-Identifier: ISC
// Hostile review hx47b of round 47's merged changes (413473db..043ba533):
// match_dismissed()/match_past_heads() (phrases.reading.dismissals),
// situation_refs as glue, understand_unmarked_asks(),
// understand_comma_choice(), ask_measure_row(), ask_unheld_term(),
// ask_names_topic(), understand_unknown_doer_within(),
// understand_unknown_owner(), match_phrase's TEXT_BRK_DASH, and pf47's
// speedups, through the daemon (WebSocket).  Each daemon listens on a
// free 127.0.0.1 port and is stopped by its PID.
//
// Findings (severity, reproduction, state):
// 1. High, fixed: a walk answer the user never gave was recorded.  "we
//    run everything on kubernetes and latency is irrelevant" and "we
//    deploy on kubernetes and cost is irrelevant, go or rust?" were
//    understood as "Kubernetes, Docker or Terraform: no" (and weighed):
//    match_past_heads() let any "and" + content word join the phrase
//    before it to a dismissal ("terraform and k8s tooling is a
//    non-issue"), so what was said of latency or cost alone refused
//    kubernetes.  The join is now taken only when the phrase opens its
//    clause (stopwords and fillers before it) and what follows is said
//    of both: a negation head after the joined word ("k8s tooling") or
//    a verb of the new phrases.reading.plural_verbs ("containers and
//    helm are unimportant").  Test: 'a dismissal of one thing does not
//    refuse the thing the user runs on'.
// 2. Medium, fixed: "k8s integration is anything but irrelevant for
//    us" was read as cloud_native=no (the opposite): match_dismissed()
//    looked past "but".  A clause_breaks word now stops the look as a
//    negation does.  Same test.
// Found, not fixed:
// 3. Medium (an API key holder's, not round 47's): over the HTTP API,
//    30 says of about 8 KB each in conversation 'a' (interleaved with
//    30 in 'b'; each answered in 2-23 ms), then {"type":"end"} on 'a':
//    the log says "end (ended by the user, 102 messages)" but no answer
//    comes within 300 s, and all that time the event loop spins at
//    60-90% CPU: epoll_wait(.., 0) returns EPOLLOUT on one socket ~9000
//    times a second, the worker idle but for an eventfd tick about once
//    a second; httpapi_ready() is not called during the spin (a gdb
//    breakpoint there never hit).  Same with --sync on.  15 says of 8 KB
//    end in 48 ms; over WebSocket the same 30 end in 25 ms.  Not traced
//    further for lack of time (the HTTP answer holds the whole
//    transcript: a bound on a reply's size?); the spin slows every
//    other session of the daemon while it lasts.  Fixed by ht47c: the
//    transcript took the request's queue past half of max_output_bytes,
//    conn_rx_sync() stopped lws reading the HTTP/1 wsi, and lws 4.1.6
//    serves no POLLOUT to a flow-controlled HTTP/1 wsi; an HTTP
//    request's connection is no longer flow-controlled
//    (ht47c_http_end.test.mjs).
// 4. Low: "kubernetes integration is far from irrelevant" is still read
//    as a dismissal (no list says "far from" turns what follows; it
//    needs KB data and an eval set).
// 5. Low (older than round 47): "not sure about kubernetes, rust or go"
//    records cloud_native=no (the negation reach of match_phrase()).
// Tried without finding a defect (release and ASan/UBSan daemon, make
// -j1 SANITIZE=1; 2 cores shared by 8 helpers):
// 116 messages over WebSocket, each fresh, after a told work and after
// 'which is faster for a web backend?' (348 turns): 45 edge messages (a
// U+2019 or ASCII apostrophe alone, at the end, before 's' of one letter
// ("a's", "x’s", "'s"), a lone 0xe2 byte after a word, '-' and
// U+2014 at the start and end, 200-digit numbers, "0." and 198 zeros,
// only dismissal words, "moot" x300, "kubernetes and" + " and" x100,
// "which language does", ", rust or go", "how much,", "so now", every
// situation_ref in a row), 40 random 8 KB mixes of the round's phrases
// (dismissals, joins, comma choices, unknown doers and owners, unheld
// terms, 'and cloudflare?', 'ok how much quicker', dashes, 'but') and
// 31 phrases each repeated to 8 KB: no error reply, no sanitizer
// report, slowest 409 ms under ASan; the same 116 through the HTTP API
// (api_key) into two conversations interleaved: 232 turns all 200, no
// error (then finding 3).  Read and found sound: understand_unknown_
// owner()'s bounds (i + 2 < len before the 3-byte compare, the owner
// bounded by TEXT_TOKEN_MAX), tokenize()'s dash test (i > 0, i + 2 <
// len), text_is_number()'s one pass, match_in_list()/text_has_word()
// in-place compares (an entry's NUL stops a shorter one; len 0 as
// before), match_topics_said()'s bound (qi < 32 for a uint32_t),
// match_next_keyed()'s three ranges, ask_names_topic()'s static query
// (the engine runs on the loop thread only; the worker runs store
// jobs), understand_unmarked_asks()' squashed copy (kb_squash bounded
// by its size).  Wrong readings checked and sound: 'for our team'
// glue, 'which language does dropbox use', "lyft's" owners, "let's",
// "it's", "backend's in node" (read as the user's work, as before).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browser, probeDaemon as daemon } from './lib.mjs';

// the recorded answer to question qid after saying text in a new
// conversation, or null
async function answerAfter(d, text, qid) {
  const { c, conv } = await browser(d);
  try {
    await conv.say(text);
    const sum = (await conv.command('summary')).find((m) => m.type === 'summary');
    return sum.answers.find((a) => a.question === qid)?.choice ?? null;
  } finally { c.close(); }
}

test('a dismissal of one thing does not refuse the thing the user runs on', async (t) => {
  const d = await daemon(t);
  for (const text of [
    'we run everything on kubernetes and latency is irrelevant',
    'we deploy on kubernetes and cost is irrelevant, go or rust?',
    'k8s integration is anything but irrelevant for us',
  ]) assert.notEqual(await answerAfter(d, text, 'cloud_native'), 'no', text);
  // what is dismissed itself is still refused, joined or not
  for (const text of [
    'kubernetes integration is irrelevant for us',
    'terraform and k8s tooling is a non-issue here',
    'containers and helm are unimportant here tbh',
    'tbh terraform and docker are irrelevant',
  ]) assert.equal(await answerAfter(d, text, 'cloud_native'), 'no', text);
});
