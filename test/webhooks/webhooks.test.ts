/**
 * Signed webhooks (docs/feeds.md) against a real local HTTP receiver that
 * fails on purpose: registration within the owner's rights, Standard Webhooks
 * signatures, two dispatchers on one database delivering each event exactly
 * once and in order, retries with backoff, visibility checked again at
 * delivery time, disable/enable, dead letters and their replay.
 */
import { mintToken } from '../../src/access/tokens';
import { Role } from '../../src/access/viewer';
import { LogIntegrator } from '../../src/ledger/log-integrator';
import { generateSigner } from '../../src/proof/signed-note';
import { fixedClock, systemClock } from '../../src/shared/clock';
import { WebhookDispatcher } from '../../src/webhooks/webhook-dispatcher';
import { verifyWebhook } from '../../src/webhooks/webhook-signature';
import { openTestDatabase, TestDatabase } from '../support/database';
import { SECRET, startTestServer, testSecretBox } from '../support/http';
import { inbound, outbound, record, registerTrader, Trader } from '../support/ledger-fixtures';
import { Received, startWebhookReceiver } from '../support/webhook-receiver';

let db: TestDatabase;
let api: Awaited<ReturnType<typeof startTestServer>>;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let url: string;
let maker: Trader;
let other: Trader;
const clock = fixedClock('2026-12-05T08:00:00Z');
let got: Received[];

const token = (claims: Record<string, unknown>) => mintToken(SECRET, { subject: 's-1', expiresInSeconds: 600, ...claims } as never);
const integrate = () => new LogIntegrator(db.orm.em.fork(), generateSigner('test.example/ledger'), systemClock).integrate();
const dispatcher = (instance: string) => new WebhookDispatcher({ em: db.orm.em.fork(), clock, allowPrivate: true, secrets: testSecretBox(), instance });
const REGISTER = `mutation($input: RegisterWebhookInput!) { registerWebhook(input: $input) { webhook { id status event } secret } }`;
const DELIVERIES = `query($w: ID!, $s: WebhookDeliveryStatus) { webhookDeliveries(webhook: $w, status: $s, first: 100) { totalCount edges { node { id eventId position status attempts lastStatusCode } } } }`;
const errorsOf = (answer: any) => answer.body.errors?.map((e: any) => [e.extensions.code, e.extensions.field].filter(Boolean).join(' '));

async function drain(...workers: WebhookDispatcher[]): Promise<void> {
  for (let round = 0; round < 20; round++) {
    const attempts = await Promise.all(workers.map((w) => w.runOnce()));
    if (attempts.every((n) => n === 0) && round > 0) return;
  }
}

beforeAll(async () => {
  db = await openTestDatabase();
  api = await startTestServer(db, { WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOKS_DELIVER: 'false' });
  receiver = await startWebhookReceiver();
  ({ url, got } = receiver);
  maker = await registerTrader(db, 81, 1381); // chlorine: highly toxic
  other = await registerTrader(db, 82, 2); // ammonia: neither
});
afterAll(async () => {
  await api.stop();
  await receiver.close();
  await db.close();
});

