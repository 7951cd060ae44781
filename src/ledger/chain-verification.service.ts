import { IsolationLevel } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { assertRegulator } from '../access/policy';
import { assertNamedInArea } from '../registry/named-in-area';
import { Viewer } from '../access/viewer';
import { preparedQuery, rawQuery } from '../db/raw-query';
import { BatchRef, EntryFields, GENESIS_PREV_HASH, IN_REASONS, LEDGER_VERSION, OUT_REASONS } from '../proof/canonical-entry';
import { ChainEntry, ChainVerification, verifyChainPages } from '../proof/verify-chain';
import { crossCheckChain, Disagreement } from './chain-cross-checks';
import { LedgerError } from './ledger.errors';
import { checkCreditCode } from './ledger.service';

/** Rows a page: at most two pages are held at once, whatever the chain's length. */
const PAGE = 500;

/** An entry row with every column verifyChain compares with canonical (ENTRY_COLUMNS). */
export interface EntryRow {
  id: string;
  seq: number;
  prev_hash: string;
  hash: string;
  canonical: string;
  version: number;
  direction: EntryFields['direction'];
  reason: EntryFields['reason'];
  warehouse_code: string;
  product_code: string;
  batch: string;
  quantity: string;
  unit: string;
  counterparty_code: string | null;
  source_hash: string | null;
  inputs: BatchRef[] | null;
  corrects: string | null;
  transport_doc: string | null;
  occurred_at: Date;
  recorded_at: Date;
  request_id: string;
}

/** A row of the page query: a ChainEntry as it comes, plus its id. */
interface PageRow extends ChainEntry {
  id: string;
  fieldsMatch: boolean;
}

const quote = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
const HASH = (column: string) => `(length(${column}::text) = 64 and ${column}::text !~ '[^0-9a-f]')`;
const ISO_MS = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
/**
 * 1970 to 9999: where to_char's text and toISOString of the Date parsed from the column's text are the same
 * (both drop the microseconds; pinned by test/ledger/chain-verification-sql.test.ts).
 */
const PLAIN_INSTANT = (column: string) => `(${column} >= '1970-01-01 00:00:00+00' and ${column} < '10000-01-01 00:00:00+00')`;
/** An element of inputs as fieldsWellFormed wants it: an object of exactly two strings, batch and product. */
const INPUT_OK = `case when jsonb_typeof(i.r) = 'object'
  then jsonb_typeof(i.r -> 'batch') = 'string' and jsonb_typeof(i.r -> 'product') = 'string' and i.r - 'batch' - 'product' = '{}'::jsonb else false end`;

/** The row's free-text columns. */
const FREE_TEXT = ['e.chain', 'e.batch', 'e.warehouse_code', 'e.product_code', 'e.request_id', `coalesce(e.counterparty_code, '')`, `coalesce(e.transport_doc, '')`, 'e.unit::text'];
const QUOTED = (sql: string) => `'"' || ${sql} || '"'`;
const NULLABLE = (sql: string) => `coalesce('"' || ${sql} || '"', 'null')`;

/**
 * SQL, over the entry row `e`: true only if verifyChain's fast path passes on
 * the row's own columns, as toChainEntry states them: the fields are well
 * formed (fieldsWellFormed, src/proof/canonical-entry.ts) and `canonical` is,
 * byte for byte, canonicalText(chain, seq, prevHash, fields). The text is
 * written out here as canonicalText writes it (keys in JCS order, seq an
 * integer, inputs in stored order, timestamps as toISOString writes them),
 * with every string as `"` + value + `"`: that is JSON.stringify's text for
 * a string without `"`, `\` or control characters. The free-text columns are
 * checked here for `"`; a canonical equal to this text holds each of them
 * verbatim, so storeMatched checks canonical, in JS, for `\` and control
 * characters; the other columns are hashes, decimals, enums and timestamps of
 * a checked form. The strings of inputs go through to_json (which escapes as
 * JSON.stringify does, pinned by test/ledger/chain-verification-sql.test.ts;
 * any escape it writes holds a `\`, which storeMatched then refuses). False or
 * null for anything unusual (an escaped character, a far-off instant, a
 * malformed inputs document): the row is then read in full and checked in JS
 * exactly as before, with the same reasons and messages. Only used on a UTF-8
 * database where CANONICAL_AGREEMENT is not in force (verifyStoredChain checks),
 * so it relies on built-in functions alone, not on the constraint's
 * ledger_inputs_canonical(), which may then be what was changed.
 */
