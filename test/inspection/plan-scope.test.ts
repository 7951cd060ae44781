/**
 * Every plan mutation checks a plan's scope the same way (src/inspection/plan-scope.ts):
 * creating and drafting a new plan refuse the same bad level, year and town with the
 * same code on the same field and write nothing; drafting into, approving, publishing
 * and announcing a draw on an existing plan refuse a regulator of another level or
 * town, and a plan that is no longer a DRAFT where only a draft takes the change.
 */
import { Role, Viewer } from '../../src/access/viewer';
import { EnforcementPlan } from '../../src/inspection/enforcement-plan.entity';
import { PlanStatus } from '../../src/inspection/inspection.enums';
import { PlanScopeInput } from '../../src/inspection/inspection.inputs';
import { RandomDrawService } from '../../src/inspection/random-draw.service';
import { EnforcementLevel } from '../../src/registry/registry.enums';
import { fixedClock } from '../../src/shared/clock';
import { openTestDatabase, TestDatabase } from '../support/database';
import { regulator } from '../support/fixtures';
import { stages } from '../support/inspection-fixtures';

let db: TestDatabase;
/** 2026-11-20 10:00 in Shanghai: January 2027 can still be announced. */
const clock = fixedClock('2026-11-20T02:00:00.000Z');
const district: Viewer = { role: Role.REGULATOR, subject: 'district-1', level: EnforcementLevel.DISTRICT };
const city: Viewer = { role: Role.REGULATOR, subject: 'city-1', level: EnforcementLevel.CITY };
const gaoqiao: Viewer = { role: Role.REGULATOR, subject: 'town-1', level: EnforcementLevel.TOWN, town: '高桥镇' };
const xinqiao: Viewer = { role: Role.REGULATOR, subject: 'town-2', level: EnforcementLevel.TOWN, town: '新桥镇' };

const refusal = (error: unknown) => ({ code: (error as { code?: string }).code, field: (error as { field?: unknown }).field });

beforeAll(async () => {
  db = await openTestDatabase();
});

afterAll(async () => {
  await db.close();
});

describe('a new plan: createPlan and draftPlan check its scope as one', () => {
  const cases: { name: string; viewer: Viewer; scope: PlanScopeInput; expected: { code: string; field: string[] } }[] = [
    { name: 'a year in the past', viewer: district, scope: { level: EnforcementLevel.DISTRICT, year: 2025 }, expected: { code: 'BAD_USER_INPUT', field: ['input', 'year'] } },
    { name: 'a year out of range', viewer: district, scope: { level: EnforcementLevel.DISTRICT, year: 2101 }, expected: { code: 'BAD_USER_INPUT', field: ['input', 'year'] } },
    { name: 'not a level', viewer: district, scope: { level: 'COUNTY' as EnforcementLevel, year: 2027 }, expected: { code: 'BAD_USER_INPUT', field: ['input', 'level'] } },
    { name: 'another level than the regulator’s', viewer: district, scope: { level: EnforcementLevel.CITY, year: 2027 }, expected: { code: 'FORBIDDEN', field: ['input', 'level'] } },
    { name: 'a town for a DISTRICT plan', viewer: district, scope: { level: EnforcementLevel.DISTRICT, year: 2027, town: '高桥镇' }, expected: { code: 'BAD_USER_INPUT', field: ['input', 'town'] } },
    { name: 'a TOWN plan without a town', viewer: regulator, scope: { level: EnforcementLevel.TOWN, year: 2027 }, expected: { code: 'BAD_USER_INPUT', field: ['input', 'town'] } },
    { name: 'another town than the TOWN regulator’s', viewer: gaoqiao, scope: { level: EnforcementLevel.TOWN, year: 2027, town: '新桥镇' }, expected: { code: 'FORBIDDEN', field: ['input', 'town'] } },
  ];

  it.each(cases)('$name: the same refusal from both, nothing written', async ({ viewer, scope, expected }) => {
    const { plans, drafting } = stages(db.orm.em, clock);
    const created = await plans.createPlan(viewer, { ...scope, title: '年度检查计划' }).catch(refusal);
    const drafted = await drafting.draftPlan(viewer, { ...scope }).catch(refusal);
    expect(created).toEqual(expected);
    expect(drafted).toEqual(expected);
    expect(await db.orm.em.fork().count(EnforcementPlan, {})).toBe(0);
  });

  it('a drafted new plan is created like createPlan’s: its town, its author, DRAFT', async () => {
    const { plan } = await stages(db.orm.em, clock).drafting.draftPlan(gaoqiao, { level: EnforcementLevel.TOWN, year: 2027 });
    expect(plan).toMatchObject({ level: EnforcementLevel.TOWN, town: '高桥镇', year: 2027, status: PlanStatus.DRAFT, createdBy: 'town-1', title: '2027年度危险化学品监督检查计划（街镇级）' });
    await db.orm.em.fork().nativeDelete(EnforcementPlan, {});
  });
});

