#!/usr/bin/env node
/**
 * Verifies one enterprise's stock-movement chain through the public GraphQL
 * API, with nothing but fetch, SHA-256 (node:crypto) and JSON: no project
 * code, no npm package. The format is docs/ledger.md.
 *
 *   npm run verify -- --url http://localhost:4000/graphql --token T --enterprise 91310101MA1FL0000X
 *
 * Prints one JSON line; exit 0 when the chain verifies, 1 when it is broken
 * (the first broken seq and the reason), 2 when it could not be checked.
 */
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';

const KEYS = ['batch', 'chain', 'corrects', 'counterparty', 'direction', 'inputs', 'occurredAt', 'prevHash', 'product', 'quantity',
  'reason', 'recordedAt', 'requestId', 'seq', 'sourceHash', 'transportDoc', 'unit', 'v', 'warehouse'];
const GENESIS = '0'.repeat(64);
const PAGE = 100;

const QUERY = `query Chain($chain: CreditCode!, $first: Int, $after: String) {
  chain(creditCode: $chain) {
    length headHash
    entries(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges { node {
        seq prevHash hash canonical chain version direction reason warehouseCode productCode batch quantity unit
        counterpartyCode sourceHash inputs { product batch } corrects transportDoc occurredAt recordedAt requestId
      } }
    }
  }
}`;

/** RFC 8785 for the values a canonical entry holds: strings, integers, null, arrays, objects. */
function jcs(value) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(jcs).join(',')}]`;
  const keys = Object.keys(value).sort(); // UTF-16 code unit order, as RFC 8785 requires
  return `{${keys.map((k) => `${JSON.stringify(k)}:${jcs(value[k])}`).join(',')}}`;
}

const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The first problem of one entry, or null. */
function check(chain, node, previous) {
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
  return null;
}

async function page(url, token, chain, after) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: QUERY, variables: { chain, first: PAGE, after } }),
  });
  const body = await response.json().catch(() => null);
  if (!body || body.errors?.length) throw new Error(body?.errors?.map((e) => `${e.extensions?.code ?? ''} ${e.message}`).join('; ') ?? `HTTP ${response.status}`);
  return body.data.chain;
}

async function main() {
  const { values } = parseArgs({ options: { url: { type: 'string' }, token: { type: 'string' }, enterprise: { type: 'string' } } });
  if (!values.url || !values.token || !values.enterprise) {
    console.error('usage: npm run verify -- --url <graphql url> --token <bearer token> --enterprise <credit code>');
    return 2;
  }
  const chain = values.enterprise;
  let previous = null;
  let checked = 0;
  let after = null;
  let head = null;
  const report = (ok, failure) => {
    console.log(JSON.stringify({ chain, ok, checked, headSeq: previous?.seq ?? null, headHash: previous?.hash ?? null, failure }));
    return ok ? 0 : 1;
  };
  // The head is read once: entries appended while we page are left for the next run.
  for (;;) {
    const data = await page(values.url, values.token, chain, after);
    head ??= { seq: data.length, hash: data.headHash };
    for (const { node } of data.entries.edges) {
      if (previous && previous.seq >= head.seq) break;
      const problem = check(chain, node, previous);
      if (problem) return report(false, { seq: node.seq, reason: problem[0], message: problem[1] });
      previous = { seq: node.seq, hash: node.hash };
      checked += 1;
    }
    if (!data.entries.pageInfo.hasNextPage || (previous && previous.seq >= head.seq)) break;
    after = data.entries.pageInfo.endCursor;
  }
  const lastSeq = previous?.seq ?? 0;
  if (head.seq > lastSeq) return report(false, { seq: lastSeq + 1, reason: 'TRUNCATED', message: `the chain ends at seq ${lastSeq}, its head says ${head.seq}` });
  if (head.seq < lastSeq || (previous && head.hash !== previous.hash)) return report(false, { seq: head.seq, reason: 'HEAD_MISMATCH', message: 'the last entry is not the stated head' });
  return report(true, null);
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`verify-chain: ${error instanceof Error ? error.message : error}`);
    process.exit(2);
  },
);
