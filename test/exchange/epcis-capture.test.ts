import pino from 'pino';
import { mintToken } from '../../src/access/tokens';
import { Role } from '../../src/access/viewer';
import { loadConfig } from '../../src/config';
import { epcisContext } from '../../src/exchange/epcis-event';
import { startHttpServer, RunningServer } from '../../src/server/http-server';
import { systemClock } from '../../src/shared/clock';
import { testSchema } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { ledgerCounts, registerTrader, Trader } from '../support/ledger-fixtures';
import { EnforcementLevel } from '../../src/registry/registry.enums';

const SECRET = 'test-secret-test-secret-test-secret-0123';
const BASE = 'https://trace.example.gov.cn';
let db: TestDatabase;
let server: RunningServer;
let url: string;
let maker: Trader;
let buyer: Trader;
let makerToken: string;
let buyerToken: string;

beforeAll(async () => {
  db = await openTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', PUBLIC_BASE_URL: BASE });
  server = await startHttpServer({ orm: db.orm, schema: await testSchema(), config, logger: pino({ level: 'silent' }), clock: systemClock, jwtSecret: SECRET }, 0, '127.0.0.1');
  url = server.url.replace(/\/graphql$/, '');
  maker = await registerTrader(db, 51, 1381);
  buyer = await registerTrader(db, 52, 2828);
  makerToken = await mintToken(SECRET, { role: Role.ENTERPRISE, subject: 'erp', enterprise: maker.code, expiresInSeconds: 600 });
  buyerToken = await mintToken(SECRET, { role: Role.ENTERPRISE, subject: 'erp', enterprise: buyer.code, expiresInSeconds: 600 });
});
afterAll(async () => {
  await server.stop();
  await db.close();
});

const batch = (product: string, lot: string) => `${BASE}/p/${product}/10/${lot}`;
const warehouse = (code: string, w = 'W1') => ({ id: `${BASE}/party/${code}/warehouse/${w}` });
const party = (code: string) => `${BASE}/party/${code}`;
const at = (day: number) => new Date(Date.now() - (30 - day) * 86_400_000).toISOString();

let documentSeq = 0;
function documentOf(events: Record<string, unknown>[], id: string | null = `urn:uuid:capture-${++documentSeq}-${Date.now()}`) {
  return {
    '@context': epcisContext(BASE),
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: new Date().toISOString(),
    ...(id ? { id } : {}),
    epcisBody: { eventList: events },
  };
}

const base = (day: number) => ({ eventTime: at(day), eventTimeZoneOffset: '+08:00' });

