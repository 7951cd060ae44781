import { formatThousandths } from '../proof/quantity';
import { entryField, LedgerError } from './ledger.errors';
import { Direction, MovementReason } from './ledger.enums';
import { SubmittedMovement } from './movement-submission';
import { AppendState, balanceKey, CorrectedRow, heldKey, ProductRef, ResolvedReferences, ShipmentState, SourceRow, thousandths } from './append-state';

/**
 * Each entry in order, against the running state. A broken rule is thrown; with `skip` (a dry run), it is
 * passed to skip instead and the entry left out, so the entries after it are checked as if it were removed.
 */
export function applyAppendRules(
  chain: string,
  movements: readonly SubmittedMovement[],
  refs: ResolvedReferences,
  state: AppendState,
  skip?: (problem: LedgerError) => void,
): void {
  const { sources, corrected, shipments, balances, held } = state;
  const productOf = (code: string) => refs.products.get(code)!;
  const warehouseOf = (code: string) => refs.warehouses.get(code)!;
  const correctedSoFar = new Map<string, bigint>();
  for (const m of movements) {
    try {
      applyRules(m);
    } catch (problem) {
      if (!skip || !(problem instanceof LedgerError)) throw problem;
      skip(problem);
    }
  }

  function applyRules(m: SubmittedMovement): void {
    const warehouse = warehouseOf(m.warehouse);
    const product = productOf(m.product);
    if (m.sourceHash) receiveAgainst(m, sources.get(m.sourceHash), shipments, chain, product);
    // A state shared by calls of several chains (group commit) holds their corrected entries: only this chain's count.
    if (m.corrects) correct(m, onChain(corrected.get(m.corrects), chain), shipments, correctedSoFar, warehouse, product);
    (m.inputs ?? []).forEach((ref, j) => {
      if (!held.has(heldKey(refs.enterprise.id, productOf(ref.product).id, ref.batch))) {
        throw LedgerError.breaksRule(entryField(m.index, 'inputs', j), 'INPUT_NOT_HELD', `Entry ${m.index}: this enterprise never held batch ${ref.batch} of ${ref.product}`);
      }
    });
    const key = balanceKey(warehouse.id, product.id, m.batch);
    const before = balances.get(key) ?? 0n;
    if (m.direction === 'OUT' && before < m.thousandths) {
      throw LedgerError.insufficientStock(m.index, { warehouse: m.warehouse, product: m.product, batch: m.batch }, formatThousandths(before), m.quantity);
    }
    balances.set(key, m.direction === 'IN' ? before + m.thousandths : before - m.thousandths);
    if (m.direction === 'IN') held.add(heldKey(refs.enterprise.id, product.id, m.batch));
  }
}

const onChain = (row: CorrectedRow | undefined, chain: string) => (row?.chain === chain ? row : undefined);

function receiveAgainst(m: SubmittedMovement, source: SourceRow | undefined, shipments: Map<string, ShipmentState>, chain: string, product: ProductRef): void {
  const field = entryField(m.index, 'sourceHash');
  if (!source) throw LedgerError.entryNotFound(field, m.sourceHash!, 'OUT entry');
  const shipment = shipments.get(String(source.id));
  if (source.direction !== Direction.OUT || source.reason === MovementReason.CORRECTION || !shipment) {
    throw LedgerError.breaksRule(field, 'SOURCE_NOT_OUT', `Entry ${m.index}: sourceHash names an entry that is not an OUT shipped to a counterparty`);
  }
  if (source.chain !== m.counterparty) {
    throw LedgerError.breaksRule(field, 'SOURCE_CHAIN', `Entry ${m.index}: sourceHash names an entry of chain ${source.chain}, not of the counterparty ${m.counterparty}`);
  }
  if (shipment.receiverCode !== chain) {
    throw LedgerError.breaksRule(field, 'SOURCE_RECEIVER', `Entry ${m.index}: that OUT entry was shipped to ${shipment.receiverCode}, not to this enterprise`);
  }
  if (String(source.product_id) !== product.id || source.batch !== m.batch) {
    throw LedgerError.breaksRule(field, 'SOURCE_BATCH', `Entry ${m.index}: that OUT entry shipped another product or batch`);
  }
  const open = shipment.shipped - shipment.received - shipment.cancelled;
  if (m.thousandths > open) {
    throw LedgerError.breaksRule(
      entryField(m.index, 'quantity'),
      'OVER_RECEIPT',
      `Entry ${m.index}: ${m.quantity} received against a shipment with ${formatThousandths(open)} still in transit`,
    );
  }
  shipment.received += m.thousandths;
  shipment.touched = true;
}

function correct(
  m: SubmittedMovement,
  target: CorrectedRow | undefined,
  shipments: Map<string, ShipmentState>,
  correctedSoFar: Map<string, bigint>,
  warehouse: { id: string },
  product: ProductRef,
): void {
  if (!target) throw LedgerError.entryNotFound(entryField(m.index, 'corrects'), m.corrects!, 'entry of this chain');
  const mismatch = (name: string, what: string) =>
    LedgerError.breaksRule(entryField(m.index, name), 'CORRECTION_MISMATCH', `Entry ${m.index}: a CORRECTION ${what} of the entry it corrects`);
  if (target.reason === MovementReason.CORRECTION) {
    throw LedgerError.breaksRule(entryField(m.index, 'corrects'), 'CORRECTS_CORRECTION', `Entry ${m.index}: a CORRECTION is not itself corrected; record a new movement`);
  }
  if (target.direction === m.direction) throw mismatch('direction', 'reverses the direction');
  if (String(target.warehouse_id) !== warehouse.id) throw mismatch('warehouse', 'names the warehouse');
  if (String(target.product_id) !== product.id) throw mismatch('product', 'names the product');
  if (target.batch !== m.batch) throw mismatch('batch', 'names the batch');
  const done = thousandths(target.corrected) + (correctedSoFar.get(target.id) ?? 0n);
  const remaining = thousandths(target.quantity) - done;
  if (m.thousandths > remaining) {
    throw LedgerError.breaksRule(
      entryField(m.index, 'quantity'),
      'OVER_CORRECTION',
      `Entry ${m.index}: only ${formatThousandths(remaining)} of the corrected entry is left to correct`,
    );
  }
  const shipped = shipments.get(String(target.id));
  if (shipped) {
    const open = shipped.shipped - shipped.received - shipped.cancelled;
    if (m.thousandths > open) {
      throw LedgerError.breaksRule(
        entryField(m.index, 'quantity'),
        'SHIPMENT_RECEIVED',
        `Entry ${m.index}: only ${formatThousandths(open)} of that shipment is still in transit; the receiver has the rest`,
      );
    }
    shipped.cancelled += m.thousandths;
    shipped.touched = true;
  }
  const received = target.source_entry_id ? shipments.get(String(target.source_entry_id)) : undefined;
  if (received) {
    received.received -= m.thousandths;
    received.touched = true;
  }
  correctedSoFar.set(target.id, (correctedSoFar.get(target.id) ?? 0n) + m.thousandths);
}
