#!/usr/bin/env node
/**
 * The independent checker of one enterprise's chain and of the transparency
 * log it is in (docs/verification.md), with nothing but fetch, node:crypto and
 * JSON: no project code, no npm package. Formats: docs/ledger.md, docs/log.md.
 *
 *   HZ_TOKEN=T npm run verify -- --url http://host/graphql --enterprise <credit code>
 *       (or --token T, which npm prints with the command line)
 *       [--log-key KEY [--checkpoint FILE] [--witness-key KEY]... [--since FILE]]
 *       [--expect-head SEQ:HASH] [--save-bundle FILE]
 *   npm run verify -- --bundle FILE --log-key KEY [--witness-key KEY]... [--since FILE] [--expect-head SEQ:HASH]
 *   npm run verify -- --entry-bundle FILE --index N [--tile FILE] [--log-key KEY --checkpoint FILE --proof FILE]
 *
 * With --log-key, the checkpoint (--checkpoint, else the server's latest) must
 * carry the log's signature and every --witness-key's cosignature, each entry
 * in it must be proven in it, and --since's older checkpoint must be
 * consistent with it. --bundle checks a bundle saved by --save-bundle, offline.
 * --entry-bundle checks a C2SP entry bundle (GET /tile/entries/<N>) offline:
 * every entry's leaf hash recomputed, against the tile (GET /tile/0/<N>) and,
 * for a full one, the checkpoint with its first entry's proof.
 * Prints one JSON line; exit 0 when everything verifies, 1 when something is
 * broken (the first broken seq or the log check, and the reason), 2 when it
 * could not be checked.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { checkEntry, ENTRY_FIELDS } from './verify/chain.mjs';
import { checkEntryBundle, readEntryBundle } from './verify/entries.mjs';
import { consistent, fromBase64, leafHash, LogCheckError, openCheckpoint, parseVerifierKey, rootFromInclusion } from './verify/log.mjs';

const PAGE = 100;
const PROOFS_AT_ONCE = 16;
const QUERY = `query Chain($chain: CreditCode!, $first: Int, $after: String) {
  chain(creditCode: $chain) { length headHash entries(first: $first, after: $after) { pageInfo { hasNextPage endCursor } edges { node { ${ENTRY_FIELDS} } } } }
}`;

class Api {
  constructor(url, token) {
    this.url = url;
    this.base = url.replace(/\/graphql\/?$/, '');
    this.headers = { authorization: `Bearer ${token}` };
  }

  async page(chain, after) {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { ...this.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ query: QUERY, variables: { chain, first: PAGE, after } }),
    });
    const body = await response.json().catch(() => null);
    if (!body || body.errors?.length) throw new Error(body?.errors?.map((e) => `${e.extensions?.code ?? ''} ${e.message}`).join('; ') ?? `HTTP ${response.status}`);
    return body.data.chain;
  }

  async get(path, { allow = [] } = {}) {
    const response = await fetch(`${this.base}${path}`, { headers: this.headers });
    if (allow.includes(response.status)) return null;
    if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status} ${await response.text()}`);
    return (response.headers.get('content-type') ?? '').startsWith('application/json') ? response.json() : response.text();
  }
}

/**
 * Every entry the API returns, in its order, and the head it states: read past
 * the head, so entries beyond it are seen. Entries appended while paging are
 * told from a head moved back by reading the head again at the end.
 */
async function fetchChain(api, chain) {
  const entries = [];
  let after = null;
  let data;
  do {
    data = await api.page(chain, after);
    entries.push(...data.entries.edges.map((e) => e.node));
    after = data.entries.pageInfo.endCursor ?? after;
  } while (data.entries.pageInfo.hasNextPage);
  return { head: { seq: data.length, hash: data.headHash }, entries };
}

/** Each entry's inclusion proof against the checkpoint's size (null while the entry is not in it yet). */
async function fetchProofs(api, chain, entries, size) {
  const proofs = new Array(entries.length).fill(null);
  for (let i = 0; i < entries.length; i += PROOFS_AT_ONCE) {
    await Promise.all(
      entries.slice(i, i + PROOFS_AT_ONCE).map(async (entry, j) => {
        proofs[i + j] = await api.get(`/log/entries/${chain}/${entry.seq}/proof?size=${size}`, { allow: [409] });
      }),
    );
  }
  return proofs;
}

