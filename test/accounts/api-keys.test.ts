import pino from 'pino';
import { Role, Viewer } from '../../src/access/viewer';
import { AccountEvent } from '../../src/accounts/account-event.entity';
import { AccountAction } from '../../src/accounts/accounts.enums';
import { ApiKey } from '../../src/accounts/api-key.entity';
import { bearerAuthenticator } from '../../src/accounts/authenticate';
import { loadConfig } from '../../src/config';
import { RunningServer, startHttpServer } from '../../src/server/http-server';
import { systemClock } from '../../src/shared/clock';
import { codes, createTestApi, TEST_JWT_SECRET, testSchema } from '../support/api';
import { createUser } from '../support/account-fixtures';
import { feedClients } from '../support/feed-client';
import { openTestDatabase, TestDatabase } from '../support/database';
import { admin, creditCode, registerEnterprise, regulator } from '../support/fixtures';

let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;
let server: RunningServer;
const OWN = creditCode(1310);
const OTHER = creditCode(1311);
let owner: Viewer;
let neighbour: Viewer;
let fire: Viewer;
const inAYear = () => new Date(Date.now() + 365 * 86_400_000).toISOString();

beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db);
  await registerEnterprise(db.orm.em, 1310);
  await registerEnterprise(db.orm.em, 1311);
  const a = await createUser(db.orm.em, 'erp-admin', { role: Role.ENTERPRISE, enterprise: OWN });
  const b = await createUser(db.orm.em, 'neighbour', { role: Role.ENTERPRISE, enterprise: OTHER });
  const f = await createUser(db.orm.em, 'fire-it', { role: Role.PARTNER, department: 'FIRE_RESCUE' });
  owner = { role: Role.ENTERPRISE, subject: 'erp-admin', enterprise: OWN, user: a.id };
  neighbour = { role: Role.ENTERPRISE, subject: 'neighbour', enterprise: OTHER, user: b.id };
  fire = { role: Role.PARTNER, subject: 'fire-it', department: 'FIRE_RESCUE', mandates: [], user: f.id };
  server = await startHttpServer(
    { orm: db.orm, schema: await testSchema(), config: loadConfig({ NODE_ENV: 'production' }), logger: pino({ level: 'silent' }), clock: systemClock, jwtSecret: TEST_JWT_SECRET },
    0,
    '127.0.0.1',
  );
});
afterAll(async () => {
  await server.stop();
  await api.stop();
  await db.close();
});

