import { AuditRecord } from '../../src/access/audit-record.entity';
import { fixedClock } from '../../src/shared/clock';
import { codes, createTestApi } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { admin, creditCode, enterpriseViewer, partner, registerEnterprise, registerWarehouse, regulator } from '../support/fixtures';

let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;
const clock = fixedClock('2026-11-26T02:00:00Z');

beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db, { clock });
  await registerEnterprise(db.orm.em, 600);
  await registerEnterprise(db.orm.em, 601);
  await registerWarehouse(db.orm.em, creditCode(600), 'W1');
  await registerWarehouse(db.orm.em, creditCode(600), 'W2');
});
afterAll(async () => {
  await api.stop();
  await db.close();
});

const rows = () => db.orm.em.fork().find(AuditRecord, {}, { orderBy: { id: 'asc' } });

it('writes one row per PARTNER request: who, department, operation, variables, time, rows returned, outcome', async () => {
  const fire = partner('FIRE_RESCUE');
  const result = await api.run(
    `query FireCheck($c: CreditCode!) { enterprise(creditCode: $c) { name warehouses { edges { node { code } } } } }`,
    { c: creditCode(600) },
    fire,
  );
  expect(result.errors).toBeUndefined();
  const [row] = await rows();
  expect(row).toMatchObject({
    subject: 'partner-FIRE_RESCUE',
    department: 'FIRE_RESCUE',
    operationName: 'FireCheck',
    operationType: 'query',
    variables: { c: creditCode(600) },
    at: new Date('2026-11-26T02:00:00Z'),
    rowsReturned: 3, // the enterprise and its two warehouses
    outcome: 'OK',
    errorCodes: [],
    requestId: 'test',
  });
  expect(row.query).toContain('FireCheck');
});

