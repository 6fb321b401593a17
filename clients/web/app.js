// SPDX-License-Identifier: ISC
// advisord web client: a chat page over the advisor.v1 WebSocket protocol.
// No framework: state in this module, DOM built by render.js, transcript
// verification in verify.js (loaded on demand, so that the chat works even
// without the bundled crypto libraries).
import {
  el, renderUser, renderNote, renderQuestion, renderAnswer, renderRecommendation,
  renderExplanation, renderSummary, renderHelp, renderNotice, renderNotUnderstood,
  renderTable, renderError, renderTranscript, renderEnded, progressText, badge, setBadge, retheme,
} from './render.js';

const STORE_KEY = 'advisord.web.v1';
const MAX_ENTRIES = 400;            // rendered messages kept for a reload
const MAX_STORE_CHARS = 1500000;    // and at most this much JSON
const MAX_TRANSCRIPT_CHARS = 600000; // a transcript bigger than this is kept without its files
const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 20000;
const SAY_MAX_BYTES = 8192;

const $ = (id) => document.getElementById(id);
const ui = {
  log: $('log'),
  scroller: $('scroller'),
  typing: $('typing'),
  typingText: $('typing-text'),
  conn: $('conn'),
  connText: $('conn-text'),
  connAction: $('conn-action'),
  progress: $('progress'),
  progressBar: $('progress-bar'),
  progressText: $('progress-text'),
  composer: $('composer'),
  msg: $('msg'),
  send: $('send'),
  end: $('btn-end'),
  kbTitle: $('kb-title'),
  decision: $('decision'),
  verifyDialog: $('verify-dialog'),
  verifyJson: $('verify-json'),
  verifySig: $('verify-sig'),
  verifyResult: $('verify-result'),
};

/* ---------- state ---------- */

const idPrefix = `w${Array.from(crypto.getRandomValues(new Uint8Array(5)), (b) => b.toString(16).padStart(2, '0')).join('')}-`;
let idCounter = 0;
const newId = () => `${idPrefix}${++idCounter}`;

const state = {
  conversation: null,
  token: null,
  lastSeq: 0,
  entries: [],          // what the log shows, to re-render after a reload
  truncated: false,     // older entries were dropped from storage
  pubkey: null,         // minisign public key file text (welcome.pubkey.minisign)
  kbTitle: null,
  subjects: {},         // subject id -> name, learnt from messages
  outcomes: {},         // outcome (verdict) id -> label
  subjectOrder: [],     // subject ids in the knowledge base's order (tones)
  outcomeOrder: [],     // outcome ids, likewise
  questions: {},        // question id -> text
};

const conn = {
  ws: null,
  ready: false,         // hello done (welcome of a new conversation, or resumed)
  helloId: null,
  resuming: false,
  attempt: 0,
  timer: null,
  countdown: null,
  blocked: false,       // moved to another tab: no automatic reconnect
  closingOnPurpose: false,
};

const turns = new Map();  // id -> { msg, sentOn } for requests waiting for done
const outbox = [];        // requests made while not connected
let pending = null;       // { msg (question), active (node), first (button) }
let restoring = false;
let turnAnchor = null;    // first element appended for the current turn
let ended = false;        // `end` answered: nothing more to say until a new conversation

/* ---------- storage ---------- */

function loadState() {
  try {
    const raw = sessionStorage.getItem(STORE_KEY);
    if (!raw) return;
    const s = JSON.parse(raw);
    if (!s || s.v !== 1) return;
    Object.assign(state, {
      conversation: s.conversation || null,
      token: s.token || null,
      lastSeq: Number.isInteger(s.lastSeq) ? s.lastSeq : 0,
      entries: Array.isArray(s.entries) ? s.entries : [],
      truncated: !!s.truncated,
      pubkey: s.pubkey || null,
      kbTitle: s.kbTitle || null,
      subjects: s.subjects || {},
      outcomes: s.outcomes || {},
      subjectOrder: Array.isArray(s.subjectOrder) ? s.subjectOrder : [],
      outcomeOrder: Array.isArray(s.outcomeOrder) ? s.outcomeOrder : [],
      questions: s.questions || {},
    });
  } catch {
    /* a damaged store is the same as none */
  }
}

let saveTimer = null;
function saveSoon() {
  if (saveTimer) return;
  saveTimer = setTimeout(saveNow, 40);
}

