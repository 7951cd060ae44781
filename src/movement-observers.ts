import { MovementObserver } from './ledger/movement-observer';

/** Who the ledger tells about appended movements, composed here so the ledger imports no other domain. */
export const movementObservers: MovementObserver[] = [];
