import { Alert } from '../../src/licensing/alert.entity';
import { LicenceType } from '../../src/licensing/licensing.enums';
import { LicenceLifecycleService } from '../../src/licensing/licence-lifecycle.service';
import { Enterprise } from '../../src/registry/enterprise.entity';
import { Product } from '../../src/registry/product.entity';
import { Warehouse } from '../../src/registry/warehouse.entity';
import { fixedClock } from '../../src/shared/clock';
import { movementObservers } from '../../src/movement-observers';
import { LicenceChecker } from '../../src/licensing/licence-checker';
import { codes, createTestApi } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { creditCode, enterpriseViewer, registerEnterprise, registerProduct, registerWarehouse, regulator } from '../support/fixtures';
import { AMMONIA, appendChecked, CHLORINE, issueLicence, NITRIC_ACID } from '../support/licensing-fixtures';

let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;
const clock = fixedClock('2026-01-05T02:00:00Z');
const june = new Date('2026-06-01T02:00:00Z');

let seller: Enterprise;
let buyer: Enterprise;
let user: Enterprise;
let w: Warehouse;
let chlorine: Product;
let ammonia: Product;
let nitric: Product;

beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db, { clock });
  seller = await registerEnterprise(db.orm.em, 300);
  buyer = await registerEnterprise(db.orm.em, 301);
  user = await registerEnterprise(db.orm.em, 302);
  await registerEnterprise(db.orm.em, 303);
  w = await registerWarehouse(db.orm.em, seller.creditCode);
  chlorine = await registerProduct(db.orm.em, seller.creditCode, CHLORINE);
  ammonia = await registerProduct(db.orm.em, seller.creditCode, AMMONIA);
  nitric = await registerProduct(db.orm.em, seller.creditCode, NITRIC_ACID);
  // The seller trades and stores chlorine; trades ammonia without storage. Valid 2026-01-05 … 2026-12-31.
  await issueLicence(db.orm.em, clock, seller.creditCode, {
    scope: [{ chemicalSerial: CHLORINE, storageAllowed: true }, { chemicalSerial: AMMONIA }, { chemicalSerial: NITRIC_ACID }],
    validUntil: '2026-12-31',
  });
  // The buyer may use chlorine.
  await issueLicence(db.orm.em, clock, buyer.creditCode, { type: LicenceType.SAFE_USE, scope: [{ chemicalSerial: CHLORINE }] });
});
afterAll(async () => {
  await api.stop();
  await db.close();
});

const alertsOf = (entryId: string) => db.orm.em.fork().find(Alert, { entry: entryId }, { orderBy: { id: 'asc' } });
const summary = async (entryId: string) => (await alertsOf(entryId)).map((a) => [a.code, a.activity]);

it('is registered with the ledger', () => {
  expect(movementObservers({ overCapacityTolerance: 0 }).some((o) => o instanceof LicenceChecker)).toBe(true);
});

it('passes a movement the licences permit: no alert', async () => {
  const sale = await appendChecked(db.orm.em, { enterprise: seller, warehouse: w, product: chlorine, reason: 'SALE', counterparty: buyer.creditCode, occurredAt: june });
  const receipt = await appendChecked(db.orm.em, { enterprise: seller, warehouse: w, product: chlorine, reason: 'PURCHASE', counterparty: buyer.creditCode, occurredAt: june });
  expect(await alertsOf(sale.entryId)).toEqual([]);
  expect(await alertsOf(receipt.entryId)).toEqual([]);
});

it('OUT_OF_SCOPE: storage of a chemical licensed without storage', async () => {
  const m = await appendChecked(db.orm.em, { enterprise: seller, warehouse: w, product: ammonia, reason: 'PURCHASE', occurredAt: june });
  expect(await summary(m.entryId)).toEqual([['OUT_OF_SCOPE', 'STORAGE']]);
  const [alert] = await alertsOf(m.entryId);
  expect(alert).toMatchObject({ status: 'OPEN', severity: 'NORMAL', chain: seller.creditCode, chainFailure: null, entryHash: m.hash, entrySeq: m.seq, occurredAt: june });
  expect(alert.licence).toBeTruthy();
});

it('LICENCE_MISSING: an activity no licence type held covers (use)', async () => {
  const m = await appendChecked(db.orm.em, { enterprise: seller, warehouse: w, product: chlorine, reason: 'CONSUMPTION', occurredAt: june });
  expect(await summary(m.entryId)).toEqual([['LICENCE_MISSING', 'USE']]);
});

