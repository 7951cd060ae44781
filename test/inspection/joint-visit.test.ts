/**
 * 进一门、查多事 (docs/inspection.md, "Joint visits"): partner departments plan
 * their own checks by month; visits of two or more parties to one enterprise
 * in a month are proposed as one; a regulator joins the tasks to the bureau's
 * planned inspection, and the departments then record their part there.
 */

import { DepartmentTask } from '../../src/inspection/department-task.entity';
import { Inspection } from '../../src/inspection/inspection.entity';
import { InspectionType } from '../../src/inspection/inspection.enums';
import { JointVisitService } from '../../src/inspection/joint-visit.service';
import { codes, createTestApi } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { creditCode, enterpriseViewer, partner, registerEnterprise, regulator } from '../support/fixtures';
import { schedule, testClock } from '../support/inspection-fixtures';

let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;
const clock = testClock(); // 2025-03-03 in Shanghai
const fire = partner('FIRE_RESCUE');
const environment = partner('ECOLOGY_ENVIRONMENT');
const market = partner('MARKET_SUPERVISION');
const visits = () => new JointVisitService(db.orm.em.fork(), clock);
const [TWO_DEPARTMENTS, WITH_BUREAU, ALONE] = [creditCode(61), creditCode(62), creditCode(63)];
let bureau: Inspection;
/** The bureau's own (EVENT_TRIGGERED) visit to ALONE that month: not one a department joins. */
let eventCheck: Inspection;

const PLAN = `mutation($input: PlanDepartmentTaskInput!) { planDepartmentTask(input: $input) { id department month status } }`;
const PROPOSALS = `query($month: String!, $first: Int, $after: String) { jointVisitProposals(month: $month, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { enterprise { creditCode } inspection { id } tasks { department matter } } } } }`;
const ADD = `mutation($input: AddChecklistItemInput!) { addChecklistItem(input: $input) { department } }`;
const tasks = () => db.orm.em.fork().find(DepartmentTask, {}, { orderBy: { id: 'asc' } });
const plan = async (viewer: typeof fire, enterprise: string, matter: string, month = '2025-04') => {
  const done = await api.run(PLAN, { input: { enterprise, month, matter } }, viewer);
  expect(done.errors).toBeUndefined();
  return done.data!.planDepartmentTask.id as string;
};

beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db, { clock });
  for (const n of [61, 62, 63]) await registerEnterprise(db.orm.em, n);
  bureau = await schedule(db.orm.em, clock, WITH_BUREAU, { type: InspectionType.JOINT, trigger: null, departments: ['FIRE_RESCUE'], scheduledDate: '2025-04-10' });
  eventCheck = await schedule(db.orm.em, clock, ALONE, { scheduledDate: '2025-04-15' });
});
afterAll(async () => {
  await api.stop();
  await db.close();
});

