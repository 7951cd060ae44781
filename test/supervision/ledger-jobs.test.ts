
import { InspectionStatus, InspectionType } from '../../src/inspection/inspection.enums';
import { SchedulingService } from '../../src/inspection/scheduling.service';
import { EnforcementLevel, Unit } from '../../src/registry/registry.enums';
import { Inspection } from '../../src/inspection/inspection.entity';
import { LedgerChain } from '../../src/ledger/ledger-chain.entity';
import { LedgerEntry } from '../../src/ledger/ledger-entry.entity';
import { Alert } from '../../src/licensing/alert.entity';
import { AlertCode, AlertSeverity, AlertStatus, LicenceType } from '../../src/licensing/licensing.enums';
import { fixedClock } from '../../src/shared/clock';
import { Complaint } from '../../src/supervision/complaint.entity';
import { MajorHazardFlag } from '../../src/supervision/major-hazard-flag.entity';
import { Notification } from '../../src/supervision/notification.entity';
import { SupervisionProposal } from '../../src/supervision/supervision-proposal.entity';
import { SupervisionService } from '../../src/supervision/supervision.service';
import { ComplaintStatus, NotificationKind, NotificationSeverity, ProposalReason, ProposalStatus } from '../../src/supervision/supervision.enums';
import { codes, createTestApi } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { enterpriseViewer, partner, registerProduct, regulator } from '../support/fixtures';
import { inbound, outbound, record, registerTrader, superuser, tamperEntries, Trader } from '../support/ledger-fixtures';
import { issueLicence } from '../support/licensing-fixtures';
import { runJob } from '../support/supervision-fixtures';

let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;
const clock = fixedClock('2026-11-26T08:30:00.000Z');
let a: Trader; // chlorine (threshold 5 t), KG
let b: Trader;

beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db, { clock });
  a = await registerTrader(db, 601);
  b = await registerTrader(db, 602);
});
afterAll(async () => {
  await api.stop();
  await db.close();
});

const at = (iso: string) => fixedClock(iso);
const notices = (kind: NotificationKind) => db.orm.em.fork().find(Notification, { kind }, { orderBy: { id: 'asc' } });

