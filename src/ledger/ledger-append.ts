import { formatBatchCode, isCodableBatchNumber } from '../proof/batch-code';
import { EntryFields, SealedEntry, sealEntries } from '../proof/canonical-entry';
import { formatThousandths } from '../proof/quantity';
import { drawShipmentCode } from '../proof/shipment-code';
import { Enterprise } from '../registry/enterprise.entity';
import { Product } from '../registry/product.entity';
import { Warehouse } from '../registry/warehouse.entity';
import { LedgerEntry } from './ledger-entry.entity';
import { Direction, MovementReason } from './ledger.enums';
import { AppendedMovement } from './movement-observer';
import { businessFields, Submission, SubmittedMovement } from './movement-submission';
import { PlainConnection, textLines } from '../db/plain-connection';
import { AppendCall, AppendState, balanceKey, balanceKeys, batchKey, ProductRef, ResolvedReferences } from './append-state';
import { ChainHeadRow } from './chain-head';

/**
 * The write drew a shipment code another shipment has (ledger_shipment_code_unique): the whole
 * transaction is rolled back and may be made again with new draws (append-transaction.ts).
 */
export function drewShipmentCodeInUse(error: unknown): boolean {
  const { code, constraint } = (error ?? {}) as { code?: unknown; constraint?: unknown };
  return code === '23505' && constraint === 'ledger_shipment_code_unique';
}

/** A call whose entries passed every rule, with its chain's head before it. */
export interface AcceptedCall extends AppendCall {
  submission: Submission;
  head: ChainHeadRow;
}

/** What a call appended: the observers' view of each entry, and the entries as written. */
export interface AppendedCall {
  appended: AppendedMovement[];
  entries: LedgerEntry[];
}

/**
 * Seals accepted calls' entries (each on its own chain's head) and writes them, their balances, shipments,
 * coded batches, the requests and the chain heads: one statement for every call, each table one multi-row
 * write fed by a JSON document. The chains' heads, shipments and balances are locked by the caller, and
 * `state` holds them as the accepted calls' rules left them.
 */
