import { Role, Viewer } from '../access/viewer';
import { AccessError } from '../shared/domain-error';

/** Who may list, read, create and change accounts. */
export function assertUserAdministration(viewer: Viewer): void {
  if (viewer.role === null) throw AccessError.unauthenticated();
  if (viewer.role !== Role.ADMIN) throw AccessError.forbidden('Only an administrator manages accounts');
}
