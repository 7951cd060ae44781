/**
 * Every query and subscription a regulator reads, by its area rule (test/access/read-area.ts, docs/access.md):
 * all the data is of enterprises in 高桥镇, and a TOWN regulator of 新桥镇 gets none of it (an empty list, its
 * own town's figures, FORBIDDEN naming the argument), while 高桥镇's TOWN regulator and a DISTRICT regulator
 * read it. A query or subscription of the schema missing from the table fails the last test.
 */
import fs from 'node:fs';
import path from 'node:path';
import { getMetadataStorage } from 'type-graphql';
import { mintToken } from '../../src/access/tokens';
import { Role, Viewer } from '../../src/access/viewer';
import { AssistanceService } from '../../src/inspection/assistance.service';
import { EvaluationService } from '../../src/inspection/evaluation.service';
import { NoPenaltyReason } from '../../src/inspection/inspection.enums';
import { PenaltyProcedureService } from '../../src/inspection/penalty-procedure.service';
import { PenaltyMeasure } from '../../src/inspection/penalty.enums';
import { TypicalCaseService } from '../../src/inspection/typical-case.service';
import { Alert } from '../../src/licensing/alert.entity';
import { AlertCode } from '../../src/licensing/licensing.enums';
import { Enterprise } from '../../src/registry/enterprise.entity';
import { EnforcementLevel } from '../../src/registry/registry.enums';
import { fixedClock, systemClock } from '../../src/shared/clock';
import { loadConfig } from '../../src/config';
import { LogIntegrator } from '../../src/ledger/log-integrator';
import { generateSigner } from '../../src/proof/signed-note';
import { notify } from '../../src/supervision/outbox';
import { RiskGradeChange } from '../../src/supervision/risk-grade.entity';
import { SupervisionProposal } from '../../src/supervision/supervision-proposal.entity';
import { NotificationAudience, NotificationKind, ProposalKind, ProposalReason, ProposalStatus, RiskGrade, SupervisionTreatment } from '../../src/supervision/supervision.enums';
import { codes, createTestApi, testSchema } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { feedClients } from '../support/feed-client';
import { creditCode, enterpriseViewer, partner, registerEnterprise, registerProduct, registerWarehouse, regulator } from '../support/fixtures';
import { SECRET, startTestServer } from '../support/http';
import { benchmarkRow, draftPlan, NOW, schedule, stages, startAndRecord } from '../support/inspection-fixtures';
import { issueLicence } from '../support/licensing-fixtures';
import { inbound, outbound, record } from '../support/ledger-fixtures';
import { Ids, QUERIES, READ_RULES, ReadRule, SUBSCRIPTIONS } from './read-area';

let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;
let http: Awaited<ReturnType<typeof startTestServer>>;
let feeds: ReturnType<typeof feedClients>;
const clock = fixedClock('2025-03-25T02:00:00Z');
const at = fixedClock(NOW);

const town = (subject: string, name: string): Viewer => ({ role: Role.REGULATOR, subject, level: EnforcementLevel.TOWN, town: name });
const XINQIAO = town('xinqiao', '新桥镇');
const GAOQIAO = town('gaoqiao', '高桥镇');
const DISTRICT: Viewer = { role: Role.REGULATOR, subject: 'district', level: EnforcementLevel.DISTRICT };
/** HERE and NEAR are DISTRICT enterprises of 高桥镇, holding every kind of data; THERE, a TOWN one of 新桥镇 (so out of the DISTRICT plan's draw), one event of each feed after theirs. */
const [HERE, NEAR, THERE] = [creditCode(2101), creditCode(2102), creditCode(2103)];
/** What only 高桥镇's data holds: its credit codes, its town, the texts the fixtures wrote. */
const MARKERS = [HERE, NEAR, '高桥镇', '高桥'];
const ids: Ids = { HERE };

