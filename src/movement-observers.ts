import { MovementObserver } from './ledger/movement-observer';
import { LicenceChecker } from './licensing/licence-checker';
import { TraceabilityChecker } from './licensing/traceability-checker';

/** Who the ledger tells about appended movements, composed here so the ledger imports no other domain. */
export const movementObservers: MovementObserver[] = [new LicenceChecker(), new TraceabilityChecker()];
