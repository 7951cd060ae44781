import { GENESIS_PREV_HASH } from '../proof/canonical-entry';
import { PlainConnection } from '../db/plain-connection';
import { AppendCall, AppendState, appendStateOf, appendStateParts, StateRows } from './append-state';

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
  /** What the calls' rules read, the shipments and balances they move locked (append-state.ts). */
  state: AppendState;
}

export const priorKey = (chain: string, requestId: string) => `${chain}\u0000${requestId}`;

interface LockRows extends StateRows {
  /** Each head as locked (its latest version) and the last_seq the statement's snapshot saw. */
  heads: { chain: string; last_seq: number; last_hash: string; seen: number | null }[] | null;
  priors: (PriorRequest & { chain: string; request_id: string })[] | null;
}

/**
 * The append's first statement (a few more only when it must be): sets the transaction's statement timeout,
 * locks the chains' head rows in chain order, so that two transactions locking several heads never wait on
 * each other in a cycle, then reads what each requestId recorded before and what the calls' rules need
 * (appendStateParts: the shipments and balances they move locked next, in their fixed order). Appends to one
 * chain run one at a time. The prior requests are looked up by primary key a call (`offset 0` keeps the lateral
 * from being planned as a join: with json_to_recordset estimated at 100 rows, PostgreSQL hashed the whole
 * ledger_request table instead, 1 ms a group at 4,300 requests, more as they grow until some tens of thousands).
 *
 * In one statement the reads see the snapshot taken when it began, before any wait for a head's lock; only
 * the locked rows are read at their latest version. Whatever the reads depend on is written under the chain's
 * lock by an append that also moves the head's last_seq, so when every head locked is the one the snapshot
 * saw, nothing they read changed meanwhile. When one moved (an append to the same chain committed while this
 * one waited, or just before), or a chain's first append must create its head, the statement is run again:
 * its heads are then this transaction's and no longer waited for, and its snapshot sees what was committed.
 */
export async function lockChainHeads(
  connection: PlainConnection,
  calls: readonly (AppendCall & { requestId: string })[],
  statementTimeoutMs: number,
): Promise<LockedHeads> {
  // The calls' (chain, requestId) pairs: the heads to lock are their chains.
  const asked = JSON.stringify(calls.map((c) => ({ c: c.chain, r: c.requestId })));
  const { ctes, columns, values } = appendStateParts(calls, 3);
  const read = async () => {
    const [rows] = await connection.rows<LockRows>({
      name: 'hz_append_lock',
      text: `with heads as (
         select chain, last_seq, last_hash from ledger_chain
          where chain = any(array(select k.c from json_to_recordset($1::json) as k(c text))) order by chain for update
       ), ${ctes}
       select set_config('statement_timeout', $2, true) as statement_timeout,
              (select json_agg(json_build_object('chain', h.chain, 'last_seq', h.last_seq, 'last_hash', h.last_hash,
                        'seen', (select s.last_seq from ledger_chain s where s.chain = h.chain))) from heads h) as heads,
              (select json_agg(json_build_object('chain', r.chain, 'request_id', r.request_id, 'digest', r.digest, 'first_seq', r.first_seq, 'entry_count', r.entry_count))
                 from json_to_recordset($1::json) as k(c text, r text)
                cross join lateral (select * from ledger_request x where x.chain = k.c and x.request_id = k.r offset 0) r) as priors,
              ${columns}`,
      values: [asked, String(statementTimeoutMs), ...values],
    });
    return rows;
  };
  let rows = await read();
  let created = new Set<string>();
  const missing = calls.filter((c) => !(rows.heads ?? []).some((h) => h.chain === c.chain));
  if (missing.length) {
    // No conflict target: two first submissions racing may collide on either unique key (chain or
    // enterprise_id, which name the same enterprise); either way the other one created the chain.
    const inserted = await connection.rows<{ chain: string }>({
      name: 'hz_append_new_heads',
      text: `insert into ledger_chain (chain, enterprise_id, last_seq, last_hash)
       select distinct k.c, k.e, 0, $1 from json_to_recordset($2::json) as k(c text, e bigint) order by k.c
       on conflict do nothing returning chain`,
      values: [GENESIS_PREV_HASH, JSON.stringify(missing.map((c) => ({ c: c.chain, e: c.refs.enterprise.id })))],
    });
    created = new Set(inserted.map((r) => r.chain));
    rows = await read();
  }
  // Read again under the locks now held, once: no head is waited for then.
  if ((rows.heads ?? []).some((h) => h.seen === null || Number(h.seen) !== Number(h.last_seq))) rows = await read();
  return {
    heads: new Map((rows.heads ?? []).map((r) => [r.chain, { last_seq: Number(r.last_seq), last_hash: r.last_hash }])),
    priors: new Map((rows.priors ?? []).map((r) => [priorKey(r.chain, r.request_id), { digest: r.digest, first_seq: Number(r.first_seq), entry_count: Number(r.entry_count) }])),
    created,
    state: appendStateOf(rows, calls),
  };
}
