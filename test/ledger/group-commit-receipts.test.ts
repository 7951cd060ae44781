import { AlertCode } from '../../src/licensing/licensing.enums';
import { GroupCommit } from '../../src/ledger/group-commit';
import { LedgerError } from '../../src/ledger/ledger.errors';
import { MovementReason } from '../../src/ledger/ledger.enums';
import { ShipmentScanService } from '../../src/ledger/shipment-scan.service';
import { drawShipmentCode } from '../../src/proof/shipment-code';
import { movementObservers } from '../../src/movement-observers';
import { openTestDatabase, TestDatabase } from '../support/database';
import { pendingAppend } from '../support/group-commit-calls';
import { inbound, ledgerClock, outbound, record, registerTrader, superuser, Trader } from '../support/ledger-fixtures';
import { countStatements } from '../support/statements';

/*
 * Receipts by scan (receiveShipment) are appended by group commit like any single call: the shipments they name read by
 * one statement for the scans of a turn, and closed by one statement for the group.
 */

let db: TestDatabase;
let sender: Trader;
let receivers: Trader[];

beforeAll(async () => {
  db = await openTestDatabase();
  sender = await registerTrader(db, 120);
  receivers = await Promise.all(Array.from({ length: 4 }, (_, i) => registerTrader(db, 121 + i)));
});
afterAll(async () => {
  await db.close();
});

interface Sent {
  receiver: Trader;
  shipmentId: string;
  code: string;
  hash: string;
}

/** The sender makes batch `batch` and ships 10 KG of it to each receiver: one shipment each. */
async function ship(batch: string): Promise<Sent[]> {
  const { entries } = await record(db, sender.viewer, [
    inbound(sender.product, { batch, quantity: '100' }),
    ...receivers.map((r) => outbound(sender.product, { batch, quantity: '10', counterparty: r.code })),
  ]);
  const outs = entries.slice(1);
  const rows = await superuser(db, async (sql) => (await sql.query<{ id: string; code: string; out_hash: string }>('select id::text, code, out_hash from ledger_shipment where out_hash = any($1)', [outs.map((e) => e.hash)])).rows);
  return outs.map((e, i) => {
    const row = rows.find((r) => r.out_hash === e.hash)!;
    return { receiver: receivers[i], shipmentId: row.id, code: row.code, hash: e.hash };
  });
}

/** Each receipt as receiveShipment hands it to group commit: one entry naming the shipper's, and the shipment to close. */
function receipts(sent: Sent[], batch: string, quantities: string[]) {
  return Promise.all(
    sent.map(async ({ receiver, shipmentId, code, hash }, i) => ({
      ...(await pendingAppend(db.orm.em.fork(), receiver.code, `receipt-${code}`, [
        inbound(sender.product, { reason: MovementReason.PURCHASE, warehouse: 'W2', batch, quantity: quantities[i], counterparty: sender.code, sourceHash: hash }),
      ])),
      closing: { shipmentId, code, tolerance: 0.005 },
    })),
  );
}

const shipments = (ids: string[]) =>
  superuser(db, async (sql) => (await sql.query<{ id: string; received: string; shortfall: string | null; closed: boolean }>('select id::text, received::text, shortfall::text, closed_at is not null as closed from ledger_shipment where id = any($1) order by id', [ids])).rows);
const shortfallAlerts = () => superuser(db, async (sql) => (await sql.query<{ chain: string }>(`select chain from alert where code = $1 order by chain`, [AlertCode.RECEIPT_SHORTFALL])).rows.map((r) => r.chain));

