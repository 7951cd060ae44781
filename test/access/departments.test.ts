/**
 * Partner departments as configuration (docs/access.md, "Departments"): the bureau adds one at run
 * time, and it reads exactly what its mandate gives, audited like the seeded five; a changed mandate
 * or a deactivation holds from the next request, for tokens too.
 */
import { AuditRecord } from '../../src/access/audit-record.entity';
import { DepartmentEvent } from '../../src/access/department-event.entity';
import { PartnerDepartment } from '../../src/access/partner-department.entity';
import { mintToken } from '../../src/access/tokens';
import { Role, Viewer } from '../../src/access/viewer';
import { bearerAuthenticator } from '../../src/accounts/authenticate';
import { InspectionType } from '../../src/inspection/inspection.enums';
import { EnforcementLevel } from '../../src/registry/registry.enums';
import { codes, createTestApi } from '../support/api';
import { expectPaged } from '../support/connection-paging';
import { openTestDatabase, TestDatabase } from '../support/database';
import { admin, creditCode, enterpriseViewer, partner, registerEnterprise, registerWarehouse, regulator } from '../support/fixtures';
import { inspectionInput, testClock } from '../support/inspection-fixtures';

const SECRET = 'departments-test-secret-0123456789abcdef';
let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;
const town: Viewer = { role: Role.REGULATOR, subject: 'town-1', level: EnforcementLevel.TOWN, town: '高桥镇' };
const district: Viewer = { role: Role.REGULATOR, subject: 'district-1', level: EnforcementLevel.DISTRICT };
const health = partner('HEALTH');

const CREATE = `mutation($input: CreateDepartmentInput!) { createDepartment(input: $input) { code name mandates active } }`;
const UPDATE = `mutation($code: Department!, $m: [Mandate!]!) { updateDepartmentMandate(code: $code, mandates: $m) { code mandates } }`;
const DEACTIVATE = `mutation { deactivateDepartment(code: HEALTH) { code active } }`;
const ENTERPRISE = `query($c: CreditCode!) { enterprise(creditCode: $c) { name } }`;
const WAREHOUSES = `query($c: CreditCode!) { warehouses(enterprise: $c) { totalCount } }`;
const SCHEDULE = `mutation($input: ScheduleInspectionInput!) { scheduleInspection(input: $input) { id departments } }`;

beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db, { clock: testClock() });
  await registerEnterprise(db.orm.em, 300);
  await registerWarehouse(db.orm.em, creditCode(300), 'W1');
});
afterAll(async () => {
  await api.stop();
  await db.close();
});

const count = (entity: typeof PartnerDepartment | typeof DepartmentEvent) => db.orm.em.fork().count(entity, {});
const audit = () => db.orm.em.fork().find(AuditRecord, { department: 'HEALTH' }, { orderBy: { id: 'asc' } });
const events = () => db.orm.em.fork().find(DepartmentEvent, { department: 'HEALTH' }, { orderBy: { id: 'asc' } });

describe('the seeded departments', () => {
  it('are the five the enum named, listed with their names and mandates', async () => {
    const result = await api.run<{ departments: { edges: { node: { code: string; name: string } }[] } }>(`{ departments { edges { node { code name mandates } } } }`, {}, regulator);
    expect(result.data!.departments.edges.map(({ node: d }) => `${d.code}:${d.name}`)).toEqual(['ECOLOGY_ENVIRONMENT:生态环境', 'FIRE_RESCUE:消防救援', 'MARKET_SUPERVISION:市场监管', 'PUBLIC_SECURITY:公安', 'TRANSPORT:交通运输']);
    expect(codes(await api.run(`{ departments { totalCount } }`))).toEqual(['UNAUTHENTICATED']);
  });

  it('are a connection paged by code, any signed-in caller reading it', async () => {
    const seen = await expectPaged(api.run, { field: 'departments', node: 'code', viewer: partner('FIRE_RESCUE') });
    expect(seen.map((d) => d.code)).toEqual(['ECOLOGY_ENVIRONMENT', 'FIRE_RESCUE', 'MARKET_SUPERVISION', 'PUBLIC_SECURITY', 'TRANSPORT']);
  });
});