beforeAll(async () => {
  db = await openTestDatabase();
  // The bureau's webhooks are read: their secrets are sealed under a key, as every server has one.
  api = await createTestApi(db, { clock, config: { webhooks: { ...loadConfig({ NODE_ENV: 'test' }).webhooks, secretKey: Buffer.alloc(32, 7) } } });
  http = await startTestServer(db);
  feeds = feedClients(http.base);
  const em = db.orm.em;
  const own = async (query: string, variables: Record<string, unknown> = {}, viewer: Viewer = DISTRICT) => {
    const result = await api.run<Record<string, { id: string }>>(query, variables, viewer);
    expect(result.errors).toBeUndefined();
    return Object.values(result.data!)[0]?.id;
  };

  for (const [n, name, level] of [[2101, '高桥镇', EnforcementLevel.DISTRICT], [2102, '高桥镇', EnforcementLevel.DISTRICT], [2103, '新桥镇', EnforcementLevel.TOWN]] as const) {
    const code = (await registerEnterprise(em, n, { town: name, keyUnit: true, enforcementLevel: level })).creditCode;
    await registerWarehouse(em, code);
  }
  // The register and the ledger: stock, movements, a shipment between 高桥镇's two, a chain to verify and trace.
  ids.product = (await registerProduct(em, HERE)).traceCode;
  await record(db, enterpriseViewer(HERE), [inbound(ids.product, { batch: 'L1', quantity: '100' })]);
  await record(db, enterpriseViewer(HERE), [outbound(ids.product, { batch: 'L1', quantity: '5', counterparty: NEAR, transportDoc: 'WB-1' })]);
  ids.licence = (await issueLicence(em, clock, HERE)).id;
  await own(`mutation($c: CreditCode!) { registerSpecialOperationCertificate(input: { enterprise: $c, holder: "王五", type: HAZCHEM_PROCESS, number: "GQ-1", reviewDate: "2026-01-01" }) { id } }`, { c: HERE });
  await own(`mutation($c: CreditCode!) { recordAccident(input: { enterprise: $c, severity: ORDINARY, description: "泄漏", occurredAt: "2025-03-20T02:00:00Z" }) { id } }`, { c: HERE });
  await own(`mutation($c: CreditCode!) { recordComplaint(input: { enterprise: $c, channel: "12345", content: "异味", receivedAt: "2025-03-20T02:00:00Z" }) { id } }`, { c: HERE });

  // Inspections: one with a notice and third-party advice, one closed as a typical case, evaluated by the enterprise.
  const noticed = await schedule(em, at, HERE, { scheduledDate: '2025-03-03' });
  await startAndRecord(em, at, noticed);
  ids.inspection = noticed.id;
  const benchmark = await benchmarkRow(em);
  await new PenaltyProcedureService(em.fork(), at).issueNotice(regulator, { inspectionId: noticed.id, benchmarkId: benchmark.id, factors: ['逾期未改正'], measures: [PenaltyMeasure.FINE], amountYuan: '30000', facts: '高桥报警器失效' });
  const organisation = await own(`mutation($c: CreditCode!) { admitThirdParty(input: { creditCode: $c, name: "某安全咨询公司", scope: "安全评价" }) { id } }`, { c: creditCode(2109) });
  await own(`mutation($id: ID!, $o: ID!) { recordThirdPartyAdvice(input: { inspectionId: $id, organisationId: $o, kind: RECOMMENDED, severity: GENERAL, description: "高桥建议", basis: "GB 15603" }) { id } }`, { id: noticed.id, o: organisation });
  const closed = await schedule(em, at, HERE, { scheduledDate: '2025-03-03', trigger: '再次举报', justification: '再次举报需核实' });
  await startAndRecord(em, at, closed);
  const s = stages(em, at);
  await s.inspections.completeInspection(regulator, closed.id);
  await new EvaluationService(em.fork(), clock).evaluateInspection(enterpriseViewer(HERE), { code: closed.code, rating: 2, comment: '高桥评价' });
  await s.penalties.recordPenaltyDecision(regulator, { inspectionId: closed.id, penalized: false, noPenaltyReason: NoPenaltyReason.FIRST_OFFENCE });
  await s.inspections.closeInspection(regulator, closed.id);
  await new TypicalCaseService(em.fork(), at).record(regulator, { inspectionId: closed.id, title: '高桥案例', summary: '首违不罚', significance: '说理式执法' });

  // Supervision: a grade, a proposal, an assistance request, departments' tasks (two departments: a joint visit).
  const fork = em.fork();
  const here = await fork.findOneOrFail(Enterprise, { creditCode: HERE });
  const there = await fork.findOneOrFail(Enterprise, { creditCode: THERE });
  fork.create(RiskGradeChange, { enterprise: here, grade: RiskGrade.C, score: 60, treatment: SupervisionTreatment.PROACTIVE_HELP, reasons: [], windowStart: new Date(NOW), gradedAt: new Date(NOW) } as never);
  fork.create(SupervisionProposal, { enterprise: here, kind: ProposalKind.EVENT_TRIGGERED, reason: ProposalReason.COMPLAINT, detail: '高桥投诉', status: ProposalStatus.PROPOSED, dedupeKey: 'gq-1', createdAt: new Date(NOW) } as never);
  await fork.flush();
  await new AssistanceService(em.fork(), at).request(regulator, { fromLevel: EnforcementLevel.DISTRICT, toLevel: EnforcementLevel.TOWN, enterprise: HERE, matter: '核查高桥夜间装卸', dueDate: '2025-03-20' });
  for (const department of ['FIRE_RESCUE', 'PUBLIC_SECURITY']) {
    await own(`mutation($c: CreditCode!) { planDepartmentTask(input: { enterprise: $c, month: "2025-03", matter: "检查" }) { id } }`, { c: HERE }, partner(department));
  }

  // A DISTRICT plan drafted over every town, and a draw from it not yet published.
  ids.plan = (await draftPlan(em, at, EnforcementLevel.DISTRICT, 2025)).id;
  ids.draw = await own(`mutation($p: ID!) { announceRandomDraw(input: { planId: $p, count: 1, roster: ["张伟", "李娜"], scheduledFrom: "2025-05-06", scheduledTo: "2025-05-30" }) { id } }`, { p: ids.plan });
  await own(`mutation($id: ID!) { performRandomDraw(id: $id) { id } }`, { id: ids.draw });

  // The feeds: 高桥镇's alert, notice and entry come first, 新桥镇's after.
  for (const enterprise of [here, there]) {
    const alerts = em.fork();
    alerts.create(Alert, { code: AlertCode.OVER_CAPACITY, enterprise: alerts.getReference(Enterprise, enterprise.id), chain: enterprise.creditCode, entrySeq: 1, message: '超量储存' } as never);
    await alerts.flush();
    await notify(em.fork(), { audience: NotificationAudience.REGULATORS, enterpriseId: enterprise.id, kind: NotificationKind.MAJOR_HAZARD_IDENTIFIED, title: `${enterprise.town}重大危险源`, payload: {}, dedupeKey: enterprise.creditCode }, new Date());
  }
  const thereProduct = (await registerProduct(em, THERE)).traceCode;
  await record(db, enterpriseViewer(THERE), [inbound(thereProduct, { batch: 'L1', quantity: '1' })]);
  await new LogIntegrator(em.fork(), generateSigner('test.example/ledger'), systemClock).integrate();
});
afterAll(async () => {
  await feeds.dispose();
  await http.stop();
  await api.stop();
  await db.close();
});

