import pino from 'pino';
import { mintToken } from '../../src/access/tokens';
import { Role } from '../../src/access/viewer';
import { loadConfig } from '../../src/config';
import { epcisSchemaProblems } from '../../src/exchange/epcis-schema';
import { startHttpServer, RunningServer } from '../../src/server/http-server';
import { systemClock } from '../../src/shared/clock';
import { codes, createTestApi, testSchema } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { partner, regulator } from '../support/fixtures';
import { inbound, ledgerClock, outbound, record, registerTrader, Trader } from '../support/ledger-fixtures';
import { EnforcementLevel } from '../../src/registry/registry.enums';

const SECRET = 'test-secret-test-secret-test-secret-0123';
const BASE = 'https://trace.example.gov.cn';
let db: TestDatabase;
let server: RunningServer;
let url: string;
let api: Awaited<ReturnType<typeof createTestApi>>;
let maker: Trader; // chlorine: highly toxic
let buyer: Trader; // a product neither highly toxic nor an explosive precursor
const hash: Record<string, string> = {};

beforeAll(async () => {
  db = await openTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', PUBLIC_BASE_URL: BASE });
  server = await startHttpServer({ orm: db.orm, schema: await testSchema(), config, logger: pino({ level: 'silent' }), clock: systemClock, jwtSecret: SECRET }, 0, '127.0.0.1');
  url = server.url.replace(/\/graphql$/, '');
  api = await createTestApi(db, { clock: ledgerClock(), config: { publicBaseUrl: BASE } });
  maker = await registerTrader(db, 41, 1381);
  buyer = await registerTrader(db, 42, 2828);
  const made = await record(db, maker.viewer, [
    inbound(maker.product, { batch: 'L1', quantity: '50', occurredAt: '2026-11-01T00:00:00Z' }),
    outbound(maker.product, { batch: 'L1', quantity: '5', counterparty: buyer.code, transportDoc: 'WB-1', occurredAt: '2026-11-10T00:00:00Z' }),
    outbound(maker.product, { batch: 'L1', quantity: '1', reason: 'DISPOSAL' as any, occurredAt: '2026-11-20T00:00:00Z' }),
  ]);
  [hash.production, hash.sale, hash.disposal] = made.entries.map((e) => e.hash);
  const fixed = await record(db, maker.viewer, [outbound(maker.product, { reason: 'CORRECTION' as any, batch: 'L1', quantity: '2', corrects: hash.production, occurredAt: '2026-11-21T00:00:00Z' })]);
  hash.correction = fixed.entries[0].hash;
  const bought = await record(db, buyer.viewer, [
    inbound(maker.product, { reason: 'PURCHASE' as any, batch: 'L1', quantity: '5', counterparty: maker.code, sourceHash: hash.sale, occurredAt: '2026-11-22T00:00:00Z' }),
    inbound(buyer.product, { batch: 'P1', quantity: '3', inputs: [{ product: maker.product, batch: 'L1' }], occurredAt: '2026-11-23T00:00:00Z' }),
  ]);
  [hash.purchase, hash.blend] = bought.entries.map((e) => e.hash);
});
afterAll(async () => {
  await api.stop();
  await server.stop();
  await db.close();
});

const token = (role: Role, extra: { department?: string; enterprise?: string } = {}) =>
  mintToken(SECRET, { role, subject: `${role}-user`, expiresInSeconds: 600, ...(role === Role.REGULATOR ? { level: EnforcementLevel.DISTRICT } : {}), ...extra });

