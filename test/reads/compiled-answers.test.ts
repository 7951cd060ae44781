import pino from 'pino';
import { auditPlugin } from '../../src/access/audit.plugin';
import { AuditRecord } from '../../src/access/audit-record.entity';
import { rowsReturned } from '../../src/access/rows-returned';
import { mintToken } from '../../src/access/tokens';
import { Role, Viewer } from '../../src/access/viewer';
import { loadConfig } from '../../src/config';
import { stringifyResult } from '../../src/graphql/compiled-answer.plugin';
import { EnforcementLevel } from '../../src/registry/registry.enums';
import { RunningServer, startHttpServer } from '../../src/server/http-server';
import { systemClock } from '../../src/shared/clock';
import { createTestApi, TEST_JWT_SECRET, TestResult, testSchema } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { partner, regulator } from '../support/fixtures';
import { inbound, ledgerClock, record, registerTrader } from '../support/ledger-fixtures';
import { AMMONIA, issueLicence } from '../support/licensing-fixtures';
import { countStatements } from '../support/statements';

/**
 * An operation whose one root field is a compiled `enterprises` read is answered with the JSON text
 * PostgreSQL built (graphql/compiled-answer.plugin.ts), without graphql-js: the response must be the
 * very value graphql-js gives for the same operation (keys in the same order, aliases, fragments,
 * __typename, variables, cursors), with everything the plugins add.
 */
let db: TestDatabase;
let fast: Awaited<ReturnType<typeof createTestApi>>;
let slow: Awaited<ReturnType<typeof createTestApi>>;
const MARKET = partner('MARKET_SUPERVISION');

beforeAll(async () => {
  db = await openTestDatabase();
  fast = await createTestApi(db, { http: true });
  slow = await createTestApi(db);
  for (let i = 1; i <= 3; i++) {
    const trader = await registerTrader(db, i);
    await record(db, trader.viewer, [inbound(trader.product, { batch: 'B1', quantity: '10' }), inbound(trader.product, { batch: 'B2', quantity: '5', warehouse: 'W2' })]);
    await issueLicence(db.orm.em, ledgerClock(), trader.code, { scope: [{ chemicalSerial: 1381, storageAllowed: true }, { chemicalSerial: AMMONIA }] });
  }
});
afterAll(async () => {
  await fast.stop();
  await slow.stop();
  await db.close();
});

/** The body as the server writes it, from a result as Apollo hands it over (graphql-js's DateTime a Date until then). */
const body = (result: TestResult) => stringifyResult({ errors: result.errors, data: result.data, extensions: result.extensions } as never);

/** Whether the result's data is a compiled answer (its text kept, parsed only when read). */
const compiledAnswer = (result: TestResult) => Object.values(Object.getOwnPropertyDescriptors(result.data ?? {})).some((d) => d.get !== undefined);

const CHEMICAL = `chemical { serial name aliases casNumbers explosivePrecursor highlyToxic precursorSerial thresholdTonnes variants }`;
const PAGE = `totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }`;
const EVERYTHING = `
  fragment Stock on StockBalance { id batch quantity updatedAt warehouse { id code name address storageType capacityTonnes createdAt enterprise { id name } } }
  query Everything($n: Int, $withStock: Boolean!, $after: String) { all: enterprises(first: $n, after: $after) { __typename ${PAGE} edges { __typename cursor node { __typename id creditCode name address town enforcementLevel industry keyUnit createdAt updatedAt
    warehouses(first: 1) { ${PAGE} edges { cursor node { id code name } } }
    full: stock(first: 20, includeEmpty: true) @include(if: $withStock) { ${PAGE} edges { cursor node { ...Stock } } }
    two: stock(first: 2) @skip(if: $withStock) { pageInfo { __typename hasNextPage } edges { node { ... on StockBalance { batch } __typename } } }
    products { edges { node { id traceCode tradeName specification packaging unit createdAt ${CHEMICAL} enterprise { creditCode } } } }
    licences(first: 5) { ${PAGE} edges { cursor node { id type number holderName address legalRepresentative issuingAuthority validFrom validUntil appliedAt decidedAt reissueCount
      holder { creditCode }
      scope { ${PAGE} edges { cursor node { id storageAllowed addedAt ${CHEMICAL} } } }
      events(first: 1) { ${PAGE} edges { cursor node { id type occurredAt actor reason details } } } } } } } } } }`;

const CROSS_LINK = `query CrossLink($n: Int) { enterprises(first: $n) { edges { node { creditCode __typename
  p: products(first: 10) { edges { node { traceCode chemical { name __typename } } } }
  licences(first: 5) { pageInfo { endCursor } edges { node { number scope(first: 1) { edges { node { chemical { name } } } } events(first: 10) { edges { node { type details } } } } } } } } } }`;

