import http from 'node:http';
import { AddressInfo } from 'node:net';
import { fixedClock } from '../../src/shared/clock';
import { Notification } from '../../src/supervision/notification.entity';
import { notify } from '../../src/supervision/outbox';
import { MAX_DELIVERY_ATTEMPTS } from '../../src/supervision/outbox-delivery.job';
import { SupervisionService } from '../../src/supervision/supervision.service';
import { DeliveryStatus, NotificationAudience, NotificationKind, SpecialOperationType } from '../../src/supervision/supervision.enums';
import { codes, createTestApi } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { creditCode, enterpriseViewer, partner, registerEnterprise, regulator } from '../support/fixtures';
import { issueLicence } from '../support/licensing-fixtures';
import { runJob } from '../support/supervision-fixtures';


let db: TestDatabase;
// 2026-11-26 10:00 in Shanghai.
const clock = fixedClock('2026-11-26T02:00:00.000Z');
const A = creditCode(501);
const B = creditCode(502);

beforeAll(async () => {
  db = await openTestDatabase();
  await registerEnterprise(db.orm.em.fork(), 501);
  await registerEnterprise(db.orm.em.fork(), 502);
});
afterAll(() => db.close());

const notices = (where: Record<string, unknown> = {}) => db.orm.em.fork().find(Notification, where, { orderBy: { id: 'asc' }, populate: ['enterprise'] });

describe('expiry reminders', () => {
  it('reminds 90, 30 and 7 days before, each once, for licences and certificates', async () => {
    const issueClock = fixedClock('2026-01-05T02:00:00.000Z');
    const licence = await issueLicence(db.orm.em.fork(), issueClock, A, { validFrom: '2026-01-05', validUntil: '2026-12-26' }); // 30 days left
    await issueLicence(db.orm.em.fork(), issueClock, B, { validFrom: '2026-01-05', validUntil: '2027-06-30' }); // far off
    const service = new SupervisionService(db.orm.em.fork(), clock);
    const farCert = await service.registerCertificate(enterpriseViewer(A), { enterprise: A, holder: '李四', type: SpecialOperationType.HAZCHEM_SAFETY, number: 'T310000001', reviewDate: '2027-02-24' }); // 90 days
    await new SupervisionService(db.orm.em.fork(), clock).registerCertificate(regulator, { enterprise: B, holder: '王五', type: SpecialOperationType.WELDING_AND_CUTTING, number: 'T310000002', reviewDate: '2026-12-01' }); // 5 days

    const first = await runJob(db, clock, 'expiry-reminders');
    expect(first.counts).toMatchObject({ licenceReminders: 1, certificateReminders: 2 });
    expect((await notices()).map((n) => [n.kind, n.enterprise!.creditCode, n.payload.daysBefore])).toEqual([
      [NotificationKind.LICENCE_EXPIRY_REMINDER, A, 30],
      [NotificationKind.CERTIFICATE_REVIEW_REMINDER, A, 90],
      [NotificationKind.CERTIFICATE_REVIEW_REMINDER, B, 7],
    ]);
    expect((await notices())[0].dedupeKey).toBe(`licence-expiry:${licence.id}:2026-12-26:30`);

    // The same day again: nothing new.
    const again = await runJob(db, clock, 'expiry-reminders');
    expect(again.counts).toMatchObject({ alreadySent: 3 });
    expect(again.counts.licenceReminders).toBeUndefined();
    expect(await notices()).toHaveLength(3);

    // 20 days on: the licence is 10 days out (no new threshold), B's certificate is past.
    clock.set('2026-12-16T02:00:00.000Z');
    await runJob(db, clock, 'expiry-reminders');
    expect(await notices()).toHaveLength(3);
    // 23 days on: 7 days left on the licence.
    clock.set('2026-12-19T02:00:00.000Z');
    await runJob(db, clock, 'expiry-reminders');
    expect((await notices()).map((n) => n.payload.daysBefore)).toEqual([30, 90, 7, 7]);

    // A review moves the date; reminders start again for the new one.
    await new SupervisionService(db.orm.em.fork(), clock).recordCertificateReview(regulator, { id: farCert.id, nextReviewDate: '2027-01-10' });
    await runJob(db, clock, 'expiry-reminders');
    expect((await notices()).at(-1)!.dedupeKey).toBe(`certificate-review:${farCert.id}:2027-01-10:30`);
    clock.set('2026-11-26T02:00:00.000Z');
  });

  it('an enterprise reads its own notifications, regulators all, fire rescue only the major-hazard notices, other partners none', async () => {
    const api = await createTestApi(db, { clock });
    try {
      const q = `query($e: CreditCode) { notifications(enterprise: $e, first: 50) { totalCount edges { node { kind severity title deliveryStatus enterprise { creditCode } payload } } } }`;
      const own = await api.run(q, {}, enterpriseViewer(B));
      expect(own.errors).toBeUndefined();
      expect(own.data!.notifications.edges.map((e: any) => e.node.enterprise.creditCode)).toEqual([B]);
      expect(own.data!.notifications.edges[0].node).toMatchObject({ kind: 'CERTIFICATE_REVIEW_REMINDER', severity: 'INFO', deliveryStatus: 'PENDING', payload: { daysBefore: 7 } });
      expect(codes(await api.run(q, { e: A }, enterpriseViewer(B)))).toEqual(['FORBIDDEN']);
      const all = await api.run(q, {}, regulator);
      expect(all.data!.notifications.totalCount).toBe(5);
      expect((await api.run(q, { e: A }, regulator)).data!.notifications.totalCount).toBe(4);
      expect((await api.run(q, {}, partner('FIRE_RESCUE'))).data!.notifications.totalCount).toBe(0);
      expect(codes(await api.run(q, {}, partner('TRANSPORT')))).toEqual(['FORBIDDEN']);
    } finally {
      await api.stop();
    }
  });
});