it('records refusals and partial answers too, with their codes', async () => {
  const before = (await rows()).length;
  clock.set('2026-11-27T02:00:00Z');
  const fire = partner('FIRE_RESCUE');
  const partial = await api.run(`{ enterprises { edges { node { name products { totalCount } } } } }`, {}, fire);
  // FORBIDDEN on a non-null field nulls its parents: nothing served here.
  expect(codes(partial)).toEqual(['FORBIDDEN']);
  expect(partial.errors![0].extensions!.field).toBe('Enterprise.products');
  expect(partial.errors![0].message).toContain('Enterprise.products');
  const refused = await api.run(`{ licences { totalCount } }`, {}, partner('ECOLOGY_ENVIRONMENT'));
  expect(codes(refused)).toEqual(['FORBIDDEN']);
  const invalid = await api.run(`{ nope }`, {}, partner('TRANSPORT'));
  expect(codes(invalid)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  const added = (await rows()).slice(before);
  expect(added.map((r) => [r.department, r.outcome, r.errorCodes, r.rowsReturned])).toEqual([
    ['FIRE_RESCUE', 'REFUSED', ['FORBIDDEN'], 0],
    ['ECOLOGY_ENVIRONMENT', 'REFUSED', ['FORBIDDEN'], 0],
    ['TRANSPORT', 'FAILED', ['GRAPHQL_VALIDATION_FAILED'], 0],
  ]);
});

it('does not log regulators, enterprises or admins', async () => {
  const before = (await rows()).length;
  await api.run(`{ enterprises { totalCount } }`, {}, regulator);
  await api.run(`{ enterprises { totalCount } }`, {}, admin);
  await api.run(`{ enterprises { totalCount } }`, {}, enterpriseViewer(creditCode(600)));
  expect((await rows()).length).toBe(before);
});

it('lets regulators read the trail, filtered by department and time; a partner its own department\'s; nobody else', async () => {
  const Q = `query($d: Department, $from: DateTime, $to: DateTime) { auditLog(department: $d, from: $from, to: $to) { totalCount edges { node { department operationName rowsReturned outcome at } } } }`;
  const fire = await api.run(Q, { d: 'FIRE_RESCUE' }, regulator);
  expect(fire.errors).toBeUndefined();
  expect(fire.data!.auditLog.totalCount).toBe(2);
  const day2 = await api.run(Q, { from: '2026-11-27T00:00:00Z', to: '2026-11-28T00:00:00Z' }, regulator);
  expect(day2.data!.auditLog.edges.map((e: any) => e.node.department)).toEqual(['FIRE_RESCUE', 'ECOLOGY_ENVIRONMENT', 'TRANSPORT']);
  expect(codes(await api.run(Q, { from: '2026-11-28T00:00:00Z', to: '2026-11-27T00:00:00Z' }, regulator))).toEqual(['BAD_USER_INPUT']);
  expect(codes(await api.run(Q, {}, enterpriseViewer(creditCode(600))))).toEqual(['FORBIDDEN']);
  const before = (await rows()).length;
  expect(codes(await api.run(Q, { d: 'FIRE_RESCUE' }, partner('PUBLIC_SECURITY')))).toEqual(['FORBIDDEN']);
  expect((await rows()).length).toBe(before + 1); // the refused attempt is itself audited
  const refusal = await api.run(Q, { d: 'FIRE_RESCUE' }, partner('PUBLIC_SECURITY'));
  expect(refusal.errors![0].extensions!.field).toBe('department');
  // Its own: the department is implied, and its reads of the trail are rows of it too.
  const own = await api.run(Q, {}, partner('ECOLOGY_ENVIRONMENT'));
  expect(own.errors).toBeUndefined();
  expect(own.data!.auditLog.edges.map((e: any) => [e.node.department, e.node.outcome])).toEqual([['ECOLOGY_ENVIRONMENT', 'REFUSED']]);
  const police = await api.run(Q, { d: 'PUBLIC_SECURITY' }, partner('PUBLIC_SECURITY'));
  expect(police.data!.auditLog.edges.map((e: any) => e.node.outcome)).toEqual(['REFUSED', 'REFUSED']);
});

it('pages the trail newest first when asked, each next page older, without gap or repeat', async () => {
  const Q = `query($after: String, $newest: Boolean!) { auditLog(first: 2, after: $after, newestFirst: $newest) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`;
  const walk = async (newest: boolean) => {
    const ids: number[] = [];
    for (let after: string | null = null, more = true; more; ) {
      const result: { data?: any; errors?: unknown } = await api.run(Q, { after, newest }, regulator);
      expect(result.errors).toBeUndefined();
      ids.push(...result.data.auditLog.edges.map((e: any) => Number(e.node.id)));
      ({ hasNextPage: more, endCursor: after } = result.data.auditLog.pageInfo);
    }
    return ids;
  };
  const oldest = await walk(false);
  expect(oldest.length).toBeGreaterThan(4);
  expect(await walk(true)).toEqual([...oldest].reverse());
  const first = await api.run(Q, { after: null, newest: true }, regulator);
  expect(first.data!.auditLog.totalCount).toBe(oldest.length);
  expect(codes(await api.run(Q, { after: 'bm9wZQ', newest: true }, regulator))).toEqual(['BAD_USER_INPUT']);
});

it('is append-only in the database', async () => {
  const conn = db.orm.em.getConnection();
  await expect(conn.execute(`update partner_audit_log set rows_returned = 0`)).rejects.toThrow(/append-only/);
  await expect(conn.execute(`delete from partner_audit_log`)).rejects.toThrow(/append-only/);
  await expect(conn.execute(`truncate partner_audit_log`)).rejects.toThrow(/append-only/);
});

it('serves nothing when the audit row cannot be written', async () => {
  const conn = db.orm.em.getConnection();
  await conn.execute(`create or replace function audit_test_refuse() returns trigger language plpgsql as $$ begin raise exception 'audit store down'; end; $$;`);
  await conn.execute(`create trigger audit_test_refuse before insert on partner_audit_log for each row execute function audit_test_refuse();`);
  try {
    const result = await api.run(`{ enterprises { edges { node { name } } } }`, {}, partner('TRANSPORT'));
    expect(result.data).toBeNull();
    expect(codes(result)).toEqual(['AUDIT_UNAVAILABLE']);
  } finally {
    await conn.execute(`drop trigger audit_test_refuse on partner_audit_log`);
  }
});
