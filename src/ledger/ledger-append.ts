import { EntityManager } from '@mikro-orm/postgresql';
import { formatBatchCode, isCodableBatchNumber } from '../proof/batch-code';
import { EntryFields, GENESIS_PREV_HASH, sealEntries } from '../proof/canonical-entry';
import { formatThousandths, parseThousandths } from '../proof/quantity';
import { Enterprise } from '../registry/enterprise.entity';
import { Product } from '../registry/product.entity';
import { Unit } from '../registry/registry.enums';
import { Warehouse } from '../registry/warehouse.entity';
import { LedgerEntry } from './ledger-entry.entity';
import { entryField, LedgerError } from './ledger.errors';
import { Direction, MovementReason } from './ledger.enums';
import { AppendedMovement } from './movement-observer';
import { businessFields, Submission, SubmittedMovement } from './movement-submission';
import { preparedQuery, rawQuery } from '../db/raw-query';

/** What the registry says about a submission's codes, looked up before the transaction. */
export interface ProductRef {
  id: string;
  unit: Unit;
  chemicalSerial: number;
}

/** What a submission names, resolved by code before the chain is locked. */
export interface ResolvedReferences {
  enterprise: { id: string };
  warehouses: Map<string, { id: string }>;
  products: Map<string, ProductRef>;
  /** Registered counterparties by credit code; an unregistered one is simply absent. */
  counterparties: Map<string, { id: string }>;
}

export interface ChainHeadRow {
  last_seq: number;
  last_hash: string;
}

interface SourceRow {
  id: string;
  hash: string;
  chain: string;
  direction: Direction;
  reason: MovementReason;
  product_id: string;
  batch: string;
}

interface CorrectedRow extends SourceRow {
  warehouse_id: string;
  quantity: string;
  source_entry_id: string | null;
  corrected: string | null;
}

interface ShipmentRow {
  id: string;
  out_entry_id: string;
  receiver_code: string;
  shipped: string;
  received: string;
  cancelled: string;
}

interface ShipmentState {
  id: string;
  receiverCode: string;
  shipped: bigint;
  received: bigint;
  cancelled: bigint;
  touched: boolean;
}

const thousandths = (text: string | null): bigint => {
  const value = parseThousandths(text ?? '0');
  if (typeof value !== 'bigint') throw new Error(`Stored quantity "${text}" is not a decimal`);
  return value;
};

const balanceKey = (warehouseId: string, productId: string, batch: string) => `${warehouseId}\u0000${productId}\u0000${batch}`;
const batchKey = (productId: string, batch: string) => `${productId}\u0000${batch}`;

/** (warehouse, product, batch): ids numerically, batch in code-point order (the order of collation "C" on UTF-8). */
function sortBalanceKeys<K extends { w: string; p: string; b: string }>(keys: readonly K[]): K[] {
  const sortable = keys.map((k) => ({ k, w: BigInt(k.w), p: BigInt(k.p), b: [...k.b].map((c) => c.codePointAt(0)!) }));
  sortable.sort((x, y) => {
    if (x.w !== y.w) return x.w < y.w ? -1 : 1;
    if (x.p !== y.p) return x.p < y.p ? -1 : 1;
    for (let i = 0; i < Math.min(x.b.length, y.b.length); i++) if (x.b[i] !== y.b[i]) return x.b[i] - y.b[i];
    return x.b.length - y.b.length;
  });
  return sortable.map((s) => s.k);
}

export interface PriorRequest {
  digest: string;
  first_seq: number;
  entry_count: number;
}

/**
 * Locks the chain's head row (creating it on the first append), so appends to
 * one chain run one at a time, then reads what this requestId recorded before.
 * Two statements on purpose: read after the lock is granted, a concurrent
 * identical submission that committed meanwhile is seen.
 */
