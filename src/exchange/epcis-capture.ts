import type { MovementInput } from '../ledger/ledger.inputs';
import { Direction } from '../ledger/ledger.enums';
import { sha256Hex } from '../proof/sha256';
import { batchOfEpcClass, creditCodeOfParty, extensionNamespace, hashOfEventId, transportDocOfWaybill, warehouseOfLocation } from './epcis-identifiers';
import { readingFor } from './epcis-vocabulary';
import { unitOfUom } from './epcis-vocabulary';
import { ExchangeError } from './exchange.errors';

/** A captured event read as one ledger movement, with the EPCIS field each movement field came from. */
export interface CapturedMovement {
  movement: MovementInput;
  /** The chain the event's bizLocation names: it must be the capturer's. */
  chain: string;
  /** Movement field name → the EPCIS field path within the event, for errors. */
  fields: Record<string, string>;
}

type Json = Record<string, unknown>;

const ACCEPTED = new Set([
  '@context', 'type', 'eventTime', 'recordTime', 'eventTimeZoneOffset', 'eventID', 'action', 'bizStep', 'disposition', 'bizLocation',
  'quantityList', 'inputQuantityList', 'outputQuantityList', 'transformationID', 'sourceList', 'destinationList', 'bizTransactionList', 'errorDeclaration',
]);

/** The path of an event's field within the document, as errors name it. */
export function eventField(index: number, path: string): string[] {
  return ['epcisBody', 'eventList', String(index), ...path.split('.')];
}

/**
 * Reads event `index` of a captured document (already valid against GS1's
 * schema) as a ledger movement, by the table of docs/epcis.md read backwards.
 * What the ledger cannot record (instance-level EPCs, read points, sensor
 * data, other parties' kinds) is refused naming its field, never dropped.
 */
