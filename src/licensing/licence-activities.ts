import { Activity, LicenceType } from './licensing.enums';

/**
 * Which activities each licence type covers, for the chemicals of its scope;
 * STORAGE only where the scope item allows storage. Pure; docs/licensing.md
 * gives the reasons.
 */
export const LICENCE_COVERS: Readonly<Record<LicenceType, readonly Activity[]>> = {
  [LicenceType.HAZCHEM_BUSINESS]: [Activity.TRADE, Activity.PURCHASE, Activity.STORAGE],
  [LicenceType.SAFETY_PRODUCTION]: [Activity.PRODUCTION, Activity.USE, Activity.TRADE, Activity.PURCHASE, Activity.STORAGE],
  [LicenceType.SAFE_USE]: [Activity.USE, Activity.PURCHASE, Activity.STORAGE],
  [LicenceType.HIGHLY_TOXIC_PURCHASE]: [Activity.PURCHASE],
};

export function typesCovering(activity: Activity): LicenceType[] {
  return (Object.keys(LICENCE_COVERS) as LicenceType[]).filter((type) => LICENCE_COVERS[type].includes(activity));
}

export interface MovementShape {
  chain: string;
  direction: 'IN' | 'OUT';
  reason: string;
  counterparty: string | null;
}

/**
 * The activities a movement needs licences for, by its reason. A CORRECTION
 * reverses an entry already checked; RETURN_OUT and DISPOSAL hand goods back
 * or to a waste handler (another licence regime, ecology's); TRANSFER_OUT
 * between one enterprise's own warehouses is no trade.
 */
export function activitiesOf(movement: MovementShape): Activity[] {
  const own = movement.counterparty === null || movement.counterparty === movement.chain;
  switch (movement.reason) {
    case 'PRODUCTION':
      return [Activity.PRODUCTION, Activity.STORAGE];
    case 'PURCHASE':
    case 'IMPORT':
      return [Activity.PURCHASE, Activity.STORAGE];
    case 'TRANSFER_IN':
    case 'RETURN_IN':
      return [Activity.STORAGE];
    case 'SALE':
    case 'EXPORT':
      return [Activity.TRADE];
    case 'TRANSFER_OUT':
      return own ? [] : [Activity.TRADE];
    case 'CONSUMPTION':
      return [Activity.USE];
    default:
      return [];
  }
}

/** A SALE of a highly toxic or explosive-precursor chemical: the buyer must hold a valid licence for it. */
export function needsBuyerLicence(movement: MovementShape, chemical: { highlyToxic: boolean; explosivePrecursor: boolean }): boolean {
  return movement.reason === 'SALE' && (chemical.highlyToxic || chemical.explosivePrecursor);
}