describe('an existing plan: every mutation loads it the same way', () => {
  let districtPlan: EnforcementPlan;
  let townPlan: EnforcementPlan;
  const draws = () => new RandomDrawService(db.orm.em.fork(), clock);
  const drawInput = (planId: string) => ({ planId, count: 1, teamSize: 2, roster: ['张伟 31010010001', '李娜 31010010002'], scheduledFrom: '2027-01-04', scheduledTo: '2027-01-29' });

  beforeAll(async () => {
    const { plans } = stages(db.orm.em, clock);
    districtPlan = await plans.createPlan(district, { level: EnforcementLevel.DISTRICT, year: 2027, title: '2027年度区级检查计划' });
    townPlan = await plans.createPlan(gaoqiao, { level: EnforcementLevel.TOWN, year: 2027, title: '2027年度高桥镇检查计划' });
  });

  it('refuses a regulator of another level or town in each, and changes nothing', async () => {
    // A regulator of another level is refused on the level its input names; one of another town, on the plan.
    for (const [viewer, plan, draftField] of [
      [city, districtPlan, 'level'],
      [xinqiao, townPlan, 'planId'],
    ] as const) {
      const { plans, drafting } = stages(db.orm.em, clock);
      expect(await plans.approvePlan(viewer, plan.id).catch(refusal)).toEqual({ code: 'FORBIDDEN', field: ['id'] });
      expect(await plans.publishPlan(viewer, plan.id).catch(refusal)).toEqual({ code: 'FORBIDDEN', field: ['id'] });
      expect(await drafting.draftPlan(viewer, { level: plan.level, year: 2027, planId: plan.id }).catch(refusal)).toEqual({ code: 'FORBIDDEN', field: ['input', draftField] });
      expect(await draws().announce(viewer, drawInput(plan.id)).catch(refusal)).toEqual({ code: 'FORBIDDEN', field: ['input', 'planId'] });
    }
    // Naming the plan of another level than the input's is the input's mistake, found before the viewer's level.
    expect(await stages(db.orm.em, clock).drafting.draftPlan(district, { level: EnforcementLevel.DISTRICT, year: 2027, planId: townPlan.id }).catch(refusal)).toEqual({
      code: 'BAD_USER_INPUT',
      field: ['input', 'planId'],
    });
    const after = await db.orm.em.fork().find(EnforcementPlan, {}, { orderBy: { id: 'asc' } });
    expect(after.map((p) => [p.status, p.draftedAt ?? null])).toEqual([
      [PlanStatus.DRAFT, null],
      [PlanStatus.DRAFT, null],
    ]);
  });

  it('takes a draft and a draw only into a DRAFT plan; approval moves on from APPROVED', async () => {
    const { plans, drafting } = stages(db.orm.em, clock);
    await plans.approvePlan(district, districtPlan.id);
    expect(await drafting.draftPlan(district, { level: EnforcementLevel.DISTRICT, year: 2027, planId: districtPlan.id }).catch(refusal)).toEqual({
      code: 'PLAN_NOT_EDITABLE',
      field: ['input', 'planId'],
    });
    expect(await draws().announce(district, drawInput(districtPlan.id)).catch(refusal)).toEqual({ code: 'PLAN_NOT_EDITABLE', field: ['input', 'planId'] });
    expect(await plans.approvePlan(district, districtPlan.id).catch(refusal)).toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(await plans.publishPlan(district, districtPlan.id)).toMatchObject({ status: PlanStatus.PUBLISHED });
    expect(await plans.approvePlan(district, '999999').catch(refusal)).toEqual({ code: 'NOT_FOUND', field: ['id'] });
  });
});
