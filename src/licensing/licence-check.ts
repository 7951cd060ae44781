import { LICENCE_COVERS } from './licence-activities';
import { licenceStatus, StatePoint, stateAt } from './licence-status';
import { Activity, AlertCode, LicenceStatus, LicenceType } from './licensing.enums';
import { shanghaiDate } from '../shared/shanghai-calendar';

/** A licence as the checks see it: its dates, its history of states and its scope with the instant each item entered it. */
export interface LicenceView {
  id: string;
  type: LicenceType;
  number: string | null;
  validFrom: string | null;
  validUntil: string | null;
  events: readonly StatePoint[];
  scope: readonly { chemicalSerial: number; storageAllowed: boolean; addedAt: Date }[];
}

export type CheckResult =
  | { ok: true; licenceId: string }
  | { ok: false; code: AlertCode; licenceId: string | null; message: string };

/**
 * Whether `licences` (one holder's) permitted `activity` on catalogue chemical
 * `serial` at instant `at`, replaying each licence's state at that instant:
 * a VALID licence of a type covering the activity, whose scope held the
 * chemical then (and storage, for STORAGE). Otherwise the most telling
 * failure: OUT_OF_SCOPE when a covering licence was in force, else
 * LICENCE_EXPIRED, else LICENCE_INVALID (suspended, revoked, cancelled), else
 * LICENCE_MISSING. Pure.
 */
export function checkActivity(licences: readonly LicenceView[], activity: Activity, serial: number, at: Date): CheckResult {
  const covering: { l: LicenceView; status: LicenceStatus }[] = [];
  for (const l of licences) {
    if (!LICENCE_COVERS[l.type].includes(activity)) continue;
    const state = stateAt(l.events, at);
    if (state !== null) covering.push({ l, status: licenceStatus(state, l.validFrom, l.validUntil, at) });
  }
  const inForce = covering.filter((c) => c.status === LicenceStatus.VALID);
  const item = (l: LicenceView) => l.scope.find((s) => s.chemicalSerial === serial && s.addedAt.getTime() <= at.getTime());
  for (const { l } of inForce) {
    const found = item(l);
    if (found && (activity !== Activity.STORAGE || found.storageAllowed)) return { ok: true, licenceId: l.id };
  }
  // Only a refusal's message names the day: most checks pass, once for every entry of every submission.
  const day = shanghaiDate(at);
  if (inForce.length > 0) {
    const withChemical = inForce.find((c) => item(c.l));
    const l = (withChemical ?? inForce[0]).l;
    const why = withChemical
      ? `permits chemical ${serial} without storage`
      : `does not include chemical ${serial} in its scope`;
    return { ok: false, code: AlertCode.OUT_OF_SCOPE, licenceId: l.id, message: `${activity}: licence ${l.number ?? l.id} ${why} on ${day}` };
  }
  const expired = covering.filter((c) => c.status === LicenceStatus.EXPIRED).sort((a, b) => (b.l.validUntil ?? '').localeCompare(a.l.validUntil ?? ''));
  if (expired.length > 0) {
    const l = expired[0].l;
    return { ok: false, code: AlertCode.LICENCE_EXPIRED, licenceId: l.id, message: `${activity}: licence ${l.number ?? l.id} expired on ${l.validUntil}, before ${day}` };
  }
  const invalid = covering.find((c) => c.status === LicenceStatus.SUSPENDED || c.status === LicenceStatus.REVOKED || c.status === LicenceStatus.CANCELLED);
  if (invalid) {
    return {
      ok: false,
      code: AlertCode.LICENCE_INVALID,
      licenceId: invalid.l.id,
      message: `${activity}: licence ${invalid.l.number ?? invalid.l.id} was ${invalid.status} on ${day}`,
    };
  }
  return { ok: false, code: AlertCode.LICENCE_MISSING, licenceId: null, message: `${activity}: no licence covering it was in force on ${day}` };
}
