import { Publisher, Subscriber } from 'zeromq';
const pub = new Publisher(); await pub.bind('tcp://127.0.0.1:0'); const ep = pub.lastEndpoint;
for (let i = 0; i < 20; i++) {
  const sub = new Subscriber({ linger: 0 });
  let hs = false;
  sub.events.on('handshake', () => { hs = true; });
  sub.events.on('disconnect', () => {});
  sub.subscribe('a'); sub.connect(ep);
  const loop = (async () => { try { for await (const m of sub) {} } catch {} })();
  await new Promise((r) => setTimeout(r, i % 2 ? 0 : 20));
  sub.close();
  await loop;
}
pub.close();
console.log('done; waiting for exit', new Date().toISOString());
process.on('exit', () => console.log('exited', new Date().toISOString()));
