import { EnforcementLevel } from '../registry/registry.enums';
import { AccessError } from '../shared/domain-error';
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
 * and a regulator token without a level (`npm run token` without --level, for scripts) are not
 * bounded. Pure.
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

/** Plans belong to a level: drafting, approving and publishing one is for regulators of that level. Pure. */
export function assertPlanLevel(viewer: Viewer, level: EnforcementLevel, field?: ReadonlyArray<string | number>): void {
  if (viewer.role !== Role.REGULATOR || !viewer.level || viewer.level === level) return;
  throw AccessError.forbidden(`This is a ${level} plan: a ${viewer.level} regulator may not change it`, field);
}

/** A regulator acts at its own level: it enforces, inspects and supervises as that level, never as another. Pure. */
export function assertActsAtLevel(viewer: Viewer, level: EnforcementLevel, field?: ReadonlyArray<string | number>): void {
  if (viewer.role !== Role.REGULATOR || !viewer.level || viewer.level === level) return;
  throw AccessError.forbidden(`A ${viewer.level} regulator acts at the ${viewer.level} level, not ${level}`, field);
}
