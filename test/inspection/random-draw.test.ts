/**
 * 双随机一公开 (docs/inspection.md, "Random draw"): the pool and its
 * exclusions, the published seed, re-running the draw from public data alone,
 * what the public sees when, and the refusals.
 */
import { createHmac } from 'node:crypto';
import { EnforcementPlan } from '../../src/inspection/enforcement-plan.entity';
import { Inspection } from '../../src/inspection/inspection.entity';
import { InspectionType } from '../../src/inspection/inspection.enums';
import { EnforcementPlanService } from '../../src/inspection/plan.service';
import { RandomDrawService } from '../../src/inspection/random-draw.service';
import { Enterprise } from '../../src/registry/enterprise.entity';
import { EnforcementLevel, EnterpriseStatus, IndustryCategory } from '../../src/registry/registry.enums';
import { fixedClock } from '../../src/shared/clock';
import { codes, createTestApi } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { anonymous, creditCode, enterpriseViewer, registerEnterprise, regulator } from '../support/fixtures';
import { draftPlan, inspectionInput, publish, stages } from '../support/inspection-fixtures';

let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;
const clock = fixedClock('2026-11-20T02:00:00.000Z');
const code = (n: number) => creditCode(n);
const POOL = [901, 902, 903, 904, 905, 906, 907];
const CAPPED = 908;
const KEY_COVERED = 909;
const OTHER_TOWN = 910;
const TOWN_LEVEL = 911;
const CLOSED = 912;
const OTHER_INDUSTRY = 913;
const ONE_BEFORE = 907; // in the pool with one inspection already: drawn, it needs the draw as justification
const ROSTER = ['张伟 31010010001', '李娜 31010010002', '王芳 31010010003', '刘洋 31010010004', '陈静 31010010005'];

let planId: string;

beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db, { clock });
  const em = db.orm.em;
  for (const n of [...POOL, CAPPED]) await registerEnterprise(em, n);
  await registerEnterprise(em, KEY_COVERED, { keyUnit: true });
  await registerEnterprise(em, OTHER_TOWN, { town: '金桥镇' });
  await registerEnterprise(em, TOWN_LEVEL, { enforcementLevel: EnforcementLevel.TOWN });
  await registerEnterprise(em, CLOSED);
  await registerEnterprise(em, OTHER_INDUSTRY, { industry: IndustryCategory.HAZCHEM_USE });
  await em.fork().nativeUpdate(Enterprise, { creditCode: code(CLOSED) }, { status: EnterpriseStatus.CLOSED });
  const triggered = { type: InspectionType.EVENT_TRIGGERED, trigger: '12345 热线' };
  const s = () => stages(em, clock).scheduling;
  await s().scheduleInspection(regulator, inspectionInput(code(CAPPED), { ...triggered, scheduledDate: '2027-01-11' }));
  await s().scheduleInspection(regulator, inspectionInput(code(CAPPED), { ...triggered, scheduledDate: '2027-02-11', justification: '再次投诉' }));
  await s().scheduleInspection(regulator, inspectionInput(code(ONE_BEFORE), { ...triggered, scheduledDate: '2027-03-11' }));
  const other = await draftPlan(em, clock, EnforcementLevel.DISTRICT, 2027);
  await s().scheduleInspection(regulator, inspectionInput(code(KEY_COVERED), { type: InspectionType.KEY_UNIT, trigger: null, planId: other.id, scheduledDate: '2027-03-01' }));
  planId = (await draftPlan(em, clock, EnforcementLevel.DISTRICT, 2027)).id;
});
afterAll(async () => {
  await api.stop();
  await db.close();
});

const ANNOUNCE = `mutation($input: AnnounceRandomDrawInput!) { announceRandomDraw(input: $input) { id status seed count teamSize towns industries } }`;
const PERFORM = `mutation($id: ID!) { performRandomDraw(id: $id) { id status drawnAt } }`;
const READ = `query($id: ID!) { randomDraw(id: $id) { id planId status seed count teamSize towns industries grades scheduledFrom scheduledTo
  result { public pool roster excluded { creditCode reason } drawn { creditCode ticket team inspectionId scheduledDate } } } }`;
