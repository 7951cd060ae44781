import { AuditRecord } from '../../src/access/audit-record.entity';
import { rowsReturned } from '../../src/access/rows-returned';
import { fixedClock } from '../../src/shared/clock';
import { codes, createTestApi, TestResult } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { creditCode, partner, registerEnterprise, registerWarehouse } from '../support/fixtures';
import { AMMONIA, issueLicence } from '../support/licensing-fixtures';
import { countStatements } from '../support/statements';

/**
 * A partner's query answered by one compiled read writes its audit row in that read's own
 * statement (a data-modifying CTE, access/audit.plugin.ts): the row must be the one the plugin
 * writes for the same answer, rows counted as rowsReturned counts them, and a row that cannot be
 * written must leave the caller without an answer.
 */
let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;
const clock = fixedClock('2026-12-06T02:00:00Z');
const FIRE = partner('FIRE_RESCUE');

beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db, { clock });
  for (const n of [700, 701, 702]) await registerEnterprise(db.orm.em, n);
  await registerWarehouse(db.orm.em, creditCode(700), 'W1');
  await registerWarehouse(db.orm.em, creditCode(700), 'W2');
  await registerWarehouse(db.orm.em, creditCode(702), 'W1');
});
afterAll(async () => {
  await api.stop();
  await db.close();
});

const rows = () => db.orm.em.fork().find(AuditRecord, {}, { orderBy: { id: 'asc' } });

async function newRows(work: () => Promise<unknown>): Promise<AuditRecord[]> {
  const before = (await rows()).length;
  await work();
  return (await rows()).slice(before);
}

