import { EntityManager } from '@mikro-orm/postgresql';
import { withMandates } from '../access/departments.service';
import { isRegulator, Role, Viewer } from '../access/viewer';
import { AccessError } from '../shared/domain-error';
import { WebhookSubscription } from './webhook-subscription.entity';

type Owner = Pick<WebhookSubscription, 'ownerRole' | 'ownerEnterprise' | 'ownerDepartment'>;

/** The organisation a caller registers webhooks for: its enterprise, its department, or the bureau. */
export function ownerOf(viewer: Viewer): Owner {
  if (viewer.role === null) throw AccessError.unauthenticated();
  if (viewer.role === Role.ENTERPRISE) return { ownerRole: Role.ENTERPRISE, ownerEnterprise: viewer.enterprise, ownerDepartment: null };
  if (viewer.role === Role.PARTNER) return { ownerRole: Role.PARTNER, ownerEnterprise: null, ownerDepartment: viewer.department };
  if (isRegulator(viewer)) return { ownerRole: Role.REGULATOR, ownerEnterprise: null, ownerDepartment: null };
  throw AccessError.forbidden('This token may not register webhooks');
}

/** The webhooks of the caller's organisation, as conditions on WebhookSubscription. */
export function ownedBy(viewer: Viewer): Record<string, unknown> {
  const owner = ownerOf(viewer);
  return { ownerRole: owner.ownerRole, ownerEnterprise: owner.ownerEnterprise, ownerDepartment: owner.ownerDepartment };
}

/**
 * Whom a webhook reads as, at every delivery: its owner organisation with the
 * rights it holds now (an enterprise its own chain, a department its mandate
 * today, as the department table holds it), never more than its registering user had.
 */
export async function ownerViewer(em: EntityManager, webhook: Owner & { id: string }): Promise<Viewer> {
  const subject = `webhook:${webhook.id}`;
  switch (webhook.ownerRole) {
    case Role.ENTERPRISE:
      return { role: Role.ENTERPRISE, subject, enterprise: webhook.ownerEnterprise! };
    case Role.PARTNER:
      // Refused (a DomainError) once the department is deactivated.
      return withMandates(em, { role: Role.PARTNER, subject, department: webhook.ownerDepartment!, mandates: [] });
    default:
      return { role: Role.REGULATOR, subject };
  }
}
