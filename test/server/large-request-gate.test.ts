import http from 'node:http';
import { AddressInfo } from 'node:net';
import express from 'express';
import { largeRequestGate } from '../../src/server/large-request-gate';

/** Resolves once `condition` holds: the test waits for what happened, never for a fixed time. */
async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${condition}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * A server whose handler holds each request until the test lets it go. It records who arrived at
 * the gate, whom the gate let through (synchronously, as it decides), who is inside the handler
 * and whose connection is gone.
 */
async function gatedServer(slots: number, minBytes: number) {
  const arrived: string[] = [];
  const gone: string[] = [];
  const admitted: string[] = [];
  const inside: string[] = [];
  const entered: string[] = [];
  const held = new Map<string, () => void>();
  const gate = largeRequestGate(slots, minBytes);
  const app = express();
  const nameOf = (req: express.Request) => String(req.headers['x-name']);
  const observedGate: express.RequestHandler = (req, res, next) => {
    arrived.push(nameOf(req));
    res.once('close', () => gone.push(nameOf(req)));
    gate(req, res, (error?: unknown) => {
      admitted.push(nameOf(req));
      next(error);
    });
  };
  app.post('/', observedGate, express.text(), async (req, res) => {
    const name = nameOf(req);
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
  const close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(resolve);
    });
  return { arrived, gone, admitted, inside, entered, post, stream, release, close };
}

describe('largeRequestGate', () => {
  it('lets at most `slots` large requests in at once, the rest in arrival order; small ones pass straight through', async () => {
    const s = await gatedServer(2, 1000);
    const answers: Promise<string>[] = [];
    for (const name of ['a', 'b', 'c', 'd']) {
      answers.push(s.post(name, 5000));
      await until(() => s.arrived.includes(name));
    }
    await until(() => s.inside.length === 2);
    expect(s.admitted).toEqual(['a', 'b']);
    const small = s.post('small', 10);
    await until(() => s.inside.includes('small'));
    s.release('small');
    expect(await small).toBe('small:10');

    s.release('a');
    await until(() => s.inside.includes('c'));
    expect(s.inside.sort()).toEqual(['b', 'c']);
    s.release('b');
    s.release('c');
    await until(() => s.inside.includes('d'));
    expect(s.inside).toEqual(['d']);
    s.release('d');
    expect(await Promise.all(answers)).toEqual(['a:5000', 'b:5000', 'c:5000', 'd:5000']);
    expect(s.entered.filter((n) => n !== 'small')).toEqual(['a', 'b', 'c', 'd']);
    await s.close();
  });

  it('counts a chunked body of unknown length as large', async () => {
    const s = await gatedServer(1, 1000);
    const first = s.post('first', 5000);
    await until(() => s.inside.includes('first'));
    const chunked = s.stream('chunked', 10);
    await until(() => s.arrived.includes('chunked'));
    expect(s.admitted).toEqual(['first']);
    s.release('first');
    await until(() => s.inside.includes('chunked'));
    expect(s.inside).toEqual(['chunked']);
    s.release('chunked');
    expect(await first).toBe('first:5000');
    expect(await chunked).toBe('chunked:10');
    await s.close();
  });

  it('hands on the slot of a client that left while it waited', async () => {
    const s = await gatedServer(1, 1000);
    const first = s.post('first', 5000);
    await until(() => s.inside.includes('first'));
    const abort = new AbortController();
    const left = s.post('left', 5000, abort.signal).catch(() => 'aborted');
    await until(() => s.arrived.includes('left'));
    const last = s.post('last', 5000);
    await until(() => s.arrived.includes('last'));
    abort.abort();
    expect(await left).toBe('aborted');
    await until(() => s.gone.includes('left'));
    s.release('first');
    await until(() => s.inside.includes('last'));
    expect(s.inside).toEqual(['last']);
    s.release('last');
    expect(await first).toBe('first:5000');
    expect(await last).toBe('last:5000');
    expect(s.entered).toEqual(['first', 'last']);
    await s.close();
  });
});
