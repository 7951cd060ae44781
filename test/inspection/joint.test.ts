/**
 * JOINT inspections (docs/inspection.md, "Joint inspections"): a partner
 * department taking part adds its own checklist items and findings, and
 * records its own items; anything outside its part is refused and writes nothing,
 * and so is any write once the inspection is over; concurrent additions each get their place.
 */

import { ChecklistItem } from '../../src/inspection/checklist-item.entity';
import { Finding } from '../../src/inspection/finding.entity';
import { ChecklistResult, HazardSeverity, InspectionType } from '../../src/inspection/inspection.enums';
import { Inspection } from '../../src/inspection/inspection.entity';
import { OnSitePlanService } from '../../src/inspection/on-site-plan.service';
import { codes, createTestApi } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { creditCode, enterpriseViewer, partner, registerEnterprise, regulator } from '../support/fixtures';
import { schedule, stages, testClock } from '../support/inspection-fixtures';

let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;
const clock = testClock();
const fire = partner('FIRE_RESCUE');
const environment = partner('ECOLOGY_ENVIRONMENT');
const market = partner('MARKET_SUPERVISION');
const s = () => stages(db.orm.em, clock);
let joint: Inspection;
let ordinary: Inspection;

beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db, { clock });
  await registerEnterprise(db.orm.em, 51);
  await registerEnterprise(db.orm.em, 52);
  await registerEnterprise(db.orm.em, 53);
  await registerEnterprise(db.orm.em, 54);
  joint = await schedule(db.orm.em, clock, creditCode(51), { type: InspectionType.JOINT, departments: ['FIRE_RESCUE', 'ECOLOGY_ENVIRONMENT'], scheduledDate: '2025-03-03' });
  ordinary = await schedule(db.orm.em, clock, creditCode(52), { scheduledDate: '2025-03-03' });
});
afterAll(async () => {
  await api.stop();
  await db.close();
});

const ADD = `mutation($input: AddChecklistItemInput!) { addChecklistItem(input: $input) { id item department } }`;
const FIND = `mutation($input: RecordFindingInput!) { recordFinding(input: $input) { id department } }`;
const RESULT = `mutation($input: RecordChecklistResultInput!) { recordChecklistResult(input: $input) { id result } }`;
const recorded = (inspectionId: string) => db.orm.em.fork().count(ChecklistItem, { inspection: inspectionId, result: { $ne: null } });
const finding = (inspectionId: string, over: Record<string, unknown> = {}) => ({ inspectionId, description: '消防通道堵塞', severity: HazardSeverity.GENERAL, rectificationDeadline: '2025-03-20', ...over });
const count = async () => [await db.orm.em.fork().count(ChecklistItem, {}), await db.orm.em.fork().count(Finding, {})];

