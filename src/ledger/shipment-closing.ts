import { PlainConnection } from '../db/plain-connection';
import { formatThousandths, parseThousandths } from '../proof/quantity';
import { LedgerError } from './ledger.errors';
import { AppendedMovement, ShipmentClosure } from './movement-observer';

/** A receipt by scan closes the shipment it receives: what is still missing then is its shortfall. */
export interface ShipmentClosing {
  shipmentId: string;
  /** Code as the receiver gave it, for the refusal's message. */
  code: string;
  /** The share of what was shipped that may go missing without an alert, e.g. 0.005. */
  tolerance: number;
}

interface ClosedRow {
  shipped: string;
  received: string;
  shortfall: string;
  beyond: boolean;
  out_entry_id: string;
  sender_code: string;
  out_seq: number;
  out_hash: string;
}

const canonical = (text: string) => formatThousandths(parseThousandths(text) as bigint);

/**
 * Closes the shipment inside the receipt's transaction, after the receipt has been counted
 * (the append locked the row). A shipment closed meanwhile by a concurrent receipt is CONFLICT,
 * which rolls the receipt back.
 */
export async function closeShipment(connection: PlainConnection, closing: ShipmentClosing, receipt: AppendedMovement, at: Date): Promise<ShipmentClosure> {
  const [row] = await connection.rows<ClosedRow>({
    name: 'hz_close_shipment',
    text: `update ledger_shipment s set closed_at = $1, shortfall = s.shipped - s.received - s.cancelled
      where s.id = $2 and s.closed_at is null
      returning s.shipped::text as shipped, s.received::text as received, s.shortfall::text as shortfall,
                s.shortfall > s.shipped * $3::numeric as beyond, s.out_entry_id, s.sender_code, s.out_hash,
                (select e.seq from ledger_entry e where e.id = s.out_entry_id) as out_seq`,
    values: [at, closing.shipmentId, String(closing.tolerance)],
  });
  if (!row) throw LedgerError.shipmentClosed(closing.code);
  return {
    shipmentId: closing.shipmentId,
    out: { entryId: String(row.out_entry_id), chain: row.sender_code, seq: Number(row.out_seq), hash: row.out_hash },
    receipt,
    shipped: canonical(row.shipped),
    received: canonical(row.received),
    shortfall: canonical(row.shortfall),
    beyondTolerance: row.beyond,
  };
}
