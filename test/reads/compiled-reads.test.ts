
import { createTestApi } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { enterpriseViewer, partner, regulator } from '../support/fixtures';
import { inbound, ledgerClock, record, registerTrader, Trader } from '../support/ledger-fixtures';
import { AMMONIA, issueLicence } from '../support/licensing-fixtures';
import { countStatements } from '../support/statements';

/**
 * The compiled read path (src/graphql/json-read.ts): a selection it handles is
 * one statement and answers exactly as the resolvers do; one it does not
 * handle runs through the resolvers, refusals and all.
 */
let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;
const traders: Trader[] = [];

beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db);
  for (let i = 1; i <= 3; i++) {
    const trader = await registerTrader(db, i);
    traders.push(trader);
    await record(db, trader.viewer, [
      inbound(trader.product, { batch: 'B1', quantity: '10' }),
      inbound(trader.product, { batch: 'B2', quantity: '5', warehouse: 'W2' }),
      inbound(trader.product, { batch: 'B3', quantity: '1.5' }),
    ]);
    await issueLicence(db.orm.em, ledgerClock(), trader.code, { scope: [{ chemicalSerial: 1381, storageAllowed: true }, { chemicalSerial: AMMONIA }] });
  }
});
afterAll(async () => {
  await api.stop();
  await db.close();
});

const CHEMICAL = `chemical { serial name aliases casNumbers explosivePrecursor highlyToxic precursorSerial thresholdTonnes variants }`;
const PRODUCT = `id traceCode tradeName specification packaging unit createdAt ${CHEMICAL} enterprise { creditCode }`;
const WAREHOUSE = `id code name address storageType capacityTonnes createdAt enterprise { id name }`;
const PAGE = `totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }`;

/** Every plain field of the compiled types, aliases, fragments, cursors and counts; `extra` added to each enterprise. */
const everything = (extra = '') => `
  fragment Stock on StockBalance { id batch quantity updatedAt warehouse { ${WAREHOUSE} } product { ${PRODUCT} } }
  query { enterprises(first: 5) { ${PAGE} edges { cursor node { ${extra} id creditCode name address town enforcementLevel industry keyUnit createdAt updatedAt
    warehouses(first: 1) { ${PAGE} edges { cursor node { ${WAREHOUSE} } } }
    full: stock(first: 20, includeEmpty: true) { ${PAGE} edges { cursor node { ...Stock } } }
    two: stock(first: 2) { ${PAGE} edges { node { ... on StockBalance { batch } __typename } } }
    products { edges { node { ${PRODUCT} } } }
    licences(first: 5) { ${PAGE} edges { cursor node { id type number holderName address legalRepresentative issuingAuthority validFrom validUntil appliedAt decidedAt reissueCount
      holder { creditCode }
      scope { ${PAGE} edges { cursor node { id storageAllowed addedAt ${CHEMICAL} } } }
      events(first: 1) { ${PAGE} edges { cursor node { id type occurredAt actor reason details } } } } } } } } } }`;

async function run(query: string, viewer = regulator, variables: Record<string, unknown> = {}) {
  const { result, statements } = await countStatements(() => api.run(query, variables, viewer));
  return { ...result, statements };
}

/** The same answer without the field that made the resolvers answer it. */
function without(data: any, field: string) {
  for (const edge of data.enterprises.edges) delete edge.node[field];
  return data;
}

describe('the compiled read path', () => {
  it('answers every plain field, page and cursor exactly as the resolvers do, in one statement', async () => {
    const compiled = await run(everything());
    expect(compiled.errors).toBeUndefined();
    expect(compiled.statements).toBe(1);
    // Enterprise.parent is not compiled, so this one runs through the resolvers.
    const resolved = await run(everything('parent { id }'));
    expect(resolved.errors).toBeUndefined();
    expect(resolved.statements).toBeGreaterThan(1);
    expect(compiled.data).toEqual(without(resolved.data, 'parent'));
    const first = compiled.data!.enterprises.edges[0].node;
    expect(first.full.edges.map((e: any) => e.node.quantity).sort()).toEqual(['1.500', '10.000', '5.000']);
    expect(first.two.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
  });

  it('pages on from a cursor as the resolvers do', async () => {
    const query = (extra: string) => `query($a: String) { enterprises(first: 2, after: $a) { ${PAGE} edges { cursor node { ${extra} creditCode stock(first: 1, after: $a) { ${PAGE} edges { cursor node { batch } } } } } } }`;
    const start = await run(query(''));
    const after = start.data!.enterprises.pageInfo.endCursor;
    const compiled = await run(query(''), regulator, { a: after });
    const resolved = await run(query('parent { id }'), regulator, { a: after });
    expect(compiled.statements).toBe(1);
    expect(compiled.data).toEqual(without(resolved.data, 'parent'));
    expect(compiled.data!.enterprises.pageInfo.hasPreviousPage).toBe(true);
  });

  it('leaves to the resolvers what it does not handle: a bad argument, a refused field, an enterprise token', async () => {
    const tooMany = await run(`{ enterprises(first: 1) { edges { node { stock(first: 101) { edges { node { batch } } } } } } }`);
    expect(tooMany.errors?.[0]).toMatchObject({ path: ['enterprises', 'edges', 0, 'node', 'stock'], extensions: { code: 'BAD_USER_INPUT' } });
    const badCursor = await run(`{ enterprises(after: "x") { totalCount } }`);
    expect(badCursor.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    // Fire and rescue holds STOCK, not PRODUCTS: the field is refused as before, even right after a
    // regulator's same query was compiled (statements are kept per document, variables and rules).
    const crossing = `{ enterprises(first: 2) { edges { node { creditCode stock { totalCount } products { totalCount } } } } }`;
    expect((await run(crossing)).statements).toBe(1);
    const refused = await run(crossing, partner('FIRE_RESCUE'));
    expect(refused.errors?.[0]).toMatchObject({ path: ['enterprises', 'edges', 0, 'node', 'products'], extensions: { code: 'FORBIDDEN' } });
    expect(refused.data).toBeNull();
    const own = await run(`{ enterprises { edges { node { creditCode stock { totalCount } } } } }`, enterpriseViewer(traders[0].code));
    expect(own.data!.enterprises.edges).toEqual([{ node: { creditCode: traders[0].code, stock: { totalCount: 3 } } }]);
    expect(own.statements).toBeGreaterThan(1);
  });
});
