import { EntityManager } from '@mikro-orm/postgresql';
import { Viewer } from '../../src/access/viewer';
import { EnforcementPlan } from '../../src/inspection/enforcement-plan.entity';
import { ChecklistResult, InspectionType } from '../../src/inspection/inspection.enums';
import { Inspection } from '../../src/inspection/inspection.entity';
import { ScheduleInspectionInput } from '../../src/inspection/inspection.inputs';
import { EvaluationService } from '../../src/inspection/evaluation.service';
import { FindingService } from '../../src/inspection/finding.service';
import { InspectionService } from '../../src/inspection/inspection.service';
import { PenaltyService } from '../../src/inspection/penalty.service';
import { PlanDraftingService } from '../../src/inspection/plan-drafting.service';
import { EnforcementPlanService } from '../../src/inspection/plan.service';
import { SchedulingService } from '../../src/inspection/scheduling.service';
import { EnforcementLevel } from '../../src/registry/registry.enums';
import { Clock, fixedClock } from '../../src/shared/clock';
import { regulator } from './fixtures';

/** 2025-03-03 10:00 in Shanghai. */
export const NOW = '2025-03-03T02:00:00Z';
export const testClock = () => fixedClock(NOW);

/** Every stage's service of the inspection process, each on its own fork. */
export const stages = (em: EntityManager, clock: Clock) => ({
  plans: new EnforcementPlanService(em.fork(), clock),
  drafting: new PlanDraftingService(em.fork(), clock),
  scheduling: new SchedulingService(em.fork(), clock),
  inspections: new InspectionService(em.fork(), clock),
  findings: new FindingService(em.fork(), clock),
  penalties: new PenaltyService(em.fork(), clock),
  evaluations: new EvaluationService(em.fork(), clock),
});

/** The default input: a DISTRICT, EVENT_TRIGGERED inspection (no plan needed) with two officers and two checklist items. */
export function inspectionInput(enterprise: string, overrides: Partial<ScheduleInspectionInput> = {}): ScheduleInspectionInput {
  return {
    enterprise,
    type: InspectionType.EVENT_TRIGGERED,
    enforcingLevel: EnforcementLevel.DISTRICT,
    scheduledDate: '2025-04-10',
    trigger: '12345 热线投诉 2025-0301',
    inspectors: ['张伟 31010010001', '李娜 31010010002'],
    checklist: [{ item: '危险化学品安全生产许可证在有效期内', basis: '《危险化学品安全管理条例》第十四条' }, { item: '储存场所设置监测报警装置' }],
    ...overrides,
  };
}

export function schedule(em: EntityManager, clock: Clock, enterprise: string, overrides: Partial<ScheduleInspectionInput> = {}, viewer: Viewer = regulator): Promise<Inspection> {
  return stages(em, clock).scheduling.scheduleInspection(viewer, inspectionInput(enterprise, overrides));
}

export function draftPlan(em: EntityManager, clock: Clock, level = EnforcementLevel.DISTRICT, year = 2025): Promise<EnforcementPlan> {
  return stages(em, clock).plans.createPlan(regulator, { level, year, title: `${year}年度${level}监督检查计划` });
}

export async function publish(em: EntityManager, clock: Clock, plan: EnforcementPlan): Promise<EnforcementPlan> {
  await stages(em, clock).plans.approvePlan(regulator, plan.id);
  return stages(em, clock).plans.publishPlan(regulator, plan.id);
}

/** Starts an inspection and records every checklist item as compliant, leaving it IN_PROGRESS. */
export async function startAndRecord(em: EntityManager, clock: Clock, inspection: Inspection, result = ChecklistResult.COMPLIANT): Promise<void> {
  await stages(em, clock).inspections.startInspection(regulator, { id: inspection.id });
  const items: { id: string }[] = await em.getConnection().execute('select id from inspection_checklist_item where inspection_id = ? order by position', [inspection.id]);
  for (const item of items) await stages(em, clock).inspections.recordChecklistResult(regulator, { checklistItemId: String(item.id), result });
}