describe('major-hazard identification', () => {
  const STATUS = `query($e: CreditCode!, $w: String!) { majorHazardStatus(enterprise: $e, warehouse: $w) { sum flagged computedAt identifiedSince unconvertedChemicals unlistedChemicals contributions { chemicalName quantityTonnes thresholdTonnes ratio } } }`;

  it('sums q/Q over live stock, changes with stock, and the job flags and notifies on crossing 1', async () => {
    await record(db, a.viewer, [inbound(a.product, { quantity: '4000', occurredAt: '2026-11-26T08:00:00.000Z' })], undefined, clock);
    let status = await api.run(STATUS, { e: a.code, w: 'W1' }, regulator);
    expect(status.errors).toBeUndefined();
    expect(status.data!.majorHazardStatus).toMatchObject({ sum: '0.800000', flagged: false, identifiedSince: null, contributions: [{ chemicalName: '氯', quantityTonnes: '4.000000', thresholdTonnes: '5.000', ratio: '0.800000' }] });
    expect((await runJob(db, clock, 'major-hazard-identification')).counts).toMatchObject({ warehouses: 1 });
    expect(await notices(NotificationKind.MAJOR_HAZARD_IDENTIFIED)).toHaveLength(0);

    await record(db, a.viewer, [inbound(a.product, { quantity: '1000', batch: 'B2', occurredAt: '2026-11-26T08:10:00.000Z' })], undefined, clock);
    status = await api.run(STATUS, { e: a.code, w: 'W1' }, regulator);
    expect(status.data!.majorHazardStatus).toMatchObject({ sum: '1.000000', flagged: true, identifiedSince: null });

    clock.set('2026-11-26T09:15:00.000Z');
    expect((await runJob(db, clock, 'major-hazard-identification')).counts).toMatchObject({ identified: 1, flagged: 1 });
    const identified = await notices(NotificationKind.MAJOR_HAZARD_IDENTIFIED);
    expect(identified.map((n) => n.audience).sort()).toEqual(['ENTERPRISE', 'REGULATORS']);
    expect(identified[0].payload).toMatchObject({ enterprise: a.code, warehouseCode: 'W1', sum: '1.000000', flagged: true });
    // Still flagged an hour later: no new notice.
    clock.set('2026-11-26T10:15:00.000Z');
    expect((await runJob(db, clock, 'major-hazard-identification')).counts.identified).toBeUndefined();
    expect(await notices(NotificationKind.MAJOR_HAZARD_IDENTIFIED)).toHaveLength(2);

    const field = await api.run(`query($e: CreditCode!) { warehouses(enterprise: $e) { edges { node { code majorHazard { sum flagged identifiedSince } } } } }`, { e: a.code }, partner('FIRE_RESCUE'));
    expect(field.errors).toBeUndefined();
    expect(field.data!.warehouses.edges).toEqual([
      { node: { code: 'W1', majorHazard: { sum: '1.000000', flagged: true, identifiedSince: new Date('2026-11-26T09:15:00.000Z') } } },
      { node: { code: 'W2', majorHazard: { sum: '0.000000', flagged: false, identifiedSince: null } } },
    ]);

    await record(db, a.viewer, [outbound(a.product, { quantity: '500', occurredAt: '2026-11-26T10:10:00.000Z' })], undefined, at('2026-11-26T10:15:00.000Z'));
    clock.set('2026-11-26T11:15:00.000Z');
    expect((await runJob(db, clock, 'major-hazard-identification')).counts).toMatchObject({ cleared: 1 });
    expect(await db.orm.em.fork().findOneOrFail(MajorHazardFlag, { warehouse: { code: 'W1', enterprise: { creditCode: a.code } } })).toMatchObject({ flagged: false, sum: '0.900000' });
    expect(await notices(NotificationKind.MAJOR_HAZARD_CLEARED)).toHaveLength(2);
  });

  it('keeps volume units out of the sum, saying so', async () => {
    const product = await registerProduct(db.orm.em.fork(), b.code, 1381, Unit.L);
    await record(db, b.viewer, [inbound(product.traceCode, { unit: Unit.L, quantity: '9000', warehouse: 'W2', occurredAt: '2026-11-26T11:00:00.000Z' })], undefined, at('2026-11-26T11:15:00.000Z'));
    const status = await api.run(STATUS, { e: b.code, w: 'W2' }, enterpriseViewer(b.code));
    expect(status.data!.majorHazardStatus).toMatchObject({ sum: '0.000000', flagged: false, unconvertedChemicals: 1 });
  });

  it('is for regulators, the enterprise itself and FIRE_RESCUE only', async () => {
    expect(codes(await api.run(STATUS, { e: a.code, w: 'W1' }, enterpriseViewer(b.code)))).toEqual(['FORBIDDEN']);
    expect(codes(await api.run(STATUS, { e: a.code, w: 'W1' }, partner('MARKET_SUPERVISION')))).toEqual(['FORBIDDEN']);
    expect(codes(await api.run(STATUS, { e: a.code, w: 'W1' }))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await api.run(STATUS, { e: a.code, w: 'NOPE' }, regulator))).toEqual(['NOT_FOUND']);
  });
});