export const FIELDS_MATCH_SQL = `coalesce(
  strpos(${FREE_TEXT.join(' || ')}, '"') = 0 and e.version = ${LEDGER_VERSION}
  and e.quantity >= 0 and e.quantity < 'NaN'::numeric and scale(e.quantity) = 3
  and case e.direction when 'IN' then e.reason in (${quote(IN_REASONS)}) when 'OUT' then e.reason in (${quote(OUT_REASONS)}) else false end
  and (e.source_hash is null or ${HASH('e.source_hash')})
  and (e.corrects is null or ${HASH('e.corrects')})
  and ${PLAIN_INSTANT('e.occurred_at')} and ${PLAIN_INSTANT('e.recorded_at')}
  and e.canonical = '{"batch":' || ${QUOTED('e.batch')} || ',"chain":' || ${QUOTED('e.chain')}
    || ',"corrects":' || ${NULLABLE('e.corrects::text')} || ',"counterparty":' || ${NULLABLE('e.counterparty_code')}
    || ',"direction":' || ${QUOTED('e.direction::text')}
    || ',"inputs":' || case when e.inputs is null or jsonb_typeof(e.inputs) = 'null' then 'null' when jsonb_typeof(e.inputs) = 'array' then (
         select '[' || coalesce(string_agg(case when ${INPUT_OK} then '{"batch":' || to_json(i.r ->> 'batch')::text || ',"product":' || to_json(i.r ->> 'product')::text || '}' end,
                                           ',' order by i.n), '') || ']'
           from jsonb_array_elements(e.inputs) with ordinality as i(r, n)
         having bool_and(${INPUT_OK}) is not false
       ) end
    || ',"occurredAt":"' || ${ISO_MS('e.occurred_at')} || '","prevHash":' || ${QUOTED('e.prev_hash::text')}
    || ',"product":' || ${QUOTED('e.product_code')} || ',"quantity":"' || e.quantity::text || '","reason":' || ${QUOTED('e.reason::text')}
    || ',"recordedAt":"' || ${ISO_MS('e.recorded_at')} || '","requestId":' || ${QUOTED('e.request_id')}
    || ',"seq":' || e.seq::text || ',"sourceHash":' || ${NULLABLE('e.source_hash::text')}
    || ',"transportDoc":' || ${NULLABLE('e.transport_doc')} || ',"unit":' || ${QUOTED('e.unit::text')}
    || ',"v":1,"warehouse":' || ${QUOTED('e.warehouse_code')} || '}',
  false)`;

/** What FIELDS_MATCH_SQL leaves to JS: a `\` or a control character in canonical (in a column, JSON.stringify would escape it). */
const STORE_UNESCAPED = /[\u0000-\u001f\\]/;

/** A page row checked by the store: FIELDS_MATCH_SQL, and canonical free of what JSON.stringify escapes. */
export function storeMatched(fieldsMatch: boolean | null, canonical: string): boolean {
  return fieldsMatch === true && !STORE_UNESCAPED.test(canonical);
}

/**
 * Checks a chain as the spec says, straight from the entry table, in constant
 * memory however long the chain: one statement where it proves the chain
 * sound, else pages of at most PAGE rows in (seq, id) order, so that a
 * duplicated or missing seq is seen rather than hidden (verifyStoredChain).
 */
export class ChainVerificationService {
  constructor(private readonly em: EntityManager) {}

  /** The chain as the spec says, and unless told not to, what the rest of the database says against it (crossCheckChain). */
  async verifyChain(viewer: Viewer, creditCode: string, options: { crossCheck?: boolean } = {}): Promise<ChainVerification & { disagreements: Disagreement[] }> {
    assertRegulator(viewer);
    checkCreditCode(creditCode, ['creditCode']);
    await assertNamedInArea(this.em, viewer, creditCode, ['creditCode']);
    const result = await verifyStoredChain(this.em, creditCode, { enterpriseMustExist: true });
    if (!result) throw LedgerError.chainNotFound(creditCode);
    const disagreements = options.crossCheck === false ? [] : await crossCheckChain(this.em, creditCode);
    return { ...result, ok: result.ok && disagreements.length === 0, disagreements };
  }
}

/**
 * The constraint that holds every entry's columns to its canonical text (LedgerEntry's CANONICAL_AGREES, made by
 * migration canonical_agrees): the md5 of its definition and of the function it calls, as PostgreSQL 15 writes
 * them out (pinned by test/ledger/chain-verification-sql.test.ts). Another major version may write them out
 * differently; verifyChain then compares every row's columns itself, as it does without the constraint.
 */
export const CANONICAL_AGREEMENT = { name: 'ledger_entry_canonical_agrees', fingerprint: 'f066cbf44a48344f322cc52641342faa' };

/**
 * SQL: true only while the database holds every entry to CANONICAL_AGREEMENT: the constraint is there,
 * validated, neither it nor the function it calls differs from what the migration made, and the function has
 * not been replaced since the constraint was validated (a function replaced, then put back, would leave rows
 * written meanwhile unchecked: its catalog row is then younger than the constraint's).
 */
const AGREEMENT_IN_FORCE_SQL = `coalesce((
  select c.convalidated
         and md5(pg_get_constraintdef(c.oid) || coalesce(string_agg(pg_get_functiondef(p.oid), '' order by p.oid), '')) = '${CANONICAL_AGREEMENT.fingerprint}'
         and coalesce(bool_and(age(p.xmin) >= age(c.xmin)), true)
    from pg_constraint c
    left join pg_depend d on d.classid = 'pg_constraint'::regclass and d.objid = c.oid and d.refclassid = 'pg_proc'::regclass
    left join pg_proc p on p.oid = d.refobjid
   where c.conrelid = 'ledger_entry'::regclass and c.conname = '${CANONICAL_AGREEMENT.name}'
   group by c.oid, c.convalidated, c.xmin), false)`;