describe('adding a department', () => {
  it('is refused to TOWN regulators, partners and enterprises, and to bad input, writing nothing', async () => {
    const input = { code: 'HEALTH', name: '卫生健康', mandates: ['ENTERPRISES'] };
    expect(codes(await api.run(CREATE, { input }, town))).toEqual(['FORBIDDEN']);
    expect(codes(await api.run(CREATE, { input }, partner('FIRE_RESCUE')))).toEqual(['FORBIDDEN']);
    const bad = [
      [{ ...input, mandates: [] }, ['input', 'mandates']],
      [{ ...input, mandates: ['ENTERPRISES', 'ENTERPRISES'] }, ['input', 'mandates']],
      [{ ...input, name: '  ' }, ['input', 'name']],
      [{ ...input, name: '消防救援' }, ['input', 'name']],
      [{ ...input, code: 'FIRE_RESCUE' }, ['input', 'code']],
    ] as const;
    for (const [value, field] of bad) {
      const result = await api.run(CREATE, { input: value }, admin);
      expect([codes(result)[0], result.errors![0].extensions!.field]).toEqual([codes(result)[0] === 'CONFLICT' ? 'CONFLICT' : 'BAD_USER_INPUT', field.join('.')]);
    }
    // The scalar refuses a code of the wrong form, inline or as a variable.
    expect(codes(await api.run(`mutation { createDepartment(input: { code: health, name: "卫生健康", mandates: [ENTERPRISES] }) { code } }`, {}, admin))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await api.run(CREATE, { input: { ...input, code: 'health' } }, admin))).toEqual(['BAD_USER_INPUT']);
    expect([await count(PartnerDepartment), await count(DepartmentEvent)]).toEqual([5, 0]);
  });

  it('by a DISTRICT regulator: written with its event, usable at once, written unquoted as the enum was', async () => {
    const made = await api.run(CREATE, { input: { code: 'HEALTH', name: '卫生健康', mandates: ['MAJOR_HAZARD', 'ENTERPRISES'] } }, district);
    expect(made.errors).toBeUndefined();
    expect(made.data!.createDepartment).toEqual({ code: 'HEALTH', name: '卫生健康', mandates: ['ENTERPRISES', 'MAJOR_HAZARD'], active: true });
    expect(await events()).toMatchObject([{ actor: 'REGULATOR:district-1', action: 'CREATED', details: { name: '卫生健康', mandates: ['ENTERPRISES', 'MAJOR_HAZARD'] } }]);
    const user = await api.run(
      `mutation { createUser(input: { loginName: "wsj.li", displayName: "李卫健", role: PARTNER, department: HEALTH, password: "correct horse battery staple" }) { department } }`,
      {},
      admin,
    );
    expect(user.data).toEqual({ createUser: { department: 'HEALTH' } });
    const labels = await api.run<{ enumLabels: { value: string; label: string }[] }>(`{ enumLabels(enums: ["Department"]) { value label } }`);
    expect(labels.data!.enumLabels).toContainEqual({ value: 'HEALTH', label: '卫生健康' });
  });

  it('reads only what its mandate gives, refused otherwise, every request audited', async () => {
    const read = await api.run(ENTERPRISE, { c: creditCode(300) }, health);
    expect(read.errors).toBeUndefined();
    expect(read.data).toEqual({ enterprise: { name: '企业300' } });
    const refused = await api.run(WAREHOUSES, { c: creditCode(300) }, health);
    expect([codes(refused), refused.errors![0].extensions!.field]).toEqual([['FORBIDDEN'], 'Query.warehouses']);
    expect(codes(await api.run(`{ licences { totalCount } }`, {}, health))).toEqual(['FORBIDDEN']);
    expect((await audit()).map((r) => [r.subject, r.outcome])).toEqual([
      ['partner-HEALTH', 'OK'],
      ['partner-HEALTH', 'REFUSED'],
      ['partner-HEALTH', 'REFUSED'],
    ]);
  });

  it('takes part in a JOINT inspection by its code', async () => {
    const input = inspectionInput(creditCode(300), { type: InspectionType.JOINT, departments: ['HEALTH'] });
    const joint = await api.run(SCHEDULE, { input }, regulator);
    expect(joint.errors).toBeUndefined();
    const unknown = await api.run(SCHEDULE, { input: { ...input, departments: ['HEALTH', 'MARITIME'] } }, regulator);
    expect([codes(unknown), unknown.errors![0].extensions!.field]).toEqual([['NOT_FOUND'], 'input.departments.1']);
  });
});