async function get(path: string, bearer?: string) {
  const response = await fetch(`${url}${path}`, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
  return { status: response.status, headers: response.headers, body: (await response.json()) as any };
}

const eventsOf = (body: any): any[] => body.epcisBody.queryResults.resultsBody.eventList;
const idOf = (h: string) => `ni:///sha-256;${h}`;
const ids = (body: any) => eventsOf(body).map((e) => e.eventID);
const q = (params: Record<string, string>) => `/epcis/events?${new URLSearchParams(params)}`;

describe('GET /epcis/events', () => {
  it('answers a regulator with every entry as a valid EPCIS query document, in append order', async () => {
    const r = await get('/epcis/events', await token(Role.REGULATOR));
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/application\/ld\+json/);
    expect(r.headers.get('gs1-epcis-version')).toBe('2.0.0');
    expect(epcisSchemaProblems(r.body)).toEqual([]);
    expect(ids(r.body)).toEqual(['production', 'sale', 'disposal', 'correction', 'purchase', 'blend'].map((k) => idOf(hash[k])));
    const purchase = eventsOf(r.body)[4];
    expect(purchase).toMatchObject({ bizStep: 'receiving', disposition: 'in_progress', 'hz:sourceEventID': idOf(hash.sale), recordTime: '2026-11-26T08:30:00.000Z' });
  });

  it('filters by each standard parameter', async () => {
    const reg = await token(Role.REGULATOR);
    const match = async (params: Record<string, string>) => {
      const r = await get(q(params), reg);
      expect(r.status).toBe(200);
      return ids(r.body).map((id: string) => Object.keys(hash).find((k) => idOf(hash[k]) === id));
    };
    expect(await match({ EQ_bizStep: 'shipping' })).toEqual(['sale']);
    expect(await match({ EQ_bizStep: 'urn:epcglobal:cbv:bizstep:destroying|stock_taking' })).toEqual(['disposal', 'correction']);
    expect(await match({ EQ_disposition: 'https://ref.gs1.org/cbv/Disp-in_progress' })).toEqual(['purchase']);
    expect(await match({ eventType: 'TransformationEvent' })).toEqual(['production', 'blend']);
    expect(await match({ EQ_action: 'DELETE' })).toEqual(['disposal', 'correction']);
    expect(await match({ GE_eventTime: '2026-11-10T00:00:00Z', LT_eventTime: '2026-11-21T08:00:00+08:00' })).toEqual(['sale', 'disposal']);
    expect(await match({ GE_recordTime: '2026-11-26T08:30:00Z', LT_recordTime: '2026-11-26T08:30:00.001Z' })).toHaveLength(6);
    expect(await match({ LT_recordTime: '2026-11-26T08:30:00Z' })).toEqual([]);
    expect(await match({ MATCH_anyEPCClass: `${BASE}/p/${maker.product}/10/L1` })).toEqual(['production', 'sale', 'disposal', 'correction', 'purchase', 'blend']);
    expect(await match({ MATCH_anyEPCClass: `${BASE}/p/${buyer.product}/10/*` })).toEqual(['blend']);
    expect(await match({ EQ_bizLocation: `${BASE}/party/${buyer.code}/warehouse/W1` })).toEqual(['purchase', 'blend']);
    expect(await match({ EQ_source_owning_party: `${BASE}/party/${maker.code}` })).toEqual(['sale', 'purchase']);
    expect(await match({ EQ_destination_owning_party: `${BASE}/party/${maker.code}` })).toEqual([]);
    expect(await match({ EQ_destination_owning_party: `${BASE}/party/${buyer.code}`, EQ_bizStep: 'receiving' })).toEqual(['purchase']);
    expect(await match({ EQ_eventID: idOf(hash.blend) })).toEqual(['blend']);
    expect(await match({ EQ_bizStep: 'shipping', EQ_disposition: 'destroyed' })).toEqual([]);
  });

  it('pages with perPage and nextPageToken (Link rel="next"), no gaps or repeats', async () => {
    const reg = await token(Role.REGULATOR);
    const seen: string[] = [];
    let path: string | null = q({ perPage: '4' });
    let pages = 0;
    while (path) {
      const r = await get(path, reg);
      expect(r.status).toBe(200);
      seen.push(...ids(r.body));
      pages++;
      const link = r.headers.get('link');
      path = link ? new URL(/<([^>]+)>; rel="next"/.exec(link)![1]).pathname + new URL(/<([^>]+)>/.exec(link)![1]).search : null;
    }
    expect(pages).toBe(2);
    expect(seen).toEqual(['production', 'sale', 'disposal', 'correction', 'purchase', 'blend'].map((k) => idOf(hash[k])));
  });

  it('refuses what it cannot answer as EPCIS exceptions naming the parameter', async () => {
    const reg = await token(Role.REGULATOR);
    const refused = async (params: Record<string, string>, field: string) => {
      const r = await get(q(params), reg);
      expect(r).toMatchObject({ status: 400, body: { type: 'epcisException:QueryParameterException', code: 'BAD_USER_INPUT', field } });
    };
    await refused({ EQ_readPoint: 'urn:x' }, 'EQ_readPoint');
    await refused({ GE_eventTime: 'yesterday' }, 'GE_eventTime');
    await refused({ MATCH_anyEPCClass: 'https://elsewhere.example/p/X/10/1' }, 'MATCH_anyEPCClass');
    await refused({ perPage: '0' }, 'perPage');
    await refused({ nextPageToken: 'forged' }, 'nextPageToken');
    const anonymous = await get('/epcis/events');
    expect(anonymous).toMatchObject({ status: 401, body: { type: 'epcisException:SecurityException', code: 'UNAUTHENTICATED' } });
    expect((await get('/epcis/events', 'not-a-jwt')).status).toBe(401);
    expect((await get('/epcis/events', await token(Role.PARTNER, { department: 'FIRE_RESCUE' }))).body).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  });

  it('an enterprise reads its own chain only', async () => {
    const own = await token(Role.ENTERPRISE, { enterprise: buyer.code });
    expect(ids((await get('/epcis/events', own)).body)).toEqual([idOf(hash.purchase), idOf(hash.blend)]);
    expect((await get(`/epcis/events/${encodeURIComponent(idOf(hash.sale))}`, own)).body).toMatchObject({ status: 404, type: 'epcisException:NoSuchResourceException' });
  });

  it('a partner department reads within its mandate, fields and rows, and is audited', async () => {
    const ecology = await token(Role.PARTNER, { department: 'ECOLOGY_ENVIRONMENT' });
    const r = await get('/epcis/events', ecology);
    expect(ids(r.body)).toEqual([idOf(hash.disposal)]);
    const police = await token(Role.PARTNER, { department: 'PUBLIC_SECURITY' });
    const controlled = await get('/epcis/events', police);
    expect(ids(controlled.body)).toEqual(['production', 'sale', 'disposal', 'correction', 'purchase'].map((k) => idOf(hash[k])));
    expect(eventsOf(controlled.body)[1].destinationList).toEqual([{ type: 'owning_party', destination: `${BASE}/party/${buyer.code}` }]);
    expect(eventsOf(controlled.body)[1].bizTransactionList).toBeUndefined();
    const refused = await get(q({ EQ_source_owning_party: `${BASE}/party/${maker.code}` }), ecology);
    expect(refused.body).toMatchObject({ status: 403, code: 'FORBIDDEN', field: 'EQ_source_owning_party' });
    const audit = await db.orm.em.fork().getConnection().execute(
      `select operation_name, operation_type, query, rows_returned, outcome from partner_audit_log where department = 'ECOLOGY_ENVIRONMENT' order by id`,
    );
    expect(audit).toEqual([
      { operation_name: 'epcis.events', operation_type: 'rest', query: 'GET /epcis/events', rows_returned: 1, outcome: 'OK' },
      expect.objectContaining({ operation_name: 'epcis.events', rows_returned: 0, outcome: 'REFUSED' }),
    ]);
  });
});