export async function lockChainHead(
  em: EntityManager,
  chain: string,
  enterpriseId: string,
  requestId: string,
): Promise<{ head: ChainHeadRow; prior: PriorRequest | null }> {
  const select = () => preparedQuery<ChainHeadRow>(em, 'hz_append_head', 'select last_seq, last_hash from ledger_chain where chain = ? for update', [chain]);
  let [head] = await select();
  if (!head) {
    // No conflict target: two first submissions racing may collide on either unique key (chain or
    // enterprise_id, which name the same enterprise); either way the other one created the chain.
    await rawQuery(em, 'insert into ledger_chain (chain, enterprise_id, last_seq, last_hash) values (?, ?, 0, ?) on conflict do nothing', [
      chain,
      enterpriseId,
      GENESIS_PREV_HASH,
    ]);
    [head] = await select();
  }
  const [prior] = await preparedQuery<PriorRequest>(em, 'hz_append_prior', 'select digest, first_seq, entry_count from ledger_request where chain = ? and request_id = ?', [
    chain,
    requestId,
  ]);
  return { head, prior: prior ?? null };
}

/**
 * Appends a checked submission under the chain lock: enforces the rules that
 * need the ledger's state (stock, shipments, corrections, production inputs),
 * seals the entries and writes them, their balances, shipments and the request
 * with one multi-row statement each. Returns the appended movements.
 */
