/**
 * The proof statements as they were before each tile was read by its key
 * (kept for bench phase 7b's same-run baseline): log-store.ts's own
 * statements (its entry and proof path, ENTRY_IN_LOG), but with log_tile joined to the nodes needed,
 * which the prepared statements' generic plans ran as a hash join over a
 * scan of the whole table. Prepared under names of their own.
 */
import { EntityManager } from '@mikro-orm/postgresql';
import { preparedQuery } from '../src/db/raw-query';
import { checkpointOfSize, ENTRY_IN_LOG, entryRow } from '../src/ledger/log-store';
import { assembleProof, consistencyProofRanges, inclusionProofRanges, nodesForRanges } from '../src/proof/merkle';
import { nodeFromSlice } from '../src/proof/tiles';

const JOINED_SLICES = (nodesAsN: string) => `
  select n.level, n.idx,
         case when x.h = 0 then substring(t.hashes from x.p * 32 + 1 for 32)
              when t.interior is not null then substring(t.interior from (256 - (512 >> x.h) + x.p) * 32 + 1 for 32)
              else substring(t.hashes from (x.p << x.h) * 32 + 1 for 32 << x.h) end as slice
    from ${nodesAsN}
    cross join lateral (select n.level & 7 as h, (n.idx & ((256 >> (n.level & 7)) - 1))::int as p) x
    join log_tile t on t.level = n.level >> 3 and t.idx = n.idx >> (8 - x.h)`;

type Slice = { level: number; idx: string; slice: Buffer | string };

function proofFrom(ranges: Array<[number, number]>, rows: Slice[]): string[] {
  const hashes = new Map(rows.map((r) => [`${r.level}/${r.idx}`, nodeFromSlice(Buffer.isBuffer(r.slice) ? r.slice : Buffer.from(r.slice, 'base64'))]));
  return assembleProof(ranges, (node) => {
    const hash = hashes.get(`${node.level}/${node.index}`);
    if (!hash) throw new Error(`bench: no stored node ${node.level}/${node.index}`);
    return hash;
  }).map((hash) => hash.toString('base64'));
}

/** An entry's inclusion proof against the latest checkpoint, as entryInLog read it before. */
export async function inclusionBefore(em: EntityManager, chain: string, seq: number): Promise<string[]> {
  const [row] = await preparedQuery<{ log_index: string; checkpoint_size: string; nodes: Slice[] }>(
    em,
    'hz_bench_before_entry_in_log',
    `${ENTRY_IN_LOG} ${entryRow(JOINED_SLICES)}`,
    [null, chain, seq],
  );
  return proofFrom(inclusionProofRanges(Number(row.log_index), Number(row.checkpoint_size)), row.nodes ?? []);
}

/** A consistency proof from `from` to the checkpoint of size `to`, as LogProofService found that checkpoint and readNodes read the nodes before. */
export async function consistencyBefore(em: EntityManager, from: number, to: number): Promise<string[]> {
  if (!(await checkpointOfSize(em, to))) throw new Error(`bench: no checkpoint of size ${to}`);
  const ranges = consistencyProofRanges(from, to);
  const nodes = nodesForRanges(ranges);
  const rows = await preparedQuery<Slice>(em, 'hz_bench_before_read_nodes', JOINED_SLICES('unnest(?::int[], ?::bigint[]) as n(level, idx)'), [
    nodes.map((n) => n.level),
    nodes.map((n) => n.index),
  ]);
  return proofFrom(ranges, rows);
}