export function movementOfEvent(base: string, event: Json, index: number): CapturedMovement {
  const ns = extensionNamespace(base);
  const fail = (path: string, message: string) => ExchangeError.inEvent('BAD_USER_INPUT', index, eventField(index, path), `Event ${index}: ${message}`);
  const sourceEventKey = ['hz:sourceEventID', `${ns}sourceEventID`].find((k) => k in event);
  for (const key of Object.keys(event)) {
    if (!ACCEPTED.has(key) && key !== sourceEventKey) throw fail(key, `${key} is not recorded by the ledger`);
  }
  const reading = readingFor(event as { type?: string; action?: string; bizStep?: string; disposition?: string });
  if (!reading) throw fail('bizStep', 'type, action, bizStep and disposition name no ledger reason (docs/epcis.md lists them)');
  const transformation = reading.eventType === 'TransformationEvent';
  const listName = transformation ? 'outputQuantityList' : 'quantityList';
  const list = event[listName] as Json[] | undefined;
  if (!list || list.length !== 1) throw fail(listName, `${listName} must hold exactly one batch`);
  const element = list[0];
  const batch = batchOfEpcClass(base, String(element.epcClass));
  if (!batch) throw fail(`${listName}.0.epcClass`, `"${String(element.epcClass)}" is not a batch of this ledger (${base}/p/{code}/10/{batch})`);
  if (typeof element.quantity !== 'number') throw fail(`${listName}.0.quantity`, 'a quantity is required');
  const unit = unitOfUom(String(element.uom ?? ''));
  if (!unit) throw fail(`${listName}.0.uom`, 'uom must be KGM, TNE, LTR or MTQ');
  const location = warehouseOfLocation(base, String((event.bizLocation as Json | undefined)?.id ?? ''));
  if (!location) throw fail('bizLocation', `bizLocation must name a warehouse of this ledger (${base}/party/{creditCode}/warehouse/{code})`);

  const fields: Record<string, string> = {
    direction: 'bizStep', reason: 'bizStep', warehouse: 'bizLocation', product: `${listName}.0.epcClass`, batch: `${listName}.0.epcClass`,
    quantity: `${listName}.0.quantity`, unit: `${listName}.0.uom`, occurredAt: 'eventTime', transportDoc: 'bizTransactionList',
    sourceHash: 'hz:sourceEventID', corrects: 'errorDeclaration.hz:correctedEventID', inputs: 'inputQuantityList',
  };
  const movement: MovementInput = {
    direction: reading.direction,
    reason: reading.reason,
    warehouse: location.warehouse,
    product: batch.product,
    batch: batch.batch,
    quantity: quantityText(element.quantity),
    unit,
    occurredAt: String(event.eventTime),
  };

  const otherSide = reading.direction === Direction.OUT ? 'destinationList' : 'sourceList';
  const ownSide = reading.direction === Direction.OUT ? 'sourceList' : 'destinationList';
  fields.counterparty = otherSide;
  for (const side of ['sourceList', 'destinationList'] as const) {
    const parties = (event[side] as Json[] | undefined) ?? [];
    const key = side === 'sourceList' ? 'source' : 'destination';
    parties.forEach((p, j) => {
      if (p.type !== 'owning_party') throw fail(`${side}.${j}.type`, 'the ledger records owning_party only');
      const code = creditCodeOfParty(base, String(p[key]));
      if (!code) throw fail(`${side}.${j}.${key}`, `"${String(p[key])}" is not a party of this ledger (${base}/party/{creditCode})`);
      if (side === otherSide) movement.counterparty = code;
      else if (code !== location.chain) throw fail(`${ownSide}.${j}.${key}`, 'this side names the enterprise whose warehouse bizLocation is');
    });
  }

  const transactions = (event.bizTransactionList as Json[] | undefined) ?? [];
  transactions.forEach((t, j) => {
    const doc = t.type === 'bol' ? transportDocOfWaybill(base, String(t.bizTransaction)) : undefined;
    if (!doc || j > 0) throw fail(`bizTransactionList.${j}`, `the ledger records one waybill: { type: "bol", bizTransaction: "${base}/waybill/{number}" }`);
    movement.transportDoc = doc;
  });

  if (sourceEventKey) {
    const hash = hashOfEventId(String(event[sourceEventKey]));
    if (!hash) throw fail(sourceEventKey, 'must be an event ID of this ledger (ni:///sha-256;{hash})');
    movement.sourceHash = hash;
  }

  const declaration = event.errorDeclaration as Json | undefined;
  if (declaration) {
    const key = ['hz:correctedEventID', `${ns}correctedEventID`].find((k) => k in declaration);
    const hash = key ? hashOfEventId(String(declaration[key])) : undefined;
    if (!hash) throw fail('errorDeclaration', 'must name the corrected event in hz:correctedEventID (ni:///sha-256;{hash})');
    movement.corrects = hash;
  }

  const inputs = (event.inputQuantityList as Json[] | undefined) ?? [];
  if (inputs.length) {
    movement.inputs = inputs.map((input, j) => {
      const ref = batchOfEpcClass(base, String(input.epcClass));
      if (!ref) throw fail(`inputQuantityList.${j}.epcClass`, `"${String(input.epcClass)}" is not a batch of this ledger`);
      return ref;
    });
  }
  return { movement, chain: location.chain, fields };
}

/** A JSON number as the ledger's decimal text: 125.5 → "125.5" (the ledger checks its digits). */
function quantityText(quantity: number): string {
  return Number.isFinite(quantity) ? String(quantity) : 'NaN';
}

/**
 * The idempotency key of a captured document: its `id`, else its events'
 * eventIDs (all of them). A retry of the same document appends nothing.
 */
export function captureKey(document: Json, events: Json[]): string | undefined {
  if (typeof document.id === 'string') return sha256Hex(`document ${document.id}`);
  if (events.every((e) => typeof e.eventID === 'string')) return sha256Hex(`events ${events.map((e) => e.eventID).join('\n')}`);
  return undefined;
}
