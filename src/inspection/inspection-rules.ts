import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Enterprise } from '../registry/enterprise.entity';
import { assertJurisdiction } from '../access/jurisdiction';
import { assertRegulator } from '../access/policy';
import { Role, Viewer } from '../access/viewer';
import { isValidCreditCode } from '../proof/credit-code';
import { requireActiveDepartments } from '../access/departments.service';
import { EnforcementLevel } from '../registry/registry.enums';
import { isCalendarDate } from '../shared/shanghai-calendar';
import { optionalText, requiredText } from '../shared/text-input';
import { Inspection } from './inspection.entity';
import { InspectionStatus, InspectionType, MAX_CHECKLIST_ITEMS } from './inspection.enums';
import { InspectionError } from './inspection.errors';
import { ChecklistItemInput } from './inspection.inputs';
import { FieldPath } from '../shared/domain-error';

/**
 * What every stage of the process (plans, scheduling, inspections and
 * checklists, findings, penalties) checks the same way: ids, dates, the
 * lifecycle, and loading an inspection for a regulator's write.
 */
/** CITY > DISTRICT > TOWN. */
export const RANK: Record<EnforcementLevel, number> = { [EnforcementLevel.CITY]: 3, [EnforcementLevel.DISTRICT]: 2, [EnforcementLevel.TOWN]: 1 };

/** The lifecycle: which status may follow which. */
const NEXT: Record<InspectionStatus, readonly InspectionStatus[]> = {
  [InspectionStatus.PLANNED]: [InspectionStatus.IN_PROGRESS, InspectionStatus.CANCELLED],
  [InspectionStatus.IN_PROGRESS]: [InspectionStatus.COMPLETED, InspectionStatus.CANCELLED],
  [InspectionStatus.COMPLETED]: [InspectionStatus.CLOSED],
  [InspectionStatus.CLOSED]: [],
  [InspectionStatus.CANCELLED]: [],
};

export function checkId(value: string, field: FieldPath): string {
  if (!/^[1-9]\d{0,17}$/.test(String(value))) throw InspectionError.invalid(field, `"${value}" is not an id`);
  return String(value);
}

/** The enterprise an input names by its credit code: BAD_USER_INPUT for a malformed code, NOT_FOUND for an unknown one. */
export async function enterpriseInput(em: EntityManager, creditCode: string, field: FieldPath): Promise<Enterprise> {
  if (!isValidCreditCode(creditCode)) throw InspectionError.invalid(field, `"${creditCode}" is not a valid credit code`);
  const enterprise = await em.findOne(Enterprise, { creditCode });
  if (!enterprise) throw InspectionError.enterpriseNotFound(creditCode, field);
  return enterprise;
}

export function checkDate(value: string, field: FieldPath): string {
  if (typeof value !== 'string' || !isCalendarDate(value)) throw InspectionError.invalid(field, `"${value}" is not a date (YYYY-MM-DD)`);
  return value;
}

/** Loads and locks an inspection for a regulator's write. */
export async function inspectionForWrite(em: EntityManager, viewer: Viewer, id: string, field: FieldPath = ['id']): Promise<Inspection> {
  assertRegulator(viewer);
  checkId(id, field);
  const inspection = await em.findOne(Inspection, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!inspection) throw InspectionError.inspectionNotFound(id, field);
  await assertInspectionJurisdiction(em, viewer, inspection, field);
  return inspection;
}

/**
 * Refuses a regulator acting on an inspection (or what hangs from it: its decisions, their credit repair, its
 * typical case) outside its jurisdiction: an inspection is its enforcing level's (a SUPERVISORY one the higher
 * level's that made it) and, at TOWN, its enterprise's town's.
 */
export async function assertInspectionJurisdiction(em: EntityManager, viewer: Viewer, inspection: Inspection, field: FieldPath): Promise<void> {
  const enterprise = await em.findOneOrFail(Enterprise, { id: inspection.enterprise.id });
  assertJurisdiction(viewer, { creditCode: enterprise.creditCode, enforcementLevel: inspection.enforcingLevel, town: enterprise.town }, { field });
}

/**
 * Loads and locks an inspection for a write that a regulator makes, or a
 * partner department taking part in the inspection makes for its own part
 * (its checklist items and findings). Returns the writer's department: null
 * for the bureau.
 */
export async function inspectionForPart(em: EntityManager, viewer: Viewer, id: string, field: FieldPath): Promise<{ inspection: Inspection; department: string | null }> {
  if (viewer.role !== Role.PARTNER) return { inspection: await inspectionForWrite(em, viewer, id, field), department: null };
  checkId(id, field);
  const inspection = await em.findOne(Inspection, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!inspection) throw InspectionError.inspectionNotFound(id, field);
  if (!inspection.departments.includes(viewer.department)) {
    throw InspectionError.forbidden(`Department ${viewer.department} takes no part in inspection ${id}: a partner writes only in inspections it takes part in`, field);
  }
  // Another type may name departments (they read it), but only a JOINT inspection holds their part.
  requireJoint(inspection, field);
  return { inspection, department: viewer.department };
}

/** Refuses a partner's part in an inspection that is not JOINT: NOT_A_JOINT_INSPECTION naming the field. */
export function requireJoint(inspection: Inspection, field: FieldPath): void {
  if (inspection.type !== InspectionType.JOINT) throw InspectionError.notJoint(inspection.id, inspection.type, field);
}

export function moveInspection(inspection: Inspection, to: InspectionStatus): void {
  if (!NEXT[inspection.status].includes(to)) throw InspectionError.invalidTransition(`Inspection ${inspection.id}`, inspection.status, to);
  inspection.status = to;
}

export function requireStatus(inspection: Inspection, allowed: InspectionStatus[], action: string, field: FieldPath): void {
  if (!allowed.includes(inspection.status)) {
    throw InspectionError.invalidTransition(`Inspection ${inspection.id} (${action})`, inspection.status, allowed.join(' or '), field);
  }
}

/** The departments taking part: active ones of the department table, each named once. */
export async function departmentsInput(em: EntityManager, values: string[], field: FieldPath): Promise<string[]> {
  if (new Set(values).size !== values.length) throw InspectionError.invalid(field, 'A department is named twice');
  await requireActiveDepartments(em, values, field);
  return [...values];
}

export function inspectorsInput(values: string[], field: FieldPath): string[] {
  if (values.length > 20) throw InspectionError.invalid(field, 'At most 20 officers');
  const names = values.map((v, i) => requiredText(v, [...field, i], 100));
  if (new Set(names).size !== names.length) throw InspectionError.invalid(field, 'An officer is named twice');
  return names;
}

export function checklistInput(values: ChecklistItemInput[], field: FieldPath): { item: string; basis: string | null }[] {
  if (values.length > MAX_CHECKLIST_ITEMS) throw InspectionError.invalid(field, `At most ${MAX_CHECKLIST_ITEMS} checklist items`);
  const path = (i: number, name: string): FieldPath => (field.length === 1 ? [...field, name] : [...field, i, name]);
  return values.map((v, i) => ({ item: requiredText(v.item, path(i, 'item'), 500), basis: optionalText(v.basis, path(i, 'basis'), 500) }));
}