describe('GET /epcis/events/{eventID}', () => {
  it('answers one event standing alone, valid, with its context', async () => {
    const r = await get(`/epcis/events/${encodeURIComponent(idOf(hash.correction))}`, await token(Role.REGULATOR));
    expect(r.status).toBe(200);
    expect(epcisSchemaProblems(r.body)).toEqual([]);
    expect(r.body).toMatchObject({ eventID: idOf(hash.correction), errorDeclaration: { 'hz:correctedEventID': idOf(hash.production) } });
    expect(r.body['@context'][1]).toEqual({ hz: `${BASE}/epcis/ns#` });
    expect((await get(`/epcis/events/${encodeURIComponent(idOf('f'.repeat(64)))}`, await token(Role.REGULATOR))).status).toBe(404);
    expect((await get('/epcis/events/nonsense', await token(Role.REGULATOR))).body).toMatchObject({ status: 400, field: 'eventID' });
  });
});

describe('GraphQL epcisEvents', () => {
  const EVENTS = `query($q: EpcisQueryInput, $first: Int, $after: String) {
    epcisEvents(query: $q, first: $first, after: $after) { edges { cursor node } pageInfo { hasNextPage endCursor } nextPageToken } }`;

  it('answers the same events with the same parameters, paged as a connection', async () => {
    const r = await api.run(EVENTS, { q: { EQ_bizStep: ['shipping', 'receiving'] } }, regulator);
    expect(r.errors).toBeUndefined();
    expect(r.data!.epcisEvents.edges.map((e: any) => e.node.eventID)).toEqual([idOf(hash.sale), idOf(hash.purchase)]);
    const first = await api.run(EVENTS, { first: 5 }, regulator);
    expect(first.data!.epcisEvents.pageInfo.hasNextPage).toBe(true);
    const rest = await api.run(EVENTS, { first: 5, after: first.data!.epcisEvents.pageInfo.endCursor }, regulator);
    expect(rest.data!.epcisEvents.edges.map((e: any) => e.node.eventID)).toEqual([idOf(hash.blend)]);
    expect(rest.data!.epcisEvents.nextPageToken).toBeNull();
  });

  it('refuses as the ledger does, naming the field', async () => {
    const bad = await api.run(EVENTS, { q: { GE_eventTime: 'soon' } }, regulator);
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'query.GE_eventTime' });
    expect(codes(await api.run(EVENTS, {}, partner('FIRE_RESCUE')))).toEqual(['FORBIDDEN']);
    const ecology = await api.run(EVENTS, {}, partner('ECOLOGY_ENVIRONMENT'));
    expect(ecology.data!.epcisEvents.edges.map((e: any) => e.node.eventID)).toEqual([idOf(hash.disposal)]);
  });
});