function saveNow() {
  clearTimeout(saveTimer);
  saveTimer = null;
  const base = {
    v: 1,
    conversation: state.conversation,
    token: state.token,
    pubkey: state.pubkey,
    kbTitle: state.kbTitle,
    subjects: state.subjects,
    outcomes: state.outcomes,
    subjectOrder: state.subjectOrder,
    outcomeOrder: state.outcomeOrder,
    questions: state.questions,
  };
  // Bound the log: drop the oldest entries until it fits.
  if (state.entries.length > MAX_ENTRIES) {
    state.entries.splice(0, state.entries.length - MAX_ENTRIES);
    state.truncated = true;
  }
  for (let attempt = 0; attempt < 6; attempt++) {
    let json = JSON.stringify({ ...base, lastSeq: state.lastSeq, truncated: state.truncated, entries: state.entries });
    while (json.length > MAX_STORE_CHARS && state.entries.length > 1) {
      state.entries.splice(0, Math.max(1, Math.floor(state.entries.length / 4)));
      state.truncated = true;
      json = JSON.stringify({ ...base, lastSeq: state.lastSeq, truncated: true, entries: state.entries });
    }
    try {
      sessionStorage.setItem(STORE_KEY, json);
      return;
    } catch {
      if (state.entries.length <= 1) break;
      state.entries.splice(0, Math.ceil(state.entries.length / 2));
      state.truncated = true;
    }
  }
  // The log does not fit at all: keep the session and ask the daemon to
  // replay everything it still has after a reload (last_seq 0).
  try {
    sessionStorage.setItem(STORE_KEY, JSON.stringify({ ...base, lastSeq: 0, truncated: true, entries: [] }));
  } catch {
    /* storage unavailable: a reload starts afresh */
  }
}

function compact(m) {
  const c = { ...m };
  if (c.type !== 'transcript') {
    if (c.type !== 'error' && c.type !== 'explanation') delete c.plain;
    return c;
  }
  const size = (c.content || '').length + (c.markdown || '').length + (c.minisig || '').length;
  if (size > MAX_TRANSCRIPT_CHARS) {
    delete c.content;
    delete c.markdown;
    delete c.minisig;
  }
  return c;
}

function record(entry) {
  if (restoring) return;
  // Only the latest transcript keeps its files across a reload.
  if (entry.k === 's' && entry.m.type === 'transcript' && entry.m.content) {
    for (const e of state.entries) {
      if (e.k === 's' && e.m && e.m.type === 'transcript') {
        delete e.m.content;
        delete e.m.minisig;
        delete e.m.markdown;
      }
    }
  }
  state.entries.push(entry);
  saveSoon();
}

/* ---------- names ---------- */

const ctx = {
  subjectName(id) {
    if (!id) return '';
    if (state.subjects[id]) return state.subjects[id];
    return id.charAt(0).toUpperCase() + id.slice(1).replace(/_/g, ' ');
  },
  outcomeName(id) {
    return (id && state.outcomes[id]) || ctx.subjectName(id);
  },
  // A colour slot (1-4, 0 for unknown) for a subject or outcome id, from
  // the knowledge base's own order: nothing here knows what it is about.
  tone(id) {
    const i = state.subjectOrder.indexOf(id);
    if (i >= 0) return (i % 4) + 1;
    const j = state.outcomeOrder.indexOf(id);
    return j >= 0 ? (j % 4) + 1 : 0;
  },
  // The subject ids whose names a text mentions, as whole words.
  subjectsNamedIn(s) {
    const t = String(s || '').toLowerCase();
    return state.subjectOrder.filter((id) => {
      const name = (state.subjects[id] || '').toLowerCase();
      if (!name) return false;
      const at = t.indexOf(name);
      if (at < 0) return false;
      const before = at === 0 ? ' ' : t[at - 1];
      const after = at + name.length >= t.length ? ' ' : t[at + name.length];
      return !/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after);
    });
  },
  questionText(id) {
    return state.questions[id] || 'this question';
  },
  // The question's text when the page has seen it, else ''.
  knownQuestionText(id) {
    return (id && state.questions[id]) || '';
  },
  pendingQuestion() {
    return pending ? pending.msg : null;
  },
  choose(q, c, button) {
    if (!pending || pending.msg.question !== q.question) {
      // A stale button (should not happen: they are removed) answers nothing.
      return;
    }
    if (button && button.getAttribute('aria-disabled') === 'true') return;
    if (hasTurnInFlight()) {
      // One answer at a time: a double click must not answer the next question.
      return;
    }
    markChoicesBusy(true);
    send({ type: 'choose', question: q.question, choice: c.id }, c.label);
  },
  command(command, extra = {}, label = null) {
    send({ type: 'command', command, ...extra }, label || COMMAND_LABELS[command] || command);
  },
  verify(content, minisig) {
    return verifyWithServerKey(content, minisig);
  },
  warn(msg) {
    console.warn(msg);
  },
};

const COMMAND_LABELS = {
  back: 'Back',
  restart: 'Restart',
  summary: 'Summary',
  help: 'Help',
  table: 'Show the comparison table',
  why: 'Why?',
  what_would_change: 'What would change it?',
  skip: 'Skip',
  unsure: 'Not sure',
  recommend: 'Recommend now',
};

