import { departmentHolds, Mandate } from '../access/mandates';
import { enterpriseScope } from '../access/policy';
import { Role, Viewer } from '../access/viewer';
import { AccessError } from '../shared/domain-error';
import { MovementReason } from './ledger.enums';

/**
 * The ledger entries a viewer may read, as MikroORM conditions on LedgerEntry
 * (to be and-ed): an enterprise its own chain, regulators all (or the chain
 * asked for), a partner department the rows of its mandate: controlled
 * chemicals (highly toxic or explosive precursors) or disposals. Every read of
 * entries (movements, EPCIS events) goes through here.
 */
export function visibleEntries(viewer: Viewer, enterprise?: string | null): Record<string, unknown>[] {
  const where: Record<string, unknown>[] = [];
  const own = enterpriseScope(viewer, enterprise);
  if (own) where.push({ chain: own });
  if (viewer.role === Role.PARTNER) {
    const allowed: Record<string, unknown>[] = [];
    if (departmentHolds(viewer.department, Mandate.CONTROLLED_MOVEMENTS)) {
      allowed.push({ product: { chemical: { $or: [{ highlyToxic: true }, { explosivePrecursor: true }] } } });
    }
    if (departmentHolds(viewer.department, Mandate.DISPOSAL_MOVEMENTS)) allowed.push({ reason: MovementReason.DISPOSAL });
    if (allowed.length === 0) throw AccessError.forbidden(`Department ${viewer.department} holds no mandate over movements`);
    where.push({ $or: allowed });
  }
  return where;
}
