import { jcs } from './jcs';
import { isHash, sha256Hex } from './sha256';

/**
 * The canonical object of a ledger entry, version 1 (LEDGER_SPEC.md,
 * docs/ledger.md): exactly these keys, absent values `null`.
 */
export const LEDGER_VERSION = 1;

/** entry 1's prevHash. */
export const GENESIS_PREV_HASH = '0'.repeat(64);

export const IN_REASONS = ['PRODUCTION', 'PURCHASE', 'TRANSFER_IN', 'RETURN_IN', 'IMPORT', 'CORRECTION'] as const;
export const OUT_REASONS = ['SALE', 'TRANSFER_OUT', 'CONSUMPTION', 'DISPOSAL', 'RETURN_OUT', 'EXPORT', 'CORRECTION'] as const;

export type EntryDirection = 'IN' | 'OUT';
export type EntryReason = (typeof IN_REASONS)[number] | (typeof OUT_REASONS)[number];

export function reasonFits(direction: EntryDirection, reason: string): boolean {
  return (direction === 'IN' ? (IN_REASONS as readonly string[]) : (OUT_REASONS as readonly string[])).includes(reason);
}

/** A batch is named by its product's traceability code and its batch number, everywhere. */
export interface BatchRef {
  product: string;
  batch: string;
}

/** The business fields of an entry: what the submitter says plus recordedAt. */
export interface EntryFields {
  direction: EntryDirection;
  reason: EntryReason;
  warehouse: string;
  product: string;
  batch: string;
  /** Canonical decimal, 3 fractional digits: "125.500". */
  quantity: string;
  unit: string;
  counterparty: string | null;
  sourceHash: string | null;
  inputs: BatchRef[] | null;
  corrects: string | null;
  transportDoc: string | null;
  /** ISO 8601 UTC with milliseconds: "2026-11-26T08:30:00.000Z". */
  occurredAt: string;
  recordedAt: string;
  requestId: string;
}

export interface CanonicalEntry extends EntryFields {
  v: typeof LEDGER_VERSION;
  chain: string;
  seq: number;
  prevHash: string;
}

/** Every key of the canonical object, in JCS order. */
export const CANONICAL_KEYS: readonly (keyof CanonicalEntry)[] = [
  'batch',
  'chain',
  'corrects',
  'counterparty',
  'direction',
  'inputs',
  'occurredAt',
  'prevHash',
  'product',
  'quantity',
  'reason',
  'recordedAt',
  'requestId',
  'seq',
  'sourceHash',
  'transportDoc',
  'unit',
  'v',
  'warehouse',
];

/** Code-unit order, the order JCS uses for keys: by product, then batch. */
export function compareBatchRefs(a: BatchRef, b: BatchRef): number {
  if (a.product !== b.product) return a.product < b.product ? -1 : 1;
  if (a.batch !== b.batch) return a.batch < b.batch ? -1 : 1;
  return 0;
}

export function sortBatchRefs(refs: readonly BatchRef[]): BatchRef[] {
  return refs.map((r) => ({ product: r.product, batch: r.batch })).sort(compareBatchRefs);
}

/** The canonical object: exactly the spec's keys, nothing else, inputs sorted. */
export function canonicalEntry(chain: string, seq: number, prevHash: string, fields: EntryFields): CanonicalEntry {
  return {
    v: LEDGER_VERSION,
    chain,
    seq,
    prevHash,
    direction: fields.direction,
    reason: fields.reason,
    warehouse: fields.warehouse,
    product: fields.product,
    batch: fields.batch,
    quantity: fields.quantity,
    unit: fields.unit,
    counterparty: fields.counterparty ?? null,
    sourceHash: fields.sourceHash ?? null,
    inputs: fields.inputs ? sortBatchRefs(fields.inputs) : null,
    corrects: fields.corrects ?? null,
    transportDoc: fields.transportDoc ?? null,
    occurredAt: fields.occurredAt,
    recordedAt: fields.recordedAt,
    requestId: fields.requestId,
  };
}

export interface SealedEntry {
  seq: number;
  prevHash: string;
  canonical: string;
  hash: string;
}

/** The canonical string and hash of entry `seq` of `chain`. */
export function sealEntry(chain: string, seq: number, prevHash: string, fields: EntryFields): SealedEntry {
  const entry = canonicalEntry(chain, seq, prevHash, fields);
  // The written-out serialiser is the same text as jcs for this shape, several times faster; jcs for anything unusual.
  const canonical = Number.isSafeInteger(seq) && seq >= 1 && fieldsWellFormed(entry) ? canonicalText(chain, seq, prevHash, entry) : jcs(entry);
  return { seq, prevHash, canonical, hash: sha256Hex(canonical) };
}

/** Seals entries in order after the head (lastSeq, lastHash): each prevHash is the previous hash. */
export function sealEntries(chain: string, lastSeq: number, lastHash: string, entries: readonly EntryFields[]): SealedEntry[] {
  const sealed: SealedEntry[] = [];
  let prevHash = lastHash;
  for (let i = 0; i < entries.length; i++) {
    const entry = sealEntry(chain, lastSeq + 1 + i, prevHash, entries[i]);
    sealed.push(entry);
    prevHash = entry.hash;
  }
  return sealed;
}

