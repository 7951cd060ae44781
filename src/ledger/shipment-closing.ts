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
  id: string;
  shipped: string;
  received: string;
  shortfall: string;
  beyond: boolean;
  out_entry_id: string;
  sender_id: string;
  sender_code: string;
  out_seq: number;
  out_hash: string;
}

const canonical = (text: string) => formatThousandths(parseThousandths(text) as bigint);

/** A receipt by scan just appended, and the shipment it closes. */
export interface ReceiptClosing {
  closing: ShipmentClosing;
  receipt: AppendedMovement;
  /** The receiver's enterprise id (the receipt's chain's). */
  receiverId: string;
}

/**
 * Closes the shipments of receipts by scan inside the receipts' transaction, after they have been counted (the
 * append locked the rows): one statement for a group's receipts. A shipment closed meanwhile by a concurrent
 * receipt is CONFLICT, which rolls the transaction back (a group's calls are then appended one by one).
 */
export async function closeShipments(connection: PlainConnection, receipts: readonly ReceiptClosing[], at: Date): Promise<ShipmentClosure[]> {
  if (receipts.length === 0) return [];
  const rows = await connection.rows<ClosedRow>({
    name: 'hz_close_shipments',
    text: `update ledger_shipment s set closed_at = $1, shortfall = s.shipped - s.received - s.cancelled
        from json_to_recordset($2::json) as k(id bigint, tolerance numeric)
      where s.id = k.id and s.closed_at is null and s.id = any(array(select (j->>'id')::bigint from json_array_elements($2::json) as j))
      returning s.id::text as id, s.shipped::text as shipped, s.received::text as received, s.shortfall::text as shortfall,
                s.shortfall > s.shipped * k.tolerance as beyond, s.out_entry_id, s.sender_id::text as sender_id, s.sender_code, s.out_hash,
                (select e.seq from ledger_entry e where e.id = s.out_entry_id) as out_seq`,
    values: [at, JSON.stringify(receipts.map(({ closing }) => ({ id: closing.shipmentId, tolerance: String(closing.tolerance) })))],
  });
  const closed = new Map(rows.map((row) => [row.id, row]));
  return receipts.map(({ closing, receipt, receiverId }) => {
    const row = closed.get(closing.shipmentId);
    if (!row) throw LedgerError.shipmentClosed(closing.code);
    return {
      shipmentId: closing.shipmentId,
      out: { entryId: String(row.out_entry_id), enterpriseId: row.sender_id, chain: row.sender_code, seq: Number(row.out_seq), hash: row.out_hash },
      receipt,
      receiverId,
      shipped: canonical(row.shipped),
      received: canonical(row.received),
      shortfall: canonical(row.shortfall),
      beyondTolerance: row.beyond,
    };
  });
}
