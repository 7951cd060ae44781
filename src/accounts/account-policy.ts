import { Role, Viewer } from '../access/viewer';
import { EnforcementLevel } from '../registry/registry.enums';
import { AccessError, FieldPath as Field } from '../shared/domain-error';

const BELOW: Record<EnforcementLevel, EnforcementLevel[]> = {
  [EnforcementLevel.CITY]: [EnforcementLevel.CITY, EnforcementLevel.DISTRICT, EnforcementLevel.TOWN],
  [EnforcementLevel.DISTRICT]: [EnforcementLevel.DISTRICT, EnforcementLevel.TOWN],
  [EnforcementLevel.TOWN]: [EnforcementLevel.TOWN],
};

/**
 * Who may list, read, create and change accounts, and which: an administrator
 * every account (null); a CITY or DISTRICT regulator's account the regulators
 * of its own level and below and the users of enterprises enforced at those
 * levels (the levels returned). Anyone else is refused. Pure.
 */
export function managedLevels(viewer: Viewer): EnforcementLevel[] | null {
  if (viewer.role === null) throw AccessError.unauthenticated();
  if (viewer.role === Role.ADMIN) return null;
  // A signed-in CITY or DISTRICT regulator; a TOWN one, or a script token with no account behind it, manages none.
  if (viewer.role === Role.REGULATOR && viewer.user && viewer.level && viewer.level !== EnforcementLevel.TOWN) return BELOW[viewer.level];
  throw AccessError.forbidden('Only an administrator, or a CITY or DISTRICT regulator for its level and below, manages accounts');
}

/** What decides whether an account is managed: its role, a regulator's level, an enterprise user's enterprise's level. */
export interface ManagedAccount {
  role: Role;
  level: EnforcementLevel | null;
  enterpriseLevel: EnforcementLevel | null;
}

/** Refuses an account (as it is, or as it would become) outside what the viewer manages, naming the field at fault. Pure. */
export function assertManages(viewer: Viewer, levels: EnforcementLevel[] | null, account: ManagedAccount, fields: { role: Field; level: Field; enterprise: Field }): void {
  if (levels === null) return;
  const who = viewer.role === Role.REGULATOR ? `A ${viewer.level} regulator` : 'This token';
  if (account.role === Role.REGULATOR && !levels.includes(account.level!)) throw AccessError.forbidden(`${who} does not manage ${account.level} regulators' accounts`, fields.level);
  if (account.role === Role.ENTERPRISE && !levels.includes(account.enterpriseLevel!)) {
    throw AccessError.forbidden(`${who} does not manage the accounts of an enterprise enforced at the ${account.enterpriseLevel} level`, fields.enterprise);
  }
  if (account.role !== Role.REGULATOR && account.role !== Role.ENTERPRISE) throw AccessError.forbidden(`${who} does not manage ${account.role} accounts: an administrator does`, fields.role);
}

/** Sign-ins and account events span every account: administrators only. */
export function assertUserAdministration(viewer: Viewer): void {
  if (viewer.role === null) throw AccessError.unauthenticated();
  if (viewer.role !== Role.ADMIN) throw AccessError.forbidden('Only an administrator reads the account logs');
}