/** Inputs as their own objects in JCS key order (batch, product), kept in the order given. */
const inputsInKeyOrder = (inputs: readonly BatchRef[] | null | undefined) => (inputs ? inputs.map((r) => ({ batch: r.batch, product: r.product })) : null);

/**
 * The RFC 8785 text of the canonical object, written out for its one fixed
 * shape: an object literal with the keys in CANONICAL_KEYS order (which is
 * JCS's), which JSON.stringify writes as JCS does (strings alike, seq an
 * integer) in one flat string. Equal to jcs(canonicalEntry(...)) whenever
 * `fieldsWellFormed(fields)` and seq is a positive integer; `canonicalEntry`
 * sorts inputs, this keeps their order.
 */
export function canonicalText(chain: string, seq: number, prevHash: string, f: EntryFields): string {
  return JSON.stringify({
    batch: f.batch,
    chain,
    corrects: f.corrects ?? null,
    counterparty: f.counterparty ?? null,
    direction: f.direction,
    inputs: inputsInKeyOrder(f.inputs),
    occurredAt: f.occurredAt,
    prevHash,
    product: f.product,
    quantity: f.quantity,
    reason: f.reason,
    recordedAt: f.recordedAt,
    requestId: f.requestId,
    seq,
    sourceHash: f.sourceHash ?? null,
    transportDoc: f.transportDoc ?? null,
    unit: f.unit,
    v: LEDGER_VERSION,
    warehouse: f.warehouse,
  });
}

/** Entries a piece of businessListPieces holds: entries of the usual size keep its text under V8's large-object size (about 128 KB). */
const ENTRIES_A_PIECE = 100;

/**
 * The RFC 8785 text of a list of entries' business fields (what a submitter
 * states: no recordedAt or requestId), written out as canonicalText is, in
 * pieces whose concatenation equals jcs(list) whenever every item is
 * fieldsWellFormed. The content digest of a submission hashes the pieces one
 * after another: the whole text of a 1,000-entry call would be a string of
 * V8's large-object space, which on a VM costs more in page faults, made and
 * flattened for the hash, than the hash itself (issue 12).
 */
export function* businessListPieces(list: readonly Omit<EntryFields, 'recordedAt' | 'requestId'>[]): Generator<string> {
  if (list.length === 0) {
    yield '[]';
    return;
  }
  for (let start = 0; start < list.length; start += ENTRIES_A_PIECE) {
    const end = Math.min(start + ENTRIES_A_PIECE, list.length);
    const items: object[] = [];
    for (let i = start; i < end; i++) {
      const f = list[i];
      items.push({
        batch: f.batch,
        corrects: f.corrects ?? null,
        counterparty: f.counterparty ?? null,
        direction: f.direction,
        inputs: inputsInKeyOrder(f.inputs),
        occurredAt: f.occurredAt,
        product: f.product,
        quantity: f.quantity,
        reason: f.reason,
        sourceHash: f.sourceHash ?? null,
        transportDoc: f.transportDoc ?? null,
        unit: f.unit,
        warehouse: f.warehouse,
      });
    }
    // "[a,b]" as a piece of "[a,b,c,d]": its brackets only where the list's are, a comma between pieces.
    const text = JSON.stringify(items);
    yield `${start === 0 ? '[' : ','}${text.slice(1, -1)}${end === list.length ? ']' : ''}`;
  }
}

const QUANTITY = /^(0|[1-9]\d*)\.\d{3}$/;
const isNullableString = (v: unknown) => v === null || v === undefined || typeof v === 'string';
const isNullableHash = (v: unknown) => v === null || v === undefined || isHash(v);

/** Fields of the types parseCanonical demands of the canonical object; anything else takes the slow path. */
export function fieldsWellFormed(f: EntryFields): boolean {
  if (
    typeof f.batch !== 'string' || typeof f.warehouse !== 'string' || typeof f.product !== 'string' || typeof f.unit !== 'string' ||
    typeof f.occurredAt !== 'string' || typeof f.recordedAt !== 'string' || typeof f.requestId !== 'string' ||
    !isNullableString(f.counterparty) || !isNullableString(f.transportDoc) || !isNullableHash(f.sourceHash) || !isNullableHash(f.corrects) ||
    (f.direction !== 'IN' && f.direction !== 'OUT') || typeof f.reason !== 'string' || !reasonFits(f.direction, f.reason) ||
    typeof f.quantity !== 'string' || !QUANTITY.test(f.quantity)
  ) {
    return false;
  }
  if (f.inputs === null || f.inputs === undefined) return true;
  if (!Array.isArray(f.inputs)) return false;
  for (const ref of f.inputs as unknown[]) {
    if (typeof ref !== 'object' || ref === null || Array.isArray(ref)) return false;
    const r = ref as Record<string, unknown>;
    if (Object.keys(r).length !== 2 || typeof r.product !== 'string' || typeof r.batch !== 'string') return false;
  }
  return true;
}