export async function appendSubmission(
  em: EntityManager,
  chain: string,
  head: ChainHeadRow,
  submission: Submission,
  refs: ResolvedReferences,
  recordedAt: Date,
): Promise<{ appended: AppendedMovement[]; entries: LedgerEntry[] }> {
  const { movements } = submission;
  const enterpriseId = refs.enterprise.id;
  const productOf = (code: string) => refs.products.get(code)!;
  const warehouseOf = (code: string) => refs.warehouses.get(code)!;

  // Entries named by sourceHash (any chain) and by corrects (this chain). The hashes are cast to the
  // column's type, char(64): compared as text, the unique index on hash could not be used.
  const sourceHashes = unique(movements.map((m) => m.sourceHash));
  const correctsHashes = unique(movements.map((m) => m.corrects));
  const sources = new Map<string, SourceRow>();
  if (sourceHashes.length) {
    const rows = await preparedQuery<SourceRow>(
      em,
      'hz_append_sources',
      `select id, hash, chain, direction, reason, product_id, batch from ledger_entry where hash = any(array(select jsonb_array_elements_text(?::jsonb)::char(64)))`,
      [JSON.stringify(sourceHashes)],
    );
    for (const row of rows) sources.set(row.hash, row);
  }
  const corrected = new Map<string, CorrectedRow>();
  if (correctsHashes.length) {
    const rows = await preparedQuery<CorrectedRow>(
      em,
      'hz_append_corrected',
      `select e.id, e.hash, e.chain, e.direction, e.reason, e.product_id, e.batch, e.warehouse_id, e.quantity, e.source_entry_id,
              (select sum(c.quantity) from ledger_entry c where c.corrects_entry_id = e.id) as corrected
         from ledger_entry e
        where e.chain = ? and e.hash = any(array(select jsonb_array_elements_text(?::jsonb)::char(64)))`,
      [chain, JSON.stringify(correctsHashes)],
    );
    for (const row of rows) corrected.set(row.hash, row);
  }

  // Shipments these entries receive against or correct, locked in id order (other chains touch them too).
  const shipmentEntryIds = unique([
    ...[...sources.values()].map((s) => s.id),
    ...[...corrected.values()].flatMap((c) => [c.id, c.source_entry_id]),
  ]);
  const shipments = new Map<string, ShipmentState>();
  if (shipmentEntryIds.length) {
    const rows = await preparedQuery<ShipmentRow>(
      em,
      'hz_append_shipments',
      `select id, out_entry_id, receiver_code, shipped, received, cancelled from ledger_shipment
        where out_entry_id = any(array(select jsonb_array_elements_text(?::jsonb)::bigint)) order by id for update`,
      [JSON.stringify(shipmentEntryIds)],
    );
    for (const row of rows) {
      shipments.set(String(row.out_entry_id), {
        id: String(row.id),
        receiverCode: row.receiver_code,
        shipped: thousandths(row.shipped),
        received: thousandths(row.received),
        cancelled: thousandths(row.cancelled),
        touched: false,
      });
    }
  }

  // Balances these entries move, locked in a fixed order: the keys are sent sorted and each is
  // looked up (and locked) through the unique index in that order. (A plain join lets the planner
  // hash-join a sequential scan of the whole balance table, since it cannot see how few keys come.)
  const keys = new Map<string, { w: string; p: string; b: string }>();
  for (const m of movements) {
    const w = warehouseOf(m.warehouse).id;
    const p = productOf(m.product).id;
    keys.set(balanceKey(w, p, m.batch), { w, p, b: m.batch });
  }
  const balances = new Map<string, bigint>();
  const lockedBalances = await preparedQuery<{ warehouse_id: string; product_id: string; batch: string; quantity: string }>(
    em,
    'hz_append_balances',
    `select b.warehouse_id, b.product_id, b.batch, b.quantity
       from json_to_recordset(?::json) as k(w bigint, p bigint, b text, n int)
      cross join lateral (
        select x.warehouse_id, x.product_id, x.batch, x.quantity from ledger_balance x
         where x.warehouse_id = k.w and x.product_id = k.p and x.batch = k.b for update
      ) b
      order by k.n`,
    [JSON.stringify(sortBalanceKeys([...keys.values()]).map((k, n) => ({ ...k, n })))],
  );
  for (const row of lockedBalances) balances.set(balanceKey(String(row.warehouse_id), String(row.product_id), row.batch), thousandths(row.quantity));

  // Batches this enterprise has held (for production inputs).
  const inputKeys = unique(movements.flatMap((m) => (m.inputs ?? []).map((ref) => JSON.stringify({ p: productOf(ref.product).id, b: ref.batch }))));
  const held = new Set<string>();
  if (inputKeys.length) {
    const rows = await preparedQuery<{ product_id: string; batch: string }>(
      em,
      'hz_append_held',
      `select distinct b.product_id, b.batch from json_to_recordset(?::json) as k(p bigint, b text)
        cross join lateral (select x.product_id, x.batch from ledger_balance x where x.product_id = k.p and x.batch = k.b and x.enterprise_id = ? offset 0) b`,
      [`[${inputKeys.join(',')}]`, enterpriseId],
    );
    for (const row of rows) held.add(batchKey(String(row.product_id), row.batch));
  }

  // Each entry in order, against the running state.
  const correctedSoFar = new Map<string, bigint>();
  for (const m of movements) {
    const warehouse = warehouseOf(m.warehouse);
    const product = productOf(m.product);
    if (m.sourceHash) receiveAgainst(m, sources.get(m.sourceHash), shipments, chain, product);
    if (m.corrects) correct(m, corrected.get(m.corrects), shipments, correctedSoFar, warehouse, product);
    (m.inputs ?? []).forEach((ref, j) => {
      if (!held.has(batchKey(productOf(ref.product).id, ref.batch))) {
        throw LedgerError.breaksRule(entryField(m.index, 'inputs', j), 'INPUT_NOT_HELD', `Entry ${m.index}: this enterprise never held batch ${ref.batch} of ${ref.product}`);
      }
    });
    const key = balanceKey(warehouse.id, product.id, m.batch);
    const before = balances.get(key) ?? 0n;
    if (m.direction === 'OUT' && before < m.thousandths) {
      throw LedgerError.insufficientStock(m.index, { warehouse: m.warehouse, product: m.product, batch: m.batch }, formatThousandths(before), m.quantity);
    }
    balances.set(key, m.direction === 'IN' ? before + m.thousandths : before - m.thousandths);
    if (m.direction === 'IN') held.add(batchKey(product.id, m.batch));
  }

  // Seal and write.
  const recordedAtText = recordedAt.toISOString();
  const fields: EntryFields[] = movements.map((m) => ({ ...businessFields(m), recordedAt: recordedAtText, requestId: submission.requestId }));
  const sealed = sealEntries(chain, head.last_seq, head.last_hash, fields);
  const rows = movements.map((m, i) => ({
    seq: sealed[i].seq,
    prev_hash: sealed[i].prevHash,
    hash: sealed[i].hash,
    canonical: sealed[i].canonical,
    direction: m.direction,
    reason: m.reason,
    warehouse_id: warehouseOf(m.warehouse).id,
    warehouse_code: m.warehouse,
    product_id: productOf(m.product).id,
    product_code: m.product,
    batch: m.batch,
    quantity: m.quantity,
    unit: m.unit,
    counterparty_code: m.counterparty,
    counterparty_id: m.counterparty ? (refs.counterparties.get(m.counterparty)?.id ?? null) : null,
    source_hash: m.sourceHash,
    source_entry_id: m.sourceHash ? sources.get(m.sourceHash)!.id : null,
    inputs: m.inputs,
    corrects: m.corrects,
    corrects_entry_id: m.corrects ? corrected.get(m.corrects)!.id : null,
    transport_doc: m.transportDoc,
    occurred_at: fields[i].occurredAt,
    recorded_at: fields[i].recordedAt,
    request_id: fields[i].requestId,
  }));
  const productionInputs = movements.flatMap((m, i) => (m.inputs ?? []).map((ref) => ({ s: sealed[i].seq, p: productOf(ref.product).id, b: ref.batch })));
  const newShipments = movements.flatMap((m, i) =>
    m.direction === 'OUT' && m.counterparty && m.reason !== MovementReason.CORRECTION
      ? [{ s: sealed[i].seq, h: sealed[i].hash, rc: m.counterparty, r: refs.counterparties.get(m.counterparty)?.id ?? null, p: productOf(m.product).id, pc: m.product, b: m.batch, q: m.quantity, t: fields[i].occurredAt }]
      : [],
  );
  const originBatches = batchesEntering(movements, sealed, refs, productOf);
  const changedShipments = [...shipments.values()]
    .filter((x) => x.touched)
    .map((x) => ({ id: x.id, received: formatThousandths(x.received), cancelled: formatThousandths(x.cancelled) }));
  const newBalances = [...keys.entries()].map(([key, k]) => ({ ...k, q: formatThousandths(balances.get(key)!) }));
  const firstSeq = head.last_seq + 1;
  const last = sealed[sealed.length - 1];

  // Every write of the append in one statement: entries, production inputs, shipments opened and
  // moved, balances, the request and the chain head. Rows travel as JSON documents.
  const inserted = await preparedQuery<{ id: string; seq: number }>(
    em,
    'hz_append_write',
    `with ins as (
       insert into ledger_entry (chain, enterprise_id, seq, prev_hash, hash, canonical, direction, reason, warehouse_id, warehouse_code,
                                 product_id, product_code, batch, quantity, unit, counterparty_code, counterparty_id, source_hash, source_entry_id,
                                 inputs, corrects, corrects_entry_id, transport_doc, occurred_at, recorded_at, request_id)
       select ?, ?, x.seq, x.prev_hash, x.hash, x.canonical, x.direction::ledger_direction, x.reason::ledger_reason, x.warehouse_id,
              x.warehouse_code, x.product_id, x.product_code, x.batch, x.quantity, x.unit::unit, x.counterparty_code, x.counterparty_id,
              x.source_hash, x.source_entry_id, x.inputs, x.corrects, x.corrects_entry_id, x.transport_doc, x.occurred_at, x.recorded_at, x.request_id
         from json_to_recordset(?::json) as x(seq int, prev_hash text, hash text, canonical text, direction text, reason text,
              warehouse_id bigint, warehouse_code text, product_id bigint, product_code text, batch text, quantity numeric, unit text,
              counterparty_code text, counterparty_id bigint, source_hash text, source_entry_id bigint, inputs jsonb, corrects text,
              corrects_entry_id bigint, transport_doc text, occurred_at timestamptz, recorded_at timestamptz, request_id text)
        order by x.seq
       returning id, seq
     ), production_inputs as (
       insert into ledger_production_input (entry_id, product_id, batch)
       select ins.id, y.p, y.b from json_to_recordset(?::json) as y(s int, p bigint, b text) join ins on ins.seq = y.s
     ), opened as (
       insert into ledger_shipment (out_entry_id, out_hash, sender_id, sender_code, receiver_code, receiver_id, product_id, product_code, batch, shipped, shipped_at)
       select ins.id, y.h, ?, ?, y.rc, y.r, y.p, y.pc, y.b, y.q, y.t
         from json_to_recordset(?::json) as y(s int, h text, rc text, r bigint, p bigint, pc text, b text, q numeric, t timestamptz)
         join ins on ins.seq = y.s
     ), moved as (
       update ledger_shipment s set received = y.received, cancelled = y.cancelled
         from json_to_recordset(?::json) as y(id bigint, received numeric, cancelled numeric) where s.id = y.id
     ), coded as (
       insert into batch (code, product_id, product_code, batch_number, origin_id, origin_code, first_entry_hash, registered_at)
       select y.c, y.p, y.pc, y.b, ?, ?, y.h, ? from json_to_recordset(?::json) as y(c text, p bigint, pc text, b text, h text)
       on conflict (product_id, batch_number) do update set first_entry_hash = excluded.first_entry_hash where batch.first_entry_hash is null
     ), balances as (
       insert into ledger_balance (enterprise_id, warehouse_id, product_id, batch, quantity, updated_at)
       select ?, y.w, y.p, y.b, y.q, ? from json_to_recordset(?::json) as y(w bigint, p bigint, b text, q numeric)
        order by y.w, y.p, y.b collate "C"
       on conflict (warehouse_id, product_id, batch) do update set quantity = excluded.quantity, updated_at = excluded.updated_at
     ), request as (
       insert into ledger_request (chain, request_id, digest, first_seq, entry_count, recorded_at)
       values (?, ?, ?, ?, ?, ?)
     ), chain_head as (
       update ledger_chain set last_seq = ?, last_hash = ? where chain = ?
     )
     select id, seq from ins`,
    [
      chain,
      enterpriseId,
      JSON.stringify(rows),
      JSON.stringify(productionInputs),
      enterpriseId,
      chain,
      JSON.stringify(newShipments),
      JSON.stringify(changedShipments),
      enterpriseId,
      chain,
      recordedAt,
      JSON.stringify(originBatches),
      enterpriseId,
      recordedAt,
      JSON.stringify(newBalances),
      chain,
      submission.requestId,
      submission.digest,
      firstSeq,
      sealed.length,
      recordedAt,
      last.seq,
      last.hash,
      chain,
    ],
  );
  const idBySeq = new Map(inserted.map((r) => [Number(r.seq), String(r.id)]));
  const entries = rows.map((row) => writtenEntry(chain, enterpriseId, idBySeq.get(row.seq)!, row));
  const ids = entries.map((e) => e.id);

  const appended = movements.map(
    (m, i): AppendedMovement => ({
      entryId: ids[i],
      chain,
      seq: sealed[i].seq,
      hash: sealed[i].hash,
      direction: m.direction,
      reason: m.reason,
      warehouseCode: m.warehouse,
      productCode: m.product,
      chemicalSerial: productOf(m.product).chemicalSerial,
      batch: m.batch,
      quantity: m.quantity,
      counterparty: m.counterparty,
      sourceHash: m.sourceHash,
      transportDoc: m.transportDoc,
      occurredAt: m.occurredAt,
    }),
  );
  return { appended, entries };
}

