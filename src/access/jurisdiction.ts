import { EnforcementLevel } from '../registry/registry.enums';
import { AccessError, CommonCode, DomainError } from '../shared/domain-error';
import { Role, Viewer } from './viewer';

/** What jurisdiction looks at in an enterprise: one enterprise, one enforcing level (and its town). */
export interface EnterpriseArea {
  creditCode: string;
  enforcementLevel: EnforcementLevel;
  town: string;
}

const RANK: Record<EnforcementLevel, number> = { [EnforcementLevel.TOWN]: 0, [EnforcementLevel.DISTRICT]: 1, [EnforcementLevel.CITY]: 2 };

/**
 * The jurisdiction matrix (docs/access.md shows it; test/access/jurisdiction.test.ts runs it): what a
 * regulator of a level may do for an enterprise, by how the enterprise stands to it.
 */
export const JURISDICTION: ReadonlyArray<{ relation: string; write: boolean; supervisory: boolean }> = [
  { relation: 'same level (TOWN: same town)', write: true, supervisory: false },
  { relation: 'TOWN regulator, enterprise of another town', write: false, supervisory: false },
  { relation: 'enterprise of a higher level', write: false, supervisory: false },
  { relation: 'enterprise of a lower level', write: false, supervisory: true },
];

/**
 * Refuses a regulator acting for an enterprise outside its jurisdiction, naming the enterprise:
 * licences, inspections, penalties and grades are for enterprises whose enforcement level is the
 * regulator's own (for TOWN, in its town); a SUPERVISORY check may come from any higher level. ADMIN
 * and a regulator without a level (the bureau reading through its webhooks; a token from before levels
 * only where ALLOW_LEVELLESS_REGULATOR_TOKENS lets it in) are not bounded. Pure.
 */
export function assertJurisdiction(viewer: Viewer, enterprise: EnterpriseArea, options: { supervisory?: boolean; field?: ReadonlyArray<string | number> } = {}): void {
  if (viewer.role !== Role.REGULATOR || !viewer.level) return;
  const own = viewer.level === enterprise.enforcementLevel && (viewer.level !== EnforcementLevel.TOWN || viewer.town === enterprise.town);
  const supervising = options.supervisory === true && RANK[viewer.level] > RANK[enterprise.enforcementLevel];
  if (own || supervising) return;
  const who = viewer.level === EnforcementLevel.TOWN ? `a TOWN regulator of ${viewer.town}` : `a ${viewer.level} regulator`;
  const whose = enterprise.enforcementLevel === EnforcementLevel.TOWN ? `the TOWN level of ${enterprise.town}` : `the ${enterprise.enforcementLevel} level`;
  throw AccessError.forbidden(`Enterprise ${enterprise.creditCode} is under ${whose}: ${who} may not act for it`, options.field);
}

/**
 * The town a TOWN regulator's reads and records are bounded to; undefined for
 * everyone else (DISTRICT and CITY regulators read the whole deployment, which
 * is one district). Pure.
 */
export function areaTown(viewer: Viewer): string | undefined {
  return viewer.role === Role.REGULATOR && viewer.level === EnforcementLevel.TOWN ? viewer.town : undefined;
}

/**
 * What a regulator's area is called (me.area, the console's header): a TOWN regulator's its town, a
 * DISTRICT regulator's the deployment's district (DEPLOYMENT_DISTRICT), none for a CITY regulator
 * (every enterprise) or another role. Pure.
 */
export function areaName(account: { role: Role; level?: EnforcementLevel | null; town?: string | null }, district: string): string | null {
  if (account.role !== Role.REGULATOR) return null;
  if (account.level === EnforcementLevel.TOWN) return account.town ?? null;
  return account.level === EnforcementLevel.DISTRICT ? district : null;
}

/**
 * Refuses a TOWN regulator reading or recording (a patrol finding, a
 * complaint, an assistance request) about an enterprise of another town,
 * naming the enterprise; any enforcement level within its town is its area. Pure.
 */
export function assertInArea(viewer: Viewer, enterprise: { creditCode: string; town: string }, field?: ReadonlyArray<string | number>): void {
  const town = areaTown(viewer);
  if (town === undefined || town === enterprise.town) return;
  throw AccessError.forbidden(`Enterprise ${enterprise.creditCode} is in ${enterprise.town}: a TOWN regulator of ${town} may not act for it`, field);
}

/**
 * Plans belong to a level, and a TOWN plan to its town: drafting, approving
 * and publishing one is for regulators of that level (and town). Pure.
 */
