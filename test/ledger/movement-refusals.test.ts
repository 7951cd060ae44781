import { MovementInput } from '../../src/ledger/ledger.inputs';
import { formatTraceCode } from '../../src/proof/trace-code';
import { codes } from '../support/api';
import { TestDatabase } from '../support/database';
import { inbound, ledgerCounts, outbound, record, Trader } from '../support/ledger-fixtures';
import { closeMovementTestbed, MovementTestbed, openMovementTestbed, RECORD_MOVEMENTS } from '../support/movement-testbed';

let db: TestDatabase;
let api: MovementTestbed['api'];
let maker: Trader;
let buyer: Trader;
let testbed: MovementTestbed;

beforeAll(async () => {
  testbed = await openMovementTestbed();
  ({ db, api, maker, buyer } = testbed);
});
afterAll(() => closeMovementTestbed(testbed));

describe('refusals name the entry and field and write nothing', () => {
  const cases: Array<[string, () => MovementInput[], string, (string | number)[]]> = [
    ['stock below zero', () => [outbound(maker.product, { batch: 'none' })], 'INSUFFICIENT_STOCK', ['input', 'entries', 0, 'quantity']],
    ['unknown warehouse', () => [inbound(maker.product), inbound(maker.product, { warehouse: 'NOPE' })], 'NOT_FOUND', ['input', 'entries', 1, 'warehouse']],
    ['unknown product', () => [inbound(maker.product.slice(0, 18) + '999999' + 'X')], 'BAD_USER_INPUT', ['input', 'entries', 0, 'product']],
    ['unregistered product code', () => [inbound(unregisteredProduct())], 'NOT_FOUND', ['input', 'entries', 0, 'product']],
    ['zero quantity', () => [inbound(maker.product, { quantity: '0' })], 'BAD_USER_INPUT', ['input', 'entries', 0, 'quantity']],
    ['negative quantity', () => [inbound(maker.product, { quantity: '-1' })], 'BAD_USER_INPUT', ['input', 'entries', 0, 'quantity']],
    ['4 decimals', () => [inbound(maker.product), inbound(maker.product, { quantity: '1.0005' })], 'BAD_USER_INPUT', ['input', 'entries', 1, 'quantity']],
    ['exponent', () => [inbound(maker.product, { quantity: '1e3' })], 'BAD_USER_INPUT', ['input', 'entries', 0, 'quantity']],
    ['unit not the product’s', () => [inbound(maker.product, { unit: 'T' as any })], 'BAD_USER_INPUT', ['input', 'entries', 0, 'unit']],
    ['occurredAt in the future', () => [inbound(maker.product, { occurredAt: '2026-11-26T08:35:00.001Z' })], 'BAD_USER_INPUT', ['input', 'entries', 0, 'occurredAt']],
    ['occurredAt without a zone', () => [inbound(maker.product, { occurredAt: '2026-11-26T08:00:00' })], 'BAD_USER_INPUT', ['input', 'entries', 0, 'occurredAt']],
    ['occurredAt impossible', () => [inbound(maker.product, { occurredAt: '2026-02-30T08:00:00Z' })], 'BAD_USER_INPUT', ['input', 'entries', 0, 'occurredAt']],
    ['reason of the other direction', () => [inbound(maker.product, { reason: 'SALE' as any })], 'BAD_USER_INPUT', ['input', 'entries', 0, 'reason']],
    ['sourceHash malformed', () => [inbound(maker.product, { reason: 'PURCHASE' as any, counterparty: buyer.code, sourceHash: 'ABC' })], 'BAD_USER_INPUT', ['input', 'entries', 0, 'sourceHash']],
    ['sourceHash on an OUT', () => [outbound(maker.product, { counterparty: buyer.code, sourceHash: 'a'.repeat(64) })], 'BAD_USER_INPUT', ['input', 'entries', 0, 'sourceHash']],
    ['sourceHash without counterparty', () => [inbound(maker.product, { reason: 'PURCHASE' as any, sourceHash: 'a'.repeat(64) })], 'BAD_USER_INPUT', ['input', 'entries', 0, 'counterparty']],
    ['sourceHash naming nothing', () => [inbound(maker.product, { reason: 'PURCHASE' as any, counterparty: buyer.code, sourceHash: 'a'.repeat(64) })], 'NOT_FOUND', ['input', 'entries', 0, 'sourceHash']],
    ['counterparty not a credit code', () => [outbound(maker.product, { counterparty: '123' })], 'BAD_USER_INPUT', ['input', 'entries', 0, 'counterparty']],
    ['CORRECTION without corrects', () => [inbound(maker.product, { reason: 'CORRECTION' as any })], 'BAD_USER_INPUT', ['input', 'entries', 0, 'corrects']],
    ['corrects on another reason', () => [inbound(maker.product, { corrects: 'a'.repeat(64) })], 'BAD_USER_INPUT', ['input', 'entries', 0, 'corrects']],
    ['corrects naming nothing', () => [inbound(maker.product, { reason: 'CORRECTION' as any, corrects: 'a'.repeat(64) })], 'NOT_FOUND', ['input', 'entries', 0, 'corrects']],
    ['inputs on a SALE', () => [outbound(maker.product, { inputs: [] })], 'BAD_USER_INPUT', ['input', 'entries', 0, 'inputs']],
    ['input never held', () => [inbound(maker.product, { inputs: [{ product: buyer.product, batch: 'never' }] })], 'BAD_USER_INPUT', ['input', 'entries', 0, 'inputs', 0]],
    ['batch with spaces', () => [inbound(maker.product, { batch: ' B1' })], 'BAD_USER_INPUT', ['input', 'entries', 0, 'batch']],
    ['no entries', () => [], 'BAD_USER_INPUT', ['input', 'entries']],
    ['1,001 entries', () => Array.from({ length: 1001 }, () => inbound(maker.product)), 'BAD_USER_INPUT', ['input', 'entries']],
  ];

  it.each(cases)('%s', async (_name, entries, code, field) => {
    const before = await ledgerCounts(db);
    await expect(record(db, maker.viewer, entries())).rejects.toMatchObject({ code, field });
    expect(await ledgerCounts(db)).toEqual(before);
  });

  it('reaches the client with extensions.code and extensions.field', async () => {
    const result = await api.run(RECORD_MOVEMENTS, { input: { requestId: 'bad', entries: [inbound(maker.product), inbound(maker.product, { quantity: '1.0001' })] } }, maker.viewer);
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0].extensions!.field).toBe('input.entries.1.quantity');
    const stock = await api.run(RECORD_MOVEMENTS, { input: { requestId: 'bad2', entries: [outbound(maker.product, { batch: 'nothing' })] } }, maker.viewer);
    expect(codes(stock)).toEqual(['INSUFFICIENT_STOCK']);
    expect(stock.errors![0].extensions).toMatchObject({ field: 'input.entries.0.quantity', available: '0.000', requested: '10.000' });
  });

  it('accepts occurredAt within the clock skew', async () => {
    const result = await record(db, maker.viewer, [inbound(maker.product, { batch: 'skew', occurredAt: '2026-11-26T08:34:59.999Z' })]);
    expect(result.entries[0].occurredAt.toISOString()).toBe('2026-11-26T08:34:59.999Z');
  });
});

function unregisteredProduct(): string {
  // A valid traceability code of maker's credit code with a product number never assigned.
  return formatTraceCode(maker.code, 999_999);
}