describe('webhooks', () => {
  let police: string;
  let webhookId: string;
  let secret: string;

  it('refuses bad input naming the field, and feeds the owner may not read', async () => {
    police = await token({ role: Role.PARTNER, department: 'PUBLIC_SECURITY' });
    const refuse = async (input: Record<string, unknown>, who = police, server = api) => errorsOf(await server.gql(REGISTER, { input: { event: 'LEDGER_ENTRIES', url, ...input } }, who));
    expect(await refuse({ url: 'ftp://example.com/x' })).toEqual(['BAD_USER_INPUT input.url']);
    expect(await refuse({ url: 'not a url' })).toEqual(['BAD_USER_INPUT input.url']);
    expect(await refuse({ severity: 'CRITICAL' })).toEqual(['BAD_USER_INPUT input.severity']);
    expect(await refuse({ after: 'x' })).toEqual(['BAD_USER_INPUT input.after']);
    expect(await refuse({}, await token({ role: Role.PARTNER, department: 'FIRE_RESCUE' }))).toEqual(['FORBIDDEN']);
    expect(await refuse({ enterprise: other.code }, await token({ role: Role.ENTERPRISE, enterprise: maker.code }))).toEqual(['FORBIDDEN']);
    const strict = await startTestServer(db, { WEBHOOKS_DELIVER: 'false' });
    try {
      expect(await refuse({}, police, strict)).toEqual(['BAD_USER_INPUT input.url']); // loopback, without WEBHOOK_ALLOW_PRIVATE
    } finally {
      await strict.stop();
    }
    expect(await db.orm.em.fork().getConnection().execute('select count(*)::int as n from webhook_subscription')).toEqual([{ n: 0 }]);
  });

  it('two dispatchers on one database deliver each event exactly once, in order, signed', async () => {
    const registered = await api.gql(REGISTER, { input: { event: 'LEDGER_ENTRIES', url } }, police);
    expect(registered.body.errors).toBeUndefined();
    ({ secret } = registered.body.data.registerWebhook);
    webhookId = registered.body.data.registerWebhook.webhook.id;
    expect(secret).toMatch(/^whsec_/);
    const own = await api.gql(REGISTER, { input: { event: 'LEDGER_ENTRIES', url } }, await token({ role: Role.ENTERPRISE, enterprise: other.code }));
    expect(own.body.errors).toBeUndefined();
    await record(db, maker.viewer, [inbound(maker.product, { batch: 'L1', quantity: '500' }), ...Array.from({ length: 30 }, (_, i) => outbound(maker.product, { batch: 'L1', quantity: String(i + 1) }))]);
    await record(db, other.viewer, [inbound(other.product, { batch: 'A1', quantity: '3' })]);
    await integrate();
    await drain(dispatcher('a'), dispatcher('b'));
    const mine = got.filter((g) => g.id.startsWith(`${webhookId}-`));
    expect(mine).toHaveLength(31);
    expect(new Set(mine.map((g) => g.id)).size).toBe(31);
    const positions = mine.map((g) => Number(JSON.parse(g.body).position));
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
    expect(mine.every((g) => JSON.parse(g.body).data.chain === maker.code)).toBe(true);
    expect(mine.every((g) => verifyWebhook(secret, g, g.body, Math.floor(Date.now() / 1000)))).toBe(true);
    expect(verifyWebhook(secret, mine[0], mine[0].body.replace('500', '501'), Math.floor(Date.now() / 1000))).toBe(false);
    expect(verifyWebhook(secret, mine[0], mine[0].body, Math.floor(Date.now() / 1000) + 600)).toBe(false); // outside the replay window
    expect(got.filter((g) => !g.id.startsWith(`${webhookId}-`)).map((g) => JSON.parse(g.body).data.chain)).toEqual([other.code]);
  });

  it('retries a failing receiver with backoff, holding later events behind, and shows the owner each delivery', async () => {
    got.length = 0;
    receiver.state.failing = 2;
    await record(db, maker.viewer, [outbound(maker.product, { batch: 'L1', quantity: '1' }), outbound(maker.product, { batch: 'L1', quantity: '2' })]);
    await integrate();
    const worker = dispatcher('a');
    await worker.runOnce();
    expect(got).toHaveLength(0);
    await worker.runOnce(); // not due yet: nothing tried
    expect(receiver.state.failing).toBe(1);
    clock.advance(61_000);
    await worker.runOnce();
    expect(got).toHaveLength(0);
    clock.advance(121_000);
    await drain(worker);
    expect(got.map((g) => JSON.parse(g.body).data.quantity)).toEqual(['1.000', '2.000']);
    const answer = await api.gql(DELIVERIES, { w: webhookId }, police);
    const nodes = answer.body.data.webhookDeliveries.edges.map((e: any) => e.node);
    expect(nodes).toHaveLength(33);
    expect(nodes[31]).toMatchObject({ status: 'DELIVERED', attempts: 3, lastStatusCode: 204 });
    expect(errorsOf(await api.gql(DELIVERIES, { w: webhookId }, await token({ role: Role.ENTERPRISE, enterprise: maker.code })))).toEqual(['NOT_FOUND webhook']);
  });

  it('withholds a pending delivery the owner may no longer read when it is due', async () => {
    got.length = 0;
    receiver.state.failing = 1;
    await record(db, maker.viewer, [outbound(maker.product, { batch: 'L1', quantity: '3' })]);
    await integrate();
    const worker = dispatcher('b');
    await worker.runOnce();
    const conn = db.orm.em.fork().getConnection();
    await conn.execute('update chemical set highly_toxic = false, explosive_precursor = false where serial = 1381');
    try {
      clock.advance(61_000);
      await drain(worker);
    } finally {
      await conn.execute('update chemical set highly_toxic = true where serial = 1381');
    }
    expect(got).toHaveLength(0);
    expect((await api.gql(DELIVERIES, { w: webhookId, s: 'WITHHELD' }, police)).body.data.webhookDeliveries.totalCount).toBe(1);
  });

  it('sends nothing while disabled, resumes when enabled; a dead delivery is replayed', async () => {
    got.length = 0;
    const toggle = (enabled: boolean) => api.gql(`mutation($id: ID!, $on: Boolean!) { setWebhookEnabled(id: $id, enabled: $on) { status } }`, { id: webhookId, on: enabled }, police);
    expect((await toggle(false)).body.data.setWebhookEnabled.status).toBe('DISABLED');
    await record(db, maker.viewer, [outbound(maker.product, { batch: 'L1', quantity: '4' })]);
    await integrate();
    const worker = dispatcher('a');
    await drain(worker);
    expect(got).toHaveLength(0);
    await toggle(true);
    receiver.state.failing = 1_000;
    for (let i = 0; i < 12; i++) {
      await worker.runOnce();
      clock.advance(7 * 3600_000);
    }
    receiver.state.failing = 0;
    const dead = (await api.gql(DELIVERIES, { w: webhookId, s: 'DEAD' }, police)).body.data.webhookDeliveries;
    expect(dead.totalCount).toBe(1);
    expect(dead.edges[0].node.attempts).toBe(10);
    const replay = await api.gql(`mutation($id: ID!) { replayWebhookDelivery(id: $id) { status } }`, { id: dead.edges[0].node.id }, police);
    expect(replay.body.data.replayWebhookDelivery.status).toBe('PENDING');
    await drain(worker);
    expect(got.map((g) => JSON.parse(g.body).data.quantity)).toEqual(['4.000']);
    expect(errorsOf(await api.gql(`mutation($id: ID!) { replayWebhookDelivery(id: $id) { status } }`, { id: dead.edges[0].node.id }, police))).toEqual(['INVALID_DELIVERY_STATE id']);
  });
});