it('LICENCE_EXPIRED: a movement after validUntil', async () => {
  const late = await appendChecked(db.orm.em, { enterprise: seller, warehouse: w, product: chlorine, reason: 'SALE', counterparty: buyer.creditCode, occurredAt: new Date('2027-01-01T00:00:00Z') });
  expect(await summary(late.entryId)).toEqual([['LICENCE_EXPIRED', 'TRADE']]);
});

it('checks at occurredAt: a suspension counts only from when it happened', async () => {
  const other = await registerEnterprise(db.orm.em, 304);
  const wh = await registerWarehouse(db.orm.em, other.creditCode);
  const product = await registerProduct(db.orm.em, other.creditCode, AMMONIA);
  const licence = await issueLicence(db.orm.em, clock, other.creditCode, { scope: [{ chemicalSerial: AMMONIA, storageAllowed: true }] });
  clock.set('2026-03-01T00:00:00Z');
  await new LicenceLifecycleService(db.orm.em.fork(), clock).suspendLicence(regulator, { licenceId: licence.id, reason: '整改' });
  const before = await appendChecked(db.orm.em, { enterprise: other, warehouse: wh, product, reason: 'SALE', occurredAt: new Date('2026-02-28T00:00:00Z') });
  const after = await appendChecked(db.orm.em, { enterprise: other, warehouse: wh, product, reason: 'SALE', occurredAt: new Date('2026-03-02T00:00:00Z') });
  expect(await summary(before.entryId)).toEqual([]);
  expect(await summary(after.entryId)).toEqual([['LICENCE_INVALID', 'TRADE']]);
  // Before the licence was issued at all: missing.
  const earlier = await appendChecked(db.orm.em, { enterprise: other, warehouse: wh, product, reason: 'SALE', occurredAt: new Date('2025-12-01T00:00:00Z') });
  expect(await summary(earlier.entryId)).toEqual([['LICENCE_MISSING', 'TRADE']]);
});

it('COUNTERPARTY_UNLICENSED: the buyer of a highly toxic or precursor chemical without a licence for it', async () => {
  const toUnlicensed = await appendChecked(db.orm.em, { enterprise: seller, warehouse: w, product: chlorine, reason: 'SALE', counterparty: user.creditCode, occurredAt: june });
  expect(await summary(toUnlicensed.entryId)).toEqual([['COUNTERPARTY_UNLICENSED', 'PURCHASE']]);
  expect((await alertsOf(toUnlicensed.entryId))[0].counterparty).toBe(user.creditCode);
  // The buyer's SAFE_USE licence does not include nitric acid.
  const precursor = await appendChecked(db.orm.em, { enterprise: seller, warehouse: w, product: nitric, reason: 'SALE', counterparty: buyer.creditCode, occurredAt: june });
  expect(await summary(precursor.entryId)).toEqual([['COUNTERPARTY_UNLICENSED', 'PURCHASE']]);
  const unnamed = await appendChecked(db.orm.em, { enterprise: seller, warehouse: w, product: chlorine, reason: 'SALE', occurredAt: june });
  expect(await summary(unnamed.entryId)).toEqual([['COUNTERPARTY_UNLICENSED', 'PURCHASE']]);
  const unregistered = await appendChecked(db.orm.em, { enterprise: seller, warehouse: w, product: chlorine, reason: 'SALE', counterparty: creditCode(399), occurredAt: june });
  expect(await summary(unregistered.entryId)).toEqual([['COUNTERPARTY_UNLICENSED', 'PURCHASE']]);
  // Ammonia is neither highly toxic nor a precursor: no buyer check.
  const plain = await appendChecked(db.orm.em, { enterprise: seller, warehouse: w, product: ammonia, reason: 'SALE', counterparty: user.creditCode, occurredAt: june });
  expect(await summary(plain.entryId)).toEqual([]);
});

it('does not check corrections, disposals or returns out', async () => {
  for (const reason of ['CORRECTION', 'DISPOSAL', 'RETURN_OUT']) {
    const m = await appendChecked(db.orm.em, { enterprise: user, warehouse: await registerWarehouse(db.orm.em, user.creditCode, `W-${reason}`), product: chlorine, reason, direction: 'OUT', occurredAt: june });
    expect([reason, await summary(m.entryId)]).toEqual([reason, []]);
  }
});

