/**
 * The jurisdiction axis: each regulator write × how the enterprise (or plan) stands to the regulator
 * (same level, other level, other town, higher level supervising), from one table. A refusal is
 * FORBIDDEN naming the enterprise and writes nothing.
 */
import { Role, Viewer } from '../../src/access/viewer';
import { EnforcementPlan } from '../../src/inspection/enforcement-plan.entity';
import { EnforcementPlanService } from '../../src/inspection/plan.service';
import { Inspection } from '../../src/inspection/inspection.entity';
import { Licence } from '../../src/licensing/licence.entity';
import { EnforcementLevel } from '../../src/registry/registry.enums';
import { fixedClock } from '../../src/shared/clock';
import { codes, createTestApi, TestResult } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { creditCode, registerEnterprise } from '../support/fixtures';

const clock = fixedClock('2026-12-05T02:00:00Z');
let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;

const regulatorAt = (level: EnforcementLevel, town?: string): Viewer => ({ role: Role.REGULATOR, subject: `${level}-${town ?? ''}`, level, ...(town ? { town } : {}) });
const VIEWERS = {
  TOWN_GAOQIAO: regulatorAt(EnforcementLevel.TOWN, '高桥镇'),
  DISTRICT: regulatorAt(EnforcementLevel.DISTRICT),
  CITY: regulatorAt(EnforcementLevel.CITY),
};
const ENTERPRISES = {
  TOWN_GAOQIAO: { n: 1320, level: EnforcementLevel.TOWN, town: '高桥镇' },
  TOWN_XINQIAO: { n: 1321, level: EnforcementLevel.TOWN, town: '新桥镇' },
  DISTRICT: { n: 1322, level: EnforcementLevel.DISTRICT, town: '高桥镇' },
  CITY: { n: 1323, level: EnforcementLevel.CITY, town: '高桥镇' },
};
type Who = keyof typeof VIEWERS;
type Whom = keyof typeof ENTERPRISES;

/** [regulator, enterprise, relation, outcome of an ordinary write, outcome of a SUPERVISORY inspection] */
const MATRIX: [Who, Whom, string, 'DATA' | 'FORBIDDEN', 'DATA' | 'FORBIDDEN' | 'WRONG_ENFORCEMENT_LEVEL'][] = [
  ['TOWN_GAOQIAO', 'TOWN_GAOQIAO', 'same level, same town', 'DATA', 'WRONG_ENFORCEMENT_LEVEL'],
  ['TOWN_GAOQIAO', 'TOWN_XINQIAO', 'other town', 'FORBIDDEN', 'WRONG_ENFORCEMENT_LEVEL'],
  ['TOWN_GAOQIAO', 'DISTRICT', 'other (higher) level', 'FORBIDDEN', 'WRONG_ENFORCEMENT_LEVEL'],
  ['DISTRICT', 'DISTRICT', 'same level', 'DATA', 'WRONG_ENFORCEMENT_LEVEL'],
  ['DISTRICT', 'TOWN_XINQIAO', 'higher level over a lower one', 'FORBIDDEN', 'DATA'],
  ['DISTRICT', 'CITY', 'other (higher) level', 'FORBIDDEN', 'WRONG_ENFORCEMENT_LEVEL'],
  ['CITY', 'CITY', 'same level', 'DATA', 'WRONG_ENFORCEMENT_LEVEL'],
  ['CITY', 'TOWN_GAOQIAO', 'higher level over a lower one', 'FORBIDDEN', 'DATA'],
];

beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db, { clock });
  for (const e of Object.values(ENTERPRISES)) await registerEnterprise(db.orm.em, e.n, { enforcementLevel: e.level, town: e.town });
});
afterAll(async () => {
  await api.stop();
  await db.close();
});

const written = async () => {
  const em = db.orm.em.fork();
  return { licences: await em.count(Licence, {}), inspections: await em.count(Inspection, {}), plans: await em.count(EnforcementPlan, {}) };
};
const outcome = (result: TestResult) => (result.errors ? String(codes(result)[0]) : 'DATA');

const APPLY = `mutation($c: CreditCode!) { applyForLicence(input: { holder: $c, type: SAFE_USE, legalRepresentative: "甲", issuingAuthority: "局", scope: [{ chemicalSerial: 1381 }] }) { id } }`;
const SCHEDULE = `mutation($c: CreditCode!, $l: EnforcementLevel!, $t: InspectionType!) { scheduleInspection(input: { enterprise: $c, enforcingLevel: $l, type: $t, trigger: "举报", justification: "群众举报，需现场核实", scheduledDate: "2026-12-20" }) { id } }`;

