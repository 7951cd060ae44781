import { CANONICAL_KEYS, CanonicalEntry, canonicalText, EntryFields, fieldsWellFormed, GENESIS_PREV_HASH, LEDGER_VERSION, reasonFits } from './canonical-entry';
import { jcs } from './jcs';
import { isHash, sha256Hex } from './sha256';

/** Why a chain entry fails verification; the first failing entry is reported. */
export type ChainFailureReason =
  /** seq jumps past the next number: an entry is missing. */
  | 'SEQ_GAP'
  /** seq repeats the previous entry's. */
  | 'SEQ_DUPLICATE'
  /** seq goes backwards: entries reordered. */
  | 'SEQ_OUT_OF_ORDER'
  /** prevHash is not the previous entry's hash (64 zeros for seq 1). */
  | 'PREV_HASH_MISMATCH'
  /** sha256(canonical) is not the stated hash. */
  | 'HASH_MISMATCH'
  /** canonical is not JSON in RFC 8785 form with exactly the spec's keys and types. */
  | 'CANONICAL_MALFORMED'
  /** canonical does not hold the entry's own chain, seq, prevHash or business fields. */
  | 'CANONICAL_MISMATCH'
  /** the chain ends before the head the server states. */
  | 'TRUNCATED'
  /** the chain runs past, or ends on another hash than, the head the server states. */
  | 'HEAD_MISMATCH';

/** One entry as read from storage or the API; `fields`, when given, are compared with canonical. */
export interface ChainEntry {
  seq: number;
  prevHash: string;
  hash: string;
  canonical: string;
  fields?: EntryFields;
  /** The format version the store states beside canonical (the `version` column), compared with canonical's `v`. */
  version?: number;
  /**
   * Set only by a store that has itself made the fast-path check below on the
   * entry's own stored fields: they are well formed and
   * `canonicalText(chain, seq, prevHash, fields) === canonical`. Every field
   * check then passes, so `fields` need not be sent; seq, prevHash and hash
   * are still checked here. (The server's verification compares in SQL;
   * src/ledger/entry-row-match.ts.)
   */
  fieldsMatch?: boolean;
}

export interface ChainHead {
  seq: number;
  hash: string;
}

export interface ChainFailure {
  seq: number;
  reason: ChainFailureReason;
  message: string;
}

export interface ChainVerification {
  chain: string;
  ok: boolean;
  /** Entries that passed every check before the first failure (all of them when ok). */
  checked: number;
  /** The last entry that passed. */
  head: ChainHead | null;
  failure: ChainFailure | null;
}

/**
 * Verifies a chain in seq order, holding one entry at a time: seq runs 1..n,
 * prevHash links, sha256(canonical) == hash, canonical is canonical and holds
 * the entry's own fields; with `expectedHead`, the chain ends exactly there.
 */
export async function verifyChain(
  chain: string,
  entries: AsyncIterable<ChainEntry> | Iterable<ChainEntry>,
  options: { expectedHead?: ChainHead | null } = {},
): Promise<ChainVerification> {
  return verifyChainPages(chain, onePerPage(entries), options);
}

async function* onePerPage(entries: AsyncIterable<ChainEntry> | Iterable<ChainEntry>): AsyncIterable<readonly ChainEntry[]> {
  for await (const entry of entries) yield [entry];
}

/**
 * verifyChain over entries that come in pages (arrays, in seq order): the
 * same checks, without an await per entry.
 */
export async function verifyChainPages(
  chain: string,
  pages: AsyncIterable<readonly ChainEntry[]> | Iterable<readonly ChainEntry[]>,
  options: { expectedHead?: ChainHead | null } = {},
): Promise<ChainVerification> {
  let checked = 0;
  let head: ChainHead | null = null;
  for await (const page of pages) {
    for (const entry of page) {
      const problem = checkEntry(chain, entry, head);
      if (problem) return { chain, ok: false, checked, head, failure: { seq: entry.seq, reason: problem.reason, message: problem.message } };
      head = { seq: entry.seq, hash: entry.hash };
      checked += 1;
    }
  }
  return finish(chain, checked, head, options.expectedHead);
}

/** The head check after the last entry. */
function finish(chain: string, checked: number, head: ChainHead | null, expected: ChainHead | null | undefined): ChainVerification {
  const fail = (seq: number, reason: ChainFailureReason, message: string): ChainVerification => ({
    chain,
    ok: false,
    checked,
    head,
    failure: { seq, reason, message },
  });
  if (expected) {
    const lastSeq = head?.seq ?? 0;
    if (expected.seq > lastSeq) return fail(lastSeq + 1, 'TRUNCATED', `The chain ends at seq ${lastSeq}, its head says ${expected.seq}`);
    if (expected.seq < lastSeq) return fail(expected.seq + 1, 'HEAD_MISMATCH', `The chain runs to seq ${lastSeq}, its head says ${expected.seq}`);
    if (head && expected.hash !== head.hash) return fail(lastSeq, 'HEAD_MISMATCH', `The last hash is not the head's hash ${expected.hash}`);
  }
  return { chain, ok: true, checked, head, failure: null };
}

interface Problem {
  reason: ChainFailureReason;
  message: string;
}

