import { Mandate, viewerHolds } from '../access/mandates';
import { areaWhere, enterpriseScope } from '../access/policy';
import { Role, Viewer } from '../access/viewer';
import { isValidCreditCode } from '../proof/credit-code';
import { AccessError } from '../shared/domain-error';
import { NotificationAudience, NotificationKind } from './supervision.enums';
import { SupervisionError } from './supervision.errors';

export interface NotificationFilter {
  enterprise?: string | null;
  kind?: NotificationKind | null;
}

/** What a partner holding MAJOR_HAZARD is told: a warehouse becoming, or ceasing to be, a major hazard installation. */
const MAJOR_HAZARD_KINDS = [NotificationKind.MAJOR_HAZARD_IDENTIFIED, NotificationKind.MAJOR_HAZARD_CLEARED];

/**
 * The notices a viewer may read, as MikroORM conditions on Notification:
 * regulators every notice (a TOWN regulator those about its town's
 * enterprises, and the deployment's own, about none); an enterprise the notices addressed to it; a
 * partner department holding MAJOR_HAZARD (fire rescue) the bureau's
 * major-hazard notices. The `notifications` query, its subscription and
 * notification webhooks all read through here.
 */
export function notificationConditions(viewer: Viewer, filter: NotificationFilter): Record<string, unknown> {
  if (filter.enterprise && !isValidCreditCode(filter.enterprise)) throw SupervisionError.invalid(['enterprise'], 'Not a valid credit code');
  const where: Record<string, unknown> = {};
  const own = enterpriseScope(viewer, filter.enterprise);
  if (own) where.enterprise = { creditCode: own };
  const area = areaWhere(viewer);
  if ('town' in area) {
    if (own) where.enterprise = { creditCode: own, ...area };
    else where.$or = [{ enterprise: area }, { enterprise: null }];
  }
  if (viewer.role === Role.ENTERPRISE) where.audience = NotificationAudience.ENTERPRISE;
  if (viewer.role === Role.PARTNER) {
    if (!viewerHolds(viewer, Mandate.MAJOR_HAZARD)) throw AccessError.forbidden(`Department ${viewer.department} reads no notifications`);
    where.audience = NotificationAudience.REGULATORS;
    where.kind = filter.kind && !MAJOR_HAZARD_KINDS.includes(filter.kind) ? { $in: [] } : (filter.kind ?? { $in: MAJOR_HAZARD_KINDS });
  } else if (filter.kind) {
    where.kind = filter.kind;
  }
  return where;
}
