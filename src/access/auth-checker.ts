import { AuthCheckerInterface, ResolverData } from 'type-graphql';
import { AccessError } from '../shared/domain-error';
import type { Context } from '../graphql/context';
import { departmentHolds, mandateOfRule } from './mandates';
import { Role } from './viewer';

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
    if (rules.length === 0 || viewer.role === Role.ADMIN) return true;
    for (const rule of rules) {
      if (rule === viewer.role) return true;
      const m = mandateOfRule(rule);
      if (m && viewer.role === Role.PARTNER && departmentHolds(viewer.department, m)) return true;
    }
    const field = `${info.parentType.name}.${info.fieldName}`;
    throw AccessError.forbidden(`${describe(viewer.role, context)} may not read ${field}`, [field]);
  }
}

function describe(role: Role, context: Context): string {
  return context.viewer.role === Role.PARTNER ? `Department ${context.viewer.department}` : `Role ${role}`;
}