function learnNames(m) {
  let changed = false;
  const put = (map, id, name) => {
    if (id && typeof name === 'string' && name && map[id] !== name) { map[id] = name; changed = true; }
  };
  if (m.type === 'recommendation') put(state.outcomes, m.verdict, m.label);
  if (m.type === 'table' && Array.isArray(m.columns)) {
    m.columns.forEach((c) => put(state.subjects, c.id, c.name));
  }
  if (m.type === 'answer' && m.chart && Array.isArray(m.chart.points)) {
    for (const p of m.chart.points) {
      if (p.subject && p.subject_name) put(state.subjects, p.subject, p.subject_name);
    }
  }
  if (m.type === 'question' && m.question && m.text) {
    if (state.questions[m.question] !== m.text) { state.questions[m.question] = m.text; changed = true; }
  }
  if (m.type === 'summary' && Array.isArray(m.answers)) {
    for (const a of m.answers) if (a.question && a.text) state.questions[a.question] = a.text;
    changed = true;
  }
  // Answers read from a description and assumptions name questions never
  // asked: their texts label the answers a recommendation's reasons rest on.
  const listed = m.type === 'notice' ? m.understood : m.type === 'recommendation' ? m.assumptions : null;
  if (Array.isArray(listed)) {
    for (const a of listed) {
      if (a && a.question && typeof a.text === 'string' && a.text && state.questions[a.question] !== a.text) {
        state.questions[a.question] = a.text;
        changed = true;
      }
    }
  }
  if (changed) saveSoon();
}

/* ---------- the log ---------- */

function nearBottom() {
  const s = ui.scroller;
  return s.scrollHeight - s.scrollTop - s.clientHeight < 80;
}

function append(node, { user = false } = {}) {
  const follow = restoring || user || nearBottom() || turnAnchor !== null;
  ui.log.append(node);
  if (user) turnAnchor = null;
  else if (!turnAnchor) turnAnchor = node;
  if (follow) scrollForTurn();
  return node;
}

function scrollForTurn() {
  const s = ui.scroller;
  const anchor = turnAnchor && turnAnchor.isConnected ? turnAnchor : null;
  if (anchor && !restoring) {
    const top = anchor.offsetTop - 8;
    const bottom = s.scrollHeight - s.clientHeight;
    s.scrollTop = Math.min(top, bottom);
  } else {
    s.scrollTop = s.scrollHeight;
  }
}

function note(text, tone = 'info', { persist = true, extra = null } = {}) {
  const node = append(renderNote(text, tone, extra));
  if (persist) record({ k: 'n', text, tone });
  return node;
}

function userBubble(text) {
  append(renderUser(text), { user: true });
  record({ k: 'u', text });
}

/* ---------- the pending question ---------- */

// Controls that answer the pending question only live as long as it does.
function dropPendingControls() {
  if (!pending) return false;
  const parts = [pending.active, ...pending.extras].filter(Boolean);
  const hadFocus = parts.some((p) => p.contains(document.activeElement));
  parts.forEach((p) => p.remove());
  return hadFocus;
}

function clearPending() {
  dropPendingControls();
  pending = null;
  updateProgress(null);
}

function setPending(q, nodes) {
  const hadFocusInside = dropPendingControls();
  pending = { msg: q, active: nodes.active, first: nodes.first, extras: [] };
  updateProgress(q);
  return hadFocusInside;
}

// The progress line: questions answered and at most how many more
// (progressText()); the bar fills with the answered share of the
// questions still relevant.
function updateProgress(q) {
  const p = q && q.progress;
  const words = p ? progressText(p) : null;
  if (words) {
    ui.progress.hidden = false;
    ui.progressBar.max = Math.max(p.of, p.step - 1);
    ui.progressBar.value = p.step - 1;
    ui.progressText.textContent = words;
  } else {
    ui.progress.hidden = true;
  }
}

function markChoicesBusy(busy) {
  if (!pending || !pending.active) return;
  for (const b of pending.active.querySelectorAll('button')) {
    if (busy) b.setAttribute('aria-disabled', 'true');
    else b.removeAttribute('aria-disabled');
  }
}

function focusLost() {
  const a = document.activeElement;
  return !a || a === document.body || !a.isConnected;
}

// Move focus to a new question's first choice, unless the user is typing
// or working elsewhere (a toolbar button, a link, a details toggle).
function focusQuestion(hadFocusInside) {
  if (!pending || !pending.first) return;
  const a = document.activeElement;
  if (a === ui.msg) return;
  if (ui.verifyDialog.open) return;
  if (hadFocusInside || focusLost()) pending.first.focus({ preventScroll: true });
}

/* ---------- rendering a server message ---------- */