describe('ledger verification', () => {
  const ALERTS = `query($s: AlertSeverity, $e: CreditCode) { alerts(severity: $s, enterprise: $e, first: 100) { totalCount edges { node { id code severity status chain entrySeq entryHash chainFailure message activity chemical { serial } occurredAt entry { seq } } } } }`;

  it('verifies every chain nightly; a broken one raises one CRITICAL alert and one CRITICAL notice naming chain and seq', async () => {
    const intact = await runJob(db, clock, 'ledger-verification');
    expect(intact.counts).toMatchObject({ chains: 2, intact: 2 });
    expect(intact.counts.alertsRaised).toBeUndefined();
    await tamperEntries(db, `update ledger_entry set canonical = replace(canonical, '"1000.000"', '"1001.000"') where chain = $1 and seq = 2`, [a.code]);
    const broken = await runJob(db, clock, 'ledger-verification');
    expect(broken.counts).toMatchObject({ chains: 2, intact: 1, broken: 1, raised: 1, alertsRaised: 1 });
    const [notice] = await notices(NotificationKind.LEDGER_CHAIN_BROKEN);
    expect(notice).toMatchObject({ severity: NotificationSeverity.CRITICAL, audience: 'REGULATORS', payload: { chain: a.code, seq: 2, reason: 'HASH_MISMATCH' } });
    expect(notice.title).toContain(`${a.code} is broken at seq 2`);

    const [alert] = await db.orm.em.fork().find(Alert, { code: AlertCode.CHAIN_BROKEN }, { populate: ['enterprise', 'entry'] });
    const entry = await db.orm.em.fork().findOneOrFail(LedgerEntry, { chain: a.code, seq: 2 });
    expect(alert).toMatchObject({
      severity: AlertSeverity.CRITICAL,
      status: AlertStatus.OPEN,
      chain: a.code,
      entrySeq: 2,
      entryHash: entry.hash,
      chainFailure: 'HASH_MISMATCH',
      activity: null,
      chemical: null,
      occurredAt: null,
      raisedAt: clock.now(),
      enterprise: { creditCode: a.code },
      entry: { id: entry.id },
    });
    expect(notice.payload.alertId).toBe(alert.id);

    // The next nights find the same break: no second alert, no second notice.
    const again = await runJob(db, clock, 'ledger-verification');
    expect(again.counts).toMatchObject({ broken: 1 });
    expect(again.counts.raised).toBeUndefined();
    expect(again.counts.alertsRaised).toBeUndefined();
    expect(await notices(NotificationKind.LEDGER_CHAIN_BROKEN)).toHaveLength(1);
    expect(await db.orm.em.fork().count(Alert, { code: AlertCode.CHAIN_BROKEN })).toBe(1);

    // Regulators filter alerts by severity; the enterprise and partners do not see a broken chain.
    const critical = await api.run(ALERTS, { s: 'CRITICAL' }, regulator);
    expect(critical.errors).toBeUndefined();
    expect(critical.data!.alerts.edges.map((e: any) => e.node)).toEqual([
      {
        id: alert.id,
        code: 'CHAIN_BROKEN',
        severity: 'CRITICAL',
        status: 'OPEN',
        chain: a.code,
        entrySeq: 2,
        entryHash: entry.hash,
        chainFailure: 'HASH_MISMATCH',
        message: alert.message,
        activity: null,
        chemical: null,
        occurredAt: null,
        entry: { seq: 2 },
      },
    ]);
    const normal = await api.run(ALERTS, { s: 'NORMAL' }, regulator);
    expect(normal.data!.alerts.edges.every((e: any) => e.node.severity === 'NORMAL' && e.node.code !== 'CHAIN_BROKEN')).toBe(true);
    const byEnterprise = await api.run(`query($e: CreditCode!) { enterprise(creditCode: $e) { alerts(severity: CRITICAL) { totalCount } } }`, { e: a.code }, regulator);
    expect(byEnterprise.data!.enterprise.alerts.totalCount).toBe(1);
    expect((await api.run(ALERTS, { s: 'CRITICAL', e: a.code }, enterpriseViewer(a.code))).data!.alerts.totalCount).toBe(0);
    expect((await api.run(`{ alerts(code: CHAIN_BROKEN) { totalCount } }`, {}, partner('MARKET_SUPERVISION'))).data!.alerts.totalCount).toBe(0);

    // Regulators work it like any alert.
    const resolved = await api.run(`mutation($id: ID!) { resolveAlert(input: { alertId: $id, note: "从备份恢复并复核" }) { status severity } }`, { id: alert.id }, regulator);
    expect(resolved.data!.resolveAlert).toEqual({ status: 'RESOLVED', severity: 'CRITICAL' });
    // Resolved, the same break found again is still the same break: not raised again.
    expect((await runJob(db, clock, 'ledger-verification')).counts.alertsRaised).toBeUndefined();
  });

  it('a truncated chain is named by the seq past its end, with no entry', async () => {
    await superuser(db, async (client) => {
      await client.query(`update ledger_chain set last_seq = last_seq + 1 where chain = $1`, [b.code]);
    });
    const run = await runJob(db, clock, 'ledger-verification');
    expect(run.counts).toMatchObject({ broken: 2, alertsRaised: 1, raised: 1 });
    const alert = await db.orm.em.fork().findOneOrFail(Alert, { code: AlertCode.CHAIN_BROKEN, chain: b.code });
    const head = await db.orm.em.fork().findOneOrFail(LedgerChain, { chain: b.code });
    expect(alert).toMatchObject({ chainFailure: 'TRUNCATED', entrySeq: head.lastSeq, entry: null, entryHash: null, severity: AlertSeverity.CRITICAL });
    // Put the head back for the tests that follow.
    await superuser(db, async (client) => {
      await client.query(`update ledger_chain set last_seq = last_seq - 1 where chain = $1`, [b.code]);
    });
  });

  it('a version column changed against canonical v is a broken chain', async () => {
    await tamperEntries(db, `update ledger_entry set version = 2 where chain = $1 and seq = 1`, [b.code], { keepAgreement: true });
    const run = await runJob(db, clock, 'ledger-verification');
    expect(run.counts).toMatchObject({ broken: 2 });
    const alert = await db.orm.em.fork().findOneOrFail(Alert, { code: AlertCode.CHAIN_BROKEN, chain: b.code, chainFailure: 'CANONICAL_MISMATCH' });
    expect(alert).toMatchObject({ chainFailure: 'CANONICAL_MISMATCH', entrySeq: 1 });
    await tamperEntries(db, `update ledger_entry set version = 1 where chain = $1 and seq = 1`, [b.code], { keepAgreement: true });
  });
});

