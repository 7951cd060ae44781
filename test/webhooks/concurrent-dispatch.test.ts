/**
 * Two webhook dispatchers working one database at the same time, while the
 * ledger grows under them (docs/feeds.md): each claims subscriptions with FOR
 * UPDATE SKIP LOCKED and a lease, so every event of every subscription reaches
 * its receiver exactly once (one attempt, one webhook-id) and in feed order,
 * and both dispatchers share the work. A real local receiver answers after a
 * random few milliseconds so that the two interleave.
 */
import { Mandate } from '../../src/access/mandates';
import { Role, Viewer } from '../../src/access/viewer';
import { LogIntegrator } from '../../src/ledger/log-integrator';
import { generateSigner } from '../../src/proof/signed-note';
import { systemClock } from '../../src/shared/clock';
import { WebhookDispatcher } from '../../src/webhooks/webhook-dispatcher';
import { WebhooksService } from '../../src/webhooks/webhooks.service';
import { WebhookEvent } from '../../src/webhooks/webhooks.enums';
import { openTestDatabase, TestDatabase } from '../support/database';
import { testSecretBox } from '../support/http';
import { inbound, outbound, record, registerTrader, Trader } from '../support/ledger-fixtures';
import { startWebhookReceiver } from '../support/webhook-receiver';

// Correctness, not speed: on a loaded 2-core machine (CI with other work on it) the run passed 60 s once.
jest.setTimeout(180_000);

let db: TestDatabase;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let url: string;
let maker: Trader;
let other: Trader;

beforeAll(async () => {
  db = await openTestDatabase();
  receiver = await startWebhookReceiver(() => Math.floor(Math.random() * 4));
  url = receiver.url;
  maker = await registerTrader(db, 91, 1381); // chlorine: highly toxic, the police's mandate
  other = await registerTrader(db, 92, 2); // ammonia: neither
});
afterAll(async () => {
  await receiver.close();
  await db.close();
});

it('two dispatchers deliver every event of six webhooks exactly once, in order, while entries are appended', async () => {
  const service = new WebhooksService(db.orm.em.fork(), systemClock, true, testSecretBox());
  const regulator: Viewer = { role: Role.REGULATOR, subject: 'r-1' };
  const police: Viewer = { role: Role.PARTNER, subject: 'p-1', department: 'PUBLIC_SECURITY', mandates: [Mandate.ENTERPRISES, Mandate.CONTROLLED_MOVEMENTS, Mandate.COUNTERPARTIES] };
  const register = async (viewer: Viewer, enterprise: string | null = null) =>
    (await service.register(viewer, { url, event: WebhookEvent.LEDGER_ENTRIES, enterprise, after: null })).webhook.id;
  // What each webhook should receive, as [maker's entries, other's entries] it may read.
  const hooks = new Map<string, [boolean, boolean]>([
    [await register(regulator), [true, true]],
    [await register(regulator, maker.code), [true, false]],
    [await register(regulator, other.code), [false, true]],
    [await register(maker.viewer), [true, false]],
    [await register(other.viewer), [false, true]],
    [await register(police), [true, false]],
  ]);

  const dispatchers = ['a', 'b'].map((instance) => new WebhookDispatcher({ em: db.orm.em.fork(), clock: systemClock, allowPrivate: true, secrets: testSecretBox(), instance }));
  const attempts = [0, 0];
  let appending = true;
  const appender = (async () => {
    const integrator = new LogIntegrator(db.orm.em.fork(), generateSigner('test.example/ledger'), systemClock);
    await record(db, maker.viewer, [inbound(maker.product, { batch: 'L1', quantity: '500' })]);
    await record(db, other.viewer, [inbound(other.product, { batch: 'A1', quantity: '500' })]);
    for (let round = 0; round < 12; round++) {
      await record(db, maker.viewer, [1, 2, 3].map((q) => outbound(maker.product, { batch: 'L1', quantity: String(q) })));
      await record(db, other.viewer, [1, 2].map((q) => outbound(other.product, { batch: 'A1', quantity: String(q) })));
      await integrator.integrate();
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    appending = false;
  })();
  // Both dispatchers run rounds side by side until the appender is done and a round finds nothing to send.
  for (let quiet = 0; quiet < 2; ) {
    const wasAppending = appending;
    const made = await Promise.all(dispatchers.map((d) => d.runOnce()));
    made.forEach((n, i) => (attempts[i] += n));
    quiet = !wasAppending && made.every((n) => n === 0) ? quiet + 1 : 0;
  }
  await appender;

  const makerEntries = 1 + 12 * 3;
  const otherEntries = 1 + 12 * 2;
  for (const [webhook, [fromMaker, fromOther]] of hooks) {
    const received = receiver.got.filter((g) => g.id.startsWith(`${webhook}-`)).map((g) => ({ id: g.id, position: Number(JSON.parse(g.body).position) }));
    expect(received).toHaveLength((fromMaker ? makerEntries : 0) + (fromOther ? otherEntries : 0));
    expect(new Set(received.map((r) => r.id)).size).toBe(received.length);
    const positions = received.map((r) => r.position);
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
    expect(new Set(positions).size).toBe(positions.length);
  }
  const rows = await db.orm.em.fork().getConnection().execute(`select status, attempts, count(*)::int as n from webhook_delivery group by status, attempts`);
  expect(rows).toEqual([{ status: 'DELIVERED', attempts: 1, n: 2 * makerEntries + 2 * otherEntries + makerEntries + makerEntries + otherEntries }]);
  // Both did part of the work: the test proves them side by side, not one after the other.
  expect(attempts.every((n) => n > 0)).toBe(true);
  expect(attempts[0] + attempts[1]).toBe(rows[0].n);
});