describe.each(MATRIX)('%s regulator → %s enterprise (%s)', (who, whom, _relation, write, supervisory) => {
  const viewer = VIEWERS[who];
  const enterprise = ENTERPRISES[whom];
  const c = creditCode(enterprise.n);

  it(`applyForLicence and an EVENT_TRIGGERED inspection → ${write}`, async () => {
    for (const [query, variables] of [
      [APPLY, { c }],
      [SCHEDULE, { c, l: enterprise.level, t: 'EVENT_TRIGGERED' }],
    ] as const) {
      const before = await written();
      const result = await api.run(query, variables, viewer);
      expect(outcome(result)).toBe(write);
      if (write === 'FORBIDDEN') {
        expect(result.errors![0].message).toContain(c);
        expect(await written()).toEqual(before);
      }
    }
  });

  it(`a SUPERVISORY inspection at its own level → ${supervisory}`, async () => {
    const before = await written();
    const result = await api.run(SCHEDULE, { c, l: (viewer as { level: EnforcementLevel }).level, t: 'SUPERVISORY' }, viewer);
    expect(outcome(result)).toBe(supervisory);
    if (supervisory !== 'DATA') expect(await written()).toEqual(before);
  });
});

describe('licence steps and inspections of another jurisdiction', () => {
  it('a TOWN regulator of another town cannot issue a licence or start an inspection; the right one can', async () => {
    await registerEnterprise(db.orm.em, 1324, { enforcementLevel: EnforcementLevel.TOWN, town: '高桥镇' });
    const c = creditCode(1324);
    const applied = await api.run(APPLY, { c }, VIEWERS.TOWN_GAOQIAO);
    const xinqiao = regulatorAt(EnforcementLevel.TOWN, '新桥镇');
    const issue = `mutation($id: ID!) { issueLicence(input: { licenceId: $id, number: "沪危化使 0001" }) { number } }`;
    const refused = await api.run(issue, { id: applied.data!.applyForLicence.id }, xinqiao);
    expect(codes(refused)).toEqual(['FORBIDDEN']);
    expect(refused.errors![0].message).toMatch(/TOWN level of 高桥镇: a TOWN regulator of 新桥镇/);
    expect((await api.run(issue, { id: applied.data!.applyForLicence.id }, VIEWERS.DISTRICT)).errors![0].extensions!.code).toBe('FORBIDDEN');
    expect((await db.orm.em.fork().findOneOrFail(Licence, { id: applied.data!.applyForLicence.id })).number).toBeFalsy();
    expect((await api.run(issue, { id: applied.data!.applyForLicence.id }, VIEWERS.TOWN_GAOQIAO)).data).toEqual({ issueLicence: { number: '沪危化使 0001' } });

    const scheduled = await api.run(SCHEDULE, { c, l: 'TOWN', t: 'EVENT_TRIGGERED' }, VIEWERS.TOWN_GAOQIAO);
    const cancel = `mutation($id: ID!) { cancelInspection(id: $id, reason: "重复") { status } }`;
    expect(codes(await api.run(cancel, { id: scheduled.data!.scheduleInspection.id }, xinqiao))).toEqual(['FORBIDDEN']);
    expect((await db.orm.em.fork().findOneOrFail(Inspection, { id: scheduled.data!.scheduleInspection.id })).status).toBe('PLANNED');
  });
});

describe('a TOWN plan from before plans had a town', () => {
  it('is PLAN_WITHOUT_TOWN to a TOWN regulator, nothing written, until an administrator names its town (npm run plan-town)', async () => {
    const create = `mutation { createEnforcementPlan(input: { level: TOWN, year: 2027, title: "旧计划", town: "高桥镇" }) { id } }`;
    const id = (await api.run(create, {}, VIEWERS.TOWN_GAOQIAO)).data!.createEnforcementPlan.id as string;
    await db.orm.em.getConnection().execute(`update enforcement_plan set town = null where id = ?`, [id]);
    const approve = `mutation($id: ID!) { approveEnforcementPlan(id: $id) { status town } }`;
    const before = await written();
    const refused = await api.run(approve, { id }, VIEWERS.TOWN_GAOQIAO);
    expect(codes(refused)).toEqual(['PLAN_WITHOUT_TOWN']);
    expect(refused.errors![0].extensions!.field).toBe('id');
    expect(refused.errors![0].message).toContain('npm run plan-town');
    expect((await db.orm.em.fork().findOneOrFail(EnforcementPlan, { id })).status).toBe('DRAFT');
    expect(await written()).toEqual(before);

    const plans = new EnforcementPlanService(db.orm.em.fork(), clock);
    await expect(plans.nameOldPlanTown(VIEWERS.DISTRICT, id, '高桥镇')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(plans.nameOldPlanTown({ role: Role.ADMIN, subject: 'cli' }, id, ' ')).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: ['town'] });
    expect((await plans.nameOldPlanTown({ role: Role.ADMIN, subject: 'cli' }, id, '高桥镇')).town).toBe('高桥镇');
    await expect(new EnforcementPlanService(db.orm.em.fork(), clock).nameOldPlanTown({ role: Role.ADMIN, subject: 'cli' }, id, '新桥镇')).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await api.run(approve, { id }, VIEWERS.TOWN_GAOQIAO)).data).toEqual({ approveEnforcementPlan: { status: 'APPROVED', town: '高桥镇' } });
  });
});

