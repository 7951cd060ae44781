import pino from 'pino';
import { formatTraceCode } from '../../src/proof/trace-code';
import { mintToken } from '../../src/access/tokens';
import { Role } from '../../src/access/viewer';
import { loadConfig } from '../../src/config';
import { startHttpServer, RunningServer } from '../../src/server/http-server';
import { systemClock } from '../../src/shared/clock';
import { testSchema } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { creditCode, registerEnterprise, registerProduct } from '../support/fixtures';
import { EnforcementLevel } from '../../src/registry/registry.enums';

const SECRET = 'test-secret-test-secret-test-secret-0123';
let db: TestDatabase;
let server: RunningServer;
let base: string;

beforeAll(async () => {
  db = await openTestDatabase();
  const config = { ...loadConfig({ NODE_ENV: 'production', PUBLIC_BASE_URL: 'https://hazchem.example.gov.cn', MAX_QUERY_DEPTH: '6', MAX_QUERY_COST: '500' }) };
  server = await startHttpServer(
    { orm: db.orm, schema: await testSchema(), config, logger: pino({ level: 'silent' }), clock: systemClock, jwtSecret: SECRET },
    0,
    '127.0.0.1',
  );
  base = server.url.replace(/\/graphql$/, '');
  await registerEnterprise(db.orm.em, 1);
});

afterAll(async () => {
  await server.stop();
  await db.close();
});

async function gql(query: string, variables: Record<string, unknown> = {}, token?: string) {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as any };
}

