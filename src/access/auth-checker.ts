import { AuthCheckerInterface, ResolverData } from 'type-graphql';
import { AccessError } from '../shared/domain-error';
import type { Context } from '../graphql/context';
import { mandateOfRule, viewerHolds } from './mandates';
import { Role, Viewer } from './viewer';

/**
 * The one place that reads `@Authorized(...)` rules. A rule is a role name
 * (ADMIN always passes) or `mandate:<M>` for partner departments holding M.
 * No rules: any authenticated caller. Refusals throw, so the code is ours:
 * UNAUTHENTICATED for anonymous callers, FORBIDDEN naming the field otherwise.
 */
export class AuthChecker implements AuthCheckerInterface<Context> {
  check({ context, info }: ResolverData<Context>, rules: string[]): boolean {
    const { viewer } = context;
    if (viewer.role === null) throw AccessError.unauthenticated();
    if (rulesAllow(viewer, rules)) return true;
    const field = `${info.parentType.name}.${info.fieldName}`;
    throw AccessError.forbidden(`${describe(viewer.role, context)} may not read ${field}`, [field]);
  }
}

/** Whether `viewer` passes a field's `@Authorized` rules (the check above, without the refusal). */
export function rulesAllow(viewer: Viewer, rules: string[]): boolean {
  if (viewer.role === null) return false;
  if (rules.length === 0 || viewer.role === Role.ADMIN) return true;
  for (const rule of rules) {
    if (rule === viewer.role) return true;
    const m = mandateOfRule(rule);
    if (m && viewerHolds(viewer, m)) return true;
  }
  return false;
}

/** What rulesAllow's answers depend on: the role, and a partner's mandates (which the bureau may change). */
export function rulesIdentity(viewer: Viewer): string {
  return viewer.role === Role.PARTNER ? `${viewer.role}:${[...viewer.mandates].sort().join(',')}` : String(viewer.role);
}

function describe(role: Role, context: Context): string {
  return context.viewer.role === Role.PARTNER ? `Department ${context.viewer.department}` : `Role ${role}`;
}