export function assertPlanLevel(viewer: Viewer, level: EnforcementLevel, field?: ReadonlyArray<string | number>, town?: string | null): void {
  if (viewer.role !== Role.REGULATOR || !viewer.level) return;
  if (viewer.level !== level) throw AccessError.forbidden(`This is a ${level} plan: a ${viewer.level} regulator may not change it`, field);
  if (level === EnforcementLevel.TOWN && town === null) {
    // A TOWN plan made before plans named their town belongs to no town yet: nobody's, until named.
    throw new DomainError('PLAN_WITHOUT_TOWN', 'This TOWN plan was made before plans named their town: an administrator names it first (npm run plan-town -- --id <plan> --town <town>)', field);
  }
  if (level === EnforcementLevel.TOWN && town !== undefined && town !== viewer.town) {
    throw AccessError.forbidden(`This is the TOWN plan of ${town ?? 'no town'}: a TOWN regulator of ${viewer.town} may not change it`, field);
  }
}

/**
 * The town of a new plan: a TOWN plan names one (a TOWN regulator's is its own,
 * the default), a plan of another level none. Pure.
 */
export function newPlanTown(viewer: Viewer, level: EnforcementLevel, town: string | null | undefined, field: ReadonlyArray<string | number>): string | null {
  const named = town?.trim() || null;
  if (level !== EnforcementLevel.TOWN) {
    if (named) throw new DomainError(CommonCode.BAD_USER_INPUT, `A ${level} plan has no town`, field);
    return null;
  }
  const own = areaTown(viewer);
  if (own !== undefined && named && named !== own) throw AccessError.forbidden(`${named} is another town: a TOWN regulator of ${own} plans for ${own}`, field);
  const result = named ?? own ?? null;
  if (!result) throw new DomainError(CommonCode.BAD_USER_INPUT, 'A TOWN plan names its town', field);
  if ([...result].length > 100) throw new DomainError(CommonCode.BAD_USER_INPUT, 'A town has at most 100 characters', field);
  return result;
}

/** A regulator acts at its own level: it enforces, inspects and supervises as that level, never as another. Pure. */
export function assertActsAtLevel(viewer: Viewer, level: EnforcementLevel, field?: ReadonlyArray<string | number>): void {
  if (viewer.role !== Role.REGULATOR || !viewer.level || viewer.level === level) return;
  throw AccessError.forbidden(`A ${viewer.level} regulator acts at the ${viewer.level} level, not ${level}`, field);
}

/**
 * The register of an enterprise (its details, enforcement level and town, its warehouses, products,
 * batches and special-operation certificates) is kept by its enforcing level and the levels above it,
 * which assign enterprises to levels; a TOWN regulator keeps its own town's TOWN enterprises. A
 * refusal names `fields.level` when the level is above the regulator's, else `fields.town`. Pure.
 */
export function assertKeepsRegister(viewer: Viewer, enterprise: EnterpriseArea, fields: { level: ReadonlyArray<string | number>; town: ReadonlyArray<string | number> }): void {
  if (viewer.role !== Role.REGULATOR || !viewer.level) return;
  if (RANK[viewer.level] < RANK[enterprise.enforcementLevel]) {
    throw AccessError.forbidden(`Enterprise ${enterprise.creditCode} is (or would be) under the ${enterprise.enforcementLevel} level: a ${viewer.level} regulator does not keep its register`, fields.level);
  }
  if (viewer.level === EnforcementLevel.TOWN && viewer.town !== enterprise.town) {
    throw AccessError.forbidden(`Enterprise ${enterprise.creditCode} is (or would be) in ${enterprise.town}: a TOWN regulator of ${viewer.town} does not keep its register`, fields.town);
  }
}

/**
 * What holds for the whole deployment (one district): the item library and its compliance guides, the
 * admitted third parties, the working-day calendar, the log's witnesses, the jobs. DISTRICT and CITY
 * regulators keep it; a TOWN regulator's writes stay in its town. `field` names the mutation. Pure.
 */
export function assertDeploymentWide(viewer: Viewer, field: string): void {
  if (viewer.role !== Role.REGULATOR || viewer.level !== EnforcementLevel.TOWN) return;
  throw AccessError.forbidden(`${field} holds for the whole district: a TOWN regulator of ${viewer.town} may not change it`, [field]);
}

/**
 * What only the whole district's regulators read: records of the deployment that cross every town (the
 * partner departments' audit trail, the bureau's webhooks and their deliveries, job runs). A TOWN
 * regulator is refused naming the query `field`; it reads its own town through the other queries. Pure.
 */
export function assertReadsDeployment(viewer: Viewer, field: string): void {
  if (viewer.role !== Role.REGULATOR || viewer.level !== EnforcementLevel.TOWN) return;
  throw AccessError.forbidden(`${field} holds the whole district's records: a TOWN regulator of ${viewer.town} reads its own town's`, [field]);
}
