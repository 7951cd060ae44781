import DataLoader from 'dataloader';
import { EntityManager } from '@mikro-orm/postgresql';
import { byKeyLoader, childrenLoader, LoadersOf } from '../graphql/loaders';
import { ChecklistItem } from './checklist-item.entity';
import { ChecklistTemplate } from './checklist-template.entity';
import { ComplianceGuideItem } from './compliance-guide.entity';
import { EnforcementPlan } from './enforcement-plan.entity';
import { Finding } from './finding.entity';
import { InspectionEvaluation } from './inspection-evaluation.entity';
import { Inspection } from './inspection.entity';
import { PenaltyDecision } from './penalty-decision.entity';
import { CheckSource, ItemCheck } from './self-check.entity';

/** Inspection's per-request DataLoaders, made on first use (graphql/loaders.ts lazyLoaders). */
export const inspectionLoaders = {
  enforcementPlan: (em: EntityManager) => byKeyLoader(em, EnforcementPlan, 'id'),
  inspection: (em: EntityManager) => byKeyLoader(em, Inspection, 'id'),
  inspectionsOfPlan: (em: EntityManager) => childrenLoader(em, Inspection, 'plan'),
  inspectionsOfEnterprise: (em: EntityManager) => childrenLoader(em, Inspection, 'enterprise'),
  checklistOfInspection: (em: EntityManager) => childrenLoader(em, ChecklistItem, 'inspection'),
  findingsOfInspection: (em: EntityManager) => childrenLoader(em, Finding, 'inspection'),
  penaltyOfInspection: (em: EntityManager) => childrenLoader(em, PenaltyDecision, 'inspection'),
  evaluationOfInspection: (em: EntityManager) => childrenLoader(em, InspectionEvaluation, 'inspection'),
  checklistTemplate: (em: EntityManager) => byKeyLoader(em, ChecklistTemplate, 'id'),
  itemsOfGuide: (em: EntityManager) => childrenLoader(em, ComplianceGuideItem, 'guide'),
  latestSelfCheck: latestSelfCheckLoader,
};

/** An enterprise's latest self-check of a template, keyed `enterpriseId:templateId`: the ids in one statement, the checks in one more. */
function latestSelfCheckLoader(em: EntityManager) {
  return new DataLoader<string, ItemCheck | undefined>(async (keys) => {
    const pairs = keys.map((key) => key.split(':'));
    const latest = await em.getConnection().execute<{ id: string }[]>(
      `select distinct on (enterprise_id, template_id) id from item_check where source = ? and (enterprise_id, template_id) in (${pairs.map(() => '(?, ?)').join(', ')}) order by enterprise_id, template_id, checked_on desc, id desc`,
      [CheckSource.SELF_CHECK, ...pairs.flat()],
    );
    const checks = latest.length === 0 ? [] : await em.find(ItemCheck, { id: { $in: latest.map((r) => String(r.id)) } });
    const byKey = new Map(checks.map((c) => [`${c.enterprise.id}:${c.template.id}`, c]));
    return keys.map((key) => byKey.get(key));
  });
}

declare module '../graphql/context' {
  interface Loaders extends LoadersOf<typeof inspectionLoaders> {}
}
