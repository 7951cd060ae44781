/**
 * Intake (docs/supervision.md, "Intake"): a monitoring platform's alarms over
 * authenticated HTTP, patrol findings and referrals by regulators, and the
 * triggered-supervision job proposing from them with the same cap rules.
 */
import { createHash } from 'node:crypto';
import pino from 'pino';
import { InspectionStatus, InspectionType } from '../../src/inspection/inspection.enums';
import { Inspection } from '../../src/inspection/inspection.entity';
import { loadConfig } from '../../src/config';
import { startHttpServer, RunningServer } from '../../src/server/http-server';
import { fixedClock } from '../../src/shared/clock';
import { IntakeSignal } from '../../src/supervision/intake-signal.entity';
import { ProposalReason, ProposalStatus } from '../../src/supervision/supervision.enums';
import { SupervisionProposal } from '../../src/supervision/supervision-proposal.entity';
import { codes, createTestApi, testSchema } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { creditCode, registerEnterprise, regulator } from '../support/fixtures';
import { inspectionInput, stages } from '../support/inspection-fixtures';
import { runJob } from '../support/supervision-fixtures';
import { findTriggers } from '../../src/supervision/triggered-supervision.job';

const KEY = 'monitoring-platform-key-0123456789';
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
let db: TestDatabase;
let server: RunningServer;
let api: Awaited<ReturnType<typeof createTestApi>>;
let base: string;
const clock = fixedClock('2026-12-10T01:30:00.000Z');

beforeAll(async () => {
  db = await openTestDatabase();
  const config = loadConfig({ NODE_ENV: 'production', JOBS_ENABLED: 'false', MONITORING_PLATFORM_KEYS: `区危化品监测平台:${sha(KEY)}` });
  server = await startHttpServer({ orm: db.orm, schema: await testSchema(), config, logger: pino({ level: 'silent' }), clock, jwtSecret: 'test-secret-test-secret-test-secret-0123' }, 0, '127.0.0.1');
  base = server.url.replace(/\/graphql$/, '');
  api = await createTestApi(db, { clock });
  for (const n of [71, 72, 73]) await registerEnterprise(db.orm.em, n);
});
afterAll(async () => {
  await api.stop();
  await server.stop();
  await db.close();
});