const input = (over: Record<string, unknown> = {}) => ({
  planId,
  count: 3,
  roster: ROSTER,
  towns: ['高桥镇'],
  industries: ['HAZCHEM_TRADE'],
  scheduledFrom: '2027-01-04',
  scheduledTo: '2027-01-29',
  ...over,
});

/** The documented algorithm, written again from docs/inspection.md: what anyone re-running the draw does. */
function rerun(seed: string, pool: string[], count: number, roster: string[], teamSize: number) {
  const ticket = (...parts: string[]) => createHmac('sha256', Buffer.from(seed, 'hex')).update(parts.join('\n')).digest('hex');
  const lowest = (values: string[], t: (v: string) => string, n: number) =>
    values
      .map((v) => [t(v), v] as const)
      .sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1))
      .slice(0, n);
  return lowest(pool, (c) => ticket('enterprise', c), count).map(([t, c]) => ({
    creditCode: c,
    ticket: t,
    team: lowest(roster, (r) => ticket('inspector', c, r), teamSize).map(([, r]) => r),
  }));
}

describe('random draw (双随机一公开)', () => {
  let drawId: string;
  let seed: string;

  it('publishes the seed at the announcement, before anything is drawn', async () => {
    const announced = await api.run(ANNOUNCE, { input: input() }, regulator);
    expect(announced.errors).toBeUndefined();
    expect(announced.data!.announceRandomDraw).toMatchObject({ status: 'ANNOUNCED', count: 3, teamSize: 2, towns: ['高桥镇'], industries: ['HAZCHEM_TRADE'] });
    drawId = announced.data!.announceRandomDraw.id;
    seed = announced.data!.announceRandomDraw.seed;
    expect(seed).toMatch(/^[0-9a-f]{64}$/);
    const seen = await api.run(READ, { id: drawId }, anonymous);
    expect(seen.errors).toBeUndefined();
    expect(seen.data!.randomDraw).toMatchObject({ seed, status: 'ANNOUNCED', result: null, planId });
  });

  it('draws from the filtered pool, less those at the cap and covered key units, and schedules GENERAL_RANDOM inspections with the drawn teams', async () => {
    const performed = await api.run(PERFORM, { id: drawId }, regulator);
    expect(performed.errors).toBeUndefined();
    expect(performed.data!.performRandomDraw.status).toBe('DRAWN');

    const { result } = (await api.run(READ, { id: drawId }, regulator)).data!.randomDraw;
    expect(result.public).toBe(false);
    expect(result.pool).toEqual(POOL.map(code).sort());
    expect(result.excluded).toEqual(
      expect.arrayContaining([
        { creditCode: code(CAPPED), reason: 'AT_YEARLY_CAP' },
        { creditCode: code(KEY_COVERED), reason: 'KEY_UNIT_COVERED' },
      ]),
    );
    for (const outside of [OTHER_TOWN, TOWN_LEVEL, CLOSED, OTHER_INDUSTRY]) {
      expect(result.pool).not.toContain(code(outside));
      expect(result.excluded.map((e: { creditCode: string }) => e.creditCode)).not.toContain(code(outside));
    }
    expect(result.drawn).toHaveLength(3);
    const em = db.orm.em.fork();
    for (const d of result.drawn) {
      expect(new Set(d.team).size).toBe(2);
      const inspection = await em.findOneOrFail(Inspection, { id: d.inspectionId }, { populate: ['enterprise'] });
      expect(inspection).toMatchObject({ type: InspectionType.GENERAL_RANDOM, inspectors: d.team, scheduledDate: d.scheduledDate, createdBy: regulator.subject });
      expect(inspection.plan!.id).toBe(planId);
      expect(inspection.enterprise.creditCode).toBe(d.creditCode);
      expect(d.scheduledDate >= '2027-01-04' && d.scheduledDate <= '2027-01-29').toBe(true);
      if (d.creditCode === code(ONE_BEFORE)) expect(inspection.justification).toContain(`draw ${drawId}`);
    }
  });

  it('is re-run by anyone from the published seed, pool and roster, with the same result', async () => {
    const { result } = (await api.run(READ, { id: drawId }, regulator)).data!.randomDraw;
    const again = rerun(seed, result.pool, 3, result.roster, 2);
    expect(result.drawn.map((d: Record<string, unknown>) => ({ creditCode: d.creditCode, ticket: d.ticket, team: d.team }))).toEqual(again);
  });

  it('keeps the pool and result from the public until the drawn inspections are published, then shows them', async () => {
    expect((await api.run(READ, { id: drawId }, anonymous)).data!.randomDraw.result).toBeNull();
    expect((await api.run(READ, { id: drawId }, enterpriseViewer(code(901)))).data!.randomDraw.result).toBeNull();
    const em = db.orm.em;
    await publish(em, clock, await em.fork().findOneOrFail(EnforcementPlan, { id: planId }));
    await new EnforcementPlanService(em.fork(), clock).publishTargets('2027-01-01', '2027-01-31');
    const seen = await api.run(READ, { id: drawId }, anonymous);
    expect(seen.data!.randomDraw.result).toMatchObject({ public: true, pool: POOL.map(code).sort(), roster: ROSTER });
    expect(seen.data!.randomDraw.result.drawn).toHaveLength(3);
  });

  it('is drawn once: performing it again is refused and schedules nothing', async () => {
    const before = await db.orm.em.fork().count(Inspection, { type: InspectionType.GENERAL_RANDOM });
    const again = await api.run(PERFORM, { id: drawId }, regulator);
    expect(codes(again)).toEqual(['INVALID_TRANSITION']);
    expect(await db.orm.em.fork().count(Inspection, { type: InspectionType.GENERAL_RANDOM })).toBe(before);
  });
});