const CASES: [string, string, Record<string, unknown>, Viewer][] = [
  ['every plain field, fragments, aliases, __typename, @include', EVERYTHING, { n: 5, withStock: true, after: null }, regulator],
  ['the same with @skip, a page size and a cursor from a variable', EVERYTHING, { n: 1, withStock: false, after: 'azox' }, regulator],
  ['a partner, its audit row in the read', CROSS_LINK, { n: 5 }, MARKET],
  ['a field twice, once aliased, and one list of edges under two keys', `{ enterprises(first: 2) { a: edges { node { name n: name name } } edges { cursor } b: edges { node { creditCode } } } }`, {}, MARKET],
  ['a count alone', `{ enterprises { totalCount } }`, {}, MARKET],
  ['a search', `query($s: String) { enterprises(search: $s) { edges { node { creditCode name } } } }`, { s: '2' }, regulator],
  ['an empty page', `{ enterprises(first: 3, after: "azo5OTk") { pageInfo { startCursor endCursor hasNextPage } edges { cursor } } }`, {}, regulator],
];

describe('a compiled answer', () => {
  it.each(CASES)('is the value graphql-js gives, key for key: %s', async (_name, query, variables, viewer) => {
    const answered = await countStatements(() => fast.run(query, variables, viewer));
    const walked = await slow.run(query, variables, viewer);
    expect(answered.result.errors).toBeUndefined();
    expect(compiledAnswer(answered.result)).toBe(true);
    expect(compiledAnswer(walked)).toBe(false);
    // Byte for byte once PostgreSQL's spacing is taken out: the same keys in the same order, the same values.
    expect(JSON.stringify(JSON.parse(body(answered.result)))).toBe(body(walked));
    // The read (a partner's with its audit row), and the partner's mandates: nothing else.
    expect(answered.sql.filter((s) => !/^select mandates/.test(s))).toHaveLength(1);
  });

  it("writes a partner's row as the plugin writes it for the answer graphql-js gives", async () => {
    const rows = () => db.orm.em.fork().find(AuditRecord, { department: 'MARKET_SUPERVISION' }, { orderBy: { id: 'asc' } });
    for (const [, query, variables] of CASES.slice(2)) {
      const before = (await rows()).length;
      await fast.run(query, variables, MARKET);
      const walked = await slow.run(query, variables, MARKET);
      const [answeredRow, walkedRow] = (await rows()).slice(before);
      expect(answeredRow.rowsReturned).toBe(rowsReturned(walked.data));
      expect({ ...answeredRow, id: 0, at: 0 }).toEqual({ ...walkedRow, id: 0, at: 0 });
    }
  });

  it('leaves to graphql-js what it would answer otherwise: an error, a refusal, a second root field', async () => {
    const refused = await fast.run(`{ enterprises { edges { node { products { totalCount } } } } }`, {}, partner('FIRE_RESCUE'));
    expect(refused.errors?.[0]).toMatchObject({ path: ['enterprises', 'edges', 0, 'node', 'products'], extensions: { code: 'FORBIDDEN' } });
    const badText = await fast.run(`query($s: String) { enterprises(search: $s) { totalCount } }`, { s: 'a\u0000b' }, regulator);
    expect(badText.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    const two = await fast.run(`{ enterprises(first: 1) { totalCount } __typename }`, {}, regulator);
    expect(compiledAnswer(two)).toBe(false);
    expect(two.data).toEqual({ enterprises: { totalCount: 3 }, __typename: 'Query' });
  });
});

describe('over HTTP', () => {
  let server: RunningServer;
  beforeAll(async () => {
    const config = loadConfig({ NODE_ENV: 'test' });
    server = await startHttpServer({ orm: db.orm, schema: await testSchema(), config, logger: pino({ level: 'silent' }), clock: systemClock, jwtSecret: TEST_JWT_SECRET, plugins: [auditPlugin()] }, 0, '127.0.0.1');
  });
  afterAll(() => server.stop());

  it("sends PostgreSQL's text as the body, with the plugins' extensions, and the value graphql-js gives", async () => {
    const token = await mintToken(TEST_JWT_SECRET, { role: Role.REGULATOR, level: EnforcementLevel.DISTRICT, subject: 'r1', expiresInSeconds: 60 });
    const query = `{ enterprises(first: 2) { edges { node { creditCode licences { edges { node { number } } } } } } }`;
    const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) });
    const text = await response.text();
    expect(response.status).toBe(200);
    // json_build_object's own spacing: the statement's text, not a JSON.stringify of it.
    expect(text).toMatch(/^\{"data":\{"enterprises":\{"edges" : \[/);
    const sent = JSON.parse(text);
    expect(sent.extensions).toMatchObject({ readFrom: 'primary', cost: { requested: expect.any(Number) } });
    const walked = await slow.run(query, {}, regulator);
    expect(sent.data).toEqual(walked.data);
  });
});
