import http from 'node:http';
import { AddressInfo } from 'node:net';
import express from 'express';
import { largeRequestGate } from '../../src/server/large-request-gate';

/** A server whose handler holds each request until the test lets it go, recording who is inside. */
async function gatedServer(slots: number, minBytes: number) {
  const inside: string[] = [];
  const entered: string[] = [];
  const held = new Map<string, () => void>();
  const app = express();
  app.post('/', largeRequestGate(slots, minBytes), express.text(), async (req, res) => {
    const name = String(req.headers['x-name']);
    inside.push(name);
    entered.push(name);
    await new Promise<void>((resolve) => held.set(name, resolve));
    inside.splice(inside.indexOf(name), 1);
    res.send(`${name}:${(req.body as string).length}`);
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const post = (name: string, bytes: number, signal?: AbortSignal) =>
    fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers: { 'x-name': name, 'content-type': 'text/plain' }, body: 'x'.repeat(bytes), signal }).then((r) => r.text());
  /** A body sent in chunks, without Content-Length. */
  const stream = (name: string, bytes: number) =>
    new Promise<string>((resolve, reject) => {
      const req = http.request({ port, host: '127.0.0.1', method: 'POST', headers: { 'x-name': name, 'content-type': 'text/plain' } }, (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve(text));
      });
      req.on('error', reject);
      req.write('x'.repeat(bytes / 2));
      req.end('x'.repeat(bytes / 2));
    });
  const release = (name: string) => held.get(name)!();
  const settle = () => new Promise((resolve) => setTimeout(resolve, 100));
  const close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(resolve);
    });
  return { inside, entered, post, stream, release, settle, close };
}

describe('largeRequestGate', () => {
  it('lets at most `slots` large requests in at once, the rest in arrival order; small ones pass straight through', async () => {
    const s = await gatedServer(2, 1000);
    const answers = ['a', 'b', 'c', 'd'].map((name) => s.post(name, 5000));
    await s.settle();
    expect(s.inside.sort()).toEqual(['a', 'b']);
    const small = s.post('small', 10);
    await s.settle();
    expect(s.inside).toContain('small');
    s.release('small');
    expect(await small).toBe('small:10');

    s.release('a');
    await s.settle();
    expect(s.inside.sort()).toEqual(['b', 'c']);
    s.release('b');
    s.release('c');
    await s.settle();
    expect(s.inside).toEqual(['d']);
    s.release('d');
    expect(await Promise.all(answers)).toEqual(['a:5000', 'b:5000', 'c:5000', 'd:5000']);
    expect(s.entered.filter((n) => n !== 'small')).toEqual(['a', 'b', 'c', 'd']);
    await s.close();
  });

  it('counts a chunked body of unknown length as large', async () => {
    const s = await gatedServer(1, 1000);
    const first = s.post('first', 5000);
    await s.settle();
    const chunked = s.stream('chunked', 10);
    await s.settle();
    expect(s.inside).toEqual(['first']);
    s.release('first');
    await s.settle();
    expect(s.inside).toEqual(['chunked']);
    s.release('chunked');
    expect(await first).toBe('first:5000');
    expect(await chunked).toBe('chunked:10');
    await s.close();
  });

  it('hands on the slot of a client that left while it waited', async () => {
    const s = await gatedServer(1, 1000);
    const first = s.post('first', 5000);
    await s.settle();
    const abort = new AbortController();
    const left = s.post('left', 5000, abort.signal).catch(() => 'aborted');
    const last = s.post('last', 5000);
    await s.settle();
    abort.abort();
    expect(await left).toBe('aborted');
    await s.settle();
    s.release('first');
    await s.settle();
    expect(s.inside).toEqual(['last']);
    s.release('last');
    expect(await first).toBe('first:5000');
    expect(await last).toBe('last:5000');
    expect(s.entered).toEqual(['first', 'last']);
    await s.close();
  });
});
