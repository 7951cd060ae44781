import { mintToken } from '../../src/access/tokens';
import { Role } from '../../src/access/viewer';
import { EnforcementLevel } from '../../src/registry/registry.enums';
import { openTestDatabase, TestDatabase } from '../support/database';
import { creditCode } from '../support/fixtures';
import { SECRET, startTestServer } from '../support/http';
import { inbound, record, registerTrader, restoreCanonicalAgreement, superuser, tamperEntries, Trader } from '../support/ledger-fixtures';
import { countStatements } from '../support/statements';

/**
 * verifyChain without the cross-checks: a chain the summary statement proves sound has its regulator's
 * audit row written by that statement (a data-modifying CTE, ledger/chain-walk.ts), the row the same as
 * when the plugin writes it apart. Any other answer (cross-checks asked for, a chain checked page by page,
 * no such enterprise) has its row written apart, once; a row that cannot be written leaves no answer.
 */
let db: TestDatabase;
let http: Awaited<ReturnType<typeof startTestServer>>;
let a: Trader;
let token: string;

const VERIFY = `query Verify($c: CreditCode!, $x: Boolean) { verifyChain(creditCode: $c, crossCheck: $x) { chain ok checked failure { seq reason } disagreements { kind } } }`;
// Two root fields: the plugin writes the row once the answer exists.
const APART = `query Verify($c: CreditCode!, $x: Boolean) { verifyChain(creditCode: $c, crossCheck: $x) { chain ok checked failure { seq reason } disagreements { kind } } __typename }`;

const readRows = async () =>
  (await superuser(db, (c) => c.query(`select * from regulator_read_log where subject = 'chain.verifier' order by id`))).rows.map(({ id, at, ...row }) => row);
const verify = (query: string, variables: Record<string, unknown>) => countStatements(() => http.gql(query, variables, token, { 'x-request-id': 'req-verify' }));
const summaryAuditing = (sql: string[]) => sql.filter((s) => /ledger_entry x[\s\S]*hz_audit as \(insert into "regulator_read_log"/.test(s));

beforeAll(async () => {
  db = await openTestDatabase();
  http = await startTestServer(db);
  a = await registerTrader(db, 83);
  await record(db, a.viewer, [inbound(a.product), inbound(a.product, { batch: 'B2' }), inbound(a.product, { batch: 'B3' })]);
  token = await mintToken(SECRET, { role: Role.REGULATOR, level: EnforcementLevel.DISTRICT, subject: 'chain.verifier', expiresInSeconds: 600 });
});
afterAll(async () => {
  await http.stop();
  await db.close();
});

describe('verifyChain without the cross-checks', () => {
  it("writes the regulator's row in the statement that proves the chain, the row the plugin writes apart", async () => {
    const before = (await readRows()).length;
    const inStatement = await verify(VERIFY, { c: a.code, x: false });
    expect(inStatement.result.body).toMatchObject({ data: { verifyChain: { chain: a.code, ok: true, checked: 3, failure: null, disagreements: [] } } });
    expect(summaryAuditing(inStatement.sql)).toHaveLength(1);
    const apart = await verify(APART, { c: a.code, x: false });
    expect(apart.result.body.data.verifyChain).toEqual(inStatement.result.body.data.verifyChain);
    expect(summaryAuditing(apart.sql)).toEqual([]);
    const [first, second, ...more] = (await readRows()).slice(before);
    expect(more).toEqual([]);
    expect(first).toEqual({
      subject: 'chain.verifier',
      user_id: null,
      level: 'DISTRICT',
      town: null,
      operation_name: 'Verify',
      query: VERIFY,
      variables: { c: a.code, x: false },
      escaped: false,
      enterprises: [a.code],
      rows_returned: 1,
      outcome: 'OK',
      error_codes: [],
      request_id: 'req-verify',
      event_position: null,
    });
    expect({ ...first, query: APART }).toEqual(second);
  });

  it('writes the row apart, once, when the cross-checks are asked for', async () => {
    const before = (await readRows()).length;
    const { result, sql } = await verify(VERIFY, { c: a.code });
    expect(result.body.data.verifyChain).toMatchObject({ ok: true, checked: 3, disagreements: [] });
    expect(summaryAuditing(sql)).toEqual([]);
    expect((await readRows()).slice(before)).toEqual([expect.objectContaining({ query: VERIFY, enterprises: [a.code], rows_returned: 1, outcome: 'OK' })]);
  });

  it('writes the row apart, once, for no such enterprise', async () => {
    const before = (await readRows()).length;
    const missing = creditCode(999);
    const { result } = await verify(VERIFY, { c: missing, x: false });
    expect(result.body).toMatchObject({ data: null, errors: [{ extensions: { code: 'NOT_FOUND', field: 'creditCode' } }] });
    expect((await readRows()).slice(before)).toEqual([expect.objectContaining({ rows_returned: 0, outcome: 'FAILED', error_codes: ['NOT_FOUND'] })]);
  });

  it('writes the row apart, once, for a tampered chain checked page by page', async () => {
    const other = await registerTrader(db, 84);
    await record(db, other.viewer, [inbound(other.product), inbound(other.product, { batch: 'B2' })]);
    await tamperEntries(db, `update ledger_entry set hash = repeat('0', 64) where chain = $1 and seq = 2`, [other.code]);
    try {
      const before = (await readRows()).length;
      const { result, sql } = await verify(VERIFY, { c: other.code, x: false });
      expect(result.body.data.verifyChain).toMatchObject({ ok: false, failure: { seq: 2, reason: 'HASH_MISMATCH' } });
      // The statement that found the chain unproven wrote no row: the plugin wrote the one row.
      expect(summaryAuditing(sql)).toHaveLength(1);
      expect((await readRows()).slice(before)).toEqual([expect.objectContaining({ enterprises: [other.code], rows_returned: 1, outcome: 'OK' })]);
    } finally {
      await restoreCanonicalAgreement(db);
    }
  });

  it('serves no answer, and leaves no row, when the row cannot be written', async () => {
    await superuser(db, async (c) => {
      await c.query(`create function verify_audit_refuse() returns trigger language plpgsql as $$ begin raise exception 'audit store down'; end; $$`);
      await c.query(`create trigger verify_audit_refuse before insert on regulator_read_log for each row execute function verify_audit_refuse()`);
    });
    try {
      const before = (await readRows()).length;
      const { result } = await verify(VERIFY, { c: a.code, x: false });
      expect(result.body).toMatchObject({ data: null, errors: [{ extensions: { code: 'AUDIT_UNAVAILABLE' } }] });
      expect(await readRows()).toHaveLength(before);
    } finally {
      await superuser(db, (c) => c.query(`drop trigger verify_audit_refuse on regulator_read_log`));
    }
  });
});
