import http from 'node:http';
import zlib from 'node:zlib';
import { readJsonBody } from '../../src/server/json-body';
import { openTestDatabase, TestDatabase } from '../support/database';
import { adminToken, startTestServer } from '../support/http';

/** /graphql and /graphql/session on node:http (src/server/graphql-endpoint.ts): what a client may send them, and what they answer. */
let db: TestDatabase;
let api: Awaited<ReturnType<typeof startTestServer>>;
let auth: Record<string, string>;

beforeAll(async () => {
  db = await openTestDatabase();
  api = await startTestServer(db);
  auth = { authorization: `Bearer ${await adminToken()}` };
});

afterAll(async () => {
  await api.stop();
  await db.close();
});

const TYPENAME = JSON.stringify({ query: '{ __typename }' });

/** A raw request on a connection of its own, so that the test chooses every header and byte. */
function send(path: string, options: { method?: string; headers?: Record<string, string | number>; body?: Buffer | string; chunks?: (Buffer | string)[] }) {
  const { hostname, port } = new URL(api.base);
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }>((resolve, reject) => {
    const req = http.request({ hostname, port, path, method: options.method ?? 'POST', headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    for (const chunk of options.chunks ?? []) req.write(chunk);
    req.end(options.body);
  });
}

const TYPENAME_DATA = { __typename: 'Query' };
const dataOf = (text: string) => (JSON.parse(text) as { data: unknown }).data;
const codeOf = (text: string) => (JSON.parse(text) as { errors: { extensions: { code: string; maximum?: number } }[] }).errors[0].extensions;

describe('bodies', () => {
  it('a body compressed by gzip, deflate or br is read as it would be plain', async () => {
    for (const [encoding, pack] of [['gzip', zlib.gzipSync], ['deflate', zlib.deflateSync], ['br', zlib.brotliCompressSync]] as const) {
      const answer = await send('/graphql', { headers: { ...auth, 'content-type': 'application/json', 'content-encoding': encoding }, body: pack(TYPENAME) });
      expect({ encoding, status: answer.status, data: dataOf(answer.text) }).toEqual({ encoding, status: 200, data: TYPENAME_DATA });
    }
  });

  it('another encoding or charset is 415 UNSUPPORTED_MEDIA_TYPE; UTF-8 named or not is read', async () => {
    const compress = await send('/graphql', { headers: { ...auth, 'content-type': 'application/json', 'content-encoding': 'compress' }, body: TYPENAME });
    expect([compress.status, codeOf(compress.text).code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const latin1 = await send('/graphql', { headers: { ...auth, 'content-type': 'application/json; charset=iso-8859-1' }, body: TYPENAME });
    expect([latin1.status, codeOf(latin1.text).code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const utf8 = await send('/graphql', { headers: { ...auth, 'content-type': 'Application/JSON; Charset="UTF-8"' }, body: `\ufeff${TYPENAME}` });
    expect([utf8.status, dataOf(utf8.text)]).toEqual([200, TYPENAME_DATA]);
  });

  it('a token-bearing body over 5 MB is 413, by Content-Length before it is read or as its chunks arrive, and a bomb counts inflated', async () => {
    const declared = await send('/graphql', { headers: { ...auth, 'content-type': 'application/json', 'content-length': 6 * 1024 * 1024 }, body: '' });
    expect([declared.status, codeOf(declared.text)]).toEqual([413, { code: 'PAYLOAD_TOO_LARGE', maximum: 5 * 1024 * 1024 }]);
    const chunked = await send('/graphql', { headers: { ...auth, 'content-type': 'application/json' }, chunks: ['{"query":"{ __typename }","pad":"', 'x'.repeat(3 * 1024 * 1024), 'x'.repeat(3 * 1024 * 1024)], body: '"}' });
    expect([chunked.status, codeOf(chunked.text).code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const bomb = zlib.gzipSync(`{"query":"{ __typename }","pad":"${'x'.repeat(6 * 1024 * 1024)}"}`);
    expect(bomb.length).toBeLessThan(64 * 1024);
    const inflated = await send('/graphql', { headers: { ...auth, 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: bomb });
    expect([inflated.status, codeOf(inflated.text).code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect((await api.post(TYPENAME, auth)).status).toBe(200);
  });

  it('JSON that is not an object, or a corrupt gzip stream, is 400 BAD_REQUEST', async () => {
    for (const body of ['"{ __typename }"', '42', 'null']) {
      const answer = await send('/graphql', { headers: { ...auth, 'content-type': 'application/json' }, body });
      expect({ body, status: answer.status, code: codeOf(answer.text).code }).toEqual({ body, status: 400, code: 'BAD_REQUEST' });
    }
    const corrupt = await send('/graphql', { headers: { ...auth, 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: Buffer.from('not gzip at all') });
    expect([corrupt.status, codeOf(corrupt.text).code]).toEqual([400, 'BAD_REQUEST']);
  });

  it('a body of another type reaches Apollo as no body, which refuses it as GraphQL does', async () => {
    const answer = await send('/graphql', { headers: { ...auth, 'content-type': 'text/plain' }, body: TYPENAME });
    expect(answer.status).toBe(400);
  });

  it('a client that leaves halfway through its body leaves the server answering the next', async () => {
    const { hostname, port } = new URL(api.base);
    await new Promise<void>((resolve) => {
      const req = http.request({ hostname, port, path: '/graphql', method: 'POST', headers: { ...auth, 'content-type': 'application/json', 'content-length': 1000 } });
      req.on('error', () => resolve());
      req.write('{"query":', () => setTimeout(() => req.destroy(), 50));
    });
    expect((await api.post(TYPENAME, auth)).status).toBe(200);
  });
});

describe('readJsonBody', () => {
  it('ends its read, refused, when a client leaves halfway through a compressed body', async () => {
    let settled: (outcome: string) => void;
    const outcome = new Promise<string>((resolve) => (settled = resolve));
    const server = http.createServer((req) => void readJsonBody(req, 1_000_000).then(() => settled('read'), (error) => settled(`refused ${error.status}`)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const body = zlib.gzipSync(JSON.stringify({ query: 'x'.repeat(100_000) }));
    const req = http.request({ port: (server.address() as { port: number }).port, host: '127.0.0.1', method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': body.length } });
    req.on('error', () => undefined);
    req.write(body.subarray(0, 50), () => setTimeout(() => req.destroy(), 50));
    expect(await outcome).toBe('refused 400');
    server.close();
  });
});

describe('paths and methods', () => {
  it('GET /graphql and /graphql/ with a CSRF-safe header run a query; the answer is JSON without an ETag', async () => {
    for (const path of ['/graphql', '/graphql/']) {
      const answer = await send(`${path}?query=${encodeURIComponent('{ __typename }')}`, { method: 'GET', headers: { ...auth, 'apollo-require-preflight': 'true' } });
      expect({ path, status: answer.status, data: dataOf(answer.text) }).toEqual({ path, status: 200, data: TYPENAME_DATA });
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
      expect(answer.headers.etag).toBeUndefined();
    }
  });

  it('a GET document over the limits is refused before it is parsed', async () => {
    const aliases = `{ ${Array.from({ length: 60 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    const answer = await send(`/graphql?query=${encodeURIComponent(aliases)}`, { method: 'GET', headers: { ...auth, 'apollo-require-preflight': 'true' } });
    expect([answer.status, codeOf(answer.text).code]).toEqual([400, 'QUERY_TOO_COMPLEX']);
  });

  it('/graphql/session refuses GET and any document but one session call', async () => {
    const get = await send(`/graphql/session?query=${encodeURIComponent('{ __typename }')}`, { method: 'GET', headers: { 'apollo-require-preflight': 'true' } });
    expect([get.status, codeOf(get.text).code]).toEqual([400, 'BAD_REQUEST']);
    const query = await send('/graphql/session', { headers: { 'content-type': 'application/json' }, body: TYPENAME });
    expect([query.status, codeOf(query.text).code]).toEqual([400, 'BAD_REQUEST']);
  });

  it('paths named like an object’s own properties are not endpoints', async () => {
    for (const path of ['/__proto__', '/graphql/__proto__', '/constructor', '/graphql/toString', '/graphql/session/__proto__']) {
      const answer = await send(path, { headers: { ...auth, 'content-type': 'application/json' }, body: TYPENAME });
      expect({ path, status: answer.status < 500 }).toEqual({ path, status: true });
    }
    expect((await api.post(TYPENAME, auth)).status).toBe(200);
  });
});