describe('receipts by scan in a group', () => {
  it('close their shipments in one statement, each with its shortfall; one short beyond the tolerance raises RECEIPT_SHORTFALL on both chains', async () => {
    const sent = await ship('R1');
    const calls = await receipts(sent, 'R1', ['10', '10', '10', '9']);
    const commit = new GroupCommit(db.orm.em.fork(), movementObservers({ overCapacityTolerance: 0 }), { enabled: true, windowMs: 20, maxEntries: 64 });
    const { result, sql } = await countStatements(() => Promise.all(calls.map((c) => commit.append(c, ledgerClock()))));
    expect(result.map((r) => r.entries[0].sourceHash)).toEqual(sent.map((s) => s.hash));
    expect(sql.filter((s) => /^BEGIN/.test(s))).toHaveLength(1);
    expect(sql.filter((s) => /^update ledger_shipment s set closed_at/.test(s))).toHaveLength(1);
    expect(await shipments(sent.map((s) => s.shipmentId))).toEqual(
      ['10.000', '10.000', '10.000', '9.000'].map((received, i) => ({ id: sent[i].shipmentId, received, shortfall: i === 3 ? '1.000' : '0.000', closed: true })),
    );
    expect(await shortfallAlerts()).toEqual([sender.code, receivers[3].code].sort());
  });

  it('one whose shipment was closed meanwhile is CONFLICT alone: the group is appended call by call and the others close theirs', async () => {
    const sent = await ship('R2');
    const calls = await receipts(sent, 'R2', ['10', '10', '10', '10']);
    await superuser(db, (sql) => sql.query('update ledger_shipment set closed_at = now(), shortfall = shipped where id = $1', [sent[1].shipmentId]));
    const commit = new GroupCommit(db.orm.em.fork(), movementObservers({ overCapacityTolerance: 0 }), { enabled: true, windowMs: 20, maxEntries: 64 });
    const settled = await Promise.allSettled(calls.map((c) => commit.append(c, ledgerClock())));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    const refused = (settled[1] as PromiseRejectedResult).reason;
    expect(refused).toBeInstanceOf(LedgerError);
    expect(refused).toMatchObject({ code: 'CONFLICT', field: ['input', 'code'] });
    const after = await shipments(sent.map((s) => s.shipmentId));
    expect(after.map((s) => [s.received, s.closed])).toEqual([['10.000', true], ['0.000', true], ['10.000', true], ['10.000', true]]);
    const heads = await superuser(db, async (sql) => (await sql.query<{ chain: string; last_seq: number }>('select chain, last_seq from ledger_chain where chain = any($1) order by chain', [receivers.map((r) => r.code)])).rows);
    // Each receiver appended its R1 receipt before; the refused one nothing more.
    expect(Object.fromEntries(heads.map((h) => [h.chain, h.last_seq]))).toEqual(Object.fromEntries(receivers.map((r, i) => [r.code, i === 1 ? 1 : 2])));
  });

  it('scans at once read their shipments in one statement; a code unknown or sent to another is refused alone', async () => {
    const sent = await ship('R3');
    const commit = new GroupCommit(db.orm.em.fork(), movementObservers({ overCapacityTolerance: 0 }), { enabled: true, windowMs: 20, maxEntries: 64 });
    const scan = (receiver: Trader, code: string) =>
      new ShipmentScanService(db.orm.em.fork(), ledgerClock(), undefined, movementObservers({ overCapacityTolerance: 0 }), commit).receiveShipment(receiver.viewer, { code, warehouse: 'W2' });
    const { result, sql } = await countStatements(() =>
      Promise.allSettled([...sent.map((s) => scan(s.receiver, s.code)), scan(receivers[0], drawShipmentCode()), scan(receivers[0], sent[1].code)]),
    );
    expect(sql.filter((s) => /ledger_shipment s join ledger_entry e/.test(s))).toHaveLength(1);
    expect(result.slice(0, 4).map((r) => r.status === 'fulfilled' && r.value.entry.sourceHash)).toEqual(sent.map((s) => s.hash));
    expect(result.slice(4).map((r) => r.status === 'rejected' && (r.reason as LedgerError).code)).toEqual(['NOT_FOUND', 'FORBIDDEN']);
    expect((await shipments(sent.map((s) => s.shipmentId))).map((s) => [s.received, s.closed])).toEqual(sent.map(() => ['10.000', true]));
  });
});
