import http from 'node:http';
import { mintToken } from '../../src/access/tokens';
import { Role } from '../../src/access/viewer';
import { creditCode } from '../support/fixtures';
import { openTestDatabase, TestDatabase } from '../support/database';
import { adminToken, SECRET, startTestServer } from '../support/http';
import { rowCounts } from '../support/row-counts';

/** What a caller without a token may spend, and what reaches the server before a body is read. */
let db: TestDatabase;
let api: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  db = await openTestDatabase();
  api = await startTestServer(db, { ANONYMOUS_RATE_BURST: '5', ANONYMOUS_RATE_PER_MINUTE: '1', LARGE_REQUEST_SLOTS: '1' });
});

afterAll(async () => {
  await api.stop();
  await db.close();
});

const register = JSON.stringify({
  query: `mutation($i: RegisterEnterpriseInput!) { registerEnterprise(input: $i) { creditCode } }`,
  variables: { i: { creditCode: creditCode(9), name: '企业', address: '某路', town: '某镇', enforcementLevel: 'TOWN', industry: 'OTHER', padding: 'x'.repeat(70_000) } },
});

/** A chunked request (large, for the gate) that sends its first half now and its end when `finish` is called. */
function chunkedRequest(url: string, headers: Record<string, string>) {
  const { hostname, port, pathname } = new URL(url);
  const req = http.request({ hostname, port, path: pathname, method: 'POST', headers: { 'content-type': 'application/json', ...headers } });
  const answered = new Promise<number>((resolve, reject) => {
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
  });
  const sent = new Promise<void>((resolve) => req.write('{"query":"{ __typename }",', () => resolve()));
  return { sent, answered, finish: () => req.end('"variables":{}}') };
}

describe('bodies', () => {
  it('an anonymous body over 64 KB is refused (413) before it is read; the same body with a token is read', async () => {
    const before = await rowCounts(db.orm);
    const refused = await api.post(register);
    expect(refused.status).toBe(413);
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', maximum: 65_536 });
    const read = await api.post(register, { authorization: `Bearer ${await adminToken()}` });
    expect(read.status).toBe(400);
    expect(read.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(await rowCounts(db.orm)).toEqual(before);
  });

  it('malformed JSON is a 400 with a JSON GraphQL error, not an HTML page', async () => {
    const answer = await api.post('{"query": "{ __typename }"', { authorization: `Bearer ${await adminToken()}` });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0]).toEqual({ message: 'The body is not valid JSON', extensions: { code: 'BAD_REQUEST' } });
  });

  it('an anonymous request never waits for a large-request slot', async () => {
    // The one slot is held by an authenticated body still being sent; a chunked body counts as large.
    const held = chunkedRequest(api.server.url, { authorization: `Bearer ${await adminToken()}` });
    await held.sent;
    const anonymous = chunkedRequest(api.server.url, {});
    anonymous.finish();
    expect(await anonymous.answered).toBe(200);
    held.finish();
    expect(await held.answered).toBe(200);
  });
});

describe('tokens, read before the body', () => {
  it('a bad token is 401 whatever the body holds', async () => {
    const answer = await api.post('not json', { authorization: 'Bearer nonsense' });
    expect(answer.status).toBe(401);
    expect(answer.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('a token issued beyond the clock skew in the future is refused', async () => {
    const future = await mintToken(SECRET, { role: Role.ADMIN, subject: 'a', expiresInSeconds: 3600 }, new Date(Date.now() + 86_400_000));
    const answer = await api.gql('{ __typename }', {}, future);
    expect(answer.status).toBe(401);
    expect(answer.body.errors[0].message).toContain('issued in the future');
    const slightlyAhead = await mintToken(SECRET, { role: Role.ADMIN, subject: 'a', expiresInSeconds: 3600 }, new Date(Date.now() + 60_000));
    expect((await api.gql('{ __typename }', {}, slightlyAhead)).status).toBe(200);
  });

  it('a token signed with another secret says so', async () => {
    const other = await mintToken('another-secret-another-secret-another-1', { role: Role.ADMIN, subject: 'a', expiresInSeconds: 60 });
    const answer = await api.gql('{ __typename }', {}, other);
    expect(answer.status).toBe(401);
    expect(answer.body.errors[0].message).toContain('signed with another secret');
  });
});

describe('the rate of anonymous requests', () => {
  it('past its burst an address gets RATE_LIMITED (429, Retry-After) before its body is read; token holders are not limited', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await api.post('not json')).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    const limited = await api.post(register.slice(0, 100));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(limited.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    expect((await api.gql('{ __typename }', {}, await adminToken())).status).toBe(200);
  });
});