describe('partners in a JOINT inspection', () => {
  let fireItem: string;

  it('add their own checklist items, marked with their department', async () => {
    const added = await api.run(ADD, { input: { inspectionId: joint.id, item: '消防通道畅通', basis: '《消防法》第二十八条' } }, fire);
    expect(added.errors).toBeUndefined();
    expect(added.data!.addChecklistItem).toMatchObject({ department: 'FIRE_RESCUE' });
    fireItem = added.data!.addChecklistItem.id;
    await s().inspections.addChecklistItem(environment, { inspectionId: joint.id, item: '危废贮存台账' });
  });

  it('refuses a partner writing outside its part: a department not taking part, a non-JOINT inspection, another department\'s item, an enterprise', async () => {
    const before = await count();
    expect(codes(await api.run(ADD, { input: { inspectionId: joint.id, item: '计量器具检定' } }, market))).toEqual(['FORBIDDEN']);
    expect(codes(await api.run(ADD, { input: { inspectionId: ordinary.id, item: '消防通道畅通' } }, fire))).toEqual(['FORBIDDEN']);
    expect(codes(await api.run(FIND, { input: finding(ordinary.id) }, fire))).toEqual(['FORBIDDEN']);
    expect(codes(await api.run(ADD, { input: { inspectionId: joint.id, item: 'x' } }, enterpriseViewer(creditCode(51))))).toEqual(['FORBIDDEN']);
    expect(await count()).toEqual(before);
  });

  it('record results and findings on their own items only, while the inspection is in progress', async () => {
    await s().inspections.addChecklistItem(regulator, { inspectionId: joint.id, item: '危险化学品安全生产许可证在有效期内' });
    await new OnSitePlanService(db.orm.em.fork(), clock).approve(regulator, joint.id);
    await s().inspections.startInspection(regulator, { id: joint.id, inspectors: ['张伟 31010010001', '李娜 31010010002'] });
    const items = await db.orm.em.fork().find(ChecklistItem, { inspection: joint.id }, { orderBy: { position: 'asc' } });
    const envItem = items.find((i) => i.department === 'ECOLOGY_ENVIRONMENT')!;
    const bureauItem = items.find((i) => i.department == null)!;
    await expect(s().inspections.recordChecklistResult(fire, { checklistItemId: envItem.id, result: ChecklistResult.COMPLIANT })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(s().inspections.recordChecklistResult(fire, { checklistItemId: bureauItem.id, result: ChecklistResult.COMPLIANT })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(s().findings.recordFinding(fire, finding(joint.id, { checklistItemId: envItem.id }))).rejects.toMatchObject({ code: 'FORBIDDEN', field: ['input', 'checklistItemId'] });
    // The same through the API, and a department not taking part: refused, and nothing is recorded.
    const before = await count();
    for (const item of [envItem, bureauItem]) {
      expect(codes(await api.run(RESULT, { input: { checklistItemId: item.id, result: 'NON_COMPLIANT', note: '越权记录' } }, fire))).toEqual(['FORBIDDEN']);
    }
    expect(codes(await api.run(FIND, { input: finding(joint.id, { checklistItemId: bureauItem.id }) }, fire))).toEqual(['FORBIDDEN']);
    expect(codes(await api.run(FIND, { input: finding(joint.id) }, market))).toEqual(['FORBIDDEN']);
    expect(codes(await api.run(RESULT, { input: { checklistItemId: fireItem, result: 'COMPLIANT' } }, market))).toEqual(['FORBIDDEN']);
    expect(codes(await api.run(FIND, { input: finding('999999') }, fire))).toEqual(['NOT_FOUND']);
    expect(await count()).toEqual(before);
    expect(await recorded(joint.id)).toBe(0);
    expect((await s().inspections.recordChecklistResult(fire, { checklistItemId: fireItem, result: ChecklistResult.NON_COMPLIANT })).recordedBy).toBe(fire.subject);
    const found = await api.run(FIND, { input: finding(joint.id, { checklistItemId: fireItem }) }, fire);
    expect(found.errors).toBeUndefined();
    expect(found.data!.recordFinding.department).toBe('FIRE_RESCUE');
    // The bureau still records any item of its inspection.
    await s().inspections.recordChecklistResult(regulator, { checklistItemId: envItem.id, result: ChecklistResult.COMPLIANT });
    const seen = await api.run(`query($id: ID!) { inspection(id: $id) { checklist { edges { node { item department result } } } findings { edges { node { department description } } } } }`, { id: joint.id }, environment);
    expect(seen.errors).toBeUndefined();
    expect(seen.data!.inspection.findings.edges).toEqual([{ node: { department: 'FIRE_RESCUE', description: '消防通道堵塞' } }]);
  });

  it('leave the lifecycle to the bureau, and write nothing once the inspection is completed or cancelled', async () => {
    for (const mutation of [`mutation($id: ID!) { completeInspection(id: $id) { id } }`, `mutation($id: ID!) { cancelInspection(id: $id, reason: "消防部门改期") { id } }`]) {
      expect(codes(await api.run(mutation, { id: joint.id }, fire))).toEqual(['FORBIDDEN']);
    }
    const open = await db.orm.em.fork().find(ChecklistItem, { inspection: joint.id, result: null });
    for (const item of open) await s().inspections.recordChecklistResult(regulator, { checklistItemId: item.id, result: ChecklistResult.COMPLIANT });
    await s().inspections.completeInspection(regulator, joint.id);
    const cancelled = await schedule(db.orm.em, clock, creditCode(54), { type: InspectionType.JOINT, departments: ['FIRE_RESCUE'], scheduledDate: '2025-03-05' });
    await s().inspections.cancelInspection(regulator, cancelled.id, '企业停产');
    const [fireItem] = await db.orm.em.fork().find(ChecklistItem, { inspection: joint.id, department: 'FIRE_RESCUE' });
    const before = await count();
    for (const inspectionId of [joint.id, cancelled.id]) {
      expect(codes(await api.run(ADD, { input: { inspectionId, item: '补充：灭火器配置' } }, fire))).toEqual(['INVALID_TRANSITION']);
      expect(codes(await api.run(FIND, { input: finding(inspectionId) }, fire))).toEqual(['INVALID_TRANSITION']);
    }
    expect(codes(await api.run(RESULT, { input: { checklistItemId: fireItem.id, result: 'COMPLIANT' } }, fire))).toEqual(['INVALID_TRANSITION']);
    expect(await count()).toEqual(before);
    expect((await db.orm.em.fork().findOneOrFail(ChecklistItem, { id: fireItem.id })).result).toBe(ChecklistResult.NON_COMPLIANT);
  });

  it('add items at the same time as one another and the bureau, each in its own place', async () => {
    const visit = await schedule(db.orm.em, clock, creditCode(53), { type: InspectionType.JOINT, departments: ['FIRE_RESCUE', 'ECOLOGY_ENVIRONMENT'], scheduledDate: '2025-03-06' });
    const writers = [fire, environment, regulator];
    const results = await Promise.all(writers.flatMap((viewer) => [1, 2, 3].map((n) => api.run(ADD, { input: { inspectionId: visit.id, item: `${viewer.subject} 第${n}项` } }, viewer))));
    expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
    const items = await db.orm.em.fork().find(ChecklistItem, { inspection: visit.id }, { orderBy: { position: 'asc' } });
    // The two items the bureau scheduled it with, then the nine added, numbered without gap or repeat.
    expect(items.map((i) => i.position)).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
    expect(items.filter((i) => i.department === 'FIRE_RESCUE').map((i) => i.item).sort()).toEqual(['partner-FIRE_RESCUE 第1项', 'partner-FIRE_RESCUE 第2项', 'partner-FIRE_RESCUE 第3项']);
    expect(items.filter((i) => i.department === 'ECOLOGY_ENVIRONMENT')).toHaveLength(3);
    expect(items.filter((i) => i.department == null)).toHaveLength(5);
  });
});