describe('changing a mandate', () => {
  it('opens what it adds from the next request, with the change in its event', async () => {
    expect(codes(await api.run(UPDATE, { code: 'HEALTH', m: ['ENTERPRISES', 'MAJOR_HAZARD', 'WAREHOUSES'] }, town))).toEqual(['FORBIDDEN']);
    expect(codes(await api.run(UPDATE, { code: 'MARITIME', m: ['ENTERPRISES'] }, admin))).toEqual(['NOT_FOUND']);
    const changed = await api.run(UPDATE, { code: 'HEALTH', m: ['ENTERPRISES', 'MAJOR_HAZARD', 'WAREHOUSES'] }, admin);
    expect(changed.data!.updateDepartmentMandate.mandates).toEqual(['ENTERPRISES', 'MAJOR_HAZARD', 'WAREHOUSES']);
    expect((await api.run(WAREHOUSES, { c: creditCode(300) }, health)).data).toEqual({ warehouses: { totalCount: 1 } });
    expect((await events())[1]).toMatchObject({ actor: 'ADMIN:admin-1', action: 'MANDATE_CHANGED', details: { before: ['ENTERPRISES', 'MAJOR_HAZARD'], after: ['ENTERPRISES', 'MAJOR_HAZARD', 'WAREHOUSES'] } });
  });
});

