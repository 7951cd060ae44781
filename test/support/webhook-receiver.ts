import http from 'node:http';
import { AddressInfo } from 'node:net';

/** One POST a receiver accepted: the Standard Webhooks headers and the raw body. */
export interface Received {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
}

/**
 * A real local HTTP receiver for webhook tests: records what it accepts (204),
 * answers 503 to the next `failing` posts, and answers after `delayMs()`.
 */
export async function startWebhookReceiver(delayMs: () => number = () => 0) {
  const got: Received[] = [];
  const state = { failing: 0 };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (state.failing > 0) {
        state.failing--;
        res.writeHead(503).end();
        return;
      }
      got.push({ id: String(req.headers['webhook-id']), timestamp: String(req.headers['webhook-timestamp']), signature: String(req.headers['webhook-signature']), body });
      setTimeout(() => res.writeHead(204).end(), delayMs());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    got,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