function checkEntry(chain: string, entry: ChainEntry, previous: ChainHead | null): Problem | null {
  const expectedSeq = (previous?.seq ?? 0) + 1;
  if (!Number.isInteger(entry.seq) || entry.seq !== expectedSeq) {
    if (previous && entry.seq === previous.seq) return { reason: 'SEQ_DUPLICATE', message: `seq ${entry.seq} appears twice` };
    if (Number.isInteger(entry.seq) && entry.seq > expectedSeq) {
      return { reason: 'SEQ_GAP', message: `Expected seq ${expectedSeq}, found ${entry.seq}` };
    }
    return { reason: 'SEQ_OUT_OF_ORDER', message: `Expected seq ${expectedSeq}, found ${entry.seq}` };
  }
  const expectedPrev = previous?.hash ?? GENESIS_PREV_HASH;
  if (entry.prevHash !== expectedPrev) {
    return { reason: 'PREV_HASH_MISMATCH', message: `prevHash ${entry.prevHash} is not the previous entry's hash ${expectedPrev}` };
  }
  // For a string canonical, a hash equal to its SHA-256 hex is a hash: isHash is then implied.
  if (typeof entry.canonical === 'string' ? sha256Hex(entry.canonical) !== entry.hash : !isHash(entry.hash) || sha256Hex(entry.canonical) !== entry.hash) {
    return { reason: 'HASH_MISMATCH', message: `sha256(canonical) is not ${entry.hash}` };
  }
  // Checked by the store: the fast path below, made on the stored fields.
  if (entry.fieldsMatch === true) return null;
  // Fast path: well-formed stated fields whose canonical text is exactly `canonical` pass every check below.
  const versionAgrees = entry.version === undefined || entry.version === LEDGER_VERSION;
  if (versionAgrees && entry.fields && fieldsWellFormed(entry.fields) && canonicalText(chain, entry.seq, entry.prevHash, entry.fields) === entry.canonical) return null;
  const parsed = parseCanonical(entry.canonical);
  if (typeof parsed === 'string') return { reason: 'CANONICAL_MALFORMED', message: parsed };
  const own: Array<[keyof CanonicalEntry, unknown]> = [
    ['chain', chain],
    ['seq', entry.seq],
    ['prevHash', entry.prevHash],
    ...(entry.version === undefined ? [] : ([['v', entry.version]] as Array<[keyof CanonicalEntry, unknown]>)),
  ];
  for (const [key, value] of own) {
    if (parsed[key] !== value) return { reason: 'CANONICAL_MISMATCH', message: `canonical ${key} is ${JSON.stringify(parsed[key])}, the entry's is ${JSON.stringify(value)}` };
  }
  if (entry.fields) {
    for (const key of Object.keys(entry.fields) as (keyof EntryFields)[]) {
      const stated = jcs(entry.fields[key] ?? null);
      if (jcs(parsed[key]) !== stated) {
        return { reason: 'CANONICAL_MISMATCH', message: `canonical ${key} is ${jcs(parsed[key])}, the entry's is ${stated}` };
      }
    }
  }
  return null;
}

const NULLABLE_HASH = ['sourceHash', 'corrects'] as const;
const NULLABLE_TEXT = ['counterparty', 'transportDoc'] as const;
const TEXT = ['chain', 'warehouse', 'product', 'batch', 'unit', 'occurredAt', 'recordedAt', 'requestId'] as const;

/** The canonical object, or why the text is not one. */
export function parseCanonical(canonical: string): CanonicalEntry | string {
  let value: unknown;
  try {
    value = JSON.parse(canonical);
  } catch {
    return 'canonical is not JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'canonical is not a JSON object';
  if (jcs(value) !== canonical) return 'canonical is not in RFC 8785 canonical form';
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object).sort();
  if (keys.length !== CANONICAL_KEYS.length || keys.some((k, i) => k !== CANONICAL_KEYS[i])) {
    return `canonical keys are ${keys.join(',')}, expected ${CANONICAL_KEYS.join(',')}`;
  }
  if (object.v !== LEDGER_VERSION) return `canonical v is ${JSON.stringify(object.v)}, expected ${LEDGER_VERSION}`;
  if (!Number.isInteger(object.seq) || (object.seq as number) < 1) return 'canonical seq is not a positive integer';
  if (!isHash(object.prevHash)) return 'canonical prevHash is not 64 lowercase hex characters';
  for (const key of TEXT) if (typeof object[key] !== 'string') return `canonical ${key} is not a string`;
  for (const key of NULLABLE_TEXT) if (object[key] !== null && typeof object[key] !== 'string') return `canonical ${key} is not a string or null`;
  for (const key of NULLABLE_HASH) if (object[key] !== null && !isHash(object[key])) return `canonical ${key} is not a hash or null`;
  if (object.direction !== 'IN' && object.direction !== 'OUT') return 'canonical direction is not IN or OUT';
  if (typeof object.reason !== 'string' || !reasonFits(object.direction, object.reason)) return `canonical reason does not fit direction ${object.direction}`;
  if (typeof object.quantity !== 'string' || !/^(0|[1-9]\d*)\.\d{3}$/.test(object.quantity)) return 'canonical quantity is not a 3-digit decimal';
  if (object.inputs !== null) {
    if (!Array.isArray(object.inputs)) return 'canonical inputs is not an array or null';
    for (const ref of object.inputs) {
      if (typeof ref !== 'object' || ref === null || typeof ref.product !== 'string' || typeof ref.batch !== 'string' || Object.keys(ref).length !== 2) {
        return 'canonical inputs holds something other than {product, batch}';
      }
    }
  }
  return object as unknown as CanonicalEntry;
}
