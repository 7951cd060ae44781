/**
 * The notifications subscription over a real WebSocket (docs/feeds.md): an
 * enterprise its own notices, regulators every notice, fire rescue the
 * major-hazard ones, live and resumable; other departments refused.
 */
import { mintToken } from '../../src/access/tokens';
import { Role } from '../../src/access/viewer';
import { Enterprise } from '../../src/registry/enterprise.entity';
import { notify } from '../../src/supervision/outbox';
import { NotificationAudience, NotificationKind } from '../../src/supervision/supervision.enums';
import { openTestDatabase, TestDatabase } from '../support/database';
import { feedClients } from '../support/feed-client';
import { registerEnterprise } from '../support/fixtures';
import { SECRET, startTestServer } from '../support/http';
import { EnforcementLevel } from '../../src/registry/registry.enums';

let db: TestDatabase;
let http: Awaited<ReturnType<typeof startTestServer>>;
let feeds: ReturnType<typeof feedClients>;
let a: Enterprise;
let b: Enterprise;

const FEED = `subscription($after: String) { notifications(after: $after) { position notification { kind title } } }`;
const token = (claims: Record<string, unknown>) => mintToken(SECRET, { subject: 's-1', expiresInSeconds: 600, ...claims } as never);

const send = (e: Enterprise, audience: NotificationAudience, kind: NotificationKind, title: string) =>
  notify(db.orm.em.fork(), { audience, enterpriseId: e.id, kind, title, payload: {}, dedupeKey: `${title}:${audience}` }, new Date());

beforeAll(async () => {
  db = await openTestDatabase();
  http = await startTestServer(db);
  feeds = feedClients(http.base);
  a = await registerEnterprise(db.orm.em.fork(), 71);
  b = await registerEnterprise(db.orm.em.fork(), 72);
  await send(a, NotificationAudience.ENTERPRISE, NotificationKind.LICENCE_EXPIRY_REMINDER, 'a-licence');
  await send(b, NotificationAudience.ENTERPRISE, NotificationKind.LICENCE_EXPIRY_REMINDER, 'b-licence');
  await send(a, NotificationAudience.REGULATORS, NotificationKind.MAJOR_HAZARD_IDENTIFIED, 'a-hazard');
});
afterAll(async () => {
  await feeds.dispose();
  await http.stop();
  await db.close();
});

it('gives an enterprise its own notices as they are written, and resumes after a position', async () => {
  const enterprise = await token({ role: Role.ENTERPRISE, enterprise: a.creditCode });
  const live = feeds.take(feeds.connect(enterprise), FEED, 2);
  await new Promise((r) => setTimeout(r, 300));
  await send(a, NotificationAudience.ENTERPRISE, NotificationKind.RISK_GRADE_CHANGED, 'a-grade');
  const items = await live;
  expect(items.map((i) => i.notification.title)).toEqual(['a-licence', 'a-grade']);
  const resumed = await feeds.take(feeds.connect(enterprise), FEED, 1, { after: items[0].position });
  expect(resumed.map((i) => i.notification.title)).toEqual(['a-grade']);
});

it('gives regulators every notice and fire rescue the major-hazard ones; refuses other departments', async () => {
  const all = await feeds.take(feeds.connect(await token({ role: Role.REGULATOR, level: EnforcementLevel.DISTRICT })), FEED, 4);
  expect(all.map((i) => i.notification.title)).toEqual(['a-licence', 'b-licence', 'a-hazard', 'a-grade']);
  const fire = await feeds.take(feeds.connect(await token({ role: Role.PARTNER, department: 'FIRE_RESCUE' })), FEED, 1);
  expect(fire.map((i) => [i.notification.kind, i.notification.title])).toEqual([['MAJOR_HAZARD_IDENTIFIED', 'a-hazard']]);
  expect(await feeds.refusal(feeds.connect(await token({ role: Role.PARTNER, department: 'TRANSPORT' })), FEED)).toEqual(['FORBIDDEN Subscription.notifications']);
  expect(await feeds.refusal(feeds.connect(await token({ role: Role.REGULATOR, level: EnforcementLevel.DISTRICT })), FEED, { after: 'x' })).toEqual(['BAD_USER_INPUT after']);
});
