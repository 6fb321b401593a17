import WebSocket from 'ws';
const says = process.argv.slice(2);
const ws = new WebSocket('ws://127.0.0.1:38145/ws', { headers: { Origin: 'http://127.0.0.1:38145' } });
let n = 0;
ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', protocol: 'advisor.v1', client: 'pb45/1', id: 'h' })));
let pending = 0;
ws.on('message', (m) => {
  const o = JSON.parse(m.toString());
  const brief = { type: o.type, event: o.event, question: o.question, verdict: o.verdict, covered: o.covered, understood: o.understood, citations: o.citations?.map(c => c.claim), text: (o.text||'').slice(0,100) };
  console.log(JSON.stringify(brief));
  if (o.type === 'question' || (o.type==='answer' && false)) {}
});
setTimeout(async () => {
  for (const s of says) { console.log('>>> ' + s); ws.send(JSON.stringify({ type: 'say', text: s, id: 's' + (++n) })); await new Promise(r => setTimeout(r, 700)); }
  ws.close();
}, 500);