const alarm = (over: Record<string, unknown> = {}) => ({ alarmId: 'A-20261210-0001', enterprise: creditCode(71), sensor: '储罐区 可燃气体探测器 GT-03', reading: 38.5, threshold: 25, unit: '%LEL', occurredAt: '2026-12-10T01:10:00.000Z', ...over });
async function post(body: unknown, key: string | null = KEY) {
  const response = await fetch(`${base}/intake/alarms`, { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('monitoring alarms over HTTP', () => {
  it('are stored from a platform with its key, once (a resend is recognised)', async () => {
    const first = await post(alarm());
    expect(first).toMatchObject({ status: 201, body: { created: true } });
    const again = await post(alarm());
    expect(again).toMatchObject({ status: 200, body: { created: false, signalId: first.body.signalId } });
    const signal = await db.orm.em.fork().findOneOrFail(IntakeSignal, { id: String(first.body.signalId) });
    expect(signal).toMatchObject({ platform: '区危化品监测平台', sensor: '储罐区 可燃气体探测器 GT-03', reading: 38.5, threshold: 25, unit: '%LEL' });
  });

  it('refuses a caller without a known key, a reading that is not a number, an unknown enterprise, an alarm from the future; stores nothing', async () => {
    const before = await db.orm.em.fork().count(IntakeSignal, {});
    expect((await post(alarm({ alarmId: 'x1' }), null)).status).toBe(401);
    expect((await post(alarm({ alarmId: 'x2' }), 'not-the-key-0123456789')).status).toBe(401);
    expect(await post(alarm({ alarmId: 'x3', reading: '38' }))).toMatchObject({ status: 400, body: { code: 'BAD_USER_INPUT', field: 'reading' } });
    expect(await post(alarm({ alarmId: 'x4', enterprise: creditCode(79) }))).toMatchObject({ status: 404, body: { code: 'NOT_FOUND', field: 'enterprise' } });
    expect(await post(alarm({ alarmId: 'x5', occurredAt: '2026-12-11T00:00:00Z' }))).toMatchObject({ status: 400, body: { field: 'occurredAt' } });
    expect(await post(alarm({ alarmId: ' ' }))).toMatchObject({ status: 400, body: { field: 'alarmId' } });
    expect(await db.orm.em.fork().count(IntakeSignal, {})).toBe(before);
  });
});

describe('patrol findings and referrals', () => {
  const REFERRAL = `mutation($input: RecordReferralInput!) { recordReferral(input: $input) { id source referredBy } }`;
  it('are recorded by regulators only', async () => {
    const input = { enterprise: creditCode(72), detail: '消防部门检查发现违规储存', occurredAt: '2026-12-09T02:00:00.000Z', referredBy: '区消防救援支队' };
    expect(codes(await api.run(REFERRAL, { input }))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await api.run(REFERRAL, { input: { ...input, referredBy: ' ' } }, regulator))).toEqual(['BAD_USER_INPUT']);
    const referred = await api.run(REFERRAL, { input }, regulator);
    expect(referred.errors).toBeUndefined();
    expect(referred.data!.recordReferral).toMatchObject({ source: 'REFERRAL', referredBy: '区消防救援支队' });
    const patrol = await api.run(`mutation($input: RecordPatrolFindingInput!) { recordPatrolFinding(input: $input) { source } }`, { input: { enterprise: creditCode(73), detail: '夜间巡查发现违规装卸', occurredAt: '2026-12-09T14:00:00.000Z' } }, regulator);
    expect(patrol.errors).toBeUndefined();
  });
});

describe('the triggered-supervision job', () => {
  it('proposes from alarms, patrol findings and referrals once, within the yearly cap', async () => {
    // 73 already has two inspections in 2026-12's year: the cap.
    const s = stages(db.orm.em, clock).scheduling;
    await s.scheduleInspection(regulator, inspectionInput(creditCode(73), { scheduledDate: '2026-12-11' }));
    await s.scheduleInspection(regulator, inspectionInput(creditCode(73), { scheduledDate: '2026-12-12', justification: '再次投诉' }));
    // Both done: no open triggered inspection to carry the patrol finding.
    await db.orm.em.fork().nativeUpdate(Inspection, { enterprise: { creditCode: creditCode(73) } }, { status: InspectionStatus.COMPLETED });
    expect([...(await findTriggers(db.orm.em.fork(), clock.now(), 30)).keys()]).toHaveLength(3);
    const run = await runJob(db, clock, 'triggered-supervision');
    expect(run.counts).toMatchObject({ enterprisesTriggered: 3, inspectionsScheduled: 2 });
    const proposals = await db.orm.em.fork().find(SupervisionProposal, {}, { orderBy: { id: 'asc' }, populate: ['enterprise'] });
    expect(proposals.map((p) => [p.enterprise.creditCode, p.reason, p.status])).toEqual([
      [creditCode(71), ProposalReason.MONITORING_ALARM, ProposalStatus.PROPOSED],
      [creditCode(72), ProposalReason.REFERRAL, ProposalStatus.PROPOSED],
      [creditCode(73), ProposalReason.PATROL_FINDING, ProposalStatus.CAPPED],
    ]);
    const alarmed = await db.orm.em.fork().findOneOrFail(Inspection, { enterprise: { creditCode: creditCode(71) } });
    expect(alarmed.type).toBe(InspectionType.ALERT_TRIGGERED);
    expect(alarmed.trigger).toContain('MONITORING_ALARM');
    const referred = await db.orm.em.fork().findOneOrFail(Inspection, { enterprise: { creditCode: creditCode(72) } });
    expect(referred.type).toBe(InspectionType.EVENT_TRIGGERED);
    expect((await runJob(db, clock, 'triggered-supervision')).counts.proposed).toBeUndefined();
  });
});
