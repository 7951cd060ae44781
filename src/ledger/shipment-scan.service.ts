import crypto from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { requireEnterprise } from '../access/policy';
import { Viewer } from '../access/viewer';
import { Config } from '../config';
import { LookupsPerTurn } from '../db/lookups-per-turn';
import { withConnection } from '../db/plain-connection';
import { rawQuery } from '../db/raw-query';
import { batchCodeProblem, normalizeBatchCode, parseBatchCode } from '../proof/batch-code';
import { isValidCreditCode } from '../proof/credit-code';
import { formatThousandths, parseThousandths } from '../proof/quantity';
import { normalizeShipmentCode, shipmentCodeProblem } from '../proof/shipment-code';
import { Unit } from '../registry/registry.enums';
import { Clock, systemClock } from '../shared/clock';
import { AccessError, DomainError } from '../shared/domain-error';
import { LedgerEntry } from './ledger-entry.entity';
import { LedgerError } from './ledger.errors';
import { Direction, MovementReason } from './ledger.enums';
import { MovementInput } from './ledger.inputs';
import { GroupCommit } from './group-commit';
import { LedgerService } from './ledger.service';
import { MovementObserver } from './movement-observer';
import { DispatchBatchInput, ReceiveShipmentInput, ScanResult } from './shipment-scan.inputs';
import { Shipment } from './shipment.entity';

interface ShipmentRow {
  id: string;
  code: string;
  receiver_code: string;
  sender_code: string;
  product_code: string;
  batch: string;
  in_transit: string;
  closed_at: Date | null;
  out_hash: string;
  reason: MovementReason;
  unit: Unit;
  transport_doc: string | null;
}

/**
 * The shipments concurrent scans name, with what their OUT entries say, in one statement (lookups-per-turn.ts)
 * sent as the append's own are: named, on a pooled connection, no query builder.
 */
const shipmentsByCode = new LookupsPerTurn<string, ShipmentRow | undefined>(async (em, codes) => {
  const rows = await withConnection(em, (connection) =>
    connection.rows<ShipmentRow>({
      name: 'hz_scan_shipments',
      text: `select s.id::text as id, s.code, s.receiver_code, s.sender_code, s.product_code, s.batch, s.in_transit::text as in_transit, s.closed_at, s.out_hash,
                    e.reason, e.unit, e.transport_doc
               from ledger_shipment s join ledger_entry e on e.id = s.out_entry_id where s.code = any($1::text[])`,
      values: [codes],
    }),
  );
  const found = new Map(rows.map((row) => [row.code, row]));
  return codes.map((code) => found.get(code));
});

/** What a receipt is called, by what the sender shipped it as. */
const RECEIPT_REASON: Partial<Record<MovementReason, MovementReason>> = {
  [MovementReason.TRANSFER_OUT]: MovementReason.TRANSFER_IN,
  [MovementReason.RETURN_OUT]: MovementReason.RETURN_IN,
};
const DISPATCH_REASONS = [MovementReason.SALE, MovementReason.TRANSFER_OUT, MovementReason.RETURN_OUT, MovementReason.DISPOSAL];

/**
 * Scanning at both ends of a shipment (docs/scanning.md): the sender scans a batch code as it
 * leaves (dispatchBatch), the receiver scans the shipment code on the transport document
 * (receiveShipment). Each makes one ordinary ledger entry through recordMovements, so every
 * rule of the ledger holds; refusals name the scan's own fields.
 */
