import { rawQuery } from '../../src/db/raw-query';
import { ENTRY_COLUMNS, EntryRow, FIELDS_MATCH_SQL, storeMatched, toChainEntry } from '../../src/ledger/entry-row-match';
import { canonicalText, fieldsWellFormed } from '../../src/proof/canonical-entry';
import { openTestDatabase, TestDatabase } from '../support/database';
import { superuser, Trader } from '../support/ledger-fixtures';
import { recordSampleChains } from '../support/sample-chains';

/*
 * Where the database does not enforce the canonical-agreement constraint, PostgreSQL compares each row's
 * columns with its canonical text (FIELDS_MATCH_SQL) and JS checks only the rows it does not vouch for.
 * These tests pin what that comparison relies on, that the constraint accepts exactly the rows the JS
 * checks pass, and that neither vouches for a row the JS checks would fail.
 */

let db: TestDatabase;
let a: Trader;

const TRICKY = [
  'plain',
  '',
  'quote " inside',
  'back\\slash',
  'both \\" and "\\',
  'new\nline',
  'tab\tcr\rff\fbs\b',
  ...Array.from({ length: 31 }, (_, i) => `ctl${String.fromCharCode(i + 1)}end`),
  'del\u007f',
  'c1\u0085\u009f',
  'line sep \u2028 para sep \u2029',
  '沪危运2026112600017',
  'emoji 😀 and 🧪',
  'bom \ufeff nbsp \u00a0',
  '</script>',
  "apostrophe ' and `tick`",
];

beforeAll(async () => {
  db = await openTestDatabase();
  ({ a } = await recordSampleChains(db));
});
afterAll(async () => {
  await db.close();
});

describe('what the SQL comparison relies on', () => {
  it('to_json(text)::text escapes exactly as JSON.stringify does', async () => {
    const em = db.orm.em.fork();
    const random = Array.from({ length: 200 }, (_, i) =>
      Array.from({ length: 1 + (i % 17) }, (_, j) => String.fromCodePoint([1 + ((i * 7 + j * 13) % 0x7f), 0x80 + ((i * 31 + j) % 0x780), 0x2000 + ((i + j) % 0x40), 0x4e00 + i * j, 0x1f600 + j][(i + j) % 5])).join(''),
    );
    const strings = [...TRICKY, ...random];
    const rows = await rawQuery<{ s: string; j: string }>(em, `select s, to_json(s)::text as j from unnest(?::text[]) as s`, [toArrayLiteral(strings)]);
    expect(rows.map((r) => r.s)).toEqual(strings);
    for (const r of rows) expect(r.j).toBe(JSON.stringify(r.s));
  });

  it("to_char's milliseconds are toISOString of the Date parsed from the column's text, microseconds and all", async () => {
    const em = db.orm.em.fork();
    const rows = await rawQuery<{ t: string; iso: string }>(
      em,
      `select ts as t, to_char(ts at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as iso
         from (select timestamptz '1970-01-01 00:00:00+00' + (g * 7919.123457) * interval '1 hour' as ts from generate_series(0, 8000) g
               union all select timestamptz '2026-11-26 08:30:00.417+00' + g * interval '1 microsecond' from generate_series(0, 1500) g
               union all select timestamptz '9999-12-31 23:59:59.999999+00') x`,
    );
    expect(rows.length).toBeGreaterThan(9000);
    for (const r of rows) expect(new Date(r.t).toISOString()).toBe(r.iso);
  });
});

