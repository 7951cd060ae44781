import { rawQuery } from '../../src/db/raw-query';
import { canonicalAgreementInForce } from '../../src/ledger/canonical-agreement';
import { verifyStoredChain } from '../../src/ledger/chain-walk';
import { sha256Hex } from '../../src/proof/sha256';
import { openTestDatabase, TestDatabase } from '../support/database';
import { restoreCanonicalAgreement, superuser, tamperEntries, Trader } from '../support/ledger-fixtures';
import { recordSampleChains, referenceVerify as referenceVerifyIn } from '../support/sample-chains';

/*
 * verifyChain on the server relies on PostgreSQL: where the database enforces the canonical-agreement
 * constraint, one statement proves a sound chain; elsewhere the chain is walked page by page, PostgreSQL
 * vouching for the rows whose columns match their canonical text. These tests pin that tampering is
 * reported exactly as the JS checks report it (same seq, reason and message), and that the constraint
 * counts only while it is in force as made.
 */

let db: TestDatabase;
let a: Trader;
let b: Trader;

beforeAll(async () => {
  db = await openTestDatabase();
  ({ a, b } = await recordSampleChains(db));
});
afterAll(async () => {
  await db.close();
});

const referenceVerify = (chain: string) => referenceVerifyIn(db, chain);

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
