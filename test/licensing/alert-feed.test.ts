/**
 * The alerts subscription over a real WebSocket (docs/feeds.md): alerts in
 * commit order from a position, resumable without gap or duplicate even when
 * a transaction that took a smaller id commits after a larger one; the
 * `alerts` rules at subscribe time.
 */
import { Client } from 'pg';
import { mintToken } from '../../src/access/tokens';
import { Role } from '../../src/access/viewer';
import { Alert } from '../../src/licensing/alert.entity';
import { AlertCode, AlertSeverity } from '../../src/licensing/licensing.enums';
import { Enterprise } from '../../src/registry/enterprise.entity';
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

const FEED = `subscription($after: String, $enterprise: CreditCode, $severity: AlertSeverity) { alerts(after: $after, enterprise: $enterprise, severity: $severity) { position alert { code chain message severity } } }`;
const token = (claims: Record<string, unknown>) => mintToken(SECRET, { subject: 's-1', expiresInSeconds: 600, ...claims } as never);
const regulatorToken = () => token({ role: Role.REGULATOR, level: EnforcementLevel.DISTRICT });

let seq = 0;
const ALERT_SQL = `insert into alert (code, severity, status, enterprise_id, chain, entry_seq, message, raised_at) values ($1, $2, 'OPEN', $3, $4, $5, $6, now())`;
const alertValues = (e: Enterprise, message: string, code = AlertCode.LICENCE_MISSING) => [code, code === AlertCode.CHAIN_BROKEN ? AlertSeverity.CRITICAL : AlertSeverity.NORMAL, e.id, e.creditCode, ++seq, message];

async function raise(e: Enterprise, message: string, code?: AlertCode): Promise<void> {
  await db.orm.em.fork().getConnection().execute(ALERT_SQL.replace(/\$\d/g, '?'), alertValues(e, message, code));
}

beforeAll(async () => {
  db = await openTestDatabase();
  http = await startTestServer(db);
  feeds = feedClients(http.base);
  a = await registerEnterprise(db.orm.em.fork(), 61);
  b = await registerEnterprise(db.orm.em.fork(), 62);
  await raise(a, 'a1');
  await raise(b, 'b1');
  await raise(a, 'a-broken', AlertCode.CHAIN_BROKEN);
});
afterAll(async () => {
  await feeds.dispose();
  await http.stop();
  await db.close();
});

describe('alerts subscription', () => {
  it('delivers alerts in commit order, holds back a later id until an earlier transaction commits, and resumes without gap or duplicate', async () => {
    const regulator = await regulatorToken();
    const live = feeds.take(feeds.connect(regulator), FEED, 5);
    // A transaction takes an id and stays open while a later one commits.
    const slow = new Client({ connectionString: db.url });
    await slow.connect();
    await slow.query('begin');
    await slow.query(ALERT_SQL, alertValues(a, 'slow'));
    await raise(b, 'fast');
    await new Promise((r) => setTimeout(r, 600));
    await slow.query('commit');
    await slow.end();
    // The slow row took the smaller id: read by id alone, a feed past 'fast' would have skipped it.
    const byId = await db.orm.em.fork().find(Alert, { message: { $in: ['slow', 'fast'] } }, { orderBy: { id: 'asc' } });
    expect(byId.map((x) => x.message)).toEqual(['slow', 'fast']);
    const items = await live;
    expect(items.map((i) => i.alert.message)).toEqual(['a1', 'b1', 'a-broken', 'slow', 'fast']);
    // Resume after the fourth: only the fifth.
    const resumed = await feeds.take(feeds.connect(regulator), FEED, 1, { after: items[3].position });
    expect(resumed.map((i) => i.alert.message)).toEqual(['fast']);
  });

  it('gives an enterprise its own licence-check alerts, a LICENCES partner the licence-check alerts, regulators CRITICAL ones too', async () => {
    const own = await feeds.take(feeds.connect(await token({ role: Role.ENTERPRISE, enterprise: a.creditCode })), FEED, 2);
    expect(own.map((i) => i.alert.message)).toEqual(['a1', 'slow']);
    const market = await feeds.take(feeds.connect(await token({ role: Role.PARTNER, department: 'MARKET_SUPERVISION' })), FEED, 4);
    expect(market.map((i) => i.alert.message)).toEqual(['a1', 'b1', 'slow', 'fast']);
    const critical = await feeds.take(feeds.connect(await regulatorToken()), FEED, 1, { severity: 'CRITICAL' });
    expect(critical.map((i) => [i.alert.code, i.alert.chain])).toEqual([['CHAIN_BROKEN', a.creditCode]]);
  });

  it('refuses at subscribe time: another enterprise, a department without LICENCES, a bad position, no token', async () => {
    const enterprise = await token({ role: Role.ENTERPRISE, enterprise: a.creditCode });
    expect(await feeds.refusal(feeds.connect(enterprise), FEED, { enterprise: b.creditCode })).toEqual(['FORBIDDEN']);
    expect(await feeds.refusal(feeds.connect(await token({ role: Role.PARTNER, department: 'FIRE_RESCUE' })), FEED)).toEqual(['FORBIDDEN Subscription.alerts']);
    expect(await feeds.refusal(feeds.connect(enterprise), FEED, { after: '12' })).toEqual(['BAD_USER_INPUT after']);
    expect(await feeds.refusal(feeds.connect(), FEED)).toEqual(['UNAUTHENTICATED']);
  });
});
