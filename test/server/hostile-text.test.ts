import fc from 'fast-check';
import { LEDGER_NOW, ledgerClock, registerTrader, Trader } from '../support/ledger-fixtures';
import { createTestApi, TestResult } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { admin, creditCode, regulator } from '../support/fixtures';
import { rowCounts } from '../support/row-counts';

/**
 * Generated hostile strings (NUL, C0/C1 controls, lone surrogates, bidi overrides, line breaks,
 * combining marks, quotes, LIKE wildcards, very long text) through every string argument the
 * issue found reaching PostgreSQL. Whatever the string: never INTERNAL_SERVER_ERROR and no SQL
 * text; a refusal is BAD_USER_INPUT naming the field and writes nothing; what is accepted is
 * stored as it was echoed. Bounded: a fixed number of runs per operation, a fixed seed per run.
 */
jest.setTimeout(180_000);

let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;
let trader: Trader;

beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db, { clock: ledgerClock() });
  trader = await registerTrader(db, 1);
});

afterAll(async () => {
  await api.stop();
  await db.close();
});

const HOSTILE = ['\u0000', '\u0007', '\u007f', '\u0085', '\u009f', '\ud800', '\udfff', '\u202e', '\u2066', '\ufeff', '\t', '\n', '\r', '\u2028'];
const AWKWARD = ['a', 'Z', '7', '氯', '液氨', 'é', 'e\u0301', '🧪', '"', "'", '\\', '%', '_', ' ', '$1', '--', ';'];
const hostileText = fc.oneof(
  fc.array(fc.constantFrom(...HOSTILE, ...AWKWARD), { minLength: 0, maxLength: 12 }).map((parts) => parts.join('')),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('x'.repeat(201), 'y'.repeat(8001)),
);

function expectNoInternalError(result: TestResult) {
  for (const error of result.errors ?? []) {
    expect(error.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
    // The regulator's read audit keeps such text escaped: a refusal is never hidden behind AUDIT_UNAVAILABLE.
    expect(error.extensions?.code).not.toBe('AUDIT_UNAVAILABLE');
    expect(error.message).not.toMatch(/\b(select|insert|update) .*\b(from|into|set)\b|invalid input syntax|invalid byte sequence/i);
  }
}

/** A refusal for bad text names the argument that carried it. */
function expectFieldNamed(result: TestResult, fields: string[]) {
  const refusal = (result.errors ?? []).find((e) => e.extensions?.code === 'BAD_USER_INPUT');
  if (refusal?.extensions?.field) expect(fields.some((f) => String(refusal.extensions!.field).endsWith(f))).toBe(true);
}

const READS: { name: string; query: string; fields: string[] }[] = [
  { name: 'chemicals(search)', query: `query($s: String) { chemicals(search: $s, first: 1) { totalCount } }`, fields: ['search'] },
  { name: 'enterprises(search, town)', query: `query($s: String) { enterprises(search: $s, town: $s, first: 1) { totalCount } }`, fields: ['search', 'town'] },
  { name: 'movements(batch, warehouse, product)', query: `query($s: String) { movements(batch: $s, warehouse: $s, product: $s, first: 1) { totalCount } }`, fields: ['batch', 'warehouse', 'product'] },
  { name: 'stock(warehouse, batch)', query: `query($s: String) { stock(warehouse: $s, batch: $s, first: 1) { totalCount } }`, fields: ['warehouse', 'batch'] },
  { name: 'auditLog(subject)', query: `query($s: String) { auditLog(subject: $s, first: 1) { totalCount } }`, fields: ['subject'] },
  { name: 'traceBatch(batch, product)', query: `query($s: String!) { traceBatch(batch: $s, product: $s) { __typename } }`, fields: ['batch', 'product'] },
  { name: 'productByCode(code)', query: `query($s: String!) { productByCode(code: $s) { __typename } }`, fields: ['code'] },
];

describe.each(READS)('$name', ({ query, fields }) => {
  it('never fails internally on hostile text', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText, async (s) => {
        const result = await api.run(query, { s }, regulator);
        expectNoInternalError(result);
        expectFieldNamed(result, fields);
      }),
      { numRuns: 40, seed: 10 },
    );
  });
});

describe('registerEnterprise(name, address, town)', () => {
  let n = 100;
  it('refuses without writing, or stores exactly what it echoes', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText, hostileText, async (name, town) => {
        const code = creditCode(n++);
        const before = await rowCounts(db.orm);
        const result = await api.run<{ registerEnterprise: { name: string; town: string } }>(
          `mutation($i: RegisterEnterpriseInput!) { registerEnterprise(input: $i) { name town } }`,
          { i: { creditCode: code, name, address: '某路1号', town, enforcementLevel: 'TOWN', industry: 'OTHER' } },
          admin,
        );
        expectNoInternalError(result);
        if (result.errors) {
          expect(result.errors[0].extensions?.code).toBe('BAD_USER_INPUT');
          expectFieldNamed(result, ['name', 'town']);
          expect(await rowCounts(db.orm)).toEqual(before);
          return;
        }
        const [stored] = await db.orm.em.getConnection().execute(`select name, town from enterprise where credit_code = ?`, [code]);
        expect(stored).toEqual(result.data!.registerEnterprise);
      }),
      { numRuns: 40, seed: 11 },
    );
  });
});

describe('recordMovements(requestId, batch, warehouse, transportDoc)', () => {
  it('refuses without writing, or stores exactly what it echoes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uuid(), hostileText), hostileText, hostileText, async (requestId, batch, transportDoc) => {
        const before = await rowCounts(db.orm);
        const result = await api.run<{ recordMovements: { entries: { batch: string; transportDoc: string | null }[] } }>(
          `mutation($i: RecordMovementsInput!) { recordMovements(input: $i) { entries { batch transportDoc } } }`,
          {
            i: {
              requestId,
              entries: [{ direction: 'IN', reason: 'PRODUCTION', warehouse: 'W1', product: trader.product, batch, quantity: '1', unit: 'KG', transportDoc, occurredAt: LEDGER_NOW }],
            },
          },
          trader.viewer,
        );
        expectNoInternalError(result);
        if (result.errors) {
          expect(await rowCounts(db.orm)).toEqual(before);
          return;
        }
        const [entry] = result.data!.recordMovements.entries;
        const [stored] = await db.orm.em.getConnection().execute(`select batch, transport_doc as "transportDoc" from ledger_entry where chain = ? order by seq desc limit 1`, [trader.code]);
        expect(stored).toEqual(entry);
      }),
      { numRuns: 40, seed: 12 },
    );
  });
});
