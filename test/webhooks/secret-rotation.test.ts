/**
 * Webhook secrets at rest and their rotation (docs/feeds.md): the database
 * holds each secret sealed under WEBHOOK_SECRET_KEY (AES-256-GCM), never in
 * clear; rotateWebhookSecret shows a new secret once and, for the overlap
 * asked, deliveries carry both signatures so a receiver holding either accepts
 * them; then only the new one signs. Secrets an earlier version stored in
 * clear are sealed at start.
 */
import { mintToken } from '../../src/access/tokens';
import { Role } from '../../src/access/viewer';
import { LogIntegrator } from '../../src/ledger/log-integrator';
import { generateSigner } from '../../src/proof/signed-note';
import { fixedClock, systemClock } from '../../src/shared/clock';
import { WebhookDispatcher } from '../../src/webhooks/webhook-dispatcher';
import { sealClearSecrets, WebhookSecretBox } from '../../src/webhooks/webhook-secret-box';
import { newWebhookSecret, verifyWebhook } from '../../src/webhooks/webhook-signature';
import { openTestDatabase, TestDatabase } from '../support/database';
import { SECRET, startTestServer, testSecretBox } from '../support/http';
import { inbound, record, registerTrader, Trader } from '../support/ledger-fixtures';
import { startWebhookReceiver } from '../support/webhook-receiver';

let db: TestDatabase;
let api: Awaited<ReturnType<typeof startTestServer>>;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let maker: Trader;
let police: string;
/** The dispatcher's clock: now, then moved past the overlap's end the server (on the system clock) set. */
const clock = fixedClock(new Date());

const ROTATE = `mutation($id: ID!, $overlap: Int) { rotateWebhookSecret(id: $id, overlapSeconds: $overlap) { secret webhook { id previousSecretUntil } } }`;
const stored = async (id: string) => (await db.orm.em.fork().getConnection().execute(`select secret, previous_secret, previous_secret_until from webhook_subscription where id = ?`, [id]))[0];
const errorsOf = (answer: any) => answer.body.errors?.map((e: any) => [e.extensions.code, e.extensions.field].filter(Boolean).join(' '));

/** Records one entry, integrates it and lets a dispatcher deliver it: what the receiver got for it. */
async function deliverOne(quantity: string) {
  receiver.got.length = 0;
  await record(db, maker.viewer, [inbound(maker.product, { batch: 'R1', quantity })]);
  await new LogIntegrator(db.orm.em.fork(), generateSigner('test.example/ledger'), systemClock).integrate();
  await new WebhookDispatcher({ em: db.orm.em.fork(), clock, allowPrivate: true, secrets: testSecretBox(), instance: 'r' }).runOnce();
  expect(receiver.got).toHaveLength(1);
  return receiver.got[0];
}

beforeAll(async () => {
  db = await openTestDatabase();
  api = await startTestServer(db, { WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOKS_DELIVER: 'false' });
  receiver = await startWebhookReceiver();
  maker = await registerTrader(db, 83, 1381);
  police = await mintToken(SECRET, { subject: 'p-1', expiresInSeconds: 600, role: Role.PARTNER, department: 'PUBLIC_SECURITY' } as never);
});
afterAll(async () => {
  await api.stop();
  await receiver.close();
  await db.close();
});

it('keeps the secret sealed at rest, signs with both secrets during a rotation overlap, then with the new one only', async () => {
  const registered = await api.gql(`mutation($input: RegisterWebhookInput!) { registerWebhook(input: $input) { secret webhook { id } } }`, { input: { event: 'LEDGER_ENTRIES', url: receiver.url } }, police);
  const { secret: first, webhook } = registered.body.data.registerWebhook;
  const row = await stored(webhook.id);
  expect(row.secret).toMatch(/^aes256gcm:/);
  expect(row.secret).not.toContain(first.slice('whsec_'.length));
  expect(testSecretBox().open(row.secret)).toBe(first);
  expect(() => new WebhookSecretBox(Buffer.alloc(32, 1)).open(row.secret)).toThrow(); // another key opens nothing

  // Refused: an overlap out of range, another organisation's webhook; nothing written.
  expect(errorsOf(await api.gql(ROTATE, { id: webhook.id, overlap: -1 }, police))).toEqual(['BAD_USER_INPUT overlapSeconds']);
  expect(errorsOf(await api.gql(ROTATE, { id: webhook.id, overlap: 8 * 86_400 }, police))).toEqual(['BAD_USER_INPUT overlapSeconds']);
  const fire = await mintToken(SECRET, { subject: 'f-1', expiresInSeconds: 600, role: Role.PARTNER, department: 'FIRE_RESCUE' } as never);
  expect(errorsOf(await api.gql(ROTATE, { id: webhook.id, overlap: 60 }, fire))).toEqual(['NOT_FOUND id']);
  expect(await stored(webhook.id)).toEqual(row);

  const rotated = (await api.gql(ROTATE, { id: webhook.id, overlap: 3600 }, police)).body.data.rotateWebhookSecret;
  const second: string = rotated.secret;
  expect(second).not.toBe(first);
  const overlapEnd = new Date(rotated.webhook.previousSecretUntil);
  expect(overlapEnd.getTime() - Date.now()).toBeGreaterThan(3500_000);
  clock.set(new Date());
  const during = await deliverOne('1');
  const now = Math.floor(Date.now() / 1000);
  expect(during.signature.split(' ')).toHaveLength(2);
  expect(verifyWebhook(first, during, during.body, now)).toBe(true);
  expect(verifyWebhook(second, during, during.body, now)).toBe(true);

  clock.set(new Date(overlapEnd.getTime() + 1000)); // the overlap is over
  const after = await deliverOne('2');
  expect(after.signature.split(' ')).toHaveLength(1);
  expect(verifyWebhook(second, after, after.body, now)).toBe(true);
  expect(verifyWebhook(first, after, after.body, now)).toBe(false);

  // overlapSeconds 0: the old secret (a leaked one) stops signing at once.
  const third: string = (await api.gql(ROTATE, { id: webhook.id, overlap: 0 }, police)).body.data.rotateWebhookSecret.secret;
  const now3 = await deliverOne('3');
  expect(verifyWebhook(third, now3, now3.body, now)).toBe(true);
  expect(verifyWebhook(second, now3, now3.body, now)).toBe(false);
  expect(await stored(webhook.id)).toMatchObject({ previous_secret: null, previous_secret_until: null });
});

it('seals at start a secret an earlier version stored in clear', async () => {
  const clear = newWebhookSecret();
  const conn = db.orm.em.fork().getConnection();
  const [{ id }] = await conn.execute(`select id::text from webhook_subscription limit 1`);
  await conn.execute(`update webhook_subscription set secret = ? where id = ?`, [clear, id]);
  expect(await sealClearSecrets(db.orm.em.fork(), testSecretBox())).toBe(1);
  const row = await stored(id);
  expect(row.secret).toMatch(/^aes256gcm:/);
  expect(testSecretBox().open(row.secret)).toBe(clear);
  expect(await sealClearSecrets(db.orm.em.fork(), testSecretBox())).toBe(0);
});