/**
 * Batches entering the ledger at their origin with these entries, to be coded (docs/trace-code.md): made
 * (PRODUCTION), imported, or bought from outside the system (a PURCHASE naming no shipment and no registered
 * seller). The first entry of a batch names it; a batch coded before keeps its code and gains that entry.
 */
function batchesEntering(
  movements: readonly SubmittedMovement[],
  sealed: readonly { hash: string }[],
  refs: ResolvedReferences,
  productOf: (code: string) => ProductRef,
): { c: string; p: string; pc: string; b: string; h: string }[] {
  const found = new Map<string, { c: string; p: string; pc: string; b: string; h: string }>();
  movements.forEach((m, i) => {
    const fromOutside = m.reason === MovementReason.PURCHASE && !m.sourceHash && !(m.counterparty && refs.counterparties.has(m.counterparty));
    const atOrigin = m.direction === 'IN' && (m.reason === MovementReason.PRODUCTION || m.reason === MovementReason.IMPORT || fromOutside);
    const key = batchKey(m.product, m.batch);
    if (!atOrigin || !isCodableBatchNumber(m.batch) || found.has(key)) return;
    found.set(key, { c: formatBatchCode(m.product, m.batch), p: productOf(m.product).id, pc: m.product, b: m.batch, h: sealed[i].hash });
  });
  return [...found.values()];
}

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