/** The chain's own checks, then its head: none past it, none missing. */
function verifyEntries(chain, entries, head) {
  let previous = null;
  let checked = 0;
  for (const node of entries) {
    const problem = checkEntry(chain, node, previous);
    if (problem) return { checked, previous, failure: { seq: node.seq, reason: problem[0], message: problem[1] } };
    previous = { seq: node.seq, hash: node.hash };
    checked += 1;
  }
  const lastSeq = previous?.seq ?? 0;
  if (head.seq > lastSeq) return { checked, previous, failure: { seq: lastSeq + 1, reason: 'TRUNCATED', message: `the chain ends at seq ${lastSeq}, its head says ${head.seq}` } };
  if (head.seq < lastSeq) return { checked, previous, failure: { seq: head.seq + 1, reason: 'HEAD_MISMATCH', message: `entries run to seq ${lastSeq}, past the stated head ${head.seq}` } };
  if (previous && head.hash !== previous.hash) return { checked, previous, failure: { seq: head.seq, reason: 'HEAD_MISMATCH', message: 'the last entry is not the stated head' } };
  return { checked, previous, failure: null };
}

/** Every entry the checkpoint holds must be proven in it, as the chain states it. */
function verifyInclusions(entries, proofs, checkpoint) {
  let logged = 0;
  for (const [i, entry] of entries.entries()) {
    const proof = proofs[i];
    if (!proof) continue;
    const root = proof.logIndex < checkpoint.size && proof.treeSize === checkpoint.size ? rootFromInclusion(proof.logIndex, proof.treeSize, leafHash(entry.hash), fromBase64(proof.proof)) : null;
    if (proof.hash !== entry.hash || proof.canonical !== entry.canonical || !root?.equals(checkpoint.root)) {
      return { logged, failure: { seq: entry.seq, reason: 'NOT_IN_LOG', message: `entry ${entry.seq} (hash ${entry.hash}) is not proven in the checkpoint of size ${checkpoint.size}: the log holds another history` } };
    }
    logged += 1;
  }
  return { logged, failure: null };
}

/** --entry-bundle: a tile's entries, offline. */
function verifyEntryBundle(values) {
  const index = Number(values.index);
  if (!/^[0-9]+$/.test(values.index ?? '') || !Number.isSafeInteger(index) || (values.checkpoint && !(values['log-key'] && values.proof))) {
    console.error('usage: npm run verify -- --entry-bundle F --index N [--tile F] [--log-key K --checkpoint F --proof F]');
    return 2;
  }
  const report = { ok: false, index, entries: null, tile: false, treeSize: null, failure: null };
  try {
    const texts = readEntryBundle(fs.readFileSync(values['entry-bundle']));
    const checkpoint = values.checkpoint ? openCheckpoint(fs.readFileSync(values.checkpoint, 'utf8'), parseVerifierKey(values['log-key'])) : null;
    const given = { tile: values.tile ? fs.readFileSync(values.tile) : null, checkpoint, proof: values.proof ? JSON.parse(fs.readFileSync(values.proof, 'utf8')) : null };
    Object.assign(report, checkEntryBundle(texts, index, given), { ok: true });
  } catch (error) {
    if (!(error instanceof LogCheckError)) throw error;
    report.failure = { seq: null, reason: error.reason, message: error.message };
  }
  console.log(JSON.stringify(report));
  return report.ok ? 0 : 1;
}