it('writes the row in the read\u2019s statement, exactly as the plugin would: text, variables, rows, outcome', async () => {
  // A comment holding what a literal must survive: a quote, a backslash, a placeholder mark, a dollar.
  const query = `query Nearby($n: Int) { # it's a \\ ? $1 test
    enterprises(first: $n) { pageInfo { hasNextPage endCursor } edges { cursor node { creditCode name warehouses(first: 1) { edges { node { code } } } } } } }`;
  let answer: TestResult | undefined;
  let sql: string[] = [];
  const added = await newRows(async () => {
    ({ result: answer, sql } = await countStatements(() => api.run(query, { n: 2 }, FIRE)));
  });
  expect(answer!.errors).toBeUndefined();
  expect(answer!.data!.enterprises.edges).toHaveLength(2);
  // The department's mandates, then the read with its row: nothing else.
  expect(sql).toHaveLength(2);
  expect(sql[1]).toMatch(/hz_audit as \(insert into "partner_audit_log"/);
  expect(added).toHaveLength(1);
  expect(added[0]).toMatchObject({
    at: clock.now(),
    subject: 'partner-FIRE_RESCUE',
    department: 'FIRE_RESCUE',
    operationName: 'Nearby',
    operationType: 'query',
    query,
    variables: { n: 2 },
    escaped: false,
    rowsReturned: rowsReturned(answer!.data),
    outcome: 'OK',
    errorCodes: [],
    requestId: 'test',
  });
  // Two enterprises and the one warehouse on the page of each that has any.
  expect(added[0].rowsReturned).toBe(3);
});

it('counts a root value that is not a page as one row, as rowsReturned does', async () => {
  let answer: TestResult | undefined;
  const added = await newRows(async () => {
    answer = await api.run(`{ enterprises { totalCount } }`, {}, FIRE);
  });
  expect(answer!.data!.enterprises.totalCount).toBe(3);
  expect(added.map((r) => [r.rowsReturned, r.outcome])).toEqual([[rowsReturned(answer!.data), 'OK']]);
  expect(added[0].rowsReturned).toBe(1);
});

it('counts the rows with each page, in SQL, as rowsReturned counts the answer', async () => {
  const MARKET = partner('MARKET_SUPERVISION');
  await issueLicence(db.orm.em, clock, creditCode(700), { scope: [{ chemicalSerial: 1381 }, { chemicalSerial: AMMONIA }] });
  // An event whose JSON value holds objects in lists: each of them is a row too.
  await db.orm.em.getConnection().execute(`insert into licence_event (licence_id, type, occurred_at, state_after, actor, reason, details)
    select licence_id, type, occurred_at, state_after, actor, reason, '{"changes": [{"a": 1}, {"b": [{"c": 2}]}], "none": {"d": []}}' from licence_event where id = (select max(id) from licence_event)`);
  const cases: [string, number][] = [
    // Two enterprises, one licence, one scope item of two (the one read past the page is no row), three events, and
    // the objects in lists of their JSON values: the application's scope (two) and the added event's three.
    [`{ enterprises(first: 2) { edges { node { creditCode licences { edges { node { number scope(first: 1) { pageInfo { hasNextPage } edges { node { chemical { name } } } }
      events { edges { node { type details } } } } } } } } } }`, 12],
    // The root value holds no list under the key `edges`: it is a row itself.
    [`{ enterprises(first: 2) { e: edges { node { creditCode } } } }`, 3],
    [`{ enterprises(first: 1) { pageInfo { hasNextPage } } }`, 1],
  ];
  for (const [query, expected] of cases) {
    let answer: TestResult | undefined;
    let sql: string[] = [];
    const added = await newRows(async () => {
      ({ result: answer, sql } = await countStatements(() => api.run(query, {}, MARKET)));
    });
    expect(answer!.errors).toBeUndefined();
    expect(sql).toHaveLength(2);
    expect(sql[1]).not.toMatch(/jsonb_path_query\(hz/);
    expect(added.map((r) => r.rowsReturned)).toEqual([rowsReturned(answer!.data)]);
    expect(added[0].rowsReturned).toBe(expected);
  }
  // A plain field under two response keys is built once and answered twice: the plugin counts the answer.
  const { sql, result } = await countStatements(() => api.run(`{ enterprises(first: 2) { edges { node { details: creditCode creditCode } } } }`, {}, MARKET));
  expect(sql.map((s) => /^insert into "partner_audit_log"/.test(s))).toEqual([false, false, true]);
  const [row] = (await rows()).slice(-1);
  expect(row.rowsReturned).toBe(rowsReturned(result.data));
});

it('writes the row apart, once, when the query has another root field', async () => {
  const { sql, result } = await countStatements(() => api.run(`{ enterprises(first: 1) { edges { node { name } } } departments { edges { node { code } } } }`, {}, FIRE));
  const inserts = sql.filter((s) => /insert into "partner_audit_log"/.test(s));
  expect(inserts).toHaveLength(1);
  expect(inserts[0]).toMatch(/^insert into "partner_audit_log"/);
  const [row] = (await rows()).slice(-1);
  expect(row.rowsReturned).toBe(rowsReturned(result.data));
});

it('serves nothing, and keeps no row, when the row cannot be written in the read\u2019s statement', async () => {
  const conn = db.orm.em.getConnection();
  await conn.execute(`create or replace function audit_in_read_refuse() returns trigger language plpgsql as $$ begin raise exception 'audit store down'; end; $$;`);
  await conn.execute(`create trigger audit_in_read_refuse before insert on partner_audit_log for each row execute function audit_in_read_refuse();`);
  try {
    const added = await newRows(async () => {
      const result = await api.run(`{ enterprises(first: 2) { edges { node { creditCode } } } }`, {}, FIRE);
      expect(result.data).toBeNull();
      expect(codes(result)).toEqual(['AUDIT_UNAVAILABLE']);
    });
    expect(added).toHaveLength(0);
  } finally {
    await conn.execute(`drop trigger audit_in_read_refuse on partner_audit_log`);
  }
  // The store back, the same query is answered and audited.
  const added = await newRows(async () => {
    expect((await api.run(`{ enterprises(first: 2) { edges { node { creditCode } } } }`, {}, FIRE)).errors).toBeUndefined();
  });
  expect(added.map((r) => [r.outcome, r.rowsReturned])).toEqual([['OK', 2]]);
});
