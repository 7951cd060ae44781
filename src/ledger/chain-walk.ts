import { IsolationLevel } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { withConnection } from '../db/plain-connection';
import { preparedQuery, rawQuery, shapeOf, shapesBy, WriteInRead } from '../db/raw-query';
import { GENESIS_PREV_HASH, LEDGER_VERSION } from '../proof/canonical-entry';
import { ChainEntry, ChainVerification, verifyChainPages } from '../proof/verify-chain';
import { AGREEMENT_IN_FORCE_SQL } from './canonical-agreement';
import { FIELDS_MATCH_SQL, fullRows, storeMatched, toChainEntry } from './entry-row-match';

/** Rows a page: at most two pages are held at once, whatever the chain's length. */
const PAGE = 500;

/** A row of the page query: a ChainEntry as it comes, plus its id. */
interface PageRow extends ChainEntry {
  id: string;
  fieldsMatch: boolean;
}

/**
 * One statement, so one snapshot: the chain's head, and whether every entry, in (seq, id) order, has seq equal
 * to its place, prevHash equal to the previous entry's hash (64 zeros first), and hash equal to the SHA-256 of
 * canonical's UTF-8 bytes (PostgreSQL's built-in sha256). Where the database also holds every entry's fields to
 * its canonical text (CANONICAL_AGREEMENT), that is every check of the spec: nothing travels but this one row,
 * whose `proven` says so. Bound in order: chain, the genesis prevHash, chain, chain.
 */
const CHAIN_SUMMARY = `with head as (select c.last_seq, c.last_hash from ledger_chain c where c.chain = ?),
  checked as (
    select count(*)::int as entries, coalesce(bool_and(r.sound), true) as sound,
           coalesce(bool_or(r.seq = (select last_seq from head) and r.hash = (select last_hash from head)), false) as ends_at_head
      from (select e.seq, e.hash, e.hashed and e.version = ${LEDGER_VERSION} and e.seq = row_number() over w and e.prev_hash = coalesce(lag(e.hash) over w, ?) as sound
              -- Hashed before the window's sort (OFFSET 0 keeps it so), which then sorts narrow rows without canonical.
              from (select x.seq, x.id, x.hash, x.prev_hash, x.version,
                           pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(x.canonical, 'UTF8')), 'hex') = x.hash::text as hashed
                      from ledger_entry x
                     where x.chain = ?
                    offset 0) e
            window w as (order by e.seq, e.id)) r),
  -- Materialized: hz_summary reads its columns twice, and an inlined one would run the catalog check twice.
  summary as materialized (
    select current_setting('server_encoding') = 'UTF8' as utf8, ${AGREEMENT_IN_FORCE_SQL} as agrees,
           exists (select 1 from enterprise where credit_code = ?) as enterprise,
           (select last_seq from head) as last_seq, (select last_hash from head) as last_hash, checked.*
      from checked),
  hz_summary as (
    select s.*, s.utf8 and s.agrees and s.sound
                and case when s.last_seq is null then s.entries = 0 else s.entries = s.last_seq and s.ends_at_head end as proven
      from summary s)`;

const SUMMARY_SHAPE = shapeOf(`${CHAIN_SUMMARY} select * from hz_summary`, 'hz_verify_chain');
/** The summary writing a request's audit row (one text a role) when it proves the chain of an enterprise sound: the answer is then this row's. */
const auditedSummary = shapesBy((insert) => `${CHAIN_SUMMARY}, hz_proven as (select from hz_summary where proven and enterprise), hz_audit as (${insert}) select * from hz_summary`);

interface ChainSummary {
  proven: boolean;
  enterprise: boolean;
  last_hash: string | null;
  entries: number;
}

/** The verification a summary proves, or null when it proves nothing (the chain is then checked page by page). */
function provenSound(chain: string, s: ChainSummary): ChainVerification | null {
  if (!s.proven) return null;
  return { chain, ok: true, checked: s.entries, head: s.entries ? { seq: s.entries, hash: s.last_hash! } : null, failure: null };
}

/**
 * Checks a chain as the spec says. A sound chain on a database that enforces CANONICAL_AGREEMENT is proven so
 * in one statement (CHAIN_SUMMARY_SQL); anything else, a chain with any failure included, is checked page by page,
 * which names the first failing seq and why.
 */
export function verifyStoredChain(em: EntityManager, chain: string): Promise<ChainVerification>;
/**
 * With enterpriseMustExist: null when no enterprise has the credit code. With `audit`, the request's audit row
 * is written by the summary's statement when that proves the chain sound, the answer then known.
 */