describe('outbox', () => {
  it('keeps a notice once per dedupe key', async () => {
    const em = db.orm.em.fork();
    const notice = { audience: NotificationAudience.REGULATORS, kind: NotificationKind.SUPERVISION_PROPOSED, title: 't', payload: {}, dedupeKey: 'test:once' };
    expect(await notify(em, notice, clock.now())).toBe(true);
    expect(await notify(em, notice, clock.now())).toBe(false);
    expect(await db.orm.em.fork().count(Notification, { dedupeKey: 'test:once' })).toBe(1);
  });

  it('delivers to the webhook, retrying with exponential backoff', async () => {
    const received: { body: any; key: string | undefined }[] = [];
    let failuresLeft = 2;
    const server = http.createServer((req, res) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => {
        received.push({ body: JSON.parse(data), key: req.headers['idempotency-key'] as string | undefined });
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          res.writeHead(503).end();
        } else {
          res.writeHead(204).end();
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    try {
      // Only one due notice: mark the earlier ones delivered.
      await db.orm.em.fork().nativeUpdate(Notification, {}, { deliveryStatus: DeliveryStatus.DELIVERED });
      await notify(db.orm.em.fork(), { audience: NotificationAudience.ENTERPRISE, kind: NotificationKind.LICENCE_EXPIRY_REMINDER, title: 'hook', payload: { x: 1 }, dedupeKey: 'test:hook', enterpriseId: (await db.orm.em.fork().findOneOrFail('Enterprise', { creditCode: A } as never) as any).id }, clock.now());
      const hook = () => db.orm.em.fork().findOneOrFail(Notification, { dedupeKey: 'test:hook' });

      const first = await runJob(db, clock, 'outbox-delivery', { webhookUrl });
      expect(first.counts).toMatchObject({ due: 1, retried: 1 });
      expect(await hook()).toMatchObject({ deliveryStatus: DeliveryStatus.PENDING, attempts: 1, lastError: 'HTTP 503' });
      expect((await hook()).nextAttemptAt!.toISOString()).toBe('2026-11-26T02:01:00.000Z');

      // Not due yet: nothing is sent.
      expect((await runJob(db, clock, 'outbox-delivery', { webhookUrl })).counts).toMatchObject({ due: 0 });
      clock.advance(60_000);
      await runJob(db, clock, 'outbox-delivery', { webhookUrl });
      expect((await hook()).nextAttemptAt!.toISOString()).toBe('2026-11-26T02:03:00.000Z'); // 2 minutes after the 2nd failure
      clock.advance(120_000);
      expect((await runJob(db, clock, 'outbox-delivery', { webhookUrl })).counts).toMatchObject({ delivered: 1 });
      expect(await hook()).toMatchObject({ deliveryStatus: DeliveryStatus.DELIVERED, attempts: 3, lastError: null, nextAttemptAt: null });
      expect(received).toHaveLength(3);
      expect(received[2]).toMatchObject({ key: 'test:hook', body: { kind: 'LICENCE_EXPIRY_REMINDER', audience: 'ENTERPRISE', enterprise: A, title: 'hook', payload: { x: 1 }, dedupeKey: 'test:hook' } });

      // A receiver that never answers 2xx: given up after the last attempt.
      failuresLeft = 1;
      await notify(db.orm.em.fork(), { audience: NotificationAudience.REGULATORS, kind: NotificationKind.SUPERVISION_PROPOSED, title: 'dead', payload: {}, dedupeKey: 'test:dead' }, clock.now());
      await db.orm.em.fork().nativeUpdate(Notification, { dedupeKey: 'test:dead' }, { attempts: MAX_DELIVERY_ATTEMPTS - 1 });
      expect((await runJob(db, clock, 'outbox-delivery', { webhookUrl })).counts).toMatchObject({ gaveUp: 1 });
      expect(await db.orm.em.fork().findOneOrFail(Notification, { dedupeKey: 'test:dead' })).toMatchObject({ deliveryStatus: DeliveryStatus.FAILED, attempts: MAX_DELIVERY_ATTEMPTS });

      // An unreachable receiver is a retry, not a failed run.
      await notify(db.orm.em.fork(), { audience: NotificationAudience.REGULATORS, kind: NotificationKind.SUPERVISION_PROPOSED, title: 'x', payload: {}, dedupeKey: 'test:unreachable' }, clock.now());
      const unreachable = await runJob(db, clock, 'outbox-delivery', { webhookUrl: 'http://127.0.0.1:1/hook' });
      expect(unreachable).toMatchObject({ status: 'SUCCEEDED', counts: { retried: 1 } });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('without WEBHOOK_URL, counts what is due and sends nothing', async () => {
    await notify(db.orm.em.fork(), { audience: NotificationAudience.REGULATORS, kind: NotificationKind.SUPERVISION_PROPOSED, title: 'y', payload: {}, dedupeKey: 'test:nohook' }, clock.now());
    const run = await runJob(db, clock, 'outbox-delivery');
    expect(run.counts).toEqual({ pending: 1 });
  });
});
