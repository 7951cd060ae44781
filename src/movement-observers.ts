import { Config } from './config';
import { MovementObserver } from './ledger/movement-observer';
import { LicenceChecker } from './licensing/licence-checker';
import { TraceabilityChecker } from './licensing/traceability-checker';

/** Who the ledger tells about appended movements, composed here so the ledger imports no other domain; the checks' limits are configuration. */
export function movementObservers(config: Pick<Config, 'overCapacityTolerance'>): MovementObserver[] {
  return [new LicenceChecker(), new TraceabilityChecker({ overCapacityTolerance: config.overCapacityTolerance })];
}
