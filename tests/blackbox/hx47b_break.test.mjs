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
// 3. Low: "kubernetes integration is far from irrelevant" is still read
//    as a dismissal (no list says "far from" turns what follows; it
//    needs KB data and an eval set).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Daemon, browser } from './lib.mjs';

const bin = process.env.B ? { binary: `${process.env.B}/advisord` } : {};

async function daemon(t) {
  const d = await new Daemon(['--sync', 'off', '--rate-conversation', '100', '--rate-conversation-burst', '100'], {}, bin).start();
  t.after(() => d.stop());
  return d;
}

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
