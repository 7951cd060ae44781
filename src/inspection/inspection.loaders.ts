import { EntityManager } from '@mikro-orm/postgresql';
import { byKeyLoader, childrenLoader } from '../graphql/loaders';
import { ChecklistItem } from './checklist-item.entity';
import { EnforcementPlan } from './enforcement-plan.entity';
import { Finding } from './finding.entity';
import { InspectionEvaluation } from './inspection-evaluation.entity';
import { Inspection } from './inspection.entity';
import { PenaltyDecision } from './penalty-decision.entity';

/** Inspection's per-request DataLoaders. */
export function inspectionLoaders(em: EntityManager) {
  return {
    enforcementPlan: byKeyLoader(em, EnforcementPlan, 'id'),
    inspectionsOfPlan: childrenLoader(em, Inspection, 'plan'),
    inspectionsOfEnterprise: childrenLoader(em, Inspection, 'enterprise'),
    checklistOfInspection: childrenLoader(em, ChecklistItem, 'inspection'),
    findingsOfInspection: childrenLoader(em, Finding, 'inspection'),
    penaltyOfInspection: childrenLoader(em, PenaltyDecision, 'inspection'),
    evaluationOfInspection: childrenLoader(em, InspectionEvaluation, 'inspection'),
  };
}

declare module '../graphql/context' {
  interface Loaders extends ReturnType<typeof inspectionLoaders> {}
}