export async function writeAppends(
  connection: PlainConnection,
  calls: readonly AcceptedCall[],
  state: AppendState,
  recordedAt: Date,
  drawCode: () => string = drawShipmentCode,
): Promise<AppendedCall[]> {
  const recordedAtText = recordedAt.toISOString();
  const rows: EntryIds[] = [];
  const canonicals: string[] = [];
  const productionInputs: { c: string; s: number; p: string; b: string }[] = [];
  const newShipments: object[] = [];
  const originBatches: object[] = [];
  const newBalances: object[] = [];
  const requests: object[] = [];
  const heads: { c: string; s: number; h: string }[] = [];
  const sealedCalls = calls.map((call) => {
    const { chain, submission, refs, head } = call;
    const { movements } = submission;
    const enterpriseId = refs.enterprise.id;
    const productOf = (code: string) => refs.products.get(code)!;
    const fields = movements.map((m): EntryFields => {
      // businessFields' own object gains the two fields the server adds: no copy of it for each entry.
      const f = businessFields(m) as EntryFields;
      f.recordedAt = recordedAtText;
      f.requestId = submission.requestId;
      return f;
    });
    const sealed = sealEntries(chain, head.last_seq, head.last_hash, fields);
    // What canonical does not state: the row's ids and hash. PostgreSQL reads every other column from canonical.
    const callRows = movements.map((m, i): EntryIds => ({
      h: sealed[i].hash,
      e: enterpriseId,
      w: refs.warehouses.get(m.warehouse)!.id,
      p: productOf(m.product).id,
      cp: m.counterparty ? refs.counterparties.get(m.counterparty)?.id : undefined,
      se: m.sourceHash ? state.sources.get(m.sourceHash)!.id : undefined,
      ce: m.corrects ? state.corrected.get(m.corrects)!.id : undefined,
    }));
    rows.push(...callRows);
    for (const entry of sealed) canonicals.push(entry.canonical);
    movements.forEach((m, i) => {
      for (const ref of m.inputs ?? []) productionInputs.push({ c: chain, s: sealed[i].seq, p: productOf(ref.product).id, b: ref.batch });
      if (m.direction === 'OUT' && m.counterparty && m.reason !== MovementReason.CORRECTION) {
        newShipments.push({ c: chain, e: enterpriseId, s: sealed[i].seq, code: drawCode(), h: sealed[i].hash, rc: m.counterparty, r: refs.counterparties.get(m.counterparty)?.id ?? null, p: productOf(m.product).id, pc: m.product, b: m.batch, q: m.quantity, t: fields[i].occurredAt });
      }
    });
    for (const b of batchesEntering(movements, sealed, refs, productOf)) originBatches.push({ ...b, e: enterpriseId, o: chain });
    for (const k of balanceKeys(call).values()) newBalances.push({ ...k, e: enterpriseId, q: formatThousandths(state.balances.get(balanceKey(k.w, k.p, k.b))!) });
    requests.push({ c: chain, r: submission.requestId, d: submission.digest, f: head.last_seq + 1, n: sealed.length });
    const last = sealed[sealed.length - 1];
    heads.push({ c: chain, s: last.seq, h: last.hash });
    return { call, sealed, callRows };
  });
  const changedShipments = [...state.shipments.values()].filter((x) => x.touched).map((x) => ({ id: x.id, received: formatThousandths(x.received), cancelled: formatThousandths(x.cancelled) }));

  // Every write of the append in one statement: entries, production inputs, shipments opened and
  // moved, coded batches, balances, the requests and the chain heads. Rows travel as JSON documents, but an
  // entry's columns are read from its canonical text, which travels as it is, one a line (JSON text holds no
  // raw line break; a split one would not parse): half the bytes, parsed once (issue 12). The check
  // ledger_entry_canonical_agrees holds the columns to canonical either way.
  // The updates name their rows' keys as an array too: joined only with json_to_recordset (counted as 100
  // rows), PostgreSQL hashed the whole shipment or chain table while that looked cheaper (5,000 shipments: yes).
  const inserted = await connection.rows<{ id: string; chain: string; seq: number }>({
    name: 'hz_append_write',
    text: `with ins as (
       insert into ledger_entry (chain, enterprise_id, seq, prev_hash, hash, canonical, direction, reason, warehouse_id, warehouse_code,
                                 product_id, product_code, batch, quantity, unit, counterparty_code, counterparty_id, source_hash, source_entry_id,
                                 inputs, corrects, corrects_entry_id, transport_doc, occurred_at, recorded_at, request_id)
       select c.chain, x.e, c.seq, c."prevHash", x.h, x.k, c.direction::ledger_direction, c.reason::ledger_reason, x.w, c.warehouse,
              x.p, c.product, c.batch, c.quantity, c.unit::unit, c.counterparty, x.cp, c."sourceHash", x.se,
              c.inputs, c.corrects, x.ce, c."transportDoc", c."occurredAt", c."recordedAt", c."requestId"
         from rows from (string_to_table($10::text, E'\n'), json_to_recordset($1::json) as (h text, e bigint, w bigint, p bigint, cp bigint, se bigint, ce bigint))
              as x(k, h, e, w, p, cp, se, ce)
        cross join lateral json_to_record(x.k::json) as c(batch text, chain text, corrects text, counterparty text, direction text, inputs jsonb,
              "occurredAt" timestamptz, "prevHash" text, product text, quantity numeric, reason text, "recordedAt" timestamptz, "requestId" text,
              seq int, "sourceHash" text, "transportDoc" text, unit text, warehouse text)
        order by c.chain, c.seq
       returning id, chain, seq
     ), production_inputs as (
       insert into ledger_production_input (entry_id, product_id, batch)
       select ins.id, y.p, y.b from json_to_recordset($2::json) as y(c text, s int, p bigint, b text) join ins on ins.chain = y.c and ins.seq = y.s
     ), opened as (
       insert into ledger_shipment (out_entry_id, code, out_hash, sender_id, sender_code, receiver_code, receiver_id, product_id, product_code, batch, shipped, shipped_at)
       select ins.id, y.code, y.h, y.e, y.c, y.rc, y.r, y.p, y.pc, y.b, y.q, y.t
         from json_to_recordset($3::json) as y(c text, e bigint, s int, code text, h text, rc text, r bigint, p bigint, pc text, b text, q numeric, t timestamptz)
         join ins on ins.chain = y.c and ins.seq = y.s
     ), moved as (
       update ledger_shipment s set received = y.received, cancelled = y.cancelled
         from json_to_recordset($4::json) as y(id bigint, received numeric, cancelled numeric)
        where s.id = y.id and s.id = any(array(select (j->>'id')::bigint from json_array_elements($4::json) as j))
     ), coded as (
       insert into batch (code, product_id, product_code, batch_number, origin_id, origin_code, first_entry_hash, registered_at)
       select y.c, y.p, y.pc, y.b, y.e, y.o, y.h, $5::timestamptz from json_to_recordset($6::json) as y(c text, p bigint, pc text, b text, h text, e bigint, o text)
       on conflict (product_id, batch_number) do update set first_entry_hash = excluded.first_entry_hash where batch.first_entry_hash is null
     ), balances as (
       insert into ledger_balance (enterprise_id, warehouse_id, product_id, batch, quantity, updated_at)
       select y.e, y.w, y.p, y.b, y.q, $5::timestamptz from json_to_recordset($7::json) as y(e bigint, w bigint, p bigint, b text, q numeric)
        order by y.w, y.p, y.b collate "C"
       on conflict (warehouse_id, product_id, batch) do update set quantity = excluded.quantity, updated_at = excluded.updated_at
     ), request as (
       insert into ledger_request (chain, request_id, digest, first_seq, entry_count, recorded_at)
       select y.c, y.r, y.d, y.f, y.n, $5::timestamptz from json_to_recordset($8::json) as y(c text, r text, d text, f int, n int)
     ), chain_head as (
       update ledger_chain c set last_seq = y.s, last_hash = y.h from json_to_recordset($9::json) as y(c text, s int, h text)
        where c.chain = y.c and c.chain = any(array(select j->>'c' from json_array_elements($9::json) as j))
     )
     select id, chain, seq from ins`,
    values: [
      JSON.stringify(rows),
      JSON.stringify(productionInputs),
      JSON.stringify(newShipments),
      JSON.stringify(changedShipments),
      recordedAt,
      JSON.stringify(originBatches),
      JSON.stringify(newBalances),
      JSON.stringify(requests),
      JSON.stringify(heads),
      textLines(canonicals),
    ],
  });
  // Ids by chain, then by seq: no key text made for each entry.
  const idsOf = new Map<string, Map<number, string>>();
  for (const r of inserted) {
    let ids = idsOf.get(r.chain);
    if (!ids) idsOf.set(r.chain, (ids = new Map()));
    ids.set(r.seq, String(r.id));
  }
  return sealedCalls.map(({ call, sealed, callRows }) => {
    const { chain, refs, submission } = call;
    const ids = idsOf.get(chain)!;
    const entries = callRows.map((row, i) => writtenEntry(chain, ids.get(sealed[i].seq)!, submission.movements[i], sealed[i], row, recordedAt, submission.requestId));
    const appended = submission.movements.map(
      (m, i): AppendedMovement => ({
        entryId: entries[i].id,
        chain,
        seq: sealed[i].seq,
        hash: sealed[i].hash,
        direction: m.direction,
        reason: m.reason,
        warehouseCode: m.warehouse,
        productCode: m.product,
        chemicalSerial: refs.products.get(m.product)!.chemicalSerial,
        batch: m.batch,
        quantity: m.quantity,
        counterparty: m.counterparty,
        sourceHash: m.sourceHash,
        transportDoc: m.transportDoc,
        occurredAt: m.occurredAt,
      }),
    );
    return { appended, entries };
  });
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

/** An entry's row as sent beside its canonical text: its hash (h) and the ids canonical names by code. */
type EntryIds = { h: string; e: string; w: string; p: string; cp: string | undefined; se: string | undefined; ce: string | undefined };

/** An entry as written, without reading it back: relations are id references that the GraphQL field resolvers load. */
function writtenEntry(chain: string, id: string, m: SubmittedMovement, sealed: SealedEntry, row: EntryIds, recordedAt: Date, requestId: string): LedgerEntry {
  const ref = <T>(refId: string | undefined): T | null => (refId === undefined ? null : ({ id: refId } as T));
  return {
    id,
    version: 1,
    chain,
    enterprise: ref<Enterprise>(row.e)!,
    seq: sealed.seq,
    prevHash: sealed.prevHash,
    hash: sealed.hash,
    canonical: sealed.canonical,
    direction: m.direction as Direction,
    reason: m.reason as MovementReason,
    warehouse: ref<Warehouse>(row.w)!,
    warehouseCode: m.warehouse,
    product: ref<Product>(row.p)!,
    productCode: m.product,
    batch: m.batch,
    quantity: m.quantity,
    unit: m.unit,
    counterpartyCode: m.counterparty,
    counterparty: ref<Enterprise>(row.cp),
    sourceHash: m.sourceHash,
    sourceEntry: ref<LedgerEntry>(row.se),
    inputs: m.inputs,
    corrects: m.corrects,
    correctsEntry: ref<LedgerEntry>(row.ce),
    transportDoc: m.transportDoc,
    occurredAt: m.occurredAt,
    recordedAt,
    requestId,
  } as LedgerEntry;
}
