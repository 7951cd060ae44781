import { rawQuery } from '../../src/db/raw-query';
import { ENTRY_COLUMNS, EntryRow, toChainEntry } from '../../src/ledger/entry-row-match';
import { verifyChain } from '../../src/proof/verify-chain';
import { TestDatabase } from './database';
import { inbound, outbound, record, registerTrader, Trader } from './ledger-fixtures';

/**
 * Two chains with every kind of field the canonical text holds (a receipt with its source, inputs empty and
 * in a given order, a correction, a transport document with a quote and a backslash), for comparing the
 * server's verification with the JS checks. Chain a has 9 entries.
 */
export async function recordSampleChains(db: TestDatabase): Promise<{ a: Trader; b: Trader }> {
  const a = await registerTrader(db, 61);
  const b = await registerTrader(db, 62);
  const made = await record(db, a.viewer, [
    inbound(a.product, { batch: 'RAW', quantity: '100' }),
    inbound(a.product, { batch: 'RAW2', quantity: '50' }),
    outbound(a.product, { batch: 'RAW', quantity: '10', counterparty: b.code, transportDoc: '沪危运2026112600017' }),
  ]);
  await record(db, a.viewer, [
    outbound(a.product, { reason: 'CONSUMPTION' as any, batch: 'RAW', quantity: '5' }),
    inbound(a.product, { batch: 'MADE', quantity: '3', inputs: [{ product: a.product, batch: 'RAW2' }, { product: a.product, batch: 'RAW' }] }),
    inbound(a.product, { batch: 'EMPTY', quantity: '1.5', inputs: [] }),
    outbound(a.product, { batch: 'MADE', quantity: '1', transportDoc: 'waybill "7"\\x' }),
  ]);
  await record(db, b.viewer, [inbound(a.product, { reason: 'PURCHASE' as any, batch: 'RAW', quantity: '10', counterparty: a.code, sourceHash: made.entries[2].hash })]);
  const consumed = await record(db, a.viewer, [outbound(a.product, { reason: 'CONSUMPTION' as any, batch: 'RAW2', quantity: '2' })]);
  await record(db, a.viewer, [inbound(a.product, { reason: 'CORRECTION' as any, batch: 'RAW2', quantity: '1', corrects: consumed.entries[0].hash })]);
  return { a, b };
}

/** The old verification: every row read in full and checked in JS. */
export async function referenceVerify(db: TestDatabase, chain: string) {
  const em = db.orm.em.fork();
  const [head] = await rawQuery<{ last_seq: number; last_hash: string }>(em, 'select last_seq, last_hash from ledger_chain where chain = ?', [chain]);
  const rows = await rawQuery<EntryRow>(em, `select ${ENTRY_COLUMNS.join(', ')} from ledger_entry where chain = ? and (seq, id) > (0, 0) order by seq, id`, [chain]);
  const entries = rows.map(toChainEntry);
  return verifyChain(chain, entries, { expectedHead: head ? { seq: head.last_seq, hash: head.last_hash } : { seq: 0, hash: '' } });
}
