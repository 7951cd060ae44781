import { rawQuery } from '../../src/db/raw-query';
import { canonicalAgreementInForce, ENTRY_COLUMNS, EntryRow, FIELDS_MATCH_SQL, storeMatched, toChainEntry, verifyStoredChain } from '../../src/ledger/chain-verification.service';
import { canonicalText, fieldsWellFormed } from '../../src/proof/canonical-entry';
import { sha256Hex } from '../../src/proof/sha256';
import { verifyChain } from '../../src/proof/verify-chain';
import { openTestDatabase, TestDatabase } from '../support/database';
import { inbound, outbound, record, registerTrader, restoreCanonicalAgreement, superuser, tamperEntries, Trader } from '../support/ledger-fixtures';

/*
 * verifyChain on the server relies on PostgreSQL: where the database enforces the canonical-agreement
 * constraint, one statement proves a sound chain; elsewhere PostgreSQL compares each row's columns with
 * its canonical text (FIELDS_MATCH_SQL) and JS checks only the rows it does not vouch for. These tests pin
 * that the constraint accepts exactly the rows the JS checks pass, that neither path vouches for a row the
 * JS checks would fail, that the constraint counts only while it is in force as made, and that tampering
 * is reported exactly as the JS checks report it (same seq, reason and message).
 */

let db: TestDatabase;
let a: Trader;
let b: Trader;

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
  a = await registerTrader(db, 61);
  b = await registerTrader(db, 62);
  const made = await record(db, a.viewer, [
    inbound(a.product, { batch: 'RAW', quantity: '100' }),
    inbound(a.product, { batch: 'RAW2', quantity: '50' }),
    outbound(a.product, { batch: 'RAW', quantity: '10', counterparty: b.code, transportDoc: '沪危运2026112600017' }),
  ]);
  await record(db, a.viewer, [
    outbound(a.product, { reason: 'CONSUMPTION' as any, batch: 'RAW', quantity: '5' }),
    inbound(a.product, { batch: 'MADE', quantity: '3', inputs: [{ product: a.product, batch: 'RAW2' }, { product: a.product, batch: 'RAW' }] }),
    inbound(a.product, { batch: 'EMPTY', quantity: '1.5', inputs: [] }),
    outbound(a.product, { batch: 'MADE', quantity: '1', transportDoc: 'waybill "7"\\x' }),
  ]);
  await record(db, b.viewer, [inbound(a.product, { reason: 'PURCHASE' as any, batch: 'RAW', quantity: '10', counterparty: a.code, sourceHash: made.entries[2].hash })]);
  const consumed = await record(db, a.viewer, [outbound(a.product, { reason: 'CONSUMPTION' as any, batch: 'RAW2', quantity: '2' })]);
  await record(db, a.viewer, [inbound(a.product, { reason: 'CORRECTION' as any, batch: 'RAW2', quantity: '1', corrects: consumed.entries[0].hash })]);
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

