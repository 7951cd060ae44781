import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { assertPlanLevel, newPlanTown } from '../access/jurisdiction';
import { Viewer } from '../access/viewer';
import { EnforcementLevel } from '../registry/registry.enums';
import { FieldPath, inputField } from '../shared/domain-error';
import { yearOf } from '../shared/shanghai-calendar';
import { EnforcementPlan } from './enforcement-plan.entity';
import { PlanStatus } from './inspection.enums';
import { InspectionError } from './inspection.errors';
import { PlanScopeInput } from './inspection.inputs';

/**
 * The scope a plan mutation names, checked the same way for creating and
 * drafting a plan: a level, one the regulator plans at; a year from this one
 * on; and, for a new plan, its town (a TOWN plan's, the TOWN regulator's own).
 * Returns the new plan's town: null for a level without towns, undefined when
 * the plan is not new (an existing plan keeps its own).
 */
export function checkPlanScope(viewer: Viewer, input: PlanScopeInput, today: string, options: { newPlan: boolean }): string | null | undefined {
  if (!Object.values(EnforcementLevel).includes(input.level)) throw InspectionError.invalid(inputField('level'), `"${input.level}" is not a level`);
  assertPlanLevel(viewer, input.level, inputField('level'));
  const town = options.newPlan ? newPlanTown(viewer, input.level, input.town, inputField('town')) : undefined;
  if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100) throw InspectionError.invalid(inputField('year'), 'year must be between 2000 and 2100');
  if (input.year < yearOf(today)) throw InspectionError.invalid(inputField('year'), `A plan for ${input.year} is in the past`);
  return town;
}

export interface PlanChange {
  /** WRITE for a change of the plan row itself; READ to add to the plan while others may too. */
  lockMode: LockMode.PESSIMISTIC_WRITE | LockMode.PESSIMISTIC_READ;
  /** Only a DRAFT plan takes it (PLAN_NOT_EDITABLE otherwise). */
  draftOnly?: boolean;
  /** The level and year the input names: the plan must be that one (checked before the viewer's level). */
  scope?: { level: EnforcementLevel; year: number };
  /** Load the last draft's report too (a lazy column). */
  withDraftReport?: boolean;
}

/**
 * Loads and locks an existing plan for a mutation, every plan mutation the
 * same way: NOT_FOUND, the scope the input names, the viewer's level (and a
 * TOWN plan's town), and DRAFT where only a draft takes the change.
 */
export async function planForChange(em: EntityManager, viewer: Viewer, id: string, field: FieldPath, change: PlanChange): Promise<EnforcementPlan> {
  const plan = await em.findOne(EnforcementPlan, { id }, { lockMode: change.lockMode, ...(change.withDraftReport ? { populate: ['draftReport'] as never } : {}) });
  if (!plan) throw InspectionError.planNotFound(id, field);
  const scope = change.scope;
  if (scope && (plan.level !== scope.level || plan.year !== scope.year)) {
    throw InspectionError.invalid(field, `Plan ${id} is the ${plan.level} plan for ${plan.year}, not the ${scope.level} plan for ${scope.year}`);
  }
  assertPlanLevel(viewer, plan.level, field, plan.town ?? null);
  if (change.draftOnly && plan.status !== PlanStatus.DRAFT) throw InspectionError.planNotEditable(id, plan.status, field);
  return plan;
}
