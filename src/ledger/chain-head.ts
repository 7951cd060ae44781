import { EntityManager } from '@mikro-orm/postgresql';
import { GENESIS_PREV_HASH } from '../proof/canonical-entry';
import { preparedQuery } from '../db/raw-query';

export interface ChainHeadRow {
  last_seq: number;
  last_hash: string;
}

export interface PriorRequest {
  digest: string;
  first_seq: number;
  entry_count: number;
}

export interface LockedHeads {
  heads: Map<string, ChainHeadRow>;
  /** What each (chain, requestId) recorded before, keyed by priorKey. */
  priors: Map<string, PriorRequest>;
  /** Chains whose head row this transaction created (their first append). */
  created: Set<string>;
}

export const priorKey = (chain: string, requestId: string) => `${chain}\u0000${requestId}`;

/**
 * Locks the chains' head rows (creating those of first appends), in chain order so that two transactions
 * locking several heads never wait on each other in a cycle, then reads what each requestId recorded before.
 * Appends to one chain run one at a time. Two statements on purpose: read after the locks are granted, a
 * concurrent identical submission that committed meanwhile is seen.
 */
export async function lockChainHeads(
  em: EntityManager,
  calls: readonly { chain: string; enterpriseId: string; requestId: string }[],
): Promise<LockedHeads> {
  const chains = JSON.stringify([...new Set(calls.map((c) => c.chain))]);
  const select = () =>
    preparedQuery<ChainHeadRow & { chain: string }>(
      em,
      'hz_append_heads',
      `select chain, last_seq, last_hash from ledger_chain where chain = any(array(select jsonb_array_elements_text(?::jsonb))) order by chain for update`,
      [chains],
    );
  let rows = await select();
  const created = new Set(calls.map((c) => c.chain).filter((chain) => !rows.some((r) => r.chain === chain)));
  if (created.size) {
    // No conflict target: two first submissions racing may collide on either unique key (chain or
    // enterprise_id, which name the same enterprise); either way the other one created the chain.
    const fresh = calls.filter((c) => created.has(c.chain)).map((c) => ({ c: c.chain, e: c.enterpriseId }));
    const inserted = await preparedQuery<{ chain: string }>(
      em,
      'hz_append_new_heads',
      `insert into ledger_chain (chain, enterprise_id, last_seq, last_hash)
       select distinct k.c, k.e, 0, ? from json_to_recordset(?::json) as k(c text, e bigint) order by k.c
       on conflict do nothing returning chain`,
      [GENESIS_PREV_HASH, JSON.stringify(fresh)],
    );
    created.clear();
    for (const r of inserted) created.add(r.chain);
    rows = await select();
  }
  const priorRows = await preparedQuery<PriorRequest & { chain: string; request_id: string }>(
    em,
    'hz_append_priors',
    `select r.chain, r.request_id, r.digest, r.first_seq, r.entry_count from json_to_recordset(?::json) as k(c text, r text)
      cross join lateral (select * from ledger_request x where x.chain = k.c and x.request_id = k.r) r`,
    [JSON.stringify(calls.map((c) => ({ c: c.chain, r: c.requestId })))],
  );
  return {
    heads: new Map(rows.map((r) => [r.chain, { last_seq: Number(r.last_seq), last_hash: r.last_hash }])),
    priors: new Map(priorRows.map((r) => [priorKey(r.chain, r.request_id), { digest: r.digest, first_seq: Number(r.first_seq), entry_count: Number(r.entry_count) }])),
    created,
  };
}