describe('triggered supervision', () => {
  it('proposes triggered inspections from overdue filings, expired licences with stock and complaints, within the yearly cap', async () => {
    // a: valid licence, stock, last movement 2026-11-26 → overdue 30 days later.
    await issueLicence(db.orm.em.fork(), at('2026-01-05T02:00:00.000Z'), a.code, { validFrom: '2026-01-05', validUntil: '2029-01-04' });
    // b: its only business licence expired on 2026-12-10 while stock remains.
    await issueLicence(db.orm.em.fork(), at('2026-01-05T02:00:00.000Z'), b.code, { type: LicenceType.HAZCHEM_BUSINESS, validFrom: '2026-01-05', validUntil: '2026-12-10' });
    await new SupervisionService(db.orm.em.fork(), clock).recordComplaint(regulator, { enterprise: b.code, channel: '12345 hotline', content: '夜间违规装卸', receivedAt: new Date('2026-12-01T01:00:00Z') });

    clock.set('2026-12-11T01:30:00.000Z');
    const early = await runJob(db, clock, 'triggered-supervision');
    // a is not yet overdue (15 days); b has an expired licence with stock and a complaint.
    expect(early.counts).toMatchObject({ enterprisesTriggered: 1, proposed: 2, inspectionsScheduled: 1 });
    const [bInspection] = await db.orm.em.fork().find(Inspection, { enterprise: { creditCode: b.code } });
    expect(bInspection).toMatchObject({ type: InspectionType.ALERT_TRIGGERED, scheduledDate: '2026-12-14', createdBy: 'job:triggered-supervision' });
    expect(bInspection.trigger).toContain('LICENCE_EXPIRED_WITH_STOCK');
    expect(bInspection.trigger).toContain('COMPLAINT');
    expect((await db.orm.em.fork().findOneOrFail(Complaint, { enterprise: { creditCode: b.code } })).status).toBe(ComplaintStatus.PROPOSED);

    // The same triggers never propose twice.
    const again = await runJob(db, clock, 'triggered-supervision');
    expect(again.counts.proposed).toBeUndefined();

    // 31 days after a's last movement: overdue filing.
    clock.set('2026-12-28T01:30:00.000Z');
    const overdue = await runJob(db, clock, 'triggered-supervision');
    expect(overdue.counts).toMatchObject({ proposed: 1, inspectionsScheduled: 1 });
    const proposals = await db.orm.em.fork().find(SupervisionProposal, {}, { orderBy: { id: 'asc' }, populate: ['enterprise'] });
    expect(proposals.map((p) => [p.enterprise.creditCode, p.reason, p.status])).toEqual([
      [b.code, ProposalReason.LICENCE_EXPIRED_WITH_STOCK, ProposalStatus.PROPOSED],
      [b.code, ProposalReason.COMPLAINT, ProposalStatus.PROPOSED],
      [a.code, ProposalReason.OVERDUE_FILING, ProposalStatus.PROPOSED],
    ]);
    expect(await notices(NotificationKind.SUPERVISION_PROPOSED)).toHaveLength(2);

    const list = await api.run(`{ supervisionProposals { totalCount edges { node { reason status inspectionCode enterprise { creditCode } } } } }`, {}, regulator);
    expect(list.errors).toBeUndefined();
    expect(list.data!.supervisionProposals.edges[2].node).toMatchObject({ reason: 'OVERDUE_FILING', status: 'PROPOSED', enterprise: { creditCode: a.code } });
    expect(list.data!.supervisionProposals.edges[2].node.inspectionCode).toHaveLength(13);
    expect(codes(await api.run(`{ supervisionProposals { totalCount } }`, {}, enterpriseViewer(a.code)))).toEqual(['FORBIDDEN']);
  });

  it('a new trigger at an enterprise with two inspections this year is CAPPED', async () => {
    // b's triggered inspection is still open, so a new complaint rides on it; cancel it and fill the cap.
    const em = db.orm.em.fork();
    await em.nativeUpdate(Inspection, { enterprise: { creditCode: b.code } }, { status: InspectionStatus.CANCELLED });
    // Two inspections in 2027 for b (the job would schedule on 2027-01-…).
    clock.set('2027-01-04T01:30:00.000Z');
    const svc = new SchedulingService(db.orm.em.fork(), clock);
    const base = { enterprise: b.code, type: InspectionType.EVENT_TRIGGERED, enforcingLevel: EnforcementLevel.DISTRICT, trigger: 'referral' };
    await svc.scheduleInspection(regulator, { ...base, scheduledDate: '2027-01-05' });
    await svc.scheduleInspection(regulator, { ...base, scheduledDate: '2027-01-06', justification: 'second referral' });
    // Both done: no open triggered inspection to carry a new trigger.
    await em.nativeUpdate(Inspection, { enterprise: { creditCode: b.code }, status: InspectionStatus.PLANNED }, { status: InspectionStatus.COMPLETED });
    await new SupervisionService(db.orm.em.fork(), clock).recordComplaint(regulator, { enterprise: b.code, channel: 'letter', content: '无证储存', receivedAt: new Date('2027-01-03T01:00:00Z') });
    const run = await runJob(db, clock, 'triggered-supervision');
    expect(run.counts).toMatchObject({ capped: 1 });
    const capped = await db.orm.em.fork().findOneOrFail(SupervisionProposal, { status: ProposalStatus.CAPPED });
    expect(capped).toMatchObject({ reason: ProposalReason.COMPLAINT, inspection: null });
    expect(capped.outcome).toContain('cap');
  });
});