describe('deactivating', () => {
  it("refuses the department's tokens and its use in new records; its records stay", async () => {
    const authenticate = bearerAuthenticator(db.orm.em, SECRET, { clockSkewMs: 60_000 });
    const token = await mintToken(SECRET, { role: Role.PARTNER, subject: 'wsj-1', department: 'HEALTH', expiresInSeconds: 600 });
    expect(await authenticate(`Bearer ${token}`)).toMatchObject({ department: 'HEALTH', mandates: ['ENTERPRISES', 'MAJOR_HAZARD', 'WAREHOUSES'] });
    expect((await api.run(DEACTIVATE, {}, admin)).data).toEqual({ deactivateDepartment: { code: 'HEALTH', active: false } });
    await expect(authenticate(`Bearer ${token}`)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(codes(await api.run(ENTERPRISE, { c: creditCode(300) }, health))).toEqual(['UNAUTHENTICATED']);
    const again = await api.run(SCHEDULE, { input: inspectionInput(creditCode(300), { type: InspectionType.JOINT, departments: ['HEALTH'], scheduledDate: '2025-03-04' }) }, regulator);
    expect([codes(again), again.errors![0].extensions!.field]).toEqual([['BAD_USER_INPUT'], 'input.departments.0']);
    expect(codes(await api.run(DEACTIVATE, {}, admin))).toEqual(['BAD_USER_INPUT']);
    const listed = await expectPaged(api.run, { field: 'departments', node: 'code active', viewer: regulator, args: ['$all: Boolean!', 'includeInactive: $all'], variables: { all: true } });
    expect(listed).toContainEqual({ code: 'HEALTH', active: false });
    const active = await api.run<{ departments: { edges: { node: { code: string } }[] } }>(`{ departments { edges { node { code } } } }`, {}, regulator);
    expect(active.data!.departments.edges.map((e) => e.node.code)).not.toContain('HEALTH');
    const trail = await expectPaged(api.run, { field: 'departmentEvents', node: 'action actor', viewer: district, args: ['$d: Department', 'department: $d'], variables: { d: 'HEALTH' } });
    expect(trail.map((e) => e.action)).toEqual(['CREATED', 'MANDATE_CHANGED', 'DEACTIVATED']);
    expect(codes(await api.run(`{ departmentEvents { totalCount } }`, {}, town))).toEqual(['FORBIDDEN']);
    expect(codes(await api.run(`{ departmentEvents { totalCount } }`, {}, partner('FIRE_RESCUE')))).toEqual(['FORBIDDEN']);
    expect(await audit()).toHaveLength(4);
  });
});

describe('reactivating', () => {
  const REACTIVATE = `mutation($code: Department!) { reactivateDepartment(code: $code) { code active mandates } }`;

  it('is refused to TOWN regulators, partners and enterprises, to an unknown or active department, writing nothing', async () => {
    const before = [await count(DepartmentEvent), (await db.orm.em.fork().findOneOrFail(PartnerDepartment, { code: 'HEALTH' })).active];
    expect(codes(await api.run(REACTIVATE, { code: 'HEALTH' }, town))).toEqual(['FORBIDDEN']);
    expect(codes(await api.run(REACTIVATE, { code: 'HEALTH' }, partner('FIRE_RESCUE')))).toEqual(['FORBIDDEN']);
    expect(codes(await api.run(REACTIVATE, { code: 'HEALTH' }, enterpriseViewer(creditCode(300))))).toEqual(['FORBIDDEN']);
    const unknown = await api.run(REACTIVATE, { code: 'MARITIME' }, admin);
    expect([codes(unknown), unknown.errors![0].extensions!.field]).toEqual([['NOT_FOUND'], 'code']);
    const active = await api.run(REACTIVATE, { code: 'FIRE_RESCUE' }, admin);
    expect([codes(active), active.errors![0].extensions!.field]).toEqual([['BAD_USER_INPUT'], 'code']);
    expect([await count(DepartmentEvent), (await db.orm.em.fork().findOneOrFail(PartnerDepartment, { code: 'HEALTH' })).active]).toEqual(before);
  });

  it('by a DISTRICT regulator: active again with the mandate it held, its tokens and new records accepted, the change in its event', async () => {
    const authenticate = bearerAuthenticator(db.orm.em, SECRET, { clockSkewMs: 60_000 });
    const token = await mintToken(SECRET, { role: Role.PARTNER, subject: 'wsj-1', department: 'HEALTH', expiresInSeconds: 600 });
    const back = await api.run(REACTIVATE, { code: 'HEALTH' }, district);
    expect(back.data).toEqual({ reactivateDepartment: { code: 'HEALTH', active: true, mandates: ['ENTERPRISES', 'MAJOR_HAZARD', 'WAREHOUSES'] } });
    expect(await authenticate(`Bearer ${token}`)).toMatchObject({ department: 'HEALTH', mandates: ['ENTERPRISES', 'MAJOR_HAZARD', 'WAREHOUSES'] });
    expect((await api.run(WAREHOUSES, { c: creditCode(300) }, health)).data).toEqual({ warehouses: { totalCount: 1 } });
    const joint = await api.run(SCHEDULE, { input: inspectionInput(creditCode(300), { type: InspectionType.JOINT, departments: ['HEALTH'], scheduledDate: '2025-03-05', justification: '联合检查' }) }, regulator);
    expect(joint.errors).toBeUndefined();
    expect((await events()).map((e) => [e.action, e.actor])).toEqual([
      ['CREATED', expect.any(String)],
      ['MANDATE_CHANGED', 'ADMIN:admin-1'],
      ['DEACTIVATED', 'ADMIN:admin-1'],
      ['REACTIVATED', 'REGULATOR:district-1'],
    ]);
    expect((await events())[3].details).toEqual({ name: '卫生健康', mandates: ['ENTERPRISES', 'MAJOR_HAZARD', 'WAREHOUSES'] });
    const labels = await api.run<{ enumLabels: { value: string; label: string }[] }>(`{ enumLabels(enums: ["DepartmentAction"]) { value label } }`, {}, regulator);
    expect(labels.data!.enumLabels).toContainEqual(expect.objectContaining({ value: 'REACTIVATED', label: '重新启用' }));
    expect(codes(await api.run(REACTIVATE, { code: 'HEALTH' }, district))).toEqual(['BAD_USER_INPUT']);
  });
});
