import { LicenceEventType, LicenceState } from './licensing.enums';

export interface Transition {
  /** Stored states the event may start from. */
  from: readonly LicenceState[];
  /** The state after, or null: unchanged. */
  to: LicenceState | null;
  /** Whether a licence past its validUntil may still take the event. */
  whenExpired: boolean;
}

/**
 * The lifecycle as a table (docs/licensing.md draws it). APPLIED creates the
 * licence and has no row. Pure.
 */
export const TRANSITIONS: Readonly<Record<Exclude<LicenceEventType, LicenceEventType.APPLIED>, Transition>> = {
  [LicenceEventType.ISSUED]: { from: [LicenceState.PENDING], to: LicenceState.VALID, whenExpired: false },
  [LicenceEventType.REFUSED]: { from: [LicenceState.PENDING], to: LicenceState.REFUSED, whenExpired: false },
  [LicenceEventType.CHANGED]: { from: [LicenceState.VALID, LicenceState.SUSPENDED], to: null, whenExpired: false },
  [LicenceEventType.SCOPE_ADDED]: { from: [LicenceState.VALID], to: null, whenExpired: false },
  [LicenceEventType.REISSUED]: { from: [LicenceState.VALID, LicenceState.SUSPENDED], to: null, whenExpired: false },
  [LicenceEventType.SUSPENDED]: { from: [LicenceState.VALID], to: LicenceState.SUSPENDED, whenExpired: false },
  [LicenceEventType.REINSTATED]: { from: [LicenceState.SUSPENDED], to: LicenceState.VALID, whenExpired: false },
  [LicenceEventType.REVOKED]: { from: [LicenceState.VALID, LicenceState.SUSPENDED], to: LicenceState.REVOKED, whenExpired: false },
  [LicenceEventType.CANCELLED]: { from: [LicenceState.VALID, LicenceState.SUSPENDED], to: LicenceState.CANCELLED, whenExpired: true },
};