/** The JS fast path on the fields as the row states them. */
function jsFastPath(chain: string, row: EntryRow): boolean {
  const fields = toChainEntry(row).fields!;
  return fieldsWellFormed(fields) && canonicalText(chain, row.seq, row.prev_hash, fields) === row.canonical;
}
describe('FIELDS_MATCH_SQL vouches only for rows the JS checks pass', () => {
  it('agrees with the JS fast path on sound rows and on every kind of tampered row', async () => {
    const rows = await superuser(db, async (client) => {
      await client.query('begin');
      // A copy of the entry table without its triggers and constraints; every mutation on a fresh copy of chain a.
      await client.query('drop table if exists probe');
      await client.query('create table probe (like ledger_entry)');
      const mutations: [string, unknown[]][] = [
        ['', []],
        [`quantity = quantity + 1`, []],
        [`quantity = 'NaN'`, []],
        [`quantity = -quantity`, []],
        [`batch = batch || 'x'`, []],
        [`warehouse_code = 'W2'`, []],
        [`product_code = lower(product_code)`, []],
        [`request_id = request_id || ' '`, []],
        [`unit = 'T'`, []],
        [`direction = case direction when 'IN' then 'OUT'::ledger_direction else 'IN' end`, []],
        [`reason = 'CORRECTION'`, []],
        [`reason = 'EXPORT'`, []],
        [`counterparty_code = null`, []],
        [`counterparty_code = '91310000000000000X'`, []],
        [`transport_doc = null`, []],
        [`transport_doc = 'X'`, []],
        [`source_hash = repeat('a', 64)`, []],
        [`source_hash = upper(repeat('a', 64))`, []],
        [`source_hash = 'abc'`, []],
        [`corrects = repeat('b', 64)`, []],
        [`corrects = repeat('g', 64)`, []],
        [`inputs = '[]'`, []],
        [`inputs = 'null'::jsonb`, []],
        [`inputs = '"x"'`, []],
        [`inputs = '{}'`, []],
        [`inputs = '[1]'`, []],
        [`inputs = '[{"batch": "RAW", "product": 1}]'`, []],
        [`inputs = (select jsonb_agg(x || '{"extra": 1}') from jsonb_array_elements(inputs) x)`, []],
        [`inputs = (select jsonb_agg(x order by x->>'batch' desc) from jsonb_array_elements(inputs) x)`, []],
        [`occurred_at = occurred_at + interval '1 millisecond'`, []],
        [`occurred_at = occurred_at + interval '1 microsecond'`, []],
        [`recorded_at = recorded_at + interval '999 microseconds'`, []],
        [`recorded_at = '1960-01-01 00:00:00+00'`, []],
        [`occurred_at = '10000-01-01 00:00:00+00'`, []],
        [`seq = seq + 1`, []],
        [`prev_hash = repeat('0', 64)`, []],
        [`canonical = canonical || ' '`, []],
        [`canonical = replace(canonical, '"v":1', '"v":2')`, []],
      ];
      // Strings JSON.stringify escapes: the column and a canonical written unescaped (JS fails), or escaped (JS passes).
      for (const s of TRICKY) {
        mutations.push([`batch = $1::text, canonical = replace(canonical, '"batch":"' || batch || '"', '"batch":"' || $1::text || '"')`, [s]]);
        mutations.push([`batch = $1::text, canonical = replace(canonical, '"batch":"' || batch || '"', '"batch":' || $2::text)`, [s, JSON.stringify(s)]]);
        mutations.push([`transport_doc = $1::text, canonical = replace(canonical, '"transportDoc":' || coalesce('"' || transport_doc || '"', 'null'), '"transportDoc":"' || $1::text || '"')`, [s]]);
        mutations.push([`inputs = jsonb_build_array(jsonb_build_object('product', product_code, 'batch', $1::text)),
                        canonical = regexp_replace(canonical, '"inputs":(null|\\[[^\\]]*\\])', '"inputs":[{"batch":' || replace($2::text, '\\', '\\\\') || ',"product":"' || product_code || '"}]')`, [s, JSON.stringify(s)]]);
      }
      for (const [i, [set, params]] of mutations.entries()) {
        await client.query(`insert into probe select * from ledger_entry where chain = $1`, [a.code]);
        await client.query(`update probe set id = id + ${(i + 1) * 1_000_000} where id < 1000000`);
        if (set) await client.query(`update probe set ${set} where id >= ${(i + 1) * 1_000_000}`, params);
      }
      // Which rows the canonical-agreement constraint takes: each copied, alone, into a table holding it.
      await client.query('create table probe_checked (like ledger_entry including constraints)');
      const { rows: ids } = await client.query<{ id: string }>('select id from probe order by id');
      for (const { id } of ids) {
        await client.query('savepoint one');
        try {
          await client.query('insert into probe_checked select * from probe where id = $1', [id]);
          await client.query('release savepoint one');
        } catch (error) {
          if ((error as { code?: string }).code !== '23514') throw error;
          await client.query('rollback to savepoint one');
        }
      }
      await client.query('commit');
      return mutations.length;
    });
    expect(rows).toBeGreaterThan(100);
    const em = db.orm.em.fork();
    const columns = ENTRY_COLUMNS.map((c) => `e.${c}`).join(', ');
    const probed = await rawQuery<EntryRow & { chain: string; m: boolean | null; taken: boolean }>(
      em,
      `select e.chain, ${columns}, ${FIELDS_MATCH_SQL} as m, exists (select 1 from probe_checked c where c.id = e.id) as taken from probe e order by e.id`,
    );
    await superuser(db, (client) => client.query('drop table if exists probe; drop table if exists probe_checked'));
    let vouched = 0;
    let sound = 0;
    let taken = 0;
    for (const row of probed) {
      const js = jsFastPath(row.chain, row);
      // The constraint takes a row exactly when the JS fast path passes on it.
      if (row.taken !== js) throw new Error(`The constraint ${row.taken ? 'takes' : 'refuses'} a row the JS fast path ${js ? 'passes' : 'fails'}: ${JSON.stringify(row)}`);
      if (row.taken) taken += 1;
      if (storeMatched(row.m, row.canonical)) {
        vouched += 1;
        if (!js) throw new Error(`SQL vouches for a row the JS fast path fails: ${JSON.stringify(row)}`);
      }
      if (Number(row.id) < 2_000_000) {
        // The untouched copy: every row is vouched for, but for one whose canonical escapes something (left to JS).
        expect(js).toBe(true);
        expect(storeMatched(row.m, row.canonical)).toBe(!row.canonical.includes('\\'));
        sound += 1;
      }
    }
    expect(sound).toBe(9);
    expect(vouched).toBeGreaterThan(sound);
    expect(taken).toBeGreaterThan(vouched);
  });
});

function toArrayLiteral(strings: readonly string[]): string {
  return `{${strings.map((s) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}