async function capture(document: unknown, token?: string, raw?: string) {
  const response = await fetch(`${url}/epcis/capture`, {
    method: 'POST',
    headers: { 'content-type': 'application/ld+json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: raw ?? JSON.stringify(document),
  });
  return { status: response.status, body: (await response.json()) as any };
}

async function eventsById(ids: string[]) {
  const params = new URLSearchParams({ EQ_eventID: ids.join('|') });
  const response = await fetch(`${url}/epcis/events?${params}`, { headers: { authorization: `Bearer ${await mintToken(SECRET, { role: Role.REGULATOR, level: EnforcementLevel.DISTRICT, subject: 'r', expiresInSeconds: 600 })}` } });
  const body = (await response.json()) as any;
  return body.epcisBody.queryResults.resultsBody.eventList as Record<string, any>[];
}

/** What the capturer said, as the query answers it: the ledger adds eventID, recordTime, and its own declaration details. */
function asSent(event: Record<string, any>) {
  const { eventID: _id, recordTime: _rt, transformationID: _t, ...rest } = event;
  if (rest.errorDeclaration) rest.errorDeclaration = { 'hz:correctedEventID': rest.errorDeclaration['hz:correctedEventID'] };
  return rest;
}

describe('POST /epcis/capture', () => {
  it('records every event through the ledger and queries them back field for field', async () => {
    const made = [
      { type: 'TransformationEvent', ...base(1), transformationID: 'urn:uuid:erp-production-1', outputQuantityList: [{ epcClass: batch(maker.product, 'L1'), quantity: 50, uom: 'KGM' }], bizStep: 'creating_class_instance', disposition: 'active', bizLocation: warehouse(maker.code) },
      {
        type: 'ObjectEvent', ...base(2), action: 'OBSERVE', quantityList: [{ epcClass: batch(maker.product, 'L1'), quantity: 5.5, uom: 'KGM' }], bizStep: 'shipping', disposition: 'in_transit',
        bizLocation: warehouse(maker.code), bizTransactionList: [{ type: 'bol', bizTransaction: `${BASE}/waybill/WB-9` }],
        sourceList: [{ type: 'owning_party', source: party(maker.code) }], destinationList: [{ type: 'owning_party', destination: party(buyer.code) }],
      },
      { type: 'ObjectEvent', ...base(3), action: 'DELETE', quantityList: [{ epcClass: batch(maker.product, 'L1'), quantity: 1, uom: 'KGM' }], bizStep: 'destroying', disposition: 'destroyed', bizLocation: warehouse(maker.code, 'W1') },
    ];
    const first = await capture(documentOf(made), makerToken);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ replayed: false });
    const [, saleId] = first.body.eventIDs;

    const bought = [
      {
        type: 'ObjectEvent', ...base(4), action: 'OBSERVE', quantityList: [{ epcClass: batch(maker.product, 'L1'), quantity: 5.5, uom: 'KGM' }], bizStep: 'receiving', disposition: 'in_progress',
        bizLocation: warehouse(buyer.code, 'W2'), sourceList: [{ type: 'owning_party', source: party(maker.code) }], destinationList: [{ type: 'owning_party', destination: party(buyer.code) }],
        'hz:sourceEventID': saleId,
      },
      {
        type: 'TransformationEvent', ...base(5), inputQuantityList: [{ epcClass: batch(maker.product, 'L1') }],
        outputQuantityList: [{ epcClass: batch(buyer.product, 'P1'), quantity: 3, uom: 'KGM' }], bizStep: 'creating_class_instance', disposition: 'active', bizLocation: warehouse(buyer.code),
      },
    ];
    const second = await capture(documentOf(bought), buyerToken);
    expect(second.status).toBe(201);
    const correction = [
      { type: 'ObjectEvent', ...base(6), action: 'DELETE', quantityList: [{ epcClass: batch(buyer.product, 'P1'), quantity: 1, uom: 'KGM' }], bizStep: 'stock_taking', bizLocation: warehouse(buyer.code),
        errorDeclaration: { declarationTime: at(6), reason: 'incorrect_data', 'hz:correctedEventID': second.body.eventIDs[1] } },
    ];
    const third = await capture(documentOf(correction), buyerToken);
    expect(third.status).toBe(201);

    const sent = [...made, ...bought, ...correction];
    const ids = [...first.body.eventIDs, ...second.body.eventIDs, ...third.body.eventIDs];
    const back = await eventsById(ids);
    expect(back.map((e) => e.eventID)).toEqual(ids);
    expect(back.map(asSent)).toEqual(sent.map(asSent));
  });

  it('is idempotent by the document id: a retry appends nothing and answers the same; another content under that id is a conflict', async () => {
    const event = { type: 'ObjectEvent', ...base(7), action: 'OBSERVE', quantityList: [{ epcClass: batch(maker.product, 'L2'), quantity: 2, uom: 'KGM' }], bizStep: 'receiving', disposition: 'in_progress', bizLocation: warehouse(maker.code) };
    const document = documentOf([event], 'urn:uuid:retry-1');
    const [a, b] = await Promise.all([capture(document, makerToken), capture(document, makerToken)]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.eventIDs).toEqual(b.body.eventIDs);
    const counts = await ledgerCounts(db);
    const again = await capture(document, makerToken);
    expect(again).toMatchObject({ status: 200, body: { replayed: true, eventIDs: a.body.eventIDs } });
    const changed = await capture(documentOf([{ ...event, quantityList: [{ epcClass: batch(maker.product, 'L2'), quantity: 3, uom: 'KGM' }] }], 'urn:uuid:retry-1'), makerToken);
    expect(changed).toMatchObject({ status: 409, body: { type: 'epcisException:ValidationException', code: 'CONFLICT' } });
    expect(await ledgerCounts(db)).toEqual(counts);
  });

  it('without a document id, the events’ eventIDs make the key; with neither it refuses', async () => {
    const event = { type: 'ObjectEvent', ...base(8), action: 'OBSERVE', quantityList: [{ epcClass: batch(maker.product, 'L3'), quantity: 1, uom: 'KGM' }], bizStep: 'arriving', disposition: 'in_progress', bizLocation: warehouse(maker.code) };
    const keyed = documentOf([{ ...event, eventID: 'urn:uuid:erp-event-1' }], null);
    expect((await capture(keyed, makerToken)).status).toBe(201);
    expect((await capture(keyed, makerToken)).body.replayed).toBe(true);
    expect(await capture(documentOf([event], null), makerToken)).toMatchObject({ status: 400, body: { field: 'id' } });
  });

  it('all or nothing: a refused event names its index and EPCIS field, and nothing is appended', async () => {
    const counts = await ledgerCounts(db);
    const ok = { type: 'ObjectEvent', ...base(9), action: 'OBSERVE', quantityList: [{ epcClass: batch(maker.product, 'L4'), quantity: 1, uom: 'KGM' }], bizStep: 'receiving', disposition: 'in_progress', bizLocation: warehouse(maker.code) };
    const tooMuch = { ...ok, action: 'OBSERVE', bizStep: 'shipping', disposition: 'in_transit', quantityList: [{ epcClass: batch(maker.product, 'L4'), quantity: 1000, uom: 'KGM' }] };
    const refused = await capture(documentOf([ok, tooMuch]), makerToken);
    expect(refused).toMatchObject({ status: 400, body: { type: 'epcisException:ValidationException', code: 'INSUFFICIENT_STOCK', eventIndex: 1, field: 'epcisBody.eventList.1.quantityList.0.quantity' } });
    const cases: [Record<string, unknown>, string, string?][] = [
      [{ ...ok, action: 'FOO' }, 'epcisBody.eventList.0.action'],
      [{ ...ok, bizStep: 'repairing' }, 'epcisBody.eventList.0.bizStep'],
      [{ ...ok, quantityList: [{ epcClass: 'https://elsewhere.example/p/X/10/1', quantity: 1, uom: 'KGM' }] }, 'epcisBody.eventList.0.quantityList.0.epcClass'],
      [{ ...ok, quantityList: [{ epcClass: batch(maker.product, 'L4'), quantity: 1, uom: 'GRM' }] }, 'epcisBody.eventList.0.quantityList.0.uom'],
      [{ ...ok, quantityList: [{ epcClass: batch(maker.product, 'L4'), quantity: 1.0005, uom: 'KGM' }] }, 'epcisBody.eventList.0.quantityList.0.quantity'],
      [{ ...ok, readPoint: { id: 'urn:x:1' } }, 'epcisBody.eventList.0.readPoint'],
      [{ ...ok, bizLocation: warehouse(maker.code, 'NOPE') }, 'epcisBody.eventList.0.bizLocation', 'NOT_FOUND'],
      [{ ...ok, bizLocation: warehouse(buyer.code) }, 'epcisBody.eventList.0.bizLocation', 'FORBIDDEN'],
      [{ ...ok, eventTime: '2999-01-01T00:00:00Z' }, 'epcisBody.eventList.0.eventTime'],
    ];
    for (const [event, field, code] of cases) {
      const r = await capture(documentOf([event]), makerToken);
      expect({ field: r.body.field, eventIndex: r.body.eventIndex, ...(code ? { code: r.body.code } : {}) }).toEqual({ field, eventIndex: 0, ...(code ? { code } : {}) });
    }
    expect(await ledgerCounts(db)).toEqual(counts);
  });

  it('only an enterprise captures, into its own chain; a body that is not JSON is a ValidationException', async () => {
    const event = { type: 'ObjectEvent', ...base(10), action: 'OBSERVE', quantityList: [{ epcClass: batch(maker.product, 'L5'), quantity: 1, uom: 'KGM' }], bizStep: 'receiving', disposition: 'in_progress', bizLocation: warehouse(maker.code) };
    expect(await capture(documentOf([event]))).toMatchObject({ status: 401, body: { type: 'epcisException:SecurityException' } });
    const regulator = await mintToken(SECRET, { role: Role.REGULATOR, level: EnforcementLevel.DISTRICT, subject: 'r', expiresInSeconds: 600 });
    expect(await capture(documentOf([event]), regulator)).toMatchObject({ status: 403, body: { type: 'epcisException:SecurityException' } });
    expect(await capture(null, makerToken, '{"type": "EPCISDocument",')).toMatchObject({ status: 400, body: { type: 'epcisException:ValidationException' } });
    expect(await capture({ type: 'EPCISQueryDocument' }, makerToken)).toMatchObject({ status: 400, body: { type: 'epcisException:ValidationException' } });
  });
});
