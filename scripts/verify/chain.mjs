/**
 * One chain entry's checks for the independent verifier (docs/ledger.md):
 * seq, link, hash, RFC 8785 form, the spec's keys, every field the API states
 * and the rows the API links the entry to. node:crypto and JSON only.
 */
import { createHash } from 'node:crypto';

const KEYS = ['batch', 'chain', 'corrects', 'counterparty', 'direction', 'inputs', 'occurredAt', 'prevHash', 'product', 'quantity',
  'reason', 'recordedAt', 'requestId', 'seq', 'sourceHash', 'transportDoc', 'unit', 'v', 'warehouse'];
export const GENESIS = '0'.repeat(64);

/** The entry fields the verifier asks the API for. */
export const ENTRY_FIELDS = `seq prevHash hash canonical chain version direction reason warehouseCode productCode batch quantity unit
  counterpartyCode sourceHash inputs { product batch } corrects transportDoc occurredAt recordedAt requestId
  enterprise { creditCode } warehouse { code } product { traceCode } counterparty { creditCode }`;

/** RFC 8785 for the values a canonical entry holds: strings, integers, null, arrays, objects. */
function jcs(value) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(jcs).join(',')}]`;
  const keys = Object.keys(value).sort(); // UTF-16 code unit order, as RFC 8785 requires
  return `{${keys.map((k) => `${JSON.stringify(k)}:${jcs(value[k])}`).join(',')}}`;
}

const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The first problem of one entry, as [reason, message], or null. */
export function checkEntry(chain, node, previous) {
  const expectedSeq = (previous?.seq ?? 0) + 1;
  if (node.seq !== expectedSeq) {
    if (previous && node.seq === previous.seq) return ['SEQ_DUPLICATE', `seq ${node.seq} appears twice`];
    return [node.seq > expectedSeq ? 'SEQ_GAP' : 'SEQ_OUT_OF_ORDER', `expected seq ${expectedSeq}, found ${node.seq}`];
  }
  const expectedPrev = previous?.hash ?? GENESIS;
  if (node.prevHash !== expectedPrev) return ['PREV_HASH_MISMATCH', `prevHash is not the previous entry's hash ${expectedPrev}`];
  if (sha256(node.canonical) !== node.hash) return ['HASH_MISMATCH', `sha256(canonical) is not ${node.hash}`];
  let parsed;
  try {
    parsed = JSON.parse(node.canonical);
  } catch {
    return ['CANONICAL_MALFORMED', 'canonical is not JSON'];
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return ['CANONICAL_MALFORMED', 'canonical is not an object'];
  if (jcs(parsed) !== node.canonical) return ['CANONICAL_MALFORMED', 'canonical is not in RFC 8785 form'];
  if (Object.keys(parsed).sort().join() !== KEYS.join()) return ['CANONICAL_MALFORMED', 'canonical does not hold exactly the spec keys'];
  if (parsed.v !== 1) return ['CANONICAL_MALFORMED', `unknown version ${parsed.v}`];
  const stated = {
    v: node.version, chain, seq: node.seq, prevHash: node.prevHash, direction: node.direction, reason: node.reason,
    warehouse: node.warehouseCode, product: node.productCode, batch: node.batch, quantity: node.quantity, unit: node.unit,
    counterparty: node.counterpartyCode, sourceHash: node.sourceHash, inputs: node.inputs, corrects: node.corrects,
    transportDoc: node.transportDoc, occurredAt: node.occurredAt, recordedAt: node.recordedAt, requestId: node.requestId,
  };
  for (const key of KEYS) {
    if (jcs(parsed[key]) !== jcs(stated[key] ?? null)) return ['CANONICAL_MISMATCH', `canonical ${key} is ${jcs(parsed[key])}, the API says ${jcs(stated[key] ?? null)}`];
  }
  // The rows the API links the entry to (its enterprise, warehouse, product, counterparty) must be the ones canonical names.
  const linked = [
    ['enterprise', node.enterprise?.creditCode, parsed.chain],
    ['warehouse', node.warehouse?.code, parsed.warehouse],
    ['product', node.product?.traceCode, parsed.product],
    ['counterparty', node.counterparty?.creditCode, parsed.counterparty],
  ];
  for (const [what, row, named] of linked) {
    // An unregistered counterparty has no row: only its code is named.
    if (row === undefined || (what === 'counterparty' && row === null)) continue;
    if (row !== named) return ['LINK_MISMATCH', `the API links the entry to ${what} ${row}, canonical names ${named}`];
  }
  return null;
}
