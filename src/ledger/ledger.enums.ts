import { registerEnumType } from 'type-graphql';

export enum Direction {
  IN = 'IN',
  OUT = 'OUT',
}

/** Reasons of both directions; CORRECTION is both. Which fit which direction: proof/canonical-entry.ts. */
export enum MovementReason {
  PRODUCTION = 'PRODUCTION',
  PURCHASE = 'PURCHASE',
  TRANSFER_IN = 'TRANSFER_IN',
  RETURN_IN = 'RETURN_IN',
  IMPORT = 'IMPORT',
  SALE = 'SALE',
  TRANSFER_OUT = 'TRANSFER_OUT',
  CONSUMPTION = 'CONSUMPTION',
  DISPOSAL = 'DISPOSAL',
  RETURN_OUT = 'RETURN_OUT',
  EXPORT = 'EXPORT',
  CORRECTION = 'CORRECTION',
}

export enum TraceDirection {
  UPSTREAM = 'UPSTREAM',
  DOWNSTREAM = 'DOWNSTREAM',
  BOTH = 'BOTH',
}

export enum ShipmentSide {
  SENT = 'SENT',
  AWAITED = 'AWAITED',
  BOTH = 'BOTH',
}

export enum TraceEdgeKind {
  SHIPMENT = 'SHIPMENT',
  PRODUCTION = 'PRODUCTION',
}

registerEnumType(Direction, { name: 'Direction', description: 'IN adds to a balance, OUT takes from it' });
registerEnumType(MovementReason, {
  name: 'MovementReason',
  description: 'IN: PRODUCTION, PURCHASE, TRANSFER_IN, RETURN_IN, IMPORT, CORRECTION; OUT: SALE, TRANSFER_OUT, CONSUMPTION, DISPOSAL, RETURN_OUT, EXPORT, CORRECTION',
});
registerEnumType(TraceDirection, { name: 'TraceDirection' });
registerEnumType(ShipmentSide, { name: 'ShipmentSide', description: 'SENT: shipments the enterprise sent; AWAITED: shipments to it' });
registerEnumType(TraceEdgeKind, { name: 'TraceEdgeKind' });
