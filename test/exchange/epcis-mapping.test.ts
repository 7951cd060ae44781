import { Direction, MovementReason } from '../../src/ledger/ledger.enums';
import { Unit } from '../../src/registry/registry.enums';
import { EpcisEntry, epcisEventOf, epcisQueryDocument, standaloneEpcisEvent } from '../../src/exchange/epcis-event';
import { batchOfEpcClass, creditCodeOfParty, hashOfEventId, transportDocOfWaybill, warehouseOfLocation } from '../../src/exchange/epcis-identifiers';
import { epcisSchemaProblems } from '../../src/exchange/epcis-schema';
import { EPCIS_READINGS, readingFor } from '../../src/exchange/epcis-vocabulary';

const BASE = 'https://trace.example.gov.cn';
const OWN = '91310115MA1K3YJ12G';
const OTHER = '91310000132211880T';
const h = (c: string) => c.repeat(64);

function entry(reason: MovementReason, direction: Direction, extra: Partial<EpcisEntry> = {}): EpcisEntry {
  return {
    hash: h('a'),
    chain: OWN,
    direction,
    reason,
    warehouseCode: 'A-01 甲类',
    productCode: '310115000001K3YJ12G00017X',
    batch: 'L/2026 11',
    quantity: '125.500',
    unit: Unit.T,
    occurredAt: new Date('2026-11-26T08:30:00.000Z'),
    recordedAt: new Date('2026-11-26T08:31:00.000Z'),
    ...extra,
  };
}

/** Every reason, both CORRECTION directions, each with the optional fields it can carry. */
const everyReason: EpcisEntry[] = EPCIS_READINGS.map((r, i) =>
  entry(r.reason, r.direction, {
    hash: i.toString(16).padStart(2, '0').repeat(32),
    counterpartyCode: r.reason === MovementReason.PRODUCTION ? null : OTHER,
    transportDoc: r.direction === Direction.OUT ? `WB-${i}` : null,
    sourceHash: r.reason === MovementReason.PURCHASE ? h('b') : null,
    inputs: r.reason === MovementReason.PRODUCTION ? [{ product: '310115000001K3YJ12G00018Y', batch: 'R1' }] : null,
    corrects: r.reason === MovementReason.CORRECTION ? h('c') : null,
  }),
);