/** The old verification: every row read in full and checked in JS. */
async function referenceVerify(chain: string) {
  const em = db.orm.em.fork();
  const [head] = await rawQuery<{ last_seq: number; last_hash: string }>(em, 'select last_seq, last_hash from ledger_chain where chain = ?', [chain]);
  const rows = await rawQuery<EntryRow>(em, `select ${ENTRY_COLUMNS.join(', ')} from ledger_entry where chain = ? and (seq, id) > (0, 0) order by seq, id`, [chain]);
  const entries = rows.map(toChainEntry);
  return verifyChain(chain, entries, { expectedHead: head ? { seq: head.last_seq, hash: head.last_hash } : { seq: 0, hash: '' } });
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

describe('verifyChain on the server reports tampering exactly as the JS checks do', () => {
  const tamper = (sql: string, params: unknown[] = []) => tamperEntries(db, sql, params);

  /** Puts a row back as it was, every column. */
  async function restore(row: Record<string, unknown>): Promise<void> {
    const [{ sets }] = await rawQuery<{ sets: string }>(
      db.orm.em.fork(),
      `select string_agg(format('%I = r.%I', column_name, column_name), ', ') as sets from information_schema.columns where table_name = 'ledger_entry' and column_name <> 'id'`,
    );
    await tamper(`update ledger_entry set ${sets} from jsonb_populate_record(null::ledger_entry, $1::jsonb) r where ledger_entry.id = r.id`, [JSON.stringify(row)]);
  }

  const cases: [string, string, unknown[]?][] = [
    ['quantity', `quantity = quantity + 1`],
    ['batch', `batch = 'forged'`],
    ['warehouse', `warehouse_code = 'W2'`],
    ['product', `product_code = lower(product_code)`],
    ['unit', `unit = 'T'`],
    ['direction', `direction = case direction when 'IN' then 'OUT'::ledger_direction else 'IN' end`],
    ['reason', `reason = 'EXPORT'`],
    ['counterparty', `counterparty_code = '91310000000000000X'`],
    ['sourceHash', `source_hash = repeat('a', 64)`],
    ['corrects', `corrects = repeat('b', 64)`],
    ['transportDoc', `transport_doc = 'X'`],
    ['inputs', `inputs = '[]'`],
    ['inputs, malformed', `inputs = '[{"batch": 1}]'`],
    ['occurredAt', `occurred_at = occurred_at + interval '1 millisecond'`],
    ['occurredAt, by a microsecond', `occurred_at = occurred_at + interval '1 microsecond'`],
    ['recordedAt, far back', `recorded_at = '1960-01-01 00:00:00+00'`],
    ['requestId', `request_id = 'x'`],
    ['seq', `seq = seq + 100`],
    ['prevHash', `prev_hash = repeat('f', 64)`],
    ['hash', `hash = repeat('e', 64)`],
    ['canonical', `canonical = replace(canonical, '"seq":', '"seq": ')`],
    ['a quote in a column', `batch = 'a"b'`],
    ['a control character in a column', `transport_doc = E'a\\nb'`],
  ];

  it.each(cases)('%s', async (_name, set, params = []) => {
    for (const seq of [1, 3, 5, 7, 9]) {
      const [before] = await rawQuery<Record<string, unknown>>(db.orm.em.fork(), `select * from ledger_entry where chain = ? and seq = ?`, [a.code, seq]);
      await tamper(`update ledger_entry set ${set} where chain = $${params.length + 1} and seq = $${params.length + 2}`, [...params, a.code, seq]);
      try {
        const expected = await referenceVerify(a.code);
        const actual = await verifyStoredChain(db.orm.em.fork(), a.code);
        expect(actual).toEqual(expected);
      } finally {
        if (before) await restore(before);
        await restoreCanonicalAgreement(db);
      }
      expect((await verifyStoredChain(db.orm.em.fork(), a.code)).ok).toBe(true);
    }
  });

  it('a column and its canonical changed together, hash recomputed: named as the JS checks name it', async () => {
    const last = (await rawQuery<{ seq: number; canonical: string; batch: string }>(db.orm.em.fork(), `select seq, canonical, batch from ledger_entry where chain = ? order by seq desc limit 1`, [a.code]))[0];
    for (const [value, written] of [
      ['a"b', '"a"b"'],
      ['a"b', JSON.stringify('a"b')],
      ['a\nb', '"a\nb"'],
      ['a\\b', '"a\\b"'],
      ['a\u2028b', '"a\u2028b"'],
      ['中文', '"中文"'],
    ]) {
      const canonical = last.canonical.replace(`"batch":${JSON.stringify(last.batch)}`, `"batch":${written}`);
      await tamper(`update ledger_entry set batch = $1, canonical = $2, hash = $3 where chain = $4 and seq = $5`, [value, canonical, sha256Hex(canonical), a.code, last.seq]);
      expect(await verifyStoredChain(db.orm.em.fork(), a.code)).toEqual(await referenceVerify(a.code));
    }
    await tamper(`update ledger_entry set batch = $1, canonical = $2, hash = $3 where chain = $4 and seq = $5`, [last.batch, last.canonical, sha256Hex(last.canonical), a.code, last.seq]);
    await restoreCanonicalAgreement(db);
    expect((await verifyStoredChain(db.orm.em.fork(), a.code)).ok).toBe(true);
  });

  it('sound chains: the same result, entries checked and head', async () => {
    for (const chain of [a.code, b.code]) expect(await verifyStoredChain(db.orm.em.fork(), chain)).toEqual(await referenceVerify(chain));
  });
});

describe('the canonical-agreement constraint counts only while it is in force as the migration made it', () => {
  const inForce = () => canonicalAgreementInForce(db.orm.em.fork());
  const asSuperuser = (sql: string) => superuser(db, (client) => client.query(sql));

  it('is in force on a migrated database, and again once put back as it was', async () => {
    expect(await inForce()).toBe(true);
    await tamperEntries(db, 'select 1');
    expect(await inForce()).toBe(false);
    await restoreCanonicalAgreement(db);
    expect(await inForce()).toBe(true);
  });

  it('is not while NOT VALID, nor under another definition', async () => {
    const [{ definition }] = (await asSuperuser(`select pg_get_constraintdef(oid) as definition from pg_constraint where conname = 'ledger_entry_canonical_agrees'`)).rows;
    await asSuperuser(`alter table ledger_entry drop constraint ledger_entry_canonical_agrees; alter table ledger_entry add constraint ledger_entry_canonical_agrees ${definition} not valid`);
    expect(await inForce()).toBe(false);
    await asSuperuser(`alter table ledger_entry validate constraint ledger_entry_canonical_agrees`);
    expect(await inForce()).toBe(true);
    await asSuperuser(`alter table ledger_entry drop constraint ledger_entry_canonical_agrees; alter table ledger_entry add constraint ledger_entry_canonical_agrees check (canonical is not null)`);
    expect(await inForce()).toBe(false);
    await asSuperuser(`alter table ledger_entry drop constraint ledger_entry_canonical_agrees; alter table ledger_entry add constraint ledger_entry_canonical_agrees ${definition}`);
    expect(await inForce()).toBe(true);
  });

  it('is not once its function was replaced, even if put back, until the constraint is validated again', async () => {
    const [{ definition }] = (await asSuperuser(`select pg_get_functiondef('ledger_inputs_canonical(jsonb)'::regprocedure) as definition`)).rows;
    await asSuperuser(`create or replace function ledger_inputs_canonical(inputs jsonb) returns text language sql stable strict parallel safe as $$ select 'null' $$`);
    expect(await inForce()).toBe(false);
    await asSuperuser(definition);
    expect(await inForce()).toBe(false);
    await tamperEntries(db, 'select 1');
    await restoreCanonicalAgreement(db);
    expect(await inForce()).toBe(true);
  });

  it('in force, what it does not cover is reported as the JS checks report it: a hash, a head, a deleted row', async () => {
    const keep = (sql: string, params: unknown[] = []) => tamperEntries(db, sql, params, { keepAgreement: true });
    const same = async () => {
      const expected = await referenceVerify(a.code);
      expect(await verifyStoredChain(db.orm.em.fork(), a.code)).toEqual(expected);
      return expected;
    };
    const [row] = await rawQuery<{ seq: number; hash: string }>(db.orm.em.fork(), `select seq, hash from ledger_entry where chain = ? and seq = 4`, [a.code]);
    await keep(`update ledger_entry set hash = repeat('e', 64) where chain = $1 and seq = 4`, [a.code]);
    expect((await same()).failure).toMatchObject({ seq: 4, reason: 'HASH_MISMATCH' });
    await keep(`update ledger_entry set hash = $2 where chain = $1 and seq = 4`, [a.code, row.hash]);
    const [head] = await rawQuery<{ last_seq: number; last_hash: string }>(db.orm.em.fork(), `select last_seq, last_hash from ledger_chain where chain = ?`, [a.code]);
    for (const [seq, hash] of [[head.last_seq + 1, head.last_hash], [head.last_seq - 1, head.last_hash], [head.last_seq, 'f'.repeat(64)]] as const) {
      await keep(`update ledger_chain set last_seq = $2, last_hash = $3 where chain = $1`, [a.code, seq, hash]);
      expect((await same()).ok).toBe(false);
    }
    await keep(`update ledger_chain set last_seq = $2, last_hash = $3 where chain = $1`, [a.code, head.last_seq, head.last_hash]);
    await keep(`create table gone as select * from ledger_entry where chain = $1 and seq = 2; delete from ledger_entry where chain = $1 and seq = 2`.replaceAll('$1', `'${a.code}'`));
    expect((await same()).failure).toMatchObject({ seq: 3, reason: 'SEQ_GAP' });
    await keep(`insert into ledger_entry select * from gone; drop table gone`);
    expect((await same()).ok).toBe(true);
    expect(await inForce()).toBe(true);
  });
});

function toArrayLiteral(strings: readonly string[]): string {
  return `{${strings.map((s) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}
