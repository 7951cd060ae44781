import { createTestApi } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { regulator } from '../support/fixtures';
import { inbound, ledgerClock, ledgerCounts, outbound, record, registerTrader, Trader } from '../support/ledger-fixtures';

let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;
let trader: Trader;

beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db, { clock: ledgerClock() });
  trader = await registerTrader(db, 41);
  await record(db, trader.viewer, [inbound(trader.product, { batch: 'B1', quantity: '10' })]);
});
afterAll(async () => {
  await api.stop();
  await db.close();
});

const CHECK = `mutation($input: RecordMovementsInput!) {
  checkMovements(input: $input) { checked problems { index field code message available requested } }
}`;

describe('checkMovements (recordMovements’ dry run)', () => {
  it('names every refused entry with the code and field recordMovements would answer, and writes nothing', async () => {
    const before = await ledgerCounts(db);
    const entries = [
      inbound(trader.product, { batch: 'B2', quantity: '5' }),
      inbound(trader.product, { batch: 'B2', quantity: '-1' }),
      outbound(trader.product, { batch: 'B1', quantity: '8' }),
      inbound(trader.product, { batch: 'B3', warehouse: 'W9' }),
      // B1 holds 10: 8 left before, so only 2 remain for this one.
      outbound(trader.product, { batch: 'B1', quantity: '3' }),
      inbound(trader.product, { batch: 'B4', occurredAt: 'yesterday' }),
    ];
    const result = await api.run(CHECK, { input: { requestId: 'dry-1', entries } }, trader.viewer);
    expect(result.errors).toBeUndefined();
    expect(result.data!.checkMovements.checked).toBe(6);
    expect(result.data!.checkMovements.problems.map((p: { index: number; field: string; code: string }) => [p.index, p.field, p.code])).toEqual([
      [1, 'input.entries.1.quantity', 'BAD_USER_INPUT'],
      [3, 'input.entries.3.warehouse', 'NOT_FOUND'],
      [4, 'input.entries.4.quantity', 'INSUFFICIENT_STOCK'],
      [5, 'input.entries.5.occurredAt', 'BAD_USER_INPUT'],
    ]);
    expect(result.data!.checkMovements.problems[2]).toMatchObject({ available: '2.000', requested: '3.000' });
    expect(await ledgerCounts(db)).toEqual(before);

    // With the refused entries fixed, the dry run finds nothing and recordMovements takes the same submission.
    entries[1].quantity = '1';
    entries[3].warehouse = 'W2';
    entries[4].quantity = '2';
    entries[5].occurredAt = '2026-11-25T08:00:00.000Z';
    const clean = await api.run(CHECK, { input: { requestId: 'dry-1', entries } }, trader.viewer);
    expect(clean.data!.checkMovements.problems).toEqual([]);
    expect(await ledgerCounts(db)).toEqual(before);
    expect((await record(db, trader.viewer, entries, 'dry-1')).entries).toHaveLength(6);
  });

  it('checks a file over several calls as one submission: each call carries the stock its entries move to the next', async () => {
    const before = await ledgerCounts(db);
    const CARRIED = `mutation($input: RecordMovementsInput!, $carry: [PendingBalanceInput!]) {
      checkMovements(input: $input, carry: $carry) { problems { index field code available requested } carry { warehouse product batch change } }
    }`;
    const check = async (entries: ReturnType<typeof inbound>[], carry?: unknown) => (await api.run(CARRIED, { input: { requestId: 'file', entries }, carry }, trader.viewer)).data!.checkMovements;
    // The first call brings 100 of C1 and 10 of D1 in (as rows 5 and 6 of a file might).
    const first = await check([inbound(trader.product, { batch: 'C1', quantity: '100' }), inbound(trader.product, { batch: 'D1', quantity: '10' })]);
    expect(first.problems).toEqual([]);
    expect(first.carry).toEqual([
      { warehouse: 'W1', product: trader.product, batch: 'C1', change: '100.000' },
      { warehouse: 'W1', product: trader.product, batch: 'D1', change: '10.000' },
    ]);
    // A later call ships C1 out: refused against the ledger alone, accepted with what the first call brought in.
    const shipOut = [outbound(trader.product, { batch: 'C1', quantity: '60' }), outbound(trader.product, { batch: 'D1', quantity: '12' })];
    expect((await check(shipOut)).problems.map((p: { index: number; code: string }) => [p.index, p.code])).toEqual([
      [0, 'INSUFFICIENT_STOCK'],
      [1, 'INSUFFICIENT_STOCK'],
    ]);
    const second = await check(shipOut, first.carry);
    // D1: 10 brought in by the first call, so 12 is still too many; the refused entry moves nothing.
    expect(second.problems.map((p: { index: number; code: string; available: string }) => [p.index, p.code, p.available])).toEqual([[1, 'INSUFFICIENT_STOCK', '10.000']]);
    expect(second.carry).toContainEqual({ warehouse: 'W1', product: trader.product, batch: 'D1', change: '10.000' });
    expect(second.carry).toContainEqual({ warehouse: 'W1', product: trader.product, batch: 'C1', change: '40.000' });
    const third = await check([outbound(trader.product, { batch: 'C1', quantity: '50' })], second.carry);
    expect(third.problems).toMatchObject([{ index: 0, code: 'INSUFFICIENT_STOCK', available: '40.000', requested: '50.000' }]);
    expect(await ledgerCounts(db)).toEqual(before);
  });

  it('refuses a malformed carry, naming the item', async () => {
    const result = await api.run(
      `mutation($input: RecordMovementsInput!, $carry: [PendingBalanceInput!]) { checkMovements(input: $input, carry: $carry) { checked } }`,
      { input: { requestId: 'c', entries: [inbound(trader.product)] }, carry: [{ warehouse: 'W1', product: trader.product, batch: 'C1', change: '1e3' }] },
      trader.viewer,
    );
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'carry.0.change' });
  });

  it('is for enterprise users, and refuses a whole-submission fault as recordMovements does', async () => {
    const asRegulator = await api.run(CHECK, { input: { requestId: 'r', entries: [inbound(trader.product)] } }, regulator);
    expect(asRegulator.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const empty = await api.run(CHECK, { input: { requestId: 'e', entries: [] } }, trader.viewer);
    expect(empty.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.entries' });
  });
});