export class ShipmentScanService {
  private readonly ledger: LedgerService;

  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock = systemClock,
    private readonly config: Pick<Config, 'clockSkewMs' | 'receiptTolerance'> = { clockSkewMs: 300_000, receiptTolerance: 0.005 },
    observers: readonly MovementObserver[] = [],
    /** The process's group commit: a scan is a single call like any other (group-commit.ts). */
    groupCommit?: GroupCommit,
  ) {
    this.ledger = new LedgerService(em, clock, config, observers, groupCommit);
  }

  /**
   * Receives a shipment by its code into one of the receiver's warehouses: the receipt names the
   * shipper's OUT entry (sourceHash), its product, batch, unit and transport document, and closes
   * the shipment; what is missing then is its shortfall. Only the named receiver, once.
   */
  async receiveShipment(viewer: Viewer, input: ReceiveShipmentInput): Promise<ScanResult> {
    const chain = requireEnterprise(viewer);
    const code = normalizeShipmentCode(input.code ?? '');
    const problem = shipmentCodeProblem(code);
    if (problem) throw LedgerError.invalidCode(['input', 'code'], `"${input.code}" is not a valid shipment code (${problem}): probably mistyped`, problem);
    const row = await shipmentsByCode.ask(this.em, code);
    if (!row) throw LedgerError.shipmentNotFound(code);
    if (row.receiver_code !== chain) throw AccessError.forbidden(`Shipment ${code} was sent to another enterprise: only it receives it`, ['input', 'code']);
    const inTransit = parseThousandths(row.in_transit) as bigint;
    if (row.closed_at || inTransit === 0n) throw LedgerError.shipmentClosed(code);
    let quantity = inTransit;
    if (input.quantity != null) {
      const given = parseThousandths(input.quantity);
      if (typeof given !== 'bigint' || given <= 0n || given > inTransit) {
        throw LedgerError.invalid(['input', 'quantity'], `quantity must be a positive decimal with at most 3 fractional digits, at most the ${formatThousandths(inTransit)} in transit`);
      }
      quantity = given;
    }
    const movement: MovementInput = {
      direction: Direction.IN,
      reason: RECEIPT_REASON[row.reason] ?? MovementReason.PURCHASE,
      warehouse: input.warehouse,
      product: row.product_code,
      batch: row.batch,
      quantity: formatThousandths(quantity),
      unit: row.unit,
      counterparty: row.sender_code,
      sourceHash: row.out_hash,
      transportDoc: row.transport_doc,
      occurredAt: this.clock.now().toISOString(),
    };
    const closing = { shipmentId: String(row.id), code, tolerance: this.config.receiptTolerance };
    const entry = await this.appendOne(viewer, `receipt-${code}`, movement, closing);
    return { entry, shipmentId: String(row.id) };
  }

  /**
   * Ships a quantity of a batch, named by its scanned code, to another enterprise: an OUT entry
   * with the counterparty, which opens a shipment with its code for the transport document.
   */
  async dispatchBatch(viewer: Viewer, input: DispatchBatchInput): Promise<ScanResult> {
    const chain = requireEnterprise(viewer);
    const batchCode = normalizeBatchCode(input.batchCode ?? '');
    const problem = batchCodeProblem(batchCode);
    if (problem) throw LedgerError.invalidCode(['input', 'batchCode'], `"${input.batchCode}" is not a valid batch code (${problem})`, problem);
    if (!isValidCreditCode(input.counterparty) || input.counterparty === chain) {
      throw LedgerError.invalid(['input', 'counterparty'], 'counterparty must be the credit code of another enterprise');
    }
    if (!DISPATCH_REASONS.includes(input.reason)) throw LedgerError.invalid(['input', 'reason'], `reason must be one of ${DISPATCH_REASONS.join(', ')}`);
    const { traceCode, batch } = parseBatchCode(batchCode);
    const held = await rawQuery<{ unit: Unit; warehouse: string | null }>(
      this.em,
      `select p.unit, w.code as warehouse from product p
         left join ledger_balance b on b.product_id = p.id and b.batch = ? and b.quantity > 0
              and b.enterprise_id = (select id from enterprise where credit_code = ?)
         left join warehouse w on w.id = b.warehouse_id
        where p.trace_code = ? order by w.code`,
      [batch, chain, traceCode],
    );
    if (held.length === 0) throw LedgerError.productNotFound(['input', 'batchCode'], traceCode);
    const holding = held.flatMap((h) => (h.warehouse ? [h.warehouse] : []));
    let warehouse = input.warehouse ?? null;
    if (warehouse === null) {
      if (holding.length !== 1) {
        const where = holding.length ? `it is held in ${holding.join(', ')}` : 'no warehouse of this enterprise holds it';
        throw LedgerError.invalid(['input', 'warehouse'], `Name the warehouse batch ${batch} leaves: ${where}`);
      }
      warehouse = holding[0];
    }
    const movement: MovementInput = {
      direction: Direction.OUT,
      reason: input.reason,
      warehouse,
      batchCode,
      quantity: input.quantity,
      unit: held[0].unit,
      counterparty: input.counterparty,
      transportDoc: input.transportDoc ?? null,
      occurredAt: this.clock.now().toISOString(),
    };
    const entry = await this.appendOne(viewer, input.requestId ?? `dispatch-${crypto.randomUUID()}`, movement);
    const [opened] = await rawQuery<{ id: string }>(this.em, 'select id::text as id from ledger_shipment where out_entry_id = ?', [entry.id]);
    return { entry, shipmentId: opened.id };
  }

  /** The shipment a scan opened or closed, as it is now. */
  shipment(id: string): Promise<Shipment> {
    return this.em.findOneOrFail(Shipment, { id }, { refresh: true });
  }

  /** One entry through the ledger; a refusal about the entry names the scan's own field (input.quantity, not input.entries.0.quantity). */
  private async appendOne(viewer: Viewer, requestId: string, movement: MovementInput, closing?: Parameters<LedgerService['recordMovements']>[2]): Promise<LedgerEntry> {
    try {
      const { entries } = await this.ledger.recordMovements(viewer, { requestId, entries: [movement] }, closing);
      return entries[0];
    } catch (error) {
      const field = error instanceof DomainError ? error.field : undefined;
      if (error instanceof DomainError && field && field[0] === 'input' && field[1] === 'entries') {
        const Kind = error.constructor as typeof DomainError;
        throw new Kind(error.code, error.message.replace(/^Entry 0: /, ''), ['input', ...field.slice(3)], error.details);
      }
      throw error;
    }
  }
}
