import { EntityManager } from '@mikro-orm/postgresql';
import { rawQuery } from '../db/raw-query';
import { BatchRef, EntryFields, IN_REASONS, LEDGER_VERSION, OUT_REASONS } from '../proof/canonical-entry';
import { ChainEntry } from '../proof/verify-chain';

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

const quote = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
const HASH = (column: string) => `(length(${column}::text) = 64 and ${column}::text !~ '[^0-9a-f]')`;
const ISO_MS = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
/**
 * 1970 to 9999: where to_char's text and toISOString of the Date parsed from the column's text are the same
 * (both drop the microseconds; pinned by test/ledger/entry-row-match.test.ts).
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
 * JSON.stringify does, pinned by test/ledger/entry-row-match.test.ts;
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

export const ENTRY_COLUMNS = [
  'id', 'seq', 'prev_hash', 'hash', 'canonical', 'version', 'direction', 'reason', 'warehouse_code', 'product_code', 'batch', 'quantity', 'unit',
  'counterparty_code', 'source_hash', 'inputs', 'corrects', 'transport_doc', 'occurred_at', 'recorded_at', 'request_id',
] as const;

/** Entry rows by id, every column the fields are compared with. */
export function fullRows(em: EntityManager, ids: readonly string[]): Promise<EntryRow[]> {
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