describe('joint visits', () => {
  const ids: Record<string, string> = {};

  it('lets a partner department plan its own checks for this month or later, and nobody else', async () => {
    ids.fire61 = await plan(fire, TWO_DEPARTMENTS, '消防设施检查');
    ids.env61 = await plan(environment, TWO_DEPARTMENTS, '危险废物贮存');
    ids.market62 = await plan(market, WITH_BUREAU, '特种设备检验');
    ids.fire63 = await plan(fire, ALONE, '消防通道');
    ids.fire61May = await plan(fire, TWO_DEPARTMENTS, '复查', '2025-05');
    const before = (await tasks()).length;
    const input = { enterprise: ALONE, month: '2025-04', matter: '检查' };
    expect(codes(await api.run(PLAN, { input }, regulator))).toEqual(['FORBIDDEN']);
    expect(codes(await api.run(PLAN, { input }, enterpriseViewer(ALONE)))).toEqual(['FORBIDDEN']);
    await expect(visits().planTask(fire, { ...input, month: '2025-02' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'month'] });
    await expect(visits().planTask(fire, { ...input, month: '2025-13' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'month'] });
    await expect(visits().planTask(fire, { ...input, matter: ' ' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'matter'] });
    await expect(visits().planTask(fire, { ...input, enterprise: creditCode(99) })).rejects.toMatchObject({ code: 'NOT_FOUND', field: ['input', 'enterprise'] });
    expect((await tasks()).length).toBe(before);
  });

  it('proposes one visit where two departments, or a department and the bureau, would visit in the same month', async () => {
    const seen = await api.run(PROPOSALS, { month: '2025-04' }, regulator);
    expect(seen.errors).toBeUndefined();
    expect(seen.data!.jointVisitProposals.totalCount).toBe(2);
    expect(seen.data!.jointVisitProposals.edges.map((e: { node: unknown }) => e.node)).toEqual([
      { enterprise: { creditCode: TWO_DEPARTMENTS }, inspection: null, tasks: [{ department: 'FIRE_RESCUE', matter: '消防设施检查' }, { department: 'ECOLOGY_ENVIRONMENT', matter: '危险废物贮存' }] },
      { enterprise: { creditCode: WITH_BUREAU }, inspection: { id: bureau.id }, tasks: [{ department: 'MARKET_SUPERVISION', matter: '特种设备检验' }] },
    ]);
    const first = await api.run(PROPOSALS, { month: '2025-04', first: 1 }, regulator);
    expect(first.data!.jointVisitProposals.pageInfo.hasNextPage).toBe(true);
    const rest = await api.run(PROPOSALS, { month: '2025-04', first: 1, after: first.data!.jointVisitProposals.pageInfo.endCursor }, regulator);
    expect(rest.data!.jointVisitProposals.edges.map((e: { node: { enterprise: unknown } }) => e.node.enterprise)).toEqual([{ creditCode: WITH_BUREAU }]);
    expect((await api.run(PROPOSALS, { month: '2025-05' }, regulator)).data!.jointVisitProposals.totalCount).toBe(0);
    expect(codes(await api.run(PROPOSALS, { month: '2025-04' }, fire))).toEqual(['FORBIDDEN']);
    expect(codes(await api.run(PROPOSALS, { month: 'April' }, regulator))).toEqual(['BAD_USER_INPUT']);
  });

  it('shows a partner only its own department\u2019s tasks', async () => {
    const q = `query { departmentTasks(month: "2025-04") { totalCount edges { node { department enterprise { creditCode } } } } }`;
    expect((await api.run(q, {}, environment)).data!.departmentTasks).toEqual({ totalCount: 1, edges: [{ node: { department: 'ECOLOGY_ENVIRONMENT', enterprise: { creditCode: TWO_DEPARTMENTS } } }] });
    expect((await api.run(q, {}, regulator)).data!.departmentTasks.totalCount).toBe(4);
    expect(codes(await api.run(q, {}, enterpriseViewer(ALONE)))).toEqual(['FORBIDDEN']);
  });

  it('refuses joining a task of another enterprise or month, all or nothing', async () => {
    await expect(visits().joinVisit(regulator, bureau.id, [ids.market62, ids.fire63])).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: ['taskIds', 1] });
    await expect(visits().joinVisit(regulator, bureau.id, [ids.fire61May])).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: ['taskIds', 0] });
    await expect(visits().joinVisit(regulator, bureau.id, [ids.market62, ids.market62])).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: ['taskIds'] });
    await expect(visits().joinVisit(regulator, bureau.id, ['999999'])).rejects.toMatchObject({ code: 'NOT_FOUND', field: ['taskIds', 0] });
    await expect(visits().joinVisit(market, bureau.id, [ids.market62])).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await tasks()).every((t) => t.status === 'PENDING')).toBe(true);
    expect((await db.orm.em.fork().findOneOrFail(Inspection, bureau.id)).departments).toEqual(['FIRE_RESCUE']);
  });

  it('refuses joining a task to an inspection that is not JOINT, naming it, writing nothing; such a visit is not proposed', async () => {
    const JOIN = `mutation($id: ID!, $tasks: [ID!]!) { joinVisit(inspectionId: $id, taskIds: $tasks) { id } }`;
    const refused = await api.run(JOIN, { id: eventCheck.id, tasks: [ids.fire63] }, regulator);
    expect([codes(refused), refused.errors![0].extensions!.field, refused.errors![0].extensions!.type]).toEqual([['NOT_A_JOINT_INSPECTION'], 'inspectionId', 'EVENT_TRIGGERED']);
    const task = (await tasks()).find((t) => t.id === ids.fire63)!;
    expect([task.status, task.inspection ?? null]).toEqual(['PENDING', null]);
    expect((await db.orm.em.fork().findOneOrFail(Inspection, eventCheck.id)).departments).toEqual([]);
    const proposed = await api.run(PROPOSALS, { month: '2025-04' }, regulator);
    expect(proposed.data!.jointVisitProposals.edges.map((e: { node: { enterprise: { creditCode: string } } }) => e.node.enterprise.creditCode)).not.toContain(ALONE);
  });

  it('refuses a partner its part in an inspection that is not JOINT, even one naming its department', async () => {
    const named = await schedule(db.orm.em, clock, ALONE, { scheduledDate: '2025-04-16', departments: ['FIRE_RESCUE'], justification: '消防联合复查' });
    const added = await api.run(ADD, { input: { inspectionId: named.id, item: '消防通道畅通' } }, fire);
    expect([codes(added), added.errors![0].extensions!.field]).toEqual([['NOT_A_JOINT_INSPECTION'], 'input.inspectionId']);
    const FINDING = `mutation($input: RecordFindingInput!) { recordFinding(input: $input) { id } }`;
    const found = await api.run(FINDING, { input: { inspectionId: named.id, description: '消防通道堵塞', severity: 'GENERAL', rectificationDeadline: '2025-04-30' } }, fire);
    expect([codes(found), found.errors![0].extensions!.field]).toEqual([['NOT_A_JOINT_INSPECTION'], 'input.inspectionId']);
    // It still reads the inspection it is named in.
    expect((await api.run(`query($id: ID!) { inspection(id: $id) { type departments } }`, { id: named.id }, fire)).data).toEqual({ inspection: { type: 'EVENT_TRIGGERED', departments: ['FIRE_RESCUE'] } });
    expect(await db.orm.em.fork().count('ChecklistItem', { inspection: named.id, department: 'FIRE_RESCUE' })).toBe(0);
  });

  it('joins the tasks to the inspection: the department then records its own part there', async () => {
    expect(codes(await api.run(ADD, { input: { inspectionId: bureau.id, item: '压力容器定期检验' } }, market))).toEqual(['FORBIDDEN']);
    const joined = await api.run(`mutation($id: ID!, $tasks: [ID!]!) { joinVisit(inspectionId: $id, taskIds: $tasks) { departments type } }`, { id: bureau.id, tasks: [ids.market62] }, regulator);
    expect(joined.errors).toBeUndefined();
    expect(joined.data!.joinVisit).toEqual({ departments: ['FIRE_RESCUE', 'MARKET_SUPERVISION'], type: 'JOINT' });
    const added = await api.run(ADD, { input: { inspectionId: bureau.id, item: '压力容器定期检验' } }, market);
    expect(added.errors).toBeUndefined();
    expect(added.data!.addChecklistItem.department).toBe('MARKET_SUPERVISION');
    expect(codes(await api.run(ADD, { input: { inspectionId: bureau.id, item: '危险废物' } }, environment))).toEqual(['FORBIDDEN']);
    await expect(visits().joinVisit(regulator, bureau.id, [ids.market62])).rejects.toMatchObject({ code: 'CONFLICT', field: ['taskIds', 0] });
    await expect(visits().withdrawTask(market, ids.market62)).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    // Joined: no longer proposed.
    expect((await api.run(PROPOSALS, { month: '2025-04' }, regulator)).data!.jointVisitProposals.totalCount).toBe(1);
  });

  it('lets only the planning department withdraw a pending task', async () => {
    await expect(visits().withdrawTask(environment, ids.fire61)).rejects.toMatchObject({ code: 'FORBIDDEN', field: ['id'] });
    expect((await visits().withdrawTask(fire, ids.fire61)).status).toBe('WITHDRAWN');
    expect((await api.run(PROPOSALS, { month: '2025-04' }, regulator)).data!.jointVisitProposals.totalCount).toBe(0);
  });
});
