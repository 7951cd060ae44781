import { mintToken } from '../../src/access/tokens';
import { Role } from '../../src/access/viewer';
import { LogIntegrator } from '../../src/ledger/log-integrator';
import { generateSigner } from '../../src/proof/signed-note';
import { EnforcementLevel } from '../../src/registry/registry.enums';
import { openTestDatabase, TestDatabase } from '../support/database';
import { SECRET, startTestServer } from '../support/http';
import { inbound, ledgerClock, record, registerTrader, superuser, Trader } from '../support/ledger-fixtures';
import { countStatements } from '../support/statements';

/**
 * Issue 11: an entry proof served to a regulator or a partner writes its audit row in the proof's
 * own statement (a data-modifying CTE, ledger/log-store.ts entryInLog), over HTTP and GraphQL: one
 * round trip and one commit, and the row the same as when it was written apart. A proof refused
 * writes its row apart, as before; a row that cannot be written leaves the caller without a proof.
 */
let db: TestDatabase;
let http: Awaited<ReturnType<typeof startTestServer>>;
let a: Trader;
const tokens: Record<string, string> = {};

const auditRows = async (table: 'regulator_read_log' | 'partner_audit_log', subject: string) =>
  (await superuser(db, (c) => c.query(`select * from ${table} where subject = $1 order by id`, [subject]))).rows.map(({ id, at, ...row }) => {
    expect(at).toBeInstanceOf(Date);
    return row;
  });
const get = (path: string, token: string, headers: Record<string, string> = {}) =>
  countStatements(async () => {
    const response = await fetch(`${http.base}${path}`, { headers: { authorization: `Bearer ${token}`, ...headers } });
    return { status: response.status, body: (await response.json()) as any };
  });
const gql = (query: string, variables: Record<string, unknown>, token: string) => countStatements(() => http.gql(query, variables, token, { 'x-request-id': 'req-proof-gql' }));
/** The statements that wrote an audit row (the driver's texts; countStatements leaves out only a regulator's row written apart). */
const auditing = (sql: string[]) => sql.filter((s) => /insert into "(regulator_read_log|partner_audit_log)"/.test(s));

beforeAll(async () => {
  db = await openTestDatabase();
  http = await startTestServer(db);
  a = await registerTrader(db, 81);
  await record(db, a.viewer, [inbound(a.product), inbound(a.product, { batch: 'B2' }), inbound(a.product, { batch: 'B3' })]);
  const integrator = new LogIntegrator(db.orm.em.fork(), generateSigner('test.example/ledger'), ledgerClock());
  await integrator.integrateAll();
  await integrator.checkpoint();
  tokens.regulator = await mintToken(SECRET, { role: Role.REGULATOR, level: EnforcementLevel.DISTRICT, subject: 'proof.reader', expiresInSeconds: 600 });
  tokens.police = await mintToken(SECRET, { role: Role.PARTNER, subject: 'proof.police', department: 'PUBLIC_SECURITY', expiresInSeconds: 600 });
});
afterAll(async () => {
  await http.stop();
  await db.close();
});

describe('an entry proof over HTTP', () => {
  it("writes a regulator's row in the proof's one statement", async () => {
    const { result, sql } = await get(`/log/entries/${a.code}/2/proof?size=3`, tokens.regulator, { 'x-request-id': 'req-proof-1' });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ chain: a.code, seq: 2, treeSize: 3 });
    // The token names no account: nothing is read but the proof, and its statement writes the row.
    expect(sql).toHaveLength(1);
    expect(sql[0]).toMatch(/log_tile[\s\S]*hz_audit as \(insert into "regulator_read_log"/);
    expect(await auditRows('regulator_read_log', 'proof.reader')).toEqual([
      {
        subject: 'proof.reader',
        user_id: null,
        level: 'DISTRICT',
        town: null,
        operation_name: 'log.entryProof',
        query: `GET /log/entries/${a.code}/2/proof?size=3`,
        variables: { size: '3', chain: a.code, seq: '2' },
        escaped: false,
        enterprises: [a.code],
        rows_returned: 1,
        outcome: 'OK',
        error_codes: [],
        request_id: 'req-proof-1',
        event_position: null,
      },
    ]);
  });

  it("writes a partner's row in the proof's statement, after its mandate and the entry's visibility", async () => {
    const { result, sql } = await get(`/log/entries/${a.code}/1/proof`, tokens.police);
    expect(result.status).toBe(200);
    expect(auditing(sql)).toHaveLength(1);
    expect(auditing(sql)[0]).toMatch(/log_tile[\s\S]*hz_audit as \(insert into "partner_audit_log"/);
    expect(await auditRows('partner_audit_log', 'proof.police')).toEqual([
      expect.objectContaining({
        department: 'PUBLIC_SECURITY',
        operation_name: 'log.entryProof',
        operation_type: 'rest',
        query: `GET /log/entries/${a.code}/1/proof`,
        variables: { chain: a.code, seq: '1' },
        rows_returned: 1,
        outcome: 'OK',
        error_codes: [],
      }),
    ]);
  });

  it('writes the row of a proof refused apart, once', async () => {
    const { result, sql } = await get(`/log/entries/${a.code}/99/proof`, tokens.police);
    expect(result.status).toBe(404);
    expect(auditing(sql)).toEqual([expect.stringMatching(/^insert into "partner_audit_log"/)]);
    expect((await auditRows('partner_audit_log', 'proof.police')).slice(1)).toEqual([expect.objectContaining({ rows_returned: 0, outcome: 'FAILED', error_codes: ['NOT_FOUND'] })]);
  });
});

