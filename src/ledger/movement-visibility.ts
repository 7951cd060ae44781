import { Mandate, viewerHolds } from '../access/mandates';
import { areaWhere, enterpriseScope } from '../access/policy';
import { Role, Viewer } from '../access/viewer';
import { AccessError } from '../shared/domain-error';
import { normalizeTraceCode } from '../proof/trace-code';
import { Direction, MovementReason } from './ledger.enums';

/**
 * The ledger entries a viewer may read, as MikroORM conditions on LedgerEntry
 * (to be and-ed): an enterprise its own chain, regulators all (or the chain
 * asked for; a TOWN regulator its town's chains), a partner department the rows of its mandate: controlled
 * chemicals (highly toxic or explosive precursors) or disposals. Every read of
 * entries (movements, EPCIS events) goes through here.
 */
export function visibleEntries(viewer: Viewer, enterprise?: string | null): Record<string, unknown>[] {
  const where: Record<string, unknown>[] = [];
  const own = enterpriseScope(viewer, enterprise);
  if (own) where.push({ chain: own });
  const area = areaWhere(viewer);
  if ('town' in area) where.push({ enterprise: area });
  if (viewer.role === Role.PARTNER) {
    const allowed: Record<string, unknown>[] = [];
    if (viewerHolds(viewer, Mandate.CONTROLLED_MOVEMENTS)) {
      allowed.push({ product: { chemical: { $or: [{ highlyToxic: true }, { explosivePrecursor: true }] } } });
    }
    if (viewerHolds(viewer, Mandate.DISPOSAL_MOVEMENTS)) allowed.push({ reason: MovementReason.DISPOSAL });
    if (allowed.length === 0) throw AccessError.forbidden(`Department ${viewer.department} holds no mandate over movements`);
    where.push({ $or: allowed });
  }
  return where;
}

/** What a list or a feed of movements may be narrowed by (the `movements` query's and `ledgerEntries` subscription's arguments). */
export interface MovementFilter {
  enterprise?: string | null;
  warehouse?: string | null;
  product?: string | null;
  batch?: string | null;
  reason?: MovementReason | null;
  direction?: Direction | null;
}

/** visibleEntries and the filter, as MikroORM conditions to be and-ed. */
export function movementConditions(viewer: Viewer, filter: MovementFilter): Record<string, unknown>[] {
  const where = visibleEntries(viewer, filter.enterprise);
  if (filter.warehouse) where.push({ warehouseCode: filter.warehouse });
  if (filter.product) where.push({ productCode: normalizeTraceCode(filter.product) });
  if (filter.batch) where.push({ batch: filter.batch });
  if (filter.reason) where.push({ reason: filter.reason });
  if (filter.direction) where.push({ direction: filter.direction });
  return where;
}
