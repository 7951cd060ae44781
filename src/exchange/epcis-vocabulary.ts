import { Direction, MovementReason } from '../ledger/ledger.enums';
import { Unit } from '../registry/registry.enums';

/**
 * How each ledger reason reads in EPCIS 2.0 with CBV 2.0 words (docs/epcis.md
 * holds the same table). Every (eventType, bizStep, disposition, action) is
 * distinct, so a captured event names one reason; the ledger's direction
 * follows from the reason, except for CORRECTION, whose action says it
 * (ADD: an IN correction, DELETE: an OUT one).
 */
export interface EpcisReading {
  reason: MovementReason;
  direction: Direction;
  eventType: 'ObjectEvent' | 'TransformationEvent';
  /** Absent on a TransformationEvent. */
  action?: 'OBSERVE' | 'ADD' | 'DELETE';
  bizStep: string;
  disposition?: string;
}

const { IN, OUT } = Direction;
const R = MovementReason;

export const EPCIS_READINGS: readonly EpcisReading[] = [
  { reason: R.PRODUCTION, direction: IN, eventType: 'TransformationEvent', bizStep: 'creating_class_instance', disposition: 'active' },
  { reason: R.PURCHASE, direction: IN, eventType: 'ObjectEvent', action: 'OBSERVE', bizStep: 'receiving', disposition: 'in_progress' },
  { reason: R.TRANSFER_IN, direction: IN, eventType: 'ObjectEvent', action: 'OBSERVE', bizStep: 'arriving', disposition: 'in_progress' },
  { reason: R.RETURN_IN, direction: IN, eventType: 'ObjectEvent', action: 'OBSERVE', bizStep: 'receiving', disposition: 'returned' },
  { reason: R.IMPORT, direction: IN, eventType: 'ObjectEvent', action: 'OBSERVE', bizStep: 'entering_exiting', disposition: 'in_progress' },
  { reason: R.SALE, direction: OUT, eventType: 'ObjectEvent', action: 'OBSERVE', bizStep: 'shipping', disposition: 'in_transit' },
  { reason: R.TRANSFER_OUT, direction: OUT, eventType: 'ObjectEvent', action: 'OBSERVE', bizStep: 'departing', disposition: 'in_transit' },
  { reason: R.CONSUMPTION, direction: OUT, eventType: 'ObjectEvent', action: 'DELETE', bizStep: 'dispensing', disposition: 'dispensed' },
  { reason: R.DISPOSAL, direction: OUT, eventType: 'ObjectEvent', action: 'DELETE', bizStep: 'destroying', disposition: 'destroyed' },
  { reason: R.RETURN_OUT, direction: OUT, eventType: 'ObjectEvent', action: 'OBSERVE', bizStep: 'shipping', disposition: 'returned' },
  { reason: R.EXPORT, direction: OUT, eventType: 'ObjectEvent', action: 'OBSERVE', bizStep: 'entering_exiting', disposition: 'in_transit' },
  { reason: R.CORRECTION, direction: IN, eventType: 'ObjectEvent', action: 'ADD', bizStep: 'stock_taking' },
  { reason: R.CORRECTION, direction: OUT, eventType: 'ObjectEvent', action: 'DELETE', bizStep: 'stock_taking' },
];

export function readingOf(reason: MovementReason, direction: Direction): EpcisReading {
  return EPCIS_READINGS.find((r) => r.reason === reason && r.direction === direction)!;
}

const CBV_BIZSTEP = 'https://ref.gs1.org/cbv/BizStep-';
const CBV_DISP = 'https://ref.gs1.org/cbv/Disp-';
const CBV_OLD_BIZSTEP = 'urn:epcglobal:cbv:bizstep:';
const CBV_OLD_DISP = 'urn:epcglobal:cbv:disp:';

/** A CBV word as JSON-LD bare word, GS1 Web URI or EPC URN, reduced to the bare word. */
export function bareBizStep(value: string): string {
  return stripPrefix(value, [CBV_BIZSTEP, CBV_OLD_BIZSTEP]);
}

export function bareDisposition(value: string): string {
  return stripPrefix(value, [CBV_DISP, CBV_OLD_DISP]);
}

function stripPrefix(value: string, prefixes: string[]): string {
  for (const p of prefixes) if (value.startsWith(p)) return value.slice(p.length);
  return value;
}

/** The reading a captured event names, or undefined when it names none of the table's rows. */
export function readingFor(event: { type?: string; action?: string; bizStep?: string; disposition?: string }): EpcisReading | undefined {
  const bizStep = event.bizStep === undefined ? undefined : bareBizStep(event.bizStep);
  const disposition = event.disposition === undefined ? undefined : bareDisposition(event.disposition);
  return EPCIS_READINGS.find(
    (r) => r.eventType === event.type && r.bizStep === bizStep && r.disposition === disposition && (r.action === undefined || r.action === event.action),
  );
}

/** UN/ECE Recommendation 20 codes of the ledger's units. */
export const UOM_OF_UNIT: Readonly<Record<Unit, string>> = { [Unit.KG]: 'KGM', [Unit.T]: 'TNE', [Unit.L]: 'LTR', [Unit.M3]: 'MTQ' };

export function unitOfUom(uom: string): Unit | undefined {
  return (Object.keys(UOM_OF_UNIT) as Unit[]).find((u) => UOM_OF_UNIT[u] === uom);
}
