import { AccessError } from '../shared/domain-error';
import { isRegulator, Role, Viewer } from './viewer';

/** Regulators read every enterprise; an enterprise only itself. Partners are checked by mandate, elsewhere. */
export function assertCanReadEnterprise(viewer: Viewer, creditCode: string): void {
  if (viewer.role === null) throw AccessError.unauthenticated();
  if (isRegulator(viewer) || viewer.role === Role.PARTNER) return;
  if (viewer.role === Role.ENTERPRISE && viewer.enterprise === creditCode) return;
  throw AccessError.forbidden(`This token may not read enterprise ${creditCode}`);
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