export function verifyStoredChain(em: EntityManager, chain: string, options: { enterpriseMustExist: true; audit?: WriteInRead }): Promise<ChainVerification | null>;
export async function verifyStoredChain(em: EntityManager, chain: string, options: { enterpriseMustExist?: boolean; audit?: WriteInRead } = {}): Promise<ChainVerification | null> {
  const insert = options.audit?.insert('hz_proven') ?? null;
  const shape = insert ? auditedSummary(insert.sql) : SUMMARY_SHAPE;
  const values = [chain, GENESIS_PREV_HASH, chain, chain, ...(insert?.bindings ?? [])];
  const [summary] = await withConnection(em, (connection) => connection.rows<ChainSummary>({ ...shape, values }));
  if (options.enterpriseMustExist && !summary.enterprise) return null;
  const proven = provenSound(chain, summary);
  // As hz_proven: the statement wrote the row only for an enterprise's chain it proved sound.
  if (insert && proven && summary.enterprise) options.audit!.written();
  return proven ?? verifyPageByPage(em, chain);
}

/** Head and entries from one REPEATABLE READ snapshot, so appends during the check neither count nor look like tampering. */
function verifyPageByPage(em: EntityManager, chain: string): Promise<ChainVerification> {
  return em.transactional(
    async (tx) => {
      // For this transaction: no JIT (compiling the page query's expressions would cost more than running them), and
      // the page query's one generic plan from its first run (planning it costs more than a page).
      // On another encoding than UTF-8, to_json and the UTF-8 text the JS side hashes may differ: every row is checked in JS.
      const [head] = await rawQuery<{ utf8: boolean; last_seq: number | null; last_hash: string | null }>(
        tx,
        `select set_config('jit', 'off', true) as jit, set_config('plan_cache_mode', 'force_generic_plan', true) as plans,
                current_setting('server_encoding') = 'UTF8' as utf8, c.last_seq, c.last_hash
           from (select 1) one left join ledger_chain c on c.chain = ?`,
        [chain],
      );
      const expectedHead = head.last_seq === null ? { seq: 0, hash: '' } : { seq: head.last_seq, hash: head.last_hash! };
      return verifyChainPages(chain, storedPages(tx, chain, head.utf8), { expectedHead });
    },
    { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true },
  );
}

/**
 * Pages of at most PAGE rows in (seq, id) order, as a named prepared statement (each pooled connection plans it
 * once). A page reads the rows after the last one seen within a window of PAGE + 1 seq values from the next seq
 * present, so it reads about PAGE rows however long the chain (a duplicated seq only fills a window faster; a
 * gap leaves it short). The pages end with an empty one. The next page is asked for before this one is
 * checked, so that the database reads and compares while the entries are hashed. Each row comes with
 * `fieldsMatch` (FIELDS_MATCH_SQL, then storeMatched): PostgreSQL has rebuilt the canonical text from the row's
 * columns and found it equal, so only seq, prevHash, hash and canonical travel, and JS checks the seq, the link
 * and the hash. A row without it is read again in full and checked in JS on its fields.
 */
async function* storedPages(em: EntityManager, chain: string, utf8: boolean): AsyncGenerator<ChainEntry[]> {
  const sql = `select e.id, e.seq, e.prev_hash as "prevHash", e.hash, e.canonical,
                      ${utf8 ? FIELDS_MATCH_SQL : 'false'} as "fieldsMatch"
         from ledger_entry e
        where e.chain = ? and (e.seq, e.id) > (?, ?)
          and e.seq <= (select min(x.seq)::bigint from ledger_entry x where x.chain = ? and (x.seq, x.id) > (?, ?)) + ${PAGE}
        order by e.seq, e.id limit ${PAGE}`;
  const page = (after: { seq: number; id: string }) => {
    const rows = preparedQuery<PageRow>(em, utf8 ? 'hz_verify_page' : 'hz_verify_page_js', sql, [chain, after.seq, after.id, chain, after.seq, after.id]);
    rows.catch(() => undefined);
    return rows;
  };
  let next: Promise<PageRow[]> | null = page({ seq: -(2 ** 31), id: '0' });
  while (next) {
    const rows: PageRow[] = await next;
    const last = rows[rows.length - 1];
    next = last ? page({ seq: last.seq, id: String(last.id) }) : null;
    // The request only leaves after a few promise steps: let them run before this page is hashed.
    if (next) await new Promise((resolve) => setImmediate(resolve));
    let unmatched: string[] | null = null;
    for (const r of rows) {
      r.fieldsMatch = storeMatched(r.fieldsMatch, r.canonical);
      if (!r.fieldsMatch) (unmatched ??= []).push(String(r.id));
    }
    if (unmatched) {
      const full = new Map<string, ChainEntry>();
      for (const row of await fullRows(em, unmatched)) full.set(String(row.id), toChainEntry(row));
      yield rows.map((r) => (r.fieldsMatch ? r : full.get(String(r.id))!));
    } else if (rows.length) yield rows;
  }
}
