/**
 * The baselines, on the same database in the same run: the very rows the API
 * wrote to ledger_entry, inserted again by plain pg clients into plain tables
 * (the same columns, no index, no constraint, no trigger) with the same
 * concurrency and batch size, and for phase 1 also into a copy of ledger_entry
 * with its indexes, checks and foreign keys (what the table itself costs);
 * and SHA-256 of the same canonical strings.
 */
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { sha256Hex } from '../src/proof/sha256';
import { connect } from './setup';

/** The columns the server's append writes. */
export const ENTRY_COLUMNS = [
  'chain', 'enterprise_id', 'seq', 'prev_hash', 'hash', 'canonical', 'direction', 'reason', 'warehouse_id', 'warehouse_code',
  'product_id', 'product_code', 'batch', 'quantity', 'unit', 'counterparty_code', 'counterparty_id', 'source_hash', 'source_entry_id',
  'inputs', 'corrects', 'corrects_entry_id', 'transport_doc', 'occurred_at', 'recorded_at', 'request_id',
] as const;

const SELECT_AS_TEXT = ENTRY_COLUMNS.map((c) => `${c}::text`).join(', ');

/** The copy of ledger_entry that phase 1's second baseline inserts into. */
export const LEDGER_COPY = 'bench_raw_ledger';

export async function createPlainTables(client: Client): Promise<void> {
  for (const table of ['bench_raw_batch', 'bench_raw_single', LEDGER_COPY]) {
    await client.query(`create sequence ${table}_id_seq`);
    await client.query(`create table ${table} (like ledger_entry including ${table === LEDGER_COPY ? 'all' : 'defaults'})`);
    await client.query(`alter table ${table} alter column id set default nextval('${table}_id_seq')`);
  }
  // LIKE copies indexes and checks, not foreign keys: the copy's rows are checked against the same tables.
  const { rows } = await client.query<{ name: string; definition: string }>(
    `select conname as name, pg_get_constraintdef(oid) as definition from pg_constraint where conrelid = 'ledger_entry'::regclass and contype = 'f'`,
  );
  for (const fk of rows) await client.query(`alter table ${LEDGER_COPY} add constraint ${fk.name}_copy ${fk.definition}`);
}

function insertSql(table: string, rows: number): string {
  const n = ENTRY_COLUMNS.length;
  const values = Array.from({ length: rows }, (_, r) => `(${Array.from({ length: n }, (_, c) => `$${r * n + c + 1}`).join(',')})`);
  return `insert into ${table} (${ENTRY_COLUMNS.join(', ')}) values ${values.join(',')}`;
}

async function rowsAfter(client: Client, afterId: string, upToId: string, limit: number): Promise<{ rows: unknown[][]; lastId: string }> {
  const result = await client.query({
    text: `select e.id::text as row_id, ${SELECT_AS_TEXT} from ledger_entry e where e.id > $1 and e.id <= $2 order by e.id limit $3`,
    values: [afterId, upToId, limit],
    rowMode: 'array',
  });
  const rows = result.rows as unknown[][];
  return { rows: rows.map((r) => r.slice(1)), lastId: rows.length ? String(rows[rows.length - 1][0]) : afterId };
}

/**
 * Multi-row INSERTs of `batchSize` rows by `concurrency` clients, of the rows
 * with id in (fromId, toId]. The rows are read in segments before each timed
 * segment, so reading is not counted. Returns rows and seconds.
 */
export async function rawBatchedInsert(
  url: string,
  fromId: string,
  toId: string,
  batchSize: number,
  concurrency: number,
  progress: (done: number) => void,
  table = 'bench_raw_batch',
  /** Told when each timed segment of INSERTs starts and ends (the rows' reads between them are not timed). */
  timed?: { start(): void; end(): void },
): Promise<{ rows: number; seconds: number }> {
  const reader = await connect(url);
  const writers = await Promise.all(Array.from({ length: concurrency }, () => connect(url)));
  const sql = new Map<number, string>();
  const sqlFor = (n: number) => sql.get(n) ?? (sql.set(n, insertSql(table, n)), sql.get(n)!);
  const SEGMENT = 100 * batchSize;
  let after = fromId;
  let rows = 0;
  let seconds = 0;
  try {
    for (;;) {
      const segment = await rowsAfter(reader, after, toId, SEGMENT);
      if (segment.rows.length === 0) break;
      after = segment.lastId;
      const chunks: unknown[][][] = [];
      for (let i = 0; i < segment.rows.length; i += batchSize) chunks.push(segment.rows.slice(i, i + batchSize));
      let next = 0;
      const started = performance.now();
      timed?.start();
      await Promise.all(
        writers.map(async (w) => {
          while (next < chunks.length) {
            const chunk = chunks[next++];
            await w.query(sqlFor(chunk.length), chunk.flat());
          }
        }),
      );
      timed?.end();
      seconds += (performance.now() - started) / 1000;
      rows += segment.rows.length;
      progress(rows);
    }
  } finally {
    await Promise.all([reader, ...writers].map((c) => c.end()));
  }
  return { rows, seconds };
}

/** Single-row autocommit INSERTs, each client its own chain's rows in seq order (of `onlyChain` alone when given); latency of each. */
export async function rawSingleInserts(
  url: string,
  fromId: string,
  toId: string,
  onlyChain?: string,
  /** Told when the timed INSERTs start and end (the connections are open at both). */
  timed?: { start(): void; end(): void },
): Promise<{ rows: number; seconds: number; latenciesMs: number[] }> {
  const reader = await connect(url);
  const rows = (await rowsAfter(reader, fromId, toId, 10_000_000)).rows.filter((row) => onlyChain === undefined || row[0] === onlyChain);
  await reader.end();
  const byChain = new Map<string, unknown[][]>();
  for (const row of rows) {
    const chain = String(row[0]);
    byChain.set(chain, [...(byChain.get(chain) ?? []), row]);
  }
  const writers = await Promise.all([...byChain.keys()].map(() => connect(url)));
  const sql = insertSql('bench_raw_single', 1);
  const latenciesMs: number[] = [];
  timed?.start();
  const started = performance.now();
  await Promise.all(
    [...byChain.values()].map(async (chainRows, i) => {
      for (const row of chainRows) {
        const t = performance.now();
        await writers[i].query(sql, row);
        latenciesMs.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  timed?.end();
  await Promise.all(writers.map((w) => w.end()));
  return { rows: rows.length, seconds, latenciesMs };
}

/**
 * SHA-256 (lowercase hex, as the ledger computes it) of the canonical strings of the given chains; strings read before
 * timing, hashed once untimed (warm, as the server is after its own warm-up), then again until minMs have gone by.
 */
export async function rawSha256(url: string, chains: readonly string[], minMs: number): Promise<{ entries: number; seconds: number }> {
  const client = await connect(url);
  const { rows } = await client.query<{ canonical: string }>('select canonical from ledger_entry where chain = any($1) order by chain, seq', [chains]);
  await client.end();
  const strings = rows.map((r) => r.canonical);
  let sink = 0;
  for (const s of strings) sink ^= sha256Hex(s).charCodeAt(0);
  let entries = 0;
  const started = performance.now();
  do {
    for (const s of strings) sink ^= sha256Hex(s).charCodeAt(0);
    entries += strings.length;
  } while (performance.now() - started < minMs);
  const seconds = (performance.now() - started) / 1000;
  if (sink === -1) console.log('');
  return { entries, seconds };
}
