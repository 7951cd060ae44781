import { LicenceState, LicenceStatus } from './licensing.enums';
import { shanghaiDate } from '../shared/shanghai-calendar';

/**
 * The status of a licence at an instant, from its lifecycle state and its
 * validity dates: EXPIRED after `validUntil` (a VALID or SUSPENDED licence),
 * PENDING before `validFrom`. Pure: supervision's expiry reminders and the
 * ledger checks both read it.
 */
export function licenceStatus(
  state: LicenceState,
  validFrom: string | null | undefined,
  validUntil: string | null | undefined,
  at: Date,
): LicenceStatus {
  if (state === LicenceState.VALID || state === LicenceState.SUSPENDED) {
    const today = shanghaiDate(at);
    if (validUntil && today > validUntil) return LicenceStatus.EXPIRED;
    if (state === LicenceState.VALID && validFrom && today < validFrom) return LicenceStatus.PENDING;
  }
  return state as unknown as LicenceStatus;
}

export interface StatePoint {
  /** Sequence within the licence: ties of `occurredAt` are broken by it. */
  id: string;
  occurredAt: Date;
  stateAfter: LicenceState;
}

/** The lifecycle state at an instant, replayed from the events; null before the application. */
export function stateAt(events: readonly StatePoint[], at: Date): LicenceState | null {
  let current: StatePoint | null = null;
  for (const event of events) {
    if (event.occurredAt.getTime() > at.getTime()) continue;
    if (
      current === null ||
      event.occurredAt.getTime() > current.occurredAt.getTime() ||
      (event.occurredAt.getTime() === current.occurredAt.getTime() && BigInt(event.id) > BigInt(current.id))
    ) {
      current = event;
    }
  }
  return current?.stateAfter ?? null;
}
