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
import { PenaltyDecision } from '../../src/inspection/penalty-decision.entity';
import { DiscretionBenchmark } from '../../src/inspection/penalty-notice.entity';
import { PenaltyProcedureService } from '../../src/inspection/penalty-procedure.service';
import { OnSitePlanService } from '../../src/inspection/on-site-plan.service';
import { DiscretionBand, PenaltyMeasure } from '../../src/inspection/penalty.enums';
import { admin, regulator } from './fixtures';

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
  return stages(em, clock).plans.createPlan(regulator, { level, year, title: `${year}年度${level}监督检查计划`, town: level === EnforcementLevel.TOWN ? '高桥镇' : null });
}

export async function publish(em: EntityManager, clock: Clock, plan: EnforcementPlan): Promise<EnforcementPlan> {
  await stages(em, clock).plans.approvePlan(regulator, plan.id);
  return stages(em, clock).plans.publishPlan(regulator, plan.id);
}

/** Approves the on-site plan, starts the inspection and records every checklist item as compliant, leaving it IN_PROGRESS. */
export async function startAndRecord(em: EntityManager, clock: Clock, inspection: Inspection, result = ChecklistResult.COMPLIANT): Promise<void> {
  await new OnSitePlanService(em.fork(), clock).approve(regulator, inspection.id);
  await stages(em, clock).inspections.startInspection(regulator, { id: inspection.id });
  const items: { id: string }[] = await em.getConnection().execute('select id from inspection_checklist_item where inspection_id = ? order by position', [inspection.id]);
  for (const item of items) await stages(em, clock).inspections.recordChecklistResult(regulator, { checklistItemId: String(item.id), result });
}

/** A benchmark row of the bureau's table (defined once per database): 《安全生产法》 art. 99, GENERAL band, 20,000–50,000 yuan. */
export async function benchmarkRow(em: EntityManager, band = DiscretionBand.GENERAL, minYuan = '20000', maxYuan = '50000'): Promise<DiscretionBenchmark> {
  return new PenaltyProcedureService(em.fork(), fixedClock(NOW)).defineBenchmark(admin, {
    violation: 'AQ-099-2',
    title: '未对安全设备进行经常性维护、保养和定期检测',
    legalBasis: '《安全生产法》第九十九条第二项',
    band,
    factors: ['逾期未改正', '涉及重大危险源'],
    minYuan,
    maxYuan,
  });
}

/**
 * Penalises an inspection through the whole procedure: the notice at `clock`,
 * no statement nor hearing, the decision once the periods are over (6 days later).
 */
export async function penalise(em: EntityManager, clock: Clock, inspection: Inspection, amountYuan = '30000'): Promise<PenaltyDecision> {
  const benchmark = await benchmarkRow(em);
  await new PenaltyProcedureService(em.fork(), clock).issueNotice(regulator, {
    inspectionId: inspection.id,
    benchmarkId: benchmark.id,
    factors: ['逾期未改正'],
    measures: [PenaltyMeasure.FINE],
    amountYuan,
    facts: '储罐区可燃气体报警器失效，逾期未改正',
  });
  const later = fixedClock(new Date(clock.now().getTime() + 6 * 86_400_000).toISOString());
  return stages(em, later).penalties.recordPenaltyDecision(regulator, {
    inspectionId: inspection.id,
    penalized: true,
    amountYuan,
    factReasons: '现场检查笔录、照片证实报警器失效',
    legalReasons: '违反《安全生产法》第三十六条，依第九十九条第二项处罚',
    discretionReasons: '逾期未改正，属一般情节',
  });
}
