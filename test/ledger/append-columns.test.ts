import { rawQuery } from '../../src/db/raw-query';
import { openTestDatabase, TestDatabase } from '../support/database';
import { inbound, record, registerTrader, Trader } from '../support/ledger-fixtures';

/*
 * An append sends each entry's canonical text and PostgreSQL reads the entry's columns out of it
 * (ledger-append.ts). Texts that JSON escapes, and texts outside the BMP, come back in the columns as they
 * were submitted.
 */
let db: TestDatabase;
let trader: Trader;

const TEXTS = ['quote " inside', 'back\\slash', 'both \\" and "\\', '沪危运2026112600017', 'emoji 😀 and 🧪', '</script>', "apostrophe ' and `tick`", 'nbsp\u00a0inside'];

beforeAll(async () => {
  db = await openTestDatabase();
  trader = await registerTrader(db, 97);
});
afterAll(async () => {
  await db.close();
});

it('writes every column as submitted, whatever the text holds', async () => {
  const entries = TEXTS.map((text, i) => inbound(trader.product, { batch: text, transportDoc: `${text} ${i}`, quantity: `${i + 1}.5` }));
  const recorded = await record(db, trader.viewer, entries, 'tricky-texts');
  const rows = await rawQuery<{ seq: number; batch: string; transport_doc: string; quantity: string; hash: string; prev_hash: string; occurred_at: Date; request_id: string; direction: string; reason: string; warehouse_code: string; product_code: string; unit: string }>(
    db.orm.em.fork(),
    `select seq, batch, transport_doc, quantity::text as quantity, hash, prev_hash, occurred_at, request_id, direction::text as direction, reason::text as reason,
            warehouse_code, product_code, unit::text as unit
       from ledger_entry where chain = ? order by seq`,
    [trader.code],
  );
  expect(rows.map((r) => r.batch)).toEqual(TEXTS);
  expect(rows.map((r) => r.transport_doc)).toEqual(TEXTS.map((text, i) => `${text} ${i}`));
  expect(rows.map((r) => r.quantity)).toEqual(TEXTS.map((_, i) => `${i + 1}.500`));
  expect(rows.map((r) => r.hash)).toEqual(recorded.entries.map((e) => e.hash));
  for (const [i, row] of rows.entries()) {
    expect(row).toMatchObject({ seq: i + 1, request_id: 'tricky-texts', direction: 'IN', reason: 'PRODUCTION', warehouse_code: 'W1', product_code: trader.product, unit: 'KG' });
    expect(row.prev_hash).toBe(i === 0 ? '0'.repeat(64) : rows[i - 1].hash);
    expect(new Date(row.occurred_at).toISOString()).toBe('2026-11-26T08:00:00.000Z');
  }
});