const CREATE = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id name prefix enterprise department allowedRanges expiresAt lastUsedAt revokedAt } } }`;
const create = (viewer: Viewer, input: Record<string, unknown>) => api.run(CREATE, { input: { name: 'ERP 出入库接口', expiresAt: inAYear(), ...input } }, viewer);
const written = async () => ({ keys: await db.orm.em.fork().count(ApiKey, {}), events: await db.orm.em.fork().count(AccountEvent, {}) });

async function gql(key: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...headers }, body: JSON.stringify({ query, variables }) });
  return { status: response.status, body: (await response.json()) as any };
}

describe('API keys', () => {
  it('an enterprise user creates a key, shown once and kept only as its hash; it acts as the enterprise, for its own data only', async () => {
    const result = await create(owner, { allowedRanges: ['127.0.0.1', '::1'] });
    expect(result.errors).toBeUndefined();
    const { key, apiKey } = result.data!.createApiKey;
    expect(key).toMatch(/^hzk_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({ enterprise: OWN, department: null, allowedRanges: ['127.0.0.1/32', '::1/128'], prefix: key.slice(0, 12), lastUsedAt: null });
    const [row] = await db.orm.em.getConnection().execute(`select * from api_key where id = ${apiKey.id}`);
    expect(JSON.stringify(row)).not.toContain(key.slice(12));
    expect(await db.orm.em.fork().find(AccountEvent, { action: AccountAction.KEY_CREATED })).toEqual([expect.objectContaining({ userId: (owner as { user: string }).user, actor: `ENTERPRISE:${OWN}:erp-admin` })]);

    const own = await gql(key, `query($c: CreditCode!) { enterprise(creditCode: $c) { creditCode } me { loginName } }`, { c: OWN });
    expect(own.body.data).toEqual({ enterprise: { creditCode: OWN }, me: null });
    const other = await gql(key, `query($c: CreditCode!) { enterprise(creditCode: $c) { creditCode } }`, { c: OTHER });
    expect(other.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const listed = await api.run(`{ apiKeys { edges { node { id lastUsedAt lastUsedAddress } } } }`, {}, owner);
    expect(listed.data!.apiKeys.edges[0].node.lastUsedAt).not.toBeNull();
    expect(listed.data!.apiKeys.edges[0].node.lastUsedAddress).toMatch(/127\.0\.0\.1$/);
  });

  it('a key cannot manage keys or accounts: a key, a script token and a regulator are refused', async () => {
    const { key } = (await create(owner, {})).data!.createApiKey;
    const before = await written();
    const byKey = await gql(key, CREATE, { input: { name: 'k2', expiresAt: inAYear() } });
    expect(byKey.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(codes(await create({ role: Role.ENTERPRISE, subject: 'script', enterprise: OWN }, {}))).toEqual(['FORBIDDEN']);
    expect(codes(await create(regulator, {}))).toEqual(['FORBIDDEN']);
    expect(codes(await create(admin, {}))).toEqual(['FORBIDDEN']);
    expect(await written()).toEqual(before);
  });

  it.each([
    ['for another enterprise', { enterprise: OTHER }, 'FORBIDDEN', 'input.enterprise'],
    ['expiring in more than two years', { expiresAt: new Date(Date.now() + 731 * 86_400_000).toISOString() }, 'BAD_USER_INPUT', 'input.expiresAt'],
    ['already expired', { expiresAt: '2020-01-01T00:00:00Z' }, 'BAD_USER_INPUT', 'input.expiresAt'],
    ['with a range that is no range', { allowedRanges: ['10.0.0.0/8', 'intranet'] }, 'BAD_USER_INPUT', 'input.allowedRanges.1'],
    ['without a name', { name: '  ' }, 'BAD_USER_INPUT', 'input.name'],
  ])('an enterprise user creating a key %s is refused, naming the field, writing nothing', async (_n, input, code, field) => {
    const before = await written();
    const result = await create(owner, input);
    expect(codes(result)).toEqual([code]);
    expect(result.errors![0].extensions!.field).toBe(field);
    expect(await written()).toEqual(before);
  });

  it('a revoked key, a key from outside its ranges and an expired key are refused (401); revoking is for the owner', async () => {
    const { key, apiKey } = (await create(owner, {})).data!.createApiKey;
    expect((await gql(key, `{ me { loginName } }`)).status).toBe(200);
    expect(codes(await api.run(`mutation($id: ID!) { revokeApiKey(keyId: $id) { id } }`, { id: apiKey.id }, neighbour))).toEqual(['FORBIDDEN']);
    const revoked = await api.run(`mutation($id: ID!) { revokeApiKey(keyId: $id) { revokedAt } }`, { id: apiKey.id }, owner);
    expect(revoked.data!.revokeApiKey.revokedAt).not.toBeNull();
    const refused = await gql(key, `{ me { loginName } }`);
    expect([refused.status, refused.body.errors[0].extensions.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect(await db.orm.em.fork().count(AccountEvent, { action: AccountAction.KEY_REVOKED })).toBe(1);

    const fenced = (await create(owner, { allowedRanges: ['10.0.0.0/8'] })).data!.createApiKey.key;
    const outside = await gql(fenced, `{ me { loginName } }`);
    expect([outside.status, outside.body.errors[0].message]).toEqual([401, expect.stringMatching(/may not be used from .*127\.0\.0\.1/)]);

    // Over a WebSocket the key's ranges are checked against the same address as over HTTP.
    const sockets = feedClients(server.url.replace(/\/graphql$/, ''));
    try {
      const local = (await create(owner, { allowedRanges: ['127.0.0.1', '::1'] })).data!.createApiKey.key;
      expect(await sockets.take(sockets.connect(local), '{ __typename }', 1)).toEqual(['Query']);
      expect(await sockets.refusal(sockets.connect(fenced), '{ __typename }')).toBe(4403);
    } finally {
      await sockets.dispose();
    }

    const later = bearerAuthenticator(db.orm.em, TEST_JWT_SECRET, { clockSkewMs: 0 }, () => new Date(Date.now() + 366 * 86_400_000));
    const lasting = (await create(owner, {})).data!.createApiKey.key;
    await expect(later(`Bearer ${lasting}`, '127.0.0.1')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(later(`Bearer hzk_${'x'.repeat(43)}`, '127.0.0.1')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it("a partner department's user creates keys with its mandate; listings show each owner only its own keys", async () => {
    const { key } = (await create(fire, {})).data!.createApiKey;
    const read = await gql(key, `query($c: CreditCode!) { enterprise(creditCode: $c) { name warehouses { totalCount } } }`, { c: OWN });
    expect(read.body.data.enterprise.warehouses).toEqual({ totalCount: 0 });
    const outside = await gql(key, `query($c: CreditCode!) { enterprise(creditCode: $c) { products { totalCount } } }`, { c: OWN });
    expect(outside.body.errors.map((e: any) => e.extensions.field)).toEqual(['Enterprise.products']);
    const mine = await api.run(`{ apiKeys { edges { node { department enterprise } } } }`, {}, fire);
    expect(mine.data!.apiKeys.edges.map((e: any) => e.node)).toEqual([{ department: 'FIRE_RESCUE', enterprise: null }]);
    expect((await api.run(`{ apiKeys { totalCount } }`, {}, neighbour)).data!.apiKeys.totalCount).toBe(0);
    expect((await api.run(`{ apiKeys(includeRevoked: true) { totalCount } }`, {}, admin)).data!.apiKeys.totalCount).toBeGreaterThan(4);
  });
});
