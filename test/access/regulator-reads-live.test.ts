/**
 * A regulator's reads outside POST /graphql are in regulator_read_log too (test/access/regulator-reads.test.ts
 * has /graphql): each event of a subscription and each query over the WebSocket, and the REST reads
 * (EPCIS queries, the log's entry proofs), each a row written before it is sent. A partner's subscription
 * events are in partner_audit_log the same way.
 */
import { mintToken } from '../../src/access/tokens';
import { Role } from '../../src/access/viewer';
import { EnforcementLevel } from '../../src/registry/registry.enums';
import { notify } from '../../src/supervision/outbox';
import { NotificationAudience, NotificationKind } from '../../src/supervision/supervision.enums';
import { openTestDatabase, TestDatabase } from '../support/database';
import { feedClients } from '../support/feed-client';
import { registerEnterprise } from '../support/fixtures';
import { SECRET, startTestServer } from '../support/http';

let db: TestDatabase;
let http: Awaited<ReturnType<typeof startTestServer>>;
let feeds: ReturnType<typeof feedClients>;
let code: string;

const FEED = `subscription Feed { notifications { position notification { title enterprise { creditCode } } } }`;
const token = (subject: string, claims: Record<string, unknown>) => mintToken(SECRET, { subject, expiresInSeconds: 600, ...claims } as never);
const rows = (table: string, subject: string) =>
  db.orm.em
    .fork()
    .getConnection()
    .execute(`select operation_name, query, variables, ${table === 'regulator_read_log' ? 'enterprises, ' : ''}rows_returned, outcome, event_position from ${table} where subject = ? order by id`, [subject]);

beforeAll(async () => {
  db = await openTestDatabase();
  http = await startTestServer(db);
  feeds = feedClients(http.base);
  const enterprise = await registerEnterprise(db.orm.em.fork(), 1901);
  code = enterprise.creditCode;
  for (const title of ['hazard-1', 'hazard-2']) {
    await notify(db.orm.em.fork(), { audience: NotificationAudience.REGULATORS, enterpriseId: enterprise.id, kind: NotificationKind.MAJOR_HAZARD_IDENTIFIED, title, payload: {}, dedupeKey: title }, new Date());
  }
});
afterAll(async () => {
  await feeds.dispose();
  await http.stop();
  await db.close();
});

describe("a regulator's reads beyond POST /graphql", () => {
  it('writes a row for each event of a subscription and for a query over the WebSocket', async () => {
    const client = feeds.connect(await token('live.reader', { role: Role.REGULATOR, level: EnforcementLevel.DISTRICT }));
    const events = await feeds.take(client, FEED, 2);
    expect(events.map((e) => e.notification.title)).toEqual(['hazard-1', 'hazard-2']);
    await feeds.take(client, `query One($c: CreditCode!) { enterprise(creditCode: $c) { name } }`, 1, { c: code });
    const logged = await rows('regulator_read_log', 'live.reader');
    expect(logged).toEqual([
      expect.objectContaining({ operation_name: 'Feed', enterprises: [code], rows_returned: 1, outcome: 'OK', event_position: events[0].position }),
      expect.objectContaining({ operation_name: 'Feed', enterprises: [code], rows_returned: 1, outcome: 'OK', event_position: events[1].position }),
      expect.objectContaining({ operation_name: 'One', variables: { c: code }, enterprises: [code], rows_returned: 1, outcome: 'OK', event_position: null }),
    ]);
  });

  it('writes a row for a REST read: an EPCIS query, an entry proof', async () => {
    const bearer = await token('rest.reader', { role: Role.REGULATOR, level: EnforcementLevel.CITY });
    const events = await fetch(`${http.base}/epcis/events?${new URLSearchParams({ EQ_bizStep: 'shipping' })}`, { headers: { authorization: `Bearer ${bearer}` } });
    expect(events.status).toBe(200);
    const proof = await fetch(`${http.base}/log/entries/${code}/1/proof`, { headers: { authorization: `Bearer ${bearer}` } });
    expect(proof.status).toBe(404);
    expect(await rows('regulator_read_log', 'rest.reader')).toEqual([
      expect.objectContaining({ operation_name: 'epcis.events', query: 'GET /epcis/events?EQ_bizStep=shipping', rows_returned: 0, outcome: 'OK' }),
      expect.objectContaining({ operation_name: 'log.entryProof', enterprises: [code], rows_returned: 0, outcome: 'FAILED' }),
    ]);
  });

  it("writes a partner's subscription events to its audit trail", async () => {
    const fire = feeds.connect(await token('fire.reader', { role: Role.PARTNER, department: 'FIRE_RESCUE' }));
    await feeds.take(fire, FEED, 2);
    expect(await rows('partner_audit_log', 'fire.reader')).toEqual([
      expect.objectContaining({ operation_name: 'Feed', rows_returned: 1, outcome: 'OK' }),
      expect.objectContaining({ operation_name: 'Feed', rows_returned: 1, outcome: 'OK' }),
    ]);
  });
});