function renderServer(m) {
  learnNames(m);
  switch (m.type) {
    case 'question': {
      const nodes = renderQuestion(m, ctx);
      append(nodes.node);
      const hadFocus = setPending(m, nodes);
      if (!restoring) focusQuestion(hadFocus);
      break;
    }
    case 'answer':
      append(renderAnswer(m, ctx));
      break;
    case 'recommendation': {
      const node = append(renderRecommendation(m, ctx));
      if (!m.quick) {
        const hadFocus = dropPendingControls();
        clearPending();
        ui.progress.hidden = true;
        if (!restoring && (hadFocus || focusLost())) {
          const h = node.querySelector('h2');
          if (h) h.focus({ preventScroll: true });
        }
      }
      break;
    }
    case 'explanation':
      append(renderExplanation(m, ctx));
      break;
    case 'summary':
      append(renderSummary(m, ctx));
      break;
    case 'help':
      append(renderHelp(m, ctx));
      break;
    case 'notice':
      append(renderNotice(m, ctx));
      break;
    case 'not_understood': {
      const r = renderNotUnderstood(m, ctx);
      append(r.node);
      if (r.question) {
        // The choices move down here, next to the words that missed.
        const hadFocus = setPending(r.question, r);
        if (!restoring) focusQuestion(hadFocus);
      } else if (r.active && pending) pending.extras.push(r.active);
      break;
    }
    case 'table':
      // The focus stays on the Table button; the log announces the table.
      append(renderTable(m, ctx));
      break;
    case 'transcript':
      append(renderTranscript(m, ctx));
      break;
    case 'ended':
      onEnded();
      break;
    case 'error':
      append(renderError(m, friendlyError(m)));
      break;
    case 'opened':
      break;
    default:
      if (m.plain || m.text) append(renderNote(m.plain || m.text));
  }
}

function friendlyError(m) {
  const msg = m.text || m.message || 'Something went wrong.';
  switch (m.code) {
    case 'rate_limited':
      return `You are sending messages faster than the advisor accepts them. Trying again in ${Math.ceil((m.retry_after_ms || 1000) / 1000)} s.`;
    case 'unknown_conversation':
    case 'conversation_ended':
      return 'The advisor no longer knows this conversation (it ended or expired).';
    case 'bad_token':
      return 'The saved conversation could not be resumed: its key was not accepted.';
    case 'expired':
      return 'This conversation expired after a long time without messages.';
    case 'conversation_moved':
      return 'This conversation was continued in another tab or window.';
    case 'shutting_down':
      return 'The advisor is restarting. The page reconnects by itself.';
    case 'conversation_full':
      return 'This conversation is as long as it can get. Download its transcript, then restart the page to begin a new one.';
    case 'internal':
      return `The advisor failed to handle that (${msg}).`;
    default:
      return m.seq !== undefined ? msg : `${msg} (${m.code || 'error'})`;
  }
}

/* ---------- turns and the typing indicator ---------- */

function hasTurnInFlight() {
  for (const [id] of turns) if (id !== conn.helloId) return true;
  return false;
}

function updateTyping() {
  const busy = turns.size > 0 && conn.ready;
  const helloBusy = conn.helloId && turns.has(conn.helloId);
  const show = busy || helloBusy;
  if (show && ui.typing.hidden && nearBottom()) {
    ui.typing.hidden = false;
    ui.scroller.scrollTop = ui.scroller.scrollHeight;
  }
  ui.typing.hidden = !show;
  ui.typingText.textContent = helloBusy && !conn.ready ? 'Connecting to the advisor…' : 'The advisor is answering…';
  document.body.classList.toggle('busy', !ui.typing.hidden);
  ui.log.setAttribute('aria-busy', restoring ? 'true' : 'false');
}

function turnDone(id) {
  if (!turns.delete(id)) return;
  // an `end` refused (an error, not `ended`) may be tried again
  if (!ended && ui.end.disabled && !hasTurnInFlight()) ui.end.disabled = false;
  updateTyping();
  if (!hasTurnInFlight()) markChoicesBusy(false);
}

/* ---------- sending ---------- */

function send(msg, echo) {
  if (ended) {
    // Nothing reaches an ended conversation: a stale button in the log,
    // or the composer, would start another one unseen.
    turnAnchor = null;
    note('This conversation has ended: start a new one first.', 'warn', { persist: false })
      .scrollIntoView({ block: 'nearest' });
    return false;
  }
  if (msg.type === 'say') {
    const bytes = new TextEncoder().encode(msg.text).length;
    if (bytes > SAY_MAX_BYTES) {
      // The refusal answers this click: show it, not the start of the
      // last turn (where a long answer left the view).
      turnAnchor = null;
      note(`That message is too long (${bytes} bytes; at most ${SAY_MAX_BYTES}).`, 'error', { persist: false })
        .scrollIntoView({ block: 'nearest' });
      return false;
    }
  }
  const full = { ...msg, id: msg.id || newId() };
  if (echo) userBubble(echo);
  turnAnchor = null;
  if (!conn.ready || !conn.ws || conn.ws.readyState !== WebSocket.OPEN) {
    outbox.push(full);
    note('Not connected: this will be sent when the connection is back.', 'warn', { persist: false });
    if (!conn.ws && !conn.timer && !conn.blocked) connect();
    return true;
  }
  transmit(full);
  return true;
}