describe('plans belong to a level', () => {
  it('a DISTRICT regulator cannot create, approve or publish a TOWN plan; a TOWN regulator can', async () => {
    const create = `mutation($l: EnforcementLevel!) { createEnforcementPlan(input: { level: $l, year: 2027, title: "2027年度计划" }) { id } }`;
    const before = await written();
    expect(codes(await api.run(create, { l: 'TOWN' }, VIEWERS.DISTRICT))).toEqual(['FORBIDDEN']);
    expect(await written()).toEqual(before);
    const plan = await api.run(create, { l: 'TOWN' }, VIEWERS.TOWN_GAOQIAO);
    const approve = `mutation($id: ID!) { approveEnforcementPlan(id: $id) { status } }`;
    const refused = await api.run(approve, { id: plan.data!.createEnforcementPlan.id }, VIEWERS.DISTRICT);
    expect(codes(refused)).toEqual(['FORBIDDEN']);
    expect((await db.orm.em.fork().findOneOrFail(EnforcementPlan, { id: plan.data!.createEnforcementPlan.id })).status).toBe('DRAFT');
    expect((await api.run(approve, { id: plan.data!.createEnforcementPlan.id }, VIEWERS.TOWN_GAOQIAO)).data).toEqual({ approveEnforcementPlan: { status: 'APPROVED' } });
  });

  it("a TOWN plan is its town's: named by default, another town's is FORBIDDEN, other levels' have none", async () => {
    const create = `mutation($l: EnforcementLevel!, $t: String) { createEnforcementPlan(input: { level: $l, year: 2027, title: "2027年度计划", town: $t }) { id town } }`;
    const xinqiao = regulatorAt(EnforcementLevel.TOWN, '新桥镇');
    const before = await written();
    for (const [viewer, variables, code, field] of [
      [VIEWERS.TOWN_GAOQIAO, { l: 'TOWN', t: '新桥镇' }, 'FORBIDDEN', 'input.town'],
      [VIEWERS.DISTRICT, { l: 'DISTRICT', t: '高桥镇' }, 'BAD_USER_INPUT', 'input.town'],
      [{ role: Role.REGULATOR, subject: 'script' } as Viewer, { l: 'TOWN' }, 'BAD_USER_INPUT', 'input.town'],
    ] as const) {
      const refused = await api.run(create, variables, viewer);
      expect(codes(refused)).toEqual([code]);
      expect(refused.errors![0].extensions!.field).toBe(field);
    }
    expect(await written()).toEqual(before);
    const plan = await api.run(create, { l: 'TOWN' }, VIEWERS.TOWN_GAOQIAO);
    expect(plan.data!.createEnforcementPlan.town).toBe('高桥镇');
    const approve = `mutation($id: ID!) { approveEnforcementPlan(id: $id) { status } }`;
    const refused = await api.run(approve, { id: plan.data!.createEnforcementPlan.id }, xinqiao);
    expect(codes(refused)).toEqual(['FORBIDDEN']);
    expect(refused.errors![0].message).toContain('TOWN plan of 高桥镇');
    expect((await db.orm.em.fork().findOneOrFail(EnforcementPlan, { id: plan.data!.createEnforcementPlan.id })).status).toBe('DRAFT');

    // Another town's enterprise is not scheduled into it, even by a regulator bounded by no level.
    const into = `mutation($c: CreditCode!, $p: ID!) { scheduleInspection(input: { enterprise: $c, enforcingLevel: TOWN, type: FULL_CHECKUP, planId: $p, scheduledDate: "2027-03-10" }) { id } }`;
    const before2 = await written();
    const misplaced = await api.run(into, { c: creditCode(ENTERPRISES.TOWN_XINQIAO.n), p: plan.data!.createEnforcementPlan.id }, { role: Role.REGULATOR, subject: 'script' });
    expect(codes(misplaced)).toEqual(['BAD_USER_INPUT']);
    expect(misplaced.errors![0].extensions!.field).toBe('input.planId');
    expect(await written()).toEqual(before2);
  });
});
