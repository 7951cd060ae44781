import { EntityManager } from '@mikro-orm/postgresql';
import { rawQuery } from '../db/raw-query';
import { MovementObserver, ShipmentClosure } from '../ledger/movement-observer';
import { Alert } from './alert.entity';
import { AlertCode, AlertStatus } from './licensing.enums';

type AlertRow = Partial<Record<keyof Alert, unknown>>;

/**
 * The checks batch and shipment codes make possible (docs/scanning.md), raised as alerts for
 * regulators inside the ledger's transaction. Like the licence checks, it never refuses an entry.
 */
export class TraceabilityChecker implements MovementObserver {
  /** A receipt by scan that found more missing than the tolerance: one alert on each party's chain. */
  async afterShipmentClosed(em: EntityManager, closure: ShipmentClosure): Promise<void> {
    if (!closure.beyondTolerance) return;
    const { receipt, out } = closure;
    const [sender] = await rawQuery<{ id: string }>(em, 'select id from enterprise where credit_code = ?', [out.chain]);
    const [receiver] = await rawQuery<{ id: string }>(em, 'select id from enterprise where credit_code = ?', [receipt.chain]);
    const message = `Shipment of ${closure.shipped} of batch ${receipt.batch} of ${receipt.productCode} from ${out.chain} to ${receipt.chain}: ${closure.received} received, ${closure.shortfall} missing`;
    const common = { code: AlertCode.RECEIPT_SHORTFALL, status: AlertStatus.OPEN, chemical: receipt.chemicalSerial, message, occurredAt: receipt.occurredAt };
    const alerts: AlertRow[] = [
      { ...common, enterprise: receiver.id, chain: receipt.chain, entry: receipt.entryId, entryHash: receipt.hash, entrySeq: receipt.seq, counterparty: out.chain },
      { ...common, enterprise: sender.id, chain: out.chain, entry: out.entryId, entryHash: out.hash, entrySeq: out.seq, counterparty: receipt.chain },
    ];
    await em.createQueryBuilder(Alert).insert(alerts as never).execute();
  }
}
