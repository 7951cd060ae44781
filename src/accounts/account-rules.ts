import { Role } from '../access/viewer';
import { isValidCreditCode } from '../proof/credit-code';
import { EnforcementLevel } from '../registry/registry.enums';
import { AccountsError } from './accounts.errors';

/** The role and what it needs, as one user row holds them. */
export interface RoleFields {
  role: Role;
  level: EnforcementLevel | null;
  town: string | null;
  department: string | null;
  enterprise: string | null;
}

const LOGIN_NAME = /^[a-z0-9][a-z0-9._@-]{1,63}$/;

/** A login name as stored: trimmed, lower case, 2–64 of letters, digits and . _ @ -. Pure. */
export function normaliseLoginName(raw: string, field: ReadonlyArray<string | number> = ['input', 'loginName']): string {
  const name = raw.trim().toLowerCase();
  if (!LOGIN_NAME.test(name)) throw AccountsError.invalid(field, 'A login name has 2 to 64 letters, digits or . _ @ -, starting with a letter or digit');
  return name;
}

export function normaliseDisplayName(raw: string): string {
  const name = raw.trim();
  if (name === '' || [...name].length > 100) throw AccountsError.invalid(['input', 'displayName'], 'A display name has 1 to 100 characters');
  return name;
}

/**
 * Checks that the role has what it needs and nothing another role needs,
 * naming the field at fault (the same rule as the users table's CHECK). Pure.
 */
export function checkRoleFields(f: RoleFields): RoleFields {
  const foreign = (name: keyof RoleFields, value: unknown) => {
    if (value !== null) throw AccountsError.invalid(['input', name], `A ${f.role} user has no ${name}`);
  };
  const missing = (name: keyof RoleFields, why: string) => AccountsError.invalid(['input', name], why);
  const town = f.town?.trim() || null;
  switch (f.role) {
    case Role.ADMIN:
      foreign('level', f.level);
      foreign('town', town);
      foreign('department', f.department);
      foreign('enterprise', f.enterprise);
      break;
    case Role.REGULATOR:
      if (!f.level) throw missing('level', 'A REGULATOR user needs a level');
      if (f.level === EnforcementLevel.TOWN && !town) throw missing('town', 'A TOWN regulator needs its town');
      if (f.level !== EnforcementLevel.TOWN) foreign('town', town);
      foreign('department', f.department);
      foreign('enterprise', f.enterprise);
      break;
    case Role.PARTNER:
      if (!f.department) throw missing('department', 'A PARTNER user needs a department');
      foreign('level', f.level);
      foreign('town', town);
      foreign('enterprise', f.enterprise);
      break;
    case Role.ENTERPRISE:
      if (!f.enterprise) throw missing('enterprise', 'An ENTERPRISE user needs a credit code');
      if (!isValidCreditCode(f.enterprise)) throw AccountsError.invalid(['input', 'enterprise'], 'Not a valid credit code');
      foreign('level', f.level);
      foreign('town', town);
      foreign('department', f.department);
      break;
  }
  return { ...f, town };
}
