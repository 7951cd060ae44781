import { Mandate, viewerHolds } from '../access/mandates';
import { enterpriseWhere } from '../access/policy';
import { isRegulator, Role, Viewer } from '../access/viewer';
import { isValidCreditCode } from '../proof/credit-code';
import { AccessError } from '../shared/domain-error';
import { LICENCE_CHECK_CODES } from './licensing.enums';
import { LicensingError } from './licensing.errors';
import { AlertFilter } from './licensing.inputs';

/**
 * The alerts a viewer may read, as MikroORM conditions on Alert: regulators
 * every alert; an enterprise its own licence-check alerts; a partner department
 * holding LICENCES the licence-check alerts. A broken chain (CRITICAL) is the
 * bureau's matter, as its notice is; a TOWN regulator reads its town's. The `alerts` query, its subscription and
 * alert webhooks all read through here.
 */
export function alertConditions(viewer: Viewer, filter: AlertFilter): Record<string, unknown> {
  if (filter.enterprise && !isValidCreditCode(filter.enterprise)) {
    throw LicensingError.invalid(['enterprise'], `"${filter.enterprise}" is not a valid credit code`);
  }
  if (viewer.role === Role.PARTNER && !viewerHolds(viewer, Mandate.LICENCES)) {
    throw AccessError.forbidden(`Department ${viewer.department} holds no mandate over licence alerts`);
  }
  const where: Record<string, unknown> = {};
  // A TOWN regulator's alerts are its town's.
  const enterprise = enterpriseWhere(viewer, filter.enterprise);
  if (enterprise) where.enterprise = enterprise;
  if (filter.status) where.status = filter.status;
  if (filter.severity) where.severity = filter.severity;
  const visible = isRegulator(viewer) ? null : LICENCE_CHECK_CODES;
  if (filter.code) where.code = visible && !visible.includes(filter.code) ? { $in: [] } : filter.code;
  else if (visible) where.code = { $in: visible };
  return where;
}