/** Whether the database now holds every entry's columns to its canonical text. */
export async function canonicalAgreementInForce(em: EntityManager): Promise<boolean> {
  const [row] = await rawQuery<{ agrees: boolean }>(em, `select ${AGREEMENT_IN_FORCE_SQL} as agrees`);
  return row.agrees;
}

/**
 * One statement, so one snapshot: the chain's head, and whether every entry, in (seq, id) order, has seq equal
 * to its place, prevHash equal to the previous entry's hash (64 zeros first), and hash equal to the SHA-256 of
 * canonical's UTF-8 bytes (PostgreSQL's built-in sha256). Where the database also holds every entry's fields to
 * its canonical text (CANONICAL_AGREEMENT), that is every check of the spec: nothing travels but this one row.
 */
const CHAIN_SUMMARY_SQL = `with head as (select c.last_seq, c.last_hash from ledger_chain c where c.chain = ?),
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
            window w as (order by e.seq, e.id)) r)
  select current_setting('server_encoding') = 'UTF8' as utf8, ${AGREEMENT_IN_FORCE_SQL} as agrees,
         exists (select 1 from enterprise where credit_code = ?) as enterprise,
         (select last_seq from head), (select last_hash from head), checked.*
    from checked`;

interface ChainSummary {
  utf8: boolean;
  agrees: boolean;
  enterprise: boolean;
  last_seq: number | null;
  last_hash: string | null;
  entries: number;
  sound: boolean;
  ends_at_head: boolean;
}

/** The verification a summary proves, or null when it proves nothing (the chain is then checked page by page). */
function provenSound(chain: string, s: ChainSummary): ChainVerification | null {
  if (!s.utf8 || !s.agrees || !s.sound) return null;
  if (s.last_seq === null ? s.entries !== 0 : s.entries !== s.last_seq || !s.ends_at_head) return null;
  return { chain, ok: true, checked: s.entries, head: s.entries ? { seq: s.entries, hash: s.last_hash! } : null, failure: null };
}

/**
 * Checks a chain as the spec says. A sound chain on a database that enforces CANONICAL_AGREEMENT is proven so
 * in one statement (CHAIN_SUMMARY_SQL); anything else, a chain with any failure included, is checked page by page,
 * which names the first failing seq and why.
 */
export function verifyStoredChain(em: EntityManager, chain: string): Promise<ChainVerification>;
/** With enterpriseMustExist: null when no enterprise has the credit code. */
export function verifyStoredChain(em: EntityManager, chain: string, options: { enterpriseMustExist: true }): Promise<ChainVerification | null>;
export async function verifyStoredChain(em: EntityManager, chain: string, options: { enterpriseMustExist?: boolean } = {}): Promise<ChainVerification | null> {
  const [summary] = await preparedQuery<ChainSummary>(em, 'hz_verify_chain', CHAIN_SUMMARY_SQL, [chain, GENESIS_PREV_HASH, chain, chain]);
  if (options.enterpriseMustExist && !summary.enterprise) return null;
  return provenSound(chain, summary) ?? verifyPageByPage(em, chain);
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

export const ENTRY_COLUMNS = [
  'id', 'seq', 'prev_hash', 'hash', 'canonical', 'version', 'direction', 'reason', 'warehouse_code', 'product_code', 'batch', 'quantity', 'unit',
  'counterparty_code', 'source_hash', 'inputs', 'corrects', 'transport_doc', 'occurred_at', 'recorded_at', 'request_id',
] as const;

/** Entry rows by id, every column the fields are compared with. */
function fullRows(em: EntityManager, ids: readonly string[]): Promise<EntryRow[]> {
  return rawQuery<EntryRow>(em, `select ${ENTRY_COLUMNS.join(', ')} from ledger_entry where id = any(?::bigint[])`, [`{${ids.join(',')}}`]);
}

/** The entry as its row states it: the fields JS compares with canonical when PostgreSQL did not vouch for it. */
export function toChainEntry(row: EntryRow): ChainEntry {
  return {
    seq: row.seq,
    prevHash: row.prev_hash,
    hash: row.hash,
    canonical: row.canonical,
    version: row.version,
    fields: {
      direction: row.direction,
      reason: row.reason,
      warehouse: row.warehouse_code,
      product: row.product_code,
      batch: row.batch,
      quantity: row.quantity,
      unit: row.unit,
      counterparty: row.counterparty_code,
      sourceHash: row.source_hash,
      inputs: row.inputs,
      corrects: row.corrects,
      transportDoc: row.transport_doc,
      occurredAt: new Date(row.occurred_at).toISOString(),
      recordedAt: new Date(row.recorded_at).toISOString(),
      requestId: row.request_id,
    },
  };
}