describe('an entry proof over GraphQL', () => {
  const PROOF = `query Proof($c: CreditCode!, $s: Int!) { entryProof(chain: $c, seq: $s) { chain logIndex proof } }`;
  // Two root fields: the plugin writes the row once the answer exists, as it did for every proof.
  const APART = `query Proof($c: CreditCode!, $s: Int!) { entryProof(chain: $c, seq: $s) { chain logIndex proof } __typename }`;

  it.each([
    ['regulator', 'regulator_read_log', 'proof.reader'],
    ['police', 'partner_audit_log', 'proof.police'],
  ] as const)("writes the %s's row in the proof's statement, the row the plugin writes apart", async (who, table, subject) => {
    const before = (await auditRows(table, subject)).length;
    const inStatement = await gql(PROOF, { c: a.code, s: 3 }, tokens[who]);
    expect(inStatement.result.body.data.entryProof).toMatchObject({ chain: a.code, logIndex: 2 });
    expect(auditing(inStatement.sql)).toEqual([expect.stringMatching(new RegExp(`log_tile[\\s\\S]*hz_audit as \\(insert into "${table}"`))]);
    const apart = await gql(APART, { c: a.code, s: 3 }, tokens[who]);
    expect(apart.result.body.data.entryProof).toEqual(inStatement.result.body.data.entryProof);
    expect(auditing(apart.sql).every((s) => !/log_tile/.test(s))).toBe(true);
    const [first, second] = (await auditRows(table, subject)).slice(before);
    expect(first).toMatchObject({ operation_name: 'Proof', query: PROOF, variables: { c: a.code, s: 3 }, rows_returned: 1, outcome: 'OK', ...(who === 'regulator' ? { enterprises: [a.code] } : {}) });
    expect({ ...first, query: APART }).toEqual(second);
  });

  it('writes the row apart when the selection is not plain fields (an alias)', async () => {
    const before = (await auditRows('regulator_read_log', 'proof.reader')).length;
    const aliased = `query Proof($s: Int!) { entryProof(chain: "${a.code}", seq: $s) { code: chain } }`;
    const { result, sql } = await gql(aliased, { s: 1 }, tokens.regulator);
    expect(result.body.data.entryProof.code).toBe(a.code);
    expect(sql.filter((s) => /log_tile/.test(s)).every((s) => !/regulator_read_log/.test(s))).toBe(true);
    // The chain is named by the query text only, under a key the trail does not read: as before, no enterprise.
    expect((await auditRows('regulator_read_log', 'proof.reader')).slice(before)).toEqual([expect.objectContaining({ query: aliased, enterprises: [], rows_returned: 1, outcome: 'OK' })]);
  });
});

describe('a row that cannot be written', () => {
  it('leaves the caller without a proof, and no row', async () => {
    await superuser(db, async (c) => {
      await c.query(`create function proof_audit_refuse() returns trigger language plpgsql as $$ begin raise exception 'audit store down'; end; $$`);
      await c.query(`create trigger proof_audit_refuse before insert on regulator_read_log for each row execute function proof_audit_refuse()`);
    });
    try {
      const before = (await auditRows('regulator_read_log', 'proof.reader')).length;
      const { result } = await get(`/log/entries/${a.code}/2/proof`, tokens.regulator);
      expect(result).toEqual({ status: 503, body: expect.objectContaining({ code: 'AUDIT_UNAVAILABLE' }) });
      const viaGraphql = await gql(`query($c: CreditCode!) { entryProof(chain: $c, seq: 2) { proof } }`, { c: a.code }, tokens.regulator);
      expect(viaGraphql.result.body).toMatchObject({ data: null, errors: [{ extensions: { code: 'AUDIT_UNAVAILABLE' } }] });
      expect(await auditRows('regulator_read_log', 'proof.reader')).toHaveLength(before);
    } finally {
      await superuser(db, (c) => c.query(`drop trigger proof_audit_refuse on regulator_read_log`));
    }
  });
});