const holds = (answer: unknown, markers = MARKERS) => markers.some((m) => JSON.stringify(answer).includes(m));
const bounded = (rule: ReadRule) => !['PUBLIC', 'REFERENCE', 'ACCOUNTS'].includes(rule);
const rows = QUERIES.filter(([, rule]) => bounded(rule)).map(([name, rule, query, variables, field, marker]) => [name, rule, query!, () => variables?.(ids) ?? {}, field, marker ? [marker] : MARKERS] as const);

describe.each(rows)('%s (%s)', (_name, rule, query, variables, field, markers) => {
  it("gives a TOWN regulator of another town none of 高桥镇's data", async () => {
    const result = await api.run(query, variables(), XINQIAO);
    if (rule === 'NAMED' || rule === 'DEPLOYMENT') {
      expect(codes(result)).toEqual(['FORBIDDEN']);
      expect(result.errors![0].extensions!.field).toBe(field);
    } else {
      expect(result.errors).toBeUndefined();
      expect(holds(result.data, markers)).toBe(false);
    }
  });

  it('gives it to 高桥镇\u2019s TOWN regulator and to a DISTRICT regulator', async () => {
    for (const viewer of rule === 'DEPLOYMENT' ? [DISTRICT] : [GAOQIAO, DISTRICT]) {
      const result = await api.run(query, variables(), viewer);
      expect(codes(result)).not.toContain('FORBIDDEN');
      if (rule !== 'NAMED' && rule !== 'DEPLOYMENT') expect(holds(result.data, markers)).toBe(true);
    }
    if (rule === 'DEPLOYMENT') expect(codes(await api.run(query, variables(), GAOQIAO))).toEqual(['FORBIDDEN']);
  });
});

describe.each(SUBSCRIPTIONS.map(([name, , query]) => [name, query!] as const))('the %s subscription', (_name, query) => {
  it("gives a TOWN regulator of another town its own town's events, not 高桥镇's", async () => {
    const token = (viewer: Viewer) => mintToken(SECRET, { ...(viewer as { subject: string; level: EnforcementLevel; town?: string }), role: Role.REGULATOR, expiresInSeconds: 600 });
    const [first] = await feeds.take(feeds.connect(await token(XINQIAO)), query, 1);
    expect(JSON.stringify(first)).toContain(THERE);
    for (const viewer of [GAOQIAO, DISTRICT]) {
      const [theirs] = await feeds.take(feeds.connect(await token(viewer)), query, 1);
      expect(holds(theirs)).toBe(true);
    }
  });
});

it('the table holds every query and subscription of the schema, and docs/access.md shows it', async () => {
  await testSchema();
  const storage = getMetadataStorage();
  expect(QUERIES.map(([name]) => name).sort()).toEqual(storage.queries.map((q) => q.schemaName).sort());
  expect(SUBSCRIPTIONS.map(([name]) => name).sort()).toEqual(storage.subscriptions.map((q) => q.schemaName).sort());
  const doc = fs.readFileSync(path.resolve(__dirname, '../../docs/access.md'), 'utf8');
  for (const [rule, meaning] of Object.entries(READ_RULES)) expect(doc).toContain(`| \`${rule}\` | ${meaning} |`);
  for (const [name, rule] of QUERIES) expect(doc).toContain(`| \`${name}\` | ${rule} |`);
  for (const [name, rule] of SUBSCRIPTIONS) expect(doc).toContain(`| \`${name}\` (subscription) | ${rule} |`);
});
