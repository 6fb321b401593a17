// temp probe (not committed)
import { Daemon, connect } from '../blackbox/lib.mjs';
const d = await new Daemon().start();
const convs = JSON.parse(process.argv[2]);
try {
  for (const steps of convs) {
    const c = await connect(d.wsUrl); let n = 0;
    const send = (m) => { const id = `p${++n}`; c.send({ ...m, id }); return c.turn(id, 10000); };
    await send({ type: 'hello', protocol: 'advisor.v1', client: 'eval/1' });
    console.log('=====');
    for (const s of steps) {
      const t = s.startsWith('/') ? await send({ type: 'command', command: s.slice(1) }) : await send({ type: 'say', text: s });
      console.log('>>', s);
      for (const m of t) {
        let x = `  [${m.type}${m.event ? ':' + m.event : ''}${m.question ? ' q=' + m.question : ''}${m.verdict ? ' v=' + m.verdict : ''}${m.topic ? ' t=' + m.topic : ''}]`;
        if (m.understood) x += ' ' + JSON.stringify(m.understood);
        if (m.type === 'summary') x += ' ' + JSON.stringify((m.answers||[]).map(a => a.question + '=' + a.choice));
        if (m.citations) x += ' cites=' + m.citations.map(c => c.claim).join(',');
        if (m.type !== 'question' && m.type !== 'summary') x += ' ' + (m.plain ?? '').slice(0, 300).replace(/\n/g, ' | ');
        console.log(x);
      }
    }
    c.close();
  }
} finally { await d.stop(); }
