/**
 * A REGULATOR token naming no level (minted before levels existed, so bounded by no jurisdiction) is refused:
 * UNAUTHENTICATED (401) saying to re-issue it, and nothing read. ALLOW_LEVELLESS_REGULATOR_TOKENS=true, the
 * documented compatibility setting, keeps such tokens working until they expire. `npm run token` mints none
 * (test/scripts/token.test.ts).
 */
import { mintToken } from '../../src/access/tokens';
import { Role } from '../../src/access/viewer';
import { loadConfig } from '../../src/config';
import { EnforcementLevel } from '../../src/registry/registry.enums';
import { openTestDatabase, TestDatabase } from '../support/database';
import { registerEnterprise } from '../support/fixtures';
import { SECRET, startTestServer } from '../support/http';

let db: TestDatabase;
let strict: Awaited<ReturnType<typeof startTestServer>>;
let lenient: Awaited<ReturnType<typeof startTestServer>>;
const ENTERPRISES = `{ enterprises { totalCount } }`;
/** As tokens were minted before levels existed: a role of REGULATOR, nothing else. */
const levelless = () => mintToken(SECRET, { role: Role.REGULATOR, subject: 'old-script', expiresInSeconds: 600 });

beforeAll(async () => {
  db = await openTestDatabase();
  await registerEnterprise(db.orm.em, 2201);
  strict = await startTestServer(db);
  lenient = await startTestServer(db, { ALLOW_LEVELLESS_REGULATOR_TOKENS: 'true' });
});
afterAll(async () => {
  await strict.stop();
  await lenient.stop();
  await db.close();
});

it('is refused by default: 401 UNAUTHENTICATED, saying to re-issue it with a level, no data', async () => {
  const { status, body } = (await strict.gql(ENTERPRISES, {}, await levelless())) as { status: number; body: any };
  expect(status).toBe(401);
  expect(body.data?.enterprises).toBeUndefined();
  expect(body.errors).toHaveLength(1);
  expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  expect(body.errors[0].message).toContain('names no level');
  expect(body.errors[0].message).toContain('re-issue it with npm run token -- --role REGULATOR --level');
  expect(body.errors[0].message).toContain('ALLOW_LEVELLESS_REGULATOR_TOKENS=true');
});

it('is refused on a public query too, as any refused token is', async () => {
  const { status } = await strict.gql(`{ chemical(serial: 1) { name } }`, {}, await levelless());
  expect(status).toBe(401);
});

it('a token naming its level passes the same server', async () => {
  const token = await mintToken(SECRET, { role: Role.REGULATOR, subject: 'new-script', level: EnforcementLevel.DISTRICT, expiresInSeconds: 600 });
  expect(await strict.gql(ENTERPRISES, {}, token)).toMatchObject({ status: 200, body: { data: { enterprises: { totalCount: 1 } } } });
});

it('is accepted until it expires where ALLOW_LEVELLESS_REGULATOR_TOKENS=true', async () => {
  expect(loadConfig({}).levellessRegulatorTokens).toBe(false);
  expect(lenient.config.levellessRegulatorTokens).toBe(true);
  expect(await lenient.gql(ENTERPRISES, {}, await levelless())).toMatchObject({ status: 200, body: { data: { enterprises: { totalCount: 1 } } } });
  const expired = await mintToken(SECRET, { role: Role.REGULATOR, subject: 'old-script', expiresInSeconds: 60 }, new Date(Date.now() - 3600_000));
  expect(await lenient.gql(ENTERPRISES, {}, expired)).toMatchObject({ status: 401, body: { errors: [{ message: 'Token expired' }] } });
});