type WrittenRow = {
  seq: number;
  prev_hash: string;
  hash: string;
  canonical: string;
  direction: SubmittedMovement['direction'];
  reason: SubmittedMovement['reason'];
  warehouse_id: string;
  warehouse_code: string;
  product_id: string;
  product_code: string;
  batch: string;
  quantity: string;
  unit: Unit;
  counterparty_code: string | null;
  counterparty_id: string | null;
  source_hash: string | null;
  source_entry_id: string | null;
  inputs: LedgerEntry['inputs'];
  corrects: string | null;
  corrects_entry_id: string | null;
  transport_doc: string | null;
  occurred_at: string;
  recorded_at: string;
  request_id: string;
};

/** An entry as written, without reading it back: relations are id references that the GraphQL field resolvers load. */
function writtenEntry(chain: string, enterpriseId: string, id: string, row: WrittenRow): LedgerEntry {
  const ref = <T>(refId: string | null): T | null => (refId === null ? null : ({ id: refId } as T));
  return {
    id,
    version: 1,
    chain,
    enterprise: ref<Enterprise>(enterpriseId)!,
    seq: row.seq,
    prevHash: row.prev_hash,
    hash: row.hash,
    canonical: row.canonical,
    direction: row.direction as Direction,
    reason: row.reason as MovementReason,
    warehouse: ref<Warehouse>(row.warehouse_id)!,
    warehouseCode: row.warehouse_code,
    product: ref<Product>(row.product_id)!,
    productCode: row.product_code,
    batch: row.batch,
    quantity: row.quantity,
    unit: row.unit,
    counterpartyCode: row.counterparty_code,
    counterparty: ref<Enterprise>(row.counterparty_id),
    sourceHash: row.source_hash,
    sourceEntry: ref<LedgerEntry>(row.source_entry_id),
    inputs: row.inputs,
    corrects: row.corrects,
    correctsEntry: ref<LedgerEntry>(row.corrects_entry_id),
    transportDoc: row.transport_doc,
    occurredAt: new Date(row.occurred_at),
    recordedAt: new Date(row.recorded_at),
    requestId: row.request_id,
  } as LedgerEntry;
}

function unique<T>(values: readonly (T | null | undefined)[]): T[] {
  return [...new Set(values.filter((v): v is T => v !== null && v !== undefined))];
}
