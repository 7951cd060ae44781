import { registerEnumType } from 'type-graphql';
import { EnforcementLevel } from '../registry/registry.enums';
import type { Mandate } from './mandates';

/** Who is calling: decoded from the Bearer token, or anonymous. */
export enum Role {
  ADMIN = 'ADMIN',
  REGULATOR = 'REGULATOR',
  PARTNER = 'PARTNER',
  ENTERPRISE = 'ENTERPRISE',
}
registerEnumType(Role, { name: 'Role', description: 'What a user or token acts as' });


/** Who stands behind a token: a signed-in user (its id) or an API key (its id); neither for `npm run token` tokens. */
export interface Principal {
  user?: string;
  key?: string;
}

export type Viewer =
  | { role: null; subject: null }
  | ({ role: Role.ADMIN; subject: string } & Principal)
  | ({ role: Role.REGULATOR; subject: string; level?: EnforcementLevel; town?: string } & Principal)
  /** `department` is a code of the department table; `mandates` what it held when the request was authenticated. */
  | ({ role: Role.PARTNER; subject: string; department: string; mandates: readonly Mandate[] } & Principal)
  | ({ role: Role.ENTERPRISE; subject: string; enterprise: string } & Principal);

export const ANONYMOUS: Viewer = { role: null, subject: null };

export function isRegulator(viewer: Viewer): boolean {
  return viewer.role === Role.ADMIN || viewer.role === Role.REGULATOR;
}

/** A short label for logs and the audit trail. */
export function describeViewer(viewer: Viewer): string {
  switch (viewer.role) {
    case null:
      return 'anonymous';
    case Role.PARTNER:
      return `${viewer.role}:${viewer.department}:${viewer.subject}`;
    case Role.ENTERPRISE:
      return `${viewer.role}:${viewer.enterprise}:${viewer.subject}`;
    default:
      return `${viewer.role}:${viewer.subject}`;
  }
}

declare module '../graphql/context' {
  interface Context {
    viewer: Viewer;
  }
}
