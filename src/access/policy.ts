import { AccessError } from '../shared/domain-error';
import { areaTown, assertInArea } from './jurisdiction';
import { isRegulator, Role, Viewer } from './viewer';

/** Regulators read every enterprise; an enterprise only itself. Partners are checked by mandate, elsewhere. */
export function assertCanReadEnterprise(viewer: Viewer, creditCode: string): void {
  if (viewer.role === null) throw AccessError.unauthenticated();
  if (isRegulator(viewer) || viewer.role === Role.PARTNER) return;
  if (viewer.role === Role.ENTERPRISE && viewer.enterprise === creditCode) return;
  throw AccessError.forbidden(`This token may not read enterprise ${creditCode}`);
}

/** As assertCanReadEnterprise, for an enterprise at hand: a TOWN regulator reads only its town's. */
export function assertCanReadEnterpriseRow(viewer: Viewer, enterprise: { creditCode: string; town: string }, field?: ReadonlyArray<string | number>): void {
  assertCanReadEnterprise(viewer, enterprise.creditCode);
  assertInArea(viewer, enterprise, field);
}

/** What a list's enterprises must match for the viewer's area: a TOWN regulator's town, or nothing. */
export function areaWhere(viewer: Viewer): { town: string } | Record<string, never> {
  const town = areaTown(viewer);
  return town === undefined ? {} : { town };
}

export function assertRegulator(viewer: Viewer): void {
  if (viewer.role === null) throw AccessError.unauthenticated();
  if (!isRegulator(viewer)) throw AccessError.forbidden('Only a regulator may do this');
}

/** The enterprise an ENTERPRISE token is bound to; anyone else is refused. */
export function requireEnterprise(viewer: Viewer): string {
  if (viewer.role === null) throw AccessError.unauthenticated();
  if (viewer.role !== Role.ENTERPRISE) throw AccessError.forbidden('Only an enterprise token may do this');
  return viewer.enterprise;
}

/**
 * The condition a list puts on its rows' enterprise for the viewer: an enterprise its own, a TOWN
 * regulator its town's (naming another town's enterprise finds none, as a `town` filter does), anyone
 * else the one named; undefined when nothing bounds the list.
 */
export function enterpriseWhere(viewer: Viewer, requested?: string | null): { creditCode?: string; town?: string } | undefined {
  const own = enterpriseScope(viewer, requested);
  const area = areaWhere(viewer);
  if (!own && !('town' in area)) return undefined;
  return { ...(own ? { creditCode: own } : {}), ...area };
}

/** Restricts a list to what the viewer may see: an enterprise its own rows, others everything. */
export function enterpriseScope(viewer: Viewer, requested?: string | null): string | undefined {
  if (viewer.role === Role.ENTERPRISE) {
    if (requested && requested !== viewer.enterprise) {
      throw AccessError.forbidden(`This token may not read enterprise ${requested}`);
    }
    return viewer.enterprise;
  }
  if (viewer.role === null) throw AccessError.unauthenticated();
  return requested ?? undefined;
}
