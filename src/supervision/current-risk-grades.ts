import { EntityManager } from '@mikro-orm/postgresql';
import { rawQuery } from '../db/raw-query';
import { RiskGrade, SupervisionTreatment } from './supervision.enums';

export interface CurrentRiskGrade {
  enterpriseId: string;
  grade: RiskGrade;
  score: number;
  treatment: SupervisionTreatment;
  groupExempt: boolean;
  gradedAt: Date;
}

/**
 * The latest grade and treatment of each enterprise (absent: never graded),
 * for drafting a plan (PlanDraftingService.draftPlan, docs/inspection.md): A a
 * full check-up, B a key spot check, C a help visit, D and group-exempt
 * subsidiaries left undisturbed (key units are inspected every year whatever
 * their grade).
 */
export async function currentRiskGrades(em: EntityManager, enterpriseIds: readonly string[]): Promise<Map<string, CurrentRiskGrade>> {
  if (enterpriseIds.length === 0) return new Map();
  const rows = await rawQuery<{ enterprise_id: string; grade: RiskGrade; score: number; treatment: SupervisionTreatment; group_exempt: boolean; graded_at: Date }>(em,
    `select distinct on (enterprise_id) enterprise_id::text as enterprise_id, grade, score, treatment, group_exempt, graded_at
       from risk_grade where enterprise_id in (${enterpriseIds.map(() => '?').join(', ')})
      order by enterprise_id, id desc`,
    [...enterpriseIds],
  );
  return new Map(rows.map((r) => [r.enterprise_id, { enterpriseId: r.enterprise_id, grade: r.grade, score: r.score, treatment: r.treatment, groupExempt: r.group_exempt, gradedAt: new Date(r.graded_at) }]));
}