describe('health', () => {
  it('/healthz answers while the process is up', async () => {
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('/readyz checks the database and that every migration is applied', async () => {
    const response = await fetch(`${base}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready' });
  });
});

describe('bearer tokens', () => {
  const q = `query($c: CreditCode!) { enterprise(creditCode: $c) { name } }`;

  it('a valid token reaches a protected field', async () => {
    const token = await mintToken(SECRET, { role: Role.REGULATOR, level: EnforcementLevel.DISTRICT, subject: 'r1', expiresInSeconds: 60 });
    const { status, body } = await gql(q, { c: creditCode(1) }, token);
    expect(status).toBe(200);
    expect(body.data.enterprise.name).toBe('企业1');
  });

  it('no token on a protected field is UNAUTHENTICATED', async () => {
    const { body } = await gql(q, { c: creditCode(1) });
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(body.data).toBeNull();
  });

  it('an expired token is UNAUTHENTICATED with 401, even on a public query', async () => {
    const token = await mintToken(SECRET, { role: Role.REGULATOR, level: EnforcementLevel.DISTRICT, subject: 'r1', expiresInSeconds: 60 }, new Date(Date.now() - 3600_000));
    const { status, body } = await gql(`{ chemical(serial: 1) { name } }`, {}, token);
    expect(status).toBe(401);
    expect(body.errors[0]).toMatchObject({ message: 'Token expired', extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('a token signed with another secret is refused', async () => {
    const token = await mintToken('another-secret-another-secret-another-1', { role: Role.ADMIN, subject: 'x', expiresInSeconds: 60 });
    const { status, body } = await gql(q, { c: creditCode(1) }, token);
    expect(status).toBe(401);
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('an enterprise token cannot read another enterprise', async () => {
    const token = await mintToken(SECRET, { role: Role.ENTERPRISE, subject: 'u', enterprise: creditCode(2), expiresInSeconds: 60 });
    const { body } = await gql(q, { c: creditCode(1) }, token);
    expect(body.errors[0].extensions.code).toBe('FORBIDDEN');
  });
});

describe('limits and errors', () => {
  it('reports the cost of an accepted query', async () => {
    const { body } = await gql(`{ chemicals(first: 5) { edges { node { name } } } }`);
    expect(body.extensions.cost).toEqual({ requested: expect.any(Number), maximum: 500 });
    expect(body.extensions.cost.requested).toBeGreaterThan(5);
  });

  it('refuses a too-costly query before running it', async () => {
    const { status, body } = await gql(`{ chemicals(first: 100) { edges { node { name aliases casNumbers variants } } } }`);
    expect(status).toBe(400);
    expect(body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', maximum: 500 });
    expect(body.data).toBeUndefined();
  });

  it('refuses a too-deep query before running it, fragments included', async () => {
    const query = `fragment P on Enterprise { parent { parent { parent { parent { parent { name } } } } } }
      query { enterprise(creditCode: "${creditCode(1)}") { ...P } }`;
    const { status, body } = await gql(query);
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('QUERY_TOO_DEEP');
  });

  it('a malformed credit code inline is BAD_USER_INPUT', async () => {
    const { body } = await gql(`{ enterprise(creditCode: "123") { name } }`);
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('sends no stack traces in production', async () => {
    const { body } = await gql(`{ enterprise(creditCode: "123") { name } }`);
    expect(JSON.stringify(body)).not.toContain('stacktrace');
  });
});

describe('the public product page', () => {
  it('a scanned QR code opens the product, its chemical and hazards, and the SVG', async () => {
    const product = await registerProduct(db.orm.em, creditCode(1), 1381);
    const html = await fetch(`${base}/p/${product.traceCode}`, { headers: { accept: 'text/html' } });
    expect(html.status).toBe(200);
    const text = await html.text();
    expect(text).toContain('氯');
    expect(text).toContain('剧毒');
    expect(text).toContain('<svg');
    const json = (await (await fetch(`${base}/p/${product.traceCode}`, { headers: { accept: 'application/json' } })).json()) as any;
    expect(json.url).toBe(`https://hazchem.example.gov.cn/p/${product.traceCode}`);
    expect(json).not.toHaveProperty('enterprise');
    const svg = await fetch(`${base}/p/${product.traceCode}/qr.svg`);
    expect(svg.headers.get('content-type')).toContain('image/svg+xml');
  });

  it('a mistyped code is 400, an unknown one 404', async () => {
    const product = await registerProduct(db.orm.em, creditCode(1), 2);
    const typo = product.traceCode.slice(0, 24) + (product.traceCode[24] === '0' ? '1' : '0');
    expect((await fetch(`${base}/p/${typo}`)).status).toBe(400);
    expect((await fetch(`${base}/p/${formatTraceCode(creditCode(1), 999999)}`)).status).toBe(404);
  });
});

describe('variables', () => {
  it('a variable of the wrong type or an unknown enum value is BAD_USER_INPUT, not an internal error', async () => {
    const token = await mintToken(SECRET, { role: Role.REGULATOR, level: EnforcementLevel.DISTRICT, subject: 'r1', expiresInSeconds: 60 });
    const badEnum = await gql(`query($l: EnforcementLevel) { enterprises(enforcementLevel: $l) { totalCount } }`, { l: 'NOPE' }, token);
    expect(badEnum.status).toBe(400);
    expect(badEnum.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const badInt = await gql(`query($f: Int) { enterprises(first: $f) { totalCount } }`, { f: 'x' }, token);
    expect(badInt.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(badInt.body.errors[0].message).toContain('$f');
  });
});

describe('the request log', () => {
  it('names a refusal by its code and logs only what is unexpected as an error', async () => {
    const lines: Record<string, any>[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const config = loadConfig({ NODE_ENV: 'production' });
    const logged = await startHttpServer({ orm: db.orm, schema: await testSchema(), config, logger, clock: systemClock, jwtSecret: SECRET }, 0, '127.0.0.1');
    try {
      const token = await mintToken(SECRET, { role: Role.REGULATOR, level: EnforcementLevel.DISTRICT, subject: 'r1', expiresInSeconds: 60 });
      const post = (query: string, variables: Record<string, unknown>) =>
        fetch(logged.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
      await post(`mutation Record($input: RecordMovementsInput!) { recordMovements(input: $input) { replayed } }`, { input: { requestId: 'r', entries: [] } });
      await post(`query Missing($c: CreditCode!) { enterprise(creditCode: $c) { name } }`, { c: 'not a code' });
      const requests = lines.filter((l) => l.msg === 'graphql request');
      expect(requests.map((l) => [l.operation, l.errors])).toEqual([
        ['Record', ['FORBIDDEN']],
        ['Missing', ['BAD_USER_INPUT']],
      ]);
      expect(lines.filter((l) => l.level >= 50)).toEqual([]);
    } finally {
      await logged.stop();
    }
  });
});