it('an alert rolls back with the entry: the checker writes inside the ledger transaction', async () => {
  const before = await db.orm.em.fork().count(Alert, {});
  await expect(
    db.orm.em.fork().transactional(async (tx) => {
      await new LicenceChecker().afterAppend(tx, [
        { entryId: '1', chain: seller.creditCode, seq: 1, hash: 'f'.repeat(64), direction: 'OUT', reason: 'CONSUMPTION', warehouseCode: 'W1', productCode: chlorine.traceCode, chemicalSerial: CHLORINE, batch: 'B1', quantity: '1.000', counterparty: null, occurredAt: june },
      ]);
      expect(await tx.count(Alert, {})).toBe(before + 1);
      throw new Error('the ledger failed later');
    }),
  ).rejects.toThrow('the ledger failed later');
  expect(await db.orm.em.fork().count(Alert, {})).toBe(before);
});

describe('alerts, as regulators manage them', () => {
  const ALERTS = `query($s: AlertStatus, $c: AlertCode) { alerts(status: $s, code: $c, first: 100) { totalCount edges { node { id code status activity message entryHash entrySeq enterprise { creditCode } chemical { serial } licence { number } entry { seq hash } } } } }`;

  it('lists and filters alerts; an enterprise sees its own only', async () => {
    const all = await api.run(ALERTS, {}, regulator);
    expect(all.errors).toBeUndefined();
    expect(all.data!.alerts.totalCount).toBeGreaterThanOrEqual(8);
    const node = all.data!.alerts.edges[0].node;
    expect(node.entry).toEqual({ seq: node.entrySeq, hash: node.entryHash });
    const expired = await api.run(ALERTS, { c: 'LICENCE_EXPIRED' }, regulator);
    expect(expired.data!.alerts.edges.map((e: any) => e.node.code)).toEqual(['LICENCE_EXPIRED']);
    const own = await api.run(ALERTS, {}, enterpriseViewer(user.creditCode));
    expect(own.data!.alerts.totalCount).toBe(0);
    const viaEnterprise = await api.run(`query($c: CreditCode!) { enterprise(creditCode: $c) { alerts(status: OPEN) { totalCount } } }`, { c: seller.creditCode }, regulator);
    expect(viaEnterprise.data!.enterprise.alerts.totalCount).toBeGreaterThanOrEqual(7);
  });

  it('licence-check alerts are NORMAL: filtered by severity, none is CRITICAL', async () => {
    const BY_SEVERITY = `query($v: AlertSeverity) { alerts(severity: $v, first: 100) { totalCount edges { node { severity chain enterprise { creditCode } } } } }`;
    const all = await api.run(BY_SEVERITY, {}, regulator);
    const normal = await api.run(BY_SEVERITY, { v: 'NORMAL' }, regulator);
    expect(normal.errors).toBeUndefined();
    expect(normal.data!.alerts.totalCount).toBe(all.data!.alerts.totalCount);
    expect(normal.data!.alerts.edges.every((e: any) => e.node.severity === 'NORMAL' && e.node.chain === e.node.enterprise.creditCode)).toBe(true);
    expect((await api.run(BY_SEVERITY, { v: 'CRITICAL' }, regulator)).data!.alerts.totalCount).toBe(0);
  });

  it('OPEN → ACKNOWLEDGED → RESOLVED with a note; nothing after RESOLVED', async () => {
    const [alert] = await db.orm.em.fork().find(Alert, { code: 'OUT_OF_SCOPE' as never });
    const ACK = `mutation($input: AlertActionInput!) { acknowledgeAlert(input: $input) { status acknowledgedBy acknowledgedAt } }`;
    const RESOLVE = `mutation($input: AlertActionInput!) { resolveAlert(input: $input) { status resolvedBy resolution } }`;
    expect(codes(await api.run(ACK, { input: { alertId: alert.id } }, enterpriseViewer(seller.creditCode)))).toEqual(['FORBIDDEN']);
    const ack = await api.run(ACK, { input: { alertId: alert.id } }, regulator);
    expect(ack.data!.acknowledgeAlert).toMatchObject({ status: 'ACKNOWLEDGED', acknowledgedBy: 'regulator-1' });
    const noNote = await api.run(RESOLVE, { input: { alertId: alert.id } }, regulator);
    expect(noNote.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.note' });
    const resolved = await api.run(RESOLVE, { input: { alertId: alert.id, note: '已补办新增品名' } }, regulator);
    expect(resolved.data!.resolveAlert).toEqual({ status: 'RESOLVED', resolvedBy: 'regulator-1', resolution: '已补办新增品名' });
    const again = await api.run(ACK, { input: { alertId: alert.id } }, regulator);
    expect(again.errors![0].extensions).toMatchObject({ code: 'INVALID_ALERT_TRANSITION', from: 'RESOLVED', to: 'ACKNOWLEDGED' });
    expect(codes(await api.run(ACK, { input: { alertId: '987654' } }, regulator))).toEqual(['NOT_FOUND']);
  });
});