function transmit(full) {
  turns.set(full.id, { msg: full });
  updateTyping();
  try {
    conn.ws.send(JSON.stringify(full));
  } catch {
    /* the close handler reconnects; the turn is resent after resume */
  }
}

function flushOutbox() {
  while (outbox.length && conn.ready) transmit(outbox.shift());
}

/* ---------- connection ---------- */

function setConn(stateName, text, action = null) {
  ui.conn.dataset.state = stateName;
  ui.connText.textContent = text;
  if (action) {
    ui.connAction.textContent = action.label;
    ui.connAction.onclick = action.run;
    ui.connAction.hidden = false;
  } else {
    ui.connAction.hidden = true;
    ui.connAction.onclick = null;
  }
}

function wsUrl() {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws`;
}

function connect() {
  clearTimeout(conn.timer);
  clearInterval(conn.countdown);
  conn.timer = null;
  conn.blocked = false;
  conn.ready = false;
  setConn('connecting', conn.attempt ? 'Reconnecting…' : 'Connecting…');
  let ws;
  try {
    ws = new WebSocket(wsUrl(), 'advisor.v1');
  } catch {
    scheduleReconnect();
    return;
  }
  conn.ws = ws;
  ws.onopen = () => {
    if (conn.ws !== ws) return;
    sendHello(true);
  };
  ws.onmessage = (ev) => {
    if (conn.ws !== ws) return;
    let m;
    try {
      m = JSON.parse(ev.data);
    } catch {
      console.warn('advisord sent something that is not JSON');
      return;
    }
    if (m && typeof m === 'object') handle(m);
  };
  ws.onclose = (ev) => {
    if (conn.ws !== ws) return;
    conn.ws = null;
    conn.ready = false;
    updateTyping();
    if (conn.closingOnPurpose) { conn.closingOnPurpose = false; return; }
    if (ev.code === 4001 || conn.blocked) {
      conn.blocked = true;
      setConn('offline', 'Paused: this conversation is open in another tab.', { label: 'Continue here', run: () => { conn.attempt = 0; connect(); } });
      return;
    }
    scheduleReconnect();
  };
  ws.onerror = () => { /* a close event follows */ };
}

function scheduleReconnect() {
  if (conn.timer || conn.blocked) return;
  const exp = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** conn.attempt);
  const delay = Math.round(exp / 2 + Math.random() * (exp / 2)); // jitter: half to all of it
  conn.attempt += 1;
  const due = Date.now() + delay;
  const show = () => {
    const s = Math.max(0, Math.ceil((due - Date.now()) / 1000));
    setConn('offline', s > 0 ? `Connection lost. Reconnecting in ${s} s…` : 'Connection lost. Reconnecting…',
      { label: 'Reconnect now', run: () => { conn.attempt = Math.max(0, conn.attempt - 1); connect(); } });
  };
  show();
  conn.countdown = setInterval(show, 1000);
  conn.timer = setTimeout(() => {
    clearInterval(conn.countdown);
    conn.timer = null;
    connect();
  }, delay);
}

function sendHello(allowResume) {
  const hello = { type: 'hello', id: newId(), protocol: 'advisor.v1', client: 'advisord-web/1.0' };
  conn.resuming = !!(allowResume && state.conversation && state.token);
  if (conn.resuming) {
    hello.resume = { conversation: state.conversation, token: state.token, last_seq: state.lastSeq };
  }
  conn.helloId = hello.id;
  turns.set(hello.id, { msg: hello });
  updateTyping();
  conn.ws.send(JSON.stringify(hello));
}

function becomeReady() {
  conn.ready = true;
  conn.attempt = 0;
  setConn('online', 'Connected');
  updateTyping();
}

// A resume that failed: forget the conversation and start a new one.
function startOver(reason) {
  const hadConversation = !!state.conversation;
  state.conversation = null;
  state.token = null;
  state.lastSeq = 0;
  clearPending();
  // Requests for the old conversation are meaningless in a new one.
  for (const [id] of turns) if (id !== conn.helloId) turns.delete(id);
  const dropped = outbox.splice(0).length;
  if (hadConversation) {
    note(`${reason} A new conversation starts here.${dropped ? ' Your unsent message was dropped.' : ''}`, 'warn');
  }
  saveSoon();
  if (conn.ws && conn.ws.readyState === WebSocket.OPEN) sendHello(false);
}

function handle(m) {
  // Messages of the conversation: skip what was already rendered.
  if (m.seq !== undefined && m.conversation && m.conversation === state.conversation) {
    if (m.seq <= state.lastSeq) {
      if (m.done && m.re) turnDone(m.re);
      return;
    }
    state.lastSeq = m.seq;
  }
  switch (m.type) {
    case 'welcome':
      onWelcome(m);
      break;
    case 'resumed':
      onResumed(m);
      break;
    case 'error':
      onError(m);
      break;
    default:
      renderServer(m);
      if (m.seq !== undefined && m.type !== 'ended') record({ k: 's', m: compact(m) });
      if (m.type === 'ended') {
        state.conversation = null;
        state.token = null;
        state.lastSeq = 0;
      }
      saveSoon();
  }
  // The end of a turn is a good moment to be sure it is all saved.
  if (m.done) saveNow();
  if (m.done && m.re) turnDone(m.re);
  else if (m.done && !m.re && m.type === 'error') updateTyping();
}

// The heading names the choice, from the knowledge base's subjects: "Rust
// or Go?", "Bike or Bus?".  A subject whose name names two others ("Rust
// and Go") is a combination, not an option.
function showDecision() {
  const options = state.subjectOrder.filter((id) => ctx.subjectsNamedIn(state.subjects[id]).length < 3)
    .map((id) => state.subjects[id]).filter(Boolean);
  if (options.length < 2) return;
  const q = `${options.slice(0, -1).join(', ')} or ${options.at(-1)}?`;
  ui.decision.textContent = q;
  document.title = `${q} · advisord`;
}

function onWelcome(m) {
  if (m.pubkey && m.pubkey.minisign) state.pubkey = m.pubkey.minisign;
  if (m.kb && m.kb.title) {
    state.kbTitle = m.kb.title;
    ui.kbTitle.textContent = m.kb.title;
  }
  if (m.kb && Array.isArray(m.kb.subjects)) {
    state.subjectOrder = m.kb.subjects.map((x) => x && x.id).filter((x) => typeof x === 'string');
    for (const x of m.kb.subjects) if (x && x.id && x.name) state.subjects[x.id] = x.name;
  }
  if (m.kb && Array.isArray(m.kb.outcomes)) {
    state.outcomeOrder = m.kb.outcomes.map((x) => x && x.id).filter((x) => typeof x === 'string');
    for (const x of m.kb.outcomes) if (x && x.id && x.label) state.outcomes[x.id] = x.label;
  }
  showDecision();
  if (m.conversation && m.token) {
    // A new conversation (or the same one, after a second hello).
    state.conversation = m.conversation;
    state.token = m.token;
    state.lastSeq = 0;
    becomeReady();
    flushOutbox();
  }
  saveSoon();
}

function onResumed(m) {
  if (m.token) state.token = m.token;
  if (Number.isInteger(m.last_seq) && m.last_seq < state.lastSeq) state.lastSeq = m.last_seq;
  becomeReady();
  // Requests sent on the lost connection whose answers were not replayed
  // never reached the advisor: send them again.
  const lost = [];
  for (const [id, t] of turns) if (id !== conn.helloId && id !== m.re) lost.push(t.msg);
  for (const msg of lost) turns.delete(msg.id);
  saveSoon();
  for (const msg of lost) transmit(msg);
  flushOutbox();
  if (!hasTurnInFlight()) markChoicesBusy(false);
  if (pending && !lost.length) focusQuestion(false);
}

const RESUME_FAILURES = {
  unknown_conversation: 'Your earlier conversation could not be continued: the advisor no longer has it (it ended or expired).',
  bad_token: 'Your earlier conversation could not be continued: its key was not accepted.',
  expired: 'Your earlier conversation expired.',
  too_many_conversations: 'Your earlier conversation could not be continued: the advisor is full right now.',
};

function onError(m) {
  const isEngine = m.seq !== undefined;
  if (isEngine) {
    renderServer(m);
    record({ k: 's', m: compact(m) });
    saveSoon();
    return;
  }
  if (m.re && m.re === conn.helloId && conn.resuming && RESUME_FAILURES[m.code]) {
    conn.resuming = false;
    turns.delete(m.re);
    startOver(RESUME_FAILURES[m.code]);
    return;
  }
  switch (m.code) {
    case 'replay_gap':
      note(`Some earlier messages are no longer kept by the advisor (from message ${m.first_seq} on, everything is here).`, 'warn');
      return;
    case 'conversation_moved':
      conn.blocked = true;
      note(friendlyError(m), 'warn', { persist: false });
      return;
    case 'expired':
      if (!m.conversation || m.conversation === state.conversation) {
        startOver('This conversation expired after a long time without messages.');
      }
      return;
    case 'unknown_conversation':
    case 'conversation_ended':
      if (m.re && turns.has(m.re)) turns.delete(m.re);
      startOver('The advisor no longer has this conversation (it ended or expired).');
      return;
    case 'rate_limited': {
      const t = m.re ? turns.get(m.re) : null;
      note(friendlyError(m), 'warn', { persist: false });
      if (t) {
        turns.delete(m.re);
        setTimeout(() => {
          if (conn.ready && conn.ws && conn.ws.readyState === WebSocket.OPEN) transmit(t.msg);
          else outbox.push(t.msg);
        }, Math.max(100, Number(m.retry_after_ms) || 1000));
      }
      return;
    }
    default:
      note(friendlyError(m), 'error', { persist: false });
      if (m.re) turnDone(m.re);
      if (m.re && m.re === conn.helloId && !conn.ready) {
        setConn('offline', 'The advisor refused the connection.', { label: 'Try again', run: () => { conn.attempt = 0; reconnectNow(); } });
      }
  }
}

function reconnectNow() {
  if (conn.ws) {
    conn.closingOnPurpose = true;
    try { conn.ws.close(); } catch { /* already closed */ }
    conn.ws = null;
  }
  connect();
}

/* ---------- transcripts ---------- */

let verifier = null;
function loadVerifier() {
  if (!verifier) verifier = import('./verify.js');
  return verifier;
}

async function serverKey() {
  if (state.pubkey) return state.pubkey;
  const r = await fetch('pubkey', { cache: 'no-store' });
  if (!r.ok) throw new Error(`the server has no public key (HTTP ${r.status})`);
  state.pubkey = await r.text();
  return state.pubkey;
}

async function verifyWithServerKey(content, minisig) {
  try {
    const [{ verifyTranscript }, key] = await Promise.all([loadVerifier(), serverKey()]);
    return verifyTranscript(content, minisig, key);
  } catch (e) {
    return { ok: false, reason: `it could not be checked here (${e && e.message ? e.message : e})` };
  }
}

function requestTranscript() {
  send({ type: 'transcript' }, 'Download the transcript');
}

/* ---------- ending and starting again ---------- */

// The End button: `end` gets the final transcript (status complete), then
// `ended`.  Once sent it cannot be sent twice.
function requestEnd() {
  if (ended || ui.end.disabled) return;
  if (send({ type: 'end' }, 'End the conversation')) ui.end.disabled = true;
}

// Controls that speak to the conversation, off once it has ended.
function setEnded(on) {
  ended = on;
  for (const b of document.querySelectorAll('[data-command], #btn-transcript, #btn-end')) b.disabled = on;
  ui.msg.disabled = on;
  ui.send.disabled = on;
  ui.msg.placeholder = on ? 'This conversation has ended' : 'Type an answer or a question…';
  document.body.classList.toggle('ended', on);
}

// `ended`: the conversation is gone (its transcript came just before);
// say so where the user is, and offer a new one.
function onEnded() {
  // the question still pending loses its choices: say it went unanswered,
  // so that it does not read as the page's last, open question
  const open = pending && pending.active ? pending.active.closest('.msg') : null;
  const hadFocus = dropPendingControls();
  if (open) open.append(el('p', { class: 'q-step unanswered', text: 'Not answered: the conversation ended.' }));
  clearPending();
  setEnded(true);
  const node = append(renderEnded(startNewConversation));
  if (!restoring) {
    const a = document.activeElement;
    if (hadFocus || focusLost() || a === ui.end || a === ui.msg || a === ui.send) {
      node.querySelector('h2').focus({ preventScroll: true });
    }
  }
}

// A new conversation on the same connection: a clean page, then hello.
function startNewConversation() {
  setEnded(false);
  state.conversation = null;
  state.token = null;
  state.lastSeq = 0;
  state.entries = [];
  state.truncated = false;
  ui.log.replaceChildren();
  turnAnchor = null;
  // The button that had the focus is gone: the new first question takes it.
  saveNow();
  if (conn.ws && conn.ws.readyState === WebSocket.OPEN) {
    conn.ready = false;
    sendHello(false);
  } else {
    reconnectNow();
  }
}

/* ---------- verify a file ---------- */

function openVerify() {
  ui.verifyResult.replaceChildren();
  if (typeof ui.verifyDialog.showModal === 'function') ui.verifyDialog.showModal();
  else ui.verifyDialog.setAttribute('open', '');
  ui.verifyJson.focus();
}

function closeVerify() {
  if (typeof ui.verifyDialog.close === 'function') ui.verifyDialog.close();
  else ui.verifyDialog.removeAttribute('open');
  $('btn-verify').focus();
}

async function runVerify() {
  const jsonFile = ui.verifyJson.files && ui.verifyJson.files[0];
  const sigFile = ui.verifySig.files && ui.verifySig.files[0];
  if (!jsonFile || !sigFile) {
    ui.verifyResult.replaceChildren(badge('bad', 'Choose both files: the transcript (.json) and its signature (.minisig).'));
    return;
  }
  const b = badge('pending');
  ui.verifyResult.replaceChildren(b);
  try {
    const [bytes, sig] = await Promise.all([jsonFile.arrayBuffer(), sigFile.text()]);
    const r = await verifyWithServerKey(new Uint8Array(bytes), sig);
    if (r.ok) setBadge(b, 'ok', `${jsonFile.name}: signed by key ${r.keyId}; ${r.records} records, hash chain intact; conversation ${r.conversation}, status ${r.status}.`);
    else setBadge(b, 'bad', `${jsonFile.name}: ${r.reason}`);
  } catch (e) {
    setBadge(b, 'bad', `The files could not be read (${e && e.message ? e.message : e}).`);
  }
}

/* ---------- composer ---------- */

// Control characters (a NUL, an escape sequence pasted from a terminal)
// are invisible in the bubble and mean nothing to the advisor; a NUL
// would even make the daemon refuse the whole message as bad JSON, with
// no id to end the turn by.  Tabs and newlines stay.
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

function submitText() {
  const text = ui.msg.value.replace(CONTROL_CHARS, '').trim();
  // Only zero-width characters would send an empty-looking bubble.
  if (!text.replace(/[\u200B-\u200D\u2060\uFEFF]/g, '').trim()) return;
  if (send({ type: 'say', text }, text)) {
    ui.msg.value = '';
    autoGrow();
  }
}

function autoGrow() {
  if (!ui.msg.value) {
    ui.msg.style.height = '';
    return;
  }
  ui.msg.style.height = 'auto';
  ui.msg.style.height = `${Math.min(ui.msg.scrollHeight + 2, 160)}px`;
}

/* ---------- start ---------- */

function restore() {
  if (!state.entries.length) return;
  restoring = true;
  // Messages shown again after a reload were announced when they came:
  // the log is silent while they go back in, and speaks again once the
  // browser has taken them in (a later task, not this one).
  ui.log.setAttribute('aria-live', 'off');
  updateTyping();
  if (state.truncated) ui.log.append(renderNote('Earlier messages of this conversation are not shown.', 'info'));
  for (const e of state.entries) {
    try {
      if (e.k === 'u') append(renderUser(e.text), { user: true });
      else if (e.k === 'n') append(renderNote(e.text, e.tone));
      else if (e.k === 's' && e.m) {
        if (e.m.type === 'error') append(renderError(e.m, friendlyError(e.m)));
        else renderServer(e.m);
      }
    } catch (err) {
      console.warn('could not re-render a saved message', err);
    }
  }
  restoring = false;
  turnAnchor = null;
  ui.scroller.scrollTop = ui.scroller.scrollHeight;
  updateTyping();
  requestAnimationFrame(() => setTimeout(() => ui.log.setAttribute('aria-live', 'polite'), 0));
}

function init() {
  loadState();
  if (state.kbTitle) ui.kbTitle.textContent = state.kbTitle;
  showDecision();
  restore();

  for (const b of document.querySelectorAll('[data-command]')) {
    b.addEventListener('click', () => ctx.command(b.dataset.command));
  }
  $('btn-transcript').addEventListener('click', requestTranscript);
  ui.end.addEventListener('click', requestEnd);
  $('btn-verify').addEventListener('click', openVerify);
  $('verify-close').addEventListener('click', closeVerify);
  $('verify-run').addEventListener('click', runVerify);
  // A result speaks of the files it checked: choosing another file takes
  // it away (and a check still running then lands on a detached badge).
  for (const input of [ui.verifyJson, ui.verifySig]) input.addEventListener('change', () => ui.verifyResult.replaceChildren());
  ui.verifyDialog.addEventListener('close', () => { $('btn-verify').focus(); });

  ui.composer.addEventListener('submit', (ev) => {
    ev.preventDefault();
    submitText();
  });
  ui.msg.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      submitText();
    }
  });
  ui.msg.addEventListener('input', autoGrow);
  // Type to talk: a character typed while the focus is anywhere but a
  // field (a new question puts it on its first choice) goes to the message
  // box. Otherwise the spaces and the Enter of a sentence each press the
  // focused choice: one answer the user never saw per keystroke (n28).
  // Tab, Space and Enter still work the choices from the keyboard.
  document.addEventListener('keydown', (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.isComposing) return;
    if (ev.key.length !== 1 || ev.key === ' ') return;
    if (ui.msg.disabled || ui.verifyDialog.open) return;
    const a = document.activeElement;
    if (a && (a === ui.msg || a.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(a.tagName))) return;
    ui.msg.focus({ preventScroll: true });
  });

  const scheme = window.matchMedia('(prefers-color-scheme: dark)');
  const onScheme = () => retheme();
  if (scheme.addEventListener) scheme.addEventListener('change', onScheme);

  window.addEventListener('pagehide', saveNow);
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') saveNow(); });
  window.addEventListener('online', () => {
    if (!conn.ws && !conn.blocked) { conn.attempt = 0; connect(); }
  });

  connect();
}

init();