describe('EPCIS 2.0 mapping', () => {
  it('a query document holding an event of every reason validates against GS1’s schema', () => {
    const events = everyReason.map((e) => epcisEventOf(BASE, e));
    const doc = epcisQueryDocument(BASE, events, new Date('2026-11-27T00:00:00Z'));
    expect(epcisSchemaProblems(doc)).toEqual([]);
    for (const event of events) expect(epcisSchemaProblems(standaloneEpcisEvent(BASE, event))).toEqual([]);
    const bare = epcisEventOf(BASE, entry(MovementReason.PRODUCTION, Direction.IN));
    expect(epcisSchemaProblems(standaloneEpcisEvent(BASE, bare))).toEqual([]);
  });

  it('the schema check catches what is wrong and points at it', () => {
    const event = { ...epcisEventOf(BASE, everyReason[1]), action: 'FOO' };
    const problems = epcisSchemaProblems(epcisQueryDocument(BASE, [event], new Date()));
    expect(problems[0].pointer).toBe('/epcisBody/queryResults/resultsBody/eventList/0/action');
  });

  it('each row of the table is one distinct reading, and reads back to its reason and direction', () => {
    const keys = EPCIS_READINGS.map((r) => [r.eventType, r.action, r.bizStep, r.disposition].join('|'));
    expect(new Set(keys).size).toBe(EPCIS_READINGS.length);
    for (const e of everyReason) {
      const event = epcisEventOf(BASE, e) as Record<string, string>;
      expect(readingFor(event)).toMatchObject({ reason: e.reason, direction: e.direction });
      const urn = { ...event, bizStep: `urn:epcglobal:cbv:bizstep:${event.bizStep}`, disposition: event.disposition && `https://ref.gs1.org/cbv/Disp-${event.disposition}` };
      expect(readingFor(urn)).toMatchObject({ reason: e.reason, direction: e.direction });
    }
  });

  it('a sale: shipping / in_transit, Digital-Link batch, Rec 20 unit, parties, location, waybill, ledger hash and record time', () => {
    const sale = entry(MovementReason.SALE, Direction.OUT, { counterpartyCode: OTHER, transportDoc: 'WB 7' });
    const event = epcisEventOf(BASE, sale) as any;
    expect(event).toEqual({
      type: 'ObjectEvent',
      eventTime: '2026-11-26T08:30:00.000Z',
      recordTime: '2026-11-26T08:31:00.000Z',
      eventTimeZoneOffset: '+08:00',
      eventID: `ni:///sha-256;${h('a')}`,
      action: 'OBSERVE',
      quantityList: [{ epcClass: `${BASE}/p/310115000001K3YJ12G00017X/10/L%2F2026%2011`, quantity: 125.5, uom: 'TNE' }],
      bizStep: 'shipping',
      disposition: 'in_transit',
      bizLocation: { id: `${BASE}/party/${OWN}/warehouse/A-01%20%E7%94%B2%E7%B1%BB` },
      bizTransactionList: [{ type: 'bol', bizTransaction: `${BASE}/waybill/WB%207` }],
      sourceList: [{ type: 'owning_party', source: `${BASE}/party/${OWN}` }],
      destinationList: [{ type: 'owning_party', destination: `${BASE}/party/${OTHER}` }],
    });
    expect(batchOfEpcClass(BASE, event.quantityList[0].epcClass)).toEqual({ product: sale.productCode, batch: 'L/2026 11' });
    expect(warehouseOfLocation(BASE, event.bizLocation.id)).toEqual({ chain: OWN, warehouse: 'A-01 甲类' });
    expect(transportDocOfWaybill(BASE, event.bizTransactionList[0].bizTransaction)).toBe('WB 7');
    expect(creditCodeOfParty(BASE, event.destinationList[0].destination)).toBe(OTHER);
    expect(hashOfEventId(event.eventID)).toBe(h('a'));
  });

  it('a receipt names its parties the other way round and the shipper’s event', () => {
    const event = epcisEventOf(BASE, entry(MovementReason.PURCHASE, Direction.IN, { counterpartyCode: OTHER, sourceHash: h('b') })) as any;
    expect(event).toMatchObject({
      bizStep: 'receiving',
      disposition: 'in_progress',
      sourceList: [{ source: `${BASE}/party/${OTHER}` }],
      destinationList: [{ destination: `${BASE}/party/${OWN}` }],
      'hz:sourceEventID': `ni:///sha-256;${h('b')}`,
    });
  });

  it('production is a TransformationEvent with its inputs and output; disposal is destroying', () => {
    const production = epcisEventOf(BASE, everyReason.find((e) => e.reason === MovementReason.PRODUCTION)!) as any;
    expect(production).toMatchObject({ type: 'TransformationEvent', bizStep: 'creating_class_instance', disposition: 'active' });
    expect(production.action).toBeUndefined();
    expect(production.inputQuantityList).toEqual([{ epcClass: `${BASE}/p/310115000001K3YJ12G00018Y/10/R1` }]);
    expect(production.outputQuantityList[0]).toMatchObject({ quantity: 125.5, uom: 'TNE' });
    expect(epcisEventOf(BASE, entry(MovementReason.DISPOSAL, Direction.OUT))).toMatchObject({ action: 'DELETE', bizStep: 'destroying', disposition: 'destroyed' });
  });

  it('a correction declares the event it corrects', () => {
    const event = epcisEventOf(BASE, entry(MovementReason.CORRECTION, Direction.OUT, { corrects: h('c') })) as any;
    expect(event).toMatchObject({ action: 'DELETE', bizStep: 'stock_taking' });
    expect(event.disposition).toBeUndefined();
    expect(event.errorDeclaration).toEqual({
      declarationTime: '2026-11-26T08:31:00.000Z',
      reason: 'incorrect_data',
      correctiveEventIDs: [`ni:///sha-256;${h('a')}`],
      'hz:correctedEventID': `ni:///sha-256;${h('c')}`,
    });
  });

  it('a reader without the counterparty or waybill mandate sees neither', () => {
    const sale = entry(MovementReason.SALE, Direction.OUT, { counterpartyCode: OTHER, transportDoc: 'WB-1' });
    const event = epcisEventOf(BASE, sale, { counterparties: false, waybills: false });
    expect(event.sourceList).toBeUndefined();
    expect(event.destinationList).toBeUndefined();
    expect(event.bizTransactionList).toBeUndefined();
  });

  it('units are UN/ECE Recommendation 20 codes', () => {
    const uom = (unit: Unit) => (epcisEventOf(BASE, entry(MovementReason.SALE, Direction.OUT, { unit })) as any).quantityList[0].uom;
    expect([Unit.KG, Unit.T, Unit.L, Unit.M3].map(uom)).toEqual(['KGM', 'TNE', 'LTR', 'MTQ']);
  });
});