describe('random draw refusals', () => {
  let draftId: string;
  beforeAll(async () => {
    draftId = (await draftPlan(db.orm.em, clock, EnforcementLevel.DISTRICT, 2027)).id;
  });

  it('refuses a team of one, a roster smaller than a team, a named-twice officer, dates before tomorrow or outside the year', async () => {
    const cases: [Record<string, unknown>, string[]][] = [
      [{ teamSize: 1 }, ['input', 'teamSize']],
      [{ roster: ['张伟'], teamSize: 2 }, ['input', 'roster']],
      [{ roster: ['张伟', '张伟', '李娜'] }, ['input', 'roster']],
      [{ count: 0 }, ['input', 'count']],
      [{ scheduledFrom: '2026-11-20' }, ['input', 'scheduledFrom']],
      [{ scheduledTo: '2028-01-05' }, ['input', 'scheduledTo']],
    ];
    for (const [over, field] of cases) {
      const result = await api.run(ANNOUNCE, { input: input({ planId: draftId, ...over }) }, regulator);
      expect({ over, codes: codes(result), field: result.errors?.[0].extensions?.field }).toEqual({ over, codes: ['BAD_USER_INPUT'], field: field.join('.') });
    }
  });

  it('refuses a draw on a plan that is no longer a draft, and anyone but a regulator', async () => {
    expect(codes(await api.run(ANNOUNCE, { input: input() }, regulator))).toEqual(['PLAN_NOT_EDITABLE']);
    expect(codes(await api.run(ANNOUNCE, { input: input({ planId: draftId }) }, enterpriseViewer(code(901))))).toEqual(['FORBIDDEN']);
    expect(codes(await api.run(ANNOUNCE, { input: input({ planId: draftId }) }, anonymous))).toEqual(['UNAUTHENTICATED']);
  });

  it('performs a draw once when two regulators press at the same time, and leaves those already drawn out of the next draw', async () => {
    const draws = () => new RandomDrawService(db.orm.em.fork(), clock);
    const a = await draws().announce(regulator, { ...input({ planId: draftId, count: 2 }) } as never);
    const results = await Promise.allSettled([draws().perform(regulator, a.id), draws().perform(regulator, a.id)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'INVALID_TRANSITION' } });
    const em = db.orm.em.fork();
    expect(await em.count(Inspection, { plan: draftId })).toBe(2);
    const b = await draws().announce(regulator, { ...input({ planId: draftId, count: 10 }) } as never);
    const drawn = await draws().perform(regulator, b.id);
    const first = (await draws().draw(a.id)).drawn!.map((d) => d.creditCode);
    expect(drawn.excluded).toEqual(expect.arrayContaining(first.map((c) => ({ creditCode: c, reason: 'ALREADY_DRAWN' }))));
    expect(drawn.drawn!.map((d) => d.creditCode).filter((c) => first.includes(c))).toEqual([]);
  });
});
