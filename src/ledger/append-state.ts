import { EntityManager } from '@mikro-orm/postgresql';
import { parseThousandths } from '../proof/quantity';
import { Unit } from '../registry/registry.enums';
import { Direction, MovementReason } from './ledger.enums';
import { SubmittedMovement } from './movement-submission';
import { withConnection } from '../db/plain-connection';

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

export interface SourceRow {
  id: string;
  hash: string;
  chain: string;
  direction: Direction;
  reason: MovementReason;
  product_id: string;
  batch: string;
}

export interface CorrectedRow extends SourceRow {
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

export interface ShipmentState {
  id: string;
  receiverCode: string;
  shipped: bigint;
  received: bigint;
  cancelled: bigint;
  touched: boolean;
}

export const thousandths = (text: string | null): bigint => {
  const value = parseThousandths(text ?? '0');
  if (typeof value !== 'bigint') throw new Error(`Stored quantity "${text}" is not a decimal`);
  return value;
};

export const balanceKey = (warehouseId: string, productId: string, batch: string) => `${warehouseId}\u0000${productId}\u0000${batch}`;
export const batchKey = (productId: string, batch: string) => `${productId}\u0000${batch}`;
/** A batch an enterprise has held: calls of several chains share one AppendState (group commit). */
export const heldKey = (enterpriseId: string, productId: string, batch: string) => `${enterpriseId}\u0000${productId}\u0000${batch}`;

/** (warehouse, product, batch): ids numerically, batch in code-point order (the order of collation "C" on UTF-8). */
export function sortBalanceKeys<K extends { w: string; p: string; b: string }>(keys: readonly K[]): K[] {
  const sortable = keys.map((k) => ({ k, w: BigInt(k.w), p: BigInt(k.p), b: [...k.b].map((c) => c.codePointAt(0)!) }));
  sortable.sort((x, y) => {
    if (x.w !== y.w) return x.w < y.w ? -1 : 1;
    if (x.p !== y.p) return x.p < y.p ? -1 : 1;
    for (let i = 0; i < Math.min(x.b.length, y.b.length); i++) if (x.b[i] !== y.b[i]) return x.b[i] - y.b[i];
    return x.b.length - y.b.length;
  });
  return sortable.map((s) => s.k);
}

/** What the append rules read: the entries named, the shipments and balances moved (locked), the batches held (heldKey). */
export interface AppendState {
  sources: Map<string, SourceRow>;
  corrected: Map<string, CorrectedRow>;
  shipments: Map<string, ShipmentState>;
  balances: Map<string, bigint>;
  keys: Map<string, { w: string; p: string; b: string }>;
  held: Set<string>;
}

/** One call's part of an append: its chain, its checked entries and what they name. */
export interface AppendCall {
  chain: string;
  movements: readonly SubmittedMovement[];
  refs: ResolvedReferences;
}

/** Rows as the state statement returns them: json_agg of json_build_object, ids and quantities as text. */
export interface StateRows {
  sources: SourceRow[] | null;
  corrected: CorrectedRow[] | null;
  shipments: ShipmentRow[] | null;
  balances: { warehouse_id: string; product_id: string; batch: string; quantity: string }[] | null;
  held: { enterprise_id: string; product_id: string; batch: string }[] | null;
}

/**
 * What the rules of these calls' movements need, as parts of one statement: `ctes` to open its WITH list,
 * `columns` (sources, corrected, shipments, balances, held) for its select list, in this order, with their
 * values, their placeholders numbered from `first`. Run on its own (loadAppendState) or after the chains' heads
 * in the append's first statement (chain-head.ts), so that a group of calls costs one round trip for all it reads. The shipments and balances
 * are locked in a fixed order: shipments by id, balances by key, each key looked up (and locked) through the
 * unique index in the order sent. (A plain join lets the planner hash-join a scan of the whole balance table,
 * since it cannot see how few keys come; corrected entries and held batches are looked up a key at a time too.)
 * A select list is evaluated from left to right: whatever precedes `columns` locks first.
 */
export function appendStateParts(calls: readonly AppendCall[], first: number): { ctes: string; columns: string; values: unknown[] } {
  const [$sources, $corrects, $balances, $held] = [first, first + 1, first + 2, first + 3].map((n) => `$${n}`);
  const all = calls.flatMap((c) => c.movements.map((m) => ({ m, c })));
  // Entries named by sourceHash (any chain) and by corrects (the call's chain). The hashes are cast to the
  // column's type, char(64): compared as text, the unique index on hash could not be used.
  const sourceHashes = unique(all.map(({ m }) => m.sourceHash));
  const correctsHashes = unique(all.map(({ m, c }) => (m.corrects ? JSON.stringify({ c: c.chain, h: m.corrects }) : null)));
  const keys = new Map<string, { w: string; p: string; b: string }>();
  for (const c of calls) for (const [key, k] of balanceKeys(c)) keys.set(key, k);
  // Batches each call's enterprise has held (for production inputs).
  const inputKeys = unique(
    calls.flatMap((c) => c.movements.flatMap((m) => (m.inputs ?? []).map((ref) => JSON.stringify({ e: c.refs.enterprise.id, p: c.refs.products.get(ref.product)!.id, b: ref.batch })))),
  );
  const ctes = `src as (
       select id, hash, chain, direction, reason, product_id, batch from ledger_entry
        where hash = any(array(select jsonb_array_elements_text(${$sources}::jsonb)::char(64)))
     ), cor as (
       select e.id, e.hash, e.chain, e.direction, e.reason, e.product_id, e.batch, e.warehouse_id, e.quantity, e.source_entry_id,
              (select sum(c.quantity) from ledger_entry c where c.corrects_entry_id = e.id) as corrected
         from json_to_recordset(${$corrects}::json) as k(c text, h text)
        cross join lateral (select * from ledger_entry x where x.hash = k.h::char(64) and x.chain = k.c offset 0) e
     ), shp as (
       select id, out_entry_id, receiver_code, shipped, received, cancelled from ledger_shipment
        where out_entry_id = any(array(select id from src union select id from cor union select source_entry_id from cor where source_entry_id is not null))
        order by id for update
     ), bal as (
       select b.warehouse_id, b.product_id, b.batch, b.quantity, k.n
         from json_to_recordset(${$balances}::json) as k(w bigint, p bigint, b text, n int)
        cross join lateral (
          select x.warehouse_id, x.product_id, x.batch, x.quantity from ledger_balance x
           where x.warehouse_id = k.w and x.product_id = k.p and x.batch = k.b for update
        ) b
     ), held as (
       select distinct b.enterprise_id, b.product_id, b.batch from json_to_recordset(${$held}::json) as k(e bigint, p bigint, b text)
        cross join lateral (select x.enterprise_id, x.product_id, x.batch from ledger_balance x where x.product_id = k.p and x.batch = k.b and x.enterprise_id = k.e offset 0) b
     )`;
  const columns = `(select json_agg(json_build_object('id', id::text, 'hash', hash, 'chain', chain, 'direction', direction, 'reason', reason,
                   'product_id', product_id::text, 'batch', batch)) from src) as sources,
          (select json_agg(json_build_object('id', id::text, 'hash', hash, 'chain', chain, 'direction', direction, 'reason', reason,
                   'product_id', product_id::text, 'batch', batch, 'warehouse_id', warehouse_id::text, 'quantity', quantity::text,
                   'source_entry_id', source_entry_id::text, 'corrected', corrected::text)) from cor) as corrected,
          (select json_agg(json_build_object('id', id::text, 'out_entry_id', out_entry_id::text, 'receiver_code', receiver_code,
                   'shipped', shipped::text, 'received', received::text, 'cancelled', cancelled::text)) from shp) as shipments,
          (select json_agg(json_build_object('warehouse_id', warehouse_id::text, 'product_id', product_id::text, 'batch', batch,
                   'quantity', quantity::text) order by n) from bal) as balances,
          (select json_agg(json_build_object('enterprise_id', enterprise_id::text, 'product_id', product_id::text, 'batch', batch)) from held) as held`;
  return {
    ctes,
    columns,
    values: [
      JSON.stringify(sourceHashes),
      `[${correctsHashes.join(',')}]`,
      JSON.stringify(sortBalanceKeys([...keys.values()]).map((k, n) => ({ ...k, n }))),
      `[${inputKeys.join(',')}]`,
    ],
  };
}

/** The state the rules start from, out of the state statement's rows. */
export function appendStateOf(rows: StateRows, calls: readonly AppendCall[]): AppendState {
  const keys = new Map<string, { w: string; p: string; b: string }>();
  for (const c of calls) for (const [key, k] of balanceKeys(c)) keys.set(key, k);
  const shipments = new Map<string, ShipmentState>();
  for (const row of rows.shipments ?? []) {
    shipments.set(row.out_entry_id, {
      id: row.id,
      receiverCode: row.receiver_code,
      shipped: thousandths(row.shipped),
      received: thousandths(row.received),
      cancelled: thousandths(row.cancelled),
      touched: false,
    });
  }
  return {
    sources: new Map((rows.sources ?? []).map((row) => [row.hash, row])),
    corrected: new Map((rows.corrected ?? []).map((row) => [row.hash, row])),
    shipments,
    balances: new Map((rows.balances ?? []).map((row) => [balanceKey(row.warehouse_id, row.product_id, row.batch), thousandths(row.quantity)])),
    keys,
    held: new Set((rows.held ?? []).map((row) => heldKey(row.enterprise_id, row.product_id, row.batch))),
  };
}

/** Reads (and locks) what the rules of these calls' movements need, in one statement (a dry run's; an append's comes with its heads). */
export async function loadAppendState(em: EntityManager, calls: readonly AppendCall[]): Promise<AppendState> {
  const { ctes, columns, values } = appendStateParts(calls, 1);
  const [rows] = await withConnection(em, (c) => c.rows<StateRows>({ name: 'hz_append_state', text: `with ${ctes} select ${columns}`, values }));
  return appendStateOf(rows, calls);
}

const keysOfCall = new WeakMap<AppendCall, Map<string, { w: string; p: string; b: string }>>();

/** The balances a call's movements move, by balanceKey: worked out once a call (the state's read, its rows and the write ask). */
export function balanceKeys(call: AppendCall): Map<string, { w: string; p: string; b: string }> {
  const known = keysOfCall.get(call);
  if (known) return known;
  const { movements, refs } = call;
  const keys = new Map<string, { w: string; p: string; b: string }>();
  keysOfCall.set(call, keys);
  for (const m of movements) {
    const w = refs.warehouses.get(m.warehouse)!.id;
    const p = refs.products.get(m.product)!.id;
    keys.set(balanceKey(w, p, m.batch), { w, p, b: m.batch });
  }
  return keys;
}

/**
 * What the rules of one call may change in a state shared by several calls; the function returned puts it
 * back, so a refused call leaves its neighbours' state as if it had not been checked.
 */
export function saveState(state: AppendState): () => void {
  const balances = new Map(state.balances);
  const held = new Set(state.held);
  const shipments = [...state.shipments.values()].map((s) => [s, { ...s }] as const);
  return () => {
    state.balances.clear();
    for (const [k, v] of balances) state.balances.set(k, v);
    state.held.clear();
    for (const k of held) state.held.add(k);
    for (const [live, saved] of shipments) Object.assign(live, saved);
  };
}

export function unique<T>(values: readonly (T | null | undefined)[]): T[] {
  return [...new Set(values.filter((v): v is T => v !== null && v !== undefined))];
}