async function main() {
  const { values } = parseArgs({
    options: {
      'entry-bundle': { type: 'string' }, index: { type: 'string' }, tile: { type: 'string' }, proof: { type: 'string' },
      url: { type: 'string' }, token: { type: 'string' }, enterprise: { type: 'string' }, bundle: { type: 'string' }, 'save-bundle': { type: 'string' },
      'log-key': { type: 'string' }, checkpoint: { type: 'string' }, 'witness-key': { type: 'string', multiple: true }, since: { type: 'string' }, 'expect-head': { type: 'string' },
    },
  });
  if (values['entry-bundle']) return verifyEntryBundle(values);
  // From the environment by default: npm echoes a script's arguments, so --token would print the bearer token.
  const token = values.token ?? process.env.HZ_TOKEN;
  const online = values.url && token && values.enterprise;
  if (!online && !values.bundle) {
    console.error('usage: HZ_TOKEN=<bearer token> npm run verify -- --url <graphql url> --enterprise <credit code> [--log-key K [--checkpoint F] [--witness-key K]... [--since F]] [--expect-head SEQ:HASH] [--save-bundle F]\n       npm run verify -- --bundle F --log-key K [--witness-key K]... [--since F] [--expect-head SEQ:HASH]');
    return 2;
  }
  if ((values.bundle || values.checkpoint || values.since || values['witness-key']) && !values['log-key']) {
    console.error('verify: --bundle, --checkpoint, --since and --witness-key need --log-key (the log key is never taken from the server)');
    return 2;
  }
  const expected = values['expect-head'] ? /^([1-9][0-9]*):([0-9a-f]{64})$/.exec(values['expect-head']) : null;
  if (values['expect-head'] && !expected) {
    console.error('verify: --expect-head is SEQ:HASH (64 lowercase hex)');
    return 2;
  }
  const logKey = values['log-key'] ? parseVerifierKey(values['log-key']) : null;
  const witnessKeys = (values['witness-key'] ?? []).map(parseVerifierKey);

  // Gather: from the server, or from a bundle saved earlier.
  let bundle;
  if (values.bundle) {
    bundle = JSON.parse(fs.readFileSync(values.bundle, 'utf8'));
  } else {
    const api = new Api(values.url, token);
    const chain = values.enterprise;
    const { head, entries } = await fetchChain(api, chain);
    bundle = { chain, head, entries };
    if (logKey) {
      bundle.checkpoint = values.checkpoint ? fs.readFileSync(values.checkpoint, 'utf8') : await api.get('/checkpoint');
      const size = Number(bundle.checkpoint.split('\n')[1]);
      bundle.proofs = await fetchProofs(api, chain, entries, size);
      if (values.since) {
        const older = Number(fs.readFileSync(values.since, 'utf8').split('\n')[1]);
        bundle.consistency = older > 0 && older < size ? await api.get(`/log/consistency?from=${older}&to=${size}`) : { from: older, to: size, proof: [] };
      }
    }
    if (values['save-bundle']) fs.writeFileSync(values['save-bundle'], `${JSON.stringify(bundle)}\n`);
  }

  const { chain, head, entries } = bundle;
  const result = verifyEntries(chain, entries, head);
  const report = { chain, ok: false, checked: result.checked, headSeq: result.previous?.seq ?? null, headHash: result.previous?.hash ?? null, logged: null, treeSize: null, failure: result.failure };
  const finish = (failure) => {
    report.failure = failure;
    report.ok = failure === null;
    console.log(JSON.stringify(report));
    return report.ok ? 0 : 1;
  };
  if (result.failure) return finish(result.failure);
  if (expected) {
    const [, seq, hash] = expected;
    const held = entries.find((e) => e.seq === Number(seq));
    if (!held || held.hash !== hash) return finish({ seq: Number(seq), reason: 'HEAD_NOT_EXTENDED', message: `the chain does not extend the head held, seq ${seq} with hash ${hash}` });
  }
  if (!logKey) return finish(null);
  try {
    const checkpoint = openCheckpoint(bundle.checkpoint ?? '', logKey, witnessKeys);
    report.treeSize = checkpoint.size;
    if (values.since) {
      const older = openCheckpoint(fs.readFileSync(values.since, 'utf8'), logKey);
      const proof = bundle.consistency;
      const holds = older.size === 0 || (proof && proof.from === older.size && proof.to === checkpoint.size && consistent(older.size, checkpoint.size, fromBase64(proof.proof), older.root, checkpoint.root));
      if (!holds) return finish({ seq: null, reason: 'LOG_INCONSISTENT', message: `the checkpoint of size ${checkpoint.size} does not extend the one of size ${older.size} held since: history was rewritten` });
    }
    const included = verifyInclusions(entries, bundle.proofs ?? [], checkpoint);
    report.logged = included.logged;
    return finish(included.failure);
  } catch (error) {
    if (error instanceof LogCheckError) return finish({ seq: null, reason: error.reason, message: error.message });
    throw error;
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`verify-chain: ${error instanceof Error ? error.message : error}`);
    process.exit(2);
  },
);
